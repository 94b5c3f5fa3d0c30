"""Helpers shared by the importer tests: paths, an import result, a local HTTP server.

Nothing here touches the internet: pages and feeds are served from ``fixtures/web`` by a
``ThreadingHTTPServer`` on 127.0.0.1 (``{{BASE}}`` in a served file becomes the server's URL).
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import io
import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from digest.frontmatter import parse_document
from digest.importer import ImportSummary, add_import_arguments, run_import

FIXTURES = Path(__file__).parent / "fixtures"
EXPECTED = Path(__file__).parent / "expected"
WEB = FIXTURES / "web"
IMPORT_EPOCH = "1719835200"  # 2024-07-01T12:00:00Z: the "now" of every import in these tests
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"


@dataclass
class ImportResult:
    summary: ImportSummary
    out: str
    err: str
    site: Path

    @property
    def error_lines(self) -> list[str]:
        return [line for line in self.err.splitlines() if ": error: " in line]

    def articles(self) -> dict[str, str]:
        """File name -> text of every article in the site."""
        folder = self.site / "content" / "articles"
        return {path.name: path.read_text(encoding="utf-8") for path in sorted(folder.glob("*.md"))}

    def only_article(self) -> str:
        texts = list(self.articles().values())
        assert len(texts) == 1, f"expected one article, found {len(texts)}"
        return texts[0]


class TerminalStream(io.StringIO):
    """A captured stream that says it is a terminal, to see the progress bar."""

    def isatty(self) -> bool:
        return True


def make_runner(site: Path) -> Callable[..., ImportResult]:
    """A function that runs ``digest import ARGS`` (parsed as the CLI parses them) in ``site``."""

    def run(*argv: str | Path, err: io.StringIO | None = None) -> ImportResult:
        parser = argparse.ArgumentParser(prog="digest import")
        add_import_arguments(parser)
        args = parser.parse_args([str(arg) for arg in argv])
        out, err = io.StringIO(), err or io.StringIO()
        summary = run_import(args, site, out, err)
        return ImportResult(summary, out.getvalue(), err.getvalue(), site)

    return run


def load_meta(text: str) -> dict[str, Any]:
    """The front matter of an article's text, as the core loads it."""
    return parse_document(text, "article.md").meta


def body_of(text: str) -> str:
    return parse_document(text, "article.md").body.strip()


def without_provenance(meta: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in meta.items() if key != "imported"}


def copy_fixture(name: str, folder: Path, base: str = "https://news.example.org") -> Path:
    """A copy of ``fixtures/web/<name>`` with ``{{BASE}}`` made a real URL."""
    target = folder / name
    target.write_bytes((WEB / name).read_bytes().replace(b"{{BASE}}", base.encode("ascii")))
    return target


# -- a local HTTP server ------------------------------------------------------------------------


@dataclass
class LocalServer:
    base: str
    requests: list[dict[str, Any]] = field(default_factory=list)

    def url(self, path: str) -> str:
        return f"{self.base}/{path.lstrip('/')}"

    def headers_for(self, path: str) -> dict[str, str]:
        return next(request["headers"] for request in self.requests if request["path"] == path)


def _make_handler(server_state: LocalServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:  # quiet test output
            pass

        def do_GET(self) -> None:
            server_state.requests.append({"path": self.path, "headers": dict(self.headers.items())})
            route = self.path.split("?", 1)[0]
            special = _SPECIAL.get(route)
            if special is not None:
                special(self)
                return
            file = WEB / route.lstrip("/")
            if not route.strip("/") or not file.is_file():
                self.send_error(404, "Not Found")
                return
            data = file.read_bytes().replace(b"{{BASE}}", server_state.base.encode("ascii"))
            kind = {".xml": "application/rss+xml", ".txt": "text/plain"}.get(file.suffix, "text/html")
            self._send(200, data, kind)

        def _send(self, status: int, data: bytes, kind: str, length: bool = True) -> None:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            if length:
                self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

    def slow(handler: Any) -> None:
        time.sleep(3)
        with contextlib.suppress(OSError):  # the client gave up long ago
            handler._send(200, b"<html><body><p>Too late.</p></body></html>", "text/html")

    def big(handler: Any) -> None:
        with contextlib.suppress(OSError):
            handler._send(200, b"<p>" + b"x" * 50_000 + b"</p>", "text/html")

    def big_stream(handler: Any) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html")
        handler.end_headers()
        with contextlib.suppress(OSError):  # the client stops reading at its limit
            for _ in range(50):
                handler.wfile.write(b"y" * 1000)

    def redirect(handler: Any, location: str = "/gas-deal.html") -> None:
        handler.send_response(302)
        handler.send_header("Location", location)
        handler.send_header("Content-Length", "0")
        handler.end_headers()

    def binary(handler: Any) -> None:
        handler._send(200, PNG, "image/png")

    def empty(handler: Any) -> None:
        handler._send(200, b"", "text/plain")

    def gzipped(handler: Any, data: bytes, charset: str) -> None:
        """Compressed whatever the request asked, as some servers and CDNs answer."""
        packed = gzip.compress(data)
        handler.send_response(200)
        handler.send_header("Content-Type", f"text/html; charset={charset}")
        handler.send_header("Content-Encoding", "gzip")
        handler.send_header("Content-Length", str(len(packed)))
        handler.end_headers()
        handler.wfile.write(packed)

    _SPECIAL: dict[str, Callable[[Any], None]] = {
        "/slow": slow,
        "/big": big,
        "/big-stream": big_stream,
        "/redirect": redirect,
        "/redirect-ftp": lambda handler: redirect(handler, "ftp://127.0.0.1/secret.txt"),
        "/binary.png": binary,
        "/empty": empty,
        "/gzipped-tr.html": lambda handler: gzipped(handler, TURKISH_PAGE.encode("cp1254"), "windows-1254"),
        "/gzip-bomb.html": lambda handler: gzipped(handler, b"<p>" + b" " * 5_000_000 + b"</p>", "utf-8"),
    }
    return Handler


TURKISH_PAGE = (
    "<!doctype html><html><head><title>Seçim sonuçları açıklandı - Günlük Haber</title>"
    '<meta property="og:site_name" content="Günlük Haber">'
    '<meta property="article:published_time" content="2024-03-31T22:10:00+03:00"></head><body>'
    "<article><h1>Seçim sonuçları açıklandı</h1><p>Yerel seçimlerin sonuçları Yüksek Seçim Kurulu "
    "tarafından açıklandı. İstanbul'da oy sayımı gece boyunca sürdü ve sonuçlar sabaha karşı kesinleşti.</p>"
    "<p>Ankara, İzmir ve diğer büyükşehirlerde de seçmenler sandık başına gitti; katılım yüksekti.</p>"
    "</article></body></html>"
)


@contextlib.contextmanager
def serve_fixtures() -> Iterator[LocalServer]:
    """Pages and feeds from fixtures/web at http://127.0.0.1:<free port>/, while in the block."""
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), BaseHTTPRequestHandler)
    state = LocalServer(f"http://127.0.0.1:{httpd.server_address[1]}")
    httpd.RequestHandlerClass = _make_handler(state)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        httpd.shutdown()
        httpd.server_close()


def free_port_url() -> str:
    """A URL on 127.0.0.1 where nothing listens."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}/article.html"
