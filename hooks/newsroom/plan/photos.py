"""Photos in the plan: which published files each visible text needs, and its Markdown.

Runs on the audience-filtered texts (member passages already cut), so a photo that
only member text shows is never planned for the public site, and its file name, alt
text and caption are gone with the passage. Published files are named by the source's
content hash (`bilder/<hash>-960.jpg`), never by the editor's file name.

Each image reference becomes the same Markdown image with `srcset`, `sizes`, `width`,
`height`, lazy loading (all but a page's first image) and, when it stands on a line of
its own and has a title, the title as a visible caption (photo credit) below it.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from urllib.parse import unquote

from ..pages import url_of
from ..read.photo_files import PhotoFile
from ..read.photo_refs import ImageRef, find

FOLDER = "bilder"
WIDTHS = (480, 960, 1600)
SIZES = "(min-width: 76.25em) 50rem, 100vw"  # Material's content column, else the screen
SHARE_SIZE = (1200, 630)  # share previews (og:image): the size Facebook, Mastodon, Signal and others crop to
DEFAULT_SHARE = f"{FOLDER}/teilen.jpg"
_NAME_LENGTH = 16
# What may stand before an image on its line for the image to be "on a line of its own".
_BLOCK_PREFIX = re.compile(r"^[ \t>]*(?:(?:[-*+]|\d{1,9}[.)])[ \t]+)?[ \t]*$")
_LIST_MARKER = re.compile(r"(?:[-*+]|\d{1,9}[.)])(?=[ \t])")


# Photos anywhere in docs/ (docs/assets/ included: a careless upload must not slip
# through) are published only as renditions, never as the file itself.
PHOTO_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp", ".heic", ".heif")


def is_photo_source(docs_path: str) -> bool:
    """A file of docs/ (docs-relative path) that is published only through the photo pipeline."""
    return docs_path.lower().endswith(PHOTO_SUFFIXES)


@dataclass(frozen=True)
class Rendition:
    """One published image file, made from a source photo."""

    path: str  # site path, e.g. bilder/3f2a…-960.jpg
    source: str  # project path of the photo
    width: int
    height: int
    share: bool = False  # the 1200×630 crop for share previews


@dataclass(frozen=True)
class Lead:
    """A text's lead photo: card thumbnail and share image."""

    alt: str
    thumb: Rendition
    share: Rendition


def renditions(photo: PhotoFile) -> tuple[Rendition, ...]:
    """The widths published for a photo, narrowest first; never wider than the source."""
    widths = sorted({w for w in WIDTHS if w < photo.width} | {min(photo.width, WIDTHS[-1])})
    ext = "png" if photo.has_alpha else "jpg"
    name = photo.digest[:_NAME_LENGTH]
    return tuple(
        Rendition(f"{FOLDER}/{name}-{w}.{ext}", photo.path, w, max(1, round(photo.height * w / photo.width)))
        for w in widths
    )


def share_rendition(photo: PhotoFile) -> Rendition:
    return Rendition(f"{FOLDER}/{photo.digest[:_NAME_LENGTH]}-teilen.jpg", photo.path, *SHARE_SIZE, True)


def target_path(ref: ImageRef, from_path: str) -> str | None:
    """The project path a local image reference points to (None: external or absolute)."""
    if ref.external or ref.target.startswith("/") or not ref.target:
        return None
    return posixpath.normpath(posixpath.join(posixpath.dirname(from_path), unquote(ref.target)))


def lead_path(from_path: str, image: str | None) -> str | None:
    """The project path the `image` key names (relative to the file)."""
    if not image:
        return None
    return posixpath.normpath(posixpath.join(posixpath.dirname(from_path), unquote(image)))


def default_rendition() -> Rendition:
    """The share image of pages without a photo (made by the front end, see write/photos)."""
    return Rendition(DEFAULT_SHARE, "", *SHARE_SIZE, True)


@dataclass(frozen=True)
class Placed:
    markdown: str
    used: tuple[Rendition, ...]
    lead: Lead | None


def place(text: str, from_path: str, src_uri: str, photos: dict[str, PhotoFile], lead_path: str | None = None) -> Placed:
    """`text` with each known photo in its published form; the files it needs; its lead photo.

    `photos`: project path -> the checked photo (references to anything else stay as
    written: the check stage has reported them). `lead_path`: the `image` key, resolved.
    """
    refs = [r for r in find(text) if not r.html]
    pieces, used, position, first, lead = [], [], 0, True, None
    for ref in refs:
        photo = photos.get(target_path(ref, from_path) or "")
        if photo is None:
            continue
        sizes = renditions(photo)
        used += sizes
        if lead is None and lead_path is None:
            lead = _lead(photo, ref.alt)
        pieces += [text[position:ref.start], _markdown(ref, sizes, src_uri, first, text)]
        position, first = ref.end, False
    if lead_path and lead_path in photos:
        lead = _lead(photos[lead_path], "")
        used += renditions(photos[lead_path])
    if lead:
        used.append(lead.share)
    pieces.append(text[position:])
    return Placed("".join(pieces), tuple(dict.fromkeys(used)), lead)


def _lead(photo: PhotoFile, alt: str) -> Lead:
    return Lead(alt, renditions(photo)[0], share_rendition(photo))


def _markdown(ref: ImageRef, sizes: tuple[Rendition, ...], src_uri: str, first: bool, text: str) -> str:
    page_dir = url_of(src_uri) or "."
    file_dir = posixpath.dirname(src_uri) or "."
    largest = sizes[-1]
    srcset = ", ".join(f"{posixpath.relpath(r.path, page_dir)} {r.width}w" for r in sizes)
    attrs = [f'srcset="{srcset}"', f'sizes="{SIZES}"', f'width="{largest.width}"', f'height="{largest.height}"']
    if not first:
        attrs += ['loading="lazy"', 'decoding="async"']
    # MkDocs resolves `src` from the page's source file (and checks it); srcset it leaves alone.
    src = posixpath.relpath(largest.path, file_dir)
    title = f' "{_quoted(ref.title)}"' if ref.title else ""
    image = f"![{ref.alt}]({src}{title}){{ {' '.join(attrs)} }}"
    line_start = text.rfind("\n", 0, ref.start) + 1
    prefix = text[line_start:ref.start]
    line_end = text.find("\n", ref.end)
    rest = text[ref.end: len(text) if line_end < 0 else line_end]
    if ref.title and _BLOCK_PREFIX.match(prefix) and not rest.strip():
        continuation = _LIST_MARKER.sub(lambda m: " " * len(m.group(0)), prefix)
        image += f"\n{continuation}*{_escaped(ref.title)}*{{ .nr-photo-credit }}"
    return image


def _quoted(title: str) -> str:
    return title.replace('"', "&quot;")


def _escaped(text: str) -> str:
    """Caption text as literal Markdown: no emphasis, links or HTML from its characters."""
    text = text.replace("&", "&amp;").replace("<", "&lt;")
    return re.sub(r"([\\`*_{}\[\]()#+\-.!|])", r"\\\1", text)
