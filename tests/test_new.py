"""``digest new``: drafts with --date, topics required, and an issue pre-filled with --since."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from digest.frontmatter import parse_document
from tests.conftest import REPO, CliResult, article

WEEK = {
    "content/articles/2019-06-18-old.md": article("Old story", date="2019-06-18", topics="Turkey"),
    "content/articles/2019-06-22-vote.md": article("Istanbul votes again", date="2019-06-22", topics="Politics"),
    "content/articles/2019-06-25-lira.md": article("Lira slides", date="2019-06-25", topics="Economy"),
    "content/articles/2019-06-27-s400.md": article("Missiles arrive", date="2019-06-27", topics="Politics, Turkey"),
    "content/articles/2019-06-26-draft.md": article("Unfinished", date="2019-06-26").replace(
        "topics:", "draft: true\ntopics:"
    ),
    "content/digests/2019-06-21-week-25.md": "---\ntitle: Week 25\ndate: 2019-06-21\npicks:\n"
    "  - article: lira\n    note: Already picked.\n---\nIntro.\n",
}


def meta(path: Path) -> dict:
    return parse_document(path.read_text(encoding="utf-8"), path).meta


def test_picks_of_slugs_yaml_reads_otherwise_are_written_in_quotes_and_build(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    """A review of '1984' and a story called 'No' have the slugs 1984 and no, which YAML
    reads unquoted as a number and as false: the pre-filled issue quotes them, and a pick
    written by hand as ``article: 1984`` names the article as ``slug: 1984`` would."""
    site = make_site(
        {
            "content/articles/2019-06-22-1984.md": article("1984", date="2019-06-22", topics="Books"),
            "content/articles/2019-06-23-no.md": article("No", date="2019-06-23", topics="Politics"),
            "content/articles/2019-06-24-0x1f.md": article("0x1f", date="2019-06-24", topics="Tech"),
        }
    )
    made = cli("new", "digest", "Week 26", "--since", "2019-06-21", "--date", "2019-06-28", "--no-draft", "-C", site)
    assert made.code == 0, made.err
    issue = site / "content/digests/2019-06-28-week-26.md"
    assert [pick["article"] for pick in meta(issue)["picks"]] == ["0x1f", "no", "1984"]
    issue.write_text(issue.read_text().replace('note: ""', "note: Read it.").replace("An introduction", "The"))
    built = cli("build", "-C", site)
    assert built.code == 0, built.err
    assert [line.split()[3] for line in cli("list", "-C", site).out.splitlines()[1:-1]] == ["week-26"] * 3
    issue.write_text(
        issue.read_text().replace('article: "1984"', "article: 1984").replace('article: "no"', "article: no")
    )
    result = cli("build", "-C", site)
    assert result.code == 1
    assert result.err.splitlines()[0] == (
        "content/digests/2019-06-28-week-26.md:9: pick 2.article: YAML reads this as true or false "
        "(as yes, no, on, off are), not as a slug: write it in quotes"
    )
    assert "pick 3" not in result.err  # 1984: the article's slug, as written


def test_new_article_is_a_draft_with_the_date_given(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    site = make_site({})
    result = cli("new", "article", "Lira slides", "--topic", "Economy", "--date", "2019-06-25", "-C", site)
    assert result.code == 0, result.err
    path = site / "content/articles/2019-06-25-lira-slides.md"
    assert meta(path)["draft"] is True and meta(path)["date"] == "2019-06-25"
    published = cli("new", "article", "Ready", "--topic", "Economy", "--no-draft", "-C", site)
    assert published.code == 0
    assert cli("build", "-C", site).code == 0
    assert not (site / "public/articles/lira-slides/index.html").exists()
    assert (site / "public/articles/ready/index.html").is_file()


def test_new_files_are_dated_today_where_the_site_is_published(
    make_site: Callable[..., Path], cli: Callable[..., CliResult], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The computer's date is a day ahead of the site's (UTC+14 against UTC-11): a new article
    dated by the computer would be in the future, and left out of the build."""
    monkeypatch.setenv("TZ", "Pacific/Kiritimati")
    time.tzset()
    try:
        site = make_site({}, 'title: T\nbase_url: "https://example.org/"\ntimezone: Pacific/Pago_Pago\n')
        result = cli("new", "article", "Ready", "--topic", "Economy", "--no-draft", "-C", site)
        assert result.code == 0, result.err
        today = datetime.now(ZoneInfo("Pacific/Pago_Pago")).date()
        assert today != date.today()
        assert (site / f"content/articles/{today.isoformat()}-ready.md").is_file()
        assert cli("new", "digest", "Week", "--no-draft", "-C", site).code == 0
        assert (site / f"content/digests/{today.isoformat()}-week.md").is_file()
        assert cli("build", "-C", site).code == 0
        assert (site / "public/articles/ready/index.html").is_file()  # not in the future
    finally:
        monkeypatch.undo()
        time.tzset()


