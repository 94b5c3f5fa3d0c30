"""``digest.yaml`` -> SiteConfig, with every problem reported at once.

Wrong types are errors; unknown keys are warnings (a typo should not pass in silence,
but it should not stop a build either).
"""

from __future__ import annotations

import colorsys
import contextlib
import importlib
import math
import os
import posixpath
import re
import stat
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit, urlunsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from digest.errors import BuildFailed, ConfigError, ContentError, DigestError, field_name, nearest, shown_path
from digest.frontmatter import Lines, parse_yaml_mapping
from digest.layout import CONFIG_NAME, PUBLISHED_FOLDERS
from digest.model import url_problem

# Built into digest, on unless ``plugins: {name: false}``: Pagefind search, the email edition.
BUILTIN_PLUGINS = ("search", "email")
MAX_LIMIT = 10**12  # for any of ``limits``: as good as none
DEFAULT_BASE_URL = "http://localhost:8000/"


@dataclass(frozen=True)
class MarkdownOptions:
    unsafe_html: bool = False
    engine: str = "markdown-it"  # or "comrak" (faster, an extra: pip install 'digest[comrak]')
    plugins: tuple[str, ...] = ()  # mdit-py-plugins by name: deflist, tasklists, attrs, ...
    # markdown-it-py plugins given by digest plugins, and a key of those plugins' code and options
    extensions: tuple[Callable[..., Any], ...] = field(default=(), compare=False, repr=False)
    extensions_key: str = ""


@dataclass(frozen=True)
class PluginSetting:
    """One entry of ``plugins:`` in digest.yaml: a plugin turned on or off, with its options."""

    name: str
    enabled: bool = True
    options: dict[str, Any] = field(default_factory=dict)
    line: int = 1
    option_lines: dict[str, int] = field(default_factory=dict, compare=False, repr=False)


@dataclass(frozen=True)
class HooksFile:
    """A Python file of the site named under ``hooks:``: a plugin without a package."""

    path: str  # relative to the site folder
    line: int = 1


@dataclass(frozen=True)
class FeedOptions:
    content: str = "summary"  # "full" or "summary"
    limit: int = 20


@dataclass(frozen=True)
class Limits:
    """How big one input may be; generous, so that only a mistake or an attack meets them."""

    file_size: int = 5_000_000  # bytes of one content file
    topics_per_article: int = 100
    headings_per_file: int = 2_000
    picks_per_issue: int = 1_000
    links_per_file: int = 10_000


@dataclass(frozen=True)
class ThemeSettings:
    """The ``theme:`` section: what a site may change in its theme without copying templates."""

    accent_color: str = ""  # a CSS colour such as '#b3261e'; the theme's own when empty
    logo: str = ""  # site path ('static/logo.svg') or URL of the masthead's logo
    favicon: str = ""  # site path or URL of the icon; the theme's icon set when empty
    fonts: dict[str, str] = field(default_factory=dict)  # 'body' / 'headings' -> CSS font-family list
    note_label: str = ""  # the label of curator notes; the translated "Curator's note" when empty
    curator: str = ""  # the curator's name, shown with the notes and in the issues' metadata
    front_page_items: int = 12  # articles on the front page besides the latest issue
    subscribe_url: str = ""  # a link to subscribe (an outside newsletter service)
    subscribe_action: str = ""  # or the action URL of a subscribe form with one email field
    unsubscribe_placeholder: str = "{{unsubscribe_url}}"  # the mail service's merge tag, for the email edition
    # The theme's own settings (declared with their defaults in its theme.yaml), by name:
    # ``site.theme.<name>`` in templates.  Until the theme is known, the other keys given.
    own: dict[str, Any] = field(default_factory=dict)

    @property
    def accent_rgb(self) -> tuple[int, int, int] | None:
        """``accent_color`` as red, green and blue (0 … 255), however CSS names it (``teal``,
        ``rgb(0 128 128)``): for what cannot take a CSS colour as written (the email edition's
        hex, its shades worked out in the template); None for the theme's own."""
        return color_rgb(self.accent_color) if self.accent_color else None

    @property
    def accent_on_paper(self) -> str:
        """``accent_color`` for text on the light paper, in hex: its OKLCH lightness at most
        0.48, so that a light one (a brand's yellow) is darkened until it reads at 4.5:1, its
        hue and chroma kept; opaque.  Empty for the theme's own."""
        rgb = self.accent_rgb
        if rgb is None:
            return ""
        lightness, chroma, hue = _rgb_oklch(rgb)
        return color_hex(_oklch_rgb(min(lightness, 0.48), chroma, hue) if lightness > 0.48 else rgb)

    @property
    def accent_on_dark(self) -> str:
        """``accent_color`` for text on dark paper, in hex: 45% of it in white (CSS's
        ``color-mix(in srgb, accent 45%, #fff)``), which reads at 4.5:1 whatever the accent.
        Empty for the theme's own."""
        rgb = self.accent_rgb
        return color_hex(tuple(round(channel * 0.45 + 140.25) for channel in rgb)) if rgb else ""

    def __getattr__(self, name: str) -> Any:
        own = self.__dict__.get("own")
        if name.startswith("_") or own is None or name not in own:
            raise AttributeError(name)
        return own[name]


