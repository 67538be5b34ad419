"""Real site builds: the calendar page, event pages, JSON-LD, home page and ICS files.

The content is the real bulletin announcing six dates (all-day, timed, online) plus a
cancelled event notice (tests/eventdata.py). "Now" is chosen per build with
SOURCE_DATE_EPOCH: 2024-01-24 (the day after the bulletin: all six dates ahead) or
2024-06-01 (the default: all of them past).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import parse_qs, urljoin, urlsplit

import icalendar
import lxml.html
import pytest

from conftest import copy_project, run_mkdocs, write
from eventdata import CANCELLED_NOTICE, CANCELLED_PATH, HOST, SIX_DATES, SIX_DATES_PATH, notice
from icslint import lint

# The six dates' names: each entry is named after its title (issue 19), no longer `termin-<n>`.
SIX_NAMES = (
    "demonstration-vor-dem-landtag", "gedenken-zum-holocaust-gedenktag", "treffen-fuer-neue-mitglieder",
    "sitzung-des-stadtvorstandes", "stadtparteitag", "basiskonferenz-zum-staedtischen-krankenhaus",
)
DAY_AFTER_BULLETIN = "1706097600"  # 2024-01-24 12:00 UTC
MEMBER_NOTICE_PATH = "bulletins/termine/2024-02-20-kassenpruefung.md"
MEMBER_NOTICE = notice("Kassenprüfung MEMBERMARK", "2024-02-20 17:00", audience="members", location="Geschäftsstelle")
MEMBERS_CONFIG = """\
INHERIT: mkdocs.yml
site_url: https://mitglieder.example.org/
site_dir: site-members
extra:
  newsroom:
    audience: members
