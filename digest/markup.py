"""The one Markdown renderer: CommonMark with tables, strikethrough, footnotes and heading anchors.

markdown-it-py renders by default, and its HTML is the reference.  comrak (Rust, about thirty
times faster) is an opt-in (``markdown: {engine: comrak}`` and ``pip install 'digest[comrak]'``)
whose HTML is brought to the same form here: footnotes (ids, labels, separator, back-links),
strikethrough with two tildes only, no attributes of its own.  Either way the HTML then goes
through the same steps: heading anchors, table alignment as CSS, ids made unique for the page
(``id_prefix``), and link marking.

Raw HTML is left out unless the site opts in, as Hugo does.  Links to other content
files (``[see](../articles/x.md)``) are marked ``@md:<content path>`` here and resolved
by ``content`` once every page is known; ``@/`` marks a site-root-relative URL that
``render`` turns into a relative link for the page it lands on.
"""

from __future__ import annotations

import collections
import functools
import html as htmllib
import posixpath
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, unquote, urlsplit

from digest.config import MARKDOWN_ENGINE_ALIASES, MarkdownOptions, markdown_engine_problem, markdown_plugin
from digest.errors import ContentError, DigestError
from digest.layout import CONTENT_DIR, PUBLISHED_FOLDERS, as_typed
from digest.model import CONTENT_LINK, KINDS, SITE_ROOT, count_words, slugify

RAW_HTML_OMITTED = "<!-- raw HTML omitted -->"
ANCHOR_LEVELS = "1234"
DEFAULT_ENGINE = "markdown-it"
# Ids the themes give their own elements: a heading anchor never takes one.
RESERVED_IDS = frozenset(
    {"main", "content", "top", "related-heading", "latest-articles", "latest-digests"}
    | {"search-query", "search-status", "search-results", "search-more"}
)

_HEADING = re.compile(r"<h([1-6])>(.*?)</h\1>", re.DOTALL)
# The id a heading gives itself at its end, as Hugo (goldmark) and Jekyll (kramdown) read it:
# ``{#why}``, ``{: #why .lead}`` (classes are not kept).
_GIVEN_ID = re.compile(r"\{:?[ \t]*#([A-Za-z][\w:.-]*)(?:[ \t]+\.[A-Za-z][\w-]*)*[ \t]*\}\s*$")
# Kramdown's block attribute list on the line under a heading (Jekyll's ``## Why\n{: #why}``),
# which the engines render as a paragraph of its own: moved to the heading's end.
_NEXT_LINE_ID = re.compile(r"(</h[1-6]>)\n<p>(\{:[ \t]*#[A-Za-z][\w:.-]*(?:[ \t]+\.[A-Za-z][\w-]*)*[ \t]*\})</p>\n?")
_ID_ATTR = re.compile(r'(\sid="|<a href="#)([^"]*)"')
_EXISTING_ID = re.compile(r'\sid="([^"]*)"')
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
    # Images at a path from the file that is not published (outside its folder, say): their
    # address as written, the path it names and its line.
    unpublished_images: tuple[tuple[str, str, int], ...] = ()
    # Files of the file's folder it names, published beside its page (``bundle``): their path and line.
    beside: tuple[tuple[str, int], ...] = ()


