"""Suggest topics for an article whose source names none, from the site's own topics.

A site's topics are those its articles already use (and ``content/topics/*.md``).  A topic is
suggested when its name occurs in the article's headline, or at least ``MIN_MENTIONS`` times
in its text; the most mentioned come first, at most ``MAX_SUGGESTED``.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import yaml

from digest.frontmatter import as_list
from digest.importer.record import ImportedArticle
from digest.model import topic_slug

MIN_MENTIONS = 2
MAX_SUGGESTED = 3
_HEAD_BYTES = 4096
_TOPICS_LINE = re.compile(r"^topics:\s*(?P<value>.+)$", re.MULTILINE)


def site_topics(site_dir: Path) -> tuple[str, ...]:
    """The topics the site's articles use, most used first."""
    counts: Counter[str] = Counter()
    names: dict[str, str] = {}
    for path in sorted((site_dir / "content" / "articles").glob("*.md")):
        for name in _topics_of(path):
            key = name.casefold()
            names.setdefault(key, name)
            counts[key] += 1
    for path in sorted((site_dir / "content" / "topics").glob("*.md")):
        key = path.stem.replace("-", " ").casefold()
        names.setdefault(key, path.stem.replace("-", " ").title())
        counts[key] += 0
    return tuple(names[key] for key, _ in counts.most_common())


def _topics_of(path: Path) -> list[str]:
    try:
        with path.open("rb") as stream:
            head = stream.read(_HEAD_BYTES).decode("utf-8", "replace")
    except OSError:
        return []
    match = _TOPICS_LINE.search(head.split("\n---", 1)[0])
    if match is None:
        return []
    try:
        value = yaml.safe_load(match["value"])
    except yaml.YAMLError:
        return []
    items = as_list(value)
    return [item.strip() for item in items if isinstance(item, str) and item.strip() and len(item) <= 60]


def suggest_topics(article: ImportedArticle, topics: tuple[str, ...]) -> tuple[str, ...]:
    """The site's topics this article is about, by mentions in its headline and text."""
    title = article.title.casefold()
    text = f"{article.title}\n{article.body}".casefold()
    scored: list[tuple[int, int, str]] = []
    for order, topic in enumerate(topics):
        if not topic_slug(topic):
            continue
        pattern = re.compile(rf"(?<!\w){re.escape(topic.casefold())}(?!\w)")
        mentions = len(pattern.findall(text))
        in_title = pattern.search(title) is not None
        if mentions >= MIN_MENTIONS or in_title:
            scored.append((-(mentions + 2 * in_title), order, topic))
    return tuple(topic for _, _, topic in sorted(scored)[:MAX_SUGGESTED])
