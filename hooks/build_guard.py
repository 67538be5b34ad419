"""Atomic builds: the site is built in a staging folder and swapped in only when complete.

MkDocs empties `site_dir` and writes into it page by page, so an exception in a hook
or a template, or a strict-mode warning (which MkDocs turns into an abort only after
`on_post_build`), would leave a half-built site behind. The hooks instead point
`site_dir` at a fresh sibling folder, and `finish` exchanges it with the real one in a
single rename once the build is complete and no strict-mode warning was logged. Any
failure only removes the staging folder: the previous site stays byte-for-byte as it
was.

No MkDocs import: the glue (`newsroom_mkdocs.py`) calls this module from its events.
"""

from __future__ import annotations

import ctypes
import errno
import logging
import os
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

log = logging.getLogger("mkdocs.hooks.newsroom")

# Folder names next to site_dir; `.gitignore` ignores `.site-*/` (and `.site-members-*/`).
_STAGING = "staging"
_OLD = "old"


def _sibling(site_dir: Path, kind: str, pid: int) -> Path:
    return site_dir.parent / f".{site_dir.name}-{kind}-{pid}"


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, owned by someone else
        return True
    return True


def _remove(path: Path) -> None:
    if path.is_symlink() or path.is_file():
        path.unlink()
    elif path.exists():
        shutil.rmtree(path)


def remove_leftovers(site_dir: Path) -> None:
    """Staging and old folders of builds that were killed (their process is gone), and
    the work folders next to a staging folder (`<staging>-suche`, newsroom_search.py)."""
    pattern = re.compile(rf"\.{re.escape(site_dir.name)}-(?:{_STAGING}|{_OLD})-(\d+)(?:-[a-z]+)?")
    if not site_dir.parent.is_dir():
        return
    for entry in sorted(site_dir.parent.iterdir()):
        match = pattern.fullmatch(entry.name)
        if match and (int(match.group(1)) == os.getpid() or not _pid_alive(int(match.group(1)))):
            _remove(entry)


