"""Plain-text scrapes in ten outlets' styles: every field found, every bit of boilerplate gone.

Each case is imported through ``run_import`` into a fresh site and read back as the core
reads it, so these also prove that the written file round-trips.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from importer_helpers import FIXTURES, ImportResult, body_of, load_meta, without_provenance
from markdown_it import MarkdownIt

from digest.importer.record import SourceFailed
from digest.importer.settings import ImportSettings
from digest.importer.text import parse_scrape

SCRAPES = FIXTURES / "scrapes"


@dataclass(frozen=True)
class Case:
    meta: dict[str, Any]
    first: str  # the body's first words
    last: str  # the body's last words
    kept: tuple[str, ...] = ()  # text that must be in the body as written
    gone: tuple[str, ...] = ()  # boilerplate that must be nowhere in the file
    options: tuple[str, ...] = field(default=())
    warning: str = ""  # what the import says of it (its date: these imports are made on 2024-07-01)


CASES = {
    "bbc.txt": Case(
        meta={
            "title": "Turkey earthquake: Rescuers race to reach survivors in Hatay",
            "date": "2024-06-03",
            "topics": ["Uncategorized"],
            "author": "Jane Doe",
            "source": {"name": "BBC"},
            "image": {
                "caption": "Rescue workers search the rubble of a collapsed building in Antakya on Monday",
                "credit": "Getty Images",
            },
        },
        first="Rescue teams in southern Turkey",
        last="had been sent to the region.",
        kept=('"We heard a roar and then everything shook," said Mehmet Kaya', "\n\n## Aftershocks\n\n"),
        gone=(
            "Skip to content",
            "Share",
            "More on this story",
            "What we know so far",
            "vulnerable",
            "Related Topics",
            "Earthquakes",
            "external sites",
            "Image source",
            "Image caption",
            "BBC News, Antakya",
        ),
    ),
    "reuters.txt": Case(
        meta={
            "title": "Turkey's central bank holds rates steady, signals tight policy to stay",
            "date": "2024-06-03T08:15:00+03:00",
            "topics": ["Middle East"],
            "section": "World",
            "author": "Ece Toksabay and Huseyin Hayatsever",
            "source": {"name": "Reuters"},
        },
        first="ISTANBUL, June 3 (Reuters) - Turkey's central bank kept its key interest rate",
        last="Reporting by Ece Toksabay and Huseyin Hayatsever; Editing by Jonathan Spicer",
        kept=("Economists polled by Reuters had unanimously expected",),
        gone=(
            "Home >",
            "Updated 2 hours ago",
            "Read more",
            "record low against dollar",
            "Analysis: Inflation",
            "Our Standards",
            "Trust Principles",
            "Read Next",
            "Iraq's parliament",
        ),
    ),
    "guardian.txt": Case(
        meta={
            "title": "Erdoğan's party suffers heavy losses in Istanbul and Ankara",
            "date": "2024-03-31T23:40:00+01:00",
            "topics": ["Turkey"],
            "section": "World news",
            "author": "Jane Smith",
            "image": {
                "caption": "Supporters of the CHP celebrate outside the party's Istanbul headquarters.",
                "credit": "Murad Sezer/Reuters",
            },
            "summary": "Opposition CHP wins most votes nationwide for the first time in decades, "
            "in blow to president's grip on power.",
        },
        first="Turkey's main opposition party has inflicted the worst electoral defeat",
        last="“analyse the results and correct our mistakes”.",
        kept=("“Voters have sent a clear message,” said Ekrem İmamoğlu",),
        gone=(
            "Sign up to First Edition",
            "newsletter",
            "Explore more on these topics",
            "Reuse this content",
            "Most viewed",
            "Photograph:",
            "Jane Smith in Istanbul",
        ),
    ),
    "aljazeera.txt": Case(
        meta={
            "title": "Turkey's inflation eases for first time in eight months",
            "date": "2024-07-03",
            "topics": ["Economy", "Turkey"],
            "section": "News",
            "author": "Al Jazeera Staff",
            "source": {"name": "Al Jazeera"},
            "image": {
                "caption": "A shopper looks at vegetables at a market in Istanbul",
                "credit": "Dilara Senkaya/Reuters",
            },
            "summary": "Annual consumer price inflation slowed to 71.6 percent in June, official data shows, "
            "raising hopes that the peak has passed.",
        },
        first="Turkey's annual inflation rate fell in June",
        last="shopping in Istanbul's Kadikoy district.",
        kept=('disinflation would "accelerate"',),
        gone=("»", "Published On", "Source: Al Jazeera", "Follow Al Jazeera", "Facebook", "Twitter", "[Dilara"),
    ),
    "dailysabah.txt": Case(
        meta={
            "title": "Greece, Türkiye agree to keep channels open after Athens meeting",
            "date": "2024-06-03T15:45:00+03:00",
            "topics": ["Europe"],
            "section": "World",
            "source": {"name": "Daily Sabah"},
            "image": {
                "caption": "Greek Prime Minister Kyriakos Mitsotakis (R) welcomes President Recep Tayyip Erdoğan "
                "in Athens, Greece, Dec. 7, 2023.",
                "credit": "AA",
            },
            "summary": "Leaders of the two neighbors pledged to build on a year of calm in relations, "
            "despite lingering disputes over maritime boundaries.",
        },
        first="Türkiye and Greece agreed on Monday",
        last="following deadly disasters last year.",
        gone=(
            "WORLD | EUROPE",
            "DAILY SABAH WITH AGENCIES",
            "JUN 03",
            "Share on",
            "All rights reserved",
            "Subscribe",
            "(AA Photo)",
        ),
    ),
    "turkish-cp1254.txt": Case(
        warning="warning: dated 2024-10-01T14:20:00, later than now: a time without its zone is read in the site's "
        "time zone, which the source's may be ahead of; the site leaves the article out until then (pass --date to "
        "set the date)",
        meta={
            "title": "Meclis'te yeni yasama yılı başladı: Gözler anayasa tartışmasında",
            "date": "2024-10-01T14:20:00",
            "topics": ["Siyaset"],
            "section": "Gündem",
            "author": "Ayşe Yılmaz",
            "source": {"name": "Örnek Haber"},
            "image": {"caption": "TBMM Genel Kurulu'nda yeni yasama yılının ilk oturumu yapıldı.", "credit": "AA"},
            "language": "tr",  # read from its text: the site is in English
        },
        first="Türkiye Büyük Millet Meclisi'nin yeni yasama yılı",
        last="yapılması planlanıyor.",
        kept=("“Yeni anayasa, milletimizin ortak talebidir” dedi",),
        gone=(
            "Anasayfa",
            "Yazar:",
            "İlgili Haberler",
            "Bakanlar Kurulu yarın",
            "Haberi paylaş",
            "Bizi takip edin",
            "Tüm hakları saklıdır",
            "Fotoğraf",
        ),
    ),
    "latin1.txt": Case(
        meta={
            "title": "La Turquie et la Grèce relancent le dialogue en mer Égée",
            "date": "2024-06-03T14:20:00",
            "topics": ["Europe"],
            "section": "International",
            "author": "Jean Dupont",
            "image": {"caption": "Le navire de recherche turc au large de la côte, le 2 juin.", "credit": "AFP"},
            "language": "fr",
        },
        first="Ankara et Athènes ont annoncé lundi",
        last="pour une nouvelle série de consultations.",  # the French newsletter and rights lines told by general signals
        kept=("« Nous voulons transformer la mer Égée en une mer de paix », a déclaré",),
        gone=("INTERNATIONAL", "Par Jean", "Publié le", "(Photo : AFP)", "Abonnez-vous", "Tous droits réservés"),
    ),
    "ap-crlf-bom.txt": Case(
        meta={
            "title": "Turkey's parliament approves Sweden's NATO membership bid",
            "date": "2024-01-23T21:41:00+03:00",
            "topics": ["World News"],
            "section": "World News",
            "author": "Suzan Fraser",
            "source": {"name": "The Associated Press"},
            "image": {
                "caption": "Turkish lawmakers attend a session at the parliament in Ankara, Turkey, Tuesday, Jan. 23, 2024.",
                "credit": "AP Photo/Burhan Ozbilici",
            },
        },
        first="ANKARA, Turkey (AP) — Turkey's parliament on Tuesday ratified Sweden's bid to join NATO, removing",
        last="after Russia's invasion of Ukraine in 2022.",
        kept=(
            "by a vote of 287 to 55. President",  # hard-wrapped lines joined again
            "Key points of the vote:\n\n- Lawmakers from the governing party and its allies voted in favor.\n"
            "- Two nationalist parties voted against the measure.\n- Hungary is now the only NATO member yet to approve.",
        ),
        gone=("\r", "\ufeff", "Home /", "By SUZAN", "Updated 9:41", "Copyright", "All Rights Reserved", "•"),
    ),
    "mee-analysis.txt": Case(
        meta={
            "title": "Is Turkey about to leave NATO? Not so fast, analysts say",
            "date": "2025-02-14",
            "topics": ["Politics"],  # the section's, as there is no breadcrumb
            "tags": ["Turkey", "NATO", "Security"],  # from the tags line: tags, never topics
            "section": "Politics",  # from the kicker above the headline
            "author": "Can Demir",
            "source": {
                "name": "Middle East Eye",
                "url": "https://www.middleeasteye.example/analysis/turkey-nato-exit",
            },
        },
        first="The question has come up again and again in Western capitals",
        last="as much as Ankara needs it.",
        gone=(
            "Menu",
            "Search",
            "Sign in",
            "Subscribe",
            "POLITICS",
            "Analysis by",
            "min read",
            "Tags:",
            "Source:",
            "utm_source",
            "Follow Middle East Eye",
        ),
    ),
    "hdn.txt": Case(
        meta={
            "title": "Tech startups bet on <AI> as funding * rebounds",
            "date": "2024-06-10",
            "topics": ["Economy"],
            "section": "Türkiye",
            "source": {"name": "Hürriyet Daily News"},
            "image": {
                "caption": "Young founders say investors are back, but warn that the market remains fragile.",
                "credit": "DHA",
            },
        },
        first="Istanbul's start-up scene is recovering",
        last="than in 2021 \\*when money was cheap\\*.",
        kept=("\\#1 on the list", 'her company\'s \\<script>alert("x")\\</script> name', "1\\. Access to capital"),
        gone=("TÜRKİYE ›", "ISTANBUL\n", "Published June", "Follow Hürriyet", "Photo: DHA"),
    ),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_scrape_imports_with_its_fields_and_without_boilerplate(
    name: str, run_import_args: Callable[..., ImportResult]
) -> None:
    case = CASES[name]
    result = run_import_args(SCRAPES / name, *case.options)
    said = f"{SCRAPES / name}: {case.warning}\n" if case.warning else ""
    assert (result.summary.imported, result.summary.failed, result.err) == (1, 0, said)
    text = result.only_article()
    assert without_provenance(load_meta(text)) == case.meta
    body = body_of(text)
    lead = case.meta.get("summary")
    if lead:  # the standfirst is the summary and stays the body's first paragraph: nothing lost
        assert body.startswith(lead[:30])
        assert body.split("\n\n", 2)[1].startswith(case.first)
    else:
        assert body.startswith(case.first)
    assert body.endswith(case.last)
    for kept in case.kept:
        assert kept in body
    for gone in case.gone:
        assert gone not in text, f"{gone!r} should have been left out"


def test_imported_scrape_text_never_becomes_html(run_import_args: Callable[..., ImportResult]) -> None:
    body = body_of(run_import_args(SCRAPES / "hdn.txt").only_article())
    rendered = MarkdownIt("commonmark", {"html": True}).render(body)  # even with raw HTML switched on
    assert "<script>" not in rendered
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in rendered
    assert "<h1>" not in rendered and "<ol" not in rendered and "<em>" not in rendered
    assert "#1 on the list" in rendered and "*when money was cheap*" in rendered


def test_site_patterns_in_digest_yaml_remove_more_boilerplate(
    site: Path, run_import_args: Callable[..., ImportResult]
) -> None:
    (site / "digest.yaml").write_text(
        "title: T\nimport:\n  boilerplate:\n    - '^Lire aussi'\n    - '^Abonnez-vous'\n    - 'tous droits réservés$'\n",
        encoding="utf-8",
    )
    body = body_of(run_import_args(SCRAPES / "latin1.txt").only_article())
    assert body.endswith("pour une nouvelle série de consultations.")
    for gone in ("Lire aussi", "Chypre", "Abonnez-vous", "droits réservés"):
        assert gone not in body


def test_without_site_patterns_french_furniture_is_told_by_general_signals(
    run_import_args: Callable[..., ImportResult],
) -> None:
    body = body_of(run_import_args(SCRAPES / "latin1.txt").only_article())
    assert body.endswith("pour une nouvelle série de consultations.")
    for gone in ("Lire aussi", "Abonnez-vous", "droits réservés"):
        assert gone not in body


def test_source_patterns_apply_to_that_source_only(site: Path, run_import_args: Callable[..., ImportResult]) -> None:
    (site / "digest.yaml").write_text(
        "title: T\nimport:\n  sources:\n    Örnek Haber:\n      boilerplate: ['^Örnek Haber Özel$']\n", encoding="utf-8"
    )
    own = body_of(run_import_args(SCRAPES / "turkish-cp1254.txt").only_article())
    assert "ÖRNEK HABER ÖZEL" not in own
    assert "Muhalefet partileri" in own


def test_source_patterns_do_not_apply_to_other_sources(
    site: Path, run_import_args: Callable[..., ImportResult]
) -> None:
    (site / "digest.yaml").write_text(
        "title: T\nimport:\n  sources:\n    Daily Sabah:\n      boilerplate: ['^ÖRNEK HABER']\n", encoding="utf-8"
    )
    body = body_of(run_import_args(SCRAPES / "turkish-cp1254.txt").only_article())
    assert "## ÖRNEK HABER ÖZEL" in body


def test_a_title_case_headline_is_not_taken_for_a_byline() -> None:
    scrape = (
        "Major Earthquake Hits in Istanbul\nBy John Roe\nMarch 5, 2025\n\n"
        "A magnitude 6.2 earthquake shook Istanbul on Wednesday, sending residents into the streets and "
        "briefly halting the city's metro, officials said.\n"
    )
    article = parse_scrape(scrape, "quake.txt", ImportSettings(), date(2025, 6, 1))
    assert (article.title, article.author, article.date) == (
        "Major Earthquake Hits in Istanbul",
        "John Roe",
        "2025-03-05",
    )


def test_in_wrapped_text_a_byline_right_under_the_headline_stays_apart() -> None:
    scrape = (
        "Parliament passes budget after marathon session in Ankara\nBy Jane Roe\nPublished 12 December 2024\n\n"
        "The parliament approved next year's budget early on Thursday after a\n"
        "session that lasted more than 14 hours, with opposition lawmakers voting\n"
        "against it en bloc.\n\n"
        "The budget foresees a deficit of 3.1 percent of economic output, the\n"
        "finance ministry said in a statement on its website after the vote.\n"
    )
    article = parse_scrape(scrape, "budget.txt", ImportSettings(), date(2025, 6, 1))
    assert (article.title, article.author, article.date) == (
        "Parliament passes budget after marathon session in Ankara",
        "Jane Roe",
        "2024-12-12",
    )
    assert article.body == (
        "The parliament approved next year's budget early on Thursday after a session that lasted more than "
        "14 hours, with opposition lawmakers voting against it en bloc.\n\n"
        "The budget foresees a deficit of 3.1 percent of economic output, the finance ministry said in a "
        "statement on its website after the vote."
    )


@pytest.mark.parametrize(
    ("scrape", "reason"),
    [
        ("milk\neggs\nbread\n", "not an article: no article text found after the headline"),
        ("SHARE THIS ARTICLE\nFollow us on Twitter\nwww.example.org\n", "not an article: no headline found"),
        (
            "This is one long paragraph of text without any headline at all, just words that go on and on "
            "like a sentence in the middle of something else.\n",
            "not an article: no headline found",
        ),
    ],
)
def test_text_that_is_not_an_article_is_refused(scrape: str, reason: str) -> None:
    with pytest.raises(SourceFailed, match=reason):
        parse_scrape(scrape, "x.txt", ImportSettings(), date(2025, 6, 1))


BODY = (
    "The central bank kept its benchmark rate unchanged on Thursday, as economists had expected, "
    "and said it would keep a tight stance until inflation falls for good.\n\n"
    "Analysts said the bank could raise rates again if the lira weakened further in the coming weeks.\n"
)


@pytest.mark.parametrize(
    ("dates", "published"),
    [
        ("Updated: 28 June 2019 09:00\nPublished: 27 June 2019 18:45\n", "2019-06-27T18:45:00"),
        ("Last updated on June 28, 2019\nFirst published on June 27, 2019\n", "2019-06-27"),
        ("Updated 28.06.2019, 09:00\n27.06.2019, 18:45\n", "2019-06-27T18:45:00"),
        ("Güncelleme: 28.06.2019 09:00\nYayınlanma: 27.06.2019 18:45\n", "2019-06-27T18:45:00"),
        ("Updated: 28 June 2019\n", "2019-06-28"),  # the only date given
        ("Thursday 27 June 2019 • 4 min read\n", "2019-06-27"),
        ("June 27, 2019 | 4 min read\n", "2019-06-27"),
    ],
)
def test_the_date_of_publication_wins_over_the_date_of_an_update(dates: str, published: str) -> None:
    scrape = f"News / Economy\n\nCentral bank holds rates for a third month\n\n{dates}\n{BODY}"
    article = parse_scrape(scrape, "rates.txt", ImportSettings(), date(2025, 6, 1))
    assert (article.title, article.date, article.date_inferred) == (
        "Central bank holds rates for a third month",
        published,
        False,
    )
    assert "Updated" not in article.body and "read" not in article.body


@pytest.mark.parametrize(
    ("head", "section"),
    [
        ("Home World Business Sport Opinion\n\nWORLD\n", "World"),
        ("Home | News | Sport | Weather\n\nNEWS\n\nHome | UK | World | Business | Politics | Tech\n", "News"),
    ],
)
def test_a_menu_line_is_never_the_headline_nor_the_breadcrumb(head: str, section: str) -> None:
    scrape = f"{head}\nGreece and Turkey agree to restart talks on maritime dispute\n\n3 June 2024\n\n{BODY}"
    article = parse_scrape(scrape, "talks.txt", ImportSettings(), date(2025, 6, 1))
    assert (article.title, article.date, article.section, article.topics) == (
        "Greece and Turkey agree to restart talks on maritime dispute",
        "2024-06-03",
        section,
        (),
    )


@pytest.mark.parametrize(
    "line",
    ["News / World / Europe", "Home > Politics > Turkey", "Home Sales Rise Again", "Turkey Buys Russian Missiles"],
)
def test_a_breadcrumb_or_a_capitalised_headline_is_no_menu(line: str) -> None:
    from digest.importer.lines import menu_items

    assert menu_items(line) is None


@pytest.mark.parametrize(
    "above",
    ["", "BBC News, Türkçe\n\n"],
)
def test_a_headline_that_asks_is_the_headline(above: str) -> None:
    scrape = (
        f"{above}Will the lira recover in 2025, and what does the central bank plan?\n\n24 December 2024\n\n"
        "The central bank of Turkey announced on Tuesday that it would cut its policy rate by 250 basis points "
        "to 47.5 percent.\n\nEconomists had expected a smaller cut of 150 basis points, according to a Reuters "
        "poll of analysts.\n"
    )
    article = parse_scrape(scrape, "q.txt", ImportSettings(), date(2025, 6, 1))
    assert (article.title, article.date) == (
        "Will the lira recover in 2025, and what does the central bank plan?",
        "2024-12-24",
    )
    assert article.body.startswith("The central bank of Turkey announced")


@pytest.mark.parametrize(
    ("source", "caption"),
    [
        ("Image source, Getty Images", "Image caption, Rescue teams work in the centre of Antakya"),
        ("Fotoğraf kaynağı, Getty Images", "Fotoğraf altı yazısı, Rescue teams work in the centre of Antakya"),
        ("صدر الصورة، Getty Images", "التعليق على الصورة، Rescue teams work in the centre of Antakya"),
    ],
)
def test_the_bbcs_photo_labels_in_its_languages_give_caption_and_credit(source: str, caption: str) -> None:
    scrape = (
        f"Rescue work goes on in Antakya a year after the quake\n\n6 February 2024\n\n{source}\n\n{caption}\n\n{BODY}"
    )
    article = parse_scrape(scrape, "bbc.txt", ImportSettings(), date(2025, 6, 1))
    assert (article.image_caption, article.image_credit) == (
        "Rescue teams work in the centre of Antakya",
        "Getty Images",
    )
    assert article.body.startswith("The central bank kept") and article.summary is None


@pytest.mark.parametrize(
    ("line", "caption", "credit"),
    [
        ("Photo: Voters wait outside the city hall. (AA)", "Voters wait outside the city hall.", "AA"),
        (
            "Photo: Voters wait in front of the Istanbul Metropolitan Municipality building. (AA)",
            "Voters wait in front of the Istanbul Metropolitan Municipality building.",
            "AA",
        ),
        ("Fotoğraf: Seçmenler belediye önünde bekliyor. (AA)", "Seçmenler belediye önünde bekliyor.", "AA"),
        ("صورة: قادة عرب خلال القمة السابقة في الرياض. (رويترز)", "قادة عرب خلال القمة السابقة في الرياض.", "رويترز"),
        ("قادة عرب خلال القمة السابقة في الرياض. (تصوير: رويترز)", "قادة عرب خلال القمة السابقة في الرياض.", "رويترز"),
        ("Photo: Reuters", None, "Reuters"),
        ("Photo: Reuters (File)", None, "Reuters (File)"),
    ],
)
def test_a_caption_after_a_photo_label_in_its_language_is_told_from_its_credit(
    line: str, caption: str | None, credit: str
) -> None:
    """ "Photo: <caption> (AA)" gave the whole caption as the credit (or the caption with its
    label); Arabic's labels were not known."""
    from digest.importer.lines import parse_caption

    found = parse_caption(line)
    assert found is not None
    assert (found.text, found.credit) == (caption, credit)


