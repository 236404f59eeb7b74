"""Issue 26: a rebuild costs in proportion to the change. It stages and swaps
in only the parts it changes (the folders of the volumes it builds again and
the edition-level files it writes), never the volumes it keeps; a swap cut
short is completed from its journal by the next build."""
from __future__ import annotations

import pytest

from pipeline.build import staging
from robust_support import run_edition, stray_files, write_volume

TEXT = "{n}. Telegram From the Embassy\n\nWashington, May {n}, 1960.\n\nText of document {n}.\n"


def volumes(src):
    for vid in ("frusA", "frusB"):
        write_volume(src / vid, {"volume.toml": f'id = "{vid}"\ntitle = "Volume {vid}"\n',
                                 **{f"d{n}.txt": TEXT.format(n=n) for n in range(1, 13)}})


def test_a_rebuild_swaps_in_only_the_volume_it_built_again(tmp_path):
    src, out = tmp_path / "src", tmp_path / "out"
    volumes(src)
    assert run_edition("build", src, "--out", out, "--jobs", 1).status == 0
    kept = {p: p.stat().st_ino for p in (out / "tei" / "frusA", out / "site" / "frusA", out / "volumes" / "frusA.xml")}
    built = {p: p.stat().st_ino for p in (out / "tei" / "frusB", out / "site" / "frusB", out / "volumes" / "frusB.xml")}
    (src / "frusB" / "d2.txt").write_text(TEXT.format(n=2) + "\nA paragraph added.\n", encoding="utf-8")
    again = run_edition("build", src, "--out", out, "--jobs", 1)
    assert again.status == 0 and again.report["counts"]["encoded"] == 1
    assert {p: p.stat().st_ino for p in kept} == kept
    assert all(p.stat().st_ino != ino for p, ino in built.items())
    assert "A paragraph added." in (out / "tei" / "frusB" / "d2.xml").read_text(encoding="utf-8")
    assert stray_files(tmp_path) == []


@pytest.mark.parametrize("cut_after", [0, 1, 3])
def test_a_swap_cut_short_is_completed_by_the_next_build(tmp_path, monkeypatch, cut_after):
    """The build is stopped (as by a kill) after ``cut_after`` folders were
    exchanged: the output is then completed from the journal, exactly."""
    src, out, full = tmp_path / "src", tmp_path / "out", tmp_path / "full"
    volumes(src)
    assert run_edition("build", src, "--out", out, "--jobs", 1).status == 0
    for vid in ("frusA", "frusB"):
        (src / vid / "d1.txt").write_text(TEXT.format(n=1) + "\nEdited.\n", encoding="utf-8")
    exchange, done = staging._exchange, []

    def cut(a, b):
        if len(done) == cut_after:
            raise KeyboardInterrupt("killed during the swap")
        done.append(b)
        return exchange(a, b)

    monkeypatch.setattr(staging, "_exchange", cut)
    from pipeline.build import build
    with pytest.raises(KeyboardInterrupt):
        build(src, out, echo=lambda line: None, jobs=1)
    assert (tmp_path / ".out.staging" / staging.JOURNAL).is_file()
    monkeypatch.setattr(staging, "_exchange", exchange)
    staging.recover(out)
    assert not (tmp_path / ".out.staging").exists()
    assert run_edition("build", src, "--out", full, "--jobs", 1, "--full").status == 0
    for vid in ("frusA", "frusB"):
        assert "Edited." in (out / "tei" / vid / "d1.xml").read_text(encoding="utf-8")
    assert files(out) == files(full)


def files(out):
    """The build's files (the names of Pagefind's hold a hash of where it ran) and the TEI's bytes."""
    return {p.relative_to(out).as_posix(): p.read_bytes() if p.suffix == ".xml" else None
            for p in out.rglob("*") if p.is_file() and "pagefind" not in p.parts}


def test_a_small_rebuild_is_done_without_worker_processes(tmp_path, monkeypatch):
    """Starting workers costs more than a few documents: an edit is rebuilt in the build's own process."""
    src, out = tmp_path / "src", tmp_path / "out"
    volumes(src)
    assert run_edition("build", src, "--out", out, "--jobs", 1).status == 0
    (src / "frusA" / "d3.txt").write_text(TEXT.format(n=3) + "\nA paragraph added.\n", encoding="utf-8")
    from pipeline.build import build, pool

    def no_pool(*args, **kwargs):
        raise AssertionError("a worker pool was started")

    monkeypatch.setattr(pool, "ProcessPoolExecutor", no_pool)
    assert build(src, out, echo=lambda line: None, jobs=2) == 0
    assert ": 0 encoded, " in run_edition("build", src, "--out", out, "--jobs", 2).err  # nothing left to do
    assert "A paragraph added." in (out / "tei" / "frusA" / "d3.xml").read_text(encoding="utf-8")


