"""The Markdown renderer, with each engine: markdown-it-py (the default and the reference) and
comrak (an opt-in), which must give the same HTML."""

from __future__ import annotations

import html
import importlib.util
import os
import re
import subprocess
import sys
import time
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import pytest

from digest.errors import DigestError
from digest.markup import (
    RAW_HTML_OMITTED,
    RESERVED_IDS,
    ContentLink,
    Markdown,
    _add_anchors,
    fenced_lines,
    render_markdown,
    without_code_spans,
)
from tests.conftest import CliResult, article

FIXTURES = Path(__file__).parent / "fixtures" / "markdown"
COMRAK = importlib.util.find_spec("comrak") is not None


def _engines() -> list[object]:
    """Every engine, comrak skipped where it is not installed, except under CI (which installs
    the ``test`` extra, comrak with it), where a missing comrak fails."""
    if COMRAK or os.environ.get("CI") == "true":
        return ["comrak", "markdown-it"]
    return [pytest.param("comrak", marks=pytest.mark.skip(reason="comrak is not installed")), "markdown-it"]


ENGINES = _engines()

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


def test_markdown_it_is_the_default_engine() -> None:
    assert Markdown().engine == "markdown-it"
    assert Markdown(engine="markdown-it-py").engine == "markdown-it"


def _fixture_cases() -> list[tuple[str, bool]]:
    return [(path.stem, unsafe) for path in sorted(FIXTURES.glob("*.md")) for unsafe in (False, True)]


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize(("name", "unsafe"), _fixture_cases())
def test_fixture_corpus_gives_the_expected_html(engine: str, name: str, unsafe: bool) -> None:
    """tests/fixtures/markdown/NAME.md renders to NAME.html (NAME.unsafe.html with raw HTML on,
    where that differs), written from markdown-it-py's output, with every engine."""
    text = (FIXTURES / f"{name}.md").read_text(encoding="utf-8")
    expected = FIXTURES / f"{name}.unsafe.html" if unsafe else FIXTURES / f"{name}.html"
    if not expected.exists():
        expected = FIXTURES / f"{name}.html"
    assert Markdown(unsafe, engine).to_html(text) == expected.read_text(encoding="utf-8")


def test_the_corpus_covers_what_the_engines_differ_on() -> None:
    corpus = "".join(path.read_text() for path in FIXTURES.glob("*.html"))
    for needle in ('<hr class="footnotes-sep" />', 'id="fnref1:1"', "[1:1]", 'class="footnote-backref"',
                   "<del>", "~single tilde~", 'id="erdogan-in-istanbul-2"', 'style="text-align:right"',
                   'href="mailto:desk@example.org"', RAW_HTML_OMITTED, '<div class="box">'):  # fmt: skip
        assert needle in corpus, needle


@pytest.mark.parametrize("engine", ENGINES)
def test_an_id_prefix_keeps_anchors_and_footnotes_apart(engine: str) -> None:
    text = "## Background\n\nA claim[^1] and [back](#background).\n\n[^1]: The source.\n"
    first = render_markdown(Markdown(False, engine), text, "digest.md", id_prefix="pick-1-").html
    second = render_markdown(Markdown(False, engine), text, "digest.md", id_prefix="pick-2-").html
    assert '<h2 id="pick-1-background">' in first and 'href="#pick-1-background"' in first
    assert 'id="pick-1-fnref1"' in first and 'href="#pick-1-fn1"' in first and '<li id="pick-1-fn1"' in first
    assert 'href="#pick-1-fnref1" class="footnote-backref"' in first
    ids = re.findall(r'\sid="([^"]*)"', first + second)
    assert len(ids) == len(set(ids)) == 6
    assert set(re.findall(r'href="#([^"]*)"', first + second)) <= set(ids)  # every link finds its target
    assert "pick-1-" not in render_markdown(Markdown(False, engine), text, "digest.md").html
    # A link to an id the text does not have (the top of the page, another part of it) is left as written.
    other = render_markdown(Markdown(False, engine), "[Up](#top), [more](#elsewhere).\n", "d.md", id_prefix="p-").html
    assert 'href="#top"' in other and 'href="#elsewhere"' in other


@pytest.mark.parametrize("engine", ENGINES)
def test_heading_anchors_never_take_an_id_of_the_theme_or_a_footnote(engine: str) -> None:
    headings = "".join(f"## {name.replace('-', ' ')}\n\n" for name in sorted(RESERVED_IDS))
    rendered = Markdown(False, engine).to_html(headings + "## fn1\n\nA note[^a].\n\n[^a]: Here.\n")
    ids = re.findall(r'\sid="([^"]*)"', rendered)
    assert not RESERVED_IDS & set(ids)
    assert "main-1" in ids and "related-heading-1" in ids
    assert len(ids) == len(set(ids))


