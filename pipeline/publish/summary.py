"""What a rendered document tells the indexes: small, immutable, picklable.

``render_document`` returns one :class:`DocumentSummary` per document (possibly from a
worker process); ``render_indexes`` builds every index page from these alone, so the
TEI is parsed exactly once per build.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

_MONTHS = ("January", "February", "March", "April", "May", "June", "July",
           "August", "September", "October", "November", "December")
ISO_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


@dataclass(frozen=True)
class Entry:
    """A person or term a document mentions, as the volume's list describes it."""

    id: str  # p_… / t_…, the xml:id in the List of Persons / Abbreviations
    name: str
    description: str  # HTML fragment (already escaped)
    mentions: tuple[str, ...]  # anchor ids of the mentions on the document page


@dataclass(frozen=True)
class DocumentSummary:
    id: str  # d571
    volume: str  # volume id, e.g. frus1958-60v06
    n: str  # printed document number, "" for unnumbered documents
    title: str
    subtype: str  # historical-document | editorial-note | ""
    date: str  # ISO 8601 as encoded ("1960-08-03", "1944-11", "1958-05-23T21:00:00"), or ""
    persons: tuple[Entry, ...]
    terms: tuple[Entry, ...]
    pages: tuple[tuple[str, str], ...]  # (printed page number, anchor id)
    notes: int  # footnotes, the source note included
    links: tuple[str, ...]  # same-volume hrefs of its cross-references (d578.html, pages.html#pg_3)

    @classmethod
    def from_dict(cls, data: dict) -> "DocumentSummary":
        """The summary from its JSON form, where the record's tuples are lists."""
        def entries(items):
            return tuple(Entry(e["id"], e["name"], e["description"], tuple(e["mentions"])) for e in items)
        return cls(**dict(data, persons=entries(data["persons"]), terms=entries(data["terms"]),
                          pages=tuple(tuple(p) for p in data["pages"]), links=tuple(data["links"])))

    @property
    def year(self) -> str:
        m = ISO_DATE.match(self.date)
        return m.group(1) if m else ""

    @property
    def date_precision(self) -> str:
        """"year", "month" or "day" (a time of day counts as a day): how much the date
        tells. A document known only to its year or month sorts before the days of that
        period (ISO dates compare so), and the chronology says so."""
        m = ISO_DATE.match(self.date)
        return "" if not m else "day" if m.group(3) else "month" if m.group(2) else "year"

    @property
    def href(self) -> str:
        return f"{self.id}.html"

    @property
    def bare_title(self) -> str:
        """The title without its leading document number ("571. Memorandum…" → "Memorandum…")."""
        prefix = f"{self.n}. "
        return self.title[len(prefix):] if self.n and self.title.startswith(prefix) else self.title

    @property
    def label(self) -> str:
        """How lists and breadcrumbs name it: "Document 571", else its (shortened) title."""
        if self.n:
            return f"Document {self.n}"
        return self.title if len(self.title) <= 60 else self.title[:60].rsplit(" ", 1)[0] + "…"

    @property
    def date_label(self) -> str:
        return date_label(self.date)


def date_label(iso: str) -> str:
    """"1960-08-03" → "August 3, 1960"; "1944-11" → "November 1944"; "" → ""."""
    m = ISO_DATE.match(iso or "")
    if not m:
        return iso or ""
    year, month, day = m.groups()
    if not month or not 1 <= int(month) <= 12:
        return year
    name = _MONTHS[int(month) - 1]
    return f"{name} {int(day)}, {year}" if day else f"{name} {year}"
