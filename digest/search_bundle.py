"""What pages give the index (``search_extract.PageText``) -> the files of a Pagefind bundle.

The files are those Pagefind writes, in its format (CBOR, gzip-compressed behind Pagefind's
``pagefind_dcd`` signature), so Pagefind's own JavaScript and WebAssembly search them:
``pagefind.<hash>.pf_meta`` (the pages, the word index's chunks, the filters and sort orders),
``index/<hash>.pf_index`` (words -> pages and positions, in chunks by alphabetical range),
``fragment/<hash>.pf_fragment`` (a page's URL, text, meta data and anchors, as JSON) and
``filter/<hash>.pf_filter``.  Names are hashes of the contents, so an unchanged file keeps its
name.  The same pages give the same bytes.
"""

from __future__ import annotations

import functools
import hashlib
import itertools
import json
import operator
import re
import struct
import unicodedata
import zlib
from collections.abc import Callable, Sequence
from typing import Any

from digest.search_extract import EMOJI, TEXT_WEIGHT, PageText, word_forms

SIGNATURE = b"pagefind_dcd"
CHUNK_SIZE = 20000  # word positions (and pages) per chunk of the word index, as Pagefind cuts them
COMPRESSION = 6
DEFAULT_WEIGHT = 25  # the weight the decoder starts from: positions of other weights follow a marker

# Languages Pagefind stems (its list), as PyStemmer names their algorithms.
STEMMED_LANGUAGES = {
    "ar": "arabic", "hy": "armenian", "eu": "basque", "ca": "catalan", "da": "danish", "nl": "dutch",
    "en": "english", "fi": "finnish", "fr": "french", "de": "german", "el": "greek", "hi": "hindi",
    "hu": "hungarian", "id": "indonesian", "ga": "irish", "it": "italian", "lt": "lithuanian", "ne": "nepali",
    "no": "norwegian", "pt": "portuguese", "ro": "romanian", "ru": "russian", "sr": "serbian", "es": "spanish",
    "sv": "swedish", "ta": "tamil", "tr": "turkish", "yi": "yiddish",
}  # fmt: skip

_NUMBER = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$")


def bundle_files(pages: Sequence[PageText], language: str, version: str) -> tuple[dict[str, bytes], str]:
    """The index files of a bundle of ``pages`` (page numbers in this order) in ``language``,
    for Pagefind ``version``: relative path -> bytes, and the name of the meta file's hash
    (for ``pagefind-entry.json``)."""
    files: dict[str, bytes] = {}
    meta_pages = []
    for page in pages:
        if not page.fragment_file:  # made once for a page (kept with it, as ``encoded`` is)
            encoded = json.dumps(page.fragment(), ensure_ascii=False, separators=(",", ":")).encode()
            page.fragment_file[:] = (encoded, _compressed(encoded))
        fragment, compressed = page.fragment_file
        name = _name(language, fragment, files, "fragment/{}.pf_fragment")
        files[f"fragment/{name}.pf_fragment"] = compressed
        meta_pages.append(_array([_text(name), _int(page.word_count)]))
    fields = meta_fields(pages)
    chunks = []
    for words in _chunks(_word_index(pages, fields, language)):
        encoded = _array([_array([word for _, word, _ in words])])
        name = _name(language, encoded, files, "index/{}.pf_index")
        files[f"index/{name}.pf_index"] = _compressed(encoded)
        chunks.append([words[0][0], words[-1][0], name])
    _shorten_bounds(chunks)
    filters = []
    for filter_name, values in sorted(_filters(pages).items()):
        packed = [_array([_text(value), _ints(numbers)]) for value, numbers in sorted(values.items())]
        encoded = _array([_text(filter_name), _array(packed)])
        name = _name(language, encoded, files, "filter/{}.pf_filter")
        files[f"filter/{name}.pf_filter"] = _compressed(encoded)
        filters.append(_array([_text(filter_name), _text(name)]))
    meta = _array([
        _text(version),
        _array(meta_pages),
        _array([_array([_text(first), _text(last), _text(name)]) for first, last, name in chunks]),
        _array(filters),
        _array([_array([_text(key), _ints(numbers)]) for key, numbers in _sorts(pages)]),
        _array([_text(field) for field in fields]),
    ])  # fmt: skip
    meta_hash = f"{language}_{hashlib.sha1(meta).hexdigest()[: len(language) + 8]}"
    files[f"pagefind.{meta_hash}.pf_meta"] = _compressed(meta)
    return files, meta_hash


