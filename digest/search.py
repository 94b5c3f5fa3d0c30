"""Built pages -> a static search index in ``<output>/pagefind/``, in Pagefind's format, kept in parts.

digest writes the index itself, in worker processes (``digest.parallel``): each page is read as
Pagefind reads it (``search_extract``: the ``data-pagefind-body`` elements, or every page when
none has one, the ``data-pagefind-*`` attributes, weights, meta data and anchors) and the
parts are written in Pagefind's format (``search_bundle``), the same index Pagefind would write
(tested against it), for Pagefind's own JavaScript and WebAssembly to search.  Those come from
the installed Pagefind (``pip install 'pagefind[bin]'``), once: they are taken from the previous
index when that Pagefind wrote it.

The index is split into parts (``pagefind/0/``, ``pagefind/1/``, ...: one Pagefind bundle
each, about ``PART_SIZE`` pages), a page's part fixed by a hash of its path.  There are at
most ``MAX_PARTS``: a query loads a piece of the word index of every part (about 25 KB), so
beyond that a bigger site gets bigger parts rather than more of them (100k articles: parts
of about 1,600 pages).  ``pagefind/pagefind.js`` is a small module of digest's that offers
Pagefind's API and merges the parts in the browser (Pagefind's ``mergeIndex``), so the search
page needs no server, works offline and under a sub-path (Pagefind's ready-made UI files, which
would search one part only, are left out).  ``pagefind/digest-index.json`` lists the indexed
pages with a fingerprint of what Pagefind reads of each; an edit re-indexes only the parts
whose pages changed (``update_search_index``), and a full index (``write_search_index``) gives
the same parts.  Memory holds a part per worker at a time, never the whole site.

A full index is written aside and swapped in whole; a part is swapped in alone, the list marked
pending meanwhile, so an interrupted update leads to a full index next time.  Nothing is
downloaded at run time.
"""

from __future__ import annotations

import base64
import contextlib
import functools
import hashlib
import json
import os
import pickle
import re
import shutil
import subprocess
import tempfile
import threading
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from pathlib import Path
from typing import TYPE_CHECKING, Any

from digest.errors import DigestError
from digest.parallel import map_shared, split, worker_count
from digest.write import INDEX_WORK_PREFIX, remove_abandoned, rename_exchange, same_bytes

if TYPE_CHECKING:
    from digest.search_extract import PageText

# Reading and encoding pages (search_extract, search_bundle, and the regex module) are imported
# when there is a page to index, so that a build with nothing to do does not wait for them.

SEARCH_DIR = "pagefind"  # the index's folder inside the output
MANIFEST = "digest-index.json"  # inside SEARCH_DIR: the indexed pages and their fingerprints
MODULE = "pagefind.js"  # inside SEARCH_DIR: digest's module, Pagefind's API over the parts
FORMAT = 5  # of MANIFEST and the parts' layout (5: exclude matches addresses too)
PART_SIZE = 256  # pages a part holds at most on average (parts: a power of two); an edit re-indexes one
MAX_PARTS = 64  # parts at most, whatever the size of the site (each costs every query a request)
SUPPORTED = "1.5"  # the Pagefind whose index format digest writes (its runtime reads it)
PARALLEL_FROM = 512  # pages: smaller sites are indexed in this process (workers would cost more than they save)

Pages = Mapping[str, "str | bytes | None"]  # output path -> its HTML (None: read it from the output)

_BODY = re.compile(r"<([a-zA-Z][\w-]*)\b[^>]*?\sdata-pagefind-body\b[^>]*>")
# What Pagefind reads of a page that marks its body: the marked elements, those that give meta
# data, filters or sort keys, the title and the h1s (each taken whole), the language, images.
_READ_OF_MARKED = re.compile(
    r"<([a-zA-Z][\w-]*)\b[^>]*?\sdata-pagefind-(?:body|meta|filter|sort|default-meta)\b[^>]*>"
    r"|<(title|h1)\b[^>]*>|<html\b[^>]*>|<img\b[^>]*>",
    re.I,
)
# And what decides how those are read: their ancestors' data-pagefind attributes (an ignored
# or weighted region around them).
_TAG = re.compile(r"<(/?)([a-zA-Z][\w-]*)\b[^>]*>")


@dataclass(frozen=True)
class IndexOptions:
    """How a site is indexed: every page as in the site's ``language`` (Pagefind would otherwise
    keep an index per page language and search the search page's only, so an article in
    another language would never be found), without the pages ``exclude`` matches (fnmatch
    patterns of output paths, ``digests/*``)."""

    language: str = ""
    exclude: tuple[str, ...] = ()
    # Where what was read of each page is kept between runs (a part's pages in a file), so that
    # re-indexing a part reads again only its pages that changed; None: read them all.
    cache: Path | None = field(default=None, compare=False)
    # A part indexed again keeps the files of the part it replaces for one more update, so that
    # a search that read the old part's entry a moment before still finds the files it names
    # (the preview, whose index is updated in place while the browser searches it).
    keep_previous: bool = field(default=False, compare=False)


