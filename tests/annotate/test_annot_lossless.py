"""Property: annotation only wraps text. Whatever the text, its characters stay
the same and in order, no element is lost, nothing is wrapped twice, no white
space is put before a note, and every pointer resolves."""
from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from pipeline.annotate import AnnotateContext, annotate
from pipeline.report import Reporter


TEI = "http://www.tei-c.org/ns/1.0"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
SEMANTIC = {"persName", "placeName", "date", "gloss", "ref"}

PIECES = st.sampled_from([
    "Mr. ", "Rubottom", "Ambassador ", "Briggs", "Dulles", "John Foster ", "(", ")", "Secretary of State ",
    "Kubitschek", " de Oliviera", "López Mateos", "R. R. ", ", Jr.", "May", " may ", "White House", "Hill",
    "August 2", "August 3, 1960", "30 June 1959", "February 25–26, 1959", "November 1944", "–", "—", ", ",
    ". ", " ", "  ", "\n", "611.37/8–360", "telegram 1699", "7 p.m.", "IMF", "ARA/REA", "OPA–I", "UN", "S/P",
    "Document 578", "Documents 38 and 42", "p. 315", "Foreign Relations, 1955–1957, vol. VII, ", "pp. 684 ff.",
    "Drafted by ", "called on ", "Roa", " said", "the ", "Washington, ", "[", "]", "é", "’s", "Dr. ",
])
TEXT = st.lists(PIECES, max_size=14).map("".join)


@st.composite
def documents(draw):
    """A document div: a heading with a source note, a dateline, paragraphs with notes, a list."""
    div = etree.Element(f"{{{TEI}}}div", {"type": "document", XML_ID: "d1"}, nsmap={None: TEI})

    def block(parent, tag):
        el = etree.SubElement(parent, f"{{{TEI}}}{tag}")
        el.text = draw(TEXT)
        for i in range(draw(st.integers(0, 2))):
            note = etree.SubElement(el, f"{{{TEI}}}note", {"n": str(i + 1), XML_ID: f"d1fn{i + 1}"})
            note.text = draw(TEXT)
            note.tail = draw(TEXT)
        return el

    block(div, "head")
    etree.SubElement(etree.SubElement(div, f"{{{TEI}}}opener"), f"{{{TEI}}}dateline").text = draw(TEXT)
    for _ in range(draw(st.integers(1, 3))):
        block(div, "p")
    lst = etree.SubElement(div, f"{{{TEI}}}list", {"type": "participants"})
    for _ in range(draw(st.integers(0, 2))):
        block(lst, "item")
    etree.SubElement(etree.SubElement(div, f"{{{TEI}}}closer"), f"{{{TEI}}}signed").text = draw(TEXT)
    return div


def shape(el) -> list:
    """The document's own elements and every character, semantic wrappers left out."""
    out = []
    for e in el.iter():
        name = etree.QName(e).localname
        if name not in SEMANTIC:
            out.append(("<", name, tuple(sorted(e.attrib.items()))))
    return out


def chars_before_notes(div) -> dict:
    out, seen = {}, []

    def walk(e):
        if etree.QName(e).localname == "note":
            out[e.get(XML_ID)] = "".join(seen)[-1:]
        seen.append(e.text or "")
        for c in e:
            walk(c)
            seen.append(c.tail or "")
    walk(div)
    return out


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_annotation_only_wraps(fm, div):
    before_text = "".join(div.itertext())
    before_shape = shape(div)
    before_notes = chars_before_notes(div)
    annotate(div, AnnotateContext(fm, Reporter("prop"), {}, "frus1958-60v05", "d1"))
    assert "".join(div.itertext()) == before_text
    assert chars_before_notes(div) == before_notes
    after = [s for s in shape(div) if s[1] != "div"]
    assert after == [s for s in before_shape if s[1] != "div"]
    ids = {e.get(XML_ID) for d in fm.front_divs() for e in d.iter()}
    for e in div.iter():
        name = etree.QName(e).localname
        if name in SEMANTIC:
            assert e.text and len(e) == 0  # one text node, nothing nested
            assert etree.QName(e.getparent()).localname not in SEMANTIC
        if name == "persName" and e.get("corresp"):
            assert e.get("corresp")[1:] in ids
        if name == "gloss" and e.get("target"):
            assert e.get("target")[1:] in ids
