"""Read stage: bytes of one Markdown file -> front matter mapping (with line numbers) + body.

Pure: takes bytes and a display path, returns data or ContentErrors' items. The YAML
is read strictly: no timestamps (dates stay text and are checked by `dates.py`, so
`2024-02-13 19:00:00` cannot slip through as a datetime in UTC), no aliases (a
"billion laughs" front matter cannot blow up the build), no duplicate keys.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import yaml
from frontmatter.default_handlers import YAMLHandler

from ..errors import ContentError

MAX_BYTES = 1024 * 1024  # a bulletin is a few KiB; a MiB is a pasted file, not text

_BOUNDARY = YAMLHandler.FM_BOUNDARY  # python-frontmatter's rule for the `---` lines


@dataclass(frozen=True)
class RawDocument:
    path: str
    meta: dict
    # Line (1-based, in the file) of each key, by path: ("title",), ("events", 0, "start").
    lines: dict = field(default_factory=dict)
    body: str = ""
    body_line: int = 1  # file line on which the body starts
    front_matter: str = ""  # the YAML text as written, for pages that keep it

    def line_of(self, *path: object) -> int | None:
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return None


class _StrictLoader(yaml.SafeLoader):
    """SafeLoader without timestamps, merge keys, aliases and explicit tags (`!!set`,
    `!!binary`, …): front matter is plain text, lists and mappings, nothing else."""

    def compose_node(self, parent, index):  # noqa: ANN001 - PyYAML's signature
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent):
            raise yaml.composer.ComposerError(
                None, None, "Anker und Verweise (*name) sind im Vorspann nicht erlaubt", event.start_mark
            )
        if getattr(event, "tag", None) is not None:
            shown_tag = event.tag.replace("tag:yaml.org,2002:", "!!")
            raise yaml.composer.ComposerError(None, None, f"Typangabe {shown_tag}", event.start_mark)
        return super().compose_node(parent, index)


# YAML 1.1 reads `06110` (a postal code) as the octal number 3144, `12:30` as 750, `0x10`
# as 16 and `1.10` as 1.1: a text key would publish something the editor never wrote.
# Numbers are read only where writing them back gives the very same text; everything
# else stays text, exactly as written.
_NOT_RESOLVED = {"tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:merge", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float"}
_StrictLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag not in _NOT_RESOLVED]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_StrictLoader.add_implicit_resolver("tag:yaml.org,2002:int", re.compile(r"^-?(?:0|[1-9][0-9]*)$"), list("-0123456789"))
_StrictLoader.add_implicit_resolver("tag:yaml.org,2002:float", re.compile(r"^-?(?:0|[1-9][0-9]*)\.[0-9]*[1-9]$"), list("-0123456789"))

if yaml.__with_libyaml__:

    class _FastLoader(yaml.CSafeLoader):
        """libyaml's parser with the strict loader's resolvers: about seven times faster.

        It reads plain, well-formed front matter only; anything unusual is read again
        by `_StrictLoader`, whose messages and checks are the rules (see _parse_fast).
        """

    _FastLoader.yaml_implicit_resolvers = _StrictLoader.yaml_implicit_resolvers
else:  # pragma: no cover - PyYAML wheels ship libyaml
    _FastLoader = None


def decode(data: bytes, path: str) -> tuple[str | None, list[ContentError]]:
    """UTF-8 (a BOM is dropped), line ends made LF; anything else is an error."""
    if len(data) > MAX_BYTES:
        return None, [
            ContentError(
                path, None, None,
                f"Die Datei ist {len(data) // 1024} KiB groß; erlaubt sind höchstens "
                f"{MAX_BYTES // 1024} KiB. Bilder und Dokumente gehören nicht in den Text.",
            )
        ]
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, [ContentError(
            path, None, None,
            "Die Datei ist als UTF-16 („Unicode“) gespeichert, nicht als UTF-8. Bitte im Editor mit der "
            "Kodierung „UTF-8“ speichern.",
        )]
    if b"\x00" in data:  # checked before decoding: binary files are no Windows-1252 text
        return None, [ContentError(path, None, None, "Die Datei enthält Null-Bytes; sie ist keine Textdatei.")]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return None, [
            ContentError(
                path, line, None,
                "Die Datei ist nicht als UTF-8 gespeichert (gefunden: Byte "
                f"0x{data[exc.start]:02x}, vermutlich Windows-1252/ANSI). Bitte im Editor mit "
                "der Kodierung „UTF-8“ speichern.",
            )
        ]
    if "\x00" in text:
        return None, [ContentError(path, None, None, "Die Datei enthält Null-Bytes; sie ist keine Textdatei.")]
    return text.replace("\r\n", "\n").replace("\r", "\n"), []


def read_document(data: bytes, path: str) -> tuple[RawDocument | None, list[ContentError]]:
    text, errors = decode(data, path)
    if text is None:
        return None, errors
    if not text.strip():
        return None, [ContentError(path, None, None, "Die Datei ist leer. Erwartet: ein Vorspann zwischen „---“-Zeilen und der Text.")]
    lines = text.split("\n")
    if not _BOUNDARY.fullmatch(lines[0]):
        return None, [
            ContentError(
                path, 1, None,
                "Der Vorspann fehlt: Die Datei muss mit einer Zeile „---“ beginnen, dann folgen "
                f"Titel, Datum usw., dann wieder „---“. Gefunden in Zeile 1: „{lines[0][:60]}“.",
            )
        ]
    closing = next((i for i in range(1, len(lines)) if _BOUNDARY.fullmatch(lines[i])), None)
    if closing is None:
        return None, [
            ContentError(path, 1, None, "Der Vorspann wird nicht geschlossen: Nach Titel, Datum usw. fehlt die Zeile „---“.")
        ]
    front = "\n".join(lines[1:closing])
    meta, key_lines, yaml_errors = parse_yaml(front, path, first_line=2)
    if yaml_errors and not meta:
        return None, yaml_errors
    # Errors with a readable front matter (tabs as indentation, read as spaces) still go on
    # to the other checks, so that the editor sees every problem of the file in one round.
    body = "\n".join(lines[closing + 1 :])
    return RawDocument(path, meta, key_lines, body, closing + 2, front), yaml_errors


def parse_yaml(text: str, path: str, first_line: int) -> tuple[dict, dict, list[ContentError]]:
    """YAML mapping with the file line of every key; errors in German with the line."""
    hidden = _invisible_characters(text, path, first_line)
    if hidden:
        return {}, {}, hidden
    fast = _parse_fast(text)
    if fast is not None:
        _, value, key_lines = fast
        return value, {key: line + first_line for key, line in key_lines.items()}, []
    return _parse_yaml_strictly(text, path, first_line)


# Characters nobody sees: control characters pasted from PDFs (ESC, …), zero-width
# spaces and joiners, and bidi overrides that show a title other than its letters.
_INVISIBLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")


def _invisible_characters(text: str, path: str, first_line: int) -> list[ContentError]:
    errors = []
    for number, line in enumerate(text.split("\n")):
        found = sorted({f"U+{ord(c):04X}" for c in _INVISIBLE.findall(line)})
        if found:
            shown_line = _INVISIBLE.sub(lambda m: f"[U+{ord(m.group(0)):04X}]", line.strip())
            errors.append(ContentError(
                path, first_line + number, None,
                f"Im Vorspann steht ein unsichtbares Zeichen ({', '.join(found)}), meist beim Kopieren aus "
                f"einem PDF oder einer Webseite mitgekommen: „{shown_line}“. Bitte die Zeile neu tippen.",
            ))
    return errors


# What the fast reader leaves to the strict one, decided on the text: tags (`!`),
# anchors and aliases (`&`, `*`), tabs, control characters and the line breaks other
# than \n that YAML counts (their line numbers would be counted differently).
_UNUSUAL = re.compile("[!&*\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]")
# Every level of nesting opens with one of these. libyaml composes recursively in C and
# crashes the process (not a Python error) on front matter nested ~100,000 deep.
_NESTING = re.compile(r"[\[{:?-]")
_MAX_NESTING_MARKS = 1000


def _parse_fast(text: str) -> tuple[yaml.Node, dict, dict] | None:
    """(node, mapping, key lines) by libyaml for plain, valid front matter; None when
    anything is unusual (see _UNUSUAL, an error, a list or repeated key, not a mapping):
    then the strict loader reads the text again and reports the problem in its words."""
    if _FastLoader is None or _UNUSUAL.search(text) or len(_NESTING.findall(text)) > _MAX_NESTING_MARKS:
        return None
    loader = _FastLoader(text)
    try:
        node = loader.get_single_node()
        if not isinstance(node, yaml.MappingNode) or _key_problem(node):
            return None
        value = loader.construct_document(node)
        if not isinstance(value, dict):
            return None
        key_lines: dict = {}
        _record_lines(node, (), 0, key_lines)
    except Exception:  # noqa: BLE001 - whatever it is, the strict loader decides and reports
        return None
    finally:
        loader.dispose()
    return node, value, key_lines


def _parse_yaml_strictly(text: str, path: str, first_line: int) -> tuple[dict, dict, list[ContentError]]:
    hidden = _invisible_characters(text, path, first_line)
    if hidden:
        return {}, {}, hidden
    try:
        loader = _StrictLoader(text)
        try:
            node = loader.get_single_node()
            if node is None:
                return {}, {}, []
            problem = _key_problem(node)
            if problem:
                key, line, message = problem
                return {}, {}, [ContentError(path, line + first_line, key, message)]
            value = loader.construct_document(node)
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + first_line if mark else None
        tabbed = _tab_indented_lines(text) if _is_tab_problem(exc) else []
        if tabbed:
            return _read_despite_tabs(text, path, first_line, tabbed)
        return {}, {}, [ContentError(path, line, None, _german_yaml_problem(exc))]
    except RecursionError:  # PyYAML composes recursively: `[[[[…` thousands deep
        return {}, {}, [
            ContentError(path, first_line, None, "Der Vorspann ist zu tief verschachtelt (sehr viele „[“, „{“ oder Einrückungen); bitte einfache Zeilen „Schlüssel: Wert“ verwenden.")
        ]
    except yaml.YAMLError as exc:  # pragma: no cover - PyYAML marks nearly everything
        return {}, {}, [ContentError(path, None, None, f"Der Vorspann ist kein gültiges YAML ({exc}).")]
    if not isinstance(value, dict):
        return {}, {}, [
            ContentError(path, first_line, None, "Der Vorspann muss aus Zeilen „Schlüssel: Wert“ bestehen (z. B. „title: …“).")
        ]
    key_lines: dict = {}
    _record_lines(node, (), first_line, key_lines)
    return value, key_lines, []


_TAB_MESSAGE = (
    "Der Vorspann ist kein gültiges YAML: Tabulatoren sind im Vorspann nicht erlaubt; "
    "bitte Leerzeichen zum Einrücken verwenden (je Ebene zwei)."
)


def _tab_indented_lines(text: str) -> list[int]:
    """Indices of the lines whose indentation holds a tab (YAML forbids it)."""
    return [
        index for index, line in enumerate(text.split("\n"))
        if "\t" in line[: len(line) - len(line.lstrip(" \t"))]
    ]


def _read_despite_tabs(text: str, path: str, first_line: int, tabbed: list[int]) -> tuple[dict, dict, list[ContentError]]:
    """Every tab-indented line is an error; the rest of the file is still checked.

    The tabs are read as the editor's screen shows them (tab stops of 2, 4 or 8), the
    first width that gives valid YAML wins; the file itself is never changed. If none
    does, the tab lines are all that is reported, as before.
    """
    errors = [ContentError(path, index + first_line, None, _TAB_MESSAGE) for index in tabbed]
    lines = text.split("\n")
    later: list[ContentError] = []
    for width in (2, 4, 8):
        untabbed = "\n".join(
            line.expandtabs(width) if index in tabbed else line for index, line in enumerate(lines)
        )
        value, key_lines, problems = _parse_yaml_strictly(untabbed, path, first_line)
        if not problems and value:
            return value, key_lines, errors
        later = later or problems  # same line count: the lines still point at the file
    return {}, {}, errors + later


def _record_lines(node: yaml.Node, prefix: tuple, first_line: int, out: dict) -> None:
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = (*prefix, key_node.value)
            out[key] = key_node.start_mark.line + first_line
            _record_lines(value_node, key, first_line, out)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            key = (*prefix, index)
            out[key] = item.start_mark.line + first_line
            _record_lines(item, key, first_line, out)


def _key_problem(node: yaml.Node) -> tuple[str | None, int, str] | None:
    """A key that is a list or mapping (`[a]: b`), or a key given twice: (key, line, message)."""
    if isinstance(node, yaml.MappingNode):
        seen = set()
        for key_node, value_node in node.value:
            line = key_node.start_mark.line
            if not isinstance(key_node, yaml.ScalarNode):
                return None, line, "Ein Schlüssel muss ein einfaches Wort sein (z. B. „title“), keine Liste und keine Zuordnung."
            if key_node.value in seen:
                return str(key_node.value), line, "Dieser Schlüssel steht zweimal im Vorspann; bitte nur einmal angeben."
            seen.add(key_node.value)
            found = _key_problem(value_node)
            if found:
                return found
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            found = _key_problem(item)
            if found:
                return found
    return None


def _is_tab_problem(exc: yaml.MarkedYAMLError) -> bool:
    problem = f"{exc.problem or ''} {exc.context or ''}"
    return "'\\t'" in problem or "\t" in problem


def _german_yaml_problem(exc: yaml.MarkedYAMLError) -> str:
    problem = f"{exc.problem or ''} {exc.context or ''}".strip()
    if _is_tab_problem(exc):
        hint = "Tabulatoren sind im Vorspann nicht erlaubt; bitte Leerzeichen zum Einrücken verwenden."
    elif "Anker" in problem:  # our own rule (see _StrictLoader), already German
        return "Der Vorspann ist kein gültiges YAML: Anker und Verweise („&name“, „*name“) sind nicht erlaubt; bitte jeden Wert ausschreiben."
    elif problem.startswith("Typangabe"):  # our own rule (see _StrictLoader)
        return (
            f"Der Vorspann ist kein gültiges YAML: {problem[len('Typangabe '):]} ist eine Typangabe, und die sind nicht "
            "erlaubt. Text, der mit „!“ beginnt, bitte in Anführungszeichen setzen."
        )
    elif "mapping values are not allowed" in problem:
        hint = "Ein Doppelpunkt steht an einer Stelle, an der YAML keinen erwartet. Text mit „: “ bitte in Anführungszeichen setzen."
    elif "could not find expected ':'" in problem or "simple key" in problem:
        hint = "Eine Zeile hat nicht die Form „Schlüssel: Wert“ (fehlt ein Doppelpunkt oder ein Anführungszeichen?)."
    elif "found undefined alias" in problem or "tag" in problem:
        hint = "Sonderzeichen wie „*“, „&“ oder „!“ am Anfang eines Werts bitte in Anführungszeichen setzen."
    else:
        hint = "Bitte Einrückung, Doppelpunkte und Anführungszeichen prüfen."
    return f"Der Vorspann ist kein gültiges YAML: {hint} (Meldung des YAML-Lesers: {problem})"
