"""Which files the public build may write: an allowlist of patterns.

A new kind of output file (a plugin that adds `tags.json`, a theme update that adds an
offline bundle) fails the test until someone has decided it leaks nothing and added
it here. Each entry: a regular expression for the whole path, and why it is there.
"""

from __future__ import annotations

import re

HASH = r"[0-9a-f]{8}"
SLUG = r"[a-z0-9]+(?:-[a-z0-9]+)*"

ALLOWED: list[tuple[str, str]] = [
    # Pages: every page is `<url>/index.html` (use_directory_urls); 404.html for errors.
    (r"(?:" + SLUG + r"/)*index\.html", "a page"),
    (r"404\.html", "the error page"),
    # Site-wide files.
    (r"sitemap\.xml(?:\.gz)?", "MkDocs' sitemap, plain and gzipped"),
    (r"robots\.txt", "robots.txt (site.py)"),
    # News feeds (issue 4): RSS, Atom, per-topic RSS, the browser view of a feed.
    (r"feeds/(?:rss|atom)\.xml", "the news feeds"),
    (rf"feeds/themen/{SLUG}\.xml", "a topic's RSS feed"),
    (r"feeds/feed\.css", "the feeds' stylesheet (docs/feeds/)"),
    # Calendar (issue 3): the subscription feed and one .ics per event.
    (r"termine/kalender\.ics", "the calendar feed"),
    (rf"termine/\d{{4}}/{SLUG}(?:/{SLUG})?\.ics", "one event (a notice, or an entry of a bulletin's events)"),
    # Photos (issue 14): re-encoded renditions named by the source's content hash, the
    # share crops, and the default share image; never an editor's file or its name.
    (r"bilder/[0-9a-f]{16}-(?:\d+\.(?:jpg|png)|teilen\.jpg)", "a photo's rendition or share crop (plan/photos.py)"),
    (r"bilder/teilen\.jpg", "the default share image"),
    # Documents beside bulletins that public text links (plan/attachments.py), as committed.
    (r"dateien/[^/].*\.(?:pdf|odt|ods|odp|docx?|xlsx?|pptx?|txt|csv)", "a document a public text links"),
    # Our CSS and JavaScript from docs/assets/.
    (r"assets/stylesheets/(?:newsroom|termine|accessibility|readers)\.css", "our CSS"),
    (r"assets/javascripts/termine\.js", "the calendar's script"),
    # The web editor (issue 17): Decap CMS's vendored build and its generated settings.
    # No content: the editor loads files from the git host after sign-in.
    (r"admin/config\.yml", "the web editor's settings (write/cms.py, from the schema)"),
    (r"admin/(?:\d+\.)?decap-cms\.js", "Decap CMS and its chunks (overrides/admin/)"),
    (r"admin/decap-cms\.js\.LICENSE\.txt", "Decap CMS's licence notices"),
    (r"admin/[0-9a-f]{20}\.wasm", "Decap CMS's WebAssembly parts"),
    # Material's assets: fixed names, or names with a content hash.
    (r"assets/images/favicon\.png", "Material's default favicon"),
    (rf"assets/javascripts/bundle\.{HASH}\.min\.js(?:\.map)?", "Material's JavaScript"),
    (rf"assets/stylesheets/(?:main|palette)\.{HASH}\.min\.css(?:\.map)?", "Material's CSS"),
    # The site search (issue 15): Pagefind's index of the public pages and its script,
    # our search script and CSS. Material's search (index, worker, lunr) is not built.
    (r"pagefind/pagefind(?:-worker)?\.js", "Pagefind's search script and its worker"),
    # The index is in parts: pagefind/ itself (pages without a year) and pagefind/<year>/.
    (r"pagefind/(?:\d{4}[a-z0-9_-]*/)?pagefind-entry\.json", "the index's entry point (version, languages)"),
    (r"pagefind/(?:\d{4}[a-z0-9_-]*/)?pagefind\.de_[0-9a-f]+\.pf_meta", "the index's page and chunk list (gzip)"),
    (r"pagefind/wasm\.de\.pagefind", "Pagefind's search code with the German stemmer (gzip)"),
    (r"pagefind/(?:\d{4}[a-z0-9_-]*/)?(?:index|fragment|filter)/de_[0-9a-f]+\.pf_(?:index|fragment|filter)", "index chunks, page texts, filter values (gzip)"),
    (r"pagefind/teile\.json", "the list of the index's year parts"),
    (r"assets/javascripts/suche\.js", "the search field's script"),
    (r"assets/stylesheets/suche\.css", "the search field's CSS"),
]

_PATTERNS = [re.compile(pattern) for pattern, _ in ALLOWED]


def unexpected(paths: list[str]) -> list[str]:
    """The output paths (relative, POSIX) that no allowlist entry covers."""
    return [path for path in paths if not any(pattern.fullmatch(path) for pattern in _PATTERNS)]
