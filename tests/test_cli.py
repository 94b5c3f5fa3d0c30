"""The command line as a user meets it: init, new, build options, help, version, exit codes."""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
import yaml

from digest import __version__
from digest.cli import make_parser
from digest.frontmatter import parse_document
from tests.conftest import REPO, CliResult, article, said, snapshot


def test_version_and_help(cli: Callable[..., CliResult]) -> None:
    result = cli("--version")
    assert result.code == 0
    help_result = cli("--help")
    assert help_result.code == 0
    for command in ("init", "new", "build", "serve", "import", "check", "email"):
        assert command in help_result.out
    assert cli("build", "--help").code == 0


def test_every_option_the_help_offers_is_in_the_readme() -> None:
    """The README is where a user learns digest: an option ``digest CMD --help`` offers and
    the README does not name is one a reader of the README never finds."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    parser = make_parser()
    commands = next(action for action in parser._actions if isinstance(action, argparse._SubParsersAction))
    missing = [
        f"{name} {option}"
        for name, command in [("", parser), *commands.choices.items()]
        for action in command._actions
        for option in action.option_strings
        if option not in ("-h", "--help") and not re.search(re.escape(option) + r"(?![\w-])", readme)
    ]
    assert not missing


ONE_COMMAND_PROBE = """
import sys
from digest.cli import main
main(sys.argv[1:])
print([name for name in ("digest.importer", "digest.check") if name in sys.modules])
"""


@pytest.mark.parametrize(
    ("command", "option", "imported"),
    [("build", "--jobs", []), ("import", "--dry-run", ["digest.importer"]), ("check", "--external", ["digest.check"])],
)
def test_a_command_line_makes_the_options_of_its_command_alone(command: str, option: str, imported: list[str]) -> None:
    """Each command's options are made when that command runs (the importer's options import
    the importer), while every command stays in the list ``--help`` shows."""
    done = subprocess.run(
        [sys.executable, "-c", ONE_COMMAND_PROBE, command, "--help"], capture_output=True, text=True, check=True
    )
    assert option in done.stdout
    assert done.stdout.splitlines()[-1] == repr(imported)
    listed = subprocess.run(
        [sys.executable, "-c", ONE_COMMAND_PROBE, "--help"], capture_output=True, text=True, check=True
    ).stdout
    assert all(
        name in listed for name in ("init", "new", "build", "serve", "import", "check", "email", "list", "deploy")
    )


def test_python_dash_m_runs_the_same_cli(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "digest", "--version"], capture_output=True, text=True, check=False)
    assert done.returncode == 0
    assert done.stdout.strip() == f"digest {__version__}"


def _copy_of_digest(folder: Path, themes_inside: bool = False) -> Path:
    """digest's package copied into ``folder`` (with the default theme where it is looked for)."""
    ignore = shutil.ignore_patterns("__pycache__")
    shutil.copytree(REPO / "digest", folder / "digest", ignore=ignore)
    shutil.copytree(REPO / "themes", folder / ("digest/themes" if themes_inside else "themes"), ignore=ignore)
    return folder


def _run_copy(folder: Path, *args: str | Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(folder)}
    return subprocess.run(
        [sys.executable, "-m", "digest", *map(str, args)],
        capture_output=True,
        text=True,
        env=env,
        cwd=folder,
        check=False,
    )


def test_the_version_is_pyprojects_in_a_source_tree_everywhere_digest_names_itself(
    make_site: Callable[..., Path], tmp_path: Path
) -> None:
    """pyproject.toml is the one place the version is written: a source tree not installed
    reads it there, and --version, the generator of every page and of the feeds all say it."""
    tree = _copy_of_digest(tmp_path / "tree")
    project = (REPO / "pyproject.toml").read_text()
    assert f'version = "{__version__}"' in project and "dynamic" not in project
    (tree / "pyproject.toml").write_text(project.replace(f'version = "{__version__}"', 'version = "9.9.9"'))
    done = _run_copy(tree, "--version")
    assert done.returncode == 0 and done.stdout.strip() == "digest 9.9.9", done.stderr
    site = make_site({"content/articles/2024-03-01-a.md": article("A")})
    built = _run_copy(tree, "build", "-q", "-C", site)
    assert built.returncode == 0, built.stderr
    assert '<meta name="generator" content="digest 9.9.9">' in (site / "public/articles/a/index.html").read_text()
    assert 'version="9.9.9">digest</generator>' in (site / "public/feed.xml").read_text()


