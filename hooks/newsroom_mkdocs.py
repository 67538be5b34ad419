"""MkDocs glue: translates MkDocs events into calls of the `newsroom` core.

Everything that decides what the site contains lives in `hooks/newsroom/` (pure,
tested without MkDocs). This module only reads the configuration, hands files to
MkDocs and gives templates their data. Content is loaded and validated in
`on_config`, before MkDocs cleans `site_dir`, so a content error leaves the site
built before untouched.
"""

from __future__ import annotations

import datetime as dt
import html
import logging
import os
from pathlib import Path

import yaml
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

# Module-level imports: MkDocs puts hooks/ on sys.path only while loading this file.
from newsroom import feeds
from newsroom.errors import ContentErrors
from newsroom.loader import load_content
from newsroom.model import Audience
from newsroom.pages import PagePlan
from newsroom.settings import Settings
from newsroom.site import SitePlan, plan_site

log = logging.getLogger("mkdocs.hooks.newsroom")

# State of the current build. MkDocs calls on_config anew for every (re)build.
_command = "build"
_plan: SitePlan | None = None
_pages: dict[str, PagePlan] = {}
# Feeds need every page's rendered HTML: placeholders added in on_files, filled in on_env.
_feed_files: dict[str, File] = {}
_rendered: dict[str, str] = {}


def build_now() -> dt.datetime:
    """"Now" for everything time-dependent: SOURCE_DATE_EPOCH, else the clock (the only read)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.timezone.utc)
    return dt.datetime.now(tz=dt.timezone.utc)


def on_startup(command: str, dirty: bool) -> None:
    global _command
    _command = command


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global _plan, _pages
    root = Path(config.config_file_path).resolve().parent
    options = config.extra.get("newsroom") or {}
    try:
        content = load_content(root, docs=Path(config.docs_dir).relative_to(root).as_posix())
    except ContentErrors as errors:
        log.error(errors.report())
        raise Abort("Abgebrochen: Bitte die oben genannten Fehler in den Inhalten beheben.") from None
    settings = Settings(
        audience=Audience(options.get("audience", "public")),
        site_url=(config.site_url or "http://localhost/").rstrip("/") + "/",
        site_name=config.site_name,
        now=build_now(),
        page_size=int(options.get("page_size", 10)),
        home_count=int(options.get("home_count", 5)),
        feed_items=_feed_items(options.get("feed_items", 20)),
        home_dates=int(options.get("home_dates", 3)),
        calendar_keep_days=int(options.get("calendar_keep_days", 365)),
        include_drafts=_command == "serve",
    )
    _plan = plan_site(content, settings)
    _pages = {page.src_uri: page for page in _plan.pages}
    return config


def _feed_items(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise Abort(f"mkdocs.yml, extra.newsroom.feed_items: erwartet eine ganze Zahl ab 1, gefunden: {value!r}")
    return value


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
    _feed_files.clear()
    _rendered.clear()
    for path in feeds.paths(_plan.content):
        _feed_files[path] = File.generated(config, path, content=b"")
        files.append(_feed_files[path])
    return files


def _markdown_file(page: PagePlan) -> str:
    # Material prints `page.title` and `page.meta.description` into HTML unescaped
    # (<title>, meta tags, nav), so the text goes into the meta already escaped.
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
    return context


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> None:
    _rendered[page.file.src_uri] = html


def on_env(env, config: MkDocsConfig, files: Files) -> None:
    """Every page is rendered now and static files are not yet written: fill in the feeds."""
    assert _plan is not None
    for path, data in feeds.build(_plan.content, _plan.settings, _rendered).items():
        _feed_files[path].content_bytes = data


def on_template_context(context: dict, template_name: str, config: MkDocsConfig) -> dict:
    """Static templates (404.html) link the feeds in their head too."""
    assert _plan is not None
    context["newsroom"] = _plan.shared
    return context


def on_serve(server, config: MkDocsConfig, builder) -> None:
    """Hooks are not reloaded by `mkdocs serve`; bulletins/ is outside docs/, so watch it."""
    server.watch(str(Path(config.config_file_path).resolve().parent / "bulletins"))
