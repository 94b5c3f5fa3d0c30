"""The index digest writes is the index Pagefind writes: the same pages give, decoded, the same
words (stems, variants, positions, weights, meta positions), fragments, filters and sort orders.

Pagefind itself (``pagefind --service``) indexes each set of pages here beside digest's writer;
file names are content hashes of either's own, so the files are compared by what they hold.
"""

from __future__ import annotations

import base64
import json
import re
import zlib
from pathlib import Path
from typing import Any

import cbor2
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from search_helpers import build, copy_example_site

from digest import search
from digest.search_bundle import SIGNATURE, bundle_files, by_language
from digest.search_extract import read_page


def _pagefind(pages: dict[str, str], language: str) -> dict[str, bytes]:
    """The files Pagefind writes for ``pages`` (URL -> HTML)."""
    with search._Service(search._pagefind_binary()) as service:
        config = {"force_language": language} if language else None
        index_id = service.ask([{"type": "NewIndex", "config": config}])[0]["index_id"]
        service.ask(
            [
                {"type": "AddFile", "index_id": index_id, "file_path": None, "url": url, "file_contents": html}
                for url, html in pages.items()
            ]
        )
        files = service.ask([{"type": "GetFiles", "index_id": index_id}])[0]["files"]
    return {file["path"]: base64.b64decode(file["content"]) for file in files}


def _digest(pages: dict[str, str], language: str) -> dict[str, bytes]:
    """The files digest writes for ``pages``, grouped by language as Pagefind groups them."""
    read = [read_page(html, url, language) for url, html in pages.items()]
    if any(page.has_body for page in read):
        read = [page for page in read if page.has_body]
    files: dict[str, bytes] = {}
    for page_language, group in by_language(read).items():
        files.update(bundle_files(group, page_language, search._installed_version())[0])
    return files


def _decoded(data: bytes) -> bytes:
    plain = zlib.decompress(data, 31)
    assert plain.startswith(SIGNATURE)
    return plain[len(SIGNATURE) :]


def _contents(files: dict[str, bytes]) -> dict[str, Any]:
    """What a bundle holds, by language, with pages named by URL rather than number."""
    languages = {}
    for name in (name for name in files if name.endswith(".pf_meta")):
        meta = cbor2.loads(_decoded(files[name]))
        fragments = [json.loads(_decoded(files[f"fragment/{hash_}.pf_fragment"])) for hash_, _ in meta[1]]
        urls = [fragment["url"] for fragment in fragments]

        def pages(entries: list[Any], urls: list[str] = urls) -> list[Any]:
            found, number = [], 0
            for entry in entries:
                number += entry[0]
                found.append((urls[number], entry[1], entry[2]))
            return sorted(found)

        words = {}
        for _, _, hash_ in meta[2]:
            for word, entries, variants in cbor2.loads(_decoded(files[f"index/{hash_}.pf_index"]))[0]:
                words[word] = (pages(entries), {variant: pages(more) for variant, more in variants})
        filters = {}
        for filter_name, hash_ in meta[3]:
            _, values = cbor2.loads(_decoded(files[f"filter/{hash_}.pf_filter"]))
            filters[filter_name] = {value: sorted(urls[number] for number in numbers) for value, numbers in values}
        languages[name.split(".")[1].split("_")[0]] = {
            "version": meta[0],
            "fragments": sorted(zip(urls, fragments, (count for _, count in meta[1]), strict=True)),
            "words": words,
            "filters": filters,
            "sorts": {key: [urls[number] for number in numbers] for key, numbers in meta[4]},
            "fields": meta[5],
        }
    return languages


# Scripts written without spaces: in Chinese, Japanese and Thai indexes digest also indexes a
# run of them from each of its characters on (Pagefind's search cuts such queries into words,
# which only its extended build's dictionary cuts the pages into): words Pagefind has not.
_WITHIN_RUNS = re.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u0e00-\u0e7f]+")


def _same_as_pagefind(pages: dict[str, str], language: str = "en") -> dict[str, Any]:
    ours, theirs = _contents(_digest(pages, language)), _contents(_pagefind(pages, language))
    assert ours.keys() == theirs.keys()
    unspaced = language.split("-")[0] in ("zh", "ja", "th")
    for name, contents in theirs.items():
        for part in ("version", "fields", "fragments", "filters", "sorts"):
            assert ours[name][part] == contents[part], part
        differing = {word for word in contents["words"].keys() | ours[name]["words"].keys()
                     if contents["words"].get(word) != ours[name]["words"].get(word)
                     and not (unspaced and word not in contents["words"] and _WITHIN_RUNS.fullmatch(word))}  # fmt: skip
        assert not differing, {word: (ours[name]["words"].get(word), contents["words"].get(word)) for word in differing}
    return ours


