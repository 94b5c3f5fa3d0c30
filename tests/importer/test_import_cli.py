"""``digest import`` through the real command line, and an import followed by a build."""

from __future__ import annotations

import html
import io
import subprocess
import sys
from pathlib import Path

import pytest
from importer_helpers import FIXTURES, WEB, LocalServer, copy_fixture, load_meta

from digest.cli import main

SEED = FIXTURES / "seed" / "000_151e28b02c3019a7.txt"
SCRAPES = FIXTURES / "scrapes"


def digest(*argv: str | Path) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main([str(arg) for arg in argv], out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def test_import_exits_0_and_writes_the_article(site: Path) -> None:
    code, out, err = digest("import", SEED, "--date", "2019-06-27", "-C", site)
    assert (code, err) == (0, "")
    assert out.splitlines()[-1] == "Imported 1, updated 0, skipped 0 as duplicates, failed 0."
    written = (
        site / "content" / "articles" / "2019-06-27-turkeys-purchase-of-russian-missile-poses-threat-to-nato-us.md"
    )
    assert load_meta(written.read_text(encoding="utf-8"))["source"] == {"name": "Press TV"}


def test_import_exits_1_when_any_source_failed(site: Path, tmp_path: Path) -> None:
    code, out, err = digest("import", SEED, tmp_path / "missing.txt", "--date", "2019-06-27", "-C", site)
    assert code == 1
    assert err.splitlines() == [f"{tmp_path / 'missing.txt'}: error: cannot read: no such file"]
    assert "Imported 1, updated 0, skipped 0 as duplicates, failed 1." in out


def test_a_duplicate_is_not_a_failure(site: Path) -> None:
    digest("import", SEED, "-C", site)
    code, out, _ = digest("import", SEED, "-C", site)
    assert code == 0 and "skipped 1 as duplicates" in out


def test_an_article_a_merge_left_unresolved_is_named_as_import_cannot_find_its_duplicates(site: Path) -> None:
    """Two curators imported the same feed on their branches: the merge leaves git's markers
    around the lines that differ (the time of import), and a third import would otherwise write
    the story again beside it without a word."""
    digest("import", SEED, "--date", "2019-06-27", "-C", site)
    (path,) = (site / "content/articles").glob("*.md")
    text = path.read_text(encoding="utf-8")
    line = next(line for line in text.splitlines() if line.startswith("imported:"))
    path.write_text(text.replace(line, f"<<<<<<< HEAD\n{line}\n=======\n{line}\n>>>>>>> bob"), encoding="utf-8")
    number = text.splitlines().index(line) + 1
    _, _, err = digest("import", SEED, "--date", "2019-06-27", "-C", site)
    assert (
        f"warning: content/articles/{path.name}:{number}: unresolved merge conflict: git's marker '<<<<<<< HEAD' "
        "is still here; keep the lines you want and delete the <<<<<<<, ======= and >>>>>>> lines (not read: a "
        "story it holds may be imported again as a new file)"
    ) in err


def test_a_bad_date_option_is_a_usage_error(site: Path) -> None:
    code, _, err = digest("import", SEED, "--date", "27/06/2019", "-C", site)
    assert code == 2 and "not an ISO 8601 date" in err


def test_imported_articles_appear_on_their_topic_pages_after_a_build(
    site: Path, tmp_path: Path, server: LocalServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1735689600")  # 2025-01-01: every source is dated before it
    sources = [SEED, SCRAPES / "reuters.txt", SCRAPES / "turkish-cp1254.txt", WEB / "article.html"]
    code, out, err = digest("import", *sources, copy_fixture("atom.xml", tmp_path), "--date", "2019-06-27", "-C", site)
    assert (code, err) == (0, ""), out
    assert digest("build", "-C", site)[0] == 0
    expected = {
        "turkey": "Turkey's purchase of Russian missile poses threat to NATO: US",
        "politics": "Turkey's purchase of Russian missile poses threat to NATO: US",
        "middle-east": "Turkey's central bank holds rates steady, signals tight policy to stay",
        "siyaset": "Meclis'te yeni yasama yılı başladı: Gözler anayasa tartışmasında",
        "economy": "Central bank raises rates again",  # its section; its tags are no topics
        "energy": "Turkey signs gas deal with Azerbaijan",
        "greece": "Erdoğan & Mitsotakis: a calmer Aegean",
    }
    for topic, title in expected.items():
        page = site / "public" / "topics" / topic / "index.html"
        assert title in html.unescape(page.read_text(encoding="utf-8")), topic
    seed_page = (
        site / "public" / "articles" / "turkeys-purchase-of-russian-missile-poses-threat-to-nato-us" / "index.html"
    )
    # The scrape kept the photo's caption, not the photo: the page shows no caption without its image.
    assert "Press TV" in seed_page.read_text(encoding="utf-8")


def test_an_imported_script_is_text_on_the_built_page(site: Path) -> None:
    assert digest("import", SCRAPES / "hdn.txt", "-C", site)[0] == 0
    assert digest("build", "-C", site)[0] == 0
    page = (site / "public" / "articles" / "tech-startups-bet-on-ai-as-funding-rebounds" / "index.html").read_text(
        encoding="utf-8"
    )
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert" in page
    assert "#1 on the list of priorities" in page


def test_the_command_line_loads_no_extraction_or_network_code_until_an_import_runs() -> None:
    code = (
        "import sys, digest.importer; print(sorted({'trafilatura', 'feedparser', 'urllib.request'} & set(sys.modules)))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
