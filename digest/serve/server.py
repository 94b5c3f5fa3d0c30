"""The preview server: build once, serve the output, rebuild on every change, tell the browsers.

One thread builds (the whole site first, then each batch of changed paths); one thread
accepts connections and hands requests to a few worker threads (see ``http``); watchdog's
thread only records changed paths; one thread refreshes the search index in a child process.
The main thread only waits, and ``stop`` waits for none of the others, so that Ctrl-C or
SIGTERM end the preview within a second whatever is running.
"""

from __future__ import annotations

import contextlib
import errno
import gc
import json
import math
import multiprocessing
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import traceback
import weakref
import webbrowser
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from pathlib import Path
from types import FrameType
from typing import Any, Protocol, TextIO

from digest.build import Builder, BuildOptions, BuildResult
from digest.cache import code_changed
from digest.errors import BuildFailed, shown_path, system_error
from digest.search import IndexOptions
from digest.serve.events import EventHub, format_event
from digest.serve.http import PreviewHTTPServer, SiteState
from digest.serve.watch import QUIET, ChangeBatcher, SiteWatcher
from digest.write import remove_abandoned

HOLD_LIMIT = 60.0  # longest a request waits for a running build, in seconds
STOP_WAIT = 0.1  # longest ``stop`` waits for a running build before ending its worker processes
TEMP_PREFIX = "digest-serve-"  # the preview's output: <prefix><pid>-<random>/site in the temporary folder
REMOVE_WAIT = 0.2  # longest ``stop`` spends removing the output; a child process removes the rest
PORT_ATTEMPTS = 10  # a busy port: try this many ports from the one asked for


class ServeError(Exception):
    """The server cannot start: the port is taken, the host is unknown."""


class SiteBuilder(Protocol):
    """What serve needs of digest.build.Builder (tests put a stand-in in its place)."""

    def build(self, changed: Iterable[Path] | None = None) -> BuildResult: ...

    def watched_paths(self) -> list[Path]: ...

    waiting: Callable[[str], object]  # told when another process's build of the site is waited for


BuilderFactory = Callable[[Path, BuildOptions], SiteBuilder]


