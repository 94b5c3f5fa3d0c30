"""content/ -> Site: load every file, validate it, resolve picks and links.

Every problem found is collected and raised together as one BuildFailed, so a user
fixes all of them in one pass.  Parsed files are cached by (mtime, size) in a
``ContentCache`` that a long-lived builder (``digest serve``) keeps between builds.
"""

from __future__ import annotations

import hashlib
import math
import os
import posixpath
import re
import time
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from dataclasses import fields as dataclass_fields
from datetime import UTC, date, datetime, tzinfo
from pathlib import Path
from stat import S_ISREG
from typing import Any, TypeVar
from urllib.parse import quote, unquote, urlsplit

from digest.config import (
    BUILTIN_PLUGINS,
    SiteConfig,
    file_too_big,
    language_problem,
    language_tag,
    load_key_lines,
    not_utf8,
    read_regular_file,
    unknown_language,
    walk_folder,
)
from digest.errors import BuildFailed, ContentError, DigestError, field_name, nearest, shown_path
from digest.frontmatter import (
    FORBIDDEN_CHARACTERS,
    TEXT_START,
    Document,
    as_list,
    describe_character,
    parse_document,
)
from digest.layout import (
    CONFIG_NAME,
    CONTENT_DIR,
    PUBLISHED_FOLDERS,
    RACY_NS,
    as_typed,
    changed_ns,
    is_editor_file,
    windows_problem,
)
from digest.markup import (
    RAW_HTML_OMITTED,
    Markdown,
    RenderedMarkdown,
    fenced_lines,
    render_markdown,
    without_code_spans,
)
from digest.model import (
    DATE_PREFIX,
    KINDS,
    SITE_ROOT,
    SLUG_LIMIT,
    SLUG_PATTERN,
    Aliases,
    Article,
    Digest,
    Extra,
    Image,
    Month,
    Page,
    Pick,
    RecordMemo,
    Site,
    Source,
    Topic,
    TopicRef,
    bounded_slug,
    bundle_folder,
    file_stem,
    folded,
    intro_id_prefix,
    name_order,
    newest_first,
    note_id_prefix,
    resolve_content_links,
    same_objects,
    slugify,
    topic_slug,
    unfit_topic,
    url_problem,
)

RELATED_COUNT = 5
COMBINED_TOPICS = 6  # up to this many topics, related articles are found by pairs and triples too
PARALLEL_THRESHOLD = 200  # below this many files to parse, one process is faster
# Output names a page slug may not take, so that no page replaces a section of the site.
RESERVED_SLUGS = frozenset(
    {"articles", "topics", "digests", "archive", "search", "static", "pagefind", "page", "404", "feed"}
)
T = TypeVar("T")
_HEADING_TAG = re.compile(r"<h[1-6][\s>]")

ARTICLE_KEYS = frozenset(
    {"title", "date", "date_inferred", "topics", "section", "source", "image", "summary",
     "draft", "slug", "author", "imported", "language", "tags", "aliases", "redirect_from"}
)  # fmt: skip
# When an article was last changed, as Hugo (``lastmod``), Jekyll (``last_modified_at``) and others write it.
UPDATED_KEYS = ("lastmod", "last_modified_at", "updated")
# Fields of other generators (keys as Hugo reads them, in lower case) that would change where
# or whether a page is published, and what digest does instead.
_OWN_ADDRESS = (
    "digest gives the page its own address; to keep the old one working, list it under aliases: "
    "or in content/root/_redirects (read by Netlify and Cloudflare Pages)"
)


def foreign_draft_flag(key: Any, value: Any) -> str | None:
    """Why a field is another generator's draft flag, which digest does not read (the build
    refuses the file: it would go live), or None: Jekyll's and Hugo's ``published: false``,
    Ghost's ``status: draft``."""
    if key == "published" and value is False:
        return "published: false is not read (it is Jekyll's and Hugo's draft flag): " + _WRITE_DRAFT
    if key == "status" and value == "draft":
        return "status: 'draft' is not read (it is Ghost's draft flag): " + _WRITE_DRAFT
    return None


_WRITE_DRAFT = "write draft: true to keep this out of the site"


def _has_own_plugins(config: SiteConfig) -> bool:
    """Whether the site enables plugins besides the built-in ones."""
    return bool(config.hooks) or any(p.enabled and p.name not in BUILTIN_PLUGINS for p in config.plugins)


_FOREIGN_FIELDS = {
    "permalink": _OWN_ADDRESS,
    "url": _OWN_ADDRESS,
    "expirydate": "the article stays published after it",
    "unpublishdate": "the article stays published after it",
    "publishdate": "the article is published by its date: (a date to come keeps it out until then)",
    "pubdate": "the article is published by its date: (a date to come keeps it out until then)",
}
# Other generators' names of a field digest has under its own (Hugo's and Jekyll's), told
# when the file has none of digest's: the page would silently go without it.
_OTHER_NAMES = {"description": "summary", "excerpt": "summary"}
DIGEST_KEYS = frozenset({"title", "date", "picks", "summary", "draft", "slug", "aliases", "redirect_from", "language"})
PICK_KEYS = frozenset({"article", "note"})
TOPIC_KEYS = frozenset({"title", "name", "draft"})
PAGE_KEYS = frozenset(
    {"title", "date", "slug", "draft", "summary", "weight", "menu", "menus", "aliases", "redirect_from"}
)


@dataclass(frozen=True)
class LoadOptions:
    drafts: bool = False
    future: bool = False
    now: datetime | None = None  # "now" for future-dated content; defaults to the current time
    jobs: int = 1  # processes for parsing many changed files
    # What plugins do to each record once parsed (``plugins.Plugins.file_parsed``); raises DigestError
    on_file_parsed: Callable[[Any], Any] | None = None
    # Every change since the last load is in ``ContentCache.changes`` (a watcher's): the
    # files not among them need not be looked at.
    watched: bool = False
    # The content files' stats as the inputs' signature took them (by full path), else None.
    stats: Mapping[str, os.stat_result] | None = None
    # Content files shown whatever their draft flag and date (an issue and its picks).
    shown: frozenset[str] = frozenset()


@dataclass(frozen=True)
class ParsedFile:
    """One content file after front matter and Markdown, before cross-file checks."""

    path: str  # relative to the site folder, '/'-separated
    kind: str
    record: Article | Digest | Page | Topic | None
    version: str = ""  # hash of the file's bytes
    pick_refs: tuple[tuple[str, str, int], ...] = ()  # (article ref, note html, line)
    links: tuple[tuple[str, int], ...] = ()  # (target path, line) of links to content files
    topics_line: int | None = None  # of an article's ``topics``
    slug_line: int = 1  # of ``slug`` (1: the slug comes from the file's name)
    # Markdown images at a path of content/ that is not published: (address, path, line); an
    # error where that file exists (a picture kept beside the article), looked at as the site is
    # put together (another file's presence is no part of this file's parse).
    unpublished_images: tuple[tuple[str, str, int], ...] = ()
    # Files of its folder that a file with a page but no bundle of its own names (``photo.jpg``
    # beside content/articles/x.md), published beside its page as a bundle's are: (content
    # path, output path, line, whether a missing one is an error: ``image.src``'s).
    beside: tuple[tuple[str, str, int, bool], ...] = ()
    errors: tuple[DigestError, ...] = ()
    warnings: tuple[DigestError, ...] = ()


_Entry = tuple[tuple[int, int], "ParsedFile", int]  # (changed_ns and size, parsed file, when it was read)


@dataclass
class ContentCache:
    """Parsed files keyed by path; an entry is reused while the file's stat is unchanged.
    The builder keeps it between builds, in memory and in its store."""

    config_key: str = ""
    entries: dict[str, _Entry] = field(default_factory=dict)
    related_key: str = ""  # related articles depend only on slugs, dates and topics
    related: dict[str, tuple[str, ...]] = field(default_factory=dict)
    related_inputs: RecordMemo = field(default_factory=RecordMemo)  # by path (``_related_inputs``)
    parsed: set[str] = field(default_factory=set)  # the paths the last load parsed anew
    restamped: set[str] = field(default_factory=set)  # and those it found with new stats but the same bytes
    # The last files with links resolved: path -> (file, URLs, result).
    resolved: dict[str, tuple[ParsedFile, tuple[str, ...], ParsedFile]] = field(default_factory=dict)
    topics: dict[str, Topic] = field(default_factory=dict)  # the last site's, by slug (``_build_topics``)
    # The last articles renamed to their topics' names: path -> (article, names, result).
    renamed: dict[str, tuple[Article, tuple[str, ...], Article]] = field(default_factory=dict)
    months: dict[tuple[int, int], Month] = field(default_factory=dict)  # the last archive's (``archive_months``)
    # The content files the last load found, in the order of a walk; and the paths (relative
    # to the site) a watcher saw change since, which a long-lived builder hands in: a load
    # then looks at those alone (``listed_after_changes``), unless one of them needs a walk.
    listed: list[tuple[str, str]] | None = None
    misnamed: list[str] = field(default_factory=list)  # Markdown files not named .md (``content_files``)
    linked: list[str] = field(default_factory=list)  # links to folders, not followed (``content_files``)
    changes: set[str] = field(default_factory=set)
    # The last load's: when its first future-dated article or issue comes due (which changes
    # the site by itself), and how many records it left out as drafts and as future-dated.
    held_back: tuple[float, tuple[int, int]] = (math.inf, (0, 0))
    bundles: dict[str, _Bundle] = field(default_factory=dict)  # the last load's page bundles (``_bundle_files``)

    def get(self, site_dir: Path, path: str, stamp: tuple[int, int], told: bool = False) -> _Entry | None:
        """The cached entry for ``path`` if the file is unchanged.

        A file modified within a clock tick of being read could change again without its
        mtime changing ("racily clean", as git calls it), so such entries are verified by
        content before they are trusted; so are those of files a watcher said changed
        (``told``): an edit of the same size given back its old mtime (``touch -r``) is seen.
        A file of the same size with a new mtime (a fresh clone, a checkout, a ``touch``) is
        verified by content too: its entry is kept, with the new stat, when the bytes are the same.
        """
        entry = self.entries.get(path)
        if entry is None or entry[0][1] != stamp[1]:
            return None
        if entry[0] == stamp and stamp[0] < entry[2] - RACY_NS and not told:
            return entry
        read_at = time.time_ns()
        if _version((site_dir / path).read_bytes()) == entry[1].version:
            return (stamp, entry[1], read_at)
        return None


def load_site(
    site_dir: Path,
    config: SiteConfig,
    options: LoadOptions,
    cache: ContentCache | None = None,
) -> tuple[Site, list[DigestError]]:
    """Read ``content/`` into a Site; raise BuildFailed with every error found."""
    cache = cache if cache is not None else ContentCache()
    config_key = repr((config.markdown, config.timezone, config.limits))  # (the Markdown plugins' code too)
    if cache.config_key != config_key:
        cache.entries.clear()
        cache.related_key = ""
        cache.config_key = config_key
    parsed = _load_files(site_dir, config, cache, options)
    errors = [error for file in parsed for error in file.errors]
    if options.on_file_parsed is not None:
        parsed = _plugged(parsed, options.on_file_parsed, errors)
    warnings = [warning for file in parsed for warning in file.warnings]
    for path in cache.misnamed:
        suffix = path.rpartition(".")[2]
        message = f"not read: content files are named *.md (rename .{suffix} to .md)"
        warnings.append(ContentError(message, path))
    warnings.extend(ContentError(f"not read: {LINKED_FOLDER}", path) for path in cache.linked)
    _unread_in_content(site_dir, errors, warnings)
    if config.topics:
        warnings += _described_in_config_too(parsed, config, site_dir)
    published = (_list_static(site_dir, errors, warnings), list_root_files(site_dir, errors, warnings))
    site = _assemble(parsed, config, options, errors, published, cache, site_dir)
    if errors:
        raise BuildFailed(errors, warnings)
    return site, warnings


# The folders of content/ that digest reads; what else is there is named (another generator's).
CONTENT_FOLDERS = (*KINDS, "static", "root")
_ARTICLE_FOLDERS = frozenset({"posts", "post", "blog", "news"})  # Hugo's, Jekyll's (_posts), Ghost's


