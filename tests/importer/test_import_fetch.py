"""Fetching: a clear User-Agent, a timeout, a size limit, and errors a user can act on."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest
from importer_helpers import ImportResult, LocalServer

from digest import __version__
from digest.importer.fetch import USER_AGENT, fetch_url
from digest.importer.record import SourceFailed


def test_requests_name_digest_and_its_version(server: LocalServer) -> None:
    fetched = fetch_url(server.url("article.html?ua=1"))
    assert fetched.data.startswith(b"<!DOCTYPE html>")
    assert fetched.content_type == "text/html"
    assert server.headers_for("/article.html?ua=1")["User-Agent"] == USER_AGENT
    assert USER_AGENT.startswith(f"digest/{__version__} (+https://")


def test_a_slow_server_times_out(server: LocalServer) -> None:
    started = time.monotonic()
    with pytest.raises(SourceFailed, match=r"cannot fetch: (no answer within 0.5 seconds|timed out)"):
        fetch_url(server.url("slow"), timeout=0.5)
    assert time.monotonic() - started < 2.5


@pytest.mark.parametrize("path", ["big", "big-stream"])  # with and without Content-Length
def test_a_response_over_the_size_limit_is_refused(server: LocalServer, path: str) -> None:
    with pytest.raises(SourceFailed, match="larger than the 10000 bytes limit"):
        fetch_url(server.url(path), max_bytes=10_000)


def test_http_errors_name_the_status(server: LocalServer) -> None:
    with pytest.raises(SourceFailed, match="cannot fetch: HTTP 404 Not Found"):
        fetch_url(server.url("no-such-page.html"))


def test_a_closed_port_is_refused(refused_url: str) -> None:
    with pytest.raises(SourceFailed, match="cannot fetch: connection refused"):
        fetch_url(refused_url)


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.org/x", "javascript:alert(1)"])
def test_only_http_and_https_are_fetched(url: str) -> None:
    with pytest.raises(SourceFailed, match="only http:// and https://"):
        fetch_url(url)


def test_redirects_are_followed_to_http_only(server: LocalServer) -> None:
    assert fetch_url(server.url("redirect")).url == server.url("gas-deal.html")
    with pytest.raises(SourceFailed) as refused:
        fetch_url(server.url("redirect-ftp"))
    assert refused.value.reason == "cannot fetch: HTTP 302 redirect to a non-http URL 'ftp://127.0.0.1/secret.txt'"


def test_a_compressed_answer_is_unpacked_and_read_in_its_charset(
    server: LocalServer, run_import_args: Callable[..., ImportResult]
) -> None:
    fetched = fetch_url(server.url("gzipped-tr.html"))
    assert fetched.data.startswith(b"<!doctype html>") and fetched.charset == "windows-1254"
    assert server.headers_for("/gzipped-tr.html")["Accept-Encoding"] == "gzip"
    text = run_import_args(server.url("gzipped-tr.html")).only_article()
    assert 'title: "Seçim sonuçları açıklandı"' in text and "İstanbul'da oy sayımı" in text


def test_a_small_answer_that_unpacks_past_the_size_limit_is_refused(server: LocalServer) -> None:
    with pytest.raises(SourceFailed, match="unpacks to more than the 1 MB limit"):
        fetch_url(server.url("gzip-bomb.html"), max_bytes=1024 * 1024)