class Markdown:
    """A configured renderer; cheap to make and to call, so one serves a whole build.

    Raises ``DigestError`` for an unknown engine or one that is not installed.
    """

    def __init__(
        self,
        unsafe_html: bool = False,
        engine: str | None = None,
        plugins: tuple[str, ...] = (),
        extensions: tuple[Callable[..., Any], ...] = (),
    ):
        self.unsafe_html = unsafe_html
        self.extensions = extensions
        self.engine = MARKDOWN_ENGINE_ALIASES.get(engine or DEFAULT_ENGINE, engine or DEFAULT_ENGINE)
        problem = markdown_engine_problem(self.engine)
        if problem is not None:
            raise DigestError(f"markdown.engine: {problem}")
        if plugins or extensions:  # markdown-it-py plugins: comrak cannot run them
            if self.engine != "markdown-it":
                raise DigestError("markdown.plugins: markdown-it-py plugins cannot run with engine comrak")
            try:
                self._to_html = _markdown_it(unsafe_html, plugins, extensions)
            except DigestError:
                raise
            except (Exception, SystemExit) as error:  # a plugin's md.use() that fails
                raise DigestError(
                    f"markdown plugins: one could not be set up: {type(error).__name__}: {error}"
                ) from None
        else:
            self._to_html = _ENGINES[self.engine](unsafe_html)

    @classmethod
    def of(cls, options: MarkdownOptions) -> Markdown:
        """The renderer ``markdown:`` in digest.yaml (and the site's plugins) ask for."""
        return cls(options.unsafe_html, options.engine, options.plugins, options.extensions)

    def failed(self, error: BaseException) -> str:
        """An exception of the engine told in a message: with the plugin and line it came from
        when a digest plugin's rule raised it."""
        for extension in self.extensions:
            if getattr(extension, "raised", lambda _error: False)(error):  # (plugins.NamedExtension)
                return str(extension.told(error))  # type: ignore[attr-defined]
        return f"{type(error).__name__}: {error}"

    def to_html(self, text: str, id_prefix: str = "") -> str:
        """The engine's HTML with anchors on headings, table alignment as CSS, and every id
        (and every link to one of them) prefixed with ``id_prefix``; a link to an id the text
        does not have (``#top``, another part of the page) is left as written."""
        html = self._to_html(text)
        if "<h" in html:
            html = _add_anchors(html)
        if " align=" in html:
            html = _CELL_ALIGN.sub(r'<\1 style="text-align:\2">', html)
        if id_prefix:
            own = set(_EXISTING_ID.findall(html))

            def prefixed(match: re.Match[str]) -> str:
                if match[1].startswith("<a") and match[2] not in own:
                    return match[0]
                return f'{match[1]}{id_prefix}{match[2]}"'

            html = _ID_ATTR.sub(prefixed, html)
        return html


def render_markdown(
    markdown: Markdown,
    text: str,
    source_path: str,
    id_prefix: str = "",
    line_offset: int = 0,
    bundle: str | None = None,
) -> RenderedMarkdown:
    """Render ``text`` (from ``source_path``, relative to the site folder, its first line
    ``line_offset`` lines into the file) to HTML.

    ``id_prefix`` keeps the ids of a fragment (heading anchors, footnotes) apart from the other
    fragments on one page, e.g. ``pick-3-`` for the note of a digest's third pick.  ``bundle``:
    the address of the file's page (``articles/harbour/``), beside which the files of its folder
    that it names are published (``photo.png``, ``img/map.png``; a page bundle's all of them).
    """
    teaser = None
    try:
        if "<!--more-->" in text and (divider := _more_divider(text)):
            # Hugo's summary divider: the paragraphs above it are the summary; its line is left empty.
            above = _FOOTNOTE_MARK.sub("", text[: divider[0]])
            teaser = " ".join(_paragraphs(markdown.to_html(above, id_prefix)))
            text = text[: divider[0]] + text[divider[1] :]
        html = markdown.to_html(text, id_prefix)
    except TooDeep as error:
        message = (
            f"lists and quotes nested too deep (over {MAX_NESTING} levels, a list counting two): "
            "the Markdown from this line on would be lost"
        )
        raise ContentError(message, source_path, line_offset + error.line) from None
    except (Exception, SystemExit) as error:  # a Markdown plugin's rule, say: the file is named, not a traceback
        raise ContentError(f"Markdown: {markdown.failed(error)}", source_path, 1) from None
    html, links, unpublished, beside = _mark_site_links(html, text, source_path, bundle)
    return RenderedMarkdown(
        html=html,
        first_paragraph=first_paragraph(html) if teaser is None else teaser,
        word_count=count_words(text),
        links=links,
        unpublished_images=unpublished,
        beside=beside,
    )


# Hugo's summary divider, on a line of its own; footnote references, whose notes are below it.
_MORE = re.compile(r" {0,3}<!--more-->[ \t]*")
_FOOTNOTE_MARK = re.compile(r"\[\^[^\]\s]+\]")
_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})")
_BACKTICKS = re.compile(r"`+")


def _more_divider(text: str) -> tuple[int, int] | None:
    """Where Hugo's summary divider is in ``text`` (its line's start and end), unless it is
    inside a fenced code block."""
    position = 0
    lines = text.split("\n")
    for line, fenced in zip(lines, fenced_lines(lines), strict=True):
        if not fenced and _MORE.fullmatch(line):
            return position, position + len(line)
        position += len(line) + 1
    return None


