"""Which content file a rendered page came from, and the line in it that holds a link.

A problem found in ``public/articles/x/index.html`` is best reported where the user can fix
it: the article's Markdown file, on the line whose text contains the link.  Links that no
content file holds come from a template and are reported against the output page.
"""

from __future__ import annotations

import posixpath
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import unquote

from digest.check.problems import Problem
from digest.config import SiteConfig
from digest.layout import CONFIG_NAME, as_typed
from digest.model import Site, intro_id_prefix, note_id_prefix

OUTPUT_NAME = "public"  # how output pages are named in messages: where `digest build` writes them


class SourceIndex:
    """Output page -> the content files it shows, and a line finder over those files."""

    def __init__(
        self,
        site_dir: Path,
        owners: dict[str, tuple[str, ...]],
        shown: dict[str, tuple[str, ...]] | None = None,
        id_prefixes: Iterable[str] = (),
    ):
        self.site_dir = site_dir
        self.owners = owners  # page -> the files whose Markdown it renders
        self.shown = shown or {}  # page -> files whose front matter it shows (an issue's picks' source links)
        # The prefixes of the ids of an issue's intro and notes (``<issue>-intro-``), longest first.
        self.id_prefixes = sorted(id_prefixes, key=len, reverse=True)
        self._lines: dict[str, list[str]] = {}

    @classmethod
    def for_site(cls, site_dir: Path, site: Site, config: SiteConfig) -> SourceIndex:
        owners: dict[str, tuple[str, ...]] = {}
        shown: dict[str, tuple[str, ...]] = {}
        prefixes = [intro_id_prefix(digest.slug) for digest in site.digests]
        prefixes += [note_id_prefix(digest.slug, n) for digest in site.digests for n in range(1, len(digest.picks) + 1)]
        for article in site.articles:
            owners[f"{article.url}index.html"] = (article.path,)
        for page in site.pages:
            owners[f"{page.url}index.html"] = (page.path,)
        for digest in site.digests:
            owners[f"{digest.url}index.html"] = (digest.path,)
            shown[f"{digest.url}index.html"] = tuple(dict.fromkeys(pick.article.path for pick in digest.picks))
            for pick in digest.picks:  # an article's page shows the notes of the issues that picked it
                key = f"{pick.article.url}index.html"
                owners[key] = (*owners.get(key, ()), digest.path)
        if site.digests:  # the front page leads with the latest issue: its intro, notes and picks' sources
            owners["index.html"] = (site.digests[0].path,)
            shown["index.html"] = shown[f"{site.digests[0].url}index.html"]
        for topic in site.topics:
            if topic.description_path:
                owners[f"{topic.url}index.html"] = (topic.description_path,)
            elif topic.description_html:
                owners[f"{topic.url}index.html"] = (CONFIG_NAME,)
        for relative in site.static_files:  # stylesheets refer to fonts and images
            if relative.endswith(".css"):  # (published under its name as typed)
                owners[f"static/{as_typed(relative)}"] = (f"content/static/{relative}",)
        return cls(site_dir, owners, shown, prefixes)

    def as_written(self, fragment: str) -> str:
        """An id as the Markdown of an issue's intro or note wrote it: without the prefix that
        keeps the intro's and each note's ids apart on a page (``week-26-intro-sources``:
        ``sources``)."""
        for prefix in self.id_prefixes:
            if fragment.startswith(prefix) and len(fragment) > len(prefix):
                return fragment[len(prefix) :]
        return fragment

    def locate(self, page: str, candidates: Iterable[str], shown: bool = False) -> tuple[str, int] | None:
        """The first content file of ``page`` and line that contains a candidate (tried in order);
        with ``shown``, also the files whose front matter the page shows."""
        found = self.locate_all(page, candidates, shown)
        return found[0] if found else None

    def locate_all(self, page: str, candidates: Iterable[str], shown: bool = False) -> list[tuple[str, int]]:
        """Every line of ``page``'s content files (as ``locate`` takes them) that holds the first
        candidate found in that file, file by file: where each copy of a link is written.

        A line matches as written or percent-decoded (``#%C3%A7ay`` holds ``#çay``)."""
        wanted = [candidate for candidate in dict.fromkeys(candidates) if candidate]
        files = self.owners_of(page) + (self._of(self.shown, page) if shown else ())
        found: list[tuple[str, int]] = []
        for path in dict.fromkeys(files):
            lines = self._read(path)
            for candidate in wanted:
                numbers = [number for number, text in enumerate(lines, start=1) if _holds(text, candidate)]
                if numbers:
                    found += [(path, number) for number in numbers]
                    break
        return found

    def source_of(self, site_path: str) -> str:
        """The content file of the page at ``site_path`` (``articles/x/index.html``), or ""."""
        owners = self.owners.get(site_path, ())
        return owners[0] if owners else ""

    def owners_of(self, page: str) -> tuple[str, ...]:
        """The content files a page shows; other files in a page's folder (an issue's
        ``email.html``) show the same."""
        return self._of(self.owners, page)

    @staticmethod
    def _of(mapping: dict[str, tuple[str, ...]], page: str) -> tuple[str, ...]:
        found = mapping.get(page)
        if found is None and "/" in page:
            found = mapping.get(f"{posixpath.dirname(page)}/index.html")
        return found or ()

    def _read(self, path: str) -> list[str]:
        if path not in self._lines:
            try:
                text = (self.site_dir / path).read_text(encoding="utf-8-sig")
            except (OSError, UnicodeDecodeError):
                text = ""
            self._lines[path] = _without_import_record(text, path)
        return self._lines[path]


