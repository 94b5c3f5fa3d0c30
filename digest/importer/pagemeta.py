"""What a web page says about its article beyond the main text: breadcrumb, caption and credit,
author, tags and canonical address.

Read from the page's markup in this order of trust: JSON-LD (``BreadcrumbList``,
``NewsArticle``), microdata (``itemtype=.../BreadcrumbList``), then the HTML itself (a ``nav``
or list whose class, id or ``aria-label`` says breadcrumb, else a trail written as text just
above the headline, ``News › World``; the first ``figure`` of the article
with its ``figcaption``, or a classic WordPress ``wp-caption``; ``link rel=canonical``;
``article:tag`` and ``og:image:alt``; a "By Jane Doe" byline under the headline, or a blog's
"May 2, 2026 by Jane Doe"; the line of the date under the headline).
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin, urlsplit

import lxml.html

from digest.importer.boilerplate import rights_holder
from digest.importer.convert import BLOCKS
from digest.importer.dates import parse_user_date
from digest.importer.language import normalize
from digest.importer.lines import (
    HOME,
    is_update_line,
    parse_breadcrumb,
    parse_byline,
    parse_caption,
    parse_date_line,
    parse_image_caption,
    parse_image_source,
    without_caption_tail,
)
from digest.model import CJK_RANGES, count_words

_CREDIT_CLASS = re.compile(r"credit|copyright|source|author|photographer|attribution", re.I)
_BREADCRUMB = re.compile(r"bread-?crumb", re.I)


@dataclass(frozen=True)
class PageMeta:
    crumbs: tuple[str, ...] = ()  # the breadcrumb, without Home and without the article itself
    caption: str | None = None
    credit: str | None = None
    author: str | None = None
    tags: tuple[str, ...] = ()
    canonical: str | None = None
    site_name: str | None = None  # as the page's <title> gives it beside the headline
    title_section: str | None = None  # and the section, when the <title> names one between them
    kicker: str | None = None  # the section label just above the headline ("Economy")
    figure_image: str | None = None  # the address of the first figure's image, as the page gives it
    ld_image: str | None = None  # the article's image as its JSON-LD gives it
    menu_links: frozenset[str] = frozenset()  # link texts (casefolded) found in the site's menus only
    link_texts: frozenset[str] = frozenset()  # the text of every link of the page (casefolded)
    published: str | None = None  # when it was published, with the time: JSON-LD, else article:published_time
    stamped: str | None = None  # the time the page's other date tags give (<meta name="date">, itemprop)
    headline: str | None = None  # the title given, or the <title>'s headline when the title is the site's logo
    language: str | None = None  # as the page declares it: JSON-LD inLanguage, <html lang>, og:locale
    standfirst: str | None = None  # the sentence or two under the headline (<h2 class="spot">)
    ld_headline: str | None = None  # the article's headline as its JSON-LD gives it
    ld_body: str | None = None  # the article's text as its JSON-LD gives it (articleBody), its line breaks kept
    dateline: str | None = None  # the date (ISO) of the line under the headline that says when it was published
    trail_text: str | None = None  # the trail as written above the headline ("Gündem / Türkiye"), when read from there
    rights_holder: str | None = None  # the name the page's copyright line gives ("© 2024 Harbor Gazette")


def read_page_meta(html_text: str, title: str | None = None) -> PageMeta:
    """The page's metadata; empty fields where the page says nothing (never raises on bad HTML)."""
    try:
        root = lxml.html.fromstring(html_text)
    except (ValueError, lxml.etree.ParserError):
        return PageMeta()
    objects = list(_json_ld(root))
    written = _crumbs_above(root)
    caption, credit, figure_image = _figure(root, shared_image=_meta(root, "og:image") is not None)
    document_title = _text(root.findtext(".//title") or "")
    if title is not None and not (_meta(root, "og:title") or _meta(root, "twitter:title")):
        title = _headline_in_title(title, document_title, _logos(root)) or title
    site_name, title_section = _site_in_title(document_title, title)
    ld_image, ld_caption = _json_ld_image(objects)
    if not caption and (described := _meta(root, "og:image:alt") or ld_caption):
        # The share image's description, its credit at the end as a figure's caption has it.
        found = parse_caption(described)
        caption, credit = (found.text, credit or found.credit) if found is not None else (described, credit)
    return PageMeta(
        crumbs=_without_title(
            _json_ld_crumbs(objects) or _microdata_crumbs(root) or _nav_crumbs(root) or written[0], title
        ),
        trail_text=written[1],
        caption=caption,
        credit=credit,
        author=_json_ld_author(objects) or _byline_author(root),
        tags=tuple(dict.fromkeys(_tags(root, objects))),
        canonical=_canonical(root) or _article_address(objects),
        site_name=site_name,
        title_section=title_section,
        kicker=_kicker(root),
        figure_image=figure_image,
        ld_image=ld_image,
        menu_links=_menu_links(root),
        link_texts=frozenset(text.casefold() for link in root.iter("a") if (text := _text(link.text_content()))),
        published=_published(objects) or _meta(root, "article:published_time"),
        stamped=next((value for name in _DATE_TAGS if (value := _meta(root, name))), None) or _itemprop_date(root),
        headline=title,
        language=_language(root, objects),
        standfirst=_standfirst(root),
        ld_headline=_json_ld_headline(objects),
        ld_body=_json_ld_body(objects),
        dateline=_dateline(root),
        rights_holder=_rights_holder(root),
    )


