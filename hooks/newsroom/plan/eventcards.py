"""Events as readers see them in lists and on their pages: one card per event.

A card is made once per event and shared by the calendar page, the year archives,
the home page, the bulletin pages and the event's own page. URLs are site-relative
(`termine/2024/x/`); templates make them relative with MkDocs' `url` filter.
"""

from __future__ import annotations

from dataclasses import dataclass

from .. import dates

from . import occurrences, timespan
from ..model import Audience, Content, Event, EventStatus, sort_key_moment
from .news import bulletin_src_uri
from ..pages import url_of
from .summary import teaser
from .timespan import WhenLabel

SECTION = "termine"
CALENDAR_URL = f"{SECTION}/"  # the calendar page "Termine"
FEED_PATH = f"{SECTION}/kalender.ics"

# What readers read for a status; None: nothing to point out.
STATUS_LABELS = {
    EventStatus.SCHEDULED: None,
    EventStatus.CANCELLED: "abgesagt",
    EventStatus.POSTPONED: "verschoben",
}


@dataclass(frozen=True)
class BulletinRef:
    title: str
    url: str


@dataclass(frozen=True)
class EventCard:
    key: str
    title: str
    url: str  # the event's page
    ics_url: str  # its single-event .ics file
    when: WhenLabel
    all_day: bool
    start_iso: str  # for sorting in scripts
    ends_iso: str  # the moment it is over, read by the script that moves past events
    month_key: str  # "2024-02": the month it is listed under (its first day's)
    month_label: str  # "Februar 2024"
    status: str  # EventStatus value: "scheduled", "cancelled", "postponed"
    status_label: str | None
    location: str | None
    online: str | None
    members_only: bool
    draft: bool  # only `mkdocs serve` shows drafts
    announced_in: BulletinRef | None  # the bulletin whose `events` list holds it
    rule: str | None = None  # a recurring date's rhythm in German (plan/occurrences.py)
    planned: bool = False  # `mkdocs serve` only: its notice or bulletin is dated ahead


def event_src_uri(event: Event) -> str:
    return f"{SECTION}/{event.key}.md"


def event_ics_path(event: Event) -> str:
    """Beside the page's folder: `termine/2024/x/` has `termine/2024/x.ics`."""
    return f"{SECTION}/{event.key}.ics"


def card(event: Event, announced_in: BulletinRef | None = None) -> EventCard:
    first = timespan.first_day(event)
    url, ics_url = url_of(event_src_uri(event)), event_ics_path(event)
    if event.series_key is not None and event.rule_day is not None:
        # An occurrence of a recurring date: its place on the series' page (plan/occurrences.py).
        url = f"{url_of(f'{SECTION}/{event.series_key}.md')}#am-{event.rule_day.isoformat()}"
        ics_url = f"{SECTION}/{event.series_key}.ics"
    return EventCard(
        key=event.key,
        title=event.title,
        url=url,
        ics_url=ics_url,
        when=timespan.when_label(event),
        all_day=event.all_day,
        start_iso=dates.iso(sort_key_moment(event.start)),
        ends_iso=dates.iso(timespan.ends_at(event)),
        month_key=f"{first:%Y-%m}",
        month_label=dates.german_month(first),
        status=event.status.value,
        status_label=STATUS_LABELS[event.status],
        location=event.location,
        online=event.online,
        members_only=event.audience is Audience.MEMBERS,
        draft=event.draft,
        announced_in=announced_in,
        rule=occurrences.rule_text(event) if event.repeat is not None else None,
        planned=event.planned,
    )


CardIndex = dict[str, EventCard]


def cards(content: Content) -> CardIndex:
    """Event key -> card, for every event of the (already filtered) content.

    `plan_site` makes them once and hands them to every section; the sections'
    functions make them themselves when called alone (`card_of=None`)."""
    refs = {b.key: BulletinRef(b.title, url_of(bulletin_src_uri(b))) for b in content.bulletins}
    return {event.key: card(event, refs.get(event.bulletin_key or "")) for event in content.events}


def chronological(events: tuple[Event, ...] | list[Event]) -> list[Event]:
    """Oldest first (an all-day event before the timed ones of its day); the key breaks
    ties, so the order never depends on the order of files or list entries."""
    return sorted(events, key=lambda e: (sort_key_moment(e.start), e.key))


def description(event: Event, announced_in: BulletinRef | None) -> str:
    """Plain text about the event for feeds, JSON-LD and the page's meta description."""
    if event.is_notice:
        text = teaser(event.summary, event.body)
        if text:
            return text
    if announced_in is not None:
        return f"{event.title}: ein Termin aus dem Beitrag „{announced_in.title}“."
    return event.title
