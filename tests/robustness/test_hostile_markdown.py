"""Finding 3: editorial Markdown pages are text: no HTML of theirs reaches the
site, no link with an unsafe scheme survives, and no page replaces one the build makes."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pipeline.publish.publisher import markdown_renderer
from robust_support import PROJECT, run_edition

EVIL = """# Notes on this volume

<img src=x onerror="document.title='pwned'; alert(1)">

<script>document.title='pwned'</script>

[a link](javascript:alert(1)) and [another](JAVASCRIPT:alert(2)) and [data](data:text/html,<b>x</b>)
and <a href="javascript:alert(3)">raw</a>, but [the web](https://history.state.gov/) and [a page](d1.html).
"""


def test_html_is_shown_as_text_and_unsafe_links_dropped():
    html = markdown_renderer().render(EVIL)
    assert "<img" not in html and "<script" not in html and "<a href=\"javascript" not in html
    assert "&lt;img src=x onerror=" in html
    assert 'href="javascript' not in html.lower()
    assert 'href="https://history.state.gov/"' in html and 'href="d1.html"' in html
    assert 'href="data:' not in html


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """A volume whose folder has a hostile page and pages named as the build's own."""
    tmp = tmp_path_factory.mktemp("markdown")
    vol = tmp / "vol"
    shutil.copytree(PROJECT / "seeds" / "frus1941v06", vol)
    (vol / "notes.md").write_text(EVIL, encoding="utf-8")
    (vol / "index.md").write_text("# Not the contents\n", encoding="utf-8")
    (vol / "persons.md").write_text("# Not the persons\n", encoding="utf-8")
    first = sorted(vol.glob("d*.txt"))[0].stem
    (vol / f"{first}.md").write_text("# Not the document\n", encoding="utf-8")
    outcome = run_edition("build", vol, "--out", tmp / "out", "--no-search")
    return outcome, tmp / "out" / "site" / "frus1941v06", first


def test_colliding_pages_are_errors_naming_both(built):
    outcome, site, first = built
    for stem, what in (("index", "contents page"), ("persons", "persons index"), (first, f"document {first}")):
        assert f"{stem}.md: error: would replace the" in outcome.err and what in outcome.err, outcome.err
    assert "Not the contents" not in (site / "index.html").read_text(encoding="utf-8")
    assert "Not the persons" not in (site / "persons.html").read_text(encoding="utf-8")
    assert "Not the document" not in (site / f"{first}.html").read_text(encoding="utf-8")


def test_no_script_runs_in_the_browser(built):
    exe = shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(exe).exists():
        pytest.skip("chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    _, site, _ = built
    page_file = site / "notes.html"
    assert page_file.is_file()
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=exe, args=["--headless", "--no-sandbox", "--disable-gpu"])
        try:
            page = browser.new_page()
            dialogs = []
            page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
            page.goto(page_file.as_uri())
            page.wait_for_load_state("load")
            assert dialogs == []
            assert page.title() != "pwned"
            assert page.eval_on_selector_all("img[onerror], main script", "els => els.length") == 0
            hrefs = page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))")
            assert not [h for h in hrefs if h.strip().lower().startswith(("javascript:", "data:", "vbscript:"))]
            assert "https://history.state.gov/" in hrefs
            assert "<img src=x onerror=" in page.inner_text("body")  # shown as text
        finally:
            browser.close()
