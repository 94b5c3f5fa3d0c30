"""The content model: slugs, dates, summaries, related articles, pagination, links."""

from __future__ import annotations

import operator
import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from digest.build import Builder, BuildOptions
from digest.config import SiteConfig
from digest.content import LoadOptions, load_site, parse_date, related_articles
from digest.model import Article, TopicRef, newest_first, published_slug, slugify
from tests.conftest import CliResult, article


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("Erdoğan", "erdogan"),
        ("İstanbul", "istanbul"),
        ("Çavuşoğlu", "cavusoglu"),
        ("IŞIK ılık", "isik-ilik"),
        ("Turkey's purchase: US", "turkeys-purchase-us"),
        ("  Déjà vu — Straße  ", "deja-vu-strasse"),
        ("../../etc/passwd", "etc-passwd"),
        ("Ἀθῆναι", "athinai"),
        ("Москва", "moskva"),
        ("Київ и Москва", "kiiv-i-moskva"),
        ("北京", "beijing"),
        ("سياسة", "sysh"),
        ("Erdoğan: Путин", "erdogan-putin"),
        ("رئيس مسؤول", "ryys-mswwl"),
        ("ガザ", "gaza"),  # kana with their voicing marks, not "ka-sa"
        ("パリ", "pari"),
        ("ニュース", "nyusu"),  # a small yu joins the syllable before
        ("とうきょう", "toukyou"),
        ("ジャーナル", "janaru"),
        ("ファッション", "fasshon"),  # a small vowel, a small tsu doubling the consonant after it
        ("ちょっと", "chotto"),
        ("ガザの ニュース", "gazano-nyusu"),
    ],
)
def test_slugs_are_ascii_and_stable(text: str, slug: str) -> None:
    assert slugify(text) == slug
    assert slugify(text).isascii()


@pytest.mark.parametrize(
    ("marked", "plain", "slug"),
    [
        ("فَتْحَة", "فتحة", "fthh"),  # harakat: the short vowels, written or not
        ("السِّيَاسَة", "السياسة", "lsysh"),
        ("أحمد", "احمد", "hmd"),  # the hamza forms of alef, madda, waw and yeh, as their letters
        ("إسلام", "اسلام", "slm"),
        ("آمال", "امال", "ml"),
        ("مسؤول", "مسوول", "mswwl"),
        ("رئيس", "رييس", "ryys"),
        ("سُؤَال", "سؤال", "swl"),
        ("الأخبارُ", "الاخـبار", "lkhbr"),  # (and the tatweel)
    ],
)
def test_arabic_slugs_are_the_same_with_or_without_vowel_marks_and_hamza(marked: str, plain: str, slug: str) -> None:
    """Arabic is written with its short vowels or without them, and a hamza over alef, waw or
    yeh or not: one word is one slug, of its letters, with no hyphen where a hamza was."""
    assert slugify(marked) == slugify(plain) == slug
    assert published_slug(marked) == published_slug(plain) == slug


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2019-06-27", datetime(2019, 6, 27, tzinfo=ZoneInfo("Europe/Istanbul"))),
        ("2019-06-27T10:30:00", datetime(2019, 6, 27, 10, 30, tzinfo=ZoneInfo("Europe/Istanbul"))),
        ("2019-06-27T10:30:00Z", datetime(2019, 6, 27, 10, 30, tzinfo=UTC)),
        ("2019-06-27 10:30+05:30", datetime(2019, 6, 27, 5, 0, tzinfo=UTC)),
        ("2019-13-40", None),
        ("June 27", None),
        (20190627, None),
    ],
)
def test_dates(value: object, expected: datetime | None) -> None:
    assert parse_date(value, ZoneInfo("Europe/Istanbul")) == expected


