"""The import run: options, duplicates, --update, --dry-run, bad sources, the summary and progress."""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from importer_helpers import (
    FIXTURES,
    PNG,
    WEB,
    ImportResult,
    LocalServer,
    TerminalStream,
    body_of,
    copy_fixture,
    load_meta,
)

from digest.urls import normalise_url

SCRAPES = FIXTURES / "scrapes"
SEED = FIXTURES / "seed" / "000_151e28b02c3019a7.txt"
SEED_FILE = "content/articles/2024-07-01-turkeys-purchase-of-russian-missile-poses-threat-to-nato-us.md"


# -- options --------------------------------------------------------------------------------------


def test_topic_adds_topics_and_section_and_source_replace(run_import_args: Callable[..., ImportResult]) -> None:
    result = run_import_args(
        SEED,
        "--topic",
        "Defence",
        "--topic",
        "NATO",
        "--topic",
        "turkey",
        "--section",
        "World",
        "--source",
        "PressTV.ir",
    )
    meta = load_meta(result.only_article())
    assert meta["topics"] == ["Turkey", "Politics", "Defence", "NATO"]  # "turkey" is already there
    assert meta["section"] == "World"
    assert meta["source"] == {"name": "PressTV.ir"}


def test_date_is_used_only_when_the_source_has_none(run_import_args: Callable[..., ImportResult]) -> None:
    result = run_import_args(SEED, SCRAPES / "reuters.txt", "--date", "2019-06-27")
    dates = sorted(load_meta(text)["date"] for text in result.articles().values())
    assert dates == ["2019-06-27", "2024-06-03T08:15:00+03:00"]
    assert not any("date_inferred" in load_meta(text) for text in result.articles().values())


