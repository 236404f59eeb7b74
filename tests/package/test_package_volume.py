"""The volume file: FRUS header from volume.toml, front matter, document copies."""
from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from lxml import etree

from pipeline import safexml
from pipeline.validate import Validator
from pipeline.volume import volume_tei

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
TEI_ALL = REPO / "../shared/schemas-ref/tei_all.rng"
TEI = "{http://www.tei-c.org/ns/1.0}"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
NS = {"t": "http://www.tei-c.org/ns/1.0"}

META = {
    "id": "frus1958-60v06",
    "title": "Foreign Relations of the United States, 1958–1960, Cuba, Volume VI",
    "series": "Foreign Relations of the United States",
    "sub-series": "1958–1960",
    "volume-number": "Volume VI",
    "volume": "Cuba",
    "editors": ["John P. Glennon", "Ronald D. Landa"],
}


@pytest.fixture(scope="module")
def validator():
    return Validator()


def document_div(path: Path):
    return safexml.parse_path(path)[0].find(f".//{TEI}body/{TEI}div")


@pytest.fixture
def documents():
    return [document_div(HERE / "fixtures" / f"d{n}.xml") for n in (1, 2)]


@pytest.fixture
def front():
    """The persons and terms divs of a per-document file's back matter."""
    tree = safexml.parse_path(REPO / "tests/validate/fixtures/valid/document-full.xml")[0]
    return list(tree.find(f".//{TEI}back"))


def check(validator, tree, tmp_path) -> list[str]:
    """Validate the volume as written to a file, as the build will."""
    path = tmp_path / "volume.xml"
    path.write_bytes(etree.tostring(tree, xml_declaration=True, encoding="UTF-8"))
    return [p.format() for p in validator.check(path) if p.level == "error"]


def test_volume_is_valid(validator, documents, front, tmp_path):
    tree = volume_tei(META, front, documents)
    assert check(validator, tree, tmp_path) == []


def test_volume_is_valid_tei(documents, front):
    if not TEI_ALL.is_file():
        pytest.skip("tei_all.rng is not available (../shared/schemas-ref)")
    tei_all = etree.RelaxNG(etree.parse(str(TEI_ALL)))
    tree = volume_tei(META | {"publisher": "Office of the Historian", "published": datetime.date(1991, 5, 1),
                              "availability": "Public domain."}, front, documents)
    assert tei_all.validate(tree), tei_all.error_log


def test_header(documents):
    root = volume_tei(META | {"general-editors": "William Z. Slany"}, [], documents).getroot()
    assert root.get(XML_ID) == "frus1958-60v06"
    assert root.nsmap["frus"] == "http://history.state.gov/frus/ns/1.0"
    titles = root.xpath("//t:titleStmt/t:title", namespaces=NS)
    assert [(t.get("type"), t.text) for t in titles] == [
        ("complete", META["title"]), ("series", META["series"]), ("sub-series", "1958–1960"),
        ("volume-number", "Volume VI"), ("volume", "Cuba")]
    editors = root.xpath("//t:titleStmt/t:editor", namespaces=NS)
    assert [(e.get("role"), e.text) for e in editors] == [
        ("primary", "John P. Glennon"), ("primary", "Ronald D. Landa"), ("general", "William Z. Slany")]
    assert root.xpath("string(//t:sourceDesc/t:bibl/t:idno[@type='frus'])", namespaces=NS) == "frus1958-60v06"
    # documents use #right: the header declares it, and only what is used
    assert root.xpath("//t:tagsDecl/t:rendition/@xml:id", namespaces=NS) == ["right"]


def test_publication_statement_forms(documents):
    plain = volume_tei(META, [], documents).getroot()
    assert [etree.QName(c).localname for c in plain.find(f".//{TEI}publicationStmt")] == ["p"]
    full = volume_tei(META | {"publisher": "Office of the Historian", "published": "1991",
                              "availability": "Public domain."}, [], documents).getroot()
    pub = full.find(f".//{TEI}publicationStmt")
    assert [etree.QName(c).localname for c in pub] == ["publisher", "idno", "date", "availability"]
    assert pub.find(f"{TEI}date").get("when") == "1991"
    odd = volume_tei(META | {"publisher": "X", "published": "spring 1991"}, [], documents).getroot()
    assert odd.find(f".//{TEI}publicationStmt/{TEI}date") is None  # not an ISO date: left out
    for impossible in ("1991-13", "1991-02-30"):  # ISO in form, yet no such month or day: left out as well
        tree = volume_tei(META | {"publisher": "X", "published": impossible}, [], documents).getroot()
        assert tree.find(f".//{TEI}publicationStmt/{TEI}date") is None
    month = volume_tei(META | {"publisher": "X", "published": "1991-05"}, [], documents).getroot()
    assert month.find(f".//{TEI}publicationStmt/{TEI}date").get("when") == "1991-05"


