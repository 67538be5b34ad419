"""Hypothesis strategies: random sites mixing public and member pages, bulletins, event
notices, events in bulletins, member files and nested member passages.

Every member-only field gets a fresh marker (`leakproof.MARKER`), labelled with the
field it stands in, so a failing example says what leaked. Public text is made of a
fixed list of German words and never contains a marker.
"""

from __future__ import annotations

import datetime as dt
import posixpath
from dataclasses import dataclass, field

from hypothesis import strategies as st

WORDS = [
    "Stadtrat", "Haushalt", "Mieten", "Nahverkehr", "Straßenbahn", "Kita", "Ärztehaus", "Grünfläche",
    "Bürgerforum", "Schule", "Bibliothek", "Radweg", "Wohnungsbau", "Südstadt", "Ortsgruppe", "Infostand",
]
TAGS = ["Stadtrat", "Haushalt", "Verkehr", "Soziales", "Straßenbau"]
AUTHORS = ["Stadtvorstand", "Pressestelle"]


@dataclass
class Corpus:
    files: dict[str, bytes] = field(default_factory=dict)  # project path -> content
    markers: dict[str, str] = field(default_factory=dict)  # marker -> field label

    def marker(self, label: str) -> str:
        value = f"mmk{len(self.markers) + 1:04d}q"
        self.markers[value] = label
        return value

    def add(self, path: str, text: str | bytes) -> None:
        self.files[path] = text.encode("utf-8") if isinstance(text, str) else text


def _words(draw, low: int = 2, high: int = 8) -> str:
    return " ".join(draw(st.lists(st.sampled_from(WORDS), min_size=low, max_size=high)))


def _text(draw, corpus: Corpus, member: bool, label: str, low: int = 2, high: int = 8) -> str:
    """Public words, with a marker among them when the text is member-only."""
    words = _words(draw, low, high).split(" ")
    if member:
        words.insert(draw(st.integers(0, len(words))), corpus.marker(label))
    return " ".join(words)


def _blocks(draw, corpus: Corpus, member: bool, depth: int, links: list[str]) -> str:
    """Markdown blocks; `///` member passages nest up to two deep. `links`: targets of
    member pages (relative to the file) that member text may link to."""
    kinds = ["paragraph", "heading", "list"] + (["passage", "passage"] if depth < 2 else [])
    blocks = []
    for kind in draw(st.lists(st.sampled_from(kinds), min_size=1, max_size=4)):
        if kind == "paragraph":
            text = _text(draw, corpus, member, "body")
            if member and links and draw(st.booleans()):
                text += f" [{corpus.marker('link text')}]({draw(st.sampled_from(links))})"
            blocks.append(text)
        elif kind == "heading":
            blocks.append("## " + _text(draw, corpus, member, "heading", 1, 3))
        elif kind == "list":
            blocks.append("\n".join(f"- {_text(draw, corpus, member, 'list item', 1, 4)}" for _ in range(draw(st.integers(1, 3)))))
        else:
            blocks.append(_passage(draw, corpus, depth, links))
    return "\n\n".join(blocks)


# Every container Markdown allows a block in (spec: "wherever Markdown allows a block").
CONTAINERS = [
    "top", "quote-1", "quote-2", "quote-3", "quote-tight", "list-dash", "list-star", "list-plus",
    "list-ordered", "footnote", "footnote-second", "admonition", "html",
]


def _member_link(draw, corpus: Corpus, links: list[str]) -> str:
    """A link from member text to member content, in one of the forms editors write."""
    target = draw(st.sampled_from(links))
    text = corpus.marker("link text")
    form = draw(st.sampled_from(["inline", "angle", "html", "reference-two-lines"]))
    if form == "angle":
        return f"[{text}](<{target}>)"
    if form == "html":
        return f'<a\nhref="{target}">{text}</a>'
    if form == "reference-two-lines":
        label = f"ref{len(corpus.markers)}"  # labels are never shown, not even to members
        return f"[{text}][{label}]\n\n[{label}]:\n    {target}"
    return f"[{text}]({target})"


