"""The site search's index in parts (pure): which part a page belongs to, and the list of parts.

Pagefind's search code scores every page a query word occurs in against every other
such page (its cost grows with the square of the matching pages: 0.4-1.3 s for a
common word at 13,000 pages on this project's 2-core machine). So a large site's index
is made in parts of at most `PART_PAGES` pages: pages are grouped by the section and
year in their address (`aktuelles/2024/…` is "2024", `termine/2024/…` "2024-termine";
standing pages and lists have none), the newest together with the standing pages, then
backwards; the reader's browser searches the parts one after the other and merges the
results (Pagefind's `mergeIndex`): a query costs about that of one part's pages times
the number of parts, not the square of all pages. A site below `PART_PAGES` pages has
one part, as if there were no parts.

The part with the standing pages is the bundle in `pagefind/` (the script loads it
first); each other part is a bundle in `pagefind/<name>/` (`2024`, `2024-termine`, or
`2016_2018-termine` for several keys), listed in `pagefind/teile.json`.
"""

from __future__ import annotations

import json
import re

ROOT_PART = ""  # the part with the standing pages (pages without a year): the bundle in pagefind/ itself
# Pages (every page MkDocs renders, indexed or not) per part. Measured at 10,000 bulletins
# (a year: about 1,000 bulletins and 500 dates) with a search for a word on every page:
# 0.4-1.3 s in one index of 13,000 pages; 6-40 ms per part of a year.
PART_PAGES = 1000
MANIFEST = "teile.json"  # the other parts, for the search script
_KEY = re.compile(r"(aktuelles|termine)/(\d{4})/")


def year_of(path: str) -> str:
    """The key of a page written to `path`: `aktuelles/2024/x/index.html` -> "2024",
    `termine/2024/x/index.html` -> "2024-termine", anything else ROOT_PART."""
    found = _KEY.match(path)
    if not found:
        return ROOT_PART
    return found.group(2) if found.group(1) == "aktuelles" else f"{found.group(2)}-termine"


def _newest_first(keys) -> list[str]:
    return sorted(keys, key=lambda key: (key[:4], key), reverse=True)


def group(counts: dict[str, int], limit: int = PART_PAGES) -> dict[str, str]:
    """Key (or ROOT_PART) -> the part it belongs to, from the pages per key.

    Newest first, the standing pages with the newest keys; a part takes keys while it
    stays within `limit` pages (a larger key is a part of its own). A part is named by
    its key, or its oldest and newest key; the one with the standing pages is ROOT_PART.
    """
    order = [ROOT_PART, *_newest_first(key for key in counts if key != ROOT_PART)]
    groups: list[list[str]] = []
    size = 0
    for key in order:
        pages = counts.get(key, 0)
        if groups and size + pages <= limit:
            groups[-1].append(key)
            size += pages
        else:
            groups.append([key])
            size = pages
    parts = {}
    for members in groups:
        keys = _newest_first(key for key in members if key != ROOT_PART)
        name = ROOT_PART if ROOT_PART in members else (keys[0] if len(keys) == 1 else f"{keys[-1]}_{keys[0]}")
        parts.update({key: name for key in members})
    return parts


def manifest(parts) -> bytes:
    """`teile.json`: the other parts, newest first (the root part is the bundle itself)."""
    names = sorted((part for part in parts if part != ROOT_PART), key=lambda name: (name.split("_")[-1][:4], name), reverse=True)
    return json.dumps(names, separators=(",", ":")).encode("utf-8")
