"""The ICS feed and per-event files, made from content directly (no site build)."""

from __future__ import annotations

import datetime as dt

import icalendar
import pytest
import vobject

from eventdata import CANCELLED_PATH, HOST, SIX_DATES, SIX_DATES_PATH, content, notice, sample, settings
from icslint import lint, unfold
from newsroom.write import ics
from newsroom.plan.eventcards import FEED_PATH, event_ics_path
from newsroom.model import Audience


def feed_of(files: dict[str, str], **setting_keys) -> bytes:
    return ics.feed(content(files), settings(**setting_keys))


def events_by_uid(data: bytes) -> dict[str, icalendar.Event]:
    return {str(e["UID"]): e for e in icalendar.Calendar.from_ical(data).events}


def raw_event(data: bytes, uid: str) -> list[str]:
    """The unfolded content lines of one VEVENT."""
    lines = unfold(data.decode("utf-8"))
    start = lines.index(f"UID:{uid}")
    begin = max(i for i in range(start) if lines[i] == "BEGIN:VEVENT")
    end = lines.index("END:VEVENT", start)
    return lines[begin:end + 1]


def test_every_generated_file_passes_the_checklist():
    files = ics.files(content(sample()), settings())
    assert FEED_PATH in files and len(files) == 1 + 7  # feed, 6 bulletin events, 1 notice
    for path, data in files.items():
        assert lint(data, host=HOST, feed=path == FEED_PATH) == [], path


def test_files_are_what_icalendar_makes_of_the_whole_calendar():
    # `files` serialises each event and time zone once and puts the bytes together;
    # icalendar serialising each calendar as a whole is the reference.
    from newsroom.plan.eventcards import cards

    parsed = content(sample())
    card_of = cards(parsed)
    for now in ("2024-01-01 12:00", "2031-01-01 12:00"):  # with events in the feed, and with none
        current = settings(now=now)
        files = ics.files(parsed, current)
        listed = ics._feed_events(parsed, current)
        whole = ics._feed_calendar(current)
        whole.add_component(ics._timezone(listed, current))
        for event in listed:
            whole.add_component(ics.vevent(event, card_of[event.key], current))
        assert files[FEED_PATH] == whole.to_ical() == ics.feed(parsed, current)
        for event in parsed.events:
            one = ics._single_calendar(event, current)
            one.add_component(ics._timezone([event], current))
            one.add_component(ics.vevent(event, card_of[event.key], current))
            assert files[event_ics_path(event)] == one.to_ical() == ics.single(event, card_of[event.key], current)


def test_lint_finds_what_the_checklist_forbids():
    good = feed_of(sample())
    text = good.decode("utf-8")
    broken = {
        "LF line ends": text.replace("\r\n", "\n"),
        "floating time": text.replace("DTSTART;TZID=Europe/Berlin:20240213T190000", "DTSTART:20240213T190000"),
        "UTC time": text.replace("DTSTART;TZID=Europe/Berlin:20240213T190000", "DTSTART:20240213T180000Z"),
        "no VTIMEZONE": text[: text.index("BEGIN:VTIMEZONE")] + text[text.index("END:VTIMEZONE\r\n") + 15 :],
        "unfolded line": text.replace("SUMMARY:Stadtparteitag", "SUMMARY:Stadtparteitag" + "x" * 80),
        "inclusive all-day end": text.replace("DTEND;VALUE=DATE:20240128", "DTEND;VALUE=DATE:20240127"),
        "cancelled, sequence not raised": text.replace("SEQUENCE:2", "SEQUENCE:0"),
        "unescaped comma": text.replace("LOCATION:Halle (Saale)", "LOCATION:Halle, Saale", 1),
        "random UID": text.replace(f"2024.sofortinfo.demonstration-vor-dem-landtag@{HOST}", "0b5e6a1c-93c2-4a4e-9d1f-3f6c0e1f2a3b", 1),
        "no refresh interval": text.replace("REFRESH-INTERVAL;VALUE=DURATION:PT6H\r\n", ""),
    }
    for what, bad in broken.items():
        assert bad != text, what
        assert lint(bad.encode("utf-8"), host=HOST, feed=True), what


def test_a_19_oclock_event_in_winter_and_summer():
    files = {
        "bulletins/a.md": notice("Winter", "2024-02-13 19:00"),
        "bulletins/b.md": notice("Sommer", "2024-07-09 19:00"),
    }
    data = feed_of(files)
    parsed = {e.summary.value: e.dtstart.value for e in vobject.readOne(data.decode()).vevent_list}
    assert parsed["Winter"].isoformat() == "2024-02-13T19:00:00+01:00"
    assert parsed["Sommer"].isoformat() == "2024-07-09T19:00:00+02:00"
    assert parsed["Winter"].astimezone(dt.timezone.utc).hour == 18
    assert parsed["Sommer"].astimezone(dt.timezone.utc).hour == 17
    lines = unfold(data.decode())
    assert "DTSTART;TZID=Europe/Berlin:20240213T190000" in lines
    assert "DTSTART;TZID=Europe/Berlin:20240709T190000" in lines


