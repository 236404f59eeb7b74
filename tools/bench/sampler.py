"""Peak memory of a build's process tree, sampled from /proc."""
from __future__ import annotations

import os
import re
import threading
from pathlib import Path


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
