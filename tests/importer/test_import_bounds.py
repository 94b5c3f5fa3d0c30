"""Import is bounded: one deadline per download, a size limit, regular files only, redirects
kept away from local services the user did not name, and only URLs the build accepts written."""

from __future__ import annotations

import contextlib
import gzip
import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from importer_helpers import ImportResult, load_meta

from digest.importer.fetch import fetch_url, is_public_address
from digest.importer.limits import parse_size
from digest.importer.record import SourceFailed
from digest.urls import acceptable_url, safe_url

ARTICLE_HTML = (
    b"<!DOCTYPE html><html><head><title>Ferry fares rise</title></head><body><article>"
    b"<h1>Ferry fares rise</h1><p>Istanbul's ferries cost more from Monday, the city said in a statement"
    b" on Friday, after months of debate about the price of public transport.</p></article></body></html>"
)


@contextlib.contextmanager
def http_server(routes: dict[str, Callable[[BaseHTTPRequestHandler], None]]) -> Iterator[int]:
    """A real server on 127.0.0.1 answering ``routes``; yields its port."""

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass

        def do_GET(self) -> None:
            route = routes.get(self.path)
            if route is None:
                self.send_error(404, "Not Found")
            else:
                with contextlib.suppress(OSError):
                    route(self)

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield httpd.server_address[1]
    finally:
        httpd.shutdown()
        httpd.server_close()


def drip_body(handler: BaseHTTPRequestHandler) -> None:
    handler.send_response(200)
    handler.send_header("Content-Type", "text/html")
    handler.end_headers()
    for _ in range(240):
        handler.wfile.write(b"x")
        handler.wfile.flush()
        time.sleep(0.5)


def drip_headers(handler: BaseHTTPRequestHandler) -> None:
    handler.wfile.write(b"HTTP/1.1 200 OK\r\n")
    for number in range(240):
        handler.wfile.write(f"X-Slow-{number}: 1\r\n".encode())
        handler.wfile.flush()
        time.sleep(0.5)


