"""Plain-text scrapes -> ImportedArticle, by the layout news sites share.

A scrape is read in three passes over its non-blank lines:

1. the head, up to the first line of prose or metadata: the breadcrumb (``News / Turkey``,
   ``Home > World > Middle East``, ``WORLD | EUROPE``, ``»``) and the headline (the first
   headline-like line of four words or more, so a site name or kicker before it is skipped);
2. the metadata after the headline: byline, date line, photo caption with its credit, and a
   standfirst (a sentence followed by more metadata): the summary, and also the body's first
   paragraph, so that the article page shows the whole text;
3. the body, up to the site boilerplate after it: paragraphs (hard-wrapped lines re-joined),
   bullet lists, sub-headings, quotes as written.  Boilerplate lines, boxes of links to other
   stories ("Read more", "Related") and later photo captions are left out.

The breadcrumb's first part (after a leading ``Home``) is the section, the rest the topics;
without a breadcrumb, a kicker in capitals above the headline (``POLITICS``) is the section.
A ``Tags:`` line gives the tags, kept apart from the topics.
The site's name comes from its boilerplate or from a wire dateline (``ISTANBUL, June 3
(Reuters) -``), whose month and day give the date when nothing else does (the year is then
inferred, and the date marked so).  A ``Source: <url>`` line, or a URL alone on the first or
last line, is the source URL.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from digest.importer.boilerplate import Boilerplate, build_boilerplate, find_source_name, is_section_marker
from digest.importer.convert import escape_text
from digest.importer.dates import find_month_day, infer_year
from digest.importer.learn import UNNAMED
from digest.importer.lines import (
    MAX_TAGS,
    has_terminal_punctuation,
    is_capitalised,
    is_headline_like,
    is_image_label,
    is_prose,
    is_section_name,
    is_tags_label,
    is_update_line,
    menu_items,
    normalise_line,
    parse_breadcrumb,
    parse_bullet,
    parse_byline,
    parse_caption,
    parse_date_line,
    parse_image_caption,
    parse_image_source,
    parse_reporting_credit,
    parse_tags,
    reader_case,
    same_name,
    without_outlet,
)
from digest.importer.record import ImportedArticle, SourceFailed
from digest.importer.settings import ImportSettings
from digest.model import count_words

_MIN_BODY_WORDS = 15
_WRAP_WIDTH = 100  # no line of hard-wrapped text is longer
_WRAPPED_LINE = 50  # a line at least this long, in wrapped text, continues on the next one
_LINK_BOX_END = 15  # words: a paragraph this long ends a box of links to other stories
# The heading of a page's comments (WordPress: 14 thoughts on “Headline”, Leave a Reply):
# the readers' words under it are no part of the article.
_COMMENTS_HEADING = re.compile(
    r"(?:(?:\d+|one|no) (?:thoughts?|comments?|responses?|replies) (?:on|to) [“\"'‘«].+[”\"'’»]"
    r"|leave a (?:reply|comment)(?: cancel reply)?|(?:\d+ )?comments? \(\d+\))",
    re.IGNORECASE,
)
_META_SPLIT = re.compile(r"\s*\|\s*|\s+[•·]\s+")  # "Ayşe Demir | 3 June 2024", also "Ayşe Demir |03.06.2024"
_SOURCE_URL = re.compile(r"^(?:source|url|link|original(?: article)?|kaynak)\s*:\s*(?P<url>https?://\S+)$", re.I)
_BARE_URL = re.compile(r"^(?P<url>https?://[^\s/]+/\S+)$")
_DATELINE = re.compile(
    r"^(?P<place>[A-ZÇĞİÖŞÜ][A-ZÇĞİÖŞÜ .'’-]{1,40})(?:,\s*(?P<when>[\w .]{1,25}?))?\s*(?:\((?P<agency>[^()]{2,30})\))?"
    r"\s*[-–—]+\s+"
)
_TURKISH = re.compile(r"[ğĞşŞıİ]")
_TIME_ONLY = re.compile(
    r"\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?(?:\s*(?:GMT|UTC|CET|CEST|TRT|BST|EST|EDT)(?:\s*[+-]\s*\d{1,2}(?::?\d{2})?)?)?",
    re.IGNORECASE,
)  # a live blog's entry time: "22:41", "10.05 am BST", "22:41 GMT+3"
_NAME_PART = re.compile(r"[A-ZÀ-ÞĞİŞÇÖÜ][\w'’.-]*")


def _author_names(author: str) -> set[str]:
    """The byline's names, each as a box about its author would start ("Suzan Fraser and
    Mehmet Guzel": either), case aside."""
    names = {author.casefold()}
    names.update(part.strip().casefold() for part in re.split(r",|\s+(?:and|&|ve|und|et|y)\s+", author) if part.strip())
    return names


