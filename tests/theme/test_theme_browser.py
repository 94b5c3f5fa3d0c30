"""The default theme in a real browser (Debian's Chromium through Playwright): screenshots of
every page type at 1280 and 390 px, light and dark, kept in tests/screenshots/ to be looked
at; no page scrolls sideways at 320 px; axe-core finds no accessibility violation."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import Showcase
from theme_helpers import PAGE_TYPES, npm_package_file

from tests.conftest import REPO, contrast_ratio

SCREENSHOTS = REPO / "tests" / "screenshots"
WIDTHS = (1280, 390)
SCHEMES = ("light", "dark")


def _channels(css_colour: str) -> list[float]:
    """The red, green and blue (0 … 1) of a computed 'rgb(r, g, b)' or 'color(srgb r g b)' colour."""
    inside = css_colour[css_colour.index("(") + 1 : -1]
    if inside.startswith("srgb "):
        return [float(part) for part in inside.split()[1:4]]
    return [int(part) / 255 for part in inside.split(",")[:3]]


def _luminance(css_colour: str) -> float:
    """Relative luminance (0 black … 1 white) of a computed 'rgb(r, g, b)' colour."""
    red, green, blue = _channels(css_colour)
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def _contrast(one: str, other: str) -> float:
    """WCAG's contrast ratio of two computed 'rgb(r, g, b)' colours (1 … 21)."""
    return contrast_ratio(_channels(one), _channels(other))


def test_screenshots_of_every_page_type(browser: Any, showcase: Callable[..., Showcase]) -> None:
    served = showcase()
    SCREENSHOTS.mkdir(exist_ok=True)
    for scheme in SCHEMES:
        for width in WIDTHS:
            context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
            page = context.new_page()
            for name, path in PAGE_TYPES.items():
                response = page.goto(served.url + path)
                assert response is not None and response.ok, name  # 404.html too: a static server sends it as a file
                background = page.evaluate("getComputedStyle(document.body).backgroundColor")
                assert (_luminance(background) < 0.2) == (scheme == "dark"), (name, scheme, background)
                assert page.locator(".masthead .site-title").is_visible()
                shot = SCREENSHOTS / f"{name}-{width}-{scheme}.png"
                page.screenshot(path=str(shot), full_page=True)
                assert shot.read_bytes().startswith(b"\x89PNG")
            context.close()
    assert len(list(SCREENSHOTS.glob("*.png"))) >= len(PAGE_TYPES) * len(WIDTHS) * len(SCHEMES)


@pytest.mark.parametrize("config", ["", "language: ar\n"])
def test_no_page_scrolls_sideways_at_320_px(browser: Any, showcase: Callable[..., Showcase], config: str) -> None:
    served = showcase(config)
    page = browser.new_page(viewport={"width": 320, "height": 700})
    wide = {}
    for name, path in PAGE_TYPES.items():
        page.goto(served.url + path)
        width = page.evaluate("Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)")
        if width > 320:
            wide[name] = width
    page.close()
    assert wide == {}


@pytest.mark.parametrize("config", ["", "language: ar\n"])
def test_separators_between_a_lines_items_have_space_on_both_sides(
    browser: Any, showcase: Callable[..., Showcase], config: str
) -> None:
    """'27 June 2019 · Press TV · 2 min read', never 'Press TV· 2 min read'."""
    served = showcase(config)
    page = browser.new_page()
    cramped = {}
    for name, path in PAGE_TYPES.items():
        page.goto(served.url + path)
        lines = page.locator("p:has(> .sep)").evaluate_all("els => els.map(el => el.innerText)")
        assert lines or name in {"topics", "archive", "page", "search"}, name
        cramped.update({f"{name}: {line}": "" for line in lines if re.search(r"\S·|·\S", line)})
    page.close()
    assert cramped == {}


def test_printed_pages_show_whole_code_lines_and_where_notes_and_sources_link(
    browser: Any, showcase: Callable[..., Showcase]
) -> None:
    """On paper nothing scrolls: a long line of code wraps (its end was cut off), and the links
    of a curator's note and to an article's original show their address, as the body's do (a
    link written as its address is not followed by it again)."""
    page = browser.new_page()
    page.emulate_media(media="print")
    page.goto(showcase().url + PAGE_TYPES["article"])
    clipped = page.locator(".prose pre").evaluate_all("els => els.filter(el => el.scrollWidth > el.clientWidth).length")
    assert page.locator(".prose pre").count() and clipped == 0
    bare = page.locator(".prose a[href^='https://example.org/a-very-long-link']")
    assert bare.evaluate("el => el.textContent === el.href && getComputedStyle(el, '::after').content") == "none"
    page.goto(showcase().url + PAGE_TYPES["issue"])
    shown = "els => els.every(el => getComputedStyle(el, '::after').content === `\" (${el.href})\"`)"
    assert page.locator(".note-body a[href^='https://example.org/']").count()
    assert page.locator(".note-body a[href^='https://example.org/']").evaluate_all(shown)
    assert page.locator(".pick-links a[rel=external]").count()
    assert page.locator(".pick-links a[rel=external]").evaluate_all(shown)
    page.close()


def test_a_printed_issue_shows_where_each_pick_is_read_on_the_site(
    browser: Any, showcase: Callable[..., Showcase]
) -> None:
    """A pick's 'Read the article' leads to a page of the site by a relative address, which
    printed nothing after it: on paper it is followed by the article's full address (from
    base_url), as the original's link is by its own; on screen it is as it was, and the
    issue's other links to the site (its menu, a pick's title) print no address."""
    page = browser.new_page()
    page.goto(showcase().url + PAGE_TYPES["issue"])
    links = page.locator(".pick-links a:not([rel=external])")
    assert links.count() == 4
    after = "els => els.map(el => getComputedStyle(el, '::after').content)"
    assert set(links.evaluate_all(after)) == {"none"}
    page.emulate_media(media="print")
    hrefs = links.evaluate_all("els => els.map(el => el.getAttribute('href'))")
    assert all(not href.startswith("http") for href in hrefs), hrefs
    printed = links.evaluate_all(after)
    assert printed == [f'" (https://example.org/articles/{href.rsplit("articles/", 1)[1]})"' for href in hrefs]
    others = page.locator(".pick-title a, .site-nav a, .masthead a").evaluate_all(after)
    assert others and set(others) == {"none"}
    page.close()


