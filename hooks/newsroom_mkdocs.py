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
from mkdocs.utils.yaml import yaml_load

# Module-level imports: MkDocs puts hooks/ on sys.path only while loading this file.
from newsroom import feeds, member_links, member_nav, variants
from newsroom.audience import keeps_docs_file
from newsroom.errors import ContentError, ContentErrors
from newsroom.loader import collect_docs_assets, collect_sources, parse_sources
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
    docs = Path(config.docs_dir).relative_to(root).as_posix()
    # Every check that keeps member content out of the public build, all reported at once.
    this, config_text = _build_config(config, root)
    audience, problems = variants.audience_of(options.get("audience"), this)
    problems += variants.extension_problems(list(config.markdown_extensions), this)
    if audience is Audience.MEMBERS:
        problems += variants.separation_problems(this, _public_build_config(root))
    bulletin_files, page_files, read_errors = collect_sources(root, docs=docs)
    content, parse_errors = parse_sources(bulletin_files, page_files, docs)
    problems += read_errors + parse_errors + member_links.problems(content, collect_docs_assets(root, docs), docs)
    if audience is Audience.PUBLIC:
        space = member_links.member_space(content, docs)
        problems += member_nav.nav_problems(config.nav, space, this.config_path, config_text)
    if problems:
        _abort(problems)
    if audience is Audience.MEMBERS:
        config.nav = member_nav.with_member_section(config.nav, content)
    settings = Settings(
        audience=audience,
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
    _abort([
        ContentError(f"{docs}/{path}", None, None, "Diese Datei erzeugt die Website selbst; bitte die Datei in docs/ löschen.")
        for path in sorted(_plan.files)
        if (Path(config.docs_dir) / path).exists()
    ])
    return config


def _feed_items(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise Abort(f"mkdocs.yml, extra.newsroom.feed_items: erwartet eine ganze Zahl ab 1, gefunden: {value!r}")
    return value


def _abort(problems: list[ContentError]) -> None:
    if problems:
        log.error(ContentErrors(problems).report())
        raise Abort("Abgebrochen: Bitte die oben genannten Fehler in den Inhalten beheben.")


_CONFIG_KEYS = ["site_dir", "site_url", "nav", "markdown_extensions", variants.AUDIENCE_KEY]


def _build_config(config: MkDocsConfig, root: Path) -> tuple[variants.BuildConfig, str]:
    """This build's configuration as plain values, with the line of each key."""
    path = Path(config.config_file_path).resolve()
    text = path.read_text(encoding="utf-8")
    lines = variants.key_lines(text, _CONFIG_KEYS)
    shown = path.relative_to(root).as_posix()
    return variants.BuildConfig(shown, Path(config.site_dir).resolve().as_posix(), config.site_url, lines), text


def _public_build_config(root: Path) -> variants.BuildConfig:
    """The public build's folder and address, read from mkdocs.yml (INHERIT and !ENV resolved)."""
    path = root / variants.PUBLIC_CONFIG
    if not path.is_file():
        return variants.BuildConfig(variants.PUBLIC_CONFIG, (root / "site").as_posix(), None)
    with path.open("rb") as stream:
        values = yaml_load(stream) or {}
    site_dir = (root / str(values.get("site_dir", "site"))).resolve().as_posix()
    return variants.BuildConfig(variants.PUBLIC_CONFIG, site_dir, values.get("site_url"))


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Docs pages are replaced by their filtered text; generated pages are added."""
    assert _plan is not None
    for file in list(files):
        if not file.is_documentation_page():
            if not keeps_docs_file(file.src_uri, _plan.settings.audience):
                files.remove(file)  # images, PDFs, … of docs/mitglieder/
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
