"""The one filter that decides what an audience sees.

Applied once, right after loading and before anything is generated: every page,
list, feed, calendar and index is made from its result, so nothing downstream needs
to (or can) make that decision again. Member passages are cut here too.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from ..model import Audience, Bulletin, Content, Event, StandingPage
from ..read.passages import cut
from .schedule import is_planned

# Everything under docs/mitglieder/ is member-only, whatever its kind (pages, images,
# PDFs). Compared case-insensitively: `docs/Mitglieder/` must not become public.
MEMBER_DOCS_FOLDER = "mitglieder"


def is_member_docs_path(src_uri: str) -> bool:
    """Whether a docs-relative path lies in the member folder."""
    return src_uri.lstrip("/").split("/", 1)[0].lower() == MEMBER_DOCS_FOLDER


def keeps_docs_file(src_uri: str, audience: Audience) -> bool:
    """Whether a file of docs/ that is not a page (image, PDF, …) goes into the build."""
    return audience is Audience.MEMBERS or not is_member_docs_path(src_uri)


def visible(audience_of_item: Audience, audience: Audience) -> bool:
    return audience is Audience.MEMBERS or audience_of_item is Audience.PUBLIC


def for_audience(
    content: Content, audience: Audience, *, include_drafts: bool = False, now: dt.datetime | None = None,
) -> Content:
    """What `audience` sees. Drafts and planned items (`date` after `now`) only with
    `include_drafts` (`mkdocs serve`), then marked `planned`; `now=None` plans nothing."""

    def keep(item) -> bool:
        return visible(item.audience, audience) and (include_drafts or not (item.draft or is_planned(item, now)))

    bulletins = tuple(_bulletin(b, audience, now) for b in content.bulletins if keep(b))
    notices = tuple(_notice(e, audience, now) for e in content.notices if keep(e))
    pages = tuple(_page(p, audience) for p in content.pages if visible(p.audience, audience))
    return Content(bulletins, notices, pages, content.ignored)


def _bulletin(bulletin: Bulletin, audience: Audience, now: dt.datetime | None) -> Bulletin:
    planned = is_planned(bulletin, now)
    events = tuple(replace(e, planned=planned) for e in bulletin.events if visible(e.audience, audience))
    return replace(bulletin, body=cut(bulletin.body, audience), events=events, planned=planned)


def _notice(event: Event, audience: Audience, now: dt.datetime | None) -> Event:
    return replace(event, body=cut(event.body, audience), planned=is_planned(event, now))


def _page(page: StandingPage, audience: Audience) -> StandingPage:
    return replace(page, body=cut(page.body, audience))