def test_screen_readers_read_the_breadcrumb_without_its_slashes(
    browser: Any, showcase: Callable[..., Showcase]
) -> None:
    """The slashes between a breadcrumb's parts are drawn, not read ('slash News slash Turkey')."""
    page = browser.new_page()
    page.goto(showcase().url + PAGE_TYPES["article"])
    crumbs = page.locator(".breadcrumb")
    read = [line for line in crumbs.aria_snapshot().splitlines() if "/url:" not in line]
    assert any('link "Home"' in line for line in read) and not any("/" in line for line in read), read
    drawn = crumbs.locator("li + li").evaluate_all("els => els.map(el => getComputedStyle(el, '::before').content)")
    assert drawn and all(content.startswith('"/"') for content in drawn), drawn  # still shown
    page.close()


def test_the_menu_marks_the_current_section_in_forced_colours(browser: Any, showcase: Callable[..., Showcase]) -> None:
    """Windows' contrast themes drop shadows and set every link's colour: the current
    section's mark in the menu (a shadow under it) was gone; it is underlined there."""
    context = browser.new_context(forced_colors="active")
    page = context.new_page()
    page.goto(showcase().url + PAGE_TYPES["issue"])
    marks = page.locator(".site-nav a").evaluate_all(
        "els => els.map(el => [el.getAttribute('aria-current'), getComputedStyle(el).textDecorationLine])"
    )
    context.close()
    assert [mark for _, mark in marks].count("underline") == 1 and ["page", "underline"] in marks, marks


@pytest.mark.parametrize("config", ["", 'theme:\n  accent_color: "#0b5cad"\n'])
def test_a_page_printed_from_a_dark_system_prints_in_dark_ink(
    browser: Any, showcase: Callable[..., Showcase], config: str
) -> None:
    """Paper is white whatever the screen's scheme: the rules (under table headings, over
    section titles) and a curator's accent printed in their dark-mode colours, light grey
    and pale blue on white."""
    context = browser.new_context(color_scheme="dark")
    page = context.new_page()
    page.emulate_media(media="print")
    page.goto(showcase(config).url + PAGE_TYPES["article"])
    colours = page.evaluate(
        """() => [['.prose th', 'borderBottomColor'], ['.section-title', 'borderTopColor'], ['.note-label', 'color']]
            .map(([selector, property]) => {
                const pixel = document.createElement('canvas').getContext('2d');  // any CSS colour as rgb()
                pixel.fillStyle = getComputedStyle(document.querySelector(selector))[property];
                pixel.fillRect(0, 0, 1, 1);
                return `rgb(${pixel.getImageData(0, 0, 1, 1).data.slice(0, 3).join(', ')})`; })"""
    )
    context.close()
    assert all(_contrast(colour, "rgb(255, 255, 255)") >= 4.5 for colour in colours), colours


def test_wide_tables_scroll_inside_their_region(browser: Any, showcase: Callable[..., Showcase]) -> None:
    page = browser.new_page(viewport={"width": 320, "height": 700})
    page.goto(showcase().url + PAGE_TYPES["article"])
    region = page.locator(".table-scroll").first
    assert region.get_attribute("tabindex") == "0"
    assert region.evaluate("el => el.scrollWidth > el.clientWidth")  # the table scrolls, not the page
    page.close()


def _axe_source() -> str:
    try:
        return npm_package_file("axe-core", "axe.min.js").read_text(encoding="utf-8")
    except (FileNotFoundError, OSError) as error:
        if os.environ.get("CI") == "true":
            pytest.fail(f"axe-core is needed under CI: {error}")
        pytest.skip(f"axe-core is not available: {error}")


@pytest.mark.parametrize("scheme", SCHEMES)
def test_axe_core_finds_no_violation_on_any_page_type(
    browser: Any, showcase: Callable[..., Showcase], scheme: str
) -> None:
    axe = _axe_source()
    served = showcase()
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
    page = context.new_page()
    found = {}
    for name, path in PAGE_TYPES.items():
        page.goto(served.url + path)
        page.add_script_tag(content=axe)
        result = page.evaluate("async () => (await axe.run(document)).violations")
        if result:
            found[name] = [(item["id"], [node["target"] for node in item["nodes"]][:3]) for item in result]
    context.close()
    assert found == {}, json.dumps(found, indent=1)


@pytest.mark.parametrize("accent", ["gold", "#e8e8e8", "rgb(255 255 0 / 40%)"])
def test_a_light_accent_colour_leaves_every_text_readable(
    browser: Any, showcase: Callable[..., Showcase], accent: str
) -> None:
    """A curator's light accent (a brand's yellow) is darkened where text is set in it or on
    it (links, labels, buttons), in the email edition too: it made them unreadable on the
    light page (1.3:1), and white on yellow buttons."""
    axe = _axe_source()
    served = showcase(f'theme:\n  accent_color: "{accent}"\n  subscribe_url: "https://example.org/subscribe"\n')
    found = {}
    for scheme in SCHEMES:
        context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
        page = context.new_page()
        for name, path in {**PAGE_TYPES, "email": "digests/week-24/email.html"}.items():
            page.goto(served.url + path)
            page.add_script_tag(content=axe)
            result = page.evaluate(
                "async () => (await axe.run(document, {runOnly: ['color-contrast']})).violations.flatMap("
                "v => v.nodes.map(node => node.target[0] + ': ' + node.any[0].message.slice(0, 80))).slice(0, 3)"
            )
            if result:
                found[f"{name} {scheme}"] = result
        context.close()
    assert found == {}, json.dumps(found, indent=1)


