"""Tools for the leak proofs: delete member items by hand, search an output for markers,
compare two outputs, build many sites in one process.

Member-only text in the test corpora carries markers `mmk0001q`, `mmk0002q`, …:
ASCII, lower case and digits only, so they survive slugs, tag URLs, JSON escaping and
case folding, and no marker is a part of another.
"""

from __future__ import annotations

import contextlib
import gzip
import html
import io
import logging
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

import jinja2
import jinja2.bccache
import mkdocs.theme
import pytest
import yaml
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, BuildError

from conftest import EPOCH, copy_project, write

MARKER = re.compile(r"mmk\d{4}q")
_JSON_ESCAPE = re.compile(r"\\u([0-9a-fA-F]{4})")


# --- Deleting member items by hand ------------------------------------------------------


def strip_members(project: Path) -> None:
    """Physically delete every member-only item of a project, as an editor would.

    Written without the site's own code on purpose: the member folder goes, files with
    `audience: members` go, `events` entries with `audience: members` and every `///`
    passage are cut out of the remaining files line by line.
    """
    for folder in (project / "docs").iterdir():
        if folder.is_dir() and folder.name.lower() == "mitglieder":
            shutil.rmtree(folder)
    for path in sorted([*(project / "docs").rglob("*.md"), *(project / "bulletins").rglob("*.md")]):
        text = path.read_text(encoding="utf-8")
        front, body = _split_front_matter(text)
        if front is None:
            path.write_text(_without_passages(text), encoding="utf-8")
            continue
        meta = yaml.safe_load(front) or {}
        if isinstance(meta, dict) and meta.get("audience") == "members":
            path.unlink()
            continue
        path.write_text(f"---\n{_without_member_events(front)}---\n{_without_passages(body)}", encoding="utf-8")


def _split_front_matter(text: str) -> tuple[str | None, str]:
    if not text.startswith("---\n"):
        return None, text
    end = text.index("\n---\n", 3)
    return text[4 : end + 1], text[end + 5 :]


def _without_member_events(front: str) -> str:
    root = yaml.compose(front, Loader=yaml.SafeLoader)
    if not isinstance(root, yaml.MappingNode):
        return front
    lines = front.split("\n")
    drop: set[int] = set()
    for key, value in root.value:
        if key.value != "events" or not isinstance(value, yaml.SequenceNode):
            continue
        members_only = [
            item for item in value.value
            if isinstance(item, yaml.MappingNode) and {k.value: v.value for k, v in item.value}.get("audience") == "members"
        ]
        for item in members_only:
            drop.update(range(item.start_mark.line, item.end_mark.line))
        if len(members_only) == len(value.value):  # no entry left: the key goes too
            drop.add(key.start_mark.line)
    return "\n".join(line for number, line in enumerate(lines) if number not in drop)


# A line as Markdown nests it: quote markers, then list markers or a footnote label, then
# what the line holds. Written from the content format (spec), not from the site's code.
_NESTING = re.compile(
    r"^(?P<quotes>(?:[ \t]*>[ ]?)*)(?P<items>(?:[ \t]*(?:[-*+]|\d{1,9}\.|\[\^[^\]]+\]:)[ \t]+(?:[ \t]*>[ ]?)*)*)"
    r"(?P<rest>.*)$"
)


def _without_passages(body: str) -> str:
    """Every `///` passage deleted the way an editor deletes it by hand, in any container:
    the passage's lines go; a list item or footnote that began with the passage stays
    (empty), and one line with the quote's `>` keeps the text around it apart."""
    kept, depth, opened_item = [], 0, False
    for line in body.split("\n"):
        parts = _NESTING.match(line)
        rest = parts.group("rest").strip()
        quotes = (parts.group("quotes") + parts.group("items")).count(">")
        is_close = rest.startswith("///") and rest.strip("/") == "" and not parts.group("items").strip(" \t>")
        is_open = rest.startswith("///") and not is_close
        if is_open:
            if depth == 0 and parts.group("items").strip(" \t>"):
                kept.append((parts.group("quotes") + parts.group("items")).rstrip() + " ")
            depth += 1
        elif is_close and depth:
            depth -= 1
            if depth == 0:
                kept.append(">" * quotes)
        elif depth == 0:
            kept.append(line)
    return "\n".join(kept)


