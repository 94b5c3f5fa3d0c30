"""The one configured Markdown renderer (markdown-it-py with mdit-py-plugins).

Raw HTML is left out unless the site opts in, as Hugo does.  Links to other content
files (``[see](../articles/x.md)``) are marked ``@md:<content path>`` here and resolved
by ``content`` once every page is known; ``@/`` marks a site-root-relative URL that
``render`` turns into a relative link for the page it lands on.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote, urlsplit

from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict
from mdit_py_plugins.anchors import anchors_plugin
from mdit_py_plugins.footnote import footnote_plugin

from digest.model import CONTENT_LINK, SITE_ROOT, slugify

RAW_HTML_OMITTED = "<!-- raw HTML omitted -->"
_WORD = re.compile(r"\w+")


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


def make_markdown(unsafe_html: bool = False) -> MarkdownIt:
    """A MarkdownIt with tables, strikethrough, footnotes and heading anchors."""
    md = MarkdownIt("commonmark", {"html": True, "linkify": False, "typographer": False})
    md.enable(["table", "strikethrough"])
    md.use(footnote_plugin)
    md.use(anchors_plugin, min_level=1, max_level=4, slug_func=_anchor_slug)
    md.core.ruler.push("digest_links", _mark_site_links)
    if not unsafe_html:
        md.add_render_rule("html_block", _omit_html)
        md.add_render_rule("html_inline", _omit_html)
    return md


def render_markdown(md: MarkdownIt, text: str, source_path: str) -> RenderedMarkdown:
    """Render ``text`` (from ``source_path``, relative to the site folder) to HTML."""
    env: dict[str, Any] = {"source_path": source_path, "content_links": []}
    tokens = md.parse(text, env)
    html = md.renderer.render(tokens, md.options, env)
    return RenderedMarkdown(
        html=html,
        first_paragraph=_first_paragraph(tokens),
        word_count=len(_WORD.findall(text)),
        links=tuple(env["content_links"]),
    )


def _anchor_slug(title: str) -> str:
    return slugify(title) or "section"


def _omit_html(self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType) -> str:
    return RAW_HTML_OMITTED + ("\n" if tokens[idx].type == "html_block" else "")


def _mark_site_links(state: StateCore) -> None:
    source_path = state.env.get("source_path", "")
    for block in state.tokens:
        for token in block.children or ():
            attr = "href" if token.type == "link_open" else "src" if token.type == "image" else None
            if attr is None:
                continue
            new = _site_link(str(token.attrGet(attr) or ""), source_path)
            if new is None:
                continue
            token.attrSet(attr, new)
            if new.startswith(CONTENT_LINK):
                line = (block.map[0] + 1) if block.map else 1
                target = new[len(CONTENT_LINK) :].split("#", 1)[0]
                state.env["content_links"].append(ContentLink(target, line))


def _site_link(href: str, source_path: str) -> str | None:
    """Rewrite a relative link to a content file or a content static file, else None."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or not parts.path or parts.path.startswith("/"):
        return None
    target = posixpath.normpath(posixpath.join(posixpath.dirname(source_path), unquote(parts.path)))
    fragment = f"#{parts.fragment}" if parts.fragment else ""
    if target.endswith(".md") and target.startswith("content/"):
        return f"{CONTENT_LINK}{target}{fragment}"
    if target.startswith("content/static/"):
        return f"{SITE_ROOT}{target[len('content/') :]}{fragment}"
    return None


def _first_paragraph(tokens: Sequence[Token]) -> str:
    for index, token in enumerate(tokens):
        if token.type == "paragraph_open" and token.level == 0 and index + 1 < len(tokens):
            inline = tokens[index + 1]
            text = "".join(_plain_text(child) for child in inline.children or ())
            if text.strip():
                return " ".join(text.split())
    return ""


def _plain_text(token: Token) -> str:
    if token.type in ("text", "code_inline"):
        return token.content
    if token.type in ("softbreak", "hardbreak"):
        return " "
    return ""
