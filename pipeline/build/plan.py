"""What changed since the previous build, and so what is to be done.

First each volume's files are stamped (their sizes and times, no reading):
a volume whose stamp and settings are as the previous build left them is
kept whole, its documents never looked at; when every volume is kept, the
previous build stands and nothing else runs. The documents of the other
volumes have their inputs hashed into keys (see ``keys``), and the previous
build's manifest of their volume says which outputs a key produced; when
what every key of a volume starts from changed (the code, say), none can
match, and its texts are not read. The workers hash again what they read.
"""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from .. import __version__
from ..report import Message
from . import keys
from .manifest import (FORMAT, MANIFEST, Outputs, load_head, load_messages, load_volume, messages_path, unchanged,
                       volume_paths)
from .staging import clone
from .state import Build, Plan


def plan(b: Build, previous: bool = True) -> int | None:
    """Stamp every volume and find which documents of those that changed
    stand as the ``previous`` build left them; when nothing changed, the
    previous build stands (its exit status is returned)."""
    req = b.request
    stamps = {vol.id: keys.stamp(vol) for vol in req.volumes}
    head = load_head(req.out / MANIFEST) if req.incremental and previous else {}
    if head.get("format") != FORMAT or head.get("version") != __version__ or not isinstance(head.get("volumes"), dict):
        head = {}
    same = head.get("settings") == b.settings
    kept = {vid for vid, s in stamps.items() if same and head["volumes"].get(vid, {}).get("stamp") == s}
    if kept and len(kept) == len(req.volumes):
        status = unchanged(req.out, head, req.echo, req.strict)
        if status is not None:
            return status
    b.plan = Plan(head=head, stamps=stamps, kept=kept, same=same)
    _volumes(b, [vol for vol in req.volumes if vol.id not in kept])
    if head and not _previous(b):  # an unreadable manifest only costs a full rebuild
        b.old, b.reused, b.built_upon = Outputs(), set(), False
        b.plan.head, b.plan.kept = {}, set()
        _volumes(b, req.volumes)
    return None


def _volumes(b: Build, volumes: list) -> None:
    """The volumes to build, in order, and what their documents' keys start from."""
    p, req = b.plan, b.request
    p.front_keys = {vol.id: keys.front_key(vol) for vol in volumes}
    p.key_bases = {vol.id: keys.key_base(b.code_key, p.front_keys[vol.id], req.encoding) for vol in volumes}
    p.volumes = volumes


def _previous(b: Build) -> bool:
    """What the previous build left (False if it cannot be read): the keys of
    every volume's outputs, the own messages of the volumes built again, and
    which of their documents stand as they were. Each volume's entries (and
    texts) are read and let go here, and read again at its turn
    (``take_previous``): a rebuild holds one volume's at a time, however many
    changed."""
    p, head, out = b.plan, b.plan.head, b.request.out
    building = {vol.id: vol for vol in p.volumes}
    try:
        for vid, vhead in head["volumes"].items():
            b.old.index_keys[vid], b.old.volume_keys[vid] = vhead["index_key"], vhead["volume_key"]
            if vhead["search_key"]:
                b.old.search_keys[vid] = vhead["search_key"]
            if vid not in b.plan.kept:
                own = load_messages(out, vid)
                problems = own["messages"][len(own["messages"]) - own["problems"]:]
                b.old.volume_problems[vid] = [Message.from_dict(m) for m in problems]
                b.old.volume_told[vid] = own["told"]
                entries = load_volume(out, vid)  # read even when none can stand: it must be readable
                if vid in building and vhead["key_base"] == p.key_bases[vid]:
                    _standing(b, building[vid], entries)
        b.old.site_key, b.built_upon = head["site_key"], True
    except (OSError, ValueError, KeyError, TypeError, IndexError):
        return False
    return True


def _standing(b: Build, vol, entries: dict) -> None:
    """The documents of a volume whose previous entry stands: their text's key
    is the entry's, and their TEI is there."""
    base = b.plan.key_bases[vol.id]
    for position, path in enumerate(vol.texts, 1):
        e = entries.get(str(path))
        if e and e.key == keys.source_key(base, position, path, path.read_bytes()) \
                and (e.result.target is None or _target(b, vol.id, path, b.request.out).exists()):
            b.reused.add(str(path))
    vol.let_go()  # its paths are made again at its turn


