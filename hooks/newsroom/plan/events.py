"""Every event's own page: event notices and the entries of bulletins' `events` lists.

Bulletin events get pages of their own (not only anchors on the bulletin), so every
date in the calendar leads to the same kind of page (when, where, status, add to my
calendar) and has one URL for the ICS `URL`, the JSON-LD and links in chats. The
page links back to the announcing bulletin, and the bulletin lists its dates.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from urllib.parse import quote, urlencode

from ..write import jsonld

from . import occurrences, timespan
from .. import recurrence
from .eventcards import SECTION, CardIndex, EventCard, card, cards, description, event_src_uri
from ..model import Content, Event, EventStatus
from .news import bulletin_src_uri
from ..pages import PagePlan
from ..settings import Settings

GOOGLE_TEMPLATE = "https://calendar.google.com/calendar/render"
OSM_SEARCH = "https://www.openstreetmap.org/search"


def notice_src_uri(event: Event) -> str:
    return event_src_uri(event)


def plan(content: Content, settings: Settings, bodies: dict[str, str], card_of: CardIndex | None = None) -> list[PagePlan]:
    """One page per event. `bodies`: notice key -> Markdown (bulletin events have none)."""
    card_of = card_of or cards(content)
    return [_page(event, card_of[event.key], settings, bodies.get(event.key, "")) for event in content.events]


def _page(event: Event, card: EventCard, settings: Settings, markdown: str) -> PagePlan:
    text = description(event, card.announced_in)
    series = occurrences.series_view(event, settings.now) if event.repeat is not None else None
    data = jsonld.event_data(event, settings, card.url, text)
    if series is not None and series.upcoming and data is not None:
        # Google reads one Event per date (it knows no eventSchedule): the dates listed.
        data = [
            jsonld.event_data(o, settings, f"{card.url}#{occurrences.anchor(o.rule_day)}", text)
            for o in series.upcoming
        ]
    return PagePlan(
        src_uri=event_src_uri(event),
        title=event.title,
        template="event.html",
        markdown=markdown,
        description=text,
        context={
            "kind": "event",
            "event": event,
            "card": card,
            "jsonld": jsonld.script_json(data) if data else None,
            # Adding a cancelled or postponed date to one's calendar makes no sense.
            "google_url": google_calendar_url(event, settings.absolute(card.url))
            if event.status is EventStatus.SCHEDULED else None,
            "osm_url": openstreetmap_url(event.location) if event.location else None,
            "calendar_url": f"{SECTION}/",
            "series": series,
            "series_cards": tuple(
                (occurrences.anchor(o.rule_day), card_of_occurrence(o), occurrences.moved_from(o)) for o in series.upcoming
            ) if series else (),
            "cancelled_cards": tuple(card_of_occurrence(o) for o in series.cancelled) if series else (),
        },
    )


def card_of_occurrence(event: Event) -> EventCard:
    return card(event)


def google_calendar_url(event: Event, page_url: str) -> str:
    """Google's "add event" form, prefilled; Berlin wall-clock times with `ctz`."""
    if event.all_day:
        span = f"{timespan.first_day(event):%Y%m%d}/{timespan.exclusive_end_day(event):%Y%m%d}"
    else:
        end = event.end if isinstance(event.end, dt.datetime) else event.start
        span = f"{event.start:%Y%m%dT%H%M%S}/{end:%Y%m%dT%H%M%S}"
    details = "\n".join(part for part in (event.online and f"Online: {event.online}", page_url) if part)
    query = {"action": "TEMPLATE", "text": event.title, "dates": span, "ctz": "Europe/Berlin", "details": details}
    if event.location or event.online:
        query["location"] = event.location or event.online
    if event.repeat is not None:
        # The series' rule (exceptions and changes are in the .ics, not in Google's form).
        query["recur"] = f"RRULE:{recurrence.rrule_text(event.repeat, event.start)}"
    return f"{GOOGLE_TEMPLATE}?{urlencode(query, quote_via=quote)}"


def openstreetmap_url(place: str) -> str:
    """A search for the place on openstreetmap.org: a plain link, no map embedded."""
    return f"{OSM_SEARCH}?{urlencode({'query': place}, quote_via=quote)}"


def with_bulletin_events(pages: list[PagePlan], content: Content, card_of: CardIndex | None = None) -> list[PagePlan]:
    """Bulletin pages get the cards of the dates they announce (`plan.events`)."""
    card_of = card_of or cards(content)
    listed = {
        bulletin_src_uri(b): tuple(card_of[e.key] for e in b.events)
        for b in content.bulletins
        if b.events
    }
    return [replace(p, context={**p.context, "events": listed[p.src_uri]}) if p.src_uri in listed else p for p in pages]
