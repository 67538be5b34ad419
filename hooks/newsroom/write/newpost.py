"""A new bulletin or event notice from the editors' template (`make neu`, `make termin`).

Pure: the template's text, the title, today's date and (for a notice) its start go
in; the file's project path and text come out, or a German message. The thin command
`hooks/newsroom_new.py` reads the template and the clock and writes the file. The
result is parsed by the same reader and schema as every source file, so a file this
makes always passes `make check` (or is not written).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass

from .. import dates
from ..model import Bulletin, Event
from ..read.reader import read_document
from ..read.schema import parse_content_file
from ..slugs import slugify

TEMPLATE = "_vorlage.md"
NOTICE_TEMPLATE = "_vorlage-termin.md"


class NewPostProblem(Exception):
    """What the editor has to change, in German."""


@dataclass(frozen=True)
class NewPost:
    path: str  # project path, e.g. bulletins/2025/2025-03-04-sofortinfo-maerz.md
    text: str


# Plain YAML scalars that need no quotes: no leading indicator, no ": " or " #" inside.
_PLAIN = re.compile(r"[^\s\-?:,\[\]{}#&*!|>'\"%@`][^\n]*")


def yaml_text(value: str) -> str:
    """A one-line text as a YAML value: plain when that reads back the same, else in
    double quotes (JSON's escaping is valid YAML)."""
    plain = (
        _PLAIN.fullmatch(value) and ": " not in value and " #" not in value and not value.endswith((":", " "))
        and value.lower() not in {"true", "false", "yes", "no", "on", "off", "null", "~"}
        and not re.fullmatch(r"[-+.\d:_eE]+", value)
    )
    return value if plain else json.dumps(value, ensure_ascii=False)


def _set_key(text: str, key: str, value: str | None) -> str:
    """The front matter's top-level `key:` line set to `value` (None: the line removed)."""
    pattern = re.compile(rf"^{key}:.*$\n?", re.MULTILINE)
    head, sep, body = text.partition("\n---\n")
    if not pattern.search(head):
        raise NewPostProblem(f"Die Vorlage hat keine Zeile „{key}:“; bitte die Vorlage prüfen.")
    head = pattern.sub("" if value is None else f"{key}: {value}\n", head, count=1)
    return head.rstrip("\n") + sep + body if sep else head


def new_post(
    template: str, title: str, today: dt.date, *, start: str | None = None, folder: str = "bulletins",
) -> NewPost:
    """A bulletin (start None) for `today`, `<folder>/<year>/<today>-<slug>.md`, or an
    event notice announced today, `<folder>/termine/<start day>-<slug>.md` (where the
    web editor keeps notices too). Raises NewPostProblem with a German message."""
    title = " ".join((title or "").split())
    if not title:
        example = 'make termin TITEL="Mitgliederversammlung" START="2025-03-04 19:00"' if start is not None else 'make neu TITEL="Sofortinfo März"'
        raise NewPostProblem(f"Bitte einen Titel angeben, z. B.: {example}")
    slug = slugify(title)
    if not slug:
        raise NewPostProblem(f"Aus dem Titel „{title}“ entsteht kein Dateiname; bitte Buchstaben oder Ziffern verwenden.")
    text = _set_key(template, "title", yaml_text(title))
    text = _set_key(text, "date", today.isoformat())
    if start is not None:
        if not start.strip():
            raise NewPostProblem('Bitte den Beginn angeben, z. B.: START="2025-03-04 19:00" (oder nur den Tag: START="2025-03-04").')
        try:
            when = dates.parse_when(start)
        except dates.DateProblem as exc:
            problem, _, hint = str(exc).partition("; ")
            raise NewPostProblem(f"START: {problem}, gefunden: „{start}“" + (f"; {hint}" if hint else ".")) from None
        text = _set_key(text, "start", dates.as_written(when))
        text = _set_key(text, "end", None)  # the editor adds an end if there is one
        path = f"{folder}/termine/{dates.as_written(when)[:10]}-{slug}.md"
    else:
        path = f"{folder}/{today.year}/{today.isoformat()}-{slug}.md"
    _check(text, path, notice=start is not None)
    return NewPost(path, text)


def _check(text: str, path: str, *, notice: bool) -> None:
    raw, problems = read_document(text.encode("utf-8"), path)
    item = None
    if raw is not None:
        item, more = parse_content_file(raw)
        problems = problems + more
    if problems:
        raise NewPostProblem("Die neue Datei wäre fehlerhaft:\n" + "\n".join(f"  {p}" for p in problems))
    expected = Event if notice else Bulletin
    if not isinstance(item, expected):
        kind = "eine Terminankündigung (mit „start:“)" if notice else "ein Beitrag (ohne „start:“)"
        raise NewPostProblem(f"Die Vorlage ergibt nicht {kind}; bitte die Vorlage prüfen.")
