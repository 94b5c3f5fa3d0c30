"""Feeds: full text or summaries, and the provenance of every entry."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import feedparser

from tests.conftest import CliResult, article

SOURCE = 'source: {name: Press TV, url: "https://www.presstv.ir/story"}\n'


def site_with(make_site: Callable[..., Path], content: str) -> Path:
    config = f'title: T\nbase_url: "https://example.org/"\nfeeds:\n  content: {content}\n'
    body = "First paragraph.\n\nSecond paragraph with **bold**."
    return make_site(
        {
            "content/articles/2024-03-01-a.md": article("A", body=body).replace("topics:", SOURCE + "topics:"),
            "content/digests/2024-03-08-w.md": "---\ntitle: W\ndate: 2024-03-08\npicks:\n  - article: a\n    note: Why.\n---\nIntro.\n",
        },
        config,
    )


def test_full_content_feeds(make_site: Callable[..., Path], cli: Callable[..., CliResult]) -> None:
    site = site_with(make_site, "full")
    assert cli("build", "-C", site).code == 0
    feed = feedparser.parse((site / "public/feed.xml").read_bytes())
    assert not feed.bozo
    entry = feed.entries[0]
    assert "<strong>bold</strong>" in entry.content[0].value
    assert entry.summary == "First paragraph."
    assert entry.source.title == "Press TV"
    assert entry.source.links[0].href == "https://www.presstv.ir/story"
    assert any(link.rel == "via" and link.href == "https://www.presstv.ir/story" for link in entry.links)


def test_summary_feeds_carry_no_body(make_site: Callable[..., Path], cli: Callable[..., CliResult]) -> None:
    site = site_with(make_site, "summary")
    assert cli("build", "-C", site).code == 0
    entry = feedparser.parse((site / "public/feed.xml").read_bytes()).entries[0]
    assert "content" not in entry
    assert entry.summary == "First paragraph."


def test_digest_feed_names_each_picks_source_and_original_date(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    site = site_with(make_site, "summary")
    assert cli("build", "-C", site).code == 0
    feed = feedparser.parse((site / "public/digests/feed.xml").read_bytes())
    assert not feed.bozo
    html = feed.entries[0].content[0].value
    assert '<a href="https://example.org/articles/a/">A</a>' in html
    assert 'originally <a href="https://www.presstv.ir/story">Press TV</a>, 1 March 2024' in html
    assert "Why." in html


def test_a_bad_feeds_option_is_reported(make_site: Callable[..., Path], cli: Callable[..., CliResult]) -> None:
    site = site_with(make_site, "everything")
    result = cli("build", "-C", site)
    assert result.code == 1
    assert "digest.yaml:4: feeds.content: expected 'full' or 'summary', got 'everything'" in result.err
