"""Site furniture told by general signals in eleven languages, explained with --explain, and the
headline never taken from a banner, breadcrumb, date or byline."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from importer_helpers import ImportResult, body_of, load_meta

from digest.importer.furniture import classify
from digest.importer.settings import ImportSettings

FURNITURE = [
    "この記事は有料記事です。残り1203文字有料会員になると続きをお読みいただけます。",
    "本文为会员专享内容，订阅后即可阅读全文",
    "Haberin İngilizcesi için tıklayın",
    "Son dakika haberleri için bizi Twitter’dan takip edin",
    "Bu haber 12.345 kez okundu",
    "Hier kostenlos anmelden",
    # en
    "We use cookies to improve your experience. Accept and close",
    "Get the best of our journalism in your inbox every morning.",
    "Enter your email address",
    "Download the Daily Bosphorus app for the latest news",
    "Enable notifications to never miss a story",
    "Follow us on Instagram",
    "1.2K shares · 48 comments",
    "Don't miss a story: subscribe today",
    "Support the Guardian",
    "Diskussion (245 Beiträge)",
    "Yorumlar (12)",
    "Jetzt SPIEGEL+ testen und 4 Wochen für 1 € lesen. Jederzeit kündbar.",
    "Fund independent journalism with £5 per month",
    "Support independent journalism",
    "Follow Daily Sabah on Google News",
    "Already a subscriber? Log in",
    "Reject all",
    # tr
    "Bizi Twitter'dan takip edin",
    "Daha fazla bilgi için çerez politikamızı inceleyin",
    "Günün öne çıkan haberleri için bültenimize abone olun",
    "Kabul et ve kapat",
    # de
    "Abonnieren Sie unseren Newsletter",
    "Wir verwenden Cookies, um Ihnen das beste Erlebnis zu bieten",
    "Lesen Sie auch: Die Lira fällt weiter",
    # fr
    "Suivez-nous sur Facebook",
    "Nous utilisons des cookies pour améliorer votre expérience",
    "Lire aussi : Chypre, le dossier qui divise toujours",
    # es
    "Suscríbete a nuestro boletín",
    "Utilizamos cookies propias y de terceros",
    "Descarga la aplicación de noticias",
    # ar
    "تابعنا على تويتر",
    "اشترك في النشرة البريدية",
    "يستخدم هذا الموقع ملفات تعريف الارتباط",
    # it, pt, nl, pl, ru
    "Iscriviti alla nostra newsletter",
    "Leggi anche: Il governo cade",
    "Tutti i diritti riservati",
    "Assine nossa newsletter",
    "Leia também: Governo anuncia novo plano",
    "Schrijf je in voor onze nieuwsbrief",
    "Lees ook: Kabinet valt over stikstof",
    "Zapisz się do newslettera",
    "Czytaj także: Rząd przyjął budżet",
    "Wszelkie prawa zastrzeżone",
    "Подписывайтесь на наш канал в Telegram",
    "Читайте также: Путин встретился с Эрдоганом",
    "Все права защищены",
    # the rights line of other languages' sites
    "Усі права захищені",
    "Με επιφύλαξη παντός δικαιώματος",
    "Všechna práva vyhrazena",
    "Minden jog fenntartva",
    "Toate drepturile rezervate",
    "Alla rättigheter förbehållna",
    "Kaikki oikeudet pidätetään",
    "Hak cipta dilindungi undang-undang",
    "כל הזכויות שמורות",
    "تمامی حقوق این سایت محفوظ است",
    "版权所有 新华网",
    "無断転載を禁じます",
    # asking to share the article, in its words and the site's language
    "Share this article on social media",
    "Comparte esta noticia en tus redes sociales",
    "Partagez cet article sur les réseaux sociaux",
    "Teilen Sie diesen Artikel",
    "Join us on social media",
    # what a sign-up form says once sent, or failing, and the title of its box
    "Thanks for signing up!",
    "Keep an eye on your inbox for the latest sports news.",
    "There was an error processing your subscription.",
    "You're all signed up!",
    "Merci pour votre inscription !",
    "Pick Six Newsletter",
    "Newsletter: The Morning Brief",
    # a sharing form's messages, the buttons of reprints and printing, and who may copy the text
    "An error has occurred, please try again later.",
    "This article has been sent to",
    "Order Reprints",
    "Print Article",
    # the fields of a comment form, each marked required
    "Your browser does not support the audio element.",
    "Join thought-provoking conversations, follow other Independent readers and see their replies",
    "Name *",
    "Website *",
    "This copy is for your personal, non-commercial use only. To order presentation-ready copies for distribution to"
    " your colleagues, clients or customers visit http://www.djreprints.com.",
]  # fmt: skip

ARTICLE_TEXT = [
    "日本銀行は金融政策決定会合で、政策金利を0.5%に引き上げることを決めた。有料会員制度の見直しも議論された。"
    "植田総裁は記者会見で、物価の基調的な上昇率が2%に向けて高まっていくとの見通しを示した。",
    "Bakan, vatandaşların uyarılara uymasını ve resmi açıklamaları takip etmesini istedi.",
    "Share prices fall",
    "Turkey and Russia agree on deal",
    "Why it matters",
    "The government will allow cookies to be regulated.",
    "Officials said they would follow the rules set out by the European Union.",
    "Millions of people subscribe to streaming services in Turkey, a survey published on Monday found.",
    "Türkiye ile Yunanistan deniz yetki alanları konusunda görüşmelere yeniden başladı.",
    "Die Regierung in Ankara kündigte am Dienstag neue Maßnahmen an.",
    "Le gouvernement a annoncé mardi de nouvelles mesures pour soutenir la livre.",
    "El gobierno anunció el martes nuevas medidas para apoyar a la lira.",
    "أعلنت الحكومة التركية يوم الثلاثاء عن إجراءات جديدة لدعم الليرة.",
    "Greece rejects Turkish proposal",
    "Accept or reject: Greece weighs Turkish offer",
    "Download speeds in Turkey lag behind Europe",
    "Subscribers to the service rose by 12 percent last year, the company said.",
    "Become a member of the EU? Not so fast",
    "Il governo accetta la proposta dell'opposizione sul bilancio per il prossimo anno.",
    "Os deputados aceitaram a proposta do governo na votação de terça-feira.",
    "De minister las ook het rapport voor aan de Tweede Kamer.",
    "Правительство должно принять решение до конца недели, сообщили в Кремле.",
    "Канал Россия-1 показал интервью с президентом.",
    "Rent rises to £1,500 a month",
    "Support the farmers, says minister",
    "The minister said on social media that the talks would resume.",
    "Social media users shared videos of the flooding in Izmir on Tuesday.",
    "Many people share this article's concerns about the economy, officials said.",
    "This article was amended on 3 June to correct the name of the minister.",
    "He said thanks for signing up to the deal had been slow in coming.",
    "The newsletter business is booming again, analysts said.",
    "Newsletters are back",
    "An error has occurred in the plant's cooling system, the ministry said on Tuesday.",
    "Print media lost readers again last year, the survey found.",
    "A currency exchange office in Istanbul, on October 21, 2021. © Umit Bektas, Reuters",
]


@pytest.mark.parametrize("line", FURNITURE)
def test_furniture_is_told_by_what_it_says(line: str) -> None:
    assert classify(line) is not None, line


COMMENT_RULES = [
    "ATENÇÃO: Comentários com textos ininteligíveis ou que faltem com respeito ao usuário não serão aprovados pelo"
    " moderador.",
    "Comments are moderated and may be removed if they break our community guidelines.",
    "Yorumunuz onaylandıktan sonra yayınlanacaktır.",
    "Kommentare werden vor der Freischaltung geprüft.",
    "Les commentaires sont modérés.",
]


@pytest.mark.parametrize("line", COMMENT_RULES)
def test_the_rules_of_the_comments_are_furniture_around_the_text(line: str) -> None:
    """Around the text (after it, or above the headline) the rules of the comments are the
    page's; in it, a sentence about someone's comments being moderated is the story's."""
    assert classify(line, "tail") is not None and classify(line, "head") is not None, line
    assert classify("His comments were moderated by the party leadership before the vote, aides said.") is None


