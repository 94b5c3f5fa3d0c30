"""Classify single lines of a scraped article: breadcrumb, byline, date line, photo caption.

Each ``parse_*`` function looks at one stripped line and returns what it found, or None.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from digest.importer.dates import find_date
from digest.model import count_words

_SPACES = re.compile(r"[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")
_INVISIBLE = re.compile(r"[\u200b\u2060\ufeff\u00ad]")
_CRUMB_SPLIT = re.compile(r"\s+(?:/|>|::)\s+|\s*(?:\||»|›|→|>>)\s*")  # "News|Politics" too
HOME = {
    "home", "homepage", "home page", "front page", "frontpage", "main", "start", "anasayfa", "ana sayfa", "accueil",
    "startseite", "inicio", "início", "portada", "pagina inicial", "página inicial", "главная", "الرئيسية",
    "الصفحة الرئيسية", "strona główna", "pagina principale", "startpagina", "hem", "forside", "etusivu", "úvod",
    "kezdőlap", "αρχική", "головна", "главная страница", "beranda", "trang chủ", "首页", "ホーム", "홈", "דף הבית",
    "صفحه اصلی", "ana səhifə",
}  # fmt: skip  # what a breadcrumb calls the front page
_ACRONYMS = {"NATO", "USA", "UAE", "EU", "UK", "US", "UN", "IMF", "WHO", "BBC", "CNN", "AFP", "COVID", "AI", "MENA"}
_INITIALS = re.compile(r"^(?:\w\.){2,}\W*$")  # "U.S.", "U.K.": as written
# The end of a sentence, in Latin, Chinese and Japanese (full-width marks) and Arabic script.
_TERMINAL = re.compile(r"[.!?…:;。！？：；؟][\"'”’»)\]」』）]*$")
_SENTENCE_END = re.compile(r"[.!?…。！？؟][\"'”’»)\]」』）]*$")
_BYLINE = re.compile(
    r"^(?:(?:analysis|opinion|commentary|interview|story|text|words|written|photos and text) by|by|author|authors"
    r"|yazar|yazan|von|par|por|autor|autore|autora|автор|авторы|συντάκτης|بقلم|كتب|كتبه"
    r"|(?-i:(?:di|Di|door|Door)(?=\s+[A-Z])))\s*(?:[:\-]?\s+|[,،]\s*)(?P<name>\S.*)$",
    re.IGNORECASE,
)
_NAME_IN_PLACE = re.compile(r"^(?P<name>[A-Z][\w'’-]+(?: [A-Z][\w'’-]+){1,3}) in [A-Z][\w -]{1,30}$")
_NAME_END = re.compile(
    r"\s*(?:[,|•·—–(]|\s-\s|\bin [A-Z]|\bfor [A-Z]|\bupdated\b|\bpublished\b"
    r"|\bwith (?:aa|afp|ap|reuters|dpa|efe|ansa|agencies|wires)\b).*$",  # "By Euronews with AP"
    re.IGNORECASE,
)
_NAME_WORD = re.compile(r"^(?:[^\W\d_][\w.'’-]*|&)$")
_NAME_PARTICLES = {
    "and",
    "und",
    "et",
    "y",
    "e",
    "en",
    "&",
    "de",
    "di",
    "van",
    "von",
    "der",
    "den",
    "bin",
    "al",
    "el",
    "da",
    "du",
    "le",
    "la",
    "ve",
    "ibn",
    "и",
}
_UNCASED = re.compile(r"^[\u0590-\u06ff]")  # Arabic and Hebrew have no capitals
_DATE_FILLER = re.compile(
    r"\b(?:published|updated|last|posted|modified|on|at|date|time|am|pm|a\.m\.|p\.m\.|gmt|utc|bst|cet|cest|trt|edt|est"
    r"|ago|seconds?|minutes?|mins?|hours?|hrs?|days?|read|reading|okuma|süresi|lesezeit|lectura|lecture"
    r"|mon(?:day)?|tue(?:s|sday)?|wed(?:nesday)?|thu(?:rs|rsday)?|fri(?:day)?|sat(?:urday)?|sun(?:day)?"
    r"|yayınlanma|yayınlandı|güncelleme|güncellendi|tarihi|publié|le|mis|à|jour|veröffentlicht|um|aktualisiert|stand|uhr"
    r"|publicado|actualizado|el|pazartesi|salı|çarşamba|perşembe|cuma|cumartesi|pazar"
    r"|pubblicato|aggiornato|il|alle|ore|gepubliceerd|bijgewerkt|op|om|uur"
    r"|نشر|نُشر|في|بتاريخ|تاريخ|النشر|آخر|تحديث|التحديث)\b|[\W\d_]+",
    re.IGNORECASE,
)
# A caption's credit after an explicit "Photo:" / "Foto by", which may be an agency's
# lower-case name ("Foto: dpa"); then credits told by their place and form alone.
_PHOTO_LABELS = r"photo|photograph|image|picture|foto|fotoğraf|صورة|تصوير|عکس|фото"
_MARKED_CREDIT_PATTERNS = (
    re.compile(
        rf"\(\s*(?:{_PHOTO_LABELS}|pic)(?:\s+by|\s*:)\s*(?P<credit>[^()]{{2,80}}?)\s*\)\.?$",
        re.I,
    ),
    re.compile(
        rf"(?:^|\s)(?:{_PHOTO_LABELS}|credit|bild|crédit photo)(?:\s+by|\s*:)\s*(?P<credit>[^:\]]{{2,80}}?)\.?$",
        re.I,
    ),
)
# The New York Times: "… in Istanbul on Sunday.Credit...Emin Ozmen for The New York Times".
_ELLIPSIS_CREDIT = re.compile(r"(?<=\S)\s*Credit(?:\.\.\.|…)\s*(?P<credit>[^…]{2,80}?)\.?$")
# "<caption> © Umit Bektas, Reuters": the sign after the caption's text, never a line's first
# (a copyright line alone is the site's).
_COPYRIGHT_CREDIT = re.compile(r"(?<=\S)\s+©\s*(?P<credit>[^©:]{2,80}?)\.?$")
# "Photo: <caption> (AA)": the label opens the caption, the credit closes it.
_LABELLED_CAPTION = re.compile(rf"^(?:{_PHOTO_LABELS})\s*:\s*(?P<caption>.+)$", re.I)
_CLOSING_CREDIT = re.compile(r"^(?P<caption>.+?)\s*\(\s*(?P<credit>[^()]{2,80}?)\s*\)\.?$")
_CREDIT_PATTERNS = (
    re.compile(r"\(\s*(?P<credit>[^()]{2,40}?)\s+(?:photo|photograph|image|file photo)\s*\)\.?$", re.I),
    re.compile(r"\(\s*(?P<credit>[\w.&-]{2,20} (?:photo|photograph|foto)/[^()]{2,40}?)\s*\)\.?$", re.I),
    # Al Jazeera's "[Murad Sezer/Reuters]", a file photo's "[File: Murad Sezer/Reuters]"
    re.compile(r"\[\s*(?:file(?: photo)?\s*:\s*)?(?P<credit>[^\[\]]{2,80})\s*\]$", re.I),
    # El País: the photographer in capitals, the agency in brackets, "… este domingo. UMIT BEKTAS (REUTERS)".
    re.compile(
        r"(?<=[.!?])\s+(?P<credit>[A-ZÀ-ÞÑ][A-ZÀ-ÞÑ'.-]+(?:\s[A-ZÀ-ÞÑ][A-ZÀ-ÞÑ'.-]+){0,3}\s\([A-ZÀ-ÞÑ][\w .&'-]{1,30}\))$"
    ),
    # A photo sold through an agency: "(AFP via Getty Images)", "(Turkish Presidency/Handout/Anadolu via Getty Images)".
    re.compile(
        r"\(\s*(?P<credit>[A-Z][^()]{1,80}?\svia\s(?:Getty Images|Reuters|AP|AFP|[A-Z][\w.&'-]+(?:\s[A-Z][\w.&'-]+){0,2}))\s*\)\.?$"
    ),
    # The photographer and the outlet: "(Jahi Chikwendiu/The Washington Post)".
    re.compile(
        r"\(\s*(?P<credit>[A-Z][\w.'-]+(?:\s[A-Z][\w.'-]+){1,3}/(?:The\s)?[A-Z][\w.'&-]+(?:\s[A-Z][\w.'&-]+){0,4})\s*\)\.?$"
    ),
    re.compile(
        r"\(\s*(?P<credit>(?:AFP|AP|Reuters|Getty Images|EPA|AA|Anadolu Agency|IHA|DHA|Xinhua"
        # in Arabic: Reuters, AFP, AP, Anadolu, Getty, EPA
        r"|رويترز|فرانس برس|أ ف ب|أ\.ف\.ب|أسوشيتد برس|الأناضول|وكالة الأناضول|غيتي|إي بي إيه)(?:/[^()]{2,40})?)\s*\)\.?$"
    ),
    # An agency's name alone after the caption's last sentence: "Reunión del Consejo de Ministros. EFE".
    re.compile(
        r"(?<=[.!?])\s+(?P<credit>AFP|AP|Reuters|REUTERS|EFE|EPA|EPA-EFE|Getty Images|AA|Anadolu Agency|dpa|DPA|Xinhua"
        r"|ANSA|Europa Press|IHA|DHA)\.?$"
    ),
    # An agency and its photographer closing the caption: "... December 2. REUTERS/Jane Doe", "…/File Photo".
    re.compile(
        r"(?:^|\s)(?P<credit>(?:REUTERS|Reuters|AFP|AP Photo|EPA-EFE|EPA|Getty Images|AA|Anadolu Agency|dpa|Xinhua|XINHUA)"
        r"/\s?[A-Z][\w.'-]+(?:\s[A-Z][\w.'-]+){0,3}(?:/(?:File Photo|File|Pool|Handout))?)$"
    ),
)
# What an outlet's page adds after a caption's credit (or its button to show the caption whole).
_CAPTION_TAIL = re.compile(
    r"\s+(?:(?:purchase licensing rights|buy this photo|license this photo)\.?(?:,?\s*opens (?:in )?(?:a )?new tab)?"
    r"|(?:read|show|see) more|expand)$",
    re.I,
)
# BBC-style photo labels, also as the BBC's services in other languages write them.
_SOURCE_LABEL = (
    r"(?:(?:image|photo|picture) (?:source|credit)|fotoğraf kaynağı|صدر الصورة|منبع تصویر|автор фото"
    r"|fuente de la imagen|crédito|crédit photo)"
)
_CAPTION_LABEL = (
    r"(?:(?:image|photo|picture) caption|fotoğraf altı yazısı|التعليق على الصورة|توضیح تصویر|подпись к фото"
    r"|pie de foto|legenda da foto|légende image)"
)
_IMAGE_SOURCE = re.compile(rf"^{_SOURCE_LABEL}\s*[,،:]\s*(?P<credit>.+)$", re.IGNORECASE)
_IMAGE_CAPTION = re.compile(rf"^{_CAPTION_LABEL}\s*[,،:]\s*(?P<caption>.+)$", re.IGNORECASE)
_IMAGE_LABEL_ALONE = re.compile(rf"^(?:{_SOURCE_LABEL}|{_CAPTION_LABEL})\s*[,،:]?$", re.IGNORECASE)


def is_image_label(line: str) -> bool:
    """A BBC-style photo label alone on its line ("Image caption,"), its text on the next."""
    return _IMAGE_LABEL_ALONE.match(line.strip()) is not None


_TAG_LABEL = (
    r"(?:(?:(?:suggested|related|more)\s+)?(?:tags?|topics|keywords|etiketler|konular|mots-clés|schlagwörter|themen)"
    r"|(?:read )?more about|mehr (?:lesen )?über|filed under|found in|archivado en|classé dans|arquivado em"
    r"|(?:ال)?كلمات (?:ال)?مفتاحية|(?:ال)?وسوم|مواضيع|(?:ال)?موضوعات|كلمات دالة|теги|ключевые слова|标签|標籤|タグ)"
)
_TAGS = re.compile(rf"^{_TAG_LABEL}\s*[:：]\s*(?P<tags>.+)$", re.I)
_TAGS_LABEL_ALONE = re.compile(rf"^{_TAG_LABEL}\s*[:：]?$", re.I)
MAX_TAGS = 12
_BULLET = re.compile(r"^(?:[•·▪●◦‣–*]|-(?=\s))\s*(?P<item>\S.*)$")


@dataclass(frozen=True)
class Caption:
    text: str | None
    credit: str | None


def normalise_line(line: str) -> str:
    """One line with odd spaces made plain, invisible characters removed, edges trimmed."""
    line = _INVISIBLE.sub("", unicodedata.normalize("NFC", line))
    line = _SPACES.sub(" ", line).strip()
    return line if any(char.isalnum() for char in line) else ""


def is_prose(line: str) -> bool:
    """A sentence or paragraph of article text (not a headline, label or link)."""
    words = count_words(line)
    return words > 25 or (words >= 4 and ends_sentence(line))


def ends_sentence(line: str) -> bool:
    """Whether ``line`` ends as a sentence does (``.``, ``!``, ``?``, ``…``, ``。``, ``؟``), closing
    quotes and brackets aside."""
    return _SENTENCE_END.search(line) is not None


def is_headline_like(line: str) -> bool:
    words = count_words(line)
    return 1 <= words <= 25 and not is_prose(line)


def has_terminal_punctuation(line: str) -> bool:
    return _TERMINAL.search(line) is not None


# Names of a news site's sections, as its menu lists them ("Home World Business Sport").
_SECTION_NAMES = frozenset({
    "home", "news", "world", "business", "sport", "sports", "opinion", "politics", "tech", "technology", "science",
    "culture", "health", "weather", "video", "videos", "live", "life", "lifestyle", "style", "travel",
    "entertainment", "economy", "markets", "money", "arts", "books", "food", "uk", "us", "europe", "asia", "africa",
    "americas", "australia", "environment", "climate", "education", "media", "music", "film", "tv", "podcasts",
    "newsletters", "obituaries", "local", "national", "international", "latest", "features", "analysis", "reviews",
    "gündem", "dünya", "ekonomi", "spor", "siyaset", "yaşam", "sağlık", "teknoloji", "kültür", "magazin",
    "yazarlar", "politika", "türkiye", "politik", "wirtschaft", "kultur", "panorama", "wissen", "meinung", "inland",
    "ausland", "monde", "politique", "économie", "société", "mundo", "política", "economía", "deportes", "opinión",
    "sociedad", "middle east", "latin america", "north america", "world news", "us news", "uk news",
    "infos", "actualités", "afrique", "moyen orient", "amériques", "asie", "sciences", "planète", "santé", "éco/tech",
    "france", "nachrichten", "deutschland", "internacional", "cultura", "ciencia", "tecnología", "salud", "españa",
    "esteri", "cronaca", "italia", "economia", "spettacoli",
    "أخبار", "العالم العربي", "دولي", "عربي", "اقتصاد", "رياضة", "ثقافة", "ثقافة وفنون", "فنون", "سياسة", "منوعات",
    "صحة", "تكنولوجيا", "رأي", "مقالات", "العالم", "محليات", "تقارير",
})  # fmt: skip
_MENU_SPLIT = re.compile(r"\s*[|•·]\s*|\s+")
# Items set apart by bars (``Home | Middle East | World``).
_MENU_ITEMS = re.compile(r"\s*[|•·]\s*")


def is_section_name(text: str) -> bool:
    """The name of one of a news site's usual sections ("World", "Middle-East", "Home")."""
    name = " ".join(text.replace("-", " ").split()).casefold()
    return name in _SECTION_NAMES or name in HOME


