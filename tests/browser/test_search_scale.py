"""Search at the series' scale: 550 volumes, each with its own index. A query, cold,
reads the word map and the indexes of the volumes that hold its words only, so what it
fetches does not grow with the edition (issue 26: at most 2 MB a query). The time a
query takes is measured by ``make bench-scale``, not here: a timed test on a shared
machine would fail for the machine's sake."""
from __future__ import annotations

import pytest

from pipeline.build import build
from tools.bench.corpus import add_paragraph, make_corpus
from pipeline.publish.wordmap import DENSE
from tools.bench.search import query_cost, served

pytestmark = [pytest.mark.slow, pytest.mark.browser]

VOLUMES = 550
RARE = "Zorvanek"  # a name that only one document of the edition holds
MAX_BYTES = 2_000_000


@pytest.fixture(scope="module")
def series(tmp_path_factory, browser):  # the browser first: no chromium, no 550-volume build
    root = tmp_path_factory.mktemp("series")
    folders = make_corpus(root / "src", VOLUMES, per_volume=1)
    add_paragraph(next(folders[VOLUMES // 2].glob("d*.txt")), f"Ambassador {RARE} called on the Secretary.")
    assert build(root / "src", root / "out", echo=lambda line: None) in (0, 1)
    with served(root / "out" / "site") as base_url:
        yield base_url, folders[VOLUMES // 2].name


def test_a_rare_name_loads_one_volume(browser, series):
    base_url, volume = series
    cost = query_cost(browser, base_url, RARE)
    assert cost.status == "1 document found."
    assert cost.bytes <= MAX_BYTES
    # the page and its scripts, the volume list, one map file, one volume's index
    assert cost.requests <= 20, cost


def test_a_common_word_loads_a_few_volumes(browser, series):
    base_url, _ = series
    cost = query_cost(browser, base_url, "the")
    assert f"Searched 8 of the {VOLUMES} volumes that hold this word" in cost.status
    assert cost.bytes <= MAX_BYTES
    assert cost.requests <= 8 * 6 + 10 + 10, cost  # eight volumes' indexes, an excerpt per result listed (ten)


def test_a_word_no_volume_holds_loads_no_index(browser, series):
    base_url, _ = series
    cost = query_cost(browser, base_url, "Xyzzyq")
    assert cost.status == "No documents found."
    assert cost.requests <= 8, cost


@pytest.fixture(scope="module")
def dense_series(tmp_path_factory, browser):
    """Volumes of DENSE documents or fewer, every one of which holds "the"."""
    root = tmp_path_factory.mktemp("dense")
    folders = make_corpus(root / "src", 3 * DENSE, per_volume=DENSE)
    assert build(root / "src", root / "out", echo=lambda line: None) in (0, 1)
    with served(root / "out" / "site") as base_url:
        yield base_url, len(folders)


def test_a_word_many_documents_of_a_volume_hold_loads_that_volume_first(browser, dense_series):
    base_url, volumes = dense_series
    cost = query_cost(browser, base_url, "the")
    assert f"the most relevant first. Searched 1 of the {volumes} volumes that hold this word" in cost.status
    assert cost.requests <= 7 + 6 + 10, cost  # the page, its files and the map; one volume's index; ten excerpts
    page = browser.new_page()
    page.goto(base_url + "search.html?q=the")
    page.click("#search-more")  # the others: as many as AT_ONCE, more than there are
    page.wait_for_function(f"document.getElementById('search-status').textContent.startsWith('{3 * DENSE} ')")
    assert "Searched" not in page.inner_text("#search-status")
    page.close()
