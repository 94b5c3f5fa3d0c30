"""``digest deploy``: GitHub Pages (a local bare repository), S3 (a local moto server), rsync (a local folder)."""

from __future__ import annotations

import base64
import fcntl
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import REPO, CliResult, article
from tests.deploy_helpers import (
    bare_repository,
    git,
    git_http_server,
    refusing_deletes,
    refusing_reads,
    refusing_uploads,
    s3_objects,
    s3_server,
)

__all__ = ["s3_server"]  # the fixture, used by name

ARTICLES = {
    "content/articles/2024-03-01-a.md": article("First story", date="2024-03-01"),
    "content/articles/2024-03-02-b.md": article("Second story", date="2024-03-02"),
    "content/root/CNAME": "news.example.org\n",
}


def config(targets: str, base_url: str = "https://news.example.org/") -> str:
    return f'title: Test Digest\nbase_url: "{base_url}"\nsearch: false\ndeploy:\n{targets}'


def test_deploy_refuses_the_default_base_url(
    make_site: Callable[..., Path], cli: Callable[..., CliResult], tmp_path: Path
) -> None:
    remote = bare_repository(tmp_path / "remote.git")
    site = make_site(ARTICLES, config(f"  - {{type: github-pages, remote: '{remote}'}}\n", "http://localhost:8000/"))
    result = cli("deploy", "-C", site)
    assert result.code == 1
    assert "base_url is still the default http://localhost:8000/" in result.err
    assert "deploy refused" in result.err
    assert not (site / "public").exists()
    assert git(remote, "branch", "--list") == ""
    for local in ("http://localhost:8000/", "http://LOCALHOST:8000/", "http://127.0.0.1:9000/"):
        refused = cli("deploy", "--base-url", local, "-C", site)
        assert refused.code == 1 and "is an address of this machine" in refused.err and "deploy refused" in refused.err
    hugos = make_site(ARTICLES, config(f"  - {{type: github-pages, remote: '{remote}'}}\n", "http://localhost:1313/"))
    refused = cli("deploy", "-C", hugos)
    assert refused.code == 1
    assert "digest.yaml:2: base_url: http://localhost:1313/ is an address of this machine" in refused.err
    given = cli("deploy", "--base-url", "https://news.example.org/", "-C", site)  # as CI may give it
    assert given.code == 0, given.err
    assert "https://news.example.org/articles/a/" in git(remote, "show", "gh-pages:sitemap.xml")


def test_github_pages_commits_and_pushes_to_a_bare_repository(
    make_site: Callable[..., Path], cli: Callable[..., CliResult], tmp_path: Path
) -> None:
    remote = bare_repository(tmp_path / "remote.git")
    site = make_site(ARTICLES, config(f"  - {{name: pages, type: github-pages, remote: '{remote}'}}\n"))
    dry = cli("deploy", "--dry-run", "-C", site)
    assert dry.code == 0, dry.err
    assert "  upload articles/a/index.html" in dry.out
    assert git(remote, "branch", "--list") == ""  # a dry run pushes nothing
    result = cli("deploy", "pages", "-C", site)
    assert result.code == 0, result.err
    files = git(remote, "ls-tree", "-r", "--name-only", "gh-pages").split()
    assert {".nojekyll", "CNAME", "index.html", "articles/a/index.html", "feed.xml"} <= set(files)
    assert ".digest-manifest" not in files  # digest's list of what it wrote: for the next build, not the host
    assert git(remote, "show", "gh-pages:CNAME") == "news.example.org\n"
    # an edit: one more commit on top of the last, with the change in it
    path = site / "content/articles/2024-03-01-a.md"
    path.write_text(path.read_text().replace("Some text.", "Some better text."))
    again = cli("deploy", "-C", site)
    assert again.code == 0, again.err
    assert git(remote, "rev-list", "--count", "gh-pages").strip() == "2"
    assert "Some better text." in git(remote, "show", "gh-pages:articles/a/index.html")
    unchanged = cli("deploy", "-C", site)
    assert "up to date" in unchanged.out
    assert git(remote, "rev-list", "--count", "gh-pages").strip() == "2"


def test_github_pages_commits_as_the_user_git_knows(
    make_site: Callable[..., Path], cli: Callable[..., CliResult], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every commit on gh-pages was by 'digest <digest@localhost>', whoever published: the
    user.name and user.email git has for the site are taken (as mkdocs gh-deploy and ghp-import
    take them), digest's own only when git has none."""
    for name in ("GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL"):
        monkeypatch.delenv(name, raising=False)
    settings = tmp_path / "gitconfig"
    settings.write_text("[user]\n\tname = Alice Curator\n\temail = alice@example.org\n")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(settings))
    remote = bare_repository(tmp_path / "remote.git")
    site = make_site(ARTICLES, config(f"  - {{name: pages, type: github-pages, remote: '{remote}'}}\n"))
    assert cli("deploy", "-C", site).code == 0
    shown = "%an <%ae> | %cn <%ce>"
    assert git(remote, "log", "-1", f"--format={shown}", "gh-pages").strip() == (
        "Alice Curator <alice@example.org> | Alice Curator <alice@example.org>"
    )
    settings.write_text("")
    (site / "content/articles/2024-03-01-a.md").write_text(article("First story, edited", date="2024-03-01"))
    assert cli("deploy", "-C", site).code == 0
    assert git(remote, "log", "-1", f"--format={shown}", "gh-pages").strip() == (
        "digest <digest@localhost> | digest <digest@localhost>"
    )


def test_github_pages_never_shows_the_password_of_a_remote_address(
    make_site: Callable[..., Path], cli: Callable[..., CliResult], tmp_path: Path
) -> None:
    """A remote whose address carries a token (https://user:TOKEN@host/repo.git, as CI sets
    one) was printed whole in the report, into the build log: git itself never shows it."""
    bare_repository(tmp_path / "repos/site.git")
    with git_http_server(tmp_path / "repos") as server:
        address = server.replace("http://", "http://deploy:s3cr3t-token@") + "/site.git"
        site = make_site(ARTICLES, config("  - {name: pages, type: github-pages}\n"))
        subprocess.run(["git", "init", "--quiet", str(site)], check=True)
        subprocess.run(["git", "-C", str(site), "remote", "add", "origin", address], check=True)
        shown = server.replace("http://", "http://deploy@") + "/site.git"
        for args in (("--dry-run",), (), ()):
            result = cli("deploy", *args, "-C", site)
            assert result.code == 0, result.err
            assert "s3cr3t-token" not in result.out + result.err
            assert f"gh-pages at {shown}" in result.out
    assert "index.html" in git(tmp_path / "repos/site.git", "ls-tree", "--name-only", "gh-pages")


