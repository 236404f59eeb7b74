"""Issue 7: the bad-input catalogue, built in one go through the real ``edition`` command.

Every bad document is reported as ``file:line:column: level: message [code]``,
the build's status is the documented one, the good documents are still built,
and a failed document leaves no TEI and no page behind (nor any temporary file).
"""
from __future__ import annotations

import json

import lxml.html
import pytest
from lxml import etree

from robust_support import NS, run_edition, site_pages, stray_files, tei_files, write_volume

GOOD = ("{n}. Memorandum of a Conversation, Department of State, Washington, August 3, 19601\n\n"
        "A letter2 was sent to the Embassy.\n\n  1. Source: Department of State, Central Files.\n  2. Not found.\n")
INJECTED = "<script>alert(1)</script>"

CATALOGUE: dict[str, bytes | str] = {
    "d1.txt": b"",
    "d2.txt": b"  \n\t \n\n   ",
    "d3.txt": "3. Heading\n\nSome text.\ncafé \xff here\n".encode("utf-8").replace(b"\xc3\xbf", b"\xff"),
    "d4.txt": b"\xef\xbb\xbf4. Heading1\r\n\r\nA\tletter2 was\tsent.\r\n\r\n  1. Source: Files.\r\n  2. Not found.\r\n",
    "d5.txt": "5. Head\x00ing\n\nA é\x01b and\x0b c.1\nLine \x1f and \ufffe end.\n\n  1. Note ok\x02.\n",
    "d6.txt": "6. Heading\n\nThe letter2 and the memo3 were sent.\n",
    "d7.txt": "7. Heading\n\nNo markers here.\n\n  1. First orphan.\n  2. Second orphan.\n",
    "d8.txt": "8. Heading\n\nA telegram55 and a letter55 were sent.\n\n  1. Telegram.\n  2. Letter.\n",
    "d9.txt": "9. Heading\n\nA telegram1 and a letter2 were sent.\n\n  1. First.\n  1. Second.\n",
    "d10.txt": "10. Heading\n\nThe statement* and the reply† and the wordb here.\n\n"
               "  *. Star.\n  †. Dagger.\n  b. Lettered.\n",
    "d11.txt": "11. Heading\n\nText [Page and more.\n\n[Page\n\nEmpty [Page ] marker and [Page 12 unclosed.\n\n"
               "[Page 13] goes on.\n",
    "d12.txt": f'12. {INJECTED} & < " heading1\n\n{INJECTED} & < " > text2.\n\n'
               f'  1. <b>bold</b> & "quoted" {INJECTED.replace("1", "2")}.\n  2. Note two.\n',
    "d13.txt": GOOD.format(n=13),
    "d14.txt": "14. Heading only",
}
FAILED = {"d1.txt", "d2.txt", "d3.txt"}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("catalogue")
    src = write_volume(root / "vol", CATALOGUE)
    result = run_edition("build", src, "--out", root / "out")
    result.src = src
    return result


def line_of(result, name: str, line: int, column: int | None, level: str, code: str) -> str:
    """The printed line for a message, as far as its text (which is free to change)."""
    where = f"{result.src / name}:{line}" + (f":{column}" if column is not None else "")
    lines = [ln for ln in result.err.splitlines() if ln.startswith(where + f": {level}: ") and ln.endswith(f"[{code}]")]
    assert lines, f"no “{where}: {level}: … [{code}]” in the build's output:\n{result.err}"
    return lines[0]


def body(result, stem: str):
    tree = etree.parse(str(result.out / "tei" / f"{stem}.xml"))
    return tree.find(".//t:body/t:div", NS)


def text_of(node) -> str:
    return "".join(node.itertext())


def plain(node) -> str:
    """The text of a node without the notes inside it."""
    out = [node.text or ""]
    for child in node:
        if child.tag != f"{{{NS['t']}}}note":
            out.append(plain(child))
        out.append(child.tail or "")
    return "".join(out)


