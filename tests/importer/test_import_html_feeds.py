"""Web pages (files and URLs) through trafilatura, RSS and Atom feeds through feedparser."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from importer_helpers import WEB, ImportResult, LocalServer, body_of, copy_fixture, load_meta, without_provenance


def _by_title(result: ImportResult) -> dict[str, str]:
    return {load_meta(text)["title"]: text for text in result.articles().values()}


# -- HTML pages ---------------------------------------------------------------------------------


def test_a_saved_page_imports_its_main_text_and_metadata(run_import_args: Callable[..., ImportResult]) -> None:
    result = run_import_args(WEB / "article.html")
    assert (result.summary.imported, result.summary.failed) == (1, 0)
    text = result.only_article()
    assert without_provenance(load_meta(text)) == {
        "title": "Central bank raises rates again",  # without the " | The Example Times" of <title>
        "date": "2024-03-21T09:30:00+03:00",  # the day trafilatura finds, at the time the page gives
        "topics": ["Economy"],  # the section's: the page has no breadcrumb
        "tags": ["Inflation", "Central Bank"],  # article:tag, kept apart from the topics
        "section": "Economy",
        "author": "Ayşe Yılmaz",
        "source": {
            "name": "The Example Times",
            "url": "https://www.example-times.com/economy/central-bank-raises-rates/",  # utm_* dropped
        },
        "image": {"src": "https://www.example-times.com/images/bank.jpg"},
        "summary": "The bank surprised markets with a 500 basis point rise.",
    }
    assert list(result.articles()) == ["2024-03-21-central-bank-raises-rates-again.md"]


GHOST = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Ports reopen after the strike</title>
<meta property="og:url" content="https://shipping.example.com/ports-reopen/">
<meta property="og:title" content="Ports reopen after the strike">
<meta property="og:image" content="/content/images/2022/03/port.jpg">
<meta property="og:image:alt" content="Cranes at the port of Mersin on Monday. Photo: Bloomberg">
<meta property="article:published_time" content="2022-03-01T06:00:00.000Z">
<script type="application/ld+json">{"@context": "https://schema.org", "@type": "Article",
 "headline": "Ports reopen after the strike", "datePublished": "2022-03-01T06:00:00.000Z"}</script>
</head><body><article><h1>Ports reopen after the strike</h1>
<p>Dock workers at the country's largest container ports went back to work on Monday after a week-long strike
over pay ended with an agreement that raises wages by a fifth over two years.</p>
<p>Shipping lines said it would take several days to clear the backlog of vessels waiting at anchor, and
exporters warned that some orders would miss their delivery dates because of the stoppage.</p>
</article></body></html>"""


def test_a_ghost_page_keeps_its_time_its_share_image_and_the_credit_of_its_description(
    run_import_args: Callable[..., ImportResult], tmp_path: Path
) -> None:
    """Times with a fraction of a second (as Ghost, Medium and many others write them); an
    og:image relative to og:url (no canonical link); a credit at the end of og:image:alt."""
    page = tmp_path / "ports.html"
    page.write_text(GHOST, encoding="utf-8")
    front = load_meta(run_import_args(page).only_article())
    assert front["date"] == "2022-03-01T06:00:00Z"
    assert front["image"] == {
        "src": "https://shipping.example.com/content/images/2022/03/port.jpg",
        "caption": "Cranes at the port of Mersin on Monday.",
        "credit": "Bloomberg",
    }


def test_without_a_canonical_link_the_json_ld_address_is_the_source(
    run_import_args: Callable[..., ImportResult], tmp_path: Path
) -> None:
    page = tmp_path / "ports.html"
    page.write_text(
        GHOST.replace('<meta property="og:url" content="https://shipping.example.com/ports-reopen/">\n', "").replace(
            '"datePublished"',
            '"mainEntityOfPage": {"@type": "WebPage", "@id": "https://shipping.example.com/p/1"}, "datePublished"',
        ),
        encoding="utf-8",
    )
    front = load_meta(run_import_args(page).only_article())
    assert front["source"]["url"] == "https://shipping.example.com/p/1"
    assert front["image"]["src"] == "https://shipping.example.com/content/images/2022/03/port.jpg"


def test_the_articles_own_date_of_publication_wins_over_other_dates_of_the_page(
    run_import_args: Callable[..., ImportResult], tmp_path: Path
) -> None:
    """A Yoast-style graph: the WebPage's date and the time the article was modified are not
    when it was published."""
    graph = (
        '{"@context": "https://schema.org", "@graph": ['
        '{"@type": "WebPage", "@id": "https://shipping.example.com/ports-reopen/", "datePublished": "2024-01-24T08:00:00+03:00"},'
        '{"@type": "NewsArticle", "headline": "Ports reopen after the strike", '
        '"datePublished": "2024-01-23T19:45:00+03:00", "dateModified": "2024-01-25T09:00:00+03:00"}]}'
    )
    html = GHOST.replace(
        '<meta property="article:published_time" content="2022-03-01T06:00:00.000Z">',
        ('<meta property="article:modified_time" content="2024-01-25T09:00:00+03:00">'),
    )
    html = (
        html.split('<script type="application/ld+json">')[0]
        + f'<script type="application/ld+json">{graph}</script>'
        + (html.split("</script>", 1)[1])
    )
    page = tmp_path / "ports.html"
    page.write_text(html, encoding="utf-8")
    assert load_meta(run_import_args(page).only_article())["date"] == "2024-01-23T19:45:00+03:00"


def test_a_figure_further_down_does_not_caption_the_share_image(
    run_import_args: Callable[..., ImportResult], tmp_path: Path
) -> None:
    html = GHOST.replace(
        "</p>\n<p>Shipping lines",
        '</p>\n<figure><img src="/img/other.jpg"><figcaption>A minister speaks in Ankara. Photo: Reuters'
        "</figcaption></figure>\n<p>Shipping lines",
    ).replace('<meta property="og:image:alt" content="Cranes at the port of Mersin on Monday. Photo: Bloomberg">', "")
    page = tmp_path / "ports.html"
    page.write_text(html, encoding="utf-8")
    front = load_meta(run_import_args(page).only_article())
    assert front["image"] == {"src": "https://shipping.example.com/content/images/2022/03/port.jpg"}


def test_a_cookie_notice_above_the_headline_leaves_the_lead_photo_its_caption(
    run_import_args: Callable[..., ImportResult], tmp_path: Path
) -> None:
    notice = (
        "<div id='cookie-banner'><p>We use cookies and similar technologies to recognize your repeat visits and "
        "preferences, to measure the effectiveness of campaigns, and improve our websites.</p><button>Accept</button>"
        "</div>"
    )
    html = (
        GHOST.replace("<body>", f"<body>{notice}")
        .replace('<meta property="og:image:alt"', "<meta")
        .replace(
            "<h1>Ports reopen after the strike</h1>",
            "<h1>Ports reopen after the strike</h1><figure><img src='/img/cranes.jpg'><figcaption>Cranes at the port "
            "of Mersin on Monday. Photo: Deniz Aydin</figcaption></figure>",
        )
    )
    page = tmp_path / "ports.html"
    page.write_text(html, encoding="utf-8")
    image = load_meta(run_import_args(page).only_article())["image"]
    assert (image["caption"], image["credit"]) == ("Cranes at the port of Mersin on Monday.", "Deniz Aydin")


def test_a_bbc_world_service_pages_labels_give_author_caption_and_credit(
    run_import_args: Callable[..., ImportResult], tmp_path: Path
) -> None:
    page = tmp_path / "tatbikat.html"
    page.write_text(
        "<html lang='tr'><head><meta charset='utf-8'><title>İstanbul'da deprem tatbikatı - BBC News Türkçe</title>"
        "<meta property='og:image' content='https://ichef.example/ws/1024/1234.jpg'>"
        '<script type="application/ld+json">{"@context":"http://schema.org","@type":"ReportageNewsArticle",'
        '"headline":"İstanbul\'da deprem tatbikatı","datePublished":"2024-11-12T09:30:00.000Z",'
        '"author":{"@type":"NewsMediaOrganization","name":"BBC News Türkçe"}}</script></head>'
        "<body><main><article><div><h1>İstanbul'da deprem tatbikatı</h1></div>"
        "<section aria-labelledby='article-byline'><ul><li><span>Yazan,</span><span>Selin Girit</span></li>"
        "<li><span>Unvan,</span><span>BBC Türkçe, İstanbul</span></li></ul></section>"
        "<figure><div><span role='text'><span>Fotoğraf kaynağı, </span>Getty Images</span>"
        "<img src='https://ichef.example/ws/640/1234.jpg'></div><figcaption><span>Fotoğraf altı yazısı, </span>"
        "Tatbikat İstanbul'un 39 ilçesinde eş zamanlı yapıldı</figcaption></figure>"
        "<div><p>Afet ve Acil Durum Yönetimi Başkanlığı koordinasyonunda düzenlenen tatbikata 39 ilçede toplam "
        "12 bin kişi katıldı ve uzmanlar hazırlıkların yetersiz olduğunu söyledi.</p></div>"
        '<div><p>Jeoloji mühendisi Prof. Dr. Naci Görür, "Tatbikat önemli ama asıl mesele yapı stokunun '
        'güçlendirilmesi" dedi.</p></div></article></main></body></html>',
        encoding="utf-8",
    )
    text = run_import_args(page).only_article()
    meta = load_meta(text)
    assert meta["author"] == "Selin Girit"
    assert (meta["image"]["caption"], meta["image"]["credit"]) == (
        "Tatbikat İstanbul'un 39 ilçesinde eş zamanlı yapıldı",
        "Getty Images",
    )
    assert body_of(text).startswith("Afet ve Acil Durum")


def test_a_byline_in_the_title_is_no_section(run_import_args: Callable[..., ImportResult], tmp_path: Path) -> None:
    """Substack's ``<title>``: "Headline - by Author - Newsletter"."""
    page = tmp_path / "slide.html"
    page.write_text(
        GHOST.replace("<title>Ports reopen after the strike</title>",
                      "<title>Ports reopen after the strike - by Selin Arslan - Bosphorus Briefing</title>"),
        encoding="utf-8",
    )  # fmt: skip
    front = load_meta(run_import_args(page).only_article())
    assert front["source"]["name"] == "Bosphorus Briefing"
    assert "section" not in front and "by Selin Arslan" not in front["topics"]


BYLINED = """<!doctype html><html><head><meta charset="utf-8"><title>Central bank holds rates for a third month | Ankara Daily News</title></head><body>
<nav><a href="/">Home</a> <a href="/topics">By topic</a></nav>
<div class="main"><p class="article-category"><a href="/economy">Economy</a></p><h1>Central bank holds rates for a third month</h1>
<div class="meta">By <a href="/authors/ayse">Ayşe Kaya</a> | <time datetime="2024-03-21">21 March 2024</time> | 4 min read</div>
<div class="text">{lead}
<p>The central bank kept its benchmark rate at 45 percent on Thursday, in line with what economists expected,
as inflation stayed high and the lira weak ahead of the local elections at the end of the month.</p>
<p>The committee said it would keep a tight stance until monthly inflation falls for good, and analysts said
the bank could raise rates again if the lira weakened further in the weeks before the vote.</p></div></div>
</body></html>"""


