"""One build: find what changed -> load -> plan -> render what changed -> write -> index.

The same path serves ``digest build`` and ``digest serve``.  A ``Builder`` keeps its state
(parsed files, every page's key and what it read while it rendered, the records' versions)
in memory between its own builds, as the preview does, and in the build store
(``cache.BuildStore``) between runs of the command.  A page is rendered again only when
its key (templates, configuration, output path, what it was given) changed, its output
file is not as written, or a field it read of some record has another value now (``deps``).
"""

from __future__ import annotations

import contextlib
import functools
import gc
import math
import os
import re
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit

from digest import __version__
from digest.cache import (
    CACHE_DIR,
    STORE_FILE,
    BodyReader,
    BuildStore,
    CacheCorrupted,
    FileRow,
    InputStats,
    PageRecord,
    StoreUpdate,
    code_fingerprint,
    input_stats,
)
from digest.errors import BuildFailed, ConfigError, DigestError, TemplateError, shown_path
from digest.layout import CONFIG_NAME, CONTENT_DIR, RACY_NS, as_typed, changed_ns, packaged_themes_dir
from digest.parallel import map_shared, stripes, worker_count
from digest.process import site_lock
from digest.progress import advance, step

if TYPE_CHECKING:
    from digest.config import SiteConfig
    from digest.content import ContentCache, ParsedFile
    from digest.deps import Readers
    from digest.model import RecordMemo, Site
    from digest.plugins import Plugins
    from digest.render import Fragment, Kept, PageSpec, PlanMemo, Renderer, SiteContext
    from digest.search import IndexOptions
    from digest.theme import Theme
    from digest.write import Claims, Finish

# The configuration's parser, the content model, rendering (Jinja2) and content (Markdown)
# are imported when a build has work to do, so that a build with nothing to do answers at once.

OUTPUT_DIR = "public"
PARALLEL_PAGES = 300  # below this many pages to render, one process is faster
LOCK_FILE = "build.lock"  # in the cache, where the site folder itself cannot be locked
# An input modified this close to the signature could change again without its mtime
# changing: the build looks at it.  A file system that keeps whole seconds: ``RACY_NS``; one
# that keeps fractions of a second: a few ticks of the system's file clock (Linux: 1-10 ms,
# Windows: 15.6 ms; timestamps lag real time by up to one).
FINE_RACY_NS = 50_000_000
# digest.yaml's stamp (``_settled_stamp``), then its hooks files and the plugins it enables.
Configured = tuple[str | None, tuple[str, ...], tuple[str, ...]]


@dataclass(frozen=True)
class BuildOptions:
    drafts: bool = False
    future: bool = False
    base_url: str | None = None  # overrides digest.yaml's base_url
    output: Path | None = None  # default: <site>/public
    clean: bool = False  # ignore the build store
    jobs: int | None = None  # worker processes; default: the number of cores
    search: bool = True  # the built-in search plugin writes its index (serve indexes aside; check needs none)
    persist: bool = True  # keep the state in the build store (serve and check keep it in memory only)
    # Without ``persist``: start from the parsed files and compiled templates the store holds
    # (builds aside, as check and email make, and the preview's first), still writing nothing to it.
    reuse_store: bool = False
    force: bool = False  # build into a non-empty folder digest did not make (its files are kept)
    # The output folder is this builder's alone (the preview's): its pages are taken to be as
    # written, not looked at one by one (a page changed by hand in a shared output is written
    # again), and of its folders only those other steps write (the search index) are read again.
    private_output: bool = False
    # Render and write only these output paths (and the static files): a build aside for a
    # few files of the site, as ``digest email`` makes for one issue's editions.  None: every page.
    only: frozenset[str] | None = None
    # The output is read once and removed, no build after it (check's and email's builds
    # aside): no spare tree is made beside it for a next build to start from, and the build
    # loads the site even when nothing changed (its caller reads it).
    throwaway: bool = False
    # With ``reuse_store``, into a new output (check's): start from a copy of the output the
    # store's last build wrote (hard links of the files digest wrote there, on the same file
    # system), rendering only the pages whose inputs changed since.
    seed: bool = False
    # The time the build publishes at (content dated up to it is shown; default: now), and
    # content files shown whatever their draft flag and date: a build aside of the site as
    # it will be when an issue comes out, with the issue and its picks (``digest email``).
    now: datetime | None = None
    shown: frozenset[str] = frozenset()
    # Warn when base_url is still the default, so that absolute links would point at
    # localhost (the site's own builds, digest build's and email's; not the preview's).
    warn_default_base_url: bool = False


@dataclass(frozen=True)
class BuildResult:
    output_dir: Path
    written: tuple[str, ...]
    removed: tuple[str, ...]
    unchanged: int
    seconds: float
    warnings: tuple[DigestError, ...]
    base_path: str
    pages: int = 0
    rendered: int = 0
    held_back: tuple[int, int] = (0, 0)  # articles, issues and pages left out: drafts, future-dated
    next_change: float = math.inf  # when a future-dated item becomes due (a timestamp): the site changes then
    # How the built-in search indexes the site (for an index made aside, as the preview's is);
    # None when the site has no built-in search or the build had nothing to do.
    search: IndexOptions | None = None

    def held_back_note(self) -> str:
        """What the build left out and the option that shows it; "" when nothing."""
        drafts, future = self.held_back
        held = []
        if drafts:
            held.append(f"{drafts} draft(s) (--drafts)")
        if future:
            held.append(f"{future} dated in the future (--future)")
        return f"not published: {' and '.join(held)}" if held else ""


