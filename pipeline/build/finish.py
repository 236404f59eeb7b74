"""The last step: report.json and the manifest's head written, then the swap."""
from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path

from .. import __version__
from ..report import ERROR, WARNING
from .manifest import (FORMAT, MANIFEST, TOOL, VOLUMES, outcome, report_lines, volume_paths, write_head,
                       write_report)
from .staging import swap, swap_parts
from .state import Build


def finish(b: Build, encoded: int) -> int:
    """Write the report and the manifest's head, swap the build in; the exit status."""
    req, stage = b.request, b.stage
    heads = _heads(b)
    told, carried = _told(b, heads)
    for line, news in told:
        if news:
            req.echo(line)
    levels = [m["level"] for h in heads.values() for m in h["messages"]]
    volume_errors = levels.count(ERROR)
    total = sum(h["documents"] for h in heads.values())
    counts = {"documents": total, "encoded": encoded, "reused": total - encoded,
              "failed": sum(h["failed"] for h in heads.values()),
              "warnings": sum(h["warnings"] for h in heads.values()) + levels.count(WARNING),
              "errors": sum(h["errors"] for h in heads.values()) + volume_errors + len(req.broken)}
    volumes = [({"id": vid, "source": h["source"], "messages": h["messages"]}, volume_paths(b.holder(vid), vid)[1])
               for vid, h in heads.items()]
    volumes += [({"id": None, "source": str(bk.folder), "messages": [bk.message.to_dict(str(bk.folder))]}, None)
                for bk in req.broken]
    timings = {**{k: round(v, 3) for k, v in b.timings.items()},
               "stages (summed over workers)": {k: round(v, 3) for k, v in b.stage_sum.items()},
               "total": round(time.perf_counter() - b.t_start, 3)}
    write_report(stage / "report.json", counts, timings, volumes)
    review_pages(b, heads, volumes)
    for f in (stage / VOLUMES).iterdir() if (stage / VOLUMES).exists() else []:  # of volumes no longer built
        if f.stem not in heads:
            f.unlink()
    write_head(stage / MANIFEST, {"tool": TOOL, "format": FORMAT, "version": __version__, "settings": b.settings,
                                  "site_key": b.new.site_key, "counts": counts, "volume_errors": volume_errors,
                                  "volumes": heads})
    if b.partial:  # the report and the head last: the head is what the next build reads first
        swap_parts(stage, req.out, [*b.parts, "report.json", MANIFEST], b.gone)
    else:
        swap(stage, req.out)
    return outcome(counts, carried, volume_errors, req.strict, req.echo)


def _heads(b: Build) -> dict[str, dict]:
    """Each volume's part of the manifest's head: a kept volume's as the
    previous build left it, the others' with their volume's own messages."""
    heads = {}
    for vol in b.request.volumes:
        if vol.id in b.plan.kept:
            heads[vol.id] = b.plan.head["volumes"][vol.id]
            continue
        messages = b.vol_reports[vol.id].messages
        lines = [m.format(str(b.request.out / m.related.file) if m.related and not m.file else str(vol.folder))
                 for m in messages if m.level in (WARNING, ERROR)]
        head = dict(b.volume_heads[vol.id], messages=b.vol_reports[vol.id].to_dict()["messages"],
                    volume_problems=b.new.volume_problems[vol.id])
        head["told"] = lines + head.pop("lines")
        heads[vol.id] = head
    return heads


def _told(b: Build, heads: dict) -> tuple[list[tuple[str, bool]], dict[str, int]]:
    """Every warning and error of the build as a line for the terminal, in
    volume order, and whether it is news: a document's when the document was
    encoded by this build, a volume's own when the previous build did not
    give it, or it names a text encoded by this build. With them, how many of
    each level are not news (carried over from the previous build): all of a
    kept volume's."""
    old = b.plan.head.get("volumes", {}) if b.plan.head else {}
    told, carried = [], {WARNING: 0, ERROR: 0}
    for vid, h in heads.items():
        if vid in b.plan.kept:
            told += [(line, False) for line in h["told"]]
            levels = [m["level"] for m in h["messages"]]
            carried[WARNING] += h["warnings"] + levels.count(WARNING)
            carried[ERROR] += h["errors"] + levels.count(ERROR)
            continue
        before = set(old.get(vid, {}).get("told", ()))
        own = [m for m in b.vol_reports[vid].messages if m.level in carried]
        for m, line in zip(own, h["told"]):
            news = line not in before or (m.file is not None and m.file not in b.reused)
            told.append((line, news))
            carried[m.level] += not news
        news, carried_here = b.volume_news[vid]
        told += news
        for level in carried:
            carried[level] += carried_here[level]
    return told, carried


def review_pages(b: Build, heads: dict, volumes: list) -> None:
    """The editors' review pages, a volume at a time from its reports file
    (only those of the volumes built again; a kept volume's counts are in its
    head), and their index; left out with --no-review, or when a volume's
    folder would take their folder's name."""
    if b.site_dir is None:
        return
    from ..publish.review import FOLDER, write_review_index, write_volume_review
    built = b.request.volumes
    if FOLDER in {v.id for v in built}:
        if b.request.review:
            b.request.echo(f"a volume is named {FOLDER}: the review page, which would take its folder, is left out")
        return
    if not b.partial:
        shutil.rmtree(b.site_dir / FOLDER, ignore_errors=True)  # the previous build's, linked
    if not b.request.review:
        return
    b.take(f"site/{FOLDER}")
    base = Path(os.path.commonpath([v.folder.parent for v in built]))
    for about, path in volumes:
        vid = about["id"]
        if vid is not None and vid not in b.plan.kept:
            heads[vid]["review"] = write_volume_review(b.worker.publisher, dict(about, documents=_reports(path)), base)
    write_review_index(b.worker.publisher, [(vid, h["review"]) for vid, h in heads.items()],
                       [about for about, _ in volumes if about["id"] is None], base)


def _reports(path: Path | None) -> list:
    """A volume's documents' reports, from its reports file."""
    return [] if path is None else [json.loads(line) for line in report_lines(path)]
