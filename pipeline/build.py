"""Orchestration: find volumes and documents, run the stages, write the outputs.

Per document the stages are pure functions of their inputs: ``encode_document``
(text → TEI), validation, and the publisher's ``render_body`` (TEI → page body
and summary). A pool of worker processes runs them in one job per document;
the main process takes the results in volume order, writes each page around
its body once the document's neighbours are known, and each volume's indexes
once its last document is in, while the workers write the volume files. The
search index and the report come last.

Builds are incremental and atomic. Each document's inputs are hashed into a
key (its text, its pins, the volume's metadata and front matter, and the code,
schemas and templates that shape its output); the previous build's manifest
says which outputs a key produced. The new build is assembled in a staging
folder that starts as a hard-linked copy of the previous one, only what
changed is redone (always by writing new files, never into a linked one), and
the staging folder is then swapped in. An interrupted build leaves the
previous output as it was; a second build of the same folder at the same time
is refused.
"""
from __future__ import annotations

import collections
import gc
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import time
import tomllib
import zlib
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from multiprocessing import get_context
from pathlib import Path

from . import __version__, annotate, parser, reader, resolve, sidecar, writer
from .files import link_new, write_atomic, write_new
from .report import Message, Reporter
from .schematron import parse
from .validate import VOLUME_PHASE, Validator

FRONT_MATTER = {"persons.txt", "terms.txt"}
PACKAGE = Path(__file__).resolve().parent
PROJECT = PACKAGE.parent
MANIFEST = ".manifest.json"


# ------------------------------------------------------------------ discovery
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
    m = re.fullmatch(r"d?(\d+)", stem)
    return str(int(m.group(1))) if m else None


# ------------------------------------------------------------ one document
def encode_document(path: Path, volume: dict, position: int, frontmatter=None, encoding: str = "utf-8",
                    data: bytes | None = None) -> tuple[object, Reporter, object]:
    """Text file → (TEI tree or None, reporter, parsed Document or None)."""
    rep = Reporter(str(path))
    try:
        source = reader.read_bytes(path, data if data is not None else path.read_bytes(), rep, encoding)
    except reader.ReadError as err:
        rep.error(err.code, err.message, err.line, err.column)
        return None, rep, None
    except OSError as err:
        rep.error("unreadable", f"cannot read file: {err.strerror}")
        return None, rep, None
    try:
        pins = sidecar.load(path)
    except sidecar.PinError as err:
        rep.error("pins-invalid", str(err))
        pins = {}
    from_name = number_from_name(path.stem)
    doc = parser.parse(source, rep, "d" + (from_name or str(position)), from_name)
    if rep.errors:
        return None, rep, doc
    resolve.resolve(doc, rep, pins)
    rep.facts.update(_facts(doc, from_name))
    div = writer.write_div(doc, rep)
    if frontmatter is None:
        frontmatter = annotate.Frontmatter()
    ctx = annotate.AnnotateContext(frontmatter=frontmatter, reporter=rep, pins=pins,
                                   volume_id=volume["id"], doc_id=doc.doc_id)
    result = annotate.annotate(div, ctx)
    tree = writer.tei_document(div, doc, volume, path.name, source.text.encode("utf-8"), result.date_when,
                               annotate.back_matter(frontmatter, result))
    return tree, rep, doc


def _facts(doc, from_name: str | None) -> dict:
    """The decisions a reader of the report wants first, per document."""
    kinds = [b.kind for b in doc.blocks]
    head = next((b.text.text for b in doc.blocks if b.kind == "head"), "")
    printed = parser.PRINTED_NUMBER.match(head)
    return {
        "id": doc.doc_id,
        "id_from": "heading" if printed else "file name" if from_name else "position",
        "subtype": doc.subtype,
        "blocks": {k: kinds.count(k) for k in sorted(set(kinds))},
        "lists": [b.list_type for b in doc.blocks if b.kind == "list" and b.list_type],
        "notes": len(doc.notes),
        "notes_unplaced": [doc.notes[i - 1].printed for i in doc.unplaced],
    }


# ------------------------------------------------------------- the workers
@dataclass
class Job:
    """One document, as sent to a worker."""

    path: Path
    volume: dict
    position: int
    target: Path  # where its TEI goes, in the staging folder
    key_base: str | None = None  # set when the build has not hashed the text: the worker hashes what it reads


@dataclass
class Encoded:
    source: str
    doc_id: str | None
    target: Path | None  # the TEI written, None when the document failed
    report: bytes  # its entry in report.json, as JSON (maybe packed, see ``_pack``), not as Python objects
    errors: int
    warnings: int
    lines: list  # its warnings and errors as file:line:column lines, for the terminal
    seconds: dict

    def add_error(self, code: str, text: str, line: int | None = None, column: int | None = None,
                  refused: bool = False) -> None:
        """An error found after the worker was done (a duplicate id, a page that failed)."""
        message = Message("error", code, text, line, column)
        report = json.loads(_unpack(self.report))
        report["messages"].append(asdict(message))
        if refused:
            report["written"] = False
        self.report = _pack(_json_bytes(report))
        self.lines.append(message.format(self.source))
        self.errors += 1


_worker: dict = {}


