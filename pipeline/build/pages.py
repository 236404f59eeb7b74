"""The site: document pages written in order with their neighbours, each
volume's index pages, the pages above the volumes, and the search index."""
from __future__ import annotations

import html
import json
import shutil
import time
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from ..files import link_new
from ..publish import wordmap
from ..sources import Volume
from . import keys
from .records import DocEntry, unpack
from .state import Build


def _summary(data: bytes):
    """A document's summary, from the JSON the worker made of it."""
    from ..publish import DocumentSummary
    return DocumentSummary.from_dict(json.loads(unpack(data)))


class Pages:
    """Document pages, written in volume order. A page links to its
    neighbours, so each is written once the next document's id is known. A
    reused document keeps its page unless a neighbour changed; then its page
    is rendered again from its TEI, after the others (``finish``)."""

    def __init__(self, site_dir: Path, render_key: str, publisher):
        self.site_dir, self.render_key, self.publisher = site_dir, render_key, publisher
        self.volume: Volume | None = None
        self.volume_key = ""  # the render key and the volume's settings, hashed once per volume
        self.held: list = []  # [previous id, entry, body, fresh] of the document waiting for its next
        self.redo: list = []
        self.redo_volumes: set[str] = set()  # the volumes of the pages in ``redo``
        self.summaries: dict[int, object] = {}  # the volume's, by id() of their entries: made once, page and indexes

    def add(self, vol: Volume, entry: DocEntry, body: str | None, fresh: bool) -> None:
        """The next document of ``vol`` (the volume of those before it, until ``end_volume``)."""
        prev_id = None
        if self.held:
            prev_id = self.held[1].result.doc_id
            self._write(entry.result.doc_id)
        if vol is not self.volume:
            self.volume_key = keys.volume_pages_key(self.render_key, vol)
        self.volume = vol
        self.held = [prev_id, entry, body, fresh]

    def end_volume(self) -> None:
        """The volume's last page: it has no next document."""
        if self.held:
            self._write(None)
            self.held = []

    def summary(self, entry: DocEntry):
        """The entry's DocumentSummary, made once for its page and its volume's indexes."""
        doc = self.summaries.get(id(entry))
        if doc is None:
            doc = self.summaries[id(entry)] = _summary(entry.summary)
        return doc

    def finish(self, render_all) -> float:
        """Redo the reused pages whose neighbours changed, with ``render_all``;
        returns the seconds spent rendering."""
        seconds = 0.0
        for (entry, page_key, _), (summary, spent, error) in zip(self.redo, render_all([r[2] for r in self.redo])):
            seconds += spent
            entry.page_key, entry.summary = None if error else page_key, summary
            if error:
                entry.result.add_error("page", error)
        return seconds

    def _write(self, next_id: str | None) -> None:
        prev_id, entry, body, fresh = self.held
        vol, res = self.volume, entry.result
        page_key = keys.page_key(self.volume_key, entry.key, prev_id, next_id)
        html = self.site_dir / vol.id / f"{res.doc_id}.html"
        tei = html.with_suffix(".xml")
        if fresh:
            if body is not None:  # None: the page failed, as the report says
                self.publisher.write_page(vol.meta, self.summary(entry), body, prev_id, next_id, tei.name)
                link_new(res.target, tei)
                entry.page_key = page_key
        elif entry.page_key != page_key or not (html.exists() and tei.exists()):
            html.unlink(missing_ok=True)
            tei.unlink(missing_ok=True)
            self.redo.append((entry, page_key, (vol.meta, res.target, res.doc_id, prev_id, next_id)))
            self.redo_volumes.add(vol.id)


def volume_indexes(b: Build, vol: Volume, entries: list[DocEntry]) -> None:
    """The volume's last page, then its index pages, when what they list changed."""
    b.pages.end_volume()
    listed = [e for e in entries if e.summary is not None and e.result.target]
    b.written[vol.id] = len(listed)
    b.new.index_keys[vol.id] = keys.index_key(b.render_key, vol, [e.key for e in listed])
    folder = b.site_dir / vol.id
    if b.old.index_keys.get(vol.id) != b.new.index_keys[vol.id] or not (folder / "index.html").exists():
        keep = {b.stage / f for e in entries for f in e.files}
        # index pages of the previous build that may be gone now (a person no
        # longer named); a clean build's folder holds only this build's pages
        for f in sorted(folder.rglob("*")) if b.built_upon and folder.exists() else []:
            if f.is_file() and f not in keep and "pagefind" not in f.relative_to(folder).parts:
                f.unlink()
        b.worker.publisher.render_volume(dict(vol.meta, dir=vol.folder, **_persons_list(b, vol)),
                                         [b.pages.summary(e) for e in listed])
        _tell_problems(b)
    b.pages.summaries.clear()


