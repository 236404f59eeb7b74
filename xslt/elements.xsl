<?xml version="1.0" encoding="UTF-8"?>
<!--
  One rule per TEI element (TEI Processing Model style). Where an element renders
  differently by context, the variant is a second template with a predicate, never a
  branch hidden in a long template. Output is HTML in no namespace, serialized as HTML5.

  HTML nesting constraints drive several choices: a <p> cannot hold lists or block
  quotations, and links cannot nest, so the rules below check for those contexts.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:f="urn:frus-edition:functions"
    xmlns:frus="http://history.state.gov/frus/ns/1.0"
    xpath-default-namespace="http://www.tei-c.org/ns/1.0"
    exclude-result-prefixes="#all">

  <!-- ===== Document structure ===== -->

  <!-- The document: its text, then the notes gathered at the end (as in the printed
       volume's foot of page, and so that they work without JavaScript). -->
  <xsl:template match="div[@type = 'document']">
    <xsl:apply-templates/>
    <xsl:variable name="notes" select="f:footnotes(.)"/>
    <xsl:if test="exists($notes)">
      <section class="footnotes" role="doc-endnotes" aria-labelledby="{f:doc-id(.)}-notes">
        <h2 id="{f:doc-id(.)}-notes">Notes</h2>
        <ol>
          <xsl:apply-templates select="$notes" mode="endnote"/>
        </ol>
      </section>
    </xsl:if>
  </xsl:template>

  <!-- A division inside a document (rare in FRUS): a section with its own heading. -->
  <xsl:template match="div">
    <section>
      <xsl:sequence select="f:class('div', .)"/>
      <xsl:apply-templates/>
    </section>
  </xsl:template>

  <!-- An enclosure or attachment printed with the document. -->
  <xsl:template match="frus:attachment">
    <section class="attachment">
      <xsl:apply-templates/>
    </section>
  </xsl:template>

  <!-- The same, as the encoder writes it valid TEI: a floatingText in the letter's postscript. -->
  <xsl:template match="postscript[floatingText/@type = 'enclosure']">
    <section class="attachment">
      <xsl:apply-templates select="floatingText/body/node()"/>
    </section>
  </xsl:template>

  <!-- Headings: the document's is the page's h1; attachments and inner divisions go one
       level down per nesting, counted from the document. -->
  <xsl:template match="div/head | frus:attachment/head | floatingText/body/head">
    <xsl:variable name="depth" select="count(ancestor::*[self::div or self::frus:attachment or self::floatingText]
        [ancestor-or-self::div[@type = 'document']])"/>
    <xsl:element name="h{min((6, max((1, $depth))))}">
      <xsl:sequence select="f:class((), .)"/>
      <xsl:apply-templates/>
    </xsl:element>
  </xsl:template>

  <!-- Any other heading (of a verse group, a quotation): a line of its own. -->
  <xsl:template match="head">
    <p>
      <xsl:sequence select="f:class('head', .)"/>
      <xsl:apply-templates/>
    </p>
  </xsl:template>

  <!-- A list's own heading, e.g. "SUBJECT". -->
  <xsl:template match="list/head">
    <p class="list-label">
      <xsl:apply-templates/>
    </p>
  </xsl:template>

  <!-- Paragraph. -->
  <xsl:template match="p">
    <p>
      <xsl:sequence select="f:class((), .)"/>
      <xsl:apply-templates/>
    </p>
  </xsl:template>

  <!-- A TEI paragraph holding a list or block quotation cannot be an HTML <p>. -->
  <xsl:template match="p[f:holds-block(.)]" priority="2">
    <div>
      <xsl:sequence select="f:class('p', .)"/>
      <xsl:apply-templates/>
    </div>
  </xsl:template>

  <!-- Opening and closing formulas of a letter or telegram. -->
  <xsl:template match="opener | closer">
    <div>
      <xsl:sequence select="f:class(local-name(), .)"/>
      <xsl:apply-templates/>
    </div>
  </xsl:template>

  <!-- A postscript, after the closer: its own paragraphs, closer or dateline. -->
  <xsl:template match="postscript">
    <div>
      <xsl:sequence select="f:class('postscript', .)"/>
      <xsl:apply-templates/>
    </div>
  </xsl:template>

  <!-- A salutation ("Sir:", "I have, &amp;c.,"): a span, like the signature, because
       openers and closers mix it with bare text; the style sheet gives it its own line. -->
  <xsl:template match="salute">
    <span>
      <xsl:sequence select="f:class('salute', .)"/>
      <xsl:apply-templates/>
    </span>
  </xsl:template>

  <!-- A byline ("By the Secretary of State") and a document's printed date, in a title or
       opener. -->
  <xsl:template match="byline | docDate">
    <span>
      <xsl:sequence select="f:class(local-name(), .)"/>
      <xsl:apply-templates/>
    </span>
  </xsl:template>

  <!-- Place and date line. -->
  <xsl:template match="dateline">
    <p>
      <xsl:sequence select="f:class('dateline', .)"/>
      <xsl:apply-templates/>
    </p>
  </xsl:template>

  <!-- Signature: a span, because closers mix it with bare text and line breaks. -->
  <xsl:template match="signed">
    <span>
      <xsl:sequence select="f:class('signed', .)"/>
      <xsl:apply-templates/>
    </span>
  </xsl:template>

  <!-- A segment such as "No. 1493" or "[Enclosure 1]" in an opener. -->
  <xsl:template match="seg">
    <span>
      <xsl:sequence select="f:class('seg', .)"/>
      <xsl:apply-templates/>
    </span>
  </xsl:template>

  <!-- Block quotation. -->
  <xsl:template match="quote[f:holds-block(.) or @rend = 'blockquote']">
    <blockquote>
      <xsl:apply-templates/>
    </blockquote>
  </xsl:template>

  <!-- Inline quotation: TEI keeps the printed quotation marks in the text, so no <q>. -->
  <xsl:template match="quote">
    <span class="quote">
      <xsl:apply-templates/>
    </span>
  </xsl:template>

  <!-- Words spoken, as printed (the quotation marks are in the text); a speech of whole
       paragraphs is a block. -->
  <xsl:template match="said">
    <xsl:element name="{if (f:holds-block(.)) then 'div' else 'span'}">
      <xsl:sequence select="f:class('said', .)"/>
      <xsl:apply-templates/>
    </xsl:element>
  </xsl:template>

  <!-- A quotation with its source: a block when the quotation is one. -->
  <xsl:template match="cit">
    <xsl:element name="{if (f:holds-block(.)) then 'div' else 'span'}">
      <xsl:sequence select="f:class('cit', .)"/>
      <xsl:apply-templates/>
    </xsl:element>
  </xsl:template>

  <!-- A bibliographic reference, as printed. -->
  <xsl:template match="bibl">
    <span>
      <xsl:sequence select="f:class('bibl', .)"/>
      <xsl:apply-templates/>
    </span>
  </xsl:template>

  <!-- Verse: the group is a block, each line a line of its own. -->
  <xsl:template match="lg">
    <div>
      <xsl:sequence select="f:class('lg', .)"/>
      <xsl:apply-templates/>
    </div>
  </xsl:template>

  <xsl:template match="l">
    <span>
      <xsl:sequence select="f:class('l', .)"/>
      <xsl:apply-templates/>
    </span>
  </xsl:template>

  <!-- ===== Lists ===== -->

  <!-- Lists. SUBJECT/PARTICIPANTS labels are often lost in the source text; when the list
       has no head of its own, a label is supplied (marked as supplied by its class). -->
  <xsl:template match="list">
    <xsl:apply-templates select="head"/>
    <xsl:if test="not(head) and @type = ('subject', 'participants')">
      <p class="list-label supplied">
        <xsl:value-of select="if (@type = 'subject') then 'Subject' else 'Participants'"/>
      </p>
    </xsl:if>
    <ul>
      <xsl:sequence select="f:class(('list', @type ! ('list-' || .), 'list-labelled'[current()/label]), .)"/>
      <xsl:apply-templates select="node() except head"/>
    </ul>
  </xsl:template>

  <xsl:template match="item">
    <li>
      <xsl:apply-templates/>
    </li>
  </xsl:template>

  <!-- A labelled list ("1.)", "(a)", "•" in label elements before the items) as printed:
       each label beside its item, and no number or bullet of the browser's. -->
  <xsl:template match="item[preceding-sibling::*[1][self::label]]">
    <li class="labelled">
      <xsl:apply-templates select="preceding-sibling::*[1]" mode="item-label"/>
      <xsl:text> </xsl:text>
      <div class="item-body">
        <xsl:apply-templates/>
      </div>
    </li>
  </xsl:template>

  <xsl:template match="list/label" mode="item-label">
    <span class="label">
      <xsl:apply-templates/>
    </span>
  </xsl:template>

  <!-- The label is written with its item; a label with no item after it is an item alone. -->
  <xsl:template match="list/label[following-sibling::*[1][self::item]]" priority="2"/>
  <xsl:template match="list/label">
    <li class="labelled"><xsl:apply-templates select="." mode="item-label"/></li>
  </xsl:template>

  <!-- Nothing but items may sit in a <ul>: whitespace between items is dropped, and a
       page break between items is carried by an item of its own. -->
  <xsl:template match="list/text()"/>
  <xsl:template match="list/pb" priority="2">
    <li class="pb-item"><xsl:next-match/></li>
  </xsl:template>

  <!-- An item label such as "1.)". -->
  <xsl:template match="label">
    <span class="label">
      <xsl:apply-templates/>
    </span>
  </xsl:template>

  <!-- ===== Tables ===== -->

  <!-- A table: its heading is the caption; what the TEI puts beside its rows (a page
       break, a note) cannot sit in an HTML table and is written just before it. -->
  <xsl:template match="table">
    <xsl:apply-templates select="* except (head | row)"/>
    <table>
      <xsl:sequence select="f:class((), .)"/>
      <xsl:apply-templates select="head"/>
      <xsl:apply-templates select="row"/>
    </table>
  </xsl:template>

  <xsl:template match="table/head" priority="2">
    <caption><xsl:apply-templates/></caption>
  </xsl:template>

  <xsl:template match="row">
    <tr><xsl:apply-templates select="cell"/></tr>
  </xsl:template>

  <xsl:template match="cell">
    <xsl:element name="{if (@role = 'label' or parent::row/@role = 'label') then 'th' else 'td'}">
      <xsl:if test="@cols > 1"><xsl:attribute name="colspan" select="@cols"/></xsl:if>
      <xsl:if test="@rows > 1"><xsl:attribute name="rowspan" select="@rows"/></xsl:if>
      <xsl:apply-templates/>
    </xsl:element>
  </xsl:template>

  <!-- ===== Figures ===== -->

  <!-- A figure: its heading is the caption, its description stays as text. -->
  <xsl:template match="figure">
    <figure>
      <xsl:sequence select="f:class((), .)"/>
      <xsl:apply-templates/>
    </figure>
  </xsl:template>

  <xsl:template match="figure/head" priority="2">
    <figcaption><xsl:apply-templates/></figcaption>
  </xsl:template>

  <xsl:template match="figDesc">
    <p class="figdesc"><xsl:apply-templates/></p>
  </xsl:template>

  <!-- The image itself is not part of the edition (the series keeps its scans apart), so
       its place is shown, named by the TEI's reference, rather than a broken image. -->
  <xsl:template match="graphic">
    <span class="graphic supplied">[Image not reproduced<xsl:value-of select="@url ! (': ' || .)"/>]</span>
  </xsl:template>

  <!-- ===== Notes ===== -->

  <!-- A footnote where its marker stands: only the marker; the text goes to the end.
       Marker and note link to each other through ids taken from the TEI (d571fn3 and
       d571fn3-ref), so links survive re-builds and work without JavaScript. -->
  <xsl:template match="note">
    <xsl:variable name="id" select="f:note-id(.)"/>
    <!-- the marker is no word of the text: the search index leaves it out -->
    <sup class="noteref" data-pagefind-ignore=""><a id="{$id}-ref" href="#{$id}" role="doc-noteref"><xsl:value-of select="f:note-label(.)"/></a></sup>
  </xsl:template>

  <!-- A note whose marker could not be placed sits directly in the document: its marker is
       shown as a line of its own, so the note still links back to a place in the text. -->
  <xsl:template match="note[parent::div or parent::frus:attachment or parent::body]" priority="2">
    <xsl:variable name="id" select="f:note-id(.)"/>
    <p class="note-unplaced">Note <a id="{$id}-ref" href="#{$id}" role="doc-noteref"><xsl:value-of
      select="f:note-label(.)"/></a> (its place in the text is not marked)</p>
  </xsl:template>

  <!-- A note printed in the line of the text, not at the foot of the page (see
       f:in-text): the file-number line above an older volume's heading, an inline source,
       a centred caption such as "THE UNITED STATES LEGATION AT BERLIN …". -->
  <xsl:template match="note[f:in-text(.)]" priority="3">
    <p>
      <xsl:sequence select="f:class((if (@rend = 'inline') then 'file-number' else 'note-in-text', @type), .)"/>
      <xsl:apply-templates/>
    </p>
  </xsl:template>

  <!-- ... and inside a paragraph or another phrase, where a block cannot stand. -->
  <xsl:template match="note[f:in-text(.)][not(parent::div or parent::frus:attachment or parent::body
      or parent::opener or parent::closer or parent::postscript)]" priority="4">
    <span>
      <xsl:sequence select="f:class(('note-in-text', @type), .)"/>
      <xsl:apply-templates/>
    </span>
  </xsl:template>

  <!-- The note itself, in the list at the end of the page; its number links back. -->
  <xsl:template match="note" mode="endnote">
    <xsl:variable name="id" select="f:note-id(.)"/>
    <li id="{$id}">
      <xsl:sequence select="f:class(('note', @type), .)"/>
      <a class="backlink" href="#{$id}-ref" role="doc-backlink"
         aria-label="Note {f:note-label(.)}, back to the text"><xsl:value-of select="f:note-label(.)"/>.</a>
      <xsl:text> </xsl:text>
      <div class="note-text">
        <xsl:apply-templates/>
      </div>
    </li>
  </xsl:template>

  <xsl:function name="f:note-label" as="xs:string">
    <xsl:param name="note" as="element(note)"/>
    <!-- both strings: an attribute beside a number cannot be compared with '' -->
    <xsl:sequence select="(string($note/@n)[. != ''], string($note/accumulator-before('notes')))[1]"/>
  </xsl:function>

  <!-- ===== Page breaks ===== -->

  <!-- A page break of the printed volume: a visible, linkable "[Page N]" whose id is the
       TEI's (pg_1046), so #pg_1046 addresses the page from anywhere. Kept inline, where
       the break falls, even mid-sentence. -->
  <xsl:template match="pb">
    <xsl:variable name="id" select="f:pb-id(.)"/>
    <a class="pb" id="{$id}" href="#{$id}">[Page <xsl:value-of select="@n"/>]</a>
  </xsl:template>

  <!-- ===== Phrase level ===== -->

  <!-- A person the volume's List of Persons identifies: a link to the entry on this page
       (which links to the person's page); its anchor lets the person page link to this
       very mention. -->
  <xsl:template match="persName[starts-with(@corresp, '#')]">
    <a class="person" href="#{f:entry-id(.)}">
      <xsl:sequence select="f:mention-mark(.)"/>
      <xsl:apply-templates/>
    </a>
  </xsl:template>

  <!-- An abbreviation or term glossed in the volume's list: links to its entry on this page. -->
  <xsl:template match="gloss[starts-with(@target, '#')]">
    <a class="term" href="#{f:entry-id(.)}">
      <xsl:sequence select="f:mention-mark(.)"/>
      <xsl:apply-templates/>
    </a>
  </xsl:template>

  <!-- Links cannot nest: a name inside a cross-reference keeps only its anchor. -->
  <xsl:template match="ref//persName[starts-with(@corresp, '#')] | ref//gloss[starts-with(@target, '#')]" priority="2">
    <xsl:sequence select="f:mention-mark(.)"/>
    <xsl:apply-templates/>
  </xsl:template>

  <!-- A mention's anchor is an empty mark before its text, left out of the search index:
       the indexer takes every element with an id for a place to show in results and
       sets a space before it, which turned "(Mann)" into "( Mann)" in the results. -->
  <xsl:function name="f:mention-mark" as="element()">
    <xsl:param name="mention" as="element()"/>
    <span id="{f:mention-anchor($mention)}" class="mention-anchor" data-pagefind-ignore=""></span>
  </xsl:function>

  <!-- Names, places, unglossed terms and sender/recipient glosses: the text as printed. -->
  <xsl:template match="persName | placeName | orgName | gloss | term | name | affiliation
                       | editor | publisher | pubPlace">
    <xsl:apply-templates/>
  </xsl:template>

  <!-- A cross-reference ("Document 578", "footnote 6, supra", a page). -->
  <xsl:template match="ref">
    <xsl:variable name="href" select="f:ref-href(string(@target), .)"/>
    <xsl:choose>
      <xsl:when test="exists($href) and not(ancestor::ref)">
        <a href="{$href}"><xsl:apply-templates/></a>
      </xsl:when>
      <xsl:otherwise><xsl:apply-templates/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- A normalized date: the machine-readable value goes into <time datetime>. -->
  <xsl:template match="date">
    <xsl:variable name="when" select="string(@when)"/>
    <xsl:choose>
      <xsl:when test="f:html-datetime($when)">
        <time datetime="{$when}"><xsl:apply-templates/></time>
      </xsl:when>
      <xsl:otherwise><xsl:apply-templates/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- Highlighting, by its printed rendering: the HTML element of that rendering, else a
       span with the rendering as its class (smallcaps, roman, several at once). -->
  <xsl:template match="hi">
    <xsl:variable name="element" select="$hi-elements(string(@rend))"/>
    <xsl:element name="{($element, 'span')[1]}">
      <xsl:if test="empty($element)">
        <xsl:sequence select="f:class((), .)"/>
      </xsl:if>
      <xsl:apply-templates/>
    </xsl:element>
  </xsl:template>

  <xsl:variable name="hi-elements" as="map(xs:string, xs:string)" select="map{
      'italic': 'i', 'bold': 'b', 'strong': 'b', 'underline': 'u', 'superscript': 'sup', 'sup': 'sup',
      'subscript': 'sub', 'sub': 'sub', 'strikethrough': 's', 'strike': 's'}"/>

  <!-- Words struck out in the original. -->
  <xsl:template match="del">
    <del><xsl:apply-templates/></del>
  </xsl:template>

  <!-- A time of day, machine-readable where its value is one HTML accepts. -->
  <xsl:template match="time">
    <xsl:variable name="when" select="string(@when)"/>
    <xsl:choose>
      <xsl:when test="matches($when, '^\d{2}:\d{2}(:\d{2})?$') or f:html-datetime($when)">
        <time datetime="{$when}"><xsl:apply-templates/></time>
      </xsl:when>
      <xsl:otherwise><xsl:apply-templates/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- A title of a work. -->
  <xsl:template match="title">
    <cite><xsl:apply-templates/></cite>
  </xsl:template>

  <!-- Classification marks ("Secret") and uncertain readings: the text, marked for style. -->
  <xsl:template match="frus:classification | unclear">
    <span>
      <xsl:sequence select="f:class(local-name(), .)"/>
      <xsl:apply-templates/>
    </span>
  </xsl:template>

  <!-- An omission the TEI records without its text: its place is shown. -->
  <xsl:template match="gap">
    <span class="gap supplied" title="omitted in the source">[…]</span>
  </xsl:template>

  <!-- Space left blank in the original. -->
  <xsl:template match="space">
    <span class="space"><xsl:text> </xsl:text></span>
  </xsl:template>

  <!-- A point others may link to. -->
  <xsl:template match="anchor">
    <xsl:if test="@xml:id"><span id="{@xml:id}"></span></xsl:if>
  </xsl:template>

  <!-- Line break inside a dateline, closer or address. -->
  <xsl:template match="lb">
    <br/>
  </xsl:template>

  <!-- Anything not foreseen keeps its text, marked with its TEI name for styling and review
       (the publisher warns of it, with its line): a block if it holds blocks. -->
  <xsl:template match="*">
    <xsl:element name="{if (f:holds-block(.)) then 'div' else 'span'}">
      <xsl:attribute name="class" select="'tei-' || local-name()"/>
      <xsl:apply-templates/>
    </xsl:element>
  </xsl:template>

  <!-- ===== Entries of the List of Persons / Abbreviations (for the indexes) ===== -->

  <!-- An entry reads "<hi rend=strong><persName>Name</persName>,</hi> description": the
       description is what follows the name, without the separating comma. -->
  <xsl:template match="item" mode="description">
    <xsl:variable name="name" select="(.//(persName | term)[@xml:id])[1]/ancestor-or-self::*[parent::item][1]"/>
    <xsl:variable name="rest" select="if ($name) then $name/following-sibling::node() else node()"/>
    <xsl:for-each select="$rest">
      <xsl:choose>
        <xsl:when test="position() = 1 and self::text()">
          <xsl:value-of select="replace(., '^[\s,;:]+', '')"/>
        </xsl:when>
        <xsl:otherwise>
          <xsl:apply-templates select="."/>
        </xsl:otherwise>
      </xsl:choose>
    </xsl:for-each>
  </xsl:template>

</xsl:stylesheet>