def _passage(draw, corpus: Corpus, depth: int, links: list[str]) -> str:
    container = draw(st.sampled_from(CONTAINERS)) if depth == 0 else "top"
    if container in ("top", "html") or container.startswith("quote") or container == "admonition":
        inner = _blocks(draw, corpus, True, depth + 1, links)
    else:  # list items and footnotes: one paragraph, so indentation rules stay simple
        inner = _text(draw, corpus, True, f"passage in {container}")
    if links and not container.startswith("list") and draw(st.booleans()):
        inner += "\n\n" + _member_link(draw, corpus, links)
    passage = f"/// members\n{inner}\n///"
    if container == "top":
        return passage
    if container.startswith("quote"):
        prefix = ">" if container == "quote-tight" else "> " * int(container[-1])
        return "\n".join(f"{prefix}{line}".rstrip() if line else prefix.strip() for line in passage.split("\n"))
    if container.startswith("list"):
        marker = {"list-dash": "- ", "list-star": "* ", "list-plus": "+ ", "list-ordered": "1. "}[container]
        pad = " " * len(marker)
        lines = passage.split("\n")
        return "\n".join([f"{marker}{lines[0]}", *(f"{pad}{line}" if line else "" for line in lines[1:])])
    if container.startswith("footnote"):
        label = f"fn{len(corpus.markers)}"  # public: the (emptied) footnote stays in the public page
        lines = passage.split("\n")
        if container == "footnote":
            body = "\n".join([f"[^{label}]: {lines[0]}", *(f"    {line}" if line else "" for line in lines[1:])])
        else:
            body = f"[^{label}]: {_words(draw, 1, 3)}\n\n" + "\n".join(f"    {line}" if line else "" for line in lines)
        return f"{_words(draw, 1, 3)}[^{label}]\n\n{body}"
    if container == "admonition":
        return '!!! note "Hinweis"\n\n' + "\n".join(f"    {line}" if line else "" for line in passage.split("\n"))
    return f'<div markdown="1">\n\n{passage}\n\n</div>'


def _front(meta: list[tuple[str, str]]) -> str:
    return "---\n" + "".join(f"{key}: {value}\n" for key, value in meta) + "---\n\n"


def _yaml_list(items: list[str], indent: str = "  ") -> str:
    return "".join(f"\n{indent}- {item}" for item in items)


def _when(draw, moment: bool, latest: dt.date = dt.date(2026, 12, 31)) -> str:
    day = draw(st.dates(dt.date(2023, 1, 1), latest))
    if not moment:
        return day.isoformat()
    return f"{day.isoformat()} {draw(st.integers(8, 20)):02d}:{draw(st.sampled_from([0, 15, 30])):02d}"


def _repeat(draw, indent: str) -> str:
    """A `repeat` mapping that is valid for any start: the rule's own day, a few times."""
    every = draw(st.sampled_from(["week", "month", "year"]))
    return f"repeat:\n{indent}every: {every}\n{indent}count: {draw(st.integers(1, 4))}"


def _relative(from_path: str, to_path: str) -> str:
    return posixpath.relpath(to_path, posixpath.dirname(from_path))


@st.composite
def corpora(draw) -> Corpus:
    corpus = Corpus()

    # Member standing pages and a member file, so text elsewhere can link to them.
    member_pages = []
    for number in range(draw(st.integers(0, 2))):
        name = "index.md" if number == 0 and draw(st.booleans()) else f"{corpus.marker('page file name')}.md"
        member_pages.append(f"docs/mitglieder/{name}")
    if draw(st.booleans()):
        member_pages.append(f"docs/{corpus.marker('page file name')}.md")
    member_file = f"docs/mitglieder/{corpus.marker('file name')}.txt" if draw(st.booleans()) else None
    if member_file:
        corpus.add(member_file, f"Nur für Mitglieder: {corpus.marker('file content')}\n")
    for path in member_pages:
        links = [_relative(path, other) for other in member_pages if other != path]
        if member_file:
            links.append(_relative(path, member_file))
        audience = "" if "/mitglieder/" in path else "\naudience: members"
        title = _text(draw, corpus, True, "page title", 1, 3)
        corpus.add(path, f"---\ntitle: {title}{audience}\n---\n\n{_blocks(draw, corpus, True, 0, links)}\n")

    # A public standing page in the navigation, with member passages.
    links = [_relative("docs/ueber-uns.md", p) for p in member_pages]
    if member_file:
        links.append(_relative("docs/ueber-uns.md", member_file))
    corpus.add("docs/ueber-uns.md", f"---\ntitle: Über uns\n---\n\n{_blocks(draw, corpus, False, 0, links)}\n")

    # Bulletins and event notices.
    for number in range(draw(st.integers(0, 5))):
        _bulletin(draw, corpus, number, member_pages)
    for number in range(draw(st.integers(0, 3))):
        _notice(draw, corpus, number, member_pages)
    return corpus


