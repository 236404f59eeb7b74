"""Personal names: find them, and link them to the volume's List of Persons.

A name is a run of capitalised words, initials and particles ("R. R.
Rubottom, Jr.", "Kubitschek de Oliviera"). A run is taken for a name only on
evidence, each kind of evidence a named *cue*:

  title         after a title or office: "Mr. Rubottom", "Ambassador Carrillo
                Flores", "Secretary of State Dulles" (the title stays outside)
  office        in brackets after an office: "the Adviser on Political
                Relations (Duggan)"
  drafted       in drafting notes: "Drafted by Osborne, initialed by Rubottom"
  initials      with initials: "Melville E. Osborne", "H. J. Roig"
  participant   at the start of an item of a list of participants
  signed        in a signature
  listed        a name of the volume's List of Persons
  series        after a name, in a list of names: "Rubottom, Mann and Dillon"
  role          an unknown word where only a person fits: "a memorandum to
                Herter", "called on Roa", "…, Herter met with" (weak: not spread)
  known         a name the document already introduced by one of the cues
                above ("Carrillo Flores" after "Ambassador Carrillo Flores"), or
                the first name of a listed person named in full ("Lucas" after
                "Lucas Lopes")

Linking: a mention is matched to listed persons by surname (accents and case
ignored; "Kubitschek" for "Kubitschek de Oliviera"), then narrowed by the
given names or initials written with it. When two listed persons share a
surname, the office written with the name decides when it fits one person's
description ("Ambassador Briggs" is the Ambassador to Brazil), else the latest
mention of one of them in the document, else a later one; if that leaves a
doubt the name is left unlinked and the doubt reported. Every such choice is
reported. Sidecar pins override (see ``pins``).
"""
from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from .lexicon import (DOTTED, HARD, LOWER_TITLES, MONTH_SET, NAMED_AFTER, NOT_NAMES, PARTICLES, SOFT, SUFFIXES,
                      TITLES, fold)
from .pins import Pins
from .spans import Slot

UP = "[" + "".join(chr(c) for c in range(0x41, 0x250) if chr(c).isupper()) + "]"
ABBREV = (r"(?:Mr|Mrs|Ms|Messrs|Dr|Jr|Sr|Sra|Srta|Gen|Col|Lt|Capt|Maj|Comdr|Cmdr|Adm|Sgt|Rev|Prof|Mme|Mlle"
          r"|Hon|St|Gov|Sen|Rep|Amb|Brig|MR|MRS|DR|MESSRS)\.")
INITIAL = rf"{UP}\.(?:{UP}\.)*"
# Invariant: a name holds no digit and no line break ("Young45" is "Young" and a footnote
# marker the reader left on it; "Johnson1\nWashington" is two lines). Words are letters only,
# and the words of a name are apart by spaces, never by a line break; ``sound`` checks it.
LETTERS = r"[^\W\d_]"
# "O’Connor", "Falcón-Briceño"; not "KUBITSCHEK’S"
WORD = rf"{UP}{LETTERS}*(?:[’'](?!S\b){UP}{LETTERS}*|-{LETTERS}+)*"
GAP = "[ \t\xa0]"  # between the words of a name
TOKEN = rf"(?:{ABBREV}|{INITIAL}|{WORD})"
PARTICLE_RE = "(?:" + "|".join(sorted(PARTICLES, key=len, reverse=True)) + ")"
SUFFIX_RE = r"(?:Jr\.|Sr\.|III|II|IV)(?!\w)"
# a run starts a word; after a full stop only when a sentence ended there ("Union.Kubitschek", not "U.S.A")
# a name may follow a prefix: "pro-Siad", "anti-Castro"
RUN = re.compile(rf"(?={UP})(?:(?<![\w’'-])|(?<=\bpro-)|(?<=\banti-))(?<![A-Z]\.)"
                 rf"{TOKEN}(?:{GAP}(?:{PARTICLE_RE}{GAP})*{TOKEN})*(?:,?{GAP}{SUFFIX_RE})?")
PIECE = re.compile(rf"{SUFFIX_RE}|{TOKEN}|\b{PARTICLE_RE}\b")
INITIALS = re.compile(INITIAL)  # a word that is initials only: "R.", "J.F."


# "Secretary of State Dulles", "President of Mexico Adolfo López Mateos": an office bridged by "of"
BRIDGE = re.compile(rf"\b(?:{'|'.join(re.escape(w) for w in sorted(TITLES, key=len, reverse=True))})"
                    r"\s(?:of|for)\s(?:the\s)?$")
DRAFTED = re.compile(r"\b(?:[Dd]rafted|[Ii]nitial(?:l)?ed|[Aa]pproved|[Cc]leared|[Ss]igned|[Tt]yped|[Ss]ent|[Cc]oncurred"
                     r"|[Rr]evised|[Pp]repared|[Tt]ransmitted|[Rr]eviewed|[Dd]ictated)(?:\sin)?\s(?:by|through)\s$")
# Cue *role*: an unknown word where only a person fits: "a memorandum to Herter", "called on Roa",
# "…, Herter met with". Weak evidence: such a name is tagged but not spread to other mentions.
OBJECT_SLOT = re.compile(
    r"\b(?:(?:memorandum|letter|telegram|note|message|cable|despatch)s?\s(?:to|from)|calls?\son|called\son"
    r"|(?:met|meet|meeting|talked|talks?|spoke|conversations?)\swith|spoke\sto|told|informed|advised|urged"
    r"|contact|contacted|telephoned|visited|thanked|assured|reminded|briefed|replied\sto|wrote\sto)\s$")
