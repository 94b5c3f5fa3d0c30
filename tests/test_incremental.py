"""Incremental builds give byte-for-byte the output of a clean build, whatever the edits.

A seeded generator drives random sequences of edits, additions, deletions, renames,
template and configuration changes; after every step the incremental output (from a
long-lived Builder, as ``digest serve`` uses, and from a fresh Builder reading the disk
cache, as the CLI does) is compared with a clean build of a copy of the site.
"""

from __future__ import annotations

import contextlib
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import sysconfig
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from digest.build import Builder, BuildOptions
from digest.cache import BuildStore, code_fingerprint
from digest.errors import BuildFailed
from tests.conftest import run_cli, snapshot

TOPICS = ["Turkey", "Politics", "Economy", "Energy", "Media"]


def article_text(rng: random.Random, title: str, day: int) -> str:
    topics = ", ".join(rng.sample(TOPICS, rng.randint(1, 3)))
    body = "\n\n".join(
        f"Paragraph {rng.randint(0, 10**6)} about {rng.choice(TOPICS)}." for _ in range(rng.randint(1, 4))
    )
    draft = "draft: true\n" if rng.random() < 0.1 else ""
    return f'---\ntitle: "{title}"\ndate: 2024-{1 + day // 28:02d}-{1 + day % 28:02d}\ntopics: [{topics}]\n{draft}---\n{body}\n'


class SiteEditor:
    """Applies random edits to a site folder."""

    def __init__(self, site: Path, rng: random.Random, extra_config: str = ""):
        self.site = site
        self.rng = rng
        self.counter = 0
        self.extra_config = extra_config  # kept by every configuration edit

    def changed_files(self) -> list[Path]:
        """Every file under the site whose stat changed since the last call (what a watcher sees)."""
        now = {
            p: (p.stat().st_mtime_ns, p.stat().st_size)
            for p in self.site.rglob("*")
            if p.is_file() and "public" not in p.parts and ".digest-cache" not in p.parts
        }
        before = getattr(self, "_seen", {})
        self._seen = now
        return sorted({p for p in now if before.get(p) != now[p]} | {p for p in before if p not in now})

    def articles(self) -> list[Path]:
        return sorted((self.site / "content/articles").glob("*.md"))

    def step(self) -> str:
        actions: list[Callable[[], str]] = [
            self.add_article, self.add_article, self.edit_body, self.edit_title, self.edit_meta,
            self.delete_article, self.rename_article, self.write_digest, self.edit_template,
            self.edit_config, self.topic_description, self.edit_page, self.static_file, self.switch_language,
            self.as_moved_from_hugo,
        ]  # fmt: skip
        return self.rng.choice(actions)()

    def add_article(self) -> str:
        self.counter += 1
        day = self.rng.randrange(300)
        path = self.site / f"content/articles/2024-x-{self.counter}.md"
        path.write_text(article_text(self.rng, f"Story {self.counter}", day))
        return f"add {path.name}"

    def pick(self) -> Path | None:
        found = self.articles()
        return self.rng.choice(found) if found else None

    def edit_body(self) -> str:
        path = self.pick()
        if path is None:
            return self.add_article()
        path.write_text(path.read_text() + f"\nMore {self.rng.randint(0, 99)}.\n")
        return f"body {path.name}"

    def edit_title(self) -> str:
        path = self.pick()
        if path is None:
            return self.add_article()
        lines = path.read_text().split("\n")
        lines[1] = f'title: "Retitled {self.rng.randint(0, 10**6)}"'
        path.write_text("\n".join(lines))
        return f"title {path.name}"

    def edit_meta(self) -> str:
        path = self.pick()
        if path is None:
            return self.add_article()
        title = path.read_text().split("\n")[1].split(": ", 1)[1].strip('"')
        path.write_text(article_text(self.rng, title, self.rng.randrange(300)))
        return f"meta {path.name}"

    def as_moved_from_hugo(self) -> str:
        """What a site moved from Hugo holds: old addresses (``aliases``, each a page of its own),
        a summary divider, a heading's own id."""
        path = self.pick()
        if path is None:
            return self.add_article()
        lines = [line for line in path.read_text().split("\n") if not line.startswith("aliases:")]
        old = self.rng.randint(0, 5)  # (two articles of one old address: a failed build)
        lines.insert(2, f'aliases: ["/{2019 + old % 2}/old-{old}/", "/posts/old-{old}.html"]')
        closing = lines.index("---", 1)
        lines.insert(closing + 2, self.rng.choice(["<!--more-->", f"## Part {old} {{#part-{old}}}"]))
        path.write_text("\n".join(lines))
        return f"hugo {path.name}"

    def respell_topic(self) -> str:
        """One topic of an article spelled otherwise (``turkey``, ``TURKEY``): the site names a
        topic as most articles spell it, and every page shows that name."""
        path = self.pick()
        if path is None:
            return self.add_article()
        lines = path.read_text().split("\n")
        topics = lines[3][len("topics: [") : -1].split(", ")
        index = self.rng.randrange(len(topics))
        topics[index] = self.rng.choice([str.lower, str.upper, str.title])(topics[index])
        lines[3] = f"topics: [{', '.join(topics)}]"
        path.write_text("\n".join(lines))
        return f"respell {path.name} {topics[index]}"

    def switch_language(self) -> str:
        """An article said to be in Arabic or Turkish, or in the site's language again: its page
        turns, and every list that shows it marks its title with its language."""
        path = self.pick()
        if path is None:
            return self.add_article()
        lines = [line for line in path.read_text().split("\n") if not line.startswith("language:")]
        language = self.rng.choice(["ar", "tr", None])
        if language:
            lines.insert(4, f"language: {language}")
        path.write_text("\n".join(lines))
        return f"language {path.name} {language}"

    def delete_article(self) -> str:
        path = self.pick()
        if path is None:
            return self.add_article()
        path.unlink()
        for digest in (self.site / "content/digests").glob("*.md"):
            if path.stem in digest.read_text():
                digest.unlink()
        return f"delete {path.name}"

    def rename_article(self) -> str:
        path = self.pick()
        if path is None:
            return self.add_article()
        self.counter += 1
        for digest in (self.site / "content/digests").glob("*.md"):
            if path.stem in digest.read_text():
                digest.unlink()
        target = path.with_name(f"2024-r-{self.counter}.md")
        path.rename(target)
        return f"rename {path.name} -> {target.name}"

    def write_digest(self) -> str:
        found = self.articles()
        if not found:
            return self.add_article()
        picks = self.rng.sample(found, min(len(found), self.rng.randint(1, 4)))
        lines = "".join(f"  - article: {p.stem}\n    note: Note {self.rng.randint(0, 99)}\n" for p in picks)
        name = f"2024-12-{self.rng.randint(1, 3):02d}-week.md"
        path = self.site / "content/digests" / name
        path.write_text(f"---\ntitle: Week {self.rng.randint(0, 99)}\ndate: 2024-12-01\npicks:\n{lines}---\nIntro.\n")
        return f"digest {name}"

    def edit_template(self) -> str:
        path = self.site / "templates/article.html"
        if path.exists() and self.rng.random() < 0.5:
            path.unlink()
            return "template removed"
        marker = self.rng.randint(0, 99)
        path.parent.mkdir(exist_ok=True)
        uses_site = "{{ site.articles|length }} articles" if self.rng.random() < 0.5 else ""
        path.write_text(
            '{% extends "base.html" %}{% block content %}<h1>{{ article.title }}</h1>'
            f"<p>v{marker} {uses_site}</p>{{{{ article.body_html|html }}}}{{% endblock %}}"
        )
        return "template"

    def edit_config(self) -> str:
        per_page = self.rng.randint(2, 5)
        title = self.rng.choice(["One", "Two"])
        (self.site / "digest.yaml").write_text(
            f'title: {title}\nbase_url: "https://example.org/"\nper_page: {per_page}\n{self.extra_config}'
        )
        return f"config {title} {per_page}"

    def topic_description(self) -> str:
        path = self.site / f"content/topics/{self.rng.choice(TOPICS).lower()}.md"
        if path.exists():
            path.unlink()
            return f"topic removed {path.name}"
        path.parent.mkdir(exist_ok=True)
        number = self.rng.randint(0, 99)
        title = [path.stem.title(), f"The {path.stem.title()}", ""][number % 3]  # none: as articles spell it
        path.write_text(f"---\ntitle: {title}\n---\nAbout {number}.\n")
        return f"topic {path.name}"

    def edit_page(self) -> str:
        path = self.site / "content/pages/about.md"
        path.parent.mkdir(exist_ok=True)
        subtitle = self.rng.randint(0, 3)  # a field of its own, shown by some themes (page.extra)
        path.write_text(f"---\ntitle: About {self.rng.randint(0, 3)}\nsubtitle: S{subtitle}\n---\nText.\n")
        return "page"

    def static_file(self) -> str:
        path = self.site / "content/static/note.txt"
        if path.exists():
            path.unlink()
            return "static removed"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(str(self.rng.random()))
        return "static added"


