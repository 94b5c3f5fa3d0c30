"""The build store: one SQLite database in ``<site>/.digest-cache/build.sqlite``.

It holds what one build leaves for the next: every parsed content file (with the file's
mtime and size; in ``CHUNKS`` rows by a hash of the path, so that loading them is one
unpickling per chunk and an edit rewrites one chunk; each article's body apart, read only
when a page shows it), every page written (its key, what it read while it rendered, the
stat of the output file), the inputs' signature and a few other values, and compiled
templates.

Nothing in it is trusted blindly.  The store carries its format, digest's version and
code, and the site's folder; each row carries a checksum keyed by those.  A row that does
not match is left out (its files are parsed again, its page rendered again), a store that
is foreign or that SQLite finds damaged is started afresh: a slower build, never a wrong
one.  Every build reads the store in one transaction and writes it in one, in WAL mode,
so a preview and a command-line build never see each other's half-written state.

Which pages read an article's title?  ``pages_reading(site_dir, "a:content/articles/x.md",
"title")``; the ``reads`` column holds a line per record a page read (see ``deps``).
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import operator
import os
import pickle
import shutil
import site
import sqlite3
import sys
import sysconfig
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from digest import __version__
from digest.errors import DigestError
from digest.layout import changed_ns

CACHE_DIR = ".digest-cache"
STORE_FILE = "build.sqlite"
STORE_FORMAT = 4
CHUNKS = 64  # rows the parsed files are kept in
BUSY_SECONDS = 30.0  # how long to wait for another build's write to end

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value BLOB, checksum BLOB);
CREATE TABLE IF NOT EXISTS chunks (number INTEGER PRIMARY KEY, data BLOB, checksum BLOB);
CREATE TABLE IF NOT EXISTS bodies (path TEXT PRIMARY KEY, body BLOB, checksum BLOB);
CREATE TABLE IF NOT EXISTS pages (path TEXT PRIMARY KEY, key TEXT, reads TEXT, checksum BLOB);
CREATE TABLE IF NOT EXISTS templates (key TEXT PRIMARY KEY, data BLOB, checksum BLOB);
"""


class CacheCorrupted(DigestError):
    """The store does not hold what it promised; the build starts again without it."""


@dataclass
class PageRecord:
    key: str  # the templates, configuration, output path and what the page was given
    reads: str  # what it read while it rendered (``deps.format_reads``)
    stamp: tuple[int, int] | None = None  # size and mtime of the output file as written


@dataclass
class FileRow:
    """A parsed content file as stored: the file's stat, when it was read, the ``ParsedFile``
    without its article's body, the body (None: left in the store) and the body's checksum."""

    mtime: int
    size: int
    read_at: int
    parsed: Any
    body: str | None = None
    body_checksum: bytes = b""


@dataclass
class StoredState:
    """Everything a build reads back from the store."""

    meta: dict[str, Any] = field(default_factory=dict)
    files: dict[str, FileRow] = field(default_factory=dict)
    pages: dict[str, PageRecord] = field(default_factory=dict)
    templates: dict[str, bytes] = field(default_factory=dict)


@dataclass
class StoreUpdate:
    """What one build writes to the store: its meta values, the files it parsed (encoded as
    they are written) and those gone, the pages that changed and those gone (None: every
    page not given goes), and the templates it compiled."""

    meta: dict[str, Any]
    files: Iterable[tuple[str, FileRow]]
    removed_files: list[str]
    pages: dict[str, PageRecord]
    removed_pages: list[str] | None
    templates: dict[str, bytes]


@functools.cache
def code_fingerprint() -> str:
    """digest's own code (by file stat) and the libraries it runs with (``_libraries``): an
    upgrade or a local change invalidates the store.  Read once per process: the running
    code does not change under it."""
    return _code_on_disk()


def code_changed() -> bool:
    """Whether digest's code on disk is no longer the code this process started with (an
    upgrade while the preview runs: its lazily imported modules and theme are the new ones)."""
    return _code_on_disk() != code_fingerprint()


def _code_on_disk() -> str:
    package = Path(__file__).parent
    stats = []
    for path in package.rglob("*.py"):
        stat = path.stat()
        stats.append(f"{path.name} {stat.st_size} {stat.st_mtime_ns}")
    stats.sort()
    stats += _libraries()
    return hashlib.blake2b("\n".join(stats).encode(), digest_size=8).hexdigest()


