"""Limits that keep rendering a text linear in its size.

Python-Markdown (and the HTML parser it uses for raw HTML) reads some text more than
once: every `[` is read ahead to its `]` (to the end of the paragraph when there is
none), so is the `(` of a link and a backtick; every `<` followed by a letter to the
next `>`, across the whole text; the children of one element (paragraphs of a page,
items of a list, rows of a table, emphasis in a paragraph) are looked up one by one;
a paragraph with many lines is re-tested once per line; quotes and lists nest by
recursion. On ordinary text each of these is cheap; on 200 KB of `[` or `<a ` they
are quadratic and the build runs for hours. We cannot rewrite Python-Markdown, so a
text whose cost would grow faster than its size is refused here, in the read stage,
with the file and line (build and `make check` alike). Each limit bounds one of those
costs per paragraph (or per text), so the total stays linear; all of them are far
above what a real bulletin or page uses (see the README's "Rendering limits"). Fenced
code counts like text (see _FENCE_LINE): a few lines of code are far within the limits.

Pure and linear itself: one pass over the lines, then over the markup characters only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator


MAX_NESTING = 20  # `>`, list markers and indentation levels at the start of one line
MAX_BLOCK_LINES = 1000  # lines of one paragraph, list or table without a blank line
MAX_LINES = 50_000  # lines of one text, blank ones included (Markdown takes its blocks from the front of a list)
MAX_PARTS = 5_000  # paragraphs, list items, table rows and fenced code blocks of one text
MAX_PART_CHARS = 65_536  # characters of one paragraph, list item or table row
MAX_MARKUP = 2_000  # markup characters in one paragraph, list item or table row
MAX_SCAN = 20_000  # characters read ahead from unclosed `[`, `](` and backticks, per part,
SCAN_PER_CHARACTER = 50  # plus this many for each character of the part
MAX_HTML_SCAN = 2_000_000  # characters read ahead from `<tag` to the next `>`, per text
MAX_HEADINGS = 2_000  # headings of one text (each gets an id, checked against all before)
MAX_ABBREVIATIONS = 200  # `*[Abk]: …` definitions (each is searched for in the whole text)

# Characters that make inline elements (emphasis, code, links, raw HTML, strike, escapes, entities).
_MARKUP_CHARS = "*_`[<~\\&"
_INDENT = re.compile(r"[ \t]*")
_PREFIX = re.compile(r"(?:[ \t]*(?:>|[-*+](?=[ \t]|$)|\d{1,9}[.)](?=[ \t]|$)))+")
_MARKER = re.compile(r">|[-*+]|\d{1,9}[.)]")
# A line that starts a part of its own: a list item or a table row.
_ITEM = re.compile(r"[ \t>]*(?:[-*+][ \t]|\d{1,9}[.)][ \t]|\|)")
_BRACKET = re.compile(r"[\[\]]")
_PAREN = re.compile(r"[()]")
_TICKS = re.compile(r"`+")
_HTML = re.compile(r"<[A-Za-z/!?]|>")
# Fenced code is counted like text: pymdownx.superfences drops a fence that is not closed
# by exactly the same fence, or whose lines are indented otherwise, and its lines become
# paragraphs again. Only Markdown knows for sure; counting all lines is never too cheap.
_FENCE_LINE = re.compile(r"[ \t>]*(?:`{3,}|~{3,})")
_HEADING = re.compile(r"[ \t>]*(?:#|=+[ \t]*$|-+[ \t]*$)")
_ABBREVIATION = re.compile(r"[ \t>]*\*\[[^\]]*\]:")


@dataclass(frozen=True)
class LimitProblem:
    line: int  # 1-based, in the text given
    message: str  # German


def find_problems(text: str) -> list[LimitProblem]:
    """The first problem of each kind (one is enough to fix the text; all would be many)."""
    found: dict[str, LimitProblem] = {}

    def report(kind: str, line: int, message: str) -> None:
        found.setdefault(kind, LimitProblem(line, message))

    lines = text.count("\n") + (0 if text.endswith("\n") else 1)
    if lines > MAX_LINES:
        return [LimitProblem(
            MAX_LINES + 1,
            f"Der Text hat {lines} Zeilen (Leerzeilen mitgezählt); erlaubt sind höchstens {MAX_LINES} "
            "(hier beginnt die erste zu viel). Bitte auf mehrere Dateien aufteilen oder überzählige Leerzeilen löschen.",
        )]
    parts = headings = abbreviations = 0
    beyond: dict[str, int] = {}  # the line of the first part, heading, … over the limit
    for block_line, lines in _blocks(text):
        if len(lines) > MAX_BLOCK_LINES:
            report(
                "lines", block_line,
                f"Der Absatz hat {len(lines)} Zeilen ohne Leerzeile; erlaubt sind höchstens "
                f"{MAX_BLOCK_LINES}. Bitte Leerzeilen einfügen oder die Liste/Tabelle teilen.",
            )
            continue
        for offset, line in enumerate(lines):
            if _HEADING.match(line):
                headings += 1
                if headings == MAX_HEADINGS + 1:
                    beyond["headings"] = block_line + offset
            elif _ABBREVIATION.match(line):
                abbreviations += 1
                if abbreviations == MAX_ABBREVIATIONS + 1:
                    beyond["abbreviations"] = block_line + offset
            depth = _depth(line)
            if depth > MAX_NESTING:
                report(
                    "nesting", block_line + offset,
                    f"Der Text ist zu tief verschachtelt: {depth} Ebenen aus „>“, Listenzeichen oder "
                    f"Einrückung am Zeilenanfang; erlaubt sind höchstens {MAX_NESTING}.",
                )
        for part_line, part in _parts(block_line, lines):
            parts += 1
            if parts == MAX_PARTS + 1:
                beyond["parts"] = part_line
            _check_part(part_line, part, report)
    parts += _fenced_blocks(text)
    if parts > MAX_PARTS and "parts" not in beyond:
        beyond["parts"] = 1  # past the limit only with the fenced code blocks
    if parts > MAX_PARTS:
        report(
            "parts", beyond["parts"],
            f"Der Text hat {parts} Absätze, Listenpunkte, Tabellenzeilen und Code-Blöcke; erlaubt sind höchstens "
            f"{MAX_PARTS} (hier beginnt der {MAX_PARTS + 1}.). Bitte auf mehrere Dateien aufteilen.",
        )
    if headings > MAX_HEADINGS:
        report(
            "headings", beyond["headings"],
            f"Der Text hat {headings} Überschriften; erlaubt sind höchstens {MAX_HEADINGS}. "
            "Bitte auf mehrere Dateien aufteilen (Zeilen aus „#“, „===“ oder „---“ zählen als Überschrift).",
        )
    if abbreviations > MAX_ABBREVIATIONS:
        report(
            "abbreviations", beyond["abbreviations"],
            f"Der Text hat {abbreviations} Abkürzungserklärungen („*[…]: …“); erlaubt sind höchstens "
            f"{MAX_ABBREVIATIONS}.",
        )
    scan, first = _html_scan(text)
    if scan > MAX_HTML_SCAN:
        report(
            "html", first,
            "Im Text stehen sehr viele „<“ ohne schließendes „>“ (das erste in dieser Zeile). "
            "Ein „<“ vor einem Buchstaben liest Markdown als Beginn von HTML; bitte „>“ ergänzen "
            "oder „&lt;“ schreiben.",
        )
    return sorted(found.values(), key=lambda problem: problem.line)


def _lines(text: str) -> Iterator[tuple[int, str]]:
    return enumerate(text.split("\n"), start=1)


def _fenced_blocks(text: str) -> int:
    """Fence lines: each may start or end a code block, an element of the page of its own."""
    if "``" not in text and "~~" not in text:
        return 0
    return sum(1 for _, line in _lines(text) if _FENCE_LINE.match(line))


def _blocks(text: str) -> Iterator[tuple[int, list[str]]]:
    """(first line, lines) of each run of non-blank lines (fenced code included)."""
    start, lines = 0, []
    for number, line in _lines(text):
        if not line.strip():
            if lines:
                yield start, lines
                lines = []
        else:
            if not lines:
                start = number
            lines.append(line)
    if lines:
        yield start, lines


def _depth(line: str) -> int:
    prefix = _PREFIX.match(line)
    markers = len(_MARKER.findall(prefix.group())) if prefix else 0
    indent = _INDENT.match(line).group().expandtabs(4)
    return markers + len(indent) // 4


def _parts(block_line: int, lines: list[str]) -> Iterator[tuple[int, str]]:
    """A block cut before each list item and table row: the units Markdown renders apart."""
    start = 0
    for index in range(1, len(lines)):
        if _ITEM.match(lines[index]) or "|" in lines[index]:
            yield block_line + start, "\n".join(lines[start:index])
            start = index
    yield block_line + start, "\n".join(lines[start:])


def _check_part(part_line: int, part: str, report) -> None:  # noqa: ANN001 - the closure above
    if len(part) > MAX_PART_CHARS:  # every inline match (`-->`, `(c)`, …) copies the whole part
        report(
            "length", part_line,
            f"Der Absatz ist {len(part)} Zeichen lang; erlaubt sind höchstens {MAX_PART_CHARS} Zeichen "
            "in einem Absatz, Listenpunkt oder einer Tabellenzeile. Bitte Leerzeilen einfügen.",
        )
        return
    markup = sum(part.count(char) for char in _MARKUP_CHARS)
    if markup > MAX_MARKUP:
        report(
            "markup", part_line,
            f"Der Absatz enthält {markup} Auszeichnungszeichen („*“, „_“, „`“, „[“, „<“, „~“, „\\“, „&“); "
            f"erlaubt sind höchstens {MAX_MARKUP} je Absatz, Listenpunkt oder Tabellenzeile. "
            "Bitte Leerzeilen einfügen oder den Teil als Code-Block (zwischen zwei Zeilen „```“) setzen.",
        )
        return
    scan, first = _read_ahead(part)
    allowed = MAX_SCAN + SCAN_PER_CHARACTER * len(part)
    if scan > allowed:
        report(
            "scan", part_line + part.count("\n", 0, first),
            "Im Absatz stehen „[“, „](“ oder „`“ ohne Gegenstück vor sehr viel Text (das erste in "
            f"dieser Zeile); Markdown müsste {scan} Zeichen vorauslesen, erlaubt sind hier höchstens "
            f"{allowed}. Bitte die Klammer schließen, „\\[“ schreiben oder Leerzeilen einfügen.",
        )


def _read_ahead(part: str) -> tuple[int, int]:
    """Characters Markdown reads ahead from each `[`, each `](` and each backtick run (to its
    partner, else to the end), and the offset of the first opener without a partner."""
    end = len(part)
    total, unclosed = 0, end
    stack: list[int] = []
    for match in _BRACKET.finditer(part):
        if match.group() == "[":
            stack.append(match.start())
        elif stack:
            total += match.start() - stack.pop()
    for position in stack:
        total += end - position
        unclosed = min(unclosed, position)
    if "](" in part:
        closing: dict[int, int] = {}
        stack = []
        for match in _PAREN.finditer(part):
            if match.group() == "(":
                stack.append(match.start())
            elif stack:
                closing[stack.pop()] = match.start()
        position = part.find("](")
        while position != -1:
            close = closing.get(position + 1)
            total += (close if close is not None else end) - position
            if close is None:
                unclosed = min(unclosed, position)
            position = part.find("](", position + 2)
    if "`" in part:
        pending: dict[int, int] = {}  # run length -> start of a run still open
        for match in _TICKS.finditer(part):
            length = len(match.group())
            if length in pending:
                total += match.start() - pending.pop(length)
            else:
                pending[length] = match.start()
        for position in pending.values():
            total += end - position
            unclosed = min(unclosed, position)
    return total, (unclosed if unclosed < end else 0)


def _html_scan(text: str) -> tuple[int, int]:
    """Characters the HTML parser reads from each `<tag` start to the next `>` (to the end
    of the text when there is none), and the line of the first one without `>`."""
    if "<" not in text:
        return 0, 1
    total, pending_count, pending_sum, first_open = 0, 0, 0, None
    for match in _HTML.finditer(text):
        if match.group() == ">":
            total += pending_count * match.start() - pending_sum
            pending_count = pending_sum = 0
        else:
            if pending_count == 0:
                first_open = match.start()
            pending_count += 1
            pending_sum += match.start()
    if pending_count:
        total += pending_count * len(text) - pending_sum
    line = text.count("\n", 0, first_open) + 1 if first_open is not None else 1
    return total, line
