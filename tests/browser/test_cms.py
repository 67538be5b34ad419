"""The web editor for real: Decap CMS from the public build, `decap-server` (npm, local
git backend) on a temporary git repository, Chromium through Playwright.

An editor writes a bulletin with a date, two topics, an event and a member passage,
and saves it (editorial workflow: a branch `cms/bulletins/…`); the file on that branch
passes `make check` and builds unchanged; the editor opens it again and changes it.
Every page the editor meets passes axe (no serious or critical finding: the collection,
the entry editor with every widget open, the text toolbar's menu, the review board, the
media library with an upload) and asks nothing of any host but 127.0.0.1. Every text,
name and tooltip there reads German (`_german`: none of Decap's English fallbacks, the
review board's date as 28.11.2026, "Termin hinzufügen", "Beitrag neu anlegen"); so do the
notices, a new notice with its repeat rule open and a standing page.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import time
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Browser, Page, expect

from conftest import ROOT, copy_project, run_mkdocs
from newsroom.write import cms
from photodata import phone_photo
from safety_helpers import run_check

from .conftest import CHROMIUM, is_local, serious_violations
from .site_server import serve

pytestmark = pytest.mark.slow

DECAP_SERVER = ROOT / "node_modules" / "decap-server" / "dist" / "index.js"
GIT_ENV = {"GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.org",
           "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "test@example.org"}
TITLE = "Vorschau Haushalt: März"
FILE = "bulletins/2026/2026-12-01-vorschau-haushalt-marz.md"  # Decap's slug: accents dropped
BRANCH = "cms/bulletins/2026/2026-12-01-vorschau-haushalt-marz"
MEMBER_TEXT = "Nur intern: Kassenstand cmsq0001x."


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _git(repo: Path, *args: str) -> str:
    result = subprocess.run(["git", *args], cwd=repo, env={**os.environ, **GIT_ENV}, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.fixture
def editor_setup(tmp_path: Path):
    """(repository, URL of /admin/): the public build with a local config.yml, decap-server."""
    assert DECAP_SERVER.is_file(), "decap-server is missing: `make test` runs `npm ci`"
    repo = copy_project(tmp_path / "repo")
    _git(repo, "init", "-q", "-b", "main")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-qm", "Beispielinhalt")
    build = run_mkdocs(repo, site_dir=str(tmp_path / "site"))
    assert build.ok, build.log
    published = (build.site / "admin/config.yml").read_text(encoding="utf-8")
    assert "local_backend" not in published
    port = _free_port()
    (build.site / "admin/config.yml").write_bytes(
        cms.config_yaml(cms.CmsOptions(), "http://127.0.0.1/", local=f"http://127.0.0.1:{port}/api/v1"))
    log = (tmp_path / "decap-server.log").open("w")
    server = subprocess.Popen(
        ["node", str(DECAP_SERVER)], stdout=log, stderr=subprocess.STDOUT,
        env={**os.environ, **GIT_ENV, "MODE": "git", "GIT_REPO_DIRECTORY": str(repo), "PORT": str(port), "BIND_HOST": "127.0.0.1"},
    )
    site = serve(build.site)
    try:
        deadline = time.monotonic() + 30
        while "listening" not in (tmp_path / "decap-server.log").read_text() and time.monotonic() < deadline:
            time.sleep(0.2)
        yield repo, site.url("admin/")
    finally:
        site.stop()
        server.terminate()
        server.wait(timeout=20)
        log.close()


def _axe_clean(page: Page, where: str) -> None:
    """No serious or critical axe finding on the page as it is now (admin-a11y.html)."""
    violations = serious_violations(page)
    assert violations == [], f"{where}:\n" + "\n".join(violations)


# What Decap's own words look like when they are English or when its German reads wrong
# (partials/admin-locale.html, admin-a11y.html): none of it may reach the editor.
ENGLISH = re.compile(
    r"\b(Add|Choose|Remove|Close|Expand|Collapse|Toggle|Notes?|Set \w+ to now|Account|options?|Image|Code Block"
    r"|Strikethrough|Rich Text|Invalid Date|Login|Select|notification|No \w+"
    r"|January|February|March|April|June|July|August|September|October|November|December)\b"
    r"|Beitrag vom Typ|Zurück zu allen|Egebnisse|\b[a-zäöü]\w* hinzufügen|\b\d+ [a-zäöü]\w*\b$"
)


def _german(page: Page, where: str) -> None:
    """Every text, name, tooltip and placeholder of the page as it is now reads German."""
    texts = page.evaluate("""() => {
      const found = document.body.innerText.split("\\n");
      document.querySelectorAll("[aria-label], [title], [placeholder], [alt]").forEach(element => {
        ["aria-label", "title", "placeholder", "alt"].forEach(name => found.push(element.getAttribute(name) || ""));
      });
      return found;
    }""")
    english = sorted({text.strip() for text in texts if ENGLISH.search(text.strip())})
    assert english == [], f"{where}: {english}"


def _save(page: Page) -> None:
    page.get_by_role("button", name="Speichern", exact=True).click()
    expect(page.get_by_text("Änderungen gespeichert", exact=False).first).to_be_visible(timeout=30_000)


def _checked_and_built(repo: Path, tmp_path: Path, name: str) -> str:
    """The bulletin as on the editor's branch, put into a copy of the project: `make check`
    passes and both sites build; returns the file's text."""
    text = _git(repo, "show", f"{BRANCH}:{FILE}")
    project = copy_project(tmp_path / name)
    (project / FILE).parent.mkdir(parents=True, exist_ok=True)
    (project / FILE).write_text(text, encoding="utf-8")
    check = run_check(project)
    assert check.returncode == 0, check.stderr + text
    public = run_mkdocs(project)
    assert public.ok, public.log
    members = run_mkdocs(project, config="mkdocs.members.yml")
    assert members.ok, members.log
    page = public.text("aktuelles/2026/vorschau-haushalt-marz/index.html")
    assert "Vorschau Haushalt: März" in page and "cmsq0001x" not in page
    assert "cmsq0001x" in members.text("aktuelles/2026/vorschau-haushalt-marz/index.html")
    assert (public.site / "termine/2026/vorschau-haushalt-marz/termin-1/index.html").is_file()
    return text


