"""Body extraction of ``digest import`` on trafilatura's evaluation pages, beside trafilatura.

About a thousand pages (news, blogs, shops, forums; German first, many languages), each with
snippets its text must hold ("with") and must not ("without").  Recreate them outside the
repository (the pages are not ours to commit)::

    # a checkout or mirror of https://github.com/adbar/trafilatura
    git --git-dir=<mirror> archive HEAD tests/cache tests/eval tests/evaldata.json | tar x -C /tmp/tfe
    python bench/extraction_snippets.py /tmp/tfe/tests

Each page goes through the importer's HTML path (``parse_page`` and the safety pass, as
``bench/extraction.py`` does); its headline and body text are looked in for every snippet,
and so is the text of ``trafilatura.extract`` with its defaults.  A "with" snippet found is a
true positive, one missing a false negative; a "without" snippet found a false positive.
"""

from __future__ import annotations

import argparse
import json
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from extraction import markdown_text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path, help="holds evaldata.json, cache/ and eval/")
    parser.add_argument("--jobs", type=int, default=2, help="worker processes (default 2)")
    args = parser.parse_args(argv)
    cases = json.loads((args.folder / "evaldata.json").read_text(encoding="utf-8"))
    jobs = [(args.folder, url, spec) for url, spec in cases.items()]
    with ProcessPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        found = [result for result in pool.map(_score, jobs, chunksize=8) if result is not None]
    print(f"pages: {len(found)}")
    for name in ("digest", "trafilatura"):
        kept = sum(result[name][0] for result in found)
        wanted = sum(result[name][1] for result in found)
        leaked = sum(result[name][2] for result in found)
        unwanted = sum(result[name][3] for result in found)
        precision = kept / (kept + leaked) if kept + leaked else 0.0
        recall = kept / wanted if wanted else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        print(
            f"{name:12s} with {kept}/{wanted}  without {unwanted - leaked}/{unwanted}  "
            f"precision {precision:.3f}  recall {recall:.3f}  F1 {f1:.3f}"
        )
    return 0


def _score(job: tuple[Path, str, dict[str, Any]]) -> dict[str, tuple[int, int, int, int]] | None:
    folder, url, spec = job
    page = next(
        (folder / kind / spec["file"] for kind in ("cache", "eval") if (folder / kind / spec["file"]).is_file()), None
    )
    if page is None:
        return None
    import trafilatura

    from digest.importer.detect import decode_bytes
    from digest.importer.html import parse_page
    from digest.importer.record import SourceFailed
    from digest.importer.safety import make_safe
    from digest.importer.settings import ImportSettings

    try:
        text = decode_bytes(page.read_bytes())
    except SourceFailed:
        return None
    try:
        article, _warnings = make_safe(parse_page(text, url, url, ImportSettings()))
        ours = f"{article.title}\n{markdown_text(article.body)}"
    except SourceFailed:
        ours = ""
    theirs = trafilatura.extract(text, url=url) or ""
    return {"digest": _counts(ours, spec), "trafilatura": _counts(theirs, spec)}


def _counts(text: str, spec: dict[str, Any]) -> tuple[int, int, int, int]:
    """Snippets kept of "with", their number, snippets found of "without", their number."""
    flat = " ".join(text.split())
    wanted = [" ".join(snippet.split()) for snippet in spec.get("with", [])]
    unwanted = [" ".join(snippet.split()) for snippet in spec.get("without", [])]
    return (
        sum(snippet in flat for snippet in wanted),
        len(wanted),
        sum(snippet in flat for snippet in unwanted),
        len(unwanted),
    )


if __name__ == "__main__":
    raise SystemExit(main())
