"""Images in the editors' Markdown: `![Alt text](datei.jpg "Foto: Name")`.

Found line by line outside fenced code and code spans, with their place in the text
so the plan can replace each by its published form. Raw `<img>` tags are found too:
the site only publishes photos it re-encodes, so they are refused (check/photos.py).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from .fences import prose_lines

_CODE_SPAN = re.compile(r"(`+)[^`].*?\1|(`+)\1")
# `![alt](target "title")`, target in <…> or without spaces; title in "…" or '…'.
_IMAGE = re.compile(
    r"!\[(?P<alt>[^\]\n]*)\]\(\s*(?:<(?P<angled>[^>\n]*)>|(?P<plain>[^)\s]+))"
    r"(?:\s+(?:\"(?P<title>[^\"\n]*)\"|'(?P<title2>[^'\n]*)'))?\s*\)"
)
_HTML_IMG = re.compile(r"<img\b[^>]*?\bsrc\s*=\s*[\"']?(?P<src>[^\"'\s>]+)", re.IGNORECASE)
_EXTERNAL = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|//)", re.IGNORECASE)


@dataclass(frozen=True)
class ImageRef:
    line: int  # 1-based, in the text given
    start: int  # offsets of the whole reference in the text
    end: int
    alt: str
    target: str
    title: str | None
    html: bool = False  # a raw <img> tag

    @property
    def external(self) -> bool:
        return bool(_EXTERNAL.match(self.target))


def find(text: str) -> list[ImageRef]:
    if "![" not in text and "<img" not in text.lower():
        return []
    found: list[ImageRef] = []
    for number, offset, line in prose_lines(text):
        if "![" in line or "<img" in line.lower():
            found += _in_line(line, number, offset)
    return found


def _in_line(line: str, number: int, offset: int) -> list[ImageRef]:
    spans = [m.span() for m in _CODE_SPAN.finditer(line)] if "`" in line else []
    starts = [a for a, _ in spans]

    def in_code(start: int) -> bool:  # spans are sorted and apart: one look-up, not a loop
        index = bisect.bisect_right(starts, start) - 1
        return index >= 0 and start < spans[index][1]

    refs = []
    for m in _IMAGE.finditer(line):
        if in_code(m.start()):
            continue
        title = m.group("title") if m.group("title") is not None else m.group("title2")
        target = m.group("angled") if m.group("angled") is not None else m.group("plain")
        refs.append(ImageRef(number, offset + m.start(), offset + m.end(), m.group("alt"), target.strip(), title))
    for m in _HTML_IMG.finditer(line):
        if not in_code(m.start()):
            refs.append(ImageRef(number, offset + m.start(), offset + m.end(), "", m.group("src"), None, html=True))
    return refs