def _is_question_headline(text: str, candidates: list[str]) -> bool:
    """A headline that asks or exclaims ("Will the lira recover in 2025?"): a short line that
    ends as a sentence does, before any other line that could be the headline."""
    return (
        not any(count_words(candidate) >= 4 for candidate in candidates)
        and count_words(text) <= 20
        and re.search(r"[?!؟][\"'”’»)]*$", text) is not None
    )


def _is_short_headline(text: str) -> bool:
    """Three words in sentence case (``Enflasyon haziranda geriledi``): a headline, where a site
    name or a section label would be in title case or capitals."""
    words = text.split()
    return len(words) == 3 and words[0][:1].isupper() and any(word[:1].islower() for word in words[1:])


def _is_name(text: str) -> bool:
    """Two to four capitalised words and nothing else: a person's name (``Ayşe Demir``)."""
    words = text.split()
    return 2 <= len(words) <= 4 and all(_NAME_PART.fullmatch(word) for word in words) and not text.isupper()


@dataclass(frozen=True)
class _Line:
    text: str
    gap: bool  # a blank line came before it


def parse_scrape(
    text: str,
    origin: str,
    settings: ImportSettings,
    today: date,
    source_name: str | None = None,
    learned: Mapping[str, frozenset[str]] | None = None,
) -> ImportedArticle:
    """Read a scraped article; SourceFailed when no headline and body can be found.

    ``source_name`` (from ``--source``) picks the site's boilerplate patterns when given;
    ``learned`` maps source names (casefolded) to lines learned as that source's furniture.
    """
    lines = _split_lines(text)
    if not lines:
        raise SourceFailed("empty file")
    name = scrape_source_name(lines)
    outlet = source_name or name
    boilerplate = settings.boilerplate_for(outlet)
    if learned and (own := learned.get(outlet.casefold() if outlet else UNNAMED)):
        boilerplate = boilerplate.with_learned(own)
    reader = _Reader(lines, boilerplate, _is_turkish(text), outlet)
    reader.read()
    return reader.article(origin, name, today)


def scrape_source_name(lines: list[_Line] | str) -> str | None:
    """The outlet a scrape names in its furniture or dateline (``Press TV``), if any."""
    found = _split_lines(lines) if isinstance(lines, str) else lines
    return find_source_name([line.text for line in found], build_boilerplate())


def _is_turkish(text: str) -> bool:
    """Turkish text, whose capitals lower-case differently (I -> ı, İ -> i)."""
    letters = sum(1 for char in text if char.isalpha())
    return len(_TURKISH.findall(text)) > 0.01 * max(letters, 1)


def _split_lines(text: str) -> list[_Line]:
    found: list[_Line] = []
    gap = False
    for raw in text.split("\n"):
        line = normalise_line(raw)
        if line and found and is_image_label(found[-1].text):  # "Image caption," then the caption
            found[-1] = _Line(f"{found[-1].text.rstrip(' ,،:')}, {line}", found[-1].gap)
        elif line:
            found.append(_Line(line, gap))
        gap = not line
    return _unwrap(found) if _is_hard_wrapped(found) else found


def _is_hard_wrapped(lines: list[_Line]) -> bool:
    """Text wrapped at a fixed width (as in e-mail): no long lines, several near the width."""
    lengths = [len(line.text) for line in lines]
    return max(lengths, default=0) <= _WRAP_WIDTH and sum(length >= _WRAPPED_LINE for length in lengths) >= 3


def _unwrap(lines: list[_Line]) -> list[_Line]:
    """Re-join the lines of each wrapped paragraph.

    A line continues the one before when that one reached the wrap width; a bullet, a byline
    or a date line always starts anew.
    """
    joined: list[_Line] = []
    previous_length = 0
    for line in lines:
        if (
            joined
            and not line.gap
            and previous_length >= _WRAPPED_LINE
            and not has_terminal_punctuation(joined[-1].text)
            and not _starts_anew(line.text)
        ):
            joined[-1] = _Line(f"{joined[-1].text} {line.text}", joined[-1].gap)
        else:
            joined.append(line)
        previous_length = len(line.text)
    return joined


