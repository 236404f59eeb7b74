"""Resolve stage: page markers become breaks, footnote markers find their notes.

A footnote marker is the number printed in the volume, glued to the word
before it: ``letter2``, ``results.6``, ``19601`` (1960 + note 1), ``August 23``
(August 2 + note 3), ``December 1955`` (December 19 + note 55). Every glued
number is a *candidate*; a run of digits may be read several ways. The notes
are placed by the best reading of the whole document, not one marker at a
time: a dynamic programme over (note, candidate) chooses, in text order, one
candidate per note, weighing

* how marker-like each chosen reading is and how number-like each skipped one,
* how the printed numbers run: the next number (cheap), the same again (FRUS
  repeats "Not printed." numbers), or a jump (dear),
* a note that finds no marker at all (dearest; it is still written).

Where another placement comes close, the guess and its alternatives go to the
report; an editor pins a placement in the document's ``.pins.toml``.
"""
from __future__ import annotations

import bisect
import math
import re
from dataclasses import dataclass, field

from . import sidecar
from .grammar import MONTH, MONTH_NO
from .model import Document, NoteRef, PageBreak, Text
from .report import Reporter

PAGE = re.compile(r"\[Page ([^\]\s]+)\]")
BROKEN_PAGE = re.compile(r"\[Page(?!\s+[^\]\s]+\])")
# "\d\d*", not "\d+": a pattern that opens on a character class lets re skip
# straight to the next digit, where a group around a repeat makes it try each position.
MARKER_RUN = re.compile(r"(\d\d*)([a-d]?)")
SYMBOL_RUN = re.compile(r"(?<=[^\s*†‡§])[*†‡§]+(?=\s|$|[,.;:)\]’”])")
SYMBOLS = "*†‡§"  # looked for first: most segments have none, and a substring test is cheap
# Rule *letter-marker*: early volumes mark notes with a letter glued to the
# punctuation before it ("October,a with", "follows:a"); after a word's own
# letters it cannot be told from the word, so only this form is read.
LETTER_RUN = re.compile(r"[,;:”)\].]([a-z])(?=\s|$)")  # not after ’: "Department’s"
# Rule *spaced-marker*: "President Johnson 1", "Conversation 12a": a marker the
# copy spaced off a name, where nothing in the words explains the number: the
# word is not one that numbers things ("Tab 1", "Article 5"), nor a month, nor
# in capitals (NSC 68), and no word follows the number.
SPACED_AFTER_WORD = re.compile(r"\b([A-Z][a-z’']+) ([1-9]\d{0,2})([a-d]?)(?=[,.;:]?\s*$)")
NUMBERING_WORDS = frozenset(
    "Act Agenda Alternative Amendment Annex Appendix Article Attachment Box Case Chapter Circular Class Clause "
    "Deptel Despatch Dispatch Division Embtel Enclosure Exhibit Figure File Folder Form Group Inclosure Item "
    "Level Lot Meeting Model No Number Operation Option Page Paragraph Para Part Phase Plan Point Program Project "
    "Protocol Question Reel Region Resolution Room Round Route Rule Schedule Section Sector Session Stage Step "
    "Tab Table Telegram Title Volume Zone".split())
ZERO_COST = 1.0  # a note numbered 0 ("Khrushchev0"): some volumes number the source note's marker so
SYMBOL_BASE = 10**6
YEAR_AFTER = re.compile(r",? \d{4}\b")
CLOSING = set(".,;:)]’”\"'!?")
SENTENCE_END = set(".)]’”\"!?")
FOLLOW = set(",.;:)]’”\"—–-!?") 
AFTER_MONTH = re.compile(rf"{MONTH} $")
AFTER_DAY = re.compile(rf"{MONTH} \d{{1,2}}, $")
DATE_TAIL = 20  # characters before a digit run that hold a month, or a month and day ("September 30, ")

NEXT, SAME, JUMP, BACK, START, UNPLACED = 0.0, 1.0, 1.5, 0.5, 0.5, 8.0
CHEAPEST_JUMP = min(START, JUMP)  # the least _trans from a number other than the one before or the same
OFF_LIST = 0.1
BAND = 60
MAX_SURPLUS = 400
NEAREST = 8  # how many of the cheapest earlier numbers a jump is weighed from
MARGIN = 1.0  # alternatives this close to the best are reported


class Unreachable(Exception):
    """No placement lets note ``index`` take one of the markers it must take."""

    def __init__(self, index: int):
        super().__init__(index)
        self.index = index


