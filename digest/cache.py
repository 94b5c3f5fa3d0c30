"""The build cache in ``<site>/.digest-cache/``: parsed files, and the state of the last build.

Two files: ``content.pickle`` (every parsed content file and a snapshot of the last
build's site, large; ``content.journal`` holds what changed since it was written whole) and
``state.pickle`` (the inputs' signature, the key of every page written; small, so that a
build with nothing to do needs only this one).  Neither is trusted blindly: a missing,
truncated, corrupted or foreign cache (another format or digest version, another site or
output folder) is ignored, which costs a slower build but never a wrong one.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import itertools
import math
import operator
import os
import pickle
import tempfile
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from digest import __version__
from digest.errors import DigestError

if TYPE_CHECKING:  # the content module (and Markdown) is loaded only when a build needs it
    from digest.content import ContentCache

CACHE_DIR = ".digest-cache"
CONTENT_FILE = "content.pickle"
JOURNAL_FILE = "content.journal"  # changed entries since content.pickle was written whole
JOURNAL_LIMIT = 2000  # entries; beyond that content.pickle is written whole again
BODIES_DIR = "bodies"
TEMPLATES_DIR = "templates"  # compiled Jinja templates
FRAGMENTS_FILE = "fragments.pickle"  # blocks of ``{% cache %}`` the last build used
STATE_FILE = "state.pickle"
CACHE_FORMAT = 5
# A file modified this close to being read could change again within one tick of the file
# system clock without its mtime changing ("racily clean", as git calls it): not trusted by stat.
RACY_NS = 2_000_000_000

T = TypeVar("T")


@dataclass
class PageRecord:
    key: str
    touched: tuple[str, ...]
    stamp: tuple[int, int] | None = None  # size and mtime of the output file as written


@dataclass
class BuildState:
    """What the last successful build wrote, and from which inputs."""

    signature: str = ""  # of every input file's stat, the options and digest's version
    signed_at: int = 0  # when the signature was taken (ns)
    next_change: float = math.inf  # when a future-dated item becomes due (a timestamp)
    output_dir: str = ""
    pages: dict[str, PageRecord] = field(default_factory=dict)
    static: tuple[str, ...] = ()
    warnings: tuple[DigestError, ...] = ()
    base_path: str = "/"
    search_wanted: bool = False  # the site has search on
    search_indexed: bool = False  # the search index matches these pages


def _identity(site_dir: Path) -> tuple[Any, ...]:
    return (CACHE_FORMAT, __version__, code_fingerprint(), str(site_dir.absolute()))


@functools.cache
def code_fingerprint() -> str:
    """digest's own code, by file stat: an upgrade or a local change invalidates the cache.
    Read once per process: the running code does not change under it."""
    package = Path(__file__).parent
    from digest.markup import default_engine

    stats = sorted(f"{path.name} {path.stat().st_size} {path.stat().st_mtime_ns}" for path in package.rglob("*.py"))
    stats.append(f"markdown engine {default_engine()}")  # installing comrak changes the HTML
    return hashlib.blake2b("\n".join(stats).encode(), digest_size=8).hexdigest()


def _load(site_dir: Path, name: str, kind: type[T]) -> T | None:
    try:
        with open(site_dir / CACHE_DIR / name, "rb") as handle:
            identity, value = pickle.load(handle)
    except Exception:  # missing, truncated, garbage or from an incompatible version
        return None
    if identity != _identity(site_dir) or not isinstance(value, kind):
        return None
    return value


class CacheCorrupted(DigestError):
    """A cache file does not hold what its name promises; the build starts again without it."""


def store_bodies(folder: Path, bodies: list[str]) -> list[str]:
    """Keep rendered article bodies in one new pack file in ``folder`` (which exists).

    One file for many bodies: creating thousands of small files costs more than rendering
    them.  Returns a reference per body: ``<pack>:<offset>:<size>:<hash>``.
    """
    pack = folder / f"{os.getpid()}-{time.time_ns()}-{next(_PACK_NUMBERS)}.pack"
    references = []
    offset = 0
    with open(pack, "xb") as stream:
        for html in bodies:
            data = html.encode("utf-8")
            stream.write(data)
            references.append(f"{pack}:{offset}:{len(data)}:{hashlib.blake2b(data, digest_size=16).hexdigest()}")
            offset += len(data)
    return references


_PACK_NUMBERS = itertools.count()


def read_body(reference: str) -> str:
    """A body kept by ``store_bodies``, verified against its hash."""
    pack, offset, size, digest = reference.rsplit(":", 3)
    try:
        with open(pack, "rb") as stream:
            stream.seek(int(offset))
            data = stream.read(int(size))
    except (OSError, ValueError) as error:
        raise CacheCorrupted(f"cached body unreadable: {error}", pack) from None
    if hashlib.blake2b(data, digest_size=16).hexdigest() != digest:
        raise CacheCorrupted("cached body does not match its hash", pack)
    return data.decode("utf-8")


def _pack_of(reference: str | None) -> str | None:
    return None if reference is None else reference.rsplit(":", 3)[0]


def prune_bodies(site_dir: Path, cache: ContentCache) -> None:
    """Remove cached bodies that no parsed file refers to any more."""
    folder = site_dir / CACHE_DIR / BODIES_DIR
    used = {_pack_of(getattr(parsed.record, "body_file", None)) for _, parsed, _ in cache.entries.values()}
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        if entry.path not in used:
            with contextlib.suppress(OSError):
                os.unlink(entry.path)


def load_content_cache(site_dir: Path) -> ContentCache:
    """The parsed files of the last build: the whole as last written, then its journal."""
    from digest.content import ContentCache

    cache = _load(site_dir, CONTENT_FILE, ContentCache)
    if cache is None:
        return ContentCache(changed=False)
    cache.journaled = _replay_journal(site_dir, cache)
    cache.saved = dict(cache.entries)
    cache.saved_keys = (cache.config_key, cache.related_key)
    cache.saved_edits = len(cache.edits)
    cache.changed = False
    return cache


def _replay_journal(site_dir: Path, cache: ContentCache) -> int:
    """Apply the journal's records that follow this whole; stop at the first bad one.

    Leaving records out is safe: an entry is only used while its file's stat matches, so
    an older entry for an edited file is parsed again, never trusted.  A record without
    article edits for the snapshot means the entries moved on without it: it is dropped.
    """
    replayed = 0
    try:
        with open(site_dir / CACHE_DIR / JOURNAL_FILE, "rb") as handle:
            while True:
                identity, token, changes, removed, edits = pickle.load(handle)
                if identity != _identity(site_dir) or token != cache.token:
                    break
                cache.entries.update(changes)
                for path in removed:
                    cache.entries.pop(path, None)
                if edits:
                    cache.edits.extend(edits)
                else:
                    cache.snapshot, cache.edits = None, []
                replayed += len(changes) + len(removed)
    except Exception:  # the end of the journal, or a damaged tail: what was read stands
        pass  # (each record is read whole or not at all: entries and edits stay in step)
    return replayed


def save_content_cache(site_dir: Path, cache: ContentCache, changed: list[str] | None = None) -> None:
    """Append what changed (when known, the entries of ``changed`` alone) to the journal;
    write the whole again when the journal grows long, the related-articles memo or
    configuration changed, or there is a new snapshot."""
    if not cache.changed:
        return
    if changed is None:
        changes = {path: entry for path, entry in cache.entries.items() if cache.saved.get(path) is not entry}
        removed = [path for path in cache.saved if path not in cache.entries]
    else:
        changes, removed = {path: cache.entries[path] for path in changed}, []
    edits = cache.edits[cache.saved_edits :]
    count = len(changes) + len(removed)
    same_keys = cache.saved_keys == (cache.config_key, cache.related_key)
    if (
        cache.token
        and same_keys
        and cache.journaled + count <= JOURNAL_LIMIT
        and _append_journal(site_dir, (_identity(site_dir), cache.token, changes, removed, edits))
    ):
        cache.journaled += count
        if not edits:
            cache.snapshot, cache.edits = None, []  # as the journal now says
    else:
        cache.token = f"{os.getpid()}-{time.time_ns()}"
        _save(site_dir, CONTENT_FILE, cache)
        with contextlib.suppress(OSError):
            os.unlink(site_dir / CACHE_DIR / JOURNAL_FILE)
        cache.journaled = 0
        prune_bodies(site_dir, cache)  # (between whole writes, superseded bodies wait: few and small)
    cache.saved = dict(cache.entries)
    cache.saved_keys = (cache.config_key, cache.related_key)
    cache.saved_edits = len(cache.edits)
    cache.changed = False


def _append_journal(site_dir: Path, record: tuple[Any, ...]) -> bool:
    try:
        with open(site_dir / CACHE_DIR / JOURNAL_FILE, "ab") as stream:
            stream.write(pickle.dumps(record, protocol=pickle.HIGHEST_PROTOCOL))
    except OSError:
        return False
    return True


def load_fragments(site_dir: Path, key: str) -> dict[Any, str]:
    """The template fragments kept by a build with the same templates and configuration (``key``)."""
    kept = _load(site_dir, FRAGMENTS_FILE, tuple)
    if kept is None or len(kept) != 2 or kept[0] != key or not isinstance(kept[1], dict):
        return {}
    return kept[1]


def save_fragments(site_dir: Path, key: str, fragments: dict[Any, str]) -> None:
    _save(site_dir, FRAGMENTS_FILE, (key, fragments))


def load_state(site_dir: Path, output_dir: Path) -> BuildState:
    state = _load(site_dir, STATE_FILE, BuildState)
    if state is None or state.output_dir != str(output_dir.absolute()):
        return BuildState()
    return state


def save_state(site_dir: Path, state: BuildState) -> None:
    _save(site_dir, STATE_FILE, state)


def _save(site_dir: Path, name: str, value: object) -> None:
    """Write atomically; a cache that cannot be written only makes the next build slower."""
    folder = site_dir / CACHE_DIR
    try:
        folder.mkdir(exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=".tmp-")
    except OSError:
        return
    try:
        with os.fdopen(handle, "wb") as stream:
            pickle.dump((_identity(site_dir), value), stream, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, folder / name)
    except (OSError, pickle.PicklingError, TypeError, AttributeError):  # e.g. a template's cache key
        with contextlib.suppress(OSError):
            os.unlink(temporary)


@dataclass(frozen=True)
class InputStats:
    """Every input file's stat, taken in one walk."""

    signature: str  # of every input and ``extra``: equal means nothing changed
    frame: str  # the same, leaving out article files
    newest: int  # the newest mtime seen (ns)
    articles: dict[str, tuple[int, int]]  # article file, relative to the site -> (mtime, size)


