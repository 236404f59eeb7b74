"""Validation: the edition's RelaxNG grammar, then its Schematron rules.

``Validator`` compiles both schemas once (a worker process keeps one for all
its documents) and ``check`` gives every problem with the file, line and
column it concerns. For a file read from disk those are the XML file's; for
a tree the encoder has just built they are the elements' ``sourceline``,
which the writer set to lines of the plain text (no column is known then).

``command`` is ``edition validate FILE...``.
"""
from __future__ import annotations

import argparse
import bisect
import itertools
import re
import sys
from pathlib import Path

from lxml import etree

from . import safexml
from .report import ERROR, WARNING, Message, counted
from .resources import SCHEMAS
from .schematron import Schematron, SchematronError

# The Schematron phase for a volume file whose documents were each checked in
# their own file: the rules that look across documents or at the volume's own
# header (ids, pointers, page and document order, renditions, heads), without
# those a document answers alone (footnotes, markers, dates).
VOLUME_PHASE = "volume"


class Validator:
    """RelaxNG (lxml) and Schematron (Saxon), each compiled once (a phase of
    the Schematron when it is first asked for)."""

    def __init__(self, schemas: Path = SCHEMAS):
        self.schemas = schemas
        self.relaxng = etree.RelaxNG(safexml.parse_path(schemas / "edition.rng")[0])
        self.schematron = Schematron(schemas / "edition.sch")
        self._phases: dict[str, Schematron] = {}

    def _schematron(self, phase: str | None) -> Schematron:
        if phase is None:
            return self.schematron
        if phase not in self._phases:
            self._phases[phase] = Schematron(self.schemas / "edition.sch", phase)
        return self._phases[phase]

    def check(self, doc: etree._ElementTree | etree._Element | Path | str, source_name: str | None = None,
              parsed=None, phase: str | None = None) -> list[Message]:
        """All problems of one document, in order of position.

        ``doc`` is a tree or a path; a path is read with the safe parser
        (``OSError`` propagates when it cannot be read). ``parsed`` is the same
        document as Saxon has parsed it, if the caller has it already.
        ``phase`` runs only that Schematron phase's rules (the grammar always
        in full)."""
        if isinstance(doc, (str, Path)):
            name = source_name or str(doc)
            data = Path(doc).read_bytes()
            try:
                tree = safexml.parse_bytes(data, name)
            except etree.XMLSyntaxError as err:
                line, column = err.position
                return [Message(ERROR, "not-well-formed", err.msg, line, column, name)]
            except safexml.UnsafeXML as err:
                return [Message(ERROR, "unsafe-xml", str(err), err.line, err.column, name)]
            text = data.decode(tree.docinfo.encoding or "utf-8", "replace")
            locate = _Locator(tree.getroot(), text)
            if parsed is None and not tree.docinfo.doctype:
                parsed = text  # Saxon reads the file's own text: no DOCTYPE to drop, no serialising
        else:
            tree = doc if isinstance(doc, etree._ElementTree) else doc.getroottree()
            name = source_name or "<tree>"
            locate = _Locator(tree.getroot(), None)
        root = tree.getroot()
        problems = []
        if not self.relaxng.validate(tree):
            problems += self._relaxng_problems(tree, name, locate)
        # Otherwise the root element is serialised, which drops any DOCTYPE, so
        # Saxon's own parser never sees one.
        try:
            text = parsed if parsed is not None else etree.tostring(root, encoding="unicode")
            failures = self._schematron(phase).run(text)
        except SchematronError as err:
            return problems + [Message(ERROR, "schematron-failed", str(err), 1, None, name)]
        for f in failures:
            line, column = locate.path(f.location)
            message = _WHERE.sub(lambda m: locate.describe(m.group(1)), f.message)
            problems.append(Message(f.level, f.code, message, line, column, name))
        problems.sort(key=lambda p: (p.line, p.column or 0))
        return problems

    def _relaxng_problems(self, tree, name: str, locate: "_Locator") -> list[Message]:
        """libxml2 stops at the first failure, then reports the alternatives
        it tried while backtracking, on ancestors and earlier siblings. Keep
        what points at the cause: a bad attribute or value if there is one,
        else the errors at the furthest node validation reached."""
        entries = [(_node_at(tree, e.path), e) for e in self.relaxng.error_log]
        primary = [(n, e) for n, e in entries if e.type_name in _RELAXNG_PRIMARY]
        if primary:
            entries = primary
        else:
            order = {el: i for i, el in enumerate(tree.getroot().iter())}
            furthest = max((order.get(n, -1) for n, _ in entries), default=-1)
            entries = [(n, e) for n, e in entries if order.get(n, -1) == furthest]
        problems, seen = [], set()
        for node, entry in entries:
            line, column = locate.element(node) if node is not None else (entry.line or 1, None)
            message = _relaxng_message(entry.message)
            if (line, column, message) not in seen:
                seen.add((line, column, message))
                problems.append(Message(ERROR, "relaxng", message, line, column, name))
        return problems


