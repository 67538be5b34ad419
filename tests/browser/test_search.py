"""The site search (Pagefind, issue 15), used as a reader does, in the public and the member site.

The words come from the sample bulletins; each test first proves that its word is
where it expects it in the sources, so a change of the samples fails loudly instead
of making a search for nothing pass.
"""

from __future__ import annotations

import re

import pytest

from conftest import ROOT


PRESS_RELEASE = "bulletins/2024/2024-02-20-pressemitteilung-krankenhaus.md"
PRESS_RELEASE_URL = "aktuelles/2024/pressemitteilung-krankenhaus/"
PUBLIC_WORD = "Notaufnahmen"  # only in the press release's text
BOARD_REPORT = "bulletins/2024/2024-01-23-sofortinfo-stadtvorstand-januar.md"
BOARD_REPORT_URL = "aktuelles/2024/sofortinfo-stadtvorstand-januar/"
PASSAGE_WORD = "Tandems"  # only in a `/// members` passage of the board report
MEMBER_BULLETIN = "bulletins/2026/2026-11-10-hinweise-mitgliederverwaltung.md"
MEMBER_BULLETIN_URL = "aktuelles/2026/hinweise-mitgliederverwaltung/"
MEMBER_BULLETIN_WORD = "Lastschriftmandat"  # only in a bulletin with `audience: members`

_MEMBER_PASSAGE = re.compile(r"^/// members\n(.*?)^///$", re.MULTILINE | re.DOTALL)


def _source(path: str) -> str:
    return (ROOT / path).read_text(encoding="utf-8")


def _only_in(word: str, path: str) -> None:
    holders = [p.relative_to(ROOT).as_posix() for folder in ("bulletins", "docs")
               for p in (ROOT / folder).rglob("*.md") if word in p.read_text(encoding="utf-8")]
    assert holders == [path], f"the sample word {word!r} must be in {path} only, found in {holders}"


def _in_member_passage(word: str, path: str) -> None:
    passages = _MEMBER_PASSAGE.findall(_source(path))
    assert any(word in passage for passage in passages), f"{word!r} is not inside a /// members passage of {path}"
    outside = _MEMBER_PASSAGE.sub("", _source(path))
    assert word not in outside, f"{word!r} is also outside the member passages of {path}"


STATUS = ".nr-search__status"
HITS = "#nr-search-panel a.nr-hit"


def search(page, query: str) -> list[str]:
    """Type `query` into the search field in the header; the paths of the results once
    they are shown (issue 15: Pagefind, docs/assets/javascripts/suche.js)."""
    box = page.locator("#nr-search-input")
    assert box.is_visible(), "the search field is not in the header"
    box.click()
    box.fill(query)
    # The status line names the query once its results are drawn ("3 Treffer für „x“").
    page.wait_for_function(
        "([selector, query]) => { const s = document.querySelector(selector);"
        " return s && s.textContent.includes('Treffer') && s.textContent.includes(query); }",
        arg=[STATUS, query],
    )
    paths = page.locator(HITS).evaluate_all("links => links.map(a => new URL(a.href).pathname)")
    assert len(paths) == len(set(paths)), f"a page is listed twice: {paths}"
    if not paths:
        assert page.locator(STATUS).text_content().strip() == f"Keine Treffer für „{query}“"
    return paths


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_public_search_finds_a_bulletin_by_a_word_of_its_text(open_page, public_site, viewport):
    _only_in(PUBLIC_WORD, PRESS_RELEASE)
    visit = open_page(public_site, "", viewport)
    assert search(visit.page, PUBLIC_WORD) == [f"/{PRESS_RELEASE_URL}"]
    assert visit.outside_requests() == []


@pytest.mark.parametrize(("word", "source"), [(PASSAGE_WORD, BOARD_REPORT), (MEMBER_BULLETIN_WORD, MEMBER_BULLETIN)])
def test_public_search_finds_nothing_member_only(open_page, public_site, word, source):
    _only_in(word, source)
    if source == BOARD_REPORT:
        _in_member_passage(word, source)
    else:
        assert re.search(r"^audience: members$", _source(source), re.MULTILINE), f"{source} must be member-only"
    visit = open_page(public_site, "")
    assert search(visit.page, word) == []