def test_anchors_of_many_identical_headings_take_linear_time() -> None:
    """16,000 identical headings once took 23 s (each one counted up from -1 again)."""

    def seconds(count: int) -> float:
        html_text = "<h2>Same</h2>\n" * count  # the anchor step alone, without the parser
        start = time.perf_counter()
        result = _add_anchors(html_text)
        elapsed = time.perf_counter() - start
        assert f'id="same-{count - 1}"' in result
        return elapsed

    seconds(1000)  # warm up
    small, large = min(seconds(4000) for _ in range(3)), min(seconds(16000) for _ in range(3))
    assert large < 8 * small + 0.05, (small, large)  # 4x the headings: about 4x the time, not 16x
    assert large < 1.0


@pytest.mark.parametrize("engine", ENGINES)
def test_a_whole_file_of_identical_headings_renders_quickly(engine: str) -> None:
    start = time.perf_counter()
    rendered = Markdown(False, engine).to_html("## Same\n\n" * 16000)
    assert 'id="same-15999"' in rendered
    assert time.perf_counter() - start < 10


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
    assert 'href="@md:content/articles/other%20one.md#part"' in rendered.html
    assert 'src="@/static/a%20b.png"' in rendered.html
    assert rendered.links == (ContentLink("content/articles/other one.md", 3),)


@pytest.mark.parametrize("engine", ENGINES)
def test_links_to_files_published_from_root_and_static_keep_their_query(engine: str) -> None:
    text = "![logo](../root/logo.png)\n\n![map](/static/map.png?v=2#top)\n\n[feed](../root/feeds/opml.xml)\n"
    html = render(engine, text, path="content/articles/a.md").html
    assert 'src="@/logo.png"' in html and 'src="@/static/map.png?v=2#top"' in html
    assert 'href="@/feeds/opml.xml"' in html


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
def test_a_heading_may_give_its_own_id_as_hugo_and_jekyll_read_it(engine: str) -> None:
    """``## Title {#id}`` (Hugo's goldmark and Jekyll's kramdown, ``{: #id}``): the id is the
    heading's, and the braces are not shown; an id the theme or another heading has is not."""
    text = (
        "## Why {#why}\n\nSee [why](#why).\n\n## Intro {: #intro .lead}\n\n## Intro\n\n"
        "## Main {#main}\n\n## Again {#why}\n\n##### Deep {#deep}\n"
    )
    html = render(engine, text, path="content/articles/a.md").html
    assert '<h2 id="why">Why</h2>' in html and '<a href="#why">' in html
    assert '<h2 id="intro">Intro</h2>' in html and '<h2 id="intro-1">Intro</h2>' in html
    assert '<h2 id="main-1">Main</h2>' in html  # (main is the theme's)
    assert '<h2 id="again">Again</h2>' in html and '<h5 id="deep">Deep</h5>' in html
    assert "{" not in html


@pytest.mark.parametrize("engine", ENGINES)
def test_a_heading_may_give_its_id_on_the_next_line_as_jekylls_kramdown_reads_it(engine: str) -> None:
    """Kramdown's block attribute list on the line under a heading (``{: #why}``, as Jekyll sites
    write it) is the heading's id, not a paragraph of braces; under a paragraph it stays text."""
    text = "## Why it matters\n{: #why .lead}\n\nSee [why](#why).\n\nSetext\n------\n{: #setext}\n\nText\n{: #not}\n"
    html = render(engine, text, path="content/articles/a.md").html
    assert '<h2 id="why">Why it matters</h2>\n<p>See' in html and '<h2 id="setext">Setext</h2>' in html
    assert "<p>Text\n{: #not}</p>" in html and html.count("{") == 1


@pytest.mark.parametrize("engine", ENGINES)
def test_the_text_above_hugos_more_divider_is_the_summary(engine: str) -> None:
    """Hugo's ``<!--more-->`` on a line of its own ends the summary (its teaser): the summary is
    the paragraphs above it, and the divider leaves no trace in the page."""
    text = "Teaser *one*[^1].\n\n- a list\n\nTeaser two.\n<!--more-->\nThe rest, [a link](x.md).\n\n[^1]: Note.\n"
    rendered = render(engine, text)
    assert rendered.first_paragraph == "Teaser one. Teaser two."
    assert "<p>Teaser two.</p>\n<p>The rest" in rendered.html
    assert "<!--" not in rendered.html.replace("<!--more-->", "") and "more" not in rendered.html
    assert [link.line for link in rendered.links] == [7]
    assert render(engine, "One.\n\nTwo <!--more--> inline.\n").first_paragraph == "One."
    in_code = render(engine, "How Hugo reads it:\n\n```\nA.\n<!--more-->\n```\n")
    assert in_code.first_paragraph == "How Hugo reads it:" and "&lt;!--more--&gt;" in in_code.html


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


def test_an_unknown_engine_is_an_error() -> None:
    with pytest.raises(DigestError, match=r"markdown\.engine: unknown engine 'kramdown'; expected one of"):
        Markdown(engine="kramdown")


