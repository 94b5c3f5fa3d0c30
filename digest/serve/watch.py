"""Watch the site's sources with watchdog and turn bursts of file events into batches.

File events only record which path changed; ``ChangeBatcher.wait`` hands the paths out
as one batch once no event has arrived for a quiet window (``QUIET``), so an editor's atomic
save or a ``git checkout`` of hundreds of files becomes a single rebuild.
"""

from __future__ import annotations

import contextlib
import os
import threading
import time
import warnings
from collections.abc import Callable, Iterable
from pathlib import Path, PurePath

from watchdog.events import (
    EVENT_TYPE_CLOSED_NO_WRITE,
    EVENT_TYPE_DELETED,
    EVENT_TYPE_MODIFIED,
    EVENT_TYPE_MOVED,
    EVENT_TYPE_OPENED,
    FileSystemEvent,
    FileSystemEventHandler,
)
from watchdog.observers import Observer
from watchdog.observers.api import BaseObserver, ObservedWatch

from digest.layout import is_editor_file

# Folders of version control: nothing in them is the site's.
IGNORED_FOLDERS = frozenset({".git", ".hg", ".svn", "__pycache__"})
# watchdog warns when a folder and its subfolder are made at once; the watch it keeps is right.
warnings.filterwarnings("ignore", "Callback with id", RuntimeWarning, r"watchdog\.")
# Events that do not change a file.
QUIET = 0.02  # seconds without events that end a batch: a save's events come within a few ms
QUIET_EVENTS = frozenset({EVENT_TYPE_OPENED, EVENT_TYPE_CLOSED_NO_WRITE})


def is_ignored(path: str | PurePath) -> bool:
    """True for an editor's temporary file, or anything inside a version-control folder."""
    path = PurePath(path)
    return is_editor_file(path.name) or not IGNORED_FOLDERS.isdisjoint(path.parts[:-1])


class ChangeBatcher:
    """Collects changed paths; ``wait`` returns them as one batch once events stop."""

    def __init__(self, quiet: float = QUIET, longest: float = 2.0, clock: Callable[[], float] = time.monotonic):
        self.quiet = quiet
        self.longest = longest  # a stream of events that never pauses still builds this often
        self._clock = clock
        self._cond = threading.Condition()
        self._pending: set[Path] = set()
        self._first = self._last = 0.0
        self._closed = False

    def add(self, paths: Iterable[Path]) -> None:
        with self._cond:
            now = self._clock()
            if not self._pending:
                self._first = now
            self._pending.update(paths)
            self._last = now
            self._cond.notify_all()

    def wait(self, timeout: float | None = None) -> set[Path] | None:
        """Block until a batch is ready and return it; an empty set when nothing changed
        within ``timeout`` seconds; None once ``close`` was called."""
        give_up = None if timeout is None else self._clock() + timeout
        with self._cond:
            while not self._closed:
                if not self._pending:
                    if give_up is not None and give_up <= self._clock():
                        return set()
                    self._cond.wait(None if give_up is None else give_up - self._clock())
                    continue
                ready_at = min(self._last + self.quiet, self._first + self.longest)
                delay = ready_at - self._clock()
                if delay <= 0:
                    batch, self._pending = self._pending, set()
                    return batch
                self._cond.wait(delay)
            return None

    def close(self) -> None:
        with self._cond:
            self._closed = True
            self._cond.notify_all()


