"""`digest check` on small real sites: build errors, internal links, anchors, images, exit codes."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import REPO, CliResult, article, run_cli, snapshot

SiteMaker = Callable[..., Path]
Check = Callable[..., CliResult]

DIGEST = """\
---
title: "{title}"
date: {date}
picks:
{picks}
---
The intro.
"""


def digest(title: str, date: str, *picks: str) -> str:
    return DIGEST.format(title=title, date=date, picks="\n".join(f"  - article: {pick}" for pick in picks))


def clean_files() -> dict[str, str]:
    return {
        "content/articles/2024-03-01-gas-deal.md": article(
            "Gas deal",
            body="## Background\n\nSee [the ferry story](2024-03-02-ferry.md#fares) and [above](#background).",
        ),
        "content/articles/2024-03-02-ferry.md": article(
            "Ferry fares", date="2024-03-02", body="## Fares\n\n![A ferry](../static/ferry.png)"
        ),
        "content/digests/2024-03-03-week-9.md": digest("Week 9", "2024-03-03", "gas-deal", "ferry"),
        "content/pages/about.md": "---\ntitle: About\n---\nWho we are. [Topics](../topics/)\n",
        "content/static/ferry.png": "not really a png",
    }


def test_a_clean_site_passes(make_site: SiteMaker, check: Check) -> None:
    site = make_site(clean_files())
    result = check(site)
    assert result.code == 0, result.out
    assert result.out.splitlines()[-1].endswith(": no problems")
    assert "internal link" in result.out


def test_a_clean_site_under_a_sub_path_passes(make_site: SiteMaker, check: Check) -> None:
    """404.html links absolutely from base_url's path; those links resolve too."""
    site = make_site(clean_files(), config='title: T\nbase_url: "https://example.org/repo/"\n')
    result = check(site)
    assert result.code == 0, result.out


def test_build_errors_are_reported_as_the_build_reports_them(make_site: SiteMaker, check: Check) -> None:
    files = clean_files()
    files["content/digests/2024-03-03-week-9.md"] = digest("Week 9", "2024-03-03", "gas-deal", "no-such-story")
    files["content/articles/2024-03-04-bad.md"] = article("Bad", date="2024-13-40")
    result = check(make_site(files))
    assert result.code == 1
    lines = result.out.splitlines()
    assert "content/articles/2024-03-04-bad.md:3: date: not a date: '2024-13-40'" in lines[0]
    assert "content/digests/2024-03-03-week-9.md:6: pick 2: 'no-such-story' names no existing article" in lines
    assert lines[-1] == "check: the build failed: 2 errors, 0 warnings"


def test_a_failed_build_still_shows_every_warning(make_site: SiteMaker, check: Check) -> None:
    """Errors end the check, but what was found on the way, digest.yaml's and the default
    base_url's warnings are still reported and counted."""
    files = clean_files()
    files["content/digests/2024-03-03-week-9.md"] = digest("Week 9", "2024-03-03", "gas-deal", "no-such-story")
    files["content/articles/2024-03-04-typo.md"] = article("Typo", date="2024-03-04").replace(
        "topics:", "tilte: x\ntopics:"
    )
    config = 'title: T\nbase_url: "http://localhost:8000/"\nper_pgae: 5\n'
    result = check(make_site(files, config=config))
    assert result.code == 1
    lines = result.out.splitlines()
    assert "content/digests/2024-03-03-week-9.md:6: pick 2: 'no-such-story' names no existing article" in lines
    assert any("2024-03-04-typo.md:4: tilte: unknown field" in line for line in lines), lines
    assert any("digest.yaml:3: per_pgae" in line for line in lines), lines
    assert any("digest.yaml:2:" in line and "base_url" in line for line in lines), lines
    assert lines[-1] == "check: the build failed: 1 error, 3 warnings"


