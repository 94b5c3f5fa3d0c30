"""What the pages tell machines, read back with extruct as search engines and social networks
read it: OpenGraph and JSON-LD on every page, NewsArticle for articles, CollectionPage/ItemList
for issues, topics and the archive, BreadcrumbList, WebPage for the others; and the sitemap's lastmod."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import Showcase
from theme_helpers import HEADLINES, SOURCES, slug

extruct = pytest.importorskip("extruct")


def _data(output: Path, path: str, url: str) -> dict[str, Any]:
    html = (output / (path if path.endswith(".html") else path + "index.html")).read_text(encoding="utf-8")
    return extruct.extract(html, base_url=url, syntaxes=["json-ld", "opengraph"], uniform=True)


def _of_type(data: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [item for item in data["json-ld"] if item.get("@type") == kind]


def test_every_page_has_opengraph_and_twitter_tags(showcase: Callable[..., Showcase]) -> None:
    served = showcase()
    pages = sorted(served.output.rglob("*.html"))
    assert len(pages) > 25
    for page in pages:
        relative = page.relative_to(served.output).as_posix()
        if relative.endswith("email.html"):
            continue
        data = _data(served.output, relative, "https://example.org/" + relative)
        assert len(data["opengraph"]) == 1, relative
        og = data["opengraph"][0]
        assert og.get("og:title") and og.get("og:description"), relative
        assert og.get("og:image", "").startswith("https://example.org/"), relative
        html = page.read_text(encoding="utf-8")
        assert '<meta name="twitter:card" content="summary_large_image">' in html, relative
        assert data["json-ld"], relative


def test_pages_without_a_kind_of_their_own_are_web_pages(showcase: Callable[..., Showcase]) -> None:
    """A content page, the search page and the not-found page carry JSON-LD too: a WebPage of
    the site, at its address (the not-found page has none of its own)."""
    served = showcase()
    for path, name, url in (
        ("about/", "About", "https://example.org/about/"),
        ("search/", "Search", "https://example.org/search/"),
        ("404.html", "Page not found", None),
    ):
        (web_page,) = _of_type(_data(served.output, path, "https://example.org/"), "WebPage")
        assert web_page["name"] == name and web_page.get("url") == url, path
        assert web_page["isPartOf"] == {"@type": "WebSite", "name": "The Ankara Brief", "url": "https://example.org/"}


def test_each_article_is_a_news_article_crediting_its_source(showcase: Callable[..., Showcase]) -> None:
    served = showcase()
    for index, headline in enumerate(HEADLINES):
        path = f"articles/{slug(index)}/"
        data = _data(served.output, path, "https://example.org/" + path)
        (article,) = _of_type(data, "NewsArticle")
        assert article["headline"] == headline
        assert article["datePublished"].startswith("2026-")
        assert article["image"] and all(url.startswith("https://") for url in article["image"])
        assert article.get("author") or article.get("publisher")
        assert article["publisher"]["name"] == "The Ankara Brief"
        name, url = SOURCES[index % len(SOURCES)]
        assert article["isBasedOn"]["url"] == url
        assert article["isBasedOn"]["publisher"]["name"] == name
        og = data["opengraph"][0]
        assert og["@type"] == "article" and og["og:title"] == headline  # extruct moves og:type to @type
        assert og["article:published_time"].startswith("2026-")
        crumbs = _of_type(data, "BreadcrumbList")[0]["itemListElement"]
        assert crumbs[0]["item"] == "https://example.org/" and crumbs[-1]["name"] == headline


def test_an_article_with_a_photo_shares_it(showcase: Callable[..., Showcase]) -> None:
    served = showcase()
    data = _data(served.output, f"articles/{slug(0)}/", "https://example.org/")
    assert data["opengraph"][0]["og:image"] == "https://example.org/static/photo.png"
    assert _of_type(data, "NewsArticle")[0]["image"] == ["https://example.org/static/photo.png"]


def test_a_shared_photo_is_given_its_size_and_its_own_words(showcase: Callable[..., Showcase]) -> None:
    """A share card's photo has its pixel size (Facebook shows a photo without one only once it
    has fetched it, not on the first share) and its caption as alt text, on OpenGraph and X
    alike: on the article's page and on an issue that shares the photo of its first pick."""
    served = showcase()
    caption = "Soldiers stand next to missile launchers during a parade in the capital."
    for path in (f"articles/{slug(0)}/", "digests/week-24/"):
        og = _data(served.output, path, "https://example.org/" + path)["opengraph"][0]
        assert og["og:image"] == "https://example.org/static/photo.png", path
        assert (og["og:image:width"], og["og:image:height"]) == ("480", "270"), path
        assert og["og:image:alt"] == caption, path
        html = (served.output / path / "index.html").read_text(encoding="utf-8")
        assert f'<meta name="twitter:image:alt" content="{caption}">' in html, path
    plain = (served.output / f"articles/{slug(1)}/index.html").read_text(encoding="utf-8")
    assert '<meta property="og:image:width" content="1200">' in plain  # the theme's card
    assert f'<meta name="twitter:image:alt" content="{HEADLINES[1]}">' in plain


