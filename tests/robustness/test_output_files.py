"""How a build writes its files, and what it leaves of the process it ran in.

``files.write_new`` gives a name a new file: a hard link the previous build
shares keeps its bytes (the previous output must stay as it was until the
swap). ``build`` tunes Python's cyclic collector while it runs and puts the
caller's setting back, whether the build succeeds or not.
"""
from __future__ import annotations

import gc
import os
from pathlib import Path

import pytest

import pipeline.build
from pipeline.build import build
from pipeline.files import link_new, write_new
from robust_support import write_volume

SEED = Path(__file__).resolve().parents[2] / "seeds"


def test_write_new_replaces_a_shared_link_and_leaves_the_other_name_alone(tmp_path):
    old = tmp_path / "previous" / "d1.xml"
    old.parent.mkdir()
    old.write_bytes(b"previous build")
    new = tmp_path / "staging" / "d1.xml"
    new.parent.mkdir()
    os.link(old, new)
    write_new(new, b"this build")
    assert new.read_bytes() == b"this build"
    assert old.read_bytes() == b"previous build"
    assert os.stat(old).st_nlink == 1


def test_write_new_makes_the_folders_it_needs(tmp_path):
    target = tmp_path / "site" / "vol" / "d2.html"
    write_new(target, b"<p>page</p>\n")
    assert target.read_bytes() == b"<p>page</p>\n"


def test_a_build_puts_the_collector_setting_back(tmp_path, monkeypatch):
    before = gc.get_threshold()
    gc.set_threshold(321, 9, 8)
    try:
        assert build(SEED, tmp_path / "out", echo=lambda *a: None, jobs=1, search=False) == 0
        assert gc.get_threshold() == (321, 9, 8)

        def fail(b):
            assert gc.get_threshold() != (321, 9, 8)  # tuned while the build runs
            raise RuntimeError("stopped")
        monkeypatch.setattr(pipeline.build, "prepare", fail)  # a step inside the tuned part
        src = write_volume(tmp_path / "texts", {"d1.txt": "1. A heading\n\nA paragraph.\n"})
        with pytest.raises(RuntimeError):
            build(src, tmp_path / "out2", echo=lambda *a: None, jobs=1, search=False)
        assert gc.get_threshold() == (321, 9, 8)
    finally:
        gc.set_threshold(*before)


def test_a_page_folder_gets_its_tei_as_a_hard_link_made_or_replaced(tmp_path):
    src = tmp_path / "tei" / "d1.xml"
    src.parent.mkdir()
    src.write_bytes(b"<TEI/>")
    dst = tmp_path / "site" / "v" / "d1.xml"
    link_new(src, dst)  # the folder is made when missing
    assert dst.stat().st_ino == src.stat().st_ino
    other = tmp_path / "other.xml"
    other.write_bytes(b"old")
    os.link(other, tmp_path / "site" / "v" / "d2.xml")
    link_new(src, tmp_path / "site" / "v" / "d2.xml")  # a name already there is replaced, not written through
    assert (tmp_path / "site" / "v" / "d2.xml").stat().st_ino == src.stat().st_ino
    assert other.read_bytes() == b"old"