def _exchange(first: Path, second: Path) -> bool:
    """Swap two directories in one atomic step (Linux renameat2); False if unsupported."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError, TypeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    at_fdcwd, rename_exchange = -100, 2
    if renameat2(at_fdcwd, os.fsencode(first), at_fdcwd, os.fsencode(second), rename_exchange) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(second))


def swap_in(staging: Path, site_dir: Path) -> None:
    """Make `staging` the site: one exchange where possible, else two quick renames."""
    staging.mkdir(parents=True, exist_ok=True)  # a build may write nothing at all
    if not site_dir.exists():
        site_dir.parent.mkdir(parents=True, exist_ok=True)
        os.rename(staging, site_dir)
        return
    if _exchange(staging, site_dir):
        _remove(staging)  # now holds the previous site
        return
    old = _sibling(site_dir, _OLD, os.getpid())
    _remove(old)
    os.rename(site_dir, old)
    os.rename(staging, site_dir)
    _remove(old)


class WarningLog(logging.Handler):
    """Keeps every warning MkDocs logs during a build (what strict mode counts)."""

    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


# MkDocs' own warnings about links, in German: (pattern, message template).
_LINK_WARNINGS = (
    (
        re.compile(r"contains a link '(?P<link>[^']*)', but the doc '(?P<doc>[^']*)' does not contain an anchor '(?P<anchor>[^']*)'"),
        "Der Verweis „{link}“ zeigt auf einen Abschnitt „{anchor}“, den es in „{doc}“ nicht gibt.",
    ),
    (
        re.compile(r"contains a link '(?P<link>[^']*)', but there is no such anchor on this page"),
        "Der Verweis „{link}“ zeigt auf einen Abschnitt, den es auf dieser Seite nicht gibt.",
    ),
    (
        re.compile(r"contains a link '(?P<link>[^']*)', but the target.* is not found among documentation files"),
        "Der Verweis „{link}“ führt ins Leere: Diese Datei gibt es nicht.",
    ),
    (
        re.compile(r"contains an unrecognized relative link '(?P<link>[^']*)'"),
        "Der Verweis „{link}“ zeigt auf keine Datei; bitte auf die .md-Datei verweisen (z. B. „kontakt.md“).",
    ),
    (
        re.compile(r"contains an absolute link '(?P<link>[^']*)'"),
        "Der Verweis „{link}“ beginnt mit „/“; bitte relativ auf die Datei verweisen (z. B. „../kontakt.md“).",
    ),
    (
        re.compile(r"pages exist in the docs directory, but are not included in the \"nav\" configuration:\s*(?P<pages>.*)", re.DOTALL),
        "Diese Seiten liegen in docs/, stehen aber weder in „nav“ noch in „not_in_nav“ der mkdocs.yml: {pages}",
    ),
)
_DOC_FILE = re.compile(r"Doc file '(?P<uri>[^']+)'")


def german_warning(message: str, sources: dict[str, str]) -> str:
    """A MkDocs warning for editors: the source file first, German where we know the case.

    `sources`: docs-relative src_uri of a built page -> the file the editor wrote.
    """
    found = _DOC_FILE.search(message)
    where = ""
    if found:
        uri = found.group("uri")
        where = f"{sources.get(uri, uri)}: "
    for pattern, template in _LINK_WARNINGS:
        match = pattern.search(message)
        if match:
            found = {key: " ".join(value.replace("- ", "").split()) for key, value in match.groupdict().items()}
            return where + template.format(**found)
    return f"{where}Meldung von MkDocs (englisch): " + " ".join(message.split())


# Work that overlaps the end of the build (the search index is written while the public
# output is checked): run when the staged site is otherwise complete, before the swap.
_before_swap: list[Callable[[], None]] = []


def before_swap(callback: Callable[[], None]) -> None:
    """Run `callback` just before the running build's staged site is swapped in; an
    exception from it drops the staged site instead (the old one stays)."""
    _before_swap.append(callback)


@dataclass
class AtomicBuild:
    """One build's staging folder and the warnings logged while it was filled."""

    site_dir: Path
    staging: Path
    strict: bool
    warnings: WarningLog = field(default_factory=WarningLog)
    announce: bool = True  # name the finished folder (not for `serve`'s temporary one)

    @classmethod
    def start(cls, site_dir: str, strict: bool, announce: bool = True) -> "AtomicBuild":
        real = Path(site_dir).resolve()  # a symlinked site_dir: stage next to its target
        remove_leftovers(real)
        _before_swap.clear()
        build = cls(real, _sibling(real, _STAGING, os.getpid()), strict, announce=announce)
        logging.getLogger("mkdocs").addHandler(build.warnings)
        logging.getLogger(_MKDOCS_BUILD).addFilter(_quiet_disk_errors)
        return build

    def finish(self, sources: dict[str, str]) -> bool:
        """Swap the staged site in; False (and a German report) if strict mode will abort."""
        callbacks = _before_swap[:]
        _before_swap.clear()
        try:
            for callback in callbacks:
                callback()
        except BaseException:
            self.abandon()
            raise
        self._detach()
        if self.strict and self.warnings.records:
            lines = [
                record.getMessage() if record.name.startswith(log.name) else german_warning(record.getMessage(), sources)
                for record in self.warnings.records
            ]
            count = len(lines)
            head = "1 Problem" if count == 1 else f"{count} Probleme"
            log.error(
                f"{head} beim Bauen der Seiten – die Website wurde nicht neu gebaut, die alte bleibt unverändert:\n"
                + "\n".join(f"  - {line}" for line in lines)
            )
            self.abandon()
            return False
        publishable_modes(self.staging)
        swap_in(self.staging, self.site_dir)
        if self.announce:
            log.info(f"Die neue Website liegt in {self.site_dir}")
        return True

    def abandon(self) -> None:
        """A failed build: drop the staging folder, leave the site as it was."""
        _before_swap.clear()
        self._detach()
        _remove(self.staging)

    def _detach(self) -> None:
        logging.getLogger("mkdocs").removeHandler(self.warnings)
        logging.getLogger(_MKDOCS_BUILD).removeFilter(_quiet_disk_errors)


