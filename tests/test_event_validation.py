"""Bad event input gives a German error naming file, line, key, expected and found;
the identity of bulletin events (their keys) is stable."""

from __future__ import annotations

import pytest

from conftest import run_mkdocs, write
from eventdata import SIX_DATES, SIX_DATES_PATH, content, notice, parse
from newsroom.model import EventStatus

NOTICE_PATH = "bulletins/termine/2024-02-01-sitzung.md"


def single_error(files: dict[str, str]):
    parsed, errors = parse(files)
    assert len(errors) == 1, [str(e) for e in errors]
    return errors[0]


# (what, extra front matter of a notice, key, line, words the message must contain)
NOTICE_CASES = [
    ("end before start", {"start": "2024-02-13 19:00", "end": "2024-02-13 18:00"}, "end", 4,
     ["Das Ende (2024-02-13 18:00) liegt vor dem Beginn (2024-02-13 19:00)", "erwartet ein Ende, das nicht vor dem Beginn liegt"]),
    ("all-day end before start", {"start": "2024-02-13", "end": "2024-02-12"}, "end", 4,
     ["Das Ende (2024-02-12) liegt vor dem Beginn (2024-02-13)"]),
    ("end a day, start a moment", {"start": "2024-02-13 19:00", "end": "2024-02-14"}, "end", 4,
     ["derselben Art", "Zeitpunkt mit Uhrzeit", "gefunden: „2024-02-14“"]),
    ("end a moment, start a day", {"start": "2024-02-13", "end": "2024-02-14 12:00"}, "end", 4,
     ["derselben Art", "ganzer Tag ohne Uhrzeit", "gefunden: „2024-02-14 12:00“"]),
    ("time skipped by the spring change", {"start": "2024-03-31 02:30"}, "start", 3,
     ["gibt es am 31.03.2024 in Berlin nicht", "Sommerzeit", "erwartet eine Uhrzeit vor 02:00 oder ab 03:00", "gefunden: „2024-03-31 02:30“"]),
    ("time repeated by the autumn change", {"start": "2024-10-27 02:30"}, "start", 3,
     ["gibt es am 27.10.2024 in Berlin zweimal", "Winterzeit", "erwartet eine eindeutige Uhrzeit", "gefunden: „2024-10-27 02:30“"]),
    ("end in the spring gap", {"start": "2024-03-30 20:00", "end": "2024-03-31 02:15"}, "end", 4,
     ["gibt es am 31.03.2024 in Berlin nicht", "gefunden: „2024-03-31 02:15“"]),
    ("unknown status (German word)", {"status": "abgesagt"}, "status", 4,
     ["erwartet einen von: scheduled, cancelled, postponed", "gefunden: „abgesagt“", "meinten Sie „cancelled“?"]),
    ("unknown status (German, postponed)", {"status": "verschoben"}, "status", 4,
     ["gefunden: „verschoben“", "meinten Sie „postponed“?"]),
    ("unknown status (US spelling)", {"status": "canceled"}, "status", 4, ["meinten Sie „cancelled“?"]),
    ("online without scheme", {"online": "meet.example.org/sitzung"}, "online", 4,
     ["erwartet eine Web-Adresse, die mit https:// oder http:// beginnt", "gefunden: „meet.example.org/sitzung“"]),
    ("online not http", {"online": "ftp://example.org/sitzung"}, "online", 4, ["gefunden: „ftp://example.org/sitzung“"]),
    ("online with a space", {"online": "https://meet.example.org/a b"}, "online", 4, ["https://"]),
]


@pytest.mark.parametrize(("what", "keys", "key", "line", "words"), NOTICE_CASES, ids=[c[0] for c in NOTICE_CASES])
def test_event_notice_errors(what, keys, key, line, words):
    keys = {"start": "2024-02-13 19:00", **keys}
    error = single_error({NOTICE_PATH: notice("Sitzung", **keys)})
    assert (error.path, error.key, error.line) == (NOTICE_PATH, key, line)
    for word in words:
        assert word in error.message, (word, error.message)
    shown = str(error)
    assert shown.startswith(f"{NOTICE_PATH}, Zeile {line}, Schlüssel „{key}“: ")


@pytest.mark.parametrize(
    ("replace", "key", "words"),
    [
        ("    start: 2024-03-16\n", "events[6].end", ["Das Ende (2024-03-15) liegt vor dem Beginn (2024-03-16)"]),
        ("    start: 2024-03-31 02:30\n", "events[6].start", ["in Berlin nicht"]),
        ("    start: 2024-03-16\n    status: abgesagt\n", "events[6].status", ["meinten Sie „cancelled“?"]),
        ("    start: 2024-03-16\n    online: www.example.org\n", "events[6].online", ["https://"]),
    ],
)
def test_bulletin_event_errors_name_the_entry(replace, key, words):
    text = SIX_DATES.replace("    start: 2024-03-16\n", replace)
    if key.endswith(".end"):
        text = text.replace("    start: 2024-03-16\n", "    start: 2024-03-16\n    end: 2024-03-15\n")
    error = single_error({SIX_DATES_PATH: text})
    assert (error.path, error.key) == (SIX_DATES_PATH, key)
    assert error.line is not None and error.line > 20  # the entry's own line, not the file's first
    for word in words:
        assert word in error.message


