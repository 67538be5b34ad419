"""The public and the member site, built for real from a corpus rich in member content.

Proofs of issue 5: equivalence (the public build is byte-identical to the public build
of the same sources with every member item deleted by hand), markers (no member-only
marker anywhere in the public output, every one in the member output), the public
output's allowlist; and what the member site must show.
"""

from __future__ import annotations

import gzip
import re
import shutil
from pathlib import Path

import pytest

from conftest import Build, copy_project, run_mkdocs
from leakproof import (
    add_member_rich_content,
    markers_in_output,
    markers_in_sources,
    readable_forms,
    strip_members,
    tree_differences,
)
from public_output import unexpected



@pytest.fixture(scope="module")
def builds(tmp_path_factory) -> dict[str, Build]:
    """Public and member build of the member-rich corpus, and the public build of it
    with every member item deleted by hand."""
    full = add_member_rich_content(copy_project(tmp_path_factory.mktemp("full") / "project"))
    stripped = tmp_path_factory.mktemp("stripped") / "project"
    shutil.copytree(full, stripped)
    strip_members(stripped)
    result = {
        "public": run_mkdocs(full),
        "members": run_mkdocs(full, config="mkdocs.members.yml"),
        "stripped": run_mkdocs(stripped),
    }
    for name, build in result.items():
        assert build.ok, f"{name}:\n{build.log}"
    result["full_sources"] = full
    result["stripped_sources"] = stripped
    return result


def test_the_corpus_is_rich_and_the_deletion_complete(builds):
    in_full = markers_in_sources(builds["full_sources"])
    assert len(in_full) >= 35
    assert markers_in_sources(builds["stripped_sources"]) == set()


def test_public_build_is_identical_to_a_build_without_member_items(builds):
    assert tree_differences(builds["public"].site, builds["stripped"].site) == []


def test_no_member_marker_in_any_public_file_or_path(builds):
    assert markers_in_output(builds["public"].site) == {}


def test_every_member_marker_in_the_member_build(builds):
    expected = markers_in_sources(builds["full_sources"])
    assert expected - markers_in_output(builds["members"].site).keys() == set()


def test_public_output_files_are_all_allowed(builds):
    files = builds["public"].files()
    assert unexpected(files) == []
    assert not any(part.startswith(".") for path in files for part in path.split("/"))


def test_the_allowlist_notices_a_new_kind_of_file():
    assert unexpected(["tags.json", "assets/javascripts/offline.js", "mitglieder/plan.pdf", "index.html"]) == [
        "tags.json",
        "assets/javascripts/offline.js",
        "mitglieder/plan.pdf",
    ]



# --- The search index (Pagefind, issue 15): gzip files the marker search must read --------

def _in_search_index(found: dict[str, set[str]]) -> set[str]:
    return {marker for marker, files in found.items() if any(f.startswith("pagefind/") for f in files)}


def test_member_markers_are_in_the_member_search_index(builds):
    """The member site's own index holds the member text (passages, member bulletins,
    notices and pages): the marker search reads Pagefind's compressed files."""
    in_index = _in_search_index(markers_in_output(builds["members"].site))
    assert len(in_index) >= 20, sorted(in_index)


def test_public_search_index_holds_public_text_only(builds):
    site = builds["public"].site
    fragments = sorted((site / "pagefind" / "fragment").glob("*.pf_fragment"))
    assert len(fragments) >= 10
    texts = "\n".join(readable_forms(path.read_bytes(), path.name) for path in fragments)
    assert "notaufnahmen" in texts  # a public word of a sample bulletin, decoded
    assert _in_search_index(markers_in_output(site)) == set()


def test_a_member_marker_in_the_public_index_would_be_found(builds, tmp_path):
    """The marker search decodes Pagefind's files: a fragment of the public index with a
    marker written into its text (gzip, as Pagefind writes it) is caught."""
    site = tmp_path / "site"
    shutil.copytree(builds["public"].site, site)
    fragment = sorted((site / "pagefind" / "fragment").glob("*.pf_fragment"))[0]
    data = gzip.decompress(fragment.read_bytes())
    assert data.startswith(b"pagefind_dcd{")
    fragment.write_bytes(gzip.compress(data.replace(b'"content":"', b'"content":"mmk9999q ', 1)))
    assert markers_in_output(site) == {"mmk9999q": {fragment.relative_to(site).as_posix()}}


# --- What each site shows ---------------------------------------------------------------

BANNER = "Mitgliederbereich – intern"
ROBOTS_META = '<meta name="robots" content="noindex, nofollow">'


def html_pages(build: Build) -> list[str]:
    return [path for path in build.files() if path.endswith(".html")]


def test_every_member_page_is_marked_internal_and_noindex(builds):
    members = builds["members"]
    pages = html_pages(members)
    assert "404.html" in pages and len(pages) > 30
    for page in pages:
        text = members.text(page)
        assert text.count(ROBOTS_META) == 1, page
        assert BANNER in text, page


