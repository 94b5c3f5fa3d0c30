"""Page dependencies recorded while templates render, the build store, and the one build path.

Every incremental build here is compared with a clean build of a copy of the site: from the
command line (a new Builder, or the real CLI, reading the build store) and from a long-lived
builder as ``digest serve`` runs it (state in memory, its own output folder, told of changes).
"""

from __future__ import annotations

import contextlib
import gc
import json
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import weakref
from collections.abc import Callable
from pathlib import Path

import pytest

from digest.build import Builder, BuildOptions
from digest.cache import CACHE_DIR, CHUNKS, STORE_FILE, BuildStore, pages_reading
from digest.deps import Readers, records_read, stale_pages
from digest.errors import BuildFailed
from tests.conftest import article, run_cli, snapshot
from tests.test_incremental import SiteEditor, clean_build

# A site theme that shows body-derived fields (word count, reading time, summary, body HTML)
# on every kind of page; feeds show whole bodies (``feeds: {content: full}``).
BODY_THEME = {
    "templates/topic.html": (
        '{% extends "base.html" %}{% block content %}<h1>{{ topic.name }}</h1>'
        "{% for a in articles %}<p>{{ a.title }} {{ a.word_count }} words, {{ a.reading_time }} min: "
        "{{ a.summary }}</p>{{ a.body_html|html }}{% endfor %}{% endblock %}"
    ),
    "templates/index.html": (
        '{% extends "base.html" %}{% block content %}'
        "{% for a in latest_articles %}<p>{{ a.title }} {{ a.word_count }}</p>{{ a.body_html|html }}{% endfor %}"
        "{% for d in latest_digests %}<h2>{{ d.title }}</h2>"
        "{% for pick in d.picks %}<p>{{ pick.article.word_count }} {{ pick.article.summary }}</p>{% endfor %}"
        "{% endfor %}{% endblock %}"
    ),
    "templates/archive.html": (
        '{% extends "base.html" %}{% block content %}{% for month in months %}<h2>{{ month.label }}</h2>'
        "{% for a in month.articles %}<p>{{ a.title }} {{ a.reading_time }} {{ a.word_count }}</p>{% endfor %}"
        "{% endfor %}{% endblock %}"
    ),
    "templates/digest.html": (
        '{% extends "base.html" %}{% block content %}<h1>{{ digest.title }}</h1>'
        "{% for pick in digest.picks %}<p>{{ pick.article.title }}: {{ pick.article.word_count }} words</p>"
        "{{ pick.article.body_html|html }}{% endfor %}{% endblock %}"
    ),
    "templates/email.html": (
        "<html><head><style>p { color: red }</style></head><body><h1>{{ digest.title }}</h1>"
        "{% for pick in digest.picks %}<p>{{ pick.article.title }} {{ pick.article.word_count }}</p>"
        "{{ pick.article.body_html|html }}{% endfor %}</body></html>"
    ),
    "templates/email.txt": (
        "{{ digest.title }}\n{% for pick in digest.picks %}{{ pick.article.title }} "
        "{{ pick.article.word_count }} {{ pick.article.reading_time }}\n{{ pick.article.summary }}\n{% endfor %}"
    ),
}

BODY_THEME["templates/page.html"] = (  # a content page's own front matter fields, both ways
    '{% extends "base.html" %}{% block content %}<p>{{ page.extra.subtitle }}</p>'
    "<p>{{ content.extra.subtitle }}</p>{{ content.body_html|html }}{% endblock %}"
)

PREVIEW_PATHS = ("pagefind/",)  # the preview indexes aside; its output has the pages only


def preview_builder(site: Path, output: Path) -> Builder:
    """A builder as ``digest serve`` makes it: state in memory, its own output folder."""
    return Builder(site, BuildOptions(output=output, search=False, persist=False, private_output=True))


def without_index(files: dict[str, bytes] | None) -> dict[str, bytes] | None:
    if files is None:
        return None
    return {path: data for path, data in files.items() if not path.startswith(PREVIEW_PATHS)}


def built(builder: Builder, output: Path, changed: list[Path] | None = None) -> dict[str, bytes] | None:
    try:
        builder.build(changed=changed)
    except BuildFailed:
        return None
    return snapshot(output)


def picked_site(tmp_path: Path, template: str) -> tuple[Path, Path]:
    site = tmp_path / "site"
    files = {
        "content/articles/2024-03-01-picked.md": article("Picked", body="One two three."),
        "content/articles/2024-03-02-other.md": article("Other", body="Four five."),
        "content/digests/2024-03-05-week.md": (
            "---\ntitle: Week\ndate: 2024-03-05\npicks:\n  - article: picked\n    note: Why.\n---\nIntro.\n"
        ),
        "templates/digest.html": template,
        "digest.yaml": 'title: T\nbase_url: "https://example.org/"\nsearch: false\n',
    }
    for name, text in files.items():
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_text(text)
    return site, site / "content/articles/2024-03-01-picked.md"


WORD_COUNT_TEMPLATE = (
    '{% extends "base.html" %}{% block content %}'
    "{% for pick in digest.picks %}<p class=count>{{ pick.article.word_count }}</p>{% endfor %}{% endblock %}"
)


def test_a_digest_template_showing_word_counts_stays_current_on_the_command_line(tmp_path: Path) -> None:
    site, picked = picked_site(tmp_path, WORD_COUNT_TEMPLATE)
    page = site / "public/digests/week/index.html"
    assert run_cli("build", "-C", site).code == 0
    assert "<p class=count>3</p>" in page.read_text()
    picked.write_text(article("Picked", body="One two three four five six seven."))
    assert run_cli("build", "-C", site).code == 0
    assert "<p class=count>7</p>" in page.read_text()
    assert snapshot(site / "public") == clean_build(site, tmp_path / "clean")


