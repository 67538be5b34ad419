"""Fail closed: every way member content could slip into the public build is a German
error, reported before MkDocs touches the output folder, so the site built before
stays as it was (real `mkdocs build` runs)."""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pytest

from conftest import Build, copy_project, run_mkdocs, write


def append(path: Path, text: str) -> None:
    with path.open("a", encoding="utf-8") as stream:
        stream.write(text)


def replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


REPORT = "bulletins/2024/2024-02-20-pressemitteilung-krankenhaus.md"
NOTICE = "bulletins/termine/2026-12-05-infostand-weihnachtsmarkt.md"
EVENTS = "bulletins/2026/2026-11-24-termine-bis-januar.md"


def line_count(project: Path, path: str) -> int:
    return len((project / path).read_text(encoding="utf-8").split("\n"))


def line_of(project: Path, path: str, text: str) -> int:
    """The number of the (first) line of a file that contains `text`."""
    lines = (project / path).read_text(encoding="utf-8").split("\n")
    return next(number for number, line in enumerate(lines, start=1) if text in line)


@dataclass
class Case:
    name: str
    mutate: Callable[[Path], None]
    where: Callable[[Path], str]  # the "file, Zeile n" (or file) the message must name
    says: str  # part of the German message
    config: str = "mkdocs.yml"
    site: str = "site"


def _at_end(path: str) -> Callable[[Path], str]:
    """The message names `path` and the line that was appended last (before the final newline)."""
    return lambda project: f"{path}, Zeile {line_count(project, path) - 1}"


CASES = [
    Case(
        "unclosed passage",
        lambda p: append(p / REPORT, "\n/// members\nDer Kassenstand ist geheim.\n"),
        lambda p: f"{REPORT}, Zeile {line_count(p, REPORT) - 2}",
        "wird nicht geschlossen",
    ),
    Case(
        "unknown block name",
        lambda p: append(p / REPORT, "\n/// membres\nGeheim.\n///\n"),
        lambda p: f"{REPORT}, Zeile {line_count(p, REPORT) - 3}",
        "Unbekannter Abschnitt „/// membres“",
    ),
    Case(
        "misspelled audience of a bulletin",
        lambda p: replace_in(p / REPORT, "title:", "audience: member\ntitle:"),
        lambda p: f"{REPORT}, Zeile 2, Schlüssel „audience“",
        "erwartet einen von: public, members",
    ),
    Case(
        "misspelled audience of a page",
        lambda p: replace_in(p / "docs/kontakt.md", "title:", "audience: mitglieder\ntitle:"),
        lambda p: "docs/kontakt.md, Zeile 2, Schlüssel „audience“",
        "erwartet einen von: public, members",
    ),
    Case(
        "misspelled audience of a bulletin event",
        lambda p: replace_in(p / EVENTS, "    audience: members", "    audience: intern"),
        lambda p: f"{EVENTS}, Zeile {line_of(p, EVENTS, 'audience: intern')}, Schlüssel „events[5].audience“",
        "erwartet einen von: public, members",
    ),
    Case(
        "public bulletin links a member page",
        lambda p: append(p / REPORT, "\nMehr in den [Protokollen](../../docs/mitglieder/protokolle.md).\n"),
        _at_end(REPORT),
        "zeigt aber auf Inhalt nur für Mitglieder",
    ),
    Case(
        "public page links a member bulletin by its URL",
        lambda p: append(p / "docs/kontakt.md", "\nSiehe [Hinweise](../aktuelles/2026/hinweise-mitgliederverwaltung/).\n"),
        _at_end("docs/kontakt.md"),
        "zeigt aber auf Inhalt nur für Mitglieder",
    ),
    Case(
        "public notice links a member notice in raw HTML",
        lambda p: append(p / NOTICE, '\n<a href="/termine/2026/kassenpruefung/">Kasse</a>\n'),
        _at_end(NOTICE),
        "zeigt aber auf Inhalt nur für Mitglieder",
    ),
    Case(
        "public page links a file of the member folder",
        lambda p: (write(p / "docs/mitglieder/haushalt.pdf", "%PDF"), append(p / "docs/kontakt.md", "\n[Haushalt](mitglieder/haushalt.pdf)\n")),
        _at_end("docs/kontakt.md"),
        "zeigt aber auf Inhalt nur für Mitglieder",
    ),
    Case(
        # Photos are exempt: they are published per audience as renditions (test_photos.py).
        "file only member text uses lies outside the member folder",
        lambda p: (
            write(p / "docs/assets/kassenbericht.pdf", "%PDF"),
            append(p / "docs/ueber-uns.md", "\n/// members\n[Kasse](assets/kassenbericht.pdf)\n///\n"),
        ),
        lambda p: f"docs/ueber-uns.md, Zeile {line_count(p, 'docs/ueber-uns.md') - 2}",
        "nach docs/mitglieder/ verschieben",
    ),
    Case(
        "public nav names a member page",
        lambda p: replace_in(p / "mkdocs.yml", "  - Kontakt: kontakt.md\n", "  - Kontakt: kontakt.md\n  - Intern: mitglieder/index.md\n"),
        lambda p: f"mkdocs.yml, Zeile {line_of(p, 'mkdocs.yml', 'Intern: mitglieder')}, Schlüssel „nav“",
        "Die Navigation der öffentlichen Website nennt „Intern: mitglieder/index.md“",
    ),
    Case(
        "snippet include in a public page",
        lambda p: append(p / "docs/kontakt.md", '\n--8<-- "docs/mitglieder/protokolle.md"\n'),
        _at_end("docs/kontakt.md"),
        "Einbindungen anderer Dateien",
    ),
    Case(
        "snippet include in a member page",
        lambda p: append(p / "docs/mitglieder/index.md", '\n--8<-- "protokolle.md"\n'),
        _at_end("docs/mitglieder/index.md"),
        "Einbindungen anderer Dateien",
    ),
    Case(
        "HTML comment in a bulletin",
        lambda p: append(p / REPORT, "\n<!-- intern: die Kasse ist leer -->\n"),
        _at_end(REPORT),
        "HTML-Kommentare",
    ),
    Case(
        "snippet extension enabled",
        lambda p: replace_in(p / "mkdocs.yml", "  - pymdownx.tilde\n", "  - pymdownx.tilde\n  - pymdownx.snippets\n"),
        lambda p: f"mkdocs.yml, Zeile {line_of(p, 'mkdocs.yml', 'markdown_extensions:')}, Schlüssel „markdown_extensions“",
        "„pymdownx.snippets“ ist nicht erlaubt",
    ),
    Case(
        "unknown build variant",
        lambda p: replace_in(p / "mkdocs.yml", "audience: public", "audience: oeffentlich"),
        lambda p: f"mkdocs.yml, Zeile {line_of(p, 'mkdocs.yml', 'audience: oeffentlich')}, Schlüssel „extra.newsroom.audience“",
        "Unbekannte Fassung der Website",
    ),
    Case(
        "unknown member variant",
        lambda p: replace_in(p / "mkdocs.members.yml", "audience: members", "audience: Mitglieder"),
        lambda p: f"mkdocs.members.yml, Zeile {line_of(p, 'mkdocs.members.yml', 'audience: Mitglieder')}, Schlüssel „extra.newsroom.audience“",
        "gefunden: „Mitglieder“",
        config="mkdocs.members.yml",
        site="site-members",
    ),
    Case(
        "member build into the public folder",
        lambda p: replace_in(p / "mkdocs.members.yml", "site_dir: site-members", "site_dir: site"),
        lambda p: f"mkdocs.members.yml, Zeile {line_of(p, 'mkdocs.members.yml', 'site_dir:')}, Schlüssel „site_dir“",
        "in den Ordner der öffentlichen Website geschrieben",
        config="mkdocs.members.yml",
        site="site",
    ),
    Case(
        "member build into a folder inside the public one",
        lambda p: replace_in(p / "mkdocs.members.yml", "site_dir: site-members", "site_dir: site/intern"),
        lambda p: f"mkdocs.members.yml, Zeile {line_of(p, 'mkdocs.members.yml', 'site_dir:')}, Schlüssel „site_dir“",
        "in den Ordner der öffentlichen Website geschrieben",
        config="mkdocs.members.yml",
        site="site",
    ),
    Case(
        "member build at the public address",
        lambda p: replace_in(p / "mkdocs.members.yml", "https://intern.example.org/", "https://www.example.org/intern/"),
        lambda p: f"mkdocs.members.yml, Zeile {line_of(p, 'mkdocs.members.yml', 'site_url:')}, Schlüssel „site_url“",
        "hätte die Adresse der öffentlichen Website",
        config="mkdocs.members.yml",
        site="site-members",
    ),
    Case(
        "a file the site makes itself",
        lambda p: write(p / "docs/robots.txt", "User-agent: *\nAllow: /\n"),
        lambda p: "docs/robots.txt",
        "erzeugt die Website selbst",
    ),
]


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """The sample project with both sites built: the state every case starts from."""
    project = copy_project(tmp_path_factory.mktemp("built") / "project")
    for config in ("mkdocs.yml", "mkdocs.members.yml"):
        build = run_mkdocs(project, config=config)
        assert build.ok, build.log
    return project


