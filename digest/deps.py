"""What a page read while it rendered: recording views of the content model.

Templates, and the Python that writes feeds, get the site's records through ``Recorded``
views.  Every field read through a view is noted in the page's ``Reads`` as (record id,
field), and the builder keeps, for each page, a fingerprint of the values those fields
had.  A page is rendered again only when one of them changes, so a theme may show any
field of any record on any page and incremental builds stay exact.

Record ids: ``a:<path>`` articles, ``d:<path>`` digest issues, ``p:<path>`` pages,
``t:<slug>`` topics, ``m:<yyyy-mm>`` archive months, ``<digest id>/picks/<n>`` picks,
``i:static/<path>`` files of content/static/ whose pixel size a page showed
(``render.ImageSizes``) and ``site`` for the ``site`` template variable.
"""

from __future__ import annotations

import functools
import hashlib
import sys
from collections.abc import Callable, Iterable, Mapping
from dataclasses import fields, is_dataclass
from datetime import datetime
from typing import Any

from digest.model import Article, Digest, Extra, Image, Month, Page, Pick, RecordMemo, Site, Source, Topic, TopicRef

SITE_ID = "site"
IMAGE_PREFIX = "i:"

_NATURAL_IDS: dict[type, Callable[[Any], str]] = {
    Article: lambda record: f"a:{record.path}",
    Digest: lambda record: f"d:{record.path}",
    Page: lambda record: f"p:{record.path}",
    Topic: lambda record: f"t:{record.slug}",
    Month: lambda record: f"m:{record.anchor}",
}
_RECORDS = (*_NATURAL_IDS, Pick)
# Values shown as they are: what a template reads of them is the field that holds them.
_PLAIN = frozenset({str, int, float, bool, type(None), datetime, TopicRef, Source, Image, Extra})


class Reads:
    """The fields one page read, by record."""

    def __init__(self) -> None:
        self.fields: dict[str, set[str]] = {}
        self.records: dict[str, Any] = {}
        self.views: dict[str, Recorded] = {}  # one view per record: what it shows is made once
        self.holders: list[Holder] = []
        # What each ``{% cache %}`` block rendering now read (the innermost last): (record id, field)
        self.capturing: list[set[tuple[str, str]]] = []

    def view_of(self, rid: str, record: Any) -> Recorded:
        seen = self.views.get(rid)
        if seen is None or seen._record is not record:
            seen = self.views[rid] = Recorded(record, rid, self)
        return seen

    def let_go(self) -> None:
        """Drop what this page's views hold of the content model, once the page has rendered
        and its reads are written down.  Jinja keeps a template's context in reference
        cycles (macros imported ``with context``), which only the cycle collector frees:
        through the views in it, the records would live until it runs (for a command-line
        build, a pass over every record as the process ends).  A view is the page's alone
        (a plugin's hold on one ends with the page, as it does in a worker process)."""
        for shown in self.views.values():
            shown._record = None
            shown._views = None
        for holder in self.holders:
            holder._value = None
        self.views.clear()
        self.holders.clear()
        self.records.clear()

    def note(self, rid: str, record: Any, field: str) -> None:
        """Note that the page read ``field`` of ``record`` (``rid``) other than through a view."""
        self.fields_of(rid, record).add(field)
        if self.capturing:
            self.captured(rid, field)

    def captured(self, rid: str, field: str) -> None:
        """A field read while ``{% cache %}`` blocks render: what each of them shows."""
        for seen in self.capturing:
            seen.add((rid, field))

    def fields_of(self, rid: str, record: Any) -> set[str]:
        """The set where the fields read of ``rid`` are noted."""
        fields = self.fields.get(rid)
        if fields is None:
            self.fields[rid] = fields = set()
            self.records[rid] = record
        return fields


