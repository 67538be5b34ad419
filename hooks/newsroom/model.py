"""The typed content model: what editors wrote, parsed and validated once.

Everything here is immutable. Times are wall-clock times in Europe/Berlin: a
`datetime.date` is a whole day, an aware `datetime.datetime` (tzinfo Berlin) a
moment. Nothing in this package imports MkDocs, reads the clock or touches the disk
except `loader.py`, which reads the sources.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

if TYPE_CHECKING:  # recurrence.py imports this module
    from .recurrence import Rule

BERLIN = ZoneInfo("Europe/Berlin")

# A day or a Berlin moment, as written by the editor.
When = dt.date | dt.datetime


class Audience(enum.Enum):
    PUBLIC = "public"
    MEMBERS = "members"


class EventStatus(enum.Enum):
    SCHEDULED = "scheduled"
    CANCELLED = "cancelled"
    POSTPONED = "postponed"


@dataclass(frozen=True)
class Source:
    """Where something came from: a path relative to the project root (POSIX)."""

    path: str
    line: int | None = None

    def __str__(self) -> str:
        return self.path if self.line is None else f"{self.path}, Zeile {self.line}"


@dataclass(frozen=True)
class Event:
    """A date in the calendar: from an event notice file or a bulletin's `events` list.

    `key` is the event's identity (UIDs, URLs); it never depends on time, title,
    place or status, so a rescheduled or renamed event stays the same event.
    """

    key: str
    title: str
    start: When
    end: When | None
    location: str | None
    online: str | None
    status: EventStatus
    audience: Audience
    source: Source
    # Event notices only: they have a page and text of their own.
    slug: str | None = None
    summary: str | None = None
    tags: tuple[str, ...] = ()
    body: str = ""
    announced: When | None = None  # notice: its `date`; bulletin event: the bulletin's date
    draft: bool = False
    # Bulletin events only: the announcing bulletin's key and the entry's position.
    bulletin_key: str | None = None
    index: int | None = None
    body_line: int = 1  # file line on which `body` starts (for messages)
    image: str | None = None  # notices: the `image` key (lead photo), relative to the file
    # Recurring dates (recurrence.py): a series has a `repeat` rule; its occurrences,
    # made for the calendar lists (plan/occurrences.py), name their series and rule day.
    repeat: "Rule | None" = None
    series_key: str | None = None
    rule_day: dt.date | None = None
    planned: bool = False  # `date` after "now": only `mkdocs serve` shows it (plan/schedule.py)

    @property
    def all_day(self) -> bool:
        return not isinstance(self.start, dt.datetime)

    @property
    def is_notice(self) -> bool:
        return self.bulletin_key is None


@dataclass(frozen=True)
class Bulletin:
    key: str  # "<year>/<slug>": unique, the URL and feed identity
    title: str
    date: When
    slug: str
    source: Source
    body: str  # Markdown after the front matter, member passages still in it
    summary: str | None = None
    authors: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    audience: Audience = Audience.PUBLIC
    draft: bool = False
    events: tuple[Event, ...] = ()
    body_line: int = 1  # file line on which `body` starts (for messages)
    planned: bool = False  # `date` after "now": only `mkdocs serve` shows it (plan/schedule.py)
    image: str | None = None  # the `image` key (lead photo), relative to the file

    @property
    def year(self) -> int:
        return self.date.year

    @property
    def day(self) -> dt.date:
        return self.date.date() if isinstance(self.date, dt.datetime) else self.date


@dataclass(frozen=True)
class Content:
    """All bulletins and event notices of a site, in a deterministic order."""

    bulletins: tuple[Bulletin, ...] = ()
    notices: tuple[Event, ...] = ()
    pages: tuple["StandingPage", ...] = ()
    # Source files that are not content (editors' guides, templates) but were seen.
    ignored: tuple[str, ...] = field(default=())

    @property
    def events(self) -> tuple[Event, ...]:
        """Every event: notices and the entries of bulletins' `events` lists."""
        nested = tuple(e for b in self.bulletins for e in b.events)
        return self.notices + nested


def sort_key_moment(value: When) -> dt.datetime:
    """An aware datetime for ordering days and moments together (a day starts at 00:00)."""
    if isinstance(value, dt.datetime):
        return value
    return dt.datetime(value.year, value.month, value.day, tzinfo=BERLIN)


@dataclass(frozen=True)
class StandingPage:
    """A Markdown page of `docs/` (about us, contact, member pages)."""

    src_uri: str  # relative to docs/, POSIX
    source: Source
    audience: Audience
    front_matter: str  # the YAML text as written, kept for MkDocs/Material keys
    body: str
    body_line: int = 1
