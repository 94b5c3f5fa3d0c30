"""The pieces of `digest check` on their own: resolving references, reading pages, placing problems."""

from __future__ import annotations

import socket
from pathlib import Path
from urllib.error import URLError

import pytest

from digest.check import CheckReport
from digest.check.external import describe_failure
from digest.check.links import Resolver
from digest.check.problems import WARNING, Problem, count_line, sort_problems
from digest.check.scan import scan_html, srcset_urls
from digest.check.sources import SourceIndex, link_candidates

PAGE = "articles/story/index.html"


@pytest.mark.parametrize(
    ("value", "kind", "path", "fragment"),
    [
        ("../../topics/turkey/", "internal", "topics/turkey/index.html", ""),
        ("../other/#part", "internal", "articles/other/index.html", "part"),
        ("#notes", "internal", PAGE, "notes"),
        ("?page=2", "internal", PAGE, ""),
        ("../../static/caf%C3%A9.png", "internal", "static/café.png", ""),
        ("/repo/archive/", "internal", "archive/index.html", ""),
        ("https://example.org/repo/feed.xml", "internal", "feed.xml", ""),
        ("/archive/", "outside", "/archive/", ""),
        ("../../../up/", "outside", "../up", ""),
        ("https://news.example.com/a", "external", "https://news.example.com/a", ""),
        ("//cdn.example.com/x.js", "external", "https://cdn.example.com/x.js", ""),
        ("mailto:ed@example.org", "skip", "mailto:ed@example.org", ""),
        ("javascript:void(0)", "script", "javascript:void(0)", ""),
        ("http://[broken", "invalid", "http://[broken", ""),
    ],
)
def test_references_resolve_like_a_browser_within_the_site(value: str, kind: str, path: str, fragment: str) -> None:
    target = Resolver("https://example.org/repo/", "/repo/").resolve(PAGE, value)
    assert (target.kind, target.path, target.fragment) == (kind, path, fragment)


def test_same_page_fragments_name_each_page_of_a_folder() -> None:
    resolver = Resolver("https://example.org/", "/")
    assert resolver.resolve("index.html", "#main").path == "index.html"
    assert resolver.resolve("404.html", "#main").path == "404.html"


def test_pages_are_read_for_references_and_anchors() -> None:
    scan = scan_html(
        "a.html",
        '<a href="x/" id="top-link">x</a><a name="old"></a><img src="i.png" srcset="i.png 1x, j.png 2x">'
        '<link rel="stylesheet" href="s.css"><script src="s.js"></script><p id="p1">&amp;</p>'
        '<!-- <a href="commented/"> --><A HREF=upper/>U</A><a href="q?a=1&amp;b=2">Q</a>'
        '<svg><g id="icon"></g></svg><script>document.write("<a href=\'written/\'>")</script><p id="é">ü</p>'.encode(),
    )
    assert [(ref.noun, ref.value) for ref in scan.references] == [
        ("link", "x/"),
        ("image", "i.png"),
        ("image", "i.png"),
        ("image", "j.png"),
        ("stylesheet", "s.css"),
        ("script", "s.js"),
        ("link", "upper/"),
        ("link", "q?a=1&b=2"),
    ]
    assert scan.anchors == {"top-link", "old", "p1", "icon", "é"}
    assert scan_html("empty.html", b"").references == ()
    assert srcset_urls("a.png 1x,b.png 2x, c.png 300w") == ["a.png", "b.png", "c.png"]


def test_problems_are_found_on_the_source_line(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("---\ntitle: A\n---\nText.\n\n![x](../static/gone.png)\n", encoding="utf-8")
    index = SourceIndex(tmp_path, {"articles/a/index.html": ("a.md",)})
    candidates = link_candidates("../../static/gone.png", "static/gone.png")
    assert index.locate("articles/a/index.html", candidates) == ("a.md", 6)
    assert index.locate("articles/a/email.html", candidates) == ("a.md", 6)  # same folder, same source
    assert index.locate("topics/x/index.html", candidates) is None
    assert "" not in link_candidates("../../", "index.html") and "./" not in link_candidates("./")


def test_problems_print_like_a_compiler_and_count() -> None:
    problems = sort_problems(
        [
            Problem("content/b.md", 3, "late"),
            Problem("content/a.md", 9, "second", WARNING),
            Problem("content/a.md", 2, "first"),
            Problem("content/a.md", 2, "first"),
        ]
    )
    assert [str(problem) for problem in problems] == [
        "content/a.md:2: first",
        "warning: content/a.md:9: second",
        "content/b.md:3: late",
    ]
    assert str(Problem("public/index.html", 0, "x")) == "public/index.html: x"
    assert count_line(2, 1, "3 pages") == "check: 3 pages: 2 errors, 1 warning"
    assert count_line(0, 0) == "check: no problems"


def test_exit_codes() -> None:
    assert CheckReport(0, 0).exit_code() == 0
    assert CheckReport(0, 2).exit_code() == 0
    assert CheckReport(0, 2).exit_code(strict=True) == 1
    assert CheckReport(1, 0).exit_code() == 1


def test_network_failures_read_plainly() -> None:
    assert describe_failure(URLError(TimeoutError("timed out")), 2.5) == "timed out after 2.5 s"
    assert describe_failure(TimeoutError(), 10) == "timed out after 10 s"
    assert describe_failure(URLError(socket.gaierror(-2, "Name or service not known")), 10) == "host not found"
    assert describe_failure(URLError(ConnectionRefusedError(111, "refused")), 10) == "connection refused"
