"""Rendering limits (issue 13, "Time"): every text is rendered in time linear in its size,
or refused in the read stage with a German message naming the line.

Pure tests of `read/render_limits.py` and of our own scanners (`plan/links.py`,
`plan/summary.py`); the real builds are cases in `tests/bad-input/` (`body-*`,
`docs-page-link-brackets`); the time per KiB is measured in `test_linear_time.py`.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from newsroom.plan import links, summary
from newsroom.read import body_rules, reader
from newsroom.read import render_limits as limits

ROOT = Path(__file__).resolve().parent.parent


def problems(text: str) -> list[tuple[int, str]]:
    return [(problem.line, problem.message) for problem in limits.find_problems(text)]


def only(text: str) -> tuple[int, str]:
    found = problems(text)
    assert len(found) == 1, found
    return found[0]


def test_every_real_text_of_the_project_is_within_the_limits() -> None:
    texts = [*ROOT.glob("bulletins/**/*.md"), *ROOT.glob("docs/**/*.md"), ROOT / "README.md", *ROOT.glob("tests/fixtures/**/*.md")]
    assert len(texts) > 20
    for path in texts:
        assert problems(path.read_text(encoding="utf-8", errors="replace")) == [], path


def test_a_long_realistic_bulletin_is_within_the_limits() -> None:
    paragraph = (
        "Wir haben am 23.1. online getagt; Gäste waren keine da. Das Protokoll liegt jetzt im "
        "[Cloud-Ordner](https://cloud.example.org/s/abc \"Protokolle\"), die Mahnwache am 20. Januar "
        "war **gut besucht** (rund 300 Menschen) – Fragen bitte an <vorstand@example.org>. "
    ) * 6
    table = "| Datum | Was |\n| --- | --- |\n" + "".join(f"| {day}.2.2024 | [Termin {day}](termin-{day}.md) |\n" for day in range(1, 400))
    items = "".join(f"- **Punkt {n}:** `code` und *Betonung* ([mehr](x.md#a-{n}))\n" for n in range(900))
    text = "\n\n".join([paragraph] * 400 + [table, items, "> Zitat\n> > Antwort\n> > > noch eine"])
    assert len(text) > 500_000
    assert problems(text) == []


def test_unclosed_link_brackets_are_refused_with_the_line_of_the_first() -> None:
    line, message = only("Einleitung.\n\nNoch ein Satz\nund hier [x](" + "[x](" * 400)
    assert line == 4
    assert message.startswith("Im Absatz stehen „[“, „](“ oder „`“ ohne Gegenstück vor sehr viel Text")
    assert f"erlaubt sind hier höchstens {limits.MAX_SCAN + limits.SCAN_PER_CHARACTER * (27 + 1600)}." in message


def test_a_stray_bracket_in_an_ordinary_paragraph_is_fine() -> None:
    sentence = "Wir haben getagt, beraten und beschlossen, was im Protokoll steht. "
    assert problems("Ein [ verirrtes Zeichen, ein ( und ein ` in einem langen Absatz. " + sentence * 200 + " [[ ]( `") == []


def test_the_read_ahead_counts_partners_nesting_and_backticks() -> None:
    assert limits._read_ahead("[a] [b](c)") == (2 + 2 + 3, 0)
    assert limits._read_ahead("x [[a]]") == (2 + 4, 0)
    total, first = limits._read_ahead("ab [cd")
    assert (total, first) == (3, 3)
    assert limits._read_ahead("`a` ``b``")[0] == 2 + 3
    assert limits._read_ahead("x ``a` b")[1] == 2


def test_too_much_markup_in_one_paragraph() -> None:
    line, message = only("a\n\n" + "[" * (limits.MAX_MARKUP + 1))
    assert line == 3
    assert message.startswith(f"Der Absatz enthält {limits.MAX_MARKUP + 1} Auszeichnungszeichen")
    assert problems("*a" * (limits.MAX_MARKUP // 2) + "*") == [] or only("*a" * (limits.MAX_MARKUP // 2) + "*")


def test_markup_is_counted_per_list_item_and_table_row() -> None:
    items = "".join(f"- **{n}** [a](b) `c`\n" for n in range(900))  # 9 markup characters per item
    assert problems(items) == []


def test_unclosed_html_tags_across_the_whole_text() -> None:
    line, message = only("Text.\n\n" + "<a b\n\n" * 3000)
    assert line == 3
    assert message.startswith("Im Text stehen sehr viele „<“ ohne schließendes „>“")
    assert problems("<b>fett</b> und a < b und <https://example.org>\n\n" * 2000) == []


def test_nesting_depth() -> None:
    line, message = only("a\n\n" + ">" * 5000)
    assert line == 3
    assert message.startswith("Der Text ist zu tief verschachtelt: 5000 Ebenen")
    assert only("- " * 30 + "x")[1].startswith("Der Text ist zu tief verschachtelt: 30 Ebenen")
    assert problems("> " * limits.MAX_NESTING + "x") == []


def test_lines_of_one_block() -> None:
    line, message = only("x\n\n" + "| a |\n" * (limits.MAX_BLOCK_LINES + 1))
    assert line == 3
    assert message.startswith(f"Der Absatz hat {limits.MAX_BLOCK_LINES + 1} Zeilen ohne Leerzeile")
    assert problems("| a |\n" * limits.MAX_BLOCK_LINES) == []


def test_parts_headings_and_abbreviations_of_one_text_name_the_first_beyond() -> None:
    line, message = only("a\n\n" * (limits.MAX_PARTS + 5))
    assert line == 2 * limits.MAX_PARTS + 1
    assert message.startswith(f"Der Text hat {limits.MAX_PARTS + 5} Absätze, Listenpunkte, Tabellenzeilen und Code-Blöcke")
    assert problems("a\n\n" * limits.MAX_PARTS) == []
    line, message = only("# a\n\n" * (limits.MAX_HEADINGS + 1))
    assert (line, message.split(";")[0]) == (2 * limits.MAX_HEADINGS + 1, f"Der Text hat {limits.MAX_HEADINGS + 1} Überschriften")
    line, message = only("".join(f"*[A{n}]: a\n\n" for n in range(limits.MAX_ABBREVIATIONS + 1)))
    assert message.startswith(f"Der Text hat {limits.MAX_ABBREVIATIONS + 1} Abkürzungserklärungen")


def test_fenced_code_counts_like_text() -> None:
    """Superfences drops a fence not closed by exactly the same fence: its lines are text then."""
    code = "```json\n" + "".join(f'{{"nummer": {n}, "liste": [1, 2, {{"b": "x"}}]}},\n' for n in range(300)) + "```\n"
    assert problems("Ein Beispiel:\n\n" + code) == []
    for opening in ("```", "````", "~~~(c) kein Zaun", "``` python"):
        found = problems(f"{opening}\n" + "[" * 20_000 + "\n```\n")
        assert found and "Auszeichnungszeichen" in found[0][1], opening


def test_body_rules_report_the_limits_with_the_line() -> None:
    found = body_rules.find_problems("Text.\n\n" + ">" * 100 + "\n")
    assert [(problem.line, problem.message.split(":")[0]) for problem in found] == [(3, "Der Text ist zu tief verschachtelt")]


@pytest.mark.parametrize("unit", ["[", "[x](", "<a ", "(", "<", "*", "`", ">", "|", "\n", " ", "[\n", "<a\n\n", "|\n", "- \n"])
def test_the_check_itself_is_fast_on_a_mebibyte(unit: str) -> None:
    text = (unit * (1024 * 1024 // len(unit) + 1))[: 1024 * 1024]
    start = time.process_time()
    limits.find_problems(text)
    assert time.process_time() - start < 3.0


def test_the_size_limit_comes_first() -> None:
    data = b"---\ntitle: x\ndate: 2024-01-01\n---\n" + b"[" * reader.MAX_BYTES
    start = time.process_time()
    document, errors = reader.read_document(data, "bulletins/x.md")
    assert document is None and "erlaubt sind höchstens 1024 KiB" in errors[0].message
    assert time.process_time() - start < 0.5


# Our own scanners: linear on their own, whatever the guard lets through.


@pytest.mark.parametrize("unit", ["[x](", "](a \"", "](a '", "](", "](a" + " " * 50, "[", "]( <"])
def test_the_link_scan_is_linear(unit: str) -> None:
    def cost(size: int) -> float:
        text = (unit * (size // len(unit) + 1))[:size]
        start = time.process_time()
        for _ in range(3):
            links.rewrite(text, "bulletins/2024/x.md", "aktuelles/2024/x.md", {"bulletins/2024/y.md": "aktuelles/2024/y.md"})
        return time.process_time() - start

    small, large = cost(16 * 1024), cost(256 * 1024)
    assert large < 16 * small * 3 + 0.05, (small, large)


def test_the_link_rewrite_is_unchanged_for_real_links() -> None:
    pages = {"bulletins/2024/y.md": "aktuelles/2024/y.md", "docs/kontakt.md": "kontakt.md"}
    text = (
        "[a](y.md) [b](y.md#teil \"Titel\") ![c](y.md 'T') [d]( <y.md> ) [e](https://x.de/(a)) "
        "[f](../../docs/kontakt.md) [g](datei(1).md)\n\n[ref]: y.md\n"
    )
    assert links.rewrite(text, "bulletins/2024/x.md", "aktuelles/2024/x.md", pages) == (
        "[a](y.md) [b](y.md#teil \"Titel\") ![c](y.md 'T') [d](y.md ) [e](https://x.de/(a)) "
        "[f](../../kontakt.md) [g](datei(1).md)\n\n[ref]: y.md\n"
    )
    assert links.targets("[a](y.md) und [b](c.md \"t\")") == ["y.md", "c.md"]


def test_the_teaser_reads_only_the_start_of_a_huge_first_paragraph() -> None:
    paragraph = "Wir haben [getagt](x.md) und **beschlossen**. " * 20_000
    start = time.process_time()
    text = summary.teaser.__wrapped__(None, paragraph)
    assert time.process_time() - start < 1.0
    assert text.startswith("Wir haben getagt und beschlossen. Wir haben") and text.endswith(" …")
    assert summary.teaser.__wrapped__(None, "Kurz: [Link](x.md) und *mehr*.") == "Kurz: Link und mehr."


def test_fence_lines_count_as_parts() -> None:
    block = "```\nx\n```\n\n"  # one part and two fence lines
    assert problems(block * (limits.MAX_PARTS // 3)) == []
    line, message = only(block * (limits.MAX_PARTS // 3 + 1))
    assert message.startswith(f"Der Text hat {3 * (limits.MAX_PARTS // 3 + 1)} Absätze, Listenpunkte, Tabellenzeilen und Code-Blöcke")


def test_length_of_one_part() -> None:
    line, message = only("a\n\n" + "-->" * 30_000)
    assert (line, message.split(";")[0]) == (3, "Der Absatz ist 90000 Zeichen lang")
    assert problems("-->" * 20_000) == []


def test_lines_of_one_text_blank_ones_too() -> None:
    assert problems("\n" * (limits.MAX_LINES - 1)) == []
    assert only("a\n" * limits.MAX_LINES + "\n\n") == (
        limits.MAX_LINES + 1,
        f"Der Text hat {limits.MAX_LINES + 2} Zeilen (Leerzeilen mitgezählt); erlaubt sind höchstens {limits.MAX_LINES} "
        "(hier beginnt die erste zu viel). Bitte auf mehrere Dateien aufteilen oder überzählige Leerzeilen löschen.",
    )