def test_without_date_the_import_date_in_the_sites_time_zone_is_marked_inferred(
    site: Path, run_import_args: Callable[..., ImportResult], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1719874800")  # 2024-07-01T23:00:00Z, 2 a.m. on the 2nd in Istanbul
    (site / "digest.yaml").write_text("title: T\ntimezone: Europe/Istanbul\n", encoding="utf-8")
    meta = load_meta(run_import_args(SEED).only_article())
    assert (meta["date"], meta["date_inferred"]) == ("2024-07-02", True)
    assert meta["imported"]["at"] == "2024-07-01T23:00:00Z"


def test_a_dateline_without_a_year_gives_an_inferred_date(
    run_import_args: Callable[..., ImportResult], tmp_path: Path
) -> None:
    scrape = tmp_path / "wire.txt"
    text = (
        (SCRAPES / "reuters.txt")
        .read_text(encoding="utf-8")
        .replace("June 3, 2024 8:15 AM GMT+3 Updated 2 hours ago\n", "")
    )
    scrape.write_text(text, encoding="utf-8")
    meta = load_meta(run_import_args(scrape).only_article())
    assert (meta["date"], meta["date_inferred"]) == ("2024-06-03", True)  # June 3 before the import on 1 July 2024


def test_an_article_without_topics_takes_its_section_or_the_default_topic(
    site: Path, run_import_args: Callable[..., ImportResult]
) -> None:
    ap = load_meta(run_import_args(SCRAPES / "ap-crlf-bom.txt").only_article())
    assert (ap["section"], ap["topics"]) == ("World News", ["World News"])
    (site / "digest.yaml").write_text("title: T\nimport:\n  default_topic: Unsorted\n", encoding="utf-8")
    bbc = run_import_args(SCRAPES / "bbc.txt")
    assert load_meta(bbc.articles()["2024-06-03-turkey-earthquake-rescuers-race-to-reach-survivors-in-hatay.md"])[
        "topics"
    ] == ["Unsorted"]
    # A topic made up for it is published as any other: the import says so, as of suggested topics.
    assert (
        f"{SCRAPES / 'bbc.txt'}: topics: Unsorted, import.default_topic: the source names no topic or section "
        "(--topic sets them)"
    ) in bbc.out


# -- dry run ---------------------------------------------------------------------------------------


def test_dry_run_shows_the_file_and_writes_nothing(site: Path, run_import_args: Callable[..., ImportResult]) -> None:
    result = run_import_args(SEED, SCRAPES / "bbc.txt", "--dry-run")
    assert not (site / "content" / "articles").exists()
    assert f"{SEED}: would be imported as {SEED_FILE}\n---\ntitle: \"Turkey's purchase" in result.out
    assert "US officials have warned Turkey" in result.out
    assert 'title: "Turkey earthquake: Rescuers race to reach survivors in Hatay"' in result.out
    assert result.out.rstrip().endswith(
        "Dry run, nothing written: would import 2, update 0, skip 0 as duplicates, failed 0."
    )
    assert result.summary.paths == (
        SEED_FILE,
        "content/articles/2024-06-03-turkey-earthquake-rescuers-race-to-reach-survivors-in-hatay.md",
    )


def test_dry_run_still_reports_duplicates_within_the_run(run_import_args: Callable[..., ImportResult]) -> None:
    result = run_import_args(SEED, SEED, "--dry-run")
    assert (result.summary.imported, result.summary.skipped) == (1, 1)


# -- duplicates ----------------------------------------------------------------------------------


def test_importing_the_same_source_twice_skips_it(site: Path, run_import_args: Callable[..., ImportResult]) -> None:
    first = run_import_args(SEED)
    written = (site / SEED_FILE).read_bytes()
    second = run_import_args(SEED)
    assert (second.summary.imported, second.summary.skipped) == (0, 1)
    assert f"{SEED}: skipped, duplicate of {SEED_FILE} (the same file, imported before)" in second.out
    assert second.out.rstrip().endswith("Imported 0, updated 0, skipped 1 as duplicates, failed 0.")
    assert (site / SEED_FILE).read_bytes() == written
    assert first.articles() == second.articles()


def test_a_file_imported_before_is_known_by_its_bytes_unless_updating(
    site: Path, run_import_args: Callable[..., ImportResult]
) -> None:
    run_import_args(SEED)
    assert "raw: " in (site / SEED_FILE).read_text(encoding="utf-8")  # imported.raw: the source's hash
    (site / SEED_FILE).write_text((site / SEED_FILE).read_text(encoding="utf-8").replace("Press TV", "PressTV"))
    again = run_import_args(SEED)  # edited since: still the same source file
    assert f"{SEED}: skipped, duplicate of {SEED_FILE} (the same file, imported before)" in again.out
    updated = run_import_args(SEED, "--update")  # --update reads it and compares
    assert updated.summary.updated == 1 and "replacing the curator's edits" in updated.out


def test_the_same_text_from_another_file_is_a_duplicate(
    run_import_args: Callable[..., ImportResult], tmp_path: Path
) -> None:
    copy = tmp_path / "copy-in-windows-1252.txt"
    text = SEED.read_text(encoding="utf-8").replace("\n", "\r\n").replace("’", "'")  # other bytes, same words
    copy.write_bytes(text.encode("cp1252"))
    result = run_import_args(SEED, copy)
    assert (result.summary.imported, result.summary.skipped) == (1, 1)
    assert f"{copy}: skipped, duplicate of {SEED_FILE} (same text)" in result.out


def test_the_same_source_url_in_another_form_is_a_duplicate(
    run_import_args: Callable[..., ImportResult], tmp_path: Path, server: LocalServer
) -> None:
    feed = copy_fixture("rss.xml", tmp_path, base=server.base)  # ferry-fares.html?utm_source=rss&utm_medium=feed
    result = run_import_args(feed, server.url("ferry-fares.html"))
    assert (result.summary.imported, result.summary.skipped) == (3, 1)
    assert f"{server.url('ferry-fares.html')}: skipped, duplicate of content/articles/" in result.out
    assert "(same source URL)" in result.out


def test_duplicates_are_looked_up_not_searched_for_in_every_article(
    site: Path, run_import_args: Callable[..., ImportResult], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The articles on disk are gone through once, whatever the number of sources imported in
    one call (each source went through every article: an import of hundreds into a big archive
    took as long as reading the archive hundreds of times)."""
    from digest.importer import duplicates, run

    class Counted(dict):  # type: ignore[type-arg]
        passes = 0

        def values(self):  # type: ignore[no-untyped-def]
            Counted.passes += 1
            return super().values()

        def items(self):  # type: ignore[no-untyped-def]
            Counted.passes += 1
            return super().items()

    def counted_index(folder: Path, cache_file: Path | None = None) -> duplicates.ContentIndex:
        index = duplicates.load_index(folder, cache_file)
        index.entries = Counted(index.entries)
        return index

    articles = site / "content/articles"
    articles.mkdir(parents=True)
    for number in range(30):
        (articles / f"2024-05-{number % 28 + 1:02d}-story-{number}.md").write_text(
            f"---\ntitle: Story {number}\ndate: 2024-05-01\ntopics: [Turkey]\n---\nText {number}.\n", encoding="utf-8"
        )
    monkeypatch.setattr(run, "load_index", counted_index)
    scrapes = sorted((FIXTURES / "scrapes").glob("*.txt"))
    result = run_import_args(*scrapes, SEED, SEED)
    assert result.summary.imported == len(scrapes) + 1 and result.summary.skipped == 1
    assert f"{SEED}: skipped, duplicate of {SEED_FILE} (the same file, imported before)" in result.out
    assert Counted.passes <= 2  # looked up once, kept with the import cache


def test_an_edited_file_is_not_overwritten_without_update(
    site: Path, run_import_args: Callable[..., ImportResult]
) -> None:
    run_import_args(SEED)
    path = site / SEED_FILE
    edited = path.read_text(encoding="utf-8").replace("US officials have warned", "US officials warned")
    path.write_text(edited, encoding="utf-8")
    again = run_import_args(SEED)
    assert again.summary.skipped == 1 and path.read_text(encoding="utf-8") == edited
    updated = run_import_args(SEED, "--update")
    assert (updated.summary.updated, updated.summary.imported) == (1, 0)
    assert f"{SEED}: updated {SEED_FILE} (replacing the curator's edits)" in updated.out
    assert "US officials have warned" in path.read_text(encoding="utf-8")
    assert len(updated.articles()) == 1


def test_update_of_an_unchanged_import_changes_nothing(
    site: Path, run_import_args: Callable[..., ImportResult]
) -> None:
    run_import_args(SEED)
    before = (site / SEED_FILE).read_bytes()
    result = run_import_args(SEED, "--update")
    assert (result.summary.updated, result.summary.skipped) == (0, 1)
    assert f"{SEED}: skipped, unchanged: {SEED_FILE}" in result.out
    assert (site / SEED_FILE).read_bytes() == before


def test_update_refreshes_an_import_with_new_options(site: Path, run_import_args: Callable[..., ImportResult]) -> None:
    run_import_args(SEED)
    result = run_import_args(SEED, "--update", "--topic", "Defence")
    assert f"{SEED}: updated {SEED_FILE}\n" in result.out
    assert load_meta((site / SEED_FILE).read_text(encoding="utf-8"))["topics"] == ["Turkey", "Politics", "Defence"]


def test_update_never_replaces_an_article_the_curator_wrote(
    site: Path, run_import_args: Callable[..., ImportResult], server: LocalServer
) -> None:
    own = site / "content" / "articles" / "2024-06-03-my-ferry-notes.md"
    own.parent.mkdir(parents=True)
    own.write_text(
        f'---\ntitle: My ferry notes\ndate: 2024-06-03\ntopics: [Istanbul]\nsource: {{url: "{server.url("ferry-fares.html")}"}}\n'
        "---\nMy own words.\n",
        encoding="utf-8",
    )
    result = run_import_args(server.url("ferry-fares.html"), "--update")
    assert "which was not imported: not replaced" in result.out
    assert own.read_text(encoding="utf-8").endswith("My own words.\n")
    assert len(result.articles()) == 1


def test_a_different_article_with_a_taken_slug_gets_its_own_file(
    run_import_args: Callable[..., ImportResult], tmp_path: Path
) -> None:
    other = tmp_path / "other.txt"
    body = "A completely different report about the same missile purchase, with other words in every sentence. " * 3
    other.write_text(f"Turkey's purchase of Russian missile poses threat to NATO: US\n\n{body}\n", encoding="utf-8")
    result = run_import_args(SEED, other, "--date", "2019-06-27")
    assert list(result.articles()) == [
        "2019-06-27-turkeys-purchase-of-russian-missile-poses-threat-to-nato-us-2.md",
        "2019-06-27-turkeys-purchase-of-russian-missile-poses-threat-to-nato-us.md",
    ]


def story(headline: str, day: str, words: str) -> str:
    body = f"The {words} story of the day, told at length so that it reads as an article of its own. " * 4
    return f"News / Turkey\n\n{headline}\n\n{day}\n\n{body}\n\nAnd a second paragraph about the {words} news.\n"


def test_a_slug_the_build_makes_of_another_files_name_is_taken(
    site: Path, run_import_args: Callable[..., ImportResult], tmp_path: Path
) -> None:
    """The build makes "erdogan-visits-berlin" of "erdoğan-visits-berlin.md" (or of a slug
    written otherwise): an import must not write a second page at that address."""
    articles = site / "content/articles"
    articles.mkdir(parents=True)
    (articles / "2024-03-01-erdoğan-visits-berlin.md").write_text(
        "---\ntitle: Notes\ndate: 2024-03-01\ntopics: [Turkey]\n---\nMine.\n", encoding="utf-8"
    )
    (articles / "2024-03-02-mine.md").write_text(
        '---\ntitle: Mine\ndate: 2024-03-02\ntopics: [Turkey]\nslug: "Parliament Passes Budget"\n---\nMine.\n',
        encoding="utf-8",
    )
    (tmp_path / "a.txt").write_text(story("Erdoğan visits Berlin", "5 March 2024", "first"), encoding="utf-8")
    (tmp_path / "b.txt").write_text(story("Parliament passes budget", "6 March 2024", "second"), encoding="utf-8")
    result = run_import_args(tmp_path / "a.txt", tmp_path / "b.txt")
    assert result.summary.imported == 2, result.err
    names = set(result.articles())
    assert {"2024-03-05-erdogan-visits-berlin-2.md", "2024-03-06-parliament-passes-budget-2.md"} <= names


def test_the_folder_of_a_page_bundle_names_a_taken_slug(
    site: Path, run_import_args: Callable[..., ImportResult], tmp_path: Path
) -> None:
    """The build names ``posts/2024-03-01-ferry-strike/index.md`` (a Hugo page bundle) after its folder."""
    bundle = site / "content/articles/posts/2024-03-01-ferry-strike"
    bundle.mkdir(parents=True)
    (bundle / "index.md").write_text("---\ntitle: Notes\ndate: 2024-03-01\ntopics: [Turkey]\n---\nMine.\n")
    (tmp_path / "a.txt").write_text(story("Ferry strike", "5 March 2024", "first"), encoding="utf-8")
    result = run_import_args(tmp_path / "a.txt")
    assert list(result.articles()) == ["2024-03-05-ferry-strike-2.md"], result.err


def test_a_column_that_keeps_its_title_in_one_file_is_a_new_article_each_day(
    run_import_args: Callable[..., ImportResult], tmp_path: Path
) -> None:
    clip = tmp_path / "clip.txt"
    clip.write_text(story("Letters to the Editor", "10 June 2024", "first"), encoding="utf-8")
    assert run_import_args(clip).summary.imported == 1
    clip.write_text(story("Letters to the Editor", "17 June 2024", "next"), encoding="utf-8")
    result = run_import_args(clip)
    assert result.summary.imported == 1, result.out + result.err
    assert {"2024-06-10-letters-to-the-editor.md", "2024-06-17-letters-to-the-editor-2.md"} <= set(result.articles())


def test_a_source_url_given_for_many_scrapes_is_no_duplicate_key_and_is_cleaned(
    run_import_args: Callable[..., ImportResult], tmp_path: Path
) -> None:
    for number in range(3):
        (tmp_path / f"s{number}.txt").write_text(
            story(f"Story number {number} of the day", "5 March 2024", f"word{number}"), encoding="utf-8"
        )
    url = "https://www.presstv.ir/?utm_source=tw&utm_campaign=x#top"
    result = run_import_args(*(tmp_path / f"s{number}.txt" for number in range(3)), "--source-url", url)
    assert result.summary.imported == 3, result.out + result.err
    assert all(load_meta(text)["source"]["url"] == "https://www.presstv.ir/" for text in result.articles().values())


def test_text_fetched_from_an_address_is_from_there(
    run_import_args: Callable[..., ImportResult], server: LocalServer
) -> None:
    result = run_import_args(server.url("scrape.txt"))
    assert result.summary.imported == 1, result.err
    assert load_meta(result.only_article())["source"]["url"] == server.url("scrape.txt")


# -- bad sources ---------------------------------------------------------------------------------


def test_each_bad_source_gets_one_error_line_and_the_others_are_imported(
    run_import_args: Callable[..., ImportResult], tmp_path: Path, server: LocalServer, refused_url: str
) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.txt").write_bytes(b"\n  \r\n\t\n")
    (tmp_path / "photo.txt").write_bytes(PNG)
    (tmp_path / "paper.pdf").write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n")
    (tmp_path / "folder").mkdir()
    (tmp_path / "list.txt").write_text("milk\neggs\nbread\n", encoding="utf-8")
    (tmp_path / "data.json").write_text('{"title": "x", "items": [1, 2, 3]}', encoding="utf-8")
    bad = {
        str(tmp_path / "empty.txt"): "empty file",
        str(tmp_path / "blank.txt"): "empty file",
        str(tmp_path / "photo.txt"): "binary file, not text: a PNG image",
        str(
            tmp_path / "paper.pdf"
        ): "binary file, not text: a PDF document (import the article's web page, or its text, instead)",
        str(tmp_path / "folder"): "cannot read: a folder with no files to import",
        str(tmp_path / "missing.txt"): "cannot read: no such file",
        str(tmp_path / "list.txt"): "not an article: no article text found after the headline",
        str(tmp_path / "data.json"): "not an article: JSON data that is not a JSON Feed",
        str(WEB / "nav.html"): "not an article: no main text found in the page",
        str(WEB / "empty-feed.xml"): "not an article: the feed has no entries",
        server.url("no-such-page.html"): "cannot fetch: HTTP 404 Not Found",
        server.url("binary.png"): "binary file, not text: a PNG image",
        server.url("empty"): "empty file",
        refused_url: "cannot fetch: connection refused",
        "ftp://example.org/article.txt": "only http:// and https:// URLs can be imported",
    }
    result = run_import_args(*bad, SEED)
    assert sorted(result.error_lines) == sorted(f"{source}: error: {reason}" for source, reason in bad.items())
    assert (result.summary.imported, result.summary.failed) == (1, len(bad))
    assert result.out.rstrip().endswith(f"Imported 1, updated 0, skipped 0 as duplicates, failed {len(bad)}.")
    assert list(result.articles()) == [SEED_FILE.rsplit("/", 1)[1]]


def test_an_unanswered_url_times_out(run_import_args: Callable[..., ImportResult], server: LocalServer) -> None:
    result = run_import_args(server.url("slow"), "--timeout", "0.5")
    assert result.error_lines in (
        [f"{server.url('slow')}: error: cannot fetch: no answer within 0.5 seconds"],
        [f"{server.url('slow')}: error: cannot fetch: timed out"],
    )


def test_a_bad_digest_yaml_import_section_is_reported_and_nothing_is_imported(
    site: Path, run_import_args: Callable[..., ImportResult]
) -> None:
    (site / "digest.yaml").write_text(
        "title: T\nimport:\n  boilerplate:\n    - '(unclosed'\n    - 42\n  sources:\n    Press TV: [oops]\n"
        "  default_topic: ''\n  colour: blue\n",
        encoding="utf-8",
    )
    result = run_import_args(SEED)
    assert (result.summary.imported, result.summary.failed) == (0, 1)
    assert not (site / "content" / "articles").exists()
    lines = result.err.splitlines()
    assert (
        "digest.yaml:4: import.boilerplate[1]: not a valid regular expression: missing ), unterminated subpattern at position 0"
        in lines
    )
    assert "digest.yaml:5: import.boilerplate[2]: expected a regular expression (a string), got 42" in lines
    assert "digest.yaml:7: import.sources.Press TV: expected a mapping with 'boilerplate', got list" in lines
    assert "digest.yaml:8: import.default_topic: expected a topic name, got ''" in lines
    assert any(line.startswith("digest.yaml:9: import.colour: unknown key (ignored)") for line in lines)
    assert lines[-1] == "error: nothing imported: digest.yaml has errors"


# -- progress ------------------------------------------------------------------------------------


def _many_sources(folder: Path, count: int) -> list[Path]:
    folder.mkdir(exist_ok=True)
    paths = []
    for number in range(count):
        path = folder / f"scrape-{number}.txt"
        sentence = f"Report {folder.name}-{number} tells its own story about the city council and its plans. "
        path.write_text(f"City council report {folder.name} {number} is out\n\n{sentence * 3}\n", encoding="utf-8")
        paths.append(path)
    return paths


def test_a_progress_bar_is_drawn_on_a_terminal_for_many_sources(
    run_import_args: Callable[..., ImportResult], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TERM", "xterm")
    result = run_import_args(*_many_sources(tmp_path / "many", 12), err=TerminalStream())
    assert result.summary.imported == 12
    assert "\r[" + "#" * 30 + "] 12/12" in result.err
    assert "\r[" not in result.out


def test_no_progress_bar_when_not_a_terminal(run_import_args: Callable[..., ImportResult], tmp_path: Path) -> None:
    result = run_import_args(*_many_sources(tmp_path / "many", 12), "--date", "2024-06-01")
    assert result.summary.imported == 12 and result.err == ""


def test_no_progress_bar_for_a_few_sources(run_import_args: Callable[..., ImportResult], tmp_path: Path) -> None:
    result = run_import_args(*_many_sources(tmp_path / "few", 3), "--date", "2024-06-01", err=TerminalStream())
    assert result.summary.imported == 3 and result.err == ""


def test_the_summary_counts_every_outcome(run_import_args: Callable[..., ImportResult], tmp_path: Path) -> None:
    result = run_import_args(SEED, SEED, tmp_path / "missing.txt", SCRAPES / "bbc.txt")
    summary = result.summary
    assert (summary.imported, summary.updated, summary.skipped, summary.failed) == (2, 0, 1, 1)
    assert result.out.splitlines()[-1] == "Imported 2, updated 0, skipped 1 as duplicates, failed 1."
    assert body_of(result.articles()[SEED_FILE.rsplit("/", 1)[1]]).startswith("US officials")


# -- the index cache -----------------------------------------------------------------------------


def _age(folder: Path) -> None:
    """Make every file look written a minute ago, so the cache may trust it."""
    for path in folder.rglob("*.md"):
        os.utime(path, ns=(time.time_ns() - 60 * 10**9,) * 2)


def test_what_was_read_is_cached_and_trusted_while_the_file_is_unchanged(
    site: Path, run_import_args: Callable[..., ImportResult], server: LocalServer
) -> None:
    run_import_args(SEED)
    _age(site / "content")
    run_import_args(SCRAPES / "bbc.txt")  # reads the (now old) seed file and caches it
    cache = site / ".digest-cache" / "import-index.json"
    payload = json.loads(cache.read_text(encoding="utf-8"))
    seed_entry = payload["files"][SEED_FILE.removeprefix("content/articles/")]
    assert seed_entry["title"] == "Turkey's purchase of Russian missile poses threat to NATO: US"
    # a URL that only the cache knows proves the cache is read instead of the file
    seed_entry["url"] = normalise_url(server.url("ferry-fares.html"))
    cache.write_text(json.dumps(payload), encoding="utf-8")
    result = run_import_args(server.url("ferry-fares.html"))
    assert f"duplicate of {SEED_FILE} (same source URL)" in result.out


def test_a_changed_file_is_read_again_despite_the_cache(
    site: Path, run_import_args: Callable[..., ImportResult], server: LocalServer
) -> None:
    run_import_args(SEED)
    _age(site / "content")
    run_import_args(SCRAPES / "bbc.txt")
    path = site / SEED_FILE
    text = path.read_text(encoding="utf-8").replace(
        "source: {name: Press TV}", f'source: {{url: "{server.url("ferry-fares.html")}"}}'
    )
    path.write_text(text, encoding="utf-8")
    result = run_import_args(server.url("ferry-fares.html"))
    assert f"duplicate of {SEED_FILE} (same source URL)" in result.out


@pytest.mark.parametrize("damage", ["", "{not json", '{"format": 1, "version": "0.0.0", "files": {}}', "[1, 2]"])
def test_a_damaged_or_foreign_cache_is_ignored(
    site: Path, run_import_args: Callable[..., ImportResult], damage: str
) -> None:
    run_import_args(SEED)
    cache = site / ".digest-cache" / "import-index.json"
    cache.parent.mkdir(exist_ok=True)
    cache.write_text(damage, encoding="utf-8")
    assert run_import_args(SEED).summary.skipped == 1


def test_a_dry_run_writes_no_cache(site: Path, run_import_args: Callable[..., ImportResult]) -> None:
    run_import_args(SEED, "--dry-run")
    assert not (site / ".digest-cache").exists()


def test_a_folder_stands_for_the_files_in_it_and_its_subfolders(
    run_import_args: Callable[..., ImportResult], tmp_path: Path
) -> None:
    scrapes = tmp_path / "scrapes"
    (scrapes / "monday").mkdir(parents=True)
    (scrapes / ".cache").mkdir()
    (scrapes / "monday" / "seed.txt").write_bytes(SEED.read_bytes())
    (scrapes / "bbc.txt").write_bytes((FIXTURES / "scrapes" / "bbc.txt").read_bytes())
    (scrapes / ".notes.txt").write_text("not an article", encoding="utf-8")
    (scrapes / ".cache" / "x.txt").write_text("not an article", encoding="utf-8")
    result = run_import_args(scrapes)
    assert (result.summary.imported, result.summary.failed) == (2, 0), result.err
    assert (
        f"{scrapes / 'bbc.txt'}: imported" in result.out
        and f"{scrapes / 'monday' / 'seed.txt'}: imported" in result.out
    )
    assert ".notes" not in result.out + result.err and ".cache" not in result.out + result.err


def test_a_folder_leaves_out_downloads_under_way_and_what_editors_keep_beside_a_file(
    run_import_args: Callable[..., ImportResult], tmp_path: Path
) -> None:
    """A scraper's folder imported by a daily job while a browser or a downloader still wrote
    a page into it ('story.html.part', 'story.html.crdownload'): the half of the page there was
    imported as the article, and the whole page, once there, was skipped as its duplicate. An
    editor's backup ('story.html~') was a second source of the same story."""
    scrapes = tmp_path / "scrapes"
    scrapes.mkdir()
    (scrapes / "bbc.txt").write_bytes((FIXTURES / "scrapes" / "bbc.txt").read_bytes())
    half = SEED.read_bytes()[:600]
    for name in ("seed.txt.part", "seed.txt.crdownload", "seed.txt.download", "seed.txt~", "Thumbs.db"):
        (scrapes / name).write_bytes(half)
    result = run_import_args(scrapes)
    assert (result.summary.imported, result.summary.failed, result.summary.skipped) == (1, 0, 0), result.out
    assert "seed" not in result.out + result.err and "Thumbs" not in result.out + result.err
    (scrapes / "seed.txt.part").rename(scrapes / "seed.txt")
    (scrapes / "seed.txt").write_bytes(SEED.read_bytes())
    again = run_import_args(scrapes)
    assert f"{scrapes / 'seed.txt'}: imported" in again.out


def test_a_folder_leaves_out_the_images_styles_and_scripts_of_a_saved_page(
    run_import_args: Callable[..., ImportResult], tmp_path: Path
) -> None:
    """A page saved whole by a browser ('story.html' and its 'story_files/' folder): each of
    the page's images, styles and scripts was an error ('binary file, not text', 'not an
    article'), and the daily import of the folder failed (exit 1) every day."""
    scrapes = tmp_path / "scrapes"
    (scrapes / "story_files").mkdir(parents=True)
    (scrapes / "story.txt").write_bytes(SEED.read_bytes())
    (scrapes / "story_files" / "style.css").write_text("body { margin: 0 }\n.byline { color: #555 }\n")
    (scrapes / "story_files" / "app.min.js").write_text("var a = 1; function f() { return a }\n")
    (scrapes / "story_files" / "Logo.PNG").write_bytes(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR")
    (scrapes / "story_files" / "font.woff2").write_bytes(b"wOF2\0\1\0\0")
    result = run_import_args(scrapes)
    assert (result.summary.imported, result.summary.failed) == (1, 0), result.err
    assert "story_files" not in result.out + result.err


def test_a_scrape_whose_file_name_is_not_utf8_gives_an_article_the_build_reads(
    run_import_args: Callable[..., ImportResult], tmp_path: Path
) -> None:
    """A scraper on an old system named a file in Latin-1 ('caf\\xe9.txt'): the import wrote its
    name into 'imported: {from: …}' as an escape YAML refuses, and every build after it failed
    ('invalid YAML: found invalid Unicode character escape code') until the file was mended by hand."""
    from digest.build import Builder, BuildOptions

    scrapes = tmp_path / "scrapes"
    scrapes.mkdir()
    (scrapes / os.fsdecode(b"caf\xe9.txt")).write_bytes(SEED.read_bytes())
    result = run_import_args(scrapes)
    assert result.summary.imported == 1, result.err
    assert load_meta(result.only_article())["imported"]["from"] == f"{scrapes}/caf\ufffd.txt"
    Builder(result.site, BuildOptions(jobs=1)).build()
    assert run_import_args(scrapes).summary.skipped == 1


@pytest.mark.parametrize("form", ["NFC", "NFD"])
def test_a_folder_copied_from_a_mac_is_imported_in_the_same_order(
    run_import_args: Callable[..., ImportResult], tmp_path: Path, form: str
) -> None:
    """macOS keeps 'é' of a name as 'e' and a combining accent, which sorts before 'f' where
    'é' sorts after it: the files are taken by their names as typed, so that which of two
    copies of one story is kept (the first) does not depend on where the folder was made."""
    import unicodedata

    scrapes = tmp_path / "scrapes"
    (scrapes / unicodedata.normalize(form, "é-folder")).mkdir(parents=True)
    for name in ("f.txt", "éa.txt", "é-folder/g.txt", "z.txt"):
        (scrapes / unicodedata.normalize(form, name)).write_bytes(SEED.read_bytes())
    result = run_import_args(scrapes)
    order = [unicodedata.normalize("NFC", line.partition(": ")[0]) for line in result.out.splitlines() if ": " in line]
    expected = [str(scrapes / name) for name in ("f.txt", "z.txt", "éa.txt", "é-folder/g.txt")]
    assert [path for path in order if path in expected] == expected, result.out


def test_a_json_feed_is_imported_like_an_rss_feed(run_import_args: Callable[..., ImportResult], tmp_path: Path) -> None:
    text = "The port reopened on Tuesday after a week of repairs. " * 20
    items = [
        {"id": "1", "url": "/shipping/port-reopens", "title": "Port reopens", "content_html": f"<p>{text}</p><p>More.</p>",
         "summary": "Ships are back.", "date_published": "2024-03-05T09:30:00+02:00", "tags": ["Shipping", "Izmir", "Harbour Times"],
         "authors": [{"name": "Deniz Kaya"}], "image": "https://harbour.example/port.jpg"},
        {"id": "2", "url": "https://harbour.example/b", "title": "Ferry fares rise", "content_text": "Fares rise.\n\nBy a tenth.",
         "date_published": "2024-03-06T08:00:00Z", "author": {"name": "Can Ak"}},
        {"id": "3", "content_text": "A note without a title."},
    ]  # fmt: skip
    feed = {"version": "https://jsonfeed.org/version/1.1", "title": "Harbour Times - Latest",
            "home_page_url": "https://harbour.example/", "items": items}  # fmt: skip
    (tmp_path / "feed.json").write_text(json.dumps(feed), encoding="utf-8")
    result = run_import_args(tmp_path / "feed.json", "--topic", "Ports")
    assert (result.summary.imported, result.summary.failed) == (2, 1), result.err
    assert result.error_lines == [f"{tmp_path / 'feed.json'}#3: error: not an article: the entry has no title"]
    port = result.articles()["2024-03-05-port-reopens.md"]
    assert 'title: "Port reopens"' in port and "date: 2024-03-05T09:30:00+02:00" in port
    assert 'source: {name: Harbour Times, url: "https://harbour.example/shipping/port-reopens"}' in port
    assert "author: Deniz Kaya" in port and 'image: {src: "https://harbour.example/port.jpg"}' in port
    assert 'summary: "Ships are back."' in port and port.rstrip().endswith("More.")
    # An item's tags are the outlet's tag list: tags, never topics (the outlet's own name left out).
    assert "topics: [Ports]" in port and "tags: [Shipping, Izmir]" in port
    ferry = result.articles()["2024-03-06-ferry-fares-rise.md"]
    assert "author: Can Ak" in ferry and ferry.rstrip().endswith("Fares rise.\n\nBy a tenth.")


def test_json_that_is_not_a_feed_is_refused(run_import_args: Callable[..., ImportResult], tmp_path: Path) -> None:
    (tmp_path / "data.json").write_text(json.dumps({"title": "x", "items": [1, 2]}), encoding="utf-8")
    result = run_import_args(tmp_path / "data.json")
    assert result.error_lines == [f"{tmp_path / 'data.json'}: error: not an article: JSON data that is not a JSON Feed"]
    assert list(result.articles()) == []


def test_an_undated_clip_of_a_recurring_title_is_a_new_article_when_its_text_is_another(
    run_import_args: Callable[..., ImportResult], tmp_path: Path
) -> None:
    """Without a date to tell the days apart, the text does: another story under the same
    title is imported; the same story, a word edited, is the one already there."""
    clip = tmp_path / "briefing.txt"
    first = (
        "Morning Briefing\n\nThe city council will vote today on a plan to close three libraries in the northern "
        "districts to save money, a move that has drawn protests.\n\nForecasters expect heavy rain throughout the "
        "afternoon, with flood warnings for low-lying streets near the river.\n"
    )
    second = (
        "Morning Briefing\n\nBus drivers begin a two-day strike this morning after talks over pay collapsed late last "
        "night, and commuters are advised to work from home.\n\nThe football club confirmed that its new stadium will "
        "open in March, two months later than planned.\n"
    )
    clip.write_text(first, encoding="utf-8")
    assert run_import_args(clip).summary.imported == 1
    clip.write_text(second, encoding="utf-8")
    assert run_import_args(clip).summary.imported == 1
    clip.write_text(second.replace("work from home", "work from home today"), encoding="utf-8")
    result = run_import_args(clip)
    assert (result.summary.imported, result.summary.skipped) == (0, 1), result.out


def test_an_interrupted_import_says_what_it_did_and_how_to_finish(
    site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl-C during an import: the articles imported so far are kept and counted, and the
    message says so (it said the previous output was left as it was, as a build does)."""
    import io

    from digest.cli import main
    from digest.importer.run import _Session

    sources = _many_sources(tmp_path / "many", 5)
    original = _Session.import_source

    def interrupted(self: _Session, source: str) -> None:
        if source.endswith("scrape-3.txt"):
            raise KeyboardInterrupt
        original(self, source)

    monkeypatch.setattr(_Session, "import_source", interrupted)
    out, err = io.StringIO(), io.StringIO()
    code = main(["import", "-C", str(site), "--date", "2024-06-01", *map(str, sources)], out=out, err=err)
    assert code == 130
    assert out.getvalue().splitlines()[-1] == "Imported 3, updated 0, skipped 0 as duplicates, failed 0."
    assert "previous output" not in err.getvalue()
    assert "interrupted; the articles listed above were imported" in err.getvalue()
    assert len(list((site / "content/articles").glob("*.md"))) == 3


def test_two_imports_of_the_same_sources_at_once_import_each_story_once(site: Path, tmp_path: Path) -> None:
    """Two imports started together (a scheduled one and one by hand) each read content/
    before the other wrote: every story was imported twice, the second copy with a -2 slug.
    The second waits for the first, says so, and skips what it imported."""
    import subprocess
    import sys

    sources = _many_sources(tmp_path / "many", 60)
    command = [
        sys.executable,
        "-m",
        "digest",
        "import",
        "-C",
        str(site),
        "--date",
        "2024-06-01",
        str(sources[0].parent),
    ]
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[2])}
    runs = [subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in "ab"]
    said = [run.communicate(timeout=120) for run in runs]
    assert [run.returncode for run in runs] == [0, 0], said
    assert len(list((site / "content/articles").glob("*.md"))) == 60
    summaries = sorted(out.splitlines()[-1] for out, _ in said)
    assert summaries == [
        "Imported 0, updated 0, skipped 60 as duplicates, failed 0.",
        "Imported 60, updated 0, skipped 0 as duplicates, failed 0.",
    ], said
    assert any("waiting for another import into this site to finish" in err for _, err in said), said


def test_a_markdown_file_with_front_matter_is_refused_not_read_as_a_scrape(
    run_import_args: Callable[..., ImportResult], tmp_path: Path
) -> None:
    """A Hugo or Jekyll post is already an article file: read as a scrape, its front matter
    became the headline ('title: "…"') and a photo caption ('categories:')."""
    posts = tmp_path / "posts"
    posts.mkdir()
    body = "A body long enough to be an article's text, with words about a week of politics and trade. " * 3
    (posts / "yaml.md").write_text(f'---\ntitle: "Old post"\ndate: 2019-05-02\ncategories: [Economy]\n---\n{body}\n')
    (posts / "toml.md").write_text(f'\ufeff+++\r\ntitle = "Old post"\r\ndate = 2019-05-01\r\n+++\r\n{body}\r\n')
    result = run_import_args(posts)
    reason = "not a scrape: a Markdown file with front matter; copy it into content/articles/ as it is"
    assert sorted(result.error_lines) == [f"{posts / name}: error: {reason}" for name in ("toml.md", "yaml.md")]
    assert list(result.articles()) == []


def test_the_standard_input_is_imported_when_named_dash(site: Path) -> None:
    """``curl -s URL | digest import -``: the text a command writes, imported as a file's would be;
    named twice, it is read once and the second is the same file imported before."""
    import subprocess
    import sys

    command = [sys.executable, "-m", "digest", "import", "-C", str(site), "-", "-", "--date", "2024-07-01"]
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[2])}
    result = subprocess.run(command, input=SEED.read_bytes(), capture_output=True, env=env, timeout=120, check=False)
    out = result.stdout.decode()
    assert result.returncode == 0, result.stderr.decode()
    assert f"-: imported {SEED_FILE}" in out
    assert f"-: skipped, duplicate of {SEED_FILE} (the same file, imported before)" in out
    assert "Turkey's purchase of Russian missile" in (site / SEED_FILE).read_text(encoding="utf-8")
    empty = subprocess.run(command[:-3], input=b"", capture_output=True, env=env, timeout=120, check=False)
    assert empty.returncode == 1 and "-: " in empty.stdout.decode() + empty.stderr.decode()
