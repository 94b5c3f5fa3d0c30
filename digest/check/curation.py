"""Curation checks: the same story kept twice, an article picked again in a later issue, a
topic described (``content/topics/<slug>.md``, ``topics:`` in digest.yaml) that no article has,
a topic spelled almost as another (a slip in an article's ``topics:``).

The same story twice and a repeated pick are errors, as a broken link is: the site would show
one story twice, or an issue would give its readers what an earlier one gave them.  The topics
are warnings (a curator may describe a topic before its first article); ``--strict`` makes
them fail the check too.

Two articles are the same story when their source URLs are equal once normalised (scheme,
``www.``, trailing slash, fragment and tracking parameters such as ``utm_*`` do not count), or
when their body texts are equal once tags, case, punctuation and spacing are set aside.  Texts
shorter than ``MIN_WORDS`` words are not compared: short notes are alike by nature.

When the build fails there is no site to read them from: ``curation_from_files`` finds the same
stories and repeated picks in the content files' front matter (and their Markdown's words).
"""

from __future__ import annotations

import hashlib
import html
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from itertools import combinations
from pathlib import Path

from digest.check.problems import ERROR, WARNING, Problem
from digest.config import SiteConfig, load_key_lines
from digest.content import content_files, normalise_pick_ref, parse_date, pick_ref, topic_file_slug
from digest.errors import ContentError, nearest
from digest.frontmatter import Document, parse_document
from digest.layout import CONFIG_NAME
from digest.model import DATE_PREFIX, Article, Digest, Topic, file_stem, published_slug, topic_slug
from digest.urls import normalise_url

MIN_WORDS = 20
_TAG = re.compile(r"<!--.*?-->|<[^>]*>", re.S)
_WORD = re.compile(r"[^\W_]+")


def normalise_text(body_html: str) -> str | None:
    """The words of a body, without tags, case or punctuation; None when too short to compare."""
    text = unicodedata.normalize("NFKC", html.unescape(_TAG.sub(" ", body_html))).casefold()
    words = _WORD.findall(text)
    return " ".join(words) if len(words) >= MIN_WORDS else None


@dataclass(frozen=True)
class Story:
    """What the same-story check reads of an article."""

    path: str
    url: str  # its source URL as written ("" without one)
    text: str | None  # normalise_text of its body


@dataclass(frozen=True)
class Picking:
    """What the repeated-pick check reads of an issue: the paths and slugs of the articles it
    picks, in its order (None for a pick that names no article: the build reports it)."""

    path: str
    date: datetime
    title: str
    picks: tuple[tuple[str, str] | None, ...]


def check_curation(site_dir: Path, articles: Sequence[Article], digests: Sequence[Digest]) -> list[Problem]:
    documents = _Documents(site_dir)
    stories = [Story(article.path, article.source.url or "", normalise_text(article.body_html)) for article in articles]
    pickings = [
        Picking(
            digest.path,
            digest.date,
            digest.title,
            tuple((pick.article.path, pick.article.slug) for pick in digest.picks),
        )
        for digest in digests
    ]
    return [*same_stories(stories, documents), *repeated_picks(pickings, documents)]


def curation_from_files(
    site_dir: Path, config: SiteConfig, drafts: bool = False, future: bool = False
) -> list[Problem]:
    """The same stories and repeated picks, read from the content files alone (no build):
    what is said of curation when the build fails.  A file that cannot be read, an issue
    without a date or a pick that names no article is left to the build's errors; a body's
    words are its Markdown's."""
    documents = _Documents(site_dir)
    now = datetime.now(UTC)
    stories: list[Story] = []
    names: dict[str, tuple[str, str]] = {}  # every name a pick may use -> (path, slug)
    issues: list[tuple[str, Document, datetime]] = []
    for kind, path in content_files(site_dir):
        if kind not in ("articles", "digests") or (document := documents.get(path)) is None:
            continue
        meta = document.meta
        when = parse_date(meta.get("date"), config.tzinfo)
        if when is None or (meta.get("draft") is True and not drafts) or (when > now and not future):
            continue
        if kind == "digests":
            issues.append((path, document, when))
            continue
        source = meta.get("source")
        url = source.get("url") if isinstance(source, dict) else None
        stories.append(Story(path, url if isinstance(url, str) else "", normalise_text(document.body)))
        stem = file_stem(path)
        bare = DATE_PREFIX.sub("", stem)
        slug = published_slug(bare, meta.get("slug"))
        for name in (path, slug, stem, bare):
            names.setdefault(name, (path, slug))
    pickings = []
    for path, document, when in issues:
        picks = document.meta.get("picks")
        items = picks if isinstance(picks, list) else []
        refs = [pick_ref(item.get("article") if isinstance(item, dict) else item) for item in items]
        found = [names.get(normalise_pick_ref(ref, path)) if ref else None for ref in refs]
        pickings.append(Picking(path, when, str(document.meta.get("title") or ""), tuple(found)))
    return [*same_stories(stories, documents), *repeated_picks(pickings, documents)]


