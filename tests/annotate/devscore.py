"""Measure the annotators on the gold, without the encoder (a dev script, not a test).

    .venv/bin/python tests/annotate/devscore.py [--shared ../shared] [--show persName|gloss|date] [--repeat N]

The gold documents (``shared/corpus/dev/*/d*.xml`` and ``shared/seeds/expected``)
are stripped of their semantic markup (persName, date, placeName, gloss, ref,
hi), shaped as the encoder writes them (white space squeezed, ``lb`` as a
space; for volumes from 1945 on the datelines, signatures and list labels
dropped, as the website's text has them), annotated, and scored with the
shared scorer against the gold that ``make_sets.py`` writes. Prints the
scorer's figures per set and the annotation time per document.
"""
from __future__ import annotations

import argparse
import contextlib
import io
import re
import sys
import tempfile
import time
from pathlib import Path

from lxml import etree

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
from pipeline.annotate import AnnotateContext, annotate, back_matter, load_frontmatter  # noqa: E402
from pipeline.report import Reporter  # noqa: E402

TEI = "http://www.tei-c.org/ns/1.0"
UNWRAP = {"persName", "date", "placeName", "gloss", "ref", "hi", "orgName", "term", "time"}
LABELS = re.compile(r"^(SUBJECT|SUBJECTS|PARTICIPANTS|PRESENT)S?:?$", re.I)
WS = re.compile(r"\s+")


def local(el) -> str:
    return etree.QName(el).localname if isinstance(el.tag, str) else ""


def unwrap(el) -> None:
    parent = el.getparent()
    prev = el.getprevious()
    pieces = (el.text or "")
    children = list(el)
    idx = parent.index(el)
    if prev is not None:
        prev.tail = (prev.tail or "") + pieces
    else:
        parent.text = (parent.text or "") + pieces
    for c in children:
        parent.insert(idx, c)
        idx += 1
    last = children[-1] if children else prev
    if last is not None:
        last.tail = (last.tail or "") + (el.tail or "")
    else:
        parent.text = (parent.text or "") + (el.tail or "")
    parent.remove(el)


def strip(div, scrape: bool):
    """The gold document as the encoder would hand it over."""
    for k in list(div.attrib):
        if k.startswith("{http://history.state.gov"):
            del div.attrib[k]
    if scrape:
        for el in list(div):
            if local(el) in ("opener", "closer", "dateline"):
                if el.tail and el.tail.strip():
                    unwrap(el)
                else:
                    div.remove(el)
    for el in list(div.iter()):
        if not isinstance(el.tag, str):
            continue
        if local(el) == "lb":
            el.text = " "
            unwrap(el)
    for el in reversed(list(div.iter())):
        if isinstance(el.tag, str) and local(el) in UNWRAP:
            unwrap(el)
    if scrape:
        for el in list(div.iter()):
            if isinstance(el.tag, str) and local(el) in ("head", "p") and el.getparent() is not None \
                    and LABELS.match(WS.sub(" ", "".join(el.itertext())).strip()) and local(el.getparent()) == "list":
                el.getparent().remove(el)
    for el in div.iter():
        if not isinstance(el.tag, str):
            continue
        if el.text:
            el.text = WS.sub(" ", el.text)
        if el.tail:
            el.tail = WS.sub(" ", el.tail)
    return div


def wrap(div, back=()):
    """A minimal TEI file around the document, with its back matter, to validate."""
    def sub(parent, tag, text=None):
        el = etree.SubElement(parent, f"{{{TEI}}}{tag}")
        el.text = text
        return el
    tei = etree.Element(f"{{{TEI}}}TEI", nsmap={None: TEI, "frus": "http://history.state.gov/frus/ns/1.0"})
    desc = sub(sub(tei, "teiHeader"), "fileDesc")
    sub(sub(desc, "titleStmt"), "title", "test")
    sub(sub(desc, "publicationStmt"), "p", "test")
    sub(sub(desc, "sourceDesc"), "p", "test")
    text = sub(tei, "text")
    sub(text, "body").append(div)
    if back:
        b = sub(text, "back")
        for d in back:
            b.append(d)
    return tei


def parse_fragment(path: Path):
    raw = re.sub(r"^<\?xml[^>]*\?>", "", path.read_text(encoding="utf-8").strip())
    wrapped = etree.fromstring(('<wrap xmlns="http://www.tei-c.org/ns/1.0" '
                                'xmlns:frus="http://history.state.gov/frus/ns/1.0">' + raw + "</wrap>").encode())
    return wrapped[0]


