"""Chinese and Japanese articles, written without spaces between words: imported whole, with
their dates and without their sites' furniture, and counted by their length in the build."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from importer_helpers import ImportResult, load_meta

from digest.model import count_words

SCRAPE = """\
新闻 / 国际
中国与土耳其签署新的贸易协定
2024年3月5日 10:30
两国代表在安卡拉签署了一项新的贸易协定，涉及能源、农业和基础设施等多个领域。
根据协议，双方将在未来五年内把双边贸易额提高到五百亿美元，并简化海关手续。
土耳其贸易部长表示，这项协定将为两国企业带来更多合作机会，也有助于稳定地区经济。
分享到：微博 微信
扫一扫，关注我们的微信公众号
版权所有 © 2024 新华网
"""

PAGE = """\
<!doctype html><html lang="ja"><head><meta charset="utf-8">
<title>NEWS WEB EASY|子どもへの体罰を禁止する法律ができる</title>
<meta property="og:site_name" content="NEWS WEB EASY">
<meta property="article:published_time" content="2019-06-20T12:00:00+09:00"></head>
<body><header><a href="/">NEWS WEB EASY</a></header><article><h1>子どもへの体罰を禁止する法律ができる</h1>
<p>子どもへの虐待をなくすための法律ができて、親が子どもを教育するために、体罰を禁止することになりました。</p>
<p>最近、親に虐待された子どもを児童相談所が守ることができなくて、子どもが亡くなる事件が続いています。</p>
</article><footer><p>シェアする</p><p>ページの先頭へ</p></footer></body></html>
"""


def test_a_chinese_scrape_is_imported_with_its_date_section_and_text(
    run_import_args: Callable[..., ImportResult], tmp_path: Path
) -> None:
    (tmp_path / "zh.txt").write_text(SCRAPE, encoding="utf-8")
    result = run_import_args(tmp_path / "zh.txt")
    assert result.summary.imported == 1, result.err
    text = result.only_article()
    assert 'title: "中国与土耳其签署新的贸易协定"' in text
    assert "date: 2024-03-05T10:30:00" in text and "date_inferred" not in text
    assert "section: 新闻" in text and "topics: [国际]" in text
    body = text.split("---\n", 2)[2]
    assert body.startswith("两国代表在安卡拉签署了一项新的贸易协定") and body.rstrip().endswith(
        "也有助于稳定地区经济。"
    )
    for furniture in ("分享到", "公众号", "版权所有"):
        assert furniture not in body


def test_a_japanese_page_is_imported_whole_under_its_headline(
    run_import_args: Callable[..., ImportResult], tmp_path: Path
) -> None:
    (tmp_path / "ja.html").write_text(PAGE, encoding="utf-8")
    result = run_import_args(tmp_path / "ja.html")
    assert result.summary.imported == 1, result.err  # not refused as "no main text"
    text = result.only_article()
    assert 'title: "子どもへの体罰を禁止する法律ができる"' in text and "source: {name: NEWS WEB EASY}" in text
    assert "体罰を禁止することになりました。" in text and "事件が続いています。" in text
    assert "シェア" not in text and "ページの先頭へ" not in text


def test_words_of_scripts_without_spaces_are_counted_by_length() -> None:
    assert count_words("Istanbul votes again") == 3
    assert count_words("两国代表在安卡拉签署了一项新的贸易协定") == 10  # 19 characters, two a word
    assert count_words("Ankara 和 Washington") == 3
    assert count_words("ที่ดินใหม่") == 2  # Thai: six letters (its vowel and tone marks not counted), four a word


def test_a_short_japanese_news_item_keeps_its_paragraphs_apart_and_leaves_the_paywall_out(
    run_import_args: Callable[..., ImportResult], tmp_path: Path
) -> None:
    """A hundred and fifty characters of text: a short item in Japanese, not a page too short
    to have an article (whose text would be taken run together with its notices)."""
    page = tmp_path / "snow.html"
    page.write_text(
        "<!doctype html><html lang='ja'><head><meta charset='utf-8'><title>東京で初雪、平年より５日遅く｜東都新聞</title>"
        "<meta property='article:published_time' content='2026-12-05T07:12:00+09:00'></head><body><article>"
        "<h1>東京で初雪、平年より５日遅く</h1>"
        "<p>気象庁は５日朝、東京都心で初雪を観測したと発表した。平年より５日遅く、昨年より１２日遅い観測となった。</p>"
        "<p>都心の最低気温は０.８度まで下がり、今季一番の冷え込みとなった。交通機関への大きな影響は出ていない。</p>"
        "<p>気象庁によると、６日にかけて関東の山沿いでは積雪のおそれがあるという。</p>"
        "<div class='paywall'><p>この記事は有料記事です。残り820文字</p><p>有料会員になると続きをお読みいただけます。</p>"
        "<a href='/login'>ログイン</a></div></article></body></html>",
        encoding="utf-8",
    )
    body = run_import_args(page).only_article().split("---\n", 2)[2].strip()
    assert body.split("\n\n") == [
        "気象庁は５日朝、東京都心で初雪を観測したと発表した。平年より５日遅く、昨年より１２日遅い観測となった。",
        "都心の最低気温は０.８度まで下がり、今季一番の冷え込みとなった。交通機関への大きな影響は出ていない。",
        "気象庁によると、６日にかけて関東の山沿いでは積雪のおそれがあるという。",
    ]


def test_a_japanese_date_line_with_its_hour_and_minute_in_kanji_gives_the_date_and_time(
    run_import_args: Callable[..., ImportResult], tmp_path: Path
) -> None:
    """``2026年12月5日 7時12分``, as Japanese outlets write when an item was published."""
    (tmp_path / "snow.txt").write_text(
        "社会 / 天気\n東京で初雪、平年より５日遅く\n2026年12月5日 7時12分\n"
        "気象庁は５日朝、東京都心で初雪を観測したと発表した。平年より５日遅く、昨年より１２日遅い観測となった。\n"
        "都心の最低気温は０.８度まで下がり、今季一番の冷え込みとなった。交通機関への大きな影響は出ていない。\n",
        encoding="utf-8",
    )
    result = run_import_args(tmp_path / "snow.txt")
    text = result.only_article()
    assert "date: 2026-12-05T07:12:00\n" in text and "date_inferred" not in text, result.err
    assert "7時12分" not in text


XINHUA_STYLE = """\
<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>北京发布新一轮消费券_新华网</title></head><body>
<div class="nav"><a href="/">首页</a> <a href="/fortune">财经</a></div>
<div class="main"><div class="crumb">首页 > 财经 > 正文</div>
<h1>北京发布新一轮消费券</h1>
<div class="info">2025-05-20 09:30:15 来源：新华网</div>
<p>记者20日从北京市商务局获悉，北京将于本月底发放新一轮消费券，总额达5亿元，覆盖餐饮、零售等多个领域。</p>
<p>据介绍，此次消费券将通过多个线上平台发放，市民可通过手机应用程序领取。</p>
<p>有关专家表示，消费券有助于进一步释放消费潜力，推动经济持续恢复。</p>
<p>【责任编辑：王明】</p>
<p>分享到：微信 微博</p>
</div></body></html>
"""


def test_a_chinese_news_page_gives_its_outlet_trail_and_time_and_leaves_its_furniture_out(
    run_import_args: Callable[..., ImportResult], tmp_path: Path
) -> None:
    """The outlet after "_" in the title, the trail written above the headline ("正文", the
    text, ends it: no topic), the time of the line of the date and source under it, and the
    editor's credit under the text left out."""
    (tmp_path / "zh.html").write_text(XINHUA_STYLE, encoding="utf-8")
    result = run_import_args(tmp_path / "zh.html")
    assert result.summary.imported == 1, result.err
    front = load_meta(result.only_article())
    assert (front["source"], str(front["date"])) == ({"name": "新华网"}, "2025-05-20T09:30:15")
    assert (front["section"], front["topics"]) == ("财经", ["财经"])
    body = result.only_article().split("---\n", 2)[2]
    assert body.startswith("记者20日从北京市商务局获悉") and body.rstrip().endswith("推动经济持续恢复。")