def test_public_pages_carry_neither_banner_nor_noindex(builds):
    public = builds["public"]
    for page in html_pages(public):
        text = public.text(page)
        assert BANNER not in text and 'name="robots"' not in text and "md-banner" not in text, page


def test_robots_txt_of_both_sites(builds):
    assert builds["members"].text("robots.txt") == "User-agent: *\nDisallow: /\n"
    assert builds["public"].text("robots.txt") == "User-agent: *\nAllow: /\n\nSitemap: https://www.example.org/sitemap.xml\n"


def test_member_site_has_its_own_folder_and_address(builds):
    members = builds["members"]
    assert members.site.name == "site-members"
    assert "https://intern.example.org/mitglieder/" in members.text("sitemap.xml")
    assert "intern.example.org" not in "".join(builds["public"].text(p) for p in ("sitemap.xml", "index.html"))


def nav_links(page: str) -> set[str]:
    """Targets of the navigation's links (tabs and side navigation), site-relative."""
    found = re.findall(r'<a href="([^"]*)" class="md-(?:tabs|nav)__link', page)
    return {href.lstrip("./") for href in found}


def test_member_navigation_has_a_member_section_with_every_member_page(builds):
    page = builds["members"].text("404.html")
    assert re.search(r'class="md-tabs__link">\s*Mitglieder\s*</a>', page)
    member_pages = {"mitglieder/", "mitglieder/protokolle/", "mitglieder/finanzen-mmk0030q/", "vorstandsliste-mmk0040q/"}
    assert member_pages <= nav_links(page)
    public_page = builds["public"].text("404.html")
    assert nav_links(public_page) == nav_links(page) - member_pages and "Mitglieder<" not in public_page


def test_member_passages_are_marked_in_the_member_build(builds):
    page = builds["members"].text("aktuelles/2024/sofortinfo-stadtvorstand-mai/index.html")
    marked = re.findall(r'<div class="admonition members">\s*<p class="admonition-title">Nur für Mitglieder</p>', page)
    assert len(marked) == 2  # the nested passage is inside the second one
    assert "mmk0003q" in page and "Kassenbericht mmk0002q" in page


def test_member_files_are_only_in_the_member_build(builds):
    assert [p for p in builds["public"].files() if p.lower().startswith("mitglieder")] == []
    member_files = builds["members"].files()
    # Photos are re-encoded in both builds (plan/photos.py) and named by their hash (a file
    # name can be content: it is never published): the member page shows the
    # member photo as a rendition, the original file is in neither build.
    assert "mitglieder/kassenstand.png" not in member_files
    finances = builds["members"].text("mitglieder/finanzen-mmk0030q/index.html")
    assert re.search(r'<img alt="Kassenstand mmk0035q"[^>]* srcset="[^"]*bilder/[0-9a-f]{16}-\d+\.jpg', finances)
    assert "mitglieder/haushalt-mmk0034q.pdf" in member_files


def test_member_items_are_marked_in_lists_of_the_member_build(builds):
    listing = builds["members"].text("aktuelles/index.html")
    assert "Kassenbericht mmk0011q" in listing and "Nur für Mitglieder" in listing


def test_public_counts_and_pages_ignore_member_bulletins(builds):
    public, members = builds["public"], builds["members"]
    assert not (public.site / "aktuelles/seite/2/index.html").exists()
    assert (members.site / "aktuelles/seite/2/index.html").exists()
    assert not (public.site / "aktuelles/themen/haushalt-mmk0013q").exists()


def test_teaser_of_a_bulletin_that_starts_with_a_member_passage(builds):
    page = builds["public"].text("aktuelles/2024/sofortinfo-stadtvorstand-mai/index.html")
    description = re.search(r'<meta name="description" content="([^"]*)"', page).group(1)
    assert description.startswith("Der Stadtvorstand hat am 14. Mai getagt.")


def test_building_one_site_leaves_the_other_alone(tmp_path):
    project = copy_project(tmp_path / "project")
    assert run_mkdocs(project).ok
    before = {p: (project / "site" / p).read_bytes() for p in Build(None, project / "site").files()}
    assert run_mkdocs(project, config="mkdocs.members.yml").ok
    assert {p: (project / "site" / p).read_bytes() for p in Build(None, project / "site").files()} == before


def test_sample_content_public_build_is_equivalent_too(tmp_path):
    """The shipped sample content has member items of its own (a member bulletin and
    notice, a member event, passages, docs/mitglieder/)."""
    full = copy_project(tmp_path / "full")
    stripped = copy_project(tmp_path / "stripped")
    strip_members(stripped)
    one, other = run_mkdocs(full), run_mkdocs(stripped)
    assert one.ok and other.ok, one.log + other.log
    assert tree_differences(one.site, other.site) == []
    assert not (Path(stripped) / "docs" / "mitglieder").exists()