@dataclass
class BuildState:
    """What the last successful build left for the next."""

    generation: str = ""  # the store's generation this state is (a long-lived builder's check)
    signature: str = ""  # of every input file's stat, the options and digest's version
    signed_at: int = 0  # when the signature was taken (ns)
    next_change: float = math.inf  # when a future-dated item becomes due (a timestamp)
    held_back: tuple[int, int] = (0, 0)  # articles, issues and pages not published: drafts, future-dated
    output_dir: str = ""
    base_path: str = "/"
    warnings: tuple[DigestError, ...] = ()
    static: tuple[str, ...] = ()
    output_folders: tuple[str, ...] = ()  # written by plugins' on_output (the search index)
    outputs_done: bool = False  # those folders match these pages (no on_output was skipped)
    plugin_key: str = ""  # of the plugins that wrote them, with their options
    configured: Configured | None = None  # what digest.yaml said of the plugins (``Builder._configured``)
    pages: dict[str, PageRecord] = field(default_factory=dict)
    versions: dict[str, str] = field(default_factory=dict)  # record id -> version (``deps``)
    content: ContentCache | None = None  # parsed files; loaded when a build has work to do
    stored_files: set[str] = field(default_factory=set)  # the parsed files the store holds
    templates: dict[str, bytes] = field(default_factory=dict)  # compiled templates
    fragments: tuple[str, dict[Any, Any]] = ("", {})  # base key, blocks of ``{% cache %}``
    # Files written by builds whose plugins' ``on_build_finished`` failed: given to it again.
    unfinished: tuple[str, ...] = ()
    complete: bool = True  # False: read from the store only as far as a build with nothing to do needs

    def published(self, path: str) -> bool:
        """Whether the build wrote ``path`` (a page, a feed or a static file)."""
        return path in self.pages or path in self.static

    def summary(self) -> dict[str, Any]:
        names = ("signature", "signed_at", "next_change", "held_back", "output_dir", "base_path", "warnings", "static")
        more = ("output_folders", "outputs_done", "plugin_key", "unfinished", "configured")
        return {name: getattr(self, name) for name in (*names, *more)} | {"pages": len(self.pages)}

    def take_summary(self, summary: Any) -> int | None:
        """Take the values of ``summary()``; returns its number of pages, None when it is not whole."""
        if not isinstance(summary, dict) or not isinstance(summary.get("pages"), int):
            return None
        for name, value in summary.items():
            if name != "pages":
                setattr(self, name, value)
        return int(summary["pages"])


@dataclass(frozen=True)
class _Job:
    """What rendering needs; worker processes inherit it through fork."""

    specs: Sequence[PageSpec]
    site: SiteContext
    renderer: Renderer
    output_dir: Path
    staging: Path


# (bytes changed, what the page read, stamp of the file as it will be in the output, error)
_Rendered = tuple[bool, str, tuple[int, int] | None, DigestError | None]


