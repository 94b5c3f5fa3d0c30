"""Serving the built site over HTTP: only its files, the right headers, many clients at once."""

from __future__ import annotations

import http.client
import io
import os
import re
import socket
import struct
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from serve_helpers import FAKE_FILES, FakeServer, StartServer, fetch, raw_request

from digest.build import BuildOptions
from digest.errors import ContentError
from digest.serve import PreviewServer, ServeError, serve
from digest.serve.http import UNSATISFIABLE, byte_range

SCRIPT = re.compile(
    rb'<script src="/__digest__/livereload\.js" data-server="[0-9a-f]+" data-version="\d+" data-base="[^"]*"></script>'
)


def test_pages_and_pretty_urls(fake_server: FakeServer) -> None:
    server, _ = fake_server()
    home = fetch(server, "/")
    assert home.status == 200
    assert SCRIPT.sub(b"", home.body) == FAKE_FILES["index.html"]
    assert fetch(server, "/topics/turkey/").status == 200
    assert "Café".encode() in fetch(server, "/caf%C3%A9/").body
    moved = fetch(server, "/topics/turkey")
    assert (moved.status, moved.headers["location"]) == (302, "/topics/turkey/")


@pytest.mark.parametrize(
    ("path", "content_type"),
    [
        ("/", "text/html; charset=utf-8"),
        ("/static/style.css", "text/css; charset=utf-8"),
        ("/static/app.js", "text/javascript; charset=utf-8"),
        ("/feed.xml", "application/xml; charset=utf-8"),
        ("/data.json", "application/json"),
        ("/robots.txt", "text/plain; charset=utf-8"),
        ("/static/big.bin", "application/octet-stream"),
    ],
)
def test_content_types(fake_server: FakeServer, path: str, content_type: str) -> None:
    server, _ = fake_server()
    response = fetch(server, path)
    assert response.status == 200
    assert response.headers["content-type"] == content_type
    assert response.headers["x-content-type-options"] == "nosniff"


