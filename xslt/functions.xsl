<?xml version="1.0" encoding="UTF-8"?>
<!-- Small helpers shared by the element rules and the summary. -->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:map="http://www.w3.org/2005/xpath-functions/map"
    xmlns:f="urn:frus-edition:functions"
    xmlns:frus="http://history.state.gov/frus/ns/1.0"
    xpath-default-namespace="http://www.tei-c.org/ns/1.0"
    exclude-result-prefixes="#all">

  <xsl:key name="id" match="*[@xml:id]" use="string(@xml:id)"/>

  <!-- Mentions are numbered per person/term in document order. An accumulator gives the
       running count in one pass, where count(preceding::…) would be quadratic. -->
  <xsl:accumulator name="mentions" as="map(xs:string, xs:integer)" initial-value="map{}">
    <xsl:accumulator-rule match="persName[starts-with(@corresp, '#')] | gloss[starts-with(@target, '#')]">
      <xsl:variable name="key" select="f:entry-id(.)"/>
      <xsl:sequence select="map:put($value, $key, ($value($key), 0)[1] + 1)"/>
    </xsl:accumulator-rule>
  </xsl:accumulator>

  <!-- Running count of notes, only for notes that lack an xml:id (the build mints them,
       hand-made TEI may not). -->
  <xsl:accumulator name="notes" as="xs:integer" initial-value="0">
    <xsl:accumulator-rule match="note" select="$value + 1"/>
  </xsl:accumulator>

  <xsl:mode use-accumulators="#all"/>
  <xsl:mode name="endnote" use-accumulators="#all"/>
  <xsl:mode name="description" use-accumulators="#all"/>

  <xsl:function name="f:doc-id" as="xs:string">
    <xsl:param name="div" as="element()"/>
    <xsl:sequence select="string(($div/@xml:id, 'd' || $div/@n, 'document')[. != ''][1])"/>
  </xsl:function>

  <!-- "#p_A1 #p_B2" → ("p_A1", "p_B2"); only same-file pointers. -->
  <xsl:function name="f:target-ids" as="xs:string*">
    <xsl:param name="pointer" as="attribute()*"/>
    <xsl:sequence select="tokenize(string-join($pointer, ' '))[starts-with(., '#')] ! substring(., 2)"/>
  </xsl:function>

  <!-- Anchor of the k-th mention of a person or term: p_CFA1-2. -->
  <xsl:function name="f:mention-id" as="xs:string">
    <xsl:param name="id" as="xs:string"/>
    <xsl:param name="k" as="xs:integer"/>
    <xsl:sequence select="$id || '-' || $k"/>
  </xsl:function>

  <!-- The entry a persName/@corresp or gloss/@target points at (the first, if several). -->
  <xsl:function name="f:entry-id" as="xs:string?">
    <xsl:param name="mention" as="element()"/>
    <xsl:sequence select="f:target-ids($mention/(@corresp | @target))[1]"/>
  </xsl:function>

  <xsl:function name="f:mention-anchor" as="xs:string">
    <xsl:param name="mention" as="element()"/>
    <xsl:variable name="id" select="f:entry-id($mention)"/>
    <xsl:sequence select="f:mention-id($id, $mention/accumulator-before('mentions')($id))"/>
  </xsl:function>

  <xsl:function name="f:note-id" as="xs:string">
    <xsl:param name="note" as="element(note)"/>
    <xsl:sequence select="string(($note/@xml:id,
        f:doc-id($note/ancestor::div[@type = 'document'][1]) || 'note' || $note/accumulator-before('notes'))[. != ''][1])"/>
  </xsl:function>

  <xsl:function name="f:pb-id" as="xs:string">
    <xsl:param name="pb" as="element(pb)"/>
    <xsl:sequence select="string(($pb/@xml:id, 'pg_' || $pb/@n)[. != ''][1])"/>
  </xsl:function>

  <!-- Whether an element holds something HTML puts only in a block (a paragraph, list,
       table, verse, block quotation), so that it cannot be a <p> or a <span> itself. -->
  <xsl:function name="f:holds-block" as="xs:boolean">
    <xsl:param name="node" as="element()"/>
    <xsl:sequence select="exists($node/(p | list | table | figure | lg | opener | closer | dateline | postscript
        | quote[f:holds-block(.) or @rend = 'blockquote'] | said[f:holds-block(.)] | cit[f:holds-block(.)]))"/>
  </xsl:function>

  <!-- The notes listed at the end of the page: every note but those printed in the text. -->
  <xsl:function name="f:footnotes" as="element(note)*">
    <xsl:param name="div" as="element()"/>
    <xsl:sequence select="$div//note[not(f:in-text(.))]"/>
  </xsl:function>

  <!-- A note printed in the text rather than at the foot of the page: the FRUS TEI marks
       these with a rendering (rend="inline" for a file-number line or inline source,
       rend="center" for a caption) and gives them no number; a footnote always has one,
       or no rendering. -->
  <xsl:function name="f:in-text" as="xs:boolean">
    <xsl:param name="note" as="element(note)"/>
    <xsl:sequence select="$note/@rend = 'inline' or ($note/@rend and not($note/@n))"/>
  </xsl:function>

  <!-- The date that places a document in the chronology: the header's creation date,
       else the series' computed range, else the first dated dateline, else a date in the
       heading ("Memorandum of a Conversation, Washington, June 10, 1958": a volume file
       has no header per document); ISO values only. -->
  <xsl:function name="f:doc-date" as="xs:string">
    <xsl:param name="div" as="element()"/>
    <xsl:sequence select="string((
        root($div)/TEI/teiHeader/profileDesc/creation/date/(@when, @from, @notBefore),
        $div/@frus:doc-dateTime-min,
        ($div/opener | $div)/dateline//date/(@when, @from, @notBefore),
        $div/head//date[not(ancestor::note)]/(@when, @from, @notBefore))[f:html-datetime(.)][1])"/>
  </xsl:function>

  <!-- HTML's <time datetime> accepts years, months, dates and local/global date-times;
       anything else (uncertain or malformed dates) is shown without the machine value. -->
  <xsl:function name="f:html-datetime" as="xs:boolean">
    <xsl:param name="when" as="xs:string"/>
    <!-- the usual shapes first, by their pattern of ASCII digits: the regular expression
         costs some microseconds a call -->
    <xsl:sequence select="translate($when, '0123456789', '0000000000')
        = ('0000-00-00', '0000-00-00T00:00:00', '0000', '0000-00', '0000-00-00T00:00')
      or matches($when, '^\d{4}(-\d{2}(-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+\-]\d{2}:\d{2})?)?)?)?$')"/>
  </xsl:function>

  <!--
    Where a ref/@target leads, relative to the document page (all pages of a volume share
    one folder):
      #id in this document   → #id
      #pg_N                  → pages.html#pg_N  (the volume's page concordance)
      #d578, #d242fn6        → d578.html, d242.html#d242fn6
      vol#frag (other volume) and absolute URLs → the series' canonical site
    Returns () when the target cannot be linked; the text is then shown without a link.
  -->
  <xsl:function name="f:ref-href" as="xs:string?">
    <xsl:param name="target" as="xs:string"/>
    <xsl:param name="context" as="node()"/>
    <xsl:variable name="t" select="normalize-space($target)"/>
    <xsl:variable name="frag" select="substring-after($t, '#')"/>
    <xsl:sequence select="
      if (starts-with($t, '#') and exists(key('id', $frag, root($context)))) then $t
      else if (matches($t, '^#pg_\S+$')) then 'pages.html' || $t
      else if (matches($t, '^#d\d+$')) then $frag || '.html'
      else if (matches($t, '^#d\d+\S+$')) then replace($frag, '^(d\d+).*$', '$1') || '.html' || $t
      else if (matches($t, '^https?://')) then $t
      else if (matches($t, '^frus[^#\s]+(#\S+)?$'))
        then 'https://history.state.gov/historicaldocuments/' || replace($t, '#', '/')
      else ()"/>
  </xsl:function>

  <!-- class="…" from a base class and the TEI rendering hints (@rend, @rendition="#right"). -->
  <xsl:function name="f:class" as="attribute()?">
    <xsl:param name="base" as="xs:string*"/>
    <xsl:param name="node" as="element()"/>
    <!-- most elements have no rendering hints: no tokenizing then -->
    <xsl:variable name="tokens" select="if (empty($node/(@rend | @rendition))) then $base else ($base,
        tokenize($node/@rend) ! ('rend-' || replace(., '[^\w\-]', '')),
        tokenize($node/@rendition) ! replace(., '^#', 'rend-'))"/>
    <xsl:if test="exists($tokens)">
      <xsl:attribute name="class" select="distinct-values($tokens)" separator=" "/>
    </xsl:if>
  </xsl:function>

</xsl:stylesheet>