@dataclass
class _Index:
    """What ``MANIFEST`` says: the indexed pages (path -> fingerprint), in how many parts."""

    parts: int
    marked: bool  # only pages with data-pagefind-body are indexed
    pages: dict[str, str]
    pagefind: str = ""  # Pagefind's version that wrote the parts
    options: IndexOptions = IndexOptions()


def is_index_file(path: str) -> bool:
    """Whether a path in the output (``pagefind/pagefind.js``) is one the index writes: its
    module, its list of pages, or a file of one of its parts (``pagefind/<part>/…``)."""
    folder, _, inside = path.partition("/")
    part, _, name = inside.partition("/")
    return folder == SEARCH_DIR and (inside in (MODULE, MANIFEST) or (part.isdigit() and bool(name)))


def write_search_index(output_dir: Path, pages: Pages | None = None, options: IndexOptions = IndexOptions()) -> None:
    """Index the site in ``output_dir`` into ``output_dir/pagefind/``, all of it (as ``options`` say).

    ``pages`` gives the HTML of pages the caller has at hand (the rest is read from the output).
    Raises ``DigestError("search index: …")`` when Pagefind is missing or fails; the previous
    index is then left untouched.
    """
    output_dir = _existing(output_dir)
    given = dict(pages or {})
    paths = [path for path in _html_files(output_dir) if not _excluded(path, options.exclude)]
    jobs = worker_count(None) if len(paths) >= PARALLEL_FROM else 1
    views: dict[str, tuple[str, bool]] = {}
    for found in map_shared(_views, (output_dir, given), split(paths, jobs), jobs):
        views.update(found)
    marked = any(is_marked for _, is_marked in views.values())
    fingerprints = {path: print_ for path, (print_, is_marked) in views.items() if is_marked or not marked}
    index = _Index(_parts_for(len(fingerprints)), marked, fingerprints, options=options)
    with _work_folder(output_dir) as work:
        bundle = work / "new"
        _index_parts(output_dir, given, index, range(index.parts), bundle)
        _PartCache.forget_other_layouts(options, index.parts)
        index.pagefind = _bundle_version(bundle / "0")
        top = {MODULE: _module_source(index).encode(), MANIFEST: _manifest_text(index).encode()}
        _write_bundle(bundle, top, output_dir / SEARCH_DIR)
        if options.keep_previous:  # (the preview's: a search that read the last index finds its files)
            for part in range(index.parts):
                _carry_previous(output_dir / SEARCH_DIR / str(part), bundle / str(part))
        _swap_in(bundle, output_dir / SEARCH_DIR, work)


def update_search_index(
    output_dir: Path, changed: Pages, removed: Iterable[str] = (), options: IndexOptions = IndexOptions()
) -> None:
    """Bring the index up to date after a build wrote ``changed`` (output path -> HTML, or None
    to read it from the output) and deleted ``removed``: only the parts those pages are in
    are indexed again.  A missing, damaged or foreign index, one made with other ``options``,
    or a site that now needs another number of parts, is indexed whole
    (``write_search_index``)."""
    output_dir = _existing(output_dir)
    index = _load_manifest(output_dir / SEARCH_DIR)
    given = {
        path: html for path, html in changed.items() if path.endswith(".html") and not _excluded(path, options.exclude)
    }
    if index is not None and index.options != options:
        index = None
    elif index is not None:
        index.options = options  # the same, and where the caller keeps its cache
    dirty = None if index is None else _apply_changes(index, output_dir, given, removed)
    if index is None or dirty is None:
        write_search_index(output_dir, given, options)
        return
    if dirty:
        _rewrite_parts(output_dir, given, index, dirty)


def refresh_search_index(output_dir: Path, options: IndexOptions = IndexOptions()) -> None:
    """Bring the index up to date with the pages in ``output_dir`` when what changed is not
    known: every page is read and compared with what the index holds, and only the parts that
    differ are indexed again (the preview, which builds aside, calls this)."""
    output_dir = _existing(output_dir)
    pages = _html_files(output_dir)
    index = _load_manifest(output_dir / SEARCH_DIR)
    removed = set(index.pages) - set(pages) if index else ()
    update_search_index(output_dir, dict.fromkeys(pages), removed, options)


def _apply_changes(index: _Index, output_dir: Path, given: dict[str, Any], removed: Iterable[str]) -> set[int] | None:
    """Update ``index.pages`` in place; return the parts to index again, or None when the
    whole site must be indexed (a page gained the marker where none had it, or the number
    of parts changes)."""
    dirty: set[int] = set()
    for path in removed:
        if index.pages.pop(path, None) is not None:
            dirty.add(_part_of(path, index.parts))
    for path in given:
        html = _html(output_dir, path, given)
        fingerprint, is_marked = _view(html) if html is not None else ("", False)
        if is_marked and not index.marked:
            return None
        if html is None or (index.marked and not is_marked):
            if index.pages.pop(path, None) is not None:
                dirty.add(_part_of(path, index.parts))
        elif index.pages.get(path) != fingerprint:
            index.pages[path] = fingerprint
            dirty.add(_part_of(path, index.parts))
    if (index.marked and not index.pages) or _parts_for(len(index.pages)) != index.parts:
        return None
    return dirty


