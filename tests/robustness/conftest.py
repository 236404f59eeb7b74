"""Fixtures for the robustness tests (helpers are in robust_support.py)."""
from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.cli import main
from robust_support import Outcome


@pytest.fixture
def edition(capsys):
    """Run ``edition ARGS`` in this process; returns its status and what it printed."""
    def run(*argv) -> Outcome:
        capsys.readouterr()
        args = [str(a) for a in argv]
        status = main(args)
        err = capsys.readouterr().err
        out = Path(args[args.index("--out") + 1]) if "--out" in args else Path("build")
        return Outcome(status, err, out)
    return run
