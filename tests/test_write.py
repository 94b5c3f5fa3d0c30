"""The output writer: atomic swaps, unchanged files kept, paths that cannot escape."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from digest.render import Renderer
from digest.write import MANIFEST, OutputError, OutputWriter
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
    assert [p.name for p in tmp_path.iterdir()] == ["public"]


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
    assert snapshot(site / "public") == before
    assert sorted(p.name for p in site.iterdir()) == [".digest-cache", "content", "digest.yaml", "public"]


def test_abandoned_staging_folders_are_cleaned(make_site: Callable[..., Path], cli: Callable[..., CliResult]) -> None:
    site = make_site({"content/articles/2024-01-01-a.md": article("A")})
    (site / ".digest-staging-999999999-abc").mkdir()
    assert cli("build", "-C", site).code == 0
    assert not (site / ".digest-staging-999999999-abc").exists()
