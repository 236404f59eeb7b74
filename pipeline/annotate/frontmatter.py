"""The volume's List of Persons and List of Abbreviations.

``persons.txt`` and ``terms.txt`` hold the lists as the website shows them::

    List of Persons

      • Rubottom, R. Roy, Jr., Assistant Secretary of State for Inter-American Affairs
      [Page XXVIII]
      • Briggs, Ellis O., Ambassador to Brazil until May 1959

    List of Abbreviations

      • ARA, Bureau of Inter-American Affairs, Department of State
      • AD,Acción Democratica (Democratic Action Party), Venezuela

They become the FRUS personography and glossary (``div xml:id="persons"`` and
``div xml:id="terms"``); their ids follow the current FRUS rule: ``p_`` + the
capital letters of the listed name + ``_N``, ``t_`` + the term without
non-word characters + ``_N``.

A ``Frontmatter`` is loaded once per volume and handed to worker processes, so
it holds only plain data; the lookup tables and the term pattern are built on
first use and dropped when pickled.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from lxml import etree

from ..forms import BULLET, PAGE_ONLY, list_lines
from ..grammar import page_id
from ..reader import make_xml_safe
from ..safexml import id_part
from .lexicon import PARTICLES, SHORT_FORMS, SUFFIXES, TITLES, fold
from .spans import TEI_NS, T, trie_pattern

XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
# Titles inside the given-name part of a listed name: "Burke, Admiral Arleigh A."
NAME_TITLES = TITLES | {"Brigadier", "Lieutenant", "Colonel", "Major", "General", "Admiral", "Generalissimo", "Dr."}
INITIALS = re.compile(r"(?<=\.)(?=[A-Z])")  # "S.D." → "S." "D."
CAPS = re.compile(r"[^\W\d_]")


@dataclass
class Person:
    id: str
    name: str  # as listed: "Rubottom, R. Roy, Jr."
    description: str
    surname: str  # "Rubottom"
    given: str  # "R. Roy" (titles kept, as listed)
    line: int | None = None

    @cached_property
    def given_tokens(self) -> list[str]:
        """Folded given names and initials, titles and nicknames left out."""
        words = re.sub(r"\([^)]*\)", " ", self.given).split()
        out = []
        for w in words:
            if w in NAME_TITLES or w.lower() in PARTICLES:
                continue
            out.extend(fold(p) for p in INITIALS.split(w) if p)
        return out

    @cached_property
    def nicknames(self) -> list[str]:
        """Folded names the person is called by instead of the first given name: one
        listed in brackets ("Inderfurth, Karl F. (Rick)"), else its usual short forms
        ("Moose, Richard M." is "Dick" and "Rick")."""
        listed = [fold(w) for w in re.findall(r"\((\w+)\)", self.given)]
        first = self.given_tokens[0] if self.given_tokens else ""
        return listed + SHORT_FORMS.get(first, [])


@dataclass
class Term:
    id: str
    term: str  # as listed: "AFP (A&FP)"
    description: str
    line: int | None = None

    @property
    def forms(self) -> list[str]:
        """The spellings to look for. A bracket after a space gives another spelling,
        "AFP (A&FP)" → AFP, A&FP, unless it is a word, "Exim (Eximbank)" → Exim; a bracket
        inside the term is optional, "OPAR(s)" → OPAR(s), OPARs, OPAR; "CP(SU)" → CP(SU), CPSU, CP."""
        t = self.term.strip()
        m = re.fullmatch(r"(.+?)\s+\((.+)\)", t)
        m2 = re.fullmatch(r"(.+?)\(([^()\s]+)\)", t)
        if m:
            forms = [m.group(1), m.group(2)] if m.group(2).upper() == m.group(2) else [m.group(1)]
        elif m2:
            forms = [t, m2.group(1) + m2.group(2), m2.group(1)]
        else:
            forms = [t]
        return list(dict.fromkeys(v for f in forms + self.other_forms for v in variants(f, self.description)))

    @property
    def other_forms(self) -> list[str]:
        """Further forms the entry gives before its description, each one word in capitals
        with the term's first letter: "PBS, PBSUCCESS, covert operation …" → PBSUCCESS;
        "LINC,LINCOLN, headquarters …" → LINCOLN."""
        out = []
        for part in self.description.split(","):
            part = part.strip()
            if not (CRYPTONYM.fullmatch(part) and part[0] == self.term.strip()[:1]):
                break
            out.append(part)
        return out


CRYPTONYM = re.compile(r"[A-Z][A-Z0-9/&-]+")
DASHES = str.maketrans("-–", "–-")


def variants(form: str, description: str) -> list[str]:
    """The ways the text writes one form: with either dash ("S/S-O", "S/S–O"); with
    the small words of its description in lower case ("DOD, Department of Defense" → "DoD")."""
    out = [form]
    if "-" in form or "–" in form:
        out.append(form.translate(DASHES))
    if form.isalpha() and form.isupper():
        words = re.findall(r"[\w’'-]+", re.split(r"[,;(]", description, maxsplit=1)[0])
        initials = "".join(w[0] for w in words)
        if initials != form and initials.upper() == form and initials[0].isupper():
            out.append(initials)
    return out


@dataclass
class Entry:
    """One line of a list as printed: a person or term, a page break or a note."""

    kind: str  # "person", "term", "pb", "text"
    text: str
    ref: object = None


@dataclass
class Frontmatter:
    persons: list[Person] = field(default_factory=list)
    terms: list[Term] = field(default_factory=list)
    persons_head: str = "List of Persons"
    terms_head: str = "List of Abbreviations"
    persons_entries: list[Entry] = field(default_factory=list)
    terms_entries: list[Entry] = field(default_factory=list)
    _cache: dict = field(default_factory=dict, repr=False, compare=False)

    def __getstate__(self):
        state = dict(self.__dict__)
        state["_cache"] = {}
        return state

    # lookups ---------------------------------------------------------------
    def person(self, pid: str) -> Person | None:
        return self._lookup("person_ids", lambda: {p.id: p for p in self.persons}).get(pid.lstrip("#"))

    def _lookup(self, key, build):
        if key not in self._cache:
            self._cache[key] = build()
        return self._cache[key]

    def _index(self, key: str, names_of) -> dict[str, list[Person]]:
        """A lookup from each name ``names_of(person)`` gives → the persons it may be."""
        def build():
            index: dict[str, list[Person]] = {}
            for p in self.persons:
                for name in names_of(p):
                    index.setdefault(name, []).append(p)
            return index
        return self._lookup(key, build)

    @property
    def surnames(self) -> dict[str, list[Person]]:
        """Folded surname (and its short forms) → the persons listed under it."""
        return self._index("surnames", lambda p: surname_keys(p.surname))

    @property
    def nicknames(self) -> dict[str, list[Person]]:
        """Folded nickname → the persons it may stand for."""
        return self._index("nicknames", lambda p: p.nicknames)

    @property
    def given_names(self) -> dict[str, list[Person]]:
        """Folded first given name or nickname → the persons called so."""
        return self._index("given_names", lambda p: dict.fromkeys(
            [n for n in p.given_tokens[:1] if not n.endswith(".")] + p.nicknames))

    @property
    def longest_surname(self) -> int:
        return self._lookup("longest", lambda: max((len(k.split()) for k in self.surnames), default=1))

    @property
    def name_words(self) -> frozenset[str]:
        """Every word of every listed name (not to be taken for a place)."""
        def build():
            words = set()
            for p in self.persons:
                words.update(re.findall(r"[\w’'-]+", p.name))
            return frozenset(words)
        return self._lookup("name_words", build)

    @property
    def not_names(self) -> frozenset[str]:
        """Capitalised words of the lists' descriptions that are no listed name:
        the volume's own places, offices and nationalities."""
        def build():
            words = set()
            for d in [p.description for p in self.persons] + [t.description for t in self.terms]:
                words.update(w for w in re.findall(r"\b[A-ZÀ-Þ][\w’'-]*", d) if not w.isupper())
            return frozenset(words - self.name_words)
        return self._lookup("not_names", build)

    @property
    def term_pattern(self):
        """One pattern for every spelling of every term, longest first."""
        def build():
            forms: dict[str, list[Term]] = {}
            for t in self.terms:
                for f in t.forms:
                    if len(f) > 1:  # a one-letter office symbol ("S", "G") is too often a letter
                        forms.setdefault(f, []).append(t)
            if not forms:
                return None, {}
            pat = re.compile(trie_pattern(forms, r"[\w&.]", r"(?![\w&])"))
            return pat, forms
        return self._lookup("terms", build)

    # TEI -------------------------------------------------------------------
    def front_divs(self) -> list:
        """The volume's full List of Persons and List of Abbreviations."""
        return self._divs(None, None)

    def _divs(self, person_ids, term_ids) -> list:
        out = []
        if self.persons:
            out.append(_index_div("persons", self.persons_head, "names",
                                  self._kept("persons", self.persons_entries, person_ids), person_ids is not None))
        if self.terms:
            out.append(_index_div("terms", self.terms_head, "terms",
                                  self._kept("terms", self.terms_entries, term_ids), term_ids is not None))
        return [d for d in out if d is not None]

    def _kept(self, key: str, entries: list[Entry], ids) -> list[Entry]:
        """The entries of the persons or terms named by ``ids``, in list order (all when ``ids`` is None).
        Found by an index of the list, as a document names only a few of its entries."""
        if ids is None:
            return entries
        at = self._lookup("entry_at_" + key, lambda: {
            e.ref.id: k for k, e in enumerate(entries) if e.kind in ("person", "term")})
        return [entries[k] for k in sorted(at[i] for i in ids if i in at)]