def snapshot(site: Path) -> dict[str, bytes]:
    return {p: (site / p).read_bytes() for p in Build(None, site).files()}


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_fails_in_german_and_leaves_the_built_site_alone(case: Case, built: Path, tmp_path: Path):
    project = tmp_path / "project"
    shutil.copytree(built, project)
    before = snapshot(project / case.site)
    assert before
    case.mutate(project)
    build = run_mkdocs(project, config=case.config)
    assert not build.ok
    assert "Fehler in den Inhalten – die Website wurde nicht neu gebaut" in build.log
    assert f"  - {case.where(project)}: " in build.log, build.log
    assert case.says in build.log, build.log
    assert snapshot(project / case.site) == before


def test_the_member_build_refuses_the_same_content_errors(built: Path, tmp_path: Path):
    project = tmp_path / "project"
    shutil.copytree(built, project)
    append(project / REPORT, "\nMehr in den [Protokollen](../../docs/mitglieder/protokolle.md).\n")
    build = run_mkdocs(project, config="mkdocs.members.yml")
    assert not build.ok and "zeigt aber auf Inhalt nur für Mitglieder" in build.log


def test_all_problems_are_reported_at_once(built: Path, tmp_path: Path):
    project = tmp_path / "project"
    shutil.copytree(built, project)
    append(project / REPORT, "\n/// members\nOffen.\n")
    append(project / "docs/kontakt.md", "\n[P](mitglieder/protokolle.md)\n")
    append(project / "docs/ueber-uns.md", "\n<!-- Notiz -->\n")
    replace_in(project / "mkdocs.yml", "audience: public", "audience: alle")
    build = run_mkdocs(project)
    assert not build.ok
    assert "4 Fehler in den Inhalten" in build.log
    assert len(re.findall(r"^  - ", build.log, re.MULTILINE)) == 4
