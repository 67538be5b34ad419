"""Which files of `docs/` the public site gets: only those its own output points to.

MkDocs copies every file of `docs/` into the site. A file that only member text links
to (a cash report, a photo of a meeting) would then be public at a guessable address,
whatever link form the member text used. The rule here does not read the member text
at all: after the public build has written its pages and feeds, and before they are
swapped in, every attachment from `docs/` that no public page, feed or style sheet
points to (`output_links.scan` collects what they point to) is left out.

Attachments are every file except the web site's own machinery, which is reached by
scripts and browsers without a link in a page: style sheets, scripts, fonts, XML/XSL,
JSON/YAML (the CMS reads its configuration by address), icons, `robots.txt`, `CNAME`,
`.nojekyll` and `.well-known/`. Pages (`.md`) are planned elsewhere.

Pure: the caller lists the copied files and the referenced paths, and removes the files.
"""

from __future__ import annotations

import posixpath

MACHINERY_SUFFIXES = frozenset(
    {
        ".html", ".htm", ".css", ".js", ".mjs", ".map", ".json", ".xml", ".xsl", ".xslt", ".yml", ".yaml",
        ".webmanifest", ".ico", ".woff", ".woff2", ".ttf", ".otf", ".eot",
    }
)
ROOT_FILES = frozenset({"robots.txt", "humans.txt", "CNAME", ".nojekyll", "favicon.ico"})


def is_attachment(path: str) -> bool:
    """Whether a site path (`assets/a.pdf`) is an attachment that needs a public link."""
    if path in ROOT_FILES or path.startswith(".well-known/"):
        return False
    return posixpath.splitext(path)[1].lower() not in MACHINERY_SUFFIXES


def unreferenced(copied: frozenset[str], referenced: set[str]) -> list[str]:
    """The copied `docs/` files (site paths) the public site must not hold, sorted."""
    return sorted(path for path in copied if is_attachment(path) and path not in referenced)


def message(docs_path: str) -> str:
    return (
        f"„{docs_path}“ wird von keiner öffentlichen Seite verlinkt und deshalb nicht in die öffentliche "
        "Website kopiert (Dateien nur für Mitglieder gehören nach docs/mitglieder/)."
    )
