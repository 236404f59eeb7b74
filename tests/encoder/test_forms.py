"""Input forms and era conventions: one test group per named rule (pipeline/forms.py, parser.py)."""
from pathlib import Path

import pytest
from encoder_support import kinds, parse_text, placements, resolve_text
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from pipeline import forms

from pipeline.encode import encode_document

ROOT = Path(__file__).resolve().parents[2]
TEI_ALL = ROOT.parent / "shared" / "schemas-ref" / "tei_all.rng"


def form_of(text: str) -> str:
    doc, rep = parse_text(text)
    return rep.facts["form"]["name"]


# input-form ------------------------------------------------------------------
def test_the_form_is_told_by_how_lines_are_separated():
    assert form_of("1. Head\n\nFirst.\n\nSecond.\n") == "blank"
    assert form_of("1. Head\nFirst paragraph.\nSecond paragraph.\n") == "single"
    assert form_of("1. Head\nA sentence that the print\nline broke off here.\n") == "wrapped"
    assert form_of("1. Head\nText.1\n- one\n- two\n- Source: X.\u21a9\n") == "dash"
    _, rep = parse_text("1. Head\nFirst.\nSecond.\n")
    assert "single line breaks" in rep.facts["form"]["why"]


def test_single_form_each_line_is_a_block():
    assert kinds("Mr. Fish to Mr. Bancroft.\nWashington, August 13, 1870.\nSir: Text.\nMore text.\nHAMILTON FISH.") \
        == ["head", "dateline", "p", "p", "signature"]


# wrapped -----------------------------------------------------------------------
WRAPPED = ("1. Head\n"
           "Sir: I have the honor to inform you that the Government has agreed\n"
           "to the proposal, and that the papers will be sent by the next\n"
           "[Page 12]\n"
           "steamer to the legation.\n"
           "A second paragraph begins here.\n")


def test_wrapped_print_lines_are_joined_into_paragraphs_with_the_page_inside():
    doc, _ = resolve_text(WRAPPED)
    assert [b.kind for b in doc.blocks] == ["head", "p", "p"]
    p = doc.blocks[1].text
    assert "[Page 12]" in p.text and p.text.endswith("legation.")
    assert any(getattr(t, "n", None) == "12" for t in p.tokens)


def test_wrapped_lines_never_join_a_numbered_paragraph_or_a_signature():
    text = ("1. Telegram From the Embassy to the Department of State1\n"
            "1604. Embtels 15942 and the rest of the text goes on and on to\n"
            "the end.\nI am, sir, your obedient servant,\nHAMILTON FISH.\n\n  1. Source: X.")
    assert kinds(text) == ["head", "p", "p", "signature"]


def test_a_wrapped_dateline_is_joined_and_recognised():
    text = ("835.24/212: Telegram\nThe Ambassador in Argentina (Armour) to the Secretary of State\n"
            "Buenos Aires, November 27, 1941—8 p.m. [Received November 27—7:15\n"
            "p.m.]\n1341. Referring to the Embassy’s telegram of the day before, which said\n"
            "that the company would stop its service at the end of the month.\nArmour")
    assert kinds(text) == ["file-number", "head", "dateline", "p", "signature"]


def test_a_dateline_broken_under_a_full_heading_line_is_not_the_headings_end():
    text = ("245. Telegram From the Department of State to the Embassy in Vietnam1\nWashington, July 25,\n"
            "1964—4:56 p.m.\n253. State-Defense message. Ref: Embtels 213 and the rest goes on to the\n"
            "end of the line.\n\n  1. Source: X.")
    doc, _ = parse_text(text)
    assert [(b.kind, b.text.text) for b in doc.blocks[:2]] == [
        ("head", "245. Telegram From the Department of State to the Embassy in Vietnam1"),
        ("dateline", "Washington, July 25,\n1964—4:56 p.m.")]


@pytest.mark.parametrize("second", ["Janeiro, August 5, 1958, 9:30 a.m.1", "State"])
def test_a_dated_heading_keeps_its_date_and_its_last_print_line(second):
    first = ("253. Memorandum of a Conversation, Brazilian Foreign Office, Rio de" if second[0] == "J"
             else "200. The Ambassador in Argentina (Armour) to the Secretary of")
    doc, rep = parse_text(f"{first}\n{second}\nSTB MC/1\nThe text begins here and it\n"
                          "goes on to the next print line.\n")
    assert rep.facts["form"]["name"] == "wrapped"
    assert doc.blocks[0].kind == "head" and doc.blocks[0].text.text == f"{first}\n{second}"


