"""What the user sees while importing: one line per article or error, a progress bar, a summary.

Result lines go to ``out``, error lines (``<source>: error: <reason>``) to ``err``.  The
progress bar is drawn on ``err`` only when it is a terminal and there are more than
PROGRESS_MIN sources; it is cleared before every line so the two never mix.
"""

from __future__ import annotations

from typing import TextIO

from digest.progress import bar, is_terminal

PROGRESS_MIN = 10


class Reporter:
    """Prints an import's lines, errors and summary, and draws the progress bar."""

    def __init__(self, out: TextIO, err: TextIO, total: int):
        self.out = out
        self.err = err
        self.total = total
        self.done = 0
        self.bar = total > PROGRESS_MIN and is_terminal(err)

    def line(self, text: str) -> None:
        self._clear()
        print(text, file=self.out, flush=True)
        self._draw()

    def error(self, source: str, reason: str) -> None:
        self._clear()
        print(f"{source}: error: {reason}", file=self.err, flush=True)
        self._draw()

    def warning(self, text: str) -> None:
        self._clear()
        print(text, file=self.err, flush=True)
        self._draw()

    def advance(self) -> None:
        """One more source finished."""
        self.done += 1
        self._draw()

    def finish(self, summary: str) -> None:
        self._clear()
        self.bar = False
        print(summary, file=self.out, flush=True)

    def _draw(self) -> None:
        if self.bar:
            self.err.write(f"\r{bar(self.done, self.total)}")
            self.err.flush()

    def _clear(self) -> None:
        if self.bar:
            self.err.write("\r\x1b[K")
