"""A page's HTML -> what its search index holds of it, read as Pagefind reads a page.

Pagefind's own reading (its ``fossick`` step) is followed rule by rule, so a theme marks its
pages as Pagefind's documentation says and the index written from them (``search_bundle``)
answers as Pagefind's would: the text of the ``data-pagefind-body`` elements (of the whole
page when none is marked) without ``data-pagefind-ignore`` elements and the elements Pagefind
leaves out (navigation, footers, forms, scripts, ...); headings weigh more (``h1`` 7 ... ``h6``
2, or ``data-pagefind-weight``); ``data-pagefind-meta``, ``-filter``, ``-sort`` and
``-default-meta`` in each of their forms; the first ``h1`` (else the ``<title>``) as the title
and the first image after it; elements with an ``id`` as anchors.  Words are lower-cased and
cut to letters and digits, and compound words (``COVID-19``, ``page.Find``, ``camelCase``)
indexed in their parts as well (stemming is the bundle's: ``search_bundle``).  Pagefind's
extended build splits Chinese, Japanese and Thai text into words; here, as in its standard
build, such text is split at spaces only.
"""

from __future__ import annotations

import functools
import html as html_entities
import re
from dataclasses import dataclass, field, replace
from typing import Any

import regex

from digest.model import CJK_RANGES

# Characters kept inside words besides letters and digits (Pagefind's default: the
# "Punctuation, Connector" category).
WORD_SYMBOLS = ("_", "‿", "⁀", "⁔", "︳", "︴", "﹍", "﹎", "﹏", "＿")
TEXT_WEIGHT = 24  # the weight of ordinary text, 1.0 (weights are kept as 24ths, 0 to 240)