def test_a_dark_accent_colour_keeps_its_rules_seen_in_dark_mode(
    browser: Any, showcase: Callable[..., Showcase]
) -> None:
    """The rules keep the curator's accent as chosen in the light scheme, and in the dark one
    the lightened shade its text takes (navy rules were lost on the dark paper)."""
    served = showcase('theme:\n  accent_color: "navy"\n')
    rules = {}
    for scheme in SCHEMES:
        context = browser.new_context(color_scheme=scheme)
        page = context.new_page()
        page.goto(served.url + PAGE_TYPES["issue"])
        rules[scheme] = page.evaluate(
            "[getComputedStyle(document.querySelector('.masthead')).borderTopColor, getComputedStyle(document.body).backgroundColor]"
        )
        context.close()
    assert rules["light"][0] == "rgb(0, 0, 128)"
    assert _contrast(*rules["dark"]) >= 3, rules


def test_search_results_credit_the_source_in_the_sites_language(
    browser: Any, showcase: Callable[..., Showcase]
) -> None:
    from playwright.sync_api import expect

    page = browser.new_page()
    page.goto(showcase().url + "search/?q=airport")
    result = page.locator(".search-result").first
    expect(result.locator(".search-result-source")).to_have_text("Anadolu Agency", timeout=15_000)
    expect(page.locator("#search-status")).to_have_text("1 result for “airport”.")
    page.close()
    turkish = browser.new_page()
    turkish.goto(showcase("language: tr\n").url + "search/?q=airport")
    expect(turkish.locator("#search-status")).to_have_text("“airport” için 1 sonuç.", timeout=15_000)
    turkish.close()


def test_a_search_results_topics_are_listed_with_the_sites_comma(
    browser: Any, showcase: Callable[..., Showcase]
) -> None:
    """An Arabic site's results listed an article's topics with a Latin comma ('Turkey, Energy');
    Arabic writes its own (،)."""
    from playwright.sync_api import expect

    listed = {}
    for config, comma in (("", ", "), ("language: ar\n", "، ")):
        page = browser.new_page()
        page.goto(showcase(config).url + "search/?q=airport")
        topics = page.locator(".search-result-topics").first
        expect(topics).to_be_visible(timeout=15_000)
        listed[config] = (topics.text_content(), comma)
        page.close()
    assert all(comma in shown and "," not in shown.replace(comma, "") for shown, comma in listed.values()), listed


def test_more_search_results_by_keyboard_go_on_at_the_first_new_result(
    browser: Any, make_site: Callable[..., Path], cli: Callable[..., Any], serve_folder: Callable[[Path], str]
) -> None:
    """Enter on "More results" (hidden once every result is shown) moves focus to the first
    result it added: focus fell back to the page's start, and Tab went on in the footer."""
    from playwright.sync_api import expect

    article = "---\ntitle: Harbour report {n}\ndate: 2024-03-{day:02d}\ntopics: [Ports]\n---\nThe harbour, day {n}.\n"
    site = make_site(
        {f"content/articles/2024-03-{n + 1:02d}-h{n}.md": article.format(n=n, day=n + 1) for n in range(25)},
        'title: T\nbase_url: "https://example.org/"\n',
    )
    assert cli("build", "-C", site).code == 0
    page = browser.new_page()
    try:
        page.goto(serve_folder(site / "public") + "search/")
        page.locator("#search-query").focus()
        page.keyboard.type("harbour")
        page.keyboard.press("Enter")
        expect(page.locator(".search-result")).to_have_count(20, timeout=15_000)
        page.locator("#search-more").focus()
        page.keyboard.press("Enter")
        expect(page.locator(".search-result")).to_have_count(25)
        expect(page.locator("#search-more")).to_be_hidden()
        expect(page.locator(".search-result:nth-child(21) a")).to_be_focused()
        page.keyboard.press("Tab")
        expect(page.locator(".search-result:nth-child(22) a")).to_be_focused()
    finally:
        page.close()


def test_search_results_read_in_lines_no_longer_than_an_articles(
    browser: Any, showcase: Callable[..., Showcase]
) -> None:
    """On a laptop the search box and its results' excerpts ran the page's whole width (1,200
    px, some 170 characters a line); they keep to an article's measure, as the topic pages'
    heads do."""
    from playwright.sync_api import expect

    page = browser.new_page(viewport={"width": 1280, "height": 800})
    page.goto(showcase().url + PAGE_TYPES["article"])
    measure = page.evaluate("document.querySelector('.prose').getBoundingClientRect().width")
    page.goto(showcase().url + "search/?q=officials")
    expect(page.locator(".search-result").first).to_be_visible(timeout=15_000)
    widths = page.evaluate(
        "['.search-row', '.search-status', '.search-result-excerpt'].map(s => document.querySelector(s).getBoundingClientRect().width)"
    )
    page.close()
    assert all(width <= measure for width in widths), (measure, widths)


def test_the_search_boxs_hint_is_readable_in_both_schemes(browser: Any, showcase: Callable[..., Showcase]) -> None:
    """The placeholder ('e.g. a name or a place') in the browser's own grey read at 4.4:1 on
    the light paper and 4.0:1 on the dark one; it is the theme's muted ink (4.5:1 at least)."""
    ratios = {}
    for scheme in SCHEMES:
        context = browser.new_context(color_scheme=scheme)
        page = context.new_page()
        page.goto(showcase().url + PAGE_TYPES["search"])
        hint, paper, opacity = page.evaluate(
            """() => { const box = document.querySelector('#search-query');
                return [getComputedStyle(box, '::placeholder').color, getComputedStyle(box).backgroundColor,
                        getComputedStyle(box, '::placeholder').opacity]; }"""
        )
        ratios[scheme] = round(_contrast(hint, paper), 2) if opacity == "1" else 0
        context.close()
    assert all(ratio >= 4.5 for ratio in ratios.values()), ratios


