"""Links between the editors' files, checked before anything is built.

MkDocs notices a link to a missing page only while rendering, names the generated
page (`aktuelles/2024/x.md`, not the file the editor wrote) and says it in English;
a link from a public page to member content it only logs at INFO level, so a strict
build would pass and publish the member page's address. This check names the source
file and line, in German, for every Markdown file the sources link to.
"""

from __future__ import annotations

import difflib
import posixpath
import re
from dataclasses import dataclass
from typing import Iterable, Mapping

from ..errors import ContentError
from ..plan.links import prose_targets, resolve, split_target
from .member_links import public_link_message
from ..plan import attachments
from ..model import Audience, Content
from ..read.fences import prose_lines
from ..read.passages import public_line_numbers



@dataclass(frozen=True)
class _Target:
    audience: Audience
    draft: bool
    planned: str | None = None  # its date when it lies after "now" (plan/schedule.py)


@dataclass(frozen=True)
class _Link:
    line: int  # in the file
    target: str  # as written
    resolved: str  # project path
    public: bool  # outside any member passage


def check_links(
    content: Content, texts: dict[str, str], generated: Iterable[str] = (), docs_prefix: str = "docs",
    planned: Mapping[str, str] | None = None, attached: Mapping[str, str] | None = None,
) -> list[ContentError]:
    """Every link to a `.md` file that is no page of the site, is a draft, or is member-only
    while the link stands in public text.

    `content`: all parsed items (every audience, drafts included). `texts`: project path
    -> decoded text of every source file found, parsed or not (a broken file is still a
    link target; its own errors are reported elsewhere). `generated`: docs-relative
    src_uris of the pages the site generates (lists, archives). `planned`: project path
    -> date of each planned item (not published yet). `attached`: project path of
    every file a text may attach (plan/attachments.py); a link to another one is an error.
    """
    items = _items(content, docs_prefix, planned or {})
    known = set(texts) | {f"{docs_prefix}/{uri}" for uri in generated}
    errors = []
    for path in sorted(texts):
        source = items.get(path)
        found = list(prose_targets(texts[path]))  # read once for pages and attached files
        for link in _links(texts[path], path, found):
            problem = _problem(link, source, items, known) or _anchor_problem(link, texts, docs_prefix)
            if problem:
                errors.append(ContentError(path, link.line, None, problem))
        if attached is not None:
            errors += [
                ContentError(path, line, None, attachments.missing_message(target, resolved))
                for line, target, resolved in attachments.among(found, path)
                if resolved not in attached
            ]
    return errors


_ATX = re.compile(r"^[ ]{0,3}#{1,6}[ \t]+(.*)")  # the closing `#`s are cut by _heading_text (linear)
_SETEXT = re.compile(r"^[ ]{0,3}(=+|-+)[ \t]*$")
_EXPLICIT_ID = re.compile(r"\{[^}]*#([\w-]+)[^}]*\}\s*$")
_HTML_ID = re.compile(r"\b(?:id|name)\s*=\s*[\"']?([^\"'\s>]+)", re.IGNORECASE)
_INLINE_MARKUP = re.compile(r"[*_`]|\[([^\]]*)\]\([^)]*\)")


def _heading_text(text: str) -> str:
    """An ATX heading's text without its closing `#`s and trailing white space."""
    text = text.rstrip(" \t")
    without = text.rstrip("#")
    if without != text and without.endswith((" ", "\t")):
        return without.rstrip(" \t")
    return text


def _explicit_id(heading: str) -> re.Match | None:
    """`{#id}` at the end of a heading: matched from the first `{` after the last `}` but
    one (what a search would find), not tried from every `{` (quadratic on `{{{{…`)."""
    last = heading.rfind("}")
    if last == -1 or heading[last + 1 :].strip():
        return None
    start = heading.find("{", heading.rfind("}", 0, last) + 1)
    return _EXPLICIT_ID.match(heading, start) if start != -1 else None


