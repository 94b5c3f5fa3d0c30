"""The preview's shortcuts for the commonest edits, from the last build kept in memory.

Body edits: when every changed file is an article whose listing (title, date, topics,
summary…), slug and links are as before, only that article's own page can change: it is
rendered alone from the previous build's plan.

Listing edits: when the changed articles keep their slug, date, topics, visibility, links
and warnings (a new title, summary or source), the new records are swapped into the site
wherever it lists them, and only the pages that list them are planned again.

Anything else (a new, deleted or renamed file, a moved article, a template, the
configuration) is left to the normal incremental build, which is always correct.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from digest.config import CONTENT_DIR, SiteConfig

if TYPE_CHECKING:
    from digest.cache import BuildState
    from digest.content import ContentCache, ParsedFile
    from digest.markup import Markdown
    from digest.model import Article, Site
    from digest.render import PageSpec, Renderer


@dataclass
class LastBuild:
    """What a long-lived builder keeps of its last full build."""

    site: Site
    config: SiteConfig
    renderer: Renderer
    specs: dict[str, PageSpec]
    base_key: str
    versions: dict[str, str]
    urls: dict[str, str]  # content path -> site URL, for links in bodies
    # Articles whose own page was rendered from a body edit but which ``site`` still lists in
    # their previous version (the lists are the same); swapped in by the next listing edit.
    pending: dict[str, Article] = field(default_factory=dict)


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

    markdown = Markdown(last.config.markdown.unsafe_html)
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


def own_pages(edits: list[ArticleEdit], last: LastBuild, state: BuildState) -> list[PageSpec] | None:
    """The edited articles' own pages, when nothing else can show what changed (only their
    bodies did, no template read whole collections, feeds carry summaries), else None."""
    if not all(edit.listing_kept for edit in edits) or last.config.feeds.content == "full":
        return None
    if any("articles" in record.touched for record in state.pages.values()):
        return None
    specs = []
    for edit in edits:
        spec = last.specs[f"{edit.new.url}index.html"]
        context = {**spec.context, "article": edit.new}
        specs.append(replace(spec, context=context, deps=(edit.new.version, *spec.deps[1:])))
    return specs


def patched_site(site: Site, edited: dict[str, Article], related: Mapping[str, tuple[str, ...]]) -> Site:
    """``site`` with the ``edited`` articles (by slug) in place of the old ones, wherever
    they are listed.  Their order is unchanged: slugs, dates and topics are as before."""
    from digest.content import RelatedArticles

    def swap(articles: Iterable[Article]) -> tuple[Article, ...]:
        return tuple(edited.get(article.slug, article) for article in articles)

    def lists(articles: Iterable[Article]) -> bool:
        return any(article.slug in edited for article in articles)

    articles = swap(site.articles)
    return replace(
        site,
        articles=articles,
        topics=tuple(replace(t, articles=swap(t.articles)) if lists(t.articles) else t for t in site.topics),
        archive=tuple(replace(m, articles=swap(m.articles)) if lists(m.articles) else m for m in site.archive),
        digests=tuple(
            replace(d, picks=tuple(replace(p, article=edited.get(p.article.slug, p.article)) for p in d.picks))
            if lists(p.article for p in d.picks)
            else d
            for d in site.digests
        ),
        related=RelatedArticles({article.slug: article for article in articles}, dict(related)),
    )
