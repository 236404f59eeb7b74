"""Parse stage: lines become blocks, by an ordered chain of named rules.

The input form (DESIGN.md): the heading on the first line, blocks separated
by blank lines, ``  • `` list items (two more spaces a level), ``[Page N]``
markers, and the footnote list at the end (``  1. text``; further paragraphs
of a footnote indented four spaces). Each FRUS convention is one rule below;
``BLOCK_RULES`` gives their order. A rule looks at the block list and
re-labels blocks; it never changes a character of text.
"""
from __future__ import annotations

import re

from . import forms
from .grammar import MONTH
from .model import Block, Document, Footnote, Item, Text
from .reader import Source
from .report import Reporter

DATE = (rf"(?:{MONTH} \d{{1,2}}(?:[–-]\d{{1,2}})?, \d{{4}}|\d{{1,2}} {MONTH},? \d{{4}}|{MONTH},? \d{{4}}"
        r"|[Uu]ndated|[Nn]o date)")

# "  1. text"; some lists mark a note with a symbol or a letter instead ("  *. text");
# as people type them: the dot left out ("  2 Not found"), "l." or "I." for "1."
NOTE_LINE = re.compile(r"^  (\d+|[*†‡§]+|[a-z]|I)(?:\.(?: (.*))?|  ?(?=[A-Z“\"(\[])(.*))$")
NOTE_MORE = re.compile(r"^    (\S.*)$")
NOTE_WRAP = re.compile(r"^  ( ?[^\s\d•*†‡§-].*)$")  # a list item's text going on, indented less than a paragraph
PAGE_ONLY = forms.PAGE_ONLY
PRINTED_NUMBER = re.compile(r"^(\d+)\.\s")
# The decimal-file number printed above older documents: "740.00112A European
# War, 1939/4125: Telegram", "835.796/141½", "FW 810.20 Defense/1096".
FILE_NUMBER = re.compile(
    r"^(?:FW\s)?\d{3}\.[\dA-Za-z]+[ \w.,’'()-]*/[\w½¼¾.–-]+(?:,\s*[\w/–-]+)*(?::\s*[\w ,-]+)?$"
)
NUMBER_LINE = re.compile(rf"(?:{FILE_NUMBER.pattern[1:-1]}|File Nos?\.\s*\S.{{0,80}}|No\.\s*\d+\.)$")
# "[Telegram.]", "[Circular.]", "[By cable telegram.]", "[Extracts.]": what kind of paper follows
KIND_LINE = re.compile(r"^\[(?!Received|Page|Facsimile|Typeset)[A-Z][A-Za-z ,—–-]{2,40}\.?\]$")
# "Washington, December 4, 1941.", "[Washington,] December 26, 1941.",
# "London, December 23, 1941—11 p.m. [Received December 23—7 p.m.]"
DATELINE = re.compile(
    rf"^(?:\[?[A-Z][^\n\[\],.]{{0,40}}(?:\.[^\n\[\],.]{{1,30}})?,\]?,?\s*){{0,2}}\[?{DATE}\]?"
    r"(?:\s*[—–,-]\s*[^\n\[]{0,30}?)?\.?(?:\s*(?:\[[^\]\n]{0,60}\]|\([^)\n]{0,60}\)))?\.?$"
)
LABEL = re.compile(r"^(SUBJECTS?|PARTICIPANTS?|PRESENT|ATTENDEES?|SUBJECT AND PARTICIPANTS)\s*:?$", re.I)
SIGNATURE = forms.SIGNATURE
# The signer's office on the line under the name ("Assistant Secretary", "Acting Secretary of State")
SIGNER_TITLE = re.compile(r"^(?:(?:Assistant|Under|Deputy|Acting|Special|Vice|Executive) )*(?:Secretary|Minister"
                          r"|Ambassador|Director|Chargé|Counselor|Consul|Chairman|Administrator|Adviser|Assistant)"
                          r"(?: [\w’'-]+){0,6}$")
