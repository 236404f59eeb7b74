"""What a build keeps per document, and how it keeps it.

``DocResult`` is what the worker gives back for a document (every stage's
outcome, its report as JSON); ``DocEntry`` is the document's entry in the
manifest: the key of its inputs, its result, the key of its page, the files it
owns and its summary. Reports and summaries stay JSON bytes, packed, until the
report is written: the main process holds one of each per document.
"""
from __future__ import annotations

import json
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from ..report import Location, Message


def json_bytes(data, indent: int | None = None, default=None) -> bytes:
    """JSON in UTF-8; a file name that is not UTF-8 (kept by Python as lone
    surrogates) is written as \\u escapes instead, which read back the same."""
    try:
        return json.dumps(data, ensure_ascii=False, indent=indent, default=default).encode("utf-8")
    except UnicodeEncodeError:
        return json.dumps(data, ensure_ascii=True, indent=indent, default=default).encode("ascii")


def pack(data: bytes) -> bytes:
    """JSON as the main process keeps it until the end of the build: zlib
    packs a document's report or summary to about half. Packed data starts
    with zlib's 0x78, JSON with "{" or "n" (null), which is how ``unpack``
    tells them apart: what a previous build's manifest gives is plain JSON."""
    return zlib.compress(data, 1)


def unpack(data: bytes) -> bytes:
    return zlib.decompress(data) if data[:1] == b"\x78" else data


def plain(value):
    """The manifest holds plain data only, so a tampered file can mislead a
    build but never run code in it: paths as strings, records as objects
    (a document's report goes on its own line)."""
    if isinstance(value, Path):
        return str(value)
    return {k: v for k, v in vars(value).items() if k != "report"} if isinstance(value, DocResult) else vars(value)


def packed_summary(summary) -> bytes:
    """A document's summary as a worker hands it back: JSON, packed."""
    return pack(json_bytes(summary, default=plain))


@dataclass
class DocResult:
    """A document's outcome through every stage."""

    source: str
    doc_id: str | None
    target: Path | None  # the TEI written, None when the document failed
    report: bytes  # its entry in report.json, as JSON (maybe packed), not as Python objects
    errors: int
    warnings: int
    lines: list  # its warnings and errors as file:line:column lines, for the terminal
    seconds: dict

    def add_error(self, code: str, text: str, line: int | None = None, column: int | None = None,
                  refused: bool = False, related: Location | None = None) -> None:
        """An error found after the worker was done (a duplicate id, a page that failed)."""
        message = Message("error", code, text, line, column, related=related)
        report = json.loads(unpack(self.report))
        report["messages"].append(message.to_dict())
        if refused:
            report["written"] = False
        self.report = pack(json_bytes(report))
        self.lines.append(message.format(self.source))
        self.errors += 1


@dataclass
class DocEntry:
    """A document's entry in the manifest."""

    key: str | None  # of its inputs; None for a document never to be reused
    result: DocResult
    page_key: str | None = None  # of its page's inputs, when the page was written
    files: list[str] = field(default_factory=list)  # what it owns in the build, for the next one to remove
    summary: bytes | None = None  # JSON (maybe packed); kept on a line of its own in the manifest

    def state(self) -> dict:
        """The entry as the manifest's state holds it (the summary goes apart)."""
        return {"key": self.key, "result": self.result, "page_key": self.page_key, "files": self.files}

    @classmethod
    def from_state(cls, state: dict, report: bytes, summary: bytes | None) -> DocEntry:
        result = state["result"]
        target = Path(result["target"]) if result["target"] else None
        return cls(state["key"], DocResult(**dict(result, target=target, report=report)), state["page_key"],
                   state["files"], summary)
