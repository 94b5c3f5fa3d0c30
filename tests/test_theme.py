"""Theme resolution: site templates override single templates, themes extend themes."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

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


def test_unknown_theme_is_an_error(make_site: Callable[..., Path], cli: Callable[..., CliResult]) -> None:
    site = make_site({"content/articles/2024-01-02-a.md": article("A")}, "title: T\ntheme: nosuch\n")
    result = cli("build", "-C", site)
    assert result.code == 1
    assert "no theme named 'nosuch'" in result.err


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


def test_cache_tag_keeps_fragments_within_a_budget(tmp_path: Path) -> None:
    from digest.config import SiteConfig
    from digest.render import FragmentCache, make_environment
    from digest.theme import load_theme

    env = make_environment(load_theme(tmp_path, "default"), SiteConfig())
    fragments = env.extensions[FragmentCache.identifier]
    assert isinstance(fragments, FragmentCache)
    fragments.BUDGET = 10
    fragments.keep({("t:1", "", "a"): "aaaa", ("t:1", "", "b"): "bbbb"})
    fragments.keep({("t:1", "", "a"): "AAAA"})  # replaced, and now the most recently kept
    fragments.keep({("t:1", "", "c"): "cccc"})  # over budget: the least recently kept goes
    assert dict(fragments.fragments) == {("t:1", "", "a"): "AAAA", ("t:1", "", "c"): "cccc"}
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