def test_a_name_after_the_last_sentence_signs_off_however_long_the_line_before():
    text = ("1. Head\nThe planes can be operated with ordinary gasoline and it should be so\n"
            "possible to arrange an effective control of Condor’s fuel supply, surely.\nWelles")
    assert kinds(text) == ["head", "p", "signature"]


def test_a_date_broken_after_its_month_is_joined():
    text = ("1. Head\nThe company proposes a second weekly service between here and there from July\n"
            "24. Westbound schedules Mondays and Thursdays; eastbound on other days\nand Saturdays.")
    assert kinds(text) == ["head", "p"]


def test_the_signers_office_is_part_of_the_signature():
    doc, _ = resolve_text("1. Head\n\nText.\n\nFor the Secretary of State:\n\nAdolf A. Berle, Jr.\n\n"
                          "Assistant Secretary")
    assert [b.kind for b in doc.blocks][-2:] == ["signature", "signer-title"]
    tree, _ = _encode_text("1. Head\n\nText.\n\nDean Acheson\n\nAssistant Secretary")
    signed = tree.find(".//{http://www.tei-c.org/ns/1.0}signed")
    assert "".join(signed.itertext()) == "Dean AchesonAssistant Secretary" and len(signed.findall("{*}lb")) == 1


# dash ----------------------------------------------------------------------------
def test_dash_items_groups_and_numbered_items():
    text = ("1. Summary1\nSUBJECT\n- El Salvador\nPARTICIPANTS\n-\nState\n- Secretary Vance\n- Mr. Christopher\n"
            "-\nOSD\n- Mr. Claytor\nText.\n- 1.\n- First point.\n")
    doc, _ = parse_text(text)
    lists = [b for b in doc.blocks if b.kind == "list"]
    assert lists[0].label.text == "SUBJECT" and lists[0].list_type == "subject"
    groups = lists[1].items
    assert [g.text.text for g in groups] == ["State", "OSD"]
    assert [c.text.text for c in groups[0].children] == ["Secretary Vance", "Mr. Christopher"]
    assert [i.text.text for i in lists[2].items] == ["1.", "First point."]


def test_dash_footnotes_are_placed_by_list_order():
    text = "1. Memo1\nText of the letter.2 And more.\n- Source: Files.\u21a9\n- Not found.\u21a9\n"
    doc, rep = resolve_text(text)
    assert [n.numbered for n in doc.notes] == [False, False]
    assert placements(doc) == [("1. Memo", "1"), ("Text of the letter.", "2")]
    assert not doc.unplaced


def test_a_dash_note_cut_by_the_copy_still_counts():
    doc, _ = parse_text("1. Memo1\nText.2\n- Source: Files.\u21a9\n- Not fou")
    assert [n.paragraphs[0].text for n in doc.notes] == ["Source: Files.", "Not fou"]


def test_a_marker_alone_after_a_signature_belongs_to_it():
    doc, _ = resolve_text("1. Letter\nText.\nDean Acheson\n1\n- Signed copy.\u21a9\n")
    assert placements(doc) == [("Dean Acheson", "1")]


def test_a_wrapped_items_next_print_line_is_no_group_name():
    text = ("1. Telegram\nText.\n- 3.\n- Re proposal your 214, our objective should be to tell him that we\n"
            "are authorized to make following points:\n- a.\n- First point.\n- b.\n- Second point.\n")
    doc, _ = parse_text(text)
    (lst,) = [b for b in doc.blocks if b.kind == "list"]
    assert [i.text.text for i in lst.items] == ["3.", "Re proposal your 214, our objective should be to tell him "
                                                "that we\nare authorized to make following points:", "a.",
                                                "First point.", "b.", "Second point."]