def test_a_rebuild_that_changes_nothing_writes_nothing(tmp_path):
    """Not even report.json: it stays the report of the build that made the
    output (rewriting it would cost a rebuild of the whole series more than
    finding that nothing changed); the closing line says what this run did."""
    src, out = tmp_path / "src", tmp_path / "out"
    volumes(src)
    assert run_edition("build", src, "--out", out, "--jobs", 1).status == 0

    def files():
        return {p: (p.stat().st_ino, p.stat().st_mtime_ns) for p in out.rglob("*")}
    before = files()
    again = run_edition("build", src, "--out", out, "--jobs", 1)
    assert again.status == 0 and again.err.splitlines()[-1].startswith("24 documents: 0 encoded, 24 reused")
    assert files() == before
    assert again.report["counts"]["encoded"] == 24


def test_a_volume_s_own_messages_stay_out_of_the_head(tmp_path):
    """Every rebuild reads the manifest's head: it holds a volume's counts, and
    its own messages (its front matter's, its volume file's) have a file of
    their own, from which report.json gives a kept volume's as they were."""
    src, out = tmp_path / "src", tmp_path / "out"
    volumes(src)
    (src / "frusA" / "persons.txt").write_text("- %%% not a person\n", encoding="utf-8")
    first = run_edition("build", src, "--out", out, "--jobs", 1)
    [before] = [v["messages"] for v in first.report["volumes"] if v["id"] == "frusA"]
    assert [m["code"] for m in before] == ["person-unparsed"]
    head = (out / ".manifest.json").read_text(encoding="utf-8")
    assert "person-unparsed" not in head and '"volume_warnings": 1' in head
    (src / "frusB" / "d2.txt").write_text(TEXT.format(n=2) + "\nA paragraph added.\n", encoding="utf-8")
    again = run_edition("build", src, "--out", out, "--jobs", 1)
    assert again.report["counts"]["encoded"] == 1
    assert [v["messages"] for v in again.report["volumes"] if v["id"] == "frusA"] == [before]
    assert again.report["counts"]["warnings"] == first.report["counts"]["warnings"]


@pytest.mark.parametrize("change", ["code", "one edit"])
def test_a_rebuild_holds_one_volume_s_previous_entries_at_a_time(tmp_path, monkeypatch, change):
    """A new version of the code changes every volume: its rebuild reads each
    volume's previous entries when it needs them and lets them go, never the
    edition's at once, and reads no text to plan (no key can match); the
    result is the clean build's."""
    import gc
    import importlib
    import weakref

    from pipeline.build import build, keys
    plan = importlib.import_module("pipeline.build.plan")  # the module (the package gives its function by that name)

    src, out, full = tmp_path / "src", tmp_path / "out", tmp_path / "full"
    for vid in ("frusA", "frusB", "frusC"):
        write_volume(src / vid, {"volume.toml": f'id = "{vid}"\ntitle = "Volume {vid}"\n',
                                 **{f"d{n}.txt": TEXT.format(n=n) for n in range(1, 5)}})
    assert build(src, out, echo=lambda line: None, jobs=1) == 0
    if change == "code":
        code_key = keys.code_key()
        monkeypatch.setattr(keys, "code_key", lambda: code_key + "-next")
    else:
        (src / "frusB" / "d2.txt").write_text(TEXT.format(n=2) + "\nEdited.\n", encoding="utf-8")
    loaded, alive = [], []
    load_volume = plan.load_volume

    def counted(root, vid):
        entries = load_volume(root, vid)
        gc.collect()
        alive.append(sum(ref() is not None for ref in loaded))
        loaded.extend(weakref.ref(e) for e in entries.values())
        return entries

    hashed = []
    source_key = keys.source_key
    monkeypatch.setattr(plan, "load_volume", counted)
    monkeypatch.setattr(keys, "source_key", lambda *args: hashed.append(args[2]) or source_key(*args))
    assert build(src, out, echo=lambda line: None, jobs=1) == 0
    assert len(alive) == (6 if change == "code" else 2)  # read to plan, and again at the volume's turn
    assert max(alive) <= 4  # no more than one volume's entries
    # to plan, only the texts of a volume whose keys may match are read (the workers hash what they read)
    assert len(hashed) == (0 if change == "code" else 4)
    monkeypatch.undo()
    assert build(src, full, echo=lambda line: None, jobs=1, incremental=False) == 0
    assert files(out) == files(full)
