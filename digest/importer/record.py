"""The records of an import: the article every source adapter produces, the error they
raise, and the summary of a run.

Adapters (``text``, ``html``, ``feed``) turn a source into ``ImportedArticle`` values; the
writer turns those into Markdown files.  Nothing here does I/O.
"""

from __future__ import annotations

from dataclasses import dataclass


class SourceFailed(Exception):
    """A source that cannot be imported; ``reason`` is shown as ``<source>: error: <reason>``."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class ImportedArticle:
    """An article as a source describes it, before the user's options are applied.

    ``body`` is Markdown that is safe to render (no raw HTML).  ``date`` is an ISO 8601 date
    or date-time string; ``date_inferred`` is set when only part of it came from the source
    (a dateline without a year).
    """

    title: str
    body: str
    origin: str  # the path or URL the article was imported from
    date: str | None = None
    date_inferred: bool = False
    topics: tuple[str, ...] = ()
    section: str | None = None
    author: str | None = None
    source_name: str | None = None
    source_url: str | None = None
    image_src: str | None = None
    image_caption: str | None = None
    image_credit: str | None = None
    summary: str | None = None
    tags: tuple[str, ...] = ()  # the page's own tag list: kept apart from the topics
    language: str | None = None  # a tag such as "ar" or "pt-BR", as the source declares it
    dropped: tuple[tuple[str, str], ...] = ()  # (line, why) left out as site furniture, for --explain
    notes: tuple[str, ...] = ()  # what the user should know about how fields were found
    raw: str | None = None  # a hash of the file or page it was read from, alone (not a feed's entry)


@dataclass(frozen=True)
class ImportSummary:
    """What one import did; ``paths`` are site-relative, written (or, in a dry run, planned)."""

    imported: int = 0
    updated: int = 0
    skipped: int = 0
    failed: int = 0
    paths: tuple[str, ...] = ()
