"""The event stream that tells open pages about builds, and holding requests during a build."""

from __future__ import annotations

import io
import re
import threading
import time

import pytest
from serve_helpers import EventStream, FakeServer, OpenEvents, fetch, wait_until

from digest.errors import ContentError
from digest.serve import server as server_module
from digest.serve.events import KEEPALIVE, EventHub, format_event


def test_an_event_is_one_sse_message() -> None:
    message = format_event("reload", {"version": 3, "note": "a\nb"}, 7)
    assert message == b'id: 7\nevent: reload\ndata: {"version":3,"note":"a\\nb"}\n\n'


def test_a_listener_gets_what_was_published_after_it_started() -> None:
    hub = EventHub()
    hub.publish("reload", {"version": 1})
    stream = hub.listen(hub.cursor(), keepalive=0.05)
    assert next(stream) == KEEPALIVE
    hub.publish("css", {"version": 2})
    hub.publish("reload", {"version": 3})
    assert next(stream) == format_event("css", {"version": 2}, 2) + format_event("reload", {"version": 3}, 3)
    threading.Timer(0.05, hub.close).start()
    assert set(stream) <= {KEEPALIVE}  # and then the stream ends


def test_hello_matches_the_version_on_the_page(fake_server: FakeServer) -> None:
    server, _ = fake_server()
    page = fetch(server, "/").text
    assert f'data-server="{server.server_id}"' in page
    version = re.search(r'data-version="(\d+)"', page)
    assert version is not None
    stream = EventStream(server)
    try:
        hello = stream.next()
    finally:
        stream.close()
    expected = {"server": server.server_id, "version": int(version.group(1)), "failed": False, "base": "/"}
    assert hello == ("hello", expected)
    assert 'data-base="/"' in page


def test_every_build_sends_one_event(fake_server: FakeServer, events: OpenEvents) -> None:
    server, builder = fake_server()
    stream = events(server)
    content = server.site_dir / "content"
    (content / "same.md").write_text("output unchanged")
    name, data = stream.next()
    assert name == "unchanged"
    builder.files["static/style.css"] = b"body { color: red; }"
    (content / "style-source.md").write_text("css")
    name, data = stream.next()
    assert (name, data["paths"]) == ("css", ["/static/style.css"])
    builder.errors = [ContentError("date: not a date", "content/a.md", 3)]
    (content / "a.md").write_text("broken")
    name, data = stream.next()
    assert (name, data["errors"]) == ("failed", ["content/a.md:3: date: not a date"])
    (content / "a.md").write_text("still broken")  # the same error: the open pages need not reload
    assert stream.next()[0] == "unchanged"
    builder.errors = []
    (content / "a.md").write_text("fixed")  # the output is as before, yet the pages must lose the overlay
    assert stream.next()[0] == "reload"


def test_the_stream_ends_when_the_server_stops(fake_server: FakeServer, events: OpenEvents) -> None:
    server, _ = fake_server()
    stream = events(server)
    server.stop()
    try:
        stream.next(timeout=5)
    except (EOFError, ConnectionError):
        pass
    else:
        raise AssertionError("the stream went on after stop()")


def test_requests_wait_while_a_build_runs(fake_server: FakeServer, events: OpenEvents) -> None:
    server, builder = fake_server()
    stream = events(server)
    builder.seconds = 0.6
    builder.files["index.html"] = b"<html><body>after the build</body></html>"
    (server.site_dir / "content" / "x.md").write_text("x")
    time.sleep(0.3)  # past the quiet window: the build is running now
    assert len(builder.calls) == 2
    started = time.monotonic()
    response = fetch(server, "/")
    assert "after the build" in response.text  # never the old page, never a half-built one
    assert time.monotonic() - started > 0.2
    assert fetch(server, "/__digest__/livereload.js").status == 200  # the script and events are not held
    assert stream.next()[0] == "reload"


def test_a_build_that_never_ends_holds_requests_for_the_limit_once_not_each(
    fake_server: FakeServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A hooks file or template caught in a loop: pages wait for the build at most HOLD_LIMIT
    from its start, then come from the last build at once (each had waited the limit anew, a
    minute a page), and the preview says why."""
    monkeypatch.setattr(server_module, "HOLD_LIMIT", 0.5)
    told = io.StringIO()
    server, builder = fake_server(err=told)
    builder.seconds = 30  # never ends while the test runs
    (server.site_dir / "content" / "x.md").write_text("x")
    wait_until(lambda: len(builder.calls) == 2)
    assert "Home" in fetch(server, "/").text  # waited, then the last build
    started = time.monotonic()
    assert "Turkey" in fetch(server, "/topics/turkey/").text
    assert time.monotonic() - started < 0.3
    assert "the build has run for over 0.5 s" in told.getvalue()
