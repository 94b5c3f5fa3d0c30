"""Run an import: each source -> articles -> Markdown files, duplicates skipped, a summary at the end.

A bad source never stops the run: it gets one error line and counts as failed.  The user's
options are applied to every article here, the same way for every kind of source:

- ``--topic`` adds topics; ``--section`` and ``--source`` replace what the source says.
- An article with no topic from its source or ``--topic`` gets its section as its topic,
  or else the site's ``import.default_topic`` (``Uncategorized`` unless digest.yaml says).
- The date is the source's; else ``--date``; else the date of a year-less dateline; else
  the import date (in the site's time zone), and then the file says ``date_inferred: true``.
- The import time is the current time, or ``SOURCE_DATE_EPOCH`` when that is set, as for
  reproducible builds (tests use it to compare against checked-in output).
"""

from __future__ import annotations

import argparse
import dataclasses
import functools
import os
import re
import stat
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, tzinfo
from pathlib import Path
from typing import TextIO

from digest.cache import CACHE_DIR
from digest.config import SiteConfig, load_config, load_key_lines, primary_language
from digest.errors import BuildFailed, ContentError, shown_path
from digest.frontmatter import FRONT_MATTER
from digest.importer.archive import saved_page
from digest.importer.detect import Kind, decode_bytes, sniff_kind
from digest.importer.duplicates import INDEX_CACHE, ContentIndex, Match, load_edit_state, load_index, save_index
from digest.importer.feed import FeedEntry, parse_feed, parse_json_feed, with_page
from digest.importer.fetch import fetch_url, is_url
from digest.importer.html import clean_markdown, parse_page
from digest.importer.language import differs
from digest.importer.language import guess as guess_language
from digest.importer.learn import articles_by_source, recurring_lines
from digest.importer.limits import describe_size, over_build_limits, unpacked
from digest.importer.markdown_page import clipped_page, markdown_page
from digest.importer.options import ImportOptions, parse_options
from digest.importer.record import ImportedArticle, ImportSummary, SourceFailed
from digest.importer.report import Reporter
from digest.importer.safety import make_safe
from digest.importer.settings import ImportSettings, parse_import_settings
from digest.importer.suggest import site_topics, suggest_topics
from digest.importer.text import parse_scrape, scrape_source_name
from digest.importer.writer import content_hash, raw_hash, render_article_file, render_fields, write_text_atomic
from digest.model import DATE_PREFIX, topic_slug
from digest.process import import_lock
from digest.urls import clean_url

ARTICLES = Path("content") / "articles"
# The kinds of source that are a web page, however saved (``_page``).
_PAGE_KINDS = ("html", "mhtml", "page_markdown", "markdown")
IMPORT_LOCK = "import.lock"  # in the cache: held by an import, which a second one waits for


@dataclass(frozen=True)
class _Loaded:
    """A source's bytes and where they came from."""

    data: bytes
    url: str | None = None
    charset: str | None = None


def run_import(args: argparse.Namespace, site_dir: Path, out: TextIO, err: TextIO) -> ImportSummary:
    """Import every source named in ``args`` into ``site_dir``; print a line each and a summary."""
    options = parse_options(args)
    if options.dry_run:
        return _run_import(options, site_dir, out, err)
    told = functools.partial(print, file=err, flush=True)
    with import_lock(site_dir / CACHE_DIR / IMPORT_LOCK, told):
        return _run_import(options, site_dir, out, err)


def _run_import(options: ImportOptions, site_dir: Path, out: TextIO, err: TextIO) -> ImportSummary:
    reporter = Reporter(out, err, len(options.sources))
    session = _start_session(options, site_dir, reporter)
    if session is None:
        summary = ImportSummary(failed=len(options.sources))
    else:
        try:
            for source in options.sources:
                session.import_source(source)
                reporter.advance()
        except KeyboardInterrupt:  # what was imported so far is kept: it is counted
            reporter.finish(render_summary(session.summary(), options.dry_run))
            raise
        session.finish()
        summary = session.summary()
    reporter.finish(render_summary(summary, options.dry_run))
    return summary