def menu_items(line: str) -> list[str] | None:
    """The sections a line of the site's menu names (``Home World Business Sport Opinion``,
    ``Home | UK | World | Business``): three or more section names, capitalised, and little
    else; never a breadcrumb's ``/`` or ``>`` trail, which names the article's place.  None for
    another line."""
    if re.search(r"\s(?:/|>)\s|[»›→]", line):
        return None
    items = [item for item in _MENU_ITEMS.split(line.strip()) if item and item != "&"]
    if len(items) < 3 or any(len(item.split()) > 3 for item in items):
        items = _menu_words([word for word in _MENU_SPLIT.split(line) if word and word != "&"])
    if len(items) < 3 or not all(is_capitalised(item) for item in items):
        return None
    sections = sum(1 for item in items if is_section_name(item))
    return items if sections >= 3 and sections >= 0.6 * len(items) else None


def is_capitalised(word: str) -> bool:
    """Opening with a capital, or with a letter of a script without capitals (Arabic, Chinese)."""
    first = word[:1]
    return first.isupper() or (first.isalpha() and first.lower() == first.upper())


def _menu_words(words: list[str]) -> list[str]:
    """A menu's items when one space parts them: its words, two that name one section together
    ("Middle East") as one."""
    items: list[str] = []
    for word in words:
        if items and f"{items[-1]} {word}".casefold() in _SECTION_NAMES:
            items[-1] = f"{items[-1]} {word}"
        else:
            items.append(word)
    return items


