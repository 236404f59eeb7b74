"""``edition serve`` in a real browser: an edited text shows on the open page
without a manual reload, search works on the served site, the reload hook is
never written to disk, and an interrupt stops the server cleanly."""
from __future__ import annotations

import itertools
import queue
import shutil
import signal
import subprocess
import sys
import threading
import urllib.request
from importlib.resources import files
from pathlib import Path

import pytest

SEEDS = Path(__file__).parents[2] / "seeds"
DOC = "frus1958-60v06/d571.html"
AXE_JS = files("axe_playwright_python") / "axe.min.js"
NEW_WORD = "Quetzalcoatlus"  # a word the seeds do not have


@pytest.fixture
def served(tmp_path):
    """`edition serve` on a copy of the seeds."""
    shutil.copytree(SEEDS, tmp_path / "seeds")
    yield from serve(tmp_path)


@pytest.fixture
def served_small(tmp_path):
    """`edition serve` on two of the seed volumes, one text with a broken page marker (a warning)."""
    for volume in ("frus1958-60v06", "frus1944v07"):
        shutil.copytree(SEEDS / volume, tmp_path / "seeds" / volume)
    text = tmp_path / "seeds" / "frus1958-60v06" / "d571.txt"
    text.write_text(text.read_text(encoding="utf-8").replace("meeting.", "meeting [Page.", 1), encoding="utf-8")
    yield from serve(tmp_path)


def serve(tmp_path):
    """Run `edition serve` on TMP/seeds into TMP/build on a free port until the test ends:
    (url, source folder, output folder, process, the lines it prints)."""
    src, out = tmp_path / "seeds", tmp_path / "build"
    with open(tmp_path / "build.log", "w") as log:
        proc = subprocess.Popen([sys.executable, "-m", "pipeline.cli", "serve", str(src), "--out", str(out),
                                 "--port", "0"], stdout=subprocess.PIPE, stderr=log, text=True,
                                # Ctrl-C as at a terminal, even when the tests run in the
                                # background (where a shell starts them with SIGINT ignored)
                                preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    lines: queue.Queue = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in proc.stdout], daemon=True).start()
    try:
        first = lines.get(timeout=120)
        assert first.startswith("serving "), first + (tmp_path / "build.log").read_text()
        url = first.split(" at ")[1].split()[0]
        yield url, src, out, proc, lines
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def test_an_edit_reloads_the_open_page_and_search_finds_it(browser, served):
    url, src, out, proc, lines = served
    page = browser.new_context().new_page()
    page.goto(url + DOC)
    assert NEW_WORD not in page.inner_text("main")
    page.evaluate("window.notReloaded = true")

    text = src / "frus1958-60v06" / "d571.txt"
    text.write_text(text.read_text(encoding="utf-8").replace(
        "was ushered into the meeting.", f"was ushered into the meeting with {NEW_WORD}.", 1), encoding="utf-8")

    page.wait_for_function(f"document.body.innerText.includes({NEW_WORD!r})", timeout=120_000)
    assert page.evaluate("window.notReloaded") is None  # the page reloaded itself
    assert "changed: d571.txt" in lines.get(timeout=5)

    page.goto(url + f"search.html?q={NEW_WORD}")
    link = page.locator("#search-results a", has_text="571. Memorandum of a Conversation")
    link.wait_for(timeout=30_000)
    assert page.locator("#search-results li").count() == 1

    # the hook is only in what the server sends
    assert not [p for p in (out / "site").rglob("*.html") if b"__edition" in p.read_bytes()]
    served_page = urllib.request.urlopen(url + DOC).read()
    assert b"__edition/events" in served_page and NEW_WORD.encode() in served_page

    # a word most documents hold: ten results listed at once (each costs a
    # request for its excerpt), ten more when asked for
    page.goto(url + "search.html?q=the")
    page.wait_for_function("document.getElementById('search-status').textContent.includes('found')")
    assert int(page.inner_text("#search-status").split()[0]) > 20
    assert page.locator("#search-results li").count() == 10
    page.click("#search-next")
    page.wait_for_function("document.querySelectorAll('#search-results li').length === 20")
    assert len(set(page.eval_on_selector_all("#search-results a", "as => as.map(a => a.href)"))) == 20
    assert page.inner_text("#search-next") == "List 10 more results"

    proc.send_signal(signal.SIGINT)
    assert proc.wait(timeout=60) == 0
    assert "stopped" in lines.get(timeout=5)
    assert not (out.parent / f".{out.name}.lock").exists()
    assert not (out.parent / f".{out.name}.staging").exists()


def test_the_review_page_is_served_and_passes_axe(browser, served_small):
    """The editors' review pages (the index and a volume's), with the build: no
    axe violations (light and dark); and a page of an earlier build (one finished before the page's
    event stream opened, or an earlier run of serve) is told to reload at once."""
    url, *_ = served_small
    for path, scheme in itertools.product(("review/index.html", "review/frus1958-60v06/index.html"),
                                          ("light", "dark")):
        page = browser.new_context().new_page()
        page.emulate_media(color_scheme=scheme)
        page.goto(url + path)
        if path == "review/index.html":
            assert page.locator("nav[aria-label='Volumes in this review'] a").count() == 2
        else:
            assert page.locator("li.review-guess").count() > 0 and page.locator("li.review-warning").count() > 0
        page.add_script_tag(path=str(AXE_JS))
        result = page.evaluate("""() => axe.run(document, {
            runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']}
        })""")
        assert [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]] == []
        page.context.close()
    with urllib.request.urlopen(url + "__edition/events?since=99", timeout=30) as stream:
        assert stream.headers["Content-Type"] == "text/event-stream"
        assert stream.readline() == b"event: reload\n"
