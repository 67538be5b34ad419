"""Recurring dates in the calendar: each occurrence as a date of its own in the lists,
one page per series with its rule in German.

A series (an event with `repeat`) stays one event for its page, the news feed and the
ICS file (one VEVENT with RRULE). The calendar page, its month tables, the year pages
and the home page's next dates list occurrences instead: `listed` returns the content
with every series replaced by its occurrences, each an `Event` whose key is
`<series key>/<rule day>` and whose card links to the series page.

Horizon: occurrences are listed from the series' start up to `HORIZON_DAYS` after the
build's "now", or after the series' start when that lies later (open-ended series
would otherwise never end; bounded ones are cut there too, and grow into the lists
with each daily build).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from .. import dates, recurrence
from ..model import BERLIN, Content, Event, EventStatus
from ..recurrence import Every, Rule
from . import timespan

HORIZON_DAYS = 365
NEXT_SHOWN = 12  # next occurrences on a series page


def horizon(now: dt.datetime, series: Event | None = None) -> dt.date:
    """The last day listed: a year after today, or after the series' start if later."""
    today = now.astimezone(BERLIN).date()
    first = dates.day_of(series.start) if series is not None else today
    return max(today, first) + dt.timedelta(days=HORIZON_DAYS)


def anchor(day: dt.date) -> str:
    """The id of an occurrence on its series page: `am-2024-02-07`."""
    return f"am-{day.isoformat()}"


def occurrence_events(series: Event, stop: dt.date) -> list[Event]:
    """The series' occurrences whose rule day is at most `stop`, as events."""
    assert series.repeat is not None
    return [
        replace(
            series, key=f"{series.key}/{o.day.isoformat()}", start=o.start, end=o.end, location=o.location,
            online=o.online, status=o.status, repeat=None, series_key=series.key, rule_day=o.day,
        )
        for o in recurrence.expand(series.start, series.end, series.location, series.online, series.status, series.repeat, stop)
    ]


def _expanded(event: Event, now: dt.datetime) -> tuple[Event, ...]:
    return tuple(occurrence_events(event, horizon(now, event))) if event.repeat is not None else (event,)


def listed(content: Content, now: dt.datetime) -> Content:
    """The content as the calendar lists it: every series replaced by its occurrences
    up to the horizon. Content without series is returned as it is."""
    if not any(e.repeat is not None for e in content.events):
        return content
    notices = tuple(x for e in content.notices for x in _expanded(e, now))
    bulletins = tuple(
        replace(b, events=tuple(x for e in b.events for x in _expanded(e, now))) if any(e.repeat for e in b.events) else b
        for b in content.bulletins
    )
    return replace(content, bulletins=bulletins, notices=notices)


def last_occurrence(series: Event) -> Event | None:
    """The last occurrence of a bounded series; None for an open-ended one."""
    assert series.repeat is not None
    last = recurrence.last_rule_day(series.repeat, dates.day_of(series.start))
    if last is None:
        return None
    return occurrence_events(series, last)[-1]


def is_kept(event: Event, now: dt.datetime, keep_days: int) -> bool:
    """`timespan.is_kept` for series too: kept while it has occurrences ahead or recent."""
    if event.repeat is None:
        return timespan.is_kept(event, now, keep_days)
    last = last_occurrence(event)
    return last is None or timespan.is_kept(last, now, keep_days)


def last_year(event: Event, now: dt.datetime) -> int:
    """The last year an event touches; for an open-ended series the horizon's."""
    if event.repeat is None:
        return timespan.last_day(event).year
    last = last_occurrence(event)
    return horizon(now, event).year if last is None else timespan.last_day(last).year


def moved_from(occurrence: Event) -> str | None:
    """`statt Mi., 1. Mai 2024`: an occurrence moved to another day names the day it left."""
    if occurrence.rule_day is None or occurrence.rule_day == dates.day_of(occurrence.start):
        return None
    return f"statt {dates.german_weekday_date(occurrence.rule_day)}"


