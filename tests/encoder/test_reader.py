"""Read stage: decoding, line ends, characters XML cannot hold."""
from pathlib import Path

import pytest

from pipeline import reader
from pipeline.report import Reporter


def read(data: bytes, encoding="utf-8"):
    rep = Reporter("x.txt")
    return reader.read_bytes(Path("x.txt"), data, rep, encoding), rep


@pytest.mark.parametrize("data", [b"", b"   \n\n\t \n"])
def test_empty_and_blank_files_are_refused(data):
    with pytest.raises(reader.ReadError) as err:
        read(data)
    assert err.value.code == "empty" and err.value.line == 1


def test_bytes_that_are_not_utf8_are_located():
    with pytest.raises(reader.ReadError) as err:
        read("1. Heading\n\nA caf\u00e9 here".encode("utf-8") + b"\n\nsecond \xff line")
    assert err.value.code == "not-utf8"
    assert (err.value.line, err.value.column) == (5, 8)
    assert "ff" in err.value.message and "--encoding" in err.value.message


def test_other_encodings_can_be_named():
    source, _ = read("1. Caf\u00e9\n\nText.".encode("latin-1"), "latin-1")
    assert "Café" in source.text


def test_byte_order_mark_and_crlf_are_normalised():
    source, rep = read("\ufeff1. Heading\r\n\r\nText.\r\n".encode("utf-8"))
    assert source.text == "1. Heading\n\nText.\n"
    assert {m.code for m in rep.messages} == {"bom", "crlf"}


def test_control_characters_are_replaced_visibly_and_reported():
    source, rep = read(b"1. Heading\n\nbell\x07 and\x00nul")
    assert source.text.endswith("bell\ufffd and\ufffdnul")
    places = [(m.line, m.column) for m in rep.warnings]
    assert places == [(3, 5), (3, 10)]
    assert all(m.code == "control-character" for m in rep.warnings)


def test_tabs_inside_lines_are_kept_and_indenting_tabs_read_as_two_spaces():
    source, rep = read("1. Heading\n\nA\ttab.\n\t\u2022 item\n\n\t1. Note.".encode("utf-8"))
    assert "A\ttab." in source.text and "\n  \u2022 item" in source.text and "\n  1. Note." in source.text
    assert not rep.warnings
