"""Input forms: how a copy of a page separates its blocks (DESIGN.md, "The input form").

The same printed page arrives in several forms, and a volume may mix them,
so the form is decided per document (rule *input-form*):

* ``blank``: blank lines separate blocks; a block may still hold several lines;
* ``single``: one newline separates blocks: every line is a block;
* ``wrapped``: one newline, and paragraphs broken into print lines, so a line
  ends where the print line ended and the next line goes on with the sentence;
* ``dash`` (with single or wrapped): list items as ``- text``, footnotes as
  unnumbered ``- text↩`` lines at the end.

Whatever the form, this module cuts the lines into *runs*: the lines of one
block (a paragraph, a list with its label), which the parser turns into the
one block model the rest of the pipeline uses. It never changes a character.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .grammar import MONTH, MONTH_NO

ARROW = "\u21a9"  # the back-link arrow that closes a footnote copied from the site
BULLET = re.compile(r"^( *)• ?(.*)$")
DASH = re.compile(r"^( *)-(?: (.*))?$")  # "- text", or a lone "-" opening a group
PAGE_ONLY = re.compile(r"^\s*\[(?:Facsimile |Typeset )?Page ([^\]\s]+)\]\s*$")
LONE_MARKER = re.compile(r"^\d{1,3}[a-d]?$")  # a footnote number left alone on its line
# A line that ends a sentence, a heading or a label; anything else goes on.
TERMINAL = tuple(".:;!?”\"’)]*")
# Words a print line may end on that never end a block: a title, a joining word.
OPEN_END = re.compile(r"(?:\b(?:Mr|Mrs|Dr|St|Messrs|Gen|Col|Capt|Hon|Rev)\.|[,—–-]"
                      r"|\b(?:the|of|and|to|in|a|an|for|by|with|on|at|from|or|that|his|her|their|its"
                      r"|de|del|da|do|du|des|la|van|von))$")  # and the particles inside names ("Rio de")
OPEN_END_LONGEST = len("Messrs.")
GROUP_HEAD_MAX = 60
MONTH_IN = re.compile(rf"\b{MONTH}\b")
OPENER_SPANS = 3  # the blocks before a dateline: a file number, a kind line, the heading
# "John S. Dickey", "Hull", "R. R. Rubottom, Jr.", "HAMILTON FISH.": capitalised words
SIGNATURE = re.compile(r"^[A-Z][\w.’'-]*(?:,? [A-Z][\w.’'-]*){0,4}(?:(?<![a-z]\.)|(?<=[JS]r\.))$")
# A line that opens a block of its own: a numbered paragraph ("1604. Embtels …",
# "(2) International."), a bracketed line ("[Omitted here …]"), a despatch's number ("No. 119.]").
OPENS_BLOCK = re.compile(r"^(?:\d+[a-z]?\.\s|\(\d+\)\s+[A-Z]|\[|No\. ?\d+\.\]$)")  # a group's name in a participants list ("State", "White House")
# Rule *own-line*: lines that are a block of their own in every form, never a
# print line of a paragraph: a separator ("-----"), an omission line ("* * * *",
# ". . . . . .", "……"), and a whole bracketed omission ("[Omitted here is …]").
OWN_LINE = re.compile(r"^\s*(?:[-_=]{3,}|(?:\* ?){3,}|(?:\. ?){3,}|…+|\[(?:Omitted|Here follows?|Text not|[^\]]*not declassified)[^\]]*\])\s*$")
OWN_LINE_FIRST = set("-_=*.…[ ")  # the first characters such a line can have (a cheap test first)
# Rule *classification-mark*: "(S)", "(C)", "(U)", "(TS)" end a paragraph of the
# later era; alone on a line (a print line's overflow) the mark goes with the block above.
CLASSIFICATION_MARK = re.compile(r"^\((?:TS|S|C|U|SBU|LOU)(?:/[A-Z]{2,8})?\)$")


@dataclass
class Form:
    name: str  # blank, single, wrapped; "dash" when the lists and notes are dash lines
    why: str
    wrap_width: int = 0  # the longest print line, for wrapped text
    whole_line: object = None  # a test for lines that are a block of their own (a dateline)


def is_list_line(line: str) -> bool:
    return bool(BULLET.match(line) or DASH.match(line))


def _plain(line: str) -> bool:
    """A line of running text: not indented, not a list line, not a page marker.
    (Decided by the first characters: it is asked of every line, often twice.)"""
    if not line.strip() or line[0] == " ":
        return False
    first = line[0]
    if first in OWN_LINE_FIRST and OWN_LINE.match(line):
        return False
    if first == "•" or (first == "-" and line[1:2] in ("", " ")):
        return False  # a bullet or a dash item
    return not PAGE_ONLY.match(line) if first == "[" or first.isspace() else True


def _continues(a: str, b: str) -> bool:
    """Linguistic evidence that line ``b`` goes on with ``a``'s sentence; a comma
    before a line in capitals ends a closing (``your obedient servant,`` / ``HAMILTON FISH.``)."""
    a = a.rstrip()
    if goes_on_sentence(a, b):
        return True
    m = OPEN_END.search(a, max(0, len(a) - OPEN_END_LONGEST))  # only the line's end can match
    return bool(m) and not (m.group() == "," and b.upper() == b)


def goes_on_sentence(a: str, b: str) -> bool:
    """Line ``b`` starts in lower case after ``a`` left its sentence open: the
    next print line of the same sentence, never a group's name or a new block."""
    return b[:1].islower() and not a.rstrip().endswith(TERMINAL)