class PreviewServer:
    """``start()`` builds, listens and watches; ``stop()`` undoes it all.  Usable as a context manager."""

    def __init__(
        self,
        site_dir: Path,
        options: BuildOptions,
        host: str = "127.0.0.1",
        port: int = 8000,
        live_reload: bool = True,
        *,
        out: TextIO | None = None,
        err: TextIO | None = None,
        quiet: float = QUIET,
        builder_factory: BuilderFactory = Builder,
        exact_port: bool = False,
    ):
        self.site_dir = Path(site_dir).absolute()
        self.options = options
        self.host = host
        self.port = port  # the port asked for; ``bound_port`` is the one in use
        self.exact_port = exact_port  # a port the user named: that one or none (the next free one otherwise)
        self.live_reload = live_reload
        self.server_id = secrets.token_hex(8)
        self.output_dir = Path()
        self._out = out or sys.stdout
        self._err = err or sys.stderr
        self._builder_factory = builder_factory
        self._indexer: _SearchIndexer | None = None
        self._batcher = ChangeBatcher(quiet=quiet)
        self._watcher = SiteWatcher(self._batcher.add)
        self._hub = EventHub()
        self._collector = _GarbageCollector()
        self._cond = threading.Condition()
        self._building = False
        self._held_until = 0.0  # when requests stop waiting for the running build (time.monotonic)
        self._state = SiteState(version=0, errors=(), base_path="/")
        self._unbuilt: set[Path] | None = set()  # changes no good build has seen yet; None: all
        self._warned: set[str] = set()
        self._told_base: str | None = None  # the site's path in the address the terminal was given
        self._httpd: PreviewHTTPServer | None = None
        self._threads: list[threading.Thread] = []
        self._remove_output: Callable[[], object] = lambda: None
        self._first_built = threading.Event()
        self._stopped = threading.Event()
        self._next_change = math.inf  # when the last build's first future-dated item comes due

    # -- life cycle ---------------------------------------------------------------

    def start(self) -> None:
        """Listen, build the site once, start watching; returns once requests can be served."""
        self._httpd = self._listen()
        try:
            # Named after this process, so that the next preview removes it if this one is
            # killed (SIGKILL), or stops while a build thread still writes into it.
            remove_abandoned(Path(tempfile.gettempdir()), TEMP_PREFIX)
            temp = tempfile.mkdtemp(prefix=f"{TEMP_PREFIX}{os.getpid()}-")
            # Removed by stop(), or at exit when the program ends without calling it.
            self._remove_output = weakref.finalize(self, _remove_folder, Path(temp))
            self.output_dir = Path(temp, "site")
            # The search index takes seconds on a big site: it is refreshed aside (see
            # _SearchIndexer) so that a save reloads the browser at once.  The first build
            # starts from the parsed files and compiled templates of the build store, as the
            # next ``digest build`` would, and writes nothing to it.
            preview = replace(
                self.options, output=self.output_dir, search=False, persist=False, reuse_store=True, private_output=True
            )
            self._builder: SiteBuilder = self._builder_factory(self.site_dir, preview)
            self._builder.waiting = self._waiting
            self._indexer = _SearchIndexer(self.output_dir, self._err, lambda: self._hub.publish("search", {}))
            # Watching starts before the first build, so that a save while it runs is built
            # next (the theme's folders are watched once the build has found them).
            self._watcher.watch(self._builder.watched_paths())
            self._watcher.start()
            # The first build runs on the build thread too: this thread only waits, so that
            # Ctrl-C never has to unwind a build.
            self._spawn(self._build_loop, "digest-build")
            _sleep_until(self._first_built, 0.02)
        except BaseException:
            self.stop()
            raise
        self._spawn(self._serve_forever, "digest-http")
        self._spawn(self._indexer.run, "digest-search")

    def stop(self) -> None:
        """Stop watching and serving, end the search indexer and a running build's worker
        processes, free the port and remove the preview's output folder.  Returns within a
        second whatever is running (a build still running on its thread is left to end with
        the program).  Safe to call twice."""
        if self._stopped.is_set():
            return
        self._stopped.set()
        with self._cond:
            self._cond.notify_all()  # requests held for a build are answered now
        self._batcher.close()
        if self._httpd is not None:
            # Reset first: the event streams, woken by the hub's closing, would end gracefully
            # and leave the port in TIME_WAIT.
            self._httpd.close_connections()
        self._hub.close()
        if self._indexer is not None:
            self._indexer.stop()
        if self._httpd is not None:
            if any(thread.name == "digest-http" for thread in self._threads):
                self._httpd.shutdown()
            self._httpd.server_close()
        self._watcher.stop()
        building = self._end_build()
        self._remove_output()
        if building:  # it writes on into the output folder until the program ends
            _remove_after_exit(self.output_dir.parent)

    def _end_build(self) -> bool:
        """Give a running build a moment, then end the worker processes it renders with;
        whether it is still running."""
        builder = next((thread for thread in self._threads if thread.name == "digest-build"), None)
        if builder is not None:
            builder.join(STOP_WAIT)
            if builder.is_alive():
                _end_worker_processes()
                return True
        return False

    def wait(self) -> None:
        """Block until ``stop()``; Ctrl-C raises KeyboardInterrupt here."""
        _sleep_until(self._stopped, 0.1)

    def __enter__(self) -> PreviewServer:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def bound_port(self) -> int:
        assert self._httpd is not None, "start() first"
        return self._httpd.server_port

    @property
    def origin(self) -> str:
        """``http://host:port``, without the site's base path."""
        host = {"": "127.0.0.1", "0.0.0.0": "127.0.0.1", "::": "::1"}.get(self.host, self.host)
        return f"http://{f'[{host}]' if ':' in host else host}:{self.bound_port}"

    @property
    def url(self) -> str:
        """Where the site is: the origin and the base path of ``base_url``."""
        return self.origin + self._state.base_path

    # -- what the request handlers ask ------------------------------------------------

    def current_state(self) -> SiteState:
        """The state of the last build, waiting first for a running build to finish (for at
        most HOLD_LIMIT from its start: one that never ends, a plugin's loop, holds each
        request no longer)."""
        with self._cond:
            ready = self._cond.wait_for(
                lambda: not self._building or self._stopped.is_set(), timeout=self._held_until - time.monotonic()
            )
            if not ready and self._held_until > 0:
                self._held_until = 0.0  # said once a build
                print(
                    f"the build has run for over {HOLD_LIMIT:g} s: serving the last build until it ends"
                    " (if it never does, a plugin or template caught in a loop, Ctrl-C stops the preview)",
                    file=self._err,
                    flush=True,
                )
            return self._state

    def events(self) -> Iterator[bytes]:
        """One listener's event stream: ``hello`` with the current version, then every build."""
        cursor = self._hub.cursor()  # before reading the state, so that no build falls in between
        state = self._state
        hello = {
            "server": self.server_id,
            "version": state.version,
            "failed": bool(state.errors),
            "base": state.base_path,
        }
        yield format_event("hello", hello)
        yield from self._hub.listen(cursor)

    # -- building -------------------------------------------------------------------

    def _build_loop(self) -> None:
        try:
            self._build(None)
            self._rewatch(first=True)
            self._settle()
        finally:
            self._told_base = self._state.base_path  # ``url`` now, which ``serve`` prints
            self._first_built.set()
        while (changed := self._batcher.wait(self._wait_time())) is not None:
            came_due = time.time() >= self._next_change  # the site changes by itself: build, though nothing was saved
            if not changed and not came_due:  # no save for a moment since a build left garbage behind
                self._collector.collect()
                continue
            try:
                self._build(changed)
                self._rewatch()
            except Exception:  # never let one bad build end the preview
                if not self._stopped.is_set():  # else its worker processes were ended on purpose
                    traceback.print_exc(file=self._err)

    def _settle(self) -> None:
        """After a first build that succeeded, before the preview is announced: collect the
        garbage it left (else collected when a first save comes), then build once more, told
        that nothing changed, for what a watched build keeps for the next (the content as
        loaded, the pages' claims and readers).  The first save is then rebuilt as fast as
        the later ones.  That build is said to no one unless it had something to do (an item
        that came due meanwhile)."""
        if self._state.built and not self._stopped.is_set():
            self._collector.collect()
            self._build(set(), quiet=True)

    def _rewatch(self, first: bool = False) -> None:
        """Watch what the build found to watch; a folder made meanwhile (``locales/``,
        ``templates/``) is looked at once more, for what was written in it before its watch."""
        added = self._watcher.watch(self._builder.watched_paths())
        if added and not first:
            self._batcher.add(added)

    def _wait_time(self) -> float | None:
        """How long to wait for a save: until a collection is due, or a future-dated item."""
        waits = [self._collector.wait_time()]
        if self._next_change != math.inf:
            waits.append(max(0.0, self._next_change - time.time()) + 0.05)
        return min((wait for wait in waits if wait is not None), default=None)

    def _build(self, changed: set[Path] | None, quiet: bool = False) -> None:
        """Build what ``changed`` (None: everything) and tell the browsers and the terminal;
        ``quiet``: neither, when the output is unchanged."""
        started = time.perf_counter()
        with self._cond:
            self._building = True
            self._held_until = time.monotonic() + HOLD_LIMIT
        changes = None if changed is None or self._unbuilt is None else self._unbuilt | changed
        result: BuildResult | None = None
        errors: tuple[str, ...] = ("the build was interrupted",)
        try:
            with self._indexer.paused() if self._indexer is not None else contextlib.nullcontext():
                result, errors = self._run_builder(changes)
        finally:  # whatever happens, held requests go on and the browsers hear of it
            with self._cond:
                was_failing = bool(self._state.errors)
                event = self._record(result, errors, was_failing)
                self._building = False
                self._cond.notify_all()
            told = not quiet or event[0] != "unchanged"
            if told:
                self._hub.publish(*event)
        if not self._stopped.is_set():
            if told:
                self._report(result, errors, was_failing, changed)
            self._collector.after_build(time.perf_counter() - started)

    def _waiting(self, message: str) -> None:
        """Another process builds the site (digest build, check, deploy) and this build waits
        for it: say so, and answer requests from the last build meanwhile rather than hold them
        until that other build is done (a minute or more on a big site)."""
        print(message, file=self._err, flush=True)
        with self._cond:
            self._building = False
            self._cond.notify_all()

    def _run_builder(self, changes: set[Path] | None) -> tuple[BuildResult | None, tuple[str, ...]]:
        self._next_change = math.inf  # until a build says when (a failing one: when an item it holds back comes due)
        try:
            result = self._builder.build(changed=None if changes is None else sorted(changes))
        except BuildFailed as failure:
            self._unbuilt = changes
            if failure.next_change > time.time():  # an article picked before it is due, built again then
                self._next_change = failure.next_change
            return None, (*(str(error) for error in failure.errors), *_upgraded()) or ("the build failed",)
        except OSError as error:  # the preview's output on a full disk, or made read-only: as digest build says it
            self._unbuilt = changes
            return None, (system_error(error), *_upgraded())
        except (Exception, SystemExit) as error:  # a bug in the build (or sys.exit()): a failure like any other
            self._unbuilt = changes
            if not self._stopped.is_set():
                traceback.print_exc(file=self._err)
            return None, (f"internal error: {type(error).__name__}: {error}", *_upgraded())
        self._unbuilt = set()
        self._next_change = result.next_change
        return result, ()

    def _record(
        self, result: BuildResult | None, errors: tuple[str, ...], was_failing: bool
    ) -> tuple[str, dict[str, Any]]:
        """Update the state after a build; return the event that tells the browsers."""
        state = self._state
        if result is None:
            if errors == state.errors:  # failed again the same way: the pages say so already
                return "unchanged", {"version": state.version}
            self._state = replace(state, version=state.version + 1, errors=errors)
            return "failed", {"version": self._state.version, "errors": list(errors)}
        base_path = result.base_path
        summary = {
            "seconds": round(result.seconds, 4),
            "written": len(result.written),
            "removed": len(result.removed),
        }
        if was_failing or result.removed or any(not path.endswith(".css") for path in result.written):
            self._state = SiteState(state.version + 1, (), base_path, built=True)
            return "reload", {"version": self._state.version, "base": base_path, **summary}
        if result.written:
            self._state = SiteState(state.version + 1, (), base_path, built=True)
            paths = [base_path + path for path in result.written]
            return "css", {"version": self._state.version, "paths": paths, **summary}
        self._state = SiteState(state.version, (), base_path, built=True)
        return "unchanged", {"version": state.version, **summary}

    def _report(
        self,
        result: BuildResult | None,
        errors: tuple[str, ...],
        was_failing: bool,
        changed: set[Path] | None,
    ) -> None:
        if result is None:
            shown = "serving the last good build" if self._state.built else "nothing to serve until a build succeeds"
            print(f"build failed ({len(errors)} error(s)); {shown}:", file=self._err)
            for error in errors:
                print(f"  {error}", file=self._err)
            self._err.flush()
            return
        html_changed = any(path.endswith(".html") for path in (*result.written, *result.removed))
        indexer, search = self._indexer, result.search
        if indexer is not None and search is not None and (changed is None or html_changed or indexer.outdated(search)):
            indexer.request(search, result.written, result.removed)
        warnings = {str(warning) for warning in result.warnings}
        for warning in sorted(warnings - self._warned):
            print(f"warning: {warning}", file=self._err)
        self._warned = warnings
        what = "built" if changed is None else "fixed: rebuilt" if was_failing else "rebuilt"
        print(
            f"{what} in {result.seconds:.2f} s: {len(result.written)} written, {len(result.removed)} removed"
            + (f" ({_describe(changed, self.site_dir)})" if changed else ""),
            file=self._out,
        )
        if self._told_base is not None and result.base_path != self._told_base:  # base_url's path changed,
            self._told_base = result.base_path  # or is known at last (the first build failed)
            print(f"now serving {self.url}", file=self._out)
        if changed is None and (note := result.held_back_note()):
            print(note, file=self._out)
        self._out.flush()

    # -- listening ------------------------------------------------------------------

    def _listen(self) -> PreviewHTTPServer:
        try:
            family = socket.getaddrinfo(self.host or None, self.port, type=socket.SOCK_STREAM)[0][0]
        except (socket.gaierror, UnicodeError) as error:
            raise ServeError(f"cannot listen on {self.host!r}: unknown host ({error})") from None
        attempts = 1 if self.port == 0 or self.exact_port else PORT_ATTEMPTS
        for port in range(self.port, min(self.port + attempts, 65536)):
            try:
                server = PreviewHTTPServer((self.host, port), family, self)
            except OSError as error:
                if error.errno == errno.EADDRINUSE:
                    continue
                raise ServeError(f"cannot listen on {self.host}:{port}: {error.strerror or error}") from None
            except OverflowError:
                break
            if port != self.port:
                print(f"port {self.port} is in use; serving on port {port} instead", file=self._err)
            return server
        if not 0 <= self.port <= 65535:
            raise ServeError(f"port {self.port} is not a port number (0-65535)")
        if self.exact_port:
            raise ServeError(f"port {self.port} on {self.host} is in use; choose another with --port")
        raise ServeError(
            f"ports {self.port}-{self.port + attempts - 1} on {self.host} are all in use; choose another with --port"
        )

    def _serve_forever(self) -> None:
        assert self._httpd is not None
        self._httpd.serve_forever(poll_interval=0.1)

    def _spawn(self, target: Callable[[], None], name: str) -> None:
        thread = threading.Thread(target=target, name=name, daemon=True)
        self._threads.append(thread)
        thread.start()


