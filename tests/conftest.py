"""Markers, so that a quick loop can leave the slow parts out:
``pytest -m "not browser and not slow"``. ``make test`` runs everything.

- ``browser``: every test under tests/browser (a real browser, chromium);
- ``slow``: every test under tests/robustness and tests/fuzz (whole builds,
  generated corpora, property and fuzz runs), every test that needs a whole
  build of the seeds or the full TEI schema, and the single tests below.
"""
from __future__ import annotations

from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent
FOLDERS = {"browser": "browser", "robustness": "slow", "fuzz": "slow"}
# fixtures (and fixture parameters) that take seconds: TEI-all, a build of seeds/
SLOW_FIXTURES = {"tei_all", "seeds_site"}
SLOW_PARAMS = {("any_site", "seeds")}
# single tests and modules, by path below tests/ (a prefix of the test's id)
SLOW_TESTS = (
    "encoder/test_build.py",  # each test runs a build through the command
    "encoder/test_resolve.py::test_place_handles_many_notes_quickly",
    "encoder/test_resolve.py::test_many_numbers_among_many_markers",
    "encoder/test_resolve.py::test_four_digit_markers_after_a_word_in_long_documents",
    "package/test_package_volume.py::test_volume_is_valid_tei",
    "publish/test_site.py::test_html_is_valid",  # the Nu HTML Checker, in Java
    "publish/test_volumefile.py::test_html_is_valid",
    "publish/test_volumefile.py::test_every_dev_volume_publishes_whole",  # the dev corpus's volume files
    "annotate/test_annot_lossless.py::test_annotation_only_wraps",  # a property test
    "encoder/test_forms.py::test_any_text_encodes_to_valid_tei",  # a property test
    "annotate/test_annot_gold.py",  # encodes and scores the dev corpus
    "publish/test_review.py",  # builds the seeds and the dev corpus, twice
)


def _slow(item, where: str) -> bool:
    params = getattr(getattr(item, "callspec", None), "params", {})
    return (where.startswith(SLOW_TESTS) or not SLOW_FIXTURES.isdisjoint(item.fixturenames)
            or any(params.get(name) == value for name, value in SLOW_PARAMS))


def pytest_collection_modifyitems(config, items):
    for item in items:
        path = Path(str(item.path)).resolve()
        if not path.is_relative_to(TESTS):
            continue
        rel = path.relative_to(TESTS)
        mark = FOLDERS.get(rel.parts[0])
        if mark is None and _slow(item, rel.as_posix() + "::" + item.name):
            mark = "slow"
        if mark:
            item.add_marker(getattr(pytest.mark, mark))