def _rewrite_parts(output_dir: Path, given: dict[str, Any], index: _Index, dirty: set[int]) -> None:
    """Index the ``dirty`` parts aside, then swap each in, the manifest marked pending meanwhile."""
    target = output_dir / SEARCH_DIR
    with _work_folder(output_dir) as work:
        _index_parts(output_dir, given, index, sorted(dirty), work / "new")
        if any(_bundle_version(work / "new" / str(part)) != index.pagefind for part in dirty):
            write_search_index(output_dir, given, index.options)  # another Pagefind: its parts would not mix
            return
        _write_manifest(target, _Index(index.parts, index.marked, {}, "pending", index.options))
        for part in sorted(dirty):
            if index.options.keep_previous:
                _carry_previous(target / str(part), work / "new" / str(part))
            _swap_in(work / "new" / str(part), target / str(part), work / f"old-{part}")
        _write_module(target, index)
        _write_manifest(target, index)


def _index_parts(output_dir: Path, given: Mapping[str, Any], index: _Index, parts: Iterable[int], bundle: Path) -> None:
    """Index each of ``parts`` into ``bundle/<part>/``, in worker processes (``digest.parallel``),
    a part at a time each: memory holds as many parts as there are workers, never the whole site."""
    members: dict[int, list[tuple[str, str]]] = {}
    for path in sorted(index.pages):
        members.setdefault(_part_of(path, index.parts), []).append((path, index.pages[path]))
    work = [(part, members.get(part, []), index.parts) for part in sorted(parts)]
    runtime = _runtime_files(index.options.language or "en", output_dir / SEARCH_DIR)
    jobs = worker_count(None) if len(index.pages) >= PARALLEL_FROM else 1
    shared = _PartWork(output_dir, given, bundle, index.options, runtime, index.marked)
    map_shared(_write_part, shared, work, jobs)


@dataclass(frozen=True)
class _PartWork:
    output_dir: Path
    given: Mapping[str, Any]
    bundle: Path
    options: IndexOptions
    runtime: Mapping[str, bytes]  # Pagefind's JavaScript and WebAssembly, the same in every part
    marked: bool = False  # the site marks its pages' bodies: a page whose body is no element's is left out


def _write_part(work: _PartWork, task: tuple[int, list[tuple[str, str]], int]) -> None:
    """The Pagefind bundle of one part (its pages by path, with the fingerprints of what
    Pagefind reads of them): the pages read as Pagefind reads them (``search_extract``), or
    kept from the last run where the fingerprint is the same, the index written in Pagefind's
    format (``search_bundle``), Pagefind's own runtime beside it."""
    from digest.search_bundle import STEMMED_LANGUAGES, bundle_files, by_language
    from digest.search_extract import WORD_SYMBOLS

    part, members, parts = task
    folder = work.bundle / str(part)
    cache = _PartCache(work.options, parts, part)
    for path, fingerprint in members:
        cache.page(path, fingerprint, functools.partial(_page_html, work, path))
    pages = cache.complete(lambda path: _page_html(work, path))
    if work.marked:  # (its marker in a comment, or in an element data-pagefind-ignore="all" leaves out)
        pages = [page for page in pages if page.has_body]
    runtime = dict(work.runtime)
    version = json.loads(runtime["pagefind-entry.json"])["version"]
    languages = {}
    files: dict[str, bytes] = {}
    # A part without pages is still an index, of none: a search finds nothing there (no index
    # at all would fail every search).
    grouped = by_language(pages) or {work.options.language or "unknown": []}
    for language, group in sorted(grouped.items()):
        written, meta_hash = bundle_files(group, language, version)
        files.update(written)
        if language.split("-")[0] in STEMMED_LANGUAGES and f"wasm.{language}.pagefind" not in runtime:
            runtime.update(_runtime_files(language, work.output_dir / SEARCH_DIR))  # a page's own language
        wasm = language if f"wasm.{language}.pagefind" in runtime else None
        languages[language] = {"hash": meta_hash, "wasm": wasm, "page_count": len(group)}
    entry = {"version": version, "languages": languages, "include_characters": list(WORD_SYMBOLS)}
    files["pagefind-entry.json"] = json.dumps(entry, ensure_ascii=False, separators=(",", ":")).encode()
    for name, content in runtime.items():
        if name != "pagefind-entry.json" and (
            not name.startswith("wasm.")
            or name == "wasm.unknown.pagefind"
            or name[len("wasm.") : -len(".pagefind")] in languages
        ):
            files[name] = content
    _write_bundle(folder, files, work.output_dir / SEARCH_DIR / str(part))
    cache.save()  # after the bundle: the pages carry what it made of them


def _page_html(work: _PartWork, path: str) -> str:
    html = _html(work.output_dir, path, work.given)
    if html is None:
        raise DigestError(f"search index: {work.output_dir / path} disappeared while it was being indexed")
    return html


