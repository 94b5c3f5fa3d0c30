"""Pages -> output folder: the whole tree switched at once; only what digest wrote is removed.

A build first writes every changed file into a staging folder next to the output; nothing
in the output is touched while pages are rendered, so a failed or interrupted build leaves
it exactly as it was.  When everything succeeded, the next tree is made ready beside the
output (the *spare*, ``.digest-spare-<name>``: the tree the last build replaced, kept for
this) and the two folders are exchanged in one step (Linux ``renameat2(RENAME_EXCHANGE)``),
so the output is at every moment entirely the old tree or entirely the new one.

The spare is brought up to date by touching only what differs: files the last build
changed or removed are hard-linked from the output (a file unchanged since then is the same
file in both trees, so its modification time stays and deploy tools skip it), the staged
files are moved in, and files the site no longer has are removed.  A first build makes the
spare as it makes the output (new folders holding hard links of the same files), so that the
next build, however small, need not.  Where the spare's state is unknown (it is missing, or a
build was killed while updating it), it is made equal to the output first, by hard links.  A
build that changed one file and no others (a body edit) renames it into the output: one
rename switches the whole output too.  Where folders cannot be exchanged, two renames switch
them and the next build undoes a switch that was interrupted; an output folder that is a
mount point is updated file by file, from a staging folder inside it.

``.digest-manifest`` in the output lists the files digest wrote there; only those are ever
removed.  Anything else in the output (a ``.git/`` folder, a ``CNAME``, a file dropped there
by hand, the search index) is carried into each new tree by hard links.  To find such files
without reading every folder of a big site, the spare keeps what the output held when it was
switched in; only folders whose ctime changed since then (by the file system's own clock)
are read again, and a file digest wrote that was replaced in one of them (by rsync, say) is
linked into the spare as it now is.  Building into a non-empty folder without a manifest is refused unless
forced, except for an output folder in the site folder that holds only files the build
writes (made by an earlier version).
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import functools
import json
import os
import shutil
import stat
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from stat import S_ISDIR
from typing import Any

from digest.errors import DigestError
from digest.layout import CONFIG_NAME, as_typed, windows_problem
from digest.process import held_interrupts

STAGING_PREFIX = ".digest-staging-"
SPARE_PREFIX = ".digest-spare-"  # next to the output: the tree the last build replaced
SWAP_PREFIX = ".digest-swap-"  # next to the output: the old tree while two renames switch trees
INDEX_WORK_PREFIX = ".digest-pagefind-"  # next to the output: the search index's work, <prefix><pid>-<random>
MANIFEST = ".digest-manifest"  # in the output: the files digest wrote there
SPARE_STATE = ".digest-spare-state"  # in the spare only: how it differs from the output
MANIFEST_VERSION = 1
RENAME_EXCHANGE = 2
AT_FDCWD = -100


# A step that completes the next tree before it is switched in: (tree, written, removed).
Finish = Callable[[Path, tuple[str, ...], tuple[str, ...]], None]


class OutputError(DigestError):
    """An output path that is unsafe, or written twice; an output folder that is not digest's."""


def check_output_path(path: str, origin: str) -> None:
    """Refuse any output path that is not a plain relative path inside the output folder, or
    that Windows cannot hold (a site is built, previewed and copied there too)."""
    if not _plain_path(path):
        raise OutputError(f"refusing to write outside the output folder: {path!r}", origin)
    if (problem := windows_problem(path)) is not None:
        raise OutputError(f"'{path}' cannot be written on Windows: {problem}; give it another name", origin)


@functools.lru_cache(maxsize=1 << 17)  # every page's path, checked again by every build
def _plain_path(path: str) -> bool:
    return bool(path) and "\\" not in path and all(part not in ("..", ".", "") for part in path.split("/"))


def _ours(path: str) -> bool:
    """A path digest may have written: inside the output, not in a .git folder, not the manifest."""
    return _plain_path(path) and path.split("/", 1)[0] != ".git" and path != MANIFEST


@dataclass(frozen=True)
class Manifest:
    """What digest wrote into an output folder: its files, and folders whose files another
    step of the build writes (the search index), pruned only when the build stops writing them."""

    files: frozenset[str]
    keep: tuple[str, ...]


@dataclass(frozen=True)
class Claims:
    """The paths an ``OutputWriter`` was given to claim, over its reservations, and what it
    made of them (``claim_all`` with no path refused)."""

    claims: list[tuple[str, str, int | None]]
    reserved: dict[str, str]
    produced: dict[str, str]
    folders: dict[str, str]
    folded: dict[str, str]


# The output folders this process switched to a new tree: whether an interrupt came before or
# after the new output was in place (the CLI's message).
SWITCHED: set[str] = set()