def new_site(tmp_path: Path, seed: int, articles: int, config: str = "") -> tuple[Path, SiteEditor]:
    """A site of ``articles`` random articles, and the editor that made them."""
    site = tmp_path / "site"
    (site / "content/articles").mkdir(parents=True)
    (site / "digest.yaml").write_text(f'title: One\nbase_url: "https://example.org/"\n{config}')
    editor = SiteEditor(site, random.Random(seed))
    for _ in range(articles):
        editor.add_article()
    return site, editor


def clean_build(site: Path, scratch: Path) -> dict[str, bytes] | None:
    """A clean build of a copy of ``site`` (so the site's own cache is left alone)."""
    if scratch.exists():
        shutil.rmtree(scratch)
    shutil.copytree(site, scratch, ignore=shutil.ignore_patterns("public", ".digest-*"))
    try:
        Builder(scratch, BuildOptions(clean=True, jobs=1)).build()
    except BuildFailed:
        return None
    return snapshot(scratch / "public")


def incremental_build(builder: Builder, output: Path, changed: list[Path] | None = None) -> dict[str, bytes] | None:
    try:
        builder.build(changed=changed)
    except BuildFailed:
        return None
    return snapshot(output)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_incremental_equals_clean_after_random_edits(tmp_path: Path, seed: int) -> None:
    rng = random.Random(seed)
    site = tmp_path / "site"
    (site / "content/articles").mkdir(parents=True)
    (site / "content/digests").mkdir(parents=True)
    (site / "digest.yaml").write_text('title: One\nbase_url: "https://example.org/"\nper_page: 3\n')
    editor = SiteEditor(site, rng)
    for _ in range(6):
        editor.add_article()
    long_lived = Builder(site, BuildOptions(jobs=1))
    editor.changed_files()
    unseen: set[Path] = set()  # changes the long-lived builder (like a watcher's) has not been told of
    history = []
    for step in range(30):
        history.append(editor.step() if step % 4 else editor.respell_topic())
        unseen.update(editor.changed_files())
        expected = clean_build(site, tmp_path / "clean")
        if rng.random() < 0.5:
            got = incremental_build(long_lived, site / "public", sorted(unseen))
            unseen.clear()
        else:
            got = incremental_build(Builder(site, BuildOptions(jobs=1)), site / "public")
        if expected is None:
            assert got is None, history
            continue
        assert got is not None, history
        assert sorted(got) == sorted(expected), (step, history)
        assert got == expected, (step, history, [p for p in got if got[p] != expected.get(p)])


