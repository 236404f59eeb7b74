"""Benchmark the build on a generated corpus (``python -m pipeline.bench``).

The corpus replicates the sample volumes in ``seeds/`` (each with its
``persons.txt``, ``terms.txt`` and ``volume.toml``) until it holds N
documents. Every copy gets a fresh document number (the printed heading
number and the file name are rewritten, so ids stay unique) and fresh,
ascending page numbers (``[Page N]`` is rewritten), and a volume holds at
most ``--per-volume`` documents, as a printed volume would; the rest go into
further copies of the volume with their own ids.

For each size the build runs as ``edition build`` in a subprocess, whose
process tree is sampled for memory. ``--repeat N`` runs each size's clean
build N times, each into a folder of its own: a shared machine's speed
varies from one minute to the next, so the run with the median time stands
for the size, and every run's time is printed. Once every size has had its
clean builds, each is built again with nothing changed, then after one
document was edited, then once more with nothing changed. The figures
printed: documents per second end to end, with and without the search
indexer (reported beside it), the stage times from ``report.json``, the CPU time and the peak memory of
the whole process tree (PSS, what it takes from the machine, and RSS, which
counts shared pages once in every process), and the two rebuild times with
the number of site files each one rewrote. Before the builds, a fixed
pure-Python loop run in one process and then in one per job shows how well
the machine's cores run side by side (virtual cores that share their
execution units give less than one core each), and empty files created in
the working folder show what a new file costs there: both tell a slow machine
or disk from slow code.

This is a measurement, not a test: the issue's targets are shown next to the
figures and never asserted.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
SEEDS = PROJECT / "seeds"
FRONT_MATTER = ("persons.txt", "terms.txt")
PAGE = re.compile(r"\[Page ([^\]\s]+)\]")
PAGE_ONLY = re.compile(r"^\s*\[Page [^\]\s]+\]\s*$")
PRINTED_NUMBER = re.compile(r"^\d+\.(?=\s)")
EDIT = "An added paragraph, so that this document must be built again."

TARGETS = {  # from issue 6, for comparison only
    "docs_per_second_10000": 500,
    "peak_mb_10000": 400,
    "noop_rebuild_s_10000": 3.0,
    "one_edit_rebuild_s_10000": 3.0,
}


# ------------------------------------------------------------------ corpus
@dataclass
class SeedVolume:
    name: str
    folder: Path
    texts: list[Path]


def seed_volumes(seeds: Path = SEEDS) -> list[SeedVolume]:
    out = []
    for folder in sorted(p for p in seeds.iterdir() if p.is_dir() and not p.name.startswith(".")):
        texts = sorted(p for p in folder.glob("*.txt") if p.name not in FRONT_MATTER)
        if texts:
            out.append(SeedVolume(folder.name, folder, texts))
    return out


def renumber(text: str, number: int) -> str:
    """Give the document a new printed number, if its heading prints one.

    The heading is the first block that is not a page marker or an older
    volume's decimal-file number line (``740.00112A European War, 1939/4125``)."""
    lines = text.split("\n")
    blocks_seen = 0
    in_block = False
    for i, line in enumerate(lines):
        if not line.strip():
            in_block = False
            continue
        if not in_block:
            in_block = True
            if PAGE_ONLY.match(line):
                continue
            blocks_seen += 1
            if PRINTED_NUMBER.match(line):
                lines[i] = PRINTED_NUMBER.sub(str(number) + ".", line, count=1)
                break
            if blocks_seen >= 2 or not _looks_like_file_number(line):
                break
    return "\n".join(lines)


def _looks_like_file_number(line: str) -> bool:
    return bool(re.match(r"^(?:FW\s)?\d{3}\.", line)) and "/" in line


def repaginate(text: str, counter: list[int]) -> str:
    """Rewrite every ``[Page N]`` with the volume's next page number."""
    def next_page(_m):
        counter[0] += 1
        return f"[Page {counter[0]}]"
    return PAGE.sub(next_page, text)


def _volume_toml(seed: SeedVolume, new_id: str, copy: int) -> str:
    path = seed.folder / "volume.toml"
    text = path.read_text(encoding="utf-8") if path.exists() else f'title = "{seed.name}"\n'
    if re.search(r'(?m)^id\s*=', text):
        text = re.sub(r'(?m)^id\s*=.*$', f'id = "{new_id}"', text, count=1)
    else:
        text = f'id = "{new_id}"\n' + text
    # a distinct title, so indexes and headers tell the copies apart
    return re.sub(r'(?m)^title\s*=\s*"(.*)"\s*$', lambda m: f'title = "{m.group(1)} (copy {copy})"', text, count=1)


