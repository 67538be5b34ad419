"""The news core as pure functions: slugs, links, teasers, passages, pagination, the plan."""

from __future__ import annotations

import datetime as dt

import pytest

from newsroom.plan import links, news, summary

from newsroom.read import passages
from newsroom.plan.audience import for_audience
from newsroom.read.loader import parse_sources
from newsroom.model import Audience
from newsroom.pages import paginate, url_of
from newsroom.settings import Settings
from newsroom.plan.site import plan_site
from newsroom.slugs import slug_from_filename, slugify

NOW = dt.datetime(2024, 6, 1, 12, tzinfo=dt.timezone.utc)


def settings(**overrides) -> Settings:
    values = dict(audience=Audience.PUBLIC, site_url="https://www.example.org/", site_name="Test", now=NOW, page_size=2)
    values.update(overrides)
    return Settings(**values)


def bulletin(title: str, date: str, *, tags: str = "[]", extra: str = "", body: str = "Text.") -> bytes:
    return f"---\ntitle: {title}\ndate: {date}\ntags: {tags}\n{extra}---\n{body}\n".encode()


@pytest.mark.parametrize(
    "text, slug",
    [
        ("Straßenbau & Ärger", "strassenbau-aerger"),
        ("Über Öl, Äpfel und Grüße!", "ueber-oel-aepfel-und-gruesse"),
        ("  Café  -- Crème  ", "cafe-creme"),
        ("GROSSE STRASSE", "grosse-strasse"),
        ("2024: Jahr der Wahlen", "2024-jahr-der-wahlen"),
    ],
)
def test_slugify_is_german_aware_and_ascii(text, slug):
    assert slugify(text) == slug


def test_slug_from_file_name_drops_the_date_prefix():
    assert slug_from_filename("2024-01-23-sofortinfo-stadtvorstand") == "sofortinfo-stadtvorstand"
    assert slug_from_filename("ohne-datum") == "ohne-datum"


def test_duplicate_slugs_are_an_error_naming_both_files():
    content, errors = parse_sources(
        {
            "bulletins/a/2024-01-01-treffen.md": bulletin("Eins", "2024-01-01"),
            "bulletins/b/2024-03-01-treffen.md": bulletin("Zwei", "2024-03-01"),
        },
        {},
    )
    assert len(errors) == 2
    for error in errors:
        other = "bulletins/b/" if error.path.startswith("bulletins/a/") else "bulletins/a/"
        assert other in error.message and "dieselbe Adresse" in error.message and error.key == "slug"


def test_same_slug_in_different_years_is_fine():
    content, errors = parse_sources(
        {
            "bulletins/2023-12-01-treffen.md": bulletin("Eins", "2023-12-01"),
            "bulletins/2024-12-01-treffen.md": bulletin("Zwei", "2024-12-01"),
        },
        {},
    )
    assert errors == []
    assert [b.key for b in content.bulletins] == ["2024/treffen", "2023/treffen"]


def test_every_error_of_all_files_is_collected():
    content, errors = parse_sources(
        {
            "bulletins/a.md": b"---\ntitle: A\n---\n",
            "bulletins/b.md": b"---\ndate: 2024-01-01\nfoo: 1\n---\n",
            "bulletins/c.md": b"kein vorspann",
        },
        {},
    )
    assert sorted({e.path for e in errors}) == ["bulletins/a.md", "bulletins/b.md", "bulletins/c.md"]
    assert len(errors) == 4


def test_passages_cut_for_the_public_and_marked_for_members():
    text = "Vorher.\n\n/// members\nGeheim.\n\n/// members\nTiefer.\n///\n///\n\nNachher."
    public = passages.cut(text, Audience.PUBLIC)
    assert "Geheim" not in public and "Tiefer" not in public and "///" not in public
    assert public.startswith("Vorher.") and public.rstrip().endswith("Nachher.")
    members = passages.cut(text, Audience.MEMBERS)
    assert "Geheim." in members and "Tiefer." in members
    assert members.count("/// admonition | Nur für Mitglieder") == 1  # inner passage adds no second box
    assert members.count("\n///") == 2  # the admonition's opening and closing lines


