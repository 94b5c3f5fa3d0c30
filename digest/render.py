"""Site + theme -> pages in memory: the Jinja2 environment, filters and template context.

Nothing here touches the output folder.  Each output file is described by a ``PageSpec``
(path, template and context).  Templates get the records through recording views
(``deps``), so rendering a page also tells what it read: the builder renders a page again
only when that, its template or what it was given changes.
"""

from __future__ import annotations

import functools
import hashlib
import html as htmllib
import math
import os
import posixpath
import re
import stat
import textwrap
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from functools import partial
from pathlib import Path
from types import BuiltinFunctionType, FunctionType, MappingProxyType, MethodType, ModuleType
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

import jinja2
import jinja2.compiler
import jinja2.ext
import jinja2.nodes
import jinja2.parser
import jinja2.runtime
from markupsafe import Markup

from digest import __version__, metadata
from digest.config import SiteConfig, not_utf8
from digest.content import fingerprint
from digest.deps import IMAGE_PREFIX, SITE_ID, FieldPrints, Reads, Recorded, format_reads, unwrap, value_key, view
from digest.errors import DigestError, TemplateError, nearest, shown_path
from digest.frontmatter import conflict_message, merge_conflict
from digest.i18n import CATALOG_DIR, Languages, catalogs_fingerprint, open_graph_locale
from digest.imagesize import file_image_size
from digest.layout import CONTENT_DIR, as_typed, changed_ns
from digest.markup import first_paragraph
from digest.model import (
    NO_EXTRA,
    SITE_ROOT,
    Article,
    Digest,
    Extra,
    Month,
    Page,
    Pick,
    Site,
    Topic,
    columns,
    same_objects,
)
from digest.plugins import NO_PLUGINS, Plugins
from digest.theme import Theme

HOME_DIGESTS = 5
HOME_TOPICS = 4  # topics with a block of their latest articles on the front page
ARCHIVE_PER_PAGE = 250  # articles on one page of a year of the archive (whole months per page)
EMAIL_FILES = ("/email.html", "/email.txt")


@dataclass(frozen=True)
class PageInfo:
    """What every template gets as ``page``."""

    kind: str  # index, article, digest, digests, topic, topics, archive, page, 404
    title: str
    url: str  # site-relative URL of this page, '' for the home page
    description: str = ""
    feed: str | None = None  # site-relative URL of the feed that belongs to this page
    feed_title: str | None = None
    extra: Extra = NO_EXTRA  # on a content page (``page.html``), its front matter fields the schema does not know


@dataclass(frozen=True)
class Paginator:
    items: tuple[Any, ...]
    number: int  # 1-based
    pages: int
    total: int  # items over all pages
    base_url: str  # site-relative URL of page 1

    def url_for(self, number: int) -> str:
        return self.base_url if number == 1 else f"{self.base_url}page/{number}/"

    @property
    def prev_url(self) -> str | None:
        return self.url_for(self.number - 1) if self.number > 1 else None

    @property
    def next_url(self) -> str | None:
        return self.url_for(self.number + 1) if self.number < self.pages else None


@dataclass(frozen=True)
class PageSpec:
    path: str  # output path, '/'-separated, relative to the output folder
    template: str | None  # None: ``produce`` makes the text (feeds, sitemap) from the context
    context: Mapping[str, Any] = field(default_factory=dict)
    # The text from the context and the site language's words and formats.
    produce: Callable[[Mapping[str, Any], Languages], str] | None = None

    def __post_init__(self) -> None:
        # Read-only, so that a spec, once made, is what it was (``PlanMemo`` reuses specs, and
        # the builder their keys): a plugin that changes a page makes a new spec (``replace``).
        if type(self.context) is not MappingProxyType:
            context = dict(self.context)
            if self.template is not None and "page" not in context:
                context["page"] = _page_info_of(self.path, context.get("title"))
            object.__setattr__(self, "context", MappingProxyType(context))

    @functools.cached_property
    def origin(self) -> str:
        """What the page is named by when another would take its path: the content file it
        shows (an article's, a page's, an issue's), else what made it (a template, a file of
        content/root/)."""
        for key in ("article", "content", "digest"):
            path = getattr(self.context.get(key), "path", None)
            if isinstance(path, str):
                return path
        return self.template or self.context.get("origin") or f"digest's own {self.path}"


def _page_info_of(path: str, title: Any) -> PageInfo:
    """The ``page`` of a page a plugin adds without one (every template may read it): a
    content page at its path, titled by the context's ``title`` or else, as Hugo titles a
    section, by its folder (``reading-list/index.html`` -> "Reading list")."""
    url = path.removesuffix("index.html")
    if not isinstance(title, str):
        name = url.rstrip("/").rpartition("/")[2]
        title = name.removesuffix(".html").replace("-", " ").replace("_", " ").strip().capitalize()
    return PageInfo("page", title, url)


class PlanMemo:
    """The article and topic pages of the last plan, each with what it was made of.  A
    long-lived builder (the preview) plans again with the same records for the articles and
    topics no edit touched (records are immutable and kept: ``ContentCache``); their pages are
    then the same ``PageSpec`` objects, which spares making them and their keys again."""

    def __init__(self) -> None:
        self.articles: dict[str, tuple[Article, tuple[Article, ...], tuple[tuple[Digest, Pick], ...], PageSpec]] = {}
        self.topics: dict[str, tuple[Topic, int, tuple[PageSpec, ...]]] = {}

    def topic_pages(self, topic: Topic, per_page: int, made: dict[str, Any]) -> tuple[PageSpec, ...]:
        last = self.topics.get(topic.slug)
        if last is not None and last[0] is topic and last[1] == per_page:
            specs = last[2]
        else:
            specs = tuple(_topic_pages(topic, per_page))
        made[topic.slug] = (topic, per_page, specs)
        return specs

    def article_page(
        self, site: Site, article: Article, picks: tuple[tuple[Digest, Pick], ...], made: dict[str, Any]
    ) -> PageSpec:
        related = site.related.get(article.slug, ())
        last = self.articles.get(article.slug)
        if last is not None and last[0] is article and same_objects(last[1], related) and _same_picks(last[2], picks):
            spec = last[3]
        else:
            spec = _article_page(article, related, picks)
        made[article.slug] = (article, related, picks, spec)
        return spec


def _same_picks(these: tuple[tuple[Digest, Pick], ...], those: tuple[tuple[Digest, Pick], ...]) -> bool:
    return these is those or (
        len(these) == len(those)
        and all(this[0] is that[0] and this[1] is that[1] for this, that in zip(these, those, strict=True))
    )


class SiteContext:
    """The ``site`` template variable: the site's collections and its configuration."""

    def __init__(self, site: Site, config: SiteConfig):
        self.config = config
        self.title = config.title
        self.search = config.search
        self.description = config.description
        self.base_url = config.base_url
        self.language = config.language
        self.author = config.author
        self.theme = config.theme_settings
        self.generator = f"digest {__version__}"
        self.articles: tuple[Article, ...] = site.articles
        self.digests: tuple[Digest, ...] = site.digests
        self.topics: tuple[Topic, ...] = site.topics
        self.pages: tuple[Page, ...] = site.pages
        self.archive = site.archive


def spec_key(spec: PageSpec, base_key: str = "") -> str:
    """What a page is given: its path, template and context (records by id: what the page
    reads of them is recorded as it renders), with ``base_key`` (templates, configuration)."""
    parts = [base_key, spec.path, spec.template or ""]
    for name, value in spec.context.items():
        kind = type(value)
        parts.append(name)
        if kind is PageInfo:
            parts += [value.kind, value.title, value.url, value.description, str(value.feed), str(value.feed_title)]
            parts.append(value_key(value.extra) if value.extra else "")
        elif kind is Paginator:
            parts.append(f"{value.number}/{value.pages}/{value.total}/{value.base_url}/{value_key(value.items)}")
        else:
            parts.append(value_key(value))
    return fingerprint(parts)


def _viewed_context(context: Mapping[str, Any], reads: Reads) -> dict[str, Any]:
    viewed = {}
    for name, value in context.items():
        if isinstance(value, Paginator):
            viewed[name] = replace(value, items=view(value.items, reads, "page", name))
        else:
            viewed[name] = view(value, reads, "page", name)
    return viewed


