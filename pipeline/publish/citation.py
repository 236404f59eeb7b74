"""A document's citation for reference managers: the facts the page's ``citation_*``
meta tags give (what Zotero and Google Scholar read: a document is a section of its
volume, the book), and the same as BibTeX and CSL-JSON to download.

The downloads are ``data:`` links on the page rather than files beside it, so that a
page, wherever it is copied, carries its citation, and no other file needs keeping.
They are base64, a third longer than the text: percent-encoding wrote each space,
brace and quote as three characters, and took a call per character.
"""
from __future__ import annotations

import base64
import json
import re

from .summary import ISO_DATE, DocumentSummary

# BibTeX's special characters, written so that they print as themselves
_BIBTEX_ESCAPES = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "&": r"\&", "%": r"\%", "$": r"\$",
                   "#": r"\#", "_": r"\_", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"}


def _names(value) -> list[str]:
    if not value:
        return []
    return [value] if isinstance(value, str) else [str(v) for v in value]


def citation(doc: DocumentSummary, volume: dict) -> dict:
    """The citation's fields, from the document's summary and the volume's metadata
    (volume.toml's keys, or a volume file's header)."""
    pages = [n for n, _ in doc.pages]
    return {
        "key": f"{volume['id']}-{doc.id}",
        "title": doc.title,
        "book": volume.get("title") or volume["id"],
        "series": volume.get("series", ""),
        "volume": volume.get("volume-number", ""),
        "number": doc.n,
        "editors": _names(volume.get("editors")),
        "publisher": str(volume.get("publisher", "")),
        "date": doc.date[:10],
        "first_page": pages[0] if pages else "",
        "last_page": pages[-1] if pages else "",
    }


def _bibtex_text(text: str) -> str:
    return re.sub(r"[\\{}&%$#_~^]", lambda m: _BIBTEX_ESCAPES[m.group()], text)


def bibtex(fields: dict) -> str:
    """An @incollection entry: the document as a part of its volume."""
    pages = "--".join(p for p in dict.fromkeys((fields["first_page"], fields["last_page"])) if p)
    entries = [("title", fields["title"]), ("booktitle", fields["book"]), ("editor", " and ".join(fields["editors"])),
               ("series", fields["series"]), ("volume", fields["volume"]),
               ("number", fields["number"] and f"Document {fields['number']}"), ("pages", pages),
               ("publisher", fields["publisher"]), ("date", fields["date"]), ("langid", "english")]
    body = ",\n".join(f"  {name} = {{{_bibtex_text(value)}}}" for name, value in entries if value)
    return f"@incollection{{{fields['key']},\n{body}\n}}\n"


def csl_json(fields: dict) -> str:
    """One CSL-JSON item (a chapter of its book), in a list as CSL processors take them."""
    item = {"id": fields["key"], "type": "chapter", "title": fields["title"], "container-title": fields["book"]}
    for key, name in (("collection-title", "series"), ("volume", "volume"), ("number", "number"),
                      ("publisher", "publisher")):
        if fields[name]:
            item[key] = fields[name]
    if fields["editors"]:
        item["editor"] = [{"literal": name} for name in fields["editors"]]
    m = ISO_DATE.match(fields["date"])
    if m:
        item["issued"] = {"date-parts": [[int(part) for part in m.groups() if part]]}
    pages = "-".join(p for p in dict.fromkeys((fields["first_page"], fields["last_page"])) if p)
    if pages:
        item["page"] = pages
    item["language"] = "en"
    return json.dumps([item], ensure_ascii=False) + "\n"  # one line: the C encoder (indenting takes the Python one)


def data_url(text: str, media_type: str) -> str:
    return f"data:{media_type};charset=utf-8;base64,{base64.b64encode(text.encode('utf-8')).decode('ascii')}"
