"""More attacks on the public build: spellings of the block line, containers inside
containers, the navigation, `!!!` boxes and files reached only from member pages.

Same rule as `test_member_attacks.py`: the public build refuses (naming the file) or
publishes no member marker in any file, path or decoded form.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import write
from leakproof import InProcessBuilder, base, builder, markers_in_output  # noqa: F401 - fixtures

ATTACK = "bulletins/2024/2024-03-02-angriff.md"
FRONT = "---\ntitle: Angriff zwei\ndate: 2024-03-02\n---\n\nÖffentlich.\n\n"

CASES = {
    # Spellings of the block line.
    "upper-case": ("/// MEMBERS\nmmk0002q\n///\n", "any"),
    "no-space": ("///members\nmmk0002q\n///\n", "any"),
    "four-slashes": ("//// members\nmmk0002q\n////\n", "any"),
    "tab-indented": ("\t/// members\n\tmmk0002q\n\t///\n", "any"),
    "quote-no-space-deep": (">>///members\n>>mmk0002q\n>>///\n", "any"),
    "quote-unclosed": ("> /// members\n> mmk0002q\n\nWeiter.\n", "refuse"),
    # Containers inside containers.
    "list-three-spaces": ("*   /// members\n    mmk0002q\n    ///\n", "any"),
    "ordered-ten": ("10. /// members\n    mmk0002q\n    ///\n", "any"),
    "nested-list": ("- eins\n    - /// members\n      mmk0002q\n      ///\n", "any"),
    "quote-list-quote": ("> - > /// members\n>   > mmk0002q\n>   > ///\n", "any"),
    "footnote-tab": ("Text[^a]\n\n[^a]: Erst.\n\n\t/// members\n\tmmk0002q\n\t///\n", "any"),
    "div-indented": ("<div markdown>\n\n  /// members\n  mmk0002q\n  ///\n\n</div>\n", "any"),
    "classic-box-upper-case": ("!!! MEMBERS \"Intern\"\n    mmk0002q\n", "refuse"),
    "table-cell": ("| a | b |\n|---|---|\n| /// members | mmk0002q |\n", "refuse"),
    "inline-code": ("Siehe `/// members` mmk0002q.\n", "refuse"),
    "entity-slashes": ("&#47;&#47;&#47; members\nmmk0002q\n&#47;&#47;&#47;\n", "refuse"),
}


def _check(public, site: Path, expect: str, named: str) -> None:
    if not public.ok:
        assert expect in ("refuse", "any"), public.log
        assert named in public.log, public.log
        assert not (site / "index.html").exists()
        return
    assert expect != "refuse", f"built although it should refuse:\n{public.log}"
    assert markers_in_output(site) == {}


@pytest.mark.parametrize("name", sorted(CASES))
def test_public_build_refuses_or_publishes_no_member_marker(name: str, base: Path, builder: InProcessBuilder, tmp_path: Path):
    body, expect = CASES[name]
    project = shutil.copytree(base, tmp_path / "p")
    write(project / ATTACK, FRONT + body)
    _check(builder.build(project, tmp_path / "site"), tmp_path / "site", expect, ATTACK)


@pytest.mark.parametrize(
    "target",
    ["https://www.example.org/mitglieder/mmk0001q/", "//www.example.org/Mitglieder/mmk0001q/", "https://intern.example.org/"],
)
def test_a_nav_entry_to_a_member_page_by_address_is_refused(target: str, base: Path, builder: InProcessBuilder, tmp_path: Path):
    project = shutil.copytree(base, tmp_path / "p")
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("  - Kontakt: kontakt.md\n", f"  - Kontakt: kontakt.md\n  - Intern: '{target}'\n"), encoding="utf-8")
    public = builder.build(project, tmp_path / "site")
    assert not public.ok, public.log
    assert "mitglieder" in public.log.lower() or "Mitgliederseite" in public.log
    assert not (tmp_path / "site" / "index.html").exists()


def test_a_file_only_a_member_page_links_in_an_unread_form_stays_out(base: Path, builder: InProcessBuilder, tmp_path: Path):
    """The member page names the file only through an HTML entity in a `srcset`: whatever
    the source checks make of it, the public site holds no file no public page links."""
    project = shutil.copytree(base, tmp_path / "p")
    write(project / "docs/assets/foto-mmk0003q.png", "PNG mmk0003q")
    write(project / "docs/mitglieder/fotos.md", '# Fotos\n\n<img alt="" srcset="../assets/foto-mmk&#48;003q.png 2x">\n')
    public = builder.build(project, tmp_path / "site")
    if public.ok:
        assert markers_in_output(tmp_path / "site") == {}
    else:
        assert "mmk0003q" in public.log and not (tmp_path / "site" / "index.html").exists()