SUBJECT_SLOT = re.compile(
    r"\s(?:said|says|told|stated|replied|added|wrote|asked|agreed|met|telephoned|explained|remarked|commented"
    r"|suggested|emphasized|stressed|insisted|observed|promised|urged|recalled|mentioned|declared|indicated"
    r"|expressed|assured|thanked|reported|informed)\b")
SENTENCE_START = re.compile(r"(?:^\s*|[.!?:;“\"(\[]\s*)$")  # used with search(text, start - 3, start)
# "Pres. of SUMDC", "Min.’s Cabinet": a short word cut off by a full stop is an abbreviation
ABBREVIATED = re.compile(r"\.(?:\s*[a-z’'(]|\S)")
# offices that may stand between "of" and a name: "Secretary of State Dulles", "Minister of Finance Lopes"
BRIDGED = frozenset("""State Finance Foreign Affairs Defense Treasury War Navy Army Air Force Agriculture Commerce
Interior Labor Justice Economy Economic Political Health Education Welfare Mines Energy Public Works Government
Communications Transport Industry Trade Planning Marine Aviation Culture Information""".split())
OBJECT_LAST = frozenset("to from on with told informed advised urged contact contacted telephoned visited thanked "
                        "assured reminded briefed".split())  # the last words of OBJECT_SLOT, checked first
# "Rubottom, Mann and Dillon"; "Spiegel (S/P) and Post (AF/E)": an office symbol may follow each name
# a common word that is a listed name is a person beside "I", or between two names
COMPANION = re.compile(r"\sand\s(?:I|me)\b")
ACTS = re.compile(r"\s(?:will|would|could|should|has|had)\s")
AND_NAME = re.compile(rf"\sand\s({UP}[a-z]+)\b")
SIGNATURE = re.compile(rf"\s*((?:{INITIAL}\s?)*)({UP}{{2}}[A-ZÀ-Þ’'-]*)\.?\s*")
SHIP = re.compile(r"(?:S\.\s?S\.|U\.\s?S\.\s?S\.|H\.\s?M\.\s?S\.)\s")
SALUTATION = re.compile(rf"\s*(?:Dear|DEAR|My dear|MY DEAR)\s({UP}[^\W\d_]+)\s?[:,]")
# what may stand before an outline label: nothing, or a number ("1. A. Opposition")
OUTLINE_BEFORE = re.compile(r"\s*(?:\(?\d{1,3}[.)]\s*)?")
SERIES = re.compile(r"(?:\s\([^()\s]{1,12}\))?(?:,\s(?:and\s)?|\sand\s)$")
LOWER_WORD = re.compile(r"[a-z][\w’']*")  # a word written in lower case ("may")…
WORD_CHAR = re.compile(r"[\w’']")  # …with none of these right before or after it
CLOSED = frozenset(("hard", "acronym", "title", "particle", "suffix", "initial"))  # kinds no name starts with
STOP = frozenset("the of for and to in on at by with from a an s".split())


@dataclass(eq=False)
class Mention:
    slot: Slot
    start: int
    end: int
    tokens: list[str]  # the name's words, particles and suffix left out
    cue: str
    office: list[str] = field(default_factory=list)  # folded words of the title or office written with it
    persons: list = field(default_factory=list)  # listed persons it may be
    corresp: str | None = None
    common: bool = False  # spelled like a word of the text ("may") or a month: never spread bare

    @property
    def text(self) -> str:
        return self.slot.text[self.start: self.end]


@dataclass(slots=True)
class Token:
    text: str
    start: int
    end: int
    kind: str  # title, suffix, initial, acronym, hard, soft, word, particle


