"""The search page in a real browser (headless Chromium through Playwright), with the site
served as a static host serves it: at a domain root and under a sub-path.

Without Playwright or /usr/bin/chromium these tests are skipped, except in CI (CI=true),
where they fail.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import pytest
from search_helpers import SEED_SLUG, SEED_TITLE, Served

from tests.conftest import article

if TYPE_CHECKING:
    from playwright.sync_api import Page

TIMEOUT = 10_000  # ms


def _expect() -> Any:
    from playwright.sync_api import expect  # here, so that a missing Playwright skips (or fails in CI)

    return expect


def _results(page: Page) -> Any:
    return page.locator("#search-results > li")


def _search(page: Page, words: str) -> None:
    box = page.get_by_role("searchbox", name="Search the articles")
    _expect()(box).to_be_editable(timeout=TIMEOUT)
    box.click()
    box.press_sequentially(words, delay=20)


@pytest.mark.parametrize("prefix", ["", "repo/"], ids=["domain-root", "sub-path"])
def test_typing_a_word_lists_the_article_with_date_and_topics(
    serve_site: Callable[..., Served], page: Page, prefix: str
) -> None:
    served = serve_site(prefix)
    expect = _expect()
    page.goto(served.url + "search/")
    _search(page, "S-400")
    results = _results(page)
    expect(results).to_have_count(1, timeout=TIMEOUT)
    result = results.first
    expect(result.get_by_role("link")).to_have_text(SEED_TITLE)
    expect(result.locator(".search-result-date")).to_have_text("27 June 2019")
    expect(result.locator(".search-result-topics")).to_have_text("Turkey, Politics")
    expect(result.locator("mark").first).to_have_text("S-400")
    expect(page.locator("#search-status")).to_have_text("1 result for “S-400”.")
    expect(page).to_have_url(served.url + "search/?q=S-400")

    result.get_by_role("link").click()
    expect(page).to_have_url(f"{served.url}articles/{SEED_SLUG}/", timeout=TIMEOUT)
    expect(page.locator("h1")).to_have_text(SEED_TITLE)
    expect(page.locator("link[rel=stylesheet]").first).to_have_attribute("href", "../../static/style.css")


@pytest.mark.parametrize("prefix", ["", "repo/"], ids=["domain-root", "sub-path"])
def test_q_in_the_address_fills_the_box_and_searches(
    serve_site: Callable[..., Served], page: Page, prefix: str
) -> None:
    served = serve_site(prefix)
    expect = _expect()
    page.goto(served.url + "search/?q=S-400")
    expect(page.get_by_role("searchbox")).to_have_value("S-400", timeout=TIMEOUT)
    expect(_results(page)).to_have_count(1, timeout=TIMEOUT)
    expect(_results(page).first.get_by_role("link")).to_have_attribute("href", f"/{prefix}articles/{SEED_SLUG}/")


def test_a_word_in_no_article_gives_no_results(serve_site: Callable[..., Served], page: Page) -> None:
    served = serve_site("repo/")
    expect = _expect()
    page.goto(served.url + "search/")
    _search(page, "xylophonequark")
    expect(page.locator("#search-status")).to_have_text("No results for “xylophonequark”.", timeout=TIMEOUT)
    expect(page.locator("form.search-form")).to_have_attribute("data-state", "empty")
    expect(_results(page)).to_have_count(0)
    expect(page.locator("#search-results")).to_be_hidden()

    # A word that is in an article again lists it; emptying the box clears the list.
    page.get_by_role("searchbox").fill("NATO")
    expect(_results(page)).to_have_count(1, timeout=TIMEOUT)
    page.get_by_role("searchbox").fill("")
    expect(_results(page)).to_have_count(0, timeout=TIMEOUT)
    expect(page.locator("#search-status")).to_have_text("")
    expect(page).to_have_url(served.url + "search/")


def test_only_articles_are_indexed(serve_site: Callable[..., Served], page: Page) -> None:
    """'standoff' is only in the digest issue's summary (digest, home and index pages): no result."""
    served = serve_site("")
    expect = _expect()
    page.goto(served.url + "search/?q=" + "standoff")
    expect(page.locator("form.search-form")).to_have_attribute("data-state", "empty", timeout=TIMEOUT)


