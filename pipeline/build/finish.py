"""The last step: report.json and the manifest written, then the swap."""
from __future__ import annotations

import time

from .. import __version__
from ..files import write_new
from .manifest import MANIFEST, manifest_bytes, outcome, report_bytes
from .records import unpack
from .staging import swap
from .state import Build


def finish(b: Build, encoded: int) -> int:
    """Write the report and the manifest, swap the build in; the exit status."""
    req, stage, docs = b.request, b.stage, b.new.documents
    order = b.plan.order
    lines = [line for _, path, _ in order for line in docs[str(path)].result.lines]
    failures = sum(1 for _, p, _ in order if docs[str(p)].result.errors)
    warnings = sum(docs[str(p)].result.warnings for _, p, _ in order)
    for line in lines:
        req.echo(line)
    volume_errors = sum(len(r.errors) for r in b.vol_reports.values())
    counts = {"documents": len(order), "encoded": encoded, "reused": len(order) - encoded,
              "failed": failures, "warnings": warnings}
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
    for entry in docs.values():  # paths are kept relative to the build
        if entry.result.target is not None:
            entry.result.target = entry.result.target.relative_to(stage)
    head = {"version": __version__, "settings": b.settings, "keys": b.plan.keys, "counts": counts,
            "volume_errors": volume_errors, "messages": lines}
    write_new(stage / MANIFEST, manifest_bytes(head, b.new, list(reports.values())))
    swap(stage, req.out)
    return outcome(req.out, len(order), failures, warnings, volume_errors, req.strict, req.echo)
