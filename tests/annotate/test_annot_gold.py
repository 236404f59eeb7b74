"""The issue's targets, measured on the shared gold with the shared scorer
(skipped where ../shared is not beside the project)."""
from __future__ import annotations

from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[3] / "shared"
pytestmark = pytest.mark.skipif(not (SHARED / "eval" / "score.py").is_file(), reason="no shared gold corpus")


@pytest.fixture(scope="module")
def figures(tmp_path_factory):
    import devscore
    return {name: report for name, report, *_ in devscore.evaluate(SHARED, work=tmp_path_factory.mktemp("gold"))}


def test_text_is_untouched(figures):
    assert all(r["text_exact"] == 1.0 for r in figures.values())


def test_seeds(figures):
    r = figures["seeds"]
    assert r["persName"]["f1"] >= 0.95
    assert r["date_when_recall"] >= 0.95 and r["date_precision"] >= 0.95


def test_list_of_persons_volume(figures):
    r = figures["frus1958-60v05"]
    assert r["persName"]["f1"] >= 0.90
    assert r["linking"]["f1"] >= 0.95
    assert r["gloss"]["f1"] >= 0.90


def test_datelines(figures):
    r = figures["frus1941v06"]
    assert r["date_when_recall"] >= 0.97
    assert r["placeName"]["f1"] >= 0.97
