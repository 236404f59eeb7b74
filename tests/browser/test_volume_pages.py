"""Pages published from FRUS volume files (`edition publish`) in a real browser: axe finds
no violations on the documents of the publish fixtures (real FRUS documents and the
constructed rarer elements) nor, slow, on every dev volume's gold; labelled lists show
each label beside its item."""
from __future__ import annotations

import functools
import importlib.util
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from importlib.resources import files
from pathlib import Path

import pytest

from pipeline.publish.volumefile import publish_volume_files

PUBLISH_TESTS = Path(__file__).parents[1] / "publish"
# the publish tests' helper, loaded by its path: a second tests folder on sys.path would
# let "conftest" name either folder's
_spec = importlib.util.spec_from_file_location("publish_test_volumes", PUBLISH_TESTS / "volumes.py")
_volumes = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_volumes)
wrap_volume = _volumes.wrap_volume

AXE_JS = files("axe_playwright_python") / "axe.min.js"
FIXTURES = PUBLISH_TESTS / "fixtures"
CORPUS = Path(__file__).parents[3] / "shared" / "corpus" / "dev"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def _serve(site: Path):
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@pytest.fixture(scope="module")
def volumes_url(tmp_path_factory):
    site = tmp_path_factory.mktemp("volume-pages") / "site"
    inputs = [FIXTURES / "constructed" / "elements.xml", *sorted((FIXTURES / "volumes").glob("*.xml"))]
    assert publish_volume_files(inputs, site, echo=lambda _: None, search=False) == 0
    server = _serve(site)
    yield f"http://127.0.0.1:{server.server_port}/", site
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def gold_url(tmp_path_factory):
    if not CORPUS.is_dir():
        pytest.skip("the dev corpus is not here")
    folder = tmp_path_factory.mktemp("gold-pages")
    files = [wrap_volume(v, folder / f"{v.name}.xml") for v in sorted(CORPUS.iterdir()) if v.is_dir()]
    assert publish_volume_files(files, folder / "site", echo=lambda _: None, search=False) == 0
    server = _serve(folder / "site")
    yield f"http://127.0.0.1:{server.server_port}/", folder / "site"
    server.shutdown()
    server.server_close()


def axe_violations(page, url: str) -> list:
    page.goto(url)
    page.add_script_tag(path=str(AXE_JS))
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS)
    return [(url, v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]]


def document_pages(site: Path) -> list[str]:
    return sorted(str(p.relative_to(site)) for p in site.glob("*/*.html") if p.with_suffix(".xml").exists())


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_nothing_on_published_volume_files(browser, volumes_url, scheme):
    base, site = volumes_url
    page = browser.new_page()
    page.emulate_media(color_scheme=scheme)
    paths = document_pages(site) + ["constructed/index.html", "frus1958-60v05/persons.html"]
    assert len(paths) == 13
    found = [v for path in paths for v in axe_violations(page, base + path)]
    page.close()
    assert found == []


@pytest.mark.slow
def test_axe_finds_nothing_on_the_dev_volumes(browser, gold_url):
    base, site = gold_url
    page = browser.new_page()
    found = [v for path in document_pages(site) for v in axe_violations(page, base + path)]
    page.close()
    assert found == []


def test_a_label_stands_beside_its_item(browser, volumes_url):
    base, _ = volumes_url
    page = browser.new_page()
    page.goto(base + "frus1941v06/d351.html")
    boxes = page.eval_on_selector_all(
        "li.labelled", """lis => lis.map(li => {
            const label = li.querySelector('.label').getBoundingClientRect();
            const body = li.querySelector('.item-body').getBoundingClientRect();
            return [label.right <= body.left, Math.abs(label.top - body.top) < 2,
                    getComputedStyle(li).listStyleType, getComputedStyle(li.parentElement).listStyleType];
        })""")
    page.close()
    assert boxes == [[True, True, "none", "none"]] * 3


def test_search_shows_titles_and_text_as_printed(browser, tmp_path):
    """Results are titled by the heading without its note number, and a name in brackets
    keeps its brackets close: "(Mann)", not "( Mann)"."""
    site = tmp_path / "site"
    assert publish_volume_files([FIXTURES / "constructed" / "elements.xml"], site, echo=lambda _: None) == 0
    server = _serve(site)
    page = browser.new_page()
    try:
        page.goto(f"http://127.0.0.1:{server.server_port}/search.html?q=Mann")
        page.wait_for_selector("#search-results li")
        assert page.inner_text("#search-results li a") == "3. Memorandum From the Assistant Secretary (Mann)"
        excerpt = page.inner_html("#search-results li p")
        assert "Nothing special <mark>(Mann).</mark>" in excerpt and "( " not in excerpt
    finally:
        page.close()
        server.shutdown()
        server.server_close()


@pytest.mark.slow
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_nothing_on_the_whole_list_of_persons(browser, tmp_path, scheme):
    """The seeds' persons index, which marks the entries no document mentions."""
    from pipeline.build import build
    assert build(Path(__file__).parents[2] / "seeds", tmp_path / "build", search=False, echo=lambda *_: None) == 0
    server = _serve(tmp_path / "build" / "site")
    page = browser.new_page()
    page.emulate_media(color_scheme=scheme)
    url = f"http://127.0.0.1:{server.server_port}/frus1958-60v05/persons.html"
    found = axe_violations(page, url)
    assert page.locator("li.unmentioned").count() > 0
    page.close()
    server.shutdown()
    server.server_close()
    assert found == []