def _starts_anew(text: str) -> bool:
    return (
        parse_bullet(text) is not None
        or _NUMBERED.match(text) is not None
        or parse_byline(text) is not None
        or parse_date_line(text) is not None
        or parse_breadcrumb(text) is not None
    )


class _Reader:
    """The parse state of one scrape: which lines were read as what."""

    def __init__(self, lines: list[_Line], boilerplate: Boilerplate, turkish: bool, outlet: str | None = None):
        self.lines = lines
        self.boilerplate = boilerplate
        self.turkish = turkish
        self.outlet = outlet  # the outlet's name, as the scrape's furniture gives it
        self.masthead: str | None = None  # the outlet's name as its masthead above the headline spells it
        self.crumbs: tuple[str, ...] = ()
        self.menu: list[str] = []  # the sections a menu line above the headline names
        self.named_twice: str | None = None  # a name above the headline, given again under it: the site's
        self.site_name: str | None = None  # a name over the site's menu, above the headline
        self.above_crumbs: list[str] = []  # headline-like lines above the breadcrumb
        self.tags: tuple[str, ...] = ()
        self.title: str | None = None
        self.summary: str | None = None
        self.author: str | None = None
        self.date: str | None = None
        self.updated: str | None = None  # an "Updated: ..." line's, when no date of publication is given
        self.caption: str | None = None
        self.credit: str | None = None
        self.image_seen = False
        self.source_url: str | None = None
        self.lead: list[_Line] = []  # a standfirst: the summary, and the body's first paragraph
        self.body: list[_Line] = []
        self.dropped: list[tuple[str, str]] = []  # (line, why it was left out)

    def _drop(self, text: str, why: str) -> None:
        self.dropped.append((text, why))

    def _furniture(self, text: str, position: str) -> bool:
        """Whether ``text`` is site furniture; if so it is recorded as dropped, with why."""
        why = self.boilerplate.reason(text, position)
        if why is not None:
            self._drop(text, why)
            if not self.body and (iso := parse_date_line(text)):  # "3 June 2024 • 4 min read"
                self._take_date(text, iso)
        return why is not None

    def read(self) -> None:
        self._take_source_url()
        position = self._read_head()
        position = self._read_meta(position)
        self._read_body(position)

    # -- the source URL -------------------------------------------------------------------

    def _take_source_url(self) -> None:
        for index, line in enumerate(self.lines):
            match = _SOURCE_URL.match(line.text)
            if not match and index in (0, len(self.lines) - 1):
                match = _BARE_URL.match(line.text)
            if match:
                self.source_url = self.source_url or match["url"]
                self.lines = self.lines[:index] + self.lines[index + 1 :]
                return

    # -- pass 1: breadcrumb and headline --------------------------------------------------

    def _read_head(self) -> int:
        candidates: list[str] = []
        for position, line in enumerate(self.lines):
            text = line.text
            if self._furniture(text, "head"):
                continue
            if items := menu_items(text):
                self._drop(text, "a menu of the site's sections")
                self.menu += items
                continue
            if not self.crumbs and (crumbs := parse_breadcrumb(text, self.turkish)):
                self.crumbs = crumbs
                self.above_crumbs, candidates = candidates, []  # the headline follows its breadcrumb
            elif self._is_meta(text, bare=False):
                if candidates:
                    return self._choose_title(candidates, position)
                self._take_meta(text, bare=False)  # a date or byline above the headline
            elif is_prose(text) and not _is_question_headline(text, candidates):
                return self._choose_title(candidates, position)
            elif is_headline_like(text) or is_prose(text):
                candidates.append(text)
        return self._choose_title(candidates, len(self.lines))

    def _choose_title(self, candidates: list[str], position: int) -> int:
        trail = bool(self.crumbs)  # a breadcrumb line above: the candidates are the lines under it
        if not candidates:
            candidates, self.above_crumbs = self.above_crumbs, []  # a breadcrumb under its headline
        if not candidates:
            raise SourceFailed("not an article: no headline found")
        for text in self.above_crumbs:
            self._drop(text, "above the breadcrumb: the site's name, tagline or menu")
        long_enough = [text for text in candidates if count_words(text) >= 4]
        self.title = long_enough[0] if long_enough else max(candidates, key=lambda text: count_words(text))
        if under_kicker := _under_last_kicker(candidates, self.title):
            self.title = under_kicker  # "Democracy Dies in Darkness", "WORLD", then the headline
        index = candidates.index(self.title)
        if index and _is_short_headline(candidates[index - 1]):
            self.title = candidates[index - 1]  # "Enflasyon haziranda geriledi" above its standfirst
        before = candidates[: candidates.index(self.title)]
        if not self.crumbs and _is_vertical_breadcrumb(before, self.outlet):
            self.crumbs = tuple(reader_case(text, self.turkish) for text in before)  # "World", "Middle East", …
            before = []
        elif not self.crumbs and before and (named := _news_of_section(before[-1])):
            self.crumbs = (named,)  # "Ekonomi Haberleri" (economy news) above the headline
            before = before[:-1]
        elif (
            not self.crumbs
            and before
            and (_is_kicker(before[-1]) or _is_current_section(before, self.menu) or self._is_masthead_section(before))
        ):
            self.crumbs = (reader_case(before[-1], self.turkish),)  # "POLITICS" above the headline
            if self._is_masthead_section(before) and not before[0].isupper():
                self.masthead = before[0]  # "TRT World", where "Source: TRTWorld" named it
            before = before[:-1]
        if not trail and self._over_a_menu(before):
            self.site_name = reader_case(before[0], self.turkish)  # "Arab News", its menu, the headline
        for text in before:
            self._drop(text, "above the headline: a site name or label, not the headline")
        after = candidates[candidates.index(self.title) + 1 :]
        again = next((text for text in after if _names_again(text, before)), None)
        self.named_twice = _named(again) if again else None
        if standfirst := next((text for text in after if count_words(text) >= 6), None):
            self._take_lead(standfirst)
        for text in after:
            byline = parse_byline(text, self.turkish, bare=True) if self.author is None else None
            if text == again:
                self._drop(text, "the site's name above the headline, given again under it: the source")
            elif self.author is None and (byline or _is_name(text)):
                self.author = byline or text  # "Jane Doe in Istanbul", or a name without "By"
            elif text != standfirst:
                self._drop(text, "between the headline and the text: a label")
        return position

    def _over_a_menu(self, before: list[str]) -> bool:
        """The first line above the headline is a short name over the site's menu (a line of
        it, or three section names a line each): the site's name."""
        if not before:
            return False
        return (
            _is_short_name(before[0], 4)
            and not is_section_name(before[0])
            and self.boilerplate.reason(before[0], "head") is None
            and (bool(self.menu) or sum(is_section_name(text) for text in before[1:]) >= 3)
        )

    def _is_masthead_section(self, before: list[str]) -> bool:
        """The outlet's name, then a short label, then the headline ("Hürriyet", "Gündem"):
        the label is the section."""
        return (
            len(before) == 2
            and self.outlet is not None
            and same_name(before[0], self.outlet)
            and count_words(before[1]) <= 3
        )

    def _take_lead(self, text: str) -> None:
        """A standfirst is the summary and stays in the body: nothing of the article is lost."""
        self.summary = text
        self.lead.append(_Line(text, True))

    # -- pass 2: byline, date, caption, standfirst ----------------------------------------

    def _read_meta(self, position: int) -> int:
        while position < len(self.lines):
            text = self.lines[position].text
            if self._furniture(text, "head") or self._take_meta(text, bare=True):
                position += 1
            elif self.author is None and _is_name(text) and self._date_follows(position):
                self.author = text  # a byline without "By": the name above the date
                position += 1
            elif self.author is None and _is_name(text) and self._place_then_date(position + 1):
                self.author = text  # the name, where they report from, the date
                self._drop(self.lines[position + 1].text, "where the author reports from, under the byline")
                position += 2
            elif self.author is None and _is_name(text) and self._outlet_then_date(position + 1):
                self.author = text  # the BBC's: the name, the outlet's name, the date
                self._drop(self.lines[position + 1].text, "the outlet's name under the byline")
                position += 2
            elif _TIME_ONLY.fullmatch(text):
                break  # a live blog's first entry
            elif self._take_split_caption(position):
                position += 2
            elif not is_prose(text):
                if count_words(text) > 8 and self.summary is None:
                    self._take_lead(text)
                else:
                    self._drop(text, "a short label between the headline and the text")
                position += 1  # short labels before the text: a place name, "WITH AGENCIES"
            elif self.summary is None and self._meta_follows(position):
                self._take_lead(text)
                position += 1
            else:
                break
        return position

    def _name_above_crumbs(self) -> str | None:
        """A short name alone above the breadcrumb, at the top of the page ("Independent", then
        "News › World › Europe"): the site's."""
        if len(self.above_crumbs) != 1:
            return None
        name = self.above_crumbs[0]  # (three words at most: "Democracy Dies in Darkness" is a tagline)
        return reader_case(name, self.turkish) if _is_short_name(name, 3) and not is_section_name(name) else None

    def _outlet_as_byline(self) -> str | None:
        """The site's name above the breadcrumb given again as the byline ("Turkish Minute"):
        the outlet's, not an author's."""
        if self.author and any(same_name(self.author, text) for text in self.above_crumbs):
            return self.author
        return None

    def _names_the_author(self, text: str) -> bool:
        """The author's name alone, or as a byline ("By Kareem Fahim"): a box about them after the text."""
        assert self.author is not None
        named = " ".join(text.split())
        byline = parse_byline(named, self.turkish)
        return named.casefold() in _author_names(self.author) or (byline is not None and same_name(byline, self.author))

    def _outlet_then_date(self, position: int) -> bool:
        """The outlet's name at ``position``, the date line under it."""
        return (
            self.outlet is not None
            and position < len(self.lines)
            and same_name(self.lines[position].text, self.outlet)
            and self._date_follows(position)
        )

    def _place_then_date(self, position: int) -> bool:
        """A place's name at ``position`` ("Athens", "Washington DC"), the date line under it."""
        return (
            position < len(self.lines)
            and _is_short_name(self.lines[position].text, 3)
            and all(is_capitalised(word) for word in self.lines[position].text.split())
            and self._date_follows(position)
        )

    def _date_follows(self, position: int) -> bool:
        return position + 1 < len(self.lines) and parse_date_line(self.lines[position + 1].text) is not None

    def _meta_follows(self, position: int) -> bool:
        for line in self.lines[position + 1 :]:
            if self._is_meta(line.text, bare=True):
                return True
            if not self.boilerplate.matches(line.text) and (is_prose(line.text) or count_words(line.text) > 8):
                return False
        return False

    def _is_meta(self, text: str, bare: bool) -> bool:
        """A byline (``bare``: also "Jane Doe in Istanbul"), date line or photo caption, or a
        ``|``-separated mix of bylines, dates and short labels."""
        parts = _META_SPLIT.split(text)
        if len(parts) > 1:
            kinds = [self._meta_kind(part, bare) for part in parts]
            return all(kinds) and any(kind != "noise" for kind in kinds)
        return bool(
            parse_byline(text, self.turkish, bare)
            or parse_date_line(text)
            or parse_caption(text)
            or parse_image_source(text)
            or parse_image_caption(text)
        )

    def _take_meta(self, text: str, bare: bool) -> bool:
        """Record a byline, date or caption line (or a ``|``-separated mix of them)."""
        parts = _META_SPLIT.split(text)
        if len(parts) > 1:
            kinds = [self._meta_kind(part, bare) for part in parts]
            if all(kinds) and any(kind != "noise" for kind in kinds):
                for part in parts:
                    if not self._take_one(part, bare) and self.author is None and _is_name(part):
                        self.author = part  # "Deniz Kaya | Istanbul | 14 December 2023"
                return True
            return False
        return self._take_one(text, bare)

    def _meta_kind(self, part: str, bare: bool) -> str | None:
        if parse_byline(part, self.turkish, bare) or parse_date_line(part):
            return "meta"
        if self.boilerplate.matches(part) or count_words(part) <= 3:
            return "noise"
        return None

    def _take_one(self, text: str, bare: bool) -> bool:
        if author := parse_byline(text, self.turkish, bare):
            self.author = self.author or author
        elif iso := parse_date_line(text):
            self._take_date(text, iso)
        else:
            return self._take_image(text)
        return True

    def _take_date(self, text: str, iso: str) -> None:
        """The first date the article was published; a date it was updated only when there is none."""
        if is_update_line(text):
            self.updated = self.updated or iso
        else:
            self.date = self.date or iso

    def _take_image(self, text: str) -> bool:
        if credit := parse_image_source(text):
            self._set_image(None, credit)
        elif caption_text := parse_image_caption(text):
            self._set_image(caption_text, None)
        elif caption := parse_caption(text):
            self._set_image(caption.text, caption.credit)
        else:
            return False
        return True

    def _take_split_caption(self, position: int) -> bool:
        """A caption line followed by a line that is only its credit (``Photo: Reuters``)."""
        if position + 1 >= len(self.lines):
            return False
        credit_line = parse_caption(self.lines[position + 1].text)
        if credit_line is None or credit_line.text is not None or count_words(self.lines[position].text) > 60:
            return False
        self._set_image(self.lines[position].text, credit_line.credit)
        return True

    def _set_image(self, caption: str | None, credit: str | None) -> None:
        """Keep the first photo's caption and credit; later photos are left out.

        BBC-style scrapes give the credit and the caption on two lines: the second half
        completes the first photo when that photo lacks exactly that half.
        """
        if not self.image_seen:
            self.caption, self.credit, self.image_seen = caption, credit, True
        elif caption is None and self.credit is None and self.caption is not None:
            self.credit = credit
        elif credit is None and self.caption is None and self.credit is not None:
            self.caption = caption

    # -- pass 3: the body ------------------------------------------------------------------

    def _read_body(self, position: int) -> None:
        in_link_box = False
        last_prose = self.boilerplate.last_prose([line.text for line in self.lines])
        while position < len(self.lines):
            line = self.lines[position]
            position += 1
            if self.body and self.author and self._names_the_author(line.text):
                self._drop(line.text, "starts a box about the author (their name again, after the text)")
                for rest in self.lines[position:]:
                    self._drop(rest.text, "in the box about the author")
                return
            if self.body and _COMMENTS_HEADING.fullmatch(" ".join(line.text.split())):
                self._drop(line.text, "the heading of the readers' comments")
                for rest in self.lines[position:]:
                    self._drop(rest.text, "in the readers' comments")
                return
            if is_section_marker(line.text):
                in_link_box = True
                self._drop(line.text, "starts a box of links to other stories")
                continue
            is_link = not (is_prose(line.text) and count_words(line.text) >= _LINK_BOX_END)
            if in_link_box and is_link and parse_tags(line.text) is None and not is_tags_label(line.text):
                self._drop(line.text, "in a box of links to other stories")
                continue
            in_link_box = False
            where = "tail" if position - 1 > last_prose else "body"
            if is_tags_label(line.text) and (after := self._take_tag_lines(position)) > position:
                self._drop(line.text, "the label of the tags under it")
                position = after
                continue
            if self._take_body_meta(line.text) or self._furniture(line.text, where):
                continue
            if self._take_split_caption(position - 1):
                position += 1
                continue
            self.body.append(line)

    def _take_tag_lines(self, position: int) -> int:
        """The tags listed a line each under their label; the position after them."""
        end = position
        while end < len(self.lines) and _is_tag_line(self.lines[end].text):
            if self.boilerplate.matches(self.lines[end].text):
                break  # "Reuse this content" after the tags
            end += 1
        if end == position and position < len(self.lines) and _is_tags_on_one_line(self.lines[position].text):
            self._drop(self.lines[position].text, "the tags, on one line with nothing between them to tell them apart")
            return position + 1
        names = [self.lines[index].text for index in range(position, end)]
        for name in names:
            self._drop(name, "a tag (the tags field)")
        self.tags = self.tags or tuple(dict.fromkeys(" ".join(name.lstrip("#").split()) for name in names))[:MAX_TAGS]
        return end

    def _take_body_meta(self, text: str) -> bool:
        if (tags := parse_tags(text)) is not None:
            self.tags = self.tags or tags
            return True
        if iso := parse_date_line(text):
            self._take_date(text, iso)
            return True
        if parse_caption(text) or parse_image_source(text) or parse_image_caption(text):
            return self._take_image(text)
        if (credit := parse_reporting_credit(text)) and self.author is None:
            self.author = credit
        return False

    # -- the record ------------------------------------------------------------------------

    def article(self, origin: str, name: str | None, today: date) -> ImportedArticle:
        paragraphs = _render_paragraphs([*self.lead, *self.body])
        if sum(count_words(paragraph) for paragraph in paragraphs) < _MIN_BODY_WORDS:
            raise SourceFailed("not an article: no article text found after the headline")
        lines = [*self.lead, *self.body]
        agency, dateline_date = _read_dateline(lines[0].text, today) if lines else (None, None)
        assert self.title is not None
        crumbs = without_outlet(self.crumbs, name or agency)
        outlet = (
            name
            or agency
            or self._outlet_as_byline()
            or self.named_twice
            or self.site_name
            or self._name_above_crumbs()
            or _staff_of(self.author)
        )
        return ImportedArticle(
            title=self.title,
            body="\n\n".join(paragraphs),
            origin=origin,
            date=self.date or self.updated or dateline_date,
            date_inferred=self.date is None and self.updated is None and dateline_date is not None,
            topics=_unique(crumbs[1:]),
            tags=self.tags,
            section=crumbs[0] if crumbs else None,
            author=None
            if _DESK.fullmatch(self.author or "") or (outlet and same_name(self.author or "", outlet))
            else self.author,
            source_name=self.masthead if self.masthead and name else outlet,
            source_url=self.source_url,
            image_caption=self.caption,
            image_credit=self.credit,
            summary=self.summary,
            dropped=tuple(self.dropped),
        )


