"""The script and the error overlay that serve adds to HTML responses."""

from __future__ import annotations

from digest.serve.inject import inject, render_overlay, render_script_tag


def test_the_snippet_goes_before_the_last_closing_body() -> None:
    html = b"<html><body><pre></body></pre>\n</BODY>\n</html>"
    assert inject(html, "<x>") == b"<html><body><pre></body></pre>\n<x></BODY>\n</html>"


def test_without_a_body_the_snippet_goes_at_the_end() -> None:
    assert inject(b"<p>fragment", "<x>") == b"<p>fragment<x>"
    assert inject(b"<p>fragment", "") == b"<p>fragment"


def test_non_ascii_errors_stay_readable_in_any_page_encoding() -> None:
    assert inject(b"<body></body>", "İstanbul") == b"<body>&#304;stanbul</body>"


def test_the_overlay_lists_each_error_escaped() -> None:
    overlay = render_overlay(["content/a.md:3: title: <img src=x onerror=alert(1)> & more", "digest.yaml:1: bad"])
    assert 'id="digest-error-overlay"' in overlay
    assert "content/a.md:3: title: &lt;img src=x onerror=alert(1)&gt; &amp; more" in overlay
    assert "<img" not in overlay
    assert "digest.yaml:1: bad" in overlay
    assert "2 errors" in overlay
    assert "position:fixed" in overlay


def test_the_script_tag_names_the_server_the_version_and_the_sites_path() -> None:
    tag = render_script_tag("abc123", 7, "/my%20news/")
    assert tag == (
        '<script src="/__digest__/livereload.js" data-server="abc123" data-version="7"'
        ' data-base="/my%20news/"></script>'
    )