def test_a_digest_template_showing_word_counts_stays_current_in_the_preview(tmp_path: Path) -> None:
    site, picked = picked_site(tmp_path, WORD_COUNT_TEMPLATE)
    output = tmp_path / "preview"
    builder = preview_builder(site, output)
    builder.build()
    assert "<p class=count>3</p>" in (output / "digests/week/index.html").read_text()
    for words in (7, 2, 12):
        picked.write_text(article("Picked", body=" ".join(["word"] * words)))
        builder.build(changed=[picked])
        assert f"<p class=count>{words}</p>" in (output / "digests/week/index.html").read_text()
        assert snapshot(output) == without_index(clean_build(site, tmp_path / "clean"))


def test_a_cached_block_showing_word_counts_stays_current(tmp_path: Path) -> None:
    """An archive copied from the default theme, its months kept with ``{% cache month.key %}``,
    that shows each article's word count: a body edit that leaves the summary and reading
    time as they were (so ``month.key``) shows the new count, on the command line and in the
    preview, where the block's fields have their old values no more."""
    site, picked = picked_site(tmp_path, WORD_COUNT_TEMPLATE)
    (site / "templates/archive.html").write_text(
        '{% extends "base.html" %}{% block content %}{% for month in months %}{% cache month.key %}'
        "{% for a in month.articles %}<p class=words>{{ a.title }} {{ a.word_count }}</p>{% endfor %}"
        "{% endcache %}{% endfor %}{% endblock %}"
    )
    preview = preview_builder(site, tmp_path / "preview")
    preview.build()
    assert run_cli("build", "-C", site).code == 0
    for words in (5, 9):
        picked.write_text(article("Picked", body="One two three.\n\n" + " ".join(["more"] * (words - 3))))
        assert run_cli("build", "-C", site).code == 0
        assert f"<p class=words>Picked {words}</p>" in (site / "public/archive/index.html").read_text()
        expected = clean_build(site, tmp_path / "clean")
        assert snapshot(site / "public") == expected
        assert built(preview, tmp_path / "preview", [picked]) == without_index(expected)


def test_a_body_edit_renders_only_the_pages_that_show_that_body(tmp_path: Path) -> None:
    """Field by field: a theme that shows word counts on topic pages re-renders those for a
    body edit, and nothing that shows only the article's title."""
    site, picked = picked_site(tmp_path, WORD_COUNT_TEMPLATE)
    (site / "templates/topic.html").write_text(BODY_THEME["templates/topic.html"])
    builder = Builder(site, BuildOptions(jobs=1))
    builder.build()
    picked.write_text(article("Picked", body="One two three.\n\nA second paragraph."))  # the same summary
    result = Builder(site, BuildOptions(jobs=1)).build()
    assert sorted(result.written) == [
        "articles/picked/index.html",
        "digests/week/index.html",
        "topics/turkey/index.html",
    ]
    # nothing else: the front page shows the article's reading time, which is the same here
    assert result.rendered == len(result.written)
    assert snapshot(site / "public") == clean_build(site, tmp_path / "clean")


def test_the_sites_collections_named_alone_in_any_template_stay_current(tmp_path: Path) -> None:
    """``articles``, ``topics``, ``digests`` and ``pages`` are the site's wherever a page has
    none of its own (a topic's page keeps its own articles): an about page listing every
    article's title and word count shows each edit, on the command line and in the preview,
    and only the pages naming them are rendered again for it."""
    site, picked = picked_site(tmp_path, WORD_COUNT_TEMPLATE)
    (site / "content/pages").mkdir(parents=True)
    (site / "content/pages/about.md").write_text("---\ntitle: About\n---\nAbout us.\n")
    (site / "templates/page.html").write_text(
        '{% extends "base.html" %}{% block content %}'
        "{% for a in articles %}<p class=a>{{ a.title }} {{ a.word_count }}</p>{% endfor %}"
        "<p class=n>{{ topics|length }} {{ digests|length }} {{ pages|length }}</p>{% endblock %}"
    )
    (site / "templates/topic.html").write_text(
        '{% extends "base.html" %}{% block content %}{% for a in articles %}<p class=t>{{ a.title }}</p>'
        "{% endfor %}{% endblock %}"
    )
    (site / "content/articles/2024-03-03-elsewhere.md").write_text(article("Elsewhere", topics="Greece", body="Six."))
    about = site / "public/about/index.html"
    preview = preview_builder(site, tmp_path / "preview")
    preview.build()
    assert run_cli("build", "-C", site).code == 0
    assert "<p class=a>Elsewhere 1</p><p class=a>Other 2</p><p class=a>Picked 3</p>" in about.read_text()
    assert "<p class=n>2 1 1</p>" in about.read_text()
    assert "Elsewhere" not in (site / "public/topics/turkey/index.html").read_text()  # the topic's own
    picked.write_text(article("Picked up", body="One two three four five six seven."))
    assert run_cli("build", "-C", site).code == 0
    assert "<p class=a>Picked up 7</p>" in about.read_text()
    expected = clean_build(site, tmp_path / "clean")
    assert snapshot(site / "public") == expected
    assert built(preview, tmp_path / "preview", [picked]) == without_index(expected)