def _is_short_name(text: str, most: int) -> bool:
    """A capitalised name of ``most`` words at most, no sentence: a site's, a place's."""
    return 1 <= count_words(text) <= most and is_capitalised(text) and not has_terminal_punctuation(text)


# The place a story was written in, then the outlet's name in quotes: "أنقرة: «الشرق الأوسط»".
_PLACE_AND_OUTLET = re.compile(r"[^:«»\"“”]{1,30}:\s*[«\"“](?P<name>[^«»\"“”]{2,40})[»\"”]")


def _named(text: str) -> str:
    """The name a line under the headline gives: itself, or the outlet quoted after a place."""
    quoted = _PLACE_AND_OUTLET.fullmatch(text)
    return quoted["name"].strip() if quoted else text


def _names_again(text: str, above: list[str]) -> bool:
    """Whether ``text`` names again (alone, or quoted after a place) one of the lines ``above``."""
    name = _named(text)
    return count_words(name) <= 4 and any(same_name(name, line) for line in above)


def _is_current_section(above: list[str], menu: list[str]) -> bool:
    """The line just above the headline names one of the menu's sections, given again: the
    section the page is in ("News, Middle East, Sport … Middle East", then the headline; or
    a menu on one line, "Kurdistan  Iraq  Middle East", then "Kurdistan")."""
    label = above[-1].casefold()
    return count_words(above[-1]) <= 3 and any(text.casefold() == label for text in [*above[:-1], *menu])