@dataclass(frozen=True)
class SiteConfig:
    title: str = "My Digest"
    description: str = ""
    base_url: str = DEFAULT_BASE_URL
    language: str = "en"
    author: str = ""
    theme: str = "default"
    per_page: int = 10
    timezone: str = "UTC"
    search: bool = True  # a static search page, indexed by Pagefind after each build
    # the ``deploy:`` section, in its order; out of repr, which keys the pages: no page shows it
    deploy: tuple[DeployTarget, ...] = field(default=(), repr=False)
    markdown: MarkdownOptions = field(default_factory=MarkdownOptions)
    feeds: FeedOptions = field(default_factory=FeedOptions)
    limits: Limits = field(default_factory=Limits)
    topics: dict[str, str] = field(default_factory=dict)  # topic name -> description
    importer: dict[str, Any] = field(default_factory=dict)  # the ``import:`` section
    theme_settings: ThemeSettings = field(default_factory=ThemeSettings)  # the ``theme:`` mapping
    plugins: tuple[PluginSetting, ...] = ()  # the ``plugins:`` section
    hooks: tuple[HooksFile, ...] = ()  # the ``hooks:`` list
    email: bool = True  # the email edition of each issue (the built-in plugin ``email``)
    plugin_key: str = ""  # the plugins' code and options (set by ``plugins``): part of every page's key

    @property
    def base_path(self) -> str:
        """The path part of base_url, always ending in '/': '/repo/' for a GitHub project site."""
        after_scheme = self.base_url.split("://", 1)[-1]
        path = "/" + after_scheme.split("/", 1)[1] if "/" in after_scheme else "/"
        return path if path.endswith("/") else path + "/"

    @property
    def tzinfo(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def today(self, now: datetime) -> date:
        """The date at ``now`` where the site is published (its ``timezone``): a file dated so
        is never in the future (the computer's own date may be a day ahead of the site's)."""
        return now.astimezone(self.tzinfo).date()

    def absolute_url(self, path: str) -> str:
        return self.base_url.rstrip("/") + "/" + path.lstrip("/")


_IN_PATH = "/%!$&'()*+,;=:@~"  # what a URL's path holds as it is (RFC 3986), besides letters, digits and -._


def site_address(url: str) -> str:
    """``base_url`` as the site's links give it: ending in ``/``, its host in ASCII (IDNA:
    ``bücher.example`` is ``xn--bcher-kva.example``) and its path percent-encoded (``/ünews/``
    is ``/%C3%BCnews/``, ``/a[1]/`` is ``/a%5B1%5D/``; what is encoded already stays), since
    HTML, sitemaps, robots.txt, feeds and mail clients take URLs, not text outside ASCII."""
    url = url if url.endswith("/") else url + "/"
    scheme, rest = url.split("://", 1)
    netloc, slash, path = rest.partition("/")
    login, at, host = netloc.rpartition("@")
    if not host.isascii():
        with contextlib.suppress(UnicodeError):  # a name IDNA cannot write stays as given
            host = host.encode("idna").decode("ascii")  # (a port passes as it is)
    path = quote(path, safe=_IN_PATH)
    return f"{scheme}://{login}{at}{host}{slash}{path}"


Check = Callable[[Any], str | None]  # returns a problem, or None when the value is fine


def _is_str(value: Any) -> str | None:
    if isinstance(value, str):
        return None
    message = f"expected a string, got {_kind(value)}"
    if isinstance(value, int | float):  # (title: 1843, curator: yes: text YAML reads otherwise)
        message += "; if it is text, quote it" + ("" if isinstance(value, bool) else f': "{value}"')
    return message


def _is_title(value: Any) -> str | None:
    """The site's name: every page's ``<title>``, the masthead, the feeds and the newsletter show it."""
    if (problem := _is_str(value)) is not None:
        return problem
    return None if value.strip() else "empty; give the site's name, which every page and feed shows"


def _is_bool(value: Any) -> str | None:
    return None if isinstance(value, bool) else f"expected true or false, got {_kind(value)}"


def _is_positive_int(value: Any) -> str | None:
    if isinstance(value, bool) or not isinstance(value, int):
        return f"expected a whole number, got {_kind(value)}"
    return None if value > 0 else f"expected a number above 0, got {value}"


def _is_limit(value: Any) -> str | None:
    if (problem := _is_positive_int(value)) is not None:
        return problem
    return None if value <= MAX_LIMIT else f"expected a number up to {MAX_LIMIT:,}, got {value:,}"


def _is_base_url(value: Any) -> str | None:
    """An address a site (or a service) is at: an http(s) URL without a query or fragment."""
    if (problem := _is_url(value)) is not None:
        return problem
    if "?" in value or "#" in value:
        return f"expected an address without a query or fragment ('?…', '#…'), got {value!r}"[:200]
    return None


_STRAY_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")
_PAGE_NAME = re.compile(r"/[^/]+\.(html?|php|aspx?|jsp)$", re.IGNORECASE)  # a page's name ending the path


def _is_site_address(value: Any) -> str | None:
    """A ``base_url``: an address (``_is_base_url``) whose pages can be published as they are."""
    if (problem := _is_base_url(value)) is not None:
        return problem
    parts = urlsplit(value)
    if "@" in parts.netloc:
        return f"{value!r} has a user name or password, which every page, feed and the sitemap would publish"[:200]
    if "" in (parts.hostname or "").removesuffix(".").split("."):  # ('example..org', a slip; DNS has no such name)
        return f"{value!r} has a host with an empty name between its dots ('..'), which no browser can reach"[:200]
    if _STRAY_PERCENT.search(parts.path):  # 404.html and canonical links would be no URLs (nginx answers 400)
        return f"{value!r} has a '%' that starts no percent-escape (a '%' itself is '%25')"[:200]
    if _PAGE_NAME.search(parts.path):  # (copied from the address bar with the page shown there)
        page = parts.path.rpartition("/")[2]
        folder = urlunsplit(parts._replace(path=parts.path[: -len(page)]))
        return f"{value!r} names a page ({page!r}), not the folder the site is at: write {folder!r}"[:300]
    folders = parts.path.split("/")[1:]  # (404.html links from this path, '//news/' a host to a browser)
    if folders[-1:] == [""]:
        folders.pop()
    for folder, problem in (("", "an empty folder name ('//')"), ("..", "a '..' folder"), (".", "a '.' folder")):
        if folder in folders:
            meant = urlunsplit(parts._replace(path=posixpath.normpath(re.sub("/+", "/", parts.path)).rstrip("/") + "/"))
            return f"{value!r} has {problem}; write the address the site is at, such as {meant!r}"[:300]
    return None


def _is_timezone(value: Any) -> str | None:
    if not isinstance(value, str):
        return f"expected a time zone name such as 'Europe/Istanbul', got {_kind(value)}"
    if value == "localtime":  # (the system's zoneinfo has it: a link to the computer's own zone)
        return (
            "'localtime' is the computer's own time zone, which another computer building the site (a CI "
            "runner, a colleague's laptop) does not share: name the site's, such as 'Europe/Istanbul'"
        )
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        known = sorted(available_timezones() - {"localtime"})
        same = {name.casefold(): name for name in known}.get(value.strip().casefold())
        close = same or nearest(value.strip(), known)
        return f"unknown time zone {value!r}" + (f"; did you mean '{close}'?" if close else "")
    return None


def _is_feed_content(value: Any) -> str | None:
    return None if value in ("full", "summary") else f"expected 'full' or 'summary', got {value!r}"


def _is_topic_map(value: Any) -> str | None:
    if not isinstance(value, dict):
        return f"expected a mapping of topic names to descriptions, got {_kind(value)}"
    return None  # (each topic is looked at on its own line: ``_validate_topics``)


def _validate_topics(topics: dict[Any, Any], lines: Lines, path: str, errors: list[DigestError]) -> None:
    """Each entry of ``topics:``, at its own line: a name (a number, a year, is one) and a
    description in Markdown."""
    # (their lines in the order written, as the mapping has them: a name given as ~ or null has no text to look up)
    entry_lines = [line for key, line in lines.items() if len(key) == 2 and key[0] == "topics"]
    for index, (name, description) in enumerate(topics.items()):
        line = entry_lines[index] if index < len(entry_lines) else lines.get(("topics",), 1)
        if name is None or isinstance(name, bool) or not str(name).strip():
            errors.append(ConfigError(f"topics: expected a topic's name, got {_kind(name)}", path, line))
        elif not isinstance(description, str):
            message = f"topics.{name}: expected a description (Markdown text), got {_kind(description)}"
            errors.append(ConfigError(message, path, line))


def _is_mapping(value: Any) -> str | None:
    return None if isinstance(value, dict) else f"expected a mapping, got {_kind(value)}"


def _is_theme(value: Any) -> str | None:
    if isinstance(value, str | dict):
        return None
    return f"expected a theme name or a mapping of theme settings, got {_kind(value)}"


def language_problem(value: Any) -> str | None:
    """What is wrong with a ``language`` (the site's, or an article's), if anything."""
    if value is False:  # YAML's 'no': Norwegian
        return f"expected a language code such as 'en' or 'tr', got {_kind(value)}: write Norwegian as \"no\""
    if not isinstance(value, str):
        return f"expected a language code such as 'en' or 'tr', got {_kind(value)}"
    if _LANGUAGE.match(value):
        return None
    named = _code_of_language_named(value)
    meant = f"; {value!r} is written {named!r}" if named else ""
    return f"not a language code such as 'en', 'tr' or 'pt-BR': {value!r}{meant}"


def _code_of_language_named(name: str) -> str | None:
    """The code of a language given by its name in English or in itself ('English', 'Türkçe',
    'Deutsch'), for a message."""
    from babel import Locale  # (only when a language is mistyped)

    wanted = name.strip().casefold()
    for code, english in Locale("en").languages.items():
        if "_" not in code and english.casefold() == wanted:
            return code
    for code in ("ar", "de", "es", "fr", "it", "ja", "nl", "pt", "ru", "tr", "zh", "fa", "he", "pl", "uk", "el"):
        if (own := Locale(code).get_language_name(code)) and own.casefold() == wanted:
            return code
    return None


def language_tag(code: str) -> str:
    """A language code as HTML's ``lang`` and XML's ``xml:lang`` take it (BCP 47, in its usual
    case), however it was written: ``tr_TR`` (as gettext and Babel write it) -> ``tr-TR``,
    ``AR`` -> ``ar``, ``zh_hant_tw`` -> ``zh-Hant-TW``."""
    parts = code.strip().replace("_", "-").split("-")
    tag = [parts[0].lower()]
    for part in parts[1:]:
        if len(part) == 4 and part.isalpha():
            tag.append(part.title())  # a script
        elif (len(part) == 2 and part.isalpha()) or (len(part) == 3 and part.isdigit()):
            tag.append(part.upper())  # a region
        else:
            tag.append(part.lower())
    return "-".join(tag)


def primary_language(code: str) -> str:
    """The language of a code without its script and region: ``pt-BR`` and ``pt_BR`` -> ``pt``."""
    return code.replace("_", "-").split("-")[0].lower()


def unknown_language(code: str) -> str | None:
    """What to warn of a ``language`` (of the site or of one article) that Babel's locale data
    does not know; None when it does.  Babel is loaded only for a language other than English."""
    if code.lower() == "en":
        return None
    from digest.i18n import known_language

    if known_language(code):
        return None
    return f"language: {code!r} is not a language Babel's locale data knows: dates and numbers as in English"


def _is_color(value: Any) -> str | None:
    """A colour CSS knows (a browser drops any other from the stylesheet, unseen), read as the
    email edition reads it (``color_rgb``)."""
    if isinstance(value, str) and color_rgb(value) is not None:
        return None
    message = f"expected a colour such as '#b3261e' or 'rgb(179 38 30)', got {_kind(value)}"
    if isinstance(value, str) and value.isalpha() and (close := nearest(value.lower(), _NAMED_COLORS)):
        message += f"; did you mean '{close}'?"
    return message


def color_rgb(value: str) -> tuple[int, int, int] | None:
    """The red, green and blue (0 … 255) of a CSS colour: ``#rgb``, ``#rrggbb`` (with or
    without alpha), a named colour, ``rgb()``/``rgba()``, ``hsl()``/``hsla()`` or ``oklch()``
    (its alpha left out, out-of-gamut values clipped); None for anything else.  The site's
    stylesheet takes the colour as written, the email edition (whose mail programs read hex
    alone) as these."""
    text = value.strip().lower()
    if text in _NAMED_COLORS:
        text = _NAMED_COLORS[text]
    if text.startswith("#"):
        digits = text[1:]
        if not re.fullmatch(r"[0-9a-f]{3,4}|[0-9a-f]{6}|[0-9a-f]{8}", digits):
            return None
        if len(digits) <= 4:
            digits = "".join(digit * 2 for digit in digits)
        return int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16)
    match = _COLOR.match(text)
    if match is None or match[3] is None:
        return None
    inside = text[len(match[3]) + 1 : -1]
    parts = [part for part in re.split(r"[\s,]+", inside.split("/")[0].strip()) if part]
    if len(parts) == 4 and "," in inside:  # rgba(255, 255, 0, 0.4): its alpha left out
        parts = parts[:3]
    if len(parts) != 3:
        return None
    try:
        if match[3].startswith("rgb"):
            red, green, blue = (_number(part, 255) / 255 for part in parts)
            return _clipped(red), _clipped(green), _clipped(blue)
        if match[3].startswith("hsl"):
            hue = _angle(parts[0])
            saturation, lightness = _number(parts[1], 1), _number(parts[2], 1)
            if not parts[1].endswith("%") or not parts[2].endswith("%"):
                saturation, lightness = saturation / 100, lightness / 100  # (CSS 4: plain numbers of percent)
            red, green, blue = colorsys.hls_to_rgb(hue / 360 % 1, lightness, saturation)
            return _clipped(red), _clipped(green), _clipped(blue)
        lightness, chroma, hue = _number(parts[0], 1), _number(parts[1], 0.4), _angle(parts[2])
        return _oklch_rgb(lightness, chroma, hue)
    except ValueError:
        return None


