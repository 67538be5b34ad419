"""Shared shapes of the site plan: pages to generate, cards, tags, pagination.

A `PagePlan` is everything a front end needs to produce one page: where it goes
(`src_uri`, as if it were a file in `docs/`), its Markdown (if any), its template and
the template's data. URLs are site-relative (`aktuelles/2024/x/`), as MkDocs writes
them with `use_directory_urls`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Sequence


@dataclass(frozen=True)
class PagePlan:
    src_uri: str
    title: str
    template: str
    markdown: str = ""
    in_search: bool = True
    description: str | None = None
    # Extra front matter for MkDocs/Material (e.g. {"hide": ["toc"]}).
    meta: dict[str, Any] = field(default_factory=dict)
    # What the template reads, under the name `plan` (see overrides/).
    context: dict[str, Any] = field(default_factory=dict)

    @property
    def url(self) -> str:
        return url_of(self.src_uri)


def url_of(src_uri: str) -> str:
    """`a/b.md` -> `a/b/`, `a/index.md` -> `a/`, `index.md` -> `` (directory URLs)."""
    stem = src_uri.removesuffix(".md")
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


@dataclass(frozen=True)
class TagRef:
    name: str
    slug: str
    url: str


# Pages linked either side of the current one in a list's page numbers.
WINDOW = 2


@dataclass(frozen=True)
class PageLink:
    number: int
    url: str


@dataclass(frozen=True)
class Pagination:
    current: int
    total: int
    links: tuple[PageLink, ...]

    @property
    def previous(self) -> PageLink | None:
        return self.links[self.current - 2] if self.current > 1 else None

    @property
    def next(self) -> PageLink | None:
        return self.links[self.current] if self.current < self.total else None

    @property
    def window(self) -> tuple[PageLink | None, ...]:
        """The links a page shows: the first, the last and two either side of the current
        one; None stands for left-out pages. Its size does not grow with the list, so a
        long list does not cost (pages x pages) links."""
        near = range(max(1, self.current - WINDOW), min(self.total, self.current + WINDOW) + 1)
        shown: list[PageLink | None] = []
        previous = 0
        for number in sorted({1, self.total, *near}):
            if number > previous + 1:
                shown.append(None)
            shown.append(self.links[number - 1])
            previous = number
        return tuple(shown)


def paginate(base: str, items: Sequence, size: int) -> list[tuple[str, Sequence, Pagination]]:
    """Split `items` into pages: `<base>/index.md`, `<base>/seite/2.md`, …

    At least one page, even for no items, so a list's URL always exists.
    """
    total = max(1, math.ceil(len(items) / size))
    sources = [f"{base}/index.md"] + [f"{base}/seite/{n}.md" for n in range(2, total + 1)]
    links = tuple(PageLink(n, url_of(src)) for n, src in enumerate(sources, start=1))
    return [
        (src, items[(n - 1) * size : n * size], Pagination(n, total, links))
        for n, src in enumerate(sources, start=1)
    ]