def _headline_in_title(title: str, document_title: str | None, logos: list[str]) -> str | None:
    """The headline in the page's ``<title>`` ("Headline - Outlet": its longest part) when
    the title found is the site's logo in the page's ``<h1>``: it shares no word with the
    ``<title>``, or it is the logo's text (a heading linking to the front page) and the
    ``<title>`` has a longer part beside it (the outlet's name)."""
    if not document_title:
        return None
    parts = re.split(TITLE_PART, document_title)
    if any(_same_words(title, logo) for logo in logos) and any(_same_words(title, part) for part in parts):
        parts = [part for part in parts if not _same_words(title, part)]
    elif set(title.casefold().split()) & set(document_title.casefold().split()):
        return None
    headline = max(parts, key=len, default="")  # a headline may hold a colon
    return headline if len(headline) >= 12 else None


def _logos(root: Any) -> list[str]:
    """The texts of the ``h1`` headings that are the site's logo: a link to its front page."""
    return [text for heading in root.iter("h1") if (text := _text(heading.text_content())) and _is_logo(heading)]


def _is_logo(heading: Any) -> bool:
    links = [*heading.iter("a"), *(a for a in heading.iterancestors("a"))]
    return bool(links) and all(_front_page(link.get("href")) for link in links)


def _headline_element(root: Any) -> Any:
    """The headline's element: the first ``h1`` that is not the site's logo, else the first
    heading whose class says it is the headline (``<h2 class="entry-title">`` under a logo)."""
    found = next((heading for heading in root.iter("h1") if not _is_logo(heading)), None)
    if found is not None:
        return found
    return next((h for h in root.iter("h2", "h3") if _HEADLINE_CLASS.search(h.get("class") or "")), None)


_HEADLINE_CLASS = re.compile(r"(?:post|entry|article|story)[-_]?title|headline", re.I)


_MENU = re.compile(r"(?:^|[\s_-])(?:nav|navbar|navigation|menu|megamenu|submenu)(?:$|[\s_-])", re.I)


def _menu_links(root: Any) -> frozenset[str]:
    """The texts of the links that the page has in its menus and nowhere else: what a menu
    lists is no category of this article (a category is also linked from the article)."""
    in_menu: dict[str, bool] = {}
    for link in root.iter("a"):
        text = _text(link.text_content())
        if text and count_words(text) <= 5:
            key = text.casefold()
            in_menu[key] = in_menu.get(key, True) and _in_menu(link)
    return frozenset(text for text, only_there in in_menu.items() if only_there)


