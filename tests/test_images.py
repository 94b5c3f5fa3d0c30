"""One rule for image paths: ``image.src`` resolves as Markdown images do."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tests.conftest import CliResult, article


def with_image(title: str, src: str, date: str = "2024-03-01", inline: str = "../static/inline.png") -> str:
    return article(title, date=date, body=f"Text.\n\n![inline]({inline})").replace(
        "topics:", f'image: {{src: "{src}", caption: "A photo"}}\ntopics:'
    )


def test_image_src_relative_to_the_file_or_site_absolute_under_a_sub_path(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    site = make_site(
        {
            "content/articles/2024-03-01-a.md": with_image("A", "../static/photo.png"),
            "content/articles/2024-03-02-b.md": with_image(
                "B", "/static/photo.png", date="2024-03-02", inline="/static/inline.png"
            ),
            "content/articles/2024-03-03-c.md": with_image("C", "https://cdn.example.net/x.jpg", date="2024-03-03"),
            "content/articles/2024-03-04-d.md": with_image("D", "/logo.png", date="2024-03-04"),
            "content/static/photo.png": "png",
            "content/static/inline.png": "png",
            "content/root/logo.png": "png",
        },
        config='title: T\nbase_url: "https://example.org/repo/"\n',
    )
    result = cli("build", "-C", site)
    assert result.code == 0, result.err
    public = site / "public"
    for slug in ("a", "b"):
        html = (public / f"articles/{slug}/index.html").read_text()
        assert '<img src="../../static/photo.png"' in html  # as the Markdown image beside it:
        assert 'src="../../static/inline.png"' in html
    assert '<img src="https://cdn.example.net/x.jpg"' in (public / "articles/c/index.html").read_text()
    assert '<img src="../../logo.png"' in (public / "articles/d/index.html").read_text()
    check = cli("check", "-C", site)
    assert check.code == 0, check.out


def test_a_missing_local_image_is_an_error_with_file_and_line(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    site = make_site(
        {
            "content/articles/2024-03-01-a.md": with_image("A", "../static/gone.png"),
            "content/articles/2024-03-02-b.md": with_image("B", "/static/gone.png", date="2024-03-02"),
            "content/articles/2024-03-03-c.md": with_image("C", "photo.jpg", date="2024-03-03"),
            "content/static/inline.png": "png",
        }
    )
    result = cli("build", "-C", site)
    assert result.code == 1
    assert "content/articles/2024-03-01-a.md:4: image.src: no such file: content/static/gone.png" in result.err
    assert "content/articles/2024-03-02-b.md:4: image.src: no such file: content/static/gone.png" in result.err
    assert (
        "content/articles/2024-03-03-c.md:4: image.src: 'photo.jpg' is content/articles/photo.jpg, which is not published"
        in result.err
    )
    (site / "content/static/gone.png").write_text("png")  # the image added: the next build finds it
    (site / "content/articles/2024-03-03-c.md").unlink()
    assert cli("build", "-C", site).code == 0
