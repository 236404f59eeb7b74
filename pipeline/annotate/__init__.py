"""Annotate stage: the semantic markup of a document, in place.

``annotate(div, ctx)`` runs ordered transforms over a TEI ``div type="document"``
written by the encoder (plain text in ``head``, ``p``, ``item``, ``note``,
``dateline``, ``signed``):

  1. document date   the creation date, from the dateline, else the heading,
                     else inferred (file number, dates in the text) and reported;
                     written as ``frus:doc-dateTime-min``/``-max``
  2. datelines       ``placeName`` and ``date`` (see ``datelines``)
  3. heading parties sender and recipient (see ``heads``)
  4. dates           ``date when|from|to`` in text and notes (see ``dates``)
  5. references      ``ref target="#d578"`` / ``#pg_315`` (see ``xrefs``)
  6. names           ``persName corresp="#p_…"`` (see ``persons``)
  7. abbreviations   ``gloss target="#t_…"`` (see ``terms``)

Each transform proposes spans inside single text nodes; where spans overlap,
dates and references win over names, names over abbreviations, and the longer
span over the shorter. Wrapping never adds, drops or moves a character.

Every guess goes to ``reporter.decide``: an inferred year ("date-year"), the
document's date when there is no dateline ("date-document"), a name that two
listed persons share ("person"), an abbreviation listed twice ("term"). Pins
in the document's sidecar file fix them (format: ``pins``).

Dates are found by a small grammar, not a library. dateparser 1.5.0
(``search.search_dates``, English, the document's date as base, past
preferred) was measured on the two seeds and ten dev documents: 58 ms per
document against 0.1–0.4 ms for the grammar; it took file and telegram
numbers for dates ("37/8" in 611.37/8–360 → 1937-08-03, "2744" → year 2744),
and words ("we", "now") too, put prepositions inside its spans ("On January
1, 1944, in"), and read "August 9" in a memorandum of August 3, 1960 as 1959.
python-dateutil parses one date per string and finds no spans.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from pathlib import Path

from . import dates, datelines, heads, persons, terms, xrefs
from .frontmatter import Frontmatter, Person, Term, load_frontmatter as _load
from .pins import VALUE_KEYS, Pins
from .spans import Slot, Span, apply, collect, frus_attr, local

__all__ = ["load_frontmatter", "annotate", "back_matter", "Frontmatter", "AnnotateContext", "AnnotateResult",
           "Person", "Term"]


def load_frontmatter(volume_dir: Path, reporter) -> Frontmatter:
    """The volume's List of Persons and List of Abbreviations (empty when absent)."""
    return _load(Path(volume_dir), reporter)


@dataclass
class AnnotateContext:
    frontmatter: Frontmatter | None
    reporter: object
    pins: dict = field(default_factory=dict)
    volume_id: str = ""
    doc_id: str = ""


@dataclass
class AnnotateResult:
    date_when: str | None = None  # the document's date, for the teiHeader
    date_min: str | None = None  # frus:doc-dateTime-min
    date_max: str | None = None
    persons: list[str] = field(default_factory=list)  # ids of the listed persons mentioned, in order
    terms: list[str] = field(default_factory=list)  # ids of the abbreviations used, in order


def back_matter(fm: Frontmatter | None, result: AnnotateResult) -> list:
    """The persons and terms divs holding only the entries this document uses."""
    if fm is None:
        return []
    return fm._divs(set(result.persons), set(result.terms))


# --------------------------------------------------------------------------
_NO_LISTS = Frontmatter()  # for volumes without lists; shared, so its caches serve every document


