"""Pages -> output folder, atomically.

A build writes into a staging folder next to the output: it starts as a hard-linked
copy of the previous output (cheap, and unchanged files keep their inode and mtime),
changed files are replaced (never written in place, which would change the shared
inode), files not produced this time are removed, and only when everything succeeded
is the staging folder swapped in.  A failed or interrupted build leaves the previous
output exactly as it was.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from digest.errors import DigestError

STAGING_PREFIX = ".digest-staging-"


class OutputError(DigestError):
    """An output path that is unsafe, or written twice."""


class OutputWriter:
    def __init__(self, output_dir: Path):
        self.output_dir = output_dir.absolute()
        self.staging: Path | None = None
        self.produced: dict[str, str] = {}  # output path -> what produced it
        self.written: list[str] = []
        self.unchanged = 0

    def __enter__(self) -> OutputWriter:
        self.output_dir.parent.mkdir(parents=True, exist_ok=True)
        _remove_abandoned(self.output_dir.parent)
        prefix = f"{STAGING_PREFIX}{os.getpid()}-"
        self.staging = Path(tempfile.mkdtemp(prefix=prefix, dir=self.output_dir.parent))
        if self.output_dir.is_dir():
            _link_tree(self.output_dir, self.staging)
        return self

    def __exit__(self, kind: object, error: object, tb: object) -> None:
        if self.staging is not None and self.staging.exists():
            shutil.rmtree(self.staging, ignore_errors=True)

    def target(self, path: str, origin: str) -> Path:
        """The staging path for an output path, refusing paths that leave the output or repeat."""
        assert self.staging is not None
        parts = path.split("/")
        if "\\" in path or any(part in ("..", ".", "") for part in parts):
            raise OutputError(f"refusing to write outside the output folder: {path!r}", origin)
        if path in self.produced:
            raise OutputError(f"'{path}' would be written twice: by {self.produced[path]} and by {origin}", origin)
        self.produced[path] = origin
        return self.staging.joinpath(*parts)

    def write(self, path: str, data: bytes, origin: str) -> None:
        """Write ``data`` at ``path`` unless the file already holds exactly these bytes."""
        target = self.target(path, origin)
        if _same_bytes(target, data):
            self.unchanged += 1
            return
        _replace(target, data)
        self.written.append(path)

    def keep(self, path: str, origin: str) -> bool:
        """Keep the previous output file as it is; False when there is none to keep."""
        target = self.target(path, origin)
        if target.is_file():
            self.unchanged += 1
            return True
        del self.produced[path]
        return False

    def copy(self, path: str, source: Path, origin: str) -> None:
        target = self.target(path, origin)
        if target.is_file() and _same_file(target, source):
            self.unchanged += 1
            return
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_name(f".{target.name}.tmp")
        shutil.copyfile(source, temporary)
        os.replace(temporary, target)
        self.written.append(path)

    def commit(self, extra_keep: tuple[str, ...] = ()) -> list[str]:
        """Remove stale files, then swap the staging folder in.  Returns the removed paths."""
        assert self.staging is not None
        removed = _prune(self.staging, set(self.produced), extra_keep)
        _swap(self.staging, self.output_dir)
        self.staging = None
        return removed


def _remove_abandoned(parent: Path) -> None:
    """Remove staging folders left by a build that was killed (its process is gone)."""
    for folder in parent.glob(f"{STAGING_PREFIX}*"):
        pid = folder.name[len(STAGING_PREFIX) :].split("-", 1)[0]
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


def _link_tree(source: Path, destination: Path) -> None:
    for root, _dirs, files in os.walk(source):
        relative = Path(root).relative_to(source)
        (destination / relative).mkdir(exist_ok=True)
        for name in files:
            try:
                os.link(Path(root, name), destination / relative / name)
            except OSError:  # a file system without hard links: copy instead
                shutil.copy2(Path(root, name), destination / relative / name)


def _same_bytes(path: Path, data: bytes) -> bool:
    try:
        if path.stat().st_size != len(data):
            return False
        return path.read_bytes() == data
    except OSError:
        return False


def _same_file(path: Path, source: Path) -> bool:
    try:
        if path.stat().st_size != source.stat().st_size:
            return False
        return path.read_bytes() == source.read_bytes()
    except OSError:
        return False


def _replace(target: Path, data: bytes) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.tmp")
    temporary.write_bytes(data)
    os.replace(temporary, target)


def _prune(staging: Path, produced: set[str], extra_keep: tuple[str, ...]) -> list[str]:
    removed = []
    for root, _dirs, files in os.walk(staging, topdown=False):
        for name in files:
            relative = Path(root, name).relative_to(staging).as_posix()
            if relative not in produced and not relative.startswith(extra_keep):
                os.unlink(Path(root, name))
                removed.append(relative)
        if root != str(staging) and not os.listdir(root):
            os.rmdir(root)
    return sorted(removed)


def _swap(staging: Path, output_dir: Path) -> None:
    if not output_dir.exists():
        os.replace(staging, output_dir)
        return
    retired = Path(tempfile.mkdtemp(prefix=".digest-old-", dir=output_dir.parent))
    retired.rmdir()
    os.replace(output_dir, retired)
    os.replace(staging, output_dir)
    shutil.rmtree(retired, ignore_errors=True)
