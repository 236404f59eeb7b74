"""Long fuzz run of the reader, the footnote resolver and the encoder.

    python tests/fuzz/fuzz_encoder.py --seconds 600 [--engine auto|atheris|hypothesis] [--artifacts DIR] [--keep-going]

With atheris installed (``pip install atheris``; coverage-guided, libFuzzer) it
drives one input through the three targets; otherwise Hypothesis generates
inputs from the grammar pieces in ``fuzz_targets.py`` with a fresh seed per
round until the time is up. A crash, a broken invariant or an input taking more
than a second stops the run, writes the input under ``--artifacts`` and exits 1.
"""
from __future__ import annotations

import argparse
import hashlib
import os
import sys
import tempfile
import time
import traceback
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent.parent))  # this checkout's pipeline, whichever folder this is run from


def save(artifacts: Path, name: str, data: bytes) -> Path:
    artifacts.mkdir(parents=True, exist_ok=True)
    path = artifacts / f"{name}-{hashlib.sha256(data).hexdigest()[:16]}"
    path.write_bytes(data)
    return path


def run_one(ft, data: bytes) -> None:
    """One input through every target."""
    ft.reader_target(data)
    ft.encoder_target(data)
    ft.resolver_target(data.decode("utf-8", "replace"))


def with_atheris(seconds: int, artifacts: Path, extra: list[str]) -> int:
    import atheris

    with atheris.instrument_imports(include=["pipeline", "fuzz_targets"]):
        import fuzz_targets as ft
        import pipeline.encode  # noqa: F401  (instrumented with the rest of the package)

    def one_input(data: bytes) -> None:
        run_one(ft, data)

    # libFuzzer adds what it finds to its first corpus folder: a working copy, not the seeds
    corpus = artifacts / "corpus"
    corpus.mkdir(parents=True, exist_ok=True)
    for text in sorted((HERE.parent.parent / "seeds").glob("*/*.txt")):
        (corpus / f"seed-{text.parent.name}-{text.name}").write_bytes(text.read_bytes())
    argv = [sys.argv[0], f"-max_total_time={seconds}", "-timeout=30", f"-artifact_prefix={artifacts}/",
            "-print_final_stats=1", *extra, str(corpus)]
    atheris.Setup(argv, one_input)
    atheris.Fuzz()  # exits the process itself when a target fails
    return 0


def with_hypothesis(seconds: int, artifacts: Path, keep_going: bool = False) -> int:
    from hypothesis import HealthCheck, given, seed, settings
    from hypothesis import strategies as st

    import fuzz_targets as ft

    inputs = st.one_of(ft.byte_strings(200), ft.documents(40).map(lambda t: t.encode("utf-8")),
                       ft.texts(200).map(lambda t: t.encode("utf-8")))
    failure: list[bytes] = []

    def target(data: bytes) -> None:
        try:
            run_one(ft, data)
        except BaseException:
            failure[:] = [data]
            raise

    def place(args) -> None:
        ft.place_target(*args)

    deadline = time.monotonic() + seconds
    rounds = examples = failures = 0
    start = int.from_bytes(os.urandom(4), "big")
    while time.monotonic() < deadline:
        for fn, strategy in ((target, inputs), (place, ft.placements())):
            test = seed(start + rounds)(settings(max_examples=200, deadline=None, database=None,
                                                 suppress_health_check=list(HealthCheck))(given(strategy)(fn)))
            failure.clear()
            try:
                test()
            except Exception:
                traceback.print_exc()
                if failure:
                    print(f"input saved to {save(artifacts, 'crash', failure[0])}", file=sys.stderr)
                print(f"failed in round {rounds} (seed {start + rounds})", file=sys.stderr)
                failures += 1
                if not keep_going:
                    return 1
            examples += 200
        rounds += 1
    print(f"{failures or 'no'} failures in {rounds} rounds, about {examples} inputs, {seconds} s "
          f"(hypothesis; seeds from {start})")
    return 1 if failures else 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seconds", type=int, default=60, help="how long to fuzz (default 60)")
    ap.add_argument("--engine", choices=["auto", "atheris", "hypothesis"], default="auto")
    # not under build/: a build replaces that folder whole
    ap.add_argument("--artifacts", type=Path, default=Path(tempfile.gettempdir()) / "edition-fuzz",
                    help="where failing inputs (and atheris's working corpus) go (default: $TMPDIR/edition-fuzz)")
    ap.add_argument("--keep-going", action="store_true",
                    help="(hypothesis) note a failure and go on to the next round; exit 1 at the end")
    args, extra = ap.parse_known_args(argv)
    engine = args.engine
    if engine == "auto":
        try:
            import atheris  # noqa: F401
            engine = "atheris"
        except ImportError:
            engine = "hypothesis"
    print(f"fuzzing for {args.seconds} s with {engine}; failing inputs go to {args.artifacts}", file=sys.stderr,
          flush=True)
    if engine == "atheris":
        return with_atheris(args.seconds, args.artifacts.resolve(), extra)
    return with_hypothesis(args.seconds, args.artifacts.resolve(), args.keep_going)


if __name__ == "__main__":
    sys.exit(main())
