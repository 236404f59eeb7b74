"""The sources of an edition: volume folders, their documents and ``volume.toml``.

A volume is a folder of text files, one document each, read in natural order
(``d9.txt`` before ``d10.txt``); ``persons.txt`` and ``terms.txt`` are its
front matter, not documents. A folder of such folders is an edition.
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

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


class MetaError(ValueError):
    """A volume.toml that cannot be read; the message names file, line and column."""


def load_meta(folder: Path) -> dict:
    path = folder / "volume.toml"
    meta: dict = {}
    if path.exists():
        try:
            meta = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as err:
            raise MetaError(f"{path}: {err}") from None
    meta.setdefault("title", str(meta.get("id") or folder.name))
    meta["id"] = safe_id(str(meta.get("id") or folder.name))
    return meta


def safe_id(name: str) -> str:
    """A volume's id names folders and is an xml:id: keep it to letters, digits, '.', '_' and '-'."""
    ident = re.sub(r"[^\w.-]+", "-", name).strip("-.") or "volume"
    return ident if re.match(r"[^\W\d]", ident) else "v" + ident


def discover(src: Path, echo=print) -> tuple[list[Volume], int]:
    """SRC is a volume folder, or a folder of volume folders. Returns the
    volumes and how many were left out because their volume.toml is broken."""
    volumes, broken = [], 0
    for folder in [src] + sorted(p for p in src.iterdir() if p.is_dir() and not p.name.startswith(".")):
        texts = documents_in(folder)
        if texts:
            try:
                meta = load_meta(folder)
            except MetaError as err:
                echo(f"{err} [volume-toml]; the volume is not built")
                broken += 1
                continue
            volumes.append(Volume(meta["id"], folder, meta, texts))
    return volumes, broken


def number_from_name(stem: str) -> str | None:
    """The document number a file name gives (``d571`` or ``571``), if any."""
    m = re.fullmatch(r"d?(\d+)", stem)
    return str(int(m.group(1))) if m else None