def test_a_time_the_sites_clocks_skip_or_show_twice_is_warned_of_at_its_line_and_shown_as_it_was(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    """Berlin's clocks go from 02:00 to 03:00 on 29 March 2026 and back from 03:00 to 02:00 on
    25 October: 02:30 on the first day never happened, and on the second it happened twice."""
    config = 'title: T\nbase_url: "https://example.org/"\ntimezone: Europe/Berlin\n'
    site = make_site(
        {
            "content/articles/gap.md": article("Gap", "2026-03-29T02:30"),
            "content/articles/twice.md": article("Twice", "2026-10-25T02:30"),
            "content/articles/plain.md": article("Plain", "2026-10-25T04:30"),
            "content/articles/day.md": article("Day", "2026-03-29"),
            "content/articles/given.md": article("Given", "2026-10-25T02:30:00+01:00"),
        },
        config,
    )
    result = cli("build", "-C", site)
    assert result.code == 0, result.err
    assert (
        "content/articles/gap.md:3: date: 2026-03-29T02:30 does not exist in Europe/Berlin (the clocks go forward "
        "that night): read as 2026-03-29T03:30:00+02:00; write the time with its offset to mean another"
    ) in result.err
    assert (
        "content/articles/twice.md:3: date: 2026-10-25T02:30 happens twice in Europe/Berlin (the clocks go back "
        "that night): read as the first, 2026-10-25T02:30:00+02:00; write 2026-10-25T02:30:00+01:00 for the second"
    ) in result.err
    assert not re.search(r"(plain|day|given)\.md", result.err)
    page = (site / "public/articles/gap/index.html").read_text(encoding="utf-8")
    assert '<time datetime="2026-03-29T03:30:00+02:00">' in page  # a time Berlin's clocks showed
    zone = ZoneInfo("Europe/Berlin")
    assert parse_date("2026-03-29T02:30", zone) == datetime(2026, 3, 29, 1, 30, tzinfo=UTC)
    assert str(parse_date("2026-03-29T02:30", zone)) == "2026-03-29 03:30:00+02:00"


def _article(slug: str, days: int, *topics: str) -> Article:
    return Article(
        path=f"content/articles/{slug}.md",
        slug=slug,
        title=slug,
        date=datetime(2024, 1, 1, tzinfo=UTC) + timedelta(days=days),
        topics=tuple(TopicRef(t, slugify(t)) for t in topics),
        body="",
        summary="",
    )


def test_related_prefers_shared_topics_then_recency() -> None:
    articles = [
        _article("a", 10, "Turkey", "Politics"),
        _article("b", 9, "Turkey"),
        _article("c", 8, "Turkey", "Politics"),
        _article("d", 7, "Economy"),
        _article("e", 11, "Politics"),
        _article("f", 1, "Turkey", "Politics", "Economy"),
    ]
    articles.sort(key=lambda a: a.date, reverse=True)
    related = related_articles(articles, count=3)
    assert [a.slug for a in related["a"]] == ["c", "f", "e"]
    assert [a.slug for a in related["f"]] == ["a", "c", "e"]
    assert [a.slug for a in related["d"]] == ["f"]


def test_related_matches_a_brute_force_ranking() -> None:
    import random

    rng = random.Random(7)
    names = [f"T{i}" for i in range(6)]
    articles = [_article(f"x{i}", rng.randrange(500), *rng.sample(names, rng.randint(1, 3))) for i in range(150)]
    articles = newest_first(articles)
    fast = related_articles(articles)
    for one in articles:
        own = {t.slug for t in one.topics}
        others = [o for o in articles if o is not one and own & {t.slug for t in o.topics}]
        others.sort(key=lambda o: (-len(own & {t.slug for t in o.topics}), -o.date.timestamp(), o.slug))
        assert [o.slug for o in fast[one.slug]] == [o.slug for o in others[:5]]


def test_summary_and_reading_time(make_site: Callable[..., Path]) -> None:
    words = " ".join(["word"] * 660)
    site = make_site(
        {
            "content/articles/2024-01-02-a.md": article("A", body=f"# Heading\n\nFirst *para* here.\n\n{words}\n"),
            "content/articles/2024-01-03-b.md": article("B").replace("topics:", 'summary: "Given."\ntopics:'),
        }
    )
    loaded, _ = load_site(site, SiteConfig(), LoadOptions())
    by_slug = {a.slug: a for a in loaded.articles}
    assert by_slug["a"].summary == "First para here."
    assert by_slug["a"].reading_time == 3
    assert by_slug["b"].summary == "Given."
    assert [a.slug for a in loaded.articles] == ["a", "b"]  # the same day: A to Z


def test_articles_share_the_values_they_repeat(make_site: Callable[..., Path]) -> None:
    """Topics, sections and sources' names are held once, however many articles name them
    (the build cache then stores and loads each once)."""
    extra = 'section: News\nsource: {name: Reuters, url: "https://example.org/%s"}\ntopics:'
    site = make_site(
        {
            f"content/articles/{name}.md": article(name.upper(), topics="Turkey, Energy").replace(
                "topics:", extra % name
            )
            for name in ("a", "b")
        }
    )
    loaded, _ = load_site(site, SiteConfig(), LoadOptions())
    first, second = loaded.articles
    assert first.topics == second.topics and all(map(operator.is_, first.topics, second.topics))
    assert first.section is second.section and first.section == "News"
    assert first.source.name is second.source.name and first.source.url != second.source.url
    assert first.image is second.image


def test_time_zones_order_articles(make_site: Callable[..., Path]) -> None:
    site = make_site(
        {
            "content/articles/a.md": article("A", date="2024-01-02T01:00:00+03:00"),
            "content/articles/b.md": article("B", date="2024-01-01T23:30:00Z"),
        }
    )
    loaded, _ = load_site(site, SiteConfig(), LoadOptions())
    assert [a.slug for a in loaded.articles] == ["b", "a"]


def test_articles_of_the_same_day_are_listed_a_to_z_everywhere(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    """Newest first; articles dated by the day alone, the same day, in the order of their
    slugs (as imports of one day are dated), on the pages, in the feed and in ``digest list``."""
    site = make_site(
        {
            "content/articles/2024-03-02-banks.md": article("Banks", date="2024-03-02"),
            "content/articles/2024-03-02-zoning.md": article("Zoning", date="2024-03-02"),
            "content/articles/2024-03-02-airports.md": article("Airports", date="2024-03-02"),
            "content/articles/2024-03-03-latest.md": article("Latest", date="2024-03-03"),
            "content/articles/2024-03-01-oldest.md": article("Oldest", date="2024-03-01"),
        }
    )
    expected = ["Latest", "Airports", "Banks", "Zoning", "Oldest"]
    assert cli("build", "-C", site).code == 0
    topic = (site / "public/topics/turkey/index.html").read_text()
    assert sorted(expected, key=topic.index) == expected
    feed = (site / "public/feed.xml").read_text()
    assert sorted(expected, key=feed.index) == expected
    listed = cli("list", "-C", site).out
    assert sorted(expected, key=listed.index) == expected


def test_pagination_and_archive(make_site: Callable[..., Path], cli: Callable[..., CliResult]) -> None:
    files = {
        f"content/articles/2024-0{1 + day % 3}-{10 + day}-s{day}.md": article(
            f"Story {day}", date=f"2024-0{1 + day % 3}-{10 + day}"
        )
        for day in range(7)
    }
    site = make_site(files, 'title: T\nbase_url: "https://example.org/"\nper_page: 3\n')
    assert cli("build", "-C", site).code == 0
    topic = site / "public/topics/turkey"
    assert (topic / "index.html").is_file()
    assert (topic / "page/2/index.html").is_file()
    assert (topic / "page/3/index.html").is_file()
    assert not (topic / "page/4").exists()
    page2 = (topic / "page/2/index.html").read_text()
    assert 'rel="prev" href="../../../../topics/turkey/"' in page2
    assert 'rel="next" href="../../../../topics/turkey/page/3/"' in page2
    archive = (site / "public/archive/index.html").read_text()
    assert archive.index("March 2024") < archive.index("February 2024") < archive.index("January 2024")


def test_a_pick_may_name_its_article_by_the_address_the_site_shows(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    picks = "".join(
        f"  - article: {ref}\n"
        for ref in (
            "/articles/a/",
            "https://example.org/articles/b/",
            "https://example.org/news/articles/c/index.html",
            "https://example.org/articles/d",  # (the address bar's, without its last slash)
            "/articles/e#comments",
            "articles/2024-01-07-f.md",  # (a file's path)
        )
    )
    site = make_site(
        {
            "content/articles/2024-01-02-a.md": article("A"),
            "content/articles/2024-01-03-b.md": article("B", date="2024-01-03"),
            "content/articles/2024-01-04-c.md": article("C", date="2024-01-04"),
            "content/articles/2024-01-05-d.md": article("D", date="2024-01-05"),
            "content/articles/2024-01-06-e.md": article("E", date="2024-01-06"),
            "content/articles/2024-01-07-f.md": article("F", date="2024-01-07"),
            "content/digests/2024-01-08-w.md": f"---\ntitle: W\ndate: 2024-01-08\npicks:\n{picks}---\n",
        }
    )
    result = cli("build", "-C", site)
    assert result.code == 0, result.err
    issue = (site / "public/digests/w/index.html").read_text()
    shown = [issue.index(f'href="../../articles/{slug}/"') for slug in "abcdef"]
    assert shown == sorted(shown)
    listed = cli("list", "-C", site)
    assert listed.code == 0 and "6 article(s), 0 not picked by any issue" in listed.out


def test_links_between_content_files(make_site: Callable[..., Path], cli: Callable[..., CliResult]) -> None:
    site = make_site(
        {
            "content/articles/2024-01-02-a.md": article(
                "A", body="See [B](2024-01-03-b.md#part) and [about](../pages/about.md)."
            ),
            "content/articles/2024-01-03-b.md": article("B", date="2024-01-03", body="## Part\n\nText"),
            "content/pages/about.md": "---\ntitle: About\n---\nBack to [A](../articles/2024-01-02-a.md).\n",
            "content/digests/2024-01-04-w.md": (
                "---\ntitle: W\ndate: 2024-01-04\npicks:\n  - article: articles/2024-01-03-b.md\n"
                "    note: Compare with [A](../articles/2024-01-02-a.md).\n---\n"
            ),
        }
    )
    result = cli("build", "-C", site)
    assert result.code == 0, result.err
    assert 'href="../../articles/b/#part"' in (site / "public/articles/a/index.html").read_text()
    assert 'href="../../about/"' in (site / "public/articles/a/index.html").read_text()
    assert 'href="../articles/a/"' in (site / "public/about/index.html").read_text()
    assert 'href="../../articles/a/"' in (site / "public/digests/w/index.html").read_text()
    assert 'id="part"' in (site / "public/articles/b/index.html").read_text()


def test_links_to_content_files_from_the_root_lead_to_their_pages(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    """``[B](/articles/b.md)``, a content file from content/ as Hugo names pages (or from the
    repository's root, as GitHub shows the file), was published as written: a link nowhere."""
    body = "See [B](/articles/2024-01-03-b.md#part), [about](/content/pages/about.md) and [a file](/notes.md)."
    site = make_site(
        {
            "content/articles/2024-01-02-a.md": article("A", body=body),
            "content/articles/2024-01-03-b.md": article("B", date="2024-01-03", body="## Part\n\nText"),
            "content/pages/about.md": "---\ntitle: About\n---\nSee [gone](/articles/gone.md).\n",
            "content/root/notes.md": "Published as it is.\n",
        }
    )
    result = cli("build", "-C", site)
    assert result.code == 1
    assert "content/pages/about.md:4: link to 'content/articles/gone.md': no such page in this build" in result.err
    (site / "content/pages/about.md").write_text("---\ntitle: About\n---\nUs.\n")
    result = cli("build", "-C", site)
    assert result.code == 0, result.err
    html = (site / "public/articles/a/index.html").read_text()
    assert 'href="../../articles/b/#part"' in html and 'href="../../about/"' in html
    assert 'href="/notes.md"' in html  # (a file of content/root/, published as it is)


def test_unknown_front_matter_key_warns(make_site: Callable[..., Path], cli: Callable[..., CliResult]) -> None:
    site = make_site({"content/articles/2024-01-02-a.md": article("A").replace("topics:", "tilte: x\ntopics:")})
    result = cli("build", "-C", site)
    assert result.code == 0
    assert "warning: content/articles/2024-01-02-a.md:4: tilte: unknown field" in result.err


def test_a_field_in_capitals_is_told_its_lower_case_name(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    """Hugo reads Tags: and Slug: as tags and slug; digest keeps them in extra, which said
    nothing of a name too short to be found close (Tags was no 'tags' by spelling alone)."""
    site = make_site({"content/articles/2024-01-02-a.md": article("A").replace("topics:", "Tags: [x]\ntopics:")})
    result = cli("build", "-C", site)
    assert result.code == 0
    assert "content/articles/2024-01-02-a.md:4: Tags: unknown field (kept in extra); did you mean 'tags'?" in result.err


def test_hugos_description_is_told_digests_name_for_it(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    """Hugo's description: (Jekyll's excerpt:) is digest's summary:, which a page left without
    it goes without in its meta tags; a file that has a summary keeps description as its own."""
    site = make_site(
        {
            "content/articles/2024-01-02-a.md": article("A").replace("topics:", "description: Why.\ntopics:"),
            "content/pages/about.md": "---\ntitle: About\nexcerpt: Us.\n---\nText.\n",
            "content/pages/team.md": "---\ntitle: Team\nsummary: We.\ndescription: Ours.\n---\nText.\n",
        }
    )
    result = cli("build", "-C", site)
    assert result.code == 0
    expected = "unknown field (kept in extra); digest reads summary: (its description in meta tags)"
    assert f"content/articles/2024-01-02-a.md:4: description: {expected}" in result.err
    assert f"content/pages/about.md:3: excerpt: {expected}" in result.err
    assert "team.md" not in result.err


def test_another_generators_draft_flag_is_an_error_not_a_published_page(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    """Jekyll's and Hugo's ``published: false`` and Ghost's ``status: draft`` keep a post out of
    those sites; digest does not read them, so the post would go live without a word."""
    site = make_site(
        {
            "content/articles/2024-01-02-a.md": article("A").replace("topics:", "published: false\ntopics:"),
            "content/articles/2024-01-03-b.md": article("B").replace("topics:", "status: draft\ntopics:"),
            "content/pages/about.md": "---\ntitle: About\npublished: false\n---\nText\n",
            "content/articles/2024-01-04-c.md": article("C").replace(
                "topics:", "published: true\nstatus: published\ntopics:"
            ),
        }
    )
    result = cli("build", "-C", site)
    assert result.code == 1
    assert "content/articles/2024-01-02-a.md:4: published: false is not read (it is Jekyll's and Hugo's" in result.err
    assert "write draft: true to keep this out of the site" in result.err
    assert "content/articles/2024-01-03-b.md:4: status: 'draft' is not read (it is Ghost's" in result.err
    assert "content/pages/about.md:3: published: false is not read" in result.err
    assert "2024-01-04-c.md" not in result.err
    assert not (site / "public").exists()


def test_fields_of_other_generators_that_digest_does_not_follow_warn_saying_what_it_does(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    """Old addresses (Jekyll's permalink, Hugo's url) and publication dates other than ``date``
    are kept in extra, but the curator is told they do nothing (aliases are read)."""
    fields = (
        'aliases: ["/2020/01/a/"]\npermalink: /world/a.html\nredirect_from: [/old/a/]\n'
        "expiryDate: 2024-02-01\npublishDate: 2024-01-05\ntopics:"
    )
    site = make_site({"content/articles/2024-01-02-a.md": article("A").replace("topics:", fields)})
    result = cli("build", "-C", site)
    assert result.code == 0, result.err
    name = "warning: content/articles/2024-01-02-a.md"
    assert f"{name}:5: permalink: not read: digest gives the page its own address; " in result.err
    assert "to keep the old one working, list it under aliases: or in content/root/_redirects" in result.err
    assert "aliases:" not in result.err.replace("under aliases:", "") and "redirect_from" not in result.err
    assert f"{name}:7: expiryDate: not read: the article stays published after it" in result.err
    assert f"{name}:8: publishDate: not read: the article is published by its date" in result.err
    # An address elsewhere is no page's own: a clipping tool's url: (the story's source).
    path = site / "content/articles/2024-01-02-a.md"
    path.write_text(path.read_text().replace("permalink: /world/a.html", "url: https://news.example/story"))
    assert "url:" not in cli("build", "-C", site).err
    # A site with plugins of its own may have one that reads the old addresses.
    (site / "hooks.py").write_text("def on_site(site):\n    return site\n")
    (site / "digest.yaml").write_text((site / "digest.yaml").read_text() + "hooks: [hooks.py]\n")
    result = cli("build", "-C", site)
    assert result.code == 0, result.err
    assert "permalink:" not in result.err
    assert f"{name}:7: expiryDate: not read" in result.err


def test_an_articles_last_change_is_read_from_hugos_and_jekylls_fields_and_checked_like_its_date(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    """``lastmod`` (Hugo's), ``last_modified_at`` (Jekyll's) and ``updated`` give the article's
    last change: a date, never before ``date``, given once; not kept in ``extra``."""
    name = "content/articles/2024-01-02-{}.md"
    files = {
        name.format("a"): article("A", date="2024-01-02").replace("topics:", "lastmod: 2024-01-05T10:00:00Z\ntopics:"),
        name.format("b"): article("B", date="2024-01-02").replace("topics:", "last_modified_at: 2024-02-30\ntopics:"),
        name.format("c"): article("C", date="2024-01-02").replace("topics:", "updated: 2023-12-31\ntopics:"),
        name.format("d"): article("D", date="2024-01-02").replace(
            "topics:", "updated: 2024-01-03\nlastMod: 2024-01-04\ntopics:"
        ),
        # The day it was published, at a time not given, is no change before it.
        name.format("e"): article("E", date="2024-01-02T15:00:00").replace("topics:", "lastmod: 2024-01-02\ntopics:"),
    }
    site = make_site(files)
    result = cli("build", "-C", site)
    assert result.code == 1
    assert "content/articles/2024-01-02-b.md:4: last_modified_at: not a date: '2024-02-30'" in result.err
    assert "content/articles/2024-01-02-c.md:4: updated: '2023-12-31' is earlier than date: '2024-01-02'" in result.err
    assert (
        "content/articles/2024-01-02-d.md:5: lastMod: the article's last change is given twice, also by updated: (line 4)"
        in result.err
    )
    assert "-a.md" not in result.err and "-e.md" not in result.err
    for key in "bcd":
        (site / name.format(key)).unlink()
    assert cli("build", "-C", site).code == 0
    loaded, _ = load_site(site, SiteConfig(), LoadOptions())
    by_slug = {a.slug: a for a in loaded.articles}
    assert by_slug["a"].updated == datetime(2024, 1, 5, 10, tzinfo=UTC)
    assert by_slug["e"].updated == by_slug["e"].date
    assert "lastmod" not in by_slug["a"].extra


def test_an_article_without_topics_but_with_categories_is_told_to_rename_them(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    text = "---\ntitle: Jekyll post\ncategories: [world, politics]\n---\nBody\n"
    site = make_site({"content/articles/2024-01-02-a.md": text})
    result = cli("build", "-C", site)
    assert result.code == 1
    assert (
        "content/articles/2024-01-02-a.md:3: topics: missing (required); "
        "categories are not read: rename categories: to topics:" in result.err
    )
    # A date in the file's name (as Jekyll names posts) is not the article's date: it says so.
    assert (
        "content/articles/2024-01-02-a.md:1: date: missing (required); "
        "the file's name is not read for it: add date: 2024-01-02" in result.err
    )
    # Jekyll reads categories written as words with spaces between them as a list of them,
    # where topics: jekyll update would be one topic: 'jekyll update'.
    (site / "content/articles/2024-01-02-a.md").write_text(text.replace("[world, politics]", "jekyll  update"))
    result = cli("build", "-C", site)
    assert "categories are not read: rename categories: to topics: (a list: topics: [jekyll, update])" in result.err


def test_shortcodes_and_liquid_tags_shown_as_text_are_named_with_their_line(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    """Hugo's shortcodes and Jekyll's Liquid tags are not run: a page would show them as text."""
    body = (
        'Intro.\n\n{{< figure src="pic.jpg" title="A pic" >}}\n\n{{% note %}}Hi{{% /note %}}\n'
        "\n```\n{{< in a code block >}}\n```\n"
    )
    liquid = "Text with `{% raw %}` in code.\n\n{% raw %}{{ kept }}{% endraw %}\n"
    code_only = "Templates look like `{{< this >}}`:\n\n    {% include x.html %}\n"
    site = make_site(
        {
            "content/articles/2024-01-02-a.md": article("A", body=body),
            "content/articles/2024-01-03-b.md": article("B", body=liquid),
            "content/articles/2024-01-04-c.md": article("C", body=code_only),
        }
    )
    result = cli("build", "-C", site)
    assert result.code == 0, result.err
    assert (
        'warning: content/articles/2024-01-02-a.md:8: \'{{< figure src="pic.jpg" title="A pic" >}}\' is a Hugo '
        "shortcode, shown as text (and 2 more): digest runs no shortcodes or Liquid tags; write it in Markdown"
    ) in result.err
    assert "warning: content/articles/2024-01-03-b.md:8: '{% raw %}' is a Liquid tag, shown as text" in result.err
    assert "2024-01-04-c.md" not in result.err


def test_an_article_kept_as_a_folders_index_is_named_after_the_folder(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    """Hugo's page bundles: ``posts/<name>/index.md``.  Each was published as articles/index/,
    and a second one was an error (the slug 'index' twice)."""
    site = make_site(
        {
            "content/articles/2019/2019-01-01-old-bundle/index.md": article("Old", date="2019-01-01"),
            "content/articles/another/index.md": article("Another", date="2019-01-02"),
            "content/articles/index.md": article("Plain index", date="2019-01-03"),
            "content/digests/2019-01-05-w.md": (
                "---\ntitle: W\ndate: 2019-01-05\npicks:\n  - article: old-bundle\n  - article: another\n---\n"
            ),
        }
    )
    result = cli("build", "-C", site)
    assert result.code == 0, result.err
    assert (site / "public/articles/old-bundle/index.html").exists()
    assert (site / "public/articles/another/index.html").exists()
    assert (site / "public/articles/index/index.html").exists()
    listed = cli("list", "-C", site, "--format", "csv").out
    assert ",old-bundle," in listed and ",another," in listed, listed


def test_content_warnings_are_shown_when_a_template_fails(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    site = make_site(
        {
            "content/articles/2024-01-02-a.md": article("A").replace("topics:", "sumary: x\ntopics:"),
            "templates/article.html": "{{ article.extra.nothing.x }}\n",
        }
    )
    result = cli("build", "-C", site)
    assert result.code == 1
    assert "templates/article.html:1" in result.err
    assert result.err.count("content/articles/2024-01-02-a.md:4: sumary: unknown field") == 1, result.err


def test_an_unknown_key_in_a_pick_warns_with_its_line(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    """A misspelt ``note`` would drop the curator's words unseen."""
    issue = (
        "---\ntitle: W\ndate: 2024-01-04\npicks:\n  - article: a\n    notes: Why it matters.\n"
        "  - article: b\n    note: Fine.\n    colour: red\n---\nIntro.\n"
    )
    site = make_site(
        {
            "content/articles/2024-01-02-a.md": article("A"),
            "content/articles/2024-01-03-b.md": article("B", date="2024-01-03"),
            "content/digests/2024-01-04-w.md": issue,
        }
    )
    result = cli("build", "-C", site)
    assert result.code == 0, result.err
    assert (
        "warning: content/digests/2024-01-04-w.md:6: pick 1.notes: unknown field (ignored); did you mean 'note'?"
    ) in result.err
    assert (
        "content/digests/2024-01-04-w.md:9: pick 2.colour: unknown field (ignored); expected one of: article, note"
        in result.err
    )
    assert "Fine." in (site / "public/digests/w/index.html").read_text()


def test_links_to_content_files_in_digest_yaml_topic_descriptions_are_resolved(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    link = "[the story](content/articles/2024-01-02-a.md)"
    config = f'title: T\nbase_url: "https://example.org/"\ntopics:\n  Turkey: "Start with {link}."\n'
    site = make_site({"content/articles/2024-01-02-a.md": article("A")}, config)
    assert cli("build", "-C", site).code == 0
    page = (site / "public/topics/turkey/index.html").read_text()
    assert '<a href="../../articles/a/">the story</a>' in page and "@md:" not in page
    (site / "digest.yaml").write_text(config.replace("2024-01-02-a.md", "2024-01-02-gone.md"))
    result = cli("build", "-C", site)
    assert result.code == 1
    assert (
        "digest.yaml:4: topics.Turkey: link to 'content/articles/2024-01-02-gone.md': no such page in this build"
        in result.err
    )


def test_a_note_links_to_a_heading_of_its_issues_intro_and_to_the_top(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    issue = (
        '---\ntitle: "Week"\ndate: 2024-03-05\npicks:\n  - article: a\n    note: "See [the contents](#contents)."\n'
        "---\nIntro.\n\n## Contents\n\nBack to [the top](#top).\n"
    )
    site = make_site({"content/articles/2024-03-01-a.md": article("A"), "content/digests/2024-03-05-week.md": issue})
    assert cli("build", "-C", site).code == 0
    page = (site / "public/digests/week/index.html").read_text()
    assert '<h2 id="week-intro-contents">' in page and 'href="#top"' in page
    # To the issue's page, where the intro is: from the issue itself and from the article that shows the note.
    assert 'href="../../digests/week/#week-intro-contents"' in page
    shown = (site / "public/articles/a/index.html").read_text()
    assert 'href="../../digests/week/#week-intro-contents"' in shown
    assert cli("check", "-C", site).code == 0


def test_topic_descriptions_from_files_and_config(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    config = 'title: T\nbase_url: "https://example.org/"\ntopics:\n  Politics: "From *config*."\n'
    site = make_site(
        {
            "content/articles/2024-01-02-a.md": article("A", topics="Turkey, Politics"),
            "content/topics/turkey.md": "---\ntitle: Turkey\n---\nFrom the **file**.\n",
        },
        config,
    )
    assert cli("build", "-C", site).code == 0
    assert "<strong>file</strong>" in (site / "public/topics/turkey/index.html").read_text()
    assert "<em>config</em>" in (site / "public/topics/politics/index.html").read_text()


def test_a_topic_description_that_is_a_draft_is_shown_only_with_drafts(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    """``draft: true`` (which a topic file with Jekyll's ``published: false`` is told to write)
    was kept as an unknown field and the description published."""
    site = make_site(
        {
            "content/articles/2024-01-02-a.md": article("A", topics="Turkey"),
            "content/topics/turkey.md": "---\ntitle: Türkiye\ndraft: true\n---\nHalf **written**.\n",
        }
    )
    result = cli("build", "-C", site)
    assert result.code == 0, result.err
    assert "not published: 1 draft(s) (--drafts)" in result.out + result.err
    shown = (site / "public/topics/turkey/index.html").read_text()
    assert "written" not in shown and "Türkiye" not in shown and "Turkey" in shown
    assert cli("build", "-C", site, "--drafts").code == 0
    assert "Half <strong>written</strong>." in (site / "public/topics/turkey/index.html").read_text()


def test_a_topic_described_in_digest_yaml_and_by_its_file_is_a_warning_at_the_unused_one(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    """The file's description is the one shown: the one in digest.yaml was dropped without a word."""
    config = 'title: T\nbase_url: "https://example.org/"\ntopics:\n  Other: "Fine."\n  turkey: "From *config*."\n'
    site = make_site(
        {
            "content/articles/2024-01-02-a.md": article("A", topics="Turkey, Other"),
            "content/topics/turkey.md": "---\ntitle: Turkey\n---\nFrom the **file**.\n",
        },
        config,
    )
    result = cli("build", "-C", site)
    assert result.code == 0, result.err
    assert result.err == (
        "warning: digest.yaml:5: topics.turkey: not shown: the topic is also described by content/topics/turkey.md, "
        "whose description its page shows; keep one of the two\n"
    )
    assert "<strong>file</strong>" in (site / "public/topics/turkey/index.html").read_text()


def test_a_topic_described_by_two_files_is_an_error_naming_both(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    """Two curators described the topic on their branches, each in a file of their own naming:
    after the merge one description was shown and the other dropped without a word."""
    site = make_site(
        {
            "content/articles/2024-01-02-a.md": article("A", topics="Middle East"),
            "content/topics/middle-east.md": "---\ntitle: Middle East\n---\nAlice's words.\n",
            "content/topics/Middle East.md": "---\ntitle: Middle East\n---\nBob's words.\n",
        }
    )
    result = cli("build", "-C", site)
    assert result.code == 1
    assert (
        "content/topics/middle-east.md:1: topic 'middle-east' is also described by content/topics/Middle East.md; "
        "keep one of the two"
    ) in result.err


def test_a_topic_is_described_by_its_folders_index_as_hugo_keeps_a_terms_page(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    """``content/topics/politics/_index.md``, a Hugo site's term page, was read as the topic
    'index', and two of them as 'index' described twice."""
    site = make_site(
        {
            "content/articles/2024-01-02-a.md": article("A", topics="Politics, Middle East"),
            "content/topics/politics/_index.md": "---\ntitle: Politics\n---\nWho governs.\n",
            "content/topics/middle-east/index.md": "---\ntitle: Middle East\n---\nThe region.\n",
        }
    )
    result = cli("build", "-C", site)
    assert result.code == 0, result.err
    assert "Who governs." in (site / "public/topics/politics/index.html").read_text()
    assert "The region." in (site / "public/topics/middle-east/index.html").read_text()
    (site / "content/topics/Politics.md").write_text("---\ntitle: Politics\n---\nOther words.\n")
    result = cli("build", "-C", site)
    assert result.code == 1
    assert (
        "content/topics/politics/_index.md:1: topic 'politics' is also described by content/topics/Politics.md"
    ) in result.err


def test_a_topic_is_named_as_most_articles_spell_it_unless_its_file_names_it_on_every_page(
    make_site: Callable[..., Path],
) -> None:
    files = {
        "content/articles/2024-01-01-a.md": article("A", date="2024-01-01", topics="Turkey, NATO"),
        "content/articles/2024-01-02-b.md": article("B", date="2024-01-02", topics="Turkey, nato"),
        "content/articles/2024-01-03-c.md": article("C", date="2024-01-03", topics="turkey, NATO, Spain"),
        "content/articles/2024-01-04-d.md": article("D", date="2024-01-04", topics="spain"),
    }
    loaded, _ = load_site(make_site(files), SiteConfig(), LoadOptions())
    # Two of three; of equals, the newest.
    assert {topic.slug: topic.name for topic in loaded.topics} == {"turkey": "Turkey", "nato": "NATO", "spain": "spain"}
    site = make_site({**files, "content/topics/spain.md": "---\ntitle: España\n---\nThe kingdom.\n"})
    loaded, _ = load_site(site, SiteConfig(), LoadOptions())
    assert {topic.slug: topic.name for topic in loaded.topics}["spain"] == "España"
    # Every article names its topics as the site does: one name for one topic on every page.
    named = {ref.name for article_ in loaded.articles for ref in article_.topics}
    assert named == {"Turkey", "NATO", "España"}


def test_topics_whose_slugs_meet_are_one_only_when_they_differ_in_case_accents_or_punctuation(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    one = {
        "content/articles/2024-01-01-a.md": article(
            "A", date="2024-01-01", topics="Kılıçdaroğlu, Middle East, Politika"
        ),
        "content/articles/2024-01-02-b.md": article("B", date="2024-01-02", topics="kilicdaroglu, Middle-East"),
        # One word as outlets in two languages spell it: one topic.
        "content/articles/2024-01-03-c.md": article("C", date="2024-01-03", topics="Политика, Украина"),
        "content/articles/2024-01-04-d.md": article("D", date="2024-01-04", topics="Україна"),
    }
    loaded, _ = load_site(make_site(one), SiteConfig(), LoadOptions())
    assert sorted(topic.slug for topic in loaded.topics) == ["kilicdaroglu", "middle-east", "politika", "ukraina"]
    # Beijing and "background" are both "beijing" in Latin letters: two topics, not one page.
    two = {
        "content/articles/2024-01-01-a.md": article("A", date="2024-01-01", topics="北京"),
        "content/articles/2024-01-02-b.md": article("B", date="2024-01-02", topics="Politics, 背景"),
    }
    site = make_site(two)
    result = cli("build", "-C", site)
    assert result.code == 1 and not (site / "public").exists()
    assert (
        "content/articles/2024-01-01-a.md:4: topics: '北京' and '背景' (content/articles/2024-01-02-b.md) "
        "would be one topic, topics/beijing/" in result.err
    ), result.err


def test_topics_in_arabic_or_hebrew_letters_whose_slugs_meet_are_one_only_when_spelt_alike(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    # One word spelt with a tatweel or a teh marbuta written otherwise, or in Persian letters
    # (ایران, إيران), is one topic; so is a name in Arabic letters and its Latin spelling.
    # So is one written with its vowel marks and without them (السِّيَاسَة, السياسة).
    one = {
        "content/articles/2024-01-01-a.md": article("A", date="2024-01-01", topics="إيران, مصر, الاخبار, مكة, السياسة"),
        "content/articles/2024-01-02-b.md": article("B", date="2024-01-02", topics="ایران, الاخـبار, مكه, السِّيَاسَة"),
        "content/articles/2024-01-03-c.md": article("C", date="2024-01-03", topics="msr"),
    }
    loaded, errors = load_site(make_site(one), SiteConfig(), LoadOptions())
    assert not errors
    assert sorted(topic.slug for topic in loaded.topics) == ["lkhbr", "lsysh", "mkh", "msr", "yrn"]
    # Their Latin spellings leave out vowels and letters: "the world" and "science" (العالم,
    # العلم) are both l-lm, "summer" and "sword" (صيف, سيف) both syf; שלום and סלום both slvm.
    two = {
        "content/articles/2024-01-01-a.md": article("A", date="2024-01-01", topics="العالم, صيف"),
        "content/articles/2024-01-02-b.md": article("B", date="2024-01-02", topics="العلم, سيف"),
        "content/articles/2024-01-03-c.md": article("C", date="2024-01-03", topics="שלום"),
        "content/articles/2024-01-04-d.md": article("D", date="2024-01-04", topics="סלום"),
    }
    site = make_site(two)
    result = cli("build", "-C", site)
    assert result.code == 1 and not (site / "public").exists()
    for message in (
        "content/articles/2024-01-01-a.md:4: topics: 'العالم' and 'العلم' (content/articles/2024-01-02-b.md) "
        "would be one topic, topics/l-lm/",
        "content/articles/2024-01-01-a.md:4: topics: 'صيف' and 'سيف' (content/articles/2024-01-02-b.md) "
        "would be one topic, topics/syf/",
        "content/articles/2024-01-03-c.md:4: topics: 'שלום' and 'סלום' (content/articles/2024-01-04-d.md) "
        "would be one topic, topics/slvm/",
    ):
        assert message in result.err, result.err


def test_tags_are_kept_apart_from_topics(make_site: Callable[..., Path], cli: Callable[..., CliResult]) -> None:
    text = "---\ntitle: T\ndate: 2024-03-01\ntopics: [Turkey]\ntags: [S-400, F-35, S-400]\n---\nBody.\n"
    site = make_site({"content/articles/2024-03-01-t.md": text})
    loaded, _ = load_site(site, SiteConfig(), LoadOptions())
    (article_,) = loaded.articles
    assert article_.tags == ("S-400", "F-35")
    assert [topic.name for topic in article_.topics] == ["Turkey"]
    result = cli("build", "-C", site)
    assert result.code == 0 and "tags" not in result.err
    bad = make_site({"content/articles/2024-03-01-t.md": text.replace("[S-400, F-35, S-400]", "{a: 1}")})
    result = cli("build", "-C", bad)
    assert (
        result.code == 1
        and "content/articles/2024-03-01-t.md:5: tags: expected a list of words, got a mapping" in result.err
    )


def test_topics_and_tags_written_as_text_with_commas_are_lists(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    text = "---\ntitle: T\ndate: 2024-03-01\ntopics: Turkey, Politics\ntags: lira, inflation\n---\nBody.\n"
    kept = '---\ntitle: K\ndate: 2024-03-02\ntopics: ["Crime, Law and Justice"]\n---\nBody.\n'
    site = make_site({"content/articles/2024-03-01-t.md": text, "content/articles/2024-03-02-k.md": kept})
    loaded, _ = load_site(site, SiteConfig(), LoadOptions())
    by_slug = {article_.slug: article_ for article_ in loaded.articles}
    assert [topic.name for topic in by_slug["t"].topics] == ["Turkey", "Politics"]
    assert by_slug["t"].tags == ("lira", "inflation")
    assert [topic.name for topic in by_slug["k"].topics] == ["Crime, Law and Justice"]
    listed = cli("list", "--topic", "politics", "-C", site)  # digest list reads them alike
    assert listed.code == 0 and listed.out.splitlines()[1].startswith("2024-03-01  Turkey, Politics")
    assert listed.out.splitlines()[-1].startswith("1 article(s)")


def test_topics_in_any_script_get_pages(make_site: Callable[..., Path], cli: Callable[..., CliResult]) -> None:
    """A topic written in Cyrillic, Arabic or Chinese gets an ASCII slug and its own page,
    shown under its own name."""
    files = {"content/articles/2024-05-01-a.md": article("A", topics="Москва, سياسة, 北京")}
    site = make_site(files)
    result = cli("build", "-C", site)
    assert result.code == 0, result.err
    topics = site / "public/topics"
    assert sorted(path.name for path in topics.iterdir() if path.is_dir()) == ["beijing", "moskva", "sysh"]
    assert "Москва" in (topics / "moskva/index.html").read_text()


def test_topics_that_differ_by_a_plus_or_a_sharp_get_pages_of_their_own(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    """C, C++ and C# (and Disney, Disney+) are different topics, each with its page, feed and
    description; names that differ only in case or accents stay one topic."""
    files = {
        "content/articles/2024-05-01-a.md": article("A", topics='C, "C++"'),
        "content/articles/2024-05-02-b.md": article("B", topics='"C#", Disney'),
        "content/articles/2024-05-03-c.md": article("C", topics='"Disney+", C, Erdoğan', date="2024-05-03"),
        "content/articles/2024-05-04-d.md": article("D", topics="erdogan", date="2024-05-04"),
        "content/topics/c++.md": "---\ntitle: C++\n---\nThe **plus-plus** one.\n",
    }
    config = 'title: T\nbase_url: "https://example.org/"\ntopics:\n  "C#": "The *sharp* one."\n'
    site = make_site(files, config)
    result = cli("build", "-C", site)
    assert result.code == 0, result.err
    topics = site / "public/topics"
    pages = ["c", "c-plus-plus", "c-sharp", "disney", "disney-plus", "erdogan"]
    assert sorted(path.name for path in topics.iterdir() if path.is_dir()) == pages
    titles = {
        page: re.search(r'<h1 class="page-title">([^<]*)', (topics / page / "index.html").read_text()) for page in pages
    }
    assert {page: match[1] if match else None for page, match in titles.items()} == {
        "c": "C", "c-plus-plus": "C++", "c-sharp": "C#", "disney": "Disney", "disney-plus": "Disney+", "erdogan": "erdogan",
    }  # fmt: skip
    assert "<strong>plus-plus</strong>" in (topics / "c-plus-plus/index.html").read_text()
    assert "<em>sharp</em>" in (topics / "c-sharp/index.html").read_text()
    assert (topics / "c-plus-plus/feed.xml").is_file()
    assert ">A</a>" in (topics / "c/index.html").read_text() and ">C</a>" in (topics / "c/index.html").read_text()
    assert ">B</a>" not in (topics / "c/index.html").read_text()
    listed = cli("list", "--topic", "C++", "-C", site)
    assert listed.code == 0 and " A\n" in listed.out and " B\n" not in listed.out


def test_a_page_in_a_folder_keeps_the_folder_in_its_address(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    files = {
        "content/articles/2024-01-02-a.md": article("A"),
        "content/pages/about.md": "---\ntitle: About\n---\nUs.\n",
        "content/pages/about/team.md": "---\ntitle: Team\n---\nWho we are.\n",
        "content/pages/Legal Notes/team.md": "---\ntitle: Legal team\n---\nLawyers.\n",
        "content/pages/legal-notes/index.md": "---\ntitle: Legal notes\n---\nThe fine print.\n",
        "content/pages/help/faq/_index.md": "---\ntitle: FAQ\n---\nQuestions.\n",
    }
    site = make_site(files)
    result = cli("build", "-C", site)
    assert result.code == 0, result.err
    team = site / "public/about/team/index.html"
    assert (
        "Who we are." in team.read_text()
        and '<link rel="stylesheet" href="../../static/style.css">' in team.read_text()
    )
    assert "Lawyers." in (site / "public/legal-notes/team/index.html").read_text()
    assert "Us." in (site / "public/about/index.html").read_text()
    assert "The fine print." in (site / "public/legal-notes/index.html").read_text()  # a folder's index.md
    assert "Questions." in (site / "public/help/faq/index.html").read_text()
    home = (site / "public/index.html").read_text()
    navigation = home[home.index('<nav class="site-nav"') : home.index("</nav>", home.index('<nav class="site-nav"'))]
    footer = home[home.index('<footer class="site-footer"') :]
    # The main navigation has the top-level pages; a page in a folder is linked from the footer.
    assert 'href="about/"' in navigation and 'href="about/team/"' not in navigation
    assert 'href="about/team/"' in footer and 'href="legal-notes/team/"' in footer
    assert not (site / "public/team").exists()
    (site / "content/pages/articles").mkdir()
    (site / "content/pages/articles/x.md").write_text("---\ntitle: X\n---\nx\n")
    result = cli("build", "-C", site)
    assert result.code == 1
    assert "content/pages/articles/x.md:1: the folder 'articles' is reserved for a section of the site" in result.err
    # content/pages/ is the site's root: its index.md would be the home page, which the theme makes
    # (Hugo's content/_index.md); it was published at /index/, in the navigation.
    (site / "content/pages/articles/x.md").unlink()
    for name in ("index.md", "_index.md"):
        (site / "content/pages" / name).write_text("---\ntitle: Welcome\n---\nOur home.\n")
        result = cli("build", "-C", site)
        assert result.code == 1
        assert f"content/pages/{name}:1: slug: the home page is the theme's index.html" in result.err
        (site / "content/pages" / name).unlink()


def test_a_pages_menu_as_hugo_writes_it_places_it_in_the_navigation_or_the_footer(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    """Pages moved from Hugo name their menus (``menu: main``, ``menu: [footer]``,
    ``menu: {main: {weight: 2}}``): they were an error, 'expected true or false'. A page in a
    folder that asks for the navigation is in it."""
    files = {
        "content/articles/2024-01-02-a.md": article("A"),
        "content/pages/about.md": "---\ntitle: About\nmenu: main\n---\nUs.\n",
        "content/pages/team.md": "---\ntitle: Team\nmenu:\n  main:\n    weight: 2\n---\nWho.\n",
        "content/pages/contact.md": "---\ntitle: Contact\nmenu: [main, footer]\nweight: 1\n---\nWrite.\n",
        "content/pages/imprint.md": "---\ntitle: Imprint\nmenu: [footer]\n---\nFine print.\n",
        "content/pages/terms.md": "---\ntitle: Terms\nmenus: footer\n---\nRules.\n",  # (Hugo's docs' spelling)
        "content/pages/company/jobs.md": "---\ntitle: Jobs\nmenu: main\nweight: 4\n---\nJoin us.\n",
        "content/pages/company/history.md": "---\ntitle: History\n---\nSince 2019.\n",
    }
    site = make_site(files)
    result = cli("build", "-C", site)
    assert result.code == 0, result.err
    home = (site / "public/index.html").read_text()
    navigation = home.split('class="site-nav"', 1)[1].split("</ul>", 1)[0]
    footer = home.split('class="footer-links"', 1)[1].split("</ul>", 1)[0]
    pages = ["contact", "team", "company/jobs", "about"]  # by weight, then by title
    assert re.findall(r'href="([\w/]+)/"', navigation) == ["digests", "topics", "archive", *pages, "search"]
    assert 'href="imprint/"' in footer and 'href="imprint/"' not in navigation
    assert 'href="terms/"' in footer and 'href="terms/"' not in navigation
    # A page in a folder is in the footer, unless its menu says otherwise (it was, whatever it said).
    assert 'href="company/history/"' in footer and 'href="company/jobs/"' not in footer
    (site / "content/pages/team.md").write_text("---\ntitle: Team\nmenu:\n  main:\n    weight: first\n---\nWho.\n")
    (site / "content/pages/imprint.md").write_text("---\ntitle: Imprint\nmenu: 3\n---\nFine print.\n")
    result = cli("build", "-C", site)
    assert result.code == 1
    assert "content/pages/team.md:5: menu.main.weight: expected a whole number such as 10, got 'first'" in result.err
    assert "content/pages/imprint.md:3: menu: expected true or false (or a menu's name" in result.err


def test_topics_are_listed_by_name_as_their_readers_look_them_up(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    """Accented initials sit with their letter, not after z."""
    names = ["zebra", "Şehir", "Ankara", "Çevre", "İzmir", "Ülke", "Cami", "ılık", "Sanat"]
    files = {
        f"content/articles/2024-01-{index + 10}-a{index}.md": article(
            f"A{index}", date=f"2024-01-{index + 10}", topics=name
        )
        for index, name in enumerate(names)
    }
    site = make_site(files, 'title: T\nbase_url: "https://example.org/"\nlanguage: tr\n')
    assert cli("build", "-C", site).code == 0
    html = (site / "public/topics/index.html").read_text(encoding="utf-8")
    shown = sorted(names, key=lambda name: html.index(f">{name}<"))
    assert shown == ["Ankara", "Cami", "Çevre", "ılık", "İzmir", "Sanat", "Şehir", "Ülke", "zebra"]


@pytest.mark.parametrize(
    ("language", "order"),
    [
        # Turkish: ç, ğ, ı, ö, ş and ü are letters of their own, each after its neighbour
        # (ç after c, ı before i), and I is the capital of ı, İ of i.
        ("tr", ["Cami", "Ceza", "Çevre", "Çin", "Iğdır", "ılık", "Irak", "iklim", "İstanbul", "Oda", "Ödül"]),
        ("sv", ["Arboga", "Cami", "Çevre", "Ceza", "Çin", "Iğdır", "iklim", "ılık", "Irak", "İstanbul", "Oda", "Ystad", "Åre", "Ängelholm", "Ödül", "Örebro"]),
        # English (and German, French...): letters with accents sit with their letter.
        ("en", ["Cami", "Çevre", "Ceza", "Çin", "Iğdır", "iklim", "ılık", "Irak", "İstanbul", "Oda", "Ödül"]),
    ],
)  # fmt: skip
def test_topics_are_listed_in_the_order_of_the_sites_alphabet(
    language: str, order: list[str], make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    names = [
        name for name in order if language == "sv" or name not in ("Arboga", "Ystad", "Åre", "Ängelholm", "Örebro")
    ]
    files = {
        f"content/articles/2024-01-{index + 10}-a{index}.md": article(
            f"A{index}", date=f"2024-01-{index + 10}", topics=name
        )
        for index, name in enumerate(reversed(names))
    }
    site = make_site(files, f'title: T\nbase_url: "https://example.org/"\nlanguage: {language}\n')
    assert cli("build", "-C", site).code == 0
    html = (site / "public/topics/index.html").read_text(encoding="utf-8")
    assert sorted(names, key=lambda name: html.index(f">{name}<")) == names
    listed = cli("list", "--sort", "topic", "-C", site).out.splitlines()[1:-1]
    assert [line.split()[1] for line in listed] == names


def test_links_to_files_whose_names_hold_url_characters_work(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    """``p#1.png`` and ``c#.md`` written percent-encoded, as Markdown wants them, stay so."""
    body = (
        "![inline](../static/p%231.png) [t](../static/p%2520c.txt) [C#](2024-01-02-c%23.md#top) "
        "[q](2024-01-02-c%23.md?utm_source=a&x=1#top) [why%3F](2024-01-02-why%3F.md?a=1)"
    )
    site = make_site(
        {
            "content/articles/2024-01-03-a.md": article("A", date="2024-01-03", body=body),
            "content/articles/2024-01-02-c#.md": article("C sharp", body="## Top\n\nText."),
            "content/articles/2024-01-02-why?.md": article("Why"),
            "content/static/p#1.png": "png",
            "content/static/p%20c.txt": "text",
        }
    )
    result = cli("build", "-C", site)
    assert result.code == 0, result.err
    html = (site / "public/articles/a/index.html").read_text(encoding="utf-8")
    assert 'src="../../static/p%231.png"' in html and 'href="../../static/p%2520c.txt"' in html
    assert 'href="../../articles/c/#top"' in html
    # A query is kept after the page's address (it took the link to the home page).
    assert 'href="../../articles/c/?utm_source=a&amp;x=1#top"' in html and 'href="../../articles/why/?a=1"' in html
    assert cli("check", "-C", site).code == 0


def test_a_markdown_file_not_named_md_is_a_warning_not_silence(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    site = make_site(
        {
            "content/articles/2024-03-01-a.md": article("A"),
            "content/articles/2024-03-02-b.markdown": article("B", date="2024-03-02"),
            "content/pages/about.MD": "---\ntitle: About\n---\nUs.\n",
            "content/articles/notes.txt": "not Markdown",
        }
    )
    result = cli("build", "-C", site)
    assert result.code == 0, result.err
    assert (
        "warning: content/articles/2024-03-02-b.markdown: not read: content files are named *.md "
        "(rename .markdown to .md)" in result.err
    )
    assert "warning: content/pages/about.MD: not read" in result.err and "notes.txt" not in result.err
    # The preview, told of the rename, reads it and says no more.
    builder = Builder(site, BuildOptions(persist=False, jobs=1))
    assert any("b.markdown" in str(warning) for warning in builder.build().warnings)
    renamed = site / "content/articles/2024-03-02-b.md"
    (site / "content/articles/2024-03-02-b.markdown").rename(renamed)
    result_ = builder.build(changed=[site / "content/articles/2024-03-02-b.markdown", renamed])
    assert not any("not read" in str(warning) for warning in result_.warnings if "b." in str(warning))
    assert (site / "public/articles/b/index.html").is_file()


def test_a_linked_folder_is_a_warning_not_silence(
    make_site: Callable[..., Path], cli: Callable[..., CliResult], tmp_path: Path
) -> None:
    """Links to folders are not followed (a link to a file is read): a folder of articles kept
    elsewhere and linked in, or a folder of images linked into content/static/, was left out
    without a word, its pages and images missing."""
    site = make_site(
        {
            "content/articles/2024-03-01-a.md": article("A"),
            "content/root/img/photo.png": "png",
            "content/static/logo.svg": "<svg/>",
        }
    )
    elsewhere = tmp_path / "archive/2019"
    elsewhere.mkdir(parents=True)
    (elsewhere / "2019-06-27-old.md").write_text(article("Old", date="2019-06-27"))
    (site / "content/articles/2019").symlink_to(elsewhere, target_is_directory=True)
    (site / "content/static/img").symlink_to("../root/img", target_is_directory=True)
    (site / "content/static/logo-link.svg").symlink_to("logo.svg")  # a link to a file: published
    result = cli("build", "-C", site)
    assert result.code == 0, result.err
    assert (
        "warning: content/articles/2019: not read: a link to a folder (links to folders are not followed; "
        "move the folder here)" in result.err
    )
    assert "warning: content/static/img: not published: a link to a folder" in result.err
    assert (site / "public/static/logo-link.svg").read_text() == "<svg/>"


@pytest.mark.parametrize("ending", ["\r\n", "\r"], ids=["windows", "old-mac"])
def test_any_line_ending_gives_the_same_article(
    ending: str, make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    text = article("Endings", body="First line\nsame paragraph.\n\n- a\n- b\n\n    code\n")
    site = make_site({"content/articles/2024-03-01-lf.md": text})
    assert cli("build", "-C", site).code == 0
    expected = (site / "public/articles/lf/index.html").read_text().replace("/lf/", "/other/")
    (site / "content/articles/2024-03-01-lf.md").unlink()
    (site / "content/articles/2024-03-01-other.md").write_bytes(text.replace("\n", ending).encode())
    result = cli("build", "-C", site)
    assert result.code == 0, result.err
    assert (site / "public/articles/other/index.html").read_text() == expected


def test_a_content_folder_digest_does_not_read_is_named(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    """content/Articles/ is read as content/articles/ on macOS and Windows, which ignore case,
    and not at all on Linux: the same site had its articles on one and none on the other.
    Hugo's content/posts/ and a page left at content/about.md were left out without a word."""
    site = make_site(
        {
            "content/Articles/2024-03-01-a.md": article("A"),
            "content/posts/2024-03-02-b.md": article("B", date="2024-03-02"),
            "content/about.md": "---\ntitle: About\n---\nUs.\n",
            "content/pages/team.md": "---\ntitle: Team\n---\nUs.\n",
        }
    )
    result = cli("build", "-C", site)
    assert result.code == 1
    assert (
        "content/Articles: not read: digest reads content/articles/, in lower case (macOS and Windows "
        "read either, Linux only that one); rename the folder"
    ) in result.err
    (site / "content/Articles").rename(site / "content/articles")
    result = cli("build", "-C", site)
    assert result.code == 0, result.err
    where = "digest reads content/articles/, digests/, topics/, pages/, static/ and root/"
    assert f"warning: content/posts: not read: {where} (articles go in content/articles/)" in result.err
    assert f"warning: content/about.md: not read: {where} (a page goes in content/pages/)" in result.err


def test_a_file_name_stored_decomposed_is_found_by_the_name_as_typed(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    """macOS (HFS+) and some copy tools store ``é`` as ``e`` and a combining accent: a pick or
    a link typed with ``é`` names the same file."""
    decomposed, composed = "2026-11-01-cafe\u0301.md", "2026-11-01-caf\u00e9.md"
    files = {
        f"content/articles/{decomposed}": article("Cafe", date="2026-11-01"),
        "content/articles/2026-11-02-linker.md": article("Linker", date="2026-11-02", body=f"See [it]({composed})."),
        "content/digests/2026-11-03-w.md": f"---\ntitle: W\ndate: 2026-11-03\npicks:\n  - article: {composed}\n---\nIntro.\n",
    }
    site = make_site(files)
    result = cli("build", "-C", site)
    assert result.code == 0, result.err
    assert 'href="../../articles/cafe/">it</a>' in (site / "public/articles/linker/index.html").read_text()
    assert "articles/cafe/" in (site / "public/digests/w/index.html").read_text()
    # a mistake in that file is its one error, not also a pick naming no article
    (site / f"content/articles/{decomposed}").write_text(article("Cafe", date="2026-11-01").replace("date:", "dat:"))
    result = cli("build", "-C", site)
    assert result.code == 1
    assert "names no existing article" not in result.err and "date: missing" in result.err, result.err
