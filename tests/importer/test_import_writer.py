"""The writer: fixed field order, safe YAML, files that load back to exactly what was imported."""

from __future__ import annotations

import string
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from digest.frontmatter import FORBIDDEN_CHARACTERS, parse_document
from digest.importer.convert import escape_raw_html, escape_text, render_fragment
from digest.importer.record import ImportedArticle
from digest.importer.writer import (
    article_filename,
    render_article_file,
    render_fields,
    render_front_matter,
    write_text_atomic,
)
from digest.model import FILE_SLUG_LIMIT, open_directions

FULL = ImportedArticle(
    title='Erdoğan: "No retreat" on S-400 — yes, really',
    body="First paragraph.\n\nSecond paragraph with *emphasis*.",
    origin="scrape.txt",
    date="2019-06-27T10:15:00+03:00",
    date_inferred=True,
    topics=("Turkey", "Defence: Air", "yes", "2019"),
    section="News",
    author="Jane Doe",
    source_name="Press TV",
    source_url="https://www.presstv.ir/Detail/2019/06/27/599456?a=1&b=2",
    image_src="https://example.org/s400.jpg",
    image_caption="This image shows # a caption: with colons",
    image_credit="AFP",
    summary="US officials have warned Turkey…",
)
PROVENANCE = {"from": "scrape.txt", "at": "2024-07-01T12:00:00Z"}


def test_fields_come_in_a_fixed_order() -> None:
    text = render_article_file(FULL, PROVENANCE)
    keys = [line.split(":", 1)[0] for line in text.split("---\n")[1].splitlines()]
    order = ["title", "date", "date_inferred", "topics", "section", "author", "source", "image", "summary", "imported"]
    assert keys == order


def test_the_written_file_loads_back_to_exactly_the_imported_fields() -> None:
    document = parse_document(render_article_file(FULL, PROVENANCE), "x.md")
    meta = dict(document.meta)
    imported = meta.pop("imported")
    assert meta == render_fields(FULL)
    assert meta["topics"] == ["Turkey", "Defence: Air", "yes", "2019"]  # strings, whatever they look like
    assert meta["date"] == "2019-06-27T10:15:00+03:00"
    assert meta["source"] == {"name": "Press TV", "url": FULL.source_url}
    assert imported["from"] == "scrape.txt" and imported["at"] == "2024-07-01T12:00:00Z"
    assert len(imported["hash"]) == 16 and "text" not in imported  # too short a body for a fingerprint
    assert document.body.strip() == FULL.body


def test_empty_optional_fields_are_left_out() -> None:
    bare = ImportedArticle(title="Only a title", body="Text.", origin="x", date="2024-01-01", topics=("A",))
    assert render_fields(bare) == {"title": "Only a title", "date": "2024-01-01", "topics": ["A"]}


def test_yaml_is_written_with_unicode_as_text_and_quotes_only_where_needed() -> None:
    front = render_front_matter(
        {
            "title": "İstanbul’da “seçim”",
            "topics": ["Türkiye", "Middle East", "null", "1.5", "a, b", "x: y"],
            "author": "Ayşe Yılmaz",
        }
    )
    assert front == (
        'title: "İstanbul’da “seçim”"\n'
        'topics: [Türkiye, Middle East, "null", "1.5", "a, b", "x: y"]\n'
        "author: Ayşe Yılmaz\n"
    )


YAML_TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",)) | st.sampled_from([*string.punctuation, "\u2028"]),
    min_size=1,
    max_size=40,
).filter(
    # Control characters are refused in front matter, and so is a direction control left open
    # (the importer closes those before it writes: safety.make_safe).
    lambda text: not FORBIDDEN_CHARACTERS.search(text) and not open_directions(text)
)


@settings(max_examples=300, deadline=None)
@given(title=YAML_TEXT, topic=YAML_TEXT, name=YAML_TEXT)
def test_any_text_round_trips_through_the_front_matter(title: str, topic: str, name: str) -> None:
    fields = {"title": title, "date": "2024-01-01", "topics": [topic], "source": {"name": name}}
    meta = parse_document(f"---\n{render_front_matter(fields)}---\nBody\n", "x.md").meta
    assert meta == fields


def test_file_names_are_date_and_slug() -> None:
    assert article_filename(FULL) == "2019-06-27-erdogan-no-retreat-on-s-400-yes-really.md"
    assert article_filename(FULL, 2) == "2019-06-27-erdogan-no-retreat-on-s-400-yes-really-2.md"


def test_long_slugs_are_cut_at_a_word_boundary() -> None:
    long = ImportedArticle(title="word " * 40 + "end", body="x", origin="x", date="2024-01-01")
    slug = article_filename(long).removeprefix("2024-01-01-").removesuffix(".md")
    assert len(slug) <= FILE_SLUG_LIMIT and slug.endswith("word") and "--" not in slug


