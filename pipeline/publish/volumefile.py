"""Publish FRUS-shaped volume files: ``edition publish VOLUME.xml… --out OUT``.

A volume file holds a whole volume in one TEI file, as the series keeps them
(HistoryAtState/frus ``volumes/<vol>.xml``) and as the build writes them
(``build/volumes/<vol>.xml``): the volume's titles in the header, its List of
Persons (``div xml:id="persons"``) and List of Abbreviations (``xml:id="terms"``)
in the front, the documents (``div type="document"``) in the body, perhaps
inside chapters. Each document is cut out into a TEI file of the shape the
build writes for one document (its heading as the title, the entries of the
two lists it mentions in its back) and handed to the same Publisher as the
build's: the same pages, indexes, search and TEI downloads.

A volume file comes from elsewhere, so it is read as ``edition validate``
reads one (``safexml``: no DTD, no entities, no network). One document that
cannot be published is reported with its line and left out; the others are
published.
"""
from __future__ import annotations

import copy
import html
import os
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from ..report import ERROR, WARNING, Message
from ..safexml import UnsafeXML, parse_path
from . import wordmap
from .indexes import Listed
from .publisher import PERSONS_LIST, Publisher, known_elements

TEI_NS = "http://www.tei-c.org/ns/1.0"
FRUS_NS = "http://history.state.gov/frus/ns/1.0"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
NS = {"t": TEI_NS}
# volume.toml's keys, from the header's titles of these types (the older volume files
# spell two of them without the hyphen)
TITLES = {"title": ("complete",), "series": ("series",), "sub-series": ("sub-series", "subseries"),
          "volume-number": ("volume-number", "volumenumber"), "volume": ("volume",)}
SAFE_ID = re.compile(r"[A-Za-z0-9][\w.-]*")  # a folder or file name that stays where it is put
MARKER = ".edition-publish"  # marks a folder this command wrote, which it may replace


@dataclass
class Document:
    id: str
    line: int
    tei: bytes  # the document as a TEI file of its own


@dataclass
class VolumeFile:
    path: Path
    meta: dict  # as volume.toml gives it: id, title, sub-series, …, editors
    documents: list[Document] = field(default_factory=list)
    messages: list[Message] = field(default_factory=list)


def _text(node) -> str:
    return re.sub(r"\s+", " ", "".join(node.itertext())).strip() if node is not None else ""


def _name(el) -> str:
    q = etree.QName(el)
    return ("frus:" if q.namespace == FRUS_NS else "") + q.localname if q.namespace in (TEI_NS, FRUS_NS) \
        else q.text


def volume_meta(tree, path: Path) -> dict:
    """The volume's id and titles: the TEI's xml:id or its ``idno type="frus"``, else the file's name."""
    root = tree.getroot()
    title_stmt = root.find("t:teiHeader/t:fileDesc/t:titleStmt", NS)
    candidates = [root.get(XML_ID), *root.xpath("t:teiHeader//t:idno[@type='frus']/text()", namespaces=NS),
                  path.stem]
    meta = {"id": next(c.strip() for c in candidates if c and SAFE_ID.fullmatch(c.strip()))
            if any(c and SAFE_ID.fullmatch(c.strip()) for c in candidates) else "volume"}
    for key, kinds in TITLES.items():
        texts = [_text(t) for t in title_stmt.findall("t:title", NS) if t.get("type") in kinds] \
            if title_stmt is not None else []
        if any(texts):
            meta[key] = next(t for t in texts if t)
    if "title" not in meta and title_stmt is not None and _text(title_stmt.find("t:title", NS)):
        meta["title"] = _text(title_stmt.find("t:title", NS))
    editors = [_text(e) for e in title_stmt.findall("t:editor[@role='primary']", NS)] if title_stmt is not None else []
    if any(editors):
        meta["editors"] = [e for e in editors if e]
    return meta


def _entries(front_div, ids: list[str], kind: str):
    """The front list's items for the ids a document points at, in list order: each the
    innermost item around the name (an entry may hold a list of its own)."""
    if front_div is None or not ids:
        return []
    wanted, items = set(ids), {}
    for name in front_div.iter(f"{{{TEI_NS}}}{kind}"):
        item = next(name.iterancestors(f"{{{TEI_NS}}}item"), None)
        if name.get(XML_ID) in wanted and item is not None:
            items.setdefault(id(item), item)
    return list(items.values())  # in the order of the names, which is the list's


def persons_list(front_div) -> list[Listed]:
    """Every entry of the volume's List of Persons, in list order: the name, and as its
    description the rest of its item after the name ("<hi><persName>Rogers, William P.</persName>,</hi>
    Secretary of State"), leaving out a list of entries the item holds."""
    out = []
    for name in front_div.iter(f"{{{TEI_NS}}}persName") if front_div is not None else ():
        item = next(name.iterancestors(f"{{{TEI_NS}}}item"), None)
        if not name.get(XML_ID) or item is None:
            continue
        top = next((a for a in (name, *name.iterancestors()) if a.getparent() is item))
        rest = [top.tail or ""] + ["".join(sib.itertext()) + (sib.tail or "") for sib in top.itersiblings()
                                   if sib.tag != f"{{{TEI_NS}}}list"]
        description = re.sub(r"\s+", " ", "".join(rest)).strip().lstrip(",;").strip()
        out.append(Listed(name.get(XML_ID), _text(name), html.escape(description, quote=False)))
    return out


