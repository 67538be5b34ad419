"""Disk-side guards that keep the member site out of the public one (thin; the rules are in newsroom/).

- `gh-deploy` with the member configuration is refused: it would push the member site
  to a public branch.
- Output folders: the member build leaves a marker file (`MARKER`) in its output. The
  public build refuses a folder that holds such a marker, lies inside a folder that
  holds one, or contains one further down. The member build refuses a folder that lies
  inside, holds, or is a built site without the marker (a public site, however its
  folder was given: `site_dir`, `-d`), besides the configured public folder (checked
  in `newsroom.read.variants`).
- After the public build has written everything into its staging folder, and before
  that folder is swapped in (`build_guard.py`), every written page and feed is read
  with an HTML parser (`newsroom.check.output_links`): a URL to member content or to
  the member site aborts the build, and the old site stays as it was.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from newsroom.check import member_links, output_links
from newsroom.errors import ContentError
from newsroom.model import Audience, Content
from newsroom.plan.audience import is_member_docs_path

MARKER = ".newsroom-mitgliederseite"
_SITE_FILES = ("404.html", "sitemap.xml")
_SCANNED = (".html", ".htm", ".xml", ".ics", ".json", ".txt", ".css", ".webmanifest")


_MEMBER_BOX = re.compile(r"""class\s*=\s*["'][^"']*\badmonition\b[^"']*\bmembers\b""", re.IGNORECASE)


def renders_member_box(html: str) -> bool:
    """Whether rendered HTML holds a `members` block (`/// members`, `!!! members`)."""
    return "members" in html and bool(_MEMBER_BOX.search(html))


def deploy_problem(command: str, audience: Audience) -> str | None:
    if command == "gh-deploy" and audience is Audience.MEMBERS:
        return (
            "„mkdocs gh-deploy“ mit der Mitgliederseite ist nicht erlaubt: GitHub Pages ist öffentlich. "
            "Die Mitgliederseite bitte mit „make deploy“ (DEPLOY_MEMBERS) hinter die Anmeldung bringen."
        )
    return None


def _is_built_public_site(folder: Path) -> bool:
    return any((folder / name).is_file() for name in _SITE_FILES) and not (folder / MARKER).exists()


def _around(folder: Path) -> list[Path]:
    """The folder and every folder above it."""
    return [folder, *folder.parents]


def _below(folder: Path):
    if not folder.is_dir():
        return
    for current, dirs, _ in os.walk(folder):
        dirs.sort()
        for name in dirs:
            yield Path(current) / name


def place_problems(site_dir: str, audience: Audience) -> list[str]:
    """German messages if this build's output folder would nest with the other build's."""
    folder = Path(site_dir).resolve()
    if audience is Audience.MEMBERS:
        for place in _around(folder):
            if _is_built_public_site(place):
                return [
                    f"Die Mitgliederseite würde in „{folder}“ geschrieben; dort oder darüber („{place}“) liegt eine "
                    "öffentliche Website. Bitte einen eigenen Ordner außerhalb der öffentlichen Website wählen "
                    "(auch bei „-d“)."
                ]
        for place in _below(folder):
            if _is_built_public_site(place):
                return [
                    f"Die Mitgliederseite würde in „{folder}“ geschrieben; darin liegt eine öffentliche Website "
                    f"(„{place}“). Bitte einen eigenen Ordner wählen (auch bei „-d“)."
                ]
        return []
    for place in [*_around(folder), *_below(folder)]:
        if (place / MARKER).exists():
            return [
                f"Die öffentliche Website würde in „{folder}“ geschrieben; dort, darüber oder darin („{place}“) "
                "liegt die Mitgliederseite. Bitte einen eigenen Ordner wählen (auch bei „-d“)."
            ]
    return []


def mark_member_output(staging: Path) -> None:
    staging.mkdir(parents=True, exist_ok=True)
    (staging / MARKER).write_text(
        "Dieser Ordner enthält die Mitgliederseite. Nie dort veröffentlichen, wo die öffentliche Website liegt.\n",
        encoding="utf-8",
    )


def output_problems(
    staging: Path,
    content: Content,
    root: Path,
    docs: str,
    site_url: str | None,
    member_url: str | None,
    output_sources: dict[str, str],
    referenced: set[str] | None = None,
) -> list[ContentError]:
    """Links to member content in the written public site, and member-only files it holds.

    `referenced`, if given, receives every site path the written files point to."""
    files = {
        path.relative_to(staging).as_posix(): path.read_bytes()
        for path in sorted(staging.rglob("*"))
        if path.is_file() and path.suffix.lower() in _SCANNED
    }
    space = member_links.member_space(content, docs)
    found = output_links.scan(files, space, site_url or "https://example.invalid/", member_url)
    if referenced is not None:
        referenced |= found.referenced
    errors = []
    for hit in found.hits:
        source = output_sources.get(hit.output)
        errors.append(ContentError(source or hit.output, _line_of(root, source, hit.url), None, output_links.message(hit)))
    assets = frozenset(
        path.relative_to(root / docs).as_posix()
        for path in (root / docs).rglob("*")
        if path.is_file() and path.suffix != ".md" and (staging / path.relative_to(root / docs)).is_file()
    )
    for asset in sorted(member_links.member_mentioned_files(content, assets, docs)):
        if not is_member_docs_path(asset) and asset not in found.referenced:
            errors.append(ContentError(f"{docs}/{asset}", None, None, output_links.unused_member_file_message(f"{docs}/{asset}")))
    return errors


def _line_of(root: Path, source: str | None, url: str) -> int | None:
    if not source or not (root / source).is_file():
        return None
    needle = url.strip().split("#")[0].rstrip("/").rsplit("/", 1)[-1] or url.strip()
    for number, line in enumerate((root / source).read_text(encoding="utf-8", errors="replace").split("\n"), 1):
        if needle and needle in line:
            return number
    return None
