"""What ``digest check`` finds: one ``Problem`` per message, errors and warnings, in file order."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from digest.errors import DigestError

ERROR = "error"
WARNING = "warning"
# What is wrong with a draft, which a check without --drafts does not take in: said, never
# counted as a warning (nor so an error under --strict).
NOTE = "note"


@dataclass(frozen=True, order=True)
class Problem:
    """One finding, located in a file (content, template or output page) and line when known."""

    path: str
    line: int
    message: str
    severity: str = ERROR

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.path and self.line else self.path
        text = f"{where}: {self.message}" if where else self.message
        return text if self.is_error else f"{self.severity}: {text}"


def from_digest_error(error: DigestError, severity: str = ERROR) -> Problem:
    return Problem(error.path or "", error.line or 0, error.message, severity)


def sort_problems(problems: Iterable[Problem]) -> list[Problem]:
    """Unique problems, by file and line, so that a file's problems read top to bottom."""
    return sorted(set(problems), key=lambda problem: (problem.path, problem.line, problem.message))


def count_line(errors: int, warnings: int, checked: str = "", notes: int = 0) -> str:
    """``3 errors, 1 warning`` (or ``no problems``), after what was checked; and the notes on drafts."""
    found = (
        f"{_plural(errors, 'error')}, {_plural(warnings, 'warning')}" if errors or warnings or notes else "no problems"
    )
    if notes:
        found += f"; {_plural(notes, 'note')} on drafts (--drafts checks them)"
    return f"check: {checked}: {found}" if checked else f"check: {found}"


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"
