"""Relative links between source files, rewritten to the pages they become.

Editors link the way GitHub's preview understands: `[Kontakt](../../docs/kontakt.md)`
or `[Sofortinfo](2024-01-23-sofortinfo.md)`, relative to the file they write in. The
site moves bulletins to `aktuelles/<jahr>/<slug>/`, so such links are rewritten to
the generated page's `src_uri`; MkDocs then checks and converts them as usual.
"""

from __future__ import annotations

import posixpath
import re
from typing import Iterator

from ..read.fences import prose_lines

# Inline links/images `](target "title")` and reference definitions `[x]: target`.
# Possessive quantifiers and no `(` in the target: a failed attempt never backtracks and
# stops at the next `](`, so the scan stays linear (`[x](` repeated 32 KB times was
# quadratic). A target with `(` was never rewritten correctly; it stays as written.
_INLINE = re.compile(r"\]\(\s*+<?(?P<target>[^()\s>]++)>?(?P<rest>(?:\s++(?:\"[^\"]*+\"|'[^']*+'))?+\s*+)\)")
# (In quotes, lists, footnotes and admonitions too, and with the destination on the next line.)
_REFERENCE = re.compile(r"^(?P<lead>[ \t>]*\[(?!\^)[^\]\n]+\]:[ \t]*(?:\n[ \t>]*)?)<?(?P<target>[^\s>]+)>?(?=\s|$)", re.MULTILINE)
_EXTERNAL = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|//|#|/)", re.IGNORECASE)


def split_target(target: str) -> tuple[str, str]:
    """`a/b.md#x` -> (`a/b.md`, `#x`)."""
    path, hash_, fragment = target.partition("#")
    return path, hash_ + fragment


def resolve(target: str, from_path: str) -> str | None:
    """The project-relative path a relative link points to, or None if not a file link."""
    if not target or _EXTERNAL.match(target):
        return None
    path, _ = split_target(target)
    if not path:
        return None
    return posixpath.normpath(posixpath.join(posixpath.dirname(from_path), path))


def targets(markdown: str) -> list[str]:
    if "]" not in markdown:  # both kinds of link need one; most lines have none
        return []
    return [m.group("target") for m in _INLINE.finditer(markdown)] + [
        m.group("target") for m in _REFERENCE.finditer(markdown)
    ]


_CODE_SPAN = re.compile(r"(`+).*?\1")


def prose_targets(text: str) -> Iterator[tuple[int, str]]:
    """(line number from 1, target) of every link outside fenced code and code spans:
    what the checks read as links (a `[x](y.pdf)` shown as code is an example, no link)."""
    for number, _offset, line in prose_lines(text):
        for target in targets(_CODE_SPAN.sub("", line)):
            yield number, target


def rewrite(markdown: str, from_path: str, to_src_uri: str, pages: dict[str, str]) -> str:
    """Point links at known sources (`pages`: project path -> src_uri) to their pages.

    `from_path` is the project path of the file being written (e.g.
    `bulletins/2024/x.md`), `to_src_uri` the docs-relative place it is built at.
    Unknown targets stay as written, so MkDocs' own link check reports them.
    """

    def new_target(target: str) -> str:
        resolved = resolve(target, from_path)
        if resolved is None or resolved not in pages:
            return target
        _, fragment = split_target(target)
        relative = posixpath.relpath(pages[resolved], posixpath.dirname(to_src_uri) or ".")
        return relative + fragment

    def inline(match: re.Match) -> str:
        return f"]({new_target(match.group('target'))}{match.group('rest')})"

    def reference(match: re.Match) -> str:
        return f"{match.group('lead')}{new_target(match.group('target'))}"

    return _REFERENCE.sub(reference, _INLINE.sub(inline, markdown))