def _pointers(div, attribute: str, tag: str) -> list[str]:
    return list(dict.fromkeys(token[1:] for el in div.iter(f"{{{TEI_NS}}}{tag}")
                              for token in (el.get(attribute) or "").split() if token.startswith("#")))


def document_tei(meta: dict, div, persons, terms, date=None) -> bytes:
    """One document of the volume as the build writes a document's TEI: header (the heading
    without its notes as title, the volume as source, ``date`` the volume header's creation
    date for it), the div, and in ``back`` the entries of the List of Persons and List of
    Abbreviations it mentions."""
    def el(parent, tag, text=None, **attrs):
        node = etree.SubElement(parent, f"{{{TEI_NS}}}{tag}", {(XML_ID if k == "xml_id" else k): v
                                                                for k, v in attrs.items()})
        node.text = text
        return node

    doc_id = div.get(XML_ID) or ""
    tei = etree.Element(f"{{{TEI_NS}}}TEI", nsmap={None: TEI_NS, "frus": FRUS_NS})
    if doc_id:
        tei.set(XML_ID, f"{doc_id}-tei")
    file_desc = el(el(tei, "teiHeader"), "fileDesc")
    head = copy.deepcopy(div.find("t:head", NS))
    if head is not None:
        etree.strip_elements(head, f"{{{TEI_NS}}}note", with_tail=False)
    el(el(file_desc, "titleStmt"), "title", _text(head) or doc_id)
    volume_title = meta.get("title") or meta["id"]
    el(el(file_desc, "publicationStmt"), "p", f"A document of {volume_title}, published from its volume file.")
    bibl = el(el(file_desc, "sourceDesc"), "bibl")
    el(bibl, "title", volume_title)
    el(bibl, "idno", meta["id"], type="frus")
    if date is not None:
        el(el(el(file_desc.getparent(), "profileDesc"), "creation"), "date",
           **{k: v for k, v in date.attrib.items() if k != "corresp"})
    text = el(tei, "text")
    el(text, "body").append(copy.deepcopy(div))
    lists = [(front, key, _entries(front, _pointers(div, attr, tag), kind))
             for front, key, attr, tag, kind in ((persons, "persons", "corresp", "persName", "persName"),
                                                 (terms, "terms", "target", "gloss", "term"))]
    if any(items for _, _, items in lists):
        back = el(text, "back")
        for front, key, items in lists:
            if items:
                section = el(back, "div", **{k: v for k, v in front.attrib.items()})
                if front.find("t:head", NS) is not None:
                    section.append(copy.deepcopy(front.find("t:head", NS)))
                    section[-1].tail = None
                holder = front.find(".//t:list", NS)
                lst = el(section, "list", **({"type": holder.get("type")} if holder is not None and holder.get("type") else {}))
                for item in items:
                    lst.append(copy.deepcopy(item))
                    lst[-1].tail = None
    return etree.tostring(tei, encoding="UTF-8", xml_declaration=True) + b"\n"


def _doc_id(div) -> str:
    return div.get(XML_ID) or (f"d{div.get('n')}" if div.get("n") else "")


