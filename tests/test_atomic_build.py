"""A failed build of any kind leaves the previous site byte-for-byte; a good one replaces it whole.

Each test builds the real sample site first, then breaks the next build in one way:
a content error, an exception in a hook (mid-build, in on_post_build, an interrupt),
an error in a theme template, a strict-mode warning.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from build_guard import AtomicBuild, german_warning, remove_leftovers, swap_in
from conftest import run_mkdocs, write
from safety_helpers import leftovers, snapshot

BULLETIN = "bulletins/2024/2024-03-04-bericht-stadtparteitag.md"


@pytest.fixture
def built(project: Path) -> tuple[Path, dict]:
    build = run_mkdocs(project)
    assert build.ok, build.log
    return project, snapshot(build.site)


def _add_hook(project: Path, code: str) -> None:
    """A second hook after ours, as a plugin of a future version might behave."""
    write(project / "hooks" / "test_breaker.py", code)
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "  - hooks/newsroom_mkdocs.py\n" in text
    config.write_text(text.replace("  - hooks/newsroom_mkdocs.py\n", "  - hooks/newsroom_mkdocs.py\n  - hooks/test_breaker.py\n"), encoding="utf-8")


def _assert_untouched(project: Path, before: dict, build) -> None:
    assert build.result.returncode != 0, build.log
    assert snapshot(project / "site") == before
    assert leftovers(project) == []


def test_content_error_keeps_the_site(built: tuple[Path, dict]) -> None:
    project, before = built
    path = project / BULLETIN
    path.write_text(path.read_text(encoding="utf-8").replace("date:", "datum:", 1), encoding="utf-8")
    build = run_mkdocs(project)
    _assert_untouched(project, before, build)
    assert f"{BULLETIN}, Zeile" in build.log


# The page hook raises only on the third page, so some pages are already written.
_MID_BUILD = """
count = 0
def on_post_page(output, page, config):
    global count
    count += 1
    if count == 3:
        raise {error}("Testfehler mitten im Bauen")
    return output
"""
_POST_BUILD = """
def on_post_build(config):
    raise RuntimeError("Testfehler nach dem Bauen")
"""


@pytest.mark.parametrize(
    "code",
    [_MID_BUILD.format(error="RuntimeError"), _MID_BUILD.format(error="KeyboardInterrupt"), _POST_BUILD],
    ids=["exception-mid-build", "interrupt-mid-build", "exception-in-post-build"],
)
def test_hook_exception_keeps_the_site(built: tuple[Path, dict], code: str) -> None:
    project, before = built
    _add_hook(project, code)
    build = run_mkdocs(project)
    _assert_untouched(project, before, build)
    assert "Die Website wurde nicht neu gebaut, die alte bleibt unverändert." in build.log


@pytest.mark.parametrize(
    "template",
    ['{% include "partials/gibt-es-nicht.html" %}', "{{ plan.card.title.nicht_da() }}"],
    ids=["missing-include", "undefined-call"],
)
def test_theme_error_keeps_the_site(built: tuple[Path, dict], template: str) -> None:
    project, before = built
    write(project / "overrides" / "partials" / "copyright.html", template)
    build = run_mkdocs(project)
    _assert_untouched(project, before, build)


def test_markdown_nested_too_deep_keeps_the_site_and_names_the_file(built: tuple[Path, dict]) -> None:
    project, before = built
    write(project / "bulletins/2024/2024-05-05-tief.md", "---\ntitle: Tief\ndate: 2024-05-05\n---\n" + "- " * 3000 + "Text\n")
    build = run_mkdocs(project)
    _assert_untouched(project, before, build)
    # The read stage refuses it with the line (read/render_limits.py), before Markdown recurses.
    assert "bulletins/2024/2024-05-05-tief.md, Zeile 5: Der Text ist zu tief verschachtelt" in build.log


def test_strict_warning_keeps_the_site_and_names_the_source(built: tuple[Path, dict]) -> None:
    """A link to a missing heading: our link check reports it now (with `make check` too);
    MkDocs' strict mode would have been the next to stop it."""
    project, before = built
    path = project / BULLETIN
    path.write_text(path.read_text(encoding="utf-8") + "\nSiehe [Kontakt](../../docs/kontakt.md#gibt-es-nicht).\n", encoding="utf-8")
    build = run_mkdocs(project)
    _assert_untouched(project, before, build)
    assert f"{BULLETIN}, Zeile" in build.log and "Der Verweis „../../docs/kontakt.md#gibt-es-nicht“ führt zu keinem Abschnitt" in build.log
    assert "die alte bleibt unverändert" in build.log


def test_strict_warning_about_a_missing_file(built: tuple[Path, dict]) -> None:
    # A missing photo or PDF is a content error now (check/photos.py, plan/attachments.py);
    # a missing file of another kind is still MkDocs' strict warning, translated.
    project, before = built
    kontakt = project / "docs" / "kontakt.md"
    kontakt.write_text(kontakt.read_text(encoding="utf-8") + "\n[Plakate](plakate.zip)\n", encoding="utf-8")
    build = run_mkdocs(project)
    _assert_untouched(project, before, build)
    assert "docs/kontakt.md: Der Verweis „plakate.zip“ führt ins Leere" in build.log