class _PartCache:
    """What was read of a part's pages (``PageText``), kept in ``options.cache`` from one run to
    the next, each with the fingerprint of what Pagefind reads of the page (``_view``): a page
    with the same fingerprint is not read again, nor its file opened, whatever else of its HTML
    changed (a list of related articles outside its marked body, say).  A page is kept as the
    bundle's postings and fragment of it, without the words and text they were made of
    (``PageText.kept``); it is read again only when its part's meta fields change
    (``complete``).  A missing, damaged or older file is an empty cache; the file is replaced
    whole."""

    FORMAT = 6  # of the files (and of PageText): another is not read

    def __init__(self, options: IndexOptions, parts: int, part: int):
        self.language = options.language
        self.path = options.cache / f"part-{parts}-{part}.pickle" if options.cache else None
        # Each page kept compressed on its own, so that saving a part compresses only the
        # pages read again (the file whole: twice the time of the bundle's word index).
        self.stored: dict[str, bytes] = {}
        self.previous: dict[str, tuple[str, PageText]] = self._load()
        self.pages: dict[str, tuple[str, PageText]] = {}

    def page(self, path: str, fingerprint: str, html: Callable[[], str]) -> PageText:
        """What the index holds of ``path``: kept from before when ``fingerprint`` is the one it
        was read with, else read now from ``html()``."""
        from digest.search_extract import read_page

        kept = self.previous.get(path)
        page = (
            kept[1] if kept is not None and kept[0] == fingerprint else read_page(html(), _url_of(path), self.language)
        )
        self.pages[path] = (fingerprint, page)
        return page

    def complete(self, html_of: Callable[[str], str]) -> list[PageText]:
        """The pages, in order, each with what the bundle needs of it: a page kept without
        its words (``PageText.kept``) whose postings were made with other meta fields than
        its bundle's now is read again from ``html_of(path)``."""
        from digest.search_bundle import by_language, has_postings, meta_fields
        from digest.search_extract import read_page

        lacking: set[int] = set()
        for group in by_language([page for _, page in self.pages.values()]).values():
            fields = meta_fields(group)
            lacking.update(id(page) for page in group if not has_postings(page, fields))
        for path, (key, page) in self.pages.items():
            if id(page) in lacking:
                self.pages[path] = (key, read_page(html_of(path), _url_of(path), self.language))
        return [page for _, page in self.pages.values()]

    def save(self) -> None:
        if self.path is None or self._unchanged():
            return
        kept = {path: (key, self._stored(path, page)) for path, (key, page) in self.pages.items()}
        data = pickle.dumps((_reader_version(), self.language, kept), pickle.HIGHEST_PROTOCOL)
        temporary = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
        if not self.path.parent.parents[2].is_dir():  # (the site's folder, deleted meanwhile: not made again)
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            temporary.write_bytes(data)
            os.replace(temporary, self.path)
        except OSError:  # a cache: the index is right without it
            with contextlib.suppress(OSError):
                temporary.unlink()

    def _stored(self, path: str, page: PageText) -> bytes:
        """The page as the file keeps it: as it was loaded when it is the page loaded (a page
        kept is not changed by the bundle: ``_unchanged``), else compressed now."""
        previous = self.previous.get(path)
        if previous is not None and previous[1] is page and path in self.stored:
            return self.stored[path]
        return zlib.compress(pickle.dumps(page.kept(), pickle.HIGHEST_PROTOCOL), 1)

    def _unchanged(self) -> bool:
        """The same pages, each kept from before with what the bundle made of it then."""
        return (
            self.pages.keys() == self.previous.keys()
            and all(self.previous[path][1] is page for path, (_, page) in self.pages.items())
            and all(page.encoded and page.fragment_file for _, page in self.pages.values())
        )

    @staticmethod
    def forget_other_layouts(options: IndexOptions, parts: int) -> None:
        """Remove the files of parts of another number of parts (the site grew or shrank)."""
        for path in options.cache.glob("part-*.pickle") if options.cache else ():
            if not path.name.startswith(f"part-{parts}-"):
                path.unlink(missing_ok=True)

    def _load(self) -> dict[str, tuple[str, PageText]]:
        if self.path is None:
            return {}
        try:
            form, language, stored = pickle.loads(self.path.read_bytes())
            if form != _reader_version() or language != self.language:
                return {}
            pages = {path: (key, pickle.loads(zlib.decompress(data))) for path, (key, data) in stored.items()}
        except Exception:  # missing, damaged, foreign or of an older digest: nothing kept
            return {}
        self.stored = {path: data for path, (_, data) in stored.items()}
        return pages


@functools.lru_cache(maxsize=1)
def _reader_version() -> str:
    """What a kept ``PageText`` depends on: the cache's format, digest's version, the reading and
    encoding code as installed, and the libraries they use (a change makes the kept pages stale)."""
    import regex
    import Stemmer

    return f"{_PartCache.FORMAT} {_reader_id()} regex {regex.__version__} PyStemmer {Stemmer.version()}"


@functools.lru_cache(maxsize=1)
def _reader_id() -> str:
    """Which code read the pages of an index: digest's version and the reading and encoding
    modules' text (the same on every machine)."""
    from digest import __version__, search_bundle, search_extract

    code = b"".join(Path(module.__file__ or "").read_bytes() for module in (search_extract, search_bundle))
    return hashlib.blake2b(__version__.encode() + b"\0" + code, digest_size=8).hexdigest()


