"""Turn plain text and small HTML fragments into clean, safe Markdown.

Imported text must never become live HTML: every ``<`` outside code is escaped, so a
``<script>`` in a scrape is shown as text.  Plain text is escaped just enough that Markdown
shows it as written (no accidental emphasis, links, headings or lists).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from digest.urls import link_from

_INLINE_SPECIAL = re.compile(r"([\\`*\[\]<])")
_ENTITY = re.compile(r"&(?=#?\w+;)")
_UNDERSCORE = re.compile(r"(?<![^\W_])_|_(?![^\W_])")  # an underscore at a word edge
_LINE_START = re.compile(r"^(\s*)([#>+=|~-]|\d+[.)](?=\s|$))")
_UNESCAPED_LT = re.compile(r"(?<!\\)((?:\\\\)*)<")
_CODE_SPAN = re.compile(r"(`+)(?:.+?)\1", re.DOTALL)


def escape_text(text: str) -> str:
    """Plain text -> Markdown that renders as exactly that text."""
    text = _INLINE_SPECIAL.sub(r"\\\1", text)
    text = _UNDERSCORE.sub(r"\\_", _ENTITY.sub("&amp;", text))
    return _LINE_START.sub(_escape_line_start, text)


def plain_paragraphs(text: str, line_breaks: bool = False) -> str:
    """Plain text -> Markdown paragraphs that render as that text: a paragraph for each run of
    lines between blank lines, its lines joined; ``line_breaks``: a text without blank lines
    has a paragraph for each line."""
    blank = re.compile(r"\n\s*\n")
    parts = blank.split(text) if not line_breaks or blank.search(text) else text.splitlines()
    return "\n\n".join(escape_text(" ".join(part.split())) for part in parts if part.strip())


def _escape_line_start(match: re.Match[str]) -> str:
    marker = match[2]
    if marker[0].isdigit():
        return f"{match[1]}{marker[:-1]}\\{marker[-1]}"
    return f"{match[1]}\\{marker}"


def escape_raw_html(markdown: str) -> str:
    """Escape every ``<`` outside code in Markdown from elsewhere, so no raw HTML survives."""
    out: list[str] = []
    fenced = False
    for line in markdown.split("\n"):
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
        out.append(line if fenced or line.lstrip().startswith(("```", "~~~")) else _escape_outside_code(line))
    return "\n".join(out)


def _escape_outside_code(line: str) -> str:
    pieces: list[str] = []
    position = 0
    for match in _CODE_SPAN.finditer(line):
        pieces.append(_UNESCAPED_LT.sub(r"\1\\<", line[position : match.start()]))
        pieces.append(match[0])
        position = match.end()
    pieces.append(_UNESCAPED_LT.sub(r"\1\\<", line[position:]))
    return "".join(pieces)


def render_fragment(html_text: str, base: str | None = None) -> str:
    """A small HTML fragment (a feed entry's content) -> Markdown; unknown tags keep their
    text; a relative link is made absolute against ``base`` (the entry's address), else left
    as its text."""
    parser = _FragmentParser(base)
    parser.feed(html_text)
    parser.close()
    return parser.markdown()


def render_plain(html_text: str) -> str:
    """The text of an HTML fragment on one line, for titles and summaries."""
    parser = _FragmentParser()
    parser.feed(html_text)
    parser.close()
    return " ".join("".join(parser.raw_text).split())


# Elements that start a block of their own, apart from the text around them.
BLOCKS = {"p", "div", "section", "article", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote",
           "pre", "ul", "ol", "figure", "figcaption", "table", "tr", "header", "footer", "hr"}  # fmt: skip
_SKIPPED = {"script", "style", "iframe", "noscript", "object", "embed", "template", "svg", "form", "button"}
_EMPHASIS = {"strong": "**", "b": "**", "em": "*", "i": "*"}


class _FragmentParser(HTMLParser):
    """Collects Markdown blocks while walking an HTML fragment."""

    def __init__(self, base: str | None = None) -> None:
        super().__init__(convert_charrefs=True)
        self.base = base
        self.blocks: list[str] = []
        self.inline: list[str] = []
        self.raw_text: list[str] = []
        self.prefix = ""
        self.lists: list[list[int]] = []  # per open list: [ordered?, next number]
        self.quote_depth = 0
        self.skip_depth = 0
        self.link: str | None = None
        self.link_start = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED:
            self.skip_depth += 1
        elif self.skip_depth:
            return
        elif tag in BLOCKS or tag == "br":
            self._start_block(tag)
        elif tag in _EMPHASIS:
            self.inline.append(_EMPHASIS[tag])
        elif tag == "a":
            self.link = dict(attrs).get("href") or None
            self.link_start = len(self.inline)

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED:
            self.skip_depth = max(0, self.skip_depth - 1)
        elif self.skip_depth:
            return
        elif tag in BLOCKS:
            self._end_block(tag)
        elif tag in _EMPHASIS:
            self._close_emphasis(_EMPHASIS[tag])
        elif tag == "a":
            self._close_link()

    def handle_data(self, data: str) -> None:
        if self.skip_depth:
            return
        self.raw_text.append(data)
        text = re.sub(r"\s+", " ", data)
        if text.strip() or (self.inline and not self.inline[-1].endswith(" ")):
            self.inline.append(escape_text(text) if text.strip() else " ")

    def _start_block(self, tag: str) -> None:
        self._flush()
        if tag in ("ul", "ol"):
            self.lists.append([tag == "ol", 1])
        elif tag == "blockquote":
            self.quote_depth += 1
        elif tag == "li":
            self.prefix = self._list_marker()
        elif tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self.prefix = "#" * int(tag[1]) + " "
        elif tag == "hr":
            self.blocks.append("* * *")

    def _end_block(self, tag: str) -> None:
        self._flush()
        if tag in ("ul", "ol") and self.lists:
            self.lists.pop()
        elif tag == "blockquote":
            self.quote_depth = max(0, self.quote_depth - 1)

    def _list_marker(self) -> str:
        if not self.lists:
            return "- "
        current = self.lists[-1]
        indent = "  " * (len(self.lists) - 1)
        if current[0]:
            current[1] += 1
            return f"{indent}{current[1] - 1}. "
        return f"{indent}- "

    def _close_emphasis(self, marker: str) -> None:
        for index in range(len(self.inline) - 1, -1, -1):
            if self.inline[index] == marker:
                self.inline[index:] = [_wrap("".join(self.inline[index + 1 :]), marker, marker)]
                return

    def _close_link(self) -> None:
        text = "".join(self.inline[self.link_start :])
        link = link_from(self.link, self.base) if self.link else None
        if link and text.strip() and re.match(r"(?i)https?://|mailto:", link):
            href = link.replace(" ", "%20").replace("(", "%28").replace(")", "%29")
            self.inline[self.link_start :] = [_wrap(text, "[", f"]({href})")]
        self.link = None

    def _flush(self) -> None:
        text = " ".join("".join(self.inline).split())
        self.inline = []
        if text:
            quote = "> " * self.quote_depth
            self.blocks.append(f"{quote}{self.prefix}{text}")
        self.prefix = ""

    def markdown(self) -> str:
        self._flush()
        return "\n\n".join(_join_lists(self.blocks))


def _wrap(text: str, before: str, after: str) -> str:
    """``before`` + text + ``after``, keeping the text's outer spaces outside the markers."""
    inner = text.strip()
    if not inner:
        return text
    lead = " " if text[0].isspace() else ""
    trail = " " if text[-1].isspace() else ""
    return f"{lead}{before}{inner}{after}{trail}"


def _join_lists(blocks: list[str]) -> list[str]:
    """Consecutive items of one kind of list form one list (no blank lines between them)."""
    joined: list[str] = []
    for block in blocks:
        kind = _item_kind(block)
        if kind and joined and _item_kind(joined[-1].split("\n")[-1]) == kind:
            joined[-1] += "\n" + block
        else:
            joined.append(block)
    return joined


def _item_kind(block: str) -> str | None:
    match = re.match(r"(?:> )*\s*(-|\d+\.) ", block)
    return None if match is None else ("-" if match[1] == "-" else "1.")