def detect(lines: list[str]) -> Form:
    """Rule *input-form*: which form this document's text arrived in, and why.
    One pass over the lines: how text lines are separated, which of them go on
    with the sentence of the line before, and the longest line followed by text."""
    blank_seps = single_seps = evidence = dashes = width = 0
    prev = None
    prev_plain = False
    for i, line in enumerate(lines):
        if not line.strip():
            continue
        plain = _plain(line)
        if DASH.match(line) or line.rstrip().endswith(ARROW):
            dashes += 1
        if plain and prev_plain:
            a = lines[prev]
            if prev == i - 1:
                single_seps += 1
                # a wrapped paragraph fills every print line but its last one,
                # so the longest line followed by text is the print width
                width = max(width, len(a.rstrip()))
                if goes_on_sentence(a, line):
                    evidence += 1
            else:
                blank_seps += 1
        prev, prev_plain = i, plain
    if blank_seps >= single_seps:
        return Form("blank", f"{blank_seps} blank-line breaks between text lines, {single_seps} single")
    if evidence:
        return Form("wrapped", f"{evidence} lines go on with the sentence of the line before "
                    f"({single_seps} single line breaks between text lines)", width)
    if dashes:
        return Form("dash", f"{single_seps} single line breaks between text lines; {dashes} dash items or notes")
    return Form("single", f"{single_seps} single line breaks between text lines, {blank_seps} blank")


def _first_word(line: str) -> str:
    parts = line.split(None, 1)
    return parts[0] if parts else ""


def _joins(a: str, b: str, form: Form) -> bool:
    """In wrapped text, whether line ``b`` is the next print line of ``a``'s block."""
    if not (_plain(a) and _plain(b)) or LONE_MARKER.match(b.strip()):
        return False
    if a.count("[") > a.count("]") or a.count("(") > a.count(")"):
        return True  # a bracket left open goes on: "[Received November" / "27—11:50 a.m.]"
    if b[:1].isdigit() and a.rsplit(None, 1)[-1] in MONTH_NO:
        return True  # a date broken after its month ("beginning July" / "24. Westbound …")
    if OPENS_BLOCK.match(b):
        return False
    if _continues(a, b):
        return True
    if form.whole_line is not None and form.whole_line(a.strip()):
        return False  # a dateline is a block of its own
    if form.whole_line is not None and b.rstrip().endswith(TERMINAL) and form.whole_line(b.strip()):
        return False  # a dateline (which ends as a sentence does) is a block of its own
    # a print line is filled as far as the next word allows: a line with no
    # room for the next line's first word was broken by the wrapping
    width = form.wrap_width
    return 0 < len(a) <= width < len(a) + 1 + len(_first_word(b))


