"""Read stage: bytes on disk become numbered lines, or a clear error.

Nothing here guesses about structure. It decodes, normalises line ends,
and makes characters that XML cannot hold visible instead of dropping them.
"""
from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from .report import Reporter

BOM = "\ufeff"
REPLACEMENT = "\ufffd"
# XML 1.0 forbids C0 controls other than tab, newline and carriage return, and
# the two non-characters U+FFFE/U+FFFF; surrogates cannot occur in decoded text.
LEADING_TABS = re.compile(r"^\t+", re.M)
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


class ReadError(Exception):
    """A text that cannot be encoded at all; carries the place to point at."""

    def __init__(self, code: str, message: str, line: int | None = None, column: int | None = None):
        super().__init__(message)
        self.code, self.message, self.line, self.column = code, message, line, column


@dataclass
class Source:
    path: Path
    text: str  # decoded, "\n" line ends, no BOM

    @property
    def lines(self) -> list[str]:
        return self.text.split("\n")


def _undecodable(data: bytes, err: UnicodeDecodeError, encoding: str) -> ReadError:
    before = data[: err.start]
    line = before.count(b"\n") + 1
    line_start = before.rfind(b"\n") + 1
    column = len(before[line_start:].decode("utf-8", errors="replace")) + 1
    bad = data[err.start : err.end].hex(" ")
    return ReadError(
        "not-utf8",
        f"bytes {bad} are not valid {encoding} (use --encoding if the file is in another encoding)",
        line,
        column,
    )


def decode(data: bytes, encoding: str, reporter: Reporter) -> str:
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as err:
        raise _undecodable(data, err, "UTF-8" if codecs.lookup(encoding).name == "utf-8" else encoding) from None
    except LookupError:
        raise ReadError("bad-encoding", f"unknown encoding {encoding!r}") from None
    if text.startswith(BOM):
        text = text[1:]
        reporter.info("bom", "byte-order mark removed", 1, 1)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        reporter.info("crlf", "carriage returns normalised to line feeds")
    if "\n\t" in text or text.startswith("\t"):
        # a tab that indents a line stands for one level: two spaces
        text = LEADING_TABS.sub(lambda m: "  " * len(m.group()), text)
        reporter.info("tabs", "tabs at the start of lines read as two spaces each")
    return text


def make_xml_safe(text: str, reporter: Reporter) -> str:
    """Replace characters XML cannot carry with U+FFFD, reporting each place."""
    if not NOT_XML.search(text):
        return text
    out = []
    line, line_start = 1, 0
    last = 0
    for m in NOT_XML.finditer(text):
        # advance the line count up to this match
        chunk = text[last : m.start()]
        nl = chunk.count("\n")
        if nl:
            line += nl
            line_start = last + chunk.rfind("\n") + 1
        name = unicodedata.name(m.group(), f"U+{ord(m.group()):04X}")
        reporter.warn(
            "control-character",
            f"character U+{ord(m.group()):04X} ({name}) is not allowed in XML; replaced with U+FFFD",
            line,
            m.start() - line_start + 1,
        )
        out.append(text[last : m.start()])
        out.append(REPLACEMENT)
        last = m.end()
    out.append(text[last:])
    return "".join(out)


def read(path: Path, reporter: Reporter, encoding: str = "utf-8") -> Source:
    """Read one text file. Raises ReadError for input that cannot be encoded."""
    try:
        data = path.read_bytes()
    except OSError as err:
        raise ReadError("unreadable", f"cannot read file: {err.strerror}") from None
    return read_bytes(path, data, reporter, encoding)


def read_bytes(path: Path, data: bytes, reporter: Reporter, encoding: str = "utf-8") -> Source:
    text = make_xml_safe(decode(data, encoding, reporter), reporter)
    if not text.strip():
        raise ReadError("empty", "the file is empty or holds only white space", 1, 1)
    return Source(path, text)
