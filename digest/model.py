"""The content model: frozen records for articles, digest issues, topics and pages.

No I/O here; ``content`` builds these from files and ``render`` turns them into pages.
"""

from __future__ import annotations

import hashlib
import math
import operator
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, TypeVar
from urllib.parse import unquote, urlsplit

from digest.layout import windows_problem

_TRANSLITERATION = str.maketrans(
    {
        "ı": "i", "İ": "i", "ğ": "g", "Ğ": "g", "ş": "s", "Ş": "s", "ç": "c", "Ç": "c",
        "ö": "o", "Ö": "o", "ü": "u", "Ü": "u", "ß": "ss", "æ": "ae", "Æ": "ae",
        "ø": "o", "Ø": "o", "đ": "d", "Đ": "d", "ł": "l", "Ł": "l", "þ": "th", "Þ": "th",
        "œ": "oe", "Œ": "oe", "&": " and ", "’": "", "'": "",
    }
)  # fmt: skip
# Arabic marks a slug leaves out, so that a word is spelt one way whether it is written with
# them or not: the short vowels and other harakat (فَتْحَة is فتحة), the hamza and madda that
# decomposition leaves of أ إ آ ؤ ئ (which become ا ا ا و ي), the hamza standing alone (ء),
# the Quran's marks and the tatweel that draws a word out.
_ARABIC_MARKS = dict.fromkeys([*range(0x064B, 0x0660), 0x0670, *range(0x06D6, 0x06EE), 0x0621, 0x0640])
_NOT_SLUG = re.compile(r"[^a-z0-9]+")
KINDS = ("articles", "digests", "topics", "pages")  # the folders of content/ whose Markdown files are pages
CONTENT_LINK = "@md:"  # marks a Markdown link to another content file until it is resolved
SITE_ROOT = "@/"  # marks a site-root-relative URL, made relative to each page when rendered
_CONTENT_LINK_MARK = re.compile(re.escape(CONTENT_LINK) + r"([^\"#?]*)")  # (a query or fragment stays after it)
SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
SLUG_LIMIT = 200  # characters: a slug names a folder, and file systems take at most 255 bytes
TOPIC_SLUG_LIMIT = 100  # a topic's slug longer than this is cut (``topic_slug``)


def resolve_content_links(html: str, urls: dict[str, str]) -> str:
    """Replace ``@md:<content path>`` marks with the site-root URL of that page."""
    if CONTENT_LINK not in html:
        return html
    return _CONTENT_LINK_MARK.sub(lambda match: SITE_ROOT + urls.get(unquote(match.group(1)), ""), html)


# Characters a URL may not carry as they are (RFC 3986): in an attribute, quotes and
# angle brackets would end it, and spaces and controls have no place in one.
_NOT_IN_URL = re.compile("[\\s\"'<>\\\\^`{|}\x00-\x1f\x7f-\x9f]")


def url_problem(url: str, relative: bool = False) -> str | None:
    """What is wrong with ``url`` as an http(s) URL (or, with ``relative``, a path), or None."""
    if (found := _NOT_IN_URL.search(url)) is not None:
        character = found.group()
        shown = "a space" if character == " " else f"U+{ord(character):04X}"
        if character.isprintable() and not character.isspace():
            shown = repr(character)
        if character == "\\" and relative and not urlsplit(url.replace("\\", "/")).scheme:
            written = url.replace("\\", "/")
            return f"a path's folders are parted by '/', as in a URL, not by '\\' as on Windows: write {written!r}"
        return f"a URL may not contain {shown}; write it percent-encoded (a space as %20)"
    try:
        parts = urlsplit(url)
    except ValueError as error:
        return f"not a URL: {error}"
    if parts.scheme:
        if parts.scheme.lower() not in ("http", "https"):
            return f"only http and https URLs are allowed, not {parts.scheme}:"
        if not parts.hostname:
            return "an http(s) URL needs a host, as in https://example.org/"
        try:
            parts.port  # noqa: B018 - raises for a port that is no number from 0 to 65535
        except ValueError:
            return f"not a port: {parts.netloc.rpartition(':')[2]!r} (a number from 0 to 65535)"
        return None
    if not relative:
        return "expected an absolute http(s) URL such as 'https://example.org/'"
    if parts.netloc or url.startswith("//"):
        return "expected a path or an http(s) URL, not a URL without its scheme"
    return None