class OutputWriter:
    def __init__(self, output_dir: Path, force: bool = False, private: bool = False, spare: bool = True):
        self.output_dir = output_dir.absolute()
        self.force = force  # build into a folder digest did not make (keeping its files)
        # Nobody else writes in the output (the preview's own folder): only the folders other
        # steps write (the manifest's ``keep``) can have changed since the last switch.
        self.private = private
        # A first build makes the spare a next build starts from; not an output read once and
        # removed (a build aside, check's), which no build follows.
        self.spare = spare
        self.staging: Path | None = None
        self.produced: dict[str, str] = {}  # output path -> what produced it
        self.folders: dict[str, str] = {}  # the folders of those paths -> what produced the first file in it
        self.reserved: dict[str, str] = {}  # folders another step writes whole -> that step
        self.folded: dict[str, str] = {}  # the paths of ``produced`` and ``folders`` in lower case -> as claimed
        self.written: list[str] = []
        self.unchanged = 0

    def __enter__(self) -> OutputWriter:
        self.output_dir.parent.mkdir(parents=True, exist_ok=True)
        _finish_interrupted_switch(self._tree())
        tree = self._tree()
        if os.path.lexists(tree) and not tree.is_dir():  # (--force or not)
            loop = ": it is a symbolic link that loops" if tree.is_symlink() else ""
            raise OutputError(f"the output folder {tree} is not a folder{loop}")
        if not self.force:
            _refuse_foreign_folder(self._tree(), adoptable=_in_site_folder(self.output_dir))
        parent = staging_parent(self._tree())
        remove_abandoned(parent, STAGING_PREFIX)
        prefix = f"{STAGING_PREFIX}{os.getpid()}-"
        try:
            self.staging = Path(tempfile.mkdtemp(prefix=prefix, dir=parent))
        except OSError as error:
            if error.errno == errno.ENOENT and self.output_dir.is_symlink():  # to a drive not mounted now
                raise OutputError(
                    f"the output folder {self.output_dir} is a symbolic link to {self._tree()}, and {parent} "
                    "does not exist; nothing was written"
                ) from None
            if error.errno not in (errno.EACCES, errno.EPERM, errno.EROFS):
                raise
            why = "is on a read-only file system" if error.errno == errno.EROFS else "is not writable"
            raise OutputError(
                f"cannot build into {self.output_dir}: digest makes the new output beside it and switches "
                f"the two in one step, and {parent} {why}; make it writable, or build into a "
                "folder whose parent is (and copy from there)"
            ) from None
        return self

    def __exit__(self, kind: object, error: object, tb: object) -> None:
        if self.staging is not None and self.staging.exists():
            shutil.rmtree(self.staging, ignore_errors=True)

    def claim(self, path: str, origin: str, line: int | None = None) -> None:
        """Reserve an output path for ``origin`` (a file, and the ``line`` there that asks for
        the path, when known); the same path twice is an error naming both."""
        check_output_path(path, origin)
        if path == MANIFEST:
            raise OutputError(f"'{MANIFEST}' is digest's own list of the files it wrote", origin, line)
        if path in self.produced:
            message = f"'{path}' would be written twice: by {self.produced[path]} and by {origin}"
            raise OutputError(message, origin, line)
        if path in self.reserved:
            raise OutputError(f"'{path}' is the folder {self.reserved[path]} writes", origin, line)
        if path in self.folders:
            holder = self.folders[path]
            raise OutputError(f"'{path}' would be both a file, by {origin}, and a folder, by {holder}", origin, line)
        parents = []  # the folders of the path not seen yet (those seen, and theirs, were looked at then)
        folder = path.rpartition("/")[0]
        while folder and folder not in self.folders:
            if folder in self.reserved:
                message = f"'{path}' is inside '{folder}/', which {self.reserved[folder]} writes"
                raise OutputError(message, origin, line)
            if folder in self.produced:
                message = f"'{folder}' would be both a file, by {self.produced[folder]}, and a folder, by {origin}"
                raise OutputError(message, origin, line)
            parents.append(folder)
            folder = folder.rpartition("/")[0]
        folded = [(as_typed(spelling).lower(), spelling) for spelling in (path, *parents)]
        for key, spelling in folded:  # macOS and Windows take a path in any case as the same file
            if (other := self.folded.get(key, spelling)) != spelling:
                holder = self.produced.get(other) or self.folders[other]
                message = (
                    f"'{spelling}' and '{other}' (by {holder}) differ only in case: on a file system that "
                    "ignores case (macOS, Windows) they are one file; rename one"
                )
                raise OutputError(message, origin, line)
        where = f"{origin}:{line}" if line else origin  # (as a later claimant's message names it)
        self.produced[path] = where
        for folder in parents:
            self.folders[folder] = where
        self.folded.update(folded)

    def claim_all(
        self, claims: list[tuple[str, str, int | None]], last: Claims | None = None
    ) -> dict[int, OutputError]:
        """``claim`` each (path, origin, line) in turn; returns the refused ones (by their place in
        ``claims``) with their errors.
        ``last``: what an earlier writer's ``claims()`` gave; the same claims over the same
        reservations are taken from it at once (a long-lived builder's pages, build after build)."""
        if last is not None and not self.produced and last.reserved == self.reserved and last.claims == claims:
            self.produced, self.folders, self.folded = dict(last.produced), dict(last.folders), dict(last.folded)
            return {}
        refused = {}
        for number, (path, origin, line) in enumerate(claims):
            try:
                self.claim(path, origin, line)
            except OutputError as error:
                refused[number] = error
        return refused

    def claims(self, claims: list[tuple[str, str, int | None]]) -> Claims:
        """What ``claim_all(claims)`` did, for a later writer given the same claims."""
        return Claims(claims, dict(self.reserved), dict(self.produced), dict(self.folders), dict(self.folded))

    def reserve(self, folder: str, origin: str) -> None:
        """Keep ``folder`` (``pagefind/``) for ``origin`` alone: no file claimed may lie in it."""
        self.reserved[folder.rstrip("/")] = origin

    def exists(self, path: str) -> bool:
        return os.path.isfile(f"{self.output_dir}/{path}")

    def write(self, path: str, data: bytes, origin: str) -> None:
        self.claim(path, origin)
        self.record(path, stage_bytes(self.output_dir, self._staging(), path, data))

    def copy(self, path: str, source: Path, origin: str) -> None:
        """Stage ``source`` as ``path``; a file that cannot be read is an error naming it
        (``origin``), one of the build's, not the end of the build."""
        self.claim(path, origin)
        try:
            changed = stage_copy(self.output_dir, self._staging(), path, source)
        except OSError as error:
            if error.filename is None or Path(error.filename) != source:
                raise  # the output's side (a full disk): no fault of the file's
            raise DigestError(f"cannot read this file: {error.strerror}", origin, None) from None
        self.record(path, changed)

    def record(self, path: str, changed: bool) -> None:
        """Count a file staged elsewhere (by a worker process) through ``stage_bytes``."""
        if changed:
            self.written.append(path)
        else:
            self.unchanged += 1

    def _staging(self) -> Path:
        assert self.staging is not None, "use OutputWriter as a context manager"
        return self.staging

    def _tree(self) -> Path:
        """The output folder itself (where the output is a symbolic link, the folder it names)."""
        return Path(os.path.realpath(self.output_dir))

    def commit(self, extra_keep: tuple[str, ...] = (), prune: bool = True, finish: Finish | None = None) -> list[str]:
        """Switch to the new tree: the output with the staged files and (unless ``prune`` is
        off) without the files digest wrote that this build did not produce.  ``extra_keep``:
        folders (``"pagefind/"``) that another step writes.  ``finish`` is that step: it is
        given the next tree (with the written and removed paths) before the switch and may
        change files under ``extra_keep`` there, by rename only (a file the two trees share
        is one file).  Returns the removed paths."""
        staging = self._staging()
        tree = self._tree()
        for name in sorted({path.split("/", 1)[0] for path in self.produced if "/" in path}):
            if os.path.islink(tree / name):  # (a folder of the user's, kept with --force)
                raise OutputError(
                    f"{tree / name} is a symbolic link where digest writes the site's {name}/ folder: "
                    "it does not write through links; remove it or build into another folder"
                )
        with held_interrupts():
            removed = self._switch(staging, tree, extra_keep, prune, finish)
            SWITCHED.add(str(tree))  # (an interrupt held meanwhile comes after this)
        return removed

    def _switch(
        self, staging: Path, tree: Path, extra_keep: tuple[str, ...], prune: bool, finish: Finish | None
    ) -> list[str]:
        if not tree.exists():
            if finish is not None:
                finish(staging, tuple(self.written), ())
            _write_manifest(staging, Manifest(frozenset(self.produced), extra_keep))
            _make_public(staging)
            carried = _spare_from(staging, tree, extra_keep) if self.spare else None
            switched = _file_system_now(staging)
            os.replace(staging, tree)
            if carried is not None:
                _write_spare_state(tree, _SpareState(frozenset(), carried, (), switched))
            self.staging = None
            return []
        manifest = read_manifest(tree)
        # A mount point cannot be renamed; an output read once and removed (check's, begun as
        # a copy of the last build's) needs no spare: the files are moved in one by one.
        in_place = not self.spare or os.stat(tree).st_dev != os.stat(tree.parent).st_dev
        # With a step to finish the tree, one rename would not switch the whole output.
        if (
            not in_place
            and finish is None
            and manifest
            and self._one_file_changed(tree, staging, manifest, extra_keep, prune)
        ):
            return []
        spare = _read_spare_state(tree)
        listing = _listing(tree, manifest, spare, self.private) if manifest is not None and spare is not None else None
        files, empty_dirs = listing or scan_tree(tree)
        manifest = manifest or self._manifest_of_unmarked(files, extra_keep, prune)
        plan = _plan(manifest, files, empty_dirs, set(self.produced), self.written, extra_keep, prune)
        if in_place:
            _update_in_place(tree, staging, self.written, plan)
            if finish is not None:
                finish(tree, tuple(self.written), tuple(plan.removed))
        else:
            _switch_trees(tree, staging, self.written, files, plan, spare, finish)
        return plan.removed

    def _one_file_changed(
        self, tree: Path, staging: Path, manifest: Manifest, extra_keep: tuple[str, ...], prune: bool
    ) -> bool:
        """When the build changed at most one file and the output keeps the same files, one
        rename switches the whole output (the spare is told the file differs): done."""
        if len(self.written) > 1 or (prune and extra_keep != manifest.keep):
            return False
        produced = self.produced.keys()
        if not (produced == manifest.files if prune else produced <= manifest.files):
            return False
        for path in self.written:
            _note_spare_differs(tree, path)
            _move_into(f"{staging}/{path}", tree, path)
        return True

    def _manifest_of_unmarked(self, files: dict[str, int], extra_keep: tuple[str, ...], prune: bool) -> Manifest:
        """Whose files are in an output folder without a manifest: none (a forced build,
        or an empty folder), or those an earlier version of digest wrote."""
        if self.force or not files:
            return Manifest(frozenset(), extra_keep)
        if not prune:  # the build writes the files its last build wrote: those are digest's, no others
            return Manifest(frozenset(path for path in files if path in self.produced), extra_keep)
        unknown = sorted(path for path in files if path not in self.produced and not path.startswith(extra_keep))
        if not unknown:
            return Manifest(frozenset(path for path in files if path in self.produced), extra_keep)
        shown = ", ".join(unknown[:5]) + (f" and {len(unknown) - 5} more" if len(unknown) > 5 else "")
        detail = f", and holds files this build does not write, yours or an earlier version's: {shown}"
        raise OutputError(_foreign_message(self._tree(), detail))