def fenced_lines(lines: Sequence[str]) -> Iterator[bool]:
    """For each line of Markdown, whether it belongs to a fenced code block (its fences too),
    as CommonMark reads fences: a line of three or more backticks or tildes opens one, a line
    of as many or more of the same, and nothing else, closes it."""
    fence = ""
    for line in lines:
        opened = _FENCE.match(line)
        if fence:
            if (
                opened
                and opened[1][0] == fence[0]
                and len(opened[1]) >= len(fence)
                and not line[opened.end() :].strip()
            ):
                fence = ""
            yield True
        elif opened:
            fence = opened[1]
            yield True
        else:
            yield False


def without_code_spans(line: str) -> str:
    """``line`` without its code spans (a run of backticks up to the next run of as many), in
    linear time, however many backticks it has."""
    if "`" not in line:
        return line
    runs = [(run.start(), run.end()) for run in _BACKTICKS.finditer(line)]
    of_length: dict[int, collections.deque[int]] = collections.defaultdict(collections.deque)
    for index, (start, end) in enumerate(runs):
        of_length[end - start].append(index)
    kept, position, index = [], 0, 0
    while index < len(runs):
        start, end = runs[index]
        same = of_length[end - start]
        while same and same[0] <= index:
            same.popleft()
        if not same:  # no closing run: the backticks are text
            index += 1
            continue
        closing = same.popleft()
        kept.append(line[position:start])
        position, index = runs[closing][1], closing + 1
    kept.append(line[position:])
    return "".join(kept)


@functools.cache
def _markdown_it(
    unsafe_html: bool, plugins: tuple[str, ...] = (), extensions: tuple[Callable[..., Any], ...] = ()
) -> Callable[[str], str]:
    """One configured MarkdownIt per setting, made once per process; ``plugins`` are
    mdit-py-plugins by name, ``extensions`` markdown-it-py plugins given by digest plugins."""
    from markdown_it import MarkdownIt
    from mdit_py_plugins.footnote import footnote_plugin

    md = MarkdownIt("commonmark", {"html": True, "linkify": False, "typographer": False})
    md.enable(["table", "strikethrough"])
    md.use(footnote_plugin)
    for name in plugins:
        plugin = markdown_plugin(name)
        assert plugin is not None  # names are checked with the configuration
        md.use(plugin)
    for extension in extensions:
        try:
            md.use(extension)
        except (Exception, SystemExit) as error:
            told = getattr(extension, "told", None)  # (plugins.NamedExtension)
            if told is None:
                raise
            raise DigestError(told(error), "digest.yaml") from None
    md.add_render_rule("s_open", lambda self, tokens, idx, options, env: "<del>")
    md.add_render_rule("s_close", lambda self, tokens, idx, options, env: "</del>")
    if not unsafe_html:
        md.add_render_rule("html_block", lambda self, tokens, idx, options, env: RAW_HTML_OMITTED + "\n")
        md.add_render_rule("html_inline", _omit_inline_html)
    tokenize = md.block.tokenize

    def tokenize_all(state: Any, start: int, end: int) -> None:
        """markdown-it-py's block tokenizer, which drops every line from ``start`` to ``end``
        (to the end of the text, in a list) where the nesting is at its limit: noted, for an error."""
        if state.level >= MAX_NESTING and "too_deep" not in state.env:
            first = state.skipEmptyLines(start)
            if first < end and state.sCount[first] >= state.blkIndent:
                state.env["too_deep"] = first + 1
        tokenize(state, start, end)

    md.block.tokenize = tokenize_all  # type: ignore[method-assign,assignment]

    # One option limits both: lists and quotes get MAX_NESTING, inline markup (links in links,
    # emphasis) keeps the commonmark preset's, which bounds its cost on hostile text.
    def nesting(limit: int) -> Callable[[Any], None]:
        def rule(state: Any) -> None:
            state.md.options["maxNesting"] = limit

        return rule

    md.core.ruler.before("block", "digest_block_nesting", nesting(MAX_NESTING))
    md.core.ruler.after("block", "digest_inline_nesting", nesting(INLINE_NESTING))

    def render(text: str) -> str:
        env: dict[str, Any] = {}
        tokens = md.parse(text, env)
        if "too_deep" in env:
            raise TooDeep(env["too_deep"])
        return str(md.renderer.render(tokens, md.options, env))

    return render


