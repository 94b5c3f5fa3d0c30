"""Recognise site boilerplate in scraped text, and the site's name inside it.

A line is boilerplate when a built-in rule or a pattern from ``digest.yaml`` matches it.
Built-in rules cover share buttons, "follow us", "read more" promos, newsletter and cookie
notices, alternate-address notices, app-store lines, copyright lines, bare domain names and
navigation words.  Some boilerplate names the site ("Press TV's website can also be accessed
at ...", "© 2024 Daily Sabah", "Follow Reuters on X"); ``find_source_name`` reads it from there.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from digest.importer.furniture import classify
from digest.importer.lines import is_prose, reader_case
from digest.model import count_words

_SOCIAL = r"(?:facebook|twitter|x|whatsapp|linkedin|telegram|reddit|pinterest|email|e-mail|messenger|print|copy link|flipboard|mail)"
_WIRES = r"(?:(?:news |wire )?agencies|agences|agenturen|agencias|afp|ap|reuters|dpa|efe|aa|ansa|lusa|kna|epd|xinhua)"
_NOTICE = 20  # words: notices are short; a longer line is article text, whatever it mentions

# (pattern matched against the whole stripped line, ignoring case; the most words such a line has)
_LINE_RULES: tuple[tuple[str, int], ...] = (
    (
        rf"(?:share|share (?:this|the) (?:article|story|page|post)|tweet|{_SOCIAL})"
        rf"(?:\s*[|/,·•]?\s*(?:share|tweet|{_SOCIAL}))*:?",
        _NOTICE,
    ),
    (rf"share (?:on|via|to) {_SOCIAL}.*", _NOTICE),
    (r"follow (?:us|@\S+|[\w .&'’-]{1,40}) on\b.*|follow (?:us|[\w .&'’-]{1,40})\s*:.*|follow us\b.*", _NOTICE),
    (r"(?:join|like) us on\b.*", _NOTICE),
    (r"(?:read|see) (?:more|also)\b.*|also read\b.*|more (?:on this story|from|stories|news)\b.*", _NOTICE),
    (r"related(?: articles| stories| news| content| topics| coverage)?\s*:.*", _NOTICE),
    (r"(?:関連記事|関連ニュース|相关阅读|相关新闻|相關新聞|延伸閱讀|관련\s?기사)\s*[:：].*", _NOTICE),
    (r"(?:you may|you might) (?:also )?(?:like|be interested)\b.*|most (?:read|popular|viewed)\b.*", _NOTICE),
    (
        r"(?:sign up|subscribe|register)\b.*|.*\b(?:our|the|free|daily|weekly|email) newsletters?\b.*|newsletters?",
        _NOTICE,
    ),
    (r".*\bcookies?\b.*\b(?:use|accept|consent|policy|settings|preferences|experience|browsing|agree)\b.*", _NOTICE),
    (r".*\b(?:use|accept|consent|policy|settings|preferences|agree)\b.*\bcookies?\b.*", _NOTICE),
    (r"(?:accept|reject) all(?: cookies)?|manage (?:preferences|cookies|consent)", _NOTICE),
    (r".*can (?:also )?be accessed at the following alternate address.*", _NOTICE),
    (r".*\b(?:app store|google play|play store|roku|apple tv|android tv|fire tv|smart tv apps?)\b.*", _NOTICE),
    (r".*\b(?:download (?:our|the) app|get the app)\b.*", _NOTICE),
    (r"(?:©|\(c\)|copyright\b).*|.*\ball rights reserved\b.*", _NOTICE),
    (r"(?:https?://)?(?:www\.)?(?:[\w-]+\.)+[a-z]{2,}/?", 1),
    (
        r"advertisement|advertising|sponsored(?: content)?|ad|reklam|publicité|anzeige|publicidad|skip (?:to )?(?:content|main content|advertisement)"
        r"|menu|search|home|sign in|log in|login|close|listen(?: to this article)?|watch live|live tv|print this page"
        r"|ad feedback|video ad feedback",
        4,
    ),
    (r"\d+\s*(?:min(?:ute)?s?)\s*read|.*\b(?:minute|min) read\b.*", 8),
    (
        r"(?:published|posted|updated|last updated)?\s*\d+\s*(?:seconds?|minutes?|mins?|hours?|hrs?|days?|weeks?)\s+ago",
        8,
    ),
    (r"(?:leave|post|show|view|load)\s+(?:a\s+|all\s+)?comments?\b.*|comments?\s*\(\d*\)|\d+\s+comments?", 8),
    (r"click here\b.*|tap here\b.*|loading\W*", _NOTICE),
    (
        r"save (?:this )?(?:articles?|stories|story) (?:to|for) read(?:ing)? later\b.*|.*\b(?:your|my) reading list\b.*",
        _NOTICE,
    ),
    (r"our standards:.*|the .{1,30} is not responsible for the content of external sites\b.*", _NOTICE),
    (r"follow .{1,40}[’']s (?:full |latest )?coverage\b.*", _NOTICE),  # AP's "Follow AP's coverage of … at https://…"
    (r"\d{1,3}\s*/\s*\d{1,3}", 3),  # a gallery's slide counter: "1 / 5"
    (r".*\bplease contact us for subscription options\b.*", 60),  # Anadolu Agency's notice
    (r"a version of this article appears in print on\b.*", 60),  # The New York Times' print edition
    (
        r"(?:temps de lecture|lesezeit|okuma süresi|tiempo de lectura|reading time)\s*:?\s*\d+\s*(?:min\w*|dk|dakika)?\.?",
        6,
    ),
    (r"(?:tags?|keywords|etiketler|topics)\s*:.*", _NOTICE),
    (r"(?:source|kaynak|quelle)\s*:.*", 8),
    # The wires an article was written with, on a line of their own: "With AFP", "Avec AFP et Reuters", "(mit dpa)"
    (rf"\(?(?:with|avec|mit|con|com|met)\s+{_WIRES}(?:\s*(?:,|and|et|und|y|e|/)\s*{_WIRES})*\)?\.?", 6),
    # German outlets' editors' initials and the wires: "ja/se (rtr, afp)", "kle/sti (dpa)", "jok/dpa/Reuters"
    (r"[a-zäöü]{2,4}(?:/[a-zäöü]{2,4})+\s*\([a-zäöü]{2,8}(?:\s*[,/]\s*[a-zäöü]{2,8})*\)", 6),
    (r"(?-i:[a-zäöü]{2,4})(?:/(?:[a-zäöü]{2,4}|reuters|afp|ap|dpa|kna|epd|sid)){1,4}", 3),
    # Bianet's editors' initials in brackets: "(AS/VK)"
    (r"\((?-i:[A-ZÇĞİÖŞÜ]{2,4}(?:/[A-ZÇĞİÖŞÜ]{2,4})+)\)", 3),
    # Turkish sites: share, follow us, all rights reserved, subscribe
    (r"(?:haberi )?paylaş(?:ın)?\b.*|bizi takip edin\b.*|.*\btüm hakları saklıdır\b.*|abone ol\b.*", _NOTICE),
)
_SECTION_MARKERS = re.compile(
    r"(?:read more|see also|related(?: articles?| stories| story| posts?| news| content| coverage| topics)?"
    r"|more on this story|know more"
    r"|more from .{1,40}"
    r"|you may also like|you might also like|recommended(?: for you| stories)?|most (?:read|popular|viewed)"
    r"|trending(?: now)?|latest (?:news|stories)|top stories|more stories|also read|read next|keep reading|further reading"
    r"|listen to these stories|up next|watch next|editor[’']?s picks"
    r"|explore more on these topics|ilgili haberler|benzer haberler|sonraki haber|mehr zum thema"
    r"|konuyla ilgili daha fazla(?: bilgi| haber)?|bu konuda daha fazla(?: bilgi| haber)?|ilginizi çekebilir"
    r"|das könnte sie auch interessieren|weitere artikel|(?:lire la suite )?sur le même sujet|à lire aussi|lire aussi"
    r"|à lire également|dans la même rubrique|les plus lus|meistgelesen|lo más leído|en çok okunanlar"
    r"|potrebbe interessarti|i più letti|leggi anche"
    r"|noticias relacionadas|te puede interesar|más noticias|más información|relacionados|أخبار ذات صلة|اقرأ أيضاً?"
    r"|مواضيع ذات صلة|قد يهمك أيضاً?|list of \d+ items)\s*:?",  # (the last: Al Jazeera's boxes, "list 1 of 2" …)
    re.IGNORECASE,
)
_NAME = r"(?P<name>[^\W\d_][\w .&’'-]{1,40}?)"  # a capitalised name (checked in _clean_name)
_NAME_RULES = (
    re.compile(rf"^{_NAME}[’']s? (?:website|site|app|apps|web site)\b"),
    re.compile(
        rf"^(?:[^©]{{0,60}}?[|•]\s+|(?:[^\s©]+\s+){{0,2}}[^\s©]*\.\s+)?(?:©|\(c\)|copyright)(?:\s*copyright)?\s*(?:\d{{4}}(?:\s*[-–]\s*\d{{4}})?\s*)?{_NAME}\s*(?:\d{{4}})?\s*"
        r"(?:[.,|]|[-–—]\s|all rights|$)",
        re.IGNORECASE,
    ),
    re.compile(
        rf"^follow (?!us\b){_NAME}(?: on (?:twitter|x|facebook|instagram|telegram|youtube|social media|whatsapp)\b|\s*:)",
        re.IGNORECASE,
    ),
    re.compile(rf"^(?:source|kaynak|quelle)\s*:\s*{_NAME}(?:\s+and (?:news )?agencies|\s*,|\s*$)", re.IGNORECASE),
    re.compile(rf"^download the {_NAME} app\b", re.IGNORECASE),
    # Turkish: "Sözcü'yü Google News'te takip edin", "Hürriyet'i X'te takip edin" (the outlet, then its suffix)
    re.compile(
        rf"^{_NAME}['’]y?[ıiuü]\s+(?:google news|twitter|x|instagram|youtube|facebook|telegram|whatsapp|sosyal medya)['’]?"
        r"[td][ae]n?\s+takip\b",
        re.IGNORECASE,
    ),
    # "Anadolu Agency website contains only a portion …": a name of capitalised words alone
    re.compile(r"^(?P<name>[A-Z][\w&'’.-]*(?: [A-Z][\w&'’.-]*){0,4}) website\b"),
    re.compile(rf"^{_NAME}\s*[-–—|:]\s*back to (?:the )?(?:home|homepage|home page|front page)$", re.IGNORECASE),
    re.compile(rf"^(?:the )?{_NAME} is not responsible for the content of external sites", re.IGNORECASE),
)
_DATELINE = re.compile(
    r"^[A-ZÇĞİÖŞÜ][A-ZÇĞİÖŞÜ .'’-]{1,40}(?:,[\w .]{1,25})?\s*\((?P<name>[A-Z][\w .&-]{1,30})\)\s*[-–—]"
)
# A byline crediting the outlet and a wire: "DAILY SABAH WITH AA", "Hurriyet Daily News with AFP".
_AGENCIES = r"(?:aa|afp|ap|reuters|dpa|efe|ansa|anadolu agency|agencies|news agencies|wires)"
_WITH_AGENCY = (  # in capitals, or a name of two words or more: "Interview with AFP" credits no one
    re.compile(rf"^(?P<name>[A-ZÇĞİÖŞÜ][A-ZÇĞİÖŞÜ .&'’-]{{1,40}}?)\s+WITH\s+{_AGENCIES.upper()}$"),
    re.compile(rf"^(?!(?i:by)\s)(?P<name>[A-Z][\w&'’.-]*(?:\s+[A-Z][\w&'’.-]*)+?)\s+with\s+(?i:{_AGENCIES})$"),
    # a byline of the outlet and a wire, before its date: "By Euronews with AP • Updated: …"
    re.compile(rf"^(?i:by)\s+(?P<name>[A-Z][\w&'’.-]*(?:\s+[A-Z][\w&'’.-]*)*?)\s+with\s+(?i:{_AGENCIES})\b"),
)
_NOT_NAMES = {"us", "the", "all", "this", "our", "we"}


@dataclass(frozen=True)
class Boilerplate:
    """What marks a line as site furniture: the site's own patterns, lines learned from other
    articles of the same source, the built-in notice rules and the general classifier."""

    rules: tuple[tuple[re.Pattern[str], int], ...]  # pattern, most words of a matching line
    extra: tuple[re.Pattern[str], ...] = ()  # from digest.yaml
    learned: frozenset[str] = frozenset()  # lines (casefolded) recurring across the source's articles

    def matches(self, line: str, position: str = "body") -> bool:
        """Whether ``line`` (one stripped line of text) is boilerplate, not article text."""
        return self.reason(line, position) is not None

    def reason(self, line: str, position: str = "body") -> str | None:
        """Why ``line`` is boilerplate (None when it is article text); see ``furniture.classify``."""
        for pattern in self.extra:
            if pattern.search(line):
                return f"matches the pattern {pattern.pattern!r} from digest.yaml"
        if self.learned and " ".join(line.split()).casefold() in self.learned:
            return "recurs in other articles of the same source"
        if why := classify(line, position):
            return why
        words = count_words(line)
        if any(words <= limit and pattern.search(line) for pattern, limit in self.rules):
            return "a kind of site notice (share, follow, read more, newsletter, apps, navigation, copyright)"
        return None

    def last_prose(self, texts: Sequence[str]) -> int:
        """The index of the article's last line of prose (-1 when none): prose lines at the
        end that are furniture there ("Subscribe to our newsletter …") do not count."""
        prose = [index for index, text in enumerate(texts) if is_prose(text)]
        while prose and self.reason(texts[prose[-1]], "tail") is not None:
            prose.pop()
        return prose[-1] if prose else -1

    def with_learned(self, lines: Iterable[str]) -> Boilerplate:
        return replace(self, learned=self.learned | {" ".join(line.split()).casefold() for line in lines})


def build_boilerplate(extra: Iterable[re.Pattern[str]] = ()) -> Boilerplate:
    """The built-in rules, and ``extra`` patterns from digest.yaml (searched, any length)."""
    built_in = tuple((re.compile(rf"^(?:{rule})$", re.IGNORECASE), limit) for rule, limit in _LINE_RULES)
    return Boilerplate(built_in, tuple(extra))


def is_section_marker(line: str) -> bool:
    """A heading that starts a box of links to other stories ("Read more", "Related")."""
    return _SECTION_MARKERS.fullmatch(line.strip()) is not None


def find_source_name(lines: list[str], boilerplate: Boilerplate) -> str | None:
    """The site's name as its boilerplate states it, else the agency of a wire dateline or the
    outlet a "X WITH AA" byline credits."""
    notices = [line for line in lines if boilerplate.matches(line)]
    # The copyright line first, wherever it is: it names the outlet that published the page,
    # where an app to download or an account to follow may be a partner's.
    for rules, candidates in ((_NAME_RULES[1:2], notices), (_NAME_RULES, notices), ((_DATELINE, *_WITH_AGENCY), lines)):
        for line in candidates:
            for rule in rules:
                match = rule.search(line.strip())
                if match and (name := _clean_name(match["name"])):
                    return name
    return None


def rights_holder(line: str) -> str | None:
    """The name a copyright line gives ("© 2024 Harbor Gazette. All rights reserved.")."""
    match = _NAME_RULES[1].search(" ".join(line.split()))
    return _clean_name(match["name"]) if match else None


def _clean_name(name: str) -> str | None:
    name = name.strip(" .,-–'’")
    if not name[:1].isupper():
        return None
    if count_words(name) > 1:
        name = reader_case(name)  # "AL JAZEERA" -> "Al Jazeera"; one word in capitals is an acronym (TRT)
    if re.fullmatch(r"the [A-Z]{2,}", name, re.IGNORECASE) and name.split()[1].isupper():
        name = name.split()[1]  # "The BBC" -> "BBC", but "The Guardian" stays
    if name.lower() in _NOT_NAMES or len(name) < 2:
        return None
    return name