def render_summary(summary: ImportSummary, dry_run: bool) -> str:
    counts = (
        f"import {summary.imported}, update {summary.updated}, skip {summary.skipped} as duplicates"
        if dry_run
        else f"imported {summary.imported}, updated {summary.updated}, skipped {summary.skipped} as duplicates"
    )
    failed = f", failed {summary.failed}"
    return (
        f"Dry run, nothing written: would {counts}{failed}." if dry_run else f"{counts[0].upper()}{counts[1:]}{failed}."
    )


def _start_session(options: ImportOptions, site_dir: Path, reporter: Reporter) -> _Session | None:
    try:
        config, _warnings = load_config(site_dir)
    except BuildFailed as failure:
        for error in failure.errors:
            reporter.warning(f"{error}")
        reporter.warning("error: nothing imported: digest.yaml has errors")
        return None
    report = parse_import_settings(config.importer, load_key_lines(site_dir))
    for problem in report.warnings:
        reporter.warning(f"{problem} (warning)")
    if report.errors:
        for error in report.errors:
            reporter.warning(f"{error}")
        reporter.warning("error: nothing imported: digest.yaml has errors")
        return None
    now = _now()
    today = config.today(now)
    session = _Session(options, report.settings, site_dir, reporter, now, today)
    for unread in session.index.unread:
        reporter.warning(f"warning: {unread} (not read: a story it holds may be imported again as a new file)")
    session.limits = getattr(config, "limits", None)  # what the build accepts of one file
    session.site_language = config.language
    session.zone = config.tzinfo
    return session


def _read_or_declared(article: ImportedArticle) -> str | None:
    """What the text reads as, else what the source declares (as precisely as the source
    gives it when the two agree)."""
    declared = article.language
    read = guess_language(f"{article.title}\n\n{article.body}")
    if declared and read and not differs(declared, read):
        return declared
    return read or declared


def _known_language(language: str) -> str | None:
    """``language``, or its language without region or script, as far as Babel knows it:
    one it does not know would only be warned of by every build."""
    from digest.i18n import known_language

    primary = primary_language(language)
    return language if known_language(language) else primary if known_language(primary) else None


def _now() -> datetime:
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), UTC)
    return datetime.now(UTC).replace(microsecond=0)


