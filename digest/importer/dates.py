"""Find dates as news sites write them and turn them into ISO 8601 strings.

Understands ISO dates, ``27 June 2019``, ``June 27, 2019``, ``27.06.2019``, ``2019/06/27``,
``2019. június 27.``, RFC 822 feed dates, an optional time with ``AM``/``PM`` and a zone
(``GMT+3``, ``BST``, ``+0300``; America's ``ET`` or ``PT`` at its offset of that day), a
weekday between the date and the time (``Pazartesi``, ``（月）``), Japanese, Chinese and Korean
times (``午後2時30分``, ``下午3:05``, ``오후 2:20``), and
month names in English, Turkish, French, German, Spanish and Arabic, and in a date with its
year also those of the other European languages Babel's locale data (CLDR) has (``3 июня 2024``, ``3 czerwca 2024``, ``3 Ιουνίου 2024``).  A date with a
time but no zone is written without an offset.
"""

from __future__ import annotations

import functools
import itertools
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from digest.model import slugify

_MONTH_NAMES = {
    1: "january jan ocak oca janvier janv januar enero ene",
    2: "february feb subat sub fevrier fevr februar febrero",
    3: "march mar mart mars marz maerz marzo",
    4: "april apr nisan nis avril avr abril abr",
    5: "may mayis mai mayo",
    6: "june jun haziran haz juin juni junio",
    7: "july jul temmuz tem juillet juil juli julio",
    8: "august aug agustos agu aout ago agosto",
    9: "september sep sept eylul eyl septembre septiembre setiembre",
    10: "october oct ekim eki octobre oktober okt octubre",
    11: "november nov kasim kas novembre noviembre",
    12: "december dec aralik ara decembre dezember dez diciembre dic",
}
MONTHS: dict[str, int] = {name: number for number, names in _MONTH_NAMES.items() for name in names.split()}
_ARABIC_MONTHS = (
    "يناير", "فبراير", "مارس", "أبريل ابريل نيسان", "مايو أيار", "يونيو حزيران", "يوليو تموز", "أغسطس اغسطس",
    "سبتمبر أيلول", "أكتوبر اكتوبر", "نوفمبر", "ديسمبر",
)  # fmt: skip
MONTHS.update({name: number for number, names in enumerate(_ARABIC_MONTHS, 1) for name in names.split()})


# Languages whose month names a date with its year may use, from Babel's locale data.
_CLDR_LANGUAGES = "ru uk be bg sr mk el pl cs sk sl hr bs it pt ro ca gl nl sv da nb fi et lv lt hu sq id ms"


def _month(name: str, with_year: bool = False) -> int | None:
    """A month's number from its name in English, Turkish, French, German, Spanish or Arabic;
    ``with_year`` (the date has one, so a word is not easily taken for a month): in any
    language of ``_CLDR_LANGUAGES`` too."""
    found = MONTHS.get(name.casefold()) or MONTHS.get(slugify(name))
    if found is None and with_year:
        found = _cldr_months().get(name.casefold().rstrip("."))
    return found


@functools.cache
def _cldr_months() -> dict[str, int]:
    """Month names, wide and abbreviated, as written in a date and alone; a name two
    languages give different months (Croatian and Polish ``listopad``) is left out."""
    from babel import Locale

    numbers: dict[str, set[int]] = {}
    for language in _CLDR_LANGUAGES.split():
        months = Locale.parse(language).months
        for context, width in itertools.product(("format", "stand-alone"), ("wide", "abbreviated")):
            for number, name in months[context][width].items():
                key = name.casefold().rstrip(".").removeprefix("de ").removeprefix("d’")
                numbers.setdefault(key, set()).add(number)
    return {name: next(iter(found)) for name, found in numbers.items() if len(found) == 1 and len(name) >= 3}


