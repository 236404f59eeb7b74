"""``python -m tools.bench``: see the package's docstring."""
from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from dataclasses import asdict
from pathlib import Path

from . import __doc__ as DOC
from .runs import create_cost, full_build, machine_speed, profile_build, rebuilds
from .table import TARGETS, table


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m tools.bench", description=DOC.split("\n\n")[0])
    ap.add_argument("--sizes", default="1000,10000", help="corpus sizes, comma-separated (default 1000,10000)")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="worker processes (default: one per core)")
    ap.add_argument("--keep", type=Path, help="build in this folder and keep the corpora and outputs")
    ap.add_argument("--json", type=Path, help="also write the figures to this file")
    ap.add_argument("--per-volume", type=int, default=500, help="documents per generated volume (default 500)")
    ap.add_argument("--repeat", type=int, default=1, metavar="N",
                    help="clean builds per size; the median is shown, with every run (default 1)")
    ap.add_argument("--search", action="store_true",
                    help="also measure a query for a rare name and one for a common word, cold, in chromium")
    ap.add_argument("--profile", type=int, metavar="TOP", default=0,
                    help="also profile a serial build of the smallest size and print the TOP functions")
    args = ap.parse_args(argv)
    try:
        sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    except ValueError:
        ap.error(f"--sizes: not a list of numbers: {args.sizes!r}")
    if not sizes or min(sizes) < 1:
        ap.error("--sizes: give at least one positive size")
    if args.repeat < 1:
        ap.error("--repeat: give at least 1")

    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
        work, cleanup = args.keep.resolve(), None
    else:
        cleanup = tempfile.TemporaryDirectory(prefix="edition-bench-")
        work = Path(cleanup.name)
    try:
        # Every clean build runs before any rebuild: a rebuild replaces its
        # output and deletes the old tree, and on ext4 without a journal a file
        # created in the minutes after many deletions costs up to ten times
        # more (the allocator steps over recently freed inodes; measured: 20 to
        # 35 µs a file fresh, 270 to 970 µs after many builds were deleted),
        # which would bill one size's clean-up to the next size's build.
        loop_s, speed = machine_speed(args.jobs)
        create_us = create_cost(work)
        fulls = []
        for size in sizes:
            times = f", {args.repeat} times" if args.repeat > 1 else ""
            print(f"building {size} documents (jobs {args.jobs}{times}) in {work} …", file=sys.stderr, flush=True)
            fulls.append(full_build(size, args.jobs, work, args.per_volume, args.repeat))
        results = []
        for size, full in zip(sizes, fulls):
            print(f"rebuilding {size} documents: no change, one edit, no change …", file=sys.stderr, flush=True)
            results.append(rebuilds(size, args.jobs, work, *full))
        print(table(results, speed, create_us, work, loop_s))
        if args.search:
            from .search import search_figures, search_lines
            for size, full in zip(sizes, fulls):
                print(f"searching the edition of {size} documents …", file=sys.stderr, flush=True)
                print("\n".join(search_lines(size, *search_figures(size, full[0], args.jobs, work))), flush=True)
        profile = None
        if args.profile:
            print(f"profiling a serial build of {min(sizes)} documents …", file=sys.stderr, flush=True)
            profile = profile_build(min(sizes), work, args.per_volume, args.profile)
            print(profile)
        if args.json:
            args.json.write_text(json.dumps({"results": [asdict(r) for r in results], "targets": TARGETS,
                                             "cpus": os.cpu_count(), "parallel_speed": speed, "loop_s": loop_s,
                                             "create_file_us": create_us,
                                             "python": sys.version.split()[0]}, indent=1), encoding="utf-8")
    finally:
        if cleanup is not None:
            cleanup.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