def test_a_title_in_another_script_gets_a_transliterated_slug() -> None:
    russian = ImportedArticle(title="Москва и Анкара", body="x", origin="x", date="2024-01-01")
    assert article_filename(russian) == "2024-01-01-moskva-i-ankara.md"
    arabic = ImportedArticle(title="تركيا", body="x", origin="x", date="2024-01-01")
    assert article_filename(arabic) == "2024-01-01-trky.md"


def test_a_title_without_letters_still_gets_a_slug() -> None:
    marks = ImportedArticle(title="« ! »", body="x", origin="x", date="2024-01-01")
    assert article_filename(marks).startswith("2024-01-01-article-")


def test_atomic_write_leaves_no_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "content" / "articles" / "a.md"
    write_text_atomic(target, "one\n")
    write_text_atomic(target, "two\n")
    assert target.read_text(encoding="utf-8") == "two\n"
    assert [path.name for path in target.parent.iterdir()] == ["a.md"]


def test_an_imported_file_has_the_mode_of_any_new_file_and_an_updated_one_keeps_its_own(tmp_path: Path) -> None:
    """Written through a temporary file, an article was readable by its owner alone (0600):
    a build run as another user (a web server's, a CI job's) could not read it."""
    import os
    import stat

    umask = os.umask(0o022)
    try:
        target = tmp_path / "content" / "articles" / "a.md"
        write_text_atomic(target, "one\n")
        assert stat.S_IMODE(target.stat().st_mode) == 0o644
        target.chmod(0o664)  # (a file of a shared repository, group-writable)
        write_text_atomic(target, "two\n")
        assert stat.S_IMODE(target.stat().st_mode) == 0o664
    finally:
        os.umask(umask)


@pytest.mark.parametrize(
    "text",
    [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "a <b>bold</b> claim",
        "<https://example.org>",
        "&lt;script&gt; stays as written",
        "# not a heading",
        "> not a quote",
        "- not a list",
        "1. not a list",
        "2019. A year to remember",
        "*not emphasis* and _not either_ but snake_case_name stays",
        "[not a link](https://example.org)",
        "`not code` and a back\\slash",
        "===",
    ],
)
def test_escaped_text_renders_as_exactly_that_text(text: str) -> None:
    rendered = MarkdownIt("commonmark", {"html": True}).render(escape_text(text))
    assert rendered == f"<p>{_html_escape(text)}</p>\n"


def _html_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def test_raw_html_in_markdown_from_elsewhere_is_escaped_outside_code() -> None:
    markdown = "Text <script>x</script> and `<code>` kept.\n\n```\n<pre> stays\n```\n\nAlready \\< escaped."
    escaped = escape_raw_html(markdown)
    assert escaped == "Text \\<script>x\\</script> and `<code>` kept.\n\n```\n<pre> stays\n```\n\nAlready \\< escaped."
    assert "<script>" not in MarkdownIt("commonmark", {"html": True}).render(escaped)


def test_html_fragments_become_markdown() -> None:
    fragment = (
        '<h2>Why</h2><p>Some <b>bold</b>, <i>italic</i> and <a href="https://x.org/a b">a link</a>.</p>'
        "<ul><li>one</li><li>two <em>2</em></li></ul><ol><li>first</li><li>second</li></ol>"
        "<blockquote><p>Quoted.</p></blockquote><p>3 &lt; 4<script>alert(1)</script><br>next line</p>"
        '<p><a href="javascript:alert(1)">bad link</a></p>'
    )
    assert render_fragment(fragment) == (
        "## Why\n\n"
        "Some **bold**, *italic* and [a link](https://x.org/a%20b).\n\n"
        "- one\n- two *2*\n\n"
        "1. first\n2. second\n\n"
        "> Quoted.\n\n"
        "3 \\< 4\n\n"
        "next line\n\n"
        "bad link"
    )


def test_ctrl_c_while_an_article_is_written_leaves_no_temporary_file(tmp_path: Path) -> None:
    """Interrupts at random moments of many writes: each write is whole or not there, and no
    '.name.md.XXXX.tmp' is left in content/articles/ (nothing removes them later)."""
    import os
    import random
    import signal
    import threading
    import time

    from digest.importer.writer import write_text_atomic

    interrupted = 0
    for number in range(300):
        timer = threading.Timer(random.uniform(0.00001, 0.0004), lambda: os.kill(os.getpid(), signal.SIGINT))
        try:
            timer.start()
            write_text_atomic(tmp_path / f"{number % 20}.md", "---\ntitle: x\n---\n" + "body " * 2000)
            timer.join()
            time.sleep(0.001)  # (an interrupt after the write is held no longer)
        except KeyboardInterrupt:
            interrupted += 1
            timer.join()
    assert interrupted > 0
    assert [path.name for path in tmp_path.iterdir() if path.name.endswith(".tmp")] == []
    assert all(path.read_text().startswith("---\ntitle: x\n---\n") for path in tmp_path.glob("*.md"))
