"""Fixtures for the importer tests: a fixed import time, a site on tmp_path, a local HTTP server."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from importer_helpers import IMPORT_EPOCH, ImportResult, LocalServer, free_port_url, make_runner, serve_fixtures


@pytest.fixture(autouse=True)
def fixed_clock_no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    """A fixed import time, and no proxy between the tests and their local server."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", IMPORT_EPOCH)
    for name in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """An empty site: digest.yaml and content/."""
    folder = tmp_path / "site"
    (folder / "content").mkdir(parents=True)
    (folder / "digest.yaml").write_text('title: Import Test\nbase_url: "https://example.org/"\n', encoding="utf-8")
    return folder


@pytest.fixture
def run_import_args(site: Path) -> Callable[..., ImportResult]:
    """Run ``digest import ARGS`` in ``site`` through ``run_import``."""
    return make_runner(site)


@pytest.fixture(scope="session")
def server() -> Iterator[LocalServer]:
    with serve_fixtures() as local:
        yield local


@pytest.fixture
def refused_url() -> str:
    return free_port_url()
