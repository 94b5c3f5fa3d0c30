"""Helpers for the preview-server tests: sites, a stand-in builder, HTTP and SSE clients."""

from __future__ import annotations

import http.client
import json
import socket
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from digest.build import BuildResult
from digest.errors import BuildFailed, DigestError
from digest.serve import PreviewServer

SITE_CONFIG = 'title: Serve Test\nbase_url: "https://example.org/"\n'
ARTICLES = {
    "content/articles/2024-03-01-ankara-talks.md": """\
---
title: "Ankara talks resume"
date: 2024-03-01
topics: [Turkey, Politics]
---
The talks in Ankara resumed on Friday.
""",
    "content/articles/2024-03-02-istanbul-bridge.md": """\
---
title: "Istanbul opens a new bridge"
date: 2024-03-02
topics: [Turkey]
---
A third bridge now spans the Bosphorus.
""",
    "content/articles/2024-03-03-nato-summit.md": """\
---
title: "NATO summit ends"
date: 2024-03-03
topics: [Politics]
---
Leaders agreed on a statement.
""",
}


def write_site(folder: Path, files: dict[str, str], config: str = SITE_CONFIG) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "digest.yaml").write_text(config, encoding="utf-8")
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return folder


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")


@dataclass
class FakeBuilder:
    """Stands in for digest.build.Builder where only serving and watching are under test:
    writes ``files`` into the output folder and records every call (``calls``: the first
    build's and those told of changes; ``unchanged_calls``: those told that nothing changed)."""

    site_dir: Path
    output: Path
    files: dict[str, bytes]
    base_path: str = "/"
    errors: list[DigestError] = field(default_factory=list)  # set to make builds fail
    calls: list[list[Path] | None] = field(default_factory=list)
    unchanged_calls: int = 0
    seconds: float = 0.0  # how long each build takes
    waiting: Callable[[str], object] = print

    def build(self, changed: Iterable[Path] | None = None) -> BuildResult:
        told = None if changed is None else list(changed)
        if told == []:
            self.unchanged_calls += 1
        else:
            self.calls.append(told)
        time.sleep(self.seconds)
        if self.errors:
            raise BuildFailed(self.errors)
        written = []
        for name, data in self.files.items():
            path = self.output / name
            if not path.is_file() or path.read_bytes() != data:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(data)
                written.append(name)
        unchanged = len(self.files) - len(written)
        return BuildResult(self.output, tuple(written), (), unchanged, 0.0, (), self.base_path)

    def watched_paths(self) -> list[Path]:
        return [self.site_dir / "digest.yaml", self.site_dir / "content", self.site_dir / "templates"]


PAGE = "<!doctype html><html><head><title>{0}</title></head><body><h1>{0}</h1></body></html>"
FAKE_FILES = {
    "index.html": PAGE.format("Home").encode(),
    "404.html": PAGE.format("Nothing here").encode(),
    "topics/turkey/index.html": PAGE.format("Turkey").encode(),
    "café/index.html": PAGE.format("Café").encode(),
    "static/style.css": b"body { color: #222; }\n",
    "static/app.js": b"console.log('hi');\n",
    "static/big.bin": bytes(range(256)) * (32 * 1024),  # 8 MiB
    "feed.xml": b'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"/>\n',
    "data.json": b'{"a": 1}\n',
    "robots.txt": b"User-agent: *\n",
}


@dataclass(frozen=True)
class Response:
    status: int
    headers: dict[str, str]  # names lower-cased
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


def fetch(server: PreviewServer, target: str, method: str = "GET", timeout: float = 10) -> Response:
    """One request with http.client, which sends the target exactly as given."""
    connection = http.client.HTTPConnection("127.0.0.1", server.bound_port, timeout=timeout)
    try:
        connection.request(method, target)
        response = connection.getresponse()
        body = response.read()
        return Response(response.status, {k.lower(): v for k, v in response.getheaders()}, body)
    finally:
        connection.close()


def raw_request(port: int, request: bytes, timeout: float = 10) -> Response:
    """Send bytes as they are and read the answer until the server closes the connection."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as connection:
        connection.sendall(request)
        data = b""
        while chunk := connection.recv(65536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = dict(line.split(": ", 1) for line in lines[1:] if ": " in line)
    return Response(int(lines[0].split()[1]), {k.lower(): v for k, v in headers.items()}, body)


class EventStream:
    """A Server-Sent Events client for /__digest__/events of a server (or a port)."""

    def __init__(self, server: PreviewServer | int):
        port = server if isinstance(server, int) else server.bound_port
        self.socket = socket.create_connection(("127.0.0.1", port), timeout=10)
        self.socket.sendall(b"GET /__digest__/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        self.file = self.socket.makefile("rb")
        head = []
        while (line := self.file.readline()) not in (b"\r\n", b""):
            head.append(line.decode("latin-1").strip().lower())
        assert head[0].startswith("http/1.1 200"), head
        assert "content-type: text/event-stream" in head, head

    def next(self, timeout: float = 10, search: bool = False) -> tuple[str, dict[str, Any]]:
        """The next event (name, data), skipping keep-alive comments and, unless ``search``,
        the search index's ``search`` (it comes when the index is current, between builds)."""
        deadline = time.monotonic() + timeout
        name, data = "message", ""
        while time.monotonic() < deadline:
            self.socket.settimeout(max(0.05, deadline - time.monotonic()))
            line = self.file.readline().decode()
            if line == "":
                raise EOFError("the event stream ended")
            if line.startswith("event: "):
                name = line[7:].strip()
            elif line.startswith("data: "):
                data = line[6:].strip()
            elif line == "\n" and data:
                if name != "search" or search:
                    return name, json.loads(data)
                name, data = "message", ""
        raise TimeoutError("no event in time")

    def next_build(self, timeout: float = 10) -> tuple[str, dict[str, Any]]:
        """The next event that follows a build, skipping ``unchanged``."""
        while True:
            name, data = self.next(timeout)
            if name != "unchanged":
                return name, data

    def close(self) -> None:
        self.file.close()
        self.socket.close()


def wait_until(check: Callable[[], object], timeout: float = 10, interval: float = 0.02) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {getattr(check, '__name__', check)}")
        time.sleep(interval)


StartServer = Callable[..., PreviewServer]
FakeServer = Callable[..., tuple[PreviewServer, FakeBuilder]]
OpenEvents = Callable[[PreviewServer], EventStream]