def make_corpus(dest: Path, n: int, seeds: Path = SEEDS, per_volume: int = 500) -> list[Path]:
    """Write an ``n``-document corpus of volume folders under ``dest``; returns the folders.

    The seed documents are taken in turn (all volumes, all texts), so every
    size keeps the seeds' mix of recent and older volumes."""
    volumes = seed_volumes(seeds)
    if not volumes:
        raise SystemExit(f"{seeds}: no seed volumes")
    flat = [(v, t) for v in volumes for t in v.texts]
    cache = {t: t.read_text(encoding="utf-8") for _, t in flat}
    dest.mkdir(parents=True, exist_ok=True)
    state: dict[str, dict] = {}  # per seed volume: its current copy, documents and pages so far
    folders = []
    for k in range(n):
        seed, text_path = flat[k % len(flat)]
        st = state.setdefault(seed.name, {"copy": 0, "count": per_volume, "pages": [0], "folder": None})
        if st["count"] >= per_volume:
            st.update(copy=st["copy"] + 1, count=0, pages=[0])
            vid = f"{seed.name}-c{st['copy']:03d}"
            folder = dest / vid
            folder.mkdir()
            for name in FRONT_MATTER:
                if (seed.folder / name).exists():
                    shutil.copyfile(seed.folder / name, folder / name)
            (folder / "volume.toml").write_text(_volume_toml(seed, vid, st["copy"]), encoding="utf-8")
            st["folder"] = folder
            folders.append(folder)
        st["count"] += 1
        number = st["count"]
        text = repaginate(renumber(cache[text_path], number), st["pages"])
        (st["folder"] / f"d{number}.txt").write_text(text, encoding="utf-8")
    return folders


NOTE_LINE = re.compile(r"^  (\d+|[*†‡§]+|[a-z])\.(?: |$)")
NOTE_MORE = re.compile(r"^    \S")


