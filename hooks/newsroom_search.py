"""MkDocs glue for the site search: a Pagefind index of the built pages.

Material's own search (the `search` plugin) ships the whole index to every reader on
the first page view; Pagefind splits it into chunks and a query loads only the ones it
needs. This module:

- drops Material's search scripts (the worker, lunr) from the output (`on_files`): the
  plugin is not configured, so nothing would load them;
- gives templates `newsroom_searchable`, which wraps the indexed part of a page and
  adds the folded spellings of its words (`newsroom.write.search_text`) in a hidden
  element, so "Strassenbau" finds "Straßenbau" (`overrides/partials/search-variants.html`);
- hands every page with a `data-pagefind-body` element, as it is written, to a Pagefind
  process (the binary of the pinned `pagefind-bin` wheel, in service mode:
  `pagefind_service.py`; it downloads nothing) that indexes it on the other core while
  MkDocs renders the next pages (`on_post_page`). The index is made in parts, one per
  year (`newsroom.write.search_parts`): a part is written as soon as its last page is
  rendered. At the end (`on_post_build`) the last parts are written and every part is
  put into `pagefind/` of the folder MkDocs has written, which in `mkdocs build` is the
  staging folder (`build_guard.py`): a failed indexing aborts the build and the previous
  site stays. `mkdocs serve` indexes on every rebuild the same way.

Which pages are indexed is decided by the templates: only elements marked
`data-pagefind-body` (bulletin, event and standing pages) are read, so list pages,
navigation and footer never enter the index. The member build's pages go to its own
index in its own site; the public index is made from the public build's pages only.
"""

from __future__ import annotations

import logging
import os
import re
import resource
import shutil
import time
from pathlib import Path

import jinja2
from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files, InclusionLevel
from mkdocs.structure.pages import Page

# Module-level imports: MkDocs puts hooks/ on sys.path only while loading this file.
from newsroom.write.pagefind_canon import canonical
from newsroom.write.search_parts import MANIFEST, PART_PAGES, ROOT_PART, group, manifest, year_of
from newsroom.write.search_text import text_of, variants
from pagefind_service import Indexer, IndexingFailed
import build_guard

log = logging.getLogger("mkdocs.hooks.newsroom")

BUNDLE = "pagefind"  # the index's folder in the site
LANGUAGE = "de"
# Files Pagefind writes that the site does not use: its ready-made interfaces (the
# site has its own, docs/assets/javascripts/suche.js) and the playground.
_UNUSED = ("wasm.unknown.", "pagefind-ui.", "pagefind-modular-ui.", "pagefind-component-ui.", "pagefind-highlight.", "playground")
# Material's search scripts, copied from the theme whether the plugin is on or not.
_MATERIAL_SEARCH = ("assets/javascripts/workers/search.", "assets/javascripts/lunr/")
# What a year part keeps: the root bundle's script, worker and search code serve all parts.
_PART_FILES = ("pagefind-entry.json", "index", "fragment", "filter")
_PART_META = re.compile(r"pagefind\.[a-z]+_[0-9a-f]+\.pf_meta")
_BODY = "data-pagefind-body"


def _has_body(html: str) -> bool:
    """Whether an element is marked as the page's indexed part: the attribute inside a
    tag (text cannot hold "<"). A regular expression over the page took half the time
    of handing it over."""
    at = html.find(_BODY)
    while at >= 0:
        if html.rfind("<", 0, at) > html.rfind(">", 0, at) and html[at - 1].isspace() and html[at + len(_BODY)] in " \t\n>=/":
            return True
        at = html.find(_BODY, at + 1)
    return False
_WORK = "-suche"  # the parts are written next to the site folder (`.site-staging-<pid>-suche`)
# Word positions per index chunk (Pagefind's default 20,000). A query loads the chunk of
# its word from every part: with parts, smaller chunks keep that close to the word's own
# positions (measured at 10,000 bulletins, 11 parts: 298 KB of chunks at 20,000, 152 KB
# at 5,000, 58 KB at 2,000, for a slightly longer chunk list in each part's page list).
CHUNK_SIZE = 2000
_env: jinja2.Environment | None = None
_serving = False


