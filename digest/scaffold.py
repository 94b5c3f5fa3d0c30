"""New sites and new content files: ``digest init`` and ``digest new``.

Nothing here overwrites a file that exists.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import yaml

from digest.config import CONFIG_NAME
from digest.errors import DigestError
from digest.model import slugify


class ScaffoldError(DigestError):
    """A file that would be created already exists, or a name that makes no file name."""


def _quoted(value: str) -> str:
    """A YAML scalar that reads back as exactly ``value``."""
    return yaml.safe_dump(value, allow_unicode=True, width=1000, default_style='"').strip()


def _config_text(title: str) -> str:
    return f"""# digest site configuration: see README for every option.
title: {_quoted(title)}
description: "News worth keeping, picked and annotated."
base_url: "http://localhost:8000/"
language: en
theme: default
per_page: 10
timezone: UTC
markdown:
  unsafe_html: false
feeds:
  content: summary
topics:
  World: "Stories from around the world."
"""


def article_text(title: str, topics: list[str], when: date, section: str | None = None) -> str:
    topic_list = ", ".join(_quoted(topic) for topic in topics)
    return f"""---
title: {_quoted(title)}
date: {when.isoformat()}
topics: [{topic_list}]
section: {_quoted(section) if section else "null"}
source: {{name: null, url: null}}
image: {{src: null, caption: null, credit: null}}
summary: null
draft: false
---
Write the article here, in Markdown.
"""


def digest_text(title: str, when: date) -> str:
    return f"""---
title: {_quoted(title)}
date: {when.isoformat()}
summary: null
draft: false
picks: []
# picks:
#   - article: <article slug or path, e.g. articles/2019-06-27-some-story.md>
#     note: "Why this story matters, in Markdown."
---
An introduction to this issue, in Markdown.
"""


def init_site(site_dir: Path, today: date | None = None) -> list[Path]:
    """Create a ready site; on an existing site change nothing and say so."""
    if (site_dir / CONFIG_NAME).exists():
        raise ScaffoldError(f"{site_dir / CONFIG_NAME} exists: this is already a digest site; nothing was changed")
    today = today or date.today()
    files = {
        CONFIG_NAME: _config_text(site_dir.absolute().name.replace("-", " ").title() or "My Digest"),
        f"content/articles/{today.isoformat()}-welcome-to-digest.md": _welcome_article(today),
        f"content/digests/{today.isoformat()}-first-issue.md": _first_digest(today),
        "content/pages/about.md": "---\ntitle: About\n---\nThis digest collects and annotates the news worth keeping.\n",
        "content/topics/world.md": "---\ntitle: World\n---\nStories from around the world.\n",
    }
    if not (site_dir / ".gitignore").exists():  # a folder that is already a repository keeps its own
        files[".gitignore"] = (
            "# Made again by `digest build`: the site and the build cache.\n/public/\n/.digest-cache/\n"
        )
    existing = [name for name in files if (site_dir / name).exists()]
    if existing:
        raise ScaffoldError(f"{site_dir / existing[0]} exists; nothing was changed")
    created = []
    for name, text in files.items():
        path = site_dir / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        created.append(path)
    return created


def _welcome_article(today: date) -> str:
    text = article_text("Welcome to digest", ["World"], today, section="News")
    return text.replace(
        "Write the article here, in Markdown.",
        "This is an article. Each lives in `content/articles/` as Markdown with YAML front matter.\n\n"
        "Import articles with `digest import`, pick them in a digest issue, and preview with `digest serve`.",
    )


def _first_digest(today: date) -> str:
    text = digest_text("First issue", today)
    return text.replace(
        "picks: []\n",
        f'picks:\n  - article: {today.isoformat()}-welcome-to-digest\n    note: "Start here: how this digest works."\n',
    )


def new_file(site_dir: Path, kind: str, title: str, topics: list[str], today: date | None = None) -> Path:
    """Create a new article or digest issue file; never overwrite an existing one."""
    today = today or date.today()
    slug = slugify(title)
    if not slug:
        raise ScaffoldError(f"cannot make a file name from the title {title!r}; use letters or digits")
    folder = site_dir / "content" / ("articles" if kind == "article" else "digests")
    path = folder / f"{today.isoformat()}-{slug}.md"
    if path.exists():
        raise ScaffoldError(f"{path} exists; nothing was changed (choose another title)")
    text = article_text(title, topics or ["Uncategorized"], today) if kind == "article" else digest_text(title, today)
    folder.mkdir(parents=True, exist_ok=True)
    with open(path, "x", encoding="utf-8") as handle:  # "x": fail rather than overwrite a file made meanwhile
        handle.write(text)
    return path
