"""Feed discovery: every page's head names the news feed, and the test server hands it
out with an RSS/XML content type, so browsers and feed readers find and read it."""

from __future__ import annotations

from urllib.parse import urljoin

import pytest
from lxml import etree, html

from .conftest import fetch

RSS_TYPES = {"application/rss+xml", "application/xml", "text/xml"}
SITES = [
    pytest.param("public", id="public"),
    pytest.param("members", id="members"),
]


@pytest.mark.parametrize("site_name", SITES)
def test_every_page_links_the_news_feed_served_as_rss(sites, site_name):
    site = sites[site_name]
    feeds: dict[str, list[str]] = {}
    missing = []
    for path in site.page_paths():
        file = site.root / (path + "index.html" if path.endswith("/") or not path else path)
        head = html.fromstring(file.read_bytes()).find("head")
        links = head.xpath('link[@rel="alternate"][@type="application/rss+xml"]/@href')
        if not links:
            missing.append(path or "/")
        for link in links:
            feeds.setdefault(urljoin(site.url(path), link), []).append(path)
    assert missing == [], f"pages without the feed in <head>: {missing}"
    for url in feeds:
        status, content_type, body = fetch(site.local_url(url))
        assert status == 200, url
        assert content_type.split(";")[0].strip() in RSS_TYPES, f"{url}: {content_type}"
        root = etree.fromstring(body)
        assert (root.tag, root.get("version")) == ("rss", "2.0"), url
