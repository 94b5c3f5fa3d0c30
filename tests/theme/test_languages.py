"""Sites in any language: the theme's and the email's words from the catalogs, dates and
numbers from Babel, right-to-left languages, an article's own language, a site's own catalog."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import pytest
from babel.dates import get_month_names
from babel.messages.pofile import read_po
from conftest import Showcase
from theme_helpers import slug

from digest.build import Builder, BuildOptions
from digest.i18n import format_date, format_number, open_graph_locale, text_direction
from digest.theme import packaged_themes_dir
from tests.conftest import CliResult

LOCALES = packaged_themes_dir() / "default" / "locales"
ENGLISH_MONTHS = ("January", "February", "March", "April", "June", "July", "August", "September", "October",
                  "November", "December")  # fmt: skip
SHOWN_ATTRIBUTES = {"alt", "title", "aria-label", "placeholder", "content", "label", "value"}
SHOWN_META = {"description", "og:title", "og:description", "og:image:alt", "twitter:title", "twitter:description",
              "twitter:image:alt"}  # fmt: skip
URL = re.compile(r"\S+://\S+")


class ShownText(HTMLParser):
    """The words a reader sees or hears: text outside scripts and styles, and attributes
    read aloud or shown (alt, aria-label, placeholder, the search page's messages…)."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._hidden += 1
        values = dict(attrs)
        if tag == "meta" and (values.get("name") or values.get("property")) not in SHOWN_META:
            return
        for name, value in attrs:
            if value and (name in SHOWN_ATTRIBUTES or name.startswith("data-msg-")):
                self.parts.append(value)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.parts.append(data)


def shown_text(html: str) -> str:
    parser = ShownText()
    parser.feed(html)
    return " ".join(parser.parts)


def english_fragments(language: str) -> set[str]:
    """The English words of every message the catalog of ``language`` translates differently,
    less those the language writes alike (French "Page", "Source")."""
    with open(LOCALES / f"{language}.po", "rb") as handle:
        catalog = read_po(handle)
    translated = " ".join(string for message in catalog if message.id for string in _strings(message))
    fragments = set()
    for message in catalog:
        if not message.id or not message.string:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for english, translated in zip(ids, strings, strict=False):
            if english == translated:
                continue
            for piece in re.split(r"%\(\w+\)s|\{\w+\}", english):
                piece = piece.strip(" .,:;!?“”'")
                if len(re.sub(r"[^A-Za-z]", "", piece)) >= 3 and not re.search(rf"\b{re.escape(piece)}\b", translated):
                    fragments.add(piece)
    return fragments


TURKISH_SITE = {
    "content/static/foto.png": "a photo (replaced by a real PNG where the page is looked at)",
    "content/articles/2026-11-02-faiz.md": (
        '---\ntitle: "Merkez Bankası faizi sabit tuttu"\ndate: 2026-11-02\ntopics: [Ekonomi, Türkiye]\n'
        'section: Haber\nsource: {name: Anadolu Ajansı, url: "https://www.aa.com.tr/tr/ekonomi/"}\n'
        'image: {src: "/static/foto.png", caption: "Banka binası önünde bekleyenler.", credit: AA}\n'
        'summary: "Enflasyon üçüncü ay geriledi."\nauthor: Ayşe Demir\n---\n'
        "Banka, politika faizini değiştirmedi.[^1]\n\n## Ne olacak\n\n| Yıl | Oran |\n|---|---|\n| 2026 | 42 |\n\n"
        "[^1]: Karar oy birliğiyle alındı.\n"
    ),
    "content/articles/2026-11-01-gaz.md": (
        '---\ntitle: "Karadeniz gazı şebekeye verildi"\ndate: 2026-11-01\ntopics: [Enerji]\n'
        'source: {name: Hürriyet, url: "https://www.hurriyet.com.tr/"}\n---\nİlk gaz dün akmaya başladı.\n'
    ),
    "content/articles/2025-05-01-eski.md": (
        '---\ntitle: "Geçen yılın haberi"\ndate: 2025-05-01\ntopics: [Enerji]\n---\nEski bir haber.\n'
    ),
    "content/digests/2026-11-03-hafta-45.md": (
        '---\ntitle: "45. Hafta"\ndate: 2026-11-03\nsummary: "Faiz ve gaz."\npicks:\n'
        "  - article: faiz\n    note: |\n      Faiz beklendiği gibi sabit; "
        "[rapor](https://example.org/rapor) ayrıntılı.\n"
        "  - article: gaz\n    note: Küçük ama önemli bir adım.\n"
        "---\nBu hafta: faiz kararı ve Karadeniz gazı.\n"
    ),
    "content/digests/2026-10-27-hafta-44.md": (
        '---\ntitle: "44. Hafta"\ndate: 2026-10-27\npicks:\n  - article: eski\n---\nGeçen hafta.\n'
    ),
    "content/pages/hakkinda.md": "---\ntitle: Hakkında\n---\nHaftalık bir bülten.\n",
}
TURKISH_CONFIG = (
    'title: "Ankara Bülteni"\ndescription: "Türkiye gündemi, seçilmiş ve yorumlanmış."\n'
    'base_url: "https://example.org/"\nlanguage: tr\ntimezone: Europe/Istanbul\nper_page: 1\n'
    "theme: {curator: Ayşe Demir, subscribe_action: 'https://news.example.com/subscribe'}\n"
)


def _turkish_site(make_site: Callable[..., Path], cli: Callable[..., CliResult]) -> Path:
    site = make_site(TURKISH_SITE, TURKISH_CONFIG)
    (site / "content/static").mkdir(parents=True, exist_ok=True)
    (site / "content/static/foto.png").write_bytes((packaged_themes_dir() / "default/static/icon-192.png").read_bytes())
    result = cli("build", "-C", site)
    assert result.code == 0, result.err
    return site / "public"


def english_leaks(output: Path, language: str) -> dict[str, list[str]]:
    """The English theme words and month names each page and email of ``output`` shows."""
    fragments = english_fragments(language)
    assert {"min read", "Related articles", "Curator's note", "Read on the web"} <= fragments
    own_months = set(get_month_names("wide", locale=language).values())  # German writes "November" too
    files = [*output.rglob("*.html"), *output.rglob("email.txt")]
    assert len(files) > 15
    leaks = {}
    for path in files:
        text = path.read_text(encoding="utf-8")
        shown = URL.sub(" ", text if path.suffix == ".txt" else shown_text(text))
        found = sorted(f for f in fragments if re.search(rf"(?<![\w-]){re.escape(f)}(?![\w-])", shown))
        found += [month for month in ENGLISH_MONTHS if month in shown and month not in own_months]
        if found:
            leaks[path.relative_to(output).as_posix()] = found
    return leaks


def test_a_turkish_site_shows_no_english_theme_word(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    output = _turkish_site(make_site, cli)
    assert english_leaks(output, "tr") == {}
    home = (output / "index.html").read_text(encoding="utf-8")
    assert '<html lang="tr" dir="ltr">' in home
    assert "3 Kasım 2026" in home  # Turkish month names, Turkish order
    assert "Editörün notu" in home and "Derleyen: Ayşe Demir" in home
    article = (output / "articles/faiz/index.html").read_text(encoding="utf-8")
    assert "İlgili haberler" in article or "45. Hafta" in article
    assert "dk okuma" in article and "Fotoğraf: AA" in article
    email = (output / "digests/hafta-45/email.txt").read_text(encoding="utf-8")
    assert "Web'de okuyun" in (output / "digests/hafta-45/email.html").read_text(encoding="utf-8")
    assert "rapor (https://example.org/rapor)" in email  # the note's link keeps its target


SHIPPED = ("de", "fr", "es", "ar")  # besides Turkish; English needs no catalog


@pytest.mark.parametrize("language", SHIPPED)
def test_a_site_in_a_shipped_language_shows_no_english_theme_word(
    language: str, make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    site = make_site(TURKISH_SITE, TURKISH_CONFIG.replace("language: tr", f"language: {language}"))
    result = cli("build", "-C", site)
    assert result.code == 0, result.err
    assert english_leaks(site / "public", language) == {}
    home = (site / "public/index.html").read_text(encoding="utf-8")
    assert f'<html lang="{language}" dir="{"rtl" if language == "ar" else "ltr"}">' in home


def test_an_arabic_site_is_right_to_left(showcase: Callable[..., Showcase]) -> None:
    served = showcase("language: ar\n")
    for path in [served.output / "index.html", *sorted(served.output.glob("digests/*/*.html"))]:
        html = path.read_text(encoding="utf-8")
        assert '<html lang="ar" dir="rtl">' in html, path
    article = (served.output / f"articles/{slug(1)}/index.html").read_text(encoding="utf-8")
    assert '<html lang="ar" dir="rtl">' in article
    assert "نوفمبر" in article  # the month in Arabic, from CLDR
    assert text_direction("fa") == text_direction("he") == "rtl" and text_direction("tr") == "ltr"


def test_text_direction_agrees_with_cldr_for_every_locale() -> None:
    from babel import localedata

    from digest.i18n import locale_for

    codes = [*localedata.locale_identifiers(), "pa-PK", "ku-IQ", "az-Latn-IR", "he-IL", "fa_IR", "zh-Hant-TW", "xx"]
    for code in codes:
        expected = "rtl" if locale_for(code).character_order == "right-to-left" else "ltr"
        assert text_direction(code) == expected, code
    assert text_direction("ar-Latn") == "ltr" and text_direction("tr-Arab") == "rtl"  # a script subtag decides


def test_an_article_in_another_language_sets_its_page_lang(showcase: Callable[..., Showcase]) -> None:
    served = showcase()  # an English site whose sixth article says language: tr
    page = (served.output / f"articles/{slug(5)}/index.html").read_text(encoding="utf-8")
    assert '<html lang="tr" dir="ltr">' in page
    assert "dk okuma" in page and "Kasım" in page  # that page's theme words and dates follow it
    other = (served.output / f"articles/{slug(4)}/index.html").read_text(encoding="utf-8")
    assert '<html lang="en" dir="ltr">' in other and "min read" in other


def test_a_site_catalog_overrides_and_adds_words(make_site: Callable[..., Path], cli: Callable[..., CliResult]) -> None:
    files = dict(TURKISH_SITE)
    files["locales/tr.po"] = (
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=utf-8\\n"\n\n'
        'msgid "Curator\'s note"\nmsgstr "Bizim not"\n'
    )
    site = make_site(files, TURKISH_CONFIG)
    result = cli("build", "-C", site)
    assert result.code == 0, result.err
    home = (site / "public/index.html").read_text(encoding="utf-8")
    assert "Bizim not" in home and "Editörün notu" not in home
    assert "Son sayı" in home  # the rest still from the theme's catalog


def test_a_catalog_named_in_another_case_is_an_error_naming_it(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    """locales/TR.po is the Turkish catalog on macOS and Windows, which ignore case, and
    nothing on Linux: the site's words differed from one to the other."""
    catalog = HEADER + '\nmsgid "Curator\'s note"\nmsgstr "Bizim not"\n'
    site = make_site({**TURKISH_SITE, "locales/TR.po": catalog}, TURKISH_CONFIG)
    result = cli("build", "-C", site)
    assert result.code == 1
    assert "locales/TR.po: not read: the catalog of tr is named tr.po (macOS and Windows take either" in result.err
    (site / "locales/TR.po").rename(site / "locales/tr.po")
    assert cli("build", "-C", site).code == 0
    assert "Bizim not" in (site / "public/index.html").read_text(encoding="utf-8")


def test_a_catalog_saved_with_a_byte_order_mark_and_windows_line_endings_is_read(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    """Notepad on Windows begins a UTF-8 file with a byte order mark and ends its lines with CR LF."""
    catalog = 'msgid ""\r\nmsgstr ""\r\n"Content-Type: text/plain; charset=utf-8\\n"\r\n\r\n'
    catalog += 'msgid "Curator\'s note"\r\nmsgstr "Bizim not"\r\n'
    site = make_site(TURKISH_SITE, TURKISH_CONFIG)
    (site / "locales").mkdir()
    (site / "locales/tr.po").write_bytes(b"\xef\xbb\xbf" + catalog.encode())
    result = cli("build", "-C", site)
    assert result.code == 0, result.err
    assert "Bizim not" in (site / "public/index.html").read_text(encoding="utf-8")
    # an old Mac's line endings, a carriage return alone, as content files may have them
    (site / "locales/tr.po").write_bytes(catalog.replace("\r\n", "\r").replace("Bizim", "Sizin").encode())
    result = cli("build", "-C", site)
    assert result.code == 0, result.err
    assert "Sizin not" in (site / "public/index.html").read_text(encoding="utf-8")


HEADER = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=utf-8\\n"\n'


@pytest.mark.parametrize(
    ("catalog", "message"),
    [
        (HEADER + '\nmsgid "Read more"\nmsgstr "Devamını oku\n', "locales/tr.po:6: a string that does not close"),
        (
            HEADER + '"Plural-Forms: nplurals=3; plural=(n==1 ? 0 : n>>2);\\n"\n',
            "locales/tr.po:4: Plural-Forms: not a plural formula gettext reads",
        ),
        (
            HEADER + '\nmsgid "Page %(n)s of %(total)s"\nmsgstr "Sayfa %(m)s / %(total)s"\n',
            "locales/tr.po:5: msgstr of 'Page %(n)s of %(total)s': %(m)s is no placeholder of the original",
        ),
        (
            HEADER + '\nmsgid "Topics"\nmsgstrr "Başlıklar"\n',
            "locales/tr.po:6: not a valid translation catalog: Unknown or misformatted keyword",
        ),
        (
            HEADER + '\nmsgid "Topics"\nmsgstr "Başlıklar"\n\nmsgid "Topics"\nmsgstr "Konu listesi"\n',
            "locales/tr.po:8: a message given twice (first at line 5)",
        ),
    ],
)
def test_a_catalog_babel_would_let_pass_is_named_at_its_line(
    make_site: Callable[..., Path], cli: Callable[..., CliResult], catalog: str, message: str
) -> None:
    site = make_site({**TURKISH_SITE, "locales/tr.po": catalog}, TURKISH_CONFIG)
    result = cli("build", "-C", site)
    assert result.code == 1 and message in result.err, result.err


def test_a_broken_catalog_of_a_language_no_page_uses_is_named_too(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    """A theme author testing in English learns of a broken Turkish catalog before it ships."""
    files = {**TURKISH_SITE, "themes/mag/locales/tr.po": HEADER + '\nmsgi "Newer"\nmsgstr "Daha yeni"\n'}
    config = 'title: T\nbase_url: "https://example.org/"\ntheme: mag\n'
    result = cli("build", "-C", make_site(files, config))
    assert result.code == 1 and "themes/mag/locales/tr.po" in result.err, result.err


def test_dates_and_numbers_follow_the_language() -> None:
    from datetime import date

    day = date(2026, 12, 3)
    assert format_date(day, "long", "en") == "3 December 2026"
    assert format_date(day, "long", "en-US") == "December 3, 2026"
    assert format_date(day, "long", "tr") == "3 Aralık 2026"
    assert format_date(day, "month", "tr") == "Aralık 2026"
    assert format_number(3000, "tr") == "3.000" and format_number(3000, "en") == "3,000"


def test_the_catalogs_hold_every_word_of_the_templates() -> None:
    """Every message in the theme's templates is in messages.pot and translated in every
    shipped catalog, with the same placeholders."""
    from babel.messages.extract import extract_from_dir

    options = {"extensions": "jinja2.ext.i18n,digest.render.FragmentCache", "trimmed": "true"}
    templates = packaged_themes_dir() / "default" / "templates"
    used = {
        message
        for _, _, message, _, _ in extract_from_dir(
            str(templates),
            method_map=[("**.html", "jinja2"), ("**.txt", "jinja2")],
            options_map={"**.html": options, "**.txt": options},
        )
    }
    assert len(used) > 60
    catalogs = sorted(path.name for path in LOCALES.glob("*.po"))
    assert catalogs == sorted(f"{language}.po" for language in ("tr", *SHIPPED))
    for name in ("messages.pot", *catalogs):
        with open(LOCALES / name, "rb") as handle:
            catalog = read_po(handle)
        assert {message.id for message in catalog if message.id} == used, name
        if name == "messages.pot":
            continue
        messages = [message for message in catalog if message.id]
        assert [message.id for message in messages if not all(_strings(message))] == [], name
        for message in messages:
            wanted = set(PLACEHOLDER.findall(" ".join(_ids(message))))
            for string in _strings(message):
                assert set(PLACEHOLDER.findall(string)) == wanted, (name, message.id)


PLACEHOLDER = re.compile(r"%\(\w+\)s")


def _ids(message: object) -> tuple[str, ...]:
    ids = getattr(message, "id", "")
    return ids if isinstance(ids, tuple) else (ids,)


def _strings(message: object) -> tuple[str, ...]:
    string = getattr(message, "string", "")
    return string if isinstance(string, tuple) else (string,)


def test_editing_the_site_catalog_rebuilds_the_pages(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    header = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=utf-8\\n"\n\n'
    site = make_site(
        {**TURKISH_SITE, "locales/tr.po": header + 'msgid "Latest issue"\nmsgstr "Bu hafta"\n'}, TURKISH_CONFIG
    )
    assert cli("build", "-C", site).code == 0
    assert "Bu hafta" in (site / "public/index.html").read_text(encoding="utf-8")
    (site / "locales/tr.po").write_text(header + 'msgid "Latest issue"\nmsgstr "Yeni sayı"\n', encoding="utf-8")
    assert cli("build", "-C", site).code == 0
    assert "Yeni sayı" in (site / "public/index.html").read_text(encoding="utf-8")
    (site / "locales/tr.po").unlink()  # in the same process, as the preview would build next
    assert cli("build", "-C", site).code == 0
    home = (site / "public/index.html").read_text(encoding="utf-8")
    assert "Son sayı" in home and "Yeni sayı" not in home  # the theme's own word again


def test_the_preview_shows_a_catalog_edit_that_kept_the_files_size_and_mtime(
    make_site: Callable[..., Path], tmp_path: Path
) -> None:
    """A word of the same length changed in the site's catalog, its file then given back its
    old modification time (``touch -r``): the preview, told of the file, shows the new word."""
    header = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=utf-8\\n"\n\n'
    site = make_site(
        {**TURKISH_SITE, "locales/tr.po": header + 'msgid "Latest issue"\nmsgstr "Yeni sayi"\n'}, TURKISH_CONFIG
    )
    catalog = site / "locales/tr.po"
    os.utime(catalog, ns=(10**18, 10**18))
    output = tmp_path / "preview"
    builder = Builder(site, BuildOptions(output=output, search=False, persist=False, private_output=True))
    builder.build()
    assert "Yeni sayi" in (output / "index.html").read_text(encoding="utf-8")
    catalog.write_text(header + 'msgid "Latest issue"\nmsgstr "Eski sayi"\n', encoding="utf-8")
    os.utime(catalog, ns=(10**18, 10**18))
    builder.build(changed=[catalog])
    home = (output / "index.html").read_text(encoding="utf-8")
    assert "Eski sayi" in home and "Yeni sayi" not in home


def test_a_filter_on_a_literal_follows_the_language_of_each_build_and_page(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    """``{{ 3000|number }}`` is formatted as each page renders, not once as the template compiles."""
    template = '{% extends "default/article.html" %}{% block content %}<p id="n">{{ 3000|number }}</p>{% endblock %}'
    german = "---\ntitle: B\ndate: 2024-01-03\ntopics: [X]\nlanguage: de\n---\nText.\n"
    site = make_site(
        {
            "content/articles/2024-01-02-a.md": "---\ntitle: A\ndate: 2024-01-02\ntopics: [X]\n---\nText.\n",
            "content/articles/2024-01-03-b.md": german,
            "templates/article.html": template,
        }
    )

    def shown(slug: str) -> str:
        html = (site / f"public/articles/{slug}/index.html").read_text(encoding="utf-8")
        return html.split('<p id="n">')[1].split("</p>")[0]

    assert cli("build", "-C", site).code == 0
    assert (shown("a"), shown("b")) == ("3,000", "3.000")
    config = site / "digest.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "language: de\n", encoding="utf-8")
    assert cli("build", "-C", site).code == 0
    assert shown("a") == "3.000"


def test_an_article_in_a_language_without_catalog_shows_the_sites_words(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    files = dict(TURKISH_SITE)
    files["content/articles/2026-11-04-farsca.md"] = (
        '---\ntitle: "اردوغان با شهردار استانبول دیدار کرد"\ndate: 2026-11-04\ntopics: [Türkiye]\nlanguage: fa\n---\n'
        "متن مقاله اینجاست.\n"
    )
    files["content/articles/2026-11-05-ingilizce.md"] = (
        '---\ntitle: "Rates held"\ndate: 2026-11-05\ntopics: [Ekonomi]\nlanguage: en\n---\nThe bank held rates.\n'
    )
    site = make_site(files, TURKISH_CONFIG)
    result = cli("build", "-C", site)
    assert result.code == 0, result.err
    persian = (site / "public/articles/farsca/index.html").read_text(encoding="utf-8")
    assert '<html lang="fa" dir="rtl">' in persian
    assert "dk okuma" in persian and "Ana sayfa" in persian and "min read" not in persian  # no fa catalog: Turkish
    assert "نوامبر" in persian  # its date still in its own language
    english = (site / "public/articles/ingilizce/index.html").read_text(encoding="utf-8")
    assert "min read" in english and "dk okuma" not in english  # English needs no catalog


def test_an_article_in_a_script_without_spaces_has_its_reading_time(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    """Thai, written without spaces between words, is counted by its letters as Chinese is
    by its characters: a long article is not a one-minute read of a few 'words'."""
    sentence = (
        "กรุงเทพมหานครเป็นเมืองหลวงและนครที่มีประชากรมากที่สุดของประเทศไทย "
        "เป็นศูนย์กลางการปกครอง การศึกษา การคมนาคมขนส่ง การเงินการธนาคาร การพาณิชย์ การสื่อสาร และความเจริญของประเทศ"
    )  # 34 words; counted as 36.5 (146 letters)
    body = "\n\n".join([sentence] * 40)
    site = make_site(
        {
            "content/articles/2026-11-04-krungthep.md": f"---\ntitle: กรุงเทพ\ndate: 2026-11-04\ntopics: [ไทย]\n---\n{body}\n"
        },
        'title: Thai Brief\nbase_url: "https://example.org/"\nlanguage: th\n',
    )
    result = cli("build", "-C", site)
    assert result.code == 0, result.err
    page = (site / "public/articles/krungthep/index.html").read_text(encoding="utf-8")
    assert '<span class="reading-time">7 min read</span>' in page  # 1,460 words at 220 a minute
    assert '"wordCount": 1460' in page


def test_a_catalog_that_translates_some_words_leaves_the_others_in_the_sites_language(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    """A Persian article on a Turkish site, the site's own fa.po begun with one word: the
    words it does not have yet are the site's, Turkish, as with no catalog, not English."""
    files = dict(TURKISH_SITE)
    files["content/articles/2026-11-04-farsca.md"] = (
        '---\ntitle: "اردوغان با شهردار استانبول دیدار کرد"\ndate: 2026-11-04\ntopics: [Türkiye]\nlanguage: fa\n---\n'
        "متن مقاله اینجاست.\n"
    )
    files["locales/fa.po"] = (
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: fa\\n"\n\n'
        'msgid "Home"\nmsgstr "خانه"\n'
    )
    site = make_site(files, TURKISH_CONFIG)
    result = cli("build", "-C", site)
    assert result.code == 0, result.err
    persian = (site / "public/articles/farsca/index.html").read_text(encoding="utf-8")
    assert "خانه" in persian and "Ana sayfa" not in persian
    assert "dk okuma" in persian and "min read" not in persian and "Skip to content" not in persian


def test_a_language_code_written_as_a_locale_or_in_capitals_is_written_as_html_wants_it(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    """``tr_TR`` (as gettext and Babel write it) or ``AR``: the pages' lang and the feeds'
    xml:lang are tags HTML and XML take (``tr_TR`` is none), and the words are the language's."""
    files = dict(TURKISH_SITE)
    files["content/articles/2026-11-04-arapca.md"] = (
        '---\ntitle: "أردوغان يلتقي بوتين"\ndate: 2026-11-04\ntopics: [Dünya]\nlanguage: AR\n---\nنص المقال.\n'
    )
    site = make_site(files, TURKISH_CONFIG.replace("language: tr", "language: tr_TR"))
    result = cli("build", "-C", site)
    assert result.code == 0, result.err
    home = (site / "public/index.html").read_text(encoding="utf-8")
    assert '<html lang="tr-TR" dir="ltr">' in home and ">Konular<" in home
    arabic = (site / "public/articles/arapca/index.html").read_text(encoding="utf-8")
    assert '<html lang="ar" dir="rtl">' in arabic and "الرئيسية" in arabic and "Ana sayfa" not in arabic
    feed = (site / "public/feed.xml").read_text(encoding="utf-8")
    assert 'xml:lang="tr-TR"' in feed and '<entry xml:lang="ar">' in feed
    assert 'lang="tr_TR"' not in home + arabic + feed and 'lang="AR"' not in home + arabic + feed


def test_text_in_another_language_than_its_page_is_marked_so(
    make_site: Callable[..., Path], cli: Callable[..., CliResult]
) -> None:
    """An Arabic article on an English site: on its page (Arabic, right to left) the site's
    title and topic names are English, left to right; on the English home page its card is
    Arabic, right to left; text in the page's own language carries no attribute."""
    files = {
        "content/articles/2026-11-04-arabic.md": (
            '---\ntitle: "أردوغان يلتقي بوتين"\ndate: 2026-11-04\ntopics: [World]\nlanguage: ar\n'
            'summary: "التقى الرئيس التركي نظيره الروسي."\nsource: {name: الجزيرة نت}\n---\nنص المقال هنا.\n'
        ),
        "content/articles/2026-11-03-english.md": (
            '---\ntitle: "Rates held"\ndate: 2026-11-03\ntopics: [World]\n---\nThe bank held rates.\n'
        ),
    }
    site = make_site(files, "title: Wire Watch\ndescription: News worth keeping.\n")
    result = cli("build", "-C", site)
    assert result.code == 0, result.err
    arabic = (site / "public/articles/arabic/index.html").read_text(encoding="utf-8")
    assert '<html lang="ar" dir="rtl">' in arabic
    assert '<meta property="og:locale" content="ar_EG">' in arabic  # language_TERRITORY, as Open Graph has it
    assert '<span lang="en" dir="ltr">Wire Watch</span>' in arabic
    assert '<p class="tagline" lang="en" dir="ltr">News worth keeping.</p>' in arabic
    assert re.search(r'<a href="[^"]*topics/world/" lang="en" dir="ltr">World</a>', arabic)
    assert re.search(r'class="related-title" href="[^"]*english/" lang="en" dir="ltr">Rates held<', arabic)
    home = (site / "public/index.html").read_text(encoding="utf-8")
    assert '<html lang="en" dir="ltr">' in home and '<meta property="og:locale" content="en_US">' in home
    assert re.search(r'class="card-title" lang="ar" dir="rtl"><a href="[^"]*arabic/">أردوغان يلتقي بوتين<', home)
    assert '<p class="summary" lang="ar" dir="rtl">التقى الرئيس التركي نظيره الروسي.</p>' in home
    assert re.search(r'class="card-title"><a href="[^"]*english/">Rates held<', home)  # the page's own language
    assert "<span>Wire Watch</span>" in home
    # the article's title read out after "Read the article" and "Original at …" on an issue
    (site / "content/digests").mkdir()
    (site / "content/digests/2026-11-05-week-45.md").write_text(
        "---\ntitle: Week 45\ndate: 2026-11-05\npicks:\n  - article: arabic\n  - article: english\n---\n",
        encoding="utf-8",
    )
    assert cli("build", "-C", site).code == 0
    issue = (site / "public/digests/week-45/index.html").read_text(encoding="utf-8")
    assert '<span class="visually-hidden">: <bdi lang="ar" dir="rtl">أردوغان يلتقي بوتين</bdi></span>' in issue
    assert '<span class="visually-hidden">: <bdi>Rates held</bdi></span>' in issue


@pytest.mark.parametrize(
    ("language", "locale"),
    [
        ("tr", "tr_TR"),
        ("pt-BR", "pt_BR"),
        ("zh", "zh_CN"),
        ("zh-Hant", "zh_TW"),
        ("zh-Hant-HK", "zh_HK"),
        ("sr-Latn", "sr_RS"),
    ],
)
def test_open_graph_locale_is_where_the_language_and_its_script_are_written(language: str, locale: str) -> None:
    assert open_graph_locale(language) == locale
