"""The HTTP side of the preview: the built site (GET and HEAD only), the live-reload script
and the event stream, answered by a fixed pool of threads (see ``PreviewHTTPServer``).

HTML responses get the live-reload script and, while the last build has failed, the error
overlay.  Requests for the site wait while a build runs, so a half-built site is never served.
"""

from __future__ import annotations

import contextlib
import io
import ipaddress
import os
import queue
import selectors
import shutil
import socket
import struct
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler
from importlib import resources
from pathlib import Path
from typing import Any, Protocol

from digest.deploy.files import content_type as deployed_type
from digest.serve.inject import (
    EVENTS_PATH,
    SCRIPT_PATH,
    fallback_not_found,
    inject,
    render_overlay,
    render_script_tag,
)
from digest.serve.paths import BadRequest, Found, NotFound, Redirect, not_found_page, resolve_request
from digest.urls import names_this_machine

CHUNK = 64 * 1024
WORKERS = 8  # threads answering requests; more only fight over the interpreter lock
MAX_STREAMS = 256  # open event streams (browser tabs), each on a thread of its own
LISTEN_BACKLOG = 512  # a burst of connections (a page and all its assets, many tabs) is not refused
KEEP_ALIVE = 30.0  # an idle keep-alive connection is closed after this many seconds
REQUEST_TIMEOUT = 10.0  # a client that stops halfway through a request or a response is dropped
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
    built: bool = False  # a build has succeeded: there is a last good build to show


class Preview(Protocol):
    """The preview server, as the request handler sees it."""

    server_id: str
    output_dir: Path
    live_reload: bool

    def current_state(self) -> SiteState: ...  # waits while a build runs

    def events(self) -> Iterator[bytes]: ...  # the SSE stream for one listener, hello first


def content_type(path: Path) -> str:
    """The type a file is sent with: as a deploy uploads it, never from this machine's list of types."""
    return CONTENT_TYPES.get(path.suffix.lower()) or deployed_type(path.name)


def _livereload_js() -> bytes:
    return resources.files("digest.serve").joinpath("livereload.js").read_bytes()


class PreviewHTTPServer:
    """Serves the preview with a bounded number of threads, however many connections are open.

    ``serve_forever`` runs a selector over the listening socket and every idle keep-alive
    connection; a connection with a request waiting goes to a fixed pool of ``workers``
    threads, each answering one request at a time and handing the connection back.  Event
    streams stay open as long as a tab does, so each is written by a thread of its own (at
    most ``MAX_STREAMS``) rather than holding a worker.
    """

    def __init__(
        self, address: tuple[str, int], family: socket.AddressFamily, preview: Preview, workers: int = WORKERS
    ):
        self.preview = preview
        self.livereload_js = _livereload_js()
        self.socket = socket.socket(family, socket.SOCK_STREAM)
        try:
            self.socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            self.socket.bind(address)
            self.socket.listen(LISTEN_BACKLOG)
            self.socket.setblocking(False)
        except BaseException:
            self.socket.close()
            raise
        host, port = self.socket.getsockname()[:2]
        self.server_address = (str(host), int(port))
        self.server_port = int(port)
        self._workers = workers
        self._jobs: queue.SimpleQueue[_Connection | None] = queue.SimpleQueue()
        self._idle: deque[_Connection] = deque()  # handed back by workers, to be watched again
        self._wake_reader, self._wake_writer = socket.socketpair()
        self._wake_reader.setblocking(False)
        self._open: set[_Connection] = set()
        self._streams = 0
        self._lock = threading.Lock()
        self._stopping = False
        self._stopped = threading.Event()

    # -- the selector thread --------------------------------------------------------

    def serve_forever(self, poll_interval: float = 0.5) -> None:
        """Accept and dispatch until ``shutdown``; starts the worker threads."""
        for number in range(self._workers):
            threading.Thread(target=self._work, name=f"digest-http-{number}", daemon=True).start()
        selector = selectors.DefaultSelector()
        selector.register(self.socket, selectors.EVENT_READ, "accept")
        selector.register(self._wake_reader, selectors.EVENT_READ, "wake")
        next_sweep = time.monotonic() + 1
        try:
            while not self._stopping:
                for key, _ in selector.select(poll_interval):
                    if key.data == "accept":
                        self._accept(selector)
                    elif key.data == "wake":
                        self._watch_returned(selector)
                    else:
                        selector.unregister(key.fileobj)
                        self._jobs.put(key.data)
                if time.monotonic() > next_sweep:
                    self._close_idle(selector)
                    next_sweep = time.monotonic() + 1
        finally:
            for key in list(selector.get_map().values()):
                if isinstance(key.data, _Connection):
                    self._close(key.data)
            selector.close()
            for _ in range(self._workers):
                self._jobs.put(None)
            self._stopped.set()

    def _accept(self, selector: selectors.BaseSelector) -> None:
        for _ in range(LISTEN_BACKLOG):
            try:
                sock, address = self.socket.accept()
            except (BlockingIOError, InterruptedError):
                return
            except OSError:  # out of file descriptors, or the client already left
                return
            try:
                connection = _Connection(sock, address, self)
            except OSError:
                sock.close()
                continue
            with self._lock:
                self._open.add(connection)
            selector.register(sock, selectors.EVENT_READ, connection)

    def _watch_returned(self, selector: selectors.BaseSelector) -> None:
        with contextlib.suppress(OSError):
            while self._wake_reader.recv(4096):
                pass
        while self._idle:
            connection = self._idle.popleft()
            connection.idle_since = time.monotonic()
            try:
                selector.register(connection.socket, selectors.EVENT_READ, connection)
            except (ValueError, OSError):  # closed meanwhile (by close_connections)
                self._close(connection)

    def _close_idle(self, selector: selectors.BaseSelector) -> None:
        """Close keep-alive connections that sent nothing for ``KEEP_ALIVE`` seconds."""
        limit = time.monotonic() - KEEP_ALIVE
        for key in list(selector.get_map().values()):
            connection = key.data
            if isinstance(connection, _Connection) and connection.idle_since < limit:
                selector.unregister(key.fileobj)
                self._close(connection)

    # -- the worker threads ---------------------------------------------------------

    def _work(self) -> None:
        while (connection := self._jobs.get()) is not None:
            try:
                keep = connection.answer_one()
            except Exception:  # never let one request end a worker
                keep = False
            if connection.detached:
                continue  # an event stream: its own thread has it now
            if not keep or self._stopping:
                self._close(connection)
            elif connection.has_pending_request():
                self._jobs.put(connection)
            else:
                self._idle.append(connection)
                with contextlib.suppress(OSError):
                    self._wake_writer.send(b"x")

    def stream(self, connection: _Connection, write: Callable[[], None]) -> bool:
        """Run ``write`` (an event stream) on a thread of its own, then close the connection;
        False when ``MAX_STREAMS`` are open already."""
        with self._lock:
            if self._streams >= MAX_STREAMS or self._stopping:
                return False
            self._streams += 1
        connection.detached = True

        def run() -> None:
            try:
                with contextlib.suppress(OSError, ValueError):  # the tab was closed
                    write()
            finally:
                with self._lock:
                    self._streams -= 1
                self._close(connection)

        threading.Thread(target=run, name="digest-events", daemon=True).start()
        return True

    def _close(self, connection: _Connection) -> None:
        with self._lock:
            self._open.discard(connection)
        connection.close()

    # -- stopping -------------------------------------------------------------------

    def shutdown(self) -> None:
        """Make ``serve_forever`` return; waits for it."""
        self._stopping = True
        with contextlib.suppress(OSError):
            self._wake_writer.send(b"x")
        self._stopped.wait(5)

    def close_connections(self) -> None:
        """End every open connection (idle keep-alives, requests being answered, event
        streams), so that the threads on them finish at once."""
        self._stopping = True
        with self._lock:
            connections = list(self._open)
        for connection in connections:
            connection.shut_down()

    def server_close(self) -> None:
        """Close the listening socket: the port is free again."""
        self._stopping = True
        self.socket.close()
        self._wake_reader.close()
        self._wake_writer.close()


