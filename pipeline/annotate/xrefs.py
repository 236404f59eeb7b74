"""Cross-references: "Document 578", "Documents 38 and 42", "footnote 3, Document 146", "p. 315",
"pp. 684 ff.".

Only references into this volume point at an id here (``#d578``, ``#pg_315``).
A citation of another book stays text ("Department of State Bulletin, August
25, 1958, p. 301"; "(Washington, 1960), p. 84"), and one of another FRUS
volume points at that volume only when its id can be spelled with certainty
("Foreign Relations, 1955–1957, vol. VII" → ``frus1955-57v07``).
"""
from __future__ import annotations

import re

from ..grammar import page_id
from .spans import PRECEDENCE, Slot, Span

RANK = PRECEDENCE["reference"]

ROMAN = {"i": 1, "v": 5, "x": 10, "l": 50}
# "footnote 3, Document 146", "Document 146, footnote 3": a note of another document
NOTE_REFS = re.compile(r"(?=[FfD])\b(?:[Ff]ootnote\s(\d{1,3}),?\s(?:to\s|of\s|in\s)?Document\s(\d{1,4})"
                       r"|Document\s(\d{1,4}),\s[Ff]ootnote\s(\d{1,3}))\b")
DOCS = re.compile(r"(?=D)\b(Documents?)\s(\d{1,4})(?![\d,.]\d)")
MORE_DOCS = re.compile(r"(?:,\s|\s?[–-]\s?|,?\sand\s)(\d{1,4})\b(?![\d.]\d)")
PAGES = re.compile(r"(?=p)(?<![\w.])(pp?\.)\s?([0-9]{1,4}|[ivxlIVXL]{1,7})\b(?!\.\d)")
VOLUME = re.compile(
    r"Foreign Relations,?\s(1[89]\d\d|20\d\d)(?:[–-](1[89]\d\d|20\d\d|\d\d))?,\s(?:[Vv]ol\.|[Vv]olume)\s"
    r"([ivxlIVXL]{1,7})\b(?!,?\s(?:[Pp]t\.|[Pp]art))")
# Where the clause citing a page begins: after ";", ":" or a sentence ("vol. XII" ends none).
CLAUSE = re.compile(r"[;:]\s*|[.?!]\s+(?=[A-Z][a-z])")
# Markers of a citation of some other publication, looked for in the same clause before "p."
ELSEWHERE = re.compile(r"(?:Bulletin|Papers|Record|Stat\.|UST|TIAS|Treaties|Series|Survey|Report|Review|Yearbook"
                       r"|Congress|Hearings|Times|Post|\(\w[^()]*\d{4}\)|\bvol\.|\bVol\.|\b1[89]\d\d,\s$)")


def roman(text: str) -> int | None:
    text = text.lower()
    total = 0
    for i, c in enumerate(text):
        v = ROMAN[c]
        total += -v if i + 1 < len(text) and ROMAN[text[i + 1]] > v else v
    return total or None


def volume_id(m: re.Match) -> str | None:
    first, last, vol = m.group(1), m.group(2), roman(m.group(3))
    if vol is None:
        return None
    years = first
    if last:
        years += "-" + last[-2:]
    return f"frus{years}v{vol:02d}"


def find(slot: Slot) -> list[Span]:
    text = slot.text
    out: list[Span] = []
    volumes = []
    # each pattern needs a word of its own (a plain substring test is far cheaper than a scan)
    for m in (VOLUME.finditer(text) if "Foreign Relations" in text else ()):
        vid = volume_id(m)
        if vid:
            out.append(Span(m.start(), m.end(), "ref", {"target": vid}, rank=RANK))
            volumes.append((m.end(), vid))

    def prefix(start: int) -> str | None:
        """The volume cited in the same clause before ("…, vol. VII, pp. 684"; "…, volume XX,
        Southeast Asia, 1969–1972, Document 5"), else None: this volume."""
        other = [vid for end, vid in volumes if 0 <= start - end <= 100 and not CLAUSE.search(text, end, start)]
        return other[-1] if other else None

    cites_document = "Document" in text
    for m in (NOTE_REFS.finditer(text) if cites_document else ()):
        note, doc = (m.group(1), m.group(2)) if m.group(1) else (m.group(4), m.group(3))
        out.append(Span(m.start(), m.end(), "ref", {"target": f"{prefix(m.start()) or ''}#d{int(doc)}fn{int(note)}"},
                        rank=RANK))
    for m in (DOCS.finditer(text) if cites_document else ()):
        vid = prefix(m.start()) or ""
        out.append(Span(m.start(), m.end(), "ref", {"target": f"{vid}#d{int(m.group(2))}"}, rank=RANK))
        pos = m.end()
        while more := MORE_DOCS.match(text, pos):
            out.append(Span(more.start(1), more.end(1), "ref", {"target": f"{vid}#d{int(more.group(1))}"}, rank=RANK))
            pos = more.end()
    for m in (PAGES.finditer(text) if "p." in text else ()):
        vid = prefix(m.start())
        if vid is None:
            window = text[max(0, m.start() - 200): m.start()]
            clause = [b.end() for b in CLAUSE.finditer(window)]
            if ELSEWHERE.search(window[clause[-1] if clause else 0:]):
                continue
        out.append(Span(m.start(), m.end(), "ref", {"target": f"{vid or ''}#{page_id(m.group(2))}"}, rank=RANK))
    return out
