"""The sources of an edition: volume folders, their documents and ``volume.toml``.

A volume is a folder of text files, one document each, read in natural order
(``d9.txt`` before ``d10.txt``); ``persons.txt`` and ``terms.txt`` are its
front matter, not documents. A folder of such folders is an edition.
"""
from __future__ import annotations

import datetime
import hashlib
import multiprocessing
import os
import re
import threading
import tomllib
from dataclasses import dataclass, field, replace
from fnmatch import fnmatchcase
from functools import cached_property
from pathlib import Path

from .report import ERROR, WARNING, Message, ProblemError

FRONT_MATTER = {"persons.txt", "terms.txt"}


@dataclass
class Volume:
    """A volume folder: ``names`` are its texts' file names, sorted, and
    ``listing`` a hash of what the system says of every file in the folder
    (name, size, times, inode), from the same listing (``build.keys.stamp``).
    The texts as paths, in natural order, are made only when asked for (a
    rebuild that finds nothing changed never needs them), and let go when the
    volume is done: a build of the series holds one volume's at a time."""
    id: str
    folder: Path
    meta: dict
    names: list[str] = field(default_factory=list)
    listing: str = ""

    @cached_property
    def texts(self) -> list[Path]:
        return sorted((self.folder / name for name in self.names), key=natural_key)

    def let_go(self) -> None:
        """Drop the texts' paths (made again if asked for)."""
        self.__dict__.pop("texts", None)


def natural_key(path: Path):
    return [int(part) if part.isdigit() else part.lower() for part in re.split(r"(\d+)", path.stem)]


def documents_in(folder: Path) -> list[Path]:
    names = [e.name for e in _listing(folder) if _text_name(e.name) and (_plain(e) or e.is_file())]
    return sorted((folder / name for name in names), key=natural_key)


# Files of a volume folder the build reads besides its texts.
READ_TOO = ("persons.txt", "terms.txt", "volume.toml", "*.md")


def unsafe_source(src: Path, path: Path) -> str | None:
    """Why ``path`` must not be read as a source, or None: a link that leads
    out of the source folder (its target would be published), or anything
    but a regular file or folder (a device or pipe may never end)."""
    try:
        target = path.resolve(strict=True)
        if not target.is_relative_to(src.resolve()):
            return f"a link to {target}, outside the source folder"
        if not (target.is_file() or target.is_dir()):
            return "not a regular file"
    except (OSError, RuntimeError) as err:  # a dangling or looping link, or unreadable
        return f"cannot be read ({getattr(err, 'strerror', None) or err})"
    return None


def _skip(path: Path, text: str, level: str = WARNING) -> Message:
    return Message(level, "source-skipped", text, file=str(path))


class MetaError(ProblemError):
    """A volume.toml that cannot be read."""


TOML_PLACE = re.compile(r" \(at line (\d+), column (\d+)\)$")


def load_meta(folder: Path) -> dict:
    path = folder / "volume.toml"
    meta: dict = {}
    if path.exists():
        try:
            meta = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as err:
            text, line, column = str(err), None, None
            place = TOML_PLACE.search(text)
            if place:
                text, line, column = text[:place.start()], int(place.group(1)), int(place.group(2))
            raise MetaError(Message(ERROR, "volume-toml", text, line, column, str(path))) from None
    for key, value in meta.items():
        allowed = META_TYPES.get(key)
        if allowed and not (isinstance(value, allowed[0]) and not isinstance(value, bool)
                            and (not isinstance(value, list) or all(isinstance(v, str) for v in value))):
            raise MetaError(Message(ERROR, "volume-toml", f"{key} must be {allowed[1]}, not {value!r}",
                                    _key_line(path, key), 1, str(path)))
    meta.setdefault("title", str(meta.get("id") or folder.name))
    meta["id"] = safe_id(str(meta.get("id") or folder.name))
    if len(meta["id"]) > MAX_ID:
        raise MetaError(Message(ERROR, "volume-toml", f"the id has {len(meta['id'])} characters (at most {MAX_ID})",
                                _key_line(path, "id"), 1, str(path)))
    return meta


MAX_ID = 80  # a volume id names folders and files: well inside a file name's 255 bytes
TEXT = (str, "text in quotes")
META_TYPES = {key: TEXT for key in ("id", "title", "series", "sub-series", "volume-number", "volume",
                                     "publisher", "availability")}
META_TYPES.update({"editors": ((str, list), "a name or a list of names"),
                   "general-editors": ((str, list), "a name or a list of names"),
                   "published": ((str, int, datetime.date), "a date (1991-05-01)")})


def _key_line(path: Path, key: str) -> int | None:
    """The line of volume.toml that sets ``key``, for the message."""
    try:
        lines = path.read_text(encoding="utf-8").split("\n")
    except (OSError, UnicodeDecodeError):
        return None
    return next((no for no, line in enumerate(lines, 1) if re.match(rf"\s*\"?{re.escape(key)}\"?\s*=", line)), None)


def safe_id(name: str) -> str:
    """A volume's id names folders and is an xml:id: keep it to letters, digits, '.', '_' and '-'."""
    ident = re.sub(r"[^\w.-]+", "-", name).strip("-.") or "volume"
    return ident if re.match(r"[^\W\d]", ident) else "v" + ident


@dataclass
class Broken:
    """A volume folder left out: its volume.toml, or a file it reads by name, cannot be read."""

    folder: Path
    message: Message


