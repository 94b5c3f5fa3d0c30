"""The example site in this repository, built for real and checked like a visitor would."""

from __future__ import annotations

import shutil
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import feedparser
import pytest

from tests.conftest import REPO, run_cli

SEED_SLUG = "turkeys-purchase-of-russian-missile-poses-threat-to-nato-us"
EXPECTED_PAGES = [
    "index.html",
    f"articles/{SEED_SLUG}/index.html",
    "topics/index.html",
    "topics/turkey/index.html",
    "topics/politics/index.html",
    "topics/turkey/feed.xml",
    "topics/politics/feed.xml",
    "digests/index.html",
    "digests/week-26/index.html",
    "digests/feed.xml",
    "archive/index.html",
    "search/index.html",
    "about/index.html",
    "feed.xml",
    "sitemap.xml",
    "robots.txt",
    "404.html",
    "static/style.css",
]


class LinkCollector(HTMLParser):
    """Collects every href/src and every id of one HTML page."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[tuple[str, str]] = []  # (tag, url)
        self.ids: set[str] = set()
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("href", "src") and value is not None:
                self.links.append((tag, value))
            if name == "id" and value:
                self.ids.add(value)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse_page(path: Path) -> LinkCollector:
    collector = LinkCollector()
    collector.feed(path.read_text(encoding="utf-8"))
    return collector


def resolve_internal(output: Path, page: str, link: str) -> Path | None:
    """The file an internal link from ``page`` leads to, or None for an outside link."""
    parts = urlsplit(link)
    if parts.scheme or parts.netloc or link.startswith("#") or not parts.path:
        return None
    target = urlsplit(urljoin("http://site/" + page, link)).path.lstrip("/")
    target = unquote(target)
    if target == "" or target.endswith("/"):
        target += "index.html"
    return output / target


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("example")
    shutil.copytree(REPO / "content", site / "content")
    shutil.copy(REPO / "digest.yaml", site / "digest.yaml")
    result = run_cli("build", "-C", site)
    assert result.code == 0, result.err
    return site / "public"


def test_every_listed_page_exists(built: Path) -> None:
    missing = [page for page in EXPECTED_PAGES if not (built / page).is_file()]
    assert missing == []


def test_every_internal_link_and_asset_resolves(built: Path) -> None:
    broken = []
    checked = 0
    for page in sorted(built.rglob("*.html")):
        relative = page.relative_to(built).as_posix()
        if relative == "404.html":
            continue  # absolute links from base_url's path: checked in test_subpath
        for tag, link in parse_page(page).links:
            target = resolve_internal(built, relative, link)
            if target is None:
                continue
            checked += 1
            if not target.is_file():
                broken.append(f"{relative}: <{tag}> {link}")
    assert broken == []
    assert checked > 100


def test_seed_article_shows_its_source_link_and_no_orphan_caption(built: Path) -> None:
    html = (built / f"articles/{SEED_SLUG}/index.html").read_text()
    page = parse_page(built / f"articles/{SEED_SLUG}/index.html")
    text = " ".join(" ".join(page.text).split())
    assert "Turkey's purchase of Russian missile poses threat to NATO: US" in text
    # The scrape kept the photo's caption and credit but not the photo: no caption without its image.
    assert "<figcaption" not in html and "This image shows Russian S-400 Triumph" not in text
    assert "US officials have warned Turkey" in text  # the summary, as the standfirst
    assert "Press TV" in text
    assert any(link.startswith("https://") and tag == "a" for tag, link in page.links if "presstv" in link)
    assert "SHARE THIS ARTICLE" not in text
    assert "../../topics/turkey/" in [link for _, link in page.links]


def test_digest_page_links_to_the_seed_article_and_its_source(built: Path) -> None:
    page = parse_page(built / "digests/week-26/index.html")
    links = [link for _, link in page.links]
    assert f"../../articles/{SEED_SLUG}/" in links
    assert any("presstv" in link for link in links)
    assert "F-35" in " ".join(page.text)


def test_topic_index_counts(built: Path) -> None:
    text = " ".join(" ".join(parse_page(built / "topics/index.html").text).split())
    assert "Turkey 1 article" in text
    assert "Politics 1 article" in text


def test_feeds_parse_without_errors_and_have_the_right_entries(built: Path) -> None:
    expectations = {
        "feed.xml": ["Turkey's purchase of Russian missile poses threat to NATO: US"],
        "topics/turkey/feed.xml": ["Turkey's purchase of Russian missile poses threat to NATO: US"],
        "topics/politics/feed.xml": ["Turkey's purchase of Russian missile poses threat to NATO: US"],
        "digests/feed.xml": ["Week 26"],
    }
    for path, titles in expectations.items():
        feed = feedparser.parse((built / path).read_bytes())
        assert not feed.bozo, (path, feed.get("bozo_exception"))
        assert feed.version == "atom10"
        assert [entry.title for entry in feed.entries] == titles
        for entry in feed.entries:
            assert entry.link.startswith("https://example.org/")
    site_feed = feedparser.parse((built / "feed.xml").read_bytes())
    assert [tag.term for tag in site_feed.entries[0].tags] == ["turkey", "politics"]


def test_every_page_links_its_feeds_for_autodiscovery(built: Path) -> None:
    for page in built.rglob("*.html"):
        if page.name == "email.html":
            continue  # a newsletter, not a page of the site
        collector = LinkCollector()
        text = page.read_text(encoding="utf-8")
        collector.feed(text)
        assert 'rel="alternate" type="application/atom+xml"' in text, page


def test_sitemap_lists_every_page(built: Path) -> None:
    tree = ET.parse(built / "sitemap.xml")
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locs = {loc.text for loc in tree.getroot().findall("s:url/s:loc", namespace)}
    pages = {
        "https://example.org/" + page.relative_to(built).as_posix().removesuffix("index.html")
        for page in built.rglob("*.html")
        if page.name not in ("404.html", "email.html")
    }
    assert locs == pages
    assert "https://example.org/sitemap.xml" in (built / "robots.txt").read_text()
