"""A test-only MkDocs hook: undoes hooks/newsroom_render.py's shortcuts.

Listed after it in a test project's mkdocs.yml, it makes the fragment cache a
pass-through, reads the theme's templates as written and lets MkDocs render every
page's Markdown, so a build shows what MkDocs and Material give without shortcuts.
"""

from __future__ import annotations


def on_env(env, config, files):
    env.globals["newsroom_fragment"] = lambda name, key, caller: caller()
    env.loader = env.loader.inner  # the loader below the unindenting one
    return env


def on_pre_page(page, config, files):
    page.__dict__.pop("render", None)  # Page.render again
