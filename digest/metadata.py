"""What a page tells machines about itself: share images and schema.org JSON-LD.

Pure functions from records to plain dicts; the templates write them as OpenGraph and
Twitter ``<meta>`` tags and as ``<script type="application/ld+json">`` (``|tojson``).
Every URL here is absolute, since crawlers and social networks read pages out of context.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Any
from urllib.parse import urljoin, urlsplit

from markupsafe import Markup

from digest.config import SiteConfig
from digest.model import Article, Digest

SHARE_IMAGE = "static/share.png"  # the theme's card for pages without an image of their own
SHARE_IMAGE_SIZE = (1200, 630)
LOGO_IMAGE = "static/icon-512.png"
SCHEMA = "https://schema.org"


def absolute(config: SiteConfig, target: str, page_url: str = "") -> str:
    """``target`` as an absolute URL: an absolute URL as it is, a path from the site's root
    ('/static/x.png') under base_url's path, any other path relative to the page at ``page_url``."""
    if "://" in target or target.startswith("//"):
        return urljoin(config.base_url, target)
    if target.startswith("/"):
        return config.absolute_url(target.lstrip("/"))
    return urljoin(config.absolute_url(page_url), target)


def article_image(article: Article, config: SiteConfig) -> str | None:
    """The absolute URL of an article's lead image, if it has one."""
    return absolute(config, article.image.src, article.url) if article.image.src else None


def share_image(config: SiteConfig, record: Any = None) -> str:
    """The image a page shows when shared: its article's (or its issue's first picked
    article's) lead image, else the theme's card."""
    articles = [record] if isinstance(record, Article) else []
    if isinstance(record, Digest):
        articles = [pick.article for pick in record.picks]
    for article in articles:
        if image := article_image(article, config):
            return image
    return config.absolute_url(SHARE_IMAGE)


def publisher(config: SiteConfig) -> dict[str, Any]:
    """The site as an Organization, its logo the site's own (its logo, else its icon) where
    that is a picture search engines take (not SVG, not .ico), else the theme's."""
    settings = config.theme_settings
    logo = next((path for path in (settings.logo, settings.favicon) if path and _raster(path)), None)
    logo_url = absolute(config, logo) if logo else config.absolute_url(LOGO_IMAGE)
    return {
        "@type": "Organization",
        "name": config.title,
        "url": config.base_url,
        "logo": {"@type": "ImageObject", "url": logo_url},
    }


def _raster(path: str) -> bool:
    return not urlsplit(path).path.lower().endswith((".svg", ".svgz", ".ico"))


def website(config: SiteConfig) -> dict[str, Any]:
    data: dict[str, Any] = {
        "@context": SCHEMA,
        "@type": "WebSite",
        "name": config.title,
        "url": config.base_url,
        "inLanguage": config.language,
        "publisher": publisher(config),
    }
    if config.description:
        data["description"] = config.description
    if config.search:
        data["potentialAction"] = {
            "@type": "SearchAction",
            "target": config.absolute_url("search/") + "?q={search_term_string}",
            "query-input": "required name=search_term_string",
        }
    return data


def news_article(article: Article, config: SiteConfig, language: str) -> dict[str, Any]:
    """A NewsArticle: headline, dates, image, author, publisher and the source it is based on."""
    data: dict[str, Any] = {
        "@context": SCHEMA,
        "@type": "NewsArticle",
        "headline": article.title[:110],
        "url": config.absolute_url(article.url),
        "mainEntityOfPage": config.absolute_url(article.url),
        "datePublished": _iso(article.date),
        "dateModified": _iso(article.updated or article.date),
        "inLanguage": language,
        "image": [article_image(article, config) or config.absolute_url(SHARE_IMAGE)],
        "publisher": publisher(config),
        "keywords": list(dict.fromkeys([*(topic.name for topic in article.topics), *article.tags])),
        "wordCount": article.word_count,
    }
    if article.summary:
        data["description"] = article.summary
    if article.section:
        data["articleSection"] = article.section
    if article.author:
        data["author"] = {"@type": "Person", "name": article.author}
    elif article.source.name:
        data["author"] = {"@type": "Organization", "name": article.source.name}
    if source := based_on(article):
        data["isBasedOn"] = source
    return data