def test_a_group_name_after_an_open_line_is_still_a_group_name():
    doc, _ = parse_text("1. Summary\nPARTICIPANTS\n-\nState\n- Secretary Vance,\nWhite House\n- Mr. Aaron\nText.\n")
    (lst,) = [b for b in doc.blocks if b.kind == "list"]
    assert [c.text.text for c in lst.items[0].children] == ["Secretary Vance,"]
    assert lst.items[1].head.text == "White House"


# numbered-lines --------------------------------------------------------------------------
NUMBERED = ("1. Memorandum of Conversation\nIn their discussion the Foreign Ministers:\n1.\nAgreed that a drafting "
            "party will meet.\n2.\nLeft open the time of release.\n3.\nAgreed to a meeting.\nHerter\n")


def test_numbers_alone_before_their_paragraphs_label_a_list(relaxng):
    doc, _ = parse_text(NUMBERED)
    assert [b.kind for b in doc.blocks] == ["head", "p", "list", "signature"]
    assert [i.text.text for i in doc.blocks[2].items] == ["1.", "Agreed that a drafting party will meet.", "2.",
                                                         "Left open the time of release.", "3.", "Agreed to a meeting."]
    tree, _ = _encode_text(NUMBERED)
    assert [c.text for c in tree.find(".//{*}list") if c.tag.endswith("label")] == ["1.", "2.", "3."]
    assert relaxng.validate(tree), relaxng.error_log.last_error


@pytest.mark.parametrize("text", ["1. Head\nText:\n1.\nAgreed that we meet.\nMore text.\n",  # one number alone
                                  "1. Head\nText:\n1.\n2.\nAgreed that we meet.\n"])  # numbers without text
def test_a_number_alone_once_is_left_as_printed(text):
    assert "list" not in kinds(text)


# own-line: separators and omission lines ------------------------------------------------
OWN_LINES = ["-----", "* * * * * * *", ". . . . . .", "[Omitted here is a discussion of Laos.]",
             "[1 paragraph (5 lines) not declassified]", "[Here follows a list of the participants.]"]


@pytest.mark.parametrize("line", OWN_LINES)
def test_separator_and_omission_lines_are_blocks_of_their_own_in_every_form(line):
    single = f"1. Head\nThe Secretary said that the talks would go on for\n{line}\nsome time yet, and the\nend.\n"
    blank = f"1. Head\n\nFirst paragraph,\n{line}\nsecond.\n"
    for text in (single, blank):
        doc, _ = parse_text(text)
        assert [b.text.text for b in doc.blocks if b.kind == "p"][1] == line


@pytest.mark.parametrize("line", ["- a dash item", "[Page 12]", "[Omitted here is a long passage",
                                  "... and so on", "Mr. Smith---the chairman"])
def test_lines_that_only_start_like_one_are_not_own_lines(line):
    assert not forms.OWN_LINE.match(line)


# classification-mark ---------------------------------------------------------------------
def test_a_classification_mark_alone_on_a_line_ends_the_block_above():
    text = "1. Head\nThe President said that we agreed.\n(S)\nA second paragraph. (C)\n- An item\n(TS)\nMore.\n"
    doc, _ = parse_text(text)
    assert [b.text.text if b.text else b.items[0].text.text for b in doc.blocks] == [
        "1. Head", "The President said that we agreed.\n(S)", "A second paragraph. (C)", "An item\n(TS)", "More."]


@pytest.mark.parametrize("line", ["(A)", "(s)", "(2)", "(S) The text", "(Secret)"])
def test_other_parenthesised_lines_are_no_classification_mark(line):
    assert not forms.CLASSIFICATION_MARK.match(line)


# participants grouped by agency ---------------------------------------------------
def test_group_names_over_indented_items_head_their_own_lists():
    text = "1. Summary\n\n\nState\n    • Cyrus Vance\n    • Warren Christopher\nDefense\n    • Harold Brown\n\nText."
    doc, _ = parse_text(text)
    lst = doc.blocks[1]
    assert lst.label is None
    assert [i.head.text for i in lst.items] == ["State", "Defense"]
    assert [c.text.text for c in lst.items[0].children] == ["Cyrus Vance", "Warren Christopher"]


