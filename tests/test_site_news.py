"""Real `mkdocs build` runs of the news site, with assertions on the written files."""

from __future__ import annotations

import filecmp
import html
import json
import re
from pathlib import Path

from conftest import run_mkdocs, write
from searchindex import indexed_pages


NEW_BULLETIN = """---
title: "Straßenbau & Ärger: Bürgerforum im Rathaus"
date: 2024-05-14
authors: [Erika Muster]
tags: [Straßenbau, Stadtvorstand]
summary: Wir laden zum Bürgerforum über die Baustellen ein.
---

Im Mai laden wir zum **Bürgerforum** ein. Alle Fragen sind willkommen.

## Ablauf

Wir beginnen um 18 Uhr. Mehr unter [Kontakt](../../docs/kontakt.md).
"""


def _nav(page_html: str) -> str:
    """The primary navigation of a page (drawer and tabs)."""
    return " ".join(re.findall(r'<nav class="md-(?:nav md-nav--primary|tabs)".*?</nav>', page_html, re.S))


def test_sample_site_builds_with_every_section(project: Path):
    build = run_mkdocs(project)
    assert build.ok, build.log
    home = build.text("index.html")
    assert "Neueste Beiträge" in home
    assert "24. November 2026" in home  # German date of the newest sample bulletin
    aktuelles = build.text("aktuelles/index.html")
    assert "Sofortinfo Stadtvorstand 23. Januar 2024" in aktuelles
    assert 'href="sofortinfo-stadtvorstand-januar/"' in build.text("aktuelles/2024/index.html")
    assert (build.site / "aktuelles/themen/strassenbau/index.html").exists()
    # Drafts and member-only sources are not in a public build.
    assert not (build.site / "aktuelles/2026/jahresrueckblick-2026").exists()
    assert not (build.site / "aktuelles/2026/hinweise-mitgliederverwaltung").exists()
    assert not (build.site / "mitglieder").exists()


def test_new_bulletin_shows_everywhere(project: Path):
    write(project / "bulletins/2024/2024-05-14-buergerforum.md", NEW_BULLETIN)
    build = run_mkdocs(project)
    assert build.ok, build.log
    page = build.text("aktuelles/2024/buergerforum/index.html")
    text = html.unescape(page)
    assert "<h1>Straßenbau &amp; Ärger: Bürgerforum im Rathaus</h1>" in page
    assert '<time datetime="2024-05-14">14. Mai 2024</time>' in page
    assert "von Erika Muster" in page
    assert 'href="../../themen/strassenbau/"' in page and 'href="../../themen/stadtvorstand/"' in page
    assert "<strong>Bürgerforum</strong>" in page
    assert 'href="../../../kontakt/"' in page  # repository-relative link rewritten
    # Neighbours: the sample bulletin of 4 March 2024 is older, the one of 24 November 2026 newer.
    assert 'rel="prev">' in page and "Bericht vom Stadtparteitag" in text
    assert 'rel="next">' in page and "Unsere Termine bis Januar 2027" in text
    # Sharing previews.
    assert '<meta name="description" content="Wir laden zum Bürgerforum über die Baustellen ein.">' in page
    assert '<meta property="og:type" content="article">' in page
    assert '<meta property="article:published_time" content="2024-05-14">' in page
    assert 'content="Straßenbau &amp; Ärger: Bürgerforum im Rathaus"' in page
    assert '<meta property="og:url" content="https://www.example.org/aktuelles/2024/buergerforum/">' in page
    for listing in ("index.html", "aktuelles/index.html", "aktuelles/2024/index.html",
                    "aktuelles/themen/strassenbau/index.html", "aktuelles/themen/stadtvorstand/index.html"):
        assert "Bürgerforum im Rathaus" in html.unescape(build.text(listing)), listing
    # Not listed one by one in the navigation.
    assert "buergerforum" not in _nav(page) and "buergerforum" not in _nav(build.text("index.html"))


