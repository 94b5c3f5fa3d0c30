"""Benchmark digest on a generated site: cold, no-op and incremental builds, memory, and
the save-to-reload latency of ``digest serve``; cold builds beside Hugo's on the same corpus.

    python bench/run.py --articles 10000 [--runs 3] [--json bench/results/10000.json]

The default configuration (search on, as a new user has it) is measured first; the same
site with ``search: false`` is measured beside it.  Every measurement runs ``digest`` in a
separate process and reports the median of ``--runs`` runs.  Sites are generated once
under bench/sites/ (deterministic) and reused.

With the peer kit (``--peers``, by default ``../shared/peers`` beside the repository: its
``gen_corpus.py`` and ``hugo-site/``) and ``hugo`` on the PATH, digest's site is that kit's
corpus and Hugo builds the same articles: cold builds alternate tool by tool, run by run
(digest with search on against Hugo followed by Pagefind over Hugo's output, digest with
``search: false`` against Hugo alone), and the table gives the ratios.  Without the kit the
site comes from ``bench/generate.py`` and Hugo is left out.
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
from serve_latency import installed_env, measure_reload_latency, measure_search_current  # noqa: E402

SEARCH_ON, SEARCH_OFF = "search on", "search off"
HUGO_RATIO = "cold build / Hugo (+ Pagefind)"
# The targets at 10,000 articles: measurement -> (the column it applies to, the most allowed).
TARGETS_10K = {
    HUGO_RATIO + " [on]": (SEARCH_ON, 0.6),
    HUGO_RATIO + " [off]": (SEARCH_OFF, 1.0),
    "no-op rebuild": (SEARCH_ON, 0.3),
    "edit one article body": (SEARCH_ON, 0.5),
    "edit one article title": (SEARCH_ON, 0.5),
    "serve: body edit to reload": (SEARCH_ON, 0.1),
    "serve: title edit to reload": (SEARCH_ON, 0.3),
    "serve: body edit to search current": (SEARCH_ON, 2.0),
    "peak memory (MB)": (SEARCH_ON, 300),
}


def digest_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "digest", *args]


def run_build(site: Path, *extra: str) -> tuple[float, float]:
    """Run one build in a new process; return (seconds, peak RSS of that process in MB)."""
    return run_timed(digest_command("build", "-q", "-C", str(site), *extra), f"build failed in {site}")


def run_timed(command: list[str], failure: str) -> tuple[float, float]:
    """Run ``command``; return (seconds, peak RSS of that process in MB)."""
    started = time.perf_counter()
    process = subprocess.Popen(command, env=installed_env(), stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(failure)
    return elapsed, usage.ru_maxrss / 1024


def reset(site: Path, names: tuple[str, ...] = ("public", ".digest-cache")) -> None:
    """Take away the output and the cache, as on a fresh checkout.

    They are moved aside and deleted when the benchmark ends: on ext4 without a journal,
    creating files within five minutes of deleting many others makes the kernel scan for
    recently freed inodes (about 0.4 ms a file here), which would be timed as digest's.
    """
    trash = trash_dir(site)
    trash.mkdir(exist_ok=True)
    for name in names:
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
    """The whole search index of the built output, timed on its own (the site's config turns it
    off); no cache, as on a first build."""
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
    """Everything but the cold builds compared with Hugo's (``compare_cold``), which run first."""
    results: dict[str, float] = {}

    def cold(run: int) -> None:
        reset(site)

    results["cold build, --jobs 1"], results["peak memory --jobs 1 (MB)"] = median_of(runs, cold, site, "--jobs", "1")

    def cold_then_edit(run: int) -> None:  # the first edit a new user makes after a first build
        reset(site)
        run_build(site)
        edit_body(site, run)

    results["edit body right after a cold build"], _ = median_of(runs, cold_then_edit, site)
    run_build(site)
    results["no-op rebuild"], _ = median_of(runs, lambda run: None, site)
    results["edit one article body"], _ = median_of(runs, lambda run: edit_body(site, run), site)
    results["edit one article title"], _ = median_of(runs, lambda run: edit_title(site, run), site)
    results["add one article"], _ = median_of(runs, lambda run: add_article(site, run), site)
    results["edit one template"], _ = median_of(runs, lambda run: edit_template(site, run), site)
    shutil.rmtree(site / "templates", ignore_errors=True)
    run_build(site)
    if with_index:
        results["search index (whole site)"] = median_search_index(site, runs)
    if with_serve:
        body = measure_reload_latency(site, lambda run: edit_body(site, run), runs=max(runs, 5))
        title = measure_reload_latency(site, lambda run: edit_title(site, run), runs=max(runs, 5))
        results["serve: body edit to reload"] = body
        results["serve: title edit to reload"] = title
        current = measure_search_current(site, lambda run: edit_body(site, run), runs=max(runs, 3))
        results["serve: body edit to search current"] = current
    return results


