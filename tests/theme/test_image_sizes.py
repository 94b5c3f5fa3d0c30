"""Images with their width and height where known (front matter, or the header of a local
file in PNG, GIF, JPEG or WebP), the lead image loaded at once and body images lazily."""

from __future__ import annotations

import base64
import re
import struct
from pathlib import Path
from typing import Any

from theme_helpers import png

from digest.imagesize import image_size
from tests.conftest import run_cli


def gif(width: int, height: int) -> bytes:
    """A one-colour GIF, written by hand: header, screen, palette, image, LZW data, trailer."""
    screen = struct.pack("<HHBBB", width, height, 0x80, 0, 0) + b"\x00\x00\x00\xff\xff\xff"
    image = b"\x2c" + struct.pack("<HHHHB", 0, 0, width, height, 0)
    return b"GIF89a" + screen + image + b"\x02\x02\x44\x01\x00" + b"\x3b"


def encoded_by_browser(browser: Any, kind: str, width: int, height: int) -> bytes:
    """A real JPEG or WebP file, encoded by Chromium from a canvas."""
    page = browser.new_page()
    url = page.evaluate(
        """([kind, width, height]) => {
            const canvas = document.createElement('canvas');
            canvas.width = width; canvas.height = height;
            const context = canvas.getContext('2d');
            context.fillStyle = '#347'; context.fillRect(0, 0, width, height);
            context.fillStyle = '#fc3'; context.fillRect(3, 3, width / 2, height / 3);
            return canvas.toDataURL(kind, 0.8);
        }""",
        [kind, width, height],
    )
    page.close()
    assert url.startswith(f"data:{kind};base64,"), url[:40]
    return base64.b64decode(url.split(",", 1)[1])


def test_sizes_are_read_from_png_gif_jpeg_and_webp_headers(browser: Any) -> None:
    assert image_size(png(31, 17)) == (31, 17)
    assert image_size(gif(640, 3)) == (640, 3)
    assert image_size(encoded_by_browser(browser, "image/jpeg", 333, 201)) == (333, 201)
    assert image_size(encoded_by_browser(browser, "image/webp", 250, 99)) == (250, 99)
    assert image_size(b"<svg xmlns='http://www.w3.org/2000/svg'/>") is None
    assert image_size(b"\x89PNG\r\n\x1a\n") is None  # cut short
    assert image_size(b"\xff\xd8\xff\xe0\x00\x10JFIF") is None


def _images(html: str) -> list[str]:
    return re.findall(r"<img [^>]*>", html)


def test_pages_give_images_their_size_and_load_body_images_lazily(tmp_path: Path, browser: Any) -> None:
    site = tmp_path / "site"
    (site / "content/articles").mkdir(parents=True)
    (site / "content/static").mkdir(parents=True)
    (site / "digest.yaml").write_text('title: T\nbase_url: "https://example.org/"\n', encoding="utf-8")
    (site / "content/static/lead.jpg").write_bytes(encoded_by_browser(browser, "image/jpeg", 640, 360))
    (site / "content/static/chart.webp").write_bytes(encoded_by_browser(browser, "image/webp", 300, 200))
    (site / "content/static/map.gif").write_bytes(gif(120, 80))
    (site / "content/static/plan.png").write_bytes(png(90, 45))
    body = "Text.\n\n![A chart](/static/chart.webp)\n\n![A map](../static/map.gif)\n\n![Far](https://cdn.example.net/x.png)\n"
    front = "---\ntitle: {title}\ndate: 2024-03-0{day}\ntopics: [Turkey]\n{image}---\n" + body
    (site / "content/articles/2024-03-01-local.md").write_text(
        front.format(title="Local", day=1, image='image: {src: "/static/lead.jpg", caption: A photo}\n')
    )
    (site / "content/articles/2024-03-02-given.md").write_text(
        front.format(
            title="Given",
            day=2,
            image='image: {src: "https://cdn.example.net/p.jpg", width: 1200, height: 800}\n',
        )
    )
    (site / "content/articles/2024-03-03-override.md").write_text(
        front.format(title="Override", day=3, image="image: {src: ../static/plan.png, width: 180, height: 90}\n")
    )
    result = run_cli("build", "-C", site)
    assert result.code == 0, result.err
    local = _images((site / "public/articles/local/index.html").read_text())
    lead, chart, map_, far = local
    assert 'src="../../static/lead.jpg"' in lead and 'width="640" height="360"' in lead
    assert "loading=" not in lead  # the lead image is at the top: loaded at once
    assert 'width="300" height="200"' in chart and 'loading="lazy"' in chart
    assert 'width="120" height="80"' in map_ and 'loading="lazy"' in map_
    assert "width=" not in far and 'loading="lazy"' in far  # a remote image's size is not known
    given = _images((site / "public/articles/given/index.html").read_text())[0]
    assert 'width="1200" height="800"' in given
    override = _images((site / "public/articles/override/index.html").read_text())[0]
    assert 'width="180" height="90"' in override  # the front matter wins over the file