def test_a_body_edit_in_the_preview_renders_one_page(tmp_path: Path) -> None:
    site, editor = new_site(tmp_path, seed=11, articles=30, config="search: false\n")
    builder = Builder(site, BuildOptions(jobs=1))
    builder.build()
    path = editor.articles()[3]
    for run in range(3):
        path.write_text(path.read_text() + f"\nA new last paragraph {run}.\n")
        result = builder.build(changed=[path])
        assert result.rendered in (1, 2)  # its page, and the front page where it shows its reading time
        assert len(result.written) == 1
        assert snapshot(site / "public") == clean_build(site, tmp_path / "clean")
    editor.edit_title()
    assert builder.build(changed=editor.articles()).rendered > 1  # not a body edit: the whole check
    assert snapshot(site / "public") == clean_build(site, tmp_path / "clean")


@pytest.mark.parametrize("feeds", ["summary", "full"])
def test_title_edits_in_the_preview_render_only_the_pages_that_list_them(tmp_path: Path, feeds: str) -> None:
    config = f"search: false\nper_page: 4\nfeeds: {{content: {feeds}}}\n"
    site, editor = new_site(tmp_path, seed=21, articles=40, config=config)
    shown = [path for path in editor.articles() if "draft: true" not in path.read_text()]
    picks = "".join(f"  - article: {path.stem}\n    note: Why {path.stem}\n" for path in shown[:4])
    (site / "content/digests").mkdir()
    (site / "content/digests/week.md").write_text(f"---\ntitle: Week\ndate: 2024-12-01\npicks:\n{picks}---\nIntro.\n")
    builder = Builder(site, BuildOptions(jobs=1))
    builder.build()
    pages = len(snapshot(site / "public"))
    rng = random.Random(feeds)
    for step in range(10):
        paths = [shown[step]] if step < 2 else rng.sample(editor.articles(), rng.randint(1, 2))  # picked first
        for path in paths:
            lines = path.read_text().split("\n")
            lines[1] = f'title: "Retitled {step} {rng.randint(0, 99)}"'
            if rng.random() < 0.5:
                lines = [line for line in lines if not line.startswith("summary:")]  # a key is given once
                lines.insert(2, f"summary: Summary {step}")
            path.write_text("\n".join(lines))
        result = builder.build(changed=paths)
        assert snapshot(site / "public") == clean_build(site, tmp_path / "clean"), step
        if "draft: true" not in "".join(path.read_text() for path in paths):
            assert result.rendered < pages / 2, step  # not the whole site


def test_edits_of_an_articles_last_change_give_the_pages_of_a_clean_build(tmp_path: Path) -> None:
    """``lastmod`` is shown on the article's page, its JSON-LD, its feed entries and the
    sitemap: an edit of it (added, moved to another day or time, removed) reaches them all,
    in the preview and in a new build alike."""
    site, editor = new_site(tmp_path, seed=31, articles=8, config="search: false\n")
    path = next(path for path in editor.articles() if "draft: true" not in path.read_text())
    original = path.read_text()
    day = original.split("\ndate: ", 1)[1][:10]
    long_lived = Builder(site, BuildOptions(jobs=1))
    long_lived.build()
    for step, lastmod in enumerate(["2024-12-20", "2024-12-20T08:00:00Z", f"{day}T23:00:00", "", "2025-01-03"]):
        path.write_text(original.replace("topics:", f"lastmod: {lastmod}\ntopics:") if lastmod else original)
        expected = clean_build(site, tmp_path / "clean")
        assert expected is not None
        builder = long_lived if step % 2 else Builder(site, BuildOptions(jobs=1))
        assert incremental_build(builder, site / "public", [path] if step % 2 else None) == expected, lastmod
        shown = expected[f"articles/{path.stem}/index.html"].decode()
        assert (lastmod[:4] in ("2024", "2025") and lastmod[:10] != day) == ("Updated" in shown), lastmod


def test_a_body_edit_then_title_edits_in_the_preview(tmp_path: Path) -> None:
    """Pages planned again for a title edit show the current body of an article edited before."""
    site, editor = new_site(tmp_path, seed=21, articles=12, config="search: false\n")
    builder = Builder(site, BuildOptions(jobs=1))
    builder.build()
    shown = [path for path in editor.articles() if "draft: true" not in path.read_text()]
    for body_edited in shown[:3]:
        body_edited.write_text(body_edited.read_text() + "\nA new last paragraph.\n")
        assert builder.build(changed=[body_edited]).rendered in (1, 2)  # and the front page's reading time
        for retitled in shown:
            lines = retitled.read_text().split("\n")
            lines[1] = f'title: "Retitled after {body_edited.stem}"'
            retitled.write_text("\n".join(lines))
            builder.build(changed=[retitled])
            assert snapshot(site / "public") == clean_build(site, tmp_path / "clean"), (body_edited, retitled)


