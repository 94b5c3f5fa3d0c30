"""Messages a curator meets: one test each (issue: the curator's week)."""

from __future__ import annotations

import io
import re
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from digest import progress
from tests.conftest import CliResult, article

ISSUE = "---\ntitle: Week 10\ndate: 2024-03-04\npicks:\n  - article: first-story\n    note: Good.\n  - article: {ref}\n    note: Also.\n---\nIntro.\n"


def test_warnings_are_shown_even_when_the_build_fails(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    site = make_site(
        {
            "content/articles/2024-03-01-a.md": article("A").replace("topics:", "summery: red\ntopics:"),
            "content/articles/2024-03-02-b.md": article("B", date="2024-13-40"),
        },
        config='title: T\nbase_url: "https://example.org/"\nsidebar: true\n',
    )
    result = cli("build", "-C", site)
    assert result.code == 1
    assert "warning: digest.yaml:3: sidebar: unknown key" in result.err
    assert "warning: content/articles/2024-03-01-a.md:4: summery: unknown field" in result.err
    assert "content/articles/2024-03-02-b.md:3: date: not a date" in result.err


def test_digest_yamls_warnings_are_shown_with_its_own_errors(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    config = 'title: T\nbase_url: "https://example.org/"\nlanguage: xx\nper_page: zero\nfeeds_x: 1\n'
    site = make_site({"content/articles/2024-03-01-a.md": article("A")}, config=config)
    for command in ("build", "check"):
        result = cli(command, "-C", site)
        assert result.code == 1
        shown = result.out + result.err
        assert "digest.yaml:4: per_page: expected a whole number" in shown
        assert "warning: digest.yaml:5: feeds_x: unknown key (ignored); did you mean 'feeds'?" in shown
        assert "warning: digest.yaml:3: " in shown  # the language no catalog knows


def test_the_default_base_url_is_a_warning_even_when_the_build_fails(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    site = make_site({"content/articles/2024-03-02-b.md": article("B", date="2024-13-40")}, config="title: T\n")
    result = cli("build", "-C", site)
    assert result.code == 1
    assert "warning: digest.yaml:1: base_url is still the default http://localhost:8000/" in result.err
    assert "base_url is still" not in cli("build", "--base-url", "https://example.org/", "-C", site).err
    (site / "digest.yaml").unlink()  # a site on the defaults: no file to point at
    without = cli("build", "-C", site).err
    assert "warning: base_url is still the default http://localhost:8000/" in without and "digest.yaml:1" not in without


def test_the_default_base_url_fails_check_strict_only(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    site = make_site(
        {"content/articles/2024-03-01-a.md": article("A")}, config='title: T\nbase_url: "http://localhost:8000/"\n'
    )
    check = cli("check", "-C", site)
    assert check.code == 0
    assert "warning: digest.yaml:2: base_url is still the default" in check.out
    assert cli("check", "--strict", "-C", site).code == 1


@pytest.mark.parametrize(("text", "kind"), [("- title: T\n- per_page: 5\n", "a list"), ("My Digest\n", "text")])
def test_a_digest_yaml_that_is_no_mapping_is_named_as_such(
    make_site: Callable[..., Path], cli: Callable[..., CliResult], text: str, kind: str
) -> None:
    result = cli("build", "-C", make_site({}, text))
    assert result.code == 1
    assert f"digest.yaml:1: digest.yaml must be a mapping of keys to values, not {kind}" in result.err


def test_picks_are_counted_from_one(make_site: Callable[..., Path], cli: Callable[..., CliResult]) -> None:
    site = make_site(
        {
            "content/articles/2024-03-01-first-story.md": article("First story"),
            "content/digests/2024-03-04-week-10.md": ISSUE.format(ref="zzz-qqq"),
        }
    )
    result = cli("build", "-C", site)
    assert result.code == 1
    assert "content/digests/2024-03-04-week-10.md:7: pick 2: 'zzz-qqq' names no existing article" in result.err


def test_list_items_are_counted_from_one_in_every_message(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    """A message names an item of a list as the curator counts it, whatever found the mistake:
    the second alias is aliases[2] (it was aliases.1), as the second deploy target is deploy[2];
    a pick's field is pick 2.note whether the note's text or its type is wrong (it was
    picks.1.note for a control character, pick 2.note for a number)."""
    bell = "\\a"
    issue = ISSUE.format(ref="first-story").replace("note: Also.", f'note: "Also{bell}."')
    site = make_site(
        {
            "content/articles/2024-03-01-first-story.md": article("First story").replace(
                "topics:", "aliases: [/old/, old-2/]\ntags: [ok, [x]]\ntopics:"
            ),
            "content/digests/2024-03-04-week-10.md": issue,
        },
        config='title: T\nbase_url: "https://example.org/"\nimport:\n  boilerplate: ["^ok$", "("]\n',
    )
    result = cli("build", "-C", site)
    assert result.code == 1
    assert "content/articles/2024-03-01-first-story.md:4: aliases[2]: not an address: 'old-2/'" in result.err
    assert "content/articles/2024-03-01-first-story.md:5: tags[2]: expected a tag" in result.err
    assert "content/digests/2024-03-04-week-10.md:8: pick 2.note: " in result.err
    assert "picks.1" not in result.err
    result = cli("import", "-C", site, "--dry-run", site / "none.txt")
    assert "digest.yaml:4: import.boilerplate[2]: not a valid regular expression" in result.err


def test_a_mistyped_pick_gets_a_did_you_mean(make_site: Callable[..., Path], cli: Callable[..., CliResult]) -> None:
    site = make_site(
        {
            "content/articles/2024-03-01-first-story.md": article("First story"),
            "content/articles/2024-03-02-lira-slides.md": article("Lira slides"),
            "content/digests/2024-03-04-week-10.md": ISSUE.format(ref="lira-slide"),
        }
    )
    result = cli("build", "-C", site)
    assert "pick 2: 'lira-slide' names no existing article; did you mean 'lira-slides'?" in result.err


def test_a_pick_of_an_unpublished_article_says_which_it_is_and_what_shows_it(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    """Built with --drafts, 'a draft or future-dated (build with --drafts or --future)' sent the
    curator to --drafts again: the article's own reason is given."""
    draft = article("Lira slides").replace("topics:", "draft: true\ntopics:")
    site = make_site(
        {
            "content/articles/2024-03-01-first-story.md": article("First story"),
            "content/articles/2024-03-02-lira-slides.md": draft,
            "content/articles/2099-01-01-later.md": article("Later", date="2099-01-01"),
            "content/articles/2099-01-02-both.md": article("Both", date="2099-01-02").replace(
                "topics:", "draft: true\ntopics:"
            ),
            "content/digests/2024-03-04-week-10.md": ISSUE.format(ref="lira-slides").replace(
                "---\nIntro", "  - article: later\n  - article: both\n---\nIntro"
            ),
        }
    )
    result = cli("build", "-C", site)
    assert result.code == 1
    assert (
        "week-10.md:7: pick 2: 'lira-slides' is a draft (set draft: false in "
        "content/articles/2024-03-02-lira-slides.md, or build with --drafts)"
    ) in result.err
    assert "week-10.md:9: pick 3: 'later' is dated 2099-01-01, in the future (build with --future)" in result.err
    assert (
        "week-10.md:10: pick 4: 'both' is a draft dated 2099-01-02, in the future (build with --drafts --future)"
        in (result.err)
    )
    result = cli("build", "--drafts", "-C", site)
    assert "pick 2: 'lira-slides'" not in result.err
    assert "pick 4: 'both' is dated 2099-01-02, in the future (build with --future)" in result.err


def test_a_pick_of_an_article_due_later_today_says_when(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    """'is dated 2099-01-03, in the future' read as a wrong date on the day itself: an article
    given a time is said to be dated at that time, as written."""
    site = make_site(
        {
            "content/articles/2024-03-01-first-story.md": article("First story"),
            "content/articles/2099-01-03-tonight.md": article("Tonight", date="2099-01-03T18:30:00+03:00"),
            "content/digests/2024-03-04-week-10.md": ISSUE.format(ref="tonight"),
        }
    )
    result = cli("build", "-C", site)
    assert "pick 2: 'tonight' is dated 2099-01-03 18:30, in the future (build with --future)" in result.err


def test_a_pick_by_the_name_of_a_renamed_file_gets_a_did_you_mean(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    """A curator renamed the file on a branch (git mv) that another's issue picks by its name."""
    site = make_site(
        {
            "content/articles/2024-03-01-first-story.md": article("First story"),
            "content/articles/2024-03-02-lira-slides-again.md": article("Lira slides"),
            "content/digests/2024-03-04-week-10.md": ISSUE.format(ref="2024-03-02-lira-slides"),
        }
    )
    result = cli("build", "-C", site)
    assert (
        "pick 2: '2024-03-02-lira-slides' names no existing article; did you mean '2024-03-02-lira-slides-again'?"
    ) in result.err


def test_a_broken_article_is_one_error_not_one_per_pick(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    site = make_site(
        {
            "content/articles/2024-03-01-first-story.md": article("First story"),
            "content/articles/2024-03-02-lira-slides.md": article("Lira slides", date="2024-13-40"),
            "content/digests/2024-03-04-week-10.md": ISSUE.format(ref="lira-slides"),
            "content/digests/2024-03-11-week-11.md": ISSUE.format(ref="2024-03-02-lira-slides.md").replace(
                "Week 10", "Week 11"
            ),
        }
    )
    result = cli("build", "-C", site)
    assert result.code == 1
    errors = [line for line in result.err.splitlines() if not line.startswith(("warning:", "build failed"))]
    assert errors == ["content/articles/2024-03-02-lira-slides.md:3: date: not a date: '2024-13-40'; "
                      "use an ISO 8601 date such as 2019-06-27"]  # fmt: skip


def test_mistyped_commands_and_options_get_a_did_you_mean(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    site = make_site({})
    command = cli("biuld", "-C", site)
    assert command.code == 2
    assert "did you mean 'build'?" in command.err
    option = cli("list", "--unpickd", "-C", site)
    assert option.code == 2
    assert "did you mean '--unpicked'?" in option.err
    kind = cli("new", "artcle", "X", "-C", site)
    assert kind.code == 2 and "did you mean 'article'?" in kind.err
    # An option the command does not have: the command's usage, and only its options as hints.
    other = cli("build", "--version", "-C", site)
    assert other.code == 2 and "usage: digest build" in other.err
    assert "digest build: error: unrecognized arguments: --version" in other.err and "did you mean" not in other.err
    assert "did you mean '--drafts'?" in cli("build", "--draftz", "-C", site).err
    # -C before the command, as git and make take it.
    assert cli("-C", site, "build", "-q").code == 0 and (site / "public/index.html").is_file()


def test_a_choice_command_or_option_typed_in_capitals_gets_a_did_you_mean(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    """``--format JSON``, as the help's ``{table,csv,json}`` is read aloud, is ``json``."""
    site = make_site({})
    for args, hint in [
        (("list", "--format", "JSON"), "'json'"),
        (("list", "--format=CSV"), "'csv'"),
        (("BUILD",), "'build'"),
        (("build", "--DRAFTS"), "'--drafts'"),
    ]:
        result = cli(*args, "-C", site)
        assert result.code == 2
        assert result.err.endswith(f"; did you mean {hint}?\n"), result.err


def test_another_generators_word_for_a_command_or_kind_suggests_digests(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    """'publish' is spelt nearest to 'list', and 'issue' (the README's word) to nothing: the
    hint names the command or kind meant."""
    site = make_site({})
    for args, hint in [
        (("publish",), "'deploy'"),
        (("validate",), "'check'"),
        (("new", "issue", "Week 27"), "'digest'"),
        (("new", "post", "Lira slides"), "'article'"),
    ]:
        result = cli(*args, "-C", site)
        assert result.code == 2
        assert result.err.endswith(f"; did you mean {hint}?\n"), result.err


def test_a_site_folder_given_as_init_takes_it_suggests_dash_c(
    make_site: Callable[..., Path], cli: Callable[..., CliResult], monkeypatch: pytest.MonkeyPatch
) -> None:
    """'digest init mysite' takes the folder itself, so 'digest build mysite' is tried next."""
    site = make_site({})
    monkeypatch.chdir(site.parent)
    result = cli("build", site.name)
    assert result.code == 2
    assert result.err.endswith(
        f"digest build: error: unrecognized arguments: {site.name}; did you mean '-C {site.name}'?\n"
    )
    assert not (site / "public").exists()
    other = cli("serve", "elsewhere")  # no site there: no hint
    assert other.code == 2 and other.err.endswith("unrecognized arguments: elsewhere\n")


@pytest.mark.parametrize(
    "args",
    [
        ("build", "--base-url", "notaurl"),
        ("serve", "--port", "99999"),
        ("serve", "--port", "http"),
        ("list", "--since", "last tuesday"),
        ("new", "digest", "W", "--date", "2024-02-30"),
        ("new", "article", "X", "--topic", "T", "--date", "2026-12-01 is not a date"),
        ("new", "article", "X", "--topic", ""),
        ("list", "--since", "2019-06-21garbage"),
        ("deploy", "nowhere"),
    ],
)
def test_usage_errors_exit_2(
    make_site: Callable[..., Path], cli: Callable[..., CliResult], args: tuple[str, ...]
) -> None:
    site = make_site({"content/articles/2024-03-01-a.md": article("A")})
    result = cli(*args, "-C", site)
    assert result.code == 2, result.err
    assert "error:" in result.err
    assert not (site / "public").exists()


def test_long_runs_show_progress_on_stderr(
    make_site: Callable[..., Path], cli: Callable[..., CliResult], monkeypatch: pytest.MonkeyPatch
) -> None:
    site = make_site(
        {
            f"content/articles/2024-03-{day:02d}-a{day}.md": article(f"A{day}", date=f"2024-03-{day:02d}")
            for day in range(1, 29)
        }
    )
    monkeypatch.setattr(progress, "AFTER", 0.001)
    monkeypatch.setattr(progress, "EVERY", 0.01)
    result = cli("build", "--clean", "-C", site)
    assert result.code == 0
    lines = result.err.splitlines()
    assert lines and all(re.fullmatch(r"building… \d+ s(, rendering pages \d+/\d+)?", line) for line in lines)
    assert "built " in result.out
    quiet = cli("build", "--clean", "-q", "-C", site)  # --quiet: errors only, no progress
    assert quiet.code == 0 and quiet.err == "" and quiet.out == ""


def test_a_step_of_known_size_is_a_bar_counted_across_worker_processes(monkeypatch: pytest.MonkeyPatch) -> None:
    """On a terminal the step under way is a bar; what forked workers count shows in it."""
    import os
    import pty

    from digest.parallel import map_shared

    monkeypatch.setenv("TERM", "xterm")
    monkeypatch.setattr(progress, "AFTER", 0.05)
    monkeypatch.setattr(progress, "TERMINAL_EVERY", 0.05)

    def work(pause: float, items: list[int]) -> int:
        for _ in items:
            progress.advance()
        time.sleep(pause)
        return len(items)

    leader, follower = pty.openpty()
    with os.fdopen(follower, "w", encoding="utf-8") as terminal:
        with progress.progress("building", terminal), progress.step("rendering pages", 40):
            assert sum(map_shared(work, 0.4, [list(range(10))] * 4, 2)) == 40
            time.sleep(0.2)
        written = _read_until(leader, b"\r\x1b[K").decode("utf-8")
    os.close(leader)
    assert "rendering pages [" + "#" * progress.BAR_WIDTH + "] 40/40" in written


def test_progress_is_a_line_every_few_seconds_off_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(progress, "AFTER", 0.05)
    monkeypatch.setattr(progress, "EVERY", 0.1)
    stream = io.StringIO()
    with progress.progress("checking", stream):
        time.sleep(0.02)
    assert stream.getvalue() == ""  # quick runs stay quiet
    with progress.progress("checking", stream):
        time.sleep(0.43)
    lines = stream.getvalue().splitlines()
    assert 3 <= len(lines) <= 5
    assert all(line.startswith("checking… ") for line in lines)


def test_progress_on_a_terminal_is_one_line_redrawn(monkeypatch: pytest.MonkeyPatch) -> None:
    import os
    import pty

    monkeypatch.setenv("TERM", "xterm")
    monkeypatch.setattr(progress, "AFTER", 0.05)
    monkeypatch.setattr(progress, "TERMINAL_EVERY", 0.1)
    leader, follower = pty.openpty()
    with os.fdopen(follower, "w", encoding="utf-8") as terminal:
        with progress.progress("building", terminal):
            time.sleep(0.5)
        written = _read_until(leader, b"\r\x1b[K").decode("utf-8")
    os.close(leader)
    assert "\n" not in written
    assert written.count("building… ") >= 2
    assert written.startswith("\x1b[Kbuilding… ") and written.endswith("\r\x1b[K")  # cleared at the end


def test_progress_on_a_dumb_terminal_is_a_line_every_few_seconds(monkeypatch: pytest.MonkeyPatch) -> None:
    """TERM=dumb (Emacs's shell, an editor's console) cannot clear a line: no escape codes."""
    import os
    import pty

    monkeypatch.setenv("TERM", "dumb")
    monkeypatch.setattr(progress, "AFTER", 0.05)
    monkeypatch.setattr(progress, "EVERY", 0.1)
    monkeypatch.setattr(progress, "TERMINAL_EVERY", 0.1)
    leader, follower = pty.openpty()
    with os.fdopen(follower, "w", encoding="utf-8") as terminal:
        with progress.progress("building", terminal):
            time.sleep(0.36)
        terminal.write("done\n")
        terminal.flush()
        written = _read_until(leader, b"done\r\n").decode("utf-8")
    os.close(leader)
    assert "\x1b" not in written
    lines = written.splitlines()
    assert len(lines) >= 2 and all(line.startswith("building… ") for line in lines[:-1]), written


def _read_until(fd: int, end: bytes, timeout: float = 5.0) -> bytes:
    """What a terminal received, read until it ends with ``end`` (or the time is up)."""
    import os
    import select

    received = b""
    deadline = time.monotonic() + timeout
    while not received.endswith(end) and time.monotonic() < deadline:
        if select.select([fd], [], [], 0.1)[0]:
            received += os.read(fd, 4096)
    return received


def test_email_naming_an_issue_that_cannot_be_read_says_why_it_is_not_found(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    """The issue meant is in content/digests/ but not UTF-8: 'no digest issue matches' alone
    sent the curator looking for a typo."""
    site = make_site({"content/articles/2024-03-01-a.md": article("A")})
    (site / "content/digests").mkdir()
    (site / "content/digests/2024-03-02-cafe.md").write_bytes(b"---\ntitle: Caf\xe9\ndate: 2024-03-02\n---\n")
    result = cli("email", "cafe", "-C", site)
    assert result.code == 2
    assert result.err.splitlines()[0] == (
        "warning: content/digests/2024-03-02-cafe.md:2: not UTF-8 text (byte 0xe9); save the file as UTF-8"
    )
    assert "digest email: error: no digest issue matches 'cafe'" in result.err