class _Run:
    """The indexing of one build: its process, what is left to render per part, its costs."""

    def __init__(self, site: Path):
        self.site = site
        self.out = site.parent / (site.name + _WORK)  # outside what the public output check reads
        self.indexer: Indexer | None = None
        self.parts: dict[str, str] = {}  # year -> part (search_parts.group)
        self.left: dict[str, int] = {}  # part -> pages not rendered yet
        self.handing = 0.0  # seconds this process spent handing pages over
        self.started = time.perf_counter()

    def plan(self, paths: list[str]) -> None:
        """The parts, from the paths of every page the build will render."""
        years: dict[str, int] = {}
        for path in paths:
            years[year_of(path)] = years.get(year_of(path), 0) + 1
        # NEWSROOM_SEARCH_PART_PAGES: another size of the parts (the tests make a small site's parts).
        self.parts = group(years, int(os.environ.get("NEWSROOM_SEARCH_PART_PAGES") or PART_PAGES))
        for year, count in years.items():
            self.left[self.parts[year]] = self.left.get(self.parts[year], 0) + count

    def add(self, path: str, html: str) -> None:
        began = time.perf_counter()
        year = year_of(path)
        part = self.parts.get(year, year)
        if _has_body(html):
            if self.indexer is None:
                self.indexer = _indexer(self.out, sorted(set(self.parts.values()) | {part}))
            self.indexer.add(part, path, html)
        if part in self.left:
            self.left[part] -= 1
            if self.left[part] == 0 and self.indexer is not None:
                log.debug(f"Suchindex: Teil „{part or 'Seiten'}“ vollständig nach {time.perf_counter() - self.started:.1f} s")
                self.indexer.write(part)
        self.handing += time.perf_counter() - began

    def close(self) -> None:
        if self.indexer is not None:
            self.indexer.close()
            self.indexer = None
        shutil.rmtree(self.out, ignore_errors=True)


_run: _Run | None = None


def on_startup(command: str, dirty: bool) -> None:
    global _serving
    _serving = command == "serve"


def on_files(files: Files, config: MkDocsConfig) -> Files:
    for file in list(files):
        if file.src_uri.startswith(_MATERIAL_SEARCH):
            files.remove(file)
    return files


def on_env(env: jinja2.Environment, config: MkDocsConfig, files: Files) -> jinja2.Environment:
    global _env, _run
    _env = env
    env.globals["newsroom_searchable"] = searchable
    _stop()
    _run = _Run(Path(config.site_dir))
    inclusion = InclusionLevel.is_in_serve if _serving else InclusionLevel.is_included
    _run.plan([file.dest_uri for file in files.documentation_pages(inclusion=inclusion)])
    return env


@event_priority(-100)  # last: the page as it is written
def on_post_page(output: str, page: Page, config: MkDocsConfig) -> None:
    if _run is not None:
        _run.add(page.file.dest_uri, output)


def on_build_error(error: Exception) -> None:
    _stop()


def on_shutdown() -> None:
    _stop()


def _stop() -> None:
    global _run
    if _run is not None:
        run, _run = _run, None
        run.close()


def searchable(caller) -> Markup:
    """`{% call newsroom_searchable() %}…{% endcall %}`: the body, then its folded spellings."""
    body = caller()
    found = variants(text_of(body))
    if not found:
        return body
    assert _env is not None
    extra = _env.get_template("partials/search-variants.html").render(words=found)
    return Markup(body + extra)


def pagefind_binary() -> Path:
    """The Pagefind executable inside the installed `pagefind-bin` wheel.

    `PAGEFIND_BINARY_PATH` names another one, as in Pagefind's own Python package (the
    tests use it to make indexing fail).
    """
    if os.environ.get("PAGEFIND_BINARY_PATH"):
        return Path(os.environ["PAGEFIND_BINARY_PATH"])
    try:
        from pagefind_bin import get_executable
    except ImportError as error:
        raise Abort(
            "Die Suche kann nicht erstellt werden: Das Paket „pagefind-bin“ fehlt. "
            "Bitte „make setup“ ausführen (installiert die Abhängigkeiten aus pyproject.toml)."
        ) from error
    return get_executable()


