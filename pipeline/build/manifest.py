"""report.json and the manifest: what a build tells, and what the next build reads.

Both are split so that what a rebuild reads and writes costs in proportion
to the change. report.json gives the build's counts and timings and, per
volume, its own messages and the file of its documents' reports,
``report/<volume>.json`` (a JSON list, a document on each line). The
manifest's head (``.manifest.json``) is small: the build's settings and,
per volume, the stamp of its files, its counts and the keys of its
volume-level outputs; a build that changes nothing reads only the head.
Each volume has its own manifest (``.manifest/<volume>.json``: the state of
its documents on the first line, then each one's summary on a line of its
own) and its own messages (``.manifest/<volume>.messages``: its front
matter's and its volume file's), read with its reports only when the volume
is built again, or, for the messages, when report.json is written.
"""
from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..files import write_new
from ..report import ERROR, WARNING, Message, counted
from .records import DocEntry, json_bytes, plain, unpack

MANIFEST = ".manifest.json"
VOLUMES = ".manifest"
REPORT = "report.json"
REPORTS = "report"  # each volume's documents' reports


@dataclass
class Outputs:
    """What a build made, by the keys of what made it. ``documents`` holds the
    entries of the volumes being built only, and of those until each volume is
    written out; the keys, every volume's."""

    documents: dict[str, DocEntry] = field(default_factory=dict)  # by source path, in volume order
    index_keys: dict[str, str] = field(default_factory=dict)  # volume id → key of its index pages
    site_key: str | None = None
    search_keys: dict[str, str] = field(default_factory=dict)  # volume id → key of its search bundle
    volume_keys: dict[str, str] = field(default_factory=dict)  # volume id → key of its volume file
    volume_problems: dict[str, list[Message]] = field(default_factory=dict)  # volume id → its file's problems
    volume_told: dict[str, list[str]] = field(default_factory=dict)  # volume id → its own messages' lines


def volume_paths(root: Path, volume_id: str) -> tuple[Path, Path]:
    """A volume's manifest and its documents' reports."""
    return root / VOLUMES / f"{volume_id}.json", root / REPORTS / f"{volume_id}.json"


def messages_path(root: Path, volume_id: str) -> Path:
    """A volume's own messages: ``messages`` (as report.json gives them), of
    which the last ``problems`` are its volume file's, and ``told``, the
    lines the terminal was given of them."""
    return root / VOLUMES / f"{volume_id}.messages"


def write_messages(root: Path, volume_id: str, messages: list[dict], problems: int, told: list[str]) -> None:
    write_new(messages_path(root, volume_id), json_bytes({"messages": messages, "problems": problems, "told": told}))


def load_messages(root: Path, volume_id: str) -> dict:
    return json.loads(messages_path(root, volume_id).read_bytes())


def write_volume(root: Path, volume_id: str, entries: list[tuple[str, DocEntry]]) -> None:
    """A volume's manifest and reports, its documents in order."""
    manifest, reports = volume_paths(root, volume_id)
    state = {source: e.state() for source, e in entries}
    summaries = (unpack(e.summary or b"null") for _, e in entries)
    write_new(manifest, b"\n".join([json_bytes(state, default=plain), *summaries, b""]))
    write_new(reports, b"[\n" + b",\n".join(b" " + unpack(e.result.report) for _, e in entries)
              + (b"\n]\n" if entries else b"]\n"))


def report_lines(reports: Path) -> list[bytes]:
    """The documents' reports of a volume's reports file, as JSON."""
    return [line[1:].removesuffix(b",") for line in reports.read_bytes().split(b"\n") if line.startswith(b" ")]


def load_volume(root: Path, volume_id: str) -> dict[str, DocEntry]:
    """A volume's entries from the previous build; reports and summaries stay JSON until needed."""
    manifest, reports = volume_paths(root, volume_id)
    lines = manifest.read_bytes().split(b"\n")
    docs = report_lines(reports)
    state = json.loads(lines[0])
    n = len(state)
    if len(lines) != n + 2 or len(docs) != n:
        raise ValueError(f"{manifest}: its reports and summaries do not match its documents")
    return {source: DocEntry.from_state(entry, report, None if summary == b"null" else summary)
            for (source, entry), report, summary in zip(state.items(), docs, lines[1:])}


