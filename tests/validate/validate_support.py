"""Paths shared by the validation tests (a uniquely named module: test folders
here are not packages, so a plain "conftest" import would be ambiguous)."""
from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).resolve().parent
FIXTURES = HERE / "fixtures"
REPO = HERE.parents[1]
TEI_ALL = REPO / "../shared/schemas-ref/tei_all.rng"
# The seeds' expected TEI: the repository's copy, and the team's when present.
SEEDS_EXPECTED = sorted((REPO / "tests/fixtures/expected").glob("*.xml")) + sorted(
    (REPO / "../shared/seeds/expected").glob("*.xml"))
