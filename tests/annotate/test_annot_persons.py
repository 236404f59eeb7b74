"""Rule *names*: each cue, and the linking to the List of Persons."""
from __future__ import annotations

import pytest

from pipeline.annotate.persons import accents_agree


def test_titles_and_offices_stay_outside(run):
    r = run("<p>Mr. Rubottom told the Adviser on Political Relations (Duggan) and Secretary of State Dulles "
            "that President López Mateos and Mexican Ambassador Antonio Carrillo Flores had agreed.</p>")
    assert r.texts("persName") == ["Rubottom", "Duggan", "Dulles", "López Mateos", "Antonio Carrillo Flores"]
    assert "Mr. <persName" in r.xml() and "(<persName>Duggan</persName>)" in r.xml()


def test_office_in_brackets_needs_an_office(run):
    r = run("<p>He received me in his residence (Laranjeiras) instead of at the Presidential office (Catete); "
            "the Chilean President (Ríos) agreed.</p>", frontmatter=None)
    assert r.texts("persName") == ["Ríos"]


def test_drafting_notes(run):
    r = run('<p>Text.<note n="1" xml:id="d1fn1" type="source">Source: Central Files. Drafted by Osborne, '
            'initialed by Rubottom, and approved on August 9.</note></p>', frontmatter=None)
    assert r.texts("persName") == ["Osborne", "Rubottom"]


def test_participants_list(run):
    r = run('<list type="participants"><item>The Secretary of State</item><item>Assistant Secretary '
            'R. R. Rubottom, Jr.</item><item>Dr. José Gallastegui, Private Secretary to the Mexican Foreign '
            'Minister</item><item>Melville E. Osborne—CMA</item><item>Brazil</item></list>', frontmatter=None)
    assert r.texts("persName") == ["R. R. Rubottom, Jr.", "José Gallastegui", "Melville E. Osborne"]


def test_signature(run):
    r = run("<p>Text.</p><closer><signed>Dean Acheson</signed></closer>", frontmatter=None)
    assert r.texts("persName") == ["Dean Acheson"]


def test_names_known_from_earlier_cues_spread(run):
    r = run("<p>Ambassador Carrillo Flores said so. In response to Carrillo Flores’ question, Mr. Gallastegui "
            "left; Gallastegui returned.</p>", frontmatter=None)
    assert r.texts("persName") == ["Carrillo Flores", "Carrillo Flores", "Gallastegui", "Gallastegui"]


def test_role_cue_for_unknown_names(run):
    r = run('<p>Text.<note n="6" xml:id="d1fn6">In a memorandum to Herter on August 4, the Ambassadors '
            'called on Roa the previous day. Roa had received it, but had to contact Dorticos. Afterwards, '
            'Herter met with them. In Havana the talks went on.</note></p>', frontmatter=None)
    # "Roa had" opens a sentence: not evidence enough, and a weak cue is not spread
    assert r.texts("persName") == ["Herter", "Roa", "Dorticos", "Herter"]


def test_listed_names_link(run):
    r = run("<p>Kubitschek met Lucas Lopes; Kubitschek de Oliviera and López Mateos; lopez mateos.</p>")
    assert r.pairs("persName", "corresp") == [("Kubitschek", "#p_KODJ_1"), ("Lucas Lopes", "#p_LL_1"),
                                              ("Kubitschek de Oliviera", "#p_KODJ_1"),
                                              ("López Mateos", "#p_LMA_1")]
    assert r.result.persons == ["p_KODJ_1", "p_LL_1", "p_LMA_1"]


def test_given_names_and_initials_choose_among_namesakes(run):
    r = run("<p>John Foster Dulles met Allen W. Dulles. William T. Briggs and Dwight D. Eisenhower; "
            "Roy R. Rubottom and Ernani do Amaral Peixoto.</p>")
    assert r.attrs("persName", "corresp") == ["#p_DJF_1", "#p_DAW_1", "#p_BWT_1", "#p_EDD_1", "#p_RRRJ_1",
                                              "#p_PEA_1"]


def test_unfitting_initials_mean_someone_else(run):
    r = run("<p>Chief of Economic Dept. A. Castro, and Premier Castro.</p>")
    assert r.pairs("persName", "corresp") == [("A. Castro", None), ("Castro", "#p_CRF_1")]


def test_office_chooses_among_namesakes(run):
    r = run("<p>Ambassador Briggs called. Secretary of State Dulles agreed. President Eisenhower spoke.</p>")
    assert r.attrs("persName", "corresp") == ["#p_BEO_1", "#p_DJF_1", "#p_EDD_1"]
    assert all(d.note and d.chosen for d in r.decisions("person"))


