"""Editors' pins: a small TOML file next to a text that fixes decisions.

``d571.txt`` is pinned by ``d571.pins.toml``. Each stage reads its own table
(``[[note]]`` for footnote placement, ``[[person]]``, ``[[date]]`` for the
annotators); see the README for the format.
"""
from __future__ import annotations

import tomllib
from pathlib import Path

SUFFIX = ".pins.toml"


class PinError(ValueError):
    """The sidecar file is not valid TOML or not of the documented shape."""


def path_for(text_path: Path) -> Path:
    return text_path.with_name(text_path.stem + SUFFIX)


def load(text_path: Path) -> dict:
    """The pins for a text file, or an empty dict when it has none."""
    path = path_for(text_path)
    if not path.exists():
        return {}
    try:
        text = path.read_text(encoding="utf-8")
        pins = tomllib.loads(text)
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as err:
        raise PinError(f"{path}: {err}") from err
    for kind in TABLES:  # the stages trust the shape: check it here, where the file can be named
        tables = pins.get(kind, [])
        if not isinstance(tables, list) or not all(isinstance(t, dict) for t in tables):
            line = next(iter(table_lines(text, kind)), None) or _key_line(text, kind)
            raise PinError(f"{path}{f':{line}' if line else ''}: {kind} must be an array of tables "
                           f"([[{kind}]] headers), not {type(tables).__name__}")
    pins[LINES] = {"file": path.name, "note": table_lines(text, "note")}
    return pins


TABLES = ("note", "person", "date")
LINES = "@lines"  # where each [[note]] table starts in the pins file, for messages


def table_lines(text: str, name: str) -> list[int]:
    """The line of each ``[[name]]`` header, in order: the k-th pin's place in the file."""
    header = f"[[{name}]]"
    return [no for no, line in enumerate(text.split("\n"), 1) if line.strip().startswith(header)]


def _key_line(text: str, key: str) -> int | None:
    return next((no for no, line in enumerate(text.split("\n"), 1) if line.strip().startswith(key)), None)
