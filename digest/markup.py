"""The one Markdown renderer: CommonMark with tables, strikethrough, footnotes and heading anchors.

comrak (Rust, about thirty times faster) renders where its wheels exist; elsewhere
markdown-it-py renders the same dialect.  Either way the HTML then goes through the same
steps here: heading anchors, table alignment as CSS, and link marking.

Raw HTML is left out unless the site opts in, as Hugo does.  Links to other content
files (``[see](../articles/x.md)``) are marked ``@md:<content path>`` here and resolved
by ``content`` once every page is known; ``@/`` marks a site-root-relative URL that
``render`` turns into a relative link for the page it lands on.
"""

from __future__ import annotations

import html as htmllib
import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from digest.model import CONTENT_LINK, SITE_ROOT, slugify

RAW_HTML_OMITTED = "<!-- raw HTML omitted -->"
ANCHOR_LEVELS = "1234"

_HEADING = re.compile(r"<h([1-6])>(.*?)</h\1>", re.DOTALL)
_LINK_ATTR = re.compile(r'(<a href="|<img src=")([^"]*)"')
_CELL_ALIGN = re.compile(r'<(th|td) align="(left|center|right)">')
_BLOCK_TAG = re.compile(r"<(/?)(p|blockquote|ul|ol|li|table|section|div|details|figure|dl)\b[^>]*>")
_FOOTNOTE_REF = re.compile(r'<sup class="footnote-ref">.*?</sup>', re.DOTALL)
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_TAG = re.compile(r"<[^>]*>")


@dataclass(frozen=True)
class ContentLink:
    """A link from one content file to another, to be checked and resolved later."""

    target: str  # path relative to the site folder, e.g. content/articles/x.md
    line: int  # 1-based line within the Markdown text


@dataclass(frozen=True)
class RenderedMarkdown:
    html: str
    first_paragraph: str  # plain text, for summaries
    word_count: int
    links: tuple[ContentLink, ...]


class Markdown:
    """A configured renderer; cheap to call, so one serves a whole build."""

    def __init__(self, unsafe_html: bool = False, engine: str | None = None):
        self.unsafe_html = unsafe_html
        self.engine = engine or default_engine()
        self._to_html = _ENGINES[self.engine](unsafe_html)

    def to_html(self, text: str) -> str:
        """The engine's HTML with anchors on headings and table alignment as CSS."""
        html = self._to_html(text)
        if "<h" in html:
            html = _add_anchors(html)
        if " align=" in html:
            html = _CELL_ALIGN.sub(r'<\1 style="text-align:\2">', html)
        return html


def render_markdown(markdown: Markdown, text: str, source_path: str) -> RenderedMarkdown:
    """Render ``text`` (from ``source_path``, relative to the site folder) to HTML."""
    html, links = _mark_site_links(markdown.to_html(text), text, source_path)
    return RenderedMarkdown(
        html=html,
        first_paragraph=_first_paragraph(html),
        word_count=len(text.split()),
        links=links,
    )


def default_engine() -> str:
    try:
        import comrak  # noqa: F401
    except ImportError:  # no wheel for this platform
        return "markdown-it"
    return "comrak"


def _comrak(unsafe_html: bool) -> Callable[[str], str]:
    import comrak

    extension = comrak.ExtensionOptions()
    extension.table = True
    extension.strikethrough = True
    extension.footnotes = True
    parse = comrak.ParseOptions()
    render = comrak.RenderOptions()
    render.unsafe_ = unsafe_html  # otherwise raw HTML becomes RAW_HTML_OMITTED

    def to_html(text: str) -> str:
        return str(comrak.render_markdown(text, extension, parse, render))

    return to_html


