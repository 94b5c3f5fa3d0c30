"""Download a page or feed: the only module of ``digest`` that touches the network.

Every request has a timeout (for connecting and for the whole download), a size limit and
a User-Agent that names ``digest`` and its version.  Only http and https URLs are fetched.
Failures become ``SourceFailed`` with a reason a user can act on.
"""

from __future__ import annotations

import http.client
import socket
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from email.message import Message
from typing import IO

from digest import __version__
from digest.importer.limits import DEFAULT_TIMEOUT, MAX_BYTES
from digest.importer.record import SourceFailed

PROJECT_URL = "https://pypi.org/project/digest/"
USER_AGENT = f"digest/{__version__} (+{PROJECT_URL})"
_CHUNK = 64 * 1024
_ACCEPT = "text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,application/xml;q=0.9,*/*;q=0.5"


@dataclass(frozen=True)
class Fetched:
    """A downloaded document: its final URL (after redirects), bytes and declared charset."""

    url: str
    data: bytes
    content_type: str = ""
    charset: str | None = None


def is_url(source: str) -> bool:
    """Whether a command-line source names something to download rather than a file."""
    return source.lower().startswith(("http://", "https://"))


def fetch_url(url: str, timeout: float = DEFAULT_TIMEOUT, max_bytes: int = MAX_BYTES) -> Fetched:
    """GET ``url``; SourceFailed when it is unreachable, too slow, too big or not a 2xx."""
    if not is_url(url):
        raise SourceFailed("only http:// and https:// URLs can be fetched")
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": _ACCEPT})
    opener = urllib.request.build_opener(_HttpOnlyRedirects)
    try:
        with opener.open(request, timeout=timeout) as response:
            data = _read_limited(response, max_bytes, time.monotonic() + timeout)
            headers: Message = response.headers
            return Fetched(response.geturl(), data, headers.get_content_type(), headers.get_content_charset())
    except urllib.error.HTTPError as error:
        raise SourceFailed(f"cannot fetch: HTTP {error.code} {error.reason}") from None
    except urllib.error.URLError as error:
        raise SourceFailed(f"cannot fetch: {_reason(error.reason)}") from None
    except TimeoutError:
        raise SourceFailed(f"cannot fetch: no answer within {timeout:g} seconds") from None
    except (OSError, ValueError) as error:
        raise SourceFailed(f"cannot fetch: {_reason(error)}") from None


class _HttpOnlyRedirects(urllib.request.HTTPRedirectHandler):
    """Follow redirects to http and https only (urllib would also follow one to ftp)."""

    def redirect_request(
        self,
        req: urllib.request.Request,
        fp: IO[bytes],
        code: int,
        msg: str,
        headers: http.client.HTTPMessage,
        newurl: str,
    ) -> urllib.request.Request | None:
        if not is_url(newurl):
            raise urllib.error.HTTPError(newurl, code, f"redirect to a non-http URL {newurl!r}", headers, fp)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _read_limited(response: http.client.HTTPResponse, max_bytes: int, deadline: float) -> bytes:
    length = response.headers.get("Content-Length")
    if length and length.isdigit() and int(length) > max_bytes:
        raise SourceFailed(f"cannot fetch: larger than the {_size(max_bytes)} limit")
    chunks: list[bytes] = []
    received = 0
    while chunk := response.read(_CHUNK):
        received += len(chunk)
        if received > max_bytes:
            raise SourceFailed(f"cannot fetch: larger than the {_size(max_bytes)} limit")
        if time.monotonic() > deadline:
            raise TimeoutError
        chunks.append(chunk)
    return b"".join(chunks)


def _reason(reason: object) -> str:
    if isinstance(reason, (TimeoutError, socket.timeout)):
        return "timed out"
    if isinstance(reason, ConnectionRefusedError):
        return "connection refused"
    if isinstance(reason, socket.gaierror):
        return "unknown host"
    return str(getattr(reason, "strerror", None) or reason)


def _size(count: int) -> str:
    return f"{count / 1024 / 1024:g} MB" if count >= 1024 * 1024 else f"{count} bytes"
