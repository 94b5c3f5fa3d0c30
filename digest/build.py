"""load -> render -> write: one build of a site, with a summary.

A ``Builder`` remembers what it learned (parsed files, the key of every page written),
in memory for ``digest serve`` and in ``.digest-cache/`` between runs, so that a rebuild
re-reads only changed files and re-renders only the pages whose inputs changed.  Many
pages or files to process are shared between worker processes.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import marshal
import math
import os
import shutil
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from digest import __version__
from digest.cache import (
    BODIES_DIR,
    CACHE_DIR,
    RACY_NS,
    TEMPLATES_DIR,
    BuildState,
    CacheCorrupted,
    InputStats,
    PageRecord,
    code_fingerprint,
    input_stats,
    load_content_cache,
    load_fragments,
    load_state,
    save_content_cache,
    save_fragments,
    save_state,
)
from digest.config import CONFIG_NAME, CONTENT_DIR, SiteConfig, load_config
from digest.errors import BuildFailed, ConfigError, DigestError
from digest.hotpath import LastBuild, PlannedPages, site_urls
from digest.theme import Theme, load_theme

if TYPE_CHECKING:
    from digest.content import ContentCache
    from digest.hotpath import Snapshot
    from digest.model import Site
    from digest.render import Fragment, PageSpec, Renderer

# Rendering (Jinja2) and content (Markdown) are imported when a build has work to do, so
# that a build with nothing to do answers at once.

OUTPUT_DIR = "public"
SEARCH_DIR = "pagefind/"  # written by the search indexer after the pages; never pruned as stale
ARTICLES_DIR = f"{CONTENT_DIR}/articles"  # where ``content.content_files`` finds articles
PARALLEL_PAGES = 300  # below this many pages to render, one process is faster


@dataclass(frozen=True)
class BuildOptions:
    drafts: bool = False
    future: bool = False
    base_url: str | None = None  # overrides digest.yaml's base_url
    output: Path | None = None  # default: <site>/public
    clean: bool = False  # ignore caches
    jobs: int | None = None  # worker processes; default: the number of cores
    search: bool = True  # write the search index (when the site has search on); serve does it aside
    persist: bool = True  # keep the cache on disk for the next run (serve and check build elsewhere)


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


@dataclass(frozen=True)
class _Job:
    """What worker processes need, inherited through fork rather than pickled."""

    specs: list[PageSpec]
    site: Site
    config: SiteConfig
    renderer: Renderer
    output_dir: Path
    staging: Path


_JOB: _Job | None = None


class Builder:
    """Builds one site; reuse the same Builder to make later builds incremental."""

    def __init__(self, site_dir: Path, options: BuildOptions | None = None):
        self.site_dir = site_dir.absolute()
        self.options = options or BuildOptions()
        self.output_dir = (self.options.output or self.site_dir / OUTPUT_DIR).absolute()
        self.content_cache: ContentCache | None = None
        self.state: BuildState | None = None
        self.theme: Theme | None = None
        self.last: LastBuild | None = None  # kept for the preview's body-edit shortcut

    def watched_paths(self) -> list[Path]:
        """Everything whose change calls for a rebuild."""
        paths = [self.site_dir / CONFIG_NAME, self.site_dir / CONTENT_DIR, self.site_dir / "templates"]
        if self.theme is not None:
            paths += [folder for folder in self.theme.watched_dirs if folder not in paths]
        return paths

    def build(self, changed: Iterable[Path] | None = None) -> BuildResult:
        """Build the site; raise BuildFailed (leaving the previous output intact) on any error.

        ``changed`` (the files a watcher saw change) allows a shortcut when they are only
        article edits that move nothing (see ``hotpath``); without it, or when in doubt,
        every input is looked at.
        """
        if changed is not None:
            try:
                result = self._article_edits_only(list(changed))
            except BuildFailed as failure:  # nothing was written; the whole build finds out more
                if not _cache_damaged(failure):
                    raise
                result = None
            if result is not None:
                return result
        self.last = None  # set again by a build that succeeds
        try:
            return self._build()
        except BuildFailed as failure:
            if not _cache_damaged(failure):
                raise
        # A damaged cache costs a full build, never a wrong one.
        shutil.rmtree(self.site_dir / CACHE_DIR, ignore_errors=True)
        self.content_cache, self.state = None, BuildState()
        return self._build()

    def _build(self) -> BuildResult:
        started = time.perf_counter()
        gc.unfreeze()  # see gc_paused; the shortcuts above leave the collector's view as it is
        state = self._state()
        signed_at = time.time_ns()
        inputs, output_intact = self._survey(state)
        if inputs is not None and self._nothing_to_do(state, inputs.signature, inputs.newest, output_intact):
            return self._result(state, (), (), len(state.pages) + len(state.static), 0, started)
        config, warnings = self._load_config()
        _check_output_dir(self.output_dir, self.site_dir)
        try:
            self.theme = load_theme(self.site_dir, config.theme)
        except ConfigError as error:
            raise BuildFailed([error]) from None
        if inputs is not None and self.last is None and not self.options.clean:
            resumed = self._resume(config, state, inputs, output_intact, signed_at, started)
            if resumed is not None:
                return resumed
        from digest.content import LoadOptions, load_site

        now = datetime.now(UTC)
        body_dir = self.site_dir / CACHE_DIR / BODIES_DIR
        jobs = self._jobs()
        load_options = LoadOptions(self.options.drafts, self.options.future, now, jobs, body_dir)
        content_cache = self._content_cache()
        snapshot = None
        try:
            with gc_paused():
                site, content_warnings = load_site(self.site_dir, config, load_options, content_cache)
            renderer = self._renderer(config)
            new_state, written, removed, rendered, last = self._write(site, config, renderer, state, jobs)
            next_change = _next_change(content_cache, now) if not self.options.future else math.inf
            snapshot = last.snapshot(inputs.frame, next_change) if inputs is not None else None
        finally:
            if self.options.persist:  # parsed files are worth keeping even after an error
                _keep_snapshot(content_cache, snapshot)
                save_content_cache(self.site_dir, content_cache)
        self.last = last
        self._keep_fragments(last)
        new_state.warnings = tuple(warnings + content_warnings)
        new_state.next_change = next_change
        new_state.signature = inputs.signature if inputs is not None else ""
        new_state.signed_at = signed_at
        self.state = new_state
        self._save_state(new_state, state, written, removed)
        files = len(new_state.pages) + len(new_state.static)
        return self._result(new_state, written, removed, files, rendered, started)

    def _resume(
        self,
        config: SiteConfig,
        state: BuildState,
        inputs: InputStats,
        output_intact: Callable[[], bool],
        signed_at: int,
        started: float,
    ) -> BuildResult | None:
        """A build from the command line after article edits that move nothing: the last
        build is resumed from its snapshot, and the edits take the preview's shortcuts."""
        cache = self._content_cache()
        snapshot = cache.snapshot
        if (
            snapshot is None
            or snapshot.frame != inputs.frame
            or snapshot.config != config
            or time.time() >= snapshot.next_change
        ):
            return None
        changed = _edited_articles(self.site_dir, inputs.articles, cache)
        if not changed or not output_intact():
            return None
        renderer = self._renderer(config)
        if self._base_key(renderer, config) != snapshot.base_key:
            return None
        with gc_paused():
            self.last = snapshot.resume(renderer, cache.edits, cache.related)
        result = self._article_edits_only([self.site_dir / path for path in changed], (inputs.signature, signed_at))
        if result is None:
            self.last = None
            return None
        return replace(result, seconds=time.perf_counter() - started)

    def _article_edits_only(self, changed: list[Path], signed: tuple[str, int] | None = None) -> BuildResult | None:
        """Render just the pages that show the edited articles, when none of them moved:
        their own pages after body edits, else every page that lists them.

        ``signed``: the signature of the inputs taken before the edited files were read,
        when this build looked at every input.
        """
        from digest.hotpath import LISTING, change_kind, plan_article_edits, plan_change

        last, state, cache = self.last, self.state, self.content_cache
        if not changed or last is None or state is None or cache is None:
            return None
        started = time.perf_counter()
        edits = plan_article_edits(self.site_dir, changed, last, cache, self.site_dir / CACHE_DIR / BODIES_DIR)
        if edits is None:
            return None
        kind = change_kind(edits, last, state)
        change = plan_change(kind, {edit.new.slug: edit.new for edit in edits}, last, cache.related)
        specs = change.specs
        if kind == LISTING:  # and pages whose template read a collection that changed
            moved = {name for name, version in change.versions.items() if last.versions.get(name) != version}
            planned = {spec.path for spec in specs}
            specs = specs + [
                last.specs[path]
                for path, record in state.pages.items()
                if path not in planned and not moved.isdisjoint(record.touched)
            ]
        if any(spec.path not in state.pages for spec in specs):
            return None
        written, records = self._render_changed(specs, change.site, last, state, change.versions)
        self._keep_fragments(last)
        for edit in edits:
            cache.entries[edit.path] = (edit.stamp, edit.stored, edit.read_at)
        cache.changed = True
        last.apply(change)
        state.pages.update(records)
        state.signature, state.signed_at = signed or ("", 0)  # without it, the next build must look
        _stamp_outputs(self.output_dir, state.pages, list(records))
        if self.options.persist:
            cache.edits.append(change.edit)
            save_content_cache(self.site_dir, cache, [edit.path for edit in edits])
        self._save_state(state, state, written, ())
        return self._result(state, written, (), len(state.pages) + len(state.static), len(records), started)

    def _render_changed(
        self, specs: list[PageSpec], site: Site, last: LastBuild, state: BuildState, versions: dict[str, str]
    ) -> tuple[tuple[str, ...], dict[str, PageRecord]]:
        """Render the specs whose key changed since the last build and write them (all or,
        on an error, none); returns the paths written and the pages' new records."""
        from digest.render import SiteContext
        from digest.write import OutputWriter

        records: dict[str, PageRecord] = {}
        with OutputWriter(self.output_dir) as writer:
            for spec in specs:
                record = state.pages[spec.path]
                if record.key == _page_key(last.base_key, spec, record.touched, versions) and (
                    record.stamp == _output_stamp(self.output_dir, spec.path)
                ):
                    continue
                context = SiteContext(site, last.config)
                try:
                    data = last.renderer.render(spec, context)
                except DigestError as error:
                    raise BuildFailed([error]) from None
                writer.write(spec.path, data, spec.template or spec.path)
                touched = tuple(sorted(context.touched))
                records[spec.path] = PageRecord(_page_key(last.base_key, spec, touched, versions), touched)
            writer.commit(prune=False)
        return tuple(writer.written), records

    def _result(
        self,
        state: BuildState,
        written: tuple[str, ...],
        removed: tuple[str, ...],
        files: int,
        rendered: int,
        started: float,
    ) -> BuildResult:
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
        )

    def _state(self) -> BuildState:
        if self.state is None:
            with gc_paused():
                self.state = BuildState() if self.options.clean else load_state(self.site_dir, self.output_dir)
        return self.state

    def _content_cache(self) -> ContentCache:
        from digest.content import ContentCache

        if self.content_cache is None:
            with gc_paused():
                self.content_cache = ContentCache() if self.options.clean else load_content_cache(self.site_dir)
        return self.content_cache

    def _input_stats(self) -> InputStats:
        """Every input's stat, the options and digest's version: equal means nothing changed."""
        from digest.theme import packaged_themes_dir

        inputs = [
            self.site_dir / CONFIG_NAME,
            self.site_dir / CONTENT_DIR,
            self.site_dir / "templates",
            self.site_dir / "themes",
            packaged_themes_dir(),
        ]
        options = (__version__, code_fingerprint(), self.options.drafts, self.options.future, self.options.base_url)
        return input_stats(self.site_dir, inputs, repr(options), ARTICLES_DIR)

    def _save_state(
        self, state: BuildState, previous: BuildState, written: tuple[str, ...], removed: tuple[str, ...]
    ) -> None:
        """Keep the state for the next run, and index the pages for search when due."""
        if self.options.persist:
            save_state(self.site_dir, state)
        if self.options.search and state.search_wanted:
            self._update_search_index(state, previous, written, removed)

    def _update_search_index(
        self, state: BuildState, previous: BuildState, written: tuple[str, ...], removed: tuple[str, ...]
    ) -> None:
        """Re-index when any page changed, or when the index is missing or was left stale."""
        html_changed = any(path.endswith(".html") for path in (*written, *removed))
        if not html_changed and previous.search_indexed and self._search_index_present():
            state.search_indexed = True
        else:
            from digest.search import write_search_index

            try:
                write_search_index(self.output_dir)
            except DigestError as error:
                raise BuildFailed([error]) from None  # the pages are written; the next build retries
            state.search_indexed = True
        if self.options.persist:
            save_state(self.site_dir, state)  # again: the index is there now

    def _search_index_present(self) -> bool:
        return (self.output_dir / "pagefind" / "pagefind.js").is_file()

    def _nothing_to_do(self, state: BuildState, signature: str, newest: int, output_intact: Callable[[], bool]) -> bool:
        """True when the inputs are those of the last build and its output is all there.

        An input modified within a clock tick of the last build could have changed again
        without its mtime changing, so then the build runs anyway.
        """
        if not state.signature or state.signature != signature or time.time() >= state.next_change:
            return False
        if newest >= state.signed_at - RACY_NS:
            return False
        if self.options.search and state.search_wanted and not (state.search_indexed and self._search_index_present()):
            return False
        return output_intact()

    def _survey(self, state: BuildState) -> tuple[InputStats | None, Callable[[], bool]]:
        """The stat of every input, and whether the last build's output is intact (asked
        for only when it matters)."""
        check = functools.partial(self._output_intact, state)
        if not self.options.persist:  # without a saved state there is no later run to spare a look
            return None, check
        if not self.options.clean and state.signature and hasattr(os, "fork") and _single_threaded():
            surveyed = self._survey_in_child(check)
            if surveyed is not None:
                return surveyed
        return self._input_stats(), check

    def _survey_in_child(self, check: Callable[[], bool]) -> tuple[InputStats, Callable[[], bool]] | None:
        """Both answers of ``_survey`` from a forked child (a stat of every input and every
        output file: 0.1 s at 10,000 articles), while this process loads the content cache,
        which every build but one with nothing to do needs.  None when the child cannot answer.
        """
        reader, writer = os.pipe()
        try:
            child = os.fork()
        except OSError:
            os.close(reader)
            os.close(writer)
            return None
        if child == 0:  # pragma: no cover - the child's answer goes through the pipe
            try:
                inputs = self._input_stats()
                found = (inputs.signature, inputs.frame, inputs.newest, inputs.articles, check())
                with open(writer, "wb") as stream:
                    stream.write(marshal.dumps(found))
            finally:
                os._exit(0)
        os.close(writer)
        try:
            self._content_cache()
        finally:
            with open(reader, "rb") as stream:
                answer = stream.read()
            os.waitpid(child, 0)
        try:
            signature, frame, newest, articles, intact = marshal.loads(answer)
        except (EOFError, ValueError, TypeError):
            return None
        return InputStats(signature, frame, newest, articles), lambda: bool(intact)

    def _output_intact(self, state: BuildState) -> bool:
        """Every file of the last build is in the output as it was written (or copied)."""
        output = str(self.output_dir)
        pages_intact = all(record.stamp == _output_stamp(self.output_dir, path) for path, record in state.pages.items())
        return pages_intact and all(os.path.isfile(f"{output}/{path}") for path in state.static)

    def _base_key(self, renderer: Renderer, config: SiteConfig) -> str:
        """What every page's key depends on: the templates, the configuration, the options."""
        from digest.content import fingerprint

        return fingerprint([renderer.theme_key, repr(config), repr((self.options.drafts, self.options.future))])

    def _renderer(self, config: SiteConfig) -> Renderer:
        """The renderer of this build, with the template fragments the last build kept."""
        from digest.render import Renderer

        assert self.theme is not None
        renderer = Renderer(self.theme, config, self.site_dir, self.site_dir / CACHE_DIR / TEMPLATES_DIR)
        if self.options.persist and not self.options.clean:
            renderer.fragments.keep(load_fragments(self.site_dir, self._base_key(renderer, config)))
        return renderer

    def _keep_fragments(self, last: LastBuild) -> None:
        """Keep the fragments this build used for the next, when it rendered new ones."""
        used, added = last.renderer.fragments.take_used()
        if added and self.options.persist:
            save_fragments(self.site_dir, last.base_key, used)

    def _jobs(self) -> int:
        """Worker processes to use; a process that runs other threads works alone."""
        if not _single_threaded():
            return 1
        return max(1, self.options.jobs or os.cpu_count() or 1)

    def _load_config(self) -> tuple[SiteConfig, list[DigestError]]:
        config, warnings = load_config(self.site_dir)
        if self.options.base_url:
            base_url = self.options.base_url if self.options.base_url.endswith("/") else self.options.base_url + "/"
            if not base_url.startswith(("http://", "https://")):
                raise BuildFailed([ConfigError(f"--base-url: expected an absolute http(s) URL, got {base_url!r}")])
            config = replace(config, base_url=base_url)
        return config, warnings

    def _write(
        self, site: Site, config: SiteConfig, renderer: Renderer, previous: BuildState, jobs: int
    ) -> tuple[BuildState, tuple[str, ...], tuple[str, ...], int, LastBuild]:
        """Render what changed and write it; returns the new state, written and removed paths,
        the number of pages rendered, and the build as the shortcuts start from it."""
        from digest.feeds import plan_feeds
        from digest.render import collection_versions, plan_pages
        from digest.write import OutputWriter

        with gc_paused():
            html_specs = list(plan_pages(site, config))
            sitemap_pages = [spec.path for spec in html_specs if spec.path.endswith("index.html")]
            specs = html_specs + list(plan_feeds(site, config, sitemap_pages))
        base_key = self._base_key(renderer, config)
        versions = collection_versions(site)
        errors: list[DigestError] = []
        records: dict[str, PageRecord] = {}
        with OutputWriter(self.output_dir) as writer:
            dirty = []
            for spec in specs:
                try:
                    writer.claim(spec.path, spec.template or spec.path)
                except DigestError as error:
                    errors.append(error)
                    continue
                record = previous.pages.get(spec.path)
                if (
                    record
                    and record.key == _page_key(base_key, spec, record.touched, versions)
                    and record.stamp == _output_stamp(self.output_dir, spec.path)
                ):
                    writer.record(spec.path, changed=False)
                    records[spec.path] = record
                else:
                    dirty.append(spec)
            job = _Job(dirty, site, config, renderer, self.output_dir, writer.staging or self.output_dir)
            for spec, (changed, touched, stamp, failure) in zip(dirty, _render_all(job, jobs), strict=True):
                if failure is not None:
                    errors.append(failure)
                    continue
                writer.record(spec.path, changed)
                records[spec.path] = PageRecord(_page_key(base_key, spec, touched, versions), touched, stamp)
            static = []
            for path, source in _static_files(site, self.site_dir, renderer.theme):
                try:
                    writer.copy(path, source, str(source))
                    static.append(path)
                except DigestError as error:
                    errors.append(error)
            if errors:
                raise BuildFailed(errors)
            # When the site has the same files as last time, nothing can be stale: no need to look.
            same_files = bool(previous.pages) and set(writer.produced) == {*previous.pages, *previous.static}
            removed = writer.commit(extra_keep=(SEARCH_DIR,) if config.search else (), prune=not same_files)
        planned = PlannedPages(site, config, {spec.path: spec for spec in specs})
        last = LastBuild(site, config, renderer, planned, base_key, versions, site_urls(site), tuple(sitemap_pages))
        _stamp_outputs(self.output_dir, records)
        state = BuildState(
            output_dir=str(self.output_dir),
            pages=records,
            static=tuple(static),
            base_path=config.base_path,
            search_wanted=config.search,
        )
        return state, tuple(writer.written), tuple(removed), len(dirty), last