def _runtime_files(language: str, previous: Path) -> dict[str, bytes]:
    """Pagefind's JavaScript and WebAssembly (the stemmer of ``language`` among them) as the
    installed Pagefind writes them: taken from the previous index when that Pagefind wrote it,
    else from Pagefind itself (it gives them with an index of one page)."""
    version = _installed_version()
    key = (version, language)
    if key in _RUNTIME:
        return _RUNTIME[key]
    files = _runtime_from(previous, version, language)
    if files is None:
        files = _runtime_from_pagefind(language)
        found = json.loads(files["pagefind-entry.json"]).get("version", "")
        if found.split(".")[:2] != SUPPORTED.split(".")[:2]:
            raise DigestError(
                f"search index: digest writes the index of Pagefind {SUPPORTED}.x, and Pagefind {found} is "
                f"installed; install a {SUPPORTED} with: pip install 'pagefind[bin]>={SUPPORTED},<{_next_minor()}'"
            )
    _RUNTIME[key] = files
    return files


_RUNTIME: dict[tuple[str, str], dict[str, bytes]] = {}
_RUNTIME_NAMES = ("pagefind.js", "pagefind-worker.js", "wasm.unknown.pagefind")


def _runtime_from(previous: Path, version: str, language: str) -> dict[str, bytes] | None:
    """The runtime files of the previous index's first part, when the installed Pagefind wrote them."""
    from digest.search_bundle import STEMMED_LANGUAGES

    part = previous / "0"
    try:
        entry = json.loads((part / "pagefind-entry.json").read_text(encoding="utf-8"))
        if not version or entry.get("version") != version:
            return None
        names = [*_RUNTIME_NAMES]
        if language.split("-")[0] in STEMMED_LANGUAGES:
            names.append(f"wasm.{language}.pagefind")
        files = {name: (part / name).read_bytes() for name in names}
    except (OSError, ValueError, AttributeError):
        return None
    files["pagefind-entry.json"] = json.dumps({"version": version}).encode()
    return files


def _runtime_from_pagefind(language: str) -> dict[str, bytes]:
    with _Service(_pagefind_binary()) as service:
        index_id = service.ask([{"type": "NewIndex", "config": {"force_language": language}}])[0]["index_id"]
        page = f'<html lang="{language}"><body><p>digest</p></body></html>'
        service.ask([{"type": "AddFile", "index_id": index_id, "file_path": None, "url": "/", "file_contents": page}])
        answer = service.ask([{"type": "GetFiles", "index_id": index_id}])[0].get("files") or []
    files = {file["path"]: base64.b64decode(file["content"]) for file in answer if "/" not in file["path"]}
    kept = {name: content for name, content in files.items()
            if name in _RUNTIME_NAMES or name == "pagefind-entry.json" or name == f"wasm.{language}.pagefind"}  # fmt: skip
    if "pagefind.js" not in kept or "pagefind-entry.json" not in kept:
        raise DigestError("search index: Pagefind gave no pagefind.js")
    return kept


def _installed_version() -> str:
    """The installed Pagefind's version, as its package says ("" when that is not known)."""
    from importlib import metadata

    for package in ("pagefind_bin", "pagefind-bin", "pagefind"):
        try:
            return metadata.version(package)
        except metadata.PackageNotFoundError:
            continue
    return ""


def _next_minor() -> str:
    major, minor = SUPPORTED.split(".")[:2]
    return f"{major}.{int(minor) + 1}"