@pytest.mark.parametrize(
    ("meta", "lead", "author"),
    [
        ('<div class="meta">By <a href="/authors/ayse">Ayşe Kaya</a> | <time datetime="2024-03-21">21 March 2024</time>'
         " | 4 min read</div>", "", "Ayşe Kaya"),
        ('<div class="meta"><time datetime="2024-03-21">21 March 2024</time></div>',
         "<p>By the way, the bank has not cut rates in years.</p>", None),
        ('<div class="meta">بقلم: أحمد علي</div>', "", "أحمد علي"),  # a script without capitals
    ],
)  # fmt: skip
def test_the_byline_names_the_author_the_title_the_outlet_the_label_the_section(
    meta: str, lead: str, author: str | None, run_import_args: Callable[..., ImportResult], tmp_path: Path
) -> None:
    page = tmp_path / "rates.html"
    page.write_text(BYLINED.replace(BYLINED.split("\n")[3], meta).format(lead=lead), encoding="utf-8")
    result = run_import_args(page)
    assert result.summary.imported == 1
    front = load_meta(result.only_article())
    assert front.get("author") == author
    assert front["source"] == {"name": "Ankara Daily News"}  # the <title> beside the headline; no og:site_name
    assert (front["section"], front["topics"]) == ("Economy", ["Economy"])  # the label above the headline


SCRIPTED = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Floods displace thousands | Wire</title>
<script type="application/ld+json">{"@context": "https://schema.org", "@type": "NewsArticle",
"headline": "Floods displace thousands", "datePublished": "2024-06-03T09:15:00+03:00", "articleBody": %s}</script>
</head><body><div id="root"><h1>Floods displace thousands</h1><div class="skeleton">Loading…</div></div></body></html>"""


@pytest.mark.parametrize("gap", ["\\n\\n", "\\n"])
def test_a_page_whose_text_only_its_json_ld_holds_keeps_its_paragraphs(
    gap: str, run_import_args: Callable[..., ImportResult], tmp_path: Path
) -> None:
    """A page its scripts fill in: the text is the JSON-LD's articleBody, a paragraph for each
    break of its lines, written as text (its asterisks are not emphasis)."""
    paragraphs = [
        "Heavy rain caused rivers to burst their banks across southern Turkey on Monday, forcing thousands from their homes.",
        "The disaster agency said more than 4,000 people had been moved to shelters in Adana and Mersin provinces.",
        "Officials said the rainfall was the heaviest recorded in the region for forty years, and *more* was expected.",
    ]
    page = tmp_path / "floods.html"
    page.write_text(SCRIPTED % ('"' + gap.join(paragraphs) + '"'), encoding="utf-8")
    body = body_of(run_import_args(page).only_article())
    assert body.strip() == "\n\n".join(paragraphs).replace("*more*", "\\*more\\*")


TEASER = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Central bank raises rates | The Ledger</title>
<script type="application/ld+json">{"@context": "https://schema.org", "@type": "NewsArticle", "headline":
"Central bank raises rates", "datePublished": "2024-03-21T14:05:00+03:00", "articleBody": %s}</script></head>
<body><main><article><h1>Central bank raises rates</h1><div class="article-body">%s</div>
<div class="paywall"><h2>Subscribe to continue reading</h2><p>Get unlimited access for $1 a week.</p></div>
</article></main></body></html>"""
RATES = [
    "Turkey's central bank raised its main interest rate to 50 percent on Thursday, surprising economists who had"
    " expected it to hold for another month.",
    "The bank said the move was needed to bring down inflation, which reached 67 percent in February, and that it"
    " would tighten further if prices kept rising.",
    "The lira gained more than one percent against the dollar after the decision, its biggest daily rise in months.",
    "Analysts said the surprise showed the bank's resolve ahead of local elections at the end of the month, when the"
    " ruling party hopes to win back Istanbul and Ankara from the opposition.",
]


def test_a_paywalled_page_whose_json_ld_holds_the_whole_text_gives_it_all(
    run_import_args: Callable[..., ImportResult], tmp_path: Path
) -> None:
    """The page shows a teaser (its first paragraphs, then an offer to subscribe), its data
    the whole article: the whole article is imported, the offer left out."""
    page = tmp_path / "rates.html"
    teaser = "".join(f"<p>{paragraph}</p>" for paragraph in RATES[:2])
    page.write_text(TEASER % ('"' + "\\n\\n".join(RATES) + '"', teaser), encoding="utf-8")
    assert body_of(run_import_args(page).only_article()).strip() == "\n\n".join(RATES)


def test_a_page_as_full_as_its_json_ld_keeps_its_own_text(
    run_import_args: Callable[..., ImportResult], tmp_path: Path
) -> None:
    """The same text in the page and in its data: the page's, with its emphasis and links."""
    page = tmp_path / "rates.html"
    shown = [RATES[0].replace("50 percent", "<em>50 percent</em>"), *RATES[1:]]
    html = TEASER % ('"' + "\\n\\n".join(RATES) + '"', "".join(f"<p>{paragraph}</p>" for paragraph in shown))
    page.write_text(html.replace('<div class="paywall">', '<div class="offer">'), encoding="utf-8")
    assert "*50 percent*" in body_of(run_import_args(page).only_article())


def test_a_page_keeps_headings_lists_links_and_emphasis(run_import_args: Callable[..., ImportResult]) -> None:
    body = body_of(run_import_args(WEB / "article.html").only_article())
    assert body.startswith(
        "The central bank raised its **policy rate** by 500 basis points on Thursday, surprising *most*"
    )
    assert "\n\n## Why it matters\n\n" in body
    assert "according to [official data](https://stats.example.org/cpi)," in body
    assert "- The lira weakened 2 percent against the dollar\n- Two-year bond yields rose to a record" in body
    assert (
        "“We will do whatever it takes,” the governor told reporters, adding that 3 \\< 4 was not a forecast." in body
    )
    assert body.endswith("monetary policy committee in Ankara.")
    for gone in (
        "Central bank raises rates again",
        "By Ayşe",
        "alert",
        "cookies",
        "Accept all",
        "Share on",
        "newsletter",
        "©",
        "dataLayer",
    ):
        assert gone not in body


LINKED_PAGE = (
    "<html><head><title>Airline orders 30 jets</title>{canonical}</head><body><article><h1>Airline orders 30 jets</h1>"
    '<p>The airline ordered 30 jets from <a href="/quotes/?symbol=BA">Boeing</a> on Wednesday, and 50 more from'
    ' <a href="https://markets.example/airbus">Airbus</a> at the start of the week, its chief executive said.</p>'
    '<p>The <a href="#order">order</a> is worth <a href="javascript:alert(1)">16 billion dollars</a> at list prices'
    ' and <a href="Kevin Mayer, the executive in charge">the deal</a> adds <a href="fleet/787/">the newest jets</a>'
    " to a fleet of 270 aircraft.</p></article></body></html>"
)


@pytest.mark.parametrize("canonical", [True, False])
def test_a_pages_links_work_from_anywhere_or_are_left_as_text(
    canonical: bool, run_import_args: Callable[..., ImportResult], tmp_path: Path
) -> None:
    link = '<link rel="canonical" href="https://air.example/2025/05/orders.html">' if canonical else ""
    page = tmp_path / "orders.html"
    page.write_text(LINKED_PAGE.format(canonical=link), encoding="utf-8")
    body = body_of(run_import_args(page, "--date", "2025-05-07").only_article())
    assert "[Airbus](https://markets.example/airbus)" in body
    if canonical:
        assert "[Boeing](https://air.example/quotes/?symbol=BA)" in body
        assert "[the newest jets](https://air.example/2025/05/fleet/787/)" in body
    else:
        assert "from Boeing on Wednesday" in body and "adds the newest jets to" in body
    assert "The order is worth 16 billion dollars at list prices and the deal adds" in body
    for gone in ("#order", "javascript", "Kevin", "](/", "](fleet"):
        assert gone not in body


def test_a_page_in_a_declared_legacy_encoding(run_import_args: Callable[..., ImportResult]) -> None:
    text = run_import_args(WEB / "page-cp1254.html").only_article()
    meta = load_meta(text)
    assert meta["title"] == "Boğaz'da gemi trafiği yoğunlaştı"
    assert (meta["section"], meta["topics"], meta["source"]) == ("Gündem", ["Gündem"], {"name": "Örnek Haber"})
    assert body_of(text).startswith("İstanbul Boğazı'nda gemi trafiği, bahar aylarında")
    assert "“Geçişler güvenli şekilde sürüyor”" in text


def test_a_page_url_is_fetched_and_imported(run_import_args: Callable[..., ImportResult], server: LocalServer) -> None:
    result = run_import_args(server.url("ferry-fares.html"))
    assert (result.summary.imported, result.err) == (1, "")
    meta = load_meta(result.only_article())
    assert meta["title"] == "Istanbul ferry fares rise 40 percent"
    assert meta["source"] == {"name": "Anatolia Wire", "url": server.url("ferry-fares.html")}
    assert meta["author"] == "Ali Kaya"
    assert meta["imported"]["from"] == server.url("ferry-fares.html")


def test_a_redirected_url_is_recorded_where_it_led(
    run_import_args: Callable[..., ImportResult], server: LocalServer
) -> None:
    meta = load_meta(run_import_args(server.url("redirect")).only_article())
    assert meta["title"] == "Turkey signs gas deal with Azerbaijan"
    assert meta["source"]["url"] == server.url("gas-deal.html")


# -- feeds ----------------------------------------------------------------------------------------


def test_an_rss_feed_gives_one_article_per_item(run_import_args: Callable[..., ImportResult], tmp_path: Path) -> None:
    result = run_import_args(copy_fixture("rss.xml", tmp_path))
    assert (result.summary.imported, result.summary.failed) == (3, 0)
    articles = _by_title(result)
    ferry = load_meta(articles["Istanbul ferry fares rise 40 percent"])
    assert without_provenance(ferry) == {
        "title": "Istanbul ferry fares rise 40 percent",
        "date": "2024-06-03T09:30:00+03:00",
        "topics": ["Istanbul", "Transport"],
        "author": "Ali Kaya",
        "source": {"name": "Anatolia Wire", "url": "https://news.example.org/ferry-fares.html"},
    }
    ferry_body = body_of(articles["Istanbul ferry fares rise 40 percent"])
    assert ferry_body == (
        "Istanbul's city ferries will cost **40 percent** more from July, the municipality said on Monday, the third "
        "rise in a year as [fuel](https://news.example.org/fuel.html) and wage costs climb.\n\n"
        "Commuters said the rise would hit residents who cross twice a day."
    )
    drought = articles["Drought warning for Ankara as reservoirs fall"]
    assert load_meta(drought)["author"] == "Deniz Arslan"  # from "desk@anatolia.example (Deniz Arslan)"
    assert load_meta(drought)["date"] == "2024-06-02T18:00:00+00:00"
    assert "\n\n## What residents can do\n\n- Shorter showers\n- No garden watering at midday\n\n" in body_of(drought)
    mining = articles["Parliament to debate new mining law this week"]
    assert load_meta(mining)["topics"] == ["Uncategorized"]
    assert body_of(mining) == "[Read the article](https://news.example.org/mining-law.html)"


