"""Finding 4, the full disk: a build that runs out of space stops with one
clear line (status 1), removes its staging folder (which would go on taking
the space) and leaves the previous output as it was."""
from __future__ import annotations

import builtins
import errno

import pytest

import pipeline.files
from robust_support import PROJECT, stray_files
from test_atomic_builds import snapshot


def fill_after(monkeypatch, files: int) -> None:
    """Every file the build writes (``files.write_new``) after the first
    ``files`` fails as on a full disk, when its bytes are written."""
    opened = 0

    class Full:
        def __init__(self, f):
            self.f = f

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.f.close()

        def write(self, data):
            raise OSError(errno.ENOSPC, "No space left on device")

    def full_open(fd, mode="r", *args, **kwargs):
        nonlocal opened
        f = builtins.open(fd, mode, *args, **kwargs)
        opened += 1
        return Full(f) if opened > files else f
    monkeypatch.setattr(pipeline.files, "open", full_open, raising=False)


@pytest.mark.parametrize("files", [0, 5, 60])
def test_a_full_disk_stops_the_build_cleanly_and_keeps_the_previous_output(tmp_path, edition, monkeypatch, files):
    src, out = PROJECT / "seeds", tmp_path / "out"
    assert edition("build", src, "--out", out, "--jobs", 1, "--no-search").status == 0
    before = snapshot(out)
    fill_after(monkeypatch, files)
    full = edition("build", src, "--out", out, "--jobs", 1, "--no-search", "--full")
    assert full.status == 1
    lines = full.err.strip().splitlines()
    assert lines[-1].endswith(": error: no space left on device"), full.err[-2000:]
    assert "Traceback" not in full.err
    assert snapshot(out) == before
    assert stray_files(tmp_path) == [] and sorted(p.name for p in tmp_path.iterdir()) == ["out"]
    monkeypatch.undo()
    assert edition("build", src, "--out", out, "--jobs", 1, "--no-search").status == 0
