"""The newsletter edition of each digest issue: email.html (CSS inlined) and email.txt."""

from __future__ import annotations

import errno
import html as html_lib
import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import feedparser
import pytest

from tests.conftest import REPO, CliResult, contrast_ratio, said
from tests.test_example_site import LinkCollector


@pytest.fixture
def site(tmp_path: Path) -> Path:
    site = tmp_path / "example"
    shutil.copytree(REPO / "content", site / "content")
    shutil.copy(REPO / "digest.yaml", site / "digest.yaml")
    return site


def test_email_html_is_self_contained(site: Path, cli: Callable[..., CliResult]) -> None:
    assert cli("build", "-C", site).code == 0
    html = (site / "public/digests/week-26/email.html").read_text()
    assert "<script" not in html
    # Every rule inlined into style attributes; only the dark-mode @media rules stay in a <style>.
    styles = re.findall(r"<style>(.*?)</style>", html, re.DOTALL)
    assert len(styles) == 1 and styles[0].strip().startswith("@media (prefers-color-scheme: dark)")
    assert 'class="preheader" style="display: none' in html
    # The preview line, then filler that keeps the masthead's words out of the inbox's preview.
    preheader = re.search(r'class="preheader"[^>]*>(.*?)</div>', html, re.DOTALL)
    assert preheader is not None
    shown = html_lib.unescape(preheader[1])
    assert shown.split("\u034f")[0].strip(), shown[:80]  # the issue's summary or its picks' titles
    assert shown.count("\u200c\u00a0") == 60
    assert "max-width: 600px" in html
    collector = LinkCollector()
    collector.feed(html)
    links = [link for _, link in collector.links]
    assert links
    assert all(link.startswith(("https://", "http://")) for link in links), links
    assert "https://example.org/articles/turkeys-purchase-of-russian-missile-poses-threat-to-nato-us/" in links
    assert "https://www.presstv.ir/" in links
    assert "Washington ties the <strong" in html


def test_email_text_edition(site: Path, cli: Callable[..., CliResult]) -> None:
    assert cli("build", "-C", site).code == 0
    text = (site / "public/digests/week-26/email.txt").read_text()
    assert "<" not in text
    assert "1. Turkey's purchase of Russian missile poses threat to NATO: US" in text
    assert "Washington ties the F-35 deal" in text
    assert "Read: https://example.org/articles/turkeys-purchase-of-russian-missile-poses-threat-to-nato-us/" in text
    assert all(len(line) <= 100 for line in text.splitlines())
    assert "email.html" not in (site / "public/sitemap.xml").read_text()
    # Each pick's standfirst, as the issue's web page shows it, wrapped like the notes.
    assert "   US officials have warned Turkey not to purchase Russian-made S-400\n" in text
    html = (site / "public/digests/week-26/email.html").read_text()
    assert re.search(r'<p class="summary" style="[^"]*">US officials have warned Turkey', html)


def test_the_editions_keep_lists_footnotes_and_struck_text(site: Path, cli: Callable[..., CliResult]) -> None:
    """What Markdown marks in a note reads the same in plain text: list items on lines of their
    own (numbered where the list is, indented where nested), footnotes as ``[1]`` without their
    back-links, and struck-through words still struck (a note that strikes a word means it)."""
    digest = site / "content/digests/2019-06-28-week-26.md"
    note = (
        "      A ~~done~~ pending deal.[^1]\n\n"
        "      3. delivery\n      4. payment\n\n"
        "      - Ankara\n        - Incirlik\n      - Moscow\n\n"
        "      [^1]: Per the Pentagon.\n"
    )
    digest.write_text(digest.read_text().replace("will not back down: watch for delivery, which Moscow has put at October.\n",
                                                 "will not back down.\n\n" + note))  # fmt: skip
    assert cli("build", "-C", site).code == 0
    text = (site / "public/digests/week-26/email.txt").read_text()
    lines = [line.strip() for line in text.splitlines()]
    assert "A ~~done~~ pending deal.[1]" in lines
    assert "   3. delivery\n   4. payment\n" in text
    assert "   - Ankara\n     - Incirlik\n   - Moscow" in text
    assert "[1] Per the Pentagon." in lines
    assert "↩" not in text and "<" not in text
    # The HTML edition keeps the footnote, not its link back up (mail clients do not follow it);
    # the issue's web page keeps both.
    mail = (site / "public/digests/week-26/email.html").read_text()
    assert "Per the Pentagon." in mail and "footnote-backref" not in mail
    assert "footnote-backref" in (site / "public/digests/week-26/index.html").read_text()


def test_the_text_edition_keeps_a_notes_section_breaks(site: Path, cli: Callable[..., CliResult]) -> None:
    """A thematic break (``---``, ``***``) between two parts of a note is a line of its own."""
    digest = site / "content/digests/2019-06-28-week-26.md"
    note = "      The missiles.\n\n      ***\n\n      Meanwhile, the jets.\n"
    digest.write_text(digest.read_text().replace("will not back down: watch for delivery, which Moscow has put at October.\n",
                                                 "will not back down.\n\n" + note))  # fmt: skip
    assert cli("build", "-C", site).code == 0
    text = (site / "public/digests/week-26/email.txt").read_text()
    assert "   The missiles.\n\n   ---\n\n   Meanwhile, the jets.\n" in text


