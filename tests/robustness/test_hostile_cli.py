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


@pytest.mark.parametrize("pins", ['note = 5\n', 'note = "x"\n', '[note]\nnumber = 1\n', 'person = [1, 2]\n',
                                  'date = {text = "x"}\n'])
def test_pins_of_the_wrong_shape_name_the_pins_file(edition, tmp_path, pins):
    text = tmp_path / "d1.txt"
    text.write_text(TEXT.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "d1.pins.toml").write_text(pins, encoding="utf-8")
    outcome = edition("encode", text)
    assert outcome.status == 1
    assert "d1.pins.toml" in outcome.err and "[pins-invalid]" in outcome.err
    assert "internal" not in outcome.err and "Traceback" not in outcome.err


def test_a_person_of_unusual_letters_gives_a_well_formed_volume(tmp_path):
    """"Ⅰ" is a letter to Python but not a name character to libxml2."""
    from robust_support import run_edition
    import shutil
    vol = tmp_path / "vol"
    shutil.copytree(PROJECT / "seeds" / "frus1958-60v05", vol)
    with (vol / "persons.txt").open("a", encoding="utf-8") as f:
        f.write("  • Ⅰ, Ⅱ, an official\n  • Ⅿith, John, a clerk\n")
    outcome = run_edition("build", vol, "--out", tmp_path / "out", "--no-site")
    assert "not an NCName" not in outcome.err and "[internal]" not in outcome.err, outcome.err
    assert outcome.status == 0, outcome.err
    from lxml import etree
    volume = next((tmp_path / "out" / "volumes").glob("*.xml"))
    ids = etree.parse(str(volume)).xpath("//@xml:id")
    assert any(i.startswith("p_I") for i in ids)
