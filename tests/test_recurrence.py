"""Recurring dates (issue 19) as pure functions: the `repeat` rule, its German errors,
its expansion, its ICS (checked against recurring_ical_events, vobject and the lint),
and the identity of bulletin events."""

from __future__ import annotations

import datetime as dt
import textwrap

import icalendar
import pytest
import recurring_ical_events
import vobject

from eventdata import HOST, SIX_DATES, SIX_DATES_PATH, content, parse, settings
from icslint import lint
from newsroom.model import BERLIN, Audience, EventStatus
from newsroom.plan import occurrences
from newsroom.plan.eventcards import FEED_PATH
from newsroom.plan.site import plan_site
from newsroom.write import ics
from recurringdata import BOARD, BOARD_PATH, STAMMTISCH, STAMMTISCH_DATES, STAMMTISCH_PATH


def berlin(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=BERLIN)


def stammtisch():
    return content({STAMMTISCH_PATH: STAMMTISCH}).notices[0]


# --- The rule and its expansion -------------------------------------------------------


def test_expansion_keeps_the_wall_clock_time_across_summer_time():
    listed = occurrences.occurrence_events(stammtisch(), dt.date(2026, 1, 1))
    taking_place = [(o.start, o.end, o.location) for o in listed if o.status is EventStatus.SCHEDULED]
    assert taking_place == [(berlin(s), berlin(e), place) for s, e, place in STAMMTISCH_DATES]
    assert {o.start.utcoffset() for o in listed} == {dt.timedelta(hours=1), dt.timedelta(hours=2)}
    cancelled = [o for o in listed if o.status is EventStatus.CANCELLED]
    assert [(o.rule_day, o.start) for o in cancelled] == [(dt.date(2024, 4, 3), berlin("2024-04-03 19:00"))]
    moved = next(o for o in listed if o.rule_day == dt.date(2024, 5, 1))
    assert moved.key == "2024/roter-stammtisch/2024-05-01" and moved.start == berlin("2024-05-08 19:00")


def test_rule_in_german():
    assert occurrences.rule_text(stammtisch()) == "jeden ersten Mittwoch im Monat, 19:00–21:00 Uhr, bis 30. September 2024"
    board = {e.title: e for e in content({BOARD_PATH: BOARD}).bulletins[0].events}
    assert occurrences.rule_text(board["Vorstandssitzung"]) == "jeden zweiten Dienstag, 18:30–20:00 Uhr"
    assert occurrences.rule_text(board["Sommerfest"]) == "jedes Jahr am 13. Juli, ganztägig, 2 Tage, 3-mal ab 13. Juli 2024"


def test_open_ended_series_are_listed_up_to_the_horizon():
    plan = plan_site(content({BOARD_PATH: BOARD}), settings("2024-01-24 12:00"))
    calendar = next(p for p in plan.pages if p.src_uri == "termine/index.md")
    listed = [c for g in calendar.context["upcoming"] for c in g.cards if c.title == "Vorstandssitzung"]
    assert listed[0].when.start_iso == "2024-01-30T18:30+01:00"
    assert listed[-1].when.start_iso == "2025-01-14T18:30+01:00"  # the last before now + 365 days (2025-01-23)
    assert all(c.url == "termine/2024/vorstand/vorstandssitzung/#am-" + c.key.rsplit("/", 1)[1] for c in listed)
    assert all(c.ics_url == "termine/2024/vorstand/vorstandssitzung.ics" for c in listed)
    home = plan.shared["next_dates"].cards
    assert [c.title for c in home[:2]] == ["Vorstandssitzung", "Infostand"]


# --- Errors ----------------------------------------------------------------------------

