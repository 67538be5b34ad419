"""Hand-made recurring dates for tests: a monthly Stammtisch on the first Wednesday
across the change to summer time (31 March 2024), with one exception and one moved
occurrence, and a bulletin whose `events` list holds a weekly series."""

from __future__ import annotations

import textwrap

STAMMTISCH_PATH = "bulletins/termine/2024-01-20-roter-stammtisch.md"
STAMMTISCH = textwrap.dedent(
    """\
    ---
    title: Roter Stammtisch
    date: 2024-01-20
    start: 2024-02-07 19:00
    end: 2024-02-07 21:00
    location: Gaststätte Zum Anker, Magdeburg
    repeat:
      every: month
      on: first wednesday
      until: 2024-09-30
      except: [2024-04-03]
      changes:
        - date: 2024-05-01
          start: 2024-05-08 19:00
          location: Volksbad Buckau
    ---

    Jeden ersten Mittwoch reden wir über Politik in der Stadt.
    """
)
# The dates the rule gives, as (start, end, location, status): Berlin wall clock.
STAMMTISCH_DATES = [
    ("2024-02-07 19:00", "2024-02-07 21:00", "Gaststätte Zum Anker, Magdeburg"),
    ("2024-03-06 19:00", "2024-03-06 21:00", "Gaststätte Zum Anker, Magdeburg"),
    # 2024-04-03: excepted
    ("2024-05-08 19:00", "2024-05-08 21:00", "Volksbad Buckau"),  # moved from 2024-05-01
    ("2024-06-05 19:00", "2024-06-05 21:00", "Gaststätte Zum Anker, Magdeburg"),
    ("2024-07-03 19:00", "2024-07-03 21:00", "Gaststätte Zum Anker, Magdeburg"),
    ("2024-08-07 19:00", "2024-08-07 21:00", "Gaststätte Zum Anker, Magdeburg"),
    ("2024-09-04 19:00", "2024-09-04 21:00", "Gaststätte Zum Anker, Magdeburg"),
]

BOARD_PATH = "bulletins/2024/2024-01-10-vorstand.md"
BOARD = textwrap.dedent(
    """\
    ---
    title: Neues vom Vorstand
    date: 2024-01-10
    events:
      - title: Vorstandssitzung
        start: 2024-01-16 18:30
        end: 2024-01-16 20:00
        online: https://meet.example.org/vorstand
        repeat:
          every: week
          interval: 2
      - title: Sommerfest
        start: 2024-07-13
        end: 2024-07-14
        location: Stadtpark
        repeat:
          every: year
          count: 3
      - title: Infostand
        start: 2024-02-03 10:00
        location: Marktplatz
      - title: Infostand
        start: 2024-03-02 10:00
        location: Marktplatz
    ---

    Unsere Termine.
    """
)
