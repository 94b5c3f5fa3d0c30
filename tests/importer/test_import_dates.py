"""Dates as news sites and feeds write them, turned into ISO 8601."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from importer_helpers import FIXTURES, ImportResult, body_of, load_meta

from digest.importer.dates import find_date, find_month_day, infer_year, parse_user_date
from digest.importer.lines import parse_date_line

SEED = FIXTURES / "seed" / "000_151e28b02c3019a7.txt"


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("2019-06-27", "2019-06-27"),
        ("2024-06-04T18:00:00+03:00", "2024-06-04T18:00:00+03:00"),
        ("2024-06-03T10:00:00Z", "2024-06-03T10:00:00+00:00"),
        ("27 June 2019", "2019-06-27"),
        ("June 27, 2019", "2019-06-27"),
        ("Thursday 27th June 2019", "2019-06-27"),
        ("Thu 27 Jun 2019 10.15 BST", "2019-06-27T10:15:00+01:00"),
        ("June 3, 2024 8:15 AM GMT+3", "2024-06-03T08:15:00+03:00"),
        ("Published 25 June 2024, 18:32 EAT", "2024-06-25T18:32:00+03:00"),  # zones of the world's newsrooms
        ("3 June 2024 09:15 JST", "2024-06-03T09:15:00+09:00"),
        ("June 3, 2024 at 10:00 AM AEST", "2024-06-03T10:00:00+10:00"),
        ("June 3, 2024 10:00 IST", "2024-06-03"),  # India's, Ireland's or Israel's: the day, no guessed hour
        ("June 3, 2024 10:00 CST", "2024-06-03"),
        # American outlets' zones, summer or winter, at the offset they have that day
        ("Dec. 5, 2026 4:02 p.m. ET", "2026-12-05T16:02:00-05:00"),
        ("June 3, 2024 4:02 p.m. ET", "2024-06-03T16:02:00-04:00"),
        ("Updated June 3, 2024 at 9:15 AM PT", "2024-06-03T09:15:00-07:00"),
        ("Jan 14, 2025 11:30 a.m. CT", "2025-01-14T11:30:00-06:00"),
        ("March 8, 2025 6:00 PM MT", "2025-03-08T18:00:00-07:00"),
        # the time set apart from the date by a dot or a slash, as bylines do
        ("5 December 2026 • 10:02pm", "2026-12-05T22:02:00"),
        ("Fri 5 Dec 2026 · 22:02 GMT", "2026-12-05T22:02:00+00:00"),
        ("December 5, 2026 / 10:02 PM / CNN", "2026-12-05T22:02:00"),
        ("JUN 03, 2024 - 3:45 PM GMT+3", "2024-06-03T15:45:00+03:00"),
        ("Mon, 03 Jun 2024 09:30:00 +0300", "2024-06-03T09:30:00+03:00"),
        ("Sun, 02 Jun 2024 18:00:00 GMT", "2024-06-02T18:00:00+00:00"),
        ("27.06.2019 14:20", "2019-06-27T14:20:00"),
        ("06/27/2019", "2019-06-27"),
        ("27/06/2019", "2019-06-27"),
        ("3 Haziran 2024", "2024-06-03"),
        ("1 Şubat 2024 Perşembe", "2024-02-01"),
        ("3 MAYIS 2024", "2024-05-03"),
        ("Publié le 3 juin 2024 à 14h20", "2024-06-03T14:20:00"),
        ("3. März 2024", "2024-03-03"),
        ("3 de junio de 2024", "2024-06-03"),
        ("12 Dec. 2023 11:59 p.m.", "2023-12-12T23:59:00"),
        ("3 июня 2024 г., 14:20", "2024-06-03T14:20:00"),
        ("3 червня 2024", "2024-06-03"),
        ("3 Ιουνίου 2024", "2024-06-03"),
        ("3 czerwca 2024", "2024-06-03"),
        ("3 giugno 2024", "2024-06-03"),
        ("3 de junho de 2024", "2024-06-03"),
        ("3 iunie 2024", "2024-06-03"),
        ("3. kesäkuuta 2024", "2024-06-03"),
        ("3 de juny de 2024", "2024-06-03"),
        ("2024. június 3.", "2024-06-03"),
        ("2024/06/03 09:30", "2024-06-03T09:30:00"),
        ("الثلاثاء 04 يونيو 2024 - 10:30 م", "2024-06-04T22:30:00"),  # م: after noon
        ("4 يونيو 2024 12:15 ص", "2024-06-04T00:15:00"),  # ص: before noon
        ("4 يونيو 2024 09:00 مساءً", "2024-06-04T21:00:00"),  # in the evening
        ("4 يونيو 2024 10:30 من", "2024-06-04T10:30:00"),  # a word after the time, not a mark
        # the weekday between the date and the time, and before noon or after it written first
        ("3 Haziran 2024 Pazartesi 14:20", "2024-06-03T14:20:00"),
        ("3 juin 2024, lundi 14h20", "2024-06-03T14:20:00"),
        ("June 3, 2024 (Mon) 10:30 AM", "2024-06-03T10:30:00"),
        ("2024年6月3日（月）10時30分", "2024-06-03T10:30:00"),
        ("2024年6月3日 午後2時30分", "2024-06-03T14:30:00"),
        ("2024年6月3日 星期一 下午3:05", "2024-06-03T15:05:00"),
        ("2024년 6월 3일 (월) 오후 2:20", "2024-06-03T14:20:00"),
        ("3 June 2024 Monkey 10:30", "2024-06-03"),
        # "at" as Italian, Spanish, Polish, Finnish and Czech write it
        ("3 giugno 2024 ore 14:20", "2024-06-03T14:20:00"),
        ("3 de junio de 2024 a las 14:20", "2024-06-03T14:20:00"),
        ("3 czerwca 2024 o godz. 14:20", "2024-06-03T14:20:00"),
        ("3. kesäkuuta 2024 klo 14.20", "2024-06-03T14:20:00"),
        ("3. června 2024 v 14:20", "2024-06-03T14:20:00"),  # a word that is no weekday: the time is not the date's
    ],
)
def test_dates_in_the_usual_formats(text: str, iso: str) -> None:
    found = find_date(text)
    assert found is not None and found.iso == iso


@pytest.mark.parametrize(
    "text",
    [
        "31 February 2024",
        "2024-13-01",
        "no date here",
        "June 2024",
        "Flight 2024 landed",
        "3 listopada 2024",  # November in Polish, October in Croatian: not a guess to make
        "2024/13/01",
    ],
)
def test_impossible_or_partial_dates_are_not_dates(text: str) -> None:
    assert find_date(text) is None


@pytest.mark.parametrize(
    ("line", "iso"),
    [
        ("Published: 27 June 2019", "2019-06-27"),
        ("Updated 9:41 PM GMT+3, January 23, 2024", "2024-01-23T21:41:00+03:00"),
        ("4:17 AM GMT+3, February 6, 2024", "2024-02-06T04:17:00+03:00"),  # AP: the time first
        ("Updated 9:12 AM EDT, Wed June 5, 2024", "2024-06-05T09:12:00-04:00"),  # CNN: the weekday between
        ("June 3, 2024 8:15 AM GMT+3 Updated 2 hours ago", "2024-06-03T08:15:00+03:00"),
        ("Yayınlanma: 01.10.2024 14:20", "2024-10-01T14:20:00"),
        ("Pubblicato il 3 giugno 2024 alle 14:20", "2024-06-03T14:20:00"),
        ("Gepubliceerd op 3 juni 2024 om 14:20 uur", "2024-06-03T14:20:00"),
        ("نشر في: الثلاثاء 04 يونيو 2024 - 10:30 ص", "2024-06-04T10:30:00"),
        ("نشر في: 04 يونيو 2024 - 10:30 ص آخر تحديث: 04 يونيو 2024 - 11:00 ص", "2024-06-04T10:30:00"),
        ("Published On 3 Jul 2024", "2024-07-03"),
        ("Publié le 3 décembre 2024 à 11h45, modifié le 3 décembre 2024 à 15h02", "2024-12-03T11:45:00"),
        ("Published on December 3, 2024 at 11:45 am, updated on December 3, 2024 at 3:02 pm", "2024-12-03T11:45:00"),
        (
            "Published date: 11 November 2024 16:52 GMT | Last update: 11 months 2 weeks ago",
            "2024-11-11T16:52:00+00:00",
        ),
    ],
)
def test_date_lines(line: str, iso: str) -> None:
    assert parse_date_line(line) == iso


@pytest.mark.parametrize(
    "line", ["He arrived in Ankara on 3 June 2024.", "The 27 June 2019 summit was held in Osaka, Japan, as planned."]
)
def test_sentences_with_a_date_are_not_date_lines(line: str) -> None:
    assert parse_date_line(line) is None


def test_a_dateline_without_a_year_takes_the_latest_past_year() -> None:
    assert find_month_day("ISTANBUL, June 3") == (6, 3)
    assert infer_year(6, 3, date(2024, 7, 1)) == "2024-06-03"
    assert infer_year(12, 30, date(2024, 7, 1)) == "2023-12-30"
    assert infer_year(2, 29, date(2025, 3, 1)) == "2024-02-29"


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("2019-06-27", "2019-06-27"),
        ("2019-06-27T10:15", "2019-06-27T10:15"),
        ("2019-06-27 10:15:00Z", "2019-06-27T10:15:00Z"),
        ("2022-03-01T06:00:00.000Z", "2022-03-01T06:00:00Z"),  # Ghost's, Medium's, many CMSs'
        ("2022-03-01T06:00:00.221+03:00", "2022-03-01T06:00:00+03:00"),
        ("2022-03-01T06:00:00+0300", "2022-03-01T06:00:00+03:00"),
        ("2022-03-01T06:00+03", "2022-03-01T06:00+03:00"),
    ],
)
def test_user_dates_are_iso_8601(text: str, value: str) -> None:
    assert parse_user_date(text) == value


@pytest.mark.parametrize("text", ["27/06/2019", "2019-02-30", "yesterday", "2019-6-1", "2019-06-27T25:00"])
def test_other_user_dates_are_refused(text: str) -> None:
    assert parse_user_date(text) is None


def test_an_undated_scrape_is_imported_with_a_warning_naming_file_and_date(
    run_import_args: Callable[..., ImportResult],
) -> None:
    result = run_import_args(SEED)
    assert result.summary.imported == 1
    assert f"{SEED}: warning: no date found: using 2024-07-01, the import date (pass --date to set it)" in result.err
    assert load_meta(result.only_article())["date_inferred"] is True


def test_a_scrape_dated_later_than_now_is_imported_with_a_warning(
    run_import_args: Callable[..., ImportResult], tmp_path: Path
) -> None:
    """A Turkish outlet's '01.07.2024 17:30' (its own time, 14:30 UTC) imported at 12:00 UTC into
    a UTC site: read in the site's zone, the article was dated hours ahead and left out of the
    site (an issue that picked it failed) without a word."""
    lines = "Gündem > Ankara\n\nAnkara'da kar yağışı yeniden başladı\n\nHaber Merkezi | {}\n\n" + (
        "Başkentte akşam saatlerinde yeniden başlayan kar yağışı trafikte uzun kuyruklara neden oldu.\n\n"
        "Büyükşehir ekiplerinin ana arterlerde tuzlama çalışmalarını sürdürdüğü ve vatandaşların toplu "
        "taşımayı tercih etmesi gerektiği açıklandı.\n\n"
        "Meteoroloji yetkilileri yağışın gece boyunca aralıklarla devam edeceğini, sürücülerin zincir "
        "bulundurması gerektiğini bildirdi.\n\n"
        "Valilik, okulların yarın da tatil olup olmayacağına sabah saatlerinde karar verileceğini duyurdu.\n"
    )
    later = tmp_path / "later.txt"
    later.write_text(lines.format("01.07.2024 17:30"), encoding="utf-8")
    result = run_import_args(later)
    assert result.summary.imported == 1
    assert result.err.splitlines() == [
        f"{later}: warning: dated 2024-07-01T17:30:00, later than now: a time without its zone is read in the "
        "site's time zone, which the source's may be ahead of; the site leaves the article out until then (pass "
        "--date to set the date)"
    ]


def test_update_with_a_date_renames_the_file_to_the_new_date(run_import_args: Callable[..., ImportResult]) -> None:
    first = run_import_args(SEED)
    (old_name,) = first.articles()
    assert old_name.startswith("2024-07-01-")
    result = run_import_args(SEED, "--update", "--date", "2019-06-27")
    (new_name,) = result.articles()
    assert new_name == old_name.replace("2024-07-01-", "2019-06-27-")
    assert f"updated content/articles/{old_name} -> content/articles/{new_name}" in result.out
    meta = load_meta(result.only_article())
    assert meta["date"] == "2019-06-27" and "date_inferred" not in meta


def test_update_with_a_date_keeps_the_curators_edits(run_import_args: Callable[..., ImportResult]) -> None:
    first = run_import_args(SEED)
    (old_name,) = first.articles()
    path = first.site / "content" / "articles" / old_name
    edited = path.read_text(encoding="utf-8").replace("US officials have warned", "US officials warned")
    path.write_text(edited, encoding="utf-8")
    result = run_import_args(SEED, "--update", "--date", "2019-06-27")
    (new_name,) = result.articles()
    assert new_name.startswith("2019-06-27-") and not path.exists()
    text = result.only_article()
    assert "US officials warned" in body_of(text)
    assert load_meta(text)["date"] == "2019-06-27"
    assert "date_inferred" not in load_meta(text)
    assert "(date changed; the curator's edits kept)" in result.out