class Recorded:
    """A record as templates see it: every field read is noted, records it leads to are
    recorded views in turn, and anything else (text, dates, numbers) is the value itself."""

    __slots__ = ("_fields", "_reads", "_record", "_rid", "_views")

    def __init__(self, record: Any, rid: str, reads: Reads):
        self._record = record
        self._rid = rid
        self._reads = reads
        self._fields = reads.fields_of(rid, record)
        self._views: dict[str, Any] | None = None  # the fields read, as shown: made once (records do not change)

    def __getattr__(self, name: str) -> Any:
        views = self._views
        if views is not None and name in views:  # read before on this page: noted already
            if self._reads.capturing:
                self._reads.captured(self._rid, name)
            return views[name]
        value = getattr(self._record, name)
        if name[0] == "_":
            return value
        self._fields.add(name)
        if self._reads.capturing:
            self._reads.captured(self._rid, name)
        if type(value) not in _PLAIN:
            value = view(value, self._reads, self._rid, name)
        if views is None:
            views = self._views = {}
        views[name] = value
        return value

    @property  # type: ignore[misc]
    def __class__(self) -> type:  # so that isinstance() sees the record's class
        return type(self._record)

    def __eq__(self, other: object) -> bool:
        return bool(self._record == unwrap(other))

    def __hash__(self) -> int:
        return hash(self._record)

    def __repr__(self) -> str:
        return repr(self._record)

    def __str__(self) -> str:  # computed through this view, so that the fields it shows are recorded
        return str(getattr(type(self._record), "__str__")(self))  # noqa: B009 (the class's, given the view)


def unwrap(value: Any) -> Any:
    kind = type(value)
    if kind is Recorded:
        return value._record
    return value._value if kind is Holder else value


def view(value: Any, reads: Reads, parent: str, field: str) -> Any:
    """``value`` as a template may see it: records as recorded views, wherever they are: alone,
    in tuples (also tuples of tuples), in dicts or in the fields of another dataclass the page is given
    (``Holder``, a view that notes nothing itself: what it holds is part of the page's key)."""
    kind = type(value)
    natural = _NATURAL_IDS.get(kind)
    if natural is not None:
        return reads.view_of(natural(value), value)
    if kind is Pick:
        return reads.view_of(value.record_id or f"{parent}/{field}", value)
    if kind is tuple or kind is list:
        if all(type(item) in _PLAIN for item in value):
            return value
        where = f"{parent}/{field}"
        return tuple([view(item, reads, where, str(index)) for index, item in enumerate(value)])
    if kind is dict:  # a plugin's page may be given records by name (articles by source, say)
        where = f"{parent}/{field}"
        return {name: view(item, reads, where, str(name)) for name, item in value.items()}
    if kind not in _PLAIN and is_dataclass(value) and not isinstance(value, type):
        return Holder(value, reads, f"{parent}/{field}")
    return value


class Holder:
    """A dataclass given to a page that is not a record (a year of the archive, say): its
    fields are seen through ``view``; what it holds is in the page's key (``value_key``)."""

    __slots__ = ("_reads", "_value", "_where")

    def __init__(self, value: Any, reads: Reads, where: str):
        self._value = value
        self._reads = reads
        self._where = where
        reads.holders.append(self)

    def __getattr__(self, name: str) -> Any:
        computed = getattr(type(self._value), name, None)
        if isinstance(computed, property) and computed.fget is not None:
            value = computed.fget(self)  # computed through this view, so what it reads is recorded
        else:
            value = getattr(self._value, name)
        if name[0] == "_" or callable(value):
            return value
        return view(value, self._reads, self._where, name)

    @property  # type: ignore[misc]
    def __class__(self) -> type:
        return type(self._value)

    def __eq__(self, other: object) -> bool:
        return bool(self._value == unwrap(other))

    def __hash__(self) -> int:
        return hash(self._value)

    def __repr__(self) -> str:
        return repr(self._value)

    def __str__(self) -> str:
        return str(self._value)


def value_key(value: Any) -> str:
    """What a value is, for a fingerprint: a record by its id (its own fields are read,
    and so recorded, on their own), anything else by its ``repr``."""
    kind = type(value)
    if kind is str:
        return value
    if kind is tuple or kind is list:
        if not value:
            return "()"
        first = type(value[0])
        if first is Article:  # the commonest by far: lists of articles
            return "(a:" + ",a:".join([item.path for item in value]) + ")"
        if first is str and all(type(item) is str for item in value):
            return "(" + ",".join(value) + ")"
        return (
            "(" + ",".join([(item.record_id or "k") if type(item) is Pick else value_key(item) for item in value]) + ")"
        )
    if kind is dict:
        return "{" + ",".join([f"{value_key(name)}:{value_key(item)}" for name, item in value.items()]) + "}"
    natural = _NATURAL_IDS.get(kind)
    if natural is not None:
        return natural(value)
    if kind is Recorded:
        return value._rid
    if kind not in _PLAIN and is_dataclass(value) and not isinstance(value, type):
        shown = ",".join([value_key(getattr(value, item.name)) for item in fields(value)])
        return f"{kind.__name__}({shown})"
    return repr(value)


