"""Fuzzing the text-scrape importer: every generated scrape is imported or refused with a clear
error, quickly, and every file written is one the build accepts."""

from __future__ import annotations

import argparse
import io
import itertools
import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from digest.config import load_config
from digest.content import parse_file
from digest.importer import add_import_arguments, run_import
from digest.markup import Markdown

LINES = [
    "Home > World > Middle East", "News / Turkey / Politics", "WORLD | EUROPE", "Home » Sport » Football",
    "Turkey's S-400 purchase: what it means", "Ferry fares rise in Istanbul", "BREAKING NEWS",
    "We use cookies to improve your experience. Accept and close", "Subscribe to our newsletter",
    "Enter your email address", "Follow us on Twitter", "Bizi Twitter'dan takip edin", "Çerez politikamızı okuyun",
    "Download the app", "Read more:", "Related articles", "Share this article", "Tags: Turkey, Russia, NATO",
    "By Jane Doe", "By Reuters staff | 27 June 2019", "Thursday, 27 June 2019 10:31 AM", "2019-06-27",
    "June 27, 2019", "27.06.2019 14:05", "Updated 3 hours ago", "(Photo by AFP)", "Photo: Reuters",
    "Source: javascript:alert(1)", "https://example.org/story?utm_source=x", "javascript:alert(1)",
    '<script>alert("x")</script>', "{{ site.title }}", "{% include x %}", "---", "...", "yes", "no", "null",
    "1.5", ": colon", "- list item", "# heading", "> quote", "[link](other.md)", "![img](javascript:alert(1))",
    "&a [*a, *a]", "*a", "title: injected", '"quoted"', "'single'", "\\", "\t\tindented", "\x01\x02 control",
    "\u200b\u2028\u2029 separators", "\ufeffBOM inside", "مرحبا بالعالم، هذه مقالة", "Türkiye'nin S-400 alımı",
    "Die Regierung in Ankara kündigte an.", "Le gouvernement a annoncé mardi.", "El gobierno anunció el martes.",
    "Istanbul's ferries cost more from Monday, the city said in a statement on Friday.",
    "The rise follows months of debate about the price of public transport in the city, officials said.",
    "Press TV's website can also be accessed at the following alternate addresses:", "© 2019 All rights reserved",
]  # fmt: skip

line = st.one_of(
    st.sampled_from(LINES),
    st.text(min_size=0, max_size=120),
    st.builds(" ".join, st.lists(st.sampled_from(LINES), min_size=2, max_size=4)),
)
scrape = st.lists(line, min_size=0, max_size=40).map("\n".join)
line_ending = st.sampled_from(["\n", "\r\n", "\r"])
encoding = st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1254", "latin-1"])
_counter = itertools.count()


def _import(site: Path, source: Path, *options: str) -> tuple[int, str]:
    parser = argparse.ArgumentParser(prog="digest import")
    add_import_arguments(parser)
    out, err = io.StringIO(), io.StringIO()
    run_import(parser.parse_args([str(source), *options]), site, out, err)
    return len(out.getvalue()), err.getvalue()


def _check_written(site: Path, before: set[Path], markdown: Markdown, config: Any) -> None:
    for path in sorted(set((site / "content" / "articles").glob("*.md")) - before):
        parsed = parse_file("articles", path.relative_to(site).as_posix(), path.read_bytes(), config, markdown)
        assert not parsed.errors, f"{path.name}: {[str(error) for error in parsed.errors]}\n{path.read_text()}"
        assert parsed.record is not None
        assert not parsed.links, f"{path.name} links to content files the site does not have"


def test_generated_scrapes_import_cleanly_or_fail_clearly(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "content" / "articles").mkdir(parents=True)
    (site / "digest.yaml").write_text('title: Fuzz\nbase_url: "https://example.org/"\n', encoding="utf-8")
    config, _ = load_config(site)
    markdown = Markdown(config.markdown.unsafe_html)
    seen: dict[str, int] = {"examples": 0, "imported": 0}

    @settings(max_examples=1500, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    @given(text=scrape, ending=line_ending, charset=encoding, dated=st.booleans())
    def check(text: str, ending: str, charset: str, dated: bool) -> None:
        source = tmp_path / f"scrape-{next(_counter)}.txt"
        try:
            data = text.replace("\n", ending).encode(charset)
        except UnicodeEncodeError:
            data = text.replace("\n", ending).encode("utf-8")
        source.write_bytes(data)
        before = set((site / "content" / "articles").glob("*.md"))
        started = time.monotonic()
        _out, err = _import(site, source, *(["--date", "2024-05-01"] if dated else []))
        assert time.monotonic() - started < 5, "one scrape took more than 5 s"
        for message in err.splitlines():
            assert not re.search(r"Traceback|cannot import: [A-Z]\w*(Error|Exception)\b", message), message
            assert re.match(rf"^{re.escape(str(source))}: (error|warning): ", message), message
        _check_written(site, before, markdown, config)
        seen["examples"] += 1
        seen["imported"] += len(set((site / "content" / "articles").glob("*.md")) - before)

    check()
    assert seen["examples"] >= 1000
    assert seen["imported"] >= 25, "the generator should make importable scrapes too"


def test_a_site_of_imported_hostile_scrapes_builds(tmp_path: Path, cli: Callable[..., Any]) -> None:
    site = tmp_path / "site"
    (site / "content").mkdir(parents=True)
    (site / "digest.yaml").write_text('title: Fuzz\nbase_url: "https://example.org/"\n', encoding="utf-8")
    for number, start in enumerate(range(0, len(LINES), 5)):
        source = tmp_path / f"hostile-{number}.txt"
        own = f"Story {number} is told here with its own words, number {number} of the hostile set."
        body = "\n".join([*LINES[start : start + 5], own, *LINES[-6:-3]])
        source.write_text(f"Hostile headline number {number} {LINES[start]}\n{body}\n", encoding="utf-8")
        _import(site, source, "--date", f"2024-05-{number % 28 + 1:02d}")
    assert len(list((site / "content" / "articles").glob("*.md"))) >= 10
    built = cli("build", "-C", site)
    assert built.code == 0, built.err
