"""Our own check of an ICS file against shared/notes/calendar-checklist.md.

`lint(data, host=…, feed=…)` returns a list of problems (empty = fine). It looks at the
raw bytes (line ends, folding, escaping) and at what two independent parsers make of
them: `icalendar` and `vobject` (with its validation).
"""

from __future__ import annotations

import datetime as dt
import re
import warnings

import icalendar
import vobject
from dateutil import rrule

_TEXT_PROPERTIES = ("SUMMARY", "LOCATION", "DESCRIPTION")
_UNESCAPED = re.compile(r"(?<!\\)(?:\\\\)*[;,]")  # a ; or , not preceded by an odd number of \
_STATUSES = {"CONFIRMED", "TENTATIVE", "CANCELLED"}


def unfold(text: str) -> list[str]:
    """Content lines: CRLF followed by a space or tab continues the previous line."""
    return re.sub(r"\r\n[ \t]", "", text).split("\r\n")


def lint(data: bytes, *, host: str, feed: bool) -> list[str]:
    problems: list[str] = []
    problems += _raw_problems(data)
    text = data.decode("utf-8")
    try:
        calendar = icalendar.Calendar.from_ical(data)
    except ValueError as exc:
        return problems + [f"icalendar cannot parse: {exc}"]
    try:
        parsed = vobject.readOne(text, validate=True)
        parsed.validate()
    except Exception as exc:  # vobject raises many kinds
        problems.append(f"vobject cannot parse or validate: {exc!r}")
    else:
        if len(getattr(parsed, "vevent_list", [])) != len(calendar.events):
            problems.append("icalendar and vobject see a different number of events")
    problems += _calendar_problems(calendar, feed)
    lines = unfold(text)
    problems += _escaping_problems(lines)
    problems += _event_problems(calendar, lines, host)
    return problems


def _raw_problems(data: bytes) -> list[str]:
    problems = []
    if not data.endswith(b"\r\n"):
        problems.append("the file does not end with CRLF")
    for number, line in enumerate(data.split(b"\r\n"), start=1):
        if b"\n" in line or b"\r" in line:
            problems.append(f"line {number}: a bare LF or CR (lines must end with CRLF)")
        if len(line) > 75:
            problems.append(f"line {number}: {len(line)} octets, more than 75 (not folded)")
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        problems.append(f"not UTF-8 (a fold may have split a character): {exc}")
    return problems


def _calendar_problems(calendar: icalendar.Calendar, feed: bool) -> list[str]:
    problems = []
    if str(calendar.get("VERSION")) != "2.0":
        problems.append("VERSION is not 2.0")
    if not calendar.get("PRODID"):
        problems.append("PRODID missing")
    if calendar.get_missing_tzids():
        problems.append(f"TZID without VTIMEZONE: {sorted(calendar.get_missing_tzids())}")
    if "Europe/Berlin" not in [tz.tz_name for tz in calendar.timezones]:
        problems.append("no VTIMEZONE for Europe/Berlin")
    if feed:
        for name in ("X-WR-CALNAME", "NAME", "REFRESH-INTERVAL", "X-PUBLISHED-TTL", "URL", "SOURCE"):
            if not calendar.get(name):
                problems.append(f"feed header {name} missing")
        refresh = calendar.get("REFRESH-INTERVAL")
        if refresh is not None and refresh.params.get("VALUE") != "DURATION":
            problems.append("REFRESH-INTERVAL without VALUE=DURATION (RFC 7986)")
    return problems


def _escaping_problems(lines: list[str]) -> list[str]:
    problems = []
    for line in lines:
        name, _, value = _split_content_line(line)
        if name in _TEXT_PROPERTIES and _UNESCAPED.search(value):
            problems.append(f"{name}: unescaped ; or , in {value!r}")
    return problems


def _split_content_line(line: str) -> tuple[str, str, str]:
    """NAME, parameters, value of a content line (parameters may hold quoted colons)."""
    match = re.match(r'([A-Za-z0-9-]+)((?:;[^:;"]+=(?:"[^"]*"|[^:;]*))*):(.*)', line)
    return (match.group(1).upper(), match.group(2), match.group(3)) if match else ("", "", "")