def test_without_an_index_the_page_says_search_is_unavailable(serve_site: Callable[..., Served], browser: Any) -> None:
    served = serve_site("repo/", index=False)
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(served.url + "search/")
        expect = _expect()
        expect(page.locator("#search-status")).to_contain_text("Search is not available", timeout=TIMEOUT)
        expect(page.locator("form.search-form")).to_have_attribute("data-state", "unavailable")
    finally:
        context.close()


def test_without_javascript_the_page_says_search_needs_it(serve_site: Callable[..., Served], browser: Any) -> None:
    served = serve_site("")
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(served.url + "search/")
        _expect()(page.locator(".search-note")).to_contain_text("Search needs JavaScript")
    finally:
        context.close()


def test_many_results_come_in_pages_of_twenty(serve_site: Callable[..., Served], page: Page) -> None:
    files = {
        f"content/articles/2024-01-{day:02d}-zanzibar-{day}.md": article(
            f"Zanzibar report {day}", date=f"2024-01-{day:02d}", topics="Trade", body=f"Zanzibar story {day}."
        )
        for day in range(1, 26)
    }
    served = serve_site("repo/", files=files)
    expect = _expect()
    page.goto(served.url + "search/?q=zanzibar")
    expect(page.locator("#search-status")).to_have_text("25 results for “zanzibar”.", timeout=TIMEOUT)
    expect(_results(page)).to_have_count(20)
    more = page.get_by_role("button", name="More results")
    more.click()
    expect(_results(page)).to_have_count(25, timeout=TIMEOUT)
    expect(more).to_be_hidden()
    expect(_results(page).locator(".search-result-topics").first).to_have_text("Trade")