JAPANESE_PAGE = """\
<!DOCTYPE html><html lang="ja"><head><meta charset="utf-8"><title>トルコ中銀、政策金利を50%に引き上げ | 経済 | 東西ニュース</title></head>
<body><header><a href="/">東西ニュース</a></header>
<nav class="breadcrumb"><ol><li><a href="/">トップ</a></li><li><a href="/keizai">経済</a></li><li><a href="/keizai/world">国際経済</a></li></ol></nav>
<article><h1>トルコ中銀、政策金利を50%に引き上げ</h1><p class="date">2024年3月21日（木）14時05分</p>
<div class="body"><p>トルコ中央銀行は21日、政策金利を45%から50%に引き上げると発表した。市場では据え置きが予想されており、予想外の利上げとなった。</p>
<p>同国の2月のインフレ率は67%に達しており、中銀は物価上昇が続けばさらに引き締めると表明した。決定を受けてリラは対ドルで1%以上上昇した。</p>
<p>関連記事：リラ、最安値を更新</p></div></article>
<footer>Copyright © 東西ニュース All rights reserved.</footer></body></html>
"""


def test_a_japanese_page_dated_with_its_weekday_leaves_its_related_article_out(
    run_import_args: Callable[..., ImportResult], tmp_path: Path
) -> None:
    """``2024年3月21日（木）14時05分``: the weekday between the date and the time; a line naming a
    related article (関連記事：…) is the site's, not the article's."""
    (tmp_path / "rates.html").write_text(JAPANESE_PAGE, encoding="utf-8")
    text = run_import_args(tmp_path / "rates.html").only_article()
    meta = load_meta(text)
    assert (meta["date"], meta["section"], meta["topics"]) == ("2024-03-21T14:05:00", "経済", ["国際経済"])
    assert "関連記事" not in text and text.rstrip().endswith("1%以上上昇した。")
