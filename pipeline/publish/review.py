"""The review pages: every problem and every guess of a build, for the editors.

``site/review/`` is written with the site but linked from no page of it.
Each volume has its page (``review/<volume>/index.html``), which lists,
document by document, each error and warning and each decision the encoder
made without a pin (a guess), from the same records as ``report.json``;
beside each, the lines of the text around the place, the alternatives that
were weighed, and the pin (see the README, "Pinning a decision") that fixes
the choice, ready to copy into the document's ``<stem>.pins.toml``. The
index (``review/index.html``) gives each volume's counts and links to its
page, and lists the problems of volume folders left out of the build. A
page is made from one volume's records, so what the build holds for it does
not grow with the edition, and a rebuild writes again only the pages of the
volumes it built again. The pages are static HTML and need no script.

The pin is made from the decision as reported: the text a date or name pin
matches is the one the decision's note quotes (“…”), a footnote pin's
``after`` is the text its context shows before the marker (‸).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from json.encoder import encode_basestring
from pathlib import Path

from ..sidecar import path_for

FOLDER = "review"
KINDS = ("error", "warning", "guess")
AROUND = 2  # source lines shown before and after the place
WIDTH = 160  # characters of a line shown around the place (a paragraph is one line)
QUOTED = re.compile(r"“(.+?)”")
WORD = re.compile(r"\S*")


@dataclass
class Item:
    """One problem or guess, ready for the template."""

    kind: str  # "error", "warning" or "guess"
    code: str  # the message's code, or the decision's kind
    text: str
    where: str  # file:line:column
    lines: list = field(default_factory=list)  # (number, before, marked, after) of the source lines shown
    chosen: str = ""
    alternatives: list = field(default_factory=list)
    pin: str | None = None  # the TOML that settles the guess
    pin_file: str = ""
    no_pin: str = ""  # why a guess has no pin
    also: str = ""  # the message's second place (in the volume file, for a problem found there)


@dataclass
class Group:
    """The items of a document, or the volume's own problems (``id`` None).
    (Not a dict: the template reads a dict's keys only after failing to find
    an attribute, which costs more than the rest of the lookup.)"""

    id: str | None
    source: str  # as shown
    found: list[Item]


def toml_string(text: str) -> str:
    """A TOML basic string. JSON's escapes are TOML's, but for U+007F, which TOML wants escaped.
    (``encode_basestring`` is what ``json.dumps(text, ensure_ascii=False)`` runs, without
    making an encoder for each string.)"""
    return encode_basestring(text).replace("\x7f", "\\u007F")


def _values(shown: str) -> dict[str, str]:
    """``when=1960-08-03`` or ``from=… to=…`` (how the annotators show a date) → its attributes."""
    return dict(part.split("=", 1) for part in shown.split() if "=" in part)


def _or(values: list[str]) -> str:
    return f"  # or {', '.join(values)}" if values else ""


def pin_for(decision: dict) -> tuple[str | None, str]:
    """The pin that settles a guess, as TOML (the chosen reading, the other
    readings in a comment), or None and the reason there is none."""
    kind, chosen, alts, line = decision["kind"], decision["chosen"], decision["alternatives"], decision["line"]
    quoted = QUOTED.match(decision.get("note") or "")
    at = [f"line = {line}"] if line is not None else []
    if kind == "footnote":
        m = re.fullmatch(r"note (\S+) at …(.*)‸.*", chosen, re.S)
        if not m:
            return None, "the decision does not show the marker's place"
        printed = m.group(1)
        number = printed if printed.isdigit() else toml_string(printed)
        others = [toml_string(a.split("‸")[0].lstrip("…")) for a in alts]
        return "\n".join(["[[note]]", f"number = {number}", f"after = {toml_string(m.group(2))}{_or(others)}",
                          *at]), ""
    if kind == "date-year" and quoted:
        value = _values(chosen)
        others = [" ".join(f"{k} = {toml_string(v)}" for k, v in _values(a).items()) for a in alts]
        return "\n".join(["[[date]]", f"text = {toml_string(quoted.group(1))}", *at,
                          *(f"{k} = {toml_string(v)}" for k, v in value.items())]) + _or(others), ""
    if kind == "date-document":
        year = chosen or (alts[0] if alts else "")
        if not year:
            return None, "no year to propose: give the document's date as [[date]] document = true, when = …"
        others = [toml_string(a) for a in alts if a != year]
        return "\n".join(["[[date]]", "document = true", f"when = {toml_string(year)}{_or(others)}"]), ""
    if kind == "person" and quoted:
        others = [toml_string(a) for a in alts if a != chosen]
        return "\n".join(["[[person]]", f"text = {toml_string(quoted.group(1))}", *at,
                          f"corresp = {toml_string(chosen)}{_or(others)}"]), ""
    if kind == "term":
        return None, "abbreviations take no pin: the first of the listed entries is linked (see terms.txt)"
    return None, f"no pin for a decision of kind {kind}"


class Sources:
    """The texts' lines, each file read once, and their names as shown:
    relative to ``base`` (the folder of the volumes), which keeps the page
    the same wherever the texts are."""

    def __init__(self, base: Path | None = None) -> None:
        self.base = base
        self._lines: dict[str, list[str] | None] = {}
        self._shown: dict[str, str] = {}  # a text's every message and guess names it
        self._pins: dict[str, str] = {}  # and every guess its pins file

    def shown(self, source: str) -> str:
        if source not in self._shown:
            try:  # (is_relative_to would work out the same relative path a first time)
                self._shown[source] = Path(source).relative_to(self.base).as_posix() if self.base else source
            except ValueError:
                self._shown[source] = source
        return self._shown[source]

    def pin_file(self, source: str) -> str:
        if source not in self._pins:
            self._pins[source] = path_for(Path(source)).name
        return self._pins[source]

    def where(self, source: str, line: int | None, column: int | None) -> str:
        return self.shown(source) + (f":{line}" if line is not None else "") + (
            f":{column}" if line is not None and column else "")

    def lines(self, source: str) -> list[str] | None:
        if source not in self._lines:
            try:  # decoded at once, not through a text stream: the same lines (splitlines ends one at \r too)
                with open(source, "rb") as f:
                    self._lines[source] = f.read().decode("utf-8", "replace").splitlines()
            except OSError:
                self._lines[source] = None
        return self._lines[source]

    def around(self, source: str, line: int | None, column: int | None = None, focus: str = "") -> list:
        """(number, before, marked, after) for the lines around ``line``: the
        place itself (at ``column``, or the first ``focus`` in the line) is
        marked, and long lines are cut to a window around it."""
        lines = self.lines(source)
        if not lines or line is None or not 1 <= line <= len(lines):
            return []
        out = []
        for n in range(max(1, line - AROUND), min(len(lines), line + AROUND) + 1):
            text = lines[n - 1]
            if n != line:
                out.append((n, _cut(text), "", ""))
                continue
            start = column - 1 if column else max(text.find(focus), 0) if focus else 0
            # the place is marked: the focus, else the word that starts at the column
            end = start + len(focus) if focus and text.startswith(focus, start) else \
                start + len(WORD.match(text, start).group()) if column else start
            lo, hi = max(0, start - WIDTH // 2), end + WIDTH // 2
            out.append((n, ("…" if lo else "") + text[lo:start], text[start:end],
                        text[end:hi] + ("…" if hi < len(text) else "")))
        return out


def _cut(text: str) -> str:
    return text if len(text) <= WIDTH else text[:WIDTH] + "…"


def _message(m: dict, source: str, sources: Sources) -> Item:
    """A message at its place in a text, with the lines around it; a volume
    file's problem that no text holds, at its place in that file."""
    related = m.get("related")
    if related and not m.get("file"):
        return Item(m["level"], m["code"], m["text"], sources.where(related["file"], m.get("line"), m.get("column")))
    source = m.get("file") or source
    item = Item(m["level"], m["code"], m["text"], sources.where(source, m.get("line"), m.get("column")),
                sources.around(source, m.get("line"), m.get("column")))
    if related:
        item.also = sources.where(related["file"], related.get("line"), related.get("column"))
    return item