# Errors of the disk or the output folder, not of any text: what happened, in German.
_DISK_ERRORS = {
    errno.ENOSPC: "Kein Speicherplatz mehr auf dem Datenträger, auf dem die Website gebaut wird.",
    errno.EDQUOT: "Das Speicherkontingent (Quota) auf dem Datenträger, auf dem die Website gebaut wird, ist aufgebraucht.",
    errno.EROFS: "Der Datenträger, auf dem die Website gebaut wird, ist schreibgeschützt.",
    errno.EACCES: "Keine Schreibrechte für den Ordner, in dem die Website gebaut wird.",
    errno.EPERM: "Keine Schreibrechte für den Ordner, in dem die Website gebaut wird.",
}
_DISK_ADVICE = {
    errno.ENOSPC: "Bitte Platz schaffen (z. B. alte Sicherungen löschen) und neu bauen.",
    errno.EDQUOT: "Bitte Platz schaffen (z. B. alte Sicherungen löschen) und neu bauen.",
}


def disk_problem(error: BaseException, site_dir: Path | None = None) -> str | None:
    """A German line for a full or unwritable disk while building, else None.

    Missing rights count only on the output folder: a source file we may not read is
    the read stage's error, and anything else is no disk problem of the build.
    `site_dir` names the folder when the error has no file name (shutil's copies)."""
    if not isinstance(error, OSError) or error.errno not in _DISK_ERRORS:
        return None
    folder = _output_folder(error.filename)
    if folder is None and error.errno in (errno.EACCES, errno.EPERM):
        return None
    folder = folder or site_dir
    where = f" (Ausgabeordner „{folder}“)" if folder else ""
    advice = _DISK_ADVICE.get(error.errno, "Bitte das Technik-Team fragen (Rechte und Datenträger des Ausgabeordners prüfen).")
    return f"{_DISK_ERRORS[error.errno][:-1]}{where}. {advice}"


def _output_folder(filename: object) -> Path | None:
    """The site folder a path in a staging (or old) folder belongs to, else None."""
    if not isinstance(filename, (str, bytes, os.PathLike)):
        return None
    path = Path(os.fsdecode(filename))
    staging = re.compile(rf"\.(?P<site>.+)-(?:{_STAGING}|{_OLD})-\d+")
    for part in (path, *path.parents):
        found = staging.fullmatch(part.name)
        if found:
            return part.parent / found.group("site")
    return None


# MkDocs logs "Error building page 'x.md': [Errno 28] …: '<staging path>'" before the
# error reaches on_build_error; for disk errors the German line replaces it.
_MKDOCS_BUILD = "mkdocs.commands.build"
_PAGE_ERROR = re.compile(r"Error building page '[^']*': \[Errno (?P<code>\d+)\] (?P<text>[^:]*): '(?P<path>.*)'$", re.DOTALL)


def _quiet_disk_errors(record: logging.LogRecord) -> bool:
    found = _PAGE_ERROR.match(record.getMessage())
    if not found:
        return True
    error = OSError(int(found.group("code")), found.group("text"), found.group("path"))
    return disk_problem(error) is None


def publishable_modes(folder: Path) -> None:
    """Folders 755, files 644, whatever the umask of whoever built: a web server that runs
    as another user must read the site (umask 077 wrote 600), and nobody else may change
    it (umask 000 wrote 666)."""
    os.chmod(folder, 0o755)
    for here, folders, files in os.walk(folder):
        for name in folders:
            os.chmod(os.path.join(here, name), 0o755)
        for name in files:
            path = os.path.join(here, name)
            if not os.path.islink(path):
                os.chmod(path, 0o644)