def meta_fields(pages: Sequence[PageText]) -> list[str]:
    """The meta fields of a bundle, numbered in this order in every page's postings."""
    return sorted({field for page in pages for field in page.meta})


def has_postings(page: PageText, fields: list[str]) -> bool:
    """Whether the bundle can index ``page`` with ``fields``: its words are there, or the
    postings made of them with these fields (a trimmed page kept by a cache)."""
    return not page.trimmed or tuple(fields) in page.encoded


def by_language(pages: Sequence[PageText]) -> dict[str, list[PageText]]:
    """Pages in the bundles of their languages, as Pagefind makes them: a page without words is
    left out, and pages of no known language join the language most pages are in."""
    groups: dict[str, list[PageText]] = {}
    for page in pages:
        if page.words or page.trimmed:  # a trimmed page was bundled: it has words
            groups.setdefault(page.language, []).append(page)
    unknown = groups.pop("unknown", [])
    if groups and unknown:
        primary = min(groups, key=lambda language: (-len(groups[language]), language))
        groups[primary] += unknown
    elif unknown:
        groups["unknown"] = unknown
    return groups


def _word_index(pages: Sequence[PageText], fields: list[str], language: str) -> list[tuple[str, bytes, int]]:
    """Every stem, sorted: ``(stem, its entry, its size)``.  The entry is ``[stem, pages,
    variants]``; ``pages`` are ``[page, positions, meta positions]`` (the page number as the
    difference from the one before); a word with diacritics is indexed under the stem of its
    plain form, its pages under ``variants`` as ``[word, pages]``, so that a search for the word
    as written ranks it first."""
    index: dict[str, dict[str | None, list[tuple[int, bytes, int]]]] = {}
    for number, page in enumerate(pages):
        key_of = _keys(page.language)  # its words as they were read: a page of no known language is not stemmed
        for (key, variant), (encoded, size) in _page_postings(page, fields, key_of).items():
            index.setdefault(key, {}).setdefault(variant, []).append((number, encoded, size))
    words = []
    for key in sorted(index):
        by_variant = index[key]
        entries, size = _pages_of(by_variant.get(None, []))
        variants = []
        for variant in sorted(v for v in by_variant if v is not None):
            variant_entries, variant_size = _pages_of(by_variant[variant])
            variants.append(_array([_text(variant), variant_entries]))
            size += variant_size
        words.append((key, _array([_text(key), entries, _array(variants)]), size))
    return words


def _page_postings(
    page: PageText, fields: list[str], key_of: Callable[[str], tuple[str, str | None]]
) -> dict[tuple[str, str | None], tuple[bytes, int]]:
    """A page's ``[positions, meta positions]`` by (stem, variant), encoded, with their size;
    the forms of one stem ("elected", "election") merge.  Kept on the page (``encoded``)."""
    known = page.encoded.get(tuple(fields))
    if known is not None:
        return known
    if page.trimmed:  # its words are not kept: the caller reads the page again (``has_postings``)
        raise ValueError(f"search index: {page.url} was kept without its words")
    places: dict[tuple[str, str | None], list[int]] = {}
    for word, word_places in page.words.items():
        found = key_of(word)
        if found in places:
            places[found] = sorted(places[found] + word_places, key=_position)
        else:
            places[found] = word_places
    meta_places: dict[tuple[str, str | None], dict[int, list[int]]] = {}
    for field_number, field in enumerate(fields):
        value = page.meta.get(field)
        for word, positions in _meta_words(value).items() if value else ():
            meta_places.setdefault(key_of(word), {}).setdefault(field_number, []).extend(positions)
    postings = {}
    for found, word_places in places.items():
        if len(word_places) == 1 and word_places[0] & 255 == TEXT_WEIGHT and word_places[0] >> 8 < _SMALL_LIMIT:
            locations, count = _ONE_PLACE[word_places[0] >> 8], 2  # the most common case, made once
        else:
            locations, count = _locations(word_places)
        if found in meta_places:
            meta_locations, meta_count = _meta_locations(meta_places.pop(found))
            postings[found] = (locations + meta_locations, count + meta_count + 1)
        else:
            postings[found] = (locations + _EMPTY, count + 1)
    for found, by_field in meta_places.items():
        meta_locations, meta_count = _meta_locations(by_field)
        postings[found] = (_EMPTY + meta_locations, meta_count + 1)
    page.encoded.clear()
    page.encoded[tuple(fields)] = postings
    return postings


