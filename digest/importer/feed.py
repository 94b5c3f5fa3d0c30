"""RSS and Atom feeds (with feedparser) and JSON Feeds -> one ImportedArticle per entry.

Each entry gives its title, date (with its original offset when the feed states one), link
(the source URL), author, categories (the topics) and its content or summary as Markdown; the
feed's title is the source name.  With ``--full`` the caller replaces the body with the text
of the linked page (``with_page``).  feedparser is only ever handed bytes: it never fetches.
A feed is decoded as every other source is (``detect.decode_bytes``: its byte-order mark,
UTF-8, the server's charset, the document's, then detection) and handed over as UTF-8.
"""

from __future__ import annotations

import dataclasses
import email.utils
import html
import io
import json
import re
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin, urlsplit

import feedparser

from digest.importer.convert import plain_paragraphs, render_fragment, render_plain
from digest.importer.dates import find_date
from digest.importer.furniture import classify
from digest.importer.language import normalize
from digest.importer.record import ImportedArticle, SourceFailed
from digest.model import count_words

_HTML_TYPES = ("text/html", "application/xhtml+xml")
# feedparser takes Media RSS's <media:description> and <media:title> (a photo's caption and
# title) for the entry's own summary and title: renamed, they stay the photo's.
_MEDIA_TEXT = re.compile(rb"<(/?)media:(description|title)\b")
# How WordPress ends an entry's excerpt: "… the council said [&hellip;]".
_EXCERPT_MARK = re.compile(r"\s*\[(?:…|\.\.\.)\]$")
# What WordPress appends to every entry's content.
_WORDPRESS_FOOTER = re.compile(r"^The post .+ appeared first on .+$", re.DOTALL)


@dataclass(frozen=True)
class FeedEntry:
    """One entry: its article, or why it cannot be imported; ``label`` names it in messages."""

    label: str
    article: ImportedArticle | None = None
    error: str | None = None
    link: str | None = None


def parse_feed(text: str, origin: str, url: str | None = None) -> list[FeedEntry]:
    """Every entry of an RSS or Atom document, given decoded; SourceFailed when it is not a
    feed or is empty."""
    # The charset given as a server's is what feedparser reads bytes in, whatever their
    # XML declaration says (RFC 7303).
    headers = {"content-type": "application/xml; charset=utf-8", **({"content-location": url} if url else {})}
    data = _MEDIA_TEXT.sub(rb"<\1media:photo_\2", text.encode("utf-8"))
    parsed = feedparser.parse(io.BytesIO(data), response_headers=headers, sanitize_html=True)
    if not parsed.get("version") and not parsed.entries:
        problem = parsed.get("bozo_exception")
        raise SourceFailed(f"not a valid feed: {problem}" if problem else "not a valid feed")
    if not parsed.entries:
        raise SourceFailed("not an article: the feed has no entries")
    link = parsed.feed.get("link", "") or ""
    section = not link or urlsplit(link).path.strip("/") != ""  # a section's feed, not the home's
    site = outlet_name(render_plain(parsed.feed.get("title", "")), parsed.feed.get("generator", "") if section else "")
    language = normalize(parsed.feed.get("language"))
    if url is None and (home := parsed.feed.get("link")) and urlsplit(home).scheme in ("http", "https"):
        # A saved feed: its entries' relative links are read against the site it names.
        for entry in parsed.entries:
            if entry.get("link") and not urlsplit(entry["link"]).scheme:
                entry["link"] = urljoin(home, entry["link"])
    return [_entry(entry, number, origin, site, language) for number, entry in enumerate(parsed.entries, 1)]


