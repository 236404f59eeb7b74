"""Check pipeline/schematron.py against pyschematron, a maintained Schematron
implementation: the same asserts and reports must fire at the same nodes.

pyschematron evaluates XPath only (no xsl:function, no xsl:key) and needs
Python 3.12 or later, so it is run in an interpreter of its own:

    python3.12 -m venv /tmp/v && /tmp/v/bin/pip install pyschematron==1.2.5
    /tmp/v/bin/python tools/schematron_check.py compare FILE.xml ...   # exit status 1 if they differ

The edition's schema is first rewritten into XPath alone for both (``xpath_only``):
each call of one of its xsl:functions is replaced by the function's body
bound with ``let``, and ``key('id', V)`` by a search for that id. Our side
runs under the project's own interpreter (``ours``); ``compare`` runs both
and reports the differences and the time each took.

Result (on the 23 invalid and the valid document fixtures of tests/validate
and the 69 documents of a build of seeds/): both fire the same 18 asserts at
the same nodes; pyschematron also fires ``div-head`` on each of the 165 divs,
because its XPath engine (elementpath 5.1.4) never matches the name test
``tei:head`` (``exists(tei:head)`` is false where ``count(*)`` counts the
head), and it took 174 s where ours took 0.25 s. Volume files (thousands of
ids) it did not finish in 13 minutes.
"""
from __future__ import annotations

import json
import re
import subprocess
import sys
import time
from pathlib import Path

from lxml import etree

ROOT = Path(__file__).resolve().parents[1]
SCH = "http://purl.oclc.org/dsdl/schematron"
XSL = "http://www.w3.org/1999/XSL/Transform"
EXPRESSIONS = ("test", "context", "select", "value")
PARSER = etree.XMLParser(collect_ids=False)  # a repeated xml:id is what a rule is to find


def _call_end(text: str, open_at: int) -> int:
    """The index of the parenthesis closing the one at ``open_at`` (strings skipped)."""
    depth, i, quote = 0, open_at, None
    while i < len(text):
        ch = text[i]
        if quote:
            quote = None if ch == quote else quote
        elif ch in "'\"":
            quote = ch
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    raise ValueError(f"unbalanced: {text}")


def _arguments(text: str) -> list[str]:
    """Top-level comma-separated arguments."""
    args, depth, quote, start = [], 0, None, 0
    for i, ch in enumerate(text):
        if quote:
            quote = None if ch == quote else quote
        elif ch in "'\"":
            quote = ch
        elif ch in "([":
            depth += 1
        elif ch in ")]":
            depth -= 1
        elif ch == "," and depth == 0:
            args.append(text[start:i])
            start = i + 1
    return args + [text[start:]]


def _inline(expr: str, functions: dict) -> str:
    """``expr`` with every call of a schema function or of key() replaced by XPath."""
    names = "|".join(re.escape(n) for n in [*functions, "key"])
    while True:
        m = re.search(rf"(?<![\w:-])({names})\(", expr)
        if not m:
            return expr
        end = _call_end(expr, m.end() - 1)
        args = [_inline(a, functions) for a in _arguments(expr[m.end():end])]
        if m.group(1) == "key":  # key('id', V [, TOP]): the elements with that xml:id, in document order
            top = f"({args[2]})" if len(args) > 2 else "root(.)"
            call = f"(let $key-value := ({args[1]}) return {top}//*[@xml:id = $key-value])"
        else:
            params, body = functions[m.group(1)]
            binds = ", ".join(f"${p} := ({a})" for p, a in zip(params, args))
            call = f"(let {binds} return ({body}))"
        expr = expr[:m.start()] + call + expr[end + 1:]


def xpath_only(schema: Path, binding: str) -> etree._ElementTree:
    tree = etree.parse(str(schema))
    root = tree.getroot()
    functions = {}
    for f in root.findall(f"{{{XSL}}}function"):
        prefix, local = f.get("name").split(":")
        params = [p.get("name") for p in f.findall(f"{{{XSL}}}param")]
        functions[f"{prefix}:{local}"] = (params, f.find(f"{{{XSL}}}sequence").get("select"))
    for el in root.findall(f"{{{XSL}}}*"):
        root.remove(el)
    for el in root.iter(f"{{{SCH}}}*"):
        for name in EXPRESSIONS:
            if el.get(name):
                el.set(name, _inline(el.get(name), functions))
    root.set("queryBinding", binding)
    return tree


def _steps(root, location: str) -> str:
    """A location in one form for both: the lxml path of the element it names
    (an attribute or text step names its element)."""
    steps = list(re.finditer(r"/(?:Q\{[^}]*\}|[\w-]+:)?([\w-]+)\[(\d+)\]", location))
    node = root
    for step in steps[1:]:
        tag = step.group(1)
        matches = [c for c in node if isinstance(c.tag, str) and etree.QName(c).localname == tag]
        node = matches[int(step.group(2)) - 1]
    return root.getroottree().getpath(node)


def ours(files: list[str]) -> dict:
    sys.path.insert(0, str(ROOT))
    from pipeline.schematron import Schematron
    schema = xpath_only(ROOT / "schemas" / "edition.sch", "xslt3")
    compiled, results = Schematron(schema.getroot()), {}
    t0 = time.perf_counter()
    for f in files:
        text = Path(f).read_text(encoding="utf-8")
        tree = etree.fromstring(text.encode("utf-8"), PARSER)
        results[f] = sorted((x.code, _steps(tree, x.location)) for x in compiled.run(text))
    return {"seconds": time.perf_counter() - t0, "results": results}


def theirs(files: list[str]) -> dict:
    from pyschematron import DirectModeSchematronValidatorFactory
    from pyschematron.utils import load_schematron_xml
    schema = load_schematron_xml(etree.tostring(xpath_only(ROOT / "schemas" / "edition.sch", "xpath31")))
    validator = DirectModeSchematronValidatorFactory(schema).build()
    results = {}
    t0 = time.perf_counter()
    for f in files:
        tree = etree.parse(f, PARSER)
        svrl = validator.validate(tree).get_svrl()
        fired = []
        for el in svrl.getroot().iter("{http://purl.oclc.org/dsdl/svrl}failed-assert",
                                      "{http://purl.oclc.org/dsdl/svrl}successful-report"):
            fired.append((el.get("id"), _steps(tree.getroot(), el.get("location"))))
        results[f] = sorted(fired)
    return {"seconds": time.perf_counter() - t0, "results": results}


def main(argv: list[str]) -> int:
    what, files = argv[0], argv[1:]
    if what in ("ours", "theirs"):
        print(json.dumps(ours(files) if what == "ours" else theirs(files)))
        return 0
    mine = json.loads(subprocess.run([str(ROOT / ".venv" / "bin" / "python"), __file__, "ours", *files],
                                     capture_output=True, text=True, check=True).stdout)
    other = theirs(files)
    differ = {f: {"ours": mine["results"][f], "pyschematron": other["results"][f]}
              for f in files if [list(x) for x in mine["results"][f]] != [list(x) for x in other["results"][f]]}
    fired = sum(len(v) for v in mine["results"].values())
    print(json.dumps({"files": len(files), "fired": fired, "differ": differ,
                      "seconds": {"ours": round(mine["seconds"], 2), "pyschematron": round(other["seconds"], 2)}},
                     indent=1))
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