# era headings ------------------------------------------------------------------------
def test_nineteenth_century_number_kind_heading_and_opener():
    text = ("No. 133.\n\n[Telegram.]\n\nMr. Davis to Mr. Bancroft.\n\nNo. 269.]\n\n"
            "Department of State, Washington, August 13, 1870.\n\nText.\n\nDAVIS.")
    assert kinds(text) == ["file-number", "kind", "head", "seg", "dateline", "p", "signature"]


LETTER = ("No. 149.\n\nMr. Fish to Mr. Bancroft.\n\nNo. 269.]\n\nDepartment of State, Washington, November 22, 1870.\n\n"
          "Sir: I inclose, for your information, a copy of a note of yesterday to Baron Gerolt.\n\n"
          "HAMILTON FISH.\n\n")
ENCLOSED = ("Department of State, Washington, November 21, 1870.\n\n"
            "Sir: The undersigned, Secretary of State of the United States, duly received the note.\n\n"
            "HAMILTON FISH.")


@pytest.mark.parametrize("opening, kinds_of_parts", [
    ("Mr. Fish to Baron Gerolt.\n\n", ["head", "dateline", "p", "signature"]),
    ("[Inclosure 1.]\n\nMr. Fish to Baron Gerolt.\n\n", ["enclosure-label", "head", "dateline", "p", "signature"]),
    ("[Translation.]\n\n", ["head", "dateline", "p", "signature"]),
])
def test_an_enclosure_after_the_signature_is_a_part_with_its_own_heading_and_closer(opening, kinds_of_parts):
    doc, _ = parse_text(LETTER + opening + ENCLOSED)
    assert [b.kind for b in doc.blocks] == ["file-number", "head", "seg", "dateline", "p", "signature", "enclosure"]
    assert [b.kind for b in doc.blocks[-1].parts] == kinds_of_parts


def test_an_enclosure_is_written_as_tei_allows_and_dated_on_its_own(relaxng):
    tree, _ = _encode_text(LETTER + "[Inclosure 1.]\n\nMr. Fish to Baron Gerolt.\n\n" + ENCLOSED)
    assert relaxng.validate(tree), relaxng.error_log.last_error
    ns = {"t": "http://www.tei-c.org/ns/1.0"}
    body = tree.find(".//t:postscript/t:floatingText[@type='enclosure']/t:body", ns)
    assert [c.tag.split("}")[1] for c in body] == ["opener", "head", "opener", "p", "closer"]
    assert body.find(".//t:dateline/t:date", ns).get("when") == "1870-11-21"


def test_a_heading_and_a_date_alone_after_the_signature_are_no_enclosure():
    doc, _ = parse_text(LETTER + "Copy annexed of Thile to G. B.\n\nAugust 14, 1870.")
    assert "enclosure" not in [b.kind for b in doc.blocks]


def test_a_line_in_capitals_above_the_number_heads_the_run_of_documents():
    text = ("THE UNITED STATES LEGATION AT BERLIN TO THE DEPARTMENT OF STATE.\n\nNo. 150.\n\n"
            "Mr. Bancroft to Mr. Fisk.\n\nText.")
    assert kinds(text) == ["section-head", "file-number", "head", "p"]
    tree, _ = _encode_text(text)
    assert tree.find(".//{*}div/{*}note[@rend='center']").text.startswith("THE UNITED STATES")


def test_wrapped_19th_century_opener_lines_stay_apart():
    text = ("No. 152.\nMr. Bancroft to Mr. Fish,\nNo. 119.]\n"
            "American Legation, Berlin, July 28, 1870. (Received August 18.)\n"
            "Yesterday forenoon I received your telegram, which said that the\nlegation would be closed.\n"
            "GEO. BANCROFT.")
    assert kinds(text) == ["file-number", "head", "seg", "dateline", "p", "signature"]


def test_file_no_line_of_1914_to_1918():
    assert kinds("File No. 763.72/830\n\nThe Ambassador to the Secretary of State\n\nText.")[:2] == \
        ["file-number", "head"]


def test_a_heading_is_never_the_document_run_into_it():
    text = "The Minister to the Secretary\n" + "Sir: In the way in which things go on here. " * 10
    doc, _ = parse_text(text.replace(". ", ".\n", 3))
    head = doc.blocks[0]
    assert head.kind == "head" and head.text.text == "The Minister to the Secretary"
    assert doc.blocks[1].kind == "p"


