"""Write stage: a resolved Document becomes TEI (lxml), in the FRUS shape.

Elements carry ``sourceline`` (the plain-text line they came from) so later
stages — the annotators, the validator — can point at the source.
"""
from __future__ import annotations

import hashlib
import re

from lxml import etree

from .grammar import page_id
from .model import Block, Document, Item, NoteRef, PageBreak, Text
from .reader import NOT_XML
from .report import Reporter

TEI_NS = "http://www.tei-c.org/ns/1.0"
FRUS_NS = "http://history.state.gov/frus/ns/1.0"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
NSMAP = {None: TEI_NS, "frus": FRUS_NS}
# The renditions the encoder refers to (opener segs, datelines, a kind line): one
# definition for a document's header and a volume's.
RENDITIONS = {"left": "float: left;", "right": "float: right;", "center": "text-align: center;"}


def T(tag: str) -> str:
    return f"{{{TEI_NS}}}{tag}"


def el(parent, tag: str, text: str | None = None, line: int | None = None, **attrs):
    node = etree.Element(T(tag), nsmap=NSMAP) if parent is None else etree.SubElement(parent, T(tag))
    for k, v in attrs.items():  # set one by one: lxml's attrib argument costs about twice as much each
        if v is not None:
            node.set(XML_ID if k == "xml_id" else k, v)
    if text:
        node.text = text
    if line:
        node.sourceline = line
    return node


def _append_text(node, text: str) -> None:
    if not text:
        return
    try:  # lxml reaches the last child directly; len(node) would count every child
        last = node[-1]
    except IndexError:
        node.text = (node.text or "") + text
    else:
        last.tail = (last.tail or "") + text


class DocumentWriter:
    def __init__(self, doc: Document, reporter: Reporter):
        self.doc = doc
        self.reporter = reporter
        self.page_ids: set[str] = set()

    # inline content --------------------------------------------------------
    def inline(self, node, tokens: list) -> None:
        for tok in tokens:
            if isinstance(tok, str):
                # a line break inside a block is where the copy broke its print
                # line, not part of the text: the TEI gets a space (Text keeps the
                # break, which is how messages find their source line)
                _append_text(node, tok.replace("\n", " "))
            elif isinstance(tok, NoteRef):
                self.note(node, tok.index, tok.n)
            elif isinstance(tok, PageBreak):
                self.pb(node, tok)

    def note(self, parent, index: int, n: str):
        fn = self.doc.notes[index - 1]
        kind = "source" if fn.paragraphs[0].text.startswith("Source:") else None
        node = el(parent, "note", line=fn.paragraphs[0].line, n=n, xml_id=f"{self.doc.doc_id}fn{index}", type=kind)
        if len(fn.paragraphs) == 1:
            self.inline(node, fn.paragraphs[0].tokens)
        else:
            for para in fn.paragraphs:
                self.inline(el(node, "p", line=para.line), para.tokens)
        return node

    def pb(self, parent, page: PageBreak):
        ident = page_id(page.n)
        if ident in self.page_ids:
            self.reporter.warn("page-repeated", f"page {page.n} is marked twice in this document", page.line, page.column)
            k = 2
            while f"{ident}_{k}" in self.page_ids:
                k += 1
            ident = f"{ident}_{k}"
        self.page_ids.add(ident)
        return el(parent, "pb", line=page.line, n=page.n, xml_id=ident)

    def text_element(self, parent, tag: str, text: Text, **attrs):
        """A block of running text. A page break at its very start or end is
        written beside the element, not inside it (FRUS: a pb is never the
        first or last thing in its parent)."""
        tokens = list(text.tokens)
        if parent.tag in (T("opener"), T("closer")):  # they hold no pb of their own: it stays inside
            node = el(parent, tag, line=text.line, **attrs)
            self.inline(node, tokens)
            return node
        while tokens and isinstance(tokens[0], PageBreak):
            self.pb(parent, tokens.pop(0))
        trailing = []
        while tokens and isinstance(tokens[-1], PageBreak):
            trailing.insert(0, tokens.pop())
        node = el(parent, tag, line=text.line, **attrs)
        self.inline(node, tokens)
        for page in trailing:
            self.pb(parent, page)
        return node

    # blocks ---------------------------------------------------------------
    def items(self, parent, items: list[Item]) -> None:
        labels = _labels(items)
        for item in items:
            if item.page is not None:
                self.pb(parent, PageBreak(item.page, item.line, 1))
                continue
            if id(item) in labels:  # "1." as an item of its own: the label of the next
                self.inline(el(parent, "label", line=item.line), item.text.tokens)
                continue
            node = el(parent, "item", line=item.line)
            if item.head is not None and item.children:
                # a named group of items: the name heads the group's own list
                group = el(node, "list", line=item.line)
                self.inline(el(group, "head", line=item.head.line), item.head.tokens)
                self.items(group, item.children)
                continue
            self.inline(node, (item.text or item.head).tokens)
            if item.children:
                self.items(el(node, "list", line=item.children[0].line), item.children)

    def block(self, div, b: Block, opener, closer):
        if b.kind == "pb":
            self.pb(div, PageBreak(b.page, b.line, 1))
        elif b.kind == "section-head":  # the heading of the run of documents this one opens
            self.text_element(div, "note", b.text, rend="center")
        elif b.kind == "file-number":
            self.text_element(div, "note", b.text, rend="inline", type="source")
        elif b.kind in ("kind", "enclosure-label"):  # "[Telegram.]", "[Inclosure 1.]" above the heading
            if opener[0] is None:
                opener[0] = el(div, "opener", line=b.line)
            self.text_element(opener[0], "seg", b.text, rendition="#center")
        elif b.kind == "head":
            self.text_element(div, "head", b.text)
            opener[0] = None  # the dateline's opener comes after the heading
        elif b.kind in ("seg", "dateline"):
            if opener[0] is None:
                opener[0] = el(div, "opener", line=b.line)
            if b.kind == "seg":
                self.text_element(opener[0], "seg", b.text, rendition="#left")
            else:
                self.text_element(opener[0], "dateline", b.text, rendition="#right")
        elif b.kind == "signer-title" and closer[0] is not None and closer[0][-1].tag == T("signed"):
            el(closer[0][-1], "lb", line=b.line)  # the office under the name, inside the signature
            self.inline(closer[0][-1], b.text.tokens)
        elif b.kind in ("signature", "closer-dateline", "signer-title"):
            if closer[0] is None:
                closer[0] = el(div, "closer", line=b.line)
            self.text_element(closer[0], "signed" if b.kind == "signature" else "dateline", b.text)
        elif b.kind == "label":
            pass  # written as the head of the list it labels
        elif b.kind == "enclosure":
            # TEI allows no div after a closer: an enclosure is a text of its own
            # (floatingText) in the letter's postscript, where FRUS has frus:attachment
            text = el(el(div, "postscript", line=b.line), "floatingText", line=b.line, type="enclosure")
            body = el(text, "body", line=b.line)
            part_opener, part_closer = [None], [None]
            for part in b.parts:
                self.block(body, part, part_opener, part_closer)

        elif b.kind == "list":
            node = el(div, "list", line=b.line, type=b.list_type)
            if b.label is not None:
                self.text_element(node, "head", b.label)
            self.items(node, b.items)
        else:
            self.text_element(div, "p", b.text)

    def div(self):
        d = self.doc
        div = el(None, "div", type="document", subtype=d.subtype, n=d.number, xml_id=d.doc_id)
        opener, closer = [None], [None]
        for b in d.blocks:
            self.block(div, b, opener, closer)
        for index in d.unplaced:
            fn = d.notes[index - 1]
            self.note(div, index, fn.printed)
        return div