@pytest.mark.parametrize(
    "text, line, fragment",
    [
        ("a\n/// members\nb", 2, "nicht geschlossen"),
        ("a\n///\n", 2, "nie geöffnet"),
        ("/// details | x\nb\n///", 1, "Unbekannter Abschnitt „/// details“"),
        ("```\n/// members\ncode\n", 2, "nicht geschlossen"),
    ],
)
def test_passage_problems_have_lines(text, line, fragment):
    problems = passages.find_problems(text)
    assert problems and problems[0].line == line and fragment in problems[0].message


def test_links_to_source_files_point_to_their_pages():
    pages = {"docs/kontakt.md": "kontakt.md", "bulletins/2024/2024-01-23-x.md": "aktuelles/2024/x.md"}
    text = "[K](../../docs/kontakt.md#adresse) [X](2024-01-23-x.md) [W](https://example.org/a.md) [M](mailto:a@b.c)\n[ref]: ../../docs/kontakt.md"
    out = links.rewrite(text, "bulletins/2024/2024-05-01-y.md", "aktuelles/2024/y.md", pages)
    assert "[K](../../kontakt.md#adresse)" in out
    assert "[X](x.md)" in out  # both pages are built in aktuelles/2024/
    assert "(https://example.org/a.md)" in out and "(mailto:a@b.c)" in out
    assert "[ref]: ../../kontakt.md" in out


def test_teaser_is_the_first_paragraph_as_plain_text():
    body = "## Überschrift\n\nDer **erste** Absatz mit [Link](x.md)\nüber zwei Zeilen.\n\nZweiter."
    assert summary.teaser(None, body) == "Der erste Absatz mit Link über zwei Zeilen."
    assert summary.teaser("Eigene *Zusammenfassung*", body) == "Eigene Zusammenfassung"
    assert summary.teaser(None, "Wort " * 200).endswith(" …")


def test_pagination_urls_and_neighbours():
    pages = paginate("aktuelles", list(range(5)), 2)
    assert [src for src, _, _ in pages] == ["aktuelles/index.md", "aktuelles/seite/2.md", "aktuelles/seite/3.md"]
    first, middle, last = (p for _, _, p in pages)
    assert first.previous is None and first.next.url == "aktuelles/seite/2/"
    assert middle.previous.url == "aktuelles/" and middle.next.url == "aktuelles/seite/3/"
    assert last.next is None and last.total == 3
    many = [p for _, _, p in paginate("a", list(range(100)), 2)]  # 50 pages
    assert [link and link.number for link in many[24].window()] == [1, None, 23, 24, 25, 26, 27, None, 50]
    assert [link and link.number for link in many[0].window()] == [1, 2, 3, None, 50]
    assert [link.number for link in last.window()] == [1, 2, 3]
    assert paginate("x", [], 10)[0][0] == "x/index.md"  # an empty list still has its page
    assert url_of("index.md") == "" and url_of("a/b.md") == "a/b/"


def _content():
    files = {
        "bulletins/2024-01-01-a.md": bulletin("A", "2024-01-01", tags="[Stadtvorstand, Straßenbau]"),
        "bulletins/2024-02-01-b.md": bulletin("B", "2024-02-01", tags="[stadtvorstand]"),
        "bulletins/2023-05-01-c.md": bulletin("C", "2023-05-01 19:00", tags="[Krankenhaus]"),
        "bulletins/2024-03-01-d.md": bulletin("D", "2024-03-01", extra="audience: members\n", tags="[Intern]"),
        "bulletins/2024-04-01-e.md": bulletin("E", "2024-04-01", extra="draft: true\n"),
    }
    content, errors = parse_sources(files, {})
    assert errors == []
    return content


