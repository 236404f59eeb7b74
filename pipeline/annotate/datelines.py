"""Datelines: the place and the creation date of a document.

    [Washington,] December 26, 1941.
      → [<placeName>Washington</placeName>,] <date when="1941-12-26">December 26, 1941</date>.
    Buenos Aires, August 8, 1941—3 p.m. [Received 6:20 p.m.]
      → <placeName>Buenos Aires</placeName>, <date when="1941-08-08T15:00:00">August 8, 1941—3 p.m.</date> [Received 6:20 p.m.]

Only the first date is the creation date (FRUS tags no other date in a
dateline: "[Received …]" stays text). Brackets and punctuation stay outside.
"""
from __future__ import annotations

import re

from . import dates
from .spans import PRECEDENCE, Slot, Span

RANK = PRECEDENCE["dateline"]

# what is left of the dateline before the date: "[Washington,] ", "Laranjeiras Palace, Rio de Janeiro, "
PLACE = re.compile(r"^(\s*\[?\s*)([A-ZÀ-Þ][^\[\]]*?)(\s*,?\s*\]?\s*,?\s*"
                   r"(?:(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday),?\s*)?)$")
UNDATED = re.compile(r"\b(?:undated|Undated|no date)\b")


def annotate(slot: Slot) -> tuple[Span | None, Span | None]:
    """Spans for the place and the date of a dateline slot."""
    text = slot.text
    found = dates.first_date(text)
    if found is not None:
        date = Span(found.start, found.end, "date", dict(found.attrs), rank=RANK)
        cut = found.start
    else:
        m = UNDATED.search(text)
        date = Span(m.start(), m.end(), "date", {}, rank=RANK) if m else None
        cut = m.start() if m else len(text)
    place = None
    m = PLACE.match(text[:cut])
    if m and len(m.group(2)) <= 80 and (date is not None or m.group(3).strip()):
        place = Span(m.start(2), m.end(2), "placeName", {}, rank=RANK)
    return place, date
