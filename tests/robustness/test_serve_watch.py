"""``edition serve`` watches the sources from before its first build: a save
made while that build runs (or just after "serving" is printed) is rebuilt."""
from __future__ import annotations

import _thread
import threading

import pipeline.serve as serve_module


def test_a_save_during_the_first_build_is_rebuilt(tmp_path, monkeypatch):
    src = tmp_path / "src" / "vol"
    src.mkdir(parents=True)
    text = src / "d1.txt"
    text.write_text("1. Memorandum\n\nText.\n", encoding="utf-8")
    calls = []

    def fake_build(src_, out, echo=None, jobs=None):
        calls.append(out)
        (out / "site").mkdir(parents=True, exist_ok=True)
        if len(calls) == 1:  # the editor saves while the first build runs
            text.write_text("1. Memorandum\n\nText, edited.\n", encoding="utf-8")
            return 0
        raise KeyboardInterrupt  # the second build is the one the save asked for: stop there

    monkeypatch.setattr(serve_module, "build", fake_build)
    said = []
    guard = threading.Timer(15, _thread.interrupt_main)  # a missed save must fail the test, not hang it
    guard.start()
    try:
        status = serve_module.serve(tmp_path / "src", tmp_path / "out", port=0, echo=lambda line: None,
                                    say=said.append)
    finally:
        guard.cancel()
    assert status == 0
    assert len(calls) == 2
    assert said[-2:] == ["changed: d1.txt", "stopped"]
    assert said[0].startswith("serving")
