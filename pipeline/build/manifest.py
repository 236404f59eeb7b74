"""report.json and the manifest: what a build tells, and what the next build reads.

The manifest (``.manifest.json``) has a head on its first line (all a build
that changes nothing reads), the state on its second (``Outputs``), then
each document's report and then each one's summary on a line of its own, in
the state's order.
"""
from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from pathlib import Path

from ..files import write_atomic
from ..report import ERROR, WARNING, Message, counted
from .records import DocEntry, json_bytes, plain, unpack

MANIFEST = ".manifest.json"
REPORT_VOLUMES = b'\n "volumes": ['


@dataclass
class Outputs:
    """What a build made, by the keys of what made it: the manifest's state."""

    documents: dict[str, DocEntry] = field(default_factory=dict)  # by source path, in volume order
    index_keys: dict[str, str] = field(default_factory=dict)  # volume id → key of its index pages
    site_key: str | None = None
    search_keys: dict[str, str] = field(default_factory=dict)  # volume id → key of its search bundle
    volume_keys: dict[str, str] = field(default_factory=dict)  # volume id → key of its volume file
    volume_problems: dict[str, list[Message]] = field(default_factory=dict)  # volume id → its file's problems

    def state(self) -> dict:
        return {"documents": {s: e.state() for s, e in self.documents.items()}, "index_keys": self.index_keys,
                "site_key": self.site_key, "search_keys": self.search_keys, "volume_keys": self.volume_keys,
                "volume_problems": self.volume_problems}


def manifest_bytes(head: dict, outputs: Outputs, reports: list[bytes]) -> bytes:
    summaries = (unpack(e.summary or b"null") for e in outputs.documents.values())
    return b"\n".join([json_bytes(head), json_bytes(outputs.state(), default=plain), *reports, *summaries, b""])


def load_head(path: Path) -> dict:
    """The manifest's first line: what a build that changes nothing needs."""
    try:
        with open(path, "rb") as f:
            head = json.loads(f.readline())
        return head if isinstance(head, dict) else {}
    except (OSError, ValueError):
        return {}


def load_manifest(path: Path) -> Outputs:
    """The previous build's outputs; reports and summaries stay JSON until needed."""
    lines = path.read_bytes().split(b"\n")
    state = json.loads(lines[1])
    n = len(state["documents"])
    if len(lines) != 2 * n + 3:
        raise ValueError("the manifest's reports and summaries do not match its documents")
    documents = {source: DocEntry.from_state(entry, report, None if summary == b"null" else summary)
                 for (source, entry), report, summary in zip(state["documents"].items(), lines[2:], lines[2 + n:])}
    problems = {v: [Message.from_dict(m) for m in ms] for v, ms in state["volume_problems"].items()}
    return Outputs(documents, state["index_keys"], state["site_key"], state["search_keys"], state["volume_keys"],
                   problems)


def report_bytes(counts: dict, timings: dict, volumes: list) -> bytes:
    """report.json, laid out for people and for speed: counts and timings
    first (a build that changes nothing rewrites only them, see
    ``unchanged``), then each document's report on a line of its own."""
    out = [b'{\n "counts": ' + json_bytes(counts) + b',\n "timings": ' + json_bytes(timings) + b",",
           REPORT_VOLUMES[1:]]
    for i, vol in enumerate(volumes):
        about = json_bytes({k: v for k, v in vol.items() if k != "documents"})
        out.append(b"  " + about[:-1] + b', "documents": [')
        docs = vol["documents"]
        out += [b"   " + d + (b"," if k + 1 < len(docs) else b"") for k, d in enumerate(docs)]
        out.append(b"  ]}" + (b"," if i + 1 < len(volumes) else b""))
    out += [b" ]", b"}", b""]
    return b"\n".join(out)


def unchanged(out: Path, head: dict, echo, strict: bool, t_start: float) -> int | None:
    """Nothing that shapes the output changed: the previous build stands. Its
    messages are told again and its report gets this run's counts and time,
    spliced in front of the documents' reports, which stay as they were.
    None when the report is not as a build left it: then the build runs."""
    try:
        old = (out / "report.json").read_bytes()
    except OSError:
        return None
    rest = old.find(REPORT_VOLUMES)
    if not old.startswith(b'{\n "counts": ') or rest < 0:
        return None
    counts = dict(head["counts"], encoded=0, reused=head["counts"]["documents"])
    head_bytes = report_bytes(counts, {"total": round(time.perf_counter() - t_start, 3)}, [])
    write_atomic(out / "report.json", head_bytes[:head_bytes.find(REPORT_VOLUMES)] + old[rest:])
    # every message is the previous build's: none is told again, all are counted
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
