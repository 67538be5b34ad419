"""Synthetic bulletins for the benchmark: German-like text, deterministic for a seed.

`generate(n, seed)` returns the source files of a site with `n` bulletins (plus 20 %
event notices) in two forms that hold the same public text:

- `project`: files for our `bulletins/` folder, with front matter (authors, tags,
  summaries, `events:` lists), member passages and a few member-only bulletins;
- `baseline`: the same public bodies as plain Markdown pages for a bare MkDocs site,
  laid out in the same relative tree, so links between bulletins work in both.

The text is made from word lists below, not taken from anywhere: sentences of 6 to
18 words, paragraphs of 3 to 6 sentences, a heading now and then, an occasional list.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

NOUNS = (
    "Stadtrat", "Haushalt", "Verkehr", "Schule", "Kita", "Wohnung", "Miete", "Straßenbahn",
    "Radweg", "Bürgerforum", "Versammlung", "Vorstand", "Antrag", "Beschluss", "Gewerkschaft",
    "Initiative", "Nachbarschaft", "Stadtteil", "Krankenhaus", "Pflege", "Arbeit", "Lohn",
    "Energie", "Klima", "Park", "Spielplatz", "Bibliothek", "Schwimmbad", "Jugendclub",
    "Verwaltung", "Oberbürgermeisterin", "Fraktion", "Wahlkampf", "Infostand", "Flugblatt",
    "Zeitung", "Bericht", "Haushaltsplan", "Sanierung", "Baustelle", "Bushaltestelle",
    "Sozialticket", "Grundschule", "Turnhalle", "Ortsgruppe", "Mitgliedschaft", "Spende",
    "Kasse", "Satzung", "Tagesordnung", "Einladung", "Debatte", "Anfrage", "Petition",
    "Demonstration", "Kundgebung", "Betriebsrat", "Tarifvertrag", "Rente", "Gesundheit",
    "Stadtwerke", "Wasserpreis", "Fernwärme", "Sporthalle", "Ehrenamt", "Vereinsarbeit",
    "Seniorentreff", "Familienzentrum", "Beratung", "Sprechstunde", "Bürgerbüro", "Marktplatz",
    "Altstadt", "Neubaugebiet", "Wohnungsgenossenschaft", "Mieterverein", "Nebenkosten",
    "Heizkosten", "Stadtbibliothek", "Volkshochschule", "Musikschule", "Theater", "Kultur",
)
VERBS = (
    "fordert", "beschließt", "diskutiert", "unterstützt", "kritisiert", "begrüßt", "plant",
    "berichtet", "lädt", "organisiert", "prüft", "verteidigt", "stärkt", "sammelt", "erklärt",
    "bespricht", "beantragt", "verhindert", "sichert", "verbessert", "eröffnet", "bereitet",
    "bewertet", "verlangt", "informiert", "ermöglicht", "schlägt", "setzt", "bringt", "zeigt",
)
ADJECTIVES = (
    "neue", "soziale", "bezahlbare", "öffentliche", "gemeinsame", "wichtige", "kommunale",
    "solidarische", "gerechte", "offene", "schnelle", "deutliche", "lange", "kurze", "breite",
    "städtische", "freie", "gute", "klare", "nächste", "letzte", "große", "kleine", "starke",
    "sichere", "gesunde", "moderne", "alte", "ganze", "regionale",
)
FUNCTION_WORDS = (
    "und", "oder", "aber", "denn", "mit", "für", "gegen", "ohne", "nach", "vor", "bei",
    "über", "unter", "in", "im", "am", "zum", "zur", "vom", "auch", "noch", "schon", "nur",
    "sehr", "heute", "morgen", "gestern", "wieder", "immer", "gemeinsam", "deshalb", "damit",
    "weil", "dass", "wenn", "als", "wie", "der", "die", "das", "den", "dem", "des", "ein",
    "eine", "einen", "unser", "unsere", "alle", "viele", "wir", "sie", "es", "nicht",
)
FIRST_NAMES = ("Erika", "Max", "Anna", "Jonas", "Fatma", "Lukas", "Marie", "Ali", "Sophie", "Paul", "Emine", "Tom")
LAST_NAMES = ("Muster", "Beispiel", "Schulze", "Krüger", "Yılmaz", "Wagner", "Becker", "Hoffmann", "Lange", "Peters")
TAG_WORDS = (
    "Stadtvorstand", "Stadtrat", "Mieten", "Verkehr", "Straßenbau", "Schule", "Kita", "Pflege",
    "Krankenhaus", "Haushalt", "Klima", "Energie", "Kultur", "Sport", "Jugend", "Senioren",
    "Gewerkschaft", "Wahlkampf", "Kommunalwahl", "Landtag", "Bundestag", "Pressemitteilung",
    "Sofortinfo", "Termine", "Ortsgruppe Nord", "Ortsgruppe Süd", "Ortsgruppe Ost",
    "Ortsgruppe West", "Satzung", "Finanzen", "Bildung", "Gesundheit", "Wohnen", "Arbeit",
    "Frieden", "Antifaschismus", "Digitales", "Umwelt", "Nahverkehr", "Soziales",
)
PLACES = (
    "Gewerkschaftshaus, Musterstraße 5", "Stadtteilzentrum Süd, Beispielplatz 3",
    "Rathaus, Marktplatz 1", "Bürgerhaus Nord, Lindenallee 12", "Jugendclub, Am Park 7",
    "Volkshochschule, Schulweg 2", "Café am Markt, Marktplatz 9",
)

# Share of bulletins with each feature, and the span of publication dates.
NOTICE_SHARE = 0.2
MEMBER_PASSAGE_SHARE = 0.15
MEMBER_ONLY_SHARE = 0.03
EVENTS_LIST_SHARE = 0.1
SUMMARY_SHARE = 0.5
LINK_SHARE = 0.1
FIRST_DAY = dt.date(2016, 1, 1)
DAYS = 10 * 365
WORDS_PER_BULLETIN = 600
WORDS_PER_NOTICE = 200


@dataclass
class Corpus:
    project: dict[str, str] = field(default_factory=dict)  # path under bulletins/ -> text
    baseline: dict[str, str] = field(default_factory=dict)  # path under docs/ -> text
    bulletins: int = 0
    notices: int = 0
    public_pages: int = 0  # bulletins and notices the public build publishes


class _Writer:
    """German-like text from the word lists, driven by one seeded random generator."""

    def __init__(self, rng: random.Random):
        self.rng = rng

    def word(self) -> str:
        pick = self.rng.random()
        if pick < 0.45:
            return self.rng.choice(FUNCTION_WORDS)
        if pick < 0.75:
            return self.rng.choice(NOUNS)
        if pick < 0.9:
            return self.rng.choice(ADJECTIVES)
        return self.rng.choice(VERBS)

    def sentence(self, low: int = 6, high: int = 18) -> list[str]:
        words = [self.word() for _ in range(self.rng.randint(low, high))]
        words[0] = words[0][:1].upper() + words[0][1:]
        if self.rng.random() < 0.15:
            spot = self.rng.randrange(len(words))
            words[spot] = f"**{words[spot]}**"
        if len(words) > 8 and self.rng.random() < 0.3:
            words[self.rng.randrange(2, len(words) - 2)] += ","
        return words

    def paragraph(self) -> tuple[str, int]:
        sentences = [self.sentence() for _ in range(self.rng.randint(3, 6))]
        return " ".join(" ".join(s) + "." for s in sentences), sum(len(s) for s in sentences)

    def title(self) -> str:
        words = [self.rng.choice(ADJECTIVES).capitalize(), self.rng.choice(NOUNS), self.rng.choice(FUNCTION_WORDS), self.rng.choice(NOUNS)]
        return " ".join(words)

    def body(self, words: int, *, member_passage: bool, link: str | None) -> tuple[str, str]:
        """(project Markdown, baseline Markdown): the same text, minus member passages."""
        member_at = self.rng.randint(1, 3) if member_passage else -1
        blocks: list[tuple[str, bool]] = []
        count = 0
        while count < words:
            position = len(blocks)
            if position and position % 4 == 0:
                blocks.append((f"## {self.rng.choice(ADJECTIVES).capitalize()} {self.rng.choice(NOUNS)}", False))
            if position == 2 and self.rng.random() < 0.3:
                items = [" ".join(self.sentence(3, 7)) for _ in range(self.rng.randint(3, 5))]
                blocks.append(("\n".join(f"- {item}" for item in items), False))
            text, n = self.paragraph()
            if link and position == 1:
                text += f" Mehr dazu in [unserem früheren Beitrag]({link})."
            count += n
            if position == member_at:
                blocks.append((f"/// members\n{text}\n///", True))
            else:
                blocks.append((text, False))
        public = [text for text, members in blocks if not members]
        return "\n\n".join(text for text, _ in blocks), "\n\n".join(public)


def _front_matter(lines: list[str]) -> str:
    return "---\n" + "\n".join(lines) + "\n---\n\n"


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def generate(n: int, seed: int = 1) -> Corpus:
    """`n` bulletins and `n / 5` event notices; the same `n` and `seed` give the same files."""
    rng = random.Random(seed)
    writer = _Writer(rng)
    corpus = Corpus()
    authors = [f"{first} {last}" for first in FIRST_NAMES for last in LAST_NAMES][:40]
    public_paths: list[str] = []  # bulletins/… paths of public bulletins, for links
    # Spread evenly over the span (with some jitter), so even a small corpus has every year.
    days = sorted(FIRST_DAY + dt.timedelta(days=min(DAYS - 1, i * DAYS // n + rng.randrange(DAYS // n + 1))) for i in range(n))

    for number, day in enumerate(days, start=1):
        title = writer.title()
        slug_words = "-".join(title.lower().split()[:2])
        name = f"{day.isoformat()}-{_ascii(slug_words)}-{number}.md"
        path = f"{day.year}/{name}"
        members_only = rng.random() < MEMBER_ONLY_SHARE
        link = None
        if public_paths and rng.random() < LINK_SHARE:
            target = rng.choice(public_paths)
            link = "../" + target if not target.startswith(f"{day.year}/") else target.split("/", 1)[1]
        project_body, baseline_body = writer.body(
            WORDS_PER_BULLETIN, member_passage=rng.random() < MEMBER_PASSAGE_SHARE, link=None if members_only else link
        )
        meta = [f"title: {_quoted(title)}", f"date: {day.isoformat()}"]
        meta.append("authors: [" + ", ".join(_quoted(a) for a in rng.sample(authors, rng.randint(1, 2))) + "]")
        # The first tag goes round the list, so every tag is in use from 40 bulletins on.
        tags = [TAG_WORDS[number % len(TAG_WORDS)]] + rng.sample(TAG_WORDS, rng.randint(0, 2))
        meta.append("tags: [" + ", ".join(_quoted(t) for t in dict.fromkeys(tags)) + "]")
        if rng.random() < SUMMARY_SHARE:
            meta.append(f"summary: {_quoted(' '.join(writer.sentence()) + '.')}")
        if members_only:
            meta.append("audience: members")
        if rng.random() < EVENTS_LIST_SHARE:
            meta.append("events:")
            for index in range(rng.randint(1, 3)):
                start = dt.datetime.combine(day + dt.timedelta(days=rng.randint(3, 40)), dt.time(rng.choice((10, 15, 18, 19))))
                meta += [
                    f"  - title: {_quoted(writer.title())}",
                    f"    start: {start:%Y-%m-%d %H:%M}",
                    f"    end: {start + dt.timedelta(hours=2):%Y-%m-%d %H:%M}",
                    f"    location: {_quoted(rng.choice(PLACES))}",
                ]
                if index == 2:
                    meta.append("    audience: members")
        corpus.project[path] = _front_matter(meta) + project_body + "\n"
        corpus.bulletins += 1
        if not members_only:
            corpus.baseline[path] = _front_matter([f"title: {_quoted(title)}"]) + baseline_body + "\n"
            public_paths.append(path)

    for number in range(1, int(n * NOTICE_SHARE) + 1):
        day = FIRST_DAY + dt.timedelta(days=rng.randrange(DAYS + 60))
        title = writer.title()
        name = f"{day.isoformat()}-{_ascii('-'.join(title.lower().split()[:2]))}-{number}.md"
        path = f"termine/{day.year}/{name}"
        start = dt.datetime.combine(day, dt.time(rng.choice((10, 14, 18, 19))))
        meta = [
            f"title: {_quoted(title)}",
            f"start: {start:%Y-%m-%d %H:%M}",
            f"end: {start + dt.timedelta(hours=2):%Y-%m-%d %H:%M}",
            f"location: {_quoted(rng.choice(PLACES))}",
            "tags: [" + ", ".join(_quoted(t) for t in rng.sample(TAG_WORDS, rng.randint(1, 2))) + "]",
        ]
        project_body, baseline_body = writer.body(
            WORDS_PER_NOTICE, member_passage=rng.random() < MEMBER_PASSAGE_SHARE, link=None
        )
        corpus.project[path] = _front_matter(meta) + project_body + "\n"
        corpus.baseline[path] = _front_matter([f"title: {_quoted(title)}"]) + baseline_body + "\n"
        corpus.notices += 1

    corpus.public_pages = len(corpus.baseline)
    return corpus


_ASCII = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "ı": "i"})


def _ascii(text: str) -> str:
    return "".join(c if c.isascii() and (c.isalnum() or c == "-") else "" for c in text.translate(_ASCII))
