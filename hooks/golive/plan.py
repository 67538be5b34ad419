"""Pure planning of a deploy: no disk, no network, no clock.

Layout of a destination (the web server's document root is `current`):

    <dest>/current            -> releases/<id>   (a relative symlink, switched by one rename)
    <dest>/releases/<id>/     a complete release
    <dest>/releases/<id>.json its manifest; a release without one is incomplete
    <dest>/releases/.incoming-<id>/   an upload in progress (never served)
    <dest>/htpasswd           the members' logins (member destination only, `make zugang`)
"""

from __future__ import annotations

import datetime as dt
import json
import posixpath
import re
from dataclasses import dataclass
from enum import Enum
from pathlib import PurePosixPath

KEEP_RELEASES = 5
CURRENT = "current"
RELEASES = "releases"
INCOMING_PREFIX = ".incoming-"
_RELEASE_ID = re.compile(r"^\d{8}T\d{6}Z(?:-\d+)?$")
_SCP_LIKE = re.compile(r"^(?:(?P<user>[^@/:\s]+)@)?(?P<host>[A-Za-z0-9.\-]+|\[[0-9A-Fa-f:.]+\]):(?P<path>.*)$")
_SSH_URL = re.compile(r"^(?:ssh|sftp)://(?:(?P<user>[^@/:\s]+)@)?(?P<host>[A-Za-z0-9.\-]+|\[[0-9A-Fa-f:.]+\])(?::(?P<port>\d+))?(?P<path>/.*)$")


class DeployError(Exception):
    """A German message for the person who runs the deploy."""


class Kind(Enum):
    LOCAL = "local"
    SSH = "ssh"


@dataclass(frozen=True)
class Destination:
    kind: Kind
    path: str  # absolute POSIX path (on the server for SSH)
    host: str | None = None
    user: str | None = None
    port: int | None = None

    def __str__(self) -> str:
        if self.kind is Kind.LOCAL:
            return self.path
        user = f"{self.user}@" if self.user else ""
        port = f":{self.port}" if self.port else ""
        return f"ssh://{user}{self.host}{port}{self.path}"

    def join(self, *parts: str) -> str:
        return posixpath.join(self.path, *parts)


def parse_destination(text: str, *, name: str, cwd: str = "/") -> Destination:
    """`user@host:/path`, `ssh://user@host:port/path` or a local path (relative to `cwd`)."""
    value = (text or "").strip()
    if not value:
        raise DeployError(f"{name} ist leer: erwartet wird „user@host:/pfad“ oder ein Ordner auf diesem Rechner.")
    url = _SSH_URL.match(value)
    if url:
        return _remote(name, url["host"], url["user"], int(url["port"]) if url["port"] else None, url["path"])
    scp = _SCP_LIKE.match(value)
    if scp and not value.startswith(("/", "./", "../")):
        return _remote(name, scp["host"], scp["user"], None, scp["path"])
    path = posixpath.normpath(posixpath.join(cwd, value))
    return Destination(Kind.LOCAL, _checked_path(name, path))


def _remote(name: str, host: str, user: str | None, port: int | None, path: str) -> Destination:
    if not path.startswith("/"):
        raise DeployError(
            f"{name}: der Pfad auf dem Server muss absolut sein (mit „/“ beginnen), gefunden: „{path}“."
        )
    return Destination(Kind.SSH, _checked_path(name, posixpath.normpath(path)), host=host.strip("[]").lower(), user=user, port=port)


def _checked_path(name: str, path: str) -> str:
    if path == "/":
        raise DeployError(f"{name}: „/“ als Ziel würde das ganze System betreffen; bitte einen eigenen Ordner angeben.")
    return path


def _inside_or_equal(inner: str, outer: str) -> bool:
    return inner == outer or inner.startswith(outer.rstrip("/") + "/")


def check_apart(public: Destination, members: Destination) -> None:
    """The member site is never served from where the public one is: not the same
    folder, not inside it, not around it (same machine, or both local)."""
    same_machine = public.kind is members.kind and (public.kind is Kind.LOCAL or public.host == members.host)
    if not same_machine:
        return
    if _inside_or_equal(members.path, public.path) or _inside_or_equal(public.path, members.path):
        raise DeployError(
            "DEPLOY_MEMBERS und DEPLOY_PUBLIC dürfen nicht derselbe Ordner sein und nicht ineinander liegen "
            f"(gefunden: Mitgliederseite „{members}“, öffentliche Seite „{public}“). Die Mitgliederseite braucht "
            "einen eigenen Ordner außerhalb der öffentlichen Seite, sonst wäre sie ohne Passwort lesbar."
        )


# --- manifests ----------------------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    digest: str  # sha256, hex
    size: int


Manifest = dict  # relative POSIX path -> Entry


def manifest_json(release_id: str, files: Manifest, chunks: dict[str, list] | None = None) -> bytes:
    """The manifest; `chunks` (path -> chunks.to_json) for large files, for deltas."""
    data = {"release": release_id, "files": {path: [entry.digest, entry.size] for path, entry in sorted(files.items())}}
    if chunks:
        data["chunks"] = dict(sorted(chunks.items()))
    return (json.dumps(data, indent=0, sort_keys=True) + "\n").encode("utf-8")


