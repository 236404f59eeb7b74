"""The sources of an edition: volume folders, their documents and ``volume.toml``.

A volume is a folder of text files, one document each, read in natural order
(``d9.txt`` before ``d10.txt``); ``persons.txt`` and ``terms.txt`` are its
front matter, not documents. A folder of such folders is an edition.
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path

from .report import ERROR, Message, ProblemError

FRONT_MATTER = {"persons.txt", "terms.txt"}


@dataclass
class Volume:
    id: str
    folder: Path
    meta: dict
    texts: list[Path] = field(default_factory=list)


def natural_key(path: Path):
    return [int(part) if part.isdigit() else part.lower() for part in re.split(r"(\d+)", path.stem)]


def documents_in(folder: Path) -> list[Path]:
    return sorted((p for p in folder.glob("*.txt") if p.name not in FRONT_MATTER and p.is_file()), key=natural_key)


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
    meta.setdefault("title", str(meta.get("id") or folder.name))
    meta["id"] = safe_id(str(meta.get("id") or folder.name))
    return meta


def safe_id(name: str) -> str:
    """A volume's id names folders and is an xml:id: keep it to letters, digits, '.', '_' and '-'."""
    ident = re.sub(r"[^\w.-]+", "-", name).strip("-.") or "volume"
    return ident if re.match(r"[^\W\d]", ident) else "v" + ident


@dataclass
class Broken:
    """A volume folder left out: its volume.toml cannot be read."""

    folder: Path
    message: Message


def discover(src: Path) -> tuple[list[Volume], list[Broken]]:
    """SRC is a volume folder, or a folder of volume folders. Returns the
    volumes, and those left out because their volume.toml is broken."""
    volumes, broken = [], []
    for folder in [src] + sorted(p for p in src.iterdir() if p.is_dir() and not p.name.startswith(".")):
        texts = documents_in(folder)
        if texts:
            try:
                meta = load_meta(folder)
            except MetaError as err:
                broken.append(Broken(folder, replace(err.message, text=f"{err.message.text}; the volume is not built")))
                continue
            volumes.append(Volume(meta["id"], folder, meta, texts))
    return volumes, broken


def number_from_name(stem: str) -> str | None:
    """The document number a file name gives (``d571`` or ``571``), if any."""
    m = re.fullmatch(r"d?(\d+)", stem)
    return str(int(m.group(1))) if m else None
