"""Site + theme -> pages in memory: the Jinja2 environment, filters and template context.

Nothing here touches the output folder.  Each output file is described by a
``PageSpec`` (path, template, context and the versions of the records it shows) so
that the builder can skip pages whose inputs have not changed.
"""

from __future__ import annotations

import contextlib
import hashlib
import html as htmllib
import math
import os
import re
from collections import OrderedDict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import jinja2
import jinja2.ext
import jinja2.nodes
import jinja2.parser
from markupsafe import Markup

from digest import __version__, metadata
from digest.config import SiteConfig
from digest.content import fingerprint
from digest.errors import DigestError, TemplateError
from digest.i18n import CATALOG_DIR, Languages
from digest.model import SITE_ROOT, Article, Digest, Month, Page, Pick, Site, Topic
from digest.theme import Theme

HOME_DIGESTS = 5
HOME_TOPICS = 4  # topics with a block of their latest articles on the front page
ARCHIVE_PER_PAGE = 250  # articles on one page of a year of the archive (whole months per page)
EMAIL_FILES = ("/email.html", "/email.txt")


@dataclass(frozen=True)
class PageInfo:
    """What every template gets as ``page``."""

    kind: str  # index, article, digest, digests, topic, topics, archive, page, 404
    title: str
    url: str  # site-relative URL of this page, '' for the home page
    description: str = ""
    feed: str | None = None  # site-relative URL of the feed that belongs to this page
    feed_title: str | None = None


@dataclass(frozen=True)
class Paginator:
    items: tuple[Any, ...]
    number: int  # 1-based
    pages: int
    total: int  # items over all pages
    base_url: str  # site-relative URL of page 1

    def url_for(self, number: int) -> str:
        return self.base_url if number == 1 else f"{self.base_url}page/{number}/"

    @property
    def prev_url(self) -> str | None:
        return self.url_for(self.number - 1) if self.number > 1 else None

    @property
    def next_url(self) -> str | None:
        return self.url_for(self.number + 1) if self.number < self.pages else None


@dataclass(frozen=True)
class PageSpec:
    path: str  # output path, '/'-separated, relative to the output folder
    template: str | None  # None: ``produce`` makes the bytes (feeds, sitemap)
    context: dict[str, Any] = field(default_factory=dict)
    deps: tuple[str, ...] = ()  # versions of the records this page shows
    produce: Callable[[], str] | None = None


class SiteContext:
    """The ``site`` template variable.  Records which collections a template reads,
    so that incremental builds know what a page depends on."""

    def __init__(self, site: Site, config: SiteConfig):
        self._site = site
        self.config = config
        self.title = config.title
        self.search = config.search
        self.description = config.description
        self.base_url = config.base_url
        self.language = config.language
        self.author = config.author
        self.theme = config.theme_settings
        self.generator = f"digest {__version__}"
        self.touched: set[str] = set()

    def _touch(self, name: str) -> None:
        self.touched.add(name)

    @property
    def articles(self) -> tuple[Article, ...]:
        self._touch("articles")
        return self._site.articles

    @property
    def digests(self) -> tuple[Digest, ...]:
        self._touch("digests")
        return self._site.digests

    @property
    def topics(self) -> tuple[Topic, ...]:
        self._touch("topics")
        return self._site.topics

    @property
    def pages(self) -> tuple[Page, ...]:
        self._touch("pages")
        return self._site.pages

    @property
    def archive(self) -> Any:
        self._touch("articles")
        return self._site.archive


def collection_versions(site: Site) -> dict[str, str]:
    """One version per collection a template may read through ``site``."""
    return {
        "articles": fingerprint([a.version + a.slug for a in site.articles]),
        "digests": fingerprint(d.version + d.slug for d in site.digests),
        "topics": fingerprint(f"{t.slug}:{t.name}:{t.count}:{t.description_html}" for t in site.topics),
        "pages": fingerprint(p.version + p.slug for p in site.pages),
    }