class _Session:
    """One import run: the options, the site's settings, what is on disk, and the counts."""

    def __init__(
        self,
        options: ImportOptions,
        settings: ImportSettings,
        site_dir: Path,
        reporter: Reporter,
        now: datetime,
        today: date,
    ):
        self.options = options
        self.settings = settings
        self.site_dir = site_dir
        self.reporter = reporter
        self.now = now
        self.today = today
        self.index: ContentIndex = load_index(site_dir / ARTICLES, site_dir / INDEX_CACHE)
        self.counts = {"imported": 0, "updated": 0, "skipped": 0, "failed": 0}
        self._standard_input: bytes | None = None  # ``-``'s bytes, read once
        self.learned = self._learn_furniture()
        self.topics: tuple[str, ...] | None = None  # the site's topics, read when first needed
        self.limits: object | None = None
        self.site_language = SiteConfig.language
        self.zone: tzinfo = UTC
        self.paths: list[str] = []

    def _learn_furniture(self) -> dict[str, frozenset[str]]:
        """Lines recurring across the scrapes of one source in this import and in content/."""
        documents: list[tuple[str | None, str]] = []
        for source in self.options.sources:
            if is_url(source):
                continue
            try:
                text = decode_bytes(self._local_bytes(source))
            except (SourceFailed, OSError, ValueError):
                continue  # reported when the source is imported
            if sniff_kind(text) == "text":
                documents.append((self.options.source_name or scrape_source_name(text), text))
        names = {name.casefold() for name, _ in documents if name}
        documents.extend(articles_by_source(self.site_dir / ARTICLES, names))
        return recurring_lines(documents)

    def finish(self) -> None:
        if not self.options.dry_run:
            save_index(self.index, self.site_dir / INDEX_CACHE)

    def summary(self) -> ImportSummary:
        return ImportSummary(**self.counts, paths=tuple(self.paths))

    def import_source(self, source: str) -> None:
        try:
            entries = self._read_source(source)
        except _SameFile as same:
            self._skip(source, f"duplicate of {self._show(same.path)} (the same file, imported before)")
            return
        except SourceFailed as failure:
            self._fail(source, failure.reason)
            return
        except Exception as error:  # a bad source, even one that trips a library, never stops the others
            self._fail(source, _unexpected(error))
            return
        for entry in entries:
            if entry.article is None:
                self._fail(entry.label, entry.error or "cannot import")
            else:
                article, warnings = make_safe(self._apply_options(entry.article), self.settings.default_topic)
                if note := self._date_note(entry.article, article):
                    warnings.insert(0, note)
                for warning in warnings:
                    self.reporter.warning(f"{entry.label}: warning: {warning}")
                for note in article.notes:
                    self.reporter.line(f"{entry.label}: {note}")
                if self.options.explain:
                    self._explain(entry.label, article)
                if not article.title.strip():
                    self._fail(entry.label, "not an article: no headline left once control characters are removed")
                else:
                    self._store(entry.label, article, by_url=entry.article.source_url is not None)

    def _fail(self, label: str, reason: str) -> None:
        self.reporter.error(label, reason)
        self.counts["failed"] += 1

    # -- reading ---------------------------------------------------------------------------

    def _read_source(self, source: str) -> list[FeedEntry]:
        loaded = self._load(source)
        text = decode_bytes(loaded.data, loaded.charset)
        kind = sniff_kind(text)
        raw = raw_hash(loaded.data)
        if kind in (*_PAGE_KINDS, "text") and not self.options.update and (same := self.index.read_from(raw)):
            raise _SameFile(same.path)  # imported before from these very bytes: nothing to read
        if kind == "feed":
            entries = parse_feed(text, source, loaded.url)
            return [self._full_text(entry, source) if self.options.full else self._cleaned(entry) for entry in entries]
        if kind in _PAGE_KINDS:
            return [FeedEntry(source, dataclasses.replace(self._page(kind, text, source, loaded.url), raw=raw))]
        if kind == "json":
            items = parse_json_feed(text, source, loaded.url)
            if items is None:
                raise SourceFailed("not an article: JSON data that is not a JSON Feed")
            return [self._full_text(entry, source) if self.options.full else self._cleaned(entry) for entry in items]
        article = parse_scrape(text, source, self.settings, self.today, self.options.source_name, self.learned)
        # Text fetched from an address is from there, unless it names its own.
        return [FeedEntry(source, dataclasses.replace(article, raw=raw, source_url=article.source_url or loaded.url))]

    def _page(self, kind: Kind, text: str, source: str, fetched_from: str | None) -> ImportedArticle:
        """The article of a web page: saved as it is, saved as one file (MHTML), or shown as
        Markdown (a reader service's or a converter's, or a web clipper's note)."""
        html, url, rendered = text, fetched_from, False
        if kind == "mhtml":
            saved = saved_page(text)
            html, url = saved.html, saved.url or fetched_from
        elif kind in ("page_markdown", "markdown"):
            shown = markdown_page(text) if kind == "page_markdown" else clipped_page(text)
            if shown is None:
                raise SourceFailed(
                    "not a scrape: a Markdown file with front matter; copy it into content/articles/ as it is"
                )
            html, url, rendered = shown.html, shown.url or fetched_from, True
        return parse_page(html, source, url, self.settings, self.options.source_name, rendered)

    def _load(self, source: str) -> _Loaded:
        if re.match(r"^[a-z][a-z0-9+.-]*://", source, re.IGNORECASE) and not is_url(source):
            raise SourceFailed("only http:// and https:// URLs can be imported")
        if is_url(source):
            fetched = fetch_url(source, timeout=self.options.timeout, max_bytes=self.options.max_size)
            return _Loaded(fetched.data, fetched.url, fetched.charset)
        return _Loaded(self._local_bytes(source))

    def _local_bytes(self, source: str) -> bytes:
        """A file's bytes, or the standard input's for ``-`` (read once: it may be named twice)."""
        if source != STANDARD_INPUT:
            return read_source_file(Path(source), self.options.max_size)
        if self._standard_input is None:
            stream = sys.stdin.buffer if sys.stdin is not None else None
            self._standard_input = (
                _read_at_most(stream.read, self.options.max_size + 1) if stream else b""
            )  # (one more: too many)
        if len(self._standard_input) > self.options.max_size:
            raise SourceFailed(
                f"cannot read: larger than the {describe_size(self.options.max_size)} limit (--max-size)"
            )
        return self._standard_input

    def _cleaned(self, entry: FeedEntry) -> FeedEntry:
        """A feed entry's text without the site's furniture ("Subscribe to our newsletter",
        "Follow us on X"), judged as a page's text is, with the feed's outlet's patterns."""
        article = entry.article
        if article is None:
            return entry
        boilerplate = self.settings.boilerplate_for(self.options.source_name or article.source_name)
        body, dropped = clean_markdown(article.body, article.title, boilerplate)
        if not body.strip():
            return entry  # nothing but furniture, or too little to judge: as the feed gives it
        return dataclasses.replace(
            entry, article=dataclasses.replace(article, body=body, dropped=article.dropped + dropped)
        )

    def _full_text(self, entry: FeedEntry, feed: str) -> FeedEntry:
        """``--full``: the linked page's text for an entry (an error for this entry if that fails).

        Only the service of the feed the user named may be at a non-public address."""
        if entry.article is None or not entry.link:
            return entry
        try:
            fetched = fetch_url(entry.link, timeout=self.options.timeout, max_bytes=self.options.max_size, named=feed)
            text = decode_bytes(fetched.data, fetched.charset)
            page = parse_page(text, entry.link, fetched.url, self.settings, self.options.source_name)
        except SourceFailed as failure:
            return FeedEntry(entry.label, error=failure.reason, link=entry.link)
        except Exception as error:  # as in import_source: this entry fails, the others go on
            return FeedEntry(entry.label, error=_unexpected(error), link=entry.link)
        return dataclasses.replace(entry, article=with_page(entry.article, page))

    def _explain(self, label: str, article: ImportedArticle) -> None:
        """``--explain``: every line left out of the article, and why."""
        if not article.dropped:
            self.reporter.line(f"{label}: nothing left out")
        for text, why in article.dropped:
            shown = text if len(text) <= 100 else text[:97] + "..."
            self.reporter.line(f"{label}: left out {shown!r}: {why}")

    # -- options and dates -----------------------------------------------------------------

    def _apply_options(self, article: ImportedArticle) -> ImportedArticle:
        topics = _unique((*article.topics, *self.options.topics))
        section = self.options.section or article.section
        notes = article.notes
        if not topics and not section and (suggested := suggest_topics(article, self._site_topics())):
            topics = suggested
            notes = (*notes, f"topics suggested from the site's topics: {', '.join(topics)} (--topic sets them)")
        if not topics and section:
            topics = (section,)
        elif not topics:
            topics = (self.settings.default_topic,)
            why = "the source names no topic or section (--topic sets them)"
            notes = (*notes, f"topics: {self.settings.default_topic}, import.default_topic: {why}")
        day, inferred = self._date_of(article)
        return dataclasses.replace(
            article,
            topics=topics,
            notes=notes,
            tags=_unique(article.tags),
            section=section,
            date=day,
            date_inferred=inferred,
            source_name=self.options.source_name or article.source_name,
            source_url=clean_url(article.source_url or self.options.source_url or "") or None,
            language=self._language_of(article),
        )

    def _language_of(self, article: ImportedArticle) -> str | None:
        """``--language``, else what the text reads as (sites often declare their template's
        language on every page), else what the source declares; None for the site's own."""
        language = self.options.language or _read_or_declared(article)
        if not language or not differs(language, self.site_language):
            return None
        return _known_language(language)

    def _date_of(self, article: ImportedArticle) -> tuple[str, bool]:
        if article.date and not article.date_inferred:
            return self._in_site_zone(article.date), False
        if self.options.date:
            return self.options.date, False
        if article.date:
            return self._in_site_zone(article.date), True
        return self.today.isoformat(), True

    def _in_site_zone(self, when: str) -> str:
        """A date with a time that falls on another day in the site's time zone (a feed's
        21:30 GMT is 00:30 the next day in Istanbul), told in that zone: the day in the file's
        name, ``digest list`` and the pages is then the curator's.  Any other date as the
        source gives it."""
        try:
            moment = datetime.fromisoformat(when)
        except ValueError:
            return when
        if moment.tzinfo is None or "T" not in when:
            return when
        local = moment.astimezone(self.zone)
        return local.isoformat(timespec="seconds") if local.date() != moment.date() else when

    def _site_topics(self) -> tuple[str, ...]:
        if self.topics is None:
            self.topics = site_topics(self.site_dir)
        return self.topics

    def _date_note(self, found: ImportedArticle, article: ImportedArticle) -> str | None:
        """What to tell the user when the date did not come whole from the source or ``--date``,
        or is later than now (the site leaves the article out until then)."""
        if not article.date_inferred:
            return self._future_note(article.date)
        if found.date:
            return f"no year in the source's date: using {article.date} (pass --date to set it)"
        return f"no date found: using {article.date}, the import date (pass --date to set it)"

    def _future_note(self, when: str | None) -> str | None:
        """A time the source gave without its zone, read in the site's, and so later than now: a
        Turkish outlet's 17:30 on a site in UTC, where it is 14:30 (the site leaves the article
        out until then)."""
        try:
            moment = datetime.fromisoformat(when) if when and "T" in when else None
        except ValueError:
            return None
        if moment is None or moment.tzinfo is not None or moment.replace(tzinfo=self.zone) <= self.now:
            return None
        return (
            f"dated {when}, later than now: a time without its zone is read in the site's time zone, which the "
            "source's may be ahead of; the site leaves the article out until then (pass --date to set the date)"
        )

    # -- writing ---------------------------------------------------------------------------

    def _store(self, label: str, article: ImportedArticle, by_url: bool = True) -> None:
        """Write the article, unless it is one ``content/`` holds; ``by_url``: its source URL
        is its own (a --source-url given for many sources, an outlet's home page, is no
        article's: by it, every article but the first would be a duplicate)."""
        match = self.index.find(article, by_url)
        if match is None:
            self._write(label, article, None, edited=False)
        elif not self.options.update:
            self._skip(label, f"duplicate of {self._show(match.existing.path)} ({match.reason})")
        elif not match.existing.imported:
            self._skip(
                label, f"same article as {self._show(match.existing.path)}, which was not imported: not replaced"
            )
        else:
            self._update(label, article, match)

    def _update(self, label: str, article: ImportedArticle, match: Match) -> None:
        try:
            state = load_edit_state(match.existing.path)
        except (OSError, UnicodeDecodeError, ContentError) as error:
            self._fail(label, f"cannot read {self._show(match.existing.path)} to update it: {error}")
            return
        moved = self._redated_path(match.existing.path, article)
        if moved is not None and self.options.date and state.edited:
            self._redate(label, article, match, moved)
        elif state.hash == content_hash(render_fields(article), article.body.strip()) and moved is None:
            self._skip(label, f"unchanged: {self._show(match.existing.path)}")
        else:
            self._write(label, article, match, state.edited, moved)

    def _redated_path(self, path: Path, article: ImportedArticle) -> Path | None:
        """The file's name with the article's new date prefix, when that differs (else None)."""
        prefix = (article.date or "")[:10]
        if not DATE_PREFIX.match(path.name) or not prefix or path.name.startswith(f"{prefix}-"):
            return None
        return path.with_name(f"{prefix}-{DATE_PREFIX.sub('', path.name)}")

    def _redate(self, label: str, article: ImportedArticle, match: Match, moved: Path) -> None:
        """``--update --date`` on a file the curator edited: only the date and the file name change."""
        old = match.existing.path
        try:
            text = redate_text(old.read_text(encoding="utf-8"), article.date or "")
        except (OSError, UnicodeDecodeError) as error:
            self._fail(label, f"cannot read {self._show(old)} to update it: {error}")
            return
        self._write_file(label, text, article, old, moved, "updated", " (date changed; the curator's edits kept)")

    def _move_target_taken(self, label: str, old: Path, new: Path) -> bool:
        if new != old and new.exists():
            self._fail(label, f"cannot rename {self._show(old)} to {self._show(new)}: that file exists")
            return True
        return False

    def _skip(self, label: str, reason: str) -> None:
        self.reporter.line(f"{label}: skipped, {reason}")
        self.counts["skipped"] += 1

    def _write(
        self, label: str, article: ImportedArticle, match: Match | None, edited: bool, moved: Path | None = None
    ) -> None:
        old = match.existing.path if match else None
        path = moved or old or self.index.new_path(article)
        stamp = self.now.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        provenance = {"from": article.origin, "at": stamp, **({"raw": article.raw} if article.raw else {})}
        text = render_article_file(article, provenance)
        action = "updated" if match else "imported"
        note = " (replacing the curator's edits)" if edited else ""
        self._write_file(label, text, article, old, path, action, note)

    def _write_file(
        self, label: str, text: str, article: ImportedArticle, old: Path | None, path: Path, action: str, note: str
    ) -> None:
        """Write ``text`` at ``path``; an updated file whose date changed moves there from ``old``."""
        if old is not None and self._move_target_taken(label, old, path):
            return
        if problem := over_build_limits(text, self.limits):
            self._fail(label, f"not written: {problem}")
            return
        shown = self._show(path) if old in (None, path) else f"{self._show(old)} -> {self._show(path)}"
        if self.options.dry_run:
            self.reporter.line(f"{label}: would be {action} as {shown}{note}\n{text}")
        else:
            try:
                write_text_atomic(path, text)
                if old is not None and old != path:
                    old.unlink()
            except OSError as error:
                self._fail(label, f"cannot write {self._show(path)}: {error.strerror or error}")
                return
            self.reporter.line(f"{label}: {action} {shown}{note}")
        if old is not None and old != path:
            self.index.remove(old)
        self.index.add(path, article)
        self.counts[action] += 1
        self.paths.append(self._show(path))

    def _show(self, path: Path) -> str:
        return shown_path(path, self.site_dir)


