"""The RelaxNG schema: in step with its compact source, accepting what the
pipeline writes, and (with tei_all at hand) a subset of TEI P5."""
from __future__ import annotations

import copy

import pytest
from lxml import etree

from pipeline import safexml
from pipeline.validate import SCHEMAS

from validate_support import FIXTURES, SEEDS_EXPECTED, TEI_ALL

VALID = sorted((FIXTURES / "valid").glob("*.xml"))
INVALID = sorted((FIXTURES / "invalid").glob("*.xml"))
TEI = "{http://www.tei-c.org/ns/1.0}"
FRUS = "{http://history.state.gov/frus/ns/1.0}"


@pytest.fixture(scope="module")
def relaxng():
    return etree.RelaxNG(etree.parse(str(SCHEMAS / "edition.rng")))


def test_rng_is_generated_from_rnc():
    rnc2rng = pytest.importorskip("rnc2rng", reason="rnc2rng (a development tool) is not installed")
    generated = rnc2rng.dumps(rnc2rng.loads((SCHEMAS / "edition.rnc").read_text(encoding="utf-8")))
    committed = (SCHEMAS / "edition.rng").read_text(encoding="utf-8")
    assert generated.strip() == committed.strip(), \
        "schemas/edition.rng is out of date: run  python -m rnc2rng schemas/edition.rnc schemas/edition.rng"


def test_seeds_are_found():
    assert SEEDS_EXPECTED, "no expected TEI of the seeds found"


@pytest.mark.parametrize("path", SEEDS_EXPECTED + VALID, ids=lambda p: p.name)
def test_schema_accepts(relaxng, path):
    tree = safexml.parse_path(path)[0]
    assert relaxng.validate(tree), relaxng.error_log


@pytest.mark.parametrize("path", SEEDS_EXPECTED + VALID, ids=lambda p: p.name)
def test_tei_all_accepts_what_the_schema_accepts(tei_all, path):
    tree = safexml.parse_path(path)[0]
    assert tei_all.validate(tree), tei_all.error_log


@pytest.mark.parametrize("path", [p for p in INVALID if p.name.startswith("relaxng-")], ids=lambda p: p.name)
def test_schema_rejects(relaxng, path):
    assert not relaxng.validate(safexml.parse_path(path)[0])


def test_frus_date_attributes_are_refused_like_tei_all_refuses_them(tei_all, relaxng):
    """tei_all allows no attribute from another namespace on a div, so the
    FRUS doc-dateTime attributes are not written (the span goes into the
    header) and the edition schema refuses them too."""
    tree = safexml.parse_path(FIXTURES / "valid/document-full.xml")[0]
    div = tree.find(f".//{TEI}div[@type='document']")
    div.set(f"{FRUS}doc-dateTime-min", "1958-05-23T00:00:00-05:00")
    assert not tei_all.validate(tree)
    assert not relaxng.validate(tree)


def test_every_element_the_schema_names_is_tei(tei_all):
    """Every element name in the edition's grammar is declared by tei_all."""
    ns = {"r": "http://relaxng.org/ns/structure/1.0"}
    names = "//r:element/@name | //r:element/r:name/text()"
    ours = set(etree.parse(str(SCHEMAS / "edition.rng")).xpath(names, namespaces=ns))
    theirs = set(etree.parse(str(TEI_ALL)).xpath(names, namespaces=ns))
    assert ours and ours <= theirs, sorted(ours - theirs)



# ------------------------------------------------------------ linear validation
# libxml2 validates a content model with a deterministic automaton only when no
# two places of the model that can come next are the same element; otherwise it
# backtracks, keeping a state per way of reading the children: a run of 8,000
# page breaks took 10 s instead of 0.01 s. The check is Glushkov's: each element
# occurrence of a model is a position, and no first or follow set may hold two
# positions of one name.
RNG = "{http://relaxng.org/ns/structure/1.0}"
_EMPTY = {"attribute", "text", "data", "value", "empty", "notAllowed", "list"}


def _model(node, defines, follow, counter):
    """(nullable, first, last) of the pattern ``node``; ``follow`` gathers each position's followers."""
    kind = etree.QName(node).localname
    if kind == "element":
        name = node.get("name") or node.find(f"{RNG}name").text
        counter[0] += 1
        position = (counter[0], name)
        follow.setdefault(position, set())
        return False, {position}, {position}
    if kind == "ref":
        return _model(defines[node.get("name")], defines, follow, counter)
    if kind in _EMPTY or kind == "name":
        return True, set(), set()
    parts = [_model(child, defines, follow, counter) for child in node if isinstance(child.tag, str)]
    if kind == "choice":
        return (any(n for n, _, _ in parts), set().union(*(f for _, f, _ in parts)),
                set().union(*(lst for _, _, lst in parts)))
    nullable, first, last = True, set(), set()  # group, define, element content, and the repeats
    for n, f, lst in parts:
        for position in last:
            follow[position] |= f
        first |= f if nullable else set()
        last = lst | (last if n else set())
        nullable = nullable and n
    if kind in ("zeroOrMore", "oneOrMore"):
        for position in last:
            follow[position] |= first
    return nullable or kind in ("optional", "zeroOrMore"), first, last


def _ambiguities(rng_root) -> list[str]:
    defines = {d.get("name"): d for d in rng_root.iter(f"{RNG}define")}
    found = []
    for element in rng_root.iter(f"{RNG}element"):
        follow, counter = {}, [0]
        content = [c for c in element if isinstance(c.tag, str) and c.tag != f"{RNG}name"]
        wrapper = etree.Element(f"{RNG}group")
        wrapper.extend(copy.deepcopy(c) for c in content)
        _, first, _ = _model(wrapper, defines, follow, counter)
        name = element.get("name") or element.find(f"{RNG}name").text
        for where, places in [("first", first)] + [(f"after {p[1]}", f) for p, f in follow.items()]:
            names = [p[1] for p in places]
            found += [f"{name}: two {n} {where}" for n in sorted(set(names)) if names.count(n) > 1]
    return sorted(set(found))


# Left as they are: the lists of persons and of terms (one of each, told apart
# by their attributes) and a list entry's name beside the hi of its description
# are ambiguous only among a list's two divs or an item's first children.
BOUNDED = ["back: two div after div", "back: two div first", "front: two div after div", "front: two div first",
           "item: two hi first"]


def test_every_content_model_is_deterministic():
    assert _ambiguities(etree.parse(str(SCHEMAS / "edition.rng")).getroot()) == BOUNDED


def test_an_ambiguous_content_model_is_found():
    """Two stars that can both take a page break, and two patterns of one element at one place."""
    rng = etree.fromstring(f"""<grammar xmlns="{RNG[1:-1]}"><start><ref name="div"/></start>
      <define name="pb"><element name="pb"><empty/></element></define>
      <define name="div"><element name="div">
        <optional><zeroOrMore><ref name="pb"/></zeroOrMore><element name="note"><text/></element></optional>
        <zeroOrMore><choice><element name="note"><attribute name="type"/></element><ref name="pb"/></choice></zeroOrMore>
        <element name="head"><text/></element>
        <zeroOrMore><ref name="pb"/></zeroOrMore><zeroOrMore><ref name="pb"/></zeroOrMore>
      </element></define></grammar>""")
    assert _ambiguities(rng) == ["div: two note first", "div: two pb after head", "div: two pb after pb",
                                 "div: two pb first"]
