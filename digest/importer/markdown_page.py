"""A page scraped as Markdown -> the HTML page it shows, for the HTML adapter (``html``).

Reader services and converters give a web page as Markdown: Jina Reader's ``r.jina.ai`` (a
header of ``Title:``, ``URL Source:``, ``Published Time:``, then ``Markdown Content:``), or
an HTML-to-Markdown tool's output.  Its text keeps the page's headings, links, lists and
emphasis, which a plain-text scrape's reading would escape as literal characters; so it is
rendered to HTML (CommonMark, raw HTML left as text) and read as a saved page is: the
headline, breadcrumb, byline, photo and caption, furniture, and the text as Markdown again.

A web clipper's note (Obsidian Web Clipper, MarkDownload) is such Markdown under front
matter that names the page it was clipped from (``source``), its title, author, date and
tags: those become the page's head (``clipped_page``).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from markdown_it import MarkdownIt

from digest.errors import ContentError
from digest.frontmatter import parse_document
from digest.importer.dates import find_date, parse_user_date
from digest.importer.detect import READER_CONTENT_MARK
from digest.importer.lines import parse_caption

_HEADER_FIELD = re.compile(r"^(?P<name>Title|URL Source|Published Time|Description):[ \t]*(?P<value>.*)$")


@dataclass(frozen=True)
class MarkdownPage:
    """The page: its HTML, and its address when the scrape names it."""

    html: str
    url: str | None


def markdown_page(text: str) -> MarkdownPage:
    """The HTML page a Markdown scrape shows, its header's title, address and date in its head."""
    fields, body = _header(text.lstrip())
    url = fields.get("URL Source", "")
    return _page(
        body,
        url if url.startswith(("http://", "https://")) else None,
        fields.get("Title"),
        fields.get("Published Time", ""),
    )


def clipped_page(text: str) -> MarkdownPage | None:
    """The page a web clipper's note shows, or None when the front matter names no page it
    was clipped from (``source``, ``url``), or is a content file's (it has ``topics``)."""
    try:
        document = parse_document(text, "")
    except ContentError:
        return None
    meta = document.meta
    url = next(
        (value for key in _CLIP_SOURCE if isinstance(value := meta.get(key), str) and value.startswith("http")), None
    )
    if url is None or "topics" in meta:
        return None
    title = meta.get("title")
    tags = [tag for tag in _names(meta.get("tags")) if tag.casefold() not in _CLIPPER_TAGS]
    published = str(meta.get("published") or meta.get("date") or "")
    return _page(
        document.body, url, title if isinstance(title, str) else None, published, _names(meta.get("author")), tags
    )


def _page(
    markdown: str,
    url: str | None,
    title: str | None,
    published: str,
    authors: list[str] | None = None,
    tags: list[str] | None = None,
) -> MarkdownPage:
    """The page of ``markdown``, what is known of it in its head as a web page has it."""
    head = ['<meta charset="utf-8">']
    if title:
        head.append(f"<title>{html.escape(title)}</title>")
    if when := _published(published):
        head.append(f'<meta property="article:published_time" content="{html.escape(when)}">')
    if url:
        head.append(f'<link rel="canonical" href="{html.escape(url)}">')
    if authors:
        head.append(f'<meta name="author" content="{html.escape(", ".join(authors))}">')
    head += [f'<meta property="article:tag" content="{html.escape(tag)}">' for tag in tags or ()]
    rendered = _with_figures(_renderer().render(markdown))
    return MarkdownPage(
        f"<!doctype html><html><head>{''.join(head)}</head><body><article>{rendered}</article></body></html>", url
    )


_CLIP_SOURCE = ("source", "url", "source_url", "link")
_CLIPPER_TAGS = {"clippings", "clipping", "web-clip", "webclip"}  # the clipper's own, not the page's


def _names(value: object) -> list[str]:
    """Names from a field that holds one or a list, an Obsidian link's brackets left out
    (``"[[Jane Doe]]"``)."""
    values = value if isinstance(value, list) else [value]
    names = [
        re.sub(r"^\[\[(.*)\]\]$", r"\1", str(item).strip()).strip() for item in values if isinstance(item, str | int)
    ]
    return [name for name in names if name]


def _header(text: str) -> tuple[dict[str, str], str]:
    """A reader service's header fields, and the Markdown after it (the whole text without one)."""
    if not text.startswith("Title:"):
        return {}, text
    fields: dict[str, str] = {}
    lines = text.split("\n")
    for number, line in enumerate(lines):
        if line.strip() == READER_CONTENT_MARK:
            return fields, "\n".join(lines[number + 1 :])
        if found := _HEADER_FIELD.match(line):
            fields[found["name"]] = found["value"].strip()
    return {}, text


def _published(value: str) -> str | None:
    """The header's publication time as ISO 8601 (it may be a web date: "Thu, 23 May 2024 …")."""
    if not value:
        return None
    found = find_date(value)
    return parse_user_date(value) or (found.iso if found else None)


def _renderer() -> MarkdownIt:
    renderer = MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"])
    # Every link a link, as the page had it: the HTML adapter leaves one that cannot be
    # followed (javascript:) as its text, where markdown-it would leave its Markdown.
    renderer.validateLink = lambda url: True  # type: ignore[method-assign]
    return renderer


# An image alone in its paragraph, then a paragraph of text: a photo and its caption.
_IMAGE_THEN_TEXT = re.compile(r"<p>(?P<image><img [^>]*?/?>)</p>\s*<p>(?P<text>[^<]{3,400})</p>", re.IGNORECASE)
_ALT = re.compile(r'\balt="(?P<alt>[^"]*)"')
_READER_ALT = re.compile(r"^Image \d+:\s*")  # Jina Reader numbers the images of a page


def _with_figures(rendered: str) -> str:
    """Each photo followed by its caption (a credit closes it, or it repeats the image's
    description) as a figure, as the page showed it, so that it is read as one."""

    def figure(found: re.Match[str]) -> str:
        image, text = found["image"], found["text"]
        alt = _ALT.search(image)
        described = _READER_ALT.sub("", html.unescape(alt["alt"])) if alt else ""
        caption = html.unescape(text)
        if parse_caption(caption) is None and not (described and caption.startswith(described[:40])):
            return found[0]
        image = _ALT.sub(lambda _: f'alt="{html.escape(described)}"', image)
        return f"<figure>{image}<figcaption>{text}</figcaption></figure>"

    return _IMAGE_THEN_TEXT.sub(figure, rendered)
