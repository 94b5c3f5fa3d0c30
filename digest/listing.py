"""``digest list``: the site's articles, with what each issue already picked, to pick from.

Only front matter is read (no Markdown is rendered), so a listing is quick and a broken
file elsewhere does not hide the rest: a file whose front matter cannot be read is left
out and reported.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, tzinfo
from pathlib import Path

from digest.config import SiteConfig, not_utf8, read_regular_file
from digest.content import (
    NOT_UTF8_NAME,
    content_files,
    foreign_draft_flag,
    normalise_pick_ref,
    not_utf8_name,
    parse_date,
    pick_ref,
    topic_file_slug,
)
from digest.errors import ContentError, DigestError
from digest.frontmatter import Document, as_list, parse_document
from digest.layout import as_typed
from digest.model import DATE_PREFIX, columns, file_stem, folded, name_order, newest_first, published_slug, topic_slug

Day = date  # (``Listed.date`` is a field's name)


@dataclass(frozen=True)
class Listed:
    """One article as ``digest list`` shows it."""

    path: str
    slug: str
    title: str
    date: datetime | None
    topics: tuple[str, ...]
    source: str
    draft: bool
    picked_in: tuple[str, ...] = ()  # slugs of the issues that pick it
    day_only: bool = False  # its date has no time of day
    day: Day | None = None  # its date's day where the site is published (its ``timezone``)
    topic_slugs: tuple[str, ...] = ()  # its topics' slugs, their pages' addresses

    @property
    def topic_keys(self) -> set[str]:
        """What ``--topic`` may be for this article: a topic's slug, or the slug of its name as
        listed (a topic file's title, ``The Middle East`` for ``middle-east``)."""
        return {*self.topic_slugs, *(topic_slug(name) for name in self.topics)}

    def scheduled(self, now: datetime | None) -> bool:
        """Dated after ``now``: the site does not show it yet."""
        return now is not None and self.date is not None and self.date > now

    @property
    def names(self) -> tuple[str, ...]:
        """Every name a pick may use for this article (as ``content`` resolves picks: its file's
        name as typed, whatever form the file system keeps it in)."""
        path = as_typed(self.path)
        stem = file_stem(path)
        return (path, self.slug, stem, DATE_PREFIX.sub("", stem))


@dataclass(frozen=True)
class Issue:
    """One digest issue: what it is called and what it picks."""

    path: str
    slug: str
    title: str
    date: datetime | None
    draft: bool
    refs: tuple[str, ...]  # the picks' article references, normalised


@dataclass(frozen=True)
class Listing:
    articles: tuple[Listed, ...]  # newest first
    issues: tuple[Issue, ...]  # newest first
    problems: tuple[DigestError, ...]


def load_listing(site_dir: Path, config: SiteConfig, articles_too: bool = True) -> Listing:
    """Every article and issue of the site, read from front matter alone (``articles_too``
    false: the issues alone, as finding one needs)."""
    articles: list[Listed] = []
    issues: list[Issue] = []
    problems: list[DigestError] = []
    titles: dict[str, str] = {}  # topic slug -> the title of its file in content/topics/
    kinds = ("articles", "digests", "topics") if articles_too else ("digests",)
    for kind, path in content_files(site_dir):
        if kind not in kinds:
            continue
        if (shown := not_utf8_name(path)) is not None:
            problems.append(ContentError(NOT_UTF8_NAME, shown, None))
            continue
        try:
            text = read_regular_file(site_dir / path, path, config.limits.file_size).decode("utf-8")
            document = parse_document(text, path)
        except ContentError as error:
            problems.append(error)
            continue
        except UnicodeDecodeError as error:
            message, line = not_utf8(error)
            problems.append(ContentError(message, path, line))
            continue
        draft = document.meta.get("draft", False)
        if not isinstance(draft, bool):  # (the build refuses the file: say why it is listed so)
            message = f"draft: expected true or false, got {draft!r}; the build refuses this file"
            problems.append(ContentError(message, path, document.line_of("draft")))
        for key in ("published", "status"):
            if flag := foreign_draft_flag(key, document.meta.get(key)):
                message = f"{flag}; the build refuses this file"
                problems.append(ContentError(message, path, document.line_of(key)))
        if kind == "topics":
            if title := _one_line(document.meta.get("title") or document.meta.get("name")):
                titles[topic_file_slug(path)] = title
        elif kind == "articles":
            articles.append(_listed(path, document, config))
            if articles[-1].date is None:  # listed last, undated: why
                value = document.meta.get("date")
                problem = "missing (required)" if value is None else f"not a date: {str(value)!r}"
                problems.append(ContentError(f"date: {problem}", path, document.line_of("date")))
            if not articles[-1].title:  # listed without one: why
                problem = "missing (required)" if document.meta.get("title") is None else "must not be empty"
                problems.append(ContentError(f"title: {problem}", path, document.line_of("title")))
        else:
            issues.append(_issue(path, document, config))
    picked = _picked_by(issues)
    order = {issue.slug: rank for rank, issue in enumerate(newest_first(issues))}
    listed = newest_first([_with_picks(article, picked, order) for article in articles])
    names = _topic_names(listed, titles)
    listed = [_named(article, names) for article in listed]
    return Listing(tuple(listed), tuple(newest_first(issues)), tuple(problems))


def _named(article: Listed, names: dict[str, str]) -> Listed:
    slugs = tuple(topic_slug(name) for name in article.topics)
    return replace(article, topics=tuple(names[slug] for slug in slugs), topic_slugs=slugs)


def _topic_names(articles: Sequence[Listed], titles: dict[str, str]) -> dict[str, str]:
    """Each topic's name as the site's pages show it, by slug (as ``content`` names it): the
    title of its file, else as most published articles spell it (of equals, the newest), so
    that ``Middle-East`` and ``Middle East`` are listed, and grouped, as the one topic they are."""
    spellings: dict[str, Counter[str]] = {}
    for article in sorted(articles, key=lambda article: article.draft):  # (newest first; drafts count last)
        for name in article.topics:
            spellings.setdefault(topic_slug(name), Counter())[name] += 0 if article.draft else 1
    return {slug: titles.get(slug) or counted.most_common(1)[0][0] for slug, counted in spellings.items()}


def select(
    articles: Iterable[Listed],
    unpicked: bool = False,
    since: date | None = None,
    topics: Sequence[str] = (),
    source: str | None = None,
) -> list[Listed]:
    """The articles a curator asked for: not yet picked, dated on or after ``since``, of any
    of ``topics`` (by slug: ``turkey`` finds Turkey), from a source whose name contains ``source``
    (whatever its case and accents: ``hurriyet`` finds Hürriyet)."""
    wanted = {topic_slug(topic) for topic in topics}
    return [
        article
        for article in articles
        if not (unpicked and article.picked_in)
        and (since is None or (article.day is not None and article.day >= since))
        and (not wanted or not wanted.isdisjoint(article.topic_keys))
        and (source is None or folded(source) in folded(article.source))
    ]


def sort_articles(articles: Sequence[Listed], by: str = "date", language: str = "") -> list[Listed]:
    """Newest first, or grouped by first topic or by source (in the order of ``language``'s
    alphabet; newest first within each)."""
    if by == "date":
        return list(articles)
    if by == "topic":
        return sorted(
            articles,
            key=lambda article: name_order(article.topics[0], language) if article.topics else ("\uffff", ""),
        )
    return sorted(
        articles, key=lambda article: name_order(article.source, language) if article.source else ("\uffff", "")
    )


def render_table(articles: Sequence[Listed], width: int | None = None, now: datetime | None = None) -> str:
    """Aligned columns: date, topics, source, the issues that pick it, slug and title (marked
    ``[draft]``, or ``[scheduled]`` when dated after ``now``: the site does not show it yet)."""
    header = ("DATE", "TOPICS", "SOURCE", "PICKED IN", "SLUG", "TITLE")
    rows = [header] + [_row(article, now) for article in articles]
    caps = (10, 28, 20, 20, 60)
    widths = [min(cap, max(columns(row[index]) for row in rows)) for index, cap in enumerate(caps)]
    # On a terminal a line is cut to its width in the title alone: a row whose slug (which a
    # pick is written with) would be cut is written whole, to wrap, as the table is then.
    limit = width if width and sum(widths) + 2 * len(widths) + TITLE_ROOM <= width else None
    lines = []
    for row in rows:
        cells = [_padded(_fit(cell, size), size) for cell, size in zip(row, widths, strict=False)]
        line = "  ".join([*cells, row[-1]])
        lines.append(_fit(line, limit) if limit else line)
    return "\n".join(lines)


TITLE_ROOM = 10  # the least of a title a terminal's line is cut to show


FIELDS = ("date", "topics", "source", "picked_in", "slug", "title", "path", "draft", "scheduled")


def records(articles: Sequence[Listed], now: datetime | None = None) -> list[dict[str, object]]:
    """The articles as data for ``--format json`` and ``csv``: whole values, nothing cut."""
    return [
        {
            "date": (article.date.date() if article.day_only else article.date).isoformat() if article.date else None,
            "topics": list(article.topics),
            "source": article.source or None,
            "picked_in": list(article.picked_in),
            "slug": article.slug,
            "title": article.title,
            "path": article.path,
            "draft": article.draft,
            "scheduled": article.scheduled(now),
        }
        for article in articles
    ]


def render_csv(articles: Sequence[Listed], now: datetime | None = None) -> str:
    """A header and a row per article; lists joined with "; "."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(FIELDS)
    for record in records(articles, now):
        writer.writerow([_cell(record[name]) for name in FIELDS])
    return buffer.getvalue().rstrip("\n")


def _cell(value: object) -> str:
    if isinstance(value, list):
        return "; ".join(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)


def _row(article: Listed, now: datetime | None) -> tuple[str, str, str, str, str, str]:
    mark = "[draft] " if article.draft else "[scheduled] " if article.scheduled(now) else ""
    title = f"{mark}{article.title}"
    return (
        article.day.isoformat() if article.day else article.date.date().isoformat() if article.date else "no date",
        ", ".join(article.topics) or "-",
        article.source or "-",
        ", ".join(article.picked_in) or "-",
        article.slug,
        title,
    )


def _fit(text: str, size: int) -> str:
    """``text`` cut to ``size`` terminal columns, its end marked with an ellipsis."""
    if columns(text) <= size:
        return text
    kept, used = [], 1
    for char in text:
        used += columns(char)
        if used > size:
            break
        kept.append(char)
    return "".join(kept) + "…"


def _padded(text: str, size: int) -> str:
    return text + " " * (size - columns(text))


def _listed(path: str, document: Document, config: SiteConfig) -> Listed:
    meta = document.meta
    topics = as_list(meta["topics"]) if isinstance(meta.get("topics"), str | list) else []
    source = meta.get("source")
    source_name = source.get("name") if isinstance(source, dict) else source if isinstance(source, str) else None
    when = parse_date(meta.get("date"), config.tzinfo)
    return Listed(
        path=path,
        slug=_slug(path, meta),
        title=_one_line(meta.get("title")),
        date=when,
        day=_local_day(when, config.tzinfo) if when is not None else None,
        topics=_one_each(_one_line(topic) for topic in topics if topic),
        source=_one_line(source_name),
        draft=meta.get("draft") is True,
        day_only=_is_day(meta.get("date")),
    )


def _local_day(when: datetime, zone: tzinfo) -> date:
    """The day of ``when`` in ``zone`` (where the site is published): the day a curator counts."""
    try:
        return when.astimezone(zone).date()
    except (OverflowError, ValueError):  # the first or last day a datetime can hold
        return when.date()


def _one_each(topics: Iterable[str]) -> tuple[str, ...]:
    """The topics as the site names them once each: ``Erdoğan, erdogan`` is one topic."""
    named: dict[str, str] = {}
    for topic in topics:
        named.setdefault(topic_slug(topic), topic)
    return tuple(named.values())


def _is_day(value: object) -> bool:
    """Whether a front matter date is a day without a time (``2019-06-27``)."""
    if isinstance(value, datetime):
        return False
    return isinstance(value, date) or (isinstance(value, str) and len(value.strip()) == 10)


def _issue(path: str, document: Document, config: SiteConfig) -> Issue:
    meta = document.meta
    picks = meta.get("picks") if isinstance(meta.get("picks"), list) else []
    refs = []
    for pick in picks or ():
        ref = pick_ref(pick.get("article") if isinstance(pick, dict) else pick)
        if ref is not None and ref.strip():
            refs.append(normalise_pick_ref(ref, path))
    return Issue(
        path=path,
        slug=_slug(path, meta),
        title=_one_line(meta.get("title")),
        date=parse_date(meta.get("date"), config.tzinfo),
        draft=meta.get("draft") is True,
        refs=tuple(refs),
    )


def _slug(path: str, meta: dict[str, object]) -> str:
    """The slug the build gives the file."""
    return published_slug(DATE_PREFIX.sub("", file_stem(path)), meta.get("slug"))


def _picked_by(issues: Iterable[Issue]) -> dict[str, list[str]]:
    picked: dict[str, list[str]] = {}
    for issue in sorted(issues, key=lambda issue: (issue.date is None, issue.date or 0, issue.slug)):
        for ref in dict.fromkeys(issue.refs):
            picked.setdefault(ref, []).append(issue.slug)
    return picked


def _with_picks(article: Listed, picked: dict[str, list[str]], newest_first: dict[str, int]) -> Listed:
    """The article with the issues that pick it, newest first (as its page lists them),
    whichever name each issue gives it."""
    issues = {slug for name in article.names for slug in picked.get(name, ())}
    return replace(article, picked_in=tuple(sorted(issues, key=newest_first.__getitem__))) if issues else article


def _one_line(value: object) -> str:
    return " ".join(str(value).split()) if value not in (None, "") else ""