@dataclass(frozen=True)
class _Plan:
    """What the next tree is: its manifest, what it no longer has, what it carries over."""

    manifest: Manifest
    removed: list[str]  # files of the current tree the next one does not have
    carried: dict[str, int]  # files digest did not write (path -> inode), kept as they are
    carried_dirs: list[str]  # empty folders digest did not make
    same_manifest: bool  # the same as the current tree's


def _plan(
    old: Manifest,
    files: dict[str, int],
    empty_dirs: list[str],
    produced: set[str],
    written: list[str],
    extra_keep: tuple[str, ...],
    prune: bool,
) -> _Plan:
    keep = extra_keep if prune else old.keep
    dropped = tuple(prefix for prefix in old.keep if prefix not in keep)
    owned = old.files | produced if not prune else produced
    removed = [path for path in old.files - owned if path in files]
    carried: dict[str, int] = {}
    for path, inode in files.items():
        if path in owned or path in old.files:
            continue
        if dropped and path.startswith(dropped):
            removed.append(path)
        else:
            carried[path] = inode
    filled = {folder for path in written for folder in _folders_of(path)}
    carried_dirs = [folder for folder in empty_dirs if folder not in filled]
    unchanged = owned == old.files and keep == old.keep
    return _Plan(Manifest(frozenset(owned), keep), sorted(removed), carried, carried_dirs, unchanged)