def _in_menu(element: Any) -> bool:
    for ancestor in element.iterancestors():
        if ancestor.tag == "nav" or ancestor.get("role") == "navigation":
            return True
        if _MENU.search(f"{ancestor.get('class') or ''} {ancestor.get('id') or ''}"):
            return True
    return False


_KICKER_CLASS = re.compile(
    r"(?:^|[\s_-])(?:category|section|kicker|rubric|eyebrow|overline|kategori|kategorie|categoria|categorie|rubrique|rubrik)(?:$|[\s_-])",
    re.I,
)


def _standfirst(root: Any) -> str | None:
    """The standfirst: the first heading or paragraph after the headline whose class names it
    (standfirst, spot, subtitle, dek, …), of a sentence or two."""
    headline = _headline_element(root)
    if headline is None:
        return None
    for element in headline.itersiblings():
        if not isinstance(element.tag, str) or element.tag not in _STANDFIRST_TAGS:
            continue
        if element.xpath(".//figure|.//img|.//figcaption"):
            continue  # the lead photo's block ("Page-lead"), whose text is its caption
        text = block_text(element)
        if _is_standfirst(element) and 5 <= count_words(text) <= 80:
            return text
        if element.tag == "p" and count_words(text) >= _BODY_WORDS:
            return None  # the text has begun
    return None


_STANDFIRST_TAGS = {"h2", "h3", "p", "div"}


def _kicker(root: Any) -> str | None:
    """The section label set just above the headline, in the headline's own block: an element
    whose class says category, section or kicker, of one to three words ("Economy")."""
    headline = _headline_element(root)
    block = headline.getparent() if headline is not None else None
    if block is None:
        return None
    for element in block.iter():
        if element is headline:
            return None
        label = " ".join(element.text_content().split()) if isinstance(element.tag, str) else ""
        if _KICKER_CLASS.search(element.get("class") or "") and label and count_words(label) <= 3:
            return label
    return None


# Between a <title>'s headline, section and outlet: spaced, or between Chinese or Japanese
# text, which has none ("武汉的声音……！-新华网").
_CJK_SIDE = f"{CJK_RANGES}\u3000-\u303f\uff01-\uffef"  # with their punctuation and full-width forms
TITLE_PART = rf"\s+(?:[|\-–—·•»]|::)\s+|(?<=[{_CJK_SIDE}])\s*[|\-_–—·•»｜]\s*(?=[{_CJK_SIDE}])"
_TITLE_SEPARATOR = re.compile(rf"{TITLE_PART}|\s*:\s+")  # also "Outlet: Headline"


def _site_in_title(text: str | None, headline: str | None) -> tuple[str | None, str | None]:
    """The outlet's name, and the section when there is one, in a ``<title>`` of the headline
    and the name: "Headline | The Daily Courier", "Headline - Business - The Daily Courier" (or
    the other way round: "The Daily Courier | Business | Headline"); (None, None) for others."""
    if not text or not headline:
        return None, None
    text, headline = " ".join(text.split()), " ".join(headline.split())
    # (matched in the whole title: a separator between Chinese or Japanese text looks at both sides)
    if text.casefold().startswith(headline.casefold()):
        outlet_last = True
        found = re.compile(rf"(?:{_TITLE_SEPARATOR.pattern})(.+)$").match(text, len(headline))
    elif text.casefold().endswith(headline.casefold()):
        outlet_last = False
        after = re.escape(text[len(text) - len(headline) :])
        found = re.match(rf"(.+?)(?:{_TITLE_SEPARATOR.pattern})(?={after}$)", text)
    else:
        return None, None
    parts = [part.strip() for part in _TITLE_SEPARATOR.split(found[1])] if found else []
    if not 1 <= len(parts) <= 2 or not all(1 <= count_words(part) <= 6 and len(part) <= 60 for part in parts):
        return None, None
    if len(parts) == 1:
        return parts[0], None
    section, name = parts if outlet_last else parts[::-1]
    if parse_byline(section):  # Substack's "Headline - by Jane Doe - Newsletter": no section
        return name, None
    return name, section


# -- the byline ---------------------------------------------------------------------------------

