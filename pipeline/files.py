"""Writing the build's files.

A build writes into a staging folder that starts as hard links to the
previous build's files, so a file is never written into: its name is given
a new file. No reader sees the staging folder before it is swapped in whole,
so no temporary file is needed there (on ext4 a write through one and a
rename costs several times a plain write).
"""
from __future__ import annotations

import errno
import hashlib
import os
import re
import shutil
import tempfile
from pathlib import Path

# A name's bytes are capped well under the 255 most file systems allow, so
# that a prefix or suffix the pipeline adds (".xml", ".partial") still fits.
NAME_BYTES = 120
# Separators, controls and the characters other systems refuse in names.
# (Surrogates are what undecodable bytes of a name read as.)
_UNSAFE = re.compile(r'[\x00-\x1f\x7f/\\:*?"<>|\ud800-\udfff]')


class UnsafePath(ValueError):
    """A destination would fall outside the folder it must stay in."""


def safe_name(raw: str) -> str:
    """``raw`` as one bounded file name: no separator, no control character,
    no leading dot (so never ``.`` or ``..``, nor hidden). A name that had to
    be changed or shortened ends in a hash of ``raw``, so two different raw
    names never end up as the same file."""
    name = _UNSAFE.sub("_", raw).lstrip(".")
    if name == raw and 0 < len(name.encode("utf-8")) <= NAME_BYTES:
        return name
    suffix = "-" + hashlib.sha256(raw.encode("utf-8", "surrogatepass")).hexdigest()[:12]
    head = name.encode("utf-8")[:NAME_BYTES - len(suffix)].decode("utf-8", "ignore")
    return (head or "_") + suffix


def is_safe_name(raw: str) -> bool:
    return safe_name(raw) == raw


def inside(root: Path, target: Path) -> Path:
    """``target``, once checked that it resolves (links followed) to a place
    strictly inside ``root``; raises ``UnsafePath`` otherwise."""
    base = Path(root).resolve()
    where = Path(target).resolve()
    if where == base or base not in where.parents:
        raise UnsafePath(f"{target}: outside {root}; not written")
    return Path(target)


class DiskFull(BaseException):
    """No space left for the file ``path``. Not an ``Exception``: a full disk
    must stop the build, not be reported as one document's failure (the
    handlers that keep one document from stopping the others catch ``Exception``)."""

    def __init__(self, path):
        super().__init__(str(path))
        self.path = str(path)


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
    try:
        with open(_as_new(lambda: os.open(target, _NEW, 0o666), target), "wb") as f:
            f.write(data)
    except OSError as err:
        if err.errno == errno.ENOSPC:
            raise DiskFull(target) from err
        raise


def link_new(src, dst) -> None:
    """``dst`` as a new hard link to ``src`` (a copy where links are not possible)."""
    dst = Path(dst)
    try:
        _as_new(lambda: os.link(src, dst), dst)
    except OSError:  # no hard links on this file system
        shutil.copyfile(src, dst)


def write_atomic(target: Path, data: bytes) -> None:
    """Write through a temporary file so a reader never sees half a file; the
    temporary file is removed if anything fails (a full disk, a folder by the
    name), and only a regular file is ever replaced (never a device)."""
    target = Path(target)
    if target.exists() and not target.is_file():
        raise IsADirectoryError(f"{target}: not a regular file; not replaced")
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name[:60]}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, target)
    except BaseException:
        os.unlink(tmp)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