def _folders_of(path: str) -> Iterator[str]:
    """The folders ``path`` is in, innermost first."""
    folder = path.rpartition("/")[0]
    while folder:
        yield folder
        folder = folder.rpartition("/")[0]


def stage_bytes(output_dir: Path, staging: Path, path: str, data: bytes) -> bool:
    """Stage ``data`` for ``path`` unless the output already holds exactly these bytes.

    Safe to call from worker processes: it touches only the staging file for ``path``.
    """
    if same_bytes(f"{output_dir}/{path}", data):
        return False
    target = f"{staging}/{path}"
    try:
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(target, "wb") as handle:
            handle.write(data)
    except OSError as error:  # a full disk: said at the file it was writing, not the staging's
        raise OSError(error.errno, error.strerror, f"{output_dir}/{path}") from None
    return True


# What only writing fails with: a copy that fails so failed on the output's side, whichever
# file the error names (``shutil.copyfile`` names the source of a copy that filled the disk).
WRITE_ERRORS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EROFS})


def stage_copy(output_dir: Path, staging: Path, path: str, source: Path) -> bool:
    """Stage a copy of ``source`` as ``path`` unless the output holds the same bytes there;
    whether it was staged.  A source that is not a regular file (a FIFO, whose read would
    block) is an OSError naming it."""
    if not stat.S_ISREG(os.stat(source).st_mode):
        raise OSError(None, "not a regular file (only regular files are read)", str(source))
    current = output_dir / path
    try:
        if current.stat().st_size == source.stat().st_size and current.read_bytes() == source.read_bytes():
            return False
    except OSError:
        pass
    target = staging / path
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
    except OSError as error:
        if error.errno in WRITE_ERRORS or error.filename != str(source):
            raise OSError(error.errno, error.strerror, str(current)) from None
        raise
    return True


def same_bytes(path: str, data: bytes) -> bool:
    """Whether the file at ``path`` holds exactly ``data`` (False when it cannot be read)."""
    try:
        if os.stat(path).st_size != len(data):
            return False
        with open(path, "rb") as handle:
            return handle.read() == data
    except OSError:
        return False


# -- the manifest ---------------------------------------------------------------------------


def read_manifest(tree: Path) -> Manifest | None:
    """The manifest of an output folder; None when it has none (or an unreadable one).  The
    last one read is handed back while its file is the same file, unchanged (a long-lived
    builder reads it build after build; each switch writes a new file)."""
    try:
        with open(tree / MANIFEST, "rb") as handle:
            info = os.fstat(handle.fileno())
            identity = (str(tree), info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns)
            if _LAST_MANIFEST and _LAST_MANIFEST[0] == identity:
                return _LAST_MANIFEST[1]
            data = json.loads(handle.read())
        if data.get("version") != MANIFEST_VERSION:
            return None
        # Only paths digest could have written: a manifest edited or committed by someone else
        # (../digest.yaml, .git/HEAD) must never have digest remove a file it did not write.
        files = frozenset(path for path in data["files"] if isinstance(path, str) and _ours(path))
        keep = tuple(folder for folder in data["keep"] if isinstance(folder, str) and _ours(folder.rstrip("/")))
        manifest = Manifest(files, keep)
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
    _LAST_MANIFEST[:] = [identity, manifest]
    return manifest


_LAST_MANIFEST: list[Any] = []  # (the manifest file's folder and stat, what it says)


def _write_manifest(tree: Path, manifest: Manifest, current: Path | None = None) -> None:
    """Write the manifest into ``tree``; the ``current`` output's own (a hard link, with its
    modification time) when it says the same."""
    data = {"version": MANIFEST_VERSION, "keep": list(manifest.keep), "files": sorted(manifest.files)}
    encoded = json.dumps(data, separators=(",", ":"), ensure_ascii=False).encode()
    if current is not None and same_bytes(f"{current}/{MANIFEST}", encoded):
        if current != tree:
            _link(f"{current}/{MANIFEST}", tree, MANIFEST)
        return
    _write_file(tree / MANIFEST, encoded)


def _write_file(path: Path, data: bytes) -> None:
    """Write by rename, so a file shared by hard link with the other tree is never changed."""
    temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        temporary.write_bytes(data)
        os.replace(temporary, path)
    except OSError as error:  # a full disk: said at the file
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise OSError(error.errno, error.strerror, str(path)) from None


def _refuse_foreign_folder(tree: Path, adoptable: bool) -> None:
    """Refuse an output folder that is not empty and was not made by digest, before any work.
    (One in the site folder may hold an earlier version's output: the commit decides.)"""
    if not tree.exists():
        return
    if adoptable or (tree / MANIFEST).is_file():
        return
    with os.scandir(tree) as entries:
        if any(True for _ in entries):
            raise OutputError(_foreign_message(tree))


def _foreign_message(tree: Path, detail: str = "") -> str:
    why = f"was not made by digest (it has no {MANIFEST})"
    if (tree / MANIFEST).is_file():
        why = f"its {MANIFEST}, the list of the files digest wrote there, {_manifest_trouble(tree / MANIFEST)}"
    return (
        f"the output folder {tree} is not empty and {why}{detail}; nothing was written. "
        "Use 'digest build --force' to build into it anyway (files digest does not write are kept)"
    )


def _manifest_trouble(path: Path) -> str:
    """Why a manifest that is there was not read: another version's, or damaged."""
    try:
        version = json.loads(path.read_bytes()).get("version")
    except (OSError, ValueError, AttributeError):
        return "cannot be read"
    if version != MANIFEST_VERSION:
        return f"is of another version of digest (format {version}; this one reads {MANIFEST_VERSION})"
    return "cannot be read"


