"""Bad input: each case gives a clear error naming file and line (or is neutralised),
exits non-zero, and leaves an earlier public/ byte-for-byte intact."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import CliResult, article, snapshot

GOOD = {
    "content/articles/2024-03-01-good.md": article("Good story", topics="Turkey, Politics"),
    "content/digests/2024-03-02-week-9.md": (
        "---\ntitle: Week 9\ndate: 2024-03-02\npicks:\n  - article: good\n    note: Read it.\n---\nIntro.\n"
    ),
}

BAD_CASES = {
    "malformed_yaml": (
        "content/articles/2024-03-03-bad.md",
        "---\ntitle: [unclosed\ndate: 2024-03-03\n---\nBody\n",
        "content/articles/2024-03-03-bad.md:3: invalid YAML",
    ),
    "unclosed_quote": (
        "content/articles/2024-03-03-bad.md",
        '---\ntitle: "Unclosed\ndate: 2024-03-03\ntopics: [Turkey]\n---\nBody\n',
        "(the quote opened at line 2 is not closed)",
    ),
    "tab_indentation": (
        "content/articles/2024-03-03-bad.md",
        "---\ntitle: Tabbed\ndate: 2024-03-03\ntopics:\n\t- Turkey\n---\nBody\n",
        "content/articles/2024-03-03-bad.md:5: invalid YAML: a tab where YAML needs spaces",
    ),
    "not_a_mapping": (
        "content/articles/2024-03-03-bad.md",
        "---\n- just\n- a list\n---\nBody\n",
        "content/articles/2024-03-03-bad.md:2: front matter must be a mapping",
    ),
    "missing_title": (
        "content/articles/2024-03-03-bad.md",
        "---\ndate: 2024-03-03\ntopics: [Turkey]\n---\nBody\n",
        "content/articles/2024-03-03-bad.md:1: title: missing (required)",
    ),
    "capitalised_date": (  # Hugo reads its keys in any case: a site moved from it may write Date:
        "content/articles/2024-03-03-bad.md",
        "---\ntitle: Hugo's way\nDate: 2024-03-03\ntopics: [Turkey]\n---\nBody\n",
        "content/articles/2024-03-03-bad.md:3: date: missing (required); 'Date' is not read for it"
        " (fields are written in lower case): write date:",
    ),
    "capitalised_title_of_an_issue": (
        "content/digests/2024-03-03-bad.md",
        "---\nTitle: Week 10\ndate: 2024-03-03\npicks: [good]\n---\nIntro\n",
        "content/digests/2024-03-03-bad.md:2: title: missing (required); 'Title' is not read for it"
        " (fields are written in lower case): write title:",
    ),
    "capitalised_topics": (
        "content/articles/2024-03-03-bad.md",
        "---\ntitle: T\ndate: 2024-03-03\nTopics: [Turkey]\n---\nBody\n",
        "content/articles/2024-03-03-bad.md:4: topics: missing (required); 'Topics' is not read for it"
        " (fields are written in lower case): write topics:",
    ),
    "invalid_title": (
        "content/articles/2024-03-03-bad.md",
        "---\ntitle: {a: b}\ndate: 2024-03-03\ntopics: [Turkey]\n---\nBody\n",
        "content/articles/2024-03-03-bad.md:2: title: expected text, got a mapping",
    ),
    "title_yaml_reads_as_true": (  # yes, no, on and off are true or false to YAML
        "content/articles/2024-03-03-bad.md",
        "---\ntitle: Yes\ndate: 2024-03-03\ntopics: [Turkey]\n---\nBody\n",
        "content/articles/2024-03-03-bad.md:2: title: expected text, got true/false (YAML reads yes, no, on and off"
        " so); if it is text, quote it",
    ),
    "topic_yaml_reads_as_true": (  # Ontario's code: it was 'not a topic name: True'
        "content/articles/2024-03-03-bad.md",
        "---\ntitle: Canada\ndate: 2024-03-03\ntopics: [QC, ON]\n---\nBody\n",
        "content/articles/2024-03-03-bad.md:4: topics[2]: not a topic name: true/false (YAML reads yes, no, on and"
        " off so); if it is text, quote it",
    ),
    "tag_yaml_reads_as_false": (  # Norway's code
        "content/articles/2024-03-03-bad.md",
        "---\ntitle: Nordics\ndate: 2024-03-03\ntopics: [Turkey]\ntags: [SE, NO]\n---\nBody\n",
        "content/articles/2024-03-03-bad.md:5: tags[2]: expected a tag (text of 1 to 200 characters), got"
        " true/false (YAML reads yes, no, on and off so); if it is text, quote it",
    ),
    "missing_date": (
        "content/articles/2024-03-03-bad.md",
        "---\ntitle: No date\ntopics: [Turkey]\n---\nBody\n",
        "content/articles/2024-03-03-bad.md:1: date: missing (required)",
    ),
    "invalid_date": (
        "content/articles/2024-03-03-bad.md",
        "---\ntitle: Bad date\ndate: 2019-13-40\ntopics: [Turkey]\n---\nBody\n",
        "content/articles/2024-03-03-bad.md:3: date: not a date: '2019-13-40'",
    ),
    "missing_topics": (
        "content/articles/2024-03-03-bad.md",
        "---\ntitle: No topics\ndate: 2024-03-03\n---\nBody\n",
        "content/articles/2024-03-03-bad.md:1: topics: missing (required)",
    ),
    "invalid_topics": (
        "content/articles/2024-03-03-bad.md",
        "---\ntitle: Bad topics\ndate: 2024-03-03\ntopics: {a: 1}\n---\nBody\n",
        "content/articles/2024-03-03-bad.md:4: topics: expected a list of topics",
    ),
    "language_not_a_code": (
        "content/articles/2024-03-03-bad.md",
        '---\ntitle: Bad language\ndate: 2024-03-03\ntopics: [Turkey]\nlanguage: "tr\\" onmouseover=\\"x"\n---\nBody\n',
        "content/articles/2024-03-03-bad.md:5: language: not a language code such as 'en', 'tr' or 'pt-BR'",
    ),
    "language_by_its_name": (
        "content/articles/2024-03-03-bad.md",
        "---\ntitle: Bad language\ndate: 2024-03-03\ntopics: [Turkey]\nlanguage: English\n---\nBody\n",
        "content/articles/2024-03-03-bad.md:5: language: not a language code such as 'en', 'tr' or 'pt-BR': "
        "'English'; 'English' is written 'en'",
    ),
    "language_a_number": (
        "content/articles/2024-03-03-bad.md",
        "---\ntitle: Bad language\ndate: 2024-03-03\ntopics: [Turkey]\nlanguage: 42\n---\nBody\n",
        "content/articles/2024-03-03-bad.md:5: language: expected a language code such as 'en' or 'tr', got a number",
    ),
    "unclosed_direction_override": (
        "content/articles/2024-03-03-bad.md",
        '---\ntitle: "Invoice \u202efdp.exe"\ndate: 2024-03-03\ntopics: [Turkey]\n---\nBody\n',
        "content/articles/2024-03-03-bad.md:2: title: U+202E (right-to-left override) is not closed",
    ),
    "unclosed_direction_isolate_in_a_topic": (
        "content/articles/2024-03-03-bad.md",
        '---\ntitle: T\ndate: 2024-03-03\ntopics: ["\u2067مصر"]\n---\nBody\n',
        "content/articles/2024-03-03-bad.md:4: topics[1]: U+2067 (right-to-left isolate) is not closed",
    ),
    "blank_title": (
        "content/articles/2024-03-03-bad.md",
        '---\ntitle: "   "\ndate: 2024-03-03\ntopics: [Turkey]\n---\nBody\n',
        "content/articles/2024-03-03-bad.md:2: title: must not be empty",
    ),
    "empty_topics": (
        "content/articles/2024-03-03-bad.md",
        "---\ntitle: No topics\ndate: 2024-03-03\ntopics: []\n---\nBody\n",
        "content/articles/2024-03-03-bad.md:4: topics: empty: an article needs at least one topic",
    ),
    "page_without_front_matter": (  # its title written without the '---' lines: not 'title: missing'
        "content/pages/about.md",
        "title: About us\n\nWho we are.\n",
        "content/pages/about.md:1: no front matter: the file must start with a '---' line",
    ),
    "unterminated_front_matter": (
        "content/articles/2024-03-03-bad.md",
        "---\ntitle: Open\ndate: 2024-03-03\ntopics: [Turkey]\nBody without a closing line\n",
        "content/articles/2024-03-03-bad.md:1: front matter is not terminated",
    ),
    "colon_in_an_unquoted_title": (
        "content/articles/2024-03-03-bad.md",
        "---\ntitle: Breaking: talks collapse\ndate: 2024-03-03\ntopics: [Turkey]\n---\nBody\n",
        "content/articles/2024-03-03-bad.md:2: invalid YAML: mapping values are not allowed (a value holding "
        "': ' is written in quotes: title: \"Breaking: talks collapse\")",
    ),
    "at_sign_starting_a_value": (
        "content/articles/2024-03-03-bad.md",
        "---\ntitle: Talks\nauthor: @jane\ndate: 2024-03-03\ntopics: [Turkey]\n---\nBody\n",
        "content/articles/2024-03-03-bad.md:3: invalid YAML: a value starting with '@' is written in quotes: "
        'author: "@jane"',
    ),
    "hugo_section_page": (
        "content/articles/posts/_index.md",
        '---\ntitle: "Posts"\n---\nAll my posts.\n',
        "content/articles/posts/_index.md:1: a Hugo section's _index.md, not an article: digest lists the articles "
        "itself (topics, archive); move its text to content/pages/ or content/topics/, or delete it",
    ),
    "hugo_taxonomy_page": (  # content/topics/<name>/_index.md is a topic's (its term's) page
        "content/topics/_index.md",
        '---\ntitle: "Topics"\n---\nAll our topics.\n',
        "content/topics/_index.md:1: a Hugo section's _index.md, not a topic: digest lists the topics itself"
        " (topics/); move its text to content/pages/, or delete it",
    ),
    "toml_front_matter": (
        "content/articles/2024-03-03-bad.md",
        '+++\ntitle = "Hugo"\ndate = 2024-03-03\ntags = ["x"]\n+++\nBody\n',
        "content/articles/2024-03-03-bad.md:1: TOML front matter ('+++') is not read: write it as YAML",
    ),
    "json_front_matter": (  # Hugo reads it too; it was 'no front matter: the file must start with ---'
        "content/articles/2024-03-03-bad.md",
        '{\n  "title": "Hugo",\n  "date": "2024-03-03",\n  "topics": ["x"]\n}\nBody\n',
        "content/articles/2024-03-03-bad.md:1: JSON front matter ('{') is not read: write it as YAML",
    ),
    "toml_front_matter_of_a_page": (
        "content/pages/about.md",
        '+++\ntitle = "About"\n+++\nText\n',
        "content/pages/about.md:1: TOML front matter ('+++') is not read",
    ),
    "pick_naming_no_article": (
        "content/digests/2024-03-04-week-10.md",
        "---\ntitle: Week 10\ndate: 2024-03-04\npicks:\n  - article: good\n  - article: no-such-story\n    note: x\n---\n",
        "content/digests/2024-03-04-week-10.md:6: pick 2: 'no-such-story' names no existing article",
    ),
    "pick_naming_an_article_by_its_title": (  # pasted from the article's page
        "content/digests/2024-03-04-week-10.md",
        "---\ntitle: Week 10\ndate: 2024-03-04\npicks:\n  - article: good story\n---\n",
        "content/digests/2024-03-04-week-10.md:5: pick 1: 'good story' is the title of"
        " content/articles/2024-03-01-good.md, not its name: write article: good",
    ),
    "same_slug_twice": (
        "content/articles/2024-03-05-good.md",
        article("Good story again", date="2024-03-05"),
        "content/articles/2024-03-05-good.md:1: article slug 'good' is also used by content/articles/2024-03-01-good.md",
    ),
    "same_slug_given_twice": (
        "content/articles/2024-03-05-other.md",
        "---\ntitle: Other\ndate: 2024-03-05\ntopics: [Turkey]\nslug: good\n---\nBody\n",
        "content/articles/2024-03-05-other.md:5: article slug 'good' is also used by content/articles/2024-03-01-good.md",
    ),
    "slug_leaving_output": (
        "content/articles/2024-03-03-bad.md",
        "---\ntitle: Escape\ndate: 2024-03-03\ntopics: [Turkey]\nslug: ../../../etc/passwd\n---\nBody\n",
        "content/articles/2024-03-03-bad.md:5: slug: not a valid slug: '../../../etc/passwd'",
    ),
    "slug_too_long_for_a_folder": (
        "content/articles/2024-03-03-bad.md",
        "---\ntitle: Long\ndate: 2024-03-03\ntopics: [Turkey]\nslug: " + "a" * 300 + "\n---\nBody\n",
        "content/articles/2024-03-03-bad.md:5: slug: too long: 300 characters, at most 200",
    ),
    "yaml_python_tag": (
        "content/articles/2024-03-03-bad.md",
        "---\ntitle: !!python/object/apply:os.system ['touch pwned']\ndate: 2024-03-03\ntopics: [Turkey]\n---\n",
        "content/articles/2024-03-03-bad.md:2: invalid YAML: could not determine a constructor",
    ),
    "link_to_missing_content": (
        "content/articles/2024-03-03-bad.md",
        "---\ntitle: Linker\ndate: 2024-03-03\ntopics: [Turkey]\n---\nFirst line.\n\nSee [this](no-such.md).\n",
        "content/articles/2024-03-03-bad.md:8: link to 'content/articles/no-such.md': no such page",
    ),
    "link_in_a_pick_note_written_as_a_block": (
        "content/digests/2024-03-04-week-10.md",
        "---\ntitle: Week 10\ndate: 2024-03-04\npicks:\n  - article: good\n    note: |\n      First line.\n\n"
        "      Third line links [a ghost](../articles/ghost.md).\n---\n",
        "content/digests/2024-03-04-week-10.md:9: link to 'content/articles/ghost.md': no such page",
    ),
    "link_in_a_pick_note_on_its_line": (
        "content/digests/2024-03-04-week-10.md",
        "---\ntitle: Week 10\ndate: 2024-03-04\npicks:\n  - article: good\n  - article: good\n"
        "    note: See [a ghost](../articles/ghost.md).\n---\n",
        "content/digests/2024-03-04-week-10.md:7: link to 'content/articles/ghost.md': no such page",
    ),
    "front_matter_without_a_field": (
        "content/articles/2024-03-03-bad.md",
        "---\n# title: commented out\n---\nBody\n",
        "content/articles/2024-03-03-bad.md:1: title: missing (required)",
    ),
    "control_character_yaml_refuses": (
        "content/articles/2024-03-03-bad.md",
        "---\ntitle: Bell\ndate: 2024-03-03\ntopics: [Turkey]\nsummary: 'a\x07b'\n---\nBody\n",
        "content/articles/2024-03-03-bad.md:5: invalid YAML: control character U+0007 is not allowed",
    ),
    "file_name_without_a_slug": (
        "content/articles/2024-03-03-.md",
        "---\ntitle: Nameless\ndate: 2024-03-03\ntopics: [Turkey]\n---\nBody\n",
        "content/articles/2024-03-03-.md:1: slug: the file's name gives no URL slug",
    ),
    "merge_conflict_in_front_matter": (
        "content/articles/2024-03-03-bad.md",
        "---\n<<<<<<< HEAD\ntitle: Ours\n=======\ntitle: Theirs\n>>>>>>> origin/edit\ndate: 2024-03-03\n"
        "topics: [Turkey]\n---\nBody\n",
        "content/articles/2024-03-03-bad.md:2: unresolved merge conflict: git's marker '<<<<<<< HEAD' is still "
        "here; keep the lines you want and delete the <<<<<<<, ======= and >>>>>>> lines",
    ),
    "merge_conflict_in_the_body": (
        "content/articles/2024-03-03-bad.md",
        "---\ntitle: Body\ndate: 2024-03-03\ntopics: [Turkey]\n---\nFirst.\n\n<<<<<<< HEAD\nOur line.\n"
        "=======\nTheir line.\n>>>>>>> 1a2b3c4 (Edit the lead)\n",
        "content/articles/2024-03-03-bad.md:8: unresolved merge conflict: git's marker '<<<<<<< HEAD'",
    ),
    "merge_conflict_with_the_base_in_the_picks": (  # git config merge.conflictStyle diff3
        "content/digests/2024-03-04-week-10.md",
        "---\ntitle: Week 10\ndate: 2024-03-04\npicks:\n<<<<<<< ours\n  - article: good\n||||||| base\n"
        "=======\n  - article: good\n    note: Theirs.\n>>>>>>> theirs\n---\n",
        "content/digests/2024-03-04-week-10.md:5: unresolved merge conflict: git's marker '<<<<<<< ours'",
    ),
    "merge_conflict_in_a_page_both_branches_added": (
        "content/pages/about.md",
        "<<<<<<< HEAD\n---\ntitle: About us\n---\nWe are three.\n=======\n---\ntitle: About\n---\nHello.\n"
        ">>>>>>> carol\n",
        "content/pages/about.md:1: unresolved merge conflict: git's marker '<<<<<<< HEAD'",
    ),
    "merge_conflict_half_resolved_in_front_matter": (
        "content/articles/2024-03-03-bad.md",
        "---\ntitle: Ours\ndate: 2024-03-03\n>>>>>>> origin/edit\ntopics: [Turkey]\n---\nBody\n",
        "content/articles/2024-03-03-bad.md:4: unresolved merge conflict: git's marker '>>>>>>> origin/edit'",
    ),
    "page_with_reserved_slug": (
        "content/pages/topics.md",
        "---\ntitle: Topics page\n---\nText\n",
        "content/pages/topics.md:1: slug: 'topics' is reserved",
    ),
}


@pytest.fixture
def built_site(make_site: Callable[..., Path], cli: Callable[..., CliResult]) -> tuple[Path, dict[str, bytes]]:
    site = make_site(GOOD)
    result = cli("build", "-C", site)
    assert result.code == 0, result.err
    return site, snapshot(site / "public")


@pytest.mark.parametrize("case", sorted(BAD_CASES))
def test_bad_input_is_reported_and_public_is_untouched(
    case: str, built_site: tuple[Path, dict[str, bytes]], cli: Callable[..., CliResult]
) -> None:
    site, before = built_site
    name, text, expected = BAD_CASES[case]
    (site / name).parent.mkdir(parents=True, exist_ok=True)
    (site / name).write_text(text, encoding="utf-8")
    result = cli("build", "-C", site)
    assert result.code == 1
    assert expected in result.err
    assert "left as it was" in result.err
    assert snapshot(site / "public") == before
    assert not (site / "pwned").exists()
    assert [p.name for p in site.iterdir() if p.name.startswith(".digest-staging")] == []


def test_non_utf8_file(built_site: tuple[Path, dict[str, bytes]], cli: Callable[..., CliResult]) -> None:
    site, before = built_site
    path = site / "content/articles/2024-03-03-latin.md"
    path.write_bytes("---\ntitle: Caf\u00e9\ndate: 2024-03-03\ntopics: [Turkey]\n---\n".encode("latin-1"))
    result = cli("build", "-C", site)
    assert result.code == 1
    assert "content/articles/2024-03-03-latin.md:2: not UTF-8 text (byte 0xe9)" in result.err
    assert snapshot(site / "public") == before
    elsewhere = cli("build", "-C", site, "-o", site / "content/../public")
    assert f"build failed: 1 error(s); {site / 'public'} was left as it was" in elsewhere.err


def test_a_digest_yaml_that_is_not_utf8_is_named_at_the_line_of_its_byte(
    built_site: tuple[Path, dict[str, bytes]], cli: Callable[..., CliResult]
) -> None:
    """As a content file or a template is: a curator's name saved in Windows-1252 far down
    digest.yaml was said to be at line 1, 'invalid start byte'."""
    site, before = built_site
    config = 'title: T\nbase_url: "https://example.org/"\nlanguage: tr\ntheme:\n  curator: "Ay\u015fe"\n'
    (site / "digest.yaml").write_bytes(config.encode("cp1254"))
    result = cli("build", "-C", site)
    assert result.code == 1
    assert "digest.yaml:5: not UTF-8 text (byte 0xfe); save the file as UTF-8" in result.err
    assert snapshot(site / "public") == before


def test_a_file_whose_name_is_not_utf8_is_named_as_an_error(
    built_site: tuple[Path, dict[str, bytes]], cli: Callable[..., CliResult]
) -> None:
    """Files from an old archive, named in Latin-1 (b'caf\\xe9.md'): each is an error naming it,
    and public/ stays; the build ended in a UnicodeEncodeError as it saved its records."""
    import os

    site, before = built_site
    text = article("Café", date="2024-03-03").encode("utf-8")
    for folder, name, data in (("articles", b"2024-03-03-caf\xe9.md", text), ("static", b"caf\xe9.png", b"x")):
        (site / "content" / folder).mkdir(exist_ok=True)
        with open(os.path.join(os.fsencode(site / "content" / folder), name), "wb") as handle:
            handle.write(data)
    result = cli("build", "-C", site)
    assert result.code == 1
    assert "Traceback" not in result.err
    for shown in ("content/articles/2024-03-03-caf\\xe9.md", "content/static/caf\\xe9.png"):
        assert f"{shown}: the file's name is not UTF-8" in result.err
    assert snapshot(site / "public") == before
    listed = cli("list", "-C", site)
    assert listed.code == 0 and "content/articles/2024-03-03-caf\\xe9.md: the file's name" in listed.err


def test_every_error_is_reported_in_one_run(
    built_site: tuple[Path, dict[str, bytes]], cli: Callable[..., CliResult]
) -> None:
    site, before = built_site
    for case in ("invalid_date", "missing_topics", "pick_naming_no_article"):
        name, text, _ = BAD_CASES[case]
        path = site / name.replace("bad", case)
        path.write_text(text, encoding="utf-8")
    (site / "content/articles/2024-03-09-two.md").write_text(
        "---\ntitle: ''\ndate: nope\ntopics: []\nimage: {src: /static/none.png}\n---\nSee [this](gone.md).\n"
    )
    result = cli("build", "-C", site)
    assert result.code == 1
    lines = [line for line in result.err.splitlines() if line.startswith("content/")]
    assert len(lines) == 8, result.err
    # A file's broken image and links are named with its other errors, not after they are mended.
    assert "content/articles/2024-03-09-two.md:5: image.src: no such file: content/static/none.png" in result.err
    assert "content/articles/2024-03-09-two.md:7: link to 'content/articles/gone.md': no such page" in result.err
    assert "content/articles/2024-03-09-two.md:2: title: must not be empty" in result.err
    assert "content/articles/2024-03-09-two.md:3: date: not a date: 'nope'" in result.err
    assert "content/articles/2024-03-09-two.md:4: topics: missing (required)" not in result.err
    assert snapshot(site / "public") == before


def test_a_link_to_a_file_with_errors_of_its_own_is_not_said_to_lead_nowhere(
    built_site: tuple[Path, dict[str, bytes]], cli: Callable[..., CliResult]
) -> None:
    """An article with a mistake (or over a limit of digest.yaml) made every link to it from
    other articles an error too, 'no such page in this build', as if the file were gone: one
    slip read as a dozen broken links. Its own errors are the ones to mend."""
    site, before = built_site
    name, text, expected = BAD_CASES["invalid_date"]
    (site / name).write_text(text, encoding="utf-8")
    linking = article("Linker", date="2024-03-04", body=f"See [that](../articles/{Path(name).name}).")
    (site / "content/articles/2024-03-04-linker.md").write_text(linking, encoding="utf-8")
    result = cli("build", "-C", site)
    assert result.code == 1
    assert expected in result.err
    assert "linker.md" not in result.err, result.err
    assert snapshot(site / "public") == before
    (site / name).unlink()  # gone: the link leads nowhere
    result = cli("build", "-C", site)
    assert result.code == 1 and "2024-03-04-linker.md:6: link to " in result.err and "no such page" in result.err


def test_template_syntax_in_a_title_is_shown_as_text(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    site = make_site(
        {"content/articles/2024-03-01-tpl.md": article("{{ 7 * 7 }} {% include 'base.html' %} {{ site.title }}")}
    )
    assert cli("build", "-C", site).code == 0
    html = (site / "public/articles/tpl/index.html").read_text()
    assert "{{ 7 * 7 }} {% include &#39;base.html&#39; %} {{ site.title }}" in html
    assert ">49 " not in html


def test_an_html_comment_in_a_body_is_left_out_without_a_word(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    """A note the author keeps from readers is no raw HTML to warn of (nor to publish)."""
    body = "Before.\n\n<!-- TODO: ask the desk about the figures -->\n\nAfter.\n"
    site = make_site({"content/articles/2024-03-01-note.md": article("Note", body=body)})
    result = cli("build", "-C", site)
    assert result.code == 0 and "warning" not in result.err, result.err
    assert "TODO" not in (site / "public/articles/note/index.html").read_text()


def test_raw_script_in_a_body_is_left_out(make_site: Callable[..., Path], cli: Callable[..., CliResult]) -> None:
    body = 'Before.\n\n<script>alert("x")</script>\n\nInline <img src=x onerror="alert(1)"> here.\n'
    site = make_site({"content/articles/2024-03-01-xss.md": article("XSS", body=body)})
    result = cli("build", "-C", site)
    assert result.code == 0
    # Said, as Hugo says it: a page moved from another generator loses its figures and embeds.
    assert (
        "warning: content/articles/2024-03-01-xss.md:8: raw HTML left out (and 1 more): "
        "markdown: {unsafe_html: true} in digest.yaml keeps it" in result.err
    )
    html = (site / "public/articles/xss/index.html").read_text()
    assert "<script" not in html.replace('<script type="application/ld+json">', "")  # data, not code
    assert "onerror" not in html
    assert "<!-- raw HTML omitted -->" in html
    feed = (site / "public/feed.xml").read_text()
    assert "<script" not in feed


def test_raw_html_allowed_when_the_site_opts_in(make_site: Callable[..., Path], cli: Callable[..., CliResult]) -> None:
    config = 'title: T\nbase_url: "https://example.org/"\nmarkdown:\n  unsafe_html: true\n'
    site = make_site({"content/articles/2024-03-01-x.md": article("X", body="<aside>kept</aside>\n")}, config)
    result = cli("build", "-C", site)
    assert result.code == 0 and "raw HTML" not in result.err
    assert "<aside>kept</aside>" in (site / "public/articles/x/index.html").read_text()


def test_a_merge_conflict_in_a_template_is_named_at_its_marker(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    template = (
        '{% extends "base.html" %}\n{% block content %}\n<<<<<<< HEAD\n<h1>{{ content.title }}</h1>\n=======\n'
        '<h1 class="title">{{ content.title }}</h1>\n>>>>>>> main\n{% endblock %}\n'
    )
    site = make_site({"content/pages/about.md": "---\ntitle: About\n---\nUs.\n", "templates/page.html": template})
    result = cli("build", "-C", site)
    assert result.code == 1
    assert (
        "templates/page.html:3: template syntax: unresolved merge conflict: git's marker '<<<<<<< HEAD'" in result.err
    )
    assert not (site / "public").exists()


def test_template_error_names_the_template(make_site: Callable[..., Path], cli: Callable[..., CliResult]) -> None:
    site = make_site(
        {
            "content/articles/2024-03-01-a.md": article("A"),
            "templates/article.html": '{% extends "base.html" %}\n{% block content %}\n{{ article.title\n{% endblock %}\n',
        }
    )
    result = cli("build", "-C", site)
    assert result.code == 1
    assert "templates/article.html:4: template syntax" in result.err
    assert not (site / "public").exists()


def test_a_merge_conflict_in_digest_yaml_is_named_at_its_marker(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    config = 'title: T\n<<<<<<< HEAD\nbase_url: "https://a.example.org/"\n=======\nbase_url: "https://b.example.org/"\n'
    site = make_site({"content/articles/2024-03-01-a.md": article("A")}, config + ">>>>>>> main\n")
    result = cli("build", "-C", site)
    assert result.code == 1
    assert "digest.yaml:2: unresolved merge conflict: git's marker '<<<<<<< HEAD' is still here" in result.err
    assert not (site / "public").exists()
    # Half mended by a Windows colleague (core.autocrlf): the one marker left is named all the same.
    (site / "digest.yaml").write_bytes(b'title: T\r\nbase_url: "https://a.example.org/"\r\n=======\r\nper_page: 5\r\n')
    result = cli("build", "-C", site)
    assert "digest.yaml:3: unresolved merge conflict: git's marker '=======' is still here" in result.err


def test_conflict_markers_in_fenced_code_are_text(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    """An article about git shows a conflict in a code block: that is no conflict of its own."""
    body = "Git shows both sides:\n\n```diff\n<<<<<<< HEAD\nours\n=======\ntheirs\n>>>>>>> main\n```\n"
    site = make_site({"content/articles/2024-03-01-git.md": article("Git", body=body)})
    result = cli("build", "-C", site)
    assert result.code == 0, result.err
    assert "&lt;&lt;&lt;&lt;&lt;&lt;&lt; HEAD\nours\n=======" in (site / "public/articles/git/index.html").read_text()


def test_a_configuration_named_otherwise_than_digest_yaml_is_an_error_not_the_defaults(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    """Digest.yaml is read as digest.yaml on macOS and Windows, which ignore case, and was
    passed over on Linux, where the site was built on the defaults; digest.yml too."""
    site = make_site({"content/articles/2024-03-01-a.md": article("A")})
    for name in ("Digest.yaml", "digest.yml"):
        (site / "digest.yaml").rename(site / name)
        result = cli("build", "-C", site)
        assert result.code == 1
        assert f"{name}: not read: digest reads its configuration from digest.yaml; rename the file" in result.err
        assert not (site / "public").exists()
        (site / name).rename(site / "digest.yaml")
    assert cli("build", "-C", site).code == 0


def test_bad_config_types_fail_and_unknown_keys_warn(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    config = (
        'title: T\nbase_url: "https://example.org/"\nper_page: many\ntitel: typo\nmarkdown:\n  unsafe_html: "yes"\n'
    )
    site = make_site({"content/articles/2024-03-01-a.md": article("A")}, config)
    result = cli("build", "-C", site)
    assert result.code == 1
    assert "digest.yaml:3: per_page: expected a whole number, got a string ('many')" in result.err
    assert "digest.yaml:6: markdown.unsafe_html: expected true or false" in result.err
    (site / "digest.yaml").write_text('title: T\nbase_url: "https://example.org/"\ntitel: typo\n')
    result = cli("build", "-C", site)
    assert result.code == 0
    assert "warning: digest.yaml:3: titel: unknown key (ignored); did you mean 'title'?" in result.err
    (site / "digest.yaml").write_text('title: T\nbaseURL: "https://example.org/"\nperPage: 5\n')  # as Hugo spells them
    result = cli("build", "-C", site)
    assert "warning: digest.yaml:2: baseURL: unknown key (ignored); did you mean 'base_url'?" in result.err
    assert "warning: digest.yaml:3: perPage: unknown key (ignored); did you mean 'per_page'?" in result.err
    (site / "digest.yaml").write_text('title: T\nbase_url: "https://example.org/"\nlanguage: xx-YY\nsidebar: 1\n')
    result = cli("build", "-C", site)
    assert result.code == 0
    assert "warning: digest.yaml:3: language: 'xx-YY' is not a language Babel's locale data knows" in result.err
    assert "warning: digest.yaml:4: sidebar: unknown key (ignored); known keys: author, base_url," in result.err
    # An article's own language is looked at the same way, where it is written.
    (site / "content/articles/2024-03-01-a.md").write_text(
        "---\ntitle: A\ndate: 2024-03-01\ntopics: [Turkey]\nlanguage: qq-Nonsense\n---\nText.\n"
    )
    result = cli("build", "-C", site)
    assert result.code == 0
    assert "warning: content/articles/2024-03-01-a.md:5: language: 'qq-Nonsense' is not a language" in result.err
    # A language written by its name is an error, and only that: not also a warning that the build
    # would go on in English.
    (site / "digest.yaml").write_text('title: T\nbase_url: "https://example.org/"\nlanguage: Deutsch\n')
    result = cli("build", "-C", site)
    assert result.code == 1
    assert "digest.yaml:3: language: not a language code such as 'en', 'tr' or 'pt-BR': 'Deutsch'" in result.err
    assert "locale data knows" not in result.err


@pytest.mark.parametrize(("hooks", "kind"), [("5", "a number (5)"), ("{hooks.py: 1}", "a mapping")])
def test_hooks_that_are_not_a_list_are_an_error_at_their_line(
    make_site: Callable[..., Path], cli: Callable[..., CliResult], hooks: str, kind: str
) -> None:
    site = make_site({}, f'title: T\nbase_url: "https://example.org/"\nhooks: {hooks}\n')
    result = cli("build", "-C", site)
    assert result.code == 1
    assert f"digest.yaml:3: hooks: expected a list of Python files such as [hooks.py], got {kind}" in result.err
    assert not (site / "public").exists()


def test_a_base_url_with_a_query_or_fragment_is_refused_where_it_is_given(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    config = (
        'title: T\nbase_url: "https://example.org/news?ref=1"\ntheme:\n  subscribe_url: "https://x.example/s?list=2"\n'
    )
    site = make_site({"content/articles/2024-03-01-a.md": article("A")}, config)
    result = cli("build", "-C", site)
    assert result.code == 1
    assert "digest.yaml:2: base_url: expected an address without a query or fragment" in result.err
    assert "subscribe_url" not in result.err  # a link elsewhere may have a query
    result = cli("build", "-C", site, "--base-url", "https://example.org/#top")
    assert result.code == 2 and "--base-url: expected an address without a query or fragment" in result.err
    (site / "digest.yaml").write_text(config.replace("news?ref=1", "news/"))
    assert cli("build", "-C", site).code == 0


def test_names_of_any_length_get_folders_of_their_own(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    """A topic named by a whole keyword list, or a file named in a script that transliterates
    long (Chinese), still gets a page: its folder name is cut and marked with a hash."""
    keywords = "general-news,government-and-politics," * 10
    long_topics = f"'{keywords}a', '{keywords}b'"
    site = make_site(
        {
            "content/articles/2024-03-01-a.md": article("A", topics=long_topics),
            f"content/articles/2024-03-02-{'东京' * 40}.md": article("B", date="2024-03-02"),
        }
    )
    result = cli("build", "-C", site)
    assert result.code == 0, result.err
    topics = sorted(path.name for path in (site / "public/topics").iterdir() if path.is_dir())
    assert len(topics) == 3 and all(len(name) <= 100 for name in topics)
    article_folders = [path.name for path in (site / "public/articles").iterdir() if path.is_dir()]
    assert len(article_folders) == 2 and all(len(name) <= 200 for name in article_folders)


@pytest.mark.parametrize(
    ("given", "problem"),
    [
        ("https://example.org//news/", "an empty folder name ('//')"),
        ("https://example.org///news", "an empty folder name ('//')"),
        ("https://example.org/news/../x/", "a '..' folder"),
        ("https://example.org/news/..", "a '..' folder"),
        ("https://example.org/./news/", "a '.' folder"),
        ("https://editor:secret@example.org/news/", "a user name or password"),
        ("https://example.org/100%/", "a '%' that starts no percent-escape (a '%' itself is '%25')"),
        ("https://news.example..org/", "a host with an empty name between its dots ('..'), which no browser can reach"),
        ("https://.example.org/", "a host with an empty name between its dots ('..'), which no browser can reach"),
    ],
)
def test_a_base_url_whose_path_or_login_pages_would_publish_wrongly_is_refused(
    given: str, problem: str, make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    """404.html links from base_url's path, shown at any depth: '//news/' would be another host
    (news) to a browser; a login would be in every page's canonical link and the sitemap."""
    site = make_site({"content/articles/2024-03-01-a.md": article("A")}, f'title: T\nbase_url: "{given}"\n')
    result = cli("build", "-C", site)
    assert result.code == 1
    assert f"digest.yaml:2: base_url: {given!r} has {problem}" in result.err
    assert not (site / "public").exists()
    result = cli("build", "--base-url", given, "-C", site)
    assert result.code == 2 and f"--base-url: {given!r} has {problem}" in result.err


