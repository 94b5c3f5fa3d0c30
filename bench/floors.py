"""The least time two steps of a cold build take with the default engines, on a site's content.

    python bench/floors.py SITE [--workers 2]

Measured in this process, each on its own, one core: every article body through the Markdown
renderer the build uses (markdown-it-py unless ``markdown.engine`` says otherwise, with
digest's anchors and ids), and every article page through the theme's template as the build
renders it (records seen through recording views, links made relative).  Their CPU time
divided by the workers that share it is a floor for those two steps alone: a cold build with
these engines cannot be quicker, whatever the rest of it (reading, checking, writing,
indexing) costs.  Compare it with the peer's whole build (``bench/run.py``).
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from digest.config import load_config
from digest.content import LoadOptions, content_files, load_site
from digest.frontmatter import parse_document
from digest.markup import Markdown, render_markdown
from digest.render import Renderer, SiteContext, plan_pages
from digest.theme import load_theme


def markdown_seconds(site_dir: Path, markdown: Markdown) -> tuple[float, int]:
    """CPU seconds to render every article body, and the number of articles."""
    bodies = []
    for kind, path in content_files(site_dir):
        if kind == "articles":
            bodies.append((path, parse_document((site_dir / path).read_text(encoding="utf-8"), path).body))
    started = time.process_time()
    for path, body in bodies:
        render_markdown(markdown, body, path)
    return time.process_time() - started, len(bodies)


def template_seconds(site_dir: Path) -> tuple[float, int]:
    """CPU seconds to render every article page through the theme, and the number of pages."""
    config, _ = load_config(site_dir)
    site, _ = load_site(site_dir, config, LoadOptions())
    renderer = Renderer(load_theme(site_dir, config.theme), config, site_dir)
    pages = [spec for spec in plan_pages(site, config) if spec.template == "article.html"]
    context = SiteContext(site, config)
    renderer.render(pages[0], context)  # templates compiled before the clock starts
    started = time.process_time()
    for spec in pages:
        renderer.render(spec, context)
    return time.process_time() - started, len(pages)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--workers", type=int, default=2, help="processes that share the work (default: 2)")
    args = parser.parse_args()
    config, _ = load_config(args.site)
    parse, articles = markdown_seconds(args.site, Markdown.of(config.markdown))
    render, pages = template_seconds(args.site)
    rows = [
        (f"Markdown of {articles:,} article bodies", parse, articles),
        (f"{pages:,} article pages through the theme", render, pages),
    ]
    print(f"| step | CPU | per item | floor on {args.workers} workers |\n|---|---|---|---|")
    for name, seconds, count in rows:
        print(f"| {name} | {seconds:.1f} s | {seconds / count * 1000:.2f} ms | {seconds / args.workers:.1f} s |")
    total = parse + render
    print(f"| both | {total:.1f} s | | {total / args.workers:.1f} s |")


if __name__ == "__main__":
    main()
