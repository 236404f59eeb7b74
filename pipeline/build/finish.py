"""The last step: report.json and the manifest's head written, then the swap."""
from __future__ import annotations

import time

from .. import __version__
from .manifest import MANIFEST, VOLUMES, outcome, volume_paths, write_head, write_report
from .staging import swap
from .state import Build


def finish(b: Build, encoded: int) -> int:
    """Write the report and the manifest's head, swap the build in; the exit status."""
    req, stage = b.request, b.stage
    heads = {}
    for vol in req.volumes:
        if vol.id in b.plan.kept:
            heads[vol.id] = b.plan.head["volumes"][vol.id]
        else:
            heads[vol.id] = dict(b.volume_heads[vol.id], messages=b.vol_reports[vol.id].to_dict()["messages"],
                                 volume_problems=b.new.volume_problems[vol.id])
    lines = [line for h in heads.values() for line in h["lines"]]
    for line in lines:
        req.echo(line)
    total = sum(h["documents"] for h in heads.values())
    failures = sum(h["failed"] for h in heads.values())
    warnings = sum(h["warnings"] for h in heads.values())
    volume_errors = sum(1 for h in heads.values() for m in h["messages"] if m["level"] == "error")
    counts = {"documents": total, "encoded": encoded, "reused": total - encoded, "failed": failures,
              "warnings": warnings}
    timings = {**{k: round(v, 3) for k, v in b.timings.items()},
               "stages (summed over workers)": {k: round(v, 3) for k, v in b.stage_sum.items()},
               "total": round(time.perf_counter() - b.t_start, 3)}
    write_report(stage / "report.json", counts, timings,
                 [({"id": vid, "source": h["source"], "messages": h["messages"]}, volume_paths(stage, vid)[1])
                  for vid, h in heads.items()])
    for f in (stage / VOLUMES).iterdir() if (stage / VOLUMES).exists() else []:  # of volumes no longer built
        if f.stem not in heads:
            f.unlink()
    write_head(stage / MANIFEST, {"version": __version__, "settings": b.settings, "site_key": b.new.site_key,
                                  "counts": counts, "volume_errors": volume_errors, "volumes": heads})
    swap(stage, req.out)
    return outcome(req.out, total, failures, warnings, volume_errors, req.strict, req.echo)
