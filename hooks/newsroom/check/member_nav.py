"""The navigation of both builds: no member page in the public one, a "Mitglieder"
section in the member one.

The public `nav` (mkdocs.yml) must not name member pages: MkDocs would print the
entry's title and path into every public page, 404 included, even though the page
itself is not built. The member build inherits that `nav` and gets the member pages
appended as a section of their own, so editors never list them by hand.
"""

from __future__ import annotations

import posixpath
from typing import Any, Iterator

from ..errors import ContentError
from .member_links import MemberSpace
from ..model import Audience, Content

SECTION_TITLE = "Mitglieder"


def member_pages(content: Content) -> list[str]:
    """src_uris of the member-only standing pages; in each folder `index.md` first."""

    def order(src_uri: str) -> tuple:
        folder, name = posixpath.split(src_uri)
        return (folder, name != "index.md", name)

    return sorted((p.src_uri for p in content.pages if p.audience is Audience.MEMBERS), key=order)


def with_member_section(nav: list | None, content: Content) -> list | None:
    """The member build's `nav`: the configured one plus a "Mitglieder" section.

    `None` (no `nav` configured) stays `None`: MkDocs then lists every page itself.
    Pages the configured `nav` already names are not repeated.
    """
    if nav is None:
        return None
    named = {posixpath.normpath(target.lstrip("/")) for _, target in entries(nav)}
    missing = [src_uri for src_uri in member_pages(content) if src_uri not in named]
    if not missing:
        return list(nav)
    return [*nav, {SECTION_TITLE: missing}]


def entries(nav: Any, title: str | None = None) -> Iterator[tuple[str | None, str]]:
    """(title, target) of every page or link of a MkDocs `nav` value, depth first."""
    if isinstance(nav, str):
        yield title, nav
    elif isinstance(nav, list):
        for item in nav:
            yield from entries(item)
    elif isinstance(nav, dict):
        for key, value in nav.items():
            yield from entries(value, str(key))


def nav_problems(nav: list | None, space: MemberSpace, config_path: str, config_text: str = "") -> list[ContentError]:
    """Every entry of the public `nav` that points at a member-only page."""
    errors = []
    for title, target in entries(nav or []):
        path = target.split("#", 1)[0]
        if "://" in path or path.startswith(("//", "mailto:")) or not space.holds(path):
            continue
        shown = f"„{title}: {target}“" if title else f"„{target}“"
        errors.append(
            ContentError(
                config_path, _line_of(config_text, target), "nav",
                f"Die Navigation der öffentlichen Website nennt {shown}, eine Seite nur für Mitglieder; "
                "erwartet nur öffentliche Seiten. Bitte den Eintrag entfernen: Die Mitgliederseite "
                f"bekommt den Abschnitt „{SECTION_TITLE}“ mit allen Mitgliederseiten von selbst.",
            )
        )
    return errors


def _line_of(text: str, value: str) -> int | None:
    """The first line of the configuration that mentions `value` (for the message)."""
    for number, line in enumerate(text.split("\n"), start=1):
        if value in line and not line.lstrip().startswith("#"):
            return number
    return None
