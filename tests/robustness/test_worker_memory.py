"""A build worker keeps the front matter of the volume it is doing, and no
other: given every volume's at its start, each worker grew with the size of
the edition (over 200 MB at 600 volumes). Checked by what the worker holds,
not by timing or measuring memory."""
from __future__ import annotations

import gc
import weakref

from lxml import etree

from pipeline import annotate
from pipeline.build import worker
from pipeline.report import Reporter
from pipeline.sources import discover
from robust_support import write_volume

TEI = "{http://www.tei-c.org/ns/1.0}"


def _volume(root, name: str, person: str):
    return write_volume(root / name, {
        "persons.txt": f"List of Persons\n\n  • {person}, Ambassador to Peru\n",
        "d1.txt": f"1. Telegram From the Embassy in Peru\n\nAmbassador {person.split(',')[0]} reports.\n"})


def test_a_worker_lets_go_of_a_volumes_front_matter_when_it_moves_on(tmp_path):
    _volume(tmp_path / "src", "va", "Smith, John")
    _volume(tmp_path / "src", "vb", "Jones, Mary")
    volumes, _, _ = discover(tmp_path / "src")
    w = worker.Worker("utf-8", None, None)
    held, persons = [], []
    for vol in volumes:
        front = worker.pack_front(annotate.load_frontmatter(vol.folder, Reporter(str(vol.folder))))
        target = tmp_path / "out" / vol.id / "d1.xml"
        target.parent.mkdir(parents=True)
        [done] = w.documents([worker.Job(vol.texts[0], vol.meta, 1, target, front=front)])
        assert done.result.errors == 0, done.result.lines
        held.append(weakref.ref(w.front))
        persons.append(sorted({p.get("corresp") for p in etree.parse(str(target)).iter(f"{TEI}persName")
                               if p.get("corresp")}))
    gc.collect()
    assert held[0]() is None, "the first volume's front matter is still held"
    assert held[1]() is w.front
    # each document was given its own volume's list
    assert persons == [["#p_SJ_1"], ["#p_JM_1"]]
