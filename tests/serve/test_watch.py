"""Watching: editor noise is ignored, bursts of events become one rebuild, every kind of change counts."""

from __future__ import annotations

import io
import itertools
import os
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from serve_helpers import FakeBuilder, FakeServer, wait_until

from digest.serve import PreviewServer
from digest.serve.watch import ChangeBatcher, SiteWatcher, is_ignored


@pytest.mark.parametrize(
    "name",
    [
        ".a.md.swp",
        "a.md.swo",
        ".a.md.swx",
        "a.md~",
        "#a.md#",
        ".#a.md",
        "4913",
        "5036",
        ".DS_Store",
        "Thumbs.db",
        "a.md___jb_tmp___",
        ".goutputstream-XYZ12",
        ".git/index.lock",
        "a.md.kate-swp",
    ],
)
def test_editor_and_system_files_are_ignored(name: str) -> None:
    assert is_ignored(Path("/site/content/articles") / name)


@pytest.mark.parametrize("name", ["a.md", "2024-03-01-a.md", "4912", "style.css", "#hashtag.md", "notes~old.md"])
def test_real_files_are_not_ignored(name: str) -> None:
    assert not is_ignored(Path("/site/content") / name)


# -- the debouncer -------------------------------------------------------------------


def _later(delay: float, action: Callable[[], None]) -> threading.Thread:
    def run() -> None:
        time.sleep(delay)
        action()

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def test_a_batch_is_ready_after_a_quiet_window() -> None:
    batcher = ChangeBatcher(quiet=0.1)
    started = time.monotonic()
    batcher.add([Path("a")])
    assert batcher.wait() == {Path("a")}
    assert 0.09 <= time.monotonic() - started < 1


def test_a_burst_of_events_is_one_batch() -> None:
    """Events closer together than the quiet window make one batch.  (On a machine so loaded
    that a 20 ms pause takes longer than the window, the burst is cut there and nowhere else.)"""
    batcher = ChangeBatcher(quiet=0.2)
    added: list[float] = []

    def burst() -> None:
        for number in range(20):
            batcher.add([Path(f"f{number}")])
            added.append(time.monotonic())
            time.sleep(0.02)

    thread = _later(0, burst)
    batches = [batcher.wait()]
    thread.join()
    while set().union(*batches) != {Path(f"f{number}") for number in range(20)}:
        batches.append(batcher.wait())
    long_pauses = sum(later - earlier >= 0.15 for earlier, later in itertools.pairwise(added))
    assert len(batches) <= 1 + long_pauses
    assert sum(map(len, batches)) == 20


def test_events_that_never_pause_are_still_built_now_and_then() -> None:
    batcher = ChangeBatcher(quiet=0.1, longest=0.3)
    stop = threading.Event()

    def stream() -> None:
        while not stop.is_set():
            batcher.add([Path("busy")])
            time.sleep(0.02)

    thread = _later(0, stream)
    started = time.monotonic()
    try:
        assert batcher.wait() == {Path("busy")}
        assert time.monotonic() - started < 0.6
    finally:
        stop.set()
        thread.join()


def test_close_ends_a_wait() -> None:
    batcher = ChangeBatcher()
    thread = _later(0.05, batcher.close)
    assert batcher.wait() is None
    thread.join()
    batcher.add([Path("late")])
    assert batcher.wait() is None


def test_a_wait_with_a_timeout_gives_up_only_when_nothing_changed() -> None:
    batcher = ChangeBatcher(quiet=0.05)
    started = time.monotonic()
    assert batcher.wait(timeout=0.1) == set()
    assert 0.1 <= time.monotonic() - started < 2
    batcher.add([Path("a.md")])
    assert batcher.wait(timeout=0.01) == {Path("a.md")}  # a change pending when the time is up: still a batch


Watched = tuple[ChangeBatcher, SiteWatcher]


# -- the watcher ---------------------------------------------------------------------


@pytest.fixture
def watched(tmp_path: Path) -> Iterator[tuple[ChangeBatcher, SiteWatcher]]:
    """A SiteWatcher on tmp_path's content/ and digest.yaml, collecting batches."""
    (tmp_path / "content" / "articles").mkdir(parents=True)
    (tmp_path / "digest.yaml").write_text("title: x\n")
    batcher = ChangeBatcher(quiet=0.15)
    watcher = SiteWatcher(batcher.add)
    watcher.watch([tmp_path / "digest.yaml", tmp_path / "content", tmp_path / "templates"])
    watcher.start()
    yield batcher, watcher
    watcher.stop()
    batcher.close()


def _next_batch(batcher: ChangeBatcher, timeout: float = 5) -> set[Path]:
    result: list[set[Path] | None] = []
    thread = threading.Thread(target=lambda: result.append(batcher.wait()), daemon=True)
    thread.start()
    thread.join(timeout)
    if not result:
        batcher.close()  # frees the thread
        raise AssertionError("no batch of changes in time")
    assert result[0] is not None
    return result[0]


