"""Table-driven parser tests: each `fixtures/parser/x.md` beside its expected `x.result.json`."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from newsroom import dates
from newsroom.model import Bulletin, Event
from newsroom.read.reader import read_document
from newsroom.read.schema import parse_content_file

FIXTURES = Path(__file__).parent / "fixtures" / "parser"
CASES = sorted(FIXTURES.glob("*.md"))


def _when(value):
    return None if value is None else dates.iso(value)


def _event(event: Event) -> dict:
    return {
        "key": event.key, "title": event.title, "start": _when(event.start), "end": _when(event.end),
        "location": event.location, "online": event.online, "status": event.status.value,
        "audience": event.audience.value, "line": event.source.line,
    }


def as_json(item) -> dict:
    if isinstance(item, Bulletin):
        return {
            "kind": "bulletin", "key": item.key, "title": item.title, "date": _when(item.date), "slug": item.slug,
            "summary": item.summary, "authors": list(item.authors), "tags": list(item.tags),
            "audience": item.audience.value, "draft": item.draft, "body": item.body,
            "events": [_event(e) for e in item.events],
        }
    return {
        "kind": "notice", "key": item.key, "title": item.title, "start": _when(item.start), "end": _when(item.end),
        "location": item.location, "online": item.online, "status": item.status.value,
        "audience": item.audience.value, "announced": _when(item.announced), "tags": list(item.tags),
        "slug": item.slug, "body": item.body,
    }


def parse(path: Path):
    raw, errors = read_document(path.read_bytes(), f"bulletins/{path.name}")
    if raw is None:
        return None, errors
    return parse_content_file(raw)


def test_there_are_fixtures():
    assert len(CASES) >= 10


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.stem)
def test_fixture(case: Path):
    expected = json.loads(case.with_suffix(".result.json").read_text(encoding="utf-8"))
    item, errors = parse(case)
    if "errors" not in expected:
        assert errors == []
        assert as_json(item) == expected
        return
    assert item is None
    assert len(errors) == len(expected["errors"]), [str(e) for e in errors]
    for error, wanted in zip(sorted(errors, key=lambda e: (e.line or 0, e.key or "")), sorted(expected["errors"], key=lambda e: (e["line"] or 0, e["key"] or ""))):
        assert error.path == f"bulletins/{case.name}"
        assert error.line == wanted["line"], str(error)
        assert error.key == wanted["key"], str(error)
        for fragment in wanted["contains"]:
            assert fragment in error.message, f"{fragment!r} not in {error.message!r}"


def test_moments_are_berlin_wall_clock_with_the_right_offset():
    winter = dates.parse_when("2024-02-13 19:00")
    summer = dates.parse_when("2024-07-13 19:00")
    assert winter.utcoffset() == dt.timedelta(hours=1)
    assert summer.utcoffset() == dt.timedelta(hours=2)
    assert dates.parse_when("2024-02-13") == dt.date(2024, 2, 13)


@pytest.mark.parametrize(
    "text, hint",
    [
        ("2024-02-13 19:00:00", "Sekunden bitte weglassen"),
        ("2024-02-13T19:00+01:00", "ohne Zeitzone"),
        ("13.02.2024", "meinten Sie 2024-02-13?"),
        ("2024-02-13 25:00", "gibt es nicht"),
        ("morgen", "Jahr-Monat-Tag"),
    ],
)
def test_date_problems_explain_what_to_write(text, hint):
    with pytest.raises(dates.DateProblem, match=hint):
        dates.parse_when(text)


def test_german_labels():
    assert dates.german_date(dt.date(2024, 1, 23)) == "23. Januar 2024"
    assert dates.german_weekday_date(dates.parse_when("2024-02-13 19:00")) == "Di., 13. Februar 2024"


def test_a_tab_does_not_hide_the_other_errors_of_a_standing_page():
    """Tabs are reported on every line they indent, and the rest is still checked."""
    from newsroom.read.loader import parse_page

    text = "---\ntitle: Kontakt\naudience: intern\ntags:\n\t- a\n---\n\nText.\n"
    page, errors = parse_page(text.encode(), "kontakt.md", "docs/kontakt.md")
    assert page is None
    found = {(e.line, e.key) for e in errors}
    assert (5, None) in found and any(e.key == "audience" for e in errors), errors
    assert all("Traceback" not in e.message for e in errors)


def test_tabs_that_no_tab_width_repairs_still_name_their_lines():
    raw, errors = read_document(b"---\ntitle: [a\n\t- b\n---\n\nText.\n", "bulletins/2025/2025-01-01-x.md")
    assert raw is None
    assert [e.line for e in errors][:1] == [3] and "Tabulatoren" in errors[0].message