@pytest.mark.parametrize(
    ("line", "caption", "credit"),
    [
        ("الليرة التركية (رويترز)", "الليرة التركية", "رويترز"),  # Reuters
        ("متظاهرون في إسطنبول (أ ف ب)", "متظاهرون في إسطنبول", "أ ف ب"),  # AFP
    ],
)
def test_an_agency_named_in_arabic_closing_a_caption_is_its_credit(line: str, caption: str, credit: str) -> None:
    from digest.importer.lines import parse_caption

    found = parse_caption(line)
    assert found is not None and (found.text, found.credit) == (caption, credit)


@pytest.mark.parametrize(
    ("line", "caption", "credit"),
    [
        ("Reunión del Consejo de Ministros. EFE", "Reunión del Consejo de Ministros.", "EFE"),
        ("Soldiers at the parade in Ankara. Reuters", "Soldiers at the parade in Ankara.", "Reuters"),
        ("Le président à Paris. AFP.", "Le président à Paris.", "AFP"),
    ],
)
def test_an_agencys_name_alone_after_the_captions_last_sentence_is_its_credit(
    line: str, caption: str, credit: str
) -> None:
    from digest.importer.lines import parse_caption

    found = parse_caption(line)
    assert found is not None
    assert (found.text, found.credit) == (caption, credit)
    assert parse_caption("Officials met reporters from AP") is None  # (no sentence before it)