def test_an_engine_configured_but_not_installed_names_digest_yaml_and_its_line(
    make_site: Callable[..., Path], tmp_path: Path
) -> None:
    """The build stops at digest.yaml's line, with how to install the engine; nothing is written."""
    site = make_site({"content/articles/a.md": article("A")})
    config = site / "digest.yaml"
    config.write_text(config.read_text() + "markdown:\n  unsafe_html: false\n  engine: comrak\n")
    line = config.read_text().splitlines().index("  engine: comrak") + 1
    code = (
        "import sys; sys.modules['comrak'] = None\n"  # None in sys.modules: import fails
        "from digest.cli import main; sys.exit(main(sys.argv[1:]))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, "build", "-C", str(site)], capture_output=True, text=True, check=False
    )
    assert done.returncode != 0
    assert (
        f"digest.yaml:{line}: markdown.engine: the comrak engine is not installed; "
        "install it with: pip install 'digest[comrak]'"
    ) in done.stderr
    assert not (site / "public").exists()


@pytest.mark.parametrize("engine", ENGINES)
def test_the_configured_engine_renders_the_site(
    engine: str, make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    site = make_site(
        {"content/articles/a.md": article("A", body="A ~single~ and ~~double~~ tilde[^1].\n\n[^1]: Note.\n")}
    )
    config = site / "digest.yaml"
    config.write_text(config.read_text() + f"markdown:\n  engine: {engine}\n")
    result = cli("build", "-C", site)
    assert result.code == 0, result.err
    page = next((site / "public" / "articles").glob("*/index.html")).read_text()
    assert "A ~single~ and <del>double</del> tilde" in page
    assert '<hr class="footnotes-sep" />' in page and 'href="#fnref1"' in page


@pytest.mark.parametrize("engine", ENGINES)
def test_a_deep_outline_is_read_whole_and_deeper_nesting_is_an_error_not_a_lost_tail(
    engine: str, make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    """markdown-it-py stops reading where lists and quotes nest past its limit, and leaves out
    everything after that line: an outline twelve levels deep lost its last levels and the
    rest of the article without a word."""
    outline = "".join("  " * level + f"- level {level}\n" for level in range(12))
    site = make_site({"content/articles/a.md": article("A", body=f"{outline}\nThe last paragraph.\n")})
    (site / "digest.yaml").write_text((site / "digest.yaml").read_text() + f"markdown:\n  engine: {engine}\n")
    result = cli("build", "-C", site)
    assert result.code == 0, result.err
    page = (site / "public/articles/a/index.html").read_text()
    assert "level 11" in page and "The last paragraph." in page
    if engine == "markdown-it":  # comrak has no limit
        quotes = "Lead.\n\n" + ">" * 101 + " deep\n\nThe last paragraph.\n"
        (site / "content/articles/a.md").write_text(article("A", body=quotes))
        result = cli("build", "-C", site)
        assert result.code == 1
        assert (
            "content/articles/a.md:8: lists and quotes nested too deep (over 100 levels, a list counting two): "
            "the Markdown from this line on would be lost" in result.err
        ), result.err


def _grows_linearly(work: Callable[[int], object], n: int) -> None:
    """``work(4n)`` takes about four times ``work(n)``, not sixteen."""

    def seconds(size: int) -> float:
        start = time.perf_counter()
        work(size)
        return time.perf_counter() - start

    work(n)  # warm up
    small, large = min(seconds(n) for _ in range(3)), min(seconds(4 * n) for _ in range(3))
    assert large < 8 * small + 0.05, (small, large)


def test_code_spans_are_taken_out_of_a_line_in_linear_time() -> None:
    """A line of '{' and thousands of backticks (2,000 of them took two minutes)."""
    assert without_code_spans("a `b` c ``d`e`` f `g") == "a  c  f `g"
    assert without_code_spans("``` x ``` y `") == " y `"
    _grows_linearly(lambda n: without_code_spans("{ " + "`" * n + "a"), 20000)
    _grows_linearly(lambda n: without_code_spans(" ".join("`" * (k % 50 + 1) for k in range(n))), 5000)


def test_code_fences_are_read_as_commonmark_reads_them() -> None:
    lines = ["```", "a", "````", "b", "~~~", "```` ", "~~~~ not a fence's end", "~~~~", "c"]
    assert list(fenced_lines(lines)) == [True, True, True, False, True, True, True, True, False]


def test_a_summary_divider_in_code_is_none_and_is_found_in_linear_time() -> None:
    fenced = "```\n<!--more-->\n```\n"
    assert Markdown(False).to_html(fenced).count("more") == 1  # the example shown, not taken as a divider
    _grows_linearly(lambda n: render_markdown(Markdown(False), "```\nx\n```\n" * n + "<!--more-->\n", "a.md"), 2000)


def test_a_heading_id_given_after_many_spaces_is_found_in_linear_time() -> None:
    assert 'id="why"' in Markdown(False).to_html("## Why   {#why}\n")
    _grows_linearly(lambda n: _add_anchors("<h2>x" + " " * n + "{ y</h2>"), 20000)