class Renderer:
    """Owns the Jinja2 environment of one theme and renders PageSpecs to bytes."""

    def __init__(
        self, theme: Theme, config: SiteConfig, site_dir: Path | None = None, compiled: StoredTemplates | None = None
    ):
        self.site_dir = site_dir
        self.theme = theme
        self.config = config
        self.compiled = compiled
        self.env = make_environment(theme, config, compiled, site_dir)
        self.languages: Languages = self.env.globals["languages"]  # type: ignore[assignment]
        self.image_sizes: ImageSizes = self.env.globals["image_size"]  # type: ignore[assignment]
        self.theme_key = self.templates_key(theme, site_dir)
        fragments = self.env.extensions[FragmentCache.identifier]
        assert isinstance(fragments, FragmentCache)
        self.fragments = fragments
        self.prints = FieldPrints()
        self.records: Mapping[str, Any] = {}  # the site's records by id (set by the builder for each build)
        self.plugins: Plugins = NO_PLUGINS  # set by the builder for each build
        self.template_warnings: list[DigestError] = []  # set by the builder (``block_warnings``)

    @staticmethod
    def templates_key(theme: Theme, site_dir: Path | None = None) -> str:
        """Changes whenever any template or translation catalog of the theme or the site does."""
        return fingerprint([*_template_fingerprints(theme), *catalogs_fingerprint(catalog_folders(theme, site_dir))])

    def render(self, spec: PageSpec, site_context: SiteContext) -> tuple[bytes, str]:
        """The page's bytes, and what it read (``deps.format_reads``)."""
        root = relative_root(spec.path, self.config)
        reads = self.image_sizes.reads = Reads()
        fragments = self.fragments
        fragments.reads, fragments.records, fragments.prints = reads, self.records, self.prints
        try:
            context = _viewed_context(spec.context, reads)  # (with the plugins' on_page_context: build)
            if spec.produce is not None:
                self.languages.current = self.config.language
                text = spec.produce(context, self.languages)
            else:
                assert spec.template is not None
                text = self._render_template(spec, context, reads.view_of(SITE_ID, site_context), root)
            if self.plugins.plugins:
                text = self.plugins.on_page_rendered(text, spec)
            text = resolve_site_links(text, root)
            if spec.path.endswith("/email.html"):
                # A footnote's way back up is a link within the page, which mail clients do not follow;
                # what a note's raw HTML may hold that mail does not run goes; every address is absolute.
                text = scripts_left_out(_BACKREF.sub("", text))
                page = self.config.absolute_url(posixpath.dirname(spec.path) + "/")
                text = inline_css(absolute_urls(text, page, fragments=False), spec.path)
            return text.encode("utf-8"), format_reads(reads, self.prints)
        finally:
            reads.let_go()
            fragments.reads, fragments.records, fragments.prints = None, {}, None

    def _render_template(self, spec: PageSpec, context: dict[str, Any], site: Recorded, root: str) -> str:
        assert spec.template is not None
        language = spec.context.get("language") or self.config.language
        self.languages.current = language
        every_page = {  # the variables every template gets besides the page's context
            "site": site,
            "root": root,
            "output_path": spec.path,
            "lang": language,
            "dir": self.languages.direction,
            "paginator": context.get("paginator"),  # None on a page that is not paginated
        }
        try:
            template = self.env.get_template(spec.template)
            return template.render(context, **every_page)
        except jinja2.TemplateSyntaxError as error:
            path = self._display_path(error.filename or error.name or spec.template)
            kind = "" if isinstance(error, _Unreadable) else "template syntax: "
            raise TemplateError(f"{kind}{error.message}", path, error.lineno) from None
        except jinja2.TemplateNotFound as error:
            location, line = _template_location(error)  # the template that asked for it, if one did
            message = f"template not found: {error.name} (needed for {spec.path}){self._theme_hint(str(error.name))}"
            raise TemplateError(message, self._display_path(location or spec.template), line) from None
        except DigestError:
            raise
        except RecursionError:
            cycle = self._extends_cycle(spec.template)
            if cycle is None:
                raise TemplateError(
                    f"while rendering {spec.path}: templates that include each other", spec.template
                ) from None
            path, line, name = cycle
            message = f'extends "{name}", which leads back to it; to extend the theme\'s own write "default/{name}"'
            raise TemplateError(message, self._display_path(path), line) from None
        except Exception as error:  # a template raised while rendering: report where
            location, line = _template_location(error)
            message = f"while rendering {spec.path}: {type(error).__name__}: {error}"
            if isinstance(error, jinja2.UndefinedError) and (unknown := _UNDEFINED_NAME.fullmatch(str(error))):
                caller = _calling_location(error)
                if unknown[1] in (*context, *every_page) and location and caller[0] is not None:
                    # A page's variable missing in another template's macro: imported without context.
                    message += (
                        f" in a macro of {Path(location).name}, which sees the page's variables only when "
                        "imported with context: {% from ... import ... with context %}"
                    )
                    location, line = caller
                else:
                    close = nearest(unknown[1], [*context, *self.env.globals, *every_page])
                    message += f"; did you mean '{close}'?" if close else ""
            elif isinstance(error, jinja2.UndefinedError) and (missing := _NOT_EXPORTED.search(str(error))):
                message += self._shadowed_hint(missing[1], location)
            raise TemplateError(message, self._display_path(location or spec.template), line) from None

    def _extends_cycle(self, name: str) -> tuple[str, int, str] | None:
        """Where a template's ``{% extends %}`` chain comes back to a template in it: the
        file and line of that extends, and the name it gives; None when it does not."""
        seen: list[str] = []
        loader = self.env.loader
        assert loader is not None
        while name not in seen:
            seen.append(name)
            try:
                source, filename, _ = loader.get_source(self.env, name)
            except jinja2.TemplateNotFound:
                return None
            found = _EXTENDS.search(source)
            if found is None:
                return None
            if found[1] in seen:
                return filename or name, source.count("\n", 0, found.start()) + 1, found[1]
            name = found[1]
        return None

    def _shadowed_hint(self, name: str, importer: str | None) -> str:
        """For a macro missing from the template ``name``: the file of the site or of a theme
        that is loaded by that name in place of the one beside the template importing it (a
        theme's own ``_macros.html`` replaces the default theme's for its templates too)."""
        own = self.theme.site_templates
        if own is not None and (own / name).is_file():
            return f"; {self._display_path(str(own / name))}, the site's own, replaces the theme's {name} and needs that macro too"
        themes = self.theme.templates_by_theme
        importing = next(
            (theme for theme, folder in themes.items() if importer and Path(importer).parent == folder), None
        )
        if importing is None or importer is None or not (themes[importing] / name).is_file():
            return ""
        for theme, folder in themes.items():
            if theme == importing:
                break
            if (folder / name).is_file():
                return (
                    f"; {self._display_path(str(folder / name))}, the theme {theme}'s own, replaces the {importing} "
                    f"theme's {name}, which its {Path(importer).name} imports, and needs that macro too (or name "
                    "it differently)"
                )
        return ""

    def _theme_hint(self, name: str) -> str:
        """For ``<theme>/<template>`` naming no theme of this site: the themes' names."""
        themes = self.theme.templates_by_theme
        prefix = name.split("/", 1)[0]
        if "/" not in name or prefix in themes:
            return ""
        return f"; '{prefix}' is not a theme of this site (its themes: {', '.join(themes)})"

    def catalog_errors(self) -> list[DigestError]:
        """The faults of every translation catalog of the site and its themes, whatever language
        its pages are in (a theme tested in English would ship a broken Turkish catalog); the
        bundled theme's are known good."""
        from digest.i18n import load_catalog_file

        bundled = self.theme.chain[-1] / CATALOG_DIR
        errors: list[DigestError] = []
        for folder in catalog_folders(self.theme, self.site_dir):
            for path in sorted(folder.glob("*.po")) if folder != bundled and folder.is_dir() else ():
                try:
                    load_catalog_file(path)
                except DigestError as error:
                    error.path = self._display_path(str(path))
                    errors.append(error)
        return errors

    def block_warnings(self) -> list[DigestError]:
        """A block of a site's or theme's template that no template it extends has (a misspelt
        ``{% block contnet %}``): Jinja shows its content nowhere, silently."""
        found: list[DigestError] = []
        own = [self.theme.site_templates] if self.theme.site_templates else []
        own += [folder / "templates" for folder in self.theme.chain[:-1]]  # (the bundled default: known good)
        for folder in own:
            for path in sorted(folder.rglob("*.html")) if folder.is_dir() else ():
                found += self._unknown_blocks(path)
        return found

    def _unknown_blocks(self, path: Path) -> list[DigestError]:
        try:
            if not path.is_file():
                return []  # (the build names a template that is not a regular file where it is used)
            tree = self.env.parse(path.read_text(encoding="utf-8"))
            parent = next(iter(tree.find_all(jinja2.nodes.Extends)), None)
            if parent is None or not isinstance(parent.template, jinja2.nodes.Const):
                return []
            known = _blocks_of(self.env, str(parent.template.value), set())
        except (OSError, UnicodeDecodeError, jinja2.TemplateError):
            return []  # (the build names a template that does not load where it is used)
        warnings: list[DigestError] = []
        blocks = list(tree.find_all(jinja2.nodes.Block))
        inner = {id(nested) for block in blocks for nested in block.find_all(jinja2.nodes.Block)}
        for block in blocks:  # (a block inside another defines a new one, for the templates below)
            if id(block) not in inner and block.name not in known:
                close = nearest(block.name, known)
                hint = f"; did you mean '{close}'?" if close else ""
                message = f"block '{block.name}' is in no template this one extends: its content is never shown{hint}"
                warnings.append(TemplateError(message, self._display_path(str(path)), block.lineno))
        return warnings

    def _display_path(self, path: str) -> str:
        """Template paths inside the site are shown relative to it, like content paths."""
        if self.site_dir is not None and Path(path).is_absolute():
            return shown_path(Path(path), self.site_dir)
        return path


def _blocks_of(env: jinja2.Environment, name: str, seen: set[str]) -> set[str]:
    """The blocks of the template ``name`` and of every template it extends."""
    if name in seen:
        return set()
    seen.add(name)
    source = env.loader.get_source(env, name)[0] if env.loader is not None else ""
    tree = env.parse(source)
    blocks = {block.name for block in tree.find_all(jinja2.nodes.Block)}
    parent = next(iter(tree.find_all(jinja2.nodes.Extends)), None)
    if parent is not None and isinstance(parent.template, jinja2.nodes.Const):
        blocks |= _blocks_of(env, str(parent.template.value), seen)
    return blocks


_UNDEFINED_NAME = re.compile(r"'(\w+)' is undefined")
_NOT_EXPORTED = re.compile(r"^the template '([^']+)' \(imported on line \d+ in '[^']*'\) does not export")


