"""One rule for image paths: ``image.src`` resolves as Markdown images do."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from digest.build import Builder, BuildOptions
from digest.errors import BuildFailed
from tests.conftest import CliResult, article, snapshot
from tests.test_incremental import clean_build


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
            "content/articles/2024-03-04-d.md": with_image("D", "/logo.png", date="2024-03-04", inline="/logo.png"),
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
    shown = (public / "articles/d/index.html").read_text()
    assert '<img src="../../logo.png"' in shown  # the front matter's image
    assert 'src="../../logo.png" alt="inline"' in shown  # and the Markdown's, by the same rule
    check = cli("check", "-C", site)
    assert check.code == 0, check.out


def test_an_image_src_in_another_case_than_its_file_is_told_the_files_name(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    """macOS and Windows open Photo.PNG for photo.png: the site built there would name an
    image that a web server does not find at that address."""
    site = make_site(
        {"content/articles/2024-03-01-a.md": with_image("A", "/static/photo.png"), "content/static/Photo.PNG": "png"}
    )
    result = cli("build", "-C", site)
    assert result.code == 1
    assert (
        "content/articles/2024-03-01-a.md:4: image.src: no such file: content/static/photo.png; the site has "
        "content/static/Photo.PNG (a web server tells the two apart, though macOS and Windows do not)"
    ) in result.err


def test_paths_written_with_windows_backslashes_are_told_to_use_slashes(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    """Not 'write it percent-encoded', which would not lead to the file either."""
    body = "See [the other](..\\articles\\2024-03-02-b.md)."
    site = make_site(
        {
            "content/articles/2024-03-01-a.md": with_image("A", "..\\\\static\\\\photo.png").replace("Text.", body),
            "content/articles/2024-03-02-b.md": article("B", date="2024-03-02"),
            "content/static/photo.png": "png",
        }
    )
    result = cli("build", "-C", site)
    assert result.code == 1
    slashes = "a path's folders are parted by '/', as in a URL, not by '\\' as on Windows"
    assert f"content/articles/2024-03-01-a.md:4: image.src: {slashes}: write '../static/photo.png'" in result.err
    assert (
        "content/articles/2024-03-01-a.md:7: link to 'content/articles/..\\articles\\2024-03-02-b.md': "
        f"no such page in this build; {slashes}"
    ) in result.err


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
    assert "content/articles/2024-03-03-c.md:4: image.src: no such file: content/articles/photo.jpg" in result.err
    (site / "content/static/gone.png").write_text("png")  # the image added: the next build finds it
    (site / "content/articles/2024-03-03-c.md").unlink()
    assert cli("build", "-C", site).code == 0


def test_a_picture_beside_the_articles_file_is_published_beside_its_page(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    """A picture kept beside the article's file (``image: {src: photo.jpg}``, as the front
    matter is written, and ``![…](photo.jpg)`` in its text) is published beside its page, as a
    page bundle's are, a new picture in its place is
    published by the next build, and one gone from beside a Markdown image goes from the output
    too.  Only the file's own folder is: a note naming a picture of the articles' folder from
    the issues' folder is told where images are published."""
    body = "Text.\n\n![beside](photo.jpg) ![map](maps/map.png)\n\n[The report](report.pdf)\n"
    note = '---\ntitle: W\ndate: 2024-03-05\npicks:\n  - article: a\n    note: "![n](../articles/n.png)"\n---\n'
    site = make_site(
        {
            "content/articles/2024-03-01-a.md": article("A", body=body).replace(
                "topics:", 'image: {src: "photo.jpg", caption: "A photo", credit: AFP}\ntopics:'
            ),
            "content/articles/photo.jpg": "jpg",
            "content/articles/maps/map.png": "png",
            "content/articles/report.pdf": "pdf",
            "content/articles/n.png": "png",
            "content/digests/2024-03-05-w.md": note,
        },
        config='title: T\nbase_url: "https://example.org/repo/"\n',
    )
    result = cli("build", "-C", site)
    assert result.code == 1
    assert (
        "content/digests/2024-03-05-w.md:6: image '../articles/n.png' is content/articles/n.png, which is not "
        "published: images are published from content/static/ (write '/static/<name>', or a path from this "
        "file such as '../static/<name>') and content/root/, and from the folder of the file that names them"
    ) in result.err
    assert "2024-03-01-a.md" not in result.err
    (site / "content/digests/2024-03-05-w.md").write_text(note.replace("../articles/n.png", "/static/n.png"))
    (site / "content/static").mkdir()
    (site / "content/static/n.png").write_text("png")
    result = cli("build", "-C", site)
    assert result.code == 0, result.err
    public = site / "public"
    assert (public / "articles/a/photo.jpg").read_text() == "jpg"
    assert (public / "articles/a/maps/map.png").read_text() == "png"
    assert (public / "articles/a/report.pdf").read_text() == "pdf"
    assert not (public / "articles/photo.jpg").exists() and not (public / "articles/a/n.png").exists()
    page = (public / "articles/a/index.html").read_text()
    assert 'src="../../articles/a/photo.jpg"' in page and 'src="../../articles/a/maps/map.png"' in page
    assert 'href="../../articles/a/report.pdf"' in page
    assert 'content="https://example.org/repo/articles/a/photo.jpg"' in page  # its share image
    (site / "content/articles/photo.jpg").write_text("another jpg")
    (site / "content/articles/maps/map.png").unlink()
    result = cli("build", "-C", site)
    assert result.code == 0, result.err
    assert (public / "articles/a/photo.jpg").read_text() == "another jpg"
    assert not (public / "articles/a/maps/map.png").exists()
    assert snapshot(public) == clean_build(site, site.parent / "clean")
    (site / "content/articles/photo.jpg").unlink()
    result = cli("build", "-C", site)
    assert result.code == 1
    assert "content/articles/2024-03-01-a.md:4: image.src: no such file: content/articles/photo.jpg" in result.err
    assert (public / "articles/a/photo.jpg").read_text() == "another jpg"  # the previous output, intact


