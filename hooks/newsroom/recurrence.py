"""Recurring dates: the rule an editor wrote (`repeat`) and its occurrences.

Shared by the read stage (an `except` or `changes` date must be an occurrence) and
the plan and write stages (calendar lists, the series page, ICS). Pure: no clock;
every expansion stops at a day the caller gives.

The rule means exactly what the iCalendar RRULE written for it means (RFC 5545, as
`dateutil.rrule` implements it): a monthly rule on day 31 skips shorter months, a
yearly one from 29 February only meets leap years, and `count` counts the
occurrences the rule gives, the excepted ones included.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass
from typing import Iterator

from dateutil import rrule

from .model import BERLIN, EventStatus, When


class Every(enum.Enum):
    WEEK = "week"
    MONTH = "month"
    YEAR = "year"


# `on: first wednesday`: the ordinals editors may write, and RRULE's BYDAY numbers.
ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "last": -1}
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_FREQ = {Every.WEEK: rrule.WEEKLY, Every.MONTH: rrule.MONTHLY, Every.YEAR: rrule.YEARLY}


@dataclass(frozen=True)
class Change:
    """One occurrence that differs: `day` is the occurrence as the rule gives it."""

    day: dt.date
    start: When | None = None
    end: When | None = None
    location: str | None = None
    online: str | None = None
    status: EventStatus | None = None


@dataclass(frozen=True)
class Rule:
    every: Every
    interval: int = 1
    ordinal: int | None = None  # 1..4 or -1 (last), with `weekday`
    weekday: int | None = None  # 0 = Monday
    monthday: int | None = None  # 1..31
    until: dt.date | None = None  # the last day an occurrence may fall on
    count: int | None = None
    exceptions: tuple[dt.date, ...] = ()
    changes: tuple[Change, ...] = ()

    @property
    def open_ended(self) -> bool:
        return self.until is None and self.count is None

    def change_on(self, day: dt.date) -> Change | None:
        return next((c for c in self.changes if c.day == day), None)


def _rrule(rule: Rule, first: dt.date) -> rrule.rrule:
    options: dict = {"dtstart": dt.datetime(first.year, first.month, first.day), "interval": rule.interval}
    if rule.weekday is not None and rule.ordinal is not None:
        options["byweekday"] = rrule.weekday(rule.weekday, rule.ordinal)
    if rule.monthday is not None:
        options["bymonthday"] = rule.monthday
    if rule.count is not None:
        options["count"] = rule.count
    if rule.until is not None:
        options["until"] = dt.datetime(rule.until.year, rule.until.month, rule.until.day)
    return rrule.rrule(_FREQ[rule.every], **options)


def rule_days(rule: Rule, first: dt.date, stop: dt.date) -> Iterator[dt.date]:
    """Every day the rule gives from `first` (the first occurrence), up to `stop`
    inclusive, the excepted ones included."""
    limit = dt.datetime(stop.year, stop.month, stop.day)
    for moment in _rrule(rule, first):
        if moment > limit:
            return
        yield moment.date()


def is_rule_day(rule: Rule, first: dt.date, day: dt.date) -> bool:
    return day in set(rule_days(rule, first, day)) if day >= first else False


def last_rule_day(rule: Rule, first: dt.date) -> dt.date | None:
    """The last day of a bounded rule; None for an open-ended one."""
    if rule.open_ended:
        return None
    last = _rrule(rule, first)[-1] if rule.count is not None else _rrule(rule, first).before(
        dt.datetime(rule.until.year, rule.until.month, rule.until.day), inc=True
    )
    return last.date() if last is not None else first


def matches_start(rule: Rule, first: dt.date) -> bool:
    """Whether the start itself is a day of the rule (RFC 5545 wants it so; apps
    disagree about a DTSTART the rule does not give)."""
    return next(iter(rule_days(rule, first, first)), None) == first


@dataclass(frozen=True)
class Occurrence:
    day: dt.date  # as the rule gives it: the identity of the occurrence (RECURRENCE-ID)
    start: When
    end: When | None
    location: str | None
    online: str | None
    status: EventStatus
    excepted: bool = False  # listed in `except`: does not take place
    changed: bool = False


def shifted(value: When, first: dt.date, day: dt.date) -> When:
    """`value` moved by whole days from the first occurrence's day to `day`, keeping
    the Berlin wall-clock time (19:00 stays 19:00 across summer time)."""
    delta = day - first
    if isinstance(value, dt.datetime):
        moved = value.replace(tzinfo=None) + delta
        return moved.replace(tzinfo=BERLIN)
    return value + delta


def occurrence(start: When, end: When | None, location: str | None, online: str | None,
               status: EventStatus, rule: Rule, day: dt.date) -> Occurrence:
    """The occurrence of a series on `day` (a rule day), with its change applied."""
    first = start.date() if isinstance(start, dt.datetime) else start
    base_start = shifted(start, first, day)
    base_end = shifted(end, first, day) if end is not None else None
    if day in rule.exceptions:
        return Occurrence(day, base_start, base_end, location, online, EventStatus.CANCELLED, excepted=True)
    change = rule.change_on(day)
    if change is None:
        return Occurrence(day, base_start, base_end, location, online, status)
    new_start = change.start if change.start is not None else base_start
    if change.end is not None:
        new_end = change.end
    elif base_end is not None and change.start is not None:
        new_end = _keep_length(start, end, new_start)
    else:
        new_end = base_end
    return Occurrence(
        day, new_start, new_end,
        change.location if change.location is not None else location,
        change.online if change.online is not None else online,
        change.status if change.status is not None else status,
        changed=True,
    )


def _keep_length(start: When, end: When, new_start: When) -> When:
    """A moved occurrence keeps the series' length (in wall-clock time)."""
    if isinstance(start, dt.datetime) and isinstance(new_start, dt.datetime) and isinstance(end, dt.datetime):
        length = end.replace(tzinfo=None) - start.replace(tzinfo=None)
        return (new_start.replace(tzinfo=None) + length).replace(tzinfo=BERLIN)
    return new_start + (end - start)


