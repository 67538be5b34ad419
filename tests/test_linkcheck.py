"""The link check as a pure function: which links are errors, with which file and line."""

from __future__ import annotations

from newsroom.check.linkcheck import check_links
from newsroom.read.loader import parse_sources

PUBLIC = "bulletins/2024/2024-01-01-oeffentlich.md"
MEMBERS = "bulletins/2024/2024-01-02-intern.md"
DRAFT = "bulletins/2024/2024-01-03-entwurf.md"


def _check(body: str, pages: dict[str, str] | None = None, path: str = PUBLIC, generated: tuple[str, ...] = ()) -> list[str]:
    bulletins = {
        PUBLIC: "---\ntitle: Öffentlich\ndate: 2024-01-01\n---\n",
        MEMBERS: "---\ntitle: Intern\ndate: 2024-01-02\naudience: members\n---\nText.\n",
        DRAFT: "---\ntitle: Entwurf\ndate: 2024-01-03\ndraft: true\n---\nText.\n",
    }
    pages = {"kontakt.md": "# Kontakt\n\n## Anfahrt\n", "mitglieder/index.md": "# Intern\n", **(pages or {})}
    if path.startswith("bulletins/"):
        bulletins[path] = bulletins[path] + body
    else:
        pages[path.removeprefix("docs/")] = body
    files = {**{p: t.encode() for p, t in bulletins.items()}, **{f"docs/{p}": t.encode() for p, t in pages.items()}}
    content, errors = parse_sources({p: files[p] for p in bulletins}, {p: files[f"docs/{p}"] for p in pages})
    assert errors == []
    texts = {p: data.decode() for p, data in files.items()}
    return [f"{e.path}:{e.line}: {e.message}" for e in check_links(content, texts, generated)]


def test_a_link_to_a_missing_section_of_a_standing_page_is_reported() -> None:
    assert _check("[Kontakt](../../docs/kontakt.md#telefon)\n") == [
        f"{PUBLIC}:5: Der Verweis „../../docs/kontakt.md#telefon“ führt zu keinem Abschnitt: „docs/kontakt.md“ hat "
        "keine Überschrift mit dem Anker „#telefon“. Vorhandene Anker: „#anfahrt“, „#kontakt“."
    ]


def test_links_to_existing_pages_pass() -> None:
    assert _check('[Kontakt](../../docs/kontakt.md#anfahrt "Titel") [Kontakt](<../../docs/kontakt.md>)\n') == []


def test_missing_page_names_file_line_and_a_guess() -> None:
    (message,) = _check("\n[Kontakt](../../docs/kontakt-seite.md)\n")
    assert message.startswith(f"{PUBLIC}:6: Der Verweis „../../docs/kontakt-seite.md“ führt ins Leere")
    assert "Gemeint ist vielleicht „docs/kontakt.md“" in message


def test_reference_definitions_are_checked_too() -> None:
    (message,) = _check("[Kontakt][k]\n\n[k]: ../../docs/fehlt.md\n")
    assert message.startswith(f"{PUBLIC}:7: Der Verweis „../../docs/fehlt.md“ führt ins Leere")


def test_links_in_code_are_examples_not_links() -> None:
    assert _check("```\n[x](fehlt.md)\n```\n\nSo: `[x](fehlt.md)`\n") == []


def test_external_mail_and_anchor_links_are_not_checked() -> None:
    assert _check("[a](https://example.org/x.md) [b](mailto:a@b.de) [c](#abschnitt) [d](bild.png)\n") == []


def test_public_text_must_not_link_member_content() -> None:
    messages = _check("[Intern](2024-01-02-intern.md) und [Bereich](../../docs/mitglieder/index.md)\n")
    assert len(messages) == 2
    assert all("zeigt aber auf Inhalt nur für Mitglieder" in m for m in messages)


def test_a_member_passage_may_link_member_content() -> None:
    assert _check("Öffentlich.\n\n/// members\n[Intern](2024-01-02-intern.md)\n///\n") == []


def test_member_content_may_link_member_content() -> None:
    body = "[Übersicht](index.md) [Intern](../../bulletins/2024/2024-01-02-intern.md)\n"
    assert _check(body, path="docs/mitglieder/protokolle.md") == []


def test_a_link_after_a_passage_is_public_again() -> None:
    (message,) = _check("/// members\nx\n///\n\n[Intern](2024-01-02-intern.md)\n")
    assert message.startswith(f"{PUBLIC}:9: ")


def test_links_to_drafts_are_errors_outside_drafts() -> None:
    (message,) = _check("[Entwurf](2024-01-03-entwurf.md)\n")
    assert "zeigt auf einen Entwurf" in message


def test_links_to_generated_pages_pass() -> None:
    assert _check("[Alle Beiträge](aktuelles/index.md)\n", path="docs/index.md", generated=("aktuelles/index.md",)) == []
    assert _check("[Alle Beiträge](aktuelles/index.md)\n", path="docs/index.md") != []


def test_a_broken_file_is_still_a_link_target() -> None:
    """Its own errors are reported elsewhere; the link to it is not a second problem."""
    content, _ = parse_sources({PUBLIC: b"---\ntitle: x\ndate: 2024-01-01\n---\n[y](kaputt.md)\n", "bulletins/2024/kaputt.md": b"kein Vorspann"}, {})
    texts = {PUBLIC: "---\ntitle: x\ndate: 2024-01-01\n---\n[y](kaputt.md)\n", "bulletins/2024/kaputt.md": "kein Vorspann"}
    assert check_links(content, texts) == []
