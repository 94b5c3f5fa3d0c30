"""Body extraction quality of ``digest import`` on the scrapinghub article-extraction benchmark.

Recreate the benchmark outside the repository (its pages are not ours to commit)::

    # a checkout or mirror of https://github.com/scrapinghub/article-extraction-benchmark
    git --git-dir=<mirror> archive 4a3bc979f76c0df73cb95fe272e2fc1b96f9f010 html ground-truth.json \\
        | tar x -C /tmp/aeb
    python bench/extraction.py /tmp/aeb

Each page goes through the importer's HTML path (``parse_page``, then the same safety pass as
an import); the body's Markdown is rendered and reduced to its text, and compared with the
page's ``articleBody`` word by word: per page, true and false positives and negatives of the
multiset of words (``\\w+``, case-folded) are normalised to sum to one, as the benchmark's own
``evaluate.py`` does, so that long pages weigh no more than short ones.  Reported: mean
precision and recall, F1 from them, the share of pages whose own F1 is below 0.5, empty
outputs, and the benchmark's own metric (4-word shingles) for comparison.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import statistics
import sys
import time
from collections import Counter
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

_WORD = re.compile(r"\w+", re.UNICODE)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path, help="holds html/*.html.gz and ground-truth.json")
    parser.add_argument("--jobs", type=int, default=2, help="worker processes (default 2)")
    parser.add_argument("--worst", type=int, default=10, help="list this many pages with the lowest F1")
    parser.add_argument("--json", type=Path, help="also write per-page results here")
    args = parser.parse_args(argv)
    truth = json.loads((args.folder / "ground-truth.json").read_text(encoding="utf-8"))
    pages = sorted(truth)
    started = time.monotonic()
    with ProcessPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        paths = [args.folder / "html" / f"{key}.html.gz" for key in pages]
        bodies = dict(zip(pages, pool.map(extract, paths), strict=True))
    elapsed = time.monotonic() - started
    results = {key: score_page(truth[key].get("articleBody", ""), bodies[key]) for key in pages}
    report(results, bodies, elapsed, args.worst)
    if args.json:
        args.json.write_text(json.dumps(results, indent=1, sort_keys=True), encoding="utf-8")
    return 0


def extract(path: Path) -> str:
    """The text of the body ``digest import`` would write for this page ("" when it refuses it)."""
    from digest.importer.detect import decode_bytes
    from digest.importer.html import parse_page
    from digest.importer.record import SourceFailed
    from digest.importer.safety import make_safe
    from digest.importer.settings import ImportSettings

    data = gzip.decompress(path.read_bytes())
    try:
        text = decode_bytes(data)
        article, _warnings = make_safe(parse_page(text, str(path), None, ImportSettings()))
    except SourceFailed:
        return ""
    return markdown_text(article.body)


def markdown_text(markdown: str) -> str:
    """Markdown -> its text, as a reader sees it (markup, link targets and escapes gone)."""
    import lxml.html
    from markdown_it import MarkdownIt

    rendered = MarkdownIt("commonmark").enable("table").render(markdown)
    if not rendered.strip():
        return ""
    return str(lxml.html.fromstring(f"<div>{rendered}</div>").text_content())


def score_page(true: str, predicted: str) -> dict[str, float]:
    words = _counts(_WORD.findall(true.casefold()), _WORD.findall(predicted.casefold()))
    shingles = _counts(_shingles(true), _shingles(predicted))
    precision, recall = _precision(*words), _recall(*words)
    return {
        "precision": precision,
        "recall": recall,
        "f1": 2 * precision * recall / (precision + recall) if precision + recall else 0.0,
        "tp": words[0], "fp": words[1], "fn": words[2],
        "shingle_tp": shingles[0], "shingle_fp": shingles[1], "shingle_fn": shingles[2],
    }  # fmt: skip


def _shingles(text: str, size: int = 4) -> list[tuple[str, ...]]:
    tokens = _WORD.findall(text)
    return [tuple(tokens[index : index + size]) for index in range(max(1, len(tokens) - size + 1)) if tokens]


def _counts(true: Iterable[object], predicted: Iterable[object]) -> tuple[float, float, float]:
    expected, found = Counter(true), Counter(predicted)
    tp = sum((expected & found).values())
    fp = sum((found - expected).values())
    fn = sum((expected - found).values())
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def _precision(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return tp / (tp + fp) if tp + fp else 0.0


def _recall(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return tp / (tp + fn) if tp + fn else 0.0


def _mean_f1(results: Iterable[dict[str, float]], prefix: str = "") -> tuple[float, float, float]:
    rows = [(row[f"{prefix}tp"], row[f"{prefix}fp"], row[f"{prefix}fn"]) for row in results]
    precision = statistics.mean(_precision(*row) for row in rows if row[0] + row[1] > 0)
    recall = statistics.mean(_recall(*row) for row in rows if row[0] + row[2] > 0)
    return precision, recall, 2 * precision * recall / (precision + recall)


def report(results: dict[str, dict[str, float]], bodies: dict[str, str], elapsed: float, worst: int) -> None:
    precision, recall, f1 = _mean_f1(results.values())
    _, _, shingle_f1 = _mean_f1(results.values(), "shingle_")
    low = [key for key, row in results.items() if row["f1"] < 0.5]
    empty = [key for key, body in bodies.items() if not body.strip()]
    count = len(results)
    print(f"pages: {count}, extracted in {elapsed:.1f} s")
    print(f"words:  precision {precision:.4f}  recall {recall:.4f}  F1 {f1:.4f}")
    print(f"4-word shingles (the benchmark's own metric): F1 {shingle_f1:.4f}")
    print(f"pages with F1 below 0.5: {len(low)} ({100 * len(low) / count:.1f}%)")
    print(f"empty output: {len(empty)}")
    for key in sorted(results, key=lambda key: results[key]["f1"])[:worst]:
        row = results[key]
        print(f"  {row['f1']:.3f}  P {row['precision']:.3f}  R {row['recall']:.3f}  {key[:16]}")


if __name__ == "__main__":
    sys.exit(main())
