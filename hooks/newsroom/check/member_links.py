"""Links that would give member-only content away in the public build.

MkDocs logs a link to a page that is not built only at INFO level, so a strict public
build would pass and print the member page's address (a slug is content) into a
public page. These checks run on all content, every audience and drafts included,
before anything is planned, and name the source file and line:

- public text (outside member passages of public items) may not link to a member-only
  page, bulletin or event notice, nor to anything under docs/mitglieder/ – whether
  written as a path to the Markdown file, as a URL of the built page, or in raw HTML;
- a file of docs/ (image, PDF) that only member text uses must live under
  docs/mitglieder/, because everything else in docs/ is copied into the public site.

Link targets are read generously (relative to the source file, to the place the page
is built at, and to the page's URL): a false alarm costs an editor a minute, a missed
link publishes member content.
"""

from __future__ import annotations

import html
import posixpath
import re
from dataclasses import dataclass
from typing import Iterator
from urllib.parse import unquote

from ..plan import events, news
from ..plan.audience import is_member_docs_path
from ..errors import ContentError
from ..plan.links import resolve, targets
from ..model import Audience, Content
from ..pages import url_of
from ..read.passages import has_member_passage, public_line_numbers

_EXTERNAL = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|//)", re.IGNORECASE)
# Link-like attributes of raw HTML in Markdown (md_in_html is enabled).
_HTML_ATTRIBUTE = re.compile(r"""\b(?:href|src|srcset|poster|data|action)\s*=\s*["']?([^"'\s>]+)""", re.IGNORECASE)


@dataclass(frozen=True)
class Text:
    """One editor-written Markdown text and where it comes from and goes to."""

    path: str  # project path of the source file
    src_uri: str  # docs-relative place the page is built at
    audience: Audience
    body: str
    body_line: int


@dataclass(frozen=True)
class MemberSpace:
    """Everything that is member-only, as source paths and as site paths."""

    sources: frozenset[str]  # project paths of member-only files
    stems: frozenset[str]  # site paths of member-only pages, normalised by `stem`

    def holds(self, site_path: str) -> bool:
        return is_member_docs_path(site_path) or stem(site_path) in self.stems


def stem(site_path: str) -> str:
    """`a/b.md`, `a/b/`, `a/b/index.html`, `a/b.ics`, `/a/b` -> `a/b`; the home page -> ``."""
    path = site_path.strip("/")
    for suffix in (".md", ".html", ".ics"):
        path = path.removesuffix(suffix)
    if path == "index" or path.endswith("/index"):
        path = path[: -len("index")].rstrip("/")
    return path


def texts(content: Content, docs_prefix: str = "docs") -> list[Text]:
    """Every Markdown text of the content, in a fixed order."""
    found = [Text(b.source.path, news.bulletin_src_uri(b), b.audience, b.body, b.body_line) for b in content.bulletins]
    found += [Text(e.source.path, events.notice_src_uri(e), e.audience, e.body, e.body_line) for e in content.notices]
    found += [Text(f"{docs_prefix}/{p.src_uri}", p.src_uri, p.audience, p.body, p.body_line) for p in content.pages]
    return found


def member_space(content: Content, docs_prefix: str = "docs") -> MemberSpace:
    member_texts = [text for text in texts(content, docs_prefix) if text.audience is Audience.MEMBERS]
    # The events of bulletins' `events` lists have pages (and .ics files) of their own too.
    member_events = [
        event for bulletin in content.bulletins for event in bulletin.events
        if Audience.MEMBERS in (bulletin.audience, event.audience)
    ]
    return MemberSpace(
        sources=frozenset(text.path for text in member_texts),
        stems=frozenset(stem(text.src_uri) for text in member_texts)
        | frozenset(stem(events.notice_src_uri(event)) for event in member_events),
    )


def site_paths(target: str, text: Text, docs_prefix: str = "docs") -> set[str]:
    """Docs-relative paths a link target may mean (empty for external links and anchors)."""
    path = unquote(target.split("#", 1)[0].split("?", 1)[0])
    if not path or _EXTERNAL.match(path):
        return set()
    if path.startswith("/"):
        found = {posixpath.normpath(path.lstrip("/") or ".")}
    else:
        found = {
            posixpath.normpath(posixpath.join(posixpath.dirname(text.src_uri), path)),  # MkDocs, file links
            posixpath.normpath(posixpath.join(url_of(text.src_uri), path)),  # the browser, page URLs
        }
        in_project = resolve(path, text.path)  # the editor, GitHub-style paths
        if in_project and in_project.startswith(f"{docs_prefix}/"):
            found.add(in_project[len(docs_prefix) + 1 :])
    # `.` is the home page; a path above the site's root is no page of the site.
    return {"" if p == "." else p for p in found if p != ".." and not p.startswith("../")}


def line_targets(line: str) -> list[str]:
    """Link targets of one line: Markdown links, images, references and raw HTML attributes."""
    if "]" not in line and "=" not in line:  # no Markdown link, no HTML attribute
        return []
    found = targets(line)
    for match in _HTML_ATTRIBUTE.finditer(line):
        found += [part.strip().split(" ")[0] for part in match.group(1).split(",")]
    return list(dict.fromkeys(found))


def split_lines(body: str) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    """(public lines, lines inside member passages), each with its 1-based number;
    the passage cutter itself decides (`passages.public_line_numbers`)."""
    lines = body.split("\n")
    public = public_line_numbers(lines)
    numbered = [(n, line) for n, line in enumerate(lines, 1) if not has_member_passage(line)]
    return [(n, line) for n, line in numbered if n in public], [(n, line) for n, line in numbered if n not in public]


