"""The build cache in ``<site>/.digest-cache/``: parsed files and the key of every page.

Never trusted blindly: a missing, truncated, corrupted or foreign cache (another cache
format or digest version, another site or output folder) is ignored, which costs a
slower build but never a wrong one.
"""

from __future__ import annotations

import os
import pickle
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from digest import __version__
from digest.content import ContentCache

CACHE_DIR = ".digest-cache"
CACHE_FILE = "build.pickle"
CACHE_FORMAT = 1


@dataclass
class PageRecord:
    key: str
    touched: tuple[str, ...]


@dataclass
class BuildMemory:
    """What a build remembers for the next one."""

    content: ContentCache = field(default_factory=ContentCache)
    pages: dict[str, PageRecord] = field(default_factory=dict)
    output_dir: str = ""


def _identity(site_dir: Path) -> tuple[Any, ...]:
    return (CACHE_FORMAT, __version__, str(site_dir.absolute()))


def load_memory(site_dir: Path, output_dir: Path) -> BuildMemory:
    path = site_dir / CACHE_DIR / CACHE_FILE
    try:
        with open(path, "rb") as handle:
            identity, memory = pickle.load(handle)
    except Exception:  # missing, truncated, garbage or from an incompatible version
        return BuildMemory()
    if identity != _identity(site_dir) or not isinstance(memory, BuildMemory):
        return BuildMemory()
    if memory.output_dir != str(output_dir.absolute()):
        memory.pages = {}
    return memory


def save_memory(site_dir: Path, memory: BuildMemory) -> None:
    """Write the cache atomically; a cache that cannot be written is only a slower next build."""
    folder = site_dir / CACHE_DIR
    try:
        folder.mkdir(exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=".tmp-")
        with os.fdopen(handle, "wb") as stream:
            pickle.dump((_identity(site_dir), memory), stream, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, folder / CACHE_FILE)
    except OSError:
        pass
