"""Content-defined chunks of large files (pure), for deltas over SFTP.

A changed large file (Material's search index holds every page's text: one new
bulletin changes it) is cut where a rolling hash of the last 32 bytes hits a pattern,
so an insertion moves only the chunks around it. The manifest keeps each large file's
chunks; the next deploy sends only the chunks the live file does not have and lets the
server copy the others from it (SFTP `copy-data`, OpenSSH 9.0 and newer).
"""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass

LARGE = 64 * 1024  # files from this size on get chunks
MIN_CHUNK = 2 * 1024
MAX_CHUNK = 64 * 1024
_MASK = (1 << 13) - 1  # about 8 KiB apart on average (beyond the minimum)
_RANDOM = random.Random(20261128)  # fixed: the same chunks on every machine and run
_GEAR = tuple(_RANDOM.getrandbits(32) for _ in range(256))


@dataclass(frozen=True)
class Chunk:
    offset: int
    length: int
    digest: str  # blake2b, 16 bytes, hex


def cut(data: bytes) -> tuple[Chunk, ...]:
    """The chunks of `data`, covering it without gaps, in order."""
    chunks, last, value, gear = [], 0, 0, _GEAR
    for index, byte in enumerate(data):
        value = ((value << 1) + gear[byte]) & 0xFFFFFFFF
        size = index + 1 - last
        if size >= MIN_CHUNK and (not value & _MASK or size >= MAX_CHUNK):
            chunks.append(_chunk(data, last, size))
            last, value = index + 1, 0
    if last < len(data):
        chunks.append(_chunk(data, last, len(data) - last))
    return tuple(chunks)


def _chunk(data: bytes, offset: int, length: int) -> Chunk:
    return Chunk(offset, length, hashlib.blake2b(data[offset:offset + length], digest_size=16).hexdigest())


@dataclass(frozen=True)
class Piece:
    """One part of the new file: copied from the old file at `source`, or sent (`source` None)."""

    offset: int
    length: int
    source: int | None


def delta(new: tuple[Chunk, ...], old: tuple[Chunk, ...]) -> tuple[Piece, ...]:
    """How to make the new file: each chunk copied from where the old file has the same
    bytes, or sent; neighbouring pieces of one kind merged."""
    where = {chunk.digest: chunk.offset for chunk in old}
    pieces: list[Piece] = []
    for chunk in new:
        source = where.get(chunk.digest)
        previous = pieces[-1] if pieces else None
        if previous and previous.source is None and source is None:
            pieces[-1] = Piece(previous.offset, previous.length + chunk.length, None)
        elif previous and previous.source is not None and source is not None and previous.source + previous.length == source:
            pieces[-1] = Piece(previous.offset, previous.length + chunk.length, previous.source)
        else:
            pieces.append(Piece(chunk.offset, chunk.length, source))
    return tuple(pieces)


def sent_bytes(pieces: tuple[Piece, ...]) -> int:
    return sum(piece.length for piece in pieces if piece.source is None)


def to_json(chunks: tuple[Chunk, ...]) -> list:
    return [[chunk.length, chunk.digest] for chunk in chunks]


def from_json(data: list) -> tuple[Chunk, ...]:
    chunks, offset = [], 0
    for length, digest in data:
        chunks.append(Chunk(offset, int(length), digest))
        offset += int(length)
    return tuple(chunks)
