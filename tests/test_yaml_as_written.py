"""Text keys publish exactly what the editor wrote (issue 13): YAML 1.1 would read
`06110` as 3144, `12:30` as 750, `0x10` as 16, `1.10` as 1.1 and `[010]` as [8]."""

from __future__ import annotations

from conftest import run_mkdocs, write
from newsroom.read.reader import parse_yaml



def test_numbers_are_read_only_where_they_read_back_the_same():
    text = "location: 06110\nsummary: 3:2\ntitle: 12:30\nv: 1.10\nw: 0x10\ntags: [010, 2024]\nn: 42\nf: 1.5\nstart: 19:00\n"
    values, _lines, errors = parse_yaml(text, "x.md", 2)
    assert errors == []
    assert values == {
        "location": "06110", "summary": "3:2", "title": "12:30", "v": "1.10", "w": "0x10",
        "tags": ["010", 2024], "n": 42, "f": 1.5, "start": "19:00",
    }


def test_a_postal_code_and_a_score_are_published_as_written(project):
    write(project / "bulletins/termine/2026-12-20-infostand.md", (
        "---\ntitle: \"12:30\"\ndate: 2026-12-01\nstart: 2026-12-20 10:00\nlocation: 06110\n"
        "summary: 3:2\ntags: [010]\n---\n\nText.\n"
    ))
    build = run_mkdocs(project)
    assert build.ok, build.log
    page = build.text("termine/2026/infostand/index.html")
    assert "06110" in page and "3144" not in page and "3:2" in page
    ics = build.text("termine/2026/infostand.ics")
    assert "LOCATION:06110" in ics
