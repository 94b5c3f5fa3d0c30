"""Request targets -> files of the built site; nothing outside it is ever reached."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from digest.serve.paths import BadRequest, Found, NotFound, Redirect, not_found_page, resolve_request


@pytest.fixture
def root(tmp_path: Path) -> Path:
    site = tmp_path / "out"
    for name in ("index.html", "topics/turkey/index.html", "static/style.css", "café/index.html", "404.html"):
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_text(name)
    (tmp_path / "secret.txt").write_text("secret")
    os.symlink(tmp_path / "secret.txt", site / "static" / "secret.txt")
    os.symlink(tmp_path, site / "static" / "outside")
    os.symlink(site / "static" / "style.css", site / "static" / "alias.css")
    return site


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("/", "index.html"),
        ("/topics/turkey/", "topics/turkey/index.html"),
        ("/static/style.css", "static/style.css"),
        ("/static/style.css?v=123", "static/style.css"),
        ("/static/style.css#top", "static/style.css"),
        ("/caf%C3%A9/", "café/index.html"),
        ("//topics//turkey/", "topics/turkey/index.html"),  # empty segments are not a root
    ],
)
def test_finds_files_and_pretty_urls(root: Path, target: str, expected: str) -> None:
    assert resolve_request(root, "/", target) == Found((root / expected).resolve())


def test_a_folder_without_its_slash_redirects(root: Path) -> None:
    assert resolve_request(root, "/", "/topics/turkey") == Redirect("/topics/turkey/")
    assert resolve_request(root, "/", "/caf%C3%A9") == Redirect("/caf%C3%A9/")
    assert resolve_request(root, "/", "//topics//turkey") == Redirect("/topics/turkey/")  # never "//host"


@pytest.mark.parametrize(
    "target",
    [
        "/static/",
        "/missing",
        "/missing/",
        "/static/style.css/",
        "/" + "x" * 5000,
        "//etc/passwd",
        "/etc/passwd",
    ],
)
def test_no_listing_and_missing_files_are_not_found(root: Path, target: str) -> None:
    assert resolve_request(root, "/", target) == NotFound()


@pytest.mark.parametrize(
    "target",
    [
        "/../secret.txt",
        "/static/../../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E/secret.txt",
        "/static/%2e%2e/%2e%2e/secret.txt",
        "/.%2e/secret.txt",
        "/static/..%2f..%2fsecret.txt",
        "/static/%2fetc%2fpasswd",
        "/%2Fetc/passwd",
        "/static/..%5c..%5csecret.txt",
        "/static\\..\\..\\secret.txt",
        "/./index.html",
        "/%00",
        "/index.html%00.css",
        "/%0d%0aSet-Cookie:x",
        "/%ff%fe",
        "http://evil.example/secret.txt",
        "secret.txt",
        "*",
        "",
    ],
)
def test_traversal_attempts_are_bad_requests(root: Path, target: str) -> None:
    assert isinstance(resolve_request(root, "/", target), BadRequest)


@pytest.mark.parametrize("target", ["/static/secret.txt", "/static/outside/secret.txt", "/static/outside/"])
def test_symlinks_out_of_the_site_are_not_followed(root: Path, target: str) -> None:
    assert resolve_request(root, "/", target) == NotFound()


def test_symlinks_inside_the_site_are_fine(root: Path) -> None:
    assert resolve_request(root, "/", "/static/alias.css") == Found((root / "static/style.css").resolve())


def test_an_index_that_links_out_is_not_served(root: Path, tmp_path: Path) -> None:
    (root / "topics/turkey/index.html").unlink()
    os.symlink(tmp_path / "secret.txt", root / "topics/turkey/index.html")
    assert resolve_request(root, "/", "/topics/turkey/") == NotFound()
    assert not_found_page(root) == (root / "404.html").resolve()


def test_the_site_lives_at_its_base_path(root: Path) -> None:
    assert resolve_request(root, "/repo/", "/") == Redirect("/repo/")
    assert resolve_request(root, "/repo/", "/repo") == Redirect("/repo/")
    assert resolve_request(root, "/repo/", "/repo/") == Found((root / "index.html").resolve())
    assert resolve_request(root, "/repo/", "/repo/topics/turkey") == Redirect("/repo/topics/turkey/")
    assert resolve_request(root, "/repo/", "/repo/static/style.css") == Found((root / "static/style.css").resolve())
    assert resolve_request(root, "/repo/", "/static/style.css") == NotFound()
    assert resolve_request(root, "/repo/", "/repository/") == NotFound()
    assert resolve_request(root, "/a/b/", "/a/b/topics/turkey/") == Found((root / "topics/turkey/index.html").resolve())


@pytest.mark.parametrize("base", ["/my%20news/", "/my news/"])
def test_a_base_path_written_encoded_or_not_is_one_path(root: Path, base: str) -> None:
    assert resolve_request(root, base, "/my%20news/") == Found((root / "index.html").resolve())
    assert resolve_request(root, base, "/") == Redirect("/my%20news/")
    assert resolve_request(root, base, "/my%20news/topics/turkey") == Redirect("/my%20news/topics/turkey/")


def test_a_redirect_to_a_base_path_beyond_ascii_is_percent_encoded(root: Path) -> None:
    """A header carries ASCII only: ``ş`` unencoded broke the connection."""
    assert resolve_request(root, "/haberler-şehir/", "/") == Redirect("/haberler-%C5%9Fehir/")
    assert resolve_request(root, "/haberler-şehir/", "/haberler-%C5%9Fehir/topics/turkey") == Redirect(
        "/haberler-%C5%9Fehir/topics/turkey/"
    )
    assert resolve_request(root, "/haberler-şehir/", "/haberler-%C5%9Fehir/") == Found((root / "index.html").resolve())


def test_a_redirect_keeps_the_query(root: Path) -> None:
    """``/search?q=word`` lands on the search page with the query, not an empty search."""
    assert resolve_request(root, "/", "/topics/turkey?q=lira&page=2") == Redirect("/topics/turkey/?q=lira&page=2")
    assert resolve_request(root, "/repo/", "/?q=x") == Redirect("/repo/?q=x")


def test_a_missing_output_folder_finds_nothing(tmp_path: Path) -> None:
    assert resolve_request(tmp_path / "none", "/", "/") == NotFound()
    assert not_found_page(tmp_path / "none") is None
