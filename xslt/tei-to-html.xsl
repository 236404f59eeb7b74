<?xml version="1.0" encoding="UTF-8"?>
<!--
  TEI document (one FRUS div[@type='document'] per file) → HTML fragments + facts for the indexes.

  Entry point: the template matching "/" returns ONE map, serialized as JSON, so that
  Python parses the TEI once (in Saxon) and gets both the rendered body and the summary
  it needs for the tables of contents, person pages, chronology and glossary.

  The element rules live in elements.xsl: one template per TEI element, in the spirit of
  the TEI Processing Model (a declarative rule per element, a predicate where an element
  renders differently by context). This file only assembles the result.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:map="http://www.w3.org/2005/xpath-functions/map"
    xmlns:f="urn:frus-edition:functions"
    xmlns:frus="http://history.state.gov/frus/ns/1.0"
    xpath-default-namespace="http://www.tei-c.org/ns/1.0"
    exclude-result-prefixes="#all">

  <xsl:include href="functions.xsl"/>
  <xsl:include href="elements.xsl"/>

  <!-- The map becomes JSON; Python reads it with json.loads. -->
  <xsl:output method="json" indent="no"/>

  <!-- HTML5 serialization of fragments: void elements as <br>, no XML declaration. -->
  <xsl:variable name="html5" as="map(*)"
      select="map{'method': 'html', 'html-version': 5.0, 'indent': false()}"/>

  <xsl:template match="/">
    <xsl:variable name="div" select="(//body//div[@type = 'document'])[1]"/>
    <xsl:variable name="id" select="f:doc-id($div)"/>
    <xsl:variable name="back" select="/TEI/text/back"/>

    <xsl:variable name="body" as="node()*">
      <xsl:apply-templates select="$div"/>
    </xsl:variable>

    <!-- Persons: the document's List-of-Persons entries, plus any person the text points
         at without an entry (so that every mention has a page to point back from). -->
    <xsl:variable name="person-ids" as="xs:string*" select="distinct-values((
        $back//div[@xml:id = 'persons']//persName/@xml:id ! string(),
        $div//persName/@corresp ! f:target-ids(.)))"/>
    <xsl:variable name="term-ids" as="xs:string*" select="distinct-values((
        $back//div[@xml:id = 'terms']//term/@xml:id ! string(),
        $div//gloss/@target ! f:target-ids(.)))"/>

    <xsl:sequence select="map{
      'id': $id,
      'n': string($div/@n),
      'subtype': string($div/@subtype),
      'title': normalize-space((/TEI/teiHeader/fileDesc/titleStmt/title)[1]),
      'date': f:doc-date($div),
      'html': serialize($body, $html5),
      'notes': count(f:footnotes($div)),
      'pages': array{ $div//pb ! [string(@n), f:pb-id(.)] },
      'links': array{ distinct-values($div//ref/@target ! f:ref-href(., $div)[starts-with(., 'd') or starts-with(., 'pages.html')]) },
      'persons': array{ for $p in $person-ids return f:entry-map($p, $div, $back, 'persName') },
      'terms': array{ for $t in $term-ids return f:entry-map($t, $div, $back, 'term') }
    }"/>
  </xsl:template>

  <!-- One entry of the document's persons or terms: name, description (HTML) and
       the anchors of its mentions in the text, in document order. -->
  <xsl:function name="f:entry-map" as="map(*)">
    <xsl:param name="id" as="xs:string"/>
    <xsl:param name="div" as="element()"/>
    <xsl:param name="back" as="element()?"/>
    <xsl:param name="kind" as="xs:string"/>
    <xsl:variable name="entry" select="($back//*[@xml:id = $id][local-name() = $kind])[1]"/>
    <xsl:variable name="mentions" select="if ($kind = 'persName')
        then $div//persName[f:target-ids(@corresp) = $id]
        else $div//gloss[f:target-ids(@target) = $id]"/>
    <xsl:variable name="description" as="node()*">
      <xsl:apply-templates select="$entry/ancestor::item[1]" mode="description"/>
    </xsl:variable>
    <xsl:sequence select="map{
      'id': $id,
      'name': normalize-space(($entry, $mentions)[1]),
      'description': serialize($description, $html5),
      'mentions': array{ (1 to count($mentions)) ! f:mention-id($id, .) }
    }"/>
  </xsl:function>

</xsl:stylesheet>