def _event_problems(calendar: icalendar.Calendar, lines: list[str], host: str) -> list[str]:
    problems = []
    masters = [event for event in calendar.events if event.get("RECURRENCE-ID") is None]
    uids = [str(event.get("UID")) for event in masters]
    if len(set(uids)) != len(uids):
        problems.append("UIDs are not unique")
    problems += _recurrence_problems(calendar, masters)
    uid_shape = re.compile(r"[a-z0-9][a-z0-9.-]*@" + re.escape(host))
    for line in _event_lines(lines, ("DTSTART", "DTEND", "RECURRENCE-ID", "EXDATE")):
        name, params, value = _split_content_line(line)
        if "VALUE=DATE" in params.upper() and "VALUE=DATE-TIME" not in params.upper():
            continue
        if "TZID=Europe/Berlin" not in params or value.endswith("Z"):
            problems.append(f"{name} is not a Berlin time with TZID (floating or UTC): {line}")
    for line in lines:
        if line.startswith("DTSTAMP") and not line.endswith("Z"):
            problems.append(f"DTSTAMP not in UTC: {line}")
    for event in calendar.events:
        uid = str(event.get("UID"))
        where = f"event {uid}"
        if not uid_shape.fullmatch(uid):
            problems.append(f"{where}: UID is not <slug>@{host}")
        for name in ("DTSTAMP", "DTSTART", "SUMMARY", "URL", "SEQUENCE", "STATUS"):
            if event.get(name) is None:
                problems.append(f"{where}: {name} missing")
        status = str(event.get("STATUS", ""))
        if status and status not in _STATUSES:
            problems.append(f"{where}: STATUS {status} is not one of {sorted(_STATUSES)}")
        if status in ("CANCELLED", "TENTATIVE") and int(event.get("SEQUENCE", 0)) < 1:
            problems.append(f"{where}: {status} without a raised SEQUENCE")
        url = str(event.get("URL", ""))
        if not url.startswith(("https://", "http://")):
            problems.append(f"{where}: URL is not absolute: {url!r}")
        start = event.decoded("DTSTART")
        end = event.decoded("DTEND") if event.get("DTEND") is not None else None
        if isinstance(start, dt.datetime):
            if start.tzinfo is None:
                problems.append(f"{where}: floating DTSTART")
        else:
            if end is None or isinstance(end, dt.datetime):
                problems.append(f"{where}: all-day event without a DATE DTEND")
            elif end <= start:
                problems.append(f"{where}: all-day DTEND not after DTSTART (must be exclusive)")
        if _comparable(start, end) and end < start:
            problems.append(f"{where}: DTEND before DTSTART")
    return problems


def _comparable(start, end) -> bool:
    if end is None or type(start) is not type(end):
        return False
    return not isinstance(start, dt.datetime) or (start.tzinfo is None) == (end.tzinfo is None)


def _event_lines(lines: list[str], names: tuple[str, ...]) -> list[str]:
    """Content lines with these property names inside VEVENT blocks (not VTIMEZONE)."""
    found, inside = [], False
    for line in lines:
        if line == "BEGIN:VEVENT":
            inside = True
        elif line == "END:VEVENT":
            inside = False
        elif inside and _split_content_line(line)[0] in names:
            found.append(line)
    return found


# RRULE parts that Google Calendar, Outlook and Apple Calendar all read.
_RRULE_PARTS = {"FREQ", "INTERVAL", "COUNT", "UNTIL", "BYDAY", "BYMONTHDAY"}
_FREQS = {"WEEKLY", "MONTHLY", "YEARLY"}
_BYDAY = re.compile(r"(?:-1|[1-4])?(?:MO|TU|WE|TH|FR|SA|SU)")


