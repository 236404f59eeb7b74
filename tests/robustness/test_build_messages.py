"""What a build tells: the closing line counts documents encoded, reused and
failed and every warning, a volume's included; a rebuild tells the messages
of what it encoded again and counts those carried over; --strict and
report.json count a volume's warnings too."""
from __future__ import annotations

import json
from pathlib import Path

from pipeline.cli import main
from pipeline.build.manifest import read_report

TEXTS = {
    "d1.txt": "1. Memorandum, Washington, August 3, 1960\n\nThe Secretary spoke.\n\n"
              "As reported in Document 999, the talks went on.\n",  # a reference out of the volume
    "d2.txt": "2. Telegram, Washington, August 4, 1960\n\nNothing new.\n",
    "d3.txt": "3. Telegram, Washington, August 5, 1960\n",  # a heading alone
}


def volume(tmp_path: Path) -> Path:
    src = tmp_path / "vol"
    src.mkdir()
    for name, text in TEXTS.items():
        (src / name).write_text(text, encoding="utf-8")
    return src


def build(capsys, src: Path, out: Path, *extra) -> tuple[int, list[str]]:
    capsys.readouterr()
    status = main(["build", str(src), "--out", str(out), "--jobs", "1", "--no-search", *extra])
    return status, capsys.readouterr().err.splitlines()


def test_a_rebuild_tells_what_it_did(tmp_path, capsys):
    src, out = volume(tmp_path), tmp_path / "out"
    status, lines = build(capsys, src, out)
    assert status == 0
    assert lines[-1] == "3 documents: 3 encoded, 0 reused, 0 failed; 2 warnings"
    assert any("[ref-outside-volume]" in line for line in lines)
    assert any(line.startswith(f"{src / 'd3.txt'}:1:1: warning") for line in lines)

    # nothing changed: nothing told again, all counted
    status, lines = build(capsys, src, out)
    assert (status, lines) == (0, ["3 documents: 0 encoded, 3 reused, 0 failed; 2 warnings (2 unchanged)"])

    # one text edited: its messages are told, the others' counted
    (src / "d3.txt").write_text(TEXTS["d3.txt"] + "\n[Page\n", encoding="utf-8")
    status, lines = build(capsys, src, out)
    assert status == 0
    assert lines[-1] == "3 documents: 1 encoded, 2 reused, 0 failed; 2 warnings (1 unchanged)"
    assert len(lines) == 2 and "[page-marker-broken]" in lines[0] and lines[0].startswith(f"{src / 'd3.txt'}:")

    report = read_report(out)
    assert report["counts"] == {"documents": 3, "encoded": 1, "reused": 2, "failed": 0, "warnings": 2, "errors": 0}


def test_strict_counts_a_volumes_warnings(tmp_path, capsys):
    texts = volume(tmp_path)
    (texts / "d3.txt").unlink()  # left: a volume-level warning alone
    status, lines = build(capsys, texts, tmp_path / "out", "--strict")
    assert status == 1 and lines[-1] == "2 documents: 2 encoded, 0 reused, 0 failed; 1 warning"
    report = read_report(tmp_path / "out")
    assert report["counts"]["warnings"] == 1
    status, _ = build(capsys, texts, tmp_path / "out")
    assert status == 0


def test_a_volume_files_problem_names_the_text_it_comes_from(tmp_path, capsys):
    """The warning found in the generated volume file is told at its text's
    line and column; the volume file's place is its second location."""
    src, out = volume(tmp_path), tmp_path / "out"
    status, lines = build(capsys, src, out)
    assert f"{src / 'd1.txt'}:5:16: warning: ref points to \"#d999\"" in "\n".join(lines)
    report = read_report(out)
    [message] = report["volumes"][0]["messages"]
    assert (message["file"], message["line"], message["column"]) == (str(src / "d1.txt"), 5, 16)
    related = message["related"]
    assert related["file"] == "volumes/vol.xml"
    generated = (out / related["file"]).read_text(encoding="utf-8").splitlines()[related["line"] - 1]
    assert generated[related["column"] - 1:].startswith('<ref target="#d999"')
    # on the review page, with the text around it
    page = (out / "site" / "review" / "vol" / "index.html").read_text(encoding="utf-8")
    assert "vol/d1.txt:5:16" in page and "Also at <span class=\"review-where\">volumes/vol.xml:" in page


def test_a_volume_files_problem_whose_words_repeat_is_placed_by_encoding_its_text_again(tmp_path, capsys):
    """Words that stand once in the text give the place at once; words that
    stand twice do not say which is meant, and the text is encoded again to
    find each element's own paragraph."""
    src, out = volume(tmp_path), tmp_path / "out"
    (src / "d1.txt").write_text("1. Memorandum, Washington, August 3, 1960\n\nSee Document 999 first.\n\n"
                                "The Secretary spoke.\n\nAnd Document 999 again.\n", encoding="utf-8")
    status, lines = build(capsys, src, out)
    assert status == 0
    told = [line.split(": warning")[0] for line in lines if "[ref-outside-volume]" in line]
    assert told == [f"{src / 'd1.txt'}:3:5", f"{src / 'd1.txt'}:7:5"]
