"""Shortcuts for the commonest edits, from the last full build.

Body edits: when every changed file is an article whose listing (title, date, topics,
summary…), slug and links are as before, only that article's own page can change: it is
rendered alone from the previous build's plan.

Listing edits: when the changed articles keep their slug, date, topics, visibility, links
and warnings (a new title, summary or source), the new records are swapped into the site
wherever it lists them, and only the pages that list them are planned again.

The preview keeps the last build in memory.  A command-line build starts from a
``Snapshot`` of it, kept with the content cache, and the edits made since (``Edit``),
which it replays; its pages are planned again only when asked for.

Anything else (a new, deleted or renamed file, a moved article, a template, the
configuration) is left to the normal incremental build, which is always correct.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from digest.config import CONTENT_DIR, SiteConfig

if TYPE_CHECKING:
    from digest.cache import BuildState
    from digest.content import ContentCache, ParsedFile
    from digest.markup import Markdown
    from digest.model import Article, Site
    from digest.render import PageSpec, Renderer


class PlannedPages:
    """The last build's pages by output path.

    After a full build in this process every page is known.  Resumed from a snapshot, pages
    are planned from its site when first asked for: an article's own page alone, anything
    else all at once.  Pages planned again since (``update``) take precedence.
    """

    def __init__(self, site: Site, config: SiteConfig, specs: dict[str, PageSpec] | None = None):
        self._site = site
        self._config = config
        self._specs = specs if specs is not None else {}
        self._complete = specs is not None
        self._by_slug: dict[str, Article] | None = None

    def get(self, path: str) -> PageSpec | None:
        spec = self._specs.get(path)
        if spec is None and not self._complete:
            spec = self._plan(path)
        return spec

    def __getitem__(self, path: str) -> PageSpec:
        spec = self.get(path)
        if spec is None:
            raise KeyError(path)
        return spec

    def update(self, specs: Iterable[PageSpec]) -> None:
        self._specs.update((spec.path, spec) for spec in specs)

    def _plan(self, path: str) -> PageSpec | None:
        from digest.render import plan_article_page, plan_pages

        slug = path[len("articles/") : -len("/index.html")] if _ARTICLE_PAGE.fullmatch(path) else None
        if slug is not None:
            if self._by_slug is None:
                self._by_slug = {article.slug: article for article in self._site.articles}
            article = self._by_slug.get(slug)
            if article is None:
                return None
            self._specs[path] = plan_article_page(self._site, article)
            return self._specs[path]
        planned = {spec.path: spec for spec in plan_pages(self._site, self._config)}
        planned.update(self._specs)
        self._specs, self._complete = planned, True
        return planned.get(path)


_ARTICLE_PAGE = re.compile(r"articles/[^/]+/index\.html")


@dataclass
class LastBuild:
    """What a builder keeps of its last full build, and of the shortcuts taken since."""

    site: Site
    config: SiteConfig
    renderer: Renderer
    specs: PlannedPages
    base_key: str
    versions: dict[str, str]
    urls: dict[str, str]  # content path -> site URL, for links in bodies
    sitemap_pages: tuple[str, ...]  # the HTML pages the sitemap lists
    # Articles whose own page was rendered from a body edit but which ``site`` still lists in
    # their previous version (the lists are the same); swapped in by the next listing edit.
    pending: dict[str, Article] = field(default_factory=dict)

    def snapshot(self, frame: str, next_change: float) -> Snapshot:
        return Snapshot(
            self.site, self.config, self.base_key, self.versions, self.urls, self.sitemap_pages, frame, next_change
        )

    def apply(self, change: Change) -> None:
        """Take in an edit whose pages were rendered (or, resuming, had been)."""
        self.pending = {**self.pending, **change.articles} if change.kind == OWN_PAGES else {}
        self.site, self.versions = change.site, change.versions
        self.specs.update(change.specs)


@dataclass(frozen=True)
class Snapshot:
    """A full build's site, with what its pages' keys were made of, kept with the content
    cache for the next command-line build.  It holds while the inputs other than article
    files (``frame``) are the same and no future-dated item has come due."""

    site: Site
    config: SiteConfig
    base_key: str
    versions: dict[str, str]
    urls: dict[str, str]
    sitemap_pages: tuple[str, ...]
    frame: str
    next_change: float

    def same_as(self, other: Snapshot | None) -> bool:
        """Whether ``other``, taken from the same parsed files, is this snapshot."""
        key = (self.frame, self.base_key, self.next_change)
        return isinstance(other, Snapshot) and key == (other.frame, other.base_key, other.next_change)

    def resume(self, renderer: Renderer, edits: Iterable[Edit], related: RelatedSlugs) -> LastBuild:
        """The last build as a long-lived builder would have it after ``edits``.

        Up to the last listing edit, the edits come to one listing edit of them all, which
        gives the same site (and the collection versions that edit found); body edits after
        it are pending, as they were.  Pages are planned from that site when asked for, as
        the planning of each edit would have planned them (the pages that list an edited
        article show it as it is now).
        """
        edits = list(edits)
        listed = max((index + 1 for index, edit in enumerate(edits) if edit.kind == LISTING), default=0)
        site, versions = self.site, self.versions
        if listed:
            articles = {slug: new for edit in edits[:listed] for slug, new in edit.articles.items()}
            site, versions = patched_site(site, articles, related), edits[listed - 1].versions
        pending = {slug: new for edit in edits[listed:] for slug, new in edit.articles.items()}
        specs = PlannedPages(site, self.config)
        return LastBuild(
            site, self.config, renderer, specs, self.base_key, versions, self.urls, self.sitemap_pages, pending
        )


OWN_PAGES = "own pages"  # only the edited articles' own pages can show the change
LISTING = "listing"  # the pages that list the edited articles can show it too
RelatedSlugs = Mapping[str, tuple[str, ...]]


@dataclass(frozen=True)
class Change:
    """An article edit that moves nothing, as it changes the last build: the site and its
    collection versions afterwards, and the pages planned again."""

    kind: str  # OWN_PAGES or LISTING
    articles: dict[str, Article]  # by slug, as the site shows them now
    site: Site
    versions: dict[str, str]
    specs: list[PageSpec]

    @property
    def edit(self) -> Edit:
        """What a snapshot needs to replay this change."""
        return Edit(self.kind, self.articles, self.versions)


class Edit(NamedTuple):
    """An article edit since a snapshot, as the build cache's journal keeps it."""

    kind: str  # OWN_PAGES or LISTING
    articles: dict[str, Article]  # by slug, as the site shows them now
    versions: dict[str, str]  # the site's collection versions afterwards


