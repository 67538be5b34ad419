"""The site search when its index is in parts (issue 15: hooks/newsroom/write/search_parts.py).

A large site's index is split by year so that a query's cost stays that of one year's
pages; the sample site is small (one part), so it is built here with parts of at most
5 pages (`NEWSROOM_SEARCH_PART_PAGES`) and searched as a reader does: words of pages in
different parts, another spelling, the year filter across parts, nothing outside
127.0.0.1 and no failed request.
"""

from __future__ import annotations

import json

import pytest

from conftest import ROOT, run_mkdocs

from .conftest import ServedSite
from .site_server import serve
from .test_search import BOARD_REPORT_URL, HITS, PRESS_RELEASE_URL, PUBLIC_WORD, search


@pytest.fixture(scope="module")
def site_in_parts(tmp_path_factory):
    target = tmp_path_factory.mktemp("site-parts")
    build = run_mkdocs(ROOT, site_dir=str(target), env={"NEWSROOM_SEARCH_PART_PAGES": "5"})
    assert build.ok, build.log
    site = ServedSite("public", target, serve(target))
    yield site
    site.server.stop()


def test_a_site_in_parts_is_searched_in_all_of_them(open_page, site_in_parts):
    parts = json.loads((site_in_parts.root / "pagefind" / "teile.json").read_text(encoding="utf-8"))
    assert "2024" in parts and len(parts) >= 2, parts
    assert all((site_in_parts.root / "pagefind" / part / "pagefind-entry.json").is_file() for part in parts)
    visit = open_page(site_in_parts, "")
    page = visit.page
    assert search(page, PUBLIC_WORD) == [f"/{PRESS_RELEASE_URL}"]
    assert f"/{BOARD_REPORT_URL}" in search(page, "Kandidierende")
    # Found in several parts at once: the events of 2026 and the bulletins of 2024.
    everything = search(page, "Stadtvorstand")
    assert any(path.startswith("/termine/2026/") for path in everything), everything
    assert any(path.startswith("/aktuelles/2024/") for path in everything), everything
    # The year filter's values come from every part.
    page.wait_for_function("document.querySelectorAll(\"select[data-nr-filter='jahr'] option\").length > 2")
    years = page.locator("select[data-nr-filter='jahr'] option").all_inner_texts()
    assert any(text.startswith("2024") for text in years) and any(text.startswith("2026") for text in years), years
    page.locator("select[data-nr-filter='jahr']").select_option("2024")
    page.wait_for_function("() => { const hits = [...document.querySelectorAll('#nr-search-panel a.nr-hit')];"
                           " return hits.length > 0 && hits.every(a => a.textContent.includes('2024')); }")
    assert page.locator(HITS).count() > 0
    assert visit.outside_requests() == []
    assert site_in_parts.server.failures == []