def test_write_a_bulletin_in_the_web_editor(browser: Browser, editor_setup, tmp_path: Path) -> None:
    assert CHROMIUM.is_file()
    repo, admin = editor_setup
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="de-DE", timezone_id="Europe/Berlin")
    requests: list[str] = []
    context.on("request", lambda request: requests.append(request.url))
    page = context.new_page()
    try:
        page.goto(admin)
        page.get_by_role("button", name="Anmelden", exact=True).click()  # the local server's sign-in (no password)
        # a sample bulletin, its date the German way (the collection's summary)
        expect(page.get_by_text("24.11.2026 · Unsere Termine bis Januar 2027").first).to_be_visible(timeout=30_000)
        page.wait_for_load_state("networkidle")
        _axe_clean(page, "collection")
        expect(page.get_by_role("link", name="Beitrag neu anlegen", exact=True)).to_be_visible()
        _german(page, "collection")
        # the templates of `make neu` / `make termin` are no bulletins to edit
        expect(page.get_by_text("Titel des Beitrags")).to_be_hidden()
        expect(page.get_by_text("Titel des Termins")).to_be_hidden()

        page.goto(admin + "#/collections/bulletins/new")
        page.get_by_label("Titel", exact=True).first.fill(TITLE)
        page.locator("input[type=date]").first.fill("2026-12-01")
        page.get_by_label("Schlagwörter (optional)").fill("Haushalt, Straßenbau")
        page.get_by_role("button", name="Termin hinzufügen", exact=True).click()
        expect(page.get_by_text("1 Termin", exact=True)).to_be_visible()  # the list's heading
        page.locator("[id^=title-field]").nth(1).fill("Haushaltsforum")
        page.locator("input[type=datetime-local]").first.fill("2027-01-20T18:00")
        place = page.get_by_label("Ort (optional)")
        place.fill("Rathaus")
        place.fill("")  # typed and emptied: Decap keeps "", the page's preSave handler drops it
        page.locator("[contenteditable=true]").first.click()
        page.keyboard.type("Der öffentliche Text.")
        # The menu button (without admin-a11y.html, the icon button inside it has the name too)
        page.get_by_role("button", name="Komponente hinzufügen").first.click()
        expect(page.get_by_role("menuitem", name="Nur für Mitglieder")).to_be_visible()
        expect(page.get_by_role("menuitem", name="Bild", exact=True)).to_be_visible()  # Decap's "Image"
        _axe_clean(page, "entry editor, the text toolbar's menu open")
        _german(page, "entry editor, the text toolbar's menu open")
        page.get_by_text("Nur für Mitglieder", exact=True).first.click()
        page.locator("textarea[id^=text-field]").fill(MEMBER_TEXT)
        headings = page.get_by_role("button", name="Überschriften")  # one control (the icon inside is inert)
        headings.focus()
        page.keyboard.press("Enter")
        expect(headings).to_have_attribute("aria-expanded", "true")
        page.keyboard.press("Escape")
        expect(headings).to_be_focused()
        preview = page.frame_locator("iframe").first
        expect(preview.locator(".admonition.members")).to_contain_text("cmsq0001x")  # marked in the preview
        # Every widget of the generated configuration open: the event's list item, tags,
        # date and time pickers, the member passage's block, the image field, the preview.
        _axe_clean(page, "entry editor")
        _german(page, "entry editor")
        expect(page.get_by_role("link", name="Zurück zur Liste „Beiträge“")).to_be_visible()
        _save(page)
        _axe_clean(page, "entry editor, saved (notice, status and publish buttons)")
        _german(page, "entry editor, saved")
        page.goto(admin + "#/workflow")
        expect(page.get_by_text(TITLE).first).to_be_visible(timeout=30_000)
        today = datetime.now(ZoneInfo("Europe/Berlin")).strftime("%d.%m.%Y")  # the card's date (last change)
        expect(page.get_by_text(re.compile(rf"^{re.escape(today)}\b")).first).to_be_visible()
        _axe_clean(page, "review board")
        _german(page, "review board")

        text = _checked_and_built(repo, tmp_path, "first")
        assert text.startswith('---\ntitle: "Vorschau Haushalt: März"\ndate: 2026-12-01\ntags:\n  - Haushalt\n  - Straßenbau\n')
        assert "events:\n  - title: Haushaltsforum\n    start: 2027-01-20 18:00\n---" in text
        assert f"\n/// members\n{MEMBER_TEXT}\n///\n" in text  # verbatim

        # Again, as an editor who comes back later: the saved entry, changed and saved.
        page.goto(admin + "#/collections/bulletins/entries/2026/2026-12-01-vorschau-haushalt-marz")
        summary = page.get_by_label("Zusammenfassung (optional)")
        expect(summary).to_be_visible(timeout=30_000)
        summary.fill("Der Haushaltsentwurf und ein Forum im Januar.")
        _save(page)
        again = _checked_and_built(repo, tmp_path, "second")
        assert "summary: Der Haushaltsentwurf und ein Forum im Januar.\n" in again
        assert f"\n/// members\n{MEMBER_TEXT}\n///\n" in again
        assert _git(repo, "branch", "--show-current").strip() == "main"  # nothing published without review

        # The photo upload (not saved: the entry's files stay as checked above).
        page.get_by_role("button", name="Bild auswählen", exact=True).click()
        page.get_by_role("dialog").locator("input[type=file]").set_input_files(
            {"name": "foto.jpg", "mimeType": "image/jpeg", "buffer": phone_photo(640, 480)})
        expect(page.get_by_role("dialog").get_by_text("foto.jpg")).to_be_visible(timeout=30_000)
        _axe_clean(page, "media library with an upload")
        _german(page, "media library with an upload")
    finally:
        context.close()
    outside = sorted({url for url in requests if not is_local(url)})
    assert outside == [], outside


