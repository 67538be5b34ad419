"""The navigation of both builds: no member page in the public one, a "Mitglieder"
section in the member one.

The public `nav` (mkdocs.yml) must not name member pages: MkDocs would print the
entry's title and path into every public page, 404 included, even though the page
itself is not built. The member build inherits that `nav` and gets the member pages
appended as a section of their own, so editors never list them by hand.

Every other standing page must be named in `nav` or matched by `not_in_nav`: MkDocs
only warns about it while building (strict mode then stops), so `make check` needs the
same rule to answer in one round.
"""

from __future__ import annotations

import posixpath
from typing import Any, Callable, Iterable, Iterator

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


def omitted_pages(nav: list | None, pages: Iterable[tuple[str, str]], not_in_nav: Callable[[str], bool]) -> list[ContentError]:
    """Standing pages (src_uri, file shown to editors) that `nav` leaves out unannounced.

    `nav` is the one the build uses (the member build's with its section added); no
    `nav` at all means MkDocs lists every page itself.
    """
    if nav is None:
        return []
    named = {posixpath.normpath(target.split("#", 1)[0].lstrip("/")) for _, target in entries(nav)}
    return [
        ContentError(
            shown, None, None,
            "Diese Seite steht nicht in der Navigation. Bitte in der mkdocs.yml unter „nav“ eintragen "
            f"(z. B. „- Titel: {src_uri}“) oder, wenn sie nur über Verweise erreichbar sein soll, unter „not_in_nav“.",
        )
        for src_uri, shown in sorted(pages)
        if src_uri not in named and not not_in_nav(src_uri)
    ]


def omissions_stop_the_build(strict: bool, validation: Any) -> bool:
    """Whether MkDocs stops on a page outside `nav`: strict mode and the warning level
    for omitted files (`validation: omitted_files` or `validation: nav: omitted_files`)."""
    if not strict or not isinstance(validation, dict):
        return False
    nav = validation.get("nav") if isinstance(validation.get("nav"), dict) else {}
    level = str(nav.get("omitted_files") or validation.get("omitted_files") or "info").lower()
    return level in ("warn", "warning", "error")


def navigation_problems(
    nav: list | None,
    not_in_nav: Callable[[str], bool],
    content: Content,
    shown_pages: Iterable[tuple[str, str]],
    audience: Audience,
    space: MemberSpace,
    config_path: str,
    config_text: str = "",
    omissions_stop: bool = True,
) -> list[ContentError]:
    """Both rules of this module, as the build and `make check` apply them.

    `shown_pages`: (src_uri, file) of the standing pages this audience gets.
    `omissions_stop`: MkDocs stops on pages outside `nav` (strict; see above); if not,
    such a page is only logged and still built, and so no error here either.
    """
    if audience is Audience.MEMBERS:
        nav = with_member_section(nav, content)
        public_rule = []
    else:
        public_rule = nav_problems(nav, space, config_path, config_text)
    return public_rule + (omitted_pages(nav, shown_pages, not_in_nav) if omissions_stop else [])
