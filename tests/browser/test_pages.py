"""The site's kinds of pages at phone and desktop size: they fit the screen, pass
axe-core without serious findings, and load nothing from outside 127.0.0.1.

Each page is opened once per size (a module-scoped fixture) and looked at by all
three tests; screenshots go to test-artifacts/screenshots/ for a person to look at.
"""

from __future__ import annotations

import pytest

from . import pending
from .conftest import VIEWPORTS, open_visit, serious_violations, skip_while_pending

# (name, site, path): one page of each kind readers meet.
PAGES = [
    ("home", "public", "", None),
    ("aktuelles", "public", "aktuelles/", None),
    ("bulletin", "public", "aktuelles/2024/sofortinfo-stadtvorstand-januar/", None),
    ("tag", "public", "aktuelles/themen/stadtvorstand/", None),
    ("termine", "public", "termine/", pending.CALENDAR),
    ("event", "public", "termine/2026/mitgliederversammlung/", None),
    ("member-page", "members", "mitglieder/", pending.MEMBER_SITE),
    # A bulletin with member passages, shown as marked boxes in the member site.
    ("member-passages", "members", "aktuelles/2024/sofortinfo-stadtvorstand-januar/", pending.MEMBER_SITE),
]
# One xdist group per page and size: the three tests share one page load (with
# `--dist loadgroup`, as the Makefile runs them).
SHOWN = [
    pytest.param(
        (name, site, path, viewport, mark),
        id=f"{name}-{viewport}",
        marks=[pytest.mark.xdist_group(f"page-{name}-{viewport}"), *([mark] if mark else [])],
    )
    for name, site, path, mark in PAGES
    for viewport in VIEWPORTS
]

# Elements reaching past the right edge, unless a scrolling box of their own holds
# them: named in the failure message.
_OVERFLOWING = """() => {
  const width = document.documentElement.clientWidth;
  const scrolls = (el) => ['auto', 'scroll'].includes(getComputedStyle(el).overflowX);
  const held = (el) => {
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      if (scrolls(p)) return true;
    }
    return false;
  };
  const name = (el) => el.tagName.toLowerCase()
    + (typeof el.className === 'string' && el.className.trim() ? '.' + el.className.trim().split(/\\s+/).join('.') : '');
  return [...document.body.querySelectorAll('*')]
    .filter((el) => el.getBoundingClientRect().right > width + 1 && el.checkVisibility() && !held(el))
    .map(name)
    .slice(0, 10);
}"""


@pytest.fixture(scope="module", params=SHOWN)
def shown(request, browser, sites):
    name, site, path, viewport, mark = request.param
    # Module-scoped, so it runs before the autouse skip: it checks its `pending` mark itself.
    skip_while_pending(mark and mark.mark, sites)
    visit, context = open_visit(browser, sites[site], path, viewport)
    visit.name = name
    yield visit
    context.close()


def test_page_fits_the_screen(shown):
    shown.screenshot()
    scroll_width, client_width = shown.page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert scroll_width <= client_width, f"{shown.page.url} scrolls sideways: {shown.page.evaluate(_OVERFLOWING)}"


def test_page_requests_stay_on_the_server(shown):
    assert any(url.endswith(".css") for url in shown.requests), "the recording saw no stylesheet: it records nothing"
    assert shown.outside_requests() == []


def test_page_has_no_serious_accessibility_violations(shown):
    assert serious_violations(shown.page) == []