def staging_parent(tree: Path) -> Path:
    """Where changed files are staged: beside the output, unless the output is a mount point
    (files cannot be renamed into it from another file system): then inside it."""
    try:
        if os.stat(tree).st_dev != os.stat(tree.parent).st_dev:
            return tree
    except OSError:
        pass
    return tree.parent


def _in_site_folder(output_dir: Path) -> bool:
    return (output_dir.parent / CONFIG_NAME).is_file()


# -- trees ------------------------------------------------------------------------------------


def scan_tree(root: Path) -> tuple[dict[str, int], list[str]]:
    """Every file (and symbolic link) under ``root`` with its inode, and the empty folders;
    without the writer's own files (the manifest and the spare's state)."""
    files: dict[str, int] = {}
    empty: list[str] = []
    folders = [("", str(root))]
    while folders:
        prefix, folder = folders.pop()
        found = False
        try:
            with os.scandir(folder) as entries:
                for entry in entries:
                    if not prefix and entry.name.startswith(STAGING_PREFIX):
                        continue  # (a build's own, in an output folder that is a mount point)
                    found = True
                    if entry.is_dir(follow_symlinks=False):
                        folders.append((f"{prefix}{entry.name}/", entry.path))
                    else:
                        files[prefix + entry.name] = entry.inode()
        except (FileNotFoundError, NotADirectoryError):
            if not prefix:
                raise
            continue  # removed while it was read (by hand, or another step)
        if not found and prefix:
            empty.append(prefix[:-1])
    files.pop(MANIFEST, None)
    files.pop(SPARE_STATE, None)
    return files, empty


@dataclass(frozen=True)
class _SpareState:
    """How the spare differs from the output, and what the output held when they were switched."""

    differs: frozenset[str]  # paths where the spare may differ
    carried: dict[str, int]  # files digest did not write (path -> inode) in the output
    empty: tuple[str, ...]  # empty folders digest did not make in the output
    switched: int  # the file system's time (``_file_system_now``) as the switch began


def _read_spare_state(tree: Path) -> _SpareState | None:
    """The spare's state, or None when it is unknown (no spare, a build killed while it
    updated the spare, or an output folder that is not the one switched with it)."""
    try:
        data = json.loads((_spare_of(tree) / SPARE_STATE).read_bytes())
        if data["output"] != _identity(tree):
            return None
        carried = {str(path): int(inode) for path, inode in data["carried"].items()}
        return _SpareState(frozenset(data["differs"]), carried, tuple(data["empty"]), int(data["switched"]))
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def _write_spare_state(tree: Path, state: _SpareState) -> None:
    data = {
        "output": _identity(tree),
        "switched": state.switched,
        "differs": sorted(state.differs),
        "carried": state.carried,
        "empty": state.empty,
    }
    _write_file(_spare_of(tree) / SPARE_STATE, json.dumps(data, separators=(",", ":"), ensure_ascii=False).encode())


def _spare_of(tree: Path) -> Path:
    return tree.parent / f"{SPARE_PREFIX}{tree.name}"


def _switch_trees(
    tree: Path,
    staging: Path,
    written: list[str],
    files: dict[str, int],
    plan: _Plan,
    state: _SpareState | None,
    finish: Finish | None,
) -> None:
    """Make the spare the next tree (completed by ``finish``), exchange it with the output,
    and note how the replaced tree (the spare from now on) differs from the new one."""
    spare = _spare_of(tree)
    if os.path.exists(spare) and not os.path.isdir(spare):
        raise OutputError(f"{spare} is a file, where digest keeps the output it replaces: move it away and build again")
    if os.path.isdir(spare) and not os.access(spare, os.R_OK | os.W_OK | os.X_OK):
        _remove_spare(spare)  # (the previous output was read-only, or its permissions changed by hand)
        state = None  # made anew, whole
    try:
        copied, switched = _spare_like_output(tree, spare, files, plan, state)
    except PermissionError:  # digest's own folder, which it cannot use as it is: made anew
        _remove_spare(spare)
        copied, switched = _spare_like_output(tree, spare, files, plan, None)
    # What goes first: a folder the build no longer writes may be where it writes a file now
    # (static/img/ become static/img), or the other way round.
    for path in plan.removed:
        _remove(spare, path, keep_if_in=None)
    for path in written:
        _move_into(f"{staging}/{path}", spare, path)
    if plan.same_manifest and (tree / MANIFEST).is_file():
        _link(f"{tree}/{MANIFEST}", spare, MANIFEST)
    else:
        _write_manifest(spare, plan.manifest, tree)
    differs = {*written, *plan.removed}
    # A carried file copied rather than linked is not the same file in both trees: unknown (-1).
    carried = {path: -1 if path in copied else inode for path, inode in plan.carried.items()}
    if finish is not None:
        finish(spare, tuple(written), tuple(plan.removed))
        differs |= _rescan_kept(spare, plan.manifest.keep, carried)
    # The output folder, and the folders of files it holds that digest did not write, keep
    # their mode and group (a web root of group www-data, a private folder) in the next tree
    # (given last: a read-only one is written first).
    user_folders = {folder for path in plan.carried for folder in _folders_of(path)} | set(plan.carried_dirs)
    for folder in ("", *sorted(user_folders)):
        _same_permissions(tree, spare, folder)
    _exchange(tree, spare)
    with contextlib.suppress(OSError):  # (not written, as in a read-only output: the next build looks at all)
        _write_spare_state(tree, _SpareState(frozenset(differs), carried, tuple(plan.carried_dirs), switched))