def _template_location(error: Exception) -> tuple[str | None, int | None]:
    """The innermost template line of the error (Jinja rewrites the traceback so that a
    template's frames name its file and line; ``email.txt`` as well as ``.html``)."""
    tb = error.__traceback__
    found: tuple[str | None, int | None] = (None, None)
    while tb is not None:
        if "__jinja_exception__" in tb.tb_frame.f_globals:
            found = (tb.tb_frame.f_code.co_filename, tb.tb_lineno)
        tb = tb.tb_next
    return found


def _calling_location(error: Exception) -> tuple[str | None, int | None]:
    """The template line that called into the innermost template of the error, when that is
    another file (a macro imported from it); (None, None) when there is none."""
    frames = []
    tb = error.__traceback__
    while tb is not None:
        if "__jinja_exception__" in tb.tb_frame.f_globals:
            frames.append((tb.tb_frame.f_code.co_filename, tb.tb_lineno))
        tb = tb.tb_next
    inner = frames[-1][0] if frames else None
    return next(((name, line) for name, line in reversed(frames) if name != inner), (None, None))


def _template_fingerprints(theme: Theme) -> list[str]:
    """Each template file's name and bytes; the names of what is not a regular file (a FIFO,
    a link to nothing, a folder), which fail the build once a page would use them."""
    parts = []
    for folder in theme.template_dirs:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                parts.append(f"{path}:{hashlib.blake2b(path.read_bytes(), digest_size=12).hexdigest()}")
            else:
                parts.append(f"{path}:")
    return parts


def relative_root(output_path: str, config: SiteConfig) -> str:
    """The prefix that leads from a page back to the site root.

    Relative, so the site works at a domain root, under a sub-path and from any host;
    absolute (from base_url's path) for 404.html, which a server shows at any depth.
    """
    if output_path == "404.html":
        return config.base_path
    if output_path.endswith(EMAIL_FILES):
        return config.base_url  # a newsletter is read outside the site: absolute links only
    return "../" * output_path.count("/")


def resolve_site_links(text: str, root: str) -> str:
    """Turn Markdown's ``@/`` site-root marks into links relative to this page."""
    if SITE_ROOT not in text:
        return text
    if not root:
        text = text.replace(f'="{SITE_ROOT}"', '="./"')
    return text.replace(f'="{SITE_ROOT}', f'="{root}')


# The attributes of a start tag that hold addresses, made absolute for text read away from the site.
_URL_ATTRIBUTES = frozenset({"href", "src", "poster", "background", "srcset", "style"})
# CSS, where addresses are written url(…): style attributes and <style> elements, not the text.
_STYLE_ELEMENT = re.compile(r"<style\b[^>]*>.*?</style>", re.IGNORECASE | re.DOTALL)
_CSS_URL = re.compile(r"""(url\(\s*(?:&#39;|&quot;|['"])?)([^'"&)]+)""")
_READ_ELSEWHERE_DROPPED = re.compile(r"<(script|iframe|object)\b.*?</\1\s*>|<embed\b[^>]*>", re.DOTALL | re.IGNORECASE)
# A start tag, read as a browser reads it (a quoted value may hold a '>'), and each attribute in it.
_START_TAG = re.compile(r"""<[a-zA-Z][^\s/>]*(?:"[^"]*"|'[^']*'|[^'">])*>""")
_TAG_ATTRIBUTE = re.compile(r"""\s+([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?""")
_ADDRESS_ATTRIBUTES = frozenset({"href", "src", "action", "formaction", "poster", "background", "xlink:href"})


def scripts_left_out(html: str) -> str:
    """``html`` without what would run a script, for text read in mail: script, iframe, object
    and embed elements, event handlers (``onclick``, ``onerror``…) and addresses that are
    scripts (``javascript:``, however a browser still reads it: in capitals, after spaces)."""

    def attribute(match: re.Match[str]) -> str:
        name = match[1].lower()
        value = next((value for value in match.groups()[1:] if value is not None), "")
        address = re.sub(r"[\x00-\x20]", "", htmllib.unescape(value)).lower()
        if name.startswith("on") or (name in _ADDRESS_ATTRIBUTES and address.startswith(("javascript:", "vbscript:"))):
            return ""
        return match[0]

    html = _READ_ELSEWHERE_DROPPED.sub("", html)
    return _START_TAG.sub(lambda tag: _TAG_ATTRIBUTE.sub(attribute, tag[0]), html)


def absolute_urls(html: str, page_url: str, fragments: bool = True) -> str:
    """Every address of ``html`` (links, images, ``srcset``, CSS ``url()``) made absolute as a
    browser reads it on the page at ``page_url``, for text read away from the site: a
    newsletter, a feed's entry (``#fn1`` is ``page_url#fn1``, unless ``fragments`` is off:
    a place in the same text). Only tags are read: text that shows markup (``<a href="…">``
    in code) stays as it is."""

    def joined(address: str) -> str:
        address = htmllib.unescape(address).strip()
        if not address or _SCHEME.match(address) or (not fragments and address.startswith("#")):
            return htmllib.escape(address)
        return htmllib.escape(urljoin(page_url, address))

    def css(text: str) -> str:
        return _CSS_URL.sub(lambda match: match[1] + joined(match[2]), text)

    def attribute(match: re.Match[str]) -> str:
        name = match[1].lower()
        group = next((number for number in (2, 3, 4) if match[number] is not None), None)
        if group is None or name not in _URL_ATTRIBUTES:
            return match[0]
        value, start, end = match[group], match.start(group) - match.start(), match.end(group) - match.start()
        if name == "style":  # (its quotes kept: the CSS may hold the other kind)
            return match[0][:start] + css(value) + match[0][end:]
        if name == "srcset":
            candidates = [part.split(None, 1) for part in htmllib.unescape(value).split(",") if part.strip()]
            rewritten = ", ".join(" ".join([joined(parts[0]), *parts[1:]]) for parts in candidates)
        else:
            rewritten = joined(value)
        return f'{match[0][: start - (group != 4)]}"{rewritten}"'

    html = _START_TAG.sub(lambda tag: _TAG_ATTRIBUTE.sub(attribute, tag[0]), html)
    return _STYLE_ELEMENT.sub(lambda element: css(element[0]), html)


_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
_UNREAD_TEXT = re.compile(r"<(script|style|iframe|object)\b.*?</\1\s*>", re.DOTALL | re.IGNORECASE)


class StoredTemplates(jinja2.BytecodeCache):
    """Templates compiled by an earlier build (kept, verified, in the build store), checked
    against their source by Jinja; those compiled now are in ``added`` for the store."""

    def __init__(self, kept: dict[str, bytes]):
        self.kept = kept
        self.added: dict[str, bytes] = {}

    def get_bucket(
        self, environment: jinja2.Environment, name: str, filename: str | None, source: str
    ) -> jinja2.bccache.Bucket:
        """Keyed by the environment's filters and tests too: a template compiles only with the
        filters it uses (a plugin's, say), and one compiled when they were there would fail
        otherwise as it renders, page by page, rather than as it compiles."""
        names = "\0".join(sorted(environment.filters)) + "\1" + "\0".join(sorted(environment.tests))
        key = self.get_cache_key(name, filename) + hashlib.blake2b(names.encode(), digest_size=8).hexdigest()
        bucket = jinja2.bccache.Bucket(environment, key, self.get_source_checksum(source))
        self.load_bytecode(bucket)
        return bucket

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        data = self.kept.get(bucket.key)
        if data is not None:
            try:
                bucket.bytecode_from_string(data)
            except Exception:  # not what this Jinja can load: compile again
                bucket.reset()

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        data = bucket.bytecode_to_string()
        self.kept[bucket.key] = self.added[bucket.key] = data

    def take(self, compiled: dict[str, bytes]) -> None:
        """Keep, and give the store, the templates another process compiled (a worker)."""
        self.kept.update(compiled)
        self.added.update(compiled)


class _MergeConflicts(jinja2.ext.Extension):
    """A template git could not merge is an error at its first conflict marker, never a page
    showing both sides."""

    def preprocess(self, source: str, name: str | None, filename: str | None = None) -> str:
        if "<<<<<<<" in source and (line := merge_conflict(source.split("\n"))) is not None:
            raise jinja2.TemplateSyntaxError(conflict_message(source.split("\n")[line - 1]), line, name, filename)
        return source


