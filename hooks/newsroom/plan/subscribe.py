"""The page "Abonnieren": every way to follow the site (RSS, Atom, topic feeds, the
calendar) with how-tos; the footer and the feed links lead here."""

from __future__ import annotations

from dataclasses import dataclass

from . import news
from .agenda import feed_links
from ..model import Content
from ..pages import PagePlan, url_of
from ..settings import Settings
from ..write import feeds

SRC_URI = "abonnieren.md"
URL = url_of(SRC_URI)


@dataclass(frozen=True)
class TopicFeed:
    name: str
    page: str  # the topic page, site-relative
    feed: str  # its RSS feed, site-relative


def topic_feeds(content: Content) -> tuple[TopicFeed, ...]:
    links = feeds.links(content)
    refs = {ref.slug: ref for ref in news.tag_index(content.bulletins).values()}
    return tuple(
        TopicFeed(refs[slug].name, refs[slug].url, path)
        for slug, path in sorted(links.tags.items(), key=lambda item: refs[item[0]].name.lower())
    )


def plan(content: Content, settings: Settings) -> PagePlan:
    return PagePlan(
        src_uri=SRC_URI,
        title="Abonnieren",
        template="subscribe.html",
        description="Neuigkeiten und Termine abonnieren: Newsfeeds (RSS, Atom), Themen-Feeds und der Kalender.",
        meta={"hide": ["toc"]},
        context={"kind": "subscribe", "feed": feed_links(settings), "topics": topic_feeds(content)},
    )