def _is_vertical_breadcrumb(above: list[str], outlet: str | None) -> bool:
    """Three short labels, a line each, and then the headline: a breadcrumb set one part a
    line ("World", "Middle East", "Turkey"); a site's menu has more items than that.  Two
    such lines may be the outlet's name and the section: a breadcrumb only when the outlet is
    known to be neither."""
    names = {text.casefold() for text in above}
    return (
        (
            len(above) == 3
            or (len(above) == 2 and outlet is not None and not any(same_name(outlet, text) for text in above))
        )
        and len(names) == len(above)
        and all(count_words(text) <= 3 and text[:1].isupper() and not has_terminal_punctuation(text) for text in above)
    )


def _is_tags_on_one_line(text: str) -> bool:
    """Capitalised names and nothing else on one line ("Greece Turkey Recep Tayyip Erdogan")."""
    words = text.split()
    return 2 <= len(words) <= 12 and all(word[:1].isupper() or word[:1].isdigit() for word in words)


def _is_tag_line(text: str) -> bool:
    return not is_prose(text) and count_words(text) <= 4 and not is_section_marker(text)


# A byline that is an outlet's staff or desk: "Al-Monitor Staff", "Al Jazeera Staff", "NTV Haber Merkezi".
_STAFF = re.compile(
    r"^(?P<outlet>[A-ZÇĞİÖŞÜ][\w&'’. -]{1,40}?)\s*[-–—]?\s+(?:staff(?: writers?| reporters?)?|news ?desk|newsroom|haber merkezi)$",
    re.IGNORECASE,
)


