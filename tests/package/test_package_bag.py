"""BagIt packages: validated TEI, schemas and report, checksummed, repeatable."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import bagit
import pytest
from lxml import etree

from pipeline import safexml
from pipeline.package import PackageRefused, command, package_volume
from pipeline.validate import Validator
from pipeline.volume import volume_tei

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
DOCS = [HERE / "fixtures" / "d1.xml", HERE / "fixtures" / "d2.xml"]
INVALID = REPO / "tests/validate/fixtures/invalid"
TEI = "{http://www.tei-c.org/ns/1.0}"
VOLUME = "frus1999v01"


@pytest.fixture(scope="module")
def validator():
    return Validator()


@pytest.fixture
def volume_file(tmp_path) -> Path:
    divs = [safexml.parse_path(p)[0].find(f".//{TEI}body/{TEI}div") for p in DOCS]
    path = tmp_path / "volumes" / f"{VOLUME}.xml"
    path.parent.mkdir()
    path.write_bytes(etree.tostring(volume_tei({"id": VOLUME, "title": "A test volume"}, [], divs),
                                    xml_declaration=True, encoding="UTF-8"))
    return path


@pytest.fixture(autouse=True)
def no_source_date(monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)


def files_of(bag: Path) -> dict[str, bytes]:
    return {str(p.relative_to(bag)): p.read_bytes() for p in sorted(bag.rglob("*")) if p.is_file()}


def test_bag_layout_and_validity(validator, volume_file, tmp_path):
    bag_dir = package_volume(VOLUME, DOCS, volume_file, tmp_path / "out", validator)
    assert bag_dir == tmp_path / "out" / VOLUME
    assert sorted(files_of(bag_dir)) == [
        "bag-info.txt", "bagit.txt",
        f"data/{VOLUME}.xml",
        "data/schemas/edition.rnc", "data/schemas/edition.rng", "data/schemas/edition.sch",
        "data/tei/d1.xml", "data/tei/d2.xml",
        "data/validation-report.json", "data/validation-report.txt",
        "manifest-sha256.txt", "tagmanifest-sha256.txt",
    ]
    bag = bagit.Bag(str(bag_dir))
    assert bag.validate()
    assert bag.algorithms == ["sha256"]
    assert (bag_dir / "data/tei/d1.xml").read_bytes() == DOCS[0].read_bytes()
    assert not list((tmp_path / "out").glob(".*"))  # no staging folder left behind


def test_bagit_command_line_validates_it(validator, volume_file, tmp_path):
    bag_dir = package_volume(VOLUME, DOCS, volume_file, tmp_path / "out", validator)
    run = subprocess.run([sys.executable, "-m", "bagit", "--validate", str(bag_dir)],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert "is valid" in run.stderr


def test_tampering_is_detected(validator, volume_file, tmp_path):
    bag_dir = package_volume(VOLUME, DOCS, volume_file, tmp_path / "out", validator)
    (bag_dir / "data/tei/d1.xml").write_text("<changed/>")
    assert not bagit.Bag(str(bag_dir)).is_valid()


def test_bag_info_is_deterministic(validator, volume_file, tmp_path, monkeypatch):
    info = bagit.Bag(str(package_volume(VOLUME, DOCS, volume_file, tmp_path / "a", validator))).info
    assert "Bagging-Date" not in info
    assert info["External-Identifier"] == VOLUME
    assert info["Payload-Oxum"].endswith(".8")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    info = bagit.Bag(str(package_volume(VOLUME, DOCS, volume_file, tmp_path / "b", validator))).info
    assert info["Bagging-Date"] == "2023-11-14"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    with pytest.raises(ValueError, match="SOURCE_DATE_EPOCH"):
        package_volume(VOLUME, DOCS, volume_file, tmp_path / "c", validator)


def test_packaging_twice_gives_the_same_bag(validator, volume_file, tmp_path):
    one = files_of(package_volume(VOLUME, DOCS, volume_file, tmp_path / "one", validator))
    two = files_of(package_volume(VOLUME, DOCS, volume_file, tmp_path / "two", validator))
    assert one == two
    again = files_of(package_volume(VOLUME, DOCS, volume_file, tmp_path / "one", validator))  # over the old bag
    assert again == one
    assert one["manifest-sha256.txt"] == two["manifest-sha256.txt"]


def test_report(validator, tmp_path):
    warned = tmp_path / "d3.xml"
    shutil.copyfile(INVALID / "page-repeated.xml", warned)
    bag_dir = package_volume(VOLUME, [*DOCS, warned], None, tmp_path / "out", validator)
    report = json.loads((bag_dir / "data/validation-report.json").read_text(encoding="utf-8"))
    assert report["volume"] == VOLUME
    assert report["summary"] == {"files": 3, "errors": 0, "warnings": 1}
    assert [f["file"] for f in report["files"]] == ["tei/d1.xml", "tei/d2.xml", "tei/d3.xml"]
    assert set(report["schemas"]) == {"schemas/edition.rnc", "schemas/edition.rng", "schemas/edition.sch"}
    [problem] = report["files"][2]["problems"]
    assert (problem["file"], problem["line"], problem["code"]) == ("tei/d3.xml", 17, "page-repeated")
    text = (bag_dir / "data/validation-report.txt").read_text(encoding="utf-8")
    assert "Errors: 0. Warnings: 1." in text
    assert "tei/d3.xml:17:17: warning: page 41 begins twice" in text


def test_invalid_volume_is_refused(validator, volume_file, tmp_path):
    broken = tmp_path / "d3.xml"
    shutil.copyfile(INVALID / "page-order.xml", broken)
    with pytest.raises(PackageRefused) as refused:
        package_volume(VOLUME, [*DOCS, broken], volume_file, tmp_path / "out", validator)
    assert [(p.file, p.line, p.code) for p in refused.value.problems] == [(str(broken), 17, "page-order")]
    assert not (tmp_path / "out").exists()


def test_two_files_of_one_name_are_refused(validator, tmp_path):
    other = tmp_path / "d1.xml"
    shutil.copyfile(DOCS[0], other)
    with pytest.raises(ValueError, match="share the name"):
        package_volume(VOLUME, [DOCS[0], other], None, tmp_path / "out", validator)


# ---------------------------------------------------------------- edition package

def single_volume_build(root: Path, with_volume_file: bool, volume_file: Path | None = None) -> Path:
    (root / "tei").mkdir(parents=True)
    for doc in DOCS:
        shutil.copyfile(doc, root / "tei" / doc.name)
    if with_volume_file:
        (root / "volumes").mkdir()
        shutil.copyfile(volume_file, root / "volumes" / f"{VOLUME}.xml")
    return root


def test_command_single_volume(volume_file, tmp_path, capsys):
    build = single_volume_build(tmp_path / "build", True, volume_file)
    assert command([str(build)]) == 0
    bag_dir = build / "package" / VOLUME
    assert bagit.Bag(str(bag_dir)).is_valid()
    assert (bag_dir / f"data/{VOLUME}.xml").is_file()
    assert f"packaged {VOLUME}: 2 document files and the volume file" in capsys.readouterr().err


def test_command_single_volume_names_it_from_the_idno(tmp_path):
    build = single_volume_build(tmp_path / "build", False)
    assert command([str(build), "--out", str(tmp_path / "bags")]) == 0
    assert bagit.Bag(str(tmp_path / "bags" / VOLUME)).is_valid()


def test_command_several_volumes(tmp_path, capsys):
    build = tmp_path / "build"
    for volume, docs in (("frus1999v01", DOCS), ("frus1999v02", DOCS[:1])):
        (build / "tei" / volume).mkdir(parents=True)
        for doc in docs:
            shutil.copyfile(doc, build / "tei" / volume / doc.name)
    broken = build / "tei" / "frus1999v03"
    broken.mkdir()
    shutil.copyfile(INVALID / "page-order.xml", broken / "d5.xml")
    assert command([str(build)]) == 1
    captured = capsys.readouterr()
    assert f"{broken / 'd5.xml'}:17:17: error: page 40 comes after page 41" in captured.out
    assert "volume frus1999v03 not packaged: 1 validation error" in captured.err
    assert sorted(p.name for p in (build / "package").iterdir()) == ["frus1999v01", "frus1999v02"]


def test_command_usage(tmp_path, capsys):
    assert command([]) == 2
    assert command([str(tmp_path)]) == 2
    assert "no tei/ folder" in capsys.readouterr().err
    (tmp_path / "tei").mkdir()
    assert command([str(tmp_path)]) == 2
    assert "no TEI files" in capsys.readouterr().err


def test_command_through_the_cli(volume_file, tmp_path):
    cli = pytest.importorskip("pipeline.cli")
    build = single_volume_build(tmp_path / "build", True, volume_file)
    assert cli.main(["package", str(build), "--out", str(tmp_path / "bags")]) == 0
    assert (tmp_path / "bags" / VOLUME / "bagit.txt").is_file()