def test_a_search_result_in_another_language_says_which(browser: Any, showcase: Callable[..., Showcase]) -> None:
    """A Turkish article found from the English search page: its title and excerpt carry
    lang="tr", so a screen reader reads them in Turkish (an English voice read them)."""
    from playwright.sync_api import expect

    page = browser.new_page()
    page.goto(showcase().url + "search/?q=hazelnut")
    title = page.locator(".search-result-title").first
    expect(title).to_have_attribute("lang", "tr", timeout=15_000)
    expect(page.locator(".search-result-excerpt").first).to_have_attribute("lang", "tr")
    expect(page.locator(".search-result-date").first).to_have_attribute("lang", "tr")  # as the Turkish page writes it
    page.goto(showcase().url + "search/?q=airport")
    expect(page.locator(".search-result")).to_have_count(1, timeout=15_000)
    assert page.locator(".search-result [lang]").count() == 0
    page.close()


def test_the_email_edition_reads_in_dark_mode_whatever_a_note_holds(
    browser: Any, make_site: Callable[..., Path], cli: Callable[..., Any], serve_folder: Callable[[Path], str]
) -> None:
    """A code block in the intro or a note, in a mail reader in dark mode: its light text sat on
    the light grey of the light scheme (1.1:1); the rules between picks and above footnotes
    were near white on the dark paper."""
    axe = _axe_source()
    note = "Try it[^1]:\n\n```\ncurl https://example.org/api\n```\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n[^1]: Or not.\n"
    site = make_site(
        {
            "content/articles/2024-03-01-a.md": "---\ntitle: A\ndate: 2024-03-01\ntopics: [T]\n---\nText.\n",
            "content/digests/2024-03-02-week.md": "---\ntitle: Week\ndate: 2024-03-02\npicks:\n  - article: a\n"
            "    note: |\n" + "".join(f"      {line}\n" for line in note.splitlines()) + "---\n" + note,
        }
    )
    assert cli("build", "-C", site).code == 0
    url = serve_folder(site / "public") + "digests/week/email.html"
    found = {}
    for scheme in SCHEMES:
        page = browser.new_page(color_scheme=scheme)
        page.goto(url)
        assert page.locator(".note pre").count() == 1 and page.locator(".intro pre").count() == 1
        page.add_script_tag(content=axe)
        found[scheme] = page.evaluate(
            "async () => (await axe.run(document, {runOnly: ['color-contrast']})).violations.flatMap("
            "v => v.nodes.map(node => node.target[0] + ': ' + node.any[0].message.slice(0, 80)))"
        )
        rules = page.evaluate(
            "() => [...document.querySelectorAll('.pick, hr')].map(e => getComputedStyle(e).borderTopColor)"
        )
        assert len(rules) >= 3, rules  # the pick's, and the rules above the intro's and the note's footnotes
        lightness = [sum(int(value) for value in re.findall(r"\d+", rule)[:3]) / 765 for rule in rules]
        assert all(value < 0.3 if scheme == "dark" else value > 0.7 for value in lightness), (scheme, rules)
        page.close()
    assert found == {"light": [], "dark": []}


