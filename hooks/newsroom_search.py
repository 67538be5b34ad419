"""MkDocs glue for the site search: a Pagefind index of the built pages.

Material's own search (the `search` plugin) ships the whole index to every reader on
the first page view; Pagefind splits it into chunks and a query loads only the ones it
needs. This module:

- drops Material's search scripts (the worker, lunr) from the output (`on_files`): the
  plugin is not configured, so nothing would load them;
- gives templates `newsroom_searchable`, which wraps the indexed part of a page and
  adds the folded spellings of its words (`newsroom.write.search_text`) in a hidden
  element, so "Strassenbau" finds "Straßenbau" (`overrides/partials/search-variants.html`);
- runs Pagefind (the binary of the pinned `pagefind-bin` wheel; it downloads nothing)
  on the folder MkDocs has just written (`on_post_build`). In `mkdocs build` that is
  the staging folder (`build_guard.py`): a failed indexing aborts the build and the
  previous site stays. `mkdocs serve` indexes its temporary folder on every rebuild.

Which pages are indexed is decided by the templates: only elements marked
`data-pagefind-body` (bulletin, event and standing pages) are read, so list pages,
navigation and footer never enter the index.
"""

from __future__ import annotations

import logging
import os
import resource
import subprocess
import time
from pathlib import Path

import jinja2
from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files

# Module-level imports: MkDocs puts hooks/ on sys.path only while loading this file.
from newsroom.write.pagefind_canon import canonical
from newsroom.write.search_text import text_of, variants

log = logging.getLogger("mkdocs.hooks.newsroom")

BUNDLE = "pagefind"  # the index's folder in the site
LANGUAGE = "de"
# Files Pagefind writes that the site does not use: its ready-made interfaces (the
# site has its own, docs/assets/javascripts/suche.js) and the playground.
_UNUSED = ("wasm.unknown.", "pagefind-ui.", "pagefind-modular-ui.", "pagefind-component-ui.", "pagefind-highlight.", "playground")
# Material's search scripts, copied from the theme whether the plugin is on or not.
_MATERIAL_SEARCH = ("assets/javascripts/workers/search.", "assets/javascripts/lunr/")
_env: jinja2.Environment | None = None


def on_files(files: Files, config: MkDocsConfig) -> Files:
    for file in list(files):
        if file.src_uri.startswith(_MATERIAL_SEARCH):
            files.remove(file)
    return files


def on_env(env: jinja2.Environment, config: MkDocsConfig, files: Files) -> jinja2.Environment:
    global _env
    _env = env
    env.globals["newsroom_searchable"] = searchable
    return env


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


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def build_index(site: Path) -> tuple[float, float]:
    """Index the built site in `site`; (wall, CPU) seconds it took. Abort (in German) on failure."""
    started, cpu = time.perf_counter(), _children_cpu()
    command = [
        str(pagefind_binary()),
        "--site", str(site),
        "--output-subdir", BUNDLE,
        "--force-language", LANGUAGE,
        "--quiet",
    ]
    try:
        result = subprocess.run(command, capture_output=True, text=True, check=False)
    except OSError as error:
        raise Abort(
            f"Der Suchindex (Pagefind) konnte nicht erstellt werden: {command[0]} lässt sich nicht starten ({error}). "
            "Die Website wurde nicht neu gebaut, die alte bleibt unverändert."
        ) from error
    entry = site / BUNDLE / "pagefind-entry.json"
    if result.returncode != 0 or not entry.is_file():
        details = " ".join((result.stderr or result.stdout or "").split())[:800]
        raise Abort(
            f"Der Suchindex (Pagefind) konnte nicht erstellt werden (Rückgabewert {result.returncode}): "
            f"{details or 'keine Meldung'}. Die Website wurde nicht neu gebaut, die alte bleibt unverändert."
        )
    for path in sorted((site / BUNDLE).iterdir()):
        if path.name.startswith(_UNUSED):
            if path.is_dir():
                for inner in sorted(path.rglob("*"), reverse=True):
                    inner.rmdir() if inner.is_dir() else inner.unlink()
                path.rmdir()
            else:
                path.unlink()
    make_deterministic(site / BUNDLE)
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


@event_priority(-50)  # after the other plugins wrote their files, before the staged site is swapped in (-100)
def on_post_build(config: MkDocsConfig) -> None:
    wall, cpu = build_index(Path(config.site_dir))
    log.info(f"Suchindex (Pagefind) erstellt in {wall:.2f} s (CPU {cpu:.2f} s)")
