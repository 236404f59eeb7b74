"""The last step: the review pages, report.json and the manifest's head written, then the swap."""
from __future__ import annotations

import itertools
import json
import os
import shutil
import time
from concurrent.futures import Future
from pathlib import Path

from .. import __version__
from ..report import ERROR, WARNING
from .manifest import (FORMAT, MANIFEST, REPORT, REPORTS, TOOL, VOLUMES, load_messages, outcome, report_lines,
                       volume_paths, write_head, write_messages, write_report)
from .staging import swap, swap_parts
from .state import Build


def finish(b: Build, encoded: int, searching: Future | None) -> int:
    """Write the review pages while the search index is made (``searching``),
    then the report and the manifest's head; swap the build in; the exit status."""
    req, stage = b.request, b.stage
    heads, own = _heads(b)
    told, carried = _told(b, heads, own)
    for line, news in told:
        if news:
            req.echo(line)
    volume_errors = sum(h["volume_errors"] for h in heads.values())
    total = sum(h["documents"] for h in heads.values())
    counts = {"documents": total, "encoded": encoded, "reused": total - encoded,
              "failed": sum(h["failed"] for h in heads.values()),
              "warnings": sum(h["warnings"] + h["volume_warnings"] for h in heads.values()),
              "errors": sum(h["errors"] for h in heads.values()) + volume_errors + len(req.broken)}
    broken = [{"id": None, "source": str(bk.folder), "messages": [bk.message.to_dict(str(bk.folder))]}
              for bk in req.broken]
    t0 = time.perf_counter()
    review_pages(b, heads, own, broken)
    b.timings["review"] = time.perf_counter() - t0
    if searching is not None:
        searching.result()
    # in the order of the steps (the search's figure comes from another thread)
    timings = {**{k: round(b.timings[k], 3) for k in ("documents", "indexes", "volumes", "search", "review")
                  if k in b.timings},
               "stages (summed over workers)": {k: round(v, 3) for k, v in b.stage_sum.items()},
               "total": round(time.perf_counter() - b.t_start, 3)}
    # a kept volume's messages are read from its file as the report comes to it
    volumes = ({"id": vid, "source": h["source"],
                "messages": (own[vid] if vid in own else load_messages(b.holder(vid), vid))["messages"],
                "documents_report": volume_paths(Path(), vid)[1].as_posix()} for vid, h in heads.items())
    write_report(stage / REPORT, counts, timings, itertools.chain(volumes, broken))
    for folder in (stage / VOLUMES, stage / REPORTS):  # the files of volumes no longer built
        for f in folder.iterdir() if folder.exists() else []:
            if f.stem not in heads:
                f.unlink()
    write_head(stage / MANIFEST, {"tool": TOOL, "format": FORMAT, "version": __version__, "settings": b.settings,
                                  "site_key": b.new.site_key, "counts": counts, "volume_errors": volume_errors,
                                  "volumes": heads})
    if b.partial:  # the report and the head last: the head is what the next build reads first
        swap_parts(stage, req.out, [*b.parts, REPORT, MANIFEST], b.gone)
    else:
        swap(stage, req.out)
    return outcome(counts, carried, volume_errors, req.strict, req.echo)


def _heads(b: Build) -> tuple[dict[str, dict], dict[str, dict]]:
    """Each volume's part of the manifest's head: a kept volume's as the
    previous build left it, the others' with the counts of their own
    messages; and those messages, of the volumes built again, written to
    their file (see ``manifest.messages_path``)."""
    heads, own = {}, {}
    for vol in b.request.volumes:
        if vol.id in b.plan.kept:
            heads[vol.id] = b.plan.head["volumes"][vol.id]
            continue
        messages = b.vol_reports[vol.id].messages
        levels = [m.level for m in messages]
        own[vol.id] = {"messages": b.vol_reports[vol.id].to_dict()["messages"],
                       "problems": len(b.new.volume_problems[vol.id]),
                       "told": [m.format(str(b.request.out / m.related.file) if m.related and not m.file
                                         else str(vol.folder)) for m in messages if m.level in (WARNING, ERROR)]}
        write_messages(b.stage, vol.id, **own[vol.id])
        heads[vol.id] = dict(b.volume_heads[vol.id], volume_warnings=levels.count(WARNING),
                             volume_errors=levels.count(ERROR))
    return heads, own


def _told(b: Build, heads: dict, own: dict) -> tuple[list[tuple[str, bool]], dict[str, int]]:
    """Every warning and error of the volumes built again as a line for the
    terminal, in volume order, and whether it is news: a document's when the
    document was encoded by this build, a volume's own when the previous
    build did not give it, or it names a text encoded by this build. With
    them, how many of each level are not news (carried over from the previous
    build): all of a kept volume's."""
    told, carried = [], {WARNING: 0, ERROR: 0}
    for vid, h in heads.items():
        if vid in b.plan.kept:
            carried[WARNING] += h["warnings"] + h["volume_warnings"]
            carried[ERROR] += h["errors"] + h["volume_errors"]
            continue
        before = set(b.old.volume_told.get(vid, ()))
        mine = [m for m in b.vol_reports[vid].messages if m.level in carried]
        for m, line in zip(mine, own[vid]["told"]):
            news = line not in before or (m.file is not None and m.file not in b.reused)
            told.append((line, news))
            carried[m.level] += not news
        news, carried_here = b.volume_news[vid]
        told += news
        for level in carried:
            carried[level] += carried_here[level]
    return told, carried


def review_pages(b: Build, heads: dict, own: dict, broken: list[dict]) -> None:
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
    for vid, mine in own.items():
        about = {"id": vid, "source": heads[vid]["source"], "messages": mine["messages"],
                 "documents": _reports(volume_paths(b.stage, vid)[1])}
        heads[vid]["review"] = write_volume_review(b.worker.publisher, about, base)
    write_review_index(b.worker.publisher, [(vid, h["review"]) for vid, h in heads.items()], broken, base)


def _reports(path: Path) -> list:
    """A volume's documents' reports, from its reports file."""
    return [json.loads(line) for line in report_lines(path)]