def _libraries() -> list[str]:
    """Python and the distributions installed where digest's libraries are, by name and
    version (their ``.dist-info`` folders): installing, upgrading or removing a package
    (markdown-it-py, Jinja, Babel, ...) changes them, and what a build makes may change with
    it.  Not the folders' stats: Python writing a ``__pycache__`` there would change those."""
    folders = {sysconfig.get_path("purelib"), sysconfig.get_path("platlib")}
    if site.ENABLE_USER_SITE:
        folders.add(site.getusersitepackages())
    lines = [sys.version]
    for folder in sorted(folders):
        try:
            names = sorted(name for name in os.listdir(folder) if name.endswith((".dist-info", ".egg-info")))
        except OSError:
            names = ["missing"]
        lines.append(f"{folder}: {' '.join(names)}")
    return lines


# What earlier versions of digest kept in .digest-cache/ before the store: dead weight once a
# store is made (a cache of a site's whole content, for a big site).
EARLIER_CACHES = ("content.pickle", "state.pickle", "fragments.pickle", "bodies", "templates")


def _remove_earlier_caches(folder: Path) -> None:
    for name in EARLIER_CACHES:
        path = folder / name
        with contextlib.suppress(OSError):
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path)
            elif path.is_file() or path.is_symlink():
                path.unlink()


# What SQLite says when the store cannot be opened or read now (a full disk, a folder made
# read-only, a lock held too long): no damage of the store, which is kept for the next build.
_NO_DAMAGE = frozenset(
    {
        sqlite3.SQLITE_PERM,
        sqlite3.SQLITE_BUSY,
        sqlite3.SQLITE_LOCKED,
        sqlite3.SQLITE_NOMEM,
        sqlite3.SQLITE_READONLY,
        sqlite3.SQLITE_IOERR,
        sqlite3.SQLITE_FULL,
        sqlite3.SQLITE_CANTOPEN,
    }
)


