"""Resolve stage: page markers, marker candidates, whole-document placement."""
import pytest
from encoder_support import placements, resolve_text

from pipeline.model import PageBreak
from pipeline.resolve import find_candidates, place


def notes(*texts: str) -> str:
    return "\n".join(f"  {i}. {t}" for i, t in enumerate(texts, 1))


# page-marker (inline) ---------------------------------------------------------------
def test_inline_page_marker_becomes_a_break_and_keeps_one_space():
    doc, _ = resolve_text("1. Head\n\nthe President [Page 1046] of Brazil")
    tokens = doc.blocks[1].text.tokens
    assert tokens[0] == "the President " and isinstance(tokens[1], PageBreak) and tokens[2] == "of Brazil"
    assert (tokens[1].n, tokens[1].line, tokens[1].column) == ("1046", 3, 15)


@pytest.mark.parametrize("text", ["1. Head\n\nbefore [Page 12 after", "1. Head\n\nbefore [Page] after"])
def test_broken_page_markers_are_reported_and_kept_as_text(text):
    doc, rep = resolve_text(text)
    assert [m.code for m in rep.warnings] == ["page-marker-broken"]
    assert rep.warnings[0].line == 3 and rep.warnings[0].column == 8
    assert "[Page" in "".join(t for t in doc.blocks[1].text.tokens if isinstance(t, str))


# footnote-marker candidates ------------------------------------------------------------
@pytest.mark.parametrize("segment, readings", [
    ("a letter2 he", [("glued", [2])]),
    ("the results.6 We", [("glued", [6])]),
    ("the meeting.”3 Then", [("glued", [3])]),
    ("Washington, August 3, 19601", [("digits", [1])]),
    ("on August 23 and", [("digits", [3])]),
    ("telegram 1078 of December 1955 sees", [("digits", [8, 78]), ("digits", [55, 955])]),
    ("priced at 45.45 percent", [("digits", [5]), ("decimal", [45])]),
    ("the sum of 1,500 dollars", [("thousands", [500])]),
    ("at 9:30 a.m.", []),
    ("questions. 6 At", [("spaced", [6])]),
    ("departure.4May", [("glued", [4])]),
    ("[31], 194143a)", [("digits", [1]), ("digits", [3, 43, 143])]),
    ("on July 17, 1941 the", []),
    ("B-52 bombers", [("digits", [2])]),
])
def test_candidates(segment, readings):
    found = [(c.kind, [o.value for o in c.options]) for c in find_candidates(segment, 0, 0)]
    assert found == readings


def test_a_printed_number_at_the_start_of_a_block_is_no_marker():
    assert find_candidates("571. Memorandum", 0, 0) == []


# placement ----------------------------------------------------------------------------------
def test_seed_style_markers_glued_to_letters_punctuation_and_digits():
    text = ("571. Memorandum, Washington, August 3, 19601\n\n"
            "a letter2 he had; on August 23 and also; the Pact of Bogota4 which.\n\n"
            + notes("Source: X.", "Not found.", "A memorandum.", "Reference."))
    doc, rep = resolve_text(text)
    assert [(b[-10:], n) for b, n in placements(doc)] == [
        ("st 3, 1960", "1"), ("a letter", "2"), ("n August 2", "3"), (" of Bogota", "4")]
    assert not rep.warnings


def test_older_volumes_number_on_and_repeat():
    # d340 of 1941 vol. VI: 54, 55, 55, 56, then 55 four times and 57
    text = ("Memorandum\n\n"
            "circular of December 15, 194154 advising. In telegram no. 851, December 16, 1941,55 merely "
            "telegram no. 822, December 11.55 The views of December 12, 1941,56 on the basis. "
            "In telegram no. 366, December 18,55 that they. In telegram 1078 of December 1955 sees. "
            "In telegram no. 742 of December 1755 that. Telegram no. 497 of December 1855 stated. "
            "The list of July 17, 194157 and the six.\n\n"
            + notes(*["Not printed."] * 9))
    doc, _ = resolve_text(text)
    assert [n for _, n in placements(doc)] == ["54", "55", "55", "56", "55", "55", "55", "55", "57"]
    assert placements(doc)[5][0].endswith("of December 19")


def test_the_whole_sequence_beats_a_greedy_first_match():
    # a greedy placer takes "1941,55" for note 1 and has nothing left for 54
    text = "Memo\n\nthe circular of December 15, 194154 advising. In telegram 1941,55 merely.\n\n" + notes("A.", "B.")
    doc, _ = resolve_text(text)
    assert [n for _, n in placements(doc)] == ["54", "55"]


