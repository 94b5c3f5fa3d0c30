"""The files of a built site as a deploy sees them: path, checksum, type and cache header."""

from __future__ import annotations

import hashlib
import mimetypes
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from digest.layout import is_editor_file
from digest.search import MODULE as SEARCH_MODULE
from digest.search import SEARCH_DIR
from digest.write import MANIFEST

# Pages change with every edit; assets are named once and change rarely.
PAGE_CACHE_CONTROL = "public, max-age=0, must-revalidate"
ASSET_CACHE_CONTROL = "public, max-age=3600"
_PAGE_SUFFIXES = (".html", ".htm", ".xml", ".txt", ".json")
_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".htm": "text/html; charset=utf-8",
    ".xml": "application/xml; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".json": "application/json",
    ".svg": "image/svg+xml",
    ".ico": "image/x-icon",
    ".webp": "image/webp",
    ".mjs": "text/javascript; charset=utf-8",
    ".woff": "font/woff",
    ".woff2": "font/woff2",
    ".ttf": "font/ttf",
    ".otf": "font/otf",
    # What Python's own table lacks in one version and has in the next, or calls otherwise
    # (3.11 has no .m4a, .flac, .md; its .wav is audio/x-wav, 3.13's audio/vnd.wave): the same
    # from every Python, as from every machine.
    ".m4a": "audio/mp4",
    ".aac": "audio/aac",
    ".mp3": "audio/mpeg",
    ".ogg": "audio/ogg",
    ".oga": "audio/ogg",
    ".opus": "audio/opus",
    ".flac": "audio/flac",
    ".wav": "audio/wav",
    ".weba": "audio/webm",
    ".mp4": "video/mp4",
    ".m4v": "video/x-m4v",
    ".webm": "video/webm",
    ".ogv": "video/ogg",
    ".mkv": "video/matroska",
    ".mov": "video/quicktime",
    ".avif": "image/avif",
    ".heic": "image/heic",
    ".jxl": "image/jxl",
    ".apng": "image/apng",
    ".md": "text/markdown; charset=utf-8",
    ".ics": "text/calendar; charset=utf-8",
    ".yaml": "application/yaml",
    ".epub": "application/epub+zip",
    ".webmanifest": "application/manifest+json",
    ".7z": "application/x-7z-compressed",
    ".zip": "application/zip",
    ".pf_meta": "application/octet-stream",
    ".pf_fragment": "application/octet-stream",
    ".pf_index": "application/octet-stream",
    ".pagefind": "application/octet-stream",
}


@dataclass(frozen=True)
class SiteFile:
    path: str  # relative to the output folder, with '/'
    source: Path
    md5: str  # hex

    @property
    def content_type(self) -> str:
        return content_type(self.path)

    @property
    def is_page(self) -> bool:
        """A page, a feed or the like, which changes with every edit (and links to the other
        files); and the search index's module, which names its parts, as the site grows."""
        return (
            self.path.endswith(_PAGE_SUFFIXES)
            or "." not in self.path.rsplit("/", 1)[-1]
            or self.path == f"{SEARCH_DIR}/{SEARCH_MODULE}"
        )

    def cache_control(self, pages: str = PAGE_CACHE_CONTROL, assets: str = ASSET_CACHE_CONTROL) -> str:
        return pages if self.is_page else assets


def content_type(path: str) -> str:
    suffix = os.path.splitext(path)[1].lower()
    if suffix in _TYPES:
        return _TYPES[suffix]
    if path.rsplit("/", 1)[-1] in ("CNAME", "_redirects", "_headers"):
        return "text/plain; charset=utf-8"
    guessed, compressed = _PYTHONS_TYPES.guess_type(path)
    if compressed:  # notes.txt.gz: the compressed file, as it is sent (no Content-Encoding), not the one inside
        return _COMPRESSED.get(compressed, "application/octet-stream")
    return guessed or "application/octet-stream"


_COMPRESSED = {"gzip": "application/gzip", "bzip2": "application/x-bzip2", "xz": "application/x-xz",
               "compress": "application/x-compress"}  # fmt: skip


# Python's own table of types, not this machine's: ``mimetypes.guess_type`` reads /etc/mime.types
# (or Apache's), or the Windows registry, which differ from one machine to the next (a program
# may have changed them), so the same site deployed from a laptop and from CI had other types.
_PYTHONS_TYPES = mimetypes.MimeTypes()


def site_files(output_dir: Path) -> list[SiteFile]:
    """Every file of the built site, but a ``.git`` folder or file, digest's list of what it wrote
    (``write.MANIFEST``: for the next build, not for the host) and what editors and file
    managers left there (``left_out``), by path."""
    return [SiteFile(path, source, file_md5(source)) for path, source in published(output_dir)]


def published(output_dir: Path) -> list[tuple[str, Path]]:
    """What ``site_files`` gives, each file's path and itself, without reading any of them."""
    found = [
        (path, source) for path, source in _walk(output_dir) if path != MANIFEST and not is_editor_file(source.name)
    ]
    return sorted(found)


def left_out(output_dir: Path) -> list[str]:
    """The files of the output folder that editors and file managers left beside the site's
    (``layout.is_editor_file``: Finder's ``.DS_Store``, a page's ``index.html~``): never
    published, as they are never copied from content/static/."""
    return sorted(path for path, source in _walk(output_dir) if is_editor_file(source.name))


def _walk(output_dir: Path) -> Iterator[tuple[str, Path]]:
    """Every file under the output folder but a ``.git`` folder, or a ``.git`` file (a git
    worktree's, naming where its repository is here): its path there, with '/', and itself."""
    for root, dirs, files in os.walk(output_dir):
        dirs[:] = sorted(name for name in dirs if name != ".git")
        for name in files:
            if name == ".git":
                continue
            source = Path(root, name)
            yield source.relative_to(output_dir).as_posix(), source


def file_md5(path: Path) -> str:
    digest = hashlib.md5(usedforsecurity=False)
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
