"""Limits on what an import reads, shared by the command line, the fetcher and the file reader."""

from __future__ import annotations

import re

DEFAULT_TIMEOUT = 20.0  # seconds for each download as a whole: lookup, connection, redirects, body
MAX_BYTES = 20 * 1024 * 1024  # a page, feed or file larger than this is refused (--max-size)

_UNITS = {"": 1, "b": 1, "k": 1024, "kb": 1024, "m": 1024**2, "mb": 1024**2, "g": 1024**3, "gb": 1024**3}


def parse_size(text: str) -> int | None:
    """``20MB``, ``500k``, ``1.5 GB`` or a plain number of bytes -> bytes (None if not a size)."""
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([kmg]?i?b?)\s*", text, re.IGNORECASE)
    if not match:
        return None
    unit = match[2].lower().replace("i", "")
    if unit not in _UNITS:
        return None
    return int(float(match[1]) * _UNITS[unit])


def describe_size(count: int) -> str:
    """10000 -> ``10000 bytes``; 20971520 -> ``20 MB``."""
    return f"{count / 1024 / 1024:g} MB" if count >= 1024 * 1024 else f"{count} bytes"