def _index_div(xml_id, head, list_type, entries, selection: bool):
    """The list as a TEI div; ``selection``: the entries are some persons or terms
    only (a document's own), and no div is made when there are none."""
    div = etree.Element(T("div"), {"type": "section", "subtype": "index", XML_ID: xml_id}, nsmap={None: TEI_NS})
    etree.SubElement(div, T("head")).text = head
    lst = etree.SubElement(div, T("list"), {"type": list_type})
    count = 0
    for e in entries:
        if e.kind == "pb":
            if len(lst):  # a page break is never the first thing in the list
                etree.SubElement(lst, T("pb"), {"n": e.text, XML_ID: page_id(e.text)})
            continue
        item = etree.SubElement(lst, T("item"))
        if e.kind == "text":
            item.text = e.text
            continue
        hi = etree.SubElement(item, T("hi"), {"rend": "strong"})
        name = etree.SubElement(hi, T("persName" if e.kind == "person" else "term"), {XML_ID: e.ref.id})
        name.text = e.ref.name if e.kind == "person" else e.ref.term
        name.tail = ","
        hi.tail = " " + e.ref.description if e.ref.description else None
        count += 1
    if selection and count == 0:
        return None
    while len(lst) and etree.QName(lst[-1]).localname == "pb":  # nor the last
        lst.remove(lst[-1])
    return div


