"""The edition's word map: which volumes hold each word, for the search page.

Each volume has its own Pagefind index, so a correction re-indexes one
volume. The search page must not ask every volume's index about every query
(at the series' 550 volumes that is thousands of requests), so the build
writes a small map beside them: ``search/words/<first letters>.json`` lists,
for each word (as Pagefind indexes it: stemmed, lower case), the volumes that
hold it, and ``search/volumes.json`` the volumes, their titles and years.
The search page reads the one file of each query word, then the indexes of
the volumes that hold every word only. The map also names the volumes in
which many documents (``DENSE``) hold a word: such a volume alone gives a
first answer a reader can go through, so the page asks no other volume
before it answers, and a common word costs no more than a rare one.

The words are read from the Pagefind indexes themselves, so the map agrees
with them by construction. Each volume's words are kept (``.search/``, a
line each, sorted) so that when a volume is indexed again only the map
files of the words it gained or lost are rewritten; a full build merges
the volumes' lists in one sorted pass, never holding the whole map.
"""
from __future__ import annotations

import gzip
import heapq
import itertools
import json
import re
import shutil
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import cbor2

from ..files import write_atomic

WORDS_DIR = ".search"  # each volume's words, in the build (not in the site)
MAP_DIR = "search"  # in the site
PREFIX = 3  # a map file holds the words that start with the same three letters
DENSE = 40  # documents holding a word that make a volume's answer enough alone (four lists of ten)
SIGNATURE = b"pagefind_dcd"
_SAFE = re.compile(r"[a-z0-9]+")


# ---- reading a Pagefind index: gzip, a signature, then CBOR
def _decoded(path: Path):
    data = gzip.decompress(path.read_bytes())
    if not data.startswith(SIGNATURE):
        raise ValueError(f"{path}: not a Pagefind file")
    return cbor2.loads(data[len(SIGNATURE):])


def index_words(bundle: Path) -> list[str]:
    """Every word of a Pagefind bundle's index, sorted, as its line in the
    volume's record: the word, then a tab and ``+`` when ``DENSE`` or more
    pages hold it. An index chunk is an array around the array of words,
    each an array of the word and the pages that hold it."""
    words: dict[str, int] = {}
    for chunk in bundle.glob("index/*.pf_index"):
        for word, pages, *_ in _decoded(chunk)[0]:
            words[word] = words.get(word, 0) + len(pages)
    return sorted(w + "\t+" if n >= DENSE else w for w, n in words.items() if len(w) >= PREFIX)


def _dense(lines) -> dict[str, bool]:
    """A volume's record lines as word → whether it is dense there."""
    return {word: bool(mark) for word, _, mark in (line.partition("\t") for line in lines)}


def _unheld() -> dict:
    """What the map tells of a volume without documents."""
    return {"title": None, "documents": 0, "years": {}}


def read_bundle(bundle: Path) -> tuple[dict, list[str]]:
    """What the map needs of a volume's Pagefind bundle: its title (the
    volume filter's value), its years and documents, and its words."""
    about = _unheld()
    for meta in bundle.glob("*.pf_meta"):
        _version, fragments, _chunks, filters, *_ = _decoded(meta)
        about["documents"] = len(fragments)
        for name, chunk in filters:
            _name, values = _decoded(bundle / "filter" / f"{chunk}.pf_filter")
            if name == "volume" and values:
                about["title"] = values[0][0]
            elif name == "year":
                about["years"] = {value: len(pages) for value, pages in values}
    return about, index_words(bundle)


# ---- a volume's words, kept for the next build
def save_volume(words_dir: Path, volume_id: str, about: dict, words: list[str]) -> None:
    """The volume's record: what it is on the first line, then its words, sorted."""
    words_dir.mkdir(parents=True, exist_ok=True)
    lines = [json.dumps(about, ensure_ascii=False, sort_keys=True), *words, ""]
    write_atomic(words_dir / f"{volume_id}.txt", "\n".join(lines).encode("utf-8"))