def test_member_search_finds_the_bulletin_of_a_member_passage(open_page, member_site):
    _in_member_passage(PASSAGE_WORD, BOARD_REPORT)
    visit = open_page(member_site, "")
    found = search(visit.page, PASSAGE_WORD)
    assert found == [f"/{BOARD_REPORT_URL}"]
    # The result leads to the bulletin, where the passage is shown marked as member-only.
    visit.page.locator(HITS).first.click()
    visit.page.wait_for_url(f"**/{BOARD_REPORT_URL}**")
    passage = visit.page.locator(".admonition.members", has_text=PASSAGE_WORD)
    assert passage.is_visible()
    assert visit.outside_requests() == []


def test_member_search_finds_a_member_only_bulletin(open_page, member_site):
    visit = open_page(member_site, "")
    assert search(visit.page, MEMBER_BULLETIN_WORD) == [f"/{MEMBER_BULLETIN_URL}"]


# --- German spelling, what loads when, keyboard, filters, results (issue 15) ------------

PRESS_RELEASE_FOLDED = ("Schließung", "Schliessungen")  # in the text; typed with ss, plural
BOARD_REPORT_INFLECTED = ("Kandidierenden", "Kandidierende")


@pytest.mark.parametrize(("written", "typed", "source", "url"), [
    (*PRESS_RELEASE_FOLDED, PRESS_RELEASE, PRESS_RELEASE_URL),
    (*BOARD_REPORT_INFLECTED, BOARD_REPORT, BOARD_REPORT_URL),
    ("Änderungsanträge", "Aenderungsantrag", "bulletins/2024/2024-03-04-bericht-stadtparteitag.md",
     "aktuelles/2024/bericht-stadtparteitag/"),
])
def test_search_finds_other_spellings_and_forms(open_page, public_site, written, typed, source, url):
    _only_in(written, source)
    assert not re.search(rf"\b{typed}\b", _source(source)), f"{typed!r} is written in {source} as typed"
    visit = open_page(public_site, "")
    assert search(visit.page, typed) == [f"/{url}"]
    # The excerpt shows the word as written, marked.
    marks = visit.page.locator(f"{HITS} mark").all_inner_texts()
    assert any(written in mark for mark in marks), marks


def test_a_query_with_umlauts_finds_forms_without_them(open_page, public_site):
    """Typed with an umlaut, the query is also searched as typed: the stemmer drops
    umlauts, so the plural "Plätze" finds "Platz" (folded, "plaetze" would not)."""
    source = "bulletins/termine/2026-12-05-infostand-weihnachtsmarkt.md"
    assert re.search(r"\bPlatz\b", _source(source)) and "Plätze" not in _source(source)
    visit = open_page(public_site, "")
    assert "/termine/2026/infostand-weihnachtsmarkt/" in search(visit.page, "Plätze")
    marks = visit.page.locator(f"{HITS}[href$='infostand-weihnachtsmarkt/'] mark").all_inner_texts()
    assert any(mark.startswith("Platz") for mark in marks), marks


def test_nothing_of_the_search_loads_before_the_field_is_focused(open_page, public_site):
    visit = open_page(public_site, "aktuelles/")
    loaded = list(visit.requests)
    assert any(url.endswith(".css") for url in loaded), "the recording saw no stylesheet: it records nothing"
    assert [url for url in loaded if "pagefind" in url or "suche.js" in url or "search" in url] == []
    search(visit.page, PUBLIC_WORD)
    later = visit.requests[len(loaded):]
    assert any(url.endswith("/pagefind/pagefind.js") for url in later)
    assert any("/pagefind/fragment/" in url for url in later)
    assert visit.outside_requests() == []


