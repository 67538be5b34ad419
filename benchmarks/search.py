"""The site search (Pagefind) against Material's search, measured in Chromium.

    python benchmarks/search.py --sizes 1000,10000

For each size N it generates the benchmark corpus (benchmarks/run.py: N bulletins and
N/5 event notices), builds our public site (with its Pagefind index) and the bare
MkDocs baseline (Material's search, `lang: de`) once each, then opens a bulletin page
of each in Chromium (Debian's, through Playwright) served from 127.0.0.1 and counts,
with the DevTools protocol, the bytes each response took on the wire:

- first page view: bytes of search files (index, scripts) before the field is touched;
- from focusing the field to the first results for a common word ("Stadtrat");
- time from the last keystroke to the results drawn (the word typed letter by letter,
  its results without the last letter awaited, then the last key; the median and
  maximum of several words), and the first search (focus to results, nothing loaded);
- build time: our build's wall time, the seconds the build spent on indexing (its log
  line: handing pages to Pagefind and waiting for it at the end; Pagefind itself works
  beside the rendering on the other core) as a share of the rest, and the ratio to the
  baseline.

Results go to benchmarks/out/search/results.md and .json. Targets (issue 15): at the
largest N <= 300 KB to first results, <= 300 ms from last keystroke, indexing <= 10 %
of the build, ratio to baseline <= 1.15, no search bytes on the first page view.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import re
import statistics
import sys
import threading
from dataclasses import dataclass, field
from http.server import ThreadingHTTPServer
from pathlib import Path

from run import ROOT, build, prepare, save

sys.path.insert(0, str(ROOT / "tests" / "browser"))
from site_server import _QuietHandler  # noqa: E402 - the tests' server: same content types

from playwright.sync_api import sync_playwright  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
COMMON_WORD = "Stadtrat"
TIMED_WORDS = ("Stadtrat", "Haushalt", "Krankenhaus", "Sozialticket", "Bürgerforum")
KB = 1000
MAX_KB = 300
MAX_MS = 300
MAX_INDEX_SHARE = 0.10
MAX_RATIO = 1.15
_SEARCH_FILE = re.compile(r"/(?:pagefind/|search/search_index\.json|assets/javascripts/(?:workers/search|lunr/|suche\.js))")
_FILTER_FILE = re.compile(r"/pagefind/(?:\d{4}[a-z0-9_-]*/)?filter/")  # of the index or one of its year parts
_INDEX_LINE = re.compile(r"Suchindex \(Pagefind\) erstellt in ([\d.]+) s \(CPU ([\d.]+) s\)")


@dataclass
class Site:
    first_view_search_bytes: int = 0  # search files loaded before the field is touched
    first_view_bytes: int = 0
    to_results_bytes: int = 0  # from focus to the first results of COMMON_WORD
    to_results_requests: int = 0
    first_search_ms: float = 0.0  # focus, type the word at once, results drawn
    keystroke_ms: list[float] = field(default_factory=list)  # last keystroke -> results


@dataclass
class Result:
    size: int
    ours_wall: float
    base_wall: float
    ours_cpu: float
    base_cpu: float
    index_seconds: float
    index_cpu: float
    index_files: int
    index_bytes: int
    ours: Site
    base: Site

    @property
    def index_share(self) -> float:
        return self.index_seconds / (self.ours_wall - self.index_seconds)

    @property
    def index_cpu_share(self) -> float:
        return self.index_cpu / (self.ours_cpu - self.index_cpu)

    @property
    def ratio(self) -> float:
        return self.ours_wall / self.base_wall

    @property
    def cpu_ratio(self) -> float:
        return self.ours_cpu / self.base_cpu


class _Meter:
    """Bytes on the wire per finished request (Playwright's sizes: headers and body as
    sent; the test server does not compress, Pagefind's files are gzip files already).
    Requests of the page's workers are included (Pagefind fetches from one)."""

    def __init__(self, page):
        self.done: list = []
        page.on("requestfinished", lambda request: self.done.append(request))

    def mark(self) -> int:
        return len(self.done)

    def since(self, mark: int) -> list[tuple[str, int]]:
        found = []
        for request in self.done[mark:]:
            sizes = request.sizes()
            found.append((request.url, sizes["responseBodySize"] + sizes["responseHeadersSize"]))
        return found


def _serve(root: Path):
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(root)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def _a_bulletin(site: Path) -> str:
    """The first bulletin's page: `aktuelles/<year>/<slug>/` in ours, `<year>/<slug>/` in the baseline."""
    for path in sorted(site.glob("20*/*/index.html")) + sorted(site.glob("aktuelles/20*/*/index.html")):
        return path.parent.relative_to(site).as_posix() + "/"
    raise SystemExit(f"no bulletin page in {site}")


_OURS = {
    "box": "#nr-search-input",
    "done": "q => { const s = document.querySelector('.nr-search__status'); return s && s.textContent.includes('Treffer') && s.textContent.includes(q); }",
    "open": None,
}
_MATERIAL = {
    "box": "input.md-search__input",
    "done": "q => { const m = document.querySelector('.md-search-result__meta'); const i = document.querySelector('input.md-search__input');"
            " return m && i && i.value === q && /\\d|Keine/.test(m.textContent); }",
    "open": "label.md-header__button[for='__search']",
}


def measure_site(browser, root: Path, page_path: str, kind: dict) -> Site:
    server, base = _serve(root)
    result = Site()
    try:
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        meter = _Meter(page)
        page.goto(base + page_path, wait_until="networkidle")
        page.wait_for_timeout(500)
        first = meter.since(0)
        result.first_view_bytes = sum(size for _, size in first)
        result.first_view_search_bytes = sum(size for url, size in first if _SEARCH_FILE.search(url))
        mark = meter.mark()
        started = page.evaluate("performance.now()")
        if kind["open"] and page.locator(kind["open"]).is_visible():
            page.locator(kind["open"]).click()
        page.locator(kind["box"]).focus()
        page.locator(kind["box"]).fill(COMMON_WORD)
        page.locator(kind["box"]).press("End")  # Material reads the field on keyup
        page.wait_for_function(kind["done"], arg=COMMON_WORD, timeout=120_000)
        result.first_search_ms = page.evaluate("performance.now()") - started
        page.wait_for_timeout(300)  # responses finishing just after the results are drawn
        received = meter.since(mark)
        # Only what the first results needed: Pagefind loads the filter values after them.
        needed = [(url, size) for url, size in received if not _FILTER_FILE.search(url)]
        result.to_results_bytes = sum(size for _, size in needed)
        result.to_results_requests = len(needed)
        for word in TIMED_WORDS:
            result.keystroke_ms.append(_keystroke_ms(page, kind, word))
        page.close()
    finally:
        server.shutdown()
    return result


def _keystroke_ms(page, kind: dict, word: str) -> float:
    """Type `word` letter by letter; ms from the last key press to its results drawn.

    Before the last key, the results for the word without it are awaited, so the time
    is the last key's alone, not a queue of earlier searches.
    """
    box = page.locator(kind["box"])
    box.fill("")
    box.press_sequentially(word[:-1], delay=60)
    page.wait_for_function(kind["done"], arg=word[:-1], timeout=60_000)
    page.wait_for_timeout(300)
    page.evaluate("() => { window.__lastKey = null; document.addEventListener('keydown', () => { window.__lastKey = performance.now(); }, { capture: true, once: true }); }")
    box.press(word[-1])
    page.wait_for_function(kind["done"], arg=word, timeout=60_000, polling="raf")
    return page.evaluate("performance.now() - window.__lastKey")


def measure(size: int, seed: int, out: Path) -> Result:
    print(f"N = {size}: generating …", flush=True)
    ours, base, _ = prepare(size, seed, out)
    ours_sample = build(ours, ours / "build.log")
    print(f"  ours built in {ours_sample.wall:.1f} s", flush=True)
    base_sample = build(base, base / "build.log")
    print(f"  base built in {base_sample.wall:.1f} s", flush=True)
    found = _INDEX_LINE.search((ours / "build.log").read_text(encoding="utf-8"))
    index = [p for p in (ours / "site" / "pagefind").rglob("*") if p.is_file()]
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        ours_site = measure_site(browser, ours / "site", _a_bulletin(ours / "site"), _OURS)
        base_site = measure_site(browser, base / "site", _a_bulletin(base / "site"), _MATERIAL)
        browser.close()
    if not found:
        raise SystemExit(f"no indexing time in {ours / 'build.log'}")
    return Result(size, ours_sample.wall, base_sample.wall, ours_sample.cpu, base_sample.cpu,
                  float(found.group(1)), float(found.group(2)), len(index), sum(p.stat().st_size for p in index), ours_site, base_site)


def report(results: list[Result]) -> tuple[str, bool]:
    lines = ["| N | site | search bytes, first view | focus → first results | requests | first search | last keystroke → results (median, max) |",
             "|---|---|---|---|---|---|---|"]
    for r in results:
        for name, site in (("Pagefind (ours)", r.ours), ("Material (baseline)", r.base)):
            lines.append(f"| {r.size} | {name} | {site.first_view_search_bytes / KB:.1f} KB | {site.to_results_bytes / KB:.1f} KB | "
                         f"{site.to_results_requests} | {site.first_search_ms:.0f} ms | "
                         f"{statistics.median(site.keystroke_ms):.0f} ms, {max(site.keystroke_ms):.0f} ms |")
    lines.append("")
    lines.append("| N | ours build s (CPU) | indexing s (CPU) | indexing / rest, wall (CPU) | base build s (CPU) | ratio, wall (CPU) | index files | index size |")
    lines.append("|---|---|---|---|---|---|---|---|")
    for r in results:
        lines.append(f"| {r.size} | {r.ours_wall:.1f} ({r.ours_cpu:.1f}) | {r.index_seconds:.1f} ({r.index_cpu:.1f}) | "
                     f"{r.index_share:.1%} ({r.index_cpu_share:.1%}) | {r.base_wall:.1f} ({r.base_cpu:.1f}) | "
                     f"{r.ratio:.3f} ({r.cpu_ratio:.3f}) | {r.index_files} | {r.index_bytes / 1e6:.1f} MB |")
    largest = results[-1]
    checks = [
        (f"focus → first results <= {MAX_KB} KB at N = {largest.size}", largest.ours.to_results_bytes <= MAX_KB * KB,
         f"{largest.ours.to_results_bytes / KB:.1f} KB"),
        (f"last keystroke → results <= {MAX_MS} ms at N = {largest.size} (max of {len(TIMED_WORDS)} words)",
         max(largest.ours.keystroke_ms) <= MAX_MS, f"{max(largest.ours.keystroke_ms):.0f} ms"),
        (f"indexing <= {MAX_INDEX_SHARE:.0%} of the build at N = {largest.size}", largest.index_share <= MAX_INDEX_SHARE,
         f"{largest.index_share:.1%}"),
        (f"indexing CPU <= {MAX_INDEX_SHARE:.0%} of the build's CPU at N = {largest.size}",
         largest.index_cpu_share <= MAX_INDEX_SHARE, f"{largest.index_cpu_share:.1%}"),
        (f"ratio to baseline <= {MAX_RATIO} at N = {largest.size} (one build each)", largest.ratio <= MAX_RATIO, f"{largest.ratio:.3f}"),
        (f"CPU ratio to baseline <= {MAX_RATIO} at N = {largest.size}", largest.cpu_ratio <= MAX_RATIO, f"{largest.cpu_ratio:.3f}"),
    ]
    checks += [(f"no search bytes on the first page view at N = {r.size}", r.ours.first_view_search_bytes == 0,
                f"{r.ours.first_view_search_bytes} B") for r in results]
    lines.append(f"\nload average (1 min) at the end: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores; bytes are "
                 "uncompressed HTTP (the test server does not compress; Pagefind's files are gzip files already).")
    lines.append("")
    lines += [f"{'ok  ' if ok else 'FAIL'} {name}: {value}" for name, ok, value in checks]
    return "\n".join(lines), all(ok for _, ok, _ in checks)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000", help="bulletin counts, comma-separated (default 1000,10000)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "out" / "search")
    parser.add_argument("--check", action="store_true", help="exit 1 when a target is missed")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    results = [measure(size, args.seed, args.out) for size in sorted(int(s) for s in args.sizes.split(","))]
    text, ok = report(results)
    save(args.out, text, results)
    return 0 if ok or not args.check else 1


if __name__ == "__main__":
    sys.exit(main())