def _bulletin(draw, corpus: Corpus, number: int, member_pages: list[str]) -> None:
    member = draw(st.booleans())
    # Published by the builds' "now" (conftest.EPOCH, 2026-12-02): a planned bulletin is in
    # neither build, so its markers could not be found in the member build.
    date = _when(draw, draw(st.booleans()), latest=dt.date(2026, 12, 1))
    name = corpus.marker("bulletin file name") if member else "meldung"
    path = f"bulletins/{date[:4]}/{date[:10]}-{name}-{number}.md"
    meta = [("title", _text(draw, corpus, member, "bulletin title", 1, 5)), ("date", date)]
    if draw(st.booleans()):
        meta.append(("summary", _text(draw, corpus, member, "bulletin summary")))
    tags = draw(st.lists(st.sampled_from(TAGS), max_size=2, unique=True))
    if member and draw(st.booleans()):
        tags.append(f"Intern {corpus.marker('bulletin tag')}")
    if tags:
        meta.append(("tags", _yaml_list(tags)))
    if draw(st.booleans()):
        meta.append(("authors", _yaml_list([corpus.marker("bulletin author") if member else draw(st.sampled_from(AUTHORS))])))
    if member:
        meta.append(("audience", "members"))
    entries = []
    for _ in range(draw(st.integers(0, 2))):
        entry_member = member or draw(st.booleans())
        lines = [f"title: {_text(draw, corpus, entry_member, 'event.title', 1, 3)}", f"start: {_when(draw, True)}"]
        if draw(st.booleans()):
            lines.append(f"location: {_text(draw, corpus, entry_member, 'event.location', 1, 3)}")
        if draw(st.booleans()):
            slug = corpus.marker("event.online") if entry_member else "treffen"
            lines.append(f"online: https://meet.example.org/{slug}")
        if draw(st.booleans()):  # a recurring date (issue 19): its occurrences fill the lists
            lines.append(_repeat(draw, "      "))
        if entry_member and not member:
            lines.append("audience: members")
        entries.append("\n  - " + "\n    ".join(lines))
    if entries:
        meta.append(("events", "".join(entries)))
    links = [_relative(path, p) for p in member_pages]
    corpus.add(path, _front(meta) + _blocks(draw, corpus, member, 0, links) + "\n")


def _notice(draw, corpus: Corpus, number: int, member_pages: list[str]) -> None:
    member = draw(st.booleans())
    start = _when(draw, draw(st.booleans()))
    name = corpus.marker("notice file name") if member else "treffen"
    path = f"bulletins/termine/{start[:10]}-{name}-{number}.md"
    meta = [("title", _text(draw, corpus, member, "notice title", 1, 4)), ("start", start)]
    if draw(st.booleans()):
        meta.append(("location", _text(draw, corpus, member, "notice location", 1, 3)))
    if draw(st.booleans()):
        meta.append(("online", f"https://meet.example.org/{corpus.marker('notice.online') if member else 'treffen'}"))
    if draw(st.booleans()):
        meta.append(("summary", _text(draw, corpus, member, "notice summary")))
    if member and draw(st.booleans()):
        meta.append(("tags", _yaml_list([f"Klausur {corpus.marker('notice.tags')}"])))
    if draw(st.booleans()):
        meta.append(("repeat", _repeat(draw, "  ").removeprefix("repeat:")))
    if member:
        meta.append(("audience", "members"))
    links = [_relative(path, p) for p in member_pages]
    corpus.add(path, _front(meta) + _blocks(draw, corpus, member, 0, links) + "\n")
