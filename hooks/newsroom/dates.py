"""Dates and times as editors write them, and as readers read them (German)."""

from __future__ import annotations

import datetime as dt
import functools
import re

from babel.dates import format_date

from .model import BERLIN, When

_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_MOMENT = re.compile(r"(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})")
_GERMAN_DAY = re.compile(r"(\d{1,2})\.\s*(\d{1,2})\.\s*(\d{4})")
_WITH_SECONDS = re.compile(r"\d{4}-\d{2}-\d{2}[ T]\d{1,2}:\d{2}:\d{2}")
_GERMAN_MONTHS = ("januar", "februar", "märz", "april", "mai", "juni", "juli", "august", "september", "oktober", "november", "dezember")
_GERMAN_WORDS = re.compile(r"(\d{1,2})\.?\s*([A-Za-zÄÖÜäöü]+)\.?\s*(\d{4})?")
_SHORT_HOUR = re.compile(r"(\d{4}-\d{2}-\d{2})[ T](\d:\d{2})")
_WITH_OFFSET = re.compile(r"\d{4}-\d{2}-\d{2}[ T]\d{1,2}:\d{2}(:\d{2})?(\.\d+)?\s*(Z|[+-]\d{2}:?\d{2}|UTC)$")

EXPECTED = "ein Datum wie 2024-02-13 oder ein Zeitpunkt wie 2024-02-13 19:00"


class DateProblem(ValueError):
    """A German explanation of why a value is not a valid Berlin day or moment."""


def parse_when(value: object) -> When:
    """Parse `2024-02-13` (a day) or `2024-02-13 19:00` (a Berlin moment)."""
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise DateProblem(f"erwartet {EXPECTED}")
    text = str(value).strip()
    if match := _MOMENT.fullmatch(text):
        year, month, day, hour, minute = (int(part) for part in match.groups())
        return berlin_moment(_day(year, month, day), hour, minute)
    if match := _DAY.fullmatch(text):
        return _day(*(int(part) for part in match.groups()))
    if _TIME_ONLY.fullmatch(text):
        raise DateProblem(f"erwartet {EXPECTED}; hier steht nur eine Uhrzeit, das Datum fehlt (z. B. 2025-05-23 {text})")
    if match := _TIME_RANGE.fullmatch(text):
        day, first, last = match.groups()
        raise DateProblem(
            f"erwartet {EXPECTED}; Beginn und Ende bitte getrennt angeben: „start: {day} {first}“ und „end: {day} {last}“"
        )
    if _WITH_OFFSET.fullmatch(text):
        raise DateProblem(
            f"erwartet {EXPECTED} (Berliner Ortszeit, ohne Zeitzone); die Zeitzonenangabe bitte weglassen"
        )
    if _WITH_SECONDS.fullmatch(text):
        raise DateProblem(f"erwartet {EXPECTED}; Sekunden bitte weglassen")
    if match := _SHORT_HOUR.fullmatch(text):
        raise DateProblem(f"erwartet {EXPECTED}; meinten Sie {match.group(1)} 0{match.group(2)}?")
    if _DAY.match(text):
        raise DateProblem(f"erwartet {EXPECTED}; nach dem Datum steht nur die Uhrzeit als HH:MM, ohne „Uhr“")
    if match := _GERMAN_DAY.fullmatch(text):
        day, month, year = (int(part) for part in match.groups())
        raise DateProblem(f"erwartet {EXPECTED}; meinten Sie {year:04d}-{month:02d}-{day:02d}?")
    if (match := _GERMAN_WORDS.fullmatch(text)) and (month := _german_month(match.group(2))):
        day, year = int(match.group(1)), match.group(3)
        if year is None:
            raise DateProblem(f"erwartet {EXPECTED}; das Jahr fehlt, z. B. JJJJ-{month:02d}-{day:02d}")
        raise DateProblem(f"erwartet {EXPECTED}; meinten Sie {year}-{month:02d}-{day:02d}?")
    raise DateProblem(f"erwartet {EXPECTED} (Jahr-Monat-Tag)")


