"""Helpers for the ``digest check`` tests: run the command as the CLI does; a local web server."""

from __future__ import annotations

import argparse
import http.server
import io
import threading
import time
from pathlib import Path

from digest.check import add_check_arguments, run_check
from digest.cli import main, make_parser
from tests.conftest import CliResult


def _cli_has_check() -> bool:
    parser = make_parser()
    for action in parser._subparsers._group_actions if parser._subparsers else ():
        if isinstance(action, argparse._SubParsersAction) and "check" in action.choices:
            return True
    return False


def run_check_command(site: Path, *args: str) -> CliResult:
    """``digest check -C site args…`` through the CLI, or through run_check until the CLI has it."""
    if _cli_has_check():
        out, err = io.StringIO(), io.StringIO()
        code = main(["check", "-C", str(site), *args], out=out, err=err)
        return CliResult(code, out.getvalue(), err.getvalue())
    parser = argparse.ArgumentParser(prog="digest check")
    add_check_arguments(parser)
    namespace = parser.parse_args(list(args))
    out, err = io.StringIO(), io.StringIO()
    report = run_check(namespace, site, out, err)
    return CliResult(report.exit_code(namespace.strict), out.getvalue(), err.getvalue())


class LinkServer:
    """A web server on 127.0.0.1 with a page (/ok), a 404 (/missing), a slow page (/slow), a page
    that refuses HEAD (/no-head), one that sends its headers a byte at a time (/trickle), and
    /count/… pages that record how many requests overlap."""

    def __init__(self, slow_seconds: float = 3.0, count_seconds: float = 0.3):
        self.slow_seconds = slow_seconds
        self.count_seconds = count_seconds
        self.lock = threading.Lock()
        self.active = 0
        self.max_active = 0
        self.requests: list[tuple[str, str, str]] = []  # (method, path, user agent)
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_HEAD(self) -> None:
                server.handle(self, "HEAD")

            def do_GET(self) -> None:
                server.handle(self, "GET")

            def log_message(self, format: str, *args: object) -> None:
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def handle(self, request: http.server.BaseHTTPRequestHandler, method: str) -> None:
        path = request.path
        with self.lock:
            self.requests.append((method, path, request.headers.get("User-Agent", "")))
        if path.startswith("/count/"):
            with self.lock:
                self.active += 1
                self.max_active = max(self.max_active, self.active)
            time.sleep(self.count_seconds)
            with self.lock:
                self.active -= 1
            status = 200
        elif path == "/slow":
            time.sleep(self.slow_seconds)
            status = 200
        elif path == "/no-head":
            status = 405 if method == "HEAD" else 200
        elif path in ("/moved", "/loop", "/nowhere"):
            request.send_response(301 if path == "/moved" else 302)
            if path != "/nowhere":  # (a redirect without a Location)
                request.send_header("Location", "/ok" if path == "/moved" else "/loop")
            request.send_header("Content-Length", "0")
            request.end_headers()
            return
        elif path == "/trickle":  # each byte well within any timeout, the headers never ending
            self.trickle(request)
            return
        elif path == "/busy":
            status = 429
        else:
            status = 200 if path in ("/ok", "/ok/", "/") else 404
        body = b"<!doctype html><title>x</title>" if status == 200 else b"not found"
        try:
            request.send_response(status)
            request.send_header("Content-Type", "text/html")
            request.send_header("Content-Length", str(len(body)))
            request.end_headers()
            if method == "GET":
                request.wfile.write(body)
        except OSError:  # the client gave up (a timeout test)
            pass

    def trickle(self, request: http.server.BaseHTTPRequestHandler, seconds: float = 30.0) -> None:
        started = time.monotonic()
        try:
            request.wfile.write(b"HTTP/1.1 200 OK\r\nX-Slow: ")
            while time.monotonic() - started < seconds:
                request.wfile.write(b"a")
                request.wfile.flush()
                time.sleep(0.1)
        except OSError:  # the client gave up
            pass

    def paths(self) -> list[str]:
        with self.lock:
            return [path for _, path, _ in self.requests]
