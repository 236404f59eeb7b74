"""The build and the ``edition`` command: layout, report, exit status, bad input."""
from __future__ import annotations

import json
import os
import re
from pathlib import Path

from pipeline.cli import main
from pipeline.build.manifest import read_report

GOOD = "571. Memorandum, Washington, August 3, 19601\n\nA letter2 was sent.\n\n  1. Source: Files.\n  2. Not found.\n"


def volume(tmp_path: Path, files: dict[str, bytes | str], name="vol") -> Path:
    folder = tmp_path / name
    folder.mkdir(parents=True)
    for fname, data in files.items():
        (folder / fname).write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return folder


def test_one_volume_folder_gives_tei_per_text_and_a_report(tmp_path, capsys):
    src = volume(tmp_path, {"d571.txt": GOOD, "persons.txt": "List of Persons\n", "terms.txt": "List\n"})
    out = tmp_path / "out"
    assert main(["build", str(src), "--out", str(out)]) == 0
    assert sorted(p.name for p in (out / "tei").iterdir()) == ["d571.xml"]
    report = read_report(out)
    assert report["volumes"][0]["documents"][0]["id"] == "d571"


def test_a_folder_of_volumes_gives_a_folder_per_volume(tmp_path):
    volume(tmp_path / "src", {"d571.txt": GOOD}, "frus-a")
    volume(tmp_path / "src", {"d2.txt": GOOD.replace("571.", "2.")}, "frus-b")
    out = tmp_path / "out"
    assert main(["build", str(tmp_path / "src"), "--out", str(out)]) == 0
    assert (out / "tei" / "frus-a" / "d571.xml").exists() and (out / "tei" / "frus-b" / "d2.xml").exists()


def test_bad_documents_are_reported_and_do_not_stop_the_others(tmp_path, capsys):
    src = volume(tmp_path, {
        "d1.txt": "",
        "d2.txt": b"2. Heading\n\ncaf\xe9\n",
        "d3.txt": GOOD.replace("571.", "3."),
        "d4.txt": "4. Heading only",
        "d5.txt": "5. Head1\n\nNo marker [Page here.\n\n  1. Source: X.\n  2. Orphan.\n",
    })
    out = tmp_path / "out"
    status = main(["build", str(src), "--out", str(out)])
    err = capsys.readouterr().err
    assert status == 1
    assert sorted(p.name for p in (out / "tei").iterdir()) == ["d3.xml", "d4.xml", "d5.xml"]
    assert f"{src / 'd1.txt'}:1:1: error: the file is empty" in err
    assert f"{src / 'd2.txt'}:3:4: error: bytes e9 are not valid UTF-8" in err
    assert f"{src / 'd4.txt'}:1:1: warning: the document has a heading but no text" in err
    assert f"{src / 'd5.txt'}:3:11: warning: “[Page” without" in err
    assert f"{src / 'd5.txt'}:6:3: warning: footnote 2 has no marker" in err
    assert "5 documents: 5 encoded, 0 reused, 2 failed; 3 warnings; 2 errors" in err
    report = read_report(out)
    written = {d["source"].rsplit("/", 1)[1]: d["written"] for d in report["volumes"][0]["documents"]}
    assert written == {"d1.txt": False, "d2.txt": False, "d3.txt": True, "d4.txt": True, "d5.txt": True}


def test_the_orphan_note_is_written_at_the_end_of_its_document(tmp_path):
    src = volume(tmp_path, {"d5.txt": "5. Head1\n\nText.\n\n  1. Source: X.\n  2. Orphan.\n"})
    main(["build", str(src), "--out", str(tmp_path / "out")])
    xml = (tmp_path / "out" / "tei" / "d5.xml").read_text()
    assert '<note n="2" xml:id="d5fn2">Orphan.</note>\n      </div>' in xml


def test_strict_makes_warnings_fatal(tmp_path):
    src = volume(tmp_path, {"d4.txt": "4. Heading only"})
    assert main(["build", str(src), "--out", str(tmp_path / "a")]) == 0
    assert main(["build", str(src), "--out", str(tmp_path / "b"), "--strict"]) == 1


def test_an_encoding_option_for_older_files(tmp_path):
    src = volume(tmp_path, {"d2.txt": "2. Caf\u00e9 talks\n\nText.".encode("latin-1")})
    assert main(["build", str(src), "--out", str(tmp_path / "o"), "--encoding", "latin-1"]) == 0
    assert "Café talks" in (tmp_path / "o" / "tei" / "d2.xml").read_text()


def test_two_texts_with_the_same_document_id(tmp_path, capsys):
    src = volume(tmp_path, {"d571.txt": GOOD, "571.txt": GOOD})
    assert main(["build", str(src), "--out", str(tmp_path / "o")]) == 1
    assert "document id d571 is also the id of" in capsys.readouterr().err
    assert len(list((tmp_path / "o" / "tei").iterdir())) == 1
    [refused] = [d for d in read_report(tmp_path / "o")["volumes"][0]["documents"]
                 if not d["written"]]
    assert refused["messages"][-1]["related"]["file"] in {str(src / "d571.txt"), str(src / "571.txt")}