def test_all_errors_are_listed_at_once():
    files = {
        NOTICE_PATH: notice("Sitzung", "2024-02-13 19:00", end="2024-02-13 18:00", status="abgesagt"),
        "bulletins/termine/b.md": notice("Andere", "2024-03-31 02:30", online="meet.example.org"),
    }
    _, errors = parse(files)
    assert sorted((e.path, e.key) for e in errors) == sorted([
        ("bulletins/termine/b.md", "online"),
        ("bulletins/termine/b.md", "start"),
        (NOTICE_PATH, "end"),
        (NOTICE_PATH, "status"),
    ])


def test_valid_statuses_and_hybrid_events():
    files = {
        "bulletins/a.md": notice("A", "2024-02-13 19:00", status="cancelled", location="Halle", online="https://meet.example.org/a"),
        "bulletins/b.md": notice("B", "2024-02-14", status="postponed"),
        "bulletins/c.md": notice("C", "2024-02-15", end="2024-02-15", status="scheduled"),
    }
    statuses = {e.title: e.status for e in content(files).notices}
    assert statuses == {"A": EventStatus.CANCELLED, "B": EventStatus.POSTPONED, "C": EventStatus.SCHEDULED}


def bulletin_keys(text: str, members: bool = False) -> dict[str, str]:
    from newsroom.model import Audience

    parsed = content({SIX_DATES_PATH: text}, Audience.MEMBERS if members else Audience.PUBLIC)
    return {e.title: e.key.rsplit("/", 1)[1] for e in parsed.bulletins[0].events}


def test_files_without_event_slugs_stay_valid_and_are_named_after_their_titles():
    # Issue 19: no longer `termin-<n>` (positions moved to other dates when entries were deleted).
    keys = bulletin_keys(SIX_DATES)
    assert list(keys.values()) == [
        "demonstration-vor-dem-landtag", "gedenken-zum-holocaust-gedenktag", "treffen-fuer-neue-mitglieder",
        "sitzung-des-stadtvorstandes", "stadtparteitag", "basiskonferenz-zum-staedtischen-krankenhaus",
    ]


def test_member_entries_are_named_apart_so_public_keys_do_not_reveal_them():
    with_member = SIX_DATES.replace("    location: Geschäftsstelle", "    audience: members\n    location: Geschäftsstelle")
    without_member = SIX_DATES.replace(
        "  - title: Treffen für neue Mitglieder\n    start: 2024-02-02\n    location: Geschäftsstelle, Beispielstraße 12, 06108 Halle (Saale)\n", ""
    )
    assert without_member != SIX_DATES
    assert bulletin_keys(with_member) == bulletin_keys(without_member)  # the public build
    members_view = bulletin_keys(with_member, members=True)
    assert members_view["Treffen für neue Mitglieder"] == "treffen-fuer-neue-mitglieder"
    assert members_view["Stadtparteitag"] == "stadtparteitag"


def test_a_slug_pins_an_entry_when_entries_move():
    entry = "  - title: Basiskonferenz zum städtischen Krankenhaus\n    start: 2024-03-16\n"
    pinned_entry = entry + "    slug: basiskonferenz\n"
    pinned = SIX_DATES.replace(entry, pinned_entry)
    # An editor moves the last entry to the top of the list.
    moved = pinned.replace(pinned_entry, "").replace("events:\n", "events:\n" + pinned_entry)
    assert pinned != SIX_DATES and moved.index("Basiskonferenz") < moved.index("Demonstration")
    assert bulletin_keys(pinned)["Basiskonferenz zum städtischen Krankenhaus"] == "basiskonferenz"
    assert bulletin_keys(moved)["Basiskonferenz zum städtischen Krankenhaus"] == "basiskonferenz"


def test_duplicate_event_slugs_are_an_error():
    text = SIX_DATES.replace("    start: 2024-03-16\n", "    start: 2024-03-16\n    slug: demonstration-vor-dem-landtag\n")
    error = single_error({SIX_DATES_PATH: text})
    assert error.key == "events[6].slug"
    assert "dieselbe Adresse „demonstration-vor-dem-landtag“" in error.message and "Eintrag 1 und Eintrag 6" in error.message


def test_reserved_or_malformed_event_slug():
    error = single_error({SIX_DATES_PATH: SIX_DATES.replace("    start: 2024-03-16\n", "    start: 2024-03-16\n    slug: Basis Konferenz\n")})
    assert error.key == "events[6].slug" and "Kleinbuchstaben" in error.message


def test_a_content_error_fails_the_build_and_keeps_the_old_site(empty_project):
    write(empty_project / SIX_DATES_PATH, SIX_DATES)
    first = run_mkdocs(empty_project)
    assert first.ok, first.log
    feed_before = (first.site / "termine/kalender.ics").read_bytes()
    write(empty_project / NOTICE_PATH, notice("Sitzung", "2024-03-31 02:30", status="abgesagt"))
    second = run_mkdocs(empty_project)
    assert not second.ok
    assert f"{NOTICE_PATH}, Zeile 3, Schlüssel „start“" in second.log
    assert f"{NOTICE_PATH}, Zeile 4, Schlüssel „status“" in second.log
    assert (first.site / "termine/kalender.ics").read_bytes() == feed_before
