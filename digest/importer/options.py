"""The ``digest import`` command line: its arguments and the options record made from them."""

from __future__ import annotations

import argparse
import os
from dataclasses import dataclass

from digest.importer.limits import DEFAULT_TIMEOUT, MAX_BYTES, describe_size, parse_size
from digest.layout import as_typed, is_editor_file
from digest.urls import acceptable_url


@dataclass(frozen=True)
class ImportOptions:
    sources: tuple[str, ...]
    topics: tuple[str, ...] = ()
    section: str | None = None
    date: str | None = None
    source_name: str | None = None
    source_url: str | None = None
    language: str | None = None
    dry_run: bool = False
    update: bool = False
    full: bool = False
    timeout: float = DEFAULT_TIMEOUT
    max_size: int = MAX_BYTES
    explain: bool = False


def add_import_arguments(parser: argparse.ArgumentParser) -> None:
    """Add ``SOURCE...`` and the import options to the ``import`` sub-command's parser."""
    parser.add_argument(
        "sources", nargs="+", metavar="SOURCE",
        help="a scraped text file, a page scraped as Markdown or a web clipper's note, a saved HTML or MHTML "
        "page, an RSS, Atom or JSON feed, an http(s) URL of a page or feed, a folder of such files, or - for "
        "the standard input",
    )  # fmt: skip
    parser.add_argument("--topic", dest="topics", action="append", default=[], metavar="TOPIC",
                        help="add this topic to every imported article (repeatable)")  # fmt: skip
    parser.add_argument("--section", help="the section of every imported article (replaces the source's)")
    parser.add_argument("--date", type=_date_argument, metavar="DATE",
                        help="ISO date for articles whose source has none (default: today, marked inferred)")  # fmt: skip
    parser.add_argument("--source", dest="source_name", metavar="NAME",
                        help="the source's name (replaces the one found in the source)")  # fmt: skip
    parser.add_argument("--source-url", type=_url_argument, metavar="URL",
                        help="the original's address, for a source that does not carry one (a text scrape)")  # fmt: skip
    parser.add_argument("--language", type=_language_argument, metavar="CODE",
                        help="the language of every imported article, such as 'ar' or 'pt-BR' "
                        "(default: as the source declares it, else as its text reads)")  # fmt: skip
    parser.add_argument("--dry-run", action="store_true", help="show what would be written; write nothing")
    parser.add_argument("--update", action="store_true",
                        help="refresh earlier imports of the same sources, even if edited since")  # fmt: skip
    parser.add_argument("--full", action="store_true", help="for feeds: fetch each entry's page and import its text")
    parser.add_argument("--timeout", type=_seconds, default=DEFAULT_TIMEOUT, metavar="SECONDS",
                        help=f"give up on a download after this long in all (default {DEFAULT_TIMEOUT:g})")  # fmt: skip
    parser.add_argument("--max-size", type=_size_argument, default=MAX_BYTES, metavar="SIZE",
                        help=f"refuse a file or download larger than this (default {describe_size(MAX_BYTES)})")  # fmt: skip
    parser.add_argument("--explain", "-v", "--verbose", dest="explain", action="store_true",
                        help="show each line left out of an article, and why")  # fmt: skip


# What a browser or a downloader names a file while it writes it: a page still coming in.
DOWNLOADS_UNDER_WAY = (".part", ".crdownload", ".download", ".partial")


# What a page saved whole by a browser keeps beside it (``story_files/``), and other files no
# scrape is: images, styles, scripts, fonts, sounds and films.
NO_SCRAPE = (
    ".css", ".js", ".mjs", ".map", ".wasm", ".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".svg", ".ico",
    ".bmp", ".tif", ".tiff", ".woff", ".woff2", ".ttf", ".otf", ".eot", ".mp3", ".m4a", ".ogg", ".wav", ".mp4",
    ".webm", ".mov",
)  # fmt: skip


def _a_source(name: str) -> bool:
    """Whether a file found in a folder is a source: not hidden, not one an editor or a file
    manager keeps beside the real ones (``story.html~``), not a download still under way, not
    an image, a style or a script of a saved page."""
    ending = name.lower()
    return (
        not name.startswith(".")
        and not is_editor_file(name)
        and not ending.endswith(DOWNLOADS_UNDER_WAY)
        and not ending.endswith(NO_SCRAPE)
    )


def expand_folders(sources: list[str] | tuple[str, ...]) -> list[str]:
    """Each folder named as a source stands for the files in it and its subfolders, by name
    (hidden ones, editors', downloads under way and a saved page's images, styles and scripts
    left out); a folder with none stays itself, to be reported."""
    expanded: list[str] = []
    for source in sources:
        if "://" in source or not os.path.isdir(source):
            expanded.append(source)
            continue
        files = []
        for folder, folders, names in os.walk(source):
            # (by the names as typed, whatever form a Mac keeps them in: the same order everywhere)
            folders[:] = sorted((name for name in folders if not name.startswith(".")), key=as_typed)
            files += [os.path.join(folder, name) for name in sorted(names, key=as_typed) if _a_source(name)]
        expanded += files or [source]
    return expanded


def parse_options(args: argparse.Namespace) -> ImportOptions:
    """The options record from parsed arguments (missing attributes take their defaults)."""
    return ImportOptions(
        sources=tuple(expand_folders(getattr(args, "sources", ()) or ())),
        topics=tuple(topic.strip() for topic in getattr(args, "topics", None) or () if topic.strip()),
        section=getattr(args, "section", None) or None,
        date=getattr(args, "date", None) or None,
        source_name=getattr(args, "source_name", None) or None,
        source_url=getattr(args, "source_url", None) or None,
        language=getattr(args, "language", None) or None,
        dry_run=bool(getattr(args, "dry_run", False)),
        update=bool(getattr(args, "update", False)),
        full=bool(getattr(args, "full", False)),
        timeout=float(getattr(args, "timeout", DEFAULT_TIMEOUT) or DEFAULT_TIMEOUT),
        max_size=int(getattr(args, "max_size", MAX_BYTES) or MAX_BYTES),
        explain=bool(getattr(args, "explain", False)),
    )


# (dates and language imported when an option needs them: every command builds this parser)


def _date_argument(text: str) -> str:
    from digest.importer.dates import parse_user_date

    value = parse_user_date(text)
    if value is None:
        raise argparse.ArgumentTypeError(f"not an ISO 8601 date such as 2019-06-27: {text!r}")
    return value


def _language_argument(text: str) -> str:
    from digest.importer.language import normalize

    value = normalize(text)
    if value is None:
        raise argparse.ArgumentTypeError(f"not a language code such as 'en', 'tr' or 'pt-BR': {text!r}")
    return value


def _url_argument(text: str) -> str:
    if not acceptable_url(text):
        raise argparse.ArgumentTypeError(
            f"expected an http(s) URL without spaces, quotes or control characters, got {text!r}"
        )
    return text


def _size_argument(text: str) -> int:
    value = parse_size(text)
    if not value:
        raise argparse.ArgumentTypeError(f"expected a size such as 20MB, 500KB or 100000 (bytes), got {text!r}")
    return value


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = 0.0
    if not 0 < value <= 600:
        raise argparse.ArgumentTypeError(f"expected a number of seconds above 0, got {text!r}")
    return value