def content_files_stated(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the content files ``os.stat`` is asked about from now on, as they come."""
    names: list[str] = []
    stat = os.stat

    def noted_stat(path: str | Path, *args: object, **kwargs: object) -> os.stat_result:
        if f"{os.sep}content{os.sep}" in str(path) and str(path).endswith(".md"):
            names.append(Path(path).name)
        return stat(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "stat", noted_stat)
    return names


def test_told_every_change_the_preview_looks_at_the_changed_files_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The watcher names every changed file: the content is not walked, and of its files
    only those named are looked at; a folder that came in has the content walked again."""
    import digest.content

    site, editor = new_site(tmp_path, seed=31, articles=12, config="search: false\n")
    builder = Builder(site, BuildOptions(jobs=1, persist=False, private_output=True))
    builder.build()
    walks: list[Path] = []
    walk = digest.content.content_files
    monkeypatch.setattr(
        digest.content, "content_files", lambda site_dir, *rest: walks.append(site_dir) or walk(site_dir, *rest)
    )
    looked_at = content_files_stated(monkeypatch)
    edited = editor.articles()[2]
    edited.write_text(edited.read_text() + "\nOne more paragraph.\n")
    builder.build(changed=[edited])
    assert (walks, set(looked_at)) == ([], {edited.name})
    assert snapshot(site / "public") == clean_build(site, tmp_path / "clean")

    gone = editor.articles()[5]
    gone.unlink()
    editor.add_article()
    added = max(editor.articles(), key=lambda path: path.stat().st_mtime_ns)
    walks.clear()
    looked_at.clear()
    builder.build(changed=[gone, added])
    assert walks == [] and added.name in looked_at and set(looked_at) <= {added.name, gone.name}
    assert snapshot(site / "public") == clean_build(site, tmp_path / "clean")

    folder = site / "content/articles/moved-in"
    folder.mkdir()
    (folder / "2024-01-02-from-a-folder.md").write_text(article_text(random.Random(1), "From a folder", 3))
    walks.clear()
    builder.build(changed=[folder])  # a folder moved in is one event, its files none
    assert walks == [site]
    assert "from-a-folder" in "".join(snapshot(site / "public"))
    assert snapshot(site / "public") == clean_build(site, tmp_path / "clean")

    unseen = editor.articles()[0]
    unseen.write_text(unseen.read_text() + "\nChanged while the watcher lost events.\n")
    walks.clear()
    builder.build(changed=[site / "content"])  # what a watcher reports when it lost events
    assert walks == [site]
    assert snapshot(site / "public") == clean_build(site, tmp_path / "clean")


def test_the_preview_reads_a_file_it_is_told_of_though_its_size_and_mtime_are_the_old_ones(tmp_path: Path) -> None:
    """An edit of the same length whose file is given back its old modification time (``touch
    -r``, a copy kept with ``cp -p``): the watcher names the file, and the preview shows the edit."""
    site, editor = new_site(tmp_path, seed=41, articles=4, config="search: false\n")
    edited = next(path for path in editor.articles() if "draft: true" not in path.read_text())
    os.utime(edited, ns=(10**18, 10**18))  # long before the build reads it
    builder = Builder(site, BuildOptions(jobs=1, persist=False, private_output=True))
    builder.build()
    text = edited.read_text()
    edited.write_text(text.replace("Paragraph", "Paragrafs", 1))
    os.utime(edited, ns=(10**18, 10**18))
    builder.build(changed=[edited])
    assert "Paragrafs" in "".join(data.decode() for data in snapshot(site / "public").values() if b"<html" in data)
    assert snapshot(site / "public") == clean_build(site, tmp_path / "clean")


def test_digest_build_sees_edits_whose_files_were_given_back_their_old_mtime(tmp_path: Path) -> None:
    """Edits of the same length to an article and a template, each file then given back its
    old modification time (``touch -r``, ``cp -p``, ``tar x``): the next ``digest build`` shows
    them, as a clean build does (the file's ctime moved)."""
    site, editor = new_site(tmp_path, seed=41, articles=4, config="search: false\n")
    (site / "templates").mkdir()
    template = site / "templates/article.html"
    template.write_text(
        '{% extends "base.html" %}{% block content %}<p>v1</p>{{ article.body_html|html }}{% endblock %}'
    )
    edited = next(path for path in editor.articles() if "draft: true" not in path.read_text())
    for path in (edited, template):
        os.utime(path, ns=(10**18, 10**18))  # long before the build reads them
    assert run_cli("build", "-C", site).code == 0
    for path, old, new in ((edited, "Paragraph", "Paragrafs"), (template, "<p>v1</p>", "<p>v2</p>")):
        path.write_text(path.read_text().replace(old, new, 1))
        os.utime(path, ns=(10**18, 10**18))
    assert run_cli("build", "-C", site).code == 0
    shown = "".join(data.decode() for data in snapshot(site / "public").values() if b"<html" in data)
    assert "Paragrafs" in shown and "<p>v2</p>" in shown
    assert snapshot(site / "public") == clean_build(site, tmp_path / "clean")


def test_a_linked_articles_folder_is_walked_whatever_the_watcher_names(tmp_path: Path) -> None:
    """A watcher does not see into a symbolic link inside the folder it watches: edits there
    are found by walking, whatever change the builder is told of."""
    elsewhere = tmp_path / "elsewhere"
    site, _ = new_site(tmp_path, seed=33, articles=5, config="search: false\n")
    shutil.move(site / "content/articles", elsewhere)
    (site / "content/articles").symlink_to(elsewhere)
    builder = Builder(site, BuildOptions(jobs=1, persist=False, private_output=True))
    builder.build()
    unseen = sorted(elsewhere.glob("*.md"))[2]
    unseen.write_text(unseen.read_text() + "\nAn edit in the linked folder.\n")
    (site / "digest.yaml").write_text((site / "digest.yaml").read_text() + "per_page: 3\n")
    builder.build(changed=[site / "digest.yaml"])
    assert any(b"An edit in the linked folder." in data for data in snapshot(site / "public").values())
    assert snapshot(site / "public") == clean_build(site, tmp_path / "clean")


def test_a_build_takes_the_content_files_stats_from_its_signature(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The walk that signs the inputs stats every content file; the load that follows does
    not stat them again, and still sees the edit."""
    site, editor = new_site(tmp_path, seed=32, articles=8, config="search: false\n")
    Builder(site, BuildOptions(jobs=1)).build()
    edited = editor.articles()[1]
    edited.write_text(edited.read_text() + "\nAn edit seen through the signature's stats.\n")
    again = content_files_stated(monkeypatch)
    result = Builder(site, BuildOptions(jobs=1)).build()
    monkeypatch.undo()
    assert again == []
    assert result.rendered >= 1
    assert snapshot(site / "public") == clean_build(site, tmp_path / "clean")


def test_corrupted_cache_means_a_correct_build(tmp_path: Path) -> None:
    site, editor = new_site(tmp_path, seed=5, articles=5)
    Builder(site, BuildOptions(jobs=1)).build()
    for damage in (b"", b"garbage", None):
        editor.edit_title()
        for cache_file in (site / ".digest-cache").rglob("*"):
            if cache_file.is_dir():
                continue
            if damage is None:
                cache_file.write_bytes(cache_file.read_bytes()[:50])  # truncated
            else:
                cache_file.write_bytes(damage)
        Builder(site, BuildOptions(jobs=1)).build()
        assert snapshot(site / "public") == clean_build(site, tmp_path / "clean")
    # A tampered body with a template change, so every article page is rendered from the store.
    Builder(site, BuildOptions(jobs=1)).build()
    with contextlib.closing(sqlite3.connect(site / ".digest-cache/build.sqlite")) as connection:
        connection.execute("UPDATE bodies SET body = '<p>tampered</p>'")
        connection.commit()
    editor.edit_template()
    Builder(site, BuildOptions(jobs=1)).build()
    assert b"tampered" not in b"".join(snapshot(site / "public").values())
    assert snapshot(site / "public") == clean_build(site, tmp_path / "clean")


def test_a_store_that_cannot_be_written_is_a_warning_and_the_build_is_still_right(tmp_path: Path) -> None:
    """A store on a full disk, made read-only, or a folder in its place: every build redid all
    the work of the builds before it without a word, a site of thousands of articles taking
    its cold build's time at every save. The build is right, and says the store was not kept."""
    site, editor = new_site(tmp_path, seed=12, articles=4)
    Builder(site, BuildOptions(jobs=1)).build()
    store = site / ".digest-cache/build.sqlite"
    store.unlink()
    store.mkdir()
    editor.edit_title()
    result = Builder(site, BuildOptions(jobs=1)).build()
    assert [str(warning) for warning in result.warnings] == [
        ".digest-cache/build.sqlite: cannot keep this build's work in the build store (unable to open database "
        "file): the next build will do it again"
    ]
    assert snapshot(site / "public") == clean_build(site, tmp_path / "clean")
    shutil.rmtree(site / ".digest-cache")
    (site / ".digest-cache").write_text("a file where the store's folder goes\n")
    editor.edit_title()
    assert [str(warning) for warning in Builder(site, BuildOptions(jobs=1)).build().warnings] == [
        ".digest-cache/build.sqlite: cannot keep this build's work in the build store (.digest-cache is a file, "
        "not a folder): the next build will do it again"
    ]
    (site / ".digest-cache").unlink()
    editor.edit_title()
    assert Builder(site, BuildOptions(jobs=1)).build().warnings == ()
    assert Builder(site, BuildOptions(jobs=1)).build().rendered == 0
    assert snapshot(site / "public") == clean_build(site, tmp_path / "clean")


def test_a_store_that_cannot_be_opened_on_a_full_disk_is_kept_for_the_next_build(tmp_path: Path) -> None:
    """A full disk (here: a limit on the size of a file) as digest check or digest build opens
    the store, which then cannot make the file its readers share (build.sqlite-shm): the store
    was taken for a damaged one and deleted, so once there was room again the next build did
    the work of every build before it. It is left as it was, for the next build."""
    import resource
    import signal

    site, _ = new_site(tmp_path, seed=14, articles=4)
    Builder(site, BuildOptions(jobs=1)).build()
    store = site / ".digest-cache/build.sqlite"
    kept = store.read_bytes()

    def full_disk() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (100, resource.RLIM_INFINITY))

    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1]), "DIGEST_NO_FORK": "1"}
    for command in ("check", "build"):
        subprocess.run(
            [sys.executable, "-m", "digest", command, "-C", str(site)],
            env=env,
            capture_output=True,
            preexec_fn=full_disk,
        )
        assert store.read_bytes() == kept, command
    assert Builder(site, BuildOptions(jobs=1)).build().rendered == 0
    assert snapshot(site / "public") == clean_build(site, tmp_path / "clean")


