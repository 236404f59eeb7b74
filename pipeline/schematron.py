"""ISO Schematron with XPath 3 rules, compiled to XSLT 3 and run by Saxon.

lxml's Schematron is XSLT 1 only, and the maintained ISO skeletons are not on
PyPI, so this module compiles the subset of ISO Schematron the project uses
into one XSLT 3 stylesheet, compiles that once with saxonche, and runs it per
document.

Supported: ``schema/@queryBinding`` xslt2 or xslt3; ``ns``; ``let`` (schema,
pattern and rule level, with ``@value``); ``pattern`` with ``rule``,
``assert`` and ``report`` (``@id``, ``@role``, ``@subject``); messages with
``value-of`` and ``name``; top-level ``xsl:function`` and ``xsl:key``;
``phase`` with ``active`` and ``let`` (the schema's ``@defaultPhase``, else
every pattern, unless a phase is asked for). Abstract patterns and rules,
``include``, ``extends`` and diagnostics are refused with a clear error
rather than half-supported.

Each failure carries the XPath 3 ``path()`` of the node it concerns, which the
caller maps back to a line and column in its own tree.
"""
from __future__ import annotations

import copy
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

SCH = "http://purl.oclc.org/dsdl/schematron"
XSL = "http://www.w3.org/1999/XSL/Transform"
WARNING_ROLES = {"warning", "warn", "info", "information", "nonfatal"}
SUPPORTED_BINDINGS = {"xslt2", "xslt3"}
# Documentation; phases are read by ``_active``.
IGNORED = {f"{{{SCH}}}{tag}" for tag in ("title", "p", "phase", "ns")}
ALL = "#ALL"


class SchematronError(Exception):
    """The schema uses something this compiler does not support, or Saxon refused it."""


@dataclass(frozen=True)
class Failure:
    code: str  # the assertion's @id, else its pattern's @id
    level: str  # "error" or "warning"
    message: str  # normalised; may hold ⟨path⟩ markers for other nodes
    location: str  # path() of the node concerned


def _s(tag: str) -> str:
    return f"{{{SCH}}}{tag}"


def _x(parent, tag: str, **attrs) -> etree._Element:
    return etree.SubElement(parent, f"{{{XSL}}}{tag}", {k.replace("_", "-"): v for k, v in attrs.items()})


def _refuse(node, what: str):
    raise SchematronError(f"line {node.sourceline}: {what} is not supported by this Schematron compiler")


def _active(schema: etree._Element, phase: str | None, patterns: list) -> tuple[list, list]:
    """The patterns a phase runs (every pattern for ``#ALL``) and the phase's own lets."""
    phase = phase or schema.get("defaultPhase") or ALL
    if phase == ALL:
        return patterns, []
    chosen = [p for p in schema.iter(_s("phase")) if p.get("id") == phase]
    if not chosen:
        raise SchematronError(f"the schema has no phase {phase!r}")
    by_id = {p.get("id"): p for p in patterns if p.get("id")}
    active, lets = [], []
    for child in chosen[0]:
        if child.tag == _s("active"):
            if child.get("pattern") not in by_id:
                _refuse(child, f"an active pattern that does not exist ({child.get('pattern')!r})")
            active.append(by_id[child.get("pattern")])
        elif child.tag == _s("let"):
            lets.append(child)
        elif isinstance(child.tag, str) and child.tag not in IGNORED:
            _refuse(child, f"<{etree.QName(child).localname}> in a phase")
    return active, lets


def compile_to_xslt(schema: etree._Element, phase: str | None = None) -> etree._Element:
    """Translate a Schematron schema (its root element) into an XSLT 3 stylesheet
    that runs the patterns of ``phase``."""
    if schema.tag != _s("schema"):
        raise SchematronError("not an ISO Schematron schema (root is not sch:schema)")
    binding = (schema.get("queryBinding") or "xslt").lower()
    if binding not in SUPPORTED_BINDINGS:
        raise SchematronError(f"queryBinding {binding!r} is not supported (use xslt2 or xslt3)")
    nsmap = {p: u for p, u in schema.nsmap.items() if p and u not in (SCH,)}
    for ns in schema.iter(_s("ns")):
        nsmap[ns.get("prefix")] = ns.get("uri")
    nsmap["xsl"] = XSL
    xslt = etree.Element(f"{{{XSL}}}stylesheet", nsmap=nsmap, version="3.0")
    xslt.set("exclude-result-prefixes", "#all")
    _x(xslt, "output", method="xml", encoding="UTF-8", indent="no")

    patterns = []
    for child in schema:
        if not isinstance(child.tag, str):
            continue
        if child.tag.startswith(f"{{{XSL}}}"):
            xslt.append(copy.deepcopy(child))
        elif child.tag == _s("let"):
            _let(xslt, child)
        elif child.tag == _s("pattern"):
            patterns.append(child)
        elif child.tag in IGNORED:
            continue
        else:
            _refuse(child, f"<{etree.QName(child).localname}>")

    patterns, lets = _active(schema, phase, patterns)
    for let in lets:
        _let(xslt, let)
    main = _x(xslt, "template", match="/")
    out = etree.SubElement(main, "failures")
    for number, pattern in enumerate(patterns, 1):
        if pattern.get("abstract") == "true" or pattern.get("is-a"):
            _refuse(pattern, "an abstract pattern")
        mode = f"pattern{number}"
        rules = []
        for child in pattern:
            if not isinstance(child.tag, str) or child.tag in IGNORED:
                continue
            if child.tag == _s("let"):
                _let(xslt, child)
            elif child.tag == _s("rule"):
                rules.append(child)
            else:
                _refuse(child, f"<{etree.QName(child).localname}> in a pattern")
        for order, rule in enumerate(rules):
            _rule(xslt, rule, mode, 1000 - order, pattern.get("id") or mode)
        # Select every node some rule of the pattern matches, in one go (several
        # times faster than walking the whole tree through the mode), and let template
        # priority pick the first matching rule for each, as ISO requires.
        contexts = " | ".join(f"//({rule.get('context')})" for rule in rules)
        if contexts:
            _x(out, "apply-templates", select=contexts, mode=mode)
    return xslt


