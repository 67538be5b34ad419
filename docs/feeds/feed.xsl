<?xml version="1.0" encoding="UTF-8"?>
<!--
  Shows a news feed (RSS 2.0 or Atom) in the browser as a German page that explains
  what a feed is and how to subscribe. Feeds point here with <?xml-stylesheet?>;
  feed readers ignore it. Browsers only apply it to a feed served with an XML
  content type (.xml files are). Self-contained: no fonts, scripts or images from
  anywhere, the styles are inline.
-->
<xsl:stylesheet version="1.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:atom="http://www.w3.org/2005/Atom"
  exclude-result-prefixes="atom">

  <xsl:output method="html" encoding="UTF-8" indent="yes" doctype-system="about:legacy-compat"/>

  <xsl:variable name="is-atom" select="boolean(atom:feed)"/>
  <xsl:variable name="title" select="rss/channel/title | atom:feed/atom:title"/>
  <xsl:variable name="description" select="rss/channel/description | atom:feed/atom:subtitle"/>
  <xsl:variable name="self" select="rss/channel/atom:link[@rel='self']/@href | atom:feed/atom:link[@rel='self']/@href"/>
  <xsl:variable name="site" select="rss/channel/link | atom:feed/atom:link[not(@rel) or @rel='alternate']/@href"/>

  <xsl:template match="/">
    <html lang="de">
      <head>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <meta name="robots" content="noindex"/>
        <title><xsl:value-of select="$title"/> – Newsfeed</title>
        <style>
          body { margin: 0; font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; line-height: 1.5; color: #1f1f1f; background: #fafafa; }
          main { max-width: 44rem; margin: 0 auto; padding: 1rem; overflow-wrap: anywhere; }
          h1 { font-size: 1.6rem; margin: .5rem 0; }
          h2 { font-size: 1.2rem; margin: 2rem 0 .5rem; }
          a { color: #b71c1c; }
          .about { background: #fff; border-left: .3rem solid #c62828; padding: .8rem 1rem; margin: 1rem 0; }
          .address { display: block; padding: .5rem; margin: .4rem 0; background: #f1f1f1; border: 1px solid #ccc; font-family: ui-monospace, monospace; user-select: all; }
          ol.items { list-style: none; padding: 0; }
          ol.items li { background: #fff; padding: .8rem 1rem; margin: 0 0 .8rem; border-bottom: 1px solid #ddd; }
          .date { color: #595959; font-size: .9rem; }
          .title { font-size: 1.1rem; font-weight: 600; }
          .summary { margin: .3rem 0 0; }
        </style>
      </head>
      <body>
        <main>
          <p><a href="{$site}">← Zur Website</a></p>
          <h1><xsl:value-of select="$title"/></h1>
          <p><xsl:value-of select="$description"/></p>
          <section class="about" aria-labelledby="about-heading">
            <h2 id="about-heading">Was ist das? Ein Newsfeed</h2>
            <p>
              Diese Seite ist ein Newsfeed (<xsl:choose><xsl:when test="$is-atom">Atom</xsl:when><xsl:otherwise>RSS</xsl:otherwise></xsl:choose>):
              die neuesten Beiträge in einem Format, das Feedreader-Apps verstehen. Wenn du den Feed
              abonnierst, zeigt dir dein Feedreader jeden neuen Beitrag von selbst an – ohne dass du
              die Website besuchen musst, ohne Anmeldung und ohne dass wir erfahren, wer mitliest.
            </p>
            <p><strong>So abonnierst du den Feed:</strong></p>
            <ol>
              <li>Kopiere diese Adresse:
                <code class="address"><xsl:value-of select="$self"/></code>
              </li>
              <li>Öffne deinen Feedreader und füge die Adresse dort ein, meist unter
                „Feed hinzufügen“ oder „Abonnieren“.</li>
            </ol>
            <p>
              Feedreader gibt es als App für Smartphone und Computer, viele davon kostenlos.
              Auch manche E-Mail-Programme, etwa Thunderbird, können Feeds abonnieren.
            </p>
          </section>
          <h2>Die neuesten Beiträge</h2>
          <ol class="items">
            <xsl:apply-templates select="rss/channel/item | atom:feed/atom:entry"/>
          </ol>
        </main>
      </body>
    </html>
  </xsl:template>

  <xsl:template match="item">
    <li>
      <div class="date">
        <xsl:call-template name="german-date">
          <xsl:with-param name="day" select="substring(pubDate, 6, 2)"/>
          <xsl:with-param name="month" select="string-length(substring-before('JanFebMarAprMayJunJulAugSepOctNovDec', substring(pubDate, 9, 3))) div 3 + 1"/>
          <xsl:with-param name="year" select="substring(pubDate, 13, 4)"/>
        </xsl:call-template>
      </div>
      <a class="title" href="{link}"><xsl:value-of select="title"/></a>
      <p class="summary"><xsl:value-of select="description"/></p>
    </li>
  </xsl:template>

  <xsl:template match="atom:entry">
    <li>
      <div class="date">
        <xsl:call-template name="german-date">
          <xsl:with-param name="day" select="substring(atom:published, 9, 2)"/>
          <xsl:with-param name="month" select="number(substring(atom:published, 6, 2))"/>
          <xsl:with-param name="year" select="substring(atom:published, 1, 4)"/>
        </xsl:call-template>
      </div>
      <a class="title" href="{atom:link[not(@rel) or @rel='alternate']/@href}"><xsl:value-of select="atom:title"/></a>
      <p class="summary"><xsl:value-of select="atom:summary"/></p>
    </li>
  </xsl:template>

  <!-- "23. Januar 2024" from day, month number and year. -->
  <xsl:template name="german-date">
    <xsl:param name="day"/>
    <xsl:param name="month"/>
    <xsl:param name="year"/>
    <xsl:value-of select="number($day)"/>
    <xsl:text>. </xsl:text>
    <xsl:choose>
      <xsl:when test="$month = 1">Januar</xsl:when>
      <xsl:when test="$month = 2">Februar</xsl:when>
      <xsl:when test="$month = 3">März</xsl:when>
      <xsl:when test="$month = 4">April</xsl:when>
      <xsl:when test="$month = 5">Mai</xsl:when>
      <xsl:when test="$month = 6">Juni</xsl:when>
      <xsl:when test="$month = 7">Juli</xsl:when>
      <xsl:when test="$month = 8">August</xsl:when>
      <xsl:when test="$month = 9">September</xsl:when>
      <xsl:when test="$month = 10">Oktober</xsl:when>
      <xsl:when test="$month = 11">November</xsl:when>
      <xsl:when test="$month = 12">Dezember</xsl:when>
    </xsl:choose>
    <xsl:text> </xsl:text>
    <xsl:value-of select="$year"/>
  </xsl:template>
</xsl:stylesheet>