@pytest.mark.parametrize("credit", ["REUTERS/Cagla Gurdogan/File Photo", "REUTERS/Umit Bektas/Pool"])
def test_a_wire_credit_marked_file_photo_or_pool_is_the_credit(credit: str) -> None:
    from digest.importer.lines import parse_caption

    found = parse_caption(f"A man walks past the central bank in Ankara, March 21, 2024. {credit}")
    assert found is not None
    assert (found.text, found.credit) == ("A man walks past the central bank in Ankara, March 21, 2024.", credit)


def test_a_byline_in_capitals_keeps_its_small_words_small() -> None:
    from digest.importer.lines import parse_byline

    assert parse_byline("BY SUZAN FRASER AND MEHMET GUZEL") == "Suzan Fraser and Mehmet Guzel"


@pytest.mark.parametrize(
    ("line", "author"),
    [
        ("Von Florian Gathmann und Christoph Hickmann", "Florian Gathmann und Christoph Hickmann"),
        ("Par Jean Dupont et Marie Curie", "Jean Dupont et Marie Curie"),
        ("Por Ana Ruiz y Luis Gómez", "Ana Ruiz y Luis Gómez"),
    ],
)
def test_a_byline_of_two_authors_joined_in_the_articles_language(line: str, author: str) -> None:
    from digest.importer.lines import parse_byline

    assert parse_byline(line) == author
    scrape = f"Ampel-Koalition einigt sich auf Haushalt 2025\n{line}\n05.07.2024, 08.37 Uhr\n{BODY}"
    article = parse_scrape(scrape, "haushalt.txt", ImportSettings(), date(2025, 6, 1))
    assert (article.author, article.summary) == (author, None)