BROKEN = textwrap.dedent(
    """\
    ---
    title: Termine
    date: 2024-01-10
    events:
      - title: Fünfter Montag
        start: 2024-01-29 19:00
        repeat:
          every: month
          on: fifth monday
      - title: Falsche Ausnahme
        start: 2024-02-07 19:00
        repeat:
          every: month
          on: first wednesday
          except: [2024-04-04]
      - title: Ende vor Beginn
        start: 2024-02-07
        repeat:
          every: week
          until: 2024-01-01
      - title: Beides
        start: 2024-02-07
        repeat:
          every: week
          count: 3
          until: 2024-03-01
      - title: Abstand null
        start: 2024-02-07
        repeat:
          every: week
          interval: 0
      - title: Falsche Änderung
        start: 2024-02-07
        repeat:
          every: month
          changes:
            - date: 2024-03-08
              location: Anderswo
      - title: Deutsch
        start: 2024-02-07
        repeat:
          every: monatlich
          on: erster Mittwoch
      - title: Kein erster Mittwoch
        start: 2024-02-08 19:00
        repeat:
          every: month
          on: first wednesday
    ---
    """
)


def test_invalid_rules_are_german_errors_with_file_line_and_key_all_at_once():
    _, errors = parse({"bulletins/2024/termine.md": BROKEN})
    found = {(e.line, e.key): e.message for e in errors}
    assert all(e.path == "bulletins/2024/termine.md" for e in errors)
    assert "fünften Wochentag" in found[(9, "events[1].repeat.on")] and "last monday" in found[(9, "events[1].repeat.on")]
    assert "2024-04-04 ist kein Termin dieser Serie" in found[(15, "events[2].repeat.except")]
    assert "2024-04-03" in found[(15, "events[2].repeat.except")]  # the day the rule gives
    assert "vor dem ersten Termin" in found[(20, "events[3].repeat.until")]
    assert "schließen sich aus" in found[(26, "events[4].repeat.until")]
    assert "ab 1" in found[(31, "events[5].repeat.interval")]
    assert "2024-03-08 ist kein Termin dieser Serie" in found[(37, "events[6].repeat.changes[1].date")]
    assert "meinten Sie „month“" in found[(42, "events[7].repeat.every")]
    assert "meinten Sie „first wednesday“" in found[(43, "events[7].repeat.on")]
    assert "kein Termin dieser Regel" in found[(48, "events[8].repeat.on")]
    assert len(errors) == 9


def test_german_keys_and_a_plain_word_get_hints():
    text = "---\ntitle: Stammtisch\nstart: 2024-02-07 19:00\nwiederholung:\n  every: month\n---\n"
    _, errors = parse({"bulletins/a.md": text})
    assert "Meinten Sie „repeat“?" in errors[0].message
    _, errors = parse({"bulletins/a.md": "---\ntitle: Stammtisch\nstart: 2024-02-07 19:00\nrepeat: monthly\n---\n"})
    assert errors[0].key == "repeat" and "every: month" in errors[0].message
    _, errors = parse({"bulletins/a.md": "---\ntitle: S\nstart: 2024-02-07\nrepeat:\n  every: week\n  bis: 2024-05-01\n---\n"})
    assert errors[0].key == "repeat.bis" and "Meinten Sie „until“?" in errors[0].message


# --- ICS --------------------------------------------------------------------------------


def _expected(events, start: dt.date, stop: dt.date) -> list[tuple]:
    """The project's own expansion: what takes place (not cancelled), by start."""
    out = []
    for event in events:
        series = occurrences.occurrence_events(event, stop) if event.repeat else [event]
        for o in series:
            day = o.start.date() if isinstance(o.start, dt.datetime) else o.start
            if start <= day <= stop and o.status is not EventStatus.CANCELLED:
                # Without `end`, apps read a timed event as ending when it starts.
                out.append((o.start, o.end if o.end is not None else o.start, o.location or o.online))
    return sorted(out, key=lambda item: (str(item[0]), str(item[2])))