def _spare_like_output(
    tree: Path, spare: Path, files: dict[str, int], plan: _Plan, state: _SpareState | None
) -> tuple[set[str], int]:
    """Bring the spare to what the output holds (all of it when its ``state`` is unknown);
    returns the files copied where links failed, and the file system's time when it was."""
    with contextlib.suppress(FileNotFoundError):
        os.unlink(spare / SPARE_STATE)  # from here on, the spare's state is unknown
    if state is None:
        return _mirror_all(tree, spare, files, plan.carried_dirs), _file_system_now(spare)
    switched = _file_system_now(spare)  # what changes from here on is read again by the next build
    moved = {path for path, inode in plan.carried.items() if inode < 0 or state.carried.get(path) != inode}
    # Files digest wrote in folders changed since the switch (read again: their inodes are
    # known) may have been replaced there (public/ synced by rsync, or written by another
    # version of digest) by what this build makes: it stages nothing for them, so the spare
    # must hold the output's file, not the one the last build replaced.
    replaced = {path for path, inode in files.items() if inode > 0 and path not in plan.carried}
    gone = state.carried.keys() - plan.carried.keys()
    copied = _mirror(tree, spare, state.differs | moved | replaced | gone, files)
    for folder in {*state.empty, *plan.carried_dirs}:
        if folder in plan.carried_dirs:
            _ensure_folder(spare, folder)
        elif not (tree / folder).is_dir():
            _remove(spare, folder, keep_if_in=tree)
    return copied, switched


def _remove_spare(spare: Path) -> None:
    """Remove the spare, whatever permissions its folders were given; an error saying what
    to do when that is not possible either."""

    def opened(folder: str) -> None:
        os.chmod(folder, stat.S_IRWXU)
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    opened(entry.path)

    try:
        if spare.is_dir() and not spare.is_symlink():
            opened(str(spare))
            shutil.rmtree(spare)
        elif spare.exists() or spare.is_symlink():
            spare.unlink()
    except OSError as error:
        raise OutputError(
            f"cannot use or remove {spare} (digest's copy of the previous output, made anew when "
            f"it cannot be used): {error.strerror}; remove it and build again"
        ) from None


def _same_permissions(tree: Path, spare: Path, folder: str) -> None:
    """Give ``folder`` of the spare the mode and group it has in the output (where it may)."""
    source, target = f"{tree}/{folder}".rstrip("/"), f"{spare}/{folder}".rstrip("/")
    try:
        wanted, made = os.stat(source), os.stat(target)
    except OSError:
        return
    with contextlib.suppress(OSError):
        if stat.S_IMODE(made.st_mode) != stat.S_IMODE(wanted.st_mode):
            os.chmod(target, stat.S_IMODE(wanted.st_mode))
        if made.st_gid != wanted.st_gid:
            os.chown(target, -1, wanted.st_gid)


def _file_system_now(folder: Path) -> int:
    """The time the file system stamps on a change now, read from ``folder`` touched: every
    later change to a folder of that file system has a ctime at least this (its clock may be
    coarser than ``time.time_ns()`` and lag it)."""
    os.utime(folder)
    return os.stat(folder).st_ctime_ns


def _rescan_kept(tree: Path, keep: tuple[str, ...], carried: dict[str, int]) -> set[str]:
    """After ``finish`` changed the folders under ``keep`` in ``tree``: update ``carried`` to
    what they hold now; returns the paths where ``tree`` now differs from the current output."""
    before = {path: inode for path, inode in carried.items() if path.startswith(keep)}
    after: dict[str, int] = {}
    for folder in keep:
        if os.path.isdir(f"{tree}/{folder}"):
            inner, _ = scan_tree(tree / folder)
            after.update((f"{folder.rstrip('/')}/{name}", inode) for name, inode in inner.items())
    for path in before:
        del carried[path]
    carried.update(after)
    return {path for path in {*before, *after} if before.get(path, -1) < 0 or before.get(path) != after.get(path)}


def _note_spare_differs(tree: Path, path: str) -> None:
    """Before ``path`` is changed in the output itself: the spare may differ there too."""
    state = _read_spare_state(tree)
    if state is not None:  # else no spare, or one in an unknown state already
        _write_spare_state(tree, replace(state, differs=state.differs | {path}))


def _listing(
    tree: Path, manifest: Manifest, state: _SpareState, private: bool = False
) -> tuple[dict[str, int], list[str]] | None:
    """``scan_tree`` of the output without reading every folder: what it held when it was
    switched in (the manifest's files, inodes unknown: 0, and the files carried over), with
    the folders changed since then read again.  A folder's ctime changes whenever an entry
    is added, removed or renamed in it, and cannot be set back by hand.  ``private``: only
    the folders under ``manifest.keep`` (and those above them) are looked at.  None when the
    clock went back since the switch."""
    if time.time_ns() < state.switched:
        return None
    files = dict.fromkeys(manifest.files, 0)
    files.update(state.carried)
    children = _children(files, state.empty)
    since = state.switched
    looked_at = _on_the_way(children, manifest.keep) if private else children
    changed = [folder for folder in looked_at if _changed_since(f"{tree}/{folder}" if folder else str(tree), since)]
    empty = [folder for folder in state.empty if folder not in changed]
    for folder in changed:
        for path in children[folder]:
            del files[path]
        _read_folder(tree, folder, children, files, empty)
    files.pop(MANIFEST, None)
    files.pop(SPARE_STATE, None)
    return files, empty


def _children(files: Iterable[str], empty: Iterable[str]) -> dict[str, list[str]]:
    """Every folder of the listed files and empty folders, with the files directly in it."""
    children: dict[str, list[str]] = {"": []}
    for path in files:
        folder = path.rpartition("/")[0]
        found = children.get(folder)
        if found is not None:
            found.append(path)
            continue
        children[folder] = [path]
        while folder:
            folder = folder.rpartition("/")[0]
            if folder in children:
                break
            children[folder] = []
    for folder in empty:
        while folder not in children:
            children[folder] = []
            folder = folder.rpartition("/")[0]
    return children