_BYLINE_REACH = 40  # elements after the headline where a byline may be
_BODY_WORDS = 20  # a paragraph this long is the article's text: no byline after it


def _byline_author(root: Any) -> str | None:
    """The author a byline under the headline names ("By Jane Doe | 21 March 2024 | 4 min
    read"): the first short element after the headline, before the text begins, that reads
    as one.  A name the line writes in lower case ("By the way, ...") or of one word ("By
    Topic") is no name."""
    for _element, line in _lines_under_headline(root):
        name = parse_byline(line) or _byline_after_date(line)
        start = line.casefold().find(name.casefold()) if name else -1
        if name and start >= 0 and not line[start].islower() and count_words(name) >= 2:
            return name
    return None


def _dateline(root: Any) -> str | None:
    """When the line of the date under the headline says the article was published
    ("27.06.2019 14:35", "Yayınlanma: 27.06.2019 14:35 | Güncelleme: …", "By Jane Doe |
    3 June 2024, 10:15"): the first short element after the headline, before the text begins,
    with a part that reads as a date of publication (not of an update)."""
    for element, line in _lines_under_headline(root):
        for part in [line, *re.split(r"\s+[|·•]\s+", line)]:
            if not is_update_line(part) and (found := parse_date_line(part)):
                return _machine_time(element, found) or found
    return None


def _lines_under_headline(root: Any) -> Iterator[tuple[Any, str]]:
    """Each short element after the headline with its text on one line ("By Jane Doe | 3 June
    2024": a name ends with its block), within ``_BYLINE_REACH`` elements and before the
    first paragraph of the text."""
    headline = _headline_element(root)
    after = False
    looked = 0
    for element in root.iter() if headline is not None else ():
        if element is headline:
            after = True
            continue
        if not after or not isinstance(element.tag, str) or element.tag in ("script", "style", "noscript"):
            continue
        looked += 1
        line = block_text(element, " | ")
        if looked > _BYLINE_REACH or (element.tag == "p" and count_words(line) >= _BODY_WORDS):
            return
        if line and len(line) <= 150:
            yield element, line


def _machine_time(element: Any, shown: str) -> str | None:
    """The moment a ``<time datetime="…">`` of the line gives for the moment it shows, with
    the time zone the shown time leaves out (``28.11.2026, 14:05 Uhr`` is 14:05+01:00)."""
    for node in element.xpath("descendant-or-self::time[@datetime]"):
        given = parse_user_date(node.get("datetime") or "") or ""
        # (a date shown alone takes the time given)
        if len(given) > 10 and given[:10] == shown[:10] and (len(shown) == 10 or given[11:16] == shown[11:16]):
            return given
    return None


def _byline_after_date(line: str) -> str | None:
    """The author of a blog's "Posted on May 2, 2026 by Jane Doe": the byline after the date."""
    found = re.match(r"^(?P<date>.+?)\s+(?P<byline>by\s.+)$", line, re.IGNORECASE)
    return parse_byline(found["byline"]) if found and parse_date_line(found["date"]) else None


# -- JSON-LD ----------------------------------------------------------------------------------


def _json_ld(root: Any) -> Iterator[dict[str, Any]]:
    for script in root.xpath('//script[@type="application/ld+json"]'):
        try:
            data = json.loads(script.text or "")
        except (ValueError, RecursionError):
            continue
        yield from _objects(data, 0)


def _objects(data: Any, depth: int) -> Iterator[dict[str, Any]]:
    if depth > 6:
        return
    if isinstance(data, list):
        for item in data:
            yield from _objects(item, depth + 1)
    elif isinstance(data, dict):
        yield data
        if "@graph" in data:
            yield from _objects(data["@graph"], depth + 1)


def _types(item: dict[str, Any]) -> set[str]:
    kind = item.get("@type")
    return {str(value) for value in (kind if isinstance(kind, list) else [kind]) if value}


def _json_ld_crumbs(objects: list[dict[str, Any]]) -> tuple[str, ...]:
    for item in objects:
        if "BreadcrumbList" not in _types(item):
            continue
        elements = item.get("itemListElement")
        if not isinstance(elements, list):
            continue
        ordered = sorted(
            (element for element in elements if isinstance(element, dict)), key=lambda element: _position(element)
        )
        return _crumbs((_crumb_name(element), _crumb_link(element)) for element in ordered)
    return ()


