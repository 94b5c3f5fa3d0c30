"""write_search_index: the built pages indexed in Pagefind's format, in parts, swapped in atomically, clear errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from search_helpers import SEED_SLUG, build, copy_example_site

from digest import search
from digest.errors import DigestError
from digest.search import MANIFEST, SEARCH_DIR, IndexOptions, write_search_index
from digest.write import INDEX_WORK_PREFIX
from tests.conftest import article, snapshot

SITE = IndexOptions("en")  # as the example site's build indexes (its language)

BASE_URL = "https://example.org/repo/"


@pytest.fixture
def built(tmp_path: Path) -> tuple[Path, Path]:
    """The example site built into tmp/out: (site, output)."""
    site = copy_example_site(tmp_path / "site")
    output = tmp_path / "out"
    build(site, output, BASE_URL)
    return site, output


def _pages_indexed(output: Path) -> int:
    entries = [json.loads(path.read_text()) for path in (output / SEARCH_DIR).glob("*/pagefind-entry.json")]
    return sum(language["page_count"] for entry in entries for language in entry["languages"].values())


def _leftovers(output: Path) -> list[str]:
    """Temporary folders of the indexer, next to the output or inside it."""
    return sorted(p.name for folder in (output.parent, output) for p in folder.glob(f"{INDEX_WORK_PREFIX}*"))


def test_writes_the_bundle_into_pagefind_and_indexes_only_articles(built: tuple[Path, Path]) -> None:
    _, output = built
    write_search_index(output, options=SITE)
    bundle = output / SEARCH_DIR
    assert (bundle / "pagefind.js").is_file()  # digest's module over the parts
    assert sorted(p.name for p in bundle.iterdir()) == ["0", MANIFEST, "pagefind.js"]  # one part for a small site
    for name in ("pagefind.js", "pagefind-worker.js", "wasm.en.pagefind", "pagefind-entry.json"):
        assert (bundle / "0" / name).is_file(), name
    assert not (bundle / "0" / "pagefind-ui.js").exists()  # Pagefind's own interface would not merge the parts
    assert _pages_indexed(output) == 1  # the seed article; not the home, topic, digest or about pages
    assert _leftovers(output) == []
    assert not list(bundle.rglob("*.html"))  # no playground: nothing but the bundle is published


def test_a_second_call_replaces_the_index_and_leaves_one_pagefind_folder(built: tuple[Path, Path]) -> None:
    site, output = built
    write_search_index(output, options=SITE)
    first = snapshot(output / SEARCH_DIR)
    write_search_index(output, options=SITE)
    assert snapshot(output / SEARCH_DIR) == first  # same site, same index
    text = article("Ankara talks resume", date="2019-07-01", topics="Turkey", body="Diplomats met in Ankara.")
    (site / "content/articles/2019-07-01-ankara-talks.md").write_text(text)
    build(site, output, BASE_URL)
    write_search_index(output, options=SITE)
    assert _pages_indexed(output) == 2
    assert sorted(p.name for p in output.iterdir() if "pagefind" in p.name) == [SEARCH_DIR]
    assert _leftovers(output) == []


def _without_pagefind_runtime(output: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Make the next index ask Pagefind for its runtime: neither this process nor the previous
    index has it."""
    monkeypatch.setattr(search, "_RUNTIME", {})
    (output / SEARCH_DIR / "0/pagefind-worker.js").unlink()


def test_the_runtime_comes_from_the_previous_index_or_from_pagefind(
    built: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Pagefind's JavaScript and WebAssembly are taken from the previous index when the installed
    Pagefind wrote it, else from Pagefind itself: either way the same files."""
    _, output = built
    write_search_index(output, options=SITE)
    before = snapshot(output / SEARCH_DIR)
    _without_pagefind_runtime(output, monkeypatch)
    write_search_index(output, options=SITE)
    assert snapshot(output / SEARCH_DIR) == before
    assert set(search._RUNTIME) == {(search._installed_version(), "en")}


def test_a_failing_pagefind_leaves_the_previous_index(
    built: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, output = built
    write_search_index(output, options=SITE)
    before = snapshot(output / SEARCH_DIR)
    failing = tmp_path / "pagefind-fails"
    failing.write_text("#!/bin/sh\nmkdir -p \"$4/fragment\"\necho 'Error: disk on fire' >&2\nexit 3\n")
    failing.chmod(0o755)
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(failing))
    _without_pagefind_runtime(output, monkeypatch)
    before = snapshot(output / SEARCH_DIR)
    with pytest.raises(DigestError) as caught:
        write_search_index(output, options=SITE)
    message = str(caught.value)
    assert message.startswith("search index: Pagefind failed (exit code 3)")
    assert "disk on fire" in message
    assert snapshot(output / SEARCH_DIR) == before
    assert _leftovers(output) == []


def test_a_failed_swap_puts_the_previous_index_back(built: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    _, output = built
    write_search_index(output, options=SITE)
    before = snapshot(output / SEARCH_DIR)

    def refuse(source: object, target: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "rename", refuse)
    monkeypatch.setattr(search, "rename_exchange", lambda first, second: False)  # as where renameat2 is missing
    with pytest.raises(DigestError, match=r"^search index: cannot move the new index into .*Permission denied"):
        write_search_index(output, options=SITE)
    monkeypatch.undo()
    assert snapshot(output / SEARCH_DIR) == before
    assert _leftovers(output) == []


def test_the_index_is_exchanged_in_one_step_where_the_system_can(
    built: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Never a moment without the folder: the new index and the old are exchanged at once
    (renameat2), not renamed one after the other."""
    _, output = built
    write_search_index(output, options=SITE)
    before = snapshot(output / SEARCH_DIR)
    folder = os.stat(output / SEARCH_DIR).st_ino

    def refuse(source: object, target: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "rename", refuse)  # what the swap in two steps ends with
    write_search_index(output, options=SITE)
    monkeypatch.undo()
    assert os.stat(output / SEARCH_DIR).st_ino != folder  # a new folder, swapped in
    assert snapshot(output / SEARCH_DIR) == before
    assert _leftovers(output) == []


def test_two_indexers_at_once_leave_one_complete_index(built: tuple[Path, Path]) -> None:
    _, output = built
    errors: list[BaseException] = []

    def index() -> None:
        try:
            write_search_index(output, options=SITE)
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=index) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert _pages_indexed(output) == 1
    assert (output / SEARCH_DIR / "pagefind.js").is_file()
    assert _leftovers(output) == []