def _indexer(out: Path, parts: list[str]) -> Indexer:
    out.mkdir(parents=True, exist_ok=True)
    return Indexer(pagefind_binary(), out, {"force_language": LANGUAGE}, parts, env={"PAGEFIND_UNSTABLE_INDEX_CHUNK_SIZE": str(CHUNK_SIZE)})


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _failed(failure: IndexingFailed) -> Abort:
    status = "?" if failure.status is None else failure.status
    return Abort(
        f"Der Suchindex (Pagefind) konnte nicht erstellt werden (Rückgabewert {status}): "
        f"{failure.details or 'keine Meldung'}. Die Website wurde nicht neu gebaut, die alte bleibt unverändert."
    )


def finish(run: _Run) -> None:
    """Wait for every part, put them into `pagefind/` of the site, made deterministic."""
    try:
        folders = run.indexer.finish() if run.indexer is not None else {}
    except IndexingFailed as failure:
        raise _failed(failure) from None
    bundle = run.site / BUNDLE
    if bundle.exists():
        shutil.rmtree(bundle)
    if not folders:
        return
    root = ROOT_PART if ROOT_PART in folders else sorted(folders)[0]
    os.replace(folders[root], bundle)
    _drop_unused(bundle)
    make_deterministic(bundle)
    others = sorted(part for part in folders if part != root)
    for part in others:
        target = bundle / part
        target.mkdir()
        for path in sorted(folders[part].iterdir()):
            if path.name in _PART_FILES or _PART_META.fullmatch(path.name):
                os.replace(path, target / path.name)
        make_deterministic(target)
    (bundle / MANIFEST).write_bytes(manifest(others))


def _drop_unused(bundle: Path) -> None:
    for path in sorted(bundle.iterdir()):
        if path.name.startswith(_UNUSED):
            shutil.rmtree(path) if path.is_dir() else path.unlink()


def build_index(site: Path) -> tuple[float, float]:
    """Index an already built site in `site` (every page read from disk); (wall, CPU) seconds."""
    started, cpu = time.perf_counter(), _children_cpu()
    run = _Run(site)
    try:
        paths = [p.relative_to(site).as_posix() for p in sorted(site.rglob("index.html"))]
        run.plan([path for path in paths if not path.startswith(BUNDLE + "/")])
        for path in sorted(site.rglob("*.html")):
            relative = path.relative_to(site).as_posix()
            if not relative.startswith(BUNDLE + "/"):
                run.add(relative, path.read_text(encoding="utf-8"))
        finish(run)
    finally:
        run.close()
    return time.perf_counter() - started, _children_cpu() - cpu


def make_deterministic(bundle: Path) -> None:
    """Rewrite the files Pagefind writes in a different order each run (pagefind_canon.py)."""
    files = {
        path.relative_to(bundle).as_posix(): path.read_bytes()
        for path in [*bundle.glob("pagefind.*.pf_meta"), *bundle.glob("filter/*.pf_filter")]
    }
    result = canonical((bundle / "pagefind-entry.json").read_bytes(), files)
    for relative in result.remove:
        (bundle / relative).unlink()
    for relative, data in result.write.items():
        (bundle / relative).write_bytes(data)


@event_priority(-50)  # after the other plugins wrote their files
def on_post_build(config: MkDocsConfig) -> None:
    """`mkdocs build`: the last parts are written while the public output is checked
    (newsroom_mkdocs.py), and put in place just before the staged site is swapped in
    (`build_guard.before_swap`); a failure drops the staged site. `serve`: at once."""
    if _run is None:
        return
    run = _run
    for part in sorted(run.left):
        if run.indexer is not None:
            run.indexer.write(part)
    if _serving:
        _complete(run)
    else:
        build_guard.before_swap(lambda: _complete(run))


def _complete(run: _Run) -> None:
    global _run
    began, cpu = time.perf_counter(), _children_cpu()
    try:
        finish(run)
    finally:
        run.close()
        if _run is run:
            _run = None
    waited = time.perf_counter() - began
    added = waited + run.handing
    alongside = time.perf_counter() - run.started - added
    log.info(
        f"Suchindex (Pagefind) erstellt in {added:.2f} s (CPU {_children_cpu() - cpu:.2f} s): "
        f"{run.handing:.2f} s beim Übergeben der Seiten, {waited:.2f} s am Ende; "
        f"Pagefind las die Seiten {alongside:.1f} s lang neben dem Rendern"
    )
