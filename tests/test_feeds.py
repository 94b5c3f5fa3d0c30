"""Feeds: full text or summaries, and the provenance of every entry."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import feedparser
import pytest

from digest import feeds
from tests.conftest import CliResult, article, snapshot

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


def test_a_full_entry_shows_markup_written_as_text_as_it_is(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    """An article that shows markup (``<a href="page.html">`` in code, "set src=logo.png") keeps
    it as written in its feed entry, whose own links are made absolute."""
    body = 'Write `<a href="page.html">` or set src=logo.png, as [the docs](../../about/) say.'
    config = 'title: T\nbase_url: "https://example.org/repo/"\nfeeds:\n  content: full\n'
    site = make_site({"content/articles/2024-03-01-a.md": article("A", body=body)}, config)
    assert cli("build", "-C", site).code == 0
    feed = feedparser.parse((site / "public/feed.xml").read_bytes())
    assert not feed.bozo
    assert feed.entries[0].content[0].value == (
        "<p>Write <code>&lt;a href=&quot;page.html&quot;&gt;</code> or set src=logo.png, as "
        '<a href="https://example.org/repo/about/">the docs</a> say.</p>'
    )


def test_feeds_say_what_they_are_about(make_site: Callable[..., Path], cli: Callable[..., CliResult]) -> None:
    """The site's feed and the issues' say what the site's description says; a topic's feed
    what its description does (as text), once it has one, and no more once it has none."""
    config = 'title: T\nbase_url: "https://example.org/"\ndescription: "Turkey & its\n  neighbours, weekly"\n'
    topic = "content/topics/turkey.md"
    site = make_site(
        {
            "content/articles/2024-03-01-a.md": article("A", topics="Turkey"),
            topic: "---\ntitle: Turkey\n---\nNews from **Ankara** & Istanbul.\n",
        },
        config,
    )
    assert cli("build", "-C", site).code == 0
    for path in ("feed.xml", "digests/feed.xml"):
        parsed = feedparser.parse((site / "public" / path).read_bytes())
        assert not parsed.bozo and parsed.feed.subtitle == "Turkey & its neighbours, weekly", path
    topic_feed = site / "public/topics/turkey/feed.xml"
    assert feedparser.parse(topic_feed.read_bytes()).feed.subtitle == "News from Ankara & Istanbul."
    (site / topic).unlink()
    assert cli("build", "-C", site).code == 0
    assert "<subtitle>" not in topic_feed.read_text()
    assert snapshot(site / "public") == snapshot(_clean_copy(site, cli))


def _clean_copy(site: Path, cli: Callable[..., CliResult]) -> Path:
    assert cli("build", "-C", site, "--clean", "-o", site.parent / "clean").code == 0
    return site.parent / "clean"


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
    assert '<small>(<a href="https://www.presstv.ir/story">Press TV</a>, 1 March 2024)</small>' in html
    assert "Why." in html
    assert feed.feed.title == "T: digest issues"


def test_feeds_speak_the_sites_language_and_mark_an_article_in_another(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    site = site_with(make_site, "summary")
    config = site / "digest.yaml"
    config.write_text(config.read_text() + "language: tr\n")
    other = site / "content/articles/2024-03-02-b.md"
    other.write_text(article("B").replace("topics:", "language: ar\ntopics:"))
    assert cli("build", "-C", site).code == 0
    digests = feedparser.parse((site / "public/digests/feed.xml").read_bytes())
    assert digests.feed.title == "T: bülten sayıları"  # the theme's words for "digest issues"
    assert "Press TV</a>, 1 Mart 2024)" in digests.entries[0].content[0].value  # the date as the site writes it
    articles = (site / "public/feed.xml").read_text()
    assert '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="tr">' in articles
    assert articles.count('<entry xml:lang="ar">') == 1 and articles.count("<entry>") == 1
    entries = {entry.title: entry for entry in feedparser.parse(articles.encode()).entries}
    assert entries["B"].title_detail.language == "ar" and entries["A"].title_detail.language == "tr"
    issue = site / "content/digests/2024-03-08-w.md"
    issue.write_text(issue.read_text().replace("  - article: a\n", "  - article: a\n  - article: b\n"))
    assert cli("build", "-C", site).code == 0
    picks = feedparser.parse((site / "public/digests/feed.xml").read_bytes()).entries[0].content[0].value
    link_b = re.search(r'<a [^>]*href="https://example.org/articles/b/"[^>]*>B</a>', picks)
    assert link_b is not None and 'lang="ar"' in link_b[0] and '/articles/a/">A</a>' in picks


def test_an_articles_last_change_is_its_entrys_updated_and_its_sitemap_lastmod(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    """``lastmod`` (Hugo's) is the Atom entry's <updated>, <published> staying the date, the
    feed's <updated> when it is the latest, and the article's <lastmod> in the sitemap."""
    changed = article("A", date="2024-03-01").replace("topics:", "lastmod: 2024-03-05T12:00:00Z\ntopics:")
    site = make_site(
        {
            "content/articles/2024-03-01-a.md": changed,
            "content/articles/2024-03-02-b.md": article("B", date="2024-03-02"),
        }
    )
    assert cli("build", "-C", site).code == 0
    feed = feedparser.parse((site / "public/feed.xml").read_bytes())
    entry = next(entry for entry in feed.entries if entry.title == "A")
    assert (entry.published, entry.updated) == ("2024-03-01T00:00:00Z", "2024-03-05T12:00:00Z")
    other = next(entry for entry in feed.entries if entry.title == "B")
    assert other.published == other.updated == "2024-03-02T00:00:00Z"
    assert feed.feed.updated == "2024-03-05T12:00:00Z"
    assert "<updated>2024-03-05T12:00:00Z</updated>" in (site / "public/topics/turkey/feed.xml").read_text()
    sitemap = (site / "public/sitemap.xml").read_text()
    assert "<loc>https://example.org/articles/a/</loc><lastmod>2024-03-05T12:00:00Z</lastmod>" in sitemap
    assert "<loc>https://example.org/articles/b/</loc><lastmod>2024-03-02T00:00:00Z</lastmod>" in sitemap


def test_a_pages_last_change_is_its_sitemap_lastmod(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    """A page's ``lastmod`` (or ``updated``) is its <lastmod> in the sitemap, with or without a
    date, and like an article's is never before its date."""
    site = make_site(
        {
            "content/articles/2024-03-01-a.md": article("A", date="2024-03-01"),
            "content/pages/about.md": "---\ntitle: About\ndate: 2024-01-10\nlastmod: 2024-03-04\n---\nUs.\n",
            "content/pages/privacy.md": "---\ntitle: Privacy\nupdated: 2024-02-20T09:30:00Z\n---\nData.\n",
        }
    )
    result = cli("build", "-C", site)
    assert result.code == 0 and "unknown field" not in result.err
    sitemap = (site / "public/sitemap.xml").read_text()
    assert "<loc>https://example.org/about/</loc><lastmod>2024-03-04T00:00:00Z</lastmod>" in sitemap
    assert "<loc>https://example.org/privacy/</loc><lastmod>2024-02-20T09:30:00Z</lastmod>" in sitemap
    (site / "content/pages/about.md").write_text("---\ntitle: About\ndate: 2024-01-10\nlastmod: 2023-12-01\n---\nUs.\n")
    result = cli("build", "-C", site)
    assert result.code == 1
    assert "content/pages/about.md:4: lastmod: '2023-12-01' is earlier than date: '2024-01-10'" in result.err


def test_an_issues_last_change_is_its_entrys_updated_and_its_sitemap_lastmod(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    """An issue corrected after it went out (``lastmod:``) says so where an article does: its
    feed entry's <updated>, the sitemap's <lastmod>, dateModified and article:modified_time."""
    issue = "---\ntitle: W\ndate: 2024-03-08\nlastmod: 2024-03-09T10:00:00Z\npicks:\n  - article: a\n---\nIntro.\n"
    site = make_site({"content/articles/2024-03-01-a.md": article("A"), "content/digests/2024-03-08-w.md": issue})
    result = cli("build", "-C", site)
    assert result.code == 0 and "unknown field" not in result.err
    feed = feedparser.parse((site / "public/digests/feed.xml").read_bytes())
    (entry,) = feed.entries
    assert (entry.published, entry.updated) == ("2024-03-08T00:00:00Z", "2024-03-09T10:00:00Z")
    assert feed.feed.updated == "2024-03-09T10:00:00Z"
    sitemap = (site / "public/sitemap.xml").read_text()
    assert "<loc>https://example.org/digests/w/</loc><lastmod>2024-03-09T10:00:00Z</lastmod>" in sitemap
    page = (site / "public/digests/w/index.html").read_text()
    assert '"dateModified": "2024-03-09T10:00:00+00:00"' in page
    assert '<meta property="article:modified_time" content="2024-03-09T10:00:00+00:00">' in page
    assert 'Updated <time datetime="2024-03-09T10:00:00+00:00">9 March 2024</time>' in page
    (site / "content/digests/2024-03-08-w.md").write_text(issue.replace("2024-03-09T10:00:00Z", "2024-03-01"))
    result = cli("build", "-C", site)
    assert result.code == 1
    assert "content/digests/2024-03-08-w.md:4: lastmod: '2024-03-01' is earlier than date: '2024-03-08'" in result.err


def test_each_year_of_the_archive_has_its_newest_article_as_its_sitemap_lastmod(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    """The archive's pages of past years are dated as the archive is: by their newest article."""
    site = make_site(
        {
            "content/articles/2024-03-01-a.md": article("A", date="2024-03-01"),
            "content/articles/2023-11-20-b.md": article("B", date="2023-11-20"),
            "content/articles/2023-02-01-c.md": article("C", date="2023-02-01"),
        }
    )
    assert cli("build", "-C", site).code == 0
    sitemap = (site / "public/sitemap.xml").read_text()
    assert "<loc>https://example.org/archive/</loc><lastmod>2024-03-01T00:00:00Z</lastmod>" in sitemap
    assert "<loc>https://example.org/archive/2023/</loc><lastmod>2023-11-20T00:00:00Z</lastmod>" in sitemap


def test_every_page_of_a_paginated_listing_has_its_newest_item_as_its_sitemap_lastmod(
    make_site: Callable[..., Path], cli: Callable[..., CliResult], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A topic's, the issues' and an archive year's later pages (page/2/ …) are dated, as
    their first pages are, by the newest item they show."""
    monkeypatch.setattr("digest.render.ARCHIVE_PER_PAGE", 2)
    issue = "---\ntitle: W{n}\ndate: 2024-03-{day}\npicks:\n  - article: a{n}\n---\nIntro.\n"
    files = {f"content/articles/2024-0{n}-01-a{n}.md": article(f"A{n}", date=f"2024-0{n}-01") for n in (1, 2, 3)}
    files.update({f"content/digests/2024-03-{n}0-w{n}.md": issue.format(n=n, day=f"{n}0") for n in (1, 2, 3)})
    site = make_site(files, 'title: T\nbase_url: "https://example.org/repo/"\nper_page: 2\n')
    assert cli("build", "-C", site).code == 0
    sitemap = (site / "public/sitemap.xml").read_text()
    for page, newest in [
        ("topics/turkey/", "2024-03-01"),
        ("topics/turkey/page/2/", "2024-01-01"),
        ("digests/", "2024-03-30"),
        ("digests/page/2/", "2024-03-10"),
        ("archive/", "2024-03-01"),
        ("archive/page/2/", "2024-01-01"),
    ]:
        assert f"<loc>https://example.org/repo/{page}</loc><lastmod>{newest}T00:00:00Z</lastmod>" in sitemap
    assert "<loc>https://example.org/repo/topics/turkey/page/3/</loc>" not in sitemap


def test_a_bad_feeds_option_is_reported(make_site: Callable[..., Path], cli: Callable[..., CliResult]) -> None:
    site = site_with(make_site, "everything")
    result = cli("build", "-C", site)
    assert result.code == 1
    assert "digest.yaml:4: feeds.content: expected 'full' or 'summary', got 'everything'" in result.err


def test_the_curator_is_each_issues_author_in_the_issues_feed(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    site = site_with(make_site, "summary")
    config = site / "digest.yaml"
    assert cli("build", "-C", site).code == 0
    assert "author" not in feedparser.parse((site / "public/digests/feed.xml").read_bytes()).entries[0]
    config.write_text(config.read_text(encoding="utf-8") + 'theme:\n  curator: "Ayşe Demir"\n', encoding="utf-8")
    assert cli("build", "-C", site).code == 0
    feed = feedparser.parse((site / "public/digests/feed.xml").read_bytes())
    assert not feed.bozo and feed.entries[0].author == "Ayşe Demir"


def test_an_articles_old_addresses_send_readers_on_to_it(
    make_site: Callable[..., Path], cli: Callable[..., CliResult], tmp_path: Path
) -> None:
    """Hugo's ``aliases`` (Jekyll's ``redirect_from``): a page at each old address leads to the
    article, as Hugo writes one, relatively so that it works under a sub-path too."""
    old = 'aliases: ["/2020/01/02/old-title/", /posts/old]\nredirect_from: /old.html\ntopics:'
    site = make_site(
        {
            "content/articles/2024-03-01-a.md": article("A <b>", body="Text.").replace("topics:", old),
            "content/articles/2024-03-02-d.md": article("Draft").replace(
                "topics:", "draft: true\naliases: [/d/]\ntopics:"
            ),
        },
        config='title: T\nbase_url: "https://example.org/sub/"\n',
    )
    result = cli("build", "-C", site)
    assert result.code == 0, result.err
    assert "aliases" not in result.err and "redirect_from" not in result.err
    page = (site / "public/2020/01/02/old-title/index.html").read_text()
    assert '<meta http-equiv="refresh" content="0; url=../../../../articles/a/">' in page
    assert '<link rel="canonical" href="https://example.org/sub/articles/a/">' in page
    assert '<meta name="robots" content="noindex">' in page and "<title>A &lt;b&gt;</title>" in page
    assert 'url=../../articles/a/"' in (site / "public/posts/old/index.html").read_text()
    assert 'url=articles/a/"' in (site / "public/old.html").read_text()
    assert not (site / "public/d").exists()
    assert "old" not in (site / "public/sitemap.xml").read_text()
    # A new slug moves what the old addresses lead to, as a clean build has it.
    path = site / "content/articles/2024-03-01-a.md"
    path.write_text(path.read_text().replace("topics:", "slug: renamed\ntopics:"))
    assert cli("build", "-C", site).code == 0
    assert 'url=articles/renamed/"' in (site / "public/old.html").read_text()
    assert cli("build", "-C", site, "--clean", "-o", tmp_path / "clean").code == 0
    assert snapshot(site / "public") == {k: v for k, v in snapshot(tmp_path / "clean").items()}


@pytest.mark.parametrize(
    ("field", "error"),
    [
        (
            "aliases: [old-title/]",
            "2024-03-01-a.md:4: aliases[1]: not an address: 'old-title/'; write it from the site's root",
        ),
        ("aliases: [/a/../../x/]", "2024-03-01-a.md:4: aliases[1]: not an address: '/a/../../x/'"),
        ("aliases: {a: 1}", "2024-03-01-a.md:4: aliases: expected a list of old addresses such as"),
        (  # the page already there is named by its file, not by the template it is rendered with
            "aliases: [/articles/b/]",
            "content/articles/2024-03-01-a.md:4: 'articles/b/index.html' would be written twice: by "
            "content/articles/2024-03-02-b.md and by content/articles/2024-03-01-a.md",
        ),
        (
            "aliases: [/about/]",
            "content/articles/2024-03-01-a.md:4: 'about/index.html' would be written twice: by "
            "content/pages/about.md and by content/articles/2024-03-01-a.md",
        ),
    ],
)
def test_an_old_address_that_cannot_be_written_is_an_error(
    field: str, error: str, make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    site = make_site(
        {
            "content/articles/2024-03-01-a.md": article("A").replace("topics:", f"{field}\ntopics:"),
            "content/articles/2024-03-02-b.md": article("B", date="2024-03-02"),
            "content/pages/about.md": "---\ntitle: About\n---\nUs.\n",
        }
    )
    result = cli("build", "-C", site)
    assert result.code == 1
    assert error in result.err


def test_a_pages_and_an_issues_old_addresses_send_readers_on_to_them(
    make_site: Callable[..., Path], cli: Callable[..., CliResult], tmp_path: Path
) -> None:
    """A page's and an issue's ``aliases`` (``redirect_from``) get the pages an article's do:
    leading on at once, kept out of the sitemap."""
    page = "---\ntitle: About\naliases: [/about-us/, /team.html]\n---\nWho we are.\n"
    issue = "---\ntitle: W\ndate: 2024-01-05\nredirect_from: /issues/1/\npicks:\n  - article: a\n---\n"
    site = make_site(
        {
            "content/articles/2024-01-02-a.md": article("A"),
            "content/pages/about.md": page,
            "content/digests/2024-01-05-w.md": issue,
        },
        config='title: T\nbase_url: "https://example.org/sub/"\n',
    )
    result = cli("build", "-C", site)
    assert result.code == 0, result.err
    assert "aliases" not in result.err and "redirect_from" not in result.err
    about = (site / "public/about-us/index.html").read_text()
    assert '<meta http-equiv="refresh" content="0; url=../about/">' in about
    assert '<link rel="canonical" href="https://example.org/sub/about/">' in about
    assert "<title>About</title>" in about
    assert 'url=about/"' in (site / "public/team.html").read_text()
    issue_page = (site / "public/issues/1/index.html").read_text()
    assert '<meta http-equiv="refresh" content="0; url=../../digests/w/">' in issue_page
    sitemap = (site / "public/sitemap.xml").read_text()
    assert "about-us" not in sitemap and "team" not in sitemap and "issues/" not in sitemap
    assert cli("build", "-C", site, "--clean", "-o", tmp_path / "clean").code == 0
    assert snapshot(site / "public") == snapshot(tmp_path / "clean")


def test_an_old_address_that_is_the_pages_own_is_left_out(
    make_site: Callable[..., Path], cli: Callable[..., CliResult], tmp_path: Path
) -> None:
    """An export that lists a page's own address among its old ones (``aliases: [/about/]`` in
    content/pages/about.md) builds the page there, as without it, and the other old addresses."""
    site = make_site(
        {
            "content/articles/2024-03-01-a.md": article("A").replace(
                "topics:", "aliases: [/articles/a/, /a/]\ntopics:"
            ),
            "content/pages/about.md": "---\ntitle: About\nredirect_from: [/about/, /about-us/]\n---\nUs.\n",
        }
    )
    result = cli("build", "-C", site)
    assert result.code == 0, result.err
    assert "Us." in (site / "public/about/index.html").read_text()
    assert "A</h1>" in (site / "public/articles/a/index.html").read_text()
    assert 'url=../about/"' in (site / "public/about-us/index.html").read_text()
    assert 'url=../articles/a/"' in (site / "public/a/index.html").read_text()
    assert cli("build", "-C", site, "--clean", "-o", tmp_path / "clean").code == 0
    assert snapshot(site / "public") == snapshot(tmp_path / "clean")


@pytest.mark.parametrize(
    ("files", "error"),
    [
        (
            {"content/pages/about.md": "---\ntitle: About\nslug: about\naliases: [/articles/b/]\n---\nUs.\n"},
            "content/pages/about.md:4: 'articles/b/index.html' would be written twice: by "
            "content/articles/2024-03-02-b.md and by content/pages/about.md",
        ),
        (
            {
                "content/digests/2024-03-05-w.md": "---\ntitle: W\ndate: 2024-03-05\npicks: [b]\n"
                "redirect_from: /topics/\n---\n"
            },
            "content/digests/2024-03-05-w.md:5: 'topics/index.html' would be written twice: by topics.html and by content/digests/2024-03-05-w.md",
        ),
        (  # a file written after the page at the old address: the address named at its line all the same
            {
                "content/pages/about.md": "---\ntitle: About\naliases: [/old.html]\n---\nUs.\n",
                "content/root/old.html": "<p>old</p>",
            },
            "content/root/old.html: 'old.html' would be written twice: by content/pages/about.md:3 and by content/root/old.html",
        ),
    ],
)
def test_a_pages_or_issues_old_address_that_another_page_has_is_an_error_at_its_line(
    files: dict[str, str], error: str, make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    site = make_site({"content/articles/2024-03-02-b.md": article("B", date="2024-03-02"), **files})
    result = cli("build", "-C", site)
    assert result.code == 1
    assert error in result.err


def test_a_sitemap_of_more_urls_than_one_may_hold_is_split_under_an_index(
    make_site: Callable[..., Path], cli: Callable[..., CliResult], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The sitemap protocol allows 50,000 URLs a file (a site of 100,000 articles has more):
    beyond that, sitemap.xml is an index of files of at most that many, which a smaller site
    no longer has."""
    assert feeds.SITEMAP_URLS == 50_000
    monkeypatch.setattr(feeds, "SITEMAP_URLS", 10)
    files = {f"content/articles/2024-03-0{day}-a{day}.md": article(f"A{day}", f"2024-03-0{day}") for day in range(1, 9)}
    site = make_site(files)
    assert cli("build", "-C", site).code == 0
    index = (site / "public/sitemap.xml").read_text()
    assert "<sitemapindex" in index and "<url>" not in index
    parts = re.findall(r"<sitemap><loc>https://example\.org/(sitemap-\d+\.xml)</loc></sitemap>", index)
    assert parts == [f"sitemap-{number}.xml" for number in range(1, len(parts) + 1)] and len(parts) >= 2
    listed = [re.findall(r"<loc>([^<]*)</loc>", (site / "public" / part).read_text()) for part in parts]
    assert all(0 < len(urls) <= 10 for urls in listed)
    urls = [url for part in listed for url in part]
    pages = sorted(
        path.parent.relative_to(site / "public").as_posix() for path in (site / "public").rglob("index.html")
    )
    assert sorted(urls) == sorted(f"https://example.org/{page}/".replace("/./", "/") for page in pages)
    assert "Sitemap: https://example.org/sitemap.xml" in (site / "public/robots.txt").read_text()

    for day in range(3, 9):
        (site / f"content/articles/2024-03-0{day}-a{day}.md").unlink()
    assert cli("build", "-C", site).code == 0
    assert "<urlset" in (site / "public/sitemap.xml").read_text()
    assert not list((site / "public").glob("sitemap-*.xml"))
