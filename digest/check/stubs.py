"""Content left as ``digest new`` or ``digest import`` made it: placeholder text, notes left empty, issues
without picks, articles whose date was inferred at import (``date_inferred: true``).

Warnings: a stub is harmless while it is a draft, but the curator should hear of it before
the flag is cleared.  Drafts are looked at too, and said to be drafts: notes, which do not fail
``--strict`` (a draft is not published), unless the check takes drafts in (``--drafts``).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

from digest.check.problems import ERROR, NOTE, WARNING, Problem, from_digest_error
from digest.config import SiteConfig, default_base_url_problem, load_key_lines
from digest.content import content_files
from digest.errors import ContentError, DigestError
from digest.frontmatter import conflict_message, merge_conflict, parse_document
from digest.importer.settings import parse_import_settings
from digest.layout import CONTENT_DIR
from digest.scaffold import PLACEHOLDERS


def check_stubs(site_dir: Path, drafts: bool = False) -> list[Problem]:
    """What ``digest new`` and ``digest import`` left; a draft's as notes unless ``drafts``."""
    problems: list[Problem] = []
    for kind, path in content_files(site_dir):
        if kind in ("articles", "digests", "pages", "topics"):
            problems += _stub_problems(site_dir, kind, path, drafts)
    return problems


def issue_stubs(site_dir: Path, path: str) -> list[DigestError]:
    """What ``digest new`` left in one issue, draft or not (placeholder text, notes left empty,
    no picks), as warnings in file order: ``digest email`` tells of them, since a newsletter
    goes out as it is."""
    found = sorted(_stub_problems(site_dir, "digests", path, True))
    return [ContentError(problem.message, problem.path, problem.line) for problem in found]


# content/static/ and content/root/ files larger than this are not looked into (no stylesheet,
# script or _redirects file is; a film or an archive is not text).
_AS_IS_TEXT_LIMIT = 2_000_000


def check_published_as_is(site_dir: Path) -> list[Problem]:
    """Text files of content/static/ and content/root/ that git could not merge, which the
    build publishes as they are, both sides of the conflict: an error at the first marker."""
    problems: list[Problem] = []
    for folder in ("static", "root"):
        for root, _, files in os.walk(site_dir / CONTENT_DIR / folder):
            for name in files:
                path = Path(root, name)
                try:
                    if path.stat().st_size > _AS_IS_TEXT_LIMIT:
                        continue
                    data = path.read_bytes()
                except OSError:
                    continue  # the build reports what it cannot copy
                if b"<<<<<<<" not in data or b"\0" in data:
                    continue
                lines = data.decode("utf-8", "replace").replace("\r\n", "\n").split("\n")
                if (line := merge_conflict(lines)) is not None:
                    shown = path.relative_to(site_dir).as_posix()
                    problems.append(Problem(shown, line, conflict_message(lines[line - 1]), ERROR))
    return problems


def check_base_url(site_dir: Path, config: SiteConfig) -> list[Problem]:
    """The default base_url, a warning (and so an error under ``--strict``)."""
    problem = default_base_url_problem(site_dir, config)
    return [Problem(problem.path or "", problem.line or 1, problem.message, WARNING)] if problem else []


def check_import_settings(site_dir: Path, config: SiteConfig) -> list[Problem]:
    """digest.yaml's ``import:`` section, which the build does not read: what ``digest import``
    would refuse (errors) or pass over (warnings), found before an import imports nothing."""
    if not config.importer:
        return []
    report = parse_import_settings(config.importer, load_key_lines(site_dir))
    return [from_digest_error(error) for error in report.errors] + [
        from_digest_error(warning, WARNING) for warning in report.warnings
    ]


def _stub_problems(site_dir: Path, kind: str, path: str, drafts: bool) -> Iterator[Problem]:
    try:
        text = (site_dir / path).read_text(encoding="utf-8").replace("\r\n", "\n")
        # (an article or page with no placeholder and no inferred date is not parsed: at
        # 10,000 articles, reading their front matter again took seconds)
        if kind != "digests" and "date_inferred" not in text and not any(stub in text for stub in PLACEHOLDERS):
            return
        document = parse_document(text, path)
    except (OSError, UnicodeDecodeError, ContentError):
        return  # the build reports what cannot be read
    draft = " (a draft)" if document.meta.get("draft") is True else ""
    severity = NOTE if draft and not drafts else WARNING
    for number, text in enumerate(document.body.split("\n"), document.body_line):
        if text.strip() in PLACEHOLDERS:
            yield Problem(path, number, f"placeholder text left from 'digest new'{draft}: {text.strip()!r}", severity)
    if kind == "articles" and document.meta.get("date_inferred") is True:
        message = (
            f"date: {document.meta.get('date')!s} was inferred at import, not given by the source{draft} "
            "(date_inferred: true); check it, then remove date_inferred"
        )
        yield Problem(path, document.line_of("date"), message, severity)
    picks = document.meta.get("picks")
    if kind == "digests" and not picks:
        line = document.line_of("picks") if "picks" in document.meta else 1
        yield Problem(
            path, line, f"this issue picks no articles{draft}; add picks: [{{article: ..., note: ...}}]", severity
        )
    elif kind == "digests" and isinstance(picks, list):
        # digest new --since writes note: "" under each pick, to be filled in (a pick without a
        # note leaves the key out)
        empty = [index for index, pick in enumerate(picks) if isinstance(pick, dict) and pick.get("note") == ""]
        if empty:
            numbers = _in_runs([index + 1 for index in empty])
            message = (
                f"{len(empty)} note{'s' if len(empty) > 1 else ''} left empty by 'digest new'{draft}: "
                f"pick{'s' if len(empty) > 1 else ''} {numbers}; write why each matters, or remove the note: line"
            )
            yield Problem(path, document.line_of("picks", empty[0], "note"), message, severity)


def _in_runs(numbers: list[int]) -> str:
    """Rising numbers as a reader counts them, three or more in a row as a run: ``1-5, 7, 8``."""
    runs: list[list[int]] = []
    for number in numbers:
        if runs and number == runs[-1][-1] + 1:
            runs[-1].append(number)
        else:
            runs.append([number])
    return ", ".join(f"{run[0]}-{run[-1]}" if len(run) > 2 else ", ".join(map(str, run)) for run in runs)
