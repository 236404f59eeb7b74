"""The seeds: footnotes and page breaks exactly as expected, snapshots of the
TEI, and every text of seeds/ encoded losslessly."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from lxml import etree

from pipeline.annotate import load_frontmatter
from pipeline.encode import encode_document
from pipeline.sources import documents_in, load_meta
from pipeline.report import Reporter
from pipeline.writer import TEI_NS, serialize

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"
EXPECTED = ROOT / "tests" / "fixtures" / "expected"
SEED_FILES = {
    "d571": SEEDS / "frus1958-60v06" / "d571.txt",
    "attitude-soviet-relations": SEEDS / "frus1944v07" / "attitude-soviet-relations.txt",
}
WS = re.compile(r"\s+")
NOTE, PB = f"{{{TEI_NS}}}note", f"{{{TEI_NS}}}pb"


def encode(path: Path, position: int = 1):
    frontmatter = load_frontmatter(path.parent, Reporter(str(path.parent)))
    tree, rep, _ = encode_document(path, load_meta(path.parent), position, frontmatter)
    assert tree is not None, rep.lines()
    return tree, rep


def document_div(tree):
    return tree.find(f".//{{{TEI_NS}}}div[@type='document']")


def marks(div) -> list[tuple]:
    """Footnotes and page breaks with where they stand in the text (white space
    ignored): what the expected TEI fixes exactly."""
    out, pos = [], [0]

    def walk(el):
        if el.tag == NOTE and el.get("rend") != "inline":
            text = WS.sub("", "".join(el.itertext()))
            out.append(("note", pos[0], el.get("n"), el.get("{http://www.w3.org/XML/1998/namespace}id"),
                        el.get("type"), text))
        elif el.tag == PB:
            out.append(("pb", pos[0], el.get("n"), el.get("{http://www.w3.org/XML/1998/namespace}id")))
        else:
            pos[0] += len(WS.sub("", el.text or ""))
            for child in el:
                walk(child)
        if el is not div:
            pos[0] += len(WS.sub("", el.tail or ""))

    walk(div)
    return out


@pytest.mark.parametrize("name", sorted(SEED_FILES))
def test_seed_footnotes_and_pages_match_the_expected_tei(name):
    tree, rep = encode(SEED_FILES[name])
    expected = document_div(etree.parse(str(EXPECTED / f"{name}.xml")))
    assert marks(document_div(tree)) == marks(expected)
    assert not rep.warnings


@pytest.mark.parametrize("name", sorted(SEED_FILES))
def test_seed_tei_snapshot(name, file_regression):
    tree, _ = encode(SEED_FILES[name])
    file_regression.check(serialize(tree).decode("utf-8"), extension=".xml", basename=f"seed_{name}")


def body_and_notes(text: str) -> tuple[str, list[str]]:
    """Split a plain text into its body and its footnote list, as written."""
    lines = text.split("\n")
    k = len(lines)
    while k > 0 and (not lines[k - 1].strip() or re.match(r"^  \d+\. |^    \S", lines[k - 1])):
        k -= 1
    while k < len(lines) and not re.match(r"^  \d+\. ", lines[k]):
        k += 1
    notes: list[str] = []
    for line in lines[k:]:
        m = re.match(r"^  \d+\. (.*)$", line)
        if m:
            notes.append(m.group(1))
        elif line.strip():
            notes[-1] += line
    return "\n".join(lines[:k]), notes


def squash(text: str) -> str:
    return WS.sub("", text)


ALL_TEXTS = [p for vol in sorted(SEEDS.iterdir()) if vol.is_dir() for p in documents_in(vol)]


@pytest.mark.parametrize("path", ALL_TEXTS, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_every_seed_text_is_encoded_losslessly(path):
    """Every character but page markers and footnote numbers is in the TEI, in
    order; the numbers are the notes' @n, the notes' bodies the list's texts."""
    tree, _ = encode(path)
    div = document_div(tree)
    body, note_texts = body_and_notes(path.read_text(encoding="utf-8"))
    expected = squash(re.sub(r"\[Page [^\]\s]+\]", "", body.replace("  •", "")))
    got = []

    def walk(el):
        if el.tag == NOTE and el.get("rend") != "inline":
            got.append(el.get("n"))
        elif el.tag != PB:
            got.append(el.text or "")
            for child in el:
                walk(child)
        if el is not div:
            got.append(el.tail or "")

    walk(div)
    assert squash("".join(got)) == expected.replace("•", "")
    notes = [squash("".join(n.itertext())) for n in div.iter(NOTE) if n.get("rend") != "inline"]
    assert sorted(notes) == sorted(squash(t) for t in note_texts)
