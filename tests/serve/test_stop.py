"""Ctrl-C (SIGINT) and SIGTERM end a real ``digest serve`` within a second whatever it is doing
(a rebuild after a save, the search index's Pagefind, open event streams, the first build),
leave none of its child processes behind, and free the port."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from serve_helpers import write_site

from digest.serve.server import INDEXER_NAME

REPO = Path(__file__).resolve().parents[2]
ARTICLES = 400  # enough that a rebuild and the search index take a while
STOP_LIMIT = 1.0  # seconds from the signal to the end of the process

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads child processes from /proc")


def article(number: int) -> str:
    topics = ["Turkey", "Politics", "Economy", "Energy"][number % 4]
    words = " ".join(f"word{(number * 7 + index) % 97}" for index in range(120))
    return (
        f'---\ntitle: "Story {number}"\ndate: 2024-{1 + number % 12:02d}-{1 + number % 28:02d}\n'
        f"topics: [{topics}, Region {number % 9}]\n---\n{words}.\n\n## Part two\n\n{words}.\n"
    )


@pytest.fixture(scope="module")
def template_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    files = {f"content/articles/2024-story-{number:04d}.md": article(number) for number in range(ARTICLES)}
    config = 'title: Stop Test\nbase_url: "https://example.org/"\nsearch: true\n'
    return write_site(tmp_path_factory.mktemp("stop") / "site", files, config)


@pytest.fixture
def site(template_site: Path, tmp_path: Path) -> Path:
    return Path(shutil.copytree(template_site, tmp_path / "site"))


class Serve:
    """``digest serve`` in a child process, as a user starts it."""

    def __init__(self, site: Path):
        # Its own temporary folder, to see what the preview leaves there.
        self.temp = site.parent / "tmp"
        self.temp.mkdir(exist_ok=True)
        env = {**os.environ, "PYTHONPATH": str(REPO), "PYTHONUNBUFFERED": "1", "TMPDIR": str(self.temp)}
        command = [sys.executable, "-m", "digest", "serve", "-C", str(site), "--port", "0"]
        self.process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
        self.port = 0

    def wait_until_serving(self) -> None:
        assert self.process.stdout is not None
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            line = self.process.stdout.readline()
            if line.startswith("serving "):
                self.port = int(line.split()[1].rstrip("/").rsplit(":", 1)[1])
                return
            assert line, "digest serve ended before serving"
        raise AssertionError("digest serve did not start in time")

    def stop_with(self, signum: int) -> tuple[float, str, str]:
        """Send ``signum``; the seconds until the process ended, and its output."""
        started = time.monotonic()
        self.process.send_signal(signum)
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            raise AssertionError("digest serve was still running 10 s after the signal") from None
        seconds = time.monotonic() - started
        out, err = self.process.communicate()
        return seconds, out, err

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.communicate()


@pytest.fixture
def serve() -> Iterator[type[Serve]]:
    started: list[Serve] = []

    class Started(Serve):
        def __init__(self, site: Path):
            super().__init__(site)
            started.append(self)

    yield Started
    for server in started:
        server.kill()


def children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for name in os.listdir("/proc"):
        if name.isdigit():
            stat = _stat(int(name))
            if stat is not None:
                tree.setdefault(int(stat[1]), []).append(int(name))
    return tree


def descendants(pid: int) -> set[int]:
    tree, found, todo = children(), set(), [pid]
    while todo:
        for child in tree.get(todo.pop(), []):
            found.add(child)
            todo.append(child)
    return found


def alive(pid: int) -> bool:
    """Running, not merely a zombie waiting for a parent that does not collect it."""
    stat = _stat(pid)
    return stat is not None and stat[0] != "Z"


def _stat(pid: int) -> list[str] | None:
    """State, parent and the rest of /proc/<pid>/stat, after the command name."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return text.rsplit(")", 1)[1].split()


