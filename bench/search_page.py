"""What the search page costs a reader: requests, bytes and time of searches over a built site.

``python bench/search_page.py public/ [--query minister --query "election budget"]`` serves the
output folder on 127.0.0.1, opens it in headless Chromium (``/usr/bin/chromium``) and, through
``pagefind/pagefind.js`` as the search page loads it, times loading the index and each query
with the data of its first ten results; then counts the requests and bytes, by kind of file.
The index is kept in parts (see ``digest/search.py``): a query loads a piece of the word index
of every part, so the figures grow with the number of parts.
"""

from __future__ import annotations

import argparse
import collections
import functools
import http.server
import re
import threading
from pathlib import Path
from typing import Any

ASK = """async ([module, queries]) => {
  const pagefind = await import(module);
  const started = performance.now();
  await pagefind.init();
  const times = [performance.now() - started];
  const counts = [];
  for (const query of queries) {
    const start = performance.now();
    const found = await pagefind.search(query);
    await Promise.all(found.results.slice(0, 10).map((result) => result.data()));
    times.push(performance.now() - start);
    counts.push(found.results.length);
  }
  return [times, counts];
}"""


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


def measure(output: Path, queries: list[str]) -> None:
    from playwright.sync_api import sync_playwright

    handler = functools.partial(QuietHandler, directory=str(output))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    loaded: list[tuple[str, int]] = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
            page = browser.new_page()
            page.goto(url)
            page.on(
                "requestfinished", lambda request: loaded.append((request.url, request.sizes()["responseBodySize"]))
            )
            times, counts = page.evaluate(ASK, [url + "pagefind/pagefind.js", queries])
            browser.close()
    finally:
        server.shutdown()
    parts = sum(1 for path in (output / "pagefind").iterdir() if path.is_dir() and path.name.isdigit())
    print(f"{output}: {parts} part(s)")
    print(f"  loading the index: {times[0]:.0f} ms")
    for query, took, count in zip(queries, times[1:], counts, strict=True):
        print(f"  {query!r}: {count} results, {took:.0f} ms with the data of the first ten")
    kinds: dict[str, list[int]] = collections.defaultdict(list)
    for address, size in loaded:
        name = re.sub(r"[0-9a-f]{6,}", "*", address.rsplit("/", 1)[-1].split("?")[0])
        kinds[name].append(size)
    total = sum(size for sizes in kinds.values() for size in sizes)
    print(f"  {len(loaded)} requests, {total / 1e6:.2f} MB:")
    for name, sizes in sorted(kinds.items(), key=lambda item: -sum(item[1])):
        print(f"    {name:32} {len(sizes):5} requests {sum(sizes) / 1e6:8.2f} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("output", type=Path, help="a built site's output folder, with pagefind/")
    parser.add_argument("--query", action="append", help="a query (repeatable; default: two)")
    args = parser.parse_args()
    measure(args.output.resolve(), args.query or ["minister", "election budget"])


if __name__ == "__main__":
    main()
