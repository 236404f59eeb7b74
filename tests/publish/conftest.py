"""A small site built from fixture TEI with the Publisher API (no encoder needed).

Fixtures: the two seeds exactly as expected (seeds/), an enriched d571 with persons,
terms, cross-references, an opener, a closer, a page break between blocks and an
unplaced note (frus1958-60v06/), rare shapes with missing ids (edge-cases/), and documents of the gold corpus wrapped in the build's
per-document shape (frus1958-60v05/, frus1941v06/; see fixtures/make_fixtures.py).
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from pipeline.publish.folders import publish_folders

FIXTURES = Path(__file__).parent / "fixtures"
VOLUME_DIRS = [FIXTURES / v for v in ("frus1958-60v06", "frus1958-60v05", "frus1941v06", "edge-cases")]


@dataclass
class Built:
    path: Path
    summaries: dict


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> Built:
    site = tmp_path_factory.mktemp("site")
    return Built(site, publish_folders(VOLUME_DIRS, site))


@pytest.fixture(scope="session")
def site(built) -> Path:
    return built.path


@pytest.fixture(scope="session")
def seeds_site(tmp_path_factory) -> Path:
    """The site of a real build of everything in seeds/: encoder, annotators and publisher."""
    from pipeline.build import build
    out = tmp_path_factory.mktemp("seeds-build") / "build"
    status = build(Path(__file__).parents[2] / "seeds", out, search=False, echo=lambda *_: None)
    assert status == 0
    return out / "site"


@pytest.fixture(params=["fixtures", "seeds"], scope="session")
def any_site(request, built) -> Path:
    """Both sites: the fixture TEI's and the real build of seeds/."""
    return built.path if request.param == "fixtures" else request.getfixturevalue("seeds_site")