class Recogniser:
    """Finds the mentions of one document."""

    def __init__(self, fm, doc_text: str, off: frozenset = frozenset()):
        self.fm = fm
        self.off = off  # names of the rules switched off (see RULES)
        # the cues to try, in order, for a segment with words before it and for one without
        self.cues = {True: [r for r in CUES if r.name not in off and r.lead is not False],
                     False: [r for r in CUES if r.name not in off and r.lead is not True]}
        self.vetoes = [r for r in VETOES if r.name not in off]
        self.doc_text = doc_text
        self.soft = fm.not_names
        self.surnames = fm.surnames
        self.depth = fm.longest_surname
        self.terms = fm.term_pattern[1]
        self.nicknames = fm.nicknames
        # the last words of the listed surnames: where a name the run goes on past may end
        self.surname_ends = fm._cache.get("surname_ends")
        if self.surname_ends is None:
            self.surname_ends = fm._cache["surname_ends"] = frozenset(k.rsplit(" ", 1)[-1] for k in self.surnames)
        self.kinds = fm._cache.setdefault("kinds", {})  # per volume: the same words recur
        self.runs = fm._cache.setdefault("runs", {})  # and the same runs: "Secretary of State Dulles"
        self._lower: dict[str, bool] = {}  # lower-case word → does the document write it so

    # classification ----------------------------------------------------------
    def kind(self, word: str) -> str:
        k = self.kinds.get(word)
        if k is None:
            k = self.kinds[word] = self._kind(word)
        return k

    def _kind(self, word: str) -> str:
        if word in SUFFIXES:
            return "suffix"
        if word in TITLES or (word.isupper() and word.capitalize() in TITLES):
            return "title"
        if word.lower() in PARTICLES and word[:1].islower():
            return "particle"
        if word in DOTTED:
            return "hard"
        if INITIALS.fullmatch(word):
            return "initial"
        if len(word) > 1 and word.isupper():
            return "acronym"
        if word in HARD:
            return "soft" if fold(word) in self.surnames else "hard"
        if word in SOFT or word in self.soft:
            return "soft"
        return "word"

    def common(self, word: str, lexicon: bool = True) -> bool:
        """A word that also is an ordinary word: a month, a lexicon word (a place:
        "Hill", "White"), or one this document writes in lower case ("may")."""
        if word in MONTH_SET or (lexicon and (word in NOT_NAMES or word in self.soft)):
            return True
        lower = word.lower()
        written = self._lower.get(lower)
        if written is None:
            written = self._lower[lower] = written_lower(lower, self.doc_text)
        return written

    def pieces(self, run: str):
        """A run of several words as (text, start, end, kind) per token, offsets
        inside the run, and its ``segments`` as indexes into those tokens."""
        shape = self.runs.get(run)
        if shape is None:
            toks = [Token(p.group(), p.start(), p.end(), self.kind(p.group())) for p in PIECE.finditer(run)]
            for i, t in enumerate(toks):
                if t.kind == "acronym" and i and toks[i - 1].kind == "title" and toks[i - 1].text.isupper():
                    t.kind = "word"  # "DEAR MR. IRWIN"
            at = {id(t): i for i, t in enumerate(toks)}
            shape = self.runs[run] = (
                [(t.text, t.start, t.end, t.kind) for t in toks],
                [([at[id(t)] for t in seg], [at[id(t)] for t in lead]) for seg, lead in segments(toks)])
        return shape

    # finding -----------------------------------------------------------------
    def signature(self, slot: Slot) -> Mention | None:
        """Rule *signed-capitals*: a signature in capitals, as telegrams have them ("DULLES",
        "J. C. B. DAVIS."), in a ``signed`` or a paragraph of its own: a listed person of
        that surname (a word in capitals is otherwise no name)."""
        if not (slot.block == "signed" or (slot.block == "p" and slot.prev is None and not len(slot.parent))) \
                or "signed-capitals" in self.off or not self.surnames:
            return None
        m = SIGNATURE.fullmatch(slot.text)
        if m is None:
            return None
        persons = self.surnames.get(fold(m.group(2)))
        if not persons:
            return None
        given = [fold(i) for i in INITIALS.findall(m.group(1))]
        persons = [p for p in persons if fits(given, p)]
        start = m.start(1) if m.group(1) else m.start(2)
        return Mention(slot, start, m.end(2), INITIALS.findall(m.group(1)) + [m.group(2)], "signed-capitals", [],
                       persons)

    def salutation(self, slot: Slot) -> Mention | None:
        """Rule *salutation*: "DEAR CLARE:", "Dear Dick:" open a letter with the given name or
        nickname of the person written to: the one listed person called so."""
        if slot.prev is not None or slot.block not in ("p", "salute") or "salutation" in self.off:
            return None
        m = SALUTATION.match(slot.text)
        if m is None:
            return None
        persons = self.fm.given_names.get(fold(m.group(1)))
        if not persons or len(persons) != 1:
            return None
        return Mention(slot, m.start(1), m.end(1), [m.group(1)], "salutation", [], persons)

    def scan(self, slot: Slot) -> tuple[list[Mention], list]:
        """Mentions found on evidence in one slot, and the runs left undecided."""
        text = slot.text
        found: list[Mention] = []
        undecided = []
        kinds = self.kinds
        for run in RUN.finditer(text):
            word = run.group()
            if " " not in word and "\xa0" not in word and "\t" not in word:  # one word (no GAP): most runs
                k = kinds.get(word) or self.kind(word)
                if k in CLOSED:
                    continue
                t = Token(word, run.start(), run.end(), k)
                if k == "soft" and fold(word) not in self.surnames and text[run.start() - 1: run.start()] != "(" \
                        and slot.block != "signed":
                    undecided.append((slot, [t]))
                    continue
                toks = [t]
                parts = [([t], [])]
            else:
                shape, parts_at = self.pieces(word)
                if not parts_at:  # nothing name-like in it ("The United States"): no tokens to make
                    continue
                base = run.start()
                toks = [Token(w, base + s, base + e, k) for w, s, e, k in shape]
                parts = [([toks[i] for i in seg], [toks[i] for i in lead]) for seg, lead in parts_at]
            for seg, lead in parts:
                m = self.judge(slot, seg, lead, toks, found)
                if m:
                    found.append(m)
                elif m is None and any(t.kind in ("word", "soft") for t in seg):  # (not when vetoed)
                    undecided.append((slot, seg))
        return found, undecided

    def judge(self, slot: Slot, seg: list[Token], lead: list[Token], run: list[Token], found) -> Mention | None | bool:
        """A segment is a name when a cue rule fires and no veto holds, or when it is a listed name;
        False when a veto holds for a listed name (then no other mention may spread to it)."""
        c = Candidate(self, slot, seg, lead, run, found)
        cue = None
        for r in self.cues[bool(lead)]:
            if r.test(c):
                cue = r.name
                break
        if not c.seg:
            return None
        listed = self.listed(c.seg)
        c.cue = cue
        # the vetoes guard unlisted names; a listed one that is one ordinary word, only from an
        # institution ("the White House")
        if cue is not None and listed is None:
            for r in self.vetoes:
                if r.test(c):
                    return None
        if cue is not None and listed is not None and len(c.words) == 1 and self.common(c.words[0].text) \
                and "veto-institution" not in self.off and veto_institution(c):
            return None
        if listed is not None and "veto-named-after" not in self.off and veto_named_after(c):
            return False
        if cue is None and listed is None and len(seg) == 1 and self.nicknames and "nickname" not in self.off:
            listed = nickname(c)
            cue = "nickname" if listed else None
        if cue is None and listed is None and "role" not in self.off and cue_role(c):
            cue = "role"
        if listed is None:
            if cue is None or not name_word(c, cue):
                return None
            persons = []
        else:
            lo, hi, persons = listed
            c.narrow(c.seg[lo:hi])
            if cue is None:
                if "listed" in self.off or not cue_listed(c):
                    return None
                cue = "listed"
        tokens = [t.text for t in c.seg if t.kind not in ("particle", "suffix")]
        m = Mention(slot, c.seg[0].start, c.seg[-1].end, tokens, cue, c.office, persons)
        m.common = len(tokens) == 1 and self.common(tokens[0], lexicon=False)
        return m

    def known(self, mentions: list[Mention], undecided) -> list[Mention]:
        """Cue *known*: a run the document has already given as a name (or the
        end of one: "Carrillo Flores" after "Antonio Carrillo Flores")."""
        if "known" in self.off:
            return []
        names: dict[str, Mention] = {}
        for m in mentions:
            if m.common or m.cue == "role":
                continue
            for i in range(len(m.tokens)):
                if INITIALS.fullmatch(m.tokens[i]):
                    continue
                names.setdefault(fold(" ".join(m.tokens[i:])), m)
            # a listed person named in full may be called by the first name: "Lucas Lopes" … "Lucas"
            first = m.tokens[0]
            if len(m.persons) == 1 and len(m.tokens) > 1 and not INITIALS.fullmatch(first) \
                    and self.kind(first) == "word" and not self.common(first):
                names.setdefault(fold(first), m)
        # a listed person the document names may be called by a nickname: "Cy" (Cyrus Vance)
        # (only a nickname that no other listed person has: not "Dave" among four Davids)
        nicknames = self.fm.nicknames
        for m in mentions:
            if len(m.persons) == 1 and not m.common and m.cue != "role":
                for nick in m.persons[0].nicknames:
                    if len(nicknames[nick]) == 1:
                        names.setdefault(nick, m)
        out = []
        for slot, seg in undecided:
            words = [t for t in seg if t.kind not in ("particle", "suffix")]
            source = names.get(fold(" ".join(t.text for t in words)))
            if source is None or (len(words) == 1 and self.common(words[0].text, lexicon=False)):
                continue
            out.append(Mention(slot, seg[0].start, seg[-1].end, [t.text for t in words], "known",
                               source.office, source.persons))
        return out

    def listed(self, seg: list[Token]):
        """Where in the segment a listed name starts and ends, and whom it may be: the
        longest ending that is a listed surname, widened over the given names before it
        that fit one of those persons. A name the run goes on past is found too
        ("Zbigniew Brzezinski Collection", "What Castro Wants": rule *trailing*), unless
        what follows is a thing named after the person ("the Carter Library")."""
        if not self.surnames:
            return None
        if len(seg) == 1:  # the common case, quickly
            persons = self.surnames.get(fold(seg[0].text))
            if persons and "accents" not in self.off:
                persons = [p for p in persons if accents_agree(seg[0].text, p.surname)]
            return (0, 1, list(persons)) if persons and seg[0].kind not in ("initial", "title") else None
        names = [i for i, t in enumerate(seg) if t.kind != "suffix"]
        if not names:
            return None
        found = self._ending(seg, names[-1] + 1)
        if found is None and "trailing" not in self.off:
            ends = self.surname_ends
            for i in reversed(names[:-1]):
                after = seg[i + 1]
                if after.kind != "word" or after.text in NAMED_AFTER or fold(seg[i].text) not in ends:
                    continue
                found = self._ending(seg, i + 1)
                if found is not None:
                    break
        return found

    def _ending(self, seg: list[Token], last: int):
        for lo in range(max(0, last - self.depth - 2), last):
            if seg[lo].kind in ("particle", "initial", "title"):
                continue
            written = " ".join(t.text for t in seg[lo:last])
            persons = self.surnames.get(fold(written))
            if persons and "accents" not in self.off:
                persons = [p for p in persons if accents_agree(written, p.surname)]
            if not persons:
                continue
            while lo and seg[lo - 1].kind == "particle" and any(  # "de Gaulle" listed as "de Gaulle, Charles"
                    fold(p.surname).startswith(fold(" ".join(t.text for t in seg[lo - 1:last]))) for p in persons):
                lo -= 1
            hi = last
            while hi < len(seg) and seg[hi].kind == "suffix":  # "Rubottom, Jr."
                hi += 1
            # the given names written before it: they choose among the persons, or
            # (initials that fit nobody: "A. Castro") show someone unlisted; a given
            # name may also be a place ("David", "Paz"), taken only when it fits
            given_lo = lo
            while given_lo > 0 and seg[given_lo - 1].kind in ("word", "initial", "particle", "soft"):
                given_lo -= 1
            while given_lo < lo:
                given = [fold(t.text) for t in seg[given_lo:lo] if t.kind != "particle"]
                fit = [p for p in persons if fits(given, p)]
                if fit:
                    return given_lo, hi, fit
                if any(t.kind == "initial" for t in seg[given_lo:lo]) and seg[given_lo].kind != "soft":
                    return given_lo, hi, []
                given_lo += 1
            return lo, hi, list(persons)
        return None


