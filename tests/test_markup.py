"""The Markdown renderer, with each engine: comrak where it is installed, markdown-it-py anywhere."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

import pytest

from digest.markup import RAW_HTML_OMITTED, ContentLink, Markdown, default_engine, render_markdown

ENGINES = ["comrak", "markdown-it"]

DOCUMENT = """\
Lead paragraph with *emphasis*, `code` and a [link](https://example.org/?a=1&b=2).

## Erdoğan in İstanbul

- a list item that is not the first paragraph

> A quote.

| Left | Right | Centre |
|:-----|------:|:------:|
| a    | 1     | x      |

~~gone~~ and 10 < 20.

## Erdoğan in İstanbul
"""


def render(engine: str, text: str, unsafe: bool = False, path: str = "content/articles/a.md"):  # type: ignore[no-untyped-def]
    return render_markdown(Markdown(unsafe, engine), text, path)


def test_comrak_is_the_engine_where_it_is_installed() -> None:
    pytest.importorskip("comrak")
    assert default_engine() == "comrak"


@pytest.mark.parametrize("engine", ENGINES)
def test_commonmark_with_tables_strikethrough_and_unique_heading_anchors(engine: str) -> None:
    rendered = render(engine, DOCUMENT)
    assert '<h2 id="erdogan-in-istanbul">Erdoğan in İstanbul</h2>' in rendered.html
    assert '<h2 id="erdogan-in-istanbul-1">Erdoğan in İstanbul</h2>' in rendered.html
    assert re.search(r'<th style="text-align:right">Right</th>', rendered.html)
    assert re.search(r'<td style="text-align:center">x</td>', rendered.html)
    assert " align=" not in rendered.html  # obsolete in HTML5
    assert "<del>gone</del>" in rendered.html
    assert "10 &lt; 20" in rendered.html
    assert 'href="https://example.org/?a=1&amp;b=2"' in rendered.html
    assert rendered.first_paragraph == "Lead paragraph with emphasis, code and a link."
    assert rendered.word_count == len(DOCUMENT.split())


@pytest.mark.parametrize("engine", ENGINES)
def test_engines_agree_on_everyday_articles(engine: str) -> None:
    """Both engines give the same page for the Markdown articles are made of."""
    text = DOCUMENT + "\n1. one\n2. two\n\n```\ncode <b>\n```\n\n![A photo](../static/p.jpg)\n"
    assert render(engine, text) == render("markdown-it", text)


@pytest.mark.parametrize("engine", ENGINES)
def test_raw_html_is_left_out_unless_the_site_opts_in(engine: str) -> None:
    text = "Hello <b>bold</b> <script>alert(1)</script>\n\n<div onclick='x()'>\nblock\n</div>\n"
    safe = render(engine, text).html
    assert "<b>" not in safe and "<script" not in safe and "onclick" not in safe
    assert RAW_HTML_OMITTED in safe
    unsafe = render(engine, text, unsafe=True).html
    assert "<b>bold</b>" in unsafe and "<div onclick='x()'>" in unsafe


@pytest.mark.parametrize("engine", ENGINES)
def test_links_to_content_files_are_marked_with_their_line(engine: str) -> None:
    text = 'First line.\n\nSee [the other](../articles/other%20one.md#part "t").\n\n![img](../static/a b.png)\n'
    text = text.replace("a b.png", "a%20b.png")
    rendered = render(engine, text, path="content/digests/week.md")
    assert 'href="@md:content/articles/other one.md#part"' in rendered.html
    assert 'src="@/static/a b.png"' in rendered.html
    assert rendered.links == (ContentLink("content/articles/other one.md", 3),)


@pytest.mark.parametrize("engine", ENGINES)
def test_dangerous_link_targets_never_become_links(engine: str) -> None:
    rendered = render(engine, "[x](javascript:alert(1)) [y](vbscript:msgbox)\n").html
    assert "javascript:" not in _hrefs(rendered) and "vbscript:" not in _hrefs(rendered)


@pytest.mark.parametrize("engine", ENGINES)
def test_first_paragraph_skips_lists_quotes_and_footnote_marks(engine: str) -> None:
    text = "- item\n\n> quoted\n\n![only an image](p.png)\n\nThe *real* one[^1] &amp; more\ntext.\n\n[^1]: A note.\n"
    rendered = render(engine, text)
    assert rendered.first_paragraph == "The real one & more text."
    assert "A note." in rendered.html


@pytest.mark.parametrize("engine", ENGINES)
def test_output_is_well_formed(engine: str) -> None:
    checker = _Balance()
    checker.feed(render(engine, DOCUMENT + "\nA note[^n].\n\n[^n]: Here.\n").html)
    assert checker.open == []


def _hrefs(fragment: str) -> str:
    return " ".join(html.unescape(value) for value in re.findall(r'href="([^"]*)"', fragment))


class _Balance(HTMLParser):
    VOID = frozenset({"img", "hr", "br", "input"})

    def __init__(self) -> None:
        super().__init__()
        self.open: list[str] = []

    def handle_starttag(self, tag: str, attrs: object) -> None:
        if tag not in self.VOID:
            self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in self.VOID:
            return
        assert self.open and self.open[-1] == tag, f"</{tag}> closes {self.open[-1:]}"
        self.open.pop()
