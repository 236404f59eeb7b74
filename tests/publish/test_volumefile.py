"""`edition publish`: FRUS volume files (the series' own, and ours) published as the site.

Fixtures: fixtures/volumes/*.xml, real FRUS documents of the dev corpus wrapped as volume
files (see fixtures/make_volume_fixtures.py); fixtures/constructed/elements.xml, the
elements of the FRUS schema the dev corpus does not use, and one no rule knows.
"""
from __future__ import annotations

import filecmp
import re
import shutil
from pathlib import Path

import lxml.html
import pytest
from lxml import etree

from checks import assert_lossless, assert_valid_html
from pipeline.cli import main
from pipeline.publish import Publisher
from pipeline.publish.publisher import known_elements
from pipeline.publish.volumefile import publish_volume_files, read_volume_file
from volumes import wrap_volume

FIXTURES = Path(__file__).parent / "fixtures"
REAL = sorted((FIXTURES / "volumes").glob("*.xml"))
CONSTRUCTED = FIXTURES / "constructed" / "elements.xml"
CORPUS = Path(__file__).parents[3] / "shared" / "corpus" / "dev"
TEI_NS = "http://www.tei-c.org/ns/1.0"
FRUS_NS = "http://history.state.gov/frus/ns/1.0"


class Published:
    def __init__(self, inputs, out: Path, **kwargs):
        self.lines: list[str] = []
        self.out = out
        self.status = publish_volume_files(inputs, out, echo=self.lines.append, search=False, **kwargs)

    def page(self, path: str):
        return lxml.html.parse(str(self.out / path))

    def documents(self) -> list[Path]:
        return sorted(p for p in self.out.glob("*/*.html") if p.with_suffix(".xml").exists())


@pytest.fixture(scope="module")
def published(tmp_path_factory) -> Published:
    return Published([CONSTRUCTED, *REAL], tmp_path_factory.mktemp("volumes") / "site")


def element_names(paths) -> set[str]:
    names = set()
    for path in paths:
        for el in etree.parse(str(path)).xpath("//*[local-name() = 'body']//*"):
            q = etree.QName(el)
            names.add(("frus:" if q.namespace == FRUS_NS else "") + q.localname)
    return names


# ---- every element of the series' TEI ------------------------------------------------


def test_every_element_in_the_fixtures_has_a_rule():
    assert element_names(REAL) - known_elements() == set()
    assert element_names([CONSTRUCTED]) - known_elements() == {"madeUp", "madeUpBlock"}


@pytest.mark.skipif(not CORPUS.is_dir(), reason="the dev corpus is not here")
def test_every_element_of_the_dev_corpus_has_a_rule(tmp_path):
    files = [wrap_volume(v, tmp_path / f"{v.name}.xml") for v in sorted(CORPUS.iterdir()) if v.is_dir()]
    assert element_names(files) - known_elements() == set()


def test_all_published_with_a_warning_for_the_unknown(published):
    assert published.status == 0
    assert published.lines[-1] == "published 11 of 11 documents of 4 volumes"
    warnings = [line for line in published.lines if "warning" in line]
    assert warnings == [
        f"{CONSTRUCTED}:89: warning: <madeUp> in d2 has no rendering of its own; published as its text "
        "[unknown-element]",
        f"{CONSTRUCTED}:90: warning: <madeUpBlock> in d2 has no rendering of its own; published as its text "
        "[unknown-element]"]
    d2 = published.page("constructed/d2.html")
    assert d2.xpath("string(//span[@class='tei-madeUp'])") == "the unknown element"
    assert d2.xpath("//div[@class='tei-madeUpBlock']/p/text()") == ["A block the rules do not know."]


def test_every_character_reaches_the_page(published):
    assert len(published.documents()) == 11
    assert sum(assert_lossless(page) for page in published.documents()) > 20_000


def test_a_note_without_a_number_is_printed_where_it_stands(published):
    """frus1870 d150 opens with a centred caption in a note: once it stopped the publish."""
    d150 = published.page("frus1870/d150.html")
    [caption] = d150.xpath("//article/p[contains(@class, 'note-in-text')]")
    assert caption.get("class") == "note-in-text rend-center"
    assert caption.text_content().split() == "THE UNITED STATES LEGATION AT BERLIN TO THE DEPARTMENT OF STATE.".split()
    assert not d150.xpath("//section[@role='doc-endnotes']")
    # a note with neither number nor rendering is a footnote, numbered by its place
    d1 = published.page("constructed/d1.html")
    assert d1.xpath("//li[@id='d1note2']/div[@class='note-text']/text()") == ["Unnumbered note."]


