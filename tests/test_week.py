"""The curator's week: scheduled issues get their email edition before they are published."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tests.conftest import REPO, CliResult, article, said
from tests.deploy_helpers import bare_repository, git, s3_objects, s3_server

__all__ = ["s3_server"]  # the fixture, used by name

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


def test_email_of_a_scheduled_issue_builds_no_other_unpublished_issue_or_draft(
    make_site: Callable[..., Path], cli: Callable[..., CliResult], tmp_path: Path
) -> None:
    """Next week's issue, begun as a draft, and a draft article, both half written, are
    not this week's newsletter's concern: it is built from the site as it will be when
    its issue comes out, with the issue and its picks."""
    unfinished = {
        "content/digests/2999-01-14-week-29.md": "---\ntitle: Week 29 begun\ndate: 2999-01-14\ndraft: true\n"
        "picks:\n  - article: latr\n---\nIntro.\n",
        "content/articles/2019-06-23-notes.md": "---\ntitle: Notes\ndate: 2019-06-23\ntopics: [Politics]\n"
        "draft: true\n---\nSee [the plan](2019-06-24-plan.md).\n",
    }
    site = make_site({**ISSUES, **unfinished})
    result = cli("email", "Week 27", "-C", site, "--output", tmp_path / "out")
    assert result.code == 0, result.err
    assert "A story from later" in (tmp_path / "out/email.txt").read_text()
    own = cli("email", "Week 29 begun", "-C", site, "-o", tmp_path / "next")
    assert own.code == 1  # its own pick, still wrong
    assert "2999-01-14-week-29.md:6: pick 1: 'latr' names no existing article" in own.err
    later = site / "content/digests/2999-01-14-week-29.md"
    later.write_text(later.read_text().replace("latr", "later\n    note: Again.\n  - article: notes"))
    result = cli("email", "Week 29 begun", "-C", site, "-o", tmp_path / "next")
    assert result.code == 1  # the draft it picks is built with it, and its link leads nowhere
    assert "content/articles/2019-06-23-notes.md:7: link to" in result.err


def test_email_of_an_issue_by_its_file_name_typed_composed_where_it_is_stored_decomposed(
    make_site: Callable[..., Path], cli: Callable[..., CliResult], tmp_path: Path
) -> None:
    """A site copied from a Mac keeps ``é`` of a file's name as ``e`` and a combining accent:
    the name typed finds it, as the build finds it for a pick."""
    issue = "---\ntitle: Café\ndate: 2019-07-12\n---\nAbout coffee.\n"
    site = make_site({"content/digests/2019-07-12-cafe\u0301.md": issue})
    for ref in ("2019-07-12-caf\u00e9.md", "2019-07-12-caf\u00e9", "content/digests/2019-07-12-caf\u00e9.md"):
        result = cli("email", ref, "-C", site, "-o", tmp_path / ref.replace("/", "_"))
        assert result.code == 0, result.err
        assert "About coffee." in (tmp_path / ref.replace("/", "_") / "email.html").read_text()


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


def test_a_title_prefix_must_end_a_word(make_site: Callable[..., Path], cli: Callable[..., CliResult]) -> None:
    """ "Week 2" is not taken for "Week 26" even when no other issue starts so: it is offered."""
    only = {path: text for path, text in ISSUES.items() if "week-27" not in path and "week-28" not in path}
    site = make_site(only)
    result = cli("email", "Week 2", "-C", site)
    assert result.code == 2
    assert "no digest issue is called 'Week 2'; did you mean this one?" in result.err and "week-26" in result.err
    assert not (site / "public").exists()


def test_email_warns_about_the_default_base_url(make_site: Callable[..., Path], cli: Callable[..., CliResult]) -> None:
    site = make_site(ISSUES, config="title: Test\n")
    result = cli("email", "week-26", "-C", site)
    assert result.code == 0
    assert "warning: digest.yaml:1: base_url is still the default http://localhost:8000/" in result.err


def test_the_week_end_to_end(cli: Callable[..., CliResult], tmp_path: Path, s3_server: str) -> None:
    """Import, list, pick, write notes, email the scheduled issue, build, check, deploy twice."""
    site = tmp_path / "brief"
    assert cli("init", site).code == 0
    remote = bare_repository(tmp_path / "remote.git")
    config = (site / "digest.yaml").read_text().replace("http://localhost:8000/", "https://brief.example.org/")
    (site / "digest.yaml").write_text(
        config
        + "search: false\ndeploy:\n"
        + f"  - {{name: pages, type: github-pages, remote: '{remote}', branch: gh-pages}}\n"
        + f"  - {{name: s3, type: s3, bucket: site, endpoint_url: '{s3_server}', region: us-east-1}}\n"
    )
    scrapes = sorted(str(path) for path in (REPO / "tests/importer/fixtures/scrapes").glob("*.txt"))
    imported = cli("import", "-C", site, *scrapes)
    assert imported.code == 0, imported.err

    unpicked = cli("list", "--unpicked", "--since", "2024-06-01", "-C", site)
    assert unpicked.code == 0, unpicked.err
    this_week = unpicked.out.strip().splitlines()[1:-1]
    assert len(this_week) >= 3

    made = cli("new", "digest", "Week 27: rates and talks", "--since", "2024-06-01", "--date", "2999-01-07", "-C", site)
    assert made.code == 0, made.err
    issue = site / "content/digests/2999-01-07-week-27-rates-and-talks.md"
    text = issue.read_text()
    assert text.count('note: ""') == len(this_week)
    notes = iter(range(1, 100))
    while 'note: ""' in text:
        text = text.replace('note: ""', f'note: "Why story {next(notes)} matters."', 1)
    text = text.replace("An introduction to this issue, in Markdown.", "The week in Turkey.")
    issue.write_text(text.replace("draft: true", "draft: false"))
    assert cli("list", "--unpicked", "--since", "2024-06-01", "-C", site).out.strip().splitlines()[-1].startswith("0 ")

    email = cli("email", "Week 27", "-C", site, "--output", tmp_path / "newsletter")
    assert email.code == 0, email.err
    assert "Why story 1 matters." in (tmp_path / "newsletter/email.html").read_text()
    assert "Why story 2 matters." in (tmp_path / "newsletter/email.txt").read_text()

    built = cli("build", "-C", site)
    assert built.code == 0, built.err
    assert said(built.err) == []
    assert not (site / "public/digests/week-27-rates-and-talks").exists()  # scheduled, not yet published
    check = cli("check", "--strict", "-C", site)
    assert check.code == 0, check.out + check.err

    assert cli("deploy", "pages", "-C", site).code == 0
    assert "articles/welcome-to-digest/index.html" in git(remote, "ls-tree", "-r", "--name-only", "gh-pages")
    first = cli("deploy", "s3", "-C", site)
    assert first.code == 0, first.err
    total = len(s3_objects(s3_server))

    # one article edited: its page, and the pages that show its summary, are all that go up
    edited = next((site / "content/articles").glob("*turkeys-inflation*.md"))
    edited.write_text(edited.read_text() + "\nOne more paragraph.\n")
    dry = cli("deploy", "s3", "--dry-run", "-C", site)
    planned = [line.split()[1] for line in dry.out.splitlines() if line.startswith("  upload ")]
    assert planned == ["articles/turkeys-inflation-eases-for-first-time-in-eight-months/index.html"]
    second = cli("deploy", "s3", "-C", site)
    assert second.code == 0, second.err
    assert f"s3: uploaded 1, deleted 0, {total - 1} unchanged" in second.out
    assert cli("deploy", "pages", "-C", site).code == 0
    assert git(remote, "rev-list", "--count", "gh-pages").strip() == "2"


def test_email_warns_about_an_issue_without_picks(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    site = make_site(ISSUES)
    assert cli("new", "digest", "Week 30", "--date", "2019-07-26", "-C", site).code == 0
    result = cli("email", "Week 30", "-C", site, "-o", site / "out")
    assert result.code == 0, result.err
    assert "warning: content/digests/2019-07-26-week-30.md:6: this issue picks no articles" in result.err