class Builder:
    """Builds one site; reuse the same Builder to keep its state in memory between builds."""

    def __init__(self, site_dir: Path, options: BuildOptions | None = None):
        self.site_dir = site_dir.absolute()
        self.options = options or BuildOptions()
        self.output_dir = (self.options.output or self.site_dir / OUTPUT_DIR).absolute()
        # The output as the store names it: the same folder reached through a link is the same.
        self.output_key = os.path.realpath(self.output_dir)
        self.store = BuildStore(self.site_dir)
        self.codec = _StoreCodec(self.store)  # parsed files as the store keeps them
        self.state: BuildState | None = None
        self.theme: Theme | None = None
        self.renderer: Renderer | None = None
        self.site: Site | None = None  # of the last build that loaded the content
        self.config: SiteConfig | None = None
        self.loaded_plugins: Plugins | None = None  # of the build running or the last one (``plugins``)
        self.plan_memo: PlanMemo | None = None  # the last plan's article pages (render.PlanMemo)
        self.version_memo: RecordMemo | None = None  # the last topics' and months' versions
        self.sitemap_memo: RecordMemo | None = None  # the last sitemap's lines of articles
        self.page_keys: dict[str, tuple[PageSpec, str, str]] = {}  # path -> spec, base key, its key
        self.claims: Claims | None = None  # the output paths the last build claimed (``OutputWriter.claim_all``)
        self.readers: Readers | None = None  # which of the last build's pages read each record (told builds)
        self.waiting: Callable[[str], object] = functools.partial(print, file=sys.stderr, flush=True)
        # What a watcher told ``build`` of that no load has looked at yet (a build that failed
        # before loading the content leaves them for the next).
        self.unloaded_changes: set[str] = set()
        self.configured = False  # a build of this builder has read digest.yaml

    @property
    def plugins(self) -> Plugins:
        """The plugins of the build running or the last one; none before a build loads them."""
        if self.loaded_plugins is None:
            from digest.plugins import NO_PLUGINS

            return NO_PLUGINS
        return self.loaded_plugins

    def watched_paths(self) -> list[Path]:
        """Everything whose change calls for a rebuild."""
        paths = [self.site_dir / CONFIG_NAME, self.site_dir / CONTENT_DIR, self.site_dir / "templates"]
        paths.append(self.site_dir / "locales")  # the site's own translation catalogs
        # Where the theme digest.yaml names is looked for first: one made after it was named
        # (a failed build's fix) is built when it appears.
        paths.append(self.site_dir / "themes")
        from digest.plugins import configured_plugins

        found = configured_plugins(self.site_dir)
        paths += [self.site_dir / hook for hook in found[0]] if found is not None else []  # the site's hooks files
        if self.theme is not None:
            paths += [folder for folder in self.theme.watched_dirs if folder not in paths]
        return paths

    def build(self, changed: Iterable[Path] | None = None) -> BuildResult:
        """Build the site; raise BuildFailed (leaving the previous output intact) on any error.

        ``changed`` (the files a watcher saw change, every one since the last call) says
        there is something to do, which spares the signature of every input; and the content
        files this builder loaded before and that are not among them are taken as they were,
        unlooked at (a folder that came or went has the content walked again).  Another build
        of the site running meanwhile is waited for.
        """
        told = changed is not None
        if changed is not None:
            self.unloaded_changes.update(_relative_paths(changed, self.site_dir))
        with self.locked(), _gc_paused():
            return self._build_locked(told)

    def locked(self) -> contextlib.AbstractContextManager[None]:
        """The site's build lock, held while the block runs: no other build of the site puts
        its output in place meanwhile (a deploy sending the output waits for one, and is
        waited for)."""
        return site_lock(self.site_dir, self.site_dir / CACHE_DIR / LOCK_FILE, self.waiting)

    def _build_locked(self, told: bool) -> BuildResult:
        try:
            return self._build(told)
        except BuildFailed as failure:
            if not any(isinstance(error, CacheCorrupted) for error in failure.errors):
                raise
        # A damaged store costs a full build, never a wrong one.
        if self.options.persist:
            self.store.discard()
        self.state, self.renderer = BuildState(), None
        return self._build(told)

    def _build(self, told: bool) -> BuildResult:
        started = time.perf_counter()
        signed_at = time.time_ns()
        state = self._current_state()
        inputs, configured = (None, None) if told else self._input_stats(state)
        _remove_abandoned(self.output_dir)
        if inputs is not None and not self.options.throwaway and self._nothing_to_do(state, inputs):
            return self._result(state, (), (), 0, started)
        from digest.config import default_base_url_problem, load_key_lines
        from digest.plugins import load_plugins
        from digest.theme import load_theme, settle_theme_settings

        if not state.complete:
            state = self.state = self._stored_state()
        config, warnings = self._load_config()
        if self.options.warn_default_base_url and not self.options.base_url:
            warnings += filter(None, [default_base_url_problem(self.site_dir, config)])
        with _shown_if_failed(warnings):  # digest.yaml's, the theme's, the content's
            plugins = self.loaded_plugins = load_plugins(self.site_dir, config, warnings)
            config = plugins.on_config(config)
            _check_output_dir(self.output_dir, self.site_dir, own=self.options.throwaway)
            try:
                self.theme = load_theme(self.site_dir, config.theme)
            except ConfigError as error:
                if error.path == CONFIG_NAME and error.line is None:
                    lines = load_key_lines(self.site_dir)
                    error.line = lines.get(("theme", "name"), lines.get(("theme",)))
                raise BuildFailed([error]) from None
            config, theme_warnings = settle_theme_settings(config, self.theme, self.site_dir)
            warnings += theme_warnings
            content = self._content(state)
            content.changes |= self.unloaded_changes
            self.unloaded_changes.clear()
            now = self.options.now or datetime.now(UTC)
            jobs = worker_count(self.options.jobs)
            stats = inputs.first if inputs is not None else None
            try:
                site, content_warnings = self._load_site(config, content, now, jobs, told, stats)
            except BuildFailed as failure:
                failure.next_change = content.held_back[0] if not self.options.future else math.inf
                raise
            warnings += content_warnings  # shown too if a later step fails
            if told:  # a long-lived builder's: its first save does not wait for Markdown's library
                _markdown_ready(config)
            site = plugins.on_site(site)
            config = _with_site_favicon(config, site)
            self.site, self.config = site, config
            renderer = self._renderer(config, state)
            warnings += renderer.template_warnings
            renderer.plugins = plugins
            new_state, written, removed, rendered = self._write(site, config, renderer, state, jobs, told)
            fragments = _kept_fragments(renderer)
            new_state.content = content
            missing = _missing_theme_files(config, new_state, self.site_dir)
            from digest.scaffold import unignored_spare  # (not imported by a build with nothing to do)

            missing += unignored_spare(self.site_dir, self.output_dir)
            new_state.warnings = tuple(warnings + missing)
            next_change, new_state.held_back = content.held_back
            new_state.next_change = next_change if not self.options.future else math.inf
            new_state.signature, new_state.signed_at = (inputs.signature if inputs else ""), signed_at
            new_state.configured = configured
            self.state = new_state
            self._save(new_state, state, renderer, fragments)
            # Last, the output and the state being the new ones; not for check's and email's
            # builds aside, which are not the site's output.
            if not self.options.throwaway:
                self._finish(new_state, (*state.unfinished, *written))
            return self._result(new_state, written, removed, rendered, started)

    def _finish(self, state: BuildState, written: tuple[str, ...]) -> None:
        """The plugins' ``on_build_finished``, given the files this build wrote and those of the
        builds before it whose call failed.  Failing, it is not a build with nothing to do that
        comes next, but one that calls it again, with these files too."""
        written = tuple(dict.fromkeys(written))
        try:
            self.plugins.on_build_finished(written)
        except BuildFailed:
            state.unfinished, state.signature = written, ""
            if self.options.persist:
                self.store.save(StoreUpdate({"build": state.summary()}, (), [], {}, [], {}))
            raise

    # -- the state of the last build -----------------------------------------------

    def _current_state(self) -> BuildState:
        """The state in memory, unless the store moved on since (another process built the
        site): then, as for a new builder, the state the store holds."""
        if self.state is not None:
            if not self.options.persist or self.state.generation == self.store.read_meta("generation"):
                return self.state
        elif self.options.clean or not (self.options.persist or self.options.reuse_store):
            self.state = BuildState()
            return self.state
        self.state = self._stored_summary()
        return self.state

    def _stored_summary(self) -> BuildState:
        """As much of the stored state as tells whether there is nothing to do."""
        meta, stamps = self.store.load_summary()
        state = BuildState(generation=meta.get("generation") or "", complete=False)
        summary = meta.get("build")
        pages = state.take_summary(summary)
        if self.options.seed and pages is not None and state.output_dir != self.output_key:
            self._seed_from(state.output_dir)
        if pages == len(stamps) and state.output_dir == self.output_key:
            state.pages = {path: PageRecord("", "", stamp) for path, stamp in stamps.items()}
        else:
            state.signature = ""
        return state

    def _seed_from(self, stored_output: Any) -> None:
        """(``seed``) Start from a copy of the output the store's last build wrote: linked into
        this builder's output, which is then that output as the store names it, so that the
        pages whose inputs are unchanged since are kept, not rendered again."""
        from digest.write import linked_copy

        if isinstance(stored_output, str) and stored_output and linked_copy(Path(stored_output), self.output_dir):
            self.output_key = stored_output

    def _stored_state(self) -> BuildState:
        stored = self.store.load()
        summary = stored.meta.get("build")
        state = BuildState(generation=stored.meta.get("generation", ""), templates=stored.templates)
        if state.take_summary(summary) is None or state.output_dir != self.output_key:
            state = BuildState(generation=state.generation, templates=stored.templates)
        else:
            state.pages = stored.pages
            versions = stored.meta.get("versions")
            state.versions = versions if isinstance(versions, dict) else {}
        fragments = stored.meta.get("fragments")
        if isinstance(fragments, tuple) and len(fragments) == 2 and isinstance(fragments[1], dict):
            state.fragments = fragments
        state.content = self._stored_content(stored.meta, stored.files)
        state.stored_files = set(stored.files)
        return state

    def _stored_content(self, meta: dict[str, Any], files: dict[str, FileRow]) -> ContentCache:
        """The parsed files of the store, each article's body read from it when shown."""
        from digest.content import ContentCache

        content = ContentCache(config_key=str(meta.get("content_key", "")))
        related = meta.get("related")
        if isinstance(related, tuple) and len(related) == 2:
            content.related_key, content.related = related
        bundles = meta.get("bundles")
        if isinstance(bundles, dict):
            content.bundles = bundles
        for path, row in files.items():
            try:
                content.entries[path] = self.codec.decode(path, row)
            except Exception:  # verified, yet not loadable here: parsed again
                continue
        return content

    def _content(self, state: BuildState) -> ContentCache:
        from digest.content import ContentCache

        if state.content is None:
            state.content = ContentCache()
        return state.content

    def _save(
        self, state: BuildState, previous: BuildState, renderer: Renderer, fragments: dict[Fragment, Kept] | None
    ) -> None:
        """Write to the store what changed since the state it holds, in one transaction
        (``fragments``: the ``{% cache %}`` blocks to keep, when they changed)."""
        if not self.options.persist:
            return
        content = state.content
        assert content is not None
        # Encoded one by one as the store takes them (their bodies written as they come).
        kept = content.parsed | content.restamped  # (the latter with their new stats)
        files = ((path, self.codec.encode(content.entries[path])) for path in kept if path in content.entries)
        removed_files = [path for path in previous.stored_files if path not in content.entries]
        state.generation = f"{os.getpid()}-{time.time_ns()}"
        same_output = previous.output_dir == state.output_dir and previous.generation
        changed_pages = {path: record for path, record in state.pages.items() if previous.pages.get(path) is not record}
        meta: dict[str, Any] = {
            "generation": state.generation,
            "build": state.summary(),
            "versions": state.versions,
            "content_key": content.config_key,
            "related": (content.related_key, content.related),
            "bundles": content.bundles,
            "stamps": {path: record.stamp for path, record in state.pages.items()},
        }
        templates = renderer.compiled.added if renderer.compiled is not None else {}
        if fragments is not None:
            state.fragments = (self._base_key(renderer, renderer.config), _storable(fragments))
            meta["fragments"] = state.fragments
        removed_pages = [path for path in previous.pages if path not in state.pages] if same_output else None
        pages = changed_pages if same_output else state.pages
        trouble = self.store.save(StoreUpdate(meta, files, removed_files, pages, removed_pages, templates))
        if trouble is None:
            templates.clear()
            state.stored_files = set(content.entries)
        else:
            state.generation = ""  # the next build reads the store again
            shown = f"{CACHE_DIR}/{STORE_FILE}"
            message = f"cannot keep this build's work in the build store ({trouble}): the next build will do it again"
            state.warnings += (DigestError(message, shown),)

    # -- loading and planning -------------------------------------------------------

    def _load_site(
        self,
        config: SiteConfig,
        content: ContentCache,
        now: datetime,
        jobs: int,
        watched: bool,
        stats: dict[str, os.stat_result] | None,
    ) -> tuple[Site, list[DigestError]]:
        from digest.content import LoadOptions, load_site

        plugged = self.plugins.on_file_parsed if self.plugins.handles("on_file_parsed") else None
        options = LoadOptions(
            self.options.drafts, self.options.future, now, jobs, plugged, watched, stats, self.options.shown
        )
        return load_site(self.site_dir, config, options, content)

    def _renderer(self, config: SiteConfig, state: BuildState) -> Renderer:
        """This build's renderer: the last one (its compiled templates and fragments in
        memory) when the templates and configuration are the same."""
        from digest.render import Renderer, StoredTemplates

        assert self.theme is not None
        last = self.renderer
        same = last is not None and last.config == config and last.theme == self.theme
        if same and last is not None and last.theme_key == Renderer.templates_key(self.theme, self.site_dir):
            return last
        compiled = StoredTemplates(dict(state.templates))
        renderer = Renderer(self.theme, config, self.site_dir, compiled)
        self.plugins.install(renderer.env)  # (a plugin that fails here leaves no renderer to reuse)
        if errors := renderer.catalog_errors():  # (before it is kept: the next build looks again)
            raise BuildFailed(errors)
        renderer.template_warnings = renderer.block_warnings()
        self.renderer = renderer
        if state.fragments[0] == self._base_key(self.renderer, config):
            self.renderer.fragments.keep(state.fragments[1])
        return self.renderer

    def _shown_key(self) -> tuple[object, ...]:
        """What a build aside shows beyond drafts and future: its time and its files (none else)."""
        if self.options.now is None and not self.options.shown:
            return ()
        return (self.options.now, sorted(self.options.shown))

    def _base_key(self, renderer: Renderer, config: SiteConfig) -> str:
        """What every page's key depends on: the templates, the configuration, the options."""
        from digest.content import fingerprint

        options = (self.options.drafts, self.options.future, *self._shown_key(), __version__, code_fingerprint())
        return fingerprint([renderer.theme_key, repr(config), repr(options)])

    # -- rendering and writing --------------------------------------------------------

    def _write(
        self, site: Site, config: SiteConfig, renderer: Renderer, previous: BuildState, jobs: int, told: bool
    ) -> tuple[BuildState, tuple[str, ...], tuple[str, ...], int]:
        """Render what changed and write it; returns the new state, the written and removed
        paths, and the number of pages rendered.  ``told``: a watcher tells this builder of
        every change, build after build (the preview): it keeps what speeds up the next."""
        from digest.deps import Readers, changed_records, record_versions, stale_pages
        from digest.feeds import plan_feeds
        from digest.model import RecordMemo
        from digest.render import PlanMemo, SiteContext, plan_pages, site_images, spec_key
        from digest.write import OutputWriter

        self.plan_memo = self.plan_memo or PlanMemo()
        html_specs = self.plugins.on_pages(list(plan_pages(site, config, self.plan_memo)), site)
        sitemap_pages = [spec.path for spec in html_specs if spec.path.endswith("index.html")]
        self.sitemap_memo = self.sitemap_memo or RecordMemo()
        specs = html_specs + list(plan_feeds(site, config, sitemap_pages, self.sitemap_memo))
        if self.options.only is not None:
            specs = [spec for spec in specs if spec.path in self.options.only]
        errors: list[DigestError] = []
        if self.plugins.handles("on_page_context"):
            specs = self._with_plugin_context(specs, errors)
        site_view = SiteContext(site, config)
        self.version_memo = self.version_memo or RecordMemo()
        versions, records = record_versions(site, site_view, self.version_memo)
        renderer.records = records  # (a ``{% cache %}`` block is reused while what it read is the same)
        renderer.image_sizes.files = dict(site.bundle_files) | {
            f"static/{as_typed(path)}": f"{CONTENT_DIR}/static/{path}" for path in site.static_files
        }
        for rid, (version, image) in site_images(self.site_dir, site.bundle_files).items():
            versions[rid], records[rid] = version, image
        changed = changed_records(previous.versions, versions)
        base_key = self._base_key(renderer, config)
        pages: dict[str, PageRecord] = {}
        page_keys: dict[str, tuple[PageSpec, str, str]] = {}
        with OutputWriter(
            self.output_dir, self.options.force, self.options.private_output, spare=not self.options.throwaway
        ) as writer:
            for folder, name in self.plugins.output_folder_owners():
                writer.reserve(folder, f"plugin {name!r}")
            claims = [
                (
                    spec.path,
                    spec.origin,
                    spec.context.get("line"),
                )
                for spec in specs
            ]
            refused = writer.claim_all(claims, self.claims)
            errors += refused.values()
            self.claims = writer.claims(claims) if not refused and told else None
            stale_paths = stale_pages(previous.pages, changed, records, renderer.prints, self.readers if told else None)
            last_keys, private = self.page_keys, self.options.private_output
            dirty, keys, unchanged = [], [], 0
            for number, spec in enumerate(specs):
                if number in refused:
                    continue
                path = spec.path
                last = last_keys.get(path)  # the same spec as the last build's keeps its key
                key = (
                    last[2]
                    if last is not None and last[0] is spec and last[1] == base_key
                    else spec_key(spec, base_key)
                )
                page_keys[path] = (spec, base_key, key)
                record = previous.pages.get(path)
                if (
                    record is not None
                    and record.key == key
                    and path not in stale_paths
                    and (private or record.stamp == _output_stamp(self.output_dir, path))
                ):
                    unchanged += 1
                    pages[path] = record
                else:
                    dirty.append(spec)
                    keys.append(key)
            writer.unchanged += unchanged
            self.page_keys = page_keys
            job = _Job(dirty, site_view, renderer, self.output_dir, writer.staging or self.output_dir)
            for spec, key, (changed_bytes, reads, stamp, failure) in zip(
                dirty, keys, _render_all(job, jobs), strict=True
            ):
                if failure is not None:
                    errors.append(failure)
                    continue
                writer.record(spec.path, changed_bytes)
                pages[spec.path] = PageRecord(key, reads, stamp)
            static = self._copy_static(site, renderer.theme, renderer.config, writer, errors)
            if errors:
                raise BuildFailed(_one_per_mistake(errors))
            # When the site has the same files as last time, nothing can be stale: no need to look.
            same_files = bool(previous.pages) and set(writer.produced) == {*previous.pages, *previous.static}
            keep = self.plugins.output_folders()
            step = self._output_step(previous, writer.written, set(writer.produced), bool(changed))
            prune = not same_files or keep != previous.output_folders
            removed = writer.commit(extra_keep=keep, prune=prune, finish=step)
        _stamp_outputs(self.output_dir, pages)
        if told or self.options.private_output:  # a builder that builds again: asked by the next build
            self.readers = self.readers or Readers()
            self.readers.follow(pages)
        state = BuildState(
            output_dir=self.output_key,
            base_path=config.base_path,
            static=tuple(static),
            output_folders=keep,
            outputs_done=self.options.search,
            plugin_key=self.plugins.key,
            pages=pages,
            versions=versions,
            stored_files=previous.stored_files,
            templates=previous.templates,
            fragments=previous.fragments,
        )
        return state, tuple(writer.written), tuple(removed), len(dirty)

    def _with_plugin_context(self, specs: list[PageSpec], errors: list[DigestError]) -> list[PageSpec]:
        """Each page with the variables the plugins' ``on_page_context`` gives it, asked as the
        pages are planned: what they add is then in the page's key (a value) or read through
        recording views (a record) like the rest of its context, so the page is rendered again
        when it changes (a plugin may compute it from the whole site)."""
        from digest.plugins import PluginError

        given = []
        for spec in specs:
            try:
                context = self.plugins.on_page_context(dict(spec.context), spec)
            except PluginError as error:
                errors.append(error)
                continue
            given.append(replace(spec, context=context))
        return given

    def _copy_static(
        self, site: Site, theme: Theme, config: SiteConfig, writer: Any, errors: list[DigestError]
    ) -> list[str]:
        static = []
        for path, source in _static_files(site, self.site_dir, theme, config.search, config.theme_settings.favicon):
            try:
                writer.copy(path, source, shown_path(source, self.site_dir))
                static.append(path)
            except DigestError as error:
                errors.append(error)
        return static

    def _result(
        self,
        state: BuildState,
        written: tuple[str, ...],
        removed: tuple[str, ...],
        rendered: int,
        started: float,
    ) -> BuildResult:
        files = len(state.pages) + len(state.static)
        return BuildResult(
            output_dir=self.output_dir,
            written=written,
            removed=removed,
            unchanged=files - len(written),
            seconds=time.perf_counter() - started,
            warnings=state.warnings,
            base_path=state.base_path,
            pages=len(state.pages),
            rendered=rendered,
            held_back=state.held_back,
            next_change=state.next_change,
            search=self.loaded_plugins.builtin_search() if self.loaded_plugins is not None else None,
        )

    # -- what changed ---------------------------------------------------------------

    def _input_stats(self, state: BuildState) -> tuple[InputStats, Configured | None]:
        """Every input's stat, the options and digest's version: equal means nothing changed;
        with what digest.yaml says of the plugins, for the next build (``_configured``)."""
        inputs = [
            self.site_dir / CONTENT_DIR,  # first: the load takes its files' stats from here
            self.site_dir / CONFIG_NAME,
            self.site_dir / "templates",
            self.site_dir / "themes",
            self.site_dir / "locales",
            packaged_themes_dir(),
            self.site_dir / ".gitignore",  # (a warning about it)
        ]
        configured = self._configured(state.configured)
        hooks, plugin_names = configured[1:] if configured is not None else ((), ())
        inputs += [self.site_dir / hook for hook in hooks]
        options = (
            __version__,
            code_fingerprint(),
            self.options.drafts,
            self.options.future,
            self.options.base_url,
            *self._shown_key(),
        )
        if plugin_names:  # (installed plugins: one upgraded is a change)
            from digest.plugins import installed_key

            options += (installed_key(plugin_names),)
        if configured is not None and configured[0] is None:  # (digest.yaml changed a moment ago)
            configured = None
        return input_stats(inputs, repr(options)), configured

    def _configured(self, last: Any) -> Configured | None:
        """digest.yaml's stamp, hooks files and enabled plugins (None: it cannot be read);
        those of the last build (``last``) while digest.yaml is as that build read it, so that
        a build with nothing to do needs neither the configuration's parser nor YAML's."""
        stamp = _settled_stamp(self.site_dir / CONFIG_NAME)
        if stamp is not None and isinstance(last, tuple) and len(last) == 3 and last[0] == stamp:
            return last
        from digest.plugins import configured_plugins  # (the stamp taken before digest.yaml is read)

        found = configured_plugins(self.site_dir)
        return (stamp, *found) if found is not None else None

    def _nothing_to_do(self, state: BuildState, inputs: InputStats) -> bool:
        """True when the inputs are those of the last build and its output is all there.

        An input modified within a tick of the file system's clock of the last build could
        have changed again without its mtime changing, so then the build runs anyway.
        """
        if not state.signature or state.signature != inputs.signature or time.time() >= state.next_change:
            return False
        if inputs.newest >= state.signed_at - FINE_RACY_NS or inputs.newest_whole >= state.signed_at - RACY_NS:
            return False
        if self.options.search and not self._outputs_present(state):
            return False
        return self._output_intact(state)

    def _output_intact(self, state: BuildState) -> bool:
        """Every file of the last build is in the output as it was written (or copied), with
        the list of them the next build reads (lost, it is written again)."""
        from digest.write import MANIFEST

        output = str(self.output_dir)
        if not self.options.private_output and not os.path.isfile(f"{output}/{MANIFEST}"):
            return False
        pages_intact = all(record.stamp == _output_stamp(self.output_dir, path) for path, record in state.pages.items())
        return pages_intact and all(os.path.isfile(f"{output}/{path}") for path in state.static)

    # -- what plugins write into the next tree (the search index) ---------------------

    def _output_step(
        self, previous: BuildState, written: list[str], produced: set[str], records_changed: bool
    ) -> Finish | None:
        """The plugins' ``on_output``, run on the next tree before it is switched in (so the
        pages and, say, their search index always change together); None when no plugin has
        one or nothing changed (no file, and no record: a plugin may write what no page shows,
        a redirect from a field, say).  After a build that skipped it, every file counts as written."""
        step = self.plugins.output_step(builtin_search=self.options.search)
        if step is None:
            return None
        current = self._outputs_present(previous) and previous.plugin_key == self.plugins.key
        if current and not written and not records_changed and {*previous.pages, *previous.static} <= produced:
            return None
        if current:
            return step
        everything = tuple(sorted(produced))
        return lambda tree, _written, removed: step(tree, everything, removed)

    def _outputs_present(self, state: BuildState) -> bool:
        """Whether the plugins' output folders are in the output and match the pages of ``state``."""
        return state.outputs_done and all((self.output_dir / folder).is_dir() for folder in state.output_folders)

    def _load_config(self) -> tuple[SiteConfig, list[DigestError]]:
        from digest.config import load_config, site_address

        if os.path.lexists(self.site_dir / CONFIG_NAME):
            self.configured = True
        elif self.configured:  # (a long-lived builder, the preview's: not the defaults' site instead)
            message = "no such file: the site's configuration was removed; restore it to build the site again"
            if not os.path.isdir(self.site_dir):
                message = (
                    f"no such file: the site folder {self.site_dir} was moved or removed; "
                    "run digest serve again where it is now"
                )
            raise BuildFailed([ConfigError(message, CONFIG_NAME)])
        try:
            config, warnings = load_config(self.site_dir)
        except BuildFailed as failure:
            errors, warnings = self._theme_setting_problems()
            raise BuildFailed([*failure.errors, *errors], [*failure.warnings, *warnings]) from None
        if self.options.base_url:
            base_url = self.options.base_url
            if not base_url.startswith(("http://", "https://")):
                raise BuildFailed([ConfigError(f"--base-url: expected an absolute http(s) URL, got {base_url!r}")])
            config = replace(config, base_url=site_address(base_url))
        return config, warnings

    def _theme_setting_problems(self) -> tuple[list[DigestError], list[DigestError]]:
        """The errors and warnings of the theme's own settings under ``theme:``, when
        digest.yaml has errors of its own: every problem at once, not these only once the
        others are mended (an unknown key too: ``accent_colr``, did you mean…)."""
        from digest.config import THEME_SETTINGS, SiteConfig, ThemeSettings
        from digest.frontmatter import parse_yaml_mapping
        from digest.theme import load_theme, settle_theme_settings

        try:
            data, _ = parse_yaml_mapping((self.site_dir / CONFIG_NAME).read_text(encoding="utf-8"), CONFIG_NAME)
            given = data.get("theme")
            name = given.get("name", SiteConfig.theme) if isinstance(given, dict) else None
            if not isinstance(name, str) or not isinstance(given, dict):
                return [], []
            own = {str(key): value for key, value in given.items() if key not in THEME_SETTINGS and key != "name"}
            config = replace(SiteConfig(), theme=name, theme_settings=ThemeSettings(own=own))
            _, warnings = settle_theme_settings(config, load_theme(self.site_dir, name), self.site_dir)
        except BuildFailed as failure:
            return list(failure.errors), list(failure.warnings)
        except (DigestError, OSError, UnicodeDecodeError):
            return [], []  # (digest.yaml's own errors say what is wrong)
        return [], warnings