def _unread_in_content(site_dir: Path, errors: list[DigestError], warnings: list[DigestError]) -> None:
    """A folder or Markdown file of content/ that digest does not read is a warning; a folder
    named as one it reads in another case (``Articles``) an error: macOS and Windows, which
    ignore case, read it, Linux does not, and the site would differ from one to the other."""
    try:
        names = sorted(os.listdir(site_dir / CONTENT_DIR))
    except OSError:
        return  # (no content/ yet; one that cannot be read is told by the walk)
    where = "digest reads content/articles/, digests/, topics/, pages/, static/ and root/"
    for name in names:
        path = site_dir / CONTENT_DIR / name
        if name.startswith(".") or name in CONTENT_FOLDERS or not (path.is_dir() or name.endswith(".md")):
            continue
        shown = f"{CONTENT_DIR}/{name}"
        if path.is_dir() and (meant := name.lower()) in CONTENT_FOLDERS:
            message = (
                f"not read: digest reads {CONTENT_DIR}/{meant}/, in lower case (macOS and Windows read either, "
                "Linux only that one); rename the folder"
            )
            errors.append(ContentError(message, shown))
        elif path.is_dir():
            hint = " (articles go in content/articles/)" if name.lower().lstrip("_") in _ARTICLE_FOLDERS else ""
            warnings.append(ContentError(f"not read: {where}{hint}", shown))
        else:
            warnings.append(ContentError(f"not read: {where} (a page goes in content/pages/)", shown))


def _plugged(
    parsed: list[ParsedFile], on_file_parsed: Callable[[Any], Any], errors: list[DigestError]
) -> list[ParsedFile]:
    """Parsed files as plugins make them (after the cache: what is kept is the file's own)."""
    result = []
    for file in parsed:
        if file.record is not None:
            try:
                file = replace(file, record=_plugged_record(file.record, on_file_parsed))
            except DigestError as error:
                errors.append(error)
        result.append(file)
    return result


def _plugged_record(record: Any, on_file_parsed: Callable[[Any], Any]) -> Any:
    """A record as plugins make it.  An article whose body the build store keeps is given
    to them with its body, as a clean build parses it, and is kept without it again unless
    they changed it."""
    if not isinstance(record, Article) or record.body_source is None:
        return on_file_parsed(record)
    given = replaced(record, body=record.body_source(), body_source=None)
    result = on_file_parsed(given)
    if result is given:
        return record
    if isinstance(result, Article) and result.body == given.body:
        return replaced(result, body="", body_source=record.body_source)
    return result


# Names other tools give Markdown files, which digest does not read (a warning says so).
MISNAMED_MARKDOWN = (".markdown", ".mdown", ".mkdn", ".mkd", ".mdwn", ".md")


def content_files(
    site_dir: Path, misnamed: list[str] | None = None, linked: list[str] | None = None
) -> Iterator[tuple[str, str]]:
    """Every Markdown content file as (kind, path relative to the site folder); the paths
    of files named as Markdown otherwise (``x.markdown``, ``x.MD``) added to ``misnamed``,
    those of links to folders (which are not followed) to ``linked``."""
    for kind in KINDS:
        for root, dirs, files in walk_folder(site_dir / CONTENT_DIR / kind, site_dir):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            relative_root = os.path.relpath(root, site_dir).replace(os.sep, "/")
            if linked is not None:
                linked.extend(f"{relative_root}/{name}" for name in dirs if os.path.islink(os.path.join(root, name)))
            for name in sorted(files):
                if name.startswith("."):
                    continue
                if name.endswith(".md"):
                    yield kind, f"{relative_root}/{name}"
                elif misnamed is not None and name.lower().endswith(MISNAMED_MARKDOWN):
                    misnamed.append(f"{relative_root}/{name}")


def list_root_files(site_dir: Path, errors: list[DigestError], warnings: list[DigestError]) -> tuple[str, ...]:
    """Files under content/root/, published at the output root as they are: dot-files too
    (``.well-known/``, ``_headers``), for hosts that read them; not an editor's files
    beside them (``.#_redirects``, ``CNAME~``)."""
    folder = site_dir / CONTENT_DIR / "root"
    found = []
    for root, dirs, files in walk_folder(folder, site_dir):
        dirs.sort()
        _refuse_links_out(site_dir, root, dirs, errors, warnings)
        for name in files:
            if (shown := not_utf8_name(shown_path(Path(root, name), site_dir))) is not None:
                errors.append(ContentError(NOT_UTF8_NAME, shown, None))
            elif not is_editor_file(name) and not _leads_out(site_dir, Path(root, name), errors):
                found.append(Path(root, name).relative_to(folder).as_posix())
    return tuple(sorted(found))


def _leads_out(site_dir: Path, path: Path, errors: list[DigestError]) -> bool:
    """Whether ``path`` is a symbolic link to something outside the site's content/ (a
    file elsewhere on the machine, the site's .git/config): an error, never published."""
    if not os.path.islink(path):
        return False
    content = os.path.realpath(site_dir / CONTENT_DIR)
    target = os.path.realpath(path)
    if target == content or target.startswith(content + os.sep):
        return False
    message = "a link to a file outside the site's content/ folder: not published (copy the file in instead)"
    errors.append(ContentError(message, shown_path(path, site_dir), None))
    return True


def _refuse_links_out(
    site_dir: Path, root: str, dirs: list[str], errors: list[DigestError], warnings: list[DigestError]
) -> None:
    """A linked folder is not walked (links are not followed): one leading out is an error,
    any other a warning (its files are not published)."""
    for name in dirs:
        path = Path(root, name)
        if not _leads_out(site_dir, path, errors) and os.path.islink(path):
            warnings.append(ContentError(f"not published: {LINKED_FOLDER}", shown_path(path, site_dir), None))


LINKED_FOLDER = "a link to a folder (links to folders are not followed; move the folder here)"


def _list_static(site_dir: Path, errors: list[DigestError], warnings: list[DigestError]) -> tuple[str, ...]:
    """The files of content/static/; anything there that is no regular file (a FIFO, a link
    that loops or leads nowhere) is an error, as it is anywhere in content/."""
    folder = site_dir / CONTENT_DIR / "static"
    found = []
    for root, dirs, files in walk_folder(folder, site_dir):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        _refuse_links_out(site_dir, root, dirs, errors, warnings)
        for name in files:
            if name.startswith(".") or is_editor_file(name) or _leads_out(site_dir, Path(root, name), errors):
                continue
            if (shown := not_utf8_name(shown_path(Path(root, name), site_dir))) is not None:
                errors.append(ContentError(NOT_UTF8_NAME, shown, None))
                continue
            if not os.path.isfile(os.path.join(root, name)):
                message = (
                    "not a regular file (only regular files are read): a FIFO, or a link that loops or leads nowhere"
                )
                errors.append(ContentError(message, shown_path(Path(root, name), site_dir), None))
                continue
            found.append(Path(root, name).relative_to(folder).as_posix())
    return tuple(sorted(found))


def _load_files(site_dir: Path, config: SiteConfig, cache: ContentCache, options: LoadOptions) -> list[ParsedFile]:
    """Every content file, parsed; unchanged files come from the cache, the rest in parallel."""
    fresh: dict[str, _Entry] = {}
    stale: list[tuple[str, str, tuple[int, int]]] = []
    restamped: set[str] = set()
    listed = listed_after_changes(site_dir, cache) if options.watched else None
    looked_at = None if listed is None else cache.changes
    told = cache.changes if options.watched else set()  # verified by content, whatever their stat
    if listed is None:
        cache.misnamed, cache.linked = [], []
        listed = list(content_files(site_dir, cache.misnamed, cache.linked))
    signed = options.stats or {}
    for kind, path in listed:
        if looked_at is not None and path not in looked_at and path in cache.entries:
            fresh[path] = cache.entries[path]  # no change seen: as it was
            continue
        try:
            full = f"{site_dir}/{path}"
            stat = signed.get(full) or os.stat(full)
        except OSError as error:  # a symlink loop, a dangling link
            fresh[path] = (_UNREAD, _unreadable(kind, path, f"cannot read this file: {error.strerror}"), 0)
            continue
        if not S_ISREG(stat.st_mode):  # a FIFO would block the build
            fresh[path] = (_UNREAD, _unreadable(kind, path, "not a regular file (only regular files are read)"), 0)
            continue
        stamp = (changed_ns(stat), stat.st_size)
        entry = cache.get(site_dir, path, stamp, told=path in told)
        if entry is None:
            stale.append((kind, path, stamp))
        else:
            fresh[path] = entry
            if entry[0] != cache.entries[path][0]:
                restamped.add(path)
    for entry in _parse_all(site_dir, config, stale, options):
        fresh[entry[1].path] = entry
    cache.parsed = {path for _, path, _ in stale}
    cache.restamped = restamped
    cache.entries = fresh
    cache.listed, cache.changes = listed, set()
    return [fresh[path][1] for _, path in listed]


def listed_after_changes(site_dir: Path, cache: ContentCache) -> list[tuple[str, str]] | None:
    """The content files as the last load listed them, with the changes a watcher saw
    (``cache.changes``) applied: files that appeared added, files that went away dropped.
    None when there is no such listing, when a change may be a folder's (one that came,
    went or moved), or when a kind's folder is a symbolic link, which take a walk."""
    if cache.listed is None or any(os.path.islink(f"{site_dir}/{CONTENT_DIR}/{kind}") for kind in KINDS):
        return None  # a watcher does not look into a linked folder inside the one it watches
    known = {path for _, path in cache.listed}
    added: list[tuple[str, str]] = []
    gone: set[str] = set()
    for path in cache.changes:
        parts = path.split("/")
        if parts[0] != CONTENT_DIR:
            continue
        if len(parts) < 3:  # content/ or one of its folders itself
            if len(parts) == 1 or parts[1] in KINDS:
                return None
            continue
        if parts[1] not in KINDS or any(part.startswith(".") for part in parts[2:-1]):
            continue
        full = f"{site_dir}/{path}"
        if os.path.isdir(full):
            return None
        exists = os.path.lexists(full)
        if not parts[-1].endswith(".md") or parts[-1].startswith("."):
            if parts[-1].lower().endswith(MISNAMED_MARKDOWN) and not parts[-1].startswith("."):
                return None  # a Markdown file named otherwise came or went: its warning with it
            if not exists and any(other.startswith(path + "/") for other in known):
                return None  # a folder that held content files went away
            continue
        if exists and path not in known:
            added.append((parts[1], path))
        elif not exists and path in known:
            gone.add(path)
    if not added and not gone:
        return cache.listed
    listed = [item for item in cache.listed if item[1] not in gone]
    return sorted(listed + added, key=_walk_order) if added else listed


def _walk_order(item: tuple[str, str]) -> tuple[int, list[tuple[int, str]]]:
    """Where ``content_files`` finds a file: kind by kind, a folder's files (sorted) before
    its subfolders (sorted)."""
    kind, path = item
    parts = path.split("/")[2:]
    return KINDS.index(kind), [(1, part) for part in parts[:-1]] + [(0, parts[-1])]


_UNREAD = (-1, -1)  # the stamp of no file: never equal to a file's


def _unreadable(kind: str, path: str, message: str) -> ParsedFile:
    return ParsedFile(path, kind, None, errors=(ContentError(message, path, 1),))


def _parse_all(
    site_dir: Path, config: SiteConfig, files: list[tuple[str, str, tuple[int, int]]], options: LoadOptions
) -> list[_Entry]:
    """Each file parsed (many in worker processes)."""
    from digest.parallel import map_shared, split

    jobs = options.jobs if len(files) >= PARALLEL_THRESHOLD else 1
    batches = split(files, jobs) if files else []
    return [entry for batch in map_shared(_parse_batch, (site_dir, config), batches, jobs) for entry in batch]


def _parse_batch(where: tuple[Path, SiteConfig], files: Sequence[tuple[str, str, tuple[int, int]]]) -> list[_Entry]:
    site_dir, config = where
    markdown = Markdown.of(config.markdown)
    entries: list[_Entry] = []
    for kind, path, stamp in files:
        read_at = time.time_ns()
        try:
            data = read_regular_file(site_dir / path, path, config.limits.file_size)
        except ContentError as error:
            entry = (_UNREAD, ParsedFile(path, kind, None, errors=(error,)), read_at)
        else:
            entry = (stamp, parse_file(kind, path, data, config, markdown), read_at)
        entries.append(entry)
    return entries


def parse_file(kind: str, path: str, data: bytes, config: SiteConfig, markdown: Markdown) -> ParsedFile:
    """Parse one content file; problems are returned in ``errors``, never raised."""
    version = _version(data)
    try:
        if (shown := not_utf8_name(path)) is not None:
            raise ContentError(NOT_UTF8_NAME, shown, None)
        if len(data) > config.limits.file_size:
            raise ContentError(file_too_big(config.limits.file_size), path, 1)
        text = _decode(data, path)
        document = parse_document(text, path)
        if (message := _section_index(kind, path)) is not None:
            raise ContentError(message, path, 1)
        if document.body_line == 1:  # (a front matter with no field says which it needs)
            raise ContentError("no front matter: the file must start with a '---' line", path, 1)
        reader = _READERS[kind]
        return replace(reader(_Reader(path, document, config, markdown, version)), version=version)
    except ContentError as error:
        return ParsedFile(path, kind, None, version=version, errors=(error,))