def _single_threaded() -> bool:
    """Forking a process that runs other threads (the preview server) is unsafe."""
    return threading.active_count() == 1


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Hold Python's cycle collector while a phase creates a great many objects.

    It would otherwise rescan every live object again and again as the site's records pile
    up (a quarter of a second per build on a big site).  What the phase made is then moved
    out of the collector's sight (``gc.freeze``) rather than scanned once more: the records
    hold no cycles, and reference counting still frees them.  Each full build starts by
    giving the collector back what earlier builds froze (``gc.unfreeze``).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()


# (bytes changed, collections read, stamp of the file as it will be in the output, error)
_Rendered = tuple[bool, tuple[str, ...], tuple[int, int] | None, DigestError | None]


def _render_all(job: _Job, jobs: int) -> list[_Rendered]:
    """Render and stage every dirty page, in worker processes when there are many; in order."""
    global _JOB
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    count = len(job.specs)
    if jobs <= 1 or count < PARALLEL_PAGES:
        return _render_range(job, 0, count)
    size = math.ceil(count / (jobs * 4))
    starts = list(range(0, count, size))
    _JOB = job
    results: list[_Rendered] = []
    try:
        with ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("fork")) as pool:
            for part, (fragments, added) in pool.map(_render_in_worker, starts, [size] * len(starts)):
                results += part
                job.renderer.fragments.add_used(fragments, added)
    finally:
        _JOB = None
    return results


