"""Finding 4, per volume: a bad volume.toml, a repeated id or a strange file
leaves that volume or document out with a message naming it; the others build,
and the next incremental build works too."""
from __future__ import annotations

import re
import shutil

import pytest

from robust_support import PROJECT, run_edition

SEED = PROJECT / "seeds" / "frus1941v06"


@pytest.fixture(scope="module")
def edition(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("volumes")
    src = tmp / "src"
    for name in ("a", "b", "typo", "long"):
        shutil.copytree(SEED, src / name)
    toml = src / "typo" / "volume.toml"
    text = re.sub(r'(?m)^volume-number = .*$', "volume-number = 6", toml.read_text(encoding="utf-8"))
    toml.write_text(text.replace('id = "frus1941v06"', 'id = "frus1941v07"'), encoding="utf-8")
    (src / "long" / "volume.toml").write_text(f'id = "{"v" * 300}"\n', encoding="utf-8")
    for name in ("a", "b"):  # b repeats a's id
        shutil.copy(SEED / "d333.txt", src / name / ("x" * 240 + ".txt"))
        (src / name / "persons.txt").write_text("List of Persons\n\n  • Adams, John\0, President\n",
                                                encoding="utf-8")
    locked = src / "a" / "d334.txt"
    locked.chmod(0)
    return src, tmp / "out", locked


def test_each_bad_volume_is_named_and_the_good_one_builds(edition):
    src, out, _ = edition
    outcome = run_edition("build", src, "--out", out, "--no-search", "--no-site")
    assert outcome.status == 1 and "Traceback" not in outcome.err and "[internal]" not in outcome.err, outcome.err
    err = outcome.err
    assert f"{src / 'b' / 'volume.toml'}: error: the volume id frus1941v06 is also the id of {src / 'a'}" in err
    assert f"{src / 'typo' / 'volume.toml'}:" in err and "volume-number must be text in quotes, not 6" in err
    assert f"{src / 'long' / 'volume.toml'}:1:1: error: the id has 300 characters" in err
    assert (out / "tei" / "frus1941v06" / "d333.xml").is_file() or (out / "tei" / "d333.xml").is_file()


def test_the_next_incremental_build_works(edition):
    src, out, locked = edition
    again = run_edition("build", src, "--out", out, "--no-search", "--no-site")
    assert again.status == 1 and "Traceback" not in again.err, again.err
    locked.chmod(0o644)
    third = run_edition("build", src, "--out", out, "--no-search", "--no-site")
    assert "Traceback" not in third.err, third.err


def test_out_with_a_fake_manifest_is_not_replaced(tmp_path):
    out = tmp_path / "thesis"
    (out / "photos").mkdir(parents=True)
    (out / "thesis.docx").write_bytes(b"years of work")
    (out / ".manifest.json").write_text("{}\n", encoding="utf-8")
    outcome = run_edition("build", SEED, "--out", out, "--no-search", "--no-site")
    assert outcome.status == 2 and "no build wrote" in outcome.err
    assert (out / "thesis.docx").read_bytes() == b"years of work" and (out / "photos").is_dir()
    real = tmp_path / "real"
    assert run_edition("build", SEED, "--out", real, "--no-search", "--no-site").status == 0
    assert run_edition("build", SEED, "--out", real, "--no-search", "--no-site", "--full").status == 0
