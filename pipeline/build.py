"""Orchestration: find volumes and documents, run the stages, write the outputs.

Per document the stages are pure functions of their inputs: ``encode_document``
(text → validated TEI) and the publisher's ``render_document`` (TEI → page). The
build maps them over a pool of worker processes, then writes the indexes, the
volume files, the search index and the report.

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

import hashlib
import json
import os
import re
import shutil
import sys
import time
import tomllib
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from multiprocessing import get_context
from pathlib import Path

from . import __version__, annotate, parser, reader, resolve, sidecar, writer
from .report import Message, Reporter
from .validate import Validator

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
    """One document's encoding, as sent to a worker."""

    path: Path
    volume: dict
    position: int
    target: Path  # where its TEI goes, in the staging folder


@dataclass
class Encoded:
    source: str
    doc_id: str | None
    target: Path | None  # the TEI written, None when the document failed
    report: dict
    errors: int
    warnings: int
    seconds: dict


_worker: dict = {}


def _init_worker(frontmatters: dict, encoding: str, site_dir: Path | None, build_date: str | None,
                 worker: bool = True) -> None:
    """Load once per process what every document needs: compiled schemas and stylesheets."""
    from .publish import Publisher
    if worker:
        _die_with_parent()
    _worker.update(frontmatters=frontmatters, encoding=encoding, validator=Validator(),
                   publisher=Publisher(site_dir, build_date=build_date) if site_dir is not None else None)


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


def _encode_job(job: Job) -> Encoded:
    t0 = time.perf_counter()
    try:
        tree, rep, doc = encode_document(job.path, job.volume, job.position,
                                         _worker["frontmatters"].get(job.volume["id"]), _worker["encoding"])
    except Exception as err:  # one document must never stop the others: report it as its own failure
        tree, doc, rep = None, None, Reporter(str(job.path))
        rep.error("internal", f"the document could not be encoded ({type(err).__name__}: {err})")
    t1 = time.perf_counter()
    if tree is not None:
        for problem in _worker["validator"].check(tree, str(job.path)):
            rep.messages.append(problem.as_message())
    t2 = time.perf_counter()
    written = None
    if tree is not None and not rep.errors:
        write_atomic(job.target, writer.serialize(tree))
        written = job.target
    entry = rep.to_dict()
    entry["id"] = doc.doc_id if doc is not None else None
    entry["written"] = written is not None
    return Encoded(str(job.path), entry["id"], written, entry, len(rep.errors), len(rep.warnings),
                   {"encode": t1 - t0, "validate": t2 - t1, "write": time.perf_counter() - t2})


def _render_job(args) -> tuple[object, float, str | None]:
    """A document's page, with its TEI beside it as <doc id>.xml: (summary, seconds, error)."""
    volume, tei_path, doc_id, prev_id, next_id = args
    t0 = time.perf_counter()
    try:
        summary = _worker["publisher"].render_document(volume, tei_path, prev_id, next_id, f"{doc_id}.xml")
    except Exception as err:  # one page must never stop the others
        return None, time.perf_counter() - t0, f"the page could not be written ({type(err).__name__}: {err})"
    return summary, time.perf_counter() - t0, None


# ------------------------------------------------------------- the build
def digest(*parts) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(part if isinstance(part, bytes) else repr(part).encode("utf-8"))
        h.update(b"\0")
    return h.hexdigest()


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
    """The staging folder starts as hard links to the previous build's files."""
    def link(src, dst):
        try:
            os.link(src, dst)
        except OSError:
            shutil.copy2(src, dst)
    shutil.copytree(old, stage, copy_function=link, symlinks=True)


def _progress(total: int, label: str):
    if not sys.stderr.isatty() or total < 50:
        return None
    from tqdm import tqdm
    return tqdm(total=total, desc=label, unit="doc", file=sys.stderr, leave=False)