class _StoreCodec:
    """Parsed files as the store keeps them: the ``ParsedFile`` with its article's body apart
    (read from the store when a page shows it, unless it is at hand)."""

    def __init__(self, store: BuildStore):
        self.store = store
        self.reader = BodyReader(store)

    def encode(self, entry: tuple[tuple[int, int], ParsedFile, int]) -> FileRow:
        from digest.content import replaced
        from digest.model import Article

        (mtime, size), parsed, read_at = entry
        record = parsed.record
        if not isinstance(record, Article):
            return FileRow(mtime, size, read_at, parsed)
        body = record.body_html if record.body_source is not None else record.body
        stripped = replaced(parsed, record=replaced(record, body="", body_source=None))
        return FileRow(mtime, size, read_at, stripped, body, self.store.body_checksum(body))

    def decode(self, path: str, row: FileRow) -> tuple[tuple[int, int], ParsedFile, int]:
        from digest.content import ParsedFile
        from digest.model import Article

        parsed = row.parsed  # just unpickled by the store: nothing else holds it
        if not isinstance(parsed, ParsedFile):
            raise TypeError(f"not a parsed file: {type(parsed).__name__}")
        if isinstance(parsed.record, Article) and row.body_checksum:
            # A record just unpickled, which nothing else holds yet, is given its body.
            if row.body is not None:
                object.__setattr__(parsed.record, "body", row.body)
            else:
                object.__setattr__(
                    parsed.record, "body_source", functools.partial(self.reader.read, path, row.body_checksum)
                )
        return ((row.mtime, row.size), parsed, row.read_at)