def same_objects(these: Sequence[Any], those: Sequence[Any]) -> bool:
    """Whether two sequences hold the very same objects (records are immutable: the same values)."""
    return len(these) == len(those) and all(map(operator.is_, these, those))


_Dated = TypeVar("_Dated")


def newest_first(records: Iterable[_Dated]) -> list[_Dated]:
    """Records (with a ``date``, None for none, and a ``slug``) newest first; those of the same
    moment (articles dated by day alone) in the order of their slugs, A to Z."""
    ordered = sorted(records, key=operator.attrgetter("slug"))
    ordered.sort(key=_moment, reverse=True)
    return ordered


def _moment(record: Any) -> float:
    date = record.date
    return date.timestamp() if date is not None else -math.inf


class RecordMemo:
    """Text made from records (a version, a line of the sitemap, related articles' inputs),
    each handed back while its record is the very same object: a long-lived builder keeps
    the records no edit touched.  ``done`` ends a pass: what it did not ask for is forgotten."""

    def __init__(self) -> None:
        self.known: dict[str, tuple[Any, str]] = {}
        self.made: dict[str, tuple[Any, str]] = {}

    def get(self, key: str, record: Any, make: Callable[[Any], str]) -> str:
        last = self.known.get(key)
        text = last[1] if last is not None and last[0] is record else make(record)
        self.made[key] = (record, text)
        return text

    def done(self) -> None:
        self.known, self.made = self.made, {}


# Han, kana and CJK compatibility ideographs (as a character class's ranges): Chinese and
# Japanese, written without spaces between words.
CJK_RANGES = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK = re.compile(f"[{CJK_RANGES}]")


def count_words(text: str) -> int:
    """Words in ``text``: what whitespace separates, with Chinese and Japanese (written
    without spaces) counted at two characters a word, about a word's length there, so that
    a paragraph of them is not taken for a word or two, nor a name for a sentence; so too
    Thai, Lao, Khmer and Burmese, at four letters a word (their vowel signs and tone marks
    not counted)."""
    if text.isascii():
        return len(text.split())
    characters = len(_CJK.findall(text))
    letters = sum(1 for char in _UNSPACED.findall(text) if unicodedata.category(char).startswith("L"))
    if not characters and not letters:
        return len(text.split())
    rest = _UNSPACED.sub(" ", _CJK.sub(" ", text))
    others = [token for token in rest.split() if any(char.isalnum() for char in token)]
    # (their full-width punctuation is no word)
    return len(others) + (characters + 1) // 2 + (letters + 3) // 4


# Scripts of South-East Asia written without spaces between words: Thai, Lao, Burmese, Khmer.
_UNSPACED = re.compile("[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff]")


# Unicode's explicit direction controls: embeddings and overrides, which U+202C closes, and
# isolates, which U+2069 closes. One left open reverses or re-orders the text after it in the
# same paragraph: a title's runs into the site's name in the window's title, a list's line.
_EMBEDDINGS = {"\u202a": "left-to-right embedding", "\u202b": "right-to-left embedding",
               "\u202d": "left-to-right override", "\u202e": "right-to-left override"}  # fmt: skip
_ISOLATES = {"\u2066": "left-to-right isolate", "\u2067": "right-to-left isolate", "\u2068": "first strong isolate"}
_DIRECTION_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


def open_directions(text: str) -> list[str]:
    """The direction controls ``text`` opens and does not close, in order (none for most
    text: one search finds no control at all)."""
    if _DIRECTION_CONTROLS.search(text) is None:
        return []
    opened: list[str] = []
    for char in text:
        if char in _EMBEDDINGS or char in _ISOLATES:
            opened.append(char)
        elif char == "\u202c" and opened and opened[-1] in _EMBEDDINGS:
            opened.pop()
        elif char == "\u2069" and any(control in _ISOLATES for control in opened):
            while opened.pop() not in _ISOLATES:  # closing an isolate closes what it holds
                pass
    return opened


