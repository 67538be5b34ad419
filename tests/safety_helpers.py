"""Helpers for the safety-net tests: site snapshots, the bad-input corpus, the check command."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from conftest import EPOCH

CORPUS = Path(__file__).resolve().parent / "bad-input"
CASE_META = ("expected.txt", "setup.txt")


def snapshot(folder: Path) -> dict[str, bytes | str]:
    """Every entry under `folder`: file bytes, or "<dir>" / "-> target" for folders and links."""
    entries: dict[str, bytes | str] = {}
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder).as_posix()
        if path.is_symlink():
            entries[relative] = f"-> {os.readlink(path)}"
        elif path.is_dir():
            entries[relative] = "<dir>"
        else:
            entries[relative] = path.read_bytes()
    return entries


def leftovers(project: Path) -> list[str]:
    """Staging or old site folders a build left next to its output (there must be none)."""
    return sorted(p.name for p in project.iterdir() if p.name.startswith(".site"))


@dataclass(frozen=True)
class Case:
    name: str
    folder: Path

    @property
    def expected(self) -> list[str]:
        lines = (self.folder / "expected.txt").read_text(encoding="utf-8").splitlines()
        return [line for line in lines if line.strip() and not line.startswith("#")]

    def apply(self, project: Path) -> None:
        """Put the case's files into `project` (replacing files of the same name)."""
        for source in sorted(self.folder.rglob("*")):
            relative = source.relative_to(self.folder)
            if source.is_dir() or relative.as_posix() in CASE_META:
                continue
            target = project / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
        setup = self.folder / "setup.txt"
        if setup.exists():
            for line in setup.read_text(encoding="utf-8").splitlines():
                if line.strip() and not line.startswith("#"):
                    _setup_step(project, line)


def _setup_step(project: Path, line: str) -> None:
    """`symlink <path> -> <target>`, `grow <path> <bytes>` or `repeat <path> <times> <text>`
    (appends the text, `\\n` for a line end, so often: pathological Markdown) — what git
    cannot hold well."""
    operation, rest = line.split(" ", 1)
    if operation == "symlink":
        link, target = rest.split(" -> ")
        (project / link).parent.mkdir(parents=True, exist_ok=True)
        os.symlink(target, project / link)
    elif operation == "grow":
        relative, size = rest.split()
        path = project / relative
        filler = "Dieser Satz füllt eine Datei, die viel zu groß für einen Beitrag ist. " * 10 + "\n"
        with path.open("a", encoding="utf-8") as handle:
            while handle.tell() < int(size):
                handle.write(filler)
    elif operation == "repeat":
        relative, times, text = rest.split(" ", 2)
        with (project / relative).open("a", encoding="utf-8") as handle:
            handle.write(text.replace("\\n", "\n") * int(times))
    else:
        raise ValueError(f"unknown setup step: {line}")


def cases() -> list[Case]:
    return [Case(p.name, p) for p in sorted(CORPUS.iterdir()) if p.is_dir()]


def run_check(project: Path, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    """The editors' check command, as `make check` runs it."""
    environment = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, **(env or {})}
    return subprocess.run(
        [sys.executable, "hooks/newsroom_check.py", *args],
        cwd=project, env=environment, capture_output=True, text=True, timeout=120,
    )


def error_lines(output: str) -> list[str]:
    """The listed errors of a report (`  - file, Zeile n, …`), in order."""
    return [line for line in output.splitlines() if line.startswith("  - ")]


GUIDE = Path(__file__).resolve().parent.parent / "bulletins" / "README.md"


def guide_rows() -> list[list[list[str]]]:
    """The editors' guide's error table: for each row, its alternatives (split at " / "),
    each a list of the literal pieces between "…" that a message must contain."""
    section = GUIDE.read_text(encoding="utf-8").split("## Fehlermeldungen", 1)[1]
    rows = []
    for line in section.splitlines():
        if not line.startswith("| ") or line.startswith(("| Meldung", "| ---")):
            continue
        first = line.split(" | ")[0].removeprefix("| ")
        alternatives = [[piece.strip() for piece in part.split("…") if piece.strip()] for part in first.split(" / ")]
        rows.append(alternatives)
    return rows


def explained_in_guide(error_line: str) -> bool:
    """Whether the guide's table has a row for this listed error (`  - file…: message`)."""
    return any(
        all(piece in error_line for piece in alternative)
        for row in guide_rows()
        for alternative in row
        if alternative
    )