def test_the_store_tells_which_pages_read_a_field(tmp_path: Path) -> None:
    site, _ = picked_site(tmp_path, WORD_COUNT_TEMPLATE)
    assert run_cli("build", "-C", site).code == 0
    rid = "a:content/articles/2024-03-01-picked.md"
    assert "digests/week/index.html" in pages_reading(site, rid, "word_count")
    assert "digests/week/index.html" not in pages_reading(site, rid, "title")
    titles = pages_reading(site, rid, "title")
    assert {"articles/picked/index.html", "index.html", "archive/index.html", "topics/turkey/index.html"} <= set(titles)
    assert "feed.xml" in titles  # feeds read records as templates do
    assert pages_reading(site, "a:content/articles/2024-03-01-nowhere.md") == []
    # A row that does not verify is not taken at its word.
    with contextlib.closing(sqlite3.connect(site / CACHE_DIR / STORE_FILE)) as connection, connection:
        connection.execute(
            "UPDATE pages SET reads = reads || '\n' || ? || '\ttitle\tx\n' WHERE path = '404.html'", (rid,)
        )
    assert "404.html" not in pages_reading(site, rid, "title")
    assert set(pages_reading(site, rid, "title")) == set(titles)


def test_the_default_archive_reads_only_what_it_lists(tmp_path: Path) -> None:
    """The archive links each month to its page of the year; finding that page must not
    compare months (and so every field of their articles), or a body edit would render the
    whole archive again."""
    site, _ = picked_site(tmp_path, WORD_COUNT_TEMPLATE)
    assert run_cli("build", "-C", site).code == 0
    rid = "a:content/articles/2024-03-01-picked.md"
    assert "archive/index.html" in pages_reading(site, rid, "title")
    for name in ("body", "body_html", "word_count", "reading_time", "summary"):
        assert "archive/index.html" not in pages_reading(site, rid, name), name


def test_an_article_added_to_one_year_updates_the_counts_on_the_other_years_pages(tmp_path: Path) -> None:
    """Every archive page shows how many articles each year has: adding one to an older year
    changes the newest year's pages too, as a clean build shows."""
    site, _ = picked_site(tmp_path, WORD_COUNT_TEMPLATE)
    articles = site / "content/articles"
    (articles / "2022-05-01-old.md").write_text(article("Old", date="2022-05-01"))
    assert run_cli("build", "-C", site).code == 0
    (articles / "2022-06-01-older.md").write_text(article("Older", date="2022-06-01"))
    assert run_cli("build", "-C", site).code == 0
    assert snapshot(site / "public") == without_index(clean_build(site, tmp_path / "clean"))


def themed_site(site: Path, rng: random.Random, extra_config: str, theme: dict[str, str] = BODY_THEME) -> SiteEditor:
    """A site with ``theme``'s templates (by default ``BODY_THEME``: body-derived fields
    everywhere), eight articles and an issue."""
    (site / "content/articles").mkdir(parents=True)
    (site / "content/digests").mkdir(parents=True)
    for name, text in theme.items():
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_text(text)
    editor = SiteEditor(site, rng, extra_config=extra_config)
    editor.edit_config()
    for _ in range(8):
        editor.add_article()
    editor.write_digest()
    return editor


@pytest.mark.parametrize("seed", [4, 5])
def test_a_theme_showing_body_fields_everywhere_stays_exact(tmp_path: Path, seed: int) -> None:
    """Random edits to a site whose theme shows body-derived fields on topic, index, archive,
    digest, feed and email pages: after every step, a command-line build and the preview's
    long-lived builder both give the output of a clean build."""
    rng = random.Random(seed)
    site = tmp_path / "site"
    editor = themed_site(site, rng, "feeds: {content: full}\n")
    preview = preview_builder(site, tmp_path / "preview")
    editor.changed_files()
    history = []
    for step in range(24):
        history.append(editor.step() if step % 3 else editor.edit_body())
        changed = editor.changed_files()
        expected = clean_build(site, tmp_path / "clean")
        from_cli = built(Builder(site, BuildOptions(jobs=1)), site / "public")
        from_preview = built(preview, tmp_path / "preview", changed)
        assert from_cli == expected, (step, history)
        assert from_preview == without_index(expected), (step, history)


def test_the_preview_finds_the_pages_a_change_may_have_made_stale_as_a_look_at_every_page_does(
    tmp_path: Path,
) -> None:
    """The preview's index of which pages read each record, followed from build to build,
    names the same pages as one made afresh from the pages' reads, and the pages it finds
    stale for any record are those a look at every page's reads finds."""
    rng = random.Random(7)
    site = tmp_path / "site"
    editor = themed_site(site, rng, "")
    preview = preview_builder(site, tmp_path / "preview")
    editor.changed_files()
    looked = 0
    for step in range(12):
        editor.step() if step % 3 else editor.edit_body()
        if built(preview, tmp_path / "preview", editor.changed_files()) is None:
            continue
        looked += 1
        assert preview.state is not None
        pages = preview.state.pages
        afresh = Readers()
        afresh.follow(pages)
        assert preview.readers.pages is pages
        rids = {rid for record in pages.values() for rid in records_read(record.reads)}
        assert rids, step
        for rid in rids:
            assert preview.readers.reading({rid}) == afresh.reading({rid}), (step, rid)
            assert preview.readers.reading({rid}) == {
                path for path, record in pages.items() if rid in records_read(record.reads)
            }
        records = {rid: object() for rid in rids}  # every record another: stale wherever read
        prints = preview.renderer.prints if preview.renderer is not None else None
        assert prints is not None
        some = set(rng.sample(sorted(rids), min(3, len(rids))))
        assert stale_pages(pages, some, records, prints, preview.readers) == stale_pages(
            pages, some, records, prints, None
        )
        assert stale_pages(pages, some, records, prints, None) == preview.readers.reading(some)
    assert looked >= 6


