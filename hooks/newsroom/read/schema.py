"""Validate front matter into the typed model; every problem is collected, none raised.

The keys and their types are a table (`BULLETIN_KEYS`, `NOTICE_KEYS`, `EVENT_KEYS`), so
adding a key is one line and every key gets the same checks and messages.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Any, Callable

from .. import dates
from ..errors import ContentError, shown
from ..model import Audience, Bulletin, Event, EventStatus, Source, When
from .body_rules import find_problems
from .reader import RawDocument
from ..slugs import slugify
from ..slugs import VALID_SLUG, date_prefix_year, slug_from_filename

# German words editors type for our English keys: "meinten Sie …?" hints.
_SYNONYMS = {
    "titel": "title", "überschrift": "title", "datum": "date", "veröffentlicht": "date",
    "zusammenfassung": "summary", "teaser": "summary", "beschreibung": "summary",
    "description": "summary", "autor": "authors", "autoren": "authors", "author": "authors",
    "autorin": "authors", "schlagworte": "tags", "schlagwörter": "tags", "themen": "tags",
    "tag": "tags", "kategorien": "tags", "categories": "tags", "zielgruppe": "audience",
    "publikum": "audience", "sichtbarkeit": "audience", "entwurf": "draft", "beginn": "start",
    "anfang": "start", "ende": "end", "ort": "location", "adresse": "location",
    "place": "location", "link": "online", "url": "online", "termine": "events",
    "zustand": "status", "kurzname": "slug",
    # Recurring dates (read/repeat.py): `repeat` and the keys inside it.
    "wiederholung": "repeat", "wiederholen": "repeat", "wiederholt": "repeat", "wiederkehrend": "repeat",
    "serie": "repeat", "recurrence": "repeat", "rrule": "repeat", "repeats": "repeat",
    "rhythmus": "every", "jede": "every", "jeden": "every", "intervall": "interval", "abstand": "interval",
    "am": "on", "bis": "until", "anzahl": "count", "mal": "count", "außer": "except", "ausser": "except",
    "ausnahmen": "except", "ausfälle": "except", "ausfall": "except", "änderungen": "changes",
    "aenderungen": "changes", "abweichungen": "changes",
}


class _Invalid(Exception):
    """One value's problem: a German 'expected …, found …' text."""


def _text(value: Any) -> str:
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise _Invalid(f"erwartet Text, gefunden: {shown(value)}")
    text = str(value).strip()
    if not text:
        raise _Invalid("erwartet Text, gefunden: nichts (leer)")
    if "\n" in text and len(text.split("\n")) > 12:
        raise _Invalid("erwartet einen kurzen Text, gefunden: einen sehr langen, mehrzeiligen Text")
    return text


# `<b>`, `</script>`, `<!--`: markup pasted from a web page or another CMS.
_HTML_TAG = re.compile(r"<\s*/?\s*[A-Za-z!?]")


def _line_text(value: Any) -> str:
    text = _text(value)
    tag = _HTML_TAG.search(text)
    if tag:
        # One-line texts (titles, places, tags, names) are shown as plain text everywhere
        # (pages, <title>, feeds, calendars); HTML in them is always a paste mistake.
        raise _Invalid(
            "erwartet reinen Text ohne HTML-Auszeichnungen wie „<b>“ oder „<script>“, gefunden: "
            f"{shown(text[tag.start():])}; bitte die spitzen Klammern und was dazwischen steht entfernen"
        )
    return " ".join(text.split())  # titles and places are one line


