"""The calendar page "Termine", its year archives and the home page's next dates.

Upcoming and past are decided against `settings.now` (SOURCE_DATE_EPOCH in builds):
the page is right as of the build without JavaScript; a small script
(docs/assets/javascripts/termine.js) moves what has ended since then by the reader's
clock, using the `ends_iso` of each card.
"""

from __future__ import annotations

import calendar as stdlib_calendar
import datetime as dt
from dataclasses import dataclass
from itertools import groupby
from urllib.parse import quote, urlencode

from babel.dates import format_date, get_day_names

from .. import dates

from . import timespan
from .eventcards import FEED_PATH, SECTION, CardIndex, EventCard, cards, chronological
from ..model import BERLIN, Content, Event
from ..pages import PagePlan, url_of
from ..settings import Settings

GRID_MONTHS = 3  # month tables on the calendar page; the agenda list is the main view
_MONDAY_FIRST = stdlib_calendar.Calendar(firstweekday=stdlib_calendar.MONDAY)


@dataclass(frozen=True)
class MonthGroup:
    key: str  # "2024-02"
    label: str  # "Februar 2024"
    cards: tuple[EventCard, ...]


@dataclass(frozen=True)
class GridEntry:
    card: EventCard
    time_iso: str  # the `<time datetime>`: the start moment on a timed event's first day, else the day
    time_text: str  # "19:00", "ganztägig" or "Fortsetzung"
    past: bool


@dataclass(frozen=True)
class GridDay:
    iso: str
    number: int
    label: str  # "Do., 3. Dezember": shown where the table becomes a list
    in_month: bool
    entries: tuple[GridEntry, ...]


@dataclass(frozen=True)
class MonthGrid:
    key: str
    caption: str
    weeks: tuple[tuple[GridDay, ...], ...]


@dataclass(frozen=True)
class Weekday:
    short: str  # "Mo"
    name: str  # "Montag"


@dataclass(frozen=True)
class NextDates:
    cards: tuple[EventCard, ...]
    shown: int  # how many of them the page shows; the rest are spare


@dataclass(frozen=True)
class FeedLinks:
    https: str
    webcal: str  # Apple's apps subscribe from this link
    google: str = ""  # Google Calendar's "add by URL", the feed filled in (`cid=`)
    outlook: str = ""  # Outlook.com's "subscribe from web", the feed filled in


GOOGLE_SUBSCRIBE = "https://calendar.google.com/calendar/render"
OUTLOOK_SUBSCRIBE = "https://outlook.live.com/calendar/0/addfromweb"


WEEKDAYS = tuple(
    Weekday(get_day_names("abbreviated", locale="de_DE")[n].rstrip("."), get_day_names("wide", locale="de_DE")[n])
    for n in range(7)  # babel: 0 = Monday
)


def plan(content: Content, settings: Settings, card_of: CardIndex | None = None) -> list[PagePlan]:
    """The calendar page and one archive page per year with events."""
    card_of = card_of or cards(content)
    ordered = chronological(content.events)
    upcoming = [e for e in ordered if not timespan.is_past(e, settings.now)]
    recent_past = [
        e for e in reversed(ordered)
        if timespan.is_past(e, settings.now) and timespan.is_kept(e, settings.now, settings.calendar_keep_days)
    ]
    years = sorted({timespan.first_day(e).year for e in ordered}, reverse=True)
    year_links = tuple((year, url_of(_year_src_uri(year))) for year in years)
    pages = [
        PagePlan(
            src_uri=f"{SECTION}/index.md",
            title="Termine",
            template="calendar.html",
            in_search=False,  # each event is found once, on its own page
            meta={"hide": ["toc"]},
            context={
                "kind": "calendar",
                "upcoming": month_groups(upcoming, card_of),
                "past": month_groups(recent_past, card_of),
                "months": month_grids(ordered, card_of, settings.now),
                "weekdays": WEEKDAYS,
                "feed": feed_links(settings),
                "years": year_links,
            },
        )
    ]
    for year in years:
        in_year = [e for e in reversed(ordered) if timespan.first_day(e).year == year]
        pages.append(
            PagePlan(
                src_uri=_year_src_uri(year),
                title=f"Termine {year}",
                template="calendar-year.html",
                in_search=False,
                meta={"hide": ["toc"]},
                context={"kind": "calendar-year", "year": year, "groups": month_groups(in_year, card_of), "years": year_links},
            )
        )
    return pages


