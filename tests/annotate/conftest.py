"""The annotator tests' fixtures: the fixture volume's front matter, and ``run``,
which annotates a document div written in TEI markup (helpers in annotate_support.py)."""
from __future__ import annotations

import pytest
from annotate_support import FIXTURES, Run, make_div

from pipeline.annotate import AnnotateContext, annotate, load_frontmatter
from pipeline.report import Reporter


@pytest.fixture(scope="session")
def fm():
    return load_frontmatter(FIXTURES / "volume", Reporter("fixtures"))


@pytest.fixture
def run(fm):
    def go(body: str, volume_id: str = "frus1958-60v05", pins: dict | None = None, frontmatter="default",
           doc_id: str = "d1") -> Run:
        div = make_div(body, doc_id)
        rep = Reporter("test")
        front = fm if frontmatter == "default" else frontmatter
        result = annotate(div, AnnotateContext(front, rep, pins or {}, volume_id, doc_id))
        return Run(div, rep, result)
    return go