# A site theme that shows every field and property of every record, and every field of the
# ``page`` and ``site`` variables, on every kind of page.
_EVERY_FIELD_MACROS = (
    "{% macro art(a) %}<li>{{ a.path }}|{{ a.slug }}|{{ a.title }}|{{ a.date }}|{{ a.topics }}|{{ a.summary }}|"
    "{{ a.section }}|{{ a.source }}|{{ a.image }}|{{ a.author }}|{{ a.language }}|{{ a.tags }}|{{ a.draft }}|"
    "{{ a.word_count }}|{{ a.date_inferred }}|{{ a.extra }}|{{ a.url }}|{{ a.reading_time }}|{{ a.body_html|length }}|"
    "{{ a.link_urls }}|{{ a.updated }}|{{ a.updated_after_its_day }}</li>{% endmacro %}"
    "{% macro dig(d) %}<li>{{ d.path }}|{{ d.slug }}|{{ d.title }}|{{ d.date }}|{{ d.intro_html }}|{{ d.summary }}|"
    "{{ d.draft }}|{{ d.extra }}|{{ d.url }}|{% for p in d.picks %}[{{ p.note_html }} {{ art(p.article) }}]{% endfor %}"
    "</li>{% endmacro %}"
    "{% macro top(t) %}<li>{{ t.name }}|{{ t.slug }}|{{ t.description_html }}|{{ t.description_path }}|{{ t.url }}|"
    "{{ t.count }}|{% for a in t.articles %}{{ a.title }} {{ a.word_count }};{% endfor %}</li>{% endmacro %}"
    "{% macro mon(m) %}<li>{{ m.year }}|{{ m.month }}|{{ m.label }}|{{ m.anchor }}|{{ m.key }}|"
    "{% for a in m.articles %}{{ a.title }} {{ a.reading_time }};{% endfor %}</li>{% endmacro %}"
    "{% macro pg(p) %}<li>{{ p.path }}|{{ p.slug }}|{{ p.title }}|{{ p.body_html }}|{{ p.date }}|{{ p.extra }}|"
    "{{ p.url }}</li>{% endmacro %}"
)


def _every_field_page(body: str) -> str:
    head = '{% extends "base.html" %}{% import "_fields.html" as x with context %}{% block content %}'
    return f"{head}{body}{{% endblock %}}"


EVERY_FIELD_THEME = {
    "templates/_fields.html": _EVERY_FIELD_MACROS,
    "templates/base.html": (
        '<!doctype html><html lang="{{ lang }}"><head><title>{{ page.title }}</title></head><body>'
        "<p>{{ page.kind }}|{{ page.title }}|{{ page.url }}|{{ page.description }}|{{ page.feed }}|"
        "{{ page.feed_title }}|{{ page.extra }}</p><p>{{ site.title }} {{ site.articles|length }} "
        "{{ site.topics|length }} {{ site.digests|length }} {{ site.pages|length }} {{ site.archive|length }}</p>"
        "{% block content %}{% endblock %}</body></html>"
    ),
    "templates/article.html": _every_field_page(
        "{{ x.art(article) }}{% for r in related %}{{ x.art(r) }}{% endfor %}"
        "{% for d, p in picked_in %}{{ x.dig(d) }}{{ p.note_html }}{{ x.art(p.article) }}{% endfor %}"
    ),
    "templates/topic.html": _every_field_page(
        "{{ x.top(topic) }}{% for a in articles %}{{ x.art(a) }}{% endfor %}{{ paginator.number }}/{{ paginator.pages }}"
    ),
    "templates/topics.html": _every_field_page("{% for t in topics %}{{ x.top(t) }}{% endfor %}"),
    "templates/index.html": _every_field_page(
        "{% for a in latest_articles %}{{ x.art(a) }}{% endfor %}{% for d in latest_digests %}{{ x.dig(d) }}{% endfor %}"
        "{% for t, items in latest_by_topic %}{{ t }}:{% for a in items %}{{ a.title }}{% endfor %}{% endfor %}"
    ),
    "templates/archive.html": _every_field_page(
        "{% for y in years %}{{ y.year }} {{ y.count }};{% endfor %}{% for m in months %}{{ x.mon(m) }}{% endfor %}"
    ),
    "templates/digest.html": _every_field_page(
        "{{ x.dig(digest) }}{% if older %}{{ x.dig(older) }}{% endif %}{% if newer %}{{ x.dig(newer) }}{% endif %}"
    ),
    "templates/digests.html": _every_field_page("{% for d in digests %}{{ x.dig(d) }}{% endfor %}"),
    "templates/page.html": _every_field_page("{{ x.pg(content) }}"),
}


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_theme_showing_every_field_of_every_record_stays_exact(tmp_path: Path, seed: int) -> None:
    """Random edits to a site whose theme shows every field of every record (and of the
    ``page`` and ``site`` variables) on every kind of page: after every step, a command-line
    build and the preview's long-lived builder both give the output of a clean build."""
    rng = random.Random(seed)
    site = tmp_path / "site"
    editor = themed_site(site, rng, "search: false\n", EVERY_FIELD_THEME)
    preview = preview_builder(site, tmp_path / "preview")
    editor.changed_files()
    history = []
    rendered = 0  # steps that left a site that builds (a random edit may break it: then every build fails)
    for _ in range(20):
        history.append(editor.step())
        changed = editor.changed_files()
        expected = clean_build(site, tmp_path / "clean")
        rendered += expected is not None and "|" in expected["index.html"].decode()
        assert built(Builder(site, BuildOptions(jobs=1)), site / "public") == expected, history
        assert built(preview, tmp_path / "preview", changed) == without_index(expected), history
    assert rendered >= 10, history


