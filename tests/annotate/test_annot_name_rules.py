"""The named rules of *names*, each with a case it takes and one it leaves, and each
switched off by name; then the classes of error the rules guard against."""
from __future__ import annotations

import pytest

from annotate_support import Run, make_div
from pipeline.annotate import ANNOTATORS, AnnotateContext, annotate
from pipeline.annotate.persons import CUES, RULES, VETOES, sound
from pipeline.report import Reporter

# rule → (a text it names, the names; a text it leaves, the names there)
CUE_CASES = {
    "title": ("<p>We met Mr. Gallastegui.</p>", ["Gallastegui"],
              "<p>We met the Gallastegui.</p>", []),
    "bridge": ("<p>We met the Minister of Finance Oswaldo Aranha.</p>", ["Oswaldo Aranha"],
               "<p>We met the Finance Oswaldo Aranha.</p>", []),
    "office": ("<p>the Adviser on Political Relations (Duggan) agreed.</p>", ["Duggan"],
               "<p>in his residence (Laranjeiras) instead.</p>", []),
    "lower-title": ("<p>He saw Treasury representative Pinto.</p>", ["Pinto"],
                    "<p>He saw Treasury Pinto.</p>", []),
    "drafted": ('<p>Text.<note n="1" xml:id="d1fn1">Drafted by Osborne.</note></p>', ["Osborne"],
                '<p>Text.<note n="1" xml:id="d1fn1">It was read by Osborne.</note></p>', []),
    "series": ("<p>Mr. Osborne, Gallastegui and Pinto agreed.</p>", ["Osborne", "Gallastegui", "Pinto"],
               "<p>Mr. Osborne, Policy and Reform agreed on a policy of reform.</p>", ["Osborne"]),
    "signed": ("<p>Text.</p><closer><signed>Dean Acheson</signed></closer>", ["Dean Acheson"],
               "<p>Dean Acheson</p>", []),
    "participant": ('<list type="participants"><item>José Gallastegui, Secretary</item></list>', ["José Gallastegui"],
                    '<list type="subject"><item>José Gallastegui, Secretary</item></list>', []),
    "initials": ("<p>He saw Melville E. Osborne.</p>", ["Melville E. Osborne"],
                 "<p>He saw Melville Osborne.</p>", []),
}


def run_off(body: str, off, frontmatter=None) -> Run:
    """The annotators with the rules named in ``off`` switched off."""
    div = make_div(body)
    rep = Reporter("test")
    result = annotate(div, AnnotateContext(frontmatter, rep, {}, "frus1958-60v05", "d1", frozenset(off)))
    return Run(div, rep, result)


@pytest.mark.parametrize("rule", list(CUE_CASES))
def test_each_cue(run, rule):
    takes, names, leaves, left = CUE_CASES[rule]
    assert run(takes, frontmatter=None).texts("persName") == names
    assert run(leaves, frontmatter=None).texts("persName") == left
    assert run_off(takes, {rule}).texts("persName") != names  # it is this rule that names them


# veto → a text where it holds, and the name it stops (found when the veto is off)
VETO_CASES = {
    "veto-institution": ("<p>the Director of the Foreign Exchange Department.</p>", "Exchange"),
    "veto-named-after": ("<p>the Kubitschek Library.</p>", "Kubitschek"),
    "veto-ship": ("<p>on the S. S. Imperator bound for Europe.</p>", "S. S. Imperator"),
    "veto-term": ("<p>He told Mr. Exim so.</p>", "Exim"),
    "veto-abbreviated": ("<p>the Ambassador Min. of Finance.</p>", "Min"),
    "veto-outline-label": ("<p>A. Opposition to the plan.</p>", "A. Opposition"),
    "veto-common-word": ("<p>Mr. Osborne, Policy and Reform agreed on a policy of reform.</p>", "Reform"),
    "veto-glued-initials": ("<p>See G.S. Getting there.</p>", "G.S. Getting"),
}


@pytest.mark.parametrize("rule", list(VETO_CASES))
def test_each_veto(rule, fm):
    body, name = VETO_CASES[rule]
    front = fm if rule in ("veto-term", "veto-named-after") else None
    assert name not in run_off(body, set(), front).texts("persName")
    assert name in run_off(body, {rule}, front).texts("persName")


def test_every_rule_has_a_name_and_a_case():
    assert [r.name for r in VETOES] == list(VETO_CASES)
    assert [r.name for r in CUES] == list(CUE_CASES)
    assert all(r.name.startswith("veto-") for r in VETOES)
    assert {"listed", "known", "role", "nickname", "signed-capitals", "salutation", "trailing", "accents"} <= set(RULES)
    assert [a.name for a in ANNOTATORS] == ["document-date", "datelines", "parties", "dates", "references",
                                            "abbreviations", "names"]


def test_a_rule_switched_off_by_name(fm):
    body = "<p>We met Mr. Gallastegui. Then Melville E. Osborne.</p>"
    assert run_off(body, {"title"}).texts("persName") == ["Melville E. Osborne"]
    assert run_off(body, {"initials"}).texts("persName") == ["Gallastegui"]
    assert run_off(body, {"names"}).texts("persName") == []
    assert run_off("<p>Kubitschek spoke.</p>", {"listed"}, fm).texts("persName") == []
    assert run_off("<p>Kubitschek spoke.</p>", set(), fm).texts("persName") == ["Kubitschek"]
    assert run_off("<p>Zbigniew Brzezinski Collection</p>", {"trailing"}, fm).texts("persName") == []


# the classes of error ----------------------------------------------------------------------------