def _from_ics(data: bytes, start: dt.date, stop: dt.date) -> list[tuple]:
    calendar = icalendar.Calendar.from_ical(data)
    found = []
    for e in recurring_ical_events.of(calendar).between(start, stop + dt.timedelta(days=1)):
        if str(e.get("STATUS")) == "CANCELLED":
            continue
        begin, end = e.decoded("DTSTART"), e.decoded("DTEND")
        if isinstance(begin, dt.datetime):
            begin, end = begin.astimezone(BERLIN), end.astimezone(BERLIN)
        else:
            end = end - dt.timedelta(days=1)  # DTEND of an all-day event is exclusive
        found.append((begin, end, str(e.get("LOCATION"))))
    return sorted(found, key=lambda item: (str(item[0]), str(item[2])))


def _normalised(items: list[tuple]) -> list[tuple]:
    return [(dt.datetime.fromisoformat(str(b)).isoformat() if isinstance(b, dt.datetime) else b.isoformat(),
             dt.datetime.fromisoformat(str(e)).isoformat() if isinstance(e, dt.datetime) else (e.isoformat() if e else None), p)
            for b, e, p in items]


@pytest.mark.parametrize("now", ["2024-01-24 12:00", "2024-11-01 12:00"])
def test_ics_expanded_by_recurring_ical_events_equals_our_own_expansion_over_two_years(now):
    visible = content({STAMMTISCH_PATH: STAMMTISCH, BOARD_PATH: BOARD})
    files = ics.files(visible, settings(now))
    start, stop = dt.date(2024, 1, 1), dt.date(2025, 12, 31)
    expected = _expected(visible.events, start, stop)
    assert ("2024-05-08T19:00:00+02:00", "2024-05-08T21:00:00+02:00", "Volksbad Buckau") in _normalised(expected)
    assert _normalised(_from_ics(files[FEED_PATH], start, stop)) == _normalised(expected)
    stammtisch_file = files["termine/2024/roter-stammtisch.ics"]
    own = [item for item in expected if item[2] in ("Gaststätte Zum Anker, Magdeburg", "Volksbad Buckau")]
    assert _normalised(_from_ics(stammtisch_file, start, stop)) == _normalised(own)
    for path, data in files.items():
        assert lint(data, host=HOST, feed=path == FEED_PATH) == [], path
        parsed = vobject.readOne(data.decode("utf-8"), validate=True)
        assert parsed.vevent_list


def test_one_vevent_with_rrule_exdate_and_an_override():
    data = ics.single(*_series_and_card(), settings())
    text = data.decode("utf-8")
    assert text.count("BEGIN:VEVENT") == 2 and text.count("RRULE:") == 1
    assert "RRULE:FREQ=MONTHLY;UNTIL=20240930T215959Z;BYDAY=1WE\r\n" in text
    assert "EXDATE;TZID=Europe/Berlin:20240403T190000\r\n" in text
    assert "RECURRENCE-ID;TZID=Europe/Berlin:20240501T190000\r\n" in text
    assert text.count("UID:2024.roter-stammtisch@www.example.org\r\n") == 2


def _series_and_card():
    from newsroom.plan.eventcards import card

    event = stammtisch()
    return event, card(event)


def test_lint_finds_broken_recurrence():
    good = ics.single(*_series_and_card(), settings()).decode("utf-8")
    broken = {
        "unsupported part": good.replace("BYDAY=1WE", "BYDAY=WE;BYSETPOS=1"),
        "floating exdate": good.replace("EXDATE;TZID=Europe/Berlin:", "EXDATE:"),
        "exdate not an occurrence": good.replace("20240403T190000", "20240404T190000"),
        "recurrence-id not an occurrence": good.replace("RECURRENCE-ID;TZID=Europe/Berlin:20240501", "RECURRENCE-ID;TZID=Europe/Berlin:20240502"),
        "local until": good.replace("UNTIL=20240930T215959Z", "UNTIL=20240930T235959"),
        "count and until": good.replace("UNTIL=20240930T215959Z", "COUNT=3;UNTIL=20240930T215959Z"),
        "orphan override": good.replace("RRULE:FREQ=MONTHLY;UNTIL=20240930T215959Z;BYDAY=1WE\r\n", "").replace("EXDATE;TZID=Europe/Berlin:20240403T190000\r\n", ""),
    }
    for name, text in broken.items():
        assert lint(text.encode("utf-8"), host=HOST, feed=False), name