def _markdown_it(unsafe_html: bool) -> Callable[[str], str]:
    from markdown_it import MarkdownIt
    from mdit_py_plugins.footnote import footnote_plugin

    md = MarkdownIt("commonmark", {"html": True, "linkify": False, "typographer": False})
    md.enable(["table", "strikethrough"])
    md.use(footnote_plugin)
    md.add_render_rule("s_open", lambda self, tokens, idx, options, env: "<del>")  # as comrak
    md.add_render_rule("s_close", lambda self, tokens, idx, options, env: "</del>")
    if not unsafe_html:
        md.add_render_rule("html_block", lambda self, tokens, idx, options, env: RAW_HTML_OMITTED + "\n")
        md.add_render_rule("html_inline", lambda self, tokens, idx, options, env: RAW_HTML_OMITTED)
    return md.render


_ENGINES: dict[str, Callable[[bool], Callable[[str], str]]] = {"comrak": _comrak, "markdown-it": _markdown_it}


def _add_anchors(html: str) -> str:
    """``id`` attributes on headings of levels 1-4, from their text, unique in the document."""
    used: set[str] = set()

    def anchor(match: re.Match[str]) -> str:
        level, inner = match.groups()
        if level not in ANCHOR_LEVELS:
            return match.group(0)
        base = slugify(_plain_text(inner)) or "section"
        slug, number = base, 1
        while slug in used:
            slug, number = f"{base}-{number}", number + 1
        used.add(slug)
        return f'<h{level} id="{slug}">{inner}</h{level}>'

    return _HEADING.sub(anchor, html)


def _mark_site_links(html: str, text: str, source_path: str) -> tuple[str, tuple[ContentLink, ...]]:
    """Mark links to content files and content static files; note where each content link is."""
    if "<a href=" not in html and "<img src=" not in html:
        return html, ()
    links: list[ContentLink] = []

    def mark(match: re.Match[str]) -> str:
        prefix, escaped = match.groups()
        href = htmllib.unescape(escaped)
        new = _site_link(href, source_path)
        if new is None:
            return match.group(0)
        if new.startswith(CONTENT_LINK):
            target = new[len(CONTENT_LINK) :].split("#", 1)[0]
            links.append(ContentLink(target, _line_of(text, href)))
        return f'{prefix}{htmllib.escape(new)}"'

    return _LINK_ATTR.sub(mark, html), tuple(links)


def _site_link(href: str, source_path: str) -> str | None:
    """Rewrite a relative link to a content file or a content static file, else None."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or not parts.path:
        return None
    fragment = f"#{parts.fragment}" if parts.fragment else ""
    if parts.path.startswith("/"):  # from the site's root: /static/x.png is content/static/x.png
        return f"{SITE_ROOT}{parts.path[1:]}{fragment}" if parts.path.startswith("/static/") else None
    target = posixpath.normpath(posixpath.join(posixpath.dirname(source_path), unquote(parts.path)))
    if target.endswith(".md") and target.startswith("content/"):
        return f"{CONTENT_LINK}{target}{fragment}"
    if target.startswith("content/static/"):
        return f"{SITE_ROOT}{target[len('content/') :]}{fragment}"
    return None


def _line_of(text: str, href: str) -> int:
    """The line of the Markdown text where a link's destination is written (1 if not found)."""
    for written in (href, unquote(href), href.split("#", 1)[0], unquote(href.split("#", 1)[0])):
        index = text.find(written)
        if written and index >= 0:
            return text.count("\n", 0, index) + 1
    return 1


def _first_paragraph(html: str) -> str:
    """The plain text of the first non-empty paragraph outside lists, quotes and tables."""
    depth = 0
    for match in _BLOCK_TAG.finditer(html):
        closing, name = match.groups()
        if name != "p":
            depth += -1 if closing else 1
        elif not closing and depth == 0:
            end = html.find("</p>", match.end())
            text = " ".join(_plain_text(html[match.end() : end if end >= 0 else len(html)]).split())
            if text:
                return text
    return ""


def _plain_text(fragment: str) -> str:
    if "<" in fragment:
        fragment = _TAG.sub("", _COMMENT.sub("", _FOOTNOTE_REF.sub("", fragment)))
    return htmllib.unescape(fragment)