def test_numbered_lines_are_a_numbered_list() -> None:
    scrape = (
        "Central bank holds rates for a third month\n\n27 June 2019\n\n"
        "The central bank kept its benchmark rate unchanged on Thursday and listed three reasons for its caution:\n\n"
        "1. Services inflation remained sticky, driven by rents.\n"
        "2. Inflation expectations were still well above forecasts.\n"
        "3) Domestic demand was only slowly cooling.\n\n"
        "1989. That was the last year the bank held rates this long, analysts said in notes to clients.\n"
    )
    article = parse_scrape(scrape, "rates.txt", ImportSettings(), date(2025, 6, 1))
    assert article.body.split("\n\n")[1:] == [
        "1. Services inflation remained sticky, driven by rents.\n"
        "2. Inflation expectations were still well above forecasts.\n"
        "3. Domestic demand was only slowly cooling.",
        "1989\\. That was the last year the bank held rates this long, analysts said in notes to clients.",
    ]


def test_every_time_of_a_live_blog_stays_as_a_marker() -> None:
    scrape = (
        "Live: Turkey's parliament votes on the budget\n\n3 December 2024\n\n22:41 GMT+3\n\n"
        "The vote has begun in the general assembly, with the opposition parties expected to vote against it.\n\n"
        "22:15 GMT+3\n\nThe speaker opened the session after a short delay caused by a dispute over the agenda.\n"
    )
    article = parse_scrape(scrape, "live.txt", ImportSettings(), date(2025, 6, 1))
    assert article.body.split("\n\n")[0::2] == ["**22:41 GMT+3**", "**22:15 GMT+3**"]


def test_al_jazeeras_box_of_other_stories_in_the_text_is_left_out() -> None:
    scrape = (
        "Turkey's parliament approves Sweden's NATO bid\n\n23 Jan 2024\n\n"
        "Turkey's parliament approved Sweden's bid to join NATO on Tuesday, removing a major obstacle to the "
        "expansion of the alliance after twenty months of delay.\n\n"
        "list of 2 items\n\nlist 1 of 2\n\nHungary says it will ratify soon\n\nlist 2 of 2\n\n"
        "What does Sweden's membership mean for the Baltic?\n\nend of list\n\n"
        "The ratification must still be signed by the president before it takes effect, officials in Ankara said "
        "after the vote in the general assembly.\n"
    )
    article = parse_scrape(scrape, "aj.txt", ImportSettings(), date(2025, 6, 1))
    assert len(article.body.split("\n\n")) == 2 and "list" not in article.body


def test_al_jazeeras_keep_reading_box_after_the_text_and_a_file_photos_credit() -> None:
    scrape = (
        "News | Politics\n\nErdogan says Turkey will not bow to pressure over Syria operation\n\n"
        "Turkish President Recep Tayyip Erdogan speaks during a news conference in Ankara [File: Adem Altan/AFP]\n\n"
        "Published On 9 Oct 2019\n\n"
        "Turkish President Recep Tayyip Erdogan has said his country will not stop its military operation in "
        "northeast Syria, whatever the pressure from the United States and Europe.\n\n"
        "The United Nations Security Council is expected to meet on Thursday to discuss the situation.\n\n"
        "SOURCE: AL JAZEERA AND NEWS AGENCIES\n\nKeep reading\n\nlist of 2 items\n\n"
        "Turkey launches military operation in northeast Syria\n\nWhat is the Kurdish-led SDF?\n"
    )
    article = parse_scrape(scrape, "aj.txt", ImportSettings(), date(2025, 6, 1))
    assert article.body.rstrip().endswith("to discuss the situation.") and "Keep reading" not in article.body
    assert (article.image_caption, article.image_credit) == (
        "Turkish President Recep Tayyip Erdogan speaks during a news conference in Ankara",
        "Adem Altan/AFP",  # a file photo's, "File:" not part of it
    )


def test_a_box_about_one_of_two_authors_after_the_text_is_left_out() -> None:
    scrape = (
        "Turkey's parliament approves Sweden's NATO bid\n\nBY SUZAN FRASER AND MEHMET GUZEL\n\n"
        "January 23, 2024\n\n"
        "Turkey's parliament approved Sweden's bid to join NATO on Tuesday, removing a major obstacle to the "
        "expansion of the alliance after twenty months of delay.\n\n"
        "The ratification must still be signed by the president before it takes effect, officials said.\n\n"
        "SUZAN FRASER\n\nFraser covers Turkey for The Associated Press.\n"
    )
    article = parse_scrape(scrape, "ap.txt", ImportSettings(), date(2025, 6, 1))
    assert article.author == "Suzan Fraser and Mehmet Guzel"
    assert article.body.endswith("officials said.")


def test_a_wordpress_comment_thread_under_the_text_is_left_out() -> None:
    scrape = (
        "Council approves library renovation after heated debate\nMarch 12, 2024\n\n"
        "The city council voted 5-2 on Tuesday to approve a $4.2 million renovation of the main library, "
        "ending months of debate over the project's cost.\n\n"
        "Construction is expected to begin in September and take about 14 months, the city said.\n\n"
        "14 thoughts on “Council approves library renovation after heated debate”\n\n"
        "Marge P.\nMarch 13, 2024 at 7:22 am\n"
        "Finally! My kids grew up in that reading room, and the money is well spent on all of them.\nReply\n\n"
        "route9commuter\nMarch 13, 2024 at 8:01 am\nBrennan is right. Fix the roads first. This town never learns.\n"
        "Reply\n\nLeave a Reply\nYour email address will not be published. Required fields are marked *\n"
    )
    article = parse_scrape(scrape, "council.txt", ImportSettings(), date(2025, 6, 1))
    assert article.body.endswith("take about 14 months, the city said.")
    assert "thoughts on" in " ".join(line for line, _why in article.dropped)