def _init_worker(frontmatters: dict, encoding: str, site_dir: Path | None, build_date: str | None,
                 worker: bool = True) -> None:
    """Load once per process what every document needs. A worker compiles the
    schemas and stylesheets at once; the main process, which writes page
    shells and indexes, only when it has documents of its own to do."""
    from .publish import Publisher
    _worker.clear()
    _worker.update(frontmatters=frontmatters, encoding=encoding,
                   publisher=Publisher(site_dir, build_date=build_date) if site_dir is not None else None)
    if worker:
        _die_with_parent()
        _validator()
        if _worker["publisher"] is not None:
            _worker["publisher"].compile()
        gc.freeze()  # what was loaded lives as long as the worker: no collection need look at it


# Python's cyclic collector at its defaults runs every 700 allocations and at
# times walks every object alive. The main process keeps what it makes to the
# end of the build (an entry per document), so those walks find almost
# nothing to free yet took a fifth of its CPU; collecting less often brings
# that to a twentieth or less. Reference counting still frees all but cycles
# at once.
# The workers keep the defaults: what they make dies with each chunk, and
# fewer collections there would raise their peak memory for little gain.
_COLLECTOR = (20_000, 20, 100)


@contextmanager
def _collector():
    """The main process's collector tuned for a build, and put back after it."""
    before = gc.get_threshold()
    gc.set_threshold(*_COLLECTOR)
    try:
        yield
    finally:
        gc.set_threshold(*before)


def _validator() -> Validator:
    if "validator" not in _worker:
        _worker["validator"] = Validator()
    return _worker["validator"]


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


def _document_jobs(jobs: list[Job]) -> list[tuple[Encoded, bytes | None, str | None, str | None]]:
    """Every per-document stage, for each document of a chunk: (result, summary
    as JSON, page body, key of the inputs if the job asked for it). The chunk
    goes through one stage after the other (all encoded, then all validated,
    then all rendered): each stage's code and data stay in the processor's
    caches, which makes the whole about a fifth cheaper than taking each
    document through every stage in turn. The TEI is parsed by Saxon once for
    both validation and rendering. The page shell is written by the caller,
    which knows the document's neighbours."""
    docs = [_encode_job(job) for job in jobs]
    for job, d in zip(jobs, docs):
        _validate_job(job, d)
    for job, d in zip(jobs, docs):
        _render_body_job(job, d)
    return [_result(job, d) for job, d in zip(jobs, docs)]


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


def _encode_job(job: Job) -> _InProgress:
    t0 = time.perf_counter()
    frontmatters, volume_id = _worker["frontmatters"], job.volume["id"]
    if _worker.get("volume") != volume_id:  # documents come volume by volume
        if _worker.get("volume") in frontmatters:
            frontmatters[_worker["volume"]].forget()
        _worker["volume"] = volume_id
    data = key = None
    if job.key_base is not None:
        try:
            data = job.path.read_bytes()
            key = source_key(job.key_base, job.position, job.path, data)
        except OSError:
            pass  # encode_document reads it again and reports why it cannot
    try:
        tree, rep, doc = encode_document(job.path, job.volume, job.position, frontmatters.get(volume_id),
                                         _worker["encoding"], data)
    except Exception as err:  # one document must never stop the others: report it as its own failure
        tree, doc, rep = None, None, Reporter(str(job.path))
        rep.error("internal", f"the document could not be encoded ({type(err).__name__}: {err})")
    return _InProgress(tree, rep, doc, {"encode": time.perf_counter() - t0}, key)


def _validate_job(job: Job, d: _InProgress) -> None:
    """Validate the encoded tree and, when it has no errors, write it."""
    t1 = time.perf_counter()
    data = None
    if d.tree is not None:
        data = writer.serialize(d.tree)
        d.node = parse(data.decode("utf-8"))
        for problem in _validator().check(d.tree, str(job.path), parsed=d.node):
            d.rep.messages.append(problem.as_message())
        d.tree = None  # not held to the chunk's end
    t2 = time.perf_counter()
    if data is not None and not d.rep.errors:
        write_new(job.target, data)
        d.written = job.target
    d.seconds.update(validate=t2 - t1, write=time.perf_counter() - t2)


def _render_body_job(job: Job, d: _InProgress) -> None:
    t3 = time.perf_counter()
    publisher = _worker["publisher"]
    if d.written is not None and publisher is not None:
        try:
            summary, d.body = publisher.render_body(job.volume, d.node)
            d.summary = _packed_summary(summary)
        except Exception as err:  # one page must never stop the others
            d.rep.error("page", f"the page could not be written ({type(err).__name__}: {err})")
    d.node = None
    d.seconds["render"] = time.perf_counter() - t3


def _result(job: Job, d: _InProgress) -> tuple[Encoded, bytes | None, str | None, str | None]:
    rep = d.rep
    entry = rep.to_dict()
    entry["id"] = d.doc.doc_id if d.doc is not None else None
    entry["written"] = d.written is not None
    return Encoded(str(job.path), entry["id"], d.written, _pack(_json_bytes(entry)), len(rep.errors),
                   len(rep.warnings), [m.format(str(job.path)) for m in rep.messages if m.level != "info"],
                   d.seconds), d.summary, d.body, d.key


def _render_job(args) -> tuple[bytes | None, float, str | None]:
    """A reused document's page, again, when its neighbours changed: (summary, seconds, error)."""
    volume, tei_path, doc_id, prev_id, next_id = args
    t0 = time.perf_counter()
    try:
        summary = _packed_summary(_worker["publisher"].render_document(volume, tei_path, prev_id, next_id,
                                                                       f"{doc_id}.xml"))
    except Exception as err:  # one page must never stop the others
        return None, time.perf_counter() - t0, f"the page could not be written ({type(err).__name__}: {err})"
    return summary, time.perf_counter() - t0, None