# Errors about an attribute or a value: precise, unlike content-model errors.
_RELAXNG_PRIMARY = {f"RELAXNG_ERR_{t}" for t in ("INVALIDATTR", "ATTRVALID", "DATATYPE", "VALUE", "LIST", "TYPE",
                                                  "DATAELEM", "ATTREXTRANS", "NOTYPE")}
_WHERE = re.compile(r"⟨([^⟨⟩]*)⟩")
_STEP = re.compile(r"/(?:Q\{([^}]*)\}([^\[/]+)\[(\d+)\]|@[^/]+|text\(\)\[\d+\]|comment\(\)\[\d+\]"
                   r"|processing-instruction\([^)]*\)\[\d+\])")


def _relaxng_message(text: str) -> str:
    text = text.replace("{http://www.tei-c.org/ns/1.0}", "")
    return f"not allowed by the edition schema: {text}"


def _node_at(tree, path: str | None):
    """The element libxml2 names in an error's path, if any."""
    if not path:
        return None
    try:
        found = tree.xpath(path)
    except etree.XPathError:
        return None
    return found[0] if found and isinstance(found[0], etree._Element) else None


class _Locator:
    """Maps nodes (or the ``path()`` Saxon gives for them) to line and column.

    With the file's text at hand the k-th start tag in the text is the k-th
    element in document order, which gives the column of its ``<`` exactly;
    it is computed only when a problem needs it, and only the offsets of the
    tags are gathered for the whole text: line and column are worked out for
    the tags a problem names."""

    def __init__(self, root, text: str | None):
        self.root = root
        self.text = text
        self._starts = self._newlines = self._index = None

    def resolve(self, path: str):
        node = self.root
        steps = list(_STEP.finditer(path or ""))
        if not steps:
            return node
        first = steps[0]
        if first.group(2) is None or etree.QName(node).localname != first.group(2):
            return node
        for step in steps[1:]:
            if step.group(2) is None:  # an attribute or text node: its element is the place
                break
            tag = f"{{{step.group(1)}}}{step.group(2)}" if step.group(1) else step.group(2)
            child = next(itertools.islice(node.iterchildren(tag), int(step.group(3)) - 1, None), None)
            if child is None:
                break
            node = child
        return node

    def path(self, path: str) -> tuple[int, int | None]:
        return self.element(self.resolve(path))

    def describe(self, path: str) -> str:
        line, column = self.path(path)
        return f"line {line}" + (f", column {column}" if column is not None else "")

    def element(self, node) -> tuple[int, int | None]:
        if self.text is None:
            for n in (node, *node.iterancestors()):
                if n.sourceline:
                    return n.sourceline, None
            return 1, None
        if self._starts is None:
            self._starts = [m.start() for m in _MARKUP.finditer(self.text) if m.group() == "<"]
            self._newlines = [m.start() for m in _NEWLINE.finditer(self.text)]
            self._index = {el: i for i, el in enumerate(self.root.iter(etree.Element))}
        i = self._index.get(node)
        if i is None or i >= len(self._starts):
            return node.sourceline or 1, None
        offset = self._starts[i]
        line = bisect.bisect_left(self._newlines, offset)  # newlines before the tag
        return line + 1, offset - (self._newlines[line - 1] + 1 if line else 0) + 1


# A start tag's "<", or markup in which a "<" starts no element.
_MARKUP = re.compile(r"<!--.*?-->|<!\[CDATA\[.*?\]\]>|<\?.*?\?>|<!DOCTYPE(?:[^\[>]|\[.*?\])*>|<(?=[^/!?])", re.S)
_NEWLINE = re.compile("\n")


# ---------------------------------------------------------------- the command

def command(argv: list[str]) -> int:
    """``edition validate FILE...``: 0 valid, 1 a problem of level error,
    2 usage error or a file that cannot be read."""
    ap = argparse.ArgumentParser(prog="edition validate",
                                 description="Check TEI files against the edition's RelaxNG schema and Schematron rules.")
    ap.add_argument("files", nargs="+", type=Path, metavar="FILE", help="TEI files to check")
    ap.add_argument("--quiet", "-q", action="store_true",
                    help="print errors only: no warnings, and no closing line per file")
    try:
        args = ap.parse_args(argv)
    except SystemExit as exit:
        return 2 if exit.code else 0
    unreadable = [f for f in args.files if not f.is_file()]
    for f in unreadable:
        print(f"{f}: no such file" if not f.exists() else f"{f}: not a file", file=sys.stderr)
    if unreadable:
        return 2
    validator = Validator()
    status = 0
    for f in args.files:
        try:
            problems = validator.check(f)
        except OSError as err:
            print(f"{f}: cannot read: {err.strerror}", file=sys.stderr)
            return 2
        for p in problems:
            if p.level == ERROR or not args.quiet:
                print(p.format())
        errors = sum(p.level == ERROR for p in problems)
        warnings = sum(p.level == WARNING for p in problems)
        if errors:
            status = 1
        if not args.quiet:
            print(f"{f}: " + (f"invalid, {counted(errors, 'error')}" if errors else "OK")
                  + (f", {counted(warnings, 'warning')}" if warnings else ""))
    return status
