"""Requests per second and latency of ``digest serve`` under many concurrent connections.

Starts ``digest serve`` on a generated site in its own process, opens N keep-alive
connections on 127.0.0.1 (one asyncio task each, all in this process) that request pages,
a stylesheet and a feed one after another for a few seconds, and prints p50/p90/p99, req/s,
errors and timeouts (a request with no complete answer within ``--timeout`` seconds, 2 s as
wrk counts them).  With ``--events K``, K browser tabs' event streams stay open meanwhile.
With ``--wrk``, wrk (``apt install wrk``: a stronger load than this process can make)
requests the home page instead, on two threads.

    python bench/serve_load.py --connections 50 200 --seconds 10 [--wrk] [--json FILE]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import generate  # noqa: E402
from serve_latency import running_server  # noqa: E402

PATHS = ("/", "/static/style.css", "/feed.xml", "/topics/")


@dataclass
class Figures:
    connections: int
    seconds: float
    requests: int
    requests_per_second: float
    p50_ms: float
    p90_ms: float
    p99_ms: float
    max_ms: float
    errors: int
    timeouts: int


async def one_response(reader: asyncio.StreamReader) -> int:
    """Read one HTTP/1.1 response with a Content-Length; return its status."""
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    length = 0
    for line in lines[1:]:
        name, _, value = line.partition(":")
        if name.strip().lower() == "content-length":
            length = int(value)
    await reader.readexactly(length)
    return int(lines[0].split()[1])


async def client(port: int, paths: list[str], until: float, timeout: float, latencies: list[float]) -> tuple[int, int]:
    """Requests on one keep-alive connection until ``until``; a failed one reconnects.  Returns (errors, timeouts)."""
    errors = timeouts = 0
    number = 0
    connection: tuple[asyncio.StreamReader, asyncio.StreamWriter] | None = None
    while time.monotonic() < until:
        path = paths[number % len(paths)]
        number += 1
        started = time.perf_counter()
        try:
            async with asyncio.timeout(timeout):
                if connection is None:
                    connection = await asyncio.open_connection("127.0.0.1", port)
                reader, writer = connection
                writer.write(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
                status = await one_response(reader)
            if status != 200:
                errors += 1
            latencies.append(time.perf_counter() - started)
        except TimeoutError:
            timeouts += 1
            connection = close(connection)
        except (OSError, asyncio.IncompleteReadError, ValueError, IndexError):
            errors += 1
            connection = close(connection)
    close(connection)
    return errors, timeouts


def close(connection: tuple[asyncio.StreamReader, asyncio.StreamWriter] | None) -> None:
    if connection is not None:
        connection[1].close()


async def hold_event_stream(port: int, until: float) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(b"GET /__digest__/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
    try:
        while time.monotonic() < until:
            try:
                async with asyncio.timeout(max(0.0, until - time.monotonic())):
                    if not await reader.read(4096):
                        return
            except TimeoutError:
                return
    finally:
        writer.close()


async def load(port: int, connections: int, seconds: float, timeout: float, paths: list[str], events: int) -> Figures:
    latencies: list[float] = []
    until = time.monotonic() + seconds
    streams = [asyncio.create_task(hold_event_stream(port, until + timeout)) for _ in range(events)]
    await asyncio.sleep(0.2 if events else 0)
    started = time.perf_counter()
    outcomes = await asyncio.gather(*(client(port, paths, until, timeout, latencies) for _ in range(connections)))
    elapsed = time.perf_counter() - started
    for stream in streams:
        stream.cancel()
    await asyncio.gather(*streams, return_exceptions=True)
    ordered = sorted(latencies) or [0.0]

    def percentile(share: float) -> float:
        return round(ordered[min(len(ordered) - 1, int(share * len(ordered)))] * 1000, 1)

    return Figures(
        connections=connections,
        seconds=round(elapsed, 2),
        requests=len(latencies),
        requests_per_second=round(len(latencies) / elapsed, 1),
        p50_ms=round(statistics.median(ordered) * 1000, 1),
        p90_ms=percentile(0.90),
        p99_ms=percentile(0.99),
        max_ms=round(ordered[-1] * 1000, 1),
        errors=sum(errors for errors, _ in outcomes),
        timeouts=sum(timeouts for _, timeouts in outcomes),
    )


def run_wrk(base: str, connections: int, seconds: float, timeout: float) -> Figures:
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds:g}s", "--latency", f"--timeout={timeout:g}s", base + "/"]
    report = subprocess.run(command, capture_output=True, text=True, check=True).stdout

    def milliseconds(pattern: str) -> float:
        found = re.search(pattern, report, re.MULTILINE)
        if found is None:
            return 0.0
        return round(float(found[1]) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[found[2]], 1)

    def percentile(label: str) -> float:
        return milliseconds(rf"^\s*{label}\s+([\d.]+)(us|ms|s|m)\s*$")

    def number(pattern: str) -> float:
        found = re.search(pattern, report)
        return float(found[1]) if found else 0.0

    requests = int(number(r"(\d+) requests in"))
    return Figures(
        connections=connections,
        seconds=number(r"requests in ([\d.]+)s"),
        requests=requests,
        requests_per_second=number(r"Requests/sec:\s+([\d.]+)"),
        p50_ms=percentile("50%"),
        p90_ms=percentile("90%"),
        p99_ms=percentile("99%"),
        max_ms=milliseconds(r"^\s*Latency\s+\S+\s+\S+\s+([\d.]+)(us|ms|s|m)\s"),
        errors=int(number(r"Non-2xx or 3xx responses: (\d+)") + number(r"connect (\d+)") + number(r"read (\d+)")),
        timeouts=int(number(r"timeout (\d+)")),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=200, help="size of the generated site (default: 200)")
    parser.add_argument("--connections", type=int, nargs="+", default=[50, 200])
    parser.add_argument("--seconds", type=float, default=10.0, help="length of each run (default: 10)")
    parser.add_argument("--timeout", type=float, default=2.0, help="a request slower than this is a timeout")
    parser.add_argument("--events", type=int, default=0, help="event streams held open meanwhile (default: 0)")
    parser.add_argument("--wrk", action="store_true", help="load with wrk rather than from this process")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    if args.wrk and shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed (apt install wrk)")
    with tempfile.TemporaryDirectory() as scratch:
        site = Path(scratch, "site")
        generate(site, args.articles)
        with running_server(site) as base:
            port = int(base.rsplit(":", 1)[1])
            results = []
            for connections in args.connections:
                if args.wrk:
                    figures = run_wrk(base, connections, args.seconds, args.timeout)
                else:
                    figures = asyncio.run(load(port, connections, args.seconds, args.timeout, list(PATHS), args.events))
                results.append(figures)
                print(
                    f"{figures.connections:4d} connections: {figures.requests_per_second:8.1f} req/s  "
                    f"p50 {figures.p50_ms:7.1f} ms  p90 {figures.p90_ms:7.1f} ms  p99 {figures.p99_ms:7.1f} ms  "
                    f"max {figures.max_ms:7.1f} ms  errors {figures.errors}  timeouts {figures.timeouts}",
                    flush=True,
                )
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps([asdict(figures) for figures in results], indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