def test_github_pages_reaches_the_remote_as_the_sites_repository_does(
    make_site: Callable[..., Path], cli: Callable[..., CliResult], tmp_path: Path
) -> None:
    """The push was made from a repository of its own, which has none of the site repository's
    settings: a token actions/checkout keeps there (http.<url>.extraheader) was not sent, and a
    deploy from CI failed with 'could not read Username … terminal prompts disabled'."""
    bare_repository(tmp_path / "repos/site.git")
    token = "Basic " + base64.b64encode(b"x-access-token:s3cr3t").decode()
    with git_http_server(tmp_path / "repos", authorization=token) as server:
        site = make_site(ARTICLES, config("  - {name: pages, type: github-pages}\n"))
        subprocess.run(["git", "init", "--quiet", str(site)], check=True)
        subprocess.run(["git", "-C", str(site), "remote", "add", "origin", f"{server}/site.git"], check=True)
        refused = cli("deploy", "-C", site)
        assert refused.code == 1 and "git push failed" in refused.err
        header = f"http.{server}/.extraheader"
        subprocess.run(["git", "-C", str(site), "config", header, f"AUTHORIZATION: {token}"], check=True)
        for _ in range(2):
            result = cli("deploy", "-C", site)
            assert result.code == 0, result.err
    assert "index.html" in git(tmp_path / "repos/site.git", "ls-tree", "--name-only", "gh-pages")
    assert "up to date" in result.out


def test_github_pages_pushes_to_the_push_address_of_a_remote_named(
    make_site: Callable[..., Path], cli: Callable[..., CliResult], tmp_path: Path
) -> None:
    """A remote read from one address and pushed to another (git remote set-url --push origin
    git@github.com:…, an https address taking no push) was pushed to at the address it is read
    from, where git push takes the other: the deploy failed where the user's own push works."""
    remote = bare_repository(tmp_path / "repos/site.git")
    with git_http_server(tmp_path / "repos", authorization="Basic none-given") as server:
        site = make_site(ARTICLES, config("  - {name: pages, type: github-pages}\n"))
        subprocess.run(["git", "init", "--quiet", str(site)], check=True)
        subprocess.run(["git", "-C", str(site), "remote", "add", "origin", f"{server}/site.git"], check=True)
        subprocess.run(["git", "-C", str(site), "remote", "set-url", "--push", "origin", str(remote)], check=True)
        for _ in range(2):
            result = cli("deploy", "-C", site)
            assert result.code == 0, result.err
    assert git(remote, "rev-list", "--count", "gh-pages").strip() == "1"
    assert f"gh-pages at {server}/site.git is up to date" in result.out


def test_a_question_ssh_asks_on_the_terminal_is_not_written_over_by_the_progress_line(
    make_site: Callable[..., Path], tmp_path: Path
) -> None:
    """ssh asks on the terminal for a key's passphrase, a password or whether to trust a host:
    the line 'deploying to pages… 3 s', redrawn there every second, wrote over the question,
    and the deploy seemed to hang."""
    import pty
    import termios

    ssh = tmp_path / "ssh"  # asks as ssh does, on the terminal, and is not answered
    ssh.write_text('#!/bin/sh\nprintf "Enter passphrase for key: " > /dev/tty\nsleep 4\nexit 255\n')
    ssh.chmod(0o755)
    site = make_site(ARTICLES, config("  - {name: pages, type: github-pages, remote: 'git@example.org:site.git'}\n"))
    leader, follower = pty.openpty()
    env = {**os.environ, "PYTHONPATH": str(REPO), "GIT_SSH_COMMAND": str(ssh), "TERM": "xterm"}
    process = subprocess.Popen(
        [sys.executable, "-m", "digest", "deploy", "-C", str(site)],
        stdin=follower, stdout=follower, stderr=follower, env=env, start_new_session=True,
        preexec_fn=lambda: fcntl.ioctl(0, termios.TIOCSCTTY, 0),  # the terminal ssh asks on
    )  # fmt: skip
    os.close(follower)
    received = b""
    while chunk := _read_terminal(leader):
        received += chunk
    os.close(leader)
    assert process.wait(timeout=60) == 1
    shown = received.decode()
    assert "Enter passphrase for key: " in shown
    assert "deploying to pages" not in shown.partition("Enter passphrase for key: ")[2]
    assert "git ls-remote failed" in shown


def _read_terminal(fd: int) -> bytes:
    """What a terminal received next; b"" once the command on it is done."""
    try:
        return os.read(fd, 4096)
    except OSError:  # (EIO: no process has the terminal open any more)
        return b""


def test_github_pages_publishes_the_files_byte_for_byte_whatever_the_users_git_settings(
    make_site: Callable[..., Path], cli: Callable[..., CliResult], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """core.autocrlf=input (as GitHub advises on Linux and macOS) and a .gitattributes among
    the site's own files convert line endings when git adds a file: not the published ones."""
    settings = tmp_path / "gitconfig"
    settings.write_text("[core]\n\tautocrlf = input\n")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(settings))
    remote = bare_repository(tmp_path / "remote.git")
    files = {
        **ARTICLES,
        "content/static/table.csv": "a,b\r\n1,2\r\n",
        "content/root/.gitattributes": "*.txt text eol=crlf\n",
        "content/root/notes.txt": "one\ntwo\n",
    }
    site = make_site(files, config(f"  - {{type: github-pages, remote: '{remote}'}}\n"))
    assert cli("deploy", "-C", site).code == 0
    for path in ("static/table.csv", "notes.txt"):
        published = subprocess.run(
            ["git", "--git-dir", str(remote), "cat-file", "blob", f"gh-pages:{path}"], capture_output=True, check=True
        ).stdout
        assert published == (site / "public" / path).read_bytes(), path


def test_github_pages_keeps_the_branch_cname_and_finds_a_remote_by_name(
    make_site: Callable[..., Path], cli: Callable[..., CliResult], tmp_path: Path
) -> None:
    import subprocess

    remote = bare_repository(tmp_path / "remote.git")
    files = {name: text for name, text in ARTICLES.items() if "CNAME" not in name}
    site = make_site(files, config("  - {type: github-pages, remote: origin, branch: pages}\n"))
    subprocess.run(["git", "init", "--quiet", str(site)], check=True)
    subprocess.run(["git", "-C", str(site), "remote", "add", "origin", str(remote)], check=True)
    assert cli("deploy", "-C", site).code == 0
    # the domain set on the hosting side, committed to the branch by someone else
    work = tmp_path / "work"
    subprocess.run(["git", "clone", "--quiet", "--branch", "pages", str(remote), str(work)], check=True)
    (work / "CNAME").write_text("set.on.github.example\n")
    subprocess.run(["git", "-C", str(work), "add", "CNAME"], check=True)
    subprocess.run(
        ["git", "-C", str(work), "-c", "user.name=x", "-c", "user.email=x@x", "commit", "-qm", "CNAME"], check=True
    )
    subprocess.run(["git", "-C", str(work), "push", "--quiet"], check=True)
    path = site / "content/articles/2024-03-01-a.md"
    path.write_text(path.read_text().replace("Some text.", "Edited."))
    assert cli("deploy", "-C", site).code == 0
    assert git(remote, "show", "pages:CNAME") == "set.on.github.example\n"


