"""The site search's index in parts (pure): which part a page belongs to, and the list of parts.

Pagefind's search code scores every page a query word occurs in against every other
such page (its cost grows with the square of the matching pages: 0.4-1.3 s for a
common word at 12,000 pages on a slow machine). So a large site's index is made in
parts of at most `PART_PAGES` pages: pages are grouped by the year in their address
(`aktuelles/2024/…`, `termine/2024/…`; standing pages have none), the newest years
together with the standing pages, then year by year backwards, and the reader's
browser searches the parts one after the other and merges the results (Pagefind's
`mergeIndex`): the cost is that of a part's pages, whatever the number of years. A
site below `PART_PAGES` pages has one part, as if there were no parts.

The part with the standing pages is the bundle in `pagefind/` (the script loads it
first); each other part is a bundle in `pagefind/<years>/` (`2024` or `2016-2018`),
listed in `pagefind/teile.json`.
"""

from __future__ import annotations

import json
import re

ROOT_PART = ""  # the part with the standing pages (pages without a year): the bundle in pagefind/ itself
# Pages (every page MkDocs renders, indexed or not) per part. Measured at 10,000 bulletins
# (one year: about 1,500 pages, so a part per year): a keystroke's search took 0.4-1.3 s
# in one index of 13,000 pages and 6-40 ms per part.
PART_PAGES = 1000
MANIFEST = "teile.json"  # the year parts, for the search script
_YEAR = re.compile(r"(?:aktuelles|termine)/(\d{4})/")


def year_of(path: str) -> str:
    """The year in the address of a page written to `path` (`aktuelles/2024/x/index.html`
    -> "2024"), or ROOT_PART."""
    found = _YEAR.match(path)
    return found.group(1) if found else ROOT_PART


def group(counts: dict[str, int], limit: int = PART_PAGES) -> dict[str, str]:
    """Year (or ROOT_PART) -> the part it belongs to, from the pages per year.

    Newest first, the standing pages with the newest years; a part takes years while it
    stays within `limit` pages (a larger year is a part of its own). A part is named by
    its years, oldest-newest; the one with the standing pages is ROOT_PART.
    """
    order = [ROOT_PART, *sorted((year for year in counts if year != ROOT_PART), reverse=True)]
    groups: list[list[str]] = []
    size = 0
    for year in order:
        pages = counts.get(year, 0)
        if groups and size + pages <= limit:
            groups[-1].append(year)
            size += pages
        else:
            groups.append([year])
            size = pages
    parts = {}
    for members in groups:
        years = sorted(year for year in members if year != ROOT_PART)
        name = ROOT_PART if ROOT_PART in members else (years[0] if len(years) == 1 else f"{years[0]}-{years[-1]}")
        parts.update({year: name for year in members})
    return parts


def manifest(parts) -> bytes:
    """`teile.json`: the other parts, newest first (the root part is the bundle itself)."""
    years = sorted((part for part in parts if part != ROOT_PART), reverse=True)
    return json.dumps(years, separators=(",", ":")).encode("utf-8")
