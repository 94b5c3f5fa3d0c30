"""The preview under load on 127.0.0.1: hundreds of concurrent keep-alive connections are all
answered, idle connections and open event streams never hold the threads that answer
requests, and the number of threads stays bounded."""

from __future__ import annotations

import asyncio
import http.client
import socket
import threading
import time

import pytest
from serve_helpers import FAKE_FILES, FakeServer, OpenEvents, fetch

import digest.serve.events as serve_events
import digest.serve.http as serve_http
from digest.serve import PreviewServer

PATHS = ["/", "/topics/turkey/", "/static/style.css", "/feed.xml", "/static/app.js", "/missing/"]
TIMEOUT = 2.0  # a request not answered in this time counts as a timeout (as wrk counts them)


async def one_response(reader: asyncio.StreamReader) -> tuple[int, bytes]:
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = dict(line.lower().split(": ", 1) for line in lines[1:] if ": " in line)
    body = await reader.readexactly(int(headers["content-length"]))
    return int(lines[0].split()[1]), body


async def client(port: int, number: int, seconds: float, start: asyncio.Event) -> list[str]:
    """Requests one after another on one keep-alive connection for ``seconds``; the problems met."""
    await start.wait()
    problems = []
    until = time.monotonic() + seconds
    reader, writer = await asyncio.wait_for(asyncio.open_connection("127.0.0.1", port), TIMEOUT)
    try:
        index = 0
        while time.monotonic() < until:
            path = PATHS[(number + index) % len(PATHS)]
            index += 1
            writer.write(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
            try:
                status, body = await asyncio.wait_for(one_response(reader), TIMEOUT)
            except TimeoutError:
                problems.append(f"timeout on {path}")
                break
            expected = 404 if path == "/missing/" else 200
            if status != expected or not body:
                problems.append(f"{path}: {status}")
    finally:
        writer.close()
    return problems


async def load(port: int, connections: int, seconds: float, threads: list[int] | None = None) -> list[str]:
    """Every connection's problems; ``threads`` gets the process's thread count under load."""
    start = asyncio.Event()
    tasks = [asyncio.create_task(client(port, number, seconds, start)) for number in range(connections)]
    await asyncio.sleep(0.05)
    start.set()
    if threads is not None:
        await asyncio.sleep(seconds / 2)
        threads.append(threading.active_count())
    outcomes = await asyncio.gather(*tasks, return_exceptions=True)
    return [problem for outcome in outcomes for problem in (outcome if isinstance(outcome, list) else [repr(outcome)])]


def test_two_hundred_concurrent_connections_get_every_answer_in_time(
    fake_server: FakeServer, events: OpenEvents
) -> None:
    server, _ = fake_server()
    streams = [events(server) for _ in range(20)]  # open tabs meanwhile
    threads: list[int] = []
    problems = asyncio.run(load(server.bound_port, connections=200, seconds=3, threads=threads))
    assert problems == []
    assert len(streams) == 20
    assert threads[0] < 100  # the pool, one per stream, the selector: not one per connection


def test_idle_keep_alive_connections_do_not_hold_the_workers(fake_server: FakeServer) -> None:
    server, _ = fake_server()
    idle = []
    for _ in range(serve_http.WORKERS * 4):
        connection = http.client.HTTPConnection("127.0.0.1", server.bound_port, timeout=10)
        connection.request("GET", "/static/style.css")
        assert connection.getresponse().read() == FAKE_FILES["static/style.css"]
        idle.append(connection)  # kept open, sending nothing
    started = time.monotonic()
    assert fetch(server, "/", timeout=5).status == 200
    assert time.monotonic() - started < 2
    for connection in idle:  # and each of them is still served
        connection.request("GET", "/robots.txt")
        assert connection.getresponse().read() == FAKE_FILES["robots.txt"]
        connection.close()


def test_open_event_streams_do_not_hold_the_workers(fake_server: FakeServer, events: OpenEvents) -> None:
    server, _ = fake_server()
    streams = [events(server) for _ in range(serve_http.WORKERS * 4)]
    started = time.monotonic()
    assert fetch(server, "/", timeout=5).status == 200
    assert time.monotonic() - started < 2
    server._hub.publish("unchanged", {"version": 0})
    assert all(stream.next() == ("unchanged", {"version": 0}) for stream in streams)


def test_too_many_event_streams_get_503(fake_server: FakeServer, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(serve_http, "MAX_STREAMS", 2)
    monkeypatch.setattr(serve_events, "KEEPALIVE_SECONDS", 0.1)  # a closed stream is noticed at the next write
    server, _ = fake_server()
    held = [_open_stream(server) for _ in range(2)]
    assert _stream_status(server) == 503
    held[0].close()
    deadline = time.monotonic() + 5
    while _stream_status(server) != 200:
        assert time.monotonic() < deadline, "a closed stream's place was never given back"
        time.sleep(0.05)
    held[1].close()


def _stream_status(server: PreviewServer) -> int:
    with socket.create_connection(("127.0.0.1", server.bound_port), timeout=5) as stream:
        stream.sendall(b"GET /__digest__/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        return int(stream.makefile("rb").readline().split()[1])


def _open_stream(server: PreviewServer) -> socket.socket:
    stream = socket.create_connection(("127.0.0.1", server.bound_port), timeout=10)
    stream.sendall(b"GET /__digest__/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
    received = b""
    while b"event: hello" not in received:
        received += stream.recv(65536)
    return stream
