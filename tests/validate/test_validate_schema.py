"""The RelaxNG schema: in step with its compact source, accepting what the
pipeline writes, and (with tei_all at hand) a subset of TEI P5."""
from __future__ import annotations

import pytest
from lxml import etree

from pipeline import safexml
from pipeline.validate import SCHEMAS

from validate_support import FIXTURES, SEEDS_EXPECTED, TEI_ALL

VALID = sorted((FIXTURES / "valid").glob("*.xml"))
INVALID = sorted((FIXTURES / "invalid").glob("*.xml"))
TEI = "{http://www.tei-c.org/ns/1.0}"
FRUS = "{http://history.state.gov/frus/ns/1.0}"


@pytest.fixture(scope="module")
def relaxng():
    return etree.RelaxNG(etree.parse(str(SCHEMAS / "edition.rng")))


def test_rng_is_generated_from_rnc():
    rnc2rng = pytest.importorskip("rnc2rng", reason="rnc2rng (a development tool) is not installed")
    generated = rnc2rng.dumps(rnc2rng.loads((SCHEMAS / "edition.rnc").read_text(encoding="utf-8")))
    committed = (SCHEMAS / "edition.rng").read_text(encoding="utf-8")
    assert generated.strip() == committed.strip(), \
        "schemas/edition.rng is out of date: run  python -m rnc2rng schemas/edition.rnc schemas/edition.rng"


def test_seeds_are_found():
    assert SEEDS_EXPECTED, "no expected TEI of the seeds found"


@pytest.mark.parametrize("path", SEEDS_EXPECTED + VALID, ids=lambda p: p.name)
def test_schema_accepts(relaxng, path):
    tree = safexml.parse_path(path)[0]
    assert relaxng.validate(tree), relaxng.error_log


@pytest.mark.parametrize("path", SEEDS_EXPECTED + VALID, ids=lambda p: p.name)
def test_tei_all_accepts_what_the_schema_accepts(tei_all, path):
    tree = safexml.parse_path(path)[0]
    assert tei_all.validate(tree), tei_all.error_log


@pytest.mark.parametrize("path", [p for p in INVALID if p.name.startswith("relaxng-")], ids=lambda p: p.name)
def test_schema_rejects(relaxng, path):
    assert not relaxng.validate(safexml.parse_path(path)[0])


def test_frus_date_attributes_are_refused_like_tei_all_refuses_them(tei_all, relaxng):
    """tei_all allows no attribute from another namespace on a div, so the
    FRUS doc-dateTime attributes are not written (the span goes into the
    header) and the edition schema refuses them too."""
    tree = safexml.parse_path(FIXTURES / "valid/document-full.xml")[0]
    div = tree.find(f".//{TEI}div[@type='document']")
    div.set(f"{FRUS}doc-dateTime-min", "1958-05-23T00:00:00-05:00")
    assert not tei_all.validate(tree)
    assert not relaxng.validate(tree)


def test_every_element_the_schema_names_is_tei(tei_all):
    """Every element name in the edition's grammar is declared by tei_all."""
    ns = {"r": "http://relaxng.org/ns/structure/1.0"}
    names = "//r:element/@name | //r:element/r:name/text()"
    ours = set(etree.parse(str(SCHEMAS / "edition.rng")).xpath(names, namespaces=ns))
    theirs = set(etree.parse(str(TEI_ALL)).xpath(names, namespaces=ns))
    assert ours and ours <= theirs, sorted(ours - theirs)