def test_issues_and_topics_are_item_lists(showcase: Callable[..., Showcase]) -> None:
    served = showcase()
    issue = _of_type(_data(served.output, "digests/week-24/", "https://example.org/"), "CollectionPage")[0]
    assert issue["name"] == "Week 24"
    items = issue["mainEntity"]["itemListElement"]
    assert [item["name"] for item in items] == HEADLINES[:4]
    assert items[0]["url"] == f"https://example.org/articles/{slug(0)}/"
    topic_data = _data(served.output, "topics/turkey/", "https://example.org/")
    topic = _of_type(topic_data, "CollectionPage")[0]
    assert topic["mainEntity"]["numberOfItems"] >= 1
    assert _of_type(topic_data, "BreadcrumbList")
    home = _data(served.output, "", "https://example.org/")
    assert _of_type(home, "WebSite")[0]["name"] == "The Ankara Brief"


def test_the_archive_is_an_item_list_of_its_articles(showcase: Callable[..., Showcase]) -> None:
    """The archive, a listing page as a topic is, tells what it lists as they do: a
    CollectionPage whose ItemList holds its articles in the page's order."""
    served = showcase()
    data = _data(served.output, "archive/", "https://example.org/archive/")
    (archive,) = _of_type(data, "CollectionPage")
    assert archive["name"] == "Archive" and archive["url"] == "https://example.org/archive/"
    items = archive["mainEntity"]["itemListElement"]
    html = (served.output / "archive/index.html").read_text(encoding="utf-8")
    listed = re.findall(r'<a href="\.\./articles/([^/"]+)/"', html.split('class="archive-month"', 1)[1])
    assert [item["url"] for item in items] == [f"https://example.org/articles/{name}/" for name in listed]
    assert archive["mainEntity"]["numberOfItems"] == len(items) == len(HEADLINES)
    assert sorted(item["name"] for item in items) == sorted(HEADLINES)


def test_sitemap_has_lastmod_for_dated_pages(showcase: Callable[..., Showcase]) -> None:
    served = showcase()
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    root = ET.parse(served.output / "sitemap.xml").getroot()
    dates = {
        url.findtext("s:loc", namespaces=namespace): url.findtext("s:lastmod", namespaces=namespace) for url in root
    }
    assert dates[f"https://example.org/articles/{slug(0)}/"] == "2026-11-27T21:00:00Z"  # 28 Nov in Istanbul
    assert dates["https://example.org/digests/week-24/"] == "2026-11-23T21:00:00Z"
    assert dates["https://example.org/"] == "2026-11-27T21:00:00Z"
    assert dates["https://example.org/topics/turkey/"] is not None


def test_article_tags_are_shown_and_given_as_keywords_and_article_tags(showcase: Callable[..., Showcase]) -> None:
    from theme_helpers import TAGS

    served = showcase()
    path = f"articles/{slug(0)}/"
    html = (served.output / path / "index.html").read_text(encoding="utf-8")
    data = _data(served.output, path, "https://example.org/" + path)
    (article,) = _of_type(data, "NewsArticle")
    assert all(tag in article["keywords"] for tag in TAGS[0])
    assert article["keywords"][0] == "Turkey"  # the topics first, then the tags
    for tag in TAGS[0]:
        assert f'<meta property="article:tag" content="{tag}">' in html
        assert f"<li>{tag}</li>" in html  # shown on the page
    assert '<ul class="tags" aria-label="Tags">' in html
    # A tag that is also a topic is given once.
    tagged = (served.output / f"articles/{slug(2)}/index.html").read_text(encoding="utf-8")
    assert tagged.count('<meta property="article:tag" content="Energy">') == 1
    untagged = (served.output / f"articles/{slug(3)}/index.html").read_text(encoding="utf-8")
    assert 'class="tags"' not in untagged


