"""Planned posts: a bulletin or event notice whose `date` lies after "now".

Such an item is not published yet: the audience filter (`audience.for_audience`)
leaves it out of every build, and the first build on or after its date (the nightly
build) publishes it. `mkdocs serve` shows it, marked "geplant". Pure: `now` is an
argument (SOURCE_DATE_EPOCH or the clock, read by the front ends).

A day (`date: 2026-12-01`) is published from 00:00 of that day in Berlin, a moment
(`date: 2026-12-01 18:00`) from that moment on.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .. import dates
from ..model import BERLIN, Bulletin, Content, Event, When, sort_key_moment


def publication_date(item: Bulletin | Event) -> When | None:
    """The date an item goes live: a bulletin's `date`, a notice's `date` (its
    announcement); None for a notice without `date` (published at once)."""
    return item.date if isinstance(item, Bulletin) else item.announced


def is_planned(item: Bulletin | Event, now: dt.datetime | None) -> bool:
    """Whether the item's date lies after `now` (aware). `now=None`: nothing is planned."""
    when = publication_date(item)
    if now is None or when is None:
        return False
    return sort_key_moment(when) > now.astimezone(BERLIN)


@dataclass(frozen=True)
class PlannedItem:
    """One planned bulletin or notice, as `make check` lists it."""

    path: str
    title: str
    date: str  # as the editor wrote it: `2026-12-01` or `2026-12-01 18:00`
    kind: str  # "Beitrag" or "Termin"
    members_only: bool


def planned_items(content: Content, now: dt.datetime) -> list[PlannedItem]:
    """Every planned item of all parsed content (drafts left out: they never go live),
    in the order they will be published, then by path."""
    items = [(b, "Beitrag") for b in content.bulletins] + [(e, "Termin") for e in content.notices]
    found = [
        (sort_key_moment(publication_date(item)), PlannedItem(
            item.source.path, item.title, dates.as_written(publication_date(item)), kind,
            item.audience.value == "members",
        ))
        for item, kind in items
        if not item.draft and is_planned(item, now)
    ]
    return [entry for _, entry in sorted(found, key=lambda pair: (pair[0], pair[1].path))]