def parse_breadcrumb(line: str, turkish: bool = False) -> tuple[str, ...] | None:
    """``News / Turkey / Politics`` -> ``("News", "Turkey", "Politics")``; a leading Home is dropped."""
    parts = [part.strip() for part in _CRUMB_SPLIT.split(line)]
    if len(parts) < 2 or not all(_is_crumb(part) for part in parts):
        return None
    while parts and parts[0].casefold() in HOME:
        parts.pop(0)
    return tuple(reader_case(part, turkish) for part in parts) or None


def _is_crumb(part: str) -> bool:
    words = part.split()
    return (
        1 <= len(words) <= 5
        and len(part) <= 40
        and not has_terminal_punctuation(part)
        and not part.lower().startswith("by ")
        and find_date(part) is None
        and any(char.isalpha() for char in part)
    )


def reader_case(text: str, turkish: bool = False) -> str:
    """``WORLD`` -> ``World``, ``middle east`` -> ``Middle East``; mixed case is kept as written."""
    letters = [char for char in text if char.isalpha()]
    if not letters or not (all(c.isupper() for c in letters) or all(c.islower() for c in letters)):
        return text
    words = text.split()
    return " ".join(
        word.lower() if index and word.lower() in _JOINING_WORDS else _capitalise(word, turkish)
        for index, word in enumerate(words)
    )


