"""Curation checks: the same story kept twice, an article picked again in a later issue, a
topic described (``content/topics/<slug>.md``, ``topics:`` in digest.yaml) that no article has.

All are warnings: a curator may keep two reports of one event on purpose, pick a story again
when it develops, or describe a topic before its first article; ``--strict`` makes them fail
the check.

Two articles are the same story when their source URLs are equal once normalised (scheme,
``www.``, trailing slash, fragment and tracking parameters such as ``utm_*`` do not count), or
when their body texts are equal once tags, case, punctuation and spacing are set aside.  Texts
shorter than ``MIN_WORDS`` words are not compared: short notes are alike by nature.
"""

from __future__ import annotations

import hashlib
import html
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterator, Sequence
from pathlib import Path

from digest.check.problems import WARNING, Problem
from digest.config import CONFIG_NAME, SiteConfig, load_key_lines
from digest.content import content_files, topic_file_slug
from digest.errors import ContentError, nearest
from digest.frontmatter import Document, parse_document
from digest.model import Article, Digest, Topic, topic_slug
from digest.urls import normalise_url

MIN_WORDS = 20
_TAG = re.compile(r"<!--.*?-->|<[^>]*>", re.S)
_WORD = re.compile(r"[^\W_]+")


def normalise_text(body_html: str) -> str | None:
    """The words of a body, without tags, case or punctuation; None when too short to compare."""
    text = unicodedata.normalize("NFKC", html.unescape(_TAG.sub(" ", body_html))).casefold()
    words = _WORD.findall(text)
    return " ".join(words) if len(words) >= MIN_WORDS else None


def check_curation(site_dir: Path, articles: Sequence[Article], digests: Sequence[Digest]) -> list[Problem]:
    documents = _Documents(site_dir)
    return [*same_stories(articles, documents), *repeated_picks(digests, documents)]


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
        for name in unshown:
            message = f"topics.{name}: no published article has this topic: its description is shown nowhere"
            problems.append(Problem(CONFIG_NAME, lines.get(("topics", name), 1), message, WARNING))
    return problems


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


def same_stories(articles: Sequence[Article], documents: _Documents) -> Iterator[Problem]:
    """One warning per group of articles that are the same story, on the first file (by path)."""
    by_url: dict[str, list[Article]] = defaultdict(list)
    by_text: dict[str, list[Article]] = defaultdict(list)
    for article in articles:
        if article.source.url:
            by_url[normalise_url(article.source.url)].append(article)
        text = normalise_text(article.body_html)
        if text is not None:
            by_text[hashlib.blake2b(text.encode(), digest_size=16).hexdigest()].append(article)
    url_group: dict[str, str] = {}
    for key, group in by_url.items():
        if len(group) < 2:
            continue
        first, *others = sorted(group, key=lambda article: article.path)
        url_group.update((article.path, key) for article in group)
        line = documents.line_of(first.path, "source", "url")
        why = f"same source URL {first.source.url}"
        yield Problem(first.path, line, f"same story as {_names(others)} ({why})", WARNING)
    for group in by_text.values():
        url_keys = {url_group.get(article.path) for article in group}
        if len(group) < 2 or (len(url_keys) == 1 and None not in url_keys):
            continue  # already reported as one source URL
        first, *others = sorted(group, key=lambda article: article.path)
        message = f"same story as {_names(others)} (same text)"
        yield Problem(first.path, documents.body_line(first.path), message, WARNING)


def repeated_picks(digests: Sequence[Digest], documents: _Documents) -> Iterator[Problem]:
    """A pick of an article that an earlier issue (by date) already picked, or this one twice."""
    first_pick: dict[str, Digest] = {}
    for digest in sorted(digests, key=lambda digest: (digest.date, digest.path)):
        here: dict[str, int] = {}
        for index, pick in enumerate(digest.picks):
            key = pick.article.path
            if key in here:
                ref, line = _pick_ref(digest, index, documents)
                message = f"pick {index + 1}: '{ref}' is picked twice in this issue (also pick {here[key] + 1})"
                yield Problem(digest.path, line, message, WARNING)
            elif key in first_pick:
                earlier = first_pick[key]
                ref, line = _pick_ref(digest, index, documents)
                message = f"pick {index + 1}: '{ref}' already in \"{earlier.title}\" ({earlier.path})"
                yield Problem(digest.path, line, message, WARNING)
            here.setdefault(key, index)
        for key in here:
            first_pick.setdefault(key, digest)


def _pick_ref(digest: Digest, index: int, documents: _Documents) -> tuple[str, int]:
    """The pick's article reference as the issue writes it, and its line."""
    document = documents.get(digest.path)
    raw = document.meta.get("picks") if document else None
    if isinstance(raw, list) and len(raw) == len(digest.picks):
        item = raw[index]
        ref = item.get("article") if isinstance(item, dict) else item
        if isinstance(ref, str):
            return ref, documents.line_of(digest.path, "picks", index, "article")
    return digest.picks[index].article.slug, documents.line_of(digest.path, "picks", index)


def _names(articles: Sequence[Article]) -> str:
    paths = [article.path for article in articles]
    return paths[0] if len(paths) == 1 else ", ".join(paths[:-1]) + " and " + paths[-1]
