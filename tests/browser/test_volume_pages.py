"""Pages published from FRUS volume files (`edition publish`) in a real browser: axe finds
no violations on the documents of the publish fixtures (real FRUS documents and the
constructed rarer elements) nor, slow, on every dev volume's gold; labelled lists show
each label beside its item."""
from __future__ import annotations

import functools
import sys
import threading
from http.server import ThreadingHTTPServer
from pathlib import Path

import pytest

from conftest import _QuietHandler
from test_site_browser import AXE_JS

from pipeline.publish.volumefile import publish_volume_files

PUBLISH_TESTS = Path(__file__).parents[1] / "publish"
sys.path.insert(0, str(PUBLISH_TESTS))
from volumes import wrap_volume  # noqa: E402

FIXTURES = PUBLISH_TESTS / "fixtures"
CORPUS = Path(__file__).parents[3] / "shared" / "corpus" / "dev"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


def _serve(site: Path):
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(site)))
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
