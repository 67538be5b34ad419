"""Generated bodies of Markdown punctuation and the CPU time a body costs from its bytes to
its HTML, as the build spends it: read (decode, front matter, body rules and rendering
limits), then, if accepted, our link rewrite, teaser and photo finder and Python-Markdown
with the extensions of `mkdocs.yml`. Shared by `test_linear_time.py` and the figures
printed by `python tests/linear_time.py [KiB …]`.
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path
from typing import Callable

import markdown
import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "hooks"))

from newsroom.plan import links, summary  # noqa: E402
from newsroom.read import body_rules, photo_refs, reader  # noqa: E402

PUNCTUATION = "[(<*`>|"
FRONT = "---\ntitle: Test\ndate: 2024-05-01\n---\n\n"
PATH = "bulletins/2024/2024-05-01-test.md"


def _extensions() -> tuple[list[str], dict]:
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    names, options = [], {}
    for entry in config["markdown_extensions"]:
        if isinstance(entry, dict):
            ((name, value),) = entry.items()
            names.append(name)
            options[name] = value
        else:
            names.append(entry)
    options["toc"] = {"permalink": True}  # BaseLoader reads `true` as text
    return names, options


EXTENSIONS, OPTIONS = _extensions()


def render(body: str) -> bool:
    """The build's work on one body; whether it was accepted."""
    document, errors = reader.read_document((FRONT + body).encode("utf-8"), PATH)
    if document is None or body_rules.find_problems(document.body):
        return False
    rewritten = links.rewrite(document.body, PATH, "aktuelles/2024/test.md", {})
    summary.teaser.__wrapped__(None, document.body)
    photo_refs.find(document.body)
    markdown.Markdown(extensions=EXTENSIONS, extension_configs=OPTIONS).convert(rewritten)
    return True


def _repeat(unit: str) -> Callable[[random.Random, int], str]:
    return lambda rng, size: (unit * (size // len(unit) + 1))[:size]


def _random(alphabet: str) -> Callable[[random.Random, int], str]:
    return lambda rng, size: "".join(rng.choices(alphabet, k=size))


def _words(rng: random.Random, size: int) -> str:
    """Punctuation among words, lines and paragraphs: what pasted junk looks like."""
    pieces, length = [], 0
    while length < size:
        piece = rng.choice([*PUNCTUATION, "[x](", "<a ", "**", "> ", "- ", "| a |", "Wort", "x", " ", " ", "\n", "\n\n"])
        pieces.append(piece)
        length += len(piece)
    return "".join(pieces)[:size]


MIXES: dict[str, Callable[[random.Random, int], str]] = {
    **{f"{char!r}": _repeat(char) for char in PUNCTUATION},
    **{f"{char!r}+newline": _repeat(char + "\n") for char in PUNCTUATION},
    **{f"{char!r}x60+blank line": _repeat(char * 60 + "\n\n") for char in PUNCTUATION},
    "'[x]('": _repeat("[x]("),
    "'<a '": _repeat("<a "),
    "'[x]('x20+blank line": _repeat("[x](" * 20 + "\n\n"),
    "fenced code blocks": _repeat("```\nx\n```\n"),
    "all seven at random": _random(PUNCTUATION),
    "seven, space, newline at random": _random(PUNCTUATION + "  \n"),
    "seven among words and paragraphs": _words,
}


def body(mix: str, kib: int, seed: int = 13) -> str:
    return MIXES[mix](random.Random(f"{seed}-{mix}"), kib * 1024 - len(FRONT.encode()))


def cost(text: str) -> tuple[float, bool]:
    start = time.process_time()
    accepted = render(text)
    return time.process_time() - start, accepted


def per_kib(mix: str, sizes: list[int], repeats: int) -> dict[int, tuple[float, bool]]:
    """Milliseconds of CPU per KiB for each size: the minimum of `repeats` runs, the sizes
    interleaved (small, large, small, large, …) so a burst of load hits all alike."""
    texts = {kib: body(mix, kib) for kib in sizes}
    best: dict[int, float] = {}
    accepted: dict[int, bool] = {}
    for _ in range(repeats):
        for kib in sizes:
            seconds, accepted[kib] = cost(texts[kib])
            best[kib] = min(best.get(kib, seconds), seconds)
    return {kib: (best[kib] * 1000 / kib, accepted[kib]) for kib in sizes}


if __name__ == "__main__":
    sizes = [int(arg) for arg in sys.argv[1:]] or [16, 128, 1024]
    print("mix".ljust(36), "  ".join(f"{kib:>5} KiB" for kib in sizes), "  (ms CPU per KiB; * = built, else refused)")
    for name in MIXES:
        figures = per_kib(name, sizes, repeats=2)
        print(name.ljust(36), "  ".join(f"{ms:8.2f}{'*' if ok else ' '}" for ms, ok in figures.values()), flush=True)