def test_an_installed_digest_says_its_distributions_version(tmp_path: Path) -> None:
    """Installed (a wheel's files beside their .dist-info), digest takes its version from the
    distribution's metadata."""
    installed = _copy_of_digest(tmp_path / "site-packages", themes_inside=True)
    info = installed / "digest-9.8.7.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.3\nName: digest\nVersion: 9.8.7\n")
    done = _run_copy(installed, "--version")
    assert done.returncode == 0 and done.stdout.strip() == "digest 9.8.7", done.stderr
    shutil.rmtree(info)  # nor installed, nor a source tree
    assert _run_copy(installed, "--version").stdout.strip().startswith("digest 0+unknown")


COLLECTOR_PROBE = """
import gc, sys
from digest.cli import run
passes = []
gc.callbacks.append(lambda phase, info: passes.append(info["generation"]) if phase == "start" else None)
sys.argv = ["digest", *sys.argv[1:]]
try:
    run()
except SystemExit as end:
    print(end.code, passes)
"""


def test_digest_build_ends_without_a_pass_of_the_cycle_collector(
    make_site: Callable[..., Path], tmp_path: Path
) -> None:
    """The process ends with the build: the records it made are not walked once more by the
    cycle collector first (a second of a 100,000-article edit).  Other commands collect as usual."""
    site = make_site({f"content/articles/2024-01-{day:02d}-a{day}.md": article(f"A{day}") for day in range(1, 20)})
    ran = subprocess.run(
        [sys.executable, "-c", COLLECTOR_PROBE, "build", "-q", "-C", str(site)], capture_output=True, text=True
    )
    assert ran.stdout.splitlines()[-1] == "0 []", ran.stderr
    assert (site / "public/articles/a3/index.html").is_file()
    checked = subprocess.run(
        [sys.executable, "-c", COLLECTOR_PROBE, "check", "-C", str(site)], capture_output=True, text=True
    )
    assert not checked.stdout.splitlines()[-1].endswith(" []"), checked.stdout  # another command: the collector runs


def test_usage_errors_exit_2(cli: Callable[..., CliResult], tmp_path: Path) -> None:
    assert cli("build", "--no-such-option").code == 2
    assert cli("frobnicate").code == 2
    result = cli("build", "-C", tmp_path)
    assert result.code == 2
    assert "not a digest site" in result.err
    # What is missing is named as the usage line names it: 'kind' was written nowhere.
    bare = cli("new")
    assert bare.code == 2
    assert "the following arguments are required: {article,digest,page,topic}, title" in bare.err


def test_a_site_folder_that_is_missing_or_a_file_is_told_so(
    cli: Callable[..., CliResult], make_site: Callable[..., Path], tmp_path: Path
) -> None:
    """``-C`` naming digest.yaml itself (as ``mkdocs -f mkdocs.yml`` names its file), another
    file, or nothing there: what is wrong, not 'no digest.yaml'."""
    site = make_site({})
    config = site / "digest.yaml"
    told = cli("build", "-C", config)
    assert told.code == 2
    assert (
        told.err
        == f"digest build: error: {config} is a file, not a site's folder: name the folder that holds digest.yaml (-C {site})\n"
    )
    (site / "notes.txt").write_text("x")
    other = cli("list", "-C", site / "notes.txt")
    assert other.code == 2 and other.err.endswith(
        "is a file, not a site's folder: name the folder that holds digest.yaml\n"
    )
    missing = cli("-C", tmp_path / "nowhere", "check")
    assert missing.code == 2
    assert (
        missing.err
        == f"digest check: error: {tmp_path / 'nowhere'} does not exist: name a site's folder, or make one with 'digest init DIR'\n"
    )