def parse_json_feed(text: str, origin: str, url: str | None = None) -> list[FeedEntry] | None:
    """Every item of a JSON Feed (jsonfeed.org, versions 1 and 1.1), read as feedparser
    gives an RSS entry; None when ``text`` is JSON but not a JSON Feed."""
    document = json.loads(text)
    if not isinstance(document, dict) or not str(document.get("version", "")).startswith("https://jsonfeed.org/"):
        return None
    items = [item for item in document.get("items") or () if isinstance(item, dict)]
    if not items:
        raise SourceFailed("not an article: the feed has no entries")
    base = url or _text(document.get("feed_url")) or _text(document.get("home_page_url"))
    site = outlet_name(_text(document.get("title")))
    language = normalize(document.get("language"))  # 1.1
    return [_entry(_json_entry(item, base), number, origin, site, language) for number, item in enumerate(items, 1)]


def _json_entry(item: dict[str, Any], base: str) -> dict[str, Any]:
    """A JSON Feed item with the keys feedparser gives an RSS entry."""
    link = _text(item.get("url")) or _text(item.get("external_url"))
    html, plain = _text(item.get("content_html")), _text(item.get("content_text"))
    content = (
        [{"type": "text/html", "value": html}] if html else [{"type": "text/plain", "value": plain}] if plain else []
    )
    summary = _text(item.get("summary"))
    authors = item.get("authors")
    people: list[Any] = authors if isinstance(authors, list) else [item.get("author")]  # 1.1, else 1.0
    names = [_text(person.get("name")) for person in people if isinstance(person, dict)]
    image = _text(item.get("image")) or _text(item.get("banner_image"))
    return {
        "title": _text(item.get("title")),
        "link": urljoin(base, link) if link else None,
        "content": content,
        "summary": summary,
        "summary_detail": {"type": "text/plain", "value": summary},
        "published": _text(item.get("date_published")),
        "updated": _text(item.get("date_modified")),
        "author": ", ".join(name for name in names if name),
        "json_tags": [tag for tag in item.get("tags") or () if isinstance(tag, str)],  # a tag list: never topics
        "media_content": [{"url": urljoin(base, image), "type": "image"}] if image else [],
        "language": _text(item.get("language")),
    }


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def outlet_name(channel: str, generator: str = "") -> str | None:
    """``Daily Bosphorus - Latest``, ``Wireline: Markets News`` -> the outlet, without the
    channel's name; a feed Hugo made (``generator``, given for a section's feed: the home's is
    the site's title alone) titles a section's "Posts on Harbor Gazette"."""
    name = " ".join(channel.split())
    if "hugo" in str(generator).lower() and (hugo := re.fullmatch(r"(.+?) on (.+)", name)):
        name = hugo[2]
    parts = re.split(r"\s+(?:[-–—|:»·]|::)\s+|:\s+", name)
    return parts[0].strip() or None


def _entry(entry: Any, number: int, origin: str, site: str | None, language: str | None) -> FeedEntry:
    link = entry.get("link") or None
    label = link or f"{origin}#{number}"
    title = _title(entry)
    if outlet := _item_source(entry):  # an aggregator's item: its outlet's, named after its headline
        site = outlet
        title = _without_suffix(title, outlet)
    body, dropped = _without_footer(_body(entry, link))
    if not title:
        return FeedEntry(label, error="not an article: the entry has no title", link=link)
    if not body and not link:
        return FeedEntry(label, error="not an article: the entry has neither text nor link", link=link)
    image = _image(entry)
    article = ImportedArticle(
        title=title,
        body=body or f"[Read the article]({link})",
        origin=link or label,
        date=_date(entry),
        topics=tuple(_categories(entry)),
        tags=_json_tags(entry, site),
        author=_author(entry),
        source_name=site,
        source_url=link,
        image_src=image,
        image_caption=_photo_text(entry, "media_photo_description") if image else None,
        image_credit=_photo_text(entry, "credit") if image else None,
        summary=_summary(entry, body),
        dropped=dropped,
        language=_language(entry) or language,
    )
    return FeedEntry(label, article, link=link)


def _item_source(entry: Any) -> str | None:
    """The outlet RSS's ``<source>`` (or Atom's) names: the channel an aggregator (Google
    News) took the item from."""
    source = entry.get("source")
    return outlet_name(render_plain(str(source.get("title") or ""))) if isinstance(source, dict) else None