def test_tags_are_validated_with_file_and_line(tmp_path: Path) -> None:
    from tests.conftest import run_cli

    site = tmp_path / "site"
    (site / "content/articles").mkdir(parents=True)
    (site / "digest.yaml").write_text('title: T\nbase_url: "https://example.org/"\n', encoding="utf-8")
    front = "---\ntitle: {name}\ndate: 2024-03-01\ntopics: [Turkey]\n{tags}---\nText.\n"
    (site / "content/articles/2024-03-01-a.md").write_text(front.format(name="a", tags="tags: {a: 1}\n"))
    (site / "content/articles/2024-03-01-b.md").write_text(front.format(name="b", tags='tags:\n  - fine\n  - ""\n'))
    (site / "content/articles/2024-03-01-c.md").write_text(front.format(name="c", tags="tags: [2026, lira, lira]\n"))
    result = run_cli("build", "-C", site)
    assert result.code == 1
    assert "content/articles/2024-03-01-a.md:5: tags: expected a list of words, got a mapping" in result.err
    assert "content/articles/2024-03-01-b.md:7: tags[2]: expected a tag" in result.err
    assert "2024-03-01-c.md" not in result.err
    (site / "content/articles/2024-03-01-a.md").unlink()
    (site / "content/articles/2024-03-01-b.md").unlink()
    assert run_cli("build", "-C", site).code == 0
    html = (site / "public/articles/c/index.html").read_text(encoding="utf-8")
    assert html.count("<li>lira</li>") == 1 and "<li>2026</li>" in html


def test_pages_and_topics_are_described_by_their_own_words(tmp_path: Path) -> None:
    """A page's summary (else its first paragraph) and a topic's description (its first
    paragraph) are what its meta tags say, not the site's description."""
    from tests.conftest import run_cli

    site = tmp_path / "site"
    for folder in ("articles", "pages", "topics"):
        (site / "content" / folder).mkdir(parents=True)
    (site / "digest.yaml").write_text(
        'title: T\ndescription: "The site."\nbase_url: "https://example.org/"\n'
        "topics: {Energy: 'Pipelines and *power*.'}\n",
        encoding="utf-8",
    )
    for name in ("Turkey", "Energy"):
        (site / f"content/articles/2024-03-01-{name.lower()}.md").write_text(
            f"---\ntitle: {name} story\ndate: 2024-03-01\ntopics: [{name}]\n---\nText.\n", encoding="utf-8"
        )
    (site / "content/topics/turkey.md").write_text(
        "---\ntitle: Turkey\n---\nNews about *Turkey*.\n\n| Capital |\n|---|\n| Ankara |\n", encoding="utf-8"
    )
    (site / "content/pages/about.md").write_text(
        "---\ntitle: About\nsummary: Who we are.\n---\nWe pick the news.\n", encoding="utf-8"
    )
    (site / "content/pages/contact.md").write_text("---\ntitle: Contact\n---\nWrite to us.\n", encoding="utf-8")
    assert run_cli("build", "-C", site).code == 0
    expected = {
        "about/": "Who we are.",
        "contact/": "Write to us.",
        "topics/turkey/": "News about Turkey.",
        "topics/energy/": "Pipelines and power.",
    }
    for path, description in expected.items():
        data = _data(site / "public", path, "https://example.org/" + path)
        assert data["opengraph"][0]["og:description"] == description, path
        html = (site / "public" / path / "index.html").read_text(encoding="utf-8")
        assert f'<meta name="description" content="{description}">' in html, path
        assert f'<meta name="twitter:description" content="{description}">' in html, path


def test_a_site_without_a_description_is_described_by_its_name_as_written(tmp_path: Path) -> None:
    """With no description, pages say '<site>: news picked and annotated.' in their meta tags,
    the site's name as it is written ('Ankara & Beirut', not 'Ankara &amp; Beirut')."""
    from tests.conftest import run_cli

    site = tmp_path / "site"
    (site / "content/articles").mkdir(parents=True)
    (site / "digest.yaml").write_text('title: "Ankara & Beirut"\nbase_url: "https://example.org/"\n', encoding="utf-8")
    (site / "content/articles/2024-03-01-a.md").write_text(
        "---\ntitle: A\ndate: 2024-03-01\ntopics: [Turkey]\n---\nText.\n", encoding="utf-8"
    )
    assert run_cli("build", "-C", site).code == 0
    for path in ("", "topics/turkey/", "search/", "404.html"):
        data = _data(site / "public", path, "https://example.org/" + path)
        assert data["opengraph"][0]["og:description"] == "Ankara & Beirut: news picked and annotated.", path
        html = (site / "public" / (path if path.endswith(".html") else path + "index.html")).read_text(encoding="utf-8")
        assert '<meta name="description" content="Ankara &amp; Beirut: news picked and annotated.">' in html, path