# "[Inclosure 1.]", "[Inclosure.]", "[Inclosure A.]": printed above an enclosure's own heading
INCLOSURE_LINE = re.compile(r"^\[(?:In|En)closure(?: (?:No\. )?[\w-]+)?\.?\]$")
# "Mr. Fish to Baron Gerolt.": a letter's writer and addressee, as a 19th-century heading prints them
PARTY_HEADING = re.compile(r"^[A-Z][\w.’' -]{1,60} to [A-Z][\w.’' ,&-]{1,60}\.$")
HEADING_MAX = 300  # characters: a longer first block is a heading with the text run into it
PERSON_HINT = re.compile(
    r"\b(?:Mr|Mrs|Miss|Dr|Ambassador|Secretary|Minister|President|Senator|General|Admiral|Colonel|Governor"
    r"|Director|Chargé|Counselor|Deputy|Assistant|Under|Chief|Vice)\b|\b[A-Z]\. ")


# ---------------------------------------------------------------- footnotes
def split_footnotes(lines: list[str], reporter: Reporter) -> tuple[list[str], list[Footnote]]:
    """Rule *footnote-section*: the numbered list after the text, or else the
    site's unnumbered ``- text↩`` lines (rule *dash-footnotes*)."""
    body, notes = _numbered_notes(lines, reporter)
    if not notes:
        body, notes = _dash_notes(lines)
    if not notes:
        body, notes = _unindented_notes(lines, reporter)
    for note in notes:
        if not any(p.text.strip() for p in note.paragraphs):
            reporter.warn("note-empty", f"footnote {note.printed} has no text", note.paragraphs[0].line, 3)
    return body, notes


def _note_line(line: str):
    """A footnote list line: (its label, its text, the column of its text), or None."""
    m = NOTE_LINE.match(line)
    if not m:
        return None
    text = m.group(2) if m.group(2) is not None else (m.group(3) or "")
    return m.group(1), text, len(line) - len(text) + 1


def _numbered_notes(lines: list[str], reporter: Reporter) -> tuple[list[str], list[Footnote]]:
    """Walks back from the end over footnote lines, their indented further
    paragraphs and blank lines; the section starts at the first ``  1.``-style
    line of that stretch. Lines as people type them are read where only one
    reading is possible: ``  2 Not found`` (no dot), ``l.``/``I.`` for ``1.``
    as the first note, a line of the note's text indented two spaces."""
    start = len(lines)
    i = len(lines) - 1
    while i >= 0 and (not lines[i].strip() or NOTE_LINE.match(lines[i]) or NOTE_MORE.match(lines[i])
                      or NOTE_WRAP.match(lines[i])):
        i -= 1
        if NOTE_LINE.match(lines[i + 1]):
            start = i + 1
    if start == len(lines):
        return lines, []
    notes: list[Footnote] = []
    after_blank = False
    for no, line in enumerate(lines[start:], start + 1):
        found = _note_line(line)
        if found:
            label, text, column = found
            expected = len(notes) + 1
            if label in ("l", "I") and expected == 1:
                reporter.info("note-label-read", f"footnote list line “{label}.” read as “1.”", no, 3)
                label = "1"
            elif label == "I":
                label = "I"
            if NOTE_LINE.match(line).group(2) is None:
                reporter.warn("note-no-dot", f"footnote list line “{label}” has no dot after its number; "
                              "read as a footnote", no, 3)
            if label.isdigit() and int(label) != expected:
                reporter.warn("note-numbering", f"footnote list has {label}. where {expected}. was expected; "
                              "the list order is kept", no, 3)
                reporter.decide("note-numbering", f"list order: item {expected}",
                                [f"printed number: {label}"], no, 3,
                                note="the printed numbers and the order of the list disagree")
            notes.append(Footnote(len(notes) + 1, label, [Text(text, no, column)]))
        elif line.strip():
            more = NOTE_MORE.match(line) or NOTE_WRAP.match(line)
            if after_blank and NOTE_MORE.match(line):
                notes[-1].paragraphs.append(Text(more.group(1), no, 5))
            else:  # a wrapped line of the same paragraph
                last = notes[-1].paragraphs[-1]
                last.text += "\n" + more.group(1).strip()
        after_blank = not line.strip()
    return lines[:start], notes