def test_content_types_are_not_this_machines_list_of_types(
    fake_server: FakeServer, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Python's mimetypes reads the machine's own list (/etc/mime.types, the Windows registry,
    which a program may have changed), so the same file was sent with another type, or as
    bytes, from one machine to the next."""
    import mimetypes

    listed = tmp_path / "mime.types"
    listed.write_text("application/x-font-truetype ttf\ntext/x-calendar ics\n", encoding="utf-8")
    machine = mimetypes.MimeTypes((str(listed),))
    monkeypatch.setattr(mimetypes, "_db", machine)
    assert mimetypes.guess_type("a.ttf")[0] == "application/x-font-truetype"  # the machine's word
    files = {"static/font.ttf": b"ttf", "static/pic.png": b"png", "events.ics": b"ics"}
    server, _ = fake_server(files={**FAKE_FILES, **files})
    assert fetch(server, "/static/font.ttf").headers["content-type"] == "font/ttf"
    assert fetch(server, "/static/pic.png").headers["content-type"] == "image/png"
    assert fetch(server, "/events.ics").headers["content-type"] == "text/calendar; charset=utf-8"  # not text/x-calendar


def test_only_html_gets_the_script_and_html_is_not_cached(fake_server: FakeServer) -> None:
    server, _ = fake_server()
    css = fetch(server, "/static/style.css")
    assert css.body == FAKE_FILES["static/style.css"]
    page = fetch(server, "/")
    assert len(SCRIPT.findall(page.body)) == 1
    assert page.body.index(b"<script") < page.body.rindex(b"</body>")
    assert page.headers["cache-control"] == "no-store"
    assert int(page.headers["content-length"]) == len(page.body)


def test_the_sites_404_page_with_status_404(fake_server: FakeServer) -> None:
    server, _ = fake_server()
    missing = fetch(server, "/no/such/page/")
    assert missing.status == 404
    assert SCRIPT.sub(b"", missing.body) == FAKE_FILES["404.html"]
    assert missing.headers["content-type"] == "text/html; charset=utf-8"


def test_without_a_404_page_the_request_is_not_echoed(fake_server: FakeServer) -> None:
    files = {name: data for name, data in FAKE_FILES.items() if name != "404.html"}
    server, _ = fake_server(files=files)
    missing = fetch(server, "/%3Cscript%3Ealert(1)%3C/script%3E")
    assert missing.status == 404
    assert b"alert" not in missing.body
    assert b"Not found" in missing.body


def test_head_has_the_headers_of_get_and_no_body(fake_server: FakeServer) -> None:
    server, _ = fake_server()
    connection = http.client.HTTPConnection("127.0.0.1", server.bound_port, timeout=10)
    for path in ("/", "/static/big.bin", "/missing"):
        connection.request("GET", path)
        got = connection.getresponse()
        body = got.read()
        connection.request("HEAD", path)  # on the same connection: a stray body would break the next answer
        head = connection.getresponse()
        assert head.read() == b""
        assert head.status == got.status
        assert head.getheader("Content-Length") == got.getheader("Content-Length") == str(len(body))
        assert head.getheader("Content-Type") == got.getheader("Content-Type")
    connection.request("GET", "/robots.txt")
    assert connection.getresponse().read() == FAKE_FILES["robots.txt"]
    connection.close()


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "BREW"])
def test_other_methods_are_not_allowed(fake_server: FakeServer, method: str) -> None:
    server, _ = fake_server()
    response = raw_request(
        server.bound_port, f"{method} / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 3\r\n\r\nabc".encode()
    )
    assert response.status == 405
    assert response.headers["allow"] == "GET, HEAD"


TRAVERSALS = [
    "/../secret.txt",
    "/../../../../../../etc/passwd",
    "/%2e%2e/secret.txt",
    "/%2E%2E/%2E%2E/etc/passwd",
    "/static/..%2f..%2fsecret.txt",
    "/static/%2e%2e%2f%2e%2e%2fsecret.txt",
    "/%2fetc%2fpasswd",
    "/..%5c..%5csecret.txt",
    "/static\\..\\..\\secret.txt",
    "//etc/passwd",
    "/etc/passwd",
    "/static/out/secret.txt",
    "/static/leak.txt",
    "/%252e%252e/secret.txt",
    "/.%00./secret.txt",
    "http://127.0.0.1/../secret.txt",
    "secret.txt",
]


@pytest.mark.parametrize("target", TRAVERSALS)
def test_paths_that_leave_the_site_get_400_or_404(fake_server: FakeServer, target: str) -> None:
    server, _ = fake_server()
    secret = server.output_dir.parent / "secret.txt"
    secret.write_text("TOP-SECRET")
    os.symlink(server.output_dir.parent, server.output_dir / "static" / "out")
    os.symlink(secret, server.output_dir / "static" / "leak.txt")
    response = raw_request(
        server.bound_port, f"GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode()
    )
    assert response.status in (400, 404)
    assert b"TOP-SECRET" not in response.body
    assert b"root:" not in response.body


def test_two_hundred_requests_at_once(fake_server: FakeServer) -> None:
    server, _ = fake_server()
    paths = ["/", "/topics/turkey/", "/static/style.css", "/feed.xml"]
    start = threading.Barrier(200, timeout=30)

    def one(number: int) -> tuple[int, bytes]:
        start.wait()
        response = fetch(server, paths[number % len(paths)], timeout=30)
        return response.status, SCRIPT.sub(b"", response.body)

    with ThreadPoolExecutor(max_workers=200) as pool:
        results = list(pool.map(one, range(200)))
    expected = [FAKE_FILES["index.html"], FAKE_FILES["topics/turkey/index.html"]]
    expected += [FAKE_FILES["static/style.css"], FAKE_FILES["feed.xml"]]
    assert results == [(200, expected[number % 4]) for number in range(200)]


def test_a_client_that_leaves_mid_response_is_no_error(
    fake_server: FakeServer, capfd: pytest.CaptureFixture[str]
) -> None:
    err = io.StringIO()
    server, _ = fake_server(err=err)
    for _ in range(5):
        connection = socket.create_connection(("127.0.0.1", server.bound_port), timeout=10)
        connection.sendall(b"GET /static/big.bin HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        assert connection.recv(65536).startswith(b"HTTP/1.1 200")
        connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))  # reset, not FIN
        connection.close()
    assert fetch(server, "/").status == 200
    assert len(fetch(server, "/static/big.bin").body) == len(FAKE_FILES["static/big.bin"])
    assert err.getvalue() == ""
    assert "Traceback" not in capfd.readouterr().err


def test_keep_alive_serves_many_requests_on_one_connection(fake_server: FakeServer) -> None:
    server, _ = fake_server()
    connection = http.client.HTTPConnection("127.0.0.1", server.bound_port, timeout=10)
    for _ in range(20):
        connection.request("GET", "/static/style.css")
        assert connection.getresponse().read() == FAKE_FILES["static/style.css"]
    connection.close()


def test_malformed_requests_get_400(fake_server: FakeServer) -> None:
    server, _ = fake_server()
    spaces = raw_request(server.bound_port, b"GET /<b>a b c HTTP/1.1\r\n\r\n")
    assert (spaces.status, spaces.body) == (400, b"400 Bad Request")  # the request is not echoed
    long_header = b"GET / HTTP/1.1\r\nX-Long: " + b"a" * 70000 + b"\r\n\r\n"
    assert raw_request(server.bound_port, long_header).status == 431
    assert fetch(server, "/").status == 200


def test_the_site_is_served_at_its_base_path(fake_server: FakeServer) -> None:
    server, _ = fake_server(base_path="/repo/")
    assert server.url.endswith("/repo/")
    root = fetch(server, "/")
    assert (root.status, root.headers["location"]) == (302, "/repo/")
    assert fetch(server, "/repo").headers["location"] == "/repo/"
    assert SCRIPT.sub(b"", fetch(server, "/repo/").body) == FAKE_FILES["index.html"]
    assert fetch(server, "/repo/static/style.css").body == FAKE_FILES["static/style.css"]
    assert fetch(server, "/static/style.css").status == 404


def test_a_failed_build_shows_its_errors_on_every_page(fake_server: FakeServer) -> None:
    err = io.StringIO()
    server, builder = fake_server(err=err)
    builder.errors = [ContentError("title: <b>not</b> a string", "content/articles/a.md", 2)]
    (server.site_dir / "content" / "a.md").write_text("x")
    for _ in range(200):
        page = fetch(server, "/")
        if b"digest-error-overlay" in page.body:
            break
        threading.Event().wait(0.05)
    assert b"content/articles/a.md:2: title: &lt;b&gt;not&lt;/b&gt; a string" in page.body
    assert b"Home" in page.body  # the last good page is still under the overlay
    assert b"digest-error-overlay" in fetch(server, "/missing").body
    assert b"digest-error-overlay" not in fetch(server, "/static/style.css").body
    assert "content/articles/a.md:2: title: <b>not</b> a string" in err.getvalue()


def test_without_live_reload_there_is_no_script_and_no_event_stream(fake_server: FakeServer) -> None:
    server, _ = fake_server(live_reload=False)
    assert fetch(server, "/").body == FAKE_FILES["index.html"]
    assert fetch(server, "/__digest__/events").status == 404
    assert fetch(server, "/__digest__/livereload.js").status == 404


def test_the_livereload_script_is_served(fake_server: FakeServer) -> None:
    server, _ = fake_server()
    script = fetch(server, "/__digest__/livereload.js")
    assert script.status == 200
    assert script.headers["content-type"] == "text/javascript; charset=utf-8"
    assert b"EventSource" in script.body


# -- starting ------------------------------------------------------------------------


def _busy_port() -> socket.socket:
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    return listener


def test_a_busy_port_moves_to_the_next_one_and_says_so(fake_server: FakeServer) -> None:
    with _busy_port() as listener:
        port = listener.getsockname()[1]
        err = io.StringIO()
        try:
            server, _ = fake_server(port=port, err=err)
        except ServeError:
            pytest.skip("the next ports happen to be busy too")
        assert server.bound_port != port
        assert f"port {port} is in use; serving on port {server.bound_port} instead" in err.getvalue()


def test_a_port_given_with_dash_dash_port_is_that_port_or_an_error(site: Path) -> None:
    """``digest serve --port 8080`` in a script that then fetches from 8080: a busy port is an
    error, as in Hugo (it served on the next port, and the script read another server)."""
    from digest.cli import main

    with _busy_port() as listener:
        port = listener.getsockname()[1]
        out, err = io.StringIO(), io.StringIO()
        assert main(["serve", "--port", str(port), "-C", str(site)], out=out, err=err) == 1
    assert err.getvalue() == f"digest serve: error: port {port} on 127.0.0.1 is in use; choose another with --port\n"
    assert "serving" not in out.getvalue()


def test_when_no_port_is_free_serve_says_so_and_exits_1(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import digest.serve.server as server_module

    monkeypatch.setattr(server_module, "PORT_ATTEMPTS", 1)
    with _busy_port() as listener:
        port = listener.getsockname()[1]
        out, err = io.StringIO(), io.StringIO()
        assert serve(site, BuildOptions(), port=port, out=out, err=err) == 1
    assert (
        err.getvalue()
        == f"digest serve: error: ports {port}-{port} on 127.0.0.1 are all in use; choose another with --port\n"
    )
    assert "Traceback" not in err.getvalue()


def test_an_unknown_host_is_a_clear_error(site: Path) -> None:
    server = PreviewServer(site, BuildOptions(), host="no-such-host.invalid", port=0)
    with pytest.raises(ServeError, match="unknown host"):
        server.start()
    server.stop()


def test_a_request_naming_another_host_is_refused(fake_server: FakeServer) -> None:
    """A page elsewhere that points its own name at 127.0.0.1 (DNS rebinding) cannot read the
    preview: only requests to this machine's names are answered."""
    server, _ = fake_server(files={"index.html": b"<p>home</p>"})
    for host in (b"127.0.0.1:8000", b"localhost:8000", b"[::1]:8000", b"localhost"):
        request = b"GET / HTTP/1.1\r\nHost: " + host + b"\r\nConnection: close\r\n\r\n"
        assert raw_request(server.bound_port, request).status == 200, host
    refused = raw_request(server.bound_port, b"GET / HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n")
    assert refused.status == 400 and b"127.0.0.1 and localhost only" in refused.body
    # A name that only starts like a loopback address is a name of its own.
    for host in (b"127.evil.example", b"127.0.0.1.rebind.attacker.example:8000"):
        request = b"GET / HTTP/1.1\r\nHost: " + host + b"\r\nConnection: close\r\n\r\n"
        assert raw_request(server.bound_port, request).status == 400, host


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (None, None),
        ("bytes=0-99", (0, 99)),
        ("bytes=100-", (100, 999)),
        ("bytes=-100", (900, 999)),
        ("bytes=-5000", (0, 999)),  # more than the file: all of it
        ("bytes=990-5000", (990, 999)),  # the last byte past the end: up to the end
        ("bytes = 5 - 9 ", (5, 9)),
        ("BYTES=5-9", (5, 9)),
        ("bytes=1000-", UNSATISFIABLE),
        ("bytes=-0", UNSATISFIABLE),
        ("bytes=9-5", None),  # not a range: ignored
        ("bytes=0-1,5-9", None),  # several: the whole file
        ("bytes=-", None),
        ("bytes=a-b", None),
        ("bytes=١-٢", None),  # digits of another script are no byte positions
        ("items=0-9", None),
    ],
)
def test_byte_ranges_are_read_as_rfc_9110_says(header: str | None, expected: tuple[int, int] | None) -> None:
    assert byte_range(header, 1000) == expected


