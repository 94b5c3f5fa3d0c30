"""``digest check --external``: do the site's outside links still answer?

Each distinct URL is asked once: ``HEAD`` first, then ``GET`` when ``HEAD`` fails (some
servers refuse it), following redirects, within one deadline per URL: a watchdog (the
importer's) shuts the connection down when it passes, so a server that trickles its answer a
byte at a time takes no longer than one that does not answer.  Requests run concurrently (at most
``MAX_WORKERS``) but never more than ``PER_HOST`` at a time against one host, so a news site
with hundreds of links is not hammered.  Failures are warnings: the outside web is flaky, and
a story's source going away is no reason to stop publishing (``--strict`` makes them count).
"""

from __future__ import annotations

import http.client
import socket
import ssl
import threading
import time
from collections import defaultdict
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from itertools import chain, zip_longest
from typing import IO, Any
from urllib.error import HTTPError, URLError
from urllib.parse import quote, urlsplit, urlunsplit
from urllib.request import HTTPHandler, HTTPRedirectHandler, HTTPSHandler, Request, build_opener

from digest import __version__
from digest.check.problems import WARNING, Problem
from digest.check.scan import Reference
from digest.check.sources import Placer, SourceIndex, link_candidates
from digest.importer.fetch import Expired, Watchdog

USER_AGENT = f"digest/{__version__} link check"
DEFAULT_TIMEOUT = 10.0
MAX_WORKERS = 16
PER_HOST = 2


@dataclass(frozen=True)
class UrlStatus:
    url: str
    ok: bool
    detail: str = ""  # why not: "404 Not Found", "timed out after 10 s", "connection refused"


class _KeepMethodRedirect(HTTPRedirectHandler):
    """Follow redirects with the same method (urllib turns a redirected HEAD into GET)."""

    def redirect_request(
        self, req: Request, fp: IO[bytes], code: int, msg: str, headers: Any, newurl: str
    ) -> Request | None:
        new = super().redirect_request(req, fp, code, msg, headers, newurl)
        if new is not None:
            new.method = req.get_method()
        return new


def check_urls(
    urls: Iterable[str], timeout: float = DEFAULT_TIMEOUT, workers: int = MAX_WORKERS, per_host: int = PER_HOST
) -> dict[str, UrlStatus]:
    """The status of every distinct URL, asked concurrently within the per-host limit."""
    unique = list(dict.fromkeys(urls))
    if not unique:
        return {}
    limits = {host: threading.BoundedSemaphore(per_host) for host in map(_host, unique)}

    def limited(url: str) -> UrlStatus:
        with limits[_host(url)]:
            return probe(url, timeout)

    with ThreadPoolExecutor(max_workers=min(workers, len(unique)), thread_name_prefix="digest-check") as pool:
        return {status.url: status for status in pool.map(limited, _interleave_hosts(unique))}


def probe(url: str, timeout: float) -> UrlStatus:
    """Ask one URL: HEAD, then GET if HEAD is refused or fails oddly; both within ``timeout`` in all."""
    try:
        with Watchdog(time.monotonic() + timeout) as watchdog:
            return _probe(url, timeout, watchdog)
    except Expired:
        return UrlStatus(url, False, f"timed out after {timeout:g} s")


def _probe(url: str, timeout: float, watchdog: Watchdog) -> UrlStatus:
    try:
        code, reason = _fetch(url, "HEAD", watchdog)
    except Expired:
        raise
    except (http.client.HTTPException, ConnectionResetError):
        code, reason = 0, ""  # some servers drop HEAD requests: try GET
    except Exception as error:
        return UrlStatus(url, False, describe_failure(error, timeout))
    if code == 0 or code >= 300:
        try:
            code, reason = _fetch(url, "GET", watchdog)
        except Expired:
            raise
        except Exception as error:
            return UrlStatus(url, False, describe_failure(error, timeout))
    if code == 429:  # "too many requests": the server is busy, not the link broken
        return UrlStatus(url, True, "")
    if 300 <= code < 400:  # a redirect that was not followed (its reason says why)
        return UrlStatus(url, False, f"{code} {reason}")
    return UrlStatus(url, code < 400, f"{code} {reason}".strip() if code >= 400 else "")


