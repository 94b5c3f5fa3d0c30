"""The output folder holds only what digest wrote: files it did not write survive every build,
folders it did not make are refused unless forced, and builds of one site take turns."""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from digest.process import site_lock
from digest.write import MANIFEST
from tests.conftest import REPO, CliResult, article, snapshot

ENV = {**os.environ, "PYTHONPATH": str(REPO)}
GIT = shutil.which("git")


def articles(count: int) -> dict[str, str]:
    return {
        f"content/articles/2024-01-{day:02d}-story-{day}.md": article(f"Story {day}", date=f"2024-01-{day:02d}")
        for day in range(1, count + 1)
    }


def git(folder: Path, *args: str) -> str:
    assert GIT is not None
    identity = ["-c", "user.name=Test", "-c", "user.email=test@example.org", "-c", "commit.gpgsign=false"]
    done = subprocess.run([GIT, *identity, "-C", str(folder), *args], capture_output=True, text=True, check=True)
    return done.stdout


@pytest.fixture
def checkout(tmp_path: Path) -> Path:
    """A gh-pages checkout: a git repository with a commit, a CNAME and an unrelated file."""
    if GIT is None:
        pytest.skip("git is not installed")
    folder = tmp_path / "gh-pages"
    folder.mkdir()
    git(folder, "init", "-q")
    (folder / "CNAME").write_text("news.example.org\n")
    (folder / "notes.txt").write_text("deploy notes\n")
    git(folder, "add", "-A")
    git(folder, "commit", "-q", "-m", "first")
    return folder


def test_a_folder_digest_did_not_make_is_refused_and_left_intact(
    make_site: Callable[..., Path], cli: Callable[..., CliResult], checkout: Path
) -> None:
    site = make_site(articles(3))
    before = snapshot(checkout)
    result = cli("build", "-C", site, "-o", checkout)
    assert result.code in (1, 2)
    assert str(checkout) in result.err and "--force" in result.err
    assert snapshot(checkout) == before
    assert sorted(path.name for path in checkout.parent.iterdir()) == ["gh-pages", "site"]


def test_a_forced_build_keeps_git_cname_and_other_files_through_later_builds(
    make_site: Callable[..., Path], cli: Callable[..., CliResult], checkout: Path
) -> None:
    site = make_site(articles(3))
    git_files = {path: data for path, data in snapshot(checkout).items() if path.startswith(".git/")}
    assert cli("build", "-C", site, "-o", checkout, "--force").code == 0
    assert (checkout / "articles/story-1/index.html").is_file()

    def intact() -> None:
        assert (checkout / "CNAME").read_text() == "news.example.org\n"
        assert (checkout / "notes.txt").read_text() == "deploy notes\n"
        now = {path: data for path, data in snapshot(checkout).items() if path.startswith(".git/")}
        assert now == git_files
        assert "first" in git(checkout, "log", "--format=%s")

    intact()
    (site / "content/articles/2024-01-02-story-2.md").write_text(article("Story two, edited", date="2024-01-02"))
    assert cli("build", "-C", site, "-o", checkout).code == 0  # no --force: the folder is digest's now
    intact()
    assert "Story two, edited" in (checkout / "articles/story-2/index.html").read_text()
    (site / "content/articles/2024-01-03-story-3.md").unlink()
    result = cli("build", "-C", site, "-o", checkout)
    assert result.code == 0, result.err
    intact()
    assert not (checkout / "articles/story-3").exists()
    git_files = {path: data for path, data in snapshot(checkout).items() if path.startswith(".git/")}
    git(checkout, "add", "-A")  # the checkout is usable: the site can be committed and pushed
    git(checkout, "commit", "-q", "-m", "site")
    assert "articles/story-1/index.html" in git(checkout, "ls-files")
    assert cli("build", "-C", site, "-o", checkout).code == 0
    assert git(checkout, "status", "--porcelain") == ""  # nothing changed: the next deploy is empty