def test_front_and_body(documents, front):
    root = volume_tei(META, front, documents).getroot()
    assert root.xpath("//t:front/t:div/@xml:id", namespaces=NS) == ["persons", "terms"]
    assert root.xpath("//t:body/t:div/@xml:id", namespaces=NS) == ["d1", "d2"]
    assert volume_tei(META, [], documents).getroot().find(f".//{TEI}front") is None


def test_documents_are_copied_not_moved(documents, front):
    parents = [d.getparent() for d in documents]
    tree = volume_tei(META, front, documents)
    assert [d.getparent() for d in documents] == parents
    assert all(copy is not d for copy, d in zip(tree.getroot().find(f".//{TEI}body"), documents))
    assert front[0].getparent() is not None and front[0].getparent().tag == f"{TEI}back"


def test_deterministic(documents, front):
    one = etree.tostring(volume_tei(META, front, documents))
    two = etree.tostring(volume_tei(dict(reversed(list(META.items()))), front, documents))
    assert one == two


@pytest.mark.parametrize("meta, docs, message", [
    ({}, None, "no id"),
    (META, [], "no documents"),
])
def test_refuses(documents, meta, docs, message):
    with pytest.raises(ValueError, match=message):
        volume_tei(meta, [], documents if docs is None else docs)


def test_refuses_what_is_not_a_document(documents, front):
    with pytest.raises(ValueError, match="not a document div"):
        volume_tei(META, [], [front[0]])


def written_documents():
    """The seed volume's documents, encoded and serialized as the build writes them."""
    from pipeline import annotate, writer
    from pipeline.encode import encode_document
    from pipeline.sources import documents_in, load_meta
    from pipeline.report import Reporter

    folder = REPO / "seeds" / "frus1958-60v05"
    meta = load_meta(folder)
    fm = annotate.load_frontmatter(folder, Reporter(str(folder)))
    out = []
    for position, path in enumerate(documents_in(folder)[:12], 1):
        tree, _, _ = encode_document(path, meta, position, fm)
        out.append(writer.serialize(tree))
    return meta, fm.front_divs(), out


def test_volume_file_copies_the_divs_as_text_and_gives_the_same_bytes(monkeypatch):
    from pipeline import volume, writer

    meta, front, files = written_documents()
    trees = [etree.fromstring(f) for f in files]
    divs = [t.find(f".//{TEI}body/{TEI}div") for t in trees]
    expected = writer.serialize(volume_tei(meta, front, divs, volume.creation_dates(trees)))
    monkeypatch.setattr(volume, "volume_tei", lambda *a: pytest.fail("the documents were parsed"))
    assert volume.volume_file(meta, front, files) == expected


def test_volume_file_parses_a_document_of_another_shape():
    from pipeline import writer
    from pipeline.volume import creation_dates, volume_file

    meta, front, files = written_documents()
    odd = files[1].replace(b"<body>\n      <div", b"<body><div", 1)  # not indented as the writer does
    trees = [etree.fromstring(f) for f in (files[0], odd)]
    divs = [t.find(f".//{TEI}body/{TEI}div") for t in trees]
    assert volume_file(meta, front, [files[0], odd]) == \
        writer.serialize(volume_tei(meta, front, divs, creation_dates(trees)))


def test_volume_header_keeps_each_documents_date(validator, tmp_path):
    """A volume file has no header per document: the documents' dates (a year inferred
    from the volume, for one) are in its header, each pointing at its document."""
    from pipeline.volume import volume_file

    meta, front, files = written_documents()
    dated = [etree.fromstring(f).find(f"{TEI}teiHeader/{TEI}profileDesc/{TEI}creation/{TEI}date") for f in files]
    path = tmp_path / "volume.xml"
    path.write_bytes(volume_file(meta, front, files))
    root = etree.parse(str(path)).getroot()
    dates = root.findall(f"{TEI}teiHeader/{TEI}profileDesc/{TEI}creation/{TEI}date")
    expected = [(etree.fromstring(f).find(f".//{TEI}body/{TEI}div").get(XML_ID), dict(d.attrib))
                for f, d in zip(files, dated) if d is not None]
    assert len(expected) >= 2 and ("d243", {"when": "1958"}) in expected
    assert [(d.get("corresp")[1:], {k: v for k, v in d.attrib.items() if k != "corresp"}) for d in dates] == expected
    assert [p.format() for p in validator.check(path) if p.level == "error"] == []
    if TEI_ALL.is_file():
        tei_all = etree.RelaxNG(etree.parse(str(TEI_ALL)))
        assert tei_all.validate(etree.parse(str(path))), tei_all.error_log
