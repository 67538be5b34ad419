"""Read stage: the project's source files -> validated `Content`, all errors collected.

`collect_sources` is the only function here that touches the disk; `parse_sources`
is pure (a mapping of paths to bytes in, content and errors out), so tests and other
front ends (a check command, a future non-MkDocs build) use the same rules.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from ..plan.audience import is_member_docs_path
from ..errors import ContentError
from ..model import Audience, Bulletin, Content, Event, Source, StandingPage
from . import tree_safety
from .body_rules import find_problems
from .reader import RawDocument, decode, parse_yaml, read_document
from .schema import _choice, _Invalid, _line_text, _sentence, parse_content_file
from ..slugs import slugify

_SAFE_NAME = re.compile(r"[A-Za-z0-9._-]+")
# Keys a standing page may carry: ours plus what MkDocs and Material read.
PAGE_KEYS = frozenset(
    {"title", "description", "audience", "template", "hide", "search", "icon", "status", "subtitle"}
)


def is_content_path(relative: str) -> bool:
    """`bulletins/**/*.md`, but not guides (README.md) or templates (`_*`), nor dotfiles."""
    parts = relative.split("/")
    if not parts[-1].endswith(".md") or parts[-1].lower() == "readme.md":
        return False
    return not any(part.startswith(("_", ".")) for part in parts)


def collect_sources(root: Path, bulletins: str = "bulletins", docs: str = "docs") -> tuple[dict[str, bytes], dict[str, bytes], list[ContentError]]:
    """Bytes of every content file and every docs Markdown page, keyed by POSIX path.

    Paths are relative to `root` for bulletins and to `docs` for pages. Sorted, so the
    order in which the file system lists files never matters.
    """
    root = root.resolve()
    # Links, unreadable folders, a missing bulletins/: nothing is read past them (a link
    # loop would not even end), and the build stops before MkDocs copies anything.
    errors: list[ContentError] = tree_safety.problems(root, bulletins, docs)
    if errors:
        return {}, {}, errors

    def read_tree(base: Path, wanted) -> dict[str, bytes]:
        found: dict[str, bytes] = {}
        if not base.is_dir():
            return found
        for path in sorted(base.rglob("*.md")):
            relative = path.relative_to(base).as_posix()
            if not wanted(relative):
                continue
            shown_path = path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)
            if path.is_symlink() and not path.resolve().is_relative_to(root):
                errors.append(
                    ContentError(shown_path, None, None, "Die Datei ist ein Verweis (Symlink) auf eine Datei außerhalb des Projekts; bitte die Datei selbst ablegen.")
                )
                continue
            if not path.is_file():
                continue
            found[relative] = path.read_bytes()
        return found

    bulletin_files = read_tree(root / bulletins, is_content_path)
    docs_root = root / docs
    page_files = read_tree(docs_root, lambda rel: not _hidden(rel))
    for base, wanted in ((root / bulletins, is_content_path), (docs_root, lambda rel: True)):
        errors += _other_markdown_endings(base, root, wanted)
    errors += _lost_bulletins(root / bulletins, root)
    bulletin_files = {f"{bulletins}/{rel}": data for rel, data in bulletin_files.items()}
    return bulletin_files, page_files, errors


def _hidden(relative: str) -> bool:
    """A dotfile or a file in a dot-folder: MkDocs leaves them out of the build."""
    return any(part.startswith(".") for part in relative.split("/"))


def collect_bulletin_files(root: Path, bulletins: str = "bulletins") -> frozenset[str]:
    """Project paths of the files in bulletins/ that are not Markdown (photos, PDFs, …).

    Only names: which attachment links lead somewhere (plan/attachments.py).
    """
    base = (root / bulletins).resolve()
    if not base.is_dir():
        return frozenset()
    return frozenset(
        f"{bulletins}/{path.relative_to(base).as_posix()}"
        for path in base.rglob("*")
        if path.is_file() and not path.name.endswith(".md") and not _hidden(path.relative_to(base).as_posix())
    )


def collect_docs_assets(root: Path, docs: str = "docs") -> frozenset[str]:
    """Docs-relative POSIX paths of the files in docs/ that are not pages (images, PDFs, …).

    Only names, no contents: the checks need to know which link targets exist.
    Dotfiles are left out, as MkDocs leaves them out of the build.
    """
    base = (root / docs).resolve()
    if not base.is_dir():
        return frozenset()
    found = set()
    for path in base.rglob("*"):
        relative = path.relative_to(base).as_posix()
        if path.is_file() and not relative.endswith(".md") and not _hidden(relative):
            found.add(relative)
    return frozenset(found)


def parse_sources(bulletin_files: dict[str, bytes], page_files: dict[str, bytes], docs_prefix: str = "docs") -> tuple[Content, list[ContentError]]:
    errors: list[ContentError] = []
    bulletins: list[Bulletin] = []
    notices: list[Event] = []
    for path in sorted(bulletin_files):
        name_problem = _file_name_problem(path)
        if name_problem:
            errors.append(name_problem)
            continue
        raw, problems = read_document(bulletin_files[path], path)
        errors += problems
        if raw is None:
            continue
        item, problems = parse_content_file(raw)
        errors += problems
        if isinstance(item, Bulletin):
            bulletins.append(item)
        elif isinstance(item, Event):
            notices.append(item)
    errors += _duplicates(bulletins, "Beitrag") + _duplicates(notices, "Termin")
    pages = []
    for src_uri in sorted(page_files):
        name_problem = _file_name_problem(f"{docs_prefix}/{src_uri}")
        if name_problem:
            errors.append(name_problem)
            continue
        page, problems = parse_page(page_files[src_uri], src_uri, f"{docs_prefix}/{src_uri}")
        errors += problems
        if page is not None:
            pages.append(page)
    bulletins.sort(key=lambda b: (b.day, b.key), reverse=True)
    notices.sort(key=lambda e: e.key)
    return Content(tuple(bulletins), tuple(notices), tuple(pages)), errors


def parse_page(data: bytes, src_uri: str, shown_path: str) -> tuple[StandingPage | None, list[ContentError]]:
    """A standing page: front matter optional; `audience`, passages and keys checked."""
    text, problems = decode(data, shown_path)  # size, encoding and null bytes as for bulletins
    if text is None:
        return None, problems
    if not text.strip():
        return None, [ContentError(shown_path, None, None, "Die Seite ist leer. Bitte Text hineinschreiben oder die Datei löschen.")]
    if not text.startswith("---"):
        # No front matter: MkDocs reads it as is; we still check passages.
        raw = RawDocument(shown_path, {}, {}, text, 1, "")
    else:
        raw, problems = read_document(data, shown_path)
        if raw is None:
            return None, problems
    errors: list[ContentError] = list(problems)  # empty, or errors that left the rest readable
    for key in raw.meta:
        if str(key) not in PAGE_KEYS:
            errors.append(
                ContentError(shown_path, raw.line_of(key), str(key), f"Unbekannter Schlüssel „{key}“ auf einer Seite. Erlaubt sind: {', '.join(sorted(PAGE_KEYS))}.")
            )
    audience = Audience.PUBLIC
    if "audience" in raw.meta:
        try:
            audience = _choice(Audience)(raw.meta["audience"])
        except _Invalid as exc:
            errors.append(ContentError(shown_path, raw.line_of("audience"), "audience", _sentence(str(exc))))
            audience = Audience.MEMBERS  # fail closed while reporting
    if "title" in raw.meta:  # shown in the navigation and <title>: plain text, like a bulletin's
        try:
            _line_text(raw.meta["title"])
        except _Invalid as exc:
            errors.append(ContentError(shown_path, raw.line_of("title"), "title", _sentence(str(exc))))
    if is_member_docs_path(src_uri):
        audience = Audience.MEMBERS
    for problem in find_problems(raw.body):
        errors.append(ContentError(shown_path, raw.body_line + problem.line - 1, None, problem.message))
    if errors:
        return None, errors
    return StandingPage(src_uri, Source(shown_path, 1), audience, raw.front_matter, raw.body, raw.body_line), []


# Endings MkDocs also reads as Markdown, and ".md" in capitals: such files would be
# skipped by the site (or, in docs/, dropped as if member-only) without a word.
_MARKDOWN_LIKE = frozenset({".md", ".markdown", ".mdown", ".mkdn", ".mkd"})


def _other_markdown_endings(base: Path, root: Path, wanted) -> list[ContentError]:
    if not base.is_dir():
        return []
    errors = []
    for path in sorted(base.rglob("*")):
        if path.suffix == ".md" or path.suffix.lower() not in _MARKDOWN_LIKE or path.is_dir():
            continue
        relative = path.relative_to(base).as_posix()
        if not wanted(relative[: -len(path.suffix)] + ".md") or any(p.startswith(".") for p in relative.split("/")):
            continue
        errors.append(
            ContentError(
                path.relative_to(root).as_posix(), None, None,
                f"Die Datei endet auf „{path.suffix}“ und würde deshalb nicht veröffentlicht. "
                f"Bitte umbenennen in „{path.stem}.md“ (klein geschrieben).",
            )
        )
    return errors


def _lost_bulletins(base: Path, root: Path) -> list[ContentError]:
    """Text files in bulletins/ that would silently not be published: `x.md.txt` (Notepad),
    `x.txt`, backups (`x.md~`, `x.md.bak`) and names without an ending."""
    errors = []
    for path in sorted(base.rglob("*")) if base.is_dir() else ():
        relative = path.relative_to(base).as_posix()
        name = path.name
        if path.is_dir() or any(part.startswith((".", "_")) for part in relative.split("/")) or name.lower() == "readme.md":
            continue
        lower = name.lower()
        if ".md" in lower and not lower.endswith(".md") and path.suffix.lower() not in _MARKDOWN_LIKE:
            stem = name[: lower.index(".md")]
            message = (
                f"Die Datei heißt „{name}“ und wird deshalb nicht veröffentlicht (eine Sicherungskopie oder eine "
                f"vom Editor angehängte Endung?). Bitte in „{stem}.md“ umbenennen oder, wenn es eine Kopie ist, löschen."
            )
        elif path.suffix.lower() == ".txt" or "." not in name:
            message = (
                f"Die Datei „{name}“ endet nicht auf „.md“ und wird deshalb nicht veröffentlicht. "
                f"Bitte in „{path.stem}.md“ umbenennen (im Windows-Editor: „Speichern unter“, Dateityp „Alle Dateien“)."
            )
        else:
            continue
        errors.append(ContentError(path.relative_to(root).as_posix(), None, None, message))
    return errors


def _file_name_problem(path: str) -> ContentError | None:
    name = path.rsplit("/", 1)[-1]
    stem = name.removesuffix(".md")
    if _SAFE_NAME.fullmatch(name):
        return None
    better = slugify(unicodedata.normalize("NFC", stem)) or "beitrag"
    return ContentError(
        path, None, None,
        "Der Dateiname enthält Leerzeichen, Umlaute oder Sonderzeichen. Erlaubt sind a–z, A–Z, "
        f"Ziffern, „-“, „_“ und „.“ – bitte umbenennen, z. B. in „{better}.md“.",
    )


def _duplicates(items: list, kind: str) -> list[ContentError]:
    by_key: dict[str, list] = {}
    for item in items:
        by_key.setdefault(item.key, []).append(item)
    errors = []
    for key, group in sorted(by_key.items()):
        if len(group) < 2:
            continue
        paths = [item.source.path for item in group]
        for item in group:
            others = ", ".join(p for p in paths if p != item.source.path)
            errors.append(
                ContentError(
                    item.source.path, None, "slug",
                    f"Der {kind} bekäme dieselbe Adresse „{key}“ wie {others}. Bitte in einer der Dateien "
                    "einen anderen „slug“ angeben oder die Datei umbenennen.",
                )
            )
    return errors
