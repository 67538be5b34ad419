"""A static file server for a built site on 127.0.0.1, run in a thread by the tests.

It answers like the production web server should: by file extension, with the
content types readers' tools rely on (calendar apps want `text/calendar`, feed
readers an XML type). Its log goes nowhere, so test output stays readable.
"""

from __future__ import annotations

import functools
import sys
import threading
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

# Extensions the standard table gets wrong or lacks, for the files our sites contain.
CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".ics": "text/calendar; charset=utf-8",
    ".xml": "application/xml; charset=utf-8",
    ".xsl": "text/xsl; charset=utf-8",
    ".json": "application/json",
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".gz": "application/gzip",
    ".map": "application/json",
    ".yml": "text/yaml; charset=utf-8",  # the web editor's config.yml
    ".wasm": "application/wasm",
}


class _QuietHandler(SimpleHTTPRequestHandler):
    extensions_map = {**SimpleHTTPRequestHandler.extensions_map, **CONTENT_TYPES}

    failures: list[str]  # "404 /feeds/sitemap.xml": every answer >= 400, set per server

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - the base class's name
        pass

    def log_request(self, code="-", size="-") -> None:
        status = int(code) if isinstance(code, int) or str(code).isdigit() else 0  # HTTPStatus is an int
        if status >= 400:
            self.failures.append(f"{status} {self.path}")


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        # A browser that closes a connection early (next page, context closed) is no error.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@dataclass
class SiteServer:
    """A running server; `url("aktuelles/")` is an absolute URL on it."""

    root: Path
    httpd: ThreadingHTTPServer
    thread: threading.Thread
    failures: list[str]  # every request answered with a status >= 400, in order

    @property
    def origin(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}"

    def url(self, path: str = "") -> str:
        return f"{self.origin}/{path.lstrip('/')}"

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=10)


def serve(root: Path) -> SiteServer:
    """Serve `root` on a free port of 127.0.0.1 until `stop()`."""
    failures: list[str] = []
    handler = functools.partial(type("_Handler", (_QuietHandler,), {"failures": failures}), directory=str(root))
    httpd = _Server(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, name=f"site-server-{root.name}", daemon=True)
    thread.start()
    return SiteServer(root, httpd, thread, failures)