def _record(words_dir: Path, volume_id: str):
    """The volume's record as an open file (first line read), or None."""
    try:
        f = open(words_dir / f"{volume_id}.txt", encoding="utf-8")
    except FileNotFoundError:
        return None
    f.readline()
    return f


def _about(words_dir: Path, volume_id: str) -> dict:
    try:
        with open(words_dir / f"{volume_id}.txt", encoding="utf-8") as f:
            return json.loads(f.readline())
    except (FileNotFoundError, ValueError):
        return _unheld()


def _words(words_dir: Path, volume_id: str) -> list[str]:
    f = _record(words_dir, volume_id)
    if f is None:
        return []
    with f:
        return f.read().split("\n")[:-1]


# ---- the map
def file_name(word: str) -> str:
    """The map file of a word: its first letters, spelled out in hex when
    they are not plain letters and digits (search.js names it the same way)."""
    prefix = word[:PREFIX]
    return prefix if _SAFE.fullmatch(prefix) else "_" + prefix.encode("utf-8").hex()


def ranges(numbers: list[int]) -> str:
    """Sorted volume numbers as runs: 0-3,7,9-10."""
    out = []
    for _, run in itertools.groupby(enumerate(numbers), lambda p: p[1] - p[0]):
        run = [n for _, n in run]
        out.append(str(run[0]) if len(run) == 1 else f"{run[0]}-{run[-1]}")
    return ",".join(out)


def _numbers(text: str) -> list[int]:
    out = []
    for part in text.split(","):
        a, _, b = part.partition("-")
        out.extend(range(int(a), int(b or a) + 1))
    return out


def _map_bytes(entries: dict[str, tuple[set[int], set[int]]]) -> bytes:
    """A map file: each word's volumes, then, after a slash, those where it is dense."""
    def value(held, dense):
        return ranges(sorted(held)) + ("/" + ranges(sorted(dense)) if dense else "")
    return json.dumps({w: value(*entries[w]) for w in sorted(entries)}, ensure_ascii=False,
                      separators=(",", ":")).encode("utf-8")


def _entry(value: str) -> tuple[set[int], set[int]]:
    held, _, dense = value.partition("/")
    return set(_numbers(held)), set(_numbers(dense)) if dense else set()


def update_map(site: Path, words_dir: Path, volume_ids: list[str], fresh) -> None:
    """Bring ``site/search`` up to date after volumes were indexed again.
    ``fresh`` gives, one at a time, each such volume's id and its bundle's
    record; its words are saved as they come, so the build never holds more
    than one volume's words and, when the map is patched, the words each
    volume gained or lost. Only the map files of those words are rewritten,
    unless the volumes themselves changed: then the map is made again from
    every volume's words."""
    folder = site / MAP_DIR
    head = folder / "volumes.json"
    try:
        known = [v["id"] for v in json.loads(head.read_bytes())["volumes"]]
    except (OSError, ValueError, KeyError, TypeError):
        known = None
    for old in words_dir.glob("*.txt") if words_dir.exists() else []:
        if old.stem not in volume_ids:
            old.unlink()
    patching = known == volume_ids and (folder / "words").is_dir()
    changes: dict[str, dict[str, list[tuple[int, bool | None]]]] = {}  # file → word → [(volume, dense)]
    for vid, (about, words) in fresh:
        if patching:
            number = volume_ids.index(vid)
            old, new = _dense(_words(words_dir, vid)), _dense(words)
            for word in old.keys() | new.keys():
                if old.get(word) != new.get(word):  # None: not held
                    changes.setdefault(file_name(word), {}).setdefault(word, []).append((number, new.get(word)))
        save_volume(words_dir, vid, about, words)
    if patching:
        _patch(folder / "words", changes)
    else:
        _merge(folder / "words", words_dir, volume_ids)
    volumes = [dict(_about(words_dir, vid), id=vid) for vid in volume_ids]
    data = json.dumps({"dense": DENSE, "prefix": PREFIX, "volumes": volumes}, ensure_ascii=False, sort_keys=True).encode("utf-8")
    if not head.exists() or head.read_bytes() != data:
        folder.mkdir(parents=True, exist_ok=True)
        write_atomic(head, data)