# Finding a document's names -----------------------------------------------------
def find(slots: list[Slot], fm, pins: Pins, rep, off: frozenset = frozenset()) -> list[Mention]:
    """Every name of a document, linked where the List of Persons allows; pins applied."""
    doc_text = "\n".join(s.text for s in slots)
    rec = Recogniser(fm, doc_text, off)
    mentions, undecided = [], []
    for slot in slots:
        block = slot.block
        if block == "dateline":
            continue
        greeted = None
        if block == "signed" or (slot.prev is None and block in ("p", "salute")):  # where the two rules look
            signed = rec.signature(slot)
            if signed is not None:
                mentions.append(signed)
                continue
            greeted = rec.salutation(slot)
        found, rest = rec.scan(slot)
        if greeted is not None:
            found = [m for m in found if m.end <= greeted.start or m.start >= greeted.end] + [greeted]
        mentions += found
        undecided += rest
    mentions += rec.known(mentions, undecided)
    mentions = [m for m in mentions if sound(m.text)]
    mentions.sort(key=lambda m: (m.slot.index, m.start))
    mentions = pinned(mentions, slots, pins, fm, rep)
    link(mentions, rep)
    return mentions


UNSOUND = re.compile(r"[\d\n]")


def sound(name: str) -> bool:
    """The invariant of every name found: no digit, no line break (see ``WORD``)."""
    return UNSOUND.search(name) is None


