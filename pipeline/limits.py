"""Bounds on what one document may ask of the pipeline.

Printed FRUS documents stay far inside each of them; a text beyond one is
pasted or made to hurt, and is refused with an error at its place, so that
it is never the reason a build stops or runs out of time or memory (Saxon
refuses elements nested more than 100 deep; a file name is at most 255 bytes).
"""
from __future__ import annotations

import re

from .model import Document
from .report import Reporter

MAX_LIST_DEPTH = 20  # lists within lists (printed documents use three or four)
MAX_NUMBER = 20  # characters of a page number or a document number
MAX_NOTES = 20_000  # footnotes in one document
MAX_PAGES = 20_000  # page markers in one document
PAGE = re.compile(r"\[Page ([^\]\s]*)\]")


def check(doc: Document, lines: list[str], rep: Reporter) -> None:
    """Report an error for each bound the document passes (the document is then not written)."""
    number = doc.number or ""
    if len(number) > MAX_NUMBER or len(doc.doc_id) > MAX_NUMBER + 1:
        head = next((b for b in doc.blocks if b.kind == "head"), None)
        rep.error("limit-number", f"a document number of {len(number) or len(doc.doc_id)} characters "
                  f"(at most {MAX_NUMBER})", head.line if head else 1, 1)
    pages = 0
    for no, line in enumerate(lines, 1):
        for m in (PAGE.finditer(line) if "[Page " in line else ()):  # (most lines hold none: a substring test is cheap)
            pages += 1
            if len(m.group(1)) > MAX_NUMBER:
                rep.error("limit-number", f"a page number of {len(m.group(1))} characters (at most {MAX_NUMBER})",
                          no, m.start() + 1)
    if pages > MAX_PAGES:
        rep.error("limit-pages", f"{pages} page markers in one document (at most {MAX_PAGES})", 1, 1)
    if len(doc.notes) > MAX_NOTES:
        rep.error("limit-notes", f"{len(doc.notes)} footnotes in one document (at most {MAX_NOTES})",
                  doc.notes[MAX_NOTES].paragraphs[0].line, 1)
    deep = _too_deep([i for b in doc.blocks for i in b.items], 1)
    if deep is not None:
        rep.error("limit-depth", f"lists nested more than {MAX_LIST_DEPTH} deep", deep.line, 1)


def _too_deep(items, depth: int):
    """The first item nested deeper than MAX_LIST_DEPTH, or None (iteratively: no recursion limit)."""
    stack = [(item, depth) for item in reversed(items)]
    while stack:
        item, level = stack.pop()
        if level > MAX_LIST_DEPTH:
            return item
        stack.extend((child, level + 1) for child in reversed(item.children))
    return None
