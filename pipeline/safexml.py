"""Reading XML that someone else wrote, without trusting it.

TEI handed to the validator or the packager may come from anywhere, so the
parser never loads a DTD, never touches the network, never expands an entity
and keeps libxml2's size limits. A DOCTYPE that declares entities is refused
outright: no TEI file of ours needs one, and it is the vehicle of both the
"billion laughs" expansion bomb and external-entity file disclosure.
"""
from __future__ import annotations

import functools
import unicodedata
from pathlib import Path

from lxml import etree


# libxml2's guards against expansion bombs and runaway documents.
LIMITS = {"ERR_RESOURCE_LIMIT", "ERR_ENTITY_LOOP", "ERR_ENTITY_AMPLIFICATION"}


class UnsafeXML(ValueError):
    """The document is well-formed but uses a feature we refuse to process."""

    def __init__(self, message: str, line: int = 1, column: int = 1):
        super().__init__(message)
        self.line = line
        self.column = column


def _parser(recover: bool = False) -> etree.XMLParser:
    # A fresh parser per document: lxml parsers are not safe to share across
    # threads. collect_ids stays on: turning it off makes libxml2 load the
    # external DTD subset, which load_dtd=False is meant to prevent.
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
                           dtd_validation=False, attribute_defaults=False, recover=recover)


def parse_bytes(data: bytes, name: str | None = None) -> etree._ElementTree:
    """Parse a document held in memory.

    Raises ``etree.XMLSyntaxError`` when it is not well-formed and
    ``UnsafeXML`` when it declares or uses entities."""
    parser = _parser()
    try:
        root = etree.fromstring(data, parser, base_url=name)
    except etree.XMLSyntaxError:
        # A repeated xml:id is a fault of validity, not of form (libxml2 says
        # "ID … already defined"): read the file anyway, so that the rules
        # can name every repeat. (The parser's own log: the exception's may
        # hold messages of earlier documents.)
        errors = [e for e in parser.error_log if e.level >= etree.ErrorLevels.ERROR]
        for e in errors:
            if e.type_name in LIMITS:
                raise UnsafeXML(f"refused: {e.message.strip()}", e.line or 1, e.column or 1) from None
        if not errors or any(e.type_name != "DTD_ID_REDEFINED" for e in errors):
            raise
        root = etree.fromstring(data, _parser(recover=True), base_url=name)
    tree = root.getroottree()
    dtd = tree.docinfo.internalDTD
    if dtd is not None:
        entities = [e.name for e in dtd.iterentities()]
        if entities:
            line = data[:max(data.find(b"<!DOCTYPE"), 0)].count(b"\n") + 1
            raise UnsafeXML(f"the DOCTYPE declares entities ({', '.join(entities[:3])}); "
                            "entity declarations are not accepted", line)
    for node in root.iter(etree.Entity):
        raise UnsafeXML(f"entity reference {node.text} is not accepted", node.sourceline or 1)
    return tree


def parse_path(path: Path | str) -> tuple[etree._ElementTree, bytes]:
    """Read and parse a file; also give back its bytes (for locating columns)."""
    data = Path(path).read_bytes()
    return parse_bytes(data, str(path)), data


@functools.lru_cache(maxsize=4096)
def _name_char(ch: str) -> bool:
    """Whether libxml2 takes ``ch`` inside an NCName (it follows an older,
    narrower list of name characters than Python's ``isalnum``: not "Ⅰ")."""
    if ch in ':"<&' or ch.isspace() or not ch.isprintable():
        return False
    try:
        etree.fromstring(f'<a xml:id="a{ch}"/>'.encode("utf-8", "surrogatepass"), _parser())
    except (etree.XMLSyntaxError, UnicodeEncodeError):
        return False
    return True


def id_part(text: str) -> str:
    """``text`` as characters an id (an NCName) may hold after its first: a
    character libxml2 refuses is replaced by its compatibility form if that
    is accepted ("Ⅰ" by "I"), else dropped."""
    out = []
    for ch in text:
        if _name_char(ch):
            out.append(ch)
        else:
            out.extend(c for c in unicodedata.normalize("NFKD", ch) if _name_char(c))
    return "".join(out)