# A byline that names a desk, no person: "Haber Merkezi", "News Desk", "Redaktion".
_DESK = re.compile(
    r"\W*(?:the )?(?:haber merkezi|news ?desk|newsroom|web desk|online desk|staff|redaktion|rédaction|redacción"
    r"|redazione|redactie)\W*",
    re.IGNORECASE,
)


def _staff_of(author: str | None) -> str | None:
    """The outlet whose staff a byline names."""
    found = _STAFF.match(author or "")
    outlet = found["outlet"].strip(" -–—") if found else ""
    return outlet if outlet.casefold() not in {"", "the", "our", "a", "an", "by"} else None


def _under_last_kicker(candidates: list[str], title: str) -> str | None:
    """The first long enough line under a kicker that stands below ``title``: a section label
    sits right above its headline, so ``title`` was the site's tagline or masthead."""
    kickers = [index for index, text in enumerate(candidates) if _is_kicker(text)]
    if not kickers or candidates.index(title) > kickers[-1]:
        return None
    return next((text for text in candidates[kickers[-1] + 1 :] if count_words(text) >= 4), None)


def _is_kicker(text: str) -> bool:
    """A section label set above a headline: one to three words in capitals."""
    letters = [char for char in text if char.isalpha()]
    return count_words(text) <= 3 and bool(letters) and all(char.isupper() for char in letters)


