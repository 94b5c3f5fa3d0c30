"""The pixel size of a PNG, GIF, JPEG or WebP image, read from its header.

Pages give images their ``width`` and ``height`` so that the browser reserves their space
before they load (no layout shift); only the first bytes of a file are read.
"""

from __future__ import annotations

import os
import struct
from pathlib import Path

from digest.layout import changed_ns

HEADER_BYTES = 1 << 16  # enough for the headers of PNG, GIF and WebP, and most JPEGs
JPEG_BYTES = 1 << 20  # a JPEG's size follows its metadata (EXIF, ICC), which may be long
IMAGE_SUFFIXES = (".png", ".gif", ".jpg", ".jpeg", ".webp")

_memo: dict[tuple[str, int, int], tuple[int, int] | None] = {}
_MEMO_LIMIT = 20_000


def image_size(data: bytes) -> tuple[int, int] | None:
    """(width, height) from the start of an image file, or None if not a known or whole header."""
    if data.startswith(b"\x89PNG\r\n\x1a\n") and data[12:16] == b"IHDR" and len(data) >= 24:
        return _positive(*struct.unpack(">II", data[16:24]))
    if data[:6] in (b"GIF87a", b"GIF89a") and len(data) >= 10:
        return _positive(*struct.unpack("<HH", data[6:10]))
    if data.startswith(b"\xff\xd8"):
        return _jpeg_size(data)
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return _webp_size(data)
    return None


def _positive(width: int, height: int) -> tuple[int, int] | None:
    return (width, height) if width > 0 and height > 0 else None


# Start-of-frame markers: every SOFn but DHT (C4), JPG (C8) and DAC (CC).
_JPEG_FRAMES = frozenset(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}


def _jpeg_size(data: bytes) -> tuple[int, int] | None:
    index = 2
    while index + 9 < len(data):
        if data[index] != 0xFF:
            return None
        marker = data[index + 1]
        if marker == 0xFF:  # fill byte
            index += 1
            continue
        if marker in (0x01, *range(0xD0, 0xD8)):  # markers without a length
            index += 2
            continue
        (length,) = struct.unpack(">H", data[index + 2 : index + 4])
        if marker in _JPEG_FRAMES:
            height, width = struct.unpack(">HH", data[index + 5 : index + 9])
            return _positive(width, height)
        index += 2 + length
    return None


def _webp_size(data: bytes) -> tuple[int, int] | None:
    kind = data[12:16]
    if kind == b"VP8 " and len(data) >= 30 and data[23:26] == b"\x9d\x01\x2a":
        width, height = struct.unpack("<HH", data[26:30])
        return _positive(width & 0x3FFF, height & 0x3FFF)
    if kind == b"VP8L" and len(data) >= 25 and data[20] == 0x2F:
        bits = int.from_bytes(data[21:25], "little")
        return ((bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1)
    if kind == b"VP8X" and len(data) >= 30:
        return (int.from_bytes(data[24:27], "little") + 1, int.from_bytes(data[27:30], "little") + 1)
    return None


def file_image_size(path: Path) -> tuple[int, int] | None:
    """The size of the image file at ``path``, or None (not an image, unreadable, or missing).
    Remembered while the file stays unchanged (`layout.changed_ns` and its length)."""
    if not path.name.lower().endswith(IMAGE_SUFFIXES):
        return None
    try:
        stat = os.stat(path)
        key = (str(path), changed_ns(stat), stat.st_size)
        if key in _memo:
            return _memo[key]
        with open(path, "rb") as file:
            data = file.read(HEADER_BYTES)
            size = image_size(data)
            if size is None and data.startswith(b"\xff\xd8"):
                size = image_size(data + file.read(JPEG_BYTES - len(data)))
    except OSError:
        return None
    if len(_memo) >= _MEMO_LIMIT:
        _memo.clear()
    _memo[key] = size
    return size
