"""The Apache `.htaccess` of each site, from deploy/apache/*.htaccess (pure).

MkDocs never copies dotfiles into the site, so the deploy writes `.htaccess` into each
release itself; nginx (deploy/nginx/) ignores the file and serves no dotfile.
"""

from __future__ import annotations

import re

_PLACEHOLDER = re.compile(r"@@([A-Z_]+)@@")


def render(template: str, values: dict[str, str]) -> str:
    missing = sorted({name for name in _PLACEHOLDER.findall(template) if name not in values})
    if missing:
        raise KeyError(f"no value for: {', '.join(missing)}")
    for name, value in values.items():
        if '"' in value or "\n" in value:
            raise ValueError(f"{name}: no quotes or line breaks allowed, got {value!r}")
    return _PLACEHOLDER.sub(lambda match: values[match.group(1)], template)