# Forms a single line does not show: a reference whose destination is on the next line,
# and `](<a file with spaces.pdf>)`.
_SPLIT_REFERENCE = re.compile(r"^[ \t>]*\[[^\]\n]+\]:[ \t]*\n[ \t>]*(?:<([^>\n]+)>|(\S+))", re.MULTILINE)
_ANGLE_DESTINATION = re.compile(r"\]\(\s*+<([^<>\n]++)>")  # no `<` inside, as Python-Markdown reads it; linear


def _references(text: Text, lines: list[tuple[int, str]]) -> Iterator[tuple[int, str]]:
    for number, line in lines:
        for target in line_targets(line):
            yield text.body_line + number - 1, target
        for match in _ANGLE_DESTINATION.finditer(line):
            yield text.body_line + number - 1, match.group(1)
    numbered = dict(lines)
    if not numbered:
        return
    last = max(numbered)
    joined = "\n".join(numbered.get(n, "") for n in range(1, last + 1))
    for match in _SPLIT_REFERENCE.finditer(joined):
        yield text.body_line + joined.count("\n", 0, match.start()) + 1, match.group(1) or match.group(2)


def problems(content: Content, docs_assets: frozenset[str] = frozenset(), docs_prefix: str = "docs") -> list[ContentError]:
    """Public links to member-only content, and member-only files outside docs/mitglieder/.

    `content`: everything parsed (all audiences, drafts too). `docs_assets`: the
    docs-relative paths of the non-Markdown files in docs/.
    """
    space = member_space(content, docs_prefix)
    errors: list[ContentError] = []
    public_assets: set[str] = set()
    member_assets: dict[str, tuple[str, int, str]] = {}
    for text in texts(content, docs_prefix):
        public_lines, passage_lines = split_lines(text.body)
        if text.audience is Audience.MEMBERS:
            public_lines, passage_lines = [], public_lines + passage_lines
        for line, target in _references(text, public_lines):
            meant = site_paths(target, text, docs_prefix)
            if resolve(target, text.path) in space.sources or any(space.holds(p) for p in meant):
                errors.append(ContentError(text.path, line, None, public_link_message(target)))
            public_assets |= meant & docs_assets
        for line, target in _references(text, passage_lines):
            for asset in sorted(site_paths(target, text, docs_prefix) & docs_assets):
                member_assets.setdefault(asset, (text.path, line, target))
    for asset, (path, line, target) in sorted(member_assets.items()):
        if asset not in public_assets and not is_member_docs_path(asset):
            errors.append(ContentError(path, line, None, _member_asset_message(target, f"{docs_prefix}/{asset}")))
    # Any link form (`<…>` with spaces, `<img src>`, a reference over two lines, CSS
    # `url()`, the site's own address): a file whose name member text mentions and
    # public text does not is member-only.
    public_text, member_text = _readable_texts(content, docs_prefix)
    for asset in sorted(docs_assets - public_assets - set(member_assets)):
        name = posixpath.basename(asset).lower()
        if is_member_docs_path(asset) or name not in member_text or name in public_text:
            continue
        path, line = _first_mention(content, docs_prefix, name)
        errors.append(ContentError(path, line, None, _member_asset_message(name, f"{docs_prefix}/{asset}")))
    return errors


def _readable(text: str) -> str:
    """A text as any link form may spell a file name: URL- and HTML-decoded, lower case."""
    return "\n".join({text, unquote(text), html.unescape(text), unquote(html.unescape(text))}).lower()


def _readable_texts(content: Content, docs_prefix: str) -> tuple[str, str]:
    public, member = [], []
    for text in texts(content, docs_prefix):
        public_lines, passage_lines = split_lines(text.body)
        if text.audience is Audience.MEMBERS:
            member.append(text.body)
            continue
        public.append("\n".join(line for _, line in public_lines))
        member.append("\n".join(line for _, line in passage_lines))
    return _readable("\n".join(public)), _readable("\n".join(member))


def member_mentioned_files(content: Content, docs_assets: frozenset[str], docs_prefix: str = "docs") -> set[str]:
    """Docs files whose name member-only text mentions (in any link form)."""
    _, member_text = _readable_texts(content, docs_prefix)
    return {asset for asset in docs_assets if posixpath.basename(asset).lower() in member_text}


def _first_mention(content: Content, docs_prefix: str, name: str) -> tuple[str, int | None]:
    for text in texts(content, docs_prefix):
        for number, line in enumerate(text.body.split("\n"), start=text.body_line):
            if name in _readable(line):
                return text.path, number
    return "docs", None


def public_link_message(target: str) -> str:
    return (
        f"Der Verweis „{target}“ steht in öffentlichem Text, zeigt aber auf Inhalt nur für Mitglieder "
        "(„audience: members“ oder docs/mitglieder/). Die öffentliche Website darf diese Adresse nicht "
        "nennen: bitte den Verweis in einen Abschnitt „/// members“ setzen oder entfernen."
    )


def _member_asset_message(target: str, asset: str) -> str:
    return (
        f"Die Datei „{asset}“ (Verweis „{target}“) wird nur in Text für Mitglieder verwendet, liegt aber "
        "außerhalb von docs/mitglieder/ und käme so auf die öffentliche Website. Bitte die Datei nach "
        "docs/mitglieder/ verschieben und den Verweis anpassen."
    )
