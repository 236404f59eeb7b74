"""Fuzz targets for the reader, the footnote resolver and the whole encoder.

Each target takes one input, runs it, checks what must hold for any input, and
measures its own time with ``time.perf_counter``: an input that takes longer than
``LIMIT`` seconds is a failure (``SlowInput``), and one that hangs is stopped by an
alarm after ``HANG`` seconds. The targets are shared by the short fuzz that runs in
CI (``test_fuzz.py``, Hypothesis) and the long run (``fuzz_encoder.py``, atheris
when it is installed, else Hypothesis).
"""
from __future__ import annotations

import signal
import tempfile
import threading
import time
from contextlib import contextmanager
from pathlib import Path

from hypothesis import strategies as st

LIMIT = 1.0  # seconds one input may take
HANG = 20.0  # seconds after which an input is stopped
# the encoder looks for a pins file next to the text: give it a folder that cannot have one
NOWHERE = Path(tempfile.gettempdir()) / "edition-fuzz-no-such-folder"


class SlowInput(AssertionError):
    pass


@contextmanager
def timed(what: str, data):
    """Fail when the block takes more than LIMIT seconds; stop it after HANG."""
    use_alarm = hasattr(signal, "SIGALRM") and threading.current_thread() is threading.main_thread()
    if use_alarm:
        def stop(signum, frame):
            raise SlowInput(f"{what}: still running after {HANG:.0f} s on {data!r:.300}")
        previous = signal.signal(signal.SIGALRM, stop)
        signal.setitimer(signal.ITIMER_REAL, HANG)
    t0 = time.perf_counter()
    try:
        yield
    finally:
        if use_alarm:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
    seconds = time.perf_counter() - t0
    if seconds > LIMIT:
        raise SlowInput(f"{what}: {seconds:.2f} s (limit {LIMIT} s) on {data!r:.300}")


# --------------------------------------------------------------- the reader
def reader_target(data: bytes, encoding: str = "utf-8"):
    """Bytes → Source or ReadError; never anything else. Returns the Source or None."""
    from pipeline import reader
    from pipeline.report import Reporter

    rep = Reporter("fuzz.txt")
    with timed("reader", data):
        try:
            source = reader.read_bytes(Path("fuzz.txt"), data, rep, encoding)
        except reader.ReadError as err:
            assert err.code in ("not-utf8", "empty", "bad-encoding"), err.code
            if err.code == "not-utf8":
                assert err.line >= 1 and err.column >= 1
                lines = data.split(b"\n")
                assert err.line <= len(lines)
            return None
    text = source.text
    assert text.strip(), "an empty text was accepted"
    # the whole transformation: one byte-order mark off, line ends to "\n", tabs that
    # indent a line to two spaces each, and each character XML cannot hold replaced
    # by U+FFFD, with a warning of its own
    decoded = data.decode(encoding)
    if decoded.startswith("\ufeff"):
        decoded = decoded[1:]
    decoded = decoded.replace("\r\n", "\n").replace("\r", "\n")
    decoded = reader.LEADING_TABS.sub(lambda m: "  " * len(m.group()), decoded)
    assert text == reader.NOT_XML.sub("\ufffd", decoded)
    warned = [m for m in rep.messages if m.code == "control-character"]
    assert len(warned) == len(reader.NOT_XML.findall(decoded))
    lines = text.split("\n")
    for m in warned:
        assert 1 <= m.line <= len(lines) and lines[m.line - 1][m.column - 1] == "\ufffd", (m, lines[m.line - 1])
    return source


# --------------------------------------------------------------- the resolver
def _rebuilt(tokens) -> str:
    """A Text's tokens back to source characters: markers and page markers put back."""
    from pipeline.model import NoteRef, PageBreak

    out = []
    for tok in tokens:
        if isinstance(tok, str):
            out.append(tok)
        elif isinstance(tok, NoteRef):
            out.append(tok.n)
        elif isinstance(tok, PageBreak):
            out.append(f"[Page {tok.n}]")
    return "".join(out)


def resolver_target(text: str):
    """Parse and resolve any text: every note is placed once or left unplaced, the
    tokens keep every character, and it takes less than LIMIT seconds."""
    from pipeline import parser, reader, resolve
    from pipeline.model import NoteRef
    from pipeline.report import Reporter

    rep = Reporter("fuzz.txt")
    try:
        source = reader.read_bytes(Path("fuzz.txt"), text.encode("utf-8", "surrogatepass"), rep)
    except reader.ReadError:
        return None
    with timed("resolver", text):
        doc = parser.parse(source, rep, "d1", "1")
        resolve.resolve(doc, rep, {})
    placed = []
    for t in doc.texts():
        placed += [tok.index for tok in t.tokens if isinstance(tok, NoteRef)]
        assert "".join(_rebuilt(t.tokens).split()) == "".join(t.text.split()), (t.text, t.tokens)
    assert len(placed) == len(set(placed)), f"a note placed twice: {placed}"
    assert not set(placed) & set(doc.unplaced)
    assert sorted(placed + doc.unplaced) == list(range(1, len(doc.notes) + 1))
    for m in rep.messages:
        assert m.line is None or m.line >= 1, m
    return doc