def evaluate(shared: Path, only: str = "", repeat: int = 1, tei_all: bool = False, work: Path | None = None):
    """Annotate the stripped gold and score it: yields (set name, scorer report, ms/document, folders)."""
    sys.path.insert(0, str(shared / "eval"))
    import make_sets
    import score as scorer
    from teiflat import document_root

    work = work or Path(tempfile.mkdtemp(prefix="annot-"))
    with contextlib.redirect_stdout(io.StringIO()):
        make_sets.main([str(shared / "corpus" / "dev"), str(work / "in")])
    sets = []
    for vol in sorted((shared / "corpus" / "dev").iterdir()):
        if vol.is_dir():
            docs = [(p.stem, parse_fragment(p)) for p in sorted(vol.glob("d*.xml"))]
            sets.append((vol.name, docs, make_sets.style_for(vol.name) == "scrape", work / "in" / vol.name))
    seeds = [(p.stem, document_root(etree.parse(str(p)))) for p in sorted((shared / "seeds" / "expected").glob("*.xml"))]
    sets.append(("seeds", seeds, False, None))
    for name, docs, scrape, front in sets:
        if only and only != name:
            continue
        fm = load_frontmatter(front, Reporter(name)) if front else None
        gold_dir, pred_dir = work / "in" / name, work / "out" / name
        pred_dir.mkdir(parents=True, exist_ok=True)
        spent = 0.0
        for stem, div in docs:
            div = strip(div, scrape)
            vid = name if name != "seeds" else re.match(r"frus[\d-]+v\d+", stem).group()
            best = None
            for _ in range(max(1, repeat)):
                copy = etree.fromstring(etree.tostring(div))
                t0 = time.thread_time()
                result = annotate(copy, AnnotateContext(fm, Reporter(stem), {}, vid,
                                                        div.get("{http://www.w3.org/XML/1998/namespace}id")))
                dt = time.thread_time() - t0
                best = dt if best is None else min(best, dt)
            spent += best
            (pred_dir / f"{stem}.xml").write_bytes(etree.tostring(wrap(copy, back_matter(fm, result)), encoding="utf-8"))
        report = scorer.score(gold_dir, pred_dir, shared / "schemas-ref" / "tei_all.rng" if tei_all else None)
        yield name, report, 1000 * spent / max(1, len(docs)), len(docs), gold_dir, pred_dir


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--show", choices=["persName", "gloss", "date", "link", "unlinked"], action="append", default=[])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--only", default="")
    ap.add_argument("--tei-all", action="store_true", help="also validate against tei_all.rng (slow)")
    args = ap.parse_args(argv)
    total_docs, total_time = 0, 0.0
    work = Path(tempfile.mkdtemp(prefix="annot-"))
    for name, rep_, ms, n, gold_dir, pred_dir in evaluate(args.shared, args.only, args.repeat, args.tei_all, work):
        import score as scorer
        total_docs += n
        total_time += ms * n
        print(f"== {name}: {n} documents, {ms:.2f} ms/document")
        for key in ("text_exact", "tei_all_valid", "persName", "linking", "date_when_recall", "date_precision",
                    "placeName", "gloss"):
            v = rep_[key]
            if isinstance(v, dict):
                print(f"  {key:16} f1={scorer.fmt(v)}  p={scorer.fmt(v['precision'])} r={scorer.fmt(v['recall'])}"
                      f"  tp={v['tp']} fp={v['fp']} fn={v['fn']}")
            else:
                print(f"  {key:16} {scorer.fmt(v)}")
        for line in rep_["failures"][:5]:
            print("   ", line)
        if args.show:
            show(gold_dir, pred_dir, args.show)
    print(f"== all: {total_docs} documents, {total_time / max(1, total_docs):.2f} ms/document (annotation only, CPU time)")
    print(f"work folder: {work}")
    return 0


def show(gold_dir: Path, pred_dir: Path, kinds: list[str]) -> None:
    """Print the spans that differ from the gold, with some context."""
    import json
    from teiflat import document_root, flatten
    for g in sorted(gold_dir.glob("*.gold.json")):
        stem = g.name[:-10]
        gold = json.loads(g.read_text(encoding="utf-8"))
        pred = flatten(document_root(etree.parse(str(pred_dir / f"{stem}.xml")))).to_dict()
        streams = [("main", gold["text"], gold["spans"], pred["spans"])]
        links: dict[str, set] = {}
        for i, (gn, pn) in enumerate(zip(gold["notes"], pred["notes"])):
            streams.append((f"n{i + 1}", gn["text"], gn["spans"], pn["spans"]))
        for where, text, gs, ps in streams:
            for kind in kinds:
                k = "persName" if kind in ("link", "unlinked") else kind
                gset = {(s, e): a for kk, s, e, a in gs if kk == k}
                pset = {(s, e): a for kk, s, e, a in ps if kk == k}
                for key in sorted(set(gset) | set(pset)):
                    s, e = key
                    ctx = text[max(0, s - 25): s] + "[" + text[s:e] + "]" + text[e: e + 15]
                    if kind == "unlinked":
                        if key in pset and key not in gset and not pset[key].get("corresp"):
                            print(f"  {stem} {where} unlinked name: {ctx}")
                        continue
                    if kind == "link":
                        g, p = gset.get(key, {}).get("corresp"), pset.get(key, {}).get("corresp")
                        if key in gset and key in pset and g and (not p or len(links.setdefault(g, set()) | {p}) > 1
                                                                  or any(p in v for k2, v in links.items() if k2 != g)):
                            print(f"  {stem} {where} link gold={g} pred={p}: {ctx}")
                        if g and p:
                            links.setdefault(g, set()).add(p)
                        continue
                    if key in gset and key not in pset:
                        print(f"  {stem} {where} {k} MISSED {gset[key]}: {ctx}")
                    elif key in pset and key not in gset:
                        if k == "persName" and not gold.get("complete") and not pset[key].get("corresp"):
                            continue
                        print(f"  {stem} {where} {k} EXTRA {pset[key]}: {ctx}")
                    elif k == "date" and gset[key] != {a: v for a, v in pset[key].items() if a in gset[key]}:
                        print(f"  {stem} {where} date VALUE gold={gset[key]} pred={pset[key]}: {ctx}")


if __name__ == "__main__":
    sys.exit(main())