# Small words a reader writes in lower case inside a name or title: "Suzan Fraser and Mehmet
# Guzel", "Middle East and North Africa", "Ana de Armas".
_JOINING_WORDS = frozenset(
    ["and", "or", "of", "the", "for", "ve", "und", "et", "y", "de", "da", "di", "del", "van", "von"]
)


def _capitalise(word: str, turkish: bool) -> str:
    if word.upper() in _ACRONYMS or _INITIALS.match(word):
        return word.upper()
    if any(char.isdigit() for char in word):
        return word
    rest = word[1:].replace("İ", "i")  # a dotted capital I only ever means a Turkish i
    if turkish:
        rest = rest.replace("I", "ı")
        return {"i": "İ", "ı": "I"}.get(word[0], word[0].upper()) + rest.lower()
    return word[0].upper() + rest.lower()


def parse_byline(line: str, turkish: bool = False, bare: bool = False) -> str | None:
    """The author named by ``By Jane Doe, BBC News``, or with ``bare`` by ``Jane Doe in Istanbul``."""
    match = _BYLINE.match(line) or (_NAME_IN_PLACE.match(line) if bare else None)
    if match is None:
        return None
    name = _NAME_END.sub("", match["name"]).strip(" .,:")
    name = reader_case(name, turkish)
    words = name.split()
    if not 1 <= len(words) <= 8 or len(name) > 60 or not all(_is_name_word(word) for word in words):
        return None
    return name


