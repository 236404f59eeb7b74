"""Gold documents of the dev corpus wrapped as FRUS volume files (one TEI file per volume:
the header's titleStmt, the persons and terms lists in front, the documents in body inside
a chapter), the shape HistoryAtState/frus keeps its volumes in."""
from __future__ import annotations

import re
from pathlib import Path

from pipeline.sources import natural_key

TEI_OPEN = ('<TEI xmlns="http://www.tei-c.org/ns/1.0" xmlns:frus="http://history.state.gov/frus/ns/1.0" '
            'xml:id="{id}">')


def _only_mentioned(front_list: str, docs: str) -> str:
    """The list with only the items whose person or term the documents point at."""
    pointed = set(re.findall(r'(?:corresp|target)="#([^"]+)"', docs))
    head, *items, tail = re.split(r"(?=<item>)|(?<=</item>)(?=\s*</list>)", front_list)
    kept = [i for i in items if set(re.findall(r'xml:id="([^"]+)"', i)) & pointed]
    return head + "".join(kept) + tail


def wrap_volume(folder: Path, target: Path, docs: list[str] | None = None) -> Path:
    """``folder``: header.xml, optional persons.xml and terms.xml, and d*.xml (one document
    div each, as the corpus keeps them); ``docs``: the stems to take (default all), and
    then only the list entries they mention. Writes ``target`` and returns it."""
    def part(name: str) -> str:
        path = folder / name
        return path.read_text(encoding="utf-8") if path.exists() else ""

    files = sorted(folder.glob("d*.xml"), key=natural_key)
    body = "\n".join(p.read_text(encoding="utf-8") for p in files if docs is None or p.stem in docs)
    front = "".join(_only_mentioned(part(n), body) if docs and part(n) else part(n)
                    for n in ("persons.xml", "terms.xml"))
    target.write_text(
        TEI_OPEN.format(id=folder.name) + "\n<teiHeader><fileDesc>" + part("header.xml")
        + "<publicationStmt><p>Gold sample.</p></publicationStmt><sourceDesc><p>HistoryAtState/frus.</p>"
        + "</sourceDesc></fileDesc></teiHeader>\n<text>" + (f"<front>{front}</front>" if front else "")
        + f"<body><div type=\"chapter\" xml:id=\"ch1\">\n{body}\n</div></body></text></TEI>\n", encoding="utf-8")
    return target
