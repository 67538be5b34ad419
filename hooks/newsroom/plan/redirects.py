"""Redirects from the addresses bulletin events had before they kept their identity.

Until issue 19, an entry of a bulletin's `events` list was `…/termin-<n>/`, `n` its
position among the public entries (`mitgliedertermin-<n>` among the member-only ones),
so deleting an entry moved every later address to another date. Entries are now named
after themselves (read/identity.py). Links to the old addresses were shared in chats,
so each old address that is free becomes a small page that sends the reader on to the
entry that had that number as the list stands (the same date, as long as the list was
not reordered since; search engines read an immediate refresh as a redirect).

Computed from the visible entries only, so the public build never counts member ones.
"""

from __future__ import annotations

from ..model import Content
from ..pages import PagePlan, url_of
from ..read.identity import former_names
from .eventcards import SECTION, event_src_uri

TEMPLATE = "redirect.html"


def plan(content: Content) -> list[PagePlan]:
    pages = []
    for bulletin in content.bulletins:
        current = {event.key.rsplit("/", 1)[1] for event in bulletin.events}
        for event, former in zip(bulletin.events, former_names([e.audience for e in bulletin.events])):
            if former in current:
                continue  # the entry's own name (a `slug`), or another entry's: nothing to forward
            pages.append(
                PagePlan(
                    src_uri=f"{SECTION}/{bulletin.key}/{former}.md",
                    title=event.title,
                    template=TEMPLATE,
                    in_search=False,
                    meta={"hide": ["toc", "navigation"]},
                    context={"kind": "redirect", "target": url_of(event_src_uri(event))},
                )
            )
    return pages
