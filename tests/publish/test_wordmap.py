"""The word map (issue 26): patched after a volume is indexed again, it holds the same
bytes as one made from every volume at once."""
from __future__ import annotations

import json
from pathlib import Path

from pipeline.publish import wordmap

IDS = ["v1", "v2", "v3"]


def about(title: str, documents: int = 2) -> dict:
    return {"title": title, "documents": documents, "years": {"1958": documents}}


FIRST = {"v1": (about("One"), ["brazil", "flore", "kubitschek", "the"]),
         "v2": (about("Two"), ["brazil", "carri", "the", "“what"]),
         "v3": (about("Three"), ["mexico", "the"])}


def files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted((site / "search").rglob("*"))
            if p.is_file()}


def made_whole(tmp_path: Path, name: str, records: dict) -> dict[str, bytes]:
    site = tmp_path / name
    wordmap.update_map(site, tmp_path / f"{name}-words", IDS, records.items())
    return files(site)


def test_a_word_lists_the_volumes_that_hold_it(tmp_path):
    site = tmp_path / "site"
    wordmap.update_map(site, tmp_path / "words", IDS, FIRST.items())
    assert json.loads((site / "search" / "words" / "the.json").read_bytes()) == {"the": "0-2"}
    assert json.loads((site / "search" / "words" / "bra.json").read_bytes()) == {"brazil": "0-1"}
    # a word that does not start with plain letters is named by its bytes, as search.js names it
    assert (site / "search" / "words" / f"_{'“wh'.encode().hex()}.json").exists()
    head = json.loads((site / "search" / "volumes.json").read_bytes())
    assert [v["id"] for v in head["volumes"]] == IDS and head["prefix"] == wordmap.PREFIX


def test_patched_after_an_edit_as_if_made_whole(tmp_path):
    site, words = tmp_path / "site", tmp_path / "words"
    wordmap.update_map(site, words, IDS, FIRST.items())
    before = files(site)
    edited = {"v2": (about("Two", 3), ["brazil", "carri", "quadros", "the"])}  # gains one word, loses one
    wordmap.update_map(site, words, IDS, edited.items())
    after = files(site)
    assert after == made_whole(tmp_path, "whole", dict(FIRST, **edited))
    changed = {k for k in after.keys() | before.keys() if after.get(k) != before.get(k)}
    assert changed == {"search/volumes.json", "search/words/qua.json", f"search/words/_{'“wh'.encode().hex()}.json"}


def test_a_volume_left_without_documents_holds_no_word(tmp_path):
    site, words = tmp_path / "site", tmp_path / "words"
    wordmap.update_map(site, words, IDS, FIRST.items())
    emptied = {"v3": (wordmap._unheld(), [])}
    wordmap.update_map(site, words, IDS, emptied.items())
    assert files(site) == made_whole(tmp_path, "whole", dict(FIRST, **emptied))
    assert not (site / "search" / "words" / "mex.json").exists()


def test_ranges():
    assert wordmap.ranges([0, 1, 2, 5, 7, 8]) == "0-2,5,7-8"
    assert wordmap._numbers("0-2,5,7-8") == [0, 1, 2, 5, 7, 8]


def test_each_volume_s_words_are_saved_as_they_come(tmp_path):
    """The build holds one volume's words at a time, not the edition's."""
    site, words = tmp_path / "site", tmp_path / "words"
    seen = []

    def fresh():
        for vid, record in FIRST.items():
            assert all((words / f"{v}.txt").exists() for v in seen)  # the volumes before are saved already
            seen.append(vid)
            yield vid, record
    wordmap.update_map(site, words, IDS, fresh())
    assert seen == list(FIRST) and files(site) == made_whole(tmp_path, "whole", FIRST)


def test_a_word_many_documents_hold_is_marked_dense_in_its_volumes(tmp_path):
    """The search page's first answer stops at a volume where every query word is
    dense: the map says where, and keeps saying it as edits cross the threshold."""
    site, words = tmp_path / "site", tmp_path / "words"
    dense = {"v1": (about("One"), ["brazil", "the\t+"]), "v2": (about("Two"), ["brazil\t+", "the"]),
             "v3": (about("Three"), ["the\t+"])}
    wordmap.update_map(site, words, IDS, dense.items())
    assert json.loads((site / "search" / "words" / "the.json").read_bytes()) == {"the": "0-2/0,2"}
    assert json.loads((site / "search" / "words" / "bra.json").read_bytes()) == {"brazil": "0-1/1"}
    assert json.loads((site / "search" / "volumes.json").read_bytes())["dense"] == wordmap.DENSE
    edited = {"v1": (about("One"), ["brazil", "the"]), "v2": (about("Two"), ["brazil", "the\t+"])}
    wordmap.update_map(site, words, IDS, edited.items())
    assert files(site) == made_whole(tmp_path, "whole", dict(dense, **edited))
    assert json.loads((site / "search" / "words" / "the.json").read_bytes()) == {"the": "0-2/1-2"}
    assert json.loads((site / "search" / "words" / "bra.json").read_bytes()) == {"brazil": "0-1"}


def test_a_bundle_s_words_are_dense_where_enough_pages_hold_them(tmp_path):
    """Read from a real Pagefind index: a word's pages are counted."""
    import subprocess
    import sys
    site = tmp_path / "v"
    site.mkdir()
    for n in range(wordmap.DENSE):
        rare = " Zorvanek" if n == 0 else ""
        (site / f"d{n}.html").write_text(f"<html lang='en'><body><main data-pagefind-body><p>The treaty{rare}.</p>"
                                         "</main></body></html>", encoding="utf-8")
    subprocess.run([sys.executable, "-m", "pagefind", "--site", str(site), "--silent"], check=True)
    lines = wordmap.index_words(site / "pagefind")
    assert "treati\t+" in lines and "the\t+" in lines and "zorvanek" in lines
