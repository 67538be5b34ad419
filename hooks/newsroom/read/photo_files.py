"""Read stage: what an image file beside the editors' texts is, checked before building.

Reads only the file's header (Pillow opens lazily), so `make check` stays fast with
hundreds of photos; the pixels are decoded once, when the build re-encodes them.
"""

from __future__ import annotations

import hashlib
import warnings
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, UnidentifiedImageError

MAX_BYTES = 25 * 1024 * 1024
MAX_PIXELS = 50_000_000
# File ending -> the format Pillow must find inside.
FORMATS = {".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG", ".webp": "WEBP"}
_ROTATED = {5, 6, 7, 8}  # EXIF orientations that swap width and height
_NAMES = {"JPEG": "JPEG", "PNG": "PNG", "WEBP": "WebP", "GIF": "GIF", "TIFF": "TIFF", "BMP": "BMP", "HEIF": "HEIC", "MPO": "JPEG"}


@dataclass(frozen=True)
class PhotoFile:
    """A usable photo: its content hash (names the published files) and upright size."""

    path: str  # project path, POSIX
    digest: str  # sha256 of the file's bytes, hex
    width: int
    height: int
    has_alpha: bool


def probe(root: Path, path: str) -> PhotoFile | str:
    """The photo at project path `path`, or a German sentence saying what is wrong."""
    suffix = Path(path).suffix.lower()
    if suffix in (".heic", ".heif"):
        return (
            "HEIC-Fotos (vom iPhone) kann die Website nicht verarbeiten. Bitte als JPEG speichern: "
            "auf dem iPhone unter Einstellungen › Kamera › Formate „Maximale Kompatibilität“ wählen, "
            "oder das Foto am Computer als .jpg exportieren, und den Verweis anpassen."
        )
    if suffix == ".svg":
        return "SVG-Grafiken werden nicht veröffentlicht (sie können Skripte enthalten). Bitte als PNG oder JPEG speichern."
    if suffix not in FORMATS:
        return f"Bilder müssen .jpg, .jpeg, .png oder .webp heißen; gefunden: „{suffix or 'keine Endung'}“."
    file = root / path
    try:
        data = file.read_bytes()
    except FileNotFoundError:
        return "missing"
    except OSError as error:
        return f"Das Bild lässt sich nicht lesen ({error.strerror or error})."
    if len(data) > MAX_BYTES:
        return f"Das Bild ist {len(data) / 1024 / 1024:.1f} MB groß, erlaubt sind 25 MB. Bitte kleiner speichern (z. B. 3000 Pixel breit)."
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(file) as image:
                found = image.format
                width, height = image.size
                frames = getattr(image, "n_frames", 1)
                orientation = image.getexif().get(0x0112, 1)
                has_alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
            with Image.open(file) as image:  # verify() must come right after open()
                image.verify()
    except (UnidentifiedImageError, Image.DecompressionBombError):
        return "Die Datei ist kein lesbares Bild (beschädigt oder in einem anderen Format). Bitte neu als JPEG speichern."
    except (OSError, SyntaxError, ValueError, RuntimeError):
        return "Das Bild ist beschädigt oder unvollständig. Bitte neu als JPEG speichern."
    expected = FORMATS[suffix]
    if found not in (expected, "MPO" if expected == "JPEG" else expected):
        return (
            f"Die Datei heißt „{suffix}“, ist aber ein {_NAMES.get(found, found)}-Bild. "
            f"Bitte die Endung passend ändern oder das Bild als {_NAMES[expected]} speichern."
        )
    if frames > 1:
        return "Animierte Bilder werden nicht veröffentlicht. Bitte ein Einzelbild als JPEG oder PNG speichern."
    if width * height > MAX_PIXELS:
        return f"Das Bild hat {width * height / 1e6:.0f} Megapixel, erlaubt sind 50. Bitte verkleinern."
    if orientation in _ROTATED:
        width, height = height, width
    return PhotoFile(path, hashlib.sha256(data).hexdigest(), width, height, has_alpha)