# Hugo's _index.md of a section, which digest lists itself: what it is not, what lists them
_SECTION_INDEXES = {
    "articles": ("an article", "the articles itself (topics, archive)", "content/pages/ or content/topics/"),
    "digests": ("an issue", "the issues itself (digests/)", "content/pages/ or content/topics/"),
    "topics": ("a topic", "the topics itself (topics/)", "content/pages/"),
}


def _section_index(kind: str, path: str) -> str | None:
    """Why a Hugo section's ``_index.md`` is not read, its text shown nowhere: among the
    articles or issues, or at the top of the topics (one in a topic's folder is its term's
    page, the topic's description)."""
    if posixpath.basename(path) != "_index.md" or kind not in _SECTION_INDEXES:
        return None
    if kind == "topics" and path != f"{CONTENT_DIR}/topics/_index.md":
        return None
    what, lists, where = _SECTION_INDEXES[kind]
    return f"a Hugo section's _index.md, not {what}: digest lists {lists}; move its text to {where}, or delete it"


NOT_UTF8_NAME = "the file's name is not UTF-8 (a name from an old archive or system): rename it"


def not_utf8_name(path: str) -> str | None:
    """``path`` as it can be shown (its odd bytes as ``\\xff``) when its name is not UTF-8, which
    no address, feed or record of the build can carry."""
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:
        return os.fsencode(path).decode("utf-8", "backslashreplace")
    return None


def _decode(data: bytes, path: str) -> str:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        message, line = not_utf8(error)
        raise ContentError(message, path, line) from None
    return text.replace("\r\n", "\n")


def _version(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=12).hexdigest()


def fingerprint(parts: Iterable[str]) -> str:
    """A short stable hash of a sequence of strings."""
    return hashlib.blake2b("\0".join(parts).encode("utf-8", "surrogatepass"), digest_size=12).hexdigest()


class _Reader:
    """Field-by-field validation of one file's front matter, collecting every problem."""

    def __init__(self, path: str, document: Document, config: SiteConfig, markdown: Markdown, version: str):
        self.path = path
        self.document = document
        self.meta = document.meta
        self.config = config
        self.markdown = markdown
        self.version = version
        self.errors: list[DigestError] = []
        self.warnings: list[DigestError] = []
        self.images: list[tuple[str, int]] = []  # local image files named in front matter, with their line
        self.unpublished_images: list[tuple[str, str, int]] = []  # ParsedFile.unpublished_images
        self.bundle: str | None = None  # its page's address (``bundled``)
        self.beside: list[tuple[str, str, int, bool]] = []  # ParsedFile.beside

    def bundled(self, url: str) -> None:
        """The file's page is at ``url``, where the files of its folder that its images and links
        name are published (all of them for a page bundle's index.md)."""
        self.bundle = url

    def published_beside(self, target: str, line: int, required: bool) -> str | None:
        """Where ``target``, a file of this file's folder (or of one in it), is published beside
        its page; noted to be published, unless the file is a page bundle's, whose folder is."""
        folder = as_typed(posixpath.dirname(self.path))
        if self.bundle is None or not target.startswith(f"{folder}/"):
            return None
        output = self.bundle + target[len(folder) + 1 :]
        if not bundle_folder(self.path):
            self.beside.append((target, output, line, required))
        return output

    def fail(self, key: tuple[Any, ...], message: str) -> None:
        self.errors.append(ContentError(f"{field_name(key)}: {message}", self.path, self.document.line_of(*key)))

    def missing(self, key: str, advice: str = "") -> None:
        """``key``, required, is not in the file.  Written in other capitals (``Date:``, as
        Hugo, which reads its keys in any case, lets a site write them), it is named at its line."""
        written = next((str(other) for other in self.meta if str(other).lower() == key and other != key), None)
        if written is not None:
            message = f"{key}: missing (required); '{written}' is not read for it (fields are written in lower case)"
            self.errors.append(ContentError(f"{message}: write {key}:", self.path, self.document.line_of(written)))
        else:
            self.fail((key,), f"missing (required); {advice}" if advice else "missing (required)")

    def extra(self, known: frozenset[str]) -> Extra:
        """The fields the schema does not know, kept as YAML typed them (``extra`` in
        templates).  One that looks like a misspelt known field is warned about."""
        unknown = {key: value for key, value in self.meta.items() if key not in known}
        for key, value in unknown.items():
            if self._foreign_field(str(key), value):
                continue
            lower = str(key).lower()  # Tags: as Hugo lets a site write it
            close = lower if lower in known else nearest(str(key), known, cutoff=0.8)
            if close:
                message = f"{key}: unknown field (kept in extra); did you mean '{close}'?"
                self.warnings.append(ContentError(message, self.path, self.document.line_of(key)))
            elif (ours := _OTHER_NAMES.get(lower)) in known and ours not in self.meta:
                message = f"{key}: unknown field (kept in extra); digest reads {ours}: (its description in meta tags)"
                self.warnings.append(ContentError(message, self.path, self.document.line_of(key)))
        return Extra({**unknown, **self._hugo_params(known)})

    def _hugo_params(self, known: frozenset[str]) -> dict[str, Any]:
        """The fields of a ``params:`` mapping, where Hugo has its pages' own fields written
        (``.Params.<name>``): each in extra as well, as a field of its own; one that digest
        reads at the top of the front matter (``params: {author: …}``) is warned about."""
        params = self.meta.get("params")
        if not isinstance(params, dict):
            return {}
        for key in params:
            if key in known and key not in self.meta:
                message = f"params.{key}: kept in extra, not read: digest reads {key}: at the top of the front matter"
                self.warnings.append(ContentError(message, self.path, self.document.line_of("params", key)))
        return {str(key): value for key, value in params.items()}

    def _foreign_field(self, key: str, value: Any) -> bool:
        """Whether ``key`` is another generator's field that digest does not follow (Hugo's,
        Jekyll's, Ghost's): a draft flag is an error (the page would go live), the others are
        warnings saying what digest does instead."""
        line = self.document.line_of(key)
        if message := foreign_draft_flag(key, value):
            self.errors.append(ContentError(message, self.path, line))
            return True
        problem = _FOREIGN_FIELDS.get(key.lower())
        if problem == _OWN_ADDRESS and (not str(value).startswith("/") or _has_own_plugins(self.config)):
            # (url: https://… is a clipping's source, no address of this site; a plugin of the
            # site may read them and write the redirects)
            return False
        if problem is not None:
            self.warnings.append(ContentError(f"{key}: not read: {problem}", self.path, line))
        return problem is not None

    def text_list(self, key: str) -> tuple[str, ...]:
        value = self.meta.get(key)
        if value is None:
            return ()
        items = value if isinstance(value, list) else [value]
        if not all(isinstance(item, str | int | float) and not isinstance(item, bool) for item in items):
            self.fail((key,), f"expected a list of text, got {_describe(value)}")
            return ()
        return tuple(str(item) for item in items if str(item))

    def text(self, key: str, required: bool = False) -> str | None:
        value = self.meta.get(key)
        if isinstance(value, str):
            value = value.strip()  # a block scalar's last newline, spaces typed around a title
        if value is None or value == "":
            if required and value is None:
                self.missing(key)
            elif required:
                self.fail((key,), "must not be empty")
            return None
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            self.fail((key,), f"expected text, got {_not_text(value)}")
            return None
        return str(value)

    def flag(self, key: str, default: bool = False) -> bool:
        value = self.meta.get(key, default)
        if not isinstance(value, bool):
            self.fail((key,), f"expected true or false, got {_describe(value)}")
            return default
        return value

    def whole_number(self, key: str) -> int | None:
        value = self.meta.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self.fail((key,), f"expected a whole number such as 10, got {_describe(value)}")
            return None
        return value

    def date(self, key: str = "date", required: bool = True) -> datetime | None:
        value = self.meta.get(key)
        if value is None:
            if required:
                named = DATE_PREFIX.match(posixpath.basename(self.path))  # as Jekyll names posts
                hint = f"the file's name is not read for it: add date: {named[0][:-1]}" if named else ""
                self.missing(key, hint or "use an ISO 8601 date such as 2019-06-27")
            return None
        parsed = parse_date(value, self.config.tzinfo)
        if parsed is None:
            self.fail((key,), f"not a date: {_shown(value)}; use an ISO 8601 date such as 2019-06-27")
        elif not _expressible(parsed):
            self.fail((key,), f"{_shown(value)} is outside the years 1 to 9999 in UTC, which feeds can express")
            return None
        elif (change := _clock_change(value, parsed, self.config.tzinfo)) is not None:
            self.warnings.append(ContentError(f"{key}: {change}", self.path, self.document.line_of(key)))
        return parsed

    def slug(self, default: str) -> str:
        value = self.meta.get("slug")
        if value is None:
            slug = bounded_slug(slugify(default), SLUG_LIMIT)
            if not slug:
                message = f"the file's name gives no URL slug ({default!r}); rename the file or add a 'slug' field"
                self.fail(("slug",), message)
            elif (problem := windows_problem(slug)) is not None:
                message = (
                    f"the file's name gives the slug '{slug}', which names a folder Windows cannot hold: {problem}"
                )
                self.fail(("slug",), f"{message}; add a 'slug' field of another word ({slug}-1)")
            return slug or "untitled"
        if isinstance(value, int) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str) or not slugify(value) or re.search(r"[/\\]|\.\.", value):
            self.fail(("slug",), f"not a valid slug: {_shown(value)}; use lower-case letters, digits and hyphens")
            return slugify(str(value)) or "invalid"
        slug = value if SLUG_PATTERN.match(value) else slugify(value)
        if len(slug) > SLUG_LIMIT:
            self.fail(("slug",), f"too long: {len(slug)} characters, at most {SLUG_LIMIT} (it names a folder)")
            return bounded_slug(slug, SLUG_LIMIT)
        if (problem := windows_problem(slug)) is not None:
            self.fail(("slug",), f"'{slug}' names a folder Windows cannot hold: {problem}; choose another slug")
        if slug != value:
            line = self.document.line_of("slug")
            message = (
                f"slug: {_shown(value)} changed to '{slug}' (slugs are lower-case ASCII letters, digits and hyphens)"
            )
            self.warnings.append(ContentError(message, self.path, line))
            return slug
        return value

    def markdown_html(
        self, text: str, line_offset: int, id_prefix: str = ""
    ) -> tuple[str, str, int, tuple[tuple[str, int], ...]]:
        rendered = render_markdown(self.markdown, text, self.path, id_prefix, line_offset, self.bundle)
        links = tuple((link.target, link.line + line_offset) for link in rendered.links)
        self.unpublished_images += [
            (src, target, line + line_offset) for src, target, line in rendered.unpublished_images
        ]
        for target, line in rendered.beside:
            self.published_beside(target, line + line_offset, required=False)
        return rendered.html, rendered.first_paragraph, rendered.word_count, links

    def body(self, id_prefix: str = "") -> tuple[str, str, int, tuple[tuple[str, int], ...]]:
        body, offset = self.document.body, self.document.body_line - 1
        if (found := FORBIDDEN_CHARACTERS.search(body)) is not None:
            line = offset + body.count("\n", 0, found.start()) + 1
            count = len(FORBIDDEN_CHARACTERS.findall(body))
            what = describe_character(found.group()) + (f" and {count - 1} more" if count > 1 else "")
            self.warnings.append(ContentError(f"{what} removed from the text", self.path, line))
            body = FORBIDDEN_CHARACTERS.sub("", body)
        rendered = self.markdown_html(body, offset, id_prefix)
        self._check_counts(rendered[0])
        if RAW_HTML_OMITTED in rendered[0] and (found_html := _outside_code(body, _RAW_HTML)):
            line, _, count = found_html
            more = f" (and {count - 1} more)" if count > 1 else ""
            message = f"raw HTML left out{more}: markdown: {{unsafe_html: true}} in digest.yaml keeps it"
            self.warnings.append(ContentError(message, self.path, offset + line))
        if "{" in body and (found_tags := _outside_code(body, _TEMPLATE_TAG)):
            line, tag, count = found_tags
            kind = "Hugo shortcode" if tag.startswith(("{{<", "{{%")) else "Liquid tag"
            more = f" (and {count - 1} more)" if count > 1 else ""
            message = (
                f"{_shown(tag)} is a {kind}, shown as text{more}: "
                "digest runs no shortcodes or Liquid tags; write it in Markdown"
            )
            self.warnings.append(ContentError(message, self.path, offset + line))
        return rendered

    def _check_counts(self, html: str) -> None:
        """Headings and links within ``limits`` (a file of many thousands is a mistake or an attack)."""
        limits = self.config.limits
        for count, limit, what, name in (
            (len(_HEADING_TAG.findall(html)), limits.headings_per_file, "headings", "headings_per_file"),
            (html.count("<a href="), limits.links_per_file, "links", "links_per_file"),
        ):
            if count > limit:
                line = self.document.body_line
                notes = html.count('<sup class="footnote-ref"><a href=') + html.count('class="footnote-backref"')
                if what == "links" and notes:  # a file of no links but its footnotes says why it has so many
                    what = f"links ({notes:,} of them footnote references and links back)"
                message = f"{count:,} {what}; limits.{name} in digest.yaml allows {limit:,}"
                self.errors.append(ContentError(message, self.path, line))

    def result(self, kind: str, record: Any, **extra: Any) -> ParsedFile:
        record = None if self.errors else record
        slug_line = self.document.line_of("slug")
        errors, warnings = tuple(self.errors), tuple(self.warnings)
        images = tuple(self.unpublished_images)
        return ParsedFile(
            self.path,
            kind,
            record,
            errors=errors,
            warnings=warnings,
            slug_line=slug_line,
            unpublished_images=images,
            beside=tuple(self.beside),
            **extra,
        )