def _without_suffix(title: str | None, outlet: str) -> str | None:
    """A headline without the outlet's name after it (``Pier to grow - Harbor Gazette``)."""
    if title is None:
        return None
    match = re.fullmatch(rf"(.+?)\s+[-–—|·]\s+{re.escape(outlet)}", title, re.IGNORECASE)
    return match[1] if match else title


def _language(entry: Any) -> str | None:
    """The entry's own language: a JSON Feed item's, or an Atom entry's ``xml:lang``."""
    details = [entry, *(entry.get("content") or ()), entry.get("title_detail") or {}]
    return next((language for detail in details if (language := normalize(detail.get("language")))), None)


def with_page(entry: ImportedArticle, page: ImportedArticle) -> ImportedArticle:
    """``--full``: the page's text and metadata (its canonical URL, outlet, caption, tags)
    under the entry's title and date; the entry's own fields where the page says nothing."""
    return dataclasses.replace(
        entry,
        body=page.body,
        source_url=page.source_url or entry.source_url,
        source_name=page.source_name or entry.source_name,
        image_src=page.image_src or entry.image_src,
        # The caption and credit of the photo shown: the page's, else the feed's.
        image_caption=page.image_caption if page.image_src or not entry.image_src else entry.image_caption,
        image_credit=page.image_credit if page.image_src or not entry.image_src else entry.image_credit,
        tags=page.tags or entry.tags,
        author=entry.author or page.author,
        summary=entry.summary or page.summary,
        # The page's category wins whole: a feed lists an item's category and tags alike.
        topics=page.topics if page.topics or page.section else entry.topics,
        section=page.section or entry.section,
        date=entry.date or page.date,
        language=page.language or entry.language,
    )


def _title(entry: Any) -> str | None:
    title = entry.get("title", "")
    if entry.get("title_detail", {}).get("type") in _HTML_TYPES:
        title = render_plain(title)
    return " ".join(title.split()) or None


def _body(entry: Any, link: str | None) -> str:
    contents = entry.get("content") or []
    content = next((item for item in contents if item.get("type") in _HTML_TYPES), contents[0] if contents else None)
    detail = content or entry.get("summary_detail") or {}
    value = detail.get("value") or entry.get("summary", "")
    if detail.get("type", "text/html") in _HTML_TYPES:
        return render_fragment(value, link)
    return plain_paragraphs(value)


def _without_footer(body: str) -> tuple[str, tuple[tuple[str, str], ...]]:
    blocks = body.split("\n\n")
    if len(blocks) > 1 and _WORDPRESS_FOOTER.match(render_plain(blocks[-1]) or ""):
        return "\n\n".join(blocks[:-1]), ((blocks[-1], "the feed's notice of where the post appeared first"),)
    kept, call = _without_call(blocks[-1])
    if call and kept:  # "… kabul edildi. Devamı için tıklayın": the link to the page, not its text
        return "\n\n".join([*blocks[:-1], kept]), ((call, "a call to read the rest on the outlet's page"),)
    return body, ()


# The last sentence of a text, after the one before it ends.
_LAST_SENTENCE = re.compile(r"(?<=[.!?…»”\"])\s+(?P<last>[^.!?…]+[.!?…»→]*)$")


def _without_call(text: str) -> tuple[str, str | None]:
    """``text`` without the call to action that ends it ("Read more", "Devamı için tıklayın"),
    and that call (None when there is none)."""
    found = _LAST_SENTENCE.search(text.strip())
    if found is None or count_words(found["last"]) > 6 or not classify(render_plain(found["last"]) or "", "tail"):
        return text, None
    return text.strip()[: found.start()].rstrip(), found["last"]


def _photo_text(entry: Any, key: str) -> str | None:
    """The photo's caption or credit, as Media RSS gives it (plain text, one line)."""
    value = entry.get(key)
    if not isinstance(value, str):
        return None
    return " ".join(render_plain(value).split()) or None


