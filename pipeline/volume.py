"""The volume file: every document of a volume in one TEI file, as the FRUS
series keeps its volumes (``volumes/frus1958-60v05.xml``).

The header comes from the volume's ``volume.toml``; the front holds the List
of Persons and List of Abbreviations; the body holds the document divs in
order. The documents are copied, never moved out of their own trees.
``volume_file`` gives the same bytes from the documents' TEI files without
parsing them (the build's way: a volume of 500 documents is not held as a tree).
"""
from __future__ import annotations

import copy
import datetime
import re

from lxml import etree

from .writer import RENDITIONS, serialize

TEI_NS = "http://www.tei-c.org/ns/1.0"
FRUS_NS = "http://history.state.gov/frus/ns/1.0"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"


# volume.toml key → title/@type, in the order FRUS headers give them.
TITLES = (("title", "complete"), ("series", "series"), ("sub-series", "sub-series"),
          ("volume-number", "volume-number"), ("volume", "volume"))

ISO_DATE = re.compile(r"[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?")


def _el(parent, tag: str, text: str | None = None, **attrs) -> etree._Element:
    attrib = {(XML_ID if k == "xml_id" else k): v for k, v in attrs.items() if v is not None}
    if parent is None:
        node = etree.Element(f"{{{TEI_NS}}}{tag}", attrib, nsmap={None: TEI_NS, "frus": FRUS_NS})
    else:
        node = etree.SubElement(parent, f"{{{TEI_NS}}}{tag}", attrib)
    if text is not None:
        node.text = text
    return node


def _calendar_date(value) -> str | None:
    """A volume.toml date as YYYY, YYYY-MM or YYYY-MM-DD, when it is a real
    date ("1960-13" is not): the volume phase of the check leaves dates to
    the documents' own checks."""
    if isinstance(value, (datetime.date, int)):
        value = str(value)[:10]
    if not isinstance(value, str) or not ISO_DATE.fullmatch(value):
        return None
    try:
        datetime.date.fromisoformat((value + "-01-01")[:10])
    except ValueError:
        return None
    return value


def _names(value) -> list[str]:
    if value is None:
        return []
    return [value] if isinstance(value, str) else [str(v) for v in value]


def _header(tei, meta: dict, used: set[str], dates: dict[str, dict]) -> None:
    """``used``: the renditions the documents refer to (``left``, ``right``);
    ``dates``: each document's creation date (its attributes) by the document's id."""
    header = _el(tei, "teiHeader")
    file_desc = _el(header, "fileDesc")
    title_stmt = _el(file_desc, "titleStmt")
    for key, kind in TITLES:
        if meta.get(key) or kind == "complete":
            _el(title_stmt, "title", str(meta.get(key) or meta["id"]), type=kind)
    for role, key in (("primary", "editors"), ("general", "general-editors")):
        for name in _names(meta.get(key)):
            _el(title_stmt, "editor", name, role=role)

    pub = _el(file_desc, "publicationStmt")
    if meta.get("publisher"):
        _el(pub, "publisher", str(meta["publisher"]))
        _el(pub, "idno", meta["id"], type="frus")
        published = _calendar_date(meta.get("published"))
        if published:
            _el(pub, "date", published, when=published)
        if meta.get("availability"):
            _el(_el(pub, "availability"), "p", str(meta["availability"]))
    else:
        _el(pub, "p", f"{meta.get('title') or meta['id']}, encoded in TEI from its plain text.")

    bibl = _el(_el(file_desc, "sourceDesc"), "bibl")
    _el(bibl, "title", str(meta.get("title") or meta["id"]))
    _el(bibl, "idno", meta["id"], type="frus")

    if used:
        tags = _el(_el(header, "encodingDesc"), "tagsDecl")
        for name in sorted(used):
            _el(tags, "rendition", RENDITIONS[name], xml_id=name, scheme="css")
    # A document's date may come from beyond its text (a year from the volume): the
    # document's own header keeps it, and the volume file has no header per document,
    # so the volume's header keeps them all, each pointing at its document.
    if dates:
        creation = _el(_el(header, "profileDesc"), "creation")
        for doc_id, attrs in dates.items():
            _el(creation, "date", corresp=f"#{doc_id}", **attrs)


