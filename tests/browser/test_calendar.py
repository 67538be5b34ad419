"""The calendar page "Termine" in the browser: the month view on phones, the keyboard,
the script that moves ended dates by the reader's clock, and the subscribe links.

Sites are built with SOURCE_DATE_EPOCH 2026-12-02 (tests/conftest.py), so every sample date from
December 2026 on is "upcoming" in the HTML; the reader's clock (Playwright's) decides
what the script moves.
"""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest

from .conftest import VIEWPORTS, fetch

BERLIN = ZoneInfo("Europe/Berlin")
EVENT_PAGE = re.compile(r"^/termine/\d{4}/.+/$")  # an event's own page, not a year's list
MEETING_PAGE = "termine/2026/mitgliederversammlung/"
# Sample dates by their titles: 10 December 2026, 19:00–21:30; 3 December 2026 (from a
# bulletin's `events`); 15 January 2027.
MEETING = "Mitgliederversammlung im Dezember"
FORUM = "Bürgerforum zum Straßenbau in der Südstadt"
RECEPTION = "Neujahrsempfang 2027"
UPCOMING = re.compile("kommende termine", re.IGNORECASE)
PAST = re.compile("vergangene termine", re.IGNORECASE)
CALENDAR_TYPE = "text/calendar"



def _event_links(section, title: str):
    return section.get_by_role("link", name=title, exact=True)


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_month_view_is_a_table_on_desktops_and_a_list_on_phones(open_page, public_site, viewport):
    page = open_page(public_site, "termine/", viewport).page
    table = page.locator(".md-content table:has(caption)").first
    assert table.count() == 1, "no month table with a caption"
    if viewport == "phone":
        # Issue 18: on a phone the month view only repeated the list of dates above it,
        # so it is hidden there (the table-as-list CSS stays, for narrow desktop windows).
        assert not page.locator(".nr-months").is_visible()
        assert page.locator("[data-nr-upcoming] li[data-nr-ends]").first.is_visible()
        return
    weekdays = table.locator("thead th").all_text_contents()
    assert [day.strip()[:2] for day in weekdays] == ["Mo", "Di", "Mi", "Do", "Fr", "Sa", "So"]
    width = table.bounding_box()["width"]
    days = [cell.bounding_box() for cell in table.locator("td:has(a)").all()]
    assert len(days) >= 2, "the sample's first month has several days with dates"
    if viewport == "desktop":  # seven columns
        assert all(day["width"] <= width / 5 for day in days), days
        rows = [day["y"] for day in days]
        assert len(set(rows)) < len(rows), "two days of one week (3 and 5 December 2026) share a row"
    else:  # one day under the other, each as wide as the list
        assert all(day["width"] >= 0.8 * width for day in days), (width, days)
        tops = sorted(day["y"] for day in days)
        assert all(later >= earlier + 1 for earlier, later in zip(tops, tops[1:])), tops
        assert not table.locator("thead").is_visible(), "weekday headings belong to the table view"
        assert table.locator("td:not(:has(a)):visible").count() == 0, "the list shows only days with dates"


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_keyboard_reaches_every_event_link(open_page, public_site, viewport):
    page = open_page(public_site, "termine/", viewport).page
    count = page.evaluate(
        """(pattern) => {
          const links = [...document.querySelectorAll('.md-content a[href]')]
            .filter((a) => new RegExp(pattern).test(new URL(a.href).pathname) && a.checkVisibility());
          links.forEach((a, index) => { a.dataset.nrTest = String(index); });
          return links.length;
        }""",
        EVENT_PAGE.pattern,
    )
    assert count >= 3, "the calendar lists the sample's upcoming dates"
    focusable = page.evaluate("document.querySelectorAll('a[href], button, input, summary, [tabindex]').length")
    reached: set[str] = set()
    left_the_calendar = False
    for _ in range(focusable + 10):
        page.keyboard.press("Tab")
        index, in_footer = page.evaluate(
            "() => [document.activeElement.dataset.nrTest ?? null, !!document.activeElement.closest('footer')]"
        )
        if index is not None:
            reached.add(index)
        if in_footer and len(reached) == count:
            left_the_calendar = True  # every date passed, and the keyboard is not caught in a grid
            break
    assert reached == {str(i) for i in range(count)}, f"Tab reached {len(reached)} of {count} event links"
    assert left_the_calendar, "Tab never got past the calendar to the footer"


@pytest.mark.parametrize(
    ("clock", "meeting_is"),
    [
        (dt.datetime(2026, 12, 10, 18, 0, tzinfo=BERLIN), UPCOMING),  # before it starts
        (dt.datetime(2026, 12, 10, 22, 0, tzinfo=BERLIN), PAST),  # half an hour after its end
    ],
    ids=["before", "after"],
)
def test_dates_move_to_past_by_the_readers_clock(open_page, public_site, clock, meeting_is):
    page = open_page(public_site, "termine/", clock=clock).page
    assert abs(page.evaluate("Date.now()") / 1000 - clock.timestamp()) < 60, "the browser clock was not set"
    upcoming = page.get_by_role("region", name=UPCOMING)
    past = page.get_by_role("region", name=PAST)
    elsewhere = past if meeting_is is UPCOMING else upcoming
    shown_in = upcoming if meeting_is is UPCOMING else past
    assert _event_links(shown_in, MEETING).first.is_visible()
    assert _event_links(elsewhere, MEETING).count() == 0
    # Controls on both sides: the December forum has ended either way, January lies ahead.
    assert _event_links(past, FORUM).count() >= 1 and _event_links(upcoming, FORUM).count() == 0
    assert _event_links(upcoming, RECEPTION).first.is_visible() and _event_links(past, RECEPTION).count() == 0


def test_subscribe_links_lead_to_calendar_files(open_page, public_site):
    page = open_page(public_site, "termine/").page
    announced = page.locator(f'head link[rel="alternate"][type="{CALENDAR_TYPE}"]')
    assert announced.count() == 1, "the head announces the ICS feed"
    links = [announced.evaluate("link => link.href")] + page.locator(
        '.md-content a[href^="webcal:"], .md-content a[href$=".ics"]'
    ).evaluate_all("links => links.map(a => a.href)")  # as the browser resolves them
    assert any(link.startswith("webcal://") for link in links), "a webcal:// link for Apple's apps"
    assert any(link.startswith(("https://", "http://")) for link in links[1:]), "a plain link for Google and others"
    for link in links:
        status, content_type, body = fetch(public_site.local_url(link))
        assert status == 200, link
        assert content_type.split(";")[0].strip() == CALENDAR_TYPE, f"{link}: {content_type}"
        assert body.startswith(b"BEGIN:VCALENDAR"), link


def test_event_page_offers_its_own_calendar_file(open_page, public_site):
    page = open_page(public_site, MEETING_PAGE).page
    links = page.locator('.md-content a[href$=".ics"]').evaluate_all("links => links.map(a => a.href)")
    assert links, "the event page links its .ics file"
    for link in links:
        status, content_type, body = fetch(public_site.local_url(link))
        assert (status, content_type.split(";")[0]) == (200, CALENDAR_TYPE), link
        assert body.startswith(b"BEGIN:VCALENDAR") and b"Mitgliederversammlung" in body
