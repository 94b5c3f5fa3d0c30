"""An edit re-indexes only the parts of the search index its pages are in, and the index then
answers every query as a freshly built one does (asked through Pagefind's own JavaScript in
headless Chromium, the parts merged as the search page merges them)."""

from __future__ import annotations

import datetime
import http.server
import json
import pickle
import shutil
import threading
import zlib
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path
from typing import Any

import pytest
from search_helpers import QuietHandler, copy_example_site

from digest import search, search_extract
from digest.search import MANIFEST, SEARCH_DIR
from tests.conftest import article, run_cli, snapshot

BASE_URL = "https://example.org/repo/"
SITE = search.IndexOptions("en")  # as the example site's build indexes (its language)
QUERIES = ["zanzibar", "quokka", "harbour", "ankara", "missile", "alpha7", "renamed", "zzzznothing"]


def _articles(count: int) -> dict[str, str]:
    """Articles that share some words (zanzibar, quokka, harbour) and each have one of their own."""
    return {
        f"content/articles/2024-01-{n:02d}-report-{n}.md": article(
            f"Report {n} from the harbour",
            date=f"2024-01-{n:02d}",
            topics="Trade",
            body=f"Zanzibar harbour news, alpha{n} edition. " + ("Quokka sighting. " if n % 3 == 0 else ""),
        )
        for n in range(1, count + 1)
    }


def _site(folder: Path, count: int = 24) -> Path:
    site = copy_example_site(folder)
    for name, text in _articles(count).items():
        (site / name).write_text(text, encoding="utf-8")
    return site


def _build(site: Path, *extra: str) -> Path:
    result = run_cli("build", "-C", site, "--base-url", BASE_URL, *extra)
    assert result.code == 0, result.err
    return site / "public"


def _edit(site: Path) -> None:
    """A body edit, a title edit, a new article and a deleted one."""
    first = site / "content/articles/2024-01-01-report-1.md"
    first.write_text(first.read_text().replace("Zanzibar harbour news", "Quokka harbour news"))
    second = site / "content/articles/2024-01-02-report-2.md"
    second.write_text(second.read_text().replace("Report 2 from the harbour", "Renamed report"))
    (site / "content/articles/2024-01-03-report-3.md").unlink()
    new = article("Zanzibar latecomer", date="2024-01-28", topics="Trade", body="Zanzibar again, alpha7 too.")
    (site / "content/articles/2024-01-28-latecomer.md").write_text(new)


def _part_files(output: Path) -> dict[str, int]:
    """Every file of every part, with its modification time."""
    return {
        path.relative_to(output / SEARCH_DIR).as_posix(): path.stat().st_mtime_ns
        for path in (output / SEARCH_DIR).rglob("*")
        if path.is_file() and path.parent != output / SEARCH_DIR
    }


@pytest.fixture
def serve() -> Iterator[Callable[[Path], str]]:
    """Serve a folder over HTTP on 127.0.0.1; returns its URL."""
    servers: list[http.server.ThreadingHTTPServer] = []

    def start(folder: Path) -> str:
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), partial(QuietHandler, directory=str(folder)))
        servers.append(server)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        return f"http://127.0.0.1:{server.server_address[1]}/"

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


ASK = """async ([module, queries]) => {
  const pagefind = await import(module);
  await pagefind.options({ baseUrl: "/repo/", excerptLength: 12 });
  await pagefind.init();
  const answers = {};
  for (const query of queries) {
    const found = await pagefind.search(query);
    const data = await Promise.all(found.results.map((result) => result.data()));
    answers[query] = data.map((item) => [item.url, item.meta.title, item.meta.date, item.excerpt]);
  }
  return answers;
}"""


def _ask(page: Any, url: str) -> dict[str, list[list[str]]]:
    """Every query of QUERIES against the index served at ``url``: url, title, date, excerpt."""
    page.goto(url)  # the home page: no search page script of its own sets other options
    answers: dict[str, list[list[str]]] = page.evaluate(ASK, [url + "pagefind/pagefind.js", QUERIES])
    return answers