# --- Searching an output ----------------------------------------------------------------


def readable_forms(data: bytes, name: str) -> str:
    """A file's text as a reader or a crawler may decode it, every form joined, lower case.

    Decompressed (`.gz`), JSON-unescaped (`\\u00fc`), URL-decoded (`%C3%BC`) and
    HTML-unescaped (`&#109;`), alone and combined.
    """
    if name.endswith(".gz"):
        data = gzip.decompress(data)
    elif data.startswith(_GZIP):  # Pagefind's index, fragments, filters: gzip, then a signature
        data = gzip.decompress(data).removeprefix(b"pagefind_dcd")
    text = data.decode("utf-8", errors="replace")
    json_text = _JSON_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text).replace("\\/", "/")
    forms = {text, json_text}
    for form in list(forms):
        forms |= {unquote(form), html.unescape(form), html.unescape(unquote(form)), unquote(html.unescape(form))}
    return "\n".join(sorted(forms)).lower()


_GZIP = b"\x1f\x8b"

# Markers found in a file's bytes, by (name, bytes): Material's large scripts are the same
# in every build, and decoding them in every form is the slowest part of a search.
_SEARCHED: dict[tuple[str, bytes], frozenset[str]] = {}


def markers_in_output(site: Path) -> dict[str, set[str]]:
    """Marker -> the output files (or paths) it was found in."""
    found: dict[str, set[str]] = {}
    for path in sorted(site.rglob("*")):
        relative = path.relative_to(site).as_posix()
        markers = set(MARKER.findall(unquote(relative).lower()))
        if path.is_file():
            data = path.read_bytes()
            key = (path.suffix, data)
            if key not in _SEARCHED:
                _SEARCHED[key] = frozenset(MARKER.findall(readable_forms(data, path.name)))
            markers |= _SEARCHED[key]
        for marker in markers:
            found.setdefault(marker, set()).add(relative)
    return found


def markers_in_sources(project: Path) -> set[str]:
    found: set[str] = set()
    for part in ("docs", "bulletins"):
        for path in (project / part).rglob("*"):
            if path.is_file():
                found |= set(MARKER.findall(path.relative_to(project).as_posix().lower()))
                found |= set(MARKER.findall(path.read_bytes().decode("utf-8", errors="replace").lower()))
    return found


def tree_differences(one: Path, other: Path) -> list[str]:
    """`diff -r`: every path that is only in one tree or whose bytes differ."""
    def listing(root: Path) -> dict[str, Path]:
        return {p.relative_to(root).as_posix(): p for p in root.rglob("*")}

    a, b = listing(one), listing(other)
    differences = [f"nur in {one.name}: {p}" for p in sorted(a.keys() - b.keys())]
    differences += [f"nur in {other.name}: {p}" for p in sorted(b.keys() - a.keys())]
    for path in sorted(a.keys() & b.keys()):
        if a[path].is_file() != b[path].is_file() or (a[path].is_file() and a[path].read_bytes() != b[path].read_bytes()):
            differences.append(f"verschieden: {path}")
    return differences


# --- Many builds in one process ---------------------------------------------------------


@dataclass
class InProcessBuild:
    ok: bool
    log: str
    site: Path


