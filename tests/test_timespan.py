"""When events take place: German labels, ranges, the moment they are over, DST."""

from __future__ import annotations

import datetime as dt

import pytest

from eventdata import content, notice
from newsroom import dates
from newsroom.plan import timespan
from newsroom.plan.eventcards import card


def event(start: str, end: str | None = None):
    keys = {"end": end} if end else {}
    return content({"bulletins/x.md": notice(start=start, **keys)}).notices[0]


@pytest.mark.parametrize(
    ("start", "end", "label"),
    [
        ("2024-02-13 19:00", None, "Di., 13. Februar 2024, 19:00 Uhr"),
        ("2024-02-13 19:00", "2024-02-13 21:00", "Di., 13. Februar 2024, 19:00–21:00 Uhr"),
        ("2024-02-13 19:00", "2024-02-14 02:00", "Di., 13. Februar 2024, 19:00 Uhr – Mi., 14. Februar 2024, 02:00 Uhr"),
        ("2024-01-27", None, "Sa., 27. Januar 2024"),
        ("2024-01-27", "2024-01-27", "Sa., 27. Januar 2024"),
        ("2027-01-23", "2027-01-24", "Sa., 23. – So., 24. Januar 2027"),
        ("2026-11-30", "2026-12-02", "Mo., 30. November – Mi., 2. Dezember 2026"),
        ("2026-12-30", "2027-01-02", "Mi., 30. Dezember 2026 – Sa., 2. Januar 2027"),
    ],
)
def test_german_labels(start, end, label):
    assert timespan.when_label(event(start, end)).text == label


def test_label_parts_carry_machine_readable_times():
    when = timespan.when_label(event("2024-02-13 19:00", "2024-02-13 21:00"))
    assert (when.start_iso, when.end_iso) == ("2024-02-13T19:00+01:00", "2024-02-13T21:00+01:00")
    days = timespan.when_label(event("2027-01-23", "2027-01-24"))
    assert (days.start_iso, days.end_iso) == ("2027-01-23", "2027-01-24")


@pytest.mark.parametrize(
    ("start", "expected"),
    [
        ("2024-02-13 19:00", "2024-02-13T19:00+01:00"),  # winter: CET
        ("2024-07-09 19:00", "2024-07-09T19:00+02:00"),  # summer: CEST
        ("2024-03-31 03:00", "2024-03-31T03:00+02:00"),  # first hour after the spring change
        ("2024-10-27 03:00", "2024-10-27T03:00+01:00"),  # first hour after the autumn change
    ],
)
def test_berlin_offsets_follow_daylight_saving(start, expected):
    item = card(event(start))
    assert item.when.start_iso == expected
    assert item.start_iso == expected


@pytest.mark.parametrize(
    ("start", "end", "over"),
    [
        ("2024-02-13 19:00", "2024-02-13 21:00", "2024-02-13T21:00+01:00"),
        ("2024-02-13 19:00", None, "2024-02-14T00:00+01:00"),  # no end: the rest of its day
        ("2024-01-27", None, "2024-01-28T00:00+01:00"),
        ("2027-01-23", "2027-01-24", "2027-01-25T00:00+01:00"),
        ("2024-03-30", "2024-03-30", "2024-03-31T00:00+01:00"),  # the night of the change
        ("2024-03-31", None, "2024-04-01T00:00+02:00"),
    ],
)
def test_end_moment(start, end, over):
    assert dates.iso(timespan.ends_at(event(start, end))) == over


def test_past_is_decided_by_the_end_not_the_start():
    meeting = event("2024-02-13 19:00", "2024-02-13 21:00")
    berlin = dt.timezone(dt.timedelta(hours=1))
    assert not timespan.is_past(meeting, dt.datetime(2024, 2, 13, 20, 59, tzinfo=berlin))
    assert timespan.is_past(meeting, dt.datetime(2024, 2, 13, 21, 0, tzinfo=berlin))


def test_days_and_exclusive_end():
    retreat = event("2027-01-23", "2027-01-24")
    assert timespan.days(retreat) == [dt.date(2027, 1, 23), dt.date(2027, 1, 24)]
    assert timespan.exclusive_end_day(retreat) == dt.date(2027, 1, 25)
    until_midnight = event("2024-02-13 19:00", "2024-02-14 00:00")
    assert timespan.days(until_midnight) == [dt.date(2024, 2, 13)]
    overnight = event("2024-02-13 19:00", "2024-02-14 02:00")
    assert timespan.days(overnight) == [dt.date(2024, 2, 13), dt.date(2024, 2, 14)]