def _is_name_word(word: str) -> bool:
    """A capitalised word (in any script that has capitals), an Arabic or Hebrew one, or a particle."""
    if word in _NAME_PARTICLES:
        return True
    return bool(_NAME_WORD.match(word)) and (word[0].isupper() or bool(_UNCASED.match(word)))


def parse_tags(line: str) -> tuple[str, ...] | None:
    """``Tags: Turkey, NATO, Security`` -> its tags (at most MAX_TAGS, each a few words)."""
    match = _TAGS.match(line)
    if match is None:
        return None
    names = [" ".join(name.split()) for name in re.split(r"\s*[,;|/•·،、，；]\s*|\s+#", match["tags"].lstrip("#"))]
    return tuple(name for name in names if name and count_words(name) <= 4)[:MAX_TAGS]


def is_tags_label(line: str) -> bool:
    """``Suggested Topics:`` alone on its line, the tags on the lines under it."""
    return bool(_TAGS_LABEL_ALONE.match(line.strip()))


def parse_reporting_credit(line: str) -> str | None:
    """``Reporting by Ece Toksabay; Editing by ...`` -> ``Ece Toksabay``."""
    match = re.match(r"^(?:additional )?reporting by (?P<name>[^;]+?)\s*(?:;|$)", line, re.IGNORECASE)
    return match["name"].strip(" .") if match else None