def test_event_notices_and_pages_in_german(browser: Browser, editor_setup) -> None:
    """The other collections as a new editor meets them: the notices' list with German
    dates, a new notice with its repeat rule's lists open, a standing page; German words only."""
    _, admin = editor_setup
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="de-DE", timezone_id="Europe/Berlin")
    page = context.new_page()
    try:
        page.goto(admin)
        page.get_by_role("button", name="Anmelden", exact=True).click()
        page.goto(admin + "#/collections/notices")
        expect(page.get_by_text("15.01.2027, 18:00 Uhr · Neujahrsempfang 2027")).to_be_visible(timeout=30_000)
        expect(page.get_by_role("link", name="Terminankündigung neu anlegen", exact=True)).to_be_visible()
        _german(page, "notices")

        page.goto(admin + "#/collections/notices/new")
        page.get_by_role("button", name="Aufklappen").first.click()  # the repeat rule, collapsed
        page.get_by_role("button", name="Ausfalltag hinzufügen", exact=True).click()
        page.get_by_role("button", name="Änderung hinzufügen", exact=True).click()
        expect(page.get_by_text("1 Änderung", exact=True)).to_be_visible()
        _german(page, "new notice, repeat rule open")
        _axe_clean(page, "new notice, repeat rule open")

        page.once("dialog", lambda dialog: dialog.accept())  # leave the unsaved notice
        page.goto(admin + "#/collections/pages/entries/ueber-uns")
        expect(page.get_by_role("link", name="Zurück zur Liste „Feste Seiten“")).to_be_visible(timeout=30_000)
        _german(page, "standing page")
    finally:
        context.close()


def test_the_published_editor_before_sign_in(browser: Browser, public_site) -> None:
    """The public build's /admin/ as a visitor meets it: German, no content, nothing
    requested beyond 127.0.0.1 (the git host is asked only after sign-in), axe clean."""
    context = browser.new_context(locale="de-DE", timezone_id="Europe/Berlin")
    requests: list[str] = []
    context.on("request", lambda request: requests.append(request.url))
    page = context.new_page()
    try:
        page.goto(public_site.url("admin/"))
        expect(page.get_by_role("button", name="Mit GitHub einloggen")).to_be_visible(timeout=30_000)
        page.wait_for_timeout(1500)  # Decap keeps a connection open: no "networkidle"
        violations = serious_violations(page)
        assert violations == [], "\n".join(violations)
    finally:
        context.close()
    assert [url for url in requests if not is_local(url)] == []
    assert any(url.endswith("/admin/config.yml") for url in requests)