class _Service:
    """``pagefind --service``: base64 JSON requests separated by commas on stdin, answers alike
    on stdout.  (Pagefind's own Python wrapper polls for each answer, 0.1 s apiece.)"""

    def __init__(self, binary: Path):
        self.binary = binary
        self.next_id = 0
        self.buffer = b""

    def __enter__(self) -> _Service:
        self.errors = tempfile.TemporaryFile()
        try:
            self.process = subprocess.Popen(
                [str(self.binary), "--service"],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=self.errors,
                cwd=tempfile.gettempdir(),  # a folder that is there: Pagefind stops at once in one deleted since
            )
        except OSError as error:
            self.errors.close()
            raise DigestError(f"search index: cannot run Pagefind ({self.binary}): {error.strerror or error}") from None
        return self

    def __exit__(self, *exc_info: object) -> None:
        with contextlib.suppress(OSError):
            self.process.stdin.close()  # type: ignore[union-attr]
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.process.stdout.close()  # type: ignore[union-attr]
        self.errors.close()

    def ask(self, payloads: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Send ``payloads``; their answers, in the same order."""
        first = self.next_id
        self.next_id += len(payloads)
        request = b"".join(
            base64.b64encode(json.dumps({"message_id": first + n, "payload": payload}).encode()) + b","
            for n, payload in enumerate(payloads)
        )
        # Written by a thread while the answers are read: neither pipe may fill up and block both.
        writer = threading.Thread(target=self._send, args=(request,), daemon=True)
        writer.start()
        answers: dict[int, dict[str, Any]] = {}
        try:
            while len(answers) < len(payloads):
                message = self._read_message()
                payload = message.get("payload") or {}
                if payload.get("type") == "Error":
                    raise DigestError(f"search index: Pagefind failed: {payload.get('message')}")
                answers[message.get("message_id", -1)] = payload
        finally:
            writer.join()
        return [answers[first + n] for n in range(len(payloads))]

    def _send(self, request: bytes) -> None:
        with contextlib.suppress(OSError):  # Pagefind stopped: the reader reports why
            self.process.stdin.write(request)  # type: ignore[union-attr]
            self.process.stdin.flush()  # type: ignore[union-attr]

    def _read_message(self) -> dict[str, Any]:
        while b"," not in self.buffer:
            chunk = self.process.stdout.read1(1 << 16)  # type: ignore[union-attr]
            if not chunk:
                self._fail()
            self.buffer += chunk
        message, _, self.buffer = self.buffer.partition(b",")
        try:
            return dict(json.loads(base64.b64decode(message)))
        except ValueError:
            raise DigestError(f"search index: Pagefind answered something unreadable: {message[:80]!r}") from None

    def _fail(self) -> None:
        code = self.process.wait()
        self.errors.seek(0)
        lines = [line.strip() for line in self.errors.read().decode(errors="replace").splitlines() if line.strip()]
        raise DigestError(f"search index: Pagefind failed (exit code {code}): {' / '.join(lines[-5:]) or 'no output'}")


def _views(shared: tuple[Path, Mapping[str, Any]], paths: Sequence[str]) -> dict[str, tuple[str, bool]]:
    output_dir, given = shared
    return {path: _view(html) for path in paths if (html := _html(output_dir, path, given)) is not None}


def _view(html: str) -> tuple[str, bool]:
    """A fingerprint of what Pagefind reads of a page, and whether the page has the marker (in
    an element, not a comment): each marked element, each element with meta data, a filter or
    a sort key, the title, the h1s (each whole), the language and the images, each with its
    ancestors' data-pagefind attributes, which decide how it is read (an ignored or weighted
    region around it); the whole page when it has no marker.
    Equal fingerprints mean the same reading (``_PartCache`` keeps readings by it)."""
    from digest.search_extract import element_end

    read = _comments_or_raw_text().sub(lambda match: match[1] or "", html) if "<!--" in html else html
    if _BODY.search(read) is None:
        return hashlib.blake2b(html.encode(), digest_size=12).hexdigest(), False
    parts = []
    starts = []
    position = 0
    while (match := _READ_OF_MARKED.search(read, position)) is not None:
        tag = (match[1] or match[2] or "").lower()
        end = (element_end(read, tag, match.end()) if tag else None) or match.end()
        parts.append(read[match.start() : end])
        starts.append(match.start())
        position = end
    parts += _marked_ancestors(read, starts)
    return hashlib.blake2b("\x00".join(parts).encode(), digest_size=12).hexdigest(), True


@functools.cache
def _comments_or_raw_text() -> re.Pattern[str]:
    """A comment, or an element whose text is no markup (where "<!--" is only text): the one
    is left out of a page's fingerprint, the other kept (a marker in a comment marks nothing)."""
    from digest.search_extract import RAW_TEXT_ELEMENTS

    names = "|".join(sorted(RAW_TEXT_ELEMENTS))
    return re.compile(rf"(<({names})\b[^>]*>.*?</\2\s*>)|<!--.*?(?:-->|$)", re.S | re.I)


def _marked_ancestors(html: str, starts: list[int]) -> list[str]:
    """For each element starting at one of ``starts``: the start tags of the elements around
    it that carry a data-pagefind attribute, outermost first (elements nested as
    ``search_extract`` reads them)."""
    from digest.search_extract import HTML_ELEMENTS, RAW_TEXT_ELEMENTS, VOID_ELEMENTS

    found: list[str] = []
    wanted = set(starts)
    open_tags: list[tuple[str, str]] = []  # (name, the start tag when it has a data-pagefind attribute)
    position = 0
    while wanted and (match := _TAG.search(html, position)) is not None:
        position = match.end()
        closing, name = match[1], match[2].lower()
        if closing:
            for depth in range(len(open_tags) - 1, -1, -1):
                if open_tags[depth][0] == name:
                    del open_tags[depth:]
                    break
            continue
        if match.start() in wanted:
            wanted.discard(match.start())
            found.append(" ".join(tag for _, tag in open_tags if tag))
        if name in RAW_TEXT_ELEMENTS:
            closing_at = html.find(f"</{name}", position)
            position = closing_at if closing_at >= 0 else len(html)
        elif name not in VOID_ELEMENTS and not (match[0].endswith("/>") and name not in HTML_ELEMENTS):
            open_tags.append((name, match[0] if "data-pagefind-" in match[0] else ""))
    return found