def test_a_library_installed_or_upgraded_means_nothing_of_the_store_is_reused(tmp_path: Path) -> None:
    """A new markdown-it-py or Jinja may make other HTML of the same files: a distribution
    installed, upgraded or removed where digest's libraries are makes the next build read
    every file again (shown by when the store says a file was read); and Python writing
    bytecode there is no install."""
    site, _ = new_site(tmp_path, seed=8, articles=3)
    command = [sys.executable, "-m", "digest", "build", "-q", "-C", str(site)]
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    subprocess.run(command, check=True, env=env)

    def read_at() -> list[int]:
        code_fingerprint.cache_clear()  # the libraries as they are now, as the build saw them
        files = BuildStore(site).load().files
        assert files
        return sorted(row.read_at for row in files.values())

    first = read_at()
    libraries = Path(sysconfig.get_path("purelib"))
    bytecode = libraries / f"digest_test_{os.getpid()}_cache"  # as a __pycache__ made by an import
    installed = libraries / f"digest_test_{os.getpid()}-1.0.dist-info"  # as pip leaves an install
    try:
        bytecode.mkdir()
        subprocess.run(command, check=True, env=env)
        assert read_at() == first  # nothing read again
        installed.mkdir()
        (installed / "METADATA").write_text(f"Metadata-Version: 2.1\nName: digest-test-{os.getpid()}\nVersion: 1.0\n")
        subprocess.run(command, check=True, env=env)
        assert min(read_at()) > max(first)  # every file read again
    finally:
        shutil.rmtree(installed, ignore_errors=True)
        shutil.rmtree(bytecode, ignore_errors=True)
        code_fingerprint.cache_clear()
    assert snapshot(site / "public") == clean_build(site, tmp_path / "clean")


