"""The edition in a real browser: footnotes both ways, page anchors, search, keyboard,
no JavaScript, file://, accessibility (axe-core), and screenshots for a person to judge."""
from __future__ import annotations

import re
from importlib.resources import files

import pytest

from conftest import OUTPUT

DOC = "frus1958-60v06/d571.html"
AXE_JS = files("axe_playwright_python") / "axe.min.js"


def target_id(page) -> str | None:
    return page.evaluate("document.querySelector(':target')?.id ?? null")


def in_viewport(page, selector: str) -> bool:
    return page.evaluate(
        """s => { const r = document.querySelector(s).getBoundingClientRect();
                  return r.top >= 0 && r.bottom <= window.innerHeight; }""", selector)


def assert_only_local(page, base_url):
    foreign = [u for u in page.requests if not u.startswith((base_url, "data:", "blob:"))]
    assert foreign == [], f"requests to other hosts: {foreign}"


def test_footnote_marker_and_back_link(page, base_url):
    page.goto(base_url + DOC)
    page.click("#d571fn3-ref")
    page.wait_for_url(re.compile(r"#d571fn3$"))
    assert target_id(page) == "d571fn3"
    assert in_viewport(page, "#d571fn3")
    assert "611.37/8–260" in page.inner_text("#d571fn3")
    page.click("#d571fn3 a[role='doc-backlink']")
    page.wait_for_url(re.compile(r"#d571fn3-ref$"))
    assert target_id(page) == "d571fn3-ref"
    assert in_viewport(page, "#d571fn3-ref")
    assert_only_local(page, base_url)


def test_page_anchor(page, base_url):
    page.goto(base_url + DOC)
    assert page.inner_text("#pg_1046") == "[Page 1046]"
    page.click("#pg_1046")
    page.wait_for_url(re.compile(r"#pg_1046$"))
    assert target_id(page) == "pg_1046"
    # a page reached from the volume's page concordance
    page.goto(base_url + "frus1958-60v06/pages.html")
    page.click("text=Page 1047")
    page.wait_for_url(re.compile(r"d571\.html#pg_1047$"))
    assert target_id(page) == "pg_1047" and in_viewport(page, "#pg_1047")


def test_person_mention_round_trip(page, base_url):
    page.goto(base_url + "frus1958-60v06/persons/p_CFA1.html")
    page.click("a[href='../d571.html#p_CFA1-2']")
    page.wait_for_url(re.compile(r"d571\.html#p_CFA1-2$"))
    mention = page.locator("a:has(> #p_CFA1-2)")  # the mention's anchor is a mark inside the name's link
    assert mention.inner_text() == "Carrillo Flores"
    assert mention.evaluate("a => getComputedStyle(a).backgroundColor") != "rgba(0, 0, 0, 0)"  # shown as the target
    mention.click()  # the name leads to the description beside the text
    assert target_id(page) == "p_CFA1"
    assert "Mexican Ambassador" in page.inner_text("#p_CFA1")


def test_search_finds_a_person_and_reaches_the_document(page, base_url):
    page.goto(base_url + "search.html")
    page.wait_for_selector("#search-form:not([hidden])")
    assert not page.is_visible("#search-fallback")
    page.fill("#q", "Carrillo Flores")
    page.press("#q", "Enter")
    link = page.locator("#search-results a", has_text="571. Memorandum of a Conversation")
    link.wait_for()
    assert page.locator("#search-results li").count() == 1
    assert "<mark>" in page.inner_html("#search-results")
    link.click()
    page.wait_for_url(base_url + DOC)
    assert page.title().startswith("571. Memorandum of a Conversation")
    assert_only_local(page, base_url)


@pytest.mark.parametrize("query, found", [("Flores", ["frus1958-60v06/d571.html"]),
                                          ("carried", ["frus1958-60v05/d245.html"]), ("Xyzzyq", [])])
def test_search_finds_a_word_only_in_the_volumes_that_have_it(page, base_url, query, found):
    # each volume has its own index; a volume without the word must not answer
    # with a part of it ("fl…" for "Flores")
    page.goto(base_url + f"search.html?q={query}")
    page.wait_for_function("document.getElementById('search-status').textContent.includes('found')")
    assert page.eval_on_selector_all("#search-results a", "as => as.map(a => a.getAttribute('href'))") == found


