"""Limits on what an import reads, shared by the command line, the fetcher and the file reader."""

from __future__ import annotations

import gzip
import io
import re
import zlib

from digest.importer.record import SourceFailed

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


GZIP_MAGIC = b"\x1f\x8b"


def unpacked(data: bytes, max_bytes: int) -> bytes:
    """``data``, or when it is gzipped (a page saved as ``.html.gz``, a server's compressed
    answer) its content, read no further than ``max_bytes``: a small file that unpacks to
    gigabytes is refused."""
    if not data.startswith(GZIP_MAGIC):
        return data
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as unpacking:
            content = unpacking.read(max_bytes + 1)
    except (OSError, EOFError, zlib.error) as error:
        raise SourceFailed(f"cannot read: damaged gzip data ({error})") from None
    if len(content) > max_bytes:
        raise SourceFailed(f"cannot read: unpacks to more than the {describe_size(max_bytes)} limit (--max-size)")
    return content


# What the build accepts of one article (``limits:`` in digest.yaml, where the site's
# configuration has them): an import never writes a file the build would refuse.
FILE_SIZE = 5_000_000
HEADINGS_PER_FILE = 2_000
LINKS_PER_FILE = 10_000


def over_build_limits(text: str, limits: object | None) -> str | None:
    """Why the build would refuse an article file of ``text``, or None."""
    file_size = int(getattr(limits, "file_size", FILE_SIZE))
    headings = int(getattr(limits, "headings_per_file", HEADINGS_PER_FILE))
    links = int(getattr(limits, "links_per_file", LINKS_PER_FILE))
    size = len(text.encode("utf-8"))
    if size > file_size:
        return f"the article would be {describe_size(size)}, over the {describe_size(file_size)} a site file may be"
    heading_count = len(re.findall(r"(?m)^#{1,6} ", text))
    if heading_count > headings:
        return f"the article would have {heading_count:,} headings; the site allows {headings:,}"
    link_count = text.count("](")
    if link_count > links:
        return f"the article would have {link_count:,} links; the site allows {links:,}"
    return None