def test_the_preview_and_the_command_line_on_one_site_leave_each_other_alone(tmp_path: Path) -> None:
    """A preview (in memory, its own output) and command-line builds (the store, public/)
    interleaved with edits, and a long-lived builder that keeps the store too: every output
    equals a clean build and the store verifies whole after each step."""
    rng = random.Random(8)
    site = tmp_path / "site"
    (site / "content/articles").mkdir(parents=True)
    (site / "content/digests").mkdir(parents=True)
    (site / "templates").mkdir()
    (site / "templates/digest.html").write_text(BODY_THEME["templates/digest.html"])
    editor = SiteEditor(site, rng)
    editor.edit_config()
    for _ in range(10):
        editor.add_article()
    editor.write_digest()
    preview = preview_builder(site, tmp_path / "preview")
    long_lived = Builder(site, BuildOptions(jobs=1))
    editor.changed_files()
    for step in range(16):
        what = rng.choice([editor.edit_body, editor.edit_title, editor.add_article, editor.write_digest])()
        changed = editor.changed_files()
        expected = clean_build(site, tmp_path / "clean")
        order = ["preview", "cli", "long-lived"]
        rng.shuffle(order)
        for who in order:
            if who == "preview":
                assert built(preview, tmp_path / "preview", changed) == without_index(expected), (step, what)
            elif who == "cli":
                assert run_cli("build", "-q", "-C", site).code == (0 if expected is not None else 1)
                assert expected is None or snapshot(site / "public") == expected, (step, what)
            else:
                assert expected is None or built(long_lived, site / "public") == expected, (step, what)
        if expected is None:
            continue
        stored = BuildStore(site).load()
        assert set(stored.pages) == set(expected) - {
            path
            for path in expected
            if path.startswith(("pagefind/", "static/")) or path in ("favicon.ico", ".digest-manifest")
        }


def flip_bit(path: Path, rng: random.Random) -> None:
    data = bytearray(path.read_bytes())
    position = rng.randrange(len(data))
    data[position] ^= 1 << rng.randrange(8)
    path.write_bytes(bytes(data))


def test_flipped_bits_in_the_store_never_give_a_wrong_page(tmp_path: Path) -> None:
    """One bit flipped anywhere in the store, 80 times, some with an edit besides: every
    build succeeds and equals a clean build."""
    rng = random.Random(12)
    site = tmp_path / "site"
    editor = themed_site(site, rng, "search: false\n")
    store = site / CACHE_DIR / STORE_FILE
    expected = clean_build(site, tmp_path / "clean")
    for trial in range(80):
        Builder(site, BuildOptions(jobs=1)).build()
        if trial % 8 == 7:
            editor.edit_body() if trial % 16 == 7 else editor.edit_title()
            expected = clean_build(site, tmp_path / "clean")
        flip_bit(store, rng)
        assert built(Builder(site, BuildOptions(jobs=1)), site / "public") == expected, trial


def test_a_store_from_another_site_or_garbage_means_a_full_build(tmp_path: Path) -> None:
    site, picked = picked_site(tmp_path, WORD_COUNT_TEMPLATE)
    other, _ = picked_site(tmp_path / "other", WORD_COUNT_TEMPLATE)
    (other / "content/articles/2024-03-01-picked.md").write_text(article("Foreign", body="Not this one."))
    assert run_cli("build", "-C", site).code == 0
    assert run_cli("build", "-C", other).code == 0
    shutil.copy(other / CACHE_DIR / STORE_FILE, site / CACHE_DIR / STORE_FILE)
    os.utime(site / "public/index.html", (1, 1))  # so that the build has something to look at
    assert run_cli("build", "-C", site).code == 0
    assert b"Foreign" not in b"".join(snapshot(site / "public").values())
    assert snapshot(site / "public") == clean_build(site, tmp_path / "clean")
    (site / CACHE_DIR / STORE_FILE).write_bytes(b"SQLite format 3\0" + os.urandom(3000))
    picked.write_text(article("Picked", body="Now longer than it was."))
    assert run_cli("build", "-C", site).code == 0
    assert snapshot(site / "public") == clean_build(site, tmp_path / "clean")


def test_an_earlier_versions_cache_files_go_when_the_store_is_made(tmp_path: Path) -> None:
    """Pickles and folders of bodies an earlier digest kept in .digest-cache/ were left there
    for good beside the store (for a big site, the size of its content)."""
    site, _ = picked_site(tmp_path, WORD_COUNT_TEMPLATE)
    cache = site / CACHE_DIR
    (cache / "bodies" / "ab").mkdir(parents=True)
    (cache / "bodies" / "ab" / "cd").write_bytes(b"old body")
    (cache / "templates").mkdir()
    for name in ("content.pickle", "state.pickle", "fragments.pickle"):
        (cache / name).write_bytes(b"old")
    assert run_cli("build", "-C", site).code == 0
    assert not {"bodies", "templates", "content.pickle", "state.pickle", "fragments.pickle"} & {
        path.name for path in cache.iterdir()
    }
    assert (cache / STORE_FILE).is_file()


def test_a_store_of_an_earlier_format_is_made_anew_and_keeps_the_next_builds_work(tmp_path: Path) -> None:
    """An earlier digest's store has tables of other columns: the first build after the
    upgrade is a full one, and what it does is kept (no warning, no table left as it was)."""
    site, picked = picked_site(tmp_path, WORD_COUNT_TEMPLATE)
    store = site / CACHE_DIR / STORE_FILE
    store.parent.mkdir()
    with contextlib.closing(sqlite3.connect(store)) as connection, connection:
        connection.execute(
            "CREATE TABLE pages (path TEXT PRIMARY KEY, key TEXT, reads TEXT, size INTEGER, mtime INTEGER, checksum BLOB)"
        )
        connection.execute("INSERT INTO pages VALUES ('index.html', 'k', '', 1, 2, x'00')")
    first = run_cli("build", "-C", site)
    assert first.code == 0 and "build store" not in first.err, first.err
    assert "content/articles/2024-03-01-picked.md" in BuildStore(site).load().files
    picked.write_text(article("Picked", body="Now longer than it was, by a few words."))
    second = run_cli("build", "-C", site)
    assert second.code == 0 and "build store" not in second.err, second.err
    assert snapshot(site / "public") == clean_build(site, tmp_path / "clean")


