"""Property-based fuzzing of everything a user (or a hostile feed) writes: front matter,
``digest.yaml``, digest issues and their picks, slugs and dates.

Every generated input ends in success or in errors that name the file and line; never a
traceback, never a hang (each run is bounded), never a file outside the output folder.
Parsing is fuzzed in-process by the thousand; whole builds through the CLI by the dozen.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import UTC
from pathlib import Path
from typing import Any

import lxml.etree
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from digest.config import SiteConfig, parse_config
from digest.content import ParsedFile, parse_date, parse_file
from digest.errors import BuildFailed, ContentError, DigestError
from digest.frontmatter import FORBIDDEN_CHARACTERS, parse_document
from digest.markup import Markdown
from digest.model import SLUG_PATTERN, Article, Digest, slugify, url_problem
from tests.conftest import CliResult, run_cli

BOUND = 2.0  # seconds any one input may take
FAST = settings(max_examples=600, deadline=None, suppress_health_check=list(HealthCheck))
BUILDS = settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
MARKDOWN = Markdown()

# --- Generators of hostile YAML -----------------------------------------------------------

KEYS = ["title", "date", "topics", "slug", "source", "image", "summary", "draft", "author", "section", "picks",
        "base_url", "per_page", "timezone", "feeds", "limits", "markdown", "url", "src", "name", "note", "article"]  # fmt: skip
ODD_TEXT = st.text(
    alphabet=st.characters(codec="utf-8")
    | st.sampled_from(["\x00", "\x01", "\x1b", "\x7f", "\x85", "\ufffe", "\u2028"]),
    max_size=20,
)
DATES = st.sampled_from(
    ["2024-03-01", "0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-12:00", "0001-01-01", "9999-12-31",
     "2024-02-30", "2024-03-01T25:00:00", "2024-03-01T10:00:00+24:00", "2024-03-01 10:00", "20240301",
     "!!timestamp 2024-03-01", "!!timestamp nonsense", "2024-03-01T10:00:00.123456789Z"]
)  # fmt: skip
URLS = st.sampled_from(
    ["https://e.org/", "http://e.org/a?b=c&d=e", "javascript:alert(1)", "https://e.org/?a=\"><script>alert(1)</script>",
     "https://e.org/ onmouseover=alert(1)", "//evil.org/x", "/static/a.png", "a b.png", "data:text/html,<script>",
     "http://", "https://[::1", "https://e.org/İstanbul", "ftp://e.org/"]
)  # fmt: skip
SLUGS = st.sampled_from(
    ["ok-slug", "Erdoğan İstanbul", "../../etc/passwd", "/abs", "a\\\\b", "..", "CAPS", "ü", "--", "a.b", "x/y", "123"]
)


def double_quoted(text: str) -> str:
    """``text`` as a YAML double-quoted scalar, control characters written as escapes."""
    body = text.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + "".join(c if c.isprintable() or c == " " else f"\\u{ord(c):04x}" for c in body) + '"'


SCALARS = st.one_of(
    ODD_TEXT.map(double_quoted),
    st.from_regex(r"[A-Za-z][A-Za-z0-9 ]{0,12}", fullmatch=True),
    st.integers(min_value=1, max_value=6000).map(lambda n: "7" * n),  # numbers thousands of digits long
    st.sampled_from(
        [
            "null",
            "~",
            "true",
            "no",
            ".inf",
            "-.nan",
            "0x1F",
            "1e400",
            "0o17",
            "1_000",
            "190:20:30",
            "!!binary aGk=",
            "!!set {a, b}",
            "!!python/object:os.system x",
            "!!str 5",
            "'single ''q'''",
            "!!omap [a: 1]",
            "!custom x",
            '"\\ud800"',
            '"\\x00"',
            "*undefined",
            "- not a scalar",
        ]
    ),
    DATES,
    URLS.map(double_quoted),
    SLUGS.map(double_quoted),
)


def collection(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    flow_list = st.lists(children, max_size=4).map(lambda items: "[" + ", ".join(items) + "]")
    flow_map = st.lists(st.tuples(st.sampled_from(KEYS), children), max_size=4).map(
        lambda pairs: "{" + ", ".join(f"{key}: {value}" for key, value in pairs) + "}"
    )
    return flow_list | flow_map


VALUES = st.recursive(SCALARS, collection, max_leaves=12)
HOSTILE_SNIPPETS = st.one_of(
    st.integers(min_value=1, max_value=3000).map(lambda n: "[" * n + "]" * n),  # deep nesting
    st.integers(min_value=1, max_value=300).map(lambda n: "".join(f"{'  ' * i}k{i}:\n" for i in range(n)).rstrip()),
    st.integers(min_value=2, max_value=10).map(
        lambda levels: (
            "&a0 [x, x, x, x, x, x, x, x, x]"
            + "".join(
                f" # level\n_{level}: &a{level} [{', '.join([f'*a{level - 1}'] * 9)}]" for level in range(1, levels)
            )
        )
    ),
    st.just("&r [*r]"),  # a recursive alias
    st.just("&m {a: *m}"),
)


@st.composite
def yaml_mappings(draw: st.DrawFn, required: tuple[str, ...] = ()) -> str:
    """A YAML mapping, valid or not: known and odd keys, odd values, duplicates, aliases."""
    keys = [*required, *draw(st.lists(st.sampled_from(KEYS) | ODD_TEXT.map(double_quoted), max_size=6))]
    lines = []
    for key in keys:
        value = draw(VALUES | HOSTILE_SNIPPETS if draw(st.integers(0, 9)) == 0 else VALUES)
        lines.append(f"{key}: {value}")
    if draw(st.booleans()) and lines:  # a key given twice
        lines.append(draw(st.sampled_from(lines)))
    return "\n".join(draw(st.permutations(lines))) + "\n"


# --- Checks ------------------------------------------------------------------------------


def bounded(call: Callable[[], Any]) -> Any:
    started = time.perf_counter()
    result = call()
    assert time.perf_counter() - started < BOUND
    return result


def assert_located(error: DigestError, path: str) -> None:
    assert error.path == path, error
    assert error.line is not None and error.line >= 1, error
    assert str(error).startswith(f"{path}:{error.line}: "), error


def assert_sound(parsed: ParsedFile) -> None:
    """Errors name the file and line; an accepted record holds only what the site can show."""
    for problem in (*parsed.errors, *parsed.warnings):
        assert_located(problem, parsed.path)
    record = parsed.record
    if isinstance(record, Article | Digest):
        assert SLUG_PATTERN.match(record.slug), record.slug
        utc = record.date.astimezone(UTC)
        assert 1 <= utc.year <= 9999
        assert not FORBIDDEN_CHARACTERS.search(record.title)
    if isinstance(record, Article):
        assert record.source.url is None or url_problem(record.source.url) is None
        assert record.image.src is None or url_problem(record.image.src, relative=True) is None
        assert all(SLUG_PATTERN.match(ref.slug) for ref in record.topics)


def test_the_characters_refused_in_text_are_exactly_the_controls_surrogates_and_noncharacters() -> None:
    """Every code point, against the rule written out: C0 controls but tab, newline and
    carriage return; DEL and the C1 controls; surrogates; U+FDD0-U+FDEF and the last two
    code points of every plane."""

    def refused(point: int) -> bool:
        return (
            (point < 0x20 and point not in (0x09, 0x0A, 0x0D))
            or 0x7F <= point <= 0x9F
            or 0xD800 <= point <= 0xDFFF
            or 0xFDD0 <= point <= 0xFDEF
            or point & 0xFFFE == 0xFFFE
        )

    wrong = [hex(point) for point in range(0x110000) if bool(FORBIDDEN_CHARACTERS.match(chr(point))) != refused(point)]
    assert wrong == []
    text = "a\U0010ffffb\U0001f600c\U0002fffed\x00"
    assert FORBIDDEN_CHARACTERS.findall(text) == ["\U0010ffff", "\U0002fffe", "\x00"]
    assert FORBIDDEN_CHARACTERS.sub("", text) == "ab\U0001f600cd"


# --- Parsing, in-process -----------------------------------------------------------------


@FAST
@given(front=yaml_mappings(), body=ODD_TEXT)
def test_front_matter_parses_or_fails_at_a_line(front: str, body: str) -> None:
    try:
        document = bounded(lambda: parse_document(f"---\n{front}---\n{body}", "x.md"))
    except ContentError as error:
        assert_located(error, "x.md")
        assert error.line is not None and error.line <= front.count("\n") + 2
    else:
        assert isinstance(document.meta, dict)


@FAST
@given(kind=st.sampled_from(["articles", "digests", "pages", "topics"]), front=yaml_mappings(("title", "date")))
def test_content_files_parse_or_fail_at_a_line(kind: str, front: str) -> None:
    path = f"content/{kind}/2024-03-01-x.md"
    data = f"---\n{front}---\nBody [a](2024-03-01-y.md) text.\n".encode("utf-8", "surrogatepass")
    parsed = bounded(lambda: parse_file(kind, path, data, SiteConfig(), MARKDOWN))
    assert_sound(parsed)


def mostly(good: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """Usually a good value, so that accepted input reaches the pages and feeds too."""
    return st.one_of(good, good, good, good, good, good, good, SCALARS)


GOOD_TEXT = st.text(st.characters(codec="utf-8").filter(lambda c: not FORBIDDEN_CHARACTERS.match(c)), min_size=1)
NAMES = GOOD_TEXT.map(double_quoted)
GOOD_URLS = st.sampled_from(["https://e.org/a?b=c&d=e", "https://tr.wikipedia.org/wiki/İstanbul", "/static/a.png"])
GOOD_DATES = st.sampled_from(
    ["2024-03-01", "2023-12-31T23:30:00-05:00", "0001-01-02", "9999-12-30", "2024-03-01 10:00"]
)


@st.composite
def articles(draw: st.DrawFn) -> str:
    """Article front matter with well-formed YAML and odd values in any field."""
    fields = {
        "title": draw(mostly(NAMES)),
        "date": draw(mostly(GOOD_DATES) | DATES),
        "topics": draw(mostly(st.lists(NAMES, min_size=1, max_size=5).map(lambda items: "[" + ", ".join(items) + "]"))),
        "slug": draw(mostly(SLUGS.map(double_quoted))),
        "source": "{name: " + draw(mostly(NAMES)) + ", url: " + draw(mostly(GOOD_URLS) | URLS.map(double_quoted)) + "}",
        "image": "{src: "
        + draw(mostly(GOOD_URLS) | URLS.map(double_quoted))
        + ", caption: "
        + draw(mostly(NAMES))
        + "}",
        "summary": draw(mostly(NAMES)),
        "draft": draw(mostly(st.sampled_from(["false", "true"]))),
    }
    chosen = ["title", "date", "topics", *draw(st.lists(st.sampled_from(sorted(fields)), unique=True))]
    return "".join(f"{key}: {fields[key]}\n" for key in dict.fromkeys(chosen))


@st.composite
def configs(draw: st.DrawFn) -> str:
    """``digest.yaml`` with known keys, mostly sound values, now and then something odd."""
    fields = {
        "title": draw(mostly(NAMES)),
        "description": draw(mostly(NAMES)),
        "author": draw(mostly(NAMES)),
        "base_url": double_quoted(draw(st.one_of(st.just("https://example.org/sub/"), URLS))),
        "per_page": draw(mostly(st.integers(1, 50).map(str))),
        "timezone": draw(mostly(st.sampled_from(["UTC", "Pacific/Kiritimati", "Etc/GMT+12", "Europe/Istanbul"]))),
        "feeds": "{content: " + draw(mostly(st.sampled_from(["full", "summary"]))) + ", limit: 5}",
        "limits": "{topics_per_article: " + draw(mostly(st.integers(1, 10).map(str))) + "}",
        "search": "false",
    }
    chosen = ["base_url", "search", *draw(st.lists(st.sampled_from(sorted(fields)), unique=True))]
    text = "".join(f"{key}: {fields[key]}\n" for key in dict.fromkeys(chosen))
    return text + (draw(yaml_mappings()) if draw(st.integers(0, 4)) == 0 else "")


@FAST
@given(front=articles())
def test_articles_with_odd_fields(front: str) -> None:
    path = "content/articles/2024-03-01-x.md"
    parsed = bounded(lambda: parse_file("articles", path, f"---\n{front}---\nBody\n".encode(), SiteConfig(), MARKDOWN))
    assert_sound(parsed)


@st.composite
def issues(draw: st.DrawFn) -> str:
    good = st.sampled_from(["a", "b", "2024-03-02-b", "content/articles/2024-03-01-a.md", "nope"])
    note = mostly(NAMES) | st.sampled_from(['"[link](https://e.org/?a=%22x)"', '"[x](<a b>)"', '"# Heading"'])
    picks = draw(
        st.lists(
            st.one_of(
                mostly(good),
                st.tuples(mostly(good), note).map(lambda pair: f"{{article: {pair[0]}, note: {pair[1]}}}"),
                HOSTILE_SNIPPETS,
            ),
            max_size=5,
        )
    )
    listed = "".join(f"  - {pick}\n" for pick in picks)
    return f"title: {draw(mostly(NAMES))}\ndate: {draw(mostly(GOOD_DATES) | DATES)}\npicks:\n{listed}"


@FAST
@given(front=issues())
def test_digest_issues_and_picks(front: str) -> None:
    path = "content/digests/2024-03-01-w.md"
    parsed = bounded(lambda: parse_file("digests", path, f"---\n{front}---\nIntro\n".encode(), SiteConfig(), MARKDOWN))
    assert_sound(parsed)


@FAST
@given(text=yaml_mappings())
def test_digest_yaml_loads_or_fails_at_a_line(text: str) -> None:
    try:
        config, warnings = bounded(lambda: parse_config(text, "digest.yaml"))
    except BuildFailed as failed:
        assert failed.errors
        for error in failed.errors:
            assert_located(error, "digest.yaml")
    else:
        for warning in warnings:
            assert_located(warning, "digest.yaml")
        assert url_problem(config.base_url) is None


@settings(max_examples=1500, deadline=None)
@given(text=st.text(max_size=40))
def test_slugs_are_ascii_lower_case_and_stay_in_their_folder(text: str) -> None:
    slug = slugify(text)
    assert slug == "" or SLUG_PATTERN.match(slug)
    front = f"title: T\ndate: 2024-03-01\ntopics: [x]\nslug: {double_quoted(text)}\n"
    parsed = parse_file("articles", "content/articles/a.md", f"---\n{front}---\n".encode(), SiteConfig(), MARKDOWN)
    assert_sound(parsed)
    if parsed.record is not None:
        assert "/" not in parsed.record.slug and ".." not in parsed.record.slug


@settings(max_examples=1500, deadline=None)
@given(
    moment=st.datetimes(timezones=st.timezones()) | st.datetimes(),
    written=st.sampled_from(["iso", "date", "space"]),
)
def test_dates_are_accepted_only_when_feeds_can_write_them(moment: Any, written: str) -> None:
    from digest.feeds import _iso

    text = {"iso": moment.isoformat(), "date": moment.date().isoformat(), "space": moment.isoformat(" ")}[written]
    front = f"title: T\ndate: {text}\ntopics: [x]\n"
    parsed = parse_file("articles", "content/articles/a.md", f"---\n{front}---\n".encode(), SiteConfig(), MARKDOWN)
    assert_sound(parsed)
    if parsed.record is not None:
        assert len(_iso(parsed.record.date)) == 20
    assert parse_date(text, UTC) is not None


# --- Whole builds through the CLI ------------------------------------------------------------


def bounded_cli(*args: str | Path) -> CliResult:
    results: list[CliResult] = []
    worker = threading.Thread(target=lambda: results.append(run_cli(*args)), daemon=True)
    worker.start()
    worker.join(10 * BOUND)  # a whole build: imports and templates on first use
    assert results, "the build did not finish"
    return results[0]


def files_outside(folder: Path, output: Path) -> set[str]:
    return {path.relative_to(folder).as_posix() for path in folder.rglob("*") if output not in (path, *path.parents)}


@st.composite
def sites(draw: st.DrawFn) -> dict[str, str]:
    """A small site in which the article, the issue or ``digest.yaml`` (or none) is fuzzed."""
    title, name, note = draw(NAMES), draw(NAMES), draw(NAMES)
    files = {
        "digest.yaml": f'title: {name}\nbase_url: "https://example.org/"\nsearch: false\nfeeds: {{content: full}}\n',
        "content/articles/2024-03-01-a.md": (
            f"---\ntitle: {title}\ndate: 2024-03-01\ntopics: [x, y]\nsource: {{name: {name}, url: https://e.org/}}\n"
            f"---\nBody with [a link](2024-03-02-b.md) and {draw(GOOD_TEXT)}.\n"
        ),
        "content/articles/2024-03-02-b.md": "---\ntitle: B\ndate: 2024-03-02\ntopics: [x]\n---\nB\n",
        "content/digests/2024-03-03-w.md": f"---\ntitle: {title}\ndate: 2024-03-03\npicks:\n  - {{article: a, note: {note}}}\n---\nIntro.\n",
    }
    fuzzed = draw(
        st.sampled_from(["none", "digest.yaml", "content/articles/2024-03-01-a.md", "content/digests/2024-03-03-w.md"])
    )
    if fuzzed == "digest.yaml":
        files[fuzzed] = draw(configs())
    elif fuzzed.startswith("content/articles/"):
        files[fuzzed] = f"---\n{draw(articles())}---\nBody with [a link](2024-03-02-b.md) and {draw(ODD_TEXT)}.\n"
    elif fuzzed.startswith("content/digests/"):
        files[fuzzed] = f"---\n{draw(issues())}---\nIntro.\n"
    return files


@BUILDS
@given(files=sites())
def test_whole_builds_succeed_or_fail_at_a_line(tmp_path_factory: Any, files: dict[str, str]) -> None:
    root = tmp_path_factory.mktemp("fuzz")
    site = root / "site"
    for name, text in files.items():
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_bytes(text.encode("utf-8", "surrogatepass"))
    before = files_outside(root, site / "public")
    result = bounded_cli("build", "-C", site, "--future")
    event(f"exit {result.code}")
    assert "Traceback" not in result.err
    after = files_outside(root, site / "public")
    # Nothing but the build store and the output's spare (``write``: the tree switched with it).
    ours = ("site/.digest-cache", "site/.digest-spare-public")
    assert {name for name in after - before if not name.startswith(ours)} == set()
    if result.code == 0:
        for feed in (site / "public").rglob("*.xml"):
            lxml.etree.parse(str(feed))  # well-formed
        return
    assert result.code == 1, result.err
    reported = [line for line in result.err.splitlines() if not line.startswith(("build failed", "warning: "))]
    assert reported, result.err
    for line in reported:
        assert line.startswith(("digest.yaml:", "content/")), line
        assert line.split(":")[1].isdigit(), line
