"""Lines of Markdown outside fenced code blocks: links, images and headings in code are
examples, not content. One scanner for every rule that reads the text line by line."""

from __future__ import annotations

import re
from typing import Iterator

FENCE = re.compile(r"^[ \t]{0,3}(`{3,}|~{3,})")


def prose_lines(text: str) -> Iterator[tuple[int, int, str]]:
    """(line number from 1, offset of the line in `text`, line) of every line that is
    neither inside a fenced code block nor one of its fence lines."""
    fence: str | None = None
    offset = 0
    for number, line in enumerate(text.split("\n"), start=1):
        opening = FENCE.match(line)
        if opening:
            marker = opening.group(1)
            if fence is None:
                fence = marker[0] * 3
            elif marker.startswith(fence):
                fence = None
        elif fence is None:
            yield number, offset, line
        offset += len(line) + 1
