"""Decoding bytes in any of the usual encodings, and telling feeds, pages and text apart."""

from __future__ import annotations

import codecs

import pytest
from importer_helpers import FIXTURES, PNG, WEB

from digest.importer.detect import decode_bytes, sniff_kind
from digest.importer.record import SourceFailed

TURKISH = "Ankara'da büyük miting: Erdoğan konuştu. Şimdi ne olacak? Işık, ılık, “çiçek” İzmir'de."
FRENCH = "Café crème à la française, déjà vu. Élève où ça? Les élèves sont arrivés à l'école « hier »."
GERMAN = "Die Straße ist schön, aber die Bürger sind müde. Größere Änderungen wären nötig."
POLISH = "Zażółć gęślą jaźń. Pójdźże, kiń tę chmurność w głąb flaszy."
RUSSIAN = "Привет, как дела? Это тестовый текст на русском языке."
ARABIC = "افتتح المتحف المصري الكبير في القاهرة أبوابه للزوار، بحضور عدد كبير من المسؤولين والضيوف."
HEBREW = "ראש הממשלה נפגש היום עם נשיא המדינה בירושלים. השניים דנו במצב הביטחוני ובתקציב."


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        (TURKISH, "utf-8"),
        (TURKISH, "cp1254"),
        (TURKISH, "iso-8859-9"),
        (FRENCH, "latin-1"),
        (FRENCH, "cp1252"),
        (GERMAN, "latin-1"),
        (POLISH, "cp1250"),
        (RUSSIAN, "cp1251"),
        (ARABIC, "cp1256"),  # (read as Cyrillic letters, every one of them, it was mojibake)
        (HEBREW, "cp1255"),
    ],
)
def test_legacy_encodings_are_detected_not_assumed(text: str, encoding: str) -> None:
    data = (
        text.replace("“", '"').replace("”", '"').encode(encoding) if encoding == "iso-8859-9" else text.encode(encoding)
    )
    assert decode_bytes(data) == data.decode(encoding)


@pytest.mark.parametrize(
    ("bom", "encoding"),
    [(codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")],
)
def test_byte_order_marks_are_honoured_and_dropped(bom: bytes, encoding: str) -> None:
    assert decode_bytes(bom + TURKISH.encode(encoding)) == TURKISH


def test_crlf_and_lone_cr_become_newlines() -> None:
    assert decode_bytes(b"one\r\ntwo\rthree\n") == "one\ntwo\nthree\n"


def test_the_fixture_files_decode_to_their_text() -> None:
    turkish = decode_bytes((FIXTURES / "scrapes" / "turkish-cp1254.txt").read_bytes())
    assert "Meclis'te yeni yasama yılı başladı" in turkish and "“Yeni anayasa" in turkish
    french = decode_bytes((FIXTURES / "scrapes" / "latin1.txt").read_bytes())
    assert "La Turquie et la Grèce relancent le dialogue en mer Égée" in french and "« Nous" in french
    assert decode_bytes((FIXTURES / "scrapes" / "ap-crlf-bom.txt").read_bytes()).startswith("Home / World News\n")


def test_a_charset_declared_in_html_is_used() -> None:
    page = decode_bytes((WEB / "page-cp1254.html").read_bytes())
    assert "İstanbul Boğazı'nda gemi trafiği" in page


def test_a_charset_declared_by_the_server_is_used() -> None:
    data = "Ã la carte: this text is cp1252, not UTF-8 — says the server.".encode("cp1252")
    assert decode_bytes(data, declared="windows-1252") == data.decode("cp1252")


@pytest.mark.parametrize("data", [b"", b"   \n\r\n\t ", codecs.BOM_UTF8 + b"\n"])
def test_empty_input_is_an_error(data: bytes) -> None:
    with pytest.raises(SourceFailed, match="empty file"):
        decode_bytes(data)


@pytest.mark.parametrize(
    "data", [PNG, bytes(range(256)) * 4, b"GIF89a\x01\x00\x01\x00\x80\x00\x00\xff", b"\x1b\x02\x03\x04\x05\x06abc" * 40]
)
def test_binary_input_is_an_error(data: bytes) -> None:
    with pytest.raises(SourceFailed, match="binary file"):
        decode_bytes(data)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ('<?xml version="1.0"?>\n<rss version="2.0"><channel></channel></rss>', "feed"),
        (
            '<?xml version="1.0" encoding="utf-8"?>\n<!-- a comment -->\n<feed xmlns="http://www.w3.org/2005/Atom">',
            "feed",
        ),
        ('<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">', "feed"),
        (
            '<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN"\n'
            ' "http://my.netscape.com/publish/formats/rss-0.91.dtd">\n<rss version="0.91">',
            "feed",
        ),
        ('<?xml version="1.0"?>\n<!DOCTYPE rss [<!ENTITY nbsp "&#160;"><!ENTITY copy "&#169;">]>\n<rss>', "feed"),
        ("<!DOCTYPE html>\n<html><body><p>Hi</p></body></html>", "html"),
        ("  <html lang='tr'><head><title>x</title></head>", "html"),
        ("<div class='story'><p>A saved fragment of a page.</p></div>", "html"),
        ("Saved from the web\n<!doctype html><html><body>", "html"),
        ("News / Turkey\n\nHeadline\n\nA <script>alert(1)</script> in the text is still text.", "text"),
        ("Plain scraped text: 3 < 4 and <rss> mentioned in passing.", "text"),
    ],
)
def test_the_kind_is_sniffed_from_the_content(text: str, kind: str) -> None:
    assert sniff_kind(text) == kind


def test_file_extensions_do_not_matter() -> None:
    assert sniff_kind(decode_bytes((WEB / "rss.xml").read_bytes())) == "feed"
    assert sniff_kind(decode_bytes((WEB / "article.html").read_bytes())) == "html"
    assert sniff_kind(decode_bytes((FIXTURES / "scrapes" / "hdn.txt").read_bytes())) == "text"