def compare_cold(sites: dict[str, Path], hugo: Path | None, runs: int) -> dict[str, dict[str, float]]:
    """Cold builds of the search-on and search-off sites and, when ``hugo`` (a Hugo site of the
    same corpus) is given, of Hugo followed by Pagefind and of Hugo alone, one after the other
    in every run, so that a slow moment of the machine falls on all of them alike."""
    times: dict[tuple[str, str], list[float]] = {}
    memory: dict[str, list[float]] = {}
    for _ in range(runs):
        for column, site in sites.items():
            reset(site)
            seconds, rss = run_build(site)
            times.setdefault((column, "cold build"), []).append(seconds)
            memory.setdefault(column, []).append(rss)
            if hugo is not None:
                times.setdefault((column, HUGO_COLD), []).append(hugo_cold_build(hugo, column == SEARCH_ON))
    results: dict[str, dict[str, float]] = {column: {} for column in sites}
    for (column, name), values in times.items():
        results[column][name] = statistics.median(values)
    for column in sites:
        results[column]["peak memory (MB)"] = max(memory[column])
        if hugo is not None:
            results[column][HUGO_RATIO] = results[column]["cold build"] / results[column][HUGO_COLD]
    return results


HUGO_COLD = "Hugo cold build (+ Pagefind)"


def hugo_cold_build(hugo: Path, with_pagefind: bool) -> float:
    """Seconds for Hugo to build ``hugo`` from nothing, then for Pagefind to index its output."""
    reset(hugo, ("public", "resources"))
    output = hugo / "public"
    seconds, _ = run_timed(
        ["hugo", "--quiet", "--source", str(hugo), "--destination", str(output)], f"hugo failed in {hugo}"
    )
    if with_pagefind:
        index, _ = run_timed([sys.executable, "-m", "pagefind", "--site", str(output)], f"pagefind failed on {output}")
        seconds += index
    return seconds


def peer_sites(peers: Path, sites: Path, articles: int) -> tuple[Path, Path | None]:
    """digest's site and Hugo's of the peer kit's corpus, generated once (Hugo's is None
    when ``hugo`` is not installed)."""
    corpus = [sys.executable, str(peers / "gen_corpus.py"), "--n", str(articles)]
    site = sites / f"corpus-{articles}"
    if not (site / "digest.yaml").exists():
        print(f"generating {articles} articles in {site} ...", flush=True)
        shutil.rmtree(site, ignore_errors=True)
        subprocess.run(
            [*corpus, "--format", "yaml", "--out", str(site / "content")], check=True, stdout=subprocess.DEVNULL
        )
        (site / "digest.yaml").write_text(DEFAULT_CONFIG, encoding="utf-8")
    if shutil.which("hugo") is None:
        print("hugo is not installed: digest is measured alone", flush=True)
        return site, None
    hugo = sites / f"hugo-{articles}"
    if not (hugo / "content").exists():
        shutil.rmtree(hugo, ignore_errors=True)
        shutil.copytree(peers / "hugo-site", hugo)
        subprocess.run(
            [*corpus, "--format", "hugo", "--out", str(hugo / "content")], check=True, stdout=subprocess.DEVNULL
        )
    return site, hugo


