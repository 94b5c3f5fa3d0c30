"""Web pages -> ImportedArticle, with trafilatura finding the main text and the metadata.

The main text comes back as Markdown with headings, lists, links and emphasis.  Metadata:
title, date (from the page's markup only, never guessed from stray years in the text),
author, site name, categories and tags, description and image; ``pagemeta`` adds the
breadcrumb (JSON-LD, microdata or a breadcrumb ``nav``), the figure's caption and credit and
the canonical URL (the source URL).  The breadcrumb's first part (else the first category)
is the section and the rest the topics; tags go to ``tags``, never to the topics.  A leading
heading that repeats the title, a leading byline and boilerplate paragraphs are left out.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Any

import trafilatura

from digest.importer.boilerplate import Boilerplate
from digest.importer.convert import escape_raw_html
from digest.importer.lines import is_prose, parse_byline
from digest.importer.pagemeta import PageMeta, read_page_meta
from digest.importer.record import ImportedArticle, SourceFailed
from digest.importer.settings import ImportSettings

_MAX_TOPICS = 6
_MIN_WORDS = 15
_DATE_CONFIG = {"original_date": True, "extensive_search": False}


def parse_page(
    html_text: str, origin: str, url: str | None, settings: ImportSettings, source_name: str | None = None
) -> ImportedArticle:
    """Extract the article of an HTML page; SourceFailed when the page has no main text.

    ``source_name`` (from ``--source``) picks the site's boilerplate patterns when given.
    """
    markdown = trafilatura.extract(
        html_text,
        url=url,
        output_format="markdown",
        include_formatting=True,
        include_links=True,
        include_tables=True,
        include_images=False,
        include_comments=False,
    )
    meta = trafilatura.extract_metadata(html_text, default_url=url, date_config=_DATE_CONFIG)
    title = _title(meta)
    if not markdown or not title:
        raise SourceFailed("not an article: no main text found in the page")
    boilerplate = settings.boilerplate_for(source_name or _clean(meta.sitename))
    body, dropped = clean_markdown(markdown, title, boilerplate)
    if len(body.split()) < _MIN_WORDS:
        raise SourceFailed("not an article: no main text found in the page")
    article = _article(meta, read_page_meta(html_text, title), title, body, origin, url)
    return dataclasses.replace(article, dropped=dropped)


def _article(meta: Any, page: PageMeta, title: str, body: str, origin: str, url: str | None) -> ImportedArticle:
    trail = list(page.crumbs) or _names(meta.categories)
    tags = _unique([*page.tags, *_names(meta.tags)])
    return ImportedArticle(
        title=title,
        body=body,
        origin=origin,
        date=meta.date or None,
        topics=tuple(trail[1 : _MAX_TOPICS + 1]),
        section=trail[0] if trail else None,
        author=_clean(meta.author) or page.author,
        source_name=_clean(meta.sitename),
        source_url=page.canonical or meta.url or url,
        image_src=meta.image if isinstance(meta.image, str) and meta.image.startswith("http") else None,
        image_caption=page.caption,
        image_credit=page.credit,
        summary=_clean(meta.description),
        tags=tuple(tag for tag in tags if tag.casefold() not in {name.casefold() for name in trail}),
    )


def _title(meta: Any) -> str | None:
    title = _clean(meta.title) if meta is not None else None
    site = _clean(meta.sitename) if meta is not None else None
    if title and site:
        title = re.sub(rf"\s+[|\-–—:]\s+{re.escape(site)}$", "", title)
    return title


def clean_markdown(markdown: str, title: str, boilerplate: Boilerplate) -> tuple[str, tuple[tuple[str, str], ...]]:
    """Trafilatura's Markdown less the repeated title, a leading byline and boilerplate; and
    the blocks left out, with why."""
    blocks = [block.strip() for block in re.split(r"\n\s*\n", markdown) if block.strip()]
    dropped: list[tuple[str, str]] = []
    if blocks and re.sub(r"^#+\s*", "", blocks[0]).strip() == title.strip():
        dropped.append((blocks.pop(0), "repeats the headline"))
    if blocks and parse_byline(blocks[0]):
        dropped.append((blocks.pop(0), "the byline (the author field)"))
    last_prose = max((index for index, block in enumerate(blocks) if is_prose(_plain(block))), default=-1)
    kept = []
    for index, block in enumerate(blocks):
        why = None if "\n" in block else boilerplate.reason(_plain(block), "tail" if index > last_prose else "body")
        if why is None:
            kept.append(block)
        else:
            dropped.append((block, why))
    return escape_raw_html("\n\n".join(kept)), tuple(dropped)


def _plain(block: str) -> str:
    return re.sub(r"\]\([^)]*\)|[*_#>\[\]]", "", block).strip()


def _names(values: Any) -> list[str]:
    names = [_clean(value) for value in values or [] if isinstance(value, str)]
    return _unique([name for name in names if name and len(name.split()) <= 5])


def _unique(names: list[str]) -> list[str]:
    seen: set[str] = set()
    kept = []
    for name in names:
        if name.casefold() not in seen:
            seen.add(name.casefold())
            kept.append(name)
    return kept


def _clean(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    value = " ".join(value.split())
    return value or None
