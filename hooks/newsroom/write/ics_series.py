"""Recurring dates in iCalendar: RRULE and EXDATE on the series' VEVENT, and one
overriding VEVENT (same UID, RECURRENCE-ID) per changed occurrence.

Only RRULE parts that Google Calendar, Outlook and Apple Calendar all read are
written (recurrence.rrule_parts). Times keep their TZID, so an occurrence after the
change to summer time is still at 19:00 Berlin time. An `except` date becomes an
EXDATE (the apps drop the occurrence); a change with `status: cancelled` becomes an
override with STATUS:CANCELLED, like a cancelled single date.
"""

from __future__ import annotations

from dataclasses import replace

import icalendar

from .. import dates, recurrence
from ..model import Event


def add_rule(component: icalendar.Event, series: Event) -> None:
    rule = series.repeat
    assert rule is not None
    component.add("RRULE", icalendar.vRecur(recurrence.rrule_parts(rule, series.start)))
    if rule.exceptions:
        first = dates.day_of(series.start)
        component.add("EXDATE", [recurrence.shifted(series.start, first, day) for day in rule.exceptions])


def changed(series: Event) -> list[Event]:
    """The changed occurrences, as events of their own (in rule-day order)."""
    rule = series.repeat
    assert rule is not None
    found = []
    for change in sorted(rule.changes, key=lambda c: c.day):
        o = recurrence.occurrence(series.start, series.end, series.location, series.online, series.status, rule, change.day)
        found.append(replace(series, start=o.start, end=o.end, location=o.location, online=o.online,
                             status=o.status, repeat=None, rule_day=o.day))
    return found


def with_recurrence_id(component: icalendar.Event, occurrence: Event, series: Event) -> icalendar.Event:
    """The occurrence's VEVENT made an override: RECURRENCE-ID is its start as the rule gives it."""
    assert occurrence.rule_day is not None
    component.add("RECURRENCE-ID", recurrence.shifted(series.start, dates.day_of(series.start), occurrence.rule_day))
    return component