def test_an_editors_atomic_save_is_one_change_of_the_real_file(tmp_path: Path, watched: Watched) -> None:
    batcher, _ = watched
    folder = tmp_path / "content" / "articles"
    article = folder / "a.md"
    article.write_text("one")
    assert _next_batch(batcher) == {article}
    # What Vim does on :w with 'backupcopy=no', then what Emacs leaves around.
    (folder / "4913").write_text("")
    (folder / "4913").unlink()
    os.rename(article, folder / "a.md~")
    article.write_text("two")
    (folder / "a.md~").unlink()
    (folder / ".a.md.swp").write_text("swap")
    (folder / "#a.md#").write_text("autosave")
    (folder / ".#a.md").write_text("lock")
    assert _next_batch(batcher) == {article}


def test_created_deleted_and_renamed_files_are_changes(tmp_path: Path, watched: Watched) -> None:
    batcher, _ = watched
    folder = tmp_path / "content" / "articles"
    (folder / "a.md").write_text("a")
    (folder / "b.md").write_text("b")
    assert _next_batch(batcher) == {folder / "a.md", folder / "b.md"}
    (folder / "a.md").unlink()
    os.rename(folder / "b.md", folder / "c.md")
    assert _next_batch(batcher) == {folder / "a.md", folder / "b.md", folder / "c.md"}
    (tmp_path / "digest.yaml").write_text("title: y\n")
    (tmp_path / "unrelated.txt").write_text("not watched")
    assert _next_batch(batcher) == {tmp_path / "digest.yaml"}


def test_events_the_watcher_lost_are_a_change_of_the_watched_folder(tmp_path: Path, watched: Watched) -> None:
    """When the kernel's queue overflows, watchdog reports the watch's folder (EventsLostEvent);
    the builder is told that folder changed, which has it walk the content again."""
    from watchdog.events import EventsLostEvent

    batcher, watcher = watched
    watcher.dispatch(EventsLostEvent(str(tmp_path / "content"), is_directory=True))
    assert _next_batch(batcher) == {tmp_path / "content"}


def test_new_folders_and_a_new_templates_folder_are_watched(tmp_path: Path, watched: Watched) -> None:
    batcher, watcher = watched
    nested = tmp_path / "content" / "articles" / "2024" / "03"
    nested.mkdir(parents=True)
    (nested / "x.md").write_text("x")
    assert nested / "x.md" in _next_batch(batcher)
    templates = tmp_path / "templates"
    templates.mkdir()
    assert templates in _next_batch(batcher)
    watcher.watch([tmp_path / "digest.yaml", tmp_path / "content", templates])  # as after the rebuild
    (templates / "base.html").write_text("<html>")
    assert templates / "base.html" in _next_batch(batcher)


def test_a_watched_folder_made_again_is_watched_again(tmp_path: Path, watched: Watched) -> None:
    batcher, watcher = watched
    content = tmp_path / "content"
    os.rename(content, tmp_path / "old-content")
    content.mkdir()
    assert content in _next_batch(batcher)
    watcher.watch([tmp_path / "digest.yaml", content, tmp_path / "templates"])  # as after the rebuild
    (content / "new.md").write_text("new")
    assert content / "new.md" in _next_batch(batcher)


# -- rebuilds in the server ----------------------------------------------------------


def _builds_settle(builder: FakeBuilder, count: int) -> None:
    wait_until(lambda: len(builder.calls) >= count, timeout=10)
    time.sleep(0.4)  # long enough for a second, unwanted build to start


def test_a_checkout_of_hundreds_of_files_is_one_rebuild(fake_server: FakeServer) -> None:
    # Events that keep coming within the quiet window are one batch, however many; the window
    # is widened here so that a loaded machine pausing this test's writes does not split it.
    server, builder = fake_server(quiet=0.25)
    content = server.site_dir / "content" / "articles"
    content.mkdir()
    names = [content / f"2024-01-{number:03d}-story.md" for number in range(300)]
    for path in names:
        path.write_text(f"story {path.name}")
    _builds_settle(builder, 2)
    assert len(builder.calls) == 2
    assert set(names) <= set(builder.calls[1] or [])


def test_editor_files_alone_cause_no_rebuild(fake_server: FakeServer) -> None:
    server, builder = fake_server()
    content = server.site_dir / "content"
    for name in (".a.md.swp", "a.md~", "#a.md#", ".#a.md", "4913", ".DS_Store"):
        (content / name).write_text("noise")
    time.sleep(0.5)
    assert len(builder.calls) == 1
    (content / "real.md").write_text("real")
    _builds_settle(builder, 2)
    assert builder.calls[1] == [content / "real.md"]