def _number(text: str, whole: float) -> float:
    """A CSS number or percentage (of ``whole``); ``none`` is 0."""
    if text == "none":
        return 0.0
    if text.endswith("%"):
        return float(text[:-1]) / 100 * whole
    return float(text)


def _angle(text: str) -> float:
    """A CSS hue in degrees."""
    for unit, degrees in (("deg", 1.0), ("grad", 0.9), ("rad", 180 / math.pi), ("turn", 360.0)):
        if text.endswith(unit):
            return float(text[: -len(unit)]) * degrees
    return _number(text, 360)


def _clipped(channel: float) -> int:
    return round(min(1.0, max(0.0, channel)) * 255)


def color_hex(rgb: Sequence[int]) -> str:
    """``#rrggbb`` of red, green and blue (0 … 255)."""
    return "#{:02x}{:02x}{:02x}".format(*rgb)


def _rgb_oklch(rgb: tuple[int, int, int]) -> tuple[float, float, float]:
    """OKLCH (lightness 0 … 1, chroma, hue in degrees) of an sRGB colour: ``_oklch_rgb`` undone."""
    red, green, blue = (
        channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4
        for channel in (value / 255 for value in rgb)
    )
    long = (0.4122214708 * red + 0.5363325363 * green + 0.0514459929 * blue) ** (1 / 3)
    medium = (0.2119034982 * red + 0.6806995451 * green + 0.1073969566 * blue) ** (1 / 3)
    short = (0.0883024619 * red + 0.2817188376 * green + 0.6299787005 * blue) ** (1 / 3)
    lightness = 0.2104542553 * long + 0.7936177850 * medium - 0.0040720468 * short
    a = 1.9779984951 * long - 2.4285922050 * medium + 0.4505937099 * short
    b = 0.0259040371 * long + 0.7827717662 * medium - 0.8086757660 * short
    return lightness, math.hypot(a, b), math.degrees(math.atan2(b, a)) % 360