def _page(body: str, lang: str = "en", head: str = "<title>A page</title>") -> str:
    return f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">{head}</head><body>{body}</body></html>'


PAGES = {
    "/headings/": _page(
        "<nav><a href='/'>Home</a></nav><main data-pagefind-body><h1 id='top'>Weights &amp; measures</h1>"
        "<h2>Second <em>level</em></h2><p>Plain words, then <span data-pagefind-weight='3.5'>heavier words</span>"
        " and <span data-pagefind-weight='0'>weightless</span>.</p><h3 id='three'>Third <a href='#x'>link</a></h3>"
        "<h6>Sixth</h6><div data-pagefind-weight='2'><h4>Inside weight</h4></div>"
        "<footer>Left out</footer><form><label>Name</label></form><script>var hidden = 1;</script>"
        "<style>.x{color:red}</style><svg><text>vector</text></svg></main><p>Outside the body</p>"
    ),
    "/meta/": _page(
        "<article data-pagefind-body><h1>Meta &lt;data&gt;</h1><img src='/lead.jpg' alt='The lead'>"
        "<p data-pagefind-meta='summary'>A summary of   the\n page.</p>"
        "<span data-pagefind-meta='author:Ayşe Kaya, desk:World'></span>"
        "<img data-pagefind-meta='image[src], image_alt[alt]' src='/other.png' alt='Other'>"
        "<p data-pagefind-default-meta='kicker'>Default kicker</p>"
        "<p data-pagefind-filter='topic'>Turkey</p><p data-pagefind-filter='topic:Politics'></p>"
        "<span data-pagefind-sort='weight'>12</span><span data-pagefind-sort='name'>Zeta</span>"
        "<p data-pagefind-ignore>Ignored text but <span data-pagefind-meta='inside'>meta kept</span></p>"
        "<p data-pagefind-ignore='all'>All gone <span data-pagefind-meta='gone'>x</span></p>"
        "<p data-pagefind-index-attrs='title,data-label' title='Attribute text' data-label='Label'>Text</p>"
        "</article>"
    ),
    "/words/": _page(
        "<div data-pagefind-body><p>COVID-19 well-known page.Find camelCaseWord WKWebVIEWComponent l'alphabet "
        "ministry's cloud/cannon snake_case_word x² ﬁne 3.14 e-mail&nbsp;address naïve café résumés Über "
        "Erdoğan'ın İstanbul'da ışık straße Łódź emoji 🍕 pizza👍🏽 a\u200bb zero\u200b</p>"
        "<p>中文测试 日本語のテキスト Ελληνικά ΚΕΊΜΕΝΟ नमस्ते दुनिया مَرْحَبًا بالعالم שָׁלוֹם Tiếng Việt สวัสดี 1️⃣ 🇹🇷</p>"
        "<p>line<br>break and<wbr>wbr, <b>bold</b>text <code>code_sample()</code></p>"
        "<ul><li>one</li><li>two)</li></ul><table><tr><td>cell</td><td>cell two</td></tr></table></div>"
    ),
    "/second/": _page(
        "<section data-pagefind-body><h1>Second page</h1><p data-pagefind-filter='topic'>Turkey</p>"
        "<p>Elections, elected, electing: one stem. Café again, and cafe.</p>"
        "<span data-pagefind-sort='weight'>3</span><span data-pagefind-sort='name'>Alpha</span></section>"
    ),
    "/unmarked/": _page("<main><h1>Not marked</h1><p>Left out: another page marks its body.</p></main>"),
    # A marker in a comment marks nothing; one inside an element left out whole is never reached.
    "/commented/": _page("<main><h1>Commented</h1><p>kumquat</p><!-- <div data-pagefind-body> --></main>"),
    "/ignored-body/": _page(
        "<div data-pagefind-ignore='all'><article data-pagefind-body><p>papaya</p></article></div>"
    ),
}


def test_pages_of_every_kind_give_pagefinds_index() -> None:
    contents = _same_as_pagefind(PAGES)
    assert {"/unmarked/", "/commented/", "/ignored-body/"}.isdisjoint(url for url, *_ in contents["en"]["fragments"])
    assert contents["en"]["filters"] == {"topic": {"Politics": ["/meta/"], "Turkey": ["/meta/", "/second/"]}}
    assert "resum" in contents["en"]["words"]  # stemmed, without diacritics, with the variant as written
    assert set(contents["en"]["words"]["resum"][1]) == {"résumés"}


