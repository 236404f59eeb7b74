"""Finding 8 (and the usage parts of 4 and 5): the command line refuses what
would replace a device, leave a temporary file, or start a process per job asked."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from pipeline import cli
from pipeline.files import write_atomic
from robust_support import PROJECT

TEXT = PROJECT / "seeds" / "frus1941v06" / "d333.txt"


def test_encode_output_must_be_a_regular_file(edition, tmp_path):
    assert edition("encode", TEXT, "-o", tmp_path).status == 2  # a folder
    assert sorted(tmp_path.iterdir()) == []  # and no temporary file left in it
    link = tmp_path / "null.xml"
    link.symlink_to("/dev/null")
    outcome = edition("encode", TEXT, "-o", link)
    assert outcome.status == 2 and "not a regular file" in outcome.err
    assert link.is_symlink() and Path("/dev/null").is_char_device()
    assert edition("encode", TEXT, "-o", tmp_path / "missing" / "d.xml").status == 2


def test_encode_writes_atomically_without_leftovers(edition, tmp_path):
    assert edition("encode", TEXT, "-o", tmp_path / "d333.xml").status == 0
    assert [p.name for p in tmp_path.iterdir()] == ["d333.xml"]


def test_write_atomic_removes_its_temporary_file_on_failure(tmp_path, monkeypatch):
    def full(*args):
        raise OSError(28, "No space left on device")
    monkeypatch.setattr(os, "replace", full)
    with pytest.raises(OSError):
        write_atomic(tmp_path / "a.xml", b"<a/>")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("codec", ["rot13", "zlib", "base64", "hex"])
def test_encoding_must_be_a_text_encoding(edition, codec, tmp_path):
    outcome = edition("encode", TEXT, "--encoding", codec)
    assert outcome.status == 2 and "not a text encoding" in outcome.err
    assert edition("build", TEXT.parent, "--out", tmp_path / "out", "--encoding", codec).status == 2


def test_jobs_capped_at_the_cores(monkeypatch):
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    assert cli._jobs("1000") == 2 and cli._jobs("1") == 1
    for bad in ("0", "-3", "many"):
        with pytest.raises(Exception):
            cli._jobs(bad)


def test_out_naming_a_file_is_a_usage_error(edition, tmp_path):
    (tmp_path / "file").write_text("keep", encoding="utf-8")
    for out in (tmp_path / "file", tmp_path / "file" / "under"):
        outcome = edition("build", TEXT.parent, "--out", out)
        assert outcome.status == 2 and "not a folder" in outcome.err
    assert (tmp_path / "file").read_text(encoding="utf-8") == "keep"
