"""Disk side of `newsroom.check.public_files`: leave unreferenced attachments out of the public staging folder.

Runs after the public build's output was checked (`member_guard.output_problems`) and
before the staging folder is swapped in, so the public site never holds a `docs/` file
that none of its pages, feeds or style sheets points to.
"""

from __future__ import annotations

import logging
from pathlib import Path

from newsroom.check import public_files

log = logging.getLogger("mkdocs.hooks.newsroom")


def drop_unreferenced(staging: Path, docs_root: Path, docs: str, referenced: set[str]) -> list[str]:
    """Remove the attachments no public output refers to; their site paths."""
    copied = frozenset(
        path.relative_to(docs_root).as_posix()
        for path in docs_root.rglob("*")
        if path.is_file() and path.suffix.lower() != ".md" and (staging / path.relative_to(docs_root)).is_file()
    )
    dropped = public_files.unreferenced(copied, referenced)
    for relative in dropped:
        target = staging / relative
        target.unlink()
        log.info(public_files.message(f"{docs}/{relative}"))
        for folder in target.parents:  # folders left empty go too
            if folder == staging or not folder.is_dir() or any(folder.iterdir()):
                break
            folder.rmdir()
    return dropped