# Hugo's shortcodes ({{< figure … >}}, {{% note %}}) and Jekyll's Liquid tags ({% raw %},
# {{ site.baseurl }}), which a page copied from those generators holds and digest never runs.
_TEMPLATE_TAG = re.compile(
    r"\{\{[<%].{0,200}?[>%]\}\}|\{%-?[ \t]*\w.{0,200}?-?%\}|\{\{-?[ \t]*(?:site|page|post|include)\.[^{}\n]{0,200}\}\}"
)


# Raw HTML as Markdown reads it that a page would show: a tag (not an autolink, <https://…>, nor
# a tag's end). A comment is left out as it is meant to be, without a word.
_RAW_HTML = re.compile(r"<[A-Za-z][A-Za-z0-9-]*(?=[\s/>])")


def _outside_code(text: str, pattern: re.Pattern[str]) -> tuple[int, str, int] | None:
    """The first match of ``pattern`` in Markdown ``text`` outside code (a shortcode or Liquid
    tag, raw HTML), as (line from 1, what it matched, how many there are), or None."""
    first: tuple[int, str] | None = None
    count, previous_blank = 0, True
    lines = text.split("\n")
    for number, (line, fenced) in enumerate(zip(lines, fenced_lines(lines), strict=True), 1):
        if not fenced and not (previous_blank and line.startswith(("    ", "\t"))):  # (an indented code block)
            for tag in pattern.findall(without_code_spans(line)):
                first, count = first or (number, tag), count + 1
        previous_blank = not line.strip() or (previous_blank and line.startswith(("    ", "\t")))
    return (first[0], first[1], count) if first else None


def _expressible(value: datetime) -> bool:
    """Whether a date is within the years 1 to 9999 in UTC, as feeds write dates."""
    try:
        return 1 <= value.astimezone(UTC).year <= 9999
    except (OverflowError, ValueError):
        return False


def _shown(value: Any) -> str:
    """A value for a message: its repr, cut short."""
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def parse_date(value: Any, zone: tzinfo) -> datetime | None:
    """An aware datetime from an ISO 8601 date or date-time; naive values are in ``zone``."""
    if isinstance(value, datetime):
        parsed = value
    elif isinstance(value, date):
        parsed = datetime(value.year, value.month, value.day)
    elif isinstance(value, str) and re.match(r"^\d{4}-\d{2}-\d{2}", value.strip()):
        try:
            parsed = datetime.fromisoformat(value.strip())
        except ValueError:
            return None
    else:
        return None
    return parsed if parsed.tzinfo else _on_the_clock(parsed.replace(tzinfo=zone))


def _on_the_clock(when: datetime) -> datetime:
    """``when`` as its zone's clocks showed that moment: a time they skipped (02:30 on the
    night they go forward, read at the offset before) is the time they showed then (03:30)."""
    try:
        shown = when.astimezone(UTC).astimezone(when.tzinfo)
    except (OverflowError, ValueError):  # (at the ends of the years datetime can hold)
        return when
    return shown if shown.replace(tzinfo=None) != when.replace(tzinfo=None) else when


def _clock_change(value: Any, when: datetime, zone: tzinfo) -> str | None:
    """What to say of a date's time of day written without an offset that the site's clocks
    skipped or showed twice (the nights they go forward and back), or None."""
    written = value if isinstance(value, datetime) else None
    if isinstance(value, str):
        written = datetime.fromisoformat(value.strip()) if not _day_only(value) else None
    if written is None or written.tzinfo is not None:
        return None
    shown = written.isoformat(timespec="minutes") if not written.second else written.isoformat()
    if when.replace(tzinfo=None) != written:
        return (
            f"{shown} does not exist in {zone} (the clocks go forward that night): read as {when.isoformat()}; "
            "write the time with its offset to mean another"
        )
    second = when.replace(fold=1)
    if second.utcoffset() != when.utcoffset():
        return (
            f"{shown} happens twice in {zone} (the clocks go back that night): read as the first, "
            f"{when.isoformat()}; write {second.astimezone(UTC).astimezone(zone).isoformat()} for the second"
        )
    return None


def _read_article(reader: _Reader) -> ParsedFile:
    meta = reader.meta
    title = reader.text("title", required=True) or ""
    when = reader.date()
    topics = _topics(reader)
    stem = DATE_PREFIX.sub("", file_stem(reader.path))
    slug = reader.slug(stem)
    reader.bundled(f"articles/{slug}/")
    html, first_paragraph, words, links = reader.body()
    summary = reader.text("summary") or first_paragraph
    article = Article(
        path=reader.path,
        slug=slug,
        title=title,
        date=when or datetime.min.replace(tzinfo=UTC),
        topics=topics,
        body=html,
        summary=summary,
        section=_shared(reader.text("section")),
        source=_source(reader),
        image=_with_published_src(reader, _image(reader)),
        author=_shared(reader.text("author")),
        language=_language(reader),
        tags=_tags(reader),
        draft=reader.flag("draft"),
        word_count=words,
        date_inferred=reader.flag("date_inferred"),
        updated=_updated(reader, when),
        version=reader.version,
        extra=reader.extra(ARTICLE_KEYS | set(_updated_keys(meta))),
        aliases=_aliases(reader),
    )
    if "imported" in meta and not isinstance(meta["imported"], dict):
        reader.fail(("imported",), f"expected a mapping, got {_describe(meta['imported'])}")
    # Lists show the reading time, not the exact word count: a small body edit changes neither.
    shown = replace(article, body="", version="", path="", word_count=0)
    article = replace(article, listing=fingerprint([repr(shown), str(article.reading_time)]))
    topics_line = reader.document.line_of("topics")
    return reader.result("articles", article, links=links + tuple(reader.images), topics_line=topics_line)


def _updated(reader: _Reader, published: datetime | None, what: str = "article") -> datetime | None:
    """When an article (a page, an issue) was last changed (``lastmod:``, ``last_modified_at:`` or
    ``updated:``, keys as Hugo reads them, in any case): a date like ``date``, never before it."""
    keys = _updated_keys(reader.meta)
    if not keys:
        return None
    if len(keys) > 1:
        others = ", ".join(f"{key}: (line {reader.document.line_of(key)})" for key in keys[:-1])
        reader.fail((keys[-1],), f"the {what}'s last change is given twice, also by {others}: keep one")
        return None
    key = keys[0]
    updated = reader.date(key, required=False)
    if updated is None or published is None:
        return updated if what == "page" else None  # (a page need not be dated)
    if _day_only(reader.meta[key]) and updated.date() == published.astimezone(updated.tzinfo).date():
        return max(updated, published)  # changed on the day it was published, at a time not given
    if updated < published:
        reader.fail((key,), f"{_shown(reader.meta[key])} is earlier than date: {_shown(reader.meta['date'])}")
        return None
    return updated


def _updated_keys(meta: Mapping[Any, Any]) -> list[Any]:
    return [key for key in meta if str(key).lower() in UPDATED_KEYS]


def _day_only(value: Any) -> bool:
    """Whether a date is written as a day, without a time."""
    if isinstance(value, str):
        return re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()) is not None
    return isinstance(value, date) and not isinstance(value, datetime)


def _aliases(reader: _Reader) -> Aliases:
    """Hugo's ``aliases`` and Jekyll's ``redirect_from``: an article's, an issue's or a page's
    old addresses, each a path from the site's root, as the output paths of the pages that lead
    to it, with the line of their key (where a path another page has is reported)."""
    paths: dict[str, int] = {}
    for key in ("aliases", "redirect_from"):
        value = reader.meta.get(key)
        if value is None:
            continue
        if not isinstance(value, list | str):
            expected = "expected a list of old addresses such as [/2020/01/02/title/]"
            reader.fail((key,), f"{expected}, got {_describe(value)}")
            continue
        for index, address in enumerate([value] if isinstance(value, str) else value):
            path = alias_path(address) if isinstance(address, str) else None
            if path is None:
                where = (key,) if isinstance(value, str) else (key, index)
                hint = "write it from the site's root, such as /2020/01/02/title/ or /posts/title.html"
                reader.fail(where, f"not an address: {_shown(address)}; {hint}")
            else:
                paths.setdefault(path, reader.document.line_of(key))
    return tuple(paths.items())


def alias_path(address: str) -> str | None:
    """The output path of the page at an old address (``/2020/01/02/title/`` ->
    ``2020/01/02/title/index.html``; ``/old.html`` as it is), or None for no site path."""
    address = address.strip()
    if not address.startswith("/") or re.search(r"[?#\\\s\x00-\x1f\x7f]", address):
        return None
    path = unquote(address)[1:]
    if path.endswith("/"):
        path += "index.html"
    elif not path.endswith((".html", ".htm")):
        path += "/index.html"
    if path == "index.html" or FORBIDDEN_CHARACTERS.search(path):
        return None
    return path if all(part not in ("", ".", "..") for part in path.split("/")) else None


def _tags(reader: _Reader) -> tuple[str, ...]:
    """``tags: [...]`` (or ``tags: lira, inflation``): each a short text, kept once, in the given order."""
    value = reader.meta.get("tags")
    if value is None:
        return ()
    if isinstance(value, str):
        value = as_list(value)
    if not isinstance(value, list):
        reader.fail(("tags",), f"expected a list of words, got {_describe(value)}")
        return ()
    tags: list[str] = []
    for index, item in enumerate(value):
        if isinstance(item, int | float) and not isinstance(item, bool):
            item = str(item)
        if not isinstance(item, str) or not item.strip() or len(item) > 200:
            reader.fail(("tags", index), f"expected a tag (text of 1 to 200 characters), got {_not_text(item)}")
        elif (tag := " ".join(item.split())) not in tags:
            tags.append(_shared(tag))
    return tuple(tags)


def _topics(reader: _Reader) -> tuple[TopicRef, ...]:
    value = reader.meta.get("topics")
    if isinstance(value, str):
        value = as_list(value)
    if not value or not isinstance(value, list):
        if value is None:
            if "categories" in reader.meta:  # Jekyll's and Hugo's taxonomy
                message = "topics: missing (required); categories are not read: rename categories: to topics:"
                words = reader.meta["categories"]
                if isinstance(words, str) and " " in words.strip() and "," not in words:  # Jekyll's: a list
                    message += f" (a list: topics: [{', '.join(words.split())}])"
                reader.errors.append(ContentError(message, reader.path, reader.document.line_of("categories")))
            else:
                reader.missing("topics", "for example topics: [Turkey, Politics]")
            return ()
        elif isinstance(value, list):
            problem = "empty: an article needs at least one topic"
        else:
            problem = f"expected a list of topics, got {_describe(value)}"
        reader.fail(("topics",), f"{problem}; for example topics: [Turkey, Politics]")
        return ()
    limit = reader.config.limits.topics_per_article
    if len(value) > limit:
        reader.fail(("topics",), f"{len(value):,} topics; limits.topics_per_article in digest.yaml allows {limit:,}")
        return ()
    refs: dict[str, TopicRef] = {}
    for index, name in enumerate(value):
        slug = topic_slug(str(name)) if isinstance(name, str | int) and not isinstance(name, bool) else ""
        if not slug:
            reader.fail(
                ("topics", index), f"not a topic name: {_shown(name) if isinstance(name, str) else _not_text(name)}"
            )
        elif (unfit := unfit_topic(_shown(name), slug)) is not None:
            reader.fail(("topics", index), unfit)
        elif slug not in refs:
            refs[slug] = _shared(TopicRef(str(name).strip(), slug))
    return tuple(refs.values())


_NO_SOURCE = Source()
_NO_IMAGE = Image()
_SHARED: dict[Any, Any] = {}
_SHARED_LIMIT = 10_000