def anchors(text: str) -> set[str]:
    """The anchors a standing page's Markdown makes: heading ids as Python-Markdown's toc
    makes them (duplicates numbered `_1`, `_2`), `{#id}` attributes and HTML ids."""
    from markdown.extensions.toc import slugify  # the toc extension's own rule

    found: set[str] = set()
    counts: dict[str, int] = {}
    lines = text.split("\n")
    for number, _offset, line in prose_lines(text):
        index = number - 1
        found |= set(_HTML_ID.findall(line))
        heading = None
        if match := _ATX.match(line):
            heading = _heading_text(match.group(1))
        elif index and _SETEXT.match(line) and lines[index - 1].strip() and not _ATX.match(lines[index - 1]):
            heading = lines[index - 1].strip()
        if heading is None:
            continue
        if explicit := _explicit_id(heading):
            found.add(explicit.group(1))
            continue
        plain = _INLINE_MARKUP.sub(lambda m: m.group(1) or "", heading)
        slug = slugify(plain, "-")
        number = counts.get(slug, 0)
        counts[slug] = number + 1
        found.add(slug if number == 0 else f"{slug}_{number}")
    return found


def _anchor_problem(link: _Link, texts: dict[str, str], docs_prefix: str) -> str | None:
    """A link to a section of a standing page that has no such section (only docs pages:
    their Markdown is the whole page; bulletin and event pages get more from templates)."""
    _, fragment = split_target(link.target)
    fragment = fragment.removeprefix("#")
    if not fragment or not link.resolved.startswith(f"{docs_prefix}/") or link.resolved not in texts:
        return None
    found = anchors(texts[link.resolved])
    if fragment in found:
        return None
    known = ", ".join(f"„#{a}“" for a in sorted(found)[:8]) or "keine"
    return (
        f"Der Verweis „{link.target}“ führt zu keinem Abschnitt: „{link.resolved}“ hat keine Überschrift mit dem "
        f"Anker „#{fragment}“. Vorhandene Anker: {known}."
    )


def _items(content: Content, docs_prefix: str, planned: Mapping[str, str]) -> dict[str, _Target]:
    found = {b.source.path: _Target(b.audience, b.draft, planned.get(b.source.path)) for b in content.bulletins}
    found.update({e.source.path: _Target(e.audience, e.draft, planned.get(e.source.path)) for e in content.notices})
    found.update({f"{docs_prefix}/{p.src_uri}": _Target(p.audience, False) for p in content.pages})
    return found


def _problem(link: _Link, source: _Target | None, items: dict[str, _Target], known: set[str]) -> str | None:
    if link.resolved not in known:
        hint = _suggestion(link.resolved, known)
        return (
            f"Der Verweis „{link.target}“ führt ins Leere: „{link.resolved}“ ist keine Seite der Website "
            f"(die Datei gibt es nicht, oder sie wird nicht veröffentlicht wie README.md und „_“-Dateien).{hint}"
        )
    target = items.get(link.resolved)
    if target is None or source is None:
        return None
    if link.public and source.audience is Audience.PUBLIC and target.audience is Audience.MEMBERS:
        # member_links finds this link too; the same words let check_site report it once.
        return public_link_message(link.target)
    if target.draft and not source.draft:
        return (
            f"Der Verweis „{link.target}“ zeigt auf einen Entwurf („draft: true“), der nicht veröffentlicht wird. "
            "Bitte den Entwurf fertigstellen oder den Verweis entfernen."
        )
    if target.planned and not source.draft and (source.planned or "") < target.planned:  # ISO text sorts by time
        return (
            f"Der Verweis „{link.target}“ zeigt auf einen geplanten Beitrag oder Termin, der erst am {target.planned} "
            "erscheint; bis dahin führte er ins Leere. Bitte den Verweis erst danach setzen oder das Datum anpassen."
        )
    return None


def _suggestion(resolved: str, known: set[str]) -> str:
    name = posixpath.basename(resolved)
    by_name = {posixpath.basename(path): path for path in sorted(known)}
    close = difflib.get_close_matches(name, list(by_name), n=1, cutoff=0.6)
    return f" Gemeint ist vielleicht „{by_name[close[0]]}“." if close else ""


def _links(text: str, path: str, prose: list[tuple[int, str]]) -> list[_Link]:
    """The links to `.md` files among `prose` (line, target) of `text`."""
    public = public_line_numbers(text.split("\n"))
    found = []
    for number, target in prose:
        resolved = resolve(target, path)
        if resolved and resolved.endswith(".md"):
            found.append(_Link(number, target, resolved, number in public))
    return found