def test_a_cancelled_change_is_an_override_with_status_cancelled():
    text = STAMMTISCH.replace("      location: Volksbad Buckau\n", "      location: Volksbad Buckau\n    - date: 2024-06-05\n      status: cancelled\n")
    data = ics.feed(content({STAMMTISCH_PATH: text}), settings())
    overrides = [e for e in icalendar.Calendar.from_ical(data).events if e.get("RECURRENCE-ID") is not None]
    assert [(str(e["STATUS"]), int(e["SEQUENCE"])) for e in overrides] == [("CONFIRMED", 0), ("CANCELLED", 2)]
    assert lint(data, host=HOST, feed=True) == []


def test_a_long_running_series_stays_in_the_feed():
    data = ics.feed(content({BOARD_PATH: BOARD}), settings("2027-06-01 12:00"))
    assert b"UID:2024.vorstand.vorstandssitzung@" in data  # open-ended: always kept
    assert b"UID:2024.vorstand.sommerfest@" in data  # its last date (2026) is recent


# --- Identity ---------------------------------------------------------------------------


def _keys_and_uids(text: str, audience: Audience = Audience.PUBLIC) -> dict[str, tuple[str, str]]:
    visible = content({SIX_DATES_PATH: text}, audience)
    plan = plan_site(visible, settings(audience=audience))
    return {e.title: (e.key, ics.uid(e, plan.settings)) for e in visible.bulletins[0].events}


def test_deleting_the_first_entry_keeps_every_other_url_and_uid():
    first = "  - title: Demonstration vor dem Landtag\n    start: 2024-01-25\n    location: Landtag Sachsen-Anhalt, Domplatz, Magdeburg\n"
    assert first in SIX_DATES
    before, after = _keys_and_uids(SIX_DATES), _keys_and_uids(SIX_DATES.replace(first, ""))
    del before["Demonstration vor dem Landtag"]
    assert after == before and len(after) == 5


def test_reordering_and_adding_entries_keeps_identities():
    first = "  - title: Demonstration vor dem Landtag\n    start: 2024-01-25\n    location: Landtag Sachsen-Anhalt, Domplatz, Magdeburg\n"
    moved = SIX_DATES.replace(first, "").replace("    start: 2024-03-16\n", "    start: 2024-03-16\n" + first)
    added = SIX_DATES.replace("events:\n", "events:\n  - title: Neu\n    start: 2024-01-24\n")
    before = _keys_and_uids(SIX_DATES)
    assert _keys_and_uids(moved) == before
    assert {k: v for k, v in _keys_and_uids(added).items() if k != "Neu"} == before
    rescheduled = SIX_DATES.replace("start: 2024-03-02", "start: 2024-03-09")
    assert _keys_and_uids(rescheduled) == before  # moving a date keeps its identity


def test_entries_sharing_a_title_add_their_day_and_twins_their_order():
    text = SIX_DATES.replace("Stadtparteitag", "Infostand").replace("Basiskonferenz zum städtischen Krankenhaus", "Infostand")
    keys = [e.key for e in content({SIX_DATES_PATH: text}).bulletins[0].events]
    assert keys[4:] == ["2024/sofortinfo/infostand-2024-03-02", "2024/sofortinfo/infostand-2024-03-16"]
    twin = text.replace("start: 2024-03-16", "start: 2024-03-02")
    keys = [e.key for e in content({SIX_DATES_PATH: twin}).bulletins[0].events]
    assert keys[4:] == ["2024/sofortinfo/infostand-2024-03-02", "2024/sofortinfo/infostand-2024-03-02-2"]
    # A slug that another entry's name has is an error asking for another one.
    taken = SIX_DATES.replace("    start: 2024-03-16\n", "    start: 2024-03-16\n    slug: stadtparteitag\n")
    _, errors = parse({SIX_DATES_PATH: taken})
    assert len(errors) == 1 and errors[0].key == "events[6].slug" and "„slug“" in errors[0].message