def _pages_of(entries: list[tuple[int, bytes, int]]) -> tuple[bytes, int]:
    """``[[page, positions, meta positions], ...]``, each page as the difference from the one
    before, and their size."""
    previous = 0
    encoded = []
    size = 0
    for number, postings, posting_size in entries:
        encoded.append(_ARRAY3 + _int(number - previous) + postings)
        previous = number
        size += posting_size
    return _array(encoded), size


def _meta_words(value: str) -> dict[str, list[int]]:
    """The words of a meta value (the title, say) by their positions in it."""
    places: dict[str, list[int]] = {}
    for position, word in enumerate(value.split()):
        for form, _ in word_forms(word):
            places.setdefault(form, []).append(position)
    return places


def _locations(places: list[int]) -> tuple[bytes, int]:
    """Positions by weight, lightest first, each run of one weight after the marker
    ``-weight - 1`` and given as differences from the position before it in the run; encoded,
    and how many numbers."""
    runs: dict[int, list[int]] = {}
    for place in places:
        run = runs.get(place & 255)
        if run is None:
            runs[place & 255] = [place >> 8]
        else:
            run.append(place >> 8)
    encoded: list[bytes] = []
    for weight in sorted(runs, key=_weight_order):
        if weight != DEFAULT_WEIGHT or encoded:
            encoded.append(_int(-weight - 1))
        positions = runs[weight]
        deltas = _deltas(positions)
        encoded += map(_SMALL.__getitem__, deltas) if max(deltas) < _SMALL_LIMIT else map(_int, deltas)
    return _header(0x80, len(encoded)) + b"".join(encoded), len(encoded)


def _meta_locations(by_field: dict[int, list[int]]) -> tuple[bytes, int]:
    numbers: list[int] = []
    for field_number, positions in sorted(by_field.items()):
        numbers += [-field_number - 1, *_deltas(sorted(positions))]
    return _ints(numbers), len(numbers)


def _position(place: int) -> int:
    return place >> 8


def _weight_order(weight: int) -> int:
    return 0 if weight == DEFAULT_WEIGHT else weight


def _deltas(places: list[int]) -> list[int]:
    """Each number as its difference from the one before (the first from 0)."""
    return list(map(operator.sub, places, [0, *places]))


def _keys(language: str) -> Callable[[str], tuple[str, str | None]]:
    """word -> (its key in the index: the stem of its plain form; the word itself when it has
    diacritics, else None)."""
    return _key_function(STEMMED_LANGUAGES.get(language.split("-")[0]))


@functools.cache
def _key_function(algorithm: str | None) -> Callable[[str], tuple[str, str | None]]:
    stem: Callable[[str], str] = _same
    if algorithm is not None:
        import Stemmer

        stem = Stemmer.Stemmer(algorithm, 0).stemWord

    @functools.lru_cache(maxsize=262144)
    def key(word: str) -> tuple[str, str | None]:
        if word.startswith(EMOJI):
            return stem(word[1:]), None
        plain = _plain(word)
        return stem(plain), (None if plain == word else word)

    return key


def _same(word: str) -> str:
    return word


def _plain(word: str) -> str:
    """The word without diacritics (decomposed, combining marks left out), as Pagefind folds it."""
    if word.isascii():
        return word
    return "".join(c for c in unicodedata.normalize("NFD", word) if unicodedata.category(c) not in _MARKS)


_MARKS = frozenset(("Mn", "Mc", "Me"))


# CBOR (RFC 8949), the little of it the index uses: integers, text and arrays.


