"""The keys: for each kind of output, a hash of the inputs that shape it.

A build compares each key with the previous build's: an output whose key is
the same is kept as it was. The code key covers the code and data that shape
the TEI (the package and the schemas); the render key those that shape the
pages (the stylesheets, the templates and the publisher).
"""
from __future__ import annotations

import hashlib
from pathlib import Path

from .. import __version__, sidecar
from ..resources import PACKAGE, SCHEMAS, TEMPLATES, XSLT

# an installed package carries these inside itself: each is hashed where it shapes an output
DATA = (XSLT, TEMPLATES, SCHEMAS)


def digest(*parts) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(part if isinstance(part, bytes) else repr(part).encode("utf-8"))
        h.update(b"\0")
    return h.hexdigest()


def tree_digest(*roots: Path) -> str:
    """A hash of every file under the given folders."""
    h = hashlib.sha256(__version__.encode())
    for root in roots:
        if root.is_file():
            h.update(root.read_bytes())
            continue
        for path in sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts
                           and not any(p.is_relative_to(data) for data in DATA if data != root)):
            h.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes())
    return h.hexdigest()


def code_key() -> str:
    """The code and data that shape a document's TEI and the volume files."""
    return tree_digest(PACKAGE, SCHEMAS)


def render_key() -> str:
    """The code and data that shape the pages."""
    return tree_digest(XSLT, TEMPLATES, PACKAGE / "publish")


def file_bytes(path: Path) -> bytes:
    return path.read_bytes() if path.exists() else b""


def front_key(vol) -> str:
    """A volume's front matter (persons and terms) and metadata."""
    return digest(file_bytes(vol.folder / "persons.txt"), file_bytes(vol.folder / "terms.txt"),
                  sorted(vol.meta.items()))


def key_base(code: str, front: str, encoding: str) -> str:
    """What every document of a volume shares: the code, the volume's lists and settings, the encoding."""
    return digest(code, front, encoding)


def source_key(base: str, position: int, path: Path, data: bytes) -> str:
    """A document's TEI: ``base``, its place in the volume, its name, its text and its pins."""
    return digest(base, position, path.name, data, file_bytes(sidecar.path_for(path)))


def volume_key(code: str, front: str, doc_keys: list) -> str:
    """A volume's TEI file: its front matter and its documents."""
    return digest(code, front, doc_keys)


def volume_pages_key(render: str, vol) -> str:
    """What every page of a volume shares: the render code and the volume's metadata."""
    return digest(render, sorted(vol.meta.items()))


def page_key(volume_pages: str, doc_key: str | None, prev_id: str | None, next_id: str | None) -> str:
    """A document's page: the document and the neighbours it links to."""
    return digest(volume_pages, doc_key, prev_id, next_id)


def index_key(render: str, vol, doc_keys: list) -> str:
    """A volume's index pages: its listed documents (their keys stand for their
    summaries, which the render code makes from their TEI) and its pages in Markdown."""
    return digest(render, sorted(vol.meta.items()), doc_keys,
                  [(md.name, md.read_bytes()) for md in sorted(vol.folder.glob("*.md"))])


def site_key(render: str, volumes: list, counts: dict) -> str:
    """The pages above the volumes: every volume's metadata and count of documents."""
    return digest(render, [(v.id, sorted(v.meta.items())) for v in volumes], counts)


def search_key(render: str, vol, page_keys: list) -> str:
    """A volume's search bundle: its pages."""
    return digest(render, sorted(vol.meta.items()), page_keys)


def stamp(vol) -> str:
    """What the volume's folder holds, as the system describes its files (name,
    size, times, inode; listed by ``sources.discover``): unchanged, nothing in
    the volume was touched, and its files need not be read. Any write changes
    a file's ctime, which no one can set back."""
    return digest(vol.listing, sorted(vol.meta.items()), vol.names)
