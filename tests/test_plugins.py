"""Extension points: front matter fields kept in ``extra``, plugins and hooks files, their
events, filters and Markdown plugins, and builds that stay exact when any of them changes."""

from __future__ import annotations

import html
import importlib.metadata
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from digest.build import Builder, BuildOptions
from digest.config import load_config
from digest.content import LoadOptions, load_site
from digest.errors import BuildFailed
from tests.conftest import CliResult, article, snapshot

PAYWALL_PACKAGE = Path(__file__).parent / "plugins" / "digest_paywall"
CONFIG = 'title: T\nbase_url: "https://example.org/"\nsearch: false\n'
TOPIC_TEMPLATE = (
    "{% for a in articles %}<p class=card>{{ a.title }}"
    "{% if a.extra.paywalled %} <b>paywalled</b>{% endif %}</p>{% endfor %}\n"
)


def with_field(text: str, line: str) -> str:
    return text.replace("topics:", f"{line}\ntopics:", 1)


def clean_snapshot(site: Path, scratch: Path) -> dict[str, bytes]:
    shutil.rmtree(scratch, ignore_errors=True)
    shutil.copytree(site, scratch, ignore=shutil.ignore_patterns("public", ".digest-cache", "__pycache__"))
    Builder(scratch, BuildOptions(clean=True, jobs=1)).build()
    return snapshot(scratch / "public")


def assert_incremental_is_clean(site: Path, tmp_path: Path) -> dict[str, bytes]:
    Builder(site, BuildOptions(jobs=1)).build()
    built = snapshot(site / "public")
    expected = clean_snapshot(site, tmp_path / "clean")
    assert sorted(built) == sorted(expected)
    assert [path for path in built if built[path] != expected[path]] == []
    return built


def test_unknown_front_matter_fields_are_kept_in_extra(
    make_site: Callable[..., Path], cli: Callable[..., CliResult], tmp_path: Path
) -> None:
    site = make_site(
        {
            "content/articles/2024-03-01-a.md": with_field(article("Alpha"), "paywalled: true\nscore: 4.5"),
            "content/articles/2024-03-02-b.md": with_field(article("Beta"), "tags: [one, two]"),
            "templates/topic.html": TOPIC_TEMPLATE,
        },
        config=CONFIG,
    )
    result = cli("build", "-C", site)
    assert result.code == 0, result.err
    assert "unknown field" not in result.err
    shown = (site / "public/topics/turkey/index.html").read_text()
    assert "Alpha <b>paywalled</b>" in shown
    assert "Beta</p>" in shown

    site_records, _ = load_site(site, load_config(site)[0], LoadOptions())
    by_title = {item.title: item for item in site_records.articles}
    assert dict(by_title["Alpha"].extra) == {"paywalled": True, "score": 4.5}
    assert by_title["Beta"].tags == ("one", "two")
    assert dict(by_title["Beta"].extra) == {}


def test_an_edited_extra_field_builds_as_a_clean_build(make_site: Callable[..., Path], tmp_path: Path) -> None:
    path = "content/articles/2024-03-01-a.md"
    site = make_site(
        {path: with_field(article("Alpha"), "paywalled: false"), "templates/topic.html": TOPIC_TEMPLATE},
        config=CONFIG,
    )
    assert "paywalled</b>" not in assert_incremental_is_clean(site, tmp_path)["topics/turkey/index.html"].decode()
    (site / path).write_text(with_field(article("Alpha"), "paywalled: true"))
    assert "paywalled</b>" in assert_incremental_is_clean(site, tmp_path)["topics/turkey/index.html"].decode()
    (site / path).write_text(with_field(article("Alpha"), "paywalled: {since: 2024}"))
    assert "paywalled</b>" in assert_incremental_is_clean(site, tmp_path)["topics/turkey/index.html"].decode()
    (site / path).write_text(article("Alpha"))
    assert "paywalled</b>" not in assert_incremental_is_clean(site, tmp_path)["topics/turkey/index.html"].decode()


def test_extra_fields_as_json_in_a_template_stay_current(make_site: Callable[..., Path], tmp_path: Path) -> None:
    """``{{ article.extra|tojson }}`` (say, for a page's own JSON-LD): nested mappings, lists
    and dates as JSON, and written again when a field changes."""
    path = "content/articles/2024-03-01-a.md"
    template = (
        '{% for article in articles %}<script type="application/json">{{ article.extra|tojson }}</script>{% endfor %}'
    )
    fields = "mood: calm\nseen: 2024-03-01\nlinks: {more: [a, b]}"
    site = make_site({path: with_field(article("Alpha"), fields), "templates/topic.html": template}, config=CONFIG)
    shown = assert_incremental_is_clean(site, tmp_path)["topics/turkey/index.html"].decode()
    expected = '{"links": {"more": ["a", "b"]}, "mood": "calm", "seen": "2024-03-01"}'
    assert html.unescape(shown.split(">", 1)[1].split("<", 1)[0]) == expected
    (site / path).write_text(with_field(article("Alpha"), fields.replace("calm", "tense")))
    assert "tense" in assert_incremental_is_clean(site, tmp_path)["topics/turkey/index.html"].decode()


def test_extra_fields_of_issues_and_pages(make_site: Callable[..., Path], cli: Callable[..., CliResult]) -> None:
    site = make_site(
        {
            "content/articles/2024-03-01-a.md": article("Alpha"),
            "content/digests/2024-03-04-w.md": "---\ntitle: W\ndate: 2024-03-04\nsponsor: Acme\npicks: [2024-03-01-a]\n---\nHi.\n",
            "content/pages/about.md": "---\ntitle: About\nmood: [calm, dry]\n---\nUs.\n",
            "templates/digest.html": "<i>{{ digest.extra.sponsor }}</i>\n",
            "templates/page.html": "<i>{{ page.extra.mood|join('+') }}</i>\n",
        },
        config=CONFIG,
    )
    result = cli("build", "-C", site)
    assert result.code == 0, result.err
    assert "<i>Acme</i>" in (site / "public/digests/w/index.html").read_text()
    assert "<i>calm+dry</i>" in (site / "public/about/index.html").read_text()


