"""Theme resolution: site templates override single templates, themes extend themes; the
default theme's settings and what its pages show."""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from tests.conftest import CliResult, article


def test_site_template_overrides_one_template(make_site: Callable[..., Path], cli: Callable[..., CliResult]) -> None:
    site = make_site(
        {
            "content/articles/2024-01-02-a.md": article("A"),
            "templates/article.html": '{% extends "base.html" %}{% block content %}<p class="mine">{{ article.title }}</p>{% endblock %}',
        }
    )
    assert cli("build", "-C", site).code == 0
    assert '<p class="mine">A</p>' in (site / "public/articles/a/index.html").read_text()
    assert "Latest articles" in (site / "public/index.html").read_text()  # the rest is the default theme


def test_a_template_saved_with_a_byte_order_mark_or_windows_line_endings_gives_the_same_pages(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    """Editors on Windows (Notepad) may begin a file with a byte order mark and end its lines
    with CR LF: the pages are those of the template saved on a Mac or on Linux, with no
    invisible character at the top of every page nor where a partial is included."""
    page = '{% extends "default/article.html" %}{% block content %}{% include "mine.html" %}{{ super() }}{% endblock %}'
    site = make_site(
        {
            "content/articles/2024-01-02-a.md": article("A"),
            "templates/article.html": page,
            "templates/mine.html": '<p class="mine">\n{{ site.title }}\n</p>\n',
        }
    )
    assert cli("build", "-C", site).code == 0
    expected = (site / "public/articles/a/index.html").read_bytes()
    assert b'<p class="mine">\nTest Digest\n</p>' in expected
    for name in ("article.html", "mine.html"):
        template = site / "templates" / name
        template.write_bytes(b"\xef\xbb\xbf" + template.read_bytes().replace(b"\n", b"\r\n"))
    assert cli("build", "-C", site).code == 0
    assert (site / "public/articles/a/index.html").read_bytes() == expected


def test_a_template_not_saved_as_utf8_is_an_error_naming_it_and_its_line(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    """Notepad's "Unicode" (UTF-16) or an editor's Windows-1252: the file and what to do, not
    Python's UnicodeDecodeError under the name of the page being rendered."""
    site = make_site({"content/articles/2024-01-02-a.md": article("A")})
    (site / "templates").mkdir()
    (site / "templates/article.html").write_bytes('{% extends "default/article.html" %}'.encode("utf-16"))
    (site / "templates/mine.html").write_bytes("<p>\nCaf\u00e9</p>\n".encode("cp1252"))
    result = cli("build", "-C", site)
    assert result.code == 1
    assert "templates/article.html:1: not UTF-8 text (byte 0xff); save the file as UTF-8" in result.err
    assert "UnicodeDecodeError" not in result.err
    (site / "templates/article.html").write_text(
        '{% extends "default/article.html" %}{% block content %}{% include "mine.html" %}{% endblock %}'
    )
    result = cli("build", "-C", site)
    assert result.code == 1
    assert "templates/mine.html:2: not UTF-8 text (byte 0xe9); save the file as UTF-8" in result.err


def test_a_template_override_named_in_another_case_is_an_error_naming_it(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    """templates/Base.html replaces the theme's base.html on macOS and Windows, which ignore
    case, and nothing on Linux: the site looked different on each; so did a Templates/ folder."""
    mine = (
        '{% extends "default/article.html" %}{% block content %}<p class="mine">{{ article.title }}</p>{% endblock %}'
    )
    site = make_site({"content/articles/2024-01-02-a.md": article("A"), "templates/Article.html": mine})
    result = cli("build", "-C", site)
    assert result.code == 1
    assert (
        "templates/Article.html: the theme's template is article.html (macOS and Windows take either "
        "spelling, Linux only that one): rename the file"
    ) in result.err
    (site / "templates/Article.html").rename(site / "templates/article.html")
    (site / "templates").rename(site / "Templates")
    result = cli("build", "-C", site)
    assert result.code == 1
    assert "Templates: digest reads a site's templates from templates/, in lower case" in result.err
    (site / "Templates").rename(site / "templates")
    assert cli("build", "-C", site).code == 0
    assert '<p class="mine">A</p>' in (site / "public/articles/a/index.html").read_text()


def test_url_leaves_a_full_address_alone_and_names_what_is_no_link(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    page = '{% extends "default/page.html" %}{% block content %}[{{ url("https://x.org/a") }}]'
    page += '[{{ abs_url("mailto:ed@example.org") }}][{{ url("//cdn.example.org/f.css") }}]{{ super() }}{% endblock %}'
    site = make_site({"templates/page.html": page, "content/pages/about.md": "---\ntitle: About\n---\nUs.\n"})
    assert cli("build", "-C", site).code == 0
    shown = (site / "public/about/index.html").read_text()
    assert "[https://x.org/a][mailto:ed@example.org][//cdn.example.org/f.css]" in shown
    for call, message in (
        ("url(none)", "url(): expected a record or a site path, got None"),
        ('asset("../../etc/passwd")', "asset(): expected a path in the theme's static/ folder"),
    ):
        template = f'{{% extends "default/page.html" %}}\n{{% block content %}}{{{{ {call} }}}}{{% endblock %}}\n'
        (site / "templates/page.html").write_text(template)
        result = cli("build", "-C", site)
        assert result.code == 1 and "templates/page.html:2: " in result.err and message in result.err, result.err


def test_theme_extends_another(make_site: Callable[..., Path], cli: Callable[..., CliResult]) -> None:
    config = 'title: T\nbase_url: "https://example.org/"\ntheme: child\n'
    site = make_site(
        {
            "content/articles/2024-01-02-a.md": article("A"),
            "themes/parent/theme.yaml": "extends: default\n",
            "themes/parent/templates/topic.html": '{% extends "base.html" %}{% block content %}PARENT {{ topic.name }}{% endblock %}',
            "themes/parent/static/extra.css": "body { color: red; }",
            "themes/child/theme.yaml": "extends: parent\n",
            "themes/child/templates/page.html": "CHILD",
            "themes/child/static/style.css": "/* child style */",
        },
        config,
    )
    result = cli("build", "-C", site)
    assert result.code == 0, result.err
    assert "PARENT Turkey" in (site / "public/topics/turkey/index.html").read_text()
    assert (site / "public/static/extra.css").read_text() == "body { color: red; }"
    assert (site / "public/static/style.css").read_text() == "/* child style */"
    assert "Latest articles" in (site / "public/index.html").read_text()


def test_a_theme_extending_no_theme_is_named_where_it_says_so(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    config = 'title: T\nbase_url: "https://example.org/"\ntheme: child\n'
    files = {"content/articles/2024-01-02-a.md": article("A"), "themes/child/theme.yaml": "# mine\nextends: nosuch\n"}
    result = cli("build", "-C", make_site(files, config))
    assert result.code == 1
    assert "themes/child/theme.yaml:2: extends: no theme named 'nosuch'" in result.err, result.err


def test_a_theme_yaml_is_read_as_strictly_as_digest_yaml(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    config = 'title: T\nbase_url: "https://example.org/"\ntheme: {name: child}\n'
    site = make_site({"content/articles/2024-01-02-a.md": article("A")}, config=config)
    theme = site / "themes/child/theme.yaml"
    theme.parent.mkdir(parents=True)
    theme.write_text("description: Mine\nextend: default\n")
    result = cli("build", "-C", site)
    assert result.code == 0
    assert "warning: themes/child/theme.yaml:2: extend: unknown key (ignored); did you mean 'extends'?" in result.err
    assert "description" not in result.err
    theme.write_text("settings: []\n")
    result = cli("build", "-C", site)
    assert "themes/child/theme.yaml:1: settings: expected a mapping of names to defaults, got a list" in result.err
    theme.write_text("# itself\nextends: child\n")
    result = cli("build", "-C", site)
    assert result.code == 1 and "themes/child/theme.yaml:2: extends: 'child' extends itself" in result.err


def test_a_theme_with_a_base_template_of_its_own_builds_with_the_default_themes_other_pages(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    base = (
        '<!doctype html><html lang="{{ lang }}"><head><meta charset="utf-8"><title>{% block title %}'
        "{{ page.title }}{% endblock %}</title></head><body>{% block content %}{% endblock %}</body></html>"
    )
    config = 'title: T\nbase_url: "https://example.org/"\ntheme: plain\n'
    site = make_site(
        {"content/articles/2024-01-02-a.md": article("A"), "themes/plain/templates/base.html": base}, config
    )
    result = cli("build", "-C", site)
    assert result.code == 0, result.err
    for path, title in (("archive", "Archive"), ("topics", "Topics"), ("digests", "Digest issues")):
        assert f'<h1 class="page-title">{title}</h1>' in (site / f"public/{path}/index.html").read_text()


def test_an_override_extends_the_template_it_replaces_by_its_themes_name(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    config = 'title: T\nbase_url: "https://example.org/"\ntheme: child\n'
    site = make_site(
        {
            "content/articles/2024-01-02-a.md": article("A"),
            "themes/child/theme.yaml": "extends: default\n",
            "themes/child/templates/article.html": (
                '{% extends "default/article.html" %}{% block content %}<p class="child">child</p>{{ super() }}{% endblock %}'
            ),
            "templates/article.html": (
                '{% extends "child/article.html" %}{% block content %}<p class="site">site</p>{{ super() }}{% endblock %}'
            ),
        },
        config,
    )
    assert cli("build", "-C", site).code == 0
    page = (site / "public/articles/a/index.html").read_text()
    assert page.index('<p class="site">') < page.index('<p class="child">') < page.index('class="headline"')
    # An edit of the template extended is seen by the next build.
    (site / "themes/child/templates/article.html").write_text(
        '{% extends "default/article.html" %}{% block content %}<p class="child">changed</p>{% endblock %}'
    )
    assert cli("build", "-C", site).code == 0
    page = (site / "public/articles/a/index.html").read_text()
    assert '<p class="child">changed</p>' in page and 'class="headline"' not in page


def test_a_missing_template_is_reported_where_it_is_asked_for(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    site = make_site(
        {
            "content/articles/2024-01-02-a.md": article("A"),
            "templates/article.html": '{% extends "base.html" %}\n{% block content %}\n{% include "box.html" %}\n{% endblock %}\n',
            "templates/topic.html": '{# the theme\'s own, changed #}\n{% extends "nosuch/topic.html" %}\n',
        }
    )
    result = cli("build", "-C", site)
    assert result.code == 1
    assert "templates/article.html:3: template not found: box.html (needed for articles/a/index.html)" in result.err
    assert (
        "templates/topic.html:2: template not found: nosuch/topic.html (needed for topics/turkey/index.html); "
        "'nosuch' is not a theme of this site (its themes: default)"
    ) in result.err


def test_a_template_every_page_includes_that_is_missing_is_one_error(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    base = '{% extends "default/base.html" %}\n{% block head %}{% include "head-extra.html" %}{% endblock %}\n'
    files = {f"content/articles/2024-01-0{n}-a{n}.md": article(f"A{n}", date=f"2024-01-0{n}") for n in (1, 2, 3)}
    site = make_site({**files, "templates/base.html": base})
    result = cli("build", "-C", site)
    assert result.code == 1
    lines = [line for line in result.err.splitlines() if "head-extra.html" in line]
    assert len(lines) == 1 and "build failed: 1 error(s)" in result.err
    assert re.fullmatch(
        r"templates/base\.html:2: template not found: head-extra\.html \(needed for \S+ and \d+ other pages\)", lines[0]
    )


def test_a_mistake_in_a_template_every_page_uses_is_one_error(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    files = {f"content/articles/2024-01-0{day}-a{day}.md": article(f"A{day}") for day in range(1, 6)}
    files["templates/base.html"] = '{% extends "default/base.html" %}\n{% block title %}{{ nosuchvar.x }}{% endblock %}'
    result = cli("build", "-C", make_site(files))
    assert result.code == 1
    errors = [line for line in result.err.splitlines() if "nosuchvar" in line]
    assert len(errors) == 1, result.err
    assert (
        errors[0].startswith("templates/base.html:2: while rendering ") and " other pages): UndefinedError" in errors[0]
    )
    assert "build failed: 1 error(s)" in result.err


def test_a_block_no_extended_template_has_is_a_warning_with_the_block_it_may_mean(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    index = '{% extends "default/index.html" %}\n{% block contnet %}<p class="mine">Mine</p>{% endblock %}\n'
    site = make_site({"content/articles/2024-01-02-a.md": article("A"), "templates/index.html": index})
    result = cli("build", "-C", site)
    assert result.code == 0
    assert (
        "warning: templates/index.html:2: block 'contnet' is in no template this one extends: its content is never "
        "shown; did you mean 'content'?"
    ) in result.err
    assert "warning: templates/index.html" in cli("build", "-C", site).err  # a build with nothing to do says it too
    nested = (
        "{% block page_body %}<p>body</p>{% endblock %}{% for i in [1] %}{% block in_loop %}x{% endblock %}{% endfor %}"
    )
    (site / "templates/index.html").write_text(
        index.replace("contnet", "content").replace("Mine</p>", "Mine</p>" + nested)
    )
    result = cli("build", "-C", site)  # blocks inside an overridden block are new ones, for templates below
    assert "block" not in result.err and 'class="mine"' in (site / "public/index.html").read_text()


def test_an_empty_theme_folder_is_an_error(make_site: Callable[..., Path], cli: Callable[..., CliResult]) -> None:
    """A theme kept as a git submodule is an empty folder in a clone made without
    --recurse-submodules (actions/checkout's default): that is no theme, not the default one."""
    site = make_site({"content/articles/2024-01-02-a.md": article("A")}, "title: T\ntheme: mag\n")
    (site / "themes/mag").mkdir(parents=True)
    result = cli("build", "-C", site)
    assert result.code == 1
    assert (
        "digest.yaml:2: theme: themes/mag has no templates/, static/ or theme.yaml: a git submodule not checked "
        "out? (git submodule update --init)"
    ) in result.err
    assert not (site / "public").exists()
    (site / "themes/mag/theme.yaml").write_text("extends: default\n")
    assert cli("build", "-C", site).code == 0


def test_unknown_theme_is_an_error(make_site: Callable[..., Path], cli: Callable[..., CliResult]) -> None:
    site = make_site({"content/articles/2024-01-02-a.md": article("A")}, "title: T\ntheme: nosuch\n")
    result = cli("build", "-C", site)
    assert result.code == 1
    assert "digest.yaml:2: theme: no theme named 'nosuch'" in result.err
    assert "did you mean" not in result.err
    # a slip of the keys is told the theme it may mean, as an unknown key is
    (site / "digest.yaml").write_text("title: T\ntheme: defualt\n")
    result = cli("build", "-C", site)
    assert result.code == 1
    assert "digest.yaml:2: theme: no theme named 'defualt' in " in result.err
    assert "among the bundled themes; did you mean 'default'?\n" in result.err
    # a name in another case is none, as on Linux, where macOS and Windows would take it
    (site / "themes/Mag/templates").mkdir(parents=True)
    for name, meant in (("Default", "default"), ("mag", "Mag")):
        (site / "digest.yaml").write_text(f"title: T\ntheme: {name}\n")
        result = cli("build", "-C", site)
        assert result.code == 1
        assert f"digest.yaml:2: theme: no theme named '{name}'" in result.err
        assert f"; did you mean '{meant}'? (macOS and Windows take either spelling, Linux only that one)" in result.err
    (site / "digest.yaml").write_text("title: T\ntheme:\n  accent_color: '#123456'\n  name: ../up\n")
    result = cli("build", "-C", site)
    assert result.code == 1
    assert "digest.yaml:4: theme: not a theme name: '../up'" in result.err


def test_template_context_documented_names_exist(make_site: Callable[..., Path], cli: Callable[..., CliResult]) -> None:
    probe = (
        "{{ site.title }}|{{ site.base_url }}|{{ site.language }}|{{ site.articles|length }}|{{ site.topics|length }}|"
        "{{ site.digests|length }}|{{ site.pages|length }}|{{ page.kind }}|{{ page.title }}|{{ url('topics/') }}|"
        "{{ abs_url('feed.xml') }}|{{ article.reading_time }}|{{ related|length }}|{{ article.date|date }}"
    )
    site = make_site({"content/articles/2024-01-02-a.md": article("A"), "templates/article.html": probe})
    assert cli("build", "-C", site).code == 0
    text = (site / "public/articles/a/index.html").read_text()
    assert (
        text
        == "Test Digest|https://example.org/|en|1|1|0|0|article|A|../../topics/|https://example.org/feed.xml|1|0|1 March 2024"
    )


def test_picked_in_gives_each_issue_with_its_pick_and_rebuilds_show_an_edited_note(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    probe = "{% for issue, pick in picked_in %}[{{ issue.title }}: {{ pick.note_html|striptags }}]{% endfor %}"
    files = {
        "content/articles/2024-01-02-a.md": article("A"),
        "content/articles/2024-01-03-b.md": article("B"),
        "content/digests/2024-01-05-week-1.md": _digest("  - article: b\n  - article: a\n    note: First note.\n"),
        "templates/article.html": probe,
    }
    site = make_site(files)
    assert cli("build", "-C", site).code == 0
    page = site / "public/articles/a/index.html"
    assert page.read_text() == "[Week 1: First note.]"
    _edit_and_build(cli, site / "content/digests/2024-01-05-week-1.md", "First note.", "Second note.")
    assert page.read_text() == "[Week 1: Second note.]"


def _edit_and_build(cli: Callable[..., CliResult], file: Path, old: str, new: str) -> None:
    """Replace ``old`` by ``new`` in ``file``, then build its site again."""
    file.write_text(file.read_text().replace(old, new))
    assert cli("build", "-C", file.parents[2]).code == 0


def test_a_partial_shared_by_every_page_may_ask_for_the_paginator_and_assets_link_anywhere(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    partial = (
        "{% if paginator %}page {{ paginator.number }} of {{ paginator.pages }}{% else %}no pages{% endif %}"
        "<style>body { background: url({{ asset('bg.png') }}) }</style>"
    )
    base = '{% extends "default/base.html" %}{% block content %}{% include "_pager.html" %}{% endblock %}'
    files = {
        "content/articles/2024-01-02-a.md": article("A"),
        "templates/_pager.html": partial,
        "templates/article.html": base,
        "templates/topic.html": base,
        "templates/archive.html": base + "{% block title %}{{ year }}{% endblock %}",
    }
    site = make_site(files)
    result = cli("build", "-C", site)
    assert result.code == 0, result.err
    public = site / "public"
    assert (
        "no pages<style>body { background: url(../../static/bg.png) }" in (public / "articles/a/index.html").read_text()
    )
    assert (
        "page 1 of 1<style>body { background: url(../../static/bg.png) }"
        in (public / "topics/turkey/index.html").read_text()
    )
    assert "<title>2024</title>" in (public / "archive/index.html").read_text()


def test_a_record_printed_whole_shows_its_name_and_rebuilds_when_that_changes(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    probe = "{% for a in site.articles %}[{{ a }} | {{ a.topics|join(', ') }} | {{ a.source }}]{% endfor %}"
    files = {
        "content/articles/2024-01-02-a.md": article("A", topics="Turkey, Politics").replace(
            "topics:", "source: {name: Reuters, url: 'https://example.com/a'}\ntopics:"
        ),
        "content/pages/about.md": "---\ntitle: About\n---\nText.\n",
        "templates/page.html": probe,
    }
    site = make_site(files)
    assert cli("build", "-C", site).code == 0
    page = site / "public/about/index.html"
    assert page.read_text() == "[A | Turkey, Politics | Reuters]"
    _edit_and_build(cli, site / "content/articles/2024-01-02-a.md", 'title: "A"', 'title: "Renamed"')
    assert page.read_text() == "[Renamed | Turkey, Politics | Reuters]"


@pytest.mark.parametrize(
    ("expression", "message"),
    [
        ("article.titel", "Article has no field 'titel'; did you mean 'title'?"),
        ("article.source.nam", "Source has no field 'nam'; did you mean 'name'?"),
        ("site.articels", "has no field 'articels'; did you mean 'articles'?"),
        ("page.kid", "has no field 'kid'; did you mean 'kind'?"),
        ("artcle.title", "'artcle' is undefined; did you mean 'article'?"),
        ("article.topics[article]", "tuple has no element for the Article given between [ ]"),
    ],
)
def test_a_field_a_record_does_not_have_is_named_with_the_nearest_one(
    make_site: Callable[..., Path], cli: Callable[..., CliResult], expression: str, message: str
) -> None:
    template = f'{{% extends "base.html" %}}{{% block content %}}\n{{{{ {expression} }}}}\n{{% endblock %}}'
    site = make_site({"content/articles/2024-01-02-a.md": article("A"), "templates/article.html": template})
    result = cli("build", "-C", site)
    assert result.code == 1
    assert "templates/article.html:2: while rendering articles/a/index.html: UndefinedError: " in result.err
    assert message in result.err and "Recorded" not in result.err


def test_a_page_variable_in_a_macro_imported_without_context_says_to_import_it_with_context(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    # An article.html written for an earlier default theme, whose macros did not read 'site'.
    template = (
        '{% extends "base.html" %}\n{% from "_macros.html" import topic_links %}\n'
        "{% block content %}\n{{ topic_links(article) }}\n{% endblock %}\n"
    )
    site = make_site({"content/articles/2024-01-02-a.md": article("A"), "templates/article.html": template})
    result = cli("build", "-C", site)
    assert result.code == 1
    assert (
        "templates/article.html:4: while rendering articles/a/index.html: UndefinedError: 'site' is undefined in a "
        "macro of _macros.html, which sees the page's variables only when imported with context: "
        "{% from ... import ... with context %}"
    ) in result.err, result.err
    assert "did you mean 'site'" not in result.err


def test_a_macros_override_without_a_macro_the_theme_imports_names_the_override(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    # A _macros.html copied from an earlier default theme, which had no og_tags.
    files = {
        "content/articles/2024-01-02-a.md": article("A"),
        "templates/_macros.html": "{% macro topic_links(article) %}{% endmacro %}\n",
    }
    result = cli("build", "-C", make_site(files))
    assert result.code == 1
    assert (
        "does not export the requested name 'og_tags'; templates/_macros.html, the site's own, replaces the "
        "theme's _macros.html and needs that macro too"
    ) in result.err, result.err


def test_a_themes_own_macros_file_that_the_default_templates_it_falls_back_on_import_is_named(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    # A theme written from scratch with its own _macros.html and no archive.html: the default
    # theme's archive.html, which it builds the archive with, imports _macros.html and gets the theme's.
    files = {
        "content/articles/2024-01-02-a.md": article("A"),
        "digest.yaml": "title: T\ntheme: plain\n",
        "themes/plain/templates/_macros.html": "{% macro card(a) %}<b>{{ a.title }}</b>{% endmacro %}\n",
        "themes/plain/templates/base.html": "<title>{{ page.title }}</title>{% block content %}{% endblock %}\n",
    }
    result = cli("build", "-C", make_site(files))
    assert result.code == 1
    assert (
        "does not export the requested name 'pagination'; themes/plain/templates/_macros.html, the theme plain's own, "
        "replaces the default theme's _macros.html, which its archive.html imports, and needs that macro too (or "
        "name it differently)"
    ) in result.err, result.err


def test_a_misspelt_setting_of_the_themes_own_is_named_with_the_nearest_one(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    files = {
        "content/articles/2024-01-02-a.md": article("A"),
        "themes/t/theme.yaml": 'extends: default\nsettings:\n  hero_text: "Hi"\n',
        "themes/t/templates/article.html": '{% extends "default/article.html" %}{% block content %}'
        "{{ site.theme.hero_txt }}{% endblock %}",
    }
    result = cli("build", "-C", make_site(files, 'title: T\nbase_url: "https://example.org/"\ntheme: t\n'))
    assert result.code == 1
    assert "UndefinedError: ThemeSettings has no field 'hero_txt'; did you mean 'hero_text'?" in result.err


def test_fields_an_article_does_not_have_print_nothing_and_metadata_builds_json_ld(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    probe = (
        "[{{ article.source.name }}|{{ article.author }}|{{ article.image.src }}|{{ article.section }}]"
        "{{ metadata.collection(page.title, page.url, metadata.named_links(article.topics), site.config)|tojson }}"
    )
    site = make_site({"content/articles/2024-01-02-a.md": article("A"), "templates/article.html": probe})
    assert cli("build", "-C", site).code == 0
    text = (site / "public/articles/a/index.html").read_text()
    assert text.startswith("[|||]{")
    data = json.loads(text[len("[|||]") :])
    assert data["@type"] == "CollectionPage"
    assert data["mainEntity"]["itemListElement"][0]["url"] == "https://example.org/topics/turkey/"


def test_an_article_changed_after_its_day_says_when_and_its_json_ld_has_the_date_modified(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    changed = article("A", date="2024-03-01T09:00:00").replace("topics:", "updated: 2024-03-04T18:30:00\ntopics:")
    same_day = article("B", date="2024-03-01T09:00:00").replace("topics:", "lastmod: 2024-03-01T17:00:00\ntopics:")
    site = make_site(
        {"content/articles/2024-03-01-a.md": changed, "content/articles/2024-03-01-b.md": same_day},
        'title: T\nbase_url: "https://example.org/"\nlanguage: tr\ntimezone: Europe/Istanbul\n',
    )
    assert cli("build", "-C", site).code == 0
    page = (site / "public/articles/a/index.html").read_text()
    assert 'Güncellendi: <time datetime="2024-03-04T18:30:00+03:00">4 Mart 2024</time>' in page
    assert '<meta property="article:modified_time" content="2024-03-04T18:30:00+03:00">' in page
    data = [
        json.loads(block) for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    ]
    news = next(item for item in data if item["@type"] == "NewsArticle")
    assert (news["datePublished"], news["dateModified"]) == ("2024-03-01T09:00:00+03:00", "2024-03-04T18:30:00+03:00")
    other = (site / "public/articles/b/index.html").read_text()
    assert "Güncellendi" not in other  # changed on the day it was published
    assert '"dateModified": "2024-03-01T17:00:00+03:00"' in other


def test_an_article_says_it_was_updated_when_its_change_came_on_a_later_day_wherever_each_date_was_written(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    """Whether an article was changed after its day is told from the two moments, in the
    calendar of its date: each day as written said otherwise near midnight. A change written
    in New York's time, 21:00 on 1 March, came at 05:00 on 2 March where the article was
    dated 23:30 on 1 March, and was left out; one written an hour after an article dated
    22:00 in New York, at 07:00 on 2 March in Istanbul, said 'Updated' for the same evening.
    Each date is still shown as written."""
    late = article("A", date="2024-03-01T23:30:00+03:00").replace(
        "topics:", "updated: 2024-03-01T21:00:00-05:00\ntopics:"
    )
    soon = article("B", date="2024-03-01T22:00:00-05:00").replace(
        "topics:", "lastmod: 2024-03-02T07:00:00+03:00\ntopics:"
    )
    # Both in the site's time zone, after midnight and in the evening: one day, though not in UTC.
    early = article("C", date="2024-03-01T01:00:00").replace("topics:", "lastmod: 2024-03-01T20:00:00\ntopics:")
    site = make_site(
        {
            "content/articles/2024-03-01-a.md": late,
            "content/articles/2024-03-01-b.md": soon,
            "content/articles/2024-03-01-c.md": early,
        },
        'title: T\nbase_url: "https://example.org/"\ntimezone: Europe/Istanbul\n',
    )
    assert cli("build", "-C", site).code == 0
    page = (site / "public/articles/a/index.html").read_text()
    assert '<time datetime="2024-03-01T23:30:00+03:00">1 March 2024</time>' in page
    assert 'Updated <time datetime="2024-03-01T21:00:00-05:00">1 March 2024</time>' in page
    for name in ("b", "c"):
        page = (site / f"public/articles/{name}/index.html").read_text()
        assert 'class="updated"' not in page, name
        assert '<meta property="article:modified_time"' in page, name


def test_if_article_source_and_if_article_image_are_true_only_when_there_is_one(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    probe = "{% if article.source %}from {{ article.source.name }}{% else %}no source{% endif %}|" + (
        "{% if article.image %}photo {{ article.image.src }}{% else %}no photo{% endif %}"
    )
    empty = "---\ntitle: A\ndate: 2024-03-01\ntopics: [Turkey]\nsource: {name: null, url: null}\nimage: {src: null, caption: Caption only}\n---\nText.\n"
    full = '---\ntitle: B\ndate: 2024-03-01\ntopics: [Turkey]\nsource: {url: "https://news.example/b"}\nimage: {src: "https://news.example/b.jpg"}\n---\nText.\n'
    site = make_site(
        {
            "content/articles/2024-03-01-a.md": empty,
            "content/articles/2024-03-01-b.md": full,
            "templates/article.html": probe,
        }
    )
    assert cli("build", "-C", site).code == 0
    assert (site / "public/articles/a/index.html").read_text() == "no source|no photo"
    assert (site / "public/articles/b/index.html").read_text() == "from |photo https://news.example/b.jpg"
    (site / "content/articles/2024-03-01-a.md").write_text(empty.replace("name: null", "name: Wire"))
    assert cli("build", "-C", site).code == 0
    assert (site / "public/articles/a/index.html").read_text() == "from Wire|no photo"


def test_cache_tag_renders_a_block_once_per_key_and_page_root(tmp_path: Path) -> None:
    from digest.config import SiteConfig
    from digest.render import make_environment
    from digest.theme import load_theme

    (tmp_path / "templates").mkdir()
    (tmp_path / "templates/probe.html").write_text(
        "{% for item in items %}{% cache item.key %}{{ root }}{{ item.text }};{% endcache %}{% endfor %}"
    )
    env = make_environment(load_theme(tmp_path, "default"), SiteConfig())
    template = env.get_template("probe.html")

    def render(root: str, *items: tuple[str, str]) -> str:
        return template.render(root=root, items=[{"key": key, "text": text} for key, text in items])

    assert render("../", ("a", "one"), ("b", "two")) == "../one;../two;"
    # The same key gives the block as first rendered: the key must capture what it shows.
    assert render("../", ("a", "changed"), ("c", "three")) == "../one;../three;"
    assert render("../../", ("a", "changed")) == "../../changed;"  # another page depth


def test_cache_tag_keeps_a_block_apart_for_each_page_language(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    """A block's words and numbers follow its page's language, as the page depth its links:
    an English article's page does not show the block as a Turkish one rendered it."""
    files = {
        f"content/articles/2024-03-0{day}-{name}.md": (
            f"---\ntitle: {name}\ndate: 2024-03-0{day}\ntopics: [X]\nlanguage: {language}\n---\nText.\n"
        )
        for day, name, language in ((1, "english", "en"), (2, "turkish", "tr"), (3, "english-again", "en"))
    }
    files["templates/article.html"] = (
        '{% extends "default/article.html" %}{% block content %}{{ super() }}'
        '<p id="kept">{% cache "side" %}{{ _("Topics") }} {{ 3000|number }}{% endcache %}</p>{% endblock %}'
    )
    site = make_site(files)
    assert cli("build", "-C", site, "--jobs", "1").code == 0
    for name, shown in (("english", "Topics 3,000"), ("turkish", "Konular 3.000"), ("english-again", "Topics 3,000")):
        assert f'<p id="kept">{shown}</p>' in (site / f"public/articles/{name}/index.html").read_text(), name


def test_the_templates_translate_as_jinjas_new_style_gettext(tmp_path: Path) -> None:
    """``_()`` is made by digest (once per message and language); it must give what Jinja's
    own new-style gettext gives: escaped where the template autoescapes, always a %-format,
    in the language of the page being rendered."""
    import jinja2

    from digest.config import SiteConfig
    from digest.render import make_environment
    from digest.theme import load_theme

    source = (
        '{{ _("Search") }}|{{ _("100%% sure") }}|{{ _("Curated by %(name)s", name="<b>A & B</b>") }}|'
        '{{ _("Search") }}|{{ _("<i>%(n)s</i>", n=3) }}'
    )
    theme = load_theme(tmp_path, "default")
    env = make_environment(theme, SiteConfig(language="tr"))
    languages = env.globals["languages"]
    reference = jinja2.Environment(extensions=["jinja2.ext.i18n"])
    reference.install_gettext_callables(languages.gettext, languages.ngettext, newstyle=True)  # type: ignore[attr-defined]
    for autoescape in (True, False):
        env.autoescape = reference.autoescape = autoescape
        for language in ("tr", "en", "tr"):
            languages.current = language
            ours = env.from_string(source).render()
            assert ours == reference.from_string(source).render()
            assert ours.startswith("Arama|" if language == "tr" else "Search|")
            assert ("&lt;b&gt;" in ours) is autoescape and "100% sure" in ours


def test_cache_tag_keeps_fragments_within_a_budget(tmp_path: Path) -> None:
    from digest.config import SiteConfig
    from digest.render import FragmentCache, make_environment
    from digest.theme import load_theme

    env = make_environment(load_theme(tmp_path, "default"), SiteConfig())
    fragments = env.extensions[FragmentCache.identifier]
    assert isinstance(fragments, FragmentCache)
    fragments.BUDGET = 10
    fragments.keep({("t:1", "", "a"): ("aaaa", ()), ("t:1", "", "b"): ("bbbb", ())})
    fragments.keep({("t:1", "", "a"): ("AAAA", ())})  # replaced, and now the most recently kept
    fragments.keep({("t:1", "", "c"): ("cccc", ())})  # over budget: the least recently kept goes
    assert dict(fragments.fragments) == {("t:1", "", "a"): ("AAAA", ()), ("t:1", "", "c"): ("cccc", ())}
    assert fragments.size == 8


def test_fragments_kept_between_builds_are_dropped_with_the_template(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    """The archive keeps each month with ``{% cache %}``; a later build reuses them only
    while the templates (and configuration) are those that rendered them."""
    from digest.theme import packaged_themes_dir

    original = (packaged_themes_dir() / "default/templates/archive.html").read_text()
    assert "{% cache month.key %}" in original
    files = {f"content/articles/2024-0{n}-02-a{n}.md": article(f"A{n}", date=f"2024-0{n}-02") for n in (1, 2, 3)}
    site = make_site({**files, "templates/archive.html": original})
    assert cli("build", "-C", site).code == 0
    from digest.cache import BuildStore

    assert BuildStore(site).read_meta("fragments") is not None
    path = site / "content/articles/2024-01-02-a1.md"
    path.write_text(path.read_text().replace('"A1"', '"Renamed"'))
    assert cli("build", "-C", site).code == 0
    archive = (site / "public/archive/index.html").read_text()
    assert "Renamed" in archive and "A2" in archive and "A3" in archive
    # The same file, the block on the same line: only the templates' fingerprint differs.
    marked = original.replace("{% cache month.key %}", "{% cache month.key %}<i>kept anew</i>")
    (site / "templates/archive.html").write_text(marked)
    assert cli("build", "-C", site).code == 0
    assert (site / "public/archive/index.html").read_text().count("<i>kept anew</i>") == 3


# -- the default theme's settings (theme: in digest.yaml) and what each page shows ----------

SETTINGS = """\
title: T
base_url: "https://example.org/"
theme:
  accent_color: "#0b5cad"
  logo: static/logo.svg
  favicon: static/icon.png
  fonts: {body: "Georgia, serif", headings: "'Avenir Next', sans-serif"}
  note_label: "Why it matters"
  curator: Ayşe Demir
  front_page_items: 2
  subscribe_action: "https://news.example.com/subscribe"
"""


def _digest(picks: str, title: str = "Week 1", date: str = "2024-03-05") -> str:
    return (
        f'---\ntitle: "{title}"\ndate: {date}\npicks:\n{picks}---\nThe intro, with [a link](https://example.org/x).\n'
    )


def test_theme_settings_change_the_pages_without_copying_templates(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    files = {f"content/articles/2024-03-0{n}-a{n}.md": article(f"A{n}", date=f"2024-03-0{n}") for n in (1, 2, 3)}
    files["content/digests/2024-03-05-week-1.md"] = _digest("  - article: a1\n    note: Watch this.\n")
    site = make_site(files, SETTINGS)
    result = cli("build", "-C", site)
    assert result.code == 0, result.err
    home = (site / "public/index.html").read_text()
    assert "--accent: #0b5cad;" in home and "--font-body: Georgia, serif;" in home
    # A quoted family name is CSS inside <style>, where character references are not read.
    assert "--font-head: 'Avenir Next', sans-serif;" in home
    assert '<img class="logo" src="static/logo.svg"' in home
    assert '<link rel="icon" href="static/icon.png">' in home and "favicon.ico" not in home
    assert home.count('class="card-title"') == 2  # front_page_items
    assert 'action="https://news.example.com/subscribe" method="post"' in home and 'type="email"' in home
    issue = (site / "public/digests/week-1/index.html").read_text()
    assert "Why it matters" in issue and "Curated by Ayşe Demir" in issue and "Curator's note" not in issue
    assert "Why it matters" in (site / "public/digests/week-1/email.txt").read_text()
    # The logo and icon are named but not there: every page would show them broken.
    assert "warning: digest.yaml:5: theme.logo: 'static/logo.svg' is not a file of the site" in result.err
    assert "warning: digest.yaml:6: theme.favicon: 'static/icon.png' is not a file of the site" in result.err
    (site / "content/static").mkdir(parents=True)
    (site / "content/static/logo.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>')
    (site / "content/static/icon.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    result = cli("build", "-C", site)
    assert result.code == 0 and "is not a file of the site" not in result.err


def test_a_text_setting_of_spaces_alone_is_as_if_it_were_not_given(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    """A curator, a note's label or an author blanked with a space showed 'Curated by ' with no
    one, notes labelled by nothing (the label names each note for screen readers), and feeds
    and JSON-LD whose author's name was ' ': each is as if left out, the theme's own wording shown."""
    files = {"content/articles/2024-03-01-a1.md": article("A1", date="2024-03-01")}
    files["content/digests/2024-03-05-week-1.md"] = _digest("  - article: a1\n    note: Watch this.\n")
    config = 'title: T\nbase_url: "https://example.org/"\nauthor: " "\ntheme:\n  note_label: "  "\n  curator: " "\n'
    site = make_site(files, config)
    assert cli("build", "-C", site).code == 0
    blank = {path: (site / "public" / path).read_text() for path in ("digests/week-1/index.html", "feed.xml")}
    (site / "digest.yaml").write_text('title: T\nbase_url: "https://example.org/"\n')
    assert cli("build", "-C", site, "--clean").code == 0
    for path, text in blank.items():
        assert text == (site / "public" / path).read_text(), path
    assert "Curator's note" in blank["digests/week-1/index.html"] and "<name>T</name>" in blank["feed.xml"]


def test_a_logo_whose_name_has_a_space_is_written_percent_encoded_without_a_warning(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    """A URL has no spaces, so the setting writes one as %20 (as image.src does): that names
    the file 'our logo.png', which is there."""
    config = 'title: T\nbase_url: "https://example.org/news/"\ntheme:\n  logo: "static/our%20logo.png"\n'
    site = make_site({"content/articles/2024-03-01-a.md": article("A")}, config)
    (site / "content/static").mkdir(parents=True)
    (site / "content/static/our logo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    result = cli("build", "-C", site)
    assert result.code == 0 and "warning" not in result.err, result.err
    assert '<img class="logo" src="static/our%20logo.png"' in (site / "public/index.html").read_text()
    assert '<img class="logo" src="/news/static/our%20logo.png"' in (site / "public/404.html").read_text()


@pytest.mark.parametrize(
    ("given", "meant"),
    [
        ("../static/logo.svg", "static/logo.svg"),
        ("./static/logo.svg", "static/logo.svg"),
        ("static/../static/logo.svg", "static/logo.svg"),
        ("content/static/logo.svg", "static/logo.svg"),
        ("/content/root/logo.svg", "logo.svg"),
    ],
)
def test_a_logo_named_by_a_path_from_elsewhere_than_the_site_s_root_says_what_to_write(
    given: str, meant: str, make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    """Paths are taken from the site's root as it is published: '../static/logo.svg' led out
    of a site under a sub-path (/static/logo.svg beside /news/), 'content/static/logo.svg' to
    no file, each with only a warning that told to put the file in content/root/../static/."""
    config = f'title: T\nbase_url: "https://example.org/news/"\ntheme:\n  favicon: "{given}"\n'
    site = make_site({"content/articles/2024-03-01-a.md": article("A")}, config)
    (site / "content/static").mkdir(parents=True)
    (site / "content/root").mkdir(parents=True)
    (site / "content/static/logo.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>')
    (site / "content/root/logo.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>')
    result = cli("build", "-C", site)
    assert result.code == 1
    assert (
        f"digest.yaml:4: theme.favicon: write the path where the file is published, from the site's root: {meant!r}"
        in (result.err)
    )
    assert not (site / "public").exists()


@pytest.mark.parametrize(
    "setting",
    [line.strip() for line in SETTINGS.split("theme:\n")[1].splitlines()] + ['fonts: {headings: "Georgia, serif"}'],
)
def test_each_theme_setting_works_without_the_others(
    setting: str, make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    files = {"content/articles/2024-03-01-a1.md": article("A1", date="2024-03-01")}
    files["content/digests/2024-03-05-week-1.md"] = _digest("  - article: a1\n    note: Watch this.\n")
    site = make_site(files, f'title: T\nbase_url: "https://example.org/"\ntheme:\n  {setting}\n')
    result = cli("build", "-C", site)
    assert result.code == 0, result.err
    home = (site / "public/index.html").read_text()
    name, value = setting.split(": ", 1)
    if name == "accent_color":
        assert "--accent: #0b5cad;" in home and "--font-body" not in home
    elif name == "fonts":
        assert ("--font-body: Georgia, serif;" in home) == ("body:" in value)
        assert "--font-head: " in home and "--accent:" not in home


def test_theme_settings_are_validated_like_the_rest(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    config = (
        'title: T\ntheme:\n  accent_color: 12\n  logo: "javascript:alert(1)"\n  fonts: {body: "x;}</style>"}\n'
        "  front_page_items: 0\n  subscribe_url: not-a-url\n  colour: red\nlanguage: [en]\n"
    )
    site = make_site({"content/articles/2024-01-02-a.md": article("A")}, config)
    result = cli("build", "-C", site)
    assert result.code == 1
    for line, key in ((3, "theme.accent_color"), (4, "theme.logo"), (5, "theme.fonts"), (6, "theme.front_page_items"),
                      (7, "theme.subscribe_url"), (9, "language")):  # fmt: skip
        assert f"digest.yaml:{line}: {key}:" in result.err, (key, result.err)
    assert not (site / "public").exists()
    ok = make_site(
        {"content/articles/2024-01-02-a.md": article("A")}, "title: T\ntheme: {name: default, colour: red}\n"
    )
    result = cli("build", "-C", ok)
    assert result.code == 0 and "theme.colour: unknown key" in result.err


def test_digest_yamls_errors_and_the_themes_own_settings_errors_come_at_once(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    config = (
        'title: T\nbase_url: "https://example.org/"\ntheme:\n  name: magazine\n  accent_color: "red;}"\n'
        '  front_page_items: -1\n  hero_text: 5\n  show_hero: "yes"\n'
    )
    files = {
        "content/articles/2024-01-02-a.md": article("A"),
        "themes/magazine/theme.yaml": 'extends: default\nsettings: {hero_text: "", show_hero: true}\n',
    }
    result = cli("build", "-C", make_site(files, config))
    assert result.code == 1
    for line in ("5: theme.accent_color", "6: theme.front_page_items", "7: theme.hero_text", "8: theme.show_hero"):
        assert f"digest.yaml:{line}" in result.err, result.err
    assert "build failed: 4 error(s)" in result.err


def test_an_unknown_theme_setting_is_told_beside_digest_yamls_errors(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    """A misspelt setting under theme: is found once the theme is known: with another error in
    digest.yaml it is told all the same, not only once that error is mended."""
    config = 'title: T\nbase_url: "https://example.org/"\nper_page: many\ntheme:\n  accent_colr: "#c00"\n'
    result = cli("build", "-C", make_site({"content/articles/2024-01-02-a.md": article("A")}, config))
    assert result.code == 1
    assert "digest.yaml:3: per_page: expected a whole number" in result.err
    assert (
        "warning: digest.yaml:5: theme.accent_colr: unknown key (ignored); did you mean 'accent_color'?" in result.err
    )


def test_a_theme_declares_settings_of_its_own_that_a_site_sets_under_theme(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    shows = "{% block content %}<p id=hero>{{ site.theme.hero_text }}|{{ site.theme.show_hero }}|{{ site.theme.columns }}</p>{% endblock %}"
    files = {
        "content/articles/2024-01-02-a.md": article("A"),
        "content/pages/about.md": "---\ntitle: About\n---\nText.\n",
        "themes/base/theme.yaml": "settings:\n  hero_text: Welcome\n  columns: 2\n",
        "themes/mine/theme.yaml": "extends: base\nsettings:\n  show_hero: true\n  columns: 3\n",
        "themes/mine/templates/page.html": '{% extends "base.html" %}' + shows,
    }
    config = 'title: T\nbase_url: "https://example.org/"\ntheme:\n  name: mine\n'
    site = make_site(files, config)
    assert cli("build", "-C", site).code == 0
    about = site / "public/about/index.html"
    assert "<p id=hero>Welcome|True|3</p>" in about.read_text()  # the parent's and its own defaults
    (site / "digest.yaml").write_text(config + "  hero_text: Hello readers\n  columns: 4\n")
    assert cli("build", "-C", site).code == 0
    assert "<p id=hero>Hello readers|True|4</p>" in about.read_text()
    (site / "digest.yaml").write_text(config + "  show_hero: yes please\n  hero_txt: Hi\n")
    result = cli("build", "-C", site)
    assert result.code == 1
    assert "digest.yaml:5: theme.show_hero: expected true or false, got a string ('yes please')" in result.err
    assert "warning: digest.yaml:6: theme.hero_txt: unknown key (ignored); did you mean 'hero_text'?" in result.err
    assert "<p id=hero>Hello readers|True|4</p>" in about.read_text()  # the last output, as it was
    (site / "themes/mine/theme.yaml").write_text("settings:\n  accent_color: red\n")
    result = cli("build", "-C", site)
    assert (
        result.code == 1
        and "themes/mine/theme.yaml:2: settings: 'accent_color' is a name digest gives meaning to" in result.err
    )


def test_front_page_leads_with_the_latest_issue_and_its_notes(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    files = {f"content/articles/2024-03-0{n}-a{n}.md": article(f"A{n}", date=f"2024-03-0{n}") for n in (1, 2, 3)}
    files["content/digests/2024-03-05-week-2.md"] = _digest("  - article: a2\n    note: The **key** pick.\n", "Week 2")
    files["content/digests/2024-02-05-week-1.md"] = _digest("  - a1\n", "Week 1", "2024-02-05")
    site = make_site(files)
    assert cli("build", "-C", site).code == 0
    home = (site / "public/index.html").read_text()
    lead = home[home.index('class="lead-issue"') : home.index('class="front-side"')]
    assert "Week 2" in lead and "The <strong>key</strong> pick." in lead and "Curator's note" in lead
    assert "Week 1" in home[home.index('class="front-side"') :]  # among the recent issues
    issue = (site / "public/digests/week-1/index.html").read_text()
    assert 'rel="next" href="../../digests/week-2/"' in issue
    article_page = (site / "public/articles/a2/index.html").read_text()
    assert "Picked in 1 issue" in article_page and "The <strong>key</strong> pick." in article_page
    # An issue that picks the article twice (check warns of it) is one issue, both notes shown.
    (site / "content/digests/2024-03-05-week-2.md").write_text(
        _digest("  - article: a2\n    note: The **key** pick.\n  - article: a2\n    note: Again.\n", "Week 2")
    )
    assert cli("build", "-C", site).code == 0
    article_page = (site / "public/articles/a2/index.html").read_text()
    assert "Picked in 1 issue" in article_page and "Again." in article_page


def test_article_page_shows_standfirst_photo_credit_and_no_orphan_caption(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    photo = (
        '---\ntitle: "P"\ndate: 2024-03-01\ntopics: [T]\nsummary: "The standfirst."\nauthor: A. Writer\n'
        'source: {name: Wire, url: "https://wire.example/p"}\n'
        'image: {src: "/static/p.jpg", caption: "Crowds in the square.", credit: AFP}\n---\n'
        "Body.\n\n![Chart](https://example.org/c.png)\n\n| a | b | c | d | e | f | g |\n|---|---|---|---|---|---|---|\n"
        "| 1 | 2 | 3 | 4 | 5 | 6 | 7 |\n\n```\nmake all\n```\n"
    )
    orphan = '---\ntitle: "O"\ndate: 2024-03-01\ntopics: [T]\nimage: {caption: "Lost photo.", credit: AFP}\n---\nB.\n'
    site = make_site(
        {
            "content/articles/2024-03-01-p.md": photo,
            "content/articles/2024-03-01-o.md": orphan,
            "content/static/p.jpg": "not a JPEG: its size is unknown",
        }
    )
    assert cli("build", "-C", site).code == 0
    page = (site / "public/articles/p/index.html").read_text()
    assert '<p class="standfirst">The standfirst.</p>' in page and "By <bdi>A. Writer</bdi>" in page
    assert '<img src="../../static/p.jpg" alt="">' in page  # the caption says what it shows; alt does not repeat it
    assert "Crowds in the square." in page and "Photo: AFP" in page
    assert '<img loading="lazy" decoding="async" src="https://example.org/c.png"' in page
    assert '<div class="table-scroll" role="region" tabindex="0" aria-label="Table"><table>' in page
    assert '<pre tabindex="0"><code>make all' in page  # a long line scrolls by keyboard too
    assert 'href="https://wire.example/p" rel="external">Wire</a>' in page
    orphan_page = (site / "public/articles/o/index.html").read_text()
    assert "<figure" not in orphan_page and "Lost photo." not in orphan_page
    assert 'class="standfirst"' not in orphan_page  # no summary: the opening paragraph is not shown twice


def test_a_source_given_by_its_address_alone_is_named_by_its_site(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    """source: {url: …} without a name: the cards, the byline and the article's foot name the
    site (aa.com.tr), not the whole address, which ran over two lines of every card's facts."""
    url = "https://www.aa.com.tr/tr/ekonomi/merkez-bankasi-faizi-sabit-tuttu/3412345?utm_source=rss"
    text = f'---\ntitle: "Rates"\ndate: 2024-03-01\ntopics: [Economy]\nsource: {{url: "{url}"}}\n---\nBody.\n'
    site = make_site({"content/articles/2024-03-01-r.md": text})
    assert cli("build", "-C", site).code == 0
    for path, shown in (("index.html", 1), ("topics/economy/index.html", 1), ("articles/r/index.html", 2)):
        page = (site / "public" / path).read_text()
        names = re.findall(r'<bdi class="source-credit">(.*?)</bdi>', page)
        assert len(names) == shown and all(re.sub("<[^>]+>", "", name) == "aa.com.tr" for name in names), (path, names)
    assert f'<a href="{url}" rel="external">aa.com.tr</a>' in (site / "public/articles/r/index.html").read_text()


@pytest.mark.parametrize(("language", "words"), [("en", "Back to the text"), ("tr", "Metne dön")])
def test_a_footnotes_way_back_is_named_in_words(
    make_site: Callable[..., Path], cli: Callable[..., CliResult], language: str, words: str
) -> None:
    """The ↩ after a footnote is read as what it does ('Back to the text'), in the page's
    language: a screen reader said 'leftwards arrow with hook'."""
    text = "---\ntitle: P\ndate: 2024-03-01\ntopics: [T]\n---\nA claim.[^1]\n\n[^1]: The source.\n"
    site = make_site(
        {"content/articles/2024-03-01-p.md": text}, f'title: T\nlanguage: {language}\nbase_url: "https://e.org/"\n'
    )
    assert cli("build", "-C", site).code == 0
    page = (site / "public/articles/p/index.html").read_text()
    assert f'<a href="#fnref1" class="footnote-backref" aria-label="{words}">↩︎</a>' in page


def test_a_lead_photo_is_described_by_its_alt_text_beside_its_caption(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    """image.alt (Ghost's feature_image_alt) says what the photo shows to readers who cannot
    see it, the caption staying below it; it was refused as an unknown key."""
    text = (
        '---\ntitle: "P"\ndate: 2024-03-01\ntopics: [T]\nimage: {src: "https://example.org/p.jpg", '
        'alt: "Boats moored in the harbour at dusk", caption: "Fishers wait out the storm.", credit: AFP}\n---\nB.\n'
    )
    site = make_site({"content/articles/2024-03-01-p.md": text})
    result = cli("build", "-C", site)
    assert result.code == 0, result.err
    page = (site / "public/articles/p/index.html").read_text()
    assert '<img src="https://example.org/p.jpg" alt="Boats moored in the harbour at dusk">' in page
    assert '<span class="caption">Fishers wait out the storm.</span>' in page
    assert '<meta property="og:image:alt" content="Boats moored in the harbour at dusk">' in page


def test_the_breadcrumb_names_a_section_once_when_the_first_topic_is_named_alike(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    same = "---\ntitle: S\ndate: 2024-03-01\nsection: Business news\ntopics: [Business News]\n---\nB.\n"
    other = "---\ntitle: O\ndate: 2024-03-01\nsection: News\ntopics: [Turkey, Politics]\n---\nB.\n"
    site = make_site({"content/articles/2024-03-01-s.md": same, "content/articles/2024-03-01-o.md": other})
    assert cli("build", "-C", site).code == 0

    def crumbs(slug: str) -> list[str]:
        page = (site / f"public/articles/{slug}/index.html").read_text()
        trail = page.split('aria-label="Breadcrumb"', 1)[1].split("</nav>", 1)[0]
        return re.findall(r"<li><(?:a [^>]*|span)>([^<]+)", trail)

    assert crumbs("s") == ["Home", "Business News"]
    assert crumbs("o") == ["Home", "News", "Turkey", "Politics"]


def test_a_topic_pages_cards_name_another_topic_of_each_article_or_none(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    site = make_site(
        {
            "content/articles/2024-03-01-a.md": article("A", topics="Turkey, Politics"),
            "content/articles/2024-03-02-b.md": article("B", date="2024-03-02", topics="Turkey"),
        }
    )
    assert cli("build", "-C", site).code == 0

    def kickers(path: str) -> list[str]:
        return re.findall(r'class="kicker"><a [^>]*>([^<]+)', (site / "public" / path).read_text())

    assert kickers("topics/turkey/index.html") == ["Politics"]
    assert kickers("topics/politics/index.html") == ["Turkey"]


def test_pages_without_a_weight_are_ordered_in_the_sites_alphabet(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    """As topics are: Çerezler with the c's (after Cami in Turkish), not after Zaman."""
    titles = ["Zaman Çizelgesi", "Çerezler", "Künye", "İletişim", "Hakkında", "Cami Rehberi"]
    site = make_site(
        {
            "content/articles/2024-03-01-a.md": article("A"),
            **{f"content/pages/p{index}.md": f"---\ntitle: {title}\n---\nX.\n" for index, title in enumerate(titles)},
        },
        'title: T\nbase_url: "https://example.org/"\nlanguage: tr\n',
    )
    assert cli("build", "-C", site).code == 0
    html = (site / "public/index.html").read_text(encoding="utf-8")
    nav = html.split('class="site-nav"', 1)[1].split("</ul>", 1)[0]
    shown = [title for title in re.findall(r">([^<>]+)</a>", nav) if title in titles]
    assert shown == ["Cami Rehberi", "Çerezler", "Hakkında", "İletişim", "Künye", "Zaman Çizelgesi"]


def test_pages_are_ordered_by_weight_and_menu_false_moves_one_to_the_footer(
    make_site: Callable[..., Path], cli: Callable[..., CliResult], tmp_path: Path
) -> None:
    from tests.test_plugins import assert_incremental_is_clean

    site = make_site(
        {
            "content/articles/2024-03-01-a.md": article("A"),
            "content/pages/about.md": "---\ntitle: About\n---\nUs.\n",
            "content/pages/contact.md": "---\ntitle: Contact\nweight: 1\n---\nWrite.\n",
            "content/pages/privacy.md": "---\ntitle: Privacy\nmenu: false\n---\nNothing kept.\n",
        }
    )
    built = assert_incremental_is_clean(site, tmp_path)

    def links(path: str, where: str) -> list[str]:
        html = built[path].decode()
        part = html.split(f'class="{where}"', 1)[1].split("</ul>", 1)[0]
        return re.findall(r">([^<>]+)</a>", part)

    assert links("index.html", "site-nav") == ["Issues", "Topics", "Archive", "Contact", "About", "Search"]
    assert links("articles/a/index.html", "footer-links")[-1] == "Privacy"
    (site / "content/pages/privacy.md").write_text("---\ntitle: Privacy\nweight: 0\n---\nNothing kept.\n")
    built = assert_incremental_is_clean(site, tmp_path)
    assert links("articles/a/index.html", "site-nav")[3:6] == ["Privacy", "Contact", "About"]
    (site / "content/pages/about.md").write_text("---\ntitle: About\nmenu: 3\nweight: first\n---\nUs.\n")
    result = cli("build", "-C", site)
    assert result.code == 1
    assert "content/pages/about.md:3: menu: expected true or false" in result.err
    assert "content/pages/about.md:4: weight: expected a whole number such as 10" in result.err


def test_archive_by_year_and_issue_index_are_paginated(
    make_site: Callable[..., Path], cli: Callable[..., CliResult], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("digest.render.ARCHIVE_PER_PAGE", 2)
    files = {
        f"content/articles/{year}-0{month}-02-a{year}{month}.md": article(f"A{year}{month}", date=f"{year}-0{month}-02")
        for year in (2023, 2024)
        for month in (1, 2, 3)
    }
    files.update(
        {f"content/digests/2024-0{n}-09-w{n}.md": _digest("  - a20241\n", f"W{n}", f"2024-0{n}-09") for n in (1, 2, 3)}
    )
    site = make_site(files, 'title: T\nbase_url: "https://example.org/"\nper_page: 2\n')
    assert cli("build", "-C", site).code == 0
    public = site / "public"
    first = (public / "archive/index.html").read_text()
    assert "A20243" in first and "A20242" in first and "A20241" not in first and "A20233" not in first
    assert "A20241" in (public / "archive/page/2/index.html").read_text()
    older = (public / "archive/2023/index.html").read_text()
    assert "A20233" in older and 'href="../../archive/2023/"' in older and "A20243" not in older
    assert 'href="../archive/page/2/#2024-01"' in first  # a month links to the page that lists it
    assert (public / "archive/2023/page/2/index.html").is_file()
    assert (
        "W3" in (public / "digests/index.html").read_text() and "W1" not in (public / "digests/index.html").read_text()
    )
    assert "W1" in (public / "digests/page/2/index.html").read_text()


def test_pages_link_the_favicon_set_and_theme_ids_cannot_meet_heading_anchors(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    body = "## Main\n\nText.\n\n## Related articles\n\nMore.\n\n## Main content\n"
    site = make_site(
        {"content/articles/2024-01-02-a.md": article("A", body=body), "content/articles/2024-01-01-b.md": article("B")}
    )
    assert cli("build", "-C", site).code == 0
    page = (site / "public/articles/a/index.html").read_text()
    ids = re.findall(r'\sid="([^"]+)"', page)
    assert len(ids) == len(set(ids)), ids
    assert '<link rel="icon" href="../../static/favicon.ico" sizes="48x48">' in page
    assert (site / "public/static/favicon.ico").read_bytes()[:4] == b"\x00\x00\x01\x00"
    assert (site / "public/favicon.ico").read_bytes() == (site / "public/static/favicon.ico").read_bytes()
    assert (site / "public/static/apple-touch-icon.png").is_file()


def test_rebuilds_show_edited_notes_and_titles_wherever_the_theme_shows_them(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    files = {f"content/articles/2024-03-0{n}-a{n}.md": article(f"A{n}", date=f"2024-03-0{n}") for n in (1, 2)}
    files["content/digests/2024-03-05-week-1.md"] = _digest("  - article: a1\n    note: First note.\n")
    site = make_site(files)
    assert cli("build", "-C", site).code == 0
    issue = site / "content/digests/2024-03-05-week-1.md"
    issue.write_text(issue.read_text().replace("First note.", "Second note."))
    assert cli("build", "-C", site).code == 0
    for page in ("index.html", "articles/a1/index.html", "digests/week-1/index.html"):
        assert "Second note." in (site / "public" / page).read_text(), page
    first = site / "content/articles/2024-03-01-a1.md"
    first.write_text(first.read_text().replace('"A1"', '"Renamed one"'))
    assert cli("build", "-C", site).code == 0
    for page in ("index.html", "digests/index.html", "digests/week-1/index.html", "archive/index.html"):
        assert "Renamed one" in (site / "public" / page).read_text(), page


def test_an_empty_site_says_so_on_its_front_page(make_site: Callable[..., Path], cli: Callable[..., CliResult]) -> None:
    site = make_site({})
    assert cli("build", "-C", site).code == 0
    home = (site / "public/index.html").read_text()
    assert "No digest issues yet." in home and "No articles yet." in home
    assert '<p class="eyebrow">Latest issue</p>' in home


def test_a_chinese_articles_word_count_and_reading_time_follow_its_length(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    body = "两国代表在安卡拉签署了一项新的贸易协定，涉及能源、农业和基础设施等多个领域。" * 30  # 38 characters
    site = make_site(
        {
            "content/articles/2024-01-02-a.md": article("协定", body=body),
            "templates/article.html": "{{ article.word_count }}|{{ article.reading_time }}",
        }
    )
    assert cli("build", "-C", site).code == 0
    words, minutes = (site / "public/articles/a/index.html").read_text().split("|")
    assert 500 <= int(words) <= 600 and minutes == "2"  # 1,050 characters, about 2 minutes' reading


def test_an_error_in_the_text_edition_template_names_its_line(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    issue = "---\ntitle: Week A\ndate: 2024-01-03\npicks:\n  - article: a\n    note: Why.\n---\nIntro.\n"
    site = make_site(
        {
            "content/articles/2024-01-02-a.md": article("A"),
            "content/digests/2024-01-03-week-a.md": issue,
            "templates/email.txt": "{{ digest.title }}\n{{ digest.nosuch }}\n",
        }
    )
    result = cli("build", "-C", site)
    assert result.code == 1
    assert "templates/email.txt:2: while rendering digests/week-a/email.txt: UndefinedError: " in result.err


def test_the_date_filter_takes_a_date_field_digest_does_not_know(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    """Front matter keeps an unknown field's date as written; ``|date`` reads it."""
    template = '{% extends "default/article.html" %}{% block content %}<p id="u">{{ article.extra.reviewed|date }}</p>'
    site = make_site(
        {
            "content/articles/2024-01-02-a.md": article("A").replace("topics:", "reviewed: 2024-02-03\ntopics:"),
            "templates/article.html": template + "{% endblock %}",
        }
    )
    result = cli("build", "-C", site)
    assert result.code == 0, result.err
    assert '<p id="u">3 February 2024</p>' in (site / "public/articles/a/index.html").read_text(encoding="utf-8")
    (site / "templates/article.html").write_text(template.replace("extra.reviewed", "title") + "{% endblock %}")
    result = cli("build", "-C", site)
    assert result.code == 1
    assert "templates/article.html:1: while rendering articles/a/index.html: ValueError: date: expected a date" in (
        result.err
    )


def test_now_is_the_time_of_the_build_in_the_sites_time_zone_whatever_the_computers(
    make_site: Callable[..., Path], cli: Callable[..., CliResult], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A footer's '© {{ now().year }}' or a 'built at' line: the computer (a CI runner in UTC-12)
    is a day behind the site (UTC+14); the year and day shown are the site's, and the time
    carries its offset."""
    template = '{% extends "default/article.html" %}{% block content %}<p id="n">{{ now()|isodate }}</p>{% endblock %}'
    config = 'title: T\nbase_url: "https://example.org/"\ntimezone: Pacific/Kiritimati\n'
    site = make_site({"content/articles/2024-01-02-a.md": article("A"), "templates/article.html": template}, config)
    monkeypatch.setenv("TZ", "Etc/GMT+12")
    time.tzset()
    try:
        result = cli("build", "-C", site)
    finally:
        monkeypatch.undo()
        time.tzset()
    assert result.code == 0, result.err
    shown = re.search(r'<p id="n">([^<]*)</p>', (site / "public/articles/a/index.html").read_text(encoding="utf-8"))
    assert shown is not None
    built = datetime.fromisoformat(shown[1])
    assert built.utcoffset() == timedelta(hours=14)
    assert abs(built - datetime.now(ZoneInfo("Pacific/Kiritimati"))) < timedelta(minutes=5)


@pytest.mark.parametrize("colour", ["#12345", "notacolour", "#ggg", "bleu", "rgb(red)", "hsl(120 50%)"])
def test_an_accent_colour_css_does_not_know_is_an_error(
    colour: str, make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    site = make_site(
        {"content/articles/2024-01-02-a.md": article("A")}, f'title: T\ntheme:\n  accent_color: "{colour}"\n'
    )
    result = cli("build", "-C", site)
    assert result.code == 1
    assert "digest.yaml:3: theme.accent_color: expected a colour" in result.err
    if colour == "bleu":
        assert "did you mean 'blue'?" in result.err


@pytest.mark.parametrize(
    "colour",
    ["#abc", "#abcd", "#aabbcc", "#aabbccdd", "RebeccaPurple", "teal", "oklch(60% 0.1 30)", "rgba(0, 128, 128, 0.5)"],
)
def test_an_accent_colour_css_knows_is_taken(
    colour: str, make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    site = make_site(
        {"content/articles/2024-01-02-a.md": article("A")}, f'title: T\ntheme:\n  accent_color: "{colour}"\n'
    )
    result = cli("build", "-C", site)
    assert result.code == 0, result.err
    home = (site / "public/index.html").read_text()
    assert f"--accent-rule: {colour};" in home  # the rules as chosen; text in it as hex, made to read
    assert re.search(r"--accent: #[0-9a-f]{6};", home) and re.search(r"--accent: #[0-9a-f]{6}; --accent-rule", home)


def test_the_meta_description_keeps_words_written_in_angle_brackets(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    """Summaries and the site's description are plain text: ``<blink>`` in them is words."""
    text = '---\ntitle: Tags\ndate: 2024-01-01\ntopics: [HTML]\nsummary: "Browsers add <blink> and\n  <marquee> again."\n---\nBody.\n'
    config = 'title: T\nbase_url: "https://example.org/"\ndescription: "Notes on <template> elements"\n'
    site = make_site({"content/articles/2024-01-01-a.md": text}, config)
    assert cli("build", "-C", site).code == 0
    page = (site / "public/articles/a/index.html").read_text()
    assert '<meta name="description" content="Browsers add &lt;blink&gt; and &lt;marquee&gt; again.">' in page
    assert '<meta property="og:description" content="Browsers add &lt;blink&gt; and &lt;marquee&gt; again.">' in page
    home = (site / "public/index.html").read_text()
    assert '<meta name="description" content="Notes on &lt;template&gt; elements">' in home


def test_a_missing_logo_at_the_root_is_asked_for_in_content_root(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    config = 'title: T\nbase_url: "https://example.org/"\ntheme:\n  logo: logo.svg\n'
    site = make_site({"content/articles/2024-01-01-a.md": article("A", date="2024-01-01")}, config)
    result = cli("build", "-C", site)
    assert "theme.logo: 'logo.svg' is not a file of the site: put it in content/root/logo.svg" in result.err
    (site / "content/root").mkdir()
    (site / "content/root/logo.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>')  # as the warning says
    result = cli("build", "-C", site)
    assert result.code == 0 and "is not a file of the site" not in result.err
    assert (site / "public/logo.svg").is_file()


def test_machine_readable_dates_are_valid_html_datetimes(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    """A fraction of a second keeps three digits at most; a zone's old local mean time
    (+01:56:56 in Istanbul before 1910) is given in UTC: both as HTML's ``datetime`` takes them."""
    files = {
        "content/articles/2026-11-10-frac.md": article("Frac", date="2026-11-10T12:00:00.123456Z"),
        "content/articles/1900-01-01-old.md": article("Old", date="1900-01-01"),
    }
    site = make_site(files, 'title: T\nbase_url: "https://example.org/"\ntimezone: Europe/Istanbul\n')
    assert cli("build", "-C", site).code == 0
    frac = (site / "public/articles/frac/index.html").read_text()
    assert '<time datetime="2026-11-10T12:00:00.123+00:00">' in frac
    assert '"datePublished": "2026-11-10T12:00:00.123+00:00"' in frac
    old = (site / "public/articles/old/index.html").read_text()
    assert '<time datetime="1899-12-31T22:03:04+00:00">' in old
    assert '<meta property="article:published_time" content="1899-12-31T22:03:04+00:00">' in old
    valid = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,3})?(Z|[+-]\d\d:\d\d)$")
    for page in (site / "public").rglob("*.html"):
        for value in re.findall(r'<time datetime="([^"]+)"', page.read_text()):
            assert valid.match(value), (page, value)


def test_an_article_without_a_body_shows_no_reading_time(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    """A link kept for its summary alone is not '1 min read'."""
    files = {
        "content/articles/2024-01-01-link.md": "---\ntitle: Link\ndate: 2024-01-01\ntopics: [World]\nsummary: Worth a look.\n---\n",
        "content/articles/2024-01-02-text.md": article("Text", date="2024-01-02", topics="World"),
        "content/digests/2024-01-03-w.md": "---\ntitle: W\ndate: 2024-01-03\npicks:\n  - article: link\n---\nIntro.\n",
    }
    site = make_site(files)
    assert cli("build", "-C", site).code == 0
    assert "min read" not in (site / "public/articles/link/index.html").read_text()
    assert "min read" in (site / "public/articles/text/index.html").read_text()
    topic = (site / "public/topics/world/index.html").read_text()
    assert topic.count("min read") == 1
    assert "min read" not in (site / "public/digests/w/email.html").read_text()


def test_meta_lines_space_each_separator_alike(make_site: Callable[..., Path], cli: Callable[..., CliResult]) -> None:
    """'date · source · reading time': each dot between spaces, as the lines without a condition
    write it (the source's name was run into the dot after it: 'Press TV· 1 min read')."""
    source = 'source: {name: Press TV, url: "https://www.presstv.ir/story"}\n'
    files = {
        "content/articles/2024-03-01-a.md": article("A").replace("topics:", source + "topics:"),
        "content/digests/2024-03-02-w.md": "---\ntitle: W\ndate: 2024-03-02\npicks:\n  - article: a\n---\nIntro.\n",
    }
    site = make_site(files)
    assert cli("build", "-C", site).code == 0
    from lxml import html as lxml_html

    def meta_lines(page: str) -> list[str]:
        tree = lxml_html.fromstring((site / "public" / page).read_text(encoding="utf-8"))
        return [" ".join(line.text_content().split()) for line in tree.xpath('//p[span[@class="sep"]]')]

    assert "1 March 2024 · Press TV · 1 min read" in meta_lines("digests/w/index.html")
    assert "1 March 2024 · 1 min read · Source: Press TV" in meta_lines("articles/a/index.html")
    assert all(" · " in line and "·" not in line.replace(" · ", "") for line in meta_lines("index.html"))


def test_the_lead_issue_named_like_a_topic_is_a_region_of_its_own_name(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    """A special issue titled 'Turkey' and the front page's 'Turkey' block of articles, a topic
    named 'Recent issues' beside the list of recent issues: the regions a screen reader lists
    by name had the same one (axe-core: landmark-unique)."""
    files = {
        "content/articles/2024-03-01-a.md": article("A"),
        "content/articles/2024-03-01-b.md": article("B", topics="Recent issues"),
        "content/digests/2024-03-01-v.md": "---\ntitle: V\ndate: 2024-03-01\npicks:\n  - article: b\n---\nIntro.\n",
        "content/digests/2024-03-02-w.md": "---\ntitle: Turkey\ndate: 2024-03-02\npicks:\n  - article: a\n---\nIntro.\n",
    }
    site = make_site(files)
    assert cli("build", "-C", site).code == 0
    from lxml import html as lxml_html

    home = lxml_html.fromstring((site / "public/index.html").read_text(encoding="utf-8"))
    names = [
        " ".join(
            " ".join(home.get_element_by_id(ref).text_content().split())
            for ref in section.get("aria-labelledby").split()
        )
        for section in home.xpath("//section[@aria-labelledby]")
    ]
    assert "Latest articles Turkey" in names and len(names) == len(set(names)), names
    assert any(name.startswith("Latest issue") and name.endswith("Turkey") for name in names), names


def test_a_template_that_extends_itself_is_one_error_at_its_extends(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    """``{% extends "topic.html" %}`` in the site's own topic.html: the easy mistake when
    overriding one block (the theme's own is ``default/topic.html``)."""
    files = {
        "content/articles/2024-01-01-a.md": article("A"),
        "templates/topic.html": '{% extends "topic.html" %}\n{% block content %}x{% endblock %}\n',
    }
    site = make_site(files)
    result = cli("build", "-C", site)
    assert result.code == 1
    assert (
        'templates/topic.html:1: extends "topic.html", which leads back to it; '
        'to extend the theme\'s own write "default/topic.html"' in result.err
    )
    assert "RecursionError" not in result.err and "build failed: 1 error(s)" in result.err


def _heading_levels(html: str) -> list[tuple[int, str]]:
    """The page's headings in order: (level, text)."""
    return [
        (int(level), re.sub(r"<[^>]+>", "", text).strip())
        for level, text in re.findall(r"<h([1-6])\b[^>]*>(.*?)</h\1>", html, re.S)
    ]


def test_headings_in_an_issues_intro_and_notes_stay_under_the_titles_they_are_shown_under(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    """A note's ``## Why it matters`` was a heading of the pick title's rank (and ``#### Deep``
    a level skipped), an intro's ``# Big intro`` a second h1: on every page that shows them
    (the issue, its email, the front page, the article's page) the first is at the level under
    the heading they are shown under, and none goes deeper than one under the one before."""
    note = "## Why it matters\n\n      Because.\n\n      #### Deep\n\n      More."
    issue = f"---\ntitle: W\ndate: 2024-03-08\npicks:\n  - article: a\n    note: |\n      {note}\n---\n# Big intro\n\nIntro.\n"
    site = make_site({"content/articles/2024-03-01-a.md": article("A"), "content/digests/2024-03-08-w.md": issue})
    result = cli("build", "-C", site)
    assert result.code == 0, result.err
    assert cli("email", "W", "-C", site).code == 0
    pages = {
        "digests/w/index.html": [(1, "W"), (2, "Big intro"), (2, "A"), (3, "Why it matters"), (4, "Deep")],
        "index.html": [(2, "W"), (3, "Big intro"), (3, "A"), (4, "Why it matters"), (5, "Deep")],
        "articles/a/index.html": [(1, "A"), (2, "Picked in 1 issue"), (3, "Why it matters"), (4, "Deep")],
        "digests/w/email.html": [(1, "W"), (2, "Big intro"), (2, "A"), (3, "Why it matters"), (4, "Deep")],
    }
    for path, expected in pages.items():
        shown = [heading for heading in _heading_levels((site / "public" / path).read_text()) if heading[1]]
        start = shown.index(expected[0])
        assert shown[start : start + len(expected)] == expected, path


def test_a_long_summary_is_cut_at_a_word_and_ends_with_one_ellipsis(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    """Cards shorten a summary at a space and end it with '…', never with a sentence's full
    stop followed by three dots ('missile....'); text without spaces is cut between characters."""
    first = "The talks " + "went on " * 23 + "about the missile."
    summary = first + " Extraordinarily long negotiations followed for weeks in Ankara and elsewhere."
    wide = "土耳其" * 100
    files = {
        "content/articles/2024-01-01-talks.md": f'---\ntitle: Talks\ndate: 2024-01-01\ntopics: [World]\nsummary: "{summary}"\n---\nBody.\n',
        "content/articles/2024-01-02-wide.md": f"---\ntitle: Wide\ndate: 2024-01-02\ntopics: [Asia]\nsummary: {wide}\n---\nBody.\n",
        "content/digests/2024-01-03-w.md": "---\ntitle: W\ndate: 2024-01-03\npicks:\n  - article: talks\n---\nIntro.\n",
    }
    site = make_site(files)
    assert len(first) < 219 < len(first) + len(" Extraordinarily")
    assert cli("build", "-C", site).code == 0
    cut = first.removesuffix(".") + "…"
    assert f'<p class="summary">{cut}</p>' in (site / "public/topics/world/index.html").read_text()
    assert f"{wide[:219]}…</p>" in (site / "public/topics/asia/index.html").read_text()
    for page in ("public/topics/world/index.html", "public/index.html", "public/digests/w/email.html"):
        assert "...." not in (site / page).read_text()
    assert "negotiations followed…\n" in (site / "public/digests/w/email.txt").read_text()  # (260 there)
