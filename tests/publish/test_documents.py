"""Document pages: snapshots of the seeds, notes linked both ways, pages, losslessness,
the summary contract, determinism and speed."""
from __future__ import annotations

import base64
import json
import pickle
from pathlib import Path

import lxml.html
import pytest
from lxml import etree

from pipeline.publish import DocumentSummary, Publisher
from pipeline.publish.citation import bibtex
from pipeline.publish.folders import load_volume

from checks import assert_lossless

FIXTURES = Path(__file__).parent / "fixtures"

TEI = {"t": "http://www.tei-c.org/ns/1.0"}
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
SEEDS = sorted((FIXTURES / "seeds").glob("*.xml"))
VOLUMES = {
    "frus1958-60v06": load_volume(FIXTURES / "frus1958-60v06"),
    "frus1944v07": {"id": "frus1944v07", "title": "Foreign Relations of the United States: Diplomatic Papers, "
                    "1944, The American Republics, Volume VII", "sub-series": "1944",
                    "volume": "The American Republics", "volume-number": "Volume VII"},
}


def seed_volume(path: Path) -> dict:
    return VOLUMES[path.stem.split("-d")[0].split("-attitude")[0]]


def html_pages(site: Path):
    return sorted(p for p in site.glob("*/d*.html") if p.with_suffix(".xml").exists())


# ---- snapshots --------------------------------------------------------------------


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.stem)
def test_seed_page_snapshot(seed, tmp_path, file_regression):
    pub = Publisher(tmp_path)
    doc = pub.render_document(seed_volume(seed), seed, None, None, "source.xml")
    html = (tmp_path / doc.volume / f"{doc.id}.html").read_text(encoding="utf-8")
    file_regression.check(html, basename=f"seed-{seed.stem}", extension=".html")


# ---- notes, pages, text ----------------------------------------------------------


def test_every_note_links_both_ways(site):
    checked = 0
    for page in html_pages(site):
        tree = lxml.html.parse(str(page))
        tei = etree.parse(str(page.with_suffix(".xml")))
        tei_notes = tei.xpath("//t:body//t:note[not(@rend='inline')]", namespaces=TEI)
        markers = tree.xpath("//article//a[@role='doc-noteref']")
        backlinks = tree.xpath("//section[@role='doc-endnotes']//a[@role='doc-backlink']")
        assert len(markers) == len(backlinks) == len(tei_notes), page.name
        for tei_note, marker, back in zip(tei_notes, markers, backlinks):
            note_id = tei_note.get(XML_ID) or marker.get("href")[1:]  # minted when missing
            assert marker.get("href") == f"#{note_id}" and marker.get("id") == f"{note_id}-ref"
            assert back.get("href") == f"#{note_id}-ref"
            assert back.getparent().get("id") == note_id
            assert marker.text_content() == tei_note.get("n")
            checked += 1
    assert checked > 30


def test_minted_ids_where_the_tei_has_none(site):
    tree = lxml.html.parse(str(site / "edge-cases" / "d9.html"))
    assert tree.xpath("//a[@role='doc-noteref']/@href") == ["#d9note1", "#d9note2"]
    assert tree.xpath("//a[@class='pb']/@id") == ["pg_12"]
    assert tree.xpath("//article/@id") == ["d9"]  # target of ref="#d9"


def test_page_breaks_are_linkable_anchors(site):
    for page in html_pages(site):
        tree = lxml.html.parse(str(page))
        tei = etree.parse(str(page.with_suffix(".xml")))
        for pb in tei.xpath("//t:body//t:pb", namespaces=TEI):
            pid = pb.get(XML_ID) or f"pg_{pb.get('n')}"
            [anchor] = tree.xpath(f"//a[@id='{pid}']")
            assert anchor.get("href") == f"#{pid}"
            assert anchor.text_content() == f"[Page {pb.get('n')}]"


def test_text_is_lossless(site):
    """Every character of the TEI text reaches the page, in order; notes reach the list."""
    assert sum(assert_lossless(page) for page in html_pages(site)) > 10_000


def test_unplaced_note_keeps_a_place_to_link_back_to(site):
    tree = lxml.html.parse(str(site / "frus1958-60v06" / "d571.html"))
    [line] = tree.xpath("//p[@class='note-unplaced']")
    assert line.xpath("a/@href") == ["#d571fn8"]
    assert tree.xpath("//li[@id='d571fn8']/a/@href") == ["#d571fn8-ref"]


