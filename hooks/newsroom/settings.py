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
    include_drafts: bool = False  # `mkdocs serve` only
    archive_page_size: int = 100  # bulletins per page of a year's archive (title and date only)

    def absolute(self, url: str) -> str:
        """A site-relative URL (`aktuelles/2024/x/`) made absolute."""
        return self.site_url + url.lstrip("/")