def test_github_pages_finds_a_remote_whose_address_is_a_relative_path(
    make_site: Callable[..., Path], cli: Callable[..., CliResult], tmp_path: Path
) -> None:
    """``git remote add origin ../site.git`` is read from the repository, as git reads it;
    the dry run names files beyond ASCII as they are."""
    import subprocess

    site = make_site({**ARTICLES, "content/static/çay.txt": "tea"}, config("  - {type: github-pages}\n"))
    remote = bare_repository(site.parent / "site.git")
    subprocess.run(["git", "init", "--quiet", str(site)], check=True)
    subprocess.run(["git", "-C", str(site), "remote", "add", "origin", "../site.git"], check=True)
    dry = cli("deploy", "--dry-run", "-C", site)
    assert dry.code == 0, dry.err
    assert "  upload static/çay.txt" in dry.out
    result = cli("deploy", "-C", site)
    assert result.code == 0, result.err
    assert "static/çay.txt" in git(remote, "-c", "core.quotePath=false", "ls-tree", "-r", "--name-only", "gh-pages")


@pytest.mark.parametrize("folder", ["", "site/"])
def test_github_pages_refuses_the_branch_that_holds_the_sites_sources(
    make_site: Callable[..., Path], cli: Callable[..., CliResult], tmp_path: Path, folder: str
) -> None:
    """branch: main of the site's own repository (the site at its top or in a folder of it):
    the built site pushed on top would take content/ and digest.yaml out of the branch."""
    remote = bare_repository(tmp_path / "remote.git")
    top = tmp_path / "repository"
    site = make_site(ARTICLES, config("  - {type: github-pages, remote: origin, branch: main}\n"))
    shutil.move(site, top / folder) if folder else shutil.move(site, top)
    site = top / folder if folder else top
    subprocess.run(["git", "init", "--quiet", "--initial-branch", "main", str(top)], check=True)
    subprocess.run(["git", "-C", str(top), "remote", "add", "origin", str(remote)], check=True)
    subprocess.run(["git", "-C", str(top), "add", "."], check=True)
    subprocess.run(
        ["git", "-C", str(top), "-c", "user.name=x", "-c", "user.email=x@x", "commit", "-qm", "Sources"], check=True
    )
    subprocess.run(["git", "-C", str(top), "push", "--quiet", "origin", "main"], check=True)
    sources = git(remote, "rev-parse", "main")
    for options in (["--dry-run"], []):
        result = cli("deploy", *options, "-C", site)
        assert result.code == 1
        assert f"main at {remote} holds the site's sources ({folder}digest.yaml, {folder}content/)" in result.err
        assert "nothing was pushed" in result.err
    assert git(remote, "rev-parse", "main") == sources


