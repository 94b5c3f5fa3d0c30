"""Web pages -> ImportedArticle, with trafilatura finding the main text and the metadata.

The main text comes back as Markdown with headings, lists, links and emphasis.  Metadata:
title, date (from the page's markup, else the line of the date under the headline; never
guessed from stray years in the text), author, site name, categories and tags, description
and image; ``pagemeta`` adds the breadcrumb (JSON-LD, microdata, a breadcrumb ``nav`` or a
trail written above the headline), the figure's caption and credit and the canonical URL
(the source URL), the byline's author and date, the outlet's name as the ``<title>`` gives it
and the section label above the headline.  The breadcrumb's first part (else the first
category, else that label) is the section and the rest the topics; tags go to ``tags``,
never to the topics.  A leading heading that repeats the title, a leading byline and
boilerplate paragraphs are left out.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from collections import Counter
from typing import Any
from urllib.parse import unquote, urlsplit

import lxml.html
import trafilatura
from lxml import etree
from trafilatura.settings import DEFAULT_CONFIG, use_config
from trafilatura.xml import xmltotxt

from digest.importer.boilerplate import Boilerplate
from digest.importer.convert import escape_raw_html, plain_paragraphs
from digest.importer.dates import parse_user_date
from digest.importer.furniture import is_consent_page
from digest.importer.lines import (
    HOME,
    is_prose,
    is_tags_label,
    is_update_line,
    parse_bullet,
    parse_byline,
    parse_date_line,
    parse_tags,
    reader_case,
    without_outlet,
)
from digest.importer.pagemeta import TITLE_PART, PageMeta, absolute_image, read_page_meta
from digest.importer.record import ImportedArticle, SourceFailed
from digest.importer.settings import ImportSettings
from digest.model import CJK_RANGES, count_words
from digest.urls import link_from, safe_url

_MAX_TOPICS = 6
_REPEAT_WORDS = 12
_SENTENCE = re.compile(r"[.!?…][\"'”’»)]*$")
_BARE_VALUE = re.compile(
    r"(?:\d{4}-\d{2}-\d{2}(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?|\d{1,2}:\d{2}(?::\d{2})?(?:\s*[ap]\.?m\.?)?"
    r"|https?://\S+|www\.\S+)",
    re.IGNORECASE,
)
_MIN_WORDS = 15
_DATE_CONFIG = {"original_date": True, "extensive_search": False}
_CJK = re.compile(f"[{CJK_RANGES}]")
# trafilatura drops every character Python does not call printable, the zero-width joiner and
# non-joiner among them: Persian writes the non-joiner inside words (سهمیه‌ها), emoji
# sequences hold the joiner.  They pass through it as rare symbols that stand in for them.
_STAND_INS = {"\u200c": "\U0001fbc5", "\u200d": "\U0001fbc6"}
_RESTORED = str.maketrans({stand_in: joiner for joiner, stand_in in _STAND_INS.items()})
# The joiners written as character references: &zwnj; &#8204; &#x200C; (and the joiner's).
_JOINERS = {"&zwnj;": "\u200c", "&#8204;": "\u200c", "&#x200c;": "\u200c",
            "&zwj;": "\u200d", "&#8205;": "\u200d", "&#x200d;": "\u200d"}  # fmt: skip
_JOINER_REFERENCE = re.compile("|".join(re.escape(reference) for reference in _JOINERS), re.IGNORECASE)


def parse_page(
    html_text: str,
    origin: str,
    url: str | None,
    settings: ImportSettings,
    source_name: str | None = None,
    rendered: bool = False,
) -> ImportedArticle:
    """Extract the article of an HTML page; SourceFailed when the page has no main text.

    ``source_name`` (from ``--source``) picks the site's boilerplate patterns when given.
    ``rendered``: a page digest made of Markdown (``markdown_page``), its text the article's
    however short, which a web page's is not (a short main text there is a sign of furniture).
    """
    html_text = _JOINER_REFERENCE.sub(lambda found: _JOINERS[found[0].lower()], html_text)
    if not any(joiner in html_text for joiner in _STAND_INS):
        return _parse_page(html_text, origin, url, settings, source_name, rendered)
    for joiner, stand_in in _STAND_INS.items():
        html_text = html_text.replace(joiner, stand_in)
    return _with_joiners(_parse_page(html_text, origin, url, settings, source_name, rendered))


def _with_joiners(article: ImportedArticle) -> ImportedArticle:
    def restored(value: Any) -> Any:
        if isinstance(value, str):
            return value.translate(_RESTORED)
        return tuple(restored(item) for item in value) if isinstance(value, tuple) else value

    fields = dataclasses.fields(article)
    return dataclasses.replace(article, **{field.name: restored(getattr(article, field.name)) for field in fields})


def _parse_page(
    html_text: str, origin: str, url: str | None, settings: ImportSettings, source_name: str | None, rendered: bool
) -> ImportedArticle:
    markdown = _main_text(html_text, url, rendered)
    meta = trafilatura.extract_metadata(html_text, default_url=url, date_config=_DATE_CONFIG)
    title = _title(meta)
    if not markdown or not title:
        raise SourceFailed("not an article: no main text found in the page")
    boilerplate = settings.boilerplate_for(source_name or _clean(meta.sitename))
    page = read_page_meta(html_text, title)
    title = _headline_alone(page.headline or title, page.ld_headline)
    outlet = _source_name(meta, page, title)
    trail = _trail(meta, page, outlet)
    title = _without_names(title, outlet, trail[0] if trail else None)
    labels = tuple(label for label in (page.kicker, page.trail_text) if label)
    body, dropped = clean_markdown(markdown, title, boilerplate, labels, page.standfirst)
    if (fuller := _json_ld_text(body, page.ld_body)) is not None:
        body = clean_markdown(fuller, title, boilerplate, labels, page.standfirst)[0]
    body = absolute_links(body, url or page.canonical or _clean(meta.url))
    if count_words(body) < _MIN_WORDS:
        raise SourceFailed("not an article: no main text found in the page")
    if is_consent_page([_plain(block) for block in re.split(r"\n\s*\n", body) if block.strip()]):
        raise SourceFailed("not an article: a page asking to accept cookies, shown instead of the article")
    if _only_links(body, page.link_texts):
        raise SourceFailed("not an article: a list of links to other pages (a section's front page, an index), no text")
    listed = [tag for text, why in dropped if why == TAG_LIST for tag in parse_tags(_plain(text)) or ()]
    article = _article(meta, page, title, body, outlet, trail, origin, url, listed)
    return dataclasses.replace(article, date=_with_dateline(article.date, dropped, page.dateline), dropped=dropped)


def _main_text(html_text: str, url: str | None, rendered: bool = False) -> str | None:
    """The page's main text as Markdown, as ``trafilatura.extract`` gives it, but with its
    block quotes kept as quotes (trafilatura's Markdown writes them as plain paragraphs, and
    a quoted opponent would read as the reporter's own words)."""
    document = trafilatura.bare_extraction(
        _with_paragraphs(_with_post_times(_with_body_joined(_without_hidden(html_text)))),
        url=url,
        include_formatting=True,
        include_links=True,
        include_tables=True,
        include_images=False,
        include_comments=False,
        config=_SHORT_CONFIG if rendered or _written_in_cjk(html_text) else DEFAULT_CONFIG,
    )
    body = getattr(document, "body", None)
    if body is None:
        return None
    quotes = _quotes_set_aside(body)
    markdown = xmltotxt(body, True)
    for mark, quote in quotes.items():
        markdown = markdown.replace(mark, quote)
    return unicodedata.normalize("NFC", markdown).strip()


def _json_ld_text(body: str, ld_body: str | None) -> str | None:
    """The text of the page's JSON-LD ``articleBody`` in paragraphs, where it says more than
    the main text read in the page: the same words run together into one paragraph (a page
    its scripts fill in, which trafilatura reads from there), or the page's text followed by
    more (a paywall's teaser, the whole article in the page's data).  None where the page's
    own text is as full (its links and emphasis are kept) or the JSON-LD is not in paragraphs."""
    if not ld_body or "\n" not in ld_body.strip():
        return None
    seen, given = _words_of(body), _words_of(ld_body)
    one_paragraph = "\n\n" not in body.strip()
    fuller = len(given) >= max(len(seen) * 5 // 4, len(seen) + _MORE_WORDS)
    if given[: len(seen)] != seen or not (fuller or (one_paragraph and given == seen)):
        return None
    return plain_paragraphs(ld_body, line_breaks=True)


_MORE_WORDS = 30  # words the JSON-LD's text has beyond the page's for it to be taken instead


def _words_of(text: str) -> list[str]:
    """The words of a text, as written or as Markdown that shows it (its links' addresses,
    escapes and marks left out)."""
    return re.findall(r"\w+", re.sub(r"\]\([^)]*\)", "]", text).casefold())


# Main text shorter than trafilatura's minimum (250 characters) is given up for the page's
# text run together, menus, dates and notices with it.  Chinese and Japanese write a word in
# two characters: their short news items (a hundred characters) are below it; and so may be a
# short item scraped as Markdown, whose page digest made.
_SHORT_CONFIG = use_config()
_SHORT_CONFIG.set("DEFAULT", "MIN_EXTRACTED_SIZE", "100")
_TITLE = re.compile(r"<title[^>]*>([^<]*)", re.IGNORECASE)


def _written_in_cjk(html_text: str) -> bool:
    """Whether the page's ``<title>`` is in Chinese or Japanese (half its letters or more)."""
    title = _TITLE.search(html_text)
    letters = [char for char in title[1] if char.isalpha()] if title else []
    return bool(letters) and 2 * len(_CJK.findall("".join(letters))) >= len(letters)


_HIDDEN_STYLE = re.compile(
    r"(?:^|;)\s*(?:display\s*:\s*none|visibility\s*:\s*hidden)\s*(?:!\s*important\s*)?(?:;|$)", re.I
)
_UNSHOWN_TEXT = {"script", "style", "template", "noscript"}


def _without_hidden(html_text: str) -> str:
    """The page without the elements it never shows (``style="display:none"``, ``hidden``), as
    trafilatura's own extractor prunes them, though not always before a fallback one reads the
    page: a block of schema.org microdata kept out of sight (dates, image addresses, the
    publisher's name) is no part of the article.  A hidden element holding half the page's
    text or more is kept: an article a script reveals."""
    if "hidden" not in html_text and "none" not in html_text:
        return html_text
    try:
        root = lxml.html.fromstring(html_text)
    except (ValueError, etree.ParserError):
        return html_text
    hidden = [node for node in root.iter("*") if node.tag not in ("html", "body", "input") and _is_hidden(node)]
    if not hidden:
        return html_text
    whole = _shown_length(root)
    for node in hidden:
        if node.getparent() is not None and _shown_length(node) < whole / 2:
            node.drop_tree()
    return str(lxml.html.tostring(root, encoding="unicode"))


def _is_hidden(node: Any) -> bool:
    return node.get("hidden") is not None or _HIDDEN_STYLE.search(node.get("style") or "") is not None


def _shown_length(node: Any) -> int:
    """The length of the text inside ``node`` a reader could see (not that of scripts or styles)."""
    length = 0
    for inner in node.iter():
        if inner is not node:
            length += len(inner.tail or "")
        if isinstance(inner.tag, str) and inner.tag not in _UNSHOWN_TEXT:
            length += len(inner.text or "")
    return length


# The classes trafilatura's extractor looks for a body by (its BODY_XPATH), of which it takes the first.
_BODY_CLASS = re.compile(
    r"post[-_]text|post-body|post-?entry|post[-_]?content|postContent|post_inner_wrapper|article-?text|articleText|"
    r"(?:entry|page|text|article|art)-content|article__content|article(?:-|__)?body|articleBody|ArticleContent|"
    r"body-text|article__container"
)


def _with_body_joined(html_text: str) -> str:
    """An article's body written in several parts of one class (between them, advertisements
    or a rail of links) as one: each later part's content moved into the first, which
    trafilatura takes for the whole body.  Only parts within one ``<article>``, none inside
    another."""
    if html_text.count("body") < 4:
        return html_text
    try:
        root = lxml.html.fromstring(html_text)
    except (ValueError, etree.ParserError):
        return html_text
    groups: dict[tuple[str, Any], list[Any]] = {}
    for node in root.iter("div", "section"):
        names = node.get("class") or ""
        if _BODY_CLASS.search(names):
            article = next(node.iterancestors("article"), None)
            if article is not None:
                groups.setdefault((names, article), []).append(node)
    joined = False
    for parts in groups.values():
        if len(parts) < 2 or any(other in part.iterancestors() for part in parts for other in parts):
            continue
        first = parts[0]
        for part in parts[1:]:
            _append_text(first, part.text)
            first.extend(list(part))
            part.drop_tree()
        joined = True
    return str(lxml.html.tostring(root, encoding="unicode")) if joined else html_text


def _append_text(node: Any, text: str | None) -> None:
    """``text`` at the end of ``node``'s content."""
    if not text:
        return
    if len(node):
        node[-1].tail = (node[-1].tail or "") + text
    else:
        node.text = (node.text or "") + text


# A live blog's posts each open with the time of day, in a <time> of its own, which
# trafilatura leaves out: kept as a marker of its own (**05:48**), as text scrapes keep them.
_TIME_OF_DAY = re.compile(r"\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?", re.IGNORECASE)
_IN_TEXT = {"p", "span", "a", "strong", "b", "em", "i", "small", "li", "h1", "h2", "h3", "h4", "h5", "h6", "figcaption"}
_LIVE_POSTS = 3  # times of posts that make a page a live blog


def _with_post_times(html_text: str) -> str:
    """The page with the text of its ``<time>`` elements, which trafilatura drops ("Polls
    closed at <time>22:00</time> and…" lost its time), as plain text; a live blog's posts'
    times, in a ``<time>`` of their own, as markers (``<p><strong>05:48</strong></p>``)."""
    if "<time" not in html_text:
        return html_text
    try:
        root = lxml.html.fromstring(html_text)
    except (ValueError, etree.ParserError):
        return html_text
    posts = []
    for node in list(root.iter("time")):
        parent = node.getparent()
        if parent is None:
            continue
        if parent.tag in _IN_TEXT:
            node.drop_tag()  # its text stays where it was
        elif _TIME_OF_DAY.fullmatch(node.text_content().strip()):
            posts.append(node)
    if len(posts) >= _LIVE_POSTS:
        for node in posts:
            marker = lxml.html.fragment_fromstring("<p><strong></strong></p>")
            marker[0].text, marker.tail = node.text_content().strip(), node.tail
            node.getparent().replace(node, marker)
    return str(lxml.html.tostring(root, encoding="unicode"))


# Inline elements, which a paragraph of text parted by <br> may hold.
_INLINE = {"a", "abbr", "b", "br", "cite", "code", "em", "font", "i", "img", "mark", "q", "s", "small", "span", "strong",
           "sub", "sup", "time", "u"}  # fmt: skip
_DOUBLE_BREAK = re.compile(r"<br\s*/?>\s*<br", re.IGNORECASE)


def _with_paragraphs(html_text: str) -> str:
    """Text parted by blank lines of ``<br>`` (``…pagas.<br><br>La medida…``) in a block
    with no paragraphs of its own, as paragraphs: trafilatura takes such a block for text
    without structure and prefers another extraction of the page, which may stop halfway."""
    if len(_DOUBLE_BREAK.findall(html_text)) < 2:
        return html_text
    try:
        root = lxml.html.fromstring(html_text)
    except (ValueError, etree.ParserError):
        return html_text
    for block in list(root.iter("div", "td", "section", "article", "main", "body")):
        if block.find("p") is None and sum(_is_double_break(child) for child in block) >= 2:
            block[:] = _split_at_breaks(block)
            block.text = None
    return str(lxml.html.tostring(root, encoding="unicode"))


def _is_double_break(node: Any) -> bool:
    following = node.getnext()
    return node.tag == "br" and following is not None and following.tag == "br" and not (node.tail or "").strip()


def _split_at_breaks(block: Any) -> list[Any]:
    """The block's content as paragraphs, one for each run of text and inline elements
    between two ``<br>``; its other elements as they are, between them."""
    nodes: list[Any] = []
    lead: str = block.text or ""
    inline: list[Any] = []

    def close() -> None:
        if lead.strip() or inline:
            paragraph = etree.Element("p")
            paragraph.text = lead
            paragraph.extend(inline)
            nodes.append(paragraph)

    for child in list(block):
        if child.tag == "br" and not inline and not lead.strip():
            lead = child.tail or ""  # a break before any text: a blank line more
        elif child.tag == "br" and inline and _is_double_break(inline[-1]):
            inline.pop()  # the first of the two: the paragraph ends
            close()
            lead, inline = child.tail or "", []
        elif isinstance(child.tag, str) and child.tag not in _INLINE:
            close()
            tail, child.tail = child.tail or "", None
            nodes.append(child)
            lead, inline = tail, []
        else:
            inline.append(child)
    close()
    return nodes


def _quotes_set_aside(body: Any) -> dict[str, str]:
    """Each outermost ``<quote>`` of trafilatura's tree replaced by a paragraph holding a mark;
    returns the mark -> the quote as Markdown."""
    quotes: dict[str, str] = {}
    for number, quote in enumerate(list(body.iter("quote"))):
        if any(parent.tag == "quote" for parent in quote.iterancestors()):
            continue  # (within a quote already set aside)
        holder = etree.Element("body")
        holder.text = quote.text
        holder.extend(list(quote))
        text = xmltotxt(holder, True).strip()
        mark = f"digestquote{number}x{len(quotes)}"
        if text:
            quotes[mark] = "\n".join(f"> {line}" if line.strip() else ">" for line in text.split("\n"))
        stand_in = etree.Element("p")
        stand_in.text, stand_in.tail = (mark if text else ""), quote.tail
        quote.getparent().replace(quote, stand_in)
    return quotes


def _trail(meta: Any, page: PageMeta, outlet: str | None) -> list[str]:
    """Section, then topics: the breadcrumb, else the categories, else the label above the headline."""
    kicker = page.kicker if page.kicker and not _BARE_VALUE.search(page.kicker) else None  # not "Ideas 09:00 AM"
    label = kicker or page.title_section
    categories = _categories(meta.categories)
    if len(categories) >= 3 and all(name.casefold() in page.menu_links for name in categories):
        categories = []  # the site's menu, taken for the article's categories
    trail = list(page.crumbs) or categories or ([label] if label else [])
    named = [reader_case(name) for name in without_outlet(trail, outlet) if name.casefold() not in HOME]
    return _unique(named)  # (a "Home" anywhere in the trail is the front page, no topic)


def _article(
    meta: Any,
    page: PageMeta,
    title: str,
    body: str,
    outlet: str | None,
    trail: list[str],
    origin: str,
    url: str | None,
    listed: list[str],
) -> ImportedArticle:
    """The article of a page; ``listed``: the tags its text lists ("Tags: …")."""
    tags = _tags([*page.tags, *(meta.tags or []), *listed], outlet)
    return ImportedArticle(
        title=title,
        body=body,
        origin=origin,
        date=_published_date(meta.date, page.published, page.stamped),
        topics=tuple(trail[1 : _MAX_TOPICS + 1]),
        section=trail[0] if trail else None,
        author=_without_outlet_names(
            _without_roles(_without_labels(_clean(meta.author))), outlet, _clean(meta.sitename)
        )
        or page.author,
        source_name=outlet,
        source_url=page.canonical or meta.url or url,
        image_src=_image(meta, page, url),
        image_caption=page.caption,
        image_credit=page.credit,
        summary=page.standfirst or _clean(meta.description),
        tags=tuple(tag for tag in tags if tag.casefold() not in {name.casefold() for name in trail}),
        language=page.language,
    )


# A part of a byline that is the writer's job, not another writer ("Sam Okoro, Political
# Reporter", which trafilatura gives as two authors).
_ROLE = re.compile(
    r"\b(?:reporter|correspondent|editor|writer|columnist|contributor|journalist|producer|analyst"
    r"|photographer|staff|bureau|desk|chief)s?\b",
    re.IGNORECASE,
)


# Byline labels that are also the first word of names (Ursula von der Leyen, Door Kramer).
_NAME_PARTICLE_LABELS = {"von", "di", "door"}


def _without_labels(authors: str | None) -> str | None:
    """Each author without the byline's label, which trafilatura keeps in most languages but
    English ("Yazan Ayşe Yılmaz", "Por Juan Pérez", "بقلم أحمد علي"): the name ``parse_byline``
    reads after it, when that is a name of two words or more."""
    if not authors:
        return authors
    names = []
    for part in (part.strip() for part in authors.split(";")):
        name = parse_byline(part) if part.split(" ", 1)[0].casefold() not in _NAME_PARTICLE_LABELS else None
        names.append(name if name and count_words(name) >= 2 and part.endswith(name) else part)
    return "; ".join(name for name in names if name)


def _without_roles(authors: str | None) -> str | None:
    if not authors or ";" not in authors:
        return authors
    names = [name for name in (part.strip() for part in authors.split(";")) if name and not _ROLE.search(name)]
    return "; ".join(names) or None


def _without_outlet_names(authors: str | None, *outlets: str | None) -> str | None:
    """The authors without the outlet's name among them ("Le Monde; Mariama Darame" of an
    ``article:author`` naming the outlet beside the JSON-LD's reporter); the outlet alone stays."""
    if not authors or ";" not in authors:
        return authors
    names = [_squeezed(outlet) for outlet in outlets if outlet]
    kept = [
        part.strip()
        for part in authors.split(";")
        if part.strip() and not any(name.startswith(_squeezed(part)) for name in names if _squeezed(part))
    ]
    return "; ".join(kept) or authors


def _headline_alone(title: str, ld_headline: str | None) -> str:
    """The JSON-LD headline where the page's title is that headline with more after a
    separator ("… | India News - Times of India"): what it adds is section and outlet."""
    added = title[len(ld_headline) :] if ld_headline and title.startswith(ld_headline) else ""
    return ld_headline if ld_headline and added and re.match(rf"(?:{TITLE_PART})", added) else title


def _published_date(day: str | None, published: str | None, stamped: str | None = None) -> str | None:
    """The article's own date of publication when its markup gives one (its JSON-LD
    ``datePublished``, else ``article:published_time``), with its time of day; else the date
    found elsewhere on the page (which may be a date it was modified, or the page's own), with
    the time of another date tag of the page (``<meta name="date">``) that gives that day."""
    full = parse_user_date(published) if published else None
    timed = parse_user_date(stamped) if stamped else None
    if not full and day and timed and len(timed) > 10 and timed.startswith(f"{day}T"):
        return timed
    return full or day or None


def _with_dateline(day: str | None, dropped: tuple[tuple[str, str], ...], dateline: str | None) -> str | None:
    """A date without its time of day, given it by the line of the date under the headline
    when that line is of the same day (``Veröffentlicht am 3. Dezember 2026, 18:40 Uhr``, or
    ``Mehmet Yılmaz | 18.08.2024 - 14:25``; the time of publication, not of an update); no
    date, that line's (``dateline``: the page's, when the main text does not hold it)."""
    parts = [
        part
        for text, why in dropped
        if why in (DATE_LINE, BYLINE_AND_DATES)
        for part in ([_plain(text)] if why == DATE_LINE else _bar_parts(text))
    ]
    found = next((when for part in parts if not is_update_line(part) and (when := parse_date_line(part))), dateline)
    if not day:
        return found
    return found if len(day) == 10 and found and found.startswith(f"{day}T") else day


def _image(meta: Any, page: PageMeta, url: str | None) -> str | None:
    """The lead photo: the page's share image (``og:image``), else its JSON-LD image, else
    its first figure's; a relative address is read against the page's own (where it was
    fetched, else its canonical link, else its ``og:url``)."""
    base = url or page.canonical or meta.url
    shared = absolute_image(meta.image, base) if isinstance(meta.image, str) else None
    return shared or absolute_image(page.ld_image, base) or absolute_image(page.figure_image, base)


def _source_name(meta: Any, page: PageMeta, title: str) -> str | None:
    """The outlet's name: as the page's metadata gives it, else as its ``<title>`` does, else
    the address's host name (what trafilatura falls back to), else its copyright line's."""
    named = _clean(meta.sitename)
    if named and title.casefold() in named.casefold():  # a page's name taken for the site's
        named = re.sub(re.escape(title), "", named, flags=re.I).strip(" -–—|:·•") or None
    if named and _NOT_A_NAME.match(named):
        named = _clean(urlsplit(named).hostname) if "://" in named else None
        if named:
            named = named.removeprefix("www.")
    if named and named != _clean(meta.hostname) and not _HOST.match(named):  # a host name: trafilatura's, from og:url
        return named
    return page.site_name or named or _clean(meta.hostname) or page.rights_holder


# A site name that is an address or a copyright notice.
_NOT_A_NAME = re.compile(r"^(?:https?://|copyright\b|©|\(c\)\s)", re.IGNORECASE)


def _title(meta: Any) -> str | None:
    title = _clean(meta.title) if meta is not None else None
    site = _clean(meta.sitename) if meta is not None else None
    return _without_names(title, site) if title and site else title


_TITLE_PART = re.compile(TITLE_PART)


def _without_names(title: str, site: str | None, section: str | None = None) -> str:
    """The headline without the outlet's name or the section that its page adds before or
    after it ("LinkNaija: …", "Opinion | …", "… - 9to5Mac", "… | Inexhibit" of Inexhibit
    magazine, "… - Auto News"), whatever their case; a headline that would be left a word is kept whole."""
    kept = title
    if site:  # the name as written, which may hold a separator itself
        name = re.escape(site)
        # (a bar needs no spaces around it: "NEWS WEB EASY|…" of a headline in Japanese)
        kept = re.sub(rf"^{name}\s*(?:[|\-–—:]\s+|\|)|(?:\s+[|\-–—:]\s+|\s*\|){name}$", "", kept, flags=re.I)
    wanted = [_squeezed(name) for name in (site, section) if name]

    def names_at_end(part: str) -> bool:  # a name, or the start of one ("Inexhibit" of Inexhibit magazine)
        squeezed = _squeezed(part)
        return squeezed in wanted or (len(squeezed) >= 4 and any(name.startswith(squeezed) for name in wanted))

    parts = _TITLE_PART.split(kept)
    seps = [*_TITLE_PART.findall(kept), ""]
    start, end = 0, len(parts)
    while end - start > 1 and names_at_end(parts[end - 1]):
        end -= 1
    while end - start > 1 and _squeezed(parts[start]) in wanted:  # at the start, only a whole name
        start += 1
    kept = "".join(part + sep for part, sep in zip(parts[start:end], seps[start:end], strict=True)).rstrip(" |-–—")
    return kept if count_words(kept) >= 2 or len(kept) >= 8 else title  # CJK headlines have no spaces


_LINK = re.compile(
    r"(?<!!)\[(?P<text>(?:[^\[\]]|\[[^\[\]]*\])*)\]"
    r"\((?:\\?<(?P<angled>[^<>\n]*)>|(?P<target>(?:[^()\s]|\([^()\s]*\))*))\)"
)  # [text](target), also [text](<target with spaces>) and its escaped form


def absolute_links(markdown: str, base: str | None) -> str:
    """Links of the page's text as they work from anywhere: a relative one made absolute
    against the page's address (``/quotes/?symbol=BA``); one that cannot be (no address is
    known, a ``#`` within the page, another scheme, text where an address should be) is
    left as its text."""

    def absolute(match: re.Match[str]) -> str:
        angled = match["angled"]
        target = match["target"] if angled is None else angled
        link = link_from(target, base)
        if link is not None and link == target and angled is None:
            return match[0]  # absolute already, as written
        if link is None or (link != target and re.search(r"\s", unquote(target))):
            return match["text"]  # no address, or text where an address should be
        kept = safe_url(link)  # spaces percent-encoded, as a browser sends them
        return f"[{match['text']}]({kept})" if kept else match["text"]

    return _LINK.sub(absolute, markdown)


def clean_markdown(
    markdown: str, title: str, boilerplate: Boilerplate, labels: tuple[str, ...] = (), standfirst: str | None = None
) -> tuple[str, tuple[tuple[str, str], ...]]:
    """Trafilatura's Markdown less the repeated title, the section label or trail set above it
    (``labels``), a leading byline and site furniture; and what was left out, with why.

    Each line is judged on its own (a block may hold several): furniture by ``boilerplate``,
    as being above the headline for a line there (a banner over it); after the last paragraph of prose also a line that is only a date, time or address, and a
    short line repeated in the text (the same teaser or label twice).
    """
    blocks = [block.strip() for block in re.split(r"\n\s*\n", markdown) if block.strip()]
    dropped: list[tuple[str, str]] = []
    if blocks and _folded(blocks[0]) in {_folded(label) for label in labels}:
        dropped.append((blocks.pop(0), "the section label or trail above the headline"))
    at = next((index for index, block in enumerate(blocks[:_HEAD_BLOCKS]) if _is_headline(block, title)), 0)
    above = [line for block in blocks[:at] for line in block.split("\n")]  # a banner over the headline
    verdicts = [(line, _line_verdict(line, Counter(), boilerplate, "head")) for line in above]
    head = [line for line, why in verdicts if why is None]
    dropped.extend((line, why) for line, why in verdicts if why)
    del blocks[:at]
    if blocks and _is_headline(blocks[0], title):
        dropped.append((blocks.pop(0), "repeats the headline"))
    lead = 0  # where the text after the headline's furniture begins: after a standfirst
    if blocks and standfirst and " ".join(_plain(blocks[0]).split()) == standfirst:
        blocks[0], lead = re.sub(r"^#+\s*", "", blocks[0]), 1  # a paragraph, no heading: the body keeps its lead
    if len(blocks) > lead and parse_byline(_plain(blocks[lead])):
        dropped.append((blocks.pop(lead), "the byline (the author field)"))
    if len(blocks) > lead and _is_byline_and_dates(blocks[lead]):
        dropped.append((blocks.pop(lead), BYLINE_AND_DATES))
    if len(blocks) > lead and _is_byline_list(blocks[lead]):
        dropped.append((blocks.pop(lead), "the byline, a list of the author and their role (the author field)"))
    if len(blocks) > lead and parse_date_line(_plain(blocks[lead])):
        dropped.append((blocks.pop(lead), DATE_LINE))
    dropped.extend(_teasers_at_end(blocks))
    lines = [(index, line) for index, block in enumerate(blocks) for line in block.split("\n")]
    counts = Counter(_plain(line).casefold() for _, line in lines)
    texts = [_plain(line) for _, line in lines]
    # (a list of tags, however long, is no prose: the text ends before it)
    last_prose = boilerplate.last_prose(
        ["" if _is_tag_list(texts, number) else text for number, text in enumerate(texts)]
    )
    kept: dict[int, list[str]] = {}
    seen: set[str] = set()
    label = ""  # a label of tags alone on the line before ("Tags"), left out with them
    for number, (index, line) in enumerate(lines):
        plain = texts[number]
        tags_line, label = (f"{label}: {plain}" if label else plain), ""
        if number > last_prose and _labels_tags(texts, number):
            why: str | None = TAG_LIST
            label = plain.rstrip(":： ")
        else:
            why = (
                (TAG_LIST if number > last_prose and parse_tags(tags_line) else None)
                or _copy_verdict(plain, title, seen, texts)
                or _line_verdict(line, counts, boilerplate, "tail" if number > last_prose else "body")
                or ("a press release's end mark" if _END_MARK.fullmatch(line.strip()) else None)
                or ("an empty list item" if _EMPTY_ITEM.fullmatch(line) else None)
            )
        seen.add(plain.casefold())
        if why is None:
            kept.setdefault(index, []).append(line)
        else:
            dropped.append((tags_line if tags_line != plain else line, why))
    body = "\n\n".join([*head, *("\n".join(kept[index]) for index in sorted(kept))])
    return escape_raw_html(body), tuple(dropped)


_HEAD_BLOCKS = 4  # blocks above the headline, at most, read as the page's banners and labels
_EMPTY_ITEM = re.compile(r"\s*(?:[-*+]|\d+[.)])\s*")
_WHOLE_LINK = re.compile(r"(?:[-*+]\s+)?\[[^\]\n]+\]\([^)\s]+\)")  # (a list item's, too)
_TEASERS = 2  # teasers at the end, at least, that make a box of links to other stories


def _teasers_at_end(blocks: list[str]) -> list[tuple[str, str]]:
    """Remove from the end of ``blocks`` a box of teasers of other stories (each a line that
    is a link to one, and under it that story's standfirst set as a heading; the box's empty
    list items between them); returns its blocks as dropped."""
    lines = [(index, line.strip()) for index, block in enumerate(blocks) for line in block.split("\n") if line.strip()]
    start, teasers = len(lines), 0
    while start:
        if _EMPTY_ITEM.fullmatch(lines[start - 1][1]):
            start -= 1
        elif start >= 2 and lines[start - 1][1].startswith("#") and _WHOLE_LINK.fullmatch(lines[start - 2][1]):
            start, teasers = start - 2, teasers + 1
        else:
            break
    # (a box begins a block of its own: a block's text above it is the article's)
    if teasers < _TEASERS or (start and lines[start - 1][0] == lines[start][0]):
        return []
    first = lines[start][0]
    box = blocks[first:]
    del blocks[first:]
    return [(block, "a box of teasers of other stories after the text") for block in box]


def _is_tag_list(texts: list[str], number: int) -> bool:
    """Whether line ``number`` lists tags, with their label or under it, or is their label."""
    return (
        bool(parse_tags(texts[number]))
        or _labels_tags(texts, number)
        or (number > 0 and _labels_tags(texts, number - 1))
    )


def _labels_tags(texts: list[str], number: int) -> bool:
    """Whether line ``number`` is a label of tags ("Tags", "Etiketler:") alone, the tags on the next line."""
    following = texts[number + 1] if number + 1 < len(texts) else ""
    return is_tags_label(texts[number]) and parse_tags(f"{texts[number].rstrip(':： ')}: {following}") is not None


def _is_headline(block: str, title: str) -> bool:
    return re.sub(r"^#+\s*", "", block).strip() == title.strip()


# How press releases and wire copy mark their end: ###, # # #, -30-, -ENDS-.
_END_MARK = re.compile(r"(?:\\?#\s*){3}|-\s*30\s*-|[-–—]*\s*ends?\s*[-–—]*", re.IGNORECASE)


DATE_LINE = "the line of the date under the headline (the date field)"
BYLINE_AND_DATES = "the byline and dates (the author and date fields)"
TAG_LIST = "the list of the article's tags (the tags field)"


def _is_byline_and_dates(block: str) -> bool:
    """``Mehmet Yılmaz | 18.08.2024 - 14:25 | Güncelleme: 18.08.2024 - 16:40``: a line of parts
    set apart by bars, each a date (of publication or update) or a name, one at least a date."""
    parts = _bar_parts(block)
    if len(parts) < 2 or "\n" in block:
        return False
    dated = [part for part in parts if parse_date_line(part)]
    names = [part for part in parts if parse_byline(part, bare=True) or _NAME_PART.fullmatch(part)]
    return bool(dated) and len(dated) + len(names) == len(parts)


def _bar_parts(block: str) -> list[str]:
    return re.split(r"\s+[|·•]\s+", _plain(block))


def _is_byline_list(block: str) -> bool:
    """The BBC's byline as a list (``- Yazan, Selin Girit`` / ``- Unvan, BBC Türkçe``): a short
    list whose first item is a byline, every item a few words."""
    items = [parse_bullet(line.strip()) for line in block.split("\n")]
    return (
        len(items) <= 4
        and all(item is not None and count_words(_plain(item)) <= 8 for item in items)
        and parse_byline(_plain(items[0] or "")) is not None
    )


# A name in a byline's part: two to four capitalised words ("Mehmet Yılmaz").
_NAME_PART = re.compile(r"(?:[A-ZÀ-ÖØ-ÞĀ-Ž][\w'’.-]+\s){1,3}[A-ZÀ-ÖØ-ÞĀ-Ž][\w'’.-]+")


def _copy_verdict(plain: str, title: str, seen: set[str], texts: list[str]) -> str | None:
    """A line that repeats the headline, a paragraph already given, or shortens another line."""
    if plain.casefold() == title.strip().casefold():
        return "repeats the headline"
    if count_words(plain) > _REPEAT_WORDS and _SENTENCE.search(plain) and plain.casefold() in seen:
        return "a copy of a paragraph above"
    if plain.endswith(("...", "…")) and count_words(plain) >= 4:
        start = plain.rstrip(".… ")
        if any(other != plain and other.startswith(start) for other in texts):
            return "a shortened copy of another paragraph (a teaser)"
    return None


def _line_verdict(line: str, counts: Counter[str], boilerplate: Boilerplate, position: str) -> str | None:
    plain = _plain(line)
    if not plain or line.lstrip().startswith("|"):
        return None  # a table row is judged with its table
    if position == "tail" and _BARE_VALUE.fullmatch(plain):
        return "after the article's last paragraph, only a date, a time or an address"
    words = count_words(plain)
    if position == "tail" and counts[plain.casefold()] > 1 and words <= _REPEAT_WORDS and not is_prose(plain):
        return f"after the article's last paragraph, repeated {counts[plain.casefold()]} times: a label or teaser"
    return boilerplate.reason(plain, position)


def _only_links(body: str, link_texts: frozenset[str]) -> bool:
    """Whether every line of the text is the text of one of the page's links: the headlines
    a section's front page lists, each linking to its article."""
    lines = [" ".join(_plain(line).split()).casefold() for line in body.splitlines()]
    lines = [line.lstrip("-+*0123456789.) ").strip() for line in lines if line]
    return len(lines) >= 2 and all(line in link_texts for line in lines)


def _folded(text: str) -> str:
    """Text as a line's words, whatever its Markdown, spacing and case: to tell one line from another."""
    return " ".join(_plain(text).split()).casefold()


def _plain(block: str) -> str:
    return re.sub(r"\]\([^)]*\)|[*_#>\[\]]", "", block).strip()


def _names(values: Any) -> list[str]:
    """Short names from a metadata list, a value that lists several ("Lungs, Science") split."""
    names = [_clean(part) for value in values or [] if isinstance(value, str) for part in value.split(",")]
    return _unique([name for name in names if name and count_words(name) <= 5])


_TAXONOMY_ID = re.compile(r"^[a-z]{3,}(?:[-_][a-z]{2,})+$")  # "general-news", "law-and-order"
_HOST = re.compile(r"^(?:www\.)?[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}$", re.IGNORECASE)
_PAGE_KINDS = {"all", "article", "articles", "post", "posts", "story", "stories", "page", "pages", "content",
               "default", "general", "uncategorized", "uncategorised", "sin categoría", "non classé"}  # fmt: skip
_REPEATED = re.compile(r"^(?P<name>.+?)(?:\s+[-–|]\s+(?P=name))+$", re.IGNORECASE)  # "News - News"


def _categories(values: Any) -> list[str]:
    """The page's categories that name a section: not a taxonomy's ids (``general-news``,
    what some outlets list for their newsletter tools), a host name, the front page or a
    word for what any page is ("articles", "post")."""
    listed = [value for value in values or [] if isinstance(value, str)]
    names = _names(value for value in listed if not any(_TAXONOMY_ID.match(part.strip()) for part in value.split(",")))
    kept = [_REPEATED.sub(r"\g<name>", name) for name in names]
    return [name for name in kept if not _HOST.match(name) and name.casefold() not in HOME | _PAGE_KINDS]


def _tags(values: Any, outlet: str | None) -> list[str]:
    """The page's keywords, without the outlet's name, the front page and a CMS's own notes
    (``@post-id:1913719``, ``section: Article``)."""
    outlet_name = _squeezed(outlet.removeprefix("www.").split(".")[0] if outlet and _HOST.match(outlet) else outlet)
    return [
        name
        for name in _names(values)
        if ":" not in name
        and name[0] != "@"
        and name.casefold() not in HOME | _PAGE_KINDS
        and _squeezed(name) != outlet_name
    ]


def _squeezed(name: str | None) -> str:
    """A name without case, spaces or punctuation: "Harbour News" is ``harbournews``."""
    return "".join(char for char in (name or "").casefold() if char.isalnum())


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
