"""Rule *cross-references*: documents and pages of this volume; other FRUS volumes by id."""
from __future__ import annotations



def test_documents(run):
    r = run("<p>See Document 578. See Documents 42 ff. See Documents 242 and 244; Documents 38, 40, and 42.</p>")
    assert r.pairs("ref", "target") == [("Document 578", "#d578"), ("Documents 42", "#d42"),
                                        ("Documents 242", "#d242"), ("244", "#d244"), ("Documents 38", "#d38"),
                                        ("40", "#d40"), ("42", "#d42")]


def test_pages(run):
    r = run("<p>Ante, p. 315. To the Ambassador in the United Kingdom, p. 137; see pp. 684 ff.</p>",
            volume_id="frus1941v06", frontmatter=None)
    assert r.pairs("ref", "target") == [("p. 315", "#pg_315"), ("p. 137", "#pg_137"), ("pp. 684", "#pg_684")]


def test_citations_of_other_books_stay_text(run):
    r = run("<p>Department of State Bulletin, August 25, 1958, p. 301. Report (Washington, 1960), p. 84. "
            "Public Papers, vol. XII, pp. 71–134.</p>")
    assert r.texts("ref") == []


def test_other_frus_volumes(run):
    r = run("<p>see Foreign Relations, 1955–1957, vol. VII, pp. 684 ff.; Foreign Relations, 1939, vol. v, "
            "pp. 15 ff.; Foreign Relations, 1952–1954, vol. II, Part 1, p. 3.</p>")
    assert r.pairs("ref", "target") == [("Foreign Relations, 1955–1957, vol. VII", "frus1955-57v07"),
                                        ("pp. 684", "frus1955-57v07#pg_684"),
                                        ("Foreign Relations, 1939, vol. v", "frus1939v05"),
                                        ("pp. 15", "frus1939v05#pg_15")]


def test_a_document_of_another_volume(run):
    r = run("<p>See Foreign Relations, 1969–1976, volume XX, Southeast Asia, 1969–1972, Document 5; and "
            "Document 7.</p>")
    assert r.pairs("ref", "target") == [("Foreign Relations, 1969–1976, volume XX", "frus1969-76v20"),
                                        ("Document 5", "frus1969-76v20#d5"), ("Document 7", "#d7")]


def test_a_footnote_of_another_document(run):
    r = run("<p>Regarding the May 5 statement, see footnote 3, Document 146; also Document 12, footnote 4.</p>")
    assert r.pairs("ref", "target") == [("footnote 3, Document 146", "#d146fn3"),
                                        ("Document 12, footnote 4", "#d12fn4")]
