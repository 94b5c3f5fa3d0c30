"""`digest check --external` against a local web server: failures, timeouts, the per-host limit."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from digest import __version__
from digest.check.external import check_urls
from tests.check.check_helpers import LinkServer
from tests.conftest import CliResult, article

SiteMaker = Callable[..., Path]
Check = Callable[..., CliResult]


def linked_site(make_site: SiteMaker, url: str) -> Path:
    body = (
        f"[fine]({url}/ok) [moved]({url}/moved) [picky]({url}/no-head)\n\n[gone]({url}/missing)\n\n[slow]({url}/slow)"
    )
    text = article("Links", body=body).replace("topics:", f'source: {{name: Local, url: "{url}/ok"}}\ntopics:')
    gone = article("Gone", date="2024-03-02").replace("topics:", f'source: {{name: Local, url: "{url}/gone"}}\ntopics:')
    issue = "---\ntitle: Week 9\ndate: 2024-03-03\npicks:\n  - article: gone\n---\n"
    return make_site(
        {
            "content/articles/2024-03-01-links.md": text,
            "content/articles/2024-03-02-gone.md": gone,
            "content/digests/2024-03-03-week-9.md": issue,
        }
    )


def test_outside_links_are_checked_only_when_asked(make_site: SiteMaker, check: Check, link_server: LinkServer) -> None:
    site = linked_site(make_site, link_server.url)
    result = check(site)
    assert result.code == 0, result.out
    assert link_server.requests == []


def test_broken_and_slow_outside_links_are_warnings(
    make_site: SiteMaker, check: Check, link_server: LinkServer
) -> None:
    site = linked_site(make_site, link_server.url)
    started = time.monotonic()
    result = check(site, "--external", "--timeout", "0.5")
    assert time.monotonic() - started < link_server.slow_seconds  # the slow page was not waited for
    url = link_server.url
    lines = result.out.splitlines()
    assert f"warning: content/articles/2024-03-01-links.md:9: link to '{url}/missing' failed: 404 Not Found" in lines
    assert f"warning: content/articles/2024-03-01-links.md:11: link to '{url}/slow' failed: timed out after 0.5 s" in (
        lines
    )
    assert not any(f"{url}/ok" in line or "no-head" in line or "moved" in line for line in lines), result.out
    # the issue page shows the pick's source link too: reported once, where the URL is written
    assert f"warning: content/articles/2024-03-02-gone.md:4: link to '{url}/gone' failed: 404 Not Found" in lines
    assert lines[-1].endswith(": 0 errors, 3 warnings")
    assert "6 outside links" in lines[-1]
    assert result.code == 0
    # each URL is asked once, though /ok is both the source and a link in the body
    assert [method for method, path, _ in link_server.requests if path == "/ok"] == ["HEAD", "HEAD"]  # one redirected
    assert ("GET", "/no-head") in [(method, path) for method, path, _ in link_server.requests]
    assert {agent for _, _, agent in link_server.requests} == {f"digest/{__version__} link check"}


def test_an_imported_articles_broken_source_is_one_warning_at_its_source_line(
    make_site: SiteMaker, check: Check, link_server: LinkServer
) -> None:
    """digest import keeps the address it read in ``imported:``; the page shows the source
    twice (byline and footer): the second copy was reported again at the ``imported:`` line."""
    url = f"{link_server.url}/gone"
    imported = f'source: {{name: Local, url: "{url}"}}\nimported: {{from: "{url}", hash: 1a2b3c}}\ntopics:'
    site = make_site({"content/articles/2024-03-02-gone.md": article("Gone").replace("topics:", imported)})
    lines = check(site, "--external", "--timeout", "2").out.splitlines()
    assert [line for line in lines if url in line] == [
        f"warning: content/articles/2024-03-02-gone.md:4: link to '{url}' failed: 404 Not Found"
    ]


def test_a_server_that_trickles_its_headers_is_cut_off_at_the_timeout(link_server: LinkServer) -> None:
    from digest.check.external import probe

    started = time.monotonic()
    status = probe(link_server.url + "/trickle", 0.5)
    assert time.monotonic() - started < 2  # one deadline for the link, not a timeout per byte
    assert not status.ok and status.detail == "timed out after 0.5 s", status


def test_strict_fails_on_outside_link_warnings(make_site: SiteMaker, check: Check, link_server: LinkServer) -> None:
    site = make_site({"content/articles/2024-03-01-x.md": article("X", body=f"[gone]({link_server.url}/missing)")})
    assert check(site, "--external").code == 0
    assert check(site, "--external", "--strict").code == 1


def test_connection_refused_is_reported(make_site: SiteMaker, check: Check, link_server: LinkServer) -> None:
    link_server.httpd.server_close()  # nothing listens on this port any more
    site = make_site({"content/articles/2024-03-01-x.md": article("X", body=f"[gone]({link_server.url}/ok)")})
    result = check(site, "--external", "--timeout", "2")
    assert f"link to '{link_server.url}/ok' failed: connection refused" in result.out


def test_requests_to_one_host_stay_within_the_per_host_limit(link_server: LinkServer) -> None:
    urls = [f"{link_server.url}/count/{number}" for number in range(8)]
    statuses = check_urls(urls, timeout=5, workers=16, per_host=2)
    assert all(status.ok for status in statuses.values())
    assert set(statuses) == set(urls)
    assert link_server.max_active == 2  # concurrent, but never more than two at a time


def test_duplicate_urls_are_asked_once(link_server: LinkServer) -> None:
    url = f"{link_server.url}/count/once"
    statuses = check_urls([url, url, url], timeout=5)
    assert list(statuses) == [url]
    assert link_server.paths() == ["/count/once"]


def test_a_redirect_that_leads_nowhere_is_a_warning_and_a_busy_server_is_not(link_server: LinkServer) -> None:
    from digest.check.external import probe

    loop, nowhere = probe(link_server.url + "/loop", 5), probe(link_server.url + "/nowhere", 5)
    assert not loop.ok and loop.detail == "302 Found: redirects in a loop, or more than 10", loop
    assert not nowhere.ok and nowhere.detail == "302 Found: a redirect without a Location", nowhere
    assert probe(link_server.url + "/busy", 5).ok  # 429: slow down, not broken
    assert probe(link_server.url + "/moved", 5).ok


def test_a_redirect_loop_is_reported_on_one_line(make_site: SiteMaker, check: Check, link_server: LinkServer) -> None:
    site = make_site({"content/articles/2024-03-01-x.md": article("X", body=f"[loop]({link_server.url}/loop)")})
    lines = check(site, "--external", "--timeout", "5").out.splitlines()
    assert lines == [
        f"warning: content/articles/2024-03-01-x.md:6: link to '{link_server.url}/loop' failed:"
        " 302 Found: redirects in a loop, or more than 10",
        lines[-1],
    ]


def test_a_timeout_beyond_an_hour_is_a_usage_error(make_site: SiteMaker, check: Check) -> None:
    result = check(make_site({"content/articles/2024-03-01-a.md": article("A")}), "--external", "--timeout", "inf")
    assert result.code == 2 and "at most 3600" in result.err