_SENTENCE = frozenset(["h1", "h2", "h3", "h4", "h5", "h6", "p", "td", "div", "ul", "li", "article", "section"])
_INLINE = frozenset(
    [
        "a",
        "abbr",
        "acronym",
        "b",
        "bdo",
        "big",
        "br",
        "button",
        "cite",
        "code",
        "dfn",
        "em",
        "i",
        "img",
        "input",
        "kbd",
        "label",
        "map",
        "object",
        "output",
        "q",
        "samp",
        "script",
        "select",
        "small",
        "span",
        "strong",
        "sub",
        "sup",
        "textarea",
        "time",
        "tt",
        "var",
    ]
)
_REMOVED = frozenset(
    ["head", "style", "script", "noscript", "label", "form", "svg", "footer", "nav", "iframe", "template"]
)
VOID_ELEMENTS = frozenset(
    ["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"]
)
RAW_TEXT_ELEMENTS = frozenset(
    ["script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "noscript"]
)
_READ_TAGS = frozenset(("html", "img"))  # whose attributes matter even without data-pagefind-*
_READ_VOID = frozenset(("br", "img"))  # void elements that matter without any attribute read
# HTML's elements that have content: a "/>" ending one of their start tags is ignored, as browsers
# do (it ends only foreign elements, such as those inside <svg>).
HTML_ELEMENTS = frozenset(
    [
        "html",
        "head",
        "body",
        "div",
        "span",
        "p",
        "a",
        "ul",
        "ol",
        "li",
        "dl",
        "dt",
        "dd",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "section",
        "article",
        "aside",
        "nav",
        "header",
        "footer",
        "main",
        "table",
        "caption",
        "thead",
        "tbody",
        "tfoot",
        "tr",
        "td",
        "th",
        "em",
        "strong",
        "b",
        "i",
        "u",
        "s",
        "small",
        "code",
        "pre",
        "kbd",
        "samp",
        "var",
        "blockquote",
        "q",
        "cite",
        "abbr",
        "figure",
        "figcaption",
        "form",
        "fieldset",
        "legend",
        "label",
        "button",
        "select",
        "option",
        "optgroup",
        "textarea",
        "output",
        "title",
        "script",
        "style",
        "iframe",
        "noscript",
        "template",
        "time",
        "mark",
        "sub",
        "sup",
        "del",
        "ins",
        "picture",
        "video",
        "audio",
        "canvas",
        "details",
        "summary",
        "dialog",
        "address",
        "bdi",
        "bdo",
        "data",
        "dfn",
        "ruby",
        "rt",
        "rp",
        "object",
        "map",
        "slot",
    ]
)
# Elements that are passed over whole outside a marked body when nothing in them is read there.
_SKIPPABLE = frozenset(
    [
        "header",
        "nav",
        "footer",
        "aside",
        "section",
        "div",
        "ul",
        "ol",
        "form",
        "figure",
        "table",
        "svg",
        "p",
        "li",
        "dl",
    ]
)
_MATTERS = re.compile(
    r"data-pagefind-(?:meta|default-meta|filter|sort|body)|<(?:h1|title|img|html|script|style|textarea|xmp|iframe|noembed|noframes|noscript)\b|<!--",
    re.I,
)
_BODY_MARK = re.compile(r"data-pagefind-body", re.I)
_ELEMENT_TAGS: dict[str, re.Pattern[str]] = {}  # tag -> its start and end tags (element_end)
_NONE: dict[str, str] = {}
_HEADING_WEIGHT = {"h1": "7", "h2": "6", "h3": "5", "h4": "4", "h5": "3", "h6": "2"}

_TAG = re.compile(
    r"<!--.*?(?:-->|$)|<![^>]*>|<\?[^>]*>|<(/?)([A-Za-z][^\s/>]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>", re.S
)
_ATTRIBUTE = re.compile(r"""([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?""")
_ATTRIBUTE_PAIR = re.compile(r"^\s*(?P<name>[^:\[\]]+)\[(?P<attribute>.+)\]\s*$")
_SENTENCE_END = regex.compile(r"[\p{Alphabetic}\p{M}\p{Nd}\p{Pc}\p{Join_Control}'\"\)\$\*]")  # Rust's \w and more
_SPACES = re.compile(r"\s")
_TRIM = re.compile(r"^[\n\r\s]+|[\n\r\s]+$")
_NEWLINES = re.compile(r"(\n|\r\n)+")
_EXTRA_SPACES = re.compile(r"\s{2,}")
_ASCII_PUNCTUATION = re.compile(r"""[!"#$%&'()*+,\-./:;<=>?@\[\\\]^_`{|}~]+""")
# Unicode properties as Rust reads them (Pagefind's): the third-party ``regex`` knows them.
_NOT_ASCII_WORD = re.compile(r"[^A-Za-z0-9_]")
_WORD_CHARACTER = regex.compile(r"[\p{Alphabetic}\p{Nd}\p{Nl}\p{No}" + "".join(WORD_SYMBOLS) + "]")
_CASE_BOUNDARY = regex.compile(
    r"(?<=\p{Ll})(?=\p{Lu})|(?<=[\p{Lu}\p{Ll}])(?=[0-9](?!\p{M}))|(?<=[0-9])(?=[\p{Lu}\p{Ll}])|(?<=\p{Lu})(?=\p{Lu}\p{Ll})"
)
_EMOJI = regex.compile(r"\p{Emoji}")
_GRAPHEME = regex.compile(r"\X")
_PICTOGRAPHIC = regex.compile(r"\p{Extended_Pictographic}")
_FLAG = regex.compile(r"\p{Regional_Indicator}{2}")

# Node states, as Pagefind names them.
INDEXING, IGNORED, EXCLUDED, BODY, PARENT_OF_BODY = range(5)


@dataclass(frozen=True)
class PageText:
    """What the index holds of one page: its fragment (shown with a result) and its words
    (as indexed, before stemming -> ``position << 8 | weight`` of each place, in order)."""

    url: str
    content: str
    word_count: int
    filters: dict[str, list[str]]
    meta: dict[str, str]
    anchors: list[dict[str, Any]]
    sort: dict[str, str]
    words: dict[str, list[int]]
    language: str
    has_body: bool  # the page marks its text with data-pagefind-body
    # What the bundle made of the words (search_bundle's postings), by the meta fields they were
    # numbered with: kept with the page, so an unchanged page costs nothing the next time.
    encoded: dict[tuple[str, ...], Any] = field(default_factory=dict, compare=False, repr=False)
    # Its fragment file as the bundle wrote it: the JSON, then the same compressed.
    fragment_file: list[bytes] = field(default_factory=list, compare=False, repr=False)
    # ``words`` and ``content`` left out (``kept``): ``encoded`` and ``fragment_file`` stand in.
    trimmed: bool = field(default=False, compare=False, repr=False)

    def kept(self) -> PageText:
        """The page as a cache keeps it: once the bundle has made its postings and fragment,
        without the words and text they were made of (less than half the size)."""
        if self.trimmed or not (self.encoded and self.fragment_file):
            return self
        return replace(self, content="", words={}, trimmed=True)  # its memos carried over as they are

    def fragment(self) -> dict[str, Any]:
        """The page's fragment file, as Pagefind writes it (its keys in Pagefind's order)."""
        return {"url": self.url, "content": self.content, "word_count": self.word_count,
                "filters": self.filters, "meta": self.meta, "anchors": self.anchors}  # fmt: skip


class _Node:
    """An element being read: its state and the text gathered inside it so far."""

    __slots__ = (
        "anchor_ids", "collects", "default_meta", "filter", "meta", "parent", "sort", "status", "tag", "value", "weight"
    )  # fmt: skip

    def __init__(self, tag: str, parent: _Node | None, status: int = INDEXING) -> None:
        self.tag = tag
        self.parent = parent
        self.status = status
        self.value: list[str] = []
        self.filter: list[str] | None = None
        self.sort: list[str] | None = None
        self.meta: list[str] | None = None
        self.default_meta: list[str] | None = None
        self.weight: str | None = None
        self.anchor_ids: list[str] | None = None
        self.collects = False  # its text is read wherever it is (meta data, a title)


class _Reading:
    """The state of reading one page: Pagefind's DOM parser, over a stream of tags and text."""

    def __init__(self) -> None:
        self.root = _Node("", None)
        self.current = self.root
        self.filters: dict[str, list[str]] = {}
        self.sort: dict[str, str] = {}
        self.meta: dict[str, str] = {}
        self.default_meta: dict[str, str] = {}
        self.anchor_content: dict[str, list[str]] = {}
        self.language: str | None = None
        self.anchors = 0
        self.body_depth = 0  # body elements open around the current element
        self.collecting = 0  # elements open around it whose text is read (see _Node.collects)
        self.skimmed = False  # an element outside the body was passed over unread
        self.text_and_body: tuple[str, bool] = ("", False)

    def open(self, tag: str, attributes: dict[str, str], void: bool) -> None:
        parent = self.current
        node = _Node(tag, parent, EXCLUDED if parent.status == EXCLUDED else INDEXING)
        if attributes:
            self._attributes(node, attributes)
        elif tag == "br" and node.status != EXCLUDED:
            parent.value.append(" ")
        if parent.anchor_ids is not None and tag in _INLINE:
            node.anchor_ids = parent.anchor_ids + (node.anchor_ids or [])
        if tag in _REMOVED:
            node.status = IGNORED
        if node.status == BODY and not void:
            self.body_depth += 1
        if not void and (tag in ("h1", "title") or node.meta or node.filter or node.sort or node.default_meta):
            node.collects = True
            self.collecting += 1
        self.current = node
        if void:
            self.current = parent
            if node.status != EXCLUDED:
                self._collect(node, "")
                if tag == "img" and "src" in attributes:
                    self._image(attributes)

    def _image(self, attributes: dict[str, str]) -> None:
        """The first image after the title is the page's image (unless the meta data names one)."""
        if "auto_image" not in self.meta and ("auto_title" in self.meta or "title" in self.meta):
            self.meta["auto_image"] = attributes["src"]
            if "alt" in attributes:
                self.meta["auto_image_alt"] = attributes["alt"]

    def _attributes(self, node: _Node, attributes: dict[str, str]) -> None:
        """What an element's attributes say: body, ignored, weight, meta data, an anchor."""
        tag, parent = node.tag, node.parent
        assert parent is not None
        if tag == "html" and "lang" in attributes:
            self.language = attributes["lang"].lower()
        status = INDEXING
        if "data-pagefind-body" in attributes:
            status = BODY
        elif "data-pagefind-ignore" in attributes:
            status = IGNORED if attributes["data-pagefind-ignore"].lower() in ("", "index", "true") else EXCLUDED
        element_id = attributes.get("id")
        if status not in (EXCLUDED, IGNORED) and element_id is not None:
            element_id = _SPACES.sub("", element_id)
            if not (parent.status == PARENT_OF_BODY and status not in (BODY, PARENT_OF_BODY)):
                parent.value.append(f" ___PAGEFIND_ANCHOR___{tag}:{self.anchors}:{element_id} ")
                node.anchor_ids = [f"{self.anchors}:{element_id}"]
                self.anchors += 1
        if status != EXCLUDED:
            indexed = attributes.get("data-pagefind-index-attrs")
            for name in indexed.split(",") if indexed is not None else ():
                value = attributes.get(name.strip(), "")
                if value and _SENTENCE_END.match(value[-1]):
                    value += "."
                parent.value.append(f" {value} ")
            if tag == "br":
                parent.value.append(" ")
        if node.status != EXCLUDED:
            node.status = status
        node.filter = _attribute_list(attributes, "data-pagefind-filter")
        node.sort = _attribute_list(attributes, "data-pagefind-sort")
        node.meta = _attribute_list(attributes, "data-pagefind-meta")
        node.default_meta = _attribute_list(attributes, "data-pagefind-default-meta")
        node.weight = attributes.get("data-pagefind-weight")

    def text(self, text: str) -> None:
        node = self.current
        node.value.append(text)
        if node.status not in (IGNORED, EXCLUDED) and node.anchor_ids is not None:
            for anchor_id in node.anchor_ids:
                self.anchor_content.setdefault(anchor_id, []).append(text)

    def close(self, tag: str) -> None:
        """The end tag ``tag``: the elements still open inside it end here too, each as if
        its end tag were this one (a sentence's full stop and a heading's weight go by the end
        tag's name, as in Pagefind's parser)."""
        node: _Node | None = self.current
        while node is not None and node.tag != tag:
            node = node.parent
        if node is None or node is self.root:
            return  # an end tag with no element open: ignored, as browsers do
        while True:
            closing = self.current
            self._end(closing, tag)
            if closing is node:
                return

    def _end(self, node: _Node, end_tag: str) -> None:
        parent = node.parent
        assert parent is not None
        self.current = parent
        if node.status == BODY:
            self.body_depth -= 1
        if node.collects:
            self.collecting -= 1
        if node.status == EXCLUDED:
            return
        value = "".join(node.value)
        self._collect(node, value)
        if node.tag == "h1" and "auto_title" not in self.meta and value.strip():
            self.meta["auto_title"] = _normalize(value)
        if node.tag == "title" and "auto_page_title" not in self.meta:
            self.meta["auto_page_title"] = _normalize(value)
        if node.status == IGNORED:
            return
        if end_tag in _SENTENCE:
            value = " " + value
            if value and _SENTENCE_END.match(value[-1]):
                value += "."
            value += " "
        if node.weight is not None:
            value = f" ___PAGEFIND_WEIGHT___{node.weight} {value} ___END_PAGEFIND_WEIGHT___ "
        elif end_tag in _HEADING_WEIGHT:
            value = f" ___PAGEFIND_AUTO_WEIGHT___{_HEADING_WEIGHT[end_tag]} {value} ___END_PAGEFIND_WEIGHT___ "
        self._hand_up(node, parent, value)

    @staticmethod
    def _hand_up(node: _Node, parent: _Node, value: str) -> None:
        if parent.status == PARENT_OF_BODY and node.status not in (BODY, PARENT_OF_BODY):
            return
        if node.status == INDEXING:
            parent.value.append(value)
        elif node.status in (BODY, PARENT_OF_BODY):
            if parent.status != PARENT_OF_BODY:
                parent.value.clear()
            parent.value.append(value)
            parent.status = PARENT_OF_BODY

    def _collect(self, node: _Node, value: str) -> None:
        for name in node.filter or ():
            if (pair := _pair(name, value)) is not None:
                self.filters.setdefault(pair[0], []).append(_normalize(pair[1]))
        for name in node.sort or ():
            if (pair := _pair(name, value)) is not None:
                self.sort[pair[0]] = pair[1]
        for name in node.meta or ():
            if (pair := _pair(name, value)) is not None:
                self.meta[pair[0]] = pair[1]
        for name in node.default_meta or ():
            if (pair := _pair(name, value)) is not None:
                self.default_meta[pair[0]] = pair[1]

    def finish(self) -> tuple[str, bool]:
        """The page's text (with Pagefind's markers) and whether a body was marked."""
        node = self.current
        while node.parent is not None:
            parent = node.parent
            if parent.status != PARENT_OF_BODY and node.status != EXCLUDED and node.status != IGNORED:
                self._hand_up(node, parent, "".join(node.value))
            node = parent
        if "auto_image" in self.meta:
            image, alt = self.meta.pop("auto_image"), self.meta.pop("auto_image_alt", "")
            if "image" not in self.meta:
                self.meta["image"], self.meta["image_alt"] = image, alt
        for key in ("auto_title", "auto_page_title"):
            if key in self.meta:
                title = self.meta.pop(key)
                self.meta.setdefault("title", title)
        self.default_meta.update(self.meta)
        # Spaces need no tidying: the text is split at them into words.
        text = "".join(self.root.value)
        return (html_entities.unescape(text) if "&" in text else text), self.root.status == PARENT_OF_BODY


def read_page(html: str, url: str, language: str = "") -> PageText:
    """What the index holds of the page ``html`` found at ``url``; ``language`` (when given)
    in place of the page's own ``<html lang>`` (its text without spaces is read as the page's
    own language writes it: a Chinese article of a Turkish site's index)."""
    reading = _read(html, skim=_BODY_MARK.search(html) is not None)
    if reading.skimmed and reading.root.status != PARENT_OF_BODY:
        reading = _read(html, skim=False)  # the mark was no element's (a comment, an excluded region)
    digest, has_body = reading.text_and_body
    page_language = language or reading.language or "unknown"
    written = (reading.language or page_language).replace("_", "-").split("-")[0].lower()
    content, words, anchors, word_count = _words(digest, reading, _UNSPACED.get(written))
    meta = {key: _strip_private(value) for key, value in sorted(reading.default_meta.items())}
    filters = {key: [_strip_private(value) for value in values] for key, values in sorted(reading.filters.items())}
    return PageText(
        url,
        content,
        word_count,
        filters,
        meta,
        anchors,
        dict(sorted(reading.sort.items())),
        words,
        page_language,
        has_body,
    )


def _read(html: str, skim: bool) -> _Reading:
    """The page read through, tag by tag.  With ``skim`` (the page marks its body), an element
    outside every body that holds nothing read outside a body (meta data, filters, sort keys,
    a title, an h1, an image, the body mark) is passed over whole: its text would be dropped."""
    reading = _Reading()
    position = 0
    length = len(html)
    while position < length:
        match = _TAG.search(html, position)
        if match is None:
            reading.text(html[position:])
            break
        if match.start() > position:
            reading.text(html[position : match.start()])
        position = match.end()
        tag = match.group(2)
        if tag is None:
            continue  # a comment, doctype or processing instruction
        tag = tag.lower()
        if match.group(1):
            reading.close(tag)
            continue
        raw = match.group(3)
        void = tag in VOID_ELEMENTS or (raw.endswith("/") and tag not in HTML_ELEMENTS)  # <div/> opens a div
        if skim and not void and tag in _SKIPPABLE and reading.body_depth == 0 and reading.collecting == 0:
            end = element_end(html, tag, position)
            if (
                end is not None
                and not _MATTERS.search(html, match.start(), end)
                and not _closes(reading, html, position, end)
            ):
                reading.skimmed = True
                position = end
                continue
        attributes = _attributes(raw) if raw and ("data-pagefind" in raw or "id" in raw or tag in _READ_TAGS) else _NONE
        if void and attributes is _NONE and tag not in _READ_VOID:
            continue  # <meta>, <link>, <hr>, <input>...: nothing to read
        reading.open(tag, attributes, void)
        if tag in RAW_TEXT_ELEMENTS and not void:
            end_tag = re.compile(rf"</{tag}\s*>", re.I).search(html, position)
            stop = end_tag.start() if end_tag else length
            reading.text(html[position:stop])
            position = end_tag.end() if end_tag else length
            reading.close(tag)
    reading.text_and_body = reading.finish()
    return reading


def element_end(html: str, tag: str, start: int) -> int | None:
    """Where the element ``tag`` (lower-case) opened just before ``start`` ends (after its end
    tag), its own kind nested in it counted as this reader reads them (``<tag/>`` opens one,
    unless it is a foreign element); None when it does not end."""
    pattern = _ELEMENT_TAGS.get(tag)
    if pattern is None:
        pattern = _ELEMENT_TAGS[tag] = re.compile(rf"<(/?){re.escape(tag)}\b((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>", re.I)
    depth = 1
    for match in pattern.finditer(html, start):
        if match.group(1):
            depth -= 1
            if depth == 0:
                return match.end()
        elif not match.group(2).endswith("/") or tag in HTML_ELEMENTS:
            depth += 1
    return None


def _closes(reading: _Reading, html: str, start: int, end: int) -> bool:
    """Whether ``html[start:end]`` has an end tag of an element still open around it (a stray
    one, which would end that element early): then it is read, not passed over."""
    node: _Node | None = reading.current
    while node is not None and node.parent is not None:
        if re.search(rf"</{re.escape(node.tag)}\b", html[start:end], re.I):
            return True
        node = node.parent
    return False


# Languages written without spaces between words, whose queries Pagefind's search splits into
# words (``Intl.Segmenter``), by the characters of their scripts.
_CJK_RUN = re.compile(f"[{CJK_RANGES}]+")
_UNSPACED = {"zh": _CJK_RUN, "ja": _CJK_RUN, "th": re.compile("[\u0e00-\u0e7f]+")}
_UNSPACED_WORD = 12  # characters: the longest query word found within a run of such text


def _words(
    digest: str, reading: _Reading, unspaced: re.Pattern[str] | None = None
) -> tuple[str, dict[str, list[int]], list[dict[str, Any]], int]:
    """Pagefind's word step: the page's words (as indexed, before stemming) with their
    positions and weights, the text shown in excerpts, the anchors with their positions, and
    the number of words.  With ``unspaced`` (the page is in Chinese, Japanese or Thai, which
    Pagefind's extended build cuts into words with a dictionary), a run of that script is also
    indexed from each of its characters on, so that a query word found anywhere in it matches
    as the prefix of one of them."""
    words: dict[str, list[int]] = {}
    content: list[str] = []
    anchors: list[dict[str, Any]] = []
    weights = [TEXT_WEIGHT]
    weight = TEXT_WEIGHT
    index = 0
    last = 0
    spaces = "\u200b" in digest  # zero-width spaces, left out of the words
    known = _FORMS.get
    for word in digest.split():
        if word[0] == "_" and word.startswith("___"):
            if word.startswith("___PAGEFIND_ANCHOR___"):
                element, _, anchor_id = word[len("___PAGEFIND_ANCHOR___") :].partition(":")
                if anchor_id and ":" in anchor_id:
                    text = _normalize("".join(reading.anchor_content.get(anchor_id, [])))
                    anchors.append({"element": element, "id": anchor_id.split(":", 1)[1], "text": text,
                                    "location": index})  # fmt: skip
                continue
            if word.startswith("___PAGEFIND_WEIGHT___"):
                given = _number(word[len("___PAGEFIND_WEIGHT___") :])
                weights.append(0 if given <= 0 else max(1, int(min(given, 10.0) * 24)))
                weight = weights[-1]
                continue
            if word.startswith("___PAGEFIND_AUTO_WEIGHT___"):
                automatic = int(min(max(_number(word[len("___PAGEFIND_AUTO_WEIGHT___") :]), 0.0), 10.0) * 24)
                weights.append(automatic if len(weights) == 1 else weights[-1])
                weight = weights[-1]
                continue
            if word.startswith("___END_PAGEFIND_WEIGHT___"):
                if weights:
                    weights.pop()
                weight = weights[-1] if weights else 1
                continue
        if spaces and "\u200b" in word:
            base = word.replace("\u200b", "")
            if not base:
                continue
            forms = word_forms(word, base)
        else:
            base = word
            forms = known(word) or word_forms(word)
        if unspaced is not None and (runs := unspaced.findall(base)):
            forms = forms + _within_runs(runs, {form for form, _ in forms})
        content.append(base)
        for indexed, divisor in forms:
            place = index << 8 | (weight if divisor == 1 else 0 if weight == 0 else max(1, weight // divisor))
            places = words.get(indexed)
            if places is None:
                words[indexed] = [place]
            else:
                places.append(place)
        last = index
        index += 1
    return " ".join(content), words, anchors, last + 1


def _within_runs(runs: list[str], indexed: set[str]) -> tuple[tuple[str, int], ...]:
    """Each run from each of its characters on (at most ``_UNSPACED_WORD`` of them, those not
    ``indexed`` already), sharing the word's weight."""
    found = [
        text
        for text in dict.fromkeys(run[start : start + _UNSPACED_WORD] for run in runs for start in range(len(run)))
        if text not in indexed
    ]
    share = min(len(found), 255) or 1
    return tuple((text, share) for text in found)


EMOJI = "\x00"  # before an emoji among a page's words: indexed as it is, not as a variant of its plain form
_FORMS: dict[str, tuple[tuple[str, int], ...]] = {}  # word_forms of plain words, as met


def word_forms(word: str, base: str | None = None) -> tuple[tuple[str, int], ...]:
    """What one word of the text is indexed as, each form with the number its weight is shared
    by: the word itself (letters, digits and word symbols, lower-cased); for a compound word
    (``COVID-19``, ``camelCase``), its parts of two or more bytes; and any emoji in it."""
    normalized, compound = _normalized(word if base is None else base)
    forms = [(normalized, 1)] if normalized else []
    if compound:
        parts = _parts(word)
        if normalized and (len(parts) > 1 or not normalized.startswith("".join(parts))):
            kept = [part for part in parts if len(part.encode()) > 1]
            forms += [(part, min(len(kept), 255)) for part in kept]
        if _EMOJI.search(word):
            forms += [(EMOJI + grapheme, 1) for grapheme in _GRAPHEME.findall(word) if _is_emoji(grapheme)]
    if base is None or base == word:
        if len(_FORMS) > 500_000:
            _FORMS.clear()
        _FORMS[word] = tuple(forms)
    return tuple(forms)


@functools.lru_cache(maxsize=262144)
def _normalized(word: str) -> tuple[str, bool]:
    """The word as indexed (letters, digits and word symbols, lower-cased) and whether it may
    be a compound (then its parts are indexed too): it has other characters, or capitals."""
    if word.isascii():
        lower = word.lower()
        return _NOT_ASCII_WORD.sub("", lower), not word.isalnum() or lower != word
    kept = "".join(_WORD_CHARACTER.findall(word))
    symbols = any(character in WORD_SYMBOLS for character in kept)
    return kept.lower(), kept != word or symbols or word.lower() != word


@functools.lru_cache(maxsize=65536)
def _parts(word: str) -> tuple[str, ...]:
    """A compound word's parts, lower-cased: split at ASCII punctuation, where a small letter
    meets a capital, a letter a digit (or a digit a letter), and before the last capital of a
    run of them that goes on in small letters (``WKWebView``: wk web view)."""
    spaced = _ASCII_PUNCTUATION.sub(" ", word)
    return tuple(part.lower() for chunk in spaced.split() for part in _CASE_BOUNDARY.split(chunk) if part)


def _is_emoji(grapheme: str) -> bool:
    return bool(_PICTOGRAPHIC.search(grapheme)) or "\u20e3" in grapheme or bool(_FLAG.fullmatch(grapheme))


def _attributes(text: str) -> dict[str, str]:
    attributes: dict[str, str] = {}
    for match in _ATTRIBUTE.finditer(text):
        name = match.group(1).lower()
        if name not in attributes:
            value = (
                match.group(2)
                if match.group(2) is not None
                else match.group(3)
                if match.group(3) is not None
                else match.group(4)
            )
            attributes[name] = html_entities.unescape(value) if value else ""
    return attributes


def _attribute_list(attributes: dict[str, str], name: str) -> list[str] | None:
    """Pagefind's reading of ``data-pagefind-meta="title, image[src], date:2024"``: names, or
    ``name:value`` pairs, a value taken from another attribute in ``name[attribute]``."""
    if name not in attributes:
        return None
    return _attribute_string(attributes[name], attributes)


def _attribute_string(text: str, attributes: dict[str, str]) -> list[str]:
    if ":" in text:
        names, literal = text.split(":", 1)
        parsed = _attribute_string(names, attributes)
        if parsed:
            parsed[-1] += ":" + literal
        return parsed
    parsed = []
    for chunk in text.split(","):
        chunk = chunk.strip()
        match = _ATTRIBUTE_PAIR.match(chunk)
        parsed.append(f"{match['name']}:{attributes.get(match['attribute'], '')}" if match else chunk)
    return parsed


def _pair(name: str, value: str) -> tuple[str, str] | None:
    if ":" in name:
        key, literal = name.split(":", 1)
        return key, _normalize(literal)
    if not value:
        return None
    return name, _normalize(value)


def _normalize(text: str) -> str:
    if "&" in text:
        text = html_entities.unescape(text)
    text = _TRIM.sub("", text)
    text = _NEWLINES.sub(" ", text)
    return _EXTRA_SPACES.sub(" ", text)


_PRIVATE = re.compile(r"___PAGEFIND_\S+\s?")


def _strip_private(text: str) -> str:
    return _PRIVATE.sub("", text)


def _number(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        return 1.0