def test_the_email_edition_keeps_to_its_column_whatever_a_note_holds(browser: Any, tmp_path: Path) -> None:
    """A long address, a long word, a large photo and a wide table in the intro and notes:
    the newsletter stays one column, at a phone's width too."""
    import http.server
    import threading
    from functools import partial

    from conftest import QuietHandler
    from theme_helpers import build, png

    site = tmp_path / "site"
    output = site / "public"
    output.mkdir(parents=True)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), partial(QuietHandler, directory=str(output)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    try:
        (site / "content/articles").mkdir(parents=True)
        (site / "content/digests").mkdir()
        (site / "content/static").mkdir()
        (site / "content/static/photo.png").write_bytes(png(1200, 800))
        (site / "digest.yaml").write_text(f'title: T\nbase_url: "{url}"\n', encoding="utf-8")
        (site / "content/articles/2024-03-01-a.md").write_text(
            "---\ntitle: Donaudampfschifffahrtsgesellschaftskapitänswitwenrentenversicherungsanstalt\n"
            "date: 2024-03-01\ntopics: [Turkey]\n---\nText.\n",
            encoding="utf-8",
        )
        table = "| " + " | ".join(f"Column heading {n}" for n in range(8)) + " |\n|" + "---|" * 8 + "\n"
        table += "| " + " | ".join(f"value {n}" for n in range(8)) + " |\n"
        code = "```\ncurl -X POST https://api.example.com/" + "very/long/endpoint/" * 8 + " --data '{}'\n```\n"
        note = f"See https://example.com/{'a-very-long-path-segment/' * 12}end.html now.\n\n{table}\n{code}"
        (site / "content/digests/2024-03-02-week.md").write_text(
            "---\ntitle: Week\ndate: 2024-03-02\npicks:\n  - article: a\n    note: |\n"
            + "".join(f"      {line}\n" for line in note.splitlines())
            + "---\n![A photo](../static/photo.png)\n\nThe intro.\n",
            encoding="utf-8",
        )
        build(site)
        for width in (375, 600):
            page = browser.new_page(viewport={"width": width, "height": 800})
            page.goto(url + "digests/week/email.html")
            page.wait_for_load_state("load")
            scrolled = page.evaluate("Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)")
            photo = page.evaluate("document.querySelector('.intro img').getBoundingClientRect().width")
            page.close()
            assert scrolled <= width and 0 < photo <= min(width, 600), (width, scrolled, photo)
    finally:
        server.shutdown()
        server.server_close()


def test_topic_names_keep_their_order_on_a_right_to_left_page(
    browser: Any, make_site: Callable[..., Path], cli: Callable[..., Any]
) -> None:
    """C++ and C# on an Arabic site: the +/# stay after the C (a right-to-left paragraph would
    put them before it) in the topic pills, the breadcrumb, the kicker and the topics index."""
    text = '---\ntitle: "إصدار جديد من لغة البرمجة"\ndate: 2024-01-01\ntopics: ["C++", "C#"]\n---\nنص.\n'
    site = make_site(
        {"content/articles/2024-01-01-a.md": text}, 'title: T\nlanguage: ar\nbase_url: "https://example.org/"\n'
    )
    assert cli("build", "-C", site).code == 0
    order = """names => [...document.querySelectorAll('a')].filter(a => names.includes(a.textContent.trim())).map(a => {
        const text = [...a.childNodes].find(node => node.nodeType === 3 && node.textContent.trim());
        const at = i => { const r = document.createRange(); r.setStart(text, i); r.setEnd(text, i + 1); return r.getBoundingClientRect().left; };
        const start = text.textContent.indexOf(text.textContent.trim());
        return [a.textContent.trim(), at(start) < at(start + a.textContent.trim().length - 1)]; })"""
    page = browser.new_page()
    try:
        for path in ("public/topics/index.html", "public/articles/a/index.html", "public/index.html"):
            page.goto((site / path).as_uri())
            shown = page.evaluate(order, ["C++", "C#"])
            assert shown and all(in_order for _, in_order in shown), (path, shown)
    finally:
        page.close()


def test_a_pick_in_the_other_direction_keeps_to_the_pages_column(
    browser: Any, make_site: Callable[..., Path], cli: Callable[..., Any]
) -> None:
    """An Arabic pick on a Turkish site, a Turkish one on an Arabic site: the summary, marked
    with its own direction, lines up with the note and the links above and below it, as the
    page's own summaries do (its indent went to its own start side, the other edge)."""
    article = '---\ntitle: "{title}"\ndate: 2024-01-0{day}\ntopics: [X]\nlanguage: {language}\nsummary: "{summary}"\n---\nText.\n'
    issue = "---\ntitle: W\ndate: 2024-01-05\npicks:\n  - article: a\n    note: N.\n  - article: b\n    note: N.\n---\nIntro.\n"
    files = {
        "content/articles/2024-01-01-a.md": article.format(
            title="Faiz sabit", day=1, language="tr", summary="Merkez Bankası faizi sabit tuttu."
        ),
        "content/articles/2024-01-02-b.md": article.format(
            title="افتتاح المتحف", day=2, language="ar", summary="افتتح المتحف المصري الكبير أبوابه."
        ),
        "content/digests/2024-01-05-w.md": issue,
    }
    page = browser.new_page(viewport={"width": 1000, "height": 900})
    try:
        for language in ("tr", "ar"):
            site = make_site(files, f'title: T\nlanguage: {language}\nbase_url: "https://example.org/"\n')
            assert cli("build", "-C", site).code == 0
            page.goto((site / "public/digests/w/index.html").as_uri())
            edges = page.evaluate(
                """() => [...document.querySelectorAll('.pick')].map(pick => ['.note', '.pick-summary', '.pick-links']
                    .map(part => { const r = pick.querySelector(part).getBoundingClientRect(); return [r.left, r.right]; }))"""
            )
            for note, summary, links in edges:
                assert summary == note == links, (language, note, summary, links)
    finally:
        page.close()


def test_names_of_one_long_word_wrap_rather_than_widen_the_page(
    browser: Any, make_site: Callable[..., Path], cli: Callable[..., Any]
) -> None:
    """A page title in the menu, a topic, a section, a tag and a source of one long word (a
    German compound, a pasted identifier): every page stays 320 px wide (the menu's title
    alone made every page of the site scroll sideways)."""
    word = "Donaudampfschifffahrtselektrizitätenhauptbetriebswerkbauunterbeamtengesellschaft"
    front = (
        f'---\ntitle: "A story"\ndate: 2024-03-01\ntopics: ["{word}", Turkey]\nsection: "{word}"\n'
        f'tags: ["{word}"]\nsource: {{name: "{word}", url: "https://example.com/"}}\n---\nText.\n'
    )
    site = make_site(
        {
            "content/articles/2024-03-01-a.md": front,
            "content/pages/long.md": f'---\ntitle: "{word}"\n---\nText.\n',
        },
        'title: T\nbase_url: "https://example.org/"\n',
    )
    assert cli("build", "-C", site).code == 0
    page = browser.new_page(viewport={"width": 320, "height": 700})
    wide = {}
    try:
        for path in ("index.html", "articles/a/index.html", "topics/index.html", "long/index.html"):
            page.goto((site / "public" / path).as_uri())
            width = page.evaluate("Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)")
            if width > 320:
                wide[path] = width
    finally:
        page.close()
    assert wide == {}


def test_code_reads_left_to_right_on_a_right_to_left_page(
    browser: Any, make_site: Callable[..., Path], cli: Callable[..., Any]
) -> None:
    """A code block and inline code in an Arabic article, on the page and in the email edition:
    each line starts at the left and keeps its brackets where they are written (the page's
    direction set fetch() as ()fetch and aligned a block's lines to the right, a long one cut at
    its start)."""
    line = "data = fetch(url, timeout=10.0, retries=3).read()  # " + "x" * 80
    text = (
        '---\ntitle: "مكتبة جديدة"\ndate: 2024-01-01\ntopics: [X]\n---\n'
        f"استخدم `fetch()` للتحميل.\n\n```\n{line}\n```\n"
    )
    issue = "---\ntitle: W\ndate: 2024-01-05\npicks:\n  - article: a\n    note: |\n      استخدم `fetch()` هنا.\n---\n```\nprint(1)\n```\n"
    site = make_site(
        {"content/articles/2024-01-01-a.md": text, "content/digests/2024-01-05-w.md": issue},
        'title: T\nlanguage: ar\nbase_url: "https://example.org/"\n',
    )
    assert cli("build", "-C", site).code == 0
    assert cli("email", "-C", site, "w", "--output", site / "email").code == 0
    # Where each character of a code element's text is drawn: its first is leftmost, and the
    # element's first line starts at its left padding.
    shown = """els => els.map(el => {
        const text = document.createTreeWalker(el, NodeFilter.SHOW_TEXT).nextNode(), at = i => { const r = document.createRange(); r.setStart(text, i); r.setEnd(text, i + 1); return r.getBoundingClientRect().left; };
        const box = el.getBoundingClientRect(), padding = parseFloat(getComputedStyle(el).paddingLeft);
        const lefts = [...text.textContent.trimEnd()].map((_, i) => at(i));
        return [el.textContent.slice(0, 12), lefts.every((left, i) => i === 0 || left > lefts[i - 1]), Math.abs(lefts[0] - box.left - padding) < 2];
    })"""
    page = browser.new_page(viewport={"width": 375, "height": 800})
    try:
        for path, selector in (("public/articles/a/index.html", ".prose p code, .prose pre"),
                               ("email/email.html", ".note p code, .intro pre")):  # fmt: skip
            page.goto((site / path).as_uri())
            found = page.locator(selector).evaluate_all(shown)
            assert len(found) == 2 and all(in_order and at_left for _, in_order, at_left in found), (path, found)
    finally:
        page.close()


def test_a_printed_table_shows_every_column(
    browser: Any, make_site: Callable[..., Path], cli: Callable[..., Any]
) -> None:
    """A table wider than the column scrolls on screen, but paper does not scroll: printed
    (on A4, 718 px between the margins), its last columns were cut off. It fits the page."""
    heads = ["Year", "Exports", "Imports", "Balance", "Growth", "Inflation", "Policy rate", "Unemployment", "Reserves"]
    table = (
        "| " + " | ".join(heads) + " |\n|" + "---|" * len(heads) + "\n| 2023 | " + " | ".join(["255.8"] * 8) + " |\n"
    )
    site = make_site(
        {
            "content/articles/2024-01-01-a.md": f"---\ntitle: Trade\ndate: 2024-01-01\ntopics: [X]\n---\nFigures:\n\n{table}"
        },
        'title: T\nbase_url: "https://example.org/"\n',
    )
    assert cli("build", "-C", site).code == 0
    page = browser.new_page(viewport={"width": 718, "height": 1000})
    try:
        page.goto((site / "public/articles/a/index.html").as_uri())
        assert page.evaluate(
            "document.querySelector('.table-scroll').scrollWidth > document.querySelector('.table-scroll').clientWidth"
        )
        page.emulate_media(media="print")
        cut = page.evaluate(
            """() => [...document.querySelectorAll('th, td')].filter(cell => {
                const region = cell.closest('.table-scroll').getBoundingClientRect(), box = cell.getBoundingClientRect();
                return box.right > region.right + 1 || box.right > innerWidth; }).map(cell => cell.textContent)"""
        )
        assert cut == []
    finally:
        page.close()


def test_a_picks_links_keep_their_lines_apart_when_they_wrap(
    browser: Any, make_site: Callable[..., Path], cli: Callable[..., Any]
) -> None:
    """'Original at The Wall Street Journal Europe and Middle East Regional Edition' wraps on a
    phone: its lines were set as tight as the font allows (1.15), each underline touching the
    letters under it; they are as far apart as the page's other small lines (1.5)."""
    source = "{name: The Wall Street Journal Europe and Middle East Regional Edition, url: 'https://www.wsj.com/'}"
    site = make_site(
        {
            "content/articles/2024-01-01-a.md": f"---\ntitle: Rates\ndate: 2024-01-01\ntopics: [X]\nsource: {source}\n---\nText.\n",
            "content/digests/2024-01-05-w.md": "---\ntitle: W\ndate: 2024-01-05\npicks:\n  - article: a\n    note: N.\n---\nIntro.\n",
        },
        'title: T\nbase_url: "https://example.org/"\n',
    )
    assert cli("build", "-C", site).code == 0
    page = browser.new_page(viewport={"width": 375, "height": 800})
    try:
        spacing = {}
        for path in ("public/digests/w/index.html", "public/index.html"):
            page.goto((site / path).as_uri())
            spacing[path] = page.locator(".pick-links a[rel=external]").first.evaluate(
                """a => { const size = parseFloat(getComputedStyle(a).fontSize);
                    const tops = [...new Set([...a.getClientRects()].filter(r => r.width > 1).map(r => Math.round(r.top)))].sort((x, y) => x - y);
                    return [tops.length, Math.min(...tops.slice(1).map((top, i) => (top - tops[i]) / size))]; }"""
            )
    finally:
        page.close()
    assert all(lines > 1 and apart >= 1.45 for lines, apart in spacing.values()), spacing


@pytest.mark.parametrize("language", ["en", "ar"])
def test_a_table_in_the_email_edition_starts_at_the_texts_edge(
    browser: Any, make_site: Callable[..., Path], cli: Callable[..., Any], language: str
) -> None:
    """A table in an issue's intro, in the email edition: its first column lines up with the
    text above it, at the left in English and at the right in Arabic (each cell's space was on
    its right, so an Arabic table stood 16 px in from the text's edge)."""
    table = (
        "| البلد | العاصمة |\n|---|---|\n| الجمهورية التركية | أنقرة |\n"
        if language == "ar"
        else "| Country | Capital |\n|---|---|\n| Republic of Türkiye | Ankara |\n"
    )
    issue = f"---\ntitle: W\ndate: 2024-01-05\npicks:\n  - article: a\n---\nThe week.\n\n{table}"
    site = make_site(
        {
            "content/articles/2024-01-01-a.md": "---\ntitle: A\ndate: 2024-01-01\ntopics: [X]\n---\nText.\n",
            "content/digests/2024-01-05-w.md": issue,
        },
        f'title: T\nlanguage: {language}\nbase_url: "https://example.org/"\n',
    )
    assert cli("email", "-C", site, "w", "--output", site / "email").code == 0
    page = browser.new_page(viewport={"width": 600, "height": 800})
    try:
        page.goto((site / "email/email.html").as_uri())
        edges = page.evaluate(
            """() => { const text = el => { const r = document.createRange(); r.selectNodeContents(el); return r.getBoundingClientRect(); };
                const intro = text(document.querySelector('.intro p')), rtl = document.dir === 'rtl';
                return [...document.querySelectorAll('.intro tr > :first-child')].map(cell => Math.round(rtl ? intro.right - text(cell).right : text(cell).left - intro.left)); }"""
        )
    finally:
        page.close()
    assert edges == [0, 0], edges


def test_a_line_of_facts_wraps_between_its_items_never_before_a_dot(
    browser: Any, make_site: Callable[..., Path], cli: Callable[..., Any]
) -> None:
    """'4 November 2026 · anadoluajansi.com.tr · 2 min read' on a phone: a wrapped line began
    with its dot ('· 2 min read'), or split a date ('4 November / 2026') or '2 / min read'. The
    dot ends a line, and a date and a reading time stay whole, at every width."""
    source = "{name: Anadolu Ajansı Ekonomi Servisi, url: 'https://www.aa.com.tr/'}"
    body = "Officials said on Thursday that the talks would continue. " * 60
    site = make_site(
        {
            "content/articles/2024-11-04-a.md": f"---\ntitle: Rates\ndate: 2024-11-04\ntopics: [X]\nsource: {source}\n---\n{body}\n",
            "content/digests/2024-11-05-w.md": "---\ntitle: W\ndate: 2024-11-05\npicks:\n  - article: a\n    note: N.\n---\nIntro.\n",
        },
        'title: T\nbase_url: "https://example.org/"\n',
    )
    assert cli("build", "-C", site).code == 0
    broken = set()
    page = browser.new_page()
    try:
        for path in ("index.html", "digests/w/index.html", "topics/x/index.html", "articles/a/index.html"):
            page.goto((site / "public" / path).as_uri())
            for width in range(300, 440, 2):
                page.set_viewport_size({"width": width, "height": 800})
                broken |= set(
                    page.evaluate(
                        r"""path => { const found = [], lines = el => new Set([...el.getClientRects()].filter(r => r.width > 1).map(r => Math.round(r.top))).size;
                        for (const sep of document.querySelectorAll('.meta .sep, .eyebrow .sep')) {
                            const before = sep.previousSibling, range = document.createRange();
                            range.setStart(sep.parentNode, 0); range.setEndBefore(sep);
                            const rects = [...range.getClientRects()].filter(r => r.width > 1);
                            if (rects.length && Math.round(rects[rects.length - 1].top) < Math.round(sep.getBoundingClientRect().top)) found.push(path + ': a line begins with a dot');
                            if (/\s\s·/.test(sep.parentNode.innerText)) found.push(path + ': two spaces before a dot');
                        }
                        for (const item of document.querySelectorAll('.meta time, .eyebrow time, .reading-time')) if (lines(item) > 1) found.push(path + ': ' + item.textContent + ' split');
                        return found; }""",
                        path,
                    )
                )
    finally:
        page.close()
    assert broken == set()


def test_a_topic_pages_cards_line_up_in_rows_at_every_width(browser: Any, showcase: Callable[..., Showcase]) -> None:
    """On a tablet or a small laptop the cards stand two to a row: the third, first of the
    second row, sat on the rule above it, 16 px higher than the card beside it. Cards of a row
    begin at one height, each below the rule above it with the same space."""
    served = showcase()
    page = browser.new_page()
    found = {}
    try:
        for width in (375, 700, 800, 900, 1000, 1100, 1280, 1440):
            page.set_viewport_size({"width": width, "height": 900})
            page.goto(served.url + PAGE_TYPES["topic"])
            found[width] = page.evaluate(
                """() => { const cards = [...document.querySelectorAll('.article-list > li')].map(li => {
                        const box = li.getBoundingClientRect(), card = li.firstElementChild.getBoundingClientRect();
                        return {left: Math.round(box.left), top: Math.round(box.top), bottom: Math.round(box.bottom), start: Math.round(card.top)}; });
                    const rows = [...new Set(cards.map(c => c.top))];
                    const uneven = rows.filter(top => new Set(cards.filter(c => c.top === top).map(c => c.start)).size > 1).length;
                    const spaces = cards.map(c => { const above = cards.filter(o => o.left === c.left && o.bottom <= c.top).pop(); return above ? c.start - above.bottom : null; });
                    return [rows.length, uneven, [...new Set(spaces.filter(s => s !== null))]]; }"""
            )
    finally:
        page.close()
    assert all(
        rows > 1 and uneven == 0 and len(spaces) == 1 and spaces[0] >= 12 for rows, uneven, spaces in found.values()
    ), found


def test_a_footnote_mark_leaves_its_paragraphs_lines_evenly_spaced(
    browser: Any, make_site: Callable[..., Path], cli: Callable[..., Any]
) -> None:
    """The raised [1] of a footnote pushed its line 5 px further from the line above it than
    the others are, a gap in the paragraph wherever a source is cited; lines stay even."""
    words = "Officials said on Thursday that the talks would continue but that both sides had hardened. " * 4
    text = (
        f"---\ntitle: A\ndate: 2024-01-01\ntopics: [X]\n---\n{words}[^1] {words}\n\n[^1]: The ministry's statement.\n"
    )
    site = make_site({"content/articles/2024-01-01-a.md": text}, 'title: T\nbase_url: "https://example.org/"\n')
    assert cli("build", "-C", site).code == 0
    page = browser.new_page(viewport={"width": 375, "height": 800})
    try:
        page.goto((site / "public/articles/a/index.html").as_uri())
        paragraph = page.locator(".prose p:has(sup)")
        assert paragraph.count() == 1
        gaps = paragraph.evaluate(
            """p => { const tops = [];
                for (const node of p.childNodes) if (node.nodeType === 3) { const range = document.createRange(); range.selectNodeContents(node);
                    for (const r of range.getClientRects()) if (r.width > 1) tops.push(Math.round(r.top)); }
                const lines = [...new Set(tops)].sort((a, b) => a - b);
                return lines.slice(1).map((top, i) => top - lines[i]); }"""
        )
    finally:
        page.close()
    assert len(gaps) > 4 and max(gaps) - min(gaps) <= 1, gaps


def test_a_search_results_line_of_facts_never_begins_with_a_dot(
    browser: Any, make_site: Callable[..., Path], cli: Callable[..., Any], serve_folder: Callable[[Path], str]
) -> None:
    """A result's 'date · topics · source' wraps between its facts, each dot ending a line, as
    the pages' lines of facts do ('· Anadolu Ajansı' began a line on a phone)."""
    from playwright.sync_api import expect

    source = "{name: Anadolu Ajansı Ekonomi Servisi, url: 'https://www.aa.com.tr/'}"
    text = f"---\ntitle: Harbour\ndate: 2024-11-04\ntopics: [Economy, Energy]\nsource: {source}\n---\nThe harbour reopened.\n"
    site = make_site({"content/articles/2024-11-04-a.md": text}, 'title: T\nbase_url: "https://example.org/"\n')
    assert cli("build", "-C", site).code == 0
    page = browser.new_page()
    begun = set()
    try:
        page.goto(serve_folder(site / "public") + "search/?q=harbour")
        expect(page.locator(".search-result-meta")).to_have_count(1, timeout=15_000)
        for width in range(280, 420, 2):
            page.set_viewport_size({"width": width, "height": 800})
            begun |= set(
                page.locator(".search-result-meta").evaluate(
                    """line => { const found = [];
                        for (const node of line.childNodes) if (node.nodeType === 3 && node.textContent.includes('·')) {
                            const at = node.textContent.indexOf('·'), range = document.createRange();
                            range.setStart(node, at); range.setEnd(node, at + 1);
                            const dot = range.getBoundingClientRect(), before = node.previousSibling.getClientRects();
                            if (Math.round(dot.top) > Math.round(before[before.length - 1].top)) found.push(line.innerText);
                        } return found; }"""
                )
            )
    finally:
        page.close()
    assert begun == set()


def test_the_front_pages_lead_issue_keeps_to_the_issues_measure(
    browser: Any, showcase: Callable[..., Showcase]
) -> None:
    """Between a tablet and a laptop (800 to 990 px) the front page stands in one column and its
    lead issue ran the page's width, notes of 110 characters a line; it keeps the measure of
    the issue's own page, as it does beside the recent issues on a wider screen."""
    served = showcase()
    page = browser.new_page()
    widths = {}
    try:
        for width in (980, 1280):
            page.set_viewport_size({"width": width, "height": 900})
            page.goto(served.url + PAGE_TYPES["issue"])
            issue = page.evaluate("document.querySelector('.note-body').getBoundingClientRect().width")
            page.goto(served.url)
            front = page.evaluate("document.querySelector('.lead-issue .note-body').getBoundingClientRect().width")
            widths[width] = (round(front), round(issue))
    finally:
        page.close()
    assert all(front <= issue + 16 for front, issue in widths.values()), widths


def _pixel(png: bytes) -> tuple[int, int, int]:
    """The red, green and blue of the first pixel of a PNG as Chromium writes it (8 bits a channel)."""
    import struct
    import zlib

    chunks, at = {}, 8
    while at < len(png):
        size, kind = struct.unpack(">I4s", png[at : at + 8])
        chunks[kind] = chunks.get(kind, b"") + png[at + 8 : at + 8 + size]
        at += size + 12
    assert chunks[b"IHDR"][8] == 8 and chunks[b"IHDR"][9] in (2, 6)  # 8-bit RGB or RGBA
    row = zlib.decompress(chunks[b"IDAT"])
    # (the first pixel of the first row is its bytes whatever the row's filter: it predicts from zeros)
    return row[1], row[2], row[3]


@pytest.mark.parametrize("scheme", SCHEMES)
def test_below_the_footer_of_a_short_page_is_the_footers_colour(
    browser: Any, showcase: Callable[..., Showcase], scheme: str
) -> None:
    """On a page shorter than the window (the 404 page, a search page, an archive of a few
    articles on a laptop) the footer ended half-way down and the page's paper showed under it,
    as if the footer had been cut off: what is below it is the footer's colour."""
    served = showcase()
    page = browser.new_page(viewport={"width": 1280, "height": 1400}, color_scheme=scheme)
    page.goto(served.url + "404.html")
    footer = page.locator(".site-footer")
    box = footer.bounding_box()
    assert box is not None and box["y"] + box["height"] < 1300  # the window is taller than the page
    colour = footer.evaluate("el => getComputedStyle(el).backgroundColor")
    below = _pixel(page.screenshot(clip={"x": 640, "y": 1390, "width": 1, "height": 1}))
    assert [round(channel * 255) for channel in _channels(colour)] == list(below), (colour, below)
    page.close()