def test_the_preview_follows_a_picture_beside_the_articles_file(make_site: Callable[..., Path], tmp_path: Path) -> None:
    """As ``digest serve`` builds, told of each change: a picture beside the article's file
    replaced, removed (an error where ``image.src`` names it, the output kept) and put back."""
    site = make_site(
        {
            "content/articles/2024-03-01-a.md": with_image("A", "photo.png", inline="photo.png"),
        }
    )
    (site / "content/articles/photo.png").write_bytes(png(4, 3))
    output = tmp_path / "preview"
    preview = Builder(site, BuildOptions(output=output, search=False, persist=False, private_output=True))
    preview.build()
    photo = site / "content/articles/photo.png"
    assert (output / "articles/a/photo.png").read_bytes() == png(4, 3)
    photo.write_bytes(png(8, 6))
    result = preview.build(changed=[photo])
    assert (output / "articles/a/photo.png").read_bytes() == png(8, 6)
    assert 'width="8" height="6"' in (output / "articles/a/index.html").read_text()
    assert "articles/a/index.html" in result.written
    photo.unlink()
    with pytest.raises(BuildFailed, match=re.escape("image.src: no such file: content/articles/photo.png")):
        preview.build(changed=[photo])
    assert (output / "articles/a/photo.png").read_bytes() == png(8, 6)
    photo.write_bytes(png(4, 3))
    preview.build(changed=[photo])
    assert (output / "articles/a/photo.png").read_bytes() == png(4, 3)
    clean = Builder(site, BuildOptions(output=tmp_path / "clean", search=False, clean=True))
    clean.build()
    assert snapshot(output) == snapshot(tmp_path / "clean")


