"""Attribute injection: a payload that would close an attribute and add a handler or a
script is refused where it must be a URL, and shown as text everywhere else: no live
handler or script in any page, feed or email, as a parser sees them."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path

import lxml.etree
import lxml.html
import pytest

from tests.conftest import CliResult

PAYLOAD = "https://e.org/?a=\"><script>alert(1)</script>&b='x' onmouseover=alert(1)"
PAYLOADS = [
    PAYLOAD,
    '"><img src=x onerror=alert(1)>',
    "' onfocus='alert(1)' autofocus='",
    "javascript:alert(1)",
    "</title><script>alert(1)</script>",
    "]]><script>alert(1)</script>",
]
CONFIG = 'title: T\nbase_url: "https://example.org/"\nsearch: false\n'
ATOM = "{http://www.w3.org/2005/Atom}"


def quoted(text: str) -> str:
    """``text`` as a YAML double-quoted scalar."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


@pytest.mark.parametrize("payload", [PAYLOAD, "https://e.org/ onmouseover=alert(1)", "javascript:alert(1)"])
def test_urls_carrying_a_payload_are_refused_at_their_line(
    make_site: Callable[..., Path], cli: Callable[..., CliResult], payload: str
) -> None:
    article = (
        "---\ntitle: A\ndate: 2024-03-01\ntopics: [x]\nsource:\n  name: S\n  url: {url}\nimage:\n  src: {src}\n---\n"
    )
    site = make_site({"content/articles/2024-03-01-a.md": article.format(url=quoted(payload), src=quoted(payload))})
    result = cli("build", "-C", site)
    assert result.code == 1
    assert "content/articles/2024-03-01-a.md:7: source.url: " in result.err
    assert "content/articles/2024-03-01-a.md:9: image.src: " in result.err
    (site / "content/articles/2024-03-01-a.md").write_text(article.format(url="https://e.org/", src="/static/a.png"))
    (site / "digest.yaml").write_text(f"title: T\nbase_url: {quoted(payload)}\n")
    result = cli("build", "-C", site)
    assert result.code == 1
    assert "digest.yaml:2: base_url: " in result.err


def hostile_site(make_site: Callable[..., Path], payload: str) -> Path:
    text = quoted(payload)
    article = (
        f"---\ntitle: {text}\ndate: 2024-03-01\ntopics: [{text}, Plain]\nsummary: {text}\nauthor: {text}\n"
        f"section: {text}\nsource:\n  name: {text}\n  url: https://e.org/a?b=c&d=e\n"
        f"image:\n  src: /static/a.png\n  caption: {text}\n  credit: {text}\n---\n"
        f"Body with [a link](<{payload}>) and `{payload}`.\n\n## {payload}\n"
    )
    encoded = PAYLOAD.replace(" ", "%20")
    note = quoted(f"Why: [read]({encoded}) and [this](<{payload}>) {payload}")
    issue = (
        f"---\ntitle: {text}\ndate: 2024-03-02\nsummary: {text}\npicks:\n  - article: a\n"
        f"    note: {note}\n---\nIntro [x](<{payload}>).\n"
    )
    page = f"---\ntitle: {text}\n---\n{payload}\n"
    config = (
        f"title: {text}\ndescription: {text}\nauthor: {text}\nbase_url: https://example.org/\nsearch: false\n"
        f"feeds:\n  content: full\ntopics:\n  Plain: {text}\n"
    )
    return make_site(
        {
            "content/articles/2024-03-01-a.md": article,
            "content/static/a.png": "a photo",
            "content/digests/2024-03-02-week.md": issue,
            "content/pages/about.md": page,
            "content/topics/plain.md": f"---\ntitle: Plain\n---\n{payload}\n",
        },
        config,
    )


def html_trees(output: Path) -> Iterator[tuple[str, lxml.etree._Element]]:
    """Every HTML document the build wrote, and the HTML inside every feed entry."""
    for path in sorted(output.rglob("*")):
        name = path.relative_to(output).as_posix()
        if path.suffix == ".html":
            yield name, lxml.html.document_fromstring(path.read_bytes())
        elif path.suffix == ".xml":
            feed = lxml.etree.parse(str(path))  # well-formed, or this raises
            for element in feed.iter(f"{ATOM}content", f"{ATOM}summary"):
                if element.get("type") == "html" and element.text:
                    yield f"{name} entry", lxml.html.fragment_fromstring(element.text, create_parent="div")


@pytest.mark.parametrize("payload", PAYLOADS)
def test_no_live_handler_or_script_anywhere(
    make_site: Callable[..., Path], cli: Callable[..., CliResult], payload: str
) -> None:
    site = hostile_site(make_site, payload)
    result = cli("build", "-C", site)
    assert result.code == 0, result.err
    output = site / "public"
    assert (output / "articles/a/index.html").is_file() and (output / "digests/week/email.html").is_file()
    seen = 0
    for name, tree in html_trees(output):
        seen += 1
        for element in tree.iter():
            if not isinstance(element.tag, str):
                continue  # comments
            handlers = [attribute for attribute in element.attrib if attribute.lower().startswith("on")]
            assert not handlers, (name, element.tag, handlers)
            for attribute in ("href", "src", "action", "formaction"):
                assert not (element.get(attribute) or "").strip().lower().startswith("javascript:"), (name, element)
            if element.tag == "script" and element.get("type") == "application/ld+json":
                assert "<" not in (element.text or ""), name  # data that cannot close its script
                json.loads(element.text or "")
            elif element.tag == "script":
                assert "alert" not in (element.text or "") + (element.get("src") or ""), name
    assert seen > 10
    text = (output / "digests/week/email.txt").read_text()
    assert text.count("Read:") == 1  # the text edition has no markup to break out of
