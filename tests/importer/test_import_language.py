"""An imported article's language: as its source declares it or as its text reads, written
as ``language:`` where it differs from the site's, so the built page gets its direction,
dates and search words right."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from importer_helpers import ImportResult, body_of, load_meta

from digest.cli import main
from digest.importer.language import differs, guess, normalize

ARABIC_PAGE = """\
<!doctype html><html lang="ar" dir="rtl"><head><meta charset="utf-8">
<title>أردوغان يلتقي بوتين في موسكو - الجزيرة نت</title>
<meta property="og:site_name" content="الجزيرة نت">
<meta property="article:published_time" content="2024-03-05T10:00:00Z"></head><body>
<article><h1>أردوغان يلتقي بوتين في موسكو</h1>
<p>التقى الرئيس التركي رجب طيب أردوغان نظيره الروسي فلاديمير بوتين في موسكو اليوم الثلاثاء لبحث العلاقات الثنائية.</p>
<p>وقال أردوغان في مؤتمر صحفي مشترك إن البلدين يعملان على زيادة حجم التبادل التجاري خلال السنوات المقبلة.</p>
<p>من جانبه، أكد بوتين أهمية التعاون في مجال الطاقة، مشيرا إلى مشروع خط أنابيب الغاز التركي.</p>
</article></body></html>
"""

GERMAN = (
    "Die Regierung in Berlin hat am Montag einen neuen Plan für die Energiewende vorgestellt. "
    "Der Minister sagte, dass die Kosten für die Bürger nicht steigen sollen, und kündigte an, "
    "dass die Förderung für Wärmepumpen auch im nächsten Jahr fortgesetzt wird. Kritiker aus der "
    "Opposition halten das für unrealistisch und fordern eine Debatte im Bundestag."
)

ENGLISH_WITH_TURKISH_NAMES = (
    "President Recep Tayyip Erdoğan met opposition leader Kemal Kılıçdaroğlu in Ankara on Monday, "
    "the first meeting between the two since the election. The talks in Çankaya lasted two hours and "
    "were described by aides as constructive, although neither side said what had been agreed."
)

TURKISH = (
    "Türkiye Büyük Millet Meclisi'nin yeni yasama yılı bugün başladı. Genel Kurul'da yapılan "
    "oturumda milletvekilleri anayasa değişikliği tartışmalarını sürdürdü. Meclis Başkanı, yeni "
    "dönemde öncelikli yasaların görüşüleceğini açıkladı ve ağustos ayına kadar çalışılacağını söyledi."
)


def _page(lang: str, text: str) -> str:
    paragraphs = "".join(f"<p>{sentence}.</p>" for sentence in text.split(". ") if sentence)
    return (
        f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8"><title>Eine Meldung</title>'
        '<meta property="article:published_time" content="2024-03-05T10:00:00Z"></head>'
        f"<body><article><h1>Eine Meldung aus Berlin</h1>{paragraphs}</article></body></html>"
    )


def _imported(run: Callable[..., ImportResult], source: Path, text: str, *options: str) -> dict[str, object]:
    """The front matter of the one article imported from ``source``, written with ``text``."""
    source.write_text(text, encoding="utf-8")
    result = run(source, *options)
    assert (result.summary.imported, result.error_lines) == (1, [])
    return load_meta(result.only_article())


@pytest.mark.parametrize(
    ("declared", "expected"),
    [
        ("en_US", "en-US"),
        ("TR-tr", "tr-TR"),
        ("zh-hant-tw", "zh-Hant-TW"),
        ("es-419", "es-419"),
        ("pt-BR, en", "pt-BR"),
        (" ar ", "ar"),
        ("und", None),
        ("x", None),
        ("english", None),
        ("", None),
        (None, None),
    ],
)
def test_a_declared_language_is_written_as_a_tag(declared: object, expected: str | None) -> None:
    assert normalize(declared) == expected


def test_a_variety_of_the_site_language_is_not_another_language() -> None:
    assert not differs("en-GB", "en")
    assert not differs("pt", "pt_BR")
    assert differs("ar", "en")


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Президент России Владимир Путин встретился с турецким лидером в Москве, где они обсудили войну.", "ru"),
        ("Президент України заявив, що Київ отримає нові системи протиповітряної оборони цього тижня.", "uk"),
        ("Ο πρωθυπουργός συναντήθηκε με τον Τούρκο πρόεδρο στην Αθήνα για τις σχέσεις των δύο χωρών.", "el"),
        ("رئیس جمهور ایران گفت که کشورش آماده گفتگو با همسایگان است و این پیام را به وزیر خارجه داد.", "fa"),
        ("قال الرئيس التركي إن بلاده مستعدة للحوار مع اليونان بشأن القضايا العالقة في بحر إيجه.", "ar"),
        ("ראש הממשלה אמר כי ישראל תמשיך במגעים עם טורקיה לשיפור היחסים בין המדינות.", "he"),
        ("대통령은 오늘 서울에서 터키 대통령과 만나 양국 간 무역 협력을 논의했다.", "ko"),
        ("土耳其总统今天在安卡拉会见了希腊总理，双方同意恢复对话。", "zh"),
        ("トルコの大統領は今日、アンカラでギリシャの首相と会談しました。", "ja"),
        (GERMAN, "de"),
        (TURKISH, "tr"),
        (ENGLISH_WITH_TURKISH_NAMES, "en"),
        ("Erdoğan met Kılıçdaroğlu.", None),  # too short to tell
        ("12 345 678 — 2024", None),
    ],
)
def test_a_text_is_read_for_its_language_when_it_tells_clearly(text: str, language: str | None) -> None:
    assert guess(text) == language


def test_a_page_in_another_language_says_so_and_builds_right_to_left(
    run_import_args: Callable[..., ImportResult], site: Path, tmp_path: Path
) -> None:
    source = tmp_path / "ar.html"
    source.write_text(ARABIC_PAGE, encoding="utf-8")
    result = run_import_args(source)
    meta = load_meta(result.only_article())
    assert meta["language"] == "ar"
    assert main(["build", "-q", "-C", str(site)]) == 0
    (page,) = (site / "public" / "articles").glob("*/index.html")
    assert '<html lang="ar" dir="rtl">' in page.read_text(encoding="utf-8")


def test_the_site_language_is_not_written(site: Path, run_import_args: Callable[..., ImportResult]) -> None:
    config = site / "digest.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "language: ar\n", encoding="utf-8")
    source = site.parent / "ar.html"
    assert "language" not in _imported(run_import_args, source, ARABIC_PAGE)


def test_the_text_wins_over_a_template_language_declared_on_every_page(
    run_import_args: Callable[..., ImportResult], tmp_path: Path
) -> None:
    source = tmp_path / "de.html"
    assert _imported(run_import_args, source, _page("en", GERMAN))["language"] == "de"


def test_a_declared_region_is_kept_when_the_text_agrees(
    run_import_args: Callable[..., ImportResult], tmp_path: Path
) -> None:
    source = tmp_path / "de.html"
    assert _imported(run_import_args, source, _page("de-AT", GERMAN))["language"] == "de-AT"


def test_an_english_article_on_an_english_site_has_no_language(
    run_import_args: Callable[..., ImportResult], tmp_path: Path
) -> None:
    source = tmp_path / "en.txt"
    assert "language" not in _imported(
        run_import_args, source, f"Erdoğan meets Kılıçdaroğlu\n\n3 June 2024\n\n{ENGLISH_WITH_TURKISH_NAMES}\n"
    )


def test_a_turkish_scrape_is_read_as_turkish(run_import_args: Callable[..., ImportResult], tmp_path: Path) -> None:
    source = tmp_path / "tr.txt"
    assert (
        _imported(run_import_args, source, f"Meclis'te yeni yasama yılı başladı\n\n1 Ekim 2024\n\n{TURKISH}\n")[
            "language"
        ]
        == "tr"
    )


def test_language_option_sets_every_article_language(
    run_import_args: Callable[..., ImportResult], tmp_path: Path
) -> None:
    source = tmp_path / "de.html"
    assert _imported(run_import_args, source, _page("de", GERMAN), "--language", "de_CH")["language"] == "de-CH"


def test_a_malformed_language_option_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import", "--language", "German!", str(tmp_path / "x.txt")]) == 2
    assert "not a language code such as 'en', 'tr' or 'pt-BR': 'German!'" in capsys.readouterr().err


FEED = """\
<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Le Quotidien</title><link>https://quotidien.example/</link>
<language>fr-FR</language>
<item><title>Le gouvernement présente son budget</title><link>https://quotidien.example/budget</link>
<pubDate>Mon, 03 Jun 2024 10:00:00 +0000</pubDate>
<description>Le projet de budget prévoit une baisse des dépenses publiques et une hausse des recettes.</description>
</item></channel></rss>
"""

ATOM = """\
<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en"><title>Mixed Wire</title><id>urn:x</id>
<updated>2024-06-03T10:00:00Z</updated>
<entry xml:lang="es"><title>El Gobierno presenta los presupuestos</title><id>urn:x:1</id>
<link href="https://wire.example/presupuestos"/><updated>2024-06-03T10:00:00Z</updated>
<content type="html">&lt;p&gt;El proyecto reduce el gasto.&lt;/p&gt;</content></entry>
</feed>
"""


def test_a_feed_gives_its_entries_its_language(run_import_args: Callable[..., ImportResult], tmp_path: Path) -> None:
    source = tmp_path / "feed.xml"
    assert _imported(run_import_args, source, FEED)["language"] == "fr-FR"


def test_an_atom_entry_has_its_own_language(run_import_args: Callable[..., ImportResult], tmp_path: Path) -> None:
    source = tmp_path / "atom.xml"
    assert _imported(run_import_args, source, ATOM)["language"] == "es"


def test_a_json_feed_item_has_its_language(run_import_args: Callable[..., ImportResult], tmp_path: Path) -> None:
    feed = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": "Wire",
        "language": "en",
        "items": [
            {
                "id": "1",
                "url": "https://wire.example/1",
                "title": "Nachricht",
                "language": "de",
                "content_text": "Kurz.",
                "date_published": "2024-06-03T10:00:00Z",
            }
        ],
    }
    source = tmp_path / "feed.json"
    assert _imported(run_import_args, source, json.dumps(feed))["language"] == "de"


@pytest.mark.parametrize(("declared", "written"), [("tlh", None), ("de-XX-foo", "de"), ("fr-CA", "fr-CA")])
def test_a_language_babel_does_not_know_is_not_written(
    declared: str, written: str | None, run_import_args: Callable[..., ImportResult], tmp_path: Path
) -> None:
    words = "qapla batlh toh jIyajbe nuqneH yIjah majQa loDnI ghoti vIlegh Hegh bIjeghbe'chugh"  # no language read
    paragraphs = "".join(f"<p>{words} {number}, {words}.</p>" for number in range(4))
    source = tmp_path / "page.html"
    assert (
        _imported(run_import_args, source, _page(declared, "").replace("</h1>", "</h1>" + paragraphs)).get("language")
        == written
    )


PERSIAN_PAGE = """\
<!doctype html><html lang="fa" dir="rtl"><head><meta charset="utf-8">
<title>دولت: سهمیه\u200cها تغییر نمی\u200cکند - خبرگزاری پارس\u200cنگار</title>
<meta property="og:site_name" content="خبرگزاری پارس\u200cنگار">
<meta property="article:published_time" content="2024-11-15T09:30:00+03:30"></head><body>
<article><h1>دولت: سهمیه\u200cها تغییر نمی\u200cکند</h1>
<p>سخنگوی دولت اعلام کرد که قیمت بنزین آزاد از اول آذر افزایش می\u200cیابد اما سهمیه ماهانه خودروها تغییری نخواهد کرد.</p>
<p>به گزارش خبرگزاری پارس\u200cنگار، سخنگوی دولت روز پنجشنبه در نشست خبری هفتگی گفت که قیمت هر لیتر بنزین افزایش می\u200cیابد.</p>
<p>کارشناسان پیش&zwnj;بینی می&#8204;کنند که این تصمیم بر هزینه\u200cهای حمل\u200cونقل عمومی اثر بگذارد. 👨\u200d👩\u200d👧</p>
</article></body></html>
"""


def test_a_page_keeps_the_zero_width_joiners_its_words_are_written_with(
    run_import_args: Callable[..., ImportResult], tmp_path: Path
) -> None:
    source = tmp_path / "fa.html"
    source.write_text(PERSIAN_PAGE, encoding="utf-8")
    text = run_import_args(source).only_article()
    meta = load_meta(text)
    assert meta["title"] == "دولت: سهمیه\u200cها تغییر نمی\u200cکند"
    assert meta["source"]["name"] == "خبرگزاری پارس\u200cنگار"
    body = body_of(text)
    assert "افزایش می\u200cیابد" in body and "پیش\u200cبینی می\u200cکنند" in body and "حمل\u200cونقل" in body
    assert "👨\u200d👩\u200d👧" in body and "\U0001fbc5" not in body