def test_search_filters_by_volume_and_year(page, base_url):
    page.goto(base_url + "search.html?q=Brazil")
    page.wait_for_selector("#search-results li")
    everywhere = page.locator("#search-results li").count()
    assert everywhere >= 3
    years = page.eval_on_selector_all("#f-year option", "os => os.map(o => o.value)")
    assert {"1941", "1958", "1960"} <= set(years)
    page.select_option("#f-year", "1941")
    page.wait_for_function(f"document.querySelectorAll('#search-results li').length < {everywhere}")
    hrefs = page.eval_on_selector_all("#search-results a", "as => as.map(a => a.getAttribute('href'))")
    assert hrefs and all(h.startswith("frus1941v06/") for h in hrefs)
    page.select_option("#f-year", "")
    page.select_option("#f-volume", value="1958–1960, American Republics, Volume V")
    page.wait_for_function("[...document.querySelectorAll('#search-results a')]"
                           ".every(a => a.getAttribute('href').startsWith('frus1958-60v05/'))")
    assert "volume=" in page.url


def test_header_search_box_leads_to_results(page, base_url):
    page.goto(base_url + "frus1958-60v05/d243.html")
    page.fill("#site-q", "Kubitschek")
    page.press("#site-q", "Enter")
    page.wait_for_selector("#search-results li")
    assert page.input_value("#q") == "Kubitschek"


def test_keyboard_skip_link_and_visible_focus(page, base_url):
    page.goto(base_url + DOC)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    assert in_viewport(page, ".skip-link")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("none", "")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_reads_without_javascript(browser, base_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(base_url + "search.html")
    assert page.is_visible("#search-fallback") and not page.is_visible("#search-form")
    assert "needs JavaScript" in page.inner_text("#search-fallback")
    page.goto(base_url + DOC)
    page.click("#d571fn6-ref")
    assert target_id(page) == "d571fn6"
    context.close()


def test_works_from_disk(browser, site):
    context = browser.new_context()
    page = context.new_page()
    page.goto((site / DOC).as_uri())
    page.click("#d571fn5-ref")
    assert target_id(page) == "d571fn5"
    page.click("#d571fn5 a[href='d578.html']")  # a document not in the edition: a stub page
    assert "not part of it yet" in page.inner_text("main")
    page.goto((site / "search.html").as_uri())
    page.wait_for_timeout(300)  # the index cannot load from file://: the explanation stays
    assert page.is_visible("#search-fallback") and not page.is_visible("#search-form")
    context.close()


AXE_PAGES = ["index.html", "search.html?q=Mexico", "about.html", "frus1958-60v06/index.html", DOC,
             "frus1958-60v05/d245.html", "frus1941v06/d349.html", "frus1958-60v05/persons.html",
             "frus1958-60v05/persons/p_KODJ1.html", "frus1958-60v05/chronology.html",
             "frus1958-60v05/glossary.html", "frus1958-60v06/pages.html", "frus1958-60v05/d242.html"]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", AXE_PAGES)
def test_axe_no_serious_or_critical_violations(page, base_url, path, scheme):
    page.emulate_media(color_scheme=scheme)
    page.goto(base_url + path)
    if path.startswith("search"):
        page.wait_for_selector("#search-results li")
    page.add_script_tag(path=str(AXE_JS))
    result = page.evaluate("""() => axe.run(document, {
        runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']}
    })""")
    serious = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
               for v in result["violations"] if v["impact"] in ("serious", "critical")]
    assert serious == [], serious
    assert_only_local(page, base_url)


def test_screenshots_for_review(browser, base_url):
    """Not an assertion of looks: pictures in tests/output/ for a person to judge."""
    OUTPUT.mkdir(exist_ok=True)
    shots = [("d571.png", {"width": 1280, "height": 900}, "screen", DOC),
             ("d571-mobile.png", {"width": 390, "height": 844}, "screen", DOC),
             ("d571-print.png", {"width": 800, "height": 1100}, "print", DOC),
             ("d349.png", {"width": 1280, "height": 900}, "screen", "frus1941v06/d349.html"),
             ("search.png", {"width": 1280, "height": 900}, "screen", "search.html?q=Carrillo%20Flores")]
    for name, viewport, media, path in shots:
        context = browser.new_context(viewport=viewport)
        page = context.new_page()
        page.emulate_media(media=media)
        page.goto(base_url + path)
        if path.startswith("search"):
            page.wait_for_selector("#search-results li")
        page.screenshot(path=str(OUTPUT / name), full_page=True)
        context.close()
        assert (OUTPUT / name).stat().st_size > 10_000
