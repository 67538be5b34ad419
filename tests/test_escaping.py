"""Untrusted text stays text: quotes, ampersands, `<script>`, `</script>` and `]]>` from
editors' titles, summaries, tags, names and places come out escaped in every HTML spot
that exists (page, <title>, header, meta description, OpenGraph tags, lists, tags).

HTML tags in one-line texts (titles, places, tags, names) are refused with a message
(see tests/bad-input/title-html-script); a summary is free text and shows them as text.
"""

from __future__ import annotations

import json

from pathlib import Path

import pytest
from conftest import run_mkdocs, write
from lxml import html as lxml_html

TITLE = 'Mieten "runter" & Löhne rauf ]]> <3'
SUMMARY = '<script>alert("x")</script> Zitat: "Wir bleiben" & mehr ]]> </script><b>fett</b>'
TAG = 'Wohnen & "Mieten"'
AUTHOR = 'AG "Wohnen" & Co'
LOCATION = 'Saal "Eintracht" & Garten ]]>'
PAGE_DESCRIPTION = 'Über "uns" & unsere </script> Ziele'
PAGE_TITLE = 'Impressum "kurz" & <3'
HEADING_TITLE = 'Datenschutz "kurz" & knapp'


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from conftest import copy_project

    project = copy_project(tmp_path_factory.mktemp("escaping") / "project", with_content=False)
    write(
        project / "bulletins" / "2024" / "2024-05-01-mieten.md",
        f"""---
title: '{TITLE}'
date: 2024-05-01
summary: '{SUMMARY}'
tags: ['{TAG}']
authors: ['{AUTHOR}']
---

Text des Beitrags.
""",
    )
    write(
        project / "bulletins" / "termine" / "2024-06-10-versammlung.md",
        f"""---
title: '{TITLE}'
start: 2024-06-10 19:00
location: '{LOCATION}'
summary: '{SUMMARY}'
---

Text der Ankündigung.
""",
    )
    page = project / "docs" / "impressum.md"  # not in the nav, which would give its own title
    text = page.read_text(encoding="utf-8").replace("title: Impressum", f"title: '{PAGE_TITLE}'\ndescription: '{PAGE_DESCRIPTION}'", 1)
    page.write_text(text, encoding="utf-8")
    page = project / "docs" / "datenschutz.md"  # its title comes from the first heading
    text = page.read_text(encoding="utf-8").replace("---\ntitle: Datenschutz\n---\n", f"# {HEADING_TITLE}\n", 1)
    page.write_text(text, encoding="utf-8")
    build = run_mkdocs(project)
    assert build.ok, build.log
    return build.site


def _page(site: Path, relative: str):
    raw = (site / relative).read_text(encoding="utf-8")
    return raw, lxml_html.fromstring(raw)


def _meta(tree, **attribute: str) -> list[str]:
    (name, value), = attribute.items()
    return tree.xpath(f"//meta[@{name.replace('_', ':')}='{value}']/@content")


def _no_injected_markup(raw: str, tree) -> None:
    # JSON-LD carries the summary as data (checked in test_event_json_ld); any other script must not.
    code = [s for s in tree.iter("script") if s.get("type") != "application/ld+json"]
    assert not any("alert" in (script.text or "") for script in code)
    assert "<b>fett</b>" not in raw
    assert not tree.xpath("//b[text()='fett']")


def test_bulletin_page(site: Path) -> None:
    raw, tree = _page(site, "aktuelles/2024/mieten/index.html")
    _no_injected_markup(raw, tree)
    assert tree.xpath("//article//h1")[0].text_content() == TITLE
    assert tree.findtext(".//title").startswith(TITLE)
    assert _meta(tree, name="description") == [SUMMARY]
    assert _meta(tree, property="og:title") == [TITLE]
    assert _meta(tree, property="og:description") == [SUMMARY]
    assert _meta(tree, property="article:tag") == [TAG]
    assert TAG in [a.text_content() for a in tree.xpath("//a[contains(@class, 'nr-tag')]")]
    assert AUTHOR in tree.xpath("//p[contains(@class, 'nr-bulletin__meta')]")[0].text_content()
    assert "&lt;script&gt;" in raw


@pytest.mark.parametrize("relative", ["aktuelles/index.html", "index.html"])
def test_lists(site: Path, relative: str) -> None:
    raw, tree = _page(site, relative)
    _no_injected_markup(raw, tree)
    card = tree.xpath("//article[contains(@class, 'nr-card')]")[0]
    assert card.xpath(".//*[contains(@class, 'nr-card__title')]")[0].text_content() == TITLE
    assert card.xpath(".//*[contains(@class, 'nr-card__summary')]")[0].text_content() == SUMMARY
    assert card.xpath(".//a[contains(@class, 'nr-card__more')]/@aria-label") == [f"Weiterlesen: {TITLE}"]


@pytest.mark.parametrize("relative", ["aktuelles/2024/index.html", "aktuelles/themen/wohnen-mieten/index.html"])
def test_archive_lists(site: Path, relative: str) -> None:
    raw, tree = _page(site, relative)
    _no_injected_markup(raw, tree)
    assert [a.text_content() for a in tree.xpath("//ul[contains(@class, 'nr-archive')]/li/a")] == [TITLE]


def test_tag_pages(site: Path) -> None:
    for relative in ("aktuelles/themen/index.html", "aktuelles/themen/wohnen-mieten/index.html"):
        raw, tree = _page(site, relative)
        _no_injected_markup(raw, tree)
        assert TAG in [a.text_content().split(" (")[0] for a in tree.xpath("//a[contains(@class, 'nr-tag')]")]


def test_event_notice_page(site: Path) -> None:
    raw, tree = _page(site, "termine/2024/versammlung/index.html")
    _no_injected_markup(raw, tree)
    assert tree.xpath("//article//h1")[0].text_content() == TITLE
    assert tree.xpath("//*[contains(@class, 'nr-event__where')]")[0].text_content() == LOCATION
    assert _meta(tree, name="description") == [SUMMARY]


def test_event_json_ld(site: Path) -> None:
    raw, tree = _page(site, "termine/2024/versammlung/index.html")
    (block,) = tree.xpath("//script[@type='application/ld+json']")
    assert "<" not in block.text  # `</script>` in the data cannot end the block
    data = json.loads(block.text)
    assert data["name"] == TITLE and data["description"] == SUMMARY
    assert data["location"]["name"] == LOCATION or LOCATION in json.dumps(data["location"], ensure_ascii=False)


def test_standing_page_title_and_description(site: Path) -> None:
    raw, tree = _page(site, "impressum/index.html")
    assert _meta(tree, name="description") == [PAGE_DESCRIPTION]
    assert _meta(tree, property="og:description") == [PAGE_DESCRIPTION]
    assert _meta(tree, property="og:title") == [PAGE_TITLE]
    assert tree.findtext(".//title").startswith(PAGE_TITLE)
    assert "</script> Ziele" not in raw


def test_standing_page_title_from_its_heading(site: Path) -> None:
    _, tree = _page(site, "datenschutz/index.html")
    assert _meta(tree, property="og:title") == [HEADING_TITLE]
    assert tree.findtext(".//title").startswith(HEADING_TITLE)
