"""`mkdocs serve`: drafts are shown, and an edit in bulletins/ is picked up without a restart."""

from __future__ import annotations

import json
import time
import urllib.error
from pathlib import Path

from conftest import write
from serving import Serving, get


def _wait_for(predicate, seconds: float = 60) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if predicate():
                return True
        except (urllib.error.URLError, ConnectionError, OSError):
            pass
        time.sleep(0.3)
    return False


def test_serve_shows_drafts_and_reloads_bulletins(project: Path):
    # Planned: dated after the build's "now" (EPOCH); `serve` shows it, marked "geplant".
    write(project / "bulletins/2027/2027-01-10-vorschau.md", "---\ntitle: Vorschau Januar\ndate: 2027-01-10\n---\nBald.\n")
    serving = Serving(project)
    base = serving.base
    try:
        assert _wait_for(lambda: get(base)[0] == 200), "server did not start"
        status, draft = get(base + "aktuelles/2026/jahresrueckblick-2026/")
        assert status == 200 and "Entwurf" in draft
        status, planned = get(base + "aktuelles/2027/vorschau/")
        assert status == 200 and "geplant – erscheint am 10. Januar 2027" in planned
        assert "geplant</span>" in get(base + "aktuelles/")[1]
        # The web editor talks to a local decap-server in the preview (never in a build).
        assert "local_backend:\n  url: http://127.0.0.1:8081/api/v1" in get(base + "admin/config.yml")[1]
        write(
            project / "bulletins/2024/2024-07-01-neu-im-serve.md",
            "---\ntitle: Frisch geschrieben\ndate: 2024-07-01\n---\nGerade eben.\n",
        )
        assert _wait_for(lambda: "Frisch geschrieben" in get(base + "aktuelles/")[1]), "edit was not picked up"
    finally:
        serving.stop()


def test_serve_indexes_the_search_on_every_rebuild(project: Path):
    """Issue 15: `mkdocs serve` makes the Pagefind index too, anew after each edit."""
    serving = Serving(project)

    def pages() -> int:
        status, text = get(serving.base + "pagefind/pagefind-entry.json")
        return json.loads(text)["languages"]["de"]["page_count"] if status == 200 else -1

    try:
        assert _wait_for(lambda: pages() > 0), "no search index served"
        before = pages()
        write(project / "bulletins/2024/2024-07-01-neu-im-serve.md",
              "---\ntitle: Frisch geschrieben\ndate: 2024-07-01\n---\nGerade eben.\n")
        assert _wait_for(lambda: pages() == before + 1), "the index was not made anew"
    finally:
        serving.stop()


# Issue 13: a broken save while serving. The preview keeps its last good site, every
# request is answered at once, a German banner names file, line and key, and the next
# good save brings the preview back without a restart.
BULLETIN = "bulletins/2024/2024-03-04-bericht-stadtparteitag.md"
BULLETIN_PAGE = "aktuelles/2024/bericht-stadtparteitag/"
BANNER = 'role="alert" class="newsroom-serve-errors"'


def _replace(project: Path, relative: str, old: str, new: str) -> None:
    path = project / relative
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _assert_german_terminal(output: str) -> None:
    assert "Traceback" not in output, output
    assert "appear stuck" not in output and "An error happened" not in output, output
    assert "mkdocs_" not in output.split("Serving on", 1)[1], output  # no path of the serve folder


def _broken_save_and_repair(project: Path, config: str) -> str:
    serving = Serving(project, config)
    try:
        good = serving.wait_for(BULLETIN_PAGE, lambda text: "Bericht vom Stadtparteitag" in text, "no first build")
        assert BANNER not in good
        _replace(project, BULLETIN, "date: 2024-03-04", "date: 2024-13-04")
        broken = serving.wait_for(BULLETIN_PAGE, lambda text: BANNER in text, "no banner after a broken save")
        # The last good page, with the German errors on top: file, line, key, found value.
        assert "Bericht vom Stadtparteitag am 2. März 2024" in broken
        banner = broken.split(BANNER, 1)[1].split("</div>", 1)[0]
        assert f"{BULLETIN}, Zeile 3, Schlüssel „date“: den 4.13.2024 gibt es nicht" in banner
        assert "letzten fehlerfreien Stand" in banner
        assert broken.index(BANNER) < broken.index('class="md-header')  # first on the page
        # Pages not asked for before are there too (the whole last good site), with the banner.
        assert BANNER in serving.page("termine/") and BANNER in serving.page("")
        _replace(project, BULLETIN, "date: 2024-13-04", "date: 2024-03-04")
        _replace(project, BULLETIN, "title: Bericht vom Stadtparteitag", "title: Neuer Bericht vom Stadtparteitag")
        repaired = serving.wait_for(BULLETIN_PAGE, lambda text: "Neuer Bericht vom Stadtparteitag" in text, "not repaired")
        assert BANNER not in repaired, repaired.split(BANNER, 1)[1][:3000]
        assert BANNER not in serving.page("termine/")
    finally:
        serving.stop()
    output = serving.output
    _assert_german_terminal(output)
    assert f"{BULLETIN}, Zeile 3, Schlüssel „date“: den 4.13.2024 gibt es nicht" in output
    assert "Die Vorschau zeigt weiter den letzten fehlerfreien Stand" in output
    assert "Die Fehler sind behoben" in output
    return output


