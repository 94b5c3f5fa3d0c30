"""Finding a digest issue by what a curator calls it: slug, file name, title or its start.

``"Week 26"`` finds ``Week 26: Istanbul votes…`` when no other issue's title starts so (and
a word ends there: ``"Week 5"`` is not taken for ``Week 50``); when a name matches no issue
or several, the error lists the candidates.
"""

from __future__ import annotations

import posixpath
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from digest.config import load_config
from digest.errors import DigestError
from digest.layout import as_typed
from digest.listing import Issue, load_listing
from digest.model import columns, folded

MAX_LISTED = 15


class IssueNotFound(DigestError):
    """No issue, or more than one, answers to the name given."""


def find_issue(issues: Sequence[Issue], ref: str) -> Issue:
    """The one issue ``ref`` names; raise IssueNotFound listing the candidates otherwise."""
    wanted = ref.strip()
    for rule in (_by_file_or_slug, _by_title, _by_title_prefix):
        found = [issue for issue in issues if rule(issue, wanted)]
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            raise IssueNotFound(f"{ref!r} names {len(found)} issues; give one of:\n{describe_issues(found)}")
    started = [issue for issue in issues if _starts_title(issue, wanted)]
    if len(started) > 1:
        raise IssueNotFound(f"{ref!r} names {len(started)} issues; give one of:\n{describe_issues(started)}")
    if started:  # "Week 5" when only "Week 50" exists: not taken for it
        raise IssueNotFound(
            f"no digest issue is called {ref!r}; did you mean this one? Give its slug:\n{describe_issues(started)}"
        )
    if not issues:
        raise IssueNotFound(f"no digest issue matches {ref!r}: the site has no issues in content/digests/")
    listed = describe_issues(issues[:MAX_LISTED])
    more = f"\n  … and {len(issues) - MAX_LISTED} more" if len(issues) > MAX_LISTED else ""
    raise IssueNotFound(f"no digest issue matches {ref!r}; the issues are (slug, date, title):\n{listed}{more}")


def is_published(issue: Issue, now: datetime) -> bool:
    """Whether a build without --drafts and --future shows the issue."""
    return not issue.draft and (issue.date is None or issue.date <= now)


def picked_paths(site_dir: Path, issue: Issue) -> list[str]:
    """The files of the articles ``issue`` picks, whichever name each pick gives its article."""
    config, _ = load_config(site_dir)
    return [article.path for article in load_listing(site_dir, config).articles if issue.slug in article.picked_in]


def describe_issues(issues: Sequence[Issue]) -> str:
    """A line each: slug, date, title, and ``[draft]`` or ``[scheduled]`` (as ``digest list`` marks them)."""
    lines = []
    now = datetime.now(UTC)
    width = max((columns(issue.slug) for issue in issues), default=0)  # (the slugs in one column)
    for issue in issues:
        when = issue.date.date().isoformat() if issue.date else "no date"
        flags = " [draft]" if issue.draft else " [scheduled]" if issue.date and issue.date > now else ""
        slug = issue.slug + " " * (width - columns(issue.slug))
        lines.append(f"  {slug}  {when:<10}  {issue.title}{flags}")
    return "\n".join(lines)


def _by_file_or_slug(issue: Issue, wanted: str) -> bool:
    # (a name typed composed finds a file whose name is kept decomposed, as macOS keeps it)
    path, wanted = as_typed(issue.path), as_typed(wanted)
    stem = posixpath.basename(path)[:-3]
    return wanted in (path, issue.slug, stem, f"{stem}.md") or path.endswith(f"/{wanted}")


# Titles are compared as typed: in any case, with or without accents ("HAFTA 48: İSTANBUL",
# "Hafta 48: Istanbul" for "Hafta 48: İstanbul"; an Arabic alef without its hamza).


def _by_title(issue: Issue, wanted: str) -> bool:
    return bool(wanted) and folded(issue.title) == folded(wanted)


def _by_title_prefix(issue: Issue, wanted: str) -> bool:
    """The title starts with ``wanted`` and a word ends there: "Week 5" is not "Week 50"."""
    if not _starts_title(issue, wanted):
        return False
    after = folded(issue.title)[len(folded(wanted)) : len(folded(wanted)) + 1]
    return not (after.isalnum() and wanted[-1:].isalnum())


def _starts_title(issue: Issue, wanted: str) -> bool:
    return bool(wanted) and folded(issue.title).startswith(folded(wanted))
