"""Orchestration: find volumes and documents, run the stages, write the outputs.

A pool of worker processes runs every per-document stage in one job per
document (``worker``); the main process takes the results in volume order,
writes each page around its body once the document's neighbours are known,
and each volume's indexes once its last document is in (``documents``,
``pages``), while the workers write the volume files. The search index and
the report come last (``finish``).

Builds are incremental and atomic. Each document's inputs are hashed into a
key (``keys``); the previous build's manifest (``manifest``) says which
outputs a key produced (``plan``). The new build is assembled in a staging
folder: a rebuild stages only the parts it changes (a volume's folders and
files, the edition-level files), each starting as hard links to the previous
build's, and redoes only what changed in them (always by writing new files,
never into a linked one); the parts are then swapped in (``staging``).
"""
from __future__ import annotations

import errno
import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from ..files import DiskFull
from ..sources import discover
from . import keys
from .manifest import MANIFEST, written_by_build
from .plan import plan, prepare, todo
from .staging import BuildLocked, build_lock, recover, staging_folder
from .state import Build, Request

__all__ = ["build"]


def build(src: Path, out: Path, strict: bool = False, encoding: str = "utf-8", echo=print, jobs: int | None = None,
          site: bool = True, search: bool = True, incremental: bool = True, build_date: str | None = None,
          review: bool = True) -> int:
    """Build every volume under SRC into OUT. Returns the exit status. ``review``:
    write the editors' review page with the site (``publish.review``)."""
    out, src = out.resolve(), src.resolve()
    if out == src or src.is_relative_to(out):
        echo(f"{out}: the output folder would replace the texts in {src}; choose another --out")
        return 2
    if out.exists() and not written_by_build(out) and any(out.iterdir()):
        echo(f"{out}: the folder holds files that no build wrote; a build replaces its --out folder whole, "
             "so choose an empty or new folder")
        return 2
    volumes, broken, skipped = discover(src, jobs or os.cpu_count() or 1)
    for message in skipped + [left_out.message for left_out in broken]:
        echo(message.format())
    if not volumes:
        if not broken:
            echo(f"{src}: no text files (*.txt) found")
        return 2
    request = Request(volumes, out, strict, encoding, echo, jobs or os.cpu_count() or 1, site, search,
                      incremental, build_date, broken, review and site)
    try:
        with build_lock(out):
            try:
                return max(run(new_build(request)), 1 if broken else 0)
            except DiskFull as err:
                return disk_full(out, err.path, echo)
            except OSError as err:
                if err.errno != errno.ENOSPC:
                    raise
                return disk_full(out, err.filename or staging_folder(out), echo)
    except BuildLocked as err:
        echo(str(err))
        return 2


def disk_full(out: Path, path, echo) -> int:
    """The build stops: its staging folder, which would go on taking the
    space, is removed (still under the lock); the previous output is untouched
    (or, if the disk filled while the parts were being swapped in, which
    takes no space, that swap is completed first)."""
    recover(out)
    echo(f"{path}: error: no space left on device")
    return 1


def new_build(req: Request) -> Build:
    stage = staging_folder(req.out)
    code_key, render_key = keys.code_key(), keys.render_key()
    return Build(req, stage, stage / "site" if req.site else None, code_key, render_key,
                 settings=[code_key, render_key, req.encoding, req.site, req.search, req.build_date,
                           len(req.volumes) > 1, [v.id for v in req.volumes],
                           [b.message.to_dict() for b in req.broken], req.review])


def run(b: Build) -> int:
    """The steps, in order: plan (what changed since the previous build),
    documents (streamed from the workers, volume by volume), the site-level
    pages, the volume files' problems, search (with the review pages), and
    the report, manifest and swap."""
    req = b.request
    recover(req.out)  # what an interrupted build left
    # with no previous build to build upon, every document is built: the
    # workers start at once, and each hashes the texts it reads (the key is
    # then of exactly what was encoded). Otherwise the hashes come first, as
    # they may show that nothing changed and no worker is needed, and the
    # workers start once it is known how many documents they would have.
    clean = not (req.incremental and (req.out / MANIFEST).exists())
    if not clean:
        status = plan(b)
        if status is not None:
            return status
    # the stages are imported once there is work to do: a rebuild that
    # changes nothing needs none of them (a third of its time at 40,000 texts)
    from .documents import documents, volume_files
    from .finish import finish
    from .pages import search_index, site_level
    from .pool import collector, start_pool

    with collector():
        init = (req.encoding, b.site_dir, req.build_date)
        if clean:
            b.pool, b.worker = start_pool(req.jobs, sum(len(vol.names) for vol in req.volumes), init)
        try:
            if clean:
                plan(b, previous=False)
            prepare(b)
            count, jobs = todo(b)
            if not clean:
                b.pool, b.worker = start_pool(req.jobs, count, init)
            documents(b, count, jobs)
            site_level(b)
            volume_files(b)
        finally:
            if b.pool:
                b.pool.shutdown(cancel_futures=True)  # before the search indexer: the workers' memory is freed
        with ThreadPoolExecutor(1) as indexer:  # left only once the indexing is over, whatever happens
            return finish(b, count, search_index(b, indexer))