def test_the_import_settings_of_digest_yaml_are_checked(make_site: SiteMaker, check: Check) -> None:
    """The build does not read ``import:``, so a pattern that is no regular expression was
    found only by the next ``digest import``, which then imported nothing: check, which a
    curator runs on the whole site, reports it where it is written, as ``digest import`` does."""
    config = (
        'title: T\nbase_url: "https://example.org/"\nimport:\n  boilerplate: ["^Sponsored(by"]\n  default_topik: News\n'
    )
    site = make_site(clean_files(), config=config)
    result = check(site)
    assert result.code == 1
    lines = result.out.splitlines()
    assert any(
        line.startswith("digest.yaml:4: import.boilerplate[1]: not a valid regular expression") for line in lines
    )
    assert "warning: digest.yaml:5: import.default_topik: unknown key (ignored); known keys: " in result.out
    assert lines[-1].endswith(": 1 error, 1 warning"), lines
    (site / "digest.yaml").write_text(config.replace("  default_topik: News\n", ""))
    assert check(site).code == 1
    (site / "digest.yaml").write_text(config.replace("(by", " by").replace("  default_topik: News\n", ""))
    assert check(site).code == 0
    (site / "digest.yaml").write_text(config)
    # with a build that fails too
    (site / "content/articles/2024-03-05-x.md").write_text(article("X", date="2024-03-05", body="[a](gone.md)"))
    result = check(site)
    assert "digest.yaml:4: import.boilerplate[1]: not a valid regular expression" in result.out
    assert "content/articles/2024-03-05-x.md:6: link to 'content/articles/gone.md'" in result.out


def test_a_broken_link_in_an_article_is_reported_on_its_line(make_site: SiteMaker, check: Check) -> None:
    files = clean_files()
    files["content/articles/2024-03-05-x.md"] = article("X", body="First.\n\nSee [this](../../nothing/).")
    result = check(make_site(files))
    assert result.code == 1
    assert "content/articles/2024-03-05-x.md:8: link to 'nothing/' does not resolve" in result.out.splitlines()
    assert result.out.splitlines()[-1].endswith(": 1 error, 0 warnings")