MAX_NESTING = 100  # lists (two levels each: the list, its item) and quotes in one another, as markdown-it's default
INLINE_NESTING = 20  # links and emphasis in one another, as the commonmark preset


class TooDeep(Exception):
    """Markdown nested past ``MAX_NESTING`` at ``line`` of its text (from 1)."""

    def __init__(self, line: int):
        super().__init__(line)
        self.line = line


# The checkbox mdit-py-plugins' tasklists writes as inline HTML: harmless, so kept when raw HTML is not.
_TASK_CHECKBOX = re.compile(
    r'<input class="task-list-item-checkbox"( checked="checked")? disabled="disabled" type="checkbox">'
)


def _omit_inline_html(self: Any, tokens: Any, idx: int, options: Any, env: Any) -> str:
    content = tokens[idx].content
    return str(content) if _TASK_CHECKBOX.fullmatch(content) else RAW_HTML_OMITTED


@functools.cache
def _comrak(unsafe_html: bool) -> Callable[[str], str]:
    import comrak

    extension = comrak.ExtensionOptions()
    extension.table = True
    extension.strikethrough = True
    extension.subscript = True  # then strikethrough takes two tildes; ~one~ is put back as text
    extension.footnotes = True
    parse = comrak.ParseOptions()
    render = comrak.RenderOptions()
    render.unsafe_ = unsafe_html  # otherwise raw HTML becomes RAW_HTML_OMITTED
    render.sourcepos = True  # tells comrak's own <sub> from one written in raw HTML

    def to_html(text: str) -> str:
        return _as_markdown_it(str(comrak.render_markdown(text, extension, parse, render)))

    return to_html


_ENGINES: dict[str, Callable[[bool], Callable[[str], str]]] = {"comrak": _comrak, "markdown-it": _markdown_it}

_COMRAK_SUB = re.compile(r'<sub data-sourcepos="[^"]*">(.*?)</sub>', re.DOTALL)
_COMRAK_SOURCEPOS = re.compile(r' data-sourcepos="[^"]*"')
_COMRAK_REF = re.compile(r'<a href="#fn-([^"]*)" id="fnref-([^"]*)" data-footnote-ref>(\d+)</a>')
_COMRAK_SECTION = '<section class="footnotes" data-footnotes>\n<ol>\n'
_COMRAK_ITEM = re.compile(r'<li id="fn-([^"]*)">\n')
_COMRAK_BACKREF = re.compile(
    r'(\n?)<a href="#fnref-([^"]*)" class="footnote-backref" data-footnote-backref'
    r' data-footnote-backref-idx="[^"]*" aria-label="[^"]*">↩(?:<sup class="footnote-ref">\d+</sup>)?</a>(\n</li>)?'
)
_MARKDOWN_IT_SECTION = '<hr class="footnotes-sep" />\n<section class="footnotes">\n<ol class="footnotes-list">\n'


def _as_markdown_it(html: str) -> str:
    """comrak's HTML in markdown-it-py's form: its footnotes, and single tildes left as text."""
    if "data-sourcepos" in html:
        if "<sub" in html:
            html = _COMRAK_SUB.sub(r"~\1~", html)
        html = _COMRAK_SOURCEPOS.sub("", html)
    if _COMRAK_SECTION in html:
        html = _comrak_footnotes(html)
    return html


def _comrak_footnotes(html: str) -> str:
    """fn-<name>/fnref-<name>-2 and labels 1 -> fn1/fnref1:1 and [1]/[1:1]; markdown-it's
    separator, list classes and plain back-links."""
    numbers: dict[str, str] = {}  # footnote name -> its number
    refs: dict[str, str] = {}  # comrak's id of a reference -> markdown-it's (without "fnref")

    def ref(match: re.Match[str]) -> str:
        name, ref_id, number = match.groups()
        numbers[name] = number
        repeat = ref_id[len(name) + 1 :] if ref_id != name else ""
        suffix = f":{int(repeat) - 1}" if repeat.isdigit() else ""
        refs[ref_id] = f"{number}{suffix}"
        return f'<a href="#fn{number}" id="fnref{number}{suffix}">[{number}{suffix}]</a>'

    def backref(match: re.Match[str]) -> str:
        newline, ref_id, closing = match.groups()
        link = f'<a href="#fnref{refs.get(ref_id, ref_id)}" class="footnote-backref">↩︎</a>'
        return ("\n " if newline else "") + link + ("</li>" if closing else "")

    body, _, notes = html.partition(_COMRAK_SECTION)
    body = _COMRAK_REF.sub(ref, body)
    notes = _COMRAK_ITEM.sub(
        lambda match: f'<li id="fn{numbers.get(match[1], match[1])}" class="footnote-item">', notes
    )
    notes = _COMRAK_BACKREF.sub(backref, notes)
    return body + _MARKDOWN_IT_SECTION + notes


