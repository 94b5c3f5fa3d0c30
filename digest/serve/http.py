"""The HTTP side of the preview: the built site (GET and HEAD only), the live-reload script
and the event stream, one thread per connection.

HTML responses get the live-reload script and, while the last build has failed, the error
overlay.  Requests for the site wait while a build runs, so a half-built site is never served.
"""

from __future__ import annotations

import contextlib
import mimetypes
import os
import shutil
import socket
import socketserver
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from pathlib import Path
from typing import Any, Protocol

from digest.serve.inject import (
    EVENTS_PATH,
    SCRIPT_PATH,
    fallback_not_found,
    inject,
    render_overlay,
    render_script_tag,
)
from digest.serve.paths import BadRequest, Found, NotFound, Redirect, not_found_page, resolve_request

CHUNK = 64 * 1024
# Fixed types, so that a machine's /etc/mime.types cannot change what the preview says.
CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".htm": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".json": "application/json",
    ".xml": "application/xml; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".avif": "image/avif",
    ".ico": "image/x-icon",
    ".woff": "font/woff",
    ".woff2": "font/woff2",
    ".wasm": "application/wasm",
    ".pdf": "application/pdf",
    ".webmanifest": "application/manifest+json",
}
HTML_TYPE = CONTENT_TYPES[".html"]


@dataclass(frozen=True)
class SiteState:
    """What the handler needs to know about the last build."""

    version: int  # goes up whenever what the server sends changes
    errors: tuple[str, ...]  # "path:line: message" for each error of the last build; empty after a good one
    base_path: str  # where the site lives on this server, e.g. "/" or "/repo/"


class Preview(Protocol):
    """The preview server, as the request handler sees it."""

    server_id: str
    output_dir: Path
    live_reload: bool

    def current_state(self) -> SiteState: ...  # waits while a build runs

    def events(self) -> Iterator[bytes]: ...  # the SSE stream for one listener, hello first


def content_type(path: Path) -> str:
    suffix = path.suffix.lower()
    return CONTENT_TYPES.get(suffix) or mimetypes.guess_type(path.name)[0] or "application/octet-stream"


def _livereload_js() -> bytes:
    return resources.files("digest.serve").joinpath("livereload.js").read_bytes()


class PreviewHTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 512  # a burst of connections (a page and all its assets, many tabs) is not refused

    def __init__(self, address: tuple[str, int], family: socket.AddressFamily, preview: Preview):
        self.address_family = family
        self.preview = preview
        self.livereload_js = _livereload_js()
        self._open: set[socket.socket] = set()
        self._open_lock = threading.Lock()
        super().__init__(address, PreviewHandler)

    def server_bind(self) -> None:
        # HTTPServer.server_bind looks up the host's full name, which can hang without DNS.
        socketserver.TCPServer.server_bind(self)
        host, port = self.server_address[:2]
        self.server_name, self.server_port = str(host), int(port)

    def process_request(self, request: Any, client_address: Any) -> None:
        with self._open_lock:
            self._open.add(request)
        super().process_request(request, client_address)

    def shutdown_request(self, request: Any) -> None:
        with self._open_lock:
            self._open.discard(request)
        super().shutdown_request(request)

    def close_connections(self) -> None:
        """End every open connection (idle keep-alives, event streams) so their threads finish."""
        with self._open_lock:
            connections = list(self._open)
        for connection in connections:
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # the handler deals with what it can; a broken connection is not the user's problem