def test_a_damaged_chunk_of_parsed_files_means_those_files_are_read_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from digest import content
    from digest.cache import chunk_of

    site, editor = new_site(tmp_path, seed=6, articles=12)
    Builder(site, BuildOptions(jobs=1)).build()
    paths = sorted(f"content/articles/{path.name}" for path in (site / "content/articles").glob("*.md"))
    damaged = chunk_of(paths[0])
    with contextlib.closing(sqlite3.connect(site / ".digest-cache/build.sqlite")) as connection:
        connection.execute("UPDATE chunks SET data = ? WHERE number = ?", (b"not a pickle", damaged))
        connection.commit()
    parsed: list[str] = []
    original = content.parse_file
    monkeypatch.setattr(
        content, "parse_file", lambda kind, path, *rest: parsed.append(path) or original(kind, path, *rest)
    )
    editor.edit_title()
    Builder(site, BuildOptions(jobs=1)).build()
    assert {path for path in paths if chunk_of(path) == damaged} <= set(parsed)
    assert snapshot(site / "public") == clean_build(site, tmp_path / "clean")
    parsed.clear()
    editor.edit_title()
    Builder(site, BuildOptions(jobs=1)).build()  # the chunk was written again whole: one file read
    assert len(parsed) == 1


def test_parallel_and_serial_builds_are_identical(tmp_path: Path) -> None:
    site, _ = new_site(tmp_path, seed=9, articles=400)
    Builder(site, BuildOptions(jobs=2, clean=True, output=tmp_path / "two")).build()
    Builder(site, BuildOptions(jobs=1, clean=True, output=tmp_path / "one")).build()
    assert snapshot(tmp_path / "two") == snapshot(tmp_path / "one")


def test_templates_compiled_in_worker_processes_are_kept_for_the_next_build(tmp_path: Path) -> None:
    """The templates pages extend or import are first compiled as a worker renders them:
    they are kept in the store as those a build compiles in its own process are, so that
    the next build does not compile them again."""
    site, _ = new_site(tmp_path, seed=9, articles=400, config="search: false\n")
    shutil.copytree(site, tmp_path / "serial")
    Builder(site, BuildOptions(jobs=2)).build()
    Builder(tmp_path / "serial", BuildOptions(jobs=1)).build()
    kept = set(BuildStore(site).load().templates)
    assert len(kept) > 1
    assert kept == set(BuildStore(tmp_path / "serial").load().templates)


def test_pages_are_shared_out_in_stripes_that_cover_each_page_once() -> None:
    from digest.parallel import stripes

    parts = stripes(1000, 2)
    assert len(parts) == 8
    assert sorted(index for part in parts for index in part) == list(range(1000))
    # The last pages (a site's topic pages, after its articles) are in every part.
    assert all(any(index >= 900 for index in part) for part in parts)
    assert stripes(3, 2) == [range(0, 3, 3), range(1, 3, 3), range(2, 3, 3)]
    assert stripes(0, 2) == []


def test_output_changed_by_hand_is_written_again(tmp_path: Path) -> None:
    site, _ = new_site(tmp_path, seed=3, articles=1)
    Builder(site, BuildOptions(jobs=1)).build()
    expected = snapshot(site / "public")
    page = next((site / "public/articles").glob("*/index.html"))
    page.write_text("tampered")
    (site / "public/topics/index.html").unlink()
    shutil.rmtree(site / "public/pagefind")
    time.sleep(0.01)
    result = Builder(site, BuildOptions(jobs=1)).build()
    assert snapshot(site / "public") == expected
    assert sorted(result.written) == sorted([page.relative_to(site / "public").as_posix(), "topics/index.html"])


def shown_articles(editor: SiteEditor) -> list[Path]:
    return [path for path in editor.articles() if "draft: true" not in path.read_text()]


