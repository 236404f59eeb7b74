"""The encoder's entry point: one text file → its TEI.

read (bytes → lines, with the encoding's problems reported) → parse (lines →
blocks and notes) → resolve (notes placed, dates read) → write (the document
div) → annotate (persons, terms, places) → the TEI document. Every problem is
told to the document's reporter; a stage that finds errors stops the chain.
"""
from __future__ import annotations

from pathlib import Path

from . import annotate, limits, parser, reader, resolve, sidecar, writer
from .report import Reporter
from .sources import number_from_name


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
    limits.check(doc, source.lines, rep)
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
    tree = writer.keep_valid(tree, rep)
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