class _Connection:
    """One client connection and its request handler, kept across the requests it sends."""

    def __init__(self, sock: socket.socket, address: Any, server: PreviewHTTPServer):
        self.socket = sock
        self.idle_since = time.monotonic()
        self.detached = False  # an event stream's thread owns it
        sock.setblocking(True)
        self.handler = PreviewHandler(sock, address, server, self)

    def answer_one(self) -> bool:
        """Read and answer one request; True if the connection stays open for another."""
        handler = self.handler
        handler.close_connection = True
        with contextlib.suppress(ConnectionError, TimeoutError):  # the client left mid-response: not an error
            handler.handle_one_request()
            return not handler.close_connection
        return False

    def has_pending_request(self) -> bool:
        """True if bytes of a next request were already read (into the handler's buffer) or are waiting."""
        try:
            self.socket.setblocking(False)
            try:
                rfile = self.handler.rfile
                return isinstance(rfile, io.BufferedReader) and bool(rfile.peek(1))
            finally:
                self.socket.settimeout(self.handler.timeout)
        except (OSError, ValueError):
            return False

    def shut_down(self) -> None:
        """End the connection with a reset, so that no TIME_WAIT keeps the port after the
        server stops; the shutdown wakes a thread blocked on it."""
        with contextlib.suppress(OSError):
            self.socket.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.socket.shutdown(socket.SHUT_RDWR)

    def close(self) -> None:
        with contextlib.suppress(OSError, ValueError):
            self.handler.finish()
        with contextlib.suppress(OSError):
            self.socket.close()


