"""`mkdocs serve` for tests: a free port, its output read all along, pages with a deadline."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

from conftest import EPOCH


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# A request made while a rebuild runs waits for it (MkDocs' design), and a rebuild of the
# sample site can take several seconds on a loaded machine; the bug this guards against
# was a request that never returned.
ANSWER_SECONDS = 30


def get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=ANSWER_SECONDS) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, ""


class Serving:
    """`mkdocs serve` on a free port; its output is read all along (and kept)."""

    def __init__(self, project: Path, config: str = "mkdocs.yml") -> None:
        port = free_port()
        env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "NO_MKDOCS_2_WARNING": "1"}
        self.base = f"http://127.0.0.1:{port}/"
        self.process = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "-f", config, "-a", f"127.0.0.1:{port}"],
            cwd=project, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        )
        self.lines: list[str] = []
        self._reader = threading.Thread(target=lambda: self.lines.extend(self.process.stdout), daemon=True)
        self._reader.start()

    @property
    def output(self) -> str:
        return "".join(self.lines)

    def page(self, path: str) -> str:
        """The page, answered within ANSWER_SECONDS (urlopen's timeout) or the test fails."""
        started = time.monotonic()
        status, text = get(self.base + path)
        assert time.monotonic() - started < ANSWER_SECONDS, f"{path} took {time.monotonic() - started:.1f} s"
        assert status == 200, (path, status)
        return text

    def wait_for(self, path: str, predicate, what: str, seconds: float = 60) -> str:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            try:
                text = self.page(path)
            except urllib.error.URLError as error:  # not listening yet; a hang is a timeout, not this
                if not isinstance(error.reason, ConnectionRefusedError) or self.process.poll() is not None:
                    raise
                time.sleep(0.2)
                continue
            if predicate(text):
                return text
            time.sleep(0.2)
        raise AssertionError(f"{what}; output:\n{self.output}")

    def stop(self) -> None:
        """Strg+C, as an editor ends it: MkDocs removes its temporary folder."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=20)
        self._reader.join(timeout=5)
