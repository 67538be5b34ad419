"""The shortcuts that keep large builds fast give the same results as the long way."""

from __future__ import annotations

import gzip
import re
import string
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import ROOT, copy_project, run_mkdocs, write
from test_scale import corpus
from newsroom.read import reader
from newsroom.plan import summary
from newsroom.plan.news import TOP_TAGS, _by_month, _top_tags, cards, tag_index
from newsroom.read.loader import parse_sources
from newsroom.pages import TagRef

_LINE_BREAK_SPACE = re.compile(r"\s*\n\s*")


def _add_hook(project: Path, hook: Path) -> None:
    config = project / "mkdocs.yml"
    lines = config.read_text(encoding="utf-8").split("\n")
    lines.insert(lines.index("  - hooks/newsroom_render.py") + 1, f"  - {hook.as_posix()}")
    config.write_text("\n".join(lines), encoding="utf-8")


def _with_generated_content(target: Path) -> Path:
    """The sample project plus 60 generated bulletins: several list pages per list."""
    project = copy_project(target)
    for path, text in corpus.generate(60, 3).project.items():
        write(project / "bulletins" / path, text)
    # Pages converted one after another must not see each other's abbreviations,
    # footnotes, link references or headings (one converter serves every page).
    write(project / "bulletins/2024/2024-05-02-abkuerzungen.md", (
        "---\ntitle: Abkürzungen\ndate: 2024-05-02\n---\n# Erste Überschrift\n\n"
        "Der KV tagt[^1]. Siehe [Satzung][s].\n\n*[KV]: Kreisverband\n[^1]: Im Rathaus.\n"
        "[s]: https://example.org/satzung\n\n## Gleich\n\n<div id=\"roh\">roh</div>\n"
    ))
    write(project / "bulletins/2024/2024-05-03-ohne-abkuerzungen.md", (
        "---\ntitle: Ohne Abkürzungen\ndate: 2024-05-03\n---\nDer KV tagt wieder[^1]. Siehe [Satzung][s].\n\n"
        "[^1]: Im Saal.\n\n## Gleich\n\n!!! note\n    Hinweis\n"
    ))
    return project


def _normalized(name: str, data: bytes) -> bytes | str:
    if name.endswith(".gz"):
        data = gzip.decompress(data)
    if name.endswith((".html", ".xml", ".xml.gz")):
        # Indentation and blank lines are dropped; nothing else may differ.
        return _LINE_BREAK_SPACE.sub("\n", data.decode("utf-8"))
    return data


@pytest.mark.parametrize("config", ["mkdocs.yml", "mkdocs.members.yml"])
def test_render_shortcuts_change_no_page(tmp_path: Path, config: str):
    fast_project = _with_generated_content(tmp_path / "fast")
    slow_project = _with_generated_content(tmp_path / "slow")
    _add_hook(slow_project, ROOT / "tests" / "render_longhand.py")
    fast, slow = run_mkdocs(fast_project, config=config), run_mkdocs(slow_project, config=config)
    assert fast.ok and slow.ok, fast.log + slow.log
    assert fast.files() == slow.files()
    for name in fast.files():
        ours, theirs = (fast.site / name).read_bytes(), (slow.site / name).read_bytes()
        assert _normalized(name, ours) == _normalized(name, theirs), name
    bulletin = fast.text("aktuelles/2024/sofortinfo-stadtvorstand-januar/index.html")
    assert 'href="../../../ueber-uns/"' in bulletin and 'class="md-tabs__link"' in bulletin
    longhand = slow.text("aktuelles/2024/sofortinfo-stadtvorstand-januar/index.html")
    # The theme's indentation is gone (ours stays as written); it was over a tenth of the page.
    assert "\n      <meta charset" in longhand and "\n<meta charset" in bulletin
    assert len(bulletin) < 0.9 * len(longhand)