def _map(fn, items, jobs: int, progress_label: str, pool):
    bar = _progress(len(items), progress_label)
    results = []
    iterator = pool.map(fn, items, chunksize=max(1, min(32, len(items) // (jobs * 8) or 1))) if pool else map(fn, items)
    for result in iterator:
        results.append(result)
        if bar:
            bar.update()
    if bar:
        bar.close()
    return results


def build(src: Path, out: Path, strict: bool = False, encoding: str = "utf-8", echo=print, jobs: int | None = None,
          site: bool = True, search: bool = True, incremental: bool = True, build_date: str | None = None) -> int:
    """Build every volume under SRC into OUT. Returns the exit status."""
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
                            incremental, build_date)
            return max(status, 1 if broken else 0)
    except BuildLocked as err:
        echo(str(err))
        return 2


def _build(volumes, out: Path, strict, encoding, echo, jobs, site, search, incremental, build_date) -> int:
    t_start = time.perf_counter()
    timings: dict[str, float] = {}
    stage = out.parent / f".{out.name}.staging"
    if stage.exists():
        shutil.rmtree(stage)  # left by an interrupted build
    _recover(out)
    old_manifest = {}
    if incremental and (out / MANIFEST).exists():
        try:
            old_manifest = _load_manifest(out / MANIFEST)
        except (ValueError, KeyError, TypeError):  # an unreadable manifest only costs a full rebuild
            old_manifest = {}
    code_key = tree_digest(PACKAGE, PROJECT / "schemas")
    render_key = tree_digest(PROJECT / "xslt", PROJECT / "templates", PACKAGE / "publish")
    several = len(volumes) > 1
    settings = [render_key, site, search, build_date, several, [v.id for v in volumes]]
    front_keys = {vol.id: digest(_file_bytes(vol.folder / "persons.txt"), _file_bytes(vol.folder / "terms.txt"),
                                 sorted(vol.meta.items())) for vol in volumes}
    order: list[tuple[Volume, Path, str]] = []  # every document, its volume and the key of its inputs
    positions: dict[Path, int] = {}
    for vol in volumes:
        for position, path in enumerate(vol.texts, 1):
            positions[path] = position
            order.append((vol, path, digest(code_key, front_keys[vol.id], encoding, position, path.name,
                                            path.read_bytes(), _file_bytes(sidecar.path_for(path)))))
    if old_manifest.get("version") != __version__:
        old_manifest = {}
    elif old_manifest.get("settings") == settings and {str(p): k for _, p, k in order} == {
            s: e["key"] for s, e in old_manifest["documents"].items()}:
        return _unchanged(out, old_manifest, order, echo, strict, t_start)
    if old_manifest:
        _clone(out, stage)
        (stage / MANIFEST).unlink(missing_ok=True)
        for entry in old_manifest["documents"].values():  # paths are kept relative to the build
            if entry["encoded"].target is not None:
                entry["encoded"].target = stage / entry["encoded"].target
    else:
        stage.mkdir(parents=True)
    site_dir = stage / "site" if site else None

    # front matter, once per volume
    frontmatters, vol_reports = {}, {}
    for vol in volumes:
        vrep = Reporter(str(vol.folder))
        frontmatters[vol.id] = annotate.load_frontmatter(vol.folder, vrep)
        vol_reports[vol.id] = vrep
        for line in vrep.lines():
            echo(line)

    # pass 1: encode and validate what changed
    old_docs = old_manifest.get("documents", {})
    new_docs: dict[str, dict] = {}
    jobs_todo: list[Job] = []
    for vol, path, key in order:
        target = (stage / "tei" / vol.id if several else stage / "tei") / f"{path.stem}.xml"
        previous = old_docs.get(str(path))
        if previous and previous["key"] == key and (previous["encoded"].target is None or target.exists()):
            new_docs[str(path)] = previous
        else:
            jobs_todo.append(Job(path, vol.meta, positions[path], target))
    init = (frontmatters, encoding, site_dir, build_date)
    pool = None
    if jobs > 1 and len(jobs_todo) + len(order) > 8:
        # fresh interpreters: compiled stylesheets must not be inherited through fork
        pool = ProcessPoolExecutor(max_workers=jobs, mp_context=get_context("spawn"), initializer=_init_worker,
                                   initargs=init)
    _init_worker(*init, worker=False)  # the main process renders the indexes and runs the search indexer
    try:
        t0 = time.perf_counter()
        # the outputs of documents that are gone or changed go first: a document
        # that now fails must not leave its old page behind
        keep = {str(p) for _, p, _ in order} - {str(job.path) for job in jobs_todo}
        for source, entry in old_docs.items():
            if source not in keep:
                for f in entry.get("files", []):
                    (stage / f).unlink(missing_ok=True)
        results = _map(_encode_job, jobs_todo, jobs, "encoding", pool)
        for job, enc in zip(jobs_todo, results):
            new_docs[str(job.path)] = {"key": None, "encoded": enc, "page_key": None, "summary": None}
        for vol, path, key in order:
            if new_docs[str(path)]["key"] is None:
                new_docs[str(path)]["key"] = key
        timings["encode+validate"] = time.perf_counter() - t0
        stage_sum = {k: sum(r.seconds[k] for r in results) for k in ("encode", "validate", "write")}

        # duplicate ids within a volume: the later document is refused
        seen: dict[tuple[str, str], str] = {}
        for vol, path, key in order:
            enc: Encoded = new_docs[str(path)]["encoded"]
            if enc.target is None:
                continue
            ident = (vol.id, enc.doc_id)
            if ident in seen:
                enc.report["messages"].append({"level": "error", "code": "duplicate-id", "line": 1, "column": 1,
                                               "text": f"document id {enc.doc_id} is also the id of {seen[ident]}; "
                                                       "this document was not written"})
                enc.report["written"] = False
                enc.target.unlink(missing_ok=True)
                enc.target, enc.errors = None, enc.errors + 1
                new_docs[str(path)]["key"] = None  # never reuse a refused document
            else:
                seen[ident] = path.name

        # pass 2: pages
        summaries: dict[str, list] = {}
        if site_dir is not None:
            t0 = time.perf_counter()
            render_todo, render_entries = [], []
            for vol in volumes:
                written = [(p, new_docs[str(p)]) for v, p, k in order if v is vol and new_docs[str(p)]["encoded"].target]
                for k, (path, entry) in enumerate(written):
                    enc = entry["encoded"]
                    prev_id = written[k - 1][1]["encoded"].doc_id if k else None
                    next_id = written[k + 1][1]["encoded"].doc_id if k + 1 < len(written) else None
                    page_key = digest(render_key, entry["key"], prev_id, next_id, sorted(vol.meta.items()))
                    files = [site_dir / vol.id / f"{enc.doc_id}.html", site_dir / vol.id / f"{enc.doc_id}.xml"]
                    if entry.get("page_key") != page_key or not all(f.exists() for f in files):
                        for f in files:
                            f.unlink(missing_ok=True)
                        render_todo.append((vol.meta, enc.target, enc.doc_id, prev_id, next_id))
                        render_entries.append((entry, page_key, files))
            rendered = _map(_render_job, render_todo, jobs, "rendering", pool)
            for (entry, page_key, files), (summary, _, error) in zip(render_entries, rendered):
                entry.update(page_key=None if error else page_key, summary=summary)
                if error:
                    entry["encoded"].report["messages"].append(
                        {"level": "error", "code": "page", "text": error, "line": None, "column": None})
                    entry["encoded"].errors += 1
            for vol in volumes:
                summaries[vol.id] = [new_docs[str(p)]["summary"] for v, p, k in order
                                     if v is vol and new_docs[str(p)]["summary"] is not None
                                     and new_docs[str(p)]["encoded"].target]
            timings["pages"] = time.perf_counter() - t0
            stage_sum["render"] = sum(r[1] for r in rendered)
    finally:
        if pool:
            pool.shutdown()

    # files each document owns, for the next build
    for vol, path, key in order:
        entry = new_docs[str(path)]
        enc = entry["encoded"]
        files = []
        if enc.target is not None:
            files.append(str(enc.target.relative_to(stage)))
            if site_dir is not None:
                files += [f"site/{vol.id}/{enc.doc_id}.html", f"site/{vol.id}/{enc.doc_id}.xml"]
        entry["files"] = files

    # indexes, volume files and search: redone when anything they show changed
    if site_dir is not None and summaries:
        t0 = time.perf_counter()
        index_key = digest(render_key, [(v.id, sorted(v.meta.items())) for v in volumes],
                           [repr(summaries[v.id]) for v in volumes])
        if index_key != old_manifest.get("index_key") or not (site_dir / "index.html").exists():
            keep = {stage / f for e in new_docs.values() for f in e["files"]}
            for f in sorted(site_dir.rglob("*")) if site_dir.exists() else []:
                if f.is_file() and f not in keep and "pagefind" not in f.relative_to(site_dir).parts:
                    f.unlink()
            pub = _worker["publisher"]
            pub.render_indexes([dict(v.meta, dir=v.folder) for v in volumes], summaries, None)
        timings["indexes"] = time.perf_counter() - t0
    else:
        index_key = None
    t0 = time.perf_counter()
    volume_keys = {v.id: digest(code_key, front_keys[v.id], [new_docs[str(p)]["key"] for vv, p, _ in order if vv is v])
                   for v in volumes}
    volume_problems = _volume_files(
        volumes, order, new_docs, stage, out, frontmatters,
        {v for v, k in volume_keys.items() if old_manifest.get("volume_keys", {}).get(v) != k},
        old_manifest.get("volume_problems", {}), echo)
    for vol in volumes:
        vol_reports[vol.id].messages.extend(volume_problems.get(vol.id, []))
    timings["volumes"] = time.perf_counter() - t0
    search_key = old_manifest.get("search_key")
    if site_dir is not None and search and summaries:
        t0 = time.perf_counter()
        new_search_key = digest(index_key, [e.get("page_key") for e in new_docs.values()])
        if new_search_key != search_key or not (site_dir / "pagefind").exists():
            shutil.rmtree(site_dir / "pagefind", ignore_errors=True)
            _worker["publisher"].index_search()
            search_key = new_search_key
        timings["search"] = time.perf_counter() - t0

    # the report and the manifest, then the swap
    failures, warnings = _tell(order, new_docs, echo)
    volume_errors = sum(len(r.errors) for r in vol_reports.values())
    report = {
        "volumes": [{"id": v.id, "source": str(v.folder), "messages": vol_reports[v.id].to_dict()["messages"],
                     "documents": [new_docs[str(p)]["encoded"].report for vv, p, k in order if vv is v]}
                    for v in volumes],
        "counts": {"documents": len(order), "encoded": len(jobs_todo), "reused": len(order) - len(jobs_todo),
                   "failed": failures, "warnings": warnings},
        "timings": {**{k: round(v, 3) for k, v in timings.items()},
                    "stages (summed over workers)": {k: round(v, 3) for k, v in stage_sum.items()},
                    "total": round(time.perf_counter() - t_start, 3)},
    }
    write_atomic(stage / "report.json", _json_bytes(report, indent=1))
    for entry in new_docs.values():
        if entry["encoded"].target is not None:
            entry["encoded"].target = entry["encoded"].target.relative_to(stage)
    manifest = {"version": __version__, "documents": new_docs, "index_key": index_key, "search_key": search_key,
                "volumes": [v.id for v in volumes], "settings": settings, "report": report, "volume_keys": volume_keys,
                "volume_problems": volume_problems,
                "volume_errors": volume_errors}
    write_atomic(stage / MANIFEST, _dump_manifest(manifest))
    _swap(stage, out)
    return _outcome(out, len(order), failures, warnings, volume_errors, strict, echo)


def _json_bytes(data, indent: int | None = None) -> bytes:
    """JSON in UTF-8; a file name that is not UTF-8 (kept by Python as lone
    surrogates) is written as \\u escapes instead, which read back the same."""
    try:
        return json.dumps(data, ensure_ascii=False, indent=indent).encode("utf-8")
    except UnicodeEncodeError:
        return json.dumps(data, ensure_ascii=True, indent=indent).encode("ascii")


def _dump_manifest(manifest: dict) -> bytes:
    """The manifest as JSON: plain data, so a tampered file can mislead a build
    but never run code in it."""
    def plain(value):
        if isinstance(value, Path):
            return str(value)
        if hasattr(value, "__dataclass_fields__"):
            return {k: plain(v) for k, v in asdict(value).items()}
        if isinstance(value, dict):
            return {k: plain(v) for k, v in value.items()}
        if isinstance(value, (list, tuple)):
            return [plain(v) for v in value]
        return value
    return _json_bytes(plain(manifest))


def _load_manifest(path: Path) -> dict:
    from .publish import DocumentSummary, Entry
    manifest = json.loads(path.read_bytes())

    def entries(items):
        return tuple(Entry(e["id"], e["name"], e["description"], tuple(e["mentions"])) for e in items)

    for entry in manifest["documents"].values():
        enc = entry["encoded"]
        entry["encoded"] = Encoded(**dict(enc, target=Path(enc["target"]) if enc["target"] else None))
        summary = entry.get("summary")
        if summary:
            entry["summary"] = DocumentSummary(**dict(
                summary, persons=entries(summary["persons"]), terms=entries(summary["terms"]),
                pages=tuple(tuple(p) for p in summary["pages"]), links=tuple(summary["links"])))
    manifest["volume_problems"] = {v: [Message(**m) for m in ms] for v, ms in manifest["volume_problems"].items()}
    return manifest


def _unchanged(out: Path, manifest: dict, order, echo, strict: bool, t_start: float) -> int:
    """Nothing that shapes the output changed: the previous build stands; only its
    report is written again, with this run's counts and time."""
    report = manifest["report"]
    failures, warnings = _tell(order, manifest["documents"], echo)
    report = dict(report, counts=dict(report["counts"], encoded=0, reused=len(order)),
                  timings={"total": round(time.perf_counter() - t_start, 3)})
    write_atomic(out / "report.json", _json_bytes(report, indent=1))
    return _outcome(out, len(order), failures, warnings, manifest["volume_errors"], strict, echo, " (nothing changed)")


def _tell(order, docs: dict, echo) -> tuple[int, int]:
    """Every document's warnings and errors, as file:line:column lines; their counts."""
    for _, path, _ in order:
        for message in docs[str(path)]["encoded"].report["messages"]:
            if message["level"] != "info":
                echo(Message(**message).format(str(path)))
    failures = sum(1 for _, p, _ in order if docs[str(p)]["encoded"].errors)
    return failures, sum(docs[str(p)]["encoded"].warnings for _, p, _ in order)


def _outcome(out: Path, total: int, failures: int, warnings: int, volume_errors: int, strict: bool, echo,
             note: str = "") -> int:
    """The closing line and the exit status."""
    echo(f"built {total - failures} of {total} documents into {out}{note}"
         + (f"; {failures} failed" if failures else "") + (f"; {warnings} warnings" if warnings else ""))
    return 1 if failures or volume_errors or (strict and warnings) else 0


def _volume_files(volumes, order, new_docs, stage: Path, out: Path, frontmatters, changed: set,
                  old_problems: dict, echo) -> dict:
    """One TEI file per volume, in the FRUS shape; only the volumes whose documents
    changed are written and validated again. Returns each volume's problems."""
    from lxml import etree

    from .volume import volume_tei
    problems: dict[str, list] = {}
    for vol in volumes:
        target = stage / "volumes" / f"{vol.id}.xml"
        if vol.id not in changed and target.exists():
            problems[vol.id] = old_problems.get(vol.id, [])
            for message in problems[vol.id]:
                echo(message.format(str(out / target.relative_to(stage))))
            continue
        problems[vol.id] = []
        divs = []
        for v, path, key in order:
            enc = new_docs[str(path)]["encoded"]
            if v is vol and enc.target is not None:
                divs.append(etree.fromstring(enc.target.read_bytes()).find(f".//{writer.T('div')}[@type='document']"))
        target.unlink(missing_ok=True)
        if not divs:
            continue
        fm = frontmatters.get(vol.id)
        front = fm.front_divs() if fm is not None else []
        write_atomic(target, writer.serialize(volume_tei(vol.meta, front, divs)))
        # checked from the file, so problems carry line and column; named where it will be
        shown = out / target.relative_to(stage)
        for problem in _worker["validator"].check(target, str(shown)):
            problems[vol.id].append(problem.as_message())
            echo(problem.format())
    return problems


def _swap(stage: Path, out: Path) -> None:
    """Put the finished build in place. Where the system can exchange two
    folders in one step (Linux renameat2), readers see the old build or the new
    one, never none; elsewhere the old build is moved aside first, and a build
    killed in between is recovered by the next one (see ``_recover``)."""
    old = out.parent / f".{out.name}.old"
    if old.exists():
        shutil.rmtree(old)
    if out.exists() and _exchange(stage, out):
        shutil.rmtree(stage)
        return
    if out.exists():
        out.rename(old)
    stage.rename(out)
    if old.exists():
        shutil.rmtree(old)


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


def write_atomic(target: Path, data: bytes) -> None:
    """Write through a temporary file so a reader never sees half a file."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.tmp")
    tmp.write_bytes(data)
    tmp.replace(target)