def pinned(mentions: list[Mention], slots: list[Slot], pins: Pins, fm, rep) -> list[Mention]:
    """The mentions with the editors' [[person]] pins applied (see ``pins``)."""
    out = []
    for m in mentions:
        pin = pins.person(m.text, m.slot.line)
        if pin is None:
            out.append(m)
            continue
        if pin.table.get("tag") is False:
            rep.decide("person", "not a name", [m.corresp or ""], m.slot.line, None, pinned=True,
                       note=f"“{m.text}”")
            continue
        if "corresp" in pin.table:
            pid = str(pin.table["corresp"]).lstrip("#")
            if pid and fm.person(pid) is None:
                rep.warn("pin-unknown-person", f"[[person]] pin for “{m.text}”: {pid} is not in the List of Persons",
                         m.slot.line, None)
            else:
                m.persons = [fm.person(pid)] if pid else []
                m.cue = "pinned"
                rep.decide("person", pid, [], m.slot.line, None, pinned=True, note=f"“{m.text}”")
        out.append(m)
    # a pin that names text the recogniser missed tags it
    taken = {(m.slot.index, m.start) for m in out}
    for pin in pins.persons:
        if pin.used or pin.table.get("tag") is not True:
            continue
        for slot in slots:
            if pin.line is not None and slot.line != pin.line:
                continue
            at = slot.text.find(pin.text)
            if at >= 0 and (slot.index, at) not in taken:
                pin.used = True
                pid = str(pin.table.get("corresp", "")).lstrip("#")
                out.append(Mention(slot, at, at + len(pin.text), pin.text.split(), "pinned", [],
                                           [fm.person(pid)] if pid and fm.person(pid) else []))
                break
    out.sort(key=lambda m: (m.slot.index, m.start))
    return out


# The cue rules ----------------------------------------------------------------
class Candidate:
    """A segment of a run being judged: what the rules look at. A rule may narrow
    ``seg`` (an empty one is no name) and record the ``office`` written with it.
    (A plain class: one is made for every segment, and this is the cheapest.)"""

    __slots__ = ("rec", "slot", "seg", "lead", "run", "found", "office", "cue", "text", "start", "before", "last",
                 "words")

    def __init__(self, rec: Recogniser, slot: Slot, seg: list[Token], lead: list[Token], run: list[Token],
                 found: list[Mention]):
        self.rec, self.slot, self.lead, self.run, self.found = rec, slot, lead, run, found
        self.office: list[str] = []
        self.cue: str | None = None  # the cue that fired, for the vetoes
        self.text = text = slot.text
        self.start = start = seg[0].start
        self.before = b = text[max(0, start - 60): start]  # up to 60 characters before the segment
        # the word right before the segment, when a space separates them (and no lead)
        self.last = b[:-1].rsplit(None, 1)[-1] if not lead and b.endswith(" ") and b.strip() else ""
        self.narrow(seg)

    def narrow(self, seg: list[Token]) -> None:
        self.seg = seg
        self.words = [t for t in seg if t.kind not in ("particle", "suffix")]  # particles and suffix left out


@dataclass(frozen=True)
class Rule:
    name: str
    test: object  # Candidate → bool
    doc: str
    lead: bool | None = None  # a cue that needs words before the segment (True), none (False), or either


def cue_title(c: Candidate) -> bool:
    if c.lead and len(c.lead) <= 5 and any(t.kind == "title" for t in c.lead):
        c.office = [fold(t.text) for t in c.lead]
        return True
    return False


def cue_bridge(c: Candidate) -> bool:
    if not c.lead or not all(t.kind == "soft" or t.text in BRIDGED for t in c.lead) \
            or not BRIDGE.search(c.text, max(0, c.run[0].start - 60), c.run[0].start):
        return False
    c.office = [fold(w) for w in re.findall(r"\w+", c.text[max(0, c.run[0].start - 40): c.start])[-5:]]
    while c.seg and c.seg[0].kind in ("soft", "particle"):  # places before the name: "Minister of Finance Lopes"
        c.narrow(c.seg[1:])
    return True


