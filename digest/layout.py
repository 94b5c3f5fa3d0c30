"""How digest names a site's files: its own (digest.yaml, content/), where its bundled
themes live, a path as it is published (``as_typed``), a path Windows cannot hold
(``windows_problem``), the files editors keep beside the real ones (``is_editor_file``), and
when a file last changed (``changed_ns``).

Standard library only: ``digest build`` looks at the site's files with these before it
knows whether there is any work, and a build with nothing to do imports neither the
configuration's parser nor the content model.
"""

from __future__ import annotations

import functools
import os
import re
import unicodedata
from pathlib import Path

CONFIG_NAME = "digest.yaml"
CONTENT_DIR = "content"
# The folders of content/ published as they are: content/static/ under static/, content/root/ at the root.
PUBLISHED_FOLDERS = (f"{CONTENT_DIR}/static/", f"{CONTENT_DIR}/root/")
DEFAULT_THEME = "default"


def packaged_themes_dir() -> Path:
    """Where the bundled themes live: inside the installed package, or the source checkout."""
    inside = Path(__file__).parent / "themes"
    if (inside / DEFAULT_THEME / "templates").is_dir():
        return inside
    return Path(__file__).parent.parent / "themes"


# A file modified this close to being looked at could change again within one tick of the
# file system's clock without its mtime changing ("racily clean", as git calls it), so its
# stat is not trusted: two seconds, the coarsest clock in use (FAT, HFS+, some network shares).
RACY_NS = 2_000_000_000


def changed_ns(stat: os.stat_result) -> int:
    """When a file last changed as its stat tells: its mtime, or its ctime when that is later.
    An edit whose file is given back its old mtime (``touch -r``, ``cp -p``, ``tar x``) keeps
    a stamp of mtime and size alone, but moves the ctime, which no program can set."""
    return max(stat.st_mtime_ns, stat.st_ctime_ns)


def as_typed(path: str) -> str:
    """A file's path as a page names it and as it is published: its letters composed (NFC),
    as they are typed, whatever form the file system keeps the name in (macOS's HFS+ and some
    copy tools keep ``é`` as ``e`` and a combining accent), so that a site gives the same
    addresses wherever its files were made or copied."""
    return path if path.isascii() else unicodedata.normalize("NFC", path)


# Files that editors, file managers and version control write next to the real ones.
# (Finder's Icon\r, a folder's own icon, and ._name beside each file copied from a Mac to a
# USB stick or a share, its resource fork; Windows Explorer's Thumbs.db and desktop.ini)
IGNORED_NAMES = frozenset({".DS_Store", "Icon\r", "Thumbs.db", "desktop.ini", "4913"})
IGNORED_SUFFIXES = (
    ".swp",
    ".swo",
    ".swx",
    ".swpx",
    "~",
    ".kate-swp",
    ".crswap",
    "___jb_tmp___",
    "___jb_old___",
)
IGNORED_PREFIXES = (".#", ".goutputstream-", "._")


def is_editor_file(name: str) -> bool:
    """Whether a file's name is one an editor, a file manager or version control gives the
    files it keeps beside the real ones (never published, never a reason to rebuild)."""
    return (
        name in IGNORED_NAMES
        or name.endswith(IGNORED_SUFFIXES)
        or name.startswith(IGNORED_PREFIXES)
        or (len(name) > 1 and name.startswith("#") and name.endswith("#"))  # Emacs auto-save
        or _is_vim_probe(name)
    )


def _is_vim_probe(name: str) -> bool:
    # Vim checks that a folder is writable with a file named 4913, or 4913 + n * 123 if that exists.
    return name.isdigit() and int(name) >= 4913 and (int(name) - 4913) % 123 == 0


# The names Windows keeps for devices, with any extension (``nul.txt``), as files and folders.
_DEVICES = frozenset(
    ["con", "prn", "aux", "nul"] + [f"{port}{n}" for port in ("com", "lpt") for n in "0123456789\u00b9\u00b2\u00b3"]
)
_DEVICE_STARTS = frozenset(name[:3] for name in _DEVICES)  # (a cheap look first: every page's path, every build)
_NOT_IN_WINDOWS_NAMES = re.compile(r'[<>:"|?*\x00-\x1f]')


@functools.lru_cache(maxsize=1 << 17)  # every page's path, checked again by every build
def windows_problem(path: str) -> str | None:
    """Why Windows cannot hold ``path`` (a '/'-separated relative path: an output path, a slug),
    or None: a site is built, previewed and copied there too."""
    if _NOT_IN_WINDOWS_NAMES.search(path) is not None:
        shown = " and ".join(repr(char) for char in sorted(set(_NOT_IN_WINDOWS_NAMES.findall(path))))
        return f"{shown} cannot be in its names"
    for name in path.split("/"):
        if name[:3].lower() in _DEVICE_STARTS and name.partition(".")[0].rstrip(" ").lower() in _DEVICES:
            return f"'{name.partition('.')[0]}' is the name of a device there"
        if name.endswith((".", " ")):
            return "a name there cannot end in a dot or a space"
    return None
