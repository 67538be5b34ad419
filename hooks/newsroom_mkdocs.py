"""MkDocs glue: translates MkDocs events into calls of the `newsroom` core.

Everything that decides what the site contains lives in `hooks/newsroom/` (pure,
tested without MkDocs). This module only reads the configuration, hands files to
MkDocs and gives templates their data. Content is loaded and validated in
`on_config`, before anything is written; `mkdocs build` then writes into a staging
folder that replaces `site_dir` only when the build is complete (`build_guard.py`),
so no failure of any kind leaves a half-built site behind.
"""

from __future__ import annotations

import datetime as dt
import html
import logging
import os
from pathlib import Path

import yaml
from markupsafe import escape
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

# Module-level imports: MkDocs puts hooks/ on sys.path only while loading this file.
from build_guard import AtomicBuild
from newsroom.errors import ContentErrors
from newsroom.model import Audience
from newsroom.pages import PagePlan
from newsroom.settings import Settings
from newsroom.project import load_site
from newsroom.site import SitePlan, source_pages

log = logging.getLogger("mkdocs.hooks.newsroom")

# State of the current build. MkDocs calls on_config anew for every (re)build.
_command = "build"
_plan: SitePlan | None = None
_pages: dict[str, PagePlan] = {}
_guard: AtomicBuild | None = None  # the staging folder of a running `mkdocs build`


def build_now() -> dt.datetime:
    """"Now" for everything time-dependent: SOURCE_DATE_EPOCH, else the clock (the only read)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.timezone.utc)
    return dt.datetime.now(tz=dt.timezone.utc)


def on_startup(command: str, dirty: bool) -> None:
    global _command
    _command = command


@event_priority(100)  # first: validate before anything else, and count every strict-mode warning
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global _plan, _pages, _guard
    root = _root(config)
    options = config.extra.get("newsroom") or {}
    settings = Settings(
        audience=Audience(options.get("audience", "public")),
        site_url=(config.site_url or "http://localhost/").rstrip("/") + "/",
        site_name=config.site_name,
        now=build_now(),
        page_size=int(options.get("page_size", 10)),
        home_count=int(options.get("home_count", 5)),
        include_drafts=_command == "serve",
    )
    try:
        _plan = load_site(root, settings, docs=_docs_folder(config, root))
    except ContentErrors as errors:
        log.error(errors.report())
        raise Abort("Abgebrochen: Bitte die oben genannten Fehler in den Inhalten beheben.") from None
    _pages = {page.src_uri: page for page in _plan.pages}
    if _command != "serve":  # `serve` builds into a temporary folder of its own
        _guard = AtomicBuild.start(config.site_dir, config.strict)
        config.site_dir = str(_guard.staging)
    return config


def _root(config: MkDocsConfig) -> Path:
    return Path(config.config_file_path).resolve().parent


def _docs_folder(config: MkDocsConfig, root: Path) -> str:
    return Path(config.docs_dir).relative_to(root).as_posix()


@event_priority(-100)  # last: after every plugin has written its files (search index, …)
def on_post_build(config: MkDocsConfig) -> None:
    """Swap the complete site in, unless strict mode is about to abort the build."""
    global _guard
    if _guard is None:
        return
    guard, _guard = _guard, None
    written_from = source_pages(_plan.content, _docs_folder(config, _root(config)))
    if guard.finish({uri: path for path, uri in written_from.items()}):
        config.site_dir = str(guard.site_dir)  # `gh-deploy` reads it after the build


def on_build_error(error: Exception) -> None:
    """Any failure after on_config: drop the staging folder; the old site stays."""
    _abandon(f"Beim Bauen ist ein Fehler aufgetreten ({type(error).__name__}: {error}).")


def on_shutdown() -> None:
    """Also after an interrupted build (Strg+C), no staging folder stays behind."""
    _abandon("Das Bauen wurde abgebrochen.")


def _abandon(reason: str) -> None:
    global _guard
    if _guard is None:  # nothing staged, or already swapped in or dropped
        return
    guard, _guard = _guard, None
    guard.abandon()
    log.error(f"{reason} Die Website wurde nicht neu gebaut, die alte bleibt unverändert.")


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Docs pages are replaced by their filtered text; generated pages are added."""
    assert _plan is not None
    for file in list(files):
        if not file.is_documentation_page():
            continue
        files.remove(file)
        text = _plan.standing.get(file.src_uri)
        if text is not None:  # None: member-only page in the public build, left out
            files.append(File.generated(config, file.src_uri, content=text))
    for page in _plan.pages:
        files.append(File.generated(config, page.src_uri, content=_markdown_file(page)))
    for path, data in sorted(_plan.files.items()):
        files.append(File.generated(config, path, content=data))
    return files


def _markdown_file(page: PagePlan) -> str:
    # Material prints `page.title` and `page.meta.description` into HTML unescaped
    # (<title>, header, meta tags), so they are handed over escaped.
    meta = {"title": html.escape(page.title), "template": page.template, **page.meta}
    if page.description:
        meta["description"] = html.escape(page.description)
    if not page.in_search:
        meta["search"] = {"exclude": True}
    front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=True, width=10_000)
    return f"---\n{front}---\n\n{page.markdown}\n"


def on_page_context(context: dict, page: Page, config: MkDocsConfig, nav) -> dict:
    assert _plan is not None
    planned = _pages.get(page.file.src_uri)
    context["plan"] = planned.context if planned else {}
    context["newsroom"] = _plan.shared
    if planned is None:  # a page of docs/: its front matter as the editor wrote it
        for key in ("title", "description"):  # see _markdown_file
            if isinstance(page.meta.get(key), str):
                page.meta[key] = escape(page.meta[key])
        if "title" not in page.meta and isinstance(page.title, str):
            # From the first heading: MkDocs gives it as HTML, with `&` escaped but not `"`.
            page.title = escape(html.unescape(page.title))
    return context


def on_serve(server, config: MkDocsConfig, builder) -> None:
    """Hooks are not reloaded by `mkdocs serve`; bulletins/ is outside docs/, so watch it."""
    server.watch(str(Path(config.config_file_path).resolve().parent / "bulletins"))
