"""Fixtures for ``digest check``: run it like the CLI does, and a local web server for --external."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from tests.check.check_helpers import LinkServer, run_check_command
from tests.conftest import CliResult


@pytest.fixture(autouse=True)
def no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    """Nothing between the checker and the local server."""
    for name in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def check() -> Callable[..., CliResult]:
    return run_check_command


@pytest.fixture
def link_server() -> Iterator[LinkServer]:
    server = LinkServer()
    server.thread.start()
    yield server
    server.httpd.shutdown()
    server.httpd.server_close()