def surname_keys(surname: str) -> list[str]:
    """"Kubitschek de Oliviera" is also "Kubitschek"; "Castro Ruz" also "Castro";
    "De la Guardia" also "Guardia"."""
    keys = [fold(surname)]
    words = surname.split()
    if len(words) > 1:
        if words[0].lower() not in PARTICLES:
            keys.append(fold(words[0]))
        else:
            caps = [w for w in words if w[:1].isupper() and w.lower() not in PARTICLES]
            if caps:
                keys.append(fold(" ".join(words[words.index(caps[0]):])))
    return list(dict.fromkeys(keys))


# parsing -------------------------------------------------------------------
def _id(prefix: str, stem: str, used: dict) -> str:
    stem = id_part(stem) or "X"  # an xml:id must be an NCName whatever the name's letters
    used[stem] = used.get(stem, 0) + 1
    return f"{prefix}_{stem}_{used[stem]}"


def _plausible_surname(text: str) -> bool:
    words = text.split()
    return 0 < len(words) <= 5 and ":" not in text and all(w[:1].isupper() or w.lower() in PARTICLES for w in words)


def _plausible_given(text: str) -> bool:
    words = re.sub(r"\([^)]*\)", " ", text).split()
    return 0 < len(words) <= 6 and words[0][:1].isupper() and all(
        w[:1].isupper() or w.lower() in PARTICLES or len(w) <= 3 for w in words)


