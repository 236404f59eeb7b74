"""The benchmark's corpus, generated from the seed volumes.

The corpus replicates the sample volumes in ``seeds/`` (each with its
``persons.txt``, ``terms.txt`` and ``volume.toml``) until it holds N
documents. Every copy gets a fresh document number (the printed heading
number and the file name are rewritten, so ids stay unique) and fresh,
ascending page numbers (``[Page N]`` is rewritten), and a volume holds at
most ``per_volume`` documents, as a printed volume would; the rest go into
further copies of the volume with their own ids. What a heading, a page
marker or a footnote is, is the encoder's grammar, imported from it.
"""
from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from pipeline.parser import FILE_NUMBER, NOTE_LINE, NOTE_MORE, PAGE_ONLY, PRINTED_NUMBER
from pipeline.resolve import PAGE
from pipeline.sources import FRONT_MATTER, documents_in

PROJECT = Path(__file__).resolve().parents[2]
SEEDS = PROJECT / "seeds"
EDIT = "An added paragraph, so that this document must be built again."


@dataclass
class SeedVolume:
    name: str
    folder: Path
    texts: list[Path]


def seed_volumes(seeds: Path = SEEDS) -> list[SeedVolume]:
    out = []
    for folder in sorted(p for p in seeds.iterdir() if p.is_dir() and not p.name.startswith(".")):
        texts = documents_in(folder)
        if texts:
            out.append(SeedVolume(folder.name, folder, texts))
    return out


def renumber(text: str, number: int) -> str:
    """Give the document a new printed number, if its heading prints one.

    The heading is the first block that is not a page marker or an older
    volume's decimal-file number line (``740.00112A European War, 1939/4125``)."""
    lines = text.split("\n")
    blocks_seen = 0
    in_block = False
    for i, line in enumerate(lines):
        if not line.strip():
            in_block = False
            continue
        if not in_block:
            in_block = True
            if PAGE_ONLY.match(line):
                continue
            blocks_seen += 1
            printed = PRINTED_NUMBER.match(line)
            if printed:
                lines[i] = str(number) + line[printed.end(1):]
                break
            if blocks_seen >= 2 or not FILE_NUMBER.match(line):
                break
    return "\n".join(lines)


def repaginate(text: str, counter: list[int]) -> str:
    """Rewrite every ``[Page N]`` with the volume's next page number."""
    def next_page(_m):
        counter[0] += 1
        return f"[Page {counter[0]}]"
    return PAGE.sub(next_page, text)


def _volume_toml(seed: SeedVolume, new_id: str, copy: int) -> str:
    path = seed.folder / "volume.toml"
    text = path.read_text(encoding="utf-8") if path.exists() else f'title = "{seed.name}"\n'
    if re.search(r'(?m)^id\s*=', text):
        text = re.sub(r'(?m)^id\s*=.*$', f'id = "{new_id}"', text, count=1)
    else:
        text = f'id = "{new_id}"\n' + text
    # a distinct title, so indexes and headers tell the copies apart
    return re.sub(r'(?m)^title\s*=\s*"(.*)"\s*$', lambda m: f'title = "{m.group(1)} (copy {copy})"', text, count=1)


def make_corpus(dest: Path, n: int, seeds: Path = SEEDS, per_volume: int = 500) -> list[Path]:
    """Write an ``n``-document corpus of volume folders under ``dest``; returns the folders.

    The seed documents are taken in turn (all volumes, all texts), so every
    size keeps the seeds' mix of recent and older volumes."""
    volumes = seed_volumes(seeds)
    if not volumes:
        raise SystemExit(f"{seeds}: no seed volumes")
    flat = [(v, t) for v in volumes for t in v.texts]
    cache = {t: t.read_text(encoding="utf-8") for _, t in flat}
    dest.mkdir(parents=True, exist_ok=True)
    state: dict[str, dict] = {}  # per seed volume: its current copy, documents and pages so far
    folders = []
    for k in range(n):
        seed, text_path = flat[k % len(flat)]
        st = state.setdefault(seed.name, {"copy": 0, "count": per_volume, "pages": [0], "folder": None})
        if st["count"] >= per_volume:
            st.update(copy=st["copy"] + 1, count=0, pages=[0])
            vid = f"{seed.name}-c{st['copy']:03d}"
            folder = dest / vid
            folder.mkdir()
            for name in sorted(FRONT_MATTER):
                if (seed.folder / name).exists():
                    shutil.copyfile(seed.folder / name, folder / name)
            (folder / "volume.toml").write_text(_volume_toml(seed, vid, st["copy"]), encoding="utf-8")
            st["folder"] = folder
            folders.append(folder)
        st["count"] += 1
        number = st["count"]
        text = repaginate(renumber(cache[text_path], number), st["pages"])
        (st["folder"] / f"d{number}.txt").write_text(text, encoding="utf-8")
    return folders


def add_paragraph(path: Path, text: str = EDIT) -> None:
    """Add a paragraph at the end of a document's text, before its footnotes.

    At the end, so the heading, opener and lists keep their reading."""
    lines = path.read_text(encoding="utf-8").rstrip("\n").split("\n")
    at = len(lines)
    for i in range(len(lines) - 1, -1, -1):
        if NOTE_LINE.match(lines[i]):
            at = i
        elif lines[i].strip() and not NOTE_MORE.match(lines[i]):
            break
    if at < len(lines):
        lines[at:at] = [text, ""]
    else:
        lines += ["", text]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def edit_one(folder: Path) -> Path:
    """Edit the middle document of a volume."""
    texts = documents_in(folder)
    target = texts[len(texts) // 2]
    add_paragraph(target)
    return target