def add_paragraph(path: Path, text: str = EDIT) -> None:
    """Add a paragraph at the end of a document's text, before its footnotes.

    At the end, so the heading, opener and lists keep their reading."""
    lines = path.read_text(encoding="utf-8").rstrip("\n").split("\n")
    at = len(lines)
    for i in range(len(lines) - 1, -1, -1):
        if NOTE_LINE.match(lines[i]):
            at = i
        elif lines[i].strip() and not NOTE_MORE.match(lines[i]):
            break
    if at < len(lines):
        lines[at:at] = [text, ""]
    else:
        lines += ["", text]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def edit_one(folder: Path) -> Path:
    """Edit the middle document of a volume."""
    texts = sorted((p for p in folder.glob("d*.txt")), key=lambda p: int(p.stem[1:]))
    target = texts[len(texts) // 2]
    add_paragraph(target)
    return target


# ----------------------------------------------------------------- running
class TreeSampler:
    """Peak memory of a process and all its descendants, sampled.

    Two sums: resident memory (RSS), which counts a page shared by several
    processes (the Saxon library all workers map, say) once in each, and the
    proportional set size (PSS), which shares it out among them: the sum of
    PSS is what the tree takes from the machine. Besides the peaks of the
    whole tree it keeps the RSS peak of each part: the build's own process, its
    worker processes, and any other program it runs (Pagefind).

    The sampler shares the build's cores, so it reads little: RSS every
    ``interval``, PSS (smaps_rollup, a walk of the page tables: about 2 ms for a
    process holding Saxon) every ``pss_every`` samples, and the list of
    processes (a read of every /proc/N/stat) every ``tree_every`` samples."""

    def __init__(self, pid: int, interval: float = 0.05, pss_every: int = 5, tree_every: int = 10):
        self.pid, self.interval, self.peak, self.peak_pss = pid, interval, 0, 0
        self.pss_every, self.tree_every = pss_every, tree_every
        self.parts: dict[str, int] = {}
        self.tree: list[int] = [pid]
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self.available = Path("/proc/self/status").exists()

    def __enter__(self):
        if self.available:
            self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join()

    def _run(self):
        count = 0
        while not self._stop.is_set():
            try:
                if count % self.tree_every == 0:
                    self.tree = self._descendants()
                parts, pss = self._sample(count % self.pss_every == 0)
            except OSError:  # the tree changes while it is read
                parts, pss = {}, 0
            count += 1
            self.peak = max(self.peak, sum(parts.values()))
            self.peak_pss = max(self.peak_pss, pss)
            for name, rss in parts.items():
                self.parts[name] = max(self.parts.get(name, 0), rss)
            self._stop.wait(self.interval)

    def _descendants(self) -> list[int]:
        children: dict[int, list[int]] = {}
        for entry in os.scandir("/proc"):
            if entry.name.isdigit():
                try:
                    stat = Path(entry.path, "stat").read_text()
                except OSError:
                    continue
                ppid = int(stat.rsplit(")", 1)[1].split()[1])
                children.setdefault(ppid, []).append(int(entry.name))
        tree, todo = [], [self.pid]
        while todo:
            pid = todo.pop()
            tree.append(pid)
            todo.extend(children.get(pid, []))
        return tree

    def _sample(self, with_pss: bool) -> tuple[dict[str, int], int]:
        """RSS of the tree by part, and (``with_pss``, else 0) the PSS of the whole tree, from /proc."""
        parts: dict[str, int] = {}
        pss = 0
        for pid in self.tree:
            try:
                status = Path(f"/proc/{pid}/status").read_text()
            except OSError:
                continue
            fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
            rss = int(fields.get("VmRSS", "0 kB").split()[0]) * 1024
            name = fields.get("Name", "").strip()
            part = "build" if pid == self.pid else "workers" if name.startswith("python") else name or "other"
            parts[part] = parts.get(part, 0) + rss
            if not with_pss:
                continue
            try:
                rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
                pss += int(re.search(r"^Pss:\s+(\d+)", rollup, re.M).group(1)) * 1024
            except (OSError, AttributeError):
                pss += rss  # no smaps_rollup (old kernels): count it whole
        return parts, pss


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
    crashed: bool = False  # ended without writing its report
    cpu_s: float = 0.0  # user and system time of the whole process tree


def _inodes(out: Path) -> dict[str, int]:
    if not out.exists():
        return {}
    return {p.relative_to(out).as_posix(): p.stat().st_ino for p in out.rglob("*") if p.is_file()}


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
    with open(log, "ab") as err:
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err, env=env, cwd=PROJECT)
        with TreeSampler(proc.pid) as sampler:
            status = proc.wait()
    wall = time.perf_counter() - t0
    cpu = _children_cpu() - cpu0
    # the report is written anew (through a new file) by every build that finishes
    crashed = not report_path.exists() or report_path.stat().st_ino == old_report
    report = {} if crashed else json.loads(report_path.read_text(encoding="utf-8"))
    rewritten = _rewritten(before, _inodes(out))
    peak = sampler.peak / 2**20 if sampler.available else None
    peak_pss = sampler.peak_pss / 2**20 if sampler.available else None
    parts = {k: round(v / 2**20) for k, v in sorted(sampler.parts.items())}
    return Run(wall, status, peak, peak_pss, parts, report.get("timings", {}), report.get("counts", {}), rewritten,
               crashed, cpu)


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


def _end_to_end(run: Run) -> float:
    """A build's wall time without its search indexing."""
    return run.wall - float(run.timings.get("search", 0.0))


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
            res.notes.append(f"the {name} build crashed (exit status {run.status}, no report written); see {log}")
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

    from .build import build

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


# ----------------------------------------------------------------- output
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
            out.append(f"  {name:6} " + "  ".join(f"{k} {v:.2f}" for k, v in t.items())
                       + ("   | summed over workers: " + "  ".join(f"{k} {v:.2f}" for k, v in summed.items())
                          if summed else ""))
        for name, run in (("no-op", r.noop), ("edit", r.edit), ("again", r.noop_after_edit)):
            files = ", ".join(f"{v} {k}" for k, v in run.rewritten.items())
            out.append(f"  {name} rebuild ({run.wall:.2f} s): encoded {run.counts.get('encoded')} documents; "
                       f"files written anew: {files}")
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
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m pipeline.bench", description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="1000,10000", help="corpus sizes, comma-separated (default 1000,10000)")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="worker processes (default: one per core)")
    ap.add_argument("--keep", type=Path, help="build in this folder and keep the corpora and outputs")
    ap.add_argument("--json", type=Path, help="also write the figures to this file")
    ap.add_argument("--per-volume", type=int, default=500, help="documents per generated volume (default 500)")
    ap.add_argument("--repeat", type=int, default=1, metavar="N",
                    help="clean builds per size; the median is shown, with every run (default 1)")
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