def _render_in_worker(start: int, size: int) -> tuple[list[_Rendered], tuple[dict[Fragment, str], bool]]:
    """Pages rendered in a worker, and the template fragments it used (to keep for later)."""
    assert _JOB is not None
    rendered = _render_range(_JOB, start, min(start + size, len(_JOB.specs)))
    return rendered, _JOB.renderer.fragments.take_used()


def _render_range(job: _Job, start: int, stop: int) -> list[_Rendered]:
    from digest.render import SiteContext
    from digest.write import stage_bytes

    results: list[_Rendered] = []
    for spec in job.specs[start:stop]:
        context = SiteContext(job.site, job.config)
        try:
            data = job.renderer.render(spec, context)
        except DigestError as error:
            results.append((False, (), None, error))
            continue
        changed = stage_bytes(job.output_dir, job.staging, spec.path, data)
        # Moving a staged file into the output keeps its size and mtime.
        stamp = _output_stamp(job.staging if changed else job.output_dir, spec.path)
        results.append((changed, tuple(sorted(context.touched)), stamp, None))
    return results


def _output_stamp(output_dir: Path, path: str) -> tuple[int, int] | None:
    """Size and mtime of an output file, or None when it is missing."""
    try:
        stat = os.stat(f"{output_dir}/{path}")
    except OSError:
        return None
    return (stat.st_size, stat.st_mtime_ns)


