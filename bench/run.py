"""Benchmark digest on a generated site: cold, no-op and incremental builds, memory, and
the save-to-reload latency of ``digest serve``.

    python bench/run.py --articles 10000 [--runs 3] [--json bench/results/10000.json]

The default configuration (search on, as a new user has it) is measured first; the same
site with ``search: false`` is measured beside it.  Every measurement runs ``digest`` in a
separate process and reports the median of ``--runs`` runs.  Sites are generated once
under bench/sites/ (deterministic) and reused.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import DEFAULT_CONFIG, generate  # noqa: E402
from serve_latency import installed_env, measure_reload_latency  # noqa: E402

TARGETS_10K = {
    "no-op rebuild": 0.3,
    "edit one article body": 0.5,
    "edit one article title": 0.5,
    "serve: body edit to reload": 0.1,
    "serve: title edit to reload": 0.3,
    "peak memory (MB)": 300,
}


def digest_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "digest", *args]


def run_build(site: Path, *extra: str) -> tuple[float, float]:
    """Run one build in a new process; return (seconds, peak RSS of that process in MB)."""
    started = time.perf_counter()
    process = subprocess.Popen(digest_command("build", "-q", "-C", str(site), *extra), env=installed_env())
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"build failed in {site}")
    return elapsed, usage.ru_maxrss / 1024


def reset(site: Path) -> None:
    """Take away the output and the cache, as on a fresh checkout.

    They are moved aside and deleted when the benchmark ends: on ext4 without a journal,
    creating files within five minutes of deleting many others makes the kernel scan for
    recently freed inodes (about 0.4 ms a file here), which would be timed as digest's.
    """
    trash = trash_dir(site)
    trash.mkdir(exist_ok=True)
    for name in ("public", ".digest-cache"):
        if (site / name).exists():
            (site / name).rename(trash / f"{name}-{time.time_ns()}")


def trash_dir(site: Path) -> Path:
    return site.parent / f".trash-{site.name}"


@functools.cache
def first_article(site: Path, index: int = 0) -> Path:
    """An existing article (looked up once: listing 10,000 files is not part of an edit)."""
    return sorted((site / "content/articles").glob("*.md"))[index]


def edit_body(site: Path, run: int) -> None:
    path = first_article(site, 7)
    path.write_text(path.read_text() + f"\nAn added paragraph, edit {run} at {time.time()}.\n")


def edit_title(site: Path, run: int) -> None:
    path = first_article(site, 11)
    lines = path.read_text().split("\n")
    lines[1] = f'title: "Edited title {run} {time.time()}"'
    path.write_text("\n".join(lines))


def add_article(site: Path, run: int) -> None:
    path = site / f"content/articles/2024-06-01-added-{run}-{int(time.time() * 1000)}.md"
    path.write_text(f'---\ntitle: "Added {run}"\ndate: 2024-06-01\ntopics: [Turkey]\n---\nA new article.\n')


def edit_template(site: Path, run: int) -> None:
    from digest.theme import packaged_themes_dir

    path = site / "templates/article.html"
    path.parent.mkdir(exist_ok=True)
    original = (packaged_themes_dir() / "default/templates/article.html").read_text()
    path.write_text(original + f"\n{{# edit {run} {time.time()} #}}\n")


def median_search_index(site: Path, runs: int) -> float:
    """Pagefind over the built output, timed on its own (the site's config turns it off)."""
    code = "import sys; from pathlib import Path; from digest.search import write_search_index; write_search_index(Path(sys.argv[1]))"
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-c", code, str(site / "public")], check=True, env=installed_env())
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def median_of(runs: int, prepare: Callable[[int], None], site: Path, *extra: str) -> tuple[float, float]:
    times, memory = [], []
    for run in range(runs):
        prepare(run)
        time.sleep(2.1)  # let edited files age past the racy window, as a person's edits do
        seconds, rss = run_build(site, *extra)
        times.append(seconds)
        memory.append(rss)
    return statistics.median(times), max(memory)


def measure(site: Path, runs: int, with_serve: bool, with_index: bool) -> dict[str, float]:
    results: dict[str, float] = {}

    def cold(run: int) -> None:
        reset(site)

    results["cold build"], results["peak memory (MB)"] = median_of(runs, cold, site)
    results["cold build, --jobs 1"], results["peak memory --jobs 1 (MB)"] = median_of(runs, cold, site, "--jobs", "1")
    run_build(site)
    results["no-op rebuild"], _ = median_of(runs, lambda run: None, site)
    results["edit one article body"], _ = median_of(runs, lambda run: edit_body(site, run), site)
    results["edit one article title"], _ = median_of(runs, lambda run: edit_title(site, run), site)
    results["add one article"], _ = median_of(runs, lambda run: add_article(site, run), site)
    results["edit one template"], _ = median_of(runs, lambda run: edit_template(site, run), site)
    shutil.rmtree(site / "templates", ignore_errors=True)
    run_build(site)
    if with_index:
        results["search index (Pagefind, whole site)"] = median_search_index(site, runs)
    if with_serve:
        body = measure_reload_latency(site, lambda run: edit_body(site, run), runs=max(runs, 5))
        title = measure_reload_latency(site, lambda run: edit_title(site, run), runs=max(runs, 5))
        results["serve: body edit to reload"] = body
        results["serve: title edit to reload"] = title
    return results


def search_off_copy(site: Path) -> Path:
    """The same site with ``search: false`` (its content files hard-linked, not copied)."""
    copy = site.with_name(f"{site.name}-search-off")
    if not (copy / "digest.yaml").exists():
        shutil.rmtree(copy, ignore_errors=True)
        shutil.copytree(site / "content", copy / "content", copy_function=os.link)
        (copy / "digest.yaml").write_text(DEFAULT_CONFIG + "search: false\n", encoding="utf-8")
    return copy


def print_table(articles: int, results: dict[str, dict[str, float]]) -> None:
    print(f"\ndigest benchmark: {articles} articles, {os.cpu_count()} cores")
    print(f"{'measurement':36} {'search on':>11} {'search off':>11} {'target (10k)':>13}")
    names = list(dict.fromkeys([*results["search on"], *results["search off"]]))
    for name in names:
        unit = "" if "MB" in name else " s"
        cells = []
        for column in ("search on", "search off"):
            value = results[column].get(name)
            cells.append(f"{value:>9.3f}{unit:2}" if value is not None else f"{'':>11}")
        target = TARGETS_10K.get(name)
        target_text = f"{target}{unit}" if target is not None else ""
        print(f"{name:36} {cells[0]} {cells[1]} {target_text:>13}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json", type=Path, help="where to write the figures (default: bench/results/<N>.json)")
    parser.add_argument("--no-serve", action="store_true", help="skip the serve latency measurement")
    parser.add_argument("--sites", type=Path, default=HERE / "sites", help="where generated sites are kept")
    args = parser.parse_args()
    site = args.sites / f"site-{args.articles}"
    if not (site / "digest.yaml").exists() or "search: false" in (site / "digest.yaml").read_text():
        print(f"generating {args.articles} articles in {site} ...", flush=True)
        shutil.rmtree(site, ignore_errors=True)
        generate(site, args.articles)
    results: dict[str, dict[str, float]] = {}
    try:
        results["search on"] = measure(site, args.runs, not args.no_serve, with_index=False)
        off = search_off_copy(site)
        try:
            results["search off"] = measure(off, args.runs, with_serve=False, with_index=True)
        finally:
            shutil.rmtree(trash_dir(off), ignore_errors=True)
    finally:
        shutil.rmtree(trash_dir(site), ignore_errors=True)
    print_table(args.articles, results)
    output = args.json or HERE / "results" / f"{args.articles}.json"
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps({"articles": args.articles, "cores": os.cpu_count(), "results": results}, indent=2))
    print(f"\nfigures written to {output}")


if __name__ == "__main__":
    main()