def direction_control_name(char: str) -> str:
    """``U+202E (right-to-left override)``, for messages."""
    return f"U+{ord(char):04X} ({_EMBEDDINGS.get(char) or _ISOLATES.get(char, 'direction control')})"


def with_directions_closed(text: str) -> str:
    """``text`` with each direction control it leaves open closed at its end."""
    opened = open_directions(text)
    return text + "".join("\u2069" if char in _ISOLATES else "\u202c" for char in reversed(opened))


_NO_COLUMN = ("Mn", "Me", "Cf")  # marks and format characters (but a soft hyphen, which terminals show)


def columns(text: str) -> int:
    """Terminal (and plain-text e-mail) columns ``text`` takes: two for wide characters (CJK,
    emoji), none for marks set on a letter (accents, Arabic vowels, Thai vowels and tones)
    and for invisible format characters (the joiners of Persian words, direction marks)."""
    if text.isascii():
        return len(text)
    return sum(
        0
        if unicodedata.category(char) in _NO_COLUMN and char != "\xad"
        else 2
        if unicodedata.east_asian_width(char) in "WF"
        else 1
        for char in text
    )


def folded(text: str) -> str:
    """``text`` without case or accents, as names are looked for: ``HÜRRİYET``, ``Hürriyet``
    and ``hurriyet`` are all ``hurriyet`` (and ``ılık`` is ``ilik``)."""
    decomposed = unicodedata.normalize("NFKD", text.replace("ı", "i")).casefold()
    return "".join(char for char in decomposed if not unicodedata.combining(char))


# Letters that a language's alphabet has as letters of their own, each with where it goes:
# after the letter it follows (a character above every letter, \x7f, sets it after them).
_TURKISH_LETTERS = {"ç": "c\x7f", "ğ": "g\x7f", "ı": "h\x7f", "ö": "o\x7f", "ş": "s\x7f", "ü": "u\x7f"}
_NORDIC_LETTERS = {"æ": "z\x7f", "ø": "z\x7f\x7f", "ö": "z\x7f\x7f", "å": "z\x7f\x7f\x7f"}  # Danish, Norwegian
_SWEDISH_LETTERS = {"å": "z\x7f", "ä": "z\x7f\x7f", "æ": "z\x7f\x7f", "ö": "z\x7f\x7f\x7f", "ø": "z\x7f\x7f\x7f"}
_ALPHABETS = {
    "tr": _TURKISH_LETTERS,
    "az": {**_TURKISH_LETTERS, "ə": "e\x7f"},
    "sv": _SWEDISH_LETTERS,
    "fi": _SWEDISH_LETTERS,
    "da": _NORDIC_LETTERS,
    "nb": _NORDIC_LETTERS,
    "nn": _NORDIC_LETTERS,
    "no": _NORDIC_LETTERS,
    "es": {"ñ": "n\x7f"},
}


def name_order(name: str, language: str = "") -> tuple[str, str]:
    """Where a name goes in a list ordered by name, as a reader of ``language`` (the site's)
    looks for it: its letters without case or accents first (``Çevre`` beside ``Cevre``,
    ``İzmir`` and ``ılık`` among the i's, not after ``z``), but the letters of its own that
    the language's alphabet has in their places (Turkish ç after c, ı before i; Swedish å, ä
    and ö after z), then its own spelling, so that the order is total."""
    letters = _ALPHABETS.get(language.replace("_", "-").partition("-")[0].lower())
    if letters is None:
        return folded(name), name
    # In Turkish and Azerbaijani I is the capital of ı, and İ of i; elsewhere ı sits with i.
    turkic = "ı" in letters
    lowered = name.replace("I", "ı").replace("İ", "i").lower() if turkic else name.replace("ı", "i").casefold()
    key = []
    for char in lowered:
        if char in letters:
            key.append(letters[char])
        else:
            key.extend(part for part in unicodedata.normalize("NFKD", char) if not unicodedata.combining(part))
    return "".join(key), name


