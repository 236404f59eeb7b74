"""Index data built from document summaries alone (no TEI is read here).

Pure functions: same summaries in, same lists out, in a stable order.
"""
from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field

from .summary import DocumentSummary


@dataclass
class IndexEntry:
    """A person or term across a volume: its description and where it is mentioned."""

    id: str
    name: str
    description: str
    # (document, anchor ids of the mentions in it), in volume order
    occurrences: list[tuple[DocumentSummary, tuple[str, ...]]] = field(default_factory=list)


def sort_key(text: str) -> tuple[str, str]:
    """Alphabetical order that ignores accents and case ("Ríos" files with "Rios")."""
    plain = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return plain.casefold(), text


def aggregate(docs: list[DocumentSummary], kind: str) -> list[IndexEntry]:
    """Merge the persons (kind="persons") or terms (kind="terms") of all documents."""
    merged: dict[str, IndexEntry] = {}
    for doc in docs:
        for e in getattr(doc, kind):
            entry = merged.setdefault(e.id, IndexEntry(e.id, e.name, e.description))
            # a later document may carry the list's description where an earlier had none
            entry.description = entry.description or e.description
            entry.occurrences.append((doc, e.mentions))
    return sorted(merged.values(), key=lambda e: sort_key(e.name))


@dataclass(frozen=True)
class Listed:
    """An entry of a volume's whole List of Persons, mentioned or not."""

    id: str
    name: str
    description: str  # HTML fragment (already escaped)


def with_unmentioned(entries: list[IndexEntry], listed: list[Listed]) -> list[IndexEntry]:
    """``entries`` (the mentioned, from ``aggregate``) and every other entry of the
    volume's list, with no occurrences, in alphabetical order."""
    mentioned = {e.id for e in entries}
    others = [IndexEntry(p.id, p.name, p.description) for p in listed if p.id not in mentioned]
    return sorted(entries + others, key=lambda e: sort_key(e.name))


def by_initial(entries: list[IndexEntry]) -> list[tuple[str, list[IndexEntry]]]:
    """Group sorted entries under their initial letter (A, B, …; "#" for the rest)."""
    groups: dict[str, list[IndexEntry]] = {}
    for e in entries:
        initial = sort_key(e.name)[0][:1].upper()
        groups.setdefault(initial if initial.isalpha() else "#", []).append(e)
    return list(groups.items())


def chronology(docs: list[DocumentSummary]):
    """Dated documents by year in date order (ties keep volume order), and the undated.
    ISO dates compare as strings, so a document known only to its year ("1958") or month
    ("1958-06") comes first in that period."""
    years: dict[str, list[DocumentSummary]] = defaultdict(list)
    undated = []
    for doc in sorted(docs, key=lambda d: d.date):  # stable sort: volume order breaks ties
        (years[doc.year] if doc.year else undated).append(doc)
    return sorted(years.items()), undated


@dataclass
class PageEntry:
    n: str
    id: str
    doc: DocumentSummary | None  # None: referred to, but not in this edition


def _page_number(n: str) -> tuple[int, str]:
    m = re.match(r"\d+", n)
    return (int(m.group()) if m else -1, n)


def page_concordance(docs: list[DocumentSummary]) -> list[PageEntry]:
    """Every printed page of the volume with the document it falls in, plus the pages that
    cross-references point at but no document here contains (so no link dangles)."""
    pages: dict[str, PageEntry] = {}
    for doc in docs:
        for n, pid in doc.pages:
            pages.setdefault(pid, PageEntry(n, pid, doc))
    for doc in docs:
        for href in doc.links:
            if href.startswith("pages.html#"):
                pid = href.partition("#")[2]
                pages.setdefault(pid, PageEntry(pid.removeprefix("pg_"), pid, None))
    return sorted(pages.values(), key=lambda p: _page_number(p.n))


@dataclass
class MissingDocument:
    """A document of the volume that cross-references point at but the edition lacks."""

    id: str
    fragments: list[str]  # ids inside it that are pointed at (e.g. d242fn6)
    cited_by: list[DocumentSummary]

    @property
    def label(self) -> str:
        m = re.fullmatch(r"d(\d+)", self.id)
        return f"Document {m.group(1)}" if m else self.id


def missing_documents(docs: list[DocumentSummary]) -> list[MissingDocument]:
    present = {d.id for d in docs}
    missing: dict[str, MissingDocument] = {}
    for doc in docs:
        for href in doc.links:
            page, _, frag = href.partition("#")
            target = page.removesuffix(".html")
            if page == "pages.html" or target in present:
                continue
            entry = missing.setdefault(target, MissingDocument(target, [], []))
            if frag and frag not in entry.fragments:
                entry.fragments.append(frag)
            if doc not in entry.cited_by:
                entry.cited_by.append(doc)
    return [missing[k] for k in sorted(missing, key=lambda d: _page_number(d.lstrip("d")))]

