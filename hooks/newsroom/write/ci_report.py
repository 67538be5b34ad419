"""Content errors as CI annotations (pure): GitHub workflow commands and a GitLab
code-quality report, so that `make check` marks the editor's file and line in a pull
or merge request."""

from __future__ import annotations

import hashlib
import json

from ..errors import ContentError

TITLE = "Fehler in den Inhalten"


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def _message(error: ContentError) -> str:
    return f"Schlüssel „{error.key}“: {error.message}" if error.key else error.message


def github(errors: tuple[ContentError, ...] | list[ContentError]) -> str:
    """One `::error file=…,line=…,title=…::message` line per error."""
    lines = []
    for error in errors:
        props = [f"file={_property(error.path)}"]
        if error.line is not None:
            props.append(f"line={error.line}")
        props.append(f"title={_property(TITLE)}")
        lines.append(f"::error {','.join(props)}::{_data(_message(error))}")
    return "\n".join(lines) + ("\n" if lines else "")


def gitlab(errors: tuple[ContentError, ...] | list[ContentError]) -> str:
    """GitLab's code-quality report (a JSON list of Code Climate issues)."""
    issues = []
    for error in errors:
        fingerprint = hashlib.sha256(f"{error.path}\0{error.line}\0{error.key}\0{error.message}".encode()).hexdigest()
        issues.append(
            {
                "description": _message(error),
                "check_name": "newsroom-check",
                "fingerprint": fingerprint,
                "severity": "major",
                "location": {"path": error.path, "lines": {"begin": error.line or 1}},
            }
        )
    return json.dumps(issues, ensure_ascii=False, indent=2) + "\n"