def _position(element: dict[str, Any]) -> float:
    try:
        return float(element.get("position", 0))
    except (TypeError, ValueError):
        return 0.0


def _crumb_name(element: dict[str, Any]) -> str | None:
    name = element.get("name")
    inner = element.get("item")
    if not name and isinstance(inner, dict):
        name = inner.get("name")
    return _text(name) if isinstance(name, str) else None


def _crumb_link(element: dict[str, Any]) -> str | None:
    inner = element.get("item")
    link = inner.get("@id") or inner.get("url") if isinstance(inner, dict) else inner
    return link if isinstance(link, str) else None


def _by_id(value: Any, objects: list[dict[str, Any]]) -> Any:
    """A JSON-LD reference (``{"@id": …}``, as Yoast's ``@graph`` links its objects) as the
    object it names; anything else as it is."""
    if isinstance(value, dict) and set(value) == {"@id"}:
        return next((item for item in objects if item.get("@id") == value["@id"] and len(item) > 1), value)
    return value


def _json_ld_author(objects: list[dict[str, Any]]) -> str | None:
    for item in objects:
        if not _is_article(item):
            continue
        authors = item.get("author")
        listed = authors if isinstance(authors, list) else [authors]
        names = [_author_name(_by_id(author, objects)) for author in listed]
        found = [name for name in names if name]
        if found:
            return " and ".join(found[:3]) if len(found) <= 3 else ", ".join(found[:3]) + " and others"
    return None


def _json_ld_image(objects: list[dict[str, Any]]) -> tuple[str | None, str | None]:
    """The article's image as its JSON-LD gives it (a URL, an ``ImageObject``, or a list of
    them: the first), with the object's caption."""
    for item in objects:
        if not _is_article(item):
            continue
        image = item.get("image")
        image = _by_id(image[0] if isinstance(image, list) and image else image, objects)
        if isinstance(image, str):
            return _text(image), None
        url = image.get("url") or image.get("contentUrl") if isinstance(image, dict) else None
        if isinstance(image, dict) and isinstance(url, str):
            caption = image.get("caption") or image.get("description")
            return _text(url), _text(caption) if isinstance(caption, str) else None
    return None, None


def _article_address(objects: list[dict[str, Any]]) -> str | None:
    """The article's own address as its JSON-LD gives it (``mainEntityOfPage``, else ``url``):
    the canonical URL of a page without a canonical link."""
    for item in objects:
        if not _is_article(item):
            continue
        entity = item.get("mainEntityOfPage")
        for value in (entity.get("@id") if isinstance(entity, dict) else entity, item.get("url")):
            if isinstance(value, str) and value.strip().lower().startswith(("http://", "https://")):
                return value.strip()
    return None


def _published(objects: list[dict[str, Any]]) -> str | None:
    for item in objects:
        if _is_article(item) and isinstance(value := item.get("datePublished"), str):
            return _text(value)
    return None


def _json_ld_headline(objects: list[dict[str, Any]]) -> str | None:
    for item in objects:
        if _is_article(item) and isinstance(value := item.get("headline"), str):
            return _text(value)
    return None


def _rights_holder(root: Any) -> str | None:
    """The name of the page's last copyright line (its footer's)."""
    lines = root.xpath(
        "//*[contains(text(), '©') or contains(translate(text(), 'COPYRIGHT', 'copyright'), 'copyright')]"
    )
    for element in reversed(lines):
        text = _text(element.text_content()) or ""
        if len(text) <= 200 and (name := rights_holder(text)):
            return name
    return None


def _json_ld_body(objects: list[dict[str, Any]]) -> str | None:
    for item in objects:
        if _is_article(item) and isinstance(value := item.get("articleBody"), str) and value.strip():
            return value
    return None