def test_templates_ask_image_size_of_any_article_s_photo_or_a_static_file(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "content/articles/harbour").mkdir(parents=True)
    (site / "content/static").mkdir(parents=True)
    (site / "templates").mkdir()
    (site / "digest.yaml").write_text('title: T\nbase_url: "https://example.org/"\n', encoding="utf-8")
    (site / "content/static/plan.png").write_bytes(png(90, 45))
    (site / "content/articles/harbour/photo.png").write_bytes(png(64, 48))
    front = "---\ntitle: {title}\ndate: 2024-03-0{day}\ntopics: [Turkey]\n{image}---\nText.\n"
    (site / "content/articles/harbour/index.md").write_text(
        front.format(title="Harbour", day=1, image="image: {src: photo.png}\n")
    )
    (site / "content/articles/2024-03-02-plain.md").write_text(front.format(title="Plain", day=2, image=""))
    (site / "templates/article.html").write_text(
        '{% extends "default/article.html" %}{% block content %}{{ super() }}'
        '<p id="sizes">{{ image_size(article.image.src) or "none" }} {{ image_size("static/plan.png") }}</p>{% endblock %}'
    )
    result = run_cli("build", "-C", site)
    assert result.code == 0, result.err
    assert '<p id="sizes">(64, 48) (90, 45)</p>' in (site / "public/articles/harbour/index.html").read_text()
    # an article without a photo has no size, as for any other URL
    assert '<p id="sizes">none (90, 45)</p>' in (site / "public/articles/plain/index.html").read_text()


def test_image_width_and_height_are_validated_with_file_and_line(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "content/articles").mkdir(parents=True)
    (site / "digest.yaml").write_text('title: T\nbase_url: "https://example.org/"\n', encoding="utf-8")
    cases = {
        "a": "image:\n  src: https://cdn.example.net/a.jpg\n  width: wide\n  height: 10\n",
        "b": "image:\n  src: https://cdn.example.net/b.jpg\n  width: 0\n  height: 10\n",
        "c": "image:\n  src: https://cdn.example.net/c.jpg\n  width: 640\n",
        "d": "image:\n  src: https://cdn.example.net/d.jpg\n  width: true\n  height: 10\n",
    }
    for name, image in cases.items():
        (site / f"content/articles/2024-03-01-{name}.md").write_text(
            f"---\ntitle: {name}\ndate: 2024-03-01\ntopics: [Turkey]\n{image}---\nText.\n"
        )
    result = run_cli("build", "-C", site)
    assert result.code == 1
    assert "content/articles/2024-03-01-a.md:7: image.width: expected a number of pixels" in result.err
    assert "content/articles/2024-03-01-b.md:7: image.width: expected a number of pixels" in result.err
    assert "content/articles/2024-03-01-c.md:7: image.width: image.width needs image.height too" in result.err
    assert "content/articles/2024-03-01-d.md:7: image.width: expected a number of pixels" in result.err
    assert not (site / "public").exists()


def test_a_lead_photo_is_never_enlarged_nor_taller_than_the_screen(tmp_path: Path, browser: Any) -> None:
    """A scraped thumbnail (160 × 90) was stretched to the column's width, blurred at 4 times its
    size, and a portrait photo (300 × 900) grew to 2,000 px, three screens before the text. A
    photo is shown at most at its own size and the screen's height, never out of proportion;
    a wide one still fills the column."""
    site = tmp_path / "site"
    (site / "content/articles").mkdir(parents=True)
    (site / "content/static").mkdir(parents=True)
    (site / "digest.yaml").write_text('title: T\nbase_url: "https://example.org/"\n', encoding="utf-8")
    for name, (width, height) in {"thumb": (160, 90), "portrait": (300, 900), "wide": (1600, 600)}.items():
        (site / f"content/static/{name}.png").write_bytes(png(width, height))
        (site / f"content/articles/2024-03-01-{name}.md").write_text(
            f'---\ntitle: {name}\ndate: 2024-03-01\ntopics: [Turkey]\nimage: {{src: "/static/{name}.png", caption: A photo}}\n---\nText.\n'
        )
    result = run_cli("build", "-C", site)
    assert result.code == 0, result.err
    shown = {}
    for width in (1280, 375):
        page = browser.new_page(viewport={"width": width, "height": 800})
        for name in ("thumb", "portrait", "wide"):
            page.goto((site / f"public/articles/{name}/index.html").as_uri())
            page.wait_for_load_state("load")
            shown[name, width] = page.evaluate(
                """() => { const img = document.querySelector('.lead-image img'), box = img.getBoundingClientRect();
                    const fit = getComputedStyle(img).objectFit, scale = Math.min(box.width / img.naturalWidth, box.height / img.naturalHeight);
                    const drawn = fit === 'contain' ? [img.naturalWidth * scale, img.naturalHeight * scale] : [box.width, box.height];
                    return {drawn: drawn.map(Math.round), column: Math.round(document.querySelector('.prose').getBoundingClientRect().width),
                            ratio: Math.abs(drawn[0] / drawn[1] - img.naturalWidth / img.naturalHeight) < 0.02}; }"""
            )
        page.close()
    for (name, width), seen in shown.items():
        assert seen["ratio"], (name, width, seen)
        assert seen["drawn"][1] <= 800, (name, width, seen)
    assert shown["thumb", 1280]["drawn"] == [160, 90]
    assert shown["wide", 1280]["drawn"][0] == shown["wide", 1280]["column"]
    assert shown["wide", 375]["drawn"][0] == shown["wide", 375]["column"]