def test_without_strict_a_warning_does_not_stop_the_swap(built: tuple[Path, dict]) -> None:
    project, before = built
    write(project / "docs" / "bilder.md", "# Bilder\n\n[Plakate](plakate.zip)\n")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("strict: true", "strict: false"), encoding="utf-8")
    build = run_mkdocs(project)
    assert build.ok, build.log
    assert (project / "site" / "bilder" / "index.html").is_file()
    assert leftovers(project) == []


def test_success_replaces_the_whole_site(built: tuple[Path, dict]) -> None:
    project, before = built
    stale = ["old-page/index.html", ".geheim.html"]  # MkDocs itself never deletes dotfiles
    for name in stale:
        write(project / "site" / name, "alt")
    path = project / BULLETIN
    lines = path.read_text(encoding="utf-8").split("\n")
    lines = ['title: "Neu: Bericht vom Stadtparteitag"' if line.startswith("title:") else line for line in lines]
    path.write_text("\n".join(lines), encoding="utf-8")
    build = run_mkdocs(project)
    assert build.ok, build.log
    after = snapshot(project / "site")
    assert after != before
    assert "Neu: " in build.text("aktuelles/2024/bericht-stadtparteitag/index.html")
    for name in stale:
        assert name not in after
    assert leftovers(project) == []


def test_leftovers_of_a_killed_build_are_removed(built: tuple[Path, dict]) -> None:
    project, _ = built
    dead = project / ".site-staging-999999999"
    write(dead / "index.html", "halb")
    build = run_mkdocs(project)
    assert build.ok, build.log
    assert leftovers(project) == []


# --- the swap itself, without MkDocs ---------------------------------------------------

def test_swap_into_a_new_folder(tmp_path: Path) -> None:
    staging = tmp_path / ".site-staging-1"
    write(staging / "index.html", "neu")
    swap_in(staging, tmp_path / "site")
    assert (tmp_path / "site" / "index.html").read_text() == "neu"
    assert not staging.exists()


@pytest.mark.parametrize("exchange", [True, False], ids=["renameat2", "two-renames"])
def test_swap_replaces_an_existing_site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, exchange: bool) -> None:
    import build_guard

    if not exchange:
        monkeypatch.setattr(build_guard, "_exchange", lambda first, second: False)
    write(tmp_path / "site" / "alt.html", "alt")
    staging = tmp_path / ".site-staging-1"
    write(staging / "index.html", "neu")
    swap_in(staging, tmp_path / "site")
    assert sorted(p.name for p in (tmp_path / "site").iterdir()) == ["index.html"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_symlinked_site_dir_stays_a_symlink(tmp_path: Path) -> None:
    real = tmp_path / "www" / "site"
    write(real / "alt.html", "alt")
    link = tmp_path / "site"
    link.symlink_to(real)
    build = AtomicBuild.start(str(link), strict=True)
    assert build.staging.parent == real.parent
    write(build.staging / "index.html", "neu")
    assert build.finish({})
    assert link.is_symlink()
    assert sorted(p.name for p in link.iterdir()) == ["index.html"]


def test_leftovers_of_live_builds_are_kept(tmp_path: Path) -> None:
    alive = tmp_path / f".site-staging-{os.getppid()}"
    dead = tmp_path / ".site-old-999999999"
    other = tmp_path / ".site-cache"
    for folder in (alive, dead, other):
        folder.mkdir()
    remove_leftovers(tmp_path / "site")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([alive.name, other.name])


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        (
            "Doc file 'aktuelles/2024/x.md' contains a link '../kontakt.md#nix', but the doc 'kontakt.md' does not contain an anchor '#nix'.",
            "bulletins/2024/2024-01-01-x.md: Der Verweis „../kontakt.md#nix“ zeigt auf einen Abschnitt „#nix“, den es in „kontakt.md“ nicht gibt.",
        ),
        (
            "Doc file 'kontakt.md' contains an absolute link '/impressum/', it was left as is.",
            "docs/kontakt.md: Der Verweis „/impressum/“ beginnt mit „/“",
        ),
        (
            'The following pages exist in the docs directory, but are not included in the "nav" configuration:\n  - neu.md\n  - alt.md',
            "Diese Seiten liegen in docs/, stehen aber weder in „nav“ noch in „not_in_nav“ der mkdocs.yml: neu.md alt.md",
        ),
        ("Something else\n  entirely.", "Meldung von MkDocs (englisch): Something else entirely."),
    ],
)
def test_mkdocs_warnings_in_german(message: str, expected: str) -> None:
    sources = {"aktuelles/2024/x.md": "bulletins/2024/2024-01-01-x.md", "kontakt.md": "docs/kontakt.md"}
    assert german_warning(message, sources).startswith(expected)