@contextlib.contextmanager
def _shown_if_failed(warnings: list[DigestError]) -> Iterator[None]:
    """Warnings found before a build failed go with its failure (a failed build hides nothing):
    ``warnings`` as it is when the failure comes."""
    try:
        yield
    except BuildFailed as failure:
        failure.warnings[:0] = warnings
        raise


@contextlib.contextmanager
def _gc_paused(paused: bool = True) -> Iterator[None]:
    """Hold Python's cycle collector for a build: it creates a great many lasting objects
    and little cyclic garbage, and the collector would scan the objects again and again as
    they pile up (a third of an edit's build).  ``paused=False``: let it run for a phase
    that leaves garbage behind.  It is as it was after."""
    enabled = gc.isenabled()
    if paused:
        gc.disable()
    else:
        gc.enable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
        else:
            gc.disable()


def _render_all(job: _Job, jobs: int) -> list[_Rendered]:
    """Render and stage every dirty page, in worker processes when there are many; in order."""
    count = len(job.specs)
    if count < PARALLEL_PAGES:
        jobs = 1
    if jobs > 1:  # compiled once here, inherited by every worker
        for name in sorted({spec.template for spec in job.specs if spec.template}):
            with contextlib.suppress(Exception):  # an error shows when the page renders
                job.renderer.env.get_template(name)
    # Striped: the pages of one kind (a topic's pages cost twice an article's) sit together.
    parts = stripes(count, jobs)
    results: list[_Rendered] = [(False, "", None, None)] * count
    # Each page rendered leaves cycles (what it read, the template's context): collected
    # as they come when there are many, in the workers as in this process.
    with step("rendering pages", count), _gc_paused(count < PARALLEL_PAGES):
        for part, (rendered, (fragments, added), compiled) in zip(
            parts, map_shared(_render_range, job, parts, jobs), strict=True
        ):
            for index, result in zip(part, rendered, strict=True):
                results[index] = result
            job.renderer.fragments.add_used(fragments, added)
            if job.renderer.compiled is not None:
                job.renderer.compiled.take(compiled)
    return results