def test_the_search_page_finds_articles_in_every_part_of_the_index(
    serve_site: Callable[..., Served], page: Page, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A site big enough for an index in parts (here four pages a part: eight parts), under a
    sub-path: the page merges the parts and lists the articles of all of them."""
    from digest import search

    monkeypatch.setattr(search, "PART_SIZE", 4)
    files = {
        f"content/articles/2024-02-{day:02d}-quokka-{day}.md": article(
            f"Quokka report {day}", date=f"2024-02-{day:02d}", topics="Trade", body=f"Quokka story {day}."
        )
        for day in range(1, 26)
    }
    served = serve_site("repo/", files=files)
    assert len([p for p in (served.output / "pagefind").iterdir() if p.is_dir()]) == 8
    expect = _expect()
    page.goto(served.url + "search/?q=quokka")
    expect(page.locator("#search-status")).to_have_text("25 results for “quokka”.", timeout=TIMEOUT)
    page.get_by_role("button", name="More results").click()
    links = _results(page).get_by_role("link")
    expect(links).to_have_count(25, timeout=TIMEOUT)
    hrefs = {links.nth(n).get_attribute("href") for n in range(25)}
    assert hrefs == {f"/repo/articles/quokka-{day}/" for day in range(1, 26)}


def test_a_chinese_site_finds_a_word_within_a_sentence(serve_site: Callable[..., Served], page: Page) -> None:
    """Chinese is written without spaces: Pagefind's search cuts the query into words, and
    the index holds each run of the text from each of its characters on."""
    from tests.conftest import REPO

    config = (REPO / "digest.yaml").read_text(encoding="utf-8").replace("language: en", "language: zh")
    body = "两国代表在安卡拉签署了一项新的贸易协定，涉及能源、农业和基础设施等多个领域。"
    served = serve_site(
        "", files={"digest.yaml": config, "content/articles/2024-03-05-trade.md": article("贸易协定", body=body)}
    )
    expect = _expect()
    for word in ("贸易", "安卡拉", "能源"):
        page.goto(served.url + "search/?q=" + word)
        expect(_results(page)).to_have_count(1, timeout=TIMEOUT)
        expect(_results(page).first.get_by_role("link")).to_have_text("贸易协定")
        # No catalog has Chinese: the words are English, and so are their plural rules.
        expect(page.locator("#search-status")).to_have_text(f"1 result for “{word}”.")
    page.goto(served.url + "search/?q=" + "北京")
    expect(page.locator("#search-status")).to_have_text("No results for “北京”.", timeout=TIMEOUT)


def test_a_chinese_or_japanese_article_on_another_sites_finds_a_word_within_a_sentence(
    serve_site: Callable[..., Served], page: Page
) -> None:
    """An article with language: zh or ja on an English site is indexed as in the site's
    language, but its text without spaces is still indexed from each character on: a word
    inside a sentence found nothing, only the sentence's first."""
    chinese = article("贸易协定", body="两国代表在安卡拉签署了一项新的贸易协定，涉及能源、农业和基础设施等多个领域。")
    japanese = article(
        "初雪", date="2024-03-06", body="気象庁によりますと、東京都心で今シーズン初めての雪が観測されました。"
    )
    served = serve_site(
        "",
        files={
            "content/articles/2024-03-05-trade.md": chinese.replace("topics:", "language: zh\ntopics:"),
            "content/articles/2024-03-06-snow.md": japanese.replace("topics:", "language: ja\ntopics:"),
        },
    )
    expect = _expect()
    for word, title in (("能源", "贸易协定"), ("安卡拉", "贸易协定"), ("東京都心", "初雪"), ("観測", "初雪")):
        page.goto(served.url + "search/?q=" + word)
        expect(_results(page)).to_have_count(1, timeout=TIMEOUT)
        expect(_results(page).first.get_by_role("link")).to_have_text(title)


def test_a_result_in_a_right_to_left_language_reads_right_to_left(
    serve_site: Callable[..., Served], page: Page
) -> None:
    """An Arabic article on an English site: its result's title and excerpt take their own
    direction, and its Arabic outlet keeps the date and topics line in order."""
    text = article("أردوغان يلتقي بوتين", body="التقى الرئيس التركي نظيره الروسي في موسكو لبحث العلاقات الثنائية.")
    text = text.replace("topics:", "language: ar\nsource: {name: الجزيرة نت}\ntopics:")
    served = serve_site("", files={"content/articles/2024-03-05-moscow.md": text})
    expect = _expect()
    page.goto(served.url + "search/?q=" + "موسكو")
    result = _results(page).first
    expect(result.get_by_role("link")).to_have_text("أردوغان يلتقي بوتين", timeout=TIMEOUT)
    direction = "element => getComputedStyle(element).direction"
    assert result.locator(".search-result-title").evaluate(direction) == "rtl"
    assert result.locator(".search-result-excerpt").evaluate(direction) == "rtl"
    expect(result.locator(".search-result-date")).to_have_text("1 مارس 2024")  # as its page writes it
    assert result.locator(".search-result-date").evaluate(direction) == "rtl"
    assert result.locator(".search-result-source").evaluate(direction) == "rtl"
    english = _results(page).locator(".search-result-title")
    page.goto(served.url + "search/?q=S-400")
    expect(english.first).to_have_text(SEED_TITLE, timeout=TIMEOUT)
    assert english.first.evaluate(direction) == "ltr"


def test_an_index_of_no_pages_says_no_results(serve_site: Callable[..., Served], page: Page) -> None:
    """Every page left out of the index (``exclude: ["*"]``): a search finds nothing, and says
    so, rather than failing."""
    from tests.conftest import REPO

    config = (REPO / "digest.yaml").read_text() + 'plugins:\n  search: {exclude: ["*"]}\n'
    served = serve_site("repo/", files={"digest.yaml": config})
    expect = _expect()
    page.goto(served.url + "search/")
    _search(page, "NATO")
    expect(page.locator("#search-status")).to_have_text("No results for “NATO”.", timeout=TIMEOUT)
