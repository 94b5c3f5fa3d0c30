"""``content/root/``: files published at the output root as they are; ``content/static/`` keeps /static/."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tests.conftest import CliResult, article


def test_root_files_are_copied_to_the_output_root(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    site = make_site({"content/articles/2024-03-01-a.md": article("A")})
    root = site / "content/root"
    (root / ".well-known").mkdir(parents=True)
    (root / "favicon.ico").write_bytes(b"\x00\x00\x01\x00icon")
    (root / "CNAME").write_text("news.example.org\n")
    (root / "_redirects").write_text("/old /new 301\n")
    (root / "_headers").write_text("/*\n  X-Frame-Options: DENY\n")
    (root / "ads.txt").write_text("example.com, pub-0, DIRECT\n")
    (root / ".well-known/security.txt").write_text("Contact: mailto:a@example.org\n")
    (site / "content/static").mkdir()
    (site / "content/static/logo.svg").write_text("<svg/>")
    result = cli("build", "-C", site)
    assert result.code == 0, result.err
    public = site / "public"
    assert (public / "favicon.ico").read_bytes() == b"\x00\x00\x01\x00icon"
    assert (public / "CNAME").read_text() == "news.example.org\n"
    assert (public / "_redirects").is_file() and (public / "_headers").is_file() and (public / "ads.txt").is_file()
    assert (public / ".well-known/security.txt").read_text() == "Contact: mailto:a@example.org\n"
    assert (public / "static/logo.svg").is_file() and not (public / "logo.svg").exists()
    (root / "ads.txt").unlink()
    (root / "CNAME").write_text("digest.example.org\n")
    assert cli("build", "-C", site).code == 0
    assert not (public / "ads.txt").exists()
    assert (public / "CNAME").read_text() == "digest.example.org\n"


def test_the_sites_own_ico_icon_is_the_one_browsers_find_at_the_root(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    """``theme.favicon`` naming an .ico of the site's is also /favicon.ico (browsers and feed
    readers ask for it there), not the theme's icon; back to the theme's once the setting goes."""
    config = 'title: T\nbase_url: "https://example.org/news/"\ntheme: {favicon: static/brand.ico}\n'
    site = make_site({"content/articles/2024-03-01-a.md": article("A")}, config)
    (site / "content/static").mkdir()
    (site / "content/static/brand.ico").write_bytes(b"\x00\x00\x01\x00brand")
    assert cli("build", "-C", site).code == 0
    public = site / "public"
    assert (public / "favicon.ico").read_bytes() == b"\x00\x00\x01\x00brand"
    assert '<link rel="icon" href="static/brand.ico">' in (public / "index.html").read_text()
    (site / "digest.yaml").write_text('title: T\nbase_url: "https://example.org/news/"\n')
    assert cli("build", "-C", site).code == 0
    assert (
        (public / "favicon.ico").read_bytes()
        == (public / "static/favicon.ico").read_bytes()
        != b"\x00\x00\x01\x00brand"
    )


def test_a_root_file_that_clashes_with_a_page_is_an_error_naming_both(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    site = make_site({"content/articles/2024-03-01-a.md": article("A"), "content/root/feed.xml": "<feed/>"})
    result = cli("build", "-C", site)
    assert result.code == 1
    assert "content/root/feed.xml: 'feed.xml' would be written twice: by digest's own feed.xml" in result.err
    error = next(line for line in result.err.splitlines() if "written twice" in line)
    assert str(site) not in error  # the file named as the site's, not by its absolute path
    assert not (site / "public").exists()


def test_a_sites_own_robots_txt_is_published_instead_of_the_one_digest_makes(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    rules = "User-agent: *\nDisallow: /drafts/\n"
    site = make_site({"content/articles/2024-03-01-a.md": article("A"), "content/root/robots.txt": rules})
    assert cli("build", "-C", site).code == 0
    robots = site / "public/robots.txt"
    assert robots.read_text() == rules
    (site / "content/root/robots.txt").unlink()
    assert cli("build", "-C", site).code == 0
    assert "Sitemap: " in robots.read_text()  # digest's own again, pointing at the sitemap


def test_a_file_where_digest_writes_a_folder_or_the_other_way_round_is_an_error(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    site = make_site({"content/articles/2024-03-01-a.md": article("A")})
    assert cli("build", "-C", site).code == 0
    public = site / "public"
    before = {path: path.read_bytes() for path in public.rglob("*") if path.is_file()}
    clashes = {
        "content/static/style.css/notes.txt": "'static/style.css' would be both a file, by ",
        "content/root/404.html/a.txt": "'404.html' would be both a file, by 404.html, and a folder, by content/root/404.html/a.txt",
        "content/root/static": "content/root/static: 'static' would be both a file, by content/root/static, and a folder",
        "content/root/pagefind": "'pagefind' is the folder plugin 'search' writes",
        "content/root/.digest-manifest": "'.digest-manifest' is digest's own list of the files it wrote",
        "content/root/pagefind/extra.js": "'pagefind/extra.js' is inside 'pagefind/', which plugin 'search' writes",
    }
    for name, message in clashes.items():
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_text("x")
        result = cli("build", "-C", site)
        assert result.code == 1 and message in result.err, (name, result.err)
        assert {path: path.read_bytes() for path in public.rglob("*") if path.is_file()} == before
        (site / name).unlink()
    assert cli("build", "-C", site).code == 0
    assert (public / "static/style.css").is_file() and (public / "404.html").is_file()


def test_an_editors_files_beside_root_and_static_files_are_not_published(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    """Emacs's lock (a link to nowhere, ``.#name``), backups (``name~``), Vim's swap files:
    the build neither fails on them nor publishes them."""
    files = {
        "content/articles/2024-03-01-a.md": article("A"),
        "content/root/_redirects": "/old /new 301\n",
        "content/root/CNAME~": "old.example.org\n",
        "content/root/.CNAME.swp": "swap",
        "content/root/.well-known/security.txt": "Contact: mailto:x@example.org\n",
        "content/static/site.css": "a{}\n",
        "content/static/site.css~": "b{}\n",
    }
    site = make_site(files)
    (site / "content/root/.#_redirects").symlink_to("user@host.4242:1733450000")
    (site / "content/static/.#site.css").symlink_to("user@host.4242:1733450000")
    result = cli("build", "-C", site)
    assert result.code == 0, result.err
    published = {path.relative_to(site / "public").as_posix() for path in (site / "public").rglob("*")}
    assert {"_redirects", ".well-known/security.txt", "static/site.css"} <= published
    assert not {"CNAME~", ".CNAME.swp", ".#_redirects", "static/site.css~"} & published


def test_what_a_mac_or_windows_leaves_beside_root_and_static_files_is_not_published(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    """A folder copied from a Mac to a USB stick or a share holds ``._name`` beside each file
    (its resource fork), a folder with its own icon an ``Icon\\r``; Windows leaves Thumbs.db and
    desktop.ini: the site built from such a copy is the one built from the folder itself."""
    files = {
        "content/articles/2024-03-01-a.md": article("A"),
        "content/root/CNAME": "digest.example.org\n",
        "content/root/._CNAME": "\x00\x05\x16\x07",
        "content/root/Icon\r": "",
        "content/root/desktop.ini": "[.ShellClassInfo]\n",
        "content/static/site.css": "a{}\n",
        "content/static/Icon\r": "",
        "content/static/Thumbs.db": "x",
    }
    site = make_site(files)
    result = cli("build", "-C", site)
    assert result.code == 0, result.err
    published = {path.relative_to(site / "public").as_posix() for path in (site / "public").rglob("*")}
    assert {"CNAME", "static/site.css"} <= published
    assert not {"._CNAME", "Icon\r", "desktop.ini", "static/Icon\r", "static/Thumbs.db"} & published


def test_output_paths_that_differ_only_in_case_are_an_error_naming_both(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    """On a file system that ignores case (macOS's and Windows' by default) two such paths
    are one file: the site built there, or previewed there, would lose one of them."""
    aliased = article("A").replace("topics:", "aliases: [/Old/, /old/]\ntopics:")
    site = make_site(
        {
            "content/articles/2024-03-01-a.md": aliased,
            "content/static/Photo.JPG": "one",
            "content/static/photo.jpg": "two",
            "content/root/Robots.txt": "User-agent: *\n",
            "content/root/Static/x.css": "p {}",
        }
    )
    result = cli("build", "-C", site)
    assert result.code == 1
    assert (
        "content/static/photo.jpg: 'static/photo.jpg' and 'static/Photo.JPG' (by content/static/Photo.JPG) "
        "differ only in case: on a file system that ignores case (macOS, Windows) they are one file; rename one"
    ) in result.err
    assert (
        "content/articles/2024-03-01-a.md:4: 'old/index.html' and 'Old/index.html' (by content/articles/2024-03-01-a.md:4)"
        in result.err
    )
    assert "content/root/Robots.txt: 'Robots.txt' and 'robots.txt' (by digest's own robots.txt)" in result.err
    assert "content/root/Static/x.css: 'Static' and 'static' (by " in result.err
    assert not (site / "public").exists()


def test_output_paths_windows_cannot_hold_are_an_error_naming_the_file(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    """A device's name (con, aux, nul, com1 …, with any extension), a character Windows file
    names cannot hold (``<>:"|?*``) or a name ending in a dot or a space: the site could not
    be built, previewed or copied on Windows, so it is built nowhere; a slug or a topic that
    would be such a folder is told at its line."""
    site = make_site(
        {
            "content/articles/2024-03-01-con.md": article("Con"),
            "content/articles/2024-03-02-fine.md": article("Fine", date="2024-03-02", topics="Turkey, Aux"),
            "content/pages/about.md": "---\ntitle: About\nslug: nul\n---\nText.\n",
        }
    )
    result = cli("build", "-C", site)
    assert result.code == 1
    device = "which names a folder Windows cannot hold: 'con' is the name of a device there"
    assert f"content/articles/2024-03-01-con.md:1: slug: the file's name gives the slug 'con', {device}" in result.err
    assert (
        "content/articles/2024-03-02-fine.md:4: topics[2]: the topic 'Aux' would be published at topics/aux/, "
        "which Windows cannot hold: 'aux' is the name of a device there; name the topic otherwise"
    ) in result.err
    assert "content/pages/about.md:3: slug: 'nul' names a folder Windows cannot hold" in result.err
    assert not (site / "public").exists()
    for name in ("articles/2024-03-01-con.md", "articles/2024-03-02-fine.md", "pages/about.md"):
        (site / "content" / name).unlink()
    # a name that only starts as a device's is one
    (site / "content/articles/2024-03-01-console.md").write_text(article("Console", topics="Auxiliary"))
    for name in ("static/map: 2024?.png", "static/notes.", "root/nul.txt"):
        (site / "content" / name).parent.mkdir(parents=True, exist_ok=True)
        (site / "content" / name).write_text("x")
    result = cli("build", "-C", site)
    assert result.code == 1
    windows = "cannot be written on Windows"
    assert (
        f"content/static/map: 2024?.png: 'static/map: 2024?.png' {windows}: ':' and '?' cannot be in its names"
        in result.err
    )
    assert (
        f"content/static/notes.: 'static/notes.' {windows}: a name there cannot end in a dot or a space" in result.err
    )
    assert f"content/root/nul.txt: 'nul.txt' {windows}: 'nul' is the name of a device there" in result.err
    assert not (site / "public").exists()
    for name in ("static/map: 2024?.png", "static/notes.", "root/nul.txt"):
        (site / "content" / name).unlink()
    result = cli("build", "-C", site)
    assert result.code == 0, result.err


def test_a_sites_own_favicon_ico_is_the_icon_its_pages_link(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    """Browsers show the icons a page links (the theme's SVG first) before /favicon.ico, so a
    favicon.ico of the site's own replaces the theme's icon set in every page."""
    site = make_site({"content/articles/2024-03-01-a.md": article("A")})
    page = site / "public/articles/a/index.html"
    (site / "content/root").mkdir()
    (site / "content/root/favicon.ico").write_bytes(b"\x00\x00\x01\x00mine")
    assert cli("build", "-C", site).code == 0
    html = page.read_text()
    assert '<link rel="icon" href="../../favicon.ico">' in html and "static/favicon.svg" not in html
    assert (site / "public/favicon.ico").read_bytes() == b"\x00\x00\x01\x00mine"
    (site / "content/root/favicon.ico").unlink()
    (site / "content/static").mkdir()
    (site / "content/static/favicon.ico").write_bytes(b"\x00\x00\x01\x00also mine")
    assert cli("build", "-C", site).code == 0
    html = page.read_text()
    assert '<link rel="icon" href="../../static/favicon.ico">' in html and "static/favicon.svg" not in html
    (site / "content/static/favicon.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")
    assert cli("build", "-C", site).code == 0
    assert '<link rel="icon" href="../../static/favicon.svg" type="image/svg+xml">' in page.read_text()