def _on_the_way(folders: Iterable[str], keep: tuple[str, ...]) -> list[str]:
    """The ``folders`` that are one of the ``keep`` folders (``pagefind/``), inside one, or
    above one (the top folder, ``""``, is above every one)."""
    above = {""} | {prefix[:end] for prefix in keep for end, char in enumerate(prefix) if char == "/"}
    return [folder for folder in folders if folder in above or f"{folder}/".startswith(keep)]


def _changed_since(folder: str, since: int) -> bool:
    try:
        stat = os.lstat(folder)
    except OSError:
        return True
    return not S_ISDIR(stat.st_mode) or stat.st_ctime_ns >= since


def _read_folder(
    tree: Path, folder: str, children: dict[str, list[str]], files: dict[str, int], empty: list[str]
) -> None:
    """Add what ``folder`` holds now: its files, and whole folders that are new."""
    prefix = f"{folder}/" if folder else ""
    try:
        with os.scandir(f"{tree}/{folder}" if folder else tree) as entries:
            listed = list(entries)
    except (FileNotFoundError, NotADirectoryError):
        return
    if not listed and folder:
        empty.append(folder)
    for entry in listed:
        path = prefix + entry.name
        if not prefix and entry.name.startswith(STAGING_PREFIX):
            continue  # (a build's own, in an output folder that is a mount point)
        if not entry.is_dir(follow_symlinks=False):
            files[path] = entry.inode()
        elif path not in children:
            inner, inner_empty = scan_tree(Path(entry.path))
            files.update((f"{path}/{name}", inode) for name, inode in inner.items())
            empty += [f"{path}/{name}" for name in inner_empty] or ([] if inner else [path])


def _identity(folder: Path) -> list[int]:
    stat = os.stat(folder)
    return [stat.st_dev, stat.st_ino]


def _spare_from(staging: Path, tree: Path, keep: tuple[str, ...]) -> dict[str, int] | None:
    """For a first build: make the spare the same tree as ``staging`` (soon the output), by
    hard links into a new folder, far cheaper than the next build making it equal file by
    file.  Returns the files under ``keep`` (path -> inode, as the spare's state carries
    them); None where there is no spare (links fail there: the next build makes one)."""
    spare = _spare_of(tree)
    carried: dict[str, int] = {}
    try:
        if spare.is_symlink() or spare.is_file():
            spare.unlink()
        elif spare.exists():  # left beside an output that was since deleted
            shutil.rmtree(spare)
        if not _linked_tree(str(staging), str(spare)):
            return None
        _rescan_kept(staging, keep, carried)
    except OSError:  # the build is done all the same; the next one makes the spare
        shutil.rmtree(spare, ignore_errors=True)
        return None
    return carried


def linked_copy(output: Path, target: Path) -> bool:
    """Make ``target`` a copy of what digest wrote in ``output`` (the files its manifest lists,
    and the manifest), by hard links: a build aside that starts from the last build's output
    (check's) renders only what changed since.  Nothing is ever written through a link (every
    file is replaced by rename), so the output's files stay as they are.  False, and no
    ``target``, where there is no manifest or links cannot be made (another file system)."""
    manifest = read_manifest(output)
    if manifest is None:
        return False
    try:
        target.mkdir()
        made = {""}
        for path in sorted((*manifest.files, MANIFEST)):
            source = f"{output}/{path}"
            if not os.path.isfile(source) or os.path.islink(source):  # gone, or changed by hand
                continue
            folder = os.path.dirname(path)
            if folder not in made:
                os.makedirs(f"{target}/{folder}", exist_ok=True)
                made.add(folder)
            os.link(source, f"{target}/{path}", follow_symlinks=False)
    except OSError:
        shutil.rmtree(target, ignore_errors=True)
        return False
    return True


def _linked_tree(source: str, target: str) -> bool:
    """Make ``target``, a new folder holding the same files as ``source`` (its folders made
    anew, its files hard links); False, and no ``target``, where that fails."""
    try:
        _link_tree(source, target)
    except OSError:
        shutil.rmtree(target, ignore_errors=True)
        return False
    return True


def _link_tree(source: str, target: str) -> None:
    os.mkdir(target)
    folders = [(source, target)]
    while folders:
        source_folder, target_folder = folders.pop()
        with os.scandir(source_folder) as entries:
            for entry in entries:
                inside = f"{target_folder}/{entry.name}"
                if entry.is_dir(follow_symlinks=False):
                    os.mkdir(inside)
                    folders.append((entry.path, inside))
                else:
                    os.link(entry.path, inside, follow_symlinks=False)


def _mirror_all(tree: Path, spare: Path, files: dict[str, int], empty_dirs: list[str]) -> set[str]:
    """Make the spare hold the output's files (hard links) and folders, and nothing else;
    returns the files copied where links failed."""
    if spare.is_symlink() or (spare.exists() and not spare.is_dir()):
        spare.unlink()
    # Deleted, or never made: made anew at once, as a first build makes it.
    if not spare.exists() and _linked_tree(str(tree), str(spare)):
        return set()
    spare.mkdir(exist_ok=True)
    spare_files, spare_empty = scan_tree(spare)
    for path in spare_files.keys() - files.keys():
        _remove(spare, path, keep_if_in=tree)
    for folder in spare_empty:
        if not (tree / folder).is_dir():
            _remove(spare, folder, keep_if_in=tree)
    copied = _mirror(tree, spare, (path for path, inode in files.items() if spare_files.get(path) != inode), files)
    for folder in empty_dirs:
        _ensure_folder(spare, folder)
    return copied


