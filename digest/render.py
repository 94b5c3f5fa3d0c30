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

from digest import __version__
from digest.config import SiteConfig
from digest.content import fingerprint
from digest.errors import DigestError, TemplateError
from digest.model import SITE_ROOT, Article, Digest, Page, Site, Topic
from digest.theme import Theme

HOME_ARTICLES = 10
HOME_DIGESTS = 5
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
        self.env = make_environment(theme, config, compiled_dir)
        self.theme_key = fingerprint(_template_fingerprints(theme))
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
        try:
            template = self.env.get_template(spec.template)
            return template.render(spec.context, site=site_context, root=root, output_path=spec.path)
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


def make_environment(theme: Theme, config: SiteConfig, compiled_dir: Path | None = None) -> jinja2.Environment:
    env = jinja2.Environment(
        extensions=[FragmentCache],
        bytecode_cache=_CompiledTemplates(str(compiled_dir)) if compiled_dir is not None else None,
        loader=jinja2.FileSystemLoader([str(folder) for folder in theme.template_dirs]),
        autoescape=jinja2.select_autoescape(disabled_extensions=("txt",), default_for_string=True, default=True),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["date"] = format_date
    env.filters["isodate"] = lambda value: value.isoformat() if value else ""
    env.filters["html"] = Markup
    env.filters["plaintext"] = html_to_text
    env.globals["url"] = _url
    env.globals["abs_url"] = lambda target: config.absolute_url(_target_path(target))
    env.globals["asset"] = lambda path: f"{SITE_ROOT}static/{path}"
    env.globals["now"] = datetime.now
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
        return str(css_inline.inline(html))
    except ValueError as error:
        raise TemplateError(f"cannot inline the CSS of {path}: {error}", path) from None


_BLOCK_END = re.compile(r"</(p|div|h[1-6]|li|blockquote|tr|pre)>|<br\s*/?>", re.I)
_TAG = re.compile(r"<[^>]+>")


def html_to_text(html: str) -> str:
    """Readable plain text from rendered Markdown, for the text edition of a newsletter."""
    text = _BLOCK_END.sub("\0", html)
    text = re.sub(r"<li[^>]*>", "\0- ", text, flags=re.I)
    text = htmllib.unescape(_TAG.sub("", text))
    blocks = (" ".join(block.split()) for block in text.split("\0"))
    return "\n\n".join(block for block in blocks if block)


_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December")  # fmt: skip


def format_date(value: datetime | None, style: str = "long") -> str:
    """``27 June 2019``; ``short``: ``27 Jun 2019``; ``month``: ``June 2019``.  English month
    names, whatever the machine's locale, so a site builds the same everywhere."""
    if value is None:
        return ""
    month = _MONTHS[value.month - 1]
    if style == "short":
        return f"{value.day} {month[:3]} {value.year}"
    if style == "month":
        return f"{month} {value.year}"
    return f"{value.day} {month} {value.year}"


# --- What pages a site has -------------------------------------------------------------


def plan_pages(site: Site, config: SiteConfig) -> Iterator[PageSpec]:
    """Every HTML page of the site, in a stable order."""
    yield _home(site)
    for article in site.articles:
        yield plan_article_page(site, article)
    yield _topics_index(site)
    for topic in site.topics:
        yield from _topic_pages(topic, config.per_page)
    yield _digests_index(site)
    for digest in site.digests:
        yield from _digest_pages(digest)
    yield _archive_page(site)
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
    yield _home(site)
    for slug in sorted(slugs | related_to):
        yield plan_article_page(site, by_slug[slug])
    yield _topics_index(site)
    topics = {ref.slug for slug in slugs for ref in by_slug[slug].topics}
    for topic in site.topics:
        if topic.slug in topics:
            yield from _topic_pages(topic, config.per_page)
    yield _digests_index(site)
    for digest in site.digests:
        if any(pick.article.slug in slugs for pick in digest.picks):
            yield from _digest_pages(digest)
    yield _archive_page(site)


def _topics_index(site: Site) -> PageSpec:
    return PageSpec(
        "topics/index.html",
        "topics.html",
        {"page": PageInfo("topics", "Topics", "topics/"), "topics": site.topics},
        deps=tuple(f"{topic.slug}:{topic.name}:{topic.count}" for topic in site.topics),
    )


def _digests_index(site: Site) -> PageSpec:
    info = PageInfo("digests", "Digest issues", "digests/", feed="digests/feed.xml", feed_title="Digest issues")
    return PageSpec(
        "digests/index.html",
        "digests.html",
        {"page": info, "digests": site.digests},
        deps=tuple(d.version for d in site.digests),
    )


def _digest_pages(digest: Digest) -> Iterator[PageSpec]:
    yield _digest_page(digest)
    yield _digest_email(digest, "html")
    yield _digest_email(digest, "txt")


def _archive_page(site: Site) -> PageSpec:
    return PageSpec(
        "archive/index.html",
        "archive.html",
        {"page": PageInfo("archive", "Archive", "archive/"), "months": site.archive},
        deps=tuple(a.listing for a in site.articles),
    )


def _home(site: Site) -> PageSpec:
    articles = site.articles[:HOME_ARTICLES]
    digests = site.digests[:HOME_DIGESTS]
    info = PageInfo("index", "Home", "", feed="feed.xml", feed_title="Latest articles")
    deps = tuple(a.listing for a in articles) + tuple(d.version for d in digests)
    return PageSpec(
        "index.html", "index.html", {"page": info, "latest_articles": articles, "latest_digests": digests}, deps=deps
    )


def plan_article_page(site: Site, article: Article) -> PageSpec:
    related = site.related.get(article.slug, ())
    first_topic = article.topics[0] if article.topics else None
    info = PageInfo(
        "article",
        article.title,
        article.url,
        description=article.summary,
        feed=f"{first_topic.url}feed.xml" if first_topic else None,
        feed_title=f"Topic: {first_topic.name}" if first_topic else None,
    )
    deps = (article.version, *(other.listing for other in related))
    return PageSpec(
        f"{article.url}index.html", "article.html", {"page": info, "article": article, "related": related}, deps=deps
    )


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


def _digest_page(digest: Digest) -> PageSpec:
    info = PageInfo(
        "digest",
        digest.title,
        digest.url,
        description=digest.summary,
        feed="digests/feed.xml",
        feed_title="Digest issues",
    )
    deps = (digest.version, *(pick.article.listing for pick in digest.picks))
    return PageSpec(f"{digest.url}index.html", "digest.html", {"page": info, "digest": digest}, deps=deps)
