"""The parsed document: blocks of text that still point at their source lines."""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field


@dataclass
class Text:
    """A run of source text: one block's or one list item's words.

    ``tokens`` is filled by the resolve stage: strings, ``NoteRef`` and
    ``PageBreak`` in reading order, with marker characters taken out."""

    text: str
    line: int
    column: int
    tokens: list = field(default_factory=list)

    _newlines: tuple = field(default=("", []), init=False, repr=False, compare=False)

    def position(self, offset: int) -> tuple[int, int]:
        """Source line and column of a character offset into ``text``."""
        # The newlines' offsets are found once per text (and again if it
        # changes): counting them before each offset made a text with many
        # markers quadratic.
        if self._newlines[0] is not self.text:
            self._newlines = (self.text, [m.start() for m in re.finditer("\n", self.text)])
        newlines = self._newlines[1]
        k = bisect.bisect_left(newlines, offset)
        if k:
            return self.line + k, offset - newlines[k - 1]
        return self.line, self.column + offset


@dataclass
class NoteRef:
    index: int  # position in the footnote list, 1-based
    n: str  # the number printed at the marker


@dataclass
class PageBreak:
    n: str
    line: int
    column: int


@dataclass
class Item:
    """A list item (``text``) or a page marker between items (``page``).

    ``head`` names a group of items (``State`` over the State Department's
    participants): the item then holds only the group, a list with that head."""

    text: Text | None
    depth: int
    children: list["Item"] = field(default_factory=list)
    page: str | None = None
    line: int = 0
    head: Text | None = None


@dataclass
class Block:
    kind: str  # file-number, head, dateline, seg, label, list, p, pb, signature, signer-title, closer-dateline,
    # enclosure (its blocks in parts), enclosure-label, section-head
    line: int
    gap: int = 0  # blank lines before the block
    text: Text | None = None
    items: list[Item] = field(default_factory=list)
    label: Text | None = None  # a list's printed label (SUBJECT, PARTICIPANTS)
    list_type: str | None = None
    page: str | None = None  # the page number of a pb block
    parts: list["Block"] = field(default_factory=list)  # an enclosure's own blocks


@dataclass
class Footnote:
    index: int  # 1-based position in the list at the end
    printed: str  # the number the list prints ("1.", "2.", ...); its place in the list when it prints none
    paragraphs: list[Text]
    numbered: bool = True  # False for the site's unnumbered "- text↩" notes


@dataclass
class Document:
    doc_id: str
    number: str | None  # the printed document number, if any
    subtype: str
    blocks: list[Block]
    notes: list[Footnote]
    unplaced: list[int] = field(default_factory=list)  # footnote indexes with no marker found

    def texts(self):
        """Every Text in reading order: the units footnote markers are looked for in."""
        yield from _texts(self.blocks)


def _texts(nodes):
    """The texts of blocks or list items, and of what they hold, in reading order."""
    for node in nodes:
        for text in (getattr(node, "label", None), getattr(node, "head", None), node.text):
            if text is not None:
                yield text
        for inner in (getattr(node, "items", ()), getattr(node, "children", ()), getattr(node, "parts", ())):
            yield from _texts(inner)