# "1.", "2.)", "(a)", "b.": a list item that is only the number of the next
LABEL_ITEM = re.compile(r"^(?:\(?(?:\d{1,3}[a-z]?|[a-zA-Z])[.)]{1,2}|\((?:\d{1,3}|[a-zA-Z])\))$")


def _labels(items: list[Item]) -> set[int]:
    """Rule *item-label*: the items that label the item after them. TEI lists
    either label every item or none, so only a list of strict label–item
    pairs has labels; otherwise each stays an item as printed."""
    entries = [i for i in items if i.page is None]
    firsts = entries[0::2]
    seconds = entries[1::2]
    if not entries or len(entries) % 2 or not all(
            i.text is not None and not i.children and LABEL_ITEM.match(i.text.text) for i in firsts) \
            or any(i.text is not None and LABEL_ITEM.match(i.text.text) for i in seconds):
        return set()
    return {id(i) for i in firsts}


# Where edition.rnc lets a footnote stand: in the mixed content ("inline") of
# these elements, and at the end of the document's div. Never inside another
# note, nor in a name, a date or a styled run: their content (inline.note,
# name.content) holds no note. tests/encoder/test_never_drop.py checks this
# set against the schema.
NOTE_HOLDERS = {T(t) for t in ("head", "p", "item", "label", "dateline", "seg", "salute", "signed")}


def keep_valid(tree, reporter: Reporter):
    """Rule *never-drop*: a document is never lost for the encoder's own choices.
    Where a footnote's placement makes the TEI invalid, the note moves to the
    nearest allowed place (just after the element that holds it, then after
    that one's parent …); failing that its marker stays as text and the note
    goes to the end of the document, unplaced. Each move is warned about.

    Only the place of each note is checked, by the schema's rule for where a
    note may stand (NOTE_HOLDERS), not the whole document against the schema:
    the validation stage does that once, for every document, and reports as an
    error whatever else the schema refuses (the document is then not written).
    Returns the tree (changed in place)."""
    div = tree.getroot().find(f"{T('text')}/{T('body')}/{T('div')}")
    if div is None:
        return tree
    for note in [n for n in div.iter(T("note")) if n.get(XML_ID)]:
        if _note_allowed(note.getparent(), div):
            continue
        ancestor = note.getparent()
        while ancestor.getparent() is not div and not _note_allowed(ancestor.getparent(), div):
            ancestor = ancestor.getparent()
        if ancestor.getparent() is div:
            _detach(note, marker=note.get("n"))
            div.append(note)
            where = "left unplaced at the end, its marker kept as text"
        else:
            _detach(note)
            ancestor.addnext(note)
            note.tail, ancestor.tail = ancestor.tail, None
            where = f"placed after the <{etree.QName(ancestor).localname}> that held it"
        reporter.warn("note-moved", f"footnote {note.get('n')} could not stay at its marker without "
                      f"making the TEI invalid; {where}", note.sourceline, 1)
    return tree


