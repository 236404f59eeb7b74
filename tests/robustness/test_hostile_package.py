"""Finding 1: ``edition package`` names bags from ids inside the TEI or from
file names; a hostile id must never reach a folder outside ``--out``."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pipeline.files import UnsafePath, inside, is_safe_name, safe_name
from pipeline.package import command, package_volume
from pipeline.validate import Validator

FIXTURES = Path(__file__).resolve().parents[1] / "package" / "fixtures"


def victim(folder: Path) -> Path:
    folder.mkdir(parents=True)
    (folder / "thesis.docx").write_bytes(b"years of work")
    return folder


def build_with_idno(build: Path, idno: str) -> Path:
    """A build folder whose TEI files share the frus idno ``idno`` (and no volume file)."""
    (build / "tei").mkdir(parents=True)
    for name in ("d1.xml", "d2.xml"):
        text = (FIXTURES / name).read_text(encoding="utf-8")
        (build / "tei" / name).write_text(text.replace(">frus1999v01<", f">{idno}<"), encoding="utf-8")
    return build


def test_idno_climbing_out_of_out_is_refused(tmp_path):
    kept = victim(tmp_path / "victim3")
    build = build_with_idno(tmp_path / "evil", "../../victim3")
    out = tmp_path / "x" / "bags"
    assert command([str(build), "--out", str(out)]) == 2
    assert sorted(p.name for p in kept.iterdir()) == ["thesis.docx"]
    assert not out.exists() or not any(out.iterdir())


def test_volume_file_named_dots_is_refused(tmp_path):
    """``...xml`` has the stem ``..``: the parent of --out must stay as it is."""
    build = build_with_idno(tmp_path / "build", "frus1999v01")
    (build / "volumes").mkdir()
    (build / "volumes" / "...xml").write_text("<x/>", encoding="utf-8")
    parent = tmp_path / "x"
    victim(parent / "sibling")
    assert command([str(build), "--out", str(parent / "bags")]) == 2
    assert (parent / "sibling" / "thesis.docx").read_bytes() == b"years of work"


def test_good_volume_still_packaged_beside_a_refused_one(tmp_path):
    build = build_with_idno(tmp_path / "build", "frus1999v01")
    sub = build / "tei" / "..."  # a volume folder the file system allows, whose name is not safe
    sub.mkdir()
    shutil.copy(build / "tei" / "d1.xml", sub / "d1.xml")
    out = tmp_path / "bags"
    assert command([str(build), "--out", str(out)]) == 2
    assert (out / "frus1999v01" / "bagit.txt").is_file()
    assert sorted(p.name for p in out.iterdir()) == ["frus1999v01"]


def test_bag_folder_that_is_a_link_out_is_not_followed(tmp_path):
    kept = victim(tmp_path / "victim")
    out = tmp_path / "bags"
    out.mkdir()
    (out / "frus1999v01").symlink_to(kept)
    with pytest.raises(UnsafePath):
        package_volume("frus1999v01", [FIXTURES / "d1.xml"], None, out, Validator())
    assert sorted(p.name for p in kept.iterdir()) == ["thesis.docx"]


@pytest.mark.parametrize("raw", ["..", ".", "...", "../../x", "a/b", "a\\b", ".hidden", "", "x" * 300,
                                 "nul\0", "tab\there", "\udcff"])
def test_safe_name_is_one_bounded_name(raw):
    name = safe_name(raw)
    assert name not in ("", ".", "..") and not name.startswith(".")
    assert "/" not in name and "\\" not in name and "\0" not in name
    assert len(name.encode("utf-8")) <= 120
    assert not is_safe_name(raw)
    assert safe_name(name) == name  # a safe name is kept as it is


def test_safe_names_of_different_ids_differ():
    assert safe_name("a/b") != safe_name("a_b") != safe_name("a:b")
    assert safe_name("x" * 300) != safe_name("x" * 301)
    assert safe_name("frus1958-60v06") == "frus1958-60v06"


def test_inside(tmp_path):
    assert inside(tmp_path, tmp_path / "a" / "b") == tmp_path / "a" / "b"
    for bad in (tmp_path, tmp_path / ".." / "x", tmp_path / "a" / ".." / ".."):
        with pytest.raises(UnsafePath):
            inside(tmp_path, bad)