def slugify(text: str) -> str:
    """An ASCII, lower-case, stable slug: ``İstanbul`` -> ``istanbul``, and letters of other
    scripts transliterated (``Москва`` -> ``moskva``, ``北京`` -> ``beijing``; Arabic without
    its vowel marks and hamza, which it is also written without: ``مَسْؤُول`` -> ``mswwl``;
    Japanese kana as they are read: ``ガザ`` -> ``gaza``, ``ニュース`` -> ``nyusu``)."""
    text = str(text)
    if _KANA.search(text):
        text = _KANA_RUN.sub(_kana_read, unicodedata.normalize("NFC", text))
    text = unicodedata.normalize("NFKD", text.translate(_TRANSLITERATION))
    if not text.isascii():
        text = text.translate(_ARABIC_MARKS)
        from anyascii import anyascii  # only for text beyond ASCII: not on every command's path

        text = "".join(char if char.isascii() else anyascii(char) for char in text)
    ascii_text = text.encode("ascii", "ignore").decode("ascii").lower()
    return _NOT_SLUG.sub("-", ascii_text).strip("-")


_KANA = re.compile("[\u3041-\u30ff]")
_KANA_RUN = re.compile("[\u3041-\u309f\u30a0-\u30ff]+")
_SMALL_Y = frozenset("ゃゅょャュョ")
_SMALL_VOWELS = frozenset("ぁぃぅぇぉァィゥェォ")
_SMALL_TSU = frozenset("っッ")


def _kana_read(run: re.Match[str]) -> str:
    """A run of kana (composed: ``ガ`` one letter, not ``カ`` and a voicing mark) in Latin
    letters as it is read: a small ya, yu or yo joins the syllable before (``きょ`` -> ``kyo``,
    ``ジャ`` -> ``ja``), a small vowel replaces its vowel (``ティ`` -> ``ti``, ``ファ`` -> ``fa``),
    a small tsu doubles the consonant after it (``ッパ`` -> ``ppa``), a long mark is not written."""
    from anyascii import anyascii

    read: list[str] = []
    double = False
    for char in run[0]:
        sound = anyascii(char)
        if char in _SMALL_TSU:
            double = True
            continue
        if char in _SMALL_Y and read and read[-1].endswith("i") and len(read[-1]) > 1:
            before = read[-1][:-1]
            read[-1] = before + (sound[1:] if before.endswith(("sh", "ch", "j")) else sound)
        elif char in _SMALL_VOWELS and read and len(read[-1]) > 1:
            read[-1] = read[-1][:-1] + sound
        else:
            if double and sound[:1].isalpha() and sound[:1] not in "aeiou":
                sound = sound[0] + sound
            read.append(sound)
        double = False
    return "".join(read)


def intro_id_prefix(slug: str) -> str:
    """What the ids of an issue's intro start with, so that it can share a page with other
    fragments (the front page shows the latest issue's intro and notes) without a clash."""
    return f"{slug}-intro-"


def note_id_prefix(slug: str, number: int) -> str:
    """What the ids of the note of an issue's pick ``number`` (from 1) start with."""
    return f"{slug}-pick-{number}-"


def topic_slug(name: str) -> str:
    """A topic's slug: ``slugify`` of its name, with a ``+`` or ``#`` that ends a word spelled
    out, so that C, C++ and C# (or Disney and Disney+) get pages of their own: ``c``,
    ``c-plus-plus``, ``c-sharp``.  A topic is one page per slug: names that differ only in
    case, accents or punctuation (``Erdoğan``, ``erdogan``) are one topic."""
    return bounded_slug(slugify(_WORD_SYMBOLS.sub(_spelled_out, str(name))), TOPIC_SLUG_LIMIT)


FILE_SLUG_LIMIT = 80  # characters of a title's slug in a new file's name (import, digest new)


def file_slug(title: str) -> str:
    """A new content file's slug, made from its title: cut at a word boundary near
    FILE_SLUG_LIMIT characters, so that a headline of any length names a file; ``-1`` after
    a name Windows keeps for a device (``con-1``), which no folder there can have."""
    slug = slugify(title)
    if len(slug) <= FILE_SLUG_LIMIT:
        return f"{slug}-1" if windows_problem(slug) is not None else slug
    room = slug[: FILE_SLUG_LIMIT + 1]
    cut = room.rsplit("-", 1)[0]
    return cut if "-" in room and len(cut) >= FILE_SLUG_LIMIT // 2 else slug[:FILE_SLUG_LIMIT].rstrip("-")


