"""What a search costs the reader: a query, cold, in the real browser.

The built site is served over HTTP from this process and opened in chromium
(the one the browser tests use) with an empty cache for every query; the
figures are the time from asking for ``search.html?q=…`` until the page says
what it found, and the bytes and requests the browser fetched for it, the
page itself included. ``python -m tools.bench.search SITE WORD…`` prints them.
"""
from __future__ import annotations

import argparse
import functools
import os
import shutil
import sys
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import quote

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]
FOUND = "document.getElementById('search-status').textContent.includes('found')"


@dataclass
class QueryCost:
    query: str
    seconds: float
    bytes: int
    requests: int
    status: str  # what the page said it found


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextmanager
def served(site: Path):
    """The site on a local HTTP server; yields its base URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()


def chromium() -> str | None:
    exe = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    return exe if Path(exe).exists() else None


def query_cost(browser, base_url: str, query: str, timeout_ms: int = 120_000) -> QueryCost:
    """One query in a fresh browser context (nothing cached)."""
    context = browser.new_context()
    page = context.new_page()
    sizes: list[int] = []

    def finished(request):
        sizes.append(request.sizes()["responseBodySize"])

    page.on("requestfinished", finished)
    t0 = time.perf_counter()
    page.goto(base_url + "search.html?q=" + quote(query))
    page.wait_for_function(FOUND, timeout=timeout_ms)
    seconds = time.perf_counter() - t0
    status = page.inner_text("#search-status")
    page.wait_for_load_state("networkidle")  # the results' excerpts, fetched after the count
    cost = QueryCost(query, seconds, sum(sizes), len(sizes), status)
    context.close()
    return cost


def measure(site: Path, queries: list[str]) -> list[QueryCost]:
    """Each query's cost on the site at SITE, cold."""
    exe = chromium()
    if exe is None:
        raise SystemExit("chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright
    with served(site) as base_url, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=exe, args=CHROMIUM_ARGS)
        try:
            query_cost(browser, base_url, queries[0])  # chromium's own start-up is not the query's
            return [query_cost(browser, base_url, q) for q in queries]
        finally:
            browser.close()


def lines(costs: list[QueryCost]) -> list[str]:
    return [f"  {c.query!r:24} {c.seconds:6.2f} s {c.bytes / 1e6:7.2f} MB {c.requests:5d} requests   {c.status}"
            for c in costs]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m tools.bench.search", description=__doc__.split("\n\n")[0])
    ap.add_argument("site", type=Path, help="a built site (build/site)")
    ap.add_argument("queries", nargs="+", help="the words to search for, one query each")
    args = ap.parse_args(argv)
    print("\n".join(lines(measure(args.site.resolve(), args.queries))))
    return 0


if __name__ == "__main__":
    sys.exit(main())


RARE = "Zorvanek"  # a name the generated corpus does not hold, added to one document
COMMON = "the"


def search_figures(size: int, folders: list[Path], jobs: int, work: Path) -> tuple:
    """After a size's rebuilds: one document gains a rare name (a one-edit
    build again, timed), then a query for it and one for a common word, each
    cold in the browser. Returns (the build's run, the queries' costs)."""
    from .corpus import add_paragraph
    from .runs import _paths, run_build

    src, out, log = _paths(work, size)
    volume = folders[len(folders) // 3]
    add_paragraph(sorted(volume.glob("d*.txt"))[0], f"Ambassador {RARE} called on the Secretary.")
    run = run_build(src, out, jobs, log)
    return run, measure(out / "site", [RARE, COMMON])


def search_lines(size: int, run, costs: list[QueryCost]) -> list[str]:
    return [f"search at {size} documents (cold, in chromium; the rare name added by a one-edit build of "
            f"{run.wall:.2f} s, {sum(run.rewritten.values())} files rewritten):", *lines(costs)]
