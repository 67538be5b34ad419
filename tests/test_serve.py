"""`mkdocs serve`: drafts are shown, and an edit in bulletins/ is picked up without a restart."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from conftest import EPOCH, write


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, ""


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
    port = _free_port()
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "NO_MKDOCS_2_WARNING": "1"}
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
        cwd=project, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    base = f"http://127.0.0.1:{port}/"
    try:
        assert _wait_for(lambda: _get(base)[0] == 200), "server did not start"
        status, draft = _get(base + "aktuelles/2026/jahresrueckblick-2026/")
        assert status == 200 and "Entwurf" in draft
        status, planned = _get(base + "aktuelles/2027/vorschau/")
        assert status == 200 and "geplant – erscheint am 10. Januar 2027" in planned
        assert "geplant</span>" in _get(base + "aktuelles/")[1]
        # The web editor talks to a local decap-server in the preview (never in a build).
        assert "local_backend:\n  url: http://127.0.0.1:8081/api/v1" in _get(base + "admin/config.yml")[1]
        write(
            project / "bulletins/2024/2024-07-01-neu-im-serve.md",
            "---\ntitle: Frisch geschrieben\ndate: 2024-07-01\n---\nGerade eben.\n",
        )
        assert _wait_for(lambda: "Frisch geschrieben" in _get(base + "aktuelles/")[1]), "edit was not picked up"
    finally:
        server.terminate()
        server.wait(timeout=20)


def test_serve_indexes_the_search_on_every_rebuild(project: Path):
    """Issue 15: `mkdocs serve` makes the Pagefind index too, anew after each edit."""
    port = _free_port()
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "NO_MKDOCS_2_WARNING": "1"}
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
        cwd=project, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    base = f"http://127.0.0.1:{port}/"

    def pages() -> int:
        status, text = _get(base + "pagefind/pagefind-entry.json")
        return json.loads(text)["languages"]["de"]["page_count"] if status == 200 else -1

    try:
        assert _wait_for(lambda: pages() > 0), "no search index served"
        before = pages()
        write(project / "bulletins/2024/2024-07-01-neu-im-serve.md",
              "---\ntitle: Frisch geschrieben\ndate: 2024-07-01\n---\nGerade eben.\n")
        assert _wait_for(lambda: pages() == before + 1), "the index was not made anew"
    finally:
        server.terminate()
        server.wait(timeout=20)
