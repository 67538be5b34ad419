"""News feeds: the pure core (newsroom.write.feeds, newsroom.write.feed_html) and real builds.

Every feed is read back with feedparser (bozo must be 0) and with lxml, and asserted
on element by element, as feedgen's own tests do.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
import shutil
from pathlib import Path
from urllib.parse import urljoin

import feedparser
import markdown
import pytest
from lxml import etree
from lxml import html as lxml_html

from photodata import png_bytes
from conftest import EPOCH, run_mkdocs, write
from newsroom.plan import events, news
from newsroom.write import feeds
from newsroom.write.feed_html import for_feed
from newsroom.read.loader import parse_sources
from newsroom.model import BERLIN, Audience, Bulletin, Content, Event, EventStatus, Source
from newsroom.settings import Settings
from newsroom.plan.site import plan_site

SITE = "https://www.example.org/"
NS = {
    "atom": "http://www.w3.org/2005/Atom",
    "content": "http://purl.org/rss/1.0/modules/content/",
    "dc": "http://purl.org/dc/elements/1.1/",
}
TRICKY = "Straßenbau \"B\" & Ärger: <Plan> 'C' 😀 𝄞 Grüße"
# What an editor may put in a title: no tags (validation refuses them), but `<` as text.
TRICKY_TITLE = TRICKY.replace("<Plan>", "Plan <3 >")
# The Markdown extensions of mkdocs.yml that change the HTML a feed must clean up,
# plus content tabs, which editors may enable later.
EXTENSIONS = ["admonition", "toc", "footnotes", "attr_list", "md_in_html", "pymdownx.details", "pymdownx.tabbed", "pymdownx.superfences"]
EXTENSION_CONFIGS = {"toc": {"permalink": True, "permalink_title": "Link zu diesem Abschnitt"}, "pymdownx.tabbed": {"alternate_style": True}}


def settings(**changes) -> Settings:
    values = dict(
        audience=Audience.PUBLIC, site_url=SITE, site_name="Stadtverband Halle (Saale)",
        now=dt.datetime(2024, 6, 1, 12, tzinfo=dt.timezone.utc),
    )
    return Settings(**{**values, **changes})


def bulletin(key: str, date, title: str = "Titel", body: str = "Ein Absatz.", **fields) -> Bulletin:
    slug = key.split("/", 1)[1]
    return Bulletin(key=key, title=title, date=date, slug=slug, source=Source(f"bulletins/{slug}.md"), body=body, **fields)


def notice(key: str, start, announced=None, **fields) -> Event:
    slug = key.split("/", 1)[1]
    values = dict(
        title="Infostand", end=None, location="Marktplatz", online=None, status=EventStatus.SCHEDULED,
        audience=Audience.PUBLIC, slug=slug, body="Wir sind da.",
    )
    return Event(key=key, start=start, source=Source(f"bulletins/termine/{slug}.md"), announced=announced, **{**values, **fields})


def render_markdown(text: str) -> str:
    return markdown.markdown(text, extensions=EXTENSIONS, extension_configs=EXTENSION_CONFIGS)


def rendered_pages(content: Content) -> dict[str, str]:
    """src_uri -> HTML, as MkDocs hands it to on_page_content."""
    pages = {news.bulletin_src_uri(b): b.body for b in content.bulletins}
    pages.update({events.notice_src_uri(e): e.body for e in content.notices})
    return {src_uri: render_markdown(body) for src_uri, body in pages.items()}


def build(content: Content, **changes) -> dict[str, bytes]:
    return feeds.build(content, settings(**changes), rendered_pages(content))


def parsed(xml: bytes):
    result = feedparser.parse(xml)
    assert result.bozo == 0, result.get("bozo_exception")
    return result


def rss_items(xml: bytes) -> list[etree._Element]:
    return etree.fromstring(xml).findall("channel/item")


# --- pure: characters ---------------------------------------------------------------


def test_tricky_characters_survive_once_escaped():
    body = f"Erster Absatz mit {TRICKY.replace('<Plan>', '`<Plan>`')}.\n\nZweiter & letzter Absatz."
    content = Content((bulletin("2024/x", dt.date(2024, 1, 5), title=TRICKY, body=body, summary=TRICKY.replace("<Plan>", "Plan"), authors=("Anna & Ömer",), tags=("Bau & Verkehr",)),))
    out = build(content)
    assert set(out) == {feeds.RSS_PATH, feeds.ATOM_PATH, feeds.tag_feed_path("bau-verkehr")}
    for xml in out.values():
        text = xml.decode("utf-8")
        assert "&amp;amp;" not in text and "&amp;lt;" not in text
        entry = parsed(xml).entries[0]
        assert entry.title == TRICKY
        assert entry.summary == TRICKY.replace("<Plan>", "Plan")
        assert [tag.term for tag in entry.tags] == ["Bau & Verkehr"]
        assert entry.author == "Anna & Ömer"
        html = entry.content[0].value
        assert "😀 𝄞" in html and "<code>&lt;Plan&gt;</code>" in html and "Zweiter &amp; letzter" in html
    rss = etree.fromstring(out[feeds.RSS_PATH])
    assert rss.findtext("channel/item/title") == TRICKY
    assert rss.findtext("channel/item/dc:creator", namespaces=NS) == "Anna & Ömer"
    assert rss.find("channel/item/author") is None  # RSS <author> is for e-mail addresses only


def test_characters_xml_forbids_are_dropped_not_fatal():
    content = Content((bulletin("2024/x", dt.date(2024, 1, 5), title="Vertikal\x0bTab\x00", body="Seiten\x0cumbruch"),))
    for xml in build(content).values():
        entry = parsed(xml).entries[0]
        assert entry.title == "VertikalTab"


# --- pure: dates ---------------------------------------------------------------------


def test_dates_are_berlin_times_with_their_offset():
    winter_day = bulletin("2024/winter", dt.date(2024, 1, 23))
    summer_moment = bulletin("2024/sommer", dt.datetime(2024, 7, 1, 19, 30, tzinfo=BERLIN))
    out = build(Content((summer_moment, winter_day)))
    rss = rss_items(out[feeds.RSS_PATH])
    assert [item.findtext("pubDate") for item in rss] == ["Mon, 01 Jul 2024 19:30:00 +0200", "Tue, 23 Jan 2024 12:00:00 +0100"]
    atom = etree.fromstring(out[feeds.ATOM_PATH])
    assert [e.findtext("atom:published", namespaces=NS) for e in atom.findall("atom:entry", NS)] == [
        "2024-07-01T19:30:00+02:00", "2024-01-23T12:00:00+01:00",
    ]
    entries = parsed(out[feeds.RSS_PATH]).entries
    assert entries[0].published_parsed[:5] == (2024, 7, 1, 17, 30)  # the same moment in UTC


@pytest.mark.parametrize("now", [dt.datetime(2030, 1, 1, tzinfo=dt.timezone.utc), dt.datetime(2000, 1, 1, tzinfo=dt.timezone.utc)])
def test_channel_dates_are_the_newest_item_not_now(now):
    content = Content((bulletin("2024/neu", dt.date(2024, 3, 4)), bulletin("2024/alt", dt.date(2024, 2, 20))))
    out = build(content, now=now)
    channel = etree.fromstring(out[feeds.RSS_PATH]).find("channel")
    assert channel.findtext("pubDate") == channel.findtext("lastBuildDate") == "Mon, 04 Mar 2024 12:00:00 +0100"
    assert etree.fromstring(out[feeds.ATOM_PATH]).findtext("atom:updated", namespaces=NS) == "2024-03-04T12:00:00+01:00"
    assert out == build(content, now=now + dt.timedelta(days=400))


def test_an_empty_feed_is_dated_by_the_build_time_given_not_the_clock():
    out = build(Content(), now=dt.datetime(2024, 6, 1, 12, tzinfo=dt.timezone.utc))
    assert set(out) == {feeds.RSS_PATH, feeds.ATOM_PATH}
    channel = etree.fromstring(out[feeds.RSS_PATH]).find("channel")
    assert channel.findtext("lastBuildDate") == "Sat, 01 Jun 2024 14:00:00 +0200"
    assert parsed(out[feeds.RSS_PATH]).entries == []


# --- pure: identity, order, count ----------------------------------------------------


def test_guid_depends_on_the_key_only():
    first = bulletin("2024/bericht", dt.date(2024, 3, 4), title="Alt", body="Alt.")
    edited = bulletin("2024/bericht", dt.date(2024, 5, 1), title="Neu & besser", body="Ganz neu.", tags=("Presse",))
    guids = [feeds.items(Content((b,)), settings())[0].guid for b in (first, edited)]
    assert guids == ["tag:www.example.org,2024:aktuelles/2024/bericht"] * 2
    moved = feeds.items(Content((first,)), settings(site_url="http://www.example.org/unterordner/"))[0]
    assert moved.guid == guids[0] and moved.url == "http://www.example.org/unterordner/aktuelles/2024/bericht/"
    same_key_notice = notice("2024/bericht", dt.date(2024, 5, 1), announced=dt.date(2024, 3, 1))
    assert feeds.items(Content(notices=(same_key_notice,)), settings())[0].guid == "tag:www.example.org,2024:termine/2024/bericht"


def test_items_are_newest_first_and_capped():
    many = tuple(bulletin(f"2024/b{n:02d}", dt.date(2024, 1, 1) + dt.timedelta(days=n)) for n in range(25))
    content = Content(tuple(reversed(many)))
    rss = rss_items(build(content)[feeds.RSS_PATH])
    assert len(rss) == 20
    assert [item.findtext("link") for item in rss] == [f"{SITE}aktuelles/2024/b{n:02d}/" for n in range(24, 4, -1)]
    assert len(rss_items(build(content, feed_items=3)[feeds.RSS_PATH])) == 3
    atom = etree.fromstring(build(content, feed_items=3)[feeds.ATOM_PATH])
    assert len(atom.findall("atom:entry", NS)) == 3


def test_same_day_moments_sort_by_time():
    morning = bulletin("2024/morgens", dt.datetime(2024, 3, 4, 9, 0, tzinfo=BERLIN))
    evening = bulletin("2024/abends", dt.datetime(2024, 3, 4, 20, 0, tzinfo=BERLIN))
    rss = rss_items(build(Content((morning, evening)))[feeds.RSS_PATH])
    assert [item.findtext("link").rsplit("/", 2)[1] for item in rss] == ["abends", "morgens"]


def test_one_feed_per_tag_with_its_bulletins_and_notices():
    content = Content((
        bulletin("2024/a", dt.date(2024, 3, 1), tags=("Stadtvorstand", "Presse")),
        bulletin("2024/b", dt.date(2024, 2, 1), tags=("stadtvorstand",)),  # same tag, other spelling
        bulletin("2024/c", dt.date(2024, 1, 1), tags=("Krankenhaus",)),
    ), notices=(notice("2024/infostand", dt.date(2024, 4, 1), announced=dt.date(2024, 3, 2), tags=("Stadtvorstand",)),))
    out = build(content)
    assert set(out) == {feeds.RSS_PATH, feeds.ATOM_PATH, *(feeds.tag_feed_path(s) for s in ("stadtvorstand", "presse", "krankenhaus"))}
    assert set(out) == set(feeds.paths(content))
    board = etree.fromstring(out[feeds.tag_feed_path("stadtvorstand")]).find("channel")
    # Event notices are in the feeds of their topics too (issue 18), by their announcement.
    assert [i.findtext("link") for i in board.findall("item")] == [
        f"{SITE}termine/2024/infostand/", f"{SITE}aktuelles/2024/a/", f"{SITE}aktuelles/2024/b/",
    ]
    assert board.findtext("link") == f"{SITE}aktuelles/themen/stadtvorstand/"
    assert board.find("atom:link[@rel='self']", NS).get("href") == f"{SITE}feeds/themen/stadtvorstand.xml"
    assert "Stadtvorstand" in board.findtext("title")
    assert feeds.links(content).tags == {s: feeds.tag_feed_path(s) for s in ("krankenhaus", "presse", "stadtvorstand")}


# --- pure: channel -------------------------------------------------------------------


def test_channel_fields_and_stylesheet_instruction():
    out = build(Content((bulletin("2024/a", dt.date(2024, 3, 1), tags=("Presse",)),)))
    for path, xml in out.items():
        document = etree.fromstring(xml).getroottree()
        instruction = document.getroot().getprevious()
        assert isinstance(instruction, etree._ProcessingInstruction) and instruction.target == "xml-stylesheet"
        href = instruction.get("href")
        assert posixpath.normpath(posixpath.join(posixpath.dirname(path), href)) == feeds.STYLESHEET_PATH
        assert instruction.get("type") == "text/css"  # no XSLT: Chromium is removing it (issue 18)
        assert b"None" not in xml
    channel = etree.fromstring(out[feeds.RSS_PATH]).find("channel")
    assert channel.findtext("language") == "de-DE"
    assert channel.findtext("link") == f"{SITE}aktuelles/"
    assert channel.findtext("description").startswith("Neuigkeiten")
    assert channel.find("atom:link[@rel='self']", NS).get("href") == f"{SITE}feeds/rss.xml"
    atom = etree.fromstring(out[feeds.ATOM_PATH])
    assert atom.find("atom:link[@rel='self']", NS).get("href") == f"{SITE}feeds/atom.xml"
    assert atom.get("{http://www.w3.org/XML/1998/namespace}lang") == "de-DE"


# --- pure: event notices -------------------------------------------------------------


def test_event_notices_are_items_dated_by_their_announcement():
    cancelled = notice(
        "2026/infostand", dt.datetime(2026, 12, 5, 11, tzinfo=BERLIN), announced=dt.date(2026, 11, 23),
        status=EventStatus.CANCELLED, summary="Der Stand fällt aus.", tags=("Infostand",),
    )
    undated = notice("2027/empfang", dt.date(2027, 1, 15), title="Neujahrsempfang", online="https://meet.example.org/x", location=None)
    news_item = bulletin("2026/bericht", dt.date(2026, 11, 24))
    out = build(Content((news_item,), notices=(cancelled, undated)))
    entries = parsed(out[feeds.RSS_PATH]).entries
    assert [e.link for e in entries] == [f"{SITE}termine/2027/empfang/", f"{SITE}aktuelles/2026/bericht/", f"{SITE}termine/2026/infostand/"]
    stand = entries[2]
    assert stand.published == "Mon, 23 Nov 2026 12:00:00 +0100"
    assert stand.summary == "Termin (abgesagt): Sa., 5. Dezember 2026, 11:00 Uhr · Marktplatz – Der Stand fällt aus."
    assert "<strong>Termin (abgesagt): Sa., 5. Dezember 2026, 11:00 Uhr · Marktplatz</strong>" in stand.content[0].value
    assert stand.id == "tag:www.example.org,2026:termine/2026/infostand"
    assert entries[0].published == "Fri, 15 Jan 2027 12:00:00 +0100"  # no `date`: its start
    assert entries[0].summary.startswith("Termin: Fr., 15. Januar 2027 · online – ")


# --- pure: audience ------------------------------------------------------------------


MARKER = "GEHEIM7731"
SOURCES = {
    "bulletins/2024/2024-03-01-oeffentlich.md": (
        "---\ntitle: Öffentlich\ndate: 2024-03-01\ntags: [Presse]\nevents:\n"
        "  - {title: Stammtisch, start: 2024-03-08 19:00, location: Kneipe}\n"
        f"  - {{title: Vorstand {MARKER}, start: 2024-03-09, audience: members}}\n"
        f"---\n\nFür alle.\n\n/// members\n{MARKER} Passage\n///\n"
    ),
    "bulletins/2024/2024-03-02-intern.md": f"---\ntitle: Intern {MARKER}\ndate: 2024-03-02\naudience: members\ntags: [Presse, Intern{MARKER}]\n---\n\n{MARKER} Text\n",
    "bulletins/termine/2024-04-01-kasse.md": f"---\ntitle: Kasse {MARKER}\ndate: 2024-03-03\nstart: 2024-04-01 17:00\naudience: members\n---\n\n{MARKER}\n",
}


def test_public_feeds_are_made_from_the_filtered_content_only():
    content, errors = parse_sources({k: v.encode() for k, v in SOURCES.items()}, {})
    assert not errors
    plan = plan_site(content, settings())
    rendered = {page.src_uri: render_markdown(page.markdown) for page in plan.pages}
    out = feeds.build(plan.content, plan.settings, rendered)
    assert set(out) == {feeds.RSS_PATH, feeds.ATOM_PATH, feeds.tag_feed_path("presse")}
    for xml in out.values():
        assert MARKER.encode() not in xml
        assert [e.title for e in parsed(xml).entries] == ["Öffentlich"]
        assert "<li>Stammtisch: Fr., 8. März 2024, 19:00 Uhr · Kneipe</li>" in parsed(xml).entries[0].content[0].value
    # The member site's feeds (same code, other audience) do carry them: the filter decides.
    members = plan_site(content, settings(audience=Audience.MEMBERS))
    rendered = {page.src_uri: render_markdown(page.markdown) for page in members.pages}
    assert MARKER.encode() in feeds.build(members.content, members.settings, rendered)[feeds.RSS_PATH]


# --- pure: HTML for feed readers -----------------------------------------------------

PAGE = f"{SITE}aktuelles/2024/x/"


def fragment(markdown_text: str) -> lxml_html.HtmlElement:
    return lxml_html.fragment_fromstring(for_feed(render_markdown(markdown_text), PAGE))


def test_links_and_images_become_absolute():
    root = fragment(
        "## Kopf\n\n[Termin](../../../termine/2024/x/) [Anker](#kopf) [extern](https://example.com/a?b=1&c=2) "
        "[Post](mailto:info@example.org) ![Bild](../../../assets/a.png) <img src=\"b.png\" srcset=\"b.png 1x, ../c.png 2x\">\n\nText[^1]\n\n[^1]: Fußnote."
    )
    targets = root.xpath("//@href | //@src")
    assert targets and all(t.startswith(("https://", "mailto:")) for t in targets)
    assert f"{SITE}termine/2024/x/" in targets and f"{PAGE}#kopf" in targets and f"{SITE}assets/a.png" in targets
    assert "https://example.com/a?b=1&c=2" in targets and "mailto:info@example.org" in targets
    assert root.xpath("//img[@srcset]/@srcset") == [f"{PAGE}b.png 1x, {SITE}aktuelles/2024/c.png 2x"]


def test_permalinks_are_removed_headings_kept():
    root = fragment("## Kopf & Fuß\n\nText.")
    assert root.xpath("//h2")[0].text_content() == "Kopf & Fuß"
    assert not root.xpath("//a") and "¶" not in lxml_html.tostring(root, encoding="unicode")


@pytest.mark.parametrize("source", [
    '!!! warning "Achtung & Vorsicht"\n    Der Text.\n\nDanach.',
    '??? warning "Achtung & Vorsicht"\n    Der Text.\n\nDanach.',
])
def test_admonitions_become_quotes_with_a_bold_title(source):
    root = fragment(source)
    quote = root.xpath("//blockquote")[0]
    assert quote.attrib == {}
    assert [child.tag for child in quote] == ["p", "p"]
    assert quote[0][0].tag == "strong" and quote[0].text_content() == "Achtung & Vorsicht"
    assert quote[1].text_content() == "Der Text."
    assert root.xpath("//blockquote/following-sibling::p")[0].text == "Danach."
    assert not root.xpath("//details | //summary | //*[@class]")


@pytest.mark.parametrize("alternate", [True, False])
def test_content_tabs_become_sections_in_a_row(alternate):
    text = '=== "Vor Ort"\n    Im Saal.\n\n=== "Online"\n    Im [Stream](../s/).\n'
    html = markdown.markdown(text, extensions=["pymdownx.tabbed"], extension_configs={"pymdownx.tabbed": {"alternate_style": alternate}})
    root = lxml_html.fragment_fromstring(for_feed(html, PAGE))
    assert not root.xpath("//input | //label")
    tabs = root[0]
    assert tabs.attrib == {} and [child.tag for child in tabs] == ["p", "div", "p", "div"]
    assert [child.text_content().strip() for child in tabs] == ["Vor Ort", "Im Saal.", "Online", "Im Stream."]
    assert [tabs[0][0].tag, tabs[2][0].tag] == ["strong", "strong"]
    assert root.xpath("//a/@href") == [f"{SITE}aktuelles/2024/s/"]


def test_html_comments_are_left_out():
    root = fragment("Vorher <!-- Notiz: noch prüfen --> nachher.")
    assert "Notiz" not in lxml_html.tostring(root, encoding="unicode")
    assert root.text_content().split() == ["Vorher", "nachher."]


def test_lead_line_comes_first_dates_last():
    root = lxml_html.fragment_fromstring(for_feed("Vorweg <p>Text</p>", PAGE, lead="Termin: heute", dates=("A & B: morgen", "C: <bald>")))
    assert root[0].text_content() == "Termin: heute" and root[0][0].tag == "strong"
    assert root[0].tail == "Vorweg "
    assert [child.tag for child in root] == ["p", "p", "h2", "ul"]
    assert root[2].text == "Termine" and [li.text for li in root[3]] == ["A & B: morgen", "C: <bald>"]


# --- real builds ---------------------------------------------------------------------


def head_feed_links(page: Path, kind: str = "application/rss+xml") -> list[str]:
    tree = lxml_html.parse(str(page))
    return tree.xpath(f"//head/link[@rel='alternate'][@type='{kind}']/@href")


def site_file(site: Path, page: Path, href: str) -> Path:
    """A link of a built page, resolved to the file in the site folder."""
    page_url = SITE + page.relative_to(site).as_posix()
    url = urljoin(page_url, href)
    assert url.startswith(SITE), url
    return site / url[len(SITE):]


def feed_paths_of(site: Path) -> list[Path]:
    return sorted((site / "feeds").rglob("*.xml"))


def items_by_guid(xml: bytes) -> dict[str, bytes]:
    return {item.findtext("guid"): etree.tostring(item) for item in rss_items(xml)}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    from conftest import copy_project

    project = copy_project(tmp_path_factory.mktemp("feeds") / "project")
    result = run_mkdocs(project)
    assert result.ok, result.log
    return project, result


def test_every_page_links_the_feeds_that_exist(built):
    _, result = built
    pages = sorted(result.site.rglob("*.html"))
    assert len(pages) > 20
    for page in pages:
        rss, atom = head_feed_links(page), head_feed_links(page, "application/atom+xml")
        assert len(rss) >= 1 and len(atom) == 1, page
        if page.name == "404.html":
            continue  # served at any address: its links start at the site root
        assert site_file(result.site, page, rss[0]) == result.site / feeds.RSS_PATH
        assert site_file(result.site, page, atom[0]) == result.site / feeds.ATOM_PATH
    # The footer leads to the page "Abonnieren", which links every feed (issue 18).
    footer = lxml_html.parse(str(result.site / "index.html")).xpath("//footer//a[normalize-space()='Abonnieren']/@href")
    assert footer == ["abonnieren/"]
    subscribe = lxml_html.parse(str(result.site / "abonnieren/index.html")).xpath("//article//a/@href")
    assert "../feeds/rss.xml" in subscribe and "../feeds/atom.xml" in subscribe


def test_tag_pages_link_their_own_feed(built):
    _, result = built
    tag_pages = sorted((result.site / "aktuelles/themen").glob("*/index.html"))
    assert len(tag_pages) >= 5
    for page in tag_pages:
        slug = page.parent.name
        links = [site_file(result.site, page, href) for href in head_feed_links(page)]
        assert result.site / feeds.tag_feed_path(slug) in links
        visible = lxml_html.parse(str(page)).xpath("//a[contains(., 'RSS-Feed abonnieren')]/@href")
        assert [site_file(result.site, page, href) for href in visible] == [result.site / feeds.tag_feed_path(slug)]


def test_built_feeds_are_valid_and_complete(built):
    _, result = built
    paths = feed_paths_of(result.site)
    assert result.site / feeds.RSS_PATH in paths and result.site / feeds.ATOM_PATH in paths
    assert result.site / feeds.tag_feed_path("stadtvorstand") in paths
    for path in paths:
        xml = path.read_bytes()
        feed = parsed(xml)
        assert feed.entries, path
        stylesheet = etree.fromstring(xml).getroottree().getroot().getprevious()
        assert (path.parent / stylesheet.get("href")).resolve() == (result.site / feeds.STYLESHEET_PATH).resolve()
        published = [entry.published_parsed for entry in feed.entries]
        assert published == sorted(published, reverse=True)
        for entry in feed.entries:
            assert re.search(r"[+-]0[12]:?00$", entry.published), entry.published
            assert entry.link.startswith(SITE) and entry.id.startswith("tag:www.example.org,")
            content = lxml_html.fragment_fromstring(entry.content[0].value, create_parent="div")
            for target in content.xpath("//@href | //@src"):
                assert target.startswith(("https://", "http://", "mailto:")), (path, entry.title, target)
            assert not content.xpath("//*[contains(@class, 'headerlink') or contains(@class, 'admonition')]")
            assert "¶" not in entry.content[0].value
    rss = parsed((result.site / feeds.RSS_PATH).read_bytes())
    assert rss.entries[0].title == "Unsere Termine bis Januar 2027"
    assert rss.entries[0].published == "Tue, 24 Nov 2026 12:00:00 +0100"
    assert rss.feed.updated == rss.entries[0].published
    # The 2024 bulletins (winter time) carry +0100; event notices are items too.
    assert {e.published[-5:] for e in rss.entries} == {"+0100"}
    assert "Infostand auf dem Weihnachtsmarkt" in [e.title for e in rss.entries]
    dates = lxml_html.fragment_fromstring(rss.entries[0].content[0].value).xpath("//h2[.='Termine']/following-sibling::ul[1]/li/text()")
    assert dates[0] == "Bürgerforum zum Straßenbau in der Südstadt: Do., 3. Dezember 2026, 18:30 Uhr · Stadtteilzentrum Südstadt, Beispielplatz 3, 06130 Halle (Saale)"
    assert len(dates) == 4  # the fifth is for members


def test_built_public_feeds_hold_no_member_content(built):
    _, result = built
    for path in feed_paths_of(result.site):
        text = path.read_text(encoding="utf-8")
        # sample content: a members-only bulletin and notice, a member passage, a draft
        for marker in ("Hinweise zur Mitgliederverwaltung", "Kassenprüferinnen", "Klausur zurück", "Klausur des Stadtvorstandes", "Jahresrückblick"):
            assert marker not in text, (path, marker)
    # a tag only member items carry gets no feed
    assert not (result.site / feeds.tag_feed_path("mitgliederverwaltung")).exists()
    assert not (result.site / feeds.tag_feed_path("kasse")).exists()


def test_stylesheet_is_css_that_points_to_the_subscribe_page_without_outside_requests(built):
    _, result = built
    stylesheet = result.site / feeds.STYLESHEET_PATH
    source = stylesheet.read_text(encoding="utf-8")
    assert "http" not in source and "url(" not in source and "@import" not in source
    assert "Newsfeed" in source and "/abonnieren/" in source  # the German note above the XML
    assert not (result.site / "feeds/feed.xsl").exists()
    for path in (result.site / feeds.RSS_PATH, result.site / feeds.ATOM_PATH):
        assert b"text/xsl" not in path.read_bytes()


def test_feeds_are_reproducible_and_ignore_the_build_time(built, tmp_path):
    project, first = built
    again = run_mkdocs(project, site_dir=str(tmp_path / "again"), env={"SOURCE_DATE_EPOCH": str(int(EPOCH) + 86400 * 900)})
    assert again.ok, again.log
    for path in feed_paths_of(first.site):
        assert (again.site / path.relative_to(first.site)).read_bytes() == path.read_bytes(), path


def test_guids_stay_when_another_bulletin_changes_and_a_new_one_arrives(built, tmp_path):
    project, first = built
    copy = tmp_path / "project"
    shutil.copytree(project, copy, ignore=shutil.ignore_patterns("site", "site-*"))
    press = copy / "bulletins/2024/2024-02-20-pressemitteilung-krankenhaus.md"
    press.write_text(press.read_text(encoding="utf-8").replace("Mit Sorge", "Mit großer Sorge & Wut"), encoding="utf-8")
    write(copy / "bulletins/2026/2026-12-01-strassenbau.md", (
        "---\n"
        f"title: \"{TRICKY_TITLE.replace(chr(34), chr(92) + chr(34))}\"\n"
        "date: 2026-12-01 18:45\n"
        "authors: [\"Anna & Ömer\"]\n"
        "tags: [Straßenbau]\n"
        "---\n\n"
        "Erster Absatz mit & und 😀 und [Link](../2024/2024-03-04-bericht-stadtparteitag.md).\n\n"
        "!!! note \"Gut zu wissen\"\n    Details im ![Plan](../../assets/plan.png).\n"
    ))
    (copy / "docs/assets/plan.png").write_bytes(png_bytes(300, 200))  # the old link form: relative to the page
    second = run_mkdocs(copy)
    assert second.ok, second.log
    before = items_by_guid((first.site / feeds.RSS_PATH).read_bytes())
    after_xml = (second.site / feeds.RSS_PATH).read_bytes()
    after = items_by_guid(after_xml)
    new_guid = "tag:www.example.org,2026:aktuelles/2026/strassenbau"
    assert list(after)[0] == new_guid and set(after) == set(before) | {new_guid}
    press_guid = "tag:www.example.org,2024:aktuelles/2024/pressemitteilung-krankenhaus"
    for guid in before:
        if guid != press_guid:
            assert after[guid] == before[guid], guid
    assert after[press_guid] != before[press_guid]
    newest = parsed(after_xml).entries[0]
    assert newest.title == TRICKY_TITLE and newest.published == "Tue, 01 Dec 2026 18:45:00 +0100"
    assert newest.get("author") == "Anna & Ömer"
    content = lxml_html.fragment_fromstring(newest.content[0].value, create_parent="div")
    assert content.xpath("//a/@href")[0] == f"{SITE}aktuelles/2024/bericht-stadtparteitag/"
    # Photos are published re-encoded (plan/photos.py), never as the file itself.
    [src] = content.xpath("//img/@src")
    assert re.fullmatch(re.escape(SITE) + r"bilder/[0-9a-f]{16}-300\.jpg", src)
    # feedparser's sanitiser drops srcset: read it in the XML itself.
    assert re.search(r'srcset="https://www\.example\.org/bilder/[0-9a-f]{16}-300\.jpg 300w"', after_xml.decode())
    assert content.xpath("//blockquote/p/strong")[0].text == "Gut zu wissen"
    tag_feed = parsed((second.site / feeds.tag_feed_path("strassenbau")).read_bytes())
    assert tag_feed.entries[0].id == new_guid
    # Quotes and "<" in the title must not push the feed links out of the page head.
    page = second.site / "aktuelles/2026/strassenbau/index.html"
    assert [site_file(second.site, page, href) for href in head_feed_links(page)] == [second.site / feeds.RSS_PATH]
    tag_page = second.site / "aktuelles/themen/strassenbau/index.html"
    assert second.site / feeds.tag_feed_path("strassenbau") in [site_file(second.site, tag_page, h) for h in head_feed_links(tag_page)]


def test_item_count_is_a_setting(tmp_path, built):
    project, _ = built
    copy = tmp_path / "project"
    shutil.copytree(project, copy, ignore=shutil.ignore_patterns("site", "site-*"))
    config = copy / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "    feed_items: 20" in text
    config.write_text(text.replace("    feed_items: 20", "    feed_items: 2"), encoding="utf-8")
    result = run_mkdocs(copy)
    assert result.ok, result.log
    assert len(parsed((result.site / feeds.RSS_PATH).read_bytes()).entries) == 2
    assert len(parsed((result.site / feeds.ATOM_PATH).read_bytes()).entries) == 2
    assert len(parsed((result.site / feeds.tag_feed_path("stadtvorstand")).read_bytes()).entries) == 2


@pytest.mark.parametrize("value", ["0", "zwanzig"])
def test_a_wrong_item_count_stops_the_build_with_a_german_message(tmp_path, built, value):
    project, _ = built
    copy = tmp_path / "project"
    shutil.copytree(project, copy, ignore=shutil.ignore_patterns("site", "site-*"))
    config = copy / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("    feed_items: 20", f"    feed_items: {value}"), encoding="utf-8")
    result = run_mkdocs(copy)
    assert not result.ok
    assert "extra.newsroom.feed_items: erwartet eine ganze Zahl von 1 bis 36500, gefunden:" in result.log and value in result.log