class BuildStore:
    """The store of one site.  ``load`` and ``save`` each open it for one transaction."""

    def __init__(self, site_dir: Path):
        self.site_dir = site_dir.absolute()
        self.path = self.site_dir / CACHE_DIR / STORE_FILE
        # The site by its real path: reached through a symbolic link, it is the same site.
        identity = repr((STORE_FORMAT, __version__, code_fingerprint(), os.path.realpath(self.site_dir)))
        self._key = hashlib.blake2b(identity.encode(), digest_size=32).digest()

    def checksum(self, *parts: Any) -> bytes:
        """A checksum of ``parts`` (text, numbers, None, and last the largest, text or bytes),
        keyed by the store's identity."""
        head, last = parts[:-1], parts[-1]
        if isinstance(last, str):
            last = last.encode("utf-8", "surrogatepass")
        if not isinstance(last, bytes):
            head, last = parts, b""
        return hashlib.blake2b(
            repr(head).encode("utf-8", "surrogatepass") + b"\0" + last, key=self._key, digest_size=16
        ).digest()

    def _present(self) -> bool:
        """Whether there is a store to read (one that cannot even be looked at is none)."""
        try:
            return self.path.is_file()
        except OSError:
            return False

    # -- reading ------------------------------------------------------------------

    def load(self) -> StoredState:
        """What the store holds that verifies; an empty state when it is missing or damaged."""
        if not self._present():
            return StoredState()
        try:
            with self._connection() as connection:
                return self._read(connection)
        except sqlite3.Error as error:
            if getattr(error, "sqlite_errorcode", 0) & 0xFF not in _NO_DAMAGE:
                self.discard()
            return StoredState()
        except Exception:  # whatever a damaged file makes the checks raise
            self.discard()
            return StoredState()

    def _read(self, connection: sqlite3.Connection) -> StoredState:
        state = StoredState()
        checksum = self.checksum
        for name, value, stored in connection.execute("SELECT name, value, checksum FROM meta"):
            if stored == checksum(name, value):
                with contextlib.suppress(Exception):  # a value that verifies but cannot load: left out
                    state.meta[name] = pickle.loads(value)
        if state.meta.get("format") != STORE_FORMAT:
            return StoredState()
        for number, data, stored in connection.execute("SELECT number, data, checksum FROM chunks"):
            state.files.update(self._chunk_rows(number, data, stored))
        stamps = state.meta.get("stamps")
        if not isinstance(stamps, dict):
            stamps = {}
        for path, key, reads, stored in connection.execute("SELECT * FROM pages"):
            if stored == checksum(path, key, reads):
                state.pages[path] = PageRecord(key, reads, stamps.get(path))
        for key, data, stored in connection.execute("SELECT key, data, checksum FROM templates"):
            if stored == checksum(key, data):
                state.templates[key] = data
        return state

    def load_summary(self) -> tuple[dict[str, Any], dict[str, tuple[int, int] | None]]:
        """The build's summary and every page's output stamp, for a build that may have
        nothing to do: a few meta values (the stamps are one, not read row by row).  Stamps
        are compared with the output files' own, so a damaged one only means looking further."""
        if not self._present():
            return {}, {}
        try:
            with self._connection() as connection:
                names = ("format", "generation", "build", "stamps")
                meta = {name: self._meta_value(connection, name) for name in names}
        except sqlite3.Error:
            return {}, {}
        stamps = meta.pop("stamps")
        if meta.get("format") != STORE_FORMAT or not isinstance(stamps, dict):
            return {}, {}
        return meta, stamps

    def _meta_value(self, connection: sqlite3.Connection, name: str) -> Any:
        row = connection.execute("SELECT value, checksum FROM meta WHERE name = ?", (name,)).fetchone()
        if row is None or row[1] != self.checksum(name, row[0]):
            return None
        try:
            return pickle.loads(row[0])
        except Exception:
            return None

    def read_meta(self, name: str) -> Any:
        """One value of the meta table (None when missing or damaged)."""
        if not self._present():
            return None
        try:
            with self._connection() as connection:
                return self._meta_value(connection, name)
        except sqlite3.Error:
            return None

    # -- writing ------------------------------------------------------------------

    def save(self, update: StoreUpdate) -> str | None:
        """Write ``update`` in one transaction.  None when it was written, else why the store
        cannot be written (a full disk, a read-only folder: the store is left as it was, and
        the next build does this one's work again)."""
        try:
            self.path.parent.mkdir(exist_ok=True)
            new = not self._present()
            with self._connection() as connection:
                connection.execute("BEGIN IMMEDIATE")
                self._write(connection, update)
                connection.execute("COMMIT")
        except (FileExistsError, NotADirectoryError):
            return f"{CACHE_DIR} is a file, not a folder"
        except OSError as error:
            return error.strerror or str(error)
        except (sqlite3.Error, pickle.PicklingError, TypeError, AttributeError) as error:
            return str(error)
        if new:
            _remove_earlier_caches(self.path.parent)
        return None

    def _write(self, connection: sqlite3.Connection, update: StoreUpdate) -> None:
        if connection.execute("PRAGMA user_version").fetchone()[0] != STORE_FORMAT:
            _make_tables_anew(connection)
        checksum = self.checksum
        meta = {"format": STORE_FORMAT, **update.meta}
        meta_rows = []
        for name, value in meta.items():
            data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
            meta_rows.append((name, data, checksum(name, data)))
        connection.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?, ?)", meta_rows)
        self._write_files(connection, update.files, update.removed_files)
        if update.removed_pages is None:
            connection.execute("DELETE FROM pages")
        else:
            connection.executemany("DELETE FROM pages WHERE path = ?", [(path,) for path in update.removed_pages])
        page_rows = [
            (path, record.key, record.reads, checksum(path, record.key, record.reads))
            for path, record in update.pages.items()
        ]
        connection.executemany("INSERT OR REPLACE INTO pages VALUES (?, ?, ?, ?)", page_rows)
        connection.executemany(
            "INSERT OR REPLACE INTO templates VALUES (?, ?, ?)",
            [(key, data, checksum(key, data)) for key, data in update.templates.items()],
        )

    def _write_files(
        self, connection: sqlite3.Connection, files: Iterable[tuple[str, FileRow]], removed: list[str]
    ) -> None:
        """The chunks the files changed or removed are in, each read, updated and written whole;
        the bodies of articles in their own rows."""
        connection.executemany("DELETE FROM bodies WHERE path = ?", [(path,) for path in removed])
        changed: dict[int, dict[str, FileRow | None]] = {}
        for path in removed:
            changed.setdefault(chunk_of(path), {})[path] = None
        without_body: list[tuple[str]] = []  # not an article (any longer): no body kept

        def body_rows() -> Iterator[tuple[str, bytes | None, bytes | None]]:
            """Each file taken as the caller encodes it, its body as UTF-8 bytes made for its
            row, one at a time: binding the text itself would leave its UTF-8 form cached on
            every string the records keep (50 MB at 10k articles), and a list of them all would
            hold every body at once."""
            for path, row in files:
                changed.setdefault(chunk_of(path), {})[path] = replace(row, body=None)
                if row.body is None:
                    without_body.append((path,))
                else:
                    yield path, _utf8(row.body), row.body_checksum

        connection.executemany("INSERT OR REPLACE INTO bodies VALUES (?, ?, ?)", body_rows())
        connection.executemany("DELETE FROM bodies WHERE path = ?", without_body)
        for number, rows in changed.items():
            found = connection.execute("SELECT data, checksum FROM chunks WHERE number = ?", (number,)).fetchone()
            kept = self._chunk_rows(number, *found) if found is not None else {}
            for path, given in rows.items():
                if given is None:
                    kept.pop(path, None)
                else:
                    kept[path] = given
            data = pickle.dumps(
                {path: (row.mtime, row.size, row.read_at, row.parsed, row.body_checksum) for path, row in kept.items()},
                protocol=pickle.HIGHEST_PROTOCOL,
            )
            connection.execute(
                "INSERT OR REPLACE INTO chunks VALUES (?, ?, ?)", (number, data, self.checksum(number, data))
            )

    def _chunk_rows(self, number: int, data: bytes, stored: bytes) -> dict[str, FileRow]:
        """The files of a stored chunk; none when it does not verify, or verifies but cannot
        be loaded (its files are then parsed again)."""
        if stored != self.checksum(number, data):
            return {}
        try:
            rows = pickle.loads(data)
            return {
                path: FileRow(mtime, size, read_at, parsed, None, body)
                for path, (mtime, size, read_at, parsed, body) in rows.items()
            }
        except Exception:
            return {}

    def body_checksum(self, body: str) -> bytes:
        return self.checksum("body", body)

    def discard(self) -> None:
        """Remove a damaged store (and its WAL files): the next build starts afresh."""
        for suffix in ("", "-wal", "-shm"):
            with contextlib.suppress(OSError):
                os.unlink(f"{self.path}{suffix}")

    @contextlib.contextmanager
    def _connection(self) -> Iterator[sqlite3.Connection]:
        connection = sqlite3.connect(self.path, timeout=BUSY_SECONDS, isolation_level=None)
        try:
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute("PRAGMA synchronous=NORMAL")
            connection.executescript(_SCHEMA)
            yield connection
        finally:
            connection.close()


