"""Issue 7: a short, bounded fuzz of the reader, the footnote resolver and the encoder.

The inputs mix pieces of the input grammar with arbitrary bytes and characters
(``fuzz_targets.py``); each target checks its invariants and fails on any input
taking more than a second. The run is derandomized so CI is deterministic; the
long run is ``python tests/fuzz/fuzz_encoder.py --seconds N``.
"""
from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import fuzz_targets as ft

settings.register_profile("fuzz-ci", max_examples=int(os.environ.get("FUZZ_EXAMPLES", 150)), derandomize=True,
                          database=None, deadline=None,  # the targets time themselves
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
FUZZ = settings.get_profile("fuzz-ci")


@given(ft.byte_strings(), st.sampled_from(["utf-8", "utf-8", "latin-1", "utf-16", "cp1252"]))
@FUZZ
def test_reader(data, encoding):
    ft.reader_target(data, encoding)


@given(st.one_of(ft.texts(), ft.documents()))
@FUZZ
def test_resolver(text):
    ft.resolver_target(text)


@given(ft.placements())
@FUZZ
def test_placement_programme(args):
    ft.place_target(*args)


@given(st.one_of(ft.byte_strings(), ft.documents().map(lambda t: t.encode("utf-8"))))
@FUZZ
def test_encoder(data):
    ft.encoder_target(data)


@pytest.mark.parametrize("data", [
    b"", b"\xef\xbb\xbf", b"\r\n\r\n", b"\x00", b"1. H\n\n\xff", "1. H\x00ead\n\n\ufffe\n".encode(),
    b"  1. note only\n", b"[Page\n", b"\xe2\x80\xa2\n  \xe2\x80\xa2 x", b"1. H\n\nw1 w2 w3\n\n  1. a\n  1. b\n  1. c\n",
])
def test_known_edges(data):
    ft.reader_target(data)
    ft.encoder_target(data)
    if not data.startswith(b"\xff"):
        ft.resolver_target(data.decode("utf-8", "replace"))
