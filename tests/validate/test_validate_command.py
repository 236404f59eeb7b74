"""The Validator's interface, the edition validate command."""
from __future__ import annotations

import shutil

import pytest

from pipeline import safexml
from pipeline.report import Location, Message
from pipeline.validate import command
from validate_support import FIXTURES, SEEDS_EXPECTED

VALID = FIXTURES / "valid/document-full.xml"
BROKEN = FIXTURES / "invalid/page-order.xml"
WARNS = FIXTURES / "invalid/page-repeated.xml"


def test_a_message_is_printed_with_its_own_file_or_its_reports():
    p = Message("error", "page-order", "page 40 comes after page 41", 12, 7, "d1.xml")
    assert p.format() == "d1.xml:12:7: error: page 40 comes after page 41 [page-order]"
    assert p.format("other.xml") == p.format()
    assert Message("warning", "x", "m", 3).format("d1.txt") == "d1.txt:3: warning: m [x]"
    # in a report, the file is named only where it is not the report's own
    assert "file" not in p.to_dict("d1.xml") and p.to_dict("d2.xml")["file"] == "d1.xml"
    twice = Message("error", "duplicate-id", "d5 twice", 1, 1, related=Location("a/d5.txt"))
    assert twice.to_dict()["related"] == {"file": "a/d5.txt", "line": None, "column": None}
    assert Message.from_dict(twice.to_dict()) == twice


def test_check_accepts_element_tree_and_path(validator):
    tree = safexml.parse_path(BROKEN)[0]
    by_path = validator.check(BROKEN)
    by_tree = validator.check(tree, "x.xml")
    by_root = validator.check(tree.getroot(), "x.xml")
    assert [p.code for p in by_path] == [p.code for p in by_tree] == [p.code for p in by_root] == ["page-order"]
    assert by_path[0].file == str(BROKEN) and by_tree[0].file == "x.xml"


def test_check_does_not_change_the_tree(validator):
    tree = safexml.parse_path(VALID)[0]
    before = safexml.etree.tostring(tree)
    validator.check(tree, "x")
    assert safexml.etree.tostring(tree) == before


def test_unreadable_path_raises(validator, tmp_path):
    with pytest.raises(OSError):
        validator.check(tmp_path / "absent.xml")


def test_command_valid(capsys):
    assert command([str(VALID)]) == 0
    assert capsys.readouterr().out == f"{VALID}: OK\n"
    assert command(["--quiet", str(VALID)]) == 0
    assert capsys.readouterr().out == ""


def test_command_error_lists_problems(capsys):
    assert command([str(VALID), str(BROKEN)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out == [f"{VALID}: OK",
                   f"{BROKEN}:17:17: error: page 40 comes after page 41 (at line 16, column 17): "
                   "page numbers must ascend through the file [page-order]",
                   f"{BROKEN}: invalid, 1 error"]


def test_command_warnings_alone_pass(capsys):
    assert command([str(WARNS)]) == 0
    out = capsys.readouterr().out
    assert "warning: page 41 begins twice" in out
    assert out.endswith(f"{WARNS}: OK, 1 warning\n")
    assert command(["--quiet", str(WARNS)]) == 0
    assert capsys.readouterr().out == ""


def test_command_usage_and_missing_files(capsys, tmp_path):
    assert command([]) == 2
    assert command(["--no-such-option", str(VALID)]) == 2
    assert command([str(tmp_path / "absent.xml")]) == 2
    assert "absent.xml: no such file" in capsys.readouterr().err
    assert command([str(tmp_path)]) == 2
    assert command(["--help"]) == 0


def test_command_through_the_cli(capsys):
    cli = pytest.importorskip("pipeline.cli")
    assert cli.main(["validate", str(BROKEN)]) == 1
    assert "[page-order]" in capsys.readouterr().out


def test_column_of_a_file_with_crlf_and_comments(validator, tmp_path):
    text = BROKEN.read_text(encoding="utf-8").replace("<body>", "<body><!-- a <comment> -->")
    doc = tmp_path / "crlf.xml"
    doc.write_bytes(text.replace("\n", "\r\n").encode("utf-8"))
    [problem] = validator.check(doc)
    assert (problem.line, problem.column) == (17, 17)


def test_copy_of_a_fixture_names_its_own_path(validator, tmp_path):
    copy = tmp_path / "renamed.xml"
    shutil.copyfile(BROKEN, copy)
    assert validator.check(copy)[0].file == str(copy)