_ZONES = {
    "Z": "+00:00", "GMT": "+00:00", "UTC": "+00:00", "WET": "+00:00", "BST": "+01:00", "WEST": "+01:00",
    "CET": "+01:00", "WAT": "+01:00", "CEST": "+02:00", "EET": "+02:00", "CAT": "+02:00", "SAST": "+02:00",
    "EEST": "+03:00", "TRT": "+03:00", "MSK": "+03:00", "EAT": "+03:00", "IRST": "+03:30", "GST": "+04:00",
    "PKT": "+05:00", "WIB": "+07:00", "ICT": "+07:00", "HKT": "+08:00", "SGT": "+08:00", "AWST": "+08:00",
    "PHT": "+08:00", "JST": "+09:00", "KST": "+09:00", "ACST": "+09:30", "AEST": "+10:00", "AEDT": "+11:00",
    "NZST": "+12:00", "NZDT": "+13:00", "HST": "-10:00", "AKST": "-09:00", "AKDT": "-08:00",
    "PST": "-08:00", "PDT": "-07:00", "MST": "-07:00", "MDT": "-06:00", "CDT": "-05:00",
    "EST": "-05:00", "EDT": "-04:00", "ADT": "-03:00", "NST": "-03:30", "BRT": "-03:00", "ART": "-03:00",
}  # fmt: skip
# Abbreviations several zones share (India's, Ireland's and Israel's IST; America's and China's
# CST; Arabia's and the Atlantic's AST): the time of day is left out rather than guessed.
_AMBIGUOUS_ZONES = {"IST", "CST", "AST"}
# The zones of the United States as its outlets write them, summer or winter ("4:02 p.m. ET"):
# the offset the zone has at that time of that day.
_US_ZONES = {"ET": "America/New_York", "CT": "America/Chicago", "MT": "America/Denver", "PT": "America/Los_Angeles"}

_MONTH = r"(?P<month>[^\W\d_]{3,12})\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_DATE_PATTERNS = (
    re.compile(r"\b(?P<year>\d{4})-(?P<num_month>\d{2})-(?P<day>\d{2})(?=$|[T\s,.|;)])"),
    re.compile(rf"\b{_DAY}\.?\s+(?:de\s+)?{_MONTH},?\s+(?:de\s+)?(?P<year>\d{{4}})\b", re.IGNORECASE),
    re.compile(rf"\b{_MONTH}\s+{_DAY},?\s+(?P<year>\d{{4}})\b", re.IGNORECASE),
    re.compile(r"\b(?P<day>\d{1,2})(?P<sep>[./-])(?P<num_month>\d{1,2})(?P=sep)(?P<year>\d{4})\b"),  # 14-05-2024 too
    re.compile(r"\b(?P<year>\d{4})/(?P<num_month>\d{1,2})/(?P<day>\d{1,2})\b"),  # 2024/06/03
    re.compile(rf"\b(?P<year>\d{{4}})\.\s+{_MONTH}\s+{_DAY}\.", re.IGNORECASE),  # Hungarian 2024. június 3.
    # Chinese and Japanese 2024年3月5日, Korean 2024년 3월 5일
    re.compile(r"\b(?P<year>\d{4})\s*[年년]\s*(?P<num_month>\d{1,2})\s*[月월]\s*(?P<day>\d{1,2})\s*[日일]"),
)
_MONTH_DAY_PATTERNS = (
    re.compile(rf"\b{_MONTH}\s+{_DAY}\b(?!,?\s*\d{{4}})", re.IGNORECASE),
    re.compile(rf"\b{_DAY}\s+{_MONTH}\b(?!,?\s*\d{{4}})", re.IGNORECASE),
)
# The languages whose weekday names may stand between a date and its time ("3 Haziran 2024
# Pazartesi 14:20", "2024年6月3日（月）10時30分"), from Babel's locale data.
_WEEKDAY_LANGUAGES = "en tr fr de es ar ja zh ko " + _CLDR_LANGUAGES
# Before noon and after it, written before the hour in Japanese, Chinese and Korean.
_CJK_MERIDIEM = {"午前": False, "上午": False, "오전": False, "午後": True, "下午": True, "오후": True}