@dataclass
class Option:
    value: int
    length: int  # characters of the marker, at the end of the digit run
    cost: float


@dataclass
class Candidate:
    text: int  # index into the document's Text list
    segment: int
    start: int  # offset of the digit run in the segment
    end: int
    skip: float  # the cost of reading the run as plain text
    kind: str
    options: list[Option] = field(default_factory=list)


# ------------------------------------------------------------ page markers
def split_pages(text: Text, reporter: Reporter) -> tuple[list, list[int]]:
    """Rule *page-marker* (inline): ``[Page N]`` becomes a break; one space
    around it goes with it so the words either side keep one space. Returns
    the pieces and where each starts in the text."""
    for m in BROKEN_PAGE.finditer(text.text):
        line, col = text.position(m.start())
        reporter.warn("page-marker-broken", "“[Page” without a page number and closing bracket; kept as text",
                      line, col)
    out: list = []
    offsets: list[int] = []
    last = 0
    for m in PAGE.finditer(text.text):
        before = text.text[last : m.start()]
        start_next = m.end()
        if before.endswith(" ") and text.text[start_next : start_next + 1] == " ":
            start_next += 1
        if before:
            out.append(before)
            offsets.append(last)
        line, col = text.position(m.start())
        out.append(PageBreak(m.group(1), line, col))
        offsets.append(m.start())
        last = start_next
    if last < len(text.text) or not out:
        out.append(text.text[last:])
        offsets.append(last)
    return out, offsets


# ------------------------------------------------------- marker candidates
def _prefix_cost(prefix: str, before: str) -> float:
    """How plausible the digits left of a marker are as a number of their own;
    ``before`` is the text just before them (``DATE_TAIL`` characters suffice)."""
    if prefix.startswith("0"):
        return -1
    value = int(prefix)
    if AFTER_MONTH.search(before):
        return 0.2 if 1 <= value <= 31 or 1600 <= value <= 2100 else -1
    if AFTER_DAY.search(before):
        return 0.2 if 1600 <= value <= 2100 else -1
    if len(prefix) == 4 and 1700 <= value <= 2099:
        return 0.8
    return 1.5


