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

from markupsafe import escape
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.utils.yaml import yaml_load

# Module-level imports: MkDocs puts hooks/ on sys.path only while loading this file.
from build_guard import AtomicBuild, disk_problem
import serve_guard
import newsroom_photos
import member_guard
import public_copy
from newsroom.write import feeds
from newsroom.check import member_links, member_nav
from newsroom.read import member_blocks, variants
from newsroom.plan.audience import keeps_docs_file
from newsroom.errors import ContentError, ContentErrors
from newsroom.project import check_site
from newsroom.model import Audience
from newsroom.pages import PagePlan, url_of
from newsroom.settings import EpochError, epoch_moment, from_config
from newsroom.plan.site import SitePlan, source_pages
from newsroom.plan import subscribe

log = logging.getLogger("mkdocs.hooks.newsroom")

# State of the current build. MkDocs calls on_config anew for every (re)build.
_command = "build"
_plan: SitePlan | None = None
_content = None  # everything parsed, every audience: what is member-only
_pages: dict[str, PagePlan] = {}
# Feeds need every page's rendered HTML: placeholders added in on_files, filled in on_env.
_feed_files: dict[str, File] = {}
_rendered: dict[str, str] = {}
_guard: AtomicBuild | None = None  # the staging folder of a running `mkdocs build`
_docs = "docs"  # the docs folder, relative to the project
_current_page: str | None = None  # src_uri of the page MkDocs works on, for error messages
_sources: dict[str, str] = {}  # src_uri -> the editor's file it is made from (edit links)


def build_now() -> dt.datetime:
    """"Now" for everything time-dependent: SOURCE_DATE_EPOCH, else the clock (the only read)."""
    try:
        return epoch_moment(os.environ.get("SOURCE_DATE_EPOCH")) or dt.datetime.now(tz=dt.timezone.utc)
    except EpochError as error:
        raise Abort(f"{error} Die Website wurde nicht neu gebaut, die alte bleibt unverändert.") from None


def on_startup(command: str, dirty: bool) -> None:
    global _command
    _command = command


@event_priority(100)  # first: validate before anything else, and count every strict-mode warning
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global _plan, _pages, _guard, _docs, _current_page, _content
    root = _root(config)
    options = config.extra.get("newsroom") or {}
    docs = _docs_folder(config, root)
    _docs, _current_page = docs, None
    # Every check that keeps member content out of the public build, all reported at once.
    this, config_text = _build_config(config, root)
    audience, problems = variants.audience_of(options.get("audience"), this)
    problems += variants.extension_problems(list(config.markdown_extensions), this)
    if audience is Audience.MEMBERS:
        problems += variants.separation_problems(this, _public_build_config(root))
    refused = member_guard.deploy_problem(_command, audience)  # the member site never goes to gh-pages
    if refused:
        problems.append(ContentError(this.config_path, None, None, refused))
    if _command != "serve" and audience is not None:
        problems += [this.error("site_dir", text) for text in member_guard.place_problems(config.site_dir, audience)]
    settings, wrong = from_config(
        options,
        site_url=config.site_url,
        site_name=config.site_name,
        audience=audience or Audience.PUBLIC,  # a wrong value is reported below; nothing is built
        now=build_now(),
        include_drafts=_command == "serve",
    )
    if wrong:
        raise Abort("\n".join(wrong))
    content, _plan, found = check_site(root, settings, docs=docs)
    _content = content
    problems += found
    if content is not None and _plan is not None:
        problems += member_nav.navigation_problems(
            config.nav,
            config.not_in_nav.match_file if config.not_in_nav else lambda _: False,
            content,
            [(page.src_uri, page.source.path) for page in _plan.content.pages],
            audience or Audience.PUBLIC,
            member_links.member_space(content, docs),
            this.config_path,
            config_text,
            omissions_stop=config.strict and config.validation.nav.omitted_files >= logging.WARNING,
        )
    if problems or _plan is None:
        log.error(ContentErrors(problems).report())
        raise Abort("Abgebrochen: Bitte die oben genannten Fehler in den Inhalten beheben.")
    if audience is Audience.MEMBERS:
        config.nav = member_nav.with_member_section(config.nav, content)
    _pages = {page.src_uri: page for page in _plan.pages}
    _sources.clear()
    _sources.update({uri: path for path, uri in source_pages(_plan.content, docs).items()})
    # `/// members` is a block type of the member build only (newsroom/read/member_blocks.py).
    config.mdx_configs = member_blocks.block_types(config.mdx_configs, list(config.markdown_extensions), audience)
    # `serve` stages too: after a broken save its folder keeps the last good site (serve_guard.py).
    _guard = AtomicBuild.start(config.site_dir, config.strict, announce=_command != "serve")
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
    if not _output_is_safe(guard, config, written_from):
        return
    try:
        finished = guard.finish({uri: path for path, uri in written_from.items()})
    except OSError as error:  # the swap itself: disk full, no rights on the output folder
        guard.abandon()
        if disk_problem(error):
            _refuse_disk_error(error, guard.site_dir)
        raise
    if not finished:  # strict mode: MkDocs would end with "Aborted with … warnings" in English
        raise Abort("Abgebrochen: Bitte die oben genannten Probleme beheben.")
    config.site_dir = str(guard.site_dir)  # `gh-deploy` reads it after the build