# ------------------------------------------------------------ the whole build
def test_status_is_one_and_the_good_documents_are_built(built):
    assert built.status == 1, built.err
    assert f"{len(CATALOGUE)} documents: {len(CATALOGUE)} encoded, 0 reused, {len(FAILED)} failed;" in built.err
    assert "Traceback" not in built.err
    written = {p.stem for p in tei_files(built.out)}
    assert written == {n[:-4] for n in CATALOGUE} - {n[:-4] for n in FAILED}
    for name in CATALOGUE:
        entry = built.document(name)
        assert entry["written"] is (name not in FAILED), name


def test_failed_documents_leave_no_output_and_nothing_is_half_written(built):
    pages = {p.name for p in site_pages(built.out)}
    for name in FAILED:
        stem = name[:-4]
        assert not (built.out / "tei" / f"{stem}.xml").exists()
        assert f"{stem}.html" not in pages and f"{stem}.xml" not in {p.name for p in (built.out / "site").rglob("*")}
    for name in set(CATALOGUE) - FAILED:
        assert f"{name[:-4]}.html" in pages, name
    assert stray_files(built.out.parent) == []


def test_every_message_in_the_report_names_its_place(built):
    for volume in built.report["volumes"]:
        for doc in volume["documents"]:
            for m in doc["messages"]:
                if m["level"] in ("error", "warning"):
                    assert isinstance(m["line"], int) and m["line"] >= 1, (doc["source"], m)


# ------------------------------------------------------------ one input each
@pytest.mark.parametrize("name", ["d1.txt", "d2.txt"])
def test_empty_and_white_space_only_files(built, name):
    line_of(built, name, 1, 1, "error", "empty")
    assert [m["code"] for m in built.messages(name) if m["level"] == "error"] == ["empty"]


def test_bytes_that_are_not_utf8_are_pointed_at(built):
    # "café " is five characters: the bad byte is the sixth column of line 4
    printed = line_of(built, "d3.txt", 4, 6, "error", "not-utf8")
    assert "ff" in printed and "--encoding" in printed


def test_byte_order_mark_crlf_and_tabs_are_accepted(built):
    assert [m for m in built.messages("d4.txt") if m["level"] != "info"] == []
    div = body(built, "d4")
    assert div.find("t:head", NS).text == "4. Heading"  # no U+FEFF
    assert "\r" not in etree.tostring(div, encoding="unicode")
    assert plain(div.find("t:p", NS)) == "A\tletter was\tsent."  # tabs inside a line are text
    assert [(n.get("n"), n.text) for n in div.iter(f"{{{NS['t']}}}note")] == [
        ("1", "Source: Files."), ("2", "Not found.")]


def test_control_characters_are_replaced_visibly_and_each_is_reported(built):
    places = sorted((m["line"], m["column"]) for m in built.messages("d5.txt", "control-character"))
    assert places == [(1, 8), (3, 4), (3, 10), (4, 6), (4, 12), (6, 13)]
    for line, column in places:
        line_of(built, "d5.txt", line, column, "warning", "control-character")
    div = body(built, "d5")
    text = text_of(div)
    assert "Head\ufffding" in text and "é\ufffdb and\ufffd c." in text and "Line \ufffd and \ufffd end." in text
    assert "Note ok\ufffd." in text
    assert text.count("\ufffd") == 6


def test_markers_without_notes_keep_their_numbers(built):
    line_of(built, "d6.txt", 3, 1, "warning", "notes-missing")
    div = body(built, "d6")
    assert div.find(".//t:note", NS) is None
    assert "The letter2 and the memo3 were sent." in text_of(div)


def test_notes_without_markers_are_kept_at_the_end(built):
    line_of(built, "d7.txt", 5, 3, "warning", "note-unplaced")
    line_of(built, "d7.txt", 6, 3, "warning", "note-unplaced")
    div = body(built, "d7")
    tail = list(div)[-2:]
    assert [(n.tag.split("}")[1], n.get("n"), n.text) for n in tail] == [
        ("note", "1", "First orphan."), ("note", "2", "Second orphan.")]


def test_a_number_repeated_in_the_text_places_both_notes(built):
    notes = body(built, "d8").findall(".//t:p/t:note", NS)
    assert [(n.get("n"), n.text) for n in notes] == [("55", "Telegram."), ("55", "Letter.")]
    assert len({n.get("{http://www.w3.org/XML/1998/namespace}id") for n in notes}) == 2


