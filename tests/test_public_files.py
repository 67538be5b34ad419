"""The public site holds a `docs/` attachment only if its own output points to it."""

from __future__ import annotations

from pathlib import Path

from conftest import copy_project, write
from leakproof import InProcessBuilder, builder  # noqa: F401 - fixture
from newsroom.check.public_files import is_attachment, unreferenced


def test_attachments_need_a_reference_machinery_does_not():
    copied = frozenset({"assets/a.pdf", "assets/b.PNG", "assets/site.css", "admin/config.yml", "robots.txt",
                        ".well-known/security.txt", "feeds/feed.xsl", "notes.txt", "CNAME"})
    assert unreferenced(copied, {"assets/b.PNG"}) == ["assets/a.pdf", "notes.txt"]
    assert is_attachment("Kassenbericht 2024.pdf") and not is_attachment("assets/javascripts/termine.js")


def test_public_build_leaves_out_files_no_public_page_links(builder: InProcessBuilder, tmp_path: Path):
    project = copy_project(tmp_path / "p", with_content=False)
    write(project / "docs/assets/Plakat 2024.pdf", "%PDF öffentlich")
    # Photos are never copied as files (plan/photos.py): another kind of attachment here.
    write(project / "docs/assets/anhang/unverlinkt.docx", "DOCX")
    text = (project / "docs/ueber-uns.md").read_text(encoding="utf-8")
    write(project / "docs/ueber-uns.md", text + "\n[Plakat](<assets/Plakat 2024.pdf>)\n")
    public = builder.build(project, tmp_path / "public")
    assert public.ok, public.log
    site = tmp_path / "public"
    assert (site / "assets/Plakat 2024.pdf").is_file()
    assert not (site / "assets/anhang").exists()  # the file and its folder, left empty
    assert (site / "assets/stylesheets/newsroom.css").is_file() and (site / "feeds/feed.css").is_file()
    members = builder.build(project, tmp_path / "members", config="mkdocs.members.yml")
    assert members.ok, members.log
    assert (tmp_path / "members/assets/anhang/unverlinkt.docx").is_file()
