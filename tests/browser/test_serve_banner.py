"""Issue 13 in the browser: a broken save while `mkdocs serve` runs reaches the open page
by live reload, as the last good page with the German errors on top; the banner passes
axe and asks nothing of any other host; the next good save takes it away again."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Browser

from conftest import ROOT
from serving import Serving

from .conftest import is_local, serious_violations

BULLETIN = "bulletins/2024/2024-03-04-bericht-stadtparteitag.md"
PAGE = "aktuelles/2024/bericht-stadtparteitag/"
SCREENSHOT = ROOT / "test-artifacts" / "screenshots" / "serve-broken-save-1280x800.png"


def _replace(project: Path, old: str, new: str) -> None:
    path = project / BULLETIN
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_broken_save_shows_the_banner_by_live_reload(browser: Browser, project: Path) -> None:
    serving = Serving(project)
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="de-DE")
    requests: list[str] = []
    context.on("request", lambda request: requests.append(request.url))
    try:
        serving.wait_for(PAGE, lambda text: "Bericht vom Stadtparteitag" in text, "no first build")
        page = context.new_page()
        page.goto(serving.base + PAGE)
        page.wait_for_load_state("load")
        assert page.locator('[role="alert"]').count() == 0
        _replace(project, "date: 2024-03-04", "date: 2024-13-04")
        alert = page.locator('[role="alert"]')
        alert.wait_for(timeout=30_000)  # no reload by hand: the live-reload script reloads
        assert f"{BULLETIN}, Zeile 3, Schlüssel „date“" in alert.inner_text()
        assert "Bericht vom Stadtparteitag" in page.locator("h1").first.inner_text()
        page.evaluate("window.scrollTo(0, 400)")  # stays in view wherever the editor reads
        assert abs(alert.bounding_box()["y"]) < 1 and alert.is_visible()
        SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=SCREENSHOT)
        assert serious_violations(page) == []
        _replace(project, "date: 2024-13-04", "date: 2024-03-04")
        alert.wait_for(state="detached", timeout=30_000)
        assert [url for url in requests if not is_local(url)] == []
    finally:
        context.close()
        serving.stop()
