"""The documents, streamed back from the workers in volume order.

A page is written as soon as the next document's id is known (``pages``), a
volume's file is started in the workers and its indexes are written as soon
as its last document is in.
"""
from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

from ..report import ERROR, WARNING, Location
from ..sources import Volume
from . import keys, pages, worker
from .manifest import write_volume
from .plan import take_previous
from .pool import Done, imap, submit
from .records import DocEntry
from .staging import drop_vanished
from .state import Build
from .worker import Job


def documents(b: Build, count: int, jobs: Iterator[Job]) -> None:
    t0 = time.perf_counter()
    b.timings["documents"] = b.timings["indexes"] = 0.0
    results = imap(worker.document_jobs, jobs, b.request.jobs, "building", b.pool, total=count)
    b.pages = pages.Pages(b.site_dir, b.render_key, b.worker.publisher) if b.site_dir is not None else None
    seen: dict[tuple[str, str], Path] = {}  # (volume, document id) → the document that has it
    current, waiting = None, []
    for vol, path, _ in b.plan.order():
        if vol is not current:
            if current is not None:
                waiting += volume_done(b, current)
                seen.clear()  # ids are unique within a volume
            take_previous(b, vol.id)
        current = vol
        body = None
        fresh = str(path) not in b.reused
        if fresh:
            done = next(results)
            b.new.documents[str(path)] = DocEntry(done.key, done.result, summary=done.summary)
            for k, v in done.result.seconds.items():
                b.stage_sum[k] += v
            done.result.seconds = {}  # this build's figures, summed; the next build does not need them
            body = done.body
        entry = b.new.documents[str(path)]
        if entry.result.target is not None and _unique(entry, vol, path, seen) and b.pages is not None:
            b.pages.add(vol, entry, body, fresh)
    if current is not None:
        waiting += volume_done(b, current)
    drop_vanished(b.stage, {v.id for v in b.request.volumes})
    if b.pages is not None:
        b.stage_sum["render"] += b.pages.finish(
            lambda todo: imap(worker.render_jobs, todo, b.request.jobs, "rendering", b.pool))
    for vol in waiting:
        write_out(b, vol)
    b.timings["documents"] = time.perf_counter() - t0 - b.timings["indexes"]


def _unique(entry: DocEntry, vol: Volume, path: Path, seen: dict) -> bool:
    """Whether the document's id is the first of its volume to be given; the
    later document of a duplicate id is refused."""
    res = entry.result
    ident = (vol.id, res.doc_id)
    if ident in seen:
        res.add_error("duplicate-id", f"document id {res.doc_id} is also the id of {seen[ident].name}; "
                      "this document was not written", 1, 1, refused=True, related=Location(str(seen[ident])))
        res.target.unlink(missing_ok=True)
        res.target = None
        entry.key, entry.summary = None, None  # never reuse a refused document
        return False
    seen[ident] = path
    return True


def volume_done(b: Build, vol: Volume) -> list[Volume]:
    """All of a volume's documents are in: start its volume file in the
    workers, write its index pages while they work, and write the volume
    out (unless pages of it wait to be rendered again: then it is returned)."""
    entries = [b.new.documents[str(path)] for path in vol.texts]
    for entry in entries:  # the files each document owns, for the next build
        res = entry.result
        entry.files = [] if res.target is None else [str(res.target.relative_to(b.stage))] + (
            [f"site/{vol.id}/{res.doc_id}.html", f"site/{vol.id}/{res.doc_id}.xml"] if b.site_dir else [])
    b.new.volume_keys[vol.id] = keys.volume_key(b.code_key, b.plan.front_keys[vol.id], [e.key for e in entries])
    if (b.old.volume_keys.get(vol.id) != b.new.volume_keys[vol.id]
            or not (b.stage / "volumes" / f"{vol.id}.xml").exists()):
        b.volume_jobs[vol.id] = _volume_job_for(b, vol, entries)
    if b.pages is not None:
        t0 = time.perf_counter()
        pages.volume_indexes(b, vol, entries)
        b.timings["indexes"] += time.perf_counter() - t0
        if vol.id in b.pages.redo_volumes:
            return [vol]
    write_out(b, vol)
    return []


def write_out(b: Build, vol: Volume) -> None:
    """The volume's documents are done: its manifest and reports are written,
    what the build's end needs of it is kept in its head, and its entries
    are let go (so the build holds one volume's documents at a time)."""
    entries = [(str(path), b.new.documents.pop(str(path))) for path in vol.texts]
    for _, entry in entries:  # paths are kept relative to the build
        if entry.result.target is not None:
            entry.result.target = entry.result.target.relative_to(b.stage)
    if b.request.search and b.written.get(vol.id):
        b.new.search_keys[vol.id] = keys.search_key(b.render_key, vol, [e.page_key for _, e in entries])
    write_volume(b.stage, vol.id, entries)
    b.front(vol)  # read, if no job needed it, for its problems
    vol.let_go()  # the build holds one volume's paths and front matter at a time
    b.frontmatters.pop(vol.id, None)
    b.packed.pop(vol.id, None)
    results = [(source in b.reused, e.result) for source, e in entries]
    b.volume_news[vol.id] = ([(line, not reused) for reused, r in results for line in r.lines],
                             {WARNING: sum(r.warnings for reused, r in results if reused),
                              ERROR: sum(r.errors for reused, r in results if reused)})
    b.volume_heads[vol.id] = {
        "stamp": b.plan.stamps[vol.id], "source": str(vol.folder), "documents": len(entries),
        "failed": sum(1 for _, r in results if r.errors), "warnings": sum(r.warnings for _, r in results),
        "errors": sum(r.errors for _, r in results),
        "written": b.written.get(vol.id, 0), "key_base": b.plan.key_bases[vol.id],
        "index_key": b.new.index_keys.get(vol.id), "volume_key": b.new.volume_keys[vol.id],
        "search_key": b.new.search_keys.get(vol.id)}


def _volume_job_for(b: Build, vol: Volume, entries: list[DocEntry]):
    """Start writing and checking a volume's TEI file; a future of its problems."""
    target = b.stage / "volumes" / f"{vol.id}.xml"
    sources = [e.result.target for e in entries if e.result.target is not None]
    if not sources:  # no document left: no volume file (the job's write_new replaces one otherwise)
        target.unlink(missing_ok=True)
        return Done([])
    # each document's text and place, for the problems of the file to be named by the text they come from
    positions = {str(path): position for position, path in enumerate(vol.texts, 1)}
    texts = {e.result.doc_id: (e.result.source, positions[e.result.source])
             for e in entries if e.result.target is not None}
    return submit(b.pool, worker.volume_job, (vol.meta, b.packed_front(vol), sources,
                                              target, target.relative_to(b.stage).as_posix(), texts))


def volume_files(b: Build) -> None:
    """The volume files' problems, as the workers finish them (a volume not
    written again keeps those of the previous build)."""
    t0 = time.perf_counter()
    for vol in b.request.volumes:
        if vol.id in b.volume_jobs:
            problems = b.volume_jobs[vol.id].result()
        else:
            problems = b.old.volume_problems.get(vol.id, [])
        b.new.volume_problems[vol.id] = problems
        if vol.id in b.vol_reports:  # a kept volume's report stands as it was
            b.vol_reports[vol.id].messages.extend(problems)
    b.timings["volumes"] = time.perf_counter() - t0
