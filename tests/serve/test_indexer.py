"""The preview's background search indexer gives way to builds: while a build runs, the
indexer's process group is stopped, and no new run starts."""

from __future__ import annotations

import io
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from digest.search import IndexOptions
from digest.serve.server import _SearchIndexer

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads process states from /proc")


def _state(pid: int) -> str:
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]


def _wait_for(condition: object, limit: float = 5.0) -> bool:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if condition():  # type: ignore[operator]
            return True
        time.sleep(0.01)
    return False


def test_a_build_stops_a_running_index_and_lets_it_go_on(tmp_path: Path) -> None:
    indexer = _SearchIndexer(tmp_path, io.StringIO())
    child = subprocess.Popen(
        [sys.executable, "-c", "import time\nwhile True: time.sleep(0.01)"], start_new_session=True
    )
    try:
        indexer._process = child  # as a run in progress has it
        with indexer.paused():
            assert _wait_for(lambda: _state(child.pid) == "T"), _state(child.pid)
        assert _wait_for(lambda: _state(child.pid) in "RS"), _state(child.pid)
    finally:
        child.kill()
        child.wait()


def test_no_run_starts_while_a_build_runs(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text("<html><body><main>Hello</main></body></html>")
    indexer = _SearchIndexer(tmp_path, io.StringIO())
    worker = threading.Thread(target=indexer.run, daemon=True)
    worker.start()
    try:
        with indexer.paused():
            indexer.request(IndexOptions(), ["index.html"])
            time.sleep(0.5)
            assert indexer._process is None
            assert not (tmp_path / "pagefind").exists()
        assert _wait_for(lambda: (tmp_path / "pagefind" / "pagefind.js").is_file(), limit=60)
    finally:
        indexer.stop()
        worker.join(10)
