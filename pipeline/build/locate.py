"""Problems of a volume file, named by the text they come from.

The volume file is generated: a problem at ``volumes/frus1941v06.xml:110:164``
is of no use to an editor, who needs ``frus1941v06/d336.txt:61``. The
element at the problem's place lies in one document's div. When its words
stand once only in that document's text, that is its place. Otherwise, as
the TEI does not keep the text's lines, the document is encoded again (in
the worker that checked the volume file, once per document), and the
element at the same place in its div, counted in document order, gives its
text line, which the encoder set (the first line of its block); line and
column are then where the element's words begin in that block, when they
are there. The generated file's place is kept as the message's second
location.
"""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from lxml import etree

from .. import safexml
from ..encode import encode_document
from ..report import Location, Message

TEI = "{http://www.tei-c.org/ns/1.0}"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"


def elements_on(root, lines: set[int]) -> dict[int, list]:
    """The elements that start on each of ``lines``, in document order (one
    pass over the file, however many problems it has)."""
    at: dict[int, list] = {}
    for el in root.iter(etree.Element):
        if el.sourceline in lines:
            at.setdefault(el.sourceline, []).append(el)
    return at


def element_at(starting: list, text_lines: list[str], line: int, column: int | None):
    """The element whose start tag is at ``line``:``column`` of the file (the
    first on the line without a column), of those ``starting`` on the line.
    The k-th start tag on a line is the k-th element, in document order, that
    starts there."""
    if not starting or not 1 <= line <= len(text_lines):
        return None
    if column is None:
        return starting[0]
    text = text_lines[line - 1]
    tags = [i + 1 for i, c in enumerate(text) if c == "<" and text[i + 1:i + 2] not in ("/", "!", "?")]
    return starting[tags.index(column)] if column in tags and tags.index(column) < len(starting) else None


def _document_div(el):
    while el is not None and not (el.tag == f"{TEI}div" and el.get("type") == "document"):
        el = el.getparent()
    return el


def in_texts(problems: list[Message], volume_file: Path, name: str, texts: dict[str, tuple[str, int]],
             meta: dict, frontmatter, encoding: str) -> list[Message]:
    """``problems`` of the volume file, each with the file's place as its
    second location (``name``: the file's path in the build) and, where its
    place lies in a document, named by that document's text (``texts``:
    document id → its source and its place in the volume); the others are
    named by the volume (no file of their own)."""
    if not problems:
        return problems
    problems = [replace(p, file=None, related=Location(name, p.line, p.column)) for p in problems]
    data = volume_file.read_bytes()
    root = safexml.parse_bytes(data, name).getroot()
    file_lines = data.decode("utf-8", "replace").split("\n")
    lines: dict[str, list[str] | None] = {}  # document id → its text's lines
    encoded: dict[str, etree._Element | None] = {}  # document id → its div as encoded again
    at = elements_on(root, {p.line for p in problems if p.line})
    out = []
    for problem in problems:
        el = element_at(at.get(problem.line), file_lines, problem.line, problem.column) if problem.line else None
        div = _document_div(el)
        ident = div.get(XML_ID) if div is not None else None
        if ident not in texts:
            out.append(problem)
            continue
        if ident not in lines:
            lines[ident] = _text_lines(texts[ident][0], encoding)
        words = " ".join("".join(el.itertext()).split())[:60]
        place = _only_place(lines[ident], words)
        if place is None:  # words found more than once, or not at all: where the encoder put the element
            if ident not in encoded:
                encoded[ident] = _encode_again(texts[ident], meta, frontmatter, encoding)
            again = encoded[ident]
            index = next(i for i, e in enumerate(div.iter(etree.Element)) if e is el)
            match = next((e for i, e in enumerate(again.iter(etree.Element)) if i == index), None) \
                if again is not None and lines[ident] else None
            if match is None or not match.sourceline:
                out.append(problem)
                continue
            place = _words_at(lines[ident], match.sourceline, words)
        out.append(replace(problem, file=texts[ident][0], line=place[0], column=place[1]))
    return out


def _only_place(lines: list[str] | None, words: str) -> tuple[int, int] | None:
    """Where ``words`` stand, when the text has them once only: then the
    element that holds them can come from nowhere else, and the text need not
    be encoded again to find its block."""
    if not lines or not words:
        return None
    found = None
    for n, text in enumerate(lines, 1):
        at = text.find(words)
        if at >= 0:
            if found is not None or text.find(words, at + 1) >= 0:
                return None
            found = (n, at + 1)
    return found


def _words_at(lines: list[str], line: int, words: str) -> tuple[int, int | None]:
    """Where ``words`` begin in the block of text lines that starts at ``line``
    (an element carries its block's first line): line and column, or the
    block's first line alone when they are not found."""
    for n in range(line, len(lines) + 1):
        if not lines[n - 1].strip() and n > line:
            break
        at = lines[n - 1].find(words) if words else -1
        if at >= 0:
            return n, at + 1
    return line, None


def _text_lines(source: str, encoding: str) -> list[str] | None:
    """A text's lines, as the encoder numbers them; None when it cannot be read."""
    try:
        return Path(source).read_bytes().decode(encoding, "replace").replace("\r\n", "\n").split("\n")
    except (OSError, LookupError):
        return None


def _encode_again(text: tuple[str, int], meta: dict, frontmatter, encoding: str):
    """The document's div as the encoder makes it (its elements carry text
    lines); None when it cannot be read."""
    source, position = text
    try:
        tree, _, _ = encode_document(Path(source), meta, position, frontmatter, encoding)
    except (OSError, LookupError):
        return None
    if tree is None:
        return None
    return tree.getroot().find(f".//{TEI}body/{TEI}div[@type='document']")
