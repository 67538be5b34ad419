"""Calendar page data, event pages' data and JSON-LD, from content directly."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from urllib.parse import parse_qs, urlsplit

from eventdata import CANCELLED_PATH, SIX_DATES, SIX_DATES_PATH, content, notice, sample, settings
from newsroom.plan import agenda, events
from newsroom.write import jsonld
from newsroom.model import Audience
from newsroom.plan.site import plan_site


def calendar_context(files: dict[str, str], **setting_keys) -> dict:
    pages = agenda.plan(content(files), settings(**setting_keys))
    return next(p for p in pages if p.src_uri == "termine/index.md").context


def titles(groups) -> list[list[str]]:
    return [[card.title for card in group.cards] for group in groups]


def test_upcoming_by_month_and_past_newest_first():
    context = calendar_context(sample(), now="2024-02-05 12:00")
    assert [g.label for g in context["upcoming"]] == ["Februar 2024", "März 2024"]
    assert titles(context["upcoming"]) == [
        ["Infostand am Marktplatz", "Sitzung des Stadtvorstandes"],
        ["Stadtparteitag", "Basiskonferenz zum städtischen Krankenhaus"],
    ]
    assert [g.label for g in context["past"]] == ["Februar 2024", "Januar 2024"]
    assert titles(context["past"]) == [
        ["Treffen für neue Mitglieder"],
        ["Gedenken zum Holocaust-Gedenktag", "Demonstration vor dem Landtag"],
    ]


def test_an_event_is_upcoming_until_its_end():
    files = {"bulletins/a.md": notice("Sitzung", "2024-02-13 19:00", end="2024-02-13 21:00")}
    during = calendar_context(files, now="2024-02-13 19:30")  # 20:30 in Berlin
    after = calendar_context(files, now="2024-02-13 20:00")  # 21:00 in Berlin
    assert titles(during["upcoming"]) == [["Sitzung"]] and titles(during["past"]) == []
    assert titles(after["upcoming"]) == [] and titles(after["past"]) == [["Sitzung"]]


def test_past_section_keeps_the_recent_past_and_years_keep_everything():
    files = {
        "bulletins/a.md": notice("Lange her", "2022-05-10 19:00"),
        "bulletins/b.md": notice("Vor kurzem", "2024-01-10 19:00"),
    }
    pages = {p.src_uri: p for p in agenda.plan(content(files), settings(now="2024-06-01 12:00"))}
    assert titles(pages["termine/index.md"].context["past"]) == [["Vor kurzem"]]
    assert [year for year, _ in pages["termine/index.md"].context["years"]] == [2024, 2022]
    assert titles(pages["termine/2022/index.md"].context["groups"]) == [["Lange her"]]
    assert pages["termine/2022/index.md"].title == "Termine 2022"


def test_month_grid_is_monday_first_with_every_day_of_an_event():
    files = {
        "bulletins/a.md": notice("Klausur", "2027-01-23", end="2027-01-24"),
        "bulletins/b.md": notice("Sitzung", "2027-01-12 19:00"),
    }
    context = calendar_context(files, now="2026-12-15 12:00")
    assert [w.name for w in context["weekdays"]][:2] == ["Montag", "Dienstag"]
    assert [w.short for w in context["weekdays"]] == ["Mo", "Di", "Mi", "Do", "Fr", "Sa", "So"]
    (grid,) = context["months"]
    assert grid.caption == "Januar 2027"
    days = [day for week in grid.weeks for day in week]
    assert all(len(week) == 7 for week in grid.weeks)
    # 1 January 2027 is a Friday: Monday to Thursday of that week belong to December.
    assert [d.in_month for d in grid.weeks[0]] == [False] * 4 + [True] * 3
    by_iso = {d.iso: d for d in days if d.in_month}
    assert [e.time_text for e in by_iso["2027-01-12"].entries] == ["19:00"]
    assert by_iso["2027-01-12"].entries[0].time_iso == "2027-01-12T19:00+01:00"
    assert [e.card.title for e in by_iso["2027-01-23"].entries] == ["Klausur"]
    assert [e.card.title for e in by_iso["2027-01-24"].entries] == ["Klausur"]
    assert by_iso["2027-01-24"].entries[0].time_iso == "2027-01-24"
    assert by_iso["2027-01-23"].label == "Sa., 23. Januar"


def test_grid_months_rules():
    files = {f"bulletins/{m}.md": notice(f"T{m}", f"2024-{m:02d}-10 19:00") for m in (1, 3, 4, 5, 9)}
    ahead = calendar_context(files, now="2024-02-01 12:00")
    assert [g.caption for g in ahead["months"]] == ["März 2024", "April 2024", "Mai 2024"]
    nothing_ahead = calendar_context(files, now="2024-12-01 12:00")
    assert [g.caption for g in nothing_ahead["months"]] == ["September 2024"]
    empty = calendar_context({}, now="2024-12-01 12:00")
    assert [g.caption for g in empty["months"]] == ["Dezember 2024"]


def test_next_dates_for_the_home_page():
    chosen = agenda.next_dates(content(sample()), settings(now="2024-01-26 12:00", home_dates=2))
    assert chosen.shown == 2
    # Every upcoming date ships (issue 18): the script shows the next two at the reader's clock.
    assert [c.title for c in chosen.cards][:4] == [
        "Gedenken zum Holocaust-Gedenktag", "Treffen für neue Mitglieder",
        "Infostand am Marktplatz", "Sitzung des Stadtvorstandes",
    ]
    upcoming = agenda.plan(content(sample()), settings(now="2024-01-26 12:00"))[0].context["upcoming"]
    assert [c.title for c in chosen.cards] == [c.title for group in upcoming for c in group.cards]


def test_cards_carry_status_place_and_announcing_bulletin():
    plan = plan_site(content(sample()), settings())
    page = {p.src_uri: p for p in plan.pages}
    stand = page["termine/2024/infostand.md"].context["card"]
    assert (stand.status, stand.status_label) == ("cancelled", "abgesagt")
    assert stand.announced_in is None
    meeting = page["termine/2024/sofortinfo/sitzung-des-stadtvorstandes.md"].context["card"]
    assert meeting.online == "https://meet.example.org/stadtvorstand" and meeting.location is None
    assert meeting.announced_in.url == "aktuelles/2024/sofortinfo/"
    assert meeting.when.text == "Di., 13. Februar 2024, 19:00–21:00 Uhr"
    assert meeting.ics_url == "termine/2024/sofortinfo/sitzung-des-stadtvorstandes.ics"
    bulletin = page["aktuelles/2024/sofortinfo.md"].context
    assert [c.title for c in bulletin["events"]][0] == "Demonstration vor dem Landtag"
    assert len(bulletin["events"]) == 6
    assert set(plan.files) >= {"termine/kalender.ics", "termine/2024/infostand.ics"}


def test_google_and_openstreetmap_links():
    parsed = content(sample())
    meeting = next(e for e in parsed.events if e.title == "Sitzung des Stadtvorstandes")
    query = parse_qs(urlsplit(events.google_calendar_url(meeting, "https://www.example.org/x/")).query)
    assert query["ctz"] == ["Europe/Berlin"]
    assert query["dates"] == ["20240213T190000/20240213T210000"]
    assert query["text"] == ["Sitzung des Stadtvorstandes"]
    assert query["action"] == ["TEMPLATE"]
    memorial = next(e for e in parsed.events if e.title.startswith("Gedenken"))
    all_day = parse_qs(urlsplit(events.google_calendar_url(memorial, "https://www.example.org/y/")).query)
    assert all_day["dates"] == ["20240127/20240128"]
    osm = urlsplit(events.openstreetmap_url("Marktplatz, Halle (Saale)"))
    assert (osm.scheme, osm.netloc, osm.path) == ("https", "www.openstreetmap.org", "/search")
    assert parse_qs(osm.query)["query"] == ["Marktplatz, Halle (Saale)"]


def test_no_google_link_for_a_cancelled_event():
    page = {p.src_uri: p for p in plan_site(content(sample()), settings()).pages}
    assert page["termine/2024/infostand.md"].context["google_url"] is None
    assert page["termine/2024/infostand.md"].context["osm_url"].startswith("https://www.openstreetmap.org/search?")


def test_json_ld_has_the_required_properties():
    parsed = content(sample())
    site = settings()
    by_title = {e.title: e for e in parsed.events}
    meeting = jsonld.event_data(by_title["Sitzung des Stadtvorstandes"], site, "termine/x/", "Text")
    assert meeting["@type"] == "Event" and meeting["@context"] == "https://schema.org"
    assert meeting["startDate"] == "2024-02-13T19:00+01:00" and meeting["endDate"] == "2024-02-13T21:00+01:00"
    assert meeting["location"] == {"@type": "VirtualLocation", "url": "https://meet.example.org/stadtvorstand"}
    assert meeting["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
    assert meeting["eventStatus"] == "https://schema.org/EventScheduled"
    assert meeting["organizer"]["name"] == "Stadtverband Halle (Saale)"
    assert meeting["url"] == "https://www.example.org/termine/x/"
    stand = jsonld.event_data(by_title["Infostand am Marktplatz"], site, "termine/y/", "Text")
    assert stand["eventStatus"] == "https://schema.org/EventCancelled"
    assert stand["location"]["@type"] == "Place" and stand["location"]["address"] == "Marktplatz, Halle (Saale)"
    memorial = jsonld.event_data(by_title["Gedenken zum Holocaust-Gedenktag"], site, "termine/z/", "Text")
    assert memorial["startDate"] == "2024-01-27" and "endDate" not in memorial


def test_json_ld_for_hybrid_multi_day_and_member_events():
    files = {
        "bulletins/a.md": notice("Klausur", "2027-01-23", end="2027-01-24", location="Bildungsstätte, Uferweg 1", online="https://meet.example.org/k"),
        "bulletins/b.md": notice("Intern", "2027-01-25 19:00", audience="members"),
    }
    parsed = content(files, Audience.MEMBERS)
    by_title = {e.title: e for e in parsed.events}
    retreat = jsonld.event_data(by_title["Klausur"], settings(), "termine/k/", "Text")
    assert (retreat["startDate"], retreat["endDate"]) == ("2027-01-23", "2027-01-24")  # inclusive last day
    assert [place["@type"] for place in retreat["location"]] == ["Place", "VirtualLocation"]
    assert retreat["eventAttendanceMode"] == "https://schema.org/MixedEventAttendanceMode"
    assert jsonld.event_data(by_title["Intern"], settings(), "termine/i/", "Text") is None


def test_json_ld_cannot_close_its_script_block():
    # Titles with tags are refused by validation; the serializer must be safe on its own.
    files = {"bulletins/a.md": notice("Film", "2024-02-13 19:00")}
    event = dataclasses.replace(content(files).notices[0], title="Film </script><script>alert(1)</script> & <!-- mehr")
    text = jsonld.script_json(jsonld.event_data(event, settings(), "termine/a/", "</script>"))
    assert "</" not in text and "<!--" not in text and "<" not in text
    assert json.loads(text)["name"] == "Film </script><script>alert(1)</script> & <!-- mehr"


def test_six_dates_have_pages_of_their_own():
    plan = plan_site(content({SIX_DATES_PATH: SIX_DATES}), settings())
    event_pages = [p for p in plan.pages if p.template == "event.html"]
    assert len(event_pages) == 6
    assert all(p.src_uri.startswith("termine/2024/sofortinfo/") for p in event_pages)
    cancelled = plan_site(content({CANCELLED_PATH: sample()[CANCELLED_PATH]}), settings())
    assert [p.src_uri for p in cancelled.pages if p.template == "event.html"] == ["termine/2024/infostand.md"]


def test_now_only_moves_the_split_not_the_events():
    # After the sample's announcements (2024-01-20, -23: earlier they are planned posts,
    # not yet published) and before its six dates.
    early = plan_site(content(sample()), settings(now="2024-01-24 00:00"))
    late = plan_site(content(sample()), settings(now=dt.datetime(2024, 4, 1, tzinfo=dt.timezone.utc)))
    assert {p.src_uri for p in early.pages} == {p.src_uri for p in late.pages}
