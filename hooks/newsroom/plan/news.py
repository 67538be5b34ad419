"""The news section: bulletin pages, "Aktuelles" with pagination, year archive, tags.

Pure: content and settings in, page plans out. Each bulletin's card is made once and
shared by every list it appears in, so the work grows linearly with the bulletins.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from .. import dates
from ..model import Audience, Bulletin, Content
from ..pages import PagePlan, TagRef, paginate, url_of
from ..settings import Settings
from ..slugs import slugify
from .summary import teaser

SECTION = "aktuelles"
SECTION_TITLE = "Aktuelles"
TAGS_FOLDER = f"{SECTION}/themen"
# Topics beside every list: the most used ones, so the aside does not grow with the
# number of topics; all of them are on the topics page.
TOP_TAGS = 12
LIST_TEMPLATE = "news-list.html"
ARCHIVE_TEMPLATE = "news-archive.html"  # a year or a topic: titles and dates, many per page


@dataclass(frozen=True)
class Card:
    """A bulletin as lists show it."""

    key: str
    title: str
    url: str
    date_iso: str
    date_label: str
    summary: str
    tags: tuple[TagRef, ...]
    members_only: bool
    draft: bool
    planned: bool = False  # `mkdocs serve` only: its date lies ahead (plan/schedule.py)


def bulletin_src_uri(bulletin: Bulletin) -> str:
    return f"{SECTION}/{bulletin.key}.md"


def tag_index(bulletins: tuple[Bulletin, ...]) -> dict[str, TagRef]:
    """Tag name -> TagRef. Names that slug alike ("Kommunalwahl", "kommunalwahl") are one
    tag, shown under the variant that sorts first, so the choice is deterministic."""
    by_slug: dict[str, set[str]] = defaultdict(set)
    for bulletin in bulletins:
        for name in bulletin.tags:
            by_slug[slugify(name) or "thema"].add(name)
    index = {}
    for slug, names in by_slug.items():
        ref = TagRef(min(names), slug, url_of(f"{TAGS_FOLDER}/{slug}/index.md"))
        for name in names:
            index[name] = ref
    return index


def cards(content: Content, tags: dict[str, TagRef]) -> dict[str, Card]:
    return {
        b.key: Card(
            key=b.key,
            title=b.title,
            url=url_of(bulletin_src_uri(b)),
            date_iso=dates.iso(b.date),
            date_label=dates.german_date(b.date),
            summary=teaser(b.summary, b.body),
            tags=tuple(dict.fromkeys(tags[name] for name in b.tags)),
            members_only=b.audience is Audience.MEMBERS,
            draft=b.draft,
            planned=b.planned,
        )
        for b in content.bulletins
    }


def plan(content: Content, settings: Settings, bodies: dict[str, str]) -> list[PagePlan]:
    """Every page of the news section. `bodies`: bulletin key -> Markdown to render."""
    tags = tag_index(content.bulletins)
    card_of = cards(content, tags)
    ordered = [card_of[b.key] for b in content.bulletins]  # newest first
    # Each list's cards in one pass over the bulletins, not one pass per year or tag.
    by_year: dict[int, list[Card]] = defaultdict(list)
    by_tag: dict[TagRef, list[Card]] = defaultdict(list)
    for bulletin, card in zip(content.bulletins, ordered):
        by_year[bulletin.year].append(card)
        for ref in card.tags:
            by_tag[ref].append(card)
    years = tuple((year, len(by_year[year]), url_of(f"{SECTION}/{year}/index.md")) for year in sorted(by_year, reverse=True))
    tag_list = tuple(
        sorted(((ref, len(cards)) for ref, cards in by_tag.items()), key=lambda item: (item[0].name.lower(), item[0].slug))
    )
    plans: list[PagePlan] = []

    for position, bulletin in enumerate(content.bulletins):
        card = card_of[bulletin.key]
        newer = ordered[position - 1] if position > 0 else None
        older = ordered[position + 1] if position + 1 < len(ordered) else None
        plans.append(
            PagePlan(
                src_uri=bulletin_src_uri(bulletin),
                title=bulletin.title,
                template="bulletin.html",
                markdown=bodies[bulletin.key],
                description=card.summary,
                context={
                    "kind": "bulletin",
                    "card": card,
                    "authors": bulletin.authors,
                    "newer": newer,
                    "older": older,
                    "og_type": "article",
                    "published": card.date_iso,
                },
            )
        )

    common = {"years": years, "tags": tag_list, "top_tags": _top_tags(tag_list)}
    streamed = ordered[: settings.page_size * settings.list_pages]
    plans += _listing(SECTION, SECTION_TITLE, streamed, settings.page_size, {**common, "more_in_archive": len(streamed) < len(ordered)})
    for year, _, _ in years:
        plans += _listing(
            f"{SECTION}/{year}", f"{SECTION_TITLE} {year}", by_year[year], settings.archive_page_size, common, _by_month
        )
    plans.append(
        PagePlan(
            src_uri=f"{TAGS_FOLDER}/index.md",
            title="Themen",
            template="tags.html",
            in_search=False,
            context={"kind": "tags", **common},
        )
    )
    for ref, _count in tag_list:
        plans += _listing(
            f"{TAGS_FOLDER}/{ref.slug}", f"Thema: {ref.name}", by_tag[ref], settings.archive_page_size,
            {**common, "tag": ref}, _by_year,
        )
    return plans


Grouping = Callable[[Sequence[Card]], tuple[tuple[str, tuple[Card, ...]], ...]]


def _listing(base: str, title: str, items: list[Card], size: int, extra: dict, grouped: Grouping | None = None) -> list[PagePlan]:
    """Pages of cards (news-list.html), or with `grouped` of titles under headings (news-archive.html)."""
    plans = []
    for src_uri, page_items, pagination in paginate(base, items, size):
        page_title = title if pagination.current == 1 else f"{title} – Seite {pagination.current}"
        context = {"kind": "list", "heading": title, "cards": tuple(page_items), "pagination": pagination, **extra}
        if grouped is not None:
            context["groups"] = grouped(page_items)
        plans.append(
            PagePlan(
                src_uri=src_uri,
                title=page_title,
                template=LIST_TEMPLATE if grouped is None else ARCHIVE_TEMPLATE,
                in_search=False,  # each bulletin is found once, on its own page
                context=context,
            )
        )
    return plans


def _grouped(items: Sequence[Card], label: Callable[[Card], str]) -> tuple[tuple[str, tuple[Card, ...]], ...]:
    """(label, cards), … in the order of `items` (newest first)."""
    groups: dict[str, list[Card]] = {}
    for card in items:
        groups.setdefault(label(card), []).append(card)
    return tuple((name, tuple(cards)) for name, cards in groups.items())


def _by_month(items: Sequence[Card]) -> tuple[tuple[str, tuple[Card, ...]], ...]:
    """("Januar 2024", cards), …: a year's archive."""
    return _grouped(items, lambda card: dates.german_month(dt.date.fromisoformat(card.date_iso[:10])))


def _by_year(items: Sequence[Card]) -> tuple[tuple[str, tuple[Card, ...]], ...]:
    """("2024", cards), …: a topic's list."""
    return _grouped(items, lambda card: card.date_iso[:4])


def _top_tags(tag_list: tuple[tuple[TagRef, int], ...]) -> tuple[tuple[TagRef, int], ...]:
    """The TOP_TAGS most used topics, in the topics' order (by name)."""
    chosen = set(sorted(tag_list, key=lambda item: -item[1])[:TOP_TAGS])
    return tuple(item for item in tag_list if item in chosen)


def latest(content: Content, settings: Settings) -> tuple[Card, ...]:
    """The newest bulletins for the home page."""
    tags = tag_index(content.bulletins)
    chosen = content.bulletins[: settings.home_count]
    card_of = cards(Content(chosen), tags)
    return tuple(card_of[b.key] for b in chosen)