def creation_dates(documents: list[etree._Element]) -> dict[str, dict]:
    """The documents' (TEI roots') creation dates, as the attributes of the date,
    by document id, for ``volume_tei``."""
    dates = {}
    for tei in documents:
        date = tei.find(f"{{{TEI_NS}}}teiHeader/{{{TEI_NS}}}profileDesc/{{{TEI_NS}}}creation/{{{TEI_NS}}}date")
        div = tei.find(f".//{{{TEI_NS}}}body/{{{TEI_NS}}}div[@type='document']")
        if date is not None and div is not None and div.get(XML_ID):
            dates[div.get(XML_ID)] = dict(date.attrib)
    return dates


def volume_tei(meta: dict, front: list[etree._Element], documents: list[etree._Element],
               dates: dict[str, dict] | None = None) -> etree._ElementTree:
    """The volume's TEI: header from ``meta`` (``volume.toml``), ``front`` (the
    persons and terms divs, possibly none), and a copy of each document div.

    ``meta`` needs ``id``; it may give title, series, sub-series,
    volume-number, volume, editors, general-editors, publisher, published
    (an ISO date) and availability. ``dates``: the documents' creation dates
    (attributes of their headers' ``creation/date``) by document id."""
    if not meta.get("id"):
        raise ValueError("the volume's metadata has no id")
    if not documents:
        raise ValueError(f"volume {meta['id']} has no documents")
    for div in documents:
        if etree.QName(div).localname != "div" or div.get("type") != "document":
            raise ValueError(f"not a document div: <{etree.QName(div).localname}>")
    used = {token[1:] for div in documents for node in div.iter() if node.get("rendition")
            for token in node.get("rendition").split()}
    tei, body = _skeleton(meta, front, used, dates or {})
    for div in documents:
        body.append(copy.deepcopy(div))
    return etree.ElementTree(tei)


def _skeleton(meta: dict, front: list[etree._Element], used: set[str], dates: dict[str, dict]):
    """The volume's TEI but for its documents: (the TEI element, its empty body)."""
    tei = _el(None, "TEI", xml_id=meta["id"])
    _header(tei, meta, used & RENDITIONS.keys(), dates)
    text = _el(tei, "text")
    if front:
        front_el = _el(text, "front")
        for div in front:
            front_el.append(copy.deepcopy(div))
    return tei, _el(text, "body")


# A document file as the writer makes it: its body holds its document div alone,
# at the depth it has in a volume file, under the same namespace declarations.
BODY_OPEN, BODY_CLOSE = b"<body>\n      ", b"\n    </body>"
TAG = re.compile(rb"<[^<>]*>")  # text holds no "<", and ">" in text or values is escaped
RENDITION = re.compile(rb'\srendition="([^"]*)"')
SIBLING = re.compile(rb"\n {6}<[^/]")  # an element beside the document div in the body
CREATION = re.compile(rb"<creation>\s*(<date [^<>]*/>)\s*</creation>")
DIV_ID = re.compile(rb'^<div [^<>]*?xml:id="([^"]*)"')


def volume_file(meta: dict, front: list[etree._Element], documents: list[bytes]) -> bytes:
    """``writer.serialize(volume_tei(meta, front, divs))``, where the divs are
    those of ``documents``, the TEI files the build wrote: their divs are
    copied as text. A file of another shape is parsed instead."""
    divs, dates = [], {}
    for data in documents:
        start, end = data.find(BODY_OPEN), data.rfind(BODY_CLOSE)
        div = data[start + len(BODY_OPEN):end] if 0 <= start < end else b""
        div_id = DIV_ID.match(div)
        if not div.startswith(b'<div type="document"') or SIBLING.search(div) or not div_id:  # not the writer's shape
            trees = [etree.fromstring(d) for d in documents]
            parsed = [t.find(f".//{{{TEI_NS}}}body/{{{TEI_NS}}}div[@type='document']") for t in trees]
            return serialize(volume_tei(meta, front, parsed, creation_dates(trees)))
        date = CREATION.search(data, 0, start)  # in the header, before the body
        if date:
            dates[div_id.group(1).decode()] = dict(etree.fromstring(date.group(1)).attrib)
        divs.append(div)
    if not divs:
        raise ValueError(f"volume {meta['id']} has no documents")
    used = {token[1:].decode() for div in divs for tag in TAG.findall(div) for value in RENDITION.findall(tag)
            for token in value.split()}
    tei, _ = _skeleton(meta, front, used, dates)
    head, _, tail = serialize(etree.ElementTree(tei)).rpartition(b"<body/>")
    return head + BODY_OPEN + b"\n      ".join(divs) + BODY_CLOSE + tail
