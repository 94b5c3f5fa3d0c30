"""The site's language: translation catalogs, dates, numbers and text direction.

Every word a theme shows is a gettext message.  Catalogs are ``.po`` files named after
the language (``locales/tr.po``) in each theme of the chain and in the site's own
``locales/`` folder; later ones add to and override earlier ones, so a site can fix one
word without copying a theme.  Dates and numbers are formatted by Babel from CLDR data.
"""

from __future__ import annotations

import copy
import functools
import gettext
import hashlib
import html
import io
import os
import re
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

from babel import Locale, UnknownLocaleError
from babel.dates import format_date as babel_format_date
from babel.dates import format_skeleton
from babel.messages.mofile import write_mo
from babel.messages.pofile import PoFileError, read_po
from babel.numbers import format_decimal
from babel.support import NullTranslations, Translations

from digest.config import Limits, primary_language, read_regular_file
from digest.errors import ConfigError, ContentError

CATALOG_DIR = "locales"
DEFAULT_LANGUAGE = "en"
# A bare 'en' keeps the day-month-year dates digest has always written ('3 December 2026');
# 'en-US' gives 'December 3, 2026'.
_DATE_LOCALE = {"en": "en_GB"}
_DATE_STYLES = {"long": "long", "short": "medium"}


def known_language(language: str) -> bool:
    """Whether Babel's locale data (CLDR) has a language code such as 'tr', 'pt-BR' or 'en_US'
    (dates and numbers of one it has not are written as in English)."""
    try:
        Locale.parse(language.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return False
    return True


def locale_for(language: str) -> Locale:
    """The Babel locale of a language code such as 'tr', 'pt-BR' or 'en_US'; English when unknown."""
    return Locale.parse(language.replace("-", "_") if known_language(language) else DEFAULT_LANGUAGE)


# Right-to-left writing, after CLDR (as Babel has it): by script subtag when the code has one,
# else by language, or language and region where the region's usual script differs. A table
# rather than Babel's locale data, which takes a fifth of a second to load.
_RTL_SCRIPTS = frozenset({"arab", "hebr", "syrc", "thaa", "nkoo", "adlm", "rohg"})
_RTL_LANGUAGES = frozenset(
    [
        "apc",
        "ar",
        "ary",
        "bal",
        "bgn",
        "bqi",
        "brh",
        "ckb",
        "dv",
        "fa",
        "he",
        "iw",
        "ji",
        "ks",
        "lrc",
        "mzn",
        "nqo",
        "ps",
        "rhg",
        "sd",
        "sdh",
        "skr",
        "syr",
        "trw",
        "ug",
        "ur",
        "yi",
    ]
)
_RTL_REGIONS = frozenset({"az-iq", "az-ir", "ha-sd", "kk-cn", "ku-iq", "ku-ir", "pa-pk", "uz-af"})


def text_direction(language: str) -> str:
    """'rtl' for right-to-left scripts (Arabic, Persian, Hebrew…), else 'ltr'."""
    parts = language.replace("_", "-").lower().split("-")
    script = next((part for part in parts[1:] if len(part) == 4 and part.isalpha()), None)
    if script is not None:
        return "rtl" if script in _RTL_SCRIPTS else "ltr"
    if parts[0] in _RTL_LANGUAGES or any(f"{parts[0]}-{part}" in _RTL_REGIONS for part in parts[1:]):
        return "rtl"
    return "ltr"


def catalog_names(language: str) -> list[str]:
    """File names that may hold a language's catalog, most specific first: pt_BR.po, pt-BR.po, pt.po."""
    code = language.replace("-", "_")
    names = [f"{code}.po", f"{language}.po"]
    if "_" in code:
        names.append(f"{code.split('_', 1)[0]}.po")
    return list(dict.fromkeys(names))


def catalog_files(language: str, folders: Iterable[Path]) -> list[Path]:
    """The catalogs of ``language`` in ``folders`` (least specific first), general ones before regional."""
    found = []
    names = catalog_names(language)
    for folder in folders:
        try:
            present = set(os.listdir(folder))
        except OSError:
            continue
        for name in reversed(names):
            if name in present and (folder / name).is_file():  # as named: not TR.po, which macOS and Windows would open
                found.append(folder / name)
        wanted = {name.lower(): name for name in names}
        for other in sorted(present - set(names)):
            if (meant := wanted.get(other.lower())) is not None:
                message = (
                    f"not read: the catalog of {language} is named {meant} (macOS and Windows take "
                    "either spelling, Linux only that one); rename the file"
                )
                raise ConfigError(message, str(folder / other), None)
    return found


def load_catalog_file(path: Path) -> Translations:
    """A catalog, compiled once while its file's bytes are unchanged (not its stat: an edit of
    the same size given back its old mtime is seen); ConfigError naming its fault."""
    try:
        data = read_regular_file(path, str(path), Limits.file_size)
    except ContentError as error:
        raise ConfigError(error.message, str(path), None) from None
    found = _CATALOGS.get(key := (str(path), hashlib.blake2b(data, digest_size=16).digest()))
    if found is None:
        found = _CATALOGS[key] = _load_catalog(str(path), data)
        while len(_CATALOGS) > 32:
            del _CATALOGS[next(iter(_CATALOGS))]
    return found


_CATALOGS: dict[tuple[str, bytes], Translations] = {}  # (path, hash of its bytes) -> the catalog


def load_translations(language: str, folders: Iterable[Path]) -> NullTranslations:
    """The merged catalogs of ``language``; message ids (English) where none translates them."""
    catalogs = []
    for path in catalog_files(language, folders):
        catalogs.append(load_catalog_file(path))
    if not catalogs:
        return NullTranslations()
    # Merged into a copy: the catalogs read are cached as they are in their files (a site
    # catalog merged into the theme's own would stay there once the site's is deleted).
    merged = copy.copy(catalogs[0])
    merged._catalog = dict(catalogs[0]._catalog)
    merged.files = list(catalogs[0].files)
    for catalog in catalogs[1:]:
        merged.merge(catalog)
    return merged


def _load_catalog(path: str, data: bytes) -> Translations:
    data = data.removeprefix(b"\xef\xbb\xbf")  # a byte order mark (Notepad's), which Babel reads as a keyword
    if b"\r" in data:  # lines ended as on Windows or on an old Mac, which Babel reads as one line
        data = data.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    try:
        catalog = read_po(io.BytesIO(data), abort_invalid=True)
    except PoFileError as error:  # (Babel counts lines from 0, and says where in its message)
        line = error.lineno + 1 if isinstance(getattr(error, "lineno", None), int) else None
        problem = re.sub(r" on \d+$", "", str(error)) if line is not None else str(error)
        raise ConfigError(f"not a valid translation catalog: {problem}", path, line) from None
    except (UnicodeDecodeError, ValueError) as error:
        raise ConfigError(f"not a valid translation catalog: {error}", path, None) from None
    _check_catalog(catalog, data, path)
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return Translations(compiled)


def _check_catalog(catalog: Any, data: bytes, path: str) -> None:
    """What Babel's reader lets pass and would fail or mislead later, named at its line: a
    string that does not close (Babel drops its last character), a plural formula gettext
    cannot read (it failed on the first page that translated a word), a translation whose
    placeholders the original does not have (a KeyError in whichever template used it)."""
    lines = data.decode("utf-8", "replace").splitlines()
    for number, line in enumerate(lines, start=1):
        text = line.strip()
        if text.startswith(('"', "msgid", "msgstr", "msgctxt")) and not _CLOSED_STRING.search(text):
            raise ConfigError("a string that does not close: it needs a '\"' at the end of the line", path, number)
    formula = str(catalog.plural_forms or "").partition("plural=")[2].rstrip("; ")
    if formula:
        try:
            gettext.c2py(formula)
        except (ValueError, RecursionError) as error:
            where = next((n for n, text in enumerate(lines, start=1) if "Plural-Forms" in text), None)
            raise ConfigError(f"Plural-Forms: not a plural formula gettext reads: {error}", path, where) from None
    _check_duplicates(lines, path)
    for message in catalog:
        originals = message.id if isinstance(message.id, tuple | list) else (message.id,)
        known = {name for text in originals for name in _PLACEHOLDER.findall(text or "")}
        translations = message.string if isinstance(message.string, tuple | list) else (message.string,)
        for name in (name for text in translations for name in _PLACEHOLDER.findall(text or "")):
            if name not in known:
                message_id = originals[0]
                raise ConfigError(
                    f"msgstr of {message_id!r}: %({name})s is no placeholder of the original", path, message.lineno
                )


def _check_duplicates(lines: list[str], path: str) -> None:
    """A message given twice (Babel keeps the first and drops the other without a word; msgfmt
    refuses the file): an error at the second."""
    seen: dict[tuple[str, str], int] = {}
    context: list[str] = []
    message: list[str] = []
    collecting: list[str] | None = None  # the string whose continuation lines come next
    start = 0
    for number, line in enumerate(lines, start=1):
        text = line.strip()
        if text.startswith("msgctxt"):
            context = [text[len("msgctxt") :].strip()]
            collecting = context
        elif text.startswith("msgid") and not text.startswith("msgid_plural"):
            message, start = [text[len("msgid") :].strip()], number
            collecting = message
        elif text.startswith('"') and collecting is not None:
            collecting.append(text)
        elif text.startswith(("msgstr", "msgid_plural")) and message:
            key = ("".join(context), "".join(message))
            if key != ("", '""') and key in seen:
                raise ConfigError(f"a message given twice (first at line {seen[key]})", path, start)
            seen.setdefault(key, start)
            context, message, collecting = [], [], None
        elif not text.startswith('"'):
            collecting = None


# A .po line's string ends with a quote that no backslash escapes.
_PLACEHOLDER = re.compile(r"%\((\w+)\)")
_CLOSED_STRING = re.compile(r'(?<!\\)(?:\\\\)*"$')


@functools.lru_cache(maxsize=64)
def open_graph_locale(language: str) -> str:
    """``og:locale`` of a language code: language_TERRITORY as Open Graph wants it, the
    territory the language is likeliest spoken in when the code names none (``ar`` ->
    ``ar_EG``, ``tr`` -> ``tr_TR``, ``pt-BR`` -> ``pt_BR``; of a script, where it is
    written: ``zh-Hant`` -> ``zh_TW``)."""
    from babel.core import get_global

    parts = language.replace("-", "_").split("_")
    region = next((part.upper() for part in parts[1:] if len(part) == 2 and part.isalpha()), None)
    if region is None:
        script = next((part.title() for part in parts[1:] if len(part) == 4 and part.isalpha()), None)
        subtags = get_global("likely_subtags")
        found = subtags.get(f"{parts[0].lower()}_{script}") if script else None
        likely = str(found or subtags.get(parts[0].lower(), "")).split("_")
        region = next((part for part in likely[1:] if len(part) == 2 and part.isalpha()), None)
    return f"{parts[0].lower()}_{region}" if region else parts[0].lower()


@functools.lru_cache(maxsize=256)
def _language_attributes(language: str, page_language: str) -> str:
    language = language.replace("_", "-")
    direction = text_direction(language)
    if primary_language(language) == primary_language(page_language) and direction == text_direction(page_language):
        return ""
    return f' lang="{html.escape(language)}" dir="{direction}"'


def _is_english(language: str) -> bool:
    return primary_language(language) == DEFAULT_LANGUAGE


def format_date(value: date | str | None, style: str, language: str) -> str:
    """``long`` ('3 December 2026', '3 Aralık 2026'), ``short`` ('3 Dec 2026') or ``month``
    ('December 2026') in the language's own words and order.  ``value`` may also be an ISO
    8601 date or date-time as text: front matter keeps the dates of fields digest does not
    know as they were written (``article.extra.reviewed``); its day is the one written."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        value = _written_day(value)
    if not isinstance(value, date):
        raise TypeError(f"date: expected a date, got {type(value).__name__} {value!r}")
    return _format_day(value.date() if isinstance(value, datetime) else value, style, language)


def _written_day(text: str) -> date:
    try:
        return date.fromisoformat(text.strip()[:10])
    except ValueError:
        raise ValueError(f"date: expected a date such as 2024-06-27, got {text!r}") from None


@functools.lru_cache(maxsize=8192)
def _format_day(value: date, style: str, language: str) -> str:
    locale = _DATE_LOCALE.get(language, language.replace("-", "_"))
    if not known_language(locale):
        locale = _DATE_LOCALE[DEFAULT_LANGUAGE]
    if style == "month":
        return format_skeleton("yMMMM", value, locale=locale)
    return babel_format_date(value, _DATE_STYLES.get(style, "long"), locale=locale)


def format_number(value: int | float, language: str) -> str:
    """A number with the language's digit grouping: 3,000 in English, 3.000 in Turkish."""
    return _format_number(type(value).__name__, value, language)


@functools.lru_cache(maxsize=8192)
def _format_number(kind: str, value: int | float, language: str) -> str:
    # By type as well: 1, 1.0 and True are one key to the cache, not to Babel.
    return format_decimal(value, locale=locale_for(language))


class Languages:
    """The words and formats of the page being rendered: the site's language, or an
    article's own (``language:`` front matter), which the renderer sets per page."""

    def __init__(self, default: str, folders: Iterable[Path]):
        self.default = default
        self.folders = tuple(folders)
        self.current = default
        self._translations: dict[str, NullTranslations] = {}
        self._words_of: dict[str, str] = {}  # by page language: the language its words are in

    def translations(self, language: str | None = None) -> NullTranslations:
        """The words of ``language``; for a page in a language no catalog has (an Arabic
        article on a Turkish site), the site's own, as Hugo falls back to the site's
        language (English needs none: the messages are English); so too each word that its
        catalogs do not have (a site's fa.po begun with a few)."""
        language = language or self.current
        if language not in self._translations:
            found = load_translations(language, self.folders)
            if isinstance(found, Translations) or language == self.default or _is_english(language):
                if isinstance(found, Translations) and language != self.default and not _is_english(language):
                    found.add_fallback(self.translations(self.default))  # (a copy of the catalogs read)
                self._translations[language] = found
                self._words_of[language] = language if isinstance(found, Translations) else "en"
            else:
                self._translations[language] = self.translations(self.default)
                self._words_of[language] = self._words_of[self.default]
        return self._translations[language]

    @property
    def words_language(self) -> str:
        """The language the current page's words are in: its own, the site's when no catalog
        has its own, or English (the messages themselves) when none has either; what plural
        rules a script choosing among those words must follow."""
        self.translations()
        return self._words_of[self.current]

    def gettext(self, message: str) -> str:
        return self.translations().gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self.translations().ngettext(singular, plural, n)

    def pgettext(self, context: str, message: str) -> str:
        return str(self.translations().pgettext(context, message))

    def npgettext(self, context: str, singular: str, plural: str, n: int) -> str:
        return str(self.translations().npgettext(context, singular, plural, n))

    def date(self, value: date | None, style: str = "long") -> str:
        return format_date(value, style, self.current)

    def number(self, value: int | float) -> str:
        return format_number(value, self.current)

    @property
    def direction(self) -> str:
        return text_direction(self.current)

    def attributes(self, of: object) -> str:
        """`` lang="ru" dir="ltr"`` for text in another language than the page's: ``of`` is a
        language code, or anything with a ``language`` (a record; None: the site's); "" when
        the page is in that language (a region's variety of it included)."""
        language = of if isinstance(of, str) else getattr(of, "language", None) or self.default
        return _language_attributes(language, self.current)

    def fingerprint(self) -> list[str]:
        """The catalogs' names and contents, so pages are rendered again when a catalog changes."""
        return catalogs_fingerprint(self.folders)


def catalogs_fingerprint(folders: Sequence[Path]) -> list[str]:
    """The names and contents of the catalogs in ``folders``."""
    parts = []
    for folder in folders:
        for path in sorted(folder.glob("*.po")) if folder.is_dir() else ():
            if path.is_file():
                parts.append(f"{path}:{hashlib.blake2b(path.read_bytes(), digest_size=12).hexdigest()}")
            else:  # (one that is not a regular file fails the build where it is loaded)
                parts.append(f"{path}:")
    return parts
