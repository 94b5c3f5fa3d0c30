"""Every internal reference of the built site resolves: pages, files, ``#anchors``.

References are resolved the way a browser resolves them against the page they are on,
except that climbing above the site's root is an error (it works only at a domain root).
Outside links (http, https) are collected for ``external``; ``mailto:``, ``tel:`` and
``data:`` are left alone; ``javascript:`` is a warning.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import unquote, urlsplit

from digest.check.problems import ERROR, WARNING, Problem
from digest.check.scan import PageScan, Reference
from digest.check.sources import Placer, SourceIndex, link_candidates
from digest.search import is_index_file

_NO_EXTERNAL_CHECK_RELS = frozenset({"preconnect", "dns-prefetch", "preload", "prefetch"})
TOP_FRAGMENTS = frozenset({"", "top"})  # browsers scroll to the top for these without an element


@dataclass(frozen=True)
class Target:
    """Where a reference leads: ``kind`` is internal, same page (before it is named), external,
    skip (mailto: and the like), script (javascript:), outside (above the site) or invalid."""

    kind: str
    path: str = ""  # internal: the file, relative to the output folder; external: the URL
    fragment: str = ""
    directory: bool = False  # internal: the link names a folder (served as its index.html)


@dataclass
class LinkReport:
    problems: list[Problem] = field(default_factory=list)
    external: dict[str, list[tuple[str, Reference]]] = field(default_factory=dict)  # url -> (page, ref)
    checked: int = 0  # internal references checked


class Resolver:
    """Resolves a reference on a page to a Target, given where the site is published."""

    def __init__(self, base_url: str, base_path: str):
        self.base_url = base_url
        self.base_path = base_path
        self._cache: dict[tuple[str, str], Target] = {}

    def resolve(self, page: str, value: str) -> Target:
        folder = posixpath.dirname(page)
        key = (folder, value)
        target = self._cache.get(key)
        if target is None:
            target = self._cache[key] = self._resolve(folder, value)
        if target.kind == "same page":  # cached per folder, so named here
            return Target("internal", page, target.fragment)
        return target

    def _resolve(self, folder: str, value: str) -> Target:
        if value.startswith("#"):
            return Target("same page", "", unquote(value[1:]))
        try:
            parts = urlsplit(value)
        except ValueError:
            return Target("invalid", value)
        scheme = parts.scheme.lower()
        if scheme == "javascript":
            return Target("script", value)
        if scheme in ("http", "https") or (not scheme and parts.netloc):
            if value.lower().startswith(self.base_url.lower()):
                return self._site_path(value[len(self.base_url) :].split("#", 1)[0].split("?", 1)[0], parts.fragment)
            return Target("external", value if scheme else f"https:{value}")
        if scheme:
            return Target("skip", value)
        if parts.path.startswith("/"):
            if not parts.path.startswith(self.base_path):
                return Target("outside", value)
            return self._site_path(parts.path[len(self.base_path) :], parts.fragment)
        if not parts.path:
            return Target("same page", "", unquote(parts.fragment))
        return self._site_path(posixpath.join(folder, parts.path), parts.fragment)

    def _site_path(self, path: str, fragment: str) -> Target:
        path = unquote(path)
        directory = path in ("", ".", "..") or path.endswith(("/", "/.", "/.."))
        normal = posixpath.normpath(path) if path else "."
        if normal == ".." or normal.startswith("../") or normal.startswith("/"):
            return Target("outside", normal)
        normal = "" if normal == "." else normal
        if directory:
            normal = f"{normal}/index.html" if normal else "index.html"
        return Target("internal", normal, unquote(fragment), directory)


class LinkChecker:
    """Checks the references of scanned pages against the files of the output folder."""

    def __init__(
        self, files: set[str], scans: Iterable[PageScan], resolver: Resolver, sources: SourceIndex, search: bool = False
    ):
        self.files = files
        self.search = search  # the site has a search index, which check does not build: links into it resolve
        self.scans = list(scans)
        self.anchors = {scan.path: scan.anchors for scan in self.scans if scan.path.endswith(".html")}
        self.resolver = resolver
        self.sources = sources
        self.placer = Placer(sources)
        self.report = LinkReport()
        self.by_case: dict[str, str] | None = None  # the site's files by their paths in lower case, once needed

    def check(self) -> LinkReport:
        for scan in self.scans:
            for reference in scan.references:
                self._check_one(scan.path, reference)
        self.report.problems = self.placer.finish()
        return self.report

    def _check_one(self, page: str, reference: Reference) -> None:
        target = self.resolver.resolve(page, reference.value)
        if target.kind == "external":
            if not (_NO_EXTERNAL_CHECK_RELS & set(reference.rel.split())):
                url = target.path.split("#", 1)[0]
                self.report.external.setdefault(url, []).append((page, reference))
            return
        if target.kind == "skip":
            return
        if target.kind == "script":
            shown = _shorten(reference.value)
            self._problem(page, reference, target, f"{reference.describe(shown)} runs a script", WARNING)
            return
        if target.kind == "invalid":
            self._problem(page, reference, target, f"{reference.describe(reference.value)} is not a valid URL")
            return
        if target.kind == "outside":
            if reference.value.startswith("/"):
                why = f"is outside the site (published at {unquote(self.resolver.base_path)})"
            else:
                why = "climbs above the site's root"
            self._problem(page, reference, target, f"{reference.describe(reference.value)} {why}")
            return
        self.report.checked += 1
        self._check_internal(page, reference, target)

    def _check_internal(self, page: str, reference: Reference, target: Target) -> None:
        path = target.path
        if path not in self.files:
            if self.search and is_index_file(path):
                return
            if not target.directory and f"{path}/index.html" in self.files:
                path = f"{path}/index.html"  # a folder without its slash: servers redirect
            else:
                what = "does not exist" if reference.noun != "link" else "does not resolve"
                message = f"{reference.describe(_display(target))} {what}"
                if "\\" in unquote(reference.value):
                    message += "; a path's folders are parted by '/', as in a URL, not by '\\' as on Windows"
                elif (other := self._in_another_case(path)) is not None:
                    message += (
                        f"; the site has '{other}' (a web server tells the two apart, though macOS and Windows do not)"
                    )
                self._problem(page, reference, target, message)
                return
        if target.fragment in TOP_FRAGMENTS or path not in self.anchors:
            return
        if target.fragment not in self.anchors[path]:
            where = "on this page" if path == page else "on that page"
            written = self.sources.as_written(target.fragment)  # an issue's intro or note: its own ids
            shown = f"#{written}" if path == page else _display(target)
            self._problem(page, reference, target, f"link to '{shown}': no id '{written}' {where}")

    def _in_another_case(self, path: str) -> str | None:
        """The site's file at ``path`` spelt in another case, which macOS and Windows would open."""
        if self.by_case is None:
            self.by_case = {file.lower(): file for file in self.files}
        return self.by_case.get(path.lower())

    def _problem(self, page: str, reference: Reference, target: Target, message: str, severity: str = ERROR) -> None:
        site_path = target.path if target.kind == "internal" else ""
        fragment = self.sources.as_written(target.fragment)
        source = self.sources.source_of(site_path) if site_path.endswith(".html") else ""
        self.placer.add(page, link_candidates(reference.value, site_path, fragment, source), message, severity)


def _display(target: Target) -> str:
    """A site path as a reader would write the link: ``topics/x/`` rather than ``topics/x/index.html``."""
    path = target.path
    if path == "index.html" or path.endswith("/index.html"):
        path = path[: -len("index.html")] or "./"
    return f"{path}#{target.fragment}" if target.fragment else path


def _shorten(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
