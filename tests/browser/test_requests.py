"""No page of either site makes a request beyond 127.0.0.1 while it loads: no web
fonts, analytics, maps or scripts from third parties (test_pages.py also waits for
the network to settle on one page of each kind, at both sizes)."""

from __future__ import annotations

import pytest

from . import pending
from .conftest import BUILD_TIME, VIEWPORTS, is_local, settle

SITES = [
    pytest.param("public", id="public"),
    pytest.param("members", marks=pending.MEMBER_SITE, id="members"),
]


@pytest.mark.parametrize("site_name", SITES)
def test_no_page_requests_anything_beyond_127_0_0_1(browser, sites, site_name):
    site = sites[site_name]
    context = browser.new_context(viewport=VIEWPORTS["desktop"], locale="de-DE", timezone_id="Europe/Berlin")
    requests: list[str] = []
    context.on("request", lambda request: requests.append(request.url))
    page = context.new_page()
    page.clock.set_system_time(BUILD_TIME)
    outside: dict[str, list[str]] = {}
    try:
        paths = site.page_paths()
        assert len(paths) >= 10, "the sample site has more pages"
        for path in paths:
            requests.clear()
            response = page.goto(site.url(path))
            assert response is not None and response.status in (200, 404), path
            settle(page, quiet=False)  # quick; test_pages.py waits for quiet on each kind of page
            assert requests, f"no request recorded for {path}"
            found = [url for url in requests if not is_local(url)]
            if found:
                outside[path or "/"] = found
    finally:
        context.close()
    assert outside == {}