def expand(start: When, end: When | None, location: str | None, online: str | None,
           status: EventStatus, rule: Rule, stop: dt.date) -> list[Occurrence]:
    """Every occurrence whose rule day is at most `stop`, in order."""
    first = start.date() if isinstance(start, dt.datetime) else start
    return [occurrence(start, end, location, online, status, rule, day) for day in rule_days(rule, first, stop)]




# RRULE parts every common calendar app reads (Google, Outlook, Apple): FREQ, INTERVAL,
# COUNT or UNTIL, BYDAY with an ordinal, BYMONTHDAY; nothing else is ever written.
_RRULE_FREQ = {Every.WEEK: "WEEKLY", Every.MONTH: "MONTHLY", Every.YEAR: "YEARLY"}
_RRULE_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def rrule_parts(rule: Rule, start: When) -> dict[str, object]:
    """The rule as iCalendar RRULE parts, in a fixed order. UNTIL is a DATE for an
    all-day series and the end of the until day in UTC for a timed one (RFC 5545
    wants UTC when DTSTART has a TZID)."""
    parts: dict[str, object] = {"FREQ": _RRULE_FREQ[rule.every]}
    if rule.interval != 1:
        parts["INTERVAL"] = rule.interval
    if rule.weekday is not None and rule.ordinal is not None:
        parts["BYDAY"] = f"{rule.ordinal}{_RRULE_DAYS[rule.weekday]}"
    if rule.monthday is not None:
        parts["BYMONTHDAY"] = rule.monthday
    if rule.count is not None:
        parts["COUNT"] = rule.count
    if rule.until is not None:
        if isinstance(start, dt.datetime):
            last_moment = dt.datetime(rule.until.year, rule.until.month, rule.until.day, 23, 59, 59, tzinfo=BERLIN)
            parts["UNTIL"] = last_moment.astimezone(dt.timezone.utc)
        else:
            parts["UNTIL"] = rule.until
    return parts


def rrule_text(rule: Rule, start: When) -> str:
    """`FREQ=MONTHLY;BYDAY=1WE;UNTIL=20240630T215959Z` (Google's `recur=` takes it)."""
    def value(item: object) -> str:
        if isinstance(item, dt.datetime):
            return f"{item:%Y%m%dT%H%M%SZ}"
        if isinstance(item, dt.date):
            return f"{item:%Y%m%d}"
        return str(item)

    return ";".join(f"{name}={value(item)}" for name, item in rrule_parts(rule, start).items())
