"""Sources on disk -> a validated site plan: the one sequence every front end runs.

The MkDocs hooks and the editors' check command (`newsroom.check`) both call
`load_site`, so they report the same problems with the same words.
"""

from __future__ import annotations

from pathlib import Path

from .errors import ContentError, ContentErrors
from .linkcheck import check_links
from .loader import collect_sources, parse_sources
from .reader import decode
from .settings import Settings
from .site import SitePlan, plan_site


def load_site(root: Path, settings: Settings, bulletins: str = "bulletins", docs: str = "docs") -> SitePlan:
    """Read, validate and plan; raises ContentErrors with every problem of every file."""
    bulletin_files, page_files, errors = collect_sources(root, bulletins, docs)
    content, problems = parse_sources(bulletin_files, page_files, docs)
    plan = plan_site(content, settings)
    texts = _texts({**bulletin_files, **{f"{docs}/{uri}": data for uri, data in page_files.items()}})
    problems += check_links(content, texts, [page.src_uri for page in plan.pages], docs)
    if errors or problems:
        raise ContentErrors(_unique(errors + problems))
    return plan


def _texts(files: dict[str, bytes]) -> dict[str, str]:
    """Decoded text of every file; one that cannot be decoded has no links to check."""
    return {path: decode(data, path)[0] or "" for path, data in files.items()}


def _unique(errors: list[ContentError]) -> list[ContentError]:
    return list(dict.fromkeys(errors))