# Turkish outlets label an article's page with its section's news: "Ekonomi Haberleri",
# "Dünya Haberleri" (not breaking news, "Son Dakika Haberleri", nor the latest, "Güncel").
_SECTION_NEWS = re.compile(r"^(?P<section>[^\W\d_]+(?: [^\W\d_]+)?) haberleri$", re.IGNORECASE)
_NO_SECTION = {"son dakika", "güncel", "son", "tüm", "yerel", "diğer"}


def _news_of_section(text: str) -> str | None:
    found = _SECTION_NEWS.match(" ".join(text.split()))
    if found is None or found["section"].casefold() in _NO_SECTION:
        return None
    return reader_case(found["section"], True)


def _unique(names: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(names))


def _read_dateline(first: str, today: date) -> tuple[str | None, str | None]:
    """The agency and (year-less) date of ``ISTANBUL, June 3 (Reuters) -``."""
    match = _DATELINE.match(first)
    if match is None:
        return None, None
    month_day = find_month_day(match["when"] or "")
    return match["agency"], infer_year(*month_day, today) if month_day else None


_NUMBERED = re.compile(r"^(?P<number>\d{1,3})[.)]\s+(?P<item>\S.*)$")  # "1. Services inflation …"


def _numbered_items(lines: list[_Line]) -> list[int]:
    """For each line, its number in a numbered list (0 for none): lines numbered 1, 2, 3 …
    one after the other, from two on; a lone "1989." or a "2) " in the text is no list."""
    found = [_NUMBERED.match(line.text) for line in lines]
    numbers = [0] * len(lines)
    index = 0
    while index < len(lines):
        run = index
        while run < len(lines) and (match := found[run]) and int(match["number"]) == run - index + 1:
            run += 1
        if run - index >= 2:
            numbers[index:run] = range(1, run - index + 1)
        index = max(run, index + 1)
    return numbers