def _patch(folder: Path, changes: dict[str, dict[str, list[tuple[int, bool | None]]]]) -> None:
    """Add and remove volumes in the map files of the words they gained, lost
    or came to hold in more or fewer documents than ``DENSE``."""
    for name in sorted(changes):
        path = folder / f"{name}.json"
        entries = {w: _entry(v) for w, v in json.loads(path.read_bytes()).items()} if path.exists() else {}
        for word, moves in changes[name].items():
            held, dense = entries.get(word, (set(), set()))
            for number, state in moves:
                (held.discard if state is None else held.add)(number)
                (dense.add if state else dense.discard)(number)
            if held:
                entries[word] = held, dense
            else:
                entries.pop(word, None)
        if entries:
            write_atomic(path, _map_bytes(entries))
        else:
            path.unlink(missing_ok=True)


def _numbered(f, number: int):
    for line in f:
        yield line.rstrip("\n"), number


def _merge(folder: Path, words_dir: Path, volume_ids: list[str]) -> None:
    """The whole map from every volume's words, in one sorted pass over them
    all (a file at a time is held, never the map)."""
    files = [(n, f) for n, f in ((n, _record(words_dir, v)) for n, v in enumerate(volume_ids)) if f is not None]
    streams = [_numbered(f, n) for n, f in files]
    written = set()
    folder.mkdir(parents=True, exist_ok=True)
    try:
        entries: dict[str, tuple[set[int], set[int]]] = {}
        name = None
        for line, number in heapq.merge(*streams):
            word, _, dense = line.partition("\t")
            if file_name(word) != name:
                if entries:
                    write_atomic(folder / f"{name}.json", _map_bytes(entries))
                    written.add(f"{name}.json")
                entries, name = {}, file_name(word)
            held, dense_in = entries.setdefault(word, (set(), set()))
            held.add(number)
            if dense:
                dense_in.add(number)
        if entries:
            write_atomic(folder / f"{name}.json", _map_bytes(entries))
            written.add(f"{name}.json")
    finally:
        for _, f in files:
            f.close()
    for stale in folder.glob("*.json"):
        if stale.name not in written:
            stale.unlink()


def index(publisher, site: Path, words_dir: Path, volume_ids: list[str], stale: list[str], jobs: int = 1,
          indexed: set[str] | None = None) -> None:
    """Index the ``stale`` volumes with Pagefind, ``jobs`` at a time, and
    bring the word map up to date. Each volume's words are read as soon as
    its index is written, while the next is being made. A volume not
    ``indexed`` (it has no document page) holds no word."""
    def one(volume_id: str):
        publisher.index_search([volume_id])
        return volume_id, read_bundle(site / volume_id / "pagefind")

    emptied = ((vid, (_unheld(), [])) for vid in volume_ids
               if indexed is not None and vid not in indexed and (words_dir / f"{vid}.txt").exists())
    with ThreadPoolExecutor(max(1, jobs)) as pool:
        update_map(site, words_dir, volume_ids, itertools.chain(pool.map(one, stale), emptied))


def index_all(publisher, site: Path, volume_ids: list[str], jobs: int = 1) -> None:
    """Index every volume and make the map whole, with no build to keep the
    volumes' words for the next (the publish commands)."""
    with tempfile.TemporaryDirectory() as words:
        index(publisher, site, Path(words), volume_ids, volume_ids, jobs)


def remove(site: Path, words_dir: Path) -> None:
    """No search: no map either."""
    for folder in (site / MAP_DIR, words_dir):
        if folder.exists():
            shutil.rmtree(folder)