def input_stats(site_dir: Path, paths: list[Path], extra: str, articles_dir: str) -> InputStats:
    """A fingerprint of every file under ``paths`` (name, size, mtime) and ``extra``; the
    Markdown files under ``articles_dir`` (relative to the site) are listed apart."""
    lines = [extra]
    newest = [0]
    articles: dict[str, tuple[int, int]] = {}
    site = str(site_dir.absolute())
    for input_path in paths:
        _walk_stats(str(input_path), lines, newest, _ArticleFiles(f"{site}/{articles_dir}", len(site) + 1, articles))
    frame = _hash_lines(lines)
    listed = pickle.dumps(sorted(articles.items()), protocol=pickle.HIGHEST_PROTOCOL)
    whole = hashlib.blake2b(frame.encode() + listed, digest_size=12).hexdigest()
    return InputStats(whole, frame, newest[0], articles)


def _hash_lines(lines: list[str]) -> str:
    return hashlib.blake2b("\n".join(lines).encode("utf-8", "surrogateescape"), digest_size=12).hexdigest()


@dataclass(frozen=True)
class _ArticleFiles:
    """Where ``_walk_stats`` puts article files (as ``content.content_files`` lists them)."""

    folder: str
    site_length: int  # of the site folder's path and a slash: what to cut to make paths relative
    found: dict[str, tuple[int, int]]
    inside: bool = False  # walking the folder, in no hidden folder

    def enter(self, path: str, name: str) -> _ArticleFiles:
        inside = path == self.folder or (self.inside and not name.startswith("."))
        return self if inside == self.inside else replace(self, inside=inside)