class FragmentCache(jinja2.ext.Extension):
    """``{% cache key %}…{% endcache %}``: the block is rendered once per key (and page root and language)
    and reused, e.g. the archive's unchanged months.  The key must change whenever anything
    the block shows does, but for the fields of records: what the block read of them is kept
    with it, and a block is reused only while they have the same values (the page reusing it
    then reads them too).  The builder keeps the fragments a build used for the next build
    of the same templates and configuration."""

    tags = {"cache"}  # noqa: RUF012 (as Jinja declares it)
    BUDGET = 64 * 2**20  # characters kept, the least recently used fragments dropped first

    def __init__(self, environment: jinja2.Environment):
        super().__init__(environment)
        self.fragments: OrderedDict[Fragment, Kept] = OrderedDict()
        self.size = 0
        self.used: set[Fragment] = set()  # since the last ``take_used``
        self.added = False  # whether a fragment was rendered since then
        # While a page renders (``Renderer.render``): what it read, the site's records by id,
        # and their fingerprints; none between pages (the environment lives in reference cycles).
        self.reads: Reads | None = None
        self.records: Mapping[str, Any] = {}
        self.prints: FieldPrints | None = None

    def parse(self, parser: jinja2.parser.Parser) -> jinja2.nodes.Node:
        lineno = next(parser.stream).lineno
        where = jinja2.nodes.Const(f"{parser.name}:{parser.filename}:{lineno}")
        args = [where, jinja2.nodes.Name("root", "load"), parser.parse_expression()]
        body = parser.parse_statements(("name:endcache",), drop_needle=True)
        return jinja2.nodes.CallBlock(self.call_method("_fragment", args), [], [], body).set_lineno(lineno)

    def _fragment(self, where: str, root: str, key: Any, caller: Callable[[], str]) -> str:
        # The page's language, like its depth, changes what a block shows (its words, dates
        # and numbers) whatever the key says.
        languages = self.environment.globals.get("languages")
        cache_key = (where, root, getattr(languages, "current", ""), key)
        self.used.add(cache_key)
        found = self.fragments.get(cache_key)
        if found is not None and self._still_shown(found[1]):
            self.fragments.move_to_end(cache_key)
            return found[0]
        reads, prints = self.reads, self.prints
        shown: tuple[tuple[str, str, str], ...] = ()
        if reads is None or prints is None:
            rendered = caller()
        else:
            seen: set[tuple[str, str]] = set()
            reads.capturing.append(seen)
            try:
                rendered = caller()
            finally:
                reads.capturing.remove(seen)
            shown = _prints_of(seen, reads, prints)
        self.keep({cache_key: (rendered, shown)})
        self.added = True
        return rendered

    def _still_shown(self, shown: tuple[tuple[str, str, str], ...]) -> bool:
        """Whether the fields a block read have the values it showed; if so the page reads them."""
        records, prints = self.records, self.prints
        for rid, joined, printed in shown:
            record = records.get(rid)
            if record is None or prints is None or prints.of_fields(rid, record, joined.split(","), joined) != printed:
                return False
        if self.reads is not None:
            for rid, joined, _ in shown:
                for name in joined.split(","):
                    self.reads.note(rid, records[rid], name)
        return True

    def keep(self, fragments: dict[Fragment, Kept]) -> None:
        for key, fragment in fragments.items():
            last = self.fragments.pop(key, None)
            self.size += len(fragment[0]) - (len(last[0]) if last is not None else 0)
            self.fragments[key] = fragment
        while self.size > self.BUDGET and len(self.fragments) > 1:
            self.size -= len(self.fragments.popitem(last=False)[1][0])

    def add_used(self, fragments: dict[Fragment, Kept], added: bool) -> None:
        """Take in what another process (a build's worker) used and added."""
        self.keep(fragments)
        self.used.update(fragments)
        self.added = self.added or added

    def take_used(self) -> tuple[dict[Fragment, Kept], bool]:
        """The fragments used since the last call, and whether any of them is new."""
        used = {key: self.fragments[key] for key in self.used if key in self.fragments}
        added, self.used, self.added = self.added, set(), False
        return used, added

    def retain(self, fragments: dict[Fragment, Kept]) -> None:
        """Keep only ``fragments`` (those the last build used: what a build superseded goes)."""
        self.fragments = OrderedDict(fragments)
        self.size = sum(len(fragment[0]) for fragment in fragments.values())


def _prints_of(seen: set[tuple[str, str]], reads: Reads, prints: FieldPrints) -> tuple[tuple[str, str, str], ...]:
    """What a block read, by record: (record id, its fields comma-separated, their fingerprint)."""
    by_record: dict[str, list[str]] = {}
    for rid, name in seen:
        by_record.setdefault(rid, []).append(name)
    shown = []
    for rid, names in sorted(by_record.items()):
        names.sort()
        joined = ",".join(names)
        shown.append((rid, joined, prints.of_fields(rid, reads.records[rid], names, joined)))
    return tuple(shown)


Fragment = tuple[str, str, str, Any]  # (template and line, page root, page language, key)
Kept = tuple[str, tuple[tuple[str, str, str], ...]]  # a block as shown; what it read (record id, fields, fingerprint)


def catalog_folders(theme: Theme, site_dir: Path | None) -> list[Path]:
    """Where translation catalogs are looked up, least specific first: the themes, then the site."""
    folders = [folder / CATALOG_DIR for folder in reversed(theme.chain)]
    return folders + ([site_dir / CATALOG_DIR] if site_dir is not None else [])


def _template_loader(theme: Theme) -> jinja2.BaseLoader:
    """Templates by name, the site's own first, then each theme's (``theme.template_dirs``);
    and by ``<theme>/<name>``, that theme's own (``Theme.templates_by_theme``).  A byte order
    mark that an editor put at the start of a template is not part of it (``utf-8-sig``), as
    Jinja already reads CR LF line endings as line breaks."""
    by_theme = {name: _TemplateFiles(str(folder)) for name, folder in theme.templates_by_theme.items()}
    return jinja2.ChoiceLoader(
        [_TemplateFiles([str(folder) for folder in theme.template_dirs]), jinja2.PrefixLoader(by_theme)]
    )


class _Unreadable(jinja2.TemplateSyntaxError):
    """A template file that is not UTF-8 text (Notepad's UTF-16, an editor's Windows-1252), or
    not a regular file (a FIFO, a folder, a link to nothing)."""


class _TemplateFiles(jinja2.FileSystemLoader):
    """Jinja's loader of template files, reading them as UTF-8 (a byte order mark left out);
    a file that is not is an error at its line, naming it."""

    def __init__(self, searchpath: str | list[str]):
        super().__init__(searchpath, encoding="utf-8-sig")

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str, Callable[[], bool]]:
        filename = self._found(template)
        try:
            return super().get_source(environment, template)
        except UnicodeDecodeError as error:
            message, line = not_utf8(error)
            raise _Unreadable(message, line, template, filename) from None

    def _found(self, template: str) -> str:
        """The first file of the template's name in the search path, which must be a regular
        file: opening a FIFO would block the build, and a folder or a link to nothing would
        be passed over for the theme's template without a word."""
        for folder in self.searchpath:
            filename = os.path.join(folder, *jinja2.loaders.split_template_path(template))
            if os.path.lexists(filename):
                try:
                    regular = stat.S_ISREG(os.stat(filename).st_mode)
                except OSError as error:
                    raise _Unreadable(f"cannot read this template: {error.strerror}", 1, template, filename) from None
                if not regular:
                    raise _Unreadable("not a regular file (only regular files are read)", 1, template, filename)
                return filename
        return template


class _Undefined(jinja2.StrictUndefined):
    """Jinja's strict undefined, whose message names the kind of record a template asked a
    missing field of (not the view that shows it) and the nearest field it has."""

    __slots__ = ()

    @property
    def _undefined_message(self) -> str:
        holder, name = self._undefined_obj, self._undefined_name
        if not self._undefined_hint and holder is not jinja2.utils.missing and not isinstance(name, str | int):
            # A record where a position or key goes (a template written for other variables):
            # its kind, not its whole text.
            return f"{type(unwrap(holder)).__name__} has no element for the {type(unwrap(name)).__name__} given between [ ]"
        if self._undefined_hint or holder is jinja2.utils.missing or not isinstance(name, str):
            return str(super()._undefined_message)
        shown = unwrap(holder)  # a record, not the view that shows it
        if isinstance(shown, Mapping):
            known = [str(key) for key in shown]
        else:
            known = [item for item in dir(shown) if not item.startswith("_")]
            own = getattr(shown, "__dict__", {}).get("own")  # a theme's own settings (ThemeSettings)
            known += [str(key) for key in own] if isinstance(own, Mapping) else []
        kind = shown.__name__ if isinstance(shown, ModuleType) else type(shown).__name__
        close = nearest(name, known)
        return f"{kind} has no field '{name}'" + (f"; did you mean '{close}'?" if close else "")


def _none_as_empty(value: Any) -> Any:
    """What ``{{ value }}`` prints: nothing for a field a record does not have (``None``),
    as Hugo prints nothing for nil, rather than the word "None"."""
    return "" if value is None else value


class _PageTimeFilters(jinja2.compiler.CodeGenerator):
    """Filters and tests run as each page renders, never once as its template compiles:
    Jinja would call a filter on a literal (``{{ 3000|number }}``) at compile time and keep
    the result in the compiled template (kept in the store too), whatever the page's
    language or the site's configuration when it renders.  The optimizer, which folds
    such calls elsewhere too, is off."""

    def _output_child_to_const(self, node: jinja2.nodes.Expr, frame: Any, finalize: Any) -> str:
        for call in (jinja2.nodes.Filter, jinja2.nodes.Test):
            if isinstance(node, call) or node.find(call) is not None:
                raise jinja2.nodes.Impossible()
        return super()._output_child_to_const(node, frame, finalize)


_SITE_COLLECTIONS = ("articles", "digests", "topics", "pages")


