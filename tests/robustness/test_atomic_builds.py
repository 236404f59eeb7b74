"""Issue 7: builds are atomic and exclusive.

An interrupted build (SIGKILL at several points, in full and in incremental
builds) leaves the previous output exactly as it was, and the next build
succeeds; a build into a folder another build holds is refused with status 2.
The corpus is generated from the seed volumes by ``tools.bench.corpus.make_corpus``.
"""
from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from tools.bench.corpus import add_paragraph, make_corpus
from robust_support import cli_env, edition_cmd, run_edition, stray_files, write_volume

SIZE = 240
EDIT = "A paragraph added after the previous build."


def snapshot(out: Path) -> dict[str, str]:
    """Every file under OUT (hidden ones too) and a hash of its bytes."""
    return {p.relative_to(out).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(out.rglob("*")) if p.is_file()}


def edit(texts: list[Path]) -> None:
    for path in texts:
        add_paragraph(path, EDIT)


class Build(subprocess.Popen):
    """A build in a subprocess; what it prints goes to a file, so it never blocks on a full pipe."""

    def __init__(self, src: Path, out: Path, *extra):
        self.log = tempfile.TemporaryFile()
        # its own process group, so that the workers it spawns are killed with it
        super().__init__(edition_cmd("build", src, "--out", out, *extra), env=cli_env(),
                         stdout=subprocess.DEVNULL, stderr=self.log, start_new_session=True)

    def printed(self) -> str:
        self.log.seek(0)
        return self.log.read().decode("utf-8", "replace")[-3000:]


def start_build(src: Path, out: Path, *extra) -> Build:
    return Build(src, out, *extra)


def wait_for(path: Path, proc: Build, timeout: float = 60, content: str | None = None) -> None:
    """Until ``path`` exists (holding ``content``, when given) while ``proc`` runs."""
    end = time.monotonic() + timeout
    while True:
        try:
            if path.exists() and (content is None or path.read_text() == content):
                return
        except OSError:
            pass
        assert proc.poll() is None, f"the build ended before {path.name} appeared: {proc.printed()}"
        assert time.monotonic() < end, f"{path} never appeared"
        time.sleep(0.002)


def written(staging: Path, out: Path) -> int:
    """How many TEI files this build has written into its staging folder so far:
    those that are not the previous build's (an incremental build's staging
    folder starts as hard links to it, so an untouched file is the same inode)."""
    count = 0
    try:
        paths = list((staging / "tei").rglob("*.xml"))
    except FileNotFoundError:  # not made yet, or the build has just swapped it into place
        return 0
    for path in paths:
        try:
            ino = path.stat().st_ino
        except OSError:  # renamed into place meanwhile
            continue
        try:
            count += ino != (out / path.relative_to(staging)).stat().st_ino
        except OSError:
            count += 1
    return count


def wait_for_progress(staging: Path, out: Path, proc: Build, target: int, timeout: float = 300) -> None:
    """Until the build has written ``target`` TEI files, while it runs."""
    end = time.monotonic() + timeout
    while written(staging, out) < target:
        assert proc.poll() is None, f"the build ended before writing {target} TEI files: {proc.printed()}"
        assert time.monotonic() < end, f"the build wrote fewer than {target} TEI files in {timeout} s"
        time.sleep(0.01)


def kill(proc: Build) -> int:
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    proc.log.close()
    return proc.returncode


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    src = tmp_path_factory.mktemp("atomic") / "src"
    make_corpus(src, SIZE, per_volume=80)
    return src


def test_an_interrupted_build_leaves_the_previous_output_and_the_next_one_succeeds(corpus, tmp_path):
    out = tmp_path / "out"
    staging, lock = tmp_path / ".out.staging", tmp_path / ".out.lock"
    first = start_build(corpus, out)
    wait_for(lock, first, content=str(first.pid))
    assert first.wait(timeout=300) == 0, first.printed()
    first.log.close()
    previous = snapshot(out)
    assert sum(1 for k in previous if k.startswith("tei/")) == SIZE

    texts = sorted(corpus.rglob("d*.txt"))
    # killed at several moments of a full build (as soon as it has made its
    # staging folder, after its first TEI file, half of them, all of them:
    # then the volume files, pages and search index are being written), then
    # of an incremental one (whose staging folder starts as hard links to the
    # previous output, and which encodes only the edited documents); before
    # each, a few more documents change, so that every build has real work.
    # Each moment is one the build is seen to reach, however busy the machine.
    edited = len(texts[::12])
    for k, (extra, progress) in enumerate(((("--full",), 0), (("--full",), 1), (("--full",), SIZE // 2),
                                           (("--full",), SIZE), ((), edited // 2))):
        edit(texts[k::12])
        proc = start_build(corpus, out, *extra)
        wait_for(lock, proc, content=str(proc.pid))
        wait_for(staging, proc)
        wait_for_progress(staging, out, proc, progress)
        assert kill(proc) == -signal.SIGKILL, f"the build ended before it was killed: {proc.printed()}"
        now = snapshot(out)
        if now != previous:
            # killed after the swap, while the process was exiting: then OUT must
            # hold the whole new build, never a mixture
            assert not staging.exists(), f"the previous output changed (killed after {progress} TEI files {extra})"
            assert sum(1 for key in now if key.startswith("tei/")) == SIZE
            assert all(EDIT in (out / "tei" / p.parent.name / f"{p.stem}.xml").read_text(encoding="utf-8")
                       for p in texts[k::12])
            previous = now
        assert not list(out.rglob("*.tmp"))

    # the next build takes over the dead build's lock, and a build started meanwhile is refused
    assert lock.exists()  # left by the killed build, with its dead process id
    proc = start_build(corpus, out)
    wait_for(lock, proc, content=str(proc.pid))
    meanwhile = run_edition("build", corpus, "--out", out)
    assert meanwhile.status == 2 and "another build" in meanwhile.err
    assert proc.wait(timeout=300) == 0, proc.printed()
    proc.log.close()
    after = snapshot(out)
    assert sum(1 for k in after if k.startswith("tei/")) == SIZE
    for path in texts[::12][:5]:
        volume = path.parent.name
        assert EDIT in (out / "tei" / volume / f"{path.stem}.xml").read_text(encoding="utf-8")
    assert not staging.exists() and not lock.exists() and stray_files(tmp_path) == []


def test_a_build_into_a_folder_held_by_a_live_build_is_refused(tmp_path, edition):
    src = write_volume(tmp_path / "vol", {"d1.txt": "1. Heading\n\nText.\n"})
    out = tmp_path / "out"
    assert edition("build", src, "--out", out, "--jobs", 1).status == 0
    before = snapshot(out)
    holder = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"])
    try:
        lock = tmp_path / ".out.lock"
        lock.write_text(str(holder.pid))
        refused = edition("build", src, "--out", out, "--jobs", 1)
        assert refused.status == 2
        assert str(out) in refused.err and str(holder.pid) in refused.err and "another build" in refused.err
        assert snapshot(out) == before
        assert lock.read_text() == str(holder.pid)  # the holder's lock is left alone
    finally:
        holder.kill()
        holder.wait()
    # a lock whose process is gone is taken over
    again = edition("build", src, "--out", out, "--jobs", 1)
    assert again.status == 0, again.err
    assert not lock.exists() and stray_files(tmp_path) == []