def test_no_texts_is_a_usage_error(tmp_path, capsys):
    (tmp_path / "empty").mkdir()
    assert main(["build", str(tmp_path / "empty"), "--out", str(tmp_path / "o")]) == 2
    assert main(["build", str(tmp_path / "missing"), "--out", str(tmp_path / "o")]) == 2


def test_encode_one_file(tmp_path, capsys):
    src = volume(tmp_path, {"d571.txt": GOOD})
    assert main(["encode", str(src / "d571.txt"), "-o", str(tmp_path / "d571.xml")]) == 0
    assert 'xml:id="d571fn2"' in (tmp_path / "d571.xml").read_text()
    assert main(["encode", str(src / "d571.txt")]) == 0
    assert capsys.readouterr().out.startswith("<?xml")


def test_encode_refuses_bad_input_and_writes_nothing(tmp_path):
    src = volume(tmp_path, {"d1.txt": ""})
    assert main(["encode", str(src / "d1.txt"), "-o", str(tmp_path / "d1.xml")]) == 1
    assert not (tmp_path / "d1.xml").exists()


def test_pins_next_to_the_text_are_applied(tmp_path):
    text = "1. Head\n\nthe letter2 and the memo2 too.\n\n  1. A.\n  2. B.\n"
    src = volume(tmp_path, {"d1.txt": text, "d1.pins.toml": '[[note]]\nnumber = 2\nafter = "the memo"\n'})
    main(["build", str(src), "--out", str(tmp_path / "o")])
    xml = (tmp_path / "o" / "tei" / "d1.xml").read_text()
    assert 'the memo<note n="2" xml:id="d1fn2">B.</note>' in xml


def test_invalid_pins_are_an_error(tmp_path, capsys):
    src = volume(tmp_path, {"d1.txt": GOOD, "d1.pins.toml": "[[note]\n"})
    assert main(["build", str(src), "--out", str(tmp_path / "o")]) == 1
    assert "pins-invalid" in capsys.readouterr().err


def test_the_output_folder_never_replaces_the_texts_or_foreign_files(tmp_path, capsys):
    src = volume(tmp_path, {"d571.txt": GOOD})
    assert main(["build", str(src), "--out", str(src)]) == 2
    assert main(["build", str(src), "--out", str(tmp_path)]) == 2
    mine = tmp_path / "mydocs"
    mine.mkdir()
    (mine / "thesis.txt").write_text("mine")
    assert main(["build", str(src), "--out", str(mine)]) == 2
    assert (src / "d571.txt").exists() and (mine / "thesis.txt").read_text() == "mine"
    assert "no build wrote" in capsys.readouterr().err
    assert main(["build", str(src), "--out", str(tmp_path / "new")]) == 0
    assert main(["build", str(src), "--out", str(tmp_path / "new")]) == 0  # its own earlier build is fine


def test_a_broken_volume_toml_is_reported_and_the_other_volumes_built(tmp_path, capsys):
    volume(tmp_path / "src", {"d571.txt": GOOD, "volume.toml": 'id = "a\n'}, "broken")
    volume(tmp_path / "src", {"d2.txt": GOOD.replace("571.", "2.")}, "fine")
    assert main(["build", str(tmp_path / "src"), "--out", str(tmp_path / "o")]) == 1
    err = capsys.readouterr().err
    assert f"{tmp_path / 'src' / 'broken' / 'volume.toml'}:1:8: error: " in err and "[volume-toml]" in err
    assert (tmp_path / "o" / "tei" / "d2.xml").exists()
    # the report says so too
    volumes = read_report(tmp_path / "o")["volumes"]
    [left_out] = [v for v in volumes if v["id"] is None]
    assert left_out["source"] == str(tmp_path / "src" / "broken") and left_out["documents"] == []
    [message] = left_out["messages"]
    assert (message["code"], message["line"], message["column"]) == ("volume-toml", 1, 8)
    assert message["file"] == str(tmp_path / "src" / "broken" / "volume.toml")


def test_an_unreadable_persons_list_is_an_error_not_a_crash(tmp_path, capsys):
    src = volume(tmp_path, {"d571.txt": GOOD, "persons.txt": b"List of Persons\n\n  \xe2\x80\xa2 Smith, John, Caf\xe9 owner\n"})
    assert main(["build", str(src), "--out", str(tmp_path / "o")]) == 1
    assert "persons.txt: bytes that are not valid UTF-8" in capsys.readouterr().err
    assert (tmp_path / "o" / "tei" / "d571.xml").exists()


def test_odd_file_names_are_written_safely_into_the_tei(tmp_path):
    src = volume(tmp_path, {"d\x01.txt": "Heading\n\nText.\n"})
    assert main(["build", str(src), "--out", str(tmp_path / "o"), "--no-site"]) == 0
    assert '<idno type="source-file">d\ufffd.txt</idno>' in (tmp_path / "o" / "tei" / "d\x01.xml").read_text()