def based_on(article: Article) -> dict[str, Any] | None:
    """The original report an article was taken from, credited to its outlet."""
    if not article.source.url and not article.source.name:
        return None
    data: dict[str, Any] = {"@type": "NewsArticle", "headline": article.title[:110]}
    if article.source.url:
        data["url"] = article.source.url
    if article.source.name:
        data["publisher"] = {"@type": "Organization", "name": article.source.name}
    return data


def collection(
    name: str, page_url: str, items: Iterable[tuple[str, str]], config: SiteConfig, description: str = ""
) -> dict[str, Any]:
    """A CollectionPage (an issue, a topic, an index) whose main entity lists ``items``
    ((name, site path) pairs) in order."""
    elements = [
        {"@type": "ListItem", "position": position, "name": title, "url": config.absolute_url(path)}
        for position, (title, path) in enumerate(items, 1)
    ]
    data: dict[str, Any] = {
        "@context": SCHEMA,
        "@type": "CollectionPage",
        "name": _text(name),
        "url": config.absolute_url(page_url),
        "isPartOf": {"@type": "WebSite", "name": config.title, "url": config.base_url},
        "mainEntity": {"@type": "ItemList", "numberOfItems": len(elements), "itemListElement": elements},
    }
    if description:
        data["description"] = _text(description)
    return data


def web_page(name: str, page_url: str | None, config: SiteConfig, description: str = "") -> dict[str, Any]:
    """Any other page of the site (a content page, the search page, the not-found page): a
    WebPage of the site, at ``page_url`` unless it has no address of its own (None)."""
    data: dict[str, Any] = {
        "@context": SCHEMA,
        "@type": "WebPage",
        "name": _text(name),
        "isPartOf": {"@type": "WebSite", "name": config.title, "url": config.base_url},
    }
    if page_url is not None:
        data["url"] = config.absolute_url(page_url)
    if description:
        data["description"] = _text(description)
    return data


def digest_issue(digest: Digest, config: SiteConfig) -> dict[str, Any]:
    """An issue: a CollectionPage of its picks, with its date and curator."""
    items = [(pick.article.title, pick.article.url) for pick in digest.picks]
    data = collection(digest.title, digest.url, items, config, digest.summary)
    data["datePublished"] = _iso(digest.date)
    data["dateModified"] = _iso(digest.updated or digest.date)
    data["publisher"] = publisher(config)
    curator = config.theme_settings.curator or config.author
    if curator:
        data["author"] = {"@type": "Person", "name": curator}
    return data


def named_links(records: Iterable[Any]) -> list[tuple[str, str]]:
    """(name or title, site path) of each record, for ``collection`` and ``breadcrumbs``."""
    return [(getattr(record, "title", None) or record.name, record.url) for record in records]


def breadcrumbs(crumbs: Sequence[tuple[str, str]], config: SiteConfig) -> dict[str, Any]:
    """A BreadcrumbList from (name, site path) pairs, the home page first."""
    return {
        "@context": SCHEMA,
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": position, "name": _text(name), "item": config.absolute_url(path)}
            for position, (name, path) in enumerate(crumbs, 1)
        ],
    }


def _text(value: str) -> str:
    """A name a template gives as the text it shows: a translated message ('R&D, page 2') is
    Markup, escaped for HTML ('R&amp;D, page 2'), which JSON-LD would carry as it is."""
    return value.unescape() if isinstance(value, Markup) else value


def _iso(value: datetime) -> str:
    return iso_datetime(value)


def iso_datetime(value: date) -> str:
    """ISO 8601 as HTML's ``datetime`` attributes and JSON-LD take it: seconds, or
    milliseconds when there is a fraction (HTML allows no more), and an offset in whole
    minutes (a zone's old local mean time, +01:56:56, is given in UTC instead)."""
    if not isinstance(value, datetime):
        return value.isoformat()
    offset = value.utcoffset()
    if offset is not None and offset % timedelta(minutes=1):
        value = value.astimezone(UTC)
    return value.isoformat(timespec="milliseconds" if value.microsecond else "seconds")
