"""The `members` block type exists only in the member build.

`/// members` is a block of pymdownx.blocks only because the member build registers it.
In the public build the name is taken out of every `pymdownx.blocks.*` extension's
`types` (whatever `mkdocs.yml` says), so a passage the cutter missed can never render
as a box there. Such a passage would stay as plain text instead; `leftover_passage`
finds it in the rendered HTML, and the public build stops (fail closed).

Pure: the MkDocs glue passes `mdx_configs` and the rendered HTML.
"""

from __future__ import annotations

import html
import re

from ..model import Audience

BLOCK_NAME = "members"
_ADMONITION = "pymdownx.blocks.admonition"
_BLOCKS = "pymdownx.blocks."
_TAG = re.compile(r"<[^>]*>")
# `///` (or more) and `members`, any case, any white space between them.
_LEFTOVER = re.compile(r"/{3,}\s*members\b", re.IGNORECASE)
# Boxes carry their type as a class: `admonition members` (blocks, `!!!`), `members` (`???`).
_CLASS = re.compile(r"""\bclass\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.IGNORECASE)


def _name(entry: object) -> str | None:
    if isinstance(entry, str):
        return entry.strip().lower()
    if isinstance(entry, dict):
        value = entry.get("name")
        return value.strip().lower() if isinstance(value, str) else None
    return None


def block_types(mdx_configs: dict, extensions: list[str], audience: Audience) -> dict:
    """`mdx_configs` with `members` registered for the member build and removed for the public one."""
    result = dict(mdx_configs)
    for extension in extensions:
        if not extension.startswith(_BLOCKS):
            continue
        options = dict(result.get(extension) or {})
        types = [entry for entry in options.get("types") or [] if _name(entry) != BLOCK_NAME]
        if audience is Audience.MEMBERS and extension == _ADMONITION:
            types.append(BLOCK_NAME)
        if "types" in options or types:
            options["types"] = types
            result[extension] = options
    return result


def leftover_passage(rendered: str) -> bool:
    """Whether a public page's HTML still holds a member passage: as text or as a box."""
    if "members" not in rendered.lower():
        return False
    for match in _CLASS.finditer(rendered):
        value = html.unescape(next(group for group in match.groups() if group is not None))
        if BLOCK_NAME in value.lower().split():
            return True
    text = html.unescape(_TAG.sub("", rendered))
    return bool(_LEFTOVER.search(text) or _LEFTOVER.search(html.unescape(rendered)))