def search_off_copy(site: Path) -> Path:
    """The same site with ``search: false`` (its content files hard-linked, not copied)."""
    copy = site.with_name(f"{site.name}-search-off")
    if not (copy / "digest.yaml").exists():
        shutil.rmtree(copy, ignore_errors=True)
        shutil.copytree(site / "content", copy / "content", copy_function=os.link)
        (copy / "digest.yaml").write_text(DEFAULT_CONFIG + "search: false\n", encoding="utf-8")
    return copy


def verdict(name: str, results: dict[str, dict[str, float]], articles: int) -> tuple[str, str]:
    """The targets of a row (as text) and whether each is met (judged at 10,000 articles only)."""
    targets, met = [], []
    for target_name, (column, limit) in TARGETS_10K.items():
        value = results[column].get(name)
        if target_name.split(" [")[0] != name or value is None:
            continue
        unit = "x" if name == HUGO_RATIO else "" if "MB" in name else " s"
        targets.append(f"{limit}{unit} ({'on' if column == SEARCH_ON else 'off'})")
        met.append("-" if articles != 10_000 else "pass" if value <= limit else "FAIL")
    return ", ".join(targets), " ".join(met)


def print_table(articles: int, results: dict[str, dict[str, float]]) -> None:
    print(f"\ndigest benchmark: {articles} articles, {os.cpu_count()} cores")
    print(f"{'measurement':36} {SEARCH_ON:>11} {SEARCH_OFF:>11} {'target (10k)':>22}  result")
    names = list(dict.fromkeys([*results[SEARCH_ON], *results[SEARCH_OFF]]))
    for name in names:
        unit = "x" if name == HUGO_RATIO else "" if "MB" in name else " s"
        cells = []
        for column in (SEARCH_ON, SEARCH_OFF):
            value = results[column].get(name)
            cells.append(f"{value:>9.3f}{unit:2}" if value is not None else f"{'':>11}")
        target, met = verdict(name, results, articles)
        print(f"{name:36} {cells[0]} {cells[1]} {target:>22}  {met}")
    if HUGO_COLD in results[SEARCH_ON]:
        print(f"({HUGO_COLD}: with Pagefind over Hugo's output under {SEARCH_ON}, Hugo alone under {SEARCH_OFF})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json", type=Path, help="where to write the figures (default: bench/results/<N>.json)")
    parser.add_argument("--no-serve", action="store_true", help="skip the serve latency measurement")
    parser.add_argument("--sites", type=Path, default=HERE / "sites", help="where generated sites are kept")
    parser.add_argument("--peers", type=Path, default=HERE.parent.parent / "shared" / "peers", help="the peer kit")
    args = parser.parse_args()
    hugo = None
    if (args.peers / "gen_corpus.py").is_file():
        site, hugo = peer_sites(args.peers, args.sites, args.articles)
    else:
        print(f"no peer kit in {args.peers}: digest's own generated site, without Hugo", flush=True)
        site = args.sites / f"site-{args.articles}"
        if not (site / "digest.yaml").exists() or "search: false" in (site / "digest.yaml").read_text():
            print(f"generating {args.articles} articles in {site} ...", flush=True)
            shutil.rmtree(site, ignore_errors=True)
            generate(site, args.articles)
    off = search_off_copy(site)
    results: dict[str, dict[str, float]] = {}
    try:
        results = compare_cold({SEARCH_ON: site, SEARCH_OFF: off}, hugo, args.runs)
        results[SEARCH_ON] |= measure(site, args.runs, not args.no_serve, with_index=False)
        results[SEARCH_OFF] |= measure(off, args.runs, with_serve=False, with_index=True)
    finally:
        for folder in (site, off, hugo):
            if folder is not None:
                shutil.rmtree(trash_dir(folder), ignore_errors=True)
    print_table(args.articles, results)
    output = args.json or HERE / "results" / f"{args.articles}.json"
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps({"articles": args.articles, "cores": os.cpu_count(), "results": results}, indent=2))
    print(f"\nfigures written to {output}")


if __name__ == "__main__":
    main()