def test_a_folder_inside_a_site_names_the_site_rather_than_offering_init(
    cli: Callable[..., CliResult], make_site: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Run from content/articles/, where a file was just edited: 'run digest init DIR first'
    would make a site inside the site; the site it is in is named, with the -C that reaches it."""
    site = make_site({"content/articles/2024-03-01-a.md": article("A")})
    monkeypatch.chdir(site / "content/articles")
    result = cli("new", "article", "Ferry strike", "--topic", "Ports")
    assert result.code == 2
    assert result.err == (
        f"digest new: error: {site / 'content/articles'} is not a digest site (no digest.yaml): "
        f"it is inside the site {site}; use -C ../..\n"
    )
    assert cli("new", "article", "Ferry strike", "--topic", "Ports", "-C", "../..").code == 0


def test_init_makes_a_site_that_builds(cli: Callable[..., CliResult], tmp_path: Path) -> None:
    site = tmp_path / "mysite"
    result = cli("init", site)
    assert result.code == 0, result.err
    assert (site / "digest.yaml").is_file()
    assert len(list((site / "content/articles").glob("*.md"))) == 1
    assert len(list((site / "content/digests").glob("*.md"))) == 1
    build = cli("build", "-C", site)
    assert build.code == 0, build.err
    assert (site / "public/digests/first-issue/index.html").is_file()
    # the one warning of a fresh site: base_url is still the default
    assert said(build.err) == [line for line in said(build.err) if "base_url is still the default" in line]
    assert len(said(build.err)) == 1
    again = cli("build", "-C", site)  # nothing to do: the same warning
    assert "(0 written," in again.out
    assert said(again.err) == said(build.err)
    assert said(cli("build", "-C", site, "--base-url", "https://news.example/").err) == []
    assert result.out.rstrip().endswith(f"Next: cd {site} && digest serve")
    # The sample topic is described once, in its file (digest.yaml's topics: would repeat it, unshown).
    assert (
        site / "content/topics/world.md"
    ).read_text() == '---\ntitle: "World"\n---\nStories from around the world.\n'
    assert "topics" not in yaml.safe_load((site / "digest.yaml").read_text())
    assert "Stories from around the world." in (site / "public/topics/world/index.html").read_text()


@pytest.mark.parametrize(
    ("folder", "title"),
    [
        ("my-news_site", "My News Site"),
        ("bobs_weekly", "Bobs Weekly"),
        ("bob's-news", "Bob's News"),
        ("mysite", "Mysite"),
    ],
)
def test_init_titles_the_site_after_its_folder_as_words(
    cli: Callable[..., CliResult], tmp_path: Path, folder: str, title: str
) -> None:
    """Underscores part words as hyphens do, and a word keeps its letters but the first."""
    assert cli("init", tmp_path / folder).code == 0
    assert yaml.safe_load((tmp_path / folder / "digest.yaml").read_text())["title"] == title


def test_init_into_a_file_says_it_is_a_file(cli: Callable[..., CliResult], tmp_path: Path) -> None:
    """Not 'cannot write notes.txt/digest.yaml: File exists', the words of the folder's mkdir."""
    (tmp_path / "notes.txt").write_text("x")
    for target in (tmp_path / "notes.txt", tmp_path / "notes.txt/site"):
        result = cli("init", target)
        assert result.code == 2
        assert result.err == (
            f"digest init: error: {tmp_path / 'notes.txt'} is a file, not a folder: "
            "name a folder for the new site (a missing one is made)\n"
        )
    assert (tmp_path / "notes.txt").read_text() == "x"


def test_init_in_the_current_folder_says_what_to_run_there(
    cli: Callable[..., CliResult], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = cli("init", ".")
    assert result.code == 0 and (tmp_path / "digest.yaml").is_file()
    assert result.out.rstrip().endswith("Next: digest serve")


def test_init_writes_the_title_language_address_and_time_zone_given(
    cli: Callable[..., CliResult], tmp_path: Path
) -> None:
    site = tmp_path / "bulten"
    options = ["--title", "Ankara Bülteni: haftalık", "--language", "tr", "--timezone", "Europe/Istanbul"]
    result = cli("init", site, *options, "--base-url", "https://example.org/bulten/")
    assert result.code == 0, result.err
    build = cli("build", "-C", site)
    assert build.code == 0 and said(build.err) == []  # no default base_url left to warn about
    home = (site / "public/index.html").read_text(encoding="utf-8")
    assert '<html lang="tr" dir="ltr">' in home and "<title>Ankara Bülteni: haftalık</title>" in home
    assert 'href="https://example.org/bulten/"' in home  # canonical, from base_url
    assert 'timezone: "Europe/Istanbul"' in (site / "digest.yaml").read_text(encoding="utf-8")
    for bad in (["--language", "xx-Nonsense"], ["--timezone", "Mars/Olympus"], ["--base-url", "example.org"]):
        refused = cli("init", tmp_path / "other", *bad)
        assert refused.code == 2 and bad[0] in refused.err
        assert not (tmp_path / "other").exists()


def test_init_writes_the_language_as_pages_write_it(cli: Callable[..., CliResult], tmp_path: Path) -> None:
    """``--language pt_br`` (gettext's way) is written ``pt-BR``, as the site's pages say it."""
    for given, written in (("pt_br", "pt-BR"), ("TR", "tr"), ("en-us", "en-US")):
        assert cli("init", tmp_path / given, "--language", given).code == 0
        assert yaml.safe_load((tmp_path / given / "digest.yaml").read_text())["language"] == written
    assert (tmp_path / "TR/content/topics/dunya.md").is_file()  # the sample in Turkish


def test_a_new_site_in_a_language_the_theme_speaks_starts_in_it(cli: Callable[..., CliResult], tmp_path: Path) -> None:
    turkish = tmp_path / "bulten"
    assert cli("init", turkish, "--language", "tr").code == 0
    assert cli("check", "-C", turkish).code == 0 and cli("build", "-C", turkish).code == 0
    home = (turkish / "public/index.html").read_text(encoding="utf-8")
    assert "İlk sayı" in home and "Buradan başlayın: bu bülten nasıl çalışır." in home
    assert "Welcome to digest" not in home and "First issue" not in home
    assert (turkish / "public/topics/dunya/index.html").is_file()
    assert (turkish / "content/topics/dunya.md").read_text(encoding="utf-8").startswith('---\ntitle: "Dünya"')
    # A language it does not speak: the sample is English, and its article says so.
    russian = tmp_path / "novosti"
    assert cli("init", russian, "--language", "ru").code == 0
    assert cli("build", "-C", russian).code == 0
    (welcome,) = (russian / "content/articles").glob("*.md")
    assert "\nlanguage: en" in welcome.read_text(encoding="utf-8")
    page = (russian / "public/articles/welcome-to-digest/index.html").read_text(encoding="utf-8")
    assert '<html lang="en" dir="ltr">' in page
    assert '<html lang="ru" dir="ltr">' in (russian / "public/index.html").read_text(encoding="utf-8")


def test_what_builds_make_in_a_new_site_is_left_out_of_git(cli: Callable[..., CliResult], tmp_path: Path) -> None:
    git = shutil.which("git")
    assert git is not None, "git is needed for this test"
    site = tmp_path / "mysite"
    assert cli("init", site).code == 0
    subprocess.run([git, "init", "-q", str(site)], check=True)
    for edit in range(2):  # the second build switches the output with the spare tree
        (site / "content/pages/about.md").write_text(f"---\ntitle: About\n---\nEdit {edit}.\n")
        assert cli("build", "-C", site).code == 0
    listed = subprocess.run(
        [git, "-C", str(site), "status", "--porcelain", "--untracked-files=all"], capture_output=True, text=True
    )
    untracked = {line[3:] for line in listed.stdout.splitlines()}
    assert {path.split("/")[0] for path in untracked} == {".gitignore", "content", "digest.yaml"}


def test_init_in_a_repository_adds_digests_own_folders_to_its_gitignore(
    cli: Callable[..., CliResult], tmp_path: Path
) -> None:
    git = shutil.which("git")
    assert git is not None, "git is needed for this test"
    site = tmp_path / "repo"
    subprocess.run([git, "init", "-q", str(site)], check=True)
    (site / ".gitignore").write_text("node_modules/\n.digest-cache\n")
    assert cli("init", site).code == 0
    for edit in range(2):  # the second build switches the output with the spare tree
        (site / "content/pages/about.md").write_text(f"---\ntitle: About\n---\nEdit {edit}.\n")
        assert cli("build", "-C", site).code == 0
    ignored = (site / ".gitignore").read_text()
    assert ignored.startswith("node_modules/\n.digest-cache\n") and ignored.count("digest-cache") == 1
    listed = subprocess.run(
        [git, "-C", str(site), "status", "--porcelain", "--untracked-files=all"], capture_output=True, text=True
    )
    untracked = {line[3:].split("/")[0] for line in listed.stdout.splitlines()}
    assert untracked == {".gitignore", "content", "digest.yaml", "public"}  # public/: the site's choice


def test_a_gitignore_of_an_earlier_digest_init_without_the_spare_tree_is_a_warning(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    # Written by 'digest init' before builds kept the previous output beside the new one: git
    # would see .digest-spare-public/, the whole site a second time, and 'git add -A' commit it.
    site = make_site({"content/articles/2024-01-01-a.md": article("A")})
    (site / ".gitignore").write_text(
        "# Made again by `digest build`: the site and the build cache.\n/public/\n/.digest-cache/\n"
    )
    result = cli("build", "-C", site)
    assert result.code == 0
    assert (
        "warning: .gitignore: ignores .digest-cache/ but not .digest-spare-public/, the previous output that digest "
        "keeps beside public/: add the line /.digest-spare-public/ (git would see the whole site a second time)"
    ) in result.err
    assert ".digest-spare-public" in cli("build", "-C", site).err  # a build with nothing to do says it too
    (site / ".gitignore").write_text((site / ".gitignore").read_text() + "/.digest-spare-public/\n")
    assert "gitignore" not in cli("build", "-C", site).err


def test_init_on_an_existing_site_changes_nothing(cli: Callable[..., CliResult], tmp_path: Path) -> None:
    site = tmp_path / "mysite"
    assert cli("init", site).code == 0
    (site / "digest.yaml").write_text("title: Mine\n")
    before = snapshot(site)
    result = cli("init", site)
    assert "already a digest site; nothing was changed" in result.err
    assert snapshot(site) == before
    # A folder holding a file the sample site would write: a usage error, said as one.
    other = tmp_path / "other"
    (other / "content/pages").mkdir(parents=True)
    (other / "content/pages/about.md").write_text("Mine.\n")
    refused = cli("init", other)
    assert refused.code == 2
    assert refused.err == f"digest init: error: {other / 'content/pages/about.md'} exists; nothing was changed\n"
    assert (other / "content/pages/about.md").read_text() == "Mine.\n" and not (other / "digest.yaml").exists()


def test_init_on_a_full_disk_leaves_no_half_made_site(tmp_path: Path) -> None:
    """A disk that fills as the site is written (here: a limit on the size of a file): no
    empty digest.yaml is left, which the next init took for a site ('nothing was changed')."""
    import resource

    def small_files() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (100, resource.RLIM_INFINITY))

    site = tmp_path / "mysite"
    env = {**os.environ, "PYTHONPATH": str(REPO), "PYTHONDONTWRITEBYTECODE": "1"}
    command = [sys.executable, "-m", "digest", "init", str(site)]
    done = subprocess.run(command, env=env, capture_output=True, text=True, preexec_fn=small_files)
    assert done.returncode == 1
    assert done.stderr == f"error: cannot write {site / 'digest.yaml'}: File too large; nothing was made\n"
    assert [path for path in site.rglob("*") if path.is_file()] == []
    again = subprocess.run(command, env=env, capture_output=True, text=True)
    assert again.returncode == 0, again.stderr
    assert 'title: "Mysite"' in (site / "digest.yaml").read_text()


def test_init_refuses_a_site_folder_given_with_dash_c(cli: Callable[..., CliResult], tmp_path: Path) -> None:
    """``digest -C where init mysite``: init takes the new site's folder itself; -C was ignored,
    and the site made in the current folder rather than where it was asked for."""
    (tmp_path / "where").mkdir()
    result = cli("-C", tmp_path / "where", "init", tmp_path / "mysite")
    assert result.code == 2
    assert "digest init: error: " in result.err and "-C" in result.err
    assert not (tmp_path / "mysite").exists() and not any((tmp_path / "where").iterdir())


def test_new_article_and_digest(cli: Callable[..., CliResult], tmp_path: Path) -> None:
    site = tmp_path / "mysite"
    cli("init", site)
    result = cli("new", "article", "Erdoğan visits İstanbul", "--topic", "Turkey", "--topic", "Politics", "-C", site)
    assert result.code == 0, result.err
    path = site / f"content/articles/{date.today().isoformat()}-erdogan-visits-istanbul.md"
    document = parse_document(path.read_text(), path)
    assert document.meta["title"] == "Erdoğan visits İstanbul"
    assert document.meta["topics"] == ["Turkey", "Politics"]
    assert document.meta["date"] == date.today().isoformat()
    assert document.meta["draft"] is True  # a stub is not published until the flag is cleared
    digest = cli("new", "digest", "Week 26", "-C", site)
    assert digest.code == 0
    assert (site / f"content/digests/{date.today().isoformat()}-week-26.md").is_file()
    assert cli("build", "-C", site).code == 0
    assert not (site / "public/articles/erdogan-visits-istanbul/index.html").exists()
    assert not (site / "public/digests/week-26/index.html").exists()
    assert cli("build", "--drafts", "-C", site).code == 0
    assert (site / "public/articles/erdogan-visits-istanbul/index.html").is_file()
    assert (site / "public/digests/week-26/index.html").is_file()


def test_new_never_overwrites(cli: Callable[..., CliResult], tmp_path: Path) -> None:
    site = tmp_path / "mysite"
    cli("init", site)
    assert cli("new", "article", "Same", "--topic", "X", "-C", site).code == 0
    path = site / f"content/articles/{date.today().isoformat()}-same.md"
    path.write_text("edited by hand")
    result = cli("new", "article", "Same", "--topic", "X", "-C", site)
    assert result.code == 2
    assert "exists" in result.err
    assert path.read_text() == "edited by hand"


def test_drafts_and_future(make_site: Callable[..., Path], cli: Callable[..., CliResult]) -> None:
    draft = article("Draft", date="2024-01-01").replace("topics:", "draft: true\ntopics:")
    site = make_site(
        {
            "content/articles/2024-01-01-draft.md": draft,
            "content/articles/2999-01-01-future.md": article("Future", date="2999-01-01"),
            "content/articles/2024-01-02-now.md": article("Now", date="2024-01-02"),
        }
    )
    assert cli("build", "-C", site).code == 0
    assert sorted(p.name for p in (site / "public/articles").iterdir()) == ["now"]
    assert cli("build", "-C", site, "--drafts", "--future").code == 0
    assert sorted(p.name for p in (site / "public/articles").iterdir()) == ["draft", "future", "now"]
    assert cli("build", "-C", site).code == 0
    assert sorted(p.name for p in (site / "public/articles").iterdir()) == ["now"]


def test_output_and_base_url_options(
    make_site: Callable[..., Path], cli: Callable[..., CliResult], tmp_path: Path
) -> None:
    site = make_site({"content/articles/2024-01-02-a.md": article("A")})
    out = tmp_path / "elsewhere"
    result = cli("build", "-C", site, "--output", out, "--base-url", "https://user.github.io/repo")
    assert result.code == 0, result.err
    assert "https://user.github.io/repo/articles/a/" in (out / "feed.xml").read_text()
    assert 'href="/repo/static/style.css"' in (out / "404.html").read_text()
    assert not (site / "public").exists()


def test_output_folder_that_would_swallow_the_site_is_refused(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    site = make_site({"content/articles/2024-01-02-a.md": article("A")})
    before = snapshot(site)
    for output in (site, site.parent, site / "content" / "out"):
        result = cli("build", "-C", site, "--output", output)
        assert result.code == 1, output
    assert snapshot(site) == before


def test_unchanged_files_keep_their_mtime_and_stale_files_go(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    site = make_site(
        {
            "content/articles/2024-01-02-a.md": article("A", date="2024-01-02"),
            "content/articles/2024-01-03-b.md": article("B", date="2024-01-03", topics="Other"),
        }
    )
    assert cli("build", "-C", site).code == 0
    page_a = site / "public/articles/a/index.html"
    mtime = page_a.stat().st_mtime_ns
    (site / "content/articles/2024-01-03-b.md").unlink()
    result = cli("build", "-C", site)
    assert result.code == 0
    assert page_a.stat().st_mtime_ns == mtime
    assert not (site / "public/articles/b").exists()
    assert not (site / "public/topics/other").exists()


def test_static_files_are_copied(make_site: Callable[..., Path], cli: Callable[..., CliResult]) -> None:
    site = make_site(
        {
            "content/articles/2024-01-02-a.md": article("A", body="![chart](../static/img/chart.svg)\n"),
            "content/static/img/chart.svg": '<svg xmlns="http://www.w3.org/2000/svg"/>',
        }
    )
    assert cli("build", "-C", site).code == 0
    assert (site / "public/static/img/chart.svg").is_file()
    html = (site / "public/articles/a/index.html").read_text()
    assert 'src="../../static/img/chart.svg"' in html


def test_an_output_folder_that_cannot_be_written_is_a_clear_error(
    make_site: Callable[..., Path], cli: Callable[..., CliResult], tmp_path: Path
) -> None:
    site = make_site({"content/articles/2024-01-02-a.md": article("A")})
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    result = cli("build", "-C", site, "--output", blocker / "public")
    assert result.code == 1
    assert result.err.startswith("build failed: File exists (") and str(blocker) in result.err
    assert "Traceback" not in result.err
    assert blocker.read_text() == "not a folder"


def test_the_digest_command_reports_through_a_pipe(make_site: Callable[..., Path]) -> None:
    """The command as a process: its summary and errors reach a pipe, with the exit code,
    also for a build from the last one (which ends the process without tearing it down)."""
    script = Path(sys.executable).parent / "digest"
    command = [str(script)] if script.is_file() else [sys.executable, "-m", "digest"]
    site = make_site(
        {"content/articles/2024-03-01-a.md": article("First"), "content/articles/2024-03-02-b.md": article("B")}
    )

    env = {name: value for name, value in os.environ.items() if name != "PYTHONUNBUFFERED"}  # a buffered pipe

    def build() -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*command, "build", "-C", str(site)], capture_output=True, text=True, check=False, env=env
        )

    done = build()
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("built ") and said(done.stderr) == []
    path = site / "content/articles/2024-03-01-a.md"
    path.write_text(path.read_text().replace('"First"', '"Renamed"'))
    done = build()
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("built ") and "written" in done.stdout
    assert "Renamed" in (site / "public/archive/index.html").read_text()
    before = snapshot(site / "public")
    path.write_text(path.read_text().replace("date: 2024-03-01", "date: 2024-03-41"))
    done = build()
    assert done.returncode == 1
    assert "content/articles/2024-03-01-a.md:3: date: not a date" in done.stderr
    assert snapshot(site / "public") == before


def test_a_closed_standard_stream_is_somewhere_to_write_nothing(make_site: Callable[..., Path]) -> None:
    """``digest list >&-`` and ``digest build 2>&-`` (a cron job's or daemon's streams): what
    would go to the closed stream goes nowhere; the command runs as usual, and its warnings do
    not land in its output instead."""
    site = make_site({"content/articles/2024-03-01-a.md": article("A")}, config="title: T\n")  # default base_url

    def run(*args: str, closed: int) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "digest", *args, "-C", str(site)],
            stdout=None if closed == 1 else subprocess.PIPE,
            stderr=None if closed == 2 else subprocess.PIPE,
            stdin=subprocess.DEVNULL,
            preexec_fn=lambda: os.close(closed),
            text=True,
            timeout=120,
            check=False,
        )

    listed = run("list", closed=1)
    assert (listed.returncode, listed.stderr) == (0, "")
    built = run("build", closed=2)
    assert built.returncode == 0
    assert built.stdout.startswith("built ") and "warning" not in built.stdout, built.stdout
    assert (site / "public/articles/a/index.html").is_file()
    checked = run("check", closed=1)
    assert checked.returncode == 0, checked.stderr
    assert "Traceback" not in checked.stderr


