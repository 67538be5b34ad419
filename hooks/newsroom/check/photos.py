"""Rules for images in the editors' texts, checked alike by `make check` and every build.

Checked on the whole text (member passages included), so a photo that only members
see must be as good as a public one, and both builds accept exactly the same links.
"""

from __future__ import annotations

import difflib
import posixpath
from dataclasses import dataclass
from typing import Callable, Iterable

from ..errors import ContentError
from ..model import Content
from ..read.photo_files import PhotoFile
from ..read.photo_refs import ImageRef, find
from ..plan.events import notice_src_uri
from ..plan.news import bulletin_src_uri
from ..plan.photos import lead_path, target_path

Probe = Callable[[str], "PhotoFile | str"]


@dataclass(frozen=True)
class Text:
    """One editor's file as the photo rules need it."""

    path: str  # project path
    body: str
    body_line: int
    image: str | None = None  # the `image` key
    page: str | None = None  # docs-relative src_uri of the generated page (bulletins, notices)


def texts(content: Content, docs_prefix: str = "docs") -> list[Text]:
    found = [Text(b.source.path, b.body, b.body_line, b.image, f"{docs_prefix}/{bulletin_src_uri(b)}") for b in content.bulletins]
    found += [Text(e.source.path, e.body, e.body_line, e.image, f"{docs_prefix}/{notice_src_uri(e)}") for e in content.notices]
    found += [Text(f"{docs_prefix}/{p.src_uri}", p.body, p.body_line) for p in content.pages]
    return found


def check(items: Iterable[Text], probe: Probe, known_files: Iterable[str] = ()) -> tuple[dict[str, PhotoFile], list[ContentError]]:
    """(project path -> usable photo, every problem). `probe` reads one file (read stage)."""
    photos: dict[str, PhotoFile] = {}
    probed: dict[str, PhotoFile | str] = {}
    errors: list[ContentError] = []
    known = sorted(known_files)

    def use(path: str, where: str, line: int | None, key: str | None, shown: str, legacy: str | None = None) -> None:
        if path.startswith("../") or path == "..":
            errors.append(ContentError(where, line, key, f"Das Bild „{shown}“ liegt außerhalb des Projekts. Bitte das Foto neben die Datei legen."))
            return
        if path not in probed:
            probed[path] = probe(path)
        result = probed[path]
        if result == "missing" and legacy and not legacy.startswith("../"):
            # The old form: relative to the generated page (`../../assets/plan.png` from a
            # bulletin meant docs/assets/plan.png). It keeps working, under the editor's path.
            if legacy not in probed:
                probed[legacy] = probe(legacy)
            if isinstance(probed[legacy], PhotoFile) or probed[legacy] != "missing":
                result = probed[legacy]
        if isinstance(result, PhotoFile):
            photos[path] = result
        elif result == "missing":
            errors.append(ContentError(where, line, key, f"Das Bild „{shown}“ gibt es nicht (gesucht: „{path}“).{_suggestion(path, known)}"))
        else:
            errors.append(ContentError(where, line, key, f"Bild „{shown}“: {result}"))

    for text in items:
        for ref in find(text.body):
            line = text.body_line + ref.line - 1
            problem = _reference_problem(ref)
            if problem:
                errors.append(ContentError(text.path, line, None, problem))
                continue
            legacy = target_path(ref, text.page) if text.page else None
            use(target_path(ref, text.path) or "", text.path, line, None, ref.target, legacy)
        if text.image:
            use(lead_path(text.path, text.image) or "", text.path, None, "image", text.image)
    return photos, errors


def _reference_problem(ref: ImageRef) -> str | None:
    if ref.html:
        return (
            f"Bilder bitte als ![Beschreibung]({ref.target}) einbinden, nicht als <img>-Tag: nur so wird das Foto "
            "verkleinert und ohne Metadaten (Kamera, Aufnahmezeit, GPS-Position) veröffentlicht."
        )
    if ref.external:
        return (
            f"Das Bild „{ref.target}“ liegt auf einer anderen Website. Bilder von anderswo werden nicht eingebunden: "
            "jeder Seitenaufruf würde die Leserinnen und Leser dorthin melden (Datenschutz). Bitte das Foto "
            "herunterladen, neben die Datei legen und so verlinken: ![Beschreibung](foto.jpg)."
        )
    if ref.target.startswith("/"):
        return f"Das Bild „{ref.target}“ bitte relativ zur Datei verlinken, z. B. ![Beschreibung](foto.jpg) für ein Foto im selben Ordner."
    if not ref.alt.strip():
        return (
            f"Das Bild „{ref.target}“ hat keinen Alternativtext. Bitte in die eckigen Klammern schreiben, was auf dem "
            f"Foto zu sehen ist (für Menschen, die die Seite vorgelesen bekommen): ![Unser Infostand am Markt]({ref.target})."
        )
    return None


def _suggestion(path: str, known: list[str]) -> str:
    folder = posixpath.dirname(path)
    near = [p for p in known if posixpath.dirname(p) == folder] or known
    close = difflib.get_close_matches(posixpath.basename(path), [posixpath.basename(p) for p in near], n=1, cutoff=0.6)
    return f" Gemeint ist vielleicht „{close[0]}“." if close else ""
