"""Every rule fires on its own broken fixture, at the line it names.

Each fixture in fixtures/invalid/ says what it expects in its second line:
``<!-- expect: code@line code@line -->``. The problems found must be exactly
those, and each one's formatted message must begin with file:line:column."""
from __future__ import annotations

import re

import pytest
from lxml import etree

from pipeline import safexml
from pipeline.schematron import compile_to_xslt
from pipeline.validate import SCHEMAS, VOLUME_PHASE
from validate_support import FIXTURES, SEEDS_EXPECTED

INVALID = sorted((FIXTURES / "invalid").glob("*.xml"))
VALID = sorted((FIXTURES / "valid").glob("*.xml"))
WARNINGS = {"ref-outside-volume", "page-repeated"}


def expectations(path) -> set[tuple[str, int]]:
    m = re.search(r"<!-- expect: (.*?) -->", path.read_text(encoding="utf-8"))
    assert m, f"{path.name} does not say what it expects"
    return {(code, int(line)) for code, line in (item.split("@") for item in m.group(1).split())}


def schematron_ids() -> set[str]:
    sch = etree.parse(str(SCHEMAS / "edition.sch"))
    ns = {"sch": "http://purl.oclc.org/dsdl/schematron"}
    return set(sch.xpath("//sch:assert/@id | //sch:report/@id", namespaces=ns))


def test_every_rule_has_a_fixture():
    covered = {code for path in INVALID for code, _ in expectations(path)}
    assert schematron_ids() - covered == set()


def test_every_rule_has_an_id():
    sch = etree.parse(str(SCHEMAS / "edition.sch"))
    ns = {"sch": "http://purl.oclc.org/dsdl/schematron"}
    assert not sch.xpath("//sch:assert[not(@id)] | //sch:report[not(@id)]", namespaces=ns)


@pytest.mark.parametrize("path", INVALID, ids=lambda p: p.stem)
def test_rule_fires_at_its_line(validator, path):
    problems = validator.check(path)
    assert {(p.code, p.line) for p in problems} == expectations(path), [p.format() for p in problems]
    for p in problems:
        assert p.column is not None and p.column >= 1
        assert p.format().startswith(f"{path}:{p.line}:{p.column}: {p.level}: ")
        assert p.level == ("warning" if p.code in WARNINGS else "error")
        assert "⟨" not in p.text  # every node a message names was turned into a line


def volume_phase_ids() -> set[str]:
    """The assertion ids of the patterns the volume phase runs."""
    sch = etree.parse(str(SCHEMAS / "edition.sch"))
    ns = {"sch": "http://purl.oclc.org/dsdl/schematron"}
    active = sch.xpath(f"//sch:phase[@id = '{VOLUME_PHASE}']/sch:active/@pattern", namespaces=ns)
    return {i for a in active for i in sch.xpath(f"//sch:pattern[@id = '{a}']//sch:*[self::sch:assert or "
                                                  "self::sch:report]/@id", namespaces=ns)}


def test_the_volume_phase_keeps_the_rules_across_documents():
    ids = volume_phase_ids()
    assert {"id-unique", "corresp-resolves", "ref-outside-volume", "page-order", "document-order",
            "rendition-declared", "div-head"} <= ids
    assert not ids & {"note-id-prefix", "note-space-before", "date-iso", "date-from-to"}


@pytest.mark.parametrize("path", INVALID, ids=lambda p: p.stem)
def test_the_volume_phase_reports_the_grammar_and_its_own_rules_only(validator, path):
    kept = volume_phase_ids() | {"relaxng"}
    problems = validator.check(path, phase=VOLUME_PHASE)
    assert {(p.code, p.line) for p in problems} == {(c, n) for c, n in expectations(path) if c in kept}


@pytest.mark.parametrize("path", VALID + SEEDS_EXPECTED, ids=lambda p: p.name)
def test_valid_files_raise_nothing(validator, path):
    assert [p.format() for p in validator.check(path)] == []


def test_messages_name_the_other_node(validator):
    [problem] = [p for p in validator.check(FIXTURES / "invalid/page-order.xml")]
    assert "page 40 comes after page 41 (at line 16, column 17)" in problem.text


def test_same_rules_on_a_tree_use_its_source_lines(validator):
    """Trees from the encoder carry the plain text's lines, and no column."""
    tree = safexml.parse_path(FIXTURES / "invalid/note-space-before.xml")[0]
    for node in tree.iter():
        node.sourceline = 1000 + (node.sourceline or 0)
    [problem] = validator.check(tree, "d1.txt")
    assert (problem.line, problem.column, problem.code) == (1017, None, "note-space-before")
    assert problem.format().startswith("d1.txt:1017: error: white space before footnote 3")


def test_consecutive_notes_may_be_spaced(validator):
    text = (FIXTURES / "invalid/note-space-before.xml").read_text(encoding="utf-8")
    assert '</note> <note n="2"' in text  # the allowed case sits in the same fixture, one line up


def test_the_stylesheet_keeps_first_rule_priority():
    """ISO: within a pattern a node meets only its first matching rule."""
    xslt = compile_to_xslt(etree.parse(str(SCHEMAS / "edition.sch")).getroot())
    ns = {"xsl": "http://www.w3.org/1999/XSL/Transform"}
    pointers = xslt.xpath("//xsl:template[starts-with(@match, 'tei:persName') or starts-with(@match, 'tei:gloss')"
                          " or starts-with(@match, 'tei:ref')]/@priority", namespaces=ns)
    assert [int(p) for p in pointers] == sorted((int(p) for p in pointers), reverse=True)
    assert len(set(pointers)) == len(pointers)