def test_old_position_addresses_redirect_to_the_same_dates():
    plan = plan_site(content({SIX_DATES_PATH: SIX_DATES}), settings())
    redirects = {p.src_uri: p.context["target"] for p in plan.pages if p.template == "redirect.html"}
    assert redirects["termine/2024/sofortinfo/termin-1.md"] == "termine/2024/sofortinfo/demonstration-vor-dem-landtag/"
    assert redirects["termine/2024/sofortinfo/termin-4.md"] == "termine/2024/sofortinfo/sitzung-des-stadtvorstandes/"
    assert len(redirects) == 6


def test_member_entries_never_change_public_names():
    member = "  - title: Stadtparteitag\n    start: 2024-03-09\n    audience: members\n"
    with_member = SIX_DATES.replace("events:\n", "events:\n" + member)
    assert _keys_and_uids(with_member) == _keys_and_uids(SIX_DATES)
    members_view = {e.title + str(e.audience): e.key for e in content({SIX_DATES_PATH: with_member}, Audience.MEMBERS).bulletins[0].events}
    assert members_view["StadtparteitagAudience.PUBLIC"] == "2024/sofortinfo/stadtparteitag"
    assert members_view["StadtparteitagAudience.MEMBERS"] == "2024/sofortinfo/stadtparteitag-2024-03-09"


def test_news_feed_item_of_a_series_names_its_rule():
    from newsroom.write.feeds import event_line

    assert event_line(stammtisch()).startswith("Termin: jeden ersten Mittwoch im Monat, 19:00–21:00 Uhr, bis 30. September 2024 (ab Mi., 7. Februar 2024)")


RULES = {
    "every third week, five times": ("2024-03-01 10:00", "  every: week\n  interval: 3\n  count: 5\n  except: [2024-04-12]"),
    "monthly on the 31st": ("2024-01-31 18:00", "  every: month\n  on: 31\n  until: 2025-12-31"),
    "last friday, all day": ("2024-01-26", "  every: month\n  on: last friday\n  except: [2024-03-29]"),
    "29 February": ("2024-02-29", "  every: year\n  count: 3"),
    "every second month on the third tuesday": ("2024-10-15 19:30", "  every: month\n  interval: 2\n  on: third tuesday\n  changes:\n    - date: 2024-12-17\n      start: 2024-12-18 19:30\n      end: 2024-12-18 21:00\n    - date: 2025-02-18\n      status: cancelled"),
}


@pytest.mark.parametrize("name", RULES)
def test_every_kind_of_rule_expands_alike_in_recurring_ical_events(name):
    start, rule = RULES[name]
    text = f"---\ntitle: Reihe\nstart: {start}\nlocation: Ort\nrepeat:\n{rule}\n---\n"
    visible = content({"bulletins/termine/reihe.md": text})
    data = ics.feed(visible, settings("2024-01-02 12:00"))
    assert lint(data, host=HOST, feed=True) == []
    first, stop = dt.date(2024, 1, 1), dt.date(2028, 12, 31)
    expected = _expected(visible.events, first, stop)
    assert expected, name
    assert _normalised(_from_ics(data, first, stop)) == _normalised(expected), name


def test_a_series_starting_beyond_the_horizon_is_listed_from_its_start():
    # Announced early (a later `date` would hold the notice back as planned, plan/schedule.py).
    early = STAMMTISCH.replace("date: 2024-01-20", "date: 2022-05-01")
    plan = plan_site(content({STAMMTISCH_PATH: early}), settings("2022-06-01 12:00"))
    calendar = next(p for p in plan.pages if p.src_uri == "termine/index.md")
    listed = [c for g in calendar.context["upcoming"] for c in g.cards]
    assert len(listed) == 8 and listed[0].when.start_iso == "2024-02-07T19:00+01:00"
    page = next(p for p in plan.pages if p.src_uri == "termine/2024/roter-stammtisch.md")
    assert len(page.context["series"].upcoming) == 8 and not page.context["series"].ended
