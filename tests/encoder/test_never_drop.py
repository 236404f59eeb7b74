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