def test_extra_fields_named_as_a_mappings_methods_are_the_fields(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    """A field named ``items``, ``keys``, ``values`` or ``get`` showed '<bound method
    Mapping.items of Extra(...)>', and was never none for a file without it."""
    template = (
        "{% for a in articles %}<p>{% if a.extra.items %}{{ a.extra.items|join('+') }}{% endif %}"
        "/{{ a.extra.keys }}/{{ a.extra['values'] }}/{{ a.extra.get }}</p>{% endfor %}\n"
    )
    fields = "items: [maps, charts]\nkeys: K\nvalues: V\nget: G"
    site = make_site(
        {
            "content/articles/2024-03-01-a.md": with_field(article("Alpha"), fields),
            "content/articles/2024-03-02-b.md": article("Beta"),
            "templates/topic.html": template,
        },
        config=CONFIG,
    )
    result = cli("build", "-C", site)
    assert result.code == 0, result.err
    shown = (site / "public/topics/turkey/index.html").read_text()
    assert sorted(re.findall("<p>(.*?)</p>", shown)) == ["///", "maps+charts/K/V/G"]


def test_fields_under_hugos_params_are_extra_fields_of_their_own(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    """Hugo has a page's own fields written under ``params:`` (``.Params.subtitle``): moved
    over, they were reachable only as ``article.extra.params.subtitle``, and a byline under
    it was lost without a word."""
    fields = "params:\n  subtitle: From the archive\n  display_toc: false\n  author: Jane Roe"
    site = make_site(
        {
            "content/articles/2024-03-01-a.md": with_field(article("Alpha"), fields),
            "templates/topic.html": (
                "{% for a in articles %}<p>{{ a.extra.subtitle }}/{{ a.extra.display_toc }}"
                "/{{ a.extra.params.subtitle }}</p>{% endfor %}\n"
            ),
        },
        config=CONFIG,
    )
    result = cli("build", "-C", site)
    assert result.code == 0, result.err
    assert "<p>From the archive/False/From the archive</p>" in (site / "public/topics/turkey/index.html").read_text()
    assert (
        "content/articles/2024-03-01-a.md:7: params.author: kept in extra, not read: digest reads author: at the top"
    ) in result.err


def test_extra_fields_of_topic_files(make_site: Callable[..., Path], tmp_path: Path) -> None:
    site = make_site(
        {
            "content/articles/2024-03-01-a.md": article("Alpha"),
            "content/topics/turkey.md": "---\ntitle: Turkey\nicon: crescent\n---\nNews.\n",
            "templates/topic.html": "<i>{{ topic.extra.icon }}</i>\n",
            "templates/topics.html": "{% for t in topics %}<b>{{ t.extra.icon }}</b>{% endfor %}\n",
        },
        config=CONFIG,
    )
    built = assert_incremental_is_clean(site, tmp_path)
    assert b"<i>crescent</i>" in built["topics/turkey/index.html"]
    (site / "content/topics/turkey.md").write_text("---\ntitle: Turkey\nicon: star\n---\nNews.\n")
    built = assert_incremental_is_clean(site, tmp_path)
    assert b"<b>star</b>" in built["topics/index.html"]


def test_a_misspelt_known_field_is_still_warned_about(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    site = make_site({"content/articles/2024-03-01-a.md": with_field(article("Alpha"), "sumary: x")}, config=CONFIG)
    result = cli("build", "-C", site)
    assert result.code == 0
    assert "2024-03-01-a.md:4: sumary: unknown field (kept in extra); did you mean 'summary'?" in result.err


# -- plugins ------------------------------------------------------------------------

LIST_TEMPLATE = (
    "{% for a in articles %}<p class=card>{{ a.title|paywall_note if a.extra.badge else a.title }}"
    "{% if a.extra.badge %} <b>{{ a.extra.badge }}</b>{% endif %}</p>{% endfor %}\n"
)
HOOKS = """
from dataclasses import replace

from digest.config import is_str
from digest.model import Extra

config_schema = {"mark": (is_str, "*")}
options = {}


def on_config(config):
    return config


def on_file_parsed(record):
    if getattr(record, "extra", None) is not None and record.extra.get("score") is not None:
        stars = "STARS" * int(record.extra["score"])
        return replace(record, extra=Extra({**record.extra, "stars": stars}))
    return record


def filters():
    return {"starred": lambda text: f"{text} [starred]", "marked": lambda text: f"{options['mark']}{text}"}
"""
HOOKS_TEMPLATE = (
    "{% for a in articles %}<p class=card>{{ a.title|starred }} {{ a.extra.stars or '' }} {{ a.title|marked }}</p>"
    "{% endfor %}\n"
)


@pytest.fixture(scope="module", autouse=True)
def paywall_installed() -> None:
    """The test plugin package, installed into this interpreter's environment through its entry point."""
    if not any(point.name == "paywall" for point in importlib.metadata.entry_points(group="digest.plugins")):
        subprocess.run([sys.executable, "-m", "pip", "install", "-q", str(PAYWALL_PACKAGE)], check=True)


def paywall_site(make_site: Callable[..., Path], options: str = "") -> Path:
    config = CONFIG + "plugins:\n  paywall:" + (f"\n    {options}\n" if options else " true\n")
    return make_site(
        {
            "content/articles/2024-03-01-a.md": with_field(article("Alpha"), "paywalled: true"),
            "content/articles/2024-03-02-b.md": article("Beta", date="2024-03-02"),
            "templates/topic.html": LIST_TEMPLATE,
        },
        config=config,
    )


def test_an_installed_plugin_adds_a_field_and_a_filter(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    site = paywall_site(make_site)
    result = cli("build", "-C", site)
    assert result.code == 0, result.err
    shown = (site / "public/topics/turkey/index.html").read_text()
    assert "Alpha (paywalled) <b>Paywalled</b>" in shown
    assert "<p class=card>Beta</p>" in shown


def test_an_installed_plugin_stays_exact_after_edits_to_its_inputs_and_options(
    make_site: Callable[..., Path], tmp_path: Path
) -> None:
    site = paywall_site(make_site, "label: Members only")
    page = "topics/turkey/index.html"
    assert "<b>Members only</b>" in assert_incremental_is_clean(site, tmp_path)[page].decode()
    beta = site / "content/articles/2024-03-02-b.md"
    beta.write_text(with_field(article("Beta", date="2024-03-02"), "paywalled: true"))
    assert "Beta (members only)" in assert_incremental_is_clean(site, tmp_path)[page].decode()
    config = (site / "digest.yaml").read_text()
    (site / "digest.yaml").write_text(config.replace("Members only", "Subscribers"))
    built = assert_incremental_is_clean(site, tmp_path)[page].decode()
    assert "Beta (subscribers) <b>Subscribers</b>" in built
    assert "Members" not in built
    (site / "digest.yaml").write_text(config.replace("  paywall:\n    label: Members only", "  paywall: false"))
    built = assert_incremental_is_clean(site, tmp_path)[page].decode()
    assert "<b>" not in built


def test_a_hooks_file_stays_exact_after_edits_to_itself_its_options_and_its_inputs(
    make_site: Callable[..., Path], cli: Callable[..., CliResult], tmp_path: Path
) -> None:
    site = make_site(
        {
            "hooks/stars.py": HOOKS,
            "content/articles/2024-03-01-a.md": with_field(article("Alpha"), "score: 2"),
            "templates/topic.html": HOOKS_TEMPLATE,
        },
        config=CONFIG + "hooks: [hooks/stars.py]\nplugins:\n  stars: {mark: '+'}\n",
    )
    page = "topics/turkey/index.html"
    built = assert_incremental_is_clean(site, tmp_path)[page].decode()
    assert "Alpha [starred] STARSSTARS" in built
    (site / "content/articles/2024-03-01-a.md").write_text(with_field(article("Alpha"), "score: 3"))
    assert "STARSSTARSSTARS" in assert_incremental_is_clean(site, tmp_path)[page].decode()
    hooks = site / "hooks/stars.py"
    hooks.write_text(HOOKS.replace('"STARS"', '"OK"').replace("[starred]", "[chosen]"))
    built = assert_incremental_is_clean(site, tmp_path)[page].decode()
    assert "Alpha [chosen] OKOKOK" in built
    assert "+Alpha" in built
    (site / "digest.yaml").write_text(CONFIG + "hooks: [hooks/stars.py]\nplugins:\n  stars: {mark: '-'}\n")
    assert "-Alpha" in assert_incremental_is_clean(site, tmp_path)[page].decode()  # its options, read as set
    (site / "digest.yaml").write_text(CONFIG + "hooks: [hooks/stars.py]\nplugins:\n  stars: {colour: red}\n")
    result = cli("build", "-C", site)
    assert result.code == 1
    assert "digest.yaml:6: plugins.stars.colour: unknown option; known options: mark" in result.err


NO_OP_PROBE = """
import sys
from digest.cli import main
code = main(["build", "-C", sys.argv[1]])
print(code, [name for name in ("yaml", "digest.config", "digest.model", "digest.plugins") if name in sys.modules])
"""


def test_a_build_with_nothing_to_do_reads_no_configuration_yet_follows_its_hooks_file(
    make_site: Callable[..., Path], cli: Callable[..., CliResult], tmp_path: Path
) -> None:
    """What digest.yaml says of the plugins is kept from the build that read it while the
    file stays as it was: a build with nothing to do imports neither YAML nor the
    configuration, and an edit to the hooks file it names is still seen."""
    site = make_site(
        {
            "hooks/stars.py": HOOKS,
            "content/articles/2024-03-01-a.md": article("Alpha"),
            "templates/topic.html": HOOKS_TEMPLATE,
        },
        config=CONFIG + "hooks: [hooks/stars.py]\nplugins:\n  stars: {mark: '+'}\n",
    )
    page = site / "public/topics/turkey/index.html"
    time.sleep(max(0.0, 2.1 - (time.time() - (site / "digest.yaml").stat().st_ctime)))  # (a settled file only)
    assert cli("build", "-C", site).code == 0
    assert "Alpha [starred]" in page.read_text()
    probe = subprocess.run([sys.executable, "-c", NO_OP_PROBE, str(site)], capture_output=True, text=True)
    assert "(0 written," in probe.stdout, probe.stderr
    assert probe.stdout.splitlines()[-1] == "0 []", probe.stdout
    (site / "hooks/stars.py").write_text(HOOKS.replace("[starred]", "[chosen]"))
    assert cli("build", "-C", site).code == 0
    assert "Alpha [chosen]" in page.read_text()
    (site / "digest.yaml").write_text(CONFIG)  # no hooks file: its filter is gone, an error in the template
    failed = cli("build", "-C", site)
    assert failed.code == 1
    assert "starred" in failed.err
    assert "Alpha [chosen]" in page.read_text()  # (the output as it was)


BODY_HOOKS = """\
from dataclasses import replace

from digest.model import Article, Extra


def on_file_parsed(record):
    if not isinstance(record, Article):
        return record
    extra = Extra({**record.extra, "chars": len(record.body)})
    return replace(record, body=record.body + "<p>Supported by readers.</p>", extra=extra)
"""


def test_on_file_parsed_sees_and_changes_the_body_of_an_article_the_store_keeps(
    make_site: Callable[..., Path], tmp_path: Path
) -> None:
    template = "{% for a in articles %}<p class=card>{{ a.title }}: {{ a.extra.chars }}</p>{% endfor %}\n"
    site = make_site(
        {
            "hooks/note.py": BODY_HOOKS,
            "content/articles/2024-03-01-a.md": article("Alpha", body="Some words."),
            "content/articles/2024-03-02-b.md": article("Beta", date="2024-03-02", body="Other words here."),
            "templates/topic.html": template,
        },
        config=CONFIG + "hooks: [hooks/note.py]\n",
    )
    assert_incremental_is_clean(site, tmp_path)
    (site / "content/articles/2024-03-02-b.md").write_text(article("Beta", date="2024-03-02", body="Changed."))
    built = assert_incremental_is_clean(site, tmp_path)  # Alpha from the store, Beta parsed again
    assert "Alpha: 19" in built["topics/turkey/index.html"].decode()
    (site / "hooks/note.py").write_text(BODY_HOOKS.replace("Supported by", "Paid for by"))
    built = assert_incremental_is_clean(site, tmp_path)
    assert b"<p>Some words.</p>\n<p>Paid for by readers.</p>" in built["articles/a/index.html"]


def test_on_site_changes_the_body_of_an_article_the_store_keeps(make_site: Callable[..., Path], tmp_path: Path) -> None:
    hooks = (
        "from dataclasses import replace\n\n\ndef on_site(site):\n    count = len(site.articles)\n"
        "    articles = tuple(replace(a, body=a.body_html + f'<p>One of {count}.</p>') for a in site.articles)\n"
        "    return replace(site, articles=articles)\n"
    )
    site = make_site(
        {"hooks/count.py": hooks, "content/articles/2024-03-01-a.md": article("Alpha", body="Some words.")},
        config=CONFIG + "hooks: [hooks/count.py]\n",
    )
    assert b"<p>One of 1.</p>" in assert_incremental_is_clean(site, tmp_path)["articles/a/index.html"]
    (site / "content/articles/2024-03-02-b.md").write_text(article("Beta", date="2024-03-02"))
    built = assert_incremental_is_clean(site, tmp_path)  # Alpha's body from the store
    assert b"<p>Some words.</p>\n<p>One of 2.</p>" in built["articles/a/index.html"]


NEWEST_HOOKS = """\
state = {}


def on_site(site):
    state["newest"], state["count"] = site.articles[0], len(site.articles)
    return site


def on_page_context(context, page):
    if page.path == "broken/index.html":
        raise ValueError("no context for this page")
    return {**context, "newest": state["newest"], "article_count": state["count"]}
"""

NEWEST_TEMPLATE = """\
{% extends "default/page.html" %}
{% block content %}{{ super() }}<p>newest: {{ newest.title }} of {{ article_count }}</p>{% endblock %}
"""


def test_what_on_page_context_adds_from_the_site_stays_exact(
    make_site: Callable[..., Path], cli: Callable[..., CliResult], tmp_path: Path
) -> None:
    """A plugin may give a page variables it computed from the whole site: which record is
    newest, how many there are. They are part of the page's key, and the records among them
    are read through recording views, so a page that shows them is rendered again when they
    change, as a clean build would render it."""
    site = make_site(
        {
            "hooks/newest.py": NEWEST_HOOKS,
            "templates/page.html": NEWEST_TEMPLATE,
            "content/pages/about.md": "---\ntitle: About\n---\nAbout us.\n",
            "content/articles/2024-03-01-a.md": article("Alpha"),
        },
        config=CONFIG + "hooks: [hooks/newest.py]\n",
    )
    page = "about/index.html"
    assert "newest: Alpha of 1" in assert_incremental_is_clean(site, tmp_path)[page].decode()
    (site / "content/articles/2024-03-02-b.md").write_text(article("Beta", date="2024-03-02"))
    assert "newest: Beta of 2" in assert_incremental_is_clean(site, tmp_path)[page].decode()
    (site / "content/articles/2024-03-02-b.md").write_text(article("Beta renamed", date="2024-03-02"))
    assert "newest: Beta renamed of 2" in assert_incremental_is_clean(site, tmp_path)[page].decode()
    (site / "content/pages/broken.md").write_text("---\ntitle: Broken\n---\nText.\n")
    result = cli("build", "-C", site)
    assert result.code == 1
    assert "broken/index.html: plugin 'newest' (on_page_context): ValueError: no context for this page" in result.err
    (site / "content/pages/broken.md").unlink()
    (site / "hooks/newest.py").write_text(
        NEWEST_HOOKS + "\n\ndef on_page_context(context, page):\n    return [context]\n"
    )
    result = cli("build", "-C", site)
    assert result.code == 1 and "Traceback" not in result.err
    assert "plugin 'newest' (on_page_context): expected the page's variables" in result.err
    assert len([line for line in result.err.splitlines() if "(on_page_context)" in line]) == 1  # not one a page


def test_a_filter_whose_plugin_is_gone_is_named_where_the_template_uses_it(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    """Templates compiled while the plugin's filter was there are not reused without it:
    the error is the template's, once, as a clean build gives it."""
    site = make_site(
        {
            "hooks/stars.py": HOOKS,
            "content/articles/2024-03-01-a.md": article("Alpha"),
            "content/articles/2024-03-02-b.md": article("Beta", date="2024-03-02", topics="Economy, Politics"),
            "templates/topic.html": HOOKS_TEMPLATE,
        },
        config=CONFIG + "hooks: [hooks/stars.py]\n",
    )
    assert cli("build", "-C", site).code == 0
    (site / "digest.yaml").write_text(CONFIG)
    result = cli("build", "-C", site)
    assert result.code == 1
    errors = [line for line in result.err.splitlines() if "starred" in line]
    assert len(errors) == 1 and errors[0].startswith("templates/topic.html:1: "), result.err


@pytest.mark.parametrize("given", ["filters", "tests", "globals", "markdown_plugins"])
def test_a_plugin_that_fails_to_give_its_filters_names_itself(
    given: str, make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    hooks = f"def {given}():\n    raise ValueError('not today')\n"
    site = make_site(
        {"hooks/broken.py": hooks, "content/articles/2024-03-01-a.md": article("Alpha")},
        config=CONFIG + "hooks: [hooks/broken.py]\n",
    )
    result = cli("build", "-C", site)
    assert result.code == 1
    assert f"plugin 'broken' ({given}): ValueError: not today (hooks/broken.py:2)" in result.err
    assert "Traceback" not in result.err


@pytest.mark.parametrize(
    ("raised", "said"), [("ValueError('boom')", "ValueError: boom"), ("SystemExit(3)", "SystemExit: 3")]
)
def test_a_markdown_rule_that_fails_names_the_file(
    raised: str, said: str, make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    hooks = (
        f"def boom(state):\n    if 'BOOM' in state.src:\n        raise {raised}\n\n"
        "def markdown_plugins():\n    return [lambda md: md.core.ruler.push('boom', boom)]\n"
    )
    site = make_site(
        {
            "hooks/rule.py": hooks,
            "content/articles/2024-03-01-a.md": article("Alpha"),
            "content/articles/2024-03-02-b.md": article("Beta", date="2024-03-02", body="It goes BOOM."),
        },
        config=CONFIG + "hooks: [hooks/rule.py]\n",
    )
    result = cli("build", "-C", site)
    assert result.code == 1
    told = f"content/articles/2024-03-02-b.md:1: Markdown: plugin 'rule' (markdown_plugins): {said} (hooks/rule.py:3)"
    assert told in result.err, result.err


def test_a_markdown_plugin_that_cannot_set_itself_up_names_its_line(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    hooks = "def setup(md):\n    md.core.ruler.before('no_such_rule', 'mine', lambda state: None)\n\n\n"
    hooks += "def markdown_plugins():\n    return [setup]\n"
    site = make_site(
        {"hooks/rule.py": hooks, "content/articles/2024-03-01-a.md": article("Alpha")},
        config=CONFIG + "hooks: [hooks/rule.py]\n",
    )
    result = cli("build", "-C", site)
    assert result.code == 1
    assert "plugin 'rule' (markdown_plugins): KeyError: 'Parser rule not found: no_such_rule' (hooks/rule.py:2)" in (
        result.err
    ), result.err


def test_a_failing_on_build_finished_says_the_output_was_written_and_is_called_again(
    make_site: Callable[..., Path], cli: Callable[..., CliResult], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The next build, with nothing else to do, gives it again what the failed call was given."""
    hooks = (
        "import os, pathlib\n\ndef on_build_finished(written):\n    if os.environ.get('FAIL_FINISH'):\n"
        "        raise RuntimeError('x')\n    pathlib.Path(os.environ['FINISH_GIVEN']).write_text(' '.join(written))\n"
    )
    site = make_site(
        {"hooks/finish.py": hooks, "content/articles/2024-03-01-a.md": article("Alpha")},
        config=CONFIG + "hooks: [hooks/finish.py]\n",
    )
    given = site.parent / "given"  # (outside the site: not one of its inputs)
    monkeypatch.setenv("FINISH_GIVEN", str(given))
    assert cli("build", "-C", site).code == 0
    given.unlink()
    path = site / "content/articles/2024-03-01-a.md"
    path.write_text(article("Alpha again"))
    os.environ["FAIL_FINISH"] = "1"
    try:
        result = cli("build", "-C", site)
    finally:
        del os.environ["FAIL_FINISH"]
    assert result.code == 1
    assert "plugin 'finish' (on_build_finished): RuntimeError: x" in result.err
    assert "was written before the failure" in result.err and "left as it was" not in result.err
    assert "Alpha again" in (site / "public/articles/a/index.html").read_text()
    assert not given.exists()
    assert cli("build", "-C", site).code == 0  # the state was kept: nothing left half done
    assert "articles/a/index.html" in given.read_text().split()
    given.unlink()
    assert cli("build", "-C", site).code == 0
    # Done with: not given again (a build right after an edit runs, to be sure of the edit's time).
    assert not given.exists() or given.read_text() == ""


def test_on_build_finished_is_not_called_by_the_builds_aside_of_check_and_email(
    make_site: Callable[..., Path], cli: Callable[..., CliResult], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A plugin that publishes what a build wrote acts on the site's output, never on the
    throwaway folders ``digest check`` and ``digest email`` build in."""
    hooks = (
        "import os\n\n\ndef on_build_finished(written):\n"
        "    with open(os.environ['FINISH_GIVEN'], 'a') as log:\n        log.write(' '.join(written) + '\\n')\n"
    )
    draft = ISSUE.replace("title: W", "title: W\ndraft: true")
    site = make_site(
        {
            "hooks/finish.py": hooks,
            "content/articles/2024-03-01-a.md": article("Alpha"),
            "content/digests/2024-03-04-w.md": draft,
        },
        config=CONFIG + "hooks: [hooks/finish.py]\n",
    )
    given = site.parent / "given"
    monkeypatch.setenv("FINISH_GIVEN", str(given))
    assert cli("build", "-C", site).code == 0
    assert "articles/a/index.html" in given.read_text().split()
    given.unlink()
    assert cli("check", "-C", site).code == 0
    result = cli("email", "w", "-C", site, "--output", site.parent / "mail")
    assert result.code == 0, result.err
    assert (site.parent / "mail/email.html").is_file()
    assert not given.exists()


def test_a_hooks_file_keeps_what_it_wants_in_its_cache_dir(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    hooks = (
        "def on_build_finished(written):\n    cache_dir.mkdir(parents=True, exist_ok=True)\n"
        "    runs = cache_dir / 'runs'\n    runs.write_text(str(int(runs.read_text()) + 1 if runs.exists() else 1))\n"
    )
    site = make_site(
        {"hooks/count.py": hooks, "content/articles/2024-03-01-a.md": article("Alpha")},
        config=CONFIG + "hooks: [hooks/count.py]\n",
    )
    for run in range(2):
        (site / "content/articles/2024-03-01-a.md").write_text(article(f"Alpha {run}"))
        assert cli("build", "-C", site).code == 0
    assert (site / ".digest-cache/plugins/count/runs").read_text() == "2"


def test_hooks_files_are_modules_of_their_own(make_site: Callable[..., Path], cli: Callable[..., CliResult]) -> None:
    """A dataclass under ``from __future__ import annotations`` looks its module up by name;
    a topic's file is named when a plugin fails on it; two hooks files of one name are refused."""
    hooks = (
        "from __future__ import annotations\nfrom dataclasses import dataclass\n\n"
        "@dataclass\nclass Entry:\n    title: str\n\n"
        "def on_file_parsed(record):\n    if type(record).__name__ == 'Topic':\n        raise ValueError('no topics')\n"
    )
    site = make_site(
        {
            "hooks/entries.py": hooks,
            "content/articles/2024-03-01-a.md": article("Alpha"),
            "content/topics/turkey.md": "---\ntitle: Turkey\n---\nAbout Turkey.\n",
        },
        config=CONFIG + "hooks: [hooks/entries.py]\n",
    )
    result = cli("build", "-C", site)
    assert result.code == 1
    assert "content/topics/turkey.md: plugin 'entries' (on_file_parsed): ValueError: no topics" in result.err
    (site / "hooks/other").mkdir()
    (site / "hooks/other/entries.py").write_text("def on_site(site):\n    return site\n")
    (site / "content/topics/turkey.md").unlink()
    (site / "digest.yaml").write_text(CONFIG + "hooks: [hooks/entries.py, hooks/other/entries.py]\n")
    result = cli("build", "-C", site)
    assert result.code == 1
    assert "hooks/other/entries.py has the name of another hooks file (entries)" in result.err


def test_a_failing_plugin_names_itself_the_event_and_the_file(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    site = paywall_site(make_site)
    assert cli("build", "-C", site).code == 0
    before = snapshot(site / "public")
    (site / "digest.yaml").write_text(CONFIG + "plugins:\n  paywall:\n    fail: true\n")
    result = cli("build", "-C", site)
    assert result.code == 1
    assert (
        "content/articles/2024-03-01-a.md: plugin 'paywall' (on_file_parsed): "
        "ValueError: cannot tell who pays for this one (digest_paywall/__init__.py:19)"
    ) in result.err
    assert snapshot(site / "public") == before


def test_a_failing_hook_while_rendering_names_the_page(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    hooks = "def refuse():\n    raise RuntimeError('no')\n\n\n"
    hooks += "def on_page_rendered(html, page):\n    if 'about' in page.path:\n        refuse()\n"
    site = make_site(
        {"hooks.py": hooks, "content/pages/about.md": "---\ntitle: About\n---\nUs.\n"},
        config=CONFIG + "hooks: [hooks.py]\n",
    )
    result = cli("build", "-C", site)
    assert result.code == 1
    assert "about/index.html: plugin 'hooks' (on_page_rendered): RuntimeError: no (hooks.py:2)" in result.err
    assert not (site / "public").exists()


@pytest.mark.parametrize(
    ("hooks", "error"),
    [
        ("def on_site(site)\n    return site\n", "hooks.py:1: plugin 'hooks' (load): SyntaxError: expected ':'"),
        (
            "def filters():\n    return {}\n\n\ndef on_page_render(html, page):\n    return html\n",
            "hooks.py:5: plugin 'hooks' (load): on_page_render is not an event (did you mean on_page_rendered?)",
        ),
        (
            "from digest.plugins import Plugin\n\n\nclass Stars(Plugin):\n    def on_sites(self, site):\n"
            "        return site\n",
            "hooks.py:5: plugin 'hooks' (load): on_sites is not an event (did you mean on_site?)",
        ),
        ("MARK = '*'\n", "hooks.py: plugin 'hooks' (load): defines no plugin: a Plugin subclass, or functions"),
        ("import sys\n\nsys.exit(0)\n", "hooks.py:3: plugin 'hooks' (load): SystemExit: 0"),
        (
            "def on_site(site):\n    raise SystemExit('stop here')\n",
            "plugin 'hooks' (on_site): SystemExit: stop here (hooks.py:2)",
        ),
        (
            "def filters():\n    return {}\n\n\nconfig_schema = {'mark': '*'}\n",
            "hooks.py:5: plugin 'hooks' (load): config_schema: mark: '*' is not a (check, default) pair, "
            "such as (is_str, '*')",
        ),
        (
            "from digest.plugins import Plugin\n\n\nclass Stars(Plugin):\n    config_schema = ['mark']\n",
            "hooks.py:5: plugin 'hooks' (load): config_schema: ['mark'] is not a mapping of option to (check, default)",
        ),
        (
            "import os\n\nMARKS = os.environ['NO_SUCH_VARIABLE_HERE']\n",
            "hooks.py:3: plugin 'hooks' (load): KeyError: 'NO_SUCH_VARIABLE_HERE'",
        ),
    ],
)
def test_a_hooks_file_that_cannot_work_is_an_error_where_it_goes_wrong(
    hooks: str, error: str, make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    site = make_site({"hooks.py": hooks}, config=CONFIG + "hooks: [hooks.py]\n")
    result = cli("build", "-C", site)
    assert result.code == 1
    assert error in result.err
    assert not (site / "public").exists()


def test_unknown_plugins_and_bad_options_are_errors_with_lines(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    site = make_site({}, config=CONFIG + "plugins:\n  nosuch: true\n  paywall:\n    label: 3\n")
    result = cli("build", "-C", site)
    assert result.code == 1
    assert "digest.yaml:5: plugins.nosuch: no such plugin" in result.err
    assert "digest.yaml:7: plugins.paywall.label: expected a string" in result.err


def test_an_unknown_plugin_turned_off_is_a_warning_with_the_name_it_may_mean(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    config = 'title: T\nbase_url: "https://example.org/"\nplugins:\n  serach: false\n  paywall: false\n'
    site = make_site({"content/articles/2024-03-01-a.md": article("Alpha")}, config=config)
    result = cli("build", "-C", site)
    assert result.code == 0, result.err
    warnings = [line for line in result.err.splitlines() if line.startswith("warning: digest.yaml")]
    assert warnings == [
        "warning: digest.yaml:4: plugins.serach: no such plugin (turning it off changes nothing); did you mean search?"
    ]
    assert (site / "public/pagefind/pagefind.js").is_file()


def test_markdown_plugins_by_name(
    make_site: Callable[..., Path], cli: Callable[..., CliResult], tmp_path: Path
) -> None:
    body = "Term\n: Its definition.\n\n- [x] done\n- [ ] to do\n"
    site = make_site(
        {"content/articles/2024-03-01-a.md": article("Alpha", body=body)},
        config=CONFIG + "markdown:\n  plugins: [deflist, tasklists]\n",
    )
    result = cli("build", "-C", site)
    assert result.code == 0, result.err
    shown = (site / "public/articles/a/index.html").read_text()
    assert "<dt>Term</dt>" in shown
    assert 'type="checkbox"' in shown
    (site / "digest.yaml").write_text(CONFIG + "markdown:\n  plugins: [deflist]\n")
    built = assert_incremental_is_clean(site, tmp_path)["articles/a/index.html"].decode()
    assert "<dt>Term</dt>" in built
    assert 'type="checkbox"' not in built


def test_markdown_plugins_with_comrak_or_unknown_are_errors(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    site = make_site({}, config=CONFIG + "markdown:\n  engine: comrak\n  plugins: [deflist]\n")
    result = cli("build", "-C", site)
    assert result.code == 1
    assert "digest.yaml:6: markdown.plugins: markdown-it-py plugins cannot run with engine comrak" in result.err
    site = make_site({}, config=CONFIG + "markdown:\n  plugins: [nosuch]\n")
    result = cli("build", "-C", site)
    assert result.code == 1
    assert "digest.yaml:5: markdown.plugins: unknown markdown plugin 'nosuch'" in result.err


def test_a_hook_that_adds_a_page_and_fields_from_other_records_stays_exact(
    make_site: Callable[..., Path], tmp_path: Path
) -> None:
    hooks = (
        "from dataclasses import replace\n"
        "from digest.model import Extra, Page\n\n"
        "def on_site(site):\n"
        "    newest = site.articles[0].title\n"
        "    articles = tuple(replace(a, extra=Extra({**a.extra, 'newest': newest})) for a in site.articles)\n"
        "    count = Page(path='hooks/count', slug='count', title='Count', body_html=f'<p>{len(articles)} articles</p>')\n"
        "    return replace(site, articles=articles, pages=site.pages + (count,))\n"
    )
    template = "{% for a in site.articles %}<p>{{ a.title }}: newest {{ a.extra.newest }}</p>{% endfor %}\n"
    site = make_site(
        {
            "hooks.py": hooks,
            "content/articles/2024-03-01-a.md": article("Alpha"),
            "content/articles/2024-03-02-b.md": article("Beta", date="2024-03-02"),
            "templates/archive.html": template,
        },
        config=CONFIG + "hooks: [hooks.py]\n",
    )
    built = assert_incremental_is_clean(site, tmp_path)
    assert "<p>2 articles</p>" in built["count/index.html"].decode()
    assert "Alpha: newest Beta" in built["archive/index.html"].decode()
    (site / "content/articles/2024-03-02-b.md").write_text(article("Gamma", date="2024-03-02"))
    built = assert_incremental_is_clean(site, tmp_path)
    assert "Alpha: newest Gamma" in built["archive/index.html"].decode()


def test_a_page_a_hook_adds_with_records_by_name_extends_the_theme_and_stays_exact(
    make_site: Callable[..., Path], tmp_path: Path
) -> None:
    hooks = (
        "from digest.render import PageSpec\n\n"
        "def on_pages(pages, site):\n"
        "    by_source = {}\n"
        "    for a in site.articles:\n"
        "        if a.source:\n"
        "            by_source.setdefault(a.source.name, []).append(a)\n"
        "    return [*pages, PageSpec('reading-list/index.html', 'sources.html', {'sources': by_source})]\n"
    )
    template = (
        '{% extends "base.html" %}{% block content %}<h1>{{ page.title }}</h1>{% for name, items in sources.items() %}'
        "<h2>{{ name }}</h2>{% for a in items %}<p>{{ a.title }}: {{ a.word_count }} words</p>{% endfor %}"
        "{% endfor %}{% endblock %}"
    )
    sourced = with_field(article("Alpha", body="One two three."), "source: {name: Wire}")
    site = make_site(
        {
            "hooks.py": hooks,
            "content/articles/2024-03-01-a.md": sourced,
            "content/articles/2024-03-02-b.md": article("Beta", date="2024-03-02"),
            "templates/sources.html": template,
        },
        config=CONFIG + "hooks: [hooks.py]\n",
    )
    page = assert_incremental_is_clean(site, tmp_path)["reading-list/index.html"].decode()
    assert "<title>Reading list · T</title>" in page
    assert "<h1>Reading list</h1><h2>Wire</h2><p>Alpha: 3 words</p></main>" in page
    (site / "content/articles/2024-03-01-a.md").write_text(sourced.replace("One two three.", "One two three four."))
    page = assert_incremental_is_clean(site, tmp_path)["reading-list/index.html"].decode()
    assert "<p>Alpha: 4 words</p>" in page


# -- built-in plugins -------------------------------------------------------------------

ISSUE = "---\ntitle: W\ndate: 2024-03-04\npicks: [2024-03-01-a]\n---\nHi.\n"


def test_search_and_the_email_edition_turned_off_through_plugins_remove_their_output(
    make_site: Callable[..., Path], cli: Callable[..., CliResult], tmp_path: Path
) -> None:
    config = 'title: T\nbase_url: "https://example.org/"\n'
    site = make_site(
        {"content/articles/2024-03-01-a.md": article("Alpha"), "content/digests/2024-03-04-w.md": ISSUE},
        config=config,
    )
    result = cli("build", "-C", site)
    assert result.code == 0, result.err
    public = site / "public"
    assert (public / "digests/w/email.html").is_file()
    assert (public / "search/index.html").is_file()
    assert (public / "pagefind/pagefind.js").is_file()
    assert (public / "static/search.js").is_file() and (public / "static/search.css").is_file()
    (site / "digest.yaml").write_text(config + "plugins:\n  email: false\n  search: false\n")
    result = cli("build", "-C", site)
    assert result.code == 0, result.err
    assert not (public / "digests/w/email.html").exists()
    assert not (public / "digests/w/email.txt").exists()
    assert not (public / "search/index.html").exists()
    assert not (public / "pagefind").exists()
    assert (public / "digests/w/index.html").is_file()
    # The search page's script and style go with it, and no page links them.
    assert not (public / "static/search.js").exists() and not (public / "static/search.css").exists()
    assert (public / "static/style.css").is_file()
    assert not [path for path in public.rglob("*.html") if "static/search." in path.read_text(encoding="utf-8")]
    # A site's own file of that name, in content/static/, is published as any other.
    (site / "digest.yaml").write_text(config + "search: false\n")
    (site / "content/static").mkdir()
    (site / "content/static/search.css").write_text("p {}\n")
    assert cli("build", "-C", site).code == 0
    assert (public / "static/search.css").read_text() == "p {}\n" and not (public / "static/search.js").exists()
    (site / "content/static/search.css").unlink()
    (site / "digest.yaml").write_text(config + "plugins: [email]\n")
    result = cli("build", "-C", site)
    assert result.code == 0, result.err
    assert (public / "digests/w/email.html").is_file()
    assert (public / "search/index.html").is_file()


def test_search_turned_on_and_off_at_once_is_a_warning_at_the_setting_that_loses(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    """search: false leaves the search plugin's options unused, and plugins: {search: false}
    turns off a search: true written above it: either went by without a word, the curator
    left to wonder why the index has no page or still lists the pages left out."""
    config = 'title: T\nbase_url: "https://example.org/"\n'
    site = make_site({"content/articles/2024-03-01-a.md": article("Alpha")}, config=config)
    (site / "digest.yaml").write_text(config + 'search: false\nplugins:\n  search: {exclude: ["digests/*"]}\n')
    result = cli("build", "-C", site)
    assert result.code == 0, result.err
    assert ("warning: digest.yaml:5: plugins.search: not used: search: false (line 3) turns search off") in result.err
    assert not (site / "public/search").exists()
    (site / "digest.yaml").write_text(config + "search: true\nplugins:\n  search: false\n")
    result = cli("build", "-C", site)
    assert result.code == 0, result.err
    assert "warning: digest.yaml:5: plugins.search: false turns search off, though search: true (line 3)" in result.err
    assert not (site / "public/search").exists()
    for agreeing in ("search: false\nplugins: {search: false}\n", "search: true\nplugins: [search]\n"):
        (site / "digest.yaml").write_text(config + agreeing)
        result = cli("build", "-C", site)
        assert result.code == 0 and "warning" not in result.err, result.err


def test_built_in_plugins_are_configured_through_plugins(
    make_site: Callable[..., Path], cli: Callable[..., CliResult], tmp_path: Path
) -> None:
    """``email: {text: false}`` leaves out the plain-text edition; ``search: {exclude: [...]}``
    leaves pages out of the index; both stay exact incrementally, and bad options are errors."""
    config = 'title: T\nbase_url: "https://example.org/"\n'
    files = {
        "content/articles/2024-03-01-a.md": article("Alpha", body="Zanzibar quokka."),
        "content/articles/2024-03-02-b.md": article("Beta", body="Zanzibar harbour."),
        "content/digests/2024-03-04-w.md": ISSUE,
    }
    site = make_site(files, config=config)
    assert cli("build", "-C", site).code == 0
    public = site / "public"
    index = (public / "pagefind/digest-index.json").read_text()
    assert "articles/a/index.html" in index and "articles/b/index.html" in index
    options = "plugins:\n  email: {text: false}\n  search:\n    exclude: ['articles/b/*']\n"
    (site / "digest.yaml").write_text(config + options)
    result = cli("build", "-C", site)
    assert result.code == 0, result.err
    assert (public / "digests/w/email.html").is_file()
    assert not (public / "digests/w/email.txt").exists()
    index = (public / "pagefind/digest-index.json").read_text()
    assert "articles/a/index.html" in index and "articles/b/index.html" not in index
    assert_incremental_is_clean(site, tmp_path)
    (site / "digest.yaml").write_text(config + "plugins:\n  email: {style: plain}\n  search: {exclude: yes}\n")
    result = cli("build", "-C", site)
    assert result.code == 1
    assert "digest.yaml:4: plugins.email.style: unknown option; known options: text" in result.err
    assert "digest.yaml:5: plugins.search.exclude: expected a list of path patterns" in result.err


@pytest.mark.parametrize("pattern", ["/articles/b/*", "/articles/b/", "articles/b/", "/articles/*/"])
def test_search_exclude_takes_pages_by_their_addresses_too(
    pattern: str, make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    """A page's address as the site shows it (/articles/b/), as aliases are written, left
    nothing out of the index, without a word: only output files (articles/b/index.html) matched."""
    files = {
        "content/articles/2024-03-01-a.md": article("Alpha", body="Zanzibar quokka."),
        "content/articles/2024-03-02-b.md": article("Beta", body="Zanzibar harbour."),
    }
    options = f"plugins:\n  search:\n    exclude: ['{pattern}']\n"
    site = make_site(files, config='title: T\nbase_url: "https://example.org/news/"\n' + options)
    assert cli("build", "-C", site).code == 0
    index = (site / "public/pagefind/digest-index.json").read_text()
    assert "articles/b/index.html" not in index
    assert ("articles/a/index.html" in index) == (pattern != "/articles/*/")


REPLACEMENT_SEARCH = """\
from pathlib import Path

from digest.plugins import Plugin
from digest.render import PageInfo, PageSpec


class TitleSearch(Plugin):
    \"\"\"A search of another kind: a JSON list of the articles' titles.\"\"\"

    output_folder = "titles/"

    def on_pages(self, pages, site):
        info = PageInfo("search", "Search", "search/")
        return [*pages, PageSpec("search/index.html", "search.html", {"page": info})]

    def on_output(self, tree, written, removed):
        import json

        titles = sorted(article.title for article in self.site.articles)
        folder = Path(tree, "titles")
        folder.mkdir(exist_ok=True)
        temporary = folder / ".titles.json.tmp"
        temporary.write_text(json.dumps(titles))
        temporary.replace(folder / "titles.json")

    def on_site(self, site):
        self.site = site
        return site
"""


def test_a_built_in_plugin_is_replaced_by_a_plugin_of_its_name(
    make_site: Callable[..., Path], cli: Callable[..., CliResult], tmp_path: Path
) -> None:
    """A hooks file ``search.py`` takes the place of the built-in search: its output is
    written, Pagefind's is not, and it is switched in with the pages."""
    config = 'title: T\nbase_url: "https://example.org/"\n'
    files = {"content/articles/2024-03-01-a.md": article("Alpha"), "hooks/search.py": REPLACEMENT_SEARCH}
    site = make_site(files, config=config)
    assert cli("build", "-C", site).code == 0
    public = site / "public"
    assert (public / "pagefind/pagefind.js").is_file()
    (site / "digest.yaml").write_text(config + "hooks: [hooks/search.py]\n")
    result = cli("build", "-C", site)
    assert result.code == 0, result.err
    assert (public / "titles/titles.json").read_text() == '["Alpha"]'
    assert (public / "search/index.html").is_file()
    assert not (public / "pagefind").exists()
    (site / "content/articles/2024-03-02-b.md").write_text(article("Beta"))
    assert cli("build", "-C", site).code == 0
    assert (public / "titles/titles.json").read_text() == '["Alpha", "Beta"]'
    assert_incremental_is_clean(site, tmp_path)


EDITION_HOOKS = """
from dataclasses import replace
from pathlib import Path


def on_pages(pages, site):
    edition = Path(__file__).with_name("edition.txt").read_text().strip()
    return [
        replace(page, context={**page.context, "edition": edition}) if page.template == "article.html" else page
        for page in pages
    ]
"""


def test_a_long_lived_build_stays_exact_when_a_plugin_changes_pages(
    make_site: Callable[..., Path], tmp_path: Path
) -> None:
    """The preview's builder reuses the pages it planned for records no edit touched; a plugin
    that gives article pages new variables (as ``replace`` makes new pages) is still seen on
    every build, and a page's variables cannot be changed in place."""
    site = make_site(
        {
            "hooks.py": EDITION_HOOKS,
            "edition.txt": "first",
            "templates/article.html": "<p>{{ article.title }} ({{ edition }})</p>\n",
            "content/articles/2024-03-01-a.md": article("Alpha"),
            "content/articles/2024-03-02-b.md": article("Beta"),
        },
        config=CONFIG + "hooks: [hooks.py]\n",
    )
    builder = Builder(site, BuildOptions(persist=False, jobs=1, output=tmp_path / "out"))
    builder.build()
    assert (tmp_path / "out/articles/a/index.html").read_text() == "<p>Alpha (first)</p>\n"
    (site / "edition.txt").write_text("second")
    edited = site / "content/articles/2024-03-02-b.md"
    edited.write_text(edited.read_text().replace("Beta", "Beta two"))
    builder.build(changed=[edited])  # hooks files are inputs: a change to edition.txt alone is not seen
    assert (tmp_path / "out/articles/a/index.html").read_text() == "<p>Alpha (second)</p>\n"
    assert (tmp_path / "out/articles/b/index.html").read_text() == "<p>Beta two (second)</p>\n"

    mutating = "def on_pages(pages, site):\n    pages[1].context['edition'] = 'x'\n    return pages\n"
    (site / "hooks.py").write_text(mutating)
    with pytest.raises(BuildFailed) as failure:
        builder.build(changed=[site / "hooks.py"])
    assert "does not support item assignment" in str(failure.value.errors[0])


ALIASES_HOOKS = '''\
from digest.plugins import Plugin


class Aliases(Plugin):
    """A redirects file from a field no page shows."""

    output_folder = "redirects/"

    def on_site(self, site):
        self.lines = [f"{old} /{a.url} 301" for a in site.articles for old in a.extra.get("moved_from", ())]
        return site

    def on_output(self, tree, written, removed):
        (tree / "redirects").mkdir(exist_ok=True)
        made = tree / "redirects" / "_redirects.tmp"
        made.write_text("\\n".join(self.lines) + "\\n")
        made.replace(tree / "redirects" / "_redirects")
'''


def test_a_plugins_output_follows_a_field_no_page_shows(make_site: Callable[..., Path], tmp_path: Path) -> None:
    """``on_output`` runs when a record changed, though no page did: its output stays as a
    clean build's."""
    path = "content/articles/2024-03-01-a.md"
    site = make_site(
        {path: article("Alpha"), "hooks/aliases.py": ALIASES_HOOKS}, config=CONFIG + "hooks: [hooks/aliases.py]\n"
    )
    assert_incremental_is_clean(site, tmp_path)
    (site / path).write_text(with_field(article("Alpha"), "moved_from: [/old-a/]"))
    built = assert_incremental_is_clean(site, tmp_path)
    assert built["redirects/_redirects"] == b"/old-a/ /articles/a/ 301\n"


@pytest.mark.parametrize(
    ("hooks", "error"),
    [
        ("def filters():\n    {'short': str.upper}\n", "plugin 'h' (filters): expected a mapping of names, got None"),
        ("def tests():\n    return {'odd': 3}\n", "plugin 'h' (tests): odd: expected a function, got a int (3)"),
        (
            "def on_file_parsed(record):\n    return {'title': record.title}\n",
            "content/articles/2024-03-01-a.md: plugin 'h' (on_file_parsed): expected the record it was given",
        ),
        ("def on_site(site):\n    return site.articles\n", "plugin 'h' (on_site): expected the site (a Site)"),
        (
            "def on_pages(pages, site):\n    return [page.path for page in pages]\n",
            "plugin 'h' (on_pages): expected a list of pages (PageSpec)",
        ),
        (
            "def on_page_rendered(html, page):\n    return html.encode()\n",
            "plugin 'h' (on_page_rendered): expected the page's HTML as text (or None for no change), got a bytes",
        ),
        (
            "def on_config(config):\n    return 'T'\n",
            "digest.yaml: plugin 'h' (on_config): expected the site's configuration",
        ),
        (
            "from mdit_py_plugins.container import container_plugin\n\n\ndef markdown_plugins():\n"
            "    return [container_plugin]\n",
            "digest.yaml: plugin 'h' (markdown_plugins): TypeError: container_plugin() missing 1 required",
        ),
    ],
)
def test_a_plugin_that_gives_back_the_wrong_kind_of_value_is_a_named_error(
    hooks: str, error: str, make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    site = make_site(
        {"hooks/h.py": hooks, "content/articles/2024-03-01-a.md": article("A")}, config=CONFIG + "hooks: [hooks/h.py]\n"
    )
    result = cli("build", "-C", site)
    assert result.code == 1
    assert error in result.err and "Traceback" not in result.err, result.err
    assert not (site / "public").exists()


def test_a_plugin_named_twice_in_the_list_form_is_an_error_as_in_the_mapping_form(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    config = CONFIG + "plugins:\n  - email: {text: false}\n  - email: false\n"
    result = cli("build", "-C", make_site({"content/articles/2024-03-01-a.md": article("A")}, config=config))
    assert result.code == 1
    assert "digest.yaml:6: plugins: 'email' named twice (first at line 5)" in result.err


def test_an_installed_plugins_key_changes_with_any_module_of_its_package(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A plugin package whose __init__ imports a filter from words.py: editing words.py is an
    edit of the plugin (its pages are built again)."""
    from digest.plugins import _module_fingerprint

    package = tmp_path / "lib" / "shouting"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("from shouting.words import loud\n")
    (package / "words.py").write_text("def loud(text):\n    return text.upper()\n")
    monkeypatch.syspath_prepend(str(tmp_path / "lib"))
    before = _module_fingerprint("shouting")
    (package / "words.py").write_text("def loud(text):\n    return f'<<{text}>>'\n")
    assert _module_fingerprint("shouting") != before != ""


def test_a_plugins_filter_that_raises_names_the_plugin_with_the_page_and_line(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    hooks = "import jinja2\n\n\n@jinja2.pass_context\ndef shout(context, text):\n    return text.upper()\n\n\n"
    hooks += "def filters():\n    return {'shorten': lambda s, n: s[:n] if len(s) > n else s, 'shout': shout}\n"
    template = '{% for a in articles %}<p>{{ a.title|shout }} {{ a.title|shorten("2") }}</p>{% endfor %}'
    site = make_site(
        {"hooks/h.py": hooks, "content/articles/2024-03-01-a.md": article("Alpha"), "templates/topic.html": template},
        config=CONFIG + "hooks: [hooks/h.py]\n",
    )
    result = cli("build", "-C", site)
    assert result.code == 1
    assert (
        "templates/topic.html:1: while rendering topics/turkey/index.html: PluginFunctionError: "
        "plugin 'h' (filter shorten): TypeError: '>' not supported between instances of 'int' and 'str' "
        "(hooks/h.py:10)" in result.err
    ), result.err
    (site / "templates/topic.html").write_text(template.replace('"2"', "2"))
    assert cli("build", "-C", site).code == 0
    assert "<p>ALPHA Al</p>" in (site / "public/topics/turkey/index.html").read_text()


def test_a_plugins_global_function_that_raises_names_the_plugin_and_a_global_class_stays_one(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    hooks = "class Badge:\n    mark = '*'\n\n    def __init__(self, text):\n        self.text = text\n\n\n"
    hooks += "def share(part, whole):\n    return round(100 * part / whole)\n\n\n"
    hooks += "def globals():\n    return {'share': share, 'Badge': Badge, 'edition': 'Morning'}\n"
    template = "<p>{{ Badge.mark }}{{ Badge('new').text }} {{ edition }} {{ share(1, articles|length - 1) }}%</p>"
    site = make_site(
        {"hooks/h.py": hooks, "content/articles/2024-03-01-a.md": article("Alpha"), "templates/topic.html": template},
        config=CONFIG + "hooks: [hooks/h.py]\n",
    )
    result = cli("build", "-C", site)
    assert result.code == 1
    assert (
        "templates/topic.html:1: while rendering topics/turkey/index.html: PluginFunctionError: "
        "plugin 'h' (global share): ZeroDivisionError: division by zero (hooks/h.py:9)" in result.err
    ), result.err
    (site / "templates/topic.html").write_text(template.replace("- 1", "+ 1"))
    assert cli("build", "-C", site).code == 0
    assert "<p>*new Morning 50%</p>" in (site / "public/topics/turkey/index.html").read_text()


def test_template_functions_given_the_context_see_what_a_loop_or_block_sets(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    """A plugin's function that asks for the context (a function, a class's ``__call__``), its
    evaluation context or the environment gets them as Jinja gives them, with the variables a
    loop or a block sets; ``url()`` inside a loop follows a ``root`` set there."""
    hooks = (
        "import jinja2\n\n\n@jinja2.pass_context\ndef shown(context, name):\n    return context.get(name)\n\n\n"
        "class Seen:\n    @jinja2.pass_context\n    def __call__(self, context, name):\n        return context.get(name)\n\n\n"
        "@jinja2.pass_eval_context\ndef escaping(eval_ctx):\n    return eval_ctx.autoescape\n\n\n"
        "@jinja2.pass_environment\ndef has_url(env):\n    return 'url' in env.globals\n\n\n"
        "def globals():\n    return {'shown': shown, 'seen': Seen(), 'escaping': escaping, 'has_url': has_url}\n"
    )
    template = (
        "{% set outer = 'o' %}{% for a in articles %}{% set inner = a.title %}{% set root = 'up/' %}"
        "<p>{{ shown('inner') }} {{ seen('inner') }} {{ shown('outer') }} {{ url('x/') }} {{ loop.index }}</p>"
        "{% endfor %}<p>{{ shown('inner') }} {{ escaping() }} {{ has_url() }} {{ url('x/') }}</p>"
        # A macro is told whether the template escapes where it is called: its text, joined to
        # text, is escaped only there.
        "{% macro m() %}a{% endmacro %}<p>{{ m() + '&' }}"
        "{% autoescape false %} {{ m() + '&' }} {{ escaping() }}{% endautoescape %}</p>"
    )
    site = make_site(
        {
            "hooks/h.py": hooks,
            "content/articles/2024-03-01-a.md": article("Alpha"),
            "content/articles/2024-03-02-b.md": article("Beta"),
            "templates/topic.html": template,
        },
        config=CONFIG + "hooks: [hooks/h.py]\n",
    )
    result = cli("build", "-C", site)
    assert result.code == 0, result.err
    shown = (site / "public/topics/turkey/index.html").read_text()
    assert "<p>Alpha Alpha o up/x/ 1</p><p>Beta Beta o up/x/ 2</p><p> True True ../../x/</p>" in shown
    assert "<p>a&amp; a& False</p>" in shown


def test_a_markdown_plugin_may_build_on_the_rules_the_sites_parser_has(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    """The site's parser has footnotes, tables and strikethrough: a plugin's rule placed after
    one of theirs sets itself up there."""
    hooks = (
        "def _mark(state):\n    state.env['marked'] = True\n\n\n"
        "def markdown_plugins():\n    return [lambda md: md.core.ruler.after('footnote_tail', 'mark', _mark)]\n"
    )
    site = make_site(
        {"hooks/fn.py": hooks, "content/articles/2024-03-01-a.md": article("A", body="Text[^1].\n\n[^1]: Note.")},
        config=CONFIG + "hooks: [hooks/fn.py]\n",
    )
    result = cli("build", "-C", site)
    assert result.code == 0, result.err
    assert 'class="footnote' in (site / "public/articles/a/index.html").read_text()


def test_files_are_parsed_again_when_a_plugin_that_extends_markdown_changes_not_another(
    make_site: Callable[..., Path], cli: Callable[..., CliResult], tmp_path: Path
) -> None:
    """Editing a hooks file that gives a filter builds the pages again, not every file's
    Markdown (at 10,000 articles, seconds per save); editing one that extends Markdown parses
    them again. `digest check` and `digest email`, which build without the search index,
    parse nothing the last build parsed."""
    log = tmp_path / "parsed.log"
    markdown = (
        "from pathlib import Path\n\n\ndef markdown_plugins():\n    def noted(md):\n"
        f"        md.core.ruler.push('noted', lambda state: Path({str(log)!r}).open('a').write('x'))\n"
        "    return [noted]\n"
    )
    files = {
        "hooks/markdown.py": markdown,
        "hooks/filters.py": "def filters():\n    return {'shout': lambda text: text.upper() + '!'}\n",
        "templates/article.html": '{% extends "default/article.html" %}{% block title %}{{ article.title|shout }}{% endblock %}',
        "content/articles/2024-03-01-a.md": article("A"),
        "content/articles/2024-03-02-b.md": article("B", date="2024-03-02"),
        "content/digests/2024-03-03-w.md": "---\ntitle: W\ndate: 2024-03-03\npicks:\n  - article: a\n    note: Read it.\n---\nIntro.\n",
    }
    config = 'title: T\nbase_url: "https://example.org/"\nhooks: [hooks/markdown.py, hooks/filters.py]\n'
    site = make_site(files, config=config)
    assert cli("build", "-C", site).code == 0
    parsed = log.read_text()
    assert parsed and "<title>A!" in (site / "public/articles/a/index.html").read_text()
    assert cli("email", "W", "-C", site, "-o", tmp_path / "edition").code == 0
    assert cli("check", "-C", site).code == 0
    (site / "hooks/filters.py").write_text("def filters():\n    return {'shout': lambda text: text.upper() + '!!'}\n")
    assert cli("build", "-C", site).code == 0
    assert "<title>A!!" in (site / "public/articles/a/index.html").read_text()
    assert log.read_text() == parsed
    (site / "hooks/markdown.py").write_text(markdown + "# edited\n")
    assert cli("build", "-C", site).code == 0
    assert len(log.read_text()) == 2 * len(parsed)
