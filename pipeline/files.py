"""Writing the build's files.

A build writes into a staging folder that starts as hard links to the
previous build's files, so a file is never written into: its name is given
a new file. No reader sees the staging folder before it is swapped in whole,
so no temporary file is needed there (on ext4 a write through one and a
rename costs several times a plain write).
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path

_NEW = os.O_WRONLY | os.O_CREAT | os.O_EXCL


def _as_new(make, target: Path):
    """``make()`` the file ``target`` names, as a new one. Most names are new
    and their folder exists, so that is tried first: one system call where
    checking the folder and unlinking the old name first would take three."""
    try:
        return make()
    except FileExistsError:  # maybe a link the previous build shares: unlink it, never write into it
        os.unlink(target)
    except FileNotFoundError:
        target.parent.mkdir(parents=True, exist_ok=True)
    return make()


def write_new(target: Path, data: bytes) -> None:
    """``data`` as a new file at ``target``."""
    with open(_as_new(lambda: os.open(target, _NEW, 0o666), target), "wb") as f:
        f.write(data)


def link_new(src, dst) -> None:
    """``dst`` as a new hard link to ``src`` (a copy where links are not possible)."""
    dst = Path(dst)
    try:
        _as_new(lambda: os.link(src, dst), dst)
    except OSError:  # no hard links on this file system
        shutil.copyfile(src, dst)


def write_atomic(target: Path, data: bytes) -> None:
    """Write through a temporary file so a reader never sees half a file."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.tmp")
    tmp.write_bytes(data)
    tmp.replace(target)