def test_html_nesting_rules(site):
    """A TEI p holding a list or block quotation becomes a div; links never nest."""
    tree = lxml.html.parse(str(site / "frus1941v06" / "d349.html"))
    assert tree.xpath("//div[contains(@class, 'p')]/ul")
    for page in site.rglob("*.html"):
        assert not lxml.html.parse(str(page)).xpath("//a//a"), page


# ---- the summary ----------------------------------------------------------------


def test_summary_of_enriched_document(built):
    [doc] = built.summaries["frus1958-60v06"]
    assert (doc.id, doc.n, doc.volume, doc.subtype) == ("d571", "571", "frus1958-60v06", "historical-document")
    assert doc.date == "1960-08-03" and doc.year == "1960" and doc.date_label == "August 3, 1960"
    assert doc.bare_title == "Memorandum of a Conversation, Department of State, Washington, August 3, 1960"
    assert doc.notes == 8
    assert doc.pages == (("1046", "pg_1046"), ("1047", "pg_1047"), ("1048", "pg_1048"))
    assert doc.links == ("d578.html",)
    persons = {p.id: p for p in doc.persons}
    assert sorted(persons) == ["p_CFA1", "p_HCA1", "p_LMA1", "p_OME1", "p_RRRJ1"]
    carrillo = persons["p_CFA1"]
    assert carrillo.name == "Carrillo Flores, Antonio"
    assert carrillo.description == "Mexican Ambassador to the United States"
    assert carrillo.mentions == ("p_CFA1-1", "p_CFA1-2", "p_CFA1-3", "p_CFA1-4")
    assert "<i>Inter-American</i>" in persons["p_RRRJ1"].description
    [oas] = doc.terms
    assert (oas.id, oas.name, oas.description, oas.mentions) == (
        "t_OAS1", "OAS", "Organization of American States", ("t_OAS1-1", "t_OAS1-2"))


@pytest.mark.parametrize("date, precision", [("1958", "year"), ("1944-11", "month"), ("1960-08-03", "day"),
                                              ("1958-05-23T21:00:00", "day"), ("", "")])
def test_date_precision(date, precision):
    doc = DocumentSummary("d1", "v", "1", "t", "", date, (), (), (), 0, ())
    assert doc.date_precision == precision


def test_summary_is_small_and_picklable(built):
    for docs in built.summaries.values():
        for doc in docs:
            assert isinstance(doc, DocumentSummary)
            assert pickle.loads(pickle.dumps(doc)) == doc
            assert len(pickle.dumps(doc)) < 20_000


def test_gold_summaries(built):
    docs = {d.id: d for d in built.summaries["frus1958-60v05"]}
    assert docs["d243"].links == ("d242.html#d242fn6",)
    assert set(docs["d245"].links) == {"d248.html", "d42.html"}
    assert docs["d244"].subtype == "" and docs["d244"].date == ""
    # a gloss whose term the document's back lacks still becomes an entry, named as printed
    assert "t_GOB1" in {t.id for t in docs["d246"].terms}
    older = {d.id: d for d in built.summaries["frus1941v06"]}
    assert older["d349"].date.startswith("1941-12-04")
    assert [n for n, _ in older["d349"].pages] == ["331", "332", "333", "334"]


# ---- the Publisher ----------------------------------------------------------------


def _render(pub: Publisher) -> bytes:
    tei = FIXTURES / "frus1958-60v06" / "d571.xml"
    pub.render_document(VOLUMES["frus1958-60v06"], tei, "d570", "d572", "d571.xml")
    return (pub.site_dir / "frus1958-60v06" / "d571.html").read_bytes()


def test_render_is_deterministic_and_survives_pickling(tmp_path):
    first = _render(Publisher(tmp_path / "a"))
    clone = pickle.loads(pickle.dumps(Publisher(tmp_path / "b")))
    assert _render(clone) == first == _render(Publisher(tmp_path / "a"))
    assert (tmp_path / "a" / "frus1958-60v06" / "d571.xml").read_bytes() == \
        (FIXTURES / "frus1958-60v06" / "d571.xml").read_bytes()


