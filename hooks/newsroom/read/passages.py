"""Member passages (`/// members` … `///`) in Markdown source.

The cutter works on lines of the raw Markdown, before any Markdown extension runs,
so a cut passage leaves nothing behind: no heading in the table of contents, no
text in the search index, no excerpt. It is deliberately blind to code fences: a
`///` line inside a (possibly unclosed) fence is still a block line, so a forgotten
fence can never turn a member passage into visible code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import Audience

# A block line: three or more slashes, optionally a block name and more (`| title`).
_BLOCK_LINE = re.compile(r"^[ \t]*(/{3,})[ \t]*(.*?)[ \t]*$")
_BLOCK_NAME = re.compile(r"([A-Za-z][\w-]*)")

KNOWN_BLOCKS = ("members",)
MEMBER_LABEL = "Nur für Mitglieder"


@dataclass(frozen=True)
class PassageProblem:
    line: int  # 1-based within the text given
    message: str  # German


def find_problems(markdown: str) -> list[PassageProblem]:
    """Every unclosed, unopened or unknown `///` block, with its line."""
    return _scan(markdown, keep=None)[1]


def cut(markdown: str, audience: Audience) -> str:
    """The Markdown as `audience` sees it.

    Public: every member passage is removed with its lines (one empty line stays, so
    the text before and after cannot merge). Members: each passage becomes a marked
    admonition. Raises ValueError if the text has block problems: callers validate
    first with `find_problems`, so this only guards against misuse.
    """
    text, problems = _scan(markdown, keep=audience)
    if problems:
        raise ValueError(f"member passages not valid: {problems[0].message}")
    return text


def _scan(markdown: str, keep: Audience | None) -> tuple[str, list[PassageProblem]]:
    if "///" not in markdown:  # no block line, nothing to cut (most texts)
        return markdown, []
    out: list[str] = []
    problems: list[PassageProblem] = []
    stack: list[int] = []  # opening line numbers of open passages
    for number, line in enumerate(markdown.split("\n"), start=1):
        match = _BLOCK_LINE.match(line)
        if not match:
            if not stack or keep is Audience.MEMBERS:
                out.append(line)
            continue
        rest = match.group(2)
        if not rest:  # a bare `///` closes the innermost passage
            if stack:
                stack.pop()
                if not stack:  # only the outermost passage is marked; inner ones add nothing
                    out.append("///" if keep is Audience.MEMBERS else "")
            else:
                problems.append(PassageProblem(number, "„///“ schließt einen Abschnitt, der nie geöffnet wurde."))
            continue
        name = _BLOCK_NAME.match(rest)
        if name is None or name.group(1) not in KNOWN_BLOCKS:
            found = name.group(1) if name else rest
            problems.append(
                PassageProblem(
                    number,
                    f"Unbekannter Abschnitt „/// {found}“. Bekannt ist nur „/// members“ "
                    "(Text nur für Mitglieder), geschlossen mit „///“.",
                )
            )
            # Treat it as a passage anyway, so its content is never shown by accident.
            stack.append(number)
            continue
        if rest != name.group(1):
            problems.append(
                PassageProblem(number, f"Nach „/// members“ darf nichts weiter stehen (gefunden: „{rest}“).")
            )
        if keep is Audience.MEMBERS and not stack:
            out.append("")
            out.append(f"/// admonition | {MEMBER_LABEL}")
            out.append("    type: members")
            out.append("")
        stack.append(number)
    for opened in stack:
        problems.append(
            PassageProblem(opened, "Der Abschnitt „/// members“ wird nicht geschlossen: Es fehlt eine Zeile „///“ danach.")
        )
    return "\n".join(out), problems


_LINE_TAG = "\x00"  # marks each line's number while the text is cut


def public_line_numbers(lines: list[str]) -> set[int]:
    """1-based numbers of the lines the public build keeps, decided by the cutter itself.

    Each ordinary line gets its number appended before cutting; the numbers that survive
    are the public lines. Block lines (`/// …`) are left as they are, so the cutter sees
    the same passages as in the build. Broken passages (reported by the schema): no line.
    """
    if not any(has_member_passage(line) for line in lines):  # every line is public
        return set(range(1, len(lines) + 1))
    tagged = [line if has_member_passage(line) else f"{line}{_LINE_TAG}{n}" for n, line in enumerate(lines, 1)]
    try:
        kept = cut("\n".join(tagged), Audience.PUBLIC)
    except ValueError:
        return set()
    return {int(line.rsplit(_LINE_TAG, 1)[1]) for line in kept.split("\n") if _LINE_TAG in line}


def has_member_passage(markdown: str) -> bool:
    return "///" in markdown and any(_BLOCK_LINE.match(line) for line in markdown.split("\n"))