def test_the_store_is_one_queryable_database(tmp_path: Path) -> None:
    site, _ = picked_site(tmp_path, WORD_COUNT_TEMPLATE)
    assert run_cli("build", "-C", site).code == 0
    assert sorted(path.name for path in (site / CACHE_DIR).iterdir() if not path.name.startswith(STORE_FILE)) == []
    with sqlite3.connect(site / CACHE_DIR / STORE_FILE) as connection:
        bodies = {row[0] for row in connection.execute("SELECT path FROM bodies")}
        pages = {row[0] for row in connection.execute("SELECT path FROM pages")}
        chunks = connection.execute("SELECT count(*) FROM chunks").fetchone()[0]
    assert "content/articles/2024-03-01-picked.md" in bodies
    assert "digests/week/index.html" in pages
    assert "content/articles/2024-03-01-picked.md" in BuildStore(site).load().files
    assert 1 <= chunks <= CHUNKS


def test_the_single_process_path_equals_the_parallel_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.test_incremental import new_site

    site, _ = new_site(tmp_path, seed=9, articles=400, config="search: false\n")
    Builder(site, BuildOptions(jobs=2, clean=True, output=tmp_path / "forked")).build()

    def no_fork() -> int:
        raise AssertionError("forked where it must not")

    monkeypatch.setenv("DIGEST_NO_FORK", "1")
    monkeypatch.setattr(os, "fork", no_fork)
    Builder(site, BuildOptions(jobs=2, clean=True, output=tmp_path / "single")).build()
    monkeypatch.delenv("DIGEST_NO_FORK")
    import multiprocessing

    monkeypatch.setattr(multiprocessing, "get_all_start_methods", lambda: ["spawn"])  # as on Windows
    Builder(site, BuildOptions(jobs=2, clean=True, output=tmp_path / "spawn-only")).build()
    assert snapshot(tmp_path / "single") == snapshot(tmp_path / "forked")
    assert snapshot(tmp_path / "spawn-only") == snapshot(tmp_path / "forked")


def test_the_command_line_without_fork_builds_the_same_site(tmp_path: Path) -> None:
    from tests.test_incremental import new_site

    site, editor = new_site(tmp_path, seed=10, articles=250, config="search: false\n")
    env = {**os.environ, "DIGEST_NO_FORK": "1", "PYTHONPATH": str(Path(__file__).parent.parent)}
    command = [sys.executable, "-m", "digest", "build", "-q", "-C", str(site)]
    subprocess.run(command, check=True, env=env)
    editor.edit_body()
    subprocess.run(command, check=True, env=env)
    assert snapshot(site / "public") == clean_build(site, tmp_path / "clean")


def test_worker_processes_are_as_many_as_the_cores_the_process_may_use() -> None:
    """Pinned to one core (taskset, a container's --cpuset-cpus), a build forks no second worker
    to fight over it; unpinned, one per core."""
    code = "from digest.parallel import worker_count; print(worker_count(None))"
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parent.parent)}
    env.pop("DIGEST_NO_FORK", None)  # (which asks for one process whatever the cores)
    pinned = subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        preexec_fn=lambda: os.sched_setaffinity(0, {min(os.sched_getaffinity(0))}),
    )
    assert pinned.stdout.strip() == "1"
    free = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert free.stdout.strip() == str(len(os.sched_getaffinity(0)))


def test_a_preview_builds_after_the_store_was_removed_under_it(tmp_path: Path) -> None:
    """The preview never reads or writes the store: removing it changes nothing for it."""
    site, picked = picked_site(tmp_path, WORD_COUNT_TEMPLATE)
    output = tmp_path / "preview"
    builder = preview_builder(site, output)
    builder.build()
    assert not (site / CACHE_DIR / STORE_FILE).exists()
    assert run_cli("build", "-C", site).code == 0
    shutil.rmtree(site / CACHE_DIR)
    picked.write_text(article("Picked", body="Longer now, five words."))
    builder.build(changed=[picked])
    assert snapshot(output) == without_index(clean_build(site, tmp_path / "clean"))


def test_file_names_with_tabs_newlines_and_percent_signs_are_tracked(tmp_path: Path) -> None:
    site, _ = picked_site(tmp_path, WORD_COUNT_TEMPLATE)
    odd = [
        site / "content/articles" / name for name in ("2024-04-01-a\tb.md", "2024-04-02-c\nd.md", "2024-04-03-e%0Af.md")
    ]
    for number, path in enumerate(odd):
        path.write_text(article(f"Odd {number}", date=f"2024-04-0{number + 1}", body="Short."))
    assert run_cli("build", "-C", site).code == 0
    for number, path in enumerate(odd):
        path.write_text(article(f"Retitled {number}", date=f"2024-04-0{number + 1}", body="Longer than it was."))
        assert run_cli("build", "-C", site).code == 0
        assert snapshot(site / "public") == clean_build(site, tmp_path / "clean")


def test_a_long_lived_builder_keeps_its_memory_flat_over_hundreds_of_rebuilds(tmp_path: Path) -> None:
    """What the preview's builder holds after 300 rebuilds is what it held after 30: nothing
    of a finished build outlives the next (no frozen garbage, no growing memo).  Measured in a
    process of its own: tracemalloc counts every thread's allocations, and a thread another
    test left running here would be counted with the builder's."""
    site, picked = picked_site(tmp_path, WORD_COUNT_TEMPLATE)
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parent.parent)}
    script = [sys.executable, "-c", MEMORY_SCRIPT, str(site), str(picked), str(tmp_path / "preview")]
    measured = json.loads(subprocess.run(script, check=True, env=env, capture_output=True, text=True).stdout)
    held, objects = measured["held"], measured["objects"]  # by run ("30", "300")
    assert objects["300"] <= objects["30"] + 50, objects  # no objects pile up
    assert held["300"] - held["30"] < 64 * 1024, held  # nor memory (a build of this site allocates megabytes)


