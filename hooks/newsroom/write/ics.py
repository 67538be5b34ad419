"""The calendar for subscribers (ICS feed) and one `.ics` file per event.

Made with `icalendar`, which writes CRLF line ends, folds lines at 75 octets and
escapes TEXT values. What we add is identity and time, the points where other
feeds fail (shared/notes/calendar-checklist.md):
- UID from the event's key, which never depends on time, title, place or status, so
  a rescheduled, renamed or cancelled event stays one event in every subscriber's app;
- DTSTAMP from the sources (the announcing date), never from the build clock;
- timed events as `TZID=Europe/Berlin` with its VTIMEZONE, all-day events as
  `VALUE=DATE` with the exclusive end day, never converted through UTC;
- cancelled and postponed events stay in the feed with their status and a higher
  SEQUENCE, so subscribers learn about them.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlsplit

import icalendar
from icalendar.prop.conference import Conference

from ..plan import occurrences, timespan
from . import ics_series as series
from ..plan.eventcards import CALENDAR_URL, FEED_PATH, CardIndex, EventCard, cards, chronological, description, event_ics_path
from ..model import BERLIN, Content, Event, EventStatus
from ..settings import Settings

# Subscribers' apps may check this often; Google ignores it and polls every 12-24 h.
REFRESH = dt.timedelta(hours=6)
TZID = "Europe/Berlin"

# Per status: iCalendar STATUS, SEQUENCE, TRANSP, a prefix for the title (many apps do
# not show STATUS at all), and a first line for the description.
_BY_STATUS = {
    EventStatus.SCHEDULED: ("CONFIRMED", 0, "OPAQUE", "", None),
    EventStatus.POSTPONED: ("TENTATIVE", 1, "TRANSPARENT", "Verschoben: ", "Dieser Termin wird verschoben; der neue Termin wird noch bekannt gegeben."),
    EventStatus.CANCELLED: ("CANCELLED", 2, "TRANSPARENT", "Abgesagt: ", "Dieser Termin ist abgesagt."),
}


def uid(event: Event, settings: Settings) -> str:
    """`2024.sofortinfo-stadtvorstand-januar.sitzung-des-stadtvorstandes@www.example.org`.

    Slugs never contain dots, so keys with different slashes cannot collide.
    """
    return f"{event.key.replace('/', '.')}@{site_host(settings)}"


def site_host(settings: Settings) -> str:
    return urlsplit(settings.site_url).hostname or "localhost"


def stamp(event: Event) -> dt.datetime:
    """DTSTAMP in UTC: when the event was announced, else the start of its first day."""
    announced = event.announced if event.announced is not None else timespan.first_day(event)
    moment = announced if isinstance(announced, dt.datetime) else timespan.midnight(announced)
    return moment.astimezone(dt.timezone.utc)


def feed(content: Content, settings: Settings, card_of: CardIndex | None = None) -> bytes:
    """The subscription feed: every visible event, except those long past."""
    return _Serialiser(settings, card_of or cards(content)).feed(_feed_events(content, settings))


def single(event: Event, card: EventCard, settings: Settings) -> bytes:
    """One event to download and import; same UID as in the feed, so no duplicates."""
    return _Serialiser(settings, {event.key: card}).single(event)


def files(content: Content, settings: Settings, card_of: CardIndex | None = None) -> dict[str, bytes]:
    """Output path -> bytes: the feed and every event's own `.ics`."""
    serialiser = _Serialiser(settings, card_of or cards(content))
    out = {FEED_PATH: serialiser.feed(_feed_events(content, settings))}
    for event in content.events:
        out[event_ics_path(event)] = serialiser.single(event)
    return out


class _Serialiser:
    """Calendars made of components that are each serialised once: an event is in the
    feed and in its own file, and icalendar's line folding is slow. The bytes are those
    of `Calendar.to_ical()` with the components added (tests/test_ics.py compares)."""

    def __init__(self, settings: Settings, card_of: CardIndex):
        self.settings = settings
        self.card_of = card_of
        self.events: dict[str, bytes] = {}  # by event key
        self.zones: dict[tuple[int, int], bytes] = {}  # by (first year, last year)

    def feed(self, events: list[Event]) -> bytes:
        return _assembled(_feed_calendar(self.settings), [self._zone(events), *map(self._event, events)])

    def single(self, event: Event) -> bytes:
        return _assembled(_single_calendar(event, self.settings), [self._zone([event]), self._event(event)])

    def _event(self, event: Event) -> bytes:
        if event.key not in self.events:
            card = self.card_of[event.key]
            components = [vevent(event, card, self.settings)]
            if event.repeat is not None:  # one VEVENT with RRULE, plus one per changed occurrence
                series.add_rule(components[0], event)
                components += [
                    series.with_recurrence_id(vevent(occurrence, card, self.settings), occurrence, event)
                    for occurrence in series.changed(event)
                ]
            self.events[event.key] = b"".join(component.to_ical() for component in components)
        return self.events[event.key]

    def _zone(self, events: list[Event]) -> bytes:
        years = _years(events, self.settings)
        if years not in self.zones:
            self.zones[years] = _timezone(events, self.settings).to_ical()
        return self.zones[years]