def _output_is_safe(guard: AtomicBuild, config: MkDocsConfig, written_from: dict[str, str]) -> bool:
    """Member build: leave its marker. Public build: check the written links before the swap."""
    assert _plan is not None and _content is not None
    if _plan.settings.audience is Audience.MEMBERS:
        member_guard.mark_member_output(guard.staging)
        return True
    root = _root(config)
    outputs = {f"{url_of(uri)}index.html": path for path, uri in written_from.items()}
    referenced: set[str] = set()
    problems = member_guard.output_problems(
        guard.staging, _content, root, _docs, config.site_url, _member_site_url(root), outputs, referenced
    )
    if not problems:
        public_copy.drop_unreferenced(guard.staging, root / _docs, _docs, referenced)
        return True
    guard.abandon()
    log.error(ContentErrors(problems).report())
    raise Abort("Abgebrochen: Die öffentliche Website enthielte Verweise auf Inhalt nur für Mitglieder; die alte bleibt unverändert.")


def _member_site_url(root: Path) -> str | None:
    path = root / "mkdocs.members.yml"
    if not path.is_file():
        return None
    with path.open("rb") as stream:
        values = yaml_load(stream) or {}
    return values.get("site_url")


def on_pre_page(page: Page, config: MkDocsConfig, files: Files) -> None:
    global _current_page
    _current_page = page.file.src_uri


def on_build_error(error: Exception) -> None:
    """Any failure after on_config: drop the staging folder; the old site stays."""
    source = _source_of(_current_page)
    if isinstance(error, RecursionError) and source:
        # Python-Markdown parses nested quotes and lists recursively.
        _abandon(
            f"{source}: Der Text ist zu tief verschachtelt (sehr viele „>“ oder Listen-Ebenen "
            "ineinander); bitte einfacher gliedern."
        )
        return
    if disk_problem(error):
        site_dir = _guard.site_dir if _guard else None
        _abandon("")
        _refuse_disk_error(error, site_dir)
    where = f" (beim Umwandeln von {source})" if source else ""
    _abandon(f"Beim Bauen ist ein Fehler aufgetreten{where} ({type(error).__name__}: {error}).")


def _refuse_disk_error(error: OSError, site_dir: Path | None) -> None:
    """A full disk or an output folder we may not write: one German line, no traceback."""
    raise Abort(f"{disk_problem(error, site_dir)} Die Website wurde nicht neu gebaut, die alte bleibt unverändert.") from None


def _source_of(src_uri: str | None) -> str | None:
    """The editor's file a page is built from, or None for generated pages."""
    if src_uri is None or _plan is None:
        return None
    for path, uri in source_pages(_plan.content, _docs).items():
        if uri == src_uri:
            return path
    return None


def on_shutdown() -> None:
    """Also after an interrupted build (Strg+C), no staging folder stays behind."""
    _abandon("Das Bauen wurde abgebrochen.")


