"""ImportedArticle -> ``content/articles/<date>-<slug>.md``: one writer for every source kind.

Front matter is written by a small YAML emitter of our own so that fields come in a fixed
order (title, date, date_inferred, topics, tags, section, author, source, image, summary,
language, imported), flow style as in the docs, Unicode kept as text, and every string that
YAML could read as something else (``yes``, ``1.5``, ``: ``) double-quoted.  ``imported`` records where
the article came from, when, a hash of the written fields and body (to tell later whether the
curator edited the file) and a fingerprint of the text (to recognise it again after edits).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import stat
import tempfile
import unicodedata
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from digest.frontmatter import parse_document
from digest.importer.record import ImportedArticle
from digest.model import file_slug
from digest.process import held_interrupts

_PLAIN = re.compile(r"[^\W_][\w .'’()/+&-]*", re.UNICODE)
_NOT_PRINTABLE = re.compile("[\x7f-\x9f\u2028\u2029\ufeff\ud800-\udfff\ufffe\uffff]")
_ALWAYS_QUOTED = {"title", "summary", "caption"}


def render_fields(article: ImportedArticle) -> dict[str, Any]:
    """The front matter fields of an article, in their fixed order, empty ones left out."""
    fields: dict[str, Any] = {"title": article.title, "date": article.date}
    if article.date_inferred:
        fields["date_inferred"] = True
    fields["topics"] = list(article.topics)
    optional = {
        "tags": list(article.tags),
        "section": article.section,
        "author": article.author,
        "source": _mapping(name=article.source_name, url=article.source_url),
        "image": _mapping(src=article.image_src, caption=article.image_caption, credit=article.image_credit),
        "summary": article.summary,
        "language": article.language,
    }
    fields.update({key: value for key, value in optional.items() if value})
    return fields


def _mapping(**values: str | None) -> dict[str, str]:
    return {key: value for key, value in values.items() if value}


def render_article_file(article: ImportedArticle, imported: Mapping[str, str]) -> str:
    """The text of the Markdown file; ``imported`` is the provenance mapping, hash excluded."""
    fields = render_fields(article)
    body = article.body.strip()
    provenance = {**imported, "hash": content_hash(fields, body)}
    text_print = text_fingerprint(body)
    if text_print:
        provenance["text"] = text_print
    return _join(render_front_matter({**fields, "imported": provenance}), body)


def _join(front: str, body: str) -> str:
    return f"---\n{front}---\n{body}\n"


def raw_hash(data: bytes) -> str:
    """A short hash of a source's bytes, kept as ``imported.raw``: the same file imported
    again is known before it is read."""
    return hashlib.sha256(data).hexdigest()[:16]


def content_hash(fields: Mapping[str, Any], body: str) -> str:
    """A short hash of the fields (as YAML loads them back) and the body."""
    meta = parse_document(_join(render_front_matter(fields), body), "hash").meta if fields else {}
    return hash_loaded(meta, body)


def hash_loaded(meta: Mapping[str, Any], body: str) -> str:
    """The same hash, computed from a loaded file's front matter (less ``imported``) and body."""
    fields = {key: value for key, value in meta.items() if key != "imported"}
    payload = json.dumps([fields, body.strip()], sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:16]


def text_fingerprint(markdown: str) -> str | None:
    """A hash of the words of a text, blind to case, punctuation, quotes and Markdown markup."""
    text = unicodedata.normalize("NFKC", markdown).casefold()
    text = re.sub(r"\]\([^)]*\)", " ", text)  # link targets are not text
    words = re.findall(r"[^\W_]+", text)
    if len(words) < 20:
        return None
    return hashlib.sha256(" ".join(words).encode("utf-8")).hexdigest()[:16]


def article_filename(article: ImportedArticle, suffix: int = 1) -> str:
    """``2019-06-27-turkeys-purchase-of-russian-missile.md`` (``-2`` and on for a taken slug)."""
    slug = article_slug(article)
    slug = slug if suffix == 1 else f"{slug}-{suffix}"
    return f"{(article.date or '')[:10]}-{slug}.md"


def article_slug(article: ImportedArticle) -> str:
    """The title's slug (``model.file_slug``), or one made from its hash when it has none."""
    slug = file_slug(article.title)
    if not slug:
        digest = hashlib.sha256(article.title.encode("utf-8")).hexdigest()[:8]
        slug = f"article-{digest}"
    return slug


def write_text_atomic(path: Path, text: str) -> None:
    """Write through a temporary file in the same folder, so a crash never leaves half a file;
    Ctrl-C waits for the few milliseconds it takes, so it never leaves the temporary file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with held_interrupts():
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        try:
            os.fchmod(handle, _mode_for(path))  # (mkstemp's file is its owner's alone: 0600)
            with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
                stream.write(text)
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise


def _mode_for(path: Path) -> int:
    """The mode of the file ``path`` replaces, or of any new file (0644 under the usual umask)."""
    try:
        return stat.S_IMODE(os.stat(path).st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


# -- YAML ---------------------------------------------------------------------------------


def render_front_matter(fields: Mapping[str, Any]) -> str:
    """Fields -> YAML lines in their given order; nested values in flow style."""
    return "".join(f"{key}: {_render_value(value, key, top=True)}\n" for key, value in fields.items())


def _render_value(value: Any, key: str, top: bool = False) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + ", ".join(_render_scalar(str(item), key) for item in value) + "]"
    if isinstance(value, Mapping):
        return "{" + ", ".join(f"{name}: {_render_value(item, name)}" for name, item in value.items()) + "}"
    if key == "date" and top and _is_iso(str(value)):
        return str(value)
    return _render_scalar(str(value), key)


def _render_scalar(text: str, key: str) -> str:
    if key not in _ALWAYS_QUOTED and _is_plain_safe(text):
        return text
    return quote(text)


def as_written(text: str) -> str:
    """``text`` as a file can hold it: the bytes of a file's name that are not UTF-8 (Latin-1
    ``caf\\xe9.txt``, which Python keeps as lone surrogates, and YAML cannot hold) as U+FFFD."""
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def quote(text: str) -> str:
    """A YAML double-quoted scalar (JSON's escapes, plus those YAML needs beyond JSON)."""
    quoted = json.dumps(as_written(text), ensure_ascii=False)
    return _NOT_PRINTABLE.sub(lambda match: f"\\u{ord(match[0]):04x}", quoted)


def _is_plain_safe(text: str) -> bool:
    """Whether ``text`` reads back as itself, unquoted, in block and in flow context."""
    if not _PLAIN.fullmatch(text) or text != text.strip() or "  " in text:
        return False
    try:
        return yaml.safe_load(text) == text and yaml.safe_load(f"[{text}]") == [text]
    except yaml.YAMLError:
        return False


def _is_iso(text: str) -> bool:
    return re.fullmatch(r"\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2})?(?:Z|[+-]\d{2}:\d{2})?)?", text) is not None
