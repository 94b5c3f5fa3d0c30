"""The built-in plugins, on the plugin API like any other: ``search`` (a static search page
indexed by Pagefind) and ``email`` (each issue's newsletter edition).

Both are on by default.  A site turns one off (``plugins: {search: false}``), configures it
(``plugins: {search: {exclude: ["digests/*"]}}``, ``plugins: {email: {text: false}}``) or
replaces it with its own plugin of the same name: a hooks file ``search.py`` or an installed
plugin named under ``plugins:``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar

from digest.config import Check, SiteConfig, is_bool
from digest.model import Site
from digest.plugins import Plugin
from digest.search import SEARCH_DIR, IndexOptions, update_search_index


def _is_patterns(value: Any) -> str | None:
    if not isinstance(value, list) or not all(isinstance(item, str) and item for item in value):
        return 'expected a list of path patterns, e.g. ["digests/*"]'
    return None


class SearchPlugin(Plugin):
    """The search page, and its Pagefind index in ``pagefind/`` brought up to date in the next
    output before it is switched in (only the parts whose pages changed)."""

    config_schema: ClassVar[dict[str, tuple[Check, Any]]] = {
        "exclude": (_is_patterns, []),  # output paths (fnmatch patterns) left out of the index
    }
    output_folder = f"{SEARCH_DIR}/"

    language = ""  # the site's: every page is indexed as in it, so the search page finds all

    def on_config(self, config: SiteConfig) -> SiteConfig:
        self.language = config.language
        return config

    def index_options(self) -> IndexOptions:
        return IndexOptions(self.language, tuple(self.config["exclude"]), self.cache_dir)

    def on_pages(self, pages: list[Any], site: Site) -> list[Any]:
        from digest.render import search_page

        return [*pages, search_page()]

    def on_output(self, tree: Path, written: tuple[str, ...], removed: tuple[str, ...]) -> None:
        update_search_index(tree, dict.fromkeys(written), removed, self.index_options())


class EmailPlugin(Plugin):
    """Each issue's ``email.html`` (CSS inlined) and ``email.txt``, from the theme's email templates."""

    config_schema: ClassVar[dict[str, tuple[Check, Any]]] = {
        "text": (is_bool, True),  # the plain-text edition (email.txt) beside the HTML one
    }

    def on_pages(self, pages: list[Any], site: Site) -> list[Any]:
        from digest.render import email_pages

        return [*pages, *email_pages(site, text=self.config["text"])]


BUILTIN: dict[str, type[Plugin]] = {"search": SearchPlugin, "email": EmailPlugin}