def _render_jobs(chunk: list) -> list:
    return [_render_job(args) for args in chunk]


def _volume_job(args) -> list:
    """One volume's TEI file, written and then checked from the file, so its
    problems carry line and column; they are named where the file will be.
    Its documents passed every rule in their own files, so the file's check
    runs the grammar in full and the rules of the volume phase."""
    from .volume import volume_file
    meta, sources, target, shown = args
    fm = _worker["frontmatters"].get(meta["id"])
    write_new(target, volume_file(meta, fm.front_divs() if fm is not None else [], [p.read_bytes() for p in sources]))
    return _validator().check(target, shown, phase=VOLUME_PHASE)


# ------------------------------------------------------------- the build
def digest(*parts) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(part if isinstance(part, bytes) else repr(part).encode("utf-8"))
        h.update(b"\0")
    return h.hexdigest()


def source_key(base: str, position: int, path: Path, data: bytes) -> str:
    """The key of a document's inputs: ``base`` (the code, the volume's lists
    and settings, the encoding), its place in the volume, its name, its text
    and its pins."""
    return digest(base, position, path.name, data, _file_bytes(sidecar.path_for(path)))


def tree_digest(*roots: Path) -> str:
    """A hash of every file under the given folders: the code and data that shape output."""
    h = hashlib.sha256(__version__.encode())
    for root in roots:
        if root.is_file():
            h.update(root.read_bytes())
            continue
        for path in sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
            h.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes())
    return h.hexdigest()


def _file_bytes(path: Path) -> bytes:
    return path.read_bytes() if path.exists() else b""


class BuildLocked(Exception):
    pass


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


def _clone(old: Path, stage: Path) -> None:
    """The staging folder starts as hard links to the previous build's files
    (GNU cp makes tens of thousands of links several times faster than Python)."""
    if sys.platform.startswith("linux") and shutil.which("cp"):
        if subprocess.run(["cp", "-al", "--", str(old), str(stage)], capture_output=True).returncode == 0:
            return
        shutil.rmtree(stage, ignore_errors=True)
    shutil.copytree(old, stage, copy_function=link_new, symlinks=True)


def _progress(total: int, label: str):
    if not sys.stderr.isatty() or total < 50:
        return None
    from tqdm import tqdm
    return tqdm(total=total, desc=label, unit="doc", file=sys.stderr, leave=False)


