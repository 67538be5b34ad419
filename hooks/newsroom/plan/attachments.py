"""Files beside a bulletin or event notice (PDF, office documents), published with it.

Editors link them as they link photos, relative to the Markdown file, the way GitHub's
preview follows the link: `[Einladung](2024-03-02-einladung.pdf)` beside the bulletin,
or `[Satzung](../../docs/assets/satzung.pdf)`. A file of bulletins/ is published at
`dateien/<its path below bulletins/>` (unique, as the source tree is); a file of docs/
stays where MkDocs puts it. Only files that a text of this audience links are
published: a file linked only in member text never reaches the public site.
"""

from __future__ import annotations

import posixpath
from typing import Iterable

from .links import prose_targets, resolve

FOLDER = "dateien"
# What editors attach: documents to read or fill in. Not HTML, scripts or SVG: those run
# in the site's origin. Photos have their own rules (plan/photos.py).
SUFFIXES = (".pdf", ".odt", ".ods", ".odp", ".doc", ".docx", ".xls", ".xlsx", ".ppt", ".pptx", ".txt", ".csv")


def is_attachment(path: str) -> bool:
    return path.lower().endswith(SUFFIXES)


def site_paths(bulletin_files: Iterable[str], docs_assets: Iterable[str], bulletins: str = "bulletins", docs: str = "docs") -> dict[str, str]:
    """Project path of every file a text may attach -> its docs-relative src_uri."""
    found = {f"{docs}/{asset}": asset for asset in docs_assets if is_attachment(asset)}
    found.update({
        path: f"{FOLDER}/{path.removeprefix(bulletins + '/')}" for path in bulletin_files if is_attachment(path)
    })
    return found


def linked(text: str, from_path: str) -> list[tuple[int, str, str]]:
    """(line, target as written, project path) of every attachment link outside code."""
    return among(prose_targets(text), from_path)


def among(prose: Iterable[tuple[int, str]], from_path: str) -> list[tuple[int, str, str]]:
    """The attachment links among a text's (line, target) pairs (`links.prose_targets`)."""
    found = []
    for number, target in prose:
        resolved = resolve(target, from_path)
        if resolved and is_attachment(resolved.split("?", 1)[0]):
            found.append((number, target, resolved))
    return found


def published(texts: Iterable[tuple[str, str]], paths: dict[str, str], bulletins: str = "bulletins") -> dict[str, str]:
    """src_uri -> project path of the bulletin files the given texts (path, text) link.

    Files of docs/ are MkDocs' own; only files of bulletins/ need adding to the build.
    """
    result = {}
    for from_path, text in texts:
        for _line, _target, resolved in linked(text, from_path):
            if resolved in paths and resolved.startswith(bulletins + "/"):
                result[paths[resolved]] = resolved
    return dict(sorted(result.items()))


def missing_message(target: str, resolved: str) -> str:
    return (
        f"Der Verweis „{target}“ führt ins Leere: Die Datei „{resolved}“ gibt es nicht. Dateien wie PDFs bitte "
        "neben die Markdown-Datei (oder in einen Unterordner) legen und relativ zur Markdown-Datei verlinken, z. B. "
        f"„[Einladung]({posixpath.basename(resolved)})“."
    )