def retitle(path: Path, title: str) -> None:
    lines = path.read_text().split("\n")
    lines[1] = f'title: "{title}"'
    path.write_text("\n".join(lines))


def test_article_edits_from_the_command_line_render_only_the_pages_that_show_them(tmp_path: Path) -> None:
    """A new Builder (as each ``digest build`` is) starts from the build store and renders
    only the pages that show an article edit, also after edits that changed much more;
    every step gives the output of a clean build."""
    site, editor = new_site(tmp_path, seed=31, articles=40, config="search: false\nper_page: 4\n")
    Builder(site, BuildOptions(jobs=1)).build()
    pages = len(snapshot(site / "public"))
    rng = random.Random(31)
    for step in range(16):
        path = rng.choice(shown_articles(editor))
        if step % 4 == 3:
            what = rng.choice([editor.edit_page, editor.edit_template, editor.add_article])()
        elif step % 2:
            path.write_text(path.read_text() + f"\nA new last paragraph {step}.\n")
            what = "body"
        else:
            retitle(path, f"Retitled {step}")
            what = "title"
        result = Builder(site, BuildOptions(jobs=1)).build()
        assert snapshot(site / "public") == clean_build(site, tmp_path / "clean"), (step, what)
        if what == "body":
            assert result.rendered in (1, 2), step  # and the front page's reading time
        elif what == "title":
            assert 1 < result.rendered < pages / 3, step


@pytest.mark.parametrize("feeds", ["summary", "full"])
def test_command_line_builds_after_mixed_article_edits_equal_clean_builds(tmp_path: Path, feeds: str) -> None:
    """Edits of bodies, titles, summaries, two articles at once, edits that move an article
    or add a link, one after another, each built by a new Builder."""
    config = f"search: false\nper_page: 3\nfeeds: {{content: {feeds}}}\n"
    site, editor = new_site(tmp_path, seed=41, articles=20, config=config)
    Builder(site, BuildOptions(jobs=1)).build()
    rng = random.Random(feeds)
    for step in range(14):
        shown = shown_articles(editor)
        path, other = rng.sample(shown, 2)
        text = path.read_text()
        what = ["body", "title", "summary", "two", "link", "draft", "body", "title"][step % 8]
        if what in ("body", "two"):
            path.write_text(text + f"\nMore {step}.\n")
        if what in ("title", "two"):
            retitle(other if what == "two" else path, f"Title {step}")
        if what == "summary":
            path.write_text(text.replace("\ndate:", f"\nsummary: Summary {step}\ndate:", 1))
        if what == "link":
            path.write_text(text + f"\nSee [this one](../articles/{other.name}).\n")
        if what == "draft":  # one that no article links to, which would be an error
            texts = [article.read_text() for article in editor.articles()]
            unlinked = [article for article in shown if not any(article.name in text for text in texts)]
            unlinked[0].write_text(unlinked[0].read_text().replace("---\n", "---\ndraft: true\n", 1))
        expected = clean_build(site, tmp_path / "clean")
        assert expected is not None, (step, what)
        assert incremental_build(Builder(site, BuildOptions(jobs=1)), site / "public") == expected, (step, what)


def test_a_failed_build_then_a_fixed_one_shows_every_edit(tmp_path: Path) -> None:
    """Files parsed by a build that failed are not taken for built: the next build shows them."""
    site, editor = new_site(tmp_path, seed=23, articles=12, config="search: false\n")
    Builder(site, BuildOptions(jobs=1)).build()
    retitled, broken = shown_articles(editor)[:2]
    retitle(retitled, "A title the failed build saw")
    original = broken.read_text()
    broken.write_text(original.replace("date: 2024-", "date: 2024-13-"))
    with pytest.raises(BuildFailed):
        Builder(site, BuildOptions(jobs=1)).build()
    broken.write_text(original)
    Builder(site, BuildOptions(jobs=1)).build()
    assert snapshot(site / "public") == clean_build(site, tmp_path / "clean")
    assert b"A title the failed build saw" in (site / "public/archive/index.html").read_bytes()


def test_an_article_edit_restores_output_deleted_by_hand(tmp_path: Path) -> None:
    site, editor = new_site(tmp_path, seed=29, articles=12, config="search: false\n")
    Builder(site, BuildOptions(jobs=1)).build()
    (site / "public/topics/index.html").unlink()
    path = shown_articles(editor)[0]
    path.write_text(path.read_text() + "\nMore.\n")
    Builder(site, BuildOptions(jobs=1)).build()
    assert snapshot(site / "public") == clean_build(site, tmp_path / "clean")


def test_a_future_dated_article_appears_when_it_comes_due(tmp_path: Path) -> None:
    """An article edit after a future-dated one came due: the new article shows everywhere."""
    from datetime import UTC, datetime, timedelta

    site, editor = new_site(tmp_path, seed=37, articles=6, config="search: false\n")
    due = datetime.now(UTC) + timedelta(seconds=3)
    later = f'---\ntitle: "Later"\ndate: "{due.isoformat()}"\ntopics: [Turkey]\n---\nSoon.\n'
    (site / "content/articles/later.md").write_text(later)
    Builder(site, BuildOptions(jobs=1)).build()
    assert not (site / "public/articles/later").exists()
    time.sleep(max(0.0, (due - datetime.now(UTC)).total_seconds()) + 0.1)
    path = shown_articles(editor)[0]
    path.write_text(path.read_text() + "\nMore.\n")
    Builder(site, BuildOptions(jobs=1)).build()
    assert (site / "public/articles/later/index.html").is_file()
    assert snapshot(site / "public") == clean_build(site, tmp_path / "clean")


