"""Cost of encoding one document, per stage, over real texts (``python tools/bench/stages.py``).

Encodes every document of the given volume folders (default: ``seeds/``) as
the build does (the volume's ``volume.toml`` and front matter loaded once),
after one warm-up round, and prints per document:

- CPU milliseconds of the whole encoder, of its annotate stage and of its
  validity check (``writer.keep_valid``, where the code has one), the least
  over ``--rounds`` rounds (a busy machine only ever adds time);
- with ``--callgrind``: instructions of the whole encoder, counted by
  valgrind's callgrind, which a busy machine does not disturb. Two runs, of
  one and of two rounds, are subtracted, so that start-up, imports and the
  warm-up round cancel out.

``--code DIR`` measures another checkout of the project (a ``git archive``
of an older commit, say) with this same script, so that two commits are
measured in the same way. A measurement, not a test.
"""
from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2]


def _volumes(folders: list[Path]) -> list[tuple[Path, list[Path]]]:
    """(volume folder, its document texts in the build's order) for each folder that holds texts."""
    out = []
    for folder in folders:
        for vol in sorted({p.parent for p in folder.rglob("*.txt")}):
            docs = [p for p in vol.glob("*.txt") if p.name not in ("persons.txt", "terms.txt")]
            key = [(int(m.group(1)) if (m := re.fullmatch(r"d?(\d+)", p.stem)) else 10**9, p.name) for p in docs]
            if docs:
                out.append((vol, [p for _, p in sorted(zip(key, docs))]))
    return out


def measure(folders: list[Path], rounds: int, stages: bool = True) -> tuple[int, dict[str, float]]:
    """Encode every document ``rounds`` times after a warm-up; return (documents, least CPU seconds per
    stage). ``stages``: time annotate and keep_valid too (which costs a clock reading around each)."""
    from pipeline import annotate, writer
    from pipeline.report import Reporter
    try:
        from pipeline.encode import encode_document
        from pipeline.sources import load_meta
    except ImportError:  # older layouts kept both in pipeline.build
        from pipeline.build import encode_document, load_meta
    spent: dict[str, float] = {}

    def timed(stage, fn):
        def wrapper(*args, **kwargs):
            start = time.process_time()
            try:
                return fn(*args, **kwargs)
            finally:
                spent[stage] = spent.get(stage, 0.0) + time.process_time() - start
        return wrapper

    if stages:
        annotate.annotate = timed("annotate", annotate.annotate)
        if hasattr(writer, "keep_valid"):
            writer.keep_valid = timed("keep_valid", writer.keep_valid)
    work = []
    for vol, docs in _volumes(folders):
        meta = load_meta(vol)
        front = annotate.load_frontmatter(vol, Reporter(str(vol)))
        work += [(path, meta, position, front) for position, path in enumerate(docs, 1)]
    best: dict[str, float] = {}
    for round_ in range(rounds + 1):
        spent.clear()
        start = time.process_time()
        for path, meta, position, front in work:
            encode_document(path, meta, position, front)
        spent["encode"] = time.process_time() - start
        if round_:  # round 0 warms up (compiled patterns, loaded schemas)
            best = {k: min(v, best.get(k, v)) for k, v in spent.items()}
    return len(work), best


def instructions(code: Path, folders: list[Path], rounds: int) -> int:
    """Instructions callgrind counts for this script doing ``rounds`` rounds."""
    cmd = ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", sys.executable, __file__,
           "--code", str(code), "--rounds", str(rounds), "--quiet", *map(str, folders)]
    # one hash seed: set and dict orders, and so the work, the same in every run
    env = dict(os.environ, PYTHONHASHSEED="0")
    err = subprocess.run(cmd, capture_output=True, text=True, check=True, env=env).stderr
    return int(re.search(r"Collected\s*:\s*(\d+)", err).group(1))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("folders", nargs="*", type=Path, help="volume folders or folders of them (default: seeds)")
    ap.add_argument("--code", type=Path, default=PROJECT, help="the checkout to measure (default: this one)")
    ap.add_argument("--rounds", type=int, default=5, help="timed rounds; the least is shown (default 5)")
    ap.add_argument("--callgrind", action="store_true", help="count instructions per document instead")
    ap.add_argument("--quiet", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    code = args.code.resolve()
    folders = [f.resolve() for f in args.folders] or [code / "seeds"]
    if not _volumes(folders):
        ap.error("no texts (*.txt) in the folders given")
    if args.callgrind:
        docs = sum(len(d) for _, d in _volumes(folders))
        one, two = (instructions(code, folders, r) for r in (1, 2))
        print(f"{code}: {docs} documents, {(two - one) / docs / 1e6:.2f} M instructions per document (encode)")
        return 0
    sys.path.insert(0, str(code))
    docs, best = measure(folders, args.rounds, stages=not args.quiet)
    if not args.quiet:
        shown = ", ".join(f"{stage} {1000 * s / docs:.2f}" for stage, s in sorted(best.items()))
        print(f"{code}: {docs} documents, CPU ms per document: {shown}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
