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

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from .lexicon import MONTHS

_ABBR = {"Jan.": 1, "Feb.": 2, "Mar.": 3, "Apr.": 4, "Jun.": 6, "Jul.": 7, "Aug.": 8, "Sept.": 9, "Sep.": 9,
         "Oct.": 10, "Nov.": 11, "Dec.": 12}
MONTH_NO = {m: i for i, m in enumerate(MONTHS, 1)} | _ABBR
MON = "(?:" + "|".join(MONTHS) + "|" + "|".join(re.escape(a) for a in _ABBR) + ")"
DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th|d)?(?!\d)"
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


def find(text: str, ref, timed: bool = False) -> list[Found]:
    """Every date in a text; ``ref`` is a Reference, or gives one for a position."""
    out = []
    for m in DATE.finditer(text):
        f = read(m, ref(m.start()) if callable(ref) else ref)
        if f is not None:
            out.append(with_time(text, f) if timed else f)
    return out


def first_date(text: str, timed: bool = True) -> Found | None:
    """The first date with a year in a dateline or heading."""
    for m in DATE.finditer(text):
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
