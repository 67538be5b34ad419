"""MkDocs glue: Material's navigation, rendered once per folder instead of once per page.

Material renders the navigation (the drawer and the tabs) into every page, and with it
the cost grows with pages x navigation items. On a page outside the navigation
(a bulletin, a list page, an event notice) no item is active, so the navigation's HTML
depends on the page only through its relative links: every page in the same folder
gets the same HTML. `overrides/partials/nav.html` and `tabs.html` wrap Material's own
templates (reachable here as `material/partials/…`) in `newsroom_fragment`, which
renders each (fragment, folder) once per build. Pages in the navigation, or with a
navigation page below them, are rendered as usual.
"""

from __future__ import annotations

import posixpath

import jinja2
from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

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
    env.loader = jinja2.ChoiceLoader([env.loader, jinja2.PrefixLoader({PREFIX: jinja2.FileSystemLoader(theme_dirs)})])
    env.globals["newsroom_fragment"] = fragment
    return env


def on_page_context(context: dict, page: Page, config: MkDocsConfig, nav: Navigation) -> dict:
    context["newsroom_fragment_key"] = fragment_key(page)
    return context


def fragment_key(page: Page) -> str | None:
    """The folder of a page whose navigation HTML is shared with its folder, else None."""
    if id(page) in _nav_pages or any(url.startswith(page.url) for url in _nav_urls):
        return None
    return posixpath.dirname(page.url.rstrip("/"))


def fragment(name: str, key: str | None, caller) -> Markup:
    """`{% call newsroom_fragment(name, key) %}…{% endcall %}`: the body's HTML, once per key."""
    if not isinstance(key, str):  # None, or undefined on pages without a context hook (404)
        return caller()
    found = _rendered.get((name, key))
    if found is None:
        found = _rendered[(name, key)] = caller()
    return found
