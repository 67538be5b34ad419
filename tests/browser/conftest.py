"""Fixtures of the browser tests: the built sites served on 127.0.0.1, one Chromium.

Every xdist worker builds each site once into its own temporary folder (a build
takes about two seconds, less than coordinating workers would cost) and serves it
from a thread. Pages are opened in Debian's Chromium through Playwright; every
request a page makes is recorded, so tests can prove nothing leaves 127.0.0.1.
"""

from __future__ import annotations

import datetime as dt
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

from conftest import EPOCH, ROOT, run_mkdocs

from .site_server import SiteServer, serve

# Debian's build: `playwright install` cannot download a browser here (see Makefile).
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
VIEWPORTS = {
    "phone": {"width": 360, "height": 740},
    "desktop": {"width": 1280, "height": 800},
}
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
AXE_SCRIPT = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SITE_CONFIGS = {"public": "mkdocs.yml", "members": "mkdocs.members.yml"}
LOCAL_SCHEMES = {"data", "blob", "about"}
# The readers' clock starts at the build's "now", so scripts that compare dates with
# it (past events) agree with the pages whatever day the tests run.
BUILD_TIME = dt.datetime.fromtimestamp(int(EPOCH), tz=dt.timezone.utc)


@dataclass
class ServedSite:
    """A built site and the server that serves it (None: this branch cannot build it)."""

    name: str
    root: Path
    server: SiteServer | None

    def has(self, path: str) -> bool:
        return (self.root / path).is_file()

    def url(self, path: str = "") -> str:
        assert self.server is not None, f"the {self.name} site was not built"
        return self.server.url(path)

    def local_url(self, url: str) -> str:
        """An absolute link into the site (the test server's, https://… of its site_url,
        webcal://…) as the same path on the test server."""
        parts = urlsplit(url)
        assert parts.scheme and parts.netloc, f"not an absolute URL: {url}"
        return self.url(parts.path + (f"?{parts.query}" if parts.query else ""))

    def page_paths(self) -> list[str]:
        """Every HTML page as the path a reader opens: `aktuelles/`, `404.html` (not the
        web editor at `admin/`, which test_cms.py opens)."""
        paths = []
        for file in sorted(self.root.rglob("*.html")):
            relative = file.relative_to(self.root).as_posix()
            if relative.startswith("admin/"):
                continue  # the web editor: an application, not a page for readers (test_cms.py)
            paths.append(relative.removesuffix("index.html") if file.name == "index.html" else relative)
        return paths


def is_local(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in LOCAL_SCHEMES or parts.hostname == "127.0.0.1"


@dataclass
class Visit:
    """One page open in its own browser context, with every request it made."""

    page: Page
    site: ServedSite
    viewport: str
    requests: list[str] = field(default_factory=list)
    name: str = "page"  # what kind of page, for the screenshot's file name

    def outside_requests(self) -> list[str]:
        return [url for url in self.requests if not is_local(url)]

    def screenshot(self) -> Path:
        size = VIEWPORTS[self.viewport]
        path = SCREENSHOTS / f"{self.site.name}-{self.name}-{size['width']}x{size['height']}.png"
        path.parent.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=path, full_page=True)
        return path


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def sites(tmp_path_factory: pytest.TempPathFactory):
    served: dict[str, ServedSite] = {}
    try:
        for name, config in SITE_CONFIGS.items():
            target = tmp_path_factory.mktemp(f"site-{name}")
            build = run_mkdocs(ROOT, config=config, site_dir=str(target))
            assert build.ok, f"{config} did not build:\n{build.log}"
            served[name] = ServedSite(name, target, serve(target))
        yield served
    finally:
        for site in served.values():
            if site.server:
                site.server.stop()


@pytest.fixture(scope="session")
def public_site(sites: dict[str, ServedSite]) -> ServedSite:
    return sites["public"]


@pytest.fixture(scope="session")
def member_site(sites: dict[str, ServedSite]) -> ServedSite:
    return sites["members"]


@pytest.fixture(scope="session")
def browser():
    assert CHROMIUM.is_file(), f"{CHROMIUM} is missing: `make test` installs Debian's chromium"
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


# Material's search worker has loaded the index when the box asks for a term.
# Pages without search pass.
_SEARCH_READY = """() => {
  const meta = document.querySelector('.md-search-result__meta');
  const config = document.getElementById('__config');
  if (!meta || !config) return true;
  return meta.textContent.trim() === JSON.parse(config.textContent).translations['search.result.placeholder'];
}"""


def settle(page: Page, *, quiet: bool = True) -> None:
    """Wait until the page has loaded and Material's script has run; with `quiet`, also
    until its search worker is ready and the network is idle (`networkidle` alone fires
    early when a script starts late on a busy machine)."""
    page.wait_for_load_state("load")
    page.wait_for_function("document.documentElement.classList.contains('js')")  # set first by Material's script
    if quiet:
        page.wait_for_function(_SEARCH_READY)
        page.wait_for_load_state("networkidle")


def reader(browser: Browser, site: ServedSite, viewport: str = "desktop", *,
           clock: dt.datetime | None = None) -> tuple[Visit, BrowserContext]:
    """A blank page in a new browser context: a reader in Berlin whose clock runs from
    `clock` (by default the build's time); every request is recorded from the start."""
    context = browser.new_context(viewport=VIEWPORTS[viewport], locale="de-DE", timezone_id="Europe/Berlin")
    page = context.new_page()
    visit = Visit(page, site, viewport)
    context.on("request", lambda request: visit.requests.append(request.url))
    page.clock.set_system_time(clock or BUILD_TIME)
    return visit, context


@pytest.fixture
def open_page(browser: Browser):
    """`open_page(site, path, viewport="desktop", clock=None)` -> Visit: the page opened
    by a new reader and settled; closed after the test."""
    contexts = []

    def _open(site: ServedSite, path: str, viewport: str = "desktop", *, clock: dt.datetime | None = None) -> Visit:
        visit, context = reader(browser, site, viewport, clock=clock)
        contexts.append(context)
        response = visit.page.goto(site.url(path))
        assert response is not None and response.ok, f"/{path}: HTTP {response and response.status}"
        settle(visit.page)
        return visit

    yield _open
    for context in contexts:
        context.close()


def serious_violations(page: Page) -> list[str]:
    """axe-core's "serious" and "critical" findings on the page, one readable line each."""
    assert AXE_SCRIPT.is_file(), f"{AXE_SCRIPT} is missing: `make test` runs `npm ci`"
    # The steady state readers see: Material fades its tabs in (opacity transitions); axe
    # measuring colours midway reported a contrast that no finished page has.
    page.add_style_tag(content="*, *::before, *::after { transition: none !important; animation: none !important; }")
    page.evaluate("new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    page.add_script_tag(path=AXE_SCRIPT)
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} at "
        + ", ".join(" ".join(node["target"]) for node in violation["nodes"][:5])
        for violation in result["violations"]
        if violation["impact"] in ("serious", "critical")
    ]


def fetch(url: str) -> tuple[int, str, bytes]:
    """GET from a test server: status, Content-Type, body."""
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.status, response.headers.get("Content-Type", ""), response.read()
