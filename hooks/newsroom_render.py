"""MkDocs glue: less rendering work per page, so a large site builds in linear time.

These shortcuts all give the HTML that MkDocs and Material would give, up to white
space between lines (tests/test_speed_shortcuts.py compares whole sites):

- Material renders the navigation (the drawer and the tabs) into every page, so its
  cost grows with pages x navigation items. On a page outside the navigation (a
  bulletin, a list page, an event notice) no item is active, and the navigation's
  HTML depends on the page only through its relative links: every page in the same
  folder gets the same HTML. `overrides/partials/nav.html` and `tabs.html` wrap
  Material's own templates (reachable here as `material/partials/…`) in
  `newsroom_fragment`, which renders each (fragment, folder) once per build. Pages in
  the navigation, or with a navigation page below them, are rendered every time.
  The same holds for the footer; the search box and the blocks of Material's page
  frame that load styles, scripts and settings depend only on the page's depth and
  first folder (`frame_key`): see `overrides/main.html` and `partials/search.html`.
- MkDocs builds a Markdown converter with every extension for each page, which costs
  more than a list page's whole template. Pages without Markdown (the generated list
  pages) skip it; their content is empty either way. The others share one converter
  per build (`_render_markdown`).
- Templates are read without the indentation of their lines (see
  `_UnindentedLoader`): a fifth of every page's bytes.
"""

from __future__ import annotations

import logging
import posixpath
import re
from pathlib import Path

import jinja2
import markdown
from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import (
    Page,
    _ExtractAnchorsTreeprocessor,
    _ExtractTitleTreeprocessor,
    _RawHTMLPreprocessor,
    _RelativePathTreeprocessor,
)
from mkdocs.structure.toc import get_toc

# A match starts only where a run of white space starts (`\s*\n\s*` tried every position
# of a long run of spaces: quadratic); it still takes the whole run around a line break.
_LINE_BREAK_SPACE = re.compile(r"(?<![^\S\n])[^\S\n]*\n\s*")
_INDENTATION = re.compile(r"\n\s+")
PREFIX = "material"  # templates of the theme itself, without our overrides
_mkdocs_log = logging.getLogger("mkdocs.structure.pages")  # the logger Page.render asks

_fragments: dict[tuple[str, str], Markup] = {}  # (fragment, key) -> HTML, this build
_nav_urls: tuple[str, ...] = ()
_nav_pages: set[int] = set()


def on_nav(nav: Navigation, config: MkDocsConfig, files: Files) -> None:
    global _nav_urls, _nav_pages
    _nav_urls = tuple(_item_urls(nav.items))
    _nav_pages = {id(page) for page in nav.pages}


def _item_urls(items) -> list[str]:
    """URLs of the navigation's pages and links, sections included."""
    urls = []
    for item in items:
        if getattr(item, "url", None) is not None:
            urls.append(item.url)
        urls += _item_urls(getattr(item, "children", None) or [])
    return urls


def on_env(env: jinja2.Environment, config: MkDocsConfig, files: Files) -> jinja2.Environment:
    _fragments.clear()  # a new build (mkdocs serve) starts empty
    theme_dirs = [d for d in config.theme.dirs if d != config.theme.custom_dir]
    loader = jinja2.ChoiceLoader([env.loader, jinja2.PrefixLoader({PREFIX: jinja2.FileSystemLoader(theme_dirs)})])
    env.loader = _UnindentedLoader(loader)
    env.globals["newsroom_fragment"] = fragment
    return env


class _UnindentedLoader(jinja2.BaseLoader):
    """Templates without the indentation and blank lines between their lines.

    Material's templates (and ours) are indented for reading, and the indentation ends
    up in every page: a fifth of a bulletin page's bytes. A browser shows a line break
    with or without spaces after it the same, and no template has a <pre> or
    <textarea> (the Markdown's code blocks come in as values, untouched), so the
    indentation is dropped once, when a template is loaded.
    """

    def __init__(self, inner: jinja2.BaseLoader):
        self.inner = inner

    def get_source(self, environment: jinja2.Environment, template: str):
        source, filename, uptodate = self.inner.get_source(environment, template)
        return _INDENTATION.sub("\n", source), filename, uptodate

    def list_templates(self) -> list[str]:
        return self.inner.list_templates()


