"""Text slots and wrapping: the machinery every annotator shares.

A *slot* is one run of character data in the document: an element's ``text``
or a child's ``tail``. Annotators look at slots, propose ``Span``s (offsets
inside one slot), and ``apply`` wraps them in new elements. A span never
crosses an element boundary, and wrapping only moves existing characters into
a new element, so the document's text is unchanged by construction.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

TEI_NS = "http://www.tei-c.org/ns/1.0"
FRUS_NS = "http://history.state.gov/frus/ns/1.0"

# Elements whose text is never annotated: the file number printed above older
# documents, breaks, and anything already marked up.
SEMANTIC = {"persName", "placeName", "date", "gloss", "ref", "term", "orgName", "name", "time"}
OPAQUE = SEMANTIC | {"pb", "lb", "figure", "graphic", "gap"}
BLOCKS = {"head", "p", "item", "dateline", "signed", "seg", "note", "label", "salute", "cell", "quote"}


def T(tag: str) -> str:
    return f"{{{TEI_NS}}}{tag}"


_LOCAL: dict = {}  # tag → local name: a document has few distinct tags, and asks often


def local(el) -> str:
    tag = el.tag
    name = _LOCAL.get(tag)
    if name is None:
        name = _LOCAL[tag] = tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""
    return name


@dataclass(eq=False)
class Slot:
    """One text node: ``parent.text`` when ``prev`` is None, else ``prev.tail``."""

    parent: object
    prev: object | None
    text: str
    block: str  # nearest block element: head, p, item, dateline, note, signed, …
    in_note: bool
    in_head: bool
    list_type: str | None  # @type of the nearest list ("participants", "subject")
    item_start: bool  # the slot opens a list item (for "Name, office" items)
    line: int | None
    index: int = 0  # position in document order
    spans: list["Span"] = field(default_factory=list)


# Precedence, one table for every annotator: where spans overlap, the lower rank
# wins, then the longer span. A dateline's place and date are certain; dates and
# references are found by a grammar and are surer than names; a heading's sender
# or recipient gives way to the names inside it, and holds an abbreviation
# ("Headquarters in Operation PBSUCCESS"), as a name holds an abbreviation-like word.
PRECEDENCE = {
    "dateline": 0,
    "date": 1,
    "reference": 1,
    "name": 2,
    "party": 3,
    "abbreviation": 4,
}


@dataclass
class Span:
    start: int
    end: int
    tag: str
    attrs: dict
    rank: int = 0  # a value of PRECEDENCE
    pinned: bool = False


def collect(div) -> list[Slot]:
    """Every annotatable text node of a document, in reading order."""
    slots: list[Slot] = []

    def walk(el, block, in_note, in_head, list_type):
        name = local(el)
        if name == "list":
            list_type = el.get("type") or list_type
        if name in BLOCKS:
            block = name
        if name == "note":
            in_note = True
        if name == "head" and not in_note:
            in_head = True
        if el.text:
            slots.append(Slot(el, None, el.text, block, in_note, in_head, list_type, name == "item", el.sourceline))
        for child in el:
            cname = local(child)
            if cname and cname not in OPAQUE and not (cname == "note" and child.get("rend") == "inline"):
                walk(child, block, in_note, in_head, list_type)
            if child.tail:
                slots.append(Slot(el, child, child.tail, block, in_note, in_head, list_type, False, el.sourceline))

    walk(div, "div", False, False, None)
    for i, s in enumerate(slots):
        s.index = i
    return slots


def choose(spans: list[Span]) -> list[Span]:
    """Non-overlapping spans: lower rank first, then longer, then earlier."""
    if len(spans) < 2:
        return spans
    starts: list[int] = []  # the chosen spans, kept sorted by start
    chosen: list[Span] = []
    for s in sorted(spans, key=lambda s: (s.rank, s.start - s.end, s.start)):
        i = bisect.bisect_right(starts, s.start)
        if (i and chosen[i - 1].end > s.start) or (i < len(chosen) and chosen[i].start < s.end):
            continue
        starts.insert(i, s.start)
        chosen.insert(i, s)
    return chosen


def apply(slot: Slot, spans: list[Span]) -> list:
    """Wrap the spans of one slot in new elements; returns them in order."""
    if not spans:  # most slots
        return []
    spans = [s for s in choose(spans) if s.end > s.start]
    if not spans:
        return []
    text, parent = slot.text, slot.parent
    head = text[: spans[0].start]
    if slot.prev is None:
        parent.text = head or None
    else:
        slot.prev.tail = head or None
    made = []
    before = slot.prev
    line = parent.sourceline
    for i, s in enumerate(spans):
        el = parent.makeelement(T(s.tag) if "}" not in s.tag else s.tag)
        for k, v in s.attrs.items():  # set one by one: lxml's attrib argument costs about twice as much each
            if v is not None:
                el.set(k, v)
        el.text = text[s.start: s.end]
        nxt = spans[i + 1].start if i + 1 < len(spans) else len(text)
        el.tail = text[s.end: nxt] or None
        if line:
            el.sourceline = line
        if before is None:
            parent.insert(0, el)
        else:
            before.addnext(el)  # keeps before's tail where it is: before the new element
        before = el
        made.append(el)
    return made


def trie_pattern(words, not_after: str = "", after: str = "") -> str:
    """One regular expression for many literal words, shared prefixes merged
    ("ARA|ARA/REA" → "ARA(?:/REA)?"): far faster than a flat alternation.
    ``not_after`` is a character class that may not stand right before a word,
    ``after`` is put after the words (a boundary). The class is looked at
    behind the first letter, not before it, so that the pattern opens on
    the words' first letters and re skips straight to the next of them."""
    trie: dict = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}
    guard = f"(?<!{not_after}.)" if not_after else ""

    def build(node, top: bool = False) -> str:
        alts = [re.escape(ch) + (guard if top else "") + build(child) for ch, child in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        if "" in node:
            return "(?:" + body + ")?" if len(alts) == 1 else body + "?"
        return body

    return f"(?:{build(trie, top=True)}){after}"


def frus_attr(name: str) -> str:
    return f"{{{FRUS_NS}}}{name}"
