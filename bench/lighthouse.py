"""Lighthouse scores of the default theme: the home, an article, an issue and the search page
of the theme tests' showcase site, built with ``digest build`` and served on 127.0.0.1.

    python bench/lighthouse.py [--json bench/results/lighthouse.json] [--minimum 95]

Needs Node and npm (Lighthouse is installed into ~/.cache/digest-npm, or DIGEST_NPM_CACHE,
on first use) and Debian's Chromium at /usr/bin/chromium (or CHROME_PATH).  Exits 1 when a
category of a page scores under --minimum.  A measurement, not a test: scores vary a
little from run to run and with the machine's load.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import json
import os
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests" / "theme"))

from theme_helpers import PAGE_TYPES, build, npm_package_file, write_showcase_site  # noqa: E402

PAGES = ("home", "article", "issue", "search")
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def lighthouse(url: str, chrome: str) -> dict[str, int]:
    """The scores (0-100) of one page, measured by the Lighthouse CLI in headless Chromium."""
    cli = npm_package_file("lighthouse", "cli/index.js")
    command = [
        "node", str(cli), url, "--quiet", "--output=json", "--output-path=stdout",
        f"--only-categories={','.join(CATEGORIES)}",
        "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
    ]  # fmt: skip
    done = subprocess.run(
        command, capture_output=True, text=True, check=True, env={**os.environ, "CHROME_PATH": chrome}
    )
    report = json.loads(done.stdout)
    return {name: round(report["categories"][name]["score"] * 100) for name in CATEGORIES}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--json", type=Path, help="also write the scores to this file")
    parser.add_argument("--minimum", type=int, default=95)
    parser.add_argument("--chrome", default=os.environ.get("CHROME_PATH", "/usr/bin/chromium"))
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as work:
        output = build(write_showcase_site(Path(work) / "site"))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(output)))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_address[1]}/"
        try:
            scores = {page: lighthouse(base + PAGE_TYPES[page], options.chrome) for page in PAGES}
        finally:
            server.shutdown()
    width = max(len(name) for name in CATEGORIES)
    print(f"{'page':<10}" + "".join(f"{name:>{width + 2}}" for name in CATEGORIES))
    for page, found in scores.items():
        print(f"{page:<10}" + "".join(f"{found[name]:>{width + 2}}" for name in CATEGORIES))
    if options.json:
        options.json.parent.mkdir(parents=True, exist_ok=True)
        options.json.write_text(json.dumps(scores, indent=2) + "\n", encoding="utf-8")
    low = [f"{page} {name} {score}" for page, found in scores.items() for name, score in found.items()]
    low = [item for item in low if int(item.rsplit(" ", 1)[1]) < options.minimum]
    if low:
        print(f"under {options.minimum}: " + ", ".join(low), file=sys.stderr)
    return 1 if low else 0


if __name__ == "__main__":
    sys.exit(main())
