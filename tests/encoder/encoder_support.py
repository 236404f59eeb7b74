"""Helpers for the encoder's tests: run the stages on a text given inline.

A plain module, not a conftest, so that other test folders' conftest files
cannot shadow it."""
from __future__ import annotations

from pathlib import Path

from pipeline import parser, reader, resolve
from pipeline.model import NoteRef
from pipeline.report import Reporter


def parse_text(text: str, name: str = "d1.txt"):
    rep = Reporter(name)
    source = reader.read_bytes(Path(name), text.encode("utf-8"), rep)
    doc = parser.parse(source, rep, "d1", "1")
    return doc, rep


def resolve_text(text: str, pins=None):
    doc, rep = parse_text(text)
    resolve.resolve(doc, rep, pins or {})
    return doc, rep


def placements(doc) -> list[tuple[str, str]]:
    """(the 20 characters before each note, its printed number), in order."""
    out = []
    for t in doc.texts():
        before = ""
        for tok in t.tokens:
            if isinstance(tok, str):
                before += tok
            elif isinstance(tok, NoteRef):
                out.append((before[-20:], tok.n))
    return out


def kinds(text: str) -> list[str]:
    doc, _ = parse_text(text)
    return [b.kind for b in doc.blocks]
