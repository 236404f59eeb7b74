"""Finding 2: links in the sources are not followed out of the source folder
(nor into special files); what is skipped is reported, and nothing of it is published."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from robust_support import PROJECT, cli_env, run_edition, write_volume

SECRET = "root:$6$SECRETHASH:19000:0:99999:7:::"


@pytest.fixture
def sources(tmp_path):
    """A volume folder beside a 'secret' file and a folder outside it."""
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "shadow").write_text(SECRET + "\n", encoding="utf-8")
    other = outside / "othervolume"
    shutil.copytree(PROJECT / "seeds" / "frus1941v06", other)
    (other / "d1.txt").write_text(f"A document\n\n{SECRET}\n", encoding="utf-8")
    src = tmp_path / "src"
    vol = src / "frus1941v06"
    shutil.copytree(PROJECT / "seeds" / "frus1941v06", vol)
    return tmp_path, src, vol


def published(out) -> str:
    return "".join(p.read_text(encoding="utf-8", errors="replace") for p in out.rglob("*") if p.is_file())


def test_link_to_a_file_outside_is_skipped_and_reported(sources):
    tmp, src, vol = sources
    (vol / "shadow.txt").symlink_to(tmp / "outside" / "shadow")
    (src / "elsewhere").symlink_to(tmp / "outside" / "othervolume", target_is_directory=True)
    os.mkfifo(vol / "pipe.txt")
    (vol / "gone.txt").symlink_to(tmp / "nowhere.txt")
    (src / ".texts").mkdir()
    (src / ".texts" / "extra.txt").write_text("Memorandum\n\nA short text.\n", encoding="utf-8")
    (vol / "inside.txt").symlink_to(src / ".texts" / "extra.txt")  # a link within the sources is fine
    outcome = run_edition("build", src, "--out", tmp / "out")
    assert outcome.status == 0, outcome.err
    assert SECRET not in published(tmp / "out")
    for name, why in (("shadow.txt", "outside the source folder"), ("elsewhere", "outside the source folder"),
                      ("pipe.txt", "not a regular file"), ("gone.txt", "cannot be read")):
        assert any(name in line and why in line and "[source-skipped]" in line
                   for line in outcome.err.splitlines()), (name, outcome.err)
    assert (tmp / "out" / "tei" / "frus1941v06" / "inside.xml").is_file() or \
        (tmp / "out" / "tei" / "inside.xml").is_file()


def test_front_matter_linked_outside_leaves_the_volume_out(sources):
    tmp, src, vol = sources
    (vol / "persons.txt").unlink(missing_ok=True)
    (vol / "persons.txt").symlink_to(tmp / "outside" / "shadow")
    (src / "good").mkdir()
    shutil.copy(PROJECT / "seeds" / "frus1941v06" / "d333.txt", src / "good" / "d1.txt")
    outcome = run_edition("build", src, "--out", tmp / "out", "--no-search")
    assert outcome.status == 1
    assert "persons.txt" in outcome.err and "the volume is not built" in outcome.err
    assert SECRET not in published(tmp / "out")
    assert list((tmp / "out" / "tei").rglob("d1.xml"))  # the other volume is built


LISTED_ALIKE = """
import multiprocessing, sys
from pathlib import Path
from pipeline import sources
forks = []
get_context = multiprocessing.get_context
multiprocessing.get_context = lambda method=None: forks.append(method) or get_context(method)
parallel = sources.discover(Path(sys.argv[1]), jobs=2)
assert forks == ["fork"], forks
assert parallel == sources.discover(Path(sys.argv[1]), jobs=1)
volumes, broken, skipped = parallel
print(len(volumes), [b.folder.name for b in broken], [m.file for m in skipped])
"""


def test_many_volume_folders_are_listed_alike_by_two_processes(tmp_path):
    """An edition of many volumes is listed by forked processes (a rebuild
    that changes nothing is mostly that listing): what they find, links out
    of the source folder included, is what one process finds. (In a process
    of its own: the listing forks only from a process with one thread.)"""
    from pipeline.sources import PARALLEL_FOLDERS

    src = tmp_path / "src"
    for n in range(PARALLEL_FOLDERS + 6):
        write_volume(src / f"v{n:03}", {"d1.txt": "1. A\n\nText.\n", "d2.txt": "2. B\n\nText.\n"})
    (tmp_path / "outside.txt").write_text("secret\n", encoding="utf-8")
    (src / "v005" / "d3.txt").symlink_to(tmp_path / "outside.txt")
    (src / "v007" / "persons.txt").symlink_to(tmp_path / "outside.txt")
    done = subprocess.run([sys.executable, "-c", LISTED_ALIKE, str(src)], capture_output=True, text=True,
                          env=cli_env(), cwd=PROJECT)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"{PARALLEL_FOLDERS + 5} ['v007'] [{str(src / 'v005' / 'd3.txt')!r}]"