def _fetch(url: str, method: str, watchdog: Watchdog) -> tuple[int, str]:
    """Status and reason; ``Expired`` when the watchdog cut the request short."""
    request = Request(_requestable(url), method=method, headers={"User-Agent": USER_AGENT, "Accept": "*/*"})
    opener = build_opener(_KeepMethodRedirect, _WatchedHTTPHandler(watchdog), _WatchedHTTPSHandler(watchdog))
    with watchdog.guard():
        try:
            with opener.open(request, timeout=watchdog.remaining()) as response:
                return int(response.status), str(response.reason)
        except HTTPError as error:
            error.close()
            return error.code, _reason(error)


def _reason(error: HTTPError) -> str:
    """The status's reason on one line; for a redirect not followed, why it leads nowhere.

    urllib gives a redirect it stopped following (a loop, or more than ten) a reason of three
    lines, its explanation before the status text: that becomes a few words after it.
    """
    reason = str(error.reason)
    looped = reason.startswith(HTTPRedirectHandler.inf_msg)
    reason = " ".join(reason.removeprefix(HTTPRedirectHandler.inf_msg).split())
    if not 300 <= error.code < 400:
        return reason
    if looped:
        why = f"redirects in a loop, or more than {HTTPRedirectHandler.max_redirections}"
    elif error.headers is None or not error.headers.get("Location"):
        why = "a redirect without a Location"
    else:
        why = "a redirect not followed"
    return f"{reason}: {why}" if reason else why


def _watched(kind: type[http.client.HTTPConnection], watchdog: Watchdog) -> type[http.client.HTTPConnection]:
    """``kind`` of connection whose socket ``watchdog`` shuts down when the deadline passes."""

    class Watched(kind):  # type: ignore[valid-type,misc]
        def connect(self) -> None:
            super().connect()
            watchdog.watch(self.sock)

    return Watched


class _WatchedHTTPHandler(HTTPHandler):
    def __init__(self, watchdog: Watchdog):
        super().__init__()
        self.connection = _watched(http.client.HTTPConnection, watchdog)

    def http_open(self, req: Request) -> http.client.HTTPResponse:
        return self.do_open(self.connection, req)


class _WatchedHTTPSHandler(HTTPSHandler):
    def __init__(self, watchdog: Watchdog):
        super().__init__()
        self.connection = _watched(http.client.HTTPSConnection, watchdog)

    def https_open(self, req: Request) -> http.client.HTTPResponse:
        return self.do_open(self.connection, req)  # the default TLS context, as urllib uses


def _requestable(url: str) -> str:
    """The URL with spaces and non-ASCII characters percent-encoded, as a browser sends it."""
    parts = urlsplit(url)
    path = quote(parts.path, safe="/%:@!$&'()*+,;=~")
    query = quote(parts.query, safe="/%:@!$&'()*+,;=~?")
    return urlunsplit((parts.scheme, parts.netloc, path, query, ""))


def describe_failure(error: BaseException, timeout: float) -> str:
    reason: object = error.reason if isinstance(error, URLError) else error
    if isinstance(reason, TimeoutError):
        return f"timed out after {timeout:g} s"
    if isinstance(reason, socket.gaierror):
        return "host not found"
    if isinstance(reason, ConnectionRefusedError):
        return "connection refused"
    if isinstance(reason, ssl.SSLError | ssl.CertificateError):
        return f"TLS error: {reason}"
    if isinstance(reason, http.client.HTTPException | ConnectionError):
        return f"connection failed: {reason or type(reason).__name__}"
    if isinstance(reason, ValueError):
        return f"not a valid URL: {reason}"
    return f"{type(reason).__name__}: {reason}" if str(reason) else type(reason).__name__


def _host(url: str) -> str:
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""


def _interleave_hosts(urls: list[str]) -> Iterator[str]:
    """URLs in turn from each host, so that waiting for one host does not hold up the others."""
    by_host: dict[str, list[str]] = defaultdict(list)
    for url in urls:
        by_host[_host(url)].append(url)
    return (url for url in chain.from_iterable(zip_longest(*by_host.values())) if url is not None)


def external_problems(
    links: dict[str, list[tuple[str, Reference]]], statuses: dict[str, UrlStatus], sources: SourceIndex
) -> list[Problem]:
    """One warning per place a failing URL is written (a content line, else an output page)."""
    placer = Placer(sources, shown=True)
    for url, places in links.items():
        status = statuses.get(url)
        if status is None or status.ok:
            continue
        for page, reference in places:
            message = f"{reference.describe(url)} failed: {' '.join(status.detail.split())}"  # one line
            placer.add(page, link_candidates(reference.value), message, WARNING)
    return placer.finish()