def redirect_to(location: str) -> Callable[[BaseHTTPRequestHandler], None]:
    def redirect(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(302)
        handler.send_header("Location", location)
        handler.send_header("Content-Length", "0")
        handler.end_headers()

    return redirect


def page(handler: BaseHTTPRequestHandler) -> None:
    handler.send_response(200)
    handler.send_header("Content-Type", "text/html")
    handler.send_header("Content-Length", str(len(ARTICLE_HTML)))
    handler.end_headers()
    handler.wfile.write(ARTICLE_HTML)


# -- one deadline per download ---------------------------------------------------------------


@pytest.mark.parametrize("route", [drip_body, drip_headers], ids=["body", "headers"])
def test_a_dripping_server_is_stopped_at_the_deadline(run_import_args: Callable[..., ImportResult], route: Any) -> None:
    with http_server({"/drip": route}) as port:
        started = time.monotonic()
        result = run_import_args(f"http://127.0.0.1:{port}/drip", "--timeout", "2")
        elapsed = time.monotonic() - started
    assert elapsed < 3.5, f"took {elapsed:.1f} s with --timeout 2"
    assert result.summary.failed == 1
    assert result.error_lines == [f"http://127.0.0.1:{port}/drip: error: cannot fetch: no answer within 2 seconds"]
    assert result.articles() == {}


def test_the_command_line_stops_a_dripping_server(site: Path) -> None:
    with http_server({"/drip": drip_body}) as port:
        started = time.monotonic()
        done = subprocess.run(
            [sys.executable, "-m", "digest", "import", "-C", str(site), f"http://127.0.0.1:{port}/drip", "--timeout", "1.5"],
            capture_output=True, text=True, timeout=30,
        )  # fmt: skip
        elapsed = time.monotonic() - started
    assert done.returncode == 1
    assert "cannot fetch: no answer within 1.5 seconds" in done.stderr
    assert elapsed < 1.5 + 3  # the deadline plus the interpreter's start


def test_the_deadline_covers_a_chain_of_slow_redirects() -> None:
    def slow_redirect(handler: BaseHTTPRequestHandler) -> None:
        time.sleep(0.4)
        redirect_to("/slow")(handler)

    with http_server({"/slow": slow_redirect}) as port:
        started = time.monotonic()
        with pytest.raises(SourceFailed, match=r"no answer within|more than 10 redirects"):
            fetch_url(f"http://127.0.0.1:{port}/slow", timeout=1.5)
        assert time.monotonic() - started < 2.5


# -- sizes and kinds of files -----------------------------------------------------------------


def test_dev_zero_is_refused_at_once(run_import_args: Callable[..., ImportResult]) -> None:
    if not Path("/dev/zero").exists():
        pytest.skip("no /dev/zero here")
    started = time.monotonic()
    result = run_import_args("/dev/zero")
    assert time.monotonic() - started < 2
    assert result.error_lines == ["/dev/zero: error: cannot read: not a regular file but a device"]


def test_a_fifo_is_refused_without_blocking(site: Path, tmp_path: Path) -> None:
    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs here")
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    done = subprocess.run(
        [sys.executable, "-m", "digest", "import", "-C", str(site), str(fifo)],
        capture_output=True, text=True, timeout=20,
    )  # fmt: skip
    assert done.returncode == 1
    assert f"{fifo}: error: cannot read: not a regular file but a FIFO (named pipe)" in done.stderr


def test_a_file_over_the_size_limit_is_refused(run_import_args: Callable[..., ImportResult], tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_text("Headline\n\n" + "A sentence of an article that goes on. " * 100, encoding="utf-8")
    result = run_import_args(big, "--max-size", "1KB")
    assert result.error_lines == [f"{big}: error: cannot read: larger than the 1024 bytes limit (--max-size)"]
    assert run_import_args(big, "--max-size", "1MB", "--date", "2024-01-02").summary.imported == 1


def test_a_download_over_the_size_limit_is_refused(run_import_args: Callable[..., ImportResult]) -> None:
    with http_server({"/page": page}) as port:
        result = run_import_args(f"http://127.0.0.1:{port}/page", "--max-size", "100")
    assert result.error_lines == [f"http://127.0.0.1:{port}/page: error: cannot fetch: larger than the 100 bytes limit"]


@pytest.mark.parametrize(
    ("text", "size"), [("20MB", 20 * 1024**2), ("500k", 500 * 1024), ("1.5 GB", int(1.5 * 1024**3)), ("1000", 1000)]
)
def test_sizes_read_as_people_write_them(text: str, size: int) -> None:
    assert parse_size(text) == size


def test_a_bad_size_is_a_usage_error(site: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "digest", "import", "-C", str(site), "x.txt", "--max-size", "lots"],
        capture_output=True, text=True, timeout=30,
    )  # fmt: skip
    assert done.returncode == 2
    assert "expected a size such as 20MB" in done.stderr


# -- redirects --------------------------------------------------------------------------------


def test_a_redirect_within_the_named_service_is_followed(run_import_args: Callable[..., ImportResult]) -> None:
    with http_server({"/old": redirect_to("/story"), "/story": page}) as port:
        result = run_import_args(f"http://127.0.0.1:{port}/old", "--date", "2024-05-01")
    assert result.summary.imported == 1, result.err
    assert load_meta(result.only_article())["source"]["url"] == f"http://127.0.0.1:{port}/story"


def test_a_redirect_to_another_local_service_is_refused(run_import_args: Callable[..., ImportResult]) -> None:
    """The user named localhost:A; 127.0.0.1:B is a loopback service nobody named."""
    with (
        http_server({"/story": page}) as other,
        http_server({"/old": redirect_to(f"http://127.0.0.1:{other}/story")}) as port,
    ):
        result = run_import_args(f"http://localhost:{port}/old", "--date", "2024-05-01")
        assert result.summary.failed == 1
        assert result.error_lines == [
            f"http://localhost:{port}/old: error: cannot fetch http://127.0.0.1:{other}/story: refused: 127.0.0.1 is at"
            " a loopback, private or local address (127.0.0.1); only a source you name yourself may be at such an address"
        ]
        assert result.articles() == {}
        named = run_import_args(f"http://127.0.0.1:{other}/story", "--date", "2024-05-01")
        assert named.summary.imported == 1, named.err  # named by the user: imported


@pytest.mark.parametrize(
    "location",
    ["http://169.254.169.254/latest/meta-data/", "http://10.0.0.1/", "http://192.168.1.1:8080/", "http://[::1]/",
     "http://[::ffff:127.0.0.1]/", "http://0.0.0.0/", "http://100.64.0.1/"],
)  # fmt: skip
def test_redirects_to_private_addresses_are_refused(location: str) -> None:
    with (
        http_server({"/go": redirect_to(location)}) as port,
        pytest.raises(SourceFailed, match=r"refused: .* loopback, private or local address"),
    ):
        fetch_url(f"http://127.0.0.1:{port}/go", timeout=5)


def test_redirects_go_to_http_only() -> None:
    with (
        http_server({"/go": redirect_to("file:///etc/passwd")}) as port,
        pytest.raises(SourceFailed, match="redirect to a non-http URL 'file:///etc/passwd'"),
    ):
        fetch_url(f"http://127.0.0.1:{port}/go")


def test_a_feed_entry_on_another_local_service_is_not_fetched(run_import_args: Callable[..., ImportResult]) -> None:
    with http_server({"/story": page}) as other:
        feed = (
            '<?xml version="1.0"?><rss version="2.0"><channel><title>Local</title>'
            f"<item><title>Ferry fares rise</title><link>http://127.0.0.1:{other}/story</link>"
            "<description>Ferries cost more.</description></item></channel></rss>"
        ).encode()

        def serve_feed(handler: BaseHTTPRequestHandler) -> None:
            handler.send_response(200)
            handler.send_header("Content-Type", "application/rss+xml")
            handler.end_headers()
            handler.wfile.write(feed)

        with http_server({"/feed": serve_feed}) as port:
            result = run_import_args(f"http://127.0.0.1:{port}/feed", "--full")
    assert result.summary.failed == 1
    assert "refused: 127.0.0.1 is at a loopback, private or local address" in result.err


@pytest.mark.parametrize(
    ("address", "public"),
    [("93.184.216.34", True), ("2606:4700::1111", True), ("127.0.0.1", False), ("10.1.2.3", False),
     ("172.16.0.1", False), ("192.168.0.1", False), ("169.254.169.254", False), ("::1", False),
     ("fe80::1", False), ("fd00::1", False), ("::ffff:10.0.0.1", False), ("224.0.0.1", False), ("0.0.0.0", False)],
)  # fmt: skip
def test_public_addresses(address: str, public: bool) -> None:
    assert is_public_address(address) is public


# -- only URLs the build accepts ------------------------------------------------------------


HOSTILE_FEED = """<?xml version="1.0"?>
<rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/"><channel><title>Hostile</title>
<item><title>Script link</title><link>javascript:alert(1)</link>
<description>A story whose link is a script, told in enough words to be an article body.</description></item>
<item><title>Quote link</title><link>https://e.org/?a="&gt;&lt;script&gt;x&amp;b='x' onmouseover=alert(1)</link>
<description>A story whose link breaks out of an attribute, told in enough words.</description>
<media:content url="https://e.org/a b&quot;.jpg" medium="image"/></item>
<item><title>Data image</title><link>https://e.org/data-image</link>
<description>A story with a data image, told in enough words to be an article.</description>
<enclosure url="data:image/png;base64,AAAA" type="image/png"/></item>
</channel></rss>
"""


def test_a_hostile_feed_writes_only_acceptable_urls(
    run_import_args: Callable[..., ImportResult], tmp_path: Path, cli: Callable[..., Any]
) -> None:
    feed = tmp_path / "hostile.xml"
    feed.write_text(HOSTILE_FEED, encoding="utf-8")
    result = run_import_args(feed, "--date", "2024-05-01")
    assert result.summary.imported == 3, result.err
    metas = {load_meta(text)["title"]: load_meta(text) for text in result.articles().values()}
    assert "url" not in metas["Script link"].get("source", {})
    assert "source.url 'javascript:alert(1)' left out: not an http(s) URL the build accepts" in result.err
    quoted = metas["Quote link"]["source"]["url"]
    assert acceptable_url(quoted) and '"' not in quoted and "'" not in quoted and " " not in quoted
    assert acceptable_url(metas["Quote link"]["image"]["src"])
    assert "image" not in metas["Data image"]
    for meta in metas.values():
        for url in (meta.get("source", {}).get("url"), meta.get("image", {}).get("src")):
            assert url is None or acceptable_url(url)
    built = cli("build", "-C", result.site)
    assert built.code == 0, built.err


def test_a_feeds_entities_read_no_file_and_expand_to_nothing_large(
    run_import_args: Callable[..., ImportResult], tmp_path: Path
) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-VALUE", encoding="utf-8")
    laughs = "".join(f'<!ENTITY l{n} "{f"&l{n - 1};" * 10}">' for n in range(1, 9))
    feed = tmp_path / "entities.xml"
    feed.write_text(
        f'<?xml version="1.0"?>\n<!DOCTYPE rss [<!ENTITY file SYSTEM "file://{secret}"><!ENTITY l0 "lol">{laughs}]>\n'
        '<rss version="2.0"><channel><title>Harbour</title><item><title>Port &file; reopens &l8;</title>'
        "<link>https://harbour.example/a</link><description>The port reopened on Tuesday after a week of repairs, "
        "officials said. &file; &l8;</description></item></channel></rss>",
        encoding="utf-8",
    )
    result = run_import_args(feed, "--date", "2024-05-01")
    assert result.summary.imported == 1, result.err  # read as a feed despite its doctype
    text = result.only_article()
    assert "TOP-SECRET-VALUE" not in text and "lollollol" not in text and len(text) < 2000


@pytest.mark.parametrize(
    ("url", "safe"),
    [("https://e.org/a", "https://e.org/a"), ("https://e.org/a b", "https://e.org/a%20b"),
     ('https://e.org/?q="x"', "https://e.org/?q=%22x%22"), ("https://e.org/<x>", "https://e.org/%3Cx%3E"),
     ("javascript:alert(1)", None), ("data:text/html,x", None), ("https://e.org/\x00", None), ("https://", None),
     ("//e.org/x", None), ("ftp://e.org/x", None)],
)  # fmt: skip
def test_safe_urls(url: str, safe: str | None) -> None:
    assert safe_url(url) == safe


def test_a_source_url_option_must_be_acceptable(site: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "digest", "import", "-C", str(site), "x.txt", "--source-url", "https://e.org/a b"],
        capture_output=True, text=True, timeout=30,
    )  # fmt: skip
    assert done.returncode == 2
    assert "without spaces, quotes or control characters" in done.stderr