def test_earlier_mention_chooses_among_namesakes(run):
    r = run("<p>William T. Briggs wrote. Later Briggs called again.</p>")
    assert r.attrs("persName", "corresp") == ["#p_BWT_1", "#p_BWT_1"]


def test_undecidable_namesake_is_tagged_unlinked_and_reported(run):
    r = run("<p>The memorandum went to Mr. Hill yesterday.</p>")
    assert r.pairs("persName", "corresp") == [("Hill", None)]
    d = r.decisions("person")[0]
    assert d.chosen == "" and sorted(d.alternatives) == ["p_HJCJ_1", "p_HRC_1"]


def test_common_words_are_no_names_without_evidence(run):
    r = run("<p>In May the White House said the Treasury representative May may come. White agreed.</p>")
    assert r.pairs("persName", "corresp") == [("May", "#p_MHK_1")]


def test_accents_and_case(run):
    r = run("<p>DEAR MR. RUBOTTOM: López Mateos met Kubitschek.</p>")
    assert r.attrs("persName", "corresp") == ["#p_RRRJ_1", "#p_LMA_1", "#p_KODJ_1"]


def test_a_name_without_the_listed_accents_is_left_alone(run):
    # FRUS's own tagging leaves "Peron" untagged where "Perón" is listed (rule *accents*)
    r = run("<p>Lopez Mateos arrived; Peixoto left.</p>")
    assert r.pairs("persName", "corresp") == [("Peixoto", "#p_PEA_1")]
    r = run("<p>President Lopez Mateos left.</p>")
    assert r.pairs("persName", "corresp") == [("Lopez Mateos", None)]  # a name, but not the listed one
    assert accents_agree("LOPEZ MATEOS", "López Mateos") and accents_agree("Lòpez", "Lopez")
    assert not accents_agree("Lopez", "López Mateos")


def test_places_and_organisations_are_no_names(run):
    r = run("<p>The President of Mexico, the Governor of Paraiba and the Director of the Foreign Exchange "
            "Department met Vice President Nixon at San José.</p>", frontmatter=None)
    assert r.texts("persName") == ["Nixon"]


@pytest.mark.parametrize("pin, expected", [
    ({"text": "Briggs", "corresp": "p_BWT_1"}, [("Briggs", "#p_BWT_1")]),
    ({"text": "Briggs", "corresp": ""}, [("Briggs", None)]),
    ({"text": "Briggs", "tag": False}, []),
])
def test_person_pins(run, pin, expected):
    r = run("<p>Ambassador Briggs called.</p>", pins={"person": [pin]})
    assert r.pairs("persName", "corresp") == expected
    assert r.decisions("person")[-1].pinned


def test_a_pin_tags_a_missed_name_and_a_stale_pin_is_reported(run):
    r = run("<p>the report from Halliwell arrived.</p>",
            pins={"person": [{"text": "Halliwell", "tag": True}, {"text": "Nobody", "corresp": ""}]})
    assert r.texts("persName") == ["Halliwell"]
    assert [m.code for m in r.reporter.messages] == ["pin-unused"]


def test_particles_open_names(run, tmp_path):
    from pipeline.annotate import load_frontmatter
    from pipeline.report import Reporter
    (tmp_path / "persons.txt").write_text("List of Persons\n\n  • de Gaulle, Charles, President of France\n",
                                          encoding="utf-8")
    fm = load_frontmatter(tmp_path, Reporter("x"))
    r = run("<p>President de Gaulle met Mr. van Zeeland and Charles de Gaulle.</p>", frontmatter=fm)
    assert r.pairs("persName", "corresp") == [("de Gaulle", "#p_GC_1"), ("van Zeeland", None),
                                              ("Charles de Gaulle", "#p_GC_1")]


def test_a_name_right_after_a_full_stop(run):
    r = run("<p>12. Attitude Toward the Soviet Union.Kubitschek would be under pressure; the U.S.Embassy agreed.</p>")
    assert r.texts("persName") == ["Kubitschek"]


def test_the_office_outweighs_an_earlier_namesake(run):
    r = run("<p>William T. Briggs drafted it; Ambassador Briggs signed it; Briggs left.</p>")
    assert r.attrs("persName", "corresp") == ["#p_BWT_1", "#p_BEO_1", "#p_BEO_1"]


def test_a_first_name_after_the_full_name(run):
    r = run("<p>Finance Minister Lucas Lopes came. Later Lucas also told me; John agreed.</p>")
    assert r.pairs("persName", "corresp") == [("Lucas Lopes", "#p_LL_1"), ("Lucas", "#p_LL_1")]
