"""Rule *front matter*: the List of Persons and List of Abbreviations, their ids and TEI."""
from __future__ import annotations

import pickle

from lxml import etree

from pipeline.annotate import back_matter, load_frontmatter
from pipeline.annotate.frontmatter import parse_person, parse_term
from pipeline.report import Reporter


XML_ID = "{http://www.w3.org/XML/1998/namespace}id"


def test_person_entries_split_name_and_description():
    used: dict = {}
    got = [parse_person(t, used) for t in (
        "Adair, Charles W., Jr., Chief, Trade Agreements Division",
        "Eisenhower, Major John S.D. (Lieutenant Colonel from May 1960), USA, Assistant Staff Secretary",
        "Guevara Serna, Major Ernesto (Che), Commander of La Cabaña fortress",
        "Chiari, Dr. Roberto F.,, President of Panama",
        "Adams, Sherman, The Assistant to the President",
        "Allende, Salvador, Marxist Chilean Senator",
    )]
    assert [(p.id, p.name, p.description[:12]) for p in got] == [
        ("p_ACWJ_1", "Adair, Charles W., Jr.", "Chief, Trade"),
        ("p_EMJSD_1", "Eisenhower, Major John S.D.", "(Lieutenant "),
        ("p_GSMEC_1", "Guevara Serna, Major Ernesto (Che)", "Commander of"),
        ("p_CDRF_1", "Chiari, Dr. Roberto F.,", "President of"),
        ("p_AS_1", "Adams, Sherman", "The Assistan"),
        ("p_AS_2", "Allende, Salvador", "Marxist Chil"),
    ]
    assert parse_person("Editor’s Note: The identification of the persons, in this list", {}) is None


def test_term_entries():
    used: dict = {}
    got = [parse_term(t, used) for t in ("AD,Acción Democratica (Democratic Action Party), Venezuela",
                                         "S/P, Policy Planning Staff", "CA, Central America", "CA, circular airgram",
                                         "OPAR(s), Operations Progress Report(s)")]
    assert [(t.id, t.term, t.description[:6]) for t in got] == [
        ("t_AD_1", "AD", "Acción"), ("t_SP_1", "S/P", "Policy"), ("t_CA_1", "CA", "Centra"),
        ("t_CA_2", "CA", "circul"), ("t_OPARs_1", "OPAR(s)", "Operat")]
    assert got[-1].forms == ["OPAR(s)", "OPARs", "OPAR"]
    assert parse_term("CP(SU), Communist Party (of the Soviet Union)", {}).forms == ["CP(SU)", "CPSU", "CP"]
    assert parse_term("Exim (Eximbank), Export-Import Bank", {}).forms == ["Exim"]


def test_front_divs_have_the_frus_shape(fm):
    persons, terms = fm.front_divs()
    assert persons.get(XML_ID) == "persons" and persons.get("subtype") == "index"
    item = persons.find(".//{*}item[3]")
    raw = etree.tostring(item, encoding="unicode").replace(' xmlns="http://www.tei-c.org/ns/1.0"', "")
    assert raw == ('<item><hi rend="strong"><persName xml:id="p_ACWJ_1">Adair, Charles W., Jr.</persName>,</hi>'
                   ' Chief, Trade Agreements and Treaties Division, Department of State</item>')
    assert persons.find(".//{*}item[1]").text.startswith("Editor’s Note:")
    assert [pb.get("n") for pb in persons.iter("{*}pb")] == ["XXVIII"]
    assert terms.get(XML_ID) == "terms" and terms.find(".//{*}list").get("type") == "terms"
    assert terms.find(".//{*}term").get(XML_ID) == "t_AD_1"


def test_back_matter_holds_only_what_the_document_uses(fm, run):
    r = run("<p>Mr. Rubottom and the IMF.</p>")
    persons, terms = back_matter(fm, r.result)
    assert [e.get(XML_ID) for e in persons.iter("{*}persName")] == ["p_RRRJ_1"]
    assert [e.get(XML_ID) for e in terms.iter("{*}term")] == ["t_IMF_1"]
    assert list(persons.iter("{*}pb")) == []
    assert back_matter(fm, run("<p>Nothing.</p>").result) == []


def test_every_pointer_resolves(fm, run):
    r = run("<p>Kubitschek, Dulles, Ambassador Briggs, Hill, the IMF, CA and ARA/REA.</p>")
    ids = {e.get(XML_ID) for d in fm.front_divs() for e in d.iter()}
    assert all(c[1:] in ids for c in r.attrs("persName", "corresp") if c)
    assert all(t[1:] in ids for t in r.attrs("gloss", "target"))


def test_frontmatter_pickles_without_its_caches(fm, run):
    run("<p>Mr. Rubottom and the IMF.</p>")
    assert fm._cache
    again = pickle.loads(pickle.dumps(fm))
    assert again._cache == {} and again.persons == fm.persons
    assert again.term_pattern[0].search("the IMF")


def test_missing_lists_give_empty_frontmatter(tmp_path):
    fm = load_frontmatter(tmp_path, Reporter("x"))
    assert fm.persons == [] and fm.terms == [] and fm.front_divs() == []


def test_lists_copied_with_dashes_read_as_with_bullets(tmp_path):
    (tmp_path / "persons.txt").write_text("List of Persons\n- Adair, Charles W., Jr., Chief\n[Page XVII]\n"
                                          "- Briggs, Ellis O., Ambassador\n", encoding="utf-8")
    (tmp_path / "terms.txt").write_text("Abbreviations and Terms\n- ACSI, Assistant Chief of Staff\n-\n",
                                        encoding="utf-8")
    fm = load_frontmatter(tmp_path, Reporter("x"))
    assert [p.id for p in fm.persons] == ["p_ACWJ_1", "p_BEO_1"]
    assert [e.kind for e in fm.persons_entries] == ["person", "pb", "person"]
    assert [t.term for t in fm.terms] == ["ACSI"] and fm.terms_head == "Abbreviations and Terms"
    assert [e.kind for e in fm.terms_entries] == ["term"]