@pytest.mark.parametrize("line", ARTICLE_TEXT)
def test_article_text_is_kept(line: str) -> None:
    assert classify(line) is None, line


def test_position_tips_a_borderline_line() -> None:
    line = "Listen to our podcast"
    assert classify(line, "body") is not None or classify(line, "tail") is not None
    assert classify("Watch the video", "body") is None


@pytest.mark.parametrize(
    "line", ["Back to newsroom", "Zurück zur Listenansicht", "Zurück nach oben", "Retour à la liste"]
)
def test_a_short_line_leading_back_is_furniture_around_the_text_not_in_it(line: str) -> None:
    assert classify(line, "tail") is not None and classify(line, "head") is not None
    assert classify(line, "body") is None  # "Back to school" may be a subheading
    assert classify("He went back to the office after the vote.", "tail") is None


@pytest.mark.parametrize(
    "line",
    [
        "View comments",
        "Show 12 comments",
        "💬 Ver comentarios",
        "Kommentare anzeigen",
        "Comments",
        "Share this article",
        "شارك هذا المقال",
        "طباعة",
        "Partager cet article",
        "Compartir esta noticia",
        "Condividi questo articolo",
        "Udostępnij",
        "Поделиться",
        "Drucken",
        "Imprimir",
    ],
)
def test_a_link_to_the_comments_is_furniture(line: str) -> None:
    assert classify(line, "tail") is not None, line