DATE_PREFIX = re.compile(r"^\d{4}-\d{2}-\d{2}-")  # a dated file's name: <date>-<slug>.md


def file_stem(path: str) -> str:
    """The name of an article's or issue's file (``content/articles/…``, '/'-separated) that
    its slug is made from: the file name without ``.md``, or for an ``index.md`` in a folder of
    its own (a Hugo page bundle: ``posts/<name>/index.md``) the folder's name."""
    folder = bundle_folder(path)  # (not content/articles/index.md)
    return folder.rpartition("/")[2] if folder else path.rpartition("/")[2][:-3]


def bundle_folder(path: str) -> str | None:
    """The folder of a page bundle whose ``index.md`` is at ``path`` (a content file, relative
    to the site folder: ``content/articles/harbour/index.md``), else None: the other files of
    that folder (and of its folders that are no bundle of their own) are published beside its
    page, as Hugo publishes a leaf bundle's resources."""
    folder, _, name = path.rpartition("/")
    return folder if name == "index.md" and folder.count("/") >= 2 else None


def unfit_topic(shown: str, slug: str) -> str | None:
    """Why the topic ``shown`` (its name as a message shows it) can have no page at
    ``topics/<slug>/``, or None."""
    if (problem := windows_problem(slug)) is None:
        return None
    where = f"would be published at topics/{slug}/, which Windows cannot hold"
    return f"the topic {shown} {where}: {problem}; name the topic otherwise"


def published_slug(stem: str, given: Any = None) -> str:
    """The slug the build gives a content file: its front matter's ``slug`` (``given``),
    made lower-case ASCII if it is not already, else one made from its file name's ``stem``
    (without its date).  ``content`` also checks it; ``digest list`` and the importer, which
    must agree with the build on which slugs are taken, read it here."""
    if isinstance(given, int) and not isinstance(given, bool):
        given = str(given)
    if isinstance(given, str) and slugify(given):
        return given if SLUG_PATTERN.match(given) else bounded_slug(slugify(given), SLUG_LIMIT)
    return bounded_slug(slugify(stem), SLUG_LIMIT) or "untitled"


def bounded_slug(slug: str, limit: int) -> str:
    """``slug``, or when longer than ``limit`` its start cut at a hyphen and a hash of the
    whole: a name of any length gets a folder, and two long names that start alike two."""
    if len(slug) <= limit:
        return slug
    mark = hashlib.blake2b(slug.encode("ascii"), digest_size=4).hexdigest()
    room = slug[: limit - len(mark)]  # with the hyphen before the mark
    start = room.rsplit("-", 1)[0] if "-" in room else room[:-1]
    return f"{start}-{mark}"


_WORD_SYMBOLS = re.compile(r"(?<=[^\W_])(\++|#)(?![^\W_])")  # "++" or "#" ending a word


def _spelled_out(match: re.Match[str]) -> str:
    return " sharp " if match[0] == "#" else " plus " * len(match[0])


class Extra(Mapping[str, Any]):
    """Front matter fields the schema does not know, read-only, as YAML typed them (lists
    become tuples and mappings ``Extra`` in turn, so that records stay immutable).  Equal
    mappings have the same ``repr`` whatever their order: it is their fingerprint."""

    __slots__ = ("_items",)
    _items: dict[str, Any]

    def __init__(self, items: Mapping[str, Any] | None = None):
        frozen = sorted((str(key), _frozen(value)) for key, value in (items or {}).items())
        object.__setattr__(self, "_items", dict(frozen))

    def __getitem__(self, key: str) -> Any:
        return self._items[key]

    def __getattr__(self, name: str) -> Any:
        """``article.extra.paywalled`` in a template: None where this file does not have it."""
        if name.startswith("_"):
            raise AttributeError(name)
        return self._items.get(name)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("extra fields are read-only")

    def __iter__(self) -> Iterator[str]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Extra) and self._items == other._items

    def __hash__(self) -> int:
        return hash(repr(self))

    def __repr__(self) -> str:
        return f"Extra({self._items!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (Extra, (self._items,))


