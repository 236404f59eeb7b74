"""Sender and recipient in a heading.

FRUS marks who a document is from and to: a person as
``persName type="from"``, an office as ``gloss type="from"``:

    243. Telegram From the <gloss type="from">Embassy in Brazil</gloss> to the <gloss type="to">Department of State</gloss>
    The Ambassador in Argentina (<persName type="from">Armour</persName>) to the <gloss type="to">Secretary of State</gloss>

This rule finds the two parties; names inside a party are found by the person
annotator and get the party's ``type``; a party without a name becomes a gloss.
A party is an office, a post or a named official ("the Embassy in Brazil", "the
CIA Station in Guatemala", "Headquarters of Operation PBSUCCESS").

Rule *addressed heading*: a 19th-century despatch is headed by its two parties
alone, each a form of address and a name, and FRUS tags each whole party:

    <persName type="from">Mr. Davis</persName> to <persName type="to">Baron Gerolt</persName>.

Such a party is a name by its form, whether or not the person annotator finds
one in it; a name it finds there lends the party its link.

Volumes of the series since 1969 mark neither (FRUS's own files: the 1941 and
1958–1960 volumes gloss "Secretary of State", the 1977–1980 volume leaves
"Telegram From the Embassy in Ethiopia to the Department of State" as text and
tags the names in a heading without a ``type``); where that era begins
between 1960 and 1977 is not known here: ``MARKED_UNTIL`` is a guess.
"""
from __future__ import annotations

import re

from .lexicon import PARTICLES, TITLES, fold
from .spans import PRECEDENCE, Slot, Span

RANK = PRECEDENCE["party"]
NAME = PRECEDENCE["name"]

NUMBER = re.compile(r"^\s*(?:\d+\.\s+)?")
# "Telegram From the …", "Memorandum by the …", "Letter From …": a short genre, then the sender
FROM = re.compile(r"^(?:[A-Z][\w-]*\s){1,5}?(?:From|from|by)\s+(?:the\s+)?")
OLD_STYLE = re.compile(r"^The\s+")  # "The Ambassador in Argentina (Armour) to the Secretary of State"
BETWEEN = re.compile(r"^(?:[A-Z][\w-]*\s){1,5}?(?:of\s+a\s+)?(?:Conversation|Meeting)\s+Between\s+(?:the\s+)?")
MARKED_UNTIL = 1968  # the last year of the volumes that mark the parties
# "Mr. Adams to Mr. Seward.", "Baron Gerolt to Mr. Fish": a form of address opens each party
ADDRESS = frozenset("Mr. Mrs. Miss Sir Lord Lady Señor Señora Senhor Monsieur Madame Baron Count Countess "
                    "Viscount Marquis Prince Chevalier General Admiral Commodore Dr.".split())


def marked(volume_years: tuple[int, int] | None) -> bool:
    """Does a volume of these years mark a heading's sender and recipient?"""
    return volume_years is None or volume_years[0] <= MARKED_UNTIL


OFFICES = frozenset(fold(w) for w in """
President Secretary Ambassador Chargé Minister Consul Embassy Embassies Legation Legations Consulate Department
Mission Missions Delegation Government Office Staff Council Committee Commission Board Agency Director Chief
Representative Governor Administrator Adviser Counselor Officer Posts Diplomatic Chiefs Joint Attaché
Station Stations Headquarters Base Operation Center Service Bureau Division Section Group Team Command
""".split())


def _has_office(text: str) -> bool:
    """An office or post, or a cryptonym in capitals standing for one ("LINCOLN")."""
    return any(fold(w) in OFFICES or (len(w) > 2 and w.isupper()) for w in re.findall(r"[\w’'-]+", text))


def _is_party(text: str) -> bool:
    """An office, or a person: "(Armour)", "Mr. H. J. Roig"."""
    first = text.split(" ", 1)[0]
    return _has_office(text) or "(" in text or first in TITLES


def _split_to(rest: str, sep: str = " to ") -> int | None:
    """Where the sender ends: at " to " after a "(Name)" if there is one, else at the first " to "."""
    hits = [m.start() for m in re.finditer(re.escape(sep), rest)]
    if not hits:
        return None
    for h in hits:
        if rest[:h].endswith(")"):
            return h
    return hits[0]


def parties(slot: Slot) -> tuple[list[tuple[int, int, str, Span | None]], list[Span]]:
    """Party ranges (start, end, "from"|"to", the party's own persName when it
    is one by its form) and the spans the parties make: glosses for those
    without a name, persNames for those of an addressed heading."""
    text = slot.text
    base = 0
    m = NUMBER.match(text)
    if m:
        base = m.end()
    body = text[base:]
    addressed = _addressed(text, base)
    if addressed:
        return addressed, [span for *_, span in addressed]
    found: list[tuple[int, int, str, Span | None]] = []
    glossable = True
    m = FROM.match(body) or OLD_STYLE.match(body)
    sep = " to "
    if m is None:
        m = BETWEEN.match(body)
        sep, glossable = " and ", False
    if m is None:
        return [], []
    start = base + m.end()
    rest = text[start:]
    cut = _split_to(rest, sep)
    if cut is None:
        end = _party_end(rest)
        found.append((start, start + end, "from", None))
    else:
        found.append((start, start + cut, "from", None))
        to_start = start + cut + len(sep)
        if text.startswith("the ", to_start):
            to_start += 4
        found.append((to_start, to_start + _party_end(text[to_start:]), "to", None))
    if m.re is OLD_STYLE and not all(_is_party(text[s:e]) for s, e, *_ in found):
        return [], []
    glosses = []
    if glossable:
        for s, e, kind, _ in found:
            party = text[s:e]
            if "(" not in party and _has_office(party):
                glosses.append(Span(s, e, "gloss", {"type": kind}, rank=RANK))
    return found, glosses


def _addressed(text: str, base: int) -> list[tuple[int, int, str, Span]]:
    """Rule *addressed heading*: "Mr. Davis to Mr. Bancroft." as its two parties,
    each a form of address and a name; none when the heading is anything else."""
    cut = _split_to(text[base:])
    if cut is None:
        return []
    sender = (base, base + cut)
    to_start = base + cut + len(" to ")
    end = to_start + _party_end(text[to_start:])
    found = []
    for (s, e), kind in ((sender, "from"), ((to_start, end), "to")):
        if not _addressed_party(text[s:e]):
            return []
        found.append((s, e, kind, Span(s, e, "persName", {"corresp": None, "type": kind}, rank=NAME)))
    return found


def _addressed_party(party: str) -> bool:
    """A form of address and the words of a name: no office, no lower-case word but a particle."""
    address, *words = party.split() or [""]
    return (address in ADDRESS and any(w[:1].isupper() for w in words) and not _has_office(party)
            and all(w[:1].isupper() or w in PARTICLES for w in words))


def _party_end(rest: str) -> int:
    """A recipient ends at the place and date after it: "…, Department of State, Washington, …",
    and before the heading's own full stop or comma ("Mr. Bancroft to Mr. Fish,")."""
    m = re.search(r",\s", rest)
    party = rest[:m.start() if m else len(rest)].rstrip()
    last = party.rsplit(" ", 1)[-1]
    # a full stop that ends an abbreviation ("U.S.S.R.", "J.", "Jr.") is the name's own
    if party.endswith(",") or party.endswith(".") and len(last) > 2 and "." not in last[:-1] \
            and last not in TITLES and last != "Jr.":
        party = party[:-1]
    return len(party)