FRONT_MATTER = [
    "title: Ein Titel\ndate: 2024-02-13 19:00\ntags: [A, B]\n",
    "title: 'Zitat: mit Doppelpunkt'\nauthors:\n  - Erika\n  - Max\nevents:\n  - title: T\n    start: 2024-03-01\n",
    "n: 0o17\nm: 1_000\ni: .inf\nb: yes\nv: ~\nd: 2024-01-01\n",
    "a: &anker 1\n",
    # Cases the fast reader hands to the strict one, which reports them.
    "a: &x 1\nb: *x\n",
    "a:\n  - &x {b: 1}\n  - *x\n",
    "a: 1\na: 2\n",
    "a: {b: 1, b: 2}\n",
    "a:\n\t- b\n",
    "x: !!python/object:os.system ls\n",
    "x: !eigen 1\n",
    "- a\n- b\n",
    "nur Text\n",
    "title: [offen\n",
    "a: b: c\n",
    "",
]


@pytest.mark.parametrize("text", FRONT_MATTER)
def test_fast_front_matter_reader_agrees_with_the_strict_one(text):
    fast = reader.parse_yaml(text, "bulletins/x.md", 2)
    strict = reader._parse_yaml_strictly(text, "bulletins/x.md", 2)
    assert repr(fast) == repr(strict)


def test_strict_reader_decides_whenever_front_matter_is_unusual():
    assert reader._parse_fast("title: Text\n") is not None
    for text in FRONT_MATTER[4:]:
        assert reader._parse_fast(text) is None, text


# Front matter as editors write it, and as they get it wrong: keys, plain and quoted
# values, dates, flow and block lists, nested entries, stray indentation and YAML's
# special characters, in random order.
_YAML_PIECES = st.sampled_from([
    "title: Sofortinfo Stadtvorstand", "title: 'Zitat: \"ja\"'", 'title: "Tab\\t und \\u00e4"', "title: Wahl: Ergebnis",
    "date: 2024-02-13", "date: 2024-02-13 19:00", "start: 19:00", "n: 0x1F", "n: 1e3", "n: 010", "b: no", "v: null",
    "tags: [Wahl, Haushalt]", "tags: [Wahl, [innen]]", "tags: []", "tags: {a: 1}", "tags:", "  - Wahl", "- Punkt",
    "events:", "  - title: Sitzung", "    start: 2024-03-01 19:00", "    place: Rathaus # Kommentar", "   end: x",
    "authors: Erika Muster, Max", "summary: >", "summary: |", "  Zeile eins", "  Zeile zwei", "? a", ": b",
    "x: 'offen", 'x: "offen', "x: a: b", "x: - y", "x: [a, b", "x: {a", "x: }", "x: ]", "x: %", "x: @a", "x: `a`",
    "x: ,a", "x: #nur Kommentar", "x: a #b", "x: a#b", "x: ä ö ü ß €", "x: \u00a0", "X: 1", "x: 1", "x: 2",
    "  x: eingerückt", "x:   ", "---", "...", "", "   ", "x: 2024-02-30", "x: 12:30:45", "x: 1_000", "x: +1",
    "x: .5", "x: .NaN", "x: ~", "x: <<", "<<: {a: 1}", "x: >-", "x: |+", "[a]: b", "{a: b}: c", "x: a\\b",
])
# Well-formed front matter, so that the fast reader's results are compared too.
_PLAIN = st.sampled_from([
    "Sofortinfo", "Wahl: Ergebnis", "'Zitat: ja'", '"a\\tb \\u00e4"', "2024-02-13", "2024-02-13 19:00", "19:00",
    "12:30:45", "0x1F", "1e3", "010", "0o17", "1_000", "+1", ".5", ".inf", ".NaN", "no", "Yes", "null", "~", "",
    "ä ö ü ß €", "a #Kommentar", "a#b", "<<", "=", "'it''s'", "-1", "- ", "1.2.3", "True", "0b101", "1:20", "190:20:30",
])
_KEYS = st.sampled_from(["title", "date", "tags", "events", "start", "end", "place", "x", "y", "2024", "true", "1.5"])


