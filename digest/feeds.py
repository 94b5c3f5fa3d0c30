"""Atom feeds, sitemap.xml and robots.txt: the machine-readable outputs; and the pages at
the old addresses (``aliases``) of articles, issues and pages, which send browsers and
crawlers on to them.

Feeds and the sitemap use absolute URLs built from base_url, since readers and
crawlers fetch them out of the context of any page.
"""

from __future__ import annotations

import html as htmllib
from collections.abc import Iterator, Mapping, Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from markupsafe import Markup

from digest import __version__
from digest.config import SiteConfig
from digest.frontmatter import FORBIDDEN_CHARACTERS
from digest.model import Article, Digest, Page, RecordMemo, Site
from digest.render import PageSpec, absolute_urls, archive_years, resolve_site_links

if TYPE_CHECKING:
    from digest.i18n import Languages

ATOM_NS = "http://www.w3.org/2005/Atom"
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
SITEMAP_URLS = 50_000  # the most one sitemap file may list (sitemaps.org); more go in parts under an index


# As xml.sax.saxutils has them; importing that module pulls in urllib.request and the
# email package, a fifth of the start-up time of a build that only renders a few pages.
def escape(text: str) -> str:
    return htmllib.escape(text, quote=False)


def attribute(text: str) -> str:
    """Text for an HTML attribute value in double quotes: quotes are escaped too."""
    return htmllib.escape(text, quote=True)


def quoteattr(text: str) -> str:
    text = escape(text).replace("\n", "&#10;").replace("\r", "&#13;").replace("\t", "&#9;")
    if '"' not in text:
        return f'"{text}"'
    if "'" not in text:
        return f"'{text}'"
    return '"{}"'.format(text.replace('"', "&quot;"))


def plan_feeds(
    site: Site, config: SiteConfig, html_pages: Sequence[str], memo: RecordMemo | None = None
) -> Iterator[PageSpec]:
    """The site feed, one feed per topic, the digests feed, the sitemap and robots.txt.

    What a feed shows comes from its context (records there are read through recording
    views, as templates read them), so that the builder knows what each feed depends on.
    ``memo``: the last plan's lines of the sitemap, by article.
    """
    limit = config.feeds.limit
    yield _feed_spec("feed.xml", config.title, config.description, "", site.articles[:limit], config)
    for topic in site.topics:
        items = topic.articles[:limit]
        title, about = f"{config.title}: {topic.name}", Markup(topic.description_html).striptags()
        yield _feed_spec(f"{topic.url}feed.xml", title, about, topic.url, items, config)
    yield PageSpec(
        "digests/feed.xml",
        None,
        {"digests": site.digests[:limit]},
        produce=lambda context, languages: render_digest_feed(context["digests"], config, languages),
    )
    yield from _sitemap_specs(site, config, tuple(html_pages), memo or RecordMemo())
    # A site's own robots.txt (content/root/) is published instead of the one made here.
    if "robots.txt" not in site.root_files:
        yield PageSpec("robots.txt", None, produce=lambda context, languages: render_robots(config))
    if ".nojekyll" not in site.root_files:
        # GitHub Pages would otherwise run the output through Jekyll, which hides _-prefixed files.
        yield PageSpec(".nojekyll", None, produce=lambda context, languages: "")
    records: tuple[Article | Digest | Page, ...] = (*site.articles, *site.digests, *site.pages)
    for record in records:
        for path, line in record.aliases:
            if path != f"{record.url}index.html":  # (its own address, which an export may list too)
                yield _alias_spec(path, line, record, config)


def _alias_spec(path: str, line: int, record: Article | Digest | Page, config: SiteConfig) -> PageSpec:
    return PageSpec(
        path,
        None,
        # (origin and line: where the address is written, for a path another page has too)
        {"record": record, "origin": record.path, "line": line},
        produce=lambda context, languages: render_alias(path, context["record"], config),
    )