def test_page_ids_are_plain_xml_ids(tmp_path):
    src = volume(tmp_path, {"d1.txt": "1. Head\n\nText [Page 12½] more.\n"})
    assert main(["build", str(src), "--out", str(tmp_path / "o"), "--no-site"]) == 0
    assert '<pb n="12½" xml:id="pg_12_"/>' in (tmp_path / "o" / "tei" / "d1.xml").read_text()


def test_an_unknown_encoding_is_a_usage_error(tmp_path, capsys):
    src = volume(tmp_path, {"d571.txt": GOOD})
    assert main(["build", str(src), "--out", str(tmp_path / "o"), "--encoding", "no-such-codec"]) == 2
    assert "no such encoding" in capsys.readouterr().err


def test_a_document_that_now_fails_leaves_no_old_page_behind(tmp_path):
    src = volume(tmp_path, {"d571.txt": GOOD, "d2.txt": GOOD.replace("571.", "2.")})
    out = tmp_path / "o"
    assert main(["build", str(src), "--out", str(out), "--no-search"]) == 0
    assert (out / "site" / "vol" / "d2.html").exists()
    (src / "d2.txt").write_bytes(b"")
    assert main(["build", str(src), "--out", str(out), "--no-search"]) == 1
    assert not (out / "tei" / "d2.xml").exists() and not (out / "site" / "vol" / "d2.html").exists()
    assert (out / "site" / "vol" / "d571.html").exists()


def test_a_file_name_that_is_not_utf8_is_built_and_reported_safely(tmp_path):
    src = volume(tmp_path, {"d2.txt": GOOD.replace("571.", "2.")})
    (src / os.fsdecode(b"d3\xff.txt")).write_text("3. Head\n\nText.\n")
    out = tmp_path / "o"
    assert main(["build", str(src), "--out", str(out), "--no-search"]) == 0
    assert (out / "site" / "vol" / "d3.html").exists() and (out / "site" / "vol" / "d3.xml").exists()
    report = read_report(out)
    assert len(report["volumes"][0]["documents"]) == 2


def test_encode_validates_like_the_build(tmp_path, capsys):
    src = volume(tmp_path, {"d1.txt": "1. Head\n\nText [Page 12] more [Page 11] end.\n"})
    assert main(["encode", str(src / "d1.txt"), "-o", str(tmp_path / "d1.xml")]) == 1
    assert "page 11 comes after page 12" in capsys.readouterr().err
    assert not (tmp_path / "d1.xml").exists()


def test_a_clean_builds_workers_hash_what_they_read_as_a_rebuild_does(tmp_path, capsys):
    # a clean build leaves each document's key to the worker that reads it; a
    # rebuild hashes first, and must find the same keys: nothing changed
    texts = {f"d{i}.txt": GOOD.replace("571.", f"{i}.") for i in range(1, 11)}
    src = volume(tmp_path, {**texts, "d3.pins.toml": ""})
    out = tmp_path / "out"
    for jobs in ("2", "1"):
        args = ["build", str(src), "--out", str(out), "--jobs", jobs, "--no-search"]
        assert main([*args, "--full"]) == 0
        capsys.readouterr()
        assert main(args) == 0
        assert "10 documents: 0 encoded, 10 reused, 0 failed; 0 warnings" in capsys.readouterr().err


PROJECT = Path(__file__).resolve().parents[2]


def test_editing_the_tools_rebuilds_nothing_and_editing_the_encoder_everything(tmp_path):
    """The code key covers what shapes the outputs: the package and its data,
    not the benchmark under tools/. Run on a copy of the project, so that its
    files can be edited."""
    import shutil
    import subprocess
    import sys

    copy = tmp_path / "project"
    for name in ("pipeline", "schemas", "xslt", "templates", "tools"):
        shutil.copytree(PROJECT / name, copy / name, ignore=shutil.ignore_patterns("__pycache__"))
    src = volume(tmp_path, {"d571.txt": GOOD, "d572.txt": GOOD.replace("571.", "572.")})

    def build() -> dict:
        env = dict(os.environ, PYTHONPATH=str(copy))  # the copy's code, before the installed one
        done = subprocess.run([sys.executable, "-m", "pipeline.cli", "build", str(src), "--out", str(tmp_path / "out"),
                               "--jobs", "1", "--no-search"], cwd=copy, env=env, capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        assert str(copy / "pipeline") in subprocess.run(  # the copy's package is the one that ran
            [sys.executable, "-c", "import pipeline; print(pipeline.__file__)"], cwd=copy, env=env,
            capture_output=True, text=True).stdout
        # the closing line: a build that changes nothing leaves report.json as it was
        return {"encoded": int(re.search(r"(\d+) encoded", done.stderr).group(1))}

    assert build()["encoded"] == 2
    with open(copy / "tools" / "bench" / "table.py", "a", encoding="utf-8") as f:
        f.write("# an edit of the benchmark\n")
    assert build()["encoded"] == 0
    with open(copy / "pipeline" / "parser.py", "a", encoding="utf-8") as f:
        f.write("# an edit of the encoder\n")
    assert build()["encoded"] == 2