def test_labelled_lists_put_each_label_beside_its_item(published):
    d351 = published.page("frus1941v06/d351.html")
    [ul] = d351.xpath("//ul[contains(@class, 'list-labelled')]")
    items = ul.xpath("li")
    assert [li.get("class") for li in items] == ["labelled"] * 3
    assert [li.xpath("string(span[@class='label'])") for li in items] == ["(a)", "(b)", "(c)"]
    assert items[0].xpath("span[@class='label']/i/text()") == ["a"]
    assert items[0].xpath("string(div[@class='item-body'])").startswith("to instruct the technicians")
    css = (published.out / "assets" / "style.css").read_text(encoding="utf-8")
    assert re.search(r"ul\.list-labelled \{[^}]*list-style: none", css)
    # a bullet as the label, nesting, a page break between items, a label with no item
    d1 = published.page("constructed/d1.html")
    assert d1.xpath("(//ul[contains(@class, 'list-labelled')])[1]/li/span[@class='label']/text()") == ["•", "•", "(b)"]
    assert d1.xpath("//li/div[@class='item-body']/ul/li/span/text()") == ["(a)"]


def test_renditions_and_the_rarer_elements(published):
    d1 = published.page("constructed/d1.html")
    article = d1.xpath("//article")[0]
    for xpath, text in [("sup[not(@class)]", "st"), ("sub", "2"), ("s", "struck"), ("u", "underlined"),
                        ("span[@class='rend-smallcaps']", "Small Caps"), ("i/span[@class='rend-roman']", "roman"),
                        ("b", "strong"), ("del", "deleted"), ("span[@class='classification']", "Secret"),
                        ("time[@datetime='14:30']", "2:30 p.m."), ("cite", "The Federalist"),
                        ("table/caption", "Table 1. Tonnage"), ("table//th", "Port"),
                        ("td[@colspan='2']", "Total: 1,000"), ("figure/figcaption", "A map"),
                        ("div[@class='closer']/span[@class='salute']", "I am, sir, your obedient servant,"),
                        ("div[@class='opener']/span[@class='salute']", "Sir:"),
                        ("div[@class='postscript']/p/span[@class='docDate']", "March 5"),
                        ("span[@class='said']", "“we shall see”"), ("div[@class='lg']/span[@class='l']", "First line,"),
                        ("section[@class='attachment']/h2", "[Inclosure.]")]:
        assert article.xpath(f"string(.//{xpath})") == text, xpath
    assert article.xpath(".//span[@id='d1a1']")  # an anchor others may link to
    # a figure in a paragraph: the paragraph becomes a block, the image is not fetched
    assert article.xpath(".//div[@class='p']/figure/span[contains(@class, 'graphic')]")
    assert not article.xpath(".//img")


def test_volume_title_and_persons_from_the_front_matter(published):
    home = published.page("index.html")
    assert "1958–1960, American Republics, Volume V" in home.xpath("string(//ul[@class='volumes'])")
    assert published.page("constructed/index.html").xpath("string(//p[@class='byline'])") == "Edited by A. Editor"
    kubitschek = published.page("frus1958-60v05/persons/p_KODJ1.html")
    assert "President of Brazil" in kubitschek.xpath("string(//p[@class='description'])")
    d245 = etree.parse(str(published.out / "frus1958-60v05" / "d245.xml"))
    # the document's own TEI: its title, and the entries of the lists it mentions
    assert d245.xpath("string(//*[local-name()='titleStmt']/*)").startswith("245. Draft of a Memorandum")
    mentioned = {c[1:] for c in d245.xpath("//*[local-name()='body']//@corresp")}
    listed = set(d245.xpath("//*[local-name()='back']//*[local-name()='persName']/@xml:id"))
    assert mentioned and mentioned <= listed | {c for c in mentioned if c not in _front_ids()}


def _front_ids() -> set[str]:
    tree = etree.parse(str(FIXTURES / "volumes" / "frus1958-60v05.xml"))
    return set(tree.xpath("//*[local-name()='front']//@xml:id"))