def _sleep_until(event: threading.Event, interval: float) -> None:
    """Wait for ``event`` without taking its lock (not ``event.wait``): the KeyboardInterrupt
    that Ctrl-C raises in the waiting thread, had it come as the lock was taken, would leave
    the lock taken, and ``stop``, setting the event, would wait for it for ever."""
    while not event.is_set():
        time.sleep(interval)


def _describe(changed: set[Path], site_dir: Path) -> str:
    """The files a rebuild was for: those there now (not the temporary file an editor or
    ``sed -i`` wrote and renamed over the real one), or else those gone (deleted)."""
    there = [path for path in changed if path.exists()]
    names = sorted(shown_path(path, site_dir) for path in there or changed)
    return ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")


def serve(
    site_dir: Path,
    options: BuildOptions,
    host: str = "127.0.0.1",
    port: int = 8000,
    live_reload: bool = True,
    out: TextIO | None = None,
    err: TextIO | None = None,
    open_browser: bool = False,
    exact_port: bool = False,
) -> int:
    """Build and serve ``site_dir`` until Ctrl-C or SIGTERM; the exit code: 0, or 1 when the
    server cannot start.  A build may still be running on its thread when this returns: the
    caller ends the process (``digest serve`` does at once).  ``open_browser``: open the
    site in the user's web browser (``webbrowser``, which follows ``$BROWSER``) once served.
    ``exact_port``: the port or an error (else a busy port moves to the next free one)."""
    out = out or sys.stdout
    err = err or sys.stderr
    server = PreviewServer(site_dir, options, host, port, live_reload, out=out, err=err, exact_port=exact_port)
    signals = _StopSignals()
    try:
        server.start()
        reload_note = "the browser reloads on every change" if live_reload else "live reload off"
        print(f"serving {server.url} ({reload_note}); press Ctrl-C to stop", file=out, flush=True)
        if open_browser:
            threading.Thread(target=webbrowser.open, args=(server.url,), daemon=True).start()
        server.wait()
    except ServeError as error:
        print(f"digest serve: error: {error}", file=err)
        return 1
    except KeyboardInterrupt:
        pass
    finally:
        signals.heard = True  # a second Ctrl-C while stopping changes nothing
        server.stop()
        signals.restore()
    print("stopped", file=out, flush=True)
    return 0


