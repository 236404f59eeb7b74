"""Where a build writes: the lock, the staging folder, the swap, the recovery.

A build with nothing to build upon is assembled whole in a staging folder,
which is then swapped in one step. A build upon the previous one stages only
the parts it changes (a volume's folders and files, the edition-level files
it writes again), each part starting as hard links to the previous build's,
so that what it costs follows the change, not the edition; the parts are then
swapped in one by one, after a journal of them is written. An interrupted
build leaves the previous output as it was; one killed during the swap
leaves the journal, and the next build completes the swap first. A second
build of the same folder at the same time is refused.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

from ..files import link_new, write_atomic

JOURNAL = ".swap.json"  # in the staging folder: the parts to swap in, once they are all ready


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


def adopt(out: Path, stage: Path, rel: str) -> None:
    """A part (file or folder) of the previous build, as hard links at the
    same place in the staging folder, to be built upon and swapped back whole."""
    src, dst = out / rel, stage / rel
    if not src.exists() or dst.exists():
        return
    dst.parent.mkdir(parents=True, exist_ok=True)
    if src.is_dir():
        clone(src, dst)
    else:
        link_new(src, dst)


def swap_parts(stage: Path, out: Path, parts: list[str], gone: list[str]) -> None:
    """Put a partial build's parts in place, in order. A part the build did
    not leave in the staging folder is removed from the output, as are those
    ``gone``. The journal names each part's new file or folder by its inode,
    so that a swap cut short is completed exactly (``recover``)."""
    moves = []
    for rel in dict.fromkeys(parts):
        try:
            moves.append([rel, (stage / rel).lstat().st_ino])
        except FileNotFoundError:
            gone.append(rel)
    write_atomic(stage / JOURNAL, json.dumps({"moves": moves, "gone": gone}).encode())
    _complete(stage, out, moves, gone)
    remove(stage)


def _complete(stage: Path, out: Path, moves: list, gone: list) -> None:
    """Each move not yet made, then the removals. Folders are exchanged in one
    step where the system can (readers see the old one or the new one); a file
    is renamed over the old one, which is atomic everywhere."""
    trash = stage / ".gone"
    for n, (rel, ino) in enumerate(moves):
        new, old = stage / rel, out / rel
        try:
            if old.lstat().st_ino == ino:
                continue  # moved in before the swap was cut short
        except FileNotFoundError:
            old.parent.mkdir(parents=True, exist_ok=True)
        if new.is_dir() and old.exists():
            if _exchange(new, old):
                continue
            trash.mkdir(exist_ok=True)
            old.rename(trash / f"{n}")
        new.replace(old)
    for n, rel in enumerate(gone):
        old = out / rel
        if old.is_dir() and not old.is_symlink():
            trash.mkdir(exist_ok=True)
            old.rename(trash / f"gone-{n}")
        else:
            old.unlink(missing_ok=True)


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
    """What a killed build left: a swap cut short is completed (its journal
    is written only once every part is ready); a staging folder without one is
    removed, the output untouched. A build killed between moving the old
    output aside and moving the new one in leaves only the old one, aside:
    it is put back."""
    stage = staging_folder(out)
    try:
        journal = json.loads((stage / JOURNAL).read_bytes())
        _complete(stage, out, journal["moves"], journal["gone"])
    except (OSError, ValueError, KeyError, TypeError):
        pass  # no journal: the build was killed before its swap
    if stage.exists():
        remove(stage)
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