def test_a_document_that_fails_is_reported_and_the_rest_published(tmp_path, monkeypatch):
    render_body = Publisher.render_body

    def failing(self, volume, node):
        doc, body = render_body(self, volume, node)
        if doc.id == "d2":
            raise RuntimeError("stylesheet failed")
        return doc, body

    monkeypatch.setattr(Publisher, "render_body", failing)
    run = Published([CONSTRUCTED], tmp_path / "site")
    assert run.status == 1
    assert f"{CONSTRUCTED}:87: error: d2 could not be published (RuntimeError: stylesheet failed) [page]" in run.lines
    assert [p.name for p in run.documents()] == ["d1.html", "d3.html"]
    toc = run.page("constructed/index.html")
    assert toc.xpath("//ol[@class='toc']/li/a/@href") == ["d1.html", "d3.html"]
    assert run.page("constructed/d1.html").xpath("//a[@rel='next']/@href") == ["d3.html"]


@pytest.mark.parametrize("content, message", [
    (b'<?xml version="1.0"?>\n<!DOCTYPE TEI [<!ENTITY x "boom">]>\n<TEI xmlns="http://www.tei-c.org/ns/1.0">&x;</TEI>',
     r":2:1: error: the DOCTYPE declares entities .* \[unsafe-xml\]"),
    (b'<TEI xmlns="http://www.tei-c.org/ns/1.0">\n<text><body><p>open</body></text></TEI>',
     r":2:\d+: error: not well-formed XML: .* \[not-xml\]"),
    (b'<html><body/></html>', r":1: error: not a TEI file .* \[not-tei\]"),
    (b'<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body><p/></body></text></TEI>',
     r":1: error: no document .* \[no-documents\]"),
])
def test_a_bad_volume_file_is_reported_and_the_others_published(tmp_path, content, message):
    bad = tmp_path / "bad.xml"
    bad.write_bytes(content)
    run = Published([bad, REAL[0]], tmp_path / "site")
    assert run.status == 1
    assert any(re.fullmatch(re.escape(str(bad)) + message, line) for line in run.lines), run.lines
    assert len(run.documents()) == 3


def test_no_entity_or_external_file_is_read(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET", encoding="utf-8")
    bad = tmp_path / "xxe.xml"
    bad.write_text(f'<!DOCTYPE TEI [<!ENTITY s SYSTEM "{secret.as_uri()}">]>'
                   '<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body><div type="document" xml:id="d1">'
                   '<p>&s;</p></div></body></text></TEI>', encoding="utf-8")
    assert read_volume_file(bad, known_elements()).documents == []
    run = Published([bad], tmp_path / "site")
    assert run.status == 1
    assert not any("SECRET" in p.read_text(encoding="utf-8") for p in (tmp_path / "site").rglob("*.*")
                   if p.suffix in (".html", ".xml"))


def test_the_output_folder_is_replaced_whole_and_only_when_ours(tmp_path):
    out = tmp_path / "site"
    assert Published([REAL[0]], out).status == 0
    (out / "stale.html").write_text("old", encoding="utf-8")
    assert Published([REAL[1]], out).status == 0
    assert not (out / "stale.html").exists() and not (out / "frus1870").exists()
    assert (out / "frus1941v06" / "d351.html").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]  # nothing left beside it
    foreign = tmp_path / "mine"
    foreign.mkdir()
    (foreign / "notes.txt").write_text("keep", encoding="utf-8")
    refused = Published([REAL[0]], foreign)
    assert refused.status == 2 and "did not write" in refused.lines[0]
    assert [p.name for p in foreign.iterdir()] == ["notes.txt"]
    holder = tmp_path / "holder"
    holder.mkdir()
    shutil.copy(REAL[0], holder / "v.xml")
    assert Published([holder / "v.xml"], holder).status == 2


def test_publish_is_deterministic(published, tmp_path):
    again = Published([CONSTRUCTED, *REAL], tmp_path / "again").out
    left = sorted(p.relative_to(published.out) for p in published.out.rglob("*") if p.is_file())
    assert left == sorted(p.relative_to(again) for p in again.rglob("*") if p.is_file())
    _, mismatch, errors = filecmp.cmpfiles(published.out, again, [str(p) for p in left], shallow=False)
    assert mismatch == errors == []


def test_html_is_valid(published):
    assert_valid_html(published.out)


def test_command_line(tmp_path, capsys):
    assert main(["publish", str(REAL[0]), "--out", str(tmp_path / "site"), "--no-search"]) == 0
    assert "published 3 of 3 documents of 1 volumes" in capsys.readouterr().err
    assert main(["publish", str(tmp_path / "none.xml"), "--out", str(tmp_path / "x")]) == 2
    assert not (tmp_path / "x").exists()