def read_volume_file(path: Path, known: frozenset[str]) -> VolumeFile:
    """The volume's metadata and its documents, each as a TEI file of its own, with a
    message for every document left out and every element the stylesheets do not know."""
    path = Path(path)
    try:
        tree, _ = parse_path(path)
    except etree.XMLSyntaxError as err:
        line, column = (err.position if err.position else (1, 1))
        return VolumeFile(path, {}, messages=[Message(ERROR, "not-xml", f"not well-formed XML: {err.msg}", line, column)])
    except UnsafeXML as err:
        return VolumeFile(path, {}, messages=[Message(ERROR, "unsafe-xml", str(err), err.line, err.column)])
    except OSError as err:
        return VolumeFile(path, {}, messages=[Message(ERROR, "unreadable", f"cannot be read ({err.strerror})")])
    root = tree.getroot()
    if etree.QName(root).namespace != TEI_NS or etree.QName(root).localname != "TEI":
        return VolumeFile(path, {}, messages=[Message(ERROR, "not-tei", "not a TEI file (no TEI root element "
                                                      "in the TEI namespace)", root.sourceline)])
    volume = VolumeFile(path, volume_meta(tree, path))
    front = {key: (root.xpath(f"t:text/t:front//t:div[@xml:id='{key}']", namespaces=NS) or [None])[0]
             for key in ("persons", "terms")}
    whole = persons_list(front["persons"])
    if whole:  # the persons index lists them all, marking those no document mentions
        volume.meta[PERSONS_LIST] = whole
    # each document's date, where the header keeps one for it (our volume files do)
    dates = {d.get("corresp")[1:]: d for d in root.xpath("t:teiHeader/t:profileDesc/t:creation/t:date"
                                                          "[starts-with(@corresp, '#')]", namespaces=NS)}
    seen: set[str] = set()
    divs = root.xpath("t:text/t:body//t:div[@type='document']", namespaces=NS)
    if not divs:
        volume.messages.append(Message(ERROR, "no-documents", "no document (div type=\"document\") in its body",
                                       root.sourceline))
    for div in divs:
        doc_id = _doc_id(div)
        if not SAFE_ID.fullmatch(doc_id):
            volume.messages.append(Message(ERROR, "document-id", f"a document without a usable id ({doc_id!r}); "
                                           "left out", div.sourceline))
            continue
        if doc_id in seen:
            volume.messages.append(Message(ERROR, "duplicate-id", f"a second document {doc_id}; left out",
                                           div.sourceline))
            continue
        seen.add(doc_id)
        for el in div.iter(etree.Element):
            if el is not div and _name(el) not in known:
                volume.messages.append(Message(WARNING, "unknown-element", f"<{_name(el)}> in {doc_id} has no "
                                               "rendering of its own; published as its text", el.sourceline))
        tei = document_tei(volume.meta, div, **front, date=dates.get(doc_id))
        volume.documents.append(Document(doc_id, div.sourceline, tei))
    return volume


def publish_volume_files(paths: list[Path], out: Path, *, echo=print, search: bool = True,
                         build_date: str | None = None, jobs: int = 1) -> int:
    """Publish the volumes as one site in ``out``. Exit status: 0 all published, 1 a
    volume or document was left out (the rest is published), 2 ``out`` cannot be used."""
    out = Path(out)
    refusal = _refuse_out(out, paths)
    if refusal:
        echo(refusal)
        return 2
    stage = out.parent / f".{out.name}.publishing-{os.getpid()}"
    shutil.rmtree(stage, ignore_errors=True)
    stage.mkdir(parents=True)
    try:
        status = _publish(paths, stage, echo, search, build_date, jobs)
        (stage / MARKER).write_text("written by edition publish; replaced whole by the next\n", encoding="utf-8")
        _swap(stage, out)
    finally:
        shutil.rmtree(stage, ignore_errors=True)
    return status


def _publish(paths, site: Path, echo, search, build_date, jobs) -> int:
    pub = Publisher(site, build_date=build_date)
    known = known_elements()
    volumes, summaries, seen, errors, total = [], {}, set(), 0, 0
    for path in map(Path, paths):
        volume = read_volume_file(path, known)
        total += len(volume.documents)
        if volume.meta and volume.meta["id"] in seen:
            volume.messages.append(Message(ERROR, "duplicate-volume", f"a second volume {volume.meta['id']}; "
                                           "left out", 1))
            volume.documents = []

        def failed(doc: Document, err: Exception, messages=volume.messages) -> None:
            messages.append(Message(ERROR, "page", f"{doc.id} could not be published "
                                    f"({type(err).__name__}: {str(err).strip()})", doc.line))

        docs = pub.render_documents(volume.meta, [(doc.tei, doc) for doc in volume.documents], failed)
        for m in volume.messages:
            echo(m.format(str(path)))
        errors += sum(m.level == ERROR for m in volume.messages)
        seen.add(volume.meta.get("id"))
        if docs:  # a volume none of whose documents could be published is not listed
            volumes.append(volume.meta)
            summaries[volume.meta["id"]] = docs
    if volumes:
        pub.render_indexes(volumes, summaries, None)
        if search:
            wordmap.index_all(pub, site, [v["id"] for v in volumes], jobs)
    echo(f"published {sum(map(len, summaries.values()))} of {total} documents of {len(volumes)} volumes")
    return 1 if errors else 0


def _refuse_out(out: Path, inputs: list[Path]) -> str | None:
    """Why ``out`` may not be (re)written, or None: it is replaced whole, so it must be
    new, empty or a previous publish, and hold none of the inputs."""
    resolved = out.resolve()
    for p in inputs:
        if resolved == Path(p).resolve() or resolved in Path(p).resolve().parents:
            return f"--out {out}: holds the input {p}; choose another folder"
    if out.exists() and (not out.is_dir() or (any(out.iterdir()) and not (out / MARKER).is_file())):
        return f"--out {out}: holds files edition publish did not write; choose a new or empty folder"
    return None


def _swap(stage: Path, out: Path) -> None:
    """Put the finished site in place of the previous one."""
    old = out.parent / f".{out.name}.replaced-{os.getpid()}"
    if out.exists():
        out.rename(old)
    stage.rename(out)
    shutil.rmtree(old, ignore_errors=True)
