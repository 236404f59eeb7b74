"""A real browser (Debian's chromium, driven by Playwright) over a site built from the
publish fixtures, with its Pagefind index, served by a local HTTP server.

The ``browser`` fixture is the suite's one Playwright session (tests/conftest.py).
"""
from __future__ import annotations

import functools
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from pipeline.publish.folders import publish_folders

FIXTURES = Path(__file__).parents[1] / "publish" / "fixtures"
VOLUME_DIRS = [FIXTURES / v for v in ("frus1958-60v06", "frus1958-60v05", "frus1941v06")]
OUTPUT = Path(__file__).parents[1] / "output"  # git-ignored: screenshots for people to look at


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