def _text_list(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        raise _Invalid(
            f"erwartet eine Liste wie [{value.strip()}] oder mit „- “ je Zeile, gefunden: den Text {shown(value)}"
        )
    if not isinstance(value, list):
        raise _Invalid(f"erwartet eine Liste von Texten, gefunden: {shown(value)}")
    items = []
    for item in value:
        try:
            items.append(_line_text(item))
        except _Invalid as exc:
            raise _Invalid(f"ein Eintrag der Liste ist ungültig: {exc}") from None
    return tuple(dict.fromkeys(items))  # keep order, drop repeats


def _bool(value: Any) -> bool:
    if not isinstance(value, bool):
        hint = {"ja": "; meinten Sie true?", "nein": "; meinten Sie false?"}.get(str(value).strip().lower(), "")
        raise _Invalid(f"erwartet true oder false, gefunden: {shown(value)}{hint}")
    return value


def _when(value: Any) -> When:
    try:
        return dates.parse_when(value)
    except dates.DateProblem as exc:
        problem, _, hint = str(exc).partition("; ")  # the hint goes after what was found
        raise _Invalid(f"{problem}, gefunden: {shown(value)}" + (f"; {hint}" if hint else "")) from None


# German words editors type for our English values.
_VALUE_SYNONYMS = {
    "öffentlich": "public", "alle": "public", "mitglieder": "members", "mitglied": "members",
    "intern": "members", "geplant": "scheduled", "findet statt": "scheduled",
    "abgesagt": "cancelled", "ausgefallen": "cancelled", "fällt aus": "cancelled",
    "verschoben": "postponed",
}


def _choice(enum_type: type) -> Callable[[Any], Any]:
    allowed = [member.value for member in enum_type]

    def convert(value: Any) -> Any:
        for member in enum_type:
            if value == member.value:
                return member
        synonym = _VALUE_SYNONYMS.get(str(value).strip().lower())
        hint = [synonym] if synonym in allowed else difflib.get_close_matches(str(value).lower(), allowed, n=1, cutoff=0.5)
        suggestion = f"; meinten Sie „{hint[0]}“?" if hint else ""
        raise _Invalid(f"erwartet einen von: {', '.join(allowed)}, gefunden: {shown(value)}{suggestion}")

    return convert


_URL = re.compile(r"https?://[^\s/$.?#][^\s<>\"]*", re.IGNORECASE)


def _url(value: Any) -> str:
    text = _text(value)
    if not _URL.fullmatch(text):
        raise _Invalid(f"erwartet eine Web-Adresse, die mit https:// oder http:// beginnt, gefunden: {shown(value)}")
    return text


def _slug(value: Any) -> str:
    text = _text(value)
    if not VALID_SLUG.fullmatch(text):
        raise _Invalid(
            "erwartet einen Kurznamen aus Kleinbuchstaben a–z, Ziffern und einzelnen Bindestrichen "
            f"(z. B. „sofortinfo-januar“), gefunden: {shown(value)}"
        )
    if text in RESERVED_SLUGS:
        raise _Invalid(f"der Kurzname {shown(text)} ist für Seiten der Website reserviert; bitte einen anderen wählen")
    if len(text) > MAX_SLUG:
        raise _Invalid(f"der Kurzname ist {len(text)} Zeichen lang, erlaubt sind {MAX_SLUG}; bitte kürzen")
    return text


# A slug is a folder or file name of the site: file systems stop at 255 bytes.
MAX_SLUG = 100


# URL segments the site uses itself below /aktuelles/<jahr>/ and /termine/<jahr>/.
RESERVED_SLUGS = frozenset({"seite", "themen", "index"})


@dataclass(frozen=True)
class Key:
    convert: Callable[[Any], Any]
    required: bool = False


def _repeat_mapping(value: Any) -> Any:
    return value  # checked with the event's start in `_repeat` (read/repeat.py)


_COMMON = {
    "title": Key(_line_text, required=True),
    "summary": Key(_text),
    "image": Key(_text),  # the lead photo, relative to the file (plan/photos.py)
    "tags": Key(_text_list),
    "audience": Key(_choice(Audience)),
    "draft": Key(_bool),
    "slug": Key(_slug),
}
EVENT_KEYS = {
    "title": Key(_line_text, required=True),
    "start": Key(_when, required=True),
    "end": Key(_when),
    "location": Key(_line_text),
    "online": Key(_url),
    "status": Key(_choice(EventStatus)),
    "audience": Key(_choice(Audience)),
    # Bulletin events: pins the event's identity (URL, calendar UID) when entries move.
    "slug": Key(_slug),
    # A recurring date: checked against `start` by read/repeat.py (keys: repeat.TABLES).
    "repeat": Key(_repeat_mapping),
}


def _entries(value: Any) -> Any:
    return value  # checked entry by entry in `_events`, with a line for each


BULLETIN_KEYS = {**_COMMON, "date": Key(_when, required=True), "authors": Key(_text_list), "events": Key(_entries)}
NOTICE_KEYS = {**_COMMON, **EVENT_KEYS, "date": Key(_when)}
# Keys MkDocs and Material understand on standing pages; accepted on bulletins too.
PASSTHROUGH = frozenset({"template", "hide", "search", "description", "icon", "status_icon"})


class _Collector:
    def __init__(self, raw: RawDocument):
        self.raw = raw
        self.errors: list[ContentError] = []

    def error(self, path: tuple, message: str) -> None:
        key = ".".join(str(p) if not isinstance(p, int) else f"[{p + 1}]" for p in path).replace(".[", "[")
        self.errors.append(ContentError(self.raw.path, self.raw.line_of(*path), key or None, message))

    def values(self, mapping: dict, table: dict[str, Key], prefix: tuple = ()) -> dict[str, Any]:
        """Convert every known key, report unknown and missing ones."""
        out: dict[str, Any] = {}
        for name, value in mapping.items():
            name = str(name)
            spec = table.get(name)
            if spec is None:
                if name not in PASSTHROUGH or prefix:
                    self.error((*prefix, name), _unknown_key(name, table))
                continue
            try:
                out[name] = spec.convert(value)
            except _Invalid as exc:
                self.error((*prefix, name), _sentence(str(exc)))
        for name, spec in table.items():
            if spec.required and name not in mapping:
                example = _EXAMPLES.get(name, "")
                self.error((*prefix, name), f"Der Pflichtschlüssel „{name}“ fehlt{example}.")
        return out


def _sentence(text: str) -> str:
    return text if text.endswith((".", "?", "!")) else f"{text}."


# Shown when a required key is missing.
_EXAMPLES = {"title": " (z. B. „title: Bericht vom Stadtparteitag“)", "date": " (z. B. „date: 2024-02-13“)", "start": " (z. B. „start: 2024-02-13 19:00“)"}


def _unknown_key(name: str, table: dict[str, Key]) -> str:
    lower = name.lower()
    guess = _SYNONYMS.get(lower)
    if guess == "date" and "date" not in table:  # an event entry's date is its start
        guess = "start"
    if guess not in table:
        close = difflib.get_close_matches(lower, list(table), n=1, cutoff=0.6)
        guess = close[0] if close else None
    known = ", ".join(sorted(table))
    hint = f" Meinten Sie „{guess}“?" if guess else ""
    return f"Unbekannter Schlüssel „{name}“.{hint} Erlaubt sind: {known}."


def _check_range(collector: _Collector, values: dict, prefix: tuple) -> None:
    start, end = values.get("start"), values.get("end")
    if start is None or end is None:
        return
    if dates.is_moment(start) != dates.is_moment(end):
        kind = "ein Zeitpunkt mit Uhrzeit" if dates.is_moment(start) else "ein ganzer Tag ohne Uhrzeit"
        collector.error(
            (*prefix, "end"),
            f"„end“ muss von derselben Art sein wie „start“ ({kind}), gefunden: {shown(dates.as_written(end))}.",
        )
    elif end < start:
        collector.error(
            (*prefix, "end"),
            f"Das Ende ({dates.as_written(end)}) liegt vor dem Beginn ({dates.as_written(start)}); "
            "erwartet ein Ende, das nicht vor dem Beginn liegt.",
        )


def _passage_errors(collector: _Collector) -> None:
    for problem in find_problems(collector.raw.body):
        collector.errors.append(
            ContentError(collector.raw.path, collector.raw.body_line + problem.line - 1, None, problem.message)
        )


def _event_from(values: dict, key: str, source: Source, **extra: Any) -> Event:
    return Event(
        key=key,
        title=values["title"],
        start=values["start"],
        end=values.get("end"),
        location=values.get("location"),
        online=values.get("online"),
        status=values.get("status", EventStatus.SCHEDULED),
        audience=values.get("audience", Audience.PUBLIC),
        source=source,
        repeat=values.get("repeat"),
        **extra,
    )


def _repeat(collector: _Collector, values: dict, prefix: tuple) -> None:
    """`repeat` as written -> its rule (read/repeat.py), checked against `start`."""
    if "repeat" in values:
        from . import repeat  # repeat.py builds on this module's converters

        values["repeat"] = repeat.parse(collector, values["repeat"], values.get("start"), prefix)


def parse_content_file(raw: RawDocument) -> tuple[Bulletin | Event | None, list[ContentError]]:
    """A bulletin (no `start`) or an event notice (with `start`)."""
    collector = _Collector(raw)
    stem = raw.path.rsplit("/", 1)[-1].removesuffix(".md")
    is_notice = "start" in raw.meta
    values = collector.values(raw.meta, NOTICE_KEYS if is_notice else BULLETIN_KEYS)
    _passage_errors(collector)
    for tag in values.get("tags", ()):
        if len(slugify(tag)) > MAX_SLUG:  # its topic page and feed are named after it
            collector.error(("tags",), f"Das Schlagwort „{tag[:40]}…“ ist zu lang (höchstens {MAX_SLUG} Zeichen); bitte kürzen.")
        if not slugify(tag):  # "🎉", "!!!", "中文" would all become one topic with another tag
            collector.error(("tags",), (
                f"Das Schlagwort „{tag}“ hat keine Buchstaben oder Ziffern, aus denen eine Adresse für seine "
                "Themenseite entstehen kann. Bitte ein Wort aus Buchstaben (a–z, Umlaute) oder Ziffern verwenden."
            ))
    # An invalid `slug` is reported already; only a slug made from the file name is checked here.
    slug = values.get("slug") if "slug" in raw.meta else slug_from_filename(stem)
    if "slug" not in raw.meta and not slug:
        collector.error(("slug",), "Aus dem Dateinamen entsteht kein Kurzname; bitte „slug“ angeben.")
    elif "slug" not in raw.meta and slug in RESERVED_SLUGS:
        collector.error(("slug",), f"Der Kurzname „{slug}“ aus dem Dateinamen ist reserviert; bitte „slug“ angeben.")
    elif "slug" not in raw.meta and len(slug) > MAX_SLUG:
        collector.error(("slug",), f"Der Dateiname ergibt einen Kurznamen von {len(slug)} Zeichen, erlaubt sind {MAX_SLUG}; bitte die Datei kürzer benennen.")

    if is_notice:
        _check_range(collector, values, ())
        _repeat(collector, values, ())
        if collector.errors:
            return None, collector.errors
        year = date_prefix_year(stem) or values["start"].year
        event = _event_from(
            values, f"{year}/{slug}", Source(raw.path, 1),
            slug=slug, summary=values.get("summary"), tags=values.get("tags", ()),
            body=raw.body, announced=values.get("date"), draft=values.get("draft", False),
            body_line=raw.body_line, image=values.get("image"),
        )
        return event, []

    events = _events(collector, raw.meta.get("events"), values)
    names = _event_names(collector, events)
    if collector.errors:
        return None, collector.errors
    key = f"{values['date'].year}/{slug}"
    bulletin = Bulletin(
        key=key,
        title=values["title"],
        date=values["date"],
        slug=slug,
        source=Source(raw.path, 1),
        body=raw.body,
        summary=values.get("summary"),
        authors=values.get("authors", ()),
        tags=values.get("tags", ()),
        audience=values.get("audience", Audience.PUBLIC),
        draft=values.get("draft", False),
        body_line=raw.body_line,
        image=values.get("image"),
        events=tuple(
            _event_from(
                entry, f"{key}/{name}", Source(raw.path, line),
                bulletin_key=key, index=position + 1, announced=values["date"],
            )
            for name, (entry, line, position) in zip(names, events)
        ),
    )
    return bulletin, []


def _events(collector: _Collector, value: Any, values: dict) -> list[tuple[dict, int | None, int]]:
    if value is None:
        return []
    if not isinstance(value, list):
        collector.error(("events",), f"erwartet eine Liste von Terminen (je Termin „- title: …“), gefunden: {shown(value)}.")
        return []
    entries = []
    for index, entry in enumerate(value):
        prefix = ("events", index)
        if not isinstance(entry, dict):
            collector.error(prefix, f"erwartet einen Termin mit „title:“ und „start:“, gefunden: {shown(entry)}.")
            continue
        before = len(collector.errors)
        converted = collector.values(entry, EVENT_KEYS, prefix)
        _check_range(collector, converted, prefix)
        _repeat(collector, converted, prefix)
        if len(collector.errors) == before:
            entries.append((converted, collector.raw.line_of(*prefix), index))
    return entries


def _event_names(collector: _Collector, entries: list[tuple[dict, int | None, int]]) -> list[str]:
    """The last part of each bulletin event's key, from the entry itself (read/identity.py)."""
    from . import identity

    found, problems = identity.names([(entry, index) for entry, _line, index in entries])
    for index, message in problems:
        collector.error(("events", index, "slug"), message)
    return found
