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
from newsroom import reader, summary
from newsroom.news import TOP_TAGS, _by_month, _top_tags, cards, tag_index
from newsroom.loader import parse_sources
from newsroom.pages import TagRef, paginate

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
    return project


def _normalized(name: str, data: bytes) -> bytes | str:
    if name.endswith(".gz"):
        data = gzip.decompress(data)
    if name.endswith((".html", ".xml", ".xml.gz")):
        # Indentation and blank lines are dropped; nothing else may differ.
        return _LINE_BREAK_SPACE.sub("\n", data.decode("utf-8"))
    return data


def test_render_shortcuts_change_no_page(tmp_path: Path):
    fast_project = _with_generated_content(tmp_path / "fast")
    slow_project = _with_generated_content(tmp_path / "slow")
    _add_hook(slow_project, ROOT / "tests" / "render_longhand.py")
    fast, slow = run_mkdocs(fast_project), run_mkdocs(slow_project)
    assert fast.ok and slow.ok, fast.log + slow.log
    assert fast.files() == slow.files()
    for name in fast.files():
        ours, theirs = (fast.site / name).read_bytes(), (slow.site / name).read_bytes()
        assert _normalized(name, ours) == _normalized(name, theirs), name
    bulletin = fast.text("aktuelles/2024/sofortinfo-stadtvorstand-januar/index.html")
    assert 'href="../../../ueber-uns/"' in bulletin and 'class="md-tabs__link"' in bulletin
    assert len(bulletin) < 0.85 * len(slow.text("aktuelles/2024/sofortinfo-stadtvorstand-januar/index.html"))


@pytest.mark.parametrize(
    ("current", "shown"),
    [
        (1, [1, 2, 3, None, 40]),
        (5, [1, None, 3, 4, 5, 6, 7, None, 40]),
        (4, [1, 2, 3, 4, 5, 6, None, 40]),
        (38, [1, None, 36, 37, 38, 39, 40]),
        (40, [1, None, 38, 39, 40]),
    ],
)
def test_page_numbers_are_a_window_around_the_current_page(current, shown):
    pages = paginate("aktuelles", list(range(400)), 10)
    window = pages[current - 1][2].window
    assert [link.number if link else None for link in window] == shown


def test_short_lists_show_every_page_number():
    window = paginate("aktuelles", list(range(30)), 10)[1][2].window
    assert [link.number for link in window] == [1, 2, 3]


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