def test_search_finds_each_bulletin_once(project: Path):
    build = run_mkdocs(project)
    assert build.ok, build.log
    # The index is Pagefind's (issue 15): one entry per page, no sections.
    pages = indexed_pages(build.site)
    locations = [page["url"].lstrip("/") for page in pages]
    assert "aktuelles/2024/sofortinfo-stadtvorstand-januar/" in locations
    assert not any(loc.startswith(("aktuelles/seite", "aktuelles/themen")) for loc in locations)
    assert "aktuelles/" not in locations and "aktuelles/2024/" not in locations
    titles = [page["meta"]["title"] for page in pages]
    assert titles.count("Sofortinfo Stadtvorstand 23. Januar 2024") == 1


def test_lists_are_paginated(empty_project: Path):
    for number in range(1, 26):
        write(
            empty_project / f"bulletins/2024/2024-03-{number:02d}-meldung-{number}.md",
            f"---\ntitle: Meldung {number}\ndate: 2024-03-{number:02d}\ntags: [Presse]\n---\nText {number}.\n",
        )
    build = run_mkdocs(empty_project)
    assert build.ok, build.log
    first, third = build.text("aktuelles/index.html"), build.text("aktuelles/seite/3/index.html")
    assert "Meldung 25" in first and "Meldung 16" in first and "Meldung 15" not in first
    assert "Meldung 5" in third and "Meldung 1<" in third and "Meldung 6" not in third
    assert "Seite 3 von 3" in third
    assert not (build.site / "aktuelles/seite/4").exists()
    # Years and topics are compact lists (title and date), 100 to a page.
    topic = build.text("aktuelles/themen/presse/index.html")
    assert all(f">Meldung {n}</a>" in topic for n in range(1, 26)) and "<h2>2024</h2>" in topic
    assert not (build.site / "aktuelles/themen/presse/seite").exists()
    year = build.text("aktuelles/2024/index.html")
    assert all(f">Meldung {n}</a>" in year for n in range(1, 26)) and "<h2>März 2024</h2>" in year
    assert "Ältere Beiträge stehen im Archiv" not in third

    config = empty_project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("    list_pages: 10", "    list_pages: 2"), encoding="utf-8")
    capped = run_mkdocs(empty_project)
    assert capped.ok, capped.log
    assert not (capped.site / "aktuelles/seite/3").exists()
    last = capped.text("aktuelles/seite/2/index.html")
    assert "Ältere Beiträge stehen im Archiv: <a href=\"../../2024/\">2024</a>." in last


def test_same_sources_give_byte_identical_sites(project: Path, tmp_path: Path):
    first = run_mkdocs(project, site_dir=str(tmp_path / "one"))
    second = run_mkdocs(project, site_dir=str(tmp_path / "two"))
    assert first.ok and second.ok
    assert first.files() == second.files()
    mismatch = [f for f in first.files() if (first.site / f).read_bytes() != (second.site / f).read_bytes()]
    assert mismatch == []


def test_content_errors_are_german_listed_together_and_keep_the_old_site(project: Path):
    good = run_mkdocs(project)
    assert good.ok, good.log
    before = {f: (good.site / f).read_bytes() for f in good.files()}
    write(project / "bulletins/2024/2024-06-01-kaputt.md", "---\ntitel: Kaputt\ndate: 2024-13-01\n---\nText\n")
    write(project / "bulletins/2024/2024-06-02-auch-kaputt.md", "---\ntitle: [unclosed\n---\n")
    bad = run_mkdocs(project)
    assert not bad.ok
    assert "bulletins/2024/2024-06-01-kaputt.md, Zeile 2, Schlüssel „titel“: Unbekannter Schlüssel „titel“. Meinten Sie „title“?" in bad.log
    assert "bulletins/2024/2024-06-01-kaputt.md, Zeile 3, Schlüssel „date“" in bad.log
    assert "bulletins/2024/2024-06-02-auch-kaputt.md, Zeile 2: Der Vorspann ist kein gültiges YAML" in bad.log
    assert "4 Fehler in den Inhalten" in bad.log  # unknown key, missing title, bad date, bad YAML
    after = {f: (good.site / f).read_bytes() for f in good.files()}
    assert after == before


def test_broken_link_fails_the_build(project: Path):
    write(project / "docs/kontakt.md", (project / "docs/kontakt.md").read_text() + "\n[Weg](gibt-es-nicht.md)\n")
    build = run_mkdocs(project)
    assert not build.ok
    assert "gibt-es-nicht.md" in build.log