def _stamp_outputs(output_dir: Path, records: dict[str, PageRecord], paths: Iterable[str] | None = None) -> None:
    """Note the stat of the files just written, so a page changed or deleted by hand in the
    output is noticed and written again by the next build."""
    for path in records if paths is None else paths:
        record = records[path]
        if paths is not None or record.stamp is None:
            record.stamp = _output_stamp(output_dir, path)


def _keep_snapshot(cache: ContentCache, snapshot: Snapshot | None) -> None:
    """Keep a build's snapshot (None: a failed build's, which drops the one kept), unless the
    cache holds the same already: nothing parsed again and no edits since, so writing the
    whole cache again would be wasted."""
    same = not cache.changed and not cache.edits and snapshot is not None and snapshot.same_as(cache.snapshot)
    if not same:
        cache.keep_snapshot(snapshot)


def _cache_damaged(failure: BuildFailed) -> bool:
    """Whether a build failed on the build cache (which another process may have pruned)."""
    return any(isinstance(error, CacheCorrupted) for error in failure.errors)


def _edited_articles(site_dir: Path, articles: dict[str, tuple[int, int]], cache: ContentCache) -> list[str] | None:
    """The article files changed since the cache read them, when they are the same files;
    None when one appeared or disappeared."""
    if {path for path in cache.entries if path.startswith(f"{ARTICLES_DIR}/")} != articles.keys():
        return None
    return [path for path, stamp in articles.items() if cache.get(site_dir, path, stamp) is None]


