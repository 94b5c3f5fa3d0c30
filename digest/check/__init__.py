"""``digest check``: everything the build validates, plus what only a finished site shows.

Internal links, ``#anchors``, images and static files of the rendered pages must resolve
(errors); the same story kept twice and an article picked again in a later issue are
warnings; with ``--external``, outside links are asked over the network (failures are
warnings).  Problems are printed one per line as ``path:line: message`` (warnings prefixed
``warning:``; what is wrong with a draft, not published, ``note:`` unless ``--drafts``),
followed by a count.  The command exits 1 on errors, and on warnings too with ``--strict``.

This module stays light: the checker is imported only when a check runs.
"""

from __future__ import annotations

import argparse
import contextlib
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

DEFAULT_TIMEOUT = 10.0  # seconds per outside request; the same as external.DEFAULT_TIMEOUT


@dataclass(frozen=True)
class CheckReport:
    errors: int
    warnings: int

    def exit_code(self, strict: bool = False) -> int:
        """1 on errors (or on warnings when strict), else 0."""
        return 1 if self.errors or (strict and self.warnings) else 0


def add_check_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of ``digest check`` (``--drafts``/``--future`` only if the parser lacks them)."""
    parser.add_argument("--strict", action="store_true", help="exit 1 on warnings too, not only on errors")
    parser.add_argument("--external", action="store_true", help="also check links to other sites (needs the network)")
    parser.add_argument(
        "--timeout",
        type=_positive_seconds,
        default=DEFAULT_TIMEOUT,
        metavar="SECONDS",
        help=f"how long to wait for each outside link with --external (default: {DEFAULT_TIMEOUT:g})",
    )
    for flag, text in (("--drafts", "include drafts"), ("--future", "include content dated in the future")):
        with contextlib.suppress(argparse.ArgumentError):  # the caller added the build options already
            parser.add_argument(flag, action="store_true", help=text)


def run_check(args: argparse.Namespace, site_dir: Path, out: TextIO, err: TextIO) -> CheckReport:
    """Check the site; print every problem and a count to ``out``; return the counts."""
    from digest.check.problems import NOTE, count_line, sort_problems
    from digest.check.run import CheckOptions, check_site

    options = CheckOptions(
        drafts=getattr(args, "drafts", False),
        future=getattr(args, "future", False),
        external=getattr(args, "external", False),
        timeout=getattr(args, "timeout", DEFAULT_TIMEOUT),
        base_url=getattr(args, "base_url", None),
    )
    if options.external:
        print("checking outside links too; this needs the network and may take a while", file=err)
    result = check_site(site_dir, options)
    problems = sort_problems(result.problems)
    for problem in problems:
        print(str(problem), file=out)
    errors = sum(1 for problem in problems if problem.is_error)
    notes = sum(1 for problem in problems if problem.severity == NOTE)
    warnings = len(problems) - errors - notes
    if result.built:
        checked = f"{_count(result.pages, 'page')}, {_count(result.links, 'internal link')}"
        if options.external:
            checked += f", {_count(result.outside, 'outside link')}"
    else:
        checked = "the build failed"
    print(count_line(errors, warnings, checked, notes), file=out)
    return CheckReport(errors, warnings)


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def _positive_seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number of seconds, got {text!r}") from None
    if not 0 < value <= 3600:
        raise argparse.ArgumentTypeError(f"expected more than 0 seconds and at most 3600, got {text}")
    return value