_BY_NAME = operator.attrgetter("name")


def _is_folder(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir(follow_symlinks=True)
    except OSError:  # a link to itself: reported by the stat that follows
        return False


def _walk_stats(
    path: str, lines: list[str], newest: list[int], articles: _ArticleFiles, within: tuple[str, ...] = ()
) -> None:
    """``within``: the real paths of the folders being walked, so that a symlink loop is not followed."""
    try:
        entries = sorted(os.scandir(path), key=_BY_NAME)
    except NotADirectoryError:
        stat = os.stat(path)
        lines.append(f"{path} {stat.st_size} {stat.st_mtime_ns}")
        newest[0] = max(newest[0], stat.st_mtime_ns)
        return
    except FileNotFoundError:
        lines.append(f"{path} missing")
        return
    except OSError as error:  # unreadable, or a symlink loop
        lines.append(f"{path} unreadable {error.errno}")
        return
    real = os.path.realpath(path) if not within else within[-1]
    found = articles.found if articles.inside else None
    cut = articles.site_length
    for entry in entries:  # (the loop of every stat: kept tight)
        if _is_folder(entry):
            inner = os.path.realpath(entry.path) if entry.is_symlink() else f"{real}/{entry.name}"
            if inner in within or inner == real:
                lines.append(f"{entry.path} loop")
                continue
            folders = (*(within or (real,)), inner)
            _walk_stats(entry.path, lines, newest, articles.enter(entry.path, entry.name), folders)
            continue
        try:
            stat = entry.stat()
        except OSError as error:  # a dangling link, a link to itself
            lines.append(f"{entry.path} unreadable {error.errno}")
            continue
        if stat.st_mtime_ns > newest[0]:
            newest[0] = stat.st_mtime_ns
        name = entry.name
        if found is not None and name.endswith(".md") and not name.startswith("."):
            found[entry.path[cut:]] = (stat.st_mtime_ns, stat.st_size)
        else:
            lines.append(f"{entry.path} {stat.st_size} {stat.st_mtime_ns}")