class Renderer:
    """Owns the Jinja2 environment of one theme and renders PageSpecs to bytes."""

    def __init__(
        self, theme: Theme, config: SiteConfig, site_dir: Path | None = None, compiled_dir: Path | None = None
    ):
        self.site_dir = site_dir
        self.theme = theme
        self.config = config
        self.env = make_environment(theme, config, compiled_dir, site_dir)
        self.languages: Languages = self.env.globals["languages"]  # type: ignore[assignment]
        self.theme_key = fingerprint([*_template_fingerprints(theme), *self.languages.fingerprint()])
        fragments = self.env.extensions[FragmentCache.identifier]
        assert isinstance(fragments, FragmentCache)
        self.fragments = fragments

    def render(self, spec: PageSpec, site_context: SiteContext) -> bytes:
        root = relative_root(spec.path, self.config)
        if spec.produce is not None:
            text = spec.produce()
        else:
            assert spec.template is not None
            text = self._render_template(spec, site_context, root)
        text = resolve_site_links(text, root)
        if spec.path.endswith("/email.html"):
            text = inline_css(text, spec.path)
        return text.encode("utf-8")

    def _render_template(self, spec: PageSpec, site_context: SiteContext, root: str) -> str:
        assert spec.template is not None
        language = spec.context.get("language") or self.config.language
        self.languages.current = language
        try:
            template = self.env.get_template(spec.template)
            return template.render(
                spec.context, site=site_context, root=root, output_path=spec.path, lang=language,
                dir=self.languages.direction,
            )  # fmt: skip
        except jinja2.TemplateSyntaxError as error:
            path = self._display_path(error.filename or error.name or spec.template)
            raise TemplateError(f"template syntax: {error.message}", path, error.lineno) from None
        except jinja2.TemplateNotFound as error:
            raise TemplateError(f"template not found: {error.name} (needed for {spec.path})", spec.template) from None
        except DigestError:
            raise
        except Exception as error:  # a template raised while rendering: report where
            location, line = _template_location(error)
            message = f"while rendering {spec.path}: {type(error).__name__}: {error}"
            raise TemplateError(message, self._display_path(location or spec.template), line) from None

    def _display_path(self, path: str) -> str:
        """Template paths inside the site are shown relative to it, like content paths."""
        if self.site_dir is not None and Path(path).is_absolute():
            try:
                return Path(path).relative_to(self.site_dir).as_posix()
            except ValueError:
                return path
        return path


def _template_location(error: Exception) -> tuple[str | None, int | None]:
    tb = error.__traceback__
    found: tuple[str | None, int | None] = (None, None)
    while tb is not None:
        if tb.tb_frame.f_code.co_filename.endswith(".html"):
            found = (tb.tb_frame.f_code.co_filename, tb.tb_lineno)
        tb = tb.tb_next
    return found


def _template_fingerprints(theme: Theme) -> list[str]:
    parts = []
    for folder in theme.template_dirs:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                parts.append(f"{path}:{hashlib.blake2b(path.read_bytes(), digest_size=12).hexdigest()}")
    return parts


def relative_root(output_path: str, config: SiteConfig) -> str:
    """The prefix that leads from a page back to the site root.

    Relative, so the site works at a domain root, under a sub-path and from any host;
    absolute (from base_url's path) for 404.html, which a server shows at any depth.
    """
    if output_path == "404.html":
        return config.base_path
    if output_path.endswith(EMAIL_FILES):
        return config.base_url  # a newsletter is read outside the site: absolute links only
    return "../" * output_path.count("/")


def resolve_site_links(text: str, root: str) -> str:
    """Turn Markdown's ``@/`` site-root marks into links relative to this page."""
    if SITE_ROOT not in text:
        return text
    if not root:
        text = text.replace(f'="{SITE_ROOT}"', '="./"')
    return text.replace(f'="{SITE_ROOT}', f'="{root}')


class _CompiledTemplates(jinja2.FileSystemBytecodeCache):
    """Templates compiled by an earlier build, checked against their source by Jinja;
    a folder that cannot be written only means compiling again next time."""

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except Exception:  # damaged: compile again
            bucket.reset()

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        with contextlib.suppress(OSError):
            os.makedirs(self.directory, exist_ok=True)
            super().dump_bytecode(bucket)


