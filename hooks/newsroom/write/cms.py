"""The Decap CMS configuration (`/admin/config.yml`), made from the content schema.

One source of truth: every key of the schema's tables (`read/schema.py`:
`BULLETIN_KEYS`, `NOTICE_KEYS`, `EVENT_KEYS`; `read/loader.PAGE_KEYS` for standing
pages) becomes a field of the CMS through `WIDGETS`, with `required` taken from the
table. A key without a widget is an error (`CmsDrift`), so the schema and the CMS
cannot drift apart unnoticed (`tests/test_cms_config.py`).

Extension point for later keys (`repeat` of recurring dates, `image` of photos): add
one entry to `WIDGETS` (a function of the key's `required` flag returning the Decap
field) and, if the key's place in files matters, to `KEY_ORDER`. Nothing else here
changes.

Pure: options in, a dict or YAML bytes out. The published configuration never has
`local_backend` (only `local=<address>` sets it: `mkdocs serve` and the tests).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import yaml

from ..model import Audience, EventStatus
from ..read.schema import BULLETIN_KEYS, EVENT_KEYS, NOTICE_KEYS, RESERVED_SLUGS, Key
from ..read.repeat import CHANGE_KEYS, REPEAT_KEYS
from ..recurrence import ORDINALS, WEEKDAYS, Every

ADMIN = "admin"  # the CMS lives at /admin/ of the public site
CONFIG_PATH = f"{ADMIN}/config.yml"

# Front matter key order in files the CMS writes: as the editors' guide shows it.
KEY_ORDER = (
    "title", "date", "start", "end", "location", "online", "status", "authors", "tags",
    "summary", "image", "audience", "draft", "slug", "events",
    # repeat's own keys (REPEAT_WIDGETS), in the order the guide shows them
    "every", "interval", "on", "until", "count", "except", "changes", "repeat",
)

# Date and time as editors write them (Berlin wall-clock time, no zone): the picker
# shows the browser's local time, which is Berlin for our editors; nothing is converted.
DAY_FORMAT = "YYYY-MM-DD"
MOMENT_FORMAT = "YYYY-MM-DD HH:mm"
# How lists in the editor show them (Decap's `date` filter of summaries): the German way.
SHOWN_DAY = "date('DD.MM.YYYY')"
SHOWN_MOMENT = "date('DD.MM.YYYY, HH:mm')"

AUDIENCE_LABELS = {Audience.PUBLIC: "öffentlich (für alle)", Audience.MEMBERS: "nur für Mitglieder"}
STATUS_LABELS = {
    EventStatus.SCHEDULED: "findet statt", EventStatus.CANCELLED: "abgesagt", EventStatus.POSTPONED: "verschoben",
}
# The schema's checks as patterns [regex, German message] (Decap checks them on save).
NO_MARKUP = ["^[^<>]*$", "Bitte ohne spitze Klammern < > (reiner Text, kein HTML)."]
SLUG_PATTERN = [
    "^(?!(" + "|".join(sorted(RESERVED_SLUGS)) + ")$)[a-z0-9]+(-[a-z0-9]+)*$",
    "Nur Kleinbuchstaben a–z, Ziffern und einzelne Bindestriche, z. B. „sofortinfo-januar“; "
    + ", ".join(f"„{s}“" for s in sorted(RESERVED_SLUGS)) + " sind reserviert.",
]
URL_PATTERN = ["^https?://[^\\s/$.?#][^\\s<>\"]*$", "Eine Web-Adresse, die mit https:// oder http:// beginnt."]


class CmsDrift(Exception):
    """A schema key has no CMS widget: add one to `WIDGETS`."""


def _field(name: str, label: str, widget: str, required: bool, hint: str | None = None, **options: Any) -> dict:
    field = {"name": name, "label": label, "widget": widget, "required": required}
    if hint:
        field["hint"] = hint
    field.update(options)
    return field


def _day(name: str, label: str, hint: str) -> Callable[[bool], dict]:
    """A day (the browser's date picker); a new entry starts with today."""
    return lambda required: _field(
        name, label, "datetime", required, hint, format=DAY_FORMAT, date_format=True, time_format=False,
        picker_utc=False, default="{{now}}",
    )


def _moment(name: str, label: str, hint: str) -> Callable[[bool], dict]:
    """A Berlin wall-clock moment (the browser's date and time picker), stored without zone."""
    return lambda required: _field(
        name, label, "datetime", required, hint, format=MOMENT_FORMAT, date_format=True, time_format=True,
        picker_utc=False,
    )


def _select(name: str, label: str, labels: Mapping, hint: str) -> Callable[[bool], dict]:
    options = [{"label": text, "value": member.value} for member, text in labels.items()]
    return lambda required: _field(name, label, "select", required, hint, options=options)


def _events(required: bool) -> dict:
    return _field(
        "events", "Termine dieses Beitrags", "list", required,
        "Jeder Termin erscheint im Kalender und verweist auf diesen Beitrag. Neue Termine unten anhängen; "
        "einen abgesagten Termin nicht löschen, sondern den Status ändern.",
        label_singular="Termin", summary="{{fields.title}} – {{fields.start | %s}} Uhr" % SHOWN_MOMENT, collapsed=True,
        fields=fields_of(EVENT_KEYS),
    )


EVERY_LABELS = {Every.WEEK: "wöchentlich", Every.MONTH: "monatlich", Every.YEAR: "jährlich"}
ON_PATTERN = [
    "^((" + "|".join(ORDINALS) + ") (" + "|".join(WEEKDAYS) + ")|[1-9]|[12][0-9]|3[01])$",
    "Englisch wie „first wednesday“, „last friday“ oder ein Tag des Monats wie „15“.",
]


def _plain_day(name: str, label: str, hint: str) -> Callable[[bool], dict]:
    return lambda required: _field(
        name, label, "datetime", required, hint, format=DAY_FORMAT, date_format=True, time_format=False, picker_utc=False,
    )


def _whole(name: str, label: str, hint: str) -> Callable[[bool], dict]:
    return lambda required: _field(name, label, "number", required, hint, value_type="int", min=1)


def _repeat(required: bool) -> dict:
    return _field(
        "repeat", "Wiederholung", "object", required,
        "Für regelmäßige Termine (z. B. jeden ersten Mittwoch). „Beginn“ und „Ende“ sind der erste Termin.",
        collapsed=True, fields=[_optional(f) for f in fields_of(REPEAT_KEYS, REPEAT_WIDGETS)],
    )


def _optional(field: dict) -> dict:
    """Decap validates required fields inside an optional object even when the object is
    left empty, so no event could be saved; `make check` still asks for `every`."""
    if field["required"]:
        return {**field, "required": False, "hint": "Pflicht bei einer Wiederholung. " + field.get("hint", "")}
    return field


# repeat's keys (read/repeat.py) -> Decap fields; `changes` reuses the event widgets.
REPEAT_WIDGETS: dict[str, Callable[[bool], dict]] = {
    "every": lambda required: _field(
        "every", "Rhythmus", "select", required,
        options=[{"label": EVERY_LABELS.get(member, member.value), "value": member.value} for member in Every],
    ),
    "interval": _whole("interval", "Abstand", "2 = jede zweite Woche (bzw. jeden zweiten Monat); leer = jede."),
    "on": lambda required: _field("on", "Tag im Monat", "string", required, "Nur bei monatlich, z. B. „first wednesday“.", pattern=ON_PATTERN),
    "until": _plain_day("until", "Bis", "Letzter möglicher Tag; leer lassen (oder „Anzahl“) für unbefristet."),
    "count": _whole("count", "Anzahl", "Wie viele Termine insgesamt (statt „Bis“)."),
    "except": lambda required: _field(
        "except", "Fällt aus am", "list", required, "Tage einzelner Termine, die nicht stattfinden.",
        label_singular="Ausfalltag", field=_plain_day("day", "Tag", "")(True),
    ),
    "changes": lambda required: _field(
        "changes", "Einzelne Änderungen", "list", required, "Ein Termin wird verlegt, findet woanders statt oder fällt aus.",
        label_singular="Änderung", fields=fields_of(CHANGE_KEYS, {**WIDGETS, "date": _plain_day("date", "Termin laut Regel", "Der Tag, den die Regel ergibt.")}),
    ),
}

# Schema key -> its Decap field, as a function of whether the schema requires the key.
WIDGETS: dict[str, Callable[[bool], dict]] = {
    "title": lambda required: _field("title", "Titel", "string", required, pattern=NO_MARKUP),
    "date": _day("date", "Datum", "Beitrag: Tag der Veröffentlichung (liegt er in der Zukunft, erscheint der Beitrag "
                                  "erst an diesem Tag); Termin: Tag der Ankündigung."),
    "start": _moment("start", "Beginn", "Datum und Uhrzeit in deutscher Ortszeit."),
    "end": _moment("end", "Ende", "Nicht vor dem Beginn."),
    "location": lambda required: _field("location", "Ort", "string", required, "Ort oder Anschrift.", pattern=NO_MARKUP),
    "online": lambda required: _field("online", "Online-Link", "string", required, "Link zur Online-Veranstaltung.", pattern=URL_PATTERN),
    "status": _select("status", "Status", STATUS_LABELS, "Abgesagte Termine nicht löschen, sondern hier „abgesagt“ wählen."),
    "authors": lambda required: _field("authors", "Verfasst von", "list", required, "Namen, durch Komma getrennt."),
    "tags": lambda required: _field("tags", "Schlagwörter", "list", required, "Durch Komma getrennt; Umlaute und Leerzeichen sind erlaubt."),
    "summary": lambda required: _field("summary", "Zusammenfassung", "text", required, "Ein Satz für Listen und Newsfeed; fehlt er, gilt der erste Absatz."),
    "audience": _select("audience", "Sichtbar für", AUDIENCE_LABELS, "Leer lassen = öffentlich."),
    "draft": lambda required: _field("draft", "Entwurf", "boolean", required, "Ein Entwurf erscheint nur in der Vorschau."),
    "slug": lambda required: _field("slug", "Eigene Adresse (Kurzname)", "string", required, "Nur nötig, wenn die Adresse nicht aus dem Titel entstehen soll.", pattern=SLUG_PATTERN),
    "events": _events,
    "repeat": _repeat,
    "image": lambda required: _field(
        "image", "Titelbild", "image", required,
        "Das Foto für Karten, Vorschauen beim Teilen und den Newsfeed; leer = das erste Bild im Text. "
        "Veröffentlicht wird es verkleinert und ohne Metadaten (GPS-Position).",
        choose_url=False,
    ),
}
BODY = {"name": "body", "label": "Text", "widget": "markdown", "required": False,
        "hint": "Mitgliederabschnitte über die Schaltfläche „+“ → „Nur für Mitglieder“ einfügen."}


def fields_of(table: Mapping[str, Key], widgets: Mapping[str, Callable[[bool], dict]] | None = None) -> list[dict]:
    """Every key of a schema table as a Decap field, in `KEY_ORDER` (others after it)."""
    widgets = WIDGETS if widgets is None else widgets
    missing = sorted(name for name in table if name not in widgets)
    if missing:
        raise CmsDrift(
            f"Schlüssel ohne Eingabefeld im CMS: {', '.join(missing)}; bitte in hooks/newsroom/write/cms.py (WIDGETS) ergänzen."
        )
    order = {name: index for index, name in enumerate(KEY_ORDER)}
    names = sorted(table, key=lambda name: (order.get(name, len(order)), name))
    return [widgets[name](table[name].required) for name in names]


@dataclass(frozen=True)
class CmsOptions:
    """`extra.newsroom.cms` of mkdocs.yml: where the repository lives."""

    backend: str = "github"  # github | gitlab (gitea/forgejo: see README)
    repo: str = "stadtverband/website"
    branch: str = "main"
    base_url: str | None = None  # OAuth helper (GitHub); GitLab with PKCE needs none
    auth_endpoint: str | None = None
    app_id: str | None = None  # GitLab: the OAuth application's ID (PKCE)
    api_root: str | None = None  # self-hosted GitLab/Gitea/Forgejo API
    # Uploads go beside the entry (each collection sets media_folder ""), linked relative
    # to it as the photo rules ask (plan/photos.py); this is only Decap's global default.
    media_folder: str = "docs/bilder"
    public_folder: str = "bilder"
    edit_links: bool = True  # "Bearbeiten" links on pages point into the CMS
    # The repository's file view, e.g. https://github.com/<org>/<repo>/blob/main (edit
    # links for files outside the CMS, or all with edit_links: false).
    file_url: str | None = None


BACKENDS = ("github", "gitlab", "gitea", "forgejo")


def options_from(values: Mapping | None) -> tuple[CmsOptions, list[str]]:
    """CmsOptions from mkdocs.yml's `extra.newsroom.cms`, with a German message per wrong value."""
    values = dict(values or {})
    problems = []
    known = set(CmsOptions.__dataclass_fields__)
    for name in sorted(set(values) - known):
        problems.append(f"mkdocs.yml, extra.newsroom.cms.{name}: unbekannte Einstellung; erlaubt sind: {', '.join(sorted(known))}")
        values.pop(name)
    if values.get("backend", "github") not in BACKENDS:
        problems.append(f"mkdocs.yml, extra.newsroom.cms.backend: erwartet einen von: {', '.join(BACKENDS)}, gefunden: {values['backend']!r}")
        values.pop("backend")
    return CmsOptions(**values), problems


def backend(options: CmsOptions) -> dict:
    found = {"name": options.backend, "repo": options.repo, "branch": options.branch}
    for key in ("base_url", "auth_endpoint", "app_id", "api_root"):
        if getattr(options, key):
            found[key] = getattr(options, key)
    if options.backend == "gitlab" and options.app_id:
        found["auth_type"] = "pkce"  # no OAuth helper server: only the GitLab host is asked
    return found


LOCAL_SERVER = "http://127.0.0.1:8081/api/v1"  # decap-server's default address


def config(options: CmsOptions, site_url: str, *, local: str | None = None) -> dict:
    """Decap's configuration. `local`: the address of `decap-server` on this machine
    (`mkdocs serve`, tests), which Decap then uses when the page is on localhost."""
    bulletin_fields = fields_of(BULLETIN_KEYS) + [BODY]
    notice_fields = fields_of(NOTICE_KEYS) + [BODY]
    page_fields = [
        {"name": "title", "label": "Titel", "widget": "string", "required": False, "pattern": NO_MARKUP,
         "hint": "Fehlt er, gilt die erste Überschrift."},
        WIDGETS["audience"](False),
        BODY,
    ]
    common = {
        "create": True, "extension": "md", "format": "frontmatter",
        # Photos beside the entry, linked by file name: ![Alt](foto.jpg) (plan/photos.py).
        "media_folder": "", "public_folder": "",
        # The file's date comes from the `date` field as written (`{{fields.date}}`), not
        # from Decap's {{year}}/{{month}}/{{day}}, which are UTC and would name a file
        # for 1 December "…-11-30-…" in Berlin. The year folder (`path`) cannot take a
        # filter (Decap strips quotes there), so it is {{year}}: a bulletin of 1 January
        # lands in the previous year's folder, which changes nothing (its URL and key
        # come from its date).
        "slug": "{{fields.date}}-{{slug}}",
    }
    result = {
        "locale": "de",
        "backend": backend(options),
        "publish_mode": "editorial_workflow",
        "site_url": site_url,
        "display_url": site_url,
        "media_folder": options.media_folder,
        "public_folder": options.public_folder,
        "slug": {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"},
        "collections": [
            {
                "name": "bulletins", "label": "Beiträge", "label_singular": "Beitrag",
                "description": "Neuigkeiten und Berichte. Neue Beiträge liegen in bulletins/<Jahr>/.",
                "folder": "bulletins", "path": "{{year}}/{{slug}}",
                **common, "summary": "{{fields.date | %s}} · {{title}}" % SHOWN_DAY, "sortable_fields": ["date", "title"],
                "fields": bulletin_fields,
            },
            {
                "name": "notices", "label": "Terminankündigungen", "label_singular": "Terminankündigung",
                "description": "Einzelne Termine mit eigener Seite. Neue liegen in bulletins/termine/.",
                "folder": "bulletins/termine", **common,
                "slug": "{{fields.start | date('YYYY-MM-DD')}}-{{slug}}",
                "summary": "{{fields.start | %s}} Uhr · {{title}}" % SHOWN_MOMENT, "sortable_fields": ["start", "title"],
                "fields": notice_fields,
            },
            {
                "name": "pages", "label": "Feste Seiten", "label_singular": "Seite",
                "description": "Über uns, Kontakt, … Neue Seiten legt das Technik-Team an (Navigation).",
                "folder": "docs", "create": False, "extension": "md", "format": "frontmatter",
                "media_folder": "", "public_folder": "",
                "fields": page_fields,
            },
            {
                "name": "member_pages", "label": "Seiten für Mitglieder", "label_singular": "Mitgliederseite",
                "folder": "docs/mitglieder", "create": False, "extension": "md", "format": "frontmatter",
                "media_folder": "", "public_folder": "",
                "fields": page_fields,
            },
        ],
    }
    if local:
        result["local_backend"] = {"url": local, "allowed_hosts": ["127.0.0.1", "localhost"]}
    return result


def list_labels(found: dict) -> dict[str, str]:
    """Decap writes a list's name in lower case ("termin hinzufügen", "2 termine dieses
    beitrags"); the editor page (partials/admin-a11y.html) puts back the labels as
    configured: lower case -> label, for every list field's `label` and `label_singular`."""
    labels: dict[str, str] = {}

    def walk(fields: list[dict]) -> None:
        for field in fields:
            if field.get("widget") == "list":
                for key in ("label", "label_singular"):
                    if key in field:
                        labels[field[key].lower()] = field[key]
            walk(field.get("fields", []) + ([field["field"]] if "field" in field else []))

    for collection in found["collections"]:
        walk(collection["fields"])
    return dict(sorted(labels.items()))


class _Dumper(yaml.SafeDumper):
    def ignore_aliases(self, data: Any) -> bool:  # shared lists are written out, not as &id001
        return True


def config_yaml(options: CmsOptions, site_url: str, *, local: str | None = None) -> bytes:
    head = "# Made by the build from hooks/newsroom/read/schema.py (hooks/newsroom/write/cms.py); do not edit.\n"
    body = yaml.dump(config(options, site_url, local=local), Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1000)
    return (head + body).encode("utf-8")


def entry_path(source: str, *, notice: bool) -> str | None:
    """Where the editor opens a file: `collections/<name>/entries/<path>` (Decap's route),
    or None for a file outside the collections' folders (a notice outside
    bulletins/termine/, a bulletin inside it, pages in deeper folders of docs/)."""
    if not source.endswith(".md"):
        return None
    parts = source.removesuffix(".md").split("/")
    if parts[0] == "bulletins" and len(parts) >= 2:
        if parts[1] == "termine":
            return f"collections/notices/entries/{parts[2]}" if notice and len(parts) == 3 else None
        return f"collections/bulletins/entries/{'/'.join(parts[1:])}" if not notice and len(parts) <= 3 else None
    if parts[0] == "docs" and len(parts) == 2:
        return f"collections/pages/entries/{parts[1]}"
    if parts[0] == "docs" and len(parts) == 3 and parts[1] == "mitglieder":
        return f"collections/member_pages/entries/{parts[2]}"
    return None


def edit_url(source: str | None, options: CmsOptions, admin_url: str, *, notice: bool = False) -> str | None:
    """A page's "Bearbeiten" link: its file's entry in the web editor, else (or with
    `edit_links: false`) the file in the repository (`file_url`), else none."""
    if source is None:
        return None
    entry = entry_path(source, notice=notice) if options.edit_links else None
    if entry:
        return f"{admin_url}#/{entry}"
    return f"{options.file_url.rstrip('/')}/{source}" if options.file_url else None