def _oklch_rgb(lightness: float, chroma: float, hue: float) -> tuple[int, int, int]:
    """sRGB of an OKLCH colour (Björn Ottosson's OKLab matrices), clipped to the gamut."""
    a, b = chroma * math.cos(math.radians(hue)), chroma * math.sin(math.radians(hue))
    long = (lightness + 0.3963377774 * a + 0.2158037573 * b) ** 3
    medium = (lightness - 0.1055613458 * a - 0.0638541728 * b) ** 3
    short = (lightness - 0.0894841775 * a - 1.2914855480 * b) ** 3
    linear = (
        4.0767416621 * long - 3.3077115913 * medium + 0.2309699292 * short,
        -1.2684380046 * long + 2.6097574011 * medium - 0.3413193965 * short,
        -0.0041960863 * long - 0.7034186147 * medium + 1.7076147010 * short,
    )
    encoded = [12.92 * c if c <= 0.0031308 else 1.055 * max(c, 0) ** (1 / 2.4) - 0.055 for c in linear]
    return _clipped(encoded[0]), _clipped(encoded[1]), _clipped(encoded[2])


def _is_link(value: Any) -> str | None:
    """A site path or an http(s) URL, safe inside an HTML attribute or CSS."""
    if not isinstance(value, str):
        return f"expected a path or a URL, got {_kind(value)}"
    if re.match(r"^\s*(javascript|data|vbscript):", value, re.I) or re.search(r"[\s\"'<>()\\]", value):
        return f"expected a path such as 'static/logo.svg' or an http(s) URL, got {value!r}"
    if "://" in value:
        return None
    # A path from the site's root as published: '..' would lead out of a site under a sub-path,
    # and content/static/ is published as static/ (content/root/ at the root).
    path = value.lstrip("/")
    if {".", ".."} & set(path.split("/")) or path.startswith(PUBLISHED_FOLDERS):
        meant = posixpath.normpath(path)
        while meant.startswith("../"):
            meant = meant[3:]
        meant = re.sub(r"^content/(root/|(?=static/))", "", meant)
        return f"write the path where the file is published, from the site's root: {meant!r}"
    return None


def _is_url(value: Any) -> str | None:
    if not isinstance(value, str):
        return f"expected a URL, got {_kind(value)}"
    if not value.startswith(("http://", "https://")):
        scheme, colon, rest = value.partition(":")
        if colon and scheme.lower() in ("http", "https") and rest.startswith("//"):
            return f"write the scheme in lower case: {scheme.lower() + ':' + rest!r}"[:200]
        return f"expected an absolute http(s) URL such as 'https://example.org/', got {value!r}"[:200]
    return url_problem(value)


def _is_fonts(value: Any) -> str | None:
    if not isinstance(value, dict):
        return f"expected a mapping such as {{body: 'Georgia, serif', headings: 'system-ui, sans-serif'}}, got {_kind(value)}"
    for key, family in value.items():
        if key not in ("body", "headings"):
            return f"{key}: unknown font role; expected body or headings"
        if not isinstance(family, str) or not _FONT_FAMILY.match(family):
            return f"{key}: expected a CSS font-family list such as 'Georgia, serif', got {_kind(family)}"
    return None


# The checks a plugin may name in its ``config_schema``, as digest.yaml's own settings use them.
is_str, is_bool, is_positive_int, is_url, is_mapping = _is_str, _is_bool, _is_positive_int, _is_url, _is_mapping
is_base_url, is_site_address, is_timezone = _is_base_url, _is_site_address, _is_timezone

_LANGUAGE = re.compile(r"^[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8})*$")
_COLOR = re.compile(
    r"^(#([0-9a-fA-F]{3,4}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})|(rgb|rgba|hsl|hsla|oklch)\([0-9.,%\s/a-z-]+\))$"
)
_NAMED_COLORS = {  # CSS Color Module Level 4's named colours, as browsers give them
    "aliceblue": "#f0f8ff", "antiquewhite": "#faebd7", "aqua": "#00ffff", "aquamarine": "#7fffd4", "azure": "#f0ffff",
    "beige": "#f5f5dc", "bisque": "#ffe4c4", "black": "#000000", "blanchedalmond": "#ffebcd", "blue": "#0000ff",
    "blueviolet": "#8a2be2", "brown": "#a52a2a", "burlywood": "#deb887", "cadetblue": "#5f9ea0",
    "chartreuse": "#7fff00", "chocolate": "#d2691e", "coral": "#ff7f50", "cornflowerblue": "#6495ed",
    "cornsilk": "#fff8dc", "crimson": "#dc143c", "cyan": "#00ffff", "darkblue": "#00008b", "darkcyan": "#008b8b",
    "darkgoldenrod": "#b8860b", "darkgray": "#a9a9a9", "darkgreen": "#006400", "darkgrey": "#a9a9a9",
    "darkkhaki": "#bdb76b", "darkmagenta": "#8b008b", "darkolivegreen": "#556b2f", "darkorange": "#ff8c00",
    "darkorchid": "#9932cc", "darkred": "#8b0000", "darksalmon": "#e9967a", "darkseagreen": "#8fbc8f",
    "darkslateblue": "#483d8b", "darkslategray": "#2f4f4f", "darkslategrey": "#2f4f4f", "darkturquoise": "#00ced1",
    "darkviolet": "#9400d3", "deeppink": "#ff1493", "deepskyblue": "#00bfff", "dimgray": "#696969",
    "dimgrey": "#696969", "dodgerblue": "#1e90ff", "firebrick": "#b22222", "floralwhite": "#fffaf0",
    "forestgreen": "#228b22", "fuchsia": "#ff00ff", "gainsboro": "#dcdcdc", "ghostwhite": "#f8f8ff",
    "gold": "#ffd700", "goldenrod": "#daa520", "gray": "#808080", "green": "#008000", "greenyellow": "#adff2f",
    "grey": "#808080", "honeydew": "#f0fff0", "hotpink": "#ff69b4", "indianred": "#cd5c5c", "indigo": "#4b0082",
    "ivory": "#fffff0", "khaki": "#f0e68c", "lavender": "#e6e6fa", "lavenderblush": "#fff0f5", "lawngreen": "#7cfc00",
    "lemonchiffon": "#fffacd", "lightblue": "#add8e6", "lightcoral": "#f08080", "lightcyan": "#e0ffff",
    "lightgoldenrodyellow": "#fafad2", "lightgray": "#d3d3d3", "lightgreen": "#90ee90", "lightgrey": "#d3d3d3",
    "lightpink": "#ffb6c1", "lightsalmon": "#ffa07a", "lightseagreen": "#20b2aa", "lightskyblue": "#87cefa",
    "lightslategray": "#778899", "lightslategrey": "#778899", "lightsteelblue": "#b0c4de", "lightyellow": "#ffffe0",
    "lime": "#00ff00", "limegreen": "#32cd32", "linen": "#faf0e6", "magenta": "#ff00ff", "maroon": "#800000",
    "mediumaquamarine": "#66cdaa", "mediumblue": "#0000cd", "mediumorchid": "#ba55d3", "mediumpurple": "#9370db",
    "mediumseagreen": "#3cb371", "mediumslateblue": "#7b68ee", "mediumspringgreen": "#00fa9a",
    "mediumturquoise": "#48d1cc", "mediumvioletred": "#c71585", "midnightblue": "#191970", "mintcream": "#f5fffa",
    "mistyrose": "#ffe4e1", "moccasin": "#ffe4b5", "navajowhite": "#ffdead", "navy": "#000080", "oldlace": "#fdf5e6",
    "olive": "#808000", "olivedrab": "#6b8e23", "orange": "#ffa500", "orangered": "#ff4500", "orchid": "#da70d6",
    "palegoldenrod": "#eee8aa", "palegreen": "#98fb98", "paleturquoise": "#afeeee", "palevioletred": "#db7093",
    "papayawhip": "#ffefd5", "peachpuff": "#ffdab9", "peru": "#cd853f", "pink": "#ffc0cb", "plum": "#dda0dd",
    "powderblue": "#b0e0e6", "purple": "#800080", "rebeccapurple": "#663399", "red": "#ff0000",
    "rosybrown": "#bc8f8f", "royalblue": "#4169e1", "saddlebrown": "#8b4513", "salmon": "#fa8072",
    "sandybrown": "#f4a460", "seagreen": "#2e8b57", "seashell": "#fff5ee", "sienna": "#a0522d", "silver": "#c0c0c0",
    "skyblue": "#87ceeb", "slateblue": "#6a5acd", "slategray": "#708090", "slategrey": "#708090", "snow": "#fffafa",
    "springgreen": "#00ff7f", "steelblue": "#4682b4", "tan": "#d2b48c", "teal": "#008080", "thistle": "#d8bfd8",
    "tomato": "#ff6347", "turquoise": "#40e0d0", "violet": "#ee82ee", "wheat": "#f5deb3", "white": "#ffffff",
    "whitesmoke": "#f5f5f5", "yellow": "#ffff00", "yellowgreen": "#9acd32",
}  # fmt: skip
_FONT_FAMILY = re.compile(r"^[\w\s,'\"-]+$")


