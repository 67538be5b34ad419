"""Material's search box, used as a reader does, in the public and the member site.

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


def search(page, query: str) -> list[str]:
    """Type `query` into the search box; the paths of the results once they are shown."""
    translations = page.evaluate("JSON.parse(document.getElementById('__config').textContent).translations")
    box = page.locator("input.md-search__input")
    magnifier = page.locator("label.md-header__button[for='__search']")
    if magnifier.is_visible():  # phones: the box opens from the header's magnifier
        magnifier.click()
    else:
        box.click()
    meta = page.locator(".md-search-result__meta")
    # The worker has loaded the index when the box asks for a term.
    meta.filter(has_text=translations["search.result.placeholder"]).wait_for()
    # Material reads the box on `keyup`: the whole word at once, then a key that changes
    # nothing, so no results of a partial word can come in between.
    box.fill(query)
    box.press("End")
    page.wait_for_function(
        "placeholder => document.querySelector('.md-search-result__meta').textContent.trim() !== placeholder",
        arg=translations["search.result.placeholder"],
    )
    links = page.locator(".md-search-result__item > a.md-search-result__link")
    # A page's sections are listed under it: one path per page found.
    paths = list(dict.fromkeys(links.evaluate_all("links => links.map(a => new URL(a.href).pathname)")))
    if not paths:
        assert meta.text_content().strip() == translations["search.result.none"]
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
    visit.page.locator(".md-search-result__item > a.md-search-result__link").first.click()
    visit.page.wait_for_url(f"**/{BOARD_REPORT_URL}**")
    passage = visit.page.locator(".admonition.members", has_text=PASSAGE_WORD)
    assert passage.is_visible()
    assert visit.outside_requests() == []


def test_member_search_finds_a_member_only_bulletin(open_page, member_site):
    visit = open_page(member_site, "")
    assert search(visit.page, MEMBER_BULLETIN_WORD) == [f"/{MEMBER_BULLETIN_URL}"]
