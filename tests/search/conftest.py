"""Fixtures for static search: the example site built into folders served over real HTTP on
127.0.0.1, indexed with Pagefind, and headless Chromium (Debian's) through Playwright."""

from __future__ import annotations

import http.server
import shutil
import threading
from collections.abc import Callable, Iterator
from functools import partial
from typing import Any

import pytest
from search_helpers import QuietHandler, Served, build, copy_example_site


@pytest.fixture(scope="module")
def serve_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Callable[..., Served]]:
    """Build the example site under ``prefix`` ('' or 'repo/') of a fresh web server's root,
    with ``files`` (path -> text) added to it.  ``digest build`` writes the search index;
    ``index=False`` removes it again."""
    servers: list[http.server.ThreadingHTTPServer] = []

    def serve(prefix: str = "", index: bool = True, files: dict[str, str] | None = None) -> Served:
        work = tmp_path_factory.mktemp("search-site")
        www = work / "www"
        www.mkdir()
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), partial(QuietHandler, directory=str(www)))
        servers.append(server)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        url = f"http://127.0.0.1:{server.server_address[1]}/{prefix}"
        site = copy_example_site(work / "site")
        for name, text in (files or {}).items():
            (site / name).write_text(text, encoding="utf-8")
        output = www / prefix if prefix else www
        build(site, output, url)
        assert (output / "pagefind" / "pagefind.js").is_file()
        if not index:
            shutil.rmtree(output / "pagefind")
        return Served(site, output, url)

    yield serve
    for server in servers:
        server.shutdown()
        server.server_close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A fresh tab that may talk to 127.0.0.1 only: search must need nothing from the internet."""
    context = browser.new_context()
    context.set_default_timeout(10_000)
    outside: list[str] = []

    def block_outside(route: Any) -> None:
        if route.request.url.startswith(("http://127.0.0.1:", "data:", "blob:")):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    context.route("**/*", block_outside)
    errors: list[str] = []
    tab = context.new_page()
    tab.on("pageerror", lambda error: errors.append(str(error)))
    yield tab
    context.close()
    assert outside == [], f"the page asked for something outside 127.0.0.1: {outside}"
    assert errors == [], f"JavaScript errors on the page: {errors}"
