"""Download a page or feed: the only module of ``digest`` that touches the network.

Every download is bounded:

- one **deadline** for the whole download (name lookup, connecting, every redirect, the
  headers and the body): a watchdog closes the connection when it passes, so a server that
  drips a byte at a time is stopped on time, not after its last byte;
- a **size limit**, checked against ``Content-Length`` and while reading;
- **redirects** go to http and https only, at most ``MAX_REDIRECTS`` of them, and never to a
  loopback, private, link-local or otherwise non-public address, unless it is the very
  service (address and port) the user named: importing ``http://127.0.0.1:8000/x`` may be
  redirected within ``127.0.0.1:8000``, not to another port or host.  The address checked is
  the address connected to, so a name that resolves differently the second time changes
  nothing.

A User-Agent names ``digest`` and its version.  Failures become ``SourceFailed`` with a reason
a user can act on.
"""

from __future__ import annotations

import contextlib
import http.client
import ipaddress
import socket
import ssl
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from email.message import Message
from urllib.parse import urljoin, urlsplit

from digest import __version__
from digest.importer.limits import DEFAULT_TIMEOUT, MAX_BYTES, describe_size, unpacked
from digest.importer.record import SourceFailed

PROJECT_URL = "https://pypi.org/project/digest/"
USER_AGENT = f"digest/{__version__} (+{PROJECT_URL})"
MAX_REDIRECTS = 10
_CHUNK = 64 * 1024
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_ACCEPT = "text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,application/xml;q=0.9,*/*;q=0.5"


@dataclass(frozen=True)
class Fetched:
    """A downloaded document: its final URL (after redirects), bytes and declared charset."""

    url: str
    data: bytes
    content_type: str = ""
    charset: str | None = None


@dataclass(frozen=True)
class _Target:
    """Where one request goes: the URL's parts and the address to connect to."""

    scheme: str
    host: str
    port: int
    path: str
    addresses: tuple[str, ...]


class Expired(Exception):
    """The deadline passed (a ``Watchdog``'s)."""


def is_url(source: str) -> bool:
    """Whether a command-line source names something to download rather than a file."""
    return source.lower().startswith(("http://", "https://"))


def fetch_url(
    url: str, timeout: float = DEFAULT_TIMEOUT, max_bytes: int = MAX_BYTES, named: str | None = None
) -> Fetched:
    """GET ``url`` within ``timeout`` seconds in all; SourceFailed when that cannot be done.

    ``named`` is the source the user named when ``url`` came from elsewhere (a feed entry's
    link): only that source's own service may be at a non-public address.
    """
    if not is_url(url):
        raise SourceFailed("only http:// and https:// URLs can be fetched")
    deadline = time.monotonic() + timeout
    try:
        with Watchdog(deadline) as watchdog:
            return _fetch(url, named or url, max_bytes, deadline, watchdog)
    except Expired:
        raise SourceFailed(f"cannot fetch: no answer within {timeout:g} seconds") from None


def _fetch(url: str, named: str, max_bytes: int, deadline: float, watchdog: Watchdog) -> Fetched:
    trusted = _trusted_service(named, deadline)
    for _hop in range(MAX_REDIRECTS + 1):
        target = _target(url, deadline)
        _check_address(url, target, trusted)
        connection = _connect(target, deadline, watchdog)
        try:
            response = _request(connection, target, watchdog)
            location = response.getheader("Location")
            if response.status in _REDIRECTS and location:
                url = _redirect_target(url, location, response.status)
                continue
            if response.status >= 400:
                raise SourceFailed(f"cannot fetch: HTTP {response.status} {response.reason}")
            data = _read_limited(response, max_bytes, watchdog)
            if response.getheader("Content-Encoding", "").strip().lower() in ("gzip", "x-gzip"):
                data = unpacked(data, max_bytes)
            headers: Message = response.msg
            return Fetched(url, data, headers.get_content_type(), headers.get_content_charset())
        finally:
            connection.close()
    raise SourceFailed(f"cannot fetch: more than {MAX_REDIRECTS} redirects")