def test_a_content_pages_own_fields_shown_as_page_extra_stay_current(tmp_path: Path) -> None:
    """``page.extra`` on a content page (the README's name for its own front matter fields)
    comes with the page's ``page`` variable, not through a record: it is part of the page's
    key, so an edit of the field shows on the command line and in the preview."""
    site, _ = picked_site(tmp_path, WORD_COUNT_TEMPLATE)
    about = site / "content/pages/about.md"
    about.parent.mkdir(parents=True)
    (site / "templates/page.html").write_text(
        '{% extends "base.html" %}{% block content %}<p class=sub>{{ page.extra.subtitle }}</p>{% endblock %}'
    )
    output = tmp_path / "preview"
    builder = preview_builder(site, output)
    for subtitle in ("First", "Second", "Third"):
        about.write_text(f"---\ntitle: About\nsubtitle: {subtitle}\n---\nWho we are.\n")
        assert run_cli("build", "-C", site).code == 0
        assert f"<p class=sub>{subtitle}</p>" in (site / "public/about/index.html").read_text()
        builder.build(changed=None if subtitle == "First" else [about])
        assert f"<p class=sub>{subtitle}</p>" in (output / "about/index.html").read_text()
    assert snapshot(site / "public") == clean_build(site, tmp_path / "clean")


def test_a_topic_description_file_renamed_shows_on_the_topic_page(tmp_path: Path) -> None:
    """Every field of a topic is part of its version, the path of its description file too."""
    site, _ = picked_site(tmp_path, WORD_COUNT_TEMPLATE)
    (site / "templates/topic.html").write_text(
        '{% extends "base.html" %}{% block content %}<p class=from>{{ topic.description_path }}</p>{% endblock %}'
    )
    (site / "content/topics").mkdir()
    described = site / "content/topics/turkey.md"
    described.write_text("---\ntitle: Turkey\n---\nAbout Turkey.\n")
    assert run_cli("build", "-C", site).code == 0
    assert "<p class=from>content/topics/turkey.md</p>" in (site / "public/topics/turkey/index.html").read_text()
    described.rename(site / "content/topics/Turkey.md")
    assert run_cli("build", "-C", site).code == 0
    assert "<p class=from>content/topics/Turkey.md</p>" in (site / "public/topics/turkey/index.html").read_text()
    assert snapshot(site / "public") == clean_build(site, tmp_path / "clean")


def test_a_page_rendered_in_this_process_leaves_no_cycle_holding_the_content(tmp_path: Path) -> None:
    """Jinja keeps a template's context in reference cycles (macros imported with context).
    What a page was shown must not keep the content model alive through them: a build's
    records go with its builder, not at a pass of the cycle collector (which a command-line
    build otherwise pays as its process ends, over every record)."""
    site, picked = picked_site(tmp_path, WORD_COUNT_TEMPLATE)
    assert Builder(site, BuildOptions(jobs=1)).build().rendered > 0
    picked.write_text(article("Picked", body="Five words in it now."))
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        builder = Builder(site, BuildOptions(jobs=1))
        assert "articles/picked/index.html" in builder.build().written
        records = [weakref.ref(record) for record in (*builder.site.articles, *builder.site.topics)]
        del builder
        assert records and [ref() for ref in records if ref() is not None] == []
    finally:
        if was_enabled:
            gc.enable()


MEMORY_SCRIPT = """
import gc, json, sys, tracemalloc
from pathlib import Path
from tests.conftest import article
from tests.test_dependencies import preview_builder

site, picked, output = map(Path, sys.argv[1:4])
builder = preview_builder(site, output)
builder.build()
tracemalloc.start()
held, objects = {}, {}
for run in range(1, 301):
    picked.write_text(article("Picked", body=" ".join(["word"] * (run % 7 + 1)) + f" {run}."))
    builder.build(changed=[picked])
    if run in (30, 300):
        gc.collect()
        held[run] = tracemalloc.get_traced_memory()[0]
        objects[run] = len(gc.get_objects())
print(json.dumps({"held": held, "objects": objects}))
"""


def test_an_article_added_to_the_newest_year_updates_the_other_years_of_the_archive(tmp_path: Path) -> None:
    """An archive year's page shows every year with its count: what a property of a year
    computes is read through recording views too."""
    site = tmp_path / "site"
    (site / "content/articles").mkdir(parents=True)
    (site / "digest.yaml").write_text('title: T\nbase_url: "https://example.org/"\nsearch: false\n')
    for year in (2022, 2023, 2024):
        path = site / f"content/articles/{year}-05-01-a{year}.md"
        path.write_text(article(f"In {year}", date=f"{year}-05-01"))
    assert run_cli("build", "-q", "-C", site).code == 0
    (site / "content/articles/2024-05-15-new.md").write_text(article("New", date="2024-05-15"))  # a month there is
    assert run_cli("build", "-q", "-C", site).code == 0
    assert snapshot(site / "public") == clean_build(site, tmp_path / "clean")