_TIME_ONLY = re.compile(r"\d{1,2}:\d{2}")
_TIME_RANGE = re.compile(r"(\d{4}-\d{2}-\d{2})[ T](\d{1,2}:\d{2}) ?[-–] ?(\d{1,2}:\d{2})")


def _german_month(word: str) -> int | None:
    """`Januar`, `Jan`, `März`, `Maerz` -> month number."""
    word = word.lower().replace("ae", "ä")
    for number, name in enumerate(_GERMAN_MONTHS, start=1):
        if len(word) >= 3 and name.startswith(word):
            return number
    return None


# Years a bulletin or an event of the branch can have; outside is a typo (0224, 20224)
# that would also break calendar arithmetic at the ends of Python's date range.
YEARS = range(1900, 2200)


def _day(year: int, month: int, day: int) -> dt.date:
    try:
        value = dt.date(year, month, day)
    except ValueError:
        raise DateProblem(f"den {day}.{month}.{year} gibt es nicht (Tag oder Monat falsch)") from None
    if year not in YEARS:
        raise DateProblem(f"das Jahr {year} ist wohl ein Tippfehler (erwartet: {YEARS.start} bis {YEARS.stop - 1})")
    return value


def berlin_moment(day: dt.date, hour: int, minute: int) -> dt.datetime:
    """An aware Berlin datetime; a time skipped or repeated by a DST change is an error."""
    if hour > 23 or minute > 59:
        raise DateProblem(f"die Uhrzeit {hour:02d}:{minute:02d} gibt es nicht")
    naive = dt.datetime(day.year, day.month, day.day, hour, minute)
    first = naive.replace(tzinfo=BERLIN, fold=0)
    second = naive.replace(tzinfo=BERLIN, fold=1)
    if first.utcoffset() != second.utcoffset():
        back = first.astimezone(dt.timezone.utc).astimezone(BERLIN).replace(tzinfo=None)
        if back != naive:
            raise DateProblem(
                f"{hour:02d}:{minute:02d} Uhr gibt es am {day:%d.%m.%Y} in Berlin nicht "
                "(Umstellung auf Sommerzeit: die Uhr springt von 2 auf 3 Uhr); "
                "erwartet eine Uhrzeit vor 02:00 oder ab 03:00 Uhr"
            )
        raise DateProblem(
            f"{hour:02d}:{minute:02d} Uhr gibt es am {day:%d.%m.%Y} in Berlin zweimal "
            "(Umstellung auf Winterzeit: die Uhr springt von 3 auf 2 Uhr zurück); "
            "erwartet eine eindeutige Uhrzeit vor 02:00 oder ab 03:00 Uhr"
        )
    return first


def day_of(value: When) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


def german_date(value: When) -> str:
    """`23. Januar 2024`."""
    return _german(day_of(value), "d. MMMM y")


def german_weekday_date(value: When) -> str:
    """`Di., 13. Februar 2024`."""
    return _german(day_of(value), "EEE, d. MMMM y")


def german_month(value: When) -> str:
    """`Januar 2024` (babel's stand-alone month name, as a heading)."""
    return _german(day_of(value).replace(day=1), "LLLL y")


@functools.lru_cache(maxsize=8192)
def _german(day: dt.date, pattern: str) -> str:
    # Babel formats slowly and a large site has many bulletins on the same day.
    return format_date(day, pattern, locale="de_DE")


def german_time(value: dt.datetime) -> str:
    """`19:00 Uhr`."""
    return f"{value:%H:%M} Uhr"


def iso(value: When) -> str:
    """ISO 8601: a day as `2024-02-13`, a moment with its Berlin offset."""
    return value.isoformat(timespec="minutes") if isinstance(value, dt.datetime) else value.isoformat()


def as_written(value: When) -> str:
    """As editors write it in front matter: `2024-02-13` or `2024-02-13 19:00`."""
    return f"{value:%Y-%m-%d %H:%M}" if isinstance(value, dt.datetime) else value.isoformat()


def is_moment(value: When) -> bool:
    return isinstance(value, dt.datetime)


def as_written(value: When) -> str:
    """The form editors write in front matter: `2024-02-13` or `2024-02-13 19:00`."""
    return f"{value:%Y-%m-%d %H:%M}" if isinstance(value, dt.datetime) else value.isoformat()