def _block(mapping: dict, indent: str = "") -> list[str]:
    lines = []
    for key, value in mapping.items():
        if isinstance(value, list) and value and isinstance(value[0], dict):
            lines.append(f"{indent}{key}:")
            for entry in value:
                entry_lines = _block(entry, indent + "    ")
                lines += [f"{indent}  - {entry_lines[0].strip()}", *entry_lines[1:]] if entry_lines else [f"{indent}  - {{}}"]
        elif isinstance(value, list) and len(value) % 2:
            lines.append(f"{indent}{key}: [{', '.join(v for v in value if v not in ('', '- '))}]")
        elif isinstance(value, list):
            lines += [f"{indent}{key}:", *(f"{indent}  - {v}" for v in value)]
        else:
            lines.append(f"{indent}{key}: {value}")
    return lines


_ENTRY = st.dictionaries(_KEYS, _PLAIN, max_size=4)
_WELL_FORMED = st.dictionaries(_KEYS, _PLAIN | st.lists(_PLAIN, max_size=4) | st.lists(_ENTRY, min_size=1, max_size=3), max_size=8)
_YAML_TEXT = _WELL_FORMED.map(lambda m: "\n".join(_block(m)) + "\n") | st.lists(_YAML_PIECES, max_size=12).map(
    lambda lines: "\n".join(lines) + "\n"
) | st.text(
    alphabet=st.sampled_from([*"ab:-[]{},'\"#|>?&*!%@ \n\t\\", "\u00e4", "\u2028", "\x85", "0", "1"]), max_size=60
)


@settings(max_examples=4000, deadline=None)
@given(text=_YAML_TEXT)
def test_fast_front_matter_reader_agrees_with_the_strict_one_on_generated_text(text):
    fast = reader.parse_yaml(text, "bulletins/x.md", 2)
    strict = reader._parse_yaml_strictly(text, "bulletins/x.md", 2)
    assert repr(fast) == repr(strict)


def test_fast_reader_leaves_deep_nesting_to_the_strict_one():
    # libyaml would crash the whole process on this; the strict reader reports it.
    deep = "a: " + "[" * 100_000 + "]" * 100_000 + "\n"
    assert reader._parse_fast(deep) is None
    _, _, errors = reader.parse_yaml(deep, "bulletins/x.md", 2)
    assert errors and "verschachtelt" in errors[0].message


_TEXT = st.text(alphabet=st.sampled_from([*string.printable, *"äöüßÄ–„“…é€\u00a0\u2028\x02\x03"]), max_size=80)


@settings(max_examples=3000, deadline=None)
@given(text=_TEXT | st.sampled_from(["Ein Satz\n1. Liste", "Titel\n===", "  - Punkt", "a\r# b", "    Code", "Wort\tTab"]))
def test_plain_text_without_markdown_is_what_markdown_gives(text):
    assert summary.plain_text(text) == summary._rendered_text(text)


def test_teasers_do_not_share_state():
    first = summary.plain_text("Siehe [Quelle][q].\n\n[q]: https://example.org/")
    second = summary.plain_text("Wieder [Quelle][q].")
    assert (first, second) == ("Siehe Quelle.", "Wieder [Quelle][q].")


def test_year_archive_groups_by_month_and_aside_shows_top_topics():
    files = {
        f"bulletins/2024-0{month}-{day:02d}-b{month}{day}.md": (
            f"---\ntitle: B{month}{day}\ndate: 2024-0{month}-{day:02d}\ntags: [T{day}, Alle]\n---\nText.\n"
        ).encode()
        for month in (1, 3)
        for day in range(1, 16)
    }
    content, errors = parse_sources(files, {})
    assert errors == []
    card_list = list(cards(content, tag_index(content.bulletins)).values())
    months = _by_month(card_list)
    assert [(label, len(items)) for label, items in months] == [("März 2024", 15), ("Januar 2024", 15)]
    counted = tuple((TagRef(f"T{n:02d}", f"t{n}", ""), n) for n in range(1, 20))
    top = _top_tags(counted)
    assert len(top) == TOP_TAGS and [n for _, n in top] == list(range(20 - TOP_TAGS, 20))