# --- The rule in German -------------------------------------------------------------

_WEEKDAYS = ("Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag")
_ORDINAL = {1: "ersten", 2: "zweiten", 3: "dritten", 4: "vierten", -1: "letzten"}
_NTH = {2: "zweiten", 3: "dritten", 4: "vierten"}


def rule_text(series: Event) -> str:
    """`jeden ersten Mittwoch im Monat, 19:00–21:00 Uhr, bis 30. Juni 2024`."""
    rule = series.repeat
    assert rule is not None
    first = dates.day_of(series.start)
    parts = [_rhythm(rule, first)]
    time = _time_text(series)
    if time:
        parts.append(time)
    if rule.until is not None:
        parts.append(f"bis {dates.german_date(rule.until)}")
    elif rule.count is not None:
        parts.append(f"{rule.count}-mal ab {dates.german_date(first)}")
    return ", ".join(parts)


def _rhythm(rule: Rule, first: dt.date) -> str:
    n = rule.interval
    if rule.every is Every.WEEK:
        day = _WEEKDAYS[first.weekday()]
        if n == 1:
            return f"jeden {day}"
        return f"jeden {_NTH[n]} {day}" if n in _NTH else f"alle {n} Wochen am {day}"
    if rule.every is Every.MONTH:
        if rule.ordinal is not None and rule.weekday is not None:
            what = f"jeden {_ORDINAL[rule.ordinal]} {_WEEKDAYS[rule.weekday]}"
            if n == 1:
                return f"{what} im Monat"
            return f"{what} jedes {_NTH[n]} Monats" if n in _NTH else f"{what} im Monat, alle {n} Monate"
        day = rule.monthday or first.day
        if n == 1:
            return f"jeden Monat am {day}."
        return f"jeden {_NTH[n]} Monat am {day}." if n in _NTH else f"alle {n} Monate am {day}."
    date = dates.german_date(first).rsplit(" ", 1)[0]  # "7. Februar"
    if n == 1:
        return f"jedes Jahr am {date}"
    return f"jedes {_NTH[n].removesuffix('n')} Jahr am {date}" if n in _NTH else f"alle {n} Jahre am {date}"


def _time_text(series: Event) -> str:
    start, end = series.start, series.end
    if not isinstance(start, dt.datetime):
        length = (timespan.last_day(series) - timespan.first_day(series)).days + 1
        return "ganztägig" if length == 1 else f"ganztägig, {length} Tage"
    if isinstance(end, dt.datetime) and end != start:
        if end.date() == start.date():
            return f"{start:%H:%M}–{end:%H:%M} Uhr"
        return f"{start:%H:%M} Uhr bis {dates.german_weekday_date(end).split(',')[0]} {end:%H:%M} Uhr"
    return f"{start:%H:%M} Uhr"


# --- The series page ----------------------------------------------------------------


@dataclass(frozen=True)
class SeriesView:
    rule_text: str
    upcoming: tuple[Event, ...]  # the next occurrences (cancelled ones marked), at most NEXT_SHOWN
    more: bool  # further occurrences follow after those shown
    cancelled: tuple[Event, ...]  # every occurrence that does not take place, up to the horizon
    ended: bool  # no occurrence lies ahead


def series_view(series: Event, now: dt.datetime) -> SeriesView:
    everything = occurrence_events(series, horizon(now, series))
    ahead = [o for o in everything if not timespan.is_past(o, now)]
    open_ended = series.repeat is not None and series.repeat.open_ended
    return SeriesView(
        rule_text=rule_text(series),
        upcoming=tuple(ahead[:NEXT_SHOWN]),
        more=len(ahead) > NEXT_SHOWN or (open_ended and bool(ahead)),
        cancelled=tuple(o for o in everything if o.status is EventStatus.CANCELLED),
        ended=not ahead,
    )
