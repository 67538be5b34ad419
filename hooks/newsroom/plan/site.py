"""The whole site as a plan: from validated content to everything a front end builds.

`plan_site` is the single entry point of the core: it applies the audience filter
once and hands the filtered content to every section (news, calendar, …). Front ends
(the MkDocs hooks, the check command, tests) call it and never filter on their own.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from . import agenda, attachments, eventcards, events, links, news, notice_tags, occurrences, photos, redirects, subscribe

from ..write import feeds, ics, robots
from .audience import for_audience, is_member_docs_path
from ..model import Audience, Content
from ..pages import PagePlan
from ..settings import Settings
from ..read.photo_files import PhotoFile


@dataclass(frozen=True)
class SitePlan:
    settings: Settings
    content: Content  # already filtered for settings.audience
    pages: tuple[PagePlan, ...]
    # Standing pages of docs/: src_uri -> the Markdown file as the build must see it
    # (front matter as written, member passages cut, links rewritten).
    standing: dict[str, str]
    # Data every template may read (home page lists, feed URLs, …).
    shared: dict[str, Any] = field(default_factory=dict)
    # Other output files known before rendering (ICS, robots.txt, …): path -> bytes.
    files: dict[str, bytes] = field(default_factory=dict)
    # Published image files (plan/photos.py), made by the front end from the photos.
    renditions: tuple[photos.Rendition, ...] = ()
    # Files of bulletins/ that this audience's texts link (plan/attachments.py):
    # docs-relative src_uri -> project path; the front end copies them.
    attachments: dict[str, str] = field(default_factory=dict)


def source_pages(content: Content, docs_prefix: str = "docs") -> dict[str, str]:
    """Project path of each source -> the docs-relative src_uri it is built at."""
    mapping = {b.source.path: news.bulletin_src_uri(b) for b in content.bulletins}
    mapping.update({e.source.path: events.notice_src_uri(e) for e in content.notices})
    mapping.update({f"{docs_prefix}/{p.src_uri}": p.src_uri for p in content.pages})
    return mapping


def plan_site(
    content: Content, settings: Settings, photo_files: dict[str, PhotoFile] | None = None,
    attachment_paths: dict[str, str] | None = None,
) -> SitePlan:
    visible = for_audience(content, settings.audience, include_drafts=settings.include_drafts, now=settings.now)
    # Links to pages and to attached files are rewritten alike, relative to the built page.
    targets = {**(attachment_paths or {}), **source_pages(visible)}
    # Fail closed: a photo of docs/mitglieder/ never gets a public file, whatever links it.
    placed = _PhotoPlacer({
        path: photo for path, photo in (photo_files or {}).items()
        if settings.audience is Audience.MEMBERS or not is_member_docs_path(photo.path.removeprefix("docs/"))
    })

    bodies = {
        b.key: placed(links.rewrite(b.body, b.source.path, news.bulletin_src_uri(b), targets), b.source.path, news.bulletin_src_uri(b), b.image, b.key)
        for b in visible.bulletins
    }
    notice_bodies = {
        e.key: placed(links.rewrite(e.body, e.source.path, events.notice_src_uri(e), targets), e.source.path, events.notice_src_uri(e), e.image, e.key)
        for e in visible.notices
    }
    event_cards = eventcards.cards(visible)  # made once, shared by every calendar view
    # The calendar lists each occurrence of a recurring date (plan/occurrences.py).
    listing = occurrences.listed(visible, settings.now)
    if listing is not visible:
        event_cards = {**eventcards.cards(listing), **event_cards}
    pages = news.plan(visible, settings, bodies) + events.plan(visible, settings, notice_bodies, event_cards)
    pages = events.with_bulletin_events(pages, visible, event_cards) + agenda.plan(listing, settings, event_cards)
    pages += redirects.plan(visible)
    pages = notice_tags.with_notice_tags(pages, visible, event_cards) + [subscribe.plan(visible, settings)]
    standing = {}
    for page in visible.pages:
        path = page.source.path
        body = placed(links.rewrite(page.body, page.source.path, page.src_uri, targets), path, page.src_uri, None, None)
        standing[page.src_uri] = _standing_file(page.front_matter, body)
    shared = {
        "latest": news.latest(visible, settings),
        "next_dates": agenda.next_dates(listing, settings, event_cards),
        "feeds": feeds.links(visible),
        # Lead photos by bulletin/notice key (cards, feeds) and share images by page src_uri.
        "lead_photos": placed.leads,
        "share_images": {src: lead.share for src, lead in placed.leads_by_page.items()},
        "default_share": photos.default_rendition(),
    }
    files = {**ics.files(visible, settings, event_cards), robots.PATH: robots.robots_txt(settings)}
    renditions = (*placed.renditions, photos.default_rendition())
    # Only what the filtered texts link: a file linked only in member text stays out.
    texts = [(item.source.path, item.body) for item in (*visible.bulletins, *visible.notices, *visible.pages)]
    attached = attachments.published(texts, attachment_paths or {})
    return SitePlan(settings, visible, tuple(pages), standing, shared, files, tuple(dict.fromkeys(renditions)), attached)


class _PhotoPlacer:
    """Places the photos of each visible text and remembers what they need."""

    def __init__(self, photo_files: dict[str, PhotoFile]):
        self.photo_files = photo_files
        self.renditions: list[photos.Rendition] = []
        self.leads: dict[str, photos.Lead] = {}
        self.leads_by_page: dict[str, photos.Lead] = {}

    def __call__(self, text: str, path: str, src_uri: str, image: str | None, key: str | None) -> str:
        lead_path = photos.lead_path(path, image)
        result = photos.place(text, path, src_uri, self.photo_files, lead_path)
        self.renditions += result.used
        if result.lead is not None:
            self.leads_by_page[src_uri] = result.lead
            if key is not None:
                self.leads[key] = result.lead
        return result.markdown


def _standing_file(front_matter: str, body: str) -> str:
    if not front_matter.strip():
        return body
    return f"---\n{front_matter}\n---\n{body}"
