"""The deploy, rollback and pruning sequence on a target (the I/O around `plan`)."""

from __future__ import annotations

import datetime as dt
import hashlib
import posixpath
from dataclasses import dataclass
from pathlib import Path

from . import chunks as chunking
from .plan import (
    CURRENT, INCOMING_PREFIX, KEEP_RELEASES, RELEASES, Entry, ReleasePlan, chunks_from_json, is_served, link_text,
    manifest_from_json, manifest_json, plan_release, read_state, release_id, rollback_target, to_remove,
)


def local_manifest(site: Path, extra: dict[str, bytes]) -> tuple[dict[str, Entry], dict[str, Path | bytes]]:
    """Every served file of a built site (dotfiles left out) plus generated extras
    (`.htaccess`): the manifest and where each file's bytes come from."""
    files: dict[str, Entry] = {}
    sources: dict[str, Path | bytes] = {}
    for path in sorted(site.rglob("*")):
        if not path.is_file():
            continue
        relative = path.relative_to(site).as_posix()
        if not is_served(relative):
            continue
        digest = hashlib.sha256()
        with open(path, "rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
        files[relative] = Entry(digest.hexdigest(), path.stat().st_size)
        sources[relative] = path
    for relative, data in extra.items():
        files[relative] = Entry(hashlib.sha256(data).hexdigest(), len(data))
        sources[relative] = data
    return files, sources


@dataclass(frozen=True)
class Outcome:
    release: str
    previous: str | None
    plan: ReleasePlan
    sent_bytes: int  # bytes of files uploaded (links that failed count as uploads), or what rsync sent
    removed: tuple[str, ...]
    transport: str  # "sftp", "rsync" or "local"


def deploy(target, site: Path, *, now: dt.datetime, extra: dict[str, bytes] | None = None, keep: int = KEEP_RELEASES) -> Outcome:
    target.mkdir(RELEASES)
    names = target.listdir(RELEASES)
    state = read_state(names, target.readlink(CURRENT))
    files, sources = local_manifest(site, extra or {})
    previous, live_chunks = {}, {}
    for name in state.complete:
        raw = target.read(f"{RELEASES}/{name}.json")
        if raw is not None:
            previous[name] = manifest_from_json(raw)
            if name == state.current:
                live_chunks = chunks_from_json(raw)
    large = {
        relative: chunking.cut(source.read_bytes())
        for relative, source in sources.items()
        if isinstance(source, Path) and files[relative].size >= chunking.LARGE
    }
    new = release_id(now, set(names) | {name.removeprefix(INCOMING_PREFIX) for name in names})
    plan = plan_release(new, files, previous, prefer=state.current)
    incoming = f"{RELEASES}/{INCOMING_PREFIX}{new}"
    target.mkdir(incoming)
    for folder in plan.folders:
        target.mkdir(f"{incoming}/{folder}")
    sent = 0
    if hasattr(target, "can_rsync") and target.can_rsync():
        transport = "rsync"
        bases = [name for name in reversed(state.complete) if name == state.current]
        bases += [name for name in reversed(state.complete) if name != state.current]
        sent += target.rsync_into(site, incoming, bases)
        for relative, data in (extra or {}).items():
            sent += _put(target, data, f"{incoming}/{relative}")
    else:
        transport = "local" if not hasattr(target, "can_rsync") else "sftp"
        for link in plan.links:
            if not target.hardlink(f"{RELEASES}/{link.source_release}/{link.source_path}", f"{incoming}/{link.path}"):
                sent += _put(target, sources[link.path], f"{incoming}/{link.path}")
        for upload in plan.uploads:
            source, destination = sources[upload.path], f"{incoming}/{upload.path}"
            if upload.path in large and upload.path in live_chunks and hasattr(target, "assemble"):
                pieces = chunking.delta(large[upload.path], chunking.from_json(live_chunks[upload.path]))
                literal = chunking.sent_bytes(pieces)
                if literal < upload.entry.size and target.assemble(destination, source, pieces, f"{RELEASES}/{state.current}/{upload.path}"):
                    sent += literal
                    continue
            sent += _put(target, source, destination)
    # Complete: give it its name, then its manifest (a release without one is ignored).
    target.replace(incoming, f"{RELEASES}/{new}")
    target.write(f"{RELEASES}/{new}.json", manifest_json(new, files, {path: chunking.to_json(c) for path, c in large.items()}))
    switch(target, new)
    removed = prune(target, keep=keep)
    return Outcome(new, state.current, plan, sent, removed, transport)


def _put(target, source: Path | bytes, relative: str) -> int:
    if isinstance(source, bytes):
        target.write(relative, source)
        return len(source)
    target.upload(source, relative)
    return source.stat().st_size


def switch(target, release: str) -> None:
    """`current` -> releases/<release> with one rename of a fresh symlink over it."""
    temporary = f"{CURRENT}.new-{release}"
    target.remove(temporary)
    target.symlink(link_text(release), temporary)
    target.replace(temporary, CURRENT)


def prune(target, *, keep: int = KEEP_RELEASES) -> tuple[str, ...]:
    state = read_state(target.listdir(RELEASES), target.readlink(CURRENT))
    names = to_remove(state, keep)
    for name in names:
        target.remove(posixpath.join(RELEASES, name))
    for name in target.listdir(""):
        if name.startswith(f"{CURRENT}.new-"):
            target.remove(name)
    return names


def rollback(target) -> tuple[str, str]:
    state = read_state(target.listdir(RELEASES), target.readlink(CURRENT))
    back = rollback_target(state)
    switch(target, back)
    return state.current, back


def live(target) -> str | None:
    return read_state(target.listdir(RELEASES), target.readlink(CURRENT)).current
