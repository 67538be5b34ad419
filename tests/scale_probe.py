"""A test-only MkDocs hook: counts the template work of every page of a build.

Added after the site's own hooks by tests/test_scale.py. For each rendered page it
records how many templates Jinja fetched (extends, includes, imports), how many links
went through MkDocs' `url` filter, the HTML size and the page's kind (`plan.kind`), and
writes them to `probe.json` beside mkdocs.yml when the build ends.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import jinja2

_pages: dict[str, dict] = {}
_counts: Counter = Counter()
_kind = "page"


def on_env(env: jinja2.Environment, config, files) -> jinja2.Environment:
    fetch = env.get_template
    link = env.filters["url"]

    def counting_fetch(name, parent=None, globals=None):
        _counts["templates"] += 1
        return fetch(name, parent, globals)

    @jinja2.pass_context
    def counting_link(context, value):
        _counts["links"] += 1
        return link(context, value)

    env.get_template = counting_fetch
    env.filters["url"] = counting_link
    return env


def on_page_context(context: dict, page, config, nav) -> dict:
    global _kind
    _counts.clear()
    _kind = (context.get("plan") or {}).get("kind") or "page"
    return context


def on_post_page(output: str, page, config) -> None:
    _pages[page.file.src_uri] = {
        "kind": _kind,
        "templates": _counts["templates"],
        "links": _counts["links"],
        "bytes": len(output.encode("utf-8")),
    }


def on_post_build(config) -> None:
    target = Path(config.config_file_path).parent / "probe.json"
    target.write_text(json.dumps(_pages, indent=1, sort_keys=True), encoding="utf-8")
