"""`hooks/serve_guard.py` as pure functions: the banner, the WSGI wrapper, the builder."""

from __future__ import annotations

import logging

import pytest
from mkdocs.exceptions import Abort
from serve_guard import ServeErrors, banner_app, guard, guarded, report_lines, with_banner

PAGE = b'<!doctype html><html><head><title>x</title></head><body class="a">\n<p>Inhalt</p></body></html>'


def _app(body: bytes, content_type: str = "text/html"):
    def app(environ, start_response):
        start_response("200 OK", [("Content-Type", content_type), ("Content-Length", str(len(body)))])
        return [body]

    return app


def _call(app) -> tuple[str, dict, bytes]:
    answer = {}

    def start_response(status, headers, exc_info=None):
        answer["status"], answer["headers"] = status, dict(headers)

    body = b"".join(app({"PATH_INFO": "/"}, start_response))
    return answer["status"], answer["headers"], body


def test_banner_is_escaped_accessible_and_first_in_the_body() -> None:
    page = with_banner(PAGE, ("bulletins/a.md, Zeile 2, Schlüssel „title“: <script>alert(1)</script> & mehr",))
    text = page.decode("utf-8")
    assert text.index('<body class="a">') < text.index('role="alert"') < text.index("<p>Inhalt</p>")
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; mehr" in text and "<script>" not in text
    assert "http" not in text.split('role="alert"', 1)[1].split("</div>", 1)[0]  # no request anywhere
    assert with_banner(b"<p>ohne body</p>", ("x",)).startswith(b'<div role="alert"')


def test_banner_only_on_html_and_only_while_there_are_errors() -> None:
    errors = ServeErrors()
    status, headers, body = _call(banner_app(_app(PAGE), errors))
    assert body == PAGE and headers["Content-Length"] == str(len(PAGE))
    errors.set(["bulletins/a.md, Zeile 3, Schlüssel „date“: falsch"])
    status, headers, body = _call(banner_app(_app(PAGE), errors))
    assert status == "200 OK" and "Zeile 3, Schlüssel „date“".encode() in body
    assert headers["Content-Length"] == str(len(body))
    status, headers, body = _call(banner_app(_app(b"1234", "text/plain"), errors))  # live-reload poll
    assert body == b"1234"
    errors.set(())
    assert _call(banner_app(_app(PAGE), errors))[2] == PAGE


def test_report_lines_keep_the_german_report_and_drop_english_endings() -> None:
    logged = ["1 Fehler in den Inhalten – …:\n  - bulletins/a.md, Zeile 3: falsch\nHilfe: …"]
    lines = report_lines(logged, Abort("Abgebrochen: Bitte die oben genannten Fehler in den Inhalten beheben."))
    assert lines == ["1 Fehler in den Inhalten – …:", "bulletins/a.md, Zeile 3: falsch", "Hilfe: …",
                     "Abgebrochen: Bitte die oben genannten Fehler in den Inhalten beheben."]
    assert report_lines(["Deutsch."], Abort("Aborted with 2 warnings in strict mode!")) == ["Deutsch."]
    assert report_lines([], KeyError("x"))[0].startswith("Beim Bauen ist ein Fehler aufgetreten (KeyError: 'x')")


def test_a_failed_rebuild_is_recorded_not_raised_and_a_good_one_clears_it(caplog: pytest.LogCaptureFixture) -> None:
    errors = ServeErrors()
    failing = True

    def builder() -> None:
        if failing:
            logging.getLogger("mkdocs.hooks.newsroom").error("bulletins/a.md, Zeile 3: falsch")
            raise Abort("Abgebrochen: Bitte beheben.")

    build = guarded(builder, errors)
    with caplog.at_level(logging.INFO, logger="mkdocs"):
        build()
    assert errors.lines == ("bulletins/a.md, Zeile 3: falsch", "Abgebrochen: Bitte beheben.")
    assert "letzten fehlerfreien Stand" in caplog.text
    failing = False
    build()
    assert errors.lines == ()


def test_guard_says_so_when_mkdocs_changed(caplog: pytest.LogCaptureFixture) -> None:
    class Changed:  # a server without the builder attribute MkDocs 1.6.1 has
        def get_app(self):
            return None

        def set_app(self, app):
            pass

    with caplog.at_level(logging.WARNING, logger="mkdocs"):
        assert guard(Changed()) is None
    assert "es fehlt: builder" in caplog.text and "MkDocs 1.6.1" in caplog.text