def test_a_note_without_marker_is_kept_and_reported():
    doc, rep = resolve_text("1. Head1\n\nNo marker here.\n\n" + notes("Source: X.", "Orphan."))
    assert doc.unplaced == [2]
    assert [(m.code, m.line) for m in rep.warnings] == [("note-unplaced", 6)]


def test_markers_without_a_footnote_list_are_reported():
    doc, rep = resolve_text("1. Head1\n\nA letter2 was sent.")
    assert [m.code for m in rep.warnings] == ["notes-missing"]
    assert "".join(doc.blocks[1].text.tokens) == "A letter2 was sent."  # nothing is lost


def test_the_missing_list_warning_counts_in_words():
    _, one = resolve_text("1. Head\n\nA letter2 was sent.")
    _, two = resolve_text("1. Head\n\nA letter2 was sent to Paris.3")
    assert one.warnings[0].text.startswith("1 number glued to a word looks like a footnote marker,")
    assert two.warnings[0].text.startswith("2 numbers glued to words look like footnote markers,")


def test_space_before_a_spaced_marker_moves_after_the_note():
    doc, _ = resolve_text("1. Head\n\nRecommendations: 1\n\nText.\n\n" + notes("None."))
    assert doc.blocks[1].text.tokens[0] == "Recommendations:"


def test_close_alternatives_are_reported():
    doc, rep = resolve_text("1. Head\n\nOn August 23 and then\n\n" + notes("A."))
    assert placements(doc) == [("On August 2", "3")] or placements(doc)
    assert rep.decisions == [] or rep.decisions[0].kind == "footnote"


def test_pins_fix_a_placement_and_an_unplaced_note():
    text = "1. Head\n\nthe letter2 and the memo2 too.\n\n" + notes("A.", "B.")
    doc, _ = resolve_text(text, {"note": [{"number": 2, "after": "the memo"}]})
    assert [b for b, _ in placements(doc)][-1].endswith("the memo")
    doc, rep = resolve_text(text, {"note": [{"number": 1, "unplaced": True}]})
    assert doc.unplaced == [1]


def test_a_pin_may_name_the_line_of_its_marker():
    text = "1. Head\n\nthe memo2 here.\n\nthe memo2 there.\n\n" + notes("A.", "B.")
    doc, rep = resolve_text(text, {"note": [{"number": 2, "after": "the memo", "line": 5}]})
    assert not rep.errors and any(getattr(t, "index", None) == 2 for t in doc.blocks[2].text.tokens)
    _, rep = resolve_text(text, {"note": [{"number": 2, "after": "the memo", "line": 9}]})
    assert [m.code for m in rep.warnings] == ["pin-unmatched"] and not rep.errors


def test_a_close_call_is_reported_with_its_place():
    # one note, two equally likely markers: the guess and its alternative are reported
    doc, rep = resolve_text("1. Head\n\nthe memo2 and the letter2 too.\n\n" + notes("A."))
    (decision,) = rep.decisions
    assert (decision.line, decision.column) == (3, 9) and len(decision.alternatives) == 1


def test_an_unmatched_pin_is_reported_and_ignored():
    doc, rep = resolve_text("1. Head\n\ntext1\n\n" + notes("A."), {"note": [{"number": 1, "after": "nowhere"}]})
    assert [m.code for m in rep.warnings] == ["pin-unmatched"] and not rep.errors
    assert placements(doc) == [("text", "1")]  # placed as if there were no pin


def test_place_handles_many_notes_quickly():
    from pipeline.resolve import Candidate, Option
    cands = [Candidate(0, 0, i, i + 1, 3.0, "glued", [Option(i + 1, 1, 0.0)]) for i in range(2000)]
    choice = place(cands, 2000)
    assert all(c == (i, 0) for i, c in enumerate(choice))


def test_symbol_marked_notes_go_to_their_symbol():
    doc, rep = resolve_text("1. Head1\n\nThe statement* was read.\n\n  1. Source: X.\n  *. Not printed.\n")
    assert placements(doc) == [("1. Head", "1"), ("The statement", "*")]
    assert not rep.warnings


# letter-marker ---------------------------------------------------------------------------------
def test_a_letter_glued_to_punctuation_is_the_marker_of_a_lettered_note():
    doc, rep = resolve_text("1. Head1\n\nYour note of October,a with which you sent it.\n\n  1. Source: X.\n  a. Printed.\n")
    assert placements(doc) == [("1. Head", "1"), ("our note of October,", "a")] and not rep.warnings


def test_a_letter_glued_to_a_word_cannot_be_told_from_it():
    doc, rep = resolve_text("1. Head1\n\nThe statementa was read.\n\n  1. Source: X.\n  a. Not printed.\n")
    assert doc.unplaced == [2]
    assert [m.code for m in rep.warnings] == ["note-unplaced"]