def find_candidates(segment: str, text_index: int, seg_index: int, dateline: bool = False,
                    letters: bool = False) -> list[Candidate]:
    """Rule *footnote-marker*: every number glued to a word, every digit run
    whose last digits may be a marker, and a lone number after punctuation;
    letters glued to punctuation where the list has lettered or unnumbered notes."""
    out = []
    for m in MARKER_RUN.finditer(segment):
        run, start, end = m.group(1), m.start(), m.end()
        suffix = m.group(2)
        after = segment[end : end + 1]
        before_char = segment[start - 1] if start else ""
        # "departure.4May": a marker the copy ran into the next sentence
        run_on = after.isupper() and before_char in SENTENCE_END
        if after and not (after.isspace() or after in FOLLOW or run_on):
            continue
        digit_before = start >= 2 and segment[start - 2].isdigit()
        if before_char == ":" and digit_before:
            continue  # a time of day, 9:30
        if start == 0 and after == ".":
            continue  # "571. Memorandum", "1842. Department telegram": a printed number
        if before_char.isalpha() or before_char in CLOSING:
            if run == "0" and not digit_before:  # rule *note-zero*: "Conversation0"
                out.append(Candidate(text_index, seg_index, start, end, 3.0, "glued", [Option(0, 1, ZERO_COST)]))
                continue
            if len(run) > (4 if before_char.isalpha() else 3) or run.startswith("0"):
                continue  # four digits only after a letter: "word1000" in a long document
            if before_char == "," and digit_before and len(run) == 3:
                # 1,500 is a number; "1941,55" is a year and a marker
                out.append(Candidate(text_index, seg_index, start, end, 0.3, "thousands",
                                     [Option(int(run), end - start, 3.0)]))
            elif before_char == "." and digit_before:
                # 45.45 percent is a number; "December 11.55 The" a date and a marker
                lower = segment[end:].lstrip()[:1].islower()
                out.append(Candidate(text_index, seg_index, start, end, 0.3, "decimal",
                                     [Option(int(run), end - start, 2.0 if lower else 0.5)]))
            else:
                cost = 0.5 if suffix or run_on else 0.0  # "43a": a note added late in printing
                out.append(Candidate(text_index, seg_index, start, end, 3.0, "glued", [Option(int(run), end - start, cost)]))
        elif before_char == " " and not suffix and len(run) <= 3 and not run.startswith("0") and start >= 2 \
                and segment[start - 2] in CLOSING:
            # "questions. 6 At", "Recommendations: 2": a marker the copy spaced off
            cost = 1.5 if segment[start - 2] == "," else 1.0
            out.append(Candidate(text_index, seg_index, start, end, 0.5, "spaced", [Option(int(run), end - start, cost)]))
        elif (not before_char or before_char.isspace() or before_char in "([/–-") and len(run) >= 2:
            if YEAR_AFTER.match(segment, end):
                continue  # "July 17, 1941": a day before its year carries no marker
            cand = Candidate(text_index, seg_index, start, end, 0.0, "digits")
            before = segment[max(0, start - DATE_TAIL): start]
            for k in range(1, min(3, len(run) - 1) + 1):
                marker, prefix = run[-k:], run[:-k]
                if marker.startswith("0"):
                    continue
                cost = _prefix_cost(prefix, before)
                if cost >= 0:
                    # a dateline's numbers are its date, hardly ever a marker
                    cost += (0.5 if suffix else 0.0) + (1.0 if dateline else 0.0)
                    cost += 1.0 if before_char in "–-" else 0.0  # B-52, G–1124: a code, rarely a marker
                    cand.options.append(Option(int(marker), k + len(suffix), cost))
            if cand.options:
                out.append(cand)
    tail = segment.rstrip(" \n,.;:")[-2:]  # (most segments end in no number: no search)
    spaced = (tail[-1:].isdigit() or tail[:1].isdigit()) and SPACED_AFTER_WORD.search(segment, max(0, len(segment) - 48))
    if spaced and spaced.group(1).strip("’'") not in NUMBERING_WORDS and spaced.group(1) not in MONTH_NO:
        _, run, suffix = spaced.groups()
        option = Option(int(run), len(run) + len(suffix), 1.5)
        same = next((c for c in out if c.end == spaced.end()), None)
        if same is not None:  # the run is already a candidate ("Document 578": 5 + note 78): one more reading of it
            same.options.append(option)
            same.skip = max(same.skip, 0.3)
        else:
            out.append(Candidate(text_index, seg_index, spaced.start(2), spaced.end(), 0.3, "spaced", [option]))
    for m in (LETTER_RUN.finditer(segment) if letters else ()):
        if m.group()[0] != "." or segment[max(0, m.start() - 2):m.start()].isalpha():  # a word's end, not "U.S.a"
            out.append(Candidate(text_index, seg_index, m.start(1), m.end(), 3.0, "letter",
                                 [Option(symbol_value(m.group(1)), 1, 0.5)]))
    for m in (SYMBOL_RUN.finditer(segment) if any(ch in segment for ch in SYMBOLS) else ()):
        # "the statement*": a note marked with a symbol, not a number
        out.append(Candidate(text_index, seg_index, m.start(), m.end(), 3.0, "symbol",
                             [Option(symbol_value(m.group()), len(m.group()), 0.0)]))
    return sorted(out, key=lambda c: c.start)


def symbol_value(label: str) -> int:
    """Symbols get numbers of their own, far from any printed note number."""
    return SYMBOL_BASE + sum(ord(ch) for ch in label) * 10 + len(label)


# ------------------------------------------------------------- placement
def _trans(prev: int, value: int) -> float:
    """What it costs for the printed numbers to run from ``prev`` to ``value``."""
    if prev >= SYMBOL_BASE or value >= SYMBOL_BASE:
        return SAME if prev == value else START if prev == 0 else JUMP
    if prev == 0:  # the first marker: older volumes number on from earlier documents
        return NEXT if value == 1 else START
    if value == prev + 1:
        return NEXT
    if value == prev:
        return SAME
    # a jump: the further, the dearer; going back dearer still
    cost = JUMP + 0.5 * math.log2(abs(value - prev))
    return cost + BACK if value < prev else cost