def _render_range(
    job: _Job, indexes: Sequence[int]
) -> tuple[list[_Rendered], tuple[dict[Fragment, Kept], bool], dict[str, bytes]]:
    """Pages rendered, the template fragments used (to keep for later), and the templates
    compiled (a worker's, which extended or imported ones are: for the store too)."""
    from digest.write import stage_bytes

    compiled = job.renderer.compiled.added if job.renderer.compiled is not None else {}
    known = set(compiled)
    results: list[_Rendered] = []
    for index in indexes:
        spec = job.specs[index]
        try:
            data, reads = job.renderer.render(spec, job.site)
        except DigestError as error:
            results.append((False, "", None, error))
            continue
        changed = stage_bytes(job.output_dir, job.staging, spec.path, data)
        # Moving a staged file into the output keeps its size and mtime.
        stamp = _output_stamp(job.staging if changed else job.output_dir, spec.path)
        results.append((changed, reads, stamp, None))
        advance()
    return results, job.renderer.fragments.take_used(), {key: compiled[key] for key in compiled.keys() - known}


def _kept_fragments(renderer: Renderer) -> dict[Fragment, Kept] | None:
    """The ``{% cache %}`` blocks a build used, when it rendered new ones; only those are
    kept from then on (so that blocks superseded by edits do not pile up in the preview)."""
    used, added = renderer.fragments.take_used()
    if not added:
        return None
    renderer.fragments.retain(used)
    return used


