"""The site's kinds of pages at phone and desktop size: each fits the screen, loads
nothing from beyond 127.0.0.1 and passes axe-core without serious findings.

One test per page and size opens the page once and reports every problem found;
screenshots go to test-artifacts/screenshots/ for a person to look at.
"""

from __future__ import annotations

import pytest

from .conftest import VIEWPORTS, serious_violations

# (name, site, path): one page of each kind readers meet.
PAGES = [
    pytest.param("home", "public", "", id="home"),
    pytest.param("aktuelles", "public", "aktuelles/", id="aktuelles"),
    pytest.param("bulletin", "public", "aktuelles/2024/sofortinfo-stadtvorstand-januar/", id="bulletin"),
    pytest.param("tag", "public", "aktuelles/themen/stadtvorstand/", id="tag"),
    pytest.param("termine", "public", "termine/", id="termine"),
    pytest.param("event", "public", "termine/2026/mitgliederversammlung/", id="event"),
    pytest.param("series", "public", "termine/2026/roter-stammtisch/", id="series"),  # a recurring date
    pytest.param("member-page", "members", "mitglieder/", id="member-page"),
    # A bulletin with member passages, shown as marked boxes in the member site.
    pytest.param("member-passages", "members", "aktuelles/2024/sofortinfo-stadtvorstand-januar/",
                 id="member-passages"),
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


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize(("name", "site", "path"), PAGES)
def test_page_fits_stays_local_and_passes_axe(open_page, sites, name, site, path, viewport):
    visit = open_page(sites[site], path, viewport)
    visit.name = name
    visit.screenshot()
    assert any(url.endswith(".css") for url in visit.requests), "the recording saw no stylesheet: it records nothing"
    problems = {}
    scroll_width, client_width = visit.page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    if scroll_width > client_width:
        problems["scrolls sideways"] = visit.page.evaluate(_OVERFLOWING)
    if visit.outside_requests():
        problems["requests beyond 127.0.0.1"] = visit.outside_requests()
    if violations := serious_violations(visit.page):
        problems["axe-core"] = violations
    assert problems == {}