class PreviewHandler(BaseHTTPRequestHandler):
    server: PreviewHTTPServer
    protocol_version = "HTTP/1.1"
    timeout = 30  # idle keep-alive connections are closed after this long
    disable_nagle_algorithm = True  # else a small body waits ~40 ms behind its headers (delayed ACK)

    def handle(self) -> None:
        with contextlib.suppress(ConnectionError, TimeoutError):  # the client left mid-response: not an error
            super().handle()

    def version_string(self) -> str:
        return "digest-serve"

    def log_message(self, format: str, *args: Any) -> None:
        pass  # the terminal shows builds, not requests

    def do_GET(self) -> None:
        self._respond(send_body=True)

    def do_HEAD(self) -> None:
        self._respond(send_body=False)

    def __getattr__(self, name: str) -> Callable[[], None]:
        # BaseHTTPRequestHandler looks up do_<METHOD>; every method but GET and HEAD gets 405.
        if name.startswith("do_"):
            return self._method_not_allowed
        raise AttributeError(name)

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        # The standard error page repeats the request line; this one says only what went wrong.
        status = HTTPStatus(code)
        self._send_text(status, f"{status.value} {status.phrase}")

    def _method_not_allowed(self) -> None:
        self._send_text(HTTPStatus.METHOD_NOT_ALLOWED, "Only GET and HEAD are supported.", {"Allow": "GET, HEAD"})

    def _respond(self, send_body: bool) -> None:
        preview = self.server.preview
        route = self.path.split("?", 1)[0]
        if preview.live_reload and route == SCRIPT_PATH:
            self._send_bytes(HTTPStatus.OK, "text/javascript; charset=utf-8", self.server.livereload_js, send_body)
        elif preview.live_reload and route == EVENTS_PATH:
            self._send_events(send_body)
        else:
            self._send_site(preview.current_state(), send_body)

    def _send_site(self, state: SiteState, send_body: bool) -> None:
        root = self.server.preview.output_dir
        found = resolve_request(root, state.base_path, self.path)
        if isinstance(found, Redirect):
            self.send_response(HTTPStatus.FOUND)
            self.send_header("Location", found.location)
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif isinstance(found, BadRequest):
            self._send_text(HTTPStatus.BAD_REQUEST, f"Bad request: {found.reason}.")
        elif isinstance(found, NotFound):
            self._send_not_found(state, send_body)
        elif isinstance(found, Found):
            self._send_file(found.path, state, send_body)

    def _send_not_found(self, state: SiteState, send_body: bool) -> None:
        page = not_found_page(self.server.preview.output_dir)
        html = _read(page) if page is not None else None
        html = fallback_not_found() if html is None else html
        self._send_bytes(HTTPStatus.NOT_FOUND, HTML_TYPE, self._decorate(html, state), send_body)

    def _send_file(self, path: Path, state: SiteState, send_body: bool) -> None:
        kind = content_type(path)
        if kind == HTML_TYPE:
            html = _read(path)
            if html is None:  # removed since it was found
                self._send_not_found(state, send_body)
            else:
                self._send_bytes(HTTPStatus.OK, kind, self._decorate(html, state), send_body)
            return
        try:
            file = path.open("rb")
        except OSError:
            self._send_not_found(state, send_body)
            return
        with file:
            self.send_response(HTTPStatus.OK)
            self._send_headers(kind, _file_size(file), "no-cache")
            if send_body:
                shutil.copyfileobj(file, self.wfile, CHUNK)

    def _decorate(self, html: bytes, state: SiteState) -> bytes:
        preview = self.server.preview
        overlay = render_overlay(state.errors) if state.errors else ""
        script = render_script_tag(preview.server_id, state.version) if preview.live_reload else ""
        return inject(html, overlay + script)

    def _send_events(self, send_body: bool) -> None:
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.send_header("Connection", "close")  # the stream ends when the connection does
        self.end_headers()
        self.close_connection = True
        if send_body:
            for message in self.server.preview.events():
                self.wfile.write(message)

    def _send_text(self, status: HTTPStatus, text: str, headers: dict[str, str] | None = None) -> None:
        self.close_connection = True  # a request we refuse may have a body we did not read
        self.send_response(status)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Connection", "close")
        data = text.encode()
        self._send_headers("text/plain; charset=utf-8", len(data), "no-store")
        if self.command != "HEAD":
            self.wfile.write(data)

    def _send_bytes(self, status: HTTPStatus, kind: str, data: bytes, send_body: bool) -> None:
        self.send_response(status)
        self._send_headers(kind, len(data), "no-store" if kind == HTML_TYPE else "no-cache")
        if send_body:
            self.wfile.write(data)

    def _send_headers(self, kind: str, length: int, cache: str) -> None:
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(length))
        self.send_header("Cache-Control", cache)
        self.send_header("X-Content-Type-Options", "nosniff")
        self.end_headers()


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None


def _file_size(file: Any) -> int:
    return os.fstat(file.fileno()).st_size