def _year_src_uri(year: int) -> str:
    return f"{SECTION}/{year}/index.md"


def feed_links(settings: Settings) -> FeedLinks:
    https = settings.absolute(FEED_PATH)
    webcal = "webcal://" + https.split("://", 1)[1]
    google = f"{GOOGLE_SUBSCRIBE}?cid={quote(webcal, safe='')}&hl=de"  # hl: Google's pages in German
    name = f"{settings.site_name} – Termine".strip(" –")
    outlook = f"{OUTLOOK_SUBSCRIBE}?{urlencode({'url': https, 'name': name}, quote_via=quote)}"
    return FeedLinks(https, webcal, google, outlook)


def month_groups(events: list[Event], card_of: dict[str, EventCard]) -> tuple[MonthGroup, ...]:
    """Consecutive events of the same month (by first day) under one heading; order kept."""
    groups = []
    for key, group in groupby((card_of[e.key] for e in events), key=lambda c: c.month_key):
        members = tuple(group)
        groups.append(MonthGroup(key, members[0].month_label, members))
    return tuple(groups)


def grid_months(events: list[Event], now: dt.datetime) -> list[dt.date]:
    """First days of the months shown as tables: the next months with dates from today
    on; when nothing lies ahead, the last month that had a date; else this month."""
    today = now.astimezone(BERLIN).date()
    ahead = sorted({day.replace(day=1) for e in events for day in timespan.days(e) if day >= today})
    if ahead:
        return ahead[:GRID_MONTHS]
    behind = [day.replace(day=1) for e in events for day in timespan.days(e)]
    return [max(behind)] if behind else [today.replace(day=1)]


def month_grids(events: list[Event], card_of: dict[str, EventCard], now: dt.datetime) -> tuple[MonthGrid, ...]:
    by_day: dict[dt.date, list[Event]] = {}
    for event in events:  # chronological, so each day lists its events in order
        for day in timespan.days(event):
            by_day.setdefault(day, []).append(event)
    grids = []
    for first in grid_months(events, now):
        weeks = tuple(
            tuple(_grid_day(day, first.month, by_day.get(day, []), card_of, now) for day in week)
            for week in _MONDAY_FIRST.monthdatescalendar(first.year, first.month)
        )
        grids.append(MonthGrid(f"{first:%Y-%m}", dates.german_month(first), weeks))
    return tuple(grids)


def _grid_day(day: dt.date, month: int, events: list[Event], card_of: dict[str, EventCard], now: dt.datetime) -> GridDay:
    in_month = day.month == month
    entries = tuple(_grid_entry(e, day, card_of[e.key], now) for e in events) if in_month else ()
    label = format_date(day, "EEE, d. MMMM", locale="de_DE")
    return GridDay(day.isoformat(), day.day, label, in_month, entries)


def _grid_entry(event: Event, day: dt.date, card: EventCard, now: dt.datetime) -> GridEntry:
    past = timespan.is_past(event, now)
    if event.all_day:
        return GridEntry(card, day.isoformat(), "ganztägig", past)
    if day == timespan.first_day(event):
        return GridEntry(card, card.when.start_iso, f"{event.start:%H:%M}", past)
    return GridEntry(card, day.isoformat(), "Fortsetzung", past)


def next_dates(content: Content, settings: Settings, card_of: CardIndex | None = None) -> NextDates:
    """Upcoming events for the home page: the first `home_dates` shown, every later one
    shipped hidden, so that termine.js can show the next `home_dates` at the reader's
    clock however long after the build the page is read (the calendar page lists the
    same upcoming dates, so the two agree at any clock)."""
    card_of = card_of or cards(content)
    upcoming = [e for e in chronological(content.events) if not timespan.is_past(e, settings.now)]
    return NextDates(tuple(card_of[e.key] for e in upcoming), settings.home_dates)
