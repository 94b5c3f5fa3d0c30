"""Pages -> output folder, atomically; unchanged bytes are not rewritten.

A build first writes every changed file into a staging folder next to the output; nothing
in the output is touched while pages are rendered, so a failed or interrupted build
leaves it exactly as it was.  Only when everything succeeded are the staged files moved
in (``os.replace``, one rename each, with Ctrl-C held back meanwhile) and files that no
longer belong to the site removed.  A first build simply renames the staging folder.
Files whose bytes did not change are never rewritten, so their modification times stay
and deploy tools upload only what changed.
"""

from __future__ import annotations

import os
import shutil
import signal
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from digest.errors import DigestError

STAGING_PREFIX = ".digest-staging-"


class OutputError(DigestError):
    """An output path that is unsafe, or written twice."""


def check_output_path(path: str, origin: str) -> None:
    """Refuse any output path that is not a plain relative path inside the output folder."""
    if not path or "\\" in path or any(part in ("..", ".", "") for part in path.split("/")):
        raise OutputError(f"refusing to write outside the output folder: {path!r}", origin)


class OutputWriter:
    def __init__(self, output_dir: Path):
        self.output_dir = output_dir.absolute()
        self.staging: Path | None = None
        self.produced: dict[str, str] = {}  # output path -> what produced it
        self.written: list[str] = []
        self.unchanged = 0

    def __enter__(self) -> OutputWriter:
        self.output_dir.parent.mkdir(parents=True, exist_ok=True)
        remove_abandoned(self.output_dir.parent, STAGING_PREFIX)
        prefix = f"{STAGING_PREFIX}{os.getpid()}-"
        self.staging = Path(tempfile.mkdtemp(prefix=prefix, dir=self.output_dir.parent))
        return self

    def __exit__(self, kind: object, error: object, tb: object) -> None:
        if self.staging is not None and self.staging.exists():
            shutil.rmtree(self.staging, ignore_errors=True)

    def claim(self, path: str, origin: str) -> None:
        """Reserve an output path for ``origin``; the same path twice is an error naming both."""
        check_output_path(path, origin)
        if path in self.produced:
            raise OutputError(f"'{path}' would be written twice: by {self.produced[path]} and by {origin}", origin)
        self.produced[path] = origin

    def exists(self, path: str) -> bool:
        return os.path.isfile(f"{self.output_dir}/{path}")

    def write(self, path: str, data: bytes, origin: str) -> None:
        self.claim(path, origin)
        self.record(path, stage_bytes(self.output_dir, self._staging(), path, data))

    def copy(self, path: str, source: Path, origin: str) -> None:
        self.claim(path, origin)
        self.record(path, stage_copy(self.output_dir, self._staging(), path, source))

    def record(self, path: str, changed: bool) -> None:
        """Count a file staged elsewhere (by a worker process) through ``stage_bytes``."""
        if changed:
            self.written.append(path)
        else:
            self.unchanged += 1

    def _staging(self) -> Path:
        assert self.staging is not None, "use OutputWriter as a context manager"
        return self.staging

    def commit(self, extra_keep: tuple[str, ...] = (), prune: bool = True) -> list[str]:
        """Move the staged files in and (unless ``prune`` is off) remove stale ones.
        Returns the removed paths."""
        staging = self._staging()
        with _held_interrupts():
            if not self.output_dir.exists():
                os.replace(staging, self.output_dir)
                self.staging = None
                return []
            for path in self.written:
                target = f"{self.output_dir}/{path}"
                os.makedirs(os.path.dirname(target), exist_ok=True)
                os.replace(f"{staging}/{path}", target)
            return _prune(self.output_dir, set(self.produced), extra_keep) if prune else []


def stage_bytes(output_dir: Path, staging: Path, path: str, data: bytes) -> bool:
    """Stage ``data`` for ``path`` unless the output already holds exactly these bytes.

    Safe to call from worker processes: it touches only the staging file for ``path``.
    """
    if _same_bytes(f"{output_dir}/{path}", data):
        return False
    target = f"{staging}/{path}"
    os.makedirs(os.path.dirname(target), exist_ok=True)
    with open(target, "wb") as handle:
        handle.write(data)
    return True


def stage_copy(output_dir: Path, staging: Path, path: str, source: Path) -> bool:
    current = output_dir / path
    try:
        if current.stat().st_size == source.stat().st_size and current.read_bytes() == source.read_bytes():
            return False
    except OSError:
        pass
    target = staging / path
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
    return True


def _same_bytes(path: str, data: bytes) -> bool:
    try:
        if os.stat(path).st_size != len(data):
            return False
        with open(path, "rb") as handle:
            return handle.read() == data
    except OSError:
        return False


def _prune(output_dir: Path, produced: set[str], extra_keep: tuple[str, ...]) -> list[str]:
    """Remove files not produced by this build, and folders left empty."""
    removed: list[str] = []
    _prune_folder(str(output_dir), "", produced, extra_keep, removed)
    return sorted(removed)


def _prune_folder(
    folder: str, prefix: str, produced: set[str], extra_keep: tuple[str, ...], removed: list[str]
) -> bool:
    """Prune one folder; True when it is left empty."""
    empty = True
    for entry in os.scandir(folder):
        relative = f"{prefix}{entry.name}"
        if entry.is_dir(follow_symlinks=False):
            if _prune_folder(entry.path, f"{relative}/", produced, extra_keep, removed):
                os.rmdir(entry.path)
            else:
                empty = False
        elif relative in produced or relative.startswith(extra_keep):
            empty = False
        else:
            os.unlink(entry.path)
            removed.append(relative)
    return empty


@contextmanager
def _held_interrupts() -> Iterator[None]:
    """Delay Ctrl-C until the output is consistent again (main thread only)."""
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield
        return
    received: list[object] = []
    previous = signal.signal(signal.SIGINT, lambda *args: received.append(args))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
        if received:
            raise KeyboardInterrupt


def remove_abandoned(parent: Path, prefix: str) -> None:
    """Remove temporary folders ``<prefix><pid>-…`` left by a process that was killed."""
    for folder in parent.glob(f"{prefix}*"):
        pid = folder.name[len(prefix) :].split("-", 1)[0]
        if pid.isdigit() and not _process_alive(int(pid)):
            shutil.rmtree(folder, ignore_errors=True)


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
