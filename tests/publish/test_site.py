"""The built site as a whole: every link and fragment resolves, nothing is fetched from
elsewhere, the HTML is valid, the indexes say what they should, output is deterministic."""
from __future__ import annotations

import filecmp
import re
import shutil
from pathlib import Path
from urllib.parse import unquote, urlsplit

import lxml.html

from checks import assert_valid_html
from pipeline.publish.folders import publish_folders

VOLUME_DIRS = [Path(__file__).parent / "fixtures" / v
               for v in ("frus1958-60v06", "frus1958-60v05", "frus1941v06", "edge-cases")]

ALLOWED_EXTERNAL_LINK_HOSTS = {"history.state.gov"}  # canonical FRUS pages, for other volumes


def pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def ids_of(path: Path, cache: dict) -> set[str]:
    if path not in cache:
        cache[path] = set(lxml.html.parse(str(path)).xpath("//@id"))
    return cache[path]


def test_every_internal_link_and_fragment_resolves(any_site):
    site = any_site
    ids: dict[Path, set[str]] = {}
    checked = 0
    for page in pages(site):
        tree = lxml.html.parse(str(page))
        for el, attr in [(a, "href") for a in tree.xpath("//a[@href] | //link[@href]")] + \
                        [(s, "src") for s in tree.xpath("//*[@src]")] + \
                        [(f, "action") for f in tree.xpath("//form[@action]")]:
            url = el.get(attr)
            parts = urlsplit(url)
            if parts.scheme in ("http", "https"):
                assert el.tag == "a" and parts.hostname in ALLOWED_EXTERNAL_LINK_HOSTS, (page, url)
                continue
            if parts.scheme == "data":  # a citation to download, carried by the page itself
                assert el.tag == "a" and el.get("download"), (page, url)
                continue
            assert not parts.scheme and not parts.netloc and not url.startswith("/"), \
                f"{page}: {url} is not a relative link"
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            assert target.is_file(), f"{page.relative_to(site)}: broken link {url}"
            assert site.resolve() in target.parents, f"{page}: {url} leaves the site"
            if parts.fragment:
                assert parts.fragment in ids_of(target, ids), \
                    f"{page.relative_to(site)}: no #{parts.fragment} in {target.name}"
            checked += 1
    assert checked > 500


def test_ids_are_unique_on_every_page(any_site):
    site = any_site
    for page in pages(site):
        all_ids = lxml.html.parse(str(page)).xpath("//@id")
        assert len(all_ids) == len(set(all_ids)), page


def test_no_resource_from_another_host(any_site):
    site = any_site
    for path in [*pages(site), *site.rglob("*.css")]:
        text = path.read_text(encoding="utf-8")
        assert "@import" not in text and "url(http" not in text and "//fonts." not in text, path
        if path.suffix == ".html":
            tree = lxml.html.fromstring(text)
            for url in tree.xpath("//@src | //link/@href"):
                assert "://" not in url and not url.startswith("//"), (path, url)


def test_every_page_has_an_icon(any_site):
    """The browser asks for /favicon.ico unless a page names its icon."""
    for page in pages(any_site):
        [icon] = lxml.html.parse(str(page)).xpath("//link[@rel='icon']/@href")
        assert (page.parent / icon).resolve() == (any_site / "assets" / "favicon.svg").resolve(), page


def test_every_page_has_lang_title_landmarks_and_skip_link(any_site):
    site = any_site
    for page in pages(site):
        tree = lxml.html.parse(str(page))
        root = tree.getroot()
        assert root.get("lang") == "en", page
        assert tree.findtext(".//title").strip(), page
        assert len(tree.xpath("//main[@id='main']")) == 1, page
        assert tree.xpath("//a[@class='skip-link']/@href") == ["#main"], page
        assert tree.xpath("//header") and tree.xpath("//footer") and tree.xpath("//nav"), page
        assert len(tree.xpath("//h1")) == 1, page


def test_html_is_valid(any_site):
    """0 errors (and 0 warnings) from the Nu HTML Checker."""
    assert_valid_html(any_site)


def test_indexes(site):
    vol = site / "frus1958-60v05"
    toc = lxml.html.parse(str(vol / "index.html"))
    assert toc.xpath("//ol[@class='toc']/li/a/@href") == [f"d{n}.html" for n in range(243, 248)]
    # each number once: apart, and not again in the title ("243. 243. Telegram …" was)
    first = toc.xpath("//ol[@class='toc']/li")[0]
    assert first.text_content().startswith("243. Telegram From the Embassy in Brazil")
    # persons index: one page per person, every mention as a deep link
    persons = lxml.html.parse(str(vol / "persons.html"))
    assert "persons/p_KODJ1.html" in persons.xpath("//a/@href")
    listed = len(persons.xpath("//ul[@class='entries']/li"))
    assert persons.xpath("string(//p[@class='intro'])").startswith(
        f"The {listed} persons of the volume’s List of Persons whom the documents of this edition mention")
    kubitschek = lxml.html.parse(str(vol / "persons" / "p_KODJ1.html"))
    assert "President of Brazil" in kubitschek.xpath("string(//p[@class='description'])")
    mentions = kubitschek.xpath("//ul[@class='anchors']//a/@href")
    assert len(mentions) == 2 + 2 + 5 + 1 + 9  # d243, d244, d245, d246, d247
    assert "../d247.html#p_KODJ1-9" in mentions
    # chronology: by year, in date order; the undated listed too
    chrono = lxml.html.parse(str(vol / "chronology.html"))
    assert chrono.xpath("//section/h2/text()") == ["1958", "Undated"]
    dates = chrono.xpath("//table//time/@datetime")
    assert dates == sorted(dates)
    assert chrono.xpath("//section[h2='Undated']//a/@href") == ["d244.html"]
    # glossary, with the documents that use each term
    glossary = lxml.html.parse(str(vol / "glossary.html"))
    assert glossary.xpath("//dt[@id='t_GOB1']/text()") == ["GOB"]
    # page concordance: every printed page, and the missing pages references point at
    pages_idx = lxml.html.parse(str(site / "frus1958-60v06" / "pages.html"))
    assert pages_idx.xpath("//li/@id") == ["pg_1046", "pg_1047", "pg_1048"]
    # stubs for documents referred to but not in the edition
    assert (site / "frus1958-60v06" / "d578.html").exists()
    stub = lxml.html.parse(str(vol / "d242.html"))
    assert stub.xpath("//li/@id") == ["d242fn6"]
    home = lxml.html.parse(str(site / "index.html"))
    assert home.xpath("//ul[@class='volumes']//a/@href") == [f"{d.name}/index.html" for d in VOLUME_DIRS]


