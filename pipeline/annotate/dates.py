"""Dates: find them in text, normalise them, and date the document.

The grammar is the handful of forms FRUS prints, validated with
``datetime.date`` (a library parser was measured and set aside: see the
package's docstring):

    August 3, 1960          when="1960-08-03"
    August 2                when from the document's date (the year is a guess, reported)
    February 25–26, 1959    from/to; also "April 27–May 15, 1958"
    30 June 1959            when
    November 1944           when="1944-11"; "June–September 1958" from/to

Bare years ("in 1942"), numeric dates ("5/14/59"), file numbers
("611.37/8–360"), telegram numbers and times of day are not dates here.
In datelines and headings a time after the date belongs to it:
"August 8, 1941—3 p.m." is when="1941-08-08T15:00:00", "January 26, 1970,
2252Z" is when="1970-01-26T22:52:00+00:00".
"""
from __future__ import annotations

import bisect
import calendar
import datetime as dt
import re
from dataclasses import dataclass

from ..grammar import MONTH as MON, MONTH_NO, ORDINAL_SUFFIX
from .pins import VALUE_KEYS, Pins
from .spans import PRECEDENCE, Slot, Span, local

DAY = rf"(?:[12]\d|3[01]|0?[1-9]){ORDINAL_SUFFIX}?(?!\d|:\d)"  # not the hour of "27—11:50 a.m."
YEAR = r"(?:1[6-9]\d\d|20\d\d)(?!\d)"
DASH = r"\s?[–—-]\s?"

DATE = re.compile(
    rf"(?=[JFMASOND0-9])(?<![\w.])(?:"  # the look at the first character is for speed
    # August 3, 1960 · August 2 · February 25–26, 1959 · April 27–May 15, 1958 · Dec 30, 1958–Jan 2, 1959
    rf"(?P<m1>{MON})\s(?P<d1>{DAY})"
    rf"(?:{DASH}(?:(?P<m2>{MON})\s)?(?P<d2>{DAY})(?:,?\s(?P<y2>{YEAR}))?"
    rf"|,?\s(?P<y1>{YEAR})(?:{DASH}(?P<m2b>{MON})\s(?P<d2b>{DAY}),?\s(?P<y2b>{YEAR}))?)?"
    # 30 June 1959
    rf"|(?P<d3>{DAY})\s(?P<m3>{MON}),?\s(?P<y3>{YEAR})"
    # November 1944 · June–September 1958
    rf"|(?P<m4>{MON})(?:{DASH}(?P<m5>{MON}))?,?\s(?P<y4>{YEAR})"
    r")"
)
# Every date names a month: a text that names none holds no date. This pattern opens on the
# months' first letters, so re skips through such a text far faster than through DATE.
ANY_MONTH = re.compile(MON)
TIME = re.compile(
    r"(?:\s?(?:—|–|--|-|,)\s?)(?:(?P<h>\d{1,2})(?::(?P<mi>\d\d))?\s?(?P<ap>[aApP])\.\s?[mM]\."
    r"|(?P<noon>noon)|(?P<mid>midnight)|(?P<zh>[01]\d|2[0-3])(?P<zm>[0-5]\d)Z\b)"  # "2252Z": telegram time, UTC
)
# The State Department's decimal file number ends in the filing date: "611.37/8–360" = 8/3/60.
FILE_DATE = re.compile(r"/(1[0-2]|[1-9])[–-](\d{3,4})(?!\d)")
VOLUME_YEARS = re.compile(r"frus(\d{4})(?:-(\d{2,4}))?")
EST = "-05:00"  # FRUS normalises document dates to Washington time


DIGITS = re.compile(r"\d+")


def _day(text: str) -> int:
    return int(DIGITS.match(text).group())


@dataclass
class Found:
    """A date in the text: where it is, what it says, whether the year was given."""

    start: int
    end: int
    attrs: dict  # when / from / to
    inferred: bool = False
    alternatives: tuple = ()


@dataclass
class Reference:
    """What a year-less date is read against: the document's own date."""

    date: dt.date | None = None
    year: int | None = None


def volume_years(volume_id: str) -> tuple[int, int] | None:
    m = VOLUME_YEARS.match(volume_id or "")
    if not m:
        return None
    first = int(m.group(1))
    last = m.group(2)
    if not last:
        return first, first
    last = int(last) if len(last) == 4 else int(str(first)[:2] + last)
    return (first, last) if last >= first else (first, first)


def _iso(y: int, m: int, d: int | None = None) -> str | None:
    if d is None:
        return f"{y:04d}-{m:02d}"
    try:
        dt.date(y, m, d)
    except ValueError:
        return None
    return f"{y:04d}-{m:02d}-{d:02d}"