def cue_office(c: Candidate) -> bool:
    if c.lead or not (c.before.endswith("(") and c.text.startswith(")", c.seg[-1].end)):
        return False
    c.office = office_phrase(c.text[:c.start - 1])
    return bool(c.office)


def cue_lower_title(c: Candidate) -> bool:
    if c.last in LOWER_TITLES:
        c.office = [c.last]
        return True
    return False


def cue_drafted(c: Candidate) -> bool:
    return c.last in ("by", "through") and bool(DRAFTED.search(c.before))


def cue_series(c: Candidate) -> bool:
    f = c.found
    return not c.lead and bool(f) and f[-1].slot is c.slot and bool(SERIES.match(c.text, f[-1].end, c.start))


def cue_signed(c: Candidate) -> bool:
    return c.slot.block == "signed" and any(len(t.text) > 1 and t.kind == "word" for t in c.words)


def cue_participant(c: Candidate) -> bool:
    return c.slot.item_start and c.slot.list_type == "participants" and not c.text[:c.start].strip() \
        and len(c.words) >= 2


def cue_initials(c: Candidate) -> bool:
    w = c.words
    return len(w) >= 2 and w[-1].kind == "word" and w[0].kind in ("word", "initial") \
        and any(t.kind == "initial" for t in w[:-1])


def cue_role(c: Candidate) -> bool:
    """Weak: only for an unlisted segment no other cue took."""
    w, text, start = c.words, c.text, c.start
    return not c.lead and len(w) <= 2 and all(t.kind == "word" and not t.text.isupper() for t in w) \
        and not SENTENCE_START.search(text, max(0, start - 3), start) \
        and ((c.last in OBJECT_LAST and bool(OBJECT_SLOT.search(text, max(0, start - 30), start)))
             or bool(SUBJECT_SLOT.match(text, c.seg[-1].end))) \
        and not c.rec.common(w[-1].text) and w[-1].text not in c.rec.terms


def cue_listed(c: Candidate) -> bool:
    """A listed name with no other cue, unless it is one ordinary word ("May", "Hill")
    that no companion shows to be a person ("May and I", "between May and Poock"), or
    that opens a sentence acting ("May will be talking")."""
    bare = c.words
    if not (len(bare) == 1 and c.rec.common(bare[0].text)):
        return True
    end = c.seg[-1].end
    if COMPANION.match(c.text, end):
        return True
    if ACTS.match(c.text, end) and SENTENCE_START.search(c.text, max(0, c.start - 3), c.start):
        return True  # "May will be talking to …": a month does not act
    other = AND_NAME.match(c.text, end)
    return bool(other) and c.before.endswith("between ") and not c.rec.common(other.group(1))


def nickname(c: Candidate):
    """A lone word that only one listed person is called by ("Cy" for "Vance, Cyrus R.";
    "Rick" for "Inderfurth, Karl F. (Rick)"), and no ordinary word: that person."""
    if len(c.seg) != 1 or c.seg[0].kind != "word":
        return None
    word = c.seg[0].text
    persons = c.rec.nicknames.get(fold(word))
    if persons is None or len(persons) != 1 or c.rec.common(word):
        return None
    return 0, 1, persons


def veto_institution(c: Candidate) -> bool:
    after = [t for t in c.run if t.start >= c.seg[-1].end]
    return bool(after) and after[0].kind == "hard"


def veto_named_after(c: Candidate) -> bool:
    """A thing named after a person names no one: "the Carter Library", "the Franklin D.
    Roosevelt Library", "the Monroe Doctrine" (listed names too)."""
    end = c.seg[-1].end
    after = next((t for t in c.run if t.start >= end), None)
    return after is not None and after.text in NAMED_AFTER


def veto_ship(c: Candidate) -> bool:
    """"S. S. Imperator", "U.S.S. Maine": a ship."""
    return bool(SHIP.match(c.text, c.start))


def veto_term(c: Candidate) -> bool:
    return c.seg[-1].text in c.rec.terms


def veto_abbreviated(c: Candidate) -> bool:
    w = c.words
    return len(w) == 1 and len(w[0].text) <= 4 and bool(ABBREVIATED.match(c.text, c.seg[-1].end))


def veto_outline_label(c: Candidate) -> bool:
    """A letter opening a block is an outline label, not an initial: "A. Opposition",
    "C. Statements" (a list of participants aside: "J. Smith, Department of State")."""
    first = c.seg[0]
    return first.kind == "initial" and len(first.text) == 2 and c.slot.list_type != "participants" \
        and OUTLINE_BEFORE.fullmatch(c.text, 0, c.start) is not None


def veto_common_word(c: Candidate) -> bool:
    """On weak evidence (initials, a series) a name's last word is no ordinary word:
    "Osborne, Policy and Reform" where the text speaks of policy and reform."""
    return c.cue in ("initials", "series") and c.rec.common(c.words[-1].text)


def veto_glued_initials(c: Candidate) -> bool:
    """Letters run together with full stops ("U.S.", "G.S.") are an abbreviation more
    often than a person's initials: not evidence enough alone ("G.S. Getting")."""
    return c.cue == "initials" and any(t.kind == "initial" and len(t.text) > 2 for t in c.seg)


