"""The preview's memory stays flat over hundreds of rebuilds: the cycles each build leaves
behind are freed, nothing a build froze away from the collector outlives it."""

from __future__ import annotations

import gc
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from serve_helpers import EventStream, write_site

REPO = Path(__file__).resolve().parents[2]
TOPICS = ["Turkey", "Politics", "Economy", "Energy", "Courts"]


def small_site(folder: Path) -> Path:
    files = {
        f"content/articles/2024-01-{number + 1:02d}-story-{number}.md": (
            f'---\ntitle: "Story {number}"\ndate: 2024-01-{number + 1:02d}\n'
            f"topics: [{TOPICS[number % 5]}, Region]\n---\nThe story {number}. " + "Words and more words. " * 40
        )
        for number in range(12)
    }
    return write_site(folder, files)


def move_to_topic(article: Path, number: int) -> None:
    """An edit that moves the article to another topic: a full rebuild, not a shortcut."""
    text = article.read_text()
    start = text.index("topics: [") + len("topics: [")
    end = text.index(",", start)
    saved = article.with_name(article.name + "~")  # saved whole, as editors do: no build reads half a file
    saved.write_text(text[:start] + TOPICS[number % 5] + f"{number % 7}" + text[end:])
    os.replace(saved, article)


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise AssertionError("no VmRSS")


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads memory from /proc")
def test_digest_serve_memory_is_flat_over_300_rebuilds(tmp_path: Path) -> None:
    site = small_site(tmp_path / "site")
    env = {**os.environ, "PYTHONPATH": str(REPO), "PYTHONUNBUFFERED": "1"}
    command = [sys.executable, "-m", "digest", "serve", "-C", str(site), "--port", "0"]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        assert process.stdout is not None
        while not (line := process.stdout.readline()).startswith("serving "):
            assert line, process.communicate()[1]
        port = int(line.split()[1].rstrip("/").rsplit(":", 1)[1])
        stream = EventStream(port)
        assert stream.next()[0] == "hello"
        article = sorted((site / "content/articles").glob("*.md"))[0]
        measured = {}
        started = time.monotonic()
        for number in range(1, 301):
            move_to_topic(article, number)
            assert stream.next_build(timeout=30)[0] == "reload"
            if number in (30, 300):
                measured[number] = rss_mb(process.pid)
        print(f"RSS after 30 rebuilds {measured[30]:.1f} MB, after 300 {measured[300]:.1f} MB", end=" ")
        print(f"({time.monotonic() - started:.1f} s)")
        assert measured[300] <= measured[30] * 1.2
        stream.close()
    finally:
        process.send_signal(signal.SIGINT)
        process.communicate(timeout=10)


def test_collections_that_find_no_garbage_come_less_often() -> None:
    """A full collection of a big site's preview takes seconds, and a save made meanwhile
    waits for it: once collections find nothing (builds leave no cycles), they come twice
    as seldom each time, and as often as before once one finds garbage again."""
    from digest.serve.server import _GarbageCollector

    enabled = gc.isenabled()
    gc.disable()  # no collection of its own between the test's steps
    try:
        gc.collect()
        collector = _GarbageCollector()
        assert collector.collect() < collector.FEW
        assert collector.ratio == 4
        collector.after_build(3 * collector.cost)
        assert collector.wait_time() is None  # twice the cost no longer makes it due
        collector.after_build(1.5 * collector.cost)
        assert collector.wait_time() == collector.QUIET
        for _ in range(8):
            collector.collect()
        assert collector.ratio == collector.MOST
        for _ in range(collector.FEW * 2):
            cycle: list[object] = []
            cycle.append(cycle)
        del cycle
        assert collector.collect() >= collector.FEW * 2
        assert collector.ratio == 2
        collector.after_build(2.5 * collector.cost)
        assert collector.wait_time() == collector.QUIET
    finally:
        if enabled:
            gc.enable()