def _mirror(tree: Path, spare: Path, paths: Iterable[str], files: dict[str, int]) -> set[str]:
    """Make the spare equal to the output at ``paths``; returns the files copied where links failed."""
    copied = set()
    for path in sorted(paths):
        inode = files.get(path)
        if inode == 0:  # a file digest wrote, listed without reading its folder
            with contextlib.suppress(OSError):
                inode = os.lstat(f"{tree}/{path}").st_ino
        if not inode:
            _remove(spare, path, keep_if_in=tree)
            continue
        try:
            if os.lstat(f"{spare}/{path}").st_ino == inode:
                continue
        except OSError:
            pass
        try:
            if _link(f"{tree}/{path}", spare, path):
                copied.add(path)
        except FileNotFoundError:  # removed from the output meanwhile (by hand, or another step)
            _remove(spare, path, keep_if_in=tree)
    return copied


def _link(source: str, root: Path, path: str) -> bool:
    """Put ``source`` at ``path`` under ``root`` as a hard link (a copy where links fail: then
    True), replacing what is there."""
    target = f"{root}/{path}"
    with contextlib.suppress(OSError):
        if os.lstat(target).st_ino == os.lstat(source).st_ino:
            return False  # already the same file (a rename between two links of one file does nothing)
    _ensure_folder(root, os.path.dirname(path))
    temporary = f"{target}.digest-link"
    with contextlib.suppress(FileNotFoundError):
        os.unlink(temporary)
    try:
        os.link(source, temporary, follow_symlinks=False)
    except OSError as error:
        if error.errno not in (errno.EPERM, errno.EMLINK, errno.EXDEV, errno.ENOTSUP, errno.EACCES):
            raise
        shutil.copy2(source, temporary, follow_symlinks=False)
        _replace(temporary, target)
        return True
    _replace(temporary, target)
    return False


def _move_into(source: str, root: Path, path: str) -> None:
    _ensure_folder(root, os.path.dirname(path))
    _replace(source, f"{root}/{path}")


def _replace(source: str, target: str) -> None:
    try:
        os.replace(source, target)
    except IsADirectoryError:
        shutil.rmtree(target)
        os.replace(source, target)


def _ensure_folder(root: Path, folder: str) -> None:
    """Make ``folder`` under ``root``, replacing files that stand where folders must be."""
    if not folder:
        return
    try:
        os.makedirs(f"{root}/{folder}", exist_ok=True)
        return
    except (FileExistsError, NotADirectoryError):
        pass
    current = str(root)
    for part in folder.split("/"):
        current = f"{current}/{part}"
        if os.path.islink(current) or (os.path.lexists(current) and not os.path.isdir(current)):
            os.unlink(current)
        if not os.path.isdir(current):
            os.mkdir(current)


def _remove(root: Path, path: str, keep_if_in: Path | None) -> None:
    """Remove ``path`` under ``root``, then the folders it leaves empty: with ``keep_if_in``
    (making the spare like that tree), those that tree does not have; else never a hidden one."""
    target = f"{root}/{path}"
    try:
        if os.path.isdir(target) and not os.path.islink(target):
            shutil.rmtree(target)
        else:
            os.unlink(target)
    except (FileNotFoundError, NotADirectoryError):  # (gone, or a file stands where its folder was)
        pass
    folder = os.path.dirname(path)
    while folder:
        if keep_if_in is None and os.path.basename(folder).startswith("."):
            return
        if keep_if_in is not None and os.path.isdir(f"{keep_if_in}/{folder}"):
            return
        try:
            os.rmdir(f"{root}/{folder}")
        except OSError:
            return
        folder = os.path.dirname(folder)


def _update_in_place(tree: Path, staging: Path, written: list[str], plan: _Plan) -> None:
    """Where the output cannot be renamed (a mount point), or needs no spare (a build aside):
    move the staged files in one by one (by rename: a file linked elsewhere is left as it is)."""
    for path in plan.removed:  # first, as in a switch
        _remove(tree, path, keep_if_in=None)
    for path in written:
        _move_into(f"{staging}/{path}", tree, path)
    _write_manifest(tree, plan.manifest, tree)


# -- switching two folders --------------------------------------------------------------------


def _exchange(tree: Path, spare: Path) -> None:
    """Exchange two folders in one step; where the system cannot, with two renames whose
    interruption the next build repairs (``_finish_interrupted_switch``)."""
    if rename_exchange(tree, spare):
        return
    aside = tree.parent / f"{SWAP_PREFIX}{tree.name}"
    os.rename(tree, aside)
    os.rename(spare, tree)
    os.rename(aside, spare)


def rename_exchange(first: Path, second: Path) -> bool:
    """``renameat2(RENAME_EXCHANGE)``; False where the system or file system lacks it."""
    try:
        function = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return False
    if function(AT_FDCWD, os.fsencode(first), AT_FDCWD, os.fsencode(second), RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(first))


def _finish_interrupted_switch(tree: Path) -> None:
    """After two renames were interrupted: put the old tree back where the output is missing;
    otherwise keep it as the spare."""
    aside = tree.parent / f"{SWAP_PREFIX}{tree.name}"
    if not aside.is_dir():
        return
    spare = tree.parent / f"{SPARE_PREFIX}{tree.name}"
    if not tree.exists():
        os.rename(aside, tree)
    elif not spare.exists():
        os.rename(aside, spare)
    else:
        shutil.rmtree(aside, ignore_errors=True)


def _make_public(folder: Path) -> None:
    """Give a folder made by ``mkdtemp`` (private) the permissions of a new folder."""
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(folder, 0o777 & ~umask)


@contextlib.contextmanager
def scratch_folder(prefix: str, parent: Path | None = None) -> Iterator[Path]:
    """A new folder ``<prefix><pid>-…`` in ``parent`` (default: the temporary folder), removed
    afterwards; those a killed process left (a site built aside, a repository of it) are
    removed first."""
    parent = parent or Path(tempfile.gettempdir())
    remove_abandoned(parent, prefix)
    folder = Path(tempfile.mkdtemp(prefix=f"{prefix}{os.getpid()}-", dir=parent))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


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
