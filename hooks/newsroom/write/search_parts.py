"""The site search's index in parts (pure): which part a page belongs to, and the list of parts.

Pagefind's search code scores every page a query word occurs in against every other
such page (its cost grows with the square of the matching pages: 0.4-1.3 s for a
common word at 12,000 pages on a slow machine). So the index is made in parts, one
per year of the bulletins and events (`aktuelles/2024/…`, `termine/2024/…`) and one
for everything else (standing pages), and the reader's browser searches them one
after the other and merges the results (Pagefind's `mergeIndex`): the cost is then
that of a year's pages, whatever the number of years. A part is also finished as soon
as its last page is rendered, so the indexing of a year overlaps the rendering of the
next one (hooks/newsroom_search.py).

The part without a year is the bundle in `pagefind/` (the script loads it first); each
year is a bundle in `pagefind/<year>/`, listed in `pagefind/teile.json`.
"""

from __future__ import annotations

import json
import re

ROOT_PART = ""  # standing pages and anything else without a year: the bundle in pagefind/ itself
MANIFEST = "teile.json"  # the year parts, for the search script
_YEAR = re.compile(r"(?:aktuelles|termine)/(\d{4})/")


def part_of(path: str) -> str:
    """The part of a page written to `path` (`aktuelles/2024/x/index.html` -> "2024")."""
    found = _YEAR.match(path)
    return found.group(1) if found else ROOT_PART


def bundle_folder(part: str) -> str:
    """Where a part's bundle lies, relative to `pagefind/`."""
    return part


def manifest(parts) -> bytes:
    """`teile.json`: the year parts, newest first (the root part is not listed: it is the bundle itself)."""
    years = sorted((part for part in parts if part != ROOT_PART), reverse=True)
    return json.dumps(years, separators=(",", ":")).encode("utf-8")