class _GarbageCollector:
    """Frees the cycles that builds leave behind (the records and pages a build replaced).

    A build holds the collector while it makes its records (``build.gc_paused``), so, left
    to itself, the collector seldom runs a full collection in a long-lived preview, and
    memory would grow with every rebuild.  A full collection costs a few milliseconds on a
    small site and seconds on a big one: it is due once the time spent building since the
    last one is ``ratio`` times what the last one took, and runs when no save came for
    ``QUIET`` seconds (the browsers' reloads are served by then), or at once after
    ``PATIENCE`` builds.  Builds leave little cyclic garbage (a page's views let go of the
    records), so a collection that finds less than ``FEW`` objects doubles the ratio (up to
    ``MOST``): a save that comes during a collection waits for it.  One that finds more sets
    it back to 2.
    """

    QUIET = 0.3
    PATIENCE = 3
    FEW = 1000
    MOST = 64

    def __init__(self) -> None:
        self._building = 0.0  # seconds spent building since the last collection
        self.cost = 0.0  # seconds the last collection took
        self._waited = 0  # builds since the collection became due
        self.ratio = 2  # building time, as a multiple of the last collection's, that makes the next due

    @property
    def due(self) -> bool:
        return self._building >= self.ratio * self.cost

    def wait_time(self) -> float | None:
        """How long the build loop waits for a save before it collects; None: no collection due."""
        return self.QUIET if self.due else None

    def after_build(self, seconds: float) -> None:
        self._building += seconds
        if self.due:
            self._waited += 1
            if self._waited >= self.PATIENCE:
                self.collect()

    def collect(self) -> int:
        """Run a full collection; returns the number of unreachable objects it found."""
        started = time.perf_counter()
        found = gc.collect()
        self.cost = time.perf_counter() - started
        self._building = 0.0
        self._waited = 0
        self.ratio = 2 if found >= self.FEW else min(self.ratio * 2, self.MOST)
        return found


