"""The `repeat` mapping of an event notice or an `events` entry -> a `recurrence.Rule`.

Like the other keys, the keys of `repeat` and of each of its `changes` are tables
(`REPEAT_KEYS`, `CHANGE_KEYS`): every key gets the same checks and German messages,
and other tools (a CMS configuration) can be generated from them. The checks that
need the event's start (is the start a day of the rule, is every `except` and
`changes` date one of its occurrences) follow, all reported together.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from .. import dates, recurrence
from ..errors import shown
from ..model import EventStatus, When
from ..recurrence import ORDINALS, WEEKDAYS, Every, Rule
from .schema import Key, _choice, _Collector, _Invalid, _line_text, _sentence, _url, _when

_GERMAN_EVERY = {
    "monatlich": "month", "monat": "month", "monate": "month", "monthly": "month", "months": "month",
    "wöchentlich": "week", "woechentlich": "week", "woche": "week", "wochen": "week", "weekly": "week", "weeks": "week",
    "jährlich": "year", "jaehrlich": "year", "jahr": "year", "jahre": "year", "yearly": "year", "annually": "year", "years": "year",
}
_GERMAN_ORDINALS = {
    "erste": "first", "erster": "first", "ersten": "first", "1.": "first",
    "zweite": "second", "zweiter": "second", "zweiten": "second", "2.": "second",
    "dritte": "third", "dritter": "third", "dritten": "third", "3.": "third",
    "vierte": "fourth", "vierter": "fourth", "vierten": "fourth", "4.": "fourth",
    "letzte": "last", "letzter": "last", "letzten": "last",
}
_FIFTH = {"fifth", "5th", "fünfte", "fünfter", "fünften", "fuenfte", "fuenfter", "fuenften", "5."}
_GERMAN_WEEKDAYS = {
    "montag": "monday", "dienstag": "tuesday", "mittwoch": "wednesday", "donnerstag": "thursday",
    "freitag": "friday", "samstag": "saturday", "sonnabend": "saturday", "sonntag": "sunday",
}
_ON_EXPECTED = (
    "erwartet first, second, third, fourth oder last und einen englischen Wochentag "
    "(z. B. „first wednesday“) oder einen Tag des Monats von 1 bis 31"
)


def _every(value: Any) -> Every:
    text = str(value).strip().lower()
    for member in Every:
        if text == member.value:
            return member
    hint = _GERMAN_EVERY.get(text)
    if text in ("täglich", "taeglich", "daily", "day", "tag", "tage"):
        raise _Invalid(
            f"erwartet week, month oder year, gefunden: {shown(value)}; tägliche Wiederholungen gibt es nicht, "
            "ein mehrtägiger Termin hat stattdessen ein „end“"
        )
    suggestion = f"; meinten Sie „{hint}“?" if hint else ""
    raise _Invalid(f"erwartet week, month oder year, gefunden: {shown(value)}{suggestion}")


def _positive(what: str, example: str) -> Any:
    def convert(value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            digits = re.fullmatch(r"\s*(\d+)\.?\s*(mal)?\s*", str(value))
            hint = f"; meinten Sie {int(digits.group(1))}?" if digits else ""
            raise _Invalid(f"erwartet {what} als ganze Zahl ab 1 (z. B. „{example}“), gefunden: {shown(value)}{hint}")
        if value < 1:
            raise _Invalid(f"erwartet {what} als ganze Zahl ab 1 (z. B. „{example}“), gefunden: {value}")
        if value > 1000:
            raise _Invalid(f"erwartet {what} bis höchstens 1000, gefunden: {value}")
        return value

    return convert


def _on(value: Any) -> tuple[int | None, int | None, int | None]:
    """(ordinal, weekday, monthday): `first wednesday` -> (1, 2, None), `15` -> (None, None, 15)."""
    if isinstance(value, int) and not isinstance(value, bool):
        if 1 <= value <= 31:
            return None, None, value
        raise _Invalid(f"{_ON_EXPECTED}, gefunden: {value}")
    if not isinstance(value, str):
        raise _Invalid(f"{_ON_EXPECTED}, gefunden: {shown(value)}")
    words = value.strip().lower().split()
    if len(words) == 2 and words[0] in ORDINALS and words[1] in WEEKDAYS:
        return ORDINALS[words[0]], WEEKDAYS.index(words[1]), None
    if len(words) == 1 and re.fullmatch(r"\d{1,2}\.?", words[0]):
        raise _Invalid(f"{_ON_EXPECTED}, gefunden: {shown(value)}; meinten Sie {int(words[0].rstrip('.'))} (ohne Punkt)?")
    words = [w for w in words if w not in ("jeden", "jede", "jeder", "im", "monat", "every", "the", "of", "month")]
    if len(words) == 2 and (words[0] in _FIFTH):
        raise _Invalid(
            f"{_ON_EXPECTED}, gefunden: {shown(value)}; einen fünften Wochentag hat nicht jeder Monat, "
            f"meinten Sie „last {_english_weekday(words[1]) or 'monday'}“?"
        )
    if len(words) == 2:
        ordinal = words[0] if words[0] in ORDINALS else _GERMAN_ORDINALS.get(words[0])
        weekday = _english_weekday(words[1])
        if ordinal and weekday:
            raise _Invalid(f"{_ON_EXPECTED}, gefunden: {shown(value)}; meinten Sie „{ordinal} {weekday}“?")
    if len(words) == 1 and _english_weekday(words[0]):
        raise _Invalid(
            f"{_ON_EXPECTED}, gefunden: {shown(value)}; meinten Sie „first {_english_weekday(words[0])}“? "
            "(jede Woche: „every: week“ ohne „on“)"
        )
    raise _Invalid(f"{_ON_EXPECTED}, gefunden: {shown(value)}")


def _english_weekday(word: str) -> str | None:
    if word in WEEKDAYS:
        return word
    return _GERMAN_WEEKDAYS.get(word.rstrip("s"))  # "mittwochs"


def _day(value: Any) -> dt.date:
    parsed = _when(value)
    if isinstance(parsed, dt.datetime):
        raise _Invalid(f"erwartet einen Tag ohne Uhrzeit wie 2024-06-30, gefunden: {shown(value)}; meinten Sie {parsed:%Y-%m-%d}?")
    return parsed


def _days(value: Any) -> tuple[dt.date, ...]:
    items = value if isinstance(value, list) else [value]
    found = []
    for item in items:
        try:
            found.append(_day(item))
        except _Invalid as exc:
            raise _Invalid(f"ein Eintrag der Liste ist ungültig: {exc}") from None
    return tuple(dict.fromkeys(found))


def _entries(value: Any) -> Any:
    return value  # checked entry by entry, with a line for each


REPEAT_KEYS = {
    "every": Key(_every, required=True),
    "interval": Key(_positive("den Abstand", "interval: 2")),
    "on": Key(_on),
    "until": Key(_day),
    "count": Key(_positive("die Anzahl", "count: 5")),
    "except": Key(_days),
    "changes": Key(_entries),
}
CHANGE_KEYS = {
    "date": Key(_day, required=True),
    "start": Key(_when),
    "end": Key(_when),
    "location": Key(_line_text),
    "online": Key(_url),
    "status": Key(_choice(EventStatus)),
}
# The tables below an event's keys, by where they stand (`changes` is a list of mappings),
# for tools generated from the schema (a CMS configuration).
TABLES = {("repeat",): REPEAT_KEYS, ("repeat", "changes"): CHANGE_KEYS}


def parse(collector: _Collector, value: Any, start: When | None, prefix: tuple) -> Rule | None:
    """The rule of `repeat` (at `prefix + ("repeat",)`), or None after reporting its problems."""
    where = (*prefix, "repeat")
    if not isinstance(value, dict):
        hint = _GERMAN_EVERY.get(str(value).strip().lower()) if isinstance(value, str) else None
        example = f"; meinten Sie „every: {hint}“ (eingerückt in der Zeile darunter)?" if hint else ""
        collector.error(
            where,
            f"erwartet eine Zuordnung mit „every:“ (week, month oder year) und weiteren Angaben in eingerückten Zeilen, "
            f"gefunden: {shown(value)}{example}",
        )
        return None
    # YAML 1.1 reads the key `on` as true (the same word as yes): the editor wrote "on".
    value = {("on" if name is True else name): item for name, item in value.items()}
    before = len(collector.errors)
    values = collector.values(value, REPEAT_KEYS, where)
    changes = _changes(collector, value.get("changes"), where)
    if start is not None:
        _check_end(collector, values, dates.day_of(start), where)
    if len(collector.errors) > before or start is None or "every" not in values:
        return None
    ordinal, weekday, monthday = values.get("on", (None, None, None))
    rule = Rule(
        every=values["every"], interval=values.get("interval", 1), ordinal=ordinal, weekday=weekday,
        monthday=monthday, until=values.get("until"), count=values.get("count"),
        exceptions=tuple(sorted(values.get("except", ()))), changes=tuple(c for c, _ in changes),
    )
    _check(collector, rule, start, where, changes)
    return None if len(collector.errors) > before else rule


def _changes(collector: _Collector, value: Any, where: tuple) -> list[tuple[recurrence.Change, int]]:
    if value is None:
        return []
    if not isinstance(value, list):
        collector.error((*where, "changes"), f"erwartet eine Liste (je Änderung „- date: …“), gefunden: {shown(value)}.")
        return []
    found = []
    for index, entry in enumerate(value):
        path = (*where, "changes", index)
        if not isinstance(entry, dict):
            collector.error(path, f"erwartet eine Änderung mit „date:“ und z. B. „start:“, gefunden: {shown(entry)}.")
            continue
        before = len(collector.errors)
        values = collector.values(entry, CHANGE_KEYS, path)
        if len(collector.errors) == before:
            change = recurrence.Change(
                values["date"], values.get("start"), values.get("end"), values.get("location"),
                values.get("online"), values.get("status"),
            )
            found.append((change, index))
    return found


def _check_end(collector: _Collector, values: dict, first: dt.date, where: tuple) -> None:
    """`until` and `count` together, `until` before the start: checked even when other
    keys are wrong, so every problem is reported in one round."""
    until = values.get("until")
    if "count" in values and until is not None:
        collector.error((*where, "until"), "„until“ und „count“ schließen sich aus; erwartet eines von beiden (oder keines: ohne Ende).")
    elif until is not None and until < first:
        collector.error(
            (*where, "until"),
            f"Das Ende der Wiederholung ({until.isoformat()}) liegt vor dem ersten Termin ({first.isoformat()}); "
            "erwartet einen Tag ab dem Beginn.",
        )


def _check(collector: _Collector, rule: Rule, start: When, where: tuple, changes: list) -> None:
    first = dates.day_of(start)
    if rule.every is not Every.MONTH and (rule.monthday is not None or rule.weekday is not None):
        collector.error(
            (*where, "on"),
            f"„on“ gilt nur für „every: month“, gefunden bei „every: {rule.every.value}“; "
            "eine wöchentliche Wiederholung folgt dem Wochentag von „start“, eine jährliche seinem Datum.",
        )
        return
    if not recurrence.matches_start(rule, first):
        collector.error(
            (*where, "on"),
            f"Der Beginn ({first.isoformat()}) ist selbst kein Termin dieser Regel; erwartet als „start“ den ersten "
            f"Termin der Serie{_nearest(rule, first, first)}.",
        )
        return
    for index, day in enumerate(rule.exceptions):
        if not recurrence.is_rule_day(rule, first, day):
            collector.error(
                (*where, "except"),
                f"{day.isoformat()} ist kein Termin dieser Serie; erwartet ein Datum, das die Regel ergibt{_nearest(rule, first, day)}.",
            )
    seen: dict[dt.date, int] = {}
    for change, index in changes:
        path = (*where, "changes", index)
        if not recurrence.is_rule_day(rule, first, change.day):
            collector.error(
                (*path, "date"),
                f"{change.day.isoformat()} ist kein Termin dieser Serie; erwartet das Datum, das die Regel ergibt "
                f"(der Termin vor der Änderung){_nearest(rule, first, change.day)}.",
            )
        elif change.day in rule.exceptions:
            collector.error((*path, "date"), f"{change.day.isoformat()} steht schon unter „except“ (fällt aus); erwartet ein Datum nur an einer Stelle.")
        elif change.day in seen:
            collector.error((*path, "date"), f"Für {change.day.isoformat()} gibt es schon eine Änderung (Eintrag {seen[change.day] + 1}); bitte zusammenfassen.")
        seen.setdefault(change.day, index)
        _check_change_times(collector, change, start, path)


def _check_change_times(collector: _Collector, change: recurrence.Change, start: When, path: tuple) -> None:
    timed = isinstance(start, dt.datetime)
    for name in ("start", "end"):
        value = getattr(change, name)
        if value is not None and isinstance(value, dt.datetime) != timed:
            kind = "ein Zeitpunkt mit Uhrzeit" if timed else "ein ganzer Tag ohne Uhrzeit"
            collector.error((*path, name), _sentence(f"„{name}“ muss von derselben Art sein wie „start“ der Serie ({kind}), gefunden: {shown(dates.as_written(value))}"))
            return
    if change.start is not None and change.end is not None and change.end < change.start:
        collector.error((*path, "end"), f"Das Ende ({dates.as_written(change.end)}) liegt vor dem Beginn ({dates.as_written(change.start)}).")


def _nearest(rule: Rule, first: dt.date, day: dt.date) -> str:
    """`; in diesem Monat: 2024-04-03`: the rule's days in the month of `day`, as a hint."""
    near = [d for d in recurrence.rule_days(rule, first, day.replace(day=28) + dt.timedelta(days=4)) if (d.year, d.month) == (day.year, day.month)]
    if not near:
        return ""
    return f"; in diesem Monat ergibt die Regel: {', '.join(d.isoformat() for d in near)}"