def _dash_notes(lines: list[str]) -> tuple[list[str], list[Footnote]]:
    """Rule *dash-footnotes*: the site's notes copied as ``- text↩`` lines, one a
    line, unnumbered: the order of the list is the key. A last line without its
    arrow belongs to them when the copy was cut inside that note."""
    def arrow_note(line: str) -> bool:
        return bool(forms.DASH.match(line)) and line.rstrip().endswith(forms.ARROW)

    end = len(lines)
    while end > 0 and not lines[end - 1].strip():
        end -= 1
    last = end
    if end >= 2 and forms.DASH.match(lines[end - 1]) and not arrow_note(lines[end - 1]) and arrow_note(lines[end - 2]):
        last = end - 1  # the copy was cut inside the last note
    start = last
    while start > 0 and arrow_note(lines[start - 1]):
        start -= 1
    if start == last:
        return lines, []
    notes = []
    for no, line in enumerate(lines[start:end], start + 1):
        text = line[2:].rstrip()
        if text.endswith(forms.ARROW):
            text = text[:-1].rstrip()
        notes.append(Footnote(len(notes) + 1, str(len(notes) + 1), [Text(text, no, 3)], numbered=False))
    return lines[:start], notes


# "1. text" at the line start: a numbered paragraph, or a footnote list typed without its indent
UNINDENTED_NOTE = re.compile(r"^(\d{1,3})\. (\S.*)$")
# a number glued to a word or to punctuation ("letter2", "results.6"), or to a year ("19601")
GLUED_NUMBER = re.compile(r"(?:(?<=[A-Za-z,;:’”)\]])|(?<=[a-z]\.))(\d{1,3})\b|\b(?:1[6-9]|20)\d\d(\d{1,2})\b")


def _unindented_notes(lines: list[str], reporter: Reporter) -> tuple[list[str], list[Footnote]]:
    """Rule *unindented-footnotes*: a footnote list typed without its indent
    (``1. Source: …`` at the line start, after the text). Numbered paragraphs
    look the same, so the lines at the end numbered 1, 2, … k are read as notes
    only where the text above carries a glued marker for every one of them (the
    first may be the source note's, which the heading's marker may lack)."""
    end = len(lines)
    while end > 0 and not lines[end - 1].strip():
        end -= 1
    found: list[tuple[int, str]] = []  # (line index, its number), from the end
    k = end - 1
    while k >= 0:
        if lines[k].strip():
            m = UNINDENTED_NOTE.match(lines[k])
            if not m or (found and int(m.group(1)) != int(found[-1][1]) - 1):
                return lines, []
            found.append((k, m.group(1)))
            if m.group(1) == "1":
                break
        k -= 1
    if not found or found[-1][1] != "1":
        return lines, []
    start = found[-1][0]
    markers = {int(a or b) for a, b in GLUED_NUMBER.findall("\n".join(lines[:start]))}
    wanted = set(range(1, len(found) + 1))
    if lines[start][3:].startswith("Source:"):
        wanted.discard(1)
    if not wanted <= markers:
        return lines, []
    reporter.info("notes-unindented", f"the numbered lines at the end are read as the footnote list: the text "
                  f"carries a marker for each of its {len(found)} numbers", start + 1, 1)
    notes = [Footnote(i, number, [Text(lines[no][len(number) + 2:], no + 1, len(number) + 3)])
             for i, (no, number) in enumerate(reversed(found), 1)]
    return lines[:start], notes


# ------------------------------------------------------------------ grouping
def group_blocks(lines: list[str], form: forms.Form) -> list[Block]:
    """Rule *blocks*: the form's runs of lines become blocks; bullet or dash lines
    make a list (a short line right above them is its label)."""
    blocks: list[Block] = []
    for first, run, gap in forms.runs(lines, form):
        blocks.extend(_run_blocks(run, first + 1, gap))
    return blocks


def _run_blocks(run: list[str], first_line: int, gap: int) -> list[Block]:
    bullet_at = next((k for k, line in enumerate(run) if forms.is_list_line(line)), None)
    if bullet_at is None:
        return [_text_block("p", run, first_line, gap)]
    out = []
    label = None
    top = run[bullet_at]
    top_level = len(top) - len(top.lstrip()) <= 3 or forms.DASH.match(top)
    if bullet_at == 1 and len(run[0].strip()) <= 80 and not run[0].startswith(" ") \
            and (forms.LABEL_LINE.match(run[0].strip()) or top_level and not _group_named(run)):
        label = Text(run[0].strip(), first_line, len(run[0]) - len(run[0].lstrip()) + 1)
    elif bullet_at > 0 and not _group_named(run):
        out.append(_text_block("p", run[:bullet_at], first_line, gap))
        gap = 0
    else:
        bullet_at = 0
    block = Block("list", first_line + bullet_at, gap, label=label)
    block.items = _items(run[bullet_at:], first_line + bullet_at)
    out.append(block)
    return out


