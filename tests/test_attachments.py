"""PDFs and documents beside a bulletin: linked like photos, published per audience (issue 14's contract)."""

from __future__ import annotations

from pathlib import Path

from conftest import run_mkdocs, write
from public_output import unexpected
from safety_helpers import run_check

from newsroom.plan import attachments

BULLETIN = "bulletins/2024/2024-03-04-bericht-stadtparteitag.md"


def test_paths_mirror_the_source_tree_and_keep_docs_files_where_mkdocs_puts_them() -> None:
    paths = attachments.site_paths(
        ["bulletins/2024/einladung.pdf", "bulletins/2024/anhang/antrag.docx", "bulletins/2024/foto.jpg", "bulletins/x.html"],
        ["assets/satzung.pdf", "bilder/foto.png"],
    )
    assert paths == {
        "bulletins/2024/einladung.pdf": "dateien/2024/einladung.pdf",
        "bulletins/2024/anhang/antrag.docx": "dateien/2024/anhang/antrag.docx",
        "docs/assets/satzung.pdf": "assets/satzung.pdf",
    }


def test_only_links_outside_code_count_and_only_files_of_bulletins_are_added() -> None:
    text = "[A](a.pdf) [B](../../docs/assets/s.pdf)\n\n```\n[C](c.pdf)\n```\n\n`[D](d.pdf)` [E](e.md) ![F](f.jpg)\n"
    found = [target for _, target, _ in attachments.linked(text, "bulletins/2024/x.md")]
    assert found == ["a.pdf", "../../docs/assets/s.pdf"]  # not in fences, code spans, pages or images
    paths = attachments.site_paths(["bulletins/2024/a.pdf", "bulletins/2024/c.pdf"], ["assets/s.pdf"])
    assert attachments.published([("bulletins/2024/x.md", text)], paths) == {"dateien/2024/a.pdf": "bulletins/2024/a.pdf"}


def test_both_builds_publish_what_their_texts_link_and_the_public_one_nothing_of_member_text(project: Path) -> None:
    write(project / "bulletins/2024/2024-03-04-einladung.pdf", "%PDF-1.4 Einladung")
    write(project / "bulletins/2024/anhang/antrag.odt", "Antrag")
    write(project / "bulletins/2024/kassenbericht-geheim.pdf", "%PDF-1.4 Kasse")
    write(project / "docs/assets/satzung.pdf", "%PDF-1.4 Satzung")
    source = project / BULLETIN
    source.write_text(
        source.read_text(encoding="utf-8")
        + "\n[Einladung (PDF)](2024-03-04-einladung.pdf), [Antrag](anhang/antrag.odt) und"
        " [Satzung](../../docs/assets/satzung.pdf)\n\n/// members\n[Kassenbericht](kassenbericht-geheim.pdf)\n///\n",
        encoding="utf-8",
    )
    assert run_check(project).returncode == 0
    public = run_mkdocs(project)
    assert public.ok, public.log
    files = public.files()
    assert {"dateien/2024/2024-03-04-einladung.pdf", "dateien/2024/anhang/antrag.odt", "assets/satzung.pdf"} <= set(files)
    assert (public.site / "dateien/2024/2024-03-04-einladung.pdf").read_bytes() == b"%PDF-1.4 Einladung"
    # dateien/ is an allowed kind of public output (tests/public_output.py); docs/ files are the editors'
    assert unexpected([name for name in files if name.startswith("dateien/")]) == []
    page = public.text("aktuelles/2024/bericht-stadtparteitag/index.html")
    assert 'href="../../../dateien/2024/2024-03-04-einladung.pdf"' in page
    assert 'href="../../../dateien/2024/anhang/antrag.odt"' in page and 'href="../../../assets/satzung.pdf"' in page
    leaked = [name for name in files if "kassenbericht" in name]
    leaked += [name for name in files if name.endswith((".html", ".xml", ".json", ".ics", ".txt")) and "kassenbericht" in (public.site / name).read_text(encoding="utf-8", errors="replace").lower()]
    assert leaked == []
    members = run_mkdocs(project, config="mkdocs.members.yml")
    assert members.ok, members.log
    assert "dateien/2024/kassenbericht-geheim.pdf" in members.files()


def test_a_missing_attachment_is_named_by_check_and_build_alike(project: Path) -> None:
    source = project / BULLETIN
    source.write_text(source.read_text(encoding="utf-8") + "\n[Einladung](einladung.pdf)\n", encoding="utf-8")
    line = len(source.read_text(encoding="utf-8").split("\n")) - 1
    expected = f"{BULLETIN}, Zeile {line}: Der Verweis „einladung.pdf“ führt ins Leere: Die Datei „bulletins/2024/einladung.pdf“ gibt es nicht."
    check = run_check(project)
    assert check.returncode == 1 and expected in check.stderr, check.stderr
    build = run_mkdocs(project)
    assert not build.ok and expected in build.log