def test_a_number_repeated_in_the_list_is_reported_and_both_are_kept(built):
    line_of(built, "d9.txt", 6, 3, "warning", "note-numbering")
    notes = body(built, "d9").findall(".//t:note", NS)
    assert [n.text for n in notes] == ["First.", "Second."]


def test_symbol_notes_go_to_their_symbols_and_lettered_notes_to_the_end(built):
    div = body(built, "d10")
    placed = [(n.get("n"), n.text) for n in div.findall("t:p/t:note", NS)]
    assert placed == [("*", "Star."), ("†", "Dagger.")]
    line_of(built, "d10.txt", 7, 3, "warning", "note-unplaced")
    last = list(div)[-1]
    assert (last.get("n"), last.text) == ("b", "Lettered.")
    assert "the wordb here." in text_of(div)  # the letter stays in the word it may belong to


def test_broken_page_markers_are_reported_and_kept_as_text(built):
    source = CATALOGUE["d11.txt"].split("\n")
    expected = []
    for no, line in enumerate(source, 1):
        start = line.find("[Page")
        while start != -1:
            if not line.startswith("[Page 13]", start):
                expected.append((no, start + 1))
            start = line.find("[Page", start + 1)
    got = sorted((m["line"], m["column"]) for m in built.messages("d11.txt", "page-marker-broken"))
    assert got == expected
    div = body(built, "d11")
    text = text_of(div)
    for kept in ("Text [Page and more.", "[Page", "Empty [Page ] marker and [Page 12 unclosed."):
        assert kept in text
    assert [pb.get("n") for pb in div.iter(f"{{{NS['t']}}}pb")] == ["13"]


def test_markup_in_the_text_is_escaped_in_the_tei(built):
    div = body(built, "d12")
    assert div.find("t:head", NS).text == f'12. {INJECTED} & < " heading'
    assert text_of(div.find("t:p", NS)).startswith(f'{INJECTED} & < " > text')
    notes = div.findall(".//t:note", NS)
    assert notes[0].text == f'<b>bold</b> & "quoted" {INJECTED.replace("1", "2")}.'
    assert div.find(".//t:script", NS) is None and div.find(".//script") is None and div.find(".//t:b", NS) is None


def test_markup_in_the_text_is_not_injected_into_the_page(built):
    page = built.out / "site" / "vol" / "d12.html"
    html = lxml.html.parse(str(page)).getroot()
    for script in html.iter("script"):
        assert "alert(" not in (script.text or ""), etree.tostring(script)
        assert "alert(" not in (script.get("src") or "")
    for el in html.iter():
        if not isinstance(el.tag, str):
            continue
        assert el.tag != "b" or "bold" not in (el.text or ""), "the note's <b> became an element"
        for attr, value in el.attrib.items():
            assert not (attr.startswith("on") and "alert" in value), (el.tag, attr, value)
    text = html.text_content()
    assert INJECTED in text and INJECTED.replace("1", "2") in text and '& < " >' in text


def test_heading_only_is_a_warning_and_written(built):
    line_of(built, "d14.txt", 1, 1, "warning", "heading-only")
    assert (built.out / "tei" / "d14.xml").exists()


def test_a_volume_with_no_document_built_has_no_search_index_to_merge(tmp_path):
    # the search page loads the bundles of the volumes the word map gives documents:
    # one that does not exist would stop it
    src = tmp_path / "src"
    write_volume(src / "good", {"d13.txt": GOOD.format(n=13)})
    write_volume(src / "bad", {"d1.txt": b""})
    result = run_edition("build", src, "--out", tmp_path / "out", "--jobs", 1)
    assert result.status == 1, result.err[-2000:]
    site = tmp_path / "out" / "site"
    volumes = json.loads((site / "search" / "volumes.json").read_bytes())["volumes"]
    assert {v["id"]: v["documents"] for v in volumes} == {"bad": 0, "good": 1}
    assert (site / "good" / "pagefind" / "pagefind.js").exists()
    assert not (site / "bad" / "pagefind").exists()
