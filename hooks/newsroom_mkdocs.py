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

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

# Module-level imports: MkDocs puts hooks/ on sys.path only while loading this file.
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
        include_drafts=_command == "serve",
    )
    _plan = plan_site(content, settings)
    _pages = {page.src_uri: page for page in _plan.pages}
    return config


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
    # The page's meta is set in on_page_markdown straight from the plan: dumping it as
    # YAML here and MkDocs parsing it back cost more than rendering some pages. The empty
    # front matter keeps a body that starts with `---` from being read as meta.
    return f"---\n{{}}\n---\n\n{page.markdown}\n"


def page_meta(page: PagePlan) -> dict:
    """What MkDocs and Material read from a generated page's front matter."""
    # Material prints `page.title` and `page.meta.description` into HTML unescaped
    # (<title>, meta tags, nav), so the text goes into the meta already escaped.
    meta = {"title": html.escape(page.title), "template": page.template, **page.meta}
    if page.description:
        meta["description"] = html.escape(page.description)
    if not page.in_search:
        meta["search"] = {"exclude": True}
    return meta


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str | None:
    planned = _pages.get(page.file.src_uri)
    if planned is not None:
        page.meta = page_meta(planned)
    return None


def on_page_context(context: dict, page: Page, config: MkDocsConfig, nav) -> dict:
    assert _plan is not None
    planned = _pages.get(page.file.src_uri)
    context["plan"] = planned.context if planned else {}
    context["newsroom"] = _plan.shared
    return context


def on_serve(server, config: MkDocsConfig, builder) -> None:
    """Hooks are not reloaded by `mkdocs serve`; bulletins/ is outside docs/, so watch it."""
    server.watch(str(Path(config.config_file_path).resolve().parent / "bulletins"))