def place_target(spec: list[list[tuple[int, float]]], skips: list[float], count: int, forbidden: set[int]):
    """The placement programme alone, on arbitrary candidates: one candidate per note,
    in text order, never one a note is not allowed."""
    from pipeline import resolve

    cands = [resolve.Candidate(0, 0, i, i + 1, skips[i], "glued",
                               [resolve.Option(v, 1, c) for v, c in options]) for i, options in enumerate(spec)]
    allowed = {i: set() for i in forbidden if i < count}
    with timed("place", (spec, count, forbidden)):
        choice = resolve.place(cands, count, allowed)
    assert len(choice) == count
    chosen = [c for c in choice if c is not None]
    assert [c[0] for c in chosen] == sorted({c[0] for c in chosen}), f"not one candidate per note in order: {choice}"
    for i, c in enumerate(choice):
        if c is not None:
            assert i not in allowed, (i, c)
            assert 0 <= c[1] < len(cands[c[0]].options)
    return choice


# --------------------------------------------------------------- the encoder
def encoder_target(data: bytes):
    """Bytes → TEI or a reported error; the TEI is well-formed XML."""
    from lxml import etree

    from pipeline.encode import encode_document
    from pipeline.writer import serialize

    with timed("encoder", data):
        tree, rep, _ = encode_document(NOWHERE / "d1.txt", {"id": "fuzz", "title": "Fuzz"}, 1, None, "utf-8", data)
        out = serialize(tree) if tree is not None else None
    if tree is None:
        assert rep.errors, "no TEI and no error"
        return None
    etree.fromstring(out)
    return out


# --------------------------------------------------------------- inputs
# Pieces of the input grammar and of its edges, glued together at random with
# arbitrary bytes: a fuzzer that knows the notation reaches the rules faster.
PIECES = [
    "\n", "\n", "\n\n", "\r\n", "\r", "\ufeff", "\t", " ", "  ", "    ",
    "  1. ", "  2. ", "  3. ", "  *. ", "  †. ", "  a. ", "  10. ", "    more of a note",
    "  • ", "    • ", "      • ", "• ",
    "[Page ", "]", "[Page 12]", "[Page 1046]", "[Page xii]", "[Page ]", "[Page",
    "571. ", "Memorandum of a Conversation", "Washington, August 3, 19601", "letter2", "results.6",
    "August 23", "December 1955", "telegram55", "19601", "departure.4May", "B-52", "9:30", "1,500", "45.45",
    "the statement*", "reply†", "wordb", "SUBJECT", "PARTICIPANTS", "Editorial Note", "Source: ",
    "740.00112A European War 1939/5651", "Document 578", "Mr. Smith", "Hull", "[", "(", ")", ".", ",", "”",
    "\x00", "\x01", "\x0b", "\x1f", "\ufffe", "\uffff", "\u2028", "\u0085", "é", "日本",
]
PIECE_BYTES = [p.encode("utf-8") for p in PIECES] + [b"\xff", b"\xc3", b"\xe2\x80", b"\xed\xa0\x80", b"\xfe\xff"]


def texts(max_pieces: int = 80):
    piece = st.one_of(st.sampled_from(PIECES), st.text(max_size=6), st.integers(0, 2500).map(str))
    return st.lists(piece, max_size=max_pieces).map("".join)


def byte_strings(max_pieces: int = 80):
    piece = st.one_of(st.sampled_from(PIECE_BYTES), st.binary(max_size=6), st.integers(0, 2500).map(lambda n: str(n).encode()))
    return st.lists(piece, max_size=max_pieces).map(b"".join)


def documents(max_notes: int = 12):
    """Texts shaped like documents: a heading, body pieces, then a footnote list."""
    @st.composite
    def build(draw):
        head = draw(st.sampled_from(["571. Memorandum", "Telegram From the Embassy", "1. Editorial Note", ""]))
        body = draw(texts(60))
        notes = draw(st.lists(st.tuples(st.sampled_from(["1", "2", "3", "*", "a", "12", "55"]), texts(6)),
                              max_size=max_notes))
        listing = "\n".join(f"  {n}. {t}" for n, t in notes)
        return f"{head}\n\n{body}\n\n{listing}\n"
    return build()


def placements():
    """Candidate lists for the placement programme: values near a run, some noise."""
    option = st.tuples(st.integers(1, 40), st.sampled_from([0.0, 0.2, 0.5, 1.0, 1.5, 3.0]))
    spec = st.lists(st.lists(option, min_size=1, max_size=3), max_size=60)
    return spec.flatmap(lambda s: st.tuples(
        st.just(s),
        st.lists(st.sampled_from([0.0, 0.3, 0.5, 3.0]), min_size=len(s), max_size=len(s)),
        st.integers(0, 30),
        st.sets(st.integers(0, 30), max_size=5),
    ))