# Settings of digest.yaml as MkDocs, Hugo and Jekyll name them (folded: ``_folded_key``).
_OTHER_GENERATORS_NAMES = {
    "sitename": "title", "siteauthor": "author", "url": "base_url", "paginate": "per_page",
    "pagination": "per_page", "defaultcontentlanguage": "language", "lang": "language", "locale": "language",
}  # fmt: skip


def _folded_key(key: str) -> str:
    """A key without case, underscores or hyphens: ``baseURL`` and ``base-url`` are ``base_url``."""
    return key.lower().replace("_", "").replace("-", "")


def _kind(value: Any) -> str:
    names = {dict: "a mapping", list: "a list", str: "a string", bool: "true/false",
             int: "a number", float: "a number", type(None): "nothing"}  # fmt: skip
    return f"{names.get(type(value), type(value).__name__)} ({value!r})"[:80]


kind_of = _kind  # a value's kind as messages name it: 'a string ('x')'


_TOP_LEVEL: dict[str, Check] = {
    "title": _is_title,
    "description": _is_str,
    "base_url": _is_site_address,
    "language": language_problem,
    "author": _is_str,
    "theme": _is_theme,
    "per_page": _is_positive_int,
    "timezone": _is_timezone,
    "search": _is_bool,
    "deploy": lambda value: None if isinstance(value, list) else f"expected a list of targets, got {_kind(value)}",
    "markdown": _is_mapping,
    "feeds": _is_mapping,
    "topics": _is_topic_map,
    "import": _is_mapping,
    "limits": _is_mapping,
    "plugins": lambda value: (
        None
        if isinstance(value, dict | list)
        else f"expected a mapping of plugin names to options (or a list of names), got {_kind(value)}"
    ),
    "hooks": lambda value: (
        None
        if isinstance(value, list) and all(isinstance(item, str) and item.endswith(".py") for item in value)
        else f"expected a list of Python files such as [hooks.py], got {_kind(value)}"
    ),
}


MARKDOWN_ENGINES = {"markdown-it": "markdown_it", "comrak": "comrak"}  # engine -> the module it needs
MARKDOWN_ENGINE_ALIASES = {"markdown-it-py": "markdown-it"}


def markdown_engine_problem(value: Any) -> str | None:
    """Why ``value`` cannot be the Markdown engine here (unknown, not installed), or None."""
    if not isinstance(value, str):
        return f"expected an engine name, got {_kind(value)}"
    engine = MARKDOWN_ENGINE_ALIASES.get(value, value)
    if engine not in MARKDOWN_ENGINES:
        return f"unknown engine {value!r}; expected one of: {', '.join(MARKDOWN_ENGINES)}"
    try:
        importlib.import_module(MARKDOWN_ENGINES[engine])
    except ImportError:
        install = "markdown-it-py" if engine == "markdown-it" else f"digest[{engine}]"
        return f"the {engine} engine is not installed; install it with: pip install '{install}'"
    return None


def markdown_plugins_problem(value: Any) -> str | None:
    """Why ``value`` is not a list of installed mdit-py-plugins names, or None."""
    if not isinstance(value, list) or not all(isinstance(name, str) for name in value):
        return f"expected a list of markdown-it-py plugin names such as [deflist, tasklists], got {_kind(value)}"
    for name in value:
        if markdown_plugin(name) is None:
            return f"unknown markdown plugin {name!r}; expected a module of mdit-py-plugins such as deflist, tasklists, attrs"
    return None


def markdown_plugin(name: str) -> Callable[..., Any] | None:
    """The mdit-py-plugins plugin ``name`` (``deflist`` -> ``deflist_plugin``), or None."""
    if not re.fullmatch(r"[a-z_]+", name):
        return None
    try:
        module = importlib.import_module(f"mdit_py_plugins.{name}")
    except ImportError:
        return None
    found = getattr(module, f"{name}_plugin", None)
    return found if callable(found) else None


_MARKDOWN: dict[str, Check] = {
    "unsafe_html": _is_bool,
    "engine": markdown_engine_problem,
    "plugins": markdown_plugins_problem,
}
_FEEDS: dict[str, Check] = {"content": _is_feed_content, "limit": _is_positive_int}
_LIMITS: dict[str, Check] = {name: _is_limit for name in Limits.__dataclass_fields__}
_SECTIONS = {"markdown": (_MARKDOWN, MarkdownOptions), "feeds": (_FEEDS, FeedOptions), "limits": (_LIMITS, Limits)}
_THEME: dict[str, Check] = {
    "name": _is_str,
    "accent_color": _is_color,
    "logo": _is_link,
    "favicon": _is_link,
    "fonts": _is_fonts,
    "note_label": _is_str,
    "curator": _is_str,
    "front_page_items": _is_positive_int,
    "subscribe_url": _is_url,
    "subscribe_action": _is_url,
    "unsubscribe_placeholder": _is_str,
}
THEME_SETTINGS = frozenset(_THEME)  # the names digest itself gives meaning under ``theme:``


