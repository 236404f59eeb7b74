"""The per-document jobs, run in the worker processes (or in the build's own).

Per document the stages are pure functions of their inputs: ``encode_document``
(text → TEI), validation, and the publisher's ``render_body`` (TEI → page body
and summary). Each process holds one ``Worker``: what every document needs,
loaded once. The module-level functions are what the pool is given; they run
on the process's worker.
"""
from __future__ import annotations

import gc
import pickle
import time
from dataclasses import dataclass
from pathlib import Path

from .. import writer
from ..encode import encode_document
from ..files import write_new
from ..report import Reporter
from ..schematron import parse
from ..validate import VOLUME_PHASE, Validator
from .keys import source_key
from .records import DocResult, json_bytes, pack, packed_summary


@dataclass
class Job:
    """One document, as sent to a worker."""

    path: Path
    volume: dict
    position: int
    target: Path  # where its TEI goes, in the staging folder
    key_base: str | None = None  # what the document's key starts from: the worker hashes what it reads
    front: bytes | None = None  # the volume's front matter (``pack_front``)


def pack_front(fm) -> bytes | None:
    """A volume's front matter as its jobs carry it: pickled once by the build,
    so that a chunk's jobs send bytes, and a worker makes the objects once per
    volume it meets rather than holding every volume's from its start."""
    return None if fm is None else pickle.dumps(fm, protocol=pickle.HIGHEST_PROTOCOL)


@dataclass
class DocJobResult:
    """What a document's job hands back to the build."""

    result: DocResult
    summary: bytes | None  # JSON, packed
    body: str | None  # the page's body; its shell is written by the build, which knows the neighbours
    key: str | None  # the key of the inputs read, if the job asked for it


@dataclass
class _InProgress:
    """One document of a chunk, between its stages."""

    tree: object  # the encoded TEI, None when encoding failed; dropped once validated
    rep: Reporter
    doc: object
    seconds: dict
    key: str | None  # the key of the inputs read, when the job asked for it
    node: object = None  # the TEI as Saxon parsed it, for validation and rendering
    written: Path | None = None
    summary: bytes | None = None
    body: str | None = None