def test_a_site_without_marked_bodies_indexes_whole_pages_in_their_own_languages() -> None:
    pages = {
        "/en/": _page("<header><h1>Header title</h1></header><main><p>English running text.</p></main>"),
        "/tr/": _page("<main><h1>Türkçe</h1><p>Kabinesi toplandı, görüşmeler sürüyor.</p></main>", lang="tr"),
        "/unknown/": '<html><body><p>No language <b>given</b></p><img src="/i.png"></body></html>',
        "/xx/": _page("<p>Qwerty language without stemmer</p>", lang="xx-YY", head=""),
        "/empty/": _page("<script>nothing()</script>"),
    }
    contents = _same_as_pagefind(pages, language="")
    assert set(contents) == {"en", "tr", "xx-yy"}  # a page of no language joins the most common one
    assert [url for url, *_ in contents["en"]["fragments"]] == ["/en/", "/unknown/"]


@pytest.mark.parametrize("language", ["en", "pt-br", "ja", "hi", "xx"])
def test_pages_in_any_language_give_pagefinds_index(language: str) -> None:
    """Each language's stemmer (none for Japanese or an unknown language), forced on every page."""
    contents = _same_as_pagefind(PAGES, language)
    assert set(contents) == {language}


@pytest.mark.parametrize("language", ["en", "tr", "de", "ar", "ru"])
def test_the_example_site_gives_pagefinds_index(tmp_path: Path, language: str) -> None:
    site = copy_example_site(tmp_path / "site")
    output = tmp_path / "out"
    build(site, output, "https://example.org/repo/")
    pages = {
        search._url_of(str(path.relative_to(output))): path.read_text(encoding="utf-8")
        for path in sorted(output.rglob("*.html"))
        if search.SEARCH_DIR not in path.parts
    }
    contents = _same_as_pagefind(pages, language)
    assert len(contents[language]["fragments"]) >= 1


# Random pages: nested elements of the kinds Pagefind treats differently, with the attributes it
# reads, around words of every shape (compound, accented, other scripts, emoji, entities).
_WORDS = st.sampled_from(
    [
        "news",
        "Elections",
        "elected",
        "COVID-19",
        "well-known",
        "camelCase",
        "HTML5",
        "12Zeta",
        "naïve",
        "café",
        "Café",
        "résumé",
        "Über",
        "Erdoğan'ın",
        "İSTANBUL",
        "ışık",
        "straße",
        "Ελληνικά",
        "नमस्ते",
        "مَرْحَبًا",
        "中文",
        "🍕",
        "👍🏽",
        "1️⃣",
        "&amp;",
        "&lt;b&gt;",
        "x²",
        "3.14",
        "a_b",
        "l'alphabet",
        "don't",
        "e-mail",
        "Ankara's",
    ]
)
_TEXT = st.lists(_WORDS, min_size=0, max_size=6).map(" ".join)
_ATTRIBUTES = st.sampled_from(
    ["", " data-pagefind-ignore", " data-pagefind-ignore='all'", " data-pagefind-weight='3'", " id='x1'",
     " data-pagefind-meta='topic'", " data-pagefind-filter='kind'", " data-pagefind-meta='note:Fixed value'",
     " data-pagefind-sort='rank'", " data-pagefind-default-meta='kicker'", " data-pagefind-body"]
)  # fmt: skip
_TAGS = st.sampled_from(
    ["div", "span", "h1", "h2", "h4", "em", "a", "ul", "li", "nav", "header", "footer", "aside", "section", "b"]
)


def _elements(depth: int) -> st.SearchStrategy[str]:
    leaf = st.one_of(
        _TEXT,
        st.sampled_from(["<br>", "<img src='/p.jpg' alt='A photo'>", "<script>x('</div>')</script>", "<!-- a note -->",
                         "</div>", "</section>", "<li>unclosed", "<span/>", "<p>a paragraph</p>"]),
    )  # fmt: skip
    if depth == 0:
        return leaf
    element = st.builds(lambda tag, attributes, inner: f"<{tag}{attributes}>{inner}</{tag}>", _TAGS, _ATTRIBUTES,
                        st.lists(_elements(depth - 1), max_size=3).map("".join))  # fmt: skip
    return st.one_of(leaf, element)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(_elements(3), min_size=1, max_size=4).map("".join), min_size=1, max_size=8))
def test_random_pages_give_pagefinds_index(bodies: list[str]) -> None:
    pages = {f"/page-{number}/": _page(body) for number, body in enumerate(bodies)}
    _same_as_pagefind(pages)