def _language(root: Any, objects: list[dict[str, Any]]) -> str | None:
    """The language the page says its article is in (the article's own word first)."""
    declared = [_language_code(item.get("inLanguage")) for item in objects if _is_article(item)]
    declared += [root.get("lang"), root.get("{http://www.w3.org/XML/1998/namespace}lang")]
    declared += [_meta(root, "og:locale"), *root.xpath('//meta[@http-equiv="content-language"]/@content')]
    return next((language for value in declared if (language := normalize(value))), None)


def _language_code(value: Any) -> Any:
    """``inLanguage``: a code, or a Language object with its code as ``alternateName``."""
    return value.get("alternateName") if isinstance(value, dict) else value


def _is_article(item: dict[str, Any]) -> bool:
    """A JSON-LD object that is the article (``NewsArticle``, ``BlogPosting``, ``Report`` …)."""
    return any(kind.endswith(("Article", "BlogPosting", "Report")) for kind in _types(item))


def _author_name(author: Any) -> str | None:
    if isinstance(author, str):
        return _text(author)
    if isinstance(author, dict) and not any(kind.endswith("Organization") for kind in _types(author)):
        name = author.get("name")
        return _text(name) if isinstance(name, str) else None
    return None


# -- microdata and HTML -----------------------------------------------------------------------


def _microdata_crumbs(root: Any) -> tuple[str, ...]:
    for trail in root.xpath('//*[contains(@itemtype, "BreadcrumbList")]'):
        items = trail.xpath('.//*[@itemprop="itemListElement"]') or trail.xpath('.//*[@itemprop="name"]')
        found = _crumbs((_microdata_name(item), _microdata_link(item)) for item in items)
        if found:
            return found
    return ()


def _nav_crumbs(root: Any) -> tuple[str, ...]:
    candidates = root.xpath(
        "//*[self::nav or self::ol or self::ul or self::div or self::p]"
        "[contains(translate(@class, 'BREADCRUMB', 'breadcrumb'), 'breadcrumb')"
        " or contains(translate(@id, 'BREADCRUMB', 'breadcrumb'), 'breadcrumb')"
        " or contains(translate(@aria-label, 'BREADCRUMB', 'breadcrumb'), 'breadcrumb')]"
    )
    for trail in candidates:
        links = trail.xpath(".//a") or trail.xpath(".//li")
        found = _crumbs((_text(link.text_content()), link.get("href")) for link in links)
        if found:
            return found
    return ()


def _crumbs_above(root: Any) -> tuple[tuple[str, ...], str | None]:
    """A trail written as text just above the headline, as a scrape's first line has it
    ("Gündem / Türkiye", "News › World"): one of the few elements before it in its block, no
    menu's; with the text it is written as."""
    headline = _headline_element(root)
    looked_at = 0
    for element in headline.itersiblings(preceding=True) if headline is not None else ():
        if not isinstance(element.tag, str) or element.tag in ("script", "style"):
            continue
        text = _text(element.text_content())
        if not text:
            continue
        looked_at += 1
        crumbs = parse_breadcrumb(text) if not _in_menu(element) and len(text) <= 120 else None
        if crumbs is not None and not _MENU.search(f"{element.get('class') or ''} {element.get('id') or ''}"):
            return _crumbs((name, None) for name in crumbs), text
        if looked_at == _CRUMB_REACH:
            break
    return (), None


_CRUMB_REACH = 2  # elements with text just before the headline where a written trail may be


def _microdata_name(item: Any) -> str | None:
    named = item if item.get("itemprop") == "name" else next(iter(item.xpath('.//*[@itemprop="name"]')), None)
    return _text(named.text_content()) if named is not None else None


def _microdata_link(item: Any) -> str | None:
    for node in item.xpath('descendant-or-self::*[@itemprop="item" or self::a]'):
        if link := node.get("href") or node.get("itemid") or node.get("content"):
            return str(link)
    return None