def render_alias(path: str, record: Article | Digest | Page, config: SiteConfig) -> str:
    """The page at an old address of an article, an issue or a page, as Hugo writes one for an
    alias: it leads on at once (relatively, so under any sub-path), names the record's address
    as canonical and keeps itself out of search engines."""
    target = attribute("../" * path.count("/") + record.url)
    title = escape(record.title)
    return (
        f'<!doctype html>\n<html lang={quoteattr(config.language)}>\n<head>\n<meta charset="utf-8">\n'
        f"<title>{title}</title>\n"
        f'<link rel="canonical" href="{attribute(config.absolute_url(record.url))}">\n'
        f'<meta name="robots" content="noindex">\n<meta http-equiv="refresh" content="0; url={target}">\n'
        f'</head>\n<body>\n<p><a href="{target}">{title}</a></p>\n</body>\n</html>\n'
    )


def _sitemap_specs(site: Site, config: SiteConfig, pages: tuple[str, ...], memo: RecordMemo) -> Iterator[PageSpec]:
    """sitemap.xml; for a site of more pages than one sitemap may list, sitemap.xml is an
    index of sitemap-1.xml, sitemap-2.xml … of ``SITEMAP_URLS`` pages each."""
    lastmod = _dated_pages(site, config.per_page, memo)
    if len(pages) <= SITEMAP_URLS:
        yield _sitemap_spec("sitemap.xml", pages, lastmod, site, config)
        return
    names = []
    for number, start in enumerate(range(0, len(pages), SITEMAP_URLS), 1):
        names.append(f"sitemap-{number}.xml")
        yield _sitemap_spec(names[-1], pages[start : start + SITEMAP_URLS], lastmod, site, config)
    listed = tuple(names)
    yield PageSpec(
        "sitemap.xml", None, {"parts": listed}, produce=lambda context, languages: render_sitemap_index(listed, config)
    )


def _sitemap_spec(path: str, pages: tuple[str, ...], lastmod: str, site: Site, config: SiteConfig) -> PageSpec:
    return PageSpec(
        path,
        None,
        # In the context as text: what the sitemap shows, keyed at once (tuples of 10k paths are not).
        {"pages": "\n".join(pages), "lastmod": lastmod},
        produce=lambda context, languages: render_sitemap(pages, config, page_dates(site, config.per_page)),
    )


def _feed_spec(
    path: str, title: str, subtitle: str, page_url: str, articles: Sequence[Article], config: SiteConfig
) -> PageSpec:
    return PageSpec(
        path,
        None,
        {"title": title, "subtitle": subtitle, "page_url": page_url, "articles": tuple(articles)},
        produce=lambda context, languages: render_article_feed(
            path, (title, subtitle), page_url, context["articles"], config
        ),
    )


def render_article_feed(
    path: str, titles: tuple[str, str], page_url: str, articles: Sequence[Article], config: SiteConfig
) -> str:
    """An Atom feed of ``articles`` (``titles``: its title and subtitle).  Each feed writes its
    own entries, so that what it read of each article is recorded for it (an entry shared
    between feeds would hide that)."""
    entries = [_article_entry(article, config) for article in articles]
    return _feed(path, titles, page_url, [a.updated or a.date for a in articles], entries, config)


def render_digest_feed(digests: Sequence[Digest], config: SiteConfig, languages: Languages) -> str:
    entries = [_digest_entry(digest, config, languages) for digest in digests]
    titles = (f"{config.title}: {languages.gettext('digest issues')}", config.description)
    return _feed("digests/feed.xml", titles, "digests/", [d.updated or d.date for d in digests], entries, config)


def _feed(
    path: str, titles: tuple[str, str], page_url: str, dates: list[datetime], entries: list[str], config: SiteConfig
) -> str:
    """The feed with its ``titles``: its title and its subtitle (what it is about: the site's
    description, a topic's; none when empty)."""
    title, subtitle = titles
    updated = max(dates, default=datetime(2000, 1, 1, tzinfo=UTC))
    feed_url = config.absolute_url(path)
    author = f"<author><name>{escape(config.author or config.title)}</name></author>"
    about = f"<subtitle>{escape(' '.join(subtitle.split()))}</subtitle>\n" if subtitle.strip() else ""
    head = (
        f'<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="{ATOM_NS}" xml:lang={quoteattr(config.language)}>\n'
        f"<title>{escape(title)}</title>\n{about}<id>{escape(feed_url)}</id>\n"
        f'<link rel="self" type="application/atom+xml" href={quoteattr(feed_url)}/>\n'
        f'<link rel="alternate" type="text/html" href={quoteattr(config.absolute_url(page_url))}/>\n'
        f"<updated>{_iso(updated)}</updated>\n{author}\n"
        f'<generator uri="https://pypi.org/project/digest/" version="{__version__}">digest</generator>\n'
    )
    return _xml_text(head + "".join(entries) + "</feed>\n")


