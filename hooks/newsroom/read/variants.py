"""The two builds of the site and what keeps them apart.

`mkdocs build` makes the public site (`mkdocs.yml`, `extra.newsroom.audience: public`),
`mkdocs build -f mkdocs.members.yml` the member site (`INHERIT: mkdocs.yml`,
`audience: members`). Anything else is refused before a file is written:

- an `audience` other than exactly `public` or `members`;
- a member build that would write into the public site's folder (or a folder inside
  it, or around it), or that has no address of its own: the member site must never be
  served from where the public one is;
- Markdown extensions that pull in text after member passages are cut.

Pure: the MkDocs glue reads the configuration files and passes plain values.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import yaml

from ..errors import ContentError, shown
from ..model import Audience

AUDIENCE_KEY = "extra.newsroom.audience"
PUBLIC_CONFIG = "mkdocs.yml"

# Extensions that insert text from elsewhere after the passages were cut.
FORBIDDEN_EXTENSIONS = {
    "pymdownx.snippets": "bindet andere Dateien ein („--8<--“, auch automatisch über „auto_append“)",
    "markdown_include.include": "bindet andere Dateien ein („{!datei.md!}“)",
}


@dataclass(frozen=True)
class BuildConfig:
    """What the checks need of one configuration, as plain values."""

    config_path: str  # as shown to editors, e.g. `mkdocs.members.yml`
    site_dir: str  # absolute, POSIX
    site_url: str | None
    # Line of each dotted key (`site_dir`, `extra.newsroom.audience`) where known.
    lines: dict[str, int | None] = field(default_factory=dict)

    def error(self, key: str, message: str) -> ContentError:
        return ContentError(self.config_path, self.lines.get(key), key, message)


def audience_of(value: object, config: BuildConfig) -> tuple[Audience | None, list[ContentError]]:
    """The build's audience from `extra.newsroom.audience`; missing means public."""
    if value is None:
        return Audience.PUBLIC, []
    for audience in Audience:
        if value == audience.value:
            return audience, []
    return None, [
        config.error(
            AUDIENCE_KEY,
            "Unbekannte Fassung der Website: erwartet „public“ (öffentliche Website, mkdocs.yml) oder "
            f"„members“ (Mitgliederseite, mkdocs.members.yml), gefunden: {shown(value)}.",
        )
    ]


def separation_problems(member: BuildConfig, public: BuildConfig) -> list[ContentError]:
    """A member build must have its own folder and its own address."""
    errors = []
    if _nested(member.site_dir, public.site_dir):
        errors.append(
            member.error(
                "site_dir",
                f"Die Mitgliederseite würde in den Ordner der öffentlichen Website geschrieben ({public.config_path}: "
                f"„{public.site_dir}“); erwartet ein eigener Ordner außerhalb davon (z. B. „site-members“), "
                f"gefunden: „{member.site_dir}“.",
            )
        )
    if not member.site_url:
        errors.append(
            member.error(
                "site_url",
                "Die Mitgliederseite braucht eine eigene Adresse: erwartet „site_url“ (z. B. "
                "„https://intern.example.org/“), gefunden: nichts.",
            )
        )
    elif public.site_url and _same_place(member.site_url, public.site_url):
        errors.append(
            member.error(
                "site_url",
                f"Die Mitgliederseite hätte die Adresse der öffentlichen Website ({public.config_path}: "
                f"„{public.site_url}“) oder eine Adresse darin; erwartet eine eigene Adresse "
                f"(z. B. „https://intern.example.org/“), gefunden: „{member.site_url}“.",
            )
        )
    return errors


def extension_problems(extensions: list[str], config: BuildConfig) -> list[ContentError]:
    return [
        config.error(
            "markdown_extensions",
            f"Die Markdown-Erweiterung „{name}“ ist nicht erlaubt: Sie {why} und würde damit Text nach dem "
            "Entfernen der Mitgliederabschnitte einfügen. Bitte aus „markdown_extensions“ entfernen.",
        )
        for name, why in FORBIDDEN_EXTENSIONS.items()
        if name in extensions
    ]


def _nested(one: str, other: str) -> bool:
    one, other = posixpath.normpath(one), posixpath.normpath(other)
    return one == other or one.startswith(other.rstrip("/") + "/") or other.startswith(one.rstrip("/") + "/")


def _same_place(one: str, other: str) -> bool:
    """Same host and one path within the other (`/` and `/intern/` on one host)."""
    a, b = urlsplit(one), urlsplit(other)
    if (a.hostname or "").lower() != (b.hostname or "").lower() or a.port != b.port:
        return False
    return _nested("/" + a.path.strip("/"), "/" + b.path.strip("/"))


def key_lines(text: str, keys: list[str]) -> dict[str, int | None]:
    """1-based line of each dotted key in a YAML text; tags such as `!ENV` are not resolved."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return {}
    found: dict[str, int | None] = {}
    for key in keys:
        node = root
        line = None
        for part in key.split("."):
            if not isinstance(node, yaml.MappingNode):
                line = None
                break
            match = next(((k, v) for k, v in node.value if k.value == part), None)
            if match is None:
                line = None
                break
            line = match[0].start_mark.line + 1
            node = match[1]
        if line is not None:
            found[key] = line
    return found