class SiteWatcher(FileSystemEventHandler):
    """Reports changes under a set of files and folders, which may change between builds.

    Folders are watched recursively; a file, or a folder that does not exist yet, is watched
    through its parent so that creating it is noticed too.  A symbolic link to a file (which
    the build reads as the file) has the file it leads to watched as well, through its folder:
    a change there is reported as a change of the link.  A watched folder that is a link (a
    theme kept elsewhere) is watched where it leads, its changes reported under the link.
    """

    def __init__(self, on_change: Callable[[list[Path]], None]):
        self._on_change = on_change
        self._observer: BaseObserver = Observer()
        self._observer.daemon = True
        self._watches: dict[tuple[str, bool], ObservedWatch] = {}
        self._gone: set[str] = set()  # watched folders deleted or moved away since the last ``watch``
        self._gone_lock = threading.Lock()
        self._watched: tuple[Path, ...] = ()
        # The links to files found in the watched paths, by the file each leads to; replaced
        # whole (never changed in place), as the observer's thread reads it.
        self._links: dict[Path, frozenset[Path]] = {}
        self._folder_links: dict[Path, Path] = {}  # watched folders that are links, by where each leads
        self._look_at: set[Path] = set()  # links and folders made or gone since the last ``watch``

    def start(self) -> None:
        self._observer.start()

    def stop(self) -> None:
        if self._observer.is_alive():
            self._observer.stop()
            self._observer.join(timeout=0.5)  # a daemon thread: stopping the preview does not wait for it

    def watch(self, paths: Iterable[Path]) -> list[Path]:
        """Watch exactly these paths from now on; returns the folders newly watched whole (a
        folder made since the last call: what was written in it before its watch began
        gave no event), and the links to files newly found (the same for their files)."""
        self._watched = tuple(Path(os.path.abspath(path)) for path in paths)
        # The kernel does not follow a link to what the folder it leads to holds: such a
        # folder is watched where it is.
        folders = {Path(os.path.realpath(path)): path for path in self._watched if path.is_symlink() and path.is_dir()}
        self._folder_links = folders
        real = {link: folder for folder, link in folders.items()}
        targets = {path: _watch_target(real.get(path, path)) for path in self._watched}
        wanted = {target for target in targets.values() if target is not None}
        watched_as = {target: path for path, target in targets.items() if target is not None}
        with self._gone_lock:
            gone, self._gone = self._gone, set()
            look_at, self._look_at = self._look_at, set()
        # Links are looked for in what is watched for the first time, and where a path came or went.
        look_at.update(
            path for path, target in targets.items() if target is not None and target[1] and target not in self._watches
        )
        look_at.update(path for path in self._watched if path.is_symlink())
        known = {link for links in self._links.values() for link in links}
        self._links = _find_links(self._links, look_at)
        # A link found now: what its file became before its folder was watched gave no event.
        added = [link for links in self._links.values() for link in links if link not in known]
        wanted |= {(str(target.parent), False) for target in self._links}
        for key in [key for key in self._watches if key not in wanted or key[0] in gone]:
            with contextlib.suppress(KeyError):  # watchdog already dropped it
                self._observer.unschedule(self._watches.pop(key))
        for folder, recursive in wanted - set(self._watches):
            # A folder removed since we looked is skipped: its parent's watch sees it come back.
            with contextlib.suppress(OSError):
                watch = self._observer.schedule(self, folder, recursive=recursive)
                self._watches[(folder, recursive)] = watch
                if recursive:
                    added.append(watched_as.get((folder, recursive), Path(folder)))
        return added

    def relevant(self, path: Path) -> bool:
        if is_ignored(path):
            return False
        # (a folder above a watched path, the site's own, made again: what it holds came back)
        return any(path == watched or watched in path.parents or path in watched.parents for watched in self._watched)

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type in QUIET_EVENTS or (event.is_directory and event.event_type == EVENT_TYPE_MODIFIED):
            return
        if event.is_directory and event.event_type in (EVENT_TYPE_DELETED, EVENT_TYPE_MOVED):
            with self._gone_lock:  # a folder made again later needs a new watch
                self._gone.add(os.fsdecode(event.src_path))
        # Events the kernel dropped (watchdog's "events_lost") name the watched folder: the
        # builder, told that folder changed, looks at all of it again.
        paths = [Path(os.fsdecode(event.src_path))]
        if event.dest_path:
            paths.append(Path(os.fsdecode(event.dest_path)))
        paths += [
            link / path.relative_to(folder)
            for path in list(paths)
            for folder, link in self._folder_links.items()
            if path == folder or folder in path.parents
        ]
        links = self._links
        changed = [path for path in paths if self.relevant(path)]
        changed += [link for path in paths for link in links.get(path, ())]
        if event.event_type != EVENT_TYPE_MODIFIED and any(self.relevant(path) for path in paths):
            # A link made, moved or deleted, or a folder that may hold some (of a folder above
            # the watched paths, the site's made again, those paths alone).
            looked = [
                watched
                for path in paths
                if self.relevant(path)
                for watched in ([w for w in self._watched if path in w.parents] or [path])
            ]
            with self._gone_lock:
                self._look_at.update(looked)
        if changed:
            self._on_change(changed)


def _find_links(links: dict[Path, frozenset[Path]], paths: Iterable[Path]) -> dict[Path, frozenset[Path]]:
    """``links`` (file led to -> the links to it) brought up to date for ``paths``: each a link
    or a folder, looked at again (links to folders are not followed, as the build does not)."""
    paths = set(paths)
    if not paths:
        return links
    by_link = {
        link: target
        for target, named in links.items()
        for link in named
        if not any(link == path or path in link.parents for path in paths)
    }
    for path in paths:
        folders: list[str | Path] = [path] if os.path.isdir(path) and not os.path.islink(path) else []
        if not folders:
            _add_link(by_link, path)
        while folders:  # the type of each entry comes with the folder's listing: no stat a file
            with contextlib.suppress(OSError), os.scandir(folders.pop()) as entries:
                for entry in entries:
                    if entry.is_symlink():
                        _add_link(by_link, Path(entry.path))
                    elif entry.is_dir(follow_symlinks=False) and entry.name not in IGNORED_FOLDERS:
                        folders.append(entry.path)
    found: dict[Path, set[Path]] = {}
    for link, target in by_link.items():
        found.setdefault(target, set()).add(link)
    return {target: frozenset(named) for target, named in found.items()}


def _add_link(by_link: dict[Path, Path], path: Path) -> None:
    if os.path.islink(path) and not is_ignored(path):
        with contextlib.suppress(OSError, RuntimeError):  # a link that loops, or leads nowhere
            target = path.resolve(strict=True)
            if target.is_file():
                by_link[path] = target


def _watch_target(path: Path) -> tuple[str, bool] | None:
    """A folder is watched whole; a file, or a path that does not exist, through the nearest
    folder above it that does (so that its coming, or its folder's, is seen: the site's folder
    itself deleted and put back)."""
    if path.is_dir():
        return (str(path), True)
    above = next((folder for folder in path.parents if folder.is_dir()), None)
    return (str(above), False) if above is not None else None