def _xml_text(text: str) -> str:
    """The text without characters XML 1.0 cannot carry.  Content refuses them (or takes them
    out of bodies) already; this keeps every feed well-formed whatever a template adds."""
    return FORBIDDEN_CHARACTERS.sub("", text) if FORBIDDEN_CHARACTERS.search(text) else text


def _article_entry(article: Article, config: SiteConfig) -> str:
    url = config.absolute_url(article.url)
    content = _absolute_html(article.body_html, config, url) if config.feeds.content == "full" else None
    language = f" xml:lang={quoteattr(article.language)}" if article.language else ""  # when not the site's
    parts = [
        f"<entry{language}>\n<title>{escape(article.title)}</title>\n<id>{escape(url)}</id>\n",
        f'<link rel="alternate" type="text/html" href={quoteattr(url)}/>\n',
        f"<published>{_iso(article.date)}</published>\n<updated>{_iso(article.updated or article.date)}</updated>\n",
    ]
    if article.author:
        parts.append(f"<author><name>{escape(article.author)}</name></author>\n")
    parts += [f"<category term={quoteattr(ref.slug)} label={quoteattr(ref.name)}/>\n" for ref in article.topics]
    if article.source.url:
        parts.append(
            f'<link rel="via" href={quoteattr(article.source.url)}'
            + (f" title={quoteattr(article.source.name)}" if article.source.name else "")
            + "/>\n"
        )
    if article.source.name or article.source.url:
        parts.append(_source_element(article))
    if article.summary:
        parts.append(f"<summary>{escape(article.summary)}</summary>\n")
    if content is not None:
        parts.append(f'<content type="html">{escape(content)}</content>\n')
    parts.append("</entry>\n")
    return "".join(parts)


def _source_element(article: Article) -> str:
    """Atom's <source>: where the story first appeared (provenance)."""
    inner = ""
    if article.source.name:
        inner += f"<title>{escape(article.source.name)}</title>"
    if article.source.url:
        inner += f"<id>{escape(article.source.url)}</id><link href={quoteattr(article.source.url)}/>"
    return f"<source>{inner}</source>\n"


def _digest_entry(digest: Digest, config: SiteConfig, languages: Languages) -> str:
    url = config.absolute_url(digest.url)
    picks = "".join(
        f'<li><a href="{attribute(config.absolute_url(pick.article.url))}"{languages.attributes(pick.article)}>'
        f"{escape(pick.article.title)}</a>"
        f"{_provenance(pick.article, digest, languages)}{_absolute_html(pick.note_html, config, url)}</li>"
        for pick in digest.picks
    )
    html = _absolute_html(digest.intro_html, config, url) + (f"<ol>{picks}</ol>" if picks else "")
    curator = config.theme_settings.curator or config.author  # the author, as its JSON-LD says
    language = f" xml:lang={quoteattr(digest.language)}" if digest.language else ""  # when not the site's
    return (
        f"<entry{language}>\n<title>{escape(digest.title)}</title>\n<id>{escape(url)}</id>\n"
        f'<link rel="alternate" type="text/html" href={quoteattr(url)}/>\n'
        f"<published>{_iso(digest.date)}</published>\n<updated>{_iso(digest.updated or digest.date)}</updated>\n"
        + (f"<author><name>{escape(curator)}</name></author>\n" if curator else "")
        + (f"<summary>{escape(digest.summary)}</summary>\n" if digest.summary else "")
        + f'<content type="html">{escape(html)}</content>\n</entry>\n'
    )


def _provenance(article: Article, digest: Digest, languages: Languages) -> str:
    """Where a pick first appeared, and when (in the site's language), if not on the day of the issue."""
    parts = []
    if article.source.name or article.source.url:
        name = escape(article.source.name or article.source.url or "")
        parts.append(f'<a href="{attribute(article.source.url)}">{name}</a>' if article.source.url else name)
    if article.date.date() != digest.date.date():
        parts.append(escape(languages.date(article.date)))
    return f" <small>({', '.join(parts)})</small>" if parts else ""


