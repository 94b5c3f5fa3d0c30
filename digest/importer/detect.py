"""Decode a source's bytes and tell what kind of source it is, from its content alone.

Decoding tries, in order: a byte-order mark, strict UTF-8, the charset the document or the
server declares, then charset-normalizer's detection for legacy encodings (Windows-1254,
Latin-1, ...).  The file name's extension is never consulted.  Line endings become ``\\n``.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from typing import Literal

import charset_normalizer

from digest.importer.record import SourceFailed

Kind = Literal["feed", "html", "text"]

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_DECLARED = re.compile(rb"""(?:<meta[^>]+charset\s*=\s*["']?|<\?xml[^>]+encoding\s*=\s*["'])([\w.:-]+)""", re.I)
_FEED_ROOT = re.compile(r"<(?:rss|feed|rdf:rdf)[\s>]", re.IGNORECASE)
_HTML_TAG = re.compile(r"<(?:!doctype html|html|head|body|article|main|div|p|h1|title|meta)[\s>/]", re.IGNORECASE)
_PROLOG = re.compile(r"(?:\s|<\?[^>]*\?>|<!--.*?-->|<!doctype[^>]*>)*", re.IGNORECASE | re.DOTALL)
# As browsers do (WHATWG Encoding): these labels mean the Windows superset in practice.
_SUPERSETS = {"iso-8859-1": "cp1252", "latin-1": "cp1252", "latin1": "cp1252", "us-ascii": "cp1252",
              "ascii": "cp1252", "iso-8859-9": "cp1254", "latin5": "cp1254"}  # fmt: skip
_CONTROL_LIMIT = 0.01  # a text with more control characters than this is binary


def decode_bytes(data: bytes, declared: str | None = None) -> str:
    """Bytes -> text with ``\\n`` line endings; SourceFailed for empty or binary input."""
    if not data.strip():
        raise SourceFailed("empty file")
    text = _decode_with_bom(data)
    if text is None:
        if b"\x00" in data:
            raise SourceFailed("binary file, not text")
        text = _decode_without_bom(data, declared)
    if not text.strip():
        raise SourceFailed("empty file")
    if _control_share(text) > _CONTROL_LIMIT:
        raise SourceFailed("binary file, not text")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def sniff_kind(text: str) -> Kind:
    """``feed`` for RSS/Atom, ``html`` for a web page, else ``text``."""
    head = text[:8192]
    start = _PROLOG.match(head)
    rest = head[start.end() if start else 0 :]
    if _FEED_ROOT.match(rest):
        return "feed"
    if rest.startswith("<") and _HTML_TAG.search(rest):
        return "html"
    if re.search(r"<!doctype html|<html[\s>]", head[:2048], re.IGNORECASE):
        return "html"
    return "text"


def _decode_with_bom(data: bytes) -> str | None:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(encoding)
            except UnicodeDecodeError:
                raise SourceFailed(f"not valid {encoding.upper()} text despite its byte-order mark") from None
    return None


def _decode_without_bom(data: bytes, declared: str | None) -> str:
    for encoding in ("utf-8", _superset(declared), _superset(_declared_in(data))):
        if encoding:
            try:
                return data.decode(encoding)
            except (UnicodeDecodeError, LookupError):
                continue
    best = charset_normalizer.from_bytes(data).best()
    if best is None:
        raise SourceFailed("binary file, not text")
    return str(best)


def _declared_in(data: bytes) -> str | None:
    match = _DECLARED.search(data[:4096])
    return match[1].decode("ascii") if match else None


def _superset(encoding: str | None) -> str | None:
    return _SUPERSETS.get(encoding.lower(), encoding) if encoding else None


def _control_share(text: str) -> float:
    sample = text[:20000]
    controls = sum(1 for char in sample if unicodedata.category(char) == "Cc" and char not in "\t\n\r\f")
    return controls / max(1, len(sample))