CALLING_FEED = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Gazete Örnek</title>
<link>https://gazete.example/</link><description>Haberler</description>
<item><title>Meclis yeni vergi paketini kabul etti</title><link>https://gazete.example/ekonomi/vergi-12345</link>
<pubDate>Mon, 03 Jun 2024 14:20:00 +0300</pubDate><category>Ekonomi</category>
<description><![CDATA[<img src="https://gazete.example/img/meclis.jpg" /> TBMM Genel Kurulu'nda yeni vergi paketi
kabul edildi. Devamı için tıklayın]]></description>
<content:encoded><![CDATA[<p><img src="https://gazete.example/pixel.gif" width="1" height="1"/></p>
<p><img src="https://gazete.example/img/meclis.jpg" alt="Meclis"/></p><p>TBMM Genel Kurulu'nda yeni vergi paketi
kabul edildi. Paket, yüksek gelirli kesimlere ek vergi getiriyor.</p><p>Düzenleme, Resmi Gazete'de yayımlanmasının
ardından yürürlüğe girecek. Devamı için tıklayın</p>]]></content:encoded></item>
</channel></rss>"""


def test_a_feed_entrys_call_to_read_on_and_its_photo_in_the_text(
    run_import_args: Callable[..., ImportResult], tmp_path: Path
) -> None:
    """A call to read the rest on the outlet's page ends the summary and the text: it is left
    out of both (the summary is then the text's start: none); the photo in the entry's HTML,
    not a pixel counting visits, is the article's photo when Media RSS gives none."""
    feed = tmp_path / "feed.xml"
    feed.write_text(CALLING_FEED, encoding="utf-8")
    article = run_import_args(feed).only_article()
    meta = load_meta(article)
    assert "summary" not in meta and meta["image"] == {"src": "https://gazete.example/img/meclis.jpg"}
    assert body_of(article).endswith("Resmi Gazete'de yayımlanmasının ardından yürürlüğe girecek.")


def test_a_feed_entrys_relative_links_are_made_absolute_against_its_link(
    run_import_args: Callable[..., ImportResult], tmp_path: Path
) -> None:
    feed = tmp_path / "feed.xml"
    feed.write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Harbour Wire</title>'
        "<item><title>Ferry fares rise</title><link>https://wire.example/2025/ferries.html</link>"
        "<pubDate>Mon, 03 Jun 2024 09:30:00 +0300</pubDate><description>&lt;p&gt;Fares rise as "
        '&lt;a href="/fuel.html"&gt;fuel&lt;/a&gt; and &lt;a href="wages/"&gt;wages&lt;/a&gt; climb, the '
        '&lt;a href="#note"&gt;city&lt;/a&gt; said.&lt;/p&gt;</description></item></channel></rss>',
        encoding="utf-8",
    )
    body = body_of(run_import_args(feed).only_article())
    assert body == (
        "Fares rise as [fuel](https://wire.example/fuel.html) and [wages](https://wire.example/2025/wages/) climb,"
        " the city said."
    )


def test_a_saved_atom_feeds_relative_entry_links_are_read_against_its_site(
    run_import_args: Callable[..., ImportResult], tmp_path: Path
) -> None:
    feed = tmp_path / "atom.xml"
    feed.write_text(
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>K Monitor</title>'
        '<link href="https://kmonitor.example/"/><id>urn:k</id><updated>2019-10-09T10:00:00Z</updated>'
        '<entry><title>Operation begins in the north</title><link rel="alternate" href="/2019/10/09/peace-spring"/>'
        "<id>urn:k:1</id><updated>2019-10-09T10:00:00Z</updated>"
        '<content type="html">&lt;p&gt;The operation began on Wednesday, the ministry said, as '
        '&lt;a href="/2019/10/08/warning"&gt;warned&lt;/a&gt; a day before.&lt;/p&gt;</content></entry></feed>',
        encoding="utf-8",
    )
    result = run_import_args(feed)
    assert "left out" not in result.err, result.err
    text = result.only_article()
    assert load_meta(text)["source"] == {"name": "K Monitor", "url": "https://kmonitor.example/2019/10/09/peace-spring"}
    assert "[warned](https://kmonitor.example/2019/10/08/warning)" in body_of(text)


def test_a_feed_entrys_site_furniture_is_left_out(run_import_args: Callable[..., ImportResult], tmp_path: Path) -> None:
    feed = tmp_path / "feed.xml"
    content = (
        "<p>The lira fell to a record low against the dollar on Tuesday as investors worried about the central "
        "bank's independence after the governor was dismissed overnight.</p>"
        "<p>Traders said state banks sold dollars to slow the fall, but the currency still lost three percent.</p>"
        "<p>Subscribe to our newsletter for the latest news.</p><p>Share this article on Facebook</p>"
        "<p>Follow us on Twitter @dailybosphorus</p>"
    )
    feed.write_text(
        '<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">'
        "<channel><title>Daily Bosphorus</title><link>https://bosphorus.example/</link>"
        "<item><title>Lira hits record low</title><link>https://bosphorus.example/lira</link>"
        "<pubDate>Tue, 09 Jul 2019 09:30:00 +0300</pubDate><category>Economy</category>"
        f"<content:encoded><![CDATA[{content}]]></content:encoded></item></channel></rss>",
        encoding="utf-8",
    )
    result = run_import_args(feed, "--explain")
    body = body_of(result.only_article())
    assert body.endswith("still lost three percent.") and body.startswith("The lira fell"), body
    assert "left out 'Subscribe to our newsletter for the latest news.'" in result.out + result.err


DERBY = [
    "Galatasaray beat Fenerbahçe 3-1 on Sunday night to move four points clear at the top of the Süper Lig with six"
    " games left to play.",
    "The visitors took the lead through a penalty in the tenth minute, but Galatasaray equalised before half-time and"
    " scored twice more after the break.",
    "Fenerbahçe's coach said his side had lost their shape after the equaliser and would have to win every remaining"
    " game to keep their title hopes alive.",
]


def test_a_sign_up_forms_messages_and_a_box_of_teasers_after_the_text_are_left_out(
    run_import_args: Callable[..., ImportResult], tmp_path: Path
) -> None:
    """After the story, a newsletter box (its title, what it says once sent and when sending
    fails) and a list of other stories, each a link with its standfirst as a heading under it,
    empty list items between them: the story alone is imported, and --explain says why."""
    teasers = [
        ("Trabzonspor sack their coach", "The club's board met late into the night after a fourth defeat in a row"),
        ("Derby tickets sold out in an hour", "Fans queued outside the stadium from before dawn"),
        ("Transfer window: who is moving where", "Every deal of the Süper Lig's winter window, club by club"),
    ]
    content = (
        "".join(f"<p>{paragraph}</p>" for paragraph in DERBY)
        + "<h3>Pitch Report Newsletter</h3><h3>Thanks for signing up!</h3>"
        "<h4>Keep an eye on your inbox for the latest football news.</h4>"
        "<h4>There was an error processing your subscription.</h4><ul>"
        + "<li></li>".join(
            f'<li><a href="/news/{n}">{title}</a><h4>{dek}</h4></li>' for n, (title, dek) in enumerate(teasers)
        )
        + "</ul>"
    )
    feed = tmp_path / "feed.xml"
    feed.write_text(
        '<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">'
        "<channel><title>Pitch Report</title><link>https://pitch.example.org/</link>"
        "<item><title>Galatasaray beat Fenerbahçe to go four points clear</title>"
        "<link>https://pitch.example.org/news/derby</link><pubDate>Sun, 17 Mar 2024 21:30:00 +0300</pubDate>"
        f"<content:encoded><![CDATA[{content}]]></content:encoded></item></channel></rss>",
        encoding="utf-8",
    )
    result = run_import_args(feed, "--explain")
    assert body_of(result.only_article()) == "\n\n".join(DERBY)
    told = result.out + result.err
    assert "a sign-up or sharing form's message ('Thanks for signing up')" in told
    assert "the title of a newsletter's sign-up box" in told
    assert "a box of teasers of other stories after the text" in told


def test_a_media_rss_photo_keeps_its_caption_and_a_wordpress_footer_is_left_out(
    run_import_args: Callable[..., ImportResult], tmp_path: Path
) -> None:
    """feedparser takes <media:description> for the entry's summary: here it stays the photo's
    caption, and the item's own <description> is the summary."""
    result = run_import_args(copy_fixture("wordpress-media.xml", tmp_path), "--explain")
    text = result.only_article()
    meta = load_meta(text)
    assert meta["summary"] == "Work began on the tunnel for the new line."
    assert meta["image"] == {
        "src": "https://news.example.org/img/metro.jpg",
        "caption": "The boring machine at Alsos Veikou.",
        "credit": "Kathimerini",
    }
    assert meta["title"] == "Athens metro line 4 tunnel boring begins"
    assert body_of(text).endswith("The project costs 1.8 billion euros and is partly funded by the EU.")
    assert "appeared first on" not in text and "alert" not in text
    assert "the feed's notice of where the post appeared first" in result.out


def test_a_media_rss_thumbnail_is_the_photo_when_there_is_nothing_larger(
    run_import_args: Callable[..., ImportResult], tmp_path: Path
) -> None:
    meta = load_meta(run_import_args(copy_fixture("media-thumbnail.xml", tmp_path)).only_article())
    assert meta["image"] == {"src": "https://ichef.bbc.example/240/floods.jpg"}
    assert meta["source"]["name"] == "BBC News"


def test_an_atom_feed_gives_one_article_per_entry(run_import_args: Callable[..., ImportResult], tmp_path: Path) -> None:
    result = run_import_args(copy_fixture("atom.xml", tmp_path))
    assert (result.summary.imported, result.summary.failed) == (2, 0)
    articles = _by_title(result)
    gas = articles["Turkey signs gas deal with Azerbaijan"]
    assert without_provenance(load_meta(gas)) == {
        "title": "Turkey signs gas deal with Azerbaijan",
        "date": "2024-06-04T18:00:00+03:00",
        "topics": ["Energy", "Azerbaijan"],
        "author": "Zeynep Demir",
        "source": {"name": "Bosphorus Review", "url": "https://news.example.org/gas-deal.html"},
        "summary": "A ten-year supply agreement through the Trans-Anatolian pipeline.",
    }
    assert "through the [Trans-Anatolian pipeline](https://example.org/tanap)" in body_of(gas)
    assert "**1.5 billion cubic metres**" in body_of(gas)
    aegean = articles["Erdoğan & Mitsotakis: a calmer Aegean"]  # an HTML title made plain text
    assert load_meta(aegean)["date"] == "2024-06-03T10:00:00+00:00"
    assert body_of(aegean).endswith("\n\n> Our aim is a sea of peace.")


def test_a_feed_url_with_full_fetches_each_linked_page(
    run_import_args: Callable[..., ImportResult], server: LocalServer
) -> None:
    result = run_import_args(server.url("atom.xml"), "--full")
    gas = load_meta(result.only_article())
    assert gas["title"] == "Turkey signs gas deal with Azerbaijan"  # the entry's title, date and topics
    assert (gas["date"], gas["topics"]) == ("2024-06-04T18:00:00+03:00", ["Energy", "Azerbaijan"])
    assert "FULL-TEXT-MARKER Energy Minister Alparslan Bayraktar" in result.only_article()  # the page's text
    # the second entry links to a page the server does not have: one error line for it, naming it
    assert result.error_lines == [f"{server.url('aegean.html')}: error: cannot fetch: HTTP 404 Not Found"]
    assert (result.summary.imported, result.summary.failed) == (1, 1)


def test_without_full_no_linked_page_is_fetched(
    run_import_args: Callable[..., ImportResult], server: LocalServer
) -> None:
    before = len(server.requests)
    result = run_import_args(server.url("rss.xml"))
    assert result.summary.imported == 3
    assert [request["path"] for request in server.requests[before:]] == ["/rss.xml"]


