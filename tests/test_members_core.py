"""The member build's rules in the pure core: no MkDocs, no disk."""

from __future__ import annotations

import datetime as dt

import pytest

from newsroom.check import member_links, member_nav

from newsroom.write import robots

from newsroom.read import variants
from newsroom.plan.audience import is_member_docs_path, keeps_docs_file
from newsroom.read.body_rules import find_problems
from newsroom.read.loader import parse_sources
from newsroom.model import Audience
from newsroom.settings import Settings


def parsed(bulletins: dict[str, str] | None = None, pages: dict[str, str] | None = None):
    content, errors = parse_sources(
        {path: text.encode() for path, text in (bulletins or {}).items()},
        {path: text.encode() for path, text in (pages or {}).items()},
    )
    assert errors == []
    return content


def bulletin(body: str, audience: str = "public", title: str = "Bericht") -> str:
    return f"---\ntitle: {title}\ndate: 2024-02-01\naudience: {audience}\n---\n\n{body}\n"


PAGES = {
    "index.md": "---\ntitle: Start\n---\n\nWillkommen.\n",
    "mitglieder/index.md": "---\ntitle: Intern\n---\n\nNur für uns.\n",
    "mitglieder/protokolle.md": "---\ntitle: Protokolle\n---\n\nProtokolle.\n",
    "kasse.md": "---\ntitle: Kasse\naudience: members\n---\n\nZahlen.\n",
}
MEMBER_BULLETIN = {"bulletins/2024/2024-01-05-intern.md": bulletin("Intern.", "members", "Intern")}
EVENTS = """---
title: Termine
date: 2024-01-10
events:
  - title: Infostand
    start: 2024-02-03
  - title: Klausur
    start: 2024-02-10
    audience: members
---

Unsere Termine.
"""


def link_problems(body: str, *, path: str = "bulletins/2024/2024-02-01-bericht.md", assets=frozenset()):
    content = parsed({path: bulletin(body), **MEMBER_BULLETIN, "bulletins/2024/2024-01-10-termine.md": EVENTS}, PAGES)
    return member_links.problems(content, frozenset(assets))


# --- Markdown that would bypass the passage cutter -------------------------------------


@pytest.mark.parametrize(
    "line",
    ["<!-- intern: Kasse leer -->", "Text <!-- Notiz", "--8<-- \"docs/mitglieder/protokolle.md\"", "--8<--", ";--8<-- \"x.md\"", "-8<- x.md"],
)
def test_comments_and_snippet_includes_are_errors_with_their_line(line):
    problems = find_problems(f"Erster Absatz.\n\n{line}\n")
    assert [problem.line for problem in problems] == [3]
    assert "nicht erlaubt" in problems[0].message


def test_comment_in_a_bulletin_is_reported_at_its_file_line():
    text = "---\ntitle: X\ndate: 2024-02-01\n---\n\nText.\n\n<!-- geheim -->\n"
    _, errors = parse_sources({"bulletins/x.md": text.encode()}, {})
    assert [(e.path, e.line) for e in errors] == [("bulletins/x.md", 8)]
    assert "HTML-Kommentare" in errors[0].message


def test_comment_and_snippet_in_a_standing_page_are_reported():
    _, errors = parse_sources({}, {"kontakt.md": b"---\ntitle: K\n---\n\n--8<-- \"a.md\"\n<!-- x -->\n"})
    assert [(e.path, e.line) for e in errors] == [("docs/kontakt.md", 5), ("docs/kontakt.md", 6)]


def test_ordinary_markdown_is_no_problem():
    assert find_problems("# Titel\n\nEin Pfeil -> und <b>fett</b>, 8 < 9.\n\n/// members\nIntern.\n///\n") == []


# --- Public links to member content ------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        "Siehe [Protokolle](../../docs/mitglieder/protokolle.md).",
        "Siehe [Kasse](../../docs/kasse.md#stand).",
        "Siehe [Intern](2024-01-05-intern.md).",
        "Siehe [Intern][r].\n\n[r]: 2024-01-05-intern.md",
        "Siehe [hier](/mitglieder/protokolle/).",
        "Siehe [hier](../../mitglieder/).",
        "Siehe [hier](../intern/).",
        "Siehe [hier](../../kasse/).",
        'Siehe <a href="/aktuelles/2024/intern/">hier</a>.',
        "Plan: ![Plan](../../docs/mitglieder/plan.png)",
        "Plan: [PDF](/mitglieder/haushalt%202024.pdf)",
    ],
)
def test_public_text_linking_to_member_content_is_an_error(body):
    problems = link_problems(f"Öffentlich.\n\n{body}\n")
    assert len(problems) == 1
    problem = problems[0]
    # File line 9 is the body's first line; a reference definition stands two lines lower.
    assert (problem.path, problem.line) == ("bulletins/2024/2024-02-01-bericht.md", 9 + body.count("\n"))
    assert "nur für Mitglieder" in problem.message and "/// members" in problem.message


