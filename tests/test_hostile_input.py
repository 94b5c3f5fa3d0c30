"""Hostile input: each case that once hung, blew up or gave a traceback now gives a clear
``path:line: message`` error (or is made harmless) within two seconds, exit 1, and the
previous output is left as it was."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import REPO, CliResult, article, run_cli, snapshot

BOUND = 2.0  # seconds a hostile input may take to be refused
GOOD = {
    "content/articles/2024-03-01-good.md": article("Good story", topics="Turkey, Politics"),
    "content/digests/2024-03-02-week-9.md": (
        "---\ntitle: Week 9\ndate: 2024-03-02\npicks:\n  - article: good\n    note: Read it.\n---\nIntro.\n"
    ),
}
CONFIG = 'title: Test Digest\nbase_url: "https://example.org/"\nsearch: false\n'


def bounded_build(site: Path, *args: str, seconds: float = BOUND) -> CliResult:
    """``digest build`` in a thread that must finish within ``seconds`` (a hang fails the test)."""
    results: list[CliResult] = []
    worker = threading.Thread(target=lambda: results.append(run_cli("build", "-C", site, *args)), daemon=True)
    started = time.monotonic()
    worker.start()
    worker.join(seconds)
    assert results, f"the build was still running after {seconds} s"
    assert time.monotonic() - started < seconds
    return results[0]


def alias_bomb(levels: int = 9) -> str:
    """A few hundred bytes that stand for 9**levels values once the aliases are expanded."""
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, levels):
        previous = f"*a{level - 1}"
        lines.append(f"a{level}: &a{level} [{', '.join([previous] * 9)}]")
    return "\n".join(lines) + "\n"


def deep(levels: int = 1000) -> str:
    return "[" * levels + "]" * levels


@pytest.fixture
def built(make_site: Callable[..., Path], cli: Callable[..., CliResult]) -> tuple[Path, dict[str, bytes]]:
    site = make_site(GOOD, CONFIG)
    assert cli("build", "-C", site).code == 0
    return site, snapshot(site / "public")


def refused(built: tuple[Path, dict[str, bytes]], name: str, text: str, expected: str) -> CliResult:
    """Write ``text`` to ``name`` in the built site; the build must fail with ``expected``."""
    site, before = built
    (site / name).parent.mkdir(parents=True, exist_ok=True)
    (site / name).write_text(text, encoding="utf-8")
    result = bounded_build(site)
    assert result.code == 1, result.err
    assert expected in result.err, result.err
    assert "Traceback" not in result.err
    assert snapshot(site / "public") == before
    return result


ARTICLE = "content/articles/2024-03-03-bad.md"
ISSUE = "content/digests/2024-03-04-bad.md"


def test_an_alias_bomb_in_an_article(built: tuple[Path, dict[str, bytes]]) -> None:
    text = f"---\ntitle: Bomb\ndate: 2024-03-03\ntopics: [x]\n{alias_bomb()}---\nBody\n"
    assert len(text.encode()) < 1000
    refused(built, ARTICLE, text, f"{ARTICLE}:")
    refused(built, ARTICLE, text, "too many values: aliases make this stand for more than")


def test_front_matter_of_too_many_values_without_aliases_is_not_blamed_on_aliases(
    built: tuple[Path, dict[str, bytes]],
) -> None:
    keys = "".join(f"k{n}: {n}\n" for n in range(60_000))
    text = f"---\ntitle: Many\ndate: 2024-03-03\ntopics: [x]\n{keys}---\nBody\n"
    result = refused(built, ARTICLE, text, f"{ARTICLE}:2: too many values: more than 100,000")
    assert "alias" not in result.err


def test_an_alias_bomb_in_a_digest_issue(built: tuple[Path, dict[str, bytes]]) -> None:
    text = f"---\ntitle: Bomb\ndate: 2024-03-04\n{alias_bomb()}picks: *a8\n---\n"
    refused(built, ISSUE, text, f"{ISSUE}:")


def test_an_alias_bomb_in_the_config(built: tuple[Path, dict[str, bytes]]) -> None:
    refused(built, "digest.yaml", CONFIG + alias_bomb(), "digest.yaml:")


def test_a_recursive_alias(built: tuple[Path, dict[str, bytes]]) -> None:
    text = "---\ntitle: R\ndate: 2024-03-03\ntopics: &t [x, *t]\n---\nBody\n"
    refused(built, ARTICLE, text, f"{ARTICLE}:4: topics[2]: recursive alias: a value that contains itself")
    refused(built, "digest.yaml", CONFIG + "topics: &t {a: *t}\n", "digest.yaml:4: topics.a: recursive alias")


@pytest.mark.parametrize("levels", [150, 999, 1000, 5000])
def test_deep_nesting_in_front_matter(built: tuple[Path, dict[str, bytes]], levels: int) -> None:
    text = f"---\ntitle: Deep\ndate: 2024-03-03\ntopics: [x]\nsummary: {deep(levels)}\n---\nBody\n"
    refused(built, ARTICLE, text, f"{ARTICLE}:5:")
    refused(built, ARTICLE, text, "nest")


def test_deep_nesting_in_picks_and_the_config(built: tuple[Path, dict[str, bytes]]) -> None:
    text = f"---\ntitle: Deep\ndate: 2024-03-04\npicks:\n  - article: good\n    note: {deep()}\n---\n"
    refused(built, ISSUE, text, f"{ISSUE}:6:")
    refused(built, "digest.yaml", CONFIG + f"import: {deep()}\n", "digest.yaml:4:")
    block = "".join(f"{'  ' * level}k{level}:\n" for level in range(1000))
    refused(built, "digest.yaml", CONFIG + block, "digest.yaml:")


def test_an_integer_thousands_of_digits_long(built: tuple[Path, dict[str, bytes]]) -> None:
    text = f"---\ntitle: {'7' * 5000}\ndate: 2024-03-03\ntopics: [x]\n---\nBody\n"
    refused(built, ARTICLE, text, f"{ARTICLE}:2: title: a number 5000 characters long; put it in quotes")
    refused(built, "digest.yaml", CONFIG + f"per_page: {'9' * 5000}\n", "digest.yaml:4: per_page: a number")


@pytest.mark.parametrize("date", ["0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-12:00"])
def test_dates_feeds_cannot_express(built: tuple[Path, dict[str, bytes]], date: str) -> None:
    text = f"---\ntitle: Edge\ndate: {date}\ntopics: [x]\n---\nBody\n"
    refused(built, ARTICLE, text, f"{ARTICLE}:3: date: '{date}' is outside the years 1 to 9999 in UTC")
    issue = f"---\ntitle: Edge\ndate: {date}\n---\n"
    refused(built, ISSUE, issue, f"{ISSUE}:3: date:")


def test_dates_at_the_edges_that_feeds_can_express(make_site: Callable[..., Path]) -> None:
    from lxml import etree

    site = make_site(
        {
            "content/articles/0001-01-01-first.md": article("First", date="0001-01-01T12:00:00+02:00"),
            "content/articles/9999-12-31-last.md": article("Last", date="9999-12-31T10:00:00-12:00"),
        },
        CONFIG,
    )
    result = bounded_build(site, "--future")
    assert result.code == 0, result.err
    feed = etree.parse(str(site / "public/feed.xml"))
    updated = [element.text for element in feed.iter("{http://www.w3.org/2005/Atom}updated")]
    assert "0001-01-01T10:00:00Z" in updated and "9999-12-31T22:00:00Z" in updated


def test_duplicate_keys_name_both_lines(built: tuple[Path, dict[str, bytes]]) -> None:
    text = "---\ntitle: One\ndate: 2024-03-03\ntopics: [x]\ntitle: Two\n---\nBody\n"
    refused(built, ARTICLE, text, f"{ARTICLE}:5: title: duplicate key (first at line 2)")
    nested = (
        "---\ntitle: One\ndate: 2024-03-03\ntopics: [x]\nsource:\n  url: https://a.org/\n  url: https://b.org/\n---\n"
    )
    refused(built, ARTICLE, nested, f"{ARTICLE}:7: source.url: duplicate key (first at line 6)")
    refused(built, "digest.yaml", CONFIG + "title: Again\n", "digest.yaml:4: title: duplicate key (first at line 1)")
    feeds = CONFIG + "feeds:\n  limit: 5\n  limit: 6\n"
    refused(built, "digest.yaml", feeds, "digest.yaml:6: feeds.limit: duplicate key (first at line 5)")


def test_control_characters_in_fields_are_refused(built: tuple[Path, dict[str, bytes]]) -> None:
    text = '---\ntitle: "a\\x01b"\ndate: 2024-03-03\ntopics: [x]\n---\nBody\n'
    refused(built, ARTICLE, text, f"{ARTICLE}:2: title: control character U+0001 is not allowed")
    for escape in ("\\x7f", "\\x85", "\\uFFFE", "\\uFFFF", "\\x0b", "\\uFDD0", "\\U0001FFFF"):
        text = f'---\ntitle: Fine\ndate: 2024-03-03\ntopics: ["ok", "a{escape}b"]\n---\nBody\n'
        refused(built, ARTICLE, text, f"{ARTICLE}:4: topics[2]: ")
    refused(built, "digest.yaml", 'title: "T\\x1b[31m"\nbase_url: "https://example.org/"\n', "digest.yaml:1: title:")


def test_control_characters_in_a_body_are_removed_with_a_warning(make_site: Callable[..., Path]) -> None:
    from lxml import etree

    body = "Line one.\n\nA bell \x07 and an escape \x1b[31m and \ufffe, \ufdd0 and \U0010ffff here.\n"
    site = make_site(
        {"content/articles/2024-03-01-ctl.md": article("Ctl", body=body)}, CONFIG + "feeds:\n  content: full\n"
    )
    result = bounded_build(site)
    assert result.code == 0, result.err
    assert "warning: content/articles/2024-03-01-ctl.md:8: control character U+0007 and 4 more removed" in result.err
    etree.parse(str(site / "public/feed.xml"))  # well-formed
    page = (site / "public/articles/ctl/index.html").read_text()
    assert not {"\x07", "\ufdd0", "\U0010ffff"} & set(page)


def test_a_fifo_in_content_does_not_block(built: tuple[Path, dict[str, bytes]]) -> None:
    site, before = built
    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs here")
    os.mkfifo(site / "content/articles/2024-03-05-pipe.md")
    (site / "content/static").mkdir()
    os.mkfifo(site / "content/static/pipe.css")
    result = bounded_build(site)
    assert result.code == 1
    assert "content/articles/2024-03-05-pipe.md:1: not a regular file" in result.err
    assert snapshot(site / "public") == before


def test_a_fifo_or_a_looping_link_in_static_is_an_error(built: tuple[Path, dict[str, bytes]]) -> None:
    site, before = built
    (site / "content/static").mkdir()
    os.mkfifo(site / "content/static/pipe.txt")
    (site / "content/static/l1").symlink_to("l2")
    (site / "content/static/l2").symlink_to("l1")
    result = bounded_build(site)
    assert result.code == 1
    for name in ("pipe.txt", "l1", "l2"):
        assert f"content/static/{name}: not a regular file" in result.err
    assert snapshot(site / "public") == before


@pytest.mark.parametrize(
    ("config", "name", "expected"),
    [
        ("", "templates/article.html", "templates/article.html:1: not a regular file"),
        ("hooks: [hooks.py]\n", "hooks.py", "digest.yaml:4: hooks: hooks.py: not a regular file"),
        ("language: tr\n", "locales/tr.po", "locales/tr.po: not a regular file"),
        ("theme: mine\n", "themes/mine/static/a.css", "themes/mine/static/a.css: cannot read this file: not a regular"),
    ],
)
def test_a_fifo_among_templates_hooks_catalogs_or_theme_files_is_an_error(
    built: tuple[Path, dict[str, bytes]], config: str, name: str, expected: str
) -> None:
    site, before = built
    (site / "digest.yaml").write_text(CONFIG + config, encoding="utf-8")
    (site / "themes/mine").mkdir(parents=True)
    (site / "themes/mine/theme.yaml").write_text("extends: default\n", encoding="utf-8")
    (site / name).parent.mkdir(parents=True, exist_ok=True)
    os.mkfifo(site / name)
    result = bounded_build(site)
    assert result.code == 1
    assert expected in result.err, result.err
    assert snapshot(site / "public") == before


def test_a_template_that_is_a_folder_or_a_link_to_nothing_is_named_not_passed_over(
    built: tuple[Path, dict[str, bytes]],
) -> None:
    """The theme's template of that name is not used in its place without a word."""
    site, before = built
    (site / "templates/article.html").mkdir(parents=True)
    (site / "templates/digest.html").symlink_to("gone.html")
    result = bounded_build(site)
    assert result.code == 1
    assert "templates/article.html:1: not a regular file" in result.err, result.err
    assert "templates/digest.html:1: cannot read this template: No such file or directory" in result.err
    assert snapshot(site / "public") == before