def test_the_text_edition_lines_a_picks_lines_up_under_its_title_from_the_tenth_on(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    from tests.conftest import article

    files = {f"content/articles/2024-03-01-s{n}.md": article(f"Story {n}") for n in range(1, 11)}
    picks = "".join(f"  - article: s{n}\n    note: Note {n}.\n" for n in range(1, 11))
    site = make_site(
        {**files, "content/digests/2024-03-08-w.md": f"---\ntitle: W\ndate: 2024-03-08\npicks:\n{picks}---\n"}
    )
    assert cli("build", "-C", site).code == 0
    text = (site / "public/digests/w/email.txt").read_text()
    assert "\n9. Story 9\n   1 March 2024\n\n   Curator's note:\n   Note 9.\n\n   Some text.\n\n   Read: " in text
    assert (
        "\n10. Story 10\n    1 March 2024\n\n    Curator's note:\n    Note 10.\n\n    Some text.\n\n    Read: " in text
    )


def test_the_text_edition_marks_quotes_keeps_code_and_line_breaks(site: Path, cli: Callable[..., CliResult]) -> None:
    digest = site / "content/digests/2019-06-28-week-26.md"
    note = (
        "      Ankara said:\\\n      no change.\n\n"
        "      > The purchase is a done deal, and the delivery will go ahead as planned, an official said on Friday.\n"
        "      >\n      > > Quoted in the quote.\n\n"
        "      ```\n      if deal:\n          deliver(s400)\n      ```\n"
    )
    digest.write_text(digest.read_text().replace("will not back down: watch for delivery, which Moscow has put at October.\n",
                                                 "will not back down.\n\n" + note))  # fmt: skip
    assert cli("build", "-C", site).code == 0
    text = (site / "public/digests/week-26/email.txt").read_text()
    assert "   Ankara said:\n   no change.\n" in text  # a hard break, not a new paragraph
    assert "   > The purchase is a done deal, and the delivery will go ahead as\n   > planned" in text
    assert "   >\n   > > Quoted in the quote." in text
    assert "       if deal:\n           deliver(s400)\n" in text  # indented by four, its own spacing kept


def test_the_text_edition_wraps_a_quotes_text_within_its_marks(site: Path, cli: Callable[..., CliResult]) -> None:
    """A quote's text is wrapped, each line marked; its marks are never wrapped as words (an
    address too long for a line got a line of marks alone above it)."""
    digest = site / "content/digests/2019-06-28-week-26.md"
    address = "https://example.com/" + "a-long-address-" * 5
    quote = f"> > {address} is where an official said more words than fill one line.\n>\n> - A point {'made ' * 14}\n"
    digest.write_text(digest.read_text().replace("\n---\n", "\n---\n" + quote + "\n", 1))  # the intro starts with it
    assert cli("build", "-C", site).code == 0
    text = (site / "public/digests/week-26/email.txt").read_text()
    assert f"\n\n> > {address}\n> > is where an official said more words than fill one line.\n>\n" in text
    assert "> - A point made made made made made made made made made made made made\n>   made made\n" in text


def test_the_text_edition_lays_a_table_out_in_columns(site: Path, cli: Callable[..., CliResult]) -> None:
    digest = site / "content/digests/2019-06-28-week-26.md"
    table = "\n\n| Country | Stance on the [S-400](https://example.com/s400) |\n|---|---|\n| US | against |\n| Russia | for |\n"
    digest.write_text(digest.read_text().replace("\n---\n", "\n---\n" + table + "\n", 1))  # the intro starts with it
    assert cli("build", "-C", site).code == 0
    text = (site / "public/digests/week-26/email.txt").read_text()
    assert (
        "Country | Stance on the S-400 (https://example.com/s400)\n"
        "--------+-----------------------------------------------\n"
        "US      | against\n"
        "Russia  | for\n"
    ) in text


def test_the_text_edition_keeps_a_wide_tables_rows_whole_and_indents_wrapped_items(
    site: Path, cli: Callable[..., CliResult]
) -> None:
    digest = site / "content/digests/2019-06-28-week-26.md"
    heads = ["Country", "GDP growth", "Inflation", "Unemployment", "Debt ratio", "Trade balance"]
    table = "| " + " | ".join(heads) + " |\n|" + "---|" * 6 + "\n| Germany | 1.1% | 2.4% | 5.9% | 64% | +12bn |\n"
    items = "1. A first point that is long enough that it has to wrap onto a second line of the text edition.\n"
    digest.write_text(digest.read_text().replace("\n---\n", "\n---\n" + table + "\n" + items + "\n", 1))
    assert cli("build", "-C", site).code == 0
    lines = (site / "public/digests/week-26/email.txt").read_text().splitlines()
    row = next(line for line in lines if line.startswith("Country"))
    assert row.endswith("| Trade balance") and len(row) > 72  # whole, not wrapped
    assert any(line.startswith("Germany ") and line.endswith("| +12bn") for line in lines)
    first = lines.index(next(line for line in lines if line.startswith("1. A first point")))
    assert lines[first + 1].startswith("   ") and lines[first + 1].strip()  # under the item's text


def test_the_text_edition_wraps_chinese_between_characters(site: Path, cli: Callable[..., CliResult]) -> None:
    from digest.model import columns

    (site / "digest.yaml").write_text((site / "digest.yaml").read_text().replace("language: en", "language: zh"))
    digest = site / "content/digests/2019-06-28-week-26.md"
    intro = "两国代表在安卡拉签署了一项新的贸易协定，涉及能源、农业和基础设施等多个领域。" * 3
    digest.write_text(digest.read_text().replace('title: "Week 26"', 'title: "第二十六期"').replace(
        "This week: Turkey's missile purchase puts it at odds with its NATO allies.", intro))  # fmt: skip
    assert cli("build", "-C", site).code == 0
    lines = (site / "public/digests/week-26/email.txt").read_text().splitlines()
    assert lines[1].startswith("第二十六期 — ") and lines[2] == "=" * columns(lines[1])
    shown = lines[4 : lines.index("", 4)]  # the intro, under the title and its rule
    assert len(shown) >= 3 and "".join(shown) == intro  # wrapped between characters, nothing lost
    assert all(columns(line) <= 72 for line in shown) and not any(line.startswith(("，", "。", "、")) for line in shown)


def test_a_right_to_left_edition_says_so_where_mail_services_keep_it(site: Path, cli: Callable[..., CliResult]) -> None:
    (site / "digest.yaml").write_text((site / "digest.yaml").read_text().replace("language: en", "language: ar"))
    article = next((site / "content/articles").glob("*.md"))
    article.write_text(article.read_text().replace("\ntopics:", "\nlanguage: en\ntopics:", 1))
    assert cli("build", "-C", site).code == 0
    html = (site / "public/digests/week-26/email.html").read_text()
    # Gmail and others drop <html> and <body> attributes: the outer table says it again.
    assert '<html lang="ar" dir="rtl">' in html and '<body dir="rtl"' in html
    assert re.search(r'<table class="outer" role="presentation" lang="ar" dir="rtl"', html)
    # The picked article is in English: its title is marked so inside the Arabic edition.
    assert re.search(r'<h2 lang="en" dir="ltr"[^>]*><a [^>]*>Turkey\'s purchase', html)


def test_a_pick_written_the_other_way_is_aligned_its_own_way(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    """An Arabic article picked in an English issue has its title and summary set to the
    right, an English one in an Arabic issue to the left, in their style attributes as mail
    services keep them: not ragged at the start of each line, as the edition's own alignment
    would leave them."""
    from tests.conftest import article

    arabic = article("قمة المناخ", body="اتفق المشاركون في القمة.").replace("\ntopics:", "\nlanguage: ar\ntopics:")
    files = {
        "content/articles/2024-03-01-a.md": arabic,
        "content/articles/2024-03-01-b.md": article("Summit", body="The summit agreed."),
        "content/digests/2024-03-08-en.md": "---\ntitle: Week\ndate: 2024-03-08\npicks: [a, b]\n---\nIntro.\n",
        "content/digests/2024-03-08-ar.md": "---\ntitle: أسبوع\ndate: 2024-03-08\nlanguage: ar\npicks: [a, b]\n---\nمقدمة.\n",
    }
    site = make_site(files)
    assert cli("build", "-C", site).code == 0
    aligned = {"ltr": "left", "rtl": "right"}
    for slug, other in (("en", "rtl"), ("ar", "ltr")):
        html = (site / f"public/digests/{slug}/email.html").read_text()
        marked = re.findall(
            rf'<(h2|p) (?:class="summary" )?(?:lang="\w+" dir="{other}"|dir="{other}" lang="\w+")[^>]*>', html
        )
        assert sorted(marked) == ["h2", "p"], (slug, marked)
        for tag in re.findall(rf'<(?:h2|p class="summary") [^>]*dir="{other}"[^>]*>', html):
            assert f"text-align: {aligned[other]}" in tag, (slug, tag)


def test_an_issue_in_another_language_than_the_sites_is_written_in_it(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    """language: ar in an issue of an English site: its editions and page are Arabic, right to
    left, its English pick marked so; its note shown elsewhere (the article's page, the front
    page, the issues' feed) says its language."""
    from tests.conftest import article

    issue = (
        "---\ntitle: النشرة الأسبوعية\ndate: 2024-03-08\nlanguage: ar\npicks:\n  - article: a\n"
        "    note: ملاحظة عن القمة.\n---\nمقدمة العدد.\n"
    )
    earlier = "---\ntitle: Week 9\ndate: 2024-03-01\npicks: []\n---\nIntro.\n"
    files = {"content/articles/2024-03-01-a.md": article("Summit"), "content/digests/2024-03-08-w.md": issue}
    site = make_site({**files, "content/digests/2024-03-01-week-9.md": earlier})
    result = cli("build", "-C", site)
    assert result.code == 0, result.err
    assert "language" not in result.err
    html = (site / "public/digests/w/email.html").read_text()
    assert '<html lang="ar" dir="rtl">' in html and '<body dir="rtl"' in html
    assert "ملاحظة المحرر" in html and "اقرأ المقال" in html
    assert re.search(r'<h2 lang="en" dir="ltr"[^>]*><a [^>]*>Summit', html)
    # the site's own words are in its language: its name, description and topics
    english = r'(?=[^>]* lang="en")(?=[^>]* dir="ltr")[^>]*>'
    assert re.search(rf'<a href="https://example.org/"{english}Test Digest</a>', html)
    assert re.search(rf'<p class="kicker"{english}Turkey</p>', html)
    assert re.search(rf"<bdi{english}Test Digest</bdi>", html)
    assert "اقرأ: https://example.org/articles/a/" in (site / "public/digests/w/email.txt").read_text()
    page = (site / "public/digests/w/index.html").read_text()
    assert '<span class="issue-nav-title" lang="en" dir="ltr">Week 9</span>' in page
    assert (
        '<span class="issue-nav-title" lang="ar" dir="rtl">' in (site / "public/digests/week-9/index.html").read_text()
    )
    assert (
        '<html lang="ar" dir="rtl"' in page and 'lang="en"' not in page.split("ملاحظة عن القمة")[0].rsplit("<div", 1)[1]
    )
    article_page = (site / "public/articles/a/index.html").read_text()
    assert re.search(r'<div class="note-body" lang="ar" dir="rtl">\s*<p>ملاحظة عن القمة', article_page)
    assert re.search(r'<section class="lead-issue"[^>]* lang="ar" dir="rtl"', (site / "public/index.html").read_text())
    assert '<entry xml:lang="ar">' in (site / "public/digests/feed.xml").read_text()


def test_the_text_edition_shows_an_image_as_its_alt_text_and_address(site: Path, cli: Callable[..., CliResult]) -> None:
    (site / "content/static").mkdir(parents=True, exist_ok=True)
    (site / "content/static/map.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    digest = site / "content/digests/2019-06-28-week-26.md"
    digest.write_text(digest.read_text().replace("will not back down: watch for delivery, which Moscow has put at October.\n",
                                                 "will not back down: ![Map of Incirlik](../static/map.png) here.\n"))  # fmt: skip
    assert cli("build", "-C", site).code == 0
    text = (site / "public/digests/week-26/email.txt").read_text()
    assert "will not back down: [Map of Incirlik] (https://example.org/static/map.png) here." in " ".join(text.split())
    html = (site / "public/digests/week-26/email.html").read_text()
    assert re.search(r'<img [^>]*src="https://example.org/static/map.png"', html)


def test_the_text_edition_names_an_image_without_alt_text_as_one(site: Path, cli: Callable[..., CliResult]) -> None:
    """An image without alt text is not a bare address in parentheses: it reads as its title,
    or as the word for an image in the issue's language, in brackets as alt text is."""
    (site / "content/static").mkdir(parents=True, exist_ok=True)
    (site / "content/static/map.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    digest = site / "content/digests/2019-06-28-week-26.md"
    digest.write_text(digest.read_text().replace("will not back down: watch for delivery, which Moscow has put at October.\n",
                                                 "will not back down: ![](../static/map.png) and"
                                                 ' ![](../static/map.png "Incirlik air base") here.\n'))  # fmt: skip
    assert cli("build", "-C", site).code == 0
    text = " ".join((site / "public/digests/week-26/email.txt").read_text().split())
    assert (
        "will not back down: [Image] (https://example.org/static/map.png)"
        " and [Incirlik air base] (https://example.org/static/map.png) here." in text
    )
    config = site / "digest.yaml"
    config.write_text(config.read_text().replace("language: en\n", "language: tr\n"))
    assert cli("build", "-C", site).code == 0
    text = " ".join((site / "public/digests/week-26/email.txt").read_text().split())
    assert "will not back down: [Görsel] (https://example.org/static/map.png) and" in text


def test_an_image_wider_than_the_newsletters_column_is_sized_to_fit_it(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    """Outlook for Windows shows an image at its width attribute, else at its own size, and
    reads no max-width: a 1,200-pixel chart would widen the 600-pixel newsletter."""
    from tests.conftest import article
    from tests.test_images import png

    issue = (
        "---\ntitle: Week\ndate: 2024-03-08\npicks:\n  - article: a\n    note: '![Map](/static/map.png)'\n"
        "---\n![Chart](/static/chart.png) ![Icon](/static/icon.png) ![Far](https://example.net/x.png)\n"
    )
    site = make_site({"content/articles/2024-03-01-a.md": article("A"), "content/digests/2024-03-08-w.md": issue})
    (site / "content/static").mkdir()
    (site / "content/static/chart.png").write_bytes(png(1200, 400))
    (site / "content/static/map.png").write_bytes(png(800, 600))
    (site / "content/static/icon.png").write_bytes(png(64, 32))
    assert cli("build", "-C", site).code == 0
    html = (site / "public/digests/w/email.html").read_text()
    sizes = {
        src.rsplit("/", 1)[1]: (re.search(r'\bwidth="(\d+)"', tag), re.search(r'\bheight="(\d+)"', tag))
        for tag in re.findall(r"<img [^>]*>", html)
        for src in re.findall(r'src="([^"]*)"', tag)
    }
    shown = {name: (int(w[1]), int(h[1])) if w and h else None for name, (w, h) in sizes.items()}
    assert shown == {"chart.png": (544, 181), "map.png": (512, 384), "icon.png": (64, 32), "x.png": None}
    assert "max-width: 100%" in html  # narrower screens still shrink them


def test_digest_email_command(site: Path, cli: Callable[..., CliResult], tmp_path: Path) -> None:
    result = cli("email", "Week 26", "-C", site)
    assert result.code == 0, result.err
    paths = [Path(line) for line in result.out.split()]
    assert [path.name for path in paths] == ["email.html", "email.txt"]
    assert all(path.is_file() for path in paths)
    copied = cli("email", "week-26", "-C", site, "--output", tmp_path / "elsewhere" / ".." / "out")
    assert copied.code == 0
    assert copied.out.split() == [str(tmp_path / "out" / name) for name in ("email.html", "email.txt")]  # (no ..)
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["email.html", "email.txt"]
    missing = cli("email", "Week 99", "-C", site)
    assert missing.code == 2
    assert "no digest issue matches" in missing.err
    later = site / "content/digests/2099-01-01-later.md"
    later.write_text("---\ntitle: Later\ndate: 2099-01-01\npicks: []\n---\n")
    listed = cli("email", "Week 99", "-C", site).err
    assert "  later    2099-01-01  Later [scheduled]" in listed  # as digest list marks it
    assert "  week-26  2019-06-28  Week 26" in listed  # the slugs in one column


def test_an_issue_is_found_by_its_files_path_as_the_shell_completes_it(
    site: Path, cli: Callable[..., CliResult], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A path to the issue's file, as a shell completes it from the current folder (with -C
    the site's folder in it, ``./`` before it, or whole), finds the issue, as ``-o`` is read
    from the current folder."""
    monkeypatch.chdir(site.parent)
    relative = f"{site.name}/content/digests/2019-06-28-week-26.md"
    for typed in (relative, f"./{relative}", f"{site.parent}/{relative}"):
        result = cli("email", typed, "-C", site.name, "-o", tmp_path / "m")
        assert result.code == 0, (typed, result.err)
    monkeypatch.chdir(site / "content")
    assert cli("email", "./digests/2019-06-28-week-26.md", "-C", site, "-o", tmp_path / "m").code == 0
    # A file that is not one of the site's issues is no issue of it.
    (tmp_path / "week-26.md").write_text("---\ntitle: x\n---\n")
    assert cli("email", tmp_path / "week-26.md", "-C", site, "-o", tmp_path / "m").code == 2


def test_an_output_that_is_a_file_is_a_clear_error(site: Path, cli: Callable[..., CliResult], tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine")
    for output in (tmp_path / "notes.txt", tmp_path / "notes.txt" / "week-26"):
        result = cli("email", "week-26", "-C", site, "--output", output)
        assert result.code == 1
        assert (
            f"cannot write the editions into {output}: {tmp_path / 'notes.txt'} is a file, not a folder" in result.err
        )
        assert "Errno" not in result.err
    assert (tmp_path / "notes.txt").read_text() == "mine"


def test_a_reader_that_stops_early_ends_email_quietly(site: Path) -> None:
    """``html=$(digest email "Week 26" | head -1)``: the files are written before their paths
    are printed, so a reader gone before the last path (or the first) is no error."""
    import subprocess
    import sys

    command = [sys.executable, "-m", "digest", "email", "Week 26", "-C", str(site)]
    for _ in range(2):  # a build, then a build with nothing to do
        mailer = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        assert mailer.stdout is not None
        mailer.stdout.close()  # the reader is gone before digest writes
        _, err = mailer.communicate(timeout=120)
        assert (mailer.returncode, said(err.decode())) == (0, [])
        assert (site / "public/digests/week-26/email.html").is_file()


def test_digest_email_leaves_a_build_made_with_other_options_alone(
    site: Path, cli: Callable[..., CliResult], tmp_path: Path
) -> None:
    """``digest build --base-url`` then ``digest email -o``: public/ keeps the production
    addresses; ``--base-url`` gives the newsletter the same."""
    assert cli("build", "-C", site, "--base-url", "https://prod.example/").code == 0
    before = (site / "public/index.html").read_text()
    assert 'href="https://prod.example/"' in before
    result = cli("email", "week-26", "-C", site, "-o", tmp_path / "mail", "--base-url", "https://prod.example/")
    assert result.code == 0, result.err
    assert (site / "public/index.html").read_text() == before
    edition = (tmp_path / "mail/email.html").read_text()
    assert "https://prod.example/articles/" in edition and "localhost" not in edition


def test_digest_email_follows_the_email_plugin(site: Path, cli: Callable[..., CliResult], tmp_path: Path) -> None:
    """``text: false`` gives email.html alone; with the plugin off the command says so."""
    config = (site / "digest.yaml").read_text()
    (site / "digest.yaml").write_text(config + "plugins:\n  email: {text: false}\n")
    result = cli("email", "Week 26", "-C", site, "--output", tmp_path / "out")
    assert result.code == 0, result.err
    assert [Path(line).name for line in result.out.split()] == ["email.html"]
    assert sorted(path.name for path in (tmp_path / "out").iterdir()) == ["email.html"]
    (site / "digest.yaml").write_text(config + "plugins:\n  email: false\n")
    off = cli("email", "Week 26", "-C", site)
    assert off.code == 1
    line = len(config.splitlines()) + 2  # the line that turns it off
    assert f"digest.yaml:{line}: plugins.email: the email edition is turned off here (email: false)" in off.err
    (site / "digest.yaml").write_text(config + "plugins: [search, {email: false}]\n")
    off = cli("email", "Week 26", "-C", site)
    assert f"digest.yaml:{line - 1}: plugins.email: the email edition is turned off here" in off.err
    assert off.out == ""


def test_digest_email_says_so_when_a_replacement_plugin_makes_no_edition(
    site: Path, cli: Callable[..., CliResult]
) -> None:
    """A hooks file named ``email`` replaces the built-in; one that makes no newsletter is no
    silent success."""
    (site / "hooks").mkdir()
    (site / "hooks/email.py").write_text("def on_site(site):\n    return site\n")
    (site / "digest.yaml").write_text((site / "digest.yaml").read_text() + "hooks: [hooks/email.py]\n")
    result = cli("email", "Week 26", "-C", site)
    assert result.code == 1
    assert "the build made no newsletter for this issue (digests/week-26/email.html)" in result.err
    assert result.out == ""


def test_sites_can_restyle_the_email(site: Path, cli: Callable[..., CliResult]) -> None:
    (site / "templates").mkdir()
    (site / "templates/email.txt").write_text(
        "{{ digest.title|upper }}\n{% for pick in digest.picks %}* {{ pick.article.title }}\n{% endfor %}"
    )
    assert cli("build", "-C", site).code == 0
    assert (site / "public/digests/week-26/email.txt").read_text().startswith("WEEK 26\n* Turkey's purchase")


def test_a_copy_of_the_default_text_edition_reads_the_page_as_every_template_does(
    site: Path, cli: Callable[..., CliResult]
) -> None:
    """A site restyles the text edition from a copy of the theme's: the ``page`` every
    template gets is still the page there, not a name the theme's template took for itself."""
    (site / "templates").mkdir()
    theirs = (REPO / "themes/default/templates/email.txt").read_text(encoding="utf-8")
    (site / "templates/email.txt").write_text(theirs + "{{ page.kind }}: {{ page.title }}\n", encoding="utf-8")
    result = cli("build", "-C", site)
    assert result.code == 0, result.err
    assert (site / "public/digests/week-26/email.txt").read_text().endswith("\nemail: Week 26\n")


def test_every_email_link_has_an_inline_colour_and_dark_mode_rules(site: Path, cli: Callable[..., CliResult]) -> None:
    digest = site / "content/digests/2019-06-28-week-26.md"
    digest.write_text(
        digest.read_text()
        .replace("will not back down", "will not back down ([background](https://example.com/s400-explained))")
        .replace("This week:", "This week, [in short](https://example.com/short):")
    )
    assert cli("build", "-C", site).code == 0
    html = (site / "public/digests/week-26/email.html").read_text()
    links = re.findall(r"<a\s[^>]*>", html)
    assert len(links) >= 5
    assert all(re.search(r'style="[^"]*color:', link) for link in links), [
        link for link in links if "color:" not in link
    ]
    assert '<meta name="color-scheme" content="light dark">' in html and "prefers-color-scheme: dark" in html
    assert "Read on the web" in html and "Unsubscribe:" in html and "{{unsubscribe_url}}" in html
    text = (site / "public/digests/week-26/email.txt").read_text()
    assert "background (https://example.com/s400-explained)" in text  # a note's link keeps its target
    assert "in short (https://example.com/short)" in text
    assert "Unsubscribe: {{unsubscribe_url}}" in text


def test_the_unsubscribe_placeholder_follows_the_mail_service(site: Path, cli: Callable[..., CliResult]) -> None:
    config = site / "digest.yaml"
    config.write_text(config.read_text().replace("theme: default", 'theme: {unsubscribe_placeholder: "*|UNSUB|*"}'))
    assert cli("build", "-C", site).code == 0
    assert "Unsubscribe: *|UNSUB|*" in (site / "public/digests/week-26/email.txt").read_text()
    assert "*|UNSUB|*" in (site / "public/digests/week-26/email.html").read_text()


def test_a_draft_edition_goes_to_the_sites_email_folder_and_follows_text_false(
    site: Path, cli: Callable[..., CliResult]
) -> None:
    """An issue not published yet is built aside into ``email/<slug>/``; once the text edition
    is turned off, the email.txt written there before is gone, not left stale."""
    issue = site / "content/digests/2019-06-28-week-26.md"
    issue.write_text(issue.read_text().replace("---\n", "---\ndraft: true\n", 1))
    result = cli("email", "Week 26", "-C", site)
    assert result.code == 0, result.err
    folder = site / "email/week-26"
    assert sorted(path.name for path in folder.iterdir()) == ["email.html", "email.txt"]
    assert not (site / "public").exists()
    config = (site / "digest.yaml").read_text()
    (site / "digest.yaml").write_text(config + "plugins:\n  email: {text: false}\n")
    result = cli("email", "Week 26", "-C", site)
    assert result.code == 0, result.err
    assert [Path(line) for line in result.out.split()] == [folder / "email.html"]
    assert sorted(path.name for path in folder.iterdir()) == ["email.html"]


def test_an_edition_built_aside_renders_only_the_issues_editions(
    site: Path, cli: Callable[..., CliResult], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A draft's edition, or a published one written elsewhere with ``--output``, is built
    aside: of the whole site only the issue's email.html and email.txt are rendered (a site of
    thousands of articles waited for every page to be rendered and thrown away)."""
    from digest.render import Renderer

    rendered: list[str] = []
    render = Renderer.render

    def counted(self: Renderer, spec: Any, site_context: Any) -> tuple[bytes, str]:
        rendered.append(spec.path)
        return render(self, spec, site_context)

    monkeypatch.setattr(Renderer, "render", counted)
    editions = ["digests/week-26/email.html", "digests/week-26/email.txt"]
    result = cli("email", "Week 26", "-C", site, "--output", tmp_path / "out")
    assert result.code == 0, result.err
    assert sorted(rendered) == editions
    assert "Washington ties the F-35 deal" in (tmp_path / "out/email.txt").read_text()
    issue = site / "content/digests/2019-06-28-week-26.md"
    issue.write_text(issue.read_text().replace("---\n", "---\ndraft: true\n", 1))
    rendered.clear()
    result = cli("email", "Week 26", "-C", site)
    assert result.code == 0, result.err
    assert sorted(rendered) == editions
    assert "Washington ties the <strong" in (site / "email/week-26/email.html").read_text()


def test_every_address_of_the_editions_and_the_issues_feed_is_absolute_and_raw_scripts_go(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    """A note's raw HTML (unsafe_html) and links written relative to the issue's page are read
    away from the site: every address is made absolute as on that page, and what mail does
    not run (script, iframe) is left out of both editions."""
    from tests.conftest import article

    note = (
        "See [the topic](../../topics/turkey/), [about](/about/) and [above](#top); its url(s) stay words.\n\n"
        "<a href=unquoted.html>u</a> <a HREF='upper.html'>x</a>\n\n"
        '<img src="../../static/a.png" srcset="../../static/a.png 2x"><div style="background:url(\'../../static/b.png\')">'
        "bg</div>\n\n<script>alert('x')</script><iframe src=\"https://evil.example/\"></iframe><style>.x{color:red}</style>\n"
    )
    issue = "---\ntitle: Week\ndate: 2024-03-02\npicks:\n  - article: a\n    note: |\n"
    issue += "".join(f"      {line}\n" for line in note.splitlines()) + "---\nThe intro.\n"
    config = 'title: T\nbase_url: "https://example.org/sub/"\nmarkdown: {unsafe_html: true}\n'
    site = make_site(
        {"content/articles/2024-03-01-a.md": article("A"), "content/digests/2024-03-02-week.md": issue}, config=config
    )
    assert cli("build", "-C", site).code == 0
    html = (site / "public/digests/week/email.html").read_text()
    assert "<script" not in html and "<iframe" not in html and "alert(" not in html
    addresses = re.findall(r'(?:href|src)="([^"]*)"', html) + re.findall(r'srcset="([^"]*)"', html)
    assert all(address.startswith(("https://", "#", "mailto:")) for address in addresses), addresses
    assert 'href="https://example.org/sub/topics/turkey/"' in html and 'href="https://example.org/about/"' in html
    assert (
        'srcset="https://example.org/sub/static/a.png 2x"' in html
        and "url('https://example.org/sub/static/b.png')" in html
    )
    assert "its url(s) stay words" in html and "https://example.org/sub/digests/week/unquoted.html" in html
    assert 'href="https://example.org/sub/digests/week/upper.html"' in html
    text = " ".join((site / "public/digests/week/email.txt").read_text().split())
    assert "the topic (https://example.org/sub/topics/turkey/)" in text and "about (https://example.org/about/)" in text
    assert "alert" not in text and "color:red" not in text
    feed = (site / "public/digests/feed.xml").read_text()
    assert "href=&quot;../../" not in feed and 'href="../../' not in feed
    assert "https://example.org/sub/topics/turkey/" in feed and "https://example.org/sub/digests/week/#" in feed


def test_markup_shown_as_text_is_left_as_written_in_the_editions_and_the_issues_feed(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    """Words and code that show an address attribute (``<img src="a.png">`` in backticks,
    "set src=logo.png") are text, not tags: the editions and the feed show them as written,
    and the hidden preview line the intro fills still ends where it should, so the mail shows."""
    from tests.conftest import article

    issue = (
        "---\ntitle: Week\ndate: 2024-03-02\npicks:\n  - article: a\n"
        '    note: "Use `<a href=\'x.html\'>` and set src=logo.png."\n---\nThe tag is `<img src="a.png">`.\n'
    )
    config = 'title: T\nbase_url: "https://example.org/sub/"\n'
    site = make_site(
        {"content/articles/2024-03-01-a.md": article("A"), "content/digests/2024-03-02-week.md": issue}, config=config
    )
    assert cli("build", "-C", site).code == 0
    html = (site / "public/digests/week/email.html").read_text()
    preheader = re.search(r'class="preheader"[^>]*>(.*?)</div>', html, re.DOTALL)
    assert preheader is not None and html_lib.unescape(preheader[1]).startswith('The tag is <img src="a.png">.')
    assert "https://example.org/sub/digests/week/a.png" not in html
    assert "&lt;a href='x.html'&gt;</code> and set src=logo.png." in html
    text = (site / "public/digests/week/email.txt").read_text()
    assert 'The tag is <img src="a.png">.' in text and "Use <a href='x.html'> and set src=logo.png." in text
    feed = feedparser.parse((site / "public/digests/feed.xml").read_bytes())
    content = feed.entries[0].content[0].value
    assert "<code>&lt;img src=&quot;a.png&quot;&gt;</code>" in content and "set src=logo.png." in content


def test_a_notes_event_handlers_and_script_links_are_left_out_of_the_editions(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    """Raw HTML's scripts in attributes (onclick, onerror) and addresses (javascript:) are
    scripts too: mail does not run them and spam filters mark a message that has them, so
    neither edition keeps them; the elements and their words stay."""
    from tests.conftest import article

    note = (
        '<span onclick="alert(1)" style="color:red">red</span> <a href="javascript:alert(2)">js</a> '
        '<a href=\' JavaScript:alert(3)\' title="onclick=x">spaced</a> <img src="/static/a.png" alt="a" ONERROR=alert(4)>'
        ' <a href="https://example.org/ok" onmouseover=\'alert(5)\'>kept</a>, and the words onclick="x" stay.'
    )
    issue = f"---\ntitle: Week\ndate: 2024-03-02\npicks:\n  - article: a\n    note: |\n      {note}\n---\nThe intro.\n"
    config = 'title: T\nbase_url: "https://example.org/"\nmarkdown: {unsafe_html: true}\n'
    site = make_site(
        {"content/articles/2024-03-01-a.md": article("A"), "content/digests/2024-03-02-week.md": issue}, config=config
    )
    assert cli("build", "-C", site).code == 0
    html = (site / "public/digests/week/email.html").read_text()
    assert "alert(" not in html and "javascript:" not in html.lower(), html
    assert ">red</span>" in html and ">js</a>" in html and 'title="onclick=x"' in html and 'alt="a"' in html
    assert '<a href="https://example.org/ok"' in html and ">kept</a>" in html
    assert "the words onclick=&quot;x&quot; stay" in html or 'the words onclick="x" stay' in html
    text = (site / "public/digests/week/email.txt").read_text()
    assert "alert" not in text and "javascript" not in text.lower(), text
    assert "red js spaced" in " ".join(text.split())


def test_a_source_named_in_another_script_is_isolated_in_the_editions_lines(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    """Its name set apart (<bdi>), an Arabic outlet's name does not carry the date and the
    reading time of the line into its own direction."""
    from tests.conftest import article

    story = article("Talks", body="Text.").replace(
        "topics:", 'source: {name: "الجزيرة", url: "https://aljazeera.net/x"}\ntopics:'
    )
    issue = "---\ntitle: Week\ndate: 2024-03-02\npicks:\n  - article: talks\n    note: Read it.\n---\nIntro.\n"
    site = make_site({"content/articles/2024-03-01-talks.md": story, "content/digests/2024-03-02-week.md": issue})
    assert cli("build", "-C", site).code == 0
    html = (site / "public/digests/week/email.html").read_text()
    assert "· <bdi>الجزيرة</bdi>&nbsp;·" in html and "Original at <bdi>الجزيرة</bdi>" in html


def test_a_scheduled_issues_edition_warns_of_a_pick_dated_after_it(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    from datetime import date, timedelta

    from tests.conftest import article

    issue_day, later = date.today() + timedelta(days=10), date.today() + timedelta(days=20)
    issue = f"---\ntitle: Later\ndate: {issue_day}\npicks:\n  - article: now\n  - article: after\n---\nIntro.\n"
    site = make_site(
        {
            "content/articles/2024-03-01-now.md": article("Now"),
            f"content/articles/{later}-after.md": article("After", date=later.isoformat()),
            f"content/digests/{issue_day}-later.md": issue,
        }
    )
    result = cli("email", "later", "-C", site)
    assert result.code == 0, result.err
    assert (
        f"warning: content/digests/{issue_day}-later.md:6: pick 2: 'after' is dated {later} 00:00, after the issue "
        "comes out" in result.err
    )
    assert "pick 1" not in result.err


def test_an_issue_without_picks_is_warned_of_at_its_line(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    issue = "---\ntitle: Quiet week\ndate: 2024-03-02\ndraft: true\npicks: []\n---\nNothing this week.\n"
    site = make_site({"content/digests/2024-03-02-quiet.md": issue})
    result = cli("email", "quiet", "-C", site)
    assert result.code == 0, result.err
    assert "warning: content/digests/2024-03-02-quiet.md:5: this issue picks no articles" in result.err


def test_placeholder_text_and_empty_notes_left_by_new_are_warned_of_at_their_lines(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    """The newsletter goes out as it is: what ``digest new --since`` left to fill in is told
    before it is sent, as ``digest check`` tells it, for a scheduled issue as for a draft."""
    from tests.conftest import article

    site = make_site({"content/articles/2024-03-01-port.md": article("Port reopens", date="2024-03-01")})
    made = cli("new", "digest", "Week 9", "--since", "2024-03-01", "--date", "2999-03-02", "--no-draft", "-C", site)
    assert made.code == 0, made.err
    result = cli("email", "Week 9", "-C", site)
    assert result.code == 0, result.err
    assert result.err.splitlines() == [
        "warning: content/digests/2999-03-02-week-9.md:8: 1 note left empty by 'digest new': pick 1; write why "
        "each matters, or remove the note: line",
        "warning: content/digests/2999-03-02-week-9.md:10: placeholder text left from 'digest new': "
        "'An introduction to this issue, in Markdown.'",
    ]
    issue = site / "content/digests/2999-03-02-week-9.md"
    issue.write_text(issue.read_text().replace('note: ""', "note: Open again.").replace("An introduction", "The"))
    assert said(cli("email", "Week 9", "-C", site).err) == []


def test_a_past_draft_issues_edition_warns_only_of_picks_not_yet_published(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    """A draft dated before today comes out when it is published: its picks of that day (late
    in the day, or early the next day in UTC but that day in the site's zone) are shown then."""
    from tests.conftest import article

    issue = "---\ntitle: Week\ndate: 2026-11-29\ndraft: true\npicks:\n  - article: quake\n  - article: governor\n---\nIntro.\n"
    site = make_site(
        {
            "content/articles/2026-11-29-quake.md": article("Quake", date="2026-11-29T10:00:00"),
            "content/articles/2026-11-28-governor.md": article("Governor", date="2026-11-28T22:10:00+00:00"),
            "content/digests/2026-11-29-week.md": issue,
        },
        'title: T\nbase_url: "https://example.org/"\ntimezone: Europe/Istanbul\n',
    )
    result = cli("email", "week", "-C", site)
    assert result.code == 0, result.err
    assert "after the issue" not in result.err


def test_an_unpublished_issues_edition_warns_of_a_pick_that_is_a_draft(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    """Its link in the newsletter leads nowhere until the article's draft: true goes."""
    from tests.conftest import article

    issue = "---\ntitle: Week\ndate: 2024-03-08\ndraft: true\npicks:\n  - article: ready\n  - article: unready\n---\nIntro.\n"
    site = make_site(
        {
            "content/articles/2024-03-01-ready.md": article("Ready"),
            "content/articles/2024-03-02-unready.md": article("Unready", date="2024-03-02").replace(
                "---\n", "---\ndraft: true\n", 1
            ),
            "content/digests/2024-03-08-week.md": issue,
        }
    )
    result = cli("email", "week", "-C", site)
    assert result.code == 0, result.err
    assert (
        "warning: content/digests/2024-03-08-week.md:7: pick 2: 'unready' is a draft: the site will not show it "
        "until its draft: true goes" in result.err
    )
    assert "pick 1" not in result.err


def test_a_stylesheet_linked_from_an_email_template_is_never_fetched(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    """A theme's email.html that links its CSS: the link is kept as it is (mail services drop
    it), and the build reads nothing from the network (the site may not be published yet)."""
    from tests.conftest import article

    template = (
        '<!doctype html><html><head><link rel="stylesheet" href="{{ asset(\'mail.css\') }}">'
        "<style>p { color: red }</style></head><body><h1>{{ digest.title }}</h1><p>x</p></body></html>"
    )
    files = {
        "content/articles/2024-03-01-a.md": article("A"),
        "content/digests/2024-03-05-w.md": "---\ntitle: W\ndate: 2024-03-05\npicks:\n  - article: a\n---\nIntro.\n",
        "templates/email.html": template,
        "content/static/mail.css": "h1 { color: blue }\n",
    }
    site = make_site(files, 'title: T\nbase_url: "https://digest-unpublished.invalid/"\n')
    result = cli("build", "-C", site)
    assert result.code == 0, result.err
    edition = (site / "public/digests/w/email.html").read_text()
    assert '<link rel="stylesheet" href="https://digest-unpublished.invalid/static/mail.css">' in edition
    assert '<p style="color: red;">x</p>' in edition


def test_an_issue_is_found_by_its_title_typed_in_any_case_with_or_without_accents(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    """As a curator types a Turkish or Arabic title: in capitals (İ, I), without its accents,
    an Arabic alef without its hamza."""
    from tests.conftest import article

    site = make_site(
        {
            "content/articles/2026-11-29-a.md": article("A", date="2026-11-29"),
            "content/digests/2026-11-30-hafta.md": (
                "---\ntitle: 'Hafta 48: İstanbul ve Iğdır'\ndate: 2026-11-30\npicks:\n  - article: a\n---\nGiriş.\n"
            ),
            "content/digests/2026-11-30-usbu.md": (
                "---\ntitle: الأسبوع 48\ndate: 2026-11-30\npicks:\n  - article: a\n---\nمقدمة.\n"
            ),
        },
        'title: T\nbase_url: "https://example.org/"\nlanguage: tr\n',
    )
    for typed, slug in (
        ("HAFTA 48: İSTANBUL VE IĞDIR", "hafta"),
        ("hafta 48: istanbul", "hafta"),
        ("Hafta 48: Istanbul ve Igdir", "hafta"),
        ("الاسبوع 48", "usbu"),
    ):
        result = cli("email", typed, "-C", site, "--output", site / "mail" / slug)
        assert result.code == 0, (typed, result.err)
        assert (site / "mail" / slug / "email.html").is_file()


def test_an_edition_that_gmail_would_clip_is_warned_of(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    from tests.conftest import article

    files = {
        f"content/articles/2024-03-{day:02d}-a{day}.md": article(f"A{day}", date=f"2024-03-{day:02d}")
        for day in range(1, 29)
    }
    picks = "".join(f'  - article: a{day}\n    note: "{"A long note of the curator. " * 90}"\n' for day in range(1, 29))
    files["content/digests/2024-03-29-big.md"] = f"---\ntitle: Big\ndate: 2024-03-29\npicks:\n{picks}---\nIntro.\n"
    files["content/digests/2024-03-30-small.md"] = (
        "---\ntitle: Small\ndate: 2024-03-30\npicks:\n  - article: a1\n---\nIntro.\n"
    )
    site = make_site(files)
    big = cli("email", "big", "-C", site)
    assert big.code == 0, big.err
    size = (site / "public/digests/big/email.html").stat().st_size
    assert size > 102 * 1024
    expected = f"warning: content/digests/2024-03-29-big.md: the newsletter's HTML is {size // 1024:,} KB; Gmail shows"
    assert expected in big.err
    small = cli("email", "small", "-C", site)
    assert small.code == 0 and "Gmail" not in small.err


def test_finding_the_issue_reads_the_issues_alone(
    site: Path, cli: Callable[..., CliResult], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The issue named is looked for among the issues: no article's front matter is read for
    it (a site of thousands of articles read every one before building)."""
    import digest.listing

    read: list[str] = []
    parse = digest.listing.parse_document

    def counted(text: str, path: Any) -> Any:
        read.append(str(path))
        return parse(text, path)

    monkeypatch.setattr(digest.listing, "parse_document", counted)
    result = cli("email", "Week 26", "-C", site)
    assert result.code == 0, result.err
    assert read and all(path.startswith("content/digests/") for path in read), read


def test_editions_that_cannot_be_written_whole_leave_the_previous_ones(
    site: Path, cli: Callable[..., CliResult], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A disk that fills as the editions are copied (here: each copy written in part, then
    ENOSPC, as on a full disk): the previous email.html and email.txt stay whole, side by
    side, rather than a cut email.html a mail service would send; the error names the file."""
    out = tmp_path / "out"
    assert cli("email", "Week 26", "-C", site, "--output", out).code == 0
    before = {path.name: path.read_bytes() for path in out.iterdir()}
    issue = site / "content/digests/2019-06-28-week-26.md"
    issue.write_text(issue.read_text() + "\nA longer intro.\n")

    copy = shutil.copyfile

    def disk_full(source: str | Path, target: str | Path, **options: object) -> str | Path:
        if Path(target).parent != out:  # (the build aside, elsewhere)
            return copy(source, target)
        with open(target, "wb") as handle:
            handle.write(Path(source).read_bytes()[:100])
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(shutil, "copyfile", disk_full)
    result = cli("email", "Week 26", "-C", site, "--output", out)
    assert result.code == 1
    assert f"error: cannot write {out / 'email.html'}: No space left on device; {out} was left as it was\n" in (
        result.err
    )
    assert {path.name: path.read_bytes() for path in out.iterdir()} == before


def test_a_full_disk_as_the_issue_is_built_aside_is_said_in_words(site: Path, tmp_path: Path) -> None:
    """A disk that fills as the issue is built aside (here: a limit on the size of a file) was
    Python's words, 'error: [Errno 27] File too large: '/tmp/digest-email-…/email.html'': it is
    why, then the file it could not write, and nothing is left in --output."""
    import os
    import resource
    import subprocess
    import sys

    def small_files() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (4096, resource.RLIM_INFINITY))

    out = tmp_path / "out"
    command = [sys.executable, "-m", "digest", "email", "Week 26", "-C", str(site), "--output", str(out)]
    env = {**os.environ, "PYTHONPATH": str(REPO), "PYTHONDONTWRITEBYTECODE": "1"}
    done = subprocess.run(command, env=env, capture_output=True, text=True, preexec_fn=small_files)
    assert done.returncode == 1
    assert re.search(r"^error: File too large \(/\S+\)$", done.stderr, re.MULTILINE), done.stderr
    assert "Errno" not in done.stderr
    assert not out.exists() or not any(out.iterdir())


@pytest.mark.parametrize(
    ("colour", "rule", "links"),
    [
        ("teal", "#008080", "#006d6e"),
        ("RebeccaPurple", "#663399", "#663399"),
        ("rgb(0 128 128)", "#008080", "#006d6e"),
        ("rgb(11, 92, 173)", "#0b5cad", "#0b5cad"),
        ("hsl(180 100% 25.1%)", "#008080", "#006d6e"),
        ("#0b5cad", "#0b5cad", "#0b5cad"),
        ("gold", "#ffd700", "#7e5700"),
        ("#ffff00", "#ffff00", "#696200"),
    ],
)
def test_the_email_takes_the_sites_accent_colour_however_css_names_it(
    site: Path, cli: Callable[..., CliResult], colour: str, rule: str, links: str
) -> None:
    """A named colour (accent_color: teal), rgb() or hsl() is the site's accent, and the
    newsletter's too: its rules as chosen, in hex as every mail program reads it; its links
    the very colour of the site's links (a light one darkened until it reads on the note's
    paper at 4.5:1), not a shade of its own."""
    config = site / "digest.yaml"
    config.write_text(config.read_text().replace("theme: default\n", f'theme:\n  accent_color: "{colour}"\n'))
    result = cli("build", "-C", site)
    assert result.code == 0, result.err
    html = (site / "public/digests/week-26/email.html").read_text()
    assert f"border-top: 6px solid {rule}" in html
    assert f"color: {links};" in html
    assert "#b42318" not in html
    assert f"--accent: {links};" in (site / "public/index.html").read_text()
    for paper in ("#ffffff", "#faf6ef"):  # the issue's and a note's backgrounds
        assert f"background: {paper}" in html
        assert contrast(links, paper) >= 4.5, paper


def contrast(one: str, other: str) -> float:
    """WCAG's contrast ratio of two hex colours (``#rrggbb``)."""
    return contrast_ratio(*([int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)] for colour in (one, other)))


@pytest.mark.parametrize(
    ("config", "dark"),
    [
        ("", "#ff8f85"),
        ('theme:\n  accent_color: "teal"\n', "#8cc6c6"),
        ('theme:\n  accent_color: "#0b5cad"\n', "#91b6da"),
        ('theme:\n  accent_color: "navy"\n', "#8c8cc6"),
        ('theme:\n  accent_color: "gold"\n', "#ffed8c"),
    ],
)
def test_the_emails_dark_mode_links_follow_the_sites_accent(
    site: Path, cli: Callable[..., CliResult], config: str, dark: str
) -> None:
    """In a mail program's dark mode the links and kickers are the site's accent lightened as
    the site's own dark pages make it (45% of it in white), readable on the note's dark paper:
    they were the theme's own light red whatever the accent."""
    if config:
        digest_yaml = site / "digest.yaml"
        digest_yaml.write_text(digest_yaml.read_text().replace("theme: default\n", config))
    assert cli("build", "-C", site).code == 0
    html = (site / "public/digests/week-26/email.html").read_text()
    [dark_rules] = re.findall(r"@media \(prefers-color-scheme: dark\) \{(.*?)\n\s*\}\s*</style>", html, re.DOTALL)
    assert f".source a, .eyebrow a {{ color: {dark} !important; }}" in dark_rules
    if config:
        assert "#ff8f85" not in html
    for paper in ("#1c1c1c", "#26231f"):  # the issue's and a note's dark backgrounds
        assert paper in dark_rules
        assert contrast(dark, paper) >= 4.5, paper