def _render_paragraphs(lines: list[_Line]) -> list[str]:
    """Body lines -> Markdown blocks: bullets and numbered items as lists, sub-headings, the
    rest paragraphs."""
    blocks: list[str] = []
    for line, number in zip(lines, _numbered_items(lines), strict=True):
        item = parse_bullet(line.text)
        if number:
            text = escape_text(_NUMBERED.sub(r"\g<item>", line.text))
            if number == 1:
                blocks.append(f"1. {text}")
            else:
                blocks[-1] += f"\n{number}. {text}"
        elif _TIME_ONLY.fullmatch(line.text):
            blocks.append(f"**{line.text}**")  # a live blog's entry time
        elif item is None:
            blocks.append(escape_text(line.text))
        elif blocks and blocks[-1].startswith("- ") and not line.gap:
            blocks[-1] += "\n- " + escape_text(item)
        else:
            blocks.append("- " + escape_text(item))
    return [_as_heading(text, index, blocks) for index, text in enumerate(blocks)]


def _as_heading(text: str, index: int, blocks: list[str]) -> str:
    """A short line between two paragraphs, with no closing punctuation, is a sub-heading."""
    if not 0 < index < len(blocks) - 1 or count_words(text) > 10 or has_terminal_punctuation(text):
        return text
    between_prose = is_prose(blocks[index - 1]) and is_prose(blocks[index + 1])
    return "## " + text if between_prose and text[:1].isupper() else text
