"""Teasers: plain text for lists, meta descriptions and feeds."""

from __future__ import annotations

import functools
import html
import re

import markdown as md

_TAG = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")
_SKIP_BLOCK = re.compile(r"^(#|!\[|<|\||```|~~~|---|\*\*\*|>|- |\* |\d+\. |\[[^\]]+\]:|/{3})")


def first_paragraph(markdown_text: str) -> str:
    """The first paragraph of running text, as Markdown (headings, lists, images skipped)."""
    block: list[str] = []
    for line in markdown_text.split("\n"):
        stripped = line.strip()
        if not stripped or stripped.startswith("///"):  # a block line ends the paragraph too
            if block:
                break
            continue
        if not block and (_SKIP_BLOCK.match(stripped) or line.startswith(("    ", "\t"))):
            continue
        block.append(stripped)
    return " ".join(block)


# One converter for every teaser: building a Markdown instance costs more than
# converting a paragraph, and a site has a teaser per bulletin and event.
_CONVERTER = md.Markdown()


# Text without any character Markdown reads as markup, and without a line that could
# start a block: Markdown would only wrap it in <p>, so it is already plain text.
# (\r starts a line for Markdown; \x02 and \x03 are its placeholders, which it removes.)
_MARKUP = re.compile(r"[\\`*_\[\]<>&\r\x02\x03]|^[ \t]*(?:[#>|=+-]|\d+[.)]|\t| {4})", re.MULTILINE)


def plain_text(markdown_text: str) -> str:
    """Markdown (one paragraph) to plain text: links keep their words, markup goes."""
    if not _MARKUP.search(markdown_text):
        return _SPACE.sub(" ", markdown_text).strip()
    return _rendered_text(markdown_text)


def _rendered_text(markdown_text: str) -> str:
    try:
        rendered = _CONVERTER.reset().convert(markdown_text)
    except RecursionError:  # `- - - - …` thousands deep; the words are what matters here
        rendered = markdown_text
    return _SPACE.sub(" ", html.unescape(_TAG.sub("", rendered))).strip()


# A teaser shows 300 characters; Markdown reads a paragraph more than once (brackets,
# emphasis), so a huge first paragraph is cut to its start before it is converted. Only
# paragraphs longer than any real one are cut; the words shown stay the same.
SOURCE_LIMIT = 3000


def _start_of(paragraph: str) -> str:
    if len(paragraph) <= SOURCE_LIMIT:
        return paragraph
    cut = paragraph.rfind(" ", 0, SOURCE_LIMIT)
    return paragraph[: cut if cut > 0 else SOURCE_LIMIT]


def shorten(text: str, limit: int = 300) -> str:
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:–- ")
    return cut + " …"


# The news lists and the feeds both ask for every bulletin's teaser.
@functools.lru_cache(maxsize=65536)
def teaser(summary: str | None, body: str) -> str:
    """The editor's `summary`, else the body's first paragraph, as plain text."""
    # An editor's summary is text: `<script>` in it stays visible text, never markup.
    source = html.escape(summary, quote=False) if summary is not None else first_paragraph(body)
    return shorten(plain_text(_start_of(source)))