def _given_id(inner: str) -> re.Match[str] | None:
    """The ``{#id}`` that ends a heading's HTML (looked for from its last brace: linear time)."""
    return _GIVEN_ID.match(inner, inner.rfind("{")) if "{" in inner else None


def _add_anchors(html: str) -> str:
    """``id`` attributes on headings of levels 1-4, from their text, unique in the document:
    not taken by another heading, by an id already in the HTML (footnotes) or by the theme."""
    if "<p>{:" in html:
        html = _NEXT_LINE_ID.sub(lambda found: f" {found[2]}{found[1]}\n", html)
    used = set(RESERVED_IDS)
    if 'id="' in html:
        used.update(_EXISTING_ID.findall(html))
    given: set[str] = set()  # ids headings give themselves ({#why}), each taken by its first heading
    if "{" in html:
        for found in _HEADING.finditer(html):
            if (own := _given_id(found[2])) and own[1] not in used:
                given.add(own[1])
        used |= given
    next_number: dict[str, int] = {}  # base slug -> the suffix to try next: linear in headings

    def anchor(match: re.Match[str]) -> str:
        level, inner = match.groups()
        own = _given_id(inner) if given or "{" in inner else None
        if own is not None:
            inner = inner[: own.start()].rstrip()
            if own[1] in given:
                given.discard(own[1])
                return f'<h{level} id="{own[1]}">{inner}</h{level}>'
        if level not in ANCHOR_LEVELS:
            return match.group(0) if own is None else f"<h{level}>{inner}</h{level}>"
        base = slugify(_plain_text(inner)) or "section"
        slug = base
        while slug in used:
            number = next_number.get(base, 1)
            next_number[base] = number + 1
            slug = f"{base}-{number}"
        used.add(slug)
        return f'<h{level} id="{slug}">{inner}</h{level}>'

    return _HEADING.sub(anchor, html)


def _mark_site_links(
    html: str, text: str, source_path: str, bundle: str | None = None
) -> tuple[str, tuple[ContentLink, ...], tuple[tuple[str, str, int], ...], tuple[tuple[str, int], ...]]:
    """Mark links to content files and content static files; note where each content link is,
    each image at a path that is not published, and each file of the folder, published beside
    the page (``bundle``)."""
    if "<a href=" not in html and "<img src=" not in html:
        return html, (), (), ()
    links: list[ContentLink] = []
    unpublished: list[tuple[str, str, int]] = []
    beside: list[tuple[str, int]] = []
    cursor = [0, 1]  # where in ``text`` the last content link was found, and its line

    def mark(match: re.Match[str]) -> str:
        prefix, escaped = match.groups()
        href = htmllib.unescape(escaped)
        found = _site_link(href, source_path, image=prefix == '<img src="', bundle=bundle)
        if found is None:
            if prefix == '<img src="' and (target := _unpublished_image(href, source_path)):
                unpublished.append((href, target, _line_of(text, href, cursor)))
            return match.group(0)
        new, target = found
        if new.startswith(CONTENT_LINK):
            links.append(ContentLink(target, _line_of(text, href, cursor)))
        elif not target.startswith(PUBLISHED_FOLDERS):  # (a file of its folder, beside the page)
            beside.append((target, _line_of(text, href, cursor)))
        return f'{prefix}{htmllib.escape(new)}"'

    return _LINK_ATTR.sub(mark, html), tuple(links), tuple(unpublished), tuple(beside)


def _unpublished_image(src: str, source_path: str) -> str | None:
    """The path an image's address names from its file when that is a file of content/ that
    is not published (not under content/static/ or content/root/, nor the file's own folder
    when it has a page: ``../photos/x.jpg``), else None.  (Raw HTML's addresses, written from the page, lead out of content/.)"""
    parts = urlsplit(src)
    if parts.scheme or parts.netloc or not parts.path or parts.path.startswith("/"):
        return None
    target = posixpath.normpath(posixpath.join(posixpath.dirname(source_path), unquote(parts.path)))
    return target if target.startswith("content/") else None


