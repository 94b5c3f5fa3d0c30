"""The curator's week: scheduled issues get their email edition before they are published."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tests.conftest import CliResult, article

ISSUES = {
    "content/articles/2019-06-22-vote.md": article("Istanbul votes again", date="2019-06-22", topics="Politics"),
    "content/articles/2999-01-01-later.md": article("A story from later", date="2999-01-01", topics="Politics"),
    "content/digests/2019-06-28-week-26.md": "---\ntitle: 'Week 26: Istanbul votes, and the lira'\n"
    "date: 2019-06-28\npicks:\n  - article: vote\n    note: A re-run.\n---\nIntro.\n",
    "content/digests/2999-01-07-week-27.md": "---\ntitle: 'Week 27: scheduled'\ndate: 2999-01-07\npicks:\n"
    "  - article: later\n    note: Not out yet.\n---\nIntro.\n",
    "content/digests/2019-07-12-week-28.md": "---\ntitle: Week 28\ndate: 2019-07-12\ndraft: true\npicks:\n"
    "  - article: vote\n    note: Still a draft.\n---\nIntro.\n",
}


def test_email_of_a_future_issue_by_title_prefix(
    make_site: Callable[..., Path], cli: Callable[..., CliResult], tmp_path: Path
) -> None:
    site = make_site(ISSUES)
    result = cli("email", "Week 27", "-C", site, "--output", tmp_path / "out")
    assert result.code == 0, result.err
    assert sorted(path.name for path in (tmp_path / "out").iterdir()) == ["email.html", "email.txt"]
    assert "Not out yet." in (tmp_path / "out/email.html").read_text()
    assert "A story from later" in (tmp_path / "out/email.txt").read_text()
    assert not (site / "public/digests/week-27").exists()  # the published site keeps it for its date


def test_email_of_a_draft_by_file_name_and_slug(
    make_site: Callable[..., Path], cli: Callable[..., CliResult], tmp_path: Path
) -> None:
    site = make_site(ISSUES)
    for ref in ("2019-07-12-week-28.md", "week-28", "content/digests/2019-07-12-week-28.md"):
        result = cli("email", ref, "-C", site, "-o", tmp_path / ref.replace("/", "_"))
        assert result.code == 0, result.err
        assert "Still a draft." in (tmp_path / ref.replace("/", "_") / "email.html").read_text()


def test_email_of_a_published_issue_by_title_prefix(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    site = make_site(ISSUES)
    result = cli("email", "week 26", "-C", site)
    assert result.code == 0, result.err
    paths = [Path(line) for line in result.out.split()]
    assert paths == [
        site.absolute() / "public/digests/week-26/email.html",
        site.absolute() / "public/digests/week-26/email.txt",
    ]


def test_email_lists_the_candidates_when_it_cannot_choose(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    site = make_site(ISSUES)
    ambiguous = cli("email", "Week 2", "-C", site)
    assert ambiguous.code == 2
    assert "names 3 issues" in ambiguous.err
    missing = cli("email", "Week 99", "-C", site)
    assert missing.code == 2
    assert "no digest issue matches 'Week 99'" in missing.err
    for slug in ("week-26", "week-27", "week-28"):
        assert slug in missing.err


def test_email_warns_about_the_default_base_url(make_site: Callable[..., Path], cli: Callable[..., CliResult]) -> None:
    site = make_site(ISSUES, config="title: Test\n")
    result = cli("email", "week-26", "-C", site)
    assert result.code == 0
    assert "warning: digest.yaml:1: base_url is still the default http://localhost:8000/" in result.err