def test_a_bundles_picture_that_comes_later_gets_its_size_on_the_page_naming_it(tmp_path: Path) -> None:
    """A page bundle's index.md naming a picture not there yet (or one of a folder in it that
    is a bundle of its own): when the picture comes (or that folder's index.md goes), the page
    reserves its size, from the command line and in the preview, as a clean build does."""
    from tests.test_images import png

    site = tmp_path / "site"
    bundle = site / "content/articles/harbour"
    (bundle / "img").mkdir(parents=True)
    (site / "digest.yaml").write_text('title: T\nbase_url: "https://example.org/"\nsearch: false\n')
    (bundle / "index.md").write_text(article("Harbour", body="![Boats](photo.png)\n\n![Map](img/map.png)\n"))
    (bundle / "img/map.png").write_bytes(png(5, 5))
    (bundle / "img/index.md").write_text(article("Nested", date="2024-03-02", topics="Other"))
    preview = preview_builder(site, tmp_path / "preview")
    assert built(preview, tmp_path / "preview") is not None
    assert run_cli("build", "-q", "-C", site).code == 0
    for change in ("photo", "unnested"):
        if change == "photo":
            (bundle / "photo.png").write_bytes(png(4, 3))
            changed = [bundle / "photo.png"]
        else:
            (bundle / "img/index.md").unlink()
            changed = [bundle / "img/index.md"]
        expected = clean_build(site, tmp_path / "clean")
        assert expected is not None
        page = expected["articles/harbour/index.html"].decode()
        assert 'width="4" height="3"' in page and ('width="5" height="5"' in page) == (change == "unnested")
        assert run_cli("build", "-q", "-C", site).code == 0
        assert snapshot(site / "public") == expected, change
        assert built(preview, tmp_path / "preview", changed) == without_index(expected), change


def test_edits_of_last_changes_bundles_old_addresses_languages_and_search_stay_exact(tmp_path: Path) -> None:
    """A scripted sequence over what articles, issues and pages have lately learnt (lastmod:,
    page bundles and their pictures, aliases: and redirect_from:, an issue's language:, search
    turned off and on, drafts, Arabic titles and topics): after every step a command-line build
    and the preview, told the files changed (a folder for a folder moved), give a clean build."""
    from tests.test_images import png

    site = tmp_path / "site"
    articles, digests = site / "content/articles", site / "content/digests"
    bundle = articles / "harbour"
    (bundle / "img").mkdir(parents=True)
    digests.mkdir(parents=True)
    (site / "content/pages").mkdir(parents=True)
    config = 'title: T\nbase_url: "https://example.org/"\n'
    (site / "digest.yaml").write_text(config)
    (bundle / "index.md").write_text(
        article("Harbour", "2024-03-05", body="![Boats](photo.png)").replace(
            "topics:", "image: {src: photo.png}\ntopics:"
        )
    )
    (bundle / "photo.png").write_bytes(png(4, 3))
    (articles / "2024-03-01-a.md").write_text(article("فَتْحَة جديدة", topics="فَتْحَة"))
    (articles / "2024-03-02-b.md").write_text(article("B", "2024-03-02", topics="فتحة"))
    issue = digests / "2024-03-10-week.md"
    picks = "picks:\n  - article: harbour\n    note: |\n      ## Why\n\n      Boats.\n  - article: a\n"
    (site / "content/pages/about.md").write_text("---\ntitle: About\n---\nUs.\n")
    issue.write_text(f"---\ntitle: Week\ndate: 2024-03-10\n{picks}---\n## Intro\n\nText.\n")

    def edit(path: Path, old: str, new: str) -> list[Path]:
        path.write_text(path.read_text().replace(old, new, 1))
        return [path]

    def move(old: Path, new: Path) -> list[Path]:
        old.rename(new)
        return [old, new]

    steps: list[tuple[str, Callable[[], list[Path]]]] = [
        ("lastmod", lambda: edit(bundle / "index.md", "date:", "lastmod: 2024-04-01\ndate:")),
        ("lastmod changed", lambda: edit(bundle / "index.md", "lastmod: 2024-04-01", "updated: 2024-03-05T18:00:00Z")),
        ("photo", lambda: (bundle / "photo.png").write_bytes(png(9, 6)) and [bundle / "photo.png"]),
        (
            "map named",
            lambda: edit(bundle / "index.md", "![Boats](photo.png)", "![Boats](photo.png) ![Map](img/map.png)"),
        ),
        ("map", lambda: (bundle / "img/map.png").write_bytes(png(5, 5)) and [bundle / "img/map.png"]),
        (
            "page aliases",
            lambda: edit(site / "content/pages/about.md", "title: About", "title: About\naliases: [/us/]"),
        ),
        ("issue redirect", lambda: edit(issue, "title: Week", "title: Week\nredirect_from: [/w1.html]\nlanguage: ar")),
        (
            "search off",
            lambda: (site / "digest.yaml").write_text(config + "search: false\n") and [site / "digest.yaml"],
        ),
        ("bundle moved", lambda: move(bundle, articles / "port") + edit(issue, "article: harbour", "article: port")),
        ("article aliases", lambda: edit(articles / "port/index.md", "title:", "aliases: [/harbour/]\ntitle:")),
        ("bundle back", lambda: move(articles / "port", bundle) + edit(issue, "article: port", "article: harbour")),
        ("draft", lambda: edit(articles / "2024-03-02-b.md", "title:", "draft: true\ntitle:")),
        ("lastmod gone", lambda: edit(bundle / "index.md", "updated: 2024-03-05T18:00:00Z\n", "")),
        ("search on", lambda: (site / "digest.yaml").write_text(config) and [site / "digest.yaml"]),
        ("issue aliases gone", lambda: edit(issue, "redirect_from: [/w1.html]\nlanguage: ar\n", "")),
    ]
    preview = preview_builder(site, tmp_path / "preview")
    assert built(preview, tmp_path / "preview") is not None
    assert run_cli("build", "-q", "-C", site).code == 0
    for name, step in steps:
        changed = step()
        expected = clean_build(site, tmp_path / "clean")
        assert expected is not None, name
        assert run_cli("build", "-q", "-C", site).code == 0, name
        assert snapshot(site / "public") == expected, name
        assert built(preview, tmp_path / "preview", changed) == without_index(expected), name
