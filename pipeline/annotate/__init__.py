"""Annotate stage: the semantic markup of a document, in place.

``annotate(div, ctx)`` runs ``ANNOTATORS``, a declared chain of named rules, in
order, over a TEI ``div type="document"`` written by the encoder (plain text in
``head``, ``p``, ``item``, ``note``, ``dateline``, ``signed``):

  document-date   the creation date, from the dateline, else the heading, else
                  inferred (file number, dates in the text) and reported;
                  written as ``frus:doc-dateTime-min``/``-max`` (see ``dates``)
  datelines       ``placeName`` and ``date`` (see ``datelines``)
  parties         sender and recipient of the heading (see ``heads``)
  dates           ``date when|from|to`` in text and notes (see ``dates``)
  references      ``ref target="#d578"`` / ``#pg_315`` (see ``xrefs``)
  abbreviations   ``gloss target="#t_…"`` (see ``terms``)
  names           ``persName corresp="#p_…"`` (see ``persons``: its cues are
                  named rules too)

Each rule proposes spans inside single text nodes; where spans overlap, the
precedence table ``spans.PRECEDENCE`` decides (dates and references win over
names, names over abbreviations, then the longer span). Wrapping never adds,
drops or moves a character. ``AnnotateContext.off`` names rules to switch off
(an annotator, or a cue of ``persons.RULES``), for tests and measurement.

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

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from . import dates, datelines, heads, persons, terms, xrefs
from .frontmatter import Frontmatter, Person, Term, load_frontmatter as _load
from .pins import Pins
from .spans import PRECEDENCE, Slot, Span, apply, collect, frus_attr, local

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
    off: frozenset = frozenset()  # names of rules switched off


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


@dataclass(eq=False)
class Work:
    """What the annotators of one document share."""

    div: object
    fm: Frontmatter
    rep: object
    pins: Pins
    slots: list[Slot]
    result: "AnnotateResult"
    off: frozenset
    volume_id: str
    reference: Callable = lambda slot: None  # the reference for year-less dates in a slot
    parties: dict = field(default_factory=dict)  # slot index → [(start, end, "from"|"to", own persName)]


def date_document(w: Work) -> None:
    value, w.reference = dates.document_date(w.slots, w.volume_id, w.pins, w.rep)
    if value:
        w.result.date_when = value.get("when") or value.get("from")
        w.result.date_min, w.result.date_max = dates.span_of(value)
        if w.result.date_min and w.result.date_max:
            w.div.set(frus_attr("doc-dateTime-min"), w.result.date_min)
            w.div.set(frus_attr("doc-dateTime-max"), w.result.date_max)


def mark_datelines(w: Work) -> None:
    """The first dated dateline gives the place and the date (FRUS tags no other);
    an enclosure printed with the letter has its own, and so has a closing dateline."""
    dated = set()
    for slot in w.slots:
        if slot.block == "dateline":
            closing = any(local(a) == "closer" for a in slot.parent.iterancestors())
            text = (dates.enclosing_text(slot.parent), closing)
            if text in dated:
                continue
            place, date = datelines.annotate(slot)
            if date is not None:
                dates.apply_pin(slot, date, w.pins, w.rep)
            slot.spans += [s for s in (place, date) if s is not None]
            if date is not None:
                dated.add(text)


def mark_parties(w: Work) -> None:
    if not heads.marked(dates.volume_years(w.volume_id)):
        return
    for slot in w.slots:
        if slot.in_head and not slot.in_note and slot.prev is None:
            found, spans = heads.parties(slot)
            if found:
                w.parties[slot.index] = found
                slot.spans += spans


def _text_slots(w: Work):
    return (slot for slot in w.slots if slot.block != "dateline")


def mark_dates(w: Work) -> None:
    for slot in _text_slots(w):
        slot.spans += dates.in_text(slot, w.reference(slot), w.pins, w.rep)


def mark_references(w: Work) -> None:
    for slot in _text_slots(w):
        slot.spans += xrefs.find(slot)


def mark_abbreviations(w: Work) -> None:
    reported: set = set()
    for slot in _text_slots(w):
        slot.spans += terms.find(slot, w.fm, w.rep, reported)


def mark_names(w: Work) -> None:
    """Names, and in the report why each was linked (see ``persons.summary``)."""
    mentions = persons.find(w.slots, w.fm, w.pins, w.rep, w.off)
    if mentions and hasattr(w.rep, "facts"):
        w.rep.facts["names"] = persons.summary(mentions)
    for m in mentions:
        attrs = {"corresp": "#" + m.corresp if m.corresp else None}
        party = None
        for s, e, kind, own in w.parties.get(m.slot.index, ()):
            if s <= m.start and m.end <= e:
                attrs["type"], party = kind, own
        if party is not None:  # rule *addressed heading*: the party is the name; the name lends it its link
            party.attrs["corresp"] = attrs["corresp"]
        else:
            m.slot.spans.append(Span(m.start, m.end, "persName", attrs, rank=PRECEDENCE["name"]))


@dataclass(frozen=True)
class Annotator:
    name: str
    run: Callable[[Work], None]


# The chain, in the order it runs (the document's date first: year-less dates are read against it).
ANNOTATORS = (
    Annotator("document-date", date_document),
    Annotator("datelines", mark_datelines),
    Annotator("parties", mark_parties),
    Annotator("dates", mark_dates),
    Annotator("references", mark_references),
    Annotator("abbreviations", mark_abbreviations),
    Annotator("names", mark_names),
)


def annotate(div, ctx: AnnotateContext) -> AnnotateResult:
    fm = ctx.frontmatter if ctx.frontmatter is not None else _NO_LISTS
    pins = Pins.load(ctx.pins, ctx.reporter)
    w = Work(div, fm, ctx.reporter, pins, collect(div), AnnotateResult(), ctx.off, ctx.volume_id)
    for step in ANNOTATORS:
        if step.name not in ctx.off:
            step.run(w)
    seen_p, seen_t = {}, {}
    for slot in w.slots:
        if not slot.spans:
            continue
        for el in apply(slot, slot.spans):
            name = local(el)
            if name == "persName" and el.get("corresp"):
                seen_p.setdefault(el.get("corresp")[1:], None)
            elif name == "gloss" and el.get("target"):
                seen_t.setdefault(el.get("target")[1:], None)
    pins.report_unused(ctx.reporter)
    w.result.persons = list(seen_p)
    w.result.terms = list(seen_t)
    return w.result