def _make_tables_anew(connection: sqlite3.Connection) -> None:
    """A store of another format (an earlier digest's, whose tables have other columns):
    its tables dropped and made as this format has them, in the transaction writing to it."""
    tables = connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
    for (name,) in tables:
        connection.execute(f'DROP TABLE "{name}"')
    for statement in _SCHEMA.split(";"):
        if statement.strip():
            connection.execute(statement)
    connection.execute(f"PRAGMA user_version = {STORE_FORMAT}")


def chunk_of(path: str) -> int:
    """The chunk a parsed file is kept in (the same on every system)."""
    return zlib.crc32(path.encode("utf-8", "surrogatepass")) % CHUNKS


_INHERITED: list[sqlite3.Connection] = []


def _utf8(text: str | None) -> bytes | None:
    return None if text is None else text.encode("utf-8", "surrogatepass")


class BodyReader:
    """Article bodies kept in the store, read when a page shows one, verified by checksum.
    One connection per process (worker processes are forked with the reader)."""

    def __init__(self, store: BuildStore):
        self.store = store
        self._connection: sqlite3.Connection | None = None
        self._pid = 0

    def read(self, path: str, expected: bytes) -> str:
        try:
            row = self._open().execute("SELECT body, checksum FROM bodies WHERE path = ?", (path,)).fetchone()
        except sqlite3.Error as error:
            raise CacheCorrupted(f"build store unreadable: {error}", str(self.store.path)) from None
        if row is None or row[1] != expected or not isinstance(row[0], bytes):
            raise CacheCorrupted(f"the body of {path} is missing from the build store", str(self.store.path))
        if self.store.checksum("body", row[0]) != expected:
            raise CacheCorrupted(f"the body of {path} does not match its checksum", str(self.store.path))
        return row[0].decode("utf-8", "surrogatepass")

    def _open(self) -> sqlite3.Connection:
        if self._connection is None or self._pid != os.getpid():
            if self._connection is not None:
                # Opened by the parent of this forked worker: never closed here (SQLite must
                # not close in a child what its parent opened), and the worker ends with _exit.
                _INHERITED.append(self._connection)
            self._connection = sqlite3.connect(self.store.path, timeout=BUSY_SECONDS, check_same_thread=False)
            self._pid = os.getpid()
        return self._connection

    def close(self) -> None:
        if self._connection is not None and self._pid == os.getpid():
            self._connection.close()
        self._connection = None


