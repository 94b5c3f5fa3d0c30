"""Shared fixtures: small sites on tmp_path, built through the real CLI."""

from __future__ import annotations

import io
import os
import textwrap
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

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


def said(err: str) -> list[str]:
    """The lines of stderr but the progress lines a build writes once it has run two seconds
    (as a small site's may on a busy machine)."""
    return [line for line in err.splitlines() if not line.startswith("building… ")]


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


# -- headless Chromium (Debian's), driven by Playwright --------------------------------

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def browser_unavailable(reason: str) -> None:
    """In CI a missing browser fails the run; elsewhere the browser tests are skipped."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"browser tests cannot run in CI: {reason}", pytrace=False)
    pytest.skip(f"browser tests need Playwright and Debian's chromium: {reason}")


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    try:
        from playwright.sync_api import Error, sync_playwright
    except ImportError:
        browser_unavailable("the playwright package is not installed (pip install '.[test]')")
    if not Path(CHROMIUM).is_file():
        browser_unavailable(f"{CHROMIUM} is missing (apt-get install chromium)")
    with sync_playwright() as playwright:
        try:
            launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        except Error as error:
            browser_unavailable(f"chromium did not start: {error}")
        yield launched
        launched.close()


def contrast_ratio(one: Sequence[float], other: Sequence[float]) -> float:
    """WCAG's contrast ratio (1 … 21) of two sRGB colours, each its red, green and blue from 0 to 1."""

    def luminance(channels: Sequence[float]) -> float:
        linear = [v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4 for v in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    lighter, darker = sorted((luminance(one), luminance(other)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)
