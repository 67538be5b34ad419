"""Member passages (`/// members` … `///`) in Markdown source, read the way Markdown nests blocks.

A passage may stand wherever Markdown allows a block: at the top level, in a quote of
any depth (`> /// members`, `> > …`, `>///`), in a list item (`- `, `* `, `+ `, `1. `,
`1) `), in a footnote (`[^1]: /// members`, or indented in its second paragraph), in an
admonition or an `md_in_html` block (indented or not). Each line is read as a chain of
container markers (quotes, list markers, footnote labels, indentation) and what follows
them; a `///` after the markers is a block line. The cutter works on the raw Markdown,
before any extension runs, so a cut passage leaves nothing behind (no heading in the
table of contents, no text in the search index, no teaser).

Fail closed:
- everything from an opening line to its closing line is cut, whatever container the
  lines in between claim (lazy continuation lines included);
- a closing line at another quote depth or column than its opening line, `members`
  written after `///` anywhere else in a line (`<div markdown>/// members`, inline
  text), an unknown block name, an unclosed passage: each is an error with its line;
- the cutter is blind to code fences: a `///` line inside a (possibly unclosed) fence
  is still a block line, so a forgotten fence never turns a passage into visible code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import Audience

# One container marker at the start of what is left of a line.
_QUOTE = re.compile(r"[ \t]*>[ ]?")
_LIST = re.compile(r"[ \t]*(?:[-*+]|\d{1,9}[.])[ \t]+")  # `1)` is no list for Python-Markdown
_FOOTNOTE = re.compile(r"[ \t]*\[\^[^\]\n]+\]:[ \t]+")
# The rest is taken whole and stripped in Python: `(.*?)[ \t]*$` was quadratic in a run of spaces.
_BLOCK = re.compile(r"([ \t]*)(/{3,})[ \t]*+(.*)")
_BLOCK_NAME = re.compile(r"([A-Za-z][\w-]*)")
# `members` after three slashes anywhere: a passage Markdown may render where we do not cut.
_ANYWHERE = re.compile(r"/{3,}[ \t]*members\b", re.IGNORECASE)

KNOWN_BLOCKS = ("members",)
MEMBER_LABEL = "Nur für Mitglieder"
FOOTNOTE_INDENT = 4  # continuation lines of a footnote are indented by this much


@dataclass(frozen=True)
class PassageProblem:
    line: int  # 1-based within the text given
    message: str  # German


@dataclass(frozen=True)
class _Line:
    """A block line (`///…`) with the containers it stands in."""

    quotes: str  # the quote markers before it, as written (`> > `)
    depth: int  # number of quote markers
    markers: str  # everything before `///` (quotes, list markers, footnote label, indentation)
    column: int  # column of `///` after the quote markers (tabs count 4)
    footnote: bool  # opened right after a footnote label
    listed: bool  # a list marker or footnote label stands before `///`
    rest: str  # what follows the slashes


def _width(text: str) -> int:
    return len(text.expandtabs(4))


def _block_line(line: str) -> _Line | None:
    if "///" not in line:
        return None
    position, depth = 0, 0
    while True:
        quote = _QUOTE.match(line, position)
        if not quote:
            break
        position, depth = quote.end(), depth + 1
    quotes_end = position
    footnote = listed = False
    while True:
        found = _LIST.match(line, position) or _FOOTNOTE.match(line, position)
        if not found:
            break
        footnote = found.re is _FOOTNOTE
        listed = True
        position = found.end()
        inner = _QUOTE.match(line, position)  # `- > /// members`: a quote inside a list item
        while inner:
            position, depth = inner.end(), depth + 1
            quotes_end = position
            inner = _QUOTE.match(line, position)
    block = _BLOCK.fullmatch(line, position)
    if block is None:
        return None
    start = block.start(2)
    return _Line(
        quotes=line[:quotes_end],
        depth=depth,
        markers=line[:start],
        column=_width(line[quotes_end:start]),
        footnote=footnote,
        listed=listed,
        rest=block.group(3).rstrip(" \t"),
    )


def _quote_prefix(depth: int) -> str:
    return ">" * depth


def _closes(opening: _Line, closing: _Line) -> bool:
    if opening.depth != closing.depth or closing.listed:
        return False
    allowed = {opening.column} | ({FOOTNOTE_INDENT} if opening.footnote else set())
    return closing.column in allowed


def find_problems(markdown: str) -> list[PassageProblem]:
    """Every unclosed, unopened, misplaced or unknown `///` block, with its line, and
    every footnote split between a passage and public text."""
    problems = _scan(markdown, keep=None)[1]
    return problems or _footnote_problems(markdown)


_FOOTNOTE_DEFINITION = re.compile(r"^[ \t>]*(?:(?:[-*+]|\d{1,9}\.)[ \t]+)*\[\^([^\]\n]+)\]:")
_FOOTNOTE_REFERENCE = re.compile(r"\[\^([^\]\n]+)\](?!:)")


def _footnote_problems(markdown: str) -> list[PassageProblem]:
    """A footnote whose reference and definition stand on different sides of a passage:
    the public build would show a broken link or `[^1]` as text."""
    if "[^" not in markdown or "///" not in markdown:
        return []
    lines = markdown.split("\n")
    public = public_line_numbers(lines)
    definitions: dict[str, tuple[int, bool]] = {}
    references: dict[str, list[tuple[int, bool]]] = {}
    for number, line in enumerate(lines, start=1):
        definition = _FOOTNOTE_DEFINITION.match(line)
        if definition:
            opening = _block_line(line)  # `[^1]: /// members`: the cut keeps the (empty) footnote
            kept = number in public or (opening is not None and opening.footnote and bool(public))
            definitions.setdefault(definition.group(1), (number, kept))
        for reference in _FOOTNOTE_REFERENCE.finditer(line[definition.end() if definition else 0 :]):
            references.setdefault(reference.group(1), []).append((number, number in public))
    problems = []
    for label, (number, is_public) in definitions.items():
        uses = references.get(label, [])
        if is_public and uses and not any(public for _, public in uses):
            problems.append(PassageProblem(number, (
                f"Die Fußnote „[^{label}]“ wird nur in einem Abschnitt „/// members“ verwendet, steht selbst aber "
                "im öffentlichen Text: Die öffentliche Website hätte eine Fußnote ohne Verweis darauf. Bitte die "
                "Fußnote mit in den Abschnitt setzen."
            )))
        elif not is_public:
            for line, used_public in uses:
                if used_public:
                    problems.append(PassageProblem(line, (
                        f"Die Fußnote „[^{label}]“ wird im öffentlichen Text verwendet, steht aber in einem Abschnitt "
                        "„/// members“: Die öffentliche Website zeigte „[^…]“ als Text. Bitte die Fußnote außerhalb "
                        "des Abschnitts schreiben oder den Verweis in den Abschnitt setzen."
                    )))
    return problems


def cut(markdown: str, audience: Audience) -> str:
    """The Markdown as `audience` sees it.

    Public: every member passage is removed with its lines; the opening line keeps its
    list marker or footnote label (so the container stays as it was), the closing line
    keeps its quote markers (so text before and after cannot merge). Members: each
    passage becomes a box titled "Nur für Mitglieder" in place. Raises ValueError if
    the text has block problems: callers validate first with `find_problems`.
    """
    text, problems = _scan(markdown, keep=audience)
    if problems:
        raise ValueError(f"member passages not valid: {problems[0].message}")
    return text


def _scan(markdown: str, keep: Audience | None, tag: bool = False) -> tuple[str, list[PassageProblem]]:
    if "///" not in markdown:  # no block line, nothing to cut (most texts)
        return markdown, []
    members = keep is Audience.MEMBERS
    out: list[str] = []
    problems: list[PassageProblem] = []
    stack: list[tuple[int, _Line]] = []  # open passages: (line number, opening line)
    for number, line in enumerate(markdown.split("\n"), start=1):
        block = _block_line(line)
        if block is None:
            if "///" in line and _ANYWHERE.search(line):
                problems.append(PassageProblem(number, _misplaced_message()))
            if not stack or members:
                out.append(f"{line}{_TAG}{number}" if tag else line)
            continue
        if not block.rest:  # a bare `///` closes the innermost passage
            if not stack:
                problems.append(PassageProblem(number, "„///“ schließt einen Abschnitt, der nie geöffnet wurde."))
                continue
            opened, opening = stack.pop()
            if not _closes(opening, block):
                problems.append(PassageProblem(number, _level_message(opened, opening, block)))
            if members:
                out.append(line if not stack else _quote_prefix(block.depth))
            elif not stack:
                out.append(_quote_prefix(block.depth))
            continue
        name = _BLOCK_NAME.match(block.rest)
        if name is None or name.group(1) not in KNOWN_BLOCKS:
            found = name.group(1) if name else block.rest
            problems.append(
                PassageProblem(
                    number,
                    f"Unbekannter Abschnitt „/// {found}“. Bekannt ist nur „/// members“ "
                    "(Text nur für Mitglieder), geschlossen mit „///“.",
                )
            )
        elif block.rest != name.group(1):
            problems.append(
                PassageProblem(number, f"Nach „/// members“ darf nichts weiter stehen (gefunden: „{block.rest}“).")
            )
        # An unknown name is treated as a passage anyway, so its content is never shown by accident.
        if members and not stack:
            if not block.markers.strip() and out and out[-1].strip():
                out.append("")  # the box starts a block of its own
            if block.markers.strip():  # in a quote, list item or footnote: one line, same box
                out.append(f"{block.markers}/// members | {MEMBER_LABEL}")
            else:
                out.append(f"{block.markers}/// admonition | {MEMBER_LABEL}")
                out.append(f"{block.markers}    type: members")
        elif (members or not stack) and block.listed:
            out.append(block.markers.rstrip() + " ")  # the list item or footnote stays, empty
        elif members:
            out.append(_quote_prefix(block.depth))
        stack.append((number, block))
    for opened, _ in stack:
        problems.append(
            PassageProblem(opened, "Der Abschnitt „/// members“ wird nicht geschlossen: Es fehlt eine Zeile „///“ danach.")
        )
    return "\n".join(out), problems


def _misplaced_message() -> str:
    return (
        "„/// members“ steht hier an einer Stelle, an der die Website den Abschnitt nicht sicher erkennt "
        "(mitten in einer Zeile oder direkt hinter einem HTML-Tag). Bitte „/// members“ in eine eigene Zeile "
        "setzen, davor höchstens „>“, ein Listenzeichen („- “, „1. “; nicht „1) “) oder eine Fußnote („[^1]: “)."
    )


def _level_message(opened: int, opening: _Line, closing: _Line) -> str:
    where = "in einem Zitat („>“)" if opening.depth else ""
    if opening.listed:
        where = "in einer Fußnote" if opening.footnote else "in einer Liste"
    where = where or "hier"
    return (
        f"Der Abschnitt „/// members“ aus Zeile {opened} wurde {where} geöffnet, wird aber auf einer anderen "
        f"Ebene geschlossen (Einrückung {closing.column} statt {opening.column}, „>“-Tiefe {closing.depth} statt "
        f"{opening.depth}). Bitte „///“ genau unter „///“ der Zeile {opened} setzen, mit denselben „>“ davor, "
        "sonst liest Markdown den Abschnitt anders als die Website."
    )


_TAG = "\x00"  # marks each line's number while the text is cut


def public_line_numbers(lines: list[str]) -> set[int]:
    """1-based numbers of the lines the public build keeps, decided by the cutter itself.

    Block lines (`/// …`) and every line inside a passage are not public; broken
    passages (reported by the schema): no line at all.
    """
    text = "\n".join(lines)
    if "///" not in text:  # every line is public
        return set(range(1, len(lines) + 1))
    kept, problems = _scan(text, Audience.PUBLIC, tag=True)
    if problems:
        return set()
    return {int(line.rsplit(_TAG, 1)[1]) for line in kept.split("\n") if _TAG in line}


def has_member_passage(markdown: str) -> bool:
    """Whether the text has a `///` block line or `/// members` anywhere."""
    if "///" not in markdown:
        return False
    return any(_block_line(line) or _ANYWHERE.search(line) for line in markdown.split("\n"))
