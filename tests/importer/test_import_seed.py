"""The seed article (a real Press TV scrape) imports to the checked-in expected file."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from importer_helpers import EXPECTED, FIXTURES, ImportResult, body_of, load_meta

SEED = "000_151e28b02c3019a7.txt"
SEED_DIR = FIXTURES / "seed"
REPO = Path(__file__).resolve().parents[2]
EXAMPLE_ARTICLE = (
    REPO / "content" / "articles" / "2019-06-27-turkeys-purchase-of-russian-missile-poses-threat-to-nato-us.md"
)


@pytest.fixture
def seed_import(
    run_import_args: Callable[..., ImportResult], monkeypatch: pytest.MonkeyPatch
) -> Callable[..., ImportResult]:
    """Import the seed as a curator would: from its own folder, on 27 June 2019 at noon UTC."""
    monkeypatch.chdir(SEED_DIR)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1561636800")
    return lambda *options: run_import_args(SEED, *options)


# The scrape names its outlet but not the article's address; the example site links Press TV.
SEED_OPTIONS = ("--date", "2019-06-27", "--source-url", "https://www.presstv.ir/")


def test_seed_imports_to_the_expected_file(seed_import: Callable[..., ImportResult]) -> None:
    result = seed_import(*SEED_OPTIONS)
    assert (result.summary.imported, result.summary.failed) == (1, 0)
    assert result.articles() == {
        "2019-06-27-turkeys-purchase-of-russian-missile-poses-threat-to-nato-us.md": (EXPECTED / "seed.md").read_text(
            encoding="utf-8"
        )
    }


def test_seed_fields_are_the_ones_the_issue_names(seed_import: Callable[..., ImportResult]) -> None:
    text = seed_import(*SEED_OPTIONS).only_article()
    meta = load_meta(text)
    assert meta["title"] == "Turkey's purchase of Russian missile poses threat to NATO: US"
    assert meta["date"] == "2019-06-27"
    assert "date_inferred" not in meta
    assert meta["section"] == "News"
    assert meta["topics"] == ["Turkey", "Politics"]
    assert meta["source"] == {"name": "Press TV", "url": "https://www.presstv.ir/"}
    assert meta["image"]["caption"].startswith("This image shows Russian S-400 Triumph")
    assert meta["image"]["caption"].endswith("in Moscow.")
    assert meta["image"]["credit"] == "AFP"
    body = body_of(text)
    assert body.startswith("US officials have warned Turkey")
    assert body.endswith("of masterminding the July 2016 coup attempt against the Turkish president.")
    assert "“Turkey does what is necessary" in body  # curly quotes kept as written
    assert "Ankara’s purchase" in body
    for boilerplate in ("SHARE THIS ARTICLE", "alternate addresses", "www.presstv.co.uk", "Roku", "\u00a0"):
        assert boilerplate not in text


def test_seed_without_source_url_names_only_the_outlet(seed_import: Callable[..., ImportResult]) -> None:
    assert load_meta(seed_import("--date", "2019-06-27").only_article())["source"] == {"name": "Press TV"}


def test_seed_without_a_date_gets_the_import_date_marked_inferred(
    seed_import: Callable[..., ImportResult],
) -> None:
    meta = load_meta(seed_import().only_article())
    assert meta["date"] == "2019-06-27"  # SOURCE_DATE_EPOCH: 2019-06-27T12:00:00Z
    assert meta["date_inferred"] is True


def test_the_example_site_article_is_this_import() -> None:
    assert EXAMPLE_ARTICLE.read_text(encoding="utf-8") == (EXPECTED / "seed.md").read_text(encoding="utf-8")


def test_a_breadcrumb_that_starts_with_the_outlets_name_starts_at_its_home(
    run_import_args: Callable[..., ImportResult], tmp_path: Path
) -> None:
    scrape = tmp_path / "seed-with-outlet.txt"
    scrape.write_text("Press TV / " + (SEED_DIR / SEED).read_text(encoding="utf-8"), encoding="utf-8")
    meta = load_meta(run_import_args(scrape, *SEED_OPTIONS).only_article())
    assert (meta["section"], meta["topics"], meta["source"]["name"]) == ("News", ["Turkey", "Politics"], "Press TV")
