"""Fixtures for the theme's checks: the showcase site (theme_helpers) built through the real
CLI and served over real HTTP on 127.0.0.1, in English, Turkish and Arabic."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import pytest
from theme_helpers import build, write_showcase_site


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@dataclass
class Showcase:
    site: Path
    output: Path
    url: str  # where the output is served, ending in '/'


@pytest.fixture(scope="module")
def showcase(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Callable[..., Showcase]]:
    """Build the showcase site with ``config`` added to digest.yaml and serve it."""
    servers: list[http.server.ThreadingHTTPServer] = []
    built: dict[tuple[str, str | None], Showcase] = {}

    def make(config: str = "", foreign: str | None = "tr") -> Showcase:
        if (config, foreign) not in built:
            site = write_showcase_site(tmp_path_factory.mktemp("showcase"), config, foreign)
            output = build(site)
            server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), partial(QuietHandler, directory=str(output)))
            servers.append(server)
            threading.Thread(target=server.serve_forever, daemon=True).start()
            built[config, foreign] = Showcase(site, output, f"http://127.0.0.1:{server.server_address[1]}/")
        return built[config, foreign]

    yield make
    for server in servers:
        server.shutdown()
        server.server_close()


@pytest.fixture
def serve_folder() -> Iterator[Callable[[Path], str]]:
    """Serve a folder over HTTP on 127.0.0.1 (search needs a web server); gives its URL."""
    servers: list[http.server.ThreadingHTTPServer] = []

    def serve(folder: Path) -> str:
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), partial(QuietHandler, directory=str(folder)))
        servers.append(server)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        return f"http://127.0.0.1:{server.server_address[1]}/"

    yield serve
    for server in servers:
        server.shutdown()
        server.server_close()