def _summary(entry: Any, body: str) -> str | None:
    """The entry's summary, when it is more than the start of the body."""
    if not entry.get("content") or not entry.get("summary"):
        return None
    summary = _without_call(_EXCERPT_MARK.sub("…", render_plain(entry["summary"])))[0]
    plain_body = " ".join(render_plain(item.get("value", "")) for item in entry["content"])
    return summary if summary and not plain_body.startswith(summary.rstrip(". …")) else None


def _date(entry: Any) -> str | None:
    for key in ("published", "updated", "created"):
        if rfc_822 := _rfc_822_date(entry.get(key) or ""):
            return rfc_822
        found = find_date(entry.get(key) or "")
        if found:
            return found.iso
    for key in ("published_parsed", "updated_parsed"):
        if entry.get(key):
            return time.strftime("%Y-%m-%dT%H:%M:%S+00:00", entry[key])
    return None


def _rfc_822_date(value: str) -> str | None:
    """An RSS date with a zone RFC 822 names (its ``CST`` is America's Central time, ``UT``
    is UTC), at that zone's offset; None for any other text."""
    try:
        moment = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    return moment.isoformat() if moment.tzinfo is not None else None


def _author(entry: Any) -> str | None:
    raw = " ".join(str(entry.get("author") or "").split())
    in_brackets = re.search(r"\(([^()@]+)\)", raw)
    if "@" in raw and in_brackets:  # RSS: "desk@example.org (Jane Doe)"
        return in_brackets[1].strip()
    name = " ".join(str(entry.get("author_detail", {}).get("name") or raw).split())
    return name if name and "@" not in name else None


def _json_tags(entry: Any, site: str | None) -> tuple[str, ...]:
    """A JSON Feed item's ``tags``: the outlet's tag list (its own name left out), as a page's."""
    named: dict[str, str] = {}
    for tag in entry.get("json_tags") or ():
        name = " ".join(tag.split())
        if name and count_words(name) <= 5 and name.casefold() != (site or "").casefold():
            named.setdefault(name.casefold(), name)
    return tuple(named.values())


def _categories(entry: Any) -> list[str]:
    names: list[str] = []
    for tag in entry.get("tags") or []:
        name = " ".join(str(tag.get("label") or tag.get("term") or "").split())
        if name and "://" not in name and count_words(name) <= 5 and name.casefold() not in map(str.casefold, names):
            names.append(name)
    return names


def _image(entry: Any) -> str | None:
    """The entry's photo: Media RSS content or an enclosure of an image type, else the
    largest Media RSS thumbnail (what BBC-style feeds give)."""
    candidates = [*(entry.get("media_content") or []), *(entry.get("enclosures") or [])]
    for item in candidates:
        href = item.get("url") or item.get("href") or ""
        kind = item.get("type") or item.get("medium") or ""
        if href.startswith("http") and kind.startswith("image"):
            return str(href)
    thumbnails = [item for item in entry.get("media_thumbnail") or [] if str(item.get("url", "")).startswith("http")]
    if thumbnails:
        return str(max(thumbnails, key=_pixel_width)["url"])
    return _first_image(entry)


_IMG_TAG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
_IMG_SRC = re.compile(r"\ssrc\s*=\s*[\"']?(?P<src>https?://[^\"'\s>]+)", re.IGNORECASE)
_ONE_PIXEL = re.compile(r"\b(?:width|height)\s*=\s*[\"']?1(?=[\"'\s/>])", re.IGNORECASE)


def _first_image(entry: Any) -> str | None:
    """The first image of the entry's HTML (content, else summary) that is a photo: feeds
    without Media RSS put the article's photo there; a pixel counting visits is none."""
    texts = [item.get("value", "") for item in entry.get("content") or [] if item.get("type") in _HTML_TYPES]
    for text in (*texts, entry.get("summary", "")):
        for tag in _IMG_TAG.findall(text or ""):
            if (found := _IMG_SRC.search(tag)) and not _ONE_PIXEL.search(tag):
                return html.unescape(found["src"])
    return None


def _pixel_width(item: Any) -> int:
    width = str(item.get("width") or "")
    return int(width) if width.isdigit() else 0