def command_name(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/comm").read_text().strip()
    except OSError:
        return ""


def wait_for_indexer(pid: int, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if any(command_name(child) == INDEXER_NAME for child in descendants(pid)):
            return
        time.sleep(0.005)
    raise AssertionError("the search index was never refreshed")


def save_an_article(site: Path) -> None:
    """An edit that moves an article to another topic: a full rebuild, then a new search index."""
    path = site / "content/articles/2024-story-0001.md"
    path.write_text(path.read_text().replace("topics: [Politics", "topics: [Sports"))


def assert_port_free(port: int) -> None:
    """Even without SO_REUSEADDR: the connections open at the end were reset, not left in TIME_WAIT."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", port))
        probe.listen()


def assert_stopped_cleanly(seconds: float, out: str, err: str, process: subprocess.Popen[str]) -> None:
    assert seconds < STOP_LIMIT, f"stopped after {seconds:.2f} s"
    assert process.returncode == 0, err
    assert out.rstrip().endswith("stopped")
    assert "Traceback" not in err and "KeyboardInterrupt" not in err, err


def assert_no_child_left(pids: set[int]) -> None:
    deadline = time.monotonic() + 1
    while (left := {pid for pid in pids if alive(pid)}) and time.monotonic() < deadline:
        time.sleep(0.01)
    assert not left, [(pid, command_name(pid)) for pid in left]


@pytest.mark.parametrize(
    "signum", [signal.SIGINT, signal.SIGTERM, signal.SIGHUP], ids=["SIGINT", "SIGTERM", "SIGHUP (terminal closed)"]
)
def test_a_signal_right_after_a_save_stops_serve_within_a_second(
    site: Path, serve: type[Serve], signum: signal.Signals
) -> None:
    server = serve(site)
    server.wait_until_serving()
    wait_for_indexer(server.process.pid)
    save_an_article(site)
    time.sleep(0.1)  # the save is seen (a 20 ms quiet window) and the rebuild begins
    running = descendants(server.process.pid)
    assert any(command_name(pid) == INDEXER_NAME for pid in running)
    seconds, out, err = server.stop_with(signum)
    assert_stopped_cleanly(seconds, out, err, server.process)
    assert_port_free(server.port)
    assert_no_child_left(running)
    assert_no_output_left(server)


def assert_no_output_left(server: Serve) -> None:
    """The preview's output folder (a copy of the whole site) is gone, or going: a process
    it left to remove a big one may still be at work."""
    deadline = time.monotonic() + 5
    while os.listdir(server.temp) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert os.listdir(server.temp) == []


def test_the_output_of_a_killed_preview_is_removed_by_the_next(site: Path, serve: type[Serve]) -> None:
    """SIGKILL, or a build thread that wrote on while the preview stopped, leaves the output
    folder in the temporary folder; the next preview of any site removes it."""
    server = serve(site)
    server.wait_until_serving()
    server.kill()
    assert len(os.listdir(server.temp)) == 1
    again = serve(site)
    again.wait_until_serving()
    assert len(os.listdir(server.temp)) == 1  # its own
    again.stop_with(signal.SIGINT)
    assert_no_output_left(again)


def test_a_killed_preview_leaves_no_indexer_behind(site: Path, serve: type[Serve]) -> None:
    """SIGKILL gives digest serve no chance to clean up, even while a build holds the search
    indexer stopped: the indexer and its workers die with it rather than stay stopped."""
    server = serve(site)
    server.wait_until_serving()
    wait_for_indexer(server.process.pid)
    save_an_article(site)
    time.sleep(0.1)  # the rebuild holds the indexer (SIGSTOP)
    running = descendants(server.process.pid)
    assert any(command_name(pid) == INDEXER_NAME for pid in running)
    server.kill()
    assert_no_child_left(running)


def test_ctrl_c_with_an_open_event_stream(site: Path, serve: type[Serve]) -> None:
    server = serve(site)
    server.wait_until_serving()
    stream = socket.create_connection(("127.0.0.1", server.port), timeout=10)
    stream.sendall(b"GET /__digest__/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
    received = b""
    while b"event: hello" not in received:
        received += stream.recv(65536)
    save_an_article(site)
    time.sleep(0.1)
    running = descendants(server.process.pid)
    seconds, out, err = server.stop_with(signal.SIGINT)
    assert_stopped_cleanly(seconds, out, err, server.process)
    stream.settimeout(2)
    # The stream ends, with a reset (how the server frees its port at once) that may come
    # before the last events are read: no event is waited for.
    with contextlib.suppress(ConnectionResetError):
        while data := stream.recv(65536):
            assert b"event: hello" not in data
    stream.close()
    assert_port_free(server.port)
    assert_no_child_left(running)


def test_ctrl_c_during_the_first_build(site: Path, serve: type[Serve]) -> None:
    server = serve(site)
    deadline = time.monotonic() + 30
    while len(os.listdir(f"/proc/{server.process.pid}/task")) < 2:  # the build thread has started
        assert time.monotonic() < deadline and server.process.poll() is None
        time.sleep(0.01)
    time.sleep(0.3)
    running = descendants(server.process.pid)
    seconds, out, err = server.stop_with(signal.SIGINT)
    assert_stopped_cleanly(seconds, out, err, server.process)
    assert_no_child_left(running)
    assert_no_output_left(server)  # (the build thread wrote on into it as the preview stopped)


# ``digest serve``, its Ctrl-C coming at the moment the waiting main thread has just taken a
# lock (as a Ctrl-C may, whatever the moment); once served without taking one, a second later.
INTERRUPTED_AS_A_LOCK_IS_TAKEN = """
import io, os, signal, sys, threading
from pathlib import Path
from digest.build import BuildOptions
from digest.serve.server import serve

class Out(io.StringIO):
    def write(self, text):
        if text.startswith("serving "):
            later = threading.Timer(1, os.kill, (os.getpid(), signal.SIGINT))
            later.daemon = True
            later.start()
            sys.setprofile(interrupt)
        sys.__stdout__.write(text)
        return len(text)

def interrupt(frame, event, function):
    if event == "c_return" and getattr(function, "__name__", "") in ("acquire", "__enter__"):
        sys.setprofile(None)
        signal.raise_signal(signal.SIGINT)

sys.exit(serve(Path(sys.argv[1]), BuildOptions(), port=0, out=Out()))
"""


def test_ctrl_c_as_the_waiting_preview_takes_a_lock(site: Path) -> None:
    """A Ctrl-C raised just as the main thread took a lock left it taken, and the preview,
    stopping, waited for that lock for ever: the terminal showed "^C" and nothing more."""
    command = [sys.executable, "-c", INTERRUPTED_AS_A_LOCK_IS_TAKEN, str(site)]
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        out, err = process.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.communicate()
        raise AssertionError("digest serve did not stop after Ctrl-C") from None
    assert process.returncode == 0, err
    assert out.rstrip().endswith("stopped")
    assert "Traceback" not in err, err