def _language(reader: _Reader) -> str | None:
    """An article's or issue's ``language`` as pages and feeds write it (``tr_TR`` -> ``tr-TR``); one
    that is no language code is an error, as the site's is (it was the page's lang)."""
    value = reader.meta.get("language")
    if isinstance(value, str):
        value = value.strip()
    if value is None or value == "":
        return None
    if (problem := language_problem(value)) is not None:
        reader.fail(("language",), problem)
        return None
    if message := unknown_language(value):
        reader.warnings.append(ContentError(message, reader.path, reader.document.line_of("language")))
    return _shared(language_tag(value))


def _shared(value: T) -> T:
    """One object for values that many articles repeat (topics, sections, authors, sources'
    names): the build cache then holds and loads each once, not once per article."""
    if value is None:
        return value
    if len(_SHARED) >= _SHARED_LIMIT:
        _SHARED.clear()
    return _SHARED.setdefault(value, value)


def _source(reader: _Reader) -> Source:
    value = reader.meta.get("source")
    if value is None:
        return _NO_SOURCE
    if isinstance(value, str):
        return _shared(Source(name=value))
    if not isinstance(value, dict):
        reader.fail(("source",), f"expected {{name: ..., url: ...}}, got {_describe(value)}")
        return _NO_SOURCE
    for key in value:
        if key not in ("name", "url"):
            reader.fail(("source", str(key)), "unknown key; expected name or url")
    url = value.get("url") or None
    if url is not None:
        problem = url_problem(url) if isinstance(url, str) else f"expected an http(s) URL, got {_describe(url)}"
        if problem is not None:
            reader.fail(("source", "url"), problem)
            url = None
    name = value.get("name") or None
    return Source(name=_shared(str(name)) if name is not None else None, url=url)


def _image(reader: _Reader) -> Image:
    value = reader.meta.get("image")
    if value is None:
        return _NO_IMAGE
    if isinstance(value, str):
        value = {"src": value}
    if not isinstance(value, dict):
        reader.fail(("image",), f"expected {{src: ..., caption: ..., credit: ...}}, got {_describe(value)}")
        return _NO_IMAGE
    fields: dict[str, str | None] = {}
    size: dict[str, int] = {}
    for key, item in value.items():
        if key not in ("src", "alt", "caption", "credit", "width", "height"):
            reader.fail(("image", str(key)), "unknown key; expected src, alt, caption, credit, width or height")
        elif key in ("width", "height"):
            if isinstance(item, int) and not isinstance(item, bool) and 0 < item <= 100_000:
                size[key] = item
            else:
                reader.fail(("image", key), f"expected a number of pixels from 1 to 100000, got {_describe(item)}")
        elif item not in (None, "") and not isinstance(item, str):
            reader.fail(("image", key), f"expected text, got {_describe(item)}")
        else:
            fields[key] = item or None
    src = fields.get("src")
    if src and (problem := url_problem(src, relative=True)) is not None:
        reader.fail(("image", "src"), problem)
        src = None
    if len(size) == 1:
        given, missing = next(iter(size)), ({"width", "height"} - set(size)).pop()
        reader.fail(("image", given), f"image.{given} needs image.{missing} too")
        size = {}
    image = Image(src=src, caption=fields.get("caption"), credit=fields.get("credit"), alt=fields.get("alt"), **size)
    return _NO_IMAGE if image == _NO_IMAGE else image


def _with_published_src(reader: _Reader, image: Image) -> Image:
    return replace(image, src=_published_image(reader, image.src)) if image.src else image


def _published_image(reader: _Reader, src: str) -> str | None:
    """``image.src`` as Markdown images resolve: relative to the content file, or site-absolute
    (``/static/x.png`` from content/static/, ``/x.png`` from content/root/); a URL as it is.
    A local file becomes its path from the site's root (``/static/x.png``), which templates link
    with ``url()`` (relative to each page, so it works under a sub-path), and is noted, so that
    assembling the site finds out whether it exists."""
    parts = urlsplit(src.strip())
    if parts.scheme or parts.netloc:
        return src
    path = as_typed(unquote(parts.path))
    folder = as_typed(posixpath.dirname(reader.path))
    if path.startswith("/"):
        published = path.lstrip("/")
        target = f"{CONTENT_DIR}/{published}" if published.startswith("static/") else f"{CONTENT_DIR}/root/{published}"
    else:
        target = posixpath.normpath(posixpath.join(folder, path))
        published = target.removeprefix(f"{CONTENT_DIR}/root/").removeprefix(f"{CONTENT_DIR}/")
    line = reader.document.line_of("image", "src")
    query, fragment = (f"?{parts.query}" if parts.query else ""), (f"#{parts.fragment}" if parts.fragment else "")
    if not path.startswith("/") and (beside := reader.published_beside(target, line, required=True)) is not None:
        if not bundle_folder(reader.path):
            return f"/{quote(beside)}{query}{fragment}"  # (looked for as the site is put together)
        published = beside  # a bundle's file, beside its page
    elif not target.startswith(PUBLISHED_FOLDERS) or ".." in target.split("/"):
        reader.fail(("image", "src"), unpublished_image(src, target))
        return None
    reader.images.append((target, line))
    return f"/{quote(published)}{query}{fragment}"


def unpublished_image(src: str, target: str) -> str:
    """Why an image at ``src`` (the path ``target`` from its file) is not shown, for a message."""
    return (
        f"'{src}' is {target}, which is not published: images are published from content/static/ "
        "(write '/static/<name>', or a path from this file such as '../static/<name>') and content/root/, "
        "and from the folder of the file that names them (and the folders in it), beside its page"
    )


_FRAGMENT_LINK = re.compile(r'<a href="#([^"]+)"')


def _to_intro_anchors(note_html: str, intro_html: str, prefix: str, issue_url: str) -> str:
    """A note's links to a heading of its issue's intro (``#contents``), which the intro's
    ids carry with its prefix, made to lead there: to the issue's page, where the intro is
    (an article's page shows the note without it)."""
    if '<a href="#' not in note_html or f'id="{prefix}' not in intro_html:
        return note_html

    def to_intro(match: re.Match[str]) -> str:
        wanted = f"{prefix}{match[1]}"
        return f'<a href="{SITE_ROOT}{issue_url}#{wanted}"' if f'id="{wanted}"' in intro_html else match[0]

    return _FRAGMENT_LINK.sub(to_intro, note_html)


def _read_digest(reader: _Reader) -> ParsedFile:
    title = reader.text("title", required=True) or ""
    when = reader.date()
    stem = DATE_PREFIX.sub("", file_stem(reader.path))
    slug = reader.slug(stem)
    reader.bundled(f"digests/{slug}/")
    # The intro and each note are prefixed, so that a page showing several (an issue, the front
    # page, an article picked by two issues) has each footnote and heading id once.
    html, first_paragraph, _, links = reader.body(id_prefix=intro_id_prefix(slug))
    picks: list[tuple[str, str, int]] = []
    raw_picks = reader.meta.get("picks")
    if raw_picks is None:
        raw_picks = []
    if not isinstance(raw_picks, list):
        reader.fail(("picks",), f"expected a list of {{article: ..., note: ...}}, got {_describe(raw_picks)}")
        raw_picks = []
    if len(raw_picks) > reader.config.limits.picks_per_issue:
        limit = reader.config.limits.picks_per_issue
        reader.fail(("picks",), f"{len(raw_picks):,} picks; limits.picks_per_issue in digest.yaml allows {limit:,}")
        raw_picks = []
    for index, pick in enumerate(raw_picks):
        where: tuple[str, ...] = ("article",) if isinstance(pick, dict) else ()
        if not isinstance(pick, dict):
            pick = {"article": pick}
        if isinstance(value := pick.get("article"), bool | float):
            read = "true or false (as yes, no, on, off are)" if isinstance(value, bool) else "a number"
            _fail_pick(reader, index, where, f"YAML reads this as {read}, not as a slug: write it in quotes")
            continue
        if not (ref := pick_ref(pick.get("article"))):
            _fail_pick(reader, index, (), "expected {article: <slug or path>, note: <Markdown>}")
            continue
        pick = {**pick, "article": ref}
        _warn_unknown_pick_keys(reader, index, pick)
        note = pick.get("note") or ""
        if not isinstance(note, str):
            _fail_pick(reader, index, ("note",), f"expected Markdown text, got {_describe(note)}")
            note = ""
        line = reader.document.line_of("picks", index, "article")
        note_line = reader.document.line_of("picks", index, "note", TEXT_START)
        note_html, _, _, note_links = reader.markdown_html(note, note_line - 1, note_id_prefix(slug, index + 1))
        links += note_links
        picks.append(
            (pick["article"], _to_intro_anchors(note_html, html, intro_id_prefix(slug), f"digests/{slug}/"), line)
        )
    digest = Digest(
        path=reader.path,
        slug=slug,
        title=title,
        date=when or datetime.min.replace(tzinfo=UTC),
        intro_html=html,
        picks=(),
        summary=reader.text("summary") or first_paragraph,
        draft=reader.flag("draft"),
        version=reader.version,
        extra=reader.extra(DIGEST_KEYS | set(_updated_keys(reader.meta))),
        updated=_updated(reader, when, "issue"),
        aliases=_aliases(reader),
        language=_language(reader),
    )
    return reader.result("digests", digest, pick_refs=tuple(picks), links=links)


def pick_ref(value: Any) -> str | None:
    """The article a pick names: its text, or a whole number's digits (``article: 1984``, the
    slug of ``2019-06-27-1984.md``, as ``slug: 1984`` is one); None for anything else."""
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return value if isinstance(value, str) and value else None


def _warn_unknown_pick_keys(reader: _Reader, index: int, pick: dict[Any, Any]) -> None:
    """A pick holds an article and a note only: anything else (``notes:``, a misspelt ``nte:``)
    would be dropped unseen, the curator's words with it."""
    for key in pick:
        if key in PICK_KEYS:
            continue
        close = nearest(str(key), PICK_KEYS, cutoff=0.6)
        hint = f"did you mean '{close}'?" if close else f"expected one of: {', '.join(sorted(PICK_KEYS))}"
        line = reader.document.line_of("picks", index, key)
        reader.warnings.append(
            ContentError(
                f"{field_name(('picks', index, str(key)))}: unknown field (ignored); {hint}", reader.path, line
            )
        )


def _fail_pick(reader: _Reader, index: int, key: tuple[str, ...], message: str) -> None:
    """An error in a pick, counted from 1 as the curator counts them."""
    where = field_name(("picks", index, *key))
    line = reader.document.line_of("picks", index, *key)
    reader.errors.append(ContentError(f"{where}: {message}", reader.path, line))


def topic_file_slug(path: str) -> str:
    """The slug of the topic that ``content/topics/<name>.md`` describes, or a folder's
    ``index.md`` or ``_index.md`` (``content/topics/<name>/_index.md``, Hugo's term page)."""
    folder, _, name = path.rpartition("/")
    if name in ("index.md", "_index.md") and folder.count("/") >= 2:  # (not content/topics/_index.md)
        name = posixpath.basename(folder) + ".md"
    return topic_slug(name[:-3])


def _read_topic(reader: _Reader) -> ParsedFile:
    name = reader.text("title") or reader.text("name") or ""  # none: as the articles spell it
    html, _, _, links = reader.body()
    slug = topic_file_slug(reader.path)
    extra = reader.extra(TOPIC_KEYS)
    topic = Topic(
        name=name,
        slug=slug,
        articles=(),
        description_html=html,
        description_path=reader.path,
        extra=extra,
        draft=reader.flag("draft"),
    )
    return reader.result("topics", topic, links=links)


def _read_page(reader: _Reader) -> ParsedFile:
    stem = posixpath.basename(reader.path)[:-3]
    title = reader.text("title", required=True) or ""
    folder = _page_folder(reader.path)
    if stem in ("index", "_index") and folder:  # legal/index.md is the page of legal/, as in Hugo
        folder, _, stem = folder.rpartition("/")
    slug = reader.slug(stem)
    when = reader.date(required=False)
    reader.bundled(f"{folder}/{slug}/" if folder else f"{slug}/")
    html, first_paragraph, _, links = reader.body()
    top = folder.split("/")[0]
    if top in RESERVED_SLUGS:
        message = f"the folder '{top}' is reserved for a section of the site; move the page"
        reader.errors.append(ContentError(message, reader.path, 1))
    elif slug in RESERVED_SLUGS and not folder:
        reader.fail(("slug",), f"'{slug}' is reserved for a section of the site; choose another slug")
    elif slug == "index" and not folder:  # content/pages/ is the site's root, whose page is the home page
        message = (
            "the home page is the theme's index.html, not a page (it would be published at /index/): "
            "name the file after what it says (about.md), or override templates/index.html"
        )
        reader.fail(("slug",), message)
    extra = reader.extra(PAGE_KEYS | set(_updated_keys(reader.meta)))
    menu, menu_weight = _page_menu(reader)
    weight = reader.whole_number("weight")
    page = Page(
        path=reader.path,
        slug=slug,
        title=title,
        body_html=html,
        date=when,
        updated=_updated(reader, when, "page"),
        version=reader.version,
        extra=extra,
        summary=reader.text("summary") or first_paragraph,
        folder=folder,
        draft=reader.flag("draft"),
        weight=menu_weight if weight is None else weight,
        menu=menu,
        aliases=_aliases(reader),
    )
    return reader.result("pages", page, links=links)


