"""The benchmark's figures, as a table and notes."""
from __future__ import annotations

from pathlib import Path

from .runs import Result, search_and_review

TARGETS = {  # from issue 6, for comparison only
    "docs_per_second_10000": 500,
    "peak_mb_10000": 400,
    "noop_rebuild_s_10000": 3.0,
    "one_edit_rebuild_s_10000": 3.0,
}


def _fmt(x, nd=2):
    return "—" if x is None else f"{x:.{nd}f}"


def table(results: list[Result], speed: float | None = None, create_us: float | None = None,
          work: Path | None = None, loop_s: float | None = None) -> str:
    rows = [("docs", "vols", "jobs", "wall s", "docs/s", "docs/s+search", "search s", "peak PSS MB", "peak RSS MB",
             "CPU s", "no-op s", "edit s", "edit pages")]
    for r in results:
        rows.append((str(r.size), str(r.volumes), str(r.jobs), _fmt(r.full.wall), _fmt(r.docs_per_s, 0),
                     _fmt(r.docs_per_s_with_search, 0), _fmt(r.search_s), _fmt(r.full.peak_pss_mb, 0),
                     _fmt(r.full.peak_mb, 0), _fmt(r.full.cpu_s, 1),
                     _fmt(r.noop.wall), _fmt(r.edit.wall), str(r.edit.rewritten.get("pages"))))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(c.rjust(w) for c, w in zip(row, widths)) for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    out = ["\n".join(lines), ""]
    for r in results:
        out.append(f"{r.size} documents — stage times from report.json (seconds):")
        for name, run in (("full", r.full), ("no-op", r.noop), ("edit", r.edit), ("again", r.noop_after_edit)):
            t = {k: v for k, v in run.timings.items() if not isinstance(v, dict)}
            summed = run.timings.get("stages (summed over workers)", {})
            if not t:  # a build that changed nothing writes no report
                out.append(f"  {name:6} (no report written: nothing changed)")
                continue
            out.append(f"  {name:6} " + "  ".join(f"{k} {v:.2f}" for k, v in t.items())
                       + ("   | summed over workers: " + "  ".join(f"{k} {v:.2f}" for k, v in summed.items())
                          if summed else ""))
        for name, run in (("no-op", r.noop), ("edit", r.edit), ("again", r.noop_after_edit)):
            files = ", ".join(f"{v} {k}" for k, v in run.rewritten.items())
            out.append(f"  {name} rebuild ({run.wall:.2f} s): encoded {run.counts.get('encoded')} documents; "
                       f"files written anew: {files}")
        if r.edit.timings:
            redone = sum(float(r.edit.timings.get(k, 0.0)) for k in ("documents", "indexes", "volumes")) \
                + search_and_review(r.edit.timings)
            out.append(f"  the edit's {r.edit.wall:.2f} s: {redone:.2f} s redoing its document, the neighbours' "
                       f"pages, its volume's indexes, volume file, search index and review page; "
                       f"{r.edit.wall - redone:.2f} s the rest (start, listing, plan, report, swap)")
        parts = ", ".join(f"{k} {v}" for k, v in r.full.peak_parts_mb.items())
        out.append(f"  peak memory of the full build by part (MB, each at its own peak): {parts}")
        out.append(f"  full build CPU (user + system, all processes, search included): {r.full.cpu_s:.1f} s, "
                   f"{r.full.cpu_s / r.size * 1000:.2f} ms per document")
        if len(r.clean) > 1:
            runs = ", ".join(f"{e2e:.2f} s ({r.size / max(e2e, 1e-9):.0f} docs/s)" for _, e2e, _ in r.clean)
            peaks = [p for *_, p in r.clean if p is not None]
            out.append(f"  {len(r.clean)} clean builds, without search: {runs}; the median is shown"
                       + (f"; highest peak PSS {max(peaks):.0f} MB" if peaks else ""))
        out.append(f"  corpus generated in {r.generate_s:.2f} s; full build exit status {r.full.status}")
        out.extend(f"  note: {n}" for n in r.notes)
        out.append("")
    if loop_s is not None:
        out.append(f"This machine: one process runs a fixed pure-Python loop in {loop_s:.2f} s "
                   "(a shared host's speed changes from hour to hour; this shows part of it).")
    if speed is not None:
        jobs = results[0].jobs
        out.append(f"This machine: {jobs} processes at once get through {speed:.2f} times the work of one "
                   f"(a pure-Python loop; {jobs} would be perfect).")
    if create_us is not None:
        out.append(f"This disk: creating a file in {work} takes {create_us:.0f} µs "
                   "(a build creates two per document; 20 µs is usual on ext4).")
    out.append("Targets (issue 6, not asserted): >= 500 docs/s end to end on 10,000 documents on 2 cores; "
               "peak <= 400 MB for 10,000; no-op rebuild <= 3 s; one-edit rebuild <= 3 s plus the pages it affects.")
    out.append("Targets (issue 26, not asserted): at 300,000 documents, peak PSS <= 700 MB, no-op rebuild <= 2 s, "
               "one-edit rebuild <= 3 s plus the pages it rewrites; with search, not below 209 docs/s at 40,000; "
               "a query <= 1 s and <= 2 MB at 550 volumes.")
    return "\n".join(out)


