"""Property-based tests: no input makes the front-matter parser, the schema, the loader,
the link check or the member-passage cutter crash. Bad input is answered with content
errors (German, naming the file); only `passages.cut` raises, and only for text that
`find_problems` reports, as documented."""

from __future__ import annotations

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsroom.errors import ContentError
from newsroom.check.linkcheck import check_links
from newsroom.read.loader import parse_sources
from newsroom.model import Audience
from newsroom.read.passages import cut, find_problems
from newsroom.read.reader import read_document
from newsroom.read.schema import parse_content_file

PATH = "bulletins/2024/2024-01-01-x.md"
SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Pieces editors (and accidents) put into front matter.
KEYS = st.sampled_from(
    ["title", "date", "start", "end", "summary", "tags", "authors", "audience", "status", "draft",
     "slug", "events", "location", "online", "datum", "titel", "", " ", "?", "- title", "<<", "&a"]
)
VALUES = st.one_of(
    st.sampled_from(
        ["2024-02-13", "2024-02-30", "2024-03-31 02:30", "2024-10-27 02:30", "2024-02-13 19:00:00",
         "2024-02-13T19:00+01:00", "23. Januar", "13.02.2024", "members", "member", "cancelled",
         "[a, b]", "{a: b}", "*a", "&a x", "!!python/object:os.system", "'", '"', "|", ">", "~", "null",
         "yes", "0x1F", "1e309", ".inf", "- a", ":", "<script>", "\t", "---", "[" * 50, "Über uns!"]
    ),
    st.text(max_size=40),
    st.integers(),
)
LINE = st.one_of(
    st.sampled_from(["[a]: b", "? [a]\n: b", "{a: 1}: x", "<<: {title: x}", "!!binary aGk=: x", "tags: !!set {a}", "title: &x a"]),
    st.builds(lambda k, v, indent: f"{' ' * indent}{k}: {v}", KEYS, VALUES, st.integers(0, 6)),
    st.builds(lambda v, indent: f"{' ' * indent}- {v}", VALUES, st.integers(0, 6)),
    st.text(max_size=40),
)
FRONT_MATTER = st.lists(LINE, max_size=12).map("\n".join)
BODY_LINE = st.one_of(
    st.sampled_from(["/// members", "///", "/// mitglieder", "/// members | x", "```", "~~~", "",
                     "[Kontakt](../../docs/kontakt.md)", "[x](nix.md#a)", "[y]: ../../docs/mitglieder/a.md"]),
    st.text(max_size=60),
)
BODY = st.lists(BODY_LINE, max_size=15).map("\n".join)


def _file(front: str, body: str) -> str:
    return f"---\n{front}\n---\n{body}"


def _assert_errors(errors: list) -> None:
    assert all(isinstance(error, ContentError) for error in errors)
    assert all(error.path == PATH for error in errors)
    for error in errors:
        str(error)  # every error can be shown


@SETTINGS
@given(st.binary(max_size=400))
def test_reader_never_crashes_on_bytes(data: bytes) -> None:
    raw, errors = read_document(data, PATH)
    _assert_errors(errors)
    assert (raw is None) == bool(errors)


@SETTINGS
@given(st.text(max_size=400))
def test_reader_never_crashes_on_text(text: str) -> None:
    raw, errors = read_document(text.encode("utf-8", "surrogatepass"), PATH)
    _assert_errors(errors)
    assert (raw is None) == bool(errors)


def _parse(text: str) -> None:
    raw, errors = read_document(text.encode("utf-8", "surrogatepass"), PATH)
    _assert_errors(errors)
    if raw is None:
        return
    item, errors = parse_content_file(raw)
    _assert_errors(errors)
    assert (item is None) == bool(errors)


@SETTINGS
@given(FRONT_MATTER, BODY)
def test_front_matter_lines_never_crash_the_schema(front: str, body: str) -> None:
    _parse(_file(front, body))


# Well-formed YAML of any shape: the schema must judge it, not trip over it.
YAML_VALUES = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), st.text(max_size=20), VALUES),
    lambda children: st.one_of(st.lists(children, max_size=4), st.dictionaries(st.one_of(KEYS, st.text(max_size=8)), children, max_size=4)),
    max_leaves=12,
)


@SETTINGS
@given(st.dictionaries(KEYS, YAML_VALUES, max_size=8), BODY)
def test_any_yaml_mapping_never_crashes_the_schema(meta: dict, body: str) -> None:
    _parse(_file(yaml.safe_dump(meta, allow_unicode=True), body))


@SETTINGS
@given(st.dictionaries(st.sampled_from([PATH, "bulletins/b.md", "bulletins/x y.md", "bulletins/2024/2024-01-01-x.md"]), st.binary(max_size=200)), st.dictionaries(st.sampled_from(["index.md", "kontakt.md", "mitglieder/a.md"]), st.binary(max_size=200)))
def test_loader_never_crashes(bulletins: dict, pages: dict) -> None:
    content, errors = parse_sources(bulletins, pages)
    assert all(isinstance(error, ContentError) for error in errors)


@SETTINGS
@given(BODY, BODY)
def test_link_check_never_crashes(first: str, second: str) -> None:
    files = {PATH: _file("title: a\ndate: 2024-01-01", first).encode(), "docs/index.md": second.encode()}
    content, _ = parse_sources({PATH: files[PATH]}, {"index.md": files["docs/index.md"]})
    texts = {path: data.decode() for path, data in files.items()}
    errors = check_links(content, texts, ["aktuelles/index.md"])
    assert all(isinstance(error, ContentError) and error.line for error in errors)


# --- the member-passage cutter -----------------------------------------------------------

@SETTINGS
@given(st.text(max_size=300))
def test_cutter_never_crashes_on_text(text: str) -> None:
    problems = find_problems(text)
    for audience in Audience:
        try:
            cut(text, audience)
        except ValueError:
            assert problems, "cut may refuse only what find_problems reports"
        else:
            assert not problems


SECRET = "GEHEIM"
PASSAGE = st.lists(st.sampled_from([SECRET, "", "```", "# Geheime Überschrift GEHEIM"]), max_size=4).map(
    lambda lines: ["/// members", *lines, "///"]
)
PUBLIC = st.lists(st.sampled_from(["Öffentlich.", "", "```", "~~~", "# Titel", "    eingerückt"]), max_size=3)


@SETTINGS
@given(st.lists(st.one_of(PASSAGE, PUBLIC), max_size=8))
def test_public_cut_removes_every_member_line(blocks: list[list[str]]) -> None:
    text = "\n".join(line for block in blocks for line in block)
    assert find_problems(text) == []
    public = cut(text, Audience.PUBLIC)
    assert SECRET not in public
    assert "///" not in public
    visible = [line for block in blocks if block[:1] != ["/// members"] for line in block]
    assert [line for line in public.split("\n") if line] == [line for line in visible if line]
    members = cut(text, Audience.MEMBERS)
    assert members.count(SECRET) == text.count(SECRET)
