"""Event notices' own pages (the calendar section builds on these)."""

from __future__ import annotations

from . import dates
from .model import Audience, Content, Event
from .pages import PagePlan
from .settings import Settings
from .summary import teaser

SECTION = "termine"


def notice_src_uri(event: Event) -> str:
    return f"{SECTION}/{event.key}.md"


def plan(content: Content, settings: Settings, bodies: dict[str, str]) -> list[PagePlan]:
    plans = []
    for event in content.notices:
        plans.append(
            PagePlan(
                src_uri=notice_src_uri(event),
                title=event.title,
                template="event.html",
                markdown=bodies[event.key],
                description=teaser(event.summary, event.body),
                context={
                    "kind": "event",
                    "event": event,
                    "start_label": dates.german_weekday_date(event.start),
                    "start_iso": dates.iso(event.start),
                    "members_only": event.audience is Audience.MEMBERS,
                },
            )
        )
    return plans
