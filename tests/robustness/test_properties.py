"""Issue 7: properties of the encoder over documents generated from the input grammar.

A generated document has a heading (with or without a printed number), paragraphs
(one line or several), bullet lists nested up to three levels (with or without a
SUBJECT/PARTICIPANTS label), ``[Page N]`` markers inline and on their own line, and
footnote markers glued to words or to the punctuation after them, with a matching
footnote list (one paragraph or several). The generator knows where every marker
is, so the properties are exact:

* the TEI is valid (the project's Validator, else the RelaxNG schema, else well-formed);
* it is lossless: every non-white-space character except the markers and the page
  markers is in the TEI, in order, outside the notes;
* every footnote is kept, its body equal to the list's text, at its marker;
* two runs give the same bytes.

Profiles: ``robustness`` by default (derandomized, so CI is deterministic, and no
deadline when ``CI`` is set); ``HYPOTHESIS_PROFILE=robustness-explore`` for a
longer, random local search.
"""
from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from pipeline.encode import encode_document
from pipeline.writer import serialize
from robust_support import NS, PROJECT

settings.register_profile(
    "robustness", max_examples=60, derandomize=True, database=None,
    deadline=None if os.environ.get("CI") else 5000, suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("robustness-explore", max_examples=2000, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
PROFILE = settings.get_profile(os.environ.get("HYPOTHESIS_PROFILE", "robustness")
                               if os.environ.get("HYPOTHESIS_PROFILE", "").startswith("robustness")
                               else "robustness")

TEI = f"{{{NS['t']}}}"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
VOLUME = {"id": "frus-test", "title": "Generated Volume"}

# Words of letters only (no digits, months or labels), so that no rule but the
# one under test can claim them.
WORDS = ["the", "Embassy", "Minister", "agreed", "talks", "señor", "Café", "naïve", "Ambassador", "letter",
         "memo", "reply", "it’s", "O’Neil", "Président", "Zürich", "déjà", "staff", "we", "would", "and",
         "not", "accept", "proposal", "Government", "officials", "views", "ÆTHER", "Łódź", "cable"]
PUNCT_BEFORE_MARKER = ["", "", "", ".", ",", ";", ":", ")", "’", "”"]


# --------------------------------------------------------------- the model
@dataclass
class Gen:
    """A document being written: the source text and what the TEI must hold."""

    offset: int  # the printed number of the first marker (older volumes number on)
    page: int
    expected: list[str] = field(default_factory=list)  # text pieces, markers and page markers left out
    markers: list[tuple[int, int]] = field(default_factory=list)  # (note index, characters of text before it)

    def chars(self) -> int:
        return sum(len("".join(p.split())) for p in self.expected)

    def marker(self) -> str:
        index = len(self.markers) + 1
        self.markers.append((index, self.chars()))
        return str(self.offset + index - 1)

    def next_page(self) -> str:
        self.page += 1
        return f"[Page {self.page}]"


def words_text(draw, gen: Gen, n_min=1, n_max=12, markers=True, pages=True, first_capital=True) -> str:
    """A run of words: each may carry punctuation and a glued marker; page markers between them."""
    out = []
    n = draw(st.integers(n_min, n_max))
    for k in range(n):
        word = draw(st.sampled_from(WORDS))
        if k == 0 and first_capital:
            word = word[:1].upper() + word[1:]
        punct = draw(st.sampled_from(PUNCT_BEFORE_MARKER))
        gen.expected.append(word + punct)
        piece = word + punct
        if markers and draw(st.integers(0, 5)) == 0:
            piece += gen.marker()
        out.append(piece)
        if pages and k < n - 1 and draw(st.integers(0, 12)) == 0:
            out.append(gen.next_page())
    return " ".join(out)


@st.composite
def documents(draw):
    gen = Gen(offset=draw(st.sampled_from([1, 1, 1, 7, 55, 120])), page=draw(st.integers(1, 900)))
    numbered = draw(st.booleans())
    number = draw(st.integers(1, 999))
    head = f"{number}. " if numbered else ""
    gen.expected.append(head)
    head += words_text(draw, gen, 2, 8, markers=False, pages=False)
    if draw(st.booleans()):  # the source note's marker on the heading
        head += gen.marker()
    blocks = [head]
    for _ in range(draw(st.integers(0, 6))):
        kind = draw(st.sampled_from(["p", "p", "p", "list", "page"]))
        if kind == "p":
            lines = [words_text(draw, gen) for _ in range(draw(st.integers(1, 3)))]
            blocks.append("\n".join(lines))
        elif kind == "page":
            blocks.append(gen.next_page())
        else:
            lines = []
            label = draw(st.sampled_from([None, None, "SUBJECT", "PARTICIPANTS"]))
            if label:
                gen.expected.append(label)
                lines.append(label)
            depth = 0
            for k in range(draw(st.integers(1, 6))):
                if k and draw(st.integers(0, 8)) == 0:
                    lines.append(gen.next_page())  # a page marker between items
                depth = draw(st.integers(0, depth + 1 if k else 0)) if k else 0
                depth = min(depth, 2)
                lines.append("  " * (depth + 1) + "• " + words_text(draw, gen, 1, 6, pages=False))
            blocks.append("\n".join(lines))
    notes = []
    for index in range(1, len(gen.markers) + 1):
        paras = [" ".join(draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=8))) + "."
                 for _ in range(draw(st.sampled_from([1, 1, 1, 2])))]
        if index == 1 and draw(st.booleans()):
            paras[0] = "Source: " + paras[0]
        notes.append(paras)
    text = "\n\n".join(blocks) + "\n"
    if notes:
        listing = []
        for index, paras in enumerate(notes, 1):
            listing.append(f"  {index}. {paras[0]}")
            for more in paras[1:]:
                listing.append("")
                listing.append(f"    {more}")
        text += "\n" + "\n".join(listing) + "\n"
    return text, gen, notes, numbered


