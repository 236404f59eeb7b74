"""Rule *never-drop*: each footnote the schema refuses where it was put moves
to the nearest place it allows (or, failing that, to the end, unplaced), with a
warning each; the other notes stay, and the TEI is valid."""
from __future__ import annotations

from lxml import etree

from pipeline.report import Reporter
from pipeline.resources import SCHEMAS
from pipeline.writer import keep_valid

NS = {"t": "http://www.tei-c.org/ns/1.0"}
DOC = """<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="d1-tei"><teiHeader><fileDesc>
<titleStmt><title>t</title></titleStmt><publicationStmt><p>p</p></publicationStmt><sourceDesc><p>s</p></sourceDesc>
</fileDesc></teiHeader><text><body><div type="document" xml:id="d1"><head>Memorandum</head>
<p>Met <persName>Dulles<note n="1" xml:id="d1fn1">One.</note></persName> and <hi rend="italic"><persName>Nixon\
<note n="2" xml:id="d1fn2">Two.</note></persName></hi> today.</p>
<p>Text.<note n="3" xml:id="d1fn3">Three.</note></p>
<note n="4" xml:id="d1fn4"><p>Four.<note n="5" xml:id="d1fn5">Five.</note></p></note>
</div></body></text></TEI>"""


def test_every_note_the_schema_refuses_moves_and_the_others_stay():
    tree = etree.ElementTree(etree.fromstring(DOC))
    schema = etree.RelaxNG(etree.parse(str(SCHEMAS / "edition.rng")))
    assert not schema.validate(tree)
    rep = Reporter("d1.txt")
    assert keep_valid(tree, rep) is tree
    assert schema.validate(tree), schema.error_log.last_error
    moved = [m.text for m in rep.warnings if m.code == "note-moved"]
    assert [m.split(";")[1].strip() for m in moved] == [
        "placed after the <persName> that held it", "placed after the <hi> that held it",
        "left unplaced at the end, its marker kept as text"]
    first, second = tree.findall(".//t:div/t:p", NS)
    assert etree.tostring(first, encoding="unicode", with_tail=False).split(">", 1)[1] == (
        'Met <persName>Dulles</persName><note n="1" xml:id="d1fn1">One.</note> and <hi rend="italic">'
        '<persName>Nixon</persName></hi><note n="2" xml:id="d1fn2">Two.</note> today.</p>')
    assert second.find("t:note", NS).get("n") == "3"
    div = tree.find(".//t:div", NS)
    assert [n.get("n") for n in div.findall("t:note", NS)] == ["4", "5"]
    assert div.find("t:note/t:p", NS).text == "Four.5"  # the marker stays where it was


def test_a_valid_document_is_left_as_it_is():
    tree = etree.ElementTree(etree.fromstring(DOC))
    for n in ("1", "2", "5"):  # the notes the schema refuses where they are
        note = tree.find(f".//t:note[@n='{n}']", NS)
        note.getparent().remove(note)
    before = etree.tostring(tree)
    rep = Reporter("d1.txt")
    keep_valid(tree, rep)
    assert etree.tostring(tree) == before and rep.messages == []


RNG = "{http://relaxng.org/ns/structure/1.0}"


def _holders(rng_root, note_define: str) -> set[str]:
    """The elements whose own content may take ``note_define`` as a child:
    each element's content is walked through its refs, not into the elements
    it contains (their content is theirs)."""
    defines = {d.get("name"): d for d in rng_root.iter(f"{RNG}define")}

    def reaches(node, seen) -> bool:
        for child in node:
            if not isinstance(child.tag, str) or child.tag == f"{RNG}element":
                continue
            if child.tag == f"{RNG}ref":
                name = child.get("name")
                if name == note_define:
                    return True
                if name not in seen and reaches(defines[name], seen | {name}):
                    return True
            elif reaches(child, seen):
                return True
        return False

    return {el.get("name") or el.find(f"{RNG}name").text
            for el in rng_root.iter(f"{RNG}element") if reaches(el, frozenset())}


def test_the_note_places_are_those_the_schema_allows():
    """NOTE_HOLDERS mirrors edition.rnc's places for a footnote: a change to
    the one without the other would let the encoder write TEI the validation
    stage refuses (or move notes that could stay)."""
    from pipeline.writer import NOTE_HOLDERS

    rng = etree.parse(str(SCHEMAS / "edition.rng")).getroot()
    assert _holders(rng, "note") == {etree.QName(t).localname for t in NOTE_HOLDERS} | {"div"}


def test_the_note_places_check_can_fail():
    rng = etree.fromstring(f"""<grammar xmlns="{RNG[1:-1]}"><start><ref name="div"/></start>
      <define name="note"><element name="note"><text/></element></define>
      <define name="inline"><zeroOrMore><choice><text/><ref name="note"/></choice></zeroOrMore></define>
      <define name="div"><element name="div"><element name="p"><ref name="inline"/></element>
        <element name="q"><element name="s"><ref name="inline"/></element></element></element></define>
      </grammar>""")
    assert _holders(rng, "note") == {"p", "s"}