def _html(output_dir: Path, path: str, given: Mapping[str, Any]) -> str | None:
    html = given.get(path)
    if html is None:
        try:
            html = (output_dir / path).read_bytes()
        except (FileNotFoundError, NotADirectoryError):
            return None
        except OSError as error:
            raise DigestError(f"search index: cannot read {output_dir / path}: {error}") from None
    return html.decode("utf-8", errors="replace") if isinstance(html, bytes) else html


def _html_files(output_dir: Path) -> list[str]:
    """Every HTML page of the output, as a path relative to it; not the index's own folder."""
    found = []
    for root, dirs, files in os.walk(output_dir):
        if root == str(output_dir):
            dirs[:] = [name for name in dirs if name != SEARCH_DIR and not name.startswith(INDEX_WORK_PREFIX)]
        relative = os.path.relpath(root, output_dir).replace(os.sep, "/")
        found += [name if relative == "." else f"{relative}/{name}" for name in files if name.endswith(".html")]
    return sorted(found)


def _excluded(path: str, patterns: tuple[str, ...]) -> bool:
    """Whether ``exclude`` takes a page: a pattern of its output path (``articles/x/index.html``)
    or of its address, with or without the leading slash (``/articles/x/``, ``articles/*/``)."""
    url = _url_of(path)
    return any(fnmatchcase(path, pattern) or fnmatchcase(url, "/" + pattern.lstrip("/")) for pattern in patterns)


def _url_of(path: str) -> str:
    """The URL Pagefind gives a page of the output: /articles/x/ for articles/x/index.html."""
    return "/" + (path[: -len("index.html")] if path == "index.html" or path.endswith("/index.html") else path)


def _part_of(path: str, parts: int) -> int:
    return zlib.crc32(path.encode()) % parts


def _parts_for(pages: int) -> int:
    parts = 1
    while pages > parts * PART_SIZE and parts < MAX_PARTS:
        parts *= 2
    return parts


def _load_manifest(folder: Path) -> _Index | None:
    """The index's manifest, or None when it is missing, damaged, pending or of another format."""
    try:
        data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        index = _Index(
            int(data["parts"]), bool(data["marked"]), dict(data["pages"]), str(data["pagefind"]),
            IndexOptions(str(data["language"]), tuple(map(str, data["exclude"]))),
        )  # fmt: skip
        layout = data["part_size"] == PART_SIZE and data["max_parts"] == MAX_PARTS
        same_reader = data.get("reader") == _reader_id()  # else every page may read otherwise now
        complete = data["format"] == FORMAT and layout and same_reader and index.pagefind != "pending"
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if not complete or not all((folder / str(part) / "pagefind.js").is_file() for part in range(index.parts)):
        return None
    return index


def _write_manifest(folder: Path, index: _Index) -> None:
    _write_file(folder / MANIFEST, _manifest_text(index))


def _manifest_text(index: _Index) -> str:
    data = {"format": FORMAT, "part_size": PART_SIZE, "max_parts": MAX_PARTS, "parts": index.parts,
            "marked": index.marked, "pagefind": index.pagefind, "pages": index.pages, "reader": _reader_id(),
            "language": index.options.language, "exclude": list(index.options.exclude)}  # fmt: skip
    return json.dumps(data, separators=(",", ":"), sort_keys=True)


def _write_module(folder: Path, index: _Index) -> None:
    """``pagefind.js`` (``_module_source``), rewritten only when it changes."""
    source = _module_source(index)
    with contextlib.suppress(OSError):
        if (folder / "pagefind.js").read_text(encoding="utf-8") == source:
            return
    _write_file(folder / "pagefind.js", source)


def _module_source(index: _Index) -> str:
    """Pagefind's API over the parts that have pages (digest/search_parts.js), the first of
    them loaded first."""
    filled = sorted({_part_of(path, index.parts) for path in index.pages}) or [0]
    source = Path(__file__).with_name("search_parts.js").read_text(encoding="utf-8")
    source = source.replace('"./0/pagefind.js"', f'"./{filled[0]}/pagefind.js"')
    return source.replace("/*PARTS*/[]", json.dumps([str(part) for part in filled[1:]]))


def _write_file(path: Path, text: str) -> None:
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        temporary.write_bytes(text.encode("utf-8"))  # (as bytes: the same on Windows, no CRLF)
        os.replace(temporary, path)
    except OSError as error:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise DigestError(f"search index: cannot write {path}: {error.strerror or error}") from None


def _bundle_version(part: Path) -> str:
    try:
        return str(json.loads((part / "pagefind-entry.json").read_text(encoding="utf-8"))["version"])
    except (OSError, ValueError, KeyError, TypeError):
        return "unknown"


def _write_bundle(bundle: Path, files: Mapping[str, bytes], previous: Path) -> None:
    """The files of a Pagefind bundle (relative path -> content) into the new folder ``bundle``.
    A file with the same bytes in the ``previous`` bundle is that file (a hard link): it is
    not written again, its modification time stays and deploy tools skip it."""
    folders: set[Path] = set()
    for name, content in files.items():
        target = bundle / name
        try:
            if target.parent not in folders:
                target.parent.mkdir(parents=True, exist_ok=True)
                folders.add(target.parent)
            if not _linked_if_same(previous / name, content, target):
                target.write_bytes(content)
        except OSError as error:
            raise DigestError(f"search index: cannot write {target}: {error.strerror or error}") from None