class PreviewHandler(BaseHTTPRequestHandler):
    """Answers the requests of one connection, one ``handle_one_request`` at a time (the
    server's workers call it; the connection waits in the selector in between)."""

    httpd: PreviewHTTPServer
    protocol_version = "HTTP/1.1"
    timeout = REQUEST_TIMEOUT
    disable_nagle_algorithm = True  # else a small body waits ~40 ms behind its headers (delayed ACK)

    def __init__(self, request: socket.socket, client_address: Any, server: PreviewHTTPServer, connection: _Connection):
        # Not BaseRequestHandler.__init__, which would answer every request of the connection at once.
        self.request = request
        self.client_address = client_address
        self.httpd = server
        self._connection = connection
        self.setup()

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
        preview = self.httpd.preview
        route = self.path.split("?", 1)[0]
        if not self._host_allowed():
            self._send_text(HTTPStatus.BAD_REQUEST, "Bad request: the preview answers to 127.0.0.1 and localhost only.")
        elif preview.live_reload and route == SCRIPT_PATH:
            self._send_bytes(HTTPStatus.OK, "text/javascript; charset=utf-8", self.httpd.livereload_js, send_body)
        elif preview.live_reload and route == EVENTS_PATH:
            self._send_events(send_body)
        else:
            self._send_site(preview.current_state(), send_body)

    def _host_allowed(self) -> bool:
        """Whether the request names this machine (a preview bound to it only): a web page
        elsewhere that makes its own name point here (DNS rebinding) cannot read the preview."""
        try:
            bound = self.httpd.server_address
            address = bound[0] if isinstance(bound, tuple) else ""
            if not ipaddress.ip_address(str(address).split("%")[0]).is_loopback:
                return True  # (--host 0.0.0.0: served to the network, by whatever name)
        except ValueError:
            return True
        host = (self.headers.get("Host") or "").strip().lower()
        name = host[1 : host.find("]")] if host.startswith("[") else host.rsplit(":", 1)[0]
        return not host or names_this_machine(name)

    def _send_site(self, state: SiteState, send_body: bool) -> None:
        root = self.httpd.preview.output_dir
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
        page = not_found_page(self.httpd.preview.output_dir)
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
            size = _file_size(file)
            # (no validators are sent, so a conditional range cannot be checked: the whole file)
            span = byte_range(self.headers.get("Range"), size) if "If-Range" not in self.headers else None
            if span is UNSATISFIABLE:
                self.send_response(HTTPStatus.REQUESTED_RANGE_NOT_SATISFIABLE)
                self.send_header("Content-Range", f"bytes */{size}")
                self._send_headers("text/plain; charset=utf-8", 0, "no-cache")
                return
            if span is None:
                self.send_response(HTTPStatus.OK)
                self.send_header("Accept-Ranges", "bytes")
                self._send_headers(kind, size, "no-cache")
                if send_body:
                    shutil.copyfileobj(file, self.wfile, CHUNK)
                return
            first, last = span
            self.send_response(HTTPStatus.PARTIAL_CONTENT)
            self.send_header("Accept-Ranges", "bytes")
            self.send_header("Content-Range", f"bytes {first}-{last}/{size}")
            self._send_headers(kind, last - first + 1, "no-cache")
            if send_body:
                _copy_span(file, self.wfile, first, last - first + 1)

    def _decorate(self, html: bytes, state: SiteState) -> bytes:
        preview = self.httpd.preview
        overlay = render_overlay(state.errors, state.built, preview.live_reload) if state.errors else ""
        script = render_script_tag(preview.server_id, state.version, state.base_path) if preview.live_reload else ""
        return inject(html, overlay + script)

    def _send_events(self, send_body: bool) -> None:
        self.close_connection = True  # the stream ends when the connection does
        if not send_body:
            self._send_event_head()
        elif not self.httpd.stream(self._connection, self._stream_events):
            self._send_text(HTTPStatus.SERVICE_UNAVAILABLE, "Too many open event streams; close some tabs.")

    def _send_event_head(self) -> None:
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.send_header("Connection", "close")
        self.end_headers()

    def _stream_events(self) -> None:
        """Runs on the stream's own thread until the server stops or the client leaves."""
        self._send_event_head()
        for message in self.httpd.preview.events():
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


UNSATISFIABLE = (-1, -1)


def byte_range(header: str | None, size: int) -> tuple[int, int] | None:
    """The first and last byte a ``Range`` header asks of a file of ``size`` bytes (RFC 9110
    14.2); ``UNSATISFIABLE`` when none of the file lies in it; None (the whole file) without
    one, for several ranges at once, or for a header that is not a byte range."""
    if header is None:
        return None
    unit, _, spec = header.partition("=")
    if unit.strip().lower() != "bytes" or "," in spec:
        return None
    first_text, dash, last_text = spec.strip().partition("-")
    first_text, last_text = first_text.strip(), last_text.strip()
    if not dash or not all(text.isascii() and text.isdigit() for text in (first_text or "0", last_text or "0")):
        return None
    if not first_text:  # the last n bytes
        if not last_text or int(last_text) == 0 or size == 0:
            return UNSATISFIABLE if last_text else None
        return max(size - int(last_text), 0), size - 1
    first = int(first_text)
    if last_text and int(last_text) < first:
        return None
    if first >= size:
        return UNSATISFIABLE
    return first, min(int(last_text), size - 1) if last_text else size - 1


def _copy_span(file: Any, out: Any, first: int, length: int) -> None:
    file.seek(first)
    while length > 0:
        chunk = file.read(min(CHUNK, length))
        if not chunk:  # the file got shorter since: the client sees a short response
            return
        out.write(chunk)
        length -= len(chunk)
