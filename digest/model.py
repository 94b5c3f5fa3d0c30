"""The content model: frozen records for articles, digest issues, topics and pages.

No I/O here; ``content`` builds these from files and ``render`` turns them into pages.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

_TRANSLITERATION = str.maketrans(
    {
        "ı": "i", "İ": "i", "ğ": "g", "Ğ": "g", "ş": "s", "Ş": "s", "ç": "c", "Ç": "c",
        "ö": "o", "Ö": "o", "ü": "u", "Ü": "u", "ß": "ss", "æ": "ae", "Æ": "ae",
        "ø": "o", "Ø": "o", "đ": "d", "Đ": "d", "ł": "l", "Ł": "l", "þ": "th", "Þ": "th",
        "œ": "oe", "Œ": "oe", "&": " and ", "’": "", "'": "",
    }
)  # fmt: skip
_NOT_SLUG = re.compile(r"[^a-z0-9]+")
CONTENT_LINK = "@md:"  # marks a Markdown link to another content file until it is resolved
SITE_ROOT = "@/"  # marks a site-root-relative URL, made relative to each page when rendered
_CONTENT_LINK_MARK = re.compile(re.escape(CONTENT_LINK) + r"([^\"#]*)")
SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def resolve_content_links(html: str, urls: dict[str, str]) -> str:
    """Replace ``@md:<content path>`` marks with the site-root URL of that page."""
    if CONTENT_LINK not in html:
        return html
    return _CONTENT_LINK_MARK.sub(lambda match: SITE_ROOT + urls.get(match.group(1), ""), html)


def slugify(text: str) -> str:
    """An ASCII, lower-case, stable slug: ``İstanbul`` -> ``istanbul``."""
    text = unicodedata.normalize("NFKD", str(text).translate(_TRANSLITERATION))
    ascii_text = text.encode("ascii", "ignore").decode("ascii").lower()
    return _NOT_SLUG.sub("-", ascii_text).strip("-")


@dataclass(frozen=True)
class Source:
    name: str | None = None
    url: str | None = None


@dataclass(frozen=True)
class Image:
    src: str | None = None
    caption: str | None = None
    credit: str | None = None


@dataclass(frozen=True)
class TopicRef:
    """A topic as an article names it: enough to link to the topic's page."""

    name: str
    slug: str

    @property
    def url(self) -> str:
        return f"topics/{self.slug}/"


@dataclass(frozen=True)
class Article:
    path: str  # source file, relative to the site folder
    slug: str
    title: str
    date: datetime
    topics: tuple[TopicRef, ...]
    body: str  # the rendered body; empty when it is kept in the build cache (``body_file``)
    summary: str
    section: str | None = None
    source: Source = field(default_factory=Source)
    image: Image = field(default_factory=Image)
    author: str | None = None
    draft: bool = False
    word_count: int = 0
    date_inferred: bool = False
    version: str = ""  # changes whenever the source file changes
    listing: str = ""  # changes whenever what lists of articles show changes (all but the body)
    body_file: str | None = None  # where the build cache keeps the body, read when needed
    link_urls: tuple[tuple[str, str], ...] = ()  # content path -> URL, for links in the body

    @property
    def url(self) -> str:
        return f"articles/{self.slug}/"

    @property
    def body_html(self) -> str:
        """The body as HTML.  Bodies of a big site live in the build cache, not in memory."""
        html = self.body
        if self.body_file is not None:
            from digest.cache import read_body

            html = read_body(self.body_file)
        return resolve_content_links(html, dict(self.link_urls)) if self.link_urls else html

    @property
    def reading_time(self) -> int:
        """Minutes to read at 220 words a minute, at least one."""
        return max(1, round(self.word_count / 220))


@dataclass(frozen=True)
class Pick:
    article: Article
    note_html: str


@dataclass(frozen=True)
class Digest:
    path: str
    slug: str
    title: str
    date: datetime
    intro_html: str
    picks: tuple[Pick, ...]
    summary: str = ""
    draft: bool = False
    version: str = ""

    @property
    def url(self) -> str:
        return f"digests/{self.slug}/"


@dataclass(frozen=True)
class Topic:
    name: str
    slug: str
    articles: tuple[Article, ...]  # newest first
    description_html: str = ""
    description_path: str | None = None

    @property
    def url(self) -> str:
        return f"topics/{self.slug}/"

    @property
    def count(self) -> int:
        return len(self.articles)


@dataclass(frozen=True)
class Page:
    path: str
    slug: str
    title: str
    body_html: str
    date: datetime | None = None
    version: str = ""

    @property
    def url(self) -> str:
        return f"{self.slug}/"


@dataclass(frozen=True)
class Month:
    """Articles of one calendar month, for the archive."""

    year: int
    month: int
    articles: tuple[Article, ...]

    @property
    def label(self) -> str:
        return datetime(self.year, self.month, 1).strftime("%B %Y")

    @property
    def anchor(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    @property
    def key(self) -> str:
        """Changes whenever anything a list of these articles shows does (for ``{% cache %}``)."""
        return f"{self.anchor} " + " ".join([article.listing for article in self.articles])


@dataclass(frozen=True)
class Site:
    """Everything one build knows, gathered before anything is rendered."""

    articles: tuple[Article, ...]  # newest first
    digests: tuple[Digest, ...]  # newest first
    topics: tuple[Topic, ...]  # by name
    pages: tuple[Page, ...]
    related: Mapping[str, tuple[Article, ...]]  # article slug -> related articles
    archive: tuple[Month, ...]  # newest first
    static_files: tuple[str, ...] = ()  # paths under content/static, relative to it
    root_files: tuple[str, ...] = ()  # paths under content/root (dot-files too), copied to the output root