@pytest.mark.parametrize(
    "body",
    [
        "Siehe [Kontakt](../../docs/index.md) und [Aktuelles](/aktuelles/).",
        "/// members\nSiehe [Protokolle](../../docs/mitglieder/protokolle.md).\n///",
        "/// members\nVorab:\n\n/// members\n[Intern](2024-01-05-intern.md)\n///\n///",
        "Siehe [Mitglied werden](../../docs/mitglied-werden.md) und https://intern.example.org/mitglieder/.",
        "[Start](#mitglieder) und [Mail](mailto:mitglieder@example.org)",
    ],
)
def test_member_passages_and_public_targets_may_be_linked(body):
    assert link_problems(body) == []


def test_pages_and_calendar_files_of_member_events_are_member_only():
    events = {e.title: e.key for e in parsed({"bulletins/2024/2024-01-10-termine.md": EVENTS}).events}
    public, member = events["Infostand"], events["Klausur"]
    for link in (f"[ICS](/termine/{member}.ics)", f"[Seite](../../termine/{member}/)"):
        assert len(link_problems(link)) == 1, link
    assert link_problems(f"[ICS](/termine/{public}.ics) und [Seite](../../termine/{public}/)") == []


def test_member_pages_may_link_to_each_other():
    pages = {**PAGES, "mitglieder/index.md": "---\ntitle: Intern\n---\n\n[Kasse](../kasse.md), [P](protokolle.md)\n"}
    assert member_links.problems(parsed(MEMBER_BULLETIN, pages)) == []


def test_a_public_standing_page_linking_a_member_page_is_an_error():
    pages = {**PAGES, "index.md": "---\ntitle: Start\n---\n\nZu den [Protokollen](mitglieder/protokolle.md).\n"}
    problems = member_links.problems(parsed({}, pages))
    assert [(p.path, p.line) for p in problems] == [("docs/index.md", 5)]


def test_a_file_used_only_in_member_text_must_live_in_the_member_folder():
    body = "Öffentlich.\n\n/// members\n![Kassenstand](../../docs/assets/kasse.png)\n///"
    problems = link_problems(body, assets={"assets/kasse.png", "mitglieder/plan.png"})
    assert [(p.path, p.line) for p in problems] == [("bulletins/2024/2024-02-01-bericht.md", 10)]
    assert "docs/assets/kasse.png" in problems[0].message and "docs/mitglieder/" in problems[0].message


def test_a_file_used_in_public_text_too_is_public_anyway():
    body = "![Logo](../../docs/assets/logo.png)\n\n/// members\n![Logo](../../docs/assets/logo.png)\n///"
    assert link_problems(body, assets={"assets/logo.png"}) == []


def test_member_files_in_the_member_folder_are_fine():
    body = "/// members\n![Plan](../../docs/mitglieder/plan.png)\n///"
    assert link_problems(body, assets={"mitglieder/plan.png"}) == []


def test_split_lines_follows_the_cutter_with_nesting():
    public, member = member_links.split_lines("a\n\n/// members\nb\n/// members\nc\n///\n///\nd")
    assert public == [(1, "a"), (2, ""), (9, "d")]
    assert member == [(4, "b"), (6, "c")]


def test_stem_normalises_pages_and_urls():
    assert {member_links.stem(p) for p in ("a/b.md", "a/b/", "/a/b/index.html", "a/b/index.md")} == {"a/b"}
    assert member_links.stem("index.md") == member_links.stem("/") == ""


# --- Member folder and files ------------------------------------------------------------


@pytest.mark.parametrize("path", ["mitglieder/index.md", "Mitglieder/plan.pdf", "/mitglieder/a/b.png", "MITGLIEDER/x"])
def test_member_folder_in_any_spelling_of_case(path):
    assert is_member_docs_path(path)
    assert not keeps_docs_file(path, Audience.PUBLIC)
    assert keeps_docs_file(path, Audience.MEMBERS)


@pytest.mark.parametrize("path", ["mitglied-werden.md", "assets/mitglieder.png", "mitgliederversammlung/x.pdf"])
def test_other_files_are_public(path):
    assert not is_member_docs_path(path)
    assert keeps_docs_file(path, Audience.PUBLIC)


def test_a_page_in_a_differently_cased_member_folder_is_member_only():
    content = parsed({}, {"Mitglieder/geheim.md": "---\ntitle: G\n---\n\nText.\n"})
    assert content.pages[0].audience is Audience.MEMBERS


# --- Navigation -------------------------------------------------------------------------

NAV = [{"Start": "index.md"}, {"Aktuelles": "aktuelles/index.md"}]


def test_member_build_gets_a_member_section_with_index_first():
    nav = member_nav.with_member_section(NAV, parsed(MEMBER_BULLETIN, PAGES))
    assert nav == [*NAV, {"Mitglieder": ["kasse.md", "mitglieder/index.md", "mitglieder/protokolle.md"]}]


def test_member_section_does_not_repeat_named_pages_and_keeps_an_automatic_nav():
    content = parsed({}, PAGES)
    nav = member_nav.with_member_section([*NAV, {"Intern": ["mitglieder/index.md", "kasse.md"]}], content)
    assert nav[-1] == {"Mitglieder": ["mitglieder/protokolle.md"]}
    assert member_nav.with_member_section(None, content) is None