def place(cands: list[Candidate], count: int, allowed=None, required=frozenset()) -> list[tuple[int, int] | None]:
    """Choose a (candidate, option) for each of ``count`` notes, in text order.

    ``allowed`` maps a note index (0-based) to the set of candidate indexes it
    may take (an empty set: none); the notes in ``required`` must take one. Returns
    the choice per note: (candidate, option), or None for a note left unplaced.

    Note i is looked for only among candidates near position i (a band as
    wide as the surplus of candidates over notes, plus ``BAND``): a path far
    off that diagonal would skip or leave out dozens of markers."""
    INF = float("inf")
    groups: list[list[int]] = []  # the state ids of each candidate
    values: list[int] = [0]  # state 0 is the start, before any marker
    delta: list[float] = [0.0]
    where: list[tuple[int, int]] = [(-1, 0)]
    for ci, c in enumerate(cands):
        groups.append([])
        for oi, o in enumerate(c.options):
            groups[-1].append(len(values))
            values.append(o.value)
            delta.append(o.cost - c.skip)
            where.append((ci, oi))
    surplus = max(0, len(cands) - count)
    spread = len(cands) / count if count else 0.0  # where note i is expected, on average
    prev: dict[int, float] = {0: 0.0}
    backs: list[dict] = []
    # A state behind the sweep's reach is never folded in again: it can only
    # be carried on by leaving notes unplaced, each of those states alike, so
    # of them only the cheapest can still win. Keeping that one (cost, state,
    # the note it was left at) instead of carrying every one on in every layer
    # keeps memory and time linear in the notes.
    behind: tuple[float, int, int] | None = None
    for i in range(count):
        # the band follows the diagonal (candidates per note), as wide as the
        # surplus of candidates allows, within a bound that keeps long texts fast
        centre, width = int(i * spread), BAND + min(surplus, MAX_SURPLUS)
        # with far fewer candidates than notes, i runs away from the diagonal:
        # held within MAX_SURPLUS of it, the band stays bounded (linear time)
        near = min(max(i, centre - MAX_SURPLUS), centre + MAX_SURPLUS)
        lo, hi = max(0, min(near, centre) - width), min(len(cands), max(near, centre) + width + 1)
        for st in [st for st in prev if st and where[st][0] < lo - BAND]:
            if behind is None or (prev[st], st) < behind[:2]:
                behind = (prev[st], st, i)
            del prev[st]
        only = allowed.get(i) if allowed else None
        if only:  # a pinned note looks wherever its markers are
            lo, hi = min(lo, min(only)), max(hi, max(only) + 1)
        cur: dict[int, float] = {}
        back: dict = {}
        # sweep candidates in text order, folding in the previous layer's
        # states once they lie behind the sweep
        by_value: dict[int, tuple[float, int]] = {}
        top: list[tuple[float, int, int]] = []  # the cheapest (cost, value, state), values distinct

        def fold(st: int) -> None:
            cost = prev[st]
            v = values[st]
            old = by_value.get(v)
            if old is None or cost < old[0]:
                by_value[v] = (cost, st)
                if old is not None and (old[0], v, old[1]) in top:
                    top.remove((old[0], v, old[1]))
                bisect.insort(top, (cost, v, st))
                del top[NEAREST:]

        if 0 in prev:
            fold(0)
        for ci in range(max(0, lo - BAND), hi):
            if ci >= lo and (only is None or ci in only):
                for st in groups[ci]:
                    v = values[st]
                    best, origin = INF, None
                    for u in (v - 1, v):
                        seen = by_value.get(u)
                        if seen is not None:
                            total = seen[0] + _trans(u, v)
                            if total < best:
                                best, origin = total, seen[1]
                    # every earlier number while there are few, else the cheapest
                    if len(by_value) > NEAREST:
                        for cost, u, st0 in top:
                            if cost + CHEAPEST_JUMP >= best:
                                break  # top runs by cost: nothing after this one comes cheaper
                            if u != v - 1 and u != v:
                                total = cost + _trans(u, v)
                                if total < best:
                                    best, origin = total, st0
                    else:
                        for u, (cost, st0) in by_value.items():
                            if u != v - 1 and u != v:
                                total = cost + _trans(u, v)
                                if total < best:
                                    best, origin = total, st0
                    if origin is not None:
                        # recent volumes print the list's own numbers: a tie goes to them
                        cur[st] = best + delta[st] + (0.0 if v == i + 1 else OFF_LIST)
                        back[st] = origin
            for st in groups[ci]:
                if st in prev:  # a state the previous note reached
                    fold(st)
        if i not in required:  # the note may find no marker
            for st, cost in prev.items():
                if cost + UNPLACED < cur.get(st, INF):
                    cur[st] = cost + UNPLACED
                    back[st] = ("unplaced", st)
            if behind is not None:
                behind = (behind[0] + UNPLACED, *behind[1:])
        else:
            behind = None
        if not cur and behind is None:
            raise Unreachable(i)
        backs.append(back)
        prev = cur
    st = min(prev, key=lambda k: (prev[k], k)) if prev or behind is None else None
    last = count - 1
    if behind is not None and (st is None or behind[:2] < (prev[st], st)):
        st, last = behind[1], behind[2] - 1  # the notes from behind[2] on are left unplaced
    choice: list = [None] * count
    for i in range(last, -1, -1):
        b = backs[i][st]
        if isinstance(b, tuple):
            st = b[1]
        else:
            choice[i] = where[st]
            st = b
    return choice


