"""Rules for the Markdown text of every page, bulletin and event notice.

Member passages are cut from the Markdown source line by line (`passages.py`). Two
kinds of Markdown would get past that cut, so they are errors wherever they stand:

- HTML comments (`<!-- … -->`): editors take them for hidden notes, but they are
  copied into the page's source, where anyone can read them.
- Snippet includes (`--8<-- "datei.md"`, pymdownx.snippets): they pull in text after
  the passages were cut, so a member passage in the included file would be published.

Both are rejected rather than silently removed: an editor who wrote a comment should
learn that it is not private, and a removed include would silently lose text.

The limits that keep rendering linear in the size of a text (`render_limits.py`) are
checked here too, so every kind of page gets them, in the build and in `make check`.
"""

from __future__ import annotations

import re

from .passages import PassageProblem
from .passages import find_problems as passage_problems
from .render_limits import find_problems as limit_problems

_COMMENT = re.compile(r"<!--")
# pymdownx.snippets markers: `--8<--`, `-8<-`, `;--8<--` (escaped), with or without a file.
_SNIPPET = re.compile(r"-+8<-+")

COMMENT_MESSAGE = (
    "HTML-Kommentare („<!-- … -->“) sind nicht erlaubt: Sie erscheinen im Quelltext der Seite und sind "
    "für alle lesbar. Interne Hinweise bitte in einen Abschnitt „/// members“ setzen oder löschen."
)
SNIPPET_MESSAGE = (
    "Einbindungen anderer Dateien („--8<--“) sind nicht erlaubt: Sie würden Text erst nach dem Entfernen "
    "der Mitgliederabschnitte einfügen. Bitte den Text direkt hier hineinschreiben."
)


def find_problems(markdown: str) -> list[PassageProblem]:
    """Every member-passage problem and every line with a comment or snippet include."""
    problems = passage_problems(markdown)
    for number, line in enumerate(markdown.split("\n"), start=1):
        if _COMMENT.search(line):
            problems.append(PassageProblem(number, COMMENT_MESSAGE))
        if _SNIPPET.search(line):
            problems.append(PassageProblem(number, SNIPPET_MESSAGE))
    problems += [PassageProblem(problem.line, problem.message) for problem in limit_problems(markdown)]
    return sorted(problems, key=lambda problem: problem.line)
