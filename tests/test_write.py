"""The output writer: atomic swaps, unchanged files kept, paths that cannot escape."""

from __future__ import annotations

import dataclasses
import errno
import os
import random
import shutil
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from digest import write
from digest.render import Renderer
from digest.write import MANIFEST, SPARE_PREFIX, SPARE_STATE, SWAP_PREFIX, OutputError, OutputWriter
from tests.conftest import CliResult, article, snapshot


def manifest(files: list[str]) -> bytes:
    return ('{"version":1,"keep":[],"files":[' + ",".join(f'"{name}"' for name in files) + "]}").encode()


def test_writer_swaps_in_only_on_commit(tmp_path: Path) -> None:
    output = tmp_path / "public"
    with OutputWriter(output) as writer:
        writer.write("index.html", b"one", "test")
        writer.commit()
    assert (output / "index.html").read_bytes() == b"one"
    with OutputWriter(output) as writer:
        writer.write("index.html", b"two", "test")
        writer.write("new/page.html", b"new", "test")
        # no commit: as if an error happened
    assert snapshot(output) == {"index.html": b"one", MANIFEST: manifest(["index.html"])}
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"{SPARE_PREFIX}public", "public"]  # no staging left


def test_writer_prunes_and_keeps_unchanged_files(tmp_path: Path) -> None:
    output = tmp_path / "public"
    with OutputWriter(output) as writer:
        writer.write("a.html", b"a", "t")
        writer.write("dir/b.html", b"b", "t")
        writer.commit()
    inode = (output / "a.html").stat().st_ino
    with OutputWriter(output) as writer:
        assert writer.exists("a.html")
        assert not writer.exists("missing.html")
        writer.claim("a.html", "t")
        writer.record("a.html", changed=False)
        removed = writer.commit()
    assert removed == ["dir/b.html"]
    assert (output / "a.html").stat().st_ino == inode
    assert not (output / "dir").exists()


@pytest.mark.parametrize("path", ["../escape.html", "/etc/passwd", "a/../../b", "a//b", "a\\..\\b", "", "./x"])
def test_writer_refuses_paths_outside_the_output(tmp_path: Path, path: str) -> None:
    with OutputWriter(tmp_path / "public") as writer, pytest.raises(OutputError):
        writer.write(path, b"x", "test")
    assert not (tmp_path / "escape.html").exists()


def test_writer_refuses_the_same_path_twice(tmp_path: Path) -> None:
    with OutputWriter(tmp_path / "public") as writer:
        writer.write("a.html", b"x", "first")
        with pytest.raises(OutputError, match="written twice: by first and by second"):
            writer.write("a.html", b"y", "second")


def test_claims_taken_again_from_the_last_writer_are_the_same_and_others_are_each_checked(tmp_path: Path) -> None:
    pages = [(f"{name}/index.html", "article.html", None) for name in ("a", "b", "c/d")] + [("feed.xml", "feed", 3)]
    with OutputWriter(tmp_path / "public") as first:
        first.reserve("pagefind/", "search")
        assert first.claim_all(pages) == {}
        last = first.claims(pages)
    with OutputWriter(tmp_path / "public") as again:
        again.reserve("pagefind/", "search")
        assert again.claim_all(list(pages), last) == {}
        assert (again.produced, again.folders) == (first.produced, first.folders)
        with pytest.raises(OutputError, match=r"written twice: by article\.html and by static"):
            again.claim("a/index.html", "static")
    other = [*pages, ("a/index.html", "page.html", 7), ("pagefind/x.js", "plugin", None), ("feed.xml/y", "z", None)]
    with OutputWriter(tmp_path / "public") as changed:
        changed.reserve("pagefind/", "search")
        refused = changed.claim_all(other, last)
        assert sorted(refused) == [4, 5, 6]  # the first claim of a path stands; the second is refused
        assert "written twice: by article.html and by page.html" in str(refused[4])
        assert refused[4].line == 7
        assert "inside 'pagefind/'" in str(refused[5])
        assert "both a file" in str(refused[6])
        assert changed.produced["a/index.html"] == "article.html"


