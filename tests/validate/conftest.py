"""Fixtures of the validation tests: one compiled validator per run, and
tei_all when the team's reference folder is at hand."""
from __future__ import annotations

import pytest
from lxml import etree

from pipeline.validate import Validator
from validate_support import TEI_ALL


@pytest.fixture(scope="session")
def validator() -> Validator:
    return Validator()


@pytest.fixture(scope="session")
def tei_all():
    """The full TEI P5 grammar (compiling it takes some seconds: once per run)."""
    if not TEI_ALL.is_file():
        pytest.skip("tei_all.rng is not available (../shared/schemas-ref)")
    return etree.RelaxNG(etree.parse(str(TEI_ALL)))