# SIGHUP: the terminal the preview runs in was closed.
STOP_SIGNALS = (signal.SIGHUP,) if hasattr(signal, "SIGHUP") else ()


class _StopSignals:
    """Ctrl-C (SIGINT), SIGTERM and SIGHUP raise KeyboardInterrupt in the main thread, once.

    Processes a build forks inherit the handler; in them it does nothing, so that a Ctrl-C
    sent to the terminal's whole process group prints no traceback from each of them
    (``PreviewServer.stop`` ends them).
    """

    def __init__(self) -> None:
        self.heard = False
        self._owner = os.getpid()
        self._previous: dict[int, Any] = {}
        if threading.current_thread() is threading.main_thread():
            for number in (signal.SIGINT, signal.SIGTERM, *STOP_SIGNALS):
                self._previous[number] = signal.signal(number, self._interrupt)

    def _interrupt(self, signum: int, frame: FrameType | None) -> None:
        if os.getpid() == self._owner and not self.heard:
            self.heard = True
            raise KeyboardInterrupt

    def restore(self) -> None:
        for number, handler in self._previous.items():
            signal.signal(number, handler)


# Run by the indexer's child process (named INDEXER_NAME, as its workers are, in ``ps``), at a
# lower priority than the preview's builds: the pages named on stdin re-indexed (every page
# compared with the index when told to refresh), or the error's message and exit status 1.
INDEXER_NAME = "digest-index"
_INDEX_SCRIPT = f"""
import json
import os
import sys
sys.path.insert(0, sys.argv[2])
if hasattr(os, "nice"):
    os.nice(10)
from pathlib import Path
from digest.errors import DigestError
from digest.process import die_with_parent, name_process
die_with_parent(int(sys.argv[3]))  # even while stopped (a build holds it) when the preview is killed
name_process({INDEXER_NAME!r})
from digest.search import IndexOptions, refresh_search_index, update_search_index
task = json.load(sys.stdin)
cache = Path(task["cache"]) if task["cache"] else None
# Updated in place while the browser may be searching it: a part keeps its last files a while.
options = IndexOptions(task["language"], tuple(task["exclude"]), cache, keep_previous=True)
output = Path(sys.argv[1])
try:
    if task["refresh"]:
        refresh_search_index(output, options)
    else:
        update_search_index(output, dict.fromkeys(task["written"]), task["removed"], options)
except DigestError as error:
    sys.exit(str(error))
"""