def _page_menu(reader: _Reader) -> tuple[bool | None, int | None]:
    """Whether a page is in the navigation (None: not said), and the weight its menu entry
    gives it.  ``menu`` is true or false, or as Hugo writes it (``menu:`` or ``menus:``): a
    menu's name, a list of them, or a mapping of them to entries (``{main: {weight: 2}}``); a
    page in Hugo's ``main`` menu is in the navigation, one in other menus alone (``footer``)
    is linked from the footer."""
    key = "menus" if "menus" in reader.meta and "menu" not in reader.meta else "menu"
    value = reader.meta.get(key)
    if value is None or isinstance(value, bool):
        return value, None
    names = [value] if isinstance(value, str) else value
    if not isinstance(names, list | dict) or not names or not all(isinstance(name, str) for name in names):
        reader.fail((key,), f"expected true or false (or a menu's name, as Hugo writes it), got {_describe(value)}")
        return None, None
    entry = names.get("main") if isinstance(names, dict) else None
    weight = entry.get("weight") if isinstance(entry, dict) else None
    if weight is not None and (isinstance(weight, bool) or not isinstance(weight, int)):
        reader.fail((key, "main", "weight"), f"expected a whole number such as 10, got {_describe(weight)}")
        weight = None
    return "main" in names, weight


def _page_order(page: Page, language: str) -> tuple[bool, int, tuple[str, str]]:
    """Pages with a ``weight`` first, lighter first (as Hugo orders them), then the others by
    title, in the order of the site's ``language`` (as topics are listed)."""
    return (page.weight is None, page.weight or 0, name_order(page.title, language))


def _page_folder(path: str) -> str:
    """The folders of a page under content/pages/ as URL parts: ``legal/privacy.md`` is
    published at ``legal/privacy/``, as Hugo and MkDocs publish a nested page."""
    inside = posixpath.dirname(path).split("/")[2:]  # below content/pages
    return "/".join(bounded_slug(slugify(part), SLUG_LIMIT) or "untitled" for part in inside)


_READERS: dict[str, Callable[[_Reader], ParsedFile]] = {
    "articles": _read_article,
    "digests": _read_digest,
    "topics": _read_topic,
    "pages": _read_page,
}


def _describe(value: Any) -> str:
    names = {dict: "a mapping", list: "a list", bool: "true/false", type(None): "nothing"}
    return names.get(type(value), repr(value)[:60])


def _not_text(value: Any) -> str:
    """A value given where text is read, as messages name it; true or false, as YAML reads
    yes, no, on and off (``topics: [ON, QC]``, Ontario and Quebec), told to be quoted."""
    if isinstance(value, bool):
        return "true/false (YAML reads yes, no, on and off so); if it is text, quote it"
    return _describe(value)


# --- Assembling the site -----------------------------------------------------------------


def _assemble(
    parsed: list[ParsedFile],
    config: SiteConfig,
    options: LoadOptions,
    errors: list[DigestError],
    published_files: tuple[tuple[str, ...], tuple[str, ...]],  # under content/static/ and content/root/
    cache: ContentCache,
    site_dir: Path,
) -> Site:
    static_files, root_files = published_files
    files, hidden = _visible_files(parsed, options, cache)
    urls = {file.path: file.record.url for file in files if file.record is not None}
    # (a link written composed to a file whose name is stored decomposed, as macOS stores it)
    urls.update({as_typed(path): url for path, url in urls.items() if not path.isascii()})
    # (a file is published under its name as typed, whatever form its folder keeps it in)
    _one_name_as_typed(static_files, f"{CONTENT_DIR}/static", errors)
    _one_name_as_typed(root_files, f"{CONTENT_DIR}/root", errors)
    urls.update({f"{CONTENT_DIR}/static/{as_typed(path)}": f"static/{as_typed(path)}" for path in static_files})
    urls.update({f"{CONTENT_DIR}/root/{as_typed(path)}": as_typed(path) for path in root_files})
    bundled = _bundle_files(files, site_dir, errors, cache)
    urls.update({as_typed(path): output for path, output in bundled.items()})
    beside = _files_beside_pages(files, site_dir, errors, bundled)
    # (also the links of a file that has errors of its own: every error at once; the files of
    # its own bundle, which it would publish, are there for it)
    unpublished = {record.path: record for record in hidden}
    linking = files + [file for file in parsed if file.record is None and file.links]
    # (a link to a file that has errors of its own leads to it once they are mended: not an error too)
    failed = {file.path for file in parsed if file.record is None and file.errors}
    _resolve_links(linking, urls, errors, unpublished, options, site_dir, failed)
    _check_unpublished_images(parsed, site_dir, errors, bundled)
    files = _all_links_resolved(files, urls, cache)
    by_kind: dict[str, list[ParsedFile]] = defaultdict(list)
    for file in files:
        by_kind[file.kind].append(file)
    articles = [file.record for file in by_kind["articles"] if isinstance(file.record, Article)]
    slug_lines = {file.path: file.slug_line for file in files}
    _check_unique(articles, "article", errors, slug_lines)
    articles = newest_first(articles)  # dates are aware: compared as instants
    _check_described_once(by_kind["topics"], errors)
    names, respelled = _topic_names(articles, by_kind["topics"])
    if respelled:
        lines = {file.path: file.topics_line for file in by_kind["articles"]}
        _check_topic_clashes(articles, respelled, lines, errors)
    articles = _with_topic_names(articles, names, respelled, cache)
    broken = [file.path for file in parsed if file.kind == "articles" and file.record is None]
    hidden_articles = [record for record in hidden if isinstance(record, Article)]
    digests = _resolve_digests(by_kind["digests"], articles, hidden_articles, errors, broken, options)
    pages = [file.record for file in by_kind["pages"] if isinstance(file.record, Page)]
    _check_unique(pages, "page", errors, slug_lines, by_url=True)
    return Site(
        articles=tuple(articles),
        digests=tuple(digests),
        topics=tuple(
            _build_topics(
                articles,
                names,
                by_kind["topics"],
                config,
                cache,
                _ConfigLinks(urls, unpublished, options, errors, site_dir),
            )
        ),
        pages=tuple(sorted(pages, key=lambda page: _page_order(page, config.language))),
        related=_related_cached(articles, cache),
        archive=archive_months(articles, cache.months),
        static_files=static_files,
        root_files=root_files,
        bundle_files=tuple(sorted([(output, source) for source, output in bundled.items()] + list(beside.items()))),
    )


def _visible_files(
    parsed: list[ParsedFile], options: LoadOptions, cache: ContentCache
) -> tuple[list[ParsedFile], list[Article | Digest | Page]]:
    """The files with a record this build shows, and the articles, issues and pages it hides
    (drafts, future-dated), in one pass; which also gives ``cache.held_back``."""
    now = options.now or datetime.now(UTC)
    drafts, future = options.drafts, options.future
    files: list[ParsedFile] = []
    hidden: list[Article | Digest | Page] = []
    due, held_drafts, held_future = math.inf, 0, 0
    for file in parsed:
        record = file.record
        if record is None:
            continue
        if isinstance(record, Article | Digest) and record.date > now:
            due = min(due, record.date.timestamp())
        if published(record, drafts, future, now) or file.path in options.shown:
            files.append(file)
            continue
        if isinstance(record, Article | Digest | Page):
            hidden.append(record)
        if (
            getattr(record, "draft", False) and not drafts
        ):  # (only articles, issues, pages and descriptions are held back)
            held_drafts += 1
        else:
            held_future += 1
    cache.held_back = (due, (held_drafts, held_future))
    return files, hidden


def published(record: Any, drafts: bool, future: bool, now: datetime) -> bool:
    """Whether this build publishes a record (a topic's description too): a draft only with
    ``drafts``, an article or issue dated after ``now`` only with ``future``."""
    if isinstance(record, Article | Digest):
        return (drafts or not record.draft) and (future or record.date <= now)
    return drafts or not isinstance(record, Page | Topic) or not record.draft


def _check_unique(
    records: Iterable[Article | Page | Digest],
    what: str,
    errors: list[DigestError],
    slug_lines: Mapping[str, int],
    by_url: bool = False,
) -> None:
    """Two records of one slug (or address) are an error at the later one's ``slug`` line
    (its first line when its file's name gives it)."""
    seen: dict[str, str] = {}
    for record in records:
        key = record.url if by_url else record.slug
        if key in seen:
            named = f"address '{key}'" if by_url else f"slug '{key}'"
            message = f"{what} {named} is also used by {seen[key]}; both would write the same page"
            errors.append(ContentError(message, record.path, slug_lines.get(record.path, 1)))
        else:
            seen[key] = record.path


def _check_described_once(files: list[ParsedFile], errors: list[DigestError]) -> None:
    """Two files describing one topic (``middle-east.md``, ``Middle East.md``) are an error at
    the later one: its page would show one description and drop the other."""
    seen: dict[str, str] = {}
    for file in files:
        if isinstance(file.record, Topic) and (first := seen.setdefault(file.record.slug, file.path)) != file.path:
            message = f"topic '{file.record.slug}' is also described by {first}; keep one of the two"
            errors.append(ContentError(message, file.path, 1))


def _described_in_config_too(parsed: list[ParsedFile], config: SiteConfig, site_dir: Path) -> list[DigestError]:
    """A topic of digest.yaml's ``topics:`` that a file describes too: a warning at its line in
    digest.yaml, whose description the topic's page does not show (the file's wins)."""
    files = {file.record.slug: file.path for file in parsed if isinstance(file.record, Topic)}
    twice = [(name, files[slug]) for name in config.topics if (slug := topic_slug(name)) in files]
    lines = load_key_lines(site_dir) if twice else {}
    return [
        ContentError(
            f"topics.{name}: not shown: the topic is also described by {path}, whose description its page "
            "shows; keep one of the two",
            CONFIG_NAME,
            lines.get(("topics", name)),
        )
        for name, path in twice
    ]


def _resolve_digests(
    files: list[ParsedFile],
    articles: list[Article],
    hidden: list[Article],
    errors: list[DigestError],
    broken: Iterable[str] = (),
    options: LoadOptions | None = None,
) -> list[Digest]:
    """Picks resolved to articles.  A pick of an article file that has errors of its own is
    not reported again: that file's errors are the one root cause; one of an article this
    build leaves out (``options``) says why."""
    digests: list[Digest] = []
    if not any(file.pick_refs for file in files):  # a site without picks needs no lookup
        lookup: dict[str, Article] = {}
        hidden_lookup: dict[str, Article] = {}
        broken_names: set[str] = set()
    else:
        lookup, hidden_lookup = _article_lookup(articles), _article_lookup(hidden)
        broken_names = {as_typed(name) for path in broken for name in _file_names(path)}  # (as picks name them)
    titles: dict[str, Article] = {}
    for file in files:
        digest = file.record
        assert isinstance(digest, Digest)
        picks: list[Pick] = []
        for index, (ref, note_html, line) in enumerate(file.pick_refs):
            key = normalise_pick_ref(ref, digest.path)
            article = lookup.get(key)
            if article is None:
                if key not in broken_names:
                    errors.append(
                        ContentError(
                            _unresolved_pick(index, ref, key, lookup, hidden_lookup, options or LoadOptions(), titles),
                            digest.path,
                            line,
                        )
                    )
                continue
            picks.append(Pick(article, note_html, digest.path, len(picks)))
        digests.append(replace(digest, picks=tuple(picks)))
    _check_unique(digests, "digest", errors, {file.path: file.slug_line for file in files})
    return newest_first(digests)


def _unresolved_pick(
    index: int,
    ref: str,
    key: str,
    lookup: dict[str, Article],
    hidden_lookup: dict[str, Article],
    options: LoadOptions,
    titles: dict[str, Article],  # the articles by title, without case or accents: filled here when empty
) -> str:
    if (hidden := hidden_lookup.get(key)) is not None:
        return f"pick {index + 1}: '{ref}' {_why_hidden(hidden, options)}"
    articles = (*lookup.values(), *hidden_lookup.values())
    if not titles:  # (made once, at a build's first pick that names no article)
        titles.update((folded(article.title), article) for article in reversed(articles))
    if (titled := titles.get(folded(ref.strip()))) is not None:
        return f"pick {index + 1}: '{ref}' is the title of {titled.path}, not its name: write article: {titled.slug}"
    name = posixpath.basename(key).removesuffix(".md")
    close = None
    if DATE_PREFIX.match(name):  # a file's name, its file renamed since: the names files have now
        close = nearest(name, sorted({file_stem(article.path) for article in articles}))
    close = close or nearest(name, sorted({article.slug for article in articles}))
    hint = f"; did you mean '{close}'?" if close else ""
    return f"pick {index + 1}: '{ref}' names no existing article{hint}"