TOOL = "frus-edition"  # the manifest's head names the tool and its format: a build's mark on its --out folder
FORMAT = 5  # 2: the head and one manifest per volume; 3: with each volume's review counts;
# 4: a volume's messages in a file of their own, its documents' reports in report/; 5: each
# volume's key base in the head


def written_by_build(out: Path) -> bool:
    """Whether ``out`` holds a build's output: its manifest's head names this
    tool (a file that only has the manifest's name is not enough)."""
    head = load_head(out / MANIFEST)
    return head.get("tool") == TOOL and isinstance(head.get("format"), int)


def load_head(path: Path) -> dict:
    """The manifest's head: all a build that changes nothing reads."""
    try:
        head = json.loads(path.read_bytes())
        return head if isinstance(head, dict) else {}
    except (OSError, ValueError):
        return {}


def write_head(path: Path, head: dict) -> None:
    write_new(path, json_bytes(head, default=plain))


def write_report(path: Path, counts: dict, timings: dict, volumes: Iterable[dict]) -> None:
    """report.json, laid out for people: counts and timings first, then
    each volume on a line of its own (taken as it comes, so that only one
    is held)."""
    if path.exists():
        path.unlink()  # maybe a link the previous build shares: never written into
    with open(path, "xb") as f:
        f.write(b'{\n "counts": ' + json_bytes(counts) + b',\n "timings": ' + json_bytes(timings)
                + b',\n "volumes": [')
        for i, about in enumerate(volumes):
            f.write((b",\n  " if i else b"\n  ") + json_bytes(about))
        f.write(b"\n ]\n}\n")


def read_report(out: Path) -> dict:
    """A build's whole report: report.json with each volume's documents'
    reports in it (under ``documents``), as one document (for tools and tests)."""
    report = json.loads((out / REPORT).read_bytes())
    for vol in report["volumes"]:
        name = vol.get("documents_report")
        vol["documents"] = json.loads((out / name).read_bytes()) if name else []
    return report


def unchanged(out: Path, head: dict, echo, strict: bool) -> int | None:
    """Nothing that shapes the output changed: the previous build stands, and
    nothing is written, report.json included: it stays the report of the
    build that made the output (rewriting it, some 1.4 KB a document, would
    cost a rebuild of the series more than finding that nothing changed).
    Its messages are counted, not told again. None when the report is not as
    a build left it: then the build runs."""
    try:
        with open(out / REPORT, "rb") as f:
            if not f.read(64).startswith(b'{\n "counts": '):
                return None
    except OSError:
        return None
    counts = dict(head["counts"], encoded=0, reused=head["counts"]["documents"])
    return outcome(counts, {WARNING: counts["warnings"], ERROR: counts.get("errors", 0)}, head["volume_errors"],
                   strict, echo)


def outcome(counts: dict, carried: dict[str, int], volume_errors: int, strict: bool, echo) -> int:
    """The closing line, ``69 documents: 1 encoded, 68 reused, 0 failed; 10
    warnings (9 unchanged)``, and the exit status. ``carried``: how many
    warnings and errors were the previous build's, counted but not told again."""
    def told(level: str) -> str:
        n = counts.get(level + "s", 0)
        return counted(n, level) + (f" ({carried[level]} unchanged)" if carried.get(level) else "")
    echo(f"{counted(counts['documents'], 'document')}: {counts['encoded']} encoded, {counts['reused']} reused, "
         f"{counts['failed']} failed; {told(WARNING)}" + (f"; {told(ERROR)}" if counts.get("errors") else ""))
    return 1 if counts["failed"] or volume_errors or (strict and counts["warnings"]) else 0