def test_outline_labels_are_no_initials(run):
    r = run("<p>A. Opposition to the plan</p><p>C. Statements</p><p>He saw J. Smithers.</p>", frontmatter=None)
    assert r.texts("persName") == ["J. Smithers"]
    r = run('<list type="participants"><item>J. Smithers, Department of State</item></list>', frontmatter=None)
    assert r.texts("persName") == ["J. Smithers"]


def test_offices_groups_and_institutions_are_no_names(run):
    r = run("<p>Nehru and Prime Minister Nkrumah; Rick Inderfurth (Notetaker); the General Assembly; "
            "the U.S. Policy; G.S. Getting there.</p>")
    assert r.texts("persName") == ["Nkrumah", "Rick Inderfurth"]
    r = run("<p>Mr. Osborne and General Assembly met.</p>", frontmatter=None)
    assert r.texts("persName") == ["Osborne"]
    r = run("<p>General Vernon agreed; Prime Minister Nkrumah too.</p>", frontmatter=None)
    assert r.texts("persName") == ["Vernon", "Nkrumah"]
    r = run("<p>Shevardnadze Aide Tarasenko; Mr. Jayne, Associate Director; Amb. Matlock; the Franklin D. "
            "Roosevelt Library.</p>", frontmatter=None)
    assert r.texts("persName") == ["Tarasenko", "Jayne", "Matlock"]


def test_courtesy_titles_stay_outside(run):
    r = run("<p>Senor Roa and Señor Cabrera; Senora Perez.</p>", frontmatter=None)
    assert r.texts("persName") == ["Roa", "Cabrera", "Perez"]
    assert "Senor <persName>Roa</persName>" in r.xml()
    assert run("<p>The senor left.</p>", frontmatter=None).texts("persName") == []


def test_no_name_holds_a_digit_or_a_line_break(run):
    r = run("<p>Mr. Young45 said so to Mr. Johnson1\nWashington and Secretary Dulles.</p>")
    names = r.texts("persName")
    assert names == ["Young", "Johnson", "Dulles"] and all(sound(n) for n in names)
    assert not sound("Young45") and not sound("Johnson\nWashington") and sound("Kubitschek de Oliviera")


def test_terms_with_several_forms(run):
    r = run("<p>PBSUCCESS and PBS; LINCOLN,LINC; in S/S–O and S/S-O; the DoD and DOD; not PBSX or Lincoln.</p>")
    assert r.pairs("gloss", "target") == [
        ("PBSUCCESS", "#t_PBS_1"), ("PBS", "#t_PBS_1"), ("LINCOLN", "#t_LINC_1"), ("LINC", "#t_LINC_1"),
        ("S/S–O", "#t_SSO_1"), ("S/S-O", "#t_SSO_1"), ("DoD", "#t_DOD_1"), ("DOD", "#t_DOD_1")]


def test_nicknames_and_given_names_that_are_places(run):
    r = run("<p>Rick Inderfurth and Dick Moose met David Aaron; Cy agreed, and Zbigniew Brzezinski.</p>")
    assert r.pairs("persName", "corresp") == [("Rick Inderfurth", "#p_IKFR_1"), ("Dick Moose", "#p_MRM_1"),
                                              ("David Aaron", "#p_ADL_1"), ("Cy", "#p_VCR_1"),
                                              ("Zbigniew Brzezinski", "#p_BZ_1")]
    # a nickname two listed persons may have, or one written in lower case, names no one
    assert run("<p>Dave agreed; Cy is short; cy.</p>").texts("persName") == []


def test_a_listed_name_the_run_goes_on_past(run):
    r = run("<p>Carter Library, Zbigniew Brzezinski Collection; What Kubitschek Wants; the Vance Doctrine.</p>")
    assert r.texts("persName") == ["Zbigniew Brzezinski", "Kubitschek"]


def test_names_after_a_prefix_and_in_a_series_with_office_symbols(run):
    r = run("<p>anti-Kubitschek feeling; pro-Lopes troops; non-Lopes.</p>")
    assert r.texts("persName") == ["Kubitschek", "Lopes"]
    r = run('<p>Text.<note n="1" xml:id="d1fn1">Drafted by Rubottom (ARA) and White (P); approved.</note></p>')
    assert r.texts("persName") == ["Rubottom", "White"]
    assert run("<p>Mr. Rubottom (ARA) and White House aides.</p>").texts("persName") == ["Rubottom"]


def test_common_word_names_beside_a_companion(run):
    r = run("<p>May and I emphasized it. The talk between May and Lopes; between May and June; in May. "
            "May will be talking to them. In May would come the rains.</p>")
    assert r.texts("persName") == ["May", "May", "Lopes", "May"]


def test_signatures_in_capitals(run):
    r = run("<p>Text.</p><closer><signed>RUBOTTOM</signed></closer>")
    assert r.pairs("persName", "corresp") == [("RUBOTTOM", "#p_RRRJ_1")]
    r = run("<p>Text.</p><p>DULLES</p>")
    assert r.texts("persName") == ["DULLES"]
    assert run("<p>Text.</p><p>PBSUCCESS</p><p>NIACT</p>").texts("persName") == []
    assert run("<p>Text.</p><closer><signed>HERTER</signed></closer>").texts("persName") == []


def test_the_report_says_why_a_name_was_linked_and_lists_the_ambiguous(run):
    r = run("<p>Kubitschek met Mr. Rubottom. Briggs spoke.</p>")
    names = r.reporter.facts["names"]
    assert names["linked"] == {"p_KODJ_1": {"listed": 1}, "p_RRRJ_1": {"title": 1}}
    assert names["ambiguous"] == [{"text": "Briggs", "line": 1, "rule": "listed",
                                   "persons": ["p_BEO_1", "p_BWT_1"]}]
    assert "(rule listed)" in r.decisions("person")[0].note