def _why_hidden(record: Article | Digest | Page, options: LoadOptions) -> str:
    """Why this build leaves the article (issue, page) out, and what shows it."""
    draft = record.draft and not options.drafts
    # (a page's date holds nothing back)
    if isinstance(record, Article | Digest) and not options.future and record.date > (options.now or datetime.now(UTC)):
        # (with its time as written when it has one: on the day itself, the day alone reads as a wrong date)
        day = record.date.strftime("%Y-%m-%d %H:%M" if record.date.time() != datetime.min.time() else "%Y-%m-%d")
        if draft:
            return f"is a draft dated {day}, in the future (build with --drafts --future)"
        return f"is dated {day}, in the future (build with --future)"
    return f"is a draft (set draft: false in {record.path}, or build with --drafts)"


def _file_names(path: str) -> tuple[str, ...]:
    """The names a pick may give an article file without its slug: path, file name, and both without the date."""
    stem = file_stem(path)
    return (path, stem, DATE_PREFIX.sub("", stem))


def _article_lookup(articles: Iterable[Article]) -> dict[str, Article]:
    """Each article under every name a pick may use: slug, path, file name."""
    lookup: dict[str, Article] = {}
    for article in articles:
        path, stem, bare_stem = _file_names(article.path)
        for key in (path, article.slug, stem, bare_stem):
            lookup.setdefault(key, article)
            # A name as typed (composed) finds a file whose name is stored decomposed (macOS).
            lookup.setdefault(unicodedata.normalize("NFC", key), article)
    return lookup


_ARTICLE_ADDRESS = re.compile(r"(?:^|/)articles/(?P<slug>[^/?#]+?)(?:/(?:index\.html)?)?(?:[?#].*)?$")


def normalise_pick_ref(ref: str, digest_path: str) -> str:
    """A pick's article reference as a slug, a file stem or a path relative to the site; an
    article's address as the site shows it (``/articles/<slug>/``, or the whole URL copied
    from the browser) as its slug."""
    ref = unicodedata.normalize("NFC", ref.strip())
    if (address := _ARTICLE_ADDRESS.search(ref)) and not address["slug"].endswith(".md"):  # (not a file's path)
        return address["slug"]
    if "/" not in ref and not ref.endswith(".md"):
        return ref
    if ref.startswith(("./", "../")):
        return posixpath.normpath(posixpath.join(posixpath.dirname(digest_path), ref))
    if ref.startswith(f"{CONTENT_DIR}/"):
        return posixpath.normpath(ref)
    if "/" in ref:
        return posixpath.normpath(f"{CONTENT_DIR}/{ref}")
    return ref[:-3]


def _topic_names(articles: list[Article], topic_files: list[ParsedFile]) -> tuple[dict[str, str], set[str]]:
    """Each topic's name, by slug: the ``title`` of its file, else as most of its articles
    spell it (of equals, the newest: articles come newest first), so that one article's
    "turkey" does not rename Turkey; and the slugs some article spells otherwise."""
    names: dict[str, str] = {}
    spelled_otherwise: set[str] = set()
    for article in articles:
        for ref in article.topics:
            if names.setdefault(ref.slug, ref.name) != ref.name:
                spelled_otherwise.add(ref.slug)
    if spelled_otherwise:
        spellings: dict[str, Counter[str]] = {slug: Counter() for slug in spelled_otherwise}
        for article in articles:
            for ref in article.topics:
                if ref.slug in spellings:
                    spellings[ref.slug][ref.name] += 1
        names.update((slug, counted.most_common(1)[0][0]) for slug, counted in spellings.items())
    for file in topic_files:
        record = file.record
        if isinstance(record, Topic) and record.name and names.get(record.slug, record.name) != record.name:
            names[record.slug] = record.name
            spelled_otherwise.add(record.slug)
    return names, spelled_otherwise


def _check_topic_clashes(
    articles: list[Article], respelled: set[str], lines: dict[str, int | None], errors: list[DigestError]
) -> None:
    """Names of one slug are one topic (Erdoğan, erdogan; Политика, Politika; Украина,
    Україна: one word as outlets in two languages spell it), except two that differ in Chinese
    characters (北京 and 背景, both ``beijing``) or in Arabic or Hebrew letters (العالم and
    العلم, both ``l-lm``): an error, not two topics shown as one."""
    first: dict[str, dict[str, tuple[str, str]]] = {}  # slug -> folded name -> (name, path)
    for article in articles:  # (newest first)
        for ref in article.topics:
            if ref.slug not in respelled:
                continue
            spellings = first.setdefault(ref.slug, {})
            folded = _folded_name(ref.name)
            if folded in spellings:
                continue
            script = _lossy_script(ref.name)
            clash = next(
                ((name, path) for name, path in spellings.values() if script and _lossy_script(name) == script),
                None,
            )
            if clash is not None:
                other, where = clash
                message = (
                    f"topics: {ref.name!r} and {other!r} ({where}) would be one topic, topics/{ref.slug}/; "
                    f"rename one: two names in {script} cannot share a page"
                )
                errors.append(ContentError(message, article.path, lines.get(article.path)))
            spellings[folded] = (ref.name, article.path)


# Scripts whose Latin spellings lose what tells words apart: Chinese characters (北京 and 背景
# are both beijing), Arabic and Hebrew letters, written without most vowels, whose letters of
# one sound meet too (صيف and سيف, "summer" and "sword", are both syf). Other scripts' do not,
# so two names there whose slugs meet are one word spelt two ways (Украина, Україна).
_LOSSY_SCRIPTS = {"CJK": "Chinese characters", "ARABIC": "Arabic letters", "HEBREW": "Hebrew letters"}


def _lossy_script(name: str) -> str | None:
    """Which of ``_LOSSY_SCRIPTS`` a name is written in, if any."""
    for char in name:
        if char.isalpha():
            script = _LOSSY_SCRIPTS.get(unicodedata.name(char, "").partition(" ")[0])
            if script is not None:
                return script
    return None


# Arabic letters written two ways in one word: Persian yeh and keheh, teh marbuta, tatweel.
_ARABIC_SPELLINGS = str.maketrans({"\u06cc": "\u064a", "\u06a9": "\u0643", "\u0629": "\u0647", "\u0640": None})


def _folded_name(name: str) -> str:
    """A topic's name without case, accents, punctuation or spaces, its Latin letters as
    slugs spell them (``ı``, ``ß``); the letters of other scripts kept as they are (Arabic's
    written two ways as one)."""
    decomposed = unicodedata.normalize("NFKD", name.casefold()).translate(_ARABIC_SPELLINGS)
    return "".join(
        (slugify(char) if unicodedata.name(char, "").startswith("LATIN") else char)
        for char in decomposed
        if char.isalnum()
    )


def _with_topic_names(
    articles: list[Article], names: dict[str, str], respelled: set[str], cache: ContentCache
) -> list[Article]:
    """Each article with its topics as the site names them (``_topic_names``; ``respelled``:
    the topics some article spells otherwise), so that every page shows one name for one
    topic; last time's very object when the article and the names are the same (later steps
    of a long-lived builder compare by identity)."""
    memo, cache.renamed = cache.renamed, {}
    if not respelled:
        return articles
    named = []
    for article in articles:
        if all(ref.slug not in respelled or names[ref.slug] == ref.name for ref in article.topics):
            named.append(article)
            continue
        wanted = tuple(names[ref.slug] for ref in article.topics)
        last = memo.get(article.path)
        if last is not None and last[0] is article and last[1] == wanted:
            result = last[2]
        else:
            # What pages and lists show of it changed: its version and listing say so.
            mark = _version("|".join(wanted).encode())
            topics = tuple(replace(ref, name=name) for ref, name in zip(article.topics, wanted, strict=True))
            result = replaced(
                article, topics=topics, version=f"{article.version}+{mark}", listing=f"{article.listing}+{mark}"
            )
        cache.renamed[article.path] = (article, wanted, result)
        named.append(result)
    return named


def _build_topics(
    articles: list[Article],
    names: dict[str, str],
    topic_files: list[ParsedFile],
    config: SiteConfig,
    cache: ContentCache,
    links: _ConfigLinks,
) -> list[Topic]:
    """The site's topics, each the last build's very object when nothing of it changed (later
    steps of a long-lived builder compare by identity)."""
    members: dict[str, list[Article]] = defaultdict(list)
    for article in articles:
        for ref in article.topics:
            members[ref.slug].append(article)
    descriptions = {topic_slug(name): (name, text) for name, text in config.topics.items()}
    files = {file.record.slug: file.record for file in topic_files if isinstance(file.record, Topic)}
    markdown = Markdown.of(config.markdown) if descriptions else None
    topics = []
    for slug, topic_articles in members.items():
        described = files.get(slug)
        if described is not None:
            topic = replace(described, name=names[slug], articles=tuple(topic_articles))
        else:
            html = ""
            if slug in descriptions and markdown is not None:
                name, text = descriptions[slug]
                html = links.resolved(render_markdown(markdown, text, CONFIG_NAME), name)
            topic = Topic(names[slug], slug, tuple(topic_articles), description_html=html)
        last = cache.topics.get(slug)
        topics.append(last if last is not None and _same_topic(last, topic) else topic)
    cache.topics = {topic.slug: topic for topic in topics}
    return sorted(topics, key=lambda topic: name_order(topic.name, config.language))


@dataclass
class _ConfigLinks:
    """Links to content files in digest.yaml's topic descriptions, resolved as a content
    file's are: one to no published page is an error at its topic's line."""

    urls: dict[str, str]
    unpublished: Mapping[str, Article | Digest | Page]
    options: LoadOptions
    errors: list[DigestError]
    site_dir: Path
    lines: Mapping[tuple[Any, ...], int] | None = None

    def resolved(self, rendered: RenderedMarkdown, topic: str) -> str:
        if not rendered.links:
            return rendered.html
        if any(link.target not in self.urls for link in rendered.links):
            if self.lines is None:
                self.lines = load_key_lines(self.site_dir)
            line = self.lines.get(("topics", topic))
            described = ParsedFile(
                CONFIG_NAME, "topics", None, links=tuple((link.target, line or 0) for link in rendered.links)
            )
            found: list[DigestError] = []
            _resolve_links([described], self.urls, found, self.unpublished, self.options)
            for error in found:
                error.message = f"topics.{topic}: {error.message}"
                error.line = line
            self.errors += found
        return resolve_content_links(rendered.html, self.urls)


def _same_topic(last: Topic, topic: Topic) -> bool:
    """The same fields, its articles the very same records."""
    return type(last) is type(topic) and all(
        same_objects(last.articles, topic.articles)
        if item.name == "articles"
        else getattr(last, item.name) == getattr(topic, item.name)
        for item in dataclass_fields(topic)
    )


def _resolve_links(
    files: list[ParsedFile],
    urls: dict[str, str],
    errors: list[DigestError],
    unpublished: Mapping[str, Article | Digest | Page],
    options: LoadOptions,
    site_dir: Path | None = None,
    failed: frozenset[str] | set[str] = frozenset(),
) -> None:
    for file in files:
        folder = bundle_folder(file.path) if file.record is None and site_dir is not None else None
        for target, line in file.links:
            if target in urls or target in failed:
                continue
            if folder and site_dir and target.startswith(f"{folder}/") and os.path.isfile(site_dir / target):
                continue  # its bundle's own file, which it publishes once its errors are mended
            if (hidden := unpublished.get(target)) is not None:  # the link would lead nowhere: say why
                kind = "article" if isinstance(hidden, Article) else "issue" if isinstance(hidden, Digest) else "page"
                message = f"link to '{target}': the {kind} {_why_hidden(hidden, options)}"
                errors.append(ContentError(message, file.path, line))
            elif target.endswith(".md"):
                message = f"link to '{target}': no such page in this build"
                if "\\" in target:
                    message += "; a path's folders are parted by '/', as in a URL, not by '\\' as on Windows"
                errors.append(ContentError(message, file.path, line))
            else:  # a local image of the front matter
                message = f"image.src: no such file: {target}"
                if (other := next((path for path in urls if path.lower() == target.lower()), None)) is not None:
                    message += (
                        f"; the site has {other} (a web server tells the two apart, though macOS and Windows do not)"
                    )
                errors.append(ContentError(message, file.path, line))


