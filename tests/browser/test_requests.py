"""No page of either site makes a request beyond 127.0.0.1 while it loads: no web
fonts, analytics, maps or scripts from third parties (test_pages.py also waits for
the network to settle on one page of each kind, at both sizes); and no request made
while it loads is answered with an error (>= 400)."""

from __future__ import annotations

import pytest

from .conftest import reader, settle

SITES = [
    pytest.param("public", id="public"),
    pytest.param("members", id="members"),
]
SHARES = 3  # every third page per test, so that xdist workers share the work


@pytest.mark.parametrize("share", range(SHARES))
@pytest.mark.parametrize("site_name", SITES)
def test_no_page_requests_anything_beyond_127_0_0_1(browser, sites, site_name, share):
    site = sites[site_name]
    paths = site.page_paths()
    assert len(paths) >= 20, "the sample site has more pages"
    visit, context = reader(browser, site)
    outside: dict[str, list[str]] = {}
    failed: dict[str, list[str]] = {}  # answers >= 400 (Material fetched feeds/sitemap.xml)
    try:
        for path in paths[share::SHARES]:
            visit.requests.clear()
            before = len(site.server.failures)
            response = visit.page.goto(site.url(path))
            assert response is not None and response.ok, path
            settle(visit.page, quiet=False)  # quick; test_pages.py waits for quiet on each kind of page
            assert visit.requests, f"no request recorded for {path}"
            if visit.outside_requests():
                outside[path or "/"] = visit.outside_requests()
            visit.page.wait_for_load_state("networkidle")
            if site.server.failures[before:]:
                failed[path or "/"] = site.server.failures[before:]
    finally:
        context.close()
    assert outside == {}
    assert failed == {}, "requests that failed"