def test_pagefind_that_stops_without_an_answer_is_an_error(
    built: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, output = built
    silent = tmp_path / "pagefind-silent"
    silent.write_text("#!/bin/sh\nexit 0\n")
    silent.chmod(0o755)
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(silent))
    _without_pagefind_runtime(output, monkeypatch)
    before = snapshot(output / SEARCH_DIR)  # the index digest build wrote
    with pytest.raises(DigestError, match=r"^search index: Pagefind failed \(exit code 0\): no output"):
        write_search_index(output, options=SITE)
    assert snapshot(output / SEARCH_DIR) == before


def test_missing_pagefind_is_a_clear_error(built: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    _, output = built
    monkeypatch.setitem(sys.modules, "pagefind", None)  # None in sys.modules: import fails
    monkeypatch.setitem(sys.modules, "pagefind.service", None)
    monkeypatch.setitem(sys.modules, "pagefind_bin", None)
    _without_pagefind_runtime(output, monkeypatch)
    before = snapshot(output / SEARCH_DIR)
    with pytest.raises(DigestError) as caught:
        write_search_index(output, options=SITE)
    assert str(caught.value) == "search index: Pagefind is not installed; install it with: pip install 'pagefind[bin]'"
    assert snapshot(output / SEARCH_DIR) == before


def test_a_binary_path_that_does_not_exist_is_a_clear_error(
    built: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, output = built
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(tmp_path / "nowhere"))
    _without_pagefind_runtime(output, monkeypatch)
    with pytest.raises(DigestError, match=r"^search index: Pagefind is not installed.*no Pagefind binary at"):
        write_search_index(output, options=SITE)


def test_a_binary_that_cannot_be_run_is_said_in_words(
    built: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Not Python's '[Errno 13] Permission denied: …' (or '[Errno 24] Too many open files'
    under ``ulimit -n``)."""
    _, output = built
    binary = tmp_path / "pagefind"
    binary.write_bytes(b"not a program")
    binary.chmod(0o644)
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(binary))
    _without_pagefind_runtime(output, monkeypatch)
    with pytest.raises(DigestError) as caught:
        write_search_index(output, options=SITE)
    assert str(caught.value) == f"search index: cannot run Pagefind ({binary}): Permission denied"


def test_an_output_folder_that_does_not_exist_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(DigestError, match=r"^search index: the output folder .* does not exist"):
        write_search_index(tmp_path / "public")


def test_temporary_folders_of_a_killed_indexer_are_removed(built: tuple[Path, Path]) -> None:
    _, output = built
    abandoned = output.parent / f"{INDEX_WORK_PREFIX}999999999-abc"  # above any pid_max: no such process
    (abandoned / "new").mkdir(parents=True)
    ours = output.parent / f"{INDEX_WORK_PREFIX}{os.getpid()}-xyz"  # a live process's: left alone
    ours.mkdir()
    write_search_index(output, options=SITE)
    assert not abandoned.exists()
    assert ours.exists()


def test_index_has_the_metadata_the_search_page_shows(built: tuple[Path, Path]) -> None:
    """The article page carries the title, date and topics that results show."""
    _, output = built
    html = (output / f"articles/{SEED_SLUG}/index.html").read_text()
    assert "data-pagefind-body" in html
    assert 'data-pagefind-meta="title"' in html
    assert '<p hidden data-pagefind-meta="date">27 June 2019</p>' in html
    assert '<p hidden data-pagefind-meta="topics">Turkey, Politics</p>' in html


def test_search_page_links_its_script_and_index_relatively(built: tuple[Path, Path]) -> None:
    _, output = built
    html = (output / "search/index.html").read_text()
    assert 'data-pagefind="../pagefind/pagefind.js"' in html
    assert 'data-root="../"' in html
    assert '<script type="module" src="../static/search.js"></script>' in html
    assert 'href="../static/search.css"' in html
    assert "<noscript>" in html and "Search needs JavaScript" in html
    assert (output / "static/search.js").is_file()
    assert (output / "static/search.css").is_file()


def test_importing_digest_search_does_not_import_pagefind() -> None:
    code = "import sys, digest.search; print(sorted(m for m in sys.modules if m.startswith('pagefind')))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_unchanged_index_files_keep_their_modification_time(built: tuple[Path, Path]) -> None:
    _, output = built
    before = {p: p.stat().st_mtime_ns for p in (output / SEARCH_DIR).rglob("*") if p.is_file()}
    time.sleep(0.05)
    write_search_index(output, options=SITE)
    after = {p: p.stat().st_mtime_ns for p in (output / SEARCH_DIR).rglob("*") if p.is_file()}
    assert before.keys() == after.keys()
    assert before == after
