<?xml version="1.0" encoding="UTF-8"?>
<!--
  TEI document → the facts the indexes are built from, as one JSON object: id, number,
  title, date, pages, note count, same-volume links, and the persons and terms it
  mentions with their List-of-Persons / List-of-Abbreviations descriptions (HTML) and the
  anchors of their mentions (the same anchors elements.xsl writes into the page).
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:f="urn:frus-edition:functions"
    xmlns:frus="http://history.state.gov/frus/ns/1.0"
    xpath-default-namespace="http://www.tei-c.org/ns/1.0"
    exclude-result-prefixes="#all">

  <xsl:include href="functions.xsl"/>
  <xsl:include href="elements.xsl"/>

  <!-- A description, a node in the map, is written into the JSON as HTML by the
       serializer of the whole: one serializer, where serialize() per entry sets
       up one each time (and, indenting by default, wraps long lines). -->
  <xsl:output method="json" indent="no" json-node-output-method="html" html-version="5.0"/>

  <xsl:key name="pointers" match="persName[starts-with(@corresp, '#')] | gloss[starts-with(@target, '#')]"
           use="f:entry-id(.)"/>

  <xsl:template match="/">
    <xsl:variable name="div" select="(//body//div[@type = 'document'])[1]"/>
    <xsl:variable name="back" select="/TEI/text/back"/>
    <!-- The document's list entries, plus anyone the text points at without an entry,
         so that every mention has an index page to be listed on. -->
    <xsl:variable name="person-ids" as="xs:string*" select="distinct-values((
        $back/div[@xml:id = 'persons']//persName/@xml:id ! string(),
        $div//persName/@corresp ! f:target-ids(.)))"/>
    <xsl:variable name="term-ids" as="xs:string*" select="distinct-values((
        $back/div[@xml:id = 'terms']//term/@xml:id ! string(),
        $div//gloss/@target ! f:target-ids(.)))"/>
    <xsl:sequence select="map{
      'id': f:doc-id($div),
      'n': string($div/@n),
      'subtype': string($div/@subtype),
      'title': normalize-space((/TEI/teiHeader/fileDesc/titleStmt/title)[1]),
      'date': f:doc-date($div),
      'notes': count(f:footnotes($div)),
      'pages': array{ $div//pb ! [string(@n), f:pb-id(.)] },
      'links': array{ distinct-values($div//ref/@target ! f:ref-href(., $div)[matches(., '^(d\d|pages\.html)')]) },
      'persons': array{ $person-ids ! f:entry(., $div, 'persName') },
      'terms': array{ $term-ids ! f:entry(., $div, 'term') }
    }"/>
  </xsl:template>

  <xsl:function name="f:entry" as="map(*)">
    <xsl:param name="id" as="xs:string"/>
    <xsl:param name="div" as="element()"/>
    <xsl:param name="kind" as="xs:string"/>
    <xsl:variable name="entry" select="key('id', $id, root($div))[local-name() = $kind][ancestor::back]"/>
    <xsl:variable name="mentions" select="key('pointers', $id, $div)"/>
    <xsl:variable name="description">
      <xsl:apply-templates select="$entry/ancestor::item[1]" mode="description"/>
    </xsl:variable>
    <xsl:sequence select="map{
      'id': $id,
      'name': normalize-space(($entry, $mentions)[1]),
      'description': $description,
      'mentions': array{ (1 to count($mentions)) ! f:mention-id($id, .) }
    }"/>
  </xsl:function>

</xsl:stylesheet>