def test_editorial_pages_from_markdown(tmp_path):
    extra = tmp_path / "pages"
    extra.mkdir()
    (extra / "sources.md").write_text("# Sources\n\nThe *plain text* of each document.\n", encoding="utf-8")
    volume_dir = tmp_path / "vol"
    shutil.copytree(VOLUME_DIRS[0], volume_dir)
    (volume_dir / "introduction.md").write_text("# Introduction\n\nA volume's own page.\n", encoding="utf-8")
    from pipeline.publish import Publisher
    from pipeline.publish.folders import load_volume

    site = tmp_path / "site"
    pub = Publisher(site)
    volume = load_volume(volume_dir) | {"dir": volume_dir}
    doc = pub.render_document(volume, volume_dir / "d571.xml", None, None, "d571.xml")
    pub.render_indexes([volume], {volume["id"]: [doc]}, extra)
    assert lxml.html.parse(str(site / "about.html")).xpath("string(//h1)") == "About this edition"
    assert "<em>plain text</em>" in (site / "sources.html").read_text(encoding="utf-8")
    assert (site / volume["id"] / "introduction.html").exists()
    assert "introduction.html" in lxml.html.parse(str(site / volume["id"] / "index.html")).xpath("//a/@href")
    assert "sources.html" in lxml.html.parse(str(site / "index.html")).xpath("//a/@href")


def test_search_page_reads_without_javascript(site):
    tree = lxml.html.parse(str(site / "search.html"))
    [fallback] = tree.xpath("//div[@id='search-fallback']")
    assert "needs JavaScript" in fallback.text_content() and fallback.get("hidden") is None
    assert tree.xpath("//form[@id='search-form'][@hidden]")  # revealed by the script


def test_site_build_is_deterministic(site, tmp_path):
    again = tmp_path / "again"
    publish_folders(VOLUME_DIRS, again)
    left = sorted(p.relative_to(site) for p in site.rglob("*") if p.is_file())
    right = sorted(p.relative_to(again) for p in again.rglob("*") if p.is_file())
    assert left == right
    _, mismatch, errors = filecmp.cmpfiles(site, again, [str(p) for p in left], shallow=False)
    assert mismatch == errors == []


def test_chronology_lists_a_year_or_month_first_in_it_and_says_so(seeds_site):
    chrono = lxml.html.parse(str(seeds_site / "frus1958-60v05" / "chronology.html"))
    [year] = chrono.xpath("//section[h2='1958']")
    rows = year.xpath(".//tbody/tr")
    dates = [r.xpath("string(.//time/@datetime)") for r in rows]
    assert dates == sorted(dates) and dates[0] == "1958" and len(dates[-1]) >= 10
    for row, date in zip(rows, dates):
        note = row.xpath("string(.//span[@class='date-note'])")
        assert (row.get("class") == "imprecise") == (len(date) < 10)
        assert note == ("(day and month not known: listed at the start of the year)" if len(date) == 4 else
                        "(day not known: listed at the start of the month)" if len(date) == 7 else "")


def test_persons_index_lists_the_whole_list_of_persons(seeds_site):
    """The build hands the publisher the volume's whole List of Persons: every entry is
    listed, those no document mentions marked in words (no page, no link), and the
    introduction says what is listed and how many."""
    from pipeline.annotate import load_frontmatter
    from pipeline.report import Reporter
    folder = Path(__file__).parents[2] / "seeds" / "frus1958-60v05"
    listed = load_frontmatter(folder, Reporter(str(folder))).persons
    vol = seeds_site / folder.name
    page = lxml.html.parse(str(vol / "persons.html"))
    items = page.xpath("//ul[@class='entries']/li")
    unmentioned = [li for li in items if li.get("class") == "unmentioned"]
    mentioned = [li for li in items if li.get("class") != "unmentioned"]
    assert len(items) == len(listed) and 0 < len(mentioned) < len(listed)
    for person in listed:  # each entry once, as the list describes it
        [li] = [li for li in items if li.xpath("string(a | span[@class='name'])") == person.name]
        assert person.description in li.text_content()
    for li in unmentioned:
        assert li.text_content().rstrip().endswith("(not mentioned)") and not li.xpath(".//a")
    for li in mentioned:  # each with its page and its count of documents
        assert (vol / li.xpath("string(a/@href)")).is_file()
        assert re.search(r"\(\d+ documents?\)$", li.text_content().rstrip())
    assert len(list((vol / "persons").glob("*.html"))) == len(mentioned)  # no page for the unmentioned
    assert page.xpath("string(//p[@class='intro'])") == (
        f"The volume’s List of Persons, {len(items)} persons, as the list describes them: the {len(mentioned)} "
        f"whom the documents of this edition mention, each with the documents that mention them, and "
        f"{len(unmentioned)} whom no document here mentions, each marked “not mentioned”.")
