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

from .grammar import MONTH
from .model import Block, Document, Footnote, Item, Text
from .reader import Source
from .report import Reporter

DATE = (rf"(?:{MONTH} \d{{1,2}}(?:[–-]\d{{1,2}})?, \d{{4}}|\d{{1,2}} {MONTH},? \d{{4}}|{MONTH},? \d{{4}}"
        r"|[Uu]ndated|[Nn]o date)")

# "  1. text"; some lists mark a note with a symbol or a letter instead ("  *. text")
NOTE_LINE = re.compile(r"^  (\d+|[*†‡§]+|[a-z])\.(?: (.*))?$")
NOTE_MORE = re.compile(r"^    (\S.*)$")
BULLET = re.compile(r"^( *)• ?(.*)$")
PAGE_ONLY = re.compile(r"^\s*\[Page ([^\]\s]+)\]\s*$")
PRINTED_NUMBER = re.compile(r"^(\d+)\.\s")
# The decimal-file number printed above older documents: "740.00112A European
# War, 1939/4125: Telegram", "835.796/141½", "FW 810.20 Defense/1096".
FILE_NUMBER = re.compile(
    r"^(?:FW\s)?\d{3}\.[\dA-Za-z]+[ \w.,’'()-]*/[\w½¼¾.–-]+(?:,\s*[\w/–-]+)*(?::\s*[\w ,-]+)?$"
)
# "Washington, December 4, 1941.", "[Washington,] December 26, 1941.",
# "London, December 23, 1941—11 p.m. [Received December 23—7 p.m.]"
DATELINE = re.compile(
    rf"^(?:\[?[A-Z][^\n\[\],.]{{0,40}}(?:\.[^\n\[\],.]{{1,30}})?,\]?,?\s*){{0,2}}\[?{DATE}\]?"
    r"(?:\s*[—–,-]\s*[^\n\[]{0,30}?)?\.?(?:\s*\[[^\]\n]{0,60}\])?\.?$"
)
LABEL = re.compile(r"^(SUBJECTS?|PARTICIPANTS?|PRESENT|ATTENDEES?|SUBJECT AND PARTICIPANTS)\s*:?$", re.I)
# "John S. Dickey", "Hull", "R. R. Rubottom, Jr.": capitalised words, no closing full stop
SIGNATURE = re.compile(r"^[A-Z][\w.’'-]*(?:,? [A-Z][\w.’'-]*){0,4}(?<![a-z]\.)$")
PERSON_HINT = re.compile(
    r"\b(?:Mr|Mrs|Miss|Dr|Ambassador|Secretary|Minister|President|Senator|General|Admiral|Colonel|Governor"
    r"|Director|Chargé|Counselor|Deputy|Assistant|Under|Chief|Vice)\b|\b[A-Z]\. ")


# ---------------------------------------------------------------- footnotes
def split_footnotes(lines: list[str], reporter: Reporter) -> tuple[list[str], list[Footnote]]:
    """Rule *footnote-section*: the numbered list after the text.

    Walks back from the end over footnote lines, their indented further
    paragraphs and blank lines; the section starts at the first ``  1.``-style
    line of that stretch."""
    start = len(lines)
    i = len(lines) - 1
    while i >= 0 and (not lines[i].strip() or NOTE_LINE.match(lines[i]) or NOTE_MORE.match(lines[i])):
        i -= 1
        if NOTE_LINE.match(lines[i + 1]):
            start = i + 1
    if start == len(lines):
        return lines, []
    notes: list[Footnote] = []
    after_blank = False
    for no, line in enumerate(lines[start:], start + 1):
        m = NOTE_LINE.match(line)
        if m:
            text = m.group(2) or ""
            expected = len(notes) + 1
            if m.group(1).isdigit() and int(m.group(1)) != expected:
                reporter.warn("note-numbering", f"footnote list has {m.group(1)}. where {expected}. was expected; "
                              "the list order is kept", no, 3)
            notes.append(Footnote(len(notes) + 1, m.group(1), [Text(text, no, len(m.group(1)) + 5)]))
        elif line.strip():
            more = NOTE_MORE.match(line)
            if after_blank:
                notes[-1].paragraphs.append(Text(more.group(1), no, 5))
            else:  # a wrapped line of the same paragraph
                last = notes[-1].paragraphs[-1]
                last.text += "\n" + more.group(1)
        after_blank = not line.strip()
    for note in notes:
        if not any(p.text.strip() for p in note.paragraphs):
            reporter.warn("note-empty", f"footnote {note.printed} has no text", note.paragraphs[0].line, 3)
    return lines[:start], notes


# ------------------------------------------------------------------ grouping
def group_blocks(lines: list[str]) -> list[Block]:
    """Rule *blocks*: blank lines separate blocks; bullet lines make a list
    (a short unindented line right above the bullets is its label)."""
    blocks: list[Block] = []
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
        run = lines[i:j]
        blocks.extend(_run_blocks(run, i + 1, gap))
        gap = 0
        i = j
    return blocks


