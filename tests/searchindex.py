"""Reading the built site's search index (Pagefind) in tests, without the site's code.

Each indexed page has one fragment file, `pagefind/fragment/<hash>.pf_fragment`, or
`pagefind/<year>/fragment/…` for the index part of its year: gzip, then the signature
`pagefind_dcd`, then JSON (url, title in meta, content, filters). Index chunks and
filter files are CBOR after the same signature.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

SIGNATURE = b"pagefind_dcd"


def decompress(data: bytes) -> bytes:
    raw = gzip.decompress(data)
    assert raw.startswith(SIGNATURE), raw[:20]
    return raw[len(SIGNATURE):]


def indexed_pages(site: Path) -> list[dict]:
    """Every page the index can find, as Pagefind stored it, sorted by URL."""
    fragments = [*(site / "pagefind").glob("fragment/*.pf_fragment"), *(site / "pagefind").glob("*/fragment/*.pf_fragment")]
    pages = [json.loads(decompress(path.read_bytes())) for path in fragments]
    return sorted(pages, key=lambda page: page["url"])


def locations(site: Path) -> list[str]:
    """The indexed pages' paths, like MkDocs' search index had them: `aktuelles/2024/x/`."""
    return [page["url"].lstrip("/") for page in indexed_pages(site)]