def _abandon(reason: str) -> None:
    global _guard
    if _guard is None:  # nothing staged, or already swapped in or dropped
        return
    guard, _guard = _guard, None
    guard.abandon()
    if reason:
        log.error(f"{reason} Die Website wurde nicht neu gebaut, die alte bleibt unverändert.")


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
            if newsroom_photos.is_photo_source(file.src_uri) and _from_docs(file, config):
                files.remove(file)  # published only as re-encoded renditions, below
            elif not keeps_docs_file(file.src_uri, _plan.settings.audience):
                files.remove(file)  # images, PDFs, … of docs/mitglieder/
            continue
        files.remove(file)
        text = _plan.standing.get(file.src_uri)
        if text is not None:  # None: member-only page in the public build, left out
            files.append(File.generated(config, file.src_uri, content=text))
    for page in _plan.pages:
        generated = File.generated(config, page.src_uri, content=_markdown_file(page))
        if page.src_uri == subscribe.SRC_URI:  # reached from the footer, not the navigation
            generated.inclusion = InclusionLevel.NOT_IN_NAV
        files.append(generated)
    for path, data in sorted(_plan.files.items()):
        files.append(File.generated(config, path, content=data))
    for file in newsroom_photos.rendition_files(config, _root(config), _plan.renditions):
        files.append(file)
    for src_uri, path in _plan.attachments.items():  # PDFs … beside bulletins (plan/attachments.py)
        files.append(File.generated(config, src_uri, abs_src_path=str(_root(config) / path)))
    _feed_files.clear()
    _rendered.clear()
    for path in feeds.paths(_plan.content):
        _feed_files[path] = File.generated(config, path, content=b"")
        files.append(_feed_files[path])
    return files


def _from_docs(file: File, config: MkDocsConfig) -> bool:
    """An editor's file of docs/ (the theme's own files, e.g. its favicon, are in `files` too)."""
    return bool(file.abs_src_path) and Path(file.abs_src_path).resolve().is_relative_to(Path(config.docs_dir).resolve())


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
    context["edit_source"] = _sources.get(page.file.src_uri)  # for "Bearbeiten" (newsroom_cms.py)
    if planned is None:  # a page of docs/: its front matter as the editor wrote it
        for key in ("title", "description"):  # see page_meta
            if isinstance(page.meta.get(key), str):
                page.meta[key] = escape(page.meta[key])
        if "title" not in page.meta and isinstance(page.title, str):
            # From the first heading: MkDocs gives it as HTML, with `&` escaped but not `"`.
            page.title = escape(html.unescape(page.title))
    return context


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> None:
    if _plan is not None and _plan.settings.audience is Audience.PUBLIC and member_guard.renders_member_box(html):
        source = _source_of(page.file.src_uri) or f"{_docs}/{page.file.src_uri}"
        raise Abort(f"{source}: Ein Abschnitt „/// members“ wäre in der öffentlichen Website erschienen; Abbruch.")
    if _plan is not None and _plan.settings.audience is Audience.PUBLIC and member_blocks.leftover_passage(html):
        source = _source_of(page.file.src_uri) or f"{_docs}/{page.file.src_uri}"
        raise Abort(
            f"{source}: „/// members“ stünde als Text in der öffentlichen Website (der Abschnitt wurde nicht erkannt); "
            "Abbruch. Bitte „/// members“ und „///“ je in eine eigene Zeile setzen."
        )
    _rendered[page.file.src_uri] = html


def on_env(env, config: MkDocsConfig, files: Files) -> None:
    """Every page is rendered now and static files are not yet written: fill in the feeds."""
    assert _plan is not None
    images = newsroom_photos.share_images(_plan, files)
    for path, data in feeds.build(_plan.content, _plan.settings, _rendered, images).items():
        _feed_files[path].content_bytes = data


def on_template_context(context: dict, template_name: str, config: MkDocsConfig) -> dict:
    """Static templates (404.html) link the feeds in their head too."""
    assert _plan is not None
    context["newsroom"] = _plan.shared
    return context


def on_serve(server, config: MkDocsConfig, builder) -> None:
    """Hooks are not reloaded by `mkdocs serve`; bulletins/ is outside docs/, so watch it.
    A broken save keeps the last good preview, with the errors on top (serve_guard.py)."""
    server.watch(str(Path(config.config_file_path).resolve().parent / "bulletins"))
    serve_guard.guard(server)