@functools.cache
def _time_pattern() -> re.Pattern[str]:
    """A time of day after a date: what may stand between them (a separator, a weekday, "at"),
    the hour, its minutes, an AM or PM."""
    names, short = _weekday_names()
    weekday = rf"(?:[(（]\s*(?i:{short})\s*[)）]|(?i:{names})\b\.?)[\s,]*"
    return re.compile(
        rf"[\s,|@T•·/-]*(?:(?:г\.|года)[\s,]*)?(?:{weekday})?(?:(?:at|à|um|saat|в|alle|ore|às|om|kl\.|klo|a las|a la|o godz\.|o|v)\s+)?"
        rf"(?:(?P<cjk_meridiem>{'|'.join(_CJK_MERIDIEM)})\s*)?(?P<hour>\d{{1,2}})"
        r"(?:[:.h](?P<minute>\d{2})(?::(?P<second>\d{2}))?(?:\.\d+)?|\s*[時时시]\s*(?P<cjk_minute>\d{1,2})\s*[分분])"  # 7時12分
        r"(?:\s*(?P<ampm>[AaPp]\.?[Mm]\.?|ص|م|صباحا|صباحاً|مساء|مساءً)(?![\w]))?"  # Arabic: morning, evening
    )


@functools.cache
def _weekday_names() -> tuple[str, str]:
    """Weekday names as alternatives of a pattern, longest first: those of three letters or
    more, and all of them (a name in brackets may be one letter: Japanese 月, German Mo)."""
    from babel import Locale

    found: set[str] = set()
    for language in _WEEKDAY_LANGUAGES.split():
        days = Locale.parse(language).days
        for context, width in itertools.product(("format", "stand-alone"), ("wide", "abbreviated", "short")):
            found.update(name.casefold().rstrip(".") for name in days[context][width].values())
    ordered = sorted(found, key=lambda name: (-len(name), name))
    return "|".join(re.escape(name) for name in ordered if len(name) >= 3), "|".join(map(re.escape, ordered))


_ZONE = re.compile(r"\s*\(?(?P<zone>(?:GMT|UTC)\s*[+-]\s*\d{1,2}(?::?\d{2})?|[A-Z]{1,4}\b|[+-]\d{2}:?\d{2})\)?")
_USER_DATE = re.compile(
    r"(?P<day>\d{4}-\d{2}-\d{2})(?:[T ](?P<time>\d{2}:\d{2}(?::\d{2})?)(?P<fraction>[.,]\d+)?"
    r"(?P<zone>Z|[+-]\d{2}(?::?\d{2})?)?)?"
)


@dataclass(frozen=True)
class FoundDate:
    """A date found in text: its ISO form and where it was found."""

    iso: str
    start: int
    end: int


def find_date(text: str) -> FoundDate | None:
    """The first complete date (with a year) in ``text``, with its time and zone when given."""
    found = [match for pattern in _DATE_PATTERNS for match in pattern.finditer(text)]
    for match in sorted(found, key=lambda match: match.start()):
        day = _date_of(match)
        if day is not None:
            iso, end = _with_time(text, match.end(), day)
            start = match.start()
            if len(iso) == 10 and (before := _time_before().search(text, max(0, start - 50), start)):
                # AP: "4:17 AM GMT+3, February 6, 2024", the time first
                iso, _ = _with_time(before["time"], 0, day)
                start = before.start()
            return FoundDate(iso, start, end)
    return None


@functools.cache
def _time_before() -> re.Pattern[str]:
    """A time of day (with its zone) just before a date, set off by a comma, and the date's
    weekday perhaps between them ("9:12 AM EDT, Wed June 5, 2024")."""
    names, _ = _weekday_names()
    return re.compile(
        r"(?P<time>\d{1,2}[:.]\d{2}(?:\s*[AaPp]\.?[Mm]\.?)?(?:\s*(?:(?:GMT|UTC)\s*[+-]\s*\d{1,2}(?::?\d{2})?|[A-Z]{2,4}))?)"
        rf"\s*,\s*(?:(?i:{names})\.?,?\s+)?$"
    )