def _storable(fragments: dict[Fragment, Kept]) -> dict[Fragment, Kept]:
    """The fragments whose keys the store can keep (a template may key a block by anything)."""
    plain = (str, int, float, bool, type(None))
    return {key: text for key, text in fragments.items() if all(isinstance(part, plain) for part in key)}


def _output_stamp(output_dir: Path, path: str) -> tuple[int, int] | None:
    """Size and mtime of an output file, or None when it is missing."""
    try:
        stat = os.stat(f"{output_dir}/{path}")
    except OSError:
        return None
    return (stat.st_size, stat.st_mtime_ns)


def _stamp_outputs(output_dir: Path, records: dict[str, PageRecord]) -> None:
    """Note the stat of the files just written where it is not known yet (a first build
    renames the whole staging folder), so a page changed or deleted by hand in the output
    is noticed and written again by the next build."""
    for path, record in records.items():
        if record.stamp is None:
            record.stamp = _output_stamp(output_dir, path)


def _missing_theme_files(config: SiteConfig, state: BuildState, site_dir: Path) -> list[DigestError]:
    """Warnings for a ``theme.logo`` or ``theme.favicon`` naming a site path the build did not
    publish: every page would show a broken image."""
    named = {key: getattr(config.theme_settings, key) for key in ("logo", "favicon")}
    missing = {
        key: value
        for key, value in named.items()
        if value and "://" not in value and not state.published(unquote(value.lstrip("/")))
    }
    if not missing:
        return []
    from digest.config import load_key_lines

    lines = load_key_lines(site_dir)
    return [
        ConfigError(
            f"theme.{key}: '{value}' is not a file of the site: put it in {_source_of(unquote(value.lstrip('/')))}, "
            "or give an http(s) URL",
            CONFIG_NAME,
            lines.get(("theme", key), 1),
        )
        for key, value in missing.items()
    ]


def _with_site_favicon(config: SiteConfig, site: Site) -> SiteConfig:
    """The site's own favicon.ico (of content/root/, else of content/static/ beside no
    favicon.svg of its own) as ``theme.favicon`` when that names none: browsers show the icons
    pages link, the theme's, before /favicon.ico."""
    if config.theme_settings.favicon:
        return config
    if "favicon.ico" in site.root_files:
        icon = "favicon.ico"
    elif "favicon.ico" in site.static_files and "favicon.svg" not in site.static_files:
        icon = "static/favicon.ico"
    else:
        return config
    return replace(config, theme_settings=replace(config.theme_settings, favicon=icon))