class _SearchIndexer:
    """Brings the preview's search index up to date in the background, one run at a time;
    the changes of requests made while a run is going on make one more run.  A run re-indexes
    the pages the builds wrote and removed; the first run, and the one after a run that
    failed or was stopped, compares every page with the index instead.

    Each run is a child process in a process group of its own (its worker processes run under
    it), so that ``stop`` can end them all at once rather than wait seconds on a big site, and
    so that a build can hold it (``paused``): a build has every core, and the next run waits
    for it, so that a save reloads the browser as fast while the index catches up.
    """

    def __init__(self, output_dir: Path, err: TextIO, indexed: Callable[[], None] = lambda: None):
        self.output_dir = output_dir
        self.err = err
        self.indexed = indexed  # told when a run brought the index up to date (search pages reload)
        self._wanted = threading.Event()
        self._options = IndexOptions()  # how the built-in search indexes the site
        self._refresh = True  # what changed since the index was last current is not known
        self._written: set[str] = set()
        self._removed: set[str] = set()
        self._stopped = False
        self._lock = threading.Lock()
        self._process: subprocess.Popen[str] | None = None
        self._holds = 0  # builds running: no run starts, and a running one is stopped
        self._free = threading.Condition(self._lock)

    @contextlib.contextmanager
    def paused(self) -> Iterator[None]:
        """Hold the indexer while the block runs (a build): its process, if any, is stopped
        (SIGSTOP where there is one) and goes on afterwards; no run starts meanwhile."""
        with self._lock:
            self._holds += 1
            if self._holds == 1 and self._process is not None:
                _signal_group(self._process, "SIGSTOP")
        try:
            yield
        finally:
            with self._lock:
                self._holds -= 1
                if not self._holds:
                    if self._process is not None:
                        _signal_group(self._process, "SIGCONT")
                    self._free.notify_all()

    def outdated(self, options: IndexOptions) -> bool:
        """Whether the index is kept otherwise than ``options`` say (digest.yaml's search
        settings changed): every page is compared with the index again, though none changed."""
        with self._lock:
            return options != self._options

    def request(self, options: IndexOptions, written: Iterable[str] = (), removed: Iterable[str] = ()) -> None:
        with self._lock:
            self._refresh = self._refresh or options != self._options
            self._options = options
            for path in written:  # the last build's word on a path counts
                self._removed.discard(path)
                self._written.add(path)
            for path in removed:
                self._written.discard(path)
                self._removed.add(path)
        self._wanted.set()

    def stop(self) -> None:
        with self._lock:
            self._stopped = True
            if self._process is not None:
                _kill_group(self._process)
            self._free.notify_all()
        self._wanted.set()

    def run(self) -> None:
        while True:
            self._wanted.wait()
            if self._stopped:
                return
            self._wanted.clear()
            self._index()

    def _index(self) -> None:
        package_root = str(Path(__file__).resolve().parents[2])
        command = [sys.executable, "-c", _INDEX_SCRIPT, str(self.output_dir), package_root, str(os.getpid())]
        with self._lock:
            self._free.wait_for(lambda: self._stopped or not self._holds)
            if self._stopped:
                return
            task = {
                "refresh": self._refresh,
                "written": sorted(self._written),
                "removed": sorted(self._removed),
                "language": self._options.language,
                "exclude": list(self._options.exclude),
                "cache": str(self._options.cache) if self._options.cache else "",
            }
            self._refresh, self._written, self._removed = False, set(), set()
            self._process = subprocess.Popen(
                command,
                stdin=subprocess.PIPE,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                text=True,
                errors="replace",
                start_new_session=True,
            )
        _, errors = self._process.communicate(json.dumps(task))
        with self._lock:
            process, self._process = self._process, None
            failed, stopped = process.returncode != 0, self._stopped
            if failed:
                self._refresh = True  # the index may be half updated: compare every page next time
                if not stopped:  # the preview's folder is removed when it stops
                    print(f"warning: {errors.strip() or 'search index: failed'}", file=self.err)
        if not failed and not stopped:
            self.indexed()


