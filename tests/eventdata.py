"""Hand-made calendar content for tests: the six dates of the real "Sofortinfo" of
23 January 2024 (see shared/facts-from-a-real-bulletin.md) and a cancelled notice."""

from __future__ import annotations

import datetime as dt
import textwrap

from newsroom.plan.audience import for_audience
from newsroom.errors import ContentErrors
from newsroom.read.loader import parse_sources
from newsroom.model import Audience, Content
from newsroom.settings import Settings

SITE_URL = "https://www.example.org/"
HOST = "www.example.org"

SIX_DATES = textwrap.dedent(
    """\
    ---
    title: Sofortinfo Stadtvorstand 23. Januar 2024
    date: 2024-01-23
    events:
      - title: Demonstration vor dem Landtag
        start: 2024-01-25
        location: Landtag Sachsen-Anhalt, Domplatz, Magdeburg
      - title: Gedenken zum Holocaust-Gedenktag
        start: 2024-01-27
        location: Halle (Saale)
      - title: Treffen für neue Mitglieder
        start: 2024-02-02
        location: Geschäftsstelle, Beispielstraße 12, 06108 Halle (Saale)
      - title: Sitzung des Stadtvorstandes
        start: 2024-02-13 19:00
        end: 2024-02-13 21:00
        online: https://meet.example.org/stadtvorstand
      - title: Stadtparteitag
        start: 2024-03-02
        location: Halle (Saale)
      - title: Basiskonferenz zum städtischen Krankenhaus
        start: 2024-03-16
    ---

    Wir haben am 23. Januar 2024 als Stadtvorstand getagt.
    """
)

CANCELLED_NOTICE = textwrap.dedent(
    """\
    ---
    title: Infostand am Marktplatz
    date: 2024-01-20
    start: 2024-02-10 10:00
    end: 2024-02-10 14:00
    location: Marktplatz, Halle (Saale)
    status: cancelled
    summary: Unser Infostand am 10. Februar fällt aus.
    ---

    Leider müssen wir den Infostand absagen.
    """
)

SIX_DATES_PATH = "bulletins/2024/2024-01-23-sofortinfo.md"
CANCELLED_PATH = "bulletins/termine/2024-02-10-infostand.md"


def notice(title: str = "Sitzung", start: str = "2024-02-13 19:00", **keys: str) -> str:
    """An event notice's text; `keys` are more front matter lines."""
    lines = [f"title: {title}", f"start: {start}"] + [f"{key}: {value}" for key, value in keys.items()]
    return "---\n" + "\n".join(lines) + "\n---\n\nText.\n"


def parse(files: dict[str, str]) -> tuple[Content, list]:
    return parse_sources({path: text.encode("utf-8") for path, text in files.items()}, {})


def content(files: dict[str, str], audience: Audience = Audience.PUBLIC) -> Content:
    """Valid content, filtered for `audience` (as plan_site does)."""
    parsed, errors = parse(files)
    if errors:
        raise ContentErrors(errors)
    return for_audience(parsed, audience)


def settings(now: dt.datetime | str = "2024-01-24 12:00", audience: Audience = Audience.PUBLIC, **more) -> Settings:
    if isinstance(now, str):
        now = dt.datetime.fromisoformat(now).replace(tzinfo=dt.timezone.utc)
    return Settings(audience, SITE_URL, "Stadtverband Halle (Saale)", now, **more)


def sample() -> dict[str, str]:
    return {SIX_DATES_PATH: SIX_DATES, CANCELLED_PATH: CANCELLED_NOTICE}