def load_key_lines(site_dir: Path) -> Lines:
    """Line numbers of the keys in ``digest.yaml``, so that messages can point at them."""
    try:
        return parse_yaml_mapping((site_dir / CONFIG_NAME).read_text(encoding="utf-8"), CONFIG_NAME)[1]
    except (OSError, UnicodeDecodeError, ContentError):
        return {}


def load_timezone(site_dir: Path) -> str | None:
    """The ``timezone`` digest.yaml gives (``UTC`` when it gives none), read even where another
    setting is wrong; None when the file cannot be read as a mapping or names no zone."""
    try:
        data = parse_yaml_mapping((site_dir / CONFIG_NAME).read_text(encoding="utf-8"), CONFIG_NAME)[0]
    except (OSError, UnicodeDecodeError, ContentError):
        return None
    zone = data.get("timezone", "UTC") if isinstance(data, dict) else None
    return zone if _is_timezone(zone) is None else None


def load_config(site_dir: Path) -> tuple[SiteConfig, list[DigestError]]:
    """Read ``digest.yaml``; return the config and its warnings, or raise BuildFailed."""
    path = site_dir / CONFIG_NAME
    if not os.path.lexists(path):
        if (other := _config_named_otherwise(site_dir)) is not None:
            message = f"not read: digest reads its configuration from {CONFIG_NAME}; rename the file"
            raise BuildFailed([ConfigError(message, other, None)])
        return SiteConfig(), []
    try:
        text = read_regular_file(path, CONFIG_NAME, Limits.file_size).decode("utf-8")
    except ContentError as error:
        raise BuildFailed([ConfigError(error.message, CONFIG_NAME, error.line)]) from None
    except UnicodeDecodeError as error:
        message, line = not_utf8(error)
        raise BuildFailed([ConfigError(message, CONFIG_NAME, line)]) from None
    return parse_config(text, CONFIG_NAME)


def not_utf8(error: UnicodeDecodeError) -> tuple[str, int]:
    """What a file that is not UTF-8 is told (digest.yaml, a content file, a template): the
    byte and its line."""
    data = error.object
    return f"not UTF-8 text (byte 0x{data[error.start]:02x}); save the file as UTF-8", data[: error.start].count(
        b"\n"
    ) + 1


def _config_named_otherwise(site_dir: Path) -> str | None:
    """A file beside where digest.yaml is missing that was meant to be it: in another case
    (``Digest.yaml``, which macOS and Windows read as digest.yaml and Linux does not), or
    named ``.yml``."""
    try:
        names = sorted(os.listdir(site_dir))
    except OSError:
        return None
    return next((name for name in names if name.lower() in (CONFIG_NAME, "digest.yml")), None)


def read_regular_file(path: Path, shown: str, limit: int) -> bytes:
    """The bytes of the regular file at ``path``.  Anything else (a FIFO would block, a
    symlink loop cannot be opened, a folder) or a file over ``limit`` bytes is a ContentError."""
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as error:
        raise ContentError(f"cannot read this file: {error.strerror}", shown, 1) from None
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode):
            raise ContentError("not a regular file (only regular files are read)", shown, 1)
        with os.fdopen(descriptor, "rb", closefd=False) as file:
            data = file.read(min(info.st_size, limit) + 1)  # (read allocates what it is asked for)
    except OSError as error:
        raise ContentError(f"cannot read this file: {error.strerror}", shown, 1) from None
    finally:
        os.close(descriptor)
    if len(data) > limit:
        raise ContentError(file_too_big(limit), shown, 1)
    return data


def walk_folder(folder: Path, site_dir: Path) -> Iterator[tuple[str, list[str], list[str]]]:
    """``os.walk`` of a folder of the site.  A folder in it that cannot be read fails the build
    with its name: passed over, its pages would be taken for deleted ones and removed."""

    def unreadable(error: OSError) -> None:
        if isinstance(error, FileNotFoundError):
            return  # no such folder, or one removed while it was walked
        where = Path(error.filename) if error.filename else folder
        raise BuildFailed([ContentError(f"cannot read this folder: {error.strerror}", shown_path(where, site_dir))])

    yield from os.walk(folder, onerror=unreadable)


def file_too_big(limit: int) -> str:
    size = f"{limit / 1_000_000:g} MB" if limit >= 100_000 else f"{limit:,} bytes"
    return f"the file is over {size}; raise limits.file_size in digest.yaml if it must be this big"


def parse_config(text: str, path: str) -> tuple[SiteConfig, list[DigestError]]:
    try:
        data, lines = parse_yaml_mapping(text, path, what=CONFIG_NAME)
    except ContentError as error:
        raise BuildFailed([ConfigError(error.message, path, error.line)]) from None
    errors: list[DigestError] = []
    warnings: list[DigestError] = []
    _validate(data, _TOP_LEVEL, (), lines, path, errors, warnings)
    for section, (checks, _) in _SECTIONS.items():
        if isinstance(data.get(section), dict):
            _validate(data[section], checks, (section,), lines, path, errors, warnings)
    if isinstance(data.get("theme"), dict):  # keys digest does not know may be the theme's own (``theme``)
        known = {key: value for key, value in data["theme"].items() if key in _THEME}
        _validate(known, _THEME, ("theme",), lines, path, errors, warnings)
    if isinstance(data.get("topics"), dict):
        _validate_topics(data["topics"], lines, path, errors)
    if isinstance(data.get("deploy"), list):
        _validate_deploy(data["deploy"], lines, path, errors, warnings)
    markdown = data.get("markdown")
    if isinstance(markdown, dict) and markdown.get("plugins") and markdown.get("engine") == "comrak":
        message = "markdown.plugins: markdown-it-py plugins cannot run with engine comrak; use engine markdown-it"
        errors.append(ConfigError(message, path, lines.get(("markdown", "plugins"), 1)))
    plugins = _plugin_settings(data.get("plugins"), lines, path, errors)
    language = data.get("language")
    if isinstance(language, str) and language_problem(language) is None and (unknown := unknown_language(language)):
        warnings.append(ConfigError(unknown, path, lines.get(("language",), 1)))
    if errors:
        raise BuildFailed(errors, warnings)  # a misspelt key may be the error's cause: shown with it
    hooks = tuple(HooksFile(name, lines.get(("hooks", index), 1)) for index, name in enumerate(data.get("hooks") or []))
    config = _make_config({key: value for key, value in data.items() if key != "deploy"})
    config = replace(config, plugins=plugins, hooks=hooks, language=language_tag(config.language))
    warnings += _search_set_twice(data.get("search"), plugins, lines, path)
    turned_off = {setting.name for setting in plugins if setting.name in BUILTIN_PLUGINS and not setting.enabled}
    config = replace(config, search=config.search and "search" not in turned_off, email="email" not in turned_off)
    return replace(config, deploy=_deploy_targets(data.get("deploy") or [], lines)), warnings