def annotate(div, ctx: AnnotateContext) -> AnnotateResult:
    fm = ctx.frontmatter if ctx.frontmatter is not None else _NO_LISTS
    rep = ctx.reporter
    pins = Pins.load(ctx.pins, rep)
    slots = collect(div)
    result = AnnotateResult()

    value, ref_for = _document_date(slots, ctx, pins)
    if value:
        result.date_when = value.get("when") or value.get("from")
        result.date_min, result.date_max = dates.span_of(value)
        if result.date_min and result.date_max:
            div.set(frus_attr("doc-dateTime-min"), result.date_min)
            div.set(frus_attr("doc-dateTime-max"), result.date_max)

    parties: dict[int, list[tuple[int, int, str]]] = {}
    dateline_done = False
    term_reported: set = set()
    for slot in slots:
        if slot.block == "dateline":
            if not dateline_done:
                place, date = datelines.annotate(slot)
                if date is not None:
                    dateline_done = True
                    _pin_date(slot, date, pins, rep)
                slot.spans += [s for s in (place, date) if s is not None]
            continue
        if slot.in_head and not slot.in_note and slot.prev is None:
            found, glosses = heads.parties(slot)
            if found:
                parties[slot.index] = found
                slot.spans += glosses
        slot.spans += _dates(slot, ref_for(slot), pins, rep)
        slot.spans += xrefs.find(slot)
        slot.spans += terms.find(slot, fm, rep, term_reported)

    for m in _names(slots, fm, pins, rep):
        attrs = {"corresp": "#" + m.corresp if m.corresp else None}
        for s, e, kind in parties.get(m.slot.index, ()):
            if s <= m.start and m.end <= e:
                attrs["type"] = kind
        m.slot.spans.append(Span(m.start, m.end, "persName", attrs, rank=2))

    seen_p, seen_t = {}, {}
    for slot in slots:
        for el in apply(slot, slot.spans):
            name = local(el)
            if name == "persName" and el.get("corresp"):
                seen_p.setdefault(el.get("corresp")[1:], None)
            elif name == "gloss" and el.get("target"):
                seen_t.setdefault(el.get("target")[1:], None)
    pins.report_unused(rep)
    result.persons = list(seen_p)
    result.terms = list(seen_t)
    return result


# dates ----------------------------------------------------------------------
def _document_date(slots: list[Slot], ctx, pins: Pins):
    """The document's date, and a function giving the reference for year-less dates in a slot."""
    rep = ctx.reporter
    years = dates.volume_years(ctx.volume_id)
    value, line = None, None
    for where in ("dateline", "head"):
        for slot in slots:
            if (slot.block == "dateline" and not _in_attachment(slot.parent)) if where == "dateline" \
                    else (slot.in_head and not slot.in_note):
                f = dates.first_date(slot.text)
                if f:
                    value, line = f.attrs, slot.line
                    break
        if value is not None:
            break
    if pins.document_date:
        value = pins.document_date
        rep.decide("date-document", _show(value), [], line, None, pinned=True)
    reference = dates.Reference()
    if value is not None:
        reference.date = dates.as_date(value.get("when") or value.get("from"))
        reference.year = int((value.get("when") or value.get("from"))[:4])
        return value, lambda slot: reference

    # no dateline and no dated heading: the source note's file number, else the text's own years
    filed = None
    for slot in slots:
        if slot.in_note and slot.in_head and slot.text.lstrip().startswith("Source:"):
            filed = dates.file_date(slot.text, years)
            if filed:
                line = slot.line
                break
    explicit = [] if filed else _explicit_years(slots)  # (slot, offset, year) of every date that gives its year
    inside = [y for _, _, y in explicit if years is None or years[0] <= y <= years[1]]
    year, note = None, ""
    if filed:
        year, note = filed.year, f"the filing date {filed.isoformat()} in the source note's file number"
        reference.date = filed
    elif inside:
        year, note = max(inside), "the latest year the text gives"
    elif years and years[0] == years[1]:
        year, note = years[0], "the volume's year"
    if year is None:
        if any(dates.DATE.search(s.text) for s in slots):
            rep.decide("date-document", "", [str(y) for y in range(years[0], years[1] + 1)] if years else [], 1, None,
                       note="no dateline, no dated heading: dates without a year are left untagged; pin the document's date")
        return None, lambda slot: None
    alternatives = sorted({str(y) for y in inside} - {str(year)})
    rep.decide("date-document", str(year), alternatives, line or 1, None, note=f"no dateline: year from {note}")
    value = {"when": str(year)}
    reference.year = year
    if reference.date is not None:
        return value, lambda slot: reference

    keys = [(i, p) for i, p, _ in explicit]

    def running(slot: Slot):
        """In an undated text (an editorial note), a year-less date takes the last year given before it."""
        def at(pos: int):
            k = bisect.bisect_left(keys, (slot.index, pos))
            return dates.Reference(None, explicit[k - 1][2] if k else year)
        return at
    return value, running


