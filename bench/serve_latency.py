"""Time from saving a source file to the live-reload message reaching a connected client,
and to the search index the preview serves being current.

Starts ``digest serve`` in its own process, listens on its Server-Sent Events stream
(``/__digest__/events``) like a browser tab does, and measures, for each edit, the time
from the write to the build's message.  For the search index it asks the server, as a
browser would, for the index's list of pages (``pagefind/digest-index.json``, with a
fingerprint of what the index holds of each page) until that list has changed and is
complete (not marked pending): the parts are swapped in before it, so a search from then
on finds the edit.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

RESULT_EVENTS = {"reload", "css", "unchanged", "failed"}


def installed_env() -> dict[str, str]:
    """The environment for digest's processes, with its modules compiled once and then read
    as bytecode, as pip leaves an installed digest (PYTHONDONTWRITEBYTECODE would make each
    process compile them again)."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextlib.contextmanager
def running_server(site: Path) -> Iterator[str]:
    port = free_port()
    command = [sys.executable, "-m", "digest", "serve", "-C", str(site), "--port", str(port)]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=installed_env())
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 600
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(base + "/", timeout=2):
                    break
            except OSError:
                if process.poll() is not None:
                    raise SystemExit("digest serve exited early") from None
                time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)


def events(base: str) -> Iterator[str]:
    """Event names from the SSE stream, as they arrive."""
    host, port = base.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=120)
    connection.request("GET", "/__digest__/events", headers={"Accept": "text/event-stream"})
    response = connection.getresponse()
    name = ""
    while True:
        line = response.fp.readline().decode("utf-8")
        if not line:
            return
        if line.startswith("event:"):
            name = line.split(":", 1)[1].strip()
        elif line in ("\n", "\r\n") and name:
            yield name
            name = ""


def measure_reload_latency(site: Path, edit: Callable[[int], None], runs: int = 5) -> float:
    """Median seconds from an edit to its build's message on the event stream."""
    return statistics.median(measure_reload_timings(site, edit, runs))


def measure_reload_timings(site: Path, edit: Callable[[int], None], runs: int = 5) -> list[float]:
    """Seconds from each edit to its build's message on the event stream, in order."""
    timings = []
    with running_server(site) as base:
        stream = events(base)
        assert next(stream) == "hello"
        for run in range(runs):
            time.sleep(0.5)
            started = time.perf_counter()
            edit(run)
            for name in stream:
                if name in RESULT_EVENTS:
                    timings.append(time.perf_counter() - started)
                    break
    return timings


def measure_search_current(site: Path, edit: Callable[[int], None], runs: int = 3) -> float:
    """Median seconds from an edit to the preview serving a search index that holds it."""
    timings = []
    with running_server(site) as base:
        for run in range(runs):
            before = _wait_for_index(base, None)
            time.sleep(0.5)
            started = time.perf_counter()
            edit(run)
            _wait_for_index(base, before)
            timings.append(time.perf_counter() - started)
    return statistics.median(timings)


def _wait_for_index(base: str, other_than: dict[str, str] | None, seconds: float = 300) -> dict[str, str]:
    """The served index's pages once it is complete and differs from ``other_than``."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{base}/pagefind/digest-index.json", timeout=10) as response:
                index = json.load(response)
        except (OSError, ValueError):
            index = {}
        pages = index.get("pages")
        if isinstance(pages, dict) and index.get("pagefind") != "pending" and pages != other_than:
            return pages
        time.sleep(0.02)
    raise SystemExit(f"the preview's search index was not current within {seconds:.0f} s")


def main() -> None:
    """``python bench/serve_latency.py [SITE]``: the latency on a copy of a site (default: the
    example site of this repository), editing the body of its first article."""
    import argparse
    import shutil
    import tempfile

    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("site", type=Path, nargs="?", default=Path(__file__).resolve().parent.parent)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--all", action="store_true", help="print every timing too, in order")
    parser.add_argument("--search", action="store_true", help="time the search index being current, not the reload")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        site = Path(scratch, "site")
        shutil.copytree(args.site / "content", site / "content")
        shutil.copy(args.site / "digest.yaml", site / "digest.yaml")
        article = sorted((site / "content/articles").glob("*.md"))[0]

        def edit(run: int) -> None:
            article.write_text(article.read_text(encoding="utf-8") + f"\nEdit {run}.\n", encoding="utf-8")

        if args.search:
            current = measure_search_current(site, edit, runs=args.runs)
            print(f"save-to-search-current median over {args.runs} saves: {current * 1000:.0f} ms")
            return
        timings = measure_reload_timings(site, edit, runs=args.runs)
    print(f"save-to-reload median over {args.runs} saves: {statistics.median(timings) * 1000:.0f} ms")
    if args.all:
        print("every save, in order (ms):", ", ".join(f"{timing * 1000:.0f}" for timing in timings))


if __name__ == "__main__":
    main()
