"""Shared fixtures: small sites on tmp_path, built through the real CLI."""

from __future__ import annotations

import io
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from digest.cli import main

REPO = Path(__file__).resolve().parent.parent

ARTICLE = """\
---
title: "{title}"
date: {date}
topics: [{topics}]
---
{body}
"""


@dataclass
class CliResult:
    code: int
    out: str
    err: str


def run_cli(*args: str | Path) -> CliResult:
    out, err = io.StringIO(), io.StringIO()
    code = main([str(arg) for arg in args], out=out, err=err)
    return CliResult(code, out.getvalue(), err.getvalue())


@pytest.fixture
def cli() -> Callable[..., CliResult]:
    return run_cli


def article(title: str, date: str = "2024-03-01", topics: str = "Turkey", body: str = "Some text.") -> str:
    return ARTICLE.format(title=title, date=date, topics=topics, body=body)


@pytest.fixture
def make_site(tmp_path: Path) -> Callable[[dict[str, str]], Path]:
    """Write ``files`` (path -> text) under a new site folder with a minimal digest.yaml."""

    def make(files: dict[str, str], config: str | None = None) -> Path:
        site = tmp_path / "site"
        site.mkdir(exist_ok=True)
        (site / "digest.yaml").write_text(
            config if config is not None else 'title: Test Digest\nbase_url: "https://example.org/"\n',
            encoding="utf-8",
        )
        for name, text in files.items():
            path = site / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(textwrap.dedent(text) if text.startswith("\n") else text, encoding="utf-8")
        return site

    return make


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` with its bytes, to prove nothing changed."""
    return {
        path.relative_to(folder).as_posix(): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()
    }