def _let(parent, let) -> None:
    if let.get("value") is None:
        _refuse(let, "a <let> without @value")
    _x(parent, "variable", name=let.get("name"), select=let.get("value"))


def _rule(xslt, rule, mode: str, priority: int, pattern_id: str) -> None:
    if rule.get("abstract") == "true":
        _refuse(rule, "an abstract rule")
    if rule.get("context") is None:
        _refuse(rule, "a rule without @context")
    template = _x(xslt, "template", match=rule.get("context"), mode=mode, priority=str(priority))
    for child in rule:
        if not isinstance(child.tag, str):
            continue
        if child.tag == _s("let"):
            _let(template, child)
        elif child.tag in (_s("assert"), _s("report")):
            test = child.get("test")
            if test is None:
                _refuse(child, "an assertion without @test")
            is_assert = child.tag == _s("assert")
            cond = _x(template, "if", test=f"not({test})" if is_assert else test)
            failure = etree.SubElement(cond, "failure")
            failure.set("code", child.get("id") or pattern_id)
            failure.set("level", "warning" if (child.get("role") or "").lower() in WARNING_ROLES else "error")
            subject = child.get("subject") or rule.get("subject")
            _x(failure, "attribute", name="location", select=f"path(({subject})[1])" if subject else "path(.)")
            _message(failure, child)
        elif child.tag == _s("extends"):
            _refuse(child, "<extends>")
        else:
            _refuse(child, f"<{etree.QName(child).localname}> in a rule")


def _message(out, node) -> None:
    if node.text:
        _x(out, "text").text = node.text
    for child in node:
        if child.tag == _s("value-of"):
            _x(out, "value-of", select=child.get("select"))
        elif child.tag == _s("name"):
            _x(out, "value-of", select=f"name({child.get('path') or '.'})")
        elif isinstance(child.tag, str):  # emph, dir, span, foreign markup: their words
            _message(out, child)
        if child.tail:
            _x(out, "text").text = child.tail


class Schematron:
    """A compiled schema. Build it once; ``run`` it per document."""

    def __init__(self, schema: Path | etree._Element, phase: str | None = None):
        if isinstance(schema, (str, Path)):
            from .safexml import parse_path
            schema = parse_path(schema)[0].getroot()
        self.xslt = compile_to_xslt(schema, phase)
        text = etree.tostring(self.xslt, encoding="unicode")
        try:
            self._executable = processor().new_xslt30_processor().compile_stylesheet(stylesheet_text=text)
        except Exception as err:  # saxonche raises its own PySaxonApiError
            raise SchematronError(f"Saxon could not compile the schema: {err}") from err

    def run(self, xml) -> list[Failure]:
        """Check one document, given as XML text without a DOCTYPE or as a
        document node Saxon has already parsed."""
        try:
            doc = parse(xml) if isinstance(xml, str) else xml
            result = self._executable.transform_to_string(xdm_node=doc)
        except Exception as err:  # PySaxonApiError: a dynamic error in a rule
            raise SchematronError(f"a rule failed to run: {str(err).strip()}") from err
        failures = []
        for f in etree.fromstring(result.encode("utf-8")):
            failures.append(Failure(f.get("code"), f.get("level"), " ".join((f.text or "").split()),
                                    f.get("location")))
        return failures


_PROCESSOR = None
_BUILDER = None


def processor():
    """One Saxon processor per process; creating several is wasteful and not
    supported by every saxonche release."""
    global _PROCESSOR
    if _PROCESSOR is None:
        from saxonche import PySaxonProcessor
        _PROCESSOR = PySaxonProcessor(license=False)
    return _PROCESSOR


def parse(xml: str):
    """XML text (no DOCTYPE) → a Saxon document node. One document builder
    serves the process: the processor's own ``parse_xml`` makes a new one
    for every call, about a sixth of the cost of parsing a document."""
    global _BUILDER
    if _BUILDER is None:
        _BUILDER = processor().new_document_builder()
    return _BUILDER.parse_xml(xml_text=xml)
