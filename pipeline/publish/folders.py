"""Publish folders of per-document TEI (each with its volume.toml) without the encoder.

Used by the tests and for previewing hand-made TEI:

    python -m pipeline.publish SITE_DIR VOLUME_DIR... [--search]

It shows the intended calling sequence of the Publisher; the build does the same,
with its own ordering and workers.
"""
from __future__ import annotations

import re
import tomllib
from pathlib import Path

from . import wordmap
from .publisher import Publisher
from .summary import DocumentSummary


def _natural(path: Path):
    return [int(t) if t.isdigit() else t for t in re.split(r"(\d+)", path.stem)]


def load_volume(folder: Path) -> dict:
    toml = folder / "volume.toml"
    volume = tomllib.loads(toml.read_text(encoding="utf-8")) if toml.exists() else {}
    volume.setdefault("id", folder.name)
    return volume


def publish_folders(volume_dirs: list[Path], site_dir: Path, *, build_date: str | None = None,
                    search: bool = False, echo=print) -> dict[str, list[DocumentSummary]]:
    """Publish the folders; a document that cannot be rendered is reported to ``echo``
    and left out, the others are published."""
    pub = Publisher(site_dir, build_date=build_date)
    volumes, summaries = [], {}
    for folder in map(Path, volume_dirs):
        volume = load_volume(folder)
        files = sorted(folder.glob("*.xml"), key=_natural)
        summaries[volume["id"]] = pub.render_documents(
            volume, [(f.read_bytes(), f) for f in files],
            lambda path, err: echo(f"{path}: error: the page could not be written ({type(err).__name__}: {err})"))
        volumes.append(volume)
    pub.render_indexes(volumes, summaries, None)
    if search:
        wordmap.index_all(pub, site_dir, [v["id"] for v in volumes])
    return summaries
