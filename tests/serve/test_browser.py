"""The preview in a real browser (headless Chromium through Playwright): saves show up by
themselves, errors show over the page and clear on the next good save.

Without Playwright or /usr/bin/chromium these tests are skipped, except in CI (CI=true),
where they fail.
"""

from __future__ import annotations

import socket
from pathlib import Path
from typing import TYPE_CHECKING, Any

from serve_helpers import StartServer, edit, write_site

if TYPE_CHECKING:
    from playwright.sync_api import Page

ANKARA = "content/articles/2024-03-01-ankara-talks.md"
H1_COLOR = "getComputedStyle(document.querySelector('h1')).color"


def _expect() -> Any:
    from playwright.sync_api import expect  # here, so that a missing Playwright skips (or fails in CI)

    expect.set_options(timeout=10_000)  # a reconnect waits out the script's backoff
    return expect


def _wait_for_live_reload(page: Page) -> None:
    """Wait until the page's script has heard from the server, so what changes next is its doing."""
    page.wait_for_function("window.__digestLiveReload === 'connected'")


def test_an_edit_appears_without_a_manual_reload(site: Path, start_server: StartServer, page: Page) -> None:
    server = start_server(site)
    page.goto(server.url + "articles/ankara-talks/")
    _expect()(page.locator("article, main, body").first).to_contain_text("resumed on Friday")
    _wait_for_live_reload(page)
    edit(site / ANKARA, "resumed on Friday", "resumed on a rainy Friday")
    _expect()(page.locator("body")).to_contain_text("resumed on a rainy Friday")


def test_a_broken_front_matter_shows_the_overlay_until_fixed(site: Path, start_server: StartServer, page: Page) -> None:
    expect = _expect()
    server = start_server(site)
    page.goto(server.url + "articles/ankara-talks/")
    _wait_for_live_reload(page)
    edit(site / ANKARA, "date: 2024-03-01", "date: 2024-13-40")
    overlay = page.locator("#digest-error-overlay")
    expect(overlay).to_be_visible()
    expect(overlay).to_contain_text(f"{ANKARA}:3: date: not a date: '2024-13-40'")
    expect(page.locator("h1")).to_have_text("Ankara talks resume")  # the last good page, underneath
    later = page.context.new_page()  # a tab opened after the error shows it too
    later.goto(server.url)
    expect(later.locator("#digest-error-overlay")).to_contain_text(f"{ANKARA}:3:")
    _wait_for_live_reload(later)
    edit(site / ANKARA, "date: 2024-13-40", "date: 2024-03-01")
    expect(overlay).to_have_count(0)
    expect(later.locator("#digest-error-overlay")).to_have_count(0)
    expect(page.locator("h1")).to_have_text("Ankara talks resume")


def test_the_overlay_reads_left_to_right_over_a_right_to_left_page(
    tmp_path: Path, start_server: StartServer, page: Page
) -> None:
    """On an Arabic site the errors (file:line: message, in English) are not laid out right to
    left as the page is: the line's parts kept their places, the path's punctuation did not."""
    from serve_helpers import ARTICLES, SITE_CONFIG

    expect = _expect()
    site = write_site(tmp_path / "site", ARTICLES, SITE_CONFIG + "language: ar\n")
    server = start_server(site)
    page.goto(server.url + "articles/ankara-talks/")
    _wait_for_live_reload(page)
    edit(site / ANKARA, "date: 2024-03-01", "date: 2024-13-40")
    overlay = page.locator("#digest-error-overlay")
    expect(overlay).to_contain_text(f"{ANKARA}:3: date: not a date: '2024-13-40'")
    assert overlay.evaluate("element => [getComputedStyle(element).direction, element.lang]") == ["ltr", "en"]
    assert page.evaluate("document.documentElement.dir") == "rtl"


def test_a_new_title_shows_wherever_the_article_is_listed(site: Path, start_server: StartServer, page: Page) -> None:
    expect = _expect()
    server = start_server(site)
    page.goto(server.url + "archive/")
    expect(page.locator("main")).to_contain_text("Ankara talks resume")
    _wait_for_live_reload(page)
    edit(site / ANKARA, 'title: "Ankara talks resume"', 'title: "Ankara talks resume at last"')
    expect(page.locator("main")).to_contain_text("Ankara talks resume at last")
    for path in ("topics/turkey/", "", "articles/ankara-talks/"):
        page.goto(server.url + path)
        expect(page.locator("main")).to_contain_text("Ankara talks resume at last")