def _source_of(published: str) -> str:
    """Where a file published at ``published`` is kept in the site: ``static/x`` comes from
    content/static/, anything else from content/root/."""
    if published.startswith("static/"):
        return f"content/{published} (content/static/ is published under static/)"
    return f"content/root/{published} (content/root/ is published at the site's root)"


def _static_files(
    site: Site, site_dir: Path, theme: Theme, search: bool = True, favicon: str = ""
) -> Iterator[tuple[str, Path]]:
    """Theme static files (without the search page's when the site has no search), then
    content/static/ (which wins), all under static/; the icon also at the root (the site's
    ``favicon`` when that is an .ico under static/); then the files of page bundles, beside
    their pages; then content/root/."""
    from digest.config import walk_folder
    from digest.theme import SEARCH_ASSETS

    chosen: dict[str, Path] = {}
    for folder in theme.static_dirs:
        for root, dirs, files in walk_folder(folder, site_dir):
            dirs[:] = [d for d in dirs if not d.startswith(".")]
            left_out = SEARCH_ASSETS if not search and Path(root) == folder else frozenset()
            for name in files:
                if not name.startswith(".") and name not in left_out:
                    chosen[as_typed(Path(root, name).relative_to(folder).as_posix())] = Path(root, name)
    for relative in site.static_files:  # (each under its name as typed, whatever form its folder keeps)
        chosen[as_typed(relative)] = site_dir / CONTENT_DIR / "static" / relative
    for relative in sorted(chosen):
        yield f"static/{relative}", chosen[relative]
    # Browsers ask for /favicon.ico whatever the pages link to; one in content/root/ wins.
    own = unquote(urlsplit(favicon).path).lstrip("/") if "//" not in favicon else ""
    icon = own.removeprefix("static/") if own.startswith("static/") and own.lower().endswith(".ico") else ""
    icon = icon if icon in chosen else "favicon.ico"
    if icon in chosen and "favicon.ico" not in site.root_files:
        yield "favicon.ico", chosen[icon]
    for output, source in site.bundle_files:  # a page bundle's files, beside its page
        yield output, site_dir / source
    for relative in site.root_files:  # content/root/ at the output root, as it is
        yield as_typed(relative), site_dir / CONTENT_DIR / "root" / relative


_RENDERING = "while rendering "


_MISSING_TEMPLATE = re.compile(r"template not found: (?P<name>.*?) \(needed for (?P<page>[^)]*)\)(?P<hint>.*)", re.S)


def _one_per_mistake(errors: list[DigestError]) -> list[DigestError]:
    """One error for a template mistake that failed many pages (a base template's fails
    every page), naming the first page and how many others; the rest as they are."""
    from digest.plugins import PluginError

    first: dict[tuple[str | None, int | None, str], tuple[DigestError, str, list[str]]] = {}
    kept: list[DigestError] = []
    key: tuple[str | None, int | None, str]
    for error in errors:
        if isinstance(error, PluginError):  # a plugin's event that fails on every page
            page, cause, key = error.path or "", error.message, (None, None, error.message)
        elif isinstance(error, TemplateError) and error.message.startswith(_RENDERING):
            page, _, cause = error.message[len(_RENDERING) :].partition(": ")
            key = (error.path, error.line, cause)
        elif isinstance(error, TemplateError) and (missing := _MISSING_TEMPLATE.fullmatch(error.message)):
            page, cause = missing["page"], f"{missing['name']}{missing['hint']}"
            key = (error.path, error.line, f"missing {cause}")
        else:
            kept.append(error)
            continue
        if key in first:
            first[key][2].append(page)
        else:
            first[key] = (error, page, [])
            kept.append(error)
    for error, page, others in first.values():
        if others:
            more = f"{len(others)} other page" + ("s" if len(others) > 1 else "")
            if isinstance(error, PluginError):
                error.message += f" (also on {more})"
            elif (missing := _MISSING_TEMPLATE.fullmatch(error.message)) is not None:
                error.message = f"template not found: {missing['name']} (needed for {page} and {more}){missing['hint']}"
            else:
                error.message = f"{_RENDERING}{page} (and {more}): " + error.message.partition(": ")[2]
    return kept


def _markdown_ready(config: SiteConfig) -> None:
    """The site's Markdown renderer made (its library imported and set up, once a process)."""
    from digest.markup import Markdown

    with contextlib.suppress(DigestError):  # (an engine not installed is told by the content's load)
        Markdown.of(config.markdown).to_html("")


def _settled_stamp(path: Path) -> str | None:
    """A file's size and change time; None when it is missing, or changed too lately for its
    stat to be trusted (``RACY_NS``: it could change again and keep that stat)."""
    try:
        stat = os.stat(path)
    except OSError:
        return None
    changed = changed_ns(stat)
    return f"{stat.st_size} {changed}" if time.time_ns() - changed >= RACY_NS else None


def _relative_paths(paths: Iterable[Path], site_dir: Path) -> Iterator[str]:
    """The paths under the site folder, relative to it and '/'-separated."""
    for path in paths:
        with contextlib.suppress(ValueError):
            yield Path(os.path.abspath(path)).relative_to(site_dir).as_posix()


def _remove_abandoned(output_dir: Path) -> None:
    """Remove what a killed build left beside the output (its staged files, its search
    index's work), also when this build has nothing to write."""
    from digest.write import INDEX_WORK_PREFIX, STAGING_PREFIX, remove_abandoned, staging_parent

    tree = Path(os.path.realpath(output_dir))
    remove_abandoned(staging_parent(tree), STAGING_PREFIX)
    remove_abandoned(tree.parent, INDEX_WORK_PREFIX)


def _check_output_dir(output_dir: Path, site_dir: Path, own: bool = False) -> None:
    """Refuse an output folder that would swallow the site's own files (``own``: digest's
    build aside, check's, may be in its own folder).  (``realpath``: ``resolve`` raises on a
    link that loops, such as a content/ linked to itself, which the build names.)"""
    output = Path(os.path.realpath(output_dir))
    site = Path(os.path.realpath(site_dir))
    if output == site or output in site.parents or output == Path(output.anchor):
        raise BuildFailed([ConfigError(f"output folder {output_dir} contains the site itself; choose another")])
    for protected in (CONTENT_DIR, "templates", "themes", *(() if own else (CACHE_DIR,))):
        folder = Path(os.path.realpath(site / protected))
        if output == folder or folder in output.parents:
            raise BuildFailed([ConfigError(f"output folder {output_dir} is inside the site's {protected}/ folder")])