def prepare(b: Build) -> None:
    """The staging folder, started from the previous build if it can be built
    upon: with the parts of the volumes to build again when the settings are
    the same (a partial build, see ``staging``), else with all of it."""
    from ..publish import wordmap

    out, req = b.request.out, b.request
    if b.built_upon and b.plan.same:
        b.partial = True
        b.stage.mkdir(parents=True)
        for vol in req.volumes:
            if vol.id not in b.plan.kept:
                for rel in volume_parts(b, vol.id):
                    b.take(rel)
        if req.site and req.search:  # the word map and each volume's words, patched by the search step
            b.take(f"site/{wordmap.MAP_DIR}")
            b.take(wordmap.WORDS_DIR)
    elif b.built_upon:
        clone(out, b.stage)
        (b.stage / MANIFEST).unlink(missing_ok=True)
    else:
        b.stage.mkdir(parents=True)
    for vid in b.plan.kept:  # what the pages above the volumes and the search need of a kept volume
        vhead = b.plan.head["volumes"][vid]
        b.written[vid] = vhead["written"]
        b.new.index_keys[vid], b.new.volume_keys[vid] = vhead["index_key"], vhead["volume_key"]
        if vhead["search_key"]:
            b.new.search_keys[vid] = vhead["search_key"]


def todo(b: Build) -> tuple[int, Iterator]:
    """The documents to build again (how many, and their jobs, made as the
    pool asks for them); the others keep their entries. The outputs of the
    volumes no longer built go first."""
    building = {vol.id for vol in b.plan.volumes}
    for vid in b.plan.head.get("volumes", {}):
        if vid not in building and vid not in b.plan.kept:
            take_previous(b, vid)
    return sum(len(vol.names) for vol in b.plan.volumes) - len(b.reused), _jobs(b)


def take_previous(b: Build, vid: str) -> None:
    """A volume's turn, when its first job is made or its first document is in
    (whichever comes first): the entries of its documents that stand are
    taken from the previous build; the outputs of the others are removed
    before any of them is done again (a document that now fails must not
    leave its old page behind)."""
    if vid in b.taken or vid not in b.plan.head.get("volumes", {}):  # taken, or new
        return
    b.taken.add(vid)
    for source, entry in load_volume(b.request.out, vid).items():
        if source in b.reused:
            if entry.result.target is not None:  # paths are kept relative to the build
                entry.result.target = b.stage / entry.result.target
            b.new.documents[source] = entry
        else:
            for f in entry.files:
                (b.stage / f).unlink(missing_ok=True)


def _jobs(b: Build) -> Iterator:
    """The jobs of the documents to build again, in order, each with its
    volume's front matter (packed once a volume)."""
    from .worker import Job

    for vol, path, position in b.plan.order():
        if str(path) not in b.reused:
            take_previous(b, vol.id)
            yield Job(path, vol.meta, position, _target(b, vol.id, path), b.plan.key_bases[vol.id],
                      b.packed_front(vol))


def _tei(b: Build, vid: str) -> str:
    """The folder of a volume's TEI, in the build."""
    return f"tei/{vid}" if len(b.request.volumes) > 1 else "tei"


def _target(b: Build, vid: str, path: Path, root: Path | None = None) -> Path:
    """Where a document's TEI goes (in the staging folder, or ``root``)."""
    return (root or b.stage) / _tei(b, vid) / f"{path.stem}.xml"


def volume_parts(b: Build, vid: str) -> list[str]:
    """What a volume has in the build, each swapped in whole: its TEI and its
    pages (folders), its volume file, its manifest, reports and messages."""
    manifest, reports = volume_paths(Path(), vid)
    return [_tei(b, vid), f"volumes/{vid}.xml", manifest.as_posix(), reports.as_posix(),
            messages_path(Path(), vid).as_posix()] + (
        [f"site/{vid}"] if b.request.site else [])
