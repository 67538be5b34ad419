"""The site as readers meet it (issue 18): days after the build, in both colour schemes,
on paper and on a phone; the 404 page; subscribing; the topics of event notices.

Screenshots of each kind of page in both schemes go to test-artifacts/screenshots/.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from conftest import ROOT, run_mkdocs

from .conftest import SCREENSHOTS, VIEWPORTS, ServedSite, serious_violations, settle
from .site_server import serve

BERLIN = ZoneInfo("Europe/Berlin")
# After the sample's dates of 3, 5, 8 and 10 December 2026, before 19 December.
AFTER_SEVERAL = dt.datetime(2026, 12, 15, 10, 0, tzinfo=BERLIN)
# One page of each kind; (name, site, path).
KINDS = [
    ("home", "public", ""),
    ("aktuelles", "public", "aktuelles/"),
    ("bulletin", "public", "aktuelles/2024/sofortinfo-stadtvorstand-januar/"),
    ("tag", "public", "aktuelles/themen/stadtvorstand/"),
    ("termine", "public", "termine/"),
    ("year", "public", "termine/2026/"),
    ("event", "public", "termine/2026/mitgliederversammlung/"),
    ("abonnieren", "public", "abonnieren/"),
    ("404", "public", "404.html"),
    ("member-page", "members", "mitglieder/"),
]


def _open(browser, site: ServedSite, path: str, *, scheme: str = "light", viewport: str = "desktop",
          clock: dt.datetime = AFTER_SEVERAL):
    context = browser.new_context(viewport=VIEWPORTS[viewport], locale="de-DE", timezone_id="Europe/Berlin",
                                  color_scheme=scheme)
    page = context.new_page()
    page.clock.set_system_time(clock)
    response = page.goto(site.url(path))
    assert response is not None and response.ok, f"/{path}: HTTP {response and response.status}"
    settle(page)
    return page, context


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_kind_of_page_passes_axe_in_both_schemes_after_several_dates(browser, sites, scheme):
    problems = {}
    for name, site_name, path in KINDS:
        page, context = _open(browser, sites[site_name], path, scheme=scheme)
        try:
            expected = "slate" if scheme == "dark" else "default"
            assert page.evaluate("document.body.dataset.mdColorScheme") == expected, name
            assert page.locator("form[data-md-component=palette] input").count() == 2, "a light/dark toggle"
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=SCREENSHOTS / f"{site_name}-{name}-{scheme}.png", full_page=True)
            found = serious_violations(page)
            if found:
                problems[name] = found
        finally:
            context.close()
    assert problems == {}, "\n".join(f"{k}: {v}" for k, v in problems.items())


def test_past_dates_are_marked_by_text_and_strike_not_by_faint_colour(browser, public_site):
    page, context = _open(browser, public_site, "termine/")
    try:
        past = page.locator(".nr-grid .nr-past")
        assert past.count() >= 4, "the month table marks the dates over by the reader's clock"
        style = past.first.evaluate("e => [getComputedStyle(e).opacity, getComputedStyle(e.querySelector('a')).textDecorationLine, getComputedStyle(e.querySelector('time'), '::after').content]")
        assert style[0] == "1" and "line-through" in style[1] and "vorbei" in style[2], style
    finally:
        context.close()


@pytest.fixture(scope="module")
def built_before_december(tmp_path_factory):
    """The public site built on 1 December 2026, before the sample's December dates."""
    target = tmp_path_factory.mktemp("site-december")
    epoch = str(int(dt.datetime(2026, 12, 1, 12, 0, tzinfo=BERLIN).timestamp()))
    build = run_mkdocs(ROOT, env={"SOURCE_DATE_EPOCH": epoch}, site_dir=str(target))
    assert build.ok, build.log
    server = serve(target)
    yield ServedSite("public-december", target, server)
    server.stop()


_VISIBLE_TITLES = """(selector) => [...document.querySelectorAll(selector)]
  .filter((li) => li.checkVisibility()).map((li) => li.querySelector('a').textContent.trim())"""


def test_home_box_read_14_days_after_the_build_shows_the_calendars_next_dates(browser, built_before_december):
    later = dt.datetime(2026, 12, 15, 10, 0, tzinfo=BERLIN)  # the build's day + 14
    calendar, context = _open(browser, built_before_december, "termine/", clock=later)
    try:
        upcoming = calendar.evaluate(_VISIBLE_TITLES, "[data-nr-upcoming] li[data-nr-ends]")
    finally:
        context.close()
    home, context = _open(browser, built_before_december, "", clock=later)
    try:
        shown = home.evaluate(_VISIBLE_TITLES, "[data-nr-next-dates] li[data-nr-ends]")
        wanted = int(home.locator("[data-nr-next-dates]").get_attribute("data-nr-count"))
    finally:
        context.close()
    assert len(upcoming) >= wanted, "the sample has enough dates after 15 December"
    assert shown == upcoming[:wanted]


