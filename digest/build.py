"""load -> render -> write: one build of a site, with a summary.

A ``Builder`` keeps what it learned between builds (parsed files, the key of every page
written) so that ``digest serve`` re-reads only changed files and re-renders only the
pages whose inputs changed.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path

from digest.config import CONFIG_NAME, SiteConfig, load_config
from digest.content import CONTENT_DIR, ContentCache, LoadOptions, load_site
from digest.errors import BuildFailed, ConfigError, DigestError
from digest.feeds import plan_feeds
from digest.model import Site
from digest.render import PageSpec, Renderer, SiteContext, collection_versions, fingerprint, plan_pages
from digest.theme import Theme, load_theme
from digest.write import OutputWriter

OUTPUT_DIR = "public"


@dataclass(frozen=True)
class BuildOptions:
    drafts: bool = False
    future: bool = False
    base_url: str | None = None  # overrides digest.yaml's base_url
    output: Path | None = None  # default: <site>/public
    clean: bool = False  # ignore caches


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


@dataclass
class _PageRecord:
    key: str
    touched: tuple[str, ...]


@dataclass
class _Memory:
    """What a Builder remembers from its previous build."""

    content: ContentCache = field(default_factory=ContentCache)
    pages: dict[str, _PageRecord] = field(default_factory=dict)


class Builder:
    """Builds one site; reuse the same Builder to make later builds incremental."""

    def __init__(self, site_dir: Path, options: BuildOptions | None = None):
        self.site_dir = site_dir.absolute()
        self.options = options or BuildOptions()
        self.output_dir = (self.options.output or self.site_dir / OUTPUT_DIR).absolute()
        self.memory = _Memory()
        self.theme: Theme | None = None

    def watched_paths(self) -> list[Path]:
        """Everything whose change calls for a rebuild."""
        paths = [self.site_dir / CONFIG_NAME, self.site_dir / CONTENT_DIR, self.site_dir / "templates"]
        if self.theme is not None:
            paths += self.theme.watched_dirs
        return paths

    def build(self, changed: Iterable[Path] | None = None) -> BuildResult:
        """Build the site; raise BuildFailed (leaving the previous output intact) on any error."""
        started = time.perf_counter()
        config, warnings = self._load_config()
        _check_output_dir(self.output_dir, self.site_dir)
        try:
            self.theme = load_theme(self.site_dir, config.theme)
        except ConfigError as error:
            raise BuildFailed([error]) from None
        load_options = LoadOptions(self.options.drafts, self.options.future, datetime.now(UTC))
        site, content_warnings = load_site(self.site_dir, config, load_options, self.memory.content)
        renderer = Renderer(self.theme, config, self.site_dir)
        written, removed, unchanged, pages = self._write(site, config, renderer)
        return BuildResult(
            output_dir=self.output_dir,
            written=tuple(written),
            removed=tuple(removed),
            unchanged=unchanged,
            seconds=time.perf_counter() - started,
            warnings=tuple(warnings + content_warnings),
            base_path=config.base_path,
            pages=pages,
        )

    def _load_config(self) -> tuple[SiteConfig, list[DigestError]]:
        config, warnings = load_config(self.site_dir)
        if self.options.base_url:
            base_url = self.options.base_url if self.options.base_url.endswith("/") else self.options.base_url + "/"
            if not base_url.startswith(("http://", "https://")):
                raise BuildFailed([ConfigError(f"--base-url: expected an absolute http(s) URL, got {base_url!r}")])
            config = replace(config, base_url=base_url)
        return config, warnings

    def _write(self, site: Site, config: SiteConfig, renderer: Renderer) -> tuple[list[str], list[str], int, int]:
        html_specs = list(plan_pages(site, config))
        sitemap_pages = [spec.path for spec in html_specs if spec.path != "404.html"]
        specs = html_specs + list(plan_feeds(site, config, sitemap_pages))
        base_key = fingerprint([renderer.theme_key, repr(config), repr((self.options.drafts, self.options.future))])
        versions = collection_versions(site)
        previous = {} if self.options.clean else self.memory.pages
        records: dict[str, _PageRecord] = {}
        errors: list[DigestError] = []
        with OutputWriter(self.output_dir) as writer:
            for spec in specs:
                try:
                    records[spec.path] = self._render_one(
                        spec, site, config, renderer, writer, previous, base_key, versions
                    )
                except DigestError as error:
                    errors.append(error)
            for path, source in _static_files(site, self.site_dir, renderer.theme):
                try:
                    writer.copy(path, source, str(source))
                except DigestError as error:
                    errors.append(error)
            if errors:
                raise BuildFailed(errors)
            removed = writer.commit()
        self.memory.pages = records
        return writer.written, removed, writer.unchanged, len(specs)

    def _render_one(
        self,
        spec: PageSpec,
        site: Site,
        config: SiteConfig,
        renderer: Renderer,
        writer: OutputWriter,
        previous: dict[str, _PageRecord],
        base_key: str,
        versions: dict[str, str],
    ) -> _PageRecord:
        record = previous.get(spec.path)
        unchanged = record is not None and record.key == _page_key(base_key, spec, record.touched, versions)
        if unchanged and record is not None and writer.keep(spec.path, spec.template or spec.path):
            return record
        site_context = SiteContext(site, config)
        data = renderer.render(spec, site_context)
        writer.write(spec.path, data, spec.template or spec.path)
        touched = tuple(sorted(site_context.touched))
        return _PageRecord(_page_key(base_key, spec, touched, versions), touched)


def _page_key(base_key: str, spec: PageSpec, touched: tuple[str, ...], versions: dict[str, str]) -> str:
    return fingerprint(
        [base_key, spec.path, spec.template or "", *spec.deps, "|", *touched, *(versions[name] for name in touched)]
    )


def _static_files(site: Site, site_dir: Path, theme: Theme) -> Iterator[tuple[str, Path]]:
    """Theme static files, then content/static/ (which wins), all under static/."""
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


def _check_output_dir(output_dir: Path, site_dir: Path) -> None:
    """Refuse an output folder that would swallow the site's own files."""
    output = output_dir.resolve()
    site = site_dir.resolve()
    if output == site or output in site.parents or output == Path(output.anchor):
        raise BuildFailed([ConfigError(f"output folder {output_dir} contains the site itself; choose another")])
    for protected in (CONTENT_DIR, "templates", "themes"):
        folder = (site / protected).resolve()
        if output == folder or folder in output.parents:
            raise BuildFailed([ConfigError(f"output folder {output_dir} is inside the site's {protected}/ folder")])
