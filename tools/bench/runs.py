"""The builds the benchmark runs and what it reads of them: ``edition build``
in a subprocess (its wall and CPU time, peak memory, report and rewritten
files), the clean builds and rebuilds of a size, the machine's speed and a
file's cost on its disk, and a profiled serial build."""
from __future__ import annotations

import json
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from .corpus import PROJECT, edit_one, make_corpus
from .sampler import TreeSampler


CLOSING = re.compile(r"(?m)^(\d+) documents?: (\d+) encoded, (\d+) reused, (\d+) failed")


@dataclass
class Run:
    wall: float
    status: int
    peak_mb: float | None  # RSS, summed over the process tree
    peak_pss_mb: float | None
    peak_parts_mb: dict
    timings: dict
    counts: dict
    rewritten: dict = field(default_factory=dict)  # files written anew (new inode), by kind
    crashed: bool = False  # ended without its closing line (or with no report)
    cpu_s: float = 0.0  # user and system time of the whole process tree


def _inodes(out: Path) -> dict[str, int]:
    """Each file under ``out`` (by relative path) and its inode, as the
    listings give it: no file is stat'ed (at 300,000 documents the output
    holds some 1.5 million files)."""
    found: dict[str, int] = {}
    if not out.exists():
        return found
    skip = len(str(out)) + 1
    folders = [str(out)]
    while folders:
        with os.scandir(folders.pop()) as entries:
            for e in entries:
                if e.is_dir(follow_symlinks=False):
                    folders.append(e.path)
                elif e.is_file(follow_symlinks=False):
                    found[e.path[skip:]] = e.inode()
    return found


def _kind(rel: str) -> str:
    if rel.startswith("site/") and "/pagefind/" in rel:
        return "search"
    if rel.startswith("site/") and rel.endswith(".html"):
        return "pages"
    if rel.startswith(("tei/", "volumes/")):
        return "tei"
    return "other"


def _rewritten(before: dict[str, int], after: dict[str, int]) -> dict[str, int]:
    """Files an incremental build wrote anew: unchanged ones keep their inode (hard links)."""
    counts = {"pages": 0, "tei": 0, "search": 0, "other": 0}
    for rel, ino in after.items():
        if before.get(rel) != ino:
            counts[_kind(rel)] += 1
    return counts


