"""A sign of life on stderr while a long command runs (build, check, import).

Nothing for the first ``AFTER`` seconds, so quick runs stay quiet.  Then, on a terminal,
one line redrawn in place every second (which other output simply overwrites), with a bar
for the step under way when its size is known (``step``: rendering pages, checking pages);
otherwise (a log, CI, ``TERM=dumb``) a line every ``EVERY`` seconds with the same count.  It runs on a timer signal in the main thread rather than in a thread of its own:
the builder forks worker processes only when no other thread runs, and a timer is not
inherited by them.  Where there is no such timer (Windows, or not the main thread) it stays
silent.
"""

from __future__ import annotations

import contextlib
import os
import signal
import threading
import time
from collections.abc import Iterator
from typing import Any, TextIO

AFTER = 2.0  # seconds of silence before the first line
EVERY = 5.0  # seconds between lines when stderr is not a terminal
TERMINAL_EVERY = 1.0
BAR_WIDTH = 30


class _Step:
    """The step under way and how much of it is done, counted by this process and by the
    worker processes it forks (the count is in shared memory they inherit)."""

    def __init__(self) -> None:
        self.name = ""
        self.total = 0
        self._count: Any = None  # multiprocessing.Value, made on first use

    def begin(self, name: str, total: int) -> None:
        if self._count is None:
            import multiprocessing

            try:
                self._count = multiprocessing.get_context().Value("q", 0)
            except OSError:  # no shared memory here: no count, the elapsed time only
                return
        self._count.value = 0
        self.name, self.total = name, total

    def advance(self, count: int = 1) -> None:
        if self._count is not None and self.total:
            with self._count.get_lock():
                self._count.value += count

    def end(self) -> None:
        self.name, self.total = "", 0

    def done(self) -> int:
        return int(self._count.value) if self._count is not None else 0


_STEP = _Step()


@contextlib.contextmanager
def step(name: str, total: int) -> Iterator[None]:
    """Count a step of ``total`` items (``advance`` each, in any process forked meanwhile);
    of none: a step named alone."""
    _STEP.begin(name, total)
    try:
        yield
    finally:
        _STEP.end()


def advance(count: int = 1) -> None:
    """``count`` more items of the step under way are done."""
    _STEP.advance(count)


def bar(done: int, total: int) -> str:
    """``[#########---------] 450/1000``"""
    filled = BAR_WIDTH * min(done, total) // max(1, total)
    return f"[{'#' * filled}{'-' * (BAR_WIDTH - filled)}] {done}/{total}"


@contextlib.contextmanager
def progress(label: str, stream: TextIO) -> Iterator[None]:
    """Report ``label`` and the time it has taken until the block ends."""
    if not _timer_free():
        yield
        return
    terminal = is_terminal(stream)
    started = time.monotonic()
    shown = [False]

    def tick(signum: int, frame: Any) -> None:
        elapsed = time.monotonic() - started
        text = f"{label}… {elapsed:.0f} s"
        if _STEP.total:
            done = _STEP.done()
            text += f" {_STEP.name} {bar(done, _STEP.total)}" if terminal else f", {_STEP.name} {done}/{_STEP.total}"
        elif _STEP.name:  # a step of no known size: waiting for another build, say
            text += f", {_STEP.name}"
        with contextlib.suppress(RuntimeError, OSError, ValueError):  # the stream busy or closed: skip a tick
            # On a terminal the cursor goes back to the line's start: what is printed next overwrites it.
            stream.write(f"\033[K{text}\r" if terminal else f"{text}\n")
            stream.flush()
            shown[0] = True

    previous = signal.signal(signal.SIGALRM, tick)
    signal.setitimer(signal.ITIMER_REAL, AFTER, TERMINAL_EVERY if terminal else EVERY)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        if terminal and shown[0]:
            with contextlib.suppress(OSError, ValueError):
                stream.write("\033[K")
                stream.flush()


def _timer_free() -> bool:
    """Whether the timer signal is ours to use: there is one, this is the main thread, and no one
    else (a test runner's timeout, say) has set a handler or a timer."""
    if not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        return False
    return signal.getsignal(signal.SIGALRM) in (signal.SIG_DFL, None) and signal.getitimer(signal.ITIMER_REAL) == (
        0.0,
        0.0,
    )


def is_terminal(stream: TextIO) -> bool:
    """Whether ``stream`` is a terminal that can redraw a line (``TERM=dumb``, Emacs's shell
    say, cannot clear one: it gets a line every few seconds, as a log does)."""
    try:
        return stream.isatty() and os.environ.get("TERM") != "dumb"
    except (AttributeError, ValueError):
        return False