def _context(segments, c: Candidate, opt: Option) -> str:
    seg = segments[c.text][c.segment]
    cut = c.end - opt.length
    return f"…{seg[max(0, cut - 30):cut]}‸{seg[cut:c.end]}"


def _local_alternatives(cands, choice, i, value_of) -> list[tuple[float, int, int]]:
    """Other readings between the neighbours of note ``i``, costed locally."""
    here = choice[i]
    lo = next((choice[k][0] for k in range(i - 1, -1, -1) if choice[k]), -1)
    hi = next((choice[k][0] for k in range(i + 1, len(choice)) if choice[k]), len(cands))
    pv = next((value_of(choice[k]) for k in range(i - 1, -1, -1) if choice[k]), 0)
    nv = next((value_of(choice[k]) for k in range(i + 1, len(choice)) if choice[k]), None)

    def local(ci, oi):
        c = cands[ci]
        v = c.options[oi].value
        cost = c.options[oi].cost - c.skip + _trans(pv, v)
        if nv is not None:
            cost += _trans(v, nv)
        return cost

    base = local(*here)
    out = []
    for ci in range(lo + 1, hi):
        for oi in range(len(cands[ci].options)):
            if (ci, oi) != here:
                cost = local(ci, oi)
                if cost - base <= MARGIN:
                    out.append((cost - base, ci, oi))
    return sorted(out)[:3]


def _labels(doc: Document, cands, reporter) -> dict:
    """A note the list marks with a symbol or a letter goes only to that symbol
    or letter (rule *letter-marker*)."""
    allowed = {}
    for i, note in enumerate(doc.notes):
        if note.printed.isdigit():
            continue
        value = symbol_value(note.printed)
        kind = "letter" if note.printed.isalpha() else "symbol"
        allowed[i] = {ci for ci, c in enumerate(cands) if c.kind == kind and c.options[0].value == value}
    return allowed


def _pins(pins: dict, doc, texts, cands, segments, reporter, offsets_of) -> dict:
    """Rule *note-pin*: ``number = 3`` names the note the list prints as ``3.``,
    ``position = 3`` the third note of the list. A pin that cannot be applied is
    reported with its line in the pins file and ignored."""
    allowed = {}
    where = pins.get(sidecar.LINES, {})
    lines = where.get("note", [])
    for k, pin in enumerate(pins.get("note", [])):
        place_of = f"{where.get('file', 'pins')}:{lines[k]}" if k < len(lines) else "pins"
        index = _pinned_note(pin, doc) if isinstance(pin, dict) else None
        if index is None:
            reporter.warn("pin-unmatched", f"{place_of}: note pin {pin!r} names no footnote of the list; ignored")
            continue
        if pin.get("unplaced"):
            allowed[index] = set()
            continue
        after = pin.get("after", "")
        wanted_line = pin.get("line")
        if not isinstance(after, str) or (wanted_line is not None and not isinstance(wanted_line, int)):
            reporter.warn("pin-unmatched", f"{place_of}: note pin {pin!r}: after must be text, line a number; ignored")
            continue
        ok = set()
        for ci, c in enumerate(cands):
            seg = segments[c.text][c.segment]
            for o in c.options:
                line = texts[c.text].position(offsets_of(c))[0] if wanted_line is not None else None
                if seg[: c.end - o.length].endswith(after) and line == wanted_line:
                    ok.add(ci)
        if not ok:
            reporter.warn("pin-unmatched", f"{place_of}: pin for footnote {doc.notes[index].printed}: "
                          f"no marker follows {after!r}; ignored")
            continue
        allowed[index] = ok
    return allowed


def _pinned_note(pin: dict, doc) -> int | None:
    """The 0-based list index a note pin names, or None."""
    number, position = pin.get("number"), pin.get("position")
    if isinstance(position, int) and not isinstance(position, bool) and number is None:
        return position - 1 if 1 <= position <= len(doc.notes) else None
    if isinstance(number, (int, str)) and not isinstance(number, bool) and position is None:
        printed = [k for k, n in enumerate(doc.notes) if n.numbered and n.printed == str(number)]
        if len(printed) == 1:
            return printed[0]
        if not any(n.numbered for n in doc.notes) and isinstance(number, int) and 1 <= number <= len(doc.notes):
            return number - 1  # an unnumbered list: its numbers are its order
    return None


