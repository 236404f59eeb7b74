"""The Schematron compiler on small schemas of its own."""
from __future__ import annotations

import pytest
from lxml import etree

from pipeline.schematron import Schematron, SchematronError

SCH = "http://purl.oclc.org/dsdl/schematron"


def schema(body: str, binding: str = "xslt3") -> etree._Element:
    return etree.fromstring(f'<schema xmlns="{SCH}" queryBinding="{binding}">'
                            f'<ns prefix="t" uri="urn:t"/><ns prefix="xs" uri="http://www.w3.org/2001/XMLSchema"/>{body}</schema>')


DOC = '<r xmlns="urn:t"><a n="1"/><a n="2"/><b/></r>'


def test_assert_report_role_subject_and_messages():
    s = Schematron(schema('''
      <let name="limit" value="1"/>
      <pattern id="p">
        <rule context="t:a">
          <let name="n" value="xs:integer(@n)"/>
          <assert id="small" test="$n le $limit">n is <value-of select="$n"/> in <name/></assert>
          <report id="big" role="warning" test="$n gt $limit" subject="..">the parent <emph>too</emph></report>
        </rule>
      </pattern>'''))
    failures = s.run(DOC)
    assert [(f.code, f.level, f.message, f.location) for f in failures] == [
        ("small", "error", "n is 2 in a", "/Q{urn:t}r[1]/Q{urn:t}a[2]"),
        ("big", "warning", "the parent too", "/Q{urn:t}r[1]"),
    ]


def test_first_matching_rule_wins_within_a_pattern():
    s = Schematron(schema('''
      <pattern id="p">
        <rule context="t:a[@n = '2']"><report test="true()">specific</report></rule>
        <rule context="t:a"><report test="true()">general</report></rule>
      </pattern>
      <pattern id="q">
        <rule context="t:a"><report test="true()">other pattern</report></rule>
      </pattern>'''))
    assert sorted(f.message for f in s.run(DOC)) == ["general", "other pattern", "other pattern", "specific"]


def test_code_defaults_to_the_pattern_id():
    s = Schematron(schema('<pattern id="has-b"><rule context="t:r"><assert test="t:c">no c</assert></rule></pattern>'))
    [failure] = s.run(DOC)
    assert failure.code == "has-b"


@pytest.mark.parametrize("body, what", [
    ('<pattern abstract="true" id="x"/>', "abstract pattern"),
    ('<pattern is-a="x"/>', "abstract pattern"),
    ('<pattern><rule abstract="true" id="r"/></pattern>', "abstract rule"),
    ('<include href="other.sch"/>', "<include>"),
    ('<pattern><rule context="t:r"><extends rule="x"/></rule></pattern>', "<extends>"),
    ('<diagnostics/>', "<diagnostics>"),
])
def test_unsupported_features_are_refused(body, what):
    with pytest.raises(SchematronError, match=what):
        Schematron(schema(body))


def test_query_binding_must_be_xslt2_or_3():
    with pytest.raises(SchematronError, match="queryBinding"):
        Schematron(schema("", binding="xslt"))


def test_bad_xpath_is_reported():
    with pytest.raises(SchematronError, match="Saxon could not compile"):
        Schematron(schema('<pattern><rule context="t:a"><assert test="((">x</assert></rule></pattern>'))


def test_dynamic_error_is_reported():
    s = Schematron(schema('<pattern><rule context="t:a"><assert test="xs:integer(\'x\') gt 0">x</assert>'
                          '</rule></pattern>'))
    with pytest.raises(SchematronError, match="failed to run"):
        s.run(DOC)


PHASED = '''
  <phase id="only-b"><let name="want" value="'b'"/><active pattern="b"/></phase>
  <pattern id="a"><rule context="t:a"><report test="true()">an a</report></rule></pattern>
  <pattern id="b"><rule context="t:b">
    <report test="local-name() = $want">a <value-of select="$want"/></report>
  </rule></pattern>'''


def test_a_phase_runs_its_active_patterns_with_its_lets():
    assert sorted(f.message for f in Schematron(schema(PHASED), "only-b").run(DOC)) == ["a b"]


def test_without_a_phase_every_pattern_runs_unless_the_schema_names_a_default():
    every = Schematron(schema(PHASED.replace("$want", "'b'")), "#ALL")  # the phase's let is not there then
    assert sorted(f.code for f in every.run(DOC)) == ["a", "a", "b"]
    defaulted = schema(PHASED)
    defaulted.set("defaultPhase", "only-b")
    assert [f.code for f in Schematron(defaulted).run(DOC)] == ["b"]


@pytest.mark.parametrize("body, phase, what", [
    (PHASED, "missing", "no phase 'missing'"),
    ('<phase id="x"><active pattern="nope"/></phase>', "x", "does not exist"),
    ('<phase id="x"><rule context="t:a"/></phase>', "x", "<rule> in a phase"),
])
def test_bad_phases_are_refused(body, phase, what):
    with pytest.raises(SchematronError, match=what):
        Schematron(schema(body), phase)