def test_serve_keeps_the_last_good_site_after_a_broken_save(project: Path) -> None:
    _broken_save_and_repair(project, "mkdocs.yml")


def test_member_serve_keeps_the_last_good_site_after_a_broken_save(project: Path) -> None:
    _broken_save_and_repair(project, "mkdocs.members.yml")


_BREAKER = """
import os
from pathlib import Path

def on_post_page(output, page, config):
    if (Path(config.config_file_path).parent / "BREAK").exists() and page.file.src_uri == "kontakt.md":
        raise RuntimeError("Testfehler mitten im Bauen")
    return output
"""


def test_serve_keeps_the_whole_site_when_a_build_fails_midway(project: Path) -> None:
    """A failure after MkDocs began writing: the serve folder is staged like `mkdocs build`."""
    write(project / "hooks/test_breaker.py", _BREAKER)
    _replace(project, "mkdocs.yml", "  - hooks/newsroom_mkdocs.py\n", "  - hooks/newsroom_mkdocs.py\n  - hooks/test_breaker.py\n")
    serving = Serving(project)
    try:
        serving.wait_for("", lambda text: "Stadtverband" in text, "no first build")
        before = {path: serving.page(path) for path in ("", "kontakt/", "termine/", BULLETIN_PAGE)}
        write(project / "BREAK", "")
        _replace(project, BULLETIN, "title: Bericht vom Stadtparteitag", "title: Nie gebauter Bericht")
        broken = serving.wait_for("kontakt/", lambda text: BANNER in text, "no banner after a failed build")
        assert "Beim Bauen ist ein Fehler aufgetreten" in broken and "Testfehler mitten im Bauen" in broken
        for path, text in before.items():  # every page as it was, only the banner added
            now = serving.page(path)
            assert BANNER in now and "Nie gebauter Bericht" not in now
            assert len(now) > len(text) and now.split("<body", 1)[0] == text.split("<body", 1)[0]
        (project / "BREAK").unlink()
        _replace(project, BULLETIN, "title: Nie gebauter Bericht", "title: Doch gebauter Bericht")
        repaired = serving.wait_for(BULLETIN_PAGE, lambda text: "Doch gebauter Bericht" in text, "not repaired")
        assert BANNER not in repaired
    finally:
        serving.stop()
    _assert_german_terminal(serving.output)


def test_serve_with_a_broken_file_from_the_start_ends_in_german(project: Path) -> None:
    """Nothing good to show yet: `serve` ends at once with the build's German messages."""
    _replace(project, BULLETIN, "date: 2024-03-04", "date: 2024-13-04")
    serving = Serving(project)
    try:
        assert serving.process.wait(timeout=120) == 1
    finally:
        serving.stop()
    output = serving.output
    assert f"{BULLETIN}, Zeile 3, Schlüssel „date“: den 4.13.2024 gibt es nicht" in output
    assert "Abgebrochen: Bitte die oben genannten Fehler in den Inhalten beheben." in output
    assert "Traceback" not in output and "Serving on" not in output


def test_serve_shows_a_page_outside_the_navigation_in_german(project: Path) -> None:
    """What strict MkDocs would stop on; our check names it first, in German, with the file."""
    serving = Serving(project)
    try:
        serving.wait_for("", lambda text: "Stadtverband" in text, "no first build")
        write(project / "docs/neu.md", "# Neu\n\nText\n")
        page = serving.wait_for("kontakt/", lambda text: BANNER in text, "no banner after a strict-mode problem")
        banner = page.split(BANNER, 1)[1].split("</div>", 1)[0]
        assert "docs/neu.md: Diese Seite steht nicht in der Navigation." in banner
        assert "Abgebrochen: Bitte die oben genannten Fehler in den Inhalten beheben." in banner
        assert "Aborted" not in banner
        assert get(serving.base + "neu/")[0] == 404  # the last good site, not the refused build
        (project / "docs/neu.md").unlink()
        serving.wait_for("kontakt/", lambda text: BANNER not in text, "banner stayed after the repair")
    finally:
        serving.stop()
    _assert_german_terminal(serving.output)
    assert "Aborted with" not in serving.output