def test_all_day_and_multi_day_events_are_dates_with_exclusive_end():
    files = {
        "bulletins/a.md": notice("Gedenktag", "2024-01-27"),
        "bulletins/b.md": notice("Klausur", "2027-01-23", end="2027-01-24"),
    }
    data = feed_of(files)
    one = raw_event(data, f"2024.a@{HOST}")
    two = raw_event(data, f"2027.b@{HOST}")
    assert "DTSTART;VALUE=DATE:20240127" in one and "DTEND;VALUE=DATE:20240128" in one
    assert "DTSTART;VALUE=DATE:20270123" in two and "DTEND;VALUE=DATE:20270125" in two
    parsed = {e.summary.value: e for e in vobject.readOne(data.decode()).vevent_list}
    assert parsed["Klausur"].dtstart.value == dt.date(2027, 1, 23)
    assert parsed["Klausur"].dtend.value == dt.date(2027, 1, 25)


def test_cancelled_and_postponed_events_stay_with_their_state():
    files = {
        "bulletins/a.md": notice("Infostand", "2024-02-10 10:00", status="cancelled"),
        "bulletins/b.md": notice("Lesung", "2024-02-11 10:00", status="postponed"),
        "bulletins/c.md": notice("Sitzung", "2024-02-12 10:00"),
    }
    found = events_by_uid(feed_of(files))
    cancelled, postponed, scheduled = (found[f"2024.{n}@{HOST}"] for n in "abc")
    assert str(cancelled["STATUS"]) == "CANCELLED" and str(cancelled["SUMMARY"]).startswith("Abgesagt: ")
    assert str(postponed["STATUS"]) == "TENTATIVE" and str(postponed["SUMMARY"]).startswith("Verschoben: ")
    assert str(scheduled["STATUS"]) == "CONFIRMED"
    assert int(scheduled["SEQUENCE"]) < int(postponed["SEQUENCE"]) < int(cancelled["SEQUENCE"])
    assert str(cancelled["TRANSP"]) == "TRANSPARENT"


@pytest.mark.parametrize(
    "change",
    [
        {"start": "2024-02-20 18:00"},
        {"title": "Sitzung (neuer Titel)"},
        {"location": "Anderer Ort"},
        {"status": "cancelled"},
        {"end": "2024-02-13 23:00"},
    ],
)
def test_uid_survives_changes_of_time_title_place_and_status(change):
    keys = {"title": "Sitzung", "start": "2024-02-13 19:00", "location": "Gewerkschaftshaus"}
    before = events_by_uid(feed_of({"bulletins/2024-01-10-sitzung.md": notice(**keys)}))
    after = events_by_uid(feed_of({"bulletins/2024-01-10-sitzung.md": notice(**{**keys, **change})}))
    assert list(before) == list(after) == [f"2024.sitzung@{HOST}"]


def test_bulletin_event_uid_survives_a_changed_time():
    moved = SIX_DATES.replace("start: 2024-02-13 19:00\n    end: 2024-02-13 21:00", "start: 2024-02-14 18:00\n    end: 2024-02-14 20:00")
    assert moved != SIX_DATES
    before = events_by_uid(feed_of({SIX_DATES_PATH: SIX_DATES}))
    after = events_by_uid(feed_of({SIX_DATES_PATH: moved}))
    assert sorted(before) == sorted(after)
    uid = f"2024.sofortinfo.sitzung-des-stadtvorstandes@{HOST}"
    assert before[uid].decoded("DTSTART") != after[uid].decoded("DTSTART")


def test_output_is_deterministic_and_stamped_from_the_sources():
    first = feed_of(sample(), now="2024-01-24 12:00")
    assert first == feed_of(sample(), now="2024-01-24 12:00")
    later = feed_of(sample(), now="2024-01-30 08:00")  # another build day, same events in the window
    stamps = {uid: e.decoded("DTSTAMP") for uid, e in events_by_uid(first).items()}
    assert stamps == {uid: e.decoded("DTSTAMP") for uid, e in events_by_uid(later).items()}
    # The bulletin of 23 January 2024 (00:00 Berlin = 22 January 23:00 UTC) announced them.
    assert stamps[f"2024.sofortinfo.demonstration-vor-dem-landtag@{HOST}"] == dt.datetime(2024, 1, 22, 23, 0, tzinfo=dt.timezone.utc)
    # The notice was announced on 20 January.
    assert stamps[f"2024.infostand@{HOST}"] == dt.datetime(2024, 1, 19, 23, 0, tzinfo=dt.timezone.utc)