def _header(major: int, value: int) -> bytes:
    if value < 24:
        return bytes((major | value,))
    if value < 0x100:
        return bytes((major | 24, value))
    if value < 0x10000:
        return bytes((major | 25,)) + value.to_bytes(2, "big")
    if value < 0x100000000:
        return bytes((major | 26,)) + value.to_bytes(4, "big")
    return bytes((major | 27,)) + value.to_bytes(8, "big")


_SMALL_LIMIT = 4096
_SMALL = [_header(0, value) for value in range(_SMALL_LIMIT)]
_ARRAY2 = _header(0x80, 2)
_ONE_PLACE = [_ARRAY2 + _header(0x20, TEXT_WEIGHT) + _SMALL[position] for position in range(_SMALL_LIMIT)]
_ARRAY3 = _header(0x80, 3)
_EMPTY = _header(0x80, 0)


def _int(value: int) -> bytes:
    if 0 <= value < _SMALL_LIMIT:
        return _SMALL[value]
    return _header(0, value) if value >= 0 else _header(0x20, -1 - value)


def _ints(values: list[int]) -> bytes:
    return _header(0x80, len(values)) + b"".join(_int(value) for value in values)


def _text(value: str) -> bytes:
    encoded = value.encode()
    return _header(0x60, len(encoded)) + encoded


def _array(items: list[bytes]) -> bytes:
    return _header(0x80, len(items)) + b"".join(items)


def _chunks(words: list[tuple[str, bytes, int]]) -> list[list[tuple[str, bytes, int]]]:
    """The word index cut where a chunk reaches ``CHUNK_SIZE`` positions and pages."""
    chunks: list[list[tuple[str, bytes, int]]] = []
    chunk: list[tuple[str, bytes, int]] = []
    size = 0
    for word in words:
        size += word[2]
        chunk.append(word)
        if size >= CHUNK_SIZE:
            chunks.append(chunk)
            chunk, size = [], 0
    if chunk:
        chunks.append(chunk)
    return chunks


def _shorten_bounds(chunks: list[list[str]]) -> None:
    """Between two chunks, the shortest prefixes that still tell them apart (Pagefind's)."""
    for before, after in itertools.pairwise(chunks):
        last, first = before[1], after[0]
        common = 0
        for a, b in zip(first, last, strict=False):
            if a != b:
                break
            common += 1
        before[1], after[0] = last[: common + 1], first[: common + 1]


def _filters(pages: Sequence[PageText]) -> dict[str, dict[str, list[int]]]:
    filters: dict[str, dict[str, list[int]]] = {}
    for number, page in enumerate(pages):
        for name, values in page.filters.items():
            for value in values:
                filters.setdefault(name, {}).setdefault(value, []).append(number)
    return filters


def _sorts(pages: Sequence[PageText]) -> list[list[Any]]:
    """For each sort key, the page numbers in its order (numbers when every value is one)."""
    sorts = []
    for key in sorted({key for page in pages for key in page.sort}):
        values = [(page.sort[key], number) for number, page in enumerate(pages) if key in page.sort]
        if all(_NUMBER.match(value) for value, _ in values):
            values.sort(key=lambda item: float(item[0]))
        else:
            values.sort(key=lambda item: item[0])
        sorts.append([key, [number for _, number in values]])
    return sorts


def _name(language: str, encoded: bytes, files: dict[str, bytes], pattern: str) -> str:
    """``<language>_<hash>``: seven hex digits of the contents' hash, more where two differ."""
    digest = hashlib.sha1(encoded).hexdigest()
    length = 7
    while True:
        name = f"{language}_{digest[:length]}"
        path = pattern.format(name)
        if path not in files or length >= len(digest) or _decompressed(files[path]) == encoded:
            return name
        length += 1


def _compressed(data: bytes) -> bytes:
    """Gzip of the signature and ``data``, with a header that is the same on every system."""
    payload = SIGNATURE + data
    compressor = zlib.compressobj(COMPRESSION, zlib.DEFLATED, -15)
    body = compressor.compress(payload) + compressor.flush()
    header = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff"
    return header + body + struct.pack("<II", zlib.crc32(payload), len(payload) & 0xFFFFFFFF)


def _decompressed(data: bytes) -> bytes:
    return zlib.decompress(data, 31)[len(SIGNATURE) :]
