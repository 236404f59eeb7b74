"""Every argument of every ``edition`` subcommand says what it is in ``--help``."""
from __future__ import annotations

import re

import pytest

from pipeline import cli

SUBCOMMANDS = ["build", "encode", "serve", "publish", "validate", "package"]


def undocumented(help_text: str) -> list[str]:
    """The arguments listed in an argparse help text with no description: an
    entry line (two spaces, then the argument) with nothing after the
    argument's own words, and no indented description on the next line."""
    lines = help_text.splitlines()
    missing = []
    for i, line in enumerate(lines):
        entry = re.match(r"  (\S.*?)(?:\s{2,}(\S.*))?$", line)
        if not entry or entry.group(2):
            continue
        following = lines[i + 1] if i + 1 < len(lines) else ""
        if not re.match(r"\s{4,}\S", following):
            missing.append(entry.group(1))
    return missing


@pytest.mark.parametrize("command", SUBCOMMANDS)
def test_every_argument_has_help(command, capsys):
    try:
        status = cli.main([command, "--help"])
    except SystemExit as exit:  # argparse exits; validate and package return
        status = exit.code
    assert status == 0
    text = capsys.readouterr().out
    assert "options:" in text
    assert undocumented(text) == []


def test_the_check_finds_an_argument_without_help():
    import argparse
    ap = argparse.ArgumentParser(prog="x")
    ap.add_argument("src")
    ap.add_argument("--out", help="where")
    assert undocumented(ap.format_help()) == ["src"]