def test_a_feed_entry_without_a_title_fails_alone(run_import_args: Callable[..., ImportResult], tmp_path: Path) -> None:
    feed = tmp_path / "feed.xml"
    feed.write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>'
        "<item><link>https://wire.example/a</link><description>Text without a title.</description></item>"
        "<item><title>Titled</title><link>https://wire.example/b</link><description>Some text.</description></item>"
        "</channel></rss>",
        encoding="utf-8",
    )
    result = run_import_args(feed)
    assert result.error_lines == ["https://wire.example/a: error: not an article: the entry has no title"]
    assert (result.summary.imported, result.summary.failed) == (1, 1)


def test_a_feed_names_the_outlet_without_the_channels_suffix(
    run_import_args: Callable[..., ImportResult], tmp_path: Path
) -> None:
    feed = tmp_path / "latest.xml"
    feed.write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Daily Bosphorus - Latest</title>'
        "<item><title>Ferry strike halts crossings</title><link>https://dailybosphorus.example/ferry</link>"
        "<pubDate>Tue, 05 Nov 2024 09:00:00 GMT</pubDate>"
        "<description>Ferry workers in Istanbul went on strike on Tuesday, halting most crossings.</description>"
        "</item></channel></rss>",
        encoding="utf-8",
    )
    meta = load_meta(run_import_args(feed).only_article())
    assert meta["source"] == {"name": "Daily Bosphorus", "url": "https://dailybosphorus.example/ferry"}


def test_a_date_on_another_day_in_the_sites_time_zone_is_told_in_that_zone(
    site: Path, run_import_args: Callable[..., ImportResult], tmp_path: Path
) -> None:
    """21:30 GMT on the 25th is 00:30 on the 26th in Istanbul: the curator's day in the file's
    name and its date; 09:00 GMT, the same day there, as the feed gives it."""
    (site / "digest.yaml").write_text('title: T\nbase_url: "https://example.org/"\ntimezone: Europe/Istanbul\n')
    feed = tmp_path / "latest.xml"
    items = "".join(
        f"<item><title>{title}</title><link>https://dailybosphorus.example/{slug}</link><pubDate>{when}</pubDate>"
        f"<description>{title}, the city said on Wednesday after a long debate in the council.</description></item>"
        for title, slug, when in (
            ("Budget passes after a marathon session", "budget", "Wed, 25 Nov 2026 21:30:00 GMT"),
            ("Ferry strike halts crossings", "ferry", "Wed, 25 Nov 2026 09:00:00 GMT"),
        )
    )
    feed.write_text(
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>Daily Bosphorus</title>{items}</channel></rss>'
    )
    dates = {name: load_meta(text)["date"] for name, text in run_import_args(feed).articles().items()}
    assert dates == {
        "2026-11-26-budget-passes-after-a-marathon-session.md": "2026-11-26T00:30:00+03:00",
        "2026-11-25-ferry-strike-halts-crossings.md": "2026-11-25T09:00:00+00:00",
    }


@pytest.mark.parametrize(
    ("channel", "outlet"),
    [("Wireline: Markets News", "Wireline"), ("Harbor Gazette :: Local", "Harbor Gazette"), ("Reuters", "Reuters")],
)
def test_a_feeds_channel_title_gives_the_outlet_whatever_its_separator(channel: str, outlet: str) -> None:
    from digest.importer.feed import outlet_name

    assert outlet_name(channel) == outlet


def test_a_hugo_feeds_title_gives_the_site_not_the_section(
    run_import_args: Callable[..., ImportResult], tmp_path: Path
) -> None:
    """Hugo titles a section's or a taxonomy's feed "<Section> on <Site>": the outlet is the site."""
    feed = tmp_path / "index.xml"
    feed.write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Posts on Harbor Gazette</title>'
        "<generator>Hugo</generator><item><title>Ferry strike halts crossings</title>"
        "<link>https://gazette.example/posts/ferry/</link><pubDate>Wed, 25 Nov 2026 09:00:00 GMT</pubDate>"
        "<description>Crossings stopped on Wednesday as ferry crews walked out over pay.</description></item>"
        "</channel></rss>"
    )
    result = run_import_args(feed, "--topic", "Transport")
    assert load_meta(result.only_article())["source"]["name"] == "Harbor Gazette"


@pytest.mark.parametrize(
    ("title", "link", "outlet"),
    [
        ("Posts on Life on Mars", "https://mars.example/posts/", "Life on Mars"),
        ("Life on Mars", "https://mars.example/", "Life on Mars"),  # the home's feed: the site's title alone
    ],
)
def test_a_hugo_site_named_with_on_keeps_its_name(
    run_import_args: Callable[..., ImportResult], tmp_path: Path, title: str, link: str, outlet: str
) -> None:
    feed = tmp_path / "index.xml"
    feed.write_text(
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>{title}</title><link>{link}</link>'
        "<generator>Hugo</generator><item><title>Rover finds ice</title>"
        "<link>https://mars.example/posts/ice/</link><pubDate>Wed, 25 Nov 2026 09:00:00 GMT</pubDate>"
        "<description>The rover found ice under the dust of the crater floor on Tuesday.</description></item>"
        "</channel></rss>"
    )
    result = run_import_args(feed, "--topic", "Space")
    assert load_meta(result.only_article())["source"]["name"] == outlet


def test_a_title_of_outlet_and_headline_parted_by_two_colons(
    run_import_args: Callable[..., ImportResult], tmp_path: Path
) -> None:
    page = tmp_path / "gazette.html"
    text = "<p>The ferry service across the bay will resume on May 1 after the winter pause, the operator said.</p>" * 3
    page.write_text(
        "<html><head><title>Harbor Springs Gazette :: Ferry service to resume May 1</title></head><body>"
        f"<h1>Ferry service to resume May 1</h1>{text}</body></html>",
        encoding="utf-8",
    )
    meta = load_meta(run_import_args(page).only_article())
    assert (meta["title"], meta["source"]["name"]) == ("Ferry service to resume May 1", "Harbor Springs Gazette")


def _send(data: bytes, kind: str) -> Callable[[Any], None]:
    def handler(request: Any) -> None:
        request.send_response(200)
        request.send_header("Content-Type", kind)
        request.send_header("Content-Length", str(len(data)))
        request.end_headers()
        request.wfile.write(data)

    return handler


def test_full_takes_the_pages_canonical_url_breadcrumb_and_caption(
    run_import_args: Callable[..., ImportResult],
) -> None:
    from test_import_bounds import http_server

    page = (
        b'<!DOCTYPE html><html><head><meta charset="utf-8"><title>Ferry strike halts crossings</title>'
        b'<link rel="canonical" href="https://dailybosphorus.example/city/ferry-strike">'
        b'<meta property="og:site_name" content="Daily Bosphorus">'
        b'<script type="application/ld+json">{"@type":"BreadcrumbList","itemListElement":['
        b'{"position":1,"name":"Home"},{"position":2,"name":"City"},{"position":3,"name":"Transport"}]}</script>'
        b"</head><body><article><h1>Ferry strike halts crossings</h1>\n"
        b"<figure><img src='/f.jpg'><figcaption>Commuters wait at Kadikoy pier. <span class='credit'>Photo: Emre Tas</span>"
        b"</figcaption></figure>\n"
        b"<p>Ferry workers in Istanbul went on strike on Tuesday, halting most crossings between the two sides of the city.</p>\n"
        b"<p>The union said workers wanted a pay rise in line with inflation, which stood at 48 percent in October.</p>\n"
        b"<p>Commuters crowded onto the Marmaray rail tunnel and the bridges, where traffic slowed to a crawl.</p>\n"
        b"</article></body></html>"
    )

    routes: dict[str, Callable[[Any], None]] = {"/story": _send(page, "text/html")}
    with http_server(routes) as port:
        feed = (
            '<?xml version="1.0"?><rss version="2.0"><channel><title>Daily Bosphorus | Top Stories</title>'
            f"<item><title>Ferry strike halts crossings</title><link>http://127.0.0.1:{port}/story</link>"
            "<pubDate>Tue, 05 Nov 2024 09:00:00 GMT</pubDate><description>Ferries stop.</description>"
            "</item></channel></rss>"
        ).encode()
        routes["/feed"] = _send(feed, "application/rss+xml")
        result = run_import_args(f"http://127.0.0.1:{port}/feed", "--full")
    meta = load_meta(result.only_article())
    assert meta["source"] == {"name": "Daily Bosphorus", "url": "https://dailybosphorus.example/city/ferry-strike"}
    assert (meta["section"], meta["topics"]) == ("City", ["Transport"])
    # No og:image: the figure's photo, its address resolved against the page's.
    assert meta["image"] == {
        "src": f"http://127.0.0.1:{port}/f.jpg",
        "caption": "Commuters wait at Kadikoy pier.",
        "credit": "Emre Tas",
    }
    assert body_of(result.only_article()).startswith("Ferry workers in Istanbul went on strike")


def test_a_pages_block_quote_stays_a_quote(run_import_args: Callable[..., ImportResult], tmp_path: Path) -> None:
    page = tmp_path / "quote.html"
    page.write_text(
        "<!doctype html><html lang='en'><head><meta charset='utf-8'><title>Council approves road budget</title>"
        "<meta property='article:published_time' content='2024-03-12T09:00:00Z'></head><body><article>"
        "<h1>Council approves road budget</h1>"
        "<p>The city council approved a four million dollar road budget on Tuesday night after a long debate.</p>"
        "<p>Two members voted against the plan, saying the money should go to the library instead.</p>"
        "<blockquote class='wp-block-quote'><p>We have potholes on Route 9 that are older than my kids.</p>"
        "<p>Something has to give.</p><cite>Councilmember Doug Brennan</cite></blockquote>"
        "<p>Work on the first roads is to start in May, the city's engineer said after the vote.</p>"
        "</article></body></html>",
        encoding="utf-8",
    )
    body = body_of(run_import_args(page).only_article())
    assert (
        "> We have potholes on Route 9 that are older than my kids.\n>\n> Something has to give.\n>\n"
        "> Councilmember Doug Brennan\n\nWork on the first roads" in body
    )
    assert body.count("We have potholes") == 1


def test_a_bylines_job_title_is_no_second_author(run_import_args: Callable[..., ImportResult], tmp_path: Path) -> None:
    page = tmp_path / "byline.html"
    text = "<p>The governing party lost three seats in the by-elections held across the country on Thursday.</p>" * 3
    page.write_text(
        "<html><head><title>Party loses three seats</title></head><body><article><h1>Party loses three seats</h1>"
        f"<p class='byline'>By Sam Okoro, Political Reporter</p>{text}</article></body></html>",
        encoding="utf-8",
    )
    assert load_meta(run_import_args(page).only_article())["author"] == "Sam Okoro"


@pytest.mark.parametrize(
    ("byline", "author"),
    [
        ("Yazan: Ayşe Yılmaz", "Ayşe Yılmaz"),
        ("Yazar: Ayşe Yılmaz | 29 Kasım 2026", "Ayşe Yılmaz"),
        ("Por Juan Pérez", "Juan Pérez"),
        ("Автор: Иван Петров", "Иван Петров"),
        ("بقلم أحمد علي", "أحمد علي"),
    ],
)
def test_a_bylines_label_in_any_language_is_no_part_of_the_author(
    byline: str, author: str, run_import_args: Callable[..., ImportResult], tmp_path: Path
) -> None:
    page = tmp_path / "byline.html"
    text = "<p>The governing party lost three seats in the by-elections held across the country on Thursday.</p>" * 3
    page.write_text(
        "<html><head><title>Party loses three seats</title></head><body><article><h1>Party loses three seats</h1>"
        f"<p class='byline'>{byline}</p>{text}</article></body></html>",
        encoding="utf-8",
    )
    assert load_meta(run_import_args(page).only_article())["author"] == author


