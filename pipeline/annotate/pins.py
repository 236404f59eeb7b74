"""Editors' pins for the annotators, from a document's ``<stem>.pins.toml``.

A name::

    [[person]]
    text = "Briggs"          # the mention as written (required)
    line = 14                # only on this line of the text file (optional)
    corresp = "p_BEO_1"      # link it to this person of the List of Persons
    # corresp = ""           # … or to nobody: tag it, unlinked
    # tag = false            # … or do not tag it as a name at all

``tag = true`` with ``text`` (and ``line``) also tags a name the annotator
missed. A date::

    [[date]]
    text = "August 2"        # the date as written (required, unless document = true)
    line = 30                # optional
    when = "1959-08-02"      # its value; or from/to, notBefore/notAfter
    # tag = false            # not a date

    [[date]]
    document = true          # the document's own date
    when = "1944"

A pin applies to every mention it matches; one that matches nothing is
reported, so a stale pin does not go unnoticed.
"""
from __future__ import annotations

from dataclasses import dataclass, field

VALUE_KEYS = ("when", "from", "to", "notBefore", "notAfter")


@dataclass
class Pin:
    table: dict
    used: bool = False

    @property
    def text(self) -> str | None:
        return self.table.get("text")

    @property
    def line(self) -> int | None:
        return self.table.get("line")

    def matches(self, text: str, line: int | None) -> bool:
        return self.text == text and (self.line is None or self.line == line)


@dataclass
class Pins:
    persons: list[Pin] = field(default_factory=list)
    dates: list[Pin] = field(default_factory=list)
    document_date: dict | None = None

    @classmethod
    def load(cls, pins: dict | None, reporter) -> "Pins":
        out = cls()
        pins = pins or {}
        for kind, target in (("person", out.persons), ("date", out.dates)):
            tables = pins.get(kind, [])
            if not isinstance(tables, list):
                reporter.error("pins-invalid", f"[[{kind}]] must be an array of tables")
                continue
            for t in tables:
                if not isinstance(t, dict):
                    reporter.error("pins-invalid", f"[[{kind}]] entry is not a table: {t!r}")
                elif kind == "date" and t.get("document"):
                    out.document_date = {k: str(t[k]) for k in VALUE_KEYS if k in t}
                elif not isinstance(t.get("text"), str):
                    reporter.error("pins-invalid", f"[[{kind}]] entry without text: {t!r}")
                else:
                    target.append(Pin(t))
        return out

    def person(self, text: str, line: int | None) -> Pin | None:
        return _first(self.persons, text, line)

    def date(self, text: str, line: int | None) -> Pin | None:
        return _first(self.dates, text, line)

    def report_unused(self, reporter) -> None:
        for kind, pins in (("person", self.persons), ("date", self.dates)):
            for p in pins:
                if not p.used:
                    reporter.warn("pin-unused", f"[[{kind}]] pin for “{p.text}” matched nothing", p.line, None)


def _first(pins: list[Pin], text: str, line: int | None) -> Pin | None:
    for p in pins:
        if p.matches(text, line):
            p.used = True
            return p
    return None