def _explicit_years(slots: list[Slot]) -> list[tuple[int, int, int]]:
    out = []
    for slot in slots:
        for m in dates.DATE.finditer(slot.text):
            y = m.group("y1") or m.group("y2") or m.group("y3") or m.group("y4")
            if y:
                out.append((slot.index, m.start(), int(y)))
    return out


def _in_attachment(el) -> bool:
    while el is not None:
        if local(el) == "attachment":
            return True
        el = el.getparent()
    return False


def _show(attrs: dict) -> str:
    return " ".join(f"{k}={v}" for k, v in attrs.items())


def _dates(slot: Slot, ref, pins: Pins, rep) -> list[Span]:
    timed = slot.in_head and not slot.in_note
    out = []
    if ref is None and not dates.DATE.search(slot.text):
        return out
    for f in dates.find(slot.text, ref or dates.Reference(), timed=timed):
        span = Span(f.start, f.end, "date", dict(f.attrs), rank=1)
        if _pin_date(slot, span, pins, rep) is False:
            continue
        if f.inferred and not span.pinned:
            rep.decide("date-year", _show(span.attrs),
                       [_show({k: v.replace(v[:4], str(y), 1) for k, v in span.attrs.items()}) for y in f.alternatives],
                       slot.line, None, note=f"“{slot.text[f.start:f.end]}” has no year")
        out.append(span)
    return out


def _pin_date(slot: Slot, span: Span, pins: Pins, rep) -> bool | None:
    """Apply a [[date]] pin to a date found: False if pinned as no date, True if pinned, None if no pin."""
    pin = pins.date(slot.text[span.start: span.end], slot.line)
    if pin is None:
        return None
    if pin.table.get("tag") is False:
        rep.decide("date", "not a date", [_show(span.attrs)], slot.line, None, pinned=True)
        return False
    value = {k: str(pin.table[k]) for k in VALUE_KEYS if k in pin.table}
    if value:
        rep.decide("date", _show(value), [_show(span.attrs)], slot.line, None, pinned=True)
        span.attrs = value
        span.pinned = True
    return True


# names ----------------------------------------------------------------------
def _names(slots: list[Slot], fm: Frontmatter, pins: Pins, rep) -> list:
    doc_text = "\n".join(s.text for s in slots)
    rec = persons.Recogniser(fm, doc_text)
    mentions, undecided = [], []
    for slot in slots:
        if slot.block == "dateline":
            continue
        found, rest = rec.scan(slot)
        mentions += found
        undecided += rest
    mentions += rec.known(mentions, undecided)
    mentions.sort(key=lambda m: (m.slot.index, m.start))
    mentions = _pinned_names(mentions, slots, pins, fm, rep)
    persons.link(mentions, rep)
    return mentions


def _pinned_names(mentions, slots, pins: Pins, fm, rep):
    out = []
    for m in mentions:
        pin = pins.person(m.text, m.slot.line)
        if pin is None:
            out.append(m)
            continue
        if pin.table.get("tag") is False:
            rep.decide("person", "not a name", [m.corresp or ""], m.slot.line, None, pinned=True,
                       note=f"“{m.text}”")
            continue
        if "corresp" in pin.table:
            pid = str(pin.table["corresp"]).lstrip("#")
            if pid and fm.person(pid) is None:
                rep.warn("pin-unknown-person", f"[[person]] pin for “{m.text}”: {pid} is not in the List of Persons",
                         m.slot.line, None)
            else:
                m.persons = [fm.person(pid)] if pid else []
                rep.decide("person", pid, [], m.slot.line, None, pinned=True, note=f"“{m.text}”")
        out.append(m)
    # a pin that names text the recogniser missed tags it
    taken = {(m.slot.index, m.start) for m in out}
    for pin in pins.persons:
        if pin.used or pin.table.get("tag") is not True:
            continue
        for slot in slots:
            if pin.line is not None and slot.line != pin.line:
                continue
            at = slot.text.find(pin.text)
            if at >= 0 and (slot.index, at) not in taken:
                pin.used = True
                pid = str(pin.table.get("corresp", "")).lstrip("#")
                out.append(persons.Mention(slot, at, at + len(pin.text), pin.text.split(), "pinned", [],
                                           [fm.person(pid)] if pid and fm.person(pid) else []))
                break
    out.sort(key=lambda m: (m.slot.index, m.start))
    return out