# footnote lists as people type them --------------------------------------------------
def test_note_line_without_its_dot_is_read_with_a_warning():
    doc, rep = parse_text("1. Head\n\nText.1 More.2\n\n  1. Source: X.\n  2 Not found.\n")
    assert [n.paragraphs[0].text for n in doc.notes] == ["Source: X.", "Not found."]
    assert [(m.code, m.line) for m in rep.warnings] == [("note-no-dot", 6)]


def test_l_or_capital_i_for_one():
    for label in ("l", "I"):
        doc, rep = parse_text(f"1. Head\n\nText.1\n\n  {label}. Source: X.\n")
        assert doc.notes[0].printed == "1" and not rep.warnings


def test_a_note_wrapping_onto_a_line_indented_two_spaces():
    doc, _ = parse_text("1. Head\n\nText.1\n\n  1. Source: a long\n  note that goes on.\n")
    assert doc.notes[0].paragraphs[0].text == "Source: a long\nnote that goes on."


def test_printed_numbers_and_order_disagreeing_report_both_readings():
    _, rep = parse_text("1. Head\n\nText.1 And.2\n\n  1. A.\n  3. B.\n")
    (decision,) = [d for d in rep.decisions if d.kind == "note-numbering"]
    assert decision.chosen == "list order: item 2" and decision.alternatives == ["printed number: 3"]


def test_a_footnote_list_without_its_indent_is_read_where_the_text_has_its_markers():
    doc, rep = resolve_text("5. Telegram From the Embassy1\n\nText about Laos.2\n\n1. Source: Files.\n2. Not printed.")
    assert [n.paragraphs[0].text for n in doc.notes] == ["Source: Files.", "Not printed."]
    assert [(n.paragraphs[0].line, n.paragraphs[0].column) for n in doc.notes] == [(5, 4), (6, 4)]
    assert placements(doc) == [("ram From the Embassy", "1"), ("Text about Laos.", "2")]
    assert [(m.code, m.line) for m in rep.messages if m.code == "notes-unindented"] == [("notes-unindented", 5)]


@pytest.mark.parametrize("text", [
    "5. Telegram\n\n1. Para one about the 1961 talks.\n\n2. Para two.",  # numbered paragraphs
    "5. Telegram1\n\nText.\n\n1. Source: Files.\n2. Para two.",  # no marker for 2
    "5. Telegram1\n\nText.2\n\n2. Para two.\n3. Para three.",  # not from 1
    "5. Telegram1\n\nText.2\n\n1. Para one.\nA closing sentence.",  # text after the numbered lines
])
def test_numbered_paragraphs_at_the_end_stay_text(text):
    doc, _ = parse_text(text)
    assert doc.notes == []


# note pins ---------------------------------------------------------------------------------
NOTES = "\n\n  1. A.\n  2. B.\n  3. C.\n"


def test_pin_by_printed_number_and_by_position():
    text = "1. Head\n\nthe letter1 and the memo2 and the cable2 too.3" + NOTES
    doc, rep = resolve_text(text, {"note": [{"number": 2, "after": "the cable"}]})
    assert placements(doc)[1][0].endswith("and the cable") and not rep.errors
    doc, rep = resolve_text(text, {"note": [{"position": 2, "after": "the cable"}]})
    assert placements(doc)[1][0].endswith("and the cable")


@pytest.mark.parametrize("pin", [{"number": 9, "after": "x"}, {"position": 0}, {"number": "x"}, {"after": "memo"},
                                 {"number": 1, "after": 3}, {"number": 2, "after": "the letter", "line": 99}])
def test_a_pin_that_cannot_be_applied_is_reported_and_ignored(pin):
    text = "1. Head\n\nthe letter1 and the memo2 and the cable3 too." + NOTES
    pins = {"note": [pin], "@lines": {"file": "d1.pins.toml", "note": [4]}}
    doc, rep = resolve_text(text, pins)
    assert not rep.errors
    unmatched = [m for m in rep.warnings if m.code == "pin-unmatched"]
    assert unmatched and "d1.pins.toml:4" in unmatched[0].text
    assert len(placements(doc)) == 3


