"""``digest list``: articles by date, with topics, source and the issues that pick them."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable
from pathlib import Path

from tests.conftest import CliResult, article
from tests.test_new import WEEK


def slugs(out: str) -> list[str]:
    """The SLUG column of the table, read at the header's position."""
    lines = out.strip().splitlines()
    start = lines[0].index("SLUG")
    return [line[start:].split()[0] for line in lines[1:-1]]  # between the header and the count


def test_list_shows_every_article_newest_first_with_columns(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    result = cli("list", "-C", make_site(WEEK))
    assert result.code == 0, result.err
    header = result.out.splitlines()[0]
    assert header.split() == ["DATE", "TOPICS", "SOURCE", "PICKED", "IN", "SLUG", "TITLE"]
    assert slugs(result.out) == ["s400", "draft", "lira", "vote", "old"]
    lira = next(line for line in result.out.splitlines() if "Lira slides" in line)
    assert lira.startswith("2019-06-25  Economy") and "week-25" in lira
    assert "[draft] Unfinished" in result.out
    assert result.out.splitlines()[-1] == "5 article(s), 4 not picked by any issue"


def test_list_unpicked_since_and_topic(make_site: Callable[..., Path], cli: Callable[..., CliResult]) -> None:
    site = make_site(WEEK)
    assert slugs(cli("list", "--unpicked", "-C", site).out) == ["s400", "draft", "vote", "old"]
    assert slugs(cli("list", "--unpicked", "--since", "2019-06-21", "-C", site).out) == ["s400", "draft", "vote"]
    assert slugs(cli("list", "--topic", "politics", "-C", site).out) == ["s400", "vote"]
    # repeatable, as for digest new digest: the articles of any of them
    assert slugs(cli("list", "--topic", "politics", "--topic", "economy", "-C", site).out) == ["s400", "lira", "vote"]
    assert cli("list", "--since", "last week", "-C", site).code == 2


def test_list_keeps_going_past_a_broken_file(make_site: Callable[..., Path], cli: Callable[..., CliResult]) -> None:
    site = make_site({**WEEK, "content/articles/2019-06-23-broken.md": "---\ntitle: [unclosed\n---\n"})
    result = cli("list", "-C", site)
    assert result.code == 0
    assert "2019-06-23-broken.md" in result.err
    assert len(slugs(result.out)) == 5


def test_list_reads_content_files_as_the_build_does(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    """A FIFO named like an article (it blocked ``digest list`` for ever) and a file over the
    size limit are each a warning naming the file; the other articles are listed."""
    site = make_site({**WEEK, "content/articles/2019-06-23-big.md": "---\ntitle: Big\n---\n" + "x" * 2000})
    (site / "digest.yaml").write_text((site / "digest.yaml").read_text() + "limits: {file_size: 1000}\n")
    os.mkfifo(site / "content/articles/2019-06-24-pipe.md")
    result = cli("list", "-C", site)
    assert result.code == 0
    assert (
        "warning: content/articles/2019-06-24-pipe.md:1: not a regular file (only regular files are read)" in result.err
    )
    assert "warning: content/articles/2019-06-23-big.md:1: " in result.err
    assert len(slugs(result.out)) == 5


def test_a_file_that_is_not_utf8_is_told_as_the_build_tells_it(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    """The byte and its line, and what to do, as ``digest build`` says it."""
    site = make_site(WEEK)
    (site / "content/articles/2019-06-23-cafe.md").write_bytes(b"---\ntitle: Caf\xe9\ndate: 2019-06-23\n---\n")
    result = cli("list", "-C", site)
    assert result.code == 0
    expected = "content/articles/2019-06-23-cafe.md:2: not UTF-8 text (byte 0xe9); save the file as UTF-8"
    assert f"warning: {expected}" in result.err.splitlines()
    assert expected in cli("build", "-C", site).err.splitlines()
    assert len(slugs(result.out)) == 5


def test_list_says_when_a_draft_flag_is_no_true_or_false(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    text = '---\ntitle: Quoted\ndate: 2019-06-24\ntopics: [Turkey]\ndraft: "true"\n---\nBody.\n'
    result = cli("list", "-C", make_site({**WEEK, "content/articles/2019-06-24-quoted.md": text}))
    assert result.code == 0
    assert (
        "warning: content/articles/2019-06-24-quoted.md:5: draft: expected true or false, got 'true'; "
        "the build refuses this file" in result.err
    )


def test_list_says_when_another_generators_draft_flag_keeps_the_build_from_publishing_it(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    text = "---\ntitle: Jekyll draft\ndate: 2019-06-24\ntopics: [Turkey]\npublished: false\n---\nBody.\n"
    result = cli("list", "-C", make_site({**WEEK, "content/articles/2019-06-24-jekyll.md": text}))
    assert result.code == 0
    assert (
        "warning: content/articles/2019-06-24-jekyll.md:5: published: false is not read (it is Jekyll's and "
        "Hugo's draft flag): write draft: true to keep this out of the site; the build refuses this file"
    ) in result.err


def test_list_by_source_and_topic(make_site: Callable[..., Path], cli: Callable[..., CliResult]) -> None:
    files = dict(WEEK)
    files["content/articles/2019-06-22-vote.md"] = files["content/articles/2019-06-22-vote.md"].replace(
        "topics:", "source: {name: Reuters, url: 'https://reuters.example/vote'}\ntopics:"
    )
    files["content/articles/2019-06-25-lira.md"] = files["content/articles/2019-06-25-lira.md"].replace(
        "topics:", "source: {name: Al Jazeera}\ntopics:"
    )
    site = make_site(files)
    assert slugs(cli("list", "--source", "reuters", "-C", site).out) == ["vote"]
    assert slugs(cli("list", "--sort", "source", "-C", site).out) == ["lira", "vote", "s400", "draft", "old"]
    by_topic = cli("list", "--sort", "topic", "-C", site).out
    assert slugs(by_topic) == ["lira", "s400", "vote", "draft", "old"]  # Economy, Politics, Turkey
    assert "Reuters" in next(line for line in by_topic.splitlines() if " vote " in line)
    # As a name is typed: without its accents, or in capitals (Turkish İ among them).
    hurriyet = site / "content/articles/2019-06-22-vote.md"
    hurriyet.write_text(hurriyet.read_text().replace("name: Reuters", "name: Hürriyet Daily"), encoding="utf-8")
    for typed in ("Hürriyet", "hurriyet", "HÜRRİYET", "hürriyet daily"):
        assert slugs(cli("list", "--source", typed, "-C", site).out) == ["vote"], typed


def test_a_topic_no_article_has_gets_a_note_with_the_nearest(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    site = make_site(WEEK)
    result = cli("list", "--topic", "Politcs", "-C", site)
    assert result.code == 0
    assert result.out.strip() == "0 article(s), 0 not picked by any issue"
    assert "note: no article has the topic 'Politcs'; did you mean 'Politics'?" in result.err
    unpicked = cli("list", "--topic", "lira", "--unpicked", "-C", site)  # no topic of that name at all
    assert "no article has the topic 'lira'" in unpicked.err
    both = cli("list", "--topic", "Politcs", "--topic", "economy", "-C", site)
    assert slugs(both.out) == ["lira"]
    assert both.err == "note: no article has the topic 'Politcs'; did you mean 'Politics'?\n"
    # A topic some article has, that this selection leaves out, is no mistake: no note.
    assert cli("list", "--topic", "economy", "--unpicked", "-C", site).err == ""


def test_days_are_the_sites_days_whatever_offset_a_date_is_written_with(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    """21:30 GMT on the 25th is 00:30 on the 26th in Istanbul: listed on the 26th, and found by --since 26."""
    from tests.conftest import article

    files = {
        "content/articles/2026-11-25-budget.md": article("Budget", date="2026-11-25T21:30:00+00:00"),
        "content/articles/2026-11-26-quake.md": article("Quake", date="2026-11-26T00:20:00"),
        "content/articles/2026-11-25-early.md": article("Early", date="2026-11-25T12:00:00"),
    }
    site = make_site(files, 'title: T\nbase_url: "https://example.org/"\ntimezone: Europe/Istanbul\n')
    result = cli("list", "--since", "2026-11-26", "-C", site)
    assert slugs(result.out) == ["budget", "quake"]
    assert all(line.startswith("2026-11-26") for line in result.out.splitlines() if " budget " in line)


def test_the_issues_that_pick_an_article_are_listed_newest_first_however_they_name_it(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    from tests.conftest import article

    def issue(title: str, day: str, ref: str) -> str:
        return f"---\ntitle: {title}\ndate: {day}\npicks:\n  - article: {ref}\n---\nx\n"

    files = {
        "content/articles/2026-12-02-snow.md": article("Snow", date="2026-12-02"),
        "content/digests/2026-12-03-morning.md": issue("Morning", "2026-12-03", "2026-12-02-snow.md"),
        "content/digests/2026-12-04-evening.md": issue("Evening", "2026-12-04", "2026-12-02-snow.md"),
        "content/digests/2026-12-05-week.md": issue("Week", "2026-12-05", "snow"),
    }
    result = cli("list", "--format", "json", "-C", make_site(files))
    assert json.loads(result.out)[0]["picked_in"] == ["week", "evening", "morning"]


def test_an_article_whose_file_name_is_stored_decomposed_is_picked_by_the_name_as_typed(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    """A site copied from a Mac keeps ``é`` of a file's name as ``e`` and a combining accent;
    an issue names the file as typed, and the build finds it: so does the list (not 'unpicked')."""
    from tests.conftest import article

    picks = "picks:\n  - article: 2026-12-02-caf\u00e9\n  - article: articles/2026-12-02-caf\u00e9.md\n"
    files = {
        "content/articles/2026-12-02-cafe\u0301.md": article("Cafe", date="2026-12-02"),
        "content/digests/2026-12-03-week.md": f"---\ntitle: Week\ndate: 2026-12-03\n{picks}---\nx\n",
    }
    site = make_site(files)
    assert cli("build", "-C", site).code == 0
    result = cli("list", "--format", "json", "-C", site)
    assert json.loads(result.out)[0]["picked_in"] == ["week"]
    assert cli("list", "--unpicked", "-C", site).out == "0 article(s), 0 not picked by any issue\n"


def test_since_counts_days_back_from_today_in_the_sites_time_zone(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    from datetime import datetime, timedelta
    from zoneinfo import ZoneInfo

    from tests.conftest import article

    today = datetime.now(ZoneInfo("Pacific/Kiritimati")).date()  # UTC+14: "today" is the site's
    days = {"recent": 2, "older": 10, "ancient": 30}
    files = {
        f"content/articles/{today - timedelta(days=back)}-{name}.md": article(
            name, date=str(today - timedelta(days=back))
        )
        for name, back in days.items()
    }
    config = 'title: T\nbase_url: "https://example.org/"\ntimezone: Pacific/Kiritimati\n'
    site = make_site(files, config)
    assert slugs(cli("list", "--since", "7d", "-C", site).out) == ["recent"]
    assert slugs(cli("list", "--since", "2w", "-C", site).out) == ["recent", "older"]
    assert cli("list", "--since", "today", "-C", site).out.strip() == "0 article(s), 0 not picked by any issue"
    result = cli("new", "digest", "Week", "--since", "7d", "-C", site)
    since = today - timedelta(days=7)
    assert result.code == 0 and f"1 pick(s), each with an empty note: the articles since {since} no issue" in result.out
    bad = cli("list", "--since", "fortnight", "-C", site)
    assert bad.code == 2 and "or 7d, 2w, today, yesterday" in bad.err


def test_an_article_dated_after_now_is_marked_scheduled(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    from tests.conftest import article

    site = make_site({**WEEK, "content/articles/2999-01-01-later.md": article("Later", date="2999-01-01")})
    result = cli("list", "-C", site)
    assert "[scheduled] Later" in result.out and "[draft] Unfinished" in result.out
    assert "[scheduled] Lira slides" not in result.out


def test_list_as_json_and_csv_gives_every_field_whole(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    import csv
    import io
    import json

    files = dict(WEEK)
    files["content/articles/2019-06-22-vote.md"] = files["content/articles/2019-06-22-vote.md"].replace(
        "topics:", "source: {name: 'Reuters, Istanbul'}\ntopics:"
    )
    site = make_site(files)
    result = cli("list", "--format", "json", "--since", "2019-06-21", "-C", site)
    assert result.code == 0, result.err
    data = json.loads(result.out)
    assert [item["slug"] for item in data] == ["s400", "draft", "lira", "vote"]
    assert data[2] == {
        "date": "2019-06-25",  # as written: a day
        "topics": ["Economy"],
        "source": None,
        "picked_in": ["week-25"],
        "slug": "lira",
        "title": "Lira slides",
        "path": "content/articles/2019-06-25-lira.md",
        "draft": False,
        "scheduled": False,
    }
    assert data[1]["draft"] is True and data[0]["topics"] == ["Politics", "Turkey"]
    (site / "content/articles/2019-06-25-lira.md").write_text(
        files["content/articles/2019-06-25-lira.md"].replace("date: 2019-06-25", "date: 2019-06-25T09:30:00+03:00")
    )
    timed = json.loads(cli("list", "--format", "json", "--topic", "economy", "-C", site).out)
    assert timed[0]["date"] == "2019-06-25T09:30:00+03:00"
    rows = list(csv.DictReader(io.StringIO(cli("list", "--format", "csv", "--topic", "politics", "-C", site).out)))
    assert [(row["slug"], row["topics"], row["source"]) for row in rows] == [
        ("s400", "Politics; Turkey", ""),
        ("vote", "Politics", "Reuters, Istanbul"),
    ]


def test_list_shows_the_slug_the_build_gives_and_aligns_wide_characters(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    from tests.conftest import article

    files = {
        "content/articles/2019-06-20-caps.md": article("Caps", date="2019-06-20").replace(
            "title:", "slug: Ankara Talks\ntitle:"
        ),
        "content/articles/2019-06-19-tokyo.md": article("東京の話題", date="2019-06-19", topics="日本"),
        "content/articles/2019-06-18-plain.md": article("Plain", date="2019-06-18", topics="Japan"),
    }
    site = make_site(files)
    listed = cli("list", "-C", site)
    assert listed.code == 0, listed.err
    assert cli("build", "-C", site).code == 0
    assert (site / "public/articles/ankara-talks/index.html").is_file()
    rows = listed.out.splitlines()[1:4]
    assert [re.split(r"\s{2,}", row)[4] for row in rows] == ["ankara-talks", "tokyo", "plain"]
    # The SOURCE column ("-") starts at the same terminal column on every row.
    columns = [_columns_before(row, row.index("  -  ")) for row in rows]
    assert len(set(columns)) == 1, rows


def _columns_before(text: str, index: int) -> int:
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text[:index])


def test_list_aligns_marks_and_joiners_that_take_no_column(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    """Thai vowel and tone marks, the zero-width non-joiner of Persian words and the direction
    marks of Arabic text take no column on a terminal: counted as one each, they pushed the
    columns after them out of line."""
    import unicodedata

    from tests.conftest import article

    files = {
        "content/articles/2019-06-20-thai.md": article("ที่ดินใหม่", date="2019-06-20", topics="ที่ดิน"),
        "content/articles/2019-06-19-farsi.md": article("می‌خواهم", date="2019-06-19", topics="ایران‌شهر"),
        "content/articles/2019-06-18-marks.md": article("Marks", date="2019-06-18", topics="\u200fمصر\u200f"),
        "content/articles/2019-06-17-plain.md": article("Plain", date="2019-06-17", topics="Japan"),
    }
    listed = cli("list", "-C", make_site(files))
    assert listed.code == 0, listed.err
    rows = listed.out.splitlines()[1:5]

    def width(text: str) -> int:
        return sum(0 if unicodedata.category(char) in ("Mn", "Me", "Cf") else 1 for char in text)

    # The SOURCE column ("-") starts at the same terminal column on every row.
    assert len({width(row[: row.index("  -  ")]) for row in rows}) == 1, rows


def test_list_by_source_in_the_order_of_the_sites_alphabet(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    """Sources with accented initials among their letters, as topics are: Çağdaş and Özgür sat
    after Zaman."""
    from tests.conftest import article

    sources = ["Zaman", "Özgür Gündem", "Cumhuriyet", "Çağdaş Haber"]
    files = {
        f"content/articles/2024-01-1{index}-a{index}.md": article(f"A{index}", date=f"2024-01-1{index}").replace(
            "topics:", f"source: {{name: {name}}}\ntopics:"
        )
        for index, name in enumerate(sources)
    }
    site = make_site(files, 'title: T\nbase_url: "https://example.org/"\nlanguage: tr\n')
    listed = cli("list", "--sort", "source", "-C", site)
    assert slugs(listed.out) == ["a2", "a3", "a1", "a0"]  # Cumhuriyet, Çağdaş, Özgür, Zaman


def test_a_reader_that_stops_early_ends_list_quietly(make_site: Callable[..., Path]) -> None:
    import subprocess
    import sys

    from tests.conftest import article

    site = make_site({f"content/articles/2024-03-{day:02d}-a{day}.md": article(f"A{day}") for day in range(1, 29)})
    for form in ("table", "json"):
        command = [sys.executable, "-m", "digest", "list", "--format", form, "-C", str(site)]
        for _ in range(3):  # the reader is gone before, while or after digest writes
            lister = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            assert lister.stdout is not None
            lister.stdout.read(10)
            lister.stdout.close()  # as ``head -c 10`` does
            _, err = lister.communicate(timeout=60)
            assert (lister.returncode, err.decode()) == (0, "")
    lister = subprocess.run(command, capture_output=True, timeout=60, check=True)
    assert lister.stdout.decode().count('"title"') == 28


def test_list_names_each_topic_once_and_says_why_an_article_has_no_date(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    site = make_site(
        {
            "content/articles/2024-01-02-dup.md": "---\ntitle: Dup\ndate: 2024-01-02\n"
            "topics: [Erdoğan, erdogan, ERDOGAN, Politics]\n---\nBody\n",
            "content/articles/2024-01-03-bad.md": "---\ntitle: Bad\ndate: 2024-13-40\ntopics: [X]\n---\nBody\n",
        }
    )
    result = cli("list", "-C", site)
    assert result.code == 0
    assert "Erdoğan, Politics" in next(line for line in result.out.splitlines() if " Dup" in line)
    assert "warning: content/articles/2024-01-03-bad.md:3: date: not a date: '2024-13-40'" in result.err
    import json

    listed = json.loads(cli("list", "--format", "json", "-C", site).out)
    assert next(article["topics"] for article in listed if article["slug"] == "dup") == ["Erdoğan", "Politics"]


def test_list_says_why_an_article_has_no_title_as_the_build_does(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    """An article listed with an empty title column is told, as an undated one is."""
    site = make_site(
        {
            "content/articles/2024-01-02-none.md": "---\ndate: 2024-01-02\ntopics: [X]\n---\nBody\n",
            "content/articles/2024-01-03-blank.md": "---\ntitle: ' '\ndate: 2024-01-03\ntopics: [X]\n---\nBody\n",
        }
    )
    result = cli("list", "-C", site)
    assert result.code == 0
    assert slugs(result.out) == ["blank", "none"]
    told = [line.removeprefix("warning: ") for line in result.err.splitlines()]
    assert sorted(told) == [
        "content/articles/2024-01-02-none.md:1: title: missing (required)",
        "content/articles/2024-01-03-blank.md:2: title: must not be empty",
    ]
    assert set(told) <= set(cli("build", "-C", site).err.splitlines())


def test_a_topic_spelled_two_ways_is_listed_and_grouped_as_the_site_names_it(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    """One topic, one name, as its page shows it: as most articles spell it, or its file's title."""

    def story(slug: str, day: int, topic: str) -> tuple[str, str]:
        text = f"---\ntitle: Story {slug}\ndate: 2024-01-{day:02}\ntopics: [{topic}]\n---\nBody\n"
        return f"content/articles/2024-01-{day:02}-{slug}.md", text

    site = make_site(dict([story("a", 5, "Middle-East"), story("b", 4, "Middle East"), story("c", 3, "Art"),
                           story("d", 2, "Middle East")]))  # fmt: skip
    by_topic = cli("list", "--sort", "topic", "-C", site).out.splitlines()[1:-1]
    assert [line.split("  ")[1] for line in by_topic] == ["Art", "Middle East", "Middle East", "Middle East"]
    assert slugs(cli("list", "--sort", "topic", "-C", site).out) == ["c", "a", "b", "d"]
    made = cli("new", "digest", "Week 1", "--since", "2024-01-01", "--group-by", "topic", "-C", site)
    assert made.code == 0, made.err
    issue = next((site / "content/digests").glob("*.md")).read_text()
    assert re.findall(r"# (.+)\n  - article: (\w)", issue) == [("Art", "c"), ("Middle East", "a")]
    assert issue.count("\n  # ") == 2
    (site / "content/topics").mkdir()
    (site / "content/topics/middle-east.md").write_text("---\ntitle: The Middle East\n---\nThe region.\n")
    listed = json.loads(cli("list", "--format", "json", "-C", site).out)
    assert [article["topics"] for article in listed if article["slug"] in "ab"] == [["The Middle East"]] * 2
    for typed in ("middle-east", "Middle East", "The Middle East"):  # its page's address, or a name it has
        found = cli("list", "--topic", typed, "-C", site)
        assert (slugs(found.out), found.err) == (["a", "b", "d"], ""), typed
    built = cli("build", "-C", site)
    assert built.code == 0, built.err
    assert "The Middle East</h1>" in (site / "public/topics/middle-east/index.html").read_text()


def test_an_output_that_cannot_carry_a_title_is_a_clear_error(make_site: Callable[..., Path]) -> None:
    """A terminal or pipe in a legacy encoding (an ISO-8859 locale, PYTHONIOENCODING=ascii):
    a title it cannot carry is an error saying how to run digest, not a traceback."""
    import os
    import subprocess
    import sys

    from tests.conftest import article

    site = make_site({"content/articles/2024-03-01-a.md": article("Ünlü şehir")})
    listed = subprocess.run(
        [sys.executable, "-m", "digest", "list", "-C", str(site)],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONIOENCODING": "ascii"},
        timeout=60,
        check=False,
    )
    assert listed.returncode == 1
    assert "Traceback" not in listed.stderr
    assert listed.stderr.startswith("error: ") and "UTF-8" in listed.stderr, listed.stderr


def _listed_on_a_terminal(site: Path, columns_wide: int) -> list[str]:
    """What ``digest list`` shows on a terminal of that width (a pseudo-terminal), its lines."""
    import fcntl
    import pty
    import struct
    import subprocess
    import sys
    import termios

    from tests.conftest import REPO

    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, columns_wide, 0, 0))
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    env.pop("COLUMNS", None)
    command = [sys.executable, "-m", "digest", "list", "-C", str(site)]
    lister = subprocess.Popen(command, stdout=follower, stderr=subprocess.PIPE, env=env)
    os.close(follower)
    shown = b""
    while chunk := _read_or_nothing(leader):
        shown += chunk
    lister.wait(timeout=60)
    os.close(leader)
    return shown.decode().replace("\r\n", "\n").splitlines()


def _read_or_nothing(descriptor: int) -> bytes:
    try:
        return os.read(descriptor, 65536)
    except OSError:  # (the writer has closed the terminal)
        return b""


def test_on_a_narrow_terminal_a_slug_is_never_cut(make_site: Callable[..., Path]) -> None:
    """A headline's slug is wide: on a 100-column terminal the line was cut inside it, so that
    neither the slug a pick is written with nor the title could be read. A line is cut in its
    title only; a row that would lose part of its slug is shown whole."""
    title = "Turkey's purchase of Russian missile poses threat to NATO: US"
    slug = "turkeys-purchase-of-russian-missile-poses-threat-to-nato-us"
    site = make_site({f"content/articles/2024-03-01-{slug}.md": article(title, topics="Turkey, Politics")})
    narrow = _listed_on_a_terminal(site, 100)
    assert narrow[1].endswith(f"{slug}  {title}"), narrow
    wide = _listed_on_a_terminal(site, 125)  # 110 columns before the title: it is cut, as before
    assert wide[1].endswith(f"{slug}  {title[:14]}…") and len(wide[1]) == 125, wide