def test_404_page_is_german_with_search_and_ways_on(browser, public_site):
    page, context = _open(browser, public_site, "404.html")
    try:
        assert page.locator("html").get_attribute("lang") == "de"
        assert page.locator("h1").inner_text() == "Seite nicht gefunden"
        assert "Not found" not in page.locator("body").inner_text()
        links = page.locator(".md-content a").evaluate_all("links => links.map(a => new URL(a.href).pathname)")
        assert {"/", "/aktuelles/", "/termine/"} <= set(links)
        page.get_by_label("Suche auf der Website").fill("Stadtvorstand")
        page.get_by_role("button", name="Suchen").click()
        page.wait_for_url("**/?q=*")
        page.wait_for_function("document.querySelectorAll('#nr-search-panel a.nr-hit').length > 0")
        assert page.locator("#nr-search-input").input_value() == "Stadtvorstand"
    finally:
        context.close()


def test_event_prints_with_site_name_and_address_without_navigation(browser, public_site):
    page, context = _open(browser, public_site, "termine/2026/mitgliederversammlung/")
    try:
        page.emulate_media(media="print")
        assert page.locator(".nr-print-header").is_visible()
        printed = page.locator(".nr-print-header").inner_text()
        assert "Stadtverband Halle (Saale)" in printed and "/termine/2026/mitgliederversammlung/" in printed
        for hidden in (".md-header", ".md-tabs", ".md-sidebar--primary", ".md-footer", ".md-button"):
            assert not page.locator(hidden).first.is_visible(), hidden
        assert not page.get_by_role("link", name="← Alle Termine").is_visible()
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=SCREENSHOTS / "public-event-print.png", full_page=True)
    finally:
        context.close()


def test_phone_and_desktop_details(browser, public_site):
    page, context = _open(browser, public_site, "termine/", viewport="phone")
    try:
        assert not page.locator(".nr-months").is_visible(), "the month tables repeat the list on a phone"
        assert page.locator(".md-typeset").first.evaluate("e => getComputedStyle(e).hyphens") == "auto"
        top = page.locator(".nr-subscribe-link a")
        assert top.inner_text() == "Abonnieren" and top.bounding_box()["y"] < 740, "within the first screen"
        top.click()
        assert page.locator("#abonnieren").evaluate("e => e.getBoundingClientRect().top") < 200
    finally:
        context.close()
    page, context = _open(browser, public_site, "termine/2026/", viewport="phone")
    try:
        heights = page.locator(".nr-date__when").evaluate_all(
            "els => els.map(e => e.querySelector('time').getClientRects().length)")
        assert heights and all(lines == 1 for lines in heights), heights
    finally:
        context.close()
    page, context = _open(browser, public_site, "")
    try:
        assert page.locator(".md-content h1").count() == 1
        assert not page.locator(".md-sidebar--primary").is_visible(), "no lone 'Start' column"
        colour = page.locator(".md-content h1").evaluate("e => getComputedStyle(e).color")
        assert colour in ("rgba(0, 0, 0, 0.87)", "rgb(0, 0, 0)"), colour
    finally:
        context.close()
    page, context = _open(browser, public_site, "termine/")
    try:
        assert not page.locator(".md-sidebar--primary").is_visible(), "no lone 'Termine' column"
    finally:
        context.close()


def test_subscribe_page_and_notice_topics(browser, public_site):
    page, context = _open(browser, public_site, "")
    try:
        page.locator("footer").get_by_role("link", name="Abonnieren").click()
        page.wait_for_url("**/abonnieren/")
        hrefs = page.locator(".md-content a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
        assert any(h.startswith("webcal://") for h in hrefs)
        assert any(h.startswith("https://calendar.google.com/calendar/render?cid=webcal") for h in hrefs)
        assert any(h.startswith("https://outlook.live.com/calendar/0/addfromweb?url=https") for h in hrefs)
        assert any(h.endswith("rss.xml") for h in hrefs) and any(h.endswith("atom.xml") for h in hrefs)
        assert any("/themen/" in h and h.endswith(".xml") for h in hrefs), "topic feeds"
        assert "iPhone" in page.locator(".md-content").inner_text()
    finally:
        context.close()
    page, context = _open(browser, public_site, "termine/2026/mitgliederversammlung/")
    try:
        assert page.locator(".nr-event .nr-tags").get_by_role("link", name="Stadtvorstand").is_visible()
    finally:
        context.close()
    page, context = _open(browser, public_site, "aktuelles/themen/stadtvorstand/")
    try:
        assert page.get_by_role("link", name="Mitgliederversammlung im Dezember", exact=True).count() >= 1
    finally:
        context.close()
