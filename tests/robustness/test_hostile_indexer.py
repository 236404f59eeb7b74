"""Finding 6: a build killed while Pagefind indexes leaves no indexer behind
(it would go on writing into the abandoned staging folder), and the next
build succeeds with nothing stray next to or inside OUT."""
from __future__ import annotations

import os
import signal
import sys
import time
from pathlib import Path

import pytest

from robust_support import PROJECT, run_edition, stray_files
from test_atomic_builds import start_build, wait_for

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")


def indexers(staging: Path, binary: bool = False) -> list[int]:
    """The live processes whose command line names a folder in ``staging``
    (the indexer is a Python process until it execs Pagefind's binary; with
    ``binary``, only those that have)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            args = (entry / "cmdline").read_bytes().split(b"\0")  # a zombie's is empty
        except OSError:
            continue
        if any(a.startswith(os.fsencode(staging)) for a in args) and b"--site" in args \
                and not (binary and b"-c" in args):
            found.append(int(entry.name))
    return found


def test_a_build_killed_while_indexing_leaves_no_indexer_and_the_next_build_succeeds(tmp_path):
    src, out = PROJECT / "seeds", tmp_path / "out"
    staging = tmp_path / ".out.staging"
    proc = start_build(src, out, "--jobs", 1)
    try:
        wait_for(staging, proc)
        end = time.monotonic() + 120
        while not (running := indexers(staging, binary=True)):
            assert proc.poll() is None, f"the build ended before its indexer was seen: {proc.printed()}"
            assert time.monotonic() < end, "no indexer seen"
            time.sleep(0.002)
        # stopped, so that it cannot end by finishing its work: only the build's death can end it
        for pid in running:
            os.kill(pid, signal.SIGSTOP)
        # the build alone is killed (as by the OOM killer), not its process group
        os.kill(proc.pid, signal.SIGKILL)
        assert proc.wait(timeout=30) == -signal.SIGKILL
        end = time.monotonic() + 10
        while indexers(staging) and time.monotonic() < end:
            time.sleep(0.05)
        assert indexers(staging) == [], f"indexers {running} outlived the build"
    finally:
        for pid in indexers(staging):  # whatever is left, so that a failure leaves nothing running
            os.kill(pid, signal.SIGKILL)
        if proc.poll() is None:
            proc.kill()
        proc.wait()
        proc.log.close()

    after = run_edition("build", src, "--out", out, "--jobs", 1)
    assert after.status == 0, after.err[-3000:]
    assert not (out / out.name).exists() and stray_files(tmp_path) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]
    assert list((out / "site").glob("*/pagefind/pagefind-entry.json"))