def _search_set_twice(search: Any, plugins: tuple[PluginSetting, ...], lines: Lines, path: str) -> list[DigestError]:
    """``search:`` and ``plugins: {search: …}`` that disagree: the one that has no effect, at its line."""
    setting = next((setting for setting in plugins if setting.name == "search"), None)
    if setting is None or not isinstance(search, bool) or search == setting.enabled:
        return []
    line = lines.get(("search",), 1)
    if search:
        message = f"plugins.search: false turns search off, though search: true (line {line}) turns it on; keep one"
    else:
        message = f"plugins.search: not used: search: false (line {line}) turns search off"
    return [ConfigError(message, path, setting.line)]


def _plugin_settings(value: Any, lines: Lines, path: str, errors: list[DigestError]) -> tuple[PluginSetting, ...]:
    """``plugins: {name: {option: value}}`` (``name: false`` turns one off) or ``[name, {name: {...}}]``."""
    entries: list[tuple[Any, Any, tuple[Any, ...]]] = []
    if isinstance(value, dict):
        entries = [(name, options, ("plugins", name)) for name, options in value.items()]
    elif isinstance(value, list):
        for index, item in enumerate(value):
            if isinstance(item, dict) and len(item) == 1:
                name, options = next(iter(item.items()))
                entries.append((name, options, ("plugins", index, name)))
            else:
                entries.append((item, True, ("plugins", index)))
    settings = []
    first: dict[str, int] = {}
    for name, options, key in entries:
        line = lines.get(key, lines.get(("plugins",), 1))
        if isinstance(name, str) and name in first:  # (the mapping form: YAML's duplicate key)
            errors.append(ConfigError(f"plugins: {name!r} named twice (first at line {first[name]})", path, line))
            continue
        if isinstance(name, str):
            first[name] = line
        if not isinstance(name, str) or not name:
            errors.append(ConfigError(f"plugins: expected a plugin name, got {_kind(name)}", path, line))
        elif options is None or isinstance(options, bool):
            settings.append(PluginSetting(name, options is not False, {}, line))
        elif isinstance(options, dict):
            option_lines = {str(option): lines.get((*key, option), line) for option in options}
            settings.append(PluginSetting(name, True, dict(options), line, option_lines))
        else:
            message = f"plugins.{name}: expected true, false or a mapping of options, got {_kind(options)}"
            errors.append(ConfigError(message, path, line))
    return tuple(settings)


def validate_options(
    options: dict[str, Any], checks: dict[str, Check], prefix: str, lines: dict[str, int], line: int
) -> list[DigestError]:
    """Problems with a plugin's options, checked like the rest of digest.yaml; unknown ones are errors."""
    errors: list[DigestError] = []
    for key, value in options.items():
        where = lines.get(key, line)
        check = checks.get(key)
        if check is None:
            known = ", ".join(sorted(checks)) or "none"
            errors.append(ConfigError(f"{prefix}.{key}: unknown option; known options: {known}", CONFIG_NAME, where))
        elif (problem := check(value)) is not None:
            errors.append(ConfigError(f"{prefix}.{key}: {problem}", CONFIG_NAME, where))
    return errors


def _validate(
    data: dict[str, Any],
    checks: dict[str, Check],
    prefix: tuple[str, ...],
    lines: Lines,
    path: str,
    errors: list[DigestError],
    warnings: list[DigestError],
) -> None:
    for key, value in data.items():
        name = ".".join((*prefix, str(key)))
        line = lines.get((*prefix, key), 1)
        check = checks.get(key)
        if check is None:
            spelled = {_folded_key(known): known for known in checks}  # Hugo's baseURL, perPage
            if not prefix:
                spelled = {**_OTHER_GENERATORS_NAMES, **spelled}
            close = spelled.get(_folded_key(str(key))) or nearest(str(key), checks, cutoff=0.75)
            hint = f"did you mean '{close}'?" if close else f"known keys: {', '.join(sorted(checks))}"
            warnings.append(ConfigError(f"{name}: unknown key (ignored); {hint}", path, line))
        elif (problem := check(value)) is not None:
            errors.append(ConfigError(f"{name}: {problem}", path, line))


validate_section = _validate  # (theme.py checks a theme's own settings under ``theme:`` with it)


def _frozen(value: Any) -> Any:
    return tuple(value) if isinstance(value, list) else value


def _trimmed(value: Any) -> Any:
    """A text setting without the spaces around it: one of spaces alone (curator: " ") is one
    not given, the theme's own wording shown, not an empty label or name."""
    return value.strip() if isinstance(value, str) else value


def _make_config(data: dict[str, Any]) -> SiteConfig:
    simple = {
        key: _trimmed(data[key])
        for key in _TOP_LEVEL
        if key in data and key not in (*_SECTIONS, "topics", "import", "theme", "plugins", "hooks")
    }
    sections = {
        name: kind(**{key: _frozen(value) for key, value in data.get(name, {}).items() if key in checks})
        for name, (checks, kind) in _SECTIONS.items()
    }
    theme = data.get("theme", SiteConfig.theme)
    settings = theme if isinstance(theme, dict) else {}
    base_url = simple.pop("base_url", SiteConfig.base_url)
    return SiteConfig(
        **simple,
        **sections,
        base_url=site_address(base_url),
        topics={str(name): text for name, text in (data.get("topics") or {}).items()},  # (a year's too)
        importer=dict(data.get("import") or {}),
        theme=str(settings.get("name", SiteConfig.theme)) if isinstance(theme, dict) else theme,
        theme_settings=ThemeSettings(
            **{k: _trimmed(v) for k, v in settings.items() if k in _THEME and k != "name"},
            own={str(k): v for k, v in settings.items() if k not in _THEME},
        ),
    )


@dataclass(frozen=True)
class DeployTarget:
    """One place ``digest deploy`` publishes to (``deploy:`` in digest.yaml)."""

    name: str
    type: str  # "github-pages", "s3" or "rsync"
    options: dict[str, Any] = field(default_factory=dict)  # the target's own keys, validated
    line: int | None = field(default=None, compare=False)  # of its entry in digest.yaml: a failed deploy names it

    def get(self, key: str, default: Any = None) -> Any:
        return self.options.get(key, default)


def _is_remote(value: Any) -> str | None:
    return (
        None if isinstance(value, str) and value.strip() else f"expected a git remote name or URL, got {_kind(value)}"
    )


def _is_branch(value: Any) -> str | None:
    """A branch name as git takes one (``git check-ref-format --branch``), without ``refs/heads/``."""
    if not isinstance(value, str) or not value or value.startswith(("-", "/", "refs/")) or _NOT_IN_BRANCH.search(value):
        shown = repr(value) if isinstance(value, str) else _kind(value)
        return f"expected a branch name such as gh-pages, got {shown}"
    return None


# What git refuses in a branch name: control characters, space ~ ^ : ? * [ \, "..", "@{",
# "//", a part starting with "." or ending with ".lock", a name ending with "/" or ".".
_NOT_IN_BRANCH = re.compile(r"[\x00-\x20\x7f~^:?*\[\\]|\.\.|@\{|//|(?:^|/)\.|\.lock(?:/|$)|[/.]$|^@$")