def runs(lines: list[str], form: Form) -> list[tuple[int, list[str], int]]:
    """The lines of each block: (index of the first line, the lines, blank lines before)."""
    out: list[tuple[int, list[str], int]] = []
    gap = 0
    i = 0
    while i < len(lines):
        if not lines[i].strip():
            gap += 1
            i += 1
            continue
        j = i
        while j < len(lines) and lines[j].strip():
            j += 1
        if form.name == "blank":
            for k, (a, b) in enumerate(_own_lines_apart(lines, i, j)):
                out.append((a, lines[a:b], gap if k == 0 else 0))
        else:
            for k, chunk in enumerate(_split_chunk(lines, i, j, form)):
                out.append((chunk[0], lines[chunk[0]:chunk[1]], gap if k == 0 else 0))
        gap = 0
        i = j
    return out


def _own_lines_apart(lines: list[str], i: int, j: int) -> list[tuple[int, int]]:
    """Rule *own-line* in the blank form: a separator or omission line between
    lines of a block parts them (it is a block of its own)."""
    if j - i == 1:
        return [(i, j)]
    spans: list[tuple[int, int]] = []
    start = i
    for k in range(i, j):
        if lines[k][:1] in OWN_LINE_FIRST and OWN_LINE.match(lines[k]):
            spans += [(a, b) for a, b in ((start, k), (k, k + 1)) if b > a]
            start = k + 1
    return spans + ([(start, j)] if j > start else [])


def _split_chunk(lines: list[str], i: int, j: int, form: Form) -> list[tuple[int, int]]:
    """Cut a stretch of lines with no blank line into blocks (single, wrapped, dash)."""
    spans: list[list[int]] = []
    in_list = False
    k = i
    while k < j:
        line = lines[k]
        nxt = lines[k + 1] if k + 1 < j else ""
        if is_list_line(line) or (in_list and PAGE_ONLY.match(line)):
            if in_list:
                spans[-1][1] = k + 1
            else:
                spans.append([k, k + 1])
                in_list = True
            if DASH.match(line) and not line.strip(" -") and k + 1 < j:
                spans[-1][1] = k + 2  # a lone dash: the group's name is on the next line
                k += 1
            k += 1
            continue
        if _plain(line) and is_list_line(nxt) and (in_list and _group_name(line) or LABEL_LINE.match(line.strip())
                                                   or _group_follows(lines, k, j)):
            # a list's label (which opens a list of its own), or the name of a group of its items
            if in_list and not LABEL_LINE.match(line.strip()):
                spans[-1][1] = k + 1
            else:
                spans.append([k, k + 1])
                in_list = True
            k += 1
            continue
        if in_list and _plain(line) and (goes_on_sentence(lines[k - 1], line)
                                         or form.name == "wrapped" and _continues(lines[k - 1], line)):
            spans[-1][1] = k + 1  # a list item's next print line (one item wrapped in a text not wrapped)
            k += 1
            continue
        in_list = False
        if spans and k > i and (LONE_MARKER.match(line.strip()) or CLASSIFICATION_MARK.match(line.strip())):
            spans[-1][1] = k + 1  # a footnote marker left alone after a signature, a paragraph's mark
        elif spans and form.name == "wrapped" and spans[-1][1] == k and _joins_back(lines, spans[-1], k, form) \
                and not _signs_off(lines, k, j) and not (len(spans) <= OPENER_SPANS and _dateline_starts(lines, k, j, form)):
            spans[-1][1] = k + 1
        elif PAGE_ONLY.match(line) and spans and spans[-1][1] == k and form.name == "wrapped" and k + 1 < j \
                and _plain(nxt) and _continues_over_page(lines[k - 1], nxt) and _plain(lines[k - 1]):
            spans[-1][1] = k + 2  # a page break in mid-sentence stays inside its paragraph
            k += 1
        else:
            spans.append([k, k + 1])
        k += 1
    return [(a, b) for a, b in spans]


