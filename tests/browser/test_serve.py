"""``edition serve`` in a real browser: an edited text shows on the open page
without a manual reload, search works on the served site, the reload hook is
never written to disk, and an interrupt stops the server cleanly."""
from __future__ import annotations

import queue
import shutil
import signal
import subprocess
import sys
import threading
import urllib.request
from pathlib import Path

import pytest

SEEDS = Path(__file__).parents[2] / "seeds"
DOC = "frus1958-60v06/d571.html"
NEW_WORD = "Quetzalcoatlus"  # a word the seeds do not have


@pytest.fixture
def served(tmp_path):
    """`edition serve` on a copy of the seeds, on a free port: (url, source folder, output folder, process, lines)."""
    src, out = tmp_path / "seeds", tmp_path / "build"
    shutil.copytree(SEEDS, src)
    with open(tmp_path / "build.log", "w") as log:
        proc = subprocess.Popen([sys.executable, "-m", "pipeline.cli", "serve", str(src), "--out", str(out),
                                 "--port", "0"], stdout=subprocess.PIPE, stderr=log, text=True)
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

    proc.send_signal(signal.SIGINT)
    assert proc.wait(timeout=60) == 0
    assert "stopped" in lines.get(timeout=5)
    assert not (out.parent / f".{out.name}.lock").exists()
    assert not (out.parent / f".{out.name}.staging").exists()


def test_a_page_of_an_earlier_build_reloads_at_once(served):
    """A page whose build is not the latest (one finished before its event
    stream opened, or an earlier run of serve) is told to reload at once."""
    url, *_ = served
    with urllib.request.urlopen(url + "__edition/events?since=99", timeout=30) as stream:
        assert stream.headers["Content-Type"] == "text/event-stream"
        assert stream.readline() == b"event: reload\n"
