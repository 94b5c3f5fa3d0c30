"""What ``content/articles`` already holds, to skip duplicates and find earlier imports.

An article is a duplicate of an existing file when they share the source URL (normalised:
scheme, ``www.``, trailing slash, fragment and tracking parameters such as ``utm_*`` do not
count), the normalised text of the body (also the text as first imported, so an edited file
is still recognised), or the imported-from source and title.

Reading every article costs about a third of a millisecond, too slow to repeat for each
import into an archive of 100,000, so what was read is kept in
``.digest-cache/import-index.json`` and reused for files whose size and mtime are unchanged.
A missing, damaged or foreign cache is ignored; it is never needed to be right.
"""

from __future__ import annotations

import contextlib
import json
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import yaml

from digest import __version__
from digest.cache import CACHE_DIR
from digest.errors import ContentError
from digest.frontmatter import FRONT_MATTER, parse_document
from digest.importer.record import ImportedArticle
from digest.importer.writer import (
    article_filename,
    article_slug,
    as_written,
    hash_loaded,
    text_fingerprint,
    write_text_atomic,
)
from digest.layout import RACY_NS
from digest.model import DATE_PREFIX, file_stem, published_slug
from digest.urls import normalise_url

_SAFE_LOADER: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's, when PyYAML has it
_CACHE_FORMAT = 4  # 2: entries keep imported.raw; 3: their day, their slug as the build makes it; 4: URL paths
# percent-encoded one way


INDEX_CACHE = Path(CACHE_DIR) / "import-index.json"  # what the last import read of content/articles/


@dataclass(frozen=True)
class Existing:
    """One article file already in ``content/articles``: what duplicates are recognised by."""

    path: Path
    slug: str
    url: str | None = None  # normalised source URL
    origin: str | None = None  # imported.from
    title: str | None = None
    fingerprints: frozenset[str] = frozenset()
    imported: bool = False  # written by ``digest import``
    raw: str | None = None  # imported.raw: a hash of the file or page it was read from
    day: str | None = None  # its date's day (YYYY-MM-DD), unless the date was inferred

    @property
    def name(self) -> str:
        return self.path.name


@dataclass(frozen=True)
class EditState:
    hash: str  # of the file's fields and body as they are now
    edited: bool  # changed since it was imported


@dataclass(frozen=True)
class Match:
    existing: Existing
    reason: str  # "same source URL", "same text", "same source and title"


def load_edit_state(path: Path) -> EditState:
    """Whether an imported file was edited since: its hash against the one written with it."""
    document = parse_document(path.read_text(encoding="utf-8"), path)
    current = hash_loaded(document.meta, document.body)
    imported = document.meta.get("imported")
    written = imported.get("hash") if isinstance(imported, dict) else None
    return EditState(current, written is not None and written != current)


