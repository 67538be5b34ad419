"""German-aware ASCII slugs: `Straßenbau & Ärger` -> `strassenbau-aerger`."""

from __future__ import annotations

import re
import unicodedata

_GERMAN = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "ẞ": "ss"})
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
VALID_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_DATE_PREFIX = re.compile(r"^\d{4}-\d{2}-\d{2}[-_ ]*")


def slugify(text: str) -> str:
    text = unicodedata.normalize("NFC", text).lower().translate(_GERMAN)
    # Other accents (é, č) lose their marks; what is left outside ASCII is dropped.
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return _NON_ALNUM.sub("-", text).strip("-")


def slug_from_filename(stem: str) -> str:
    """The file name without its `YYYY-MM-DD-` prefix, as a slug."""
    return slugify(_DATE_PREFIX.sub("", stem))


def date_prefix_year(stem: str) -> int | None:
    match = _DATE_PREFIX.match(stem)
    return int(stem[:4]) if match else None