def described_topics_unshown(site_dir: Path, topics: Sequence[Topic], config: SiteConfig) -> list[Problem]:
    """A topic description no page shows: no published article has the topic (a misspelt
    file name or key, or a topic whose articles are yet to come)."""
    shown = {topic.slug for topic in topics}
    files = [path for kind, path in content_files(site_dir) if kind == "topics"]
    described = {topic_file_slug(path): path for path in files}
    problems = []
    for path in files:
        if (slug := topic_file_slug(path)) not in shown:
            close = nearest(slug, sorted(shown), cutoff=0.75)
            where = f"{described[close]} describes it already" if close in described else f"content/topics/{close}.md"
            hint = f"; did you mean '{close}' ({where})?" if close else ""
            message = f"no published article has the topic '{slug}': this description is shown nowhere{hint}"
            problems.append(Problem(path, 1, message, WARNING))
    unshown = [name for name in config.topics if topic_slug(name) not in shown]
    if unshown:
        lines = load_key_lines(site_dir)
        names = {topic.slug: topic.name for topic in topics}
        for name in unshown:
            close = nearest(topic_slug(name), sorted(shown), cutoff=0.75)
            hint = f"; did you mean '{names[close]}'?" if close else ""
            message = f"topics.{name}: no published article has this topic: its description is shown nowhere{hint}"
            problems.append(Problem(CONFIG_NAME, lines.get(("topics", name), 1), message, WARNING))
    return problems


SPELLING_MIN = 5  # shorter names differ by a letter as real ones do: Iran, Iraq


def topics_spelled_alike(site_dir: Path, topics: Sequence[Topic]) -> list[Problem]:
    """A topic named almost as another, a letter left out, added or two swapped (Turky for
    Turkey, Poltiics for Politics): topics come from the articles, so a slip makes a topic of
    its own; or only by the punctuation between its letters, which a slug keeps as a hyphen
    (U.S. for US, e-mail for email).  Said once a pair, at the newest article of the one fewer
    articles have (of two as many, the one first used later).  A letter changed is left alone: such names are often
    both real (Health, Wealth), and so are names shorter than ``SPELLING_MIN``."""
    by_slug = {topic.slug: topic for topic in topics if len(topic.slug) >= SPELLING_MIN}
    shortened: dict[str, list[str]] = defaultdict(list)  # a slug without one of its letters -> the slugs
    for slug in by_slug:
        for index in range(len(slug)):
            shortened[slug[:index] + slug[index + 1 :]].append(slug)
    pairs: set[tuple[str, str]] = set()
    for slug in by_slug:
        alike = list(shortened.get(slug, ()))  # a letter more
        swapped = (slug[:i] + slug[i + 1] + slug[i] + slug[i + 2 :] for i in range(len(slug) - 1))
        alike += [other for other in swapped if other != slug and other in by_slug]
        pairs.update((min(slug, other), max(slug, other)) for other in alike)
    every = {topic.slug: topic for topic in topics}
    joined: dict[str, list[str]] = defaultdict(list)  # a slug without its hyphens: U.S. and US, e-mail and email
    for slug in every:
        joined[slug.replace("-", "")].append(slug)
    pairs.update(pair for slugs in joined.values() for pair in combinations(sorted(slugs), 2))
    documents = _Documents(site_dir)
    problems = []
    for pair in sorted(pairs):
        # The slip is the one fewer articles have, or of two as many the one no file describes.
        suspect, meant = sorted((every[slug] for slug in pair), key=_spelling_weight)
        newest, other = suspect.articles[0], meant.articles[0]
        if _spelling_weight(suspect)[:2] == _spelling_weight(meant)[:2]:
            message = (
                f"topics '{suspect.name}' and '{meant.name}' ({other.path}:{documents.line_of(other.path, 'topics')})"
                " are spelled almost alike: a slip makes a topic of its own; if one of them is, write the other"
            )
        else:
            message = (
                f"topic '{suspect.name}' ({_articles(suspect.count)}) is spelled almost as '{meant.name}' "
                f"({_articles(meant.count)}): a slip makes a topic of its own; write '{meant.name}' if it is one"
            )
        problems.append(Problem(newest.path, documents.line_of(newest.path, "topics"), message, WARNING))
    return problems


