"""`members` is a block type of the member build only; a passage left in public HTML stops the build."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import copy_project, write
from leakproof import InProcessBuilder, builder  # noqa: F401 - fixture
from newsroom.model import Audience
from newsroom.read.member_blocks import block_types, leftover_passage

ADMONITION = "pymdownx.blocks.admonition"
EXTENSIONS = ["admonition", ADMONITION, "pymdownx.blocks.details"]


def test_public_build_never_registers_members_whatever_the_config_says():
    configs = {
        ADMONITION: {"types": ["note", "Members", {"name": "members", "class": "x"}]},
        "pymdownx.blocks.details": {"types": [{"name": "MEMBERS"}, "info"]},
    }
    public = block_types(configs, EXTENSIONS, Audience.PUBLIC)
    assert public[ADMONITION]["types"] == ["note"]
    assert public["pymdownx.blocks.details"]["types"] == ["info"]
    assert configs[ADMONITION]["types"][1] == "Members"  # the input is not changed


def test_member_build_registers_members_once():
    members = block_types({ADMONITION: {"types": ["note", "members"]}}, EXTENSIONS, Audience.MEMBERS)
    assert members[ADMONITION]["types"] == ["note", "members"]
    bare = block_types({}, EXTENSIONS, Audience.MEMBERS)
    assert bare[ADMONITION]["types"] == ["members"]
    assert "pymdownx.blocks.details" not in bare


@pytest.mark.parametrize(
    "html",
    [
        "<p>/// members\ngeheim\n///</p>",
        "<p>///Members</p>",
        "<p>&#47;&#47;&#47; members</p>",
        "<p>/// <em>members</em></p>",
        '<div class="admonition members"><p class="admonition-title">Members</p></div>',
        "<details class='members'><summary>x</summary></details>",
    ],
)
def test_a_leftover_passage_is_found_in_rendered_html(html: str):
    assert leftover_passage(html)


@pytest.mark.parametrize("html", ["<p>Für Mitglieder und members of the press</p>", "<p>a // members</p>", "<p>Text</p>"])
def test_ordinary_text_is_no_leftover(html: str):
    assert not leftover_passage(html)


def test_builds_register_members_only_for_the_member_site(builder: InProcessBuilder, tmp_path: Path):
    project = copy_project(tmp_path / "p", with_content=False)
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "types: [note, info, tip, warning, danger]" in text and "members]" not in text
    # Even if someone adds it back to mkdocs.yml, the public build takes it out again.
    config.write_text(text.replace("danger]", "danger, members]"), encoding="utf-8")
    write(project / "docs/ueber-uns.md", "# Über uns\n\nÖffentlich.\n\n> /// members\n> mmk0002q\n> ///\n")
    public = builder.build(project, tmp_path / "public")
    assert public.ok, public.log
    page = (tmp_path / "public/ueber-uns/index.html").read_text(encoding="utf-8")
    assert "mmk0002q" not in page and "members" not in page.lower().replace("mitglied", "")
    members = builder.build(project, tmp_path / "members", config="mkdocs.members.yml")
    assert members.ok, members.log
    page = (tmp_path / "members/ueber-uns/index.html").read_text(encoding="utf-8")
    assert "mmk0002q" in page and "admonition members" in page and "<blockquote>" in page


def test_a_text_that_starts_with_a_passage_gets_a_teaser_without_block_syntax(builder: InProcessBuilder, tmp_path: Path):
    project = copy_project(tmp_path / "p", with_content=False)
    write(
        project / "bulletins/2024/2024-03-03-auftakt.md",
        "---\ntitle: Auftakt\ndate: 2024-03-03\n---\n\n/// members\nIntern mmk0002q zuerst.\n///\n\nÖffentlicher Absatz danach.\n",
    )
    for config, site in (("mkdocs.yml", "public"), ("mkdocs.members.yml", "members")):
        build = builder.build(project, tmp_path / site, config=config)
        assert build.ok, build.log
        listing = (tmp_path / site / "aktuelles/index.html").read_text(encoding="utf-8")
        assert "Auftakt" in listing and "///" not in listing and "Nur für Mitglieder |" not in listing
    public = (tmp_path / "public/aktuelles/index.html").read_text(encoding="utf-8")
    assert "Öffentlicher Absatz danach" in public and "mmk0002q" not in public