def _one_name_as_typed(paths: Iterable[str], folder: str, errors: list[DigestError]) -> None:
    """Two files of ``folder`` whose names are one as typed (``café.png`` made here beside a
    copy from a Mac, its 'é' kept decomposed) would be published as one file: an error."""
    seen: dict[str, str] = {}
    for path in paths:
        if path.isascii():
            continue
        typed = as_typed(path)
        other = seen.setdefault(typed, path)
        if other != path:
            kept = path if path != typed else other  # (the name not as typed)
            message = (
                f"its name is {folder}/{typed}'s as typed, its letters kept decomposed (as macOS keeps them): "
                "they would be one file; keep one"
            )
            errors.append(ContentError(message, f"{folder}/{kept}"))


def _bundle_files(
    files: list[ParsedFile], site_dir: Path, errors: list[DigestError], cache: ContentCache
) -> dict[str, str]:
    """The files of the page bundles of published articles, issues and pages (each folder with
    an index.md: ``content/articles/harbour/photo.png``), by content path, with the output path
    beside the bundle's page (``articles/harbour/photo.png``); not its Markdown files, hidden or
    editor's files, nor those of a folder in it that is a bundle of its own.  A bundle's files
    are taken as last found while its page's address and the stat of every folder of it are
    the same (``cache.bundles``): a site moved from Hugo may have one bundle per article."""
    found: dict[str, str] = {}
    kept: dict[str, _Bundle] = {}
    for file in files:
        if not file.path.endswith("/index.md"):  # (every build's pass over every file: the cheap test first)
            continue
        folder = bundle_folder(file.path)
        if folder is None or file.record is None or file.kind == "topics":
            continue
        url = file.record.url
        bundle = cache.bundles.get(folder)
        if bundle is None or bundle.url != url or not _same_folders(site_dir, bundle.folders):
            bundle = _bundle_of(folder, url, site_dir, errors)
        if bundle.folders:
            kept[folder] = bundle
        found.update(bundle.files)
    cache.bundles = kept
    return found


def _files_beside_pages(
    files: list[ParsedFile], site_dir: Path, errors: list[DigestError], bundled: Mapping[str, str]
) -> dict[str, str]:
    """The files that pages' files which are no bundles name in their folders (``photo.jpg``
    beside content/articles/x.md), by the output path beside each page (``articles/x/photo.jpg``),
    as a bundle's are published.  A missing file is an error where ``image.src`` names it (a
    Markdown image may be meant from the page's address: content/root/ may hold it); one of
    another page's bundle is told the address it has beside that page."""
    found: dict[str, str] = {}
    for file in [file for file in files if file.beside]:  # (every build's pass over every file: few have any)
        for target, output, line, required in file.beside:
            if (published := bundled.get(target)) is not None:
                field = "image.src: " if required else ""
                message = f"{field}{target} is published beside its page at /{published}: write that address"
                errors.append(ContentError(message, file.path, line))
            elif not target.endswith(".md") and os.path.isfile(site_dir / target):
                if not _leads_out(site_dir, site_dir / target, errors):
                    found[output] = target
            elif required:
                errors.append(ContentError(f"image.src: no such file: {target}", file.path, line))
    return found


@dataclass(frozen=True)
class _Bundle:
    """What a bundle's folder held when walked: its page's address, the files found (content
    path -> output path), and the stat of each of its folders (none: not to be kept)."""

    url: str
    files: dict[str, str]
    folders: tuple[tuple[str, int, int, int], ...]


def _bundle_of(folder: str, url: str, site_dir: Path, errors: list[DigestError]) -> _Bundle:
    found: dict[str, str] = {}
    folders: list[tuple[str, int, int, int]] | None = []
    reported = len(errors)
    for root, dirs, names in walk_folder(site_dir / folder, site_dir):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and not os.path.isfile(Path(root, d, "index.md")))
        relative = Path(root).relative_to(site_dir).as_posix()
        if folders is not None:
            folders = _with_folder_stat(folders, root, relative)
        for name in names:
            path = Path(root, name)
            if name.startswith(".") or name.endswith(".md") or is_editor_file(name):
                continue
            if os.path.islink(path):
                folders = None  # (a link's target may change without its folder: looked at again each build)
            if _leads_out(site_dir, path, errors) or not path.is_file():
                continue
            if (shown := not_utf8_name(f"{relative}/{name}")) is not None:
                errors.append(ContentError(NOT_UTF8_NAME, shown, None))
                continue
            found[f"{relative}/{name}"] = url + as_typed(f"{relative}/{name}"[len(folder) + 1 :])
    if folders is None or len(errors) > reported:
        return _Bundle(url, found, ())
    return _Bundle(url, found, tuple(folders))


def _with_folder_stat(
    folders: list[tuple[str, int, int, int]], root: str, relative: str
) -> list[tuple[str, int, int, int]] | None:
    """``folders`` with the stat of ``root``; None when it cannot be trusted to tell a later
    change (changed too recently for its clock, or not to be read)."""
    try:
        info = os.stat(root)
    except OSError:
        return None
    if time.time_ns() - changed_ns(info) < RACY_NS:
        return None
    return [*folders, (relative, info.st_ino, info.st_mtime_ns, info.st_ctime_ns)]


def _same_folders(site_dir: Path, folders: tuple[tuple[str, int, int, int], ...]) -> bool:
    """Whether each folder has the stat it had (the same files in it: an entry added, removed
    or renamed changes its folder's mtime and ctime)."""
    for relative, inode, mtime, ctime in folders:
        try:
            info = os.stat(f"{site_dir}/{relative}")
        except OSError:
            return False
        if (info.st_ino, info.st_mtime_ns, info.st_ctime_ns) != (inode, mtime, ctime):
            return False
    return True


def _check_unpublished_images(
    parsed: list[ParsedFile], site_dir: Path, errors: list[DigestError], bundled: Mapping[str, str]
) -> None:
    """A Markdown image naming a file of content/ that is there but not published (kept beside
    the article, as Hugo and Jekyll sites keep pictures) is an error at its line; one naming
    no file is left to ``digest check`` (``photo.png`` may be meant from the page's address,
    content/root/articles/<slug>/photo.png); one of another page's bundle (``bundled``: content
    path -> output path) is told the address it has beside that page."""
    for file in parsed:
        for src, target, line in file.unpublished_images:
            if (published := bundled.get(target)) is not None:  # another page's bundle, beside that page
                message = f"image '{src}' is {target}, published beside its page at /{published}: write that address"
                errors.append(ContentError(message, file.path, line))
            elif os.path.isfile(site_dir / target):
                errors.append(ContentError(f"image {unpublished_image(src, target)}", file.path, line))


def _all_links_resolved(files: list[ParsedFile], urls: dict[str, str], cache: ContentCache) -> list[ParsedFile]:
    """Every file with its links resolved; a file and targets as last time give last time's
    result, the very same object (later steps of a long-lived builder compare by identity)."""
    memo, cache.resolved = cache.resolved, {}
    resolved = []
    for file in files:
        if not file.links:
            resolved.append(file)
            continue
        targets = tuple(urls.get(target, "") for target, _ in file.links)
        last = memo.get(file.path)
        result = last[2] if last and last[0] is file and last[1] == targets else _with_links_resolved(file, urls)
        cache.resolved[file.path] = (file, targets, result)
        resolved.append(result)
    return resolved


def _with_links_resolved(file: ParsedFile, urls: dict[str, str]) -> ParsedFile:
    """Replace ``@md:`` link marks with site-root URLs (``@/articles/x/``)."""
    if not file.links:
        return file

    def fix(html: str) -> str:
        return resolve_content_links(html, urls)

    record = file.record
    # The page now shows its targets' URLs: its version must change when they do.
    version = _version("|".join([getattr(record, "version", ""), *(urls.get(t, "") for t, _ in file.links)]).encode())
    if isinstance(record, Article):
        link_urls = tuple((target, urls.get(target, "")) for target, _ in file.links)
        record = replaced(record, link_urls=link_urls, version=version)
    elif isinstance(record, Page):
        record = replace(record, body_html=fix(record.body_html), version=version)
    elif isinstance(record, Digest):
        record = replace(record, intro_html=fix(record.intro_html), version=version)
    elif isinstance(record, Topic):
        record = replace(record, description_html=fix(record.description_html))
    picks = tuple((ref, fix(note), line) for ref, note, line in file.pick_refs)
    return replaced(file, record=record, pick_refs=picks)


def replaced(original: T, /, **changes: Any) -> T:
    """``dataclasses.replace`` for the many records of a big site, without checking every
    field again: a new object with the same fields, ``changes`` set before anyone sees it."""
    copy: T = object.__new__(type(original))
    copy.__dict__.update(original.__dict__)
    copy.__dict__.update(changes)
    return copy


def _related_cached(articles: list[Article], cache: ContentCache) -> Mapping[str, tuple[Article, ...]]:
    key = fingerprint(_related_inputs(articles, cache))
    if key != cache.related_key:
        computed = related_articles(articles)
        cache.related = {slug: tuple(other.slug for other in items) for slug, items in computed.items()}
        cache.related_key = key
        return computed
    return RelatedArticles({article.slug: article for article in articles}, cache.related)


def _related_inputs(articles: list[Article], cache: ContentCache) -> list[str]:
    """What related articles depend on, article by article: slug, date and topics (made once
    per record: records are immutable, and a long-lived builder keeps them)."""
    inputs = [cache.related_inputs.get(article.path, article, _related_input) for article in articles]
    cache.related_inputs.done()
    return inputs


def _related_input(article: Article) -> str:
    return f"{article.slug} {article.date.timestamp()} {' '.join(t.slug for t in article.topics)}"


class RelatedArticles(Mapping[str, tuple[Article, ...]]):
    """Related articles by slug, looked up when a page asks (most builds render few pages)."""

    def __init__(self, by_slug: dict[str, Article], related: dict[str, tuple[str, ...]]):
        self._by_slug = by_slug
        self._related = related

    def __getitem__(self, slug: str) -> tuple[Article, ...]:
        return tuple(map(self._by_slug.__getitem__, self._related[slug]))

    def get(self, slug: str, default: Any = None) -> Any:  # (asked for every article as pages are planned)
        slugs = self._related.get(slug)
        return default if slugs is None else tuple(map(self._by_slug.__getitem__, slugs))

    def __iter__(self) -> Iterator[str]:
        return iter(self._related)

    def __len__(self) -> int:
        return len(self._related)


def related_articles(articles: list[Article], count: int = RELATED_COUNT) -> dict[str, tuple[Article, ...]]:
    """For each article, those sharing the most topics, then the newest (``articles`` is newest first).

    Built from an index of topic combinations, so each article looks at a few dozen
    candidates rather than the whole site: any article that ranks in the top ``count``
    for a shared combination is among the first ``count + 1`` of that combination's list.
    An article with more than ``COMBINED_TOPICS`` topics is indexed and looked up by
    single topics only, so that its cost grows with its number of topics, not their cube.
    """
    by_combination: dict[frozenset[str], list[Article]] = defaultdict(list)
    for article in articles:  # newest first, so every list is newest first
        slugs = [ref.slug for ref in article.topics]
        for combination in _combinations(slugs):
            by_combination[combination].append(article)
    position = {article.slug: index for index, article in enumerate(articles)}
    topic_sets = {article.slug: frozenset(ref.slug for ref in article.topics) for article in articles}
    related: dict[str, tuple[Article, ...]] = {}
    for article in articles:
        own = topic_sets[article.slug]
        candidates: dict[str, Article] = {}
        for combination in _combinations(list(own)):
            for other in by_combination[combination][: count + 1]:
                candidates[other.slug] = other
        candidates.pop(article.slug, None)
        ranked = sorted(
            candidates.values(),
            key=lambda other: (-len(own & topic_sets[other.slug]), position[other.slug]),
        )
        related[article.slug] = tuple(ranked[:count])
    return related


def _combinations(slugs: list[str]) -> Iterator[frozenset[str]]:
    """Non-empty subsets of an article's topics, capped at three topics for speed
    (and at one for an article with many topics)."""
    from itertools import combinations

    limited = sorted(slugs)
    largest = 3 if len(limited) <= COMBINED_TOPICS else 1
    for size in range(1, min(len(limited), largest) + 1):
        for combo in combinations(limited, size):
            yield frozenset(combo)


def archive_months(articles: list[Article], last: dict[tuple[int, int], Month] | None = None) -> tuple[Month, ...]:
    """The archive's months, newest first; ``last``: the last archive's months by (year,
    month), each kept as the same object when it has the very same articles (later steps of
    a long-lived builder compare by identity), and updated to this archive's."""
    by_month: dict[tuple[int, int], list[Article]] = defaultdict(list)
    for article in articles:
        date = article.date
        by_month[(date.year, date.month)].append(article)
    kept = last if last is not None else {}
    months = []
    for (year, month), items in sorted(by_month.items(), reverse=True):
        found, these = kept.get((year, month)), tuple(items)
        months.append(found if found is not None and same_objects(found.articles, these) else Month(year, month, these))
    if last is not None:
        last.clear()
        last.update(((item.year, item.month), item) for item in months)
    return tuple(months)