def test_a_direction_override_a_scrape_leaves_open_is_closed_where_its_text_ends(
    run_import_args: Callable[..., ImportResult], tmp_path: Path
) -> None:
    """A headline with a right-to-left override and no end to it ("Invoice \u202efdp.exe"):
    written so, it reversed what follows it on every page that shows it (the site's name in
    the window's title), and the build refuses it; the import closes it."""
    scrape = tmp_path / "spoof.txt"
    scrape.write_text(
        "News / World\nInvoice \u202efdp.exe arrives in the city today\n"
        "The governing party lost three seats in the by-elections held across the country on Thursday.\n\n"
        "The party said it would contest the results in court next week, according to a statement.\n",
        encoding="utf-8",
    )
    result = run_import_args(scrape, "--date", "2024-03-01")
    assert load_meta(result.only_article())["title"] == "Invoice \u202efdp.exe arrives in the city today\u202c"
    (result.site / "digest.yaml").write_text('title: T\nbase_url: "https://example.org/"\n', encoding="utf-8")
    from digest.cli import main

    out, err = io.StringIO(), io.StringIO()
    assert main(["build", "-C", str(result.site)], out, err) == 0, err.getvalue()


def test_a_long_standfirst_above_the_lead_photo_leaves_it_its_caption(
    run_import_args: Callable[..., ImportResult], tmp_path: Path
) -> None:
    page = tmp_path / "strike.html"
    standfirst = (
        "Dock workers at Britain's biggest container port walked out on Monday in a dispute over pay, "
        "threatening weeks of disruption to supply chains across the country."
    )
    text = (
        "<p>The strike at Felixstowe began at six in the morning and is set to last eight days, the union said.</p>" * 3
    )
    page.write_text(
        "<html><head><title>Felixstowe dock workers strike</title>"
        "<meta property='og:image' content='https://harbour.example/img/port.jpg'></head><body><article>"
        f"<h1>Felixstowe dock workers strike</h1><p class='standfirst'>{standfirst}</p>"
        "<figure><img src='https://harbour.example/img/port.jpg'><figcaption>Pickets outside the Trinity terminal "
        f"on Monday. Photo: Jo Bell</figcaption></figure>{text}</article></body></html>",
        encoding="utf-8",
    )
    image = load_meta(run_import_args(page).only_article())["image"]
    assert (image["caption"], image["credit"]) == ("Pickets outside the Trinity terminal on Monday.", "Jo Bell")


@pytest.mark.parametrize(
    ("figcaption", "caption", "credit"),
    [
        (
            "A train waits at the Ashburn station on May 28. (Jahi Chikwendiu/The Capital Ledger)",
            "A train waits at the Ashburn station on May 28.",
            "Jahi Chikwendiu/The Capital Ledger",
        ),
        (
            "<span>A man walks past the central bank in Ankara, March 21, 2024.</span> <span class='credit'>"
            "REUTERS/Cagla Gurdogan</span> <a href='/licensing/'>Purchase Licensing Rights</a>, opens new tab",
            "A man walks past the central bank in Ankara, March 21, 2024.",
            "REUTERS/Cagla Gurdogan",
        ),
    ],
)
def test_a_figures_caption_and_credit_without_the_outlets_additions(
    run_import_args: Callable[..., ImportResult], tmp_path: Path, figcaption: str, caption: str, credit: str
) -> None:
    page = tmp_path / "photo.html"
    text = "<p>The metro board again delayed the opening of the extension, citing flaws in its software.</p>" * 3
    page.write_text(
        "<html><head><title>Metro delays extension</title></head><body><article><h1>Metro delays extension</h1>"
        f"<figure><img src='https://metro.example/t.jpg'><figcaption>{figcaption}</figcaption></figure>{text}"
        "</article></body></html>",
        encoding="utf-8",
    )
    image = load_meta(run_import_args(page).only_article())["image"]
    assert (image["caption"], image["credit"]) == (caption, credit)


def test_a_lead_block_holding_the_photo_is_no_standfirst(
    run_import_args: Callable[..., ImportResult], tmp_path: Path
) -> None:
    page = tmp_path / "quake.html"
    text = "<p>The quake was centered in the town of Kale, in Malatya province, officials said on Wednesday.</p>" * 3
    page.write_text(
        "<html><head><title>Earthquake shakes eastern Turkey | AP News</title>"
        "<meta property='og:description' content='A magnitude 5.9 earthquake struck eastern Turkey on Wednesday.'>"
        "</head><body><main><h1 class='Page-headline'>Earthquake shakes eastern Turkey</h1>"
        "<div class='Page-lead'><figure><img src='https://photos.example/x.jpg'><figcaption>"
        "<div class='CarouselSlide-infoDescription'><p>Residents gather outside buildings after an earthquake in "
        "Malatya, Turkey. (AP Photo/Emrah Gurel)</p></div><div class='CarouselSlide-infoAttribution'>AP Photo/Emrah "
        f"Gurel</div><span>Read More</span></figcaption></figure></div><div class='RichTextStoryBody'>{text}</div>"
        "</main></body></html>",
        encoding="utf-8",
    )
    meta = load_meta(run_import_args(page).only_article())
    assert meta["summary"] == "A magnitude 5.9 earthquake struck eastern Turkey on Wednesday."
    assert (meta["image"]["caption"], meta["image"]["credit"]) == (
        "Residents gather outside buildings after an earthquake in Malatya, Turkey.",
        "AP Photo/Emrah Gurel",
    )


def test_a_figures_blocks_are_read_apart() -> None:
    from digest.importer.pagemeta import read_page_meta

    page = read_page_meta(
        "<html><body><article><h1>Flood</h1><figure><img src='https://photos.example/f.jpg'><figcaption>"
        "<p>Water covers a street in Valencia on Tuesday.</p><div>Photo: Ana Ruiz</div></figcaption></figure>"
        "</article></body></html>"
    )
    assert (page.caption, page.credit) == ("Water covers a street in Valencia on Tuesday.", "Ana Ruiz")


def test_a_wordpress_excerpts_closing_mark_becomes_an_ellipsis(
    run_import_args: Callable[..., ImportResult], tmp_path: Path
) -> None:
    feed = tmp_path / "wp.xml"
    feed.write_text(
        '<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>'
        "<title>Courier</title><item><title>Library renovation approved</title><link>https://courier.example/lib</link>"
        "<pubDate>Tue, 12 Mar 2024 09:00:00 GMT</pubDate>"
        "<description>The council approved the renovation of the main library after a long [&#8230;]</description>"
        "<content:encoded><![CDATA[<p>The city council voted on Tuesday to approve a renovation of the main "
        "library.</p><p>Work begins in September.</p>]]></content:encoded></item></channel></rss>",
        encoding="utf-8",
    )
    meta = load_meta(run_import_args(feed).only_article())
    assert meta["summary"] == "The council approved the renovation of the main library after a long…"


def test_a_press_releases_end_mark_is_left_out(run_import_args: Callable[..., ImportResult], tmp_path: Path) -> None:
    page = tmp_path / "release.html"
    text = "<p>The department announced 85 million dollars in flood relief for dairy farmers on Monday.</p>" * 2
    page.write_text(
        "<html><head><title>Flood relief for dairy farmers</title></head><body><article>"
        f"<h1>Flood relief for dairy farmers</h1>{text}<p>Applications open on June 1.</p><p>###</p>"
        "</article></body></html>",
        encoding="utf-8",
    )
    assert body_of(run_import_args(page).only_article()).endswith("Applications open on June 1.")


def test_a_live_blogs_post_times_stay_in_the_body_as_markers(
    run_import_args: Callable[..., ImportResult], tmp_path: Path
) -> None:
    page = tmp_path / "live.html"
    posts = "".join(
        f"<div class='live-post'><time datetime='2024-07-05T0{hour}:48:00+01:00'>0{hour}:48</time>"
        f"<h3>Result {hour} declared</h3><p>Counting in constituency {hour} ended with turnout at sixty percent, "
        "the returning officer said.</p></div>"
        for hour in (5, 3, 2)
    )
    page.write_text(
        "<html><head><title>Election night live</title></head><body><article><h1>Election night live</h1>"
        "<p>Polls closed at <time>22:00</time> and counting began across the region straight away.</p>"
        f"{posts}</article></body></html>",
        encoding="utf-8",
    )
    body = body_of(run_import_args(page).only_article())
    assert "Polls closed at 22:00 and counting" in body
    assert "**05:48**\n\n### Result 5 declared" in body and "**02:48**\n\n### Result 2 declared" in body


def test_a_standfirst_and_a_line_of_byline_and_dates_under_the_headline_leave_the_text(
    run_import_args: Callable[..., ImportResult], tmp_path: Path
) -> None:
    page = tmp_path / "spot.html"
    spot = "İzmir'in Menderes ilçesinde başlayan orman yangını, 26 saatlik çalışmanın ardından kontrol altına alındı."
    text = (
        "<p>Yangın dün öğle saatlerinde başladı ve rüzgarın etkisiyle kısa sürede geniş bir alana yayıldı.</p>"
        "<p>Söndürme çalışmalarına 12 helikopter, 4 uçak ve yüzlerce orman işçisi katıldı, yetkililer söyledi.</p>"
        "<p>Yangında can kaybı olmadığı, ancak bazı evlerin boşaltıldığı bildirildi; soruşturma başlatıldı.</p>"
    )
    page.write_text(
        "<html lang='tr'><head><title>İzmir'de orman yangını kontrol altına alındı</title></head><body><article>"
        f"<h1>İzmir'de orman yangını kontrol altına alındı</h1><h2 class='spot'>{spot}</h2>"
        "<div class='info'>Mehmet Yılmaz | 18.08.2024 - 14:25 | Güncelleme: 18.08.2024 - 16:40</div>"
        f"{text}"
        "</article></body></html>",
        encoding="utf-8",
    )
    imported = run_import_args(page).only_article()
    assert load_meta(imported)["summary"] == spot
    # The body keeps its lead as a paragraph, not a heading; the byline's line of dates goes,
    # its time of publication (not of the update) given to the date.
    assert body_of(imported).startswith(f"{spot}\n\nYangın dün öğle saatlerinde")
    assert str(load_meta(imported)["date"]) == "2024-08-18T14:25:00"


def test_the_line_of_the_date_under_the_headline_leaves_the_text_and_gives_the_time(
    run_import_args: Callable[..., ImportResult], tmp_path: Path
) -> None:
    """'Veröffentlicht am 3. Dezember 2026, 18:40 Uhr' under the byline stayed the body's first
    paragraph, in the page's words on every site, and its time of day was lost to the date."""
    page = tmp_path / "mieten.html"
    text = (
        "<p>Der Berliner Senat hat am Donnerstag einen neuen Entwurf für eine Begrenzung der Mieten beschlossen.</p>"
        "<p>Die Regelung soll ab dem kommenden Frühjahr gelten und betrifft rund 1,5 Millionen Wohnungen.</p>"
        "<p>Vermieterverbände kündigten bereits an, gegen das Gesetz vor Gericht zu ziehen, sagte ein Sprecher.</p>"
    )
    for dateline, published in (
        ("Veröffentlicht am 3. Dezember 2026, 18:40 Uhr", "2026-12-03T18:40:00"),
        ("Published December 3, 2026", "2026-12-03"),
    ):
        page.write_text(
            "<html lang='de'><head><title>Senat beschließt Mietendeckel</title></head><body><article>"
            f"<h1>Senat beschließt Mietendeckel</h1><p class='autor'>Von Jana Müller</p><p class='datum'>{dateline}</p>"
            f"{text}</article></body></html>",
            encoding="utf-8",
        )
        imported = run_import_args(page, "--update").only_article()
        assert body_of(imported).startswith("Der Berliner Senat hat am Donnerstag"), body_of(imported)
        assert str(load_meta(imported)["date"]) == published


