"""The language an imported article is written in: as its source declares it, else guessed.

A web page or feed says so itself (``<html lang>``, JSON-LD ``inLanguage``, ``og:locale``, a
feed's ``<language>``); ``normalize`` turns what it says into a tag such as ``ar`` or
``pt-BR``.  A text scrape says nothing: ``guess`` reads the text itself, by its script where
one language writes it (Greek, Hebrew, Thai, Korean…, and Arabic or Cyrillic text by the
letters each language has of its own), else by the short words of the commonest languages
written in Latin letters (``the``, ``und``, ``ve``…), and only with a clear margin: no guess is
better than a wrong one.  The importer writes ``language:`` only where it differs from the
site's (``differs``).
"""

from __future__ import annotations

import re
from collections import Counter

from digest.config import language_tag, primary_language
from digest.model import CJK_RANGES

_TAG = re.compile(r"^([A-Za-z]{2,3})((?:[-_][A-Za-z0-9]{2,8})*)$")
_NOT_LANGUAGES = {"und", "mul", "zxx", "mis", "xx"}  # undetermined, multiple, no content, …

# Scripts only one language (as far as news goes) is written in, by character range.
_ONE_LANGUAGE_SCRIPTS = [
    ("el", "\u0370-\u03ff\u1f00-\u1fff"),
    ("he", "\u0590-\u05ff"),
    ("th", "\u0e00-\u0e7f"),
    ("ko", "\u1100-\u11ff\u3130-\u318f\uac00-\ud7af"),
    ("ka", "\u10a0-\u10ff"),
    ("hy", "\u0530-\u058f"),
    ("km", "\u1780-\u17ff"),
    ("lo", "\u0e80-\u0eff"),
    ("my", "\u1000-\u109f"),
    ("si", "\u0d80-\u0dff"),
    ("ta", "\u0b80-\u0bff"),
    ("te", "\u0c00-\u0c7f"),
    ("kn", "\u0c80-\u0cff"),
    ("ml", "\u0d00-\u0d7f"),
    ("gu", "\u0a80-\u0aff"),
    ("pa", "\u0a00-\u0a7f"),
]
_KANA = re.compile("[\u3040-\u30ff]")  # Japanese (its kanji are Chinese characters too)
_ARABIC = re.compile("[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")
_CYRILLIC = re.compile("[\u0400-\u04ff]")
_LATIN = re.compile("[A-Za-z\u00c0-\u024f]")
_CJK = re.compile(f"[{CJK_RANGES}]")
_SCRIPTS = [(language, re.compile(f"[{ranges}]")) for language, ranges in _ONE_LANGUAGE_SCRIPTS]

# Letters one language of the Arabic or Cyrillic script has and its neighbours lack.
_URDU = set("ٹڈڑںےۓھ")
_PERSIAN = set("پچژگکی")  # keheh and Farsi yeh: Arabic writes ك and ي
_ARABIC_ONLY = set("ةيكى")
_RUSSIAN = set("ыэёЫЭЁ")
_UKRAINIAN = set("іїєґІЇЄҐ")
_BELARUSIAN = set("ўЎ")
_SERBIAN = set("ђћЂЋ")
_MACEDONIAN = set("ѓќѕЃЌЅ")
_SERBIAN_OR_MACEDONIAN = set("јљњџЈЉЊЏ")
_KAZAKH = set("әғқңөұүһӘҒҚҢӨҰҮҺ")
_BULGARIAN = set("ъЪ")

# The short words that make up a tenth or more of any text in these languages.
_COMMON_WORDS = {
    "en": "the of and to is that for on with as by it from are at be has have this not said which were would",
    "fr": "le la les des et est une un du dans que pour pas sur au qui par plus avec sont aux ont cette",
    "de": "der die und das ist nicht den von zu mit sich des auf für im dem ein eine auch es wird sie wurde",
    "es": "el la los las de que y en del por con una para se es al lo como más su fue pero sus",
    "it": "il di che la per una del della con non sono le gli alla nel ha anche dei come più è",
    "pt": "de que não uma os da do em para com as dos das ao mais foi pelo pela está são seu",
    "nl": "de het een en van is dat op te zijn niet met voor die er aan ook werd door naar wordt",
    "tr": "ve bir bu için ile da de olarak çok daha gibi olan en sonra ama değil kadar göre ise",
    "pl": "i w na z że się nie jest do to o jak po przez od dla ale są był już",
    "ro": "și în de la cu pentru care este nu să mai din pe un o a fost sunt fi au",
    "sv": "och att det som är för på med av till inte den har om var ett en kan också",
    "da": "og at det som er for på med af til ikke den har om var et en kan også de efter bliver hvad noget meget",
    "no": "og at det som er for på med av til ikke den har om var et en kan også de etter blir hva noe mye å",
    "cs": "a v se na je že s z do o k to i jako by ale jsou po pro jeho",
    "hu": "a az és hogy nem is egy meg de van volt csak már mint el ki még",
    "id": "yang dan di ini itu dengan untuk dari dalam tidak akan pada juga ke karena ada",
    "fi": "ja on ei että se oli ovat mutta kun joka myös sen hän tai kuin ole",
    "vi": "của và là các có được cho trong không với những một người này đã để",
}
_SHARED = {word for word, count in Counter(" ".join(_COMMON_WORDS.values()).split()).items() if count > 1}
# Each language's words that no other language of the list has ("de" says nothing).
_WORDS = {language: frozenset(words.split()) - _SHARED for language, words in _COMMON_WORDS.items()}
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
_MIN_WORDS = 20
_SAMPLE = 20_000
_MIN_HITS = 4  # of the language's words
_MIN_SHARE = 0.04  # of the text's words
_MARGIN = 3.0  # times the next language's hits

