"""Recurring dates and stable identities (issue 19) in real site builds."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import icalendar
import lxml.html
import pytest
import recurring_ical_events

from conftest import copy_project, run_mkdocs, write
from eventdata import HOST, SIX_DATES, SIX_DATES_PATH
from icslint import lint
from recurringdata import BOARD, BOARD_PATH, STAMMTISCH, STAMMTISCH_DATES, STAMMTISCH_PATH
from safety_helpers import run_check

DAY_AFTER_BULLETIN = "1706097600"  # 2024-01-24 12:00 UTC
FIRST_ENTRY = "  - title: Demonstration vor dem Landtag\n    start: 2024-01-25\n    location: Landtag Sachsen-Anhalt, Domplatz, Magdeburg\n"


def make_project(root: Path, six_dates: str = SIX_DATES) -> Path:
    project = copy_project(root, with_content=False)
    write(project / STAMMTISCH_PATH, STAMMTISCH)
    write(project / BOARD_PATH, BOARD)
    write(project / SIX_DATES_PATH, six_dates)
    return project


def build(project: Path):
    result = run_mkdocs(project, env={"SOURCE_DATE_EPOCH": DAY_AFTER_BULLETIN})
    assert result.ok, result.log
    return result


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    return build(make_project(tmp_path_factory.mktemp("recurring")))


def html(build_result, path: str):
    return lxml.html.fromstring(build_result.text(path))


def test_calendar_page_lists_every_occurrence_within_the_horizon(site):
    calendar = html(site, "termine/index.html")
    upcoming = calendar.xpath("//section[@data-nr-upcoming]//li[contains(@class, 'nr-date')]")
    stammtisch = [li for li in upcoming if "Roter Stammtisch" in li.text_content()]
    starts = [li.xpath(".//time/@datetime")[0] for li in stammtisch]
    expected = [dt.datetime.fromisoformat(s).astimezone().isoformat() for s, _, _ in STAMMTISCH_DATES]
    assert len(starts) == len(STAMMTISCH_DATES) + 1  # and the excepted one, marked
    assert "2024-03-06T19:00+01:00" in starts and "2024-06-05T19:00+02:00" in starts  # 19:00 across summer time
    assert "2024-05-08T19:00+02:00" in starts and "2024-05-01T19:00+02:00" not in starts  # moved
    cancelled = [li for li in stammtisch if "nr-date--cancelled" in li.get("class")]
    assert [li.xpath(".//time/@datetime")[0] for li in cancelled] == ["2024-04-03T19:00+02:00"]
    assert "abgesagt" in cancelled[0].text_content()
    links = {li.xpath(".//a/@href")[0] for li in stammtisch}
    assert "2024/roter-stammtisch/#am-2024-05-01" in links
    assert expected  # the data module's dates are well-formed
    grid = calendar.xpath("//section[contains(@class, 'nr-months')]//table")
    assert any("Roter Stammtisch" in table.text_content() or "Vorstandssitzung" in table.text_content() for table in grid)


def test_year_pages_and_home_list_occurrences(site):
    year = html(site, "termine/2024/index.html").text_content()
    assert year.count("Roter Stammtisch") == len(STAMMTISCH_DATES) + 1
    assert year.count("Vorstandssitzung") == 26  # every second Tuesday of 2024 from 16 January
    assert "Vorstandssitzung" in html(site, "termine/2025/index.html").text_content()  # up to the horizon
    assert not (site.site / "termine/2025/vorstandssitzung").exists()
    home = html(site, "index.html").text_content()
    assert "Vorstandssitzung" in home


def test_series_page_shows_rule_next_dates_exceptions_and_downloads(site):
    page = html(site, "termine/2024/roter-stammtisch/index.html")
    text = " ".join(page.text_content().split())
    assert "jeden ersten Mittwoch im Monat, 19:00–21:00 Uhr, bis 30. September 2024" in text
    moved = " ".join(page.xpath("//li[@id='am-2024-05-01']")[0].text_content().split())
    assert "Mi., 8. Mai 2024" in moved and "Volksbad Buckau" in moved and "(verlegt, statt Mi., 1. Mai 2024)" in moved
    assert "Fällt aus" in text and "abgesagt" in page.xpath("//li[@id='am-2024-04-03']")[0].text_content()
    ics_link = page.xpath("//a[@download]/@href")[0]
    assert (site.site / "termine/2024/roter-stammtisch/" / ics_link).resolve() == (site.site / "termine/2024/roter-stammtisch.ics").resolve()
    google = next(href for href in page.xpath("//a/@href") if href.startswith("https://calendar.google.com/"))
    query = parse_qs(urlsplit(google).query)
    assert query["recur"] == ["RRULE:FREQ=MONTHLY;BYDAY=1WE;UNTIL=20240930T215959Z"]
    assert query["ctz"] == ["Europe/Berlin"] and query["dates"] == ["20240207T190000/20240207T210000"]
    data = json.loads(page.xpath("//script[@type='application/ld+json']/text()")[0])
    assert isinstance(data, list) and len(data) == len(STAMMTISCH_DATES) + 1
    assert {d["@type"] for d in data} == {"Event"}
    moved = next(d for d in data if d["url"].endswith("#am-2024-05-01"))
    assert moved["startDate"] == "2024-05-08T19:00+02:00" and moved["location"]["name"] == "Volksbad Buckau"
    excepted = next(d for d in data if d["url"].endswith("#am-2024-04-03"))
    assert excepted["eventStatus"] == "https://schema.org/EventCancelled"


def test_built_feed_expands_to_the_same_dates(site):
    data = (site.site / "termine/kalender.ics").read_bytes()
    assert lint(data, host=HOST, feed=True) == []
    calendar = icalendar.Calendar.from_ical(data)
    found = [
        (e.decoded("DTSTART"), str(e.get("LOCATION")))
        for e in recurring_ical_events.of(calendar).between(dt.date(2024, 1, 1), dt.date(2026, 1, 1))
        if str(e.get("UID")) == f"2024.roter-stammtisch@{HOST}"
    ]
    assert [(start.strftime("%Y-%m-%d %H:%M"), place) for start, place in found] == [(s, p) for s, _, p in STAMMTISCH_DATES]
    for path in site.files():
        if path.endswith(".ics"):
            assert lint((site.site / path).read_bytes(), host=HOST, feed=path == "termine/kalender.ics") == [], path


def test_old_termin_addresses_lead_to_the_same_dates(site):
    old = site.text("termine/2024/sofortinfo/termin-4/index.html")
    assert 'http-equiv="refresh" content="0; url=../sitzung-des-stadtvorstandes/"' in old
    assert (site.site / "termine/2024/sofortinfo/sitzung-des-stadtvorstandes/index.html").exists()


def test_deleting_the_first_entry_keeps_every_other_url_and_uid(site, tmp_path):
    assert FIRST_ENTRY in SIX_DATES
    after = build(make_project(tmp_path / "after", SIX_DATES.replace(FIRST_ENTRY, "")))

    def dates_of(build_result) -> dict[str, tuple[str, str]]:
        feed = icalendar.Calendar.from_ical((build_result.site / "termine/kalender.ics").read_bytes())
        return {
            str(e["SUMMARY"]): (str(e["UID"]), str(e["URL"]))
            for e in feed.events if ".sofortinfo." in str(e["UID"])
        }

    before_dates, after_dates = dates_of(site), dates_of(after)
    del before_dates["Demonstration vor dem Landtag"]
    assert after_dates == before_dates and len(after_dates) == 5
    for _uid, url in after_dates.values():
        path = url.removeprefix("https://www.example.org/") + "index.html"
        assert (after.site / path).is_file() and (site.site / path).is_file(), path


def test_make_check_reports_every_invalid_rule(tmp_path):
    project = copy_project(tmp_path / "check", with_content=False)
    write(project / STAMMTISCH_PATH, STAMMTISCH.replace("first wednesday", "fifth monday"))
    write(project / BOARD_PATH, BOARD.replace("interval: 2", "interval: 0").replace("count: 3", "count: 3\n      until: 2026-01-01"))
    result = run_check(project)
    assert result.returncode == 1
    assert f"{STAMMTISCH_PATH}, Zeile 9, Schlüssel „repeat.on“" in result.stderr
    assert f"{BOARD_PATH}, Zeile 11, Schlüssel „events[1].repeat.interval“" in result.stderr
    assert f"{BOARD_PATH}, Zeile 19, Schlüssel „events[2].repeat.until“" in result.stderr
    built = run_mkdocs(project)
    assert not built.ok
    for line in re.findall(r"(bulletins/[^\n]*Schlüssel „[^“]*“)", result.stderr):
        assert line in built.log


def test_same_sources_same_bytes(site, tmp_path):
    again = build(make_project(tmp_path / "again"))
    assert again.files() == site.files()
    for path in site.files():
        assert (again.site / path).read_bytes() == (site.site / path).read_bytes(), path