def test_news_plan_lists_newest_first_with_archive_tags_and_neighbours():
    plan = plan_site(_content(), settings())
    by_src = {p.src_uri: p for p in plan.pages}
    bulletin_pages = [p for p in plan.pages if p.template == "bulletin.html"]
    assert [p.title for p in bulletin_pages] == ["B", "A", "C"]  # no member item, no draft
    assert by_src["aktuelles/2024/b.md"].context["older"].title == "A"
    assert by_src["aktuelles/2024/b.md"].context["newer"] is None
    assert [c.title for c in by_src["aktuelles/index.md"].context["cards"]] == ["B", "A"]
    assert [c.title for c in by_src["aktuelles/seite/2.md"].context["cards"]] == ["C"]
    assert [(y, n) for y, n, _ in by_src["aktuelles/index.md"].context["years"]] == [(2024, 2), (2023, 1)]
    tags = {ref.slug: (ref.name, count) for ref, count in by_src["aktuelles/index.md"].context["tags"]}
    assert tags == {"krankenhaus": ("Krankenhaus", 1), "stadtvorstand": ("Stadtvorstand", 2), "strassenbau": ("Straßenbau", 1)}
    assert "aktuelles/themen/strassenbau/index.md" in by_src
    assert all(not p.in_search for p in plan.pages if p.template in ("news-list.html", "news-archive.html", "tags.html"))
    assert all(p.in_search for p in bulletin_pages)
    assert by_src["aktuelles/2023/c.md"].context["published"] == "2023-05-01T19:00+02:00"


def test_member_plan_includes_member_bulletins_and_drafts_only_when_asked():
    members = plan_site(_content(), settings(audience=Audience.MEMBERS))
    assert "aktuelles/2024/d.md" in {p.src_uri for p in members.pages}
    serve = plan_site(_content(), settings(include_drafts=True))
    assert "aktuelles/2024/e.md" in {p.src_uri for p in serve.pages}
    assert "aktuelles/2024/d.md" not in {p.src_uri for p in serve.pages}


def test_filter_drops_member_events_of_public_bulletins():
    files = {
        "bulletins/x.md": b"---\ntitle: X\ndate: 2024-01-01\nevents:\n  - title: Offen\n    start: 2024-02-01\n"
        b"  - title: Intern\n    start: 2024-02-02\n    audience: members\n---\n"
    }
    content, errors = parse_sources(files, {})
    assert errors == []
    public = for_audience(content, Audience.PUBLIC)
    assert [e.title for e in public.events] == ["Offen"]
    assert [e.title for e in for_audience(content, Audience.MEMBERS).events] == ["Offen", "Intern"]


def test_aktuelles_stops_after_list_pages_and_points_to_the_archive():
    files = {f"bulletins/2024-0{n}-01-b{n}.md": bulletin(f"B{n}", f"2024-0{n}-01") for n in range(1, 8)}
    content, errors = parse_sources(files, {})
    assert errors == []
    later = dt.datetime(2024, 8, 1, tzinfo=dt.timezone.utc)  # after B7's date: none is planned
    by_src = {p.src_uri: p for p in plan_site(content, settings(page_size=2, list_pages=3, now=later)).pages}
    stream = [by_src[s] for s in ("aktuelles/index.md", "aktuelles/seite/2.md", "aktuelles/seite/3.md")]
    assert [c.title for p in stream for c in p.context["cards"]] == ["B7", "B6", "B5", "B4", "B3", "B2"]
    assert "aktuelles/seite/4.md" not in by_src
    assert all(p.context["more_in_archive"] for p in stream)
    archive = by_src["aktuelles/2024/index.md"]  # every bulletin, B1 included
    assert [c.title for _, cards in archive.context["groups"] for c in cards] == [f"B{n}" for n in range(7, 0, -1)]
    short = {p.src_uri: p for p in plan_site(content, settings(page_size=10)).pages}
    assert short["aktuelles/index.md"].context["more_in_archive"] is False