def _recurrence_problems(calendar: icalendar.Calendar, masters: list) -> list[str]:
    """RRULE limited to widely supported parts; EXDATE and RECURRENCE-ID of the same
    kind as DTSTART and on a day the rule gives; every override has its series."""
    problems = []
    by_uid = {str(event.get("UID")): event for event in masters}
    for event in masters:
        where = f"event {event.get('UID')}"
        if event.get("RRULE") is None:
            if event.get("EXDATE") is not None:
                problems.append(f"{where}: EXDATE without RRULE")
            continue
        problems += [f"{where}: {p}" for p in _rrule_problems(event)]
        for moment in _exdates(event):
            if type(moment) is not type(event.decoded("DTSTART")):
                problems.append(f"{where}: EXDATE {moment} is not of the same kind as DTSTART")
            elif not _is_occurrence(event, moment):
                problems.append(f"{where}: EXDATE {moment} is not an occurrence of the rule")
    for event in calendar.events:
        if event.get("RECURRENCE-ID") is None:
            continue
        uid = str(event.get("UID"))
        where = f"override {uid}"
        master = by_uid.get(uid)
        if master is None or master.get("RRULE") is None:
            problems.append(f"{where}: RECURRENCE-ID without a series (VEVENT with RRULE and this UID)")
            continue
        moment = event.decoded("RECURRENCE-ID")
        if type(moment) is not type(master.decoded("DTSTART")):
            problems.append(f"{where}: RECURRENCE-ID is not of the same kind as the series' DTSTART")
        elif not _is_occurrence(master, moment):
            problems.append(f"{where}: RECURRENCE-ID {moment} is not an occurrence of the rule")
        if int(event.get("SEQUENCE", 0)) < int(master.get("SEQUENCE", 0)):
            problems.append(f"{where}: SEQUENCE lower than the series'")
    return problems


def _rrule_problems(event) -> list[str]:
    problems = []
    rule = event.get("RRULE")
    if isinstance(rule, list):
        return ["more than one RRULE"]
    parts = {name.upper() for name in rule}
    if parts - _RRULE_PARTS:
        problems.append(f"RRULE parts not every app reads: {sorted(parts - _RRULE_PARTS)}")
    if [str(f) for f in rule.get("FREQ", [])] not in ([f] for f in _FREQS):
        problems.append(f"RRULE FREQ is not one of {sorted(_FREQS)}: {rule.get('FREQ')}")
    if "COUNT" in parts and "UNTIL" in parts:
        problems.append("RRULE has both COUNT and UNTIL")
    for value in rule.get("BYDAY", []):
        if not _BYDAY.fullmatch(str(value)):
            problems.append(f"RRULE BYDAY {value} is not a weekday with an ordinal 1-4 or -1")
    start = event.decoded("DTSTART")
    for until in rule.get("UNTIL", []):
        if isinstance(start, dt.datetime) and not (isinstance(until, dt.datetime) and until.utcoffset() == dt.timedelta(0)):
            problems.append("RRULE UNTIL is not in UTC although DTSTART has a TZID (RFC 5545)")
        if not isinstance(start, dt.datetime) and isinstance(until, dt.datetime):
            problems.append("RRULE UNTIL is a DATE-TIME for an all-day series")
    if not _is_occurrence(event, start):
        problems.append("DTSTART is not an occurrence of its own RRULE (apps disagree about it)")
    return problems


def _exdates(event) -> list:
    found = event.get("EXDATE")
    if found is None:
        return []
    return [item.dt for entry in (found if isinstance(found, list) else [found]) for item in entry.dts]


def _wall(value):
    """A naive wall-clock datetime of a DATE or a TZID time (the rule works in wall-clock time)."""
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=None)
    return dt.datetime(value.year, value.month, value.day)


def _is_occurrence(event, moment) -> bool:
    start = _wall(event.decoded("DTSTART"))
    text = event.get("RRULE").to_ical().decode()
    text = re.sub(r"UNTIL=(\d{8}T\d{6})Z", lambda m: "UNTIL=" + _until_wall(m.group(1), event), text)
    with warnings.catch_warnings():  # COUNT with UNTIL is reported above; dateutil warns too
        warnings.simplefilter("ignore", DeprecationWarning)
        rule = rrule.rrulestr(text, dtstart=start)
    target = _wall(moment)
    return target in rule.between(target - dt.timedelta(seconds=1), target + dt.timedelta(seconds=1), inc=True)


def _until_wall(utc: str, event) -> str:
    """UNTIL in UTC as the series' wall-clock time, so dateutil compares like with like."""
    moment = dt.datetime.strptime(utc, "%Y%m%dT%H%M%S").replace(tzinfo=dt.timezone.utc)
    zone = event.decoded("DTSTART").tzinfo
    return f"{moment.astimezone(zone).replace(tzinfo=None):%Y%m%dT%H%M%S}"