def guess_year(month: int, day: int, ref: Reference) -> tuple[int | None, tuple[int, ...]]:
    """The year of "August 2": the one nearest the document's date, a date
    after the document counting double (documents mostly look back)."""
    if ref.date is None:
        return ref.year, ()
    best, cost_best, others = None, None, []
    for y in (ref.date.year - 1, ref.date.year, ref.date.year + 1):
        try:
            delta = (dt.date(y, month, day) - ref.date).days
        except ValueError:
            continue
        cost = -delta if delta <= 0 else 2 * delta
        others.append(y)
        if cost_best is None or cost < cost_best:
            best, cost_best = y, cost
    return best, tuple(y for y in others if y != best)


def read(m: re.Match, ref: Reference | None) -> Found | None:
    """The value of one grammar match, or None when it is no real date."""
    g = m.groupdict()
    if g["m4"]:
        y = int(g["y4"])
        m1 = MONTH_NO[g["m4"]]
        if g["m5"]:
            m2 = MONTH_NO[g["m5"]]
            if m2 <= m1:
                return None
            return Found(m.start(), m.end(), {"from": _iso(y, m1, 1), "to": _iso(y, m2, calendar.monthrange(y, m2)[1])})
        return Found(m.start(), m.end(), {"when": _iso(y, m1)})
    if g["m3"]:
        when = _iso(int(g["y3"]), MONTH_NO[g["m3"]], _day(g["d3"]))
        return Found(m.start(), m.end(), {"when": when}) if when else None
    m1, d1 = MONTH_NO[g["m1"]], _day(g["d1"])
    y1 = int(g["y1"]) if g["y1"] else None
    if g["d2b"]:
        g["m2"], g["d2"], g["y2"] = g["m2b"], g["d2b"], g["y2b"]
    if g["d2"] is None:
        if y1 is not None:
            when = _iso(y1, m1, d1)
            return Found(m.start(), m.end(), {"when": when}) if when else None
        if ref is None:
            return None
        y, alts = guess_year(m1, d1, ref)
        when = _iso(y, m1, d1) if y else None
        return Found(m.start(), m.end(), {"when": when}, True, alts) if when else None
    m2 = MONTH_NO[g["m2"]] if g["m2"] else m1
    d2 = _day(g["d2"])
    if not g["m2"] and d2 <= d1:
        return None  # "November 27–11": no range runs back within its month
    y2 = int(g["y2"]) if g["y2"] else None
    inferred = False
    alts: tuple = ()
    if y2 is None and y1 is None:
        if ref is None:
            return None
        y2, alts = guess_year(m2, d2, ref)
        inferred = True
        if y2 is None:
            return None
    if y1 is None:
        y1 = y2 if (m1, d1) <= (m2, d2) else y2 - 1
    elif y2 is None:
        y2 = y1 if (m1, d1) <= (m2, d2) else y1 + 1
    start, end = _iso(y1, m1, d1), _iso(y2, m2, d2)
    if not start or not end or start >= end:
        return None
    return Found(m.start(), m.end(), {"from": start, "to": end}, inferred, alts)


def with_time(text: str, found: Found) -> Found:
    """Extend a day-precise date over the time after it: "—3 p.m.", ", 9:30 a.m.", "—noon"."""
    when = found.attrs.get("when")
    if not when or len(when) != 10:
        return found
    t = TIME.match(text, found.end)
    if not t:
        return found
    zone = ""
    if t.group("noon"):
        h, mi = 12, 0
    elif t.group("zh"):
        h, mi, zone = int(t.group("zh")), int(t.group("zm")), "+00:00"
    elif t.group("mid"):
        h, mi = 0, 0
    else:
        h, mi = int(t.group("h")), int(t.group("mi") or 0)
        if not (1 <= h <= 12 and mi < 60):
            return found
        h = h % 12 + (12 if t.group("ap").lower() == "p" else 0)
    return Found(found.start, t.end(), {"when": f"{when}T{h:02d}:{mi:02d}:00{zone}"}, found.inferred,
                 found.alternatives)


def matches(text: str):
    """The DATE matches of a text, in order."""
    return DATE.finditer(text) if ANY_MONTH.search(text) else ()


def find(text: str, ref, timed: bool = False) -> list[Found]:
    """Every date in a text; ``ref`` is a Reference, or gives one for a position."""
    out = []
    for m in matches(text):
        f = read(m, ref(m.start()) if callable(ref) else ref)
        if f is not None:
            out.append(with_time(text, f) if timed else f)
    return out


def first_date(text: str, timed: bool = True) -> Found | None:
    """The first date with a year in a dateline or heading."""
    for m in matches(text):
        if not (m.group("y1") or m.group("y2") or m.group("y3") or m.group("y4")):
            continue
        f = read(m, None)
        if f is not None:
            return with_time(text, f) if timed else f
    return None