def parse_date_line(line: str) -> str | None:
    """The ISO date of a line that is only a date (with words like "Published" or a weekday);
    of a line that gives when the article was published and then when it was updated, the
    first ("Publié le 3 décembre 2024 à 11h45, modifié le …"); of one that gives the date in
    two calendars, the Gregorian ("5 سبتمبر 2024 م ـ 02 ربيع الأول 1446 هـ")."""
    line = _HIJRI.sub("", line)
    found = find_date(line)
    if found is None:
        return None
    if (update := _UPDATED.search(line, found.end)) and (first := parse_date_line(line[: update.start()])):
        return first
    if count_words(line) > 14:
        return None
    rest = line[: found.start] + " " + _SOURCE_AFTER.sub("", line[found.end :])
    leftover = _DATE_FILLER.sub(" ", rest).split()
    return found.iso if len(leftover) <= 1 else None


# A date in the Hijri calendar after the Gregorian one, its era's marks ("م", "هـ") with them.
_HIJRI = re.compile(
    r"(?<=\d)\s*م?\s*[ـ–-]?\s*\d{1,2}\s+(?:محرم|صفر|ربيع الأول|ربيع الآخر|ربيع الثاني|جمادى الأولى|جمادى الآخرة"
    r"|جمادى الثانية|رجب|شعبان|رمضان|شوال|ذو القعدة|ذو الحجة)\s+\d{3,4}\s*هـ?\s*$"
)
# The source named after the date, as Chinese news pages write it: "2025-05-20 09:30 来源：新华网".
_SOURCE_AFTER = re.compile(
    r"\s*(?:来源|來源|出典|source|kaynak|quelle|fuente|fonte)\s*[:：]\s*[^:：]{1,30}$", re.IGNORECASE
)