def _imap(fn, items, jobs: int, progress_label: str, pool):
    """``fn`` over ``items`` in chunks (``fn`` takes a chunk, gives its results),
    in the pool if there is one; results in order, as they come. A few chunks
    at a time are handed to the pool, so that other work given to it meanwhile
    (a finished volume's file) runs between them."""
    bar = _progress(len(items), progress_label)
    size = max(1, min(32, len(items) // (jobs * 8) or 1))
    chunks = [items[i:i + size] for i in range(0, len(items), size)]
    batches = map(fn, chunks) if pool is None else _windowed(pool, fn, chunks, 2 * jobs)
    for batch in batches:
        for result in batch:
            if bar:
                bar.update()
            yield result
    if bar:
        bar.close()


def _windowed(pool, fn, chunks: list, window: int):
    """Each chunk's results, in order, with at most ``window`` chunks in the pool."""
    pending = collections.deque()
    for chunk in chunks:
        pending.append(pool.submit(fn, chunk))
        if len(pending) >= window:
            yield pending.popleft().result()
    while pending:
        yield pending.popleft().result()


class _Pages:
    """Document pages, written in volume order. A page links to its
    neighbours, so each is written once the next document's id is known. A
    reused document keeps its page unless a neighbour changed; then its page
    is rendered again from its TEI, after the others (``finish``)."""

    def __init__(self, site_dir: Path, render_key: str):
        self.site_dir, self.render_key = site_dir, render_key
        self.volume = None
        self.volume_key = ""  # the render key and the volume's settings, hashed once per volume
        self.held: list = []  # [previous id, entry, body, fresh] of the document waiting for its next
        self.redo: list = []
        self.summaries: dict[int, object] = {}  # the volume's, by id() of their entries: made once, page and indexes

    def add(self, vol: Volume, entry: dict, body: str | None, fresh: bool) -> None:
        """The next document of ``vol`` (the volume of those before it, until ``end_volume``)."""
        prev_id = None
        if self.held:
            prev_id = self.held[1]["encoded"].doc_id
            self._write(entry["encoded"].doc_id)
        if vol is not self.volume:
            self.volume_key = digest(self.render_key, sorted(vol.meta.items()))
        self.volume = vol
        self.held = [prev_id, entry, body, fresh]

    def end_volume(self) -> None:
        """The volume's last page: it has no next document."""
        if self.held:
            self._write(None)
            self.held = []

    def summary(self, entry: dict):
        """The entry's DocumentSummary, made once for its page and its volume's indexes."""
        doc = self.summaries.get(id(entry))
        if doc is None:
            doc = self.summaries[id(entry)] = _summary(entry["summary"])
        return doc

    def finish(self, render_all) -> float:
        """Redo the reused pages whose neighbours changed, with ``render_all``;
        returns the seconds spent rendering."""
        seconds = 0.0
        for (entry, page_key, _), (summary, spent, error) in zip(self.redo, render_all([r[2] for r in self.redo])):
            seconds += spent
            entry.update(page_key=None if error else page_key, summary=summary)
            if error:
                entry["encoded"].add_error("page", error)
        return seconds

    def _write(self, next_id: str | None) -> None:
        prev_id, entry, body, fresh = self.held
        vol, enc = self.volume, entry["encoded"]
        page_key = digest(self.volume_key, entry["key"], prev_id, next_id)
        html = self.site_dir / vol.id / f"{enc.doc_id}.html"
        tei = html.with_suffix(".xml")
        if fresh:
            if body is not None:  # None: the page failed, as the report says
                _worker["publisher"].write_page(vol.meta, self.summary(entry), body, prev_id, next_id,
                                                tei.name)
                link_new(enc.target, tei)
                entry["page_key"] = page_key
        elif entry.get("page_key") != page_key or not (html.exists() and tei.exists()):
            html.unlink(missing_ok=True)
            tei.unlink(missing_ok=True)
            self.redo.append((entry, page_key, (vol.meta, enc.target, enc.doc_id, prev_id, next_id)))


def build(src: Path, out: Path, strict: bool = False, encoding: str = "utf-8", echo=print, jobs: int | None = None,
          site: bool = True, search: bool = True, incremental: bool = True, build_date: str | None = None,
          review: bool = True) -> int:
    """Build every volume under SRC into OUT. Returns the exit status. ``review``:
    write the editors' review page with the site (``publish.review``)."""
    out, src = out.resolve(), src.resolve()
    if out == src or src.is_relative_to(out):
        echo(f"{out}: the output folder would replace the texts in {src}; choose another --out")
        return 2
    if out.exists() and not (out / MANIFEST).exists() and any(out.iterdir()):
        echo(f"{out}: the folder holds files that no build wrote; a build replaces its --out folder whole, "
             "so choose an empty or new folder")
        return 2
    volumes, broken = discover(src, echo)
    if not volumes:
        if not broken:
            echo(f"{src}: no text files (*.txt) found")
        return 2
    try:
        with build_lock(out):
            status = _build(volumes, out, strict, encoding, echo, jobs or os.cpu_count() or 1, site, search,
                            incremental, build_date, review)
            return max(status, 1 if broken else 0)
    except BuildLocked as err:
        echo(str(err))
        return 2


def _build(volumes, out: Path, strict, encoding, echo, jobs, site, search, incremental, build_date, review) -> int:
    with _collector():
        return _Build(volumes, out, strict, encoding, echo, jobs, site, search, incremental, build_date, review).run()


class _Build:
    """One build, in the order of ``run``: plan (what changed since the
    previous build), documents (streamed from the workers, volume by volume),
    the site-level pages, the volume files' problems, search, and the report,
    manifest and swap."""

    def __init__(self, volumes, out: Path, strict, encoding, echo, jobs, site, search, incremental, build_date,
                 review=True):
        self.volumes, self.out, self.strict, self.encoding, self.echo = volumes, out, strict, encoding, echo
        self.jobs, self.search, self.incremental, self.build_date = jobs, search, incremental, build_date
        self.t_start = time.perf_counter()
        self.timings: dict[str, float] = {}
        self.stage = out.parent / f".{out.name}.staging"
        self.site_dir = self.stage / "site" if site else None
        self.code_key = tree_digest(PACKAGE, PROJECT / "schemas")
        self.render_key = tree_digest(PROJECT / "xslt", PROJECT / "templates", PACKAGE / "publish")
        self.review = review and site
        self.settings = [self.render_key, site, search, build_date, len(volumes) > 1, [v.id for v in volumes],
                         self.review]
        self.old: dict = {}  # the previous build's manifest, when it can be built upon
        self.docs: dict[str, dict] = {}  # source → its entry in the manifest
        self.members = {vol.id: [str(p) for p in vol.texts] for vol in volumes}
        self.written: dict[str, int] = {}  # volume id → documents with a page
        self.volume_keys: dict[str, str] = {}
        self.index_keys: dict[str, str] = {}
        self.volume_jobs: dict = {}
        self.stage_sum = dict.fromkeys(("encode", "validate", "write", "render"), 0.0)
        self.pool = self.pages = None

    def run(self) -> int:
        if self.stage.exists():
            _remove(self.stage)  # left by an interrupted build
        _recover(self.out)
        # with no previous build to build upon, every document is built: the
        # workers start at once, and each hashes the texts it reads (the key is
        # then of exactly what was encoded). Otherwise the hashes come first, as
        # they may show that nothing changed and no worker is needed.
        clean = not (self.incremental and (self.out / MANIFEST).exists())
        if not clean:
            status = self.plan()
            if status is not None:
                return status
        self.front_matter()
        self.start_workers(sum(len(vol.texts) for vol in self.volumes))
        try:
            if clean:
                self.plan(hashed=False)
            self.prepare()
            jobs_todo = self.todo()
            self.documents(jobs_todo)
            self.site_level()
            self.volume_files()
        finally:
            if self.pool:
                self.pool.shutdown(cancel_futures=True)  # before the search indexer: the workers' memory is freed
        self.search_index()
        return self.finish(len(jobs_todo))

    def start_workers(self, documents: int) -> None:
        """The pool, when there are jobs and documents enough, and this process's share of what they load."""
        init = (self.frontmatters, self.encoding, self.site_dir, self.build_date)
        if self.jobs > 1 and documents > 8:
            # started before the staging folder is made, so that the workers load
            # their schemas and stylesheets meanwhile; fresh interpreters, as
            # compiled stylesheets must not be inherited through fork
            self.pool = ProcessPoolExecutor(max_workers=self.jobs, mp_context=get_context("spawn"),
                                            initializer=_init_worker, initargs=init)
            self.pool.submit(int)  # the pool starts its processes at its first task
        _init_worker(*init, worker=False)

    # ---- what changed
    def plan(self, hashed: bool = True) -> int | None:
        """Hash every document's inputs; when nothing changed, the previous
        build stands (the exit status is returned). Unless ``hashed``, the
        keys are left to the workers (None until ``documents``)."""
        self.front_keys = {vol.id: digest(_file_bytes(vol.folder / "persons.txt"),
                                          _file_bytes(vol.folder / "terms.txt"), sorted(vol.meta.items()))
                           for vol in self.volumes}
        self.key_bases = {vol.id: digest(self.code_key, self.front_keys[vol.id], self.encoding) for vol in self.volumes}
        self.order: list[tuple[Volume, Path, str | None]] = []  # every document, its volume and the key of its inputs
        self.positions: dict[Path, int] = {}
        for vol in self.volumes:
            for position, path in enumerate(vol.texts, 1):
                self.positions[path] = position
                self.order.append((vol, path, source_key(self.key_bases[vol.id], position, path, path.read_bytes())
                                   if hashed else None))
        self.keys = {str(p): k for _, p, k in self.order}
        head = _load_head(self.out / MANIFEST) if self.incremental and hashed else {}
        if head.get("version") != __version__:
            head = {}
        elif head.get("settings") == self.settings and head.get("keys") == self.keys:
            status = _unchanged(self.out, head, self.echo, self.strict, self.t_start)
            if status is not None:
                return status
        self.head = head
        return None

    def prepare(self) -> None:
        """The staging folder, started from the previous build if it can be built upon."""
        if self.head:
            try:
                self.old = _load_manifest(self.out / MANIFEST)
            except (ValueError, KeyError, TypeError, IndexError):  # an unreadable manifest only costs a full rebuild
                self.old = {}
        if self.old:
            _clone(self.out, self.stage)
            (self.stage / MANIFEST).unlink(missing_ok=True)
            for entry in self.old["documents"].values():  # paths are kept relative to the build
                if entry["encoded"].target is not None:
                    entry["encoded"].target = self.stage / entry["encoded"].target
        else:
            self.stage.mkdir(parents=True)

    def front_matter(self) -> None:
        """Each volume's persons and terms lists, read once."""
        self.frontmatters, self.vol_reports = {}, {}
        for vol in self.volumes:
            vrep = Reporter(str(vol.folder))
            self.frontmatters[vol.id] = annotate.load_frontmatter(vol.folder, vrep)
            self.vol_reports[vol.id] = vrep
            for line in vrep.lines():
                self.echo(line)

    def todo(self) -> list[Job]:
        """The documents to build again; the others keep their entries. The
        outputs of documents that are gone or changed go first: a document
        that now fails must not leave its old page behind."""
        old_docs = self.old.get("documents", {})
        several = len(self.volumes) > 1
        jobs_todo = []
        for vol, path, key in self.order:
            target = (self.stage / "tei" / vol.id if several else self.stage / "tei") / f"{path.stem}.xml"
            previous = old_docs.get(str(path))
            if previous and previous["key"] == key and (previous["encoded"].target is None or target.exists()):
                self.docs[str(path)] = previous
            else:
                jobs_todo.append(Job(path, vol.meta, self.positions[path], target,
                                     None if key else self.key_bases[vol.id]))
        self.reused = set(self.docs)
        for source, entry in old_docs.items():
            if source not in self.reused:
                for f in entry.get("files", []):
                    (self.stage / f).unlink(missing_ok=True)
        return jobs_todo

    # ---- documents
    def documents(self, jobs_todo: list[Job]) -> None:
        """Documents, streamed back in volume order: a page is written as soon
        as the next document's id is known, a volume's indexes as soon as its
        last document is in."""
        t0 = time.perf_counter()
        self.timings["documents"] = self.timings["indexes"] = 0.0
        results = _imap(_document_jobs, jobs_todo, self.jobs, "building", self.pool)
        self.pages = _Pages(self.site_dir, self.render_key) if self.site_dir is not None else None
        seen: dict[tuple[str, str], str] = {}
        current = None
        for vol, path, key in self.order:
            if current is not None and vol is not current:
                self.volume_done(current)
            current = vol
            body = None
            fresh = str(path) not in self.reused
            if fresh:
                enc, summary, body, read_key = next(results)
                if key is None:
                    key = self.keys[str(path)] = read_key
                self.docs[str(path)] = {"key": key, "encoded": enc, "page_key": None, "summary": summary}
                for k, v in enc.seconds.items():
                    self.stage_sum[k] += v
                enc.seconds = {}  # this build's figures, summed; the next build does not need them
            entry = self.docs[str(path)]
            enc = entry["encoded"]
            if enc.target is None:
                continue
            ident = (vol.id, enc.doc_id)
            if ident in seen:  # the later document of a duplicate id is refused
                enc.add_error("duplicate-id", f"document id {enc.doc_id} is also the id of {seen[ident]}; "
                              "this document was not written", 1, 1, refused=True)
                enc.target.unlink(missing_ok=True)
                enc.target = None
                entry.update(key=None, summary=None)  # never reuse a refused document
                continue
            seen[ident] = path.name
            if self.pages is not None:
                self.pages.add(vol, entry, body, fresh)
        self.volume_done(current)
        _drop_vanished(self.stage, {v.id for v in self.volumes})
        if self.pages is not None:
            self.stage_sum["render"] += self.pages.finish(
                lambda todo: _imap(_render_jobs, todo, self.jobs, "rendering", self.pool))
        self.timings["documents"] = time.perf_counter() - t0 - self.timings["indexes"]

    def volume_done(self, vol: Volume) -> None:
        """All of a volume's documents are in: start its volume file in the
        workers, and write its index pages while they work."""
        entries = [self.docs[source] for source in self.members[vol.id]]
        for entry in entries:  # the files each document owns, for the next build
            enc = entry["encoded"]
            entry["files"] = [] if enc.target is None else [str(enc.target.relative_to(self.stage))] + (
                [f"site/{vol.id}/{enc.doc_id}.html", f"site/{vol.id}/{enc.doc_id}.xml"] if self.site_dir else [])
        self.volume_keys[vol.id] = digest(self.code_key, self.front_keys[vol.id], [e["key"] for e in entries])
        if (self.old.get("volume_keys", {}).get(vol.id) != self.volume_keys[vol.id]
                or not (self.stage / "volumes" / f"{vol.id}.xml").exists()):
            self.volume_jobs[vol.id] = _volume_job_for(vol, entries, self.stage, self.out, self.pool)
        if self.pages is None:
            return
        t0 = time.perf_counter()
        self.pages.end_volume()
        listed = [e for e in entries if e["summary"] is not None and e["encoded"].target]
        self.written[vol.id] = len(listed)
        # a summary is made from the document's TEI by the render code, so the
        # keys of the documents' inputs stand for their summaries
        self.index_keys[vol.id] = digest(self.render_key, sorted(vol.meta.items()), [e["key"] for e in listed],
                                         [(md.name, md.read_bytes()) for md in sorted(vol.folder.glob("*.md"))])
        folder = self.site_dir / vol.id
        if self.old.get("index_keys", {}).get(vol.id) != self.index_keys[vol.id] \
                or not (folder / "index.html").exists():
            keep = {self.stage / f for e in entries for f in e["files"]}
            # index pages of the previous build that may be gone now (a person no
            # longer named); a clean build's folder holds only this build's pages
            for f in sorted(folder.rglob("*")) if self.old and folder.exists() else []:
                if f.is_file() and f not in keep and "pagefind" not in f.relative_to(folder).parts:
                    f.unlink()
            _worker["publisher"].render_volume(dict(vol.meta, dir=vol.folder), [self.pages.summary(e) for e in listed])
        self.pages.summaries.clear()
        self.timings["indexes"] += time.perf_counter() - t0

    def site_level(self) -> None:
        """The pages above the volumes, when a volume or its count of documents changed."""
        self.site_key = None
        if self.pages is None:
            return
        t0 = time.perf_counter()
        counts = {v.id: self.written[v.id] for v in self.volumes}
        self.site_key = digest(self.render_key, [(v.id, sorted(v.meta.items())) for v in self.volumes], counts)
        if self.site_key != self.old.get("site_key") or not (self.site_dir / "index.html").exists():
            _clear_site_level(self.site_dir, {v.id for v in self.volumes})
            _worker["publisher"].render_site([v.meta for v in self.volumes], counts, None)
        self.timings["indexes"] += time.perf_counter() - t0

    def volume_files(self) -> None:
        """The volume files' problems, as the workers finish them (a volume
        not written again keeps those of the previous build)."""
        t0 = time.perf_counter()
        self.volume_problems: dict[str, list] = {}
        old_problems = self.old.get("volume_problems", {})
        for vol in self.volumes:
            if vol.id in self.volume_jobs:
                problems = [p.as_message() for p in self.volume_jobs[vol.id].result()]
            else:
                problems = old_problems.get(vol.id, [])
            self.volume_problems[vol.id] = problems
            for message in problems:
                self.echo(message.format(str(self.out / "volumes" / f"{vol.id}.xml")))
            self.vol_reports[vol.id].messages.extend(problems)
        self.timings["volumes"] = time.perf_counter() - t0

    def search_index(self) -> None:
        """One bundle per volume, redone when the volume's pages changed."""
        self.search_keys = {}
        site_dir = self.site_dir
        if site_dir is None:
            return
        if self.search:
            self.search_keys = {v.id: digest(self.render_key, sorted(v.meta.items()),
                                             [self.docs[s].get("page_key") for s in self.members[v.id]])
                                for v in self.volumes if self.written.get(v.id)}
        t0 = time.perf_counter()
        for bundle in site_dir.glob("*/pagefind"):  # of volumes gone, or of a build without search
            if bundle.parent.name not in self.search_keys and (bundle / "pagefind.js").exists():
                shutil.rmtree(bundle)
        old_keys = self.old.get("search_keys", {})
        stale = [v for v, k in self.search_keys.items()
                 if old_keys.get(v) != k or not (site_dir / v / "pagefind").exists()]
        if self.search_keys:
            _worker["publisher"].index_search(stale, self.jobs)
            self.timings["search"] = time.perf_counter() - t0

    # ---- the report and the manifest, then the swap
    def finish(self, encoded: int) -> int:
        stage, docs = self.stage, self.docs
        lines, failures, warnings = _messages(self.order, docs)
        for line in lines:
            self.echo(line)
        volume_errors = sum(len(r.errors) for r in self.vol_reports.values())
        counts = {"documents": len(self.order), "encoded": encoded, "reused": len(self.order) - encoded,
                  "failed": failures, "warnings": warnings}
        reports = {s: _unpack(e["encoded"].report) for s, e in docs.items()}  # for the report and the manifest
        volume_reports = [{"id": v.id, "source": str(v.folder),
                           "messages": self.vol_reports[v.id].to_dict()["messages"],
                           "documents": [reports[s] for s in self.members[v.id]]}
                          for v in self.volumes]
        timings = {**{k: round(v, 3) for k, v in self.timings.items()},
                   "stages (summed over workers)": {k: round(v, 3) for k, v in self.stage_sum.items()},
                   "total": round(time.perf_counter() - self.t_start, 3)}
        write_new(stage / "report.json", _report_bytes(counts, timings, volume_reports))
        self.review_page(volume_reports)
        for entry in docs.values():
            if entry["encoded"].target is not None:
                entry["encoded"].target = entry["encoded"].target.relative_to(stage)
        head = {"version": __version__, "settings": self.settings, "keys": self.keys, "counts": counts,
                "volume_errors": volume_errors, "messages": lines}
        state = {"documents": {s: {k: v for k, v in e.items() if k != "summary"} for s, e in docs.items()},
                 "index_keys": self.index_keys, "site_key": self.site_key,
                 "search_keys": self.search_keys, "volume_keys": self.volume_keys,
                 "volume_problems": self.volume_problems}
        # the manifest: the head (all a build that changes nothing reads), the
        # state, then each document's report and then each one's summary on a
        # line of its own, in the state's order
        write_new(stage / MANIFEST, b"\n".join([_json_bytes(head), _json_bytes(state, default=_plain),
                                                *reports.values(),
                                                *(_unpack(e["summary"] or b"null") for e in docs.values()), b""]))
        _swap(stage, self.out)
        return _outcome(self.out, len(self.order), failures, warnings, volume_errors, self.strict, self.echo)


    def review_page(self, volume_reports: list) -> None:
        """The editors' review page, from the report's records; left out
        with --no-review, or when a volume's folder would take its name."""
        if self.site_dir is None:
            return
        from .publish.review import FOLDER, write_review
        if FOLDER in {v.id for v in self.volumes}:
            if self.review:
                self.echo(f"a volume is named {FOLDER}: the review page, which would take its folder, is left out")
            return
        shutil.rmtree(self.site_dir / FOLDER, ignore_errors=True)  # the previous build's, linked
        if not self.review:
            return
        base = Path(os.path.commonpath([v.folder.parent for v in self.volumes]))
        write_review(_worker["publisher"], [dict(v, documents=[json.loads(d) for d in v["documents"]])
                                            for v in volume_reports], base)


def _json_bytes(data, indent: int | None = None, default=None) -> bytes:
    """JSON in UTF-8; a file name that is not UTF-8 (kept by Python as lone
    surrogates) is written as \\u escapes instead, which read back the same."""
    try:
        return json.dumps(data, ensure_ascii=False, indent=indent, default=default).encode("utf-8")
    except UnicodeEncodeError:
        return json.dumps(data, ensure_ascii=True, indent=indent, default=default).encode("ascii")


def _plain(value):
    """The manifest holds plain data only, so a tampered file can mislead a
    build but never run code in it: paths as strings, records as objects
    (a document's report goes on its own line)."""
    if isinstance(value, Path):
        return str(value)
    return {k: v for k, v in vars(value).items() if k != "report"} if isinstance(value, Encoded) else vars(value)


REPORT_VOLUMES = b'\n "volumes": ['


def _report_bytes(counts: dict, timings: dict, volumes: list) -> bytes:
    """report.json, laid out for people and for speed: counts and timings
    first (a build that changes nothing rewrites only them, see
    ``_unchanged``), then each document's report on a line of its own."""
    out = [b'{\n "counts": ' + _json_bytes(counts) + b',\n "timings": ' + _json_bytes(timings) + b",",
           REPORT_VOLUMES[1:]]
    for i, vol in enumerate(volumes):
        about = _json_bytes({k: v for k, v in vol.items() if k != "documents"})
        out.append(b"  " + about[:-1] + b', "documents": [')
        docs = vol["documents"]
        out += [b"   " + d + (b"," if k + 1 < len(docs) else b"") for k, d in enumerate(docs)]
        out.append(b"  ]}" + (b"," if i + 1 < len(volumes) else b""))
    out += [b" ]", b"}", b""]
    return b"\n".join(out)


def _load_head(path: Path) -> dict:
    """The manifest's first line: what a build that changes nothing needs."""
    try:
        with open(path, "rb") as f:
            head = json.loads(f.readline())
        return head if isinstance(head, dict) else {}
    except (OSError, ValueError):
        return {}


def _load_manifest(path: Path) -> dict:
    """The previous build's state; reports and summaries stay JSON until needed."""
    lines = path.read_bytes().split(b"\n")
    manifest = json.loads(lines[1])
    n = len(manifest["documents"])
    if len(lines) != 2 * n + 3:
        raise ValueError("the manifest's reports and summaries do not match its documents")
    for entry, report, summary in zip(manifest["documents"].values(), lines[2:], lines[2 + n:]):
        enc = entry["encoded"]
        entry["encoded"] = Encoded(**dict(enc, target=Path(enc["target"]) if enc["target"] else None, report=report))
        entry["summary"] = None if summary == b"null" else summary
    manifest["volume_problems"] = {v: [Message(**m) for m in ms] for v, ms in manifest["volume_problems"].items()}
    return manifest


def _pack(data: bytes) -> bytes:
    """JSON as the main process keeps it until the end of the build: zlib
    packs a document's report or summary to about half. Packed data starts
    with zlib's 0x78, JSON with "{" or "n" (null), which is how ``_unpack``
    tells them apart: what a previous build's manifest gives is plain JSON."""
    return zlib.compress(data, 1)


def _unpack(data: bytes) -> bytes:
    return zlib.decompress(data) if data[:1] == b"\x78" else data


def _packed_summary(summary) -> bytes:
    """A document's summary as a worker hands it back: JSON, packed."""
    return _pack(_json_bytes(summary, default=_plain))


def _summary(data: bytes):
    """A document's summary, from the JSON the worker made of it."""
    from .publish import DocumentSummary
    return DocumentSummary.from_dict(json.loads(_unpack(data)))


def _unchanged(out: Path, head: dict, echo, strict: bool, t_start: float) -> int | None:
    """Nothing that shapes the output changed: the previous build stands. Its
    messages are told again and its report gets this run's counts and time,
    spliced in front of the documents' reports, which stay as they were.
    None when the report is not as a build left it: then the build runs."""
    try:
        old = (out / "report.json").read_bytes()
    except OSError:
        return None
    rest = old.find(REPORT_VOLUMES)
    if not old.startswith(b'{\n "counts": ') or rest < 0:
        return None
    for line in head["messages"]:
        echo(line)
    counts = dict(head["counts"], encoded=0, reused=head["counts"]["documents"])
    head_bytes = _report_bytes(counts, {"total": round(time.perf_counter() - t_start, 3)}, [])
    write_atomic(out / "report.json", head_bytes[:head_bytes.find(REPORT_VOLUMES)] + old[rest:])
    return _outcome(out, counts["documents"], counts["failed"], counts["warnings"], head["volume_errors"], strict,
                    echo, " (nothing changed)")


def _messages(order, docs: dict) -> tuple[list[str], int, int]:
    """Every document's warnings and errors, as file:line:column lines; the
    number of documents that failed and of warnings."""
    lines = [line for _, path, _ in order for line in docs[str(path)]["encoded"].lines]
    failures = sum(1 for _, p, _ in order if docs[str(p)]["encoded"].errors)
    return lines, failures, sum(docs[str(p)]["encoded"].warnings for _, p, _ in order)


def _outcome(out: Path, total: int, failures: int, warnings: int, volume_errors: int, strict: bool, echo,
             note: str = "") -> int:
    """The closing line and the exit status."""
    echo(f"built {total - failures} of {total} documents into {out}{note}"
         + (f"; {failures} failed" if failures else "") + (f"; {warnings} warnings" if warnings else ""))
    return 1 if failures or volume_errors or (strict and warnings) else 0


class _Done:
    """A finished result, shaped like a future's."""

    def __init__(self, value):
        self.value = value

    def result(self):
        return self.value


def _volume_job_for(vol: Volume, entries: list, stage: Path, out: Path, pool):
    """Start writing and checking a volume's TEI file; a future of its problems."""
    target = stage / "volumes" / f"{vol.id}.xml"
    sources = [e["encoded"].target for e in entries if e["encoded"].target is not None]
    if not sources:  # no document left: no volume file (the job's write_new replaces one otherwise)
        target.unlink(missing_ok=True)
        return _Done([])
    args = (vol.meta, sources, target, str(out / target.relative_to(stage)))
    return pool.submit(_volume_job, args) if pool else _Done(_volume_job(args))


def _drop_vanished(stage: Path, volume_ids: set) -> None:
    """The TEI folders and volume files of volumes no longer built."""
    for f in (stage / "volumes").glob("*.xml"):
        if f.stem not in volume_ids:
            f.unlink()
    tei = stage / "tei"
    for d in tei.iterdir() if tei.exists() else []:
        if d.is_dir() and d.name not in volume_ids:
            shutil.rmtree(d)


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


def _swap(stage: Path, out: Path) -> None:
    """Put the finished build in place. Where the system can exchange two
    folders in one step (Linux renameat2), readers see the old build or the new
    one, never none; elsewhere the old build is moved aside first, and a build
    killed in between is recovered by the next one (see ``_recover``)."""
    old = out.parent / f".{out.name}.old"
    if old.exists():
        _remove(old)
    if out.exists() and _exchange(stage, out):
        _remove(stage)
        return
    if out.exists():
        out.rename(old)
    stage.rename(out)
    if old.exists():
        _remove(old)


def _remove(folder: Path) -> None:
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


def _recover(out: Path) -> None:
    """A build killed between moving the old output aside and moving the new
    one in leaves only the old one, aside: put it back."""
    old = out.parent / f".{out.name}.old"
    if old.exists() and not out.exists():
        old.rename(out)