def _frozen(value: Any) -> Any:
    if isinstance(value, list | tuple):
        return tuple(_frozen(item) for item in value)
    if isinstance(value, Mapping) and not isinstance(value, Extra):
        return Extra(value)
    return value


NO_EXTRA = Extra()


@dataclass(frozen=True)
class Source:
    name: str | None = None
    url: str | None = None

    def __bool__(self) -> bool:  # `{% if article.source %}`: an article says where it is from
        return self.name is not None or self.url is not None

    def __str__(self) -> str:  # what `{{ article.source }}` prints
        return self.name or self.url or ""


@dataclass(frozen=True)
class Image:
    src: str | None = None
    caption: str | None = None
    credit: str | None = None
    alt: str | None = None  # what the photo shows, for readers who cannot see it (else the caption says)
    width: int | None = None  # in pixels, from the front matter; else read from a local file
    height: int | None = None

    def __bool__(self) -> bool:  # `{% if article.image %}`: there is a photo to show
        return self.src is not None

    def __str__(self) -> str:
        return self.src or ""


# The old addresses (``aliases``) of an article, an issue or a page, each a page that leads on
# to it: (its output path, the line of the key that names it).
Aliases = tuple[tuple[str, int], ...]


@dataclass(frozen=True)
class TopicRef:
    """A topic as an article names it: enough to link to the topic's page."""

    name: str
    slug: str

    @property
    def url(self) -> str:
        return f"topics/{self.slug}/"

    def __str__(self) -> str:
        return self.name


def _after_its_day(updated: datetime | None, published: datetime) -> bool:
    return updated is not None and updated.astimezone(published.tzinfo).date() > published.date()


@dataclass(frozen=True)
class Article:
    path: str  # source file, relative to the site folder
    slug: str
    title: str
    date: datetime
    topics: tuple[TopicRef, ...]
    body: str  # the rendered body; empty when ``body_source`` gives it
    summary: str
    section: str | None = None
    source: Source = field(default_factory=Source)
    image: Image = field(default_factory=Image)
    author: str | None = None
    language: str | None = None  # this article's language when it differs from the site's
    tags: tuple[str, ...] = ()  # keywords from the front matter (``tags: [...]``), in their order
    draft: bool = False
    word_count: int = 0
    date_inferred: bool = False
    # When the article was last changed (``lastmod``, ``last_modified_at`` or ``updated``), never before ``date``
    updated: datetime | None = None
    version: str = ""  # changes whenever the source file changes
    listing: str = ""  # changes whenever what lists of articles show changes (all but the body)
    # Gives the body when it is kept out of memory (in the build store); compared by nothing.
    body_source: Callable[[], str] | None = field(default=None, compare=False, repr=False)
    link_urls: tuple[tuple[str, str], ...] = ()  # content path -> URL, for links in the body
    extra: Extra = NO_EXTRA  # front matter fields the schema does not know
    aliases: Aliases = ()

    @property
    def url(self) -> str:
        return f"articles/{self.slug}/"

    @property
    def body_html(self) -> str:
        """The body as HTML.  Bodies of a big site are kept in the build store, not in memory."""
        html = self.body if self.body_source is None else self.body_source()
        return resolve_content_links(html, dict(self.link_urls)) if self.link_urls else html

    @property
    def reading_time(self) -> int:
        """Minutes to read at 220 words a minute, at least one; 0 for an article without a body
        (a link kept for its summary: lists test this, not the word count, which every edit changes)."""
        return max(1, round(self.word_count / 220)) if self.word_count else 0

    @property
    def updated_after_its_day(self) -> bool:
        """Whether its last change came on a later day than its date: the two moments compared
        in the calendar of ``date``'s own time zone, however each was written (a change
        written as 21:00 in New York came the next day for an article dated 23:30 in Istanbul)."""
        return _after_its_day(self.updated, self.date)

    def __str__(self) -> str:  # `{{ article }}` prints its title, as a record prints its name
        return self.title


