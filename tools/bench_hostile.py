"""Scaling of the encoder on texts made to be expensive (``make bench-hostile``).

Each case is one generated text of N units, encoded (and validated, as the
build does) by ``edition encode`` in a subprocess of its own; the figures are
its wall time and its peak resident memory (from ``wait4``). The cases:

- ``pages-own-line``: a paragraph, then N ``[Page k]`` each on a line of its
  own (page breaks between blocks; the RelaxNG content model);
- ``footnotes``: N paragraphs each with a note marker, and the N notes
  (the placement search of ``resolve``);
- ``pages-inline``: N ``[Page k]`` markers inside one paragraph (the
  writer's handling of mixed content).

Linear cost shows as seconds and megabytes per unit that stay level as N
grows. This is a measurement, not a test: the targets (8,000 own-line pages
and 12,000 notes each under 30 s and 1 GB) are printed beside the figures.
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
HEAD = "Telegram\n\nThe Ambassador in Brazil (Caffery) to the Secretary of State\n\nRio de Janeiro, November 26, 1941.\n\n"
SENTENCE = "The operation of the list was reviewed at meetings last week by my staff"


def pages_own_line(n: int) -> str:
    # one run of markers, as a pasted stretch of blank pages gives
    return HEAD + f"{SENTENCE}.\n\n" + "".join(f"[Page {k}]\n\n" for k in range(1, n + 1)) + "Caffery\n"


def footnotes(n: int) -> str:
    body = "".join(f"{SENTENCE}.{k} The rest.\n\n" for k in range(1, n + 1))
    notes = "".join(f"  {k}. Not printed.\n" for k in range(1, n + 1))
    return HEAD + body + "Caffery\n\n" + notes


def pages_inline(n: int) -> str:
    # all in one paragraph: the writer appends to one element throughout
    return HEAD + " ".join(f"{SENTENCE} [Page {k}] and on." for k in range(1, n + 1)) + "\n\nCaffery\n"


CASES = {"pages-own-line": (pages_own_line, [1000, 2000, 4000, 8000]),
         "footnotes": (footnotes, [1000, 3000, 6000, 12000]),
         "pages-inline": (pages_inline, [5000, 10000, 20000])}


def run(text: str, folder: Path, timeout: float) -> tuple[float | None, float | None, float, int]:
    """Encode ``text``; return (seconds, CPU seconds (both None past the timeout), peak MB, status)."""
    src = folder / "d1.txt"
    src.write_text(text, encoding="utf-8")
    cmd = [sys.executable, "-m", "pipeline.cli", "encode", str(src), "-o", str(folder / "d1.xml")]
    env = dict(os.environ, PYTHONPATH=str(PROJECT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    start = time.monotonic()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    while True:  # wait4 gives this child's own peak memory, not the maximum over all children
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        if time.monotonic() - start > timeout:
            proc.kill()
            pid, status, usage = os.wait4(proc.pid, 0)
            return None, None, usage.ru_maxrss / 1024, -9
        time.sleep(0.05)
    # CPU time beside the wall time: on a shared host the wall time also counts the others' work
    return (time.monotonic() - start, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024,
            os.waitstatus_to_exitcode(status))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--cases", default=",".join(CASES), help="which cases (default all)")
    ap.add_argument("--sizes", help="sizes for every chosen case, e.g. 1000,2000 (default: each case's own)")
    ap.add_argument("--timeout", type=float, default=300, help="seconds before a run is stopped (default 300)")
    args = ap.parse_args(argv)
    print(f"{'case':<16}{'size':>7}{'seconds':>10}{'CPU s':>8}{'peak MB':>10}{'CPU ms/unit':>12}  status")
    with tempfile.TemporaryDirectory(prefix="bench-hostile-") as tmp:
        for name in args.cases.split(","):
            make, sizes = CASES[name]
            for n in ([int(s) for s in args.sizes.split(",")] if args.sizes else sizes):
                seconds, cpu, peak, status = run(make(n), Path(tmp), args.timeout)
                shown = f"{seconds:10.2f}{cpu:8.2f}{peak:10.0f}{1000 * cpu / n:12.3f}" if seconds is not None \
                    else f"{'>' + str(int(args.timeout)):>10}{'':>8}{peak:10.0f}{'':>12}"
                print(f"{name:<16}{n:>7}{shown}  {status}", flush=True)
    print("targets: 8000 own-line pages and 12000 notes each under 30 s and 1000 MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
