"""Content errors: German messages for editors, naming file, line and key."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class ContentError:
    path: str
    line: int | None
    key: str | None
    message: str  # German, complete sentence(s): what was expected, what was found

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}, Zeile {self.line}"
        if self.key:
            where += f", Schlüssel „{self.key}“"
        return f"{where}: {self.message}"


class ContentErrors(Exception):
    """Raised once, with every problem found, so that editors fix them all in one go."""

    def __init__(self, errors: list[ContentError] | tuple[ContentError, ...]):
        self.errors = tuple(sorted(errors, key=_sort_key))
        super().__init__(self.report())

    def report(self, consequence: str = "die Website wurde nicht neu gebaut, die alte bleibt unverändert") -> str:
        count = len(self.errors)
        head = "1 Fehler in den Inhalten" if count == 1 else f"{count} Fehler in den Inhalten"
        lines = [f"{head} – {consequence}:"]
        lines += [f"  - {error}" for error in self.errors]
        lines.append("Hilfe zu jeder Meldung: bulletins/README.md, Abschnitt „Fehlermeldungen“.")
        return "\n".join(lines)


def _sort_key(error: ContentError) -> tuple:
    return (error.path, error.line or 0, error.key or "", error.message)


def shown(value: object, limit: int = 60) -> str:
    """A found value as editors should see it in a message: quoted, shortened."""
    if value is None:
        return "nichts (leer)"
    if isinstance(value, bool):
        return "ja" if value else "nein"
    if isinstance(value, (list, tuple)):
        return "eine Liste"
    if isinstance(value, dict):
        return "eine Zuordnung (Schlüssel: Wert)"
    text = str(value).replace("\n", " ")
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return f"„{text}“"
