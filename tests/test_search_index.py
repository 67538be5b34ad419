"""The site search's index (Pagefind, issue 15): what is indexed, how, and when it fails.

Pure tests of the spelling folding and of the filter-file rewrite, then real builds of
the sample site read back with `searchindex.py` (written without the site's code).
Browser tests of the search field are in tests/browser/test_search.py.
"""

from __future__ import annotations

import gzip
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import run_mkdocs, write
from newsroom.write import pagefind_canon
from newsroom.write.search_text import fold, text_of, variants
from safety_helpers import leftovers, snapshot
from searchindex import decompress, indexed_pages, locations

# --- Folding (pure) ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("word", "folded"),
    [
        ("Straßenbau", "strassenbau"),
        ("STRASSENBAU", "strassenbau"),
        ("Ärger", "aerger"),
        ("Öffentlichkeit", "oeffentlichkeit"),
        ("Südstadt", "suedstadt"),
        ("GROẞ", "gross"),
        ("Café", "cafe"),
        ("Stadtrat", "stadtrat"),
    ],
)
def test_fold_spells_german_words_in_ascii(word, folded):
    assert fold(word) == folded


def test_variants_are_the_folded_words_that_differ_once_each_in_order():
    text = "Der Straßenbau in der Südstadt: Ärger über Straßenbau. Stadtrat"
    assert variants(text) == ["strassenbau", "suedstadt", "aerger", "ueber"]
    assert variants("Nur ASCII hier") == []


def test_text_of_drops_tags_and_decodes_entities():
    assert text_of('<p>Stra&szlig;e <a href="x">&Auml;rger</a></p>').split() == ["Straße", "Ärger"]


def test_the_script_folds_with_the_same_table():
    """suche.js repeats fold's table; both must map the same letters the same way."""
    script = (Path(__file__).parent.parent / "docs/assets/javascripts/suche.js").read_text(encoding="utf-8")
    table = json.loads("{" + re.search(r"const FOLD = \{(.*?)\};", script).group(1) + "}")
    assert {letter: fold(letter) for letter in table} == table
    assert set(table) == {"ä", "ö", "ü", "ß", "ẞ"}


# --- The filter files made deterministic (pure) ------------------------------------------


def test_cbor_round_trip():
    value = ["typ", [["Beitrag", [2, 3, 300, 70000]], ["Termin", []]], {"k": b"\x00"}]
    assert pagefind_canon.cbor_loads(pagefind_canon.cbor_dumps(value)) == value
    assert pagefind_canon.cbor_dumps(23) == b"\x17" and pagefind_canon.cbor_dumps(24) == b"\x18\x18"


