"""The one filter that decides what an audience sees.

Applied once, right after loading and before anything is generated: every page,
list, feed, calendar and index is made from its result, so nothing downstream needs
to (or can) make that decision again. Member passages are cut here too.
"""

from __future__ import annotations

from dataclasses import replace

from .model import Audience, Bulletin, Content, Event, StandingPage
from .passages import cut


def visible(audience_of_item: Audience, audience: Audience) -> bool:
    return audience is Audience.MEMBERS or audience_of_item is Audience.PUBLIC


def for_audience(content: Content, audience: Audience, *, include_drafts: bool = False) -> Content:
    def keep(item) -> bool:
        return visible(item.audience, audience) and (include_drafts or not item.draft)

    bulletins = tuple(_bulletin(b, audience) for b in content.bulletins if keep(b))
    notices = tuple(_notice(e, audience) for e in content.notices if keep(e))
    pages = tuple(_page(p, audience) for p in content.pages if visible(p.audience, audience))
    return Content(bulletins, notices, pages, content.ignored)


def _bulletin(bulletin: Bulletin, audience: Audience) -> Bulletin:
    events = tuple(e for e in bulletin.events if visible(e.audience, audience))
    return replace(bulletin, body=cut(bulletin.body, audience), events=events)


def _notice(event: Event, audience: Audience) -> Event:
    return replace(event, body=cut(event.body, audience))


def _page(page: StandingPage, audience: Audience) -> StandingPage:
    return replace(page, body=cut(page.body, audience))