def run_build(src: Path, out: Path, jobs: int, log: Path, extra: tuple[str, ...] = ()) -> Run:
    """``edition build`` in a subprocess, with this checkout's code on its path."""
    before = _inodes(out)
    report_path = out / "report.json"
    old_report = report_path.stat().st_ino if report_path.exists() else None
    env = dict(os.environ, PYTHONPATH=str(PROJECT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    cmd = [sys.executable, "-m", "pipeline.cli", "build", str(src), "--out", str(out), "--jobs", str(jobs), *extra]
    if hasattr(os, "sync"):
        os.sync()  # what earlier builds left to write must not slow this one down
    t0 = time.perf_counter()
    cpu0 = _children_cpu()
    start = log.stat().st_size if log.exists() else 0
    with open(log, "ab") as err:
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err, env=env, cwd=PROJECT)
        with TreeSampler(proc.pid) as sampler:
            status = proc.wait()
    wall = time.perf_counter() - t0
    cpu = _children_cpu() - cpu0
    # every build that finishes closes with its counts; one that changed
    # something also writes its report anew (through a new file), with its
    # timings, while one that changed nothing leaves the previous report
    with open(log, "rb") as f:
        f.seek(start)
        closing = CLOSING.findall(f.read().decode("utf-8", "replace"))
    crashed = not closing or not report_path.exists()
    written = not crashed and report_path.stat().st_ino != old_report
    report = json.loads(report_path.read_text(encoding="utf-8")) if written else {}
    counts = dict(zip(("documents", "encoded", "reused", "failed"), map(int, closing[-1]))) if closing else {}
    rewritten = _rewritten(before, _inodes(out))
    peak = sampler.peak / 2**20 if sampler.available else None
    peak_pss = sampler.peak_pss / 2**20 if sampler.available else None
    parts = {k: round(v / 2**20) for k, v in sorted(sampler.parts.items())}
    return Run(wall, status, peak, peak_pss, parts, report.get("timings", {}), counts, rewritten, crashed, cpu)


def _children_cpu() -> float:
    """User and system seconds of the finished child processes and of the
    processes they waited for (the build's workers and Pagefind)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


_LOOP = "n = 0\nfor i in range(12_000_000):\n    n += i % 7\n"


def _loop_wall(n: int) -> float:
    """Seconds for ``n`` processes, at once, each to run the loop."""
    t0 = time.perf_counter()
    procs = [subprocess.Popen([sys.executable, "-c", _LOOP]) for _ in range(n)]
    for proc in procs:
        proc.wait()
    return time.perf_counter() - t0


def machine_speed(jobs: int, rounds: int = 3) -> tuple[float, float | None]:
    """The machine's speed as the builds found it: the seconds one process
    takes for a fixed amount of pure-Python work (a shared host's speed
    changes from hour to hour; a loop this small feels only part of it), and how
    much faster ``jobs`` processes get through it than one (``jobs`` would be
    perfect; cores that share their execution units, as virtual machines'
    often do, give less; None for one job). Medians of ``rounds`` runs of one
    process alone, then ``jobs`` at once."""
    one, ratios = [], []
    for _ in range(rounds):
        one.append(_loop_wall(1))
        if jobs > 1:
            ratios.append(jobs * one[-1] / _loop_wall(jobs))
    return sorted(one)[rounds // 2], sorted(ratios)[rounds // 2] if ratios else None


def create_cost(folder: Path, n: int = 400) -> float:
    """Microseconds to create one empty file in ``folder`` (the mean of ``n``;
    they are removed after). A build creates two files a document (and a
    link), and on ext4 what that costs depends on how many files were lately
    deleted near the folder (see ``main``)."""
    probe = Path(tempfile.mkdtemp(prefix=".create-cost-", dir=folder))
    try:
        t0 = time.perf_counter()
        for i in range(n):
            os.close(os.open(probe / str(i), os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
        return (time.perf_counter() - t0) / n * 1e6
    finally:
        shutil.rmtree(probe)


@dataclass
class Result:
    size: int
    jobs: int
    volumes: int
    generate_s: float
    full: Run
    noop: Run
    edit: Run
    noop_after_edit: Run
    docs_per_s: float = 0.0  # end to end without the search index
    docs_per_s_with_search: float = 0.0
    search_s: float = 0.0
    clean: list = field(default_factory=list)  # every clean build: (wall s, without search s, peak PSS MB)
    notes: list[str] = field(default_factory=list)


def _paths(work: Path, size: int) -> tuple[Path, Path, Path]:
    """A size's corpus, output and build log."""
    return work / f"corpus-{size}", work / f"out-{size}", work / f"build-{size}.log"


def full_build(size: int, jobs: int, work: Path, per_volume: int, repeat: int = 1) -> tuple:
    """A size's corpus and its clean builds: (corpus folders, seconds to generate,
    the runs). Each repeat builds into a folder of its own, kept to the end:
    deleting one build would slow the next one's new files (see ``main``)."""
    src, out, log = _paths(work, size)
    for p in (src, out):
        if p.exists():
            shutil.rmtree(p)
    t0 = time.perf_counter()
    folders = make_corpus(src, size, per_volume=per_volume)
    generated = time.perf_counter() - t0
    outs = [out] + [out.with_name(f"{out.name}-{r}") for r in range(2, repeat + 1)]
    return folders, generated, [run_build(src, o, jobs, log, ("--full",)) for o in outs]


def search_and_review(timings: dict) -> float:
    """The seconds of the search index and the review pages, which a build makes at the same time."""
    return max(float(timings.get("search", 0.0)), float(timings.get("review", 0.0)))


def _end_to_end(run: Run) -> float:
    """A build's wall time without its search indexing (without it, the
    review pages would take their own time)."""
    return run.wall - search_and_review(run.timings) + float(run.timings.get("review", 0.0))


def median_run(runs: list[Run]) -> Run:
    """The run whose time without search is the median (the slower middle one of an even count)."""
    return sorted(runs, key=_end_to_end)[len(runs) // 2]


def rebuilds(size: int, jobs: int, work: Path, folders: list[Path], generated: float, fulls: list[Run]) -> Result:
    """The no-op, one-edit and second no-op rebuilds after a size's clean builds
    (of the first). The clean build's figures are those of the median run."""
    src, out, log = _paths(work, size)
    noop = run_build(src, out, jobs, log)
    edit_one(folders[len(folders) // 2])
    edit = run_build(src, out, jobs, log)
    again = run_build(src, out, jobs, log)  # nothing changed since the edit: nothing should be redone
    full = median_run(fulls)
    search = float(full.timings.get("search", 0.0))
    res = Result(size, jobs, len(folders), generated, full, noop, edit, again, search_s=search,
                 clean=[(round(r.wall, 2), round(_end_to_end(r), 2), r.peak_pss_mb) for r in fulls])
    res.docs_per_s = size / max(_end_to_end(full), 1e-9)
    res.docs_per_s_with_search = size / max(full.wall, 1e-9)
    for name, run in [("full", r) for r in fulls] + [("no-op", noop), ("edit", edit), ("no-op after the edit", again)]:
        if run.crashed:
            res.notes.append(f"the {name} build crashed (exit status {run.status}, no closing line or report); "
                             f"see {log}")
        elif run.status not in (0, 1):
            res.notes.append(f"the {name} build exited {run.status}; see {log}")
        elif run.counts.get("failed"):
            res.notes.append(f"the {name} build: {run.counts['failed']} documents failed; see {log}")
    return res


# ----------------------------------------------------------------- profile
def profile_build(size: int, work: Path, per_volume: int, top: int) -> str:
    """One serial in-process build under cProfile: the hot functions, by own time."""
    import cProfile
    import io
    import pstats

    from pipeline.build import build

    src, out = work / f"profile-corpus-{size}", work / f"profile-out-{size}"
    for p in (src, out):
        if p.exists():
            shutil.rmtree(p)
    make_corpus(src, size, per_volume=per_volume)
    prof = cProfile.Profile()
    prof.enable()
    build(src, out, echo=lambda line: None, jobs=1, incremental=False)
    prof.disable()
    prof.dump_stats(str(work / f"profile-{size}.prof"))
    buf = io.StringIO()
    stats = pstats.Stats(prof, stream=buf)
    stats.sort_stats("tottime").print_stats(top)
    buf.write("\n")
    stats.sort_stats("cumulative").print_stats(top)
    return buf.getvalue()


