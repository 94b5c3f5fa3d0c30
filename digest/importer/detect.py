"""Decode a source's bytes and tell what kind of source it is, from its content alone.

Decoding tries, in order: a byte-order mark, strict UTF-8, the charset the document or the
server declares, then charset-normalizer's detection for legacy encodings (Windows-1254,
Latin-1, ...).  The file name's extension is never consulted.  Line endings become ``\\n``.
"""

from __future__ import annotations

import codecs
import json
import re
import tomllib
import unicodedata
from typing import Literal

import charset_normalizer

from digest.errors import ContentError
from digest.frontmatter import FRONT_MATTER, parse_yaml_mapping
from digest.importer.record import SourceFailed

Kind = Literal["feed", "html", "json", "markdown", "mhtml", "page_markdown", "text"]

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
# The XML declaration, comments and a doctype (with its internal subset, whose entity
# declarations hold ``>`` of their own) before a document's root.
_PROLOG = re.compile(r"(?:\s|<\?[^>]*\?>|<!--.*?-->|<!doctype[^>\[]*(?:\[.*?\]\s*)?>)*", re.IGNORECASE | re.DOTALL)
# As browsers do (WHATWG Encoding): these labels mean the Windows superset in practice.
_SUPERSETS = {"iso-8859-1": "cp1252", "latin-1": "cp1252", "latin1": "cp1252", "us-ascii": "cp1252",
              "ascii": "cp1252", "iso-8859-9": "cp1254", "latin5": "cp1254"}  # fmt: skip
_CONTROL_LIMIT = 0.01
_WEB_ENCODINGS = (
    "cp1250", "cp1251", "cp1252", "cp1253", "cp1254", "cp1255", "cp1256", "cp1257", "cp1258", "latin_1",
    "iso8859_2", "iso8859_5", "iso8859_7", "iso8859_9", "iso8859_13", "iso8859_15", "koi8_r", "koi8_u",
    "mac_roman", "shift_jis", "euc_jp", "gb18030", "big5", "euc_kr",
)  # fmt: skip
_MULTI_BYTE = ("shift_jis", "euc_jp", "gb18030", "big5", "euc_kr")
_COMMON_LEGACY = ("cp1252", "cp1254", "cp1250", "cp1251")  # also tried when a single-byte page is likely
_SIGNS = "\u00a0“”‘’„‚–—…«»‹›€£¥¢°©®™·•×÷§¶±²³¹½¼¾ªº¡¿"
_WESTERN = "àáâãäåæçèéêëìíîïñòóôõöøùúûüýÿßÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÑÒÓÔÕÖØÙÚÛÜÝœŒšŠžŽŸ"
_TURKISH = "çğıöşüâîûÇĞİÖŞÜÂÎÛ"
_CENTRAL = "ąćęłńóśźżĄĆĘŁŃÓŚŹŻčďěňřšťůžČĎĚŇŘŠŤŮŽáéíóúýÁÉÍÓÚÝőűŐŰäöüÄÖÜßôÔĺľŕĹĽŔăâîșțĂÂÎȘȚşţŞŢ"
_CYRILLIC = "".join(chr(code) for code in range(0x400, 0x460))
_GREEK = "".join(chr(code) for code in range(0x370, 0x400))
# Arabic letters (Persian and Urdu ones too), the joiners and direction marks their text holds,
# and the French letters windows-1256 has beside them; Hebrew letters and points, and the shekel.
_ARABIC = "".join(chr(code) for code in range(0x600, 0x700)) + "\u200c\u200d\u200e\u200fàâçèéêëîïôùûüœŒ"
_HEBREW = "".join(chr(code) for code in range(0x590, 0x600)) + "\u200e\u200f₪"
_EXPECTED = {
    "cp1252": _WESTERN, "latin_1": _WESTERN, "iso8859_15": _WESTERN,
    "cp1254": _TURKISH, "iso8859_9": _TURKISH,
    "cp1250": _CENTRAL, "iso8859_2": _CENTRAL,
    "cp1251": _CYRILLIC, "iso8859_5": _CYRILLIC, "koi8_r": _CYRILLIC, "koi8_u": _CYRILLIC,
    "cp1253": _GREEK, "iso8859_7": _GREEK,
    "cp1256": _ARABIC, "cp1255": _HEBREW,
}  # fmt: skip  # a text with more control characters than this is binary


def decode_bytes(data: bytes, declared: str | None = None) -> str:
    """Bytes -> text with ``\\n`` line endings; SourceFailed for empty or binary input."""
    if not data.strip():
        raise SourceFailed("empty file")
    if kind := _binary_kind(data):
        raise SourceFailed(f"binary file, not text: {kind}")
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


# What a binary file is, by its first bytes: what a user may take for an article.
_BINARY_KINDS = (
    (b"%PDF-", "a PDF document (import the article's web page, or its text, instead)"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"PK\x03\x04", "a ZIP archive (a Word or OpenDocument file is one: save its text, or the web page, instead)"),
    (b"\xd0\xcf\x11\xe0", "an old Word or Office document (save its text instead)"),
)


def _binary_kind(data: bytes) -> str | None:
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "a WebP image"
    return next((kind for magic, kind in _BINARY_KINDS if data.startswith(magic)), None)