def _guess(d: dict, source: str, sources: Sources) -> Item:
    pin, no_pin = pin_for(d)
    quoted = QUOTED.match(d.get("note") or "")
    focus = quoted.group(1) if quoted else ""
    if d["kind"] == "footnote" and "‸" in d["chosen"]:
        focus = d["chosen"].split("‸")[0].split("…", 1)[-1].strip()
    return Item("guess", d["kind"], d.get("note") or "", sources.where(source, d["line"], d["column"]),
                sources.around(source, d["line"], d["column"], focus), chosen=d["chosen"] or "(none)",
                alternatives=d["alternatives"], pin=pin, pin_file=sources.pin_file(source), no_pin=no_pin)


def items(report_volumes: list[dict], base: Path | None = None) -> list[dict]:
    """The review's contents: per volume, its groups of items: its own
    problems (a group whose id is None), if any, then each of its documents
    that has any problem or guess. A problem of the volume file that a
    document's text holds is listed with that document."""
    sources = Sources(base)
    out = []
    for vol in report_volumes:
        texts = {doc["source"] for doc in vol["documents"]}
        own, held = [], {}
        for m in vol["messages"]:
            if m["level"] != "info":
                (held.setdefault(m["file"], []) if m.get("file") in texts else own).append(
                    _message(m, vol["source"], sources))
        groups = [Group(None, vol["source"], own)] if own else []
        for doc in vol["documents"]:
            found = [_message(m, doc["source"], sources) for m in doc["messages"] if m["level"] != "info"]
            found += held.get(doc["source"], [])
            found += [_guess(d, doc["source"], sources) for d in doc["decisions"] if not d["pinned"]]
            if found:
                groups.append(Group(doc.get("id") or Path(doc["source"]).stem, sources.shown(doc["source"]), found))
        out.append({"id": vol["id"], "source": vol["source"], "groups": groups,
                    "counts": _counts([i for g in groups for i in g.found])})
    return out