class FragmentCache(jinja2.ext.Extension):
    """``{% cache key %}…{% endcache %}``: the block is rendered once per key (and page root)
    and reused, e.g. the archive's unchanged months.  The key must change whenever anything
    the block shows does.  The builder keeps the fragments a build used for the next build
    of the same templates and configuration."""

    tags = {"cache"}  # noqa: RUF012 (as Jinja declares it)
    BUDGET = 64 * 2**20  # characters kept, the least recently used fragments dropped first

    def __init__(self, environment: jinja2.Environment):
        super().__init__(environment)
        self.fragments: OrderedDict[Fragment, str] = OrderedDict()
        self.size = 0
        self.used: set[Fragment] = set()  # since the last ``take_used``
        self.added = False  # whether a fragment was rendered since then

    def parse(self, parser: jinja2.parser.Parser) -> jinja2.nodes.Node:
        lineno = next(parser.stream).lineno
        where = jinja2.nodes.Const(f"{parser.name}:{parser.filename}:{lineno}")
        args = [where, jinja2.nodes.Name("root", "load"), parser.parse_expression()]
        body = parser.parse_statements(("name:endcache",), drop_needle=True)
        return jinja2.nodes.CallBlock(self.call_method("_fragment", args), [], [], body).set_lineno(lineno)

    def _fragment(self, where: str, root: str, key: Any, caller: Callable[[], str]) -> str:
        cache_key = (where, root, key)
        self.used.add(cache_key)
        found = self.fragments.get(cache_key)
        if found is not None:
            self.fragments.move_to_end(cache_key)
            return found
        rendered = caller()
        self.keep({cache_key: rendered})
        self.added = True
        return rendered

    def keep(self, fragments: dict[Fragment, str]) -> None:
        for key, fragment in fragments.items():
            self.size += len(fragment) - len(self.fragments.pop(key, ""))
            self.fragments[key] = fragment
        while self.size > self.BUDGET and len(self.fragments) > 1:
            self.size -= len(self.fragments.popitem(last=False)[1])

    def add_used(self, fragments: dict[Fragment, str], added: bool) -> None:
        """Take in what another process (a build's worker) used and added."""
        self.keep(fragments)
        self.used.update(fragments)
        self.added = self.added or added

    def take_used(self) -> tuple[dict[Fragment, str], bool]:
        """The fragments used since the last call, and whether any of them is new."""
        used = {key: self.fragments[key] for key in self.used if key in self.fragments}
        added, self.used, self.added = self.added, set(), False
        return used, added


Fragment = tuple[str, str, Any]  # (template and line, page root, key)


def catalog_folders(theme: Theme, site_dir: Path | None) -> list[Path]:
    """Where translation catalogs are looked up, least specific first: the themes, then the site."""
    folders = [folder / CATALOG_DIR for folder in reversed(theme.chain)]
    return folders + ([site_dir / CATALOG_DIR] if site_dir is not None else [])