def _crumbs(crumbs: Iterator[tuple[str | None, str | None]]) -> tuple[str, ...]:
    """The trail's names (short ones), without Home: a leading crumb named so or linking to
    the site's front page (whatever the language calls it: "Start", "Accueil")."""
    parts = [(name, link) for name, link in crumbs if name and count_words(name) <= 6 and len(name) <= 60]
    while parts and (parts[0][0].casefold() in HOME or _front_page(parts[0][1])):
        parts.pop(0)
    while parts and parts[-1][0] in _THIS_PAGE:
        parts.pop()
    return tuple(dict.fromkeys(name for name, _ in parts))


# What a trail calls the page it ends at, in place of its headline: "首页 > 财经 > 正文" (the text).
_THIS_PAGE = {"正文", "正文内容", "内容", "详情", "详细内容", "本文"}


def _front_page(link: str | None) -> bool:
    if not link or not link.strip() or link.strip().startswith("#"):
        return False
    parts = urlsplit(link.strip())
    return parts.path in ("", "/", "/index.html", "/index.php") and not parts.query


def _without_title(crumbs: tuple[str, ...], title: str | None) -> tuple[str, ...]:
    """A breadcrumb often ends with the article itself: that is no topic."""
    if crumbs and title and (_same_words(crumbs[-1], title) or count_words(crumbs[-1]) > 5):
        return crumbs[:-1]
    return crumbs


def _same_words(one: str, other: str) -> bool:
    """Whether two names read the same, whatever their case and ellipses ("…" or "...")."""
    return one.replace("…", "...").casefold() == other.replace("…", "...").casefold()


# A figure and its caption: ``<figure>`` with ``<figcaption>``, or WordPress's classic editor's
# ``<div class="wp-caption"><img><p class="wp-caption-text">``.
_WP_CAPTION_TEXT = "contains(concat(' ', normalize-space(@class), ' '), ' wp-caption-text ')"
_FIGURE = (
    "*[self::figure[figcaption] or "
    f"(contains(concat(' ', normalize-space(@class), ' '), ' wp-caption ') and .//*[{_WP_CAPTION_TEXT}])]"
)
_CAPTION = f"*[self::figcaption or {_WP_CAPTION_TEXT}]"


def _figure(root: Any, shared_image: bool) -> tuple[str | None, str | None, str | None]:
    """The first figure's caption, credit and image address.  With a share image
    (``og:image``, the lead photo), only a figure above the text is taken: one further down
    shows another photo than the lead, and its caption is not the lead's."""
    figures = root.xpath(f"//article//{_FIGURE}") or root.xpath(f"//main//{_FIGURE}") or root.xpath(f"//{_FIGURE}")
    if not figures or (shared_image and _below_the_text(figures[0])):
        return None, None, None
    image = next((_text(src) for src in figures[0].xpath(".//img/@src") if _text(src)), None)
    caption_node = figures[0].xpath(f".//{_CAPTION}")[0]
    credit = None
    for node in figures[0].xpath(f".//*[not(ancestor-or-self::{_CAPTION}) and not(.//{_CAPTION})]"):
        if (label := _text(node.text_content())) and (credit := parse_image_source(label)):
            break  # the BBC's "Image source, Getty Images" over the photo
    for node in caption_node.xpath(".//*[@class]"):
        if _CREDIT_CLASS.search(node.get("class", "")):
            credit = _text(block_text(node))
            node.drop_tree()
            break
    text = _text(block_text(caption_node))
    if text:
        text = without_caption_tail(parse_image_caption(text) or text)  # "Image caption, …"
    if text and (found := parse_caption(text)) is not None and (credit is None or found.text):
        if credit is None:
            return found.text, found.credit, image
        text = found.text  # the credit given twice: in the caption's words and in its own element
    if credit:
        credit = re.sub(r"^(?:photo|image|foto|fotoğraf|bild|crédit photo|credit)\s*[:/]\s*", "", credit, flags=re.I)
        credit = credit.strip(" ()[]") or None
    return text, credit, image