def _persons_list(b: Build, vol: Volume) -> dict:
    """The volume's whole List of Persons, for the persons index to show those no
    document mentions too (its key in the volume's dict)."""
    from ..publish.indexes import Listed
    from ..publish.publisher import PERSONS_LIST
    fm = b.front(vol)
    if fm is None or not fm.persons:
        return {}
    return {PERSONS_LIST: [Listed(p.id, p.name, html.escape(p.description, quote=False)) for p in fm.persons]}


def site_level(b: Build) -> None:
    """The pages above the volumes, when a volume or its count of documents changed."""
    if b.pages is None:
        return
    t0 = time.perf_counter()
    volumes = b.request.volumes
    counts = {v.id: b.written[v.id] for v in volumes}
    b.new.site_key = keys.site_key(b.render_key, volumes, counts)
    ids = {v.id for v in volumes}
    home = (b.request.out if b.partial else b.stage) / "site" / "index.html"
    if b.new.site_key != b.old.site_key or not home.exists():
        if not b.partial:
            _clear_site_level(b.site_dir, ids)
        b.worker.publisher.render_site([v.meta for v in volumes], counts, None)
        if b.partial:
            _site_level_parts(b, ids)
        _tell_problems(b)
    b.timings["indexes"] += time.perf_counter() - t0


def _edition_level(folder: Path, volume_ids: set) -> set[str]:
    """The names of the pages and folders above the volumes in a site folder
    (the search map and the review page are parts of their own)."""
    from ..publish.review import FOLDER
    own = volume_ids | {wordmap.MAP_DIR, FOLDER}
    return {f.name for f in folder.iterdir() if f.name not in own} if folder.exists() else set()


def _site_level_parts(b: Build, volume_ids: set) -> None:
    """A partial build wrote the pages above the volumes again: each is a part
    to swap in, and those the previous build had and this one has not are removed."""
    new = _edition_level(b.site_dir, volume_ids)
    for name in sorted(new):
        b.take(f"site/{name}")
    b.gone += [f"site/{name}" for name in sorted(_edition_level(b.request.out / "site", volume_ids) - new)]


def _clear_site_level(site_dir: Path, volume_ids: set) -> None:
    """Before the site-level pages are written again: remove them, the assets,
    and the folders of volumes no longer built (their search bundles too)."""
    if not site_dir.exists():
        return
    for f in site_dir.iterdir():
        if f.is_file():
            f.unlink()
        elif f.name == "assets" or f.name not in volume_ids:
            shutil.rmtree(f)


def search_index(b: Build, pool: ThreadPoolExecutor) -> Future | None:
    """One bundle per volume, redone when the volume's pages changed (its key
    was made as the volume was written out), and the word map beside them.
    What is stale is found and staged here; the indexing runs in ``pool``
    (Pagefind is a process of its own) while the main process writes the
    review pages: the future of it, or None."""
    site_dir = b.site_dir
    if site_dir is None:
        return None
    for bundle in site_dir.glob("*/pagefind"):  # of volumes gone, or of a build without search
        if bundle.parent.name not in b.new.search_keys and (bundle / "pagefind.js").exists():
            shutil.rmtree(bundle)
    if not b.new.search_keys:
        wordmap.remove(site_dir, b.stage / wordmap.WORDS_DIR)
        return None
    stale = [v for v, k in b.new.search_keys.items()
             if b.old.search_keys.get(v) != k or not (b.holder(v) / "site" / v / "pagefind").exists()]
    for v in stale:
        b.take(f"site/{v}")  # a kept volume whose bundle is missing: its pages are staged to index them
    # Largest first (its volume file's size stands for its text): the volumes
    # are indexed ``jobs`` at a time, and a large one started last would leave
    # the other cores idle at the end. The map does not depend on the order.
    stale.sort(key=lambda v: -_size(b.holder(v) / "volumes" / f"{v}.xml"))

    def index() -> None:
        t0 = time.perf_counter()
        wordmap.index(b.worker.publisher, site_dir, b.stage / wordmap.WORDS_DIR,
                      [v.id for v in b.request.volumes], stale, b.request.jobs, set(b.new.search_keys))
        b.timings["search"] = time.perf_counter() - t0
    return pool.submit(index)


def _tell_problems(b: Build) -> None:
    """What the publisher refused (a Markdown page named as a page it makes)."""
    for line in b.worker.publisher.problems:
        b.request.echo(line)
    b.worker.publisher.problems.clear()


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:  # no volume file (a volume left without documents): order it last
        return 0
