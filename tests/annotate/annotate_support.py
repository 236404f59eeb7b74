"""Shared helpers of the annotator tests: build a document div the way the encoder
writes it, and read the annotators' result back (the fixtures that run them are
in conftest.py)."""
from __future__ import annotations

from pathlib import Path

from lxml import etree

TEI = "http://www.tei-c.org/ns/1.0"
FRUS = "http://history.state.gov/frus/ns/1.0"
NS = {"t": TEI}
FIXTURES = Path(__file__).parent / "fixtures"


def make_div(body: str, doc_id: str = "d1"):
    """A document div from TEI markup written without namespaces."""
    return etree.fromstring(f'<div xmlns="{TEI}" xmlns:frus="{FRUS}" type="document" xml:id="{doc_id}">{body}</div>')


class Run:
    def __init__(self, div, reporter, result):
        self.div, self.reporter, self.result = div, reporter, result

    def all(self, tag: str) -> list:
        return self.div.findall(f".//t:{tag}", NS)

    def texts(self, tag: str) -> list[str]:
        return ["".join(e.itertext()) for e in self.all(tag)]

    def attrs(self, tag: str, name: str) -> list:
        return [e.get(name) for e in self.all(tag)]

    def pairs(self, tag: str, name: str) -> list[tuple]:
        return [("".join(e.itertext()), e.get(name)) for e in self.all(tag)]

    def xml(self, tag: str = "p") -> str:
        el = self.div.find(f".//t:{tag}", NS)
        raw = etree.tostring(el, encoding="unicode", with_tail=False)
        return raw.replace(f' xmlns="{TEI}"', "").replace(f' xmlns:frus="{FRUS}"', "")

    def decisions(self, kind: str) -> list:
        return [d for d in self.reporter.decisions if d.kind == kind]