def test_pins_that_contradict_each_other_do_not_crash():
    text = "1. Head\n\nthe letter1 and the memo2 and the cable3 too." + NOTES
    doc, rep = resolve_text(text, {"note": [{"number": 1, "after": "the cable"}, {"number": 3, "after": "the letter"}]})
    assert not rep.errors and any(m.code == "pin-unmatched" for m in rep.warnings)


def test_the_pins_file_lines_are_found():
    from pipeline import sidecar
    assert sidecar.table_lines("# c\n[[note]]\nnumber = 1\n\n[[person]]\n[[note]]\n", "note") == [2, 6]


# never drop a document: any text encodes to valid TEI ---------------------------------------
LINES = ["No. 12.", "[Telegram.]", "Mr. Adams to Mr. Seward.", "571. Memorandum of Conversation1",
         "Washington, August 3, 1960.", "File No. 763.72/830", "SUBJECT", "PARTICIPANTS", "-", "- 1.",
         "- The Secretary", "State", "  • item", "    • sub item", "[Page 4]", "[Page 5]its", "Text of it.2",
         "and goes on here", "HAMILTON FISH.", "1", "* * * * * * *", "-----", "(S)", "  1. Source: X.",
         "  2 Not found.", "- Not printed.\u21a9", "    further paragraph", "", "", "1.", "Nixon 1 said",
         "[Inclosure 1.]", "[Translation.]", "Mr. Fish to Baron Gerolt.", "Assistant Secretary",
         "Buenos Aires, November 27, 1941—8 p.m. [Received November", "27—7:15 p.m.]",
         "Sir: The undersigned, Secretary of State of the United States, duly received the note."]


@pytest.fixture(scope="module")
def relaxng():
    return etree.RelaxNG(etree.parse(str(ROOT / "schemas" / "edition.rng")))


def _encode(tmp: Path, text: str):
    path = tmp / "d7.txt"
    path.write_text(text, encoding="utf-8")
    tree, rep, _ = encode_document(path, {"id": "frus-test", "title": "Test"}, 1)
    return tree, rep


@settings(max_examples=120, derandomize=True, database=None, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(LINES), min_size=1, max_size=14))
def test_any_text_encodes_to_valid_tei(tmp_path, relaxng, lines):
    text = "\n".join(lines)
    if not text.strip():
        return
    tree, rep = _encode(tmp_path, text)
    if tree is None:  # only a text with no heading at all is refused
        assert [m.code for m in rep.errors] == ["no-heading"]
        return
    assert relaxng.validate(tree), (text, relaxng.error_log.last_error)


@pytest.mark.slow
@pytest.mark.skipif(not TEI_ALL.exists(), reason="needs ../shared/schemas-ref/tei_all.rng")
@settings(max_examples=40, derandomize=True, database=None, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(LINES), min_size=1, max_size=14))
def test_any_text_encodes_to_tei_all_valid_tei(tmp_path, lines):
    tei_all = _tei_all()
    tree, _ = _encode(tmp_path, "\n".join(lines) or "x")
    if tree is not None:
        assert tei_all.validate(tree), tei_all.error_log.last_error


def _encode_text(text: str):
    import tempfile
    with tempfile.TemporaryDirectory() as tmp:
        return _encode(Path(tmp), text)


_TEI_ALL = []


def _tei_all():
    if not _TEI_ALL:
        _TEI_ALL.append(etree.RelaxNG(etree.parse(str(TEI_ALL))))
    return _TEI_ALL[0]


def test_the_form_module_never_changes_a_character():
    text = WRAPPED + "- a\n-\nGroup\n- b\n"
    lines = text.split("\n")
    form = forms.detect(lines)
    joined = [line for _, run, _ in forms.runs(lines, form) for line in run]
    assert joined == [line for line in lines if line.strip()]


# front-matter-form ----------------------------------------------------------------------
def test_front_matter_lists_in_dash_or_wrapped_form_become_bullets():
    lines = ["[Page XXI]", "Persons", "- Aaron, David L., Deputy Assistant to the President for",
             "National Security Affairs", "- Vance, Cyrus R., Secretary of State", "[Page XXII]",
             "  • Young, Andrew, Ambassador to the", "United Nations"]
    assert forms.list_lines(lines) == [
        "[Page XXI]", "Persons",
        "  • Aaron, David L., Deputy Assistant to the President for National Security Affairs",
        "  • Vance, Cyrus R., Secretary of State", "[Page XXII]",
        "  • Young, Andrew, Ambassador to the United Nations"]