def _absolute_html(html: str, config: SiteConfig, page_url: str) -> str:
    """An entry's HTML with every address absolute, as read on its page (``page_url``): a
    reader shows it away from the site (``#fn1`` is the page's footnote)."""
    return absolute_urls(resolve_site_links(html, config.base_url), page_url)


def _iso(value: datetime) -> str:
    """RFC 3339 in UTC, the year always in four digits (``strftime`` writes year 1 as ``1``)."""
    utc = value.astimezone(UTC)
    return f"{utc.year:04d}-{utc:%m-%dT%H:%M:%S}Z"


def _dated_pages(site: Site, per_page: int, memo: RecordMemo) -> str:
    """Every page of ``page_dates`` with its date, as text (the articles' lines from ``memo``
    while their records are the same)."""
    lines = [memo.get(article.path, article, _dated_article) for article in site.articles]
    memo.done()
    lines += [f"{path} {when.isoformat()}" for path, when in _listing_dates(site, per_page).items()]
    return "\n".join(lines)


def _dated_article(article: Article) -> str:
    return f"{article.url}index.html {(article.updated or article.date).isoformat()}"


def page_dates(site: Site, per_page: int) -> dict[str, datetime]:
    """The date of the newest thing each page shows, for the sitemap's ``lastmod`` (an
    article's last change, when it gives one); ``per_page``: the items of a listing's page."""
    dates: dict[str, datetime] = {
        f"{article.url}index.html": article.updated or article.date for article in site.articles
    }
    dates.update(_listing_dates(site, per_page))
    return dates


def _listing_dates(site: Site, per_page: int) -> dict[str, datetime]:
    """``page_dates`` of every page but the articles'."""
    dates = {f"{digest.url}index.html": digest.updated or digest.date for digest in site.digests}
    for topic in site.topics:
        dates.update(_pages_dates(topic.url, [article.date for article in topic.articles[::per_page]]))
    dates.update({f"{page.url}index.html": when for page in site.pages if (when := page.updated or page.date)})
    if site.articles:
        dates["topics/index.html"] = site.articles[0].date
    for year in archive_years(site.archive):
        dates.update(_pages_dates(year.url, [months[0].articles[0].date for months in year.pages]))
    dates.update(_pages_dates("digests/", [digest.date for digest in site.digests[::per_page]]))
    newest = [items[0].date for items in (site.articles, site.digests) if items]
    if newest:
        dates["index.html"] = max(newest)
    return dates


def _pages_dates(url: str, firsts: Sequence[datetime]) -> dict[str, datetime]:
    """The pages of a listing at ``url`` (``url``, ``url``page/2/ …), each dated by its first
    (newest) item's date in ``firsts``."""
    return {
        f"{url}page/{number}/index.html" if number > 1 else f"{url}index.html": when
        for number, when in enumerate(firsts, 1)
    }


def render_sitemap(html_pages: Sequence[str], config: SiteConfig, lastmod: Mapping[str, datetime] | None = None) -> str:
    lastmod = lastmod or {}
    urls = "".join(
        f"<url><loc>{escape(config.absolute_url(_pretty(path)))}</loc>"
        + (f"<lastmod>{_iso(lastmod[path])}</lastmod>" if path in lastmod else "")
        + "</url>\n"
        for path in html_pages
    )
    return f'<?xml version="1.0" encoding="utf-8"?>\n<urlset xmlns="{SITEMAP_NS}">\n{urls}</urlset>\n'


def render_sitemap_index(names: Sequence[str], config: SiteConfig) -> str:
    """A sitemap index: the sitemap files ``names`` (at the site's root) by their addresses."""
    listed = "".join(f"<sitemap><loc>{escape(config.absolute_url(name))}</loc></sitemap>\n" for name in names)
    return f'<?xml version="1.0" encoding="utf-8"?>\n<sitemapindex xmlns="{SITEMAP_NS}">\n{listed}</sitemapindex>\n'


def _pretty(path: str) -> str:
    return path[: -len("index.html")] if path.endswith("index.html") else path


def render_robots(config: SiteConfig) -> str:
    return f"User-agent: *\nAllow: /\n\nSitemap: {config.absolute_url('sitemap.xml')}\n"