def _is_rsync_destination(value: Any) -> str | None:
    if not isinstance(value, str) or not value.strip() or value.startswith("-"):
        return f"expected a destination such as user@host:/var/www/site, got {_kind(value)}"
    return None


# What S3's clients take for a bucket (its name, or an access point's ARN) and a region (a host
# label): botocore refuses anything else, after the build, with its regular expressions.
_BUCKET = re.compile(r"[A-Za-z0-9.\-_]{1,255}|arn:\S+")
_REGION = re.compile(r"(?![0-9]+$)(?!-)[A-Za-z0-9-]{1,63}(?<!-)")


def _is_bucket(value: Any) -> str | None:
    if isinstance(value, str) and _BUCKET.fullmatch(value):
        return None
    shown = repr(value) if isinstance(value, str) else _kind(value)
    name = value.removeprefix("s3://").partition("/")[0] if isinstance(value, str) else ""
    hint = f"; write the name alone: {name}" if isinstance(value, str) and "://" in value and name else ""
    return f"expected a bucket's name such as my-digest, got {shown}{hint}"


def _is_region(value: Any) -> str | None:
    if isinstance(value, str) and _REGION.fullmatch(value):
        return None
    shown = repr(value) if isinstance(value, str) else _kind(value)
    return f"expected a region such as eu-central-1, got {shown}"


def _is_header_value(value: Any) -> str | None:
    """What an HTTP header carries as it is: visible ASCII and spaces (a line break or an 'é'
    is refused by the HTTP client, or stored mangled, 'Ã©', and sent so)."""
    if isinstance(value, str) and all(" " <= character <= "~" for character in value):
        return None
    shown = repr(value) if isinstance(value, str) else _kind(value)
    return f"expected a header's value such as 'public, max-age=3600' (ASCII, on one line), got {shown}"


_DEPLOY_COMMON: dict[str, Check] = {"name": _is_str, "type": _is_str}
DEPLOY_TYPES: dict[str, tuple[dict[str, Check], tuple[str, ...]]] = {
    # type -> (its keys, the required ones)
    "github-pages": ({"remote": _is_remote, "branch": _is_branch, "message": _is_str}, ()),
    "s3": (
        {
            "bucket": _is_bucket,
            "prefix": _is_str,
            "region": _is_region,
            "endpoint_url": _is_base_url,
            "cache_control": _is_header_value,
            "html_cache_control": _is_header_value,
            "delete": _is_bool,
        },
        ("bucket",),
    ),
    "rsync": ({"destination": _is_rsync_destination, "ssh": _is_str, "delete": _is_bool}, ("destination",)),
}


def _endpoint_names_bucket(target: dict[str, Any]) -> str | None:
    """An endpoint_url ending with the bucket's name, as a storage's dashboard shows the bucket's
    address (``https://ACCOUNT.r2.cloudflarestorage.com/my-digest``): the client adds the bucket
    to it again, and every key would be asked for in a folder of that name."""
    endpoint, bucket = target.get("endpoint_url"), target.get("bucket")
    if not isinstance(endpoint, str) or not isinstance(bucket, str) or _is_base_url(endpoint) is not None:
        return None
    parts = urlsplit(endpoint)
    if parts.path.rstrip("/").rpartition("/")[2] != bucket:
        return None
    alone = urlunsplit((parts.scheme, parts.netloc, parts.path.rstrip("/").removesuffix(bucket).rstrip("/"), "", ""))
    return f"{endpoint!r} ends with the bucket's name, which bucket: gives; write the storage's address alone: {alone}"


def _validate_deploy(
    targets: list[Any], lines: Lines, path: str, errors: list[DigestError], warnings: list[DigestError]
) -> None:
    names: dict[str, int] = {}
    for index, target in enumerate(targets):
        where = field_name(("deploy", index))
        line = lines.get(("deploy", index), lines.get(("deploy",), 1))
        if not isinstance(target, dict):
            errors.append(ConfigError(f"{where}: expected a mapping such as {{type: s3, bucket: ...}}", path, line))
            continue
        kind = target.get("type")
        if kind not in DEPLOY_TYPES:
            message = f"{where}.type: expected one of {', '.join(DEPLOY_TYPES)}, got {_kind(kind)}"
            if isinstance(kind, str) and (meant := nearest(kind.lower(), DEPLOY_TYPES)) is not None:
                message += f"; did you mean '{meant}'?"
            errors.append(ConfigError(message, path, lines.get(("deploy", index, "type"), line)))
            continue
        checks, required = DEPLOY_TYPES[kind]
        for key in required:
            if key not in target:
                article = "an" if kind in ("s3", "rsync") else "a"  # (as said: 'an ess-three', 'an ar-sync')
                errors.append(ConfigError(f"{where}: {article} {kind} target needs {key}", path, line))
        scoped: Lines = {(where, *key[2:]): number for key, number in lines.items() if key[:2] == ("deploy", index)}
        _validate(target, {**_DEPLOY_COMMON, **checks}, (where,), scoped, path, errors, warnings)
        if kind == "s3" and (problem := _endpoint_names_bucket(target)) is not None:
            errors.append(
                ConfigError(f"{where}.endpoint_url: {problem}", path, scoped.get((where, "endpoint_url"), line))
            )
        name = str(target.get("name") or kind)
        if name in names:
            also = field_name(("deploy", names[name]))
            errors.append(ConfigError(f"{where}: the name {name!r} is also used by {also}", path, line))
        names.setdefault(name, index)


def _deploy_targets(targets: list[dict[str, Any]], lines: Lines) -> tuple[DeployTarget, ...]:
    return tuple(
        DeployTarget(
            name=str(target.get("name") or target["type"]),
            type=target["type"],
            options={key: value for key, value in target.items() if key not in _DEPLOY_COMMON},
            line=lines.get(("deploy", index)),
        )
        for index, target in enumerate(targets)
    )


def default_base_url_problem(site_dir: Path, config: SiteConfig) -> ConfigError | None:
    """A problem when ``base_url`` is still the default: every absolute link would point at localhost.

    A warning for ``build`` and ``email``, an error for ``check --strict`` and ``deploy``.
    """
    if config.base_url != DEFAULT_BASE_URL:
        return None
    message = (
        f"base_url is still the default {DEFAULT_BASE_URL}: feeds, the sitemap, canonical links and the "
        "newsletter would point at localhost; set base_url in digest.yaml to the address the site is published at"
    )
    if not (site_dir / CONFIG_NAME).is_file():  # (no file to point at: the site runs on the defaults)
        return ConfigError(message.replace("in digest.yaml", "in a digest.yaml"))
    return ConfigError(message, CONFIG_NAME, line_of_key(site_dir / CONFIG_NAME, "base_url"))


def line_of_key(path: Path, key: str) -> int:
    """The line of a top-level key of a YAML file (its first when it has none)."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return 1
    return next((number for number, line in enumerate(lines, 1) if line.startswith(f"{key}:")), 1)
