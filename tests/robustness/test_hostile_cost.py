"""Finding 5: texts made to be expensive. Growth is measured by ``make
bench-hostile``; these tests check the shapes that made it superlinear, by
memory and by results, never by time."""
from __future__ import annotations

import sys
import tracemalloc
from pathlib import Path

from lxml import etree

from pipeline.model import Text
from pipeline.resolve import Candidate, Option, place
from pipeline.validate import Validator

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tools"))
import bench_hostile  # noqa: E402


def _candidates(n: int) -> list[Candidate]:
    return [Candidate(0, 0, k, k + 1, 0.5, "x", [Option(k + 1, 1, 0.0)]) for k in range(n)]


def _peak(count: int, cands) -> int:
    tracemalloc.start()
    try:
        place(cands, count)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_placement_memory_is_linear_in_the_notes():
    """Every state reached used to be carried on, unplaced, into every later layer."""
    small, large = _peak(250, _candidates(250)), _peak(1000, _candidates(1000))
    assert large < 7 * small, (small, large)  # four times the notes; it was sixteen times the memory


def test_placement_leaves_notes_unplaced_after_the_last_marker():
    choice = place(_candidates(30), 400)
    assert [c for c in choice if c is not None] == [(k, 0) for k in range(30)]
    assert choice[30:] == [None] * 370


def test_position_of_offsets_in_a_text_of_many_lines():
    text = Text("ab\ncd\n\nef", 10, 5)
    assert [text.position(k) for k in (0, 2, 3, 4, 6, 7, 8, 9)] == [
        (10, 5), (10, 7), (11, 1), (11, 2), (12, 1), (13, 1), (13, 2), (13, 3)]
    text.text = "x\ny"  # a changed text is indexed again
    assert text.position(2) == (11, 1)


def test_a_long_run_of_page_breaks_is_valid(tmp_path):
    """The pattern once had two stars that could each take a run's pb."""
    tei = tmp_path / "d1.xml"
    assert bench_hostile.run(bench_hostile.pages_own_line(3000), tmp_path, timeout=600)[3] == 0
    root = etree.parse(str(tei)).getroot()
    assert len(root.findall(".//{http://www.tei-c.org/ns/1.0}pb")) == 3000
    assert [p for p in Validator().check(tei) if p.level == "error"] == []


def test_many_inline_markers_are_all_written(tmp_path):
    assert bench_hostile.run(bench_hostile.pages_inline(3000), tmp_path, timeout=600)[3] == 0
    tree = etree.parse(str(tmp_path / "d1.xml"))
    pbs = tree.findall(".//{http://www.tei-c.org/ns/1.0}p/{http://www.tei-c.org/ns/1.0}pb")
    assert [pb.get("n") for pb in pbs] == [str(k) for k in range(1, 3001)]