def test_interrupted_build_leaves_public_intact(
    make_site: Callable[..., Path], cli: Callable[..., CliResult], monkeypatch: pytest.MonkeyPatch
) -> None:
    site = make_site(
        {f"content/articles/2024-01-{d:02d}-s{d}.md": article(f"S{d}", date=f"2024-01-{d:02d}") for d in range(1, 9)}
    )
    assert cli("build", "-C", site).code == 0
    before = snapshot(site / "public")
    (site / "content/articles/2024-01-01-s1.md").write_text(article("Changed", date="2024-01-01"))
    calls = {"n": 0}
    original = Renderer.render

    def interrupted(self: Renderer, *args: object, **kwargs: object) -> bytes:
        calls["n"] += 1
        if calls["n"] == 5:
            raise KeyboardInterrupt
        return original(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Renderer, "render", interrupted)
    result = cli("build", "-C", site)
    assert result.code == 130
    assert "interrupted; the previous output was left as it was" in result.err
    assert snapshot(site / "public") == before
    assert sorted(p.name for p in site.iterdir()) == [
        ".digest-cache",
        f"{SPARE_PREFIX}public",
        "content",
        "digest.yaml",
        "public",
    ]


def test_an_interrupt_once_the_new_output_is_in_place_says_so(
    make_site: Callable[..., Path], cli: Callable[..., CliResult], monkeypatch: pytest.MonkeyPatch
) -> None:
    from digest.build import Builder

    site = make_site({"content/articles/2024-01-01-a.md": article("A")})
    assert cli("build", "-C", site).code == 0
    (site / "content/articles/2024-01-01-a.md").write_text(article("Changed"))

    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(Builder, "_save", interrupted)  # after the switch, before the state is kept
    result = cli("build", "-C", site)
    assert result.code == 130
    assert "interrupted once the new output was in place (it is whole)" in result.err
    assert "Changed" in (site / "public/articles/a/index.html").read_text()
    monkeypatch.undo()
    assert cli("build", "-C", site).code == 0


def test_abandoned_staging_folders_are_cleaned(make_site: Callable[..., Path], cli: Callable[..., CliResult]) -> None:
    site = make_site({"content/articles/2024-01-01-a.md": article("A")})
    (site / ".digest-staging-999999999-abc").mkdir()
    assert cli("build", "-C", site).code == 0
    assert not (site / ".digest-staging-999999999-abc").exists()