def pages_reading(site_dir: Path, rid: str, field_name: str | None = None) -> list[str]:
    """The output paths of the pages whose last rendering read record ``rid`` (a field of it):
    SQLite finds the rows that name it; only those are read and verified."""
    from digest.deps import line_start, read_fields

    store = BuildStore(site_dir)
    if not store._present():
        return []
    found = []
    query = "SELECT path, key, reads, checksum FROM pages WHERE instr(reads, ?) > 0"
    with store._connection() as connection:
        for path, key, reads, stored in connection.execute(query, (line_start(rid),)):
            fields = read_fields(reads, rid)
            if stored != store.checksum(path, key, reads) or fields is None:
                continue
            if field_name is None or field_name in fields[0].split(","):
                found.append(path)
    return sorted(found)


# --- The inputs' signature -----------------------------------------------------------


@dataclass(frozen=True)
class InputStats:
    """Every input file's stat, taken in one walk."""

    signature: str  # of every input and ``extra``: equal means nothing changed
    newest: int  # the newest mtime seen (ns)
    newest_whole: int  # the newest of those that are whole seconds (a file system that keeps no less)
    # The stat of each file under the first of the paths, by its path: a build that goes
    # on looks at the content as it was signed, without a second stat of each file.
    first: dict[str, os.stat_result] = field(default_factory=dict, compare=False, repr=False)


def input_stats(paths: list[Path], extra: str) -> InputStats:
    """A fingerprint of every file under ``paths`` (name, size, mtime) and ``extra``."""
    lines = [extra]
    newest = [0, 0]  # the newest mtime, the newest of whole seconds
    first: dict[str, os.stat_result] = {}
    for index, input_path in enumerate(paths):
        _walk_stats(str(input_path), lines, newest, files=first if index == 0 else None)
    signature = hashlib.blake2b("\n".join(lines).encode("utf-8", "surrogateescape"), digest_size=12).hexdigest()
    return InputStats(signature, newest[0], newest[1], first)


_BY_NAME = operator.attrgetter("name")


def _walk_stats(
    path: str,
    lines: list[str],
    newest: list[int],
    linked: frozenset[str] = frozenset(),
    files: dict[str, os.stat_result] | None = None,
) -> None:
    """``linked``: the real paths of the symlinked folders being walked, so that a symlink
    loop is noted rather than followed; ``files``: where to keep each file's stat."""
    try:
        entries = sorted(os.scandir(path), key=_BY_NAME)
    except NotADirectoryError:
        stat = os.stat(path)
        lines.append(f"{path} {stat.st_size} {changed_ns(stat)}")
        _note_mtime(stat.st_mtime_ns, newest)
        return
    except FileNotFoundError:
        lines.append(f"{path} missing")
        return
    except OSError as error:  # unreadable, or a symlink loop
        lines.append(f"{path} unreadable {error.errno}")
        return
    for entry in entries:  # (the loop of every stat: kept tight)
        try:
            if entry.is_dir(follow_symlinks=True):
                inner = linked
                if entry.is_symlink():
                    real = os.path.realpath(entry.path)
                    if real in linked or os.path.realpath(path).startswith(real + os.sep):
                        lines.append(f"{entry.path} loop")
                        continue
                    inner = linked | {real}
                _walk_stats(entry.path, lines, newest, inner, files)
                continue
            stat = entry.stat()
        except OSError as error:  # a dangling link, a link to itself
            lines.append(f"{entry.path} unreadable {error.errno}")
            continue
        _note_mtime(stat.st_mtime_ns, newest)
        lines.append(f"{entry.path} {stat.st_size} {changed_ns(stat)}")
        if files is not None:
            files[entry.path] = stat


def _note_mtime(mtime: int, newest: list[int]) -> None:
    newest[0] = max(newest[0], mtime)
    if mtime % 1_000_000_000 == 0:
        newest[1] = max(newest[1], mtime)