@pytest.mark.parametrize(
    "line", ["分享到：微博 微信", "扫一扫，关注我们的微信公众号", "返回顶部", "シェアする", "ページの先頭へ"]
)
def test_chinese_and_japanese_furniture_is_told_without_word_boundaries(line: str) -> None:
    assert classify(line, "tail") is not None, line


SCRAPE = """We use cookies to give you the best experience on our site. Accept and close
Home > Economy > Markets
Lira hits record low as central bank holds rates
By Selin Kaya
3 June 2024
The Turkish lira fell to a record low against the dollar on Monday after the central bank kept its main interest rate unchanged, surprising some investors.
Analysts said the decision showed that policymakers were willing to accept a weaker currency to support growth in the months ahead.
Download the Bosphorus Daily app for the latest news
"The bank is buying time," said one economist in Istanbul, who asked not to be named because he was not authorised to speak.
Tags: Lira, Central Bank, Markets
Sign up for our newsletter and get the best stories in your inbox
Enter your email address
Bizi Twitter'dan takip edin
"""


def test_a_banner_above_the_breadcrumb_is_not_the_headline(
    run_import_args: Callable[..., ImportResult], tmp_path: Path
) -> None:
    source = tmp_path / "lira.txt"
    source.write_text(SCRAPE, encoding="utf-8")
    result = run_import_args(source, "--explain")
    text = result.only_article()
    meta = load_meta(text)
    assert meta["title"] == "Lira hits record low as central bank holds rates"
    assert list(result.articles()) == ["2024-06-03-lira-hits-record-low-as-central-bank-holds-rates.md"]
    assert (meta["section"], meta["topics"], meta["tags"]) == (
        "Economy",
        ["Markets"],
        ["Lira", "Central Bank", "Markets"],
    )
    assert meta["author"] == "Selin Kaya"
    body = body_of(text)
    assert body.startswith("The Turkish lira fell to a record low")
    assert body.endswith("because he was not authorised to speak.")
    for gone in ("cookies", "Download", "newsletter", "email", "takip"):
        assert gone not in body
    explained = [line for line in result.out.splitlines() if " left out " in line]
    assert f"{source}: left out 'Download the Bosphorus Daily app for the latest news': " in "\n".join(explained)
    assert any("We use cookies" in line and "consent or privacy vocabulary" in line for line in explained)
    assert any("takip edin" in line for line in explained)
    assert len(explained) >= 5


