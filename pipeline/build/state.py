"""One build's state, every part declared here, in the order the steps fill it."""
from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from ..report import Reporter
from ..sources import Broken, Volume
from .manifest import Outputs
from .staging import adopt

if TYPE_CHECKING:  # the worker's imports are the encoder's: not needed to find that nothing changed
    from .worker import Worker

STAGES = ("encode", "validate", "write", "render")


@dataclass
class Request:
    """What the build was asked to do."""

    volumes: list[Volume]
    out: Path
    strict: bool
    encoding: str
    echo: Callable[[str], None]
    jobs: int
    site: bool
    search: bool
    incremental: bool
    build_date: str | None
    broken: list[Broken]  # the volume folders left out, whose problems the report gives too
    review: bool = True  # the editors' review page, with the site


@dataclass
class Plan:
    """Which volumes are kept whole from the previous build; every document of
    the others, with its volume, and what their keys start from."""

    head: dict  # the previous manifest's head, when the previous build can be built upon
    stamps: dict[str, str]  # volume id → the stamp of its files (see ``keys.stamp``)
    kept: set[str]  # the volumes whose files and settings did not change
    same: bool = False  # whether the settings are the previous build's
    front_keys: dict[str, str] = field(default_factory=dict)  # volume id → key of its front matter and metadata
    key_bases: dict[str, str] = field(default_factory=dict)  # volume id → what its documents' keys start from
    volumes: list[Volume] = field(default_factory=list)  # the volumes to build, in order

    def order(self) -> Iterator[tuple[Volume, Path, int]]:
        """Each document of the volumes to build: its volume, text and place in
        the volume (from 1); made as they are asked for, not held."""
        for vol in self.volumes:
            for position, path in enumerate(vol.texts, 1):
                yield vol, path, position


@dataclass
class Build:
    request: Request
    stage: Path  # the staging folder
    site_dir: Path | None  # the site in the staging folder, None for a build without pages
    code_key: str
    render_key: str
    settings: list  # what, besides the keys, a previous build must share to be built upon
    t_start: float = field(default_factory=time.perf_counter)
    timings: dict[str, float] = field(default_factory=dict)
    stage_sum: dict[str, float] = field(default_factory=lambda: dict.fromkeys(STAGES, 0.0))
    plan: Plan | None = None
    frontmatters: dict = field(default_factory=dict)  # volume id → its persons and terms (see ``front``)
    packed: dict[str, bytes | None] = field(default_factory=dict)  # volume id → the same, as jobs carry it
    vol_reports: dict[str, Reporter] = field(default_factory=dict)  # volume id → its own problems
    pool: object = None  # the worker processes, when there are any
    worker: Worker | None = None  # this process's
    built_upon: bool = False  # whether the staging folder started from the previous build
    # a partial build stages only the parts it changes (see ``staging``): their
    # paths in the build, in the order they are swapped in, and those to remove
    partial: bool = False
    parts: dict[str, None] = field(default_factory=dict)  # an ordered set
    gone: list[str] = field(default_factory=list)
    old: Outputs = field(default_factory=Outputs)  # the previous build's, when it can be built upon
    new: Outputs = field(default_factory=Outputs)
    reused: set[str] = field(default_factory=set)  # sources whose previous entry stands
    taken: set[str] = field(default_factory=set)  # volumes whose previous entries were taken (``plan.take_previous``)
    written: dict[str, int] = field(default_factory=dict)  # volume id → documents with a page
    volume_jobs: dict = field(default_factory=dict)  # volume id → future of its volume file's problems
    pages: object = None  # the page writer (``pages.Pages``), in a build with a site
    volume_heads: dict[str, dict] = field(default_factory=dict)  # volume id → its part of the new manifest's head
    # volume id → its documents' lines, each with whether it is news (the document was
    # encoded by this build), and how many warnings and errors its reused documents carry
    volume_news: dict[str, tuple[list, dict]] = field(default_factory=dict)

    def front(self, vol: Volume):
        """A volume's persons and terms lists, read when first asked for (of a
        volume built again: a build of the series holds one volume's at a
        time, let go with its documents), their problems kept for the end."""
        if vol.id not in self.vol_reports:
            from .. import annotate
            self.vol_reports[vol.id] = Reporter(str(vol.folder))
            self.frontmatters[vol.id] = annotate.load_frontmatter(vol.folder, self.vol_reports[vol.id])
        return self.frontmatters.get(vol.id)

    def packed_front(self, vol: Volume) -> bytes | None:
        """A volume's front matter as its jobs and its volume file's job carry
        it, pickled once (``worker.pack_front``)."""
        if vol.id not in self.packed:
            from .worker import pack_front
            self.packed[vol.id] = pack_front(self.front(vol))
        return self.packed[vol.id]

    def take(self, rel: str) -> None:
        """In a partial build, the part ``rel`` of the build (file or folder) is
        to be written: it starts as the previous build's, and is swapped in."""
        if self.partial and rel not in self.parts:
            adopt(self.request.out, self.stage, rel)
            self.parts[rel] = None

    def holder(self, vid: str) -> Path:
        """The folder that holds a volume's outputs for this build's end: the
        staging folder, or the output for a volume a partial build kept."""
        return self.request.out if self.partial and vid in self.plan.kept else self.stage