# Letters of the Latin script only one language (of those news is commonly written in) has,
# for a text whose short words tell nothing (Turkish builds its grammar into the word).
_OWN_LETTERS = {
    "tr": set("ığİĞ"),
    "pl": set("łśźżŁŚŹŻ"),
    "cs": set("řůěŘŮĚ"),
    "ro": set("șțȘȚ"),
    "hu": set("őűŐŰ"),
    "es": set("ñ¿¡Ñ"),
    "pt": set("ãõÃÕ"),
    "de": set("ß"),
    "vi": set("ơưđƠƯĐạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ"),
}
_AZERBAIJANI = set("əƏ")  # writes ı and ğ as Turkish does
_MIN_LETTERS = 3


def normalize(value: object) -> str | None:
    """``ar``, ``pt-BR``, ``zh-Hant-TW`` from what a source declares (``en_US``, ``TR-tr``,
    ``ar-EG``); None for nothing, an unknown or undetermined language, or no tag at all."""
    if not isinstance(value, str):
        return None
    match = _TAG.match(value.strip().split(",")[0].strip())
    if match is None or match[1].lower() in _NOT_LANGUAGES:
        return None
    parts = [match[1]]
    for part in re.split(r"[-_]", match[2])[1:]:
        if (len(part) in (2, 4) and part.isalpha()) or (len(part) == 3 and part.isdigit()):
            parts.append(part)  # a script (Hant) or a region (BR, 419)
        else:
            break  # variants and extensions say nothing digest uses
    return language_tag("-".join(parts))


def differs(language: str, site_language: str) -> bool:
    """Whether an article in ``language`` needs saying so on a site in ``site_language``:
    another language, not another region's variety of the same."""
    return primary_language(language) != primary_language(site_language)


def guess(text: str) -> str | None:
    """The language ``text`` is written in, when its script or words tell it clearly (from
    its first ``_SAMPLE`` characters: a few paragraphs tell as well as a whole book)."""
    text = text[:_SAMPLE]
    letters = sum(1 for char in text if char.isalpha())
    if not letters:
        return None
    by_script = _by_script(text, letters)
    if by_script is not None:
        return by_script or None
    if len(_LATIN.findall(text)) < letters / 2:
        return None
    words = [word.casefold() for word in _WORD.findall(text)]
    if len(words) < _MIN_WORDS:
        return None
    return _by_common_words(words) or _by_own_letters(Counter(text))


def _by_script(text: str, letters: int) -> str | None:
    """The language of a script that has most of the letters; "" when that script is
    written in several languages and its letters do not tell which; None for Latin."""
    chinese_and_japanese = len(_CJK.findall(text))
    if chinese_and_japanese >= letters / 2:
        kana = len(_KANA.findall(text))
        return "ja" if kana >= (chinese_and_japanese - kana) / 10 else "zh"
    for language, pattern in _SCRIPTS:
        if len(pattern.findall(text)) >= letters / 2:
            return language
    if len(_ARABIC.findall(text)) >= letters / 2:
        return _arabic_language(Counter(text))
    if len(_CYRILLIC.findall(text)) >= letters / 2:
        return _cyrillic_language(Counter(text))
    return None


def _share(counts: Counter[str], letters: set[str]) -> int:
    return sum(counts[letter] for letter in letters)


def _arabic_language(counts: Counter[str]) -> str:
    urdu, persian, arabic = _share(counts, _URDU), _share(counts, _PERSIAN), _share(counts, _ARABIC_ONLY)
    if urdu > max(persian, arabic) / 4 and urdu > 2:
        return "ur"
    if persian > arabic:
        return "fa"
    return "ar" if arabic > persian else ""


def _cyrillic_language(counts: Counter[str]) -> str:
    russian, ukrainian = _share(counts, _RUSSIAN), _share(counts, _UKRAINIAN)
    if _share(counts, _KAZAKH) > 2:
        return "kk"
    if _share(counts, _BELARUSIAN) > 1:
        return "be"
    south = _share(counts, _SERBIAN_OR_MACEDONIAN) + _share(counts, _SERBIAN) + _share(counts, _MACEDONIAN)
    if south > max(russian, ukrainian):
        return "mk" if _share(counts, _MACEDONIAN) > _share(counts, _SERBIAN) else "sr"
    if ukrainian > russian:
        return "uk"
    if russian or _share(counts, _BULGARIAN) < 3:
        return "ru"  # by far the commonest, and Bulgarian writes ъ in most sentences
    return "bg"


def _by_common_words(words: list[str]) -> str | None:
    hits = sorted(((sum(1 for word in words if word in common), language) for language, common in _WORDS.items()))
    (second, _), (best, language) = hits[-2], hits[-1]
    clear = best >= _MIN_HITS and best >= _MIN_SHARE * len(words) and best >= second * _MARGIN
    return language if clear else None


def _by_own_letters(counts: Counter[str]) -> str | None:
    found = sorted((_share(counts, letters), language) for language, letters in _OWN_LETTERS.items())
    (second, _), (best, language) = found[-2], found[-1]
    if best < _MIN_LETTERS or best < second * _MARGIN or (language == "tr" and _share(counts, _AZERBAIJANI)):
        return None
    return language