def test_the_copyright_line_names_the_outlet_before_an_app_to_download() -> None:
    scrape = (
        "News / World / Europe\n\nBerlin council approves new tram line after long debate\n\n12 November 2026\n\n"
        "The Berlin city council on Tuesday approved a new tram line linking the eastern districts to the central "
        "station, after a debate that lasted more than six hours and ended with a narrow majority.\n\n"
        "Opponents said the project would cost far more than planned, while supporters argued the line was overdue.\n\n"
        "Download the Bosphorus Daily app for the latest news\n© 2026 Northern Ledger\n"
    )
    assert parse_scrape(scrape, "tram.txt", ImportSettings(), date(2026, 12, 1)).source_name == "Northern Ledger"


def test_an_agencys_notice_about_its_website_names_the_outlet_and_is_left_out() -> None:
    scrape = (
        "Türkiye, Azerbaijan sign deal to expand natural gas trade\n\nAhmet Yılmaz   |03.06.2024 - Update : 03.06.2024\n\n"
        "ANKARA\n\nTürkiye and Azerbaijan signed an agreement on Monday to expand natural gas trade between the two "
        "countries, the Turkish Energy Ministry said.\n\nTANAP carries gas from Azerbaijan's Shah Deniz field across "
        "Türkiye to Europe.\n\nAnadolu Agency website contains only a portion of the news stories offered to "
        "subscribers in the AA News Broadcasting System (HAS), and in summarized form. Please contact us for "
        "subscription options.\n"
    )
    article = parse_scrape(scrape, "aa.txt", ImportSettings(), date(2026, 12, 1))
    assert article.source_name == "Anadolu Agency"
    assert article.body.rstrip().endswith("across Türkiye to Europe.") and article.date == "2024-06-03"


def test_a_french_scrape_gives_its_captions_credit_and_leaves_out_the_wires_and_the_box_after_the_text() -> None:
    scrape = (
        "Accueil > Europe > Turquie\n\nTurquie : l'opposition remporte Istanbul et Ankara aux municipales\n\n"
        "Publié le : 01/04/2024 - 08:15\n\n"
        "Le maire sortant d'Istanbul, Ekrem Imamoglu, lors d'un meeting le 29 mars 2024. © Umit Bektas, Reuters\n\n"
        "Le principal parti d'opposition turc, le CHP, a remporté dimanche les mairies d'Istanbul et d'Ankara, "
        "infligeant un sérieux revers au président Recep Tayyip Erdogan.\n\n"
        "Le président Erdogan a reconnu un « tournant » et promis de tirer les leçons du scrutin.\n\n"
        "Avec AFP\n\nPartager :\nLire la suite sur le même sujet\nTurquie : Erdogan vise une reconquête d'Istanbul\n"
    )
    article = parse_scrape(scrape, "f24.txt", ImportSettings(), date(2026, 12, 1))
    assert (article.image_caption, article.image_credit) == (
        "Le maire sortant d'Istanbul, Ekrem Imamoglu, lors d'un meeting le 29 mars 2024.",
        "Umit Bektas, Reuters",
    )
    assert article.body.rstrip().endswith("tirer les leçons du scrutin.") and article.date == "2024-04-01T08:15:00"


@pytest.mark.parametrize(
    "line",
    [
        "With AFP",
        "Avec AFP et Reuters",
        "(mit dpa)",
        "With agencies",
        "Con EFE.",
        "ja/se (rtr, afp)",
        "jok/dpa/Reuters",
        "(AS/VK)\n\nClick to read the article in Turkish",  # bianet: its editors' initials, its edition in Turkish
    ],
)
def test_a_line_naming_the_wires_the_article_was_written_with_is_left_out(line: str) -> None:
    scrape = (
        "Central bank raises rates to 50 percent in surprise move\n\n21 March 2024\n\n"
        "Turkey's central bank raised its main interest rate to 50 percent on Thursday, surprising economists who "
        f"had expected it to hold.\n\nThe lira gained more than one percent against the dollar.\n\n{line}\n"
    )
    article = parse_scrape(scrape, "rates.txt", ImportSettings(), date(2026, 12, 1))
    assert article.body.rstrip().endswith("against the dollar.")


def test_a_copyright_line_alone_is_no_photo_credit() -> None:
    from digest.importer.lines import parse_caption

    assert parse_caption("© Northern Ledger") is None


def test_a_turkish_pages_label_of_its_sections_news_gives_the_section_and_its_rights_line_the_outlet() -> None:
    scrape = (
        "Ekonomi Haberleri\n\nMerkez Bankası faizi sabit tuttu\n\n"
        "Giriş: 23.05.2024 - 14:00 Güncelleme: 23.05.2024 - 14:32\n\n"
        "Merkez Bankası Para Politikası Kurulu, bir hafta vadeli repo ihale faiz oranını yüzde 50'de sabit tuttu.\n\n"
        "Ekonomistler, faiz indiriminin yılın son çeyreğinden önce gündeme gelmesini beklemiyor.\n\n"
        "Tüm hakları saklıdır. © 2024 Hürriyet\n"
    )
    article = parse_scrape(scrape, "faiz.txt", ImportSettings(), date(2026, 12, 1))
    assert (article.section, article.source_name) == ("Ekonomi", "Hürriyet")
    assert article.date == "2024-05-23T14:00:00"
    breaking = parse_scrape(
        scrape.replace("Ekonomi Haberleri", "Son Dakika Haberleri"), "faiz.txt", ImportSettings(), date(2026, 12, 1)
    )
    assert breaking.section is None  # breaking news is no section


def test_a_spanish_scrape_gives_its_photographers_credit_its_filed_under_tags_and_leaves_out_the_newsletter() -> None:
    scrape = (
        "Erdogan gana la segunda vuelta y seguirá al frente de Turquía hasta 2028\n\n"
        "Recep Tayyip Erdogan saluda a sus seguidores en Estambul, este domingo. UMIT BEKTAS (REUTERS)\n\n"
        "Estambul - 28 may 2023 - 19:45 CEST\n\n"
        "Recep Tayyip Erdogan seguirá al frente de Turquía cinco años más. El presidente turco ha ganado este domingo "
        "la segunda vuelta de las elecciones presidenciales con el 52,1% de los votos.\n\n"
        "La participación ha sido del 84%, algo menor que en la primera vuelta celebrada hace dos semanas.\n\n"
        "Suscríbase aquí a la newsletter de EL PAÍS América y reciba todas las claves informativas de la actualidad "
        "de la región.\n\nArchivado En\nTurquía\nRecep Tayyip Erdogan\nElecciones\n"
    )
    article = parse_scrape(scrape, "elpais.txt", ImportSettings(), date(2026, 12, 1))
    assert (article.image_caption, article.image_credit) == (
        "Recep Tayyip Erdogan saluda a sus seguidores en Estambul, este domingo.",
        "UMIT BEKTAS (REUTERS)",
    )
    assert article.tags == ("Turquía", "Recep Tayyip Erdogan", "Elecciones")
    assert article.body.rstrip().endswith("hace dos semanas.") and article.date == "2023-05-28T19:45:00+02:00"


