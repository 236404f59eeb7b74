"""Finding 4 (and the uncapped warnings of 5): one extreme document is refused
at its place, the others are built, the report stays small, and the next
incremental build works."""
from __future__ import annotations

import shutil

import pytest

from robust_support import PROJECT, run_edition

HEAD = "Telegram\n\nThe Ambassador in Brazil (Caffery) to the Secretary of State\n\nRio, November 26, 1941.\n\n"
HOSTILE = {
    "d1.txt": (HEAD + "Text.\n\n" + "".join("  " * k + "  • item\n" for k in range(60)) + "\nEnd.\n",
               "d1.txt:29:1: error: lists nested more than 20 deep [limit-depth]"),
    "d2.txt": (HEAD + "Text [Page " + "7" * 5000 + "] more.\n\nEnd.\n",
               "d2.txt:7:6: error: a page number of 5000 characters (at most 20) [limit-number]"),
    "d3.txt": ("1" * 300 + ". Telegram\n\n" + HEAD + "Text.\n",
               "d3.txt:1:1: error: a document number of 300 characters (at most 20) [limit-number]"),
}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("limits")
    vol = tmp / "vol"
    vol.mkdir()
    shutil.copy(PROJECT / "seeds" / "frus1941v06" / "d333.txt", vol / "d333.txt")
    for name, (text, _) in HOSTILE.items():
        (vol / name).write_text(text, encoding="utf-8")
    (vol / "d4.txt").write_bytes(HEAD.encode() + b"\0" * 200_000 + b"\n")
    return vol, tmp / "out", run_edition("build", vol, "--out", tmp / "out", "--no-search")


def test_each_limit_is_an_error_at_its_place(built):
    vol, out, outcome = built
    assert outcome.status == 1
    for name, (_, expected) in HOSTILE.items():
        assert str(vol / expected) in outcome.err.splitlines(), (name, outcome.err[-3000:])
    assert (out / "tei" / "d333.xml").is_file()  # the good document is built
    assert not list(out.parent.glob(".*.staging"))


def test_messages_are_capped_with_one_summary_line(built):
    vol, out, outcome = built
    d4 = [line for line in outcome.err.splitlines() if line.startswith(str(vol / "d4.txt"))]
    assert len(d4) == 1001
    assert d4[-1].endswith("199000 more messages not shown (0 of them errors); the first 1000 are [messages-capped]")
    assert len(outcome.document("d4.txt")["messages"]) == 1001
    assert sum(f.stat().st_size for f in [out / "report.json", *(out / "report").iterdir()]) < 2_000_000


def test_the_next_incremental_build_works(built):
    vol, out, _ = built
    (vol / "d333.txt").write_text((vol / "d333.txt").read_text(encoding="utf-8") + "\nAn added line.\n",
                                  encoding="utf-8")
    again = run_edition("build", vol, "--out", out, "--no-search")
    assert again.status == 1 and "Traceback" not in again.err
    assert "5 documents: 1 encoded, 4 reused, 3 failed" in again.err, again.err[-500:]