def make_environment(
    theme: Theme, config: SiteConfig, compiled_dir: Path | None = None, site_dir: Path | None = None
) -> jinja2.Environment:
    env = jinja2.Environment(
        extensions=[FragmentCache, "jinja2.ext.i18n"],
        bytecode_cache=_CompiledTemplates(str(compiled_dir)) if compiled_dir is not None else None,
        loader=jinja2.FileSystemLoader([str(folder) for folder in theme.template_dirs]),
        autoescape=jinja2.select_autoescape(disabled_extensions=("txt",), default_for_string=True, default=True),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    languages = Languages(config.language, catalog_folders(theme, site_dir))
    env.install_gettext_callables(  # type: ignore[attr-defined]
        languages.gettext, languages.ngettext, newstyle=True, pgettext=languages.pgettext,
        npgettext=languages.npgettext,
    )  # fmt: skip
    env.globals["languages"] = languages
    env.filters["date"] = languages.date
    env.filters["number"] = languages.number
    env.filters["month_label"] = lambda month: languages.date(datetime(month.year, month.month, 1), "month")
    env.filters["prose"] = prose_html
    env.filters["isodate"] = lambda value: value.isoformat() if value else ""
    env.filters["html"] = Markup
    env.filters["plaintext"] = html_to_text
    env.globals["url"] = _url
    env.globals["abs_url"] = lambda target: config.absolute_url(_target_path(target))
    env.globals["asset"] = lambda path: f"{SITE_ROOT}static/{path}"
    env.globals["now"] = datetime.now
    env.globals["metadata"] = metadata
    return env


@jinja2.pass_context
def _url(context: Any, target: Any = "") -> str:
    """A link to ``target`` (a record, or a site path) from the page being rendered.

    A macro imported without context does not know the page; there the link is written
    as a site-root mark, which is made relative in attribute values once the page is done.
    """
    path = _target_path(target)
    root = context.get("root")
    if root is None:
        return SITE_ROOT + path
    return f"{root}{path}" or "./"


def _target_path(target: Any) -> str:
    if isinstance(target, str):
        return target.lstrip("/")
    return str(getattr(target, "url", ""))


def inline_css(html: str, path: str) -> str:
    """Move a page's <style> rules into style attributes, as email clients need."""
    import css_inline

    try:
        # @media rules (dark mode) cannot be inlined: they stay in a <style> of their own.
        return str(css_inline.inline(html, keep_at_rules=True))
    except ValueError as error:
        raise TemplateError(f"cannot inline the CSS of {path}: {error}", path) from None


_BLOCK_END = re.compile(r"</(p|div|h[1-6]|li|blockquote|tr|pre)>|<br\s*/?>", re.I)
_TAG = re.compile(r"<[^>]+>")
_LINK = re.compile(r'<a\s[^>]*?href="([^"]*)"[^>]*>(.*?)</a>', re.I | re.DOTALL)


def html_to_text(html: str, base: str = "") -> str:
    """Readable plain text from rendered Markdown, for the text edition of a newsletter.
    A link keeps its target after its text, ``text (https://…)``; site links start at ``base``."""
    text = _LINK.sub(lambda match: _link_text(match.group(2), htmllib.unescape(match.group(1)), base), html)
    text = _BLOCK_END.sub("\0", text)
    text = re.sub(r"<li[^>]*>", "\0- ", text, flags=re.I)
    text = htmllib.unescape(_TAG.sub("", text))
    blocks = (" ".join(block.split()) for block in text.split("\0"))
    return "\n\n".join(block for block in blocks if block)


def _link_text(inner: str, target: str, base: str) -> str:
    if target.startswith(SITE_ROOT):
        target = base + target[len(SITE_ROOT) :]
    shown = _TAG.sub("", inner)
    if not target or target.startswith("#") or htmllib.unescape(shown).strip() == target:
        return inner
    return f"{inner} ({htmllib.escape(target)})"


_TABLE = re.compile(r"<table\b.*?</table>", re.DOTALL)
_IMG_WITHOUT_LOADING = re.compile(r"<img (?![^>]*\bloading=)")


def prose_html(html: str, label: str = "Table") -> Markup:
    """Rendered Markdown made fit for any screen: each table in a scrolling region (so a
    wide table never widens the page), images loaded lazily (they are below the headline)."""
    if "<table" in html:
        region = f'<div class="table-scroll" role="region" tabindex="0" aria-label="{htmllib.escape(label)}">'
        html = _TABLE.sub(lambda match: f"{region}{match.group(0)}</div>", html)
    if "<img " in html:
        html = _IMG_WITHOUT_LOADING.sub('<img loading="lazy" decoding="async" ', html)
    return Markup(html)


# --- What pages a site has -------------------------------------------------------------


def plan_pages(site: Site, config: SiteConfig) -> Iterator[PageSpec]:
    """Every HTML page of the site, in a stable order."""
    yield _home(site, config)
    for article in site.articles:
        yield plan_article_page(site, article)
    yield _topics_index(site)
    for topic in site.topics:
        yield from _topic_pages(topic, config.per_page)
    yield from _digests_index(site, config.per_page)
    for index in range(len(site.digests)):
        yield from _digest_pages(site, index)
    yield from _archive_pages(site)
    for page in site.pages:
        yield PageSpec(
            f"{page.slug}/index.html",
            "page.html",
            {"page": PageInfo("page", page.title, page.url), "content": page},
            deps=(page.version,),
        )
    if config.search:
        yield PageSpec("search/index.html", "search.html", {"page": PageInfo("search", "Search", "search/")})
    yield PageSpec("404.html", "404.html", {"page": PageInfo("404", "Page not found", "404.html")})


def plan_listing_pages(site: Site, config: SiteConfig, slugs: set[str], related_to: set[str]) -> Iterator[PageSpec]:
    """The pages that list the articles ``slugs``, planned as ``plan_pages`` would: their
    own pages, the pages of the articles ``related_to`` them, their topics' pages, the
    digests that pick them, the home page, the archive and the indexes."""
    by_slug = {article.slug: article for article in site.articles}
    yield _home(site, config)
    for slug in sorted(slugs | related_to):
        yield plan_article_page(site, by_slug[slug])
    yield _topics_index(site)
    topics = {ref.slug for slug in slugs for ref in by_slug[slug].topics}
    for topic in site.topics:
        if topic.slug in topics:
            yield from _topic_pages(topic, config.per_page)
    yield from _digests_index(site, config.per_page)
    for index, digest in enumerate(site.digests):
        if any(pick.article.slug in slugs for pick in digest.picks):
            yield from _digest_pages(site, index)
    yield from _archive_pages(site)


def _topics_index(site: Site) -> PageSpec:
    return PageSpec(
        "topics/index.html",
        "topics.html",
        {"page": PageInfo("topics", "Topics", "topics/"), "topics": site.topics},
        deps=tuple(f"{topic.slug}:{topic.name}:{topic.count}" for topic in site.topics),
    )


def _digests_index(site: Site, per_page: int) -> Iterator[PageSpec]:
    pages = max(1, math.ceil(len(site.digests) / per_page))
    for number in range(1, pages + 1):
        items = site.digests[(number - 1) * per_page : number * per_page]
        paginator = Paginator(items, number, pages, len(site.digests), "digests/")
        title = "Digest issues" if number == 1 else f"Digest issues (page {number})"
        info = PageInfo(
            "digests", title, paginator.url_for(number), feed="digests/feed.xml", feed_title="Digest issues"
        )
        yield PageSpec(
            f"{paginator.url_for(number)}index.html",
            "digests.html",
            {"page": info, "digests": items, "paginator": paginator},
            deps=(str(pages), *(d.version for d in items), *(p.article.listing for d in items for p in d.picks)),
        )


def _digest_pages(site: Site, index: int) -> Iterator[PageSpec]:
    digest = site.digests[index]
    newer = site.digests[index - 1] if index > 0 else None
    older = site.digests[index + 1] if index + 1 < len(site.digests) else None
    yield _digest_page(digest, older, newer)
    yield _digest_email(digest, "html")
    yield _digest_email(digest, "txt")


@dataclass(frozen=True)
class ArchiveYear:
    """One year of the archive: its months (newest first) and the pages that show them."""

    year: int
    url: str  # 'archive/' for the newest year, 'archive/<year>/' for the others
    months: tuple[Month, ...]
    pages: tuple[tuple[Month, ...], ...]  # whole months, about ARCHIVE_PER_PAGE articles a page

    @property
    def count(self) -> int:
        return sum(len(month.articles) for month in self.months)

    def month_url(self, month: Month) -> str:
        """Where a month is listed: its page of the year, and its anchor there."""
        number = next(n for n, page in enumerate(self.pages, 1) if month in page)
        page_url = self.url if number == 1 else f"{self.url}page/{number}/"
        return f"{page_url}#{month.anchor}"


def archive_years(months: tuple[Month, ...]) -> tuple[ArchiveYear, ...]:
    """The archive's years, newest first; the newest is the archive's own first page."""
    years: dict[int, list[Month]] = {}
    for month in months:
        years.setdefault(month.year, []).append(month)
    return tuple(
        ArchiveYear(year, "archive/" if position == 0 else f"archive/{year}/", tuple(items), _pages_of_months(items))
        for position, (year, items) in enumerate(years.items())
    )


def _pages_of_months(months: list[Month]) -> tuple[tuple[Month, ...], ...]:
    pages: list[list[Month]] = [[]]
    size = 0
    for month in months:
        if pages[-1] and size + len(month.articles) > ARCHIVE_PER_PAGE:
            pages.append([])
            size = 0
        pages[-1].append(month)
        size += len(month.articles)
    return tuple(tuple(page) for page in pages)


def _archive_pages(site: Site) -> Iterator[PageSpec]:
    """The archive by year, newest first, each year's months paginated: archive/ (the newest
    year), archive/page/2/, archive/2025/, archive/2025/page/2/ …"""
    years = archive_years(site.archive)
    summary = tuple(f"{month.anchor}:{len(month.articles)}" for month in site.archive)
    if not years:
        context = {"page": PageInfo("archive", "Archive", "archive/"), "years": (), "year": None, "months": ()}
        yield PageSpec("archive/index.html", "archive.html", {**context, "paginator": None})
    for position, year in enumerate(years):
        for number, months in enumerate(year.pages, 1):
            paginator = Paginator(months, number, len(year.pages), year.count, year.url)
            title = "Archive" if position == 0 else f"Archive {year.year}"
            title = title if number == 1 else f"{title} (page {number})"
            info = PageInfo("archive", title, paginator.url_for(number))
            context = {"page": info, "years": years, "year": year, "months": months, "paginator": paginator}
            deps = (*summary, *(article.listing for month in months for article in month.articles))
            yield PageSpec(f"{paginator.url_for(number)}index.html", "archive.html", context, deps=deps)


def _home(site: Site, config: SiteConfig) -> PageSpec:
    """The front page: the latest issue as its lead, then recent issues and the latest
    articles grouped by their first topic."""
    articles = site.articles[: config.theme_settings.front_page_items]
    digests = site.digests[:HOME_DIGESTS]
    info = PageInfo("index", "Home", "", feed="feed.xml", feed_title="Latest articles")
    lead = digests[0] if digests else None
    context = {
        "page": info,
        "latest_articles": articles,
        "latest_digests": digests,
        "lead_digest": lead,
        "recent_digests": digests[1:],
        "latest_by_topic": _by_first_topic(articles, HOME_TOPICS),
    }
    picked = tuple(pick.article.listing for pick in lead.picks) if lead else ()
    deps = tuple(a.listing for a in articles) + tuple(d.version for d in digests) + picked
    return PageSpec("index.html", "index.html", context, deps=deps)


def _by_first_topic(articles: tuple[Article, ...], limit: int) -> tuple[tuple[Any, tuple[Article, ...]], ...]:
    """(topic, its articles) for the first ``limit`` topics met, newest first; the rest under None."""
    groups: dict[Any, list[Article]] = {}
    for article in articles:
        topic = article.topics[0] if article.topics else None
        key = topic if topic in groups or len(groups) < limit else None
        groups.setdefault(key, []).append(article)
    return tuple((topic, tuple(items)) for topic, items in groups.items())


_PICKED_IN: list[Any] = [None, {}]  # (the digests it was made from, article slug -> its picks)


def picked_in(site: Site, article: Article) -> tuple[tuple[Digest, Pick], ...]:
    """The issues that picked ``article``, newest first, with the curator's note of each."""
    if _PICKED_IN[0] is not site.digests:
        index: dict[str, list[tuple[Digest, Pick]]] = {}
        for digest in site.digests:
            for pick in digest.picks:
                index.setdefault(pick.article.slug, []).append((digest, pick))
        _PICKED_IN[:] = [site.digests, {slug: tuple(picks) for slug, picks in index.items()}]
    return _PICKED_IN[1].get(article.slug, ())


def plan_article_page(site: Site, article: Article) -> PageSpec:
    related = site.related.get(article.slug, ())
    picks = picked_in(site, article)
    first_topic = article.topics[0] if article.topics else None
    info = PageInfo(
        "article",
        article.title,
        article.url,
        description=article.summary,
        feed=f"{first_topic.url}feed.xml" if first_topic else None,
        feed_title=f"Topic: {first_topic.name}" if first_topic else None,
    )
    deps = (article.version, *(other.listing for other in related), *(d.version for d, _ in picks))
    context = {
        "page": info,
        "article": article,
        "related": related,
        "picked_in": picks,
        "language": article.language,
    }
    return PageSpec(f"{article.url}index.html", "article.html", context, deps=deps)


def _topic_pages(topic: Topic, per_page: int) -> Iterator[PageSpec]:
    pages = max(1, math.ceil(topic.count / per_page))
    for number in range(1, pages + 1):
        items = topic.articles[(number - 1) * per_page : number * per_page]
        paginator = Paginator(items, number, pages, topic.count, topic.url)
        title = topic.name if number == 1 else f"{topic.name} (page {number})"
        info = PageInfo(
            "topic", title, paginator.url_for(number), feed=f"{topic.url}feed.xml", feed_title=f"Topic: {topic.name}"
        )
        deps = (topic.name, topic.description_html, str(pages), str(topic.count), *(a.listing for a in items))
        path = f"{paginator.url_for(number)}index.html"
        yield PageSpec(
            path, "topic.html", {"page": info, "topic": topic, "paginator": paginator, "articles": items}, deps=deps
        )


def _digest_email(digest: Digest, extension: str) -> PageSpec:
    info = PageInfo("email", digest.title, digest.url, description=digest.summary)
    deps = (digest.version, *(pick.article.listing for pick in digest.picks))
    return PageSpec(f"{digest.url}email.{extension}", f"email.{extension}", {"page": info, "digest": digest}, deps=deps)


def _digest_page(digest: Digest, older: Digest | None, newer: Digest | None) -> PageSpec:
    info = PageInfo(
        "digest",
        digest.title,
        digest.url,
        description=digest.summary,
        feed="digests/feed.xml",
        feed_title="Digest issues",
    )
    neighbours = tuple(f"{d.slug}:{d.title}:{d.date}" for d in (older, newer) if d is not None)
    deps = (digest.version, *(pick.article.listing for pick in digest.picks), *neighbours)
    context = {"page": info, "digest": digest, "older": older, "newer": newer}
    return PageSpec(f"{digest.url}index.html", "digest.html", context, deps=deps)
