"""Topics of event notices: shown on the notice's page, and the notices listed on
their topic's page ("Thema: …").

Topic pages exist for the tags of bulletins (news.tag_index); a notice's tag that no
bulletin carries is shown on its page as plain text, without a link.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from .eventcards import CardIndex, EventCard, cards, chronological
from .events import notice_src_uri
from .news import tag_index
from ..model import Content, Event
from ..pages import PagePlan, TagRef
from ..slugs import slugify


@dataclass(frozen=True)
class NoticeTag:
    name: str
    url: str | None  # the topic page, if there is one


def topic_of(name: str, refs: dict[str, TagRef]) -> TagRef | None:
    """The topic a tag name belongs to, matched like bulletins' tags are: by its slug
    ("stadtvorstand" is the topic "Stadtvorstand")."""
    by_slug = {ref.slug: ref for ref in refs.values()}
    return by_slug.get(slugify(name) or "thema")


def notice_tags(event: Event, refs: dict[str, TagRef]) -> tuple[NoticeTag, ...]:
    """The notice's tags in its order, each once, linked where a topic page exists."""
    shown: dict[str, NoticeTag] = {}
    for name in event.tags:
        ref = topic_of(name, refs)
        tag = NoticeTag(ref.name, ref.url) if ref else NoticeTag(name, None)
        shown.setdefault(tag.name, tag)
    return tuple(shown.values())


def notices_by_topic(content: Content, refs: dict[str, TagRef], card_of: CardIndex) -> dict[str, tuple[EventCard, ...]]:
    """Topic slug -> the cards of its notices, the latest first."""
    by_slug: dict[str, list[EventCard]] = {}
    for event in reversed(chronological(content.notices)):
        topics = (topic_of(name, refs) for name in event.tags)
        for slug in dict.fromkeys(ref.slug for ref in topics if ref is not None):
            by_slug.setdefault(slug, []).append(card_of[event.key])
    return {slug: tuple(found) for slug, found in by_slug.items()}


def with_notice_tags(pages: list[PagePlan], content: Content, card_of: CardIndex | None = None) -> list[PagePlan]:
    """Notice pages get `plan.tags`; the first page of each topic gets `plan.notices`."""
    card_of = card_of or cards(content)
    refs = tag_index(content.bulletins)
    tagged = {notice_src_uri(e): notice_tags(e, refs) for e in content.notices if e.tags}
    listed = notices_by_topic(content, refs, card_of)
    result = []
    for page in pages:
        if page.src_uri in tagged:
            page = replace(page, context={**page.context, "tags": tagged[page.src_uri]})
        topic = page.context.get("tag")
        pagination = page.context.get("pagination")
        if isinstance(topic, TagRef) and topic.slug in listed and (pagination is None or pagination.current == 1):
            page = replace(page, context={**page.context, "notices": listed[topic.slug]})
        result.append(page)
    return result


__all__ = ["NoticeTag", "notice_tags", "notices_by_topic", "with_notice_tags"]
