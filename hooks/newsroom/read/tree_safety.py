"""Read stage: what in the source folders could publish files that are not meant to be.

MkDocs copies every file of docs/ into the site and follows symbolic links while it
does: `ln -s /etc/passwd docs/passwd.txt` would publish the machine's password file,
and a link into docs/mitglieder/ would publish a member page under a public address.
An editor never needs a link here (a copy of the file does the same), so every
symbolic link in docs/ and bulletins/ is refused, whatever it points to; so is a
folder that cannot be read (its files would silently be missing) and a missing
bulletins/ folder (a botched checkout would otherwise replace the site with one
without news and dates).
"""

from __future__ import annotations

import os
from pathlib import Path

from ..errors import ContentError


def problems(root: Path, bulletins: str = "bulletins", docs: str = "docs") -> list[ContentError]:
    root = root.resolve()
    found: list[ContentError] = []
    if not (root / bulletins).is_dir():
        found.append(ContentError(
            f"{bulletins}/", None, None,
            f"Der Ordner {bulletins}/ fehlt (oder ist kein Ordner). Ohne ihn hätte die Website keine Beiträge und "
            "Termine; es wird nichts gebaut. Bitte den Ordner wiederherstellen (z. B. mit „git checkout -- "
            f"{bulletins}“) oder, wenn wirklich noch nichts da ist, einen leeren Ordner {bulletins}/ anlegen.",
        ))
    for folder in (bulletins, docs):
        base = root / folder
        if base.is_symlink():
            found.append(_link_error(root, base))
            continue
        if base.is_dir():
            found += _walk(root, base)
    return found


def _walk(root: Path, base: Path) -> list[ContentError]:
    found: list[ContentError] = []

    def unreadable(error: OSError) -> None:
        shown = _shown(root, Path(error.filename)) if error.filename else base.name
        found.append(ContentError(
            shown, None, None,
            "Dieser Ordner lässt sich nicht lesen (fehlende Leserechte). Seine Dateien würden sonst still "
            "fehlen; bitte die Rechte korrigieren (z. B. „chmod -R u+rwX,go+rX“).",
        ))

    for folder, folders, files in os.walk(base, onerror=unreadable, followlinks=False):
        here = Path(folder)
        for name in sorted(folders + files):
            path = here / name
            if path.is_symlink():
                found.append(_link_error(root, path))
            elif name in files and not os.access(path, os.R_OK):
                found.append(ContentError(
                    _shown(root, path), None, None,
                    "Diese Datei lässt sich nicht lesen (fehlende Leserechte); bitte die Rechte korrigieren.",
                ))
        folders[:] = [name for name in folders if not (here / name).is_symlink()]
    return found


def _link_error(root: Path, path: Path) -> ContentError:
    target = os.readlink(path)
    try:
        resolved = path.resolve(strict=True)
    except RuntimeError:  # a loop
        where = "auf sich selbst (eine Schleife)"
    except OSError:
        where = f"ins Leere („{target}“ gibt es nicht)"
    else:
        if not resolved.is_relative_to(root):
            where = "auf eine Datei außerhalb des Projekts"
        elif any(part.lower() == "mitglieder" for part in resolved.relative_to(root).parts[:2]):
            where = "in den Mitgliederbereich docs/mitglieder/"
        else:
            where = f"auf „{resolved.relative_to(root).as_posix()}“"
    return ContentError(
        _shown(root, path), None, None,
        f"Das ist ein symbolischer Link (Verweis auf eine andere Datei) {where}. Links werden nicht "
        "veröffentlicht, weil sie Dateien von anderswo auf die Website bringen können. Bitte den Link "
        "löschen und, wenn die Datei gebraucht wird, sie selbst hierher kopieren.",
    )


def _shown(root: Path, path: Path) -> str:
    absolute = Path(os.path.abspath(path))
    return absolute.relative_to(root).as_posix() if absolute.is_relative_to(root) else str(path)