def find_month_day(text: str) -> tuple[int, int] | None:
    """``(month, day)`` of a date written without a year, as in ``ISTANBUL, June 3 (Reuters)``."""
    for pattern in _MONTH_DAY_PATTERNS:
        for match in pattern.finditer(text):
            month = _month(match["month"])
            if month is not None and 1 <= int(match["day"]) <= 31:
                return month, int(match["day"])
    return None


def infer_year(month: int, day: int, today: date) -> str | None:
    """The latest ``month``/``day`` on or before ``today``, as an ISO date."""
    for year in (today.year, today.year - 1):
        try:
            candidate = date(year, month, day)
        except ValueError:
            continue
        if candidate <= today:
            return candidate.isoformat()
    return None


def parse_user_date(text: str) -> str | None:
    """Validate an ISO 8601 date or date-time (``--date``, a page's ``datePublished``); the
    normalised string (``T`` between day and time, no fraction of a second, ``+03:00``) or None."""
    found = _USER_DATE.fullmatch(text.strip())
    if not found:
        return None
    normalised = found["day"]
    if found["time"]:
        zone = found["zone"] or ""
        if len(zone) == 3:  # +03
            zone += ":00"
        elif len(zone) == 5:  # +0300
            zone = f"{zone[:3]}:{zone[3:]}"
        normalised += f"T{found['time']}{zone}"
    try:
        datetime.fromisoformat(normalised.replace("Z", "+00:00"))
    except ValueError:
        return None
    return normalised


def _date_of(match: re.Match[str]) -> date | None:
    groups = match.groupdict()
    month = _month(groups["month"], with_year=True) if groups.get("month") else int(groups["num_month"])
    day = int(groups["day"])
    if groups.get("sep") == "/" and month is not None and month > 12 >= day:
        day, month = month, day  # 06/27/2019: the American order
    try:
        return date(int(groups["year"]), month, day) if month else None
    except ValueError:
        return None


def _with_time(text: str, end: int, day: date) -> tuple[str, int]:
    match = _time_pattern().match(text, end)
    if match is None or not _valid_time(match):
        return day.isoformat(), end
    hour = int(match["hour"])
    if match["ampm"] or match["cjk_meridiem"]:
        hour = hour % 12 + 12 * _is_pm(match)
    stamp = f"{day.isoformat()}T{hour:02d}:{_minute(match):02d}:{int(match['second'] or 0):02d}"
    zone = _ZONE.match(text, match.end())
    if zone is not None and zone["zone"] in _AMBIGUOUS_ZONES:
        return day.isoformat(), zone.end()
    offset, end = _zone(text, match.end(), datetime.fromisoformat(stamp))
    return stamp + offset, end


def _valid_time(match: re.Match[str]) -> bool:
    hour, minute = int(match["hour"]), _minute(match)
    if match["ampm"] or match["cjk_meridiem"]:
        return hour <= 12 and minute < 60 and (hour >= 1 or bool(match["cjk_meridiem"]))
    return hour < 24 and minute < 60


def _minute(match: re.Match[str]) -> int:
    return int(match["minute"] or match["cjk_minute"])


def _is_pm(match: re.Match[str]) -> bool:
    if match["cjk_meridiem"]:
        return _CJK_MERIDIEM[match["cjk_meridiem"]]
    return match["ampm"].lower().startswith(("p", "م"))


def _zone(text: str, end: int, local: datetime) -> tuple[str, int]:
    match = _ZONE.match(text, end)
    if match is None:
        return "", end
    zone = re.sub(r"\s+", "", match["zone"])
    if zone in _ZONES:
        return _ZONES[zone], match.end()
    if zone in _US_ZONES:
        shift = local.replace(tzinfo=ZoneInfo(_US_ZONES[zone])).utcoffset() or timedelta()
        minutes = int(shift.total_seconds()) // 60
        return f"{'-' if minutes < 0 else '+'}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}", match.end()
    offset = re.fullmatch(r"(?:GMT|UTC)?([+-])(\d{1,2}):?(\d{2})?", zone)
    if offset is None or int(offset[2]) > 14:
        return "", end
    return f"{offset[1]}{int(offset[2]):02d}:{offset[3] or '00'}", match.end()