_END = b"END:VCALENDAR\r\n"


def _assembled(calendar: icalendar.Calendar, parts: list[bytes]) -> bytes:
    """What `calendar.to_ical()` gives with `parts` (serialised components) added."""
    empty = calendar.to_ical()
    if not empty.endswith(_END):  # pragma: no cover - icalendar always ends so
        raise ValueError("unexpected end of an icalendar calendar")
    return empty[: -len(_END)] + b"".join(parts) + _END


def _feed_events(content: Content, settings: Settings) -> list[Event]:
    return [e for e in chronological(content.events) if occurrences.is_kept(e, settings.now, settings.calendar_keep_days)]


def _feed_calendar(settings: Settings) -> icalendar.Calendar:
    title = f"{settings.site_name} – Termine"
    calendar = icalendar.Calendar.new(
        prodid=_prodid(settings),
        calscale="GREGORIAN",
        method="PUBLISH",
        name=title,
        description=title,
        uid=f"kalender@{site_host(settings)}",
        url=settings.absolute(CALENDAR_URL),
        source=settings.absolute(FEED_PATH),
        refresh_interval=REFRESH,
    )
    calendar["REFRESH-INTERVAL"].params["VALUE"] = "DURATION"  # required by RFC 7986
    calendar.add("X-PUBLISHED-TTL", icalendar.vDuration(REFRESH))
    calendar.add("X-WR-TIMEZONE", TZID)
    return calendar


def _single_calendar(event: Event, settings: Settings) -> icalendar.Calendar:
    return icalendar.Calendar.new(
        prodid=_prodid(settings), calscale="GREGORIAN", method="PUBLISH", uid=f"{uid(event, settings)}.ics"
    )


def vevent(event: Event, card: EventCard, settings: Settings) -> icalendar.Event:
    status, sequence, transparency, prefix, note = _BY_STATUS[event.status]
    page = settings.absolute(card.url)
    lines = [note, description(event, card.announced_in)]
    if event.online:
        lines.append(f"Online: {event.online}")
    if card.members_only:
        lines.append("Nur für Mitglieder.")
    lines.append(f"Mehr: {page}")
    return icalendar.Event.new(
        uid=uid(event, settings),
        stamp=stamp(event),
        start=event.start,
        end=_end(event),
        summary=prefix + event.title,
        location=event.location or event.online,
        description="\n".join(line for line in lines if line),
        url=page,
        status=status,
        sequence=sequence,
        transparency=transparency,
        categories=event.tags,
        conferences=[Conference(event.online, feature="VIDEO", label="Online teilnehmen")] if event.online else None,
    )


def _end(event: Event) -> dt.date | dt.datetime | None:
    """All-day: the day after the last day (RFC 5545's DTEND is exclusive); timed: as written."""
    if event.all_day:
        return timespan.exclusive_end_day(event)
    return event.end


def _prodid(settings: Settings) -> str:
    return f"-//{settings.site_name}//Termine//DE"


def _years(events: list[Event], settings: Settings) -> tuple[int, int]:
    years = [timespan.first_day(e).year for e in events] + [occurrences.last_year(e, settings.now) for e in events]
    years = years or [settings.now.astimezone(BERLIN).year]
    return min(years), max(years)


def _timezone(events: list[Event], settings: Settings) -> icalendar.Timezone:
    """Berlin's VTIMEZONE, always (also for a feed without timed events: X-WR-TIMEZONE
    names it, and RFC 5545 wants at least one component), covering every event."""
    first, last = _years(events, settings)
    return icalendar.Timezone.from_tzid(TZID, first_date=dt.date(first, 1, 1), last_date=dt.date(last + 2, 1, 1))