def discover(src: Path, jobs: int = 1) -> tuple[list[Volume], list[Broken], list[Message]]:
    """SRC is a volume folder, or a folder of volume folders. Returns the
    volumes, those left out because a file of theirs cannot be read safely,
    and the folders and texts skipped (links out of SRC, special files).
    Many folders are listed by ``jobs`` processes (see ``_listings``)."""
    volumes: list[Volume] = []
    broken, skipped = [], []
    folders = [src]
    for p in sorted(src.iterdir()):
        if p.name.startswith(".") or not p.is_dir():  # (a link to a file is looked at as a text, below)
            continue
        why = unsafe_source(src, p)
        if why:
            skipped.append(_skip(p, f"{why}; skipped"))
        elif p.is_dir():
            folders.append(p)
    ids: dict[str, Path] = {}
    for folder, (names, listing, skipped_here, bad) in zip(folders, _listings(src, folders, jobs)):
        skipped += [_skip(Path(path), f"{why}; skipped") for path, why in skipped_here]
        if not names:
            continue
        if bad:  # the volume's own files are read by name: leave the volume out rather than read them
            broken.append(Broken(folder, _skip(Path(bad[0]), f"{bad[1]}; the volume is not built", ERROR)))
            continue
        try:
            meta = load_meta(folder)
        except MetaError as err:
            broken.append(Broken(folder, replace(err.message, text=f"{err.message.text}; the volume is not built")))
            continue
        if meta["id"] in ids:  # one id names one set of output folders
            broken.append(Broken(folder, Message(ERROR, "volume-id-repeated", f"the volume id {meta['id']} is "
                                                 f"also the id of {ids[meta['id']]}; the volume is not built",
                                                 file=str(folder / "volume.toml"))))
            continue
        ids[meta["id"]] = folder
        volumes.append(Volume(meta["id"], folder, meta, names, listing))
    return volumes, broken, skipped


PARALLEL_FOLDERS = 64  # fewer folders are listed sooner than a second process starts


def _listings(src: Path, folders: list[Path], jobs: int) -> list[tuple]:
    """Each folder's listing (``_folder``), in order. Listing the series'
    300,000 files is most of a rebuild that changes nothing, and it is
    system calls: two processes list it in 1.1 s where one takes 2.0. They
    are forked, so only from a process with no other thread (which a fork
    would leave behind, holding whatever lock it held)."""
    if (jobs > 1 and len(folders) >= PARALLEL_FOLDERS and threading.active_count() == 1
            and "fork" in multiprocessing.get_all_start_methods()):
        try:
            with multiprocessing.get_context("fork").Pool(jobs) as pool:
                return pool.starmap(_folder, [(src, folder) for folder in folders], chunksize=16)
        except OSError:
            pass  # no process to be had: the folders are listed here
    return [_folder(src, folder) for folder in folders]


def _folder(src: Path, folder: Path) -> tuple[list[str], str, list[tuple[str, str]], tuple[str, str] | None]:
    """One listing of a folder serves its texts, the files read by name and
    its stamp: the texts' names, sorted; a hash of what the system says of
    every file (name, size, times, inode); the texts skipped and why; and
    the first of the files the volume reads by name that cannot be read
    safely, if any. A regular file (not a link) in a folder already checked
    is inside SRC: only links and special files are resolved, which keeps a
    rebuild's listing of a large edition cheap (so does sorting only what
    is kept, by name, and not the listing itself)."""
    names, stats, odd = [], [], []
    with os.scandir(folder) as entries:
        for e in entries:  # (this loop runs once a file of the edition: kept to the least work)
            if e.is_file(follow_symlinks=False):
                stats.append((e.name, e.stat()))
                if _text_name(e.name):
                    names.append(e.name)
            else:
                odd.append(e)
    odd.sort(key=lambda e: e.name)
    skipped, bad = [], None
    for e in odd:  # links and special files: a text among them is read only if it stays inside SRC
        if e.is_file():
            stats.append((e.name, e.stat()))
        text, read = _text_name(e.name), _read_too(e.name)
        why = unsafe_source(src, Path(e.path)) if text or read else None
        if text and why:
            skipped.append((e.path, why))
        elif text and e.is_file():
            names.append(e.name)
        if read and why and bad is None:
            bad = (e.path, why)
    names.sort()
    files = sorted((name, st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino) for name, st in stats)
    return names, hashlib.sha256(repr(files).encode()).hexdigest(), skipped, bad


def _read_too(name: str) -> bool:
    return any(fnmatchcase(name, pattern) for pattern in READ_TOO)


def _listing(folder: Path) -> list[os.DirEntry]:
    """The folder's entries by name (the system lists them in no set order;
    messages about them must come in the same order on every machine)."""
    with os.scandir(folder) as entries:
        return sorted(entries, key=lambda e: e.name)


def _text_name(name: str) -> bool:
    """A document's file name: a text, not the front matter."""
    return name.endswith(".txt") and name not in FRONT_MATTER


def _plain(entry: os.DirEntry) -> bool:
    """A regular file, not a link (told by the listing, without a system call)."""
    return entry.is_file(follow_symlinks=False)


def number_from_name(stem: str) -> str | None:
    """The document number a file name gives (``d571`` or ``571``), if any."""
    m = re.fullmatch(r"d?(\d+)", stem)
    return str(int(m.group(1))) if m else None