def name_word(c: Candidate, cue: str) -> bool:
    """Evidence aside, an unlisted name has a word that is no place, office or initial
    ("Mexican" is none), unless a title or an office stands right before it:
    "the Chilean President (Ríos)"."""
    strong = cue in ("title", "office") and any(t.kind == "soft" for t in c.words)
    return strong or any(t.kind == "word" and len(t.text) > 1 for t in c.words)


# The cues, in the order they are tried: the first that fires names the mention.
CUES = (
    Rule("title", cue_title, "after a title or office: “Mr. Rubottom”, “Ambassador Carrillo Flores”",
         lead=True),
    Rule("bridge", cue_bridge, "after an office bridged by “of”: “Secretary of State Dulles”", lead=True),
    Rule("office", cue_office, "in brackets after an office: “the Adviser on Political Relations (Duggan)”",
         lead=False),
    Rule("lower-title", cue_lower_title, "after an office in lower case: “Treasury representative May”",
         lead=False),
    Rule("drafted", cue_drafted, "in drafting notes: “Drafted by Osborne, initialed by Rubottom”", lead=False),
    Rule("series", cue_series, "after a name, in a list of names: “Rubottom, Mann and Dillon”", lead=False),
    Rule("signed", cue_signed, "in a signature"),
    Rule("participant", cue_participant, "at the start of an item of a list of participants"),
    Rule("initials", cue_initials, "with initials: “Melville E. Osborne”, “H. J. Roig”"),
)
# Vetoes: evidence that an unlisted segment a cue took is no name after all.
VETOES = (
    Rule("veto-institution", veto_institution, "an institution's word follows: “the Foreign Exchange Department”"),
    Rule("veto-named-after", veto_named_after, "a thing named after a person: “the Franklin D. Roosevelt Library”"),
    Rule("veto-ship", veto_ship, "a ship: “S. S. Imperator”"),
    Rule("veto-term", veto_term, "an abbreviation of the List of Abbreviations: “Eximbank”"),
    Rule("veto-abbreviated", veto_abbreviated, "a short word cut off by a full stop: “Pres. of SUMDC”"),
    Rule("veto-outline-label", veto_outline_label, "a letter opening a block: “A. Opposition”"),
    Rule("veto-common-word", veto_common_word, "an ordinary word on weak evidence: “Osborne, Policy and Reform”"),
    Rule("veto-glued-initials", veto_glued_initials, "letters run together as the only evidence: “G.S. Getting”"),
)
# The rules outside the ordered cues, by name (switched off like the others).
OTHER_RULES = (
    Rule("role", cue_role, "an unknown word where only a person fits: “a memorandum to Herter”; weak, not spread"),
    Rule("listed", cue_listed, "a name of the volume's List of Persons"),
    Rule("signed-capitals", None, "a signature in capitals: “DULLES”, “J. C. B. DAVIS.”"),
    Rule("salutation", None, "the given name opening a letter: “DEAR CLARE:”"),
    Rule("nickname", nickname, "a nickname only one listed person has: “Cy” (Vance, Cyrus R.)"),
    Rule("known", None, "a name the document already gave on a cue, or the first name of a listed person"),
    Rule("trailing", None, "a listed name the run goes on past: “Zbigniew Brzezinski Collection”"),
    Rule("accents", None, "a name written without the listed accents is not the listed one: “Peron”"),
)
RULES = {r.name: r for r in CUES + VETOES + OTHER_RULES}


@lru_cache(maxsize=1 << 14)
def accents_agree(written: str, surname: str) -> bool:
    """Rule *accents*: a name written without the accents of the listed one ("Peron" for
    "Perón") is, in FRUS's own tagging, left alone: a telegram's spelling, or someone
    else. Capitals carry no accents ("PERON" is Perón)."""
    if written.isupper():
        return True
    listed = {fold(w): w for w in surname.split()}
    for w in written.split():
        lw = listed.get(fold(w))
        if lw is not None and accented(lw) and not accented(w):
            return False
    return True


def accented(word: str) -> bool:
    return any(unicodedata.combining(c) for c in unicodedata.normalize("NFD", word))


def written_lower(word: str, text: str) -> bool:
    """Does ``text`` write ``word``, a ``LOWER_WORD``, as a word of its own? Looked
    up where it occurs rather than by listing every word of the text: a
    document asks about a handful of words only."""
    if not LOWER_WORD.fullmatch(word):
        return False
    at = text.find(word)
    while at >= 0:
        end = at + len(word)
        if not (at and WORD_CHAR.match(text, at - 1)) and not WORD_CHAR.match(text, end):
            return True
        at = text.find(word, at + 1)
    return False


def segments(toks: list[Token]):
    """Split a run at titles, offices and acronyms; yield each name-like part with
    the tokens just before it ("Mexican Ambassador" before "Antonio Carrillo Flores")."""
    out = []
    i, n = 0, len(toks)
    lead: list[Token] = []
    while i < n:
        t = toks[i]
        if t.kind in ("title", "hard", "acronym") or (t.kind == "soft" and i + 1 < n and toks[i + 1].kind == "title"):
            lead.append(t)
            i += 1
            continue
        if t.kind == "suffix" or (t.kind == "particle" and not (i + 1 < n and toks[i + 1].kind in ("word", "soft"))):
            i += 1
            continue
        j = i  # a particle may open the name: "President de Gaulle", "Mr. van Zeeland"
        while j < n and toks[j].kind in ("word", "initial", "soft", "particle", "suffix"):
            if toks[j].kind == "soft" and j + 1 < n and toks[j + 1].kind == "title":
                break
            j += 1
        seg = toks[i:j]
        while seg and seg[-1].kind == "particle":
            seg.pop()
        if seg:
            out.append((seg, lead))
        lead = []
        i = max(j, i + 1)
    return out