@pytest.mark.parametrize(
    ("first_lines", "title"),
    [
        ("News / World\n27 June 2019\nBy Jane Doe\nTurkey buys Russian missiles despite US warnings", "Turkey buys Russian missiles despite US warnings"),
        ("Subscribe to our newsletter\nMiddle East | Turkey\nTurkey buys Russian missiles despite US warnings", "Turkey buys Russian missiles despite US warnings"),
        ("Çerezleri kabul ediyor musunuz? Kabul et\nDünya / Avrupa\nTürkiye Rus füzeleri aldı, ABD uyardı", "Türkiye Rus füzeleri aldı, ABD uyardı"),
    ],
)  # fmt: skip
def test_the_headline_is_never_a_banner_breadcrumb_date_or_byline(
    run_import_args: Callable[..., ImportResult], tmp_path: Path, first_lines: str, title: str
) -> None:
    source = tmp_path / "story.txt"
    body = (
        "Officials in Ankara confirmed the purchase on Thursday, saying the deal had been signed months ago.\n"
        "Washington has warned that the system cannot work alongside NATO equipment in the region.\n"
    )
    source.write_text(f"{first_lines}\n{body}", encoding="utf-8")
    result = run_import_args(source, "--date", "2019-06-27")
    assert load_meta(result.only_article())["title"] == title


STORIES = {
    "ferries": (
        "Ferry fares rise in Istanbul from Monday",
        "Istanbul's ferries will cost more from Monday, the city council said in a statement on Friday.",
        "The rise follows months of debate about the price of public transport in the city.",
    ),
    "bridge": (
        "Third bridge traffic doubles in a year",
        "Traffic on the third Bosphorus bridge doubled last year, the operator said on Tuesday.",
        "The bridge opened in 2016 and was long criticised for carrying too few vehicles.",
    ),
    "metro": (
        "New metro line opens to the airport",
        "A new metro line between the city centre and the airport opened on Wednesday after years of delay.",
        "Officials said the line would carry 600,000 passengers a day once it runs at full capacity.",
    ),
}
OUTLET_LINES = ("Bosphorus Daily, independent since 1998", "Anatolia Bank brings you this story")


def _write_story(folder: Path, key: str) -> Path:
    title, first, second = STORIES[key]
    path = folder / f"{key}.txt"
    path.write_text(
        f"{title}\n3 June 2024\n{first}\n{OUTLET_LINES[1]}\n{second}\n{OUTLET_LINES[0]}\n© 2024 Bosphorus Daily\n",
        encoding="utf-8",
    )
    return path


def test_lines_recurring_across_one_sources_articles_are_its_furniture(
    run_import_args: Callable[..., ImportResult], tmp_path: Path
) -> None:
    sources = [_write_story(tmp_path, key) for key in STORIES]
    result = run_import_args(*sources, "--explain")
    assert result.summary.imported == 3, result.err
    for text in result.articles().values():
        assert load_meta(text)["source"] == {"name": "Bosphorus Daily"}
        body = body_of(text)
        assert not any(line in body for line in OUTLET_LINES), body
    assert "recurs in other articles of the same source" in result.out


def test_a_single_scrape_keeps_lines_it_cannot_tell_apart(
    run_import_args: Callable[..., ImportResult], tmp_path: Path
) -> None:
    result = run_import_args(_write_story(tmp_path, "ferries"))
    assert OUTLET_LINES[0] in body_of(result.only_article())


def test_furniture_is_learned_from_the_sources_articles_already_in_content(
    run_import_args: Callable[..., ImportResult], tmp_path: Path
) -> None:
    first = run_import_args(_write_story(tmp_path, "ferries"))
    assert OUTLET_LINES[0] in body_of(first.only_article())  # alone, nothing to compare with
    result = run_import_args(_write_story(tmp_path, "bridge"))  # compared with the ferries article on disk
    bridge = next(text for name, text in result.articles().items() if "bridge" in name)
    assert OUTLET_LINES[0] not in body_of(bridge)
    assert "Traffic on the third Bosphorus bridge doubled" in body_of(bridge)