class Worker:
    """What one process loads once for every document: the validator and the
    publisher; and the front matter of the volume being done, only (a worker
    given every volume's at its start grew with the number of volumes: some
    0.35 MB each, over 200 MB at 600 volumes)."""

    def __init__(self, encoding: str, site_dir: Path | None, build_date: str | None):
        from ..publish import Publisher
        self.encoding = encoding
        self.publisher = Publisher(site_dir, build_date=build_date) if site_dir is not None else None
        self.volume: str | None = None  # the volume of the documents being done
        self.front = None  # its front matter
        self._validator: Validator | None = None

    @property
    def validator(self) -> Validator:
        if self._validator is None:
            self._validator = Validator()
        return self._validator

    def load(self) -> None:
        """Compile the schemas and stylesheets now, as a worker does before its first document."""
        self.validator
        if self.publisher is not None:
            self.publisher.compile()

    def documents(self, jobs: list[Job]) -> list[DocJobResult]:
        """Every per-document stage, for each document of a chunk. The chunk
        goes through one stage after the other (all encoded, then all validated,
        then all rendered): each stage's code and data stay in the processor's
        caches, which makes the whole about a fifth cheaper than taking each
        document through every stage in turn. The TEI is parsed by Saxon once
        for both validation and rendering."""
        docs = [self._encode(job) for job in jobs]
        for job, d in zip(jobs, docs):
            self._validate(job, d)
        for job, d in zip(jobs, docs):
            self._render_body(job, d)
        return [_result(job, d) for job, d in zip(jobs, docs)]

    def _encode(self, job: Job) -> _InProgress:
        t0 = time.perf_counter()
        volume_id = job.volume["id"]
        if self.volume != volume_id:  # documents come volume by volume: the last one's is let go
            self.volume, self.front = volume_id, _unpack(job.front)
        data = key = None
        if job.key_base is not None:
            try:
                data = job.path.read_bytes()
                key = source_key(job.key_base, job.position, job.path, data)
            except OSError:
                pass  # encode_document reads it again and reports why it cannot
        try:
            tree, rep, doc = encode_document(job.path, job.volume, job.position, self.front,
                                             self.encoding, data)
        except Exception as err:  # one document must never stop the others: report it as its own failure
            tree, doc, rep = None, None, Reporter(str(job.path))
            rep.error("internal", f"the document could not be encoded ({type(err).__name__}: {err})")
        return _InProgress(tree, rep, doc, {"encode": time.perf_counter() - t0}, key)

    def _validate(self, job: Job, d: _InProgress) -> None:
        """Validate the encoded tree and, when it has no errors, write it."""
        t1 = time.perf_counter()
        data = None
        if d.tree is not None:
            data = writer.serialize(d.tree)
            try:
                d.node = parse(data.decode("utf-8"))
                d.rep.messages += self.validator.check(d.tree, str(job.path), parsed=d.node)
            except Exception as err:  # one document must never stop the others (Saxon's own limits)
                d.node = None
                d.rep.error("internal", f"the document could not be validated ({type(err).__name__}: {err})")
            d.tree = None  # not held to the chunk's end
        t2 = time.perf_counter()
        if data is not None and not d.rep.errors:
            write_new(job.target, data)
            d.written = job.target
        d.seconds.update(validate=t2 - t1, write=time.perf_counter() - t2)

    def _render_body(self, job: Job, d: _InProgress) -> None:
        t3 = time.perf_counter()
        if d.written is not None and self.publisher is not None:
            try:
                summary, d.body = self.publisher.render_body(job.volume, d.node)
                d.summary = packed_summary(summary)
            except Exception as err:  # one page must never stop the others
                d.rep.error("page", f"the page could not be written ({type(err).__name__}: {err})")
        d.node = None
        d.seconds["render"] = time.perf_counter() - t3

    def render_page(self, args) -> tuple[bytes | None, float, str | None]:
        """A reused document's page, again, when its neighbours changed: (summary, seconds, error)."""
        volume, tei_path, doc_id, prev_id, next_id = args
        t0 = time.perf_counter()
        try:
            summary = packed_summary(self.publisher.render_document(volume, tei_path, prev_id, next_id,
                                                                    f"{doc_id}.xml"))
        except Exception as err:  # one page must never stop the others
            return None, time.perf_counter() - t0, f"the page could not be written ({type(err).__name__}: {err})"
        return summary, time.perf_counter() - t0, None

    def volume_file(self, args) -> list:
        """One volume's TEI file, written and then checked from the file, so its
        problems carry line and column; then named by the text they come from
        (``locate``). Its documents passed every rule in their own files, so
        the file's check runs the grammar in full and the rules of the volume phase."""
        from ..volume import volume_file
        from .locate import in_texts
        meta, front, sources, target, name, texts = args
        fm = self.front if meta["id"] == self.volume else _unpack(front)
        write_new(target, volume_file(meta, fm.front_divs() if fm is not None else [],
                                      [p.read_bytes() for p in sources]))
        problems = self.validator.check(target, name, phase=VOLUME_PHASE)
        return in_texts(problems, target, name, texts, meta, fm, self.encoding)


def _unpack(front: bytes | None):
    return None if front is None else pickle.loads(front)  # made by this build's own process (pack_front)


def _result(job: Job, d: _InProgress) -> DocJobResult:
    rep = d.rep
    entry = rep.to_dict()
    entry["id"] = d.doc.doc_id if d.doc is not None else None
    entry["written"] = d.written is not None
    result = DocResult(str(job.path), entry["id"], d.written, pack(json_bytes(entry)), len(rep.errors),
                       len(rep.warnings), rep.lines(),
                       d.seconds)
    return DocJobResult(result, d.summary, d.body, d.key)


# ---- the process's worker, and the functions the pool runs on it
_this: Worker | None = None


def start(encoding: str, site_dir: Path | None, build_date: str | None, worker: bool = True) -> Worker:
    """This process's worker. A worker process compiles the schemas and
    stylesheets at once; the main process, which writes page shells and
    indexes, only when it has documents of its own to do."""
    global _this
    _this = Worker(encoding, site_dir, build_date)
    if worker:
        _die_with_parent()
        _this.load()
        gc.freeze()  # what was loaded lives as long as the worker: no collection need look at it
    return _this


def _die_with_parent() -> None:
    """A worker whose build is killed outright stops too (Linux), instead of
    lingering with its memory."""
    try:
        import ctypes
        import signal
        PR_SET_PDEATHSIG = 1
        ctypes.CDLL(None).prctl(PR_SET_PDEATHSIG, int(signal.SIGKILL))
    except (OSError, AttributeError):
        pass


def document_jobs(jobs: list[Job]) -> list[DocJobResult]:
    return _this.documents(jobs)


def render_jobs(chunk: list) -> list:
    return [_this.render_page(args) for args in chunk]


def volume_job(args) -> list:
    return _this.volume_file(args)