def redate_text(text: str, day: str) -> str:
    """A file's text with its front matter's ``date:`` set to ``day`` and ``date_inferred`` gone."""
    match = FRONT_MATTER.match(text)
    if match is None or match[1] is None:
        raise OSError("no front matter")
    front = re.sub(r"(?m)^date_inferred:.*\n", "", match[1])
    front, count = re.subn(r"(?m)^date:.*$", f"date: {day}", front)
    if not count:
        front = f"date: {day}\n{front}"
    return text[: match.start(1)] + front + text[match.end(1) :]


def _unexpected(error: Exception) -> str:
    return f"cannot import: {type(error).__name__}: {error}"


class _SameFile(Exception):
    """A source whose bytes an article was imported from before (``imported.raw``)."""

    def __init__(self, path: Path):
        super().__init__(str(path))
        self.path = path


def read_source_file(path: Path, max_bytes: int) -> bytes:
    """A regular file's bytes, at most ``max_bytes`` of them; a FIFO, device or folder is refused
    without blocking (opened non-blocking, checked before anything is read)."""
    try:
        handle = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except FileNotFoundError:
        raise SourceFailed("cannot read: no such file") from None
    except IsADirectoryError:
        raise SourceFailed("cannot read: a folder with no files to import") from None
    except OSError as error:
        raise SourceFailed(f"cannot read: {error.strerror or error}") from None
    try:
        info = os.fstat(handle)
        if stat.S_ISDIR(info.st_mode):
            raise SourceFailed("cannot read: a folder with no files to import")
        if not stat.S_ISREG(info.st_mode):
            raise SourceFailed(f"cannot read: not a regular file but {_file_kind(info.st_mode)}")
        if info.st_size > max_bytes:
            raise SourceFailed(f"cannot read: larger than the {describe_size(max_bytes)} limit (--max-size)")
        data = _read_at_most(
            functools.partial(os.read, handle), max_bytes + 1
        )  # a regular file never blocks; it may have grown
    except OSError as error:
        raise SourceFailed(f"cannot read: {error.strerror or error}") from None
    finally:
        os.close(handle)
    if len(data) > max_bytes:
        raise SourceFailed(f"cannot read: larger than the {describe_size(max_bytes)} limit (--max-size)")
    return unpacked(data, max_bytes)


STANDARD_INPUT = "-"  # the source that names the standard input (curl … | digest import -)


def _read_at_most(read: Callable[[int], bytes], count: int) -> bytes:
    """At most ``count`` bytes from ``read`` (a descriptor's ``os.read``, a stream's ``read``)."""
    chunks: list[bytes] = []
    while count > 0 and (chunk := read(min(count, 1 << 20))):
        chunks.append(chunk)
        count -= len(chunk)
    return b"".join(chunks)


def _file_kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a special file"


def _unique(names: tuple[str, ...]) -> tuple[str, ...]:
    seen: set[str] = set()
    kept: list[str] = []
    for name in names:
        key = topic_slug(name) or name.casefold()  # one topic page per slug
        if key not in seen:
            seen.add(key)
            kept.append(name)
    return tuple(kept)