@pytest.mark.parametrize(
    ("line", "outlet"),
    [
        ("Sözcü'yü Google News'te takip edin", "Sözcü"),
        ("Hürriyet'i X'te takip edin", "Hürriyet"),
        ("Bizi Twitter'da takip edin", None),
    ],
)
def test_a_turkish_call_to_follow_the_outlet_names_it(line: str, outlet: str | None) -> None:
    scrape = (
        "ANASAYFA / GÜNDEM / SİYASET\n\nMeclis'te bütçe görüşmeleri başladı\n\nGiriş Tarihi: 14.10.2024 10:15\n\n"
        "Hazine ve Maliye Bakanı, 2025 yılı merkezi yönetim bütçe kanun teklifini komisyona sundu. Bakan, bütçe "
        "açığının milli gelire oranının yüzde 3'ün altına ineceğini söyledi.\n\n"
        f"Görüşmelerin iki ay sürmesi bekleniyor.\n\n{line}\nİLGİLİ HABERLER\nAsgari ücrete ara zam yok\nYORUMLAR (12)\n"
    )
    article = parse_scrape(scrape, "butce.txt", ImportSettings(), date(2026, 12, 1))
    assert article.source_name == outlet
    assert article.body.rstrip().endswith("Görüşmelerin iki ay sürmesi bekleniyor.")


def test_a_byline_of_the_outlet_with_a_wire_names_the_outlet_and_no_author() -> None:
    """Euronews: "By Euronews with Reuters" is the outlet's (not "By Euronews"), and no one's byline."""
    scrape = (
        "Europe\nTürkiye\n\nTurkey's inflation slows for first time in eight months\n\nBy Euronews with Reuters\n"
        "Published on 03/07/2024 - 10:12 GMT+2•Updated 12:30\n\nShare this article\nComments\n\n"
        "Turkey's annual inflation rate fell to 71.6% in June, official data showed on Wednesday, the first decline "
        "in eight months.\n\nThe central bank expects inflation to fall to 38% by the end of the year.\n"
    )
    article = parse_scrape(scrape, "euronews.txt", ImportSettings(), date(2026, 12, 1))
    assert (article.source_name, article.author) == ("Euronews", None)
    assert (article.section, article.date) == ("Europe", "2024-07-03T10:12:00+02:00")


def test_the_outlets_masthead_spelt_otherwise_than_its_source_line_is_no_section() -> None:
    """TRT World: "TRT World" above the kicker, "Source: TRTWorld and agencies" after the text."""
    scrape = (
        "TRT World\nTÜRKİYE\n\nTürkiye, Iraq sign deal on Development Road project\n\nApril 22, 2024\n\n"
        "Türkiye and Iraq signed a memorandum of understanding on the Development Road project on Monday, during "
        "President Recep Tayyip Erdogan's visit to Baghdad.\n\nErdogan said the project would bring prosperity to the "
        "whole region.\n\nSource: TRTWorld and agencies\n"
    )
    article = parse_scrape(scrape, "trt.txt", ImportSettings(), date(2026, 12, 1))
    assert (article.section, article.topics, article.source_name) == ("Türkiye", (), "TRT World")


BBC_TURKCE = """İçeriğe geç
BBC News, Türkçe

Ana sayfa
Türkiye
Dünya
Ekonomi

Asgari ücret 2025: Yeni rakam ne kadar oldu?

Fotoğraf kaynağı, Getty Images

Fotoğraf altı yazısı,
Asgari ücret tespit komisyonu üç toplantı yaptı

Selin Girit
BBC Türkçe

24 Aralık 2024

Çalışma ve Sosyal Güvenlik Bakanı, 2025 yılında uygulanacak asgari ücreti açıkladı. Net asgari ücret yüzde 30 artışla \
22 bin 104 liraya yükseldi.

Asgari ücret, Türkiye'de yaklaşık 7 milyon çalışanı doğrudan etkiliyor.

Konuyla ilgili daha fazla bilgi
Emekli maaşları ne kadar olacak?
BBC Türkçe'yi sosyal medyada takip edin
"""


def test_the_bbcs_byline_over_its_outlet_and_a_caption_under_its_label_on_its_own_line() -> None:
    """BBC Türkçe: the reporter's name, the outlet's, then the date; "Fotoğraf altı yazısı," (image
    caption) alone on a line, the caption on the next; a box headed "more on this subject"."""
    article = parse_scrape(BBC_TURKCE, "bbc.txt", ImportSettings(), date(2026, 12, 1))
    assert (article.author, article.source_name) == ("Selin Girit", "BBC Türkçe")
    assert (article.image_caption, article.image_credit) == (
        "Asgari ücret tespit komisyonu üç toplantı yaptı",
        "Getty Images",
    )
    assert article.body.rstrip().endswith("doğrudan etkiliyor.") and article.date == "2024-12-24"


def test_a_new_york_times_scrape_gives_its_standfirst_byline_and_credit_and_leaves_its_furniture_out() -> None:
    """``fixtures/scrapes/nyt.txt``: "Share full article" and "Read in app" between the standfirst
    and the byline, the credit after "Credit...", the note on the print edition after the text."""
    text = (FIXTURES / "scrapes" / "nyt.txt").read_text(encoding="utf-8")
    article = parse_scrape(text, "nyt.txt", ImportSettings(), date(2026, 12, 1))
    assert article.author == "Ben Hubbard and Safak Timur"
    assert article.summary == (
        "The main opposition party won the mayoral races in Istanbul and Ankara and made gains across the country."
    )
    assert article.image_credit == "Emin Ozmen for The New York Times"
    assert article.image_caption == "Supporters of the Republican People’s Party celebrating in Istanbul on Sunday."
    paragraphs = article.body.split("\n\n")
    assert (
        paragraphs[0] == article.summary
        and paragraphs[-1] == "Ekrem Imamoglu, the mayor of Istanbul, declared victory to cheering crowds."
    )
    assert len(paragraphs) == 4 and article.date == "2024-03-31"


def test_a_cnn_scrape_leaves_its_related_article_and_ad_feedback_out() -> None:
    scrape = (
        "World\nEurope\n\nEarthquake of magnitude 5.9 strikes eastern Turkey, no casualties reported\n\n"
        "By Gul Tuysuz and Sophie Tanno, CNN\n3 minute read\nUpdated 9:12 AM EDT, Wed June 5, 2024\n\nSource: CNN\n\n"
        "Istanbul (CNN) — An earthquake of magnitude 5.9 struck eastern Turkey on Wednesday, the country's disaster "
        "agency said, with no immediate reports of casualties.\n\nThe quake hit the province of Malatya at a depth "
        "of 10 kilometers, AFAD said.\n\nRelated article\nTurkey earthquake: What we know\n\nAd Feedback\n"
    )
    article = parse_scrape(scrape, "cnn.txt", ImportSettings(), date(2026, 12, 1))
    assert article.body.rstrip().endswith("AFAD said.") and article.date == "2024-06-05T09:12:00-04:00"
    assert (article.author, article.source_name) == ("Gul Tuysuz and Sophie Tanno", "CNN")


def test_a_taglines_headline_like_words_above_a_kicker_are_not_the_headline() -> None:
    """``fixtures/scrapes/wapo.txt``: "Democracy Dies in Darkness", then the kicker "WORLD", then
    the headline; the box about the author after the text opens with the byline again."""
    text = (FIXTURES / "scrapes" / "wapo.txt").read_text(encoding="utf-8")
    article = parse_scrape(text, "wapo.txt", ImportSettings(), date(2026, 12, 1))
    assert article.title == "Turkey’s lira hits record low as investors fret over central bank"
    assert (article.section, article.author, article.date) == ("World", "Kareem Fahim", "2024-06-10T06:00:00-04:00")
    assert article.body.rstrip().endswith("years of unorthodox policy.")
    assert "Democracy Dies in Darkness" not in article.body