def _joins_back(lines: list[str], span: list[int], k: int, form: Form) -> bool:
    prev = lines[span[1] - 1]
    return not PAGE_ONLY.match(prev) and _joins(prev, lines[k], form)


def _dateline_starts(lines: list[str], k: int, j: int, form: Form) -> bool:
    """A dateline broken over two print lines under the heading (``Washington,
    July 25,`` / ``1964—4:56 p.m.``) opens a block of its own: it is not the
    heading's last print line."""
    if form.whole_line is None or k + 1 >= j or lines[k].rstrip().endswith(TERMINAL) \
            or not MONTH_IN.search(lines[k]) or _continues(lines[k - 1], lines[k]):
        # the date begins on this line ("State" / "Buenos Aires, … 1941" is the heading's end), and the
        # heading did not leave its phrase open ("Rio de" / "Janeiro, August 5, 1958": a dated heading)
        return False
    return bool(form.whole_line(lines[k].strip() + " " + lines[k + 1].strip())) \
        and not form.whole_line(lines[k + 1].strip())


def _signs_off(lines: list[str], k: int, j: int) -> bool:
    """The closing lines of a letter after its last sentence: a name (and a title)
    on the last lines of the text are the signature, never a paragraph's last print line."""
    if not lines[k - 1].rstrip().endswith(TERMINAL) or j - k > 2:
        return False
    return all(len(line) <= 40 and SIGNATURE.match(line.strip()) for line in lines[k:j])


def _continues_over_page(a: str, b: str) -> bool:
    a = a.rstrip()
    return not a.endswith(TERMINAL) or b[:1].islower() or bool(OPEN_END.search(a, max(0, len(a) - OPEN_END_LONGEST)))


def _group_name(line: str) -> bool:
    """Shaped like a group's name: short, no closing punctuation."""
    return len(line) <= GROUP_HEAD_MAX and not line.rstrip().endswith((".", ":", ";", ","))


def _group_follows(lines: list[str], k: int, j: int) -> bool:
    """A short line before list lines names a group if another such name follows in the same list."""
    if not _group_name(lines[k]):
        return False
    m = k + 1
    while m < j and (is_list_line(lines[m]) or PAGE_ONLY.match(lines[m])):
        m += 1
    return m + 1 < j and _plain(lines[m]) and len(lines[m]) <= GROUP_HEAD_MAX and is_list_line(lines[m + 1])


LABEL_LINE = re.compile(r"^(SUBJECTS?|PARTICIPANTS?|PRESENT|ATTENDEES?|ATTENDED BY|ATTENDEES ARE"
                        r"|SUBJECT AND PARTICIPANTS)\s*:?$", re.I)


def list_lines(lines: list[str]) -> list[str]:
    """Rule *front-matter-form*: a List of Persons or of Abbreviations in any form
    becomes the bullet form the front matter is read in: ``- entry`` lines are
    items, and an entry's further print lines (wrapped text) join their item.
    Only the list marker changes; the entries' characters are kept."""
    out: list[str] = []
    for line in lines:
        dash = DASH.match(line)
        if dash and dash.group(2):
            out.append("  • " + dash.group(2))
        elif out and _goes_on(out[-1], line):
            out[-1] = out[-1].rstrip() + " " + line.strip()
        else:
            out.append(line)
    return out


def _goes_on(item: str, line: str) -> bool:
    """A print line that goes on with the list item above it (rather than a new
    heading or a page marker): it starts in lower case, or the item ends open."""
    if not BULLET.match(item) or not line.strip() or is_list_line(line) or PAGE_ONLY.match(line):
        return False
    return _continues(item, line.strip())
