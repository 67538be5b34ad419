"""`make neu` and `make termin`: a new file for today from the template, which passes
`make check` and builds as made; German messages for what the editor must change."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import EPOCH, ROOT, run_mkdocs
from newsroom.write.newpost import NewPostProblem, new_post, yaml_text
from safety_helpers import run_check
import yaml

TODAY = dt.date(2026, 12, 2)  # EPOCH's day in Berlin


def _make(project: Path, target: str, **variables: str) -> subprocess.CompletedProcess:
    """`make neu` / `make termin` in the copy, with its own Python (no venv set-up)."""
    shutil.copy2(ROOT / "Makefile", project / "Makefile")
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH}
    args = [f"{name}={value}" for name, value in variables.items()]
    return subprocess.run(
        ["make", "--no-print-directory", "-o", "setup", "-o", ".venv/bin/mkdocs", f"BIN={Path(sys.executable).parent}", target, *args],
        cwd=project, env=env, capture_output=True, text=True, timeout=120,
    )


def test_neu_and_termin_make_files_that_check_and_build(project: Path) -> None:
    title = 'Sofortinfo März: Straßenbau & "Ärger" #1'
    made = _make(project, "neu", TITEL=title)
    assert made.returncode == 0, made.stderr
    assert made.stdout.strip() == "bulletins/2026/2026-12-02-sofortinfo-maerz-strassenbau-aerger-1.md"
    text = (project / made.stdout.strip()).read_text(encoding="utf-8")
    assert yaml.safe_load(text.split("---\n")[1])["title"] == title
    notice = _make(project, "termin", TITEL="Stammtisch im Anker", START="2027-03-04 19:00")
    assert notice.returncode == 0, notice.stderr
    assert notice.stdout.strip() == "bulletins/termine/2027-03-04-stammtisch-im-anker.md"  # as the web editor names it
    assert "\nstart: 2027-03-04 19:00\n" in (project / notice.stdout.strip()).read_text(encoding="utf-8")
    check = run_check(project)
    assert check.returncode == 0, check.stderr
    build = run_mkdocs(project)
    assert build.ok, build.log
    assert "Sofortinfo März: Straßenbau &amp; &#34;Ärger&#34; #1" in build.text("aktuelles/2026/sofortinfo-maerz-strassenbau-aerger-1/index.html").replace("&quot;", "&#34;")
    assert "Stammtisch im Anker" in build.text("termine/2027/stammtisch-im-anker/index.html")


def test_german_messages_and_nothing_written(project: Path) -> None:
    before = sorted(p for p in (project / "bulletins").rglob("*"))
    missing = _make(project, "neu")
    assert missing.returncode != 0 and 'Bitte einen Titel angeben, z. B.: make neu TITEL="Sofortinfo März"' in missing.stderr
    no_start = _make(project, "termin", TITEL="Treffen")
    assert no_start.returncode != 0 and "Bitte den Beginn angeben" in no_start.stderr
    german = _make(project, "termin", TITEL="Treffen", START="4.3.2025 19 Uhr")
    assert german.returncode != 0 and "START: erwartet ein Datum wie 2024-02-13" in german.stderr
    clash = _make(project, "termin", TITEL="Mitgliederversammlung", START="2026-12-11 19:00")  # the sample's address
    assert clash.returncode != 0 and "dieselbe Adresse „2026/mitgliederversammlung“" in clash.stderr
    existing = _make(project, "termin", TITEL="Mitgliederversammlung", START="2026-12-10 19:00")  # the sample's file
    assert existing.returncode != 0
    assert "Die Datei bulletins/termine/2026-12-10-mitgliederversammlung.md gibt es schon." in existing.stderr
    assert sorted(p for p in (project / "bulletins").rglob("*")) == before
    assert _make(project, "neu", TITEL="Zweimal").returncode == 0
    again = _make(project, "neu", TITEL="Zweimal")
    assert again.returncode != 0
    assert "Die Datei bulletins/2026/2026-12-02-zweimal.md gibt es schon." in again.stderr


@pytest.mark.parametrize("text", ["Plain", "a: b", "- x", "true", "2024", "#tag", "Ä'ö", 'say "hi"', "x #y", "[a]", "*b"])
def test_titles_read_back_as_written(text: str) -> None:
    assert yaml.safe_load(f"title: {yaml_text(text)}")["title"] == text


def test_the_template_makes_a_bulletin_and_a_notice() -> None:
    template = (ROOT / "bulletins/_vorlage.md").read_text(encoding="utf-8")
    post = new_post(template, "  Sofortinfo   März ", TODAY)
    assert post.path == "bulletins/2026/2026-12-02-sofortinfo-maerz.md"
    assert post.text.startswith("---\ntitle: Sofortinfo März\ndate: 2026-12-02\n")
    with pytest.raises(NewPostProblem, match="kein Dateiname"):
        new_post(template, "???", TODAY)
    notice_template = (ROOT / "bulletins/_vorlage-termin.md").read_text(encoding="utf-8")
    notice = new_post(notice_template, "Treffen", TODAY, start="2027-01-02")
    assert "\nstart: 2027-01-02\n" in notice.text and "\nend:" not in notice.text