def test_changes_during_a_failed_build_are_passed_again(fake_server: FakeServer) -> None:
    from digest.errors import ContentError

    server, builder = fake_server()
    content = server.site_dir / "content"
    builder.errors = [ContentError("broken", "content/a.md", 2)]
    (content / "a.md").write_text("a")
    _builds_settle(builder, 2)
    builder.errors = []
    (content / "b.md").write_text("b")
    _builds_settle(builder, 3)
    assert sorted(builder.calls[2] or []) == [content / "a.md", content / "b.md"]


def test_a_build_that_calls_sys_exit_fails_and_the_next_save_builds(fake_server: FakeServer) -> None:
    """SystemExit raised in a build (code of the site's that calls sys.exit()) ended the build
    thread: the preview served on but never built again, and said nothing."""
    err = io.StringIO()
    server, builder = fake_server(err=err)
    content = server.site_dir / "content"
    building = builder.build

    def exits(changed: object = None) -> object:
        raise SystemExit(0)

    builder.build = exits  # type: ignore[method-assign]
    (content / "a.md").write_text("a")
    wait_until(lambda: "SystemExit" in err.getvalue())
    builder.build = building  # type: ignore[method-assign]
    (content / "b.md").write_text("b")
    _builds_settle(builder, 2)
    assert sorted(builder.calls[1] or []) == [content / "a.md", content / "b.md"]


def test_the_server_reports_each_build(fake_server: FakeServer) -> None:
    out = io.StringIO()
    server, builder = fake_server(out=out)
    assert out.getvalue().startswith("built in ")
    builder.files["index.html"] = b"<html><body>new</body></html>"
    (server.site_dir / "content" / "x.md").write_text("x")
    wait_until(lambda: "rebuilt" in out.getvalue())
    assert "1 written" in out.getvalue()
    assert "content/x.md" in out.getvalue()


def test_the_first_build_is_followed_by_one_told_nothing_changed_before_serving_unsaid(
    fake_server: FakeServer,
) -> None:
    # It keeps in memory what the first save's build starts from; nobody hears of it.
    out = io.StringIO()
    server, builder = fake_server(out=out)
    assert (builder.calls, builder.unchanged_calls) == ([None], 1)  # both done when start() returns
    (server.site_dir / "content" / "x.md").write_text("x")
    wait_until(lambda: "rebuilt" in out.getvalue())
    assert [line.split(" in ")[0] for line in out.getvalue().splitlines()] == ["built", "rebuilt"]


def test_a_failed_first_build_is_not_followed_by_another(fake_server: FakeServer) -> None:
    from digest.errors import ContentError

    _, builder = fake_server(errors=[ContentError("broken", "content/a.md", 2)])
    assert (builder.calls, builder.unchanged_calls) == ([None], 0)


def test_the_report_names_the_file_saved_not_the_temporary_file_renamed_over_it(fake_server: FakeServer) -> None:
    """``sed -i`` and many editors write a temporary file beside the real one and rename it over it."""
    out = io.StringIO()
    server, _ = fake_server(out=out, quiet=0.25)
    content = server.site_dir / "content"
    (content / "a.md").write_text("a")
    wait_until(lambda: "rebuilt" in out.getvalue())
    temporary = content / "sedX1b2c3"
    temporary.write_text("a, edited")
    temporary.replace(content / "a.md")
    wait_until(lambda: out.getvalue().count("rebuilt") == 2)
    last = out.getvalue().strip().splitlines()[-1]
    assert "(content/a.md)" in last and "sedX1b2c3" not in last, last
    (content / "a.md").unlink()
    wait_until(lambda: out.getvalue().count("rebuilt") == 3)
    assert "(content/a.md)" in out.getvalue().strip().splitlines()[-1]  # a file deleted is named too


def test_stop_is_quick_and_safe_twice(fake_server: FakeServer) -> None:
    server, _ = fake_server()
    started = time.monotonic()
    server.stop()
    server.stop()
    assert time.monotonic() - started < 3
    assert not server.output_dir.exists()
    assert isinstance(server, PreviewServer)


def test_the_site_folder_deleted_and_put_back_is_built_again(fake_server: FakeServer) -> None:
    """``rm -rf site`` then ``cp -a backup site`` while the preview runs: the folder's own
    watch is gone with it, so the folder above it is watched until it comes back."""
    import shutil

    server, builder = fake_server()
    site = server.site_dir
    backup = site.with_name("backup")
    shutil.copytree(site, backup)
    shutil.rmtree(site)
    _builds_settle(builder, 2)
    shutil.copytree(backup, site)
    _builds_settle(builder, 3)
    (site / "content" / "after.md").write_text("a save after the restore")
    _builds_settle(builder, 4)
    assert site / "content" / "after.md" in (builder.calls[-1] or [])
