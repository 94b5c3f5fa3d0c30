"""A sign of life on stderr while a long command runs (build, check, import).

Nothing for the first ``AFTER`` seconds, so quick runs stay quiet.  Then, on a terminal,
one line redrawn in place every second; otherwise (a log, CI) a line every ``EVERY``
seconds.  It runs on a timer signal in the main thread rather than in a thread of its own:
the builder forks worker processes only when no other thread runs, and a timer is not
inherited by them.  Where there is no such timer (Windows, or not the main thread) it stays
silent.
"""

from __future__ import annotations

import contextlib
import signal
import threading
import time
from collections.abc import Iterator
from typing import Any, TextIO

AFTER = 2.0  # seconds of silence before the first line
EVERY = 5.0  # seconds between lines when stderr is not a terminal
TERMINAL_EVERY = 1.0


@contextlib.contextmanager
def progress(label: str, stream: TextIO) -> Iterator[None]:
    """Report ``label`` and the time it has taken until the block ends."""
    if not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        yield
        return
    terminal = _is_terminal(stream)
    started = time.monotonic()
    shown = [False]

    def tick(signum: int, frame: Any) -> None:
        elapsed = time.monotonic() - started
        text = f"{label}… {elapsed:.0f} s"
        with contextlib.suppress(RuntimeError, OSError, ValueError):  # the stream busy or closed: skip a tick
            stream.write(f"\r{text}\033[K" if terminal else f"{text}\n")
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
                stream.write("\r\033[K")
                stream.flush()


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
