"""Where a build writes: the lock, the staging folder, the swap, the recovery.

The new build is assembled in a staging folder that starts as a hard-linked
copy of the previous one, and is then swapped in whole. An interrupted build
leaves the previous output as it was; a second build of the same folder at
the same time is refused.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

from ..files import link_new


class BuildLocked(Exception):
    pass


def staging_folder(out: Path) -> Path:
    return out.parent / f".{out.name}.staging"


@contextmanager
def build_lock(out: Path):
    """One build per output folder at a time; a lock left by a dead process is taken over."""
    lock = out.parent / f".{out.name}.lock"
    lock.parent.mkdir(parents=True, exist_ok=True)
    for _ in range(2):
        try:
            fd = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
            break
        except FileExistsError:
            try:
                pid = int(lock.read_text().strip() or 0)
            except (OSError, ValueError):
                pid = 0
            if pid and _alive(pid):
                raise BuildLocked(f"{out}: another build (process {pid}) is writing there; "
                                  f"wait for it, or remove {lock} if it is gone") from None
            lock.unlink(missing_ok=True)
    else:
        raise BuildLocked(f"{out}: cannot take the lock {lock}")
    try:
        os.write(fd, str(os.getpid()).encode())
        os.close(fd)
        yield
    finally:
        lock.unlink(missing_ok=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def clone(old: Path, stage: Path) -> None:
    """The staging folder starts as hard links to the previous build's files
    (GNU cp makes tens of thousands of links several times faster than Python)."""
    if sys.platform.startswith("linux") and shutil.which("cp"):
        if subprocess.run(["cp", "-al", "--", str(old), str(stage)], capture_output=True).returncode == 0:
            return
        shutil.rmtree(stage, ignore_errors=True)
    shutil.copytree(old, stage, copy_function=link_new, symlinks=True)


def swap(stage: Path, out: Path) -> None:
    """Put the finished build in place. Where the system can exchange two
    folders in one step (Linux renameat2), readers see the old build or the new
    one, never none; elsewhere the old build is moved aside first, and a build
    killed in between is recovered by the next one (see ``recover``)."""
    old = out.parent / f".{out.name}.old"
    if old.exists():
        remove(old)
    if out.exists() and _exchange(stage, out):
        remove(stage)
        return
    if out.exists():
        out.rename(old)
    stage.rename(out)
    if old.exists():
        remove(old)


def remove(folder: Path) -> None:
    """A previous build's folder, removed (GNU rm is about twice as fast as Python at it)."""
    if sys.platform.startswith("linux") and shutil.which("rm"):
        if subprocess.run(["rm", "-rf", "--", str(folder)], capture_output=True).returncode == 0:
            return
    shutil.rmtree(folder, ignore_errors=True)


def _exchange(a: Path, b: Path) -> bool:
    try:
        import ctypes
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    AT_FDCWD, RENAME_EXCHANGE = -100, 2
    return renameat2(AT_FDCWD, os.fsencode(a), AT_FDCWD, os.fsencode(b), RENAME_EXCHANGE) == 0


def recover(out: Path) -> None:
    """A build killed between moving the old output aside and moving the new
    one in leaves only the old one, aside: put it back."""
    old = out.parent / f".{out.name}.old"
    if old.exists() and not out.exists():
        old.rename(out)


def drop_vanished(stage: Path, volume_ids: set) -> None:
    """The TEI folders and volume files of volumes no longer built."""
    for f in (stage / "volumes").glob("*.xml"):
        if f.stem not in volume_ids:
            f.unlink()
    tei = stage / "tei"
    for d in tei.iterdir() if tei.exists() else []:
        if d.is_dir() and d.name not in volume_ids:
            shutil.rmtree(d)