def _redirect_target(url: str, location: str, status: int) -> str:
    target = urljoin(url, location.strip())
    if not is_url(target):
        raise SourceFailed(f"cannot fetch: HTTP {status} redirect to a non-http URL {target!r}")
    return target


# -- addresses --------------------------------------------------------------------------------


def _target(url: str, deadline: float) -> _Target:
    parts = urlsplit(url)
    try:
        port = parts.port or (443 if parts.scheme.lower() == "https" else 80)
    except ValueError:
        raise SourceFailed(f"cannot fetch: not a valid port in {url!r}") from None
    host = parts.hostname
    if not host:
        raise SourceFailed(f"cannot fetch: no host in {url!r}")
    path = parts.path or "/"
    if parts.query:
        path = f"{path}?{parts.query}"
    return _Target(parts.scheme.lower(), host, port, path, _resolve(host, port, deadline))


def _resolve(host: str, port: int, deadline: float) -> tuple[str, ...]:
    """The host's addresses, looked up in a thread so that a slow resolver cannot pass the deadline."""
    found: list[tuple[str, ...]] = []
    failure: list[BaseException] = []

    def look_up() -> None:
        try:
            infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
            found.append(tuple(dict.fromkeys(str(info[4][0]) for info in infos)))
        except (OSError, UnicodeError) as error:
            failure.append(error)

    worker = threading.Thread(target=look_up, daemon=True)
    worker.start()
    worker.join(max(0.0, deadline - time.monotonic()))
    if worker.is_alive():
        raise Expired
    if failure or not found or not found[0]:
        raise SourceFailed(f"cannot fetch: unknown host {host!r}")
    return found[0]


def _trusted_service(named: str, deadline: float) -> tuple[frozenset[str], int] | None:
    """The addresses and port of the service the user named (None when the URL has no host)."""
    parts = urlsplit(named)
    try:
        port = parts.port or (443 if parts.scheme.lower() == "https" else 80)
    except ValueError:
        return None
    if not parts.hostname:
        return None
    try:
        return frozenset(_resolve(parts.hostname, port, deadline)), port
    except SourceFailed:
        return None


def _check_address(url: str, target: _Target, trusted: tuple[frozenset[str], int] | None) -> None:
    if all(is_public_address(address) for address in target.addresses):
        return
    if trusted is not None and target.port == trusted[1] and set(target.addresses) <= trusted[0]:
        return
    address = next(address for address in target.addresses if not is_public_address(address))
    raise SourceFailed(
        f"cannot fetch {url}: refused: {target.host} is at a loopback, private or local address ({address});"
        " only a source you name yourself may be at such an address"
    )


def is_public_address(text: str) -> bool:
    """Whether an IP address is one of the public internet (not loopback, private, link-local...)."""
    try:
        address = ipaddress.ip_address(text.split("%", 1)[0])
    except ValueError:
        return False
    if isinstance(address, ipaddress.IPv6Address):
        embedded = address.ipv4_mapped or address.sixtofour or (address.teredo or (None, None))[1]
        if embedded is not None:
            return is_public_address(str(embedded))
    return address.is_global and not address.is_multicast


# -- one request ------------------------------------------------------------------------------


class Watchdog:
    """Shuts the current connection's socket down when the deadline passes.

    Also ``digest check --external``'s: one deadline per outside link.
    """

    def __init__(self, deadline: float):
        self.deadline = deadline
        self.expired = False
        self._socket: socket.socket | None = None
        self._lock = threading.Lock()
        self._timer = threading.Timer(max(0.0, deadline - time.monotonic()), self._expire)
        self._timer.daemon = True

    def __enter__(self) -> Watchdog:
        self._timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._timer.cancel()

    def remaining(self) -> float:
        left = self.deadline - time.monotonic()
        if left <= 0 or self.expired:
            raise Expired
        return left

    def watch(self, sock: socket.socket | None) -> None:
        with self._lock:
            self._socket = sock
            if self.expired:
                raise Expired

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            if self._socket is not None:
                with contextlib.suppress(OSError):
                    self._socket.shutdown(socket.SHUT_RDWR)

    @contextlib.contextmanager
    def guard(self) -> Iterator[None]:
        """Turn a failure caused by the watchdog's shutdown into ``Expired``."""
        try:
            yield
        except (OSError, http.client.HTTPException, ValueError):
            if self.expired or time.monotonic() >= self.deadline:
                raise Expired from None
            raise
        if self.expired:
            raise Expired