def test_a_deleted_article_is_pruned_and_files_dropped_in_by_hand_stay(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    site = make_site(articles(4))
    assert cli("build", "-C", site).code == 0
    public = site / "public"
    mine = {
        "notes.txt": b"mine",
        "articles/story-1/attachment.pdf": b"%PDF",
        ".well-known/security.txt": b"Contact: x",
        "downloads/empty/.keep": b"",
    }
    for path, data in mine.items():
        (public / path).parent.mkdir(parents=True, exist_ok=True)
        (public / path).write_bytes(data)
    (public / "empty-folder").mkdir()
    (site / "content/articles/2024-01-04-story-4.md").unlink()
    (site / "content/articles/2024-01-01-story-1.md").unlink()  # its folder holds a file of mine
    result = cli("build", "-C", site)
    assert result.code == 0, result.err
    assert not (public / "articles/story-4").exists()
    assert not (public / "articles/story-1/index.html").exists()
    assert {path: (public / path).read_bytes() for path in mine} == mine
    assert (public / "empty-folder").is_dir()
    for _ in range(2):  # and in the builds after (each switches to the other tree)
        (site / "content/articles/2024-01-02-story-2.md").write_text(article(f"Edit {_}", date="2024-01-02"))
        assert cli("build", "-C", site).code == 0
        assert {path: (public / path).read_bytes() for path in mine} == mine
        assert (public / "empty-folder").is_dir()
    (public / "notes.txt").unlink()  # what the user deletes stays deleted
    (site / "content/articles/2024-01-02-story-2.md").write_text(article("Edit 3", date="2024-01-02"))
    assert cli("build", "-C", site).code == 0
    assert cli("build", "-C", site, "--clean").code == 0
    assert not (public / "notes.txt").exists()
    assert (public / "articles/story-1/attachment.pdf").read_bytes() == b"%PDF"


def test_an_output_folder_of_an_earlier_version_without_manifest_still_builds(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    site = make_site(articles(3))
    assert cli("build", "-C", site).code == 0
    (site / "public" / MANIFEST).unlink()
    (site / "content/articles/2024-01-03-story-3.md").write_text(article("Edited", date="2024-01-03"))
    assert cli("build", "-C", site, "--clean").code == 0
    assert "Edited" in (site / "public/articles/story-3/index.html").read_text()
    assert (site / "public" / MANIFEST).is_file()
    (site / "content/articles/2024-01-03-story-3.md").unlink()
    assert cli("build", "-C", site).code == 0
    assert not (site / "public/articles/story-3").exists()
    (site / "public" / MANIFEST).unlink()
    (site / "public/notes.txt").write_text("not digest's")  # then it is not only digest's output
    result = cli("build", "-C", site, "--clean")
    assert result.code == 1 and "--force" in result.err
    assert (site / "public/notes.txt").read_text() == "not digest's"


def test_an_empty_or_missing_folder_needs_no_force(
    make_site: Callable[..., Path], cli: Callable[..., CliResult], tmp_path: Path
) -> None:
    site = make_site(articles(2))
    (tmp_path / "empty").mkdir()
    assert cli("build", "-C", site, "-o", tmp_path / "empty").code == 0
    assert cli("build", "-C", site, "-o", tmp_path / "new/deeper").code == 0
    assert (tmp_path / "new/deeper/index.html").is_file()


@pytest.mark.parametrize("force", [(), ("--force",)])
def test_an_output_that_is_a_file_is_refused_before_any_work(
    make_site: Callable[..., Path], cli: Callable[..., CliResult], force: tuple[str, ...]
) -> None:
    """With --force too: it rendered every page and then failed with 'Not a directory'."""
    site = make_site(articles(2))
    config = (site / "digest.yaml").read_bytes()
    result = cli("build", "-C", site, "-o", site / "digest.yaml", *force)
    assert result.code == 1
    assert result.err.endswith(f"error: the output folder {site / 'digest.yaml'} is not a folder\n")
    assert (site / "digest.yaml").read_bytes() == config


def test_an_output_that_is_a_link_that_loops_is_refused_before_any_work(
    make_site: Callable[..., Path], cli: Callable[..., CliResult], tmp_path: Path
) -> None:
    """It rendered every page, then failed with 'Not a directory (…/.digest-staging-…)'."""
    site = make_site(articles(2))
    (tmp_path / "loop").symlink_to("loop")
    result = cli("build", "-C", site, "-o", tmp_path / "loop", "--force")
    assert result.code == 1
    message = f"error: the output folder {tmp_path / 'loop'} is not a folder: it is a symbolic link that loops\n"
    assert result.err.endswith(message), result.err
    assert (tmp_path / "loop").is_symlink() and sorted(os.listdir(tmp_path)) == ["loop", "site"]


def test_unchanged_files_keep_their_mtime_over_many_builds(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    site = make_site(articles(6))
    assert cli("build", "-C", site).code == 0
    public = site / "public"
    first = snapshot(public)
    before = {path: (public / path).stat().st_mtime_ns for path in first}
    time.sleep(0.05)
    for edit in range(4):  # each build switches to the other tree
        (site / "content/articles/2024-01-05-story-5.md").write_text(
            article(f"Story 5, edit {edit}", date="2024-01-05")
        )
        assert cli("build", "-C", site).code == 0
    last = snapshot(public)
    unchanged = {path for path in first if last.get(path) == first[path]}
    assert len(unchanged) > len(first) / 2 and MANIFEST in unchanged
    assert {path: (public / path).stat().st_mtime_ns for path in unchanged} == {
        path: before[path] for path in unchanged
    }
    assert last["articles/story-5/index.html"] != first["articles/story-5/index.html"]


def test_a_failed_build_leaves_the_output_and_its_spare_as_they_were(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    site = make_site(articles(3))
    assert cli("build", "-C", site).code == 0
    (site / "content/articles/2024-01-01-story-1.md").write_text(article("Edited", date="2024-01-01"))
    assert cli("build", "-C", site).code == 0
    before = snapshot(site / "public")
    (site / "content/articles/2024-01-02-story-2.md").write_text("---\ntitle: [unclosed\n---\n")
    assert cli("build", "-C", site).code == 1
    assert snapshot(site / "public") == before
    (site / "content/articles/2024-01-02-story-2.md").write_text(article("Fixed", date="2024-01-02"))
    assert cli("build", "-C", site).code == 0
    assert "Fixed" in (site / "public/articles/story-2/index.html").read_text()


def test_a_build_on_a_full_disk_says_so_and_leaves_the_output_as_it_was(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    """A disk that fills while pages are written (here: a limit on the size of a file): the
    build fails as a failed build says, naming what it could not write, the output untouched."""
    import resource

    site = make_site(articles(3))
    assert cli("build", "-C", site).code == 0
    before = snapshot(site / "public")
    long = article("Longer", date="2024-01-01", body="Many words in a long article. " * 20000)
    (site / "content/articles/2024-01-01-story-1.md").write_text(long)

    def small_files() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (200_000, resource.RLIM_INFINITY))

    command = [sys.executable, "-m", "digest", "build", "-C", str(site), "--jobs", "1"]
    done = subprocess.run(command, env=ENV, capture_output=True, text=True, preexec_fn=small_files)
    assert done.returncode == 1
    # said at the file it could not write (the article's page, or the feed holding its body)
    assert re.search(
        rf"build failed: File too large \({re.escape(str(site / 'public'))}/(articles/story-1/index.html|feed.xml)\); "
        rf"{re.escape(str(site / 'public'))} was left as it was\n$",
        done.stderr,
    ), done.stderr
    assert snapshot(site / "public") == before
    assert cli("build", "-C", site).code == 0


def test_a_full_disk_as_a_static_file_is_copied_is_no_fault_of_the_file(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    """A disk that fills as content/static/photo.jpg is copied was told as the photo's fault,
    'content/static/photo.jpg: cannot read this file: No space left on device': the build
    says the disk is full and which file it could not write, the output untouched."""
    import resource

    site = make_site(articles(2))
    assert cli("build", "-C", site).code == 0
    before = snapshot(site / "public")
    (site / "content/static").mkdir()
    (site / "content/static/photo.jpg").write_bytes(os.urandom(300_000))

    def small_files() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (200_000, resource.RLIM_INFINITY))

    command = [sys.executable, "-m", "digest", "build", "-C", str(site), "--jobs", "1"]
    done = subprocess.run(command, env=ENV, capture_output=True, text=True, preexec_fn=small_files)
    assert done.returncode == 1
    photo = site / "public/static/photo.jpg"
    assert "cannot read" not in done.stderr
    assert done.stderr.endswith(f"build failed: File too large ({photo}); {site / 'public'} was left as it was\n"), (
        done.stderr
    )
    assert snapshot(site / "public") == before
    assert [path.name for path in site.iterdir() if path.name.startswith(".digest-staging")] == []
    assert cli("build", "-C", site).code == 0
    assert (site / "public/static/photo.jpg").read_bytes() == (site / "content/static/photo.jpg").read_bytes()


def test_a_full_disk_as_the_search_index_is_written_says_so_in_words(make_site: Callable[..., Path]) -> None:
    """Not Python's '[Errno 27] File too large': the file it could not write, and why."""
    import resource

    site = make_site(articles(1))

    def small_files() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (30_000, resource.RLIM_INFINITY))

    command = [sys.executable, "-m", "digest", "build", "-C", str(site), "--jobs", "1"]
    done = subprocess.run(command, env=ENV, capture_output=True, text=True, preexec_fn=small_files)
    assert done.returncode == 1
    assert re.search(r"search index: cannot write /\S+: File too large\n", done.stderr), done.stderr
    assert "Errno" not in done.stderr
    assert not (site / "public").exists()
    assert [path.name for path in site.iterdir() if path.name.startswith(".digest-")] == []


def test_an_output_linked_to_a_drive_not_there_says_so(
    make_site: Callable[..., Path], cli: Callable[..., CliResult], tmp_path: Path
) -> None:
    """public/ a symbolic link to a folder on a drive not mounted now: the build said 'build
    failed: No such file or directory (/media/usb/.digest-staging-…)', a folder of its own."""
    site = make_site(articles(1))
    gone = tmp_path / "usb/site"
    (site / "public").symlink_to(gone, target_is_directory=True)
    result = cli("build", "-C", site)
    assert result.code == 1
    assert result.err.endswith(
        f"error: the output folder {site / 'public'} is a symbolic link to {gone}, and {gone.parent} does not "
        "exist; nothing was written\n"
    ), result.err
    assert not (tmp_path / "usb").exists() and (site / "public").is_symlink()


def test_a_file_where_the_spare_output_goes_is_named_and_kept(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    """A file named .digest-spare-public (a tool's, or one saved there by hand) failed every
    build with 'build failed: Not a directory (…/.digest-spare-public/.digest-spare-state)'."""
    site = make_site(articles(2))
    assert cli("build", "-C", site).code == 0
    shutil.rmtree(site / ".digest-spare-public")
    (site / ".digest-spare-public").write_text("mine\n")
    before = snapshot(site / "public")
    (site / "content/articles/2024-01-01-story-1.md").write_text(article("Changed", date="2024-01-01"))
    result = cli("build", "-C", site)
    assert result.code == 1
    assert result.err.endswith(
        f"error: {site / '.digest-spare-public'} is a file, where digest keeps the output it replaces: "
        "move it away and build again\n"
    ), result.err
    assert (site / ".digest-spare-public").read_text() == "mine\n"
    assert snapshot(site / "public") == before
    (site / ".digest-spare-public").unlink()
    assert cli("build", "-C", site).code == 0
    assert "Changed" in (site / "public/articles/story-1/index.html").read_text()


def run_digest(*args: str | Path) -> subprocess.Popen[str]:
    command = [sys.executable, "-m", "digest", *map(str, args)]
    return subprocess.Popen(command, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_two_builds_started_together_both_succeed_and_give_a_clean_build(
    make_site: Callable[..., Path], tmp_path: Path
) -> None:
    site = make_site(articles(28))
    for round_ in range(2):
        first, second = run_digest("build", "-C", site), run_digest("build", "-C", site)
        for process in (first, second):
            _, err = process.communicate(timeout=120)
            assert process.returncode == 0, err
        (site / "content/articles/2024-01-09-story-9.md").write_text(article(f"Again {round_}", date="2024-01-09"))
    done = subprocess.run([sys.executable, "-m", "digest", "build", "-C", site], env=ENV, capture_output=True)
    assert done.returncode == 0
    clean = tmp_path / "clean"
    shutil.copytree(site / "content", clean / "content")
    shutil.copy(site / "digest.yaml", clean)
    assert subprocess.run([sys.executable, "-m", "digest", "build", "-C", clean], env=ENV).returncode == 0
    assert snapshot(site / "public") == snapshot(clean / "public")


def test_a_build_waits_for_the_one_running_and_says_so(make_site: Callable[..., Path]) -> None:
    site = make_site(articles(2))
    told: list[str] = []
    with site_lock(site, site / ".digest-cache/build.lock", told.append):
        process = run_digest("build", "-C", site)
        time.sleep(3)  # past the first line of progress (a log's: after 2 s)
        assert process.poll() is None  # still waiting
    _, err = process.communicate(timeout=60)
    assert told == []
    assert process.returncode == 0, err
    assert "waiting for another build of this site" in err
    # The progress says what the time went on.
    assert re.search(r"^building… \d+ s, waiting for another build of this site$", err, re.MULTILINE), err
    assert (site / "public/index.html").is_file()


def test_the_preview_holds_the_build_lock_only_while_it_builds(make_site: Callable[..., Path]) -> None:
    from digest.build import BuildOptions
    from digest.serve import PreviewServer

    site = make_site(articles(3))
    server = PreviewServer(site, BuildOptions(), port=0, out=io.StringIO(), err=io.StringIO())
    server.start()
    try:
        command = [sys.executable, "-m", "digest", "build", "-C", site]
        done = subprocess.run(command, env=ENV, capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        assert "waiting" not in done.stderr
    finally:
        server.stop()


def test_a_manifest_naming_files_digest_could_not_have_written_removes_none_of_them(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    """A manifest edited by hand or committed to the output's repository may name paths
    outside the output, in its .git folder or through '..': none is ever removed."""
    import json

    from tests.conftest import article

    site = make_site({f"content/articles/2024-03-0{day}-a{day}.md": article(f"A{day}") for day in (1, 2)})
    assert cli("build", "-C", site).code == 0
    public = site / "public"
    (public / ".git").mkdir()
    (public / ".git/HEAD").write_text("ref: refs/heads/main\n")
    (public / "CNAME").write_text("news.example.org\n")
    manifest = json.loads((public / MANIFEST).read_text())
    manifest["files"] += [
        "../digest.yaml",
        "../content/articles/2024-03-01-a1.md",
        ".git/HEAD",
        "sub/../CNAME",
        "/etc/x",
    ]
    (public / MANIFEST).write_text(json.dumps(manifest))
    for day in (1, 2):  # two files changed: the spare tree is brought up to date and exchanged
        (site / f"content/articles/2024-03-0{day}-a{day}.md").write_text(article(f"A{day} again"))
    assert cli("build", "-C", site).code == 0
    assert (site / "digest.yaml").is_file() and (site / "content/articles/2024-03-01-a1.md").is_file()
    assert (public / ".git/HEAD").is_file() and (public / "CNAME").is_file()
    assert "A1 again" in (public / "articles/a1/index.html").read_text()


def test_the_output_folder_and_folders_digest_did_not_make_keep_their_mode_through_builds(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    """The next tree is made beside the output and exchanged with it: a web root of mode 750
    and a private folder (700) in it keep their modes, build after build."""
    site = make_site({f"content/articles/2024-03-0{day}-a{day}.md": article(f"A{day}") for day in (1, 2)})
    assert cli("build", "-C", site).code == 0
    public = site / "public"
    (public / "private").mkdir()
    (public / "private/notes.txt").write_text("mine")
    public.chmod(0o750)
    (public / "private").chmod(0o700)
    for edit in range(3):
        for day in (1, 2):
            (site / f"content/articles/2024-03-0{day}-a{day}.md").write_text(article(f"A{day} {edit}"))
        assert cli("build", "-C", site).code == 0
        assert (public.stat().st_mode & 0o777, (public / "private").stat().st_mode & 0o777) == (0o750, 0o700)
        assert (public / "private/notes.txt").read_text() == "mine"


def test_a_forced_build_does_not_write_through_a_linked_folder_of_the_output(
    make_site: Callable[..., Path], cli: Callable[..., CliResult], tmp_path: Path
) -> None:
    """Output paths never leave the output folder: a link there where digest writes a folder
    (static/ -> a folder elsewhere) is an error, and what it points to is left alone."""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "style.css").write_text("USER CSS")
    output = tmp_path / "out"
    output.mkdir()
    (output / "static").symlink_to(elsewhere, target_is_directory=True)
    site = make_site({"content/articles/2024-03-01-a.md": article("A")})
    result = cli("build", "-C", site, "-o", output, "--force")
    assert result.code == 1 and "is a symbolic link where digest writes the site's static/ folder" in result.err
    assert [path.name for path in elsewhere.iterdir()] == ["style.css"]
    assert (elsewhere / "style.css").read_text() == "USER CSS"
    assert [path.name for path in output.iterdir()] == ["static"]


# -- permissions changed by hand (as a user who is not root meets them) -----------------

# These tests run as root in CI, whom file permissions do not stop: the builds below run
# without the capabilities that let root pass them.
UNPRIVILEGED = [
    "setpriv",
    "--inh-caps=-all",
    "--ambient-caps=-all",
    "--bounding-set=-dac_override,-dac_read_search,-fowner",
]


def unprivileged_build(site: Path, *args: str) -> subprocess.CompletedProcess[str]:
    prefix = UNPRIVILEGED if os.geteuid() == 0 else []
    command = [*prefix, sys.executable, "-m", "digest", "build", "-C", str(site), *args]
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.run(command, capture_output=True, text=True, env=env, timeout=120)


def test_a_read_only_output_folder_is_built_and_stays_read_only(make_site: Callable[..., Path], tmp_path: Path) -> None:
    site = make_site(articles(3))
    assert unprivileged_build(site).returncode == 0
    (site / "public").chmod(0o555)
    for word in ("First", "Second"):  # the second build finds the previous output read-only as its spare
        (site / "content/articles/2024-03-01-a0.md").write_text(article(f"{word} edit"))
        result = unprivileged_build(site)
        assert result.returncode == 0, result.stderr
        assert f"{word} edit" in (site / "public/articles/a0/index.html").read_text()
        assert (site / "public/").stat().st_mode & 0o777 == 0o555
    clean = tmp_path / "clean"
    assert unprivileged_build(site, "--clean", "-o", str(clean)).returncode == 0
    assert snapshot(site / "public") == snapshot(clean)


def test_a_spare_or_store_folder_made_unreadable_costs_work_not_the_build(
    make_site: Callable[..., Path], tmp_path: Path
) -> None:
    site = make_site(articles(3))
    assert unprivileged_build(site).returncode == 0
    (site / "content/articles/2024-03-01-a0.md").write_text(article("Edited"))
    assert unprivileged_build(site).returncode == 0  # (the spare exists from here on)
    (site / ".digest-spare-public").chmod(0o555)  # readable, its state too, but not writable
    (site / "content/articles/2024-03-01-a2.md").write_text(article("Edited three"))
    result = unprivileged_build(site)
    assert result.returncode == 0, result.stderr
    clean = tmp_path / "clean"
    assert unprivileged_build(site, "--clean", "-o", str(clean)).returncode == 0
    assert snapshot(site / "public") == snapshot(clean)
    (site / ".digest-spare-public").chmod(0)
    (site / ".digest-cache").chmod(0)
    (site / "content/articles/2024-03-01-a1.md").write_text(article("Edited too"))
    result = unprivileged_build(site)
    assert result.returncode == 0, result.stderr
    assert "Edited too" in (site / "public/articles/a1/index.html").read_text()
    (site / ".digest-cache").chmod(0o755)


def test_an_output_whose_parent_is_not_writable_is_a_clear_error(
    make_site: Callable[..., Path], tmp_path: Path
) -> None:
    site = make_site(articles(2))
    web = tmp_path / "www"
    (web / "site").mkdir(parents=True)
    web.chmod(0o555)
    try:
        result = unprivileged_build(site, "-o", str(web / "site"))
    finally:
        web.chmod(0o755)
    assert result.returncode == 1
    assert f"error: cannot build into {web / 'site'}: digest makes the new output beside it" in result.stderr
    assert f"{web} is not writable" in result.stderr and "Errno" not in result.stderr
    assert list((web / "site").iterdir()) == []


def test_an_output_on_a_read_only_file_system_is_a_clear_error(make_site: Callable[..., Path], tmp_path: Path) -> None:
    """A read-only mount (a site's web folder mounted read-only into a container)."""
    if subprocess.run(["unshare", "-rm", "true"], capture_output=True, check=False).returncode != 0:
        pytest.skip("this system lets no user make a mount namespace of its own (unshare -rm)")
    site = make_site(articles(2))
    web = tmp_path / "www"
    (web / "site").mkdir(parents=True)
    build = [sys.executable, "-m", "digest", "build", "-C", str(site), "-o", str(web / "site")]
    # In a mount namespace of its own (unprivileged, as the user namespace's root): web/ read-only.
    script = f'mount --bind "{web}" "{web}" && mount -o remount,bind,ro "{web}" && exec "$@"'
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    command = ["unshare", "-rm", "sh", "-c", script, "sh", *build]
    result = subprocess.run(command, capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 1, result.stderr
    assert f"error: cannot build into {web / 'site'}: digest makes the new output beside it" in result.stderr
    assert f"{web} is on a read-only file system" in result.stderr and "Errno" not in result.stderr
    assert list((web / "site").iterdir()) == []


def test_an_output_folder_that_is_a_mount_point_is_built_and_updated(make_site: Callable[..., Path]) -> None:
    """``public/`` a file system of its own (a container's volume, a tmpfs): the staged files
    cannot be renamed into it from beside it, so they are staged inside it; the builds
    succeed, each removes what it no longer writes, and the folder keeps only the site."""
    if shutil.which("unshare") is None or subprocess.run(["unshare", "-rm", "true"]).returncode != 0:
        pytest.skip("needs a mount namespace (unshare -rm)")
    site = make_site(articles(3))
    (site / "public").mkdir()
    build = f"{sys.executable} -m digest build -q -C {site}"
    script = (
        f"set -e; mount -t tmpfs tmpfs {site / 'public'}; {build}; "
        f"rm {site / 'content/articles/2024-01-02-story-2.md'}; {build}; find {site / 'public'} -type f"
    )
    done = subprocess.run(["unshare", "-rm", "sh", "-c", script], env=ENV, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    files = {Path(line).relative_to(site / "public").as_posix() for line in done.stdout.split()}
    assert "articles/story-1/index.html" in files and "articles/story-2/index.html" not in files
    assert not [path for path in files if path.startswith(".digest-") and path != MANIFEST], files
    assert MANIFEST in files