def test_the_sites_name_above_the_breadcrumb_given_as_the_byline_is_the_outlet() -> None:
    """Turkish Minute: its name above the breadcrumb and again as the byline; a WordPress box of
    related posts and its comment form after the tags."""
    scrape = (
        "Turkish Minute\nHome » Turkey » Human Rights\n\nJournalist detained over social media posts\n\n"
        "Turkish Minute\nJanuary 15, 2025\n2 minutes read\n\nTurkish police detained journalist Ahmet Yılmaz in "
        "İstanbul on Wednesday over his social media posts criticizing the government, his lawyer said.\n\n"
        "Turkey is one of the world's top jailers of journalists, according to the Committee to Protect Journalists.\n\n"
        "Tags\njournalist\nMLSA\nShare\nFacebook\nRelated Posts\nCourt releases jailed reporter\n"
        "Leave a Reply Cancel reply\nYou must be logged in to post a comment.\n"
    )
    article = parse_scrape(scrape, "tm.txt", ImportSettings(), date(2026, 12, 1))
    assert (article.source_name, article.author) == ("Turkish Minute", None)
    assert (article.section, article.topics, article.tags) == ("Turkey", ("Human Rights",), ("journalist", "MLSA"))
    assert article.body.rstrip().endswith("Committee to Protect Journalists.")


def test_an_al_monitor_scrape_gives_its_photo_credit_via_an_agency_and_its_tags_found_in() -> None:
    scrape = (
        "Erdogan hosts Syria's al-Sharaa in Ankara as ties warm\n\nAl-Monitor Staff\nFebruary 4, 2025\n\n"
        "Turkish President Recep Tayyip Erdogan and Syrian interim President Ahmed al-Sharaa in Ankara, Feb. 4, 2025. "
        "(Turkish Presidency/Handout/Anadolu via Getty Images)\n\n"
        "ANKARA — Turkish President Recep Tayyip Erdogan hosted Syria’s interim President Ahmed al-Sharaa on Tuesday, in "
        "the Syrian leader’s second foreign trip since taking power.\n\nKnow more\nSyria's new leaders look to Turkey "
        "for support\n\nFound in: Turkey-Syria relations\n"
    )
    article = parse_scrape(scrape, "al-monitor.txt", ImportSettings(), date(2026, 12, 1))
    assert (article.author, article.source_name) == ("Al-Monitor Staff", "Al-Monitor")  # the outlet its staff names
    assert article.image_credit == "Turkish Presidency/Handout/Anadolu via Getty Images"
    assert article.tags == ("Turkey-Syria relations",)
    assert article.body.rstrip().endswith("second foreign trip since taking power.")


@pytest.mark.parametrize("line", ["Kaynak: NTV", "Quelle: NTV"])
def test_a_source_line_in_turkish_or_german_names_the_outlet_and_is_left_out(line: str) -> None:
    scrape = (
        "Ana Sayfa > Türkiye\n\nİstanbul'da sağanak yağış etkili oldu\n\n10.09.2024 - 09:45\n\n"
        "İstanbul'da sabah saatlerinde etkili olan sağanak yağış nedeniyle bazı cadde ve sokakları su bastı. AKOM, "
        "yağışın öğle saatlerine kadar aralıklarla devam edeceğini açıkladı.\n\n"
        f"Meteoroloji, Marmara Bölgesi için sarı kodlu uyarı yaptı.\n\n{line}\n"
    )
    article = parse_scrape(scrape, "ntv.txt", ImportSettings(), date(2026, 12, 1))
    assert article.source_name == "NTV" and article.body.rstrip().endswith("sarı kodlu uyarı yaptı.")


def test_a_fund_raising_banner_and_a_menu_above_the_headline_are_left_out() -> None:
    scrape = (
        "Support the Guardian\nFund independent journalism with £5 per month\nSupport us\n"
        "News\nWorld\nEurope\nMiddle East\nGreece\n"
        "Greece closes Acropolis as temperatures soar in southern Europe heatwave\n"
        "Authorities shut ancient site during hottest hours as firefighters battle blazes near Athens\n"
        "Helena Smith in Athens\nWed 12 Jun 2024 12.41 CEST\n"
        "Greece has closed the Acropolis during the hottest hours of the day as an early-summer heatwave sent "
        "temperatures soaring above 43C (109F) in parts of the country.\n\n"
        "The culture ministry said the ancient citadel, which draws thousands of visitors a day, would shut "
        "between noon and 5pm on Wednesday and Thursday.\n"
    )
    article = parse_scrape(scrape, "acropolis.txt", ImportSettings(), date(2025, 6, 1))
    assert (article.title, article.author, article.summary) == (
        "Greece closes Acropolis as temperatures soar in southern Europe heatwave",
        "Helena Smith",
        "Authorities shut ancient site during hottest hours as firefighters battle blazes near Athens",
    )
    assert article.date == "2024-06-12T12:41:00+02:00"
    assert "Support" not in article.body and "£5" not in article.body
    assert article.body.startswith("Authorities shut ancient site")


def test_a_tag_box_a_paywall_offer_and_a_comment_counter_after_the_text_are_left_out() -> None:
    scrape = (
        "Startseite › Politik › Deutschland\nAmpel-Koalition einigt sich auf Haushalt 2025\n"
        "Von Florian Gathmann und Christoph Hickmann\n05.07.2024, 08.37 Uhr\n"
        "Die Spitzen der Ampelkoalition haben sich nach langen Verhandlungen auf einen Entwurf für den "
        "Bundeshaushalt 2025 geeinigt. Das teilten Regierungskreise am Freitagmorgen mit.\n\n"
        "Der Entwurf soll am 17. Juli im Kabinett beschlossen werden, hieß es aus Regierungskreisen in Berlin.\n"
        "Mehr lesen über\nBundeshaushalt\nOlaf Scholz\n"
        "Jetzt SPIEGEL+ testen und 4 Wochen für 1 € lesen. Jederzeit kündbar.\n"
        "Diskussion (245 Beiträge)\n© DER SPIEGEL 2024 – Alle Rechte vorbehalten\n"
    )
    article = parse_scrape(scrape, "haushalt.txt", ImportSettings(), date(2025, 6, 1))
    assert article.body.endswith("hieß es aus Regierungskreisen in Berlin.")
    assert article.tags == ("Bundeshaushalt", "Olaf Scholz")
    assert article.source_name == "Der Spiegel"


def test_a_comment_counter_and_the_outlet_in_a_turkish_copyright_line() -> None:
    scrape = (
        "Anasayfa > Ekonomi\nMerkez Bankası politika faizini yüzde 50'de sabit tuttu\n27.06.2024 14:00\n"
        "Merkez Bankası Para Politikası Kurulu, haziran ayı toplantısında politika faizini yüzde 50 seviyesinde "
        "sabit bıraktı. Karar, piyasa beklentileriyle uyumlu oldu.\n\n"
        "Ekonomistler, faiz indirimlerinin yılın son çeyreğinde başlamasını bekliyor.\n"
        "Yorumlar (12)\n© Copyright 2024 Hürriyet - Tüm hakları saklıdır.\n"
    )
    article = parse_scrape(scrape, "faiz.txt", ImportSettings(), date(2025, 6, 1))
    assert article.body.endswith("başlamasını bekliyor.")
    assert article.source_name == "Hürriyet"


@pytest.mark.parametrize(
    ("line", "tags"),
    [
        ("الكلمات المفتاحية: القاهرة، القمة العربية، الجامعة العربية", ("القاهرة", "القمة العربية", "الجامعة العربية")),
        ("الوسوم: مصر، السودان", ("مصر", "السودان")),
        ("Теги: Москва, метро", ("Москва", "метро")),
        ("标签：北京、地铁", ("北京", "地铁")),
    ],
)
def test_a_tag_line_in_arabic_russian_or_chinese_gives_the_tags(line: str, tags: tuple[str, ...]) -> None:
    """Labelled and separated as those languages write them (the Arabic comma, a full-width
    colon): the line stayed at the end of the article's text."""
    scrape = f"Ankara'da faiz kararı\n27.06.2024 14:00\n{BODY}{line}\n"
    article = parse_scrape(scrape, "tags.txt", ImportSettings(), date(2025, 6, 1))
    assert article.tags == tags
    assert article.body.endswith("in the coming weeks.")


