"""Learn each outlet's furniture: lines that recur across several articles of the same source.

A promo, a notice or a sign-off that an outlet repeats under every article is furniture for
that outlet, whatever words it uses.  The lines of the scrapes in one import and of the
articles already in ``content/`` are grouped by source name; a line found in at least
``MIN_ARTICLES`` different articles of one source is furniture for that source.  Two copies
of the same story would share most of their lines, so an article most of whose lines recur
is left out of the count; lines that carry fields (breadcrumbs, bylines, dates, tags,
captions) are never learned, as they recur by nature.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from digest.frontmatter import FRONT_MATTER
from digest.importer.lines import (
    normalise_line,
    parse_breadcrumb,
    parse_byline,
    parse_caption,
    parse_date_line,
    parse_tags,
)
from digest.model import count_words

MIN_ARTICLES = 2
UNNAMED = ""  # the key of scrapes that name no source
_MAX_WORDS = 30
_COPY_SHARE = 0.6  # an article with more of its lines recurring than this is a copy of another
_SOURCE_NAME = re.compile(r"^source:\s*\{?\s*name:\s*\"?(?P<name>[^,}\"\n]+)", re.MULTILINE)
_HEAD_BYTES = 4096


def recurring_lines(documents: Iterable[tuple[str | None, str]]) -> dict[str, frozenset[str]]:
    """Source name (casefolded) -> the lines recurring across its documents (casefolded).

    ``documents`` are (source name, text) pairs; those that name no source are taken for one
    unnamed source, ``UNNAMED`` (scrapes imported together usually come from one place).
    """
    groups: dict[str, list[frozenset[str]]] = {}
    for name, text in documents:
        groups.setdefault(name.casefold() if name else UNNAMED, []).append(_candidate_lines(text))
    return {name: found for name, sets in groups.items() if len(sets) >= MIN_ARTICLES and (found := _recurring(sets))}


def _recurring(sets: list[frozenset[str]]) -> frozenset[str]:
    counts = Counter(line for lines in sets for line in lines)
    originals = [lines for lines in sets if not _is_copy(lines, counts)]
    counts = Counter(line for lines in originals for line in lines)
    return frozenset(line for line, count in counts.items() if count >= MIN_ARTICLES)


def _is_copy(lines: frozenset[str], counts: Counter[str]) -> bool:
    return bool(lines) and sum(counts[line] >= MIN_ARTICLES for line in lines) > _COPY_SHARE * len(lines)


def _candidate_lines(text: str) -> frozenset[str]:
    found = set()
    for raw in text.split("\n"):
        line = normalise_line(raw)
        if line and count_words(line) <= _MAX_WORDS and not _carries_a_field(line):
            found.add(" ".join(line.split()).casefold())
    return frozenset(found)


def _carries_a_field(line: str) -> bool:
    return bool(
        parse_breadcrumb(line)
        or parse_byline(line, bare=True)
        or parse_date_line(line)
        or parse_tags(line) is not None
        or parse_caption(line)
        or line.startswith(("---", "title:", "date:", "topics:", "imported:"))
    )


def articles_by_source(folder: Path, names: set[str]) -> Iterable[tuple[str, str]]:
    """(source name, body) of the articles in ``folder`` whose ``source.name`` is one of ``names``
    (casefolded); read only as far as the name when it is not.  The body alone: front matter
    lines are no text of the outlet's, and would make a copy of a story look like another."""
    if not names or not folder.is_dir():
        return
    for path in sorted(folder.glob("*.md")):
        try:
            with path.open("rb") as stream:
                head = stream.read(_HEAD_BYTES).decode("utf-8", "replace")
            match = _SOURCE_NAME.search(head)
            if match and match["name"].strip().casefold() in names:
                yield match["name"].strip(), _body(path.read_text(encoding="utf-8", errors="replace"))
        except OSError:
            continue


_BLOCK_MARK = re.compile(r"^\s*(?:#{1,6}\s+|>\s*|[-*+]\s+|\d+[.)]\s+)")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_EMPHASIS = re.compile(r"(\*\*|\*)(?=\S)(.+?)(?<=\S)\1|(?<!\w)(__|_)(?=\S)(.+?)(?<=\S)\3(?!\w)")


def _body(text: str) -> str:
    """A content file's text after its front matter, each line as a scrape would give it: the
    Markdown the importer wrote (a heading's ``##``, a list's ``-``, emphasis, links) taken off."""
    if match := FRONT_MATTER.match(text):
        text = text[match.end() :]
    lines = (_BLOCK_MARK.sub("", line) for line in text.split("\n"))
    return "\n".join(_EMPHASIS.sub(_emphasised, _LINK.sub(r"\1", line)) for line in lines)


def _emphasised(match: re.Match[str]) -> str:
    return match[2] if match[2] is not None else match[4]