def test_a_file_of_the_users_is_kept_when_the_output_lost_its_manifest(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    # .digest-manifest gone (removed by hand, or by a version of digest that kept none) while
    # the store is there: the build that edits a page (the same files as before) must not
    # count the user's CNAME among digest's files, which the next build that drops or adds
    # a page would remove.
    site = make_site(
        {"content/articles/2024-01-01-a.md": article("A"), "content/articles/2024-01-02-b.md": article("B")}
    )
    assert cli("build", "-C", site).code == 0
    (site / "public/CNAME").write_text("news.example.org")
    (site / "public" / MANIFEST).unlink()
    (site / "content/articles/2024-01-01-a.md").write_text(article("A", body="Edited."))
    assert cli("build", "-C", site).code == 0
    (site / "content/articles/2024-01-03-c.md").write_text(article("C", date="2024-01-03"))
    assert cli("build", "-C", site).code == 0
    (site / "content/articles/2024-01-02-b.md").unlink()
    assert cli("build", "-C", site).code == 0
    assert (site / "public/CNAME").read_text() == "news.example.org"
    assert not (site / "public/articles/b").exists()


@pytest.mark.parametrize(
    ("written", "said"),
    [
        (b'{"version":2,"keep":[],"files":["a.html"]}', "is of another version of digest (format 2; this one reads 1)"),
        (b'{"version":1,"files":', "cannot be read"),
    ],
)
def test_a_manifest_of_another_version_or_damaged_is_named_as_such(tmp_path: Path, written: bytes, said: str) -> None:
    output = tmp_path / "public"
    build_tree(output, {"a.html": b"a"})
    (output / "CNAME").write_bytes(b"example.org")
    (output / MANIFEST).write_bytes(written)
    with pytest.raises(OutputError) as refused:
        build_tree(output, {"a.html": b"a2", "b.html": b"b"})
    assert f"is not empty and its {MANIFEST}, the list of the files digest wrote there, {said}, and holds files" in (
        str(refused.value)
    )
    assert snapshot(output) == {"a.html": b"a", "CNAME": b"example.org", MANIFEST: written}


def test_a_build_with_nothing_to_do_writes_a_lost_manifest_again(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    # Without it, the next build that adds a page took the output for a folder digest did not
    # make (the user's CNAME in it) and refused to build.
    site = make_site({"content/articles/2024-01-01-a.md": article("A")})
    for path in site.rglob("*"):  # written well before the build: one with nothing to do returns at once
        os.utime(path, (time.time() - 3600, time.time() - 3600))
    assert cli("build", "-C", site).code == 0
    (site / "public/CNAME").write_text("news.example.org")
    (site / "public" / MANIFEST).unlink()
    assert cli("build", "-C", site).code == 0
    assert (site / "public" / MANIFEST).is_file()
    (site / "content/articles/2024-01-02-b.md").write_text(article("B", date="2024-01-02"))
    result = cli("build", "-C", site)
    assert result.code == 0, result.err
    assert (site / "public/CNAME").read_text() == "news.example.org"


def test_a_site_output_without_a_manifest_names_the_files_the_build_does_not_write(tmp_path: Path) -> None:
    # public/ of a version of digest that kept no manifest, with a file of the user's in it.
    (tmp_path / "digest.yaml").write_text("title: T\n")
    output = tmp_path / "public"
    build_tree(output, {"index.html": b"i", "a/index.html": b"a"})
    (output / MANIFEST).unlink()
    (output / "CNAME").write_bytes(b"example.org")
    with pytest.raises(OutputError) as refused:
        build_tree(output, {"index.html": b"i2", "a/index.html": b"a", "b/index.html": b"b"})
    assert (
        f"(it has no {MANIFEST}), and holds files this build does not write, yours or an earlier version's: CNAME; "
        "nothing was written"
    ) in str(refused.value)
    assert files_of(output) == {"index.html": b"i", "a/index.html": b"a", "CNAME": b"example.org"}


def test_a_killed_build_leaves_no_folders_when_the_next_has_nothing_to_do(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    """``digest build --clean`` killed while it wrote, then ``digest build``, which finds the
    output current: the killed build's staging and search folders (a copy of much of the
    site) are removed all the same."""
    site = make_site({"content/articles/2024-01-01-a.md": article("A")})
    assert cli("build", "-C", site).code == 0
    (site / ".digest-staging-999999999-abc/articles/a").mkdir(parents=True)
    (site / ".digest-staging-999999999-abc/articles/a/index.html").write_text("half")
    (site / ".digest-pagefind-999999999-def").mkdir()
    result = cli("build", "-C", site)
    assert result.code == 0 and "(0 written, " in result.out, result.out
    assert sorted(path.name for path in site.iterdir() if path.name.startswith(".digest-")) == [
        ".digest-cache",
        ".digest-spare-public",
    ]


def build_tree(output: Path, files: dict[str, bytes], prune: bool = True) -> list[str]:
    with OutputWriter(output) as writer:
        for path, data in files.items():
            writer.write(path, data, "test")
        return writer.commit(prune=prune)


def files_of(output: Path) -> dict[str, bytes]:
    return {path: data for path, data in snapshot(output).items() if path not in (MANIFEST, SPARE_STATE)}


def test_the_whole_tree_is_switched_and_unchanged_files_are_the_same_files(tmp_path: Path) -> None:
    output = tmp_path / "public"
    build_tree(output, {"a.html": b"a", "b/index.html": b"b", "c/index.html": b"c"})
    inode = (output / "a.html").stat().st_ino
    root = output.stat().st_ino
    removed = build_tree(output, {"a.html": b"a", "b/index.html": b"b2", "d/index.html": b"d"})
    assert removed == ["c/index.html"]
    assert output.stat().st_ino != root  # another folder: switched whole
    assert files_of(output) == {"a.html": b"a", "b/index.html": b"b2", "d/index.html": b"d"}
    assert (output / "a.html").stat().st_ino == inode
    spare = tmp_path / f"{SPARE_PREFIX}public"
    assert files_of(spare) == {"a.html": b"a", "b/index.html": b"b", "c/index.html": b"c"}
    for files in ({"a.html": b"a2", "d/index.html": b"d"}, {"a.html": b"a2", "e.html": b"e"}, {"e.html": b"e"}):
        build_tree(output, files)
        assert files_of(output) == files


@pytest.mark.parametrize("spare", [True, False])
def test_a_folder_that_becomes_a_file_of_its_name_and_back_is_written_whole(tmp_path: Path, spare: bool) -> None:
    """content/static/img/ replaced by a file img (a checkout of another branch), and back:
    the build failed with 'Not a directory', and the way back left the folder's files out."""
    output = tmp_path / "public"

    def build(files: dict[str, bytes]) -> None:
        with OutputWriter(output, spare=spare) as writer:
            for path, data in files.items():
                writer.write(path, data, "test")
            writer.commit()
        assert files_of(output) == files

    build({"index.html": b"i", "static/img/a.png": b"a", "static/img/b.png": b"b"})
    build({"index.html": b"i", "static/img": b"a file now"})
    build({"index.html": b"i", "static/img/a.png": b"a again"})
    build({"index.html": b"i2", "static/img/a.png": b"a again"})


def test_a_spare_in_an_unknown_state_is_made_equal_to_the_output_again(tmp_path: Path) -> None:
    output = tmp_path / "public"
    spare = tmp_path / f"{SPARE_PREFIX}public"
    build_tree(output, {"a.html": b"a", "b/index.html": b"b", "c.html": b"c"})
    build_tree(output, {"a.html": b"a2", "b/index.html": b"b", "c.html": b"c2"})
    (spare / SPARE_STATE).unlink()  # as after a build killed while it updated the spare
    (spare / "b/index.html").write_bytes(b"half written")
    (spare / "stray.html").write_bytes(b"x")
    build_tree(output, {"a.html": b"a3", "b/index.html": b"b", "c.html": b"c3"})
    assert files_of(output) == {"a.html": b"a3", "b/index.html": b"b", "c.html": b"c3"}
    build_tree(output, {"a.html": b"a3", "b/index.html": b"b", "c.html": b"c4", "d.html": b"d"})
    assert files_of(output) == {"a.html": b"a3", "b/index.html": b"b", "c.html": b"c4", "d.html": b"d"}


def test_a_first_build_makes_the_spare_of_the_same_files_and_the_next_build_trusts_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    output = tmp_path / "public"
    spare = tmp_path / f"{SPARE_PREFIX}public"
    (spare / "left").mkdir(parents=True)  # beside an output deleted since: replaced
    (spare / "left/over.html").write_bytes(b"old")
    with OutputWriter(output) as writer:
        for path, data in {"a.html": b"a", "b/index.html": b"b", "c/d/e.html": b"e"}.items():
            writer.write(path, data, "test")
        writer.commit(extra_keep=("search/",), finish=lambda tree, *_: _write_search(tree, b"s1"))
    assert files_of(spare) == files_of(output) == {
        "a.html": b"a", "b/index.html": b"b", "c/d/e.html": b"e", "search/index.bin": b"s1"
    }  # fmt: skip
    for path in files_of(output):
        assert (spare / path).stat().st_ino == (output / path).stat().st_ino
    state = write._read_spare_state(output)
    assert state is not None and not state.differs
    assert state.carried == {"search/index.bin": (output / "search/index.bin").stat().st_ino}
    monkeypatch.setattr(write, "_mirror_all", None)  # the next build must not need it
    with OutputWriter(output) as writer:
        writer.write("a.html", b"a2", "test")
        for path, data in {"b/index.html": b"b", "c/d/e.html": b"e"}.items():
            writer.write(path, data, "test")
        writer.commit(extra_keep=("search/",), finish=lambda tree, *_: _write_search(tree, b"s2"))
    assert files_of(output) == {"a.html": b"a2", "b/index.html": b"b", "c/d/e.html": b"e", "search/index.bin": b"s2"}
    assert files_of(spare)["a.html"] == b"a" and files_of(spare)["search/index.bin"] == b"s1"


def _write_search(tree: Path, data: bytes) -> None:
    """A step that writes a kept folder, by rename as ``OutputWriter.commit`` asks."""
    (tree / "search").mkdir(exist_ok=True)
    (tree / "search/index.bin.tmp").write_bytes(data)
    os.replace(tree / "search/index.bin.tmp", tree / "search/index.bin")


def test_a_deleted_spare_is_made_again_from_the_output(tmp_path: Path) -> None:
    output = tmp_path / "public"
    spare = tmp_path / f"{SPARE_PREFIX}public"
    build_tree(output, {"a.html": b"a", "b/index.html": b"b", "c/d/e.html": b"e"})
    (output / "mine.txt").write_bytes(b"the user's")  # not digest's: carried into every tree
    shutil.rmtree(spare)
    build_tree(output, {"a.html": b"a2", "b/index.html": b"b2", "c/d/e.html": b"e"})  # two files: a switch
    assert files_of(output) == {"a.html": b"a2", "b/index.html": b"b2", "c/d/e.html": b"e", "mine.txt": b"the user's"}
    assert files_of(spare) == {"a.html": b"a", "b/index.html": b"b", "c/d/e.html": b"e", "mine.txt": b"the user's"}
    assert (spare / "c/d/e.html").stat().st_ino == (output / "c/d/e.html").stat().st_ino
    build_tree(output, {"a.html": b"a3", "b/index.html": b"b3", "c/d/e.html": b"e"})
    assert files_of(output) == {"a.html": b"a3", "b/index.html": b"b3", "c/d/e.html": b"e", "mine.txt": b"the user's"}


def test_where_hard_links_fail_the_builds_go_on_with_copies(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def refused(*args: object, **kwargs: object) -> None:
        raise PermissionError(errno.EPERM, "links are not allowed here")

    monkeypatch.setattr(os, "link", refused)
    output = tmp_path / "public"
    build_tree(output, {"a.html": b"a", "b/index.html": b"b"})  # the spare cannot be made: no matter
    assert files_of(output) == {"a.html": b"a", "b/index.html": b"b"}
    assert not (tmp_path / f"{SPARE_PREFIX}public").exists()
    build_tree(output, {"a.html": b"a2", "b/index.html": b"b2", "c.html": b"c"})
    assert files_of(output) == {"a.html": b"a2", "b/index.html": b"b2", "c.html": b"c"}
    build_tree(output, {"a.html": b"a3", "b/index.html": b"b2"})
    assert files_of(output) == {"a.html": b"a3", "b/index.html": b"b2"}


def test_one_changed_file_is_renamed_into_the_output_and_the_spare_is_told(tmp_path: Path) -> None:
    output = tmp_path / "public"
    build_tree(output, {"a.html": b"a", "b.html": b"b"})
    build_tree(output, {"a.html": b"a2", "b.html": b"b2"})
    root = output.stat().st_ino
    build_tree(output, {"a.html": b"a3", "b.html": b"b2"})  # one file: renamed in, same folder
    assert output.stat().st_ino == root
    assert files_of(output) == {"a.html": b"a3", "b.html": b"b2"}
    build_tree(output, {"a.html": b"a3", "b.html": b"b3", "c.html": b"c"})  # the spare catches up
    assert output.stat().st_ino != root
    assert files_of(output) == {"a.html": b"a3", "b.html": b"b3", "c.html": b"c"}


def test_a_page_replaced_in_the_output_by_what_the_build_makes_is_not_switched_back(tmp_path: Path) -> None:
    # public/ synced from another machine (rsync -a replaces files by rename), or written by
    # another version of digest: the build makes the same bytes, so writes nothing there, and
    # the spare must not bring back the page the last build replaced.
    output = tmp_path / "public"
    build_tree(output, {"a.html": b"a1", "b/index.html": b"b1"})
    build_tree(output, {"a.html": b"a2", "b/index.html": b"b1", "c.html": b"c"})
    (output / "b/index.html.tmp").write_bytes(b"b2")
    (output / "b/index.html.tmp").replace(output / "b/index.html")
    build_tree(output, {"a.html": b"a3", "b/index.html": b"b2", "c.html": b"c", "d.html": b"d"})
    assert files_of(output) == {"a.html": b"a3", "b/index.html": b"b2", "c.html": b"c", "d.html": b"d"}
    build_tree(output, {"a.html": b"a4", "b/index.html": b"b2", "c.html": b"c"})
    assert files_of(output) == {"a.html": b"a4", "b/index.html": b"b2", "c.html": b"c"}


def test_without_an_exchange_two_renames_switch_and_an_interrupted_switch_is_undone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(write, "rename_exchange", lambda first, second: False)
    output = tmp_path / "public"
    for round_ in range(3):
        build_tree(output, {"a.html": f"a{round_}".encode(), "b.html": b"b"})
        assert files_of(output) == {"a.html": f"a{round_}".encode(), "b.html": b"b"}
    aside = tmp_path / f"{SWAP_PREFIX}public"
    output.rename(aside)  # killed between the two renames: the output is missing
    build_tree(output, {"a.html": b"a3", "b.html": b"b"})
    assert files_of(output) == {"a.html": b"a3", "b.html": b"b"}
    assert not aside.exists()


def test_files_the_writer_did_not_write_are_carried_into_each_new_tree(tmp_path: Path) -> None:
    output = tmp_path / "public"
    build_tree(output, {"a.html": b"a"})
    (output / ".git/objects").mkdir(parents=True)
    (output / ".git/HEAD").write_bytes(b"ref")
    (output / "CNAME").write_bytes(b"example.org")
    (output / "pagefind").mkdir()
    (output / "pagefind/x.js").write_bytes(b"js")
    for round_ in range(3):
        build_tree(output, {"a.html": f"a{round_}".encode()})
        assert files_of(output) == {
            "a.html": f"a{round_}".encode(),
            ".git/HEAD": b"ref",
            "CNAME": b"example.org",
            "pagefind/x.js": b"js",
        }
        assert (output / ".git/objects").is_dir()
    (output / "CNAME").unlink()
    (output / ".git/HEAD").write_bytes(b"ref2")
    build_tree(output, {"a.html": b"a"})
    build_tree(output, {"a.html": b"b"})
    assert files_of(output) == {"a.html": b"b", ".git/HEAD": b"ref2", "pagefind/x.js": b"js"}
    shutil.rmtree(output / ".git")  # what the user removes stays removed, folders too
    for round_ in range(3):
        build_tree(output, {"a.html": f"c{round_}".encode()})
        assert sorted(path.name for path in output.iterdir()) == [MANIFEST, "a.html", "pagefind"]


def test_only_a_forced_writer_builds_into_a_folder_it_did_not_make(tmp_path: Path) -> None:
    output = tmp_path / "out"
    output.mkdir()
    (output / "index.html").write_bytes(b"the user's")
    with pytest.raises(OutputError, match="--force"), OutputWriter(output):
        pass
    assert snapshot(output) == {"index.html": b"the user's"}
    with OutputWriter(output, force=True) as writer:
        writer.write("index.html", b"digest's", "test")
        writer.write("feed.xml", b"feed", "test")
        writer.commit()
    assert files_of(output) == {"index.html": b"digest's", "feed.xml": b"feed"}
    assert build_tree(output, {"index.html": b"digest's"}) == ["feed.xml"]


@pytest.mark.parametrize("seed", [5, 6, 7])
def test_the_listing_kept_from_the_switch_sees_every_change_made_by_hand_since(tmp_path: Path, seed: int) -> None:
    output = tmp_path / "public"
    pages = {f"articles/s{n}/index.html": b"p" for n in range(30)} | {"index.html": b"i", "a/b/c/d.html": b"d"}
    rng = random.Random(seed)
    for round_ in range(12):
        build_tree(output, {**pages, "index.html": f"i{round_}".encode(), "feed.xml": f"f{round_}".encode()})
        if round_ == 0:
            continue  # the first build has no spare yet
        time.sleep(0.05)  # as if the switch came well after the folders were made
        state = write._read_spare_state(output)
        assert state is not None
        write._write_spare_state(output, dataclasses.replace(state, switched=time.time_ns()))
        time.sleep(0.05)
        for _ in range(rng.randint(1, 4)):
            _change_by_hand(output, rng, round_)
        manifest = write.read_manifest(output)
        state = write._read_spare_state(output)
        assert manifest is not None and state is not None
        listed = write._listing(output, manifest, state)
        assert listed is not None
        files, empty = write.scan_tree(output)
        assert listed[0].keys() == files.keys()
        assert all(inode in (0, files[path]) for path, inode in listed[0].items())
        assert sorted(listed[1]) == sorted(empty)


def test_builds_in_quick_succession_read_again_only_the_folders_they_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    output = tmp_path / "public"
    pages = {f"articles/s{n}/index.html": b"p" for n in range(40)} | {"index.html": b"i"}
    build_tree(output, pages)
    read: list[str] = []
    original = write._read_folder

    def spy(tree: Path, folder: str, *rest: object) -> None:
        read.append(folder)
        original(tree, folder, *rest)  # type: ignore[arg-type]

    monkeypatch.setattr(write, "_read_folder", spy)
    for round_ in range(1, 5):  # no pause: every folder was made within a second of the switch
        read.clear()
        build_tree(
            output, {**pages, "index.html": f"i{round_}".encode(), "articles/s7/index.html": f"{round_}".encode()}
        )
        assert set(read) <= {"", "articles/s7"}
        assert files_of(output)["articles/s7/index.html"] == f"{round_}".encode()


def test_a_private_output_is_read_again_only_where_another_step_writes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The preview's own output: only the search index's folders (written by its indexer
    between builds) are looked at again, and what the indexer wrote is carried into every
    next tree."""
    output = tmp_path / "public"
    pages = {f"articles/s{n}/index.html": b"p" for n in range(40)} | {"index.html": b"i"}

    def build(files: dict[str, bytes]) -> None:
        with OutputWriter(output, private=True) as writer:
            for path, data in files.items():
                writer.write(path, data, "test")
            writer.commit(extra_keep=("pagefind/",))

    build(pages)
    looked_at: list[str] = []
    original = write._changed_since
    monkeypatch.setattr(
        write, "_changed_since", lambda folder, since: looked_at.append(folder) or original(folder, since)
    )
    index: dict[str, bytes] = {}
    for round_ in range(1, 5):
        time.sleep(0.01)
        part = output / f"pagefind/{round_}"  # the indexer, between two builds
        part.mkdir(parents=True)
        (part / "entry.json").write_bytes(b"%d" % round_)
        index[f"pagefind/{round_}/entry.json"] = b"%d" % round_
        looked_at.clear()
        build({**pages, "index.html": f"i{round_}".encode(), "articles/s7/index.html": f"{round_}".encode()})
        assert files_of(output) == {**pages, "index.html": f"i{round_}".encode(),
                                    "articles/s7/index.html": f"{round_}".encode(), **index}  # fmt: skip
        relative = {os.path.relpath(folder, output) for folder in looked_at}
        assert relative <= {".", "pagefind", *(f"pagefind/{n}" for n in range(round_))}, relative


def _change_by_hand(output: Path, rng: random.Random, round_: int) -> None:
    """One change a person might make in the output: a file dropped in, replaced or deleted,
    a folder made or removed."""
    folders = sorted({str(path.parent.relative_to(output)) for path in output.rglob("*") if path.is_file()})
    folder = output / rng.choice(folders)
    action = rng.choice(["drop", "drop-deep", "replace", "delete", "mkdir", "rmdir"])
    if action == "drop":
        (folder / f"mine-{round_}.txt").write_text("mine")
    elif action == "drop-deep":
        (folder / f"new-{round_}/inner").mkdir(parents=True, exist_ok=True)
        (folder / f"new-{round_}/inner/x.txt").write_text("x")
    elif action == "replace":
        victim = rng.choice([path for path in folder.iterdir() if path.is_file()])
        (folder / "tmp").write_text("replaced")
        (folder / "tmp").replace(victim)
    elif action == "delete":
        rng.choice([path for path in folder.iterdir() if path.is_file()]).unlink()
    elif action == "mkdir":
        (folder / f"empty-{round_}").mkdir(exist_ok=True)
    else:
        for path in folder.iterdir():
            if path.is_dir() and not any(path.iterdir()):
                path.rmdir()


def test_where_hard_links_fail_files_are_copied_and_edits_by_hand_are_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_links(*args: object, **kwargs: object) -> None:
        raise PermissionError(errno.EPERM, "no hard links here")

    monkeypatch.setattr(os, "link", no_links)
    output = tmp_path / "public"
    build_tree(output, {"a.html": b"a", "b.html": b"b"})
    (output / "notes.txt").write_text("v0")
    for round_ in range(1, 5):
        build_tree(output, {"a.html": f"a{round_}".encode(), "b.html": f"b{round_}".encode()})
        assert (output / "notes.txt").read_text() == f"v{round_ - 1}"
        with open(output / "notes.txt", "w") as handle:  # edited in place
            handle.write(f"v{round_}")
    assert files_of(output) == {"a.html": b"a4", "b.html": b"b4", "notes.txt": b"v4"}


def test_the_output_folder_keeps_its_permissions_through_switches(tmp_path: Path) -> None:
    output = tmp_path / "public"
    build_tree(output, {"a.html": b"a", "b.html": b"b"})
    output.chmod(0o2775)
    for round_ in range(3):
        build_tree(output, {"a.html": f"a{round_}".encode(), "b.html": f"b{round_}".encode()})
        assert output.stat().st_mode & 0o7777 == 0o2775


def test_scratch_folders_of_killed_commands_are_removed_by_the_next(
    make_site: Callable[..., Path], cli: Callable[..., CliResult], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``digest email`` builds the site aside in the temporary folder, ``digest check`` in the
    site's .digest-cache/ (beside the output it starts from), and ``digest deploy`` makes a
    repository of it in the temporary folder: one killed left it for good."""
    import tempfile

    temporary = tmp_path / "tmp"
    temporary.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temporary))
    for name in ("digest-email-999999999-abc", "digest-deploy-999999999-ghi"):
        (temporary / name / "public").mkdir(parents=True)
    (temporary / f"digest-email-{os.getpid()}-mine").mkdir()  # (a live process's: kept)
    issue = "---\ntitle: Week 1\ndate: 2024-01-05\ndraft: true\npicks:\n  - article: a\n---\nIntro.\n"
    site = make_site({"content/articles/2024-01-01-a.md": article("A"), "content/digests/2024-01-05-week-1.md": issue})
    (site / ".digest-cache/digest-check-999999999-def/public").mkdir(parents=True)
    assert cli("email", "Week 1", "-C", site).code == 0
    assert cli("check", "-C", site).code == 0
    assert sorted(path.name for path in temporary.iterdir()) == [
        "digest-deploy-999999999-ghi",  # (removed by the next deploy)
        f"digest-email-{os.getpid()}-mine",
    ]
    assert not list((site / ".digest-cache").glob("digest-check-*"))


def test_a_full_disk_as_the_manifest_is_written_names_it_and_leaves_the_output(tmp_path: Path) -> None:
    """A disk that filled as the output's list of files was written (here: a limit on the size
    of a file) raised an error naming no file: 'build failed: File too large; public was left
    as it was'. It names the file, and the output is as it was."""
    import resource

    output = tmp_path / "public"
    with OutputWriter(output) as writer:
        writer.write("index.html", b"one", "test")
        writer.commit()
    before = snapshot(output)
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    with OutputWriter(output) as writer:
        for number in range(300):
            writer.write(f"articles/a-page-with-a-rather-long-address-number-{number}/index.html", b"page", "test")
        resource.setrlimit(resource.RLIMIT_FSIZE, (4096, hard))
        try:
            with pytest.raises(OSError) as failure:
                writer.commit()
        finally:
            resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
    assert failure.value.errno == errno.EFBIG
    assert failure.value.filename is not None and Path(failure.value.filename).name == MANIFEST
    assert snapshot(output) == before
    assert [path.name for path in tmp_path.iterdir() if path.name.startswith(".digest-staging")] == []