def plan_change(kind: str, articles: dict[str, Article], last: LastBuild, related: RelatedSlugs) -> Change:
    """The pages an edit plans again: the articles' own pages, or every page that lists them
    (with the site patched and the articles left pending by body edits swapped in)."""
    from digest.feeds import plan_feeds
    from digest.render import collection_versions, plan_listing_pages

    if kind == OWN_PAGES:
        specs = []
        for article in articles.values():
            spec = last.specs[f"{article.url}index.html"]
            context = {**spec.context, "article": article}
            specs.append(replace(spec, context=context, deps=(article.version, *spec.deps[1:])))
        return Change(kind, articles, last.site, last.versions, specs)
    edited = set(articles)
    related_to = {slug for slug, others in related.items() if not edited.isdisjoint(others)}
    site = patched_site(last.site, {**last.pending, **articles}, related)
    specs = list(plan_listing_pages(site, last.config, edited, related_to - edited))
    specs += plan_feeds(site, last.config, last.sitemap_pages)
    return Change(kind, articles, site, collection_versions(site), specs)


def site_urls(site: Site) -> dict[str, str]:
    urls = {article.path: article.url for article in site.articles}
    urls.update({digest.path: digest.url for digest in site.digests})
    urls.update({page.path: page.url for page in site.pages})
    urls.update({topic.description_path: topic.url for topic in site.topics if topic.description_path})
    return urls


@dataclass(frozen=True)
class _Reread:
    path: str  # relative to the site
    stamp: tuple[int, int]
    read_at: int
    parsed: ParsedFile
    previous: ParsedFile  # as the cache has it


def _read_again(site_dir: Path, path: Path, last: LastBuild, cache: ContentCache, markdown: Markdown) -> _Reread | None:
    """An article the watcher saw change, parsed again, or None when it is not a known article."""
    from digest.content import parse_file

    relative = _article_path(site_dir, path)
    entry = cache.entries.get(relative) if relative else None
    if relative is None or entry is None:
        return None
    try:
        stat = os.stat(path)
        read_at = time.time_ns()
        data = path.read_bytes()
    except OSError:
        return None
    parsed = parse_file("articles", relative, data, last.config, markdown)
    return _Reread(relative, (stat.st_mtime_ns, stat.st_size), read_at, parsed, entry[1])