# --------------------------------------------------------------- checking
def _validator():
    try:
        from pipeline.validate import Validator
    except ImportError:
        Validator = None
    if Validator is not None:
        v = Validator()
        return lambda data: [p.format() for p in v.check(etree.fromstring(data).getroottree(), "generated")
                             if p.level == "error"]
    rng_path = PROJECT / "schemas" / "edition.rng"
    if rng_path.exists():
        rng = etree.RelaxNG(etree.parse(str(rng_path)))
        return lambda data: [] if rng.validate(etree.fromstring(data)) else [str(rng.error_log.last_error)]
    return lambda data: etree.fromstring(data) is not None and []


CHECK = _validator()


@pytest.fixture(scope="module")
def folder():
    with tempfile.TemporaryDirectory(prefix="robust-props-") as d:
        yield Path(d)


def encode(folder: Path, text: str, name: str = "d42.txt") -> bytes:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    tree, rep, _ = encode_document(path, VOLUME, 1)
    assert tree is not None and not rep.errors, rep.lines()
    return serialize(tree)


def outside_notes(node, out: list, notes: list, before: int = 0) -> int:
    """Walk the div: text outside notes into ``out``; each note with the count of
    non-white-space characters before it."""
    if node.text:
        out.append(node.text)
        before += len("".join(node.text.split()))
    for child in node:
        if child.tag == TEI + "note":
            notes.append((child, before))
        else:
            before = outside_notes(child, out, notes, before)
        if child.tail:
            out.append(child.tail)
            before += len("".join(child.tail.split()))
    return before


@given(documents())
@PROFILE
def test_generated_documents_keep_text_notes_and_validity(folder, doc):
    text, gen, notes, numbered = doc
    data = encode(folder, text)
    problems = CHECK(data)
    assert problems == [], "\n".join(problems) + "\n---\n" + text

    div = etree.fromstring(data).find(".//t:body/t:div", NS)
    pieces, found = [], []
    outside_notes(div, pieces, found)
    got = "".join("".join(pieces).split())
    want = "".join("".join(gen.expected).split())
    assert got == want, text

    # every note kept, in list order, with the list's text, at its marker
    assert len(found) == len(notes), text
    by_id = {n.get(XML_ID): (n, before) for n, before in found}
    for index, paras in enumerate(notes, 1):
        node, before = by_id[f"{div.get(XML_ID)}fn{index}"]
        paragraphs = node.findall("t:p", NS)  # annotators may mark up words inside
        body = [p.xpath("string()") for p in paragraphs] if paragraphs else [node.xpath("string()")]
        assert body == paras, text
        assert node.get("n") == str(gen.offset + index - 1), text
        assert before == dict(gen.markers)[index], f"note {index} misplaced\n{text}"


@given(documents())
@PROFILE
def test_two_runs_give_the_same_bytes(folder, doc):
    text = doc[0]
    assert encode(folder, text, "d7.txt") == encode(folder, text, "d7.txt")


@given(documents(), st.sampled_from(["\n", "\r\n"]), st.booleans())
@PROFILE
def test_line_ends_and_byte_order_mark_do_not_change_the_tei(folder, doc, ending, bom):
    text = doc[0]
    data = ("\ufeff" if bom else "") + text.replace("\n", ending)
    assert encode(folder, data, "d9.txt") == encode(folder, text, "d9.txt")
