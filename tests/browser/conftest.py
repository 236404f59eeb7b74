"""A real browser (Debian's chromium, driven by Playwright) over a site built from the
publish fixtures, with its Pagefind index, served by a local HTTP server.

Skips only when chromium is missing (CI installs it with apt). Set CHROMIUM to use
another binary.
"""
from __future__ import annotations

import functools
import os
import shutil
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from pipeline.publish.folders import publish_folders

FIXTURES = Path(__file__).parents[1] / "publish" / "fixtures"
VOLUME_DIRS = [FIXTURES / v for v in ("frus1958-60v06", "frus1958-60v05", "frus1941v06")]
OUTPUT = Path(__file__).parents[1] / "output"  # git-ignored: screenshots for people to look at
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]


def chromium_path() -> str | None:
    candidate = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    return candidate if Path(candidate).exists() else None


@pytest.fixture(scope="session")
def browser():
    exe = chromium_path()
    if exe is None:
        pytest.skip("chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=exe, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    site = tmp_path_factory.mktemp("browser-site")
    publish_folders(VOLUME_DIRS, site, search=True)
    return site


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def base_url(site):
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/"
    server.shutdown()
    server.server_close()


@pytest.fixture
def page(browser, base_url):
    """A fresh page that records every request, to prove none leaves the local server."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.requests = []
    page.on("request", lambda request: page.requests.append(request.url))
    yield page
    context.close()
