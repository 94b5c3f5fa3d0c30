"""What an import writes is what the build accepts: URLs checked, control characters removed.

A hostile or broken source may carry ``javascript:`` links, quotes and spaces in URLs, or
control characters in any text.  Every article passes through ``make_safe`` before it is
written: source and image URLs that are not acceptable http(s) URLs are percent-encoded when
that is enough (spaces, quotes, ``<>``) and dropped with a warning otherwise; control
characters (all but tab and newline in the body) are removed from every field, and a direction
control a field leaves open (a right-to-left override) is closed at its end.
"""

from __future__ import annotations

import dataclasses
import re

from digest.frontmatter import ASTRAL_NONCHARACTERS
from digest.importer.record import ImportedArticle
from digest.model import open_directions, topic_slug, with_directions_closed
from digest.urls import safe_url

_CONTROL_IN_FIELD = re.compile(
    f"[\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]|{ASTRAL_NONCHARACTERS}"
)
_CONTROL_IN_BODY = re.compile(
    f"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]|{ASTRAL_NONCHARACTERS}"
)
_TEXT_FIELDS = ("title", "section", "author", "source_name", "image_caption", "image_credit", "summary")


def make_safe(article: ImportedArticle, default_topic: str = "Uncategorized") -> tuple[ImportedArticle, list[str]]:
    """The article with only acceptable URLs, topics and no control characters, and warnings
    for what changed.  A topic needs a name the site can make a page address of (``تركيا``
    cannot be one yet): others are left out, and with none left the article takes the
    ``default_topic``."""
    warnings: list[str] = []
    changes: dict[str, object] = {}
    for name, label in (("source_url", "source.url"), ("image_src", "image.src")):
        value = getattr(article, name)
        if value:
            kept = safe_url(value)
            if kept is None:
                warnings.append(f"{label} {_shown(value)} left out: not an http(s) URL the build accepts")
            elif kept != value:
                warnings.append(f"{label} {_shown(value)} written as {kept}")
            changes[name] = kept
    removed = False
    for name in _TEXT_FIELDS:
        value = getattr(article, name)
        if value and _CONTROL_IN_FIELD.search(value):
            value = changes[name] = " ".join(_CONTROL_IN_FIELD.sub(" ", value).split()) or None
            removed = True
        if value and open_directions(value):
            changes[name] = with_directions_closed(value)
            warnings.append(f"{name.replace('_', '.')}: a direction control left open closed at its end")
    if _CONTROL_IN_BODY.search(article.body):
        changes["body"] = _CONTROL_IN_BODY.sub("", article.body)
        removed = True
    cleaned = tuple(" ".join(_CONTROL_IN_FIELD.sub(" ", topic).split()) for topic in article.topics)
    removed = removed or cleaned != article.topics
    topics = tuple(with_directions_closed(topic) for topic in cleaned)
    if topics != cleaned:
        warnings.append("topics: a direction control left open closed at its end")
    named = tuple(topic for topic in topics if topic_slug(topic))
    if len(named) < len(topics):
        left_out = ", ".join(repr(topic) for topic in topics if topic and not topic_slug(topic))
        if left_out:
            warnings.append(f"topics {left_out} left out: no page address can be made of them")
        named = named or (default_topic,)
    if named != article.topics:
        changes["topics"] = named
    if removed:
        warnings.append("control characters removed")
    return (dataclasses.replace(article, **changes) if changes else article), warnings  # type: ignore[arg-type]


def _shown(value: str) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "...'"