@dataclass
class ContentIndex:
    """The articles on disk, plus those written (or planned, in a dry run) during this import.

    Articles are looked up by what duplicates are recognised by, not by reading every entry
    for each article imported (an import of hundreds into an archive of 100,000 read the
    archive once per article): ``add`` and ``remove`` keep the lookup as ``entries`` change."""

    folder: Path
    entries: dict[Path, Existing] = field(default_factory=dict)
    stamps: dict[Path, tuple[int, int]] = field(default_factory=dict)  # path -> (mtime_ns, size) when read
    # What duplicates are recognised by ("url", "text", ...) -> each value -> the entries'
    # paths that have it; made at the first look-up.
    _by: dict[str, dict[object, list[Path]]] | None = field(default=None, init=False, repr=False)
    _rank: dict[Path, int] = field(default_factory=dict, init=False, repr=False)  # the entries' order
    _ranked: int = field(default=0, init=False, repr=False)

    unread: list[ContentError] = field(default_factory=list)  # files whose duplicates cannot be found

    def find(self, article: ImportedArticle, by_url: bool = True) -> Match | None:
        """The existing article this one duplicates, and why; None for a new article
        (``by_url``: whether its source URL tells it apart)."""
        url = normalise_url(article.source_url) if article.source_url and by_url else None
        if url is not None and (found := self._first("url", url)) is not None:
            return Match(found, "same source URL")
        fingerprint = text_fingerprint(article.body)
        if fingerprint is not None and (found := self._first("text", fingerprint)) is not None:
            return Match(found, "same text")
        # A column that keeps its title ("Letters to the Editor") from one file is another
        # article on another day.
        day = _day(article)
        for entry in self._all("title", (as_written(article.origin), article.title)):
            if entry.day == day if entry.day and day else _alike(entry.path, article.body):
                return Match(entry, "same source and title")
        return None

    def read_from(self, raw: str) -> Existing | None:
        """The article imported from a file or page of these very bytes (``raw_hash``), if any."""
        return self._first("raw", raw)

    def new_path(self, article: ImportedArticle) -> Path:
        """A file name whose slug no other article uses (``-2``, ``-3`` ... when taken)."""
        base = article_slug(article)
        suffix = 1
        while True:
            slug = base if suffix == 1 else f"{base}-{suffix}"
            path = self.folder / article_filename(article, suffix)
            if self._first("slug", slug) is None and not path.exists():
                return path
            suffix += 1

    def add(self, path: Path, article: ImportedArticle) -> None:
        """Remember an article written (or planned) during this import."""
        fingerprint = text_fingerprint(article.body)
        self._forget(path)
        self.entries[path] = entry = Existing(
            path=path,
            slug=DATE_PREFIX.sub("", path.stem),
            url=normalise_url(article.source_url) if article.source_url else None,
            origin=as_written(article.origin),
            title=article.title,
            fingerprints=frozenset({fingerprint} if fingerprint else set()),
            imported=True,
            raw=article.raw,
            day=_day(article),
        )
        self._note(path, entry)
        self.stamps.pop(path, None)  # read again next time

    def remove(self, path: Path) -> None:
        """Forget an article (moved to another name during this import)."""
        self._forget(path)
        self.entries.pop(path, None)
        self._rank.pop(path, None)

    def _all(self, kind: str, value: object) -> list[Existing]:
        """The entries whose ``kind`` is ``value``, in the order of ``entries``."""
        if self._by is None:
            self._by = {}
            for path, entry in self.entries.items():
                self._note(path, entry)
        paths = self._by.get(kind, {}).get(value)
        return [self.entries[path] for path in sorted(paths, key=self._rank.__getitem__)] if paths else []

    def _first(self, kind: str, value: object) -> Existing | None:
        found = self._all(kind, value)
        return found[0] if found else None

    def _note(self, path: Path, entry: Existing) -> None:
        if self._by is None:  # (made from the entries at the first look-up)
            return
        if path not in self._rank:
            self._rank[path], self._ranked = self._ranked, self._ranked + 1
        for kind, value in _keys_of(entry):
            self._by.setdefault(kind, {}).setdefault(value, []).append(path)

    def _forget(self, path: Path) -> None:
        entry = self.entries.get(path)
        if entry is None or self._by is None:
            return
        for kind, value in _keys_of(entry):
            paths = self._by.get(kind, {}).get(value, [])
            if path in paths:
                paths.remove(path)


def _keys_of(entry: Existing) -> list[tuple[str, object]]:
    """What duplicates are recognised by, of ``entry``."""
    keys: list[tuple[str, object]] = [("slug", entry.slug), ("title", (entry.origin, entry.title))]
    keys += [(kind, value) for kind, value in (("url", entry.url), ("raw", entry.raw)) if value is not None]
    return keys + [("text", fingerprint) for fingerprint in entry.fingerprints]


def load_index(folder: Path, cache_file: Path | None = None) -> ContentIndex:
    """Every ``*.md`` under ``folder`` (unreadable files skipped), reusing the cache where it is current."""
    cached = _load_cache(cache_file, folder)
    index = ContentIndex(folder)
    for path in sorted(folder.rglob("*.md")) if folder.is_dir() else []:
        try:
            status = path.stat()
        except OSError:
            continue
        stamp = (status.st_mtime_ns, status.st_size)
        entry = cached[path][1] if path in cached and cached[path][0] == stamp else _load_entry(path, folder)
        if isinstance(entry, ContentError):
            index.unread.append(entry)
        elif entry is not None:
            index.entries[path] = entry
            index.stamps[path] = stamp
    return index