def test_an_edit_gives_the_index_a_fresh_build_gives(tmp_path: Path, serve: Callable[[Path], str], page: Any) -> None:
    site = _site(tmp_path / "site")
    output = _build(site)
    _edit(site)
    _build(site)  # an incremental build: the index is updated, not written anew
    fresh = _build(_copy(site, tmp_path / "fresh"), "--clean")
    assert snapshot(output / SEARCH_DIR) == snapshot(fresh / SEARCH_DIR)
    answers = _ask(page, serve(output))
    assert answers == _ask(page, serve(fresh))
    assert [row[1] for row in answers["renamed"]] == ["Renamed report"]
    assert "/repo/articles/report-1/" in [row[0] for row in answers["quokka"]]
    assert "/repo/articles/report-3/" not in [row[0] for row in answers["zanzibar"]]
    assert len(answers["alpha7"]) == 2  # report 7 and the new article
    assert answers["zzzznothing"] == []


def test_an_index_in_parts_rewrites_only_the_edited_part(
    tmp_path: Path, serve: Callable[[Path], str], page: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With four pages a part, 25 articles take eight parts; a body edit touches one of them,
    and the merged parts answer as a fresh index in parts, and find what one whole index finds."""
    monkeypatch.setattr(search, "PART_SIZE", 4)
    site = _site(tmp_path / "site")
    output = _build(site)
    assert sorted(p.name for p in (output / SEARCH_DIR).iterdir() if p.is_dir()) == [str(n) for n in range(8)]
    before = _part_files(output)
    edited = site / "content/articles/2024-01-05-report-5.md"
    edited.write_text(edited.read_text().replace("Zanzibar harbour news", "Quokka harbour news"))
    _build(site)
    after = _part_files(output)
    touched = {name.split("/", 1)[0] for name in after if before.get(name) != after[name]}
    assert len(touched) == 1, touched
    fresh = _build(_copy(site, tmp_path / "fresh"), "--clean")
    assert snapshot(output / SEARCH_DIR) == snapshot(fresh / SEARCH_DIR)
    in_parts = _ask(page, serve(output))
    assert in_parts == _ask(page, serve(fresh))
    assert "/repo/articles/report-5/" in [row[0] for row in in_parts["quokka"]]

    monkeypatch.undo()  # one part: PART_SIZE is far above 25 pages
    whole = _build(_copy(site, tmp_path / "whole"))
    assert not (whole / SEARCH_DIR / "1").exists()
    one_part = _ask(page, serve(whole))
    # The same pages found; the order may differ (each part ranks its own pages).  Not for a
    # word of letters and digits that some parts lack: there Pagefind falls back to matching
    # pieces of it ("alpha7" finds "a"), each part on its own.
    for query in QUERIES:
        if query != "alpha7":
            assert sorted(map(tuple, in_parts[query])) == sorted(map(tuple, one_part[query])), query
    search.update_search_index(output, {}, options=SITE)  # another part size: the index, in eight parts, becomes one
    assert snapshot(output / SEARCH_DIR) == snapshot(whole / SEARCH_DIR)


def test_a_big_site_gets_bigger_parts_rather_than_more(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Beyond MAX_PARTS parts, pages are shared among that many (each part costs every query a
    request); an edit still re-indexes one part, and gives what a full index gives."""
    monkeypatch.setattr(search, "PART_SIZE", 2)
    monkeypatch.setattr(search, "MAX_PARTS", 4)
    site = _site(tmp_path / "site")
    output = _build(site)
    assert sorted(p.name for p in (output / SEARCH_DIR).iterdir() if p.is_dir()) == ["0", "1", "2", "3"]
    before = _part_files(output)
    edited = site / "content/articles/2024-01-05-report-5.md"
    edited.write_text(edited.read_text().replace("Zanzibar harbour news", "Quokka harbour news"))
    _build(site)
    after = _part_files(output)
    assert len({name.split("/", 1)[0] for name in after if before.get(name) != after[name]}) == 1
    fresh = _build(_copy(site, tmp_path / "fresh"), "--clean")
    assert snapshot(output / SEARCH_DIR) == snapshot(fresh / SEARCH_DIR)
    monkeypatch.setattr(search, "MAX_PARTS", 8)  # another layout: the index is made anew, in eight parts
    search.update_search_index(output, {}, options=SITE)
    assert sorted(p.name for p in (output / SEARCH_DIR).iterdir() if p.is_dir()) == [str(n) for n in range(8)]


def test_an_update_without_a_usable_index_writes_it_whole(tmp_path: Path) -> None:
    site = _site(tmp_path / "site", count=3)
    output = _build(site)
    first = snapshot(output / SEARCH_DIR)
    (output / SEARCH_DIR / MANIFEST).write_text("{damaged")
    search.update_search_index(output, {"articles/report-1/index.html": None}, options=SITE)
    assert snapshot(output / SEARCH_DIR) == first
    (output / SEARCH_DIR / MANIFEST).unlink()
    search.update_search_index(output, {}, ["articles/report-1/index.html"], options=SITE)
    assert snapshot(output / SEARCH_DIR) == first


def test_a_page_that_changes_outside_what_is_indexed_rewrites_nothing(tmp_path: Path) -> None:
    site = _site(tmp_path / "site", count=3)
    output = _build(site)
    before = _part_files(output)
    page = output / "articles/report-1/index.html"
    html = page.read_text()
    changed = html.replace("</body>", "<aside>Related: something new</aside></body>")
    search.update_search_index(output, {"articles/report-1/index.html": changed}, options=SITE)
    assert _part_files(output) == before
    search.update_search_index(
        output, {"articles/report-1/index.html": html.replace("Zanzibar", "Quokka")}, options=SITE
    )
    assert _part_files(output) != before


def _copy(site: Path, target: Path) -> Path:
    """The sources of ``site`` (not its output or cache) in ``target``."""
    shutil.copytree(site / "content", target / "content")
    shutil.copy(site / "digest.yaml", target / "digest.yaml")
    return target


def test_a_refresh_finds_what_changed_by_itself(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """refresh_search_index (the preview's) is told nothing: it compares every page with the
    index, re-indexes the parts that differ, and gives what a full index of those pages gives."""
    monkeypatch.setattr(search, "PART_SIZE", 4)
    site = _site(tmp_path / "site")
    output = _build(site)
    page = output / "articles/report-4/index.html"
    page.write_text(page.read_text().replace("Zanzibar harbour news", "Quokka harbour news"))
    shutil.rmtree(output / "articles/report-6")
    before = _part_files(output)
    search.refresh_search_index(output, SITE)
    after = _part_files(output)
    touched = {name.split("/", 1)[0] for name in after if before.get(name) != after[name]}
    assert 1 <= len(touched) <= 2
    again = tmp_path / "again"
    shutil.copytree(output, again, ignore=shutil.ignore_patterns(SEARCH_DIR))
    search.write_search_index(again, options=SITE)
    assert snapshot(output / SEARCH_DIR) == snapshot(again / SEARCH_DIR)
    search.refresh_search_index(output, SITE)  # nothing changed since: nothing is written
    assert _part_files(output) == after


def test_pages_and_their_index_are_switched_in_together(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The index is brought up to date in the next tree, before it replaces the output: when
    Pagefind fails, the build fails and the output (pages and index) stays the previous build's;
    the next build then gives what a clean build gives.  (Pagefind runs when its JavaScript is
    not in the previous index: here it was deleted.)"""
    site = _site(tmp_path / "site")
    output = _build(site)
    (output / SEARCH_DIR / "0/pagefind-worker.js").unlink()
    before = snapshot(output)
    _edit(site)
    failing = tmp_path / "pagefind-fails"
    failing.write_text("#!/bin/sh\necho 'Error: disk on fire' >&2\nexit 3\n")
    failing.chmod(0o755)
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(failing))
    monkeypatch.setattr(search, "_RUNTIME", {})  # what this process got from Pagefind before
    result = run_cli("build", "-C", site, "--base-url", BASE_URL)
    assert result.code == 1
    assert "search index: Pagefind failed" in result.err and "disk on fire" in result.err
    assert snapshot(output) == before
    monkeypatch.delenv("PAGEFIND_BINARY_PATH")
    after = snapshot(_build(site))
    clean = snapshot(_build(_copy(site, tmp_path / "clean")))
    assert {path: data for path, data in after.items() if not path.startswith(".")} == {
        path: data for path, data in clean.items() if not path.startswith(".")
    }


def test_an_article_in_another_language_is_found_from_the_search_page(
    tmp_path: Path, serve: Callable[[Path], str], page: Any
) -> None:
    """Every page is indexed as in the site's language: Pagefind would otherwise put a Turkish
    article of an English site in an index of its own, which the search page never reads."""
    site = _site(tmp_path / "site", count=3)
    turkish = article("Meclis gündemi", date="2024-01-20", topics="Trade", body="Cumhurbaşkanlığı kabinesi toplandı.")
    turkish = turkish.replace("topics:", "language: tr\ntopics:", 1)
    (site / "content/articles/2024-01-20-meclis.md").write_text(turkish, encoding="utf-8")
    output = _build(site)
    assert '<html lang="tr"' in (output / "articles/meclis/index.html").read_text()
    url = serve(output)
    page.goto(url)
    answers = page.evaluate(ASK, [url + "pagefind/pagefind.js", ["kabinesi", "zanzibar"]])
    assert [row[0] for row in answers["kabinesi"]] == ["/repo/articles/meclis/"]
    assert len(answers["zanzibar"]) == 3


def pages_read(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The URLs of the pages the index reads from now on, in order."""
    read: list[str] = []
    real_read_page = search_extract.read_page

    def counting(html: str, url: str, language: str = "") -> search_extract.PageText:
        read.append(url)
        return real_read_page(html, url, language)

    monkeypatch.setattr(search_extract, "read_page", counting)
    return read


def _two_part_site(tmp_path: Path) -> tuple[Path, Path]:
    """The example site with 300 more reports (an index of two parts), built: site and output."""
    site = copy_example_site(tmp_path / "site")
    for n in range(1, 301):
        day = datetime.date(2023, 1, 1) + datetime.timedelta(days=n)
        text = article(f"Report {n}", date=day.isoformat(), topics="Trade", body=f"Zanzibar harbour news {n}.")
        (site / f"content/articles/{day.isoformat()}-report-{n}.md").write_text(text, encoding="utf-8")
    return site, _build(site)


def test_an_edit_reads_again_only_the_pages_that_changed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """What was read of each page is kept in the cache folder, by the fingerprint of what
    Pagefind reads of it: re-indexing a part reads only its changed pages, and the index equals a full one.  A damaged
    cache file is as good as none."""
    site, output = _two_part_site(tmp_path)
    assert len(list((site / ".digest-cache/plugins/search").glob("part-2-*.pickle"))) == 2  # the build's own
    cache = tmp_path / "cache"
    options = search.IndexOptions("en", (), cache)
    search.write_search_index(output, options=options)
    assert sorted(path.name for path in cache.iterdir()) == ["part-2-0.pickle", "part-2-1.pickle"]
    read = pages_read(monkeypatch)
    page = output / "articles/report-5/index.html"
    page.write_text(page.read_text().replace("Zanzibar harbour news", "Quokka harbour news"))
    search.update_search_index(output, {"articles/report-5/index.html": None}, (), options)
    assert read == ["/articles/report-5/"]
    fresh = tmp_path / "fresh"
    shutil.copytree(output, fresh, ignore=shutil.ignore_patterns(SEARCH_DIR))
    search.write_search_index(fresh, options=SITE)
    assert snapshot(output / SEARCH_DIR) == snapshot(fresh / SEARCH_DIR)
    part = search._part_of("articles/report-5/index.html", 2)
    (cache / f"part-2-{part}.pickle").write_bytes(b"not a cache")
    page.write_text(page.read_text().replace("Quokka harbour news", "Zanzibar harbour news"))
    read.clear()
    search.update_search_index(output, {"articles/report-5/index.html": None}, (), options)
    assert len(read) > 1  # the whole part read again
    assert (cache / f"part-2-{part}.pickle").read_bytes() != b"not a cache"


def test_pages_kept_without_their_words_are_read_again_when_the_meta_fields_change(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The cache keeps a page's postings and fragment, not the words they were made of; when
    a page of its part brings a new meta field (the postings number the fields), the kept
    pages are read again, and the index equals a full one."""
    site = copy_example_site(tmp_path / "site")
    for n in range(1, 41):
        day = datetime.date(2023, 1, 1) + datetime.timedelta(days=n)
        text = article(f"Report {n}", date=day.isoformat(), topics="Trade", body=f"Zanzibar harbour news {n}.")
        (site / f"content/articles/{day.isoformat()}-report-{n}.md").write_text(text, encoding="utf-8")
    output = _build(site)
    cache = tmp_path / "cache"
    options = search.IndexOptions("en", (), cache)
    search.write_search_index(output, options=options)
    search.write_search_index(output, options=options)  # the second run keeps what the first made
    (kept_file,) = cache.iterdir()
    _, _, stored = pickle.loads(kept_file.read_bytes())
    kept = {path: pickle.loads(zlib.decompress(data)) for path, (_, data) in stored.items()}
    assert kept and all(page.trimmed and not page.words for page in kept.values())
    read = pages_read(monkeypatch)
    page = output / "articles/report-5/index.html"
    html = page.read_text()
    page.write_text(html.replace("Zanzibar harbour news", '<span data-pagefind-meta="mood">calm</span> Quokka news'))
    search.update_search_index(output, {"articles/report-5/index.html": None}, (), options)
    assert len(read) == len(kept)  # the edited page, and every kept one again
    fresh = tmp_path / "fresh"
    shutil.copytree(output, fresh, ignore=shutil.ignore_patterns(SEARCH_DIR))
    search.write_search_index(fresh, options=SITE)
    assert snapshot(output / SEARCH_DIR) == snapshot(fresh / SEARCH_DIR)


def test_a_part_reads_again_only_the_pages_whose_indexed_content_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A page whose HTML changed only where Pagefind does not read it (outside its marked
    body: a list of related articles, say) is kept, unread, when its part is indexed again; a
    page with a second marked body, or a new image outside its body, is read again; and the
    index equals a fresh one each time."""
    _, output = _two_part_site(tmp_path)
    options = search.IndexOptions("en", (), tmp_path / "cache")
    search.write_search_index(output, options=options)
    part = search._part_of("articles/report-5/index.html", 2)
    same_part = [f"articles/report-{n}/index.html" for n in range(5, 301)]
    edited, outside, second_body, image = [path for path in same_part if search._part_of(path, 2) == part][:4]
    read = pages_read(monkeypatch)

    def change(path: str, old: str, new: str, count: int = 1) -> None:
        page = output / path
        page.write_text(page.read_text().replace(old, new, count))

    def equals_a_fresh_index(name: str) -> bool:
        fresh = tmp_path / name
        shutil.copytree(output, fresh, ignore=shutil.ignore_patterns(SEARCH_DIR))
        search.write_search_index(fresh, options=SITE)
        return snapshot(output / SEARCH_DIR) == snapshot(fresh / SEARCH_DIR)

    change(edited, "Zanzibar harbour news", "Quokka harbour news", -1)
    change(outside, "</article>", "</article><aside data-pagefind-ignore><p>Related: Walrus tidings</p></aside>")
    change(second_body, "</article>", "</article><div data-pagefind-body><p>Narwhal sightings</p></div>")
    search.update_search_index(output, dict.fromkeys([edited, outside, second_body]), (), options)
    assert sorted(read) == sorted(f"/{path.removesuffix('index.html')}" for path in (edited, second_body))
    assert equals_a_fresh_index("fresh")
    change(image, "</article>", '</article><p><img src="/static/walrus.png" alt="A walrus"></p>')
    read.clear()
    search.update_search_index(output, {image: None}, (), options)
    assert f"/{image.removesuffix('index.html')}" in read
    assert equals_a_fresh_index("fresh-2")


def test_the_previews_index_keeps_a_replaced_parts_files_for_one_update(tmp_path: Path) -> None:
    """Updated in place while a browser may be searching it (the preview), a part indexed again
    keeps the files of the part it replaced (Pagefind names them by their content), so that a
    search that read the old entry a moment before finds every file it names; one update later
    they are gone; and the rest is the index a full run writes."""
    site = _site(tmp_path / "site")
    output = _build(site)
    options = search.IndexOptions("en", (), tmp_path / "cache", keep_previous=True)
    search.write_search_index(output, options=options)
    page = output / "articles/report-5/index.html"

    def edit(old: str, new: str) -> tuple[set[str], set[str]]:
        page.write_text(page.read_text().replace(old, new))
        search.update_search_index(output, {"articles/report-5/index.html": None}, (), options)
        carried = json.loads((output / SEARCH_DIR / "0" / search.CARRIED).read_text())
        return set(_part_files(output)), {f"0/{name}" for name in carried}

    first = set(_part_files(output))
    second, carried = edit("Zanzibar harbour news", "Quokka harbour news")
    assert first <= second and carried and carried <= first
    assert any(name.endswith(".pf_meta") for name in carried)
    third, carried_again = edit("Quokka harbour news", "Marzipan harbour news")
    assert not (carried & third)  # the first files are gone
    assert carried_again and carried_again <= second - carried  # the second ones kept
    assert second - carried - {"0/.carried"} <= third
    fresh = tmp_path / "fresh"
    shutil.copytree(output, fresh, ignore=shutil.ignore_patterns(SEARCH_DIR))
    search.write_search_index(fresh, options=SITE)
    current = snapshot(output / SEARCH_DIR)
    assert {name: data for name, data in current.items() if name not in carried_again | {"0/.carried"}} == snapshot(
        fresh / SEARCH_DIR
    )


def test_the_previews_index_written_anew_keeps_the_files_of_the_last_one_for_one_update(tmp_path: Path) -> None:
    """Written anew while a browser may be searching it (the preview, after a search setting
    changed), each part keeps the files of the part it replaced, as an update does: a search
    that read the old entry a moment before finds every file it names; one update later they
    are no longer carried."""
    site = _site(tmp_path / "site")
    output = _build(site)
    options = search.IndexOptions("en", (), tmp_path / "cache", keep_previous=True)
    search.write_search_index(output, options=options)
    first = set(_part_files(output))
    excluded = search.IndexOptions("en", ("/articles/report-5/",), tmp_path / "cache", keep_previous=True)
    search.write_search_index(output, options=excluded)
    second = set(_part_files(output))
    carried = {f"0/{name}" for name in json.loads((output / SEARCH_DIR / "0" / search.CARRIED).read_text())}
    assert first <= second
    assert carried == first - (second - carried)  # what the new index has of its own is not carried
    assert any(name.endswith(".pf_meta") for name in carried)
    other = search.IndexOptions("en", ("/articles/report-6/",), tmp_path / "cache", keep_previous=True)
    search.write_search_index(output, options=other)
    carried_again = {f"0/{name}" for name in json.loads((output / SEARCH_DIR / "0" / search.CARRIED).read_text())}
    assert carried_again and carried_again <= second - carried  # the second index's files, not the first's


def _indexed_urls(output: Path) -> set[str]:
    """The URLs of the pages the index's fragments hold."""
    urls = set()
    for fragment in (output / SEARCH_DIR).glob("*/fragment/*.pf_fragment"):
        data = zlib.decompress(fragment.read_bytes(), 31)
        urls.add(json.loads(data[data.index(b"{") :])["url"])
    return urls


def test_what_decides_how_a_marked_page_is_read_is_part_of_its_fingerprint(tmp_path: Path) -> None:
    """An ignored or weighted region around a page's filter or body, and a marker that is no
    element's (in a comment, or inside a region left out whole): after each edit the index
    equals a fresh one, as Pagefind makes it (such a page is not indexed)."""
    site = _site(tmp_path / "site", count=4)
    output = _build(site)
    options = search.IndexOptions("en", (), tmp_path / "cache")
    search.write_search_index(output, options=options)

    def edit(path: str, old: str, new: str) -> None:
        page = output / path
        html = page.read_text()
        assert old in html
        page.write_text(html.replace(old, new))
        search.update_search_index(output, {path: None}, (), options)
        fresh = tmp_path / f"fresh-{len(list(tmp_path.iterdir()))}"
        shutil.copytree(output, fresh, ignore=shutil.ignore_patterns(SEARCH_DIR))
        search.write_search_index(fresh, options=search.IndexOptions("en"))
        assert snapshot(output / SEARCH_DIR) == snapshot(fresh / SEARCH_DIR), (path, new)

    filtered = "articles/report-1/index.html"
    edit(
        filtered,
        "</article>",
        '</article><div data-pagefind-ignore="all"><p data-pagefind-filter="desk">World</p></div>',
    )
    edit(filtered, 'data-pagefind-ignore="all"><p data-pagefind-filter', "data-pagefind-ignore><p data-pagefind-filter")
    assert any((output / SEARCH_DIR).glob("*/filter"))  # read once its region is not left out whole
    edit(filtered, "<article ", '<div data-pagefind-weight="10"><article ')
    wrapped = "articles/report-2/index.html"
    edit(wrapped, "<article ", '<div data-pagefind-ignore="all"><article ')
    assert "/articles/report-2/" not in _indexed_urls(output)
    scripted = "articles/report-4/index.html"  # "<!--" in a script is text: what follows is read as before
    edit(scripted, "data-pagefind-body>", 'data-pagefind-body><script>var marker = "<!--";</script>')
    edit(scripted, "Zanzibar harbour news", "Quokka harbour news")
    commented = "articles/report-3/index.html"
    edit(commented, "data-pagefind-body", "data-x")
    edit(commented, "</main>", "<!-- <div data-pagefind-body> --></main>")
    assert "/articles/report-3/" not in _indexed_urls(output)
    assert "/articles/report-4/" in _indexed_urls(output)


def test_an_index_whose_sites_folder_was_deleted_does_not_make_it_again(tmp_path: Path) -> None:
    """The preview indexes in the background: a site deleted meanwhile stays deleted (its
    reading cache is not saved into a new .digest-cache)."""
    site = _site(tmp_path / "site", count=2)
    output = _build(site)
    served = tmp_path / "served"
    shutil.copytree(output, served)
    cache = site / ".digest-cache" / "plugins" / "search"
    shutil.rmtree(site)
    search.write_search_index(served, options=search.IndexOptions("en", (), cache))
    assert (served / SEARCH_DIR / MANIFEST).is_file() and not site.exists()