def _next_change(cache: ContentCache, now: datetime) -> float:
    """When the earliest future-dated item becomes due, which changes the site by itself."""
    from digest.model import Article, Digest

    due = [
        parsed.record.date.timestamp()
        for _, parsed, _ in cache.entries.values()
        if isinstance(parsed.record, Article | Digest) and parsed.record.date > now
    ]
    return min(due, default=math.inf)


def _page_key(base_key: str, spec: PageSpec, touched: tuple[str, ...], versions: dict[str, str]) -> str:
    from digest.content import fingerprint

    parts: list[Any] = [base_key, spec.path, spec.template or "", *spec.deps, "|", *touched]
    return fingerprint([*parts, *(versions[name] for name in touched)])


def _static_files(site: Site, site_dir: Path, theme: Theme) -> Iterator[tuple[str, Path]]:
    """Theme static files, then content/static/ (which wins), all under static/; then content/root/."""
    chosen: dict[str, Path] = {}
    for folder in theme.static_dirs:
        for root, dirs, files in os.walk(folder):
            dirs[:] = [d for d in dirs if not d.startswith(".")]
            for name in files:
                if not name.startswith("."):
                    chosen[Path(root, name).relative_to(folder).as_posix()] = Path(root, name)
    for relative in site.static_files:
        chosen[relative] = site_dir / CONTENT_DIR / "static" / relative
    for relative in sorted(chosen):
        yield f"static/{relative}", chosen[relative]
    for relative in site.root_files:  # content/root/ at the output root, as it is
        yield relative, site_dir / CONTENT_DIR / "root" / relative


def _check_output_dir(output_dir: Path, site_dir: Path) -> None:
    """Refuse an output folder that would swallow the site's own files."""
    output = output_dir.resolve()
    site = site_dir.resolve()
    if output == site or output in site.parents or output == Path(output.anchor):
        raise BuildFailed([ConfigError(f"output folder {output_dir} contains the site itself; choose another")])
    for protected in (CONTENT_DIR, "templates", "themes", CACHE_DIR):
        folder = (site / protected).resolve()
        if output == folder or folder in output.parents:
            raise BuildFailed([ConfigError(f"output folder {output_dir} is inside the site's {protected}/ folder")])