def test_a_later_page_of_a_topic_is_named_as_its_heading_reads(tmp_path: Path) -> None:
    """Page 2 of the topic 'R&D <Lab>' is the CollectionPage 'R&D <Lab>, page 2', as its
    title and heading read (not 'R&amp;D &lt;Lab&gt;, page 2')."""
    from tests.conftest import run_cli

    site = tmp_path / "site"
    (site / "content/articles").mkdir(parents=True)
    (site / "digest.yaml").write_text('title: T\nbase_url: "https://example.org/"\nper_page: 1\n', encoding="utf-8")
    for day in (1, 2):
        (site / f"content/articles/2024-03-0{day}-a{day}.md").write_text(
            f"---\ntitle: A{day}\ndate: 2024-03-0{day}\ntopics: ['R&D <Lab>']\n---\nText.\n", encoding="utf-8"
        )
    assert run_cli("build", "-C", site).code == 0
    data = _data(site / "public", "topics/r-and-d-lab/page/2/", "https://example.org/topics/r-and-d-lab/page/2/")
    assert [item["name"] for item in _of_type(data, "CollectionPage")] == ["R&D <Lab>, page 2"]
    assert data["opengraph"][0]["og:title"] == "R&D <Lab>, page 2"


def test_a_sites_own_share_card_is_given_its_own_size(tmp_path: Path) -> None:
    """A site's content/static/share.png replaces the theme's card on pages without a photo,
    and og:image:width and height say its size (600×600), not the theme's 1200×630; without it,
    the theme's again."""
    from tests.conftest import run_cli
    from tests.test_images import png

    site = tmp_path / "site"
    (site / "content/articles").mkdir(parents=True)
    (site / "content/static").mkdir(parents=True)
    (site / "digest.yaml").write_text('title: T\nbase_url: "https://example.org/repo/"\n', encoding="utf-8")
    (site / "content/articles/2024-03-01-a.md").write_text(
        "---\ntitle: A\ndate: 2024-03-01\ntopics: [Turkey]\n---\nText.\n", encoding="utf-8"
    )
    card = site / "content/static/share.png"

    def sizes() -> set[tuple[str, str]]:
        assert run_cli("build", "-C", site).code == 0
        found = set()
        for path in ("", "articles/a/", "topics/turkey/"):
            og = _data(site / "public", path, "https://example.org/repo/" + path)["opengraph"][0]
            assert og["og:image"] == "https://example.org/repo/static/share.png", path
            found.add((og["og:image:width"], og["og:image:height"]))
        return found

    assert sizes() == {("1200", "630")}
    card.write_bytes(png(600, 600))
    assert sizes() == {("600", "600")}
    card.unlink()
    assert sizes() == {("1200", "630")}


def test_the_publishers_logo_is_the_sites_own_picture(tmp_path: Path) -> None:
    """JSON-LD's publisher logo: the site's logo, else (an SVG logo, which search engines do
    not take) its icon, else the theme's; never the theme's while the site has a picture of its own."""
    from tests.conftest import run_cli

    site = tmp_path / "site"
    (site / "content/articles").mkdir(parents=True)
    (site / "content/static").mkdir(parents=True)
    for name in ("logo.svg", "logo.png", "icon.png", "icon.ico"):
        (site / "content/static" / name).write_bytes(b"\x89PNG\r\n\x1a\n")
    (site / "content/articles/2024-03-01-a.md").write_text(
        "---\ntitle: A\ndate: 2024-03-01\ntopics: [Turkey]\n---\nText.\n", encoding="utf-8"
    )

    def logo(theme: str) -> str:
        (site / "digest.yaml").write_text(
            f'title: T\nbase_url: "https://example.org/news/"\ntheme: {{{theme}}}\n', encoding="utf-8"
        )
        assert run_cli("build", "-C", site).code == 0
        for path in ("", "articles/a/"):
            data = _data(site / "public", path, "https://example.org/news/" + path)
            found = {item["publisher"]["logo"]["url"] for item in data["json-ld"] if "publisher" in item}
            assert len(found) == 1, path
        return found.pop()

    assert logo("logo: static/logo.png, favicon: static/icon.png") == "https://example.org/news/static/logo.png"
    assert logo("logo: static/logo.svg, favicon: static/icon.png") == "https://example.org/news/static/icon.png"
    assert logo("favicon: static/icon.png") == "https://example.org/news/static/icon.png"
    assert logo("logo: static/logo.svg, favicon: static/icon.ico") == "https://example.org/news/static/icon-512.png"
    assert logo("") == "https://example.org/news/static/icon-512.png"