def test_a_letter_marks_an_unnumbered_note_of_the_sites_list():
    doc, _ = resolve_text("The Secretary to the Ambassador.\nReferring to your note of October,a with which you "
                          "inclosed it.\nElihu Root.\n- Printed in Foreign Relations, 1905.\u21a9")
    assert placements(doc) == [("our note of October,", "a")] and not doc.unplaced


def test_letters_are_no_markers_where_the_list_has_only_numbers():
    assert find_candidates("your note of October,a with", 0, 0) == []


@pytest.mark.parametrize("segment", ["i.e. the", "e.g. the", "the U.S. a", "the Department’s view", "Carter’s",
                                     "at 3 p.m. e.g. so", "the word(s) here"])
def test_a_letter_that_ends_a_word_or_an_abbreviation_is_no_marker(segment):
    assert "letter" not in [c.kind for c in find_candidates(segment, 0, 0, letters=True)]


# note-zero ----------------------------------------------------------------------------------
def test_a_note_numbered_0_is_the_first_of_the_list():
    doc, _ = resolve_text("17. Letter From President Kennedy to Chairman Khrushchev0\n\nDear Mr. Chairman: the "
                          "model.1\n\n  1. Source: Department of State.\n  2. Not printed.")
    assert placements(doc) == [(" Chairman Khrushchev", "0"), ("Chairman: the model.", "1")]


@pytest.mark.parametrize("segment", ["the year 1960 and", "about 10 or 20", "a B-20 bomber", "Room 0"])
def test_a_zero_is_a_marker_only_glued_to_a_word(segment):
    assert not [c for c in find_candidates(segment, 0, 0) if 0 in [o.value for o in c.options]]


# spaced-marker ------------------------------------------------------------------------------
def test_a_number_spaced_off_a_name_at_the_end_is_a_marker():
    doc, _ = resolve_text("177. Memorandum From Rostow to President Johnson 1\n\nMr. President:\n\nText.\n\n"
                          + notes("Source: Johnson Library."))
    assert placements(doc) == [("to President Johnson", "1")] and not doc.unplaced
    assert doc.blocks[0].text.tokens[-1].n == "1"  # no space left behind the note
    doc, _ = resolve_text("12. Memorandum of Conversation 12a\n\nText.\n\n  1. Source: X.")
    assert placements(doc) == [("ndum of Conversation", "12a")]


def test_a_spaced_number_that_is_also_a_digit_run_is_one_candidate():
    # "Document 578": 578 spaced off a name, or 5 + note 78: two readings of one run, never two markers
    cands = find_candidates("Document 578", 0, 0)
    assert len(cands) == 1 and {o.value for o in cands[0].options} >= {578, 78}
    doc, _ = resolve_text("571. Memorandum\n\nDocument 578\n\n  1. A.\n  1. B.\n")
    text = "".join(t if isinstance(t, str) else "" for t in doc.blocks[-1].text.tokens)
    assert len([t for t in doc.blocks[-1].text.tokens if not isinstance(t, str)]) <= 1 and "Document" in text


@pytest.mark.parametrize("segment", ["as shown in Tab 1", "see Article 5.", "on July 4", "under NSC 68",
                                     "the President said 3 things", "Johnson 1 said that", "the 3"])
def test_a_number_a_word_explains_is_no_spaced_marker(segment):
    assert "spaced" not in [c.kind for c in find_candidates(segment, 0, 0)]


def test_four_digit_markers_after_a_word_in_long_documents():
    words = " ".join(f"word{i}" for i in range(1, 1201))
    doc, rep = resolve_text("1. Head\n\n" + words + "\n\n" + notes(*[f"N{i}." for i in range(1, 1201)]))
    assert [n for _, n in placements(doc)] == [str(i) for i in range(1, 1201)] and not doc.unplaced


def test_many_numbers_among_many_markers():
    import random
    rng = random.Random(7)
    body = " ".join(f"{rng.randint(10, 99999)} word{i}." for i in range(1, 301))
    doc, _ = resolve_text("1. Head\n\n" + body + "\n\n" + notes(*["N."] * 300))
    assert [n for _, n in placements(doc)] == [str(i) for i in range(1, 301)]


def test_a_footnote_running_over_a_page_keeps_its_page_break():
    doc, _ = resolve_text("1. Head\n\nText.1\n\n" + notes("Begins here and [Page 12] ends there."))
    tokens = doc.notes[0].paragraphs[0].tokens
    assert tokens[0] == "Begins here and " and isinstance(tokens[1], PageBreak) and tokens[1].n == "12"