def _digest(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=8).hexdigest()


class FieldPrints:
    """Fingerprints of records' field values, each computed once per record object (records
    are immutable, so the same object always gives the same value)."""

    def __init__(self) -> None:
        self._known: dict[tuple[str, str], tuple[Any, str]] = {}
        self._sets: dict[tuple[str, str], tuple[Any, str]] = {}  # by (record id, fields joined)

    def of(self, rid: str, record: Any, field: str) -> str:
        known = self._known.get((rid, field))
        if known is not None and known[0] is record:
            return known[1]
        try:
            value = getattr(record, field)
        except Exception:  # a field that no longer exists (or fails) differs from any value it had
            return "-"
        printed = _digest(value_key(value))
        self._known[(rid, field)] = (record, printed)
        return printed

    def of_fields(self, rid: str, record: Any, fields: list[str], joined: str) -> str:
        """One fingerprint for the values of ``fields`` (``joined``: the same, comma-separated)."""
        known = self._sets.get((rid, joined))
        if known is not None and known[0] is record:
            return known[1]
        printed = _digest(" ".join([self.of(rid, record, field) for field in fields]))
        self._sets[(rid, joined)] = (record, printed)
        return printed


def format_reads(reads: Reads, prints: FieldPrints) -> str:
    """A page's reads as text: a line ``<record id> TAB <fields> TAB <fingerprint>`` per
    record, each line starting with a newline so that a record id can be looked for."""
    lines = [""]
    for rid, read in sorted(reads.fields.items()):
        if read:
            fields = sorted(read)
            joined = ",".join(fields)
            printed = prints.of_fields(rid, reads.records[rid], fields, joined)
            lines.append(f"{_in_line(rid)}\t{joined}\t{printed}")
    lines.append("")
    return "\n".join(lines)


def _in_line(rid: str) -> str:
    """A record id as it appears in a line of reads (a file name may hold a tab or newline)."""
    if "\t" in rid or "\n" in rid or "%" in rid:
        return rid.replace("%", "%25").replace("\t", "%09").replace("\n", "%0A")
    return rid


@functools.lru_cache(maxsize=4096)
def line_start(rid: str) -> str:
    """How the line of ``rid`` starts in a page's reads (looked for in every page's reads)."""
    return f"\n{_in_line(rid)}\t"


def read_fields(text: str, rid: str) -> tuple[str, str] | None:
    """The fields a page read of ``rid`` (comma-separated) and their fingerprint, or None
    when it read none."""
    start = text.find(line_start(rid))
    if start < 0:
        return None
    end = text.find("\n", start + 1)
    parts = text[start + 1 : end].split("\t")
    return (parts[1], parts[2]) if len(parts) == 3 else ("", "")


def records_read(text: str) -> set[str]:
    """The ids of the records a page read."""
    ids = {line.split("\t", 1)[0] for line in text.split("\n") if line}
    if "%" not in text:
        return ids
    return {rid.replace("%09", "\t").replace("%0A", "\n").replace("%25", "%") for rid in ids}


def stale(text: str, changed: set[str], records: dict[str, Any], prints: FieldPrints) -> bool:
    """Whether a page that read ``text`` shows a value that changed: one of the ``changed``
    records it read is gone, or one of the fields it read of it has another value now."""
    if not changed:
        return False
    candidates: Any = changed if len(changed) < 32 else records_read(text) & changed
    for rid in candidates:
        found = read_fields(text, rid)
        if found is None:
            continue
        record = records.get(rid)
        # Field names interned: each is a getattr() name, and Python's attribute cache keeps
        # the last string object it was looked up by (a fresh one per page would pile up there).
        fields = [sys.intern(name) for name in found[0].split(",")]
        if record is None or prints.of_fields(rid, record, fields, found[0]) != found[1]:
            return True
    return False


