"""Fixtures for the preview server: real servers on free ports of 127.0.0.1, real sites,
a stand-in builder for tests of serving alone, and headless Chromium through Playwright."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from serve_helpers import (
    ARTICLES,
    FAKE_FILES,
    EventStream,
    FakeBuilder,
    FakeServer,
    OpenEvents,
    StartServer,
    write_site,
)

from digest.build import BuildOptions
from digest.errors import DigestError
from digest.serve import PreviewServer


def pytest_configure(config: pytest.Config) -> None:
    # watchdog warns when a folder and its subfolder appear at once; serve silences it the same way.
    config.addinivalue_line("filterwarnings", "ignore:Callback with id:RuntimeWarning")


# -- sites ---------------------------------------------------------------------------


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """A small real site: three articles on two topics."""
    return write_site(tmp_path / "site", ARTICLES)


# -- servers -------------------------------------------------------------------------


@pytest.fixture
def start_server() -> Iterator[StartServer]:
    """Start a PreviewServer on a free port; every server started is stopped after the test."""
    servers: list[PreviewServer] = []

    def start(site_dir: Path, options: BuildOptions | None = None, **kwargs: Any) -> PreviewServer:
        kwargs.setdefault("port", 0)
        kwargs.setdefault("out", io.StringIO())
        kwargs.setdefault("err", io.StringIO())
        server = PreviewServer(site_dir, options or BuildOptions(), **kwargs)
        servers.append(server)
        server.start()
        return server

    yield start
    for server in servers:
        server.stop()


@pytest.fixture
def fake_server(tmp_path: Path, start_server: StartServer) -> FakeServer:
    """A PreviewServer over a FakeBuilder: ``fake_server(files=..., base_path=..., **server_kwargs)``."""

    def start(
        files: dict[str, bytes] | None = None,
        base_path: str = "/",
        errors: list[DigestError] | None = None,
        **kwargs: Any,
    ) -> tuple[PreviewServer, FakeBuilder]:
        site_dir = tmp_path / "fake-site"
        (site_dir / "content").mkdir(parents=True, exist_ok=True)
        (site_dir / "digest.yaml").write_text("title: Fake\n", encoding="utf-8")
        builders: list[FakeBuilder] = []

        def factory(site: Path, options: BuildOptions) -> FakeBuilder:
            assert options.output is not None
            builders.append(FakeBuilder(site, options.output, dict(files or FAKE_FILES), base_path, list(errors or [])))
            return builders[0]

        server = start_server(site_dir, builder_factory=factory, **kwargs)
        return server, builders[0]

    return start


# -- events --------------------------------------------------------------------------


@pytest.fixture
def events() -> Iterator[OpenEvents]:
    streams: list[EventStream] = []

    def open_stream(server: PreviewServer) -> EventStream:
        stream = EventStream(server)
        streams.append(stream)
        name, _ = stream.next()
        assert name == "hello"
        return stream

    yield open_stream
    for stream in streams:
        stream.close()


# -- browser -------------------------------------------------------------------------


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context()
    context.set_default_timeout(10_000)
    tab = context.new_page()
    yield tab
    context.close()