def age_inputs(site: Path, seconds: int = 60) -> None:
    """Date every input back, as files not touched since well before the build."""
    when = time.time() - seconds
    for path in site.rglob("*"):
        if "public" not in path.parts and ".digest-cache" not in path.parts:
            os.utime(path, (when, when))


def test_a_build_right_after_a_build_has_nothing_to_do(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A file saved, then ``digest build`` twice: the second answers from the signature alone,
    where the file system keeps fractions of a second (a change it could miss would have to
    come within a tick of its clock).  A file whose time is a whole second, as FAT or
    HFS+ keep it, is looked at again for two seconds."""
    from digest import content

    site, editor = new_site(tmp_path, seed=33, articles=6, config="search: false\n")
    edited = shown_articles(editor)[0]
    edited.write_text(edited.read_text() + "\nJust saved.\n")
    time.sleep(0.1)  # the time it takes to type the command
    Builder(site, BuildOptions(jobs=1)).build()
    assert edited.stat().st_mtime_ns % 10**9  # this file system keeps fractions of a second
    loads: list[Path] = []
    original = content.load_site
    monkeypatch.setattr(
        content, "load_site", lambda site_dir, *rest: loads.append(site_dir) or original(site_dir, *rest)
    )
    assert Builder(site, BuildOptions(jobs=1)).build().rendered == 0
    assert loads == []
    whole = time.time_ns() // 10**9 * 10**9
    os.utime(edited, ns=(whole, whole))
    Builder(site, BuildOptions(jobs=1)).build()  # a new stat: looked at
    loads.clear()
    Builder(site, BuildOptions(jobs=1)).build()
    assert loads == [site]  # within two seconds of a whole-second time: looked at again
    assert snapshot(site / "public") == clean_build(site, tmp_path / "clean")


def test_a_site_built_through_a_symbolic_link_and_through_its_real_path_is_one_site(tmp_path: Path) -> None:
    site, editor = new_site(tmp_path, seed=35, articles=8, config="search: false\n")
    linked = tmp_path / "linked"
    linked.symlink_to(site, target_is_directory=True)
    assert Builder(site, BuildOptions(jobs=1)).build().rendered > 8
    assert Builder(linked, BuildOptions(jobs=1)).build().rendered == 0
    edited = shown_articles(editor)[0]
    edited.write_text(edited.read_text() + "\nA sentence more.\n")
    assert Builder(linked, BuildOptions(jobs=1)).build().rendered in (1, 2)  # and the front page's reading time
    assert Builder(site, BuildOptions(jobs=1)).build().rendered == 0
    assert snapshot(site / "public") == clean_build(site, tmp_path / "clean")


def test_a_build_with_nothing_to_do_writes_nothing_but_what_was_deleted_by_hand(tmp_path: Path) -> None:
    site, _ = new_site(tmp_path, seed=31, articles=12, config="search: false\n")
    age_inputs(site)
    Builder(site, BuildOptions(jobs=1)).build()
    expected = snapshot(site / "public")
    idle = Builder(site, BuildOptions(jobs=1)).build()
    assert (idle.written, idle.rendered) == ((), 0)
    (site / "public/topics/index.html").unlink()
    assert Builder(site, BuildOptions(jobs=1)).build().written == ("topics/index.html",)
    assert snapshot(site / "public") == expected


def git(where: Path, *args: str) -> None:
    command = ["git", "-c", "user.name=Desk", "-c", "user.email=desk@example.org", "-C", str(where), *args]
    subprocess.run(command, check=True, capture_output=True)


def test_a_build_cache_restored_into_a_fresh_clone_is_reused(tmp_path: Path) -> None:
    """CI clones the site afresh into the same folder each run (every file's mtime new) and
    restores .digest-cache/ from the last run: files whose bytes are those the store parsed
    are not parsed again, the one edited since is, and the output is a clean build's."""
    site, editor = new_site(tmp_path, seed=44, articles=6, config="search: false\n")
    git(site, "init", "--quiet")
    git(site, "add", "-A")
    git(site, "commit", "--quiet", "-m", "site")
    ci = tmp_path / "ci"
    git(tmp_path, "clone", "--quiet", str(site), str(ci))
    Builder(ci, BuildOptions(jobs=1)).build()
    shutil.move(ci / ".digest-cache", tmp_path / "saved-cache")
    shutil.rmtree(ci)
    edited = editor.articles()[2]
    edited.write_text(edited.read_text() + "\nAn edit made after the cache was saved.\n")
    git(site, "commit", "--quiet", "-am", "edit")
    git(tmp_path, "clone", "--quiet", str(site), str(ci))
    shutil.move(tmp_path / "saved-cache", ci / ".digest-cache")
    builder = Builder(ci, BuildOptions(jobs=1))
    builder.build()
    assert builder.state.content is not None
    assert builder.state.content.parsed == {edited.relative_to(site).as_posix()}
    assert snapshot(ci / "public") == clean_build(ci, tmp_path / "clean")
    again = Builder(ci, BuildOptions(jobs=1, search=False))
    (ci / "content/pages").mkdir()
    (ci / "content/pages/about.md").write_text("---\ntitle: About\n---\nUs.\n")
    again.build()  # the new stats were kept: nothing but the new page is read
    assert again.state.content is not None and again.state.content.restamped == set()
    assert again.state.content.parsed == {"content/pages/about.md"}
