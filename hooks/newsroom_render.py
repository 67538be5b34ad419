"""MkDocs glue: less rendering work per page, so a large site builds in linear time.

Three shortcuts, all giving the HTML MkDocs and Material would give, up to white
space between lines:

- Material renders the navigation (the drawer and the tabs) into every page, so its
  cost grows with pages x navigation items. On a page outside the navigation (a
  bulletin, a list page, an event notice) no item is active, and the navigation's
  HTML depends on the page only through its relative links: every page in the same
  folder gets the same HTML. `overrides/partials/nav.html` and `tabs.html` wrap
  Material's own templates (reachable here as `material/partials/…`) in
  `newsroom_fragment`, which renders each (fragment, folder) once per build. Pages in
  the navigation, or with a navigation page below them, are rendered every time.
  The same holds for the footer; the search box and the blocks of Material's page
  frame that load styles, scripts and settings depend only on the page's depth
  (`base_url`): see `overrides/main.html` and `partials/search.html`.
- MkDocs builds a Markdown converter with every extension for each page, which costs
  more than a list page's whole template. Pages without Markdown (the generated list
  pages) skip it; their content is empty either way.
- The theme's templates are read without the indentation of their lines (see
  `_UnindentedThemeLoader`): a fifth of every page's bytes.
"""

from __future__ import annotations

import posixpath
import re
from pathlib import Path

import jinja2
from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

_LINE_BREAK_SPACE = re.compile(r"\s*\n\s*")
_INDENTATION = re.compile(r"\n[ \t]+")
PREFIX = "material"  # templates of the theme itself, without our overrides

_rendered: dict[tuple[str, str], Markup] = {}
_nav_urls: tuple[str, ...] = ()
_nav_pages: set[int] = set()


def on_nav(nav: Navigation, config: MkDocsConfig, files: Files) -> None:
    global _nav_urls, _nav_pages
    _nav_urls = tuple(page.url for page in nav.pages)
    _nav_pages = {id(page) for page in nav.pages}


def on_env(env: jinja2.Environment, config: MkDocsConfig, files: Files) -> jinja2.Environment:
    _rendered.clear()  # a new build (mkdocs serve) starts empty
    theme_dirs = [d for d in config.theme.dirs if d != config.theme.custom_dir]
    loader = jinja2.ChoiceLoader([env.loader, jinja2.PrefixLoader({PREFIX: jinja2.FileSystemLoader(theme_dirs)})])
    env.loader = _UnindentedThemeLoader(loader, theme_dirs)
    env.globals["newsroom_fragment"] = fragment
    return env


class _UnindentedThemeLoader(jinja2.BaseLoader):
    """The theme's templates without the indentation of their lines.

    Material's templates are indented for reading, and the indentation ends up in
    every page: a fifth of a bulletin page's bytes. A browser shows a line break with
    or without spaces after it the same, and the theme's templates have no <pre> or
    <textarea>, so the indentation is dropped once, when a template is loaded. Our own
    templates (overrides/) are read as written.
    """

    def __init__(self, inner: jinja2.BaseLoader, theme_dirs: list[str]):
        self.inner = inner
        self.theme_dirs = tuple(str(Path(d).resolve()) + "/" for d in theme_dirs)

    def get_source(self, environment: jinja2.Environment, template: str):
        source, filename, uptodate = self.inner.get_source(environment, template)
        if filename and str(Path(filename).resolve()).startswith(self.theme_dirs):
            source = _INDENTATION.sub("\n", source)
        return source, filename, uptodate

    def list_templates(self) -> list[str]:
        return self.inner.list_templates()


def on_page_context(context: dict, page: Page, config: MkDocsConfig, nav: Navigation) -> dict:
    context["newsroom_fragment_key"] = fragment_key(page)
    return context


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
    found = _rendered.get((name, key))
    if found is None:
        found = _rendered[(name, key)] = _collapsed(caller())
    return found


def _collapsed(html: Markup) -> Markup:
    return Markup(_LINE_BREAK_SPACE.sub("\n", html))


def on_pre_page(page: Page, config: MkDocsConfig, files: Files) -> None:
    # Shadows Page.render for this page object; decided when MkDocs renders, after
    # every hook has had its say on the Markdown.
    page.render = lambda config, files: _render(page, config, files)


def _render(page: Page, config: MkDocsConfig, files: Files) -> None:
    if page.markdown is None or page.markdown.strip():
        Page.render(page, config, files)
        return
    # What Page.render (MkDocs 1.6) leaves on a page whose Markdown is empty.
    page.content = ""
    page.toc = get_toc([])
    page._title_from_render = None
    page.present_anchor_ids = set()
    page.links_to_anchors = {}