def _linked_if_same(old: Path, content: bytes, target: Path) -> bool:
    """Link ``old`` as ``target`` when it holds ``content``; False when it does not (or is
    missing, or hard links cannot be made here)."""
    if not same_bytes(str(old), content):
        return False
    try:
        os.link(old, target)
    except OSError:
        return False
    return True


def _existing(output_dir: Path) -> Path:
    output_dir = Path(output_dir).absolute()
    if not output_dir.is_dir():
        raise DigestError(f"search index: the output folder {output_dir} does not exist; build the site first")
    return output_dir


@contextlib.contextmanager
def _work_folder(output_dir: Path) -> Iterator[Path]:
    """A temporary folder next to the output (for renames into it), removed afterwards."""
    parent = _work_parent(output_dir)
    remove_abandoned(parent, INDEX_WORK_PREFIX)
    try:
        work = Path(tempfile.mkdtemp(prefix=f"{INDEX_WORK_PREFIX}{os.getpid()}-", dir=parent))
    except OSError as error:
        raise DigestError(
            f"search index: cannot create a temporary folder in {parent}: {error.strerror or error}"
        ) from None
    try:
        yield work
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _pagefind_binary() -> Path:
    """The Pagefind executable: $PAGEFIND_BINARY_PATH, the one the ``pagefind[bin]`` wheel
    ships, or ``pagefind`` on PATH (the lookup of Pagefind's own Python API)."""
    binary: Path | None = None
    try:
        from pagefind.service import get_executable

        binary = get_executable()
    except ImportError:  # the binary's wheel without the wrapper
        with contextlib.suppress(ImportError, OSError):
            from pagefind_bin import get_executable as get_bin_executable

            binary = get_bin_executable()
    except OSError:
        binary = None
    if binary is None or not binary.is_file():
        where = f" (no Pagefind binary at {binary})" if binary is not None else ""
        raise DigestError(
            f"search index: Pagefind is not installed; install it with: pip install 'pagefind[bin]'{where}"
        )
    return binary


CARRIED = ".carried"  # in a part (``keep_previous``): the files it keeps of the part it replaced


def _carry_previous(old: Path, new: Path) -> None:
    """Link into the part ``new`` the files of ``old`` it does not have (Pagefind names its
    meta, index and fragment files by their content, so none is another's), except those
    ``old`` itself carried: each part keeps one update's files, no more."""
    try:
        carried_before = set(json.loads((old / CARRIED).read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError):
        carried_before = set()
    carried = []
    for root, _, names in os.walk(old):
        for name in names:
            relative = os.path.relpath(os.path.join(root, name), old).replace(os.sep, "/")
            if relative == CARRIED or relative in carried_before or (new / relative).exists():
                continue
            with contextlib.suppress(OSError):
                (new / relative).parent.mkdir(parents=True, exist_ok=True)
                os.link(os.path.join(root, name), new / relative)
                carried.append(relative)
    if carried:
        _write_file(new / CARRIED, json.dumps(sorted(carried)))


def _swap_in(bundle: Path, target: Path, work: Path) -> None:
    """Replace ``target`` with ``bundle``: the two exchanged, or old renamed away and new
    renamed in (the old one is removed with ``work``).

    A concurrent indexer may put its own bundle in between; then its bundle is moved away
    too and ours goes in (the last one wins, and there is always exactly one index).
    """
    work.mkdir(exist_ok=True)
    # In one step where the system can: never a moment without the folder (the preview's
    # browser may be reading it). The previous one is then at ``bundle``, in the work folder.
    with contextlib.suppress(OSError):
        if target.is_dir() and not target.is_symlink() and rename_exchange(bundle, target):
            return
    old = work / "old"
    for attempt in range(5):
        moved_away = False
        try:
            os.replace(target, old if attempt == 0 else work / f"old-{attempt}")
            moved_away = True
        except FileNotFoundError:
            pass  # no previous index
        except OSError as error:
            raise DigestError(
                f"search index: cannot move the previous {target} away: {error.strerror or error}"
            ) from None
        try:
            os.rename(bundle, target)  # fails, rather than merges, if a folder appeared meanwhile
            return
        except OSError as error:
            if target.exists() and not target.is_symlink() and target.is_dir():
                continue  # another indexer was quicker: move its bundle away and try again
            if moved_away and attempt == 0:
                with contextlib.suppress(OSError):
                    os.replace(old, target)  # put the previous index back
            raise DigestError(
                f"search index: cannot move the new index into {target}: {error.strerror or error}"
            ) from None
    raise DigestError(f"search index: {target} kept changing while it was being replaced")


def _work_parent(output_dir: Path) -> Path:
    """Where temporary bundles go: next to the output, unless that is another file system
    (an output folder that is a mount point), where renames would fail; then inside it."""
    parent = output_dir.parent
    try:
        if os.stat(parent).st_dev == os.stat(output_dir).st_dev and os.access(parent, os.W_OK | os.X_OK):
            return parent
    except OSError:
        pass
    return output_dir
