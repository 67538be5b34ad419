"""When an event takes place, in the forms readers and programs need.

An event's `start`/`end` are Berlin days or Berlin moments (see model.py). Everything
time-related that the calendar page, the event pages, JSON-LD and ICS share is derived
here once, so they cannot disagree: the last day, the moment the event is over, the
German label ("Di., 13. Februar 2024, 19:00 Uhr") and the ISO forms.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from babel.dates import format_date

from .. import dates
from ..model import BERLIN, Event

_ONE_DAY = dt.timedelta(days=1)
# The start's part of an all-day range, shortened when the end repeats month/year.
_RANGE_START = {"same_month": "EEE, d.", "same_year": "EEE, d. MMMM", "other_year": "EEE, d. MMMM y"}


@dataclass(frozen=True)
class WhenLabel:
    """A German date label in up to two parts, each with its machine-readable form.

    Templates wrap each part in `<time datetime=…>`; `text` is the whole label.
    """

    start_text: str
    start_iso: str
    end_text: str | None = None
    end_iso: str | None = None
    separator: str = " – "

    @property
    def text(self) -> str:
        if self.end_text is None:
            return self.start_text
        return f"{self.start_text}{self.separator}{self.end_text}"


def midnight(day: dt.date) -> dt.datetime:
    """00:00 in Berlin (never inside a DST gap: Berlin changes its clocks at 2 or 3 o'clock)."""
    return dt.datetime(day.year, day.month, day.day, tzinfo=BERLIN)


def first_day(event: Event) -> dt.date:
    return dates.day_of(event.start)


def last_day(event: Event) -> dt.date:
    """The last day the event touches (an end at exactly 00:00 does not touch its day)."""
    if event.end is None:
        return first_day(event)
    if isinstance(event.end, dt.datetime):
        end_day = event.end.date()
        if event.end == midnight(end_day) and end_day > first_day(event):
            return end_day - _ONE_DAY
        return end_day
    return event.end


def days(event: Event) -> list[dt.date]:
    """Every day the event takes place on, first to last."""
    count = (last_day(event) - first_day(event)).days + 1
    return [first_day(event) + dt.timedelta(days=n) for n in range(count)]


def exclusive_end_day(event: Event) -> dt.date:
    """The day after the last day: iCalendar's and Google's end of an all-day event."""
    return last_day(event) + _ONE_DAY


def ends_at(event: Event) -> dt.datetime:
    """The moment after which the event is over ("past").

    A timed event without `end` counts as running until the end of its day, so a
    19:00 meeting is not moved to "past" at 19:01 while people look for its link.
    """
    if isinstance(event.end, dt.datetime):
        return event.end
    if isinstance(event.start, dt.datetime) and event.end is None:
        return midnight(event.start.date() + _ONE_DAY)
    return midnight(exclusive_end_day(event))


def is_past(event: Event, now: dt.datetime) -> bool:
    return ends_at(event) <= now


def is_kept(event: Event, now: dt.datetime, keep_days: int) -> bool:
    """Upcoming, or over for at most `keep_days` (`calendar_keep_days`): still listed."""
    return ends_at(event) >= now - dt.timedelta(days=keep_days)


def when_label(event: Event) -> WhenLabel:
    """`Di., 13. Februar 2024, 19:00 Uhr`, ranges for ends on the same or another day."""
    start, end = event.start, event.end
    if not isinstance(start, dt.datetime):
        return _day_label(first_day(event), last_day(event))
    start_text = f"{dates.german_weekday_date(start)}, {dates.german_time(start)}"
    if not isinstance(end, dt.datetime) or end == start:
        return WhenLabel(start_text, dates.iso(start))
    if end.date() == start.date():
        # Di., 13. Februar 2024, 19:00–21:00 Uhr
        return WhenLabel(f"{dates.german_weekday_date(start)}, {start:%H:%M}", dates.iso(start), dates.german_time(end), dates.iso(end), "–")
    return WhenLabel(start_text, dates.iso(start), f"{dates.german_weekday_date(end)}, {dates.german_time(end)}", dates.iso(end))


def _day_label(first: dt.date, last: dt.date) -> WhenLabel:
    if first == last:
        return WhenLabel(dates.german_weekday_date(first), first.isoformat())
    if (first.year, first.month) == (last.year, last.month):
        shape = "same_month"
    elif first.year == last.year:
        shape = "same_year"
    else:
        shape = "other_year"
    start_text = format_date(first, _RANGE_START[shape], locale="de_DE")
    return WhenLabel(start_text, first.isoformat(), dates.german_weekday_date(last), last.isoformat())
