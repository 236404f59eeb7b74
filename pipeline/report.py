"""The Reporter: every message and every guess, tied to a place in the source.

Stages never print; they tell the reporter. The build gathers one reporter per
document into ``report.json`` and prints its messages as ``file:line:col:``.
``Message`` is the one type of every problem: the encoder's, the annotators',
the validator's and a volume's.
"""
from __future__ import annotations

from dataclasses import dataclass, field

ERROR, WARNING, INFO = "error", "warning", "info"


@dataclass(frozen=True)
class Location:
    """A second place a message concerns (the other document of a duplicate id)."""

    file: str
    line: int | None = None
    column: int | None = None


@dataclass
class Message:
    level: str
    code: str  # a stable short name, e.g. "note-unplaced"
    text: str
    line: int | None = None
    column: int | None = None
    file: str | None = None  # the file it concerns, when not the source of the report that holds it
    related: Location | None = None

    def format(self, source: str | None = None) -> str:
        """``file:line:column: level: text [code]``; the file is the message's own, else ``source``."""
        where = self.file or source or ""
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return f"{where}: {self.level}: {self.text} [{self.code}]"

    def to_dict(self, source: str | None = None) -> dict:
        """As plain data, for JSON: the file only when it is not ``source``,
        the report's own, and the second place only when there is one."""
        data = {"level": self.level, "code": self.code, "text": self.text, "line": self.line, "column": self.column}
        if self.file is not None and self.file != source:
            data["file"] = self.file
        if self.related is not None:
            data["related"] = dict(vars(self.related))
        return data

    @classmethod
    def from_dict(cls, data: dict) -> Message:
        related = data.get("related")
        return cls(**dict(data, related=Location(**related) if related else None))


class ProblemError(Exception):
    """A problem that stops what raised it, carried as its message."""

    def __init__(self, message: Message):
        super().__init__(message.format())
        self.message = message


@dataclass
class Decision:
    """A guess the pipeline made, with the alternatives it weighed.

    ``pinned`` is true when an editor's sidecar file fixed the choice."""

    kind: str  # "footnote", "date-year", "person", ...
    chosen: str
    alternatives: list[str] = field(default_factory=list)
    line: int | None = None
    column: int | None = None
    pinned: bool = False
    note: str = ""


MAX_MESSAGES = 1000  # per document, in the report and on the terminal


@dataclass
class Reporter:
    source: str  # the path shown in messages
    messages: list[Message] = field(default_factory=list)
    decisions: list[Decision] = field(default_factory=list)
    facts: dict = field(default_factory=dict)  # what was decided, in brief: id, kind, notes placed

    def error(self, code: str, text: str, line: int | None = None, column: int | None = None) -> None:
        self.messages.append(Message(ERROR, code, text, line, column))

    def warn(self, code: str, text: str, line: int | None = None, column: int | None = None) -> None:
        self.messages.append(Message(WARNING, code, text, line, column))

    def info(self, code: str, text: str, line: int | None = None, column: int | None = None) -> None:
        self.messages.append(Message(INFO, code, text, line, column))

    def decide(self, kind: str, chosen: str, alternatives=(), line=None, column=None, pinned=False, note="") -> None:
        self.decisions.append(Decision(kind, chosen, list(alternatives), line, column, pinned, note))

    @property
    def errors(self) -> list[Message]:
        return [m for m in self.messages if m.level == ERROR]

    @property
    def warnings(self) -> list[Message]:
        return [m for m in self.messages if m.level == WARNING]

    def shown(self) -> list[Message]:
        """The messages a report keeps: the first MAX_MESSAGES, then one line
        saying how many more there were (800 KB of NULs gave 400,000)."""
        if len(self.messages) <= MAX_MESSAGES:
            return self.messages
        more = len(self.messages) - MAX_MESSAGES
        errors = sum(m.level == ERROR for m in self.messages[MAX_MESSAGES:])
        return self.messages[:MAX_MESSAGES] + [Message(
            ERROR if errors else WARNING, "messages-capped",
            f"{more} more messages not shown ({errors} of them errors); the first {MAX_MESSAGES} are")]

    def lines(self) -> list[str]:
        return [m.format(self.source) for m in self.shown() if m.level != INFO]

    def to_dict(self) -> dict:
        """The report as plain data, for JSON. Each record's fields are plain
        values already, so a shallow copy does what ``dataclasses.asdict``
        would, at a fraction of its cost (it runs once per document)."""
        return {
            "source": self.source,
            "facts": self.facts,
            "messages": [m.to_dict(self.source) for m in self.shown()],
            "decisions": [dict(vars(d), alternatives=list(d.alternatives)) for d in self.decisions],
        }


def counted(n: int, noun: str) -> str:
    """``1 warning``, ``2 warnings``: a count with its noun, singular or plural."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"