def test_check_starts_from_the_build_store_and_leaves_it_as_it_was(
    make_site: SiteMaker, check: Check, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After a build, check parses again only the files edited since (the rest come from the
    build store, as a build's would), finds what the edit broke, and writes nothing to the store."""
    from digest.build import Builder
    from digest.check import run

    site = make_site(clean_files())
    assert run_cli("build", "-C", site).code == 0
    edited = site / "content/articles/2024-03-05-x.md"
    edited.write_text(article("X", body="First.\n\nSee [this](../../nothing/)."), encoding="utf-8")
    store = site / ".digest-cache/build.sqlite"
    before = store.read_bytes()
    builders: list[Builder] = []

    class Watched(Builder):
        def build(self, changed: object = None) -> object:  # type: ignore[override]
            builders.append(self)
            return super().build()

    monkeypatch.setattr(run, "Builder", Watched)
    result = check(site)
    assert result.code == 1
    assert "content/articles/2024-03-05-x.md:8: link to 'nothing/' does not resolve" in result.out.splitlines()
    content = builders[0].state.content if builders[0].state is not None else None
    assert content is not None and content.parsed == {"content/articles/2024-03-05-x.md"}
    assert store.read_bytes() == before


def test_check_starts_from_the_last_builds_pages_and_renders_only_what_changed_since(
    make_site: SiteMaker, check: Check, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The pages the last build wrote are check's too while nothing they show changed (linked,
    not rendered again: at 10,000 articles most of check's time); an edit since, or a page
    changed by hand in public/, is rendered as the build would, and public/ stays as it was."""
    from digest.build import Builder, BuildResult
    from digest.check import run

    results: list[BuildResult] = []

    class Watched(Builder):
        def build(self, changed: object = None) -> BuildResult:  # type: ignore[override]
            results.append(super().build())
            return results[-1]

    monkeypatch.setattr(run, "Builder", Watched)
    site = make_site(clean_files())
    assert run_cli("build", "-C", site).code == 0
    public = snapshot(site / "public")
    pages = len([path for path in public if path.endswith(".html")])
    assert check(site).code == 0
    assert results[-1].rendered == 0
    ferry = site / "public/articles/ferry/index.html"
    ferry.write_text(
        ferry.read_text(encoding="utf-8").replace("</main>", '<a href="gone/">x</a></main>'), encoding="utf-8"
    )
    public = snapshot(site / "public")
    assert check(site).code == 0  # the page as the build makes it, not as edited by hand
    assert results[-1].rendered == 1
    edited = site / "content/articles/2024-03-02-ferry.md"
    edited.write_text(
        article("Ferry fares", date="2024-03-02", body="## Fares\n\nSee [this](../../nothing/)."), encoding="utf-8"
    )
    result = check(site)
    assert result.code == 1
    assert "content/articles/2024-03-02-ferry.md:8: link to 'nothing/' does not resolve" in result.out.splitlines()
    assert 0 < results[-1].rendered < pages
    assert snapshot(site / "public") == public
    assert not list((site / ".digest-cache").glob("digest-check-*"))  # the build aside is gone


def test_a_broken_link_in_a_template_names_the_output_page_once(make_site: SiteMaker, check: Check) -> None:
    files = clean_files()
    base = (REPO / "themes/default/templates/base.html").read_text(encoding="utf-8")
    files["templates/base.html"] = base.replace("</footer>", "<a href=\"{{ url('missing/') }}\">x</a></footer>")
    result = check(make_site(files))
    assert result.code == 1
    problems = [line for line in result.out.splitlines() if "missing/" in line]
    assert len(problems) == 1, result.out
    assert problems[0].startswith("public/")
    assert "link to 'missing/' does not resolve (also on " in problems[0]


def test_missing_anchors_are_reported(make_site: SiteMaker, check: Check) -> None:
    files = clean_files()
    files["content/articles/2024-03-05-x.md"] = article(
        "X", body="## Here\n\n[fine](#here) [same page](#nowhere)\n\n[other page](2024-03-02-ferry.md#no-such-part)"
    )
    out = check(make_site(files)).out.splitlines()
    assert "content/articles/2024-03-05-x.md:8: link to '#nowhere': no id 'nowhere' on this page" in out
    assert (
        "content/articles/2024-03-05-x.md:10: link to 'articles/ferry/#no-such-part': no id 'no-such-part' on that page"
        in out
    )
    assert not any("#here" in line for line in out)


def test_a_missing_anchor_is_named_on_its_own_line_not_on_another_link_to_that_page(
    make_site: SiteMaker, check: Check
) -> None:
    files = clean_files()
    files["content/articles/2024-03-05-x.md"] = article(
        "X", body="See [bad anchor](2024-03-02-ferry.md#nope).\n\nThe [same page](/articles/ferry/) again."
    )
    out = check(make_site(files)).out.splitlines()
    assert "content/articles/2024-03-05-x.md:6: link to 'articles/ferry/#nope': no id 'nope' on that page" in out


def test_missing_anchors_in_an_issue_are_reported_as_written(make_site: SiteMaker, check: Check) -> None:
    """An issue's intro and notes get ids of their own on the pages that show them (a prefix
    per intro and note); a link to one that does not exist is reported on the issue's line,
    with the id as the curator wrote it, once."""
    files = clean_files()
    files["content/digests/2024-03-03-week-9.md"] = (
        '---\ntitle: "Week 9"\ndate: 2024-03-03\npicks:\n'
        '  - article: gas-deal\n    note: "## Why\\n\\nSee [why](#why) and [gone](#gone)."\n'
        "  - article: ferry\n---\n## Summary\n\nThe intro, [in short](#summary), [more](#nowhere).\n"
    )
    out = check(make_site(files)).out.splitlines()
    problems = [line for line in out if "no id" in line]
    assert problems == [
        "content/digests/2024-03-03-week-9.md:6: link to '#gone': no id 'gone' on this page",
        "content/digests/2024-03-03-week-9.md:11: link to '#nowhere': no id 'nowhere' on this page",
    ], out


def test_missing_images_are_reported(make_site: SiteMaker, check: Check) -> None:
    files = clean_files()
    files["content/articles/2024-03-05-x.md"] = article("X", body="Text.\n\n![gone](../static/nope.png)")
    out = check(make_site(files)).out.splitlines()
    assert "content/articles/2024-03-05-x.md:8: image 'static/nope.png' does not exist" in out
    # (a missing image.src of the front matter is a build error: see tests/test_images.py)


def test_an_image_named_in_another_case_than_its_file_is_told_the_files_name(
    make_site: SiteMaker, check: Check
) -> None:
    """macOS and Windows find Photo.PNG for photo.png, so the preview shows it there; a web
    server does not."""
    files = clean_files()
    files["content/articles/2024-03-05-x.md"] = article("X", body="Text.\n\n![boats](../static/photo.png)")
    files["content/static/Photo.PNG"] = "png"
    out = check(make_site(files)).out.splitlines()
    assert (
        "content/articles/2024-03-05-x.md:8: image 'static/photo.png' does not exist; the site has "
        "'static/Photo.PNG' (a web server tells the two apart, though macOS and Windows do not)"
    ) in out


def test_an_image_path_written_with_windows_backslashes_is_told_to_use_slashes(
    make_site: SiteMaker, check: Check
) -> None:
    files = clean_files()
    files["content/articles/2024-03-05-x.md"] = article("X", body="Text.\n\n![boats](..\\static\\photo.png)")
    files["content/static/photo.png"] = "png"
    out = check(make_site(files)).out.splitlines()
    assert (
        "content/articles/2024-03-05-x.md:8: image 'articles/x/..\\static\\photo.png' does not exist; "
        "a path's folders are parted by '/', as in a URL, not by '\\' as on Windows"
    ) in out


def test_links_that_leave_the_site_and_scripts(make_site: SiteMaker, check: Check) -> None:
    files = clean_files()
    files["content/articles/2024-03-05-x.md"] = article(
        "X",
        body='[up](../../../../up/) [root](/elsewhere/)\n\n<a href="javascript:alert(1)">run</a> '
        "[mail](mailto:ed@example.org) [phone](tel:+901234)",
    )
    config = 'title: T\nbase_url: "https://example.org/repo/"\nmarkdown: {unsafe_html: true}\n'
    result = check(make_site(files, config=config))
    out = result.out.splitlines()
    assert "content/articles/2024-03-05-x.md:6: link to '../../../../up/' climbs above the site's root" in out
    assert "content/articles/2024-03-05-x.md:6: link to '/elsewhere/' is outside the site (published at /repo/)" in out
    assert "warning: content/articles/2024-03-05-x.md:8: link to 'javascript:alert(1)' runs a script" in out
    assert not any("mailto" in line or "tel:" in line for line in out)
    assert out[-1].endswith(": 2 errors, 1 warning")


def test_a_link_to_the_domains_root_is_placed_where_it_is_written(make_site: SiteMaker, check: Check) -> None:
    """[Home](/) on a site under /repo/ leaves the site: said at its line, as '/elsewhere/' is."""
    files = clean_files()
    files["content/articles/2024-03-05-x.md"] = article("X", body="Text.\n\nBack [home](/).\n")
    files["content/articles/2024-03-06-y.md"] = article("Y", date="2024-03-06", body="[Top][t]\n\n[t]: /\n")
    config = 'title: T\nbase_url: "https://example.org/repo/"\n'
    out = check(make_site(files, config=config)).out.splitlines()
    assert "content/articles/2024-03-05-x.md:8: link to '/' is outside the site (published at /repo/)" in out
    assert "content/articles/2024-03-06-y.md:8: link to '/' is outside the site (published at /repo/)" in out


def test_check_takes_the_base_url_the_site_is_built_for(make_site: SiteMaker, check: Check) -> None:
    """A site built with --base-url (a GitHub Pages workflow) is checked with it, as built:
    a link from the domain's root leaves the project's sub-path, and the default base_url of
    digest.yaml is no warning then; a bad address is a usage error."""
    files = clean_files()
    files["content/articles/2024-03-05-x.md"] = article("X", body="Text.\n\nSee [search](/search/).\n")
    site = make_site(files, config="title: T\n")
    result = check(site, "--base-url", "https://user.github.io/repo")
    out = result.out.splitlines()
    assert "content/articles/2024-03-05-x.md:8: link to '/search/' is outside the site (published at /repo/)" in out
    assert "base_url" not in result.out + result.err
    assert result.code == 1 and out[-1].endswith(": 1 error, 0 warnings")
    assert check(site, "--base-url", "https://example.org//repo/").code == 2


def test_warnings_pass_unless_strict(make_site: SiteMaker, check: Check) -> None:
    files = clean_files()
    files["content/articles/2024-03-05-x.md"] = article("X", body='<a href="javascript:void(0)">run</a>')
    site = make_site(files, config='title: T\nmarkdown: {unsafe_html: true}\nbase_url: "https://example.org/"\n')
    assert check(site).code == 0
    strict = check(site, "--strict")
    assert strict.code == 1
    assert strict.out.splitlines()[-1].endswith(": 0 errors, 1 warning")


def test_build_warnings_are_warnings(make_site: SiteMaker, check: Check) -> None:
    files = clean_files()
    files["content/articles/2024-03-05-x.md"] = article("X").replace("topics:", "sumary: blue\ntopics:")
    result = check(make_site(files))
    assert result.code == 0
    assert any(
        line.startswith("warning: content/articles/2024-03-05-x.md:4: sumary: unknown field")
        for line in result.out.splitlines()
    )


def test_drafts_are_checked_only_when_asked(make_site: SiteMaker, check: Check) -> None:
    files = clean_files()
    files["content/articles/2024-03-05-x.md"] = article("X", body="[gone](../../nothing/)").replace(
        "topics:", "draft: true\ntopics:"
    )
    site = make_site(files)
    assert check(site).code == 0
    drafts = check(site, "--drafts")
    assert drafts.code == 1
    assert "link to 'nothing/' does not resolve" in drafts.out


def test_check_leaves_public_and_the_build_state_alone(
    make_site: SiteMaker, check: Check, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    site = make_site(clean_files())
    assert run_cli("build", "-C", site).code == 0
    public = snapshot(site / "public")
    state = (site / ".digest-cache/build.sqlite").read_bytes()
    assert check(site).code == 0
    assert snapshot(site / "public") == public
    assert (site / ".digest-cache/build.sqlite").read_bytes() == state
    rebuild = run_cli("build", "-C", site)
    assert "0 written" in rebuild.out
    assert list(scratch.iterdir()) == []
    assert not list((site / ".digest-cache").glob("digest-check-*"))  # the scratch build is gone


def test_checks_build_aside_is_the_site_alone(
    make_site: SiteMaker, check: Check, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The build check reads and then removes makes no copy of the previous output beside it
    (the spare tree a next build would start from): there is no next build, and on a big site
    linking and removing a second tree of every folder took as long as the check."""
    from digest.check import run

    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    beside: list[list[str]] = []
    scan = run.scan_output

    def looked(output: Path, workers: int) -> object:
        beside.append(sorted(path.name for path in output.parent.iterdir()))
        return scan(output, workers)

    monkeypatch.setattr(run, "scan_output", looked)
    site = make_site(clean_files())
    assert check(site).code == 0
    (site / "content/articles/2024-03-01-gas-deal.md").write_text(article("Gas deal, again"), encoding="utf-8")
    assert run_cli("build", "-C", site).code == 0
    assert check(site).code == 0  # (begun as a copy of public/)
    assert beside == [["public"], ["public"]]
    assert list(scratch.iterdir()) == []


def test_stylesheet_urls_and_srcsets_are_checked(make_site: SiteMaker, check: Check) -> None:
    files = clean_files()
    files["content/static/extra.css"] = (
        'body { background: url("img/ok.png"); }\n@font-face { src: url(fonts/gone.woff2); }\n'
    )
    files["content/static/img/ok.png"] = "png"
    files["content/articles/2024-03-05-x.md"] = article(
        "X", body='<img src="../../static/img/ok.png" srcset="../../static/img/ok.png 1x, ../../static/img/big.png 2x">'
    )
    config = 'title: T\nbase_url: "https://example.org/"\nmarkdown: {unsafe_html: true}\n'
    out = check(make_site(files, config=config)).out.splitlines()
    assert "content/static/extra.css:2: file 'static/fonts/gone.woff2' does not exist" in out
    assert "content/articles/2024-03-05-x.md:6: image 'static/img/big.png' does not exist" in out
    assert out[-1].endswith(": 2 errors, 0 warnings")


def test_a_stylesheet_named_decomposed_is_named_in_its_problems(make_site: SiteMaker, check: Check) -> None:
    """A stylesheet copied from a Mac (th\u00e8me.css kept as the\u0300me.css) is published under its
    name as typed; its problems are still told at its file and line, not in the output."""
    files = clean_files()
    files["content/static/the\u0300me.css"] = "a {}\n@font-face { src: url(fonts/gone.woff2); }\n"
    out = check(make_site(files)).out.splitlines()
    assert "content/static/the\u0300me.css:2: file 'static/fonts/gone.woff2' does not exist" in out, out


def test_a_broken_template_link_is_not_pinned_on_a_line_holding_another_sites_address(
    make_site: SiteMaker, check: Check
) -> None:
    files = clean_files()
    files["templates/page.html"] = (
        '{% extends "default/page.html" %}{% block content %}{{ super() }}'
        "<p><a href=\"{{ url('contact/') }}\">Contact</a></p>{% endblock %}"
    )
    files["content/pages/about.md"] = (
        "---\ntitle: About\n---\nWho we are.\n\nPress: see https://agency.example.com/contact/ or "
        "[our parent](https://group.example.com/contact/).\n"
    )
    out = check(make_site(files)).out.splitlines()
    problems = [line for line in out if "'contact/'" in line]
    assert problems and not any(line.startswith("content/pages/about.md") for line in problems), out


def test_links_into_the_search_index_resolve_when_the_site_has_search(make_site: SiteMaker, check: Check) -> None:
    """check builds without the search index (Pagefind takes long); the files it writes are known."""
    files = clean_files()
    base = (REPO / "themes/default/templates/base.html").read_text(encoding="utf-8")
    links = "".join(
        f"<a href=\"{{{{ url('{path}') }}}}\">x</a>"
        for path in ("pagefind/pagefind.js", "pagefind/0/pagefind-entry.json", "pagefind/pagefind-ui.js")
    )
    files["templates/base.html"] = base.replace("</footer>", f"{links}</footer>")
    out = check(make_site(files)).out.splitlines()
    assert [line for line in out if "pagefind" in line and "does not resolve" in line] == [
        line
        for line in out
        if "link to 'pagefind/pagefind-ui.js' does not resolve" in line  # no such file
    ]
    assert any("pagefind-ui.js" in line for line in out), out
    without = check(make_site(files, config='title: T\nbase_url: "https://example.org/"\nsearch: false\n'))
    assert "link to 'pagefind/pagefind.js' does not resolve" in without.out, without.out


def test_a_missing_anchor_is_not_pinned_on_a_valid_link_to_another_page_with_that_fragment(
    make_site: SiteMaker, check: Check
) -> None:
    files = clean_files()
    files["content/pages/about.md"] = (
        "---\ntitle: About\n---\nGas: [background](../articles/2024-03-01-gas-deal.md#background) (valid).\n\n"
        "Ferry: [background](../articles/2024-03-02-ferry.md#background) (no such heading).\n"
    )
    out = check(make_site(files)).out.splitlines()
    problems = [line for line in out if "#background" in line]
    assert problems == [
        "content/pages/about.md:6: link to 'articles/ferry/#background': no id 'background' on that page"
    ]


def test_every_copy_of_a_broken_link_is_reported_on_its_own_line(make_site: SiteMaker, check: Check) -> None:
    files = clean_files()
    files["content/articles/2024-03-05-x.md"] = article(
        "X", body="[one](../nowhere/) and [self](#nope)\n\nText.\n\n[two](../nowhere/) and [self](#nope)"
    )
    files["content/digests/2024-03-03-week-9.md"] = (
        "---\ntitle: Week 9\ndate: 2024-03-03\npicks:\n  - article: gas-deal\n    note: 'See [the map](#map).'\n"
        "---\nThe intro.\n\nThis week's [map](#map).\n"
    )
    out = check(make_site(files)).out.splitlines()
    for line in (6, 10):
        assert f"content/articles/2024-03-05-x.md:{line}: link to 'articles/nowhere/' does not resolve" in out, out
        assert f"content/articles/2024-03-05-x.md:{line}: link to '#nope': no id 'nope' on this page" in out, out
    for line in (6, 10):  # the note's and the intro's, on the issue's page (and the front page)
        assert f"content/digests/2024-03-03-week-9.md:{line}: link to '#map': no id 'map' on this page" in out, out


def test_a_percent_encoded_missing_anchor_is_reported_on_its_line(make_site: SiteMaker, check: Check) -> None:
    files = clean_files()
    files["content/pages/about.md"] = (
        "---\ntitle: About\n---\nIntro.\n\nSee [the Çay part](../articles/2024-03-02-ferry.md#%C3%A7ay).\n"
    )
    out = check(make_site(files)).out.splitlines()
    assert "content/pages/about.md:6: link to 'articles/ferry/#çay': no id 'çay' on that page" in out, out


def test_static_and_root_files_git_could_not_merge_are_errors_at_their_first_marker(
    make_site: SiteMaker, check: Check
) -> None:
    """content/static/ and content/root/ are published as they are: a stylesheet or a
    _redirects file left with both sides of a merge is named at its marker, built or not;
    an image and markers shown in fenced code are not."""
    conflicted = "<<<<<<< HEAD\n/old /new 301\n=======\n/old /newer 301\n>>>>>>> origin/redirects\n"
    files = {
        "content/articles/2024-03-01-a.md": article("A"),
        "content/static/site.css": "body { color: #222; }\n" + conflicted,
        "content/root/_redirects": conflicted,
        "content/static/notes.md": "```\n" + conflicted + "```\n",
        "content/static/photo.png": "\x89PNG\r\n\x1a\n\0\0\0\rIHDR" + conflicted,
    }
    expected = [
        "content/root/_redirects:1: unresolved merge conflict: git's marker '<<<<<<< HEAD' is still here; "
        "keep the lines you want and delete the <<<<<<<, ======= and >>>>>>> lines",
        "content/static/site.css:2: unresolved merge conflict: git's marker '<<<<<<< HEAD' is still here; "
        "keep the lines you want and delete the <<<<<<<, ======= and >>>>>>> lines",
    ]
    result = check(make_site(files))
    assert result.code == 1
    assert [line for line in result.out.splitlines() if "merge conflict" in line] == expected
    files["content/articles/2024-03-02-b.md"] = "---\ntitle: B\n"  # a build that fails
    result = check(make_site(files))
    assert [line for line in result.out.splitlines() if "merge conflict" in line] == expected