def test_build_date_only_when_given(tmp_path):
    assert b"Built " not in _render(Publisher(tmp_path / "a"))
    assert b"Built 2024-05-01." in _render(Publisher(tmp_path / "b", build_date="2024-05-01"))


def test_prev_next_and_download(tmp_path):
    tree = lxml.html.fromstring(_render(Publisher(tmp_path)))
    assert tree.xpath("//link[@rel='prev']/@href") == ["d570.html"]
    assert tree.xpath("//a[@rel='next']/@href") == ["d572.html"]
    assert tree.xpath("//a[@download][@type='application/tei+xml']/@href") == ["d571.xml"]
    assert tree.xpath("//nav[@aria-label='Breadcrumb']//a/@href") == ["../index.html", "index.html"]


def test_citation_for_reference_managers(tmp_path):
    """The citation_* tags Zotero reads, and the BibTeX and CSL-JSON downloads, agree with
    the page's heading and its volume."""
    tree = lxml.html.fromstring(_render(Publisher(tmp_path)))
    meta = {}
    for m in tree.xpath("//meta[starts-with(@name, 'citation_')]"):
        meta.setdefault(m.get("name"), []).append(m.get("content"))
    [h1] = tree.xpath("//h1")
    for sup in h1.xpath(".//sup"):
        sup.drop_tree()
    volume = VOLUMES["frus1958-60v06"]
    assert meta == {
        "citation_title": [h1.text_content()], "citation_book_title": [volume["title"]],
        "citation_series_title": ["Foreign Relations of the United States"], "citation_volume": ["Volume VI"],
        "citation_date": ["1960-08-03"], "citation_firstpage": ["1046"], "citation_lastpage": ["1048"],
        "citation_language": ["en"]}
    links = {a.get("download"): a.get("href") for a in tree.xpath("//a[starts-with(@href, 'data:')]")}
    assert sorted(links) == ["frus1958-60v06-d571.bib", "frus1958-60v06-d571.json"]
    bib = _downloaded(links["frus1958-60v06-d571.bib"])
    assert bib.startswith("@incollection{frus1958-60v06-d571,\n")
    assert f"  title = {{{h1.text_content()}}},\n" in bib and "  pages = {1046--1048},\n" in bib
    assert f"  booktitle = {{{volume['title']}}},\n" in bib and "  number = {Document 571},\n" in bib
    [item] = json.loads(_downloaded(links["frus1958-60v06-d571.json"]))
    assert (item["type"], item["title"], item["container-title"], item["issued"], item["page"]) == (
        "chapter", h1.text_content(), volume["title"], {"date-parts": [[1960, 8, 3]]}, "1046-1048")


def _downloaded(href: str) -> str:
    """The text a ``data:`` download link holds (base64, UTF-8)."""
    head, _, data = href.partition(",")
    assert head.endswith(";charset=utf-8;base64"), head
    return base64.b64decode(data, validate=True).decode("utf-8")


def test_bibtex_escapes_its_special_characters():
    fields = {"key": "v-d1", "title": "50% of {all} R&D_costs #1 ~ $2 \\ ^", "book": "B", "series": "",
              "volume": "", "number": "", "editors": ["A. One", "B. Two"], "publisher": "", "date": "",
              "first_page": "7", "last_page": "7"}
    assert bibtex(fields) == ("@incollection{v-d1,\n"
                              "  title = {50\\% of \\{all\\} R\\&D\\_costs \\#1 \\textasciitilde{} \\$2 "
                              "\\textbackslash{} \\textasciicircum{}},\n"
                              "  booktitle = {B},\n  editor = {A. One and B. Two},\n  pages = {7},\n"
                              "  langid = {english}\n}\n")


def test_href_with_a_path_is_linked_not_copied(tmp_path):
    pub = Publisher(tmp_path)
    pub.render_document(VOLUMES["frus1958-60v06"], FIXTURES / "frus1958-60v06" / "d571.xml",
                        None, None, "../../tei/d571.xml")
    assert not (tmp_path / "frus1958-60v06" / "d571.xml").exists()
    tree = lxml.html.parse(str(tmp_path / "frus1958-60v06" / "d571.html"))
    assert tree.xpath("//a[@download][@type='application/tei+xml']/@href") == ["../../tei/d571.xml"]