def sniff_kind(text: str) -> Kind:
    """``feed`` for RSS/Atom, ``html`` for a web page, ``json`` for a JSON document (data, or a
    JSON Feed: no article's text), ``markdown`` for Markdown with front matter (a Hugo or
    Jekyll post, no scrape; or a web clipper's note, ``markdown_page.clipped_page``), ``page_markdown`` for a page scraped as Markdown (a reader
    service's, or a converter's: ``markdown_page``), ``mhtml`` for a page saved as one file
    (``archive``), else ``text``."""
    if text.lstrip()[:1] in ("{", "[") and _is_json(text):
        return "json"
    if _has_front_matter(text):
        return "markdown"
    head = text[:8192]
    if _MHTML.match(head) and "multipart/related" in head[:4096].lower():
        return "mhtml"
    start = _PROLOG.match(head)
    rest = head[start.end() if start else 0 :]
    if _FEED_ROOT.match(rest):
        return "feed"
    if rest.startswith("<") and _HTML_TAG.search(rest):
        return "html"
    if re.search(r"<!doctype html|<html[\s>]", head[:2048], re.IGNORECASE):
        return "html"
    if _is_markdown_page(text):
        return "page_markdown"
    return "text"


# A MIME message's headers, as browsers save a page ("From: <Saved by Blink>", then MIME-Version).
_MHTML = re.compile(r"\A(?:[\w-]+:[^\n]*\n(?:[ \t][^\n]*\n)*){0,12}?MIME-Version:\s*1\.0", re.IGNORECASE)
READER_CONTENT_MARK = "Markdown Content:"  # ends a reader service's header (Jina Reader's)
_MARKDOWN_HEADING = re.compile(r"^#{1,3} \S.{8,}$", re.MULTILINE)
_MARKDOWN_LINK = re.compile(r"!?\[[^\]\n]*\]\((?:https?://|/)[^)\s]+(?:\s+\"[^\"\n]*\")?\)")


def _is_markdown_page(text: str) -> bool:
    """A reader service's Markdown (its header), or Markdown with a heading and two links or
    images, as converters write a page; a plain-text scrape has neither."""
    head = text.lstrip()[:6000]
    if head.startswith("Title:") and f"\n{READER_CONTENT_MARK}" in head:
        return True
    return bool(_MARKDOWN_HEADING.search(head)) and len(_MARKDOWN_LINK.findall(head)) >= 2


def _has_front_matter(text: str) -> bool:
    """Whether the text opens with a front matter block: YAML keys between ``---`` lines, or
    Hugo's TOML between ``+++`` lines."""
    if match := _TOML_FRONT_MATTER.match(text):
        try:
            return bool(tomllib.loads(match[1]))
        except tomllib.TOMLDecodeError:
            return False
    match = FRONT_MATTER.match(text)
    if match is None or not match[1]:
        return False
    try:
        return bool(parse_yaml_mapping(match[1], "")[0])
    except ContentError:
        return False


_TOML_FRONT_MATTER = re.compile(r"\A\ufeff?\+\+\+[ \t]*\n(.*?\n)\+\+\+[ \t]*(?:\n|\Z)", re.DOTALL)


def _is_json(text: str) -> bool:
    try:
        json.loads(text)
    except (ValueError, RecursionError):
        return False
    return True


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
    return _decode_legacy(data)


def _decode_legacy(data: bytes) -> str:
    """charset-normalizer's candidates, re-ranked by how well each explains the non-ASCII letters.

    On short texts its own ranking can pick a DOS or Baltic code page for French; a decoding
    whose every non-ASCII character is a letter or sign of the code page's own languages wins.
    """
    results = charset_normalizer.from_bytes(data, cp_isolation=list(_WEB_ENCODINGS))
    if not results:
        raise SourceFailed("binary file, not text")
    candidates = {match.encoding: (str(match), match.coherence, match.chaos) for match in results}
    single_byte = any(encoding not in _MULTI_BYTE for encoding in candidates)
    for encoding in _COMMON_LEGACY if single_byte else ():
        if encoding not in candidates:
            try:
                candidates[encoding] = (data.decode(encoding), 0.0, 1.0)
            except UnicodeDecodeError:
                continue
    ranked = sorted(candidates.items(), key=lambda item: _rank(item[0], *item[1]), reverse=True)
    return ranked[0][1][0]


def _rank(encoding: str, text: str, coherence: float, chaos: float) -> tuple[float, float, float]:
    return (round(_plausibility(text, encoding), 2), coherence, -chaos)


def _plausibility(text: str, encoding: str) -> float:
    """The share of non-ASCII characters that the encoding's languages actually use."""
    others = [char for char in text if ord(char) > 127]
    if not others:
        return 1.0
    expected = _EXPECTED.get(encoding)
    if expected is None:  # no table: letters count, at a discount
        return 0.9 * sum(char.isalpha() or char in _SIGNS for char in others) / len(others)
    return sum(char in expected or char in _SIGNS for char in others) / len(others)


def _declared_in(data: bytes) -> str | None:
    match = _DECLARED.search(data[:4096])
    return match[1].decode("ascii") if match else None


def _superset(encoding: str | None) -> str | None:
    return _SUPERSETS.get(encoding.lower(), encoding) if encoding else None


def _control_share(text: str) -> float:
    sample = text[:20000]
    controls = sum(1 for char in sample if unicodedata.category(char) == "Cc" and char not in "\t\n\r\f")
    return controls / max(1, len(sample))