def chunks_from_json(raw: bytes) -> dict[str, list]:
    return json.loads(raw.decode("utf-8")).get("chunks", {})


def manifest_from_json(raw: bytes) -> Manifest:
    data = json.loads(raw.decode("utf-8"))
    return {path: Entry(digest, int(size)) for path, (digest, size) in data["files"].items()}


def is_served(relative: str) -> bool:
    """Files of a built site that go into a release: no dotfiles or dot folders (MkDocs
    never deletes old ones, and they may be editors' leftovers)."""
    return not any(part.startswith(".") for part in PurePosixPath(relative).parts)


# --- releases -----------------------------------------------------------------------


def release_id(now: dt.datetime, existing: frozenset[str] | set[str]) -> str:
    """A new id from the deploy's time (UTC), unique among `existing`, sorting after them
    when the clock is right."""
    base = now.astimezone(dt.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    candidate, n = base, 1
    while candidate in existing:
        n += 1
        candidate = f"{base}-{n}"
    return candidate


def _order(release: str) -> tuple[str, int]:
    base, _, n = release.partition("-")
    return base, int(n or 1)


def sorted_releases(names: list[str] | set[str] | tuple[str, ...]) -> list[str]:
    return sorted((name for name in names if _RELEASE_ID.match(name)), key=_order)


@dataclass(frozen=True)
class State:
    """What a destination holds: complete releases (with manifest), leftovers, `current`."""

    complete: tuple[str, ...]  # sorted oldest -> newest
    leftovers: tuple[str, ...]  # names in releases/ that are no complete release (incomplete uploads)
    current: str | None  # release id `current` points to, None before the first deploy


def read_state(names_in_releases: list[str], current_target: str | None) -> State:
    """From the names in `releases/` and the target of the `current` link."""
    names = set(names_in_releases)
    complete = [name for name in sorted_releases(names) if f"{name}.json" in names]
    kept = set(complete) | {f"{name}.json" for name in complete}
    leftovers = sorted(name for name in names if name not in kept)
    current = None
    if current_target:
        current = PurePosixPath(current_target).name
    return State(tuple(complete), tuple(leftovers), current)


@dataclass(frozen=True)
class Upload:
    path: str
    entry: Entry


@dataclass(frozen=True)
class Link:
    path: str
    source_release: str
    source_path: str
    entry: Entry


@dataclass(frozen=True)
class ReleasePlan:
    release: str
    uploads: tuple[Upload, ...]
    links: tuple[Link, ...]
    folders: tuple[str, ...]  # relative folders to create, parents first

    @property
    def upload_bytes(self) -> int:
        return sum(item.entry.size for item in self.uploads)

    @property
    def total_bytes(self) -> int:
        return self.upload_bytes + sum(item.entry.size for item in self.links)


def plan_release(release: str, files: Manifest, previous: dict[str, Manifest], prefer: str | None = None) -> ReleasePlan:
    """Which files to upload and which to hard-link from an earlier release (same
    content, any path: fingerprinted assets keep their bytes under a new name).
    `previous` maps release ids to their manifests; `prefer` (the live release) is
    looked at first."""
    sources: dict[tuple[str, int], tuple[str, str]] = {}
    order = sorted(previous, key=_order)
    if prefer in previous:
        order = [name for name in order if name != prefer] + [prefer]
    for name in order:  # later wins: the preferred release last
        for path, entry in sorted(previous[name].items()):
            sources[(entry.digest, entry.size)] = (name, path)
    uploads, links, folders = [], [], set()
    for path, entry in sorted(files.items()):
        parent = posixpath.dirname(path)
        while parent:
            folders.add(parent)
            parent = posixpath.dirname(parent)
        source = sources.get((entry.digest, entry.size))
        if source:
            links.append(Link(path, source[0], source[1], entry))
        else:
            uploads.append(Upload(path, entry))
    return ReleasePlan(release, tuple(uploads), tuple(links), tuple(sorted(folders, key=lambda f: (f.count("/"), f))))


def to_remove(state: State, keep: int = KEEP_RELEASES, *, busy: str | None = None) -> tuple[str, ...]:
    """Names in releases/ to delete after a switch: complete releases beyond the newest
    `keep` (never the live one), manifests with them, and leftovers of interrupted
    uploads (except `busy`, the one being written)."""
    newest = set(state.complete[-keep:]) if keep > 0 else set()
    if state.current:
        newest.add(state.current)
    old = [name for name in state.complete if name not in newest]
    names = [*old, *(f"{name}.json" for name in old), *(name for name in state.leftovers if name != busy)]
    return tuple(sorted(names))


def rollback_target(state: State) -> str:
    """The release before the live one."""
    if state.current is None or state.current not in state.complete:
        raise DeployError("Es ist keine Version live, zu der es eine vorherige gäbe („current“ fehlt oder zeigt ins Leere).")
    index = state.complete.index(state.current)
    if index == 0:
        raise DeployError(
            f"Die live Version {state.current} ist die älteste, die noch da ist: es gibt keine frühere, zu der zurückgeschaltet werden kann."
        )
    return state.complete[index - 1]


def link_text(release: str) -> str:
    """What `current` points to: relative, so it works inside an SFTP chroot too."""
    return f"{RELEASES}/{release}"