def test_control_characters_never_reach_the_file(
    run_import_args: Callable[..., ImportResult], tmp_path: Path, cli: Callable[..., Any]
) -> None:
    scrape = tmp_path / "control.txt"
    scrape.write_text(
        "Ferry\x01 fares\x7f rise in\ufdd0 Istanbul\n\nIstanbul's ferries\x0b cost more\U0001ffff from Monday, the city said on Friday.\n"
        + "The rise follows months of debate about the price of public transport in the city.\n" * 20,
        encoding="utf-8",
    )
    result = run_import_args(scrape, "--date", "2024-05-01")
    assert result.summary.imported == 1, result.err
    text = result.only_article()
    assert load_meta(text)["title"] == "Ferry fares rise in Istanbul"
    assert not any(ord(char) < 32 and char not in "\n" for char in text)
    assert "\ufdd0" not in text and "\U0001ffff" not in text  # noncharacters, which the build refuses too
    assert cli("build", "-C", result.site).code == 0


def test_an_article_the_build_would_refuse_for_its_size_is_not_written(
    run_import_args: Callable[..., ImportResult], tmp_path: Path, cli: Callable[..., Any]
) -> None:
    big = tmp_path / "big.txt"
    paragraph = "A long sentence of the article that goes on and on about the ferries of Istanbul. " * 40
    big.write_text("Ferry fares rise in Istanbul\n3 June 2024\n" + (paragraph + "\n\n") * 1700, encoding="utf-8")
    result = run_import_args(big)
    assert result.summary.failed == 1
    assert "not written: the article would be" in result.err
    assert result.articles() == {}


def test_a_gzipped_page_is_read_as_the_page_within_the_size_limit(
    run_import_args: Callable[..., ImportResult], tmp_path: Path
) -> None:
    saved = tmp_path / "ferry.html.gz"
    saved.write_bytes(gzip.compress(ARTICLE_HTML))
    result = run_import_args(saved, "--date", "2024-01-02")
    assert result.summary.imported == 1, result.err
    assert 'title: "Ferry fares rise"' in result.only_article()
    bomb = tmp_path / "bomb.html.gz"
    bomb.write_bytes(gzip.compress(ARTICLE_HTML + b" " * 5000))
    assert len(bomb.read_bytes()) < 1024
    result = run_import_args(bomb, "--max-size", "1KB")
    assert result.error_lines == [f"{bomb}: error: cannot read: unpacks to more than the 1024 bytes limit (--max-size)"]
    damaged = tmp_path / "cut.html.gz"
    damaged.write_bytes(gzip.compress(ARTICLE_HTML)[:60])
    assert run_import_args(damaged).error_lines[0].startswith(f"{damaged}: error: cannot read: damaged gzip data")
