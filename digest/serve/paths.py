"""Map a request target to a file of the built site, refusing anything that would leave it.

Only the output folder is ever served: ``..`` and ``.`` segments, encoded slashes and
backslashes, control characters and targets that are not plain paths are bad requests;
a path whose real location (after symlinks) is outside the output folder is not found.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, unquote


@dataclass(frozen=True)
class Found:
    path: Path  # a regular file inside the output folder, symlinks resolved


@dataclass(frozen=True)
class Redirect:
    location: str  # a path on this server, built from the checked segments only


@dataclass(frozen=True)
class NotFound:
    pass


@dataclass(frozen=True)
class BadRequest:
    reason: str


Resolution = Found | Redirect | NotFound | BadRequest


def resolve_request(root: Path, base_path: str, target: str) -> Resolution:
    """Find the file for ``target`` (the raw request target) in ``root``, the site at ``base_path``."""
    without_fragment = target.split("#", 1)[0]
    path, _, query = without_fragment.partition("?")
    if not path.startswith("/"):
        return BadRequest("the request target must be a path starting with '/'")
    segments = split_path(path)
    if isinstance(segments, BadRequest):
        return segments
    base = split_path(base_path)  # written as in base_url: encoded ("/my%20news/") or not ("/haberler-şehir/")
    if isinstance(base, BadRequest):
        base = []
    if segments[: len(base)] != base:
        return Redirect(_location(base, query)) if not segments else NotFound()
    try:
        return _find(root, base, segments[len(base) :], path.endswith("/"), query)
    except OSError:  # a name too long for the file system, say
        return NotFound()


def _location(segments: list[str], query: str = "") -> str:
    """A redirect's target: the folder of ``segments``, percent-encoded (a header carries
    ASCII only), with the request's query when it is plain ASCII (``/search?q=word``)."""
    location = "/" + "".join(quote(segment) + "/" for segment in segments)
    return location + f"?{query}" if query and _PLAIN_QUERY.fullmatch(query) else location


_PLAIN_QUERY = re.compile(r"[\x21-\x7e]+")


def split_path(path: str) -> list[str] | BadRequest:
    """The decoded, non-empty segments of a URL path; BadRequest for anything that could escape."""
    segments = []
    for raw in path.split("/"):
        try:
            segment = unquote(raw, errors="strict")
        except UnicodeDecodeError:
            return BadRequest("the path is not valid UTF-8")
        if segment in (".", ".."):
            return BadRequest("the path may not contain '.' or '..' segments")
        if "/" in segment or "\\" in segment or any(ord(char) < 32 or ord(char) == 127 for char in segment):
            return BadRequest("the path may not contain encoded slashes, backslashes or control characters")
        if segment:
            segments.append(segment)
    return segments


def _find(root: Path, base: list[str], segments: list[str], wants_folder: bool, query: str) -> Resolution:
    candidate = _inside(root, root.joinpath(*segments))
    if candidate is None:
        return NotFound()
    if candidate.is_file():
        return NotFound() if wants_folder else Found(candidate)
    if not candidate.is_dir():
        return NotFound()
    if not wants_folder:
        return Redirect(_location(base + segments, query))
    index = _inside(root, candidate / "index.html")
    return Found(index) if index is not None and index.is_file() else NotFound()


def _inside(root: Path, path: Path) -> Path | None:
    """``path`` with symlinks resolved, or None when that is not inside ``root``."""
    try:
        real_root = root.resolve()
        real = path.resolve()
    except (OSError, RuntimeError, ValueError):  # symlink loops, names the OS refuses
        return None
    return real if real == real_root or real_root in real.parents else None


def not_found_page(root: Path) -> Path | None:
    """The site's own ``404.html``, when the build made one."""
    page = _inside(root, root / "404.html")
    return page if page is not None and page.is_file() else None