def _counts(found: list[Item]) -> dict[str, int]:
    return {kind: sum(i.kind == kind for i in found) for kind in KINDS}


def volume_page(volume_id: str) -> str:
    """A volume's review page, in the review folder."""
    return f"{volume_id}/index.html"


def write_volume_review(publisher, volume: dict, base: Path | None = None) -> dict[str, int]:
    """One volume's review page, from its part of the report (its documents'
    reports with it); file names are shown relative to ``base``. Its counts."""
    [vol] = items([volume], base)
    publisher._render(publisher.site_dir / FOLDER / volume_page(vol["id"]), "review.html", root="../../",
                      title=f"Review: {vol['id']}", volume=vol, total=vol["counts"],
                      breadcrumbs=[("Volumes", "../../index.html"), ("Review", "../index.html"), (vol["id"], None)])
    return vol["counts"]


def write_review_index(publisher, counts: list[tuple[str, dict]], left_out: list[dict],
                       base: Path | None = None) -> Path:
    """``review/index.html``: each volume (id, counts) with a link to its page,
    and the problems of the volume folders ``left_out`` (as the report gives them)."""
    broken = items([dict(v, documents=[]) for v in left_out], base)
    listed = [{"id": vid, "href": volume_page(vid), "counts": c} for vid, c in counts]
    total = {k: sum(v["counts"][k] for v in listed + broken) for k in KINDS}
    path = publisher.site_dir / FOLDER / "index.html"
    publisher._render(path, "review.html", root="../", title="Review: warnings and guesses", listed=listed,
                      volumes=broken, total=total, breadcrumbs=[("Volumes", "../index.html"), ("Review", None)])
    return path