@dataclass(frozen=True)
class Pick:
    article: Article
    note_html: str
    digest_path: str = ""  # the issue that makes it, and its place there (from 0): what names it
    position: int = 0

    @property
    def record_id(self) -> str | None:
        """The pick's id among the site's records (``deps``), wherever a page is given it."""
        return f"d:{self.digest_path}/picks/{self.position}" if self.digest_path else None

    def __str__(self) -> str:
        return str(self.article)


@dataclass(frozen=True)
class Digest:
    path: str
    slug: str
    title: str
    date: datetime
    intro_html: str
    picks: tuple[Pick, ...]
    summary: str = ""
    draft: bool = False
    version: str = ""
    extra: Extra = NO_EXTRA  # front matter fields the schema does not know
    aliases: Aliases = ()
    language: str | None = None  # this language when it differs from the site's
    updated: datetime | None = None  # when it was last changed (``lastmod`` …), never before ``date``

    @property
    def url(self) -> str:
        return f"digests/{self.slug}/"

    @property
    def updated_after_its_day(self) -> bool:
        """Whether its last change came on a later day than its date (as an article's)."""
        return _after_its_day(self.updated, self.date)

    def __str__(self) -> str:
        return self.title


@dataclass(frozen=True)
class Topic:
    name: str
    slug: str
    articles: tuple[Article, ...]  # newest first
    description_html: str = ""
    description_path: str | None = None
    extra: Extra = NO_EXTRA  # front matter fields of its file the schema does not know
    draft: bool = False  # its file's description is a draft: shown only with --drafts

    @property
    def url(self) -> str:
        return f"topics/{self.slug}/"

    @property
    def count(self) -> int:
        return len(self.articles)

    def __str__(self) -> str:
        return self.name


@dataclass(frozen=True)
class Page:
    path: str
    slug: str
    title: str
    body_html: str
    date: datetime | None = None
    updated: datetime | None = None  # when it was last changed (``lastmod`` …), never before ``date``
    version: str = ""
    extra: Extra = NO_EXTRA  # front matter fields the schema does not know
    summary: str = ""  # its description in meta tags: ``summary:``, else its first paragraph
    folder: str = ""  # its folder under content/pages/, as URL parts ('legal' for legal/privacy.md)
    draft: bool = False
    weight: int | None = None  # its place among the pages (lower first; pages without one after, by title)
    menu: bool | None = None  # in the site's navigation, else linked from the footer (None: as its folder says)
    aliases: Aliases = ()

    @property
    def url(self) -> str:
        return f"{self.folder}/{self.slug}/" if self.folder else f"{self.slug}/"

    @property
    def in_navigation(self) -> bool:
        """Whether the navigation links it: a top-level page unless ``menu: false``, a page in
        a folder only with ``menu: true`` (else the footer does)."""
        return self.menu if self.menu is not None else not self.folder

    def __str__(self) -> str:
        return self.title


@dataclass(frozen=True)
class Month:
    """Articles of one calendar month, for the archive."""

    year: int
    month: int
    articles: tuple[Article, ...]

    @property
    def label(self) -> str:
        return datetime(self.year, self.month, 1).strftime("%B %Y")

    @property
    def anchor(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    @property
    def key(self) -> str:
        """Changes whenever anything a list of these articles shows does (for ``{% cache %}``)."""
        return f"{self.anchor} " + " ".join([article.listing for article in self.articles])

    def __str__(self) -> str:
        return self.label


@dataclass(frozen=True)
class Site:
    """Everything one build knows, gathered before anything is rendered."""

    articles: tuple[Article, ...]  # newest first
    digests: tuple[Digest, ...]  # newest first
    topics: tuple[Topic, ...]  # by name
    pages: tuple[Page, ...]
    related: Mapping[str, tuple[Article, ...]]  # article slug -> related articles
    archive: tuple[Month, ...]  # newest first
    static_files: tuple[str, ...] = ()  # paths under content/static, relative to it
    root_files: tuple[str, ...] = ()  # paths under content/root (dot-files too), copied to the output root
    # (output path, source path from the site folder) of the files of page bundles, beside their pages
    bundle_files: tuple[tuple[str, str], ...] = ()