def test_a_tag_list_written_as_a_line_at_the_end_of_a_page_gives_the_tags(
    run_import_args: Callable[..., ImportResult], tmp_path: Path
) -> None:
    """'Schlagwörter: Mieten, Wohnen, Senat' under a German story stayed in its body, and the
    same line in English ('Tags: …') was left out as a site notice: either way the tags were
    lost, where a text scrape's tag line gives them."""
    page = tmp_path / "mieten.html"
    text = (
        "<p>Der Berliner Senat hat am Donnerstag einen neuen Entwurf für eine Begrenzung der Mieten beschlossen.</p>"
        "<p>Die Regelung soll ab dem kommenden Frühjahr gelten und betrifft rund 1,5 Millionen Wohnungen.</p>"
        "<p>Vermieterverbände kündigten bereits an, gegen das Gesetz vor Gericht zu ziehen, sagte ein Sprecher.</p>"
    )
    for label in ("Schlagwörter", "Tags"):
        page.write_text(
            "<html lang='de'><head><title>Senat beschließt Mietendeckel</title></head><body><article>"
            f"<h1>Senat beschließt Mietendeckel</h1>{text}<p>{label}: Mieten, Wohnen, Senat</p></article></body></html>",
            encoding="utf-8",
        )
        imported = run_import_args(page, "--update").only_article()
        assert load_meta(imported)["tags"] == ["Mieten", "Wohnen", "Senat"], label
        assert "Mieten, Wohnen" not in body_of(imported)


CONSENT_PAGE = (
    "<html lang='en'><head><title>Before you continue</title></head><body><div class='consent'>"
    "<h1>Before you continue</h1><p>We use cookies and data to deliver and maintain our services, track outages "
    "and protect against spam, fraud and abuse, and measure audience engagement and site statistics.</p>"
    "<p>If you choose to 'Accept all', we will also use cookies and data to develop and improve new services, "
    "deliver and measure the effectiveness of ads, and show personalised content depending on your settings.</p>"
    "<p>If you choose to 'Reject all', we will not use cookies for these additional purposes.</p>"
    "<button>Reject all</button><button>Accept all</button></div></body></html>"
)


def test_a_page_asking_to_accept_cookies_is_no_article(
    run_import_args: Callable[..., ImportResult], tmp_path: Path
) -> None:
    """A daily import of addresses answered, from where it ran, by the outlet's cookie consent
    page instead of the story: the first became an article, 'Before you continue', and every
    story answered so after it was skipped as its duplicate (the same text), lost unseen."""
    pages = []
    for number in (1, 2):
        page = tmp_path / f"story-{number}.html"
        page.write_text(CONSENT_PAGE, encoding="utf-8")
        pages.append(page)
    result = run_import_args(*pages)
    assert (result.summary.imported, result.summary.skipped, result.summary.failed) == (0, 0, 2)
    assert f"{pages[1]}: error: not an article: a page asking to accept cookies, shown instead of the article" in (
        result.err
    )


MONSOON = (
    "<p>The southwest monsoon arrived in Kerala on Thursday, two days ahead of its normal onset date of June 1, "
    "the India Meteorological Department said.</p><p>The monsoon has also advanced into most parts of northeast "
    "India, the weather office said in a statement on Thursday.</p>"
)


def test_the_json_ld_headline_wins_over_a_title_that_adds_section_and_outlet(
    run_import_args: Callable[..., ImportResult], tmp_path: Path
) -> None:
    page = tmp_path / "monsoon.html"
    headline = "Monsoon arrives in Kerala two days ahead of schedule: IMD"
    page.write_text(
        f"<html lang='en'><head><title>{headline} | India News - Times of India</title>"
        f"<meta property='og:title' content='{headline} | India News - Times of India'>"
        "<meta property='og:site_name' content='The Times of India'>"
        '<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle",'
        f'"headline":"{headline}","datePublished":"2024-05-30T12:31:00+05:30"}}</script></head>'
        f"<body><article><h1>{headline}</h1>{MONSOON}</article></body></html>",
        encoding="utf-8",
    )
    text = run_import_args(page).only_article()
    assert load_meta(text)["title"] == headline
    assert body_of(text).startswith("The southwest monsoon")


def test_the_outlet_named_as_an_author_is_no_author(
    run_import_args: Callable[..., ImportResult], tmp_path: Path
) -> None:
    page = tmp_path / "monsoon.html"
    page.write_text(
        "<html lang='en'><head><title>Monsoon in Kerala - Le Monde</title>"
        "<meta property='og:site_name' content='Le Monde.fr'><meta property='article:author' content='Le Monde'>"
        '<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle",'
        '"headline":"Monsoon in Kerala","datePublished":"2024-05-31T12:31:00+02:00",'
        '"author":[{"@type":"Person","name":"Mariama Darame"}],"publisher":{"@type":"Organization","name":"Le Monde"}}'
        f"</script></head><body><article><h1>Monsoon in Kerala</h1>{MONSOON}</article></body></html>",
        encoding="utf-8",
    )
    assert load_meta(run_import_args(page).only_article())["author"] == "Mariama Darame"


def test_a_feeds_charset_given_by_the_server_alone_is_read(run_import_args: Callable[..., ImportResult]) -> None:
    from test_import_bounds import http_server

    feed = (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Gündem Haber</title>'
        "<item><title>Öğrenciler için yeni düzenleme: çığır açan karar</title><link>https://gundem.example/karar</link>"
        "<pubDate>Sun, 06 Dec 2026 11:00:00 +0300</pubDate><description>Milli Eğitim Bakanlığı öğrenciler için "
        "yeni bir düzenleme yaptığını açıkladı.</description></item></channel></rss>"
    ).encode("cp1254")

    def handler(request: Any) -> None:
        request.send_response(200)
        request.send_header("Content-Type", "application/rss+xml; charset=windows-1254")
        request.send_header("Content-Length", str(len(feed)))
        request.end_headers()
        request.wfile.write(feed)

    with http_server({"/feed": handler}) as port:
        text = run_import_args(f"http://127.0.0.1:{port}/feed").only_article()
    meta = load_meta(text)
    assert meta["title"] == "Öğrenciler için yeni düzenleme: çığır açan karar"
    assert meta["source"]["name"] == "Gündem Haber"
    assert body_of(text) == "Milli Eğitim Bakanlığı öğrenciler için yeni bir düzenleme yaptığını açıkladı."


def test_an_rss_date_in_any_zone_rfc_822_names_keeps_its_time_and_zone(
    run_import_args: Callable[..., ImportResult], tmp_path: Path
) -> None:
    """RSS dates are RFC 822's, whose CST is America's Central time and UT is UTC: in a feed
    neither is a zone to guess at, as CST or a bare time would be in a page's text."""
    feed = tmp_path / "latest.xml"
    items = "".join(
        f"<item><title>{title}</title><link>https://prairie.example/{slug}</link><pubDate>{when}</pubDate>"
        f"<description>{title}, the county said on Friday after a long debate in the council.</description></item>"
        for title, slug, when in (
            ("Grain silo fire contained", "silo", "Fri, 04 Dec 2026 11:30:00 CST"),
            ("County roads reopen after the storm", "roads", "Fri, 04 Dec 2026 11:30:00 UT"),
        )
    )
    feed.write_text(
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>Prairie Post</title>{items}</channel></rss>'
    )
    dates = {load_meta(text)["title"]: load_meta(text)["date"] for text in run_import_args(feed).articles().values()}
    assert dates == {
        "Grain silo fire contained": "2026-12-04T11:30:00-06:00",
        "County roads reopen after the storm": "2026-12-04T11:30:00+00:00",
    }


def test_an_items_source_names_its_outlet_and_leaves_its_title(
    run_import_args: Callable[..., ImportResult], tmp_path: Path
) -> None:
    """An aggregator's feed (Google News) names each story's outlet in RSS's <source> and after
    its headline; the channel's title is a search's."""
    feed = tmp_path / "news.xml"
    feed.write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>"harbor" - Google News</title>'
        "<link>https://news.google.com/search?q=harbor</link><item>"
        "<title>Harbor authority to expand northern pier - Harbor Gazette</title>"
        "<link>https://news.google.com/rss/articles/CBMiK2h0dHBz?oc=5</link>"
        "<pubDate>Sun, 06 Dec 2026 08:15:00 GMT</pubDate><description>The harbor authority said on Sunday "
        "that it would expand the northern pier by forty metres next spring.</description>"
        '<source url="https://harborgazette.example">Harbor Gazette</source></item></channel></rss>'
    )
    meta = load_meta(run_import_args(feed).only_article())
    assert meta["title"] == "Harbor authority to expand northern pier"
    assert meta["source"]["name"] == "Harbor Gazette"


def test_a_site_logo_in_the_h1_is_no_headline_even_when_the_title_names_the_site(
    run_import_args: Callable[..., ImportResult], tmp_path: Path
) -> None:
    """A classic WordPress theme: the site's name in an ``h1`` linking home on every page, the
    headline an ``h2.entry-title`` and the byline "<date> by <name>"; the site's tagline under
    the logo is no standfirst."""
    page = tmp_path / "museum.html"
    page.write_text(
        "<html lang='en-GB'><head><title>Harbour museum reopens after flood repairs | Northshore Echo</title>"
        "<meta property='og:site_name' content='Northshore Echo'>"
        "<meta property='article:published_time' content='2026-05-02T09:00:00+01:00'></head><body>"
        "<header><h1 class='site-title'><a href='https://northshore-echo.co.uk/'>Northshore Echo</a></h1>"
        "<p class='site-description'>Your local news since 1887</p></header><main><article class='post'>"
        "<h2 class='entry-title'>Harbour museum reopens after flood repairs</h2>"
        "<div class='entry-meta'>May 2, 2026 by <a href='/author/jp/'>James Pritchard</a></div>"
        "<div class='entry-content'><p>The Northshore Harbour Museum opened its doors again on Friday, eighteen "
        "months after a winter storm flooded its ground floor.</p><p>Volunteers spent the last month carrying more "
        "than 4,000 objects back from a warehouse where they had been stored and dried.</p></div></article></main>"
        "</body></html>",
        encoding="utf-8",
    )
    result = run_import_args(page)
    front = load_meta(result.only_article())
    assert result.summary.paths == ("content/articles/2026-05-02-harbour-museum-reopens-after-flood-repairs.md",)
    assert front["title"] == "Harbour museum reopens after flood repairs"
    assert front["source"]["name"] == "Northshore Echo"
    assert front["author"] == "James Pritchard"
    assert "summary" not in front
    assert body_of(result.only_article()).startswith("The Northshore Harbour Museum opened its doors")