class _PageContext(jinja2.runtime.Context):
    """A page's variables; ``articles``, ``digests``, ``topics`` and ``pages`` where the page
    has none of its own (a topic's page lists its articles) are the site's, looked up only when
    a template names them, so that a page depends on a collection only where it shows one."""

    def resolve_or_missing(self, key: str) -> Any:
        if key in self.vars:
            return self.vars[key]
        if key in self.parent:
            return self.parent[key]
        if key in _SITE_COLLECTIONS and "site" in self.parent:
            return getattr(self.parent["site"], key)
        return jinja2.runtime.missing

    def call(__self, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # (Jinja's names: a keyword may be 'self')
        """Jinja's ``call`` (a template calling a macro, ``url()``, ``_()``), quicker: a
        function or a method is asked once, not twice, whether it wants the context, a macro
        is given the evaluation context as its ``__call__`` asks (a class's ``__call__`` may
        ask anything: other callables go through Jinja's), and a function
        that reads only some variables of the context (``context_reads``) is given the page's
        own unless a loop or block of the template sets one of them: Jinja would make a new
        context for each such call inside a loop."""
        kind = type(__obj)
        if kind not in _PLAIN_CALLABLES:
            return jinja2.runtime.Context.call(__self, __obj, *args, **kwargs)
        passed = _PASS_EVAL_CONTEXT if kind is jinja2.runtime.Macro else getattr(__obj, "jinja_pass_arg", None)
        if passed is _PASS_CONTEXT:
            reads = getattr(__obj, "context_reads", None)
            context: jinja2.runtime.Context = __self
            for local in ("_loop_vars", "_block_vars"):
                names = kwargs.get(local)
                if names and (reads is None or not reads.isdisjoint(names)):
                    context = context.derived(names)
            args = (context, *args)
        elif passed is not None:  # the evaluation context, the environment
            args = (__self.eval_ctx if passed is _PASS_EVAL_CONTEXT else __self.environment, *args)
        if kwargs:
            kwargs.pop("_block_vars", None)
            kwargs.pop("_loop_vars", None)
        try:
            return __obj(*args, **kwargs)
        except StopIteration:
            return __self.environment.undefined(
                "value was undefined because a callable raised a StopIteration exception"
            )


# Callables whose ``__call__`` asks for nothing of Jinja (a macro's asks for the evaluation
# context, always): ``Context.call`` needs to look only at the callable itself.
_PLAIN_CALLABLES = frozenset((FunctionType, MethodType, BuiltinFunctionType, jinja2.runtime.Macro))
_PASS_CONTEXT = jinja2.pass_context(lambda: None).jinja_pass_arg  # type: ignore[attr-defined]
_PASS_EVAL_CONTEXT = jinja2.pass_eval_context(lambda: None).jinja_pass_arg  # type: ignore[attr-defined]


class _Environment(jinja2.Environment):
    """Jinja's environment, where ``article.extra.<name>`` (or ``["<name>"]``) is always the
    file's field of that name, none where it has none, ``items`` or ``keys`` as any other (as Hugo's
    ``.Params.items``), never the mapping's method of that name."""

    def getattr(self, obj: Any, attribute: str) -> Any:
        """Jinja's, with ``Extra`` first (told by its type: an ABC's ``isinstance`` is slow,
        and templates look up a few hundred attributes a page)."""
        if type(obj) is Extra:
            return obj.get(attribute)
        try:
            return getattr(obj, attribute)
        except AttributeError:
            pass
        try:
            return obj[attribute]
        except (TypeError, LookupError, AttributeError):
            return self.undefined(obj=obj, name=attribute)

    def getitem(self, obj: Any, argument: Any) -> Any:
        if type(obj) is Extra:
            return obj.get(argument)
        return super().getitem(obj, argument)


def make_environment(
    theme: Theme, config: SiteConfig, compiled: StoredTemplates | None = None, site_dir: Path | None = None
) -> jinja2.Environment:
    env = _Environment(
        extensions=[_MergeConflicts, FragmentCache, "jinja2.ext.i18n"],
        bytecode_cache=compiled,
        loader=_template_loader(theme),
        autoescape=jinja2.select_autoescape(disabled_extensions=("txt",), default_for_string=True, default=True),
        undefined=_Undefined,
        finalize=_none_as_empty,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        optimized=False,  # see _PageTimeFilters
        auto_reload=False,  # (a template's new bytes make a new environment: ``Renderer.templates_key``)
    )
    env.code_generator_class = _PageTimeFilters
    env.context_class = _PageContext
    languages = Languages(config.language, catalog_folders(theme, site_dir))
    env.install_gettext_callables(  # type: ignore[attr-defined]
        languages.gettext, languages.ngettext, newstyle=True, pgettext=languages.pgettext,
        npgettext=languages.npgettext,
    )  # fmt: skip
    env.globals["_"] = _translator(languages)
    env.globals["languages"] = languages
    env.globals["lang_attrs"] = lambda of: Markup(languages.attributes(of))
    env.filters["date"] = languages.date
    env.filters["number"] = languages.number
    env.filters["og_locale"] = open_graph_locale
    env.filters["month_label"] = lambda month: languages.date(datetime(month.year, month.month, 1), "month")
    image_sizes = ImageSizes(site_dir)
    env.filters["prose"] = partial(prose_html, sizes=image_sizes)
    env.filters["headings_from"] = headings_from
    env.filters["email_images"] = partial(email_images_html, sizes=image_sizes)
    env.globals["image_size"] = image_sizes
    env.filters["isodate"] = lambda value: metadata.iso_datetime(value) if value else ""
    env.filters["html"] = Markup
    env.filters["plaintext"] = html_to_text
    env.filters["wrap"] = wrap_text
    env.filters["excerpt"] = excerpt
    env.filters["columns"] = columns
    env.globals["url"] = _url
    env.globals["abs_url"] = lambda target: (
        target if isinstance(target, str) and _ELSEWHERE.match(target) else config.absolute_url(_target_path(target))
    )
    env.globals["asset"] = _asset
    env.globals["now"] = lambda: datetime.now(config.tzinfo)  # the site's clock, not the computer's
    env.globals["metadata"] = metadata
    env.policies["json.dumps_kwargs"] = {"sort_keys": True, "default": _json_value}
    return env


def _json_value(value: Any) -> Any:
    """What ``|tojson`` writes of a value JSON has no type for: a mapping (an article's
    ``extra``) as an object, a date as ISO 8601 text."""
    if isinstance(value, Mapping):
        return {str(key): value[key] for key in value}
    if isinstance(value, date | datetime):
        return metadata.iso_datetime(value)
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


def _translator(languages: Languages) -> Callable[..., str]:
    """The templates' ``_()``: Jinja's new-style ``gettext`` (escaped where the template
    autoescapes, always a %-format) without its two nested context calls (a tenth of a
    page's rendering); a message without variables is made once per language."""
    made: dict[tuple[str, str, bool], str] = {}

    @jinja2.pass_context
    def translate(context: Any, message: str, **variables: Any) -> str:
        escaped = bool(context.eval_ctx.autoescape)
        if variables:
            text = languages.gettext(message)
            return (Markup(text) if escaped else text) % variables
        key = (languages.current, message, escaped)
        found = made.get(key)
        if found is None:
            text = languages.gettext(message)
            found = made[key] = (Markup(text) if escaped else text) % {}
        return found

    translate.context_reads = frozenset()  # type: ignore[attr-defined]  # (only its evaluation context)
    return translate


@jinja2.pass_context
def _url(context: Any, target: Any = "") -> str:
    """A link to ``target`` (a record, or a site path) from the page being rendered.

    A macro imported without context does not know the page; there the link is written
    as a site-root mark, which is made relative in attribute values once the page is done.
    """
    if isinstance(target, str) and _ELSEWHERE.match(target):
        return target  # an address of its own (https://…, mailto:…, //cdn…): as it is
    path = _target_path(target)
    root = context.get("root")
    if root is None:
        return SITE_ROOT + path
    return f"{root}{path}" or "./"


@jinja2.pass_context
def _asset(context: Any, path: str) -> str:
    """A link to ``static/<path>`` from the page being rendered."""
    if not isinstance(path, str) or ".." in path.split("/"):
        raise ValueError(f"asset(): expected a path in the theme's static/ folder, got {path!r}")
    return _url(context, f"static/{path.lstrip('/')}")


_url.context_reads = _asset.context_reads = frozenset(["root"])  # type: ignore[attr-defined]


# An address that is no site path: a scheme (https:, mailto:) or a host (//cdn.example.org/…).
_ELSEWHERE = re.compile(rf"{_SCHEME.pattern}|^//")


def _target_path(target: Any) -> str:
    if isinstance(target, str):
        return target.lstrip("/")
    url = getattr(target, "url", None)  # (read through a recorded view: a dependency)
    if not isinstance(url, str):
        shown = "nothing (an undefined value)" if isinstance(target, jinja2.Undefined) else repr(target)
        raise ValueError(f"url(): expected a record or a site path, got {shown}")
    return url


_EXTENDS = re.compile(r"""\{%-?\s*extends\s+["']([^"']+)["']""")


def inline_css(html: str, path: str) -> str:
    """Move a page's <style> rules into style attributes, as email clients need.  A linked
    stylesheet is left as it is, never fetched: a build reads no network (and the site at
    base_url may not be published yet); mail services drop such links."""
    import css_inline

    try:
        # @media rules (dark mode) cannot be inlined: they stay in a <style> of their own.
        return str(css_inline.inline(html, keep_at_rules=True, keep_link_tags=True, load_remote_stylesheets=False))
    except ValueError as error:
        raise TemplateError(f"cannot inline the CSS of {path}: {error}", path) from None


_BLOCK_END = re.compile(r"</(p|div|h[1-6]|blockquote|tr|pre|ul|ol)>", re.I)
_TAG = re.compile(r"<[^>]+>")
_RULE = re.compile(r"<hr\b[^>]*>", re.I)
_LINK = re.compile(r'<a\s[^>]*?href="([^"]*)"[^>]*>(.*?)</a>', re.I | re.DOTALL)
_BACKREF = re.compile(r'\s*<a\s[^>]*class="footnote-backref"[^>]*>.*?</a>', re.I | re.DOTALL)
_STRUCK = re.compile(r"</?(del|s)>", re.I)
_IMG = re.compile(r"<img\b[^>]*>", re.I)
_ATTRIBUTE = re.compile(r'\b([a-zA-Z-]+)="([^"]*)"')
# A list's start or end tag; an item's start tag with the first paragraph tag in it (a loose
# list's), so that the paragraph starts on the item's line; an item's end tag.
_LIST_TAG = re.compile(r"<(/?)(ol|ul)\b([^>]*)>|<li\b([^>]*)>(?:\s*<p>)?|</li>", re.I)
_START = re.compile(r'\bstart="(\d+)"')
_LINE = "\x01"  # a line of its own within a block: a list item
_INDENT = "\x02"  # a nested list's level, two spaces once the text is laid out
_PAD = "\x03"  # a space that aligns a table's columns, kept as it is


def html_to_text(html: str, base: str = "", page: str = "", image: str = "Image") -> str:
    """Readable plain text from rendered Markdown, for the text edition of a newsletter.
    A link keeps its target after its text, ``text (https://…)``; site links start at ``base``,
    others are read as on the ``page`` at that address (when given). List items are lines of
    their own (``- ``, numbered in ordered lists, ``[1]`` for footnotes, whose back-links are
    left out); struck-through text keeps its ``~~``; a thematic break is ``---``; an image is
    its alt text in brackets and its address (without alt text, its title, else ``image``, the
    word for one in the page's language); scripts and styles (of raw HTML) are left out."""
    return _QUOTED.sub(">", _text(html, base, page, image)).replace(_QUOTE_MARK, "> ")


def _text(html: str, base: str = "", page: str = "", image: str = "Image") -> str:
    """``html_to_text``, with each line's quote marks still ``_QUOTE_MARK``: a quote's text
    is quoted again in the quote around it, which would otherwise escape and read its marks
    once for every quote around them."""
    html = _STRUCK.sub("~~", _BACKREF.sub("", scripts_left_out(_UNREAD_TEXT.sub("", html))))
    if page:
        html = absolute_urls(resolve_site_links(html, base), page, fragments=False)
    if "<pre" in html:
        html = _PRE.sub(lambda match: _code_text(match[1]), html)
    if "<blockquote" in html:
        html = _quotes_text(html, base, image)
    if "<table" in html:
        html = _TABLE.sub(lambda match: _table_text(match[0], base, image), html)
    if "<img" in html:
        html = _IMG.sub(lambda match: _image_text(match[0], base, image), html)
    if "<hr" in html:  # a thematic break (and the rule above footnotes), as Markdown writes it
        html = _RULE.sub("<p>---</p>", html)
    text = _LINK.sub(lambda match: _link_text(match.group(2), htmllib.unescape(match.group(1)), base), html)
    text = _BLOCK_END.sub("\0", _list_items(_BREAK.sub(_LINE, text)))
    text = htmllib.unescape(_TAG.sub("", text))
    blocks = []
    for block in text.split("\0"):
        lines = (" ".join(line.split()).replace(_INDENT, "  ").replace(_PAD, " ") for line in block.split(_LINE))
        blocks.append("\n".join(line for line in lines if line))
    return "\n\n".join(block for block in blocks if block)


def _code_text(inner: str) -> str:
    """A code block as lines of their own, indented by four spaces, its spacing kept."""
    code = htmllib.unescape(_TAG.sub("", inner)).rstrip("\n")
    lines = [f"    {line}".replace(" ", _PAD) for line in code.split("\n")]
    return f"<p>{htmllib.escape(_LINE.join(lines))}</p>"


def _quotes_text(html: str, base: str, image: str) -> str:
    """Each block quote as its text, the innermost first (a quote in a quote is ``> > ``), in
    one pass however deep they nest.  An end tag that closes no quote, or a start tag that is
    never closed (raw HTML), is left as it is."""
    held: list[list[str]] = [[]]  # what is outside the quotes, and what each open quote holds so far
    starts: list[str] = []  # the open quotes' start tags
    position = 0
    for tag in _QUOTE_TAG.finditer(html):
        held[-1].append(html[position : tag.start()])
        position = tag.end()
        if not tag[0].startswith("</"):
            starts.append(tag[0])
            held.append([])
        elif starts:
            starts.pop()
            inner = "".join(held.pop())
            held[-1].append(_quote_text(inner, base, image))
        else:
            held[-1].append(tag[0])
    held[-1].append(html[position:])
    while starts:
        inner = "".join(held.pop())
        held[-1].append(starts.pop() + inner)
    return "".join(held[0])


def _quote_text(inner: str, base: str, image: str) -> str:
    """A block quote as its text with each line marked as quoted (``> ``, or ``>`` alone on
    an empty line between paragraphs, once the whole text is made)."""
    lines = (_QUOTE_MARK + line for line in _text(inner, base, image=image).split("\n"))
    return f"<p>{htmllib.escape(_LINE.join(line.replace(' ', _PAD) for line in lines))}</p>"


_PRE = re.compile(r"<pre\b[^>]*>(.*?)</pre>", re.DOTALL | re.IGNORECASE)
_QUOTE_TAG = re.compile(r"<blockquote\b[^>]*>|</blockquote>", re.IGNORECASE)
_QUOTE_MARK = "\x04"  # a quote's "> " before a line of text in it
_QUOTED = re.compile(f"{_QUOTE_MARK}(?=\n|\\Z)")  # the last mark of a line that is empty in the quote: ">"
_BREAK = re.compile(r"<br\s*/?>\s*", re.IGNORECASE)


# What a cut leaves before the "…" of an excerpt: spaces, and marks a "…" stands in for.
_CUT_LEFTOVERS = " \t\n.,;:·–—-…。，、；："


def excerpt(text: object, length: int = 220) -> str:
    """``text`` in at most ``length`` characters, for a card or a list: cut at the last space
    before the limit (between characters where there is none near it: Chinese, Japanese, a
    long address), without the full stop or comma the cut leaves, and ``…``.  Jinja's
    ``truncate`` would write a sentence's end and its three dots, ``missile....``.  Markup (a
    translated message naming the site, ``R&amp;D Weekly: …``) is read as the text it shows."""
    text = text.unescape() if isinstance(text, Markup) else str(text)
    if len(text) <= length:
        return text
    cut = text[: max(length - 1, 1)]
    space = cut.rfind(" ")
    if space > len(cut) // 2:
        cut = cut[:space]
    return cut.rstrip(_CUT_LEFTOVERS) + "…"


def wrap_text(text: str, width: int = 72) -> str:
    """``text`` wrapped at ``width`` columns, a line at a time, at spaces (as Jinja's
    ``wordwrap`` without breaking long words or at hyphens) and, in Chinese or Japanese, which
    have none, between characters; a closing mark (``，。」``) never starts a line.  A list
    item's lines after the first are indented under its text; a quote's text is wrapped
    within what its marks (``> > ``) leave of the width, and at least half of it, each line
    marked; the rows of a table laid out in columns (``plaintext``) are left whole, or its
    columns would fall apart."""
    given = text.splitlines()
    table_rows = _table_rows(given)
    lines = []
    for number, line in enumerate(given):
        if number in table_rows or (line.startswith("    ") and not _LIST_MARKER.match(line)):  # a row, code
            lines.append(line)
        elif quote := _QUOTE_MARKER.match(line):
            within = wrap_text(line[quote.end() :], max(width - quote.end(), width // 2))
            lines.append("\n".join(quote[0] + part for part in within.split("\n")))
        elif line.isascii() or not _WIDE_CHARACTER.search(line):
            marker = _LIST_MARKER.match(line)
            hanging = " " * len(marker[0]) if marker else ""
            wrapped = textwrap.wrap(line, width=width, expand_tabs=False, replace_whitespace=False,
                                    break_long_words=False, break_on_hyphens=False,
                                    subsequent_indent=hanging)  # fmt: skip
            lines.append("\n".join(wrapped))
        else:
            lines.append("\n".join(_wrapped_wide(line, width)))
    return "\n".join(lines)


_LIST_MARKER = re.compile(r"\s*(?:\d{1,3}[.)]|[-*•])\s+(?=\S)")
_QUOTE_MARKER = re.compile(r"(?:> )+")
_COLUMN_MARK = re.compile(r" \| |-\+-")


def _table_rows(lines: list[str]) -> set[int]:
    """The lines that are rows of a table in columns: their first column ends where a
    neighbouring line's does."""
    starts = [found.start() if (found := _COLUMN_MARK.search(line)) else None for line in lines]
    return {
        number
        for number, start in enumerate(starts)
        if start is not None
        and ((number > 0 and starts[number - 1] == start) or (number + 1 < len(starts) and starts[number + 1] == start))
    }


def _wrapped_wide(line: str, width: int) -> list[str]:
    out: list[str] = []
    current, used = "", 0
    for token in _WRAP_TOKEN.findall(line):
        size = columns(token)
        if used + size > width and current.strip() and not token.isspace() and token[0] not in _CLOSING:
            out.append(current.rstrip())
            current, used = "", 0
        if token.isspace() and not current:
            continue
        current, used = current + token, used + size
    if current.strip():
        out.append(current.rstrip())
    return out


_WIDE = "\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60"  # East Asian wide
_WIDE_CHARACTER = re.compile(f"[{_WIDE}]")
_WRAP_TOKEN = re.compile(f"\\s+|[{_WIDE}]|[^\\s{_WIDE}]+")  # spaces, one wide character, or a run of others
_CLOSING = "，。、．！？：；）」』】〉》〕…ー・,.!?:;)"


def _table_text(table: str, base: str, image: str) -> str:
    """A table as lines of cells in aligned columns (``Country | Stance``), the header
    underlined: one block of the text edition."""
    rows = [
        [" ".join(html_to_text(cell, base, image=image).split()) for cell in _CELL.findall(row)]
        for row in _ROW.findall(table)
    ]
    rows = [row for row in rows if row]
    if not rows:
        return ""
    widths = [
        max(len(row[column]) if column < len(row) else 0 for row in rows) for column in range(max(map(len, rows)))
    ]
    lines = [" | ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=False)).rstrip() for row in rows]
    header = _ROW.search(table)
    if header is not None and "<th" in header[0]:
        lines.insert(1, "-+-".join("-" * width for width in widths))
    laid_out = [line.replace(" ", _PAD) for line in lines]
    return f"<p>{htmllib.escape(_LINE.join(laid_out))}</p>"


_ROW = re.compile(r"<tr\b[^>]*>(.*?)</tr>", re.DOTALL | re.IGNORECASE)
_CELL = re.compile(r"<t[hd]\b[^>]*>(.*?)</t[hd]>", re.DOTALL | re.IGNORECASE)


def _list_items(html: str) -> str:
    """Each ``<li>`` as the start of a line with its marker, its first paragraph on that line."""
    numbers: list[int | None] = []  # of the open lists: the next item's number (None: bullets)

    def marker(match: re.Match[str]) -> str:
        closing, tag, attributes = match[1], (match[2] or "").lower(), match[3]
        if tag == "ol" or tag == "ul":
            if closing:
                if numbers:
                    numbers.pop()
                return "" if numbers else match[0]  # a nested list ends no block
            start = _START.search(attributes) if tag == "ol" else None
            numbers.append((int(start[1]) if start else 1) if tag == "ol" else None)
            return match[0]
        item = match[4]  # the attributes of an item's start tag; None for its end tag
        if item is None or not numbers:
            return ""
        number = numbers[-1]
        indent = _INDENT * (len(numbers) - 1)
        if number is None:
            return f"{_LINE}{indent}- "
        numbers[-1] = number + 1
        return f"{_LINE}{indent}[{number}] " if "footnote-item" in item else f"{_LINE}{indent}{number}. "

    return _LIST_TAG.sub(marker, html)


def _image_text(tag: str, base: str, image: str) -> str:
    """An image as its alt text in brackets and its address: ``[Alt] (https://…)``; without
    alt text, its title or the word ``image`` in its place: ``[Image] (https://…)``."""
    found = {name.lower(): htmllib.unescape(value) for name, value in _ATTRIBUTE.findall(tag)}
    alt = " ".join(found.get("alt", "").split()) or " ".join(found.get("title", "").split())
    target = _absolute(found.get("src", ""), base)
    if target and not alt:
        alt = image
    shown = f"[{htmllib.escape(alt)}]" if alt else ""
    return f"{shown} ({htmllib.escape(target)})".strip() if target else shown


def _absolute(target: str, base: str) -> str:
    return base + target[len(SITE_ROOT) :] if target.startswith(SITE_ROOT) else target


def _link_text(inner: str, target: str, base: str) -> str:
    target = _absolute(target, base)
    shown = _TAG.sub("", inner)
    if not target or target.startswith("#") or htmllib.unescape(shown).strip() == target:
        return inner
    return f"{inner} ({htmllib.escape(target)})"


_TABLE = re.compile(r"<table\b.*?</table>", re.DOTALL)
_BARE_URL = re.compile(r'<a href="(https?://[^"<>]+)">\1</a>')
_IMG_WITHOUT_LOADING = re.compile(r"<img (?![^>]*\bloading=)")
_IMG_WITHOUT_SIZE = re.compile(r'<img (?![^>]*\bwidth=)([^>]*?\bsrc="([^"]*)")')


def prose_html(
    html: str,
    label: str = "Table",
    back: str = "Back to the text",
    sizes: Callable[[str], tuple[int, int] | None] | None = None,
) -> Markup:
    """Rendered Markdown made fit for any screen: each table in a scrolling region (so a
    wide table never widens the page), each code block focusable (a long line scrolls inside
    it, by keyboard too), a link written as its address marked ``class="url"`` (print styles
    do not print the address after it again), images loaded lazily (they are below the
    headline) and, where ``sizes`` knows them, with their width and height (no shift as they
    load); ``label`` names a table's region, ``back`` a footnote's way back to the text."""
    if "<table" in html:
        region = f'<div class="table-scroll" role="region" tabindex="0" aria-label="{htmllib.escape(label)}">'
        html = _TABLE.sub(lambda match: f"{region}{match.group(0)}</div>", html)
    if "<pre>" in html:
        html = html.replace("<pre>", '<pre tabindex="0">')
    if "://" in html:
        html = _BARE_URL.sub(r'<a href="\1" class="url">\1</a>', html)
    if 'class="footnote-backref">' in html:
        html = html.replace(
            'class="footnote-backref">', f'class="footnote-backref" aria-label="{htmllib.escape(back)}">'
        )
    if "<img " in html:
        if sizes is not None:
            html = _IMG_WITHOUT_SIZE.sub(lambda match: _sized_img(match, sizes), html)
        html = _IMG_WITHOUT_LOADING.sub('<img loading="lazy" decoding="async" ', html)
    return Markup(html)


_HEADING_TAG = re.compile(r"<(/?)h([1-6])(?=[\s>])", re.IGNORECASE)


def headings_from(html: str, level: int) -> str:
    """Rendered Markdown shown under a heading of the page (an issue's intro under its title, a
    pick's note under the pick's): its first heading at ``level``, each next one as far from the
    one before as written but at most one deeper, and none above ``level`` or beyond h6, so that
    the page's headings keep a valid order (``## Why`` in a note under an h2 becomes an h3, and a
    ``####`` after it an h4, not a level skipped)."""
    if "<h" not in html and "<H" not in html:
        return html
    floor = max(1, min(6, level))
    before: tuple[int, int] | None = None  # the heading before: its level as written, and as shown
    open_levels: list[int] = []  # the levels shown of the headings open, for their closing tags

    def moved(match: re.Match[str]) -> str:
        nonlocal before
        if match[1]:
            return f"</h{open_levels.pop() if open_levels else match[2]}"
        written = int(match[2])
        shown = floor if before is None else min(before[1] + written - before[0], before[1] + 1)
        shown = min(6, max(floor, shown))
        before = (written, shown)
        open_levels.append(shown)
        return f"<h{shown}"

    return _HEADING_TAG.sub(moved, html)


def _sized_img(match: re.Match[str], sizes: Callable[[str], tuple[int, int] | None], widest: int | None = None) -> str:
    size = sizes(htmllib.unescape(match[2]))
    if not size:
        return match[0]
    width, height = size
    if widest is not None and width > widest:
        width, height = widest, max(1, round(height * widest / width))
    return f'<img width="{width}" height="{height}" {match[1]}'


def email_images_html(html: str, widest: int, sizes: Callable[[str], tuple[int, int] | None]) -> Markup:
    """The ``email_images(widest)`` filter: each site image of rendered Markdown given its width
    and height, scaled down to ``widest`` pixels (a newsletter's column): Outlook for Windows
    shows an image at its width attribute, else at its own size, whatever the CSS says."""
    if "<img " in html:
        html = _IMG_WITHOUT_SIZE.sub(lambda match: _sized_img(match, sizes, widest), html)
    return Markup(html)


class SiteImage:
    """A file of content/static/ or of a page bundle as a page reads it: its pixel size (None
    when it is not an image, or missing), read once.  The page's reads note it as the record
    ``i:<output path>``, whose version is the file's size and modification time
    (``site_images``), so that replacing an image renders again the pages that reserve its size."""

    def __init__(self, file: Path | None):
        self.file = file  # None: no file of the site is published there (yet)

    @functools.cached_property
    def size(self) -> tuple[int, int] | None:
        return None if self.file is None else file_image_size(self.file)


class ImageSizes:
    """``image_size(src)`` in templates and the ``prose`` filter: the pixel size of a site
    image by its URL as content gives it (``/static/x.png`` or ``@/static/x.png``; a page
    bundle's file by its published path, ``@/articles/harbour/photo.png``); None for other URLs,
    unknown files and no URL at all.  What it looked at is noted in the page's ``reads``."""

    def __init__(self, site_dir: Path | None):
        self.site_dir = site_dir
        self.reads: Reads | None = None  # of the page being rendered
        # output path -> content path of every file of content/static/ and of page bundles: a size
        # is read from what the site publishes at that address, never a file the system opens
        # by another name (macOS and Windows open Photo.PNG for photo.png)
        self.files: Mapping[str, str] = {}

    def __call__(self, src: str | None) -> tuple[int, int] | None:
        if not isinstance(src, str):  # (an article without a photo: ``image.src`` is none)
            return None
        parts = urlsplit(src.removeprefix(SITE_ROOT).lstrip("/"))
        path = unquote(parts.path)
        if self.site_dir is None or parts.scheme or parts.netloc or ".." in path.split("/"):
            return None
        # (a path of no file is read all the same: a picture added there later renders the page again)
        source = self.files.get(path)
        image = SiteImage(self.site_dir / source if source is not None else None)
        if self.reads is not None:
            rid = f"{IMAGE_PREFIX}{path}"
            self.reads.note(rid, image, "size")
            image = self.reads.records[rid]  # the one read first on this page: one read of the file
        return image.size


def site_images(site_dir: Path, bundled: Iterable[tuple[str, str]] = ()) -> dict[str, tuple[str, SiteImage]]:
    """Every file of content/static/, and every file of a page bundle (``bundled``: output
    path, content path), as a record a page may read: id -> (version, record)."""
    content = site_dir / CONTENT_DIR
    files = [(Path(root, name), "") for root, _dirs, names in os.walk(content / "static") for name in names]
    # (a bundle's file with its content path in the version: its output path may come from another file)
    files += [(site_dir / source, output) for output, source in bundled]
    found: dict[str, tuple[str, SiteImage]] = {}
    for file, output in files:
        try:
            stat = file.stat()
        except OSError:
            continue
        version = f"{stat.st_size}:{changed_ns(stat)}"
        path = output or as_typed(file.relative_to(content).as_posix())
        found[f"{IMAGE_PREFIX}{path}"] = (
            f"{version}:{file.relative_to(site_dir).as_posix()}" if output else version,
            SiteImage(file),
        )
    return found


# --- What pages a site has -------------------------------------------------------------


def plan_pages(site: Site, config: SiteConfig, memo: PlanMemo | None = None) -> Iterator[PageSpec]:
    """Every HTML page of the site, in a stable order (``memo``: the last plan's, kept up to date)."""
    yield _home(site, config)
    picks = _picked_in(site)
    memo = memo or PlanMemo()
    made: dict[str, Any] = {}
    for article in site.articles:
        yield memo.article_page(site, article, picks.get(article.slug, ()), made)
    memo.articles = made
    yield _topics_index(site)
    topics_made: dict[str, Any] = {}
    for topic in site.topics:
        yield from memo.topic_pages(topic, config.per_page, topics_made)
    memo.topics = topics_made
    yield from _digests_index(site, config.per_page)
    for index in range(len(site.digests)):
        yield _digest_page(site, index)
    yield from _archive_pages(site)
    for page in site.pages:
        yield PageSpec(
            f"{page.url}index.html",
            "page.html",
            {"page": PageInfo("page", page.title, page.url, page.summary, extra=page.extra), "content": page},
        )
    yield PageSpec("404.html", "404.html", {"page": PageInfo("404", "Page not found", "404.html")})


def _topics_index(site: Site) -> PageSpec:
    return PageSpec(
        "topics/index.html",
        "topics.html",
        {"page": PageInfo("topics", "Topics", "topics/"), "topics": site.topics},
    )


def _digests_index(site: Site, per_page: int) -> Iterator[PageSpec]:
    pages = max(1, math.ceil(len(site.digests) / per_page))
    for number in range(1, pages + 1):
        items = site.digests[(number - 1) * per_page : number * per_page]
        paginator = Paginator(items, number, pages, len(site.digests), "digests/")
        title = "Digest issues" if number == 1 else f"Digest issues (page {number})"
        info = PageInfo(
            "digests", title, paginator.url_for(number), feed="digests/feed.xml", feed_title="Digest issues"
        )
        yield PageSpec(
            f"{paginator.url_for(number)}index.html",
            "digests.html",
            {"page": info, "digests": items, "paginator": paginator},
        )


def _digest_page(site: Site, index: int) -> PageSpec:
    digest = site.digests[index]
    newer = site.digests[index - 1] if index > 0 else None
    older = site.digests[index + 1] if index + 1 < len(site.digests) else None
    return _issue_page(digest, older, newer)


def search_page() -> PageSpec:
    """The search page (the built-in plugin ``search`` adds it)."""
    return PageSpec("search/index.html", "search.html", {"page": PageInfo("search", "Search", "search/")})


def email_pages(site: Site, text: bool = True) -> Iterator[PageSpec]:
    """Each issue's email edition (the built-in plugin ``email`` adds them): ``email.html``,
    and ``email.txt`` unless ``text`` is off."""
    for digest in site.digests:
        yield _digest_email(digest, "html")
        if text:
            yield _digest_email(digest, "txt")


@dataclass(frozen=True)
class ArchiveYear:
    """One year of the archive: its months (newest first) and the pages that show them."""

    year: int
    url: str  # 'archive/' for the newest year, 'archive/<year>/' for the others
    months: tuple[Month, ...]
    pages: tuple[tuple[Month, ...], ...]  # whole months, about ARCHIVE_PER_PAGE articles a page
    count: int  # articles in the year: a field, so that it is part of the key of every page shown it

    def __str__(self) -> str:  # ``{{ year }}`` prints the year
        return str(self.year)

    def month_url(self, month: Month) -> str:
        """Where a month is listed: its page of the year, and its anchor there."""
        # By anchor, not by equality: comparing months compares all their articles, and
        # through recording views would note every field of each as read.
        anchor = month.anchor
        number = next(n for n, page in enumerate(self.pages, 1) if any(item.anchor == anchor for item in page))
        page_url = self.url if number == 1 else f"{self.url}page/{number}/"
        return f"{page_url}#{month.anchor}"


def archive_years(months: tuple[Month, ...]) -> tuple[ArchiveYear, ...]:
    """The archive's years, newest first; the newest is the archive's own first page."""
    years: dict[int, list[Month]] = {}
    for month in months:
        years.setdefault(month.year, []).append(month)
    return tuple(
        ArchiveYear(
            year,
            "archive/" if position == 0 else f"archive/{year}/",
            tuple(items),
            _pages_of_months(items),
            sum(len(month.articles) for month in items),
        )
        for position, (year, items) in enumerate(years.items())
    )


def _pages_of_months(months: list[Month]) -> tuple[tuple[Month, ...], ...]:
    pages: list[list[Month]] = [[]]
    size = 0
    for month in months:
        if pages[-1] and size + len(month.articles) > ARCHIVE_PER_PAGE:
            pages.append([])
            size = 0
        pages[-1].append(month)
        size += len(month.articles)
    return tuple(tuple(page) for page in pages)


def _archive_pages(site: Site) -> Iterator[PageSpec]:
    """The archive by year, newest first, each year's months paginated: archive/ (the newest
    year), archive/page/2/, archive/2025/, archive/2025/page/2/ …"""
    years = archive_years(site.archive)
    if not years:
        context = {"page": PageInfo("archive", "Archive", "archive/"), "years": (), "year": None, "months": ()}
        yield PageSpec("archive/index.html", "archive.html", {**context, "paginator": None})
    for position, year in enumerate(years):
        for number, months in enumerate(year.pages, 1):
            paginator = Paginator(months, number, len(year.pages), year.count, year.url)
            title = "Archive" if position == 0 else f"Archive {year.year}"
            title = title if number == 1 else f"{title} (page {number})"
            info = PageInfo("archive", title, paginator.url_for(number))
            context = {"page": info, "years": years, "year": year, "months": months, "paginator": paginator}
            yield PageSpec(f"{paginator.url_for(number)}index.html", "archive.html", context)


def _home(site: Site, config: SiteConfig) -> PageSpec:
    """The front page: the latest issue as its lead, then recent issues and the latest
    articles grouped by their first topic."""
    articles = site.articles[: config.theme_settings.front_page_items]
    digests = site.digests[:HOME_DIGESTS]
    info = PageInfo("index", "Home", "", feed="feed.xml", feed_title="Latest articles")
    lead = digests[0] if digests else None
    context = {
        "page": info,
        "latest_articles": articles,
        "latest_digests": digests,
        "lead_digest": lead,
        "recent_digests": digests[1:],
        "latest_by_topic": _by_first_topic(articles, HOME_TOPICS),
    }
    return PageSpec("index.html", "index.html", context)


def _by_first_topic(articles: tuple[Article, ...], limit: int) -> tuple[tuple[Any, tuple[Article, ...]], ...]:
    """(topic, its articles) for the first ``limit`` topics met, newest first; the rest under None."""
    groups: dict[Any, list[Article]] = {}
    for article in articles:
        topic = article.topics[0] if article.topics else None
        key = topic if topic in groups or len(groups) < limit else None
        groups.setdefault(key, []).append(article)
    return tuple((topic, tuple(items)) for topic, items in groups.items())


def _picked_in(site: Site) -> dict[str, tuple[tuple[Digest, Pick], ...]]:
    """By article slug: the issues that picked it, newest first, each with its pick."""
    index: dict[str, list[tuple[Digest, Pick]]] = {}
    for digest in site.digests:
        for pick in digest.picks:
            index.setdefault(pick.article.slug, []).append((digest, pick))
    return {slug: tuple(picks) for slug, picks in index.items()}


def _article_page(article: Article, related: tuple[Article, ...], picks: tuple[tuple[Digest, Pick], ...]) -> PageSpec:
    first_topic = article.topics[0] if article.topics else None
    info = PageInfo(
        "article",
        article.title,
        article.url,
        description=article.summary,
        feed=f"{first_topic.url}feed.xml" if first_topic else None,
        feed_title=f"Topic: {first_topic.name}" if first_topic else None,
    )
    context = {
        "page": info,
        "article": article,
        "related": related,
        "picked_in": picks,
        "language": article.language,
    }
    return PageSpec(f"{article.url}index.html", "article.html", context)


def _topic_pages(topic: Topic, per_page: int) -> Iterator[PageSpec]:
    pages = max(1, math.ceil(topic.count / per_page))
    for number in range(1, pages + 1):
        items = topic.articles[(number - 1) * per_page : number * per_page]
        paginator = Paginator(items, number, pages, topic.count, topic.url)
        title = topic.name if number == 1 else f"{topic.name} (page {number})"
        info = PageInfo(
            "topic",
            title,
            paginator.url_for(number),
            description=first_paragraph(topic.description_html),
            feed=f"{topic.url}feed.xml",
            feed_title=f"Topic: {topic.name}",
        )
        path = f"{paginator.url_for(number)}index.html"
        yield PageSpec(path, "topic.html", {"page": info, "topic": topic, "paginator": paginator, "articles": items})


def _digest_email(digest: Digest, extension: str) -> PageSpec:
    info = PageInfo("email", digest.title, digest.url, description=digest.summary)
    context = {"page": info, "digest": digest, "language": digest.language}
    return PageSpec(f"{digest.url}email.{extension}", f"email.{extension}", context)


def _issue_page(digest: Digest, older: Digest | None, newer: Digest | None) -> PageSpec:
    info = PageInfo(
        "digest",
        digest.title,
        digest.url,
        description=digest.summary,
        feed="digests/feed.xml",
        feed_title="Digest issues",
    )
    context = {"page": info, "digest": digest, "older": older, "newer": newer, "language": digest.language}
    return PageSpec(f"{digest.url}index.html", "digest.html", context)