def parse_person(text: str, used: dict, line: int | None = None) -> Person | None:
    """"Adair, Charles W., Jr., Chief, Trade Agreements…" → Person.

    The name is the surname, the given names and a suffix ("Jr."); a remark
    in brackets after the given names belongs to the description, a nickname
    to the name ("Guevara Serna, Major Ernesto (Che)")."""
    parts = text.split(",")
    surname = parts[0].strip()
    if len(parts) < 2 or not _plausible_surname(surname):
        return None
    end, given = len(parts[0]), ""
    if _plausible_given(parts[1].strip()):
        given = parts[1].strip()
        remark = re.search(r"\s\(\S+\s[^)]*\)", given)
        if remark:
            given = given[: remark.start()]
            end = text.index(given, end) + len(given)
        else:
            end += 1 + len(parts[1])
            k = 2
            if len(parts) > 2 and parts[2].strip() in SUFFIXES:
                end += 1 + len(parts[2])
                k = 3
            if len(parts) > k and parts[k].strip() == "":  # "Chiari, Dr. Roberto F.,, President": kept as printed
                end += 1
    name = text[:end].strip()
    description = text[end:].lstrip(",").strip()
    stem = "".join(c for c in name if c.isupper()) or "X"
    return Person(_id("p", stem, used), name, description, surname, given, line)


def parse_term(text: str, used: dict, line: int | None = None) -> Term | None:
    """"ARA, Bureau of…" and "AD,Acción Democratica…" → Term."""
    m = re.match(r"^([^,]+?),\s*(.*)$", text)
    if not m:
        return None
    term, description = m.group(1).strip(), m.group(2).strip()
    stem = re.sub(r"\W", "", term) or "X"
    return Term(_id("t", stem, used), term, description, line)


ITEM_TEXT = re.compile(r"\s*(.*\S)")


def _item(line: str):
    """The text of a list entry, "  • text" (``list_lines`` has brought dash entries to this form)."""
    m = BULLET.match(line)
    return ITEM_TEXT.match(m.group(2)) if m and m.group(2) and m.group(2).strip() else None


def _parse_list(path: Path, parse, kind: str, reporter):
    head, entries, refs = None, [], []
    used: dict = {}
    try:
        # what XML cannot carry (a NUL) is replaced, as in the texts, and reported
        lines = list_lines(make_xml_safe(path.read_text(encoding="utf-8-sig"), reporter).splitlines())
    except UnicodeDecodeError as err:
        # a list that cannot be read must not stop the volume: report it, use none
        line = path.read_bytes()[: err.start].count(b"\n") + 1
        reporter.error("not-utf8", f"{path.name}: bytes that are not valid UTF-8; the list is not used", line)
        return None, [], []
    for no, line in enumerate(lines, 1):
        if line.strip() in ("", "-", "•"):  # an empty entry
            continue
        m = _item(line)
        if m:
            ref = parse(m.group(1), used, no)
            if ref is None:
                entries.append(Entry("text", m.group(1)))
                if kind == "term" or not m.group(1).startswith("Editor"):
                    reporter.warn(f"{kind}-unparsed", f"{path.name}: not read as a {kind} entry: {m.group(1)[:60]}", no, 1)
            else:
                entries.append(Entry(kind, m.group(1), ref))
                refs.append(ref)
            continue
        m = PAGE_ONLY.match(line)
        if m:
            entries.append(Entry("pb", m.group(1)))
            continue
        if head is None:
            head = line.strip()
        else:
            entries.append(Entry("text", line.strip()))
    return head, entries, refs


def load_frontmatter(volume_dir: Path, reporter) -> Frontmatter:
    """Read ``persons.txt`` and ``terms.txt`` of a volume folder (either may be absent)."""
    fm = Frontmatter()
    volume_dir = Path(volume_dir)
    persons = volume_dir / "persons.txt"
    if persons.is_file():
        head, fm.persons_entries, fm.persons = _parse_list(persons, parse_person, "person", reporter)
        fm.persons_head = head or fm.persons_head
    terms = volume_dir / "terms.txt"
    if terms.is_file():
        head, fm.terms_entries, fm.terms = _parse_list(terms, parse_term, "term", reporter)
        fm.terms_head = head or fm.terms_head
    return fm