def on_page_context(context: dict, page: Page, config: MkDocsConfig, nav: Navigation) -> dict:
    context["newsroom_fragment_key"] = fragment_key(page)
    context["newsroom_frame_key"] = frame_key(page)
    return context


def frame_key(page: Page) -> str:
    """Pages with the same key get the same styles, config and scripts blocks.

    Those blocks link files of the theme and of docs/assets/ relative to the page: the
    same for every page of a depth, unless the page's own path starts like the file's
    (a page under assets/ would get `../x.css`), hence the first folder as well.
    """
    parts = page.url.rstrip("/").split("/") if page.url.strip("/") else []
    return f"{len(parts)}:{parts[0] if parts else ''}"


def fragment_key(page: Page) -> str | None:
    """The folder of a page that shares its navigation and footer with its folder, else None.

    Not shared: pages in the navigation (their item is active), pages with a navigation
    page below them, and top-level pages: the footer links to some (Impressum,
    Datenschutz), and a link to the page itself differs from its neighbours' links.
    """
    folder = posixpath.dirname(page.url.rstrip("/"))
    if not folder or id(page) in _nav_pages or any(url.startswith(page.url) for url in _nav_urls):
        return None
    return folder


def fragment(name: str, key: str | None, caller) -> Markup:
    """`{% call newsroom_fragment(name, key) %}…{% endcall %}`: the body's HTML, once per key.

    Indentation and blank lines, most of Material's navigation HTML, are dropped: a
    browser shows a run of white space with a line break as one space anyway.
    """
    if not isinstance(key, str):  # None, or undefined on pages without a context hook (404)
        return _collapsed(caller())
    found = _fragments.get((name, key))
    if found is None:
        found = _fragments[(name, key)] = _collapsed(caller())
    return found


def _collapsed(html: Markup) -> Markup:
    return Markup(_LINE_BREAK_SPACE.sub("\n", html))


def on_pre_page(page: Page, config: MkDocsConfig, files: Files) -> None:
    # Shadows Page.render for this page object; decided when MkDocs renders, after
    # every hook has had its say on the Markdown.
    page.render = lambda config, files: _render(page, config, files)


def _render(page: Page, config: MkDocsConfig, files: Files) -> None:
    if page.markdown is None:
        Page.render(page, config, files)  # raises MkDocs' own error
        return
    if page.markdown.strip():
        _render_markdown(page, config, files)
        return
    # What Page.render (MkDocs 1.6) leaves on a page whose Markdown is empty.
    page.content = ""
    page.toc = get_toc([])
    page._title_from_render = None
    page.present_anchor_ids = set()
    page.links_to_anchors = {}


_converter: tuple[MkDocsConfig, markdown.Markdown] | None = None  # one per build (config)


def _render_markdown(page: Page, config: MkDocsConfig, files: Files) -> None:
    """Page.render of MkDocs 1.6 with one converter for every page of a build.

    Python-Markdown converters are made to be reused (`reset()` between texts; every
    extension we use resets its state there); MkDocs' four per-page processors are
    registered anew for each page, replacing the previous page's by name.
    """
    global _converter
    if _converter is None or _converter[0] is not config:
        _converter = (config, markdown.Markdown(extensions=config["markdown_extensions"], extension_configs=config["mdx_configs"] or {}))
    md = _converter[1].reset()
    raw_html = _RawHTMLPreprocessor()
    raw_html._register(md)
    anchors = _ExtractAnchorsTreeprocessor(page.file, files, config)
    anchors._register(md)
    relative_paths = _RelativePathTreeprocessor(page.file, files, config)
    relative_paths._register(md)
    title = _ExtractTitleTreeprocessor()
    title._register(md)

    page.content = md.convert(page.markdown)
    page.toc = get_toc(getattr(md, "toc_tokens", []))
    page._title_from_render = title.title
    page.present_anchor_ids = anchors.present_anchor_ids | raw_html.present_anchor_ids
    if _mkdocs_log.getEffectiveLevel() > logging.DEBUG:
        page.links_to_anchors = relative_paths.links_to_anchors
