"""Processes of a build: worker processes that die with their parent, one build per site at a time.

A ``digest build`` killed with SIGKILL cannot stop its worker processes itself, so each
worker asks the kernel to kill it when its parent dies (Linux ``PR_SET_PDEATHSIG``).  Two
builds of one site would write the same cache and output folder, so a build holds an
exclusive lock (``fcntl.flock``) on the site folder while it runs; the kernel releases it
when the process ends, however it ends.  Two imports into one site would each import what
the other does, so an import holds one of its own (``import_lock``).
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import os
import signal
from collections.abc import Callable, Iterator
from pathlib import Path

from digest.progress import step

PR_SET_PDEATHSIG = 1
PR_SET_NAME = 15


def die_with_parent(parent: int) -> None:
    """Have the kernel kill this process when its parent dies (Linux; elsewhere nothing).

    Used as the initializer of worker processes; ``parent`` is the pid of the process that
    started them, to catch a parent that died before this call.
    """
    _prctl(PR_SET_PDEATHSIG, signal.SIGKILL)  # not Linux: workers end when their pipe closes
    if os.getppid() != parent:
        os._exit(1)


def name_process(name: str) -> None:
    """Give this process the name ``ps`` and ``top`` show (Linux, 15 bytes; elsewhere nothing)."""
    _prctl(PR_SET_NAME, ctypes.c_char_p(name.encode()[:15]))


def _prctl(option: int, argument: object) -> None:
    """Linux's ``prctl(option, argument)``; nothing where there is no such call."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(option, argument, 0, 0, 0)


@contextlib.contextmanager
def site_lock(site_dir: Path, lock_file: Path, waiting: Callable[[str], object]) -> Iterator[None]:
    """Hold the build lock of a site; when another process holds it, tell ``waiting`` once
    and wait for it.

    The lock is taken on the site folder itself, which leaves no file behind; where folders
    cannot be locked (NFS), on ``lock_file``; where nothing can be locked, the build goes on.
    """
    try:
        import fcntl  # noqa: F401 - only to know whether locks exist here
    except ImportError:  # pragma: no cover - not POSIX
        yield
        return
    descriptor = _locked(site_dir, os.O_RDONLY, waiting)
    if descriptor is None:
        with contextlib.suppress(OSError):
            lock_file.parent.mkdir(exist_ok=True)
        descriptor = _locked(lock_file, os.O_RDWR | os.O_CREAT, waiting)
    try:
        yield
    finally:
        if descriptor is not None:
            os.close(descriptor)


@contextlib.contextmanager
def import_lock(lock_file: Path, waiting: Callable[[str], object]) -> Iterator[None]:
    """Held by an import from reading content/articles/ to its last write, so that a second
    import waits (telling ``waiting`` once) rather than writing again what the first writes;
    where nothing can be locked, the import goes on."""
    try:
        import fcntl  # noqa: F401 - only to know whether locks exist here
    except ImportError:  # pragma: no cover - not POSIX
        yield
        return
    with contextlib.suppress(OSError):
        lock_file.parent.mkdir(exist_ok=True)
    descriptor = _locked(lock_file, os.O_RDWR | os.O_CREAT, waiting, "another import into this site")
    try:
        yield
    finally:
        if descriptor is not None:
            os.close(descriptor)


def _locked(
    path: Path, flags: int, waiting: Callable[[str], object], holder: str = "another build of this site"
) -> int | None:
    """An open descriptor of ``path`` with an exclusive lock; None where it cannot be locked."""
    import fcntl

    try:
        descriptor = os.open(path, flags | os.O_CLOEXEC, 0o666)
    except OSError:
        return None
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            waiting(f"waiting for {holder} to finish ({path})")
            with step(f"waiting for {holder}", 0):  # (what the progress line says meanwhile)
                fcntl.flock(descriptor, fcntl.LOCK_EX)
    except OSError as error:
        os.close(descriptor)
        if error.errno in (errno.EBADF, errno.EINVAL, errno.ENOLCK, errno.ENOTSUP, errno.EOPNOTSUPP):
            return None
        raise
    except BaseException:
        os.close(descriptor)
        raise
    return descriptor


@contextlib.contextmanager
def held_interrupts() -> Iterator[None]:
    """Delay Ctrl-C (and SIGTERM) until the block is done (the output consistent again, a file whole): an
    interrupt meanwhile is raised after it (main thread only, where Python handles signals)."""
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield
        return
    received: list[int] = []
    held = (signal.SIGINT, signal.SIGTERM)
    previous = {number: signal.signal(number, lambda number, frame: received.append(number)) for number in held}
    try:
        yield
    finally:
        for number in held:
            signal.signal(number, previous[number])
        if signal.SIGTERM in received:
            signal.raise_signal(signal.SIGTERM)  # as it would have been: the process ends, or digest's handler runs
        if received:
            raise KeyboardInterrupt
