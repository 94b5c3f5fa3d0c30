"""Pages scraped as Markdown: a reader service's (Jina Reader's header) or a converter's."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from importer_helpers import ImportResult, LocalServer, body_of, load_meta, without_provenance

from digest.importer.detect import sniff_kind

READER = """\
Title: Turkey's central bank holds rates steady at 50% | Bosphorus Ledger

URL Source: https://www.bosphorus-ledger.example/business/rates-steady

Published Time: Thu, 23 May 2024 11:00:00 GMT

Markdown Content:
[Home](https://www.bosphorus-ledger.example/) > [Business](https://www.bosphorus-ledger.example/business)

# Turkey's central bank holds rates steady at 50%

![Image 1: The central bank headquarters in Ankara](https://www.bosphorus-ledger.example/img/cb.jpg)

The central bank headquarters in Ankara. Photo: Reuters

By **Selin Aydın**

Turkey's central bank kept its main interest rate at 50 percent on Thursday, as expected, and said it would \
stay vigilant against [inflation](/tags/inflation) risks.

The bank said it would **tighten policy further** if a significant and persistent deterioration in inflation \
was foreseen.

*   Inflation reached 75% in May
*   The lira has lost 8% this year

[Subscribe to our newsletter](https://www.bosphorus-ledger.example/newsletter)
"""

CONVERTED = """\
[Skip to content](#main)

* [World](https://www.harbor-gazette.example/world/)
* [Business](https://www.harbor-gazette.example/business/)

# Ferry strike ends after three days as unions accept pay offer

By Deniz Kaya | 12 November 2024, 16:40

![Passengers wait at Kadıköy pier](https://www.harbor-gazette.example/img/ferry.jpg)

Passengers wait at Kadıköy pier on Monday. (Photo by AFP)

Istanbul's ferry workers returned to work on Wednesday after their unions accepted a 35 percent pay rise, ending \
a three-day strike that left hundreds of thousands of commuters searching for other ways across the Bosphorus.

> "We got most of what we asked for," said union leader Mehmet Arslan.

**Read more:** [Bus fares to rise in January](https://www.harbor-gazette.example/bus-fares/)

Share: [Facebook](https://facebook.com/x) [X](https://x.com/y)

© 2024 Harbor Gazette
"""


def test_a_reader_services_markdown_is_read_as_the_page_it_shows(
    run_import_args: Callable[..., ImportResult], tmp_path: Path
) -> None:
    """Its header gives the title, address and time; its Markdown keeps the text's links,
    emphasis and lists, while the trail, byline, photo, caption and furniture are told
    apart as on a saved page."""
    (tmp_path / "rates.md").write_text(READER, encoding="utf-8")
    article = run_import_args(tmp_path / "rates.md").only_article()
    assert without_provenance(load_meta(article)) == {
        "title": "Turkey's central bank holds rates steady at 50%",
        "date": "2024-05-23T11:00:00+00:00",
        "topics": ["Business"],
        "section": "Business",
        "author": "Selin Aydın",
        "source": {"name": "Bosphorus Ledger", "url": "https://www.bosphorus-ledger.example/business/rates-steady"},
        "image": {
            "src": "https://www.bosphorus-ledger.example/img/cb.jpg",
            "caption": "The central bank headquarters in Ankara.",
            "credit": "Reuters",
        },
    }
    assert body_of(article) == (
        "Turkey's central bank kept its main interest rate at 50 percent on Thursday, as expected, and said it would "
        "stay vigilant against [inflation](https://www.bosphorus-ledger.example/tags/inflation) risks.\n\n"
        "The bank said it would **tighten policy further** if a significant and persistent deterioration in "
        "inflation was foreseen.\n\n"
        "- Inflation reached 75% in May\n- The lira has lost 8% this year"
    )


def test_a_converters_markdown_of_a_page_keeps_its_quote_and_names_the_outlet_by_its_rights_line(
    run_import_args: Callable[..., ImportResult], tmp_path: Path
) -> None:
    (tmp_path / "ferry.txt").write_text(CONVERTED, encoding="utf-8")
    article = run_import_args(tmp_path / "ferry.txt").only_article()
    meta = load_meta(article)
    assert (meta["title"], meta["date"], meta["author"]) == (
        "Ferry strike ends after three days as unions accept pay offer",
        "2024-11-12T16:40:00",
        "Deniz Kaya",
    )
    assert meta["source"] == {"name": "Harbor Gazette"}
    assert meta["image"]["caption"] == "Passengers wait at Kadıköy pier on Monday." and meta["image"]["credit"] == "AFP"
    body = body_of(article)
    assert body.startswith("Istanbul's ferry workers returned to work on Wednesday")
    assert body.endswith('> "We got most of what we asked for," said union leader Mehmet Arslan.')


def test_markdown_fetched_from_an_address_is_read_as_a_page(
    run_import_args: Callable[..., ImportResult], server: LocalServer
) -> None:
    """A reader service's answer, fetched (``fixtures/web/reader-answer.txt``, the text above): the
    address it names is the source's, not the address it was fetched from."""
    result = run_import_args(server.url("reader-answer.txt"))
    assert (
        load_meta(result.only_article())["source"]["url"]
        == "https://www.bosphorus-ledger.example/business/rates-steady"
    )


@pytest.mark.parametrize(
    "text",
    [
        "News / Turkey\n\nA headline about the day in Ankara\n\n#Turkey #NATO\n\nThe body of the article, a plain scrape.",
        "# A heading of a plain scrape\n\nIts text, with one [link](https://example.org/) only.\n",
    ],
)
def test_a_plain_scrape_with_a_hashtag_or_a_single_link_is_still_a_text_scrape(text: str) -> None:
    assert sniff_kind(text) == "text"


def test_reader_markdown_is_told_by_its_header_alone() -> None:
    assert sniff_kind("Title: A page\n\nURL Source: https://example.org/a\n\nMarkdown Content:\nJust text.\n") == (
        "page_markdown"
    )


def test_markdown_pages_script_and_links_that_cannot_be_followed_stay_text(
    run_import_args: Callable[..., ImportResult], tmp_path: Path
) -> None:
    (tmp_path / "evil.md").write_text(
        "Title: A council plan\n\nURL Source: javascript:alert(2)\n\nMarkdown Content:\n"
        "# A council plan for new houses in the centre\n\n"
        "<script>alert(1)</script> Text with a [bad link](javascript:alert(3)) and a [good link](https://example.org/good)"
        " and [another](https://example.org/other).\n\nThe council met on Monday and agreed a plan to build new houses in"
        " the city centre within two years, the mayor said.\n",
        encoding="utf-8",
    )
    article = run_import_args(tmp_path / "evil.md").only_article()
    body = body_of(article)
    assert "javascript" not in article, article  # nor the header's address, in the front matter
    assert re.search(r"(?<!\\)<script", body) is None and "\\<script>" in body
    assert "a bad link and a [good link](https://example.org/good)" in body


CLIP = """\
---
title: "Istanbul opens its longest metro line | Marmara Post"
source: "https://www.marmara-post.example/city/metro-line"
author:
  - "[[Mehmet Öz]]"
published: 2024-06-03
created: 2024-06-05
tags:
  - "clippings"
  - "transport"
---
![The first train at Kadıköy](https://www.marmara-post.example/img/metro.jpg)

The first train at Kadıköy station on Monday. Photo: AA

Istanbul's longest metro line opened on Monday, linking Kadıköy with Sultanbeyli in 45 minutes through 19 \
stations on the Asian side of the city.

The mayor said the line would carry 300,000 passengers a day, after five years of **construction**.
"""


def test_a_web_clippers_note_is_imported_from_the_page_its_front_matter_names(
    run_import_args: Callable[..., ImportResult], tmp_path: Path
) -> None:
    """Obsidian Web Clipper's note: its ``source``, title, author (an Obsidian link), date and
    tags (not the clipper's own "clippings") become the article's; the photo and its caption too."""
    (tmp_path / "metro.md").write_text(CLIP, encoding="utf-8")
    article = run_import_args(tmp_path / "metro.md").only_article()
    meta = without_provenance(load_meta(article))
    assert {key: meta[key] for key in ("title", "date", "tags", "author", "source")} == {
        "title": "Istanbul opens its longest metro line",
        "date": "2024-06-03",
        "tags": ["transport"],
        "author": "Mehmet Öz",
        "source": {"name": "Marmara Post", "url": "https://www.marmara-post.example/city/metro-line"},
    }
    assert meta["image"]["credit"] == "AA"
    assert body_of(article).endswith("after five years of **construction**.")


def test_a_content_file_with_front_matter_is_still_no_scrape(
    run_import_args: Callable[..., ImportResult], tmp_path: Path
) -> None:
    """An article of a site (it has topics), even with a source: copied as it is, not imported."""
    (tmp_path / "post.md").write_text(CLIP.replace("created:", "topics: [Istanbul]\ncreated:"), encoding="utf-8")
    result = run_import_args(tmp_path / "post.md")
    assert result.summary.failed == 1 and "not a scrape: a Markdown file with front matter" in result.err


def test_generated_markdown_pages_import_cleanly_or_fail_clearly(tmp_path: Path) -> None:
    """Reader services' answers and clips of any Markdown: imported into files the build
    accepts, or refused with a message naming the file; never a traceback."""
    import argparse
    import io
    import itertools

    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    from digest.config import load_config
    from digest.content import parse_file
    from digest.importer import add_import_arguments, run_import
    from digest.markup import Markdown

    pieces = [
        "# A headline of the page for this test", "## A sub-heading", "[a link](https://example.org/a)",
        "![a photo](https://example.org/p.jpg)", "Photo: Reuters", "By **Jane Doe**", "* an item", "1. first",
        "> a quote", "<script>alert(1)</script>", "[x](javascript:alert(1))", "```\ncode\n```", "| a | b |\n|---|---|\n| 1 | 2 |",
        "{{ site.title }}", "{% raw %}", "---", "Title: not a header", "\u202e reversed", "\x00", "&amp; &#0;",
        "The council met on Monday and agreed a plan to build new houses in the city centre within two years.",
    ]  # fmt: skip
    block = st.one_of(st.sampled_from(pieces), st.text(max_size=80))
    body = st.lists(block, max_size=25).map("\n\n".join)
    header = st.sampled_from(
        ["Title: A page\n\nURL Source: https://example.org/{n}\n\nPublished Time: 2024-06-03\n\nMarkdown Content:\n",
         '---\ntitle: "A clip"\nsource: "https://example.org/clip/{n}"\ntags: [clippings]\n---\n', ""]
    )  # fmt: skip
    site = tmp_path / "site"
    (site / "content" / "articles").mkdir(parents=True)
    (site / "digest.yaml").write_text('title: Fuzz\nbase_url: "https://example.org/"\n', encoding="utf-8")
    config, _ = load_config(site)
    markdown = Markdown(config.markdown.unsafe_html)
    counter = itertools.count()
    imported = []

    @settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    @given(head=header, text=body)
    def check(head: str, text: str) -> None:
        number = next(counter)
        source = tmp_path / f"page-{number}.md"
        own = f"Story {number} is told here in its own words, with the number {number} and nothing else."
        source.write_text(f"{head.format(n=number)}{text}\n\n{own}\n", encoding="utf-8", errors="surrogatepass")
        before = set((site / "content" / "articles").glob("*.md"))
        parser = argparse.ArgumentParser(prog="digest import")
        add_import_arguments(parser)
        err = io.StringIO()
        run_import(parser.parse_args([str(source), "--date", "2024-05-01"]), site, io.StringIO(), err)
        for message in err.getvalue().splitlines():
            assert "Traceback" not in message and "cannot import:" not in message, message
            assert message.startswith(f"{source}: "), message
        for path in set((site / "content" / "articles").glob("*.md")) - before:
            parsed = parse_file("articles", path.relative_to(site).as_posix(), path.read_bytes(), config, markdown)
            assert not parsed.errors, [str(error) for error in parsed.errors]
            imported.append(path)

    check()
    assert len(imported) >= 10, "the generator should make importable pages too"