# ---- the round trip and the dev corpus ------------------------------------------------


def _main_of(page: Path) -> bytes:
    [main_el] = lxml.html.parse(str(page)).xpath("//main")
    return lxml.html.tostring(main_el)


def test_round_trip_of_our_volume_files(seeds_site, tmp_path):
    """build → volumes/<vol>.xml → publish gives the same document pages, dates included: a
    date the encoder inferred beyond the text (d243's year) travels in the volume header."""
    volumes = sorted((seeds_site.parent / "volumes").glob("*.xml"))
    run = Published(volumes, tmp_path / "site")
    assert run.status == 0
    pages = sorted(p.relative_to(seeds_site) for p in seeds_site.glob("*/*.html") if p.with_suffix(".xml").exists())
    assert pages == sorted(p.relative_to(run.out) for p in run.documents()) and len(pages) == 69
    for page in pages:
        assert _main_of(seeds_site / page) == _main_of(run.out / page), page
    # the whole List of Persons, from the volume file's front, unmentioned entries too
    for persons in sorted(seeds_site.glob("*/persons.html")):
        assert persons.read_bytes() == (run.out / persons.relative_to(seeds_site)).read_bytes(), persons


def test_the_whole_list_of_persons_is_read_from_the_front():
    """Each entry's name, and the rest of its item as its description; an entry's own
    list of entries is theirs, not its description."""
    from pipeline.publish.indexes import Listed
    from pipeline.publish.volumefile import persons_list
    front = etree.fromstring(
        '<div xmlns="http://www.tei-c.org/ns/1.0" xml:id="persons"><head>List of Persons</head><list>'
        '<item><hi rend="strong"><persName xml:id="p_RWP_1">Rogers, William P.</persName>,</hi> Secretary of '
        '<hi rend="italic">State</hi> &amp; more</item>'
        '<item>Delegation:<list><item><persName xml:id="p_A">A, B</persName>, delegate</item></list></item>'
        '<item><persName>Unlisted</persName>, no id</item></list></div>')
    assert persons_list(front) == [Listed("p_RWP_1", "Rogers, William P.", "Secretary of State &amp; more"),
                                   Listed("p_A", "A, B", "delegate")]
    assert persons_list(None) == []


@pytest.fixture(scope="module")
def gold(tmp_path_factory) -> Published:
    """Every dev volume's gold documents, wrapped as volume files and published."""
    if not CORPUS.is_dir():
        pytest.skip("the dev corpus is not here")
    folder = tmp_path_factory.mktemp("gold")
    files = [wrap_volume(v, folder / f"{v.name}.xml") for v in sorted(CORPUS.iterdir()) if v.is_dir()]
    return Published(files, folder / "site")


def test_every_dev_volume_publishes_whole(gold):
    documents = sorted(CORPUS.glob("*/d*.xml"))
    assert gold.status == 0
    assert gold.lines == [f"published {len(documents)} of {len(documents)} documents of 4 volumes"]
    assert sorted(f"{p.parent.name}/{p.stem}" for p in gold.documents()) == \
        sorted(f"{p.parent.name}/{p.stem}" for p in documents)
    assert sum(assert_lossless(page) for page in gold.documents()) > 250_000


@pytest.mark.slow
def test_dev_volumes_html_is_valid(gold):
    assert_valid_html(gold.out)


def test_publishing_folders_survives_a_broken_document(tmp_path):
    """python -m pipeline.publish too: one document that cannot be read stops no other."""
    from pipeline.publish.folders import publish_folders
    folder = tmp_path / "frus1958-60v05"
    shutil.copytree(FIXTURES / "frus1958-60v05", folder)
    (folder / "d244.xml").write_text("<TEI>not closed", encoding="utf-8")
    lines = []
    summaries = publish_folders([folder], tmp_path / "site", echo=lines.append)
    assert [d.id for d in summaries["frus1958-60v05"]] == ["d243", "d245", "d246", "d247"]
    assert len(lines) == 1 and lines[0].startswith(f"{folder / 'd244.xml'}: error: the page could not be written")
    d243 = lxml.html.parse(str(tmp_path / "site" / "frus1958-60v05" / "d243.html"))
    assert d243.xpath("//a[@rel='next']/@href") == ["d245.html"]
