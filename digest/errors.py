"""Errors that name the file and line they come from.

``str(error)`` reads like a compiler's message: ``path:line: message``.
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Iterable
from pathlib import Path


def nearest(word: str, candidates: Iterable[str], cutoff: float = 0.6) -> str | None:
    """The candidate closest to ``word``, for a "did you mean" hint; None when none is close
    (``cutoff``: how alike, 0 to 1: higher where a wrong guess would mislead)."""
    close = difflib.get_close_matches(word, list(candidates), n=1, cutoff=cutoff)
    return close[0] if close else None


def field_name(key: Iterable[object]) -> str:
    """A field of front matter or digest.yaml as messages name it, from its path of keys and
    list positions: keys joined by dots, an item of a list counted from 1 as a user counts it
    (``aliases[2]``, the second alias; ``deploy[1].bucket``), and an issue's picks as its
    curator calls them (``pick 2.note``)."""
    text = ""
    for part in key:
        if isinstance(part, int) and not isinstance(part, bool):
            text = f"pick {part + 1}" if text == "picks" else f"{text}[{part + 1}]"
        else:
            text = f"{text}.{part}" if text else str(part)
    return text


class DigestError(Exception):
    """A problem with the user's input, located in a file (and line, when known)."""

    def __init__(self, message: str, path: str | Path | None = None, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.path = str(path) if path is not None else None
        self.line = line

    def __str__(self) -> str:
        where = self.path or ""
        if where and self.line:
            where = f"{where}:{self.line}"
        return f"{where}: {self.message}" if where else self.message

    def __reduce__(self) -> tuple[type, tuple[str, str | None, int | None]]:
        return (type(self), (self.message, self.path, self.line))


def shown_path(path: Path, site_dir: Path) -> str:
    """``path`` as a message names it: relative to the site folder ('/'-separated) when it is
    inside it, as content paths are; else as it is."""
    try:
        return path.relative_to(site_dir).as_posix()
    except ValueError:
        return str(path)


def system_error(error: OSError) -> str:
    """An OSError as digest's messages say it: the system's words and the file, ``No space
    left on device (public/x.html)``, not Python's ``[Errno 28] …``."""
    where = f" ({error.filename})" if error.filename else ""
    return f"{error.strerror or error}{where}"


class ContentError(DigestError):
    """Content that cannot be loaded: bad front matter, a missing field, a broken link."""


class ConfigError(DigestError):
    """A problem in ``digest.yaml``."""


class TemplateError(DigestError):
    """A theme template that does not compile or fails while rendering."""


class BuildFailed(Exception):
    """Every error one build found; the previous output is left as it was."""

    def __init__(self, errors: Iterable[DigestError], warnings: Iterable[DigestError] = (), written: bool = False):
        unique = {str(error): error for error in errors}  # one broken template fails many pages
        self.errors = sorted(unique.values(), key=_error_order)
        self.warnings = list(warnings)  # found on the way: shown too, a failed build hides nothing
        self.written = written  # the output was written before the failure came (a plugin's last event)
        # When a future-dated item the content holds comes due (a timestamp): a failure of the
        # content (an issue's pick of an article not yet published) may be mended by then.
        self.next_change = math.inf
        super().__init__(f"{len(self.errors)} error(s)")

    def __str__(self) -> str:
        return "\n".join(str(error) for error in self.errors)


def _error_order(error: DigestError) -> tuple[str, int]:
    return (error.path or "", error.line or 0)
