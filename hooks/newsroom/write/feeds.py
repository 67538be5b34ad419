"""News feeds: RSS 2.0 and Atom of the newest items, and one RSS feed per topic.

Pure: the filtered content (`SitePlan.content`, so nothing the audience may not see
can get in), the settings and the HTML MkDocs rendered for each page in; file path ->
bytes out. The item text is the rendered page, not the Markdown read again with
fewer extensions, so a feed shows what the page shows. Made with feedgen.

Decisions (see README, "News feeds"):
- Times are Berlin wall-clock times with their offset (+0100/+0200). A day-only date
  is published at 12:00: midday keeps the editor's calendar day for readers that show
  the time in UTC or in another European or American time zone.
- `guid`/Atom `id` is a tag: URI (RFC 4151) of the site's host, the key's year and the
  item's section and key, e.g. `tag:www.example.org,2024:aktuelles/2024/slug`. Unlike
  the page URL it survives a move to https or into a sub-folder, and it never depends
  on the title, date or text, so edits do not make readers show an item twice.
- Channel `pubDate`/`lastBuildDate` and Atom `updated` are the newest item's date;
  a feed without items uses `Settings.now` (SOURCE_DATE_EPOCH), never the clock.
- Event notices are items of the news feeds (RSS and Atom), dated by their
  announcement (`date`), else by their start, led by a line with day, time and place.
  A bulletin's item lists the public dates of its `events` below its text. The topic
  feeds list what the topic's page lists: bulletins.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
from dataclasses import dataclass
from typing import Callable, Mapping
from urllib.parse import urlsplit

from feedgen.feed import FeedGenerator
from lxml import etree

from .. import dates

from ..plan import events, news, occurrences
from .feed_html import for_feed
from ..model import BERLIN, Bulletin, Content, Event, EventStatus, When
from ..pages import TagRef, url_of
from ..settings import Settings
from ..plan.summary import teaser
from ..plan.notice_tags import topic_of

FOLDER = "feeds"
RSS_PATH = f"{FOLDER}/rss.xml"
ATOM_PATH = f"{FOLDER}/atom.xml"
# A static file (docs/feeds/feed.css): browsers show a feed with it as readable XML
# that points to the page "Abonnieren". No XSLT: Chromium is removing it.
STYLESHEET_PATH = f"{FOLDER}/feed.css"
PUBLISHED_AT = dt.time(12, 0)  # the time of a day-only date
LANGUAGE = "de-DE"
NAMESPACES = {"atom": "http://www.w3.org/2005/Atom", "content": "http://purl.org/rss/1.0/modules/content/"}
HTML_ELEMENTS = "//content:encoded | //atom:content[@type='html']"
MEDIA_TYPES = {"rss": "application/rss+xml", "atom": "application/atom+xml"}
EVENT_STATUS_NOTE = {EventStatus.SCHEDULED: "", EventStatus.CANCELLED: " (abgesagt)", EventStatus.POSTPONED: " (verschoben)"}
# Characters XML 1.0 forbids (C0 controls but tab/newline/CR, lone surrogates,
# U+FFFE/U+FFFF): lxml refuses them, so they are dropped from every text.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


@dataclass(frozen=True)
class FeedItem:
    """A bulletin or event notice as feeds show it."""

    guid: str
    src_uri: str  # the page whose rendered HTML is the item's text
    url: str  # absolute
    title: str
    published: dt.datetime  # aware, Berlin
    summary: str  # plain text
    authors: tuple[str, ...]
    categories: tuple[str, ...]
    tag_slugs: frozenset[str]  # topic feeds the item belongs to
    lead: str | None = None  # event notices: when, where, status, shown above the text
    dates: tuple[str, ...] = ()  # bulletins: the dates of their `events` list, below the text


@dataclass(frozen=True)
class Feed:
    path: str  # site-relative output path
    kind: str  # "rss" or "atom"
    title: str
    description: str
    page: str  # site-relative URL of the page the feed follows
    items: tuple[FeedItem, ...]


@dataclass(frozen=True)
class FeedLinks:
    """Site-relative feed paths for templates (head links, "RSS" links)."""

    rss: str
    atom: str
    tags: dict[str, str]  # tag slug -> its RSS feed


def tag_feed_path(slug: str) -> str:
    return f"{FOLDER}/themen/{slug}.xml"


def publication_time(value: When) -> dt.datetime:
    """A day or Berlin moment as the aware Berlin datetime feeds give it."""
    if isinstance(value, dt.datetime):
        return value.astimezone(BERLIN)
    return dt.datetime.combine(value, PUBLISHED_AT, tzinfo=BERLIN)


def guid(settings: Settings, section: str, key: str) -> str:
    host = urlsplit(settings.site_url).hostname or "localhost"
    year = key.split("/", 1)[0]
    return f"tag:{host},{year}:{section}/{key}"


def event_line(event: Event, name: str = "Termin") -> str:
    """`Termin (abgesagt): Sa., 5. Dezember 2026, 11:00 Uhr · Marktplatz · online`."""
    when = dates.german_weekday_date(event.start)
    if isinstance(event.start, dt.datetime):
        when += ", " + dates.german_time(event.start)
    if event.repeat is not None:  # a recurring date: its rule, from the first date on
        when = f"{occurrences.rule_text(event)} (ab {dates.german_weekday_date(event.start)})"
    parts = [f"{name}{EVENT_STATUS_NOTE[event.status]}: {when}"]
    if event.location:
        parts.append(event.location)
    if event.online:
        parts.append("online")
    return " · ".join(parts)


def items(content: Content, settings: Settings) -> tuple[FeedItem, ...]:
    """Every bulletin and event notice of `content`, newest first."""
    tags = news.tag_index(content.bulletins)
    cards = news.cards(content, tags)
    found = [_bulletin_item(b, cards[b.key], settings) for b in content.bulletins]
    found += [_notice_item(e, settings, tags) for e in content.notices]
    return tuple(sorted(found, key=lambda item: (item.published, item.guid), reverse=True))


def _bulletin_item(bulletin: Bulletin, card: news.Card, settings: Settings) -> FeedItem:
    return FeedItem(
        guid=guid(settings, news.SECTION, bulletin.key),
        src_uri=news.bulletin_src_uri(bulletin),
        url=settings.absolute(card.url),
        title=bulletin.title,
        published=publication_time(bulletin.date),
        summary=card.summary,
        authors=bulletin.authors,
        categories=tuple(tag.name for tag in card.tags),
        tag_slugs=frozenset(tag.slug for tag in card.tags),
        dates=tuple(event_line(event, event.title) for event in bulletin.events),
    )


def _notice_item(event: Event, settings: Settings, refs: dict[str, TagRef]) -> FeedItem:
    """`refs`: tag name -> topic (news.tag_index): a notice is in the feeds of its topics."""
    src_uri = events.notice_src_uri(event)
    lead = event_line(event)
    return FeedItem(
        guid=guid(settings, events.SECTION, event.key),
        src_uri=src_uri,
        url=settings.absolute(url_of(src_uri)),
        title=event.title,
        published=publication_time(event.announced or event.start),
        summary=f"{lead} – {teaser(event.summary, event.body)}",
        authors=(),
        categories=tuple(dict.fromkeys(event.tags)),
        tag_slugs=frozenset(ref.slug for ref in (topic_of(name, refs) for name in event.tags) if ref),
        lead=lead,
    )


def plan(content: Content, settings: Settings) -> tuple[Feed, ...]:
    """Every feed of the site with its items (`feed_items`, per topic `topic_feed_items`)."""
    every = items(content, settings)
    count = settings.feed_items
    # A topic's feed changes less often than the main feeds, and there are many of them.
    topic_count = min(settings.topic_feed_items, count)
    name = settings.site_name
    description = f"Neuigkeiten, Berichte und Termine – {name}"
    feeds = [
        Feed(RSS_PATH, "rss", name, description, url_of(f"{news.SECTION}/index.md"), every[:count]),
        Feed(ATOM_PATH, "atom", name, description, url_of(f"{news.SECTION}/index.md"), every[:count]),
    ]
    for tag in _tag_refs(content):
        tagged = tuple(item for item in every if tag.slug in item.tag_slugs)
        feeds.append(
            Feed(
                tag_feed_path(tag.slug), "rss", f"{name} – Thema: {tag.name}",
                f"Beiträge zum Thema „{tag.name}“ – {name}", tag.url, tagged[:topic_count],
            )
        )
    return tuple(feeds)


def _tag_refs(content: Content) -> list[TagRef]:
    unique = {ref.slug: ref for ref in news.tag_index(content.bulletins).values()}
    return [unique[slug] for slug in sorted(unique)]


def links(content: Content) -> FeedLinks:
    return FeedLinks(RSS_PATH, ATOM_PATH, {tag.slug: tag_feed_path(tag.slug) for tag in _tag_refs(content)})


def paths(content: Content) -> tuple[str, ...]:
    """The output files `build` will return, known before any page is rendered."""
    found = links(content)
    return (found.rss, found.atom, *found.tags.values())


def build(
    content: Content, settings: Settings, rendered: Mapping[str, str], images: Mapping[str, tuple[str, int]] | None = None
) -> dict[str, bytes]:
    """Feed path -> XML. `rendered`: src_uri -> the HTML MkDocs made of that page.

    `images`: src_uri -> (site path, bytes) of the item's lead photo, sent as an enclosure
    (RSS) or `rel="enclosure"` link (Atom) so feed readers show it beside the item.
    """
    images = images or {}
    item_html: dict[str, str] = {}  # an item is in several feeds; its HTML is made once

    def html_of(item: FeedItem) -> str:
        if item.guid not in item_html:
            item_html[item.guid] = for_feed(rendered[item.src_uri], item.url, lead=item.lead, dates=item.dates)
        return item_html[item.guid]

    def image_of(item: FeedItem) -> tuple[str, int] | None:
        found = images.get(item.src_uri)
        return (settings.absolute(found[0]), found[1]) if found else None

    return {feed.path: render(feed, settings, html_of, image_of) for feed in plan(content, settings)}


def render(
    feed: Feed, settings: Settings, html_of: Callable[[FeedItem], str],
    image_of: Callable[[FeedItem], tuple[str, int] | None] = lambda item: None,
) -> bytes:
    generator = FeedGenerator()
    generator.load_extension("dc", atom=False, rss=True)  # dc:creator in RSS; Atom has <author>
    self_url = settings.absolute(feed.path)
    generator.id(self_url)
    generator.title(_xml_text(feed.title))
    generator.description(_xml_text(feed.description))
    generator.link(href=self_url, rel="self", type=MEDIA_TYPES[feed.kind])
    generator.link(href=settings.absolute(feed.page), rel="alternate")  # the last link is RSS's <link>
    generator.language(LANGUAGE)
    # Atom needs an author for entries without one; RSS only takes e-mail addresses there.
    generator.author(name=_xml_text(settings.site_name))
    newest = feed.items[0].published if feed.items else settings.now.astimezone(BERLIN)
    generator.updated(newest)
    generator.pubDate(newest)
    generator.lastBuildDate(newest)
    for item in feed.items:
        # RSS only: feedgen 1.0 writes Atom links without their `rel`, so an enclosure
        # there would read as a second alternate link. Atom content carries the images.
        _add_entry(generator, item, html_of(item), image_of(item) if feed.kind == "rss" else None)
    xml = generator.rss_str(pretty=True) if feed.kind == "rss" else generator.atom_str(pretty=True)
    return _finish(xml, posixpath.relpath(STYLESHEET_PATH, posixpath.dirname(feed.path)))


def _add_entry(generator: FeedGenerator, item: FeedItem, html: str, image: tuple[str, int] | None = None) -> None:
    entry = generator.add_entry(order="append")
    entry.guid(item.guid, permalink=False)
    entry.title(_xml_text(item.title))
    entry.link(href=item.url, rel="alternate")
    entry.published(item.published)
    entry.updated(item.published)
    entry.content(_xml_text(html), type="html")
    entry.summary(_xml_text(item.summary or item.title), type="text")  # also the RSS description
    for author in item.authors:
        entry.author(name=_xml_text(author))
        entry.dc.dc_creator(_xml_text(author))
    for category in item.categories:
        entry.category(term=_xml_text(category))
    if image:
        entry.enclosure(url=image[0], length=str(image[1]), type="image/jpeg")


def _xml_text(text: str) -> str:
    return _NOT_XML.sub("", text)


def _finish(xml: bytes, stylesheet: str) -> bytes:
    """feedgen's XML with the item HTML in CDATA sections and an `<?xml-stylesheet?>`.

    CDATA keeps the HTML readable in the file and escaped once, not `&amp;amp;`; the
    CSS stylesheet makes browsers show the XML readably, with a pointer to "Abonnieren".
    """
    root = etree.fromstring(xml, etree.XMLParser(resolve_entities=False, no_network=True))
    for element in root.xpath(HTML_ELEMENTS, namespaces=NAMESPACES):
        if element.text and "]]>" not in element.text:  # "]]>" cannot be inside CDATA
            element.text = etree.CDATA(element.text)
    root.addprevious(etree.ProcessingInstruction("xml-stylesheet", f'type="text/css" href="{stylesheet}"'))
    return etree.tostring(root.getroottree(), xml_declaration=True, encoding="UTF-8", pretty_print=True)