class InProcessBuilder:
    """Real `mkdocs build`s (the same `build()` the command line runs) without a new
    Python process each time.

    Two things MkDocs redoes for every build depend only on the theme's folders and
    settings, which are the same for every build of a test run, so they are kept
    between builds: the compiled Jinja templates (Jinja's own bytecode cache, checked
    against each template's source) and the list of the theme's static files, which
    MkDocs filters out of ~15,000 files (mostly icons) with a dozen glob patterns each.
    Use as a context manager; it undoes both on exit.
    """

    def __init__(self) -> None:
        self._stack = contextlib.ExitStack()

    def __enter__(self) -> "InProcessBuilder":
        patch = self._stack.enter_context(pytest.MonkeyPatch.context())
        bytecode = _MemoryBytecodeCache()
        listed: dict[tuple, list[str]] = {}
        get_env = mkdocs.theme.Theme.get_env
        list_templates = jinja2.Environment.list_templates

        def cached_env(theme):
            env = get_env(theme)
            env.bytecode_cache = bytecode
            return env

        def cached_list(env, extensions=None, filter_func=None):
            key = (tuple(env.loader.searchpath), extensions and tuple(extensions), getattr(filter_func, "__qualname__", None))
            if key not in listed:
                listed[key] = list_templates(env, extensions, filter_func)
            return list(listed[key])

        patch.setattr(mkdocs.theme.Theme, "get_env", cached_env)
        patch.setattr(jinja2.Environment, "list_templates", cached_list)
        patch.setenv("SOURCE_DATE_EPOCH", EPOCH)
        patch.setenv("NO_MKDOCS_2_WARNING", "1")
        return self

    def __exit__(self, *exc) -> None:
        self._stack.close()

    def build(self, project: Path, site: Path, config: str = "mkdocs.yml") -> InProcessBuild:
        stream = io.StringIO()
        handler = logging.StreamHandler(stream)
        handler.setLevel(logging.WARNING)
        logger = logging.getLogger("mkdocs")
        logger.addHandler(handler)
        try:
            cfg = load_config(config_file=str(project / config), site_dir=str(site))
            cfg.plugins.on_startup(command="build", dirty=False)
            try:
                build(cfg)
                ok = True
            except (Abort, BuildError) as error:
                stream.write(f"{error}\n")
                ok = False
            finally:
                cfg.plugins.on_shutdown()
        finally:
            logger.removeHandler(handler)
        return InProcessBuild(ok, stream.getvalue(), site)


# --- Fixtures of the test modules that build in process (import them by name) ------------

MEMBER_PAGE = "docs/mitglieder/mmk0001q.md"  # the attacks' member page: mmk0001q is its name and title


@pytest.fixture(scope="module")
def builder():
    """One `InProcessBuilder` for the tests of each module that imports this fixture."""
    with InProcessBuilder() as in_process:
        yield in_process


@pytest.fixture(scope="module")
def base(tmp_path_factory) -> Path:
    """A project without content but one member page (`MEMBER_PAGE`): the attacks of
    test_member_attacks*.py are laid over copies of it."""
    project = copy_project(tmp_path_factory.mktemp("attacks") / "base", with_content=False)
    write(project / MEMBER_PAGE, "---\ntitle: Protokoll mmk0001q\n---\n\nNur intern mmk0001q.\n")
    return project


class _MemoryBytecodeCache(jinja2.BytecodeCache):
    """Compiled templates kept in memory; Jinja checks each against its source."""

    def __init__(self) -> None:
        self._stored: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self._stored:
            bucket.bytecode_from_string(self._stored[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._stored[bucket.key] = bucket.bytecode_to_string()


def clear(folder: Path) -> None:
    """An empty folder at `folder`."""
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)


# --- The member-rich corpus -------------------------------------------------------------

FIXTURE = Path(__file__).parent / "fixtures" / "members"
UEBER_UNS_PASSAGE = """
/// members
## Intern mmk0043q

Der Lageplan der Geschäftsstelle: ![Lageplan](mitglieder/kassenstand.png)
///
"""


def add_member_rich_content(project: Path, public_fillers: int = 5) -> Path:
    """The sample project plus member items of every kind (tests/fixtures/members/).

    Fillers bring the public bulletins to exactly one list page of ten, so a member
    bulletin counted by mistake would add a second page.
    """
    shutil.copytree(FIXTURE, project, dirs_exist_ok=True)
    with (project / "docs" / "ueber-uns.md").open("a", encoding="utf-8") as page:
        page.write(UEBER_UNS_PASSAGE)
    for number in range(1, public_fillers + 1):
        (project / "bulletins" / "2023").mkdir(parents=True, exist_ok=True)
        (project / "bulletins" / "2023" / f"2023-0{number}-01-meldung-{number}.md").write_text(
            f"---\ntitle: Meldung {number}\ndate: 2023-0{number}-01\ntags:\n  - Stadtvorstand\n---\n\n"
            f"Kurze öffentliche Meldung Nummer {number}.\n",
            encoding="utf-8",
        )
    return project
