"""What changed since the previous build, and so what is to be done.

Each document's inputs are hashed into a key (see ``keys``); the previous
build's manifest says which outputs a key produced. When no key and no
setting changed, the previous build stands and nothing else runs.
"""
from __future__ import annotations

from .. import __version__
from . import keys
from .manifest import MANIFEST, load_head, load_manifest, unchanged
from .staging import clone
from .state import Build, Plan
from .worker import Job


def plan(b: Build, hashed: bool = True) -> int | None:
    """Hash every document's inputs; when nothing changed, the previous build
    stands (its exit status is returned). Unless ``hashed``, the keys are
    left to the workers (None until the documents are done)."""
    req = b.request
    front_keys = {vol.id: keys.front_key(vol) for vol in req.volumes}
    key_bases = {vol.id: keys.key_base(b.code_key, front_keys[vol.id], req.encoding) for vol in req.volumes}
    order, positions = [], {}
    for vol in req.volumes:
        for position, path in enumerate(vol.texts, 1):
            positions[path] = position
            order.append((vol, path, keys.source_key(key_bases[vol.id], position, path, path.read_bytes())
                          if hashed else None))
    doc_keys = {str(p): k for _, p, k in order}
    head = load_head(req.out / MANIFEST) if req.incremental and hashed else {}
    if head.get("version") != __version__:
        head = {}
    elif head.get("settings") == b.settings and head.get("keys") == doc_keys:
        status = unchanged(req.out, head, req.echo, req.strict, b.t_start)
        if status is not None:
            return status
    b.plan = Plan(front_keys, key_bases, order, positions, doc_keys, head)
    return None


def prepare(b: Build) -> None:
    """The staging folder, started from the previous build if it can be built upon."""
    out = b.request.out
    if b.plan.head:
        try:
            b.old, b.built_upon = load_manifest(out / MANIFEST), True
        except (ValueError, KeyError, TypeError, IndexError):  # an unreadable manifest only costs a full rebuild
            pass
    if b.built_upon:
        clone(out, b.stage)
        (b.stage / MANIFEST).unlink(missing_ok=True)
        for entry in b.old.documents.values():  # paths are kept relative to the build
            if entry.result.target is not None:
                entry.result.target = b.stage / entry.result.target
    else:
        b.stage.mkdir(parents=True)


def todo(b: Build) -> list[Job]:
    """The documents to build again; the others keep their entries. The
    outputs of documents that are gone or changed go first: a document that
    now fails must not leave its old page behind."""
    several = len(b.request.volumes) > 1
    jobs = []
    for vol, path, key in b.plan.order:
        target = (b.stage / "tei" / vol.id if several else b.stage / "tei") / f"{path.stem}.xml"
        previous = b.old.documents.get(str(path))
        if previous and previous.key == key and (previous.result.target is None or target.exists()):
            b.new.documents[str(path)] = previous
        else:
            jobs.append(Job(path, vol.meta, b.plan.positions[path], target,
                            None if key else b.plan.key_bases[vol.id]))
    b.reused = set(b.new.documents)
    for source, entry in b.old.documents.items():
        if source not in b.reused:
            for f in entry.files:
                (b.stage / f).unlink(missing_ok=True)
    return jobs
