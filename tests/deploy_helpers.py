"""Deploy targets on this machine: a bare git repository and an S3 server (moto) on 127.0.0.1."""

from __future__ import annotations

import contextlib
import http.server
import os
import re
import socket
import subprocess
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def s3_server(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A moto S3 server on 127.0.0.1 with a bucket named 'site'; yields its endpoint URL."""
    import boto3
    from moto.server import ThreadedMotoServer

    for key, value in {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
                       "AWS_DEFAULT_REGION": "us-east-1"}.items():  # fmt: skip
        monkeypatch.setenv(key, value)
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    # moto keeps its buckets in the process: start each test from an empty store
    urllib.request.urlopen(urllib.request.Request(f"{endpoint}/moto-api/reset", method="POST"), timeout=10).close()
    boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1").create_bucket(Bucket="site")
    try:
        yield endpoint
    finally:
        server.stop()


def s3_objects(endpoint: str, bucket: str = "site") -> dict[str, dict[str, Any]]:
    """Every object in the bucket: key -> its headers (ContentType, CacheControl) and body."""
    import boto3

    client = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1")
    found = {}
    for item in client.list_objects_v2(Bucket=bucket).get("Contents", []):
        got = client.get_object(Bucket=bucket, Key=item["Key"])
        found[item["Key"]] = {"ContentType": got["ContentType"], "CacheControl": got.get("CacheControl"),
                              "Body": got["Body"].read()}  # fmt: skip
    return found


def bare_repository(path: Path) -> Path:
    subprocess.run(["git", "init", "--quiet", "--bare", str(path)], check=True)
    return path


def git(repository: Path, *args: str) -> str:
    done = subprocess.run(["git", "--git-dir", str(repository), *args], capture_output=True, text=True, check=True)
    return done.stdout


def refusing_deletes(endpoint: str) -> contextlib.AbstractContextManager[str]:
    """An endpoint in front of ``endpoint`` that answers every DeleteObjects as S3 answers a
    deploy user without s3:DeleteObject: 200, each key listed with AccessDenied."""
    return _refusing(endpoint, deletes=True)


def refusing_uploads(endpoint: str, ending: str) -> contextlib.AbstractContextManager[str]:
    """An endpoint in front of ``endpoint`` that refuses to store an object whose key ends
    with ``ending`` (403 AccessDenied), as a storage refuses an upload half-way."""
    return _refusing(endpoint, uploads_ending=ending)


def refusing_reads(endpoint: str) -> contextlib.AbstractContextManager[str]:
    """An endpoint in front of ``endpoint`` that answers every GET or HEAD of an object as S3
    answers a deploy user without s3:GetObject (403), and lets the rest through."""
    return _refusing(endpoint, reads=True)


@contextlib.contextmanager
def _refusing(
    endpoint: str, deletes: bool = False, uploads_ending: str | None = None, reads: bool = False
) -> Iterator[str]:
    class Handler(http.server.BaseHTTPRequestHandler):
        def forward(self) -> None:
            size = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(size) if size else None
            if reads and self.command in ("GET", "HEAD") and self.path.partition("?")[0].count("/") > 1:
                refused = b"<Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>"
                self.answer(403, {"Content-Type": "application/xml"}, b"" if self.command == "HEAD" else refused)
                return
            if self.command == "PUT" and uploads_ending and self.path.partition("?")[0].endswith(uploads_ending):
                refused = b"<Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>"
                self.answer(403, {"Content-Type": "application/xml"}, refused)
                return
            if deletes and self.command == "POST" and "delete" in self.path.partition("?")[2]:
                keys = re.findall(rb"<Key>(.*?)</Key>", body or b"")
                errors = b"".join(b"<Error><Key>%s</Key><Code>AccessDenied</Code></Error>" % key for key in keys)
                self.answer(200, {"Content-Type": "application/xml"}, b"<DeleteResult>" + errors + b"</DeleteResult>")
                return
            headers = {name: value for name, value in self.headers.items() if name.lower() != "host"}
            request = urllib.request.Request(endpoint + self.path, data=body, method=self.command, headers=headers)
            try:
                reply = urllib.request.urlopen(request, timeout=30)
            except urllib.error.HTTPError as error:
                reply = error
            data = reply.read()
            kept = {n: v for n, v in reply.headers.items() if n.lower() not in ("transfer-encoding", "content-length")}
            self.answer(reply.status, kept, b"" if self.command == "HEAD" else data, len(data))

        def answer(self, status: int, headers: dict[str, str], data: bytes, size: int | None = None) -> None:
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(data) if size is None else size))
            self.end_headers()
            self.wfile.write(data)

        do_GET = do_PUT = do_POST = do_HEAD = do_DELETE = forward

        def log_message(self, *args: Any) -> None:
            pass

    with _served(Handler) as address:
        yield address


@contextlib.contextmanager
def git_http_server(root: Path, authorization: str | None = None) -> Iterator[str]:
    """The repositories under ``root`` over smart HTTP on 127.0.0.1 (git http-backend, read by
    anyone, pushes taken from any user, or, with ``authorization``, refused (401) without that
    Authorization header, as GitHub's): yields the server's address, ``http://127.0.0.1:PORT``."""

    class Handler(http.server.BaseHTTPRequestHandler):
        def backend(self) -> None:
            pushing = "git-receive-pack" in self.path
            if pushing and authorization is not None and self.headers.get("Authorization") != authorization:
                self.send_response(401)
                self.send_header("WWW-Authenticate", 'Basic realm="git"')
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            path, _, query = self.path.partition("?")
            size = int(self.headers.get("Content-Length") or 0)
            environ = {
                "PATH": os.environ.get("PATH", ""),
                "GIT_PROJECT_ROOT": str(root),
                "GIT_HTTP_EXPORT_ALL": "1",
                "REMOTE_USER": "deploy",
                "REQUEST_METHOD": self.command,
                "PATH_INFO": urllib.parse.unquote(path),
                "QUERY_STRING": query,
                "CONTENT_TYPE": self.headers.get("Content-Type", ""),
                "CONTENT_LENGTH": str(size),
                "HTTP_CONTENT_ENCODING": self.headers.get("Content-Encoding", ""),
                "HTTP_GIT_PROTOCOL": self.headers.get("Git-Protocol", ""),
            }
            done = subprocess.run(
                ["git", "-c", "http.receivepack=true", "http-backend"],
                input=self.rfile.read(size), env=environ, capture_output=True, check=False,
            )  # fmt: skip
            head, _, body = done.stdout.partition(b"\r\n\r\n")
            lines = head.decode("latin-1").split("\r\n")
            status = next((line.split()[1] for line in lines if line.lower().startswith("status:")), "200")
            self.send_response(int(status))
            for line in lines:
                name, _, value = line.partition(":")
                if name.lower() not in ("status", "") and value:
                    self.send_header(name, value.strip())
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        do_GET = do_POST = backend

        def log_message(self, *args: Any) -> None:
            pass

    with _served(Handler) as address:
        yield address


@contextlib.contextmanager
def _served(handler: type[http.server.BaseHTTPRequestHandler]) -> Iterator[str]:
    """``handler`` answering on 127.0.0.1, on a port of its own, for the time of the block: its address."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
