"""The core behind issue 18, as pure functions: topics of event notices, the page
"Abonnieren", the calendar's one-click subscribe links."""

from __future__ import annotations

import datetime as dt
from urllib.parse import parse_qs, urlsplit

from eventdata import settings
from newsroom.model import Audience, Bulletin, Content, Event, EventStatus, Source
from newsroom.plan import agenda, notice_tags, subscribe
from newsroom.plan.site import plan_site


def _bulletin(key: str, tags: tuple[str, ...], audience: Audience = Audience.PUBLIC) -> Bulletin:
    slug = key.split("/", 1)[1]
    return Bulletin(key=key, title=slug, date=dt.date(2024, 3, 1), slug=slug, source=Source(f"bulletins/{slug}.md"),
                    body="Text.", tags=tags, audience=audience)


def _notice(key: str, day: int, tags: tuple[str, ...], audience: Audience = Audience.PUBLIC) -> Event:
    slug = key.split("/", 1)[1]
    return Event(key=key, title=slug, start=dt.datetime(2024, 4, day, 18, tzinfo=dt.timezone.utc), end=None,
                 location="Markt", online=None, status=EventStatus.SCHEDULED, audience=audience, slug=slug,
                 source=Source(f"bulletins/termine/{slug}.md"), body="Wir sind da.", tags=tags)


def _content() -> Content:
    return Content(
        (_bulletin("2024/vorstand", ("Stadtvorstand",)), _bulletin("2024/geheim", ("Intern",), Audience.MEMBERS)),
        notices=(
            _notice("2024/infostand", 5, ("stadtvorstand", "Weihnachtsmarkt")),
            _notice("2024/sitzung", 9, ("Stadtvorstand",)),
            _notice("2024/klausur", 12, ("Intern",), Audience.MEMBERS),
        ),
    )


def test_notice_tags_link_existing_topics_only():
    refs = notice_tags.tag_index(_content().bulletins)
    shown = notice_tags.notice_tags(_content().notices[0], refs)
    assert [(t.name, t.url) for t in shown] == [("Stadtvorstand", "aktuelles/themen/stadtvorstand/"), ("Weihnachtsmarkt", None)]


def test_topic_pages_list_their_notices_latest_first_and_public_build_leaves_member_ones_out():
    public = plan_site(_content(), settings(now="2024-03-02 12:00"))
    pages = {p.src_uri: p for p in public.pages}
    topic = pages["aktuelles/themen/stadtvorstand/index.md"]
    assert [c.title for c in topic.context["notices"]] == ["sitzung", "infostand"]
    assert "aktuelles/themen/intern/index.md" not in pages
    assert [t.name for t in pages["termine/2024/infostand.md"].context["tags"]] == ["Stadtvorstand", "Weihnachtsmarkt"]
    assert "termine/2024/klausur.md" not in pages
    members = plan_site(_content(), settings(now="2024-03-02 12:00", audience=Audience.MEMBERS))
    member_topic = {p.src_uri: p for p in members.pages}["aktuelles/themen/intern/index.md"]
    assert [c.title for c in member_topic.context["notices"]] == ["klausur"]


def test_subscribe_page_lists_topic_feeds_and_calendar_links():
    page = subscribe.plan(_content(), settings())
    assert page.src_uri == "abonnieren.md" and page.template == "subscribe.html"
    assert [(t.name, t.feed) for t in page.context["topics"]] == [
        ("Intern", "feeds/themen/intern.xml"), ("Stadtvorstand", "feeds/themen/stadtvorstand.xml"),
    ]  # the content given; the audience filter runs before, in plan_site
    public = {p.src_uri: p for p in plan_site(_content(), settings(now="2024-03-02 12:00")).pages}["abonnieren.md"]
    assert [t.name for t in public.context["topics"]] == ["Stadtvorstand"]


def test_calendar_links_for_google_and_outlook():
    links = agenda.feed_links(settings())
    assert links.webcal.startswith("webcal://") and links.https.startswith("https://")
    google = urlsplit(links.google)
    assert (google.netloc, google.path) == ("calendar.google.com", "/calendar/render")
    assert parse_qs(google.query)["cid"] == [links.webcal]
    outlook = urlsplit(links.outlook)
    assert (outlook.netloc, outlook.path) == ("outlook.live.com", "/calendar/0/addfromweb")
    query = parse_qs(outlook.query)
    assert query["url"] == [links.https] and query["name"] == ["Stadtverband Halle (Saale) – Termine"]
