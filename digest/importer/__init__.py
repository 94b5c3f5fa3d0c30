"""``digest import``: raw scraped articles, web pages and feeds -> clean Markdown articles.

Each source is a file or an http(s) URL; its kind is told from its content, not its name:

- plain-text scrapes (``text``): breadcrumb, headline, byline, date, photo caption and
  credit, body; site boilerplate left out (built-in rules plus ``import:`` in digest.yaml);
- HTML pages (``html``): main text and metadata extracted with trafilatura;
- RSS and Atom feeds (``feed``): one article per entry; ``--full`` imports each linked page.

Every adapter yields an ``ImportedArticle``; ``run`` applies the options, skips duplicates
and hands the article to the one ``writer``.  Only ``fetch`` touches the network.

Topics: a scrape's or page's breadcrumb parts after the section (a page without one: its
categories after the first), or a feed entry's categories; plus every ``--topic``.  Tag lists
go to ``tags``, never to the topics.  An article whose source names neither breadcrumb nor
section gets topics suggested from the site's own (``suggest``); one left with no topic gets
its section as its topic, or else ``Uncategorized`` (``import.default_topic`` in
digest.yaml), so every file has the topic the core requires.  Site furniture is told by
``furniture`` (general signals) and ``learn`` (lines recurring across one source's articles).  Files: ``content/articles/<date>-<slug>.md``, written atomically; see
``writer`` for the front matter and ``run`` for dates, duplicates and ``--update``.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TextIO

from digest.importer.options import ImportOptions, add_import_arguments
from digest.importer.record import ImportedArticle, ImportSummary


def run_import(args: argparse.Namespace, site_dir: Path, out: TextIO, err: TextIO) -> ImportSummary:
    """Import every source named in ``args`` into ``site_dir``; never raises for a bad source.

    The adapters (and trafilatura, feedparser, the network code) are loaded only here, so
    that building the command line stays quick for every other command.
    """
    from digest.importer.run import run_import as run

    return run(args, site_dir, out, err)


__all__ = ["ImportOptions", "ImportSummary", "ImportedArticle", "add_import_arguments", "run_import"]
