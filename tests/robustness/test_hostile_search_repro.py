"""Finding 9: what of Pagefind's index differs from one build to the next.

Pagefind (1.5) keeps a volume's filters, and each filter's values, in a hash
map whose order changes from run to run, and it has no option to fix it. So
in each ``site/<volume>/pagefind/`` three kinds of file may differ between two
builds of the same input, and only in the order of their entries:
``pagefind.<lang>_<hash>.pf_meta`` (the order of the filters), ``filter/<lang>_<hash>.pf_filter``
of a filter with several values (the order of the values), and with them the
hashes in those names and in ``pagefind-entry.json``. Every other file of the
build is byte-identical (README, "Deterministic output").
"""
from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

import pytest

from robust_support import PROJECT, run_edition

REORDERED = re.compile(r"site/[^/]+/pagefind/(pagefind\.\w+\.pf_meta|filter/\w+\.pf_filter)$")


def files(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*"))
            if p.is_file() and p.name not in {".manifest.json", "report.json"}}


def unnamed(rel: str) -> str:
    """A reordered file's name without its content hash."""
    return re.sub(r"_[0-9a-f]+(\.pf_\w+)$", r"\1", rel) if REORDERED.search(rel) else rel


@pytest.fixture(scope="module")
def two_builds(tmp_path_factory):
    root = tmp_path_factory.mktemp("search-repro")
    for name in ("a", "b"):
        result = run_edition("build", PROJECT / "seeds", "--out", root / name, "--jobs", 1)
        assert result.status == 0, result.err[-3000:]
    return files(root / "a"), files(root / "b")


def test_only_the_order_of_pagefind_filters_differs_between_two_builds(two_builds):
    a, b = two_builds
    assert any("/pagefind/" in k for k in a)
    # everything but the reordered files and the entry that names them is identical
    plain = {k for k in a if not REORDERED.search(k) and not k.endswith("/pagefind-entry.json")}
    assert plain == {k for k in b if not REORDERED.search(k) and not k.endswith("/pagefind-entry.json")}
    assert [k for k in sorted(plain) if a[k] != b[k]] == []

    # the reordered files are the same ones, up to the hash in their names, and
    # hold the same bytes in another order (the meta file names the filter
    # files, whose hashes change with the order of their values)
    def by_kind(side):
        renamed = [Path(k).stem.encode() for k in side if k.endswith(".pf_filter")]
        grouped = {}
        for k, data in side.items():
            if REORDERED.search(k):
                data = gzip.decompress(data)
                for name in renamed:
                    data = data.replace(name, b"filter")
                grouped.setdefault(unnamed(k), []).append(sorted(data))
        return {k: sorted(v) for k, v in grouped.items()}
    assert by_kind(a) == by_kind(b)

    # the entry differs only by the hash of the meta file it names
    for k in a:
        if k.endswith("/pagefind-entry.json"):
            left, right = json.loads(a[k]), json.loads(b[k])
            for entry in (left, right):
                for language in entry["languages"].values():
                    language.pop("hash")
            assert left == right