def test_a_menu_on_one_line_the_section_under_it_and_the_sites_name_twice() -> None:
    """``fixtures/scrapes/rudaw.txt``: the site's name, its menu on one line (a region among
    its sections), the section again above the headline, the site's name again under it, the
    date written day-month-year with hyphens, then the text; after it related stories, tags, the rules of the comments and the comment form."""
    text = (FIXTURES / "scrapes" / "rudaw.txt").read_text(encoding="utf-8")
    article = parse_scrape(text, "rudaw.txt", ImportSettings(), date(2024, 5, 14))
    assert article.title == "Erbil airport resumes international flights after two-week halt"
    assert (article.section, article.source_name, article.author) == ("Kurdistan", "Rudaw", None)
    assert (article.date, article.date_inferred) == ("2024-05-14T12:40:00", False)  # "14-05-2024 12:40"
    assert article.tags == ("Erbil", "airport", "flights", "Baghdad")
    assert article.body.startswith("ERBIL, Kurdistan Region - Erbil International Airport resumed")
    assert article.body.rstrip().endswith("did not respond to a request for comment.")
    for left_out in ("Middle East", "A+A-", "moderates all comments", "Name", "Post comment"):
        assert left_out not in article.body, left_out


def test_the_name_over_the_sites_menu_is_the_source() -> None:
    """``fixtures/scrapes/arabnews.txt``: "Skip to main content", the site's name, "Main
    navigation" and the menu a section a line, the section again above the headline, the photo's
    caption, a short address, the dates and the agency, then the text and boxes of links."""
    text = (FIXTURES / "scrapes" / "arabnews.txt").read_text(encoding="utf-8")
    article = parse_scrape(text, "arabnews.txt", ImportSettings(), date(2024, 9, 6))
    assert article.title == "Turkey and Egypt agree to expand trade to $15 billion within five years"
    assert (article.source_name, article.section, article.image_credit) == ("Arab News", "Middle-East", "AFP")
    assert article.body.startswith("ANKARA: Turkey and Egypt agreed on Wednesday")
    assert article.body.rstrip().endswith("called for an immediate ceasefire.")
    assert "arab.news" not in article.body and "Most Popular" not in article.body


def test_a_turkish_masthead_in_capitals_over_its_menu_and_a_desk_for_byline() -> None:
    """``fixtures/scrapes/sozcu.txt``: the masthead in capitals over a menu line, the section
    above the headline, a standfirst, the desk ("Haber Merkezi") for byline, then the dates;
    after the text, a call to follow, related stories and the comment form."""
    text = (FIXTURES / "scrapes" / "sozcu.txt").read_text(encoding="utf-8")
    article = parse_scrape(text, "sozcu.txt", ImportSettings(), date(2024, 5, 24))
    assert article.title == "Merkez Bankası faizi yüzde 50'de sabit tuttu"
    assert (article.source_name, article.section, article.author) == ("Sözcü", "Ekonomi", None)
    assert article.date == "2024-05-23T14:01:00"
    assert article.body.rstrip().endswith("32,20 seviyesinde yatay seyretti.")
    assert "Haber Merkezi" not in article.body and "Yorum" not in article.body


def test_a_french_scrape_whose_photo_credit_carries_the_copyright_sign() -> None:
    """``fixtures/scrapes/france24.txt``: the masthead over a French menu, the section, the
    headline and standfirst, the dates, a caption whose credit follows "©" (the photographer's,
    not the site's rights, nor its name), the byline naming the outlet; after the text, the
    agency's credit, a newsletter box, related stories and sharing buttons."""
    text = (FIXTURES / "scrapes" / "france24.txt").read_text(encoding="utf-8")
    article = parse_scrape(text, "france24.txt", ImportSettings(), date(2021, 10, 23))
    assert (article.source_name, article.section) == ("France 24", "Moyen-Orient")
    assert (article.image_caption, article.image_credit) == (
        "Un bureau de change à Istanbul, le 21 octobre 2021.",
        "Umit Bektas, Reuters",
    )
    assert article.date == "2021-10-22T11:42:00"
    assert "Je m'abonne" not in article.body and "Infos Monde" not in article.body
    assert "19,58 % sur un an en septembre" in article.body


def test_an_audio_player_a_byline_over_its_place_and_tags_on_one_line() -> None:
    """``fixtures/scrapes/independent.txt``: the site's name alone above the breadcrumb, an
    audio player's text ("Your browser does not support the audio element."), then the author,
    the place they report from and the date; advertisements and a "Read More" link in the text;
    after it a newsletter box, the tags on one line under "More about" and the comments' call."""
    text = (FIXTURES / "scrapes" / "independent.txt").read_text(encoding="utf-8")
    article = parse_scrape(text, "independent.txt", ImportSettings(), date(2023, 12, 8))
    assert (article.source_name, article.author, article.section) == ("Independent", "Jane Smith", "News")
    assert article.date == "2023-12-07T16:12:00+00:00"
    assert article.body.rstrip().endswith("the status of the divided island of Cyprus.")
    for left_out in ("browser", "Athens\n", "Advertisement", "More about", "Recep Tayyip Erdogan\n", "conversations"):
        assert left_out not in article.body, left_out


def test_a_german_scrape_dated_by_its_stand_line_with_its_tags_after_a_box_of_links() -> None:
    """``fixtures/scrapes/tagesschau.txt``: the menu, the breadcrumb, a kicker over the headline,
    the date as "Stand: 03.05.2024 11:23 Uhr", the standfirst, the byline; after the text a box
    of links ("Mehr zum Thema") and then the tags a line each under "Schlagwörter"."""
    text = (FIXTURES / "scrapes" / "tagesschau.txt").read_text(encoding="utf-8")
    article = parse_scrape(text, "tagesschau.txt", ImportSettings(), date(2024, 5, 4))
    assert (article.date, article.date_inferred) == ("2024-05-03T11:23:00", False)
    assert (article.section, article.topics, article.author) == ("Ausland", ("Europa",), "Oliver Mayer-Rüth")
    assert article.tags == ("Türkei", "Inflation", "Wirtschaft")
    assert "Schlagwörter" not in article.body and "Mehr zum Thema" not in article.body


def test_an_arabic_scrape_with_its_menu_a_date_in_two_calendars_and_the_outlet_after_the_place() -> None:
    """``fixtures/scrapes/aawsat.txt``: the masthead, a menu in Arabic (a script without
    capitals), the section, the headline, the place and the outlet in quotes ("أنقرة: «الشرق
    الأوسط»"), the date in the Gregorian and the Hijri calendars; after the text the tags a line
    each under "مواضيع", then "اقرأ أيضاً" and its links."""
    text = (FIXTURES / "scrapes" / "aawsat.txt").read_text(encoding="utf-8")
    article = parse_scrape(text, "aawsat.txt", ImportSettings(), date(2024, 9, 6))
    assert article.title == "تركيا ومصر تتفقان على رفع التبادل التجاري إلى 15 مليار دولار"
    assert (article.date, article.section, article.source_name) == ("2024-09-05", "العالم العربي", "الشرق الأوسط")
    assert article.tags == ("تركيا", "مصر", "رجب طيب إردوغان")
    assert article.body.rstrip().endswith("داعياً إلى وقف فوري لإطلاق النار.")
    assert "مواضيع" not in article.body and "إردوغان يزور القاهرة" not in article.body