def _note_allowed(parent, div) -> bool:
    """May a footnote be a child of ``parent`` (in ``div``, the document)?"""
    return parent is div or (parent.tag in NOTE_HOLDERS and next(parent.iterancestors(T("note")), None) is None)


def _detach(node, marker: str | None = None) -> None:
    """Take ``node`` out of its parent, keeping the text after it (and the marker, if given) in place."""
    keep = (marker or "") + (node.tail or "")
    prev, parent = node.getprevious(), node.getparent()
    if prev is not None:
        prev.tail = (prev.tail or "") + keep
    else:
        parent.text = (parent.text or "") + keep
    parent.remove(node)
    node.tail = None


def heading_text(doc: Document) -> str:
    for b in doc.blocks:
        if b.kind == "head":
            return "".join(t for t in b.text.tokens if isinstance(t, str)).strip()
    return ""


def write_div(doc: Document, reporter: Reporter):
    return DocumentWriter(doc, reporter).div()


def tei_document(div, doc: Document, volume: dict, source_name: str, source_bytes: bytes,
                 date: str | None = None, back: list | None = None):
    """The whole TEI file for one document: header, the div, its back matter."""
    tei = el(None, "TEI", xml_id=f"{doc.doc_id}-tei")
    header = el(tei, "teiHeader")
    file_desc = el(header, "fileDesc")
    title_stmt = el(file_desc, "titleStmt")
    el(title_stmt, "title", heading_text(doc) or doc.doc_id)
    pub = el(file_desc, "publicationStmt")
    el(pub, "p", f"Document {doc.number or doc.doc_id} of {volume.get('title') or volume['id']}, "
       "encoded in TEI from its plain text.")
    source_desc = el(file_desc, "sourceDesc")
    bibl = el(source_desc, "bibl")
    el(bibl, "title", volume.get("title") or volume["id"])
    el(bibl, "idno", volume["id"], type="frus")
    # a file name may hold bytes that are not UTF-8 or characters XML cannot carry
    name = source_name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    el(bibl, "idno", NOT_XML.sub("\ufffd", name), type="source-file")
    el(bibl, "idno", hashlib.sha256(source_bytes).hexdigest(), type="sha256")
    refs = {token[1:] for node in div.iter() if node.get("rendition") for token in node.get("rendition").split()}
    used = [name for name in RENDITIONS if name in refs]
    if used:
        tags = el(el(header, "encodingDesc"), "tagsDecl")
        for name in used:
            el(tags, "rendition", RENDITIONS[name], xml_id=name, scheme="css")
    # FRUS keeps a document's date span as frus:doc-dateTime-min/max on the div;
    # TEI P5 allows no foreign attribute there, so the span goes into the header.
    low, high = (div.attrib.pop(f"{{{FRUS_NS}}}doc-dateTime-{end}", None) for end in ("min", "max"))
    if date or low:
        creation = el(el(header, "profileDesc"), "creation")
        if date:
            el(creation, "date", when=date)
        else:
            el(creation, "date", notBefore=low, notAfter=high or low)
    text = el(tei, "text")
    el(text, "body").append(div)
    if back:
        back_el = el(text, "back")
        for node in back:
            back_el.append(node)
    return etree.ElementTree(tei)


# Elements that hold only elements: white space between their children is
# insignificant, so they are indented for people reading the file.
CONTAINERS = {T(t) for t in ("TEI", "teiHeader", "fileDesc", "titleStmt", "publicationStmt", "sourceDesc", "bibl",
                             "encodingDesc", "tagsDecl", "profileDesc", "creation", "text", "body", "back", "front",
                             "div", "list", "opener", "closer", "postscript", "floatingText")}


def indent(node, level: int = 0) -> None:
    """Indent a container's children (``node`` is one), unless it holds text of its own."""
    if node.text and node.text.strip():
        return
    children = list(node)  # one proxy per child, for both loops
    if not children:
        return
    for child in children:
        if child.tail and child.tail.strip():
            return  # mixed content after all (a list item's text, say): leave it
    pad = "\n" + "  " * (level + 1)
    node.text = pad
    for child in children:
        if child.tag in CONTAINERS:
            indent(child, level + 1)
        # a label is read with its item: nothing comes between them
        child.tail = "" if child.tag == T("label") else pad
    children[-1].tail = "\n" + "  " * level


def serialize(tree) -> bytes:
    root = tree.getroot() if hasattr(tree, "getroot") else tree
    if root.tag in CONTAINERS:
        indent(root)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8") + b"\n"
