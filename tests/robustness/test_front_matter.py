"""Issue 7: a List of Persons (and of Abbreviations) that names someone twice.

Both entries are kept with ids of their own, no mention is linked to one of
them without the choice being reported, and the text stays as it was.
"""
from __future__ import annotations

import importlib

import pytest
from lxml import etree

from robust_support import NS, run_edition, stray_files, write_volume

XML_ID = "{http://www.w3.org/XML/1998/namespace}id"


def _annotators_missing() -> str | None:
    try:
        annotate = importlib.import_module("pipeline.annotate")
    except ImportError:
        return "pipeline.annotate is not present"
    missing = [name for name in ("load_frontmatter", "annotate") if not hasattr(annotate, name)]
    return f"pipeline.annotate has no {', '.join(missing)}" if missing else None


pytestmark = pytest.mark.skipif(_annotators_missing() is not None, reason=str(_annotators_missing()))

PERSONS = """List of Persons

  • Smith, John, Ambassador to Peru
  • Smith, John, Counselor of the Embassy in Brazil
  • Doe, Jane, Secretary of State
  • Doe, Jane, Secretary of State
  • Roe, Richard, Director of the Office of Research
"""
TERMS = """List of Abbreviations

  • ARA, Bureau of Inter-American Affairs
  • ARA, Bureau of Inter-American Affairs
"""
DOC = """5. Memorandum of a Conversation, Washington, August 3, 1960

PARTICIPANTS

  • John Smith
  • Jane Doe
  • Richard Roe

Mr. Smith told Secretary Doe and Mr. Roe that ARA had agreed.
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("persons")
    src = write_volume(root / "vol", {"persons.txt": PERSONS, "terms.txt": TERMS, "d5.txt": DOC,
                                      "d6.txt": "6. Another\n\nNothing about them.\n"})
    result = run_edition("build", src, "--out", root / "out", "--jobs", 1, "--no-search")
    return result


def ids(tree) -> list[str]:
    return [el.get(XML_ID) for el in tree.iter() if isinstance(el.tag, str) and el.get(XML_ID)]


def test_the_build_succeeds(built):
    assert built.status == 0, built.err[-3000:]
    assert "Traceback" not in built.err
    assert stray_files(built.out.parent) == []


def test_every_entry_is_kept_with_an_id_of_its_own(built):
    volume = etree.parse(str(built.out / "volumes" / "vol.xml"))
    all_ids = ids(volume)
    assert len(all_ids) == len(set(all_ids))
    persons = [(p.get(XML_ID), p.getparent().getparent().xpath("string()"))
               for p in volume.iterfind(".//t:persName", NS) if p.get(XML_ID)]
    described = sorted(text.split(",", 2)[2].strip() for _, text in persons)
    assert described == sorted(["Ambassador to Peru", "Counselor of the Embassy in Brazil", "Secretary of State",
                                "Secretary of State", "Director of the Office of Research"])


def test_links_resolve_and_ambiguous_names_are_reported(built):
    tei = etree.parse(str(built.out / "tei" / "d5.xml"))
    volume = etree.parse(str(built.out / "volumes" / "vol.xml"))
    known = set(ids(volume)) | set(ids(tei))
    targets = [el.get(attr) for el in tei.iter() if isinstance(el.tag, str)
               for attr in ("corresp", "target") if (el.get(attr) or "").startswith("#")]
    for target in targets:
        assert target[1:] in known, f"{target} points nowhere"
    decisions = built.document("d5.txt")["decisions"]
    for name, line in (("Smith", 5), ("Doe", 6), ("Smith", 9), ("Doe", 9)):
        reported = [d for d in decisions if d["kind"] == "person" and d["line"] == line
                    and len(d["alternatives"]) + bool(d["chosen"]) >= 2]
        assert reported, f"{name} on line {line} may be either of two entries: no decision in the report"
    roe = [el.get("corresp") for el in tei.iterfind(".//t:body//t:persName", NS) if "Roe" in el.xpath("string()")]
    assert roe and all(roe), "Richard Roe is listed once: his mentions are linked"


def test_the_text_is_intact(built):
    tei = etree.parse(str(built.out / "tei" / "d5.xml"))
    text = " ".join(tei.find(".//t:body", NS).xpath("string()").split())
    for words in ("John Smith", "Jane Doe", "Richard Roe", "Mr. Smith told Secretary Doe and Mr. Roe that ARA had agreed."):
        assert words in text