def _remove_folder(folder: Path) -> None:
    """Remove ``folder`` (renamed aside first, so that it is gone at once); what takes longer
    than ``REMOVE_WAIT`` (a big site's output) is left to a child process that outlives this one."""
    doomed = folder.with_name(folder.name + ".removing")
    try:
        folder.rename(doomed)
    except OSError:
        doomed = folder
    remover = threading.Thread(target=shutil.rmtree, args=(doomed, True), name="digest-remove", daemon=True)
    remover.start()
    remover.join(REMOVE_WAIT)
    if remover.is_alive():
        command = [sys.executable, "-c", "import shutil, sys; shutil.rmtree(sys.argv[1], True)", str(doomed)]
        with contextlib.suppress(OSError):
            subprocess.Popen(
                command,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                start_new_session=True,
            )


def _remove_after_exit(folder: Path) -> None:
    """Remove ``folder`` once this process has ended, by a child process that outlives it."""
    script = (
        "import os, shutil, sys, time\n"
        "while os.getppid() == int(sys.argv[1]):\n"
        "    time.sleep(0.05)\n"
        "shutil.rmtree(sys.argv[2], True)\n"
    )
    with contextlib.suppress(OSError):
        subprocess.Popen(
            [sys.executable, "-c", script, str(os.getpid()), str(folder)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )


def _end_worker_processes() -> None:
    """Kill the worker processes a build forked to render pages."""
    for child in multiprocessing.active_children():
        with contextlib.suppress(OSError, ValueError):
            child.kill()


def _signal_group(process: subprocess.Popen[str], name: str) -> None:
    """Send the signal ``name`` to a child started with ``start_new_session`` and its children,
    where the platform has that signal and process groups."""
    number = getattr(signal, name, None)
    if number is not None and hasattr(os, "killpg"):
        with contextlib.suppress(OSError):
            os.killpg(process.pid, number)


def _kill_group(process: subprocess.Popen[str]) -> None:
    """End a child started with ``start_new_session`` and everything it started."""
    if hasattr(os, "killpg") and hasattr(signal, "SIGKILL"):
        _signal_group(process, "SIGKILL")
    else:
        with contextlib.suppress(OSError):
            process.kill()


def _upgraded() -> tuple[str, ...]:
    """What a failed build adds when digest's own files changed since the preview started:
    its errors may come of the old code running with the new files."""
    if not code_changed():
        return ()
    return (
        "digest was changed while this preview ran (upgraded or installed again): "
        "stop it (Ctrl-C) and run digest serve again",
    )
