"""Pagefind's filter files made deterministic (pure: bytes in, bytes and names out).

Pagefind 1.5 writes the values of each filter (`jahr`, `thema`, `typ`) in the order of
a Rust hash map, which changes from run to run: the same site gave different filter
files, and so a different page list (`pagefind.<lang>_<hash>.pf_meta`) and entry file.
The site must be byte-identical for the same sources (and the leak proof compares a
public build with one from sources without member items byte by byte), so
`hooks/newsroom_search.py` rewrites them after indexing: the values of every filter
sorted, filters sorted by name, each file named after a hash of its content, and the
entry file pointing at the new page list.

The files are gzip, then `pagefind_dcd`, then CBOR; `Cbor` below reads and writes the
part of CBOR these files use (unsigned integers, text, byte strings, arrays, maps) in
the shortest form, as Pagefind writes it.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import struct
from dataclasses import dataclass

SIGNATURE = b"pagefind_dcd"


class CborError(ValueError):
    pass


def _decode(data: bytes, at: int):
    head = data[at]
    major, info = head >> 5, head & 0x1F
    at += 1
    if info < 24:
        value = info
    elif info in (24, 25, 26, 27):
        size = 1 << (info - 24)
        value = int.from_bytes(data[at:at + size], "big")
        at += size
    else:
        raise CborError(f"unsupported CBOR item 0x{head:02x}")
    if major == 0:
        return value, at
    if major == 2:
        return bytes(data[at:at + value]), at + value
    if major == 3:
        return data[at:at + value].decode("utf-8"), at + value
    if major == 4:
        items = []
        for _ in range(value):
            item, at = _decode(data, at)
            items.append(item)
        return items, at
    if major == 5:
        pairs = {}
        for _ in range(value):
            key, at = _decode(data, at)
            pairs[key], at = _decode(data, at)
        return pairs, at
    raise CborError(f"unsupported CBOR major type {major}")


def cbor_loads(data: bytes):
    value, end = _decode(data, 0)
    if end != len(data):
        raise CborError("trailing bytes after the CBOR item")
    return value


def _head(major: int, value: int) -> bytes:
    if value < 24:
        return bytes([major << 5 | value])
    for info, fmt in ((24, ">B"), (25, ">H"), (26, ">I"), (27, ">Q")):
        if value < 1 << (8 * struct.calcsize(fmt)):
            return bytes([major << 5 | info]) + struct.pack(fmt, value)
    raise CborError("integer too large")


def cbor_dumps(value) -> bytes:
    if isinstance(value, bool) or value is None:
        raise CborError(f"unsupported value {value!r}")
    if isinstance(value, int):
        if value < 0:
            raise CborError("negative integers are not used by Pagefind's files")
        return _head(0, value)
    if isinstance(value, bytes):
        return _head(2, len(value)) + value
    if isinstance(value, str):
        encoded = value.encode("utf-8")
        return _head(3, len(encoded)) + encoded
    if isinstance(value, list):
        return _head(4, len(value)) + b"".join(cbor_dumps(item) for item in value)
    if isinstance(value, dict):
        return _head(5, len(value)) + b"".join(cbor_dumps(k) + cbor_dumps(v) for k, v in value.items())
    raise CborError(f"unsupported value {value!r}")


def unpack(data: bytes):
    raw = gzip.decompress(data)
    if not raw.startswith(SIGNATURE):
        raise CborError("not a Pagefind file (signature missing)")
    return cbor_loads(raw[len(SIGNATURE):])


def pack(value) -> bytes:
    return gzip.compress(SIGNATURE + cbor_dumps(value), compresslevel=9, mtime=0)


def _hash(data: bytes, length: int) -> str:
    return hashlib.sha256(data).hexdigest()[:length]


@dataclass(frozen=True)
class Canonical:
    """The rewritten files: paths relative to the bundle folder -> bytes."""

    remove: tuple[str, ...]  # files of Pagefind's that the new ones replace
    write: dict[str, bytes]


def canonical(entry: bytes, files: dict[str, bytes]) -> Canonical:
    """Filter files and page lists with sorted values and content-derived names.

    `entry`: `pagefind-entry.json`; `files`: every `pagefind.<lang>_*.pf_meta` and
    `filter/*.pf_filter` of the bundle, by path relative to it.
    """
    settings = json.loads(entry)
    remove: list[str] = []
    write: dict[str, bytes] = {}
    for language in settings["languages"].values():
        old_meta = f"pagefind.{language['hash']}.pf_meta"
        meta = unpack(files[old_meta])
        prefix = language["hash"].split("_")[0]  # the language code: "de"
        filters = []
        for name, old_hash in meta[3]:
            old_path = f"filter/{old_hash}.pf_filter"
            data = unpack(files[old_path])
            data[1] = sorted(data[1], key=lambda pair: pair[0])
            packed = pack(data)
            new_hash = f"{prefix}_{_hash(packed, 7)}"
            remove.append(old_path)
            write[f"filter/{new_hash}.pf_filter"] = packed
            filters.append([name, new_hash])
        meta[3] = sorted(filters)
        packed = pack(meta)
        language["hash"] = f"{prefix}_{_hash(packed, 10)}"
        remove.append(old_meta)
        write[f"pagefind.{language['hash']}.pf_meta"] = packed
    write["pagefind-entry.json"] = json.dumps(settings, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return Canonical(tuple(path for path in remove if path not in write), write)