def _group_named(run: list[str]) -> bool:
    """Whether a run's unmarked lines name groups of its items (a participants
    list by agency): more than one such line, or one over deeper items."""
    names = [k for k, line in enumerate(run[:-1]) if _is_group_name(run, k)]
    return len(names) > 1 or (names == [0] and _depth_of(run[1]) > 0)


def _is_group_name(lines: list[str], k: int) -> bool:
    line = lines[k]
    return (not forms.is_list_line(line) and not PAGE_ONLY.match(line) and not line.startswith("  ")
            and len(line.strip()) <= forms.GROUP_HEAD_MAX and not line.rstrip().endswith((".", ",", ";"))
            and k + 1 < len(lines) and forms.is_list_line(lines[k + 1])
            and not (k > 0 and forms.DASH.match(lines[k - 1]) and not lines[k - 1].strip(" -"))
            and not (k > 0 and forms.goes_on_sentence(lines[k - 1], line)))


def _depth_of(line: str) -> int:
    m = forms.BULLET.match(line)
    return max(0, (len(m.group(1)) - 2) // 2) if m else 0


def _text_block(kind: str, run: list[str], first_line: int, gap: int) -> Block:
    indent = len(run[0]) - len(run[0].lstrip())
    # a footnote number alone on its line (after a signature) is glued back to its word
    text = "".join(("" if k == 0 else "" if forms.LONE_MARKER.match(line.strip()) else "\n") + line.strip()
                   for k, line in enumerate(run))
    return Block(kind, first_line, gap, text=Text(text, first_line, indent + 1))


def _items(lines: list[str], first_line: int) -> list[Item]:
    """Nest list lines: bullets by indentation, two spaces a level; dash lines
    by their groups (a lone ``-`` and the group's name on the next line, or an
    unmarked group name over its items)."""
    top: list[Item] = []
    stack: list[Item] = []  # the open item at each depth
    grouped = False  # dash items after a group's name belong to that group
    skip = False
    for k, line in enumerate(lines):
        no = first_line + k
        if skip:
            skip = False
            continue
        page = PAGE_ONLY.match(line)
        bullet = forms.BULLET.match(line)
        dash = forms.DASH.match(line)
        if page:
            depth = max(0, (len(line) - len(line.lstrip()) - 2) // 2) if not grouped else 1
            item = Item(None, depth, page=page.group(1), line=no)
        elif bullet:
            depth = max(0, (len(bullet.group(1)) - 2) // 2)
            item = Item(Text(bullet.group(2), no, len(line) - len(bullet.group(2)) + 1), depth, line=no)
        elif dash and dash.group(2) is None and k + 1 < len(lines):
            # "-" alone: a parent item, its text on the next line
            nxt = lines[k + 1]
            item = Item(Text(nxt.strip(), no + 1, len(nxt) - len(nxt.lstrip()) + 1), 0, line=no)
            grouped, skip = True, True
        elif dash:
            text = dash.group(2) or ""
            item = Item(Text(text, no, len(line) - len(text) + 1), 1 if grouped else 0, line=no)
        elif _is_group_name(lines, k):
            item = Item(None, max(0, _depth_of(lines[k + 1]) - 1), line=no,
                        head=Text(line.strip(), no, len(line) - len(line.lstrip()) + 1))
            grouped = bool(forms.DASH.match(lines[k + 1]))
        else:  # a wrapped line belongs to the item above
            if stack and stack[-1].text is not None:
                stack[-1].text.text += "\n" + line.strip()
                continue
            item = Item(Text(line.strip(), no, len(line) - len(line.lstrip()) + 1), 0, line=no)
        depth = min(item.depth, len(stack))  # a jump of two levels nests one
        item.depth = depth
        del stack[depth:]
        (stack[-1].children if stack else top).append(item)
        if item.text is not None or item.head is not None:
            stack.append(item)
    return top


# -------------------------------------------------------------- block rules
def rule_page_marker_line(blocks: list[Block], ctx: dict) -> None:
    """*page-marker*: ``[Page N]`` alone on a line is a page break between blocks."""
    for b in blocks:
        if b.kind == "p" and "\n" not in b.text.text and PAGE_ONLY.match(b.text.text):
            b.kind, b.page = "pb", PAGE_ONLY.match(b.text.text).group(1)


def rule_section_heading(blocks: list[Block], ctx: dict) -> None:
    """*section-heading*: a line in capitals above a document's number line
    (``THE UNITED STATES LEGATION AT BERLIN TO THE DEPARTMENT OF STATE.``) heads
    the run of documents that this one opens; it is not the document's heading."""
    texts = [b for b in blocks if b.kind != "pb"][:2]
    if len(texts) == 2 and all(b.kind == "p" for b in texts) and _in_capitals(texts[0].text.text) \
            and "\n" not in texts[1].text.text and NUMBER_LINE.match(texts[1].text.text):
        texts[0].kind = "section-head"


def _in_capitals(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(text.split()) >= 3 and len(letters) >= 10 and all(c.isupper() for c in letters)


def rule_file_number(blocks: list[Block], ctx: dict) -> None:
    """*file-number*: older documents print a number line above the heading: the
    decimal file (``740.00112A European War 1939/5651``), ``File No. 763.72/830``
    (1914–1918), or the volume's own document number (``No. 149.``, 19th century)."""
    for b in blocks:
        if b.kind in ("pb", "section-head"):
            continue
        if b.kind != "p" or "\n" in b.text.text or not NUMBER_LINE.match(b.text.text):
            break
        if not any(o.kind == "p" for o in blocks[blocks.index(b) + 1:]):
            break  # the only text left: that is the heading
        b.kind = "file-number"


def rule_kind_line(blocks: list[Block], ctx: dict) -> None:
    """*kind-line*: a bracketed kind above a 19th-century heading (``[Telegram.]``,
    ``[Circular.]``, ``[Extracts.]``) opens the document, before its heading."""
    for b in blocks:
        if b.kind in ("pb", "file-number", "section-head"):
            continue
        if b.kind == "p" and "\n" not in b.text.text and KIND_LINE.match(b.text.text) \
                and any(o.kind == "p" for o in blocks[blocks.index(b) + 1:]):
            b.kind = "kind"
            continue
        break


def rule_heading(blocks: list[Block], ctx: dict) -> None:
    """*heading*: the first text block; ``571. Title`` carries the printed number."""
    for b in blocks:
        if b.kind in ("file-number", "pb", "kind", "enclosure-label", "section-head"):
            continue
        if b.kind == "p":
            b.kind = "head"
            m = PRINTED_NUMBER.match(b.text.text)
            ctx["number"] = m.group(1) if m else None
            _short_heading(blocks, b)
        break


def _short_heading(blocks: list[Block], head: Block) -> None:
    """A heading is a heading, never the document run into it: a long first
    block of several lines keeps its first line (two, where the first is cut
    off mid-phrase) as the heading, and the rest is text."""
    text = head.text.text
    if len(text) <= HEADING_MAX or "\n" not in text:
        return
    cut = text.index("\n")
    second = text.find("\n", cut + 1)
    if second > 0 and second <= HEADING_MAX and not text[:cut].rstrip().endswith(forms.TERMINAL):
        cut = second
    rest = text[cut + 1:]
    line, column = head.text.position(cut + 1)
    head.text = Text(text[:cut], head.text.line, head.text.column)
    blocks.insert(blocks.index(head) + 1, Block("p", line, 0, text=Text(rest, line, column)))


def rule_opener(blocks: list[Block], ctx: dict) -> None:
    """*dateline*: between the heading and the text, a place-and-date line is the
    dateline; the lines before it (``No. 1493``) go into the opener with it."""
    head = _index(blocks, "head")
    if head is None:
        return
    region = []
    for b in blocks[head + 1:]:
        if b.kind == "pb":
            continue
        if b.kind != "p" or len(region) >= 3:
            break
        region.append(b)
        if not DATELINE.match(b.text.text) and b.text.text.rstrip().endswith((".", ":", "”")):
            break  # a sentence: the text has begun
    for k, b in enumerate(region):
        if _is_dateline(b.text.text):
            b.kind = "dateline"
            for before in region[:k]:  # the opener comes before any paragraph
                before.kind = "seg"
            return


def _is_dateline(text: str) -> bool:
    """A place-and-date line; wrapped text may have broken it over two print lines."""
    return text.count("\n") <= 1 and bool(DATELINE.match(text.replace("\n", " ")))


def rule_list_label(blocks: list[Block], ctx: dict) -> None:
    """*list-label*: a ``SUBJECT``/``PARTICIPANTS`` line right before a list becomes its label."""
    for k, b in enumerate(blocks[:-1]):
        nxt = blocks[k + 1]
        if b.kind == "p" and LABEL.match(b.text.text) and nxt.kind == "list" and nxt.label is None:
            b.kind = "label"
            nxt.label = b.text


def rule_list_type(blocks: list[Block], ctx: dict) -> None:
    """*list-type*: the lists before the first paragraph of a memorandum are its
    subject and participants. A printed label says which; where a scrape lost the
    label (two blank lines before the list), the items decide."""
    candidates = []
    for b in blocks:
        if b.kind == "p":
            break
        if b.kind == "list" and (b.label is not None or b.gap >= 2):
            candidates.append(b)
    for b in candidates:
        label = b.label.text if b.label is not None else ""
        if re.match(r"(?i)subj", label):
            b.list_type = "subject"
        elif label:
            b.list_type = "participants"
        else:
            texts = [i.text.text for i in b.items if i.text is not None]
            people = sum(1 for t in texts if PERSON_HINT.search(t) or len(t.split()) <= 4)
            b.list_type = "participants" if len(texts) > 1 and people * 2 >= len(texts) else "subject"
    # two unlabelled lists typed alike: the first is the subject
    unlabelled = [b for b in candidates if b.label is None]
    if len(unlabelled) == 2 and unlabelled[0].list_type == unlabelled[1].list_type:
        unlabelled[0].list_type, unlabelled[1].list_type = "subject", "participants"


# "1.", "12a.", "b.": a paragraph's number printed alone on the line before its text
NUMBER_ALONE = re.compile(r"^(?:\d{1,3}[a-z]?|[a-z])\.$")


def rule_numbered_lines(blocks: list[Block], ctx: dict) -> None:
    """*numbered-lines*: paragraphs whose numbers stand alone on the line before
    their text (``1.`` / ``Agreed that …`` / ``2.`` / ``Left open …``) are one list,
    each number the label of the item after it (as the dash form's ``- 1.``
    items are). Two such pairs at least: a lone number once is left as printed."""
    k = 0
    while k < len(blocks):
        end = k
        while _numbered_pair(blocks, end):
            end += 2
        if end - k >= 4:
            block = Block("list", blocks[k].line, blocks[k].gap)
            block.items = [Item(b.text, 0, line=b.line) for b in blocks[k:end]]
            blocks[k:end] = [block]
        k += 1


def _numbered_pair(blocks: list[Block], k: int) -> bool:
    return k + 1 < len(blocks) and blocks[k].kind == "p" and blocks[k + 1].kind == "p" \
        and bool(NUMBER_ALONE.match(blocks[k].text.text)) and not NUMBER_ALONE.match(blocks[k + 1].text.text)


def rule_closer(blocks: list[Block], ctx: dict) -> None:
    """*signature*: a short name after the last paragraph is the signature; a
    place-and-date line there is the closing dateline."""
    k = len(blocks) - 1
    while k >= 0 and blocks[k].kind in ("pb", "enclosure"):
        k -= 1
    seen_text = any(b.kind in ("p", "list") for b in blocks[:k])
    last = k
    while k > 0 and seen_text and blocks[k].kind == "p":
        text = blocks[k].text.text
        if _is_dateline(text):
            blocks[k].kind = "closer-dateline"
        elif "\n" not in text and len(text) <= 60 and SIGNATURE.match(text) and not LABEL.match(text):
            blocks[k].kind = "signature"
        else:
            break
        k -= 1
    # the office under the signer's name is part of the signature
    if last > 0 and blocks[last].kind == "signature" and blocks[last - 1].kind == "signature" \
            and SIGNER_TITLE.match(blocks[last].text.text):
        blocks[last].kind = "signer-title"


def rule_enclosures(blocks: list[Block], ctx: dict) -> None:
    """*enclosure*: after a letter's signature, a bracketed kind line
    (``[Inclosure 1.]``, ``[Translation.]``, ``[Circular.]``) or a second
    ``Mr. X to Mr. Y.`` heading opens an enclosure printed with the letter: a part
    of the same document with its own heading, dateline, text and signature."""
    starts: list[int] = []
    for k in range(len(blocks)):
        if _opens_enclosure(blocks, k) and not (starts and all(b.kind == "pb" for b in blocks[starts[-1] + 1:k])):
            starts.append(k)  # a heading right under "[Inclosure 1.]" opens the same enclosure
    # an enclosure has text of its own: a heading and a date alone are the letter's postscript
    ends = starts[1:] + [len(blocks)]
    starts = [k for k, end in zip(starts, ends) if any(_running_text(b) for b in blocks[k + 1:end])]
    for start, end in reversed(list(zip(starts, starts[1:] + [len(blocks)]))):
        parts = blocks[start:end]
        first = parts[0]
        following = next((b for b in parts[1:] if b.kind != "pb"), None)
        if INCLOSURE_LINE.match(first.text.text) and following is not None and following.kind == "p" \
                and following.text.text.count("\n") <= 1 and len(following.text.text) <= 160:
            first.kind = "enclosure-label"  # the heading follows it
        part_ctx: dict = {"number": None}
        for rule in ENCLOSURE_RULES:
            rule(parts, part_ctx)
        blocks[start:end] = [Block("enclosure", first.line, first.gap, parts=parts)]


def _running_text(b: Block) -> bool:
    return b.kind == "list" or b.kind == "p" and not _is_dateline(b.text.text) \
        and not SIGNATURE.match(b.text.text) and len(b.text.text) > 60


def _opens_enclosure(blocks: list[Block], k: int) -> bool:
    b = blocks[k]
    if b.kind != "p" or "\n" in b.text.text:
        return False
    text = b.text.text
    bracketed = (INCLOSURE_LINE.match(text) or KIND_LINE.match(text)) and len(text.split()) <= 3
    if not (bracketed or PARTY_HEADING.match(text)):
        return False
    # the letter has begun (and, unless the line says "Inclosure", has just been signed)
    texts = [o for o in blocks[:k] if o.kind in ("p", "list")]
    if len(texts) >= 2 and INCLOSURE_LINE.match(text):
        return True
    before = [o for o in blocks[:k] if o.kind == "p"][-3:]
    return len(texts) >= 3 and any("\n" not in o.text.text and len(o.text.text) <= 60 and SIGNATURE.match(o.text.text)
                                   for o in before)


def _first(blocks, kind):
    return next((b for b in blocks if b.kind == kind), None)


def _index(blocks, kind):
    return next((k for k, b in enumerate(blocks) if b.kind == kind), None)


BLOCK_RULES = [
    rule_page_marker_line,
    rule_enclosures,
    rule_section_heading,
    rule_file_number,
    rule_kind_line,
    rule_heading,
    rule_opener,
    rule_list_label,
    rule_list_type,
    rule_numbered_lines,
    rule_closer,
]

# An enclosure's blocks: its own heading, opener, lists and closer.
ENCLOSURE_RULES = [rule_heading, rule_opener, rule_list_label, rule_closer]

EDITORIAL = re.compile(r"(?i)\beditorial note\b")


def subtype(blocks: list[Block]) -> str:
    """*editorial-note*: titled so, or the whole text in square brackets (the
    editors' own summary of documents not printed)."""
    head = _first(blocks, "head")
    if head is not None and EDITORIAL.search(head.text.text):
        return "editorial-note"
    body = [b for b in blocks if b.kind == "p"]
    if body and body[0].text.text.startswith("[") and body[-1].text.text.rstrip().endswith("]"):
        return "editorial-note"
    return "historical-document"


def parse(source: Source, reporter: Reporter, doc_id: str, number_from_name: str | None) -> Document:
    lines = source.lines
    body, notes = split_footnotes(lines, reporter)
    form = forms.detect(body)
    form.whole_line = DATELINE.match
    reporter.facts["form"] = {"name": form.name, "why": form.why}
    blocks = group_blocks(body, form)
    ctx: dict = {"number": None}
    for rule in BLOCK_RULES:
        rule(blocks, ctx)
    if not any(b.kind == "head" for b in blocks):
        reporter.error("no-heading", "the document has no heading line", 1, 1)
    elif not any(b.kind in ("p", "list", "dateline", "signature") for b in blocks):
        reporter.warn("heading-only", "the document has a heading but no text", 1, 1)
    number = ctx["number"] or number_from_name
    if ctx["number"] is None and number_from_name:
        doc_id = "d" + number_from_name
    elif ctx["number"]:
        doc_id = "d" + ctx["number"]
    return Document(doc_id, number, subtype(blocks), blocks, notes)