def block_text(element: Any, between: str = " ") -> str:
    """An element's text, its blocks (paragraphs, divisions, list items) parted by ``between``
    where ``text_content()`` runs them together ("… Gurel)</p><div>AP Photo")."""
    segments: list[list[str]] = [[]]

    def walk(node: Any, top: bool) -> None:
        if isinstance(node.tag, str):
            block = node.tag in BLOCKS or node.tag == "br"
            if block:
                segments.append([])
            segments[-1].append(node.text or "")
            for child in node:
                walk(child, False)
            if block:
                segments.append([])
        if not top:
            segments[-1].append(node.tail or "")

    walk(element, True)
    texts = (" ".join("".join(segment).split()) for segment in segments)
    return between.join(text for text in texts if text)


def _below_the_text(element: Any) -> bool:
    """Whether a paragraph of the article's text comes before ``element`` (the standfirst
    above a lead photo is none, nor a notice above the headline: a cookie banner)."""
    headline = _headline_element(element.getroottree().getroot())
    after_headline = set(headline.xpath("following::p")) if headline is not None else None
    return any(
        count_words(_text(paragraph.text_content()) or "") >= _BODY_WORDS
        and not _is_standfirst(paragraph)
        and (after_headline is None or paragraph in after_headline)
        for paragraph in element.xpath("preceding::p")
    )


# The classes outlets give the standfirst under the headline (``<p class="standfirst">``).
_STANDFIRST = re.compile(
    r"(?:^|[\s_-])(?:standfirst|lead|lede|dek|deck|summary|intro|subtitle|subhead(?:ing|line)?|excerpt|teaser|spot|"
    r"description|abstract|strapline|sapo|chapo|chapeau)(?:$|[\s_-])",
    re.IGNORECASE,
)


def _is_standfirst(paragraph: Any) -> bool:
    holders = [paragraph, paragraph.getparent()]
    return any(holder is not None and _STANDFIRST.search(holder.get("class") or "") for holder in holders)


def absolute_image(src: str | None, page_url: str | None) -> str | None:
    """An image address made absolute against the page's; None unless it is http(s)."""
    if not src or src.startswith("data:"):
        return None
    link = urljoin(page_url, src) if page_url else src
    parts = urlsplit(link)
    return link if parts.scheme in ("http", "https") and parts.netloc else None


def _tags(root: Any, objects: list[dict[str, Any]]) -> Iterator[str]:
    for node in root.xpath('//meta[@property="article:tag"]/@content'):
        if name := _text(node):
            yield name
    for item in objects:
        keywords = item.get("keywords")
        if isinstance(keywords, str):
            keywords = keywords.split(",")
        if isinstance(keywords, list) and any(kind.endswith("Article") for kind in _types(item)):
            for keyword in keywords:
                if isinstance(keyword, str) and (name := _text(keyword)) and count_words(name) <= 4:
                    yield name
    for node in root.xpath('//*[contains(@class, "tags") or contains(@class, "tag-list")]//a'):
        if (name := _text(node.text_content())) and count_words(name) <= 4:
            yield name.lstrip("#")


def _canonical(root: Any) -> str | None:
    for href in root.xpath('//link[@rel="canonical"]/@href'):
        if isinstance(href, str) and href.strip().lower().startswith(("http://", "https://")):
            return href.strip()
    return None


# The date tags that CMSs write beside (or instead of) ``article:published_time``.
_DATE_TAGS = ("date", "pubdate", "publishdate", "parsely-pub-date", "sailthru.date", "dc.date.issued", "DC.date.issued")


def _itemprop_date(root: Any) -> str | None:
    """Microdata's ``datePublished``: a ``<meta content>`` or a ``<time datetime>``."""
    found = root.xpath('//*[@itemprop="datePublished"]/@content|//time[@itemprop="datePublished"]/@datetime')
    return next((text for value in found if (text := _text(value))), None)


def _meta(root: Any, name: str) -> str | None:
    for value in root.xpath(f'//meta[@property="{name}" or @name="{name}"]/@content'):
        if text := _text(value):
            return text
    return None


def _text(value: Any) -> str | None:
    """A value's text on one line; character references decoded (JSON-LD often carries its
    names HTML-escaped: "Só quem se Ama&#8230;")."""
    text = str(value)
    if "&" in text:
        text = html.unescape(text)
    text = " ".join(text.split())
    return text or None