def office_phrase(before: str) -> list[str]:
    """The office named before "(Name)": "the Adviser on Political Relations" → its words,
    if it holds a title; else []."""
    cut = max(before.rfind(c) for c in ".;()")
    phrase = before[cut + 1:]
    phrase = re.split(r"\b(?:the|The|a|A|an)\s", phrase)
    words = re.findall(r"[\w’'-]+", " ".join(phrase[-3:]) if len(phrase) > 1 else phrase[0])[-12:]
    if any(w in TITLES or w in ("Chief", "Head", "Officer", "Assistant", "Deputy", "Member", "Leader")
           for w in words):
        return [fold(w) for w in words]
    return []


def fits(given: list[str], person) -> bool:
    """Do the given names written ("Roy R.", "William T.", "Ernani") fit the listed ones
    ("R. Roy", "William T.", "Erani")? The first must be the listed first name or
    its initial, or a listed name in full (someone known by a middle name); each
    other must be one of the listed names or initials."""
    if not given:
        return True
    listed = person.given_tokens
    if not listed:
        return False
    pieces = [p for g in given for p in re.split(r"(?<=\.)", g) if p]

    def same(a: str, b: str) -> bool:
        if a.endswith(".") or b.endswith("."):
            return a[0] == b[0]
        return a == b or (a[0] == b[0] and len(a) > 3 and difflib.SequenceMatcher(None, a, b).ratio() >= 0.8)

    first = pieces[0]
    if first in person.nicknames:  # "Dick Moose", "Rick Inderfurth"
        return all(any(same(p, lt) for lt in listed) for p in pieces[1:])
    if not (same(first, listed[0]) or (not first.endswith(".") and any(
            not lt.endswith(".") and same(first, lt) for lt in listed))):
        return False
    return all(any(same(p, lt) for lt in listed) for p in pieces[1:])


def score(person, office: list[str]) -> int:
    """How well the office written with a name fits a person's description:
    a word in the head of one of its roles counts two, elsewhere one."""
    words = {w for w in office if w not in STOP}
    if not words:
        return 0
    total = 0
    for head, rest in roles(person.description):
        total += sum(2 if w in head else 1 if w in rest else 0 for w in words)
    return total


@lru_cache(maxsize=1 << 12)
def roles(description: str) -> tuple[tuple[frozenset, frozenset], ...]:
    """The folded words of each role of a description, the head's and the rest's
    (read once per person, not for every mention weighed against it)."""
    out = []
    for role in description.split(";"):
        parts = re.split(r",|\b(?:of|to|for|in|from|until|since|after)\b", role, maxsplit=1)
        head = frozenset(re.findall(r"\w+", fold(parts[0])))
        rest = frozenset(re.findall(r"\w+", fold(parts[1]))) if len(parts) > 1 else frozenset()
        out.append((head, rest))
    return tuple(out)


def summary(mentions: list[Mention]) -> dict:
    """For the report: which rules linked mentions to which entry, how many names are
    left unlinked, and the mentions that could be more than one listed person."""
    linked: dict[str, dict[str, int]] = {}
    for m in mentions:
        if m.corresp:
            rules = linked.setdefault(m.corresp, {})
            rules[m.cue] = rules.get(m.cue, 0) + 1
    return {"linked": linked,
            "unlinked": sum(1 for m in mentions if not m.corresp),
            "ambiguous": [{"text": m.text, "line": m.slot.line, "rule": m.cue, "persons": [p.id for p in m.persons]}
                          for m in mentions if not m.corresp and len(m.persons) > 1]}


def link(mentions: list[Mention], reporter) -> None:
    """Choose the listed person of each mention (see the module's docstring)."""
    last: dict[str, int] = {}  # person id → position of its latest linked mention
    doubtful: list[Mention] = []
    for n, m in enumerate(mentions):
        if not m.persons:
            continue
        if len(m.persons) == 1:
            m.corresp = m.persons[0].id
            last[m.corresp] = n
            continue
        ids = [p.id for p in m.persons]
        scores = [score(p, m.office) for p in m.persons]
        best = max(scores)
        earlier = max(ids, key=lambda i: last.get(i, -1))
        if best > 0 and scores.count(best) == 1:
            pick, why = ids[scores.index(best)], f"the office “{' '.join(m.office)}” fits the description"
        elif earlier in last:
            pick, why = earlier, "as earlier in the document"
        else:
            pick = None
        if pick is None:
            doubtful.append(m)
            continue
        m.corresp = pick
        last[pick] = n
        reporter.decide("person", pick, [i for i in ids if i != pick], m.slot.line, None,
                        note=f"“{m.text}” (rule {m.cue}): {why}")
    for m in doubtful:
        ids = [p.id for p in m.persons]
        used = [i for i in ids if i in last]
        if len(used) == 1:
            m.corresp = used[0]
            reporter.decide("person", m.corresp, [i for i in ids if i != m.corresp], m.slot.line, None,
                            note=f"“{m.text}” (rule {m.cue}): as elsewhere in the document")
        else:
            reporter.decide("person", "", ids, m.slot.line, None,
                            note=f"“{m.text}” (rule {m.cue}) may be any of these listed persons; "
                                 "tagged without a link")