def test_recent_past_events_stay_in_the_feed():
    files = {
        "bulletins/a.md": notice("Lange her", "2023-01-10 19:00"),
        "bulletins/b.md": notice("Vor kurzem", "2023-12-01 19:00"),
        "bulletins/c.md": notice("Bald", "2024-03-01 19:00"),
    }
    kept = {str(e["SUMMARY"]) for e in icalendar.Calendar.from_ical(feed_of(files, now="2024-06-01 12:00")).events}
    assert kept == {"Vor kurzem", "Bald"}
    # Its own .ics stays available: the event's page links to it.
    all_files = ics.files(content(files), settings(now="2024-06-01 12:00"))
    assert "termine/2023/a.ics" in all_files


def test_single_event_files_share_the_feed_uid():
    parsed = content(sample())
    files = ics.files(parsed, settings())
    feed_uids = set(events_by_uid(files[FEED_PATH]))
    singles = set()
    for event in parsed.events:
        own = events_by_uid(files[event_ics_path(event)])
        assert len(own) == 1
        singles |= set(own)
    assert singles == feed_uids and len(feed_uids) == 7


def test_text_is_escaped_and_header_is_complete():
    files = {"bulletins/a.md": notice('"Kino; Film, Gespräch \\\\ Diskussion"', "2024-02-13 19:00", location='"Saal 1; Haus B, Hof"')}
    data = feed_of(files)
    lines = unfold(data.decode())
    assert "SUMMARY:Kino\\; Film\\, Gespräch \\\\ Diskussion" in lines
    assert "LOCATION:Saal 1\\; Haus B\\, Hof" in lines
    assert str(events_by_uid(data)[f"2024.a@{HOST}"]["SUMMARY"]) == "Kino; Film, Gespräch \\ Diskussion"
    calendar = icalendar.Calendar.from_ical(data)
    assert str(calendar["X-WR-CALNAME"]) == "Stadtverband Halle (Saale) – Termine"
    assert str(calendar["URL"]) == "https://www.example.org/termine/"
    assert str(calendar["SOURCE"]) == "https://www.example.org/termine/kalender.ics"
    assert "X-PUBLISHED-TTL:PT6H" in lines and "REFRESH-INTERVAL;VALUE=DURATION:PT6H" in lines


def test_event_url_description_and_online_link():
    found = events_by_uid(feed_of(sample()))
    meeting = found[f"2024.sofortinfo.sitzung-des-stadtvorstandes@{HOST}"]
    assert str(meeting["SUMMARY"]) == "Sitzung des Stadtvorstandes"
    assert str(meeting["URL"]) == "https://www.example.org/termine/2024/sofortinfo/sitzung-des-stadtvorstandes/"
    assert "Online: https://meet.example.org/stadtvorstand" in str(meeting["DESCRIPTION"])
    assert str(meeting["LOCATION"]) == "https://meet.example.org/stadtvorstand"


def test_member_events_only_in_the_member_feed():
    text = SIX_DATES.replace("    location: Geschäftsstelle", "    audience: members\n    location: Geschäftsstelle")
    public = ics.feed(content({SIX_DATES_PATH: text}), settings())
    members = ics.feed(content({SIX_DATES_PATH: text}, Audience.MEMBERS), settings(audience=Audience.MEMBERS))
    assert b"Treffen f" not in public and b"Gesch" not in public
    newcomers = events_by_uid(members)[f"2024.sofortinfo.treffen-fuer-neue-mitglieder@{HOST}"]
    assert "Nur für Mitglieder." in str(newcomers["DESCRIPTION"])
    assert lint(members, host=HOST, feed=True) == []
    # Public events keep their UIDs in both feeds.
    assert set(events_by_uid(public)) < set(events_by_uid(members))


def test_a_feed_without_events_is_still_valid():
    data = ics.feed(content({}), settings())
    assert lint(data, host=HOST, feed=True) == []
    assert icalendar.Calendar.from_ical(data).events == []


def test_cancelled_notice_in_the_feed():
    found = events_by_uid(feed_of({CANCELLED_PATH: sample()[CANCELLED_PATH]}))
    event = found[f"2024.infostand@{HOST}"]
    assert str(event["STATUS"]) == "CANCELLED"
    assert event.decoded("DTSTART").isoformat() == "2024-02-10T10:00:00+01:00"


def test_public_files_are_the_same_as_without_the_member_entries():
    """The public build must not differ from one of sources with member items deleted."""
    member = "  - title: Treffen für neue Mitglieder\n    start: 2024-02-02\n    location: Geschäftsstelle, Beispielstraße 12, 06108 Halle (Saale)\n"
    with_member = SIX_DATES.replace(member, member + "    audience: members\n")
    without_member = SIX_DATES.replace(member, "")
    assert len({SIX_DATES, with_member, without_member}) == 3
    full = ics.files(content({SIX_DATES_PATH: with_member}), settings())
    deleted = ics.files(content({SIX_DATES_PATH: without_member}), settings())
    assert full == deleted