@pytest.mark.parametrize("port", ["99999", "abc"])
def test_a_base_url_with_no_port_a_browser_could_use_is_refused(
    port: str, make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    site = make_site({}, f'title: T\nbase_url: "https://example.org:{port}/"\n')
    result = cli("build", "-C", site)
    assert result.code == 1
    assert f"digest.yaml:2: base_url: not a port: '{port}'" in result.err
    assert cli("build", "--base-url", f"https://example.org:{port}/", "-C", site).code == 2


def test_a_link_to_a_draft_or_a_future_article_says_which_it_is_and_what_shows_it(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    """As a pick of one does: not 'a draft or future-dated article', which sent a build with
    --drafts to --drafts again."""
    draft = article("Draft", date="2024-03-04").replace("topics:", "draft: true\ntopics:")
    body = "See [the draft](2024-03-04-draft.md).\n\nAnd [what comes](2099-05-06-later.md)."
    linker = f"---\ntitle: Linker\ndate: 2024-03-03\ntopics: [Turkey]\n---\n{body}\n"
    site = make_site(
        {
            "content/articles/2024-03-04-draft.md": draft,
            "content/articles/2099-05-06-later.md": article("Later", date="2099-05-06"),
            "content/articles/2024-03-03-linker.md": linker,
            "content/digests/2024-03-05-w.md": "---\ntitle: W\ndate: 2024-03-05\n---\nRead [this](../articles/2099-05-06-later.md).\n",
        }
    )
    result = cli("build", "-C", site)
    assert result.code == 1
    assert (
        "content/articles/2024-03-03-linker.md:6: link to 'content/articles/2024-03-04-draft.md': the article is a "
        "draft (set draft: false in content/articles/2024-03-04-draft.md, or build with --drafts)"
    ) in result.err
    later = "link to 'content/articles/2099-05-06-later.md': the article is dated 2099-05-06, in the future (build with --future)"
    assert f"content/articles/2024-03-03-linker.md:8: {later}" in result.err
    assert f"content/digests/2024-03-05-w.md:5: {later}" in result.err
    assert "a draft or future-dated" not in result.err
    result = cli("build", "--drafts", "-C", site)
    assert result.code == 1 and "2024-03-04-draft.md'" not in result.err and later in result.err
    assert cli("build", "--drafts", "--future", "-C", site).code == 0


def test_a_link_to_a_draft_page_or_a_future_issue_says_which_it_is_not_that_there_is_no_such_page(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    site = make_site(
        {
            "content/pages/team.md": "---\ntitle: Team\ndraft: true\n---\nUs.\n",
            "content/digests/2099-01-01-later.md": "---\ntitle: Later\ndate: 2099-01-01\n---\nLater.\n",
            "content/pages/about.md": "---\ntitle: About\n---\nSee [us](team.md) and [later](../digests/2099-01-01-later.md).\n",
        }
    )
    result = cli("build", "-C", site)
    assert result.code == 1
    assert (
        "content/pages/about.md:4: link to 'content/pages/team.md': the page is a draft "
        "(set draft: false in content/pages/team.md, or build with --drafts)"
    ) in result.err
    assert (
        "content/pages/about.md:4: link to 'content/digests/2099-01-01-later.md': the issue is dated 2099-01-01, "
        "in the future (build with --future)"
    ) in result.err
    assert "no such page" not in result.err
    assert cli("build", "--drafts", "--future", "-C", site).code == 0


@pytest.mark.parametrize("title", ['""', '"   "'])
def test_an_empty_site_title_is_refused_at_its_line(
    title: str, make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    """A blank title gave every home page an empty <title> (which HTML does not allow), feeds
    and the newsletter no name, and other pages titles ending in ' · '."""
    site = make_site({"content/articles/2024-03-01-a.md": article("A")})
    assert cli("build", "-C", site).code == 0
    before = snapshot(site / "public")
    (site / "digest.yaml").write_text(f'base_url: "https://example.org/"\ntitle: {title}\n')
    result = cli("build", "-C", site)
    assert result.code == 1
    assert "digest.yaml:2: title: empty; give the site's name, which every page and feed shows" in result.err
    assert snapshot(site / "public") == before


@pytest.mark.parametrize("page", ["index.html", "home.htm", "index.php"])
def test_a_base_url_naming_a_page_rather_than_the_site_s_folder_is_refused(
    page: str, make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    """An address copied from the browser's bar with its page (…/news/index.html) made every
    link of the feeds, the sitemap and the newsletter …/news/index.html/articles/…, a page that
    does not exist."""
    given = f"https://example.org/news/{page}"
    site = make_site({"content/articles/2024-03-01-a.md": article("A")}, f'title: T\nbase_url: "{given}"\n')
    result = cli("build", "-C", site)
    assert result.code == 1
    expected = (
        f"base_url: {given!r} names a page ({page!r}), not the folder the site is at: write 'https://example.org/news/'"
    )
    assert f"digest.yaml:2: {expected}" in result.err
    assert not (site / "public").exists()
    result = cli("build", "--base-url", given, "-C", site)
    assert result.code == 2 and f"--base-url: {expected[len('base_url: ') :]}" in result.err
    (site / "digest.yaml").write_text('title: T\nbase_url: "https://example.org/v1.2/"\n')  # a folder with a dot
    assert cli("build", "-C", site).code == 0


@pytest.mark.parametrize(
    ("zone", "said"),
    [
        ("europe/istanbul", "unknown time zone 'europe/istanbul'; did you mean 'Europe/Istanbul'?"),
        ("Europe/Istanbull", "unknown time zone 'Europe/Istanbull'; did you mean 'Europe/Istanbul'?"),
        ("localtime", "'localtime' is the computer's own time zone"),
    ],
)
def test_a_time_zone_misspelt_or_the_computers_own_is_an_error_with_the_name_to_write(
    zone: str, said: str, make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    """'localtime' names the zone of whichever computer builds (a CI runner in UTC, a laptop in
    Sydney): the same site would publish an article on another day on each."""
    config = f'title: T\nbase_url: "https://example.org/"\ntimezone: "{zone}"\n'
    site = make_site({"content/articles/2024-03-01-a.md": article("A")}, config)
    result = cli("build", "-C", site)
    assert result.code == 1
    assert f"digest.yaml:3: timezone: {said}" in result.err
    refused = cli("init", site.parent / "other", "--timezone", zone)
    assert refused.code == 2 and said in refused.err


def test_a_wrong_topic_description_in_digest_yaml_is_named_at_its_own_line(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    """Not at the line of ``topics:``, which may be dozens of topics above it; a topic without
    a name is an error too, and one named by a number (a year) is told at its line like any other."""
    site = make_site({"content/articles/2024-03-01-a.md": article("A")})
    assert cli("build", "-C", site).code == 0
    before = snapshot(site / "public")
    head = 'title: T\nbase_url: "https://example.org/"\ntopics:\n  Turkey: "News from *Turkey*."\n'
    (site / "digest.yaml").write_text(head + '  Energy: 5\n  ~: "Nameless"\n  "": "Empty"\n')
    result = cli("build", "-C", site)
    assert result.code == 1
    assert "digest.yaml:5: topics.Energy: expected a description (Markdown text), got a number (5)" in result.err
    assert "digest.yaml:6: topics: expected a topic's name, got nothing (None)" in result.err
    assert "digest.yaml:7: topics: expected a topic's name, got a string ('')" in result.err
    assert snapshot(site / "public") == before
    (site / "digest.yaml").write_text(head + '  2024: "The year in review."\n')
    result = cli("check", "-C", site)
    assert "warning: digest.yaml:5: topics.2024: no published article has this topic" in result.out


def test_a_title_yaml_reads_as_a_number_or_true_says_to_quote_it(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    """A magazine called 1843, a curator called Yes: YAML reads them as a number and as true,
    and the error said only 'expected a string', not what to write."""
    config = 'title: 1843\nbase_url: "https://example.org/"\ntheme:\n  curator: yes\n  note_label: 3.5\n'
    site = make_site({"content/articles/2024-03-01-a.md": article("A")}, config)
    result = cli("build", "-C", site)
    assert result.code == 1
    assert 'digest.yaml:1: title: expected a string, got a number (1843); if it is text, quote it: "1843"' in result.err
    assert (
        "digest.yaml:4: theme.curator: expected a string, got true/false (True); if it is text, quote it" in result.err
    )
    assert (
        "digest.yaml:5: theme.note_label: expected a string, got a number (3.5); if it is text, quote it" in result.err
    )
    (site / "digest.yaml").write_text(config.replace("1843", '"1843"').replace("yes", '"Yes"').replace("3.5", '"3.5"'))
    assert cli("build", "-C", site).code == 0
    assert "<title>1843</title>" in (site / "public/index.html").read_text()


def test_the_names_other_generators_give_settings_are_told_digest_s(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    """A configuration brought from MkDocs (site_name), Hugo (paginate, languageCode) or Jekyll
    (url) was told only the list of known keys for most of them: each is told digest's name."""
    config = (
        'base_url: "https://example.org/"\nsite_name: My News\nsite_author: Me\npaginate: 5\n'
        "pagination: {pagerSize: 5}\nurl: https://example.org\ndefaultContentLanguage: tr\n"
    )
    site = make_site({"content/articles/2024-03-01-a.md": article("A")}, config)
    result = cli("build", "-C", site)
    assert result.code == 0, result.err
    for line, key, meant in (
        (2, "site_name", "title"),
        (3, "site_author", "author"),
        (4, "paginate", "per_page"),
        (5, "pagination", "per_page"),
        (6, "url", "base_url"),
        (7, "defaultContentLanguage", "language"),
    ):
        assert f"warning: digest.yaml:{line}: {key}: unknown key (ignored); did you mean '{meant}'?" in result.err


def test_a_base_url_with_its_scheme_in_capitals_says_to_write_it_in_lower_case(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    site = make_site({}, 'title: T\nbase_url: "HTTPS://example.org/news/"\n')
    result = cli("build", "-C", site)
    assert result.code == 1
    assert "digest.yaml:2: base_url: write the scheme in lower case: 'https://example.org/news/'" in result.err