def test_a_deleted_article_disappears_from_its_topic_page(site: Path, start_server: StartServer, page: Page) -> None:
    expect = _expect()
    server = start_server(site)
    page.goto(server.url + "topics/turkey/")
    expect(page.locator("body")).to_contain_text("Istanbul opens a new bridge")
    _wait_for_live_reload(page)
    (site / "content/articles/2024-03-02-istanbul-bridge.md").unlink()
    expect(page.locator("body")).not_to_contain_text("Istanbul opens a new bridge")
    expect(page.locator("body")).to_contain_text("Ankara talks resume")


def test_a_stylesheet_change_is_swapped_in_without_a_reload(site: Path, start_server: StartServer, page: Page) -> None:
    write_site(site, {"content/static/style.css": "h1 { color: rgb(1, 2, 3); }\n"})
    server = start_server(site)
    page.goto(server.url + "articles/ankara-talks/")
    assert page.evaluate(H1_COLOR) == "rgb(1, 2, 3)"
    _wait_for_live_reload(page)
    page.evaluate("window.__before = 'kept'")
    (site / "content/static/style.css").write_text("h1 { color: rgb(200, 0, 0); }\n")
    page.wait_for_function(f"{H1_COLOR} === 'rgb(200, 0, 0)'")
    assert page.evaluate("window.__before") == "kept"  # the page was not reloaded
    assert page.locator("link[rel=stylesheet]").count() == 1
    # A tab opened now is told the version the swap reached: it connects, once.
    later = page.context.new_page()
    loads: list[str] = []
    later.on("load", lambda _page: loads.append("load"))
    later.goto(server.url + "archive/")
    _wait_for_live_reload(later)
    later.wait_for_timeout(500)
    assert len(loads) == 1 and page.evaluate("window.__before") == "kept"


def test_an_open_tab_reconnects_after_a_restart_and_catches_up(
    site: Path, start_server: StartServer, page: Page
) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = start_server(site, port=port)
    page.goto(server.url + "articles/ankara-talks/")
    _wait_for_live_reload(page)
    page.evaluate("window.__before = 'old page'")
    server.stop()
    edit(site / ANKARA, "resumed on Friday", "resumed while the server was down")
    restarted = start_server(site, port=port)
    assert restarted.bound_port == port
    _expect()(page.locator("body")).to_contain_text("resumed while the server was down")
    assert page.evaluate("window.__before") is None


def test_many_tabs_of_one_browser_all_reload(site: Path, start_server: StartServer, page: Page) -> None:
    """A browser opens at most six connections to one host: with one live-reload connection
    a tab, a seventh tab would never load and no tab would reload.  Eight tabs, one edit: each
    shows it, and a tab opened afterwards loads at once."""
    server = start_server(site)
    tabs = [page, *(page.context.new_page() for _ in range(7))]
    for tab in tabs:
        tab.goto(server.url + "articles/ankara-talks/")
        _wait_for_live_reload(tab)
    edit(site / ANKARA, "resumed on Friday", "resumed on a busy Friday")
    for tab in tabs:
        _expect()(tab.locator("body")).to_contain_text("resumed on a busy Friday")
    later = page.context.new_page()
    later.goto(server.url + "topics/turkey/", timeout=10_000)
    _wait_for_live_reload(later)
    tabs[0].close()  # the tab holding the connection: another takes over
    edit(site / ANKARA, "a busy Friday", "a quiet Friday")
    _expect()(later.locator("main")).to_contain_text("Ankara talks resume")
    _expect()(tabs[1].locator("body")).to_contain_text("resumed on a quiet Friday")


def test_a_new_base_url_path_takes_an_open_tab_to_its_page_there(
    site: Path, start_server: StartServer, page: Page
) -> None:
    """base_url moved under a sub-path while previewing: the site is served at the new path, so
    an open tab reloads into the same page there (reloading where it was showed 'not found'),
    and the terminal says where the site now is."""
    import io
    import re

    expect = _expect()
    out = io.StringIO()
    server = start_server(site, out=out)
    page.goto(server.url + "articles/ankara-talks/?x=1#top")
    _wait_for_live_reload(page)
    edit(site / "digest.yaml", 'base_url: "https://example.org/"', 'base_url: "https://example.org/ünews/"')
    expect(page).to_have_url(re.compile(r"/%C3%BCnews/articles/ankara-talks/\?x=1#top$"))
    expect(page.locator("h1")).to_have_text("Ankara talks resume")
    assert f"now serving {server.origin}/%C3%BCnews/" in out.getvalue()
    _wait_for_live_reload(page)
    edit(site / "digest.yaml", 'base_url: "https://example.org/ünews/"', 'base_url: "https://example.org/"')
    expect(page).to_have_url(re.compile(r":\d+/articles/ankara-talks/\?x=1#top$"))
    expect(page.locator("h1")).to_have_text("Ankara talks resume")
