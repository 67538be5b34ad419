"""Sources on disk -> a validated site plan: the one sequence every front end runs.

The MkDocs hooks and the editors' check command (`newsroom.check`) both call
`load_site`, so they report the same problems with the same words.
"""

from __future__ import annotations

from pathlib import Path

from .check import member_links, photos as photo_rules
from .errors import ContentError, ContentErrors
from .check.linkcheck import check_links
from .read.loader import collect_bulletin_files, collect_docs_assets, collect_sources, parse_sources
from .model import Content
from .read.reader import decode
from .read.photo_files import probe
from .settings import Settings
from .pages import url_of
from .plan.site import SitePlan, plan_site
from .plan.schedule import planned_items
from .plan.photos import is_photo_source
from .plan import attachments


def load_site(root: Path, settings: Settings, bulletins: str = "bulletins", docs: str = "docs") -> SitePlan:
    """Read, validate and plan; raises ContentErrors with every problem of every file."""
    _, plan, problems = check_site(root, settings, bulletins, docs)
    if problems or plan is None:
        raise ContentErrors(problems)
    return plan


def check_site(root: Path, settings: Settings, bulletins: str = "bulletins", docs: str = "docs") -> tuple[Content | None, SitePlan | None, list[ContentError]]:
    """Read, validate and plan: (all content, the plan, every problem found).

    The content is everything parsed, before the audience filter, for checks that
    need to know what is member-only (the member build's navigation, for one).
    """
    bulletin_files, page_files, errors = collect_sources(root, bulletins, docs)
    content, problems = parse_sources(bulletin_files, page_files, docs)
    # Photos are never copied as files (plan/photos.py), so the member-file rule skips them.
    assets = frozenset(a for a in collect_docs_assets(root, docs) if not is_photo_source(a))
    attached = attachments.site_paths(collect_bulletin_files(root, bulletins), assets, bulletins, docs)
    problems += member_links.problems(content, assets, docs)
    # Photos are checked on every text, member passages included: both builds accept the same links.
    photo_files, photo_problems = photo_rules.check(photo_rules.texts(content, docs), lambda path: probe(root, path))
    problems += photo_problems
    plan = plan_site(content, settings, photo_files, attached)  # files with problems were left out of `content`
    texts = _texts({**bulletin_files, **{f"{docs}/{uri}": data for uri, data in page_files.items()}})
    planned = {item.path: item.date for item in planned_items(content, settings.now)}
    problems += check_links(content, texts, [page.src_uri for page in plan.pages], docs, planned, attached)
    problems += _address_conflicts(plan, docs)
    problems += [
        ContentError(f"{docs}/{path}", None, None, "Diese Datei erzeugt die Website selbst; bitte die Datei in docs/ löschen.")
        for path in sorted(plan.files)
        if (root / docs / path).exists()
    ]
    return content, plan, _unique(errors + problems)


def _address_conflicts(plan: SitePlan, docs: str) -> list[ContentError]:
    """A page in docs/ at an address the site generates itself (`docs/aktuelles/index.md`)."""
    generated = {url_of(page.src_uri): page for page in plan.pages}
    return [
        ContentError(
            page.source.path, None, None,
            f"Die Seite hätte dieselbe Adresse „/{url_of(page.src_uri)}“ wie die Seite „{generated[url_of(page.src_uri)].title}“, "
            f"die die Website selbst erzeugt. Bitte die Datei umbenennen oder in einen anderen Ordner als {docs}/aktuelles/ oder {docs}/termine/ legen.",
        )
        for page in plan.content.pages
        if url_of(page.src_uri) in generated
    ]


def _texts(files: dict[str, bytes]) -> dict[str, str]:
    """Decoded text of every file; one that cannot be decoded has no links to check."""
    return {path: decode(data, path)[0] or "" for path, data in files.items()}


def _unique(errors: list[ContentError]) -> list[ContentError]:
    return list(dict.fromkeys(errors))