def test_a_heading_after_a_list_is_not_joined_to_its_last_entry():
    assert forms.list_lines(["- ACSI, Assistant Chief of Staff", "Abbreviations and Terms"])[1] == \
        "Abbreviations and Terms"


# never-drop: a placement the schema refuses falls back -----------------------------------
def _force_note_into_file_number(monkeypatch, where: str):
    """Make the resolver put note 1 where the schema allows no note (inside the file-number note)."""
    from pipeline import resolve
    from pipeline.model import NoteRef
    original = resolve.resolve

    def forced(doc, reporter, pins=None):
        original(doc, reporter, pins)
        for text in doc.texts():
            text.tokens = [t for t in text.tokens if not isinstance(t, NoteRef)]
        block = next(b for b in doc.blocks if b.kind == "file-number")
        block.text.tokens = [block.text.text, NoteRef(1, "1")] if where == "end" else [NoteRef(1, "1"), block.text.text]
        doc.unplaced = []
    monkeypatch.setattr(resolve, "resolve", forced)


@pytest.mark.parametrize("where", ["end", "start"])
def test_a_note_the_schema_refuses_where_it_was_put_is_moved_not_the_document_dropped(monkeypatch, relaxng, where):
    _force_note_into_file_number(monkeypatch, where)
    tree, rep = _encode_text("835.24/212: Telegram\n\nThe Ambassador to the Secretary\n\nText.\n\nMore.\n\n  1. Not printed.")
    assert tree is not None and relaxng.validate(tree), relaxng.error_log.last_error
    assert [m.code for m in rep.warnings if m.code == "note-moved"] == ["note-moved"]
    ns = {"t": "http://www.tei-c.org/ns/1.0"}
    div = tree.find(".//t:body/t:div", ns)
    note = div.find(".//t:note[@n='1']", ns)
    assert note.getparent() is div  # no place nearer was allowed: left unplaced at the end
    # the marker is kept as text where it was
    assert div.find("t:note[@type='source']", ns).text == \
        ("835.24/212: Telegram1" if where == "end" else "1835.24/212: Telegram")


# item-label --------------------------------------------------------------------------------
def test_numbers_as_items_of_their_own_label_the_items_after_them(relaxng):
    tree, _ = _encode_text("1. Telegram\n265. My 263.\n- 1.\n- An Australian correspondent telephoned.\n- 2.\n"
                           "- The correspondent named was Timperley.\nHull")
    assert relaxng.validate(tree), relaxng.error_log.last_error
    lst = tree.find(".//{*}list")
    assert [(c.tag.split("}")[1], c.text) for c in lst][:2] == [("label", "1."), ("item", "An Australian "
                                                                 "correspondent telephoned.")]
    from pipeline.writer import serialize
    assert b"<label>1.</label><item>An Australian" in serialize(tree)  # the label is read with its item


def test_a_list_not_wholly_in_pairs_keeps_its_numbers_as_items():
    tree, _ = _encode_text("1. Telegram\nText.\n- 1.\n- First.\n- Second.\nHull")
    assert [c.tag.split("}")[1] for c in tree.find(".//{*}list")] == ["item", "item", "item"]


def test_a_print_line_break_is_a_space_in_the_tei(tmp_path):
    """A wrapped copy breaks its lines where the page did; the TEI keeps the words,
    not the break, so a name broken over two lines is still one name."""
    text = ("1. Memorandum of a Conversation, Washington, May 5, 1959\n"
            "The Minister of Finance, who had come with Ambassador Lucas\n"
            "Lopes, spoke of the loan at some length and then of the coffee\n"
            "agreement that the two Governments had signed in the spring.\n")
    tree, _ = _encode(tmp_path, text)
    paragraph = "".join(tree.find(".//{http://www.tei-c.org/ns/1.0}body//{http://www.tei-c.org/ns/1.0}p").itertext())
    assert "\n" not in paragraph and "Lucas Lopes, spoke" in paragraph
