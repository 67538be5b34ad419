"""Planned posts: a bulletin or event notice whose `date` lies after "now" is published
by the first build on or after that date; until then only `mkdocs serve` shows it."""

from __future__ import annotations

import datetime as dt
import gzip
from pathlib import Path

import pytest

from conftest import EPOCH, run_mkdocs, write
from newsroom.model import Audience, BERLIN
from newsroom.plan.audience import for_audience
from newsroom.plan.schedule import is_planned, planned_items
from newsroom.read.loader import parse_sources
from safety_helpers import explained_in_guide, run_check

NOW = dt.datetime.fromtimestamp(int(EPOCH), tz=dt.timezone.utc)  # 2026-12-02 13:00 in Berlin
AFTER = str(int(EPOCH) + 40 * 86400)  # 2027-01-11: after every planned date below

PLANNED = (
    "---\ntitle: Vorschau Haushalt plq0001x\ndate: 2026-12-20\ntags: [Haushalt plq0002x]\n"
    "events:\n  - title: Haushaltsforum plq0003x\n    start: 2027-01-20 18:00\n---\nText plq0004x.\n"
)
PLANNED_NOTICE = "---\ntitle: Sommerfest plq0005x\ndate: 2027-01-05 08:00\nstart: 2027-07-04 15:00\n---\nText plq0006x.\n"


def _content(files: dict[str, str]):
    content, errors = parse_sources({path: text.encode() for path, text in files.items()}, {})
    assert errors == []
    return content


@pytest.mark.parametrize(
    ("date", "now", "planned"),
    [
        ("2026-12-03", "2026-12-02 23:59", True),  # Berlin time: still the 2nd
        ("2026-12-03", "2026-12-03 00:00", False),  # a day is published from 00:00 Berlin
        ("2026-12-03 18:00", "2026-12-03 17:59", True),
        ("2026-12-03 18:00", "2026-12-03 18:00", False),  # a moment from that moment on
    ],
)
def test_a_date_is_planned_until_its_day_or_moment(date: str, now: str, planned: bool) -> None:
    bulletin = _content({"bulletins/a.md": f"---\ntitle: A\ndate: {date}\n---\nText.\n"}).bulletins[0]
    moment = dt.datetime.fromisoformat(now).replace(tzinfo=BERLIN).astimezone(dt.timezone.utc)
    assert is_planned(bulletin, moment) is planned


def test_the_audience_filter_leaves_planned_items_out_and_preview_marks_them() -> None:
    content = _content({
        "bulletins/a.md": PLANNED, "bulletins/b.md": PLANNED_NOTICE,
        "bulletins/c.md": "---\ntitle: Heute\ndate: 2026-12-02\n---\nText.\n",
        "bulletins/d.md": "---\ntitle: Ohne Datum\nstart: 2027-03-01\n---\nText.\n",  # a notice without date: at once
    })
    built = for_audience(content, Audience.MEMBERS, now=NOW)
    assert [b.title for b in built.bulletins] == ["Heute"] and [e.title for e in built.notices] == ["Ohne Datum"]
    assert built.events == built.notices  # the planned bulletin's events went with it
    preview = for_audience(content, Audience.PUBLIC, include_drafts=True, now=NOW)
    assert {b.title: b.planned for b in preview.bulletins} == {"Vorschau Haushalt plq0001x": True, "Heute": False}
    assert {e.title: e.planned for e in preview.events} == {
        "Sommerfest plq0005x": True, "Ohne Datum": False, "Haushaltsforum plq0003x": True,
    }
    listed = planned_items(content, NOW)
    assert [(i.path, i.date, i.kind) for i in listed] == [
        ("bulletins/a.md", "2026-12-20", "Beitrag"), ("bulletins/b.md", "2027-01-05 08:00", "Termin"),
    ]


def _texts(site: Path) -> str:
    parts = []
    for path in site.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            parts.append(path.relative_to(site).as_posix())
            parts.append((gzip.decompress(data) if path.suffix == ".gz" else data).decode("utf-8", "replace"))
    return "\n".join(parts)


@pytest.mark.parametrize("config", ["mkdocs.yml", "mkdocs.members.yml"])
def test_a_planned_post_is_absent_until_a_build_on_or_after_its_date(project: Path, tmp_path: Path, config: str) -> None:
    write(project / "bulletins/2026/2026-12-20-vorschau-haushalt.md", PLANNED)
    write(project / "bulletins/termine/2027-07-04-sommerfest.md", PLANNED_NOTICE)
    before = run_mkdocs(project, config=config, site_dir=str(tmp_path / "before"))
    assert before.ok, before.log
    everything = _texts(before.site)
    assert "plq000" not in everything  # no page, list, topic, feed, ICS, sitemap or search entry
    assert "vorschau-haushalt" not in everything and "sommerfest" not in everything
    after = run_mkdocs(project, config=config, site_dir=str(tmp_path / "after"), env={"SOURCE_DATE_EPOCH": AFTER})
    assert after.ok, after.log
    assert "Vorschau Haushalt plq0001x" in after.text("aktuelles/2026/vorschau-haushalt/index.html")
    assert "Sommerfest plq0005x" in after.text("termine/2027/sommerfest/index.html")
    assert "plq0003x" in after.text("termine/kalender.ics") and "plq0001x" in after.text("feeds/rss.xml")
    assert "geplant" not in after.text("aktuelles/index.html")


def test_make_check_lists_planned_posts_with_their_date(project: Path) -> None:
    write(project / "bulletins/2026/2026-12-20-vorschau-haushalt.md", PLANNED)
    write(project / "bulletins/termine/2027-07-04-sommerfest.md", PLANNED_NOTICE)
    result = run_check(project)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[1].startswith("Geplant (erscheinen mit dem ersten Bauen ab ihrem Datum")
    assert "  2026-12-20  bulletins/2026/2026-12-20-vorschau-haushalt.md (Beitrag: Vorschau Haushalt plq0001x)" in lines
    assert "  2027-01-05 08:00  bulletins/termine/2027-07-04-sommerfest.md (Termin: Sommerfest plq0005x)" in lines
    assert "Geplant" not in run_check(project, env={"SOURCE_DATE_EPOCH": AFTER}).stdout


def test_a_published_text_must_not_link_a_planned_post(project: Path) -> None:
    write(project / "bulletins/2026/2026-12-20-vorschau-haushalt.md", PLANNED)
    write(project / "bulletins/2026/2026-12-01-heute.md", "---\ntitle: Heute\ndate: 2026-12-01\n---\n[Vorschau](2026-12-20-vorschau-haushalt.md)\n")
    result = run_check(project)
    assert result.returncode == 1
    assert ("bulletins/2026/2026-12-01-heute.md, Zeile 5: Der Verweis „2026-12-20-vorschau-haushalt.md“ zeigt auf einen "
            "geplanten Beitrag oder Termin, der erst am 2026-12-20 erscheint") in result.stderr
    assert all(explained_in_guide(line) for line in result.stderr.splitlines() if line.startswith("  - "))
    assert run_check(project, env={"SOURCE_DATE_EPOCH": AFTER}).returncode == 0