def resolve(doc: Document, reporter: Reporter, pins: dict | None = None) -> None:
    """Fill every Text's tokens: strings, PageBreak and NoteRef."""
    texts = list(doc.texts())
    datelines = {id(b.text) for b in doc.blocks if b.kind in ("dateline", "closer-dateline")}
    split = [split_pages(t, reporter) for t in texts]
    segments = [pieces for pieces, _ in split]

    def offsets_of(c: Candidate) -> int:
        return split[c.text][1][c.segment] + c.start

    cands: list[Candidate] = []
    # letters are markers only where the list has lettered or unnumbered notes
    letters = any(not n.numbered or n.printed.isalpha() for n in doc.notes)
    for ti, segs in enumerate(segments):
        for si, seg in enumerate(segs):
            if isinstance(seg, str):
                cands.extend(find_candidates(seg, ti, si, id(texts[ti]) in datelines, letters))
    count = len(doc.notes)
    allowed = _labels(doc, cands, reporter)
    pinned = _pins(pins or {}, doc, texts, cands, segments, reporter, offsets_of)
    allowed.update(pinned)
    required = {i for i, ok in pinned.items() if ok}
    while True:
        try:
            choice = place(cands, count, allowed, required)
            break
        except Unreachable as err:  # pins that contradict each other: the later one gives way
            note = doc.notes[err.index]
            reporter.warn("pin-unmatched", f"pin for footnote {note.printed} cannot be kept with the notes pinned "
                          "before it; ignored", note.paragraphs[0].line, 3)
            required.discard(err.index)
            allowed.pop(err.index, None)
            pinned.pop(err.index, None)

    def value_of(ch):
        return cands[ch[0]].options[ch[1]].value

    for i, ch in enumerate(choice):
        note = doc.notes[i]
        if ch is None:
            doc.unplaced.append(note.index)
            reporter.warn("note-unplaced", f"footnote {note.printed} has no marker in the text; "
                          "it is written at the end of the document", note.paragraphs[0].line, 3)
            continue
        c = cands[ch[0]]
        alts = _local_alternatives(cands, choice, i, value_of)
        if alts:
            line, col = texts[c.text].position(offsets_of(c))
            reporter.decide("footnote", f"note {note.printed} at {_context(segments, c, c.options[ch[1]])}",
                            [f"{_context(segments, cands[ci], cands[ci].options[oi])} (+{d:.1f})"
                             for d, ci, oi in alts], line, col, pinned=i in pinned)
    for note in doc.notes:  # a footnote running over a page break keeps the break
        for para in note.paragraphs:
            para.tokens = split_pages(para, reporter)[0]
    if count == 0:
        glued = [c for c in cands if c.kind == "glued"]
        if glued:
            t = texts[glued[0].text]
            what = ("numbers glued to words look like footnote markers" if len(glued) > 1
                    else "number glued to a word looks like a footnote marker")
            reporter.warn("notes-missing", f"{len(glued)} {what}, "
                          "but the text has no footnote list (truncated?)", t.line, t.column)
    # cut the chosen markers out of their segments
    chosen: dict[tuple[int, int], list[tuple[int, int, NoteRef]]] = {}
    for i, ch in enumerate(choice):
        if ch is None:
            continue
        c = cands[ch[0]]
        o = c.options[ch[1]]
        seg = segments[c.text][c.segment]
        chosen.setdefault((c.text, c.segment), []).append((c.end - o.length, c.end, NoteRef(i + 1, seg[c.end - o.length:c.end])))
    for ti, (t, segs) in enumerate(zip(texts, segments)):
        tokens: list = []
        for si, seg in enumerate(segs):
            if not isinstance(seg, str):
                tokens.append(seg)
                continue
            last = 0
            moved = ""
            for start, end, ref in sorted(chosen.get((ti, si), []), key=lambda x: x[0]):
                before = moved + seg[last:start]
                # a note sits right after its word: white space the copy put
                # before a marker moves after the note
                stripped = before.rstrip()
                moved = before[len(stripped):]
                if stripped:
                    tokens.append(stripped)
                tokens.append(ref)
                last = end
            rest = seg[last:]
            if moved and rest and not rest[:1].isspace():  # (at the text's end the space goes)
                rest = moved + rest
            if rest:
                tokens.append(rest)
        t.tokens = tokens
