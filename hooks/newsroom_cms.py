"""MkDocs glue for the web editor (Decap CMS) at /admin/ of the public site.

The core (`newsroom/write/cms.py`) makes `admin/config.yml` from the content schema;
this module hands it to MkDocs beside the vendored Decap build (`overrides/admin/`,
committed, so building needs no npm; MkDocs copies it as a file of the theme) and the
page `overrides/admin.html`, and gives
every page made from an editor's file its "Bearbeiten" link (`page.edit_url`).
The member site has no /admin/ (its edit links lead to the public site's).
`mkdocs serve` adds `local_backend` (decap-server on this machine); a build never does.
"""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.utils.yaml import yaml_load

# Module-level imports: MkDocs puts hooks/ on sys.path only while loading this file.
from newsroom.write import cms, feeds

log = logging.getLogger("mkdocs.hooks.newsroom_cms")

VERSION_FILE = f"{cms.ADMIN}/VERSION"  # which npm release overrides/admin/ holds (make vendor-decap)
ADMIN_PAGE = f"{cms.ADMIN}/index.html"

_command = "build"
_options = cms.CmsOptions()
_public = True
_admin_url = ""  # absolute URL of the public site's /admin/
_admin_file: File | None = None


def on_startup(command: str, dirty: bool) -> None:
    global _command
    _command = command


@event_priority(50)  # after newsroom_mkdocs has validated the content
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global _options, _public, _admin_url
    newsroom = config.extra.get("newsroom") or {}
    _options, problems = cms.options_from(newsroom.get("cms"))
    if problems:
        raise Abort("\n".join(problems))
    _public = newsroom.get("audience", "public") == "public"
    site_url = config.site_url or "http://localhost/"
    if not _public:  # the member site links to the public site's editor
        public = Path(config.config_file_path).resolve().parent / "mkdocs.yml"
        if public.is_file():
            with public.open("rb") as stream:
                site_url = (yaml_load(stream) or {}).get("site_url") or site_url
    _admin_url = site_url.rstrip("/") + f"/{cms.ADMIN}/"
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    global _admin_file
    _admin_file = None
    for file in list(files):  # the theme's copy of overrides/admin/: only the public site has an editor
        if file.src_uri.startswith(f"{cms.ADMIN}/") and (not _public or file.src_uri == VERSION_FILE):
            files.remove(file)
    if not _public:
        return files
    if files.get_file_from_path(f"{cms.ADMIN}/decap-cms.js") is None:
        raise Abort("overrides/admin/decap-cms.js fehlt: `make vendor-decap` legt den Web-Editor dort ab.")
    local = cms.LOCAL_SERVER if _command == "serve" else None
    files.append(File.generated(config, cms.CONFIG_PATH, content=cms.config_yaml(_options, _site_url(config), local=local)))
    _admin_file = File.generated(config, ADMIN_PAGE, content=b"")
    files.append(_admin_file)
    return files


def _site_url(config: MkDocsConfig) -> str:
    return (config.site_url or "http://localhost/").rstrip("/") + "/"


@event_priority(-50)  # after newsroom_mkdocs has named the page's source (`edit_source`)
def on_page_context(context: dict, page: Page, config: MkDocsConfig, nav) -> dict:
    """The page's "Bearbeiten" link, from the editor's file it was made from."""
    source = context.get("edit_source")
    page.edit_url = cms.edit_url(source, _options, _admin_url, notice=bool((context.get("plan") or {}).get("event")))
    return context


def on_env(env, config: MkDocsConfig, files: Files) -> None:
    if _admin_file is None:
        return
    styles = [f"../{path}" for path in _stylesheets(files, config)]
    found = cms.config(_options, "/")
    html = env.get_template("admin.html").render(
        site_name=config.site_name, styles=styles, feeds=[("rss", feeds.RSS_PATH), ("atom", feeds.ATOM_PATH)], collections=[c["name"] for c in found["collections"]],
        list_labels=cms.list_labels(found),
    )
    _admin_file.content_bytes = html.encode("utf-8")


def _stylesheets(files: Files, config: MkDocsConfig) -> list[str]:
    """Material's CSS (its file names carry a hash) and ours, for the editor's preview."""
    theme = sorted(
        f.src_uri for f in files
        if f.src_uri.startswith("assets/stylesheets/") and f.src_uri.endswith(".min.css")
    )
    return theme + [str(path) for path in config.extra_css]
