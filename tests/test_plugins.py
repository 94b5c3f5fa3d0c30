"""Extension points: front matter fields kept in ``extra``, plugins and hooks files, their
events, filters and Markdown plugins, and builds that stay exact when any of them changes."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

from digest.build import Builder, BuildOptions
from digest.config import load_config
from digest.content import LoadOptions, load_site
from tests.conftest import CliResult, article, snapshot

CONFIG = 'title: T\nbase_url: "https://example.org/"\nsearch: false\n'
TOPIC_TEMPLATE = (
    "{% for a in articles %}<p class=card>{{ a.title }}"
    "{% if a.extra.paywalled %} <b>paywalled</b>{% endif %}</p>{% endfor %}\n"
)


def with_field(text: str, line: str) -> str:
    return text.replace("topics:", f"{line}\ntopics:", 1)


def clean_snapshot(site: Path, scratch: Path) -> dict[str, bytes]:
    shutil.rmtree(scratch, ignore_errors=True)
    shutil.copytree(site, scratch, ignore=shutil.ignore_patterns("public", ".digest-cache", "__pycache__"))
    Builder(scratch, BuildOptions(clean=True, jobs=1)).build()
    return snapshot(scratch / "public")


def assert_incremental_is_clean(site: Path, tmp_path: Path) -> dict[str, bytes]:
    Builder(site, BuildOptions(jobs=1)).build()
    built = snapshot(site / "public")
    expected = clean_snapshot(site, tmp_path / "clean")
    assert sorted(built) == sorted(expected)
    assert [path for path in built if built[path] != expected[path]] == []
    return built


def test_unknown_front_matter_fields_are_kept_in_extra(
    make_site: Callable[..., Path], cli: Callable[..., CliResult], tmp_path: Path
) -> None:
    site = make_site(
        {
            "content/articles/2024-03-01-a.md": with_field(article("Alpha"), "paywalled: true\nscore: 4.5"),
            "content/articles/2024-03-02-b.md": with_field(article("Beta"), "tags: [one, two]"),
            "templates/topic.html": TOPIC_TEMPLATE,
        },
        config=CONFIG,
    )
    result = cli("build", "-C", site)
    assert result.code == 0, result.err
    assert "unknown field" not in result.err
    shown = (site / "public/topics/turkey/index.html").read_text()
    assert "Alpha <b>paywalled</b>" in shown
    assert "Beta</p>" in shown

    site_records, _ = load_site(site, load_config(site)[0], LoadOptions())
    by_title = {item.title: item for item in site_records.articles}
    assert dict(by_title["Alpha"].extra) == {"paywalled": True, "score": 4.5}
    assert by_title["Beta"].tags == ("one", "two")
    assert dict(by_title["Beta"].extra) == {}


def test_an_edited_extra_field_builds_as_a_clean_build(make_site: Callable[..., Path], tmp_path: Path) -> None:
    path = "content/articles/2024-03-01-a.md"
    site = make_site(
        {path: with_field(article("Alpha"), "paywalled: false"), "templates/topic.html": TOPIC_TEMPLATE},
        config=CONFIG,
    )
    assert "paywalled</b>" not in assert_incremental_is_clean(site, tmp_path)["topics/turkey/index.html"].decode()
    (site / path).write_text(with_field(article("Alpha"), "paywalled: true"))
    assert "paywalled</b>" in assert_incremental_is_clean(site, tmp_path)["topics/turkey/index.html"].decode()
    (site / path).write_text(with_field(article("Alpha"), "paywalled: {since: 2024}"))
    assert "paywalled</b>" in assert_incremental_is_clean(site, tmp_path)["topics/turkey/index.html"].decode()
    (site / path).write_text(article("Alpha"))
    assert "paywalled</b>" not in assert_incremental_is_clean(site, tmp_path)["topics/turkey/index.html"].decode()


def test_extra_fields_of_issues_and_pages(make_site: Callable[..., Path], cli: Callable[..., CliResult]) -> None:
    site = make_site(
        {
            "content/articles/2024-03-01-a.md": article("Alpha"),
            "content/digests/2024-03-04-w.md": "---\ntitle: W\ndate: 2024-03-04\nsponsor: Acme\npicks: [2024-03-01-a]\n---\nHi.\n",
            "content/pages/about.md": "---\ntitle: About\nmood: [calm, dry]\n---\nUs.\n",
            "templates/digest.html": "<i>{{ digest.extra.sponsor }}</i>\n",
            "templates/page.html": "<i>{{ page.extra.mood|join('+') }}</i>\n",
        },
        config=CONFIG,
    )
    result = cli("build", "-C", site)
    assert result.code == 0, result.err
    assert "<i>Acme</i>" in (site / "public/digests/w/index.html").read_text()
    assert "<i>calm+dry</i>" in (site / "public/about/index.html").read_text()


def test_a_misspelt_known_field_is_still_warned_about(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    site = make_site({"content/articles/2024-03-01-a.md": with_field(article("Alpha"), "sumary: x")}, config=CONFIG)
    result = cli("build", "-C", site)
    assert result.code == 0
    assert "2024-03-01-a.md:4: sumary: unknown field (kept in extra); did you mean 'summary'?" in result.err