def test_a_classic_wordpress_captions_photo_caption_and_credit(
    run_import_args: Callable[..., ImportResult], tmp_path: Path
) -> None:
    page = tmp_path / "museum.html"
    page.write_text(
        "<html lang='en-GB'><head><title>Harbour museum reopens - Northshore Echo</title>"
        "<link rel='canonical' href='https://northshore-echo.co.uk/harbour-museum-reopens/'>"
        "<meta property='article:published_time' content='2026-05-02T09:00:00+01:00'></head><body><article>"
        "<h1>Harbour museum reopens</h1><div class='entry-content'>"
        "<div id='attachment_991' class='wp-caption aligncenter'><img class='size-large wp-image-991' "
        "src='/wp-content/uploads/2026/05/museum.jpg' alt='' width='640' height='427'>"
        "<p class='wp-caption-text'>Volunteers carried 4,000 objects back into the museum. Picture: Anna Hughes</p>"
        "</div><p>The Northshore Harbour Museum opened its doors again on Friday, eighteen months after a winter "
        "storm flooded its ground floor.</p><p>Volunteers spent the last month carrying more than 4,000 objects "
        "back from a warehouse where they had been stored and dried.</p></div></article></body></html>",
        encoding="utf-8",
    )
    front = load_meta(run_import_args(page).only_article())
    assert front["image"] == {
        "src": "https://northshore-echo.co.uk/wp-content/uploads/2026/05/museum.jpg",
        "caption": "Volunteers carried 4,000 objects back into the museum.",
        "credit": "Anna Hughes",
    }


def test_full_takes_the_pages_category_over_the_feeds_categories_and_tags(
    run_import_args: Callable[..., ImportResult],
) -> None:
    """A WordPress feed lists an item's category and tags alike; its page tells them apart."""
    from test_import_bounds import http_server

    page = (
        b"<!DOCTYPE html><html><head><meta charset='utf-8'><title>Bike lanes approved - The Riverside Gazette</title>"
        b"<meta property='article:tag' content='cycling'><meta property='article:tag' content='transport'>"
        b"</head><body><article class='post type-post category-local-news'><header>"
        b"<span class='cat-links'><a href='/category/local-news/' rel='category tag'>Local News</a></span>"
        b"<h1 class='entry-title'>Bike lanes approved</h1></header><div class='entry-content'>"
        b"<p>After two years of debate, the Riverside city council voted 7-2 on Tuesday night to build protected "
        b"bike lanes along the length of Main Street.</p><p>The plan removes 140 parking spaces and narrows the "
        b"road to one lane in each direction.</p></div></article></body></html>"
    )

    routes: dict[str, Callable[[Any], None]] = {"/bike-lanes/": _send(page, "text/html")}
    with http_server(routes) as port:
        feed = (
            '<?xml version="1.0"?><rss version="2.0"><channel><title>The Riverside Gazette</title>'
            f"<item><title>Bike lanes approved</title><link>http://127.0.0.1:{port}/bike-lanes/</link>"
            "<pubDate>Tue, 03 Nov 2026 14:22:00 +0000</pubDate><category>Local News</category>"
            "<category>cycling</category><description>The council voted.</description></item></channel></rss>"
        ).encode()
        routes["/feed"] = _send(feed, "application/rss+xml")
        result = run_import_args(f"http://127.0.0.1:{port}/feed", "--full")
    meta = load_meta(result.only_article())
    assert (meta["section"], meta["topics"], meta["tags"]) == ("Local News", ["Local News"], ["cycling", "transport"])


@pytest.mark.parametrize(
    "tag",
    [
        '<meta name="date" content="2026-11-20T06:30:00+01:00">',
        '<meta name="parsely-pub-date" content="2026-11-20T06:30:00+01:00">',
        '<meta itemprop="datePublished" content="2026-11-20T06:30:00+01:00">',
    ],
)
def test_a_pages_other_date_tags_give_the_time_of_publication(
    run_import_args: Callable[..., ImportResult], tmp_path: Path, tag: str
) -> None:
    """No JSON-LD and no article:published_time: the time of day is not lost."""
    page = tmp_path / "sturm.html"
    page.write_text(
        f"<html lang='de'><head><title>Bahn streicht Verbindungen wegen Sturm</title>{tag}</head><body><article>"
        "<h1>Bahn streicht Verbindungen wegen Sturm</h1><p>Wegen des Sturmtiefs hat die Deutsche Bahn am Donnerstag "
        "Hunderte Verbindungen im Fernverkehr gestrichen. Besonders betroffen sind Strecken in Nordrhein-Westfalen."
        "</p><p>Ein Sprecher sagte, umgestürzte Bäume blockierten an mehreren Stellen die Gleise. Reisende sollten "
        "ihre Fahrt nach Möglichkeit verschieben.</p></article></body></html>",
        encoding="utf-8",
    )
    assert load_meta(run_import_args(page).only_article())["date"] == "2026-11-20T06:30:00+01:00"


def test_a_pages_paragraphs_parted_by_line_breaks_are_all_kept(
    run_import_args: Callable[..., ImportResult], tmp_path: Path
) -> None:
    """Text parted by <br><br> in a block without paragraphs, a "Lee también" link among it."""
    paragraphs = [
        "El Consejo de Ministros aprobó este martes una subida del salario mínimo interprofesional del 4,4%, hasta "
        "los 1.184 euros mensuales en catorce pagas.",
        "La medida, pactada con los sindicatos pero sin el apoyo de la patronal, beneficiará a unos 2,4 millones de "
        "trabajadores, según el Ministerio de Trabajo.",
        "La vicepresidenta segunda defendió que la subida es una cuestión de justicia y recordó que el salario "
        "mínimo ha crecido un 61% desde 2018.",
        "Los empresarios, por su parte, advierten de que el aumento puede frenar la contratación en el campo y en "
        "la hostelería.",
    ]
    page = tmp_path / "smi.html"
    page.write_text(
        "<html lang='es'><head><title>El Gobierno aprueba la subida del salario mínimo | Diario del Sur</title>"
        "<meta property='article:published_time' content='2026-02-10T12:45:00+01:00'></head><body>"
        "<div class='cmp-banner'>Utilizamos cookies propias y de terceros para mejorar nuestros servicios. Si "
        "continúa navegando, consideramos que acepta su uso. <a href='/cookies'>Política de cookies</a> "
        "<button>Aceptar</button></div>"
        "<div class='nota'><h1 class='titulo'>El Gobierno aprueba la subida del salario mínimo</h1>"
        "<div class='cuerpo'>\n"
        f"{paragraphs[0]}<br/><br/>\n{paragraphs[1]}<br/><br/>\n"
        "<b>Lee también:</b> <a href='/economia/paro-enero'>El paro sube en enero en 38.000 personas</a><br/><br/>\n"
        f"{paragraphs[2]}<br/><br/>\n{paragraphs[3]}</div></div></body></html>",
        encoding="utf-8",
    )
    assert body_of(run_import_args(page).only_article()).split("\n\n") == paragraphs


TRAIL_ABOVE = """<html lang="tr"><head><meta charset="utf-8"><title>{title} - Haber Merkezi</title></head><body>
<div class="menu"><a href="/">Anasayfa</a> | <a href="/gundem">Gündem</a> | <a href="/ekonomi">Ekonomi</a></div>
<div class="haber">{above}
<h1>{title}</h1>
<div class="tarih">27.06.2019 14:35</div>
<p>İstanbul'da 39 ilçede eş zamanlı deprem tatbikatı düzenlendi. Tatbikata öğrenciler, kamu çalışanları ve
gönüllüler katıldı, okullar ve hastaneler boşaltıldı.</p>
<p>AFAD yetkilileri, tatbikatın amacının olası bir depreme karşı halkın bilinçlenmesini sağlamak olduğunu
söyledi; arama kurtarma ekipleri senaryo gereği enkaz altındaki vatandaşlara ulaştı.</p>
</div></body></html>"""


@pytest.mark.parametrize(
    ("above", "section", "topics"),
    [
        ('<div class="kategori">Gündem / Türkiye</div>', "Gündem", ["Türkiye"]),  # written as a scrape's first line
        ('<span class="label">News › World › Europe</span>', "News", ["World", "Europe"]),
        ('<div class="kategori">Gündem</div>', "Gündem", ["Gündem"]),  # a label, its class in Turkish
        ('<nav class="menu">Gündem / Ekonomi / Spor</nav>', None, ["Uncategorized"]),  # a menu: no trail
        ("", None, ["Uncategorized"]),  # (the menu above the page's block is none either)
    ],
)
def test_a_trail_written_above_the_headline_gives_the_section_and_topics(
    above: str,
    section: str | None,
    topics: list[str],
    run_import_args: Callable[..., ImportResult],
    tmp_path: Path,
) -> None:
    page = tmp_path / "deprem.html"
    page.write_text(TRAIL_ABOVE.format(title="İstanbul'da deprem tatbikatı yapıldı", above=above), encoding="utf-8")
    result = run_import_args(page)
    assert result.summary.imported == 1
    front = load_meta(result.only_article())
    assert (front.get("section"), front["topics"]) == (section, topics)
    assert front["title"] == "İstanbul'da deprem tatbikatı yapıldı"


@pytest.mark.parametrize(
    ("line", "date"),
    [
        ("27.06.2019 14:35", "2019-06-27T14:35:00"),
        ("Yayınlanma: 27.06.2019 14:35 | Güncelleme: 27.06.2019 16:10", "2019-06-27T14:35:00"),
        (
            'Ayşe Demir | <time datetime="2019-06-27T14:35:00+03:00">27.06.2019 14:35</time>',
            "2019-06-27T14:35:00+03:00",
        ),
        ("Güncelleme: 27.06.2019 16:10", None),  # when it was changed, not when it was published
    ],
)
def test_a_page_whose_markup_gives_no_date_takes_the_date_line_under_its_headline(
    line: str, date: str | None, run_import_args: Callable[..., ImportResult], tmp_path: Path
) -> None:
    page = tmp_path / "deprem.html"
    html = TRAIL_ABOVE.replace("27.06.2019 14:35", line).format(title="İstanbul'da deprem tatbikatı yapıldı", above="")
    page.write_text(html, encoding="utf-8")
    result = run_import_args(page)
    assert result.summary.imported == 1
    front = load_meta(result.only_article())
    if date is None:
        assert "16:10" not in str(front["date"])
    else:
        assert (str(front["date"]), front.get("date_inferred")) == (date, None)
    assert "27.06.2019" not in body_of(result.only_article())


SECTION_FRONT = """<html><head><title>World - The Daily Ledger</title></head><body>
<nav><a href="/">Home</a> <a href="/world">World</a></nav>
<h1>World</h1>
<ul class="stories">
<li><a href="/a">Ceasefire talks resume in Cairo as pressure mounts on both sides</a> <span>2 hours ago</span></li>
<li><a href="/b">Floods hit northern Italy, forcing thousands from their homes</a> <span>3 hours ago</span></li>
<li><a href="/c">Elections called in Japan after the prime minister resigns</a> <span>5 hours ago</span></li>
</ul>
<footer>© The Daily Ledger</footer></body></html>"""


def test_a_sections_front_page_listing_headlines_is_not_an_article(
    run_import_args: Callable[..., ImportResult], tmp_path: Path
) -> None:
    page = tmp_path / "world.html"
    page.write_text(SECTION_FRONT, encoding="utf-8")
    result = run_import_args(page)
    assert result.error_lines == [
        f"{page}: error: not an article: a list of links to other pages (a section's front page, an index), no text"
    ]
    # An article whose paragraphs link to others is one.
    paragraphs = "".join(
        f'<p>{text} <a href="/{n}">{text}</a> and more words of its own about it, said officials on Monday.</p>'
        for n, text in enumerate(["Talks resumed in Cairo", "Floods hit Italy", "Japan votes"])
    )
    page.write_text(SECTION_FRONT.split("<ul")[0] + paragraphs + "</body></html>", encoding="utf-8")
    assert run_import_args(page).summary.imported == 1