def test_two_copies_of_one_story_are_not_furniture_for_each_other(
    run_import_args: Callable[..., ImportResult], tmp_path: Path
) -> None:
    first = _write_story(tmp_path, "ferries")
    copy = tmp_path / "ferries-copy.txt"
    copy.write_text(first.read_text(encoding="utf-8").replace("Monday", "Monday morning", 1), encoding="utf-8")
    result = run_import_args(first, copy, "--date", "2024-06-03")
    texts = list(result.articles().values())
    assert texts and "Istanbul's ferries will cost more" in body_of(texts[0])


def test_a_story_scraped_again_is_not_furniture_for_its_earlier_import(
    run_import_args: Callable[..., ImportResult], tmp_path: Path
) -> None:
    """The outlet changed one paragraph and the story was scraped again: compared with the
    article already in content/ (its body, not its front matter), it is a copy, not furniture."""
    first = _write_story(tmp_path, "ferries")
    assert run_import_args(first, "--date", "2024-06-03").summary.imported == 1
    again = tmp_path / "ferries-again.txt"
    again.write_text(first.read_text(encoding="utf-8").replace("months of", "months of heated"), encoding="utf-8")
    result = run_import_args(again, "--date", "2024-06-03")
    assert result.summary.failed == 0, result.out
    texts = [text for name, text in result.articles().items() if name.endswith("-2.md")]
    assert texts and "Istanbul's ferries will cost more" in body_of(texts[0])


def test_without_a_breadcrumb_topics_are_suggested_from_the_sites_topics(
    site: Path, run_import_args: Callable[..., ImportResult], tmp_path: Path
) -> None:
    articles = site / "content" / "articles"
    articles.mkdir(parents=True, exist_ok=True)
    for slug, topics in (("a", "[Transport, Istanbul]"), ("b", "[Economy]"), ("c", "[Transport]")):
        (articles / f"2024-01-0{len(slug)}-{slug}.md").write_text(
            f"---\ntitle: {slug}\ndate: 2024-01-01\ntopics: {topics}\n---\nText of {slug}.\n", encoding="utf-8"
        )
    source = _write_story(tmp_path, "ferries")
    result = run_import_args(source)
    new = next(text for name, text in result.articles().items() if "ferry" in name)
    assert load_meta(new)["topics"] == ["Istanbul"]
    assert f"{source}: topics suggested from the site's topics: Istanbul (--topic sets them)" in result.out
    chosen = run_import_args(_write_story(tmp_path, "bridge"), "--topic", "Transport")
    bridge = next(text for name, text in chosen.articles().items() if "bridge" in name)
    assert load_meta(bridge)["topics"] == ["Transport"]
    assert "suggested" not in chosen.out


def test_dry_run_verbose_explains_too(run_import_args: Callable[..., ImportResult], tmp_path: Path) -> None:
    source = tmp_path / "lira.txt"
    source.write_text(SCRAPE, encoding="utf-8")
    result = run_import_args(source, "--dry-run", "-v")
    assert result.articles() == {}
    assert f"{source}: left out 'Enter your email address': asks for an e-mail address" in result.out


def test_scrapes_that_name_no_source_learn_from_each_other_in_one_import(
    run_import_args: Callable[..., ImportResult], tmp_path: Path
) -> None:
    sources = []
    for key in STORIES:
        path = _write_story(tmp_path, key)
        path.write_text(path.read_text(encoding="utf-8").replace("© 2024 Bosphorus Daily\n", ""), encoding="utf-8")
        sources.append(path)
    result = run_import_args(*sources)
    assert result.summary.imported == 3, result.err
    for text in result.articles().values():
        assert "source" not in load_meta(text)
        assert not any(line in body_of(text) for line in OUTLET_LINES)