def _without_import_record(text: str, path: str) -> list[str]:
    """A content file's lines, those of the ``imported:`` record digest import keeps (the address
    it read, which the page does not show) blanked: a source URL shown twice on a page is the
    one ``source.url`` line, not that line and the record."""
    lines = text.split("\n")
    if "imported:" not in text:
        return lines
    from digest.errors import DigestError
    from digest.frontmatter import parse_document

    try:
        document = parse_document(text, path)
    except DigestError:
        return lines
    for key, number in document.lines.items():
        if key[0] == "imported" and 0 < number <= len(lines):
            lines[number - 1] = ""
    return lines


def _holds(text: str, candidate: str) -> bool:
    """Whether a line holds ``candidate`` as a link of this site, as written or percent-decoded."""
    if candidate in text and _written_there(text, candidate):
        return True
    if "%" not in text:
        return False
    decoded = unquote(text)
    return candidate in decoded and _written_there(decoded, candidate)


def _written_there(text: str, candidate: str) -> bool:
    """Whether ``candidate`` stands in ``text`` as (the end of) a link of this site, not inside
    another site's address (``contact/`` in ``https://agency.example.com/contact/``)."""
    start = text.find(candidate)
    while start >= 0:
        opening = max(text.rfind(mark, 0, start) for mark in " (<\"'[")
        if "://" not in text[opening + 1 : start] or candidate.startswith(("http://", "https://")):
            return True
        start = text.find(candidate, start + 1)
    return False


def link_candidates(value: str, site_path: str = "", fragment: str = "", source: str = "") -> list[str]:
    """Texts a source file may hold for a link rendered as ``value``, most specific first.

    ``../../static/x.png`` was perhaps written ``../static/x.png`` in Markdown, and
    ``../../articles/b/#part`` perhaps ``2024-03-01-b.md#part`` (``source``, the content file
    of the page linked to): the shared tail, the file and fragment, the fragment, the file.
    """
    candidates = [value, unquote(value)]
    stripped = value
    while stripped.startswith(("../", "./")):
        stripped = stripped.split("/", 1)[1]
    candidates.append(stripped)
    if site_path.endswith("index.html"):
        site_path = posixpath.dirname(site_path) + "/" if "/" in site_path else ""
    name = posixpath.basename(source)
    if fragment and name:  # before the fragment alone, which a link to another page may hold
        candidates.append(f"{name}#{fragment}")
    if fragment:  # before the page's path, which another link to that page may hold
        candidates.append(f"#{fragment}")
    if name:
        candidates.append(name)
    if site_path and site_path != "/":
        candidates.append(site_path)
    if not value.strip("./"):  # '/' or '../': found only as Markdown writes a link's destination
        candidates += [f"]({value})", f"]({value} ", f"]: {value}"]
    return [candidate for candidate in candidates if candidate.strip("./#")]


class Placer:
    """Puts each problem where it can be fixed: a content file's line, else the output page.

    A problem no content file explains comes from a template and shows on many pages; it is
    reported once, on the first page, with the number of other pages.
    """

    def __init__(self, sources: SourceIndex, shown: bool = False):
        self.sources = sources
        self.shown = shown  # look in the files whose front matter a page shows, too (for outside links)
        self.problems: list[Problem] = []
        self._on_pages: dict[tuple[str, str], list[str]] = defaultdict(list)
        self._copies: dict[tuple[str, str, str, tuple[tuple[str, int], ...]], int] = defaultdict(int)

    def add(self, page: str, candidates: Iterable[str], message: str, severity: str) -> None:
        """One problem of ``page``; the same problem again on that page is placed on the next
        line that holds it (each copy of a broken link is reported where it is written)."""
        found = self.sources.locate_all(page, candidates, self.shown)
        if found:
            key = (page, message, severity, tuple(found))
            copy = self._copies[key]
            self._copies[key] += 1
            path, line = found[min(copy, len(found) - 1)]
            self.problems.append(Problem(path, line, message, severity))
        else:
            self._on_pages[(severity, message)].append(page)

    def finish(self) -> list[Problem]:
        problems = list(self.problems)
        for (severity, message), pages in self._on_pages.items():
            unique = list(dict.fromkeys(pages))
            others = len(unique) - 1
            also = f" (also on {others} other page{'s' if others > 1 else ''})" if others else ""
            problems.append(Problem(f"{OUTPUT_NAME}/{unique[0]}", 0, message + also, severity))
        return problems
