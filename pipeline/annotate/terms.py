"""Abbreviations: occurrences of the volume's List of Abbreviations become
``<gloss target="#t_…">``.

Matching is case-sensitive and on word boundaries: "OPA" in "OPA–I" is the
term, "UN" in "UNESCO" is not, a one-letter office symbol ("S", "G") is never
an initial ("S. Everett", "U.S."). A spelling listed twice ("CA": Central
America, circular airgram) is linked to the first entry and reported.
"""
from __future__ import annotations

from .spans import PRECEDENCE, Slot, Span

RANK = PRECEDENCE["abbreviation"]


def find(slot: Slot, fm, reporter, reported: set) -> list[Span]:
    pattern, forms = fm.term_pattern
    if pattern is None:
        return []
    out = []
    for m in pattern.finditer(slot.text):
        terms = forms[m.group()]
        if len(terms) > 1 and m.group() not in reported:
            reported.add(m.group())
            reporter.decide("term", terms[0].id, [t.id for t in terms[1:]], slot.line, None,
                            note=f"“{m.group()}” is listed {len(terms)} times; linked to the first entry")
        out.append(Span(m.start(), m.end(), "gloss", {"target": "#" + terms[0].id}, rank=RANK))
    return out