def _site_link(href: str, source_path: str, image: bool = False, bundle: str | None = None) -> tuple[str, str] | None:
    """Rewrite a relative link to a content file or to a file published from content/static/
    or content/root/ (or, from a file whose page is at ``bundle``, from its own folder: published
    beside that page), or a link to ``/articles/x.md`` (a content file from content/, as Hugo
    names pages) or ``/static/…`` (and an ``image`` at any path, ``/logo.png``
    of content/root/) from the site's root, else None (another link from the root is left as
    written: ``digest check`` says when it leaves a site published under a sub-path).  The new link, with its path percent-encoded (a file named ``p#1.png`` is ``p%231.png``),
    and the content path it names."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or not parts.path:
        return None
    rest = (f"?{parts.query}" if parts.query else "") + (f"#{parts.fragment}" if parts.fragment else "")
    if parts.path.startswith("/"):  # from the site's root: /static/x.png is content/static/x.png
        path = as_typed(unquote(parts.path[1:]))  # as typed; files stored otherwise are published so too
        # A content file from content/ (or from the repository's root: /content/articles/x.md)
        target = posixpath.normpath(path if path.startswith("content/") else f"content/{path}")
        if not image and target.endswith(".md") and target.split("/")[:2] in ([CONTENT_DIR, kind] for kind in KINDS):
            return f"{CONTENT_LINK}{quote(target)}{rest}", target
        if path.startswith("static/"):
            return f"{SITE_ROOT}{quote(path)}{rest}", f"content/{path}"
        return (f"{SITE_ROOT}{quote(path)}{rest}", f"content/root/{path}") if image and path else None
    own_folder = as_typed(posixpath.dirname(source_path))
    target = as_typed(posixpath.normpath(posixpath.join(own_folder, unquote(parts.path))))
    if target.endswith(".md") and target.startswith("content/"):
        return f"{CONTENT_LINK}{quote(target)}{rest}", target
    for folder, published in (("content/static/", "static/"), ("content/root/", "")):
        if target.startswith(folder):
            return f"{SITE_ROOT}{quote(published + target[len(folder) :])}{rest}", target
    if bundle is not None and target.startswith(own_folder + "/") and "\\" not in target:
        # (a backslash parting folders, as on Windows, names no file: left as written, for check to tell)
        return f"{SITE_ROOT}{quote(bundle + target[len(own_folder) + 1 :])}{rest}", target
    return None


def _line_of(text: str, href: str, cursor: list[int]) -> int:
    """The line of the Markdown text where a link's destination is written (1 if not found).

    Links come in the order they are written, so each is looked for from where the last
    one was found (``cursor``: that offset and its line): linear in the number of links."""
    for written in (href, unquote(href), href.split("#", 1)[0], unquote(href.split("#", 1)[0])):
        if not written:
            continue
        index = text.find(written, cursor[0])
        if index >= 0:
            cursor[1] += text.count("\n", cursor[0], index)
            cursor[0] = index
            return cursor[1]
    for written in (href, unquote(href)):  # written before the last one (a reference definition)
        index = text.find(written, 0, cursor[0])
        if written and index >= 0:
            return text.count("\n", 0, index) + 1
    return 1


def first_paragraph(html: str) -> str:
    """The plain text of the first non-empty paragraph outside lists, quotes and tables."""
    return next(_paragraphs(html), "")


def _paragraphs(html: str) -> Iterator[str]:
    """The plain text of each non-empty paragraph outside lists, quotes and tables."""
    depth = 0
    for match in _BLOCK_TAG.finditer(html):
        closing, name = match.groups()
        if name != "p":
            depth += -1 if closing else 1
        elif not closing and depth == 0:
            end = html.find("</p>", match.end())
            text = " ".join(_plain_text(html[match.end() : end if end >= 0 else len(html)]).split())
            if text:
                yield text


def _plain_text(fragment: str) -> str:
    if "<" in fragment:
        fragment = _TAG.sub("", _COMMENT.sub("", _FOOTNOTE_REF.sub("", fragment)))
    return htmllib.unescape(fragment)
