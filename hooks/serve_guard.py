"""`mkdocs serve` after a broken save: keep serving the last good site, show the errors.

MkDocs' live-reload server (mkdocs/livereload) rebuilds in a loop; a rebuild that
raises leaves its "visible epoch" behind, and every request waits for it ("the server
will appear stuck") until a later build succeeds. `guard(server)`, called from
`on_serve`, wraps the server's builder so that a failed rebuild does not raise:

- the serve folder keeps the last good site (the glue stages every build, as in
  `mkdocs build`, see `build_guard.py`), and the loop moves the epoch on as after a good
  build, so waiting requests are answered and browsers reload;
- the German lines the build logged (the same as `make check` and `mkdocs build`
  print: file, line, key) are kept and shown in a banner at the top of every HTML
  page served (`overrides/partials/serve-errors.html`, `role="alert"`, escaped by
  Jinja, no request anywhere); the terminal shows them once, without a traceback;
- the next good build clears the banner.

Private parts of MkDocs 1.6.1 this relies on (MkDocs is pinned exactly): the server's
`builder` attribute, which its build loop calls for each rebuild, and wsgiref's
`get_app`/`set_app` on the server. `guard` checks them and says so if they are gone.
The first build of `serve` runs before `on_serve`: a broken file then ends `serve` with
the same German messages as `mkdocs build` (nothing good to show yet).

No import of the core: this module only sees log records and exceptions.
"""

from __future__ import annotations

import functools
import logging
import re
import threading
from pathlib import Path
from typing import Callable, Iterable

import jinja2

log = logging.getLogger("mkdocs.hooks.newsroom")

TEMPLATE = Path(__file__).resolve().parent.parent / "overrides" / "partials" / "serve-errors.html"
_BODY = re.compile(rb"<body\b[^>]*>", re.IGNORECASE)
# MkDocs' own closing words after our German report (strict mode, template errors).
_ENGLISH_ABORT = re.compile(r"^Aborted with ")


class ServeErrors:
    """The German lines of the last failed rebuild; empty after a good one."""

    def __init__(self) -> None:
        self._lines: tuple[str, ...] = ()
        self._lock = threading.Lock()

    @property
    def lines(self) -> tuple[str, ...]:
        with self._lock:
            return self._lines

    def set(self, lines: Iterable[str]) -> None:
        with self._lock:
            self._lines = tuple(lines)


class _ErrorLog(logging.Handler):
    """Every error message logged while one rebuild runs."""

    def __init__(self) -> None:
        super().__init__(level=logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def report_lines(logged: list[str], error: BaseException) -> list[str]:
    """What editors see for a failed rebuild: the logged German lines, then the reason."""
    lines = [line.strip().removeprefix("- ") for message in logged for line in message.splitlines() if line.strip()]
    reason = str(error).strip() if isinstance(error, SystemExit) else ""
    if reason and not _ENGLISH_ABORT.match(reason) and reason not in lines:
        lines.append(reason)
    if not lines:
        lines.append(technical_line(error))
    return lines


def technical_line(error: BaseException) -> str:
    return (
        f"Beim Bauen ist ein Fehler aufgetreten ({type(error).__name__}: {error}). "
        "Das ist kein Fehler in deinem Text: bitte die Meldung an das Technik-Team weitergeben."
    )


def guarded(builder: Callable[..., None], errors: ServeErrors) -> Callable[..., None]:
    """`builder`, but a failure is recorded in `errors` and logged in German instead of raised."""

    def build(*args, **kwargs) -> None:
        caught = _ErrorLog()
        logger = logging.getLogger("mkdocs")
        logger.addHandler(caught)
        try:
            builder(*args, **kwargs)
        except (Exception, SystemExit) as error:  # Abort is a SystemExit
            lines = report_lines(caught.messages, error)
            errors.set(lines)
            logged = set(caught.messages)
            for line in lines:
                if not any(line in message for message in logged):
                    log.error(line)
            log.error(
                "Die Vorschau zeigt weiter den letzten fehlerfreien Stand (mit einem Hinweis oben auf jeder Seite). "
                "Nach dem nächsten Speichern wird neu gebaut."
            )
        else:
            if errors.lines:
                log.info("Die Fehler sind behoben; die Vorschau zeigt wieder den aktuellen Stand.")
            errors.set(())
        finally:
            logger.removeHandler(caught)

    return build


@functools.lru_cache(maxsize=4)  # every HTML request while errors stand: render them once
def banner(lines: tuple[str, ...]) -> bytes:
    environment = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
    template = environment.from_string(TEMPLATE.read_text(encoding="utf-8"))
    return template.render(lines=lines).encode("utf-8")


def with_banner(page: bytes, lines: tuple[str, ...]) -> bytes:
    """The page with the banner right after `<body…>` (at the very start without one)."""
    found = _BODY.search(page)
    at = found.end() if found else 0
    return page[:at] + banner(lines) + page[at:]


def banner_app(app, errors: ServeErrors):
    """A WSGI middleware: HTML answers get the banner while `errors` has lines."""

    def serve(environ, start_response):
        answer: dict = {}

        def remember(status, headers, exc_info=None):
            answer["status"], answer["headers"], answer["exc_info"] = status, headers, exc_info
            return lambda data: None  # the live-reload server never uses write()

        # The app waits for a running rebuild before it answers: read the errors after it.
        result = app(environ, remember)
        lines = errors.lines
        headers = answer.get("headers", [])
        content_type = next((value for key, value in headers if key.lower() == "content-type"), "")
        if not lines or not content_type.startswith("text/html"):
            start_response(answer["status"], headers, answer["exc_info"])
            return result
        try:
            body = b"".join(result)
        finally:
            getattr(result, "close", lambda: None)()
        body = with_banner(body, lines)
        headers = [(key, value) for key, value in headers if key.lower() != "content-length"]
        headers.append(("Content-Length", str(len(body))))
        start_response(answer["status"], headers, answer["exc_info"])
        return [body]

    return serve


def guard(server, errors: ServeErrors | None = None) -> ServeErrors | None:
    """Wrap the live-reload server's builder and its WSGI app; None if MkDocs changed."""
    missing = [name for name in ("builder", "get_app", "set_app") if not callable(getattr(server, name, None))]
    if missing:
        log.warning(
            "Hinweis für das Technik-Team: Der Vorschau-Server von MkDocs hat sich geändert "
            f"(es fehlt: {', '.join(missing)}; hooks/serve_guard.py passt zu MkDocs 1.6.1). "
            "Nach einem fehlerhaften Speichern bleibt die Vorschau daher stehen, bis der Fehler behoben ist."
        )
        return None
    errors = errors or ServeErrors()
    server.builder = guarded(server.builder, errors)
    server.set_app(banner_app(server.get_app(), errors))
    return errors
