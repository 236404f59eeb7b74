"""The last step: report.json and the manifest written, then the swap."""
from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path

from .. import __version__
from ..files import write_new
from ..report import ERROR, WARNING
from .manifest import MANIFEST, manifest_bytes, outcome, report_bytes
from .records import unpack
from .staging import swap
from .state import Build


def finish(b: Build, encoded: int) -> int:
    """Write the report and the manifest, swap the build in; the exit status."""
    req, stage, docs = b.request, b.stage, b.new.documents
    order = b.plan.order
    told, carried = _told(b)
    for line, news in told:
        if news:
            req.echo(line)
    results = [docs[str(p)].result for _, p, _ in order]
    volume_errors = sum(len(r.errors) for r in b.vol_reports.values())
    counts = {"documents": len(order), "encoded": encoded, "reused": len(order) - encoded,
              "failed": sum(1 for r in results if r.errors),
              "warnings": sum(r.warnings for r in results) + sum(len(r.warnings) for r in b.vol_reports.values()),
              "errors": sum(r.errors for r in results) + volume_errors + len(req.broken)}
    reports = {s: unpack(e.result.report) for s, e in docs.items()}  # for the report and the manifest
    volume_reports = [{"id": v.id, "source": str(v.folder),
                       "messages": b.vol_reports[v.id].to_dict()["messages"],
                       "documents": [reports[s] for s in b.members[v.id]]}
                      for v in req.volumes]
    volume_reports += [{"id": None, "source": str(b.folder), "messages": [b.message.to_dict(str(b.folder))],
                        "documents": []} for b in req.broken]
    timings = {**{k: round(v, 3) for k, v in b.timings.items()},
               "stages (summed over workers)": {k: round(v, 3) for k, v in b.stage_sum.items()},
               "total": round(time.perf_counter() - b.t_start, 3)}
    write_new(stage / "report.json", report_bytes(counts, timings, volume_reports))
    review_page(b, volume_reports)
    for entry in docs.values():  # paths are kept relative to the build
        if entry.result.target is not None:
            entry.result.target = entry.result.target.relative_to(stage)
    head = {"version": __version__, "settings": b.settings, "keys": b.plan.keys, "counts": counts,
            "volume_errors": volume_errors, "messages": [line for line, _ in told]}
    write_new(stage / MANIFEST, manifest_bytes(head, b.new, list(reports.values())))
    swap(stage, req.out)
    return outcome(counts, carried, volume_errors, req.strict, req.echo)


def _told(b: Build) -> tuple[list[tuple[str, bool]], dict[str, int]]:
    """Every warning and error of the build as a line for the terminal, in
    volume order, and whether it is news: a document's when the document was
    encoded by this build, a volume's own when the previous build did not
    give it, or it names a text encoded by this build. With them, how many of
    each level are not news (carried over from the previous build)."""
    before = set(b.plan.head.get("messages", ()))
    fresh = {str(p) for _, p, _ in b.plan.order} - b.reused
    docs, told, carried = b.new.documents, [], {WARNING: 0, ERROR: 0}
    for vol in b.request.volumes:
        for m in b.vol_reports[vol.id].messages:
            if m.level in carried:
                # a problem of the volume file that no text holds is named by the file
                line = m.format(str(b.request.out / m.related.file) if m.related and not m.file else str(vol.folder))
                news = line not in before or m.file in fresh
                told.append((line, news))
                carried[m.level] += not news
        for source in b.members[vol.id]:
            result = docs[source].result
            told += [(line, source in fresh) for line in result.lines]
            if source not in fresh:
                carried[WARNING] += result.warnings
                carried[ERROR] += result.errors
    return told, carried


def review_page(b: Build, volume_reports: list) -> None:
    """The editors' review page, from the report's records; left out with
    --no-review, or when a volume's folder would take its name."""
    if b.site_dir is None:
        return
    from ..publish.review import FOLDER, write_review
    volumes = b.request.volumes
    if FOLDER in {v.id for v in volumes}:
        if b.request.review:
            b.request.echo(f"a volume is named {FOLDER}: the review page, which would take its folder, is left out")
        return
    shutil.rmtree(b.site_dir / FOLDER, ignore_errors=True)  # the previous build's, linked
    if b.request.review:
        base = Path(os.path.commonpath([v.folder.parent for v in volumes]))
        write_review(b.worker.publisher, [dict(v, documents=[json.loads(d) for d in v["documents"]])
                                          for v in volume_reports], base)