def test_the_type_a_file_is_uploaded_with_is_not_this_machines(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Python's mimetypes reads the machine's own list (/etc/mime.types, the Windows registry):
    the same site deployed from a laptop and from CI set other Content-Types on S3."""
    import mimetypes

    from digest.deploy.files import content_type

    listed = tmp_path / "mime.types"
    listed.write_text("application/x-font-truetype ttf\ntext/x-calendar ics\nimage/x-png png\n", encoding="utf-8")
    monkeypatch.setattr(mimetypes, "_db", mimetypes.MimeTypes((str(listed),)))
    assert mimetypes.guess_type("a.ttf")[0] == "application/x-font-truetype"  # the machine's word
    assert content_type("static/font.ttf") == "font/ttf"
    assert content_type("static/pic.png") == "image/png"
    assert content_type("events.ics") == "text/calendar; charset=utf-8"  # (digest's own, not text/x-calendar)
    assert content_type("static/app.mjs") == "text/javascript; charset=utf-8"


def test_the_type_of_a_sound_a_film_or_a_document_is_the_same_from_every_python() -> None:
    """Python's own table grows with its versions: 3.11 has no .m4a, .ogg, .flac, .md or .epub
    (application/octet-stream: a podcast's episode downloaded, not played) and calls .wav
    audio/x-wav where 3.13 says audio/vnd.wave, so a laptop and CI on two Pythons set two types,
    and each deploy from the other machine uploaded those files again."""
    from digest.deploy.files import content_type

    expected = {
        "episode.m4a": "audio/mp4", "episode.ogg": "audio/ogg", "episode.oga": "audio/ogg",
        "episode.flac": "audio/flac", "episode.wav": "audio/wav", "episode.weba": "audio/webm",
        "episode.aac": "audio/aac", "episode.mp3": "audio/mpeg", "episode.opus": "audio/opus",
        "clip.mkv": "video/matroska", "clip.ogv": "video/ogg", "clip.mp4": "video/mp4", "clip.webm": "video/webm",
        "clip.mov": "video/quicktime", "clip.m4v": "video/x-m4v",
        "notes.md": "text/markdown; charset=utf-8", "report.epub": "application/epub+zip",
        "events.ics": "text/calendar; charset=utf-8", "data.yaml": "application/yaml",
        "site.webmanifest": "application/manifest+json", "photo.avif": "image/avif",
        "photo.heic": "image/heic", "photo.jxl": "image/jxl", "photo.apng": "image/apng",
        "pack.7z": "application/x-7z-compressed", "pack.zip": "application/zip",
        "old/page.htm": "text/html; charset=utf-8",  # as the preview sends it (Python's has no charset)
    }  # fmt: skip
    assert {name: content_type(name) for name in expected} == expected


def test_a_compressed_file_is_uploaded_as_what_it_is_not_as_the_file_inside(
    make_site: Callable[..., Path], cli: Callable[..., CliResult], s3_server: str
) -> None:
    """notes.txt.gz went up as text/plain and data.csv.gz as text/csv, with no Content-Encoding:
    a browser showed the gzip bytes as text, or saved them as a .csv."""
    from digest.deploy.files import content_type

    files = {**ARTICLES, "content/static/notes.txt.gz": "\x1f\x8b", "content/static/data.csv.gz": "\x1f\x8b"}
    target = f"  - {{name: s3, type: s3, bucket: site, endpoint_url: '{s3_server}', region: us-east-1}}\n"
    site = make_site(files, config(target))
    assert cli("deploy", "-C", site).code == 0
    objects = s3_objects(s3_server)
    assert objects["static/notes.txt.gz"]["ContentType"] == "application/gzip"
    assert objects["static/data.csv.gz"]["ContentType"] == "application/gzip"
    assert content_type("archive.tar.gz") == content_type("archive.tgz") == "application/gzip"
    assert content_type("archive.tar.bz2") == "application/x-bzip2"
    assert content_type("archive.tar.xz") == "application/x-xz"
    assert content_type("archive.zip") == "application/zip"


def test_s3_uploads_only_what_changed_with_types_and_cache_headers(
    make_site: Callable[..., Path], cli: Callable[..., CliResult], s3_server: str
) -> None:
    target = f"  - {{name: s3, type: s3, bucket: site, endpoint_url: '{s3_server}', region: us-east-1, prefix: www}}\n"
    site = make_site(ARTICLES, config(target))
    first = cli("deploy", "s3", "-C", site)
    assert first.code == 0, first.err
    objects = s3_objects(s3_server)
    built = sorted(p.relative_to(site / "public").as_posix() for p in (site / "public").rglob("*") if p.is_file())
    local = [path for path in built if path != ".digest-manifest"]  # digest's own list: for the next build
    assert ".digest-manifest" in built
    assert sorted(objects) == [f"www/{path}" for path in local]
    assert f"s3: uploaded {len(local)}, deleted 0, 0 unchanged" in first.out
    page = objects["www/articles/a/index.html"]
    assert page["ContentType"] == "text/html; charset=utf-8"
    assert page["CacheControl"] == "public, max-age=0, must-revalidate"
    assert objects["www/feed.xml"]["ContentType"].startswith("application/")
    css = next(key for key in objects if key.endswith(".css"))
    assert objects[css]["ContentType"].startswith("text/css") and objects[css]["CacheControl"] == "public, max-age=3600"
    assert objects["www/CNAME"]["Body"] == b"news.example.org\n"

    (site / "content/articles/2024-03-02-b.md").unlink()
    dry = cli("deploy", "--dry-run", "-C", site)
    assert dry.code == 0, dry.err
    assert "  delete articles/b/index.html" in dry.out
    assert "www/articles/b/index.html" in s3_objects(s3_server)  # nothing changed yet
    second = cli("deploy", "-C", site)
    assert second.code == 0
    remaining = s3_objects(s3_server)
    assert "www/articles/b/index.html" not in remaining
    assert second.out.splitlines()[-1].startswith("s3: uploaded ")
    assert ", deleted 1, " in second.out
    assert sorted(remaining) == sorted(f"www/{path}" for path in local if not path.startswith("articles/b/"))


def test_s3_the_search_index_module_which_lists_its_parts_is_revalidated_as_pages_are(
    make_site: Callable[..., Path], cli: Callable[..., CliResult], s3_server: str
) -> None:
    """pagefind/pagefind.js names the index's parts, and changes as the site grows from one
    part to two: kept an hour as a stylesheet is, browsers searched half the site (or a part
    deleted) for that hour, whatever the parts' pagefind-entry.json said."""
    target = f"  - {{name: s3, type: s3, bucket: site, endpoint_url: '{s3_server}', region: us-east-1}}\n"
    site = make_site(ARTICLES, config(target).replace("search: false\n", ""))
    assert cli("deploy", "-C", site).code == 0
    objects = s3_objects(s3_server)
    assert "PARTS" in objects["pagefind/pagefind.js"]["Body"].decode()
    assert objects["pagefind/pagefind.js"]["CacheControl"] == "public, max-age=0, must-revalidate"
    assert objects["pagefind/0/pagefind-entry.json"]["CacheControl"] == "public, max-age=0, must-revalidate"
    fragment = next(key for key in objects if key.endswith(".pf_fragment"))
    assert objects[fragment]["CacheControl"] == "public, max-age=3600"  # named by its content


def test_s3_cache_headers_changed_in_digest_yaml_reach_the_objects_already_there(
    make_site: Callable[..., Path], cli: Callable[..., CliResult], s3_server: str
) -> None:
    """An object is uploaded again when its content is the same but the headers it was uploaded
    with are not those its file gets now: html_cache_control changed in digest.yaml said
    'uploaded 0' and left every page with the old Cache-Control."""
    target = f"  - {{name: s3, type: s3, bucket: site, endpoint_url: '{s3_server}', region: us-east-1}}\n"
    site = make_site(ARTICLES, config(target))
    assert cli("deploy", "-C", site).code == 0
    assert s3_objects(s3_server)["index.html"]["CacheControl"] == "public, max-age=0, must-revalidate"
    (site / "digest.yaml").write_text(config(target.replace("}", ", html_cache_control: 'public, max-age=60'}")))
    dry = cli("deploy", "--dry-run", "-C", site)
    assert dry.code == 0, dry.err
    assert "  upload index.html" in dry.out and "  upload articles/a/index.html" in dry.out
    assert not any(line.startswith("  upload static/") for line in dry.out.splitlines())  # their headers are the same
    assert cli("deploy", "-C", site).code == 0
    objects = s3_objects(s3_server)
    pages = [key for key in objects if key.endswith((".html", ".xml", ".txt"))]
    assert pages and all(objects[key]["CacheControl"] == "public, max-age=60" for key in pages)
    css = next(key for key in objects if key.endswith(".css"))
    assert objects[css]["CacheControl"] == "public, max-age=3600"
    again = cli("deploy", "-C", site)
    assert again.code == 0 and "s3: uploaded 0, deleted 0," in again.out
    # a deploy user without s3:GetObject, which reading an object's headers needs: nothing to compare with
    with refusing_reads(s3_server) as endpoint:
        (site / "digest.yaml").write_text(config(target.replace(s3_server, endpoint)))
        unread = cli("deploy", "-C", site)
        assert unread.code == 0, unread.err
        assert "s3: uploaded 0, deleted 0," in unread.out


def test_a_deploy_interrupted_half_way_says_the_target_may_hold_part_of_the_site(
    make_site: Callable[..., Path], cli: Callable[..., CliResult], s3_server: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl-C as the files went up, the output built before: it said 'the previous output was
    left as it was', and nothing of the bucket holding a part of the new site."""
    from digest.deploy import s3

    target = f"  - {{name: s3, type: s3, bucket: site, endpoint_url: '{s3_server}', region: us-east-1}}\n"
    site = make_site(ARTICLES, config(target))
    assert cli("build", "-C", site).code == 0
    original, calls = s3._upload, []

    def interrupted(*args: Any) -> None:
        calls.append(args)
        if len(calls) == 5:
            raise KeyboardInterrupt
        original(*args)

    monkeypatch.setattr(s3, "_upload", interrupted)
    result = cli("deploy", "-C", site)
    assert result.code == 130
    assert "interrupted while publishing to s3 (the output is whole): s3 may hold part of the new site" in result.err
    assert "run digest deploy again" in result.err
    assert len(s3_objects(s3_server)) == 4
    monkeypatch.setattr(s3, "_upload", original)
    again = cli("deploy", "-C", site)
    assert again.code == 0 and ", 4 unchanged" in again.out


def test_a_build_of_the_site_while_a_deploy_publishes_it_waits_for_the_deploy(
    make_site: Callable[..., Path], cli: Callable[..., CliResult], s3_server: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two runs of a daily job overlapping: the second's digest build put its output in place
    as the first's digest deploy sent the files, which then went up half from one build and
    half from the other (a page from the new build, the files it shows from the old). A build
    waits for the deploy, as it waits for another build."""
    from digest.deploy import s3

    target = f"  - {{name: s3, type: s3, bucket: site, endpoint_url: '{s3_server}', region: us-east-1}}\n"
    site = make_site(ARTICLES, config(target))
    original, builds = s3._upload, []

    def upload(*args: Any) -> None:
        if not builds:  # the first file: another run edits an article and builds the site
            (site / "content/articles/2024-03-01-a.md").write_text(article("First story, edited", date="2024-03-01"))
            command = [sys.executable, "-m", "digest", "build", "-C", str(site)]
            env = {**os.environ, "PYTHONPATH": str(REPO)}
            builds.append(subprocess.Popen(command, env=env, stderr=subprocess.PIPE, text=True))
            assert builds[0].stderr is not None
            said = builds[0].stderr.readline()  # "waiting for …", or nothing once that build is done
            builds.append(said)
        original(*args)

    monkeypatch.setattr(s3, "_upload", upload)
    result = cli("deploy", "-C", site)
    assert result.code == 0, result.err
    assert builds[1].startswith("waiting for another build of this site to finish")
    assert b"First story, edited" not in s3_objects(s3_server)["articles/a/index.html"]["Body"]
    assert builds[0].wait(timeout=60) == 0
    assert "First story, edited" in (site / "public/articles/a/index.html").read_text()


def test_s3_objects_the_storage_refuses_to_delete_are_an_error_naming_them(
    make_site: Callable[..., Path], cli: Callable[..., CliResult], s3_server: str
) -> None:
    with refusing_deletes(s3_server) as endpoint:
        target = f"  - {{name: s3, type: s3, bucket: site, endpoint_url: '{endpoint}', region: us-east-1}}\n"
        site = make_site(ARTICLES, config(target))
        assert cli("deploy", "-C", site).code == 0
        (site / "content/articles/2024-03-02-b.md").unlink()
        result = cli("deploy", "-C", site)
        assert result.code == 1
        assert "s3: s3://site/: could not delete 1 object(s): articles/b/index.html (AccessDenied)" in result.err
        assert "articles/b/index.html" in s3_objects(s3_server)


def test_s3_with_delete_false_keeps_objects_it_has_no_file_for(
    make_site: Callable[..., Path], cli: Callable[..., CliResult], s3_server: str
) -> None:
    """A bucket that holds more than the site (a podcast's files uploaded by hand), as an rsync
    target's delete: false keeps the remote files."""
    import boto3

    boto3.client("s3", endpoint_url=s3_server).put_object(Bucket="site", Key="media/episode-1.mp3", Body=b"ID3")
    target = (
        f"  - {{name: s3, type: s3, bucket: site, endpoint_url: '{s3_server}', region: us-east-1, delete: false}}\n"
    )
    site = make_site(ARTICLES, config(target))
    assert cli("deploy", "-C", site).code == 0
    (site / "content/articles/2024-03-02-b.md").unlink()
    dry = cli("deploy", "--dry-run", "-C", site)
    assert dry.code == 0, dry.err
    assert "  delete " not in dry.out and ", would delete 0, " in dry.out
    assert cli("deploy", "-C", site).code == 0
    kept = s3_objects(s3_server)
    assert "media/episode-1.mp3" in kept and "articles/b/index.html" in kept and "articles/a/index.html" in kept


def test_s3_uploads_the_files_pages_show_before_the_pages(
    make_site: Callable[..., Path], cli: Callable[..., CliResult], s3_server: str
) -> None:
    """A page that is live before the photo it shows (a deploy stopped half-way, or read while
    it runs) shows a broken image: other files go first, then pages and feeds."""
    with refusing_uploads(s3_server, ".html") as endpoint:
        target = f"  - {{name: s3, type: s3, bucket: site, endpoint_url: '{endpoint}', region: us-east-1}}\n"
        site = make_site(
            {**ARTICLES, "content/static/map.svg": "<svg xmlns='http://www.w3.org/2000/svg'/>"}, config(target)
        )
        result = cli("deploy", "-C", site)
        assert result.code == 1
        assert "AccessDenied" in result.err
        uploaded = s3_objects(s3_server)
        assert "static/map.svg" in uploaded and "feed.xml" not in uploaded
        assert not any(key.endswith(".html") for key in uploaded)


def test_deploy_names_an_unknown_target_with_a_suggestion(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    site = make_site(ARTICLES, config("  - {name: pages, type: github-pages}\n  - {name: s3, type: s3, bucket: b}\n"))
    result = cli("deploy", "page", "-C", site)
    assert result.code == 2
    assert "did you mean 'pages'?" in result.err


def test_deploy_targets_are_validated_with_lines(make_site: Callable[..., Path], cli: Callable[..., CliResult]) -> None:
    site = make_site(ARTICLES, config("  - {type: s3}\n  - type: ftp\n"))
    result = cli("deploy", "-C", site)
    assert result.code == 1
    assert "digest.yaml:5: deploy[1]: an s3 target needs bucket" in result.err
    site = make_site(ARTICLES, config("  - {type: rsync}\n"))
    assert "digest.yaml:5: deploy[1]: an rsync target needs destination" in cli("deploy", "-C", site).err
    assert "digest.yaml:6: deploy[2].type: expected one of github-pages, s3, rsync" in result.err
    # a type written below the target's name is named where it is written, as any other key
    site = make_site(ARTICLES, config("  - name: web\n    destination: host:www/\n    type: rsnyc\n"))
    result = cli("deploy", "-C", site)
    assert result.code == 1 and "digest.yaml:7: deploy[1].type: expected one of" in result.err
    assert "got a string ('rsnyc'); did you mean 'rsync'?" in result.err
    for branch in ("bad..branch", "refs/heads/site"):
        site = make_site(ARTICLES, config(f"  - {{type: github-pages, branch: {branch}}}\n"))
        result = cli("deploy", "-C", site)
        assert result.code == 1 and f"expected a branch name such as gh-pages, got '{branch}'" in result.err


def test_an_s3_bucket_or_region_no_storage_takes_is_an_error_at_its_line(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    """A bucket written as Hugo's deploy URL (s3://…) and a region with a space were a failed
    deploy after the build, the first with botocore's regular expressions, the second a traceback;
    a Cache-Control beyond ASCII was stored mangled, and uploaded again by every deploy."""
    site = make_site(ARTICLES, config("  - type: s3\n    bucket: s3://my-digest\n    region: eu central\n"))
    result = cli("deploy", "-C", site)
    assert result.code == 1
    assert (
        "digest.yaml:6: deploy[1].bucket: expected a bucket's name such as my-digest, got 's3://my-digest'; write the name alone: my-digest"
        in result.err
    )
    assert "digest.yaml:7: deploy[1].region: expected a region such as eu-central-1, got 'eu central'" in result.err
    assert not (site / "public").exists()
    # a header S3 cannot carry: refused by the HTTP client after the build, or stored mangled ('Ã©')
    headers = '    cache_control: "public,\\nmax-age=60"\n    html_cache_control: "max-age=0 — revalidate"\n'
    site = make_site(ARTICLES, config(f"  - type: s3\n    bucket: my-digest\n{headers}"))
    result = cli("deploy", "-C", site)
    assert result.code == 1
    assert (
        "digest.yaml:7: deploy[1].cache_control: expected a header's value such as 'public, max-age=3600'" in result.err
    )
    assert "digest.yaml:8: deploy[1].html_cache_control: expected a header's value such as" in result.err


def test_an_s3_endpoint_that_ends_with_the_bucket_is_an_error_at_its_line(
    make_site: Callable[..., Path], cli: Callable[..., CliResult], s3_server: str
) -> None:
    """The bucket's address as a storage's dashboard shows it (https://ACCOUNT.r2.cloudflarestorage.com/site)
    given as endpoint_url built the site, then failed with 'NoSuchKey … ListObjectsV2': the bucket
    was asked for a key named after it."""
    target = f"  - {{name: s3, type: s3, bucket: site, region: us-east-1,\n     endpoint_url: '{s3_server}/site/'}}\n"
    site = make_site(ARTICLES, config(target))
    result = cli("deploy", "-C", site)
    assert result.code == 1
    assert (
        f"digest.yaml:6: deploy[1].endpoint_url: '{s3_server}/site/' ends with the bucket's name, which bucket: "
        f"gives; write the storage's address alone: {s3_server}"
    ) in result.err
    assert not (site / "public").exists()
    (site / "digest.yaml").write_text(config(target.replace("/site/'", "'")))
    assert cli("deploy", "-C", site).code == 0
    assert "index.html" in s3_objects(s3_server)


def test_s3_credentials_boto3_cannot_read_are_an_error(
    make_site: Callable[..., Path], cli: Callable[..., CliResult], s3_server: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = f"  - {{name: s3, type: s3, bucket: site, endpoint_url: '{s3_server}', region: us-east-1}}\n"
    site = make_site(ARTICLES, config(target))
    monkeypatch.setenv("AWS_PROFILE", "nosuch")
    result = cli("deploy", "-C", site)
    assert result.code == 1
    assert "s3: s3://site/: The config profile (nosuch) could not be found" in result.err
    monkeypatch.delenv("AWS_PROFILE")
    assert s3_objects(s3_server) == {}
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"):
        monkeypatch.delenv(name)
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(site / "no-credentials"))
    monkeypatch.setenv("AWS_CONFIG_FILE", str(site / "no-config"))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    result = cli("deploy", "-C", site)
    assert result.code == 1
    assert (
        "s3: s3://site/: Unable to locate credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, "
        "or AWS_PROFILE to a profile of ~/.aws/credentials"
    ) in result.err


@pytest.mark.skipif(shutil.which("rsync") is None and not os.environ.get("CI"), reason="rsync is not installed")
def test_rsync_to_a_local_folder(make_site: Callable[..., Path], cli: Callable[..., CliResult], tmp_path: Path) -> None:
    destination = tmp_path / "www"
    destination.mkdir()
    (destination / "stale.html").write_text("old")
    site = make_site(ARTICLES, config(f"  - {{name: web, type: rsync, destination: '{destination}'}}\n"))
    dry = cli("deploy", "web", "--dry-run", "-C", site)
    assert dry.code == 0, dry.err
    assert "  delete stale.html" in dry.out and (destination / "stale.html").exists()
    result = cli("deploy", "web", "-C", site)
    assert result.code == 0, result.err
    assert "rsync --archive" in result.out and "--delay-updates --delete-delay" in result.out
    assert (destination / "articles/a/index.html").is_file() and (destination / "CNAME").is_file()
    assert not (destination / "stale.html").exists()
    assert (site / "public/.digest-manifest").is_file() and not (destination / ".digest-manifest").exists()


@pytest.mark.skipif(shutil.which("rsync") is None and not os.environ.get("CI"), reason="rsync is not installed")
def test_a_target_with_a_key_digest_does_not_know_is_not_deployed_to(
    make_site: Callable[..., Path], cli: Callable[..., CliResult], tmp_path: Path
) -> None:
    """A mistyped key of a target was a warning, and the deploy went on without it: 'delte: false'
    deleted the files it was to keep, 'endpoint:' published to AWS rather than the storage named."""
    destination = tmp_path / "www"
    destination.mkdir()
    (destination / "episode.mp3").write_text("kept by hand")
    target = f"  - name: web\n    type: rsync\n    destination: '{destination}'\n    delte: false\n"
    site = make_site(ARTICLES, config(target))
    result = cli("deploy", "-C", site)
    assert result.code == 1
    assert (
        "digest.yaml:5: web: unknown key 'delte' (did you mean 'delete'?): a target is not deployed to while a "
        "key of it is not understood; nothing was built or published"
    ) in result.err
    assert (destination / "episode.mp3").is_file() and not (destination / "index.html").exists()
    assert not (site / "public").exists()
    (site / "digest.yaml").write_text(config(target.replace("delte", "delete")))
    assert cli("deploy", "-C", site).code == 0
    assert (destination / "episode.mp3").is_file() and (destination / "index.html").is_file()


@pytest.mark.skipif(shutil.which("rsync") is None and not os.environ.get("CI"), reason="rsync is not installed")
def test_rsync_from_a_machine_whose_umask_keeps_files_private_publishes_files_the_server_can_read(
    make_site: Callable[..., Path], cli: Callable[..., CliResult], tmp_path: Path
) -> None:
    """Built under ``umask 077`` the output is the user's alone (as every file they make);
    the copy on the web server is for everyone to read, whichever machine deployed it."""
    destination = tmp_path / "www"
    site = make_site(ARTICLES, config(f"  - {{name: web, type: rsync, destination: '{destination}'}}\n"))
    mask = os.umask(0o077)
    try:
        result = cli("deploy", "web", "-C", site)
    finally:
        os.umask(mask)
    assert result.code == 0, result.err
    assert (site / "public/index.html").stat().st_mode & 0o077 == 0
    for path in [destination, *destination.rglob("*")]:
        wanted = 0o755 if path.is_dir() else 0o644
        assert path.stat().st_mode & 0o777 & wanted == wanted, path


@pytest.mark.skipif(shutil.which("rsync") is None and not os.environ.get("CI"), reason="rsync is not installed")
def test_rsync_that_sent_everything_is_not_a_failure_for_a_file_it_need_not_read(
    make_site: Callable[..., Path], cli: Callable[..., CliResult], tmp_path: Path
) -> None:
    """The files left unchanged were counted by reading every file of the output once rsync was
    done: a link there to a file gone (public/media -> an unmounted drive) failed the deploy
    with 'No such file or directory' after rsync had sent the site, and a big site was read twice."""
    destination = tmp_path / "www"
    site = make_site(ARTICLES, config(f"  - {{name: web, type: rsync, destination: '{destination}'}}\n"))
    assert cli("build", "-C", site).code == 0
    (site / "public/media").symlink_to(tmp_path / "unmounted/media")
    result = cli("deploy", "-C", site)
    assert result.code == 0, result.err
    assert (destination / "articles/a/index.html").is_file() and (destination / "media").is_symlink()
    again = cli("deploy", "-C", site)
    assert again.code == 0 and "web: uploaded 0, deleted 0," in again.out


@pytest.mark.skipif(shutil.which("rsync") is None and not os.environ.get("CI"), reason="rsync is not installed")
def test_rsync_removes_what_an_older_digest_published_though_it_is_no_longer_sent(
    make_site: Callable[..., Path], cli: Callable[..., CliResult], tmp_path: Path
) -> None:
    """A .DS_Store or .digest-manifest an older digest sent stayed on the server for good:
    rsync's --exclude, which keeps them from being sent, kept them from being deleted as well
    (S3 and GitHub Pages removed theirs). A repository's .git/ there is still left alone."""
    destination = tmp_path / "www"
    (destination / "articles").mkdir(parents=True)
    (destination / ".git").mkdir()
    for path in (".DS_Store", "articles/.DS_Store", ".digest-manifest", ".git/HEAD"):
        (destination / path).write_text("published before")
    site = make_site(ARTICLES, config(f"  - {{name: web, type: rsync, destination: '{destination}'}}\n"))
    assert cli("build", "-C", site).code == 0
    (site / "public/.DS_Store").write_text("Finder's, now")
    (site / "public/articles/.DS_Store").write_text("Finder's, now")
    dry = cli("deploy", "--dry-run", "-C", site)
    assert dry.code == 0, dry.err
    assert "  delete .DS_Store\n" in dry.out and "  delete .digest-manifest\n" in dry.out
    assert cli("deploy", "-C", site).code == 0
    for path in (".DS_Store", "articles/.DS_Store", ".digest-manifest"):
        assert not (destination / path).exists(), path
    assert (destination / ".git/HEAD").read_text() == "published before"
    assert (site / "public/.DS_Store").exists() and (site / "public/.digest-manifest").exists()


@pytest.mark.skipif(shutil.which("rsync") is None and not os.environ.get("CI"), reason="rsync is not installed")
def test_rsync_lists_names_beyond_ascii_as_they_are_in_any_locale(
    make_site: Callable[..., Path], cli: Callable[..., CliResult], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Under LC_ALL=C, as cron and many CI runners start commands, rsync escaped every byte
    beyond ASCII: the dry run listed 'upload static/caf\\#303\\#251.txt'."""
    destination = tmp_path / "www"
    destination.mkdir()
    (destination / "vieux café.html").write_text("old")
    files = {**ARTICLES, "content/static/café.txt": "menu"}
    site = make_site(files, config(f"  - {{name: web, type: rsync, destination: '{destination}'}}\n"))
    monkeypatch.setenv("LC_ALL", "C")
    dry = cli("deploy", "--dry-run", "-C", site)
    assert dry.code == 0, dry.err
    assert "  upload static/café.txt\n" in dry.out and "  delete vieux café.html\n" in dry.out


@pytest.mark.skipif(shutil.which("rsync") is None and not os.environ.get("CI"), reason="rsync is not installed")
def test_rsync_finds_a_relative_folder_from_the_site_and_host_alone_means_the_home_folder(
    make_site: Callable[..., Path], cli: Callable[..., CliResult], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    targets = (
        "  - {name: near, type: rsync, destination: ../www}\n"
        "  - {name: home, type: rsync, destination: 'localhost:', ssh: %s, delete: false}\n"
    )
    shell = tmp_path / "ssh-here"  # a remote shell that runs the command here, in the "home" folder
    shell.write_text('#!/bin/sh\nshift\ncd "$DIGEST_TEST_HOME" && exec "$@"\n')
    shell.chmod(0o755)
    site = make_site(ARTICLES, config(targets % shell))
    elsewhere, home = tmp_path / "elsewhere", tmp_path / "home"
    (elsewhere / "www").mkdir(parents=True)
    (elsewhere / "www" / "keep.txt").write_text("not the site's")
    home.mkdir()
    monkeypatch.chdir(elsewhere / "www")
    monkeypatch.setenv("DIGEST_TEST_HOME", str(home))
    dry = cli("deploy", "home", "--dry-run", "-C", site)
    assert dry.code == 0, dry.err
    command = next(line for line in dry.out.splitlines() if "rsync --archive" in line)
    assert command.endswith(" localhost:)")  # never localhost:/, the remote's root
    assert cli("deploy", "near", "-C", site).code == 0
    assert (site.parent / "www/articles/a/index.html").is_file()
    assert (elsewhere / "www" / "keep.txt").read_text() == "not the site's"
    assert cli("deploy", "home", "-C", site).code == 0
    assert (home / "articles/a/index.html").is_file()


@pytest.mark.skipif(shutil.which("rsync") is None and not os.environ.get("CI"), reason="rsync is not installed")
@pytest.mark.parametrize("destination", ["'localhost:'", "'localhost:~/'", "'localhost:.'", "'~'"])
def test_rsync_with_delete_into_a_home_folder_is_refused_and_nothing_is_sent(
    destination: str,
    make_site: Callable[..., Path],
    cli: Callable[..., CliResult],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """--delete would remove everything else in the home folder, ~/.ssh too."""
    shell = tmp_path / "ssh-here"  # a remote shell that runs the command here, in the "home" folder
    shell.write_text('#!/bin/sh\nshift\ncd "$DIGEST_TEST_HOME" && exec "$@"\n')
    shell.chmod(0o755)
    site = make_site(ARTICLES, config(f"  - {{name: home, type: rsync, destination: {destination}, ssh: {shell}}}\n"))
    home = tmp_path / "home"
    (home / ".ssh").mkdir(parents=True)
    (home / ".ssh/authorized_keys").write_text("ssh-ed25519 AAAA me")
    monkeypatch.setenv("DIGEST_TEST_HOME", str(home))
    monkeypatch.setenv("HOME", str(home))
    result = cli("deploy", "home", "-C", site)
    assert result.code != 0
    assert "is a home folder or a file system's root: --delete would remove everything else there" in result.err
    assert "nothing was sent" in result.err
    assert sorted(path.name for path in home.rglob("*")) == [".ssh", "authorized_keys"]


def test_deploy_without_targets_says_how_to_add_one(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    site = make_site(ARTICLES)
    result = cli("deploy", "-C", site)
    assert result.code == 2
    assert "no deploy targets in digest.yaml" in result.err and "type: github-pages" in result.err


def test_a_github_pages_target_without_a_repository_is_a_clear_error(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    site = make_site(ARTICLES, config("  - {type: github-pages}\n"))
    result = cli("deploy", "-C", site)
    assert result.code == 1
    assert (
        f"github-pages: the site folder {site} is in no git repository, so remote: origin names nothing" in result.err
    )
    subprocess.run(["git", "init", "--quiet", str(site)], check=True)
    result = cli("deploy", "-C", site)
    assert result.code == 1
    assert f"github-pages: no git remote named 'origin' in the repository at {site}" in result.err


def test_a_target_that_fails_is_named_at_its_line_of_digest_yaml(
    make_site: Callable[..., Path], cli: Callable[..., CliResult], tmp_path: Path, s3_server: str
) -> None:
    """A bucket that does not exist, a remote that is no repository, a folder rsync cannot make:
    each error points at the target's entry in digest.yaml, as a wrong value there does."""
    targets = (
        f"  - name: pages\n    type: github-pages\n    remote: '{tmp_path / 'nowhere.git'}'\n"
        f"  - name: s3\n    type: s3\n    bucket: nosuchbucket\n    endpoint_url: '{s3_server}'\n"
        f"  - name: web\n    type: rsync\n    destination: '{tmp_path / 'no/such/folder'}'\n"
    )
    site = make_site(ARTICLES, config(targets))
    for name, line in (("pages", 5), ("s3", 8), ("web", 12)):
        result = cli("deploy", name, "-C", site)
        assert result.code == 1
        assert result.err.startswith(f"error: digest.yaml:{line}: {name}: "), result.err
    assert "(NoSuchBucket)" in cli("deploy", "s3", "-C", site).err
    assert s3_objects(s3_server) == {} and not (tmp_path / "no").exists()


def test_a_deploy_whose_build_fails_says_that_nothing_was_published(
    make_site: Callable[..., Path], cli: Callable[..., CliResult], tmp_path: Path
) -> None:
    """A daily job's log of digest deploy held the content's error alone, where digest build's
    says what became of the output: whether the target was left as it was is said too."""
    web = tmp_path / "web"
    site = make_site(ARTICLES, config(f"  - {{name: web, type: rsync, destination: '{web}/'}}\n"))
    assert cli("deploy", "-C", site).code == 0
    published = sorted(path.relative_to(web) for path in web.rglob("*"))
    (site / "content/digests").mkdir()
    (site / "content/digests/2024-03-03-week.md").write_text(
        "---\ntitle: Week\ndate: 2024-03-03\npicks:\n  - article: no-such-story\n---\nIntro.\n"
    )
    result = cli("deploy", "-C", site)
    assert result.code == 1
    assert result.err.splitlines() == [
        "content/digests/2024-03-03-week.md:5: pick 1: 'no-such-story' names no existing article",
        f"deploy failed: 1 error(s) in the build; {site / 'public'} was left as it was, and nothing was published "
        "to web",
    ]
    assert sorted(path.relative_to(web) for path in web.rglob("*")) == published


def test_the_pages_workflow_builds_for_the_address_github_pages_gives_the_site() -> None:
    """A custom domain (a CNAME) serves the site at its root, and a USER.github.io repository
    is a user site at the root too: an address made from the owner's and the repository's
    names put every canonical link, feed and 404.html link under a '/REPO/' those sites do not
    have. actions/configure-pages says where Pages serves the site, and the README's recipe
    is the workflow's."""
    import re

    import yaml

    repo = Path(__file__).resolve().parents[1]
    workflow = yaml.safe_load((repo / ".github/workflows/pages.yml").read_text(encoding="utf-8"))
    steps = workflow["jobs"]["deploy"]["steps"]
    pages = [step for step in steps if str(step.get("uses", "")).startswith("actions/configure-pages@")]
    assert len(pages) == 1 and pages[0]["id"] == "pages"
    builds = [step["run"] for step in steps if "digest build" in step.get("run", "")]
    assert builds == ['pip install . && digest build --base-url "${{ steps.pages.outputs.base_url }}"']
    assert steps.index(pages[0]) < [step.get("run") for step in steps].index(builds[0])
    readme = (repo / "README.md").read_text(encoding="utf-8")
    recipe = re.search(r"\*\*GitHub Pages\.\*\*.*?```yaml\n(.*?)```", readme, re.S)
    assert recipe is not None
    assert "uses: actions/configure-pages@" in recipe.group(1) and builds[0] in recipe.group(1)
    assert "repository_owner" not in recipe.group(1)


@pytest.mark.parametrize("destination", [".", "..", "public", "public/www"])
def test_rsync_refuses_a_folder_that_holds_the_site_or_is_its_output(
    make_site: Callable[..., Path], cli: Callable[..., CliResult], destination: str
) -> None:
    """rsync --delete into the site folder (or one above it) would delete its content/ and
    digest.yaml; into the output, the site published into itself."""
    site = make_site(ARTICLES, config(f"  - {{name: web, type: rsync, destination: '{destination}'}}\n"))
    before = sorted(path.relative_to(site) for path in site.rglob("*") if "public" not in path.parts)
    for options in (["--dry-run"], []):
        result = cli("deploy", *options, "-C", site)
        assert result.code == 1
        assert "web: rsync destination" in result.err and "nothing was sent" in result.err, result.err
    assert (site / "content/articles/2024-03-01-a.md").is_file()
    after = sorted(path.relative_to(site) for path in site.rglob("*") if "public" not in path.parts)
    assert [path for path in before if path not in after] == []
    assert not (site / "public/www").exists()


def _one_target_of_each_kind(tmp_path: Path, s3_server: str) -> tuple[str, Path, Path]:
    """digest.yaml's targets pages (a bare repository), web (rsync to a folder) and s3, with
    the repository and the folder."""
    remote, www = bare_repository(tmp_path / "remote.git"), tmp_path / "www"
    targets = (
        f"  - {{name: pages, type: github-pages, remote: '{remote}'}}\n"
        f"  - {{name: web, type: rsync, destination: '{www}'}}\n"
        f"  - {{name: s3, type: s3, bucket: site, endpoint_url: '{s3_server}', region: us-east-1}}\n"
    )
    return targets, remote, www


def _published_at_each(remote: Path, www: Path, s3_server: str) -> dict[str, set[str]]:
    """The paths each of ``_one_target_of_each_kind``'s targets holds, by target."""
    return {
        "pages": set(git(remote, "ls-tree", "-r", "--name-only", "gh-pages").splitlines()),
        "web": {path.relative_to(www).as_posix() for path in www.rglob("*") if path.is_file()},
        "s3": set(s3_objects(s3_server)),
    }


def test_what_editors_and_file_managers_leave_in_the_output_is_not_published(
    make_site: Callable[..., Path], cli: Callable[..., CliResult], tmp_path: Path, s3_server: str
) -> None:
    """Finder's .DS_Store (it lists the folder's files), an editor's backup of a page: never
    published from content/static/, nor from the output folder where they were left."""
    targets, remote, www = _one_target_of_each_kind(tmp_path, s3_server)
    site = make_site(ARTICLES, config(targets))
    assert cli("build", "-C", site).code == 0
    left = [".DS_Store", "articles/.DS_Store", "articles/a/index.html~", "articles/a/.index.html.swp", "a [1]*?.txt~"]
    for path in left:
        (site / "public" / path).write_text("left behind")
    (site / "public/verify-1234.html").write_text("dropped in on purpose")
    for name in ("pages", "web", "s3"):
        dry = cli("deploy", name, "--dry-run", "-C", site)
        assert dry.code == 0, dry.err
        assert "  upload verify-1234.html" in dry.out and not any(f"  upload {path}\n" in dry.out for path in left)
        assert cli("deploy", name, "-C", site).code == 0
    published = _published_at_each(remote, www, s3_server)
    for name, paths in published.items():
        assert "verify-1234.html" in paths and "articles/a/index.html" in paths, name
        assert not paths & set(left), (name, paths & set(left))


def test_an_output_folder_that_is_a_git_worktree_does_not_publish_its_git_file(
    make_site: Callable[..., Path], cli: Callable[..., CliResult], tmp_path: Path, s3_server: str
) -> None:
    """public/ made a worktree of the gh-pages branch (git worktree add public gh-pages, as Hugo
    users keep it) holds a .git file, not a folder, naming where the repository is on this machine."""
    targets, remote, www = _one_target_of_each_kind(tmp_path, s3_server)
    site = make_site(ARTICLES, config(targets))
    assert cli("build", "-C", site).code == 0
    (site / "public/.git").write_text(f"gitdir: {site}/.git/worktrees/public\n")
    for name in ("pages", "web", "s3"):
        dry = cli("deploy", name, "--dry-run", "-C", site)
        assert dry.code == 0, dry.err
        assert "  upload index.html" in dry.out and "  upload .git\n" not in dry.out, name
        assert cli("deploy", name, "-C", site).code == 0
    published = _published_at_each(remote, www, s3_server)
    for name, paths in published.items():
        assert "index.html" in paths and ".git" not in paths, name