_UPDATED = re.compile(
    r"\b(?:updated|last update|modified|güncelleme|güncellendi|aktualisiert|actualizado|mis à jour|modifié|aggiornato"
    r"|bijgewerkt|atualizado|zaktualizowano|обновлено|آخر تحديث|تم التحديث|التحديث)\b",
    re.IGNORECASE,
)


def is_update_line(line: str) -> bool:
    """A date line that gives when the article was last changed ("Updated: 28 June 2019"),
    not when it was published: the words before its date say so."""
    found = find_date(line)
    return found is not None and _UPDATED.search(line[: found.start]) is not None


def without_caption_tail(caption: str) -> str:
    """A caption without what an outlet's page adds after it ("Purchase Licensing Rights")."""
    return _CAPTION_TAIL.sub("", caption)


def parse_caption(line: str) -> Caption | None:
    """A photo caption with its credit: ``... in Moscow. (Photo by AFP)`` or ``Photo: Reuters``."""
    if count_words(line) > 80:
        return None
    line = without_caption_tail(line)
    labelled = _LABELLED_CAPTION.match(line)
    closing = _CLOSING_CREDIT.match(labelled["caption"]) if labelled else None
    if closing and count_words(closing["caption"]) >= 3 and _plausible_credit(closing["credit"], True):
        return Caption(closing["caption"], closing["credit"])
    for marked, patterns in (
        (True, (*_MARKED_CREDIT_PATTERNS, _COPYRIGHT_CREDIT, _ELLIPSIS_CREDIT)),
        (False, _CREDIT_PATTERNS),
    ):
        for pattern in patterns:
            match = pattern.search(line)
            if match and _plausible_credit(match["credit"], marked):
                text = line[: match.start()].strip() or None
                return Caption(text, match["credit"].strip())
    return None


def _plausible_credit(credit: str, marked: bool) -> bool:
    """A name of one to eight words, not a sentence; capitalised (in a script that has
    capitals), unless a "Photo:" marks it and it is short (an agency such as dpa)."""
    words = credit.split()
    first = credit[:1]
    caseless = first.isalpha() and not first.islower() and not first.isupper()  # Arabic, Chinese: no capitals
    capitalised = first.isupper() or caseless or (marked and len(words) <= 3 and first.isalpha())
    return 1 <= len(words) <= 8 and not _SENTENCE_END.search(credit.strip()) and capitalised


def parse_image_source(line: str) -> str | None:
    """BBC-style ``Image source, Getty Images`` -> ``Getty Images``."""
    match = _IMAGE_SOURCE.match(line)
    return match["credit"].strip() if match else None


def parse_image_caption(line: str) -> str | None:
    """BBC-style ``Image caption, Protesters in Istanbul`` -> the caption."""
    match = _IMAGE_CAPTION.match(line)
    return match["caption"].strip() if match else None


def parse_bullet(line: str) -> str | None:
    """The text of a list item written with a bullet character."""
    match = _BULLET.match(line)
    return match["item"] if match else None


def without_outlet(crumbs: Sequence[str], outlet: str | None) -> tuple[str, ...]:
    """A breadcrumb that starts with the outlet's own name ("Press TV / News / Turkey") starts
    at its home page: the name is neither section nor topic."""
    if len(crumbs) > 1 and outlet and same_name(crumbs[0], outlet):
        return tuple(crumbs[1:])
    return tuple(crumbs)


def same_name(one: str, other: str) -> bool:
    """Whether two spellings name the same outlet: "TRT World", "TRTWorld", "trt-world"."""
    return _squashed(one) == _squashed(other) != ""


def _squashed(name: str) -> str:
    return "".join(char for char in name.casefold() if char.isalnum())
