"""Build settings: everything the core needs to know about the site, as plain values."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .model import Audience


@dataclass(frozen=True)
class Settings:
    audience: Audience
    site_url: str  # absolute, ends with "/"
    site_name: str
    now: dt.datetime  # aware; from SOURCE_DATE_EPOCH when set
    page_size: int = 10  # bulletins per list page
    home_count: int = 5  # latest bulletins on the home page
    feed_items: int = 20  # newest items in each news feed
    include_drafts: bool = False  # `mkdocs serve` only
    home_dates: int = 3  # next dates on the home page
    calendar_keep_days: int = 365  # past events stay this long in the ICS feed and "Termine"

    def absolute(self, url: str) -> str:
        """A site-relative URL (`aktuelles/2024/x/`) made absolute."""
        return self.site_url + url.lstrip("/")