def _mhtml(parts: list[tuple[str, str, bytes]], saved_from: str) -> str:
    """A page saved as one file as Chrome writes it: MIME headers, then each part (type,
    address, bytes), quoted-printable."""
    import quopri

    boundary = "----MultipartBoundary--digest----"
    head = (
        f"From: <Saved by Blink>\nSnapshot-Content-Location: {saved_from}\nSubject: A page\n"
        f'MIME-Version: 1.0\nContent-Type: multipart/related;\n\ttype="text/html";\n\tboundary="{boundary}"\n\n\n'
    )
    body = "".join(
        f"--{boundary}\nContent-Type: {kind}\nContent-Transfer-Encoding: quoted-printable\n"
        f"Content-Location: {address}\n\n{quopri.encodestring(data).decode('ascii')}\n"
        for kind, address, data in parts
    )
    return (head + body + f"--{boundary}--\n").replace("\n", "\r\n")


def test_a_page_saved_as_one_file_mhtml_is_imported_from_its_html(
    run_import_args: Callable[..., ImportResult], tmp_path: Path
) -> None:
    """A browser's "Webpage, Single File": the page's HTML part is read as a saved page, the
    address it was saved from is the source's."""
    address = "https://news.example.org/rates.html"
    page = BYLINED.replace(BYLINED.split("\n")[3], "").format(lead="").encode("utf-8")
    saved = tmp_path / "rates.mhtml"
    saved.write_text(_mhtml([("text/html", address, page), ("image/png", f"{address}.png", b"\x89PNG")], address))
    front = load_meta(run_import_args(saved).only_article())
    assert front["title"] == "Central bank holds rates for a third month"
    assert front["source"] == {"name": "Ankara Daily News", "url": address}


def test_a_saved_mhtml_file_without_a_page_is_refused(
    run_import_args: Callable[..., ImportResult], tmp_path: Path
) -> None:
    saved = tmp_path / "photo.mhtml"
    saved.write_text(_mhtml([("image/png", "https://example.org/a.png", b"\x89PNG")], "https://example.org/a.png"))
    result = run_import_args(saved)
    assert result.summary.failed == 1
    assert "not an article: a saved page (MHTML) that holds no HTML page" in result.err


def test_a_saved_mhtml_file_of_parts_nested_thousands_deep_is_refused_saying_so(
    run_import_args: Callable[..., ImportResult], tmp_path: Path
) -> None:
    levels = 3000
    text = 'From: <Saved by Blink>\nMIME-Version: 1.0\nContent-Type: multipart/related; boundary="b0"\n\n'
    text += "".join(
        f'--b{level - 1}\nContent-Type: multipart/related; boundary="b{level}"\n\n' for level in range(1, levels)
    )
    text += f"--b{levels - 1}\nContent-Type: text/html\n\n<html><body><p>A page.</p></body></html>\n"
    (tmp_path / "deep.mhtml").write_text(text, encoding="utf-8")
    result = run_import_args(tmp_path / "deep.mhtml")
    assert result.summary.failed == 1 and "nested too deep to read" in result.err


def test_a_saved_mhtml_file_imported_again_is_the_same_file(
    run_import_args: Callable[..., ImportResult], tmp_path: Path
) -> None:
    address = "https://news.example.org/rates.html"
    page = BYLINED.replace(BYLINED.split("\n")[3], "").format(lead="").encode("utf-8")
    saved = tmp_path / "rates.mhtml"
    saved.write_text(_mhtml([("text/html", address, page)], address))
    assert run_import_args(saved).summary.imported == 1
    again = run_import_args(saved)
    assert again.summary.skipped == 1 and "(the same file, imported before)" in again.out + again.err


# A newsletter-style page (a list of stories) with a schema.org block that it never shows,
# holding its date, its publisher and its text again: trafilatura's own extraction misses
# part of the list, and the fallback it then prefers reads the hidden block too.
HIDDEN_METADATA = """<html lang="en"><head><title>10 things in shipping you need to know today - Harbour Post</title></head>
<body><div id="main-content"><div class="container"><div class="row"><div class="span8">
<div data-content-post="" class="content post">
<div class="post-content"><p>%s</p><ol>%s</ol><p hidden>Take our reader survey.</p></div>
<div style="display:none;" itemscope="" itemtype="http://schema.org/Article">
<div itemprop="datePublished">2019-11-19T08:57:40+01:00</div>
<div itemprop="publisher" itemscope="" itemtype="http://schema.org/Organization"><div itemprop="name">HarbourPostDe</div></div>
<div itemprop="articleBody">
%s</div>
</div>
</div></div></div></div></div></body></html>"""
GREETING = "Good morning! This is the shipping news you need to know this Tuesday."
STORIES = [
    "The state attorney general is investigating the ferry operator amid layoffs. The company confirmed that it had"
    " been contacted by the attorney general's office, which will reportedly focus on its former chief executive.",
    "The port authority's chief is stepping down in May. He will hand over the reins to the chief operating officer,"
    " who has run the harbour's day-to-day business since 2017.",
    "The city wants the ferries to turn a profit by 2026. The mayor told the operator's executives to look for new"
    " sources of revenue as the council attempts to rescue the company.",
    "Commuters are now paying a third more for a crossing. A passengers' association said a month of crossings now"
    " costs about as much as a week of groceries for a family.",
    "Two electric ferries ordered last year will arrive in the spring. The shipyard said both had passed their sea"
    " trials in the Sea of Marmara last week.",
]


def test_what_the_page_never_shows_is_left_out(run_import_args: Callable[..., ImportResult], tmp_path: Path) -> None:
    """A schema.org block kept out of sight (its date, its publisher's name, the text again)
    and a ``hidden`` paragraph are no part of the article."""
    page = tmp_path / "shipping.html"
    listed = "".join(f"<li>{story}</li>" for story in STORIES)
    page.write_text(HIDDEN_METADATA % (GREETING, listed, GREETING + "\n\n" + "\n".join(STORIES)), encoding="utf-8")
    body = body_of(run_import_args(page).only_article())
    assert body == "\n\n".join([GREETING, "\n".join(f"{number}. {story}" for number, story in enumerate(STORIES, 1))])


def test_an_article_a_script_reveals_is_imported(run_import_args: Callable[..., ImportResult], tmp_path: Path) -> None:
    """The whole story in an element hidden until a script shows it (beside a long script of
    its own): it is the article, not something the page never shows."""
    page = tmp_path / "shipping.html"
    story = "".join(f"<p>{paragraph}</p>" for paragraph in STORIES)
    script = "<script>window.__STATE__ = " + '{"items": [' + ",".join(['{"id": 1}'] * 2000) + "]};</script>"
    html = (
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Ferry news of the week</title>'
        f"{script}</head><body><main><article><h1>Ferry news of the week</h1>"
        f'<div class="story" style="display: none">{story}</div></article></main></body></html>'
    )
    page.write_text(html, encoding="utf-8")
    assert body_of(run_import_args(page).only_article()) == "\n\n".join(STORIES)


TERMINAL = [
    "The harbour authority said on Monday that the new ferry terminal at Kadıköy would open in the spring, two years"
    " late and at twice the cost first announced.",
    "The delay followed a long dispute with the builder over the foundations, which had to be dug again after the"
    " first survey of the sea bed was found to be wrong.",
    "Commuters have used a temporary pier since the old terminal was pulled down, and its queues have grown longer"
    " every winter as storms cancelled crossings.",
    "The authority's chairman said the new terminal would handle twice as many passengers an hour and would have"
    " covered waiting rooms on both of its decks.",
    "Opposition members of the city council asked for the builder's contract to be published, saying the public had"
    " a right to know why the cost had doubled.",
    "The builder said the extra cost came from steel prices and from changes the authority itself had asked for"
    " after the work began.",
]


def test_an_article_body_written_in_parts_is_imported_whole(
    run_import_args: Callable[..., ImportResult], tmp_path: Path
) -> None:
    """The story in three parts of one class, a rail of advertisements and most-read links
    after each of the first two (as a magazine's layout writes it): all three parts, in their
    order, and nothing of the rails."""
    rail = (
        '<div class="ad-rail"><p>Advertisement</p><ul class="most-popular"><li><a href="/budget">Most read: the'
        ' city budget</a></li><li><a href="/derby">Most read: the derby</a></li></ul></div>'
    )
    parts = [TERMINAL[:2], TERMINAL[2:4], TERMINAL[4:]]
    chunks = "".join(
        f'<div class="grid"><div class="body article__body">{"".join(f"<p>{text}</p>" for text in part)}</div>'
        f"{rail if number < 2 else ''}</div>"
        for number, part in enumerate(parts)
    )
    page = tmp_path / "terminal.html"
    page.write_text(
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>New ferry terminal opens two years late'
        " | Harbour Post</title></head><body><main><article><h1>New ferry terminal opens two years late</h1>"
        f'<div class="article__chunks">{chunks}</div></article></main></body></html>',
        encoding="utf-8",
    )
    assert body_of(run_import_args(page).only_article()) == "\n\n".join(TERMINAL)


CALENDAR = [
    "The Stock Car Pro Series published its calendar for 2018 on Monday, with twelve rounds from April to December"
    " and a return to the Cascavel circuit after six years away.",
    "The season opens in Interlagos on April 1 and ends there on December 9, with the Million Race, the richest of"
    " the year, at Velo Città in the middle of the season.",
    "Organisers said the calendar could still change, as it often has in recent years, and that one round in"
    " November had yet to be given a circuit.",
]


def test_tags_under_their_label_and_the_rules_of_the_comments_after_the_text_are_left_out(
    run_import_args: Callable[..., ImportResult], tmp_path: Path
) -> None:
    """After the story, its tags as links on the line under a "Tags" label (a line long enough
    to pass for prose) and the rules of the page's comments: the story alone is the body, and
    the tags are the article's."""
    tags = ["stock car 2018", "stock car brasil", "cascavel", "interlagos", "velo città", "velopark", "tarumã",
            "santa cruz do sul", "londrina", "corrida do milhão"]  # fmt: skip
    links = ", ".join(f'<a href="/tag/{number}/">{tag}</a>' for number, tag in enumerate(tags))
    page = tmp_path / "calendar.html"
    page.write_text(
        '<!doctype html><html lang="pt-BR"><head><meta charset="utf-8"><title>Stock Car publishes its 2018 calendar'
        " | Auto Racing</title></head><body><main><article><h1>Stock Car publishes its 2018 calendar</h1>"
        '<div class="entry-content">'
        + "".join(f"<p>{paragraph}</p>" for paragraph in CALENDAR)
        + f"<p><strong>Tags<br>{links}</strong></p><p>ATENÇÃO: Comentários com textos ininteligíveis ou que faltem"
        " com respeito ao usuário não serão aprovados pelo moderador.</p></div></article></main></body></html>",
        encoding="utf-8",
    )
    text = run_import_args(page).only_article()
    assert body_of(text) == "\n\n".join(CALENDAR)
    assert load_meta(text)["tags"] == [tag for tag in tags if len(tag.split()) <= 4]