def test_an_interrupted_check_says_only_that(
    make_site: Callable[..., Path], cli: Callable[..., CliResult], monkeypatch: pytest.MonkeyPatch
) -> None:
    """``digest check`` builds into a scratch folder: Ctrl-C leaves no output of the site's to speak of."""
    import digest.check

    site = make_site({"content/articles/2024-03-01-a.md": article("A")})

    def interrupted(*args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(digest.check, "run_check", interrupted)
    result = cli("check", "-C", site)
    assert (result.code, result.err) == (130, "interrupted\n")


def test_a_build_run_from_a_folder_since_deleted_reports_its_success(
    make_site: Callable[..., Path], cli: Callable[..., CliResult], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A script in a temporary folder that is gone by now, building a site given by its whole
    path: the build is done and says so; its summary failed as it named the output relative
    to the current folder ('error: No such file or directory', exit 1)."""
    site = make_site({"content/articles/2024-03-01-a.md": article("A")})
    gone = tmp_path / "gone"
    gone.mkdir()
    monkeypatch.chdir(gone)
    gone.rmdir()
    result = cli("build", "-C", site)
    assert result.code == 0, result.err
    assert result.out.startswith("built 14 pages") and f"into {site / 'public'}/" in result.out, result.out


def test_a_build_run_from_another_folder_names_the_output_by_its_whole_path(
    make_site: Callable[..., Path], cli: Callable[..., CliResult], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A daily job started in its home folder, building a site given by its whole path, logged
    'built 14 pages … into ../../srv/site/public/': the output outside the current folder is
    named by its whole path, as a failed build names it; inside it, from there."""
    site = make_site({"content/articles/2024-03-01-a.md": article("A")})
    home = tmp_path / "home" / "news"
    home.mkdir(parents=True)
    monkeypatch.chdir(home)
    result = cli("build", "-C", site)
    assert result.code == 0, result.err
    assert f" into {site / 'public'}/ (" in result.out, result.out
    monkeypatch.chdir(site.parent)
    (site / "content/articles/2024-03-01-a.md").write_text(article("A, again"))
    assert f" into {site.name}/public/ (" in cli("build", "-C", site).out


def test_init_run_from_a_folder_since_deleted_says_what_to_run_next(
    cli: Callable[..., CliResult], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    gone = tmp_path / "gone"
    gone.mkdir()
    monkeypatch.chdir(gone)
    gone.rmdir()
    result = cli("init", tmp_path / "mysite")
    assert result.code == 0, result.err
    assert result.out.endswith(f"Next: cd {tmp_path / 'mysite'} && digest serve\n")


@pytest.mark.parametrize(
    ("argv", "command"),
    [
        (["build"], "build"),
        (["-C", "site", "build", "-q"], "build"),
        (["--site", "serve", "serve"], "serve"),
        ([], None),
    ],
)
def test_the_command_is_read_after_the_options_before_it(argv: list[str], command: str | None) -> None:
    """``digest -C DIR build`` is a build (its process ends without a last collection) and
    ``digest -C DIR serve`` the preview (which stops on SIGTERM in its own way)."""
    from digest.cli import _command_word

    assert _command_word(argv) == command