def test_a_markdown_image_read_from_the_pages_address_builds(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    """``photo.png``, a picture beside the article's file, is published beside its page, at
    articles/a/photo.png; with none there, content/root/ may publish that address: the build has
    nothing to say (check follows the link)."""
    site = make_site(
        {
            "content/articles/2024-03-01-a.md": article("A", body="![photo](photo.png)\n"),
            "content/root/articles/a/photo.png": "png",
        }
    )
    result = cli("build", "-C", site)
    assert result.code == 0, result.err
    assert (site / "public/articles/a/photo.png").is_file()
    assert 'src="../../articles/a/photo.png"' in (site / "public/articles/a/index.html").read_text()
    assert cli("check", "-C", site).code == 0


def png(width: int, height: int) -> bytes:
    """A real PNG of one colour."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(b"\x00" + b"\x80\x20\x20" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


def test_replacing_an_image_renders_again_the_pages_that_show_its_size(
    make_site: Callable[..., Path], cli: Callable[..., CliResult], tmp_path: Path
) -> None:
    """The width and height reserved for a site image (the lead image and images in the body)
    are read from the file while the page renders: a page that showed them depends on it."""
    site = make_site(
        {
            "content/articles/2024-03-01-a.md": with_image("A", "/static/photo.png", inline="/static/inline.png"),
            "content/articles/2024-03-02-b.md": article("B", date="2024-03-02"),
        }
    )
    (site / "content/static").mkdir(parents=True)
    (site / "content/static/photo.png").write_bytes(png(40, 30))
    (site / "content/static/inline.png").write_bytes(png(12, 8))
    assert cli("build", "-C", site).code == 0
    page = site / "public/articles/a/index.html"
    assert 'width="40" height="30"' in page.read_text() and 'width="12" height="8"' in page.read_text()
    other = (site / "public/articles/b/index.html").stat().st_mtime_ns
    (site / "content/static/photo.png").write_bytes(png(64, 48))
    (site / "content/static/inline.png").write_bytes(png(20, 10))
    result = cli("build", "-C", site)
    assert result.code == 0, result.err
    html = page.read_text()
    assert 'width="64" height="48"' in html and 'width="20" height="10"' in html
    assert (site / "public/articles/b/index.html").stat().st_mtime_ns == other  # it shows no image
    clean = tmp_path / "clean"
    shutil.copytree(site, clean, ignore=shutil.ignore_patterns("public", ".digest-cache"))
    assert cli("build", "-C", clean).code == 0
    assert html == (clean / "public/articles/a/index.html").read_text()


def test_a_page_bundles_images_are_published_beside_its_page(
    make_site: Callable[..., Path], cli: Callable[..., CliResult], tmp_path: Path
) -> None:
    """A Hugo page bundle (a folder with index.md and its pictures beside it): the pictures
    of a published article, issue or page are copied beside its page, where its Markdown
    images and image.src lead, under a sub-path and from other pages too; a draft's are not."""
    body = "Boats.\n\n![Boats at dusk](photo.png)\n\n![Detail](img/detail.png)\n"
    bundle = article("Harbour", body=body).replace("topics:", 'image: {src: photo.png, caption: "Dusk"}\ntopics:')
    note = "---\ntitle: W\ndate: 2024-03-05\npicks:\n  - article: harbour\n    note: '![map](map.png)'\n---\nIntro.\n"
    draft = article("Draft", body="![x](secret.png)\n").replace("topics:", "draft: true\ntopics:")
    site = make_site(
        {
            "content/articles/harbour/index.md": bundle,
            "content/articles/harbour/photo.png": "png",
            "content/articles/harbour/img/detail.png": "png",
            "content/articles/harbour/.hidden.png": "png",
            "content/digests/w/index.md": note,
            "content/digests/w/map.png": "png",
            "content/pages/team/index.md": "---\ntitle: Team\n---\n![Us](us.png)\n",
            "content/pages/team/us.png": "png",
            "content/articles/draft/index.md": draft,
            "content/articles/draft/secret.png": "png",
        },
        config='title: T\nbase_url: "https://example.org/repo/"\nfeeds:\n  content: full\n',
    )
    result = cli("build", "-C", site)
    assert result.code == 0, result.err
    public = site / "public"
    for path in ("articles/harbour/photo.png", "articles/harbour/img/detail.png", "digests/w/map.png", "team/us.png"):
        assert (public / path).read_text() == "png", path
    assert not (public / "articles/harbour/.hidden.png").exists() and not (public / "articles/draft").exists()
    assert not (public / "articles/harbour/index.md").exists()
    page = (public / "articles/harbour/index.html").read_text()
    assert 'src="../../articles/harbour/photo.png" alt="Boats at dusk"' in page
    assert 'src="../../articles/harbour/img/detail.png"' in page
    assert '<img src="../../articles/harbour/photo.png" alt=""' in page  # the lead photo, image.src
    assert 'src="../../digests/w/map.png"' in page  # the note of the issue that picks it
    assert 'src="../../digests/w/map.png"' in (public / "digests/w/index.html").read_text()
    assert 'src="digests/w/map.png"' in (public / "index.html").read_text()
    assert "https://example.org/repo/articles/harbour/photo.png" in (public / "feed.xml").read_text()
    assert 'src="../team/us.png"' in (public / "team/index.html").read_text()
    assert cli("check", "-C", site).code == 0
    # A picture named that the bundle lacks is an error with its line, as one of content/static/ is.
    (site / "content/articles/harbour/photo.png").unlink()
    failed = cli("build", "-C", site)
    assert failed.code == 1 and "content/articles/harbour/index.md:4: image.src:" in failed.err
    (site / "content/articles/harbour/photo.png").write_text("png2")
    assert cli("build", "-C", site).code == 0
    assert (public / "articles/harbour/photo.png").read_text() == "png2"
    assert cli("build", "-C", site, "--clean", "-o", tmp_path / "clean").code == 0
    assert snapshot(public) == snapshot(tmp_path / "clean")


def test_a_page_bundle_with_an_error_is_told_that_error_alone(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    """A bundle's index.md with a mistake of its own (a lastmod: before its date) is told that
    mistake, not also that its pictures, which are there, are missing."""
    body = "![Boats](photo.png)\n\n![Detail](img/detail.png)\n"
    bundle = article("Harbour", date="2024-03-05", body=body).replace(
        "topics:", "image: {src: photo.png}\nlastmod: 2024-03-01\ntopics:"
    )
    site = make_site(
        {
            "content/articles/harbour/index.md": bundle,
            "content/articles/harbour/photo.png": "png",
            "content/articles/harbour/img/detail.png": "png",
        }
    )
    result = cli("build", "-C", site)
    assert result.code == 1
    assert "content/articles/harbour/index.md:5: lastmod: '2024-03-01' is earlier than date" in result.err
    assert "no such file" not in result.err and "1 error(s)" in result.err, result.err
    (site / "content/articles/harbour/photo.png").unlink()  # one that is missing is still told
    result = cli("build", "-C", site)
    assert "content/articles/harbour/index.md:4: image.src: no such file" in result.err, result.err


def test_a_picture_of_another_pages_bundle_is_told_its_address(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    """An issue's note naming a picture of an article's bundle by its path from the issue's file
    (``../articles/2024-03-01-harbour/photo.png``) is told the address it is published at, which
    works (``/articles/harbour/photo.png``), not that it is not published."""
    bundle = article("Harbour", body="![Boats](photo.png)\n")
    note = "---\ntitle: W\ndate: 2024-03-05\npicks:\n  - article: harbour\n    note: '![b]({src})'\n---\nIntro.\n"
    site = make_site(
        {
            "content/articles/2024-03-01-harbour/index.md": bundle,
            "content/articles/2024-03-01-harbour/photo.png": "png",
            "content/digests/2024-03-05-w.md": note.format(src="../articles/2024-03-01-harbour/photo.png"),
        }
    )
    result = cli("build", "-C", site)
    assert result.code == 1
    assert (
        "content/digests/2024-03-05-w.md:6: image '../articles/2024-03-01-harbour/photo.png' is "
        "content/articles/2024-03-01-harbour/photo.png, published beside its page at "
        "/articles/harbour/photo.png: write that address"
    ) in result.err, result.err
    (site / "content/digests/2024-03-05-w.md").write_text(note.format(src="/articles/harbour/photo.png"))
    result = cli("build", "-C", site)
    assert result.code == 0, result.err
    assert 'src="../../articles/harbour/photo.png"' in (site / "public/digests/w/index.html").read_text()


def test_a_page_bundles_images_get_their_size_and_replacing_one_renders_its_pages_again(
    make_site: Callable[..., Path], cli: Callable[..., CliResult], tmp_path: Path
) -> None:
    """Images beside a bundle's index.md have their width and height reserved as those of
    content/static/ do (the lead image, the body's, a pick's note on the issue and the front
    page), and replacing one renders again, in a build as in the preview, the pages that show it."""
    body = "Boats.\n\n![Boats at dusk](photo.png)\n\n![Detail](img/detail.png)\n"
    bundle = article("Harbour", body=body).replace("topics:", 'image: {src: photo.png, caption: "Dusk"}\ntopics:')
    note = "---\ntitle: W\ndate: 2024-03-05\npicks:\n  - article: harbour\n    note: '![map](map.png)'\n---\nIntro.\n"
    site = make_site(
        {
            "content/articles/2024-03-01-harbour/index.md": bundle,
            "content/digests/w/index.md": note,
            "content/pages/team/index.md": "---\ntitle: Team\n---\n![Us](us.png)\n",
            "content/articles/2024-03-02-b.md": article("B", date="2024-03-02"),
        }
    )
    files = {
        "articles/2024-03-01-harbour/photo.png": png(40, 30),
        "articles/2024-03-01-harbour/img/detail.png": png(12, 8),
        "digests/w/map.png": png(16, 9),
        "pages/team/us.png": png(30, 20),
    }
    for path, data in files.items():
        (site / "content" / path).parent.mkdir(parents=True, exist_ok=True)
        (site / "content" / path).write_bytes(data)
    result = cli("build", "-C", site)
    assert result.code == 0, result.err
    public = site / "public"
    page = (public / "articles/harbour/index.html").read_text()
    assert '<img src="../../articles/harbour/photo.png" alt="" width="40" height="30">' in page
    assert 'width="40" height="30" src="../../articles/harbour/photo.png" alt="Boats at dusk"' in page
    assert 'width="12" height="8" src="../../articles/harbour/img/detail.png"' in page
    assert 'width="16" height="9" src="../../digests/w/map.png"' in page
    assert 'width="16" height="9" src="../../digests/w/map.png"' in (public / "digests/w/index.html").read_text()
    assert 'width="16" height="9" src="digests/w/map.png"' in (public / "index.html").read_text()
    assert 'width="30" height="20" src="../team/us.png"' in (public / "team/index.html").read_text()
    other = (public / "articles/b/index.html").stat().st_mtime_ns
    (site / "content/articles/2024-03-01-harbour/img/detail.png").write_bytes(png(24, 16))
    (site / "content/digests/w/map.png").write_bytes(png(32, 18))
    assert cli("build", "-C", site).code == 0
    page = (public / "articles/harbour/index.html").read_text()
    assert 'width="24" height="16" src="../../articles/harbour/img/detail.png"' in page
    assert 'width="32" height="18" src="digests/w/map.png"' in (public / "index.html").read_text()
    assert (public / "articles/b/index.html").stat().st_mtime_ns == other  # it shows no image
    assert cli("build", "-C", site, "--clean", "-o", tmp_path / "clean").code == 0
    assert snapshot(public) == snapshot(tmp_path / "clean")
    # The preview, told of the file a save replaced.
    builder = Builder(site, BuildOptions(jobs=1, persist=False))
    builder.build()
    photo = site / "content/articles/2024-03-01-harbour/photo.png"
    photo.write_bytes(png(50, 25))
    builder.build(changed=[photo])
    assert 'alt="" width="50" height="25">' in (public / "articles/harbour/index.html").read_text()
    assert cli("build", "-C", site, "--clean", "-o", tmp_path / "clean").code == 0
    assert snapshot(public) == snapshot(tmp_path / "clean")


def _two_bundles(make_site: Callable[..., Path], monkeypatch: pytest.MonkeyPatch) -> Path:
    """A site of two bundled articles, each with a picture, whose folders a build may trust
    (older than the racy window, narrowed to 50 ms)."""
    import time

    import digest.content

    monkeypatch.setattr(digest.content, "RACY_NS", 50_000_000)
    files = {f"content/articles/2024-03-0{n}-b{n}/index.md": article(f"B{n}", body="![p](p.png)\n") for n in (1, 2)}
    site = make_site(files)
    for n in (1, 2):
        (site / f"content/articles/2024-03-0{n}-b{n}/p.png").write_bytes(png(10 * n, 10))
    time.sleep(0.1)
    return site


def test_the_preview_takes_a_bundles_files_as_last_found_until_one_of_its_folders_changes(
    make_site: Callable[..., Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A site moved from Hugo may have a bundle per article: a long-lived builder walks again
    only the bundles whose folders changed (a file added, removed or renamed, in the bundle or
    a folder of it), and gives every other the files it found last time."""
    import time

    site = _two_bundles(make_site, monkeypatch)
    preview = Builder(site, BuildOptions(output=tmp_path / "preview", search=False, persist=False))
    preview.build()
    assert preview.state is not None and preview.state.content is not None
    kept = dict(preview.state.content.bundles)
    assert set(kept) == {"content/articles/2024-03-01-b1", "content/articles/2024-03-02-b2"}
    first = site / "content/articles/2024-03-01-b1"
    (first / "more").mkdir()
    (first / "more/q.png").write_bytes(png(3, 3))  # in a folder of the bundle: its folder changes
    (site / "content/articles/2024-03-02-b2/p.png").write_bytes(png(40, 10))  # replaced: no folder changes
    time.sleep(0.1)
    preview.build(changed=[first / "more/q.png", site / "content/articles/2024-03-02-b2/p.png"])
    bundles = preview.state.content.bundles
    assert bundles["content/articles/2024-03-02-b2"] is kept["content/articles/2024-03-02-b2"]  # not walked again
    assert bundles["content/articles/2024-03-01-b1"] is not kept["content/articles/2024-03-01-b1"]
    assert (tmp_path / "preview/articles/b1/more/q.png").read_bytes() == png(3, 3)
    assert 'width="40" height="10"' in (tmp_path / "preview/articles/b2/index.html").read_text()
    (first / "more/q.png").unlink()
    time.sleep(0.1)
    preview.build(changed=[first / "more/q.png"])
    assert not (tmp_path / "preview/articles/b1/more/q.png").exists()
    assert Builder(site, BuildOptions(output=tmp_path / "clean", search=False, clean=True)).build()
    assert snapshot(tmp_path / "preview") == snapshot(tmp_path / "clean")


def test_the_command_line_takes_the_bundles_files_the_store_keeps_until_a_folder_changes(
    make_site: Callable[..., Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The store keeps what each bundle held, with its folders' stats: the next build (another
    process) walks again only the bundles whose folders changed, and builds what a clean build does."""
    import time

    import digest.content

    site = _two_bundles(make_site, monkeypatch)
    Builder(site, BuildOptions(jobs=1)).build()
    walked: list[str] = []
    walk = digest.content._bundle_of

    def noted(folder: str, *args: object) -> object:
        walked.append(folder)
        return walk(folder, *args)

    monkeypatch.setattr(digest.content, "_bundle_of", noted)
    first = site / "content/articles/2024-03-01-b1"
    (first / "q.png").write_bytes(png(3, 3))
    (first / "index.md").write_text(article("B1", body="![p](p.png) ![q](q.png)\n"))
    time.sleep(1.1)  # (a new stamp for the edited index.md)
    Builder(site, BuildOptions(jobs=1)).build()
    assert walked == ["content/articles/2024-03-01-b1"]  # the other bundle's files came from the store
    page = (site / "public/articles/b1/index.html").read_text()
    assert 'width="3" height="3"' in page
    assert Builder(site, BuildOptions(output=tmp_path / "clean", clean=True, jobs=1)).build()
    assert snapshot(site / "public") == snapshot(tmp_path / "clean")


def test_files_named_decomposed_as_macos_stores_them_are_published_under_the_names_as_typed(
    make_site: Callable[..., Path], cli: Callable[..., CliResult], tmp_path: Path
) -> None:
    """A site copied from a Mac (HFS+) keeps ``café.png`` as ``cafe`` and a combining accent:
    pages name its images as typed (composed), and the site it builds is the one built from
    files named as typed, byte for byte: the same addresses, the images found and measured."""
    composed, decomposed = "caf\u00e9", "cafe\u0301"
    body = f"Text.\n\n![inline](../static/{composed}-inline.png) ![beside]({composed}.png)\n"
    files = {
        "content/articles/2024-03-01-a.md": with_image("A", f"/static/{composed}.png", inline=f"/{composed}.png"),
        "content/articles/2024-03-02-harbour/index.md": article("Harbour", date="2024-03-02", body=body),
    }
    images = {
        "static/{}.png": png(40, 30),
        "static/{}-inline.png": png(12, 8),
        "root/{}.png": png(16, 9),
        "articles/2024-03-02-harbour/{}.png": png(30, 20),
    }
    built = {}
    for form, name in (("composed", composed), ("decomposed", decomposed)):
        site = make_site(files)
        for path, data in images.items():
            (site / "content" / path.format(name)).parent.mkdir(parents=True, exist_ok=True)
            (site / "content" / path.format(name)).write_bytes(data)
        result = cli("build", "-C", site)
        assert result.code == 0, result.err
        built[form] = snapshot(site / "public")
        shutil.rmtree(site)
    assert built["decomposed"] == built["composed"]
    page = built["composed"]["articles/harbour/index.html"].decode()
    assert 'width="30" height="20" src="../../articles/harbour/caf%C3%A9.png"' in page
    assert "static/caf\u00e9.png" in built["composed"] and "articles/harbour/caf\u00e9.png" in built["composed"]


def test_a_size_is_reserved_only_for_an_image_the_site_publishes_under_that_very_name(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    """The size comes from the file the site publishes at the image's address, not from any
    file the system opens by that name: on macOS and Windows ``photo.png`` opens ``Photo.PNG``,
    and the page would differ from the one built on Linux for an image no web server finds
    (as here a hidden file, which is not published)."""
    body = "![hidden](../static/.hidden.png) ![shown](../static/shown.png)"
    site = make_site({"content/articles/2024-03-01-a.md": article("A", body=body)})
    (site / "content/static").mkdir()
    (site / "content/static/.hidden.png").write_bytes(png(40, 30))
    (site / "content/static/shown.png").write_bytes(png(12, 8))
    assert cli("build", "-C", site).code == 0
    page = (site / "public/articles/a/index.html").read_text()
    assert not (site / "public/static/.hidden.png").exists()
    assert '<img loading="lazy" decoding="async" src="../../static/.hidden.png" alt="hidden" />' in page
    assert 'width="12" height="8" src="../../static/shown.png"' in page


def test_a_file_kept_both_composed_and_decomposed_is_an_error_naming_both(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    """Two names that are one as typed (a copy from a Mac beside the file made here) would be
    one address, and one file on a Mac: which one was published depended on the order of names."""
    site = make_site({"content/articles/2024-03-01-a.md": article("A")})
    for folder in ("static", "root"):
        (site / "content" / folder).mkdir()
        (site / "content" / folder / "caf\u00e9.png").write_bytes(png(4, 3))
        (site / "content" / folder / "cafe\u0301.png").write_bytes(png(8, 6))
    result = cli("build", "-C", site)
    assert result.code == 1
    for folder in ("static", "root"):
        assert (
            f"content/{folder}/cafe\u0301.png: its name is content/{folder}/caf\u00e9.png's as typed, its "
            "letters kept decomposed (as macOS keeps them): they would be one file; keep one"
        ) in result.err