def test_a_folder_that_cannot_be_read_fails_the_build_rather_than_losing_its_pages(
    built: tuple[Path, dict[str, bytes]], cli: Callable[..., CliResult], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Passed over, its pages would be taken for deleted ones and removed from the site
    (a folder a user cannot read: chmod 000 does not stop the root these tests run as)."""
    site, before = built
    (site / "content/pages/legal").mkdir(parents=True)
    (site / "content/pages/legal/privacy.md").write_text("---\ntitle: Privacy\n---\nWhat we keep.\n")
    assert cli("build", "-C", site).code == 0
    before = snapshot(site / "public")
    assert "legal/privacy/index.html" in before
    scandir = os.scandir

    def unreadable(path: Any = ".") -> Any:
        if str(path).endswith("content/pages/legal"):
            raise PermissionError(13, "Permission denied", str(path))
        return scandir(path)

    monkeypatch.setattr(os, "scandir", unreadable)
    (site / "content/pages/about.md").write_text("---\ntitle: About\n---\nWho we are.\n")
    result = cli("build", "-C", site)
    assert result.code == 1
    assert "content/pages/legal: cannot read this folder: Permission denied" in result.err
    assert snapshot(site / "public") == before


def test_static_files_that_cannot_be_read_are_each_named(
    built: tuple[Path, dict[str, bytes]], cli: Callable[..., CliResult], monkeypatch: pytest.MonkeyPatch
) -> None:
    import shutil

    site, before = built
    (site / "content/static").mkdir()
    for name in ("s1.txt", "s2.txt"):
        (site / "content/static" / name).write_text(name)
    copyfile = shutil.copyfile

    def unreadable(source: Any, target: Any, **options: Any) -> Any:
        if Path(source).name in ("s1.txt", "s2.txt"):
            raise PermissionError(13, "Permission denied", str(source))
        return copyfile(source, target, **options)

    monkeypatch.setattr(shutil, "copyfile", unreadable)
    result = cli("build", "-C", site)
    assert result.code == 1
    for name in ("s1.txt", "s2.txt"):
        assert f"content/static/{name}: cannot read this file: Permission denied" in result.err
    assert "Errno" not in result.err
    assert snapshot(site / "public") == before


def test_an_article_replaced_by_a_fifo_does_not_block_the_next_build(built: tuple[Path, dict[str, bytes]]) -> None:
    site, before = built
    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs here")
    (site / "content/articles/2024-03-01-good.md").unlink()
    os.mkfifo(site / "content/articles/2024-03-01-good.md")  # only an article changed: the quick path
    result = bounded_build(site)
    assert result.code == 1
    assert "content/articles/2024-03-01-good.md:1: not a regular file" in result.err
    assert snapshot(site / "public") == before


def test_symlink_loops_in_content(built: tuple[Path, dict[str, bytes]]) -> None:
    site, before = built
    articles = site / "content/articles"
    (articles / "here").symlink_to(".")
    (articles / "up").symlink_to("../..")
    (articles / "2024-03-06-self.md").symlink_to("2024-03-06-self.md")
    result = bounded_build(site)
    assert result.code == 1
    assert "content/articles/2024-03-06-self.md:1: cannot read this file" in result.err
    assert snapshot(site / "public") == before
    (articles / "2024-03-06-self.md").unlink()
    result = bounded_build(site)
    assert result.code == 0, result.err  # the folder loops are not followed


def test_a_content_folder_linked_to_itself_is_named(built: tuple[Path, dict[str, bytes]]) -> None:
    """It ended the build with a traceback (RuntimeError: Symlink loop) before any file was read."""
    site, before = built
    (site / "content").rename(site / "kept")
    (site / "content").symlink_to("content")
    result = bounded_build(site)
    assert result.code == 1
    assert "content/articles: cannot read this folder: Too many levels of symbolic links" in result.err
    assert "Traceback" not in result.err
    assert snapshot(site / "public") == before


def test_a_ten_megabyte_body(built: tuple[Path, dict[str, bytes]]) -> None:
    text = article("Huge", body="word " * 2_000_000)
    refused(built, ARTICLE, text, f"{ARTICLE}:1: the file is over 5 MB; raise limits.file_size in digest.yaml")


def test_sixteen_thousand_identical_headings(built: tuple[Path, dict[str, bytes]]) -> None:
    text = article("Headings", body="# A\n" * 16_000)
    assert len(text) < 128_000
    refused(built, ARTICLE, text, f"{ARTICLE}:6: 16,000 headings; limits.headings_per_file in digest.yaml allows 2,000")


def test_three_hundred_topics_and_sixteen_thousand_headings_build_within_the_bound(
    make_site: Callable[..., Path],
) -> None:
    topics = ", ".join(f"Topic {index}" for index in range(300))
    files = {
        "content/articles/2024-03-01-topics.md": article("Topics", topics=topics),
        "content/articles/2024-03-02-other.md": article("Other", topics="Topic 1, Topic 2, Topic 3"),
        "content/articles/2024-03-03-headings.md": article("Headings", body="# A\n" * 16_000),
    }
    limits = "limits:\n  topics_per_article: 300\n  headings_per_file: 16000\n"
    site = make_site(files, CONFIG + limits)
    result = bounded_build(site, seconds=2 * BOUND)  # 600 pages and feeds: a bigger job than a refusal
    assert result.code == 0, result.err
    html = (site / "public/articles/headings/index.html").read_text()
    assert 'id="a-15999"' in html


def test_too_many_topics_picks_and_links(built: tuple[Path, dict[str, bytes]]) -> None:
    topics = ", ".join(f"T{index}" for index in range(10_000))
    refused(
        built,
        ARTICLE,
        article("Topics", topics=topics),
        f"{ARTICLE}:4: topics: 10,000 topics; limits.topics_per_article in digest.yaml allows 100",
    )
    picks = "".join("  - article: good\n" for _ in range(1_001))
    refused(
        built,
        ISSUE,
        f"---\ntitle: P\ndate: 2024-03-04\npicks:\n{picks}---\n",
        f"{ISSUE}:4: picks: 1,001 picks; limits.picks_per_issue in digest.yaml allows 1,000",
    )
    links = "".join(f"[x](https://e.org/{index}) " for index in range(10_001))
    refused(
        built,
        ARTICLE,
        article("Links", body=links),
        f"{ARTICLE}:6: 10,001 links; limits.links_per_file in digest.yaml allows 10,000",
    )
    notes = "".join(f"Claim {index}.[^{index}]\n\n[^{index}]: Source {index}.\n\n" for index in range(6_000))
    refused(
        built,
        ARTICLE,
        article("Notes", body=notes),
        f"{ARTICLE}:6: 12,000 links (12,000 of them footnote references and links back); "
        "limits.links_per_file in digest.yaml allows 10,000",
    )


def test_limits_are_configurable_and_validated(built: tuple[Path, dict[str, bytes]]) -> None:
    site, _ = built
    refused(built, "digest.yaml", CONFIG + "limits:\n  file_size: big\n", "digest.yaml:5: limits.file_size: expected a")
    refused(built, "digest.yaml", CONFIG + "limits:\n  topics_per_article: 0\n", "digest.yaml:5: limits.topics_per")
    refused(
        built, "digest.yaml", CONFIG + f"limits:\n  file_size: {10**20}\n", "digest.yaml:5: limits.file_size: expected"
    )
    (site / "digest.yaml").write_text(CONFIG + f"limits:\n  file_size: {10**12}\n")
    assert bounded_build(site).code == 0
    (site / "digest.yaml").write_text(CONFIG + "limits:\n  topics_per_article: 2\n")
    (site / ARTICLE).write_text(article("Three", topics="A, B, C"))
    result = bounded_build(site)
    assert (
        result.code == 1
        and f"{ARTICLE}:4: topics: 3 topics; limits.topics_per_article in digest.yaml allows 2" in result.err
    )
    (site / "digest.yaml").write_text(CONFIG + "limits:\n  topics_per_article: 3\n  typo: 1\n")
    result = bounded_build(site)
    assert result.code == 0
    assert "warning: digest.yaml:6: limits.typo: unknown key" in result.err


def build_seconds(folder: Path, files: dict[str, str], limits: str) -> float:
    """The time of a first build (no cache, no output) of a new site of ``files``."""
    for name, text in {"digest.yaml": CONFIG + "limits:\n" + limits, **files}.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    # In a process of its own, with one worker: a long test session's heap and forked
    # workers would measure the collector and the machine, not the build.
    command = [sys.executable, "-m", "digest", "build", "-C", str(folder), "--jobs", "1"]
    started = time.perf_counter()
    result = subprocess.run(
        command, capture_output=True, text=True, timeout=120, env={**os.environ, "PYTHONPATH": str(REPO)}
    )
    assert result.returncode == 0, result.stderr
    return time.perf_counter() - started


def growth(tmp_path: Path, make_files: Callable[[int], dict[str, str]], limits: str, n: int) -> float:
    """How many times longer a build takes when one input grows fourfold (16 would be quadratic)."""
    build_seconds(tmp_path / "warm", make_files(n), limits)  # imports, compiled templates
    small = min(build_seconds(tmp_path / f"small-{run}", make_files(n), limits) for run in range(2))
    large = min(build_seconds(tmp_path / f"large-{run}", make_files(4 * n), limits) for run in range(2))
    return large / small


def test_topics_per_article_cost_linear_time(tmp_path: Path) -> None:
    def files(n: int) -> dict[str, str]:
        many = ", ".join(f"Topic {index}" for index in range(n))
        found = {"content/articles/2024-01-01-many.md": article("Many", topics=many)}
        for index in range(5):
            found[f"content/articles/2024-01-0{index + 2}-few-{index}.md"] = article(
                f"F{index}", topics="Topic 1, Topic 2"
            )
        return found

    assert growth(tmp_path, files, "  topics_per_article: 1000\n", 100) < 6


def test_headings_links_and_picks_cost_linear_time(tmp_path: Path) -> None:
    def files(n: int) -> dict[str, str]:
        body = "".join(
            f"## Same\n\n[a link](2024-01-01-target.md#part-{index}) and [another](https://e.org/{index})\n\n"
            for index in range(n)
        )
        picks = "".join("  - article: target\n    note: See [this](https://e.org/).\n" for _ in range(n))
        return {
            "content/articles/2024-01-01-target.md": article("Target"),
            "content/articles/2024-01-02-long.md": article("Long", body=body),
            "content/digests/2024-01-03-issue.md": f"---\ntitle: Issue\ndate: 2024-01-03\npicks:\n{picks}---\n",
        }

    limits = "  headings_per_file: 100000\n  links_per_file: 100000\n  picks_per_issue: 100000\n"
    assert growth(tmp_path, files, limits, 1000) < 6


def test_quotes_nested_thousands_deep_in_an_issue_cost_linear_time(tmp_path: Path) -> None:
    """The text edition quotes each line once per quote around it (``> > deep``), without
    reading the quoted text again for every quote around it."""

    def files(n: int) -> dict[str, str]:
        intro = "<blockquote>" * n + "<p>deep &amp; deeper</p>" + "</blockquote>" * n
        issue = f"---\ntitle: Issue\ndate: 2024-01-03\npicks:\n  - article: target\n---\n{intro}\n"
        return {
            "content/articles/2024-01-01-target.md": article("Target"),
            "content/digests/2024-01-03-issue.md": issue,
        }

    limits = "  file_size: 5000000\nmarkdown: {unsafe_html: true}\n"
    assert growth(tmp_path, files, limits, 2000) < 6
    text = (tmp_path / "large-0/public/digests/issue/email.txt").read_text()
    assert "\n" + "> " * 8000 + "deep & deeper\n" in text  # on one line: the quote's text wrapped, not its marks


def test_a_non_ascii_slug_is_made_ascii_with_a_warning(make_site: Callable[..., Path]) -> None:
    text = "---\ntitle: Erdoğan\ndate: 2024-03-01\ntopics: [x]\nslug: 'Erdoğan İstanbul'\n---\nBody\n"
    site = make_site({"content/articles/2024-03-01-e.md": text}, CONFIG)
    result = bounded_build(site)
    assert result.code == 0, result.err
    assert (
        "warning: content/articles/2024-03-01-e.md:5: slug: 'Erdoğan İstanbul' changed to 'erdogan-istanbul'"
        in result.err
    )
    assert (site / "public/articles/erdogan-istanbul/index.html").is_file()


@pytest.mark.parametrize("slug", ["../../etc/passwd", "/abs/path", "a\\\\b", "..", "'   '", "[1, 2]"])
def test_slugs_never_leave_the_output_folder(built: tuple[Path, dict[str, bytes]], slug: str) -> None:
    text = f"---\ntitle: S\ndate: 2024-03-03\ntopics: [x]\nslug: {slug}\n---\nBody\n"
    refused(built, ARTICLE, text, f"{ARTICLE}:5: slug: not a valid slug")


def test_a_digest_yaml_that_is_a_folder_is_named(make_site: Callable[..., Path], cli: Callable[..., CliResult]) -> None:
    site = make_site(GOOD, CONFIG)
    (site / "digest.yaml").unlink()
    (site / "digest.yaml").mkdir()
    result = cli("build", "-C", site)
    assert result.code == 1
    assert "digest.yaml:1: not a regular file" in result.err and "Errno" not in result.err


def test_a_link_in_static_or_root_leading_out_of_the_content_is_an_error_and_nothing_is_published(
    make_site: Callable[..., Path], cli: Callable[..., CliResult], tmp_path: Path
) -> None:
    """A contributor's symbolic link to the site's .git/config (where CI keeps its token) or to
    a file elsewhere would publish that file; a link to another file of content/ is fine."""
    site = make_site({"content/articles/2024-03-01-a.md": article("A"), "content/static/logo.svg": "<svg/>"})
    (site / ".git").mkdir()
    (site / ".git/config").write_text("extraheader = AUTHORIZATION: basic SECRET\n")
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET\n")
    (site / "content/static/site.css.map").symlink_to("../../.git/config")
    (site / "content/root").mkdir()
    (site / "content/root/leak.txt").symlink_to(secret)
    (site / "content/root/outside").symlink_to(tmp_path, target_is_directory=True)
    (site / "content/root/logo.svg").symlink_to("../static/logo.svg")  # inside content/: published
    result = cli("build", "-C", site)
    assert result.code == 1
    for name in ("content/static/site.css.map", "content/root/leak.txt", "content/root/outside"):
        assert f"{name}: a link to a file outside the site's content/ folder" in result.err, result.err
    assert not (site / "public").exists()
    for name in ("content/static/site.css.map", "content/root/leak.txt", "content/root/outside"):
        (site / name).unlink()
    assert cli("build", "-C", site).code == 0
    assert (site / "public/logo.svg").read_text() == "<svg/>"
    assert not any(
        "SECRET" in path.read_text(errors="ignore") for path in (site / "public").rglob("*") if path.is_file()
    )