def test_results_show_title_type_date_and_a_marked_excerpt(open_page, public_site):
    visit = open_page(public_site, "")
    assert search(visit.page, PUBLIC_WORD) == [f"/{PRESS_RELEASE_URL}"]
    hit = visit.page.locator(HITS).first
    assert hit.locator(".nr-hit__title").inner_text().startswith("Pressemitteilung: Das städtische Krankenhaus")
    assert hit.locator(".nr-hit__meta").inner_text() == "Beitrag · 20. Februar 2024"
    assert hit.locator(".nr-hit__excerpt mark").first.inner_text().startswith(PUBLIC_WORD)
    # An event and a standing page say what they are.
    search(visit.page, "Weihnachtsmarkt")
    assert any(text.startswith("Termin · Sa., 5. Dezember 2026") for text in visit.page.locator(f"{HITS} .nr-hit__meta").all_inner_texts())
    search(visit.page, "Impressum")
    assert "Seite" in visit.page.locator(f"{HITS} .nr-hit__meta").all_inner_texts()


def test_the_keyboard_alone_searches_and_opens_a_result(open_page, public_site):
    visit = open_page(public_site, "termine/")
    page = visit.page
    page.locator("body").press("/")
    assert page.evaluate("document.activeElement.id") == "nr-search-input"
    page.keyboard.type(PUBLIC_WORD)
    page.wait_for_function("document.querySelector('.nr-search__status').textContent.includes('Treffer')")
    assert page.locator("#nr-search-panel").is_visible()
    page.keyboard.press("ArrowDown")
    assert page.evaluate("new URL(document.activeElement.href).pathname") == f"/{PRESS_RELEASE_URL}"
    page.keyboard.press("ArrowUp")
    assert page.evaluate("document.activeElement.id") == "nr-search-input"
    page.keyboard.press("Escape")
    assert page.locator("#nr-search-panel").is_hidden()
    assert page.evaluate("document.activeElement.id") == "nr-search-input"
    page.keyboard.press("ArrowDown")  # opens the list again and moves into it
    assert page.locator("#nr-search-panel").is_visible()
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/{PRESS_RELEASE_URL}")


def test_filters_by_type_topic_and_year(open_page, public_site):
    visit = open_page(public_site, "")
    page = visit.page
    everything = search(page, "Stadtvorstand")
    assert any(path.startswith("/termine/") for path in everything) and any(path.startswith("/aktuelles/") for path in everything)
    kinds = page.locator("select[data-nr-filter='typ']")
    kinds.select_option("Termin")
    page.wait_for_function("[...document.querySelectorAll('#nr-search-panel a.nr-hit')].every(a => a.href.includes('/termine/'))")
    assert all(meta.startswith("Termin") for meta in page.locator(f"{HITS} .nr-hit__meta").all_inner_texts())
    kinds.select_option("")
    # Topic and year lists are filled from the index once the first results are shown.
    year = page.locator("select[data-nr-filter='jahr']")
    page.wait_for_function("document.querySelectorAll(\"select[data-nr-filter='jahr'] option\").length > 2")
    year.select_option("2024")
    page.wait_for_function("() => { const hits = [...document.querySelectorAll('#nr-search-panel a.nr-hit')];"
                           " return hits.length > 0 && hits.every(a => a.textContent.includes('2024')); }")
    year.select_option("")
    topic = page.locator("select[data-nr-filter='thema']")
    topic.select_option("Sofortinfo")
    page.wait_for_function("() => { const hits = [...document.querySelectorAll('#nr-search-panel a.nr-hit')];"
                           " return hits.length === 1; }")
    assert page.locator(HITS).evaluate_all("links => links.map(a => new URL(a.href).pathname)") == [f"/{BOARD_REPORT_URL}"]


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_open_results_fit_the_screen_and_pass_axe(open_page, public_site, viewport):
    from .conftest import serious_violations

    visit = open_page(public_site, "aktuelles/", viewport)
    search(visit.page, "Stadtvorstand")
    visit.name = "search-results"
    visit.screenshot()
    width, client = visit.page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert width <= client
    panel = visit.page.locator("#nr-search-panel").bounding_box()
    assert panel and panel["x"] >= 0 and panel["x"] + panel["width"] <= client + 1
    assert serious_violations(visit.page) == []
    assert visit.outside_requests() == []