def save_index(index: ContentIndex, cache_file: Path) -> None:
    """Keep what was read for the next import (files changed within the last seconds excepted)."""
    now = time.time_ns()
    files = {
        path.relative_to(index.folder).as_posix(): {"stamp": list(stamp), **_entry_json(index.entries[path])}
        for path, stamp in index.stamps.items()
        if path in index.entries and stamp[0] < now - RACY_NS
    }
    payload = {"format": _CACHE_FORMAT, "version": __version__, "folder": str(index.folder.resolve()), "files": files}
    with contextlib.suppress(OSError):  # only a cache: the next import reads the files again
        write_text_atomic(cache_file, json.dumps(payload, ensure_ascii=False))


def _load_entry(path: Path, folder: Path) -> Existing | ContentError | None:
    """What duplicates of the file are told by; the build's error for one whose front matter
    cannot be read, such as a merge git left unresolved."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    match = FRONT_MATTER.match(text)
    try:
        meta = (yaml.load(match[1] or "", Loader=_SAFE_LOADER) or {}) if match else {}
    except yaml.YAMLError:
        meta = None
    if meta is None or (match is None and "<<<<<<<" in text):  # (a file both branches added)
        try:
            parse_document(text, f"content/articles/{path.relative_to(folder).as_posix()}")
        except ContentError as error:
            return error
        if meta is None:
            return None
    if match is None:
        return Existing(path=path, slug=published_slug(_stem(path, folder)), fingerprints=_prints(text, {}))
    return _entry_from(path, meta if isinstance(meta, dict) else {}, text[match.end() :], _stem(path, folder))


def _stem(path: Path, folder: Path) -> str:
    """What the build makes the file's slug of (``model.file_stem``, without the date), for
    a file under ``folder`` (content/articles/)."""
    return DATE_PREFIX.sub("", file_stem(f"content/articles/{path.relative_to(folder).as_posix()}"))


def _entry_from(path: Path, meta: dict[str, Any], body: str, stem: str) -> Existing:
    imported = _mapping(meta, "imported")
    url = _mapping(meta, "source").get("url")
    return Existing(
        path=path,
        slug=published_slug(stem, meta.get("slug")),  # as the build makes it
        url=normalise_url(url) if isinstance(url, str) else None,
        origin=str(imported["from"]) if imported.get("from") else None,
        title=str(meta["title"]) if meta.get("title") else None,
        fingerprints=_prints(body, imported),
        imported="imported" in meta,
        raw=str(imported["raw"]) if imported.get("raw") else None,
        day=str(meta["date"])[:10] if meta.get("date") and meta.get("date_inferred") is not True else None,
    )


def _alike(path: Path, body: str) -> bool:
    """Whether the article at ``path`` has much the same text as ``body`` (half its words or
    more in common): the same story, edited since; a column's next day is another story."""
    try:
        text = path.read_text(encoding="utf-8").split("\n---", 1)[-1]
    except (OSError, UnicodeDecodeError):
        return True  # (unreadable: taken for the same, as before, rather than written twice)
    old, new = set(text.casefold().split()), set(body.casefold().split())
    return bool(old and new) and len(old & new) >= 0.5 * min(len(old), len(new))


def _day(article: ImportedArticle) -> str | None:
    return article.date[:10] if article.date and not article.date_inferred else None


def _prints(body: str, imported: dict[str, Any]) -> frozenset[str]:
    return frozenset(str(value) for value in (text_fingerprint(body), imported.get("text")) if value)


def _mapping(meta: dict[str, Any], key: str) -> dict[str, Any]:
    value = meta.get(key)
    return value if isinstance(value, dict) else {}


def _entry_json(entry: Existing) -> dict[str, Any]:
    data = asdict(entry)
    data.pop("path")
    data["fingerprints"] = sorted(entry.fingerprints)
    return data


def _load_cache(cache_file: Path | None, folder: Path) -> dict[Path, tuple[tuple[int, int], Existing]]:
    try:
        payload = json.loads(cache_file.read_text(encoding="utf-8")) if cache_file else {}
        if (payload.get("format"), payload.get("version")) != (_CACHE_FORMAT, __version__):
            return {}
        if payload.get("folder") != str(folder.resolve()):
            return {}
        return {folder / name: _cached_entry(folder / name, data) for name, data in payload["files"].items()}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}


def _cached_entry(path: Path, data: dict[str, Any]) -> tuple[tuple[int, int], Existing]:
    mtime, size = data.pop("stamp")
    return (int(mtime), int(size)), Existing(path=path, **{**data, "fingerprints": frozenset(data["fingerprints"])})
