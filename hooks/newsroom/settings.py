"""Build settings: everything the core needs to know about the site, as plain values."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from .model import Audience


@dataclass(frozen=True)
class Settings:
    audience: Audience
    site_url: str  # absolute, ends with "/"
    site_name: str
    now: dt.datetime  # aware; from SOURCE_DATE_EPOCH when set
    page_size: int = 10  # bulletins per list page
    # Pages of "Aktuelles"; older bulletins are in the year archive, whose pages stay
    # the same when new bulletins arrive (each one would shift every page of the stream).
    list_pages: int = 10
    home_count: int = 5  # latest bulletins on the home page
    feed_items: int = 20  # newest items in each news feed
    topic_feed_items: int = 10  # newest items in each topic's feed (at most feed_items)
    include_drafts: bool = False  # `mkdocs serve` only
    home_dates: int = 3  # next dates on the home page
    calendar_keep_days: int = 365  # past events stay this long in the ICS feed and "Termine"
    archive_page_size: int = 100  # bulletins per page of a year's archive (title and date only)

    def absolute(self, url: str) -> str:
        """A site-relative URL (`aktuelles/2024/x/`) made absolute."""
        return self.site_url + url.lstrip("/")


# Options of `extra.newsroom` in mkdocs.yml that are whole numbers, with their minimum.
NUMBER_OPTIONS = {
    "page_size": 1,
    "list_pages": 1,
    "home_count": 1,
    "feed_items": 1,
    "topic_feed_items": 1,
    "home_dates": 1,
    "calendar_keep_days": 0,
    "archive_page_size": 1,
}


# Larger numbers mean nothing here (36,500 days is a century) and would overflow date arithmetic.
NUMBER_MAXIMUM = 36_500


def number_options(options: Mapping) -> tuple[dict[str, int], list[str]]:
    """The numbers among `extra.newsroom`'s options, and a German message for each wrong one."""
    values: dict[str, int] = {}
    problems: list[str] = []
    for key, minimum in NUMBER_OPTIONS.items():
        if key not in options:
            continue
        value = options[key]
        if isinstance(value, bool) or not isinstance(value, int) or not minimum <= value <= NUMBER_MAXIMUM:
            problems.append(
                f"mkdocs.yml, extra.newsroom.{key}: erwartet eine ganze Zahl von {minimum} bis {NUMBER_MAXIMUM}, gefunden: {value!r}"
            )
        else:
            values[key] = value
    return values, problems


def from_config(
    options: Mapping, *, site_url: str | None, site_name: str | None, audience: Audience, now: dt.datetime,
    include_drafts: bool = False,
) -> tuple[Settings, list[str]]:
    """Settings from mkdocs.yml's values (`options`: `extra.newsroom`), and a German
    message for each wrong option (the settings then use the defaults for those)."""
    numbers, problems = number_options(options)
    settings = Settings(
        audience=audience,
        site_url=(site_url or "http://localhost/").rstrip("/") + "/",
        site_name=site_name or "",
        now=now,
        include_drafts=include_drafts,
        **numbers,
    )
    return settings, problems


class EpochError(ValueError):
    """SOURCE_DATE_EPOCH is set but names no moment; the message is German."""


def epoch_moment(value: str | None) -> dt.datetime | None:
    """The moment SOURCE_DATE_EPOCH (seconds since 1970) names, or None when it is unset."""
    if not value:
        return None
    try:
        return dt.datetime.fromtimestamp(int(value.strip()), tz=dt.timezone.utc)
    except (ValueError, OverflowError, OSError):
        raise EpochError(
            f"Die Umgebungsvariable SOURCE_DATE_EPOCH ist „{value}“; erwartet werden Sekunden seit 1970 "
            "als ganze Zahl (z. B. 1735689600), oder die Variable gar nicht setzen (dann gilt die Uhr)."
        ) from None