def test_new_article_without_a_topic_is_refused(make_site: Callable[..., Path], cli: Callable[..., CliResult]) -> None:
    site = make_site({})
    result = cli("new", "article", "No topic", "-C", site)
    assert result.code == 2
    assert "--topic" in result.err
    assert not (site / "content/articles").exists()


def test_a_bad_date_is_a_usage_error(make_site: Callable[..., Path], cli: Callable[..., CliResult]) -> None:
    result = cli("new", "digest", "Week 27", "--date", "2019-13-40", "-C", make_site({}))
    assert result.code == 2
    assert "2019-13-40" in result.err


def test_new_digest_since_prefills_unpicked_articles_newest_first(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    site = make_site(WEEK)
    result = cli("new", "digest", "Week 26", "--since", "2019-06-21", "--date", "2019-06-28", "-C", site)
    assert result.code == 0, result.err
    data = meta(site / "content/digests/2019-06-28-week-26.md")
    assert data["draft"] is True
    # newest first; not the one dated before --since, not the draft, not the one Week 25 picked
    assert data["picks"] == [{"article": "s400", "note": ""}, {"article": "vote", "note": ""}]
    assert "2 pick(s)" in result.out
    assert "1 picked in earlier issues left out (digest list --since 2019-06-21 shows them)" in result.out
    # digest list --unpicked shows the draft: the issue says why it does not have it
    assert "1 draft(s) left out (set draft: false to pick them)" in result.out


def test_new_digest_since_writes_no_issue_of_more_picks_than_the_build_allows(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    """An issue of every article since a date long ago would be refused by the build
    (limits.picks_per_issue): nothing is written, and the message says how to narrow it."""
    site = make_site(WEEK, 'title: T\nbase_url: "https://example.org/"\nlimits: {picks_per_issue: 1}\n')
    result = cli("new", "digest", "Week 26", "--since", "2019-06-21", "--date", "2019-06-28", "-C", site)
    assert result.code == 2
    assert (
        "2 articles since 2019-06-21 that no issue has picked, and an issue may pick 1 (limits.picks_per_issue "
        "in digest.yaml): choose a later --since, or narrow it with --topic or --source; nothing was written"
    ) in result.err
    assert not (site / "content/digests/2019-06-28-week-26.md").exists()
    assert cli("new", "digest", "Week 26", "--since", "2019-06-27", "--date", "2019-06-28", "-C", site).code == 0


def test_new_digest_since_prefills_only_the_topics_or_source_asked_for(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    files = dict(WEEK)
    files["content/articles/2019-06-23-court.md"] = article("Court rules", date="2019-06-23", topics="Turkey").replace(
        "topics:", 'source: {name: "Daily Sabah"}\ntopics:'
    )
    site = make_site(files)
    result = cli("new", "digest", "Week 26", "--since", "2019-06-01", "--topic", "turkey", "-C", site)
    assert result.code == 0, result.err
    path = next((site / "content/digests").glob("*-week-26.md"))
    assert [pick["article"] for pick in meta(path)["picks"]] == ["s400", "court", "old"]
    path.unlink()
    result = cli(
        "new", "digest", "Week 26", "--since", "2019-06-01", "--topic", "Turkey", "--source", "sabah", "-C", site
    )
    assert result.code == 0, result.err
    assert [pick["article"] for pick in meta(path)["picks"]] == ["court"]


def test_new_digest_for_a_topic_no_article_has_says_so_with_the_nearest(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    """A misspelt ``--topic`` pre-filled an issue with nothing and said only "0 pick(s)": it is
    told, as ``digest list`` tells it, with the topic meant."""
    site = make_site(WEEK)
    result = cli("new", "digest", "Week 26", "--since", "2019-06-01", "--topic", "Politcs", "-C", site)
    assert result.code == 0, result.err
    assert "note: no article has the topic 'Politcs'; did you mean 'Politics'?" in result.err
    path = next((site / "content/digests").glob("*-week-26.md"))
    path.unlink()
    # A topic whose articles are all picked already is no mistake: no note.
    picked = cli("new", "digest", "Week 26", "--since", "2019-06-01", "--topic", "Economy", "-C", site)
    assert picked.code == 0 and "no article has the topic" not in picked.err
    # Nothing to pick is said in words, not as "0 pick(s), each with an empty note".
    assert picked.out.splitlines()[-1] == (
        "no picks: nothing since 2019-06-01 to pick; "
        "1 picked in earlier issues left out (digest list --since 2019-06-01 shows them)"
    )


def test_new_digest_grouped_by_topic(make_site: Callable[..., Path], cli: Callable[..., CliResult]) -> None:
    site = make_site(WEEK)
    result = cli("new", "digest", "Week 26", "--since", "2019-06-01", "--group-by", "topic", "-C", site)
    assert result.code == 0, result.err
    path = next((site / "content/digests").glob("*-week-26.md"))
    assert [pick["article"] for pick in meta(path)["picks"]] == [
        "s400",
        "vote",
        "old",
    ]  # Politics (newest first), then Turkey
    assert "  # Politics\n" in path.read_text()


def test_a_prefilled_draft_issue_builds_with_drafts(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    site = make_site(WEEK)
    cli("new", "digest", "Week 26", "--since", "2019-06-21", "--date", "2019-06-28", "-C", site)
    assert cli("build", "-C", site).code == 0
    assert not (site / "public/digests/week-26").exists()
    built = cli("build", "--drafts", "-C", site)
    assert built.code == 0, built.err
    assert "Missiles arrive" in (site / "public/digests/week-26/index.html").read_text()


def test_check_warns_about_placeholders_and_issues_without_picks(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    site = make_site({})
    cli("new", "article", "Stub", "--topic", "Economy", "--no-draft", "--date", "2019-06-25", "-C", site)
    cli("new", "digest", "Week 27", "--no-draft", "--date", "2019-06-28", "-C", site)
    result = cli("check", "-C", site)
    assert result.code == 0, result.out + result.err
    assert "content/articles/2019-06-25-stub.md:11: placeholder text left from 'digest new'" in result.out
    assert "content/digests/2019-06-28-week-27.md:6: this issue picks no articles" in result.out
    assert cli("check", "--strict", "-C", site).code == 1
    # An issue pre-filled with --since: its notes left to fill in ('note: ""') are said once.
    (site / "content/articles/2019-06-24-lira.md").write_text(article("Lira", date="2019-06-24"))
    cli("new", "digest", "Week 26", "--since", "2019-06-20", "--date", "2019-06-26", "-C", site)
    lines = cli("check", "--drafts", "-C", site).out.splitlines()
    assert (
        "warning: content/digests/2019-06-26-week-26.md:8: 2 notes left empty by 'digest new' (a draft): "
        "picks 1, 2; write why each matters, or remove the note: line"
    ) in lines


def test_the_empty_notes_of_a_long_issue_are_counted_in_runs(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    """An issue pre-filled with a week of a busy newsroom's imports (hundreds of picks) was
    warned of in one line listing every number, 'picks 1, 2, 3, … 238', in every check's log."""
    site = make_site({})
    (site / "content/articles").mkdir(parents=True, exist_ok=True)
    for day in range(1, 9):
        (site / f"content/articles/2019-06-0{day}-story-{day}.md").write_text(
            article(f"Story {day}", date=f"2019-06-0{day}")
        )
    cli("new", "digest", "Week 23", "--since", "2019-06-01", "--date", "2019-06-09", "--no-draft", "-C", site)
    issue = site / "content/digests/2019-06-09-week-23.md"
    text = issue.read_text()
    at = [index for index in range(len(text)) if text.startswith('note: ""', index)][5]
    issue.write_text(text[:at] + 'note: "Why it matters."' + text[at + len('note: ""') :])
    out = cli("check", "-C", site).out
    assert "7 notes left empty by 'digest new': picks 1-5, 7, 8; write why each matters, or remove the note" in out


def test_drafts_left_as_digest_new_made_them_do_not_fail_a_strict_check_of_the_published_site(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    """A draft is not published: its placeholders are noted, not warned about, unless the
    check takes drafts in (--drafts), so committed drafts do not fail a CI's --strict check."""
    site = make_site(WEEK)
    cli("new", "article", "Stub", "--topic", "Economy", "--date", "2019-06-25", "-C", site)
    cli("new", "digest", "Week 27", "--date", "2019-06-28", "-C", site)
    cli("new", "page", "Contact", "-C", site)
    cli("new", "digest", "Week 26", "--since", "2019-06-24", "--date", "2019-06-28", "-C", site)
    result = cli("check", "--strict", "-C", site)
    assert result.code == 0, result.out + result.err
    assert "note: content/digests/2019-06-28-week-26.md:8: 1 note left empty by 'digest new' (a draft)" in result.out
    assert "note: content/articles/2019-06-25-stub.md:11: placeholder text left from 'digest new' (a draft)" in (
        result.out
    )
    assert "note: content/digests/2019-06-28-week-27.md:6: this issue picks no articles (a draft)" in result.out
    assert "warning:" not in result.out
    assert result.out.rstrip().endswith("0 errors, 0 warnings; 6 notes on drafts (--drafts checks them)")
    drafts = cli("check", "--strict", "--drafts", "-C", site)
    assert drafts.code == 1
    assert "warning: content/pages/contact.md:5: placeholder text left from 'digest new' (a draft)" in drafts.out
    assert "warning: content/digests/2019-06-28-week-26.md:8: 1 note left empty by 'digest new' (a draft)" in drafts.out
    assert "\nnote:" not in "\n" + drafts.out


def test_options_that_do_not_fit_the_kind_are_usage_errors(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    site = make_site(WEEK)
    assert cli("new", "article", "A", "--topic", "X", "--since", "2019-06-21", "-C", site).code == 2
    assert cli("new", "digest", "W", "--topic", "X", "-C", site).code == 2  # chooses among --since's picks
    assert cli("new", "article", "A", "--topic", "X", "--source", "Y", "-C", site).code == 2
    result = cli("new", "digest", "W", "--group-by", "topic", "-C", site)
    assert result.code == 2 and "--since" in result.err
    assert sorted(path.name for path in (site / "content/digests").iterdir()) == ["2019-06-21-week-25.md"]


def test_new_page_and_topic(make_site: Callable[..., Path], cli: Callable[..., CliResult]) -> None:
    site = make_site(WEEK)
    result = cli("new", "page", "Contact us", "-C", site)
    assert result.code == 0, result.err
    page = site / "content/pages/contact-us.md"
    assert meta(page) == {"title": "Contact us", "draft": True}
    result = cli("new", "topic", "C++", "-C", site)
    assert result.code == 0, result.err
    topic = site / "content/topics/c-plus-plus.md"
    assert meta(topic) == {"title": "C++"}
    again = cli("new", "topic", "C++", "-C", site)
    assert again.code == 2 and "c-plus-plus.md describes the topic 'C++' already: edit it; nothing was" in again.err
    # A file named as the topic is spelt describes it too: a second one would fail the build.
    (site / "content/topics/Middle East.md").write_text("---\ntitle: Middle East\n---\nThe region.\n")
    spelt = cli("new", "topic", "middle-east", "-C", site)
    assert spelt.code == 2
    assert spelt.err == (
        f"digest new: error: {site / 'content/topics/Middle East.md'} describes the topic 'middle-east' already: "
        "edit it; nothing was changed\n"
    )
    assert not (site / "content/topics/middle-east.md").exists()
    assert cli("new", "page", "About", "--date", "2019-06-01", "-C", site).code == 2
    reserved = cli("new", "page", "Archive", "-C", site)
    assert reserved.code == 2 and "would replace a section of the site" in reserved.err
    home = cli("new", "page", "Index", "-C", site)
    assert home.code == 2 and "the home page is the theme's index.html" in home.err
    assert not (site / "content/pages/index.md").exists()
    # A draft page is not published; the topic's description shows on its page.
    (site / "content/articles/2019-06-27-s400.md").write_text(
        article("Missiles arrive", date="2019-06-27", topics="C++")
    )
    assert cli("build", "-C", site).code == 0
    assert not (site / "public/contact-us").exists()
    assert cli("build", "--drafts", "-o", site / "drafts", "-C", site).code == 0
    assert "Write this page here" in (site / "drafts/contact-us/index.html").read_text()  # a draft page, previewed
    assert "What this topic covers" in (site / "public/topics/c-plus-plus/index.html").read_text()
    checked = cli("check", "-C", site)
    assert "content/pages/contact-us.md:5: placeholder text left from 'digest new' (a draft)" in checked.out
    assert "content/topics/c-plus-plus.md:4: placeholder text left from 'digest new'" in checked.out
    assert cli("new", "page", "Contact us", "--no-draft", "-C", site).code == 2  # never overwritten
    page.write_text("---\ntitle: Contact us\n---\nWrite to us.\n")
    assert cli("build", "-C", site).code == 0
    assert "Write to us." in (site / "public/contact-us/index.html").read_text()


def test_the_build_says_what_it_did_not_publish(make_site: Callable[..., Path], cli: Callable[..., CliResult]) -> None:
    site = make_site(WEEK)
    assert cli("new", "article", "Stub", "--topic", "Economy", "--date", "2019-06-25", "-C", site).code == 0
    (site / "content/articles/2999-01-01-later.md").write_text(article("Later", date="2999-01-01"))
    result = cli("build", "-C", site)
    assert result.code == 0
    # The draft of WEEK and the new stub; the story dated 2999.
    assert "not published: 2 draft(s) (--drafts) and 1 dated in the future (--future)" in result.out
    assert "not published: 2 draft(s)" in cli("build", "-C", site).out  # a build with nothing to do says it too
    assert "not published: 1 dated in the future" in cli("build", "--drafts", "-o", site / "drafts", "-C", site).out
    assert "not published" not in cli("build", "--drafts", "--future", "-o", site / "all", "-C", site).out


def test_check_warns_about_a_date_inferred_at_import(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    inferred = article("Undated", date="2019-06-25").replace("topics:", "date_inferred: true\ntopics:")
    site = make_site({"content/articles/2019-06-25-undated.md": inferred, **WEEK})
    result = cli("check", "-C", site)
    assert (
        "warning: content/articles/2019-06-25-undated.md:3: date: 2019-06-25 was inferred at import, "
        "not given by the source (date_inferred: true); check it, then remove date_inferred"
    ) in result.out
    assert result.out.count("was inferred at import") == 1


def test_new_digest_since_leaves_out_articles_the_site_shows_after_the_issue(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    """An article scheduled after the issue would be a pick the site does not show yet: the
    published issue would fail the build. An issue dated after it may pick it."""
    today = date.today()
    embargo = (today + timedelta(days=10)).isoformat()
    site = make_site(
        {
            f"content/articles/{today.isoformat()}-today.md": article("Today", date=today.isoformat(), topics="X"),
            f"content/articles/{embargo}-embargoed.md": article("Embargoed", date=embargo, topics="X"),
        }
    )
    result = cli("new", "digest", "Now", "--since", "7d", "--no-draft", "-C", site)
    assert result.code == 0, result.err
    path = next((site / "content/digests").glob("*-now.md"))
    assert [pick["article"] for pick in meta(path)["picks"]] == ["today"]
    assert "1 pick(s)" in result.out and "1 dated after the issue left out" in result.out
    path.write_text(path.read_text(encoding="utf-8").replace('note: ""', "note: Why it matters."), encoding="utf-8")
    built = cli("build", "-C", site)
    assert built.code == 0, built.err
    later = (today + timedelta(days=14)).isoformat()
    result = cli("new", "digest", "Later", "--since", "7d", "--date", later, "-C", site)
    assert result.code == 0, result.err
    path = site / f"content/digests/{later}-later.md"
    assert [pick["article"] for pick in meta(path)["picks"]] == ["embargoed"]


def test_new_digest_dated_earlier_picks_only_what_came_out_by_its_day(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    """A back-dated issue is the week that ended with its day: the next week's stories, out
    since, are not its picks."""
    today = date.today()
    day = (today - timedelta(days=20)).isoformat()
    files = {
        f"content/articles/{day}-its-day.md": article("Its day", date=f"{day}T15:00:00", topics="X"),
        **{
            f"content/articles/{(today - timedelta(days=ago)).isoformat()}-{name}.md": article(
                name, date=(today - timedelta(days=ago)).isoformat(), topics="X"
            )
            for name, ago in (("before", 25), ("next-day", 19), ("after", 18), ("later", 12))
        },
    }
    site = make_site(files)
    result = cli("new", "digest", "Mid", "--since", (today - timedelta(days=30)).isoformat(), "--date", day, "-C", site)
    assert result.code == 0, result.err
    assert [pick["article"] for pick in meta(site / f"content/digests/{day}-mid.md")["picks"]] == ["its-day", "before"]
    assert "3 dated after the issue left out" in result.out  # the next day's, at midnight, among them


def test_a_long_title_names_a_file_of_a_usual_length(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    title = " ".join(["Parliament"] * 40)
    site = make_site({})
    result = cli("new", "article", title, "--topic", "X", "--date", "2024-01-02", "--no-draft", "-C", site)
    assert result.code == 0, result.err
    [path] = (site / "content/articles").glob("*.md")
    assert path.name.startswith("2024-01-02-parliament-parliament-") and len(path.name) <= 11 + 80 + 3
    assert meta(path)["title"] == title
    chinese = "中华人民共和国国务院新闻办公室" * 6
    assert cli("new", "digest", chinese, "--date", "2024-01-03", "-C", site).code == 0
    assert cli("build", "-C", site).code == 0


def test_a_title_whose_slug_another_day_has_gets_a_file_of_its_own_slug(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    """The slug is the file's name without its date: a second "Москва" (moskva) or a "كاتب"
    ("writer") beside a "كتاب" ("book"), both ktb, would write the same page as the first."""
    site = make_site(
        {
            "content/articles/2024-01-01-moskva.md": article("Москва", date="2024-01-01", topics="Rusya"),
            "content/articles/2024-01-02-ktb.md": article("كتاب", date="2024-01-02", topics="Kitap"),
            "content/digests/2024-01-05-week-1.md": "---\ntitle: Week 1\ndate: 2024-01-05\n---\nIntro.\n",
        }
    )
    made = [
        cli("new", "article", "Москва", "--topic", "Rusya", "--date", "2024-02-01", "--no-draft", "-C", site),
        cli("new", "article", "كاتب", "--topic", "Kitap", "--date", "2024-02-02", "--no-draft", "-C", site),
        cli("new", "article", "Москва!", "--topic", "Rusya", "--date", "2024-02-03", "--no-draft", "-C", site),
        cli("new", "digest", "Week 1", "--date", "2025-01-03", "--no-draft", "-C", site),
    ]
    assert [result.code for result in made] == [0, 0, 0, 0], [result.err for result in made]
    for name in (
        "articles/2024-02-01-moskva-2.md",
        "articles/2024-02-02-ktb-2.md",
        "articles/2024-02-03-moskva-3.md",
        "digests/2025-01-03-week-1-2.md",
    ):
        assert f"content/{name}\n" in "".join(result.out for result in made)
    result = cli("build", "-C", site)
    assert result.code == 0, result.err
    assert (site / "public/articles/moskva-3/index.html").is_file()
    # The same title on the same day is the same file, and is refused as before.
    again = cli("new", "digest", "Week 1", "--date", "2024-01-05", "-C", site)
    assert again.code == 2 and "2024-01-05-week-1.md exists; nothing was changed" in again.err


def test_a_new_article_keeps_clear_of_slugs_given_in_front_matter_and_page_bundles(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    """The slug the build gives a file may be its front matter's ``slug:`` or its folder's name
    (posts/ferry-strike/index.md): a new article takes neither."""
    site = make_site(
        {
            "content/articles/2024-01-01-other-name.md": article("Port").replace(
                "topics:", "slug: port-closed\ntopics:"
            ),
            "content/articles/posts/ferry-strike/index.md": article("Ferry", date="2024-01-02"),
        }
    )
    made = [
        cli("new", "article", "Port closed", "--topic", "Ports", "--date", "2024-02-01", "--no-draft", "-C", site),
        cli("new", "article", "Ferry strike", "--topic", "Ports", "--date", "2024-02-02", "--no-draft", "-C", site),
    ]
    assert [result.code for result in made] == [0, 0], [result.err for result in made]
    out = "".join(result.out for result in made)
    assert "content/articles/2024-02-01-port-closed-2.md\n" in out
    assert "content/articles/2024-02-02-ferry-strike-2.md\n" in out
    result = cli("build", "-C", site)
    assert result.code == 0, result.err


def test_a_file_that_cannot_be_written_whole_is_not_left_half_written(make_site: Callable[..., Path]) -> None:
    """A full disk (here: a limit on file size) while ``digest new`` writes: no empty or cut
    file is left in content/ for the build to refuse, and the error names the file."""
    site = make_site(WEEK)

    def small_files() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (40, resource.RLIM_INFINITY))

    command = [sys.executable, "-m", "digest", "new", "article", "Full disk", "--topic", "Turkey", "-C", str(site)]
    command += ["--date", "2019-06-28"]
    env = {**os.environ, "PYTHONPATH": str(REPO), "PYTHONDONTWRITEBYTECODE": "1"}
    result = subprocess.run(command, env=env, capture_output=True, text=True, preexec_fn=small_files)
    assert result.returncode == 1
    assert result.stderr == (
        f"error: cannot write {site / 'content/articles/2019-06-28-full-disk.md'}: File too large; nothing was changed\n"
    )
    assert not (site / "content/articles/2019-06-28-full-disk.md").exists()
    assert sorted(path.name for path in (site / "content/articles").iterdir()) == sorted(
        Path(name).name for name in WEEK if name.startswith("content/articles/")
    )


def test_a_new_file_of_a_site_whose_config_cannot_be_read_says_today_is_taken_in_utc(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    """A digest.yaml a merge left in conflict: the new file is dated in UTC, which may be
    another day than the site's; said, not done without a word."""
    site = make_site({})
    (site / "digest.yaml").write_text(
        "title: T\n<<<<<<< HEAD\ntimezone: Asia/Tokyo\n=======\ntimezone: UTC\n>>>>>>> b\n"
    )
    result = cli("new", "article", "Ferry strike", "--topic", "Ports", "-C", site)
    assert result.code == 0, result.err
    assert "warning: digest.yaml:2: " in result.err
    assert "today is taken in UTC, not the site's time zone" in result.err
    dated = cli("new", "article", "Port closed", "--topic", "Ports", "--date", "2024-02-01", "-C", site)
    assert dated.code == 0 and "UTC" not in dated.err  # no today needed


def test_a_title_whose_slug_windows_keeps_for_a_device_gets_a_file_the_site_builds_with(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    """ "Con" (a con, a dispute) would be the slug con, a folder Windows cannot hold (and con.md a
    file it cannot hold): the build refuses it, so a new file is named so that it builds."""
    site = make_site({})
    made = [
        cli("new", "article", "Con", "--topic", "Politics", "--date", "2024-02-01", "--no-draft", "-C", site),
        cli("new", "page", "AUX", "--no-draft", "-C", site),
    ]
    assert [result.code for result in made] == [0, 0], [result.err for result in made]
    assert (site / "content/articles/2024-02-01-con-1.md").is_file() and (site / "content/pages/aux-1.md").is_file()
    result = cli("build", "-C", site)
    assert result.code == 0, result.err
    assert (site / "public/articles/con-1/index.html").is_file() and (site / "public/aux-1/index.html").is_file()


def test_a_topic_windows_keeps_for_a_device_is_refused_before_a_file_is_written(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    """``--topic Con`` or ``digest new topic Aux`` would write a file whose topic the build
    refuses (no folder topics/con/ on Windows): refused at once, as the build words it."""
    site = make_site({})
    article_made = cli("new", "article", "Strike", "--topic", "Con", "-C", site)
    assert article_made.code == 2
    assert article_made.err.endswith(
        "argument --topic: the topic 'Con' would be published at topics/con/, which Windows cannot hold: "
        "'con' is the name of a device there; name the topic otherwise\n"
    )
    topic_made = cli("new", "topic", "Aux", "-C", site)
    assert topic_made.code == 2
    assert "the topic 'Aux' would be published at topics/aux/, which Windows cannot hold" in topic_made.err
    assert not (site / "content/articles").exists() and not (site / "content/topics").exists()
    assert cli("new", "topic", "Console", "-C", site).code == 0


def test_a_title_pasted_with_a_line_break_or_control_characters_is_written_as_one_clean_line(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    """A headline copied over two lines, a stray control character, a right-to-left override
    left open: written as an import writes them, so the new file builds."""
    site = make_site({})
    made = [
        cli("new", "article", "Ferry strike\nends", "--topic", "Ports\tand harbours", "--no-draft", "-C", site),
        cli("new", "article", "Bell\a rings", "--topic", "Ports", "--no-draft", "-C", site),
        cli("new", "page", "Hakkında \u202ebiz", "--no-draft", "-C", site),
    ]
    assert [result.code for result in made] == [0, 0, 0], [result.err for result in made]
    ferry = next((site / "content/articles").glob("*-ferry-strike-ends.md"))
    assert meta(ferry)["title"] == "Ferry strike ends" and meta(ferry)["topics"] == ["Ports and harbours"]
    assert meta(next((site / "content/articles").glob("*-bell-rings.md")))["title"] == "Bell rings"
    assert meta(site / "content/pages/hakkinda-biz.md")["title"] == "Hakkında \u202ebiz\u202c"
    result = cli("build", "-C", site)
    assert result.code == 0, result.err


def test_a_new_file_is_dated_in_the_sites_time_zone_while_another_setting_is_wrong(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    """``per_page: 0`` (an error the build reports) took today in UTC, a day off the site's
    near midnight, and the file kept that date once the setting was mended."""
    from datetime import UTC

    zone = "Pacific/Kiritimati" if datetime.now(UTC).hour >= 11 else "Pacific/Pago_Pago"  # a day off UTC's
    site = make_site({}, f'title: T\nbase_url: "https://example.org/"\ntimezone: {zone}\nper_page: 0\n')
    result = cli("new", "article", "Ready", "--topic", "Economy", "-C", site)
    assert result.code == 0 and result.err == ""
    today = datetime.now(ZoneInfo(zone)).date()
    assert (site / f"content/articles/{today.isoformat()}-ready.md").is_file()
    # The zone itself misspelt: UTC, said with the zone's own error.
    (site / "digest.yaml").write_text("title: T\nper_page: 0\ntimezone: Pacific/Kiritimat\n")
    told = cli("new", "article", "Later", "--topic", "Economy", "-C", site)
    assert told.code == 0
    assert told.err.startswith("warning: digest.yaml:3: timezone: unknown time zone 'Pacific/Kiritimat'")
    assert told.err.rstrip().endswith("today is taken in UTC, not the site's time zone")


def test_an_issue_dated_on_the_last_day_a_date_can_have_is_prefilled_without_a_traceback(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    """``--date 9999-12-31`` with ``--since``: the end of its day, never used for an issue
    scheduled later, overflowed Python's dates."""
    site = make_site(WEEK)
    result = cli("new", "digest", "Far", "--since", "2019-06-01", "--date", "9999-12-31", "-C", site)
    assert result.code == 0, result.err
    assert [pick["article"] for pick in meta(site / "content/digests/9999-12-31-far.md")["picks"]] == [
        "s400",
        "vote",
        "old",
    ]


def test_a_new_page_at_an_address_another_page_has_is_refused(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    """A folder's own page (team/index.md), a file named in another case (Contact.md) or one
    whose ``slug:`` is the address: a second page there failed the build."""
    site = make_site(
        {
            "content/pages/team/index.md": "---\ntitle: Team\n---\nUs.\n",
            "content/pages/Contact.md": "---\ntitle: Contact\n---\nMail.\n",
            "content/pages/legal.md": "---\ntitle: Legal\nslug: imprint\n---\nX.\n",
        }
    )
    for title, other, address in [
        ("Team", "team/index.md", "team"),
        ("Contact", "Contact.md", "contact"),
        ("Imprint", "legal.md", "imprint"),
    ]:
        result = cli("new", "page", title, "--no-draft", "-C", site)
        assert result.code == 2
        assert result.err == (
            f"digest new: error: {site / 'content/pages' / other} is the page at '{address}/' already: "
            "edit it, or choose another title\n"
        )
    assert sorted(path.name for path in (site / "content/pages").glob("*.md")) == ["Contact.md", "legal.md"]
    assert cli("new", "page", "Jobs", "--no-draft", "-C", site).code == 0
    assert cli("build", "-C", site).code == 0