def _bundle(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_two_indexings_of_the_same_pages_give_the_same_bytes(tmp_path, project):
    """Pagefind writes filter values in hash-map order (different each run); the hook's
    rewrite makes the bundle the same. Several runs, so an unlucky equal order is unlikely."""
    build = run_mkdocs(project)
    assert build.ok, build.log
    bundles = _indexed_again(build.site, tmp_path, 4)
    assert all(bundle == bundles[0] for bundle in bundles)
    filters = {path: pagefind_canon.unpack(data) for path, data in bundles[0].items() if path.startswith("filter/")}
    for name, values in filters.values():
        assert [value for value, _ in values] == sorted(value for value, _ in values), name


# --- What the built site's index holds --------------------------------------------------


@pytest.fixture(scope="module")
def public(tmp_path_factory):
    from conftest import copy_project

    project = copy_project(tmp_path_factory.mktemp("search") / "project")
    build = run_mkdocs(project)
    assert build.ok, build.log
    return build


def test_only_bulletin_event_and_standing_pages_are_indexed(public):
    found = set(locations(public.site))
    pages = {p.parent.relative_to(public.site).as_posix() + "/" for p in public.site.rglob("index.html")}
    pages = {"" if page == "./" else page for page in pages}
    bulletins = {p for p in pages if re.fullmatch(r"aktuelles/\d{4}/[a-z0-9-]+/", p)}
    # Old addresses of bulletin events (plan/redirects.py) forward to the date; not indexed.
    redirects = {p for p in pages if 'http-equiv="refresh"' in (public.site / p / "index.html").read_text(encoding="utf-8")}
    events = {p for p in pages if re.fullmatch(r"termine/\d{4}/[a-z0-9-]+/(?:[a-z0-9-]+/)?", p)} - redirects
    standing = {"ueber-uns/", "kontakt/", "mitglied-werden/", "impressum/", "datenschutz/"}
    assert bulletins and events
    assert found == bulletins | events | standing
    # Lists are not: home, news pages, archives, topics, calendar and its year pages.
    assert not found & {"", "aktuelles/", "aktuelles/2024/", "termine/", "termine/2024/", "aktuelles/themen/"}


def test_index_knows_type_date_year_and_topics(public):
    pages = {page["url"]: page for page in indexed_pages(public.site)}
    bulletin = pages["/aktuelles/2024/pressemitteilung-krankenhaus/"]
    assert bulletin["meta"]["title"].startswith("Pressemitteilung: Das städtische Krankenhaus")
    assert bulletin["meta"]["typ"] == "Beitrag" and bulletin["meta"]["datum"] == "20. Februar 2024"
    assert bulletin["filters"] == {"typ": ["Beitrag"], "jahr": ["2024"], "thema": ["Krankenhaus", "Presse"]}
    event = pages["/termine/2026/mitgliederversammlung/"]
    assert event["meta"]["typ"] == "Termin" and event["filters"]["jahr"] == ["2026"]
    assert "Dezember 2026" in event["meta"]["datum"]
    assert pages["/kontakt/"]["filters"] == {"typ": ["Seite"]}
    # Navigation, footer, topic chips and "← Alle Termine" are not page text.
    for page in pages.values():
        assert "Alle Termine" not in page["content"] and "Impressum Datenschutz" not in page["content"], page["url"]


def test_folded_spellings_are_indexed_in_a_hidden_element(public):
    page = public.text("aktuelles/2026/termine-bis-januar/index.html")
    hidden = re.search(r'<div class="nr-search-variants" hidden data-pagefind-meta="varianten:(\d+)">([^<]*)</div>', page)
    assert hidden, "no hidden variants element"
    words = hidden.group(2).split()
    assert "strassenbau" in words and len(words) == int(hidden.group(1))
    indexed = {p["url"]: p for p in indexed_pages(public.site)}["/aktuelles/2026/termine-bis-januar/"]
    assert "strassenbau" in indexed["content"].split() or "strassenbau." in indexed["content"].split()
    assert indexed["meta"]["varianten"] == hidden.group(1)


def test_material_search_is_gone_and_the_field_is_in_the_header(public):
    files = public.files()
    assert not [f for f in files if f.startswith(("search/", "assets/javascripts/workers/", "assets/javascripts/lunr/"))]
    page = public.text("aktuelles/index.html")
    header = page[page.index('<header class="md-header'):page.index("</header>")]
    assert '<input type="search" id="nr-search-input"' in header
    assert 'data-md-component="search"' not in page and "md-search__input" not in page
    # Nothing of the search is loaded by the page itself: the script comes on focus.
    assert "suche.js" not in re.findall(r"<script[^>]*src=\"([^\"]*)\"", page)
    assert not re.search(r"<link[^>]*pagefind", page)


def test_the_index_is_made_without_network(project):
    """The binary ships in the pinned wheel: a build in a network namespace with no
    interfaces indexes the site all the same."""
    if subprocess.run(["unshare", "-n", "true"], capture_output=True).returncode != 0:
        pytest.skip("unshare -n is not permitted here")
    from conftest import EPOCH
    import os
    import sys

    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run(["unshare", "-n", sys.executable, "-m", "mkdocs", "build"], cwd=project, env=env,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert (project / "site" / "pagefind" / "pagefind-entry.json").is_file()


# --- A failed indexing leaves the old site ----------------------------------------------


def test_failed_indexing_keeps_the_old_site(project, tmp_path):
    build = run_mkdocs(project)
    assert build.ok, build.log
    before = snapshot(build.site)
    write(project / "bulletins/2024/2024-05-01-neu.md", "---\ntitle: Neu\ndate: 2024-05-01\n---\nNeuer Text.\n")
    failing = write(tmp_path / "pagefind", "#!/bin/sh\necho 'kaputt' >&2\nexit 3\n")
    failing.chmod(0o755)
    broken = run_mkdocs(project, env={"PAGEFIND_BINARY_PATH": str(failing)})
    assert not broken.ok
    assert "Der Suchindex (Pagefind) konnte nicht erstellt werden (Rückgabewert 3): kaputt" in broken.log
    assert "die alte bleibt unverändert" in broken.log
    assert snapshot(build.site) == before
    assert leftovers(project) == []


# --- The index in parts (search_parts.py, pagefind_service.py) ----------------------------


def test_parts_group_years_newest_first_with_the_standing_pages():
    from newsroom.write.search_parts import ROOT_PART, group, manifest, year_of

    assert year_of("aktuelles/2024/x/index.html") == "2024" and year_of("termine/2026/y/z/index.html") == "2026-termine"
    assert year_of("kontakt/index.html") == ROOT_PART and year_of("aktuelles/index.html") == ROOT_PART
    assert year_of("aktuelles/themen/2024/index.html") == ROOT_PART
    counts = {ROOT_PART: 10, "2026-termine": 20, "2025": 900, "2025-termine": 600, "2024": 300, "2024-termine": 200,
              "2023": 90, "2022": 1500}
    parts = group(counts, 1000)
    assert parts == {ROOT_PART: ROOT_PART, "2026-termine": ROOT_PART, "2025-termine": ROOT_PART, "2025": "2025",
                     "2024-termine": "2023_2024-termine", "2024": "2023_2024-termine", "2023": "2023_2024-termine",
                     "2022": "2022"}
    assert set(group(counts, 10_000).values()) == {ROOT_PART}  # a small site: one part
    assert json.loads(manifest(set(parts.values()))) == ["2025", "2023_2024-termine", "2022"]


def test_an_index_in_parts_holds_every_page_once_and_is_deterministic(tmp_path, project, monkeypatch):
    """Indexed in parts of at most 5 pages, the site finds the same pages as in one index,
    each in the part of its year, and two indexings give the same bytes."""
    build = run_mkdocs(project)
    assert build.ok, build.log
    whole = sorted(locations(build.site))
    monkeypatch.setenv("NEWSROOM_SEARCH_PART_PAGES", "5")
    bundles = _indexed_again(build.site, tmp_path, 2, lambda site: sorted(locations(site)) == whole)
    assert bundles[0] == bundles[1]
    parts = json.loads(bundles[0]["teile.json"])
    assert "2024" in parts
    in_2024 = [json.loads(decompress(data))["url"] for path, data in bundles[0].items()
               if path.startswith("2024/fragment/")]
    assert in_2024 and all(url.startswith(("/aktuelles/2024/", "/termine/2024/")) for url in in_2024)
    # The year parts share the root's script and search code.
    assert not [path for path in bundles[0] if path.startswith(tuple(f"{p}/pagefind" for p in parts)) and path.endswith((".js", ".pagefind"))]


def _indexed_again(built: Path, tmp_path: Path, runs: int, holds=lambda site: True) -> list[dict]:
    """The index of a built site made anew `runs` times, each in a copy; `holds` is asserted on each copy."""
    from newsroom_search import build_index

    bundles = []
    for run in range(runs):
        site = tmp_path / f"run{run}"
        shutil.copytree(built, site)
        shutil.rmtree(site / "pagefind")
        build_index(site)
        assert holds(site), site
        bundles.append(_bundle(site / "pagefind"))
    return bundles
