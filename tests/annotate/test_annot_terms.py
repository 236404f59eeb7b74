"""Rule *abbreviations*: gloss@target into the List of Abbreviations."""
from __future__ import annotations



def test_terms_link(run):
    r = run("<p>The IMF and ARA; Lot 65 F 4, 320 OPA–I; the UN and UNESCO; ARA/REA and ARA/OSA.</p>")
    assert r.pairs("gloss", "target") == [("IMF", "#t_IMF_1"), ("ARA", "#t_ARA_1"), ("OPA", "#t_OPA_1"),
                                          ("UN", "#t_UN_1"), ("UNESCO", "#t_UNESCO_1"),
                                          ("ARA/REA", "#t_ARAREA_1"), ("ARA", "#t_ARA_1")]
    assert r.result.terms == ["t_IMF_1", "t_ARA_1", "t_OPA_1", "t_UN_1", "t_UNESCO_1", "t_ARAREA_1"]


def test_case_and_word_boundaries(run):
    r = run("<p>UNIMF, imf, Imf, a UN-sponsored plan; the ADU and AD; Niact and niact.</p>")
    assert r.texts("gloss") == ["UN", "AD", "niact"]


def test_bracketed_spellings(run):
    r = run("<p>A&amp;FP and AFP; Exim but not Eximbank; G–2.</p>")
    assert r.pairs("gloss", "target") == [("A&FP", "#t_AFPAFP_1"), ("AFP", "#t_AFPAFP_1"),
                                          ("Exim", "#t_EximEximbank_1"), ("G–2", "#t_G2_1")]


def test_one_letter_office_symbols_are_left_alone(run):
    r = run("<p>Cleared with S and S/P; U.S. policy; Annex S.</p>")
    assert r.texts("gloss") == ["S/P"]


def test_a_term_listed_twice_is_reported(run):
    r = run("<p>Sent as CA–1234 to CA posts.</p>")
    assert r.attrs("gloss", "target") == ["#t_CA_1", "#t_CA_1"]
    d = r.decisions("term")
    assert len(d) == 1 and d[0].alternatives == ["t_CA_2"]


def test_names_win_over_terms(run):
    r = run("<p>President Kubitschek and the IMF.</p>")
    assert r.texts("persName") == ["Kubitschek"] and r.texts("gloss") == ["IMF"]