def _spelling_weight(topic: Topic) -> tuple[int, bool, float]:
    """How likely a topic's name is the one meant: more articles, a description, first used earlier."""
    first_used = topic.articles[-1].date.timestamp() if topic.articles else 0.0
    return topic.count, bool(topic.description_html), -first_used


def _articles(count: int) -> str:
    return f"{count} article" if count == 1 else f"{count:,} articles"


class _Documents:
    """Content files parsed again (only those with a finding) for the line of a key."""

    def __init__(self, site_dir: Path):
        self.site_dir = site_dir
        self._parsed: dict[str, Document | None] = {}

    def get(self, path: str) -> Document | None:
        if path not in self._parsed:
            try:
                text = (self.site_dir / path).read_text(encoding="utf-8").replace("\r\n", "\n")
                self._parsed[path] = parse_document(text, path)
            except (OSError, UnicodeDecodeError, ContentError):
                self._parsed[path] = None
        return self._parsed[path]

    def line_of(self, path: str, *key: object) -> int:
        document = self.get(path)
        return document.line_of(*key) if document else 1

    def body_line(self, path: str) -> int:
        document = self.get(path)
        return document.body_line if document else 1


def same_stories(stories: Iterable[Story], documents: _Documents) -> Iterator[Problem]:
    """One error per group of articles that are the same story, on the first file (by path)."""
    by_url: dict[str, list[Story]] = defaultdict(list)
    by_text: dict[str, list[Story]] = defaultdict(list)
    for story in stories:
        if story.url:
            by_url[normalise_url(story.url)].append(story)
        if story.text is not None:
            by_text[hashlib.blake2b(story.text.encode(), digest_size=16).hexdigest()].append(story)
    url_group: dict[str, str] = {}
    for key, group in by_url.items():
        if len(group) < 2:
            continue
        first, *others = sorted(group, key=lambda story: story.path)
        url_group.update((story.path, key) for story in group)
        line = documents.line_of(first.path, "source", "url")
        why = f"same source URL {first.url}"
        yield Problem(first.path, line, f"same story as {_names(others)} ({why})", ERROR)
    for group in by_text.values():
        url_keys = {url_group.get(story.path) for story in group}
        if len(group) < 2 or (len(url_keys) == 1 and None not in url_keys):
            continue  # already reported as one source URL
        first, *others = sorted(group, key=lambda story: story.path)
        message = f"same story as {_names(others)} (same text)"
        yield Problem(first.path, documents.body_line(first.path), message, ERROR)


def repeated_picks(pickings: Sequence[Picking], documents: _Documents) -> Iterator[Problem]:
    """A pick of an article that an earlier issue (by date) already picked, or this one twice."""
    first_pick: dict[str, Picking] = {}
    for digest in sorted(pickings, key=lambda digest: (digest.date, digest.path)):
        here: dict[str, int] = {}
        for index, pick in enumerate(digest.picks):
            if pick is None:
                continue
            key = pick[0]
            if key in here:
                ref, line = _pick_ref(digest, index, documents)
                message = f"pick {index + 1}: '{ref}' is picked twice in this issue (also pick {here[key] + 1})"
                yield Problem(digest.path, line, message, ERROR)
            elif key in first_pick:
                earlier = first_pick[key]
                ref, line = _pick_ref(digest, index, documents)
                message = f"pick {index + 1}: '{ref}' already in \"{earlier.title}\" ({earlier.path})"
                yield Problem(digest.path, line, message, ERROR)
            here.setdefault(key, index)
        for key in here:
            first_pick.setdefault(key, digest)


def _pick_ref(digest: Picking, index: int, documents: _Documents) -> tuple[str, int]:
    """The pick's article reference as the issue writes it, and its line."""
    document = documents.get(digest.path)
    raw = document.meta.get("picks") if document else None
    if isinstance(raw, list) and len(raw) == len(digest.picks):
        item = raw[index]
        ref = pick_ref(item.get("article") if isinstance(item, dict) else item)
        if ref is not None:
            return ref, documents.line_of(digest.path, "picks", index, "article")
    pick = digest.picks[index]
    return pick[1] if pick else "", documents.line_of(digest.path, "picks", index)


def _names(stories: Sequence[Story]) -> str:
    paths = [story.path for story in stories]
    return paths[0] if len(paths) == 1 else ", ".join(paths[:-1]) + " and " + paths[-1]