class _PinnedHTTPConnection(http.client.HTTPConnection):
    """An HTTP connection to an address checked beforehand (the Host header keeps the name)."""

    def __init__(self, target: _Target, timeout: float):
        super().__init__(target.host, target.port, timeout=timeout)
        self.addresses = target.addresses

    def _open_socket(self) -> socket.socket:
        failure: OSError | None = None
        for address in self.addresses:
            try:
                return socket.create_connection((address, self.port), self.timeout)
            except OSError as error:
                failure = error
        raise failure or OSError("no address to connect to")

    def connect(self) -> None:
        self.sock = self._open_socket()


class _PinnedHTTPSConnection(_PinnedHTTPConnection):
    def __init__(self, target: _Target, timeout: float):
        super().__init__(target, timeout)
        self.tls = ssl.create_default_context()

    def connect(self) -> None:
        self.sock = self.tls.wrap_socket(self._open_socket(), server_hostname=self.host)


def _connect(target: _Target, deadline: float, watchdog: Watchdog) -> _PinnedHTTPConnection:
    kind = _PinnedHTTPSConnection if target.scheme == "https" else _PinnedHTTPConnection
    connection = kind(target, watchdog.remaining())
    try:
        with watchdog.guard():
            connection.connect()
            watchdog.watch(connection.sock)
    except (OSError, http.client.HTTPException) as error:
        connection.close()
        raise SourceFailed(f"cannot fetch: {_reason(error)}") from None
    return connection


def _request(connection: _PinnedHTTPConnection, target: _Target, watchdog: Watchdog) -> http.client.HTTPResponse:
    try:
        with watchdog.guard():
            headers = {"User-Agent": USER_AGENT, "Accept": _ACCEPT, "Accept-Encoding": "gzip"}
            connection.request("GET", target.path, headers=headers)
            return connection.getresponse()
    except (OSError, http.client.HTTPException, ValueError) as error:
        raise SourceFailed(f"cannot fetch: {_reason(error)}") from None


def _read_limited(response: http.client.HTTPResponse, max_bytes: int, watchdog: Watchdog) -> bytes:
    length = response.getheader("Content-Length", "")
    if length.isdigit() and int(length) > max_bytes:
        raise SourceFailed(f"cannot fetch: larger than the {describe_size(max_bytes)} limit")
    chunks: list[bytes] = []
    received = 0
    try:
        with watchdog.guard():
            while chunk := response.read1(_CHUNK):
                received += len(chunk)
                if received > max_bytes:
                    raise SourceFailed(f"cannot fetch: larger than the {describe_size(max_bytes)} limit")
                chunks.append(chunk)
    except (OSError, http.client.HTTPException) as error:
        raise SourceFailed(f"cannot fetch: {_reason(error)}") from None
    return b"".join(chunks)


def _reason(reason: object) -> str:
    if isinstance(reason, (TimeoutError, socket.timeout)):
        return "timed out"
    if isinstance(reason, ConnectionRefusedError):
        return "connection refused"
    if isinstance(reason, socket.gaierror):
        return "unknown host"
    if isinstance(reason, ssl.SSLCertVerificationError):
        return f"certificate not valid: {reason.verify_message}"
    if isinstance(reason, http.client.IncompleteRead):
        return "the answer was cut short"
    if isinstance(reason, http.client.RemoteDisconnected):
        return "the server closed the connection without an answer"
    return str(getattr(reason, "strerror", None) or reason or type(reason).__name__)