def _article_path(site_dir: Path, path: Path) -> str | None:
    try:
        relative = path.absolute().relative_to(site_dir).as_posix()
    except ValueError:
        return None
    if not relative.startswith(f"{CONTENT_DIR}/articles/") or not relative.endswith(".md"):
        return None
    return relative


@dataclass(frozen=True)
class ArticleEdit:
    """An edit to an article that leaves its place on the site as it was."""

    path: str  # relative to the site
    stamp: tuple[int, int]
    read_at: int
    stored: ParsedFile  # as the cache keeps it: body in the body store, links unresolved
    new: Article  # as the site shows it: links resolved
    listing_kept: bool  # nothing a list shows of it changed: only its own page can


def plan_article_edits(
    site_dir: Path, changed: list[Path], last: LastBuild, cache: ContentCache, body_dir: Path
) -> list[ArticleEdit] | None:
    """The article edits that ``changed`` amounts to when none moves, appears or disappears
    (same slug, date, topics, visibility, links and warnings), or None."""
    from digest.content import _bodies_kept_in, _with_links_resolved
    from digest.markup import Markdown

    markdown = Markdown(last.config.markdown.unsafe_html, last.config.markdown.engine)
    found = []
    for path in dict.fromkeys(changed):
        read = _read_again(site_dir, path, last, cache, markdown)
        if read is None or not _same_place(read.parsed, read.previous, last):
            return None
        found.append(read)
    if not found or len({read.path for read in found}) != len(found):
        return None
    kept = _bodies_kept_in(body_dir, [_article(read.parsed) for read in found])
    edits = []
    for read, article in zip(found, kept, strict=True):
        stored = replace(read.parsed, record=article)
        new = _article(_with_links_resolved(stored, last.urls))
        listing_kept = article.listing == _article(read.previous).listing
        edits.append(ArticleEdit(read.path, read.stamp, read.read_at, stored, new, listing_kept))
    return edits


def _same_place(parsed: ParsedFile, previous: ParsedFile, last: LastBuild) -> bool:
    from digest.model import Article

    new, old = parsed.record, previous.record
    if not isinstance(new, Article) or not isinstance(old, Article) or parsed.errors or previous.errors:
        return False
    if (new.slug, new.date, new.topics, new.draft) != (old.slug, old.date, old.topics, old.draft):
        return False
    if parsed.warnings != previous.warnings:
        return False
    if [target for target, _ in parsed.links] != [target for target, _ in previous.links]:
        return False
    spec = last.specs.get(f"{new.url}index.html")
    shown = spec.context.get("article") if spec is not None else None
    return isinstance(shown, Article) and shown.path == new.path  # on the site: not a draft or future


def _article(parsed: ParsedFile) -> Article:
    from digest.model import Article

    assert isinstance(parsed.record, Article)
    return parsed.record


def change_kind(edits: list[ArticleEdit], last: LastBuild, state: BuildState) -> str:
    """OWN_PAGES when nothing but the edited articles' own pages can show what changed (only
    their bodies did, no template read whole collections, feeds carry summaries), else LISTING."""
    if not all(edit.listing_kept for edit in edits) or last.config.feeds.content == "full":
        return LISTING
    if any("articles" in record.touched for record in state.pages.values()):
        return LISTING
    return OWN_PAGES


def patched_site(site: Site, edited: dict[str, Article], related: RelatedSlugs) -> Site:
    """``site`` with the ``edited`` articles (by slug) in place of the old ones, wherever
    they are listed.  Their order is unchanged: slugs, dates and topics are as before."""
    from digest.content import RelatedArticles

    def swap(articles: Iterable[Article]) -> tuple[Article, ...]:
        return tuple([edited.get(article.slug, article) for article in articles])

    topics = {ref.slug for article in edited.values() for ref in article.topics}
    months = {(article.date.year, article.date.month) for article in edited.values()}
    articles = swap(site.articles)
    return replace(
        site,
        articles=articles,
        topics=tuple(replace(t, articles=swap(t.articles)) if t.slug in topics else t for t in site.topics),
        archive=tuple(
            replace(m, articles=swap(m.articles)) if (m.year, m.month) in months else m for m in site.archive
        ),
        digests=tuple(
            replace(d, picks=tuple(replace(p, article=edited.get(p.article.slug, p.article)) for p in d.picks))
            if any(p.article.slug in edited for p in d.picks)
            else d
            for d in site.digests
        ),
        related=RelatedArticles.of(site.related, articles, edited, related),
    )