@pytest.mark.parametrize(
    "line",
    [
        "Send Facebook X WhatsApp",
        "Print Permalink https://p.dw.com/p/4gR2T",
        "Share this update",
        "1 / 5",  # a gallery's slide counter
        "1.2K Followers",
        "Since you’re here … we have a small favour to ask…",
        "Article réservé aux abonnés",
        "Offrir cet article",
        "Réutiliser ce contenu",
        "Temps de Lecture 3 min.",
        "Follow AP’s coverage of the Turkey-Syria earthquake at https://apnews.com/hub/turkey-syria-earthquake",
        "Anadolu Agency website contains only a portion of the news stories offered to subscribers in the AA News "
        "Broadcasting System (HAS), and in summarized form. Please contact us for subscription options.",
    ],
)
def test_outlets_share_bars_and_notices_are_furniture(line: str) -> None:
    assert ImportSettings().boilerplate_for(None).reason(line, "tail") is not None


@pytest.mark.parametrize("line", ["X marks the spot", "Send in the troops", "Share prices fell sharply on Tuesday."])
def test_text_that_starts_like_a_share_bar_is_text(line: str) -> None:
    assert ImportSettings().boilerplate_for(None).reason(line, "body") is None


@pytest.mark.parametrize(
    "line",
    [
        "Thanks for reading Turkish Economy Weekly! Subscribe for free to receive new posts and support my work.",
        "Danke fürs Lesen! Abonnieren Sie kostenlos, um neue Beiträge zu erhalten.",
        "Merci de votre lecture ! Abonnez-vous gratuitement pour recevoir les prochains articles.",
        "Thanks for reading!",
    ],
)
def test_a_newsletters_sign_off_after_the_text_is_furniture(line: str) -> None:
    assert classify(line, "tail") is not None, line
    assert classify("Thanks to a reader, the council read the report again and reversed its decision.", "tail") is None


def test_a_posts_closing_thanks_and_call_to_subscribe_is_left_out(
    run_import_args: Callable[..., ImportResult], tmp_path: Path
) -> None:
    page = tmp_path / "lira.html"
    page.write_text(
        "<html lang='en'><head><title>Why the lira keeps falling - by Emre Deliveli - Turkish Economy Weekly</title>"
        "<meta property='article:published_time' content='2024-03-04T13:02:11.000Z'></head><body><article>"
        "<h1 class='post-title'>Why the lira keeps falling</h1><div class='body markup'><p>The Turkish lira lost "
        "another 3% against the dollar in February, bringing its decline over the past year to nearly 40%. Here is "
        "what is driving it.</p><p>Even after the central bank raised its policy rate to 45%, inflation is running "
        "at 67%. That leaves real interest rates deeply negative.</p><p>Thanks for reading Turkish Economy Weekly! "
        "Subscribe for free to receive new posts and support my work.</p></div></article></body></html>",
        encoding="utf-8",
    )
    body = body_of(run_import_args(page).only_article())
    assert body.endswith("That leaves real interest rates deeply negative.")


@pytest.mark.parametrize(
    "line",
    [
        "Like this story? Follow us on Facebook for more local news.",
        "Want more? Sign up for our free newsletter.",
        "¿Te gustó esta nota? Síguenos en Instagram.",
    ],
)
def test_a_call_to_action_after_a_question_to_the_reader_is_furniture(line: str) -> None:
    assert classify(line, "tail") is not None, line
    assert classify("Why does it matter? Share prices fell sharply on Monday after the announcement.", "tail") is None


