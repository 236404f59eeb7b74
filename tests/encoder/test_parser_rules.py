"""Parse stage: one test group per named rule of the block chain."""
from encoder_support import kinds, parse_text


# footnote-section -----------------------------------------------------------
def test_footnote_section_with_further_paragraphs():
    doc, rep = parse_text("1. Head1\n\nText.2\n\n  1. Source: X.\n  2. First paragraph.\n\n    Second paragraph.\n")
    assert [n.printed for n in doc.notes] == ["1", "2"]
    assert [p.text for p in doc.notes[1].paragraphs] == ["First paragraph.", "Second paragraph."]
    assert doc.notes[1].paragraphs[1].line == 8
    assert not rep.warnings


def test_footnote_list_out_of_order_is_reported_and_kept_in_order():
    doc, rep = parse_text("1. Head1\n\nText.2\n\n  1. A.\n  3. B.\n")
    assert [n.printed for n in doc.notes] == ["1", "3"]
    assert [(m.code, m.line) for m in rep.warnings] == [("note-numbering", 6)]


def test_indented_body_lines_before_the_notes_stay_text():
    doc, _ = parse_text("1. Head\n\n  • item\n\nText.")
    assert doc.notes == [] and doc.blocks[-1].kind == "p"


# blocks and lists --------------------------------------------------------
def test_nested_lists_by_two_spaces_a_level():
    doc, _ = parse_text("1. Head\n\n  • one\n    • one.a\n    • one.b\n  • two\n")
    lst = doc.blocks[1]
    assert lst.kind == "list"
    assert [i.text.text for i in lst.items] == ["one", "two"]
    assert [i.text.text for i in lst.items[0].children] == ["one.a", "one.b"]


def test_page_marker_inside_a_list_is_an_item_level_break():
    doc, _ = parse_text("1. Head\n\n  • one\n  [Page 4]\n  • two\n")
    items = doc.blocks[1].items
    assert [i.page for i in items] == [None, "4", None]


# page-marker -------------------------------------------------------------------
def test_page_marker_alone_on_a_line():
    assert kinds("1. Head\n\nText.\n\n[Page 171]\n\nMore.") == ["head", "p", "pb", "p"]


# file-number -------------------------------------------------------------------
def test_file_number_line_above_the_heading():
    text = "740.00112A European War, 1939/4125: Telegram\n\nThe Ambassador (Caffery) to the Secretary\n\nText."
    assert kinds(text) == ["file-number", "head", "p"]
    assert kinds("835.796/141½\n\nMemorandum\n\nText.")[0] == "file-number"


def test_a_heading_that_merely_starts_with_digits_is_not_a_file_number():
    assert kinds("571. Memorandum of a Conversation\n\nText.") == ["head", "p"]


# heading -----------------------------------------------------------------------
def test_printed_number_from_the_heading():
    doc, _ = parse_text("571. Memorandum\n\nText.")
    assert (doc.number, doc.doc_id) == ("571", "d571")


def test_heading_without_number_keeps_the_file_name_number():
    doc, _ = parse_text("Memorandum by the Chief (Dickey)\n\nText.")
    assert (doc.number, doc.doc_id) == ("1", "d1")


# dateline / opener -------------------------------------------------------------
def test_datelines_in_their_usual_forms():
    for line in ("Washington, December 4, 1941.", "[Washington,] December 26, 1941.",
                 "London, December 23, 1941—11 p.m. [Received December 23—7 p.m.]",
                 "Rio de Janeiro, November 26, 1941—midnight. [Received November 27—11:50 a.m.]",
                 "Washington, undated."):
        assert kinds(f"Head\n\n{line}\n\nText.") == ["head", "dateline", "p"], line


def test_short_lines_before_the_dateline_join_the_opener():
    assert kinds("Head\n\nNo. 1493\n\nWashington, December 4, 1941.\n\nText.") == ["head", "seg", "dateline", "p"]


def test_every_line_before_the_dateline_joins_the_opener():
    text = "1. Telegram\n\nThe Ambassador in Brazil (Caffery) to the Secretary of State\n\nRio de Janeiro, November 26, 1941.\n\nText."
    assert kinds(text) == ["head", "seg", "dateline", "p"]


def test_a_sentence_mentioning_a_date_is_not_a_dateline():
    assert kinds("Head\n\nOn December 4, 1941, the Ambassador called.\n\nText.") == ["head", "p", "p"]


# list-label and list-type ------------------------------------------------------------
def test_printed_labels_type_the_lists():
    doc, _ = parse_text("1. Memo\n\nSUBJECT\n  • Offer\n\nPARTICIPANTS\n  • Mr. A\n  • Mr. B\n\nText.")
    lists = [b for b in doc.blocks if b.kind == "list"]
    assert [(b.label.text, b.list_type) for b in lists] == [("SUBJECT", "subject"), ("PARTICIPANTS", "participants")]


def test_scraped_lists_that_lost_their_labels_are_typed_from_their_items():
    doc, _ = parse_text("1. Memo\n\n\n  • Offer of Good Offices\n\n\n  • The Secretary\n  • Mr. Rubottom\n\nText.")
    assert [b.list_type for b in doc.blocks if b.kind == "list"] == ["subject", "participants"]


def test_lists_in_the_body_stay_untyped():
    doc, _ = parse_text("1. Memo\n\nText.\n\n\n  • First point\n  • Second point\n")
    assert doc.blocks[-1].list_type is None


# signature / closer -----------------------------------------------------------------
def test_signature_and_closing_dateline():
    assert kinds("Head\n\nText.\n\nJohn S. Dickey") == ["head", "p", "signature"]
    assert kinds("Head\n\nText.\n\nWashington, May 21, 1941.") == ["head", "p", "closer-dateline"]


def test_last_sentence_is_not_a_signature():
    assert kinds("Head\n\nText.\n\nThe Secretary agreed.") == ["head", "p", "p"]


# editorial-note -----------------------------------------------------------------------
def test_editorial_notes():
    assert parse_text("244. Editorial Note\n\nText.")[0].subtype == "editorial-note"
    assert parse_text("Attitude of the US1\n\n[On January 1 ...\n\n... follows.]")[0].subtype == "editorial-note"
    assert parse_text("571. Memorandum\n\nText.")[0].subtype == "historical-document"


def test_heading_only_is_reported():
    doc, rep = parse_text("571. Memorandum")
    assert [m.code for m in rep.warnings] == ["heading-only"]
