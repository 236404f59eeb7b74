<?xml version="1.0" encoding="UTF-8"?>
<!--
  TEI document (one FRUS div[@type='document'] per file) → the HTML of its text and notes,
  which the Jinja2 page shell (templates/document.html) places in the page.

  The element rules live in elements.xsl: one template per TEI element, in the spirit of
  the TEI Processing Model. summary.xsl reads the same parsed document for the facts the
  indexes need. Two stylesheets rather than one returning both, because writing the HTML
  straight to the serializer is about twice as fast as building it as a value first.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xpath-default-namespace="http://www.tei-c.org/ns/1.0"
    exclude-result-prefixes="#all">

  <xsl:include href="functions.xsl"/>
  <xsl:include href="elements.xsl"/>

  <xsl:output method="html" html-version="5.0" indent="no" include-content-type="no"/>

  <xsl:template match="/">
    <xsl:apply-templates select="(//body//div[@type = 'document'])[1]"/>
  </xsl:template>

</xsl:stylesheet>
