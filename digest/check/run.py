"""One check of a site: build it into a scratch folder, then read what was built.

Build errors are reported as the build reports them, with what can be found without a site
(stubs, the same story twice and repeated picks, from the content files alone).  Otherwise the rendered pages are checked for references that go nowhere, the
content for curation problems, and, when asked, the outside links over the network.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from digest.build import Builder, BuildOptions
from digest.cache import CACHE_DIR
from digest.check.curation import (
    check_curation,
    curation_from_files,
    described_topics_unshown,
    topics_spelled_alike,
)
from digest.check.external import DEFAULT_TIMEOUT, MAX_WORKERS, PER_HOST, check_urls, external_problems
from digest.check.links import LinkChecker, LinkReport, Resolver
from digest.check.problems import WARNING, Problem, from_digest_error
from digest.check.scan import scan_output
from digest.check.sources import SourceIndex
from digest.check.stubs import check_base_url, check_import_settings, check_published_as_is, check_stubs
from digest.config import SiteConfig, load_config
from digest.errors import BuildFailed
from digest.model import Site
from digest.parallel import worker_count
from digest.write import scratch_folder


@dataclass(frozen=True)
class CheckOptions:
    drafts: bool = False
    future: bool = False
    external: bool = False
    timeout: float = DEFAULT_TIMEOUT
    workers: int = MAX_WORKERS
    per_host: int = PER_HOST
    base_url: str | None = None  # overrides digest.yaml's, as ``digest build --base-url`` does


@dataclass
class CheckResult:
    problems: list[Problem] = field(default_factory=list)
    built: bool = False
    pages: int = 0
    links: int = 0  # internal references checked
    outside: int = 0  # distinct outside URLs (asked only with --external)


def check_site(site_dir: Path, options: CheckOptions) -> CheckResult:
    """Every problem with the site in ``site_dir``; nothing under it changes but the cache."""
    with scratch_folder("digest-check-", _scratch_parent(site_dir)) as scratch:
        output = scratch / "public"
        # No search index: Pagefind takes long on a big site; links into it are taken on trust.
        # The pages the last build wrote, as they are, where nothing they show changed since.
        build_options = BuildOptions(
            drafts=options.drafts,
            future=options.future,
            base_url=options.base_url,
            output=output,
            search=False,
            persist=False,
            reuse_store=True,
            throwaway=True,
            seed=True,
        )
        builder = Builder(site_dir, build_options)
        try:
            built = builder.build()
        except BuildFailed as failure:
            return _failed_build(site_dir, failure, options)
        result = CheckResult([from_digest_error(warning, WARNING) for warning in built.warnings], built=True)
        assert builder.site is not None and builder.config is not None  # set by every build that succeeds
        site, config = builder.site, builder.config
        _check_output(builder.site_dir, site, config, output, options, result)
        result.problems += check_curation(builder.site_dir, site.articles, site.digests)
        result.problems += described_topics_unshown(builder.site_dir, site.topics, config)
        result.problems += topics_spelled_alike(builder.site_dir, site.topics)
        result.problems += check_stubs(builder.site_dir, options.drafts) + check_base_url(builder.site_dir, config)
        result.problems += check_import_settings(builder.site_dir, config)
        result.problems += check_published_as_is(builder.site_dir)
        return result


def _scratch_parent(site_dir: Path) -> Path | None:
    """Where check builds aside: in the build store's folder, on the file system of the site
    (and, usually, of its output, whose pages are linked there rather than rendered again);
    the temporary folder where that folder cannot be made."""
    folder = site_dir / CACHE_DIR
    try:
        folder.mkdir(exist_ok=True)
    except OSError:
        return None
    return folder if folder.is_dir() and os.access(folder, os.W_OK | os.X_OK) else None


def _failed_build(site_dir: Path, failure: BuildFailed, options: CheckOptions) -> CheckResult:
    """What a failed build still lets check say: its errors, the warnings found on the way,
    and those read without a build (stubs ``digest new`` left, the default ``base_url``, the
    same story twice, repeated picks)."""
    problems = [from_digest_error(error) for error in failure.errors]
    problems += [from_digest_error(warning, WARNING) for warning in failure.warnings]
    problems += check_stubs(site_dir, options.drafts) + check_published_as_is(site_dir)
    try:
        config, _ = load_config(site_dir)
    except BuildFailed:  # a broken digest.yaml: its errors are the failure
        return CheckResult(problems)
    problems += curation_from_files(site_dir, config, options.drafts, options.future)
    problems += check_import_settings(site_dir, config)
    return CheckResult(problems + ([] if options.base_url else check_base_url(site_dir, config)))


def _check_output(
    site_dir: Path, site: Site, config: SiteConfig, output: Path, options: CheckOptions, result: CheckResult
) -> None:
    sources = SourceIndex.for_site(site_dir, site, config)
    scans = scan_output(output, worker_count(None))
    files = _all_files(output)
    resolver = Resolver(config.base_url, config.base_path)
    report: LinkReport = LinkChecker(files, scans, resolver, sources, search=config.search).check()
    result.problems += report.problems
    result.pages = sum(1 for scan in scans if scan.path.endswith(".html"))
    result.links = report.checked
    result.outside = len(report.external)
    if options.external and report.external:
        statuses = check_urls(report.external, options.timeout, options.workers, options.per_host)
        result.problems += external_problems(report.external, statuses, sources)


def _all_files(output: Path) -> set[str]:
    prefix = len(str(output)) + 1
    found: set[str] = set()
    for root, _, files in os.walk(output):
        relative = root[prefix:].replace(os.sep, "/")
        found.update(f"{relative}/{name}" if relative else name for name in files)
    return found
