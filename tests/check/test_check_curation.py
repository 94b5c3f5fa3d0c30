"""Curation checks: the same story twice (by source URL or by text), an article picked again."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from digest.check.curation import normalise_text
from digest.urls import normalise_url
from tests.conftest import CliResult, article

SiteMaker = Callable[..., Path]
Check = Callable[..., CliResult]

STORY = (
    "Turkey's parliament approved the new budget on Tuesday after a long debate, "
    "with the opposition walking out before the final vote was taken in Ankara late at night."
)


def sourced(title: str, url: str, date: str = "2024-03-01", body: str = "Some text.") -> str:
    return article(title, date=date, body=body).replace("topics:", f'source: {{name: Wire, url: "{url}"}}\ntopics:')


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("https://www.example.com/news/budget/", "http://example.com/news/budget?utm_source=twitter&utm_medium=social"),
        ("https://EXAMPLE.com/a?id=7&fbclid=xyz#comments", "https://example.com/a/?gclid=1&id=7&ref=home"),
        ("https://example.com/a?b=2&a=1", "https://example.com/a?a=1&b=2"),
        (  # an IRI and the same address percent-encoded (lower-case hex, a tracking parameter)
            "https://www.aljazeera.net/news/2024/3/5/قمة-أنقرة",
            "https://aljazeera.net/news/2024/3/5/%d9%82%d9%85%d8%a9-%D8%A3%D9%86%D9%82%D8%B1%D8%A9?utm_source=x",
        ),
        ("https://example.com/caf%C3%A9/~a", "https://example.com/café/%7Ea"),
    ],
)
def test_urls_of_the_same_story_normalise_alike(first: str, second: str) -> None:
    assert normalise_url(first) == normalise_url(second)


def test_different_pages_stay_different() -> None:
    assert normalise_url("https://example.com/a?id=7") != normalise_url("https://example.com/a?id=8")
    assert normalise_url("https://example.com/a%2Fb") != normalise_url("https://example.com/a/b")
    assert normalise_url("https://example.com/%E7") != normalise_url("https://example.com/%E8")  # not UTF-8
    assert normalise_url("https://example.com/a") != normalise_url("https://example.org/a")
    assert normalise_url("https://example.com:8443/a") != normalise_url("https://example.com/a")


def test_text_normalises_tags_case_and_punctuation() -> None:
    words = " ".join(["word"] * 25)
    assert normalise_text(f"<p><em>Hello</em>, World! {words}</p>") == normalise_text(f"hello world {words}")
    assert normalise_text("<p>Too short to compare.</p>") is None


def test_same_source_url_is_reported_once_naming_both(make_site: SiteMaker, check: Check) -> None:
    site = make_site(
        {
            "content/articles/2024-03-01-budget.md": sourced("Budget passes", "https://www.example.com/news/budget/"),
            "content/articles/2024-03-02-budget-vote.md": sourced(
                "Budget vote", "http://example.com/news/budget?utm_source=tw&utm_campaign=x", date="2024-03-02"
            ),
            "content/articles/2024-03-03-other.md": sourced("Other", "https://example.com/news/other/"),
        }
    )
    result = check(site)
    errors = [line for line in result.out.splitlines() if "same story" in line]
    assert errors == [
        "content/articles/2024-03-01-budget.md:4: same story as content/articles/2024-03-02-budget-vote.md"
        " (same source URL https://www.example.com/news/budget/)"
    ]
    assert result.code == 1
    assert result.out.splitlines()[-1].endswith(": 1 error, 0 warnings"), result.out


def test_same_text_is_reported(make_site: SiteMaker, check: Check) -> None:
    site = make_site(
        {
            "content/articles/2024-03-01-budget.md": article("Budget passes", body=STORY),
            "content/articles/2024-03-02-budget-again.md": article(
                "Budget again", date="2024-03-02", body="**" + STORY.upper().replace(",", " ;") + "**"
            ),
            "content/articles/2024-03-03-short-a.md": article("Short A", body="Some text."),
            "content/articles/2024-03-04-short-b.md": article("Short B", body="Some text."),
        }
    )
    warnings = [line for line in check(site).out.splitlines() if "same story" in line]
    assert warnings == [
        "content/articles/2024-03-01-budget.md:6: same story as content/articles/2024-03-02-budget-again.md (same text)"
    ]


def test_same_url_and_same_text_is_one_error(make_site: SiteMaker, check: Check) -> None:
    site = make_site(
        {
            "content/articles/2024-03-01-a.md": sourced("A", "https://example.com/x", body=STORY),
            "content/articles/2024-03-02-b.md": sourced("B", "https://example.com/x/", body=STORY),
            "content/articles/2024-03-03-c.md": sourced("C", "https://example.com/y", body=STORY),
        }
    )
    warnings = [line for line in check(site).out.splitlines() if "same story" in line]
    assert len(warnings) == 2
    assert "content/articles/2024-03-02-b.md (same source URL https://example.com/x)" in warnings[0]
    assert (
        "same story as content/articles/2024-03-02-b.md and content/articles/2024-03-03-c.md (same text)" in warnings[1]
    )


ISSUE = """\
---
title: "{title}"
date: {date}
picks:
{picks}
---
"""


def test_an_article_picked_again_is_already_in_the_earlier_issue(make_site: SiteMaker, check: Check) -> None:
    """The earlier issue is the earlier by date, whatever the file names say."""
    site = make_site(
        {
            "content/articles/2024-01-20-gas-deal.md": article("Gas deal", date="2024-01-20"),
            "content/articles/2024-01-21-ferry.md": article("Ferry", date="2024-01-21"),
            "content/digests/b-week-5.md": ISSUE.format(
                title="Week 5", date="2024-02-01", picks="  - article: gas-deal\n    note: First."
            ),
            "content/digests/a-week-9.md": ISSUE.format(
                title="Week 9",
                date="2024-03-01",
                picks="  - article: ferry\n  - article: 2024-01-20-gas-deal.md\n    note: Again.\n  - ferry",
            ),
        }
    )
    result = check(site)
    lines = result.out.splitlines()
    assert (
        "content/digests/a-week-9.md:6: pick 2: '2024-01-20-gas-deal.md' already in \"Week 5\""
        " (content/digests/b-week-5.md)" in lines
    )
    assert "content/digests/a-week-9.md:8: pick 3: 'ferry' is picked twice in this issue (also pick 1)" in (lines)
    assert not any("b-week-5.md:" in line for line in lines)
    assert result.code == 1


def test_a_topic_described_but_on_no_published_article_is_a_warning(make_site: SiteMaker, check: Check) -> None:
    site = make_site(
        {
            "content/articles/2024-03-01-a.md": article("A", topics="Turkey, Politics"),
            "content/articles/2024-03-02-b.md": article("B", date="2024-03-02", topics="Sports").replace(
                "topics:", "draft: true\ntopics:"
            ),
            "content/topics/turkey.md": "---\ntitle: Turkey\n---\nAbout Turkey.\n",
            "content/topics/sports.md": "---\ntitle: Sports\n---\nAbout sport.\n",
        },
        'title: T\nbase_url: "https://example.org/"\ntopics:\n  Politics: "x"\n  Ekonomy: "y"\n',
    )
    result = check(site)
    assert result.code == 0, result.out
    assert (
        "warning: content/topics/sports.md:1: no published article has the topic 'sports': "
        "this description is shown nowhere"
    ) in result.out
    assert "warning: digest.yaml:5: topics.Ekonomy: no published article has this topic" in result.out
    assert "turkey.md" not in result.out and "topics.Politics" not in result.out
    assert check(site, "--drafts").out.count("no published article") == 1  # the draft's topic is shown then
    assert check(site, "--strict").code == 1
    # A misspelt file name is offered the topic it was meant for.
    (site / "content/topics/turkey.md").rename(site / "content/topics/turky.md")
    assert (
        "topic 'turky': this description is shown nowhere; did you mean 'turkey' (content/topics/turkey.md)?"
    ) in check(site).out
    (site / "content/topics/Turkey.md").write_text("---\ntitle: Turkey\n---\nAbout Turkey.\n", encoding="utf-8")
    assert "did you mean 'turkey' (content/topics/Turkey.md describes it already)?" in check(site).out


def test_a_topic_spelled_almost_as_another_is_a_warning_at_its_article(make_site: SiteMaker, check: Check) -> None:
    """Topics come from the articles, so a slip in one (Turky for Turkey) made a topic page of
    its own, unseen by build and check: it is named, at the line of the article's topics, with
    the topic it is spelled almost as (the one more articles have, or a file describes). Names
    that differ by a letter changed are real words (Health, Wealth) and are left alone; so are
    short names (Iran, Iraq)."""
    site = make_site(
        {
            "content/articles/2024-03-01-a.md": article("A", topics="Turkey, Health, Iran"),
            "content/articles/2024-03-02-b.md": article("B", date="2024-03-02", topics="Turkey, Politics, Election"),
            "content/articles/2024-03-03-c.md": article("C", date="2024-03-03", topics="Turky, Wealth, Iraq"),
            "content/articles/2024-03-04-d.md": article("D", date="2024-03-04", topics="Poltiics, Elections"),
            "content/topics/politics.md": "---\ntitle: Politics\n---\nWho governs.\n",
        }
    )
    result = check(site)
    assert result.code == 0, result.out
    lines = [line for line in result.out.splitlines() if "spelled almost" in line]
    assert lines == [
        "warning: content/articles/2024-03-03-c.md:4: topic 'Turky' (1 article) is spelled almost as 'Turkey'"
        " (2 articles): a slip makes a topic of its own; write 'Turkey' if it is one",
        "warning: content/articles/2024-03-04-d.md:4: topic 'Poltiics' (1 article) is spelled almost as"
        " 'Politics' (1 article): a slip makes a topic of its own; write 'Politics' if it is one",
        "warning: content/articles/2024-03-04-d.md:4: topics 'Elections' and 'Election' (content/articles/"
        "2024-03-02-b.md:4) are spelled almost alike: a slip makes a topic of its own; if one of them is, write"
        " the other",
    ]
    assert check(site, "--strict").code == 1


def test_topics_that_differ_only_in_the_dots_or_hyphens_between_letters_are_a_warning(
    make_site: SiteMaker, check: Check
) -> None:
    """One outlet writes U.S., another US: their slugs (u-s, us) made two topic pages of one
    subject, and neither build nor check said a word; short as they are, they are named."""
    site = make_site(
        {
            "content/articles/2024-03-01-a.md": article("A", topics="U.S., e-mail"),
            "content/articles/2024-03-02-b.md": article("B", date="2024-03-02", topics="US, Email"),
            "content/articles/2024-03-03-c.md": article("C", date="2024-03-03", topics="US, UK"),
        }
    )
    lines = [line for line in check(site).out.splitlines() if "spelled almost" in line]
    assert lines == [
        "warning: content/articles/2024-03-01-a.md:4: topic 'U.S.' (1 article) is spelled almost as 'US'"
        " (2 articles): a slip makes a topic of its own; write 'US' if it is one",
        "warning: content/articles/2024-03-02-b.md:4: topics 'Email' and 'e-mail' (content/articles/"
        "2024-03-01-a.md:4) are spelled almost alike: a slip makes a topic of its own; if one of them is, write"
        " the other",
    ]


def test_a_misspelt_topic_in_digest_yaml_is_offered_the_topic_it_was_meant_for(
    make_site: SiteMaker, check: Check
) -> None:
    site = make_site(
        {"content/articles/2024-03-01-a.md": article("A", topics="Turkey")},
        'title: T\nbase_url: "https://example.org/"\ntopics:\n  Turky: "x"\n  Ekonomy: "y"\n',
    )
    lines = check(site).out.splitlines()
    assert (
        "warning: digest.yaml:4: topics.Turky: no published article has this topic: its description is shown"
        " nowhere; did you mean 'Turkey'?"
    ) in lines
    assert (
        "warning: digest.yaml:5: topics.Ekonomy: no published article has this topic: its description is shown nowhere"
    ) in lines  # nothing close


def test_a_failed_build_still_reports_the_same_story_and_repeated_picks(make_site: SiteMaker, check: Check) -> None:
    """They need no built site: read from the content files, beside the build's errors."""
    files = {
        "content/articles/2024-01-20-gas-deal.md": sourced("Gas deal", "https://www.example.com/gas/", "2024-01-20"),
        "content/articles/2024-01-21-gas-again.md": sourced(
            "Gas again", "http://example.com/gas?utm_source=tw", "2024-01-21", body=STORY
        ),
        "content/articles/2024-01-22-ferry.md": article("Ferry", date="2024-01-22", body=STORY),
        "content/articles/2024-01-23-draft.md": sourced("Draft", "https://example.com/gas/", "2024-01-23").replace(
            "title:", "draft: true\ntitle:"
        ),
        "content/articles/2024-01-24-broken.md": article("Broken", date="2024-01-24", body="[x](2024-09-09-none.md)"),
        "content/digests/b-week-5.md": ISSUE.format(title="Week 5", date="2024-02-01", picks="  - article: gas-deal"),
        "content/digests/a-week-9.md": ISSUE.format(
            title="Week 9", date="2024-03-01", picks="  - article: ferry\n  - gas-deal\n  - 2024-01-22-ferry.md"
        ),
    }
    result = check(make_site(files))
    lines = result.out.splitlines()
    assert result.code == 1 and lines[-1] == "check: the build failed: 5 errors, 0 warnings", result.out
    assert "content/articles/2024-01-24-broken.md:6: link to" in result.out
    assert lines[:-1] == sorted(lines[:-1]), result.out
    assert [line for line in lines if "same story" in line or "pick" in line] == [
        "content/articles/2024-01-20-gas-deal.md:4: same story as content/articles/2024-01-21-gas-again.md"
        " (same source URL https://www.example.com/gas/)",
        "content/articles/2024-01-21-gas-again.md:7: same story as content/articles/2024-01-22-ferry.md (same text)",
        "content/digests/a-week-9.md:6: pick 2: 'gas-deal' already in \"Week 5\" (content/digests/b-week-5.md)",
        "content/digests/a-week-9.md:7: pick 3: '2024-01-22-ferry.md' is picked twice in this issue (also pick 1)",
    ]


def test_a_pick_that_names_no_article_keeps_the_numbers_of_the_picks_after_it(
    make_site: SiteMaker, check: Check
) -> None:
    """The build fails on the first pick; the pick repeated after it is told by its own number and line."""
    files = {
        "content/articles/2024-01-21-ferry.md": article("Ferry", date="2024-01-21"),
        "content/digests/week-9.md": ISSUE.format(
            title="Week 9", date="2024-03-01", picks="  - article: nonexistent\n  - ferry\n  - 2024-01-21-ferry.md"
        ),
    }
    lines = check(make_site(files)).out.splitlines()
    assert "content/digests/week-9.md:5: pick 1: 'nonexistent' names no existing article" in lines
    assert (
        "content/digests/week-9.md:7: pick 3: '2024-01-21-ferry.md' is picked twice in this issue (also pick 2)"
        in lines
    )
