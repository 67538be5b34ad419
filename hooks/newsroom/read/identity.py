"""The identity of each entry of a bulletin's `events` list: the last part of its key.

The key is the entry's URL (`termine/2024/<bulletin>/<name>/`) and calendar UID, so it
must never move to another date when editors add, delete or reorder entries. It is
therefore made from the entry itself, never from its position:

- its `slug`, when given;
- else its title as a slug (`Roter Stammtisch` -> `roter-stammtisch`), so moving the
  date keeps the identity;
- entries of one list (and audience) that share a title, or whose title gives a name
  the site uses otherwise (`termin-3`, `index`), add their first day:
  `roter-stammtisch-2024-02-07`; two entries with the same title on the same day are
  numbered in list order (`…-2024-02-07-2`), the one case where order counts (a
  `slug` pins them). Existing lists without `slug` therefore always keep building.
- a `slug` that another entry's name already has is an error asking for another one.

Public entries are named from public entries only, so the public build names its
dates exactly as if member-only entries had never been written (the leak proof
compares the two). Member entries that would take a public name add their day, or,
when that is taken too, must have a `slug`.
"""

from __future__ import annotations

import re
from typing import Any

from .. import dates
from ..model import Audience
from ..slugs import slugify

MAX_LENGTH = 60  # characters of a name made from a title (URLs stay readable)
_FORMER = re.compile(r"(?:mitglieder)?termin-\d+")  # names of the old position scheme
_RESERVED = frozenset({"seite", "themen", "index"})


def title_name(title: str) -> str:
    """`Sitzung des Stadtvorstandes` -> `sitzung-des-stadtvorstandes`, cut at a hyphen."""
    name = slugify(title) or "termin"
    if len(name) > MAX_LENGTH:
        name = name[:MAX_LENGTH].rsplit("-", 1)[0] or name[:MAX_LENGTH]
    return name


def names(entries: list[tuple[dict[str, Any], int]]) -> tuple[list[str], list[tuple[int, str]]]:
    """Entries (converted values, list index) -> (their names in order, problems as
    (list index, German message))."""
    result: dict[int, str] = {}
    problems: list[tuple[int, str]] = []
    taken: dict[str, int] = {}  # name -> list index, public names first
    for audience in (Audience.PUBLIC, Audience.MEMBERS):
        group = [(values, index) for values, index in entries if values.get("audience", Audience.PUBLIC) is audience]
        bases = [title_name(values["title"]) for values, _ in group]
        for (values, index), base in zip(group, bases):
            if values.get("slug"):
                name = values["slug"]
            else:
                shared = bases.count(base) > 1 or base in _RESERVED or _FORMER.fullmatch(base)
                if audience is Audience.MEMBERS and base in taken:
                    shared = True
                name = f"{base}-{dates.day_of(values['start']).isoformat()}" if shared else base
                # Twins (same title, same day) are told apart by their order; a `slug` pins them.
                number = 2
                while name in taken:
                    name, number = f"{base}-{dates.day_of(values['start']).isoformat()}-{number}", number + 1
            if name in taken:
                problems.append((index, _collision(name, taken[name], index, values)))
                continue
            taken[name] = index
            result[index] = name
    return [result.get(index, "") for _, index in entries], problems


def _collision(name: str, first: int, second: int, values: dict[str, Any]) -> str:
    return (
        f"Zwei Termine dieses Beitrags hätten dieselbe Adresse „{name}“ (Eintrag {first + 1} und Eintrag "
        f"{second + 1}); erwartet ein eigener „slug“ für "
        f"einen von beiden, z. B. „slug: {title_name(values['title'])}-2“. Bei regelmäßigen Terminen hilft "
        "„repeat“ (siehe Anleitung)."
    )


def former_names(audiences: list[Audience]) -> list[str]:
    """The names the old position scheme gave (`termin-<n>`, counting public entries;
    `mitgliedertermin-<n>`, counting member entries), for redirects from shared links."""
    counters = {Audience.PUBLIC: 0, Audience.MEMBERS: 0}
    prefixes = {Audience.PUBLIC: "termin", Audience.MEMBERS: "mitgliedertermin"}
    out = []
    for audience in audiences:
        counters[audience] += 1
        out.append(f"{prefixes[audience]}-{counters[audience]}")
    return out