def file_date(text: str, years: tuple[int, int] | None) -> dt.date | None:
    """The filing date at the end of a decimal file number, if it falls in the volume's years."""
    for m in FILE_DATE.finditer(text):
        month, rest = int(m.group(1)), m.group(2)
        day, yy = int(rest[:-2]), int(rest[-2:])
        if years is None:
            continue
        for y in range(years[0] - 1, years[1] + 2):
            if y % 100 == yy:
                try:
                    return dt.date(y, month, day)
                except ValueError:
                    return None
    return None


def span_of(attrs: dict) -> tuple[str | None, str | None]:
    """``frus:doc-dateTime-min`` and ``-max`` for a date's value (FRUS §1.4: Washington time)."""
    lo = attrs.get("from") or attrs.get("notBefore") or attrs.get("when")
    hi = attrs.get("to") or attrs.get("notAfter") or attrs.get("when")
    return _bound(lo, False), _bound(hi, True)


def _bound(value: str | None, upper: bool) -> str | None:
    if not value:
        return None
    if "T" in value:
        if value[-6] in "+-" and value[-3] == ":":  # a time given in another zone: as Washington time
            moment = dt.datetime.fromisoformat(value).astimezone(dt.timezone(dt.timedelta(hours=-5)))
            return moment.isoformat()
        return value + EST
    parts = value.split("-")
    y = int(parts[0])
    m = int(parts[1]) if len(parts) > 1 else (12 if upper else 1)
    d = int(parts[2]) if len(parts) > 2 else (calendar.monthrange(y, m)[1] if upper else 1)
    clock = "23:59:59" if upper else "00:00:00"
    return f"{y:04d}-{m:02d}-{d:02d}T{clock}{EST}"


def as_date(value: str | None) -> dt.date | None:
    if value and re.match(r"\d{4}-\d\d-\d\d", value):
        return dt.date.fromisoformat(value[:10])
    return None


# the document's date, and the dates of its text ----------------------------------
def document_date(slots: list[Slot], volume_id: str, pins: Pins, rep):
    """The document's date, and a function giving the reference for year-less dates in a slot."""
    years = volume_years(volume_id)
    value, line = None, None
    for where in ("dateline", "head"):
        for slot in slots:
            if (slot.block == "dateline" and not _in_attachment(slot.parent)) if where == "dateline" \
                    else (slot.in_head and not slot.in_note):
                f = first_date(slot.text)
                if f:
                    value, line = f.attrs, slot.line
                    break
        if value is not None:
            break
    if pins.document_date:
        value = pins.document_date
        rep.decide("date-document", _show(value), [], line, None, pinned=True)
    reference = Reference()
    if value is not None:
        reference.date = as_date(value.get("when") or value.get("from"))
        reference.year = int((value.get("when") or value.get("from"))[:4])
        return value, lambda slot: reference

    # no dateline and no dated heading: the source note's file number, else the text's own years
    filed = None
    for slot in slots:
        if slot.in_note and slot.in_head and slot.text.lstrip().startswith("Source:"):
            filed = file_date(slot.text, years)
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
        if any(DATE.search(s.text) for s in slots):
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
            return Reference(None, explicit[k - 1][2] if k else year)
        return at
    return value, running


def _explicit_years(slots: list[Slot]) -> list[tuple[int, int, int]]:
    out = []
    for slot in slots:
        for m in matches(slot.text):
            y = m.group("y1") or m.group("y2") or m.group("y3") or m.group("y4")
            if y:
                out.append((slot.index, m.start(), int(y)))
    return out


def _in_attachment(el) -> bool:
    return enclosing_text(el) is not None


def enclosing_text(el):
    """The enclosure (frus:attachment, or the encoder's floatingText) an element is in, or None."""
    while el is not None:
        if local(el) in ("attachment", "floatingText"):
            return el
        el = el.getparent()
    return None


def _show(attrs: dict) -> str:
    return " ".join(f"{k}={v}" for k, v in attrs.items())


def in_text(slot: Slot, ref, pins: Pins, rep) -> list[Span]:
    timed = slot.in_head and not slot.in_note
    out = []
    if ref is None and not DATE.search(slot.text):
        return out
    for f in find(slot.text, ref or Reference(), timed=timed):
        span = Span(f.start, f.end, "date", dict(f.attrs), rank=PRECEDENCE["date"])
        if apply_pin(slot, span, pins, rep) is False:
            continue
        if f.inferred and not span.pinned:
            rep.decide("date-year", _show(span.attrs),
                       [_show({k: v.replace(v[:4], str(y), 1) for k, v in span.attrs.items()}) for y in f.alternatives],
                       slot.line, None, note=f"“{slot.text[f.start:f.end]}” has no year")
        out.append(span)
    return out


def apply_pin(slot: Slot, span: Span, pins: Pins, rep) -> bool | None:
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