def _ranged(port: int, target: str, headers: dict[str, str], method: str = "GET") -> http.client.HTTPResponse:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request(method, target, headers=headers)
    response = connection.getresponse()
    response.body = response.read()  # type: ignore[attr-defined]
    connection.close()
    return response


def test_static_files_are_served_in_ranges_as_media_players_ask(site: Path, start_server: StartServer) -> None:
    """Safari plays a video only from a server that answers range requests."""
    clip = bytes(range(256)) * 4000  # 1,024,000 bytes
    (site / "content" / "static").mkdir(exist_ok=True)
    (site / "content" / "static" / "clip.mp4").write_bytes(clip)
    server = start_server(site)
    port, target = server.bound_port, "/static/clip.mp4"
    whole = _ranged(port, target, {})
    assert (whole.status, whole.getheader("Accept-Ranges"), whole.body) == (200, "bytes", clip)  # type: ignore[attr-defined]
    first = _ranged(port, target, {"Range": "bytes=0-1"})
    assert (first.status, first.getheader("Content-Range"), first.body) == (206, f"bytes 0-1/{len(clip)}", clip[:2])  # type: ignore[attr-defined]
    assert first.getheader("Content-Length") == "2"
    tail = _ranged(port, target, {"Range": "bytes=-70000"})
    assert (tail.status, tail.body) == (206, clip[-70000:])  # type: ignore[attr-defined]
    middle = _ranged(port, target, {"Range": "bytes=65000-200000"})
    assert middle.body == clip[65000:200001]  # type: ignore[attr-defined]
    head = _ranged(port, target, {"Range": "bytes=10-19"}, method="HEAD")
    assert (head.status, head.getheader("Content-Length"), head.body) == (206, "10", b"")  # type: ignore[attr-defined]
    beyond = _ranged(port, target, {"Range": f"bytes={len(clip)}-"})
    assert (beyond.status, beyond.getheader("Content-Range")) == (416, f"bytes */{len(clip)}")
    conditional = _ranged(port, target, {"Range": "bytes=0-1", "If-Range": '"abc"'})
    assert (conditional.status, conditional.body) == (200, clip)  # type: ignore[attr-defined]
    page = _ranged(port, "/", {"Range": "bytes=0-1"})  # a page has the reload script added: all of it
    assert page.status == 200 and page.getheader("Accept-Ranges") is None
