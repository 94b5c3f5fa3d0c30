"""Worker processes: the one place that decides whether work is shared between processes.

Work is shared only through ``fork`` (workers inherit the site instead of receiving it
pickled), so where the system has no ``fork``, or where forking is unsafe because other
threads run (the preview server), everything runs in this process: the same code, the
same results.  ``DIGEST_NO_FORK=1`` asks for that path anywhere.
"""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from digest.errors import DigestError
from digest.process import die_with_parent

Shared = TypeVar("Shared")
Part = TypeVar("Part")
Result = TypeVar("Result")

NO_FORK_VARIABLE = "DIGEST_NO_FORK"

# (function, shared value) of the running ``map_shared``: inherited by forked workers.
_RUNNING: tuple[Callable[[Any, Any], Any], Any] | None = None


def can_fork() -> bool:
    """Whether worker processes may be forked from this process now."""
    if os.environ.get(NO_FORK_VARIABLE, "") not in ("", "0"):
        return False
    if not hasattr(os, "fork") or threading.active_count() != 1:
        return False
    import multiprocessing

    return "fork" in multiprocessing.get_all_start_methods()


def worker_count(requested: int | None) -> int:
    """How many processes to use: ``requested`` (default: one per core it may use), or one where forking
    is not possible."""
    if requested == 1 or not can_fork():
        return 1
    return max(1, requested or usable_cores())


def usable_cores() -> int:
    """The cores this process may run on: those it is pinned to (``taskset``, a container's
    ``--cpuset-cpus``), else every core of the machine."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0)) or 1
    return os.cpu_count() or 1


def split(items: Sequence[Part], jobs: int, per_job: int = 4) -> list[Sequence[Part]]:
    """``items`` in about ``per_job`` parts per worker, in order."""
    size = max(1, -(-len(items) // (jobs * per_job)))
    return [items[start : start + size] for start in range(0, len(items), size)]


def stripes(count: int, jobs: int, per_job: int = 4) -> list[range]:
    """Indexes ``0..count`` in about ``per_job`` parts per worker, each part every n-th index,
    so that items that cost more and sit together (the pages of one kind) are shared out."""
    parts = min(count, jobs * per_job)
    return [range(start, count, parts) for start in range(parts)]


def map_shared(
    function: Callable[[Shared, Part], Result], shared: Shared, parts: Sequence[Part], jobs: int
) -> list[Result]:
    """``[function(shared, part) for part in parts]``, in ``jobs`` forked worker processes
    when there is more than one (``shared`` is inherited, not pickled; results are)."""
    global _RUNNING
    if jobs <= 1 or len(parts) <= 1 or not can_fork():
        return [function(shared, part) for part in parts]
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    context = multiprocessing.get_context("fork")
    pool = ProcessPoolExecutor(jobs, context, initializer=_start_worker, initargs=(os.getpid(),))
    _RUNNING = (function, shared)
    try:
        futures = [pool.submit(_run_part, part) for part in parts]
        results = [future.result() for future in futures]
    except BaseException as error:
        # Interrupted (Ctrl-C, SIGTERM), a worker that died, or a pool that could not start all
        # its workers (no file descriptor left for the next one's pipes: ``ulimit -n``): the
        # workers are ended now.  Waited for, they would first do every part left (an
        # interrupted build went on for seconds), or wait for work for ever.  (The parts are
        # not cancelled: the pool fails those of workers it finds killed, and a cancelled one
        # it cannot fail.)
        for child in multiprocessing.active_children():
            child.kill()  # (not SIGTERM, which digest turns into Ctrl-C, and a worker just forked ignores)
        pool.shutdown(wait=False)
        if isinstance(error, BrokenProcessPool):
            raise WorkerDied() from None
        raise
    finally:
        _RUNNING = None
    pool.shutdown()
    return results


class WorkerDied(DigestError):
    """A worker process ended before its work was done: killed (by the system short of memory,
    by hand) or crashed, as no exception of Python's would."""

    def __init__(self) -> None:
        super().__init__(
            "a worker process ended before its work was done (killed, perhaps by the system short "
            "of memory, or crashed); run the command again, or with DIGEST_NO_FORK=1 set to do "
            "everything in one process (digest build: --jobs 1)"
        )


def _start_worker(parent: int) -> None:
    """A worker dies with its parent, and when the pool ends it: SIGTERM kills it again, as
    the pool expects of the workers it ends once one died (the OOM killer, a crash). With
    digest's handler, inherited, SIGTERM was Ctrl-C: the worker went on to send a result no
    one read any more, and the pool, and the build, waited for it for ever."""
    die_with_parent(parent)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's: the pool ends when its parts do


def _run_part(part: Any) -> Any:
    assert _RUNNING is not None, "only in a worker forked by map_shared"
    function, shared = _RUNNING
    return function(shared, part)
