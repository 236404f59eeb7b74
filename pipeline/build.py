"""Orchestration: find volumes and documents, run the stages, write the outputs.

Per document the stages are a pure function of the text, the volume's
metadata and front matter, and the pins (``encode_document``); the build maps
it over documents and then writes indexes, the volume file and the report.
"""
from __future__ import annotations

import json
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from . import parser, reader, resolve, sidecar, writer
from .report import Reporter

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


def load_meta(folder: Path) -> dict:
    path = folder / "volume.toml"
    meta: dict = {}
    if path.exists():
        meta = tomllib.loads(path.read_text(encoding="utf-8"))
    meta.setdefault("id", folder.name)
    return meta


def discover(src: Path) -> list[Volume]:
    """SRC is a volume folder, or a folder of volume folders."""
    volumes = []
    if documents_in(src):
        volumes.append(Volume(load_meta(src)["id"], src, load_meta(src), documents_in(src)))
    for sub in sorted(p for p in src.iterdir() if p.is_dir() and not p.name.startswith(".")):
        texts = documents_in(sub)
        if texts:
            meta = load_meta(sub)
            volumes.append(Volume(meta["id"], sub, meta, texts))
    return volumes


def number_from_name(stem: str) -> str | None:
    m = re.fullmatch(r"d?(\d+)", stem)
    return str(int(m.group(1))) if m else None


@dataclass
class Encoded:
    """What encoding one document gives back to the build."""

    source: Path
    doc_id: str | None
    xml: bytes | None
    report: dict
    failed: bool
    summary: dict = field(default_factory=dict)


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
    fallback_id = "d" + (from_name or str(position))
    doc = parser.parse(source, rep, fallback_id, from_name)
    if rep.errors:
        return None, rep, doc
    resolve.resolve(doc, rep, pins)
    div = writer.write_div(doc, rep)
    date, back = None, None
    if frontmatter is not None:
        from . import annotate
        ctx = annotate.AnnotateContext(frontmatter=frontmatter, reporter=rep, pins=pins,
                                       volume_id=volume["id"], doc_id=doc.doc_id)
        result = annotate.annotate(div, ctx)
        date = result.date_when
        back = annotate.back_matter(frontmatter, result)
    data_bytes = source.text.encode("utf-8")
    tree = writer.tei_document(div, doc, volume, path.name, data_bytes, date, back)
    return tree, rep, doc


def load_frontmatter(folder: Path, reporter: Reporter):
    try:
        from . import annotate
    except ImportError:  # the annotators are optional while they are being built
        return None
    if not hasattr(annotate, "load_frontmatter"):
        return None
    return annotate.load_frontmatter(folder, reporter)


def _validator():
    try:
        from .validate import Validator
    except ImportError:
        return None
    return Validator()


def build(src: Path, out: Path, strict: bool = False, encoding: str = "utf-8", echo=print) -> int:
    """Build every volume under SRC into OUT. Returns the exit status."""
    volumes = discover(src)
    if not volumes:
        echo(f"{src}: no text files (*.txt) found")
        return 2
    validator = _validator()
    several = len(volumes) > 1
    report: dict = {"volumes": []}
    failures = 0
    warnings = 0
    tei_root = out / "tei"
    for vol in volumes:
        vrep = Reporter(str(vol.folder))
        frontmatter = load_frontmatter(vol.folder, vrep)
        vol_dir = tei_root / vol.id if several else tei_root
        vol_dir.mkdir(parents=True, exist_ok=True)
        seen: dict[str, Path] = {}
        docs_report = []
        for position, path in enumerate(vol.texts, 1):
            tree, rep, doc = encode_document(path, vol.meta, position, frontmatter, encoding)
            if tree is not None and doc.doc_id in seen:
                rep.error("duplicate-id", f"document id {doc.doc_id} is also the id of {seen[doc.doc_id].name}; "
                          "this document was not written", 1, 1)
                tree = None
            if tree is not None and validator is not None:
                for problem in validator.check(tree, str(path)):
                    rep.messages.append(problem.as_message())
            if tree is not None and not rep.errors:
                seen[doc.doc_id] = path
                target = vol_dir / f"{path.stem}.xml"
                write_atomic(target, writer.serialize(tree))
            for line in rep.lines():
                echo(line)
            failures += bool(rep.errors)
            warnings += len(rep.warnings)
            entry = rep.to_dict()
            entry["id"] = doc.doc_id if doc is not None else None
            entry["written"] = tree is not None and not rep.errors
            docs_report.append(entry)
        report["volumes"].append({"id": vol.id, "source": str(vol.folder), "messages": vrep.to_dict()["messages"],
                                  "documents": docs_report})
    write_atomic(out / "report.json", json.dumps(report, ensure_ascii=False, indent=1).encode("utf-8"))
    total = sum(len(v.texts) for v in volumes)
    echo(f"built {total - failures} of {total} documents into {out}"
         + (f"; {failures} failed" if failures else "") + (f"; {warnings} warnings" if warnings else ""))
    if failures or (strict and warnings):
        return 1
    return 0


def write_atomic(target: Path, data: bytes) -> None:
    """Write through a temporary file so a reader never sees half a file."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.tmp")
    tmp.write_bytes(data)
    tmp.replace(target)