# Just enough of a member site for these tests (mkdocs.members.yml is the real one).
not_in_nav: |
  /aktuelles/**
  /termine/**
  /mitglieder/**
  /impressum.md
  /datenschutz.md
"""


def make_project(root: Path, six_dates: str = SIX_DATES) -> Path:
    project = copy_project(root, with_content=False)
    write(project / SIX_DATES_PATH, six_dates)
    write(project / CANCELLED_PATH, CANCELLED_NOTICE)
    write(project / MEMBER_NOTICE_PATH, MEMBER_NOTICE)
    write(project / "mkdocs.test-members.yml", MEMBERS_CONFIG)
    return project


def build(project: Path, epoch: str, site_dir: str = "site", config: str = "mkdocs.yml"):
    result = run_mkdocs(project, config=config, env={"SOURCE_DATE_EPOCH": epoch}, site_dir=str(project / site_dir))
    assert result.ok, result.log
    return result


@pytest.fixture(scope="module")
def upcoming(tmp_path_factory):
    """Built the day after the bulletin: every date lies ahead."""
    return build(make_project(tmp_path_factory.mktemp("upcoming")), DAY_AFTER_BULLETIN)


@pytest.fixture(scope="module")
def later(tmp_path_factory):
    """Built on 2024-06-01: every date is past."""
    return build(make_project(tmp_path_factory.mktemp("later")), "1717243200")


def page(build_result, relative: str):
    return lxml.html.fromstring(build_result.text(relative))


def text_of(element) -> str:
    return " ".join(element.text_content().split())


def resolve(build_result, page_path: str, href: str) -> Path:
    """The output file a link on a page points to (relative or absolute to the site)."""
    base = "https://www.example.org/" + page_path.removesuffix("index.html")
    target = urlsplit(urljoin(base, href)).path.lstrip("/")
    path = build_result.site / target
    return path / "index.html" if target.endswith("/") or not target else path


def event_page_paths(build_result) -> list[str]:
    return [
        p for p in build_result.files()
        if p.startswith("termine/") and p.endswith("/index.html") and p.count("/") >= 3
        and 'http-equiv="refresh"' not in build_result.text(p)  # old `termin-<n>` addresses (issue 19)
    ]


# The calendar page --------------------------------------------------------------


def test_calendar_page_is_in_the_navigation_as_termine(upcoming):
    home = page(upcoming, "index.html")
    links = [a for a in home.iter("a") if text_of(a) == "Termine" and "md-tabs__link" in (a.get("class") or "")]
    assert links, "no navigation tab 'Termine'"
    assert resolve(upcoming, "index.html", links[0].get("href")) == upcoming.site / "termine/index.html"


def test_calendar_page_head_links_the_feed(upcoming):
    calendar = page(upcoming, "termine/index.html")
    (link,) = calendar.xpath('//head/link[@rel="alternate"][@type="text/calendar"]')
    # Relative, so Material's script (which fetches a sitemap beside every alternate
    # link) stays on the site's own host; it resolves to the feed beside the page.
    assert link.get("href") == "kalender.ics"
    assert (upcoming.site / "termine/kalender.ics").is_file()


def test_upcoming_dates_grouped_by_month_with_german_labels(upcoming):
    calendar = page(upcoming, "termine/index.html")
    (section,) = calendar.xpath('//section[@data-nr-upcoming]')
    months = [text_of(h) for h in section.xpath('.//section[@data-nr-month]/h3')]
    assert months == ["Januar 2024", "Februar 2024", "März 2024"]
    items = [text_of(li) for li in section.xpath(".//li[@data-nr-ends]")]
    assert len(items) == 7  # six dates and the cancelled notice; the member-only notice is not public
    assert items[0].startswith("Do., 25. Januar 2024 Demonstration vor dem Landtag")
    meeting = next(i for i in items if "Sitzung des Stadtvorstandes" in i)
    assert meeting.startswith("Di., 13. Februar 2024, 19:00–21:00 Uhr") and meeting.endswith("online")
    stand = next(i for i in items if "Infostand" in i)
    assert "abgesagt" in stand and stand.startswith("Sa., 10. Februar 2024, 10:00–14:00 Uhr")
    assert "Uhr" not in items[0]  # all-day: no time
    past = calendar.xpath('//section[@data-nr-past]')[0]
    assert past.xpath(".//li") == []
    assert past.xpath('.//*[@data-nr-empty]')[0].get("hidden") is None
    assert "MEMBERMARK" not in upcoming.text("termine/index.html")


def test_every_listed_date_links_to_its_page_and_carries_times(upcoming):
    calendar = page(upcoming, "termine/index.html")
    for item in calendar.xpath('//section[@data-nr-upcoming]//li[@data-nr-ends]'):
        (link,) = item.xpath(".//a")
        assert resolve(upcoming, "termine/index.html", link.get("href")).is_file()
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}\+0[12]:00", item.get("data-nr-ends"))
        for time in item.xpath(".//time"):
            assert re.fullmatch(r"\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}\+0[12]:00)?", time.get("datetime"))


def test_month_view_is_an_accessible_table(upcoming):
    calendar = page(upcoming, "termine/index.html")
    tables = calendar.xpath('//table[contains(@class, "nr-grid")]')
    assert [text_of(t.xpath("caption")[0]) for t in tables] == ["Januar 2024", "Februar 2024", "März 2024"]
    for table in tables:
        headers = table.xpath("thead/tr/th")
        assert [h.get("scope") for h in headers] == ["col"] * 7
        assert [h.xpath("abbr")[0].get("title") for h in headers] == [
            "Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag",
        ]
        assert all(len(row.xpath("td")) == 7 for row in table.xpath("tbody/tr"))
    january = tables[0]
    # 1 January 2024 was a Monday: the first cell is the 1st.
    first_cell = january.xpath("tbody/tr[1]/td[1]")[0]
    assert text_of(first_cell).startswith("1 Mo., 1. Januar")
    entries = january.xpath('.//li[contains(@class, "nr-grid__entry")]')
    assert [e.xpath("time")[0].get("datetime") for e in entries] == ["2024-01-25", "2024-01-27"]
    february = tables[1]
    timed = [e.xpath("time")[0].get("datetime") for e in february.xpath('.//li[contains(@class, "nr-grid__entry")]')]
    assert "2024-02-13T19:00+01:00" in timed and "2024-02-10T10:00+01:00" in timed


def test_narrow_screens_get_a_list_instead_of_the_table(upcoming):
    css = (upcoming.site / "assets/stylesheets/termine.css").read_text()
    narrow = css[css.index("@media screen and (max-width: 44.9375em)"):]
    assert ".nr-grid tr" in narrow and "display: block" in narrow and ".nr-grid__day--empty" in narrow
    calendar = upcoming.text("termine/index.html")
    assert 'href="../assets/stylesheets/termine.css"' in calendar


def test_subscribe_box_offers_webcal_and_https_with_how_tos(upcoming):
    calendar = page(upcoming, "termine/index.html")
    (box,) = calendar.xpath('//aside[contains(@class, "nr-subscribe")]')
    hrefs = [a.get("href") for a in box.xpath(".//a")]
    assert "webcal://www.example.org/termine/kalender.ics" in hrefs
    assert "https://www.example.org/termine/kalender.ics" in hrefs
    summaries = [text_of(s) for s in box.xpath(".//details/summary")]
    # How-tos by device, phones first; one-click links for Google and Outlook.com (issue 18).
    assert summaries == ["iPhone und iPad", "Android und Google Kalender", "Outlook (Handy, Web, Windows)", "Mac", "Thunderbird"]
    assert "https://calendar.google.com/calendar/render?cid=webcal%3A%2F%2Fwww.example.org%2Ftermine%2Fkalender.ics&hl=de" in hrefs
    assert any(h.startswith("https://outlook.live.com/calendar/0/addfromweb?url=https%3A%2F%2Fwww.example.org%2Ftermine%2Fkalender.ics&name=") for h in hrefs)


def test_script_is_included_and_the_page_works_without_it(upcoming):
    calendar = upcoming.text("termine/index.html")
    (src,) = re.findall(r'<script src="([^"]*termine\.js)" defer>', calendar)
    assert resolve(upcoming, "termine/index.html", src).is_file()
    home = upcoming.text("index.html")
    assert re.search(r'<script src="[^"]*termine\.js" defer>', home)


def test_past_dates_newest_first_after_they_ended(later):
    calendar = page(later, "termine/index.html")
    upcoming_section = calendar.xpath('//section[@data-nr-upcoming]')[0]
    assert upcoming_section.xpath(".//li") == []
    assert upcoming_section.xpath('.//*[@data-nr-empty]')[0].get("hidden") is None
    past = calendar.xpath('//section[@data-nr-past]')[0]
    assert [text_of(h) for h in past.xpath('.//section[@data-nr-month]/h3')] == ["März 2024", "Februar 2024", "Januar 2024"]
    titles = [text_of(a) for a in past.xpath(".//li//a")]
    assert titles[0] == "Basiskonferenz zum städtischen Krankenhaus"
    assert titles[-1] == "Demonstration vor dem Landtag"
    # Nothing ahead: the month view shows the last month that had dates.
    assert [text_of(c) for c in calendar.xpath("//table/caption")] == ["März 2024"]
    assert [text_of(a) for a in calendar.xpath('//nav[contains(@class, "nr-years-nav")]//a')] == ["2024"]
    year = page(later, "termine/2024/index.html")
    assert len(year.xpath("//li[@data-nr-ends]")) == 7


# Event pages ----------------------------------------------------------------------


def json_ld(build_result, relative: str) -> list[dict]:
    scripts = re.findall(r'<script type="application/ld\+json">(.*?)</script>', build_result.text(relative), re.S)
    return [json.loads(s) for s in scripts]


def test_one_page_per_event_with_json_ld(upcoming):
    paths = event_page_paths(upcoming)
    assert sorted(paths) == sorted(
        [f"termine/2024/sofortinfo/{name}/index.html" for name in SIX_NAMES] + ["termine/2024/infostand/index.html"]
    )
    for path in paths:
        (data,) = json_ld(upcoming, path)
        for key in ("name", "startDate", "eventStatus", "eventAttendanceMode", "url", "description", "organizer"):
            assert data.get(key), (path, key)
        assert data["@type"] == "Event" and data["url"] == "https://www.example.org/" + path.removesuffix("index.html")
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}\+0[12]:00)?", data["startDate"])


def test_event_page_of_the_online_meeting(upcoming):
    path = "termine/2024/sofortinfo/sitzung-des-stadtvorstandes/index.html"
    (data,) = json_ld(upcoming, path)
    assert data["name"] == "Sitzung des Stadtvorstandes"
    assert (data["startDate"], data["endDate"]) == ("2024-02-13T19:00+01:00", "2024-02-13T21:00+01:00")
    assert data["location"] == {"@type": "VirtualLocation", "url": "https://meet.example.org/stadtvorstand"}
    html = page(upcoming, path)
    assert text_of(html.xpath('//dd[contains(@class, "nr-event__when")]')[0]) == "Di., 13. Februar 2024, 19:00–21:00 Uhr"
    links = {text_of(a): a.get("href") for a in html.xpath('//article[contains(@class, "nr-event")]//a')}
    back = links["Sofortinfo Stadtvorstand 23. Januar 2024"]
    assert resolve(upcoming, path, back) == upcoming.site / "aktuelles/2024/sofortinfo/index.html"
    query = parse_qs(urlsplit(links["In Google Kalender eintragen"]).query)
    assert query["ctz"] == ["Europe/Berlin"] and query["dates"] == ["20240213T190000/20240213T210000"]
    ics_file = resolve(upcoming, path, links["Termin herunterladen (.ics)"])
    (single,) = icalendar.Calendar.from_ical(ics_file.read_bytes()).events
    feed = icalendar.Calendar.from_ical((upcoming.site / "termine/kalender.ics").read_bytes())
    assert str(single["UID"]) in {str(e["UID"]) for e in feed.events}
    assert str(single["UID"]) == f"2024.sofortinfo.sitzung-des-stadtvorstandes@{HOST}"


def test_event_page_of_an_all_day_date_with_a_place(upcoming):
    path = "termine/2024/sofortinfo/demonstration-vor-dem-landtag/index.html"
    (data,) = json_ld(upcoming, path)
    assert data["startDate"] == "2024-01-25" and data["location"]["@type"] == "Place"
    assert data["location"]["address"] == "Landtag Sachsen-Anhalt, Domplatz, Magdeburg"
    html = page(upcoming, path)
    osm = [a.get("href") for a in html.xpath("//a") if "openstreetmap" in (a.get("href") or "")]
    assert osm == ["https://www.openstreetmap.org/search?query=Landtag%20Sachsen-Anhalt%2C%20Domplatz%2C%20Magdeburg"]
    google = [a.get("href") for a in html.xpath("//a") if "calendar.google.com" in (a.get("href") or "")]
    assert parse_qs(urlsplit(google[0]).query)["dates"] == ["20240125/20240126"]


def test_cancelled_notice_page(upcoming):
    path = "termine/2024/infostand/index.html"
    (data,) = json_ld(upcoming, path)
    assert data["eventStatus"] == "https://schema.org/EventCancelled"
    html = page(upcoming, path)
    status = text_of(html.xpath('//*[contains(@class, "nr-status--cancelled")]')[0])
    assert status.startswith("Abgesagt:")
    assert not [a for a in html.xpath("//a") if "calendar.google.com" in (a.get("href") or "")]
    assert "Leider müssen wir den Infostand absagen." in text_of(html)


def test_pages_make_no_request_to_third_parties(upcoming):
    for path in event_page_paths(upcoming) + ["termine/index.html", "index.html"]:
        html = page(upcoming, path)
        for element in html.xpath("//script[@src] | //img[@src] | //iframe | //link[@href][not(@rel='alternate')][not(@rel='canonical')]"):
            url = element.get("src") or element.get("href")
            assert not urlsplit(url).netloc, (path, url)


# Bulletin and home page ---------------------------------------------------------------


def test_bulletin_lists_its_dates(upcoming):
    html = page(upcoming, "aktuelles/2024/sofortinfo/index.html")
    (section,) = html.xpath('//section[contains(@class, "nr-bulletin-dates")]')
    links = section.xpath(".//li//a")
    assert len(links) == 6
    for link in links:
        assert resolve(upcoming, "aktuelles/2024/sofortinfo/index.html", link.get("href")).is_file()


def test_home_page_shows_the_next_dates(upcoming):
    html = page(upcoming, "index.html")
    (section,) = html.xpath("//section[@data-nr-next-dates]")
    items = section.xpath(".//li[@data-nr-ends]")
    shown = [text_of(li.xpath(".//a")[0]) for li in items if li.get("hidden") is None]
    assert shown == ["Demonstration vor dem Landtag", "Gedenken zum Holocaust-Gedenktag", "Treffen für neue Mitglieder"]
    # Every upcoming date of the calendar page ships, those after the third hidden (issue 18).
    calendar = page(upcoming, "termine/index.html").xpath("//section[@data-nr-upcoming]//li[@data-nr-ends]")
    assert len(items) == len(calendar) > 6 and all(li.get("hidden") is not None for li in items[3:])


def test_home_page_without_upcoming_dates(later):
    html = page(later, "index.html")
    (section,) = html.xpath("//section[@data-nr-next-dates]")
    assert section.xpath(".//li") == []
    assert text_of(section.xpath('.//*[@data-nr-empty]')[0]) == "Zurzeit sind keine Termine angekündigt."


# ICS files ------------------------------------------------------------------------


def ics_files(build_result) -> list[str]:
    return [p for p in build_result.files() if p.endswith(".ics")]


def test_every_ics_file_passes_both_parsers_and_the_checklist(upcoming, later):
    for result in (upcoming, later):
        files = ics_files(result)
        assert len(files) == 1 + 7
        for path in files:
            data = (result.site / path).read_bytes()
            assert lint(data, host=HOST, feed=path == "termine/kalender.ics") == [], path


def test_feed_times_are_berlin_wall_clock(upcoming):
    feed = icalendar.Calendar.from_ical((upcoming.site / "termine/kalender.ics").read_bytes())
    starts = {str(e["SUMMARY"]): e.decoded("DTSTART") for e in feed.events}
    assert starts["Sitzung des Stadtvorstandes"].isoformat() == "2024-02-13T19:00:00+01:00"
    assert starts["Abgesagt: Infostand am Marktplatz"].isoformat() == "2024-02-10T10:00:00+01:00"
    assert starts["Stadtparteitag"].isoformat() == "2024-03-02"
    assert len(starts) == 7


def test_two_builds_are_byte_identical(upcoming, tmp_path):
    again = build(make_project(tmp_path / "again"), DAY_AFTER_BULLETIN)
    for path in ics_files(upcoming) + ["termine/index.html", "index.html"] + event_page_paths(upcoming):
        assert (again.site / path).read_bytes() == (upcoming.site / path).read_bytes(), path


def test_uids_survive_a_changed_time_and_title(upcoming, tmp_path):
    # Issue 19: an entry is named after its title, so a renamed entry keeps its UID when
    # its `slug` pins the name it had (a changed time alone never changes it).
    changed = SIX_DATES.replace(
        "  - title: Sitzung des Stadtvorstandes\n    start: 2024-02-13 19:00\n    end: 2024-02-13 21:00",
        "  - title: Sitzung des Stadtvorstandes (verlegt)\n    slug: sitzung-des-stadtvorstandes\n"
        "    start: 2024-02-15 18:00\n    end: 2024-02-15 20:00",
    )
    assert changed != SIX_DATES
    result = build(make_project(tmp_path / "changed", changed), DAY_AFTER_BULLETIN)

    def uids(build_result) -> dict[str, str]:
        feed = icalendar.Calendar.from_ical((build_result.site / "termine/kalender.ics").read_bytes())
        return {str(e["UID"]): str(e["SUMMARY"]) for e in feed.events}

    before, after = uids(upcoming), uids(result)
    assert set(before) == set(after)
    uid = f"2024.sofortinfo.sitzung-des-stadtvorstandes@{HOST}"
    assert (before[uid], after[uid]) == ("Sitzung des Stadtvorstandes", "Sitzung des Stadtvorstandes (verlegt)")


# Member build -------------------------------------------------------------------------


def test_member_build_marks_member_dates_without_json_ld(tmp_path):
    project = make_project(tmp_path / "members")
    result = build(project, DAY_AFTER_BULLETIN, site_dir="site-members", config="mkdocs.test-members.yml")
    path = "termine/2024/kassenpruefung/index.html"
    html = page(result, path)
    assert "Nur für Mitglieder" in text_of(html.xpath('//article[contains(@class, "nr-event")]')[0])
    assert json_ld(result, path) == []
    calendar = page(result, "termine/index.html")
    member_item = [li for li in calendar.xpath("//section[@data-nr-upcoming]//li") if "MEMBERMARK" in text_of(li)]
    assert len(member_item) == 1 and "Nur für Mitglieder" in text_of(member_item[0])
    feed = (result.site / "termine/kalender.ics").read_bytes()
    assert lint(feed, host="mitglieder.example.org", feed=True) == []
    assert b"MEMBERMARK" in feed
    public = build(project, DAY_AFTER_BULLETIN)
    assert not (public.site / "termine/2024/kassenpruefung").exists()
    assert not (public.site / "termine/2024/kassenpruefung.ics").exists()
    assert not any(b"MEMBERMARK" in (public.site / p).read_bytes() for p in public.files())