class Readers:
    """Which pages read each record, made from the pages' reads and followed from build to
    build (the pages rendered again, those gone): a long-lived builder finds the pages a few
    changed records may have made stale without looking at every page's reads."""

    def __init__(self) -> None:
        self.pages: Mapping[str, Any] | None = None  # the pages (path -> ``.reads``) it describes
        self._reads: dict[str, str] = {}  # path -> the reads it holds of that page
        self._by_record: dict[str, set[str]] = {}

    def follow(self, pages: Mapping[str, Any]) -> None:
        """Describe ``pages`` (path -> an object with ``.reads``) from now on."""
        if self.pages is pages:
            return
        known = self._reads
        for path in [path for path in known if path not in pages]:
            self._forget(path)
        for path in [path for path, record in pages.items() if known.get(path) is not record.reads]:
            self._forget(path)
            reads = known[path] = pages[path].reads
            for rid in records_read(reads):
                self._by_record.setdefault(rid, set()).add(path)
        self.pages = pages

    def reading(self, rids: Iterable[str]) -> set[str]:
        """The pages that read any of ``rids``."""
        found: set[str] = set()
        for rid in rids:
            found |= self._by_record.get(rid, set())
        return found

    def _forget(self, path: str) -> None:
        reads = self._reads.pop(path, None)
        if reads is None:
            return
        for rid in records_read(reads):
            readers = self._by_record.get(rid)
            if readers is not None:
                readers.discard(path)
                if not readers:
                    del self._by_record[rid]


def stale_pages(
    pages: Mapping[str, Any], changed: set[str], records: dict[str, Any], prints: FieldPrints, readers: Readers | None
) -> set[str]:
    """The ``pages`` (path -> an object with ``.reads``) that ``stale`` finds stale; with
    ``readers``, only those that read one of the ``changed`` records are looked at."""
    if not changed:
        return set()
    if readers is not None:
        readers.follow(pages)
        candidates: Iterable[str] = readers.reading(changed)
    else:
        candidates = pages.keys()
    return {path for path in candidates if stale(pages[path].reads, changed, records, prints)}


def _topic_version(topic: Any) -> str:
    described = f"{topic.name}\0{topic.description_html}\0{topic.description_path}\0{topic.extra!r}"
    return _digest(f"{described}\0{value_key(topic.articles)}")


def _month_version(month: Any) -> str:
    return _digest(value_key(month.articles) + month.key)


def record_versions(
    site: Site, site_view: Any, memo: RecordMemo | None = None
) -> tuple[dict[str, str], dict[str, Any]]:
    """Every record of the site by id, and a version of each that changes whenever any of
    its fields may have (a field-by-field look then tells whether what a page read did).
    ``site_view`` (the ``site`` variable) shows the site's collections and the configuration,
    which every page's key holds anyway."""
    memo = memo or RecordMemo()
    records: dict[str, Any] = {SITE_ID: site_view}
    versions: dict[str, str] = {}
    for article in site.articles:
        rid = f"a:{article.path}"
        records[rid], versions[rid] = article, article.version
    for digest in site.digests:
        rid = f"d:{digest.path}"
        records[rid], versions[rid] = digest, f"{digest.version} {len(digest.picks)}"
        for index, pick in enumerate(digest.picks):
            pick_id = pick.record_id or f"{rid}/picks/{index}"
            records[pick_id] = pick
            versions[pick_id] = _digest(f"{value_key(pick.article)}\0{pick.note_html}")
    for page in site.pages:
        records[f"p:{page.path}"], versions[f"p:{page.path}"] = page, page.version
    for topic in site.topics:
        rid = f"t:{topic.slug}"
        records[rid], versions[rid] = topic, memo.get(rid, topic, _topic_version)
    for month in site.archive:
        rid = f"m:{month.anchor}"
        records[rid], versions[rid] = month, memo.get(rid, month, _month_version)
    memo.done()
    collections = (site.articles, site.digests, site.topics, site.pages, site.archive)
    versions[SITE_ID] = _digest("|".join(value_key(items) for items in collections))
    return versions, records


def changed_records(before: dict[str, str], now: dict[str, str]) -> set[str]:
    """Records whose version differs, appeared or disappeared."""
    changed = {rid for rid, version in now.items() if before.get(rid) != version}
    changed.update(rid for rid in before if rid not in now)
    return changed
