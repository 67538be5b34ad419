"""MkDocs glue for photos: original image files stay out, re-encoded renditions go in.

The plan (newsroom/plan/photos.py) names every published image file; this module makes
them with the pure encoder (newsroom/write/photos.py) and keeps each made file in a
cache folder named by the source's content hash, so a rebuild re-encodes nothing that
did not change. The cache is ignored by git (`.cache/`).
"""

from __future__ import annotations

import hashlib
import os
import posixpath
import tempfile
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort
from mkdocs.structure.files import File

from newsroom.plan.photos import Rendition, is_photo_source
from newsroom.write import photos as encoder

CACHE = ".cache/bilder"
_VERSION = "v1"  # change when the encoder's output changes: old cache entries are then unused
SITE_COLOUR = (0x9B, 0x11, 0x1E)  # the primary colour of newsroom.css


def rendition_files(config: MkDocsConfig, root: Path, renditions: tuple[Rendition, ...]) -> list[File]:
    cache = root / CACHE
    cache.mkdir(parents=True, exist_ok=True)
    made = []
    for rendition in renditions:
        name = f"{_VERSION}-{posixpath.basename(rendition.path)}"
        if not rendition.source:  # the default share image depends on the site's name
            name = f"{_VERSION}-{abs(hash_text(config.site_name or '')):x}-{posixpath.basename(rendition.path)}"
        cached = cache / name
        if not cached.is_file():
            _store(cached, _encode(rendition, root, config))
        made.append(File.generated(config, rendition.path, abs_src_path=str(cached)))
    return made


def share_images(plan, files) -> dict[str, tuple[str, int]]:
    """src_uri -> (site path, bytes) of each page's share image, for the feeds' enclosures."""
    found = {}
    for src_uri, rendition in plan.shared.get("share_images", {}).items():
        file = files.get_file_from_path(rendition.path)
        if file is not None and file.abs_src_path:
            found[src_uri] = (rendition.path, os.path.getsize(file.abs_src_path))
    return found


def hash_text(text: str) -> int:
    return int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "big")


def _encode(rendition: Rendition, root: Path, config: MkDocsConfig) -> bytes:
    if not rendition.source:
        return encoder.default_share(config.site_name or "", SITE_COLOUR)
    try:
        data = (root / rendition.source).read_bytes()
        return encoder.share_crop(data) if rendition.share else encoder.resized(data, rendition.width)
    except (OSError, ValueError, SyntaxError) as error:
        raise Abort(
            f"{rendition.source}: Das Bild lässt sich nicht umwandeln ({error}). "
            "Bitte das Foto neu als JPEG speichern. Die Website wurde nicht neu gebaut, die alte bleibt unverändert."
        ) from error


def _store(path: Path, data: bytes) -> None:
    """Write atomically: a build stopped midway never leaves half a file in the cache."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