def _run_blocks(run: list[str], first_line: int, gap: int) -> list[Block]:
    bullet_at = next((k for k, line in enumerate(run) if BULLET.match(line)), None)
    if bullet_at is None:
        return [_text_block("p", run, first_line, gap)]
    out = []
    label = None
    if bullet_at == 1 and len(run[0].strip()) <= 80 and not run[0].startswith(" "):
        label = Text(run[0].strip(), first_line, len(run[0]) - len(run[0].lstrip()) + 1)
    elif bullet_at > 0:
        out.append(_text_block("p", run[:bullet_at], first_line, gap))
        gap = 0
    block = Block("list", first_line + bullet_at, gap, label=label)
    block.items = _items(run[bullet_at:], first_line + bullet_at)
    out.append(block)
    return out


def _text_block(kind: str, run: list[str], first_line: int, gap: int) -> Block:
    indent = len(run[0]) - len(run[0].lstrip())
    text = "\n".join(line.strip() for line in run)
    return Block(kind, first_line, gap, text=Text(text, first_line, indent + 1))


def _items(lines: list[str], first_line: int) -> list[Item]:
    """Nest bullet lines by indentation: two spaces a level."""
    top: list[Item] = []
    stack: list[Item] = []  # the open item at each depth
    for no, line in enumerate(lines, first_line):
        page = PAGE_ONLY.match(line)
        m = BULLET.match(line)
        if page:
            depth = max(0, (len(line) - len(line.lstrip()) - 2) // 2)
            item = Item(None, depth, page=page.group(1), line=no)
        elif m:
            depth = max(0, (len(m.group(1)) - 2) // 2)
            item = Item(Text(m.group(2), no, len(line) - len(m.group(2)) + 1), depth, line=no)
        else:  # a wrapped line belongs to the item above
            if stack and stack[-1].text is not None:
                stack[-1].text.text += "\n" + line.strip()
                continue
            item = Item(Text(line.strip(), no, len(line) - len(line.lstrip()) + 1), 0, line=no)
        depth = min(item.depth, len(stack))  # a jump of two levels nests one
        item.depth = depth
        del stack[depth:]
        (stack[-1].children if stack else top).append(item)
        if item.text is not None:
            stack.append(item)
    return top


# -------------------------------------------------------------- block rules
def rule_page_marker_line(blocks: list[Block], ctx: dict) -> None:
    """*page-marker*: ``[Page N]`` alone on a line is a page break between blocks."""
    for b in blocks:
        if b.kind == "p" and "\n" not in b.text.text and PAGE_ONLY.match(b.text.text):
            b.kind, b.page = "pb", PAGE_ONLY.match(b.text.text).group(1)


def rule_file_number(blocks: list[Block], ctx: dict) -> None:
    """*file-number*: older documents print their decimal-file number above the heading."""
    first = _first(blocks, "p")
    if first is not None and len(blocks) > 1 and FILE_NUMBER.match(first.text.text):
        rest = [b for b in blocks if b is not first and b.kind == "p"]
        if rest:
            first.kind = "file-number"


def rule_heading(blocks: list[Block], ctx: dict) -> None:
    """*heading*: the first text block; ``571. Title`` carries the printed number."""
    for b in blocks:
        if b.kind in ("file-number", "pb"):
            continue
        if b.kind == "p":
            b.kind = "head"
            m = PRINTED_NUMBER.match(b.text.text)
            ctx["number"] = m.group(1) if m else None
        break


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
        if "\n" not in b.text.text and DATELINE.match(b.text.text):
            b.kind = "dateline"
            for before in region[:k]:  # the opener comes before any paragraph
                before.kind = "seg"
            return


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


def rule_closer(blocks: list[Block], ctx: dict) -> None:
    """*signature*: a short name after the last paragraph is the signature; a
    place-and-date line there is the closing dateline."""
    k = len(blocks) - 1
    while k >= 0 and blocks[k].kind == "pb":
        k -= 1
    seen_text = any(b.kind in ("p", "list") for b in blocks[:k])
    while k > 0 and seen_text and blocks[k].kind == "p":
        text = blocks[k].text.text
        if "\n" not in text and DATELINE.match(text):
            blocks[k].kind = "closer-dateline"
        elif "\n" not in text and len(text) <= 60 and SIGNATURE.match(text) and not LABEL.match(text):
            blocks[k].kind = "signature"
        else:
            break
        k -= 1


def _first(blocks, kind):
    return next((b for b in blocks if b.kind == kind), None)


def _index(blocks, kind):
    return next((k for k, b in enumerate(blocks) if b.kind == kind), None)


BLOCK_RULES = [
    rule_page_marker_line,
    rule_file_number,
    rule_heading,
    rule_opener,
    rule_list_label,
    rule_list_type,
    rule_closer,
]

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
    blocks = group_blocks(body)
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