def test_a_pages_closing_question_and_call_to_follow_is_left_out(
    run_import_args: Callable[..., ImportResult], tmp_path: Path
) -> None:
    page = tmp_path / "museum.html"
    page.write_text(
        "<html lang='en'><head><title>Harbour museum reopens - Northshore Echo</title>"
        "<meta property='article:published_time' content='2026-05-02T09:00:00+01:00'></head><body><article>"
        "<h1>Harbour museum reopens</h1><p>The Northshore Harbour Museum opened its doors again on Friday, eighteen "
        "months after a winter storm flooded its ground floor.</p><p>Volunteers spent the last month carrying more "
        "than 4,000 objects back from a warehouse where they had been stored and dried.</p><p><strong>Like this "
        "story? <a href='https://facebook.com/northshoreecho'>Follow us on Facebook</a> for more local news."
        "</strong></p></article></body></html>",
        encoding="utf-8",
    )
    result = run_import_args(page, "--explain")
    assert body_of(result.only_article()).endswith("where they had been stored and dried.")
    explained = next(line for line in result.out.splitlines() if "Like this story?" in line)
    assert explained.endswith(
        ": opens with a call to action ('Follow'); points at 'Facebook'; after the article's last paragraph"
    )


CONSENT_NOTICES = [
    "Sitemizde çerezler kullanılmaktadır. Detaylı bilgi için çerez politikamızı inceleyebilirsiniz.",
    "Wir verwenden Cookies, um Ihnen das beste Nutzererlebnis zu bieten. Mehr dazu in unserer Datenschutzerklärung.",
    "Utilizamos cookies propias y de terceros para mejorar nuestros servicios. Consulte nuestra política de cookies.",
]


@pytest.mark.parametrize("notice", CONSENT_NOTICES)
def test_a_cookie_notice_written_as_sentences_above_the_breadcrumb_leaves_the_headline(
    run_import_args: Callable[..., ImportResult], tmp_path: Path, notice: str
) -> None:
    source = tmp_path / "faiz.txt"
    source.write_text(
        f"{notice}\nAnasayfa > Ekonomi > Finans\nMerkez Bankası faizi sabit tuttu\n04.12.2026 14:05\n"
        "Türkiye Cumhuriyet Merkez Bankası (TCMB), Para Politikası Kurulu toplantısında politika faizini yüzde "
        "35'te sabit tuttu.\nKurul, enflasyondaki düşüş eğiliminin sürdüğünü ancak hizmet fiyatlarındaki katılığın "
        "devam ettiğini belirtti.\n",
        encoding="utf-8",
    )
    result = run_import_args(source, "--explain")
    assert load_meta(result.only_article())["title"] == "Merkez Bankası faizi sabit tuttu"
    assert body_of(result.only_article()).startswith("Türkiye Cumhuriyet Merkez Bankası (TCMB)")
    assert f"{source}: left out '{notice[:40]}" in result.out
    assert classify(notice) is None  # in the text, a sentence about cookies may be the article's own


def test_a_pages_cookie_notice_above_the_headline_is_left_out(
    run_import_args: Callable[..., ImportResult], tmp_path: Path
) -> None:
    """A page whose paragraphs are parted by <br>: its main text is taken with the banner."""
    page = tmp_path / "faiz.html"
    page.write_text(
        "<html lang='tr'><head><title>Merkez Bankası faizi sabit tuttu | Anadolu Postası</title>"
        "<meta property='article:published_time' content='2026-12-04T14:05:00+03:00'></head><body>"
        "<div class='kvkk-banner'>Sitemizde çerezler kullanılmaktadır. Detaylı bilgi için <a href='/cerez'>çerez "
        "politikamızı</a> inceleyebilirsiniz. <button>Kabul Et</button></div><h1>Merkez Bankası faizi sabit tuttu</h1>"
        "<div class='haber-metni'>Türkiye Cumhuriyet Merkez Bankası (TCMB), Para Politikası Kurulu toplantısında "
        "politika faizini yüzde 35'te sabit tuttu.<br><br>Kurul, enflasyondaki düşüş eğiliminin sürdüğünü ancak "
        "hizmet fiyatlarındaki katılığın devam ettiğini belirtti.</div></body></html>",
        encoding="utf-8",
    )
    result = run_import_args(page, "--explain")
    assert body_of(result.only_article()).startswith("Türkiye Cumhuriyet Merkez Bankası (TCMB)")
    assert "above the headline" in next(line for line in result.out.splitlines() if "Sitemizde" in line)