@pytest.mark.parametrize(
    "entry",
    ["mitglieder/protokolle.md", "kasse.md", "/mitglieder/", "aktuelles/2024/intern.md", "Mitglieder/index.md"],
)
def test_public_nav_naming_a_member_page_is_an_error(entry):
    content = parsed(MEMBER_BULLETIN, PAGES)
    text = "nav:\n  - Start: index.md\n  - Intern: " + entry + "\n"
    problems = member_nav.nav_problems([*NAV, {"Intern": entry}], member_links.member_space(content), "mkdocs.yml", text)
    assert [(p.path, p.line, p.key) for p in problems] == [("mkdocs.yml", 3, "nav")]
    assert entry in problems[0].message


def test_public_nav_with_public_pages_and_links_is_fine():
    content = parsed(MEMBER_BULLETIN, PAGES)
    nav = [*NAV, {"Intern": "https://intern.example.org/mitglieder/"}, {"Mehr": ["mitglied-werden.md"]}]
    assert member_nav.nav_problems(nav, member_links.member_space(content), "mkdocs.yml") == []


# --- Build variants ---------------------------------------------------------------------

LINES = {"site_dir": 4, "site_url": 3, variants.AUDIENCE_KEY: 9}


def config(path="mkdocs.members.yml", site_dir="/p/site-members", site_url="https://intern.example.org/"):
    return variants.BuildConfig(path, site_dir, site_url, LINES)


PUBLIC = variants.BuildConfig("mkdocs.yml", "/p/site", "https://www.example.org/")


@pytest.mark.parametrize("value, expected", [(None, Audience.PUBLIC), ("public", Audience.PUBLIC), ("members", Audience.MEMBERS)])
def test_the_two_variants(value, expected):
    assert variants.audience_of(value, config()) == (expected, [])


@pytest.mark.parametrize("value", ["member", "Members", "mitglieder", "intern", "", True, ["members"]])
def test_any_other_variant_is_a_german_error_naming_file_line_and_key(value):
    audience, errors = variants.audience_of(value, config())
    assert audience is None
    assert [(e.path, e.line, e.key) for e in errors] == [("mkdocs.members.yml", 9, "extra.newsroom.audience")]
    assert "erwartet „public“" in errors[0].message and "gefunden" in errors[0].message


def test_separate_folders_and_addresses_pass():
    assert variants.separation_problems(config(), PUBLIC) == []
    assert variants.separation_problems(config(site_url="https://www.example.org:8443/"), PUBLIC) == []


@pytest.mark.parametrize("site_dir", ["/p/site", "/p/site/", "/p/site/intern", "/p"])
def test_member_build_into_the_public_folder_is_an_error(site_dir):
    errors = variants.separation_problems(config(site_dir=site_dir), PUBLIC)
    assert [(e.line, e.key) for e in errors] == [(4, "site_dir")]


@pytest.mark.parametrize("site_url", [None, "", "https://www.example.org/", "https://WWW.example.org", "https://www.example.org/intern/"])
def test_member_build_without_an_address_of_its_own_is_an_error(site_url):
    errors = variants.separation_problems(config(site_url=site_url), PUBLIC)
    assert [(e.line, e.key) for e in errors] == [(3, "site_url")]


def test_public_site_inside_the_member_address_is_an_error_too():
    public = variants.BuildConfig("mkdocs.yml", "/p/site", "https://example.org/oeffentlich/")
    assert len(variants.separation_problems(config(site_url="https://example.org/"), public)) == 1


def test_snippet_extensions_are_refused():
    errors = variants.extension_problems(["toc", "pymdownx.snippets"], config())
    assert [(e.key, "pymdownx.snippets" in e.message) for e in errors] == [("markdown_extensions", True)]
    assert variants.extension_problems(["toc", "pymdownx.blocks.admonition"], config()) == []


def test_key_lines_of_a_configuration():
    text = "INHERIT: mkdocs.yml\nsite_url: https://x/\n\nextra:\n  other: 1\n  newsroom:\n    audience: members\nmd: !ENV X\n"
    assert variants.key_lines(text, ["site_url", "extra.newsroom.audience", "site_dir"]) == {
        "site_url": 2,
        "extra.newsroom.audience": 7,
    }


# --- robots.txt -------------------------------------------------------------------------


def settings(audience: Audience, site_url: str) -> Settings:
    return Settings(audience, site_url, "Test", dt.datetime(2024, 6, 1, tzinfo=dt.timezone.utc))


def test_robots_txt_of_each_variant():
    public = robots.robots_txt(settings(Audience.PUBLIC, "https://www.example.org/")).decode()
    members = robots.robots_txt(settings(Audience.MEMBERS, "https://intern.example.org/")).decode()
    assert public == "User-agent: *\nAllow: /\n\nSitemap: https://www.example.org/sitemap.xml\n"
    assert members == "User-agent: *\nDisallow: /\n"
