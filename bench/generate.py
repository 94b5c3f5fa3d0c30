"""A deterministic generator of a realistic digest site, for benchmarks.

N articles of 600-800 words (paragraphs, headings, lists, quotes, links), 1-3 of 30 topics
each, dates over three years, and weekly digest issues that pick 10-20 articles with notes.
The same N and seed always give the same files.
"""

from __future__ import annotations

import argparse
import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

TOPICS = [
    "Turkey", "Politics", "Economy", "Energy", "Defence", "Diplomacy", "Elections", "Migration",
    "Climate", "Health", "Technology", "Media", "Courts", "Culture", "Sport", "Syria", "Iraq",
    "Iran", "Russia", "Europe", "United States", "Greece", "Cyprus", "Kurds", "Istanbul",
    "Ankara", "Trade", "Tourism", "Agriculture", "Education",
]  # fmt: skip
WORDS = [
    "government",
    "minister",
    "said",
    "officials",
    "warned",
    "week",
    "report",
    "agency",
    "deal",
    "talks",
    "border",
    "security",
    "market",
    "prices",
    "inflation",
    "lira",
    "central",
    "bank",
    "parliament",
    "opposition",
    "party",
    "vote",
    "court",
    "ruling",
    "press",
    "freedom",
    "journalists",
    "protest",
    "city",
    "mayor",
    "region",
    "army",
    "forces",
    "missile",
    "defence",
    "system",
    "agreement",
    "sanctions",
    "pipeline",
    "gas",
    "oil",
    "exports",
    "imports",
    "growth",
    "budget",
    "reform",
    "crisis",
    "refugees",
    "summit",
    "leaders",
    "negotiations",
    "ceasefire",
    "statement",
    "spokesperson",
    "analysts",
    "expect",
    "decision",
    "plan",
]
SOURCES = [("Press TV", "https://www.presstv.ir"), ("Reuters", "https://www.reuters.com"),
           ("Daily Sabah", "https://www.dailysabah.com"), ("BBC", "https://www.bbc.com"),
           ("Al Jazeera", "https://www.aljazeera.com")]  # fmt: skip
START = datetime(2022, 1, 1, 8, 0, tzinfo=UTC)


def sentence(rng: random.Random, low: int = 8, high: int = 20) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(low, high))]
    return " ".join(words).capitalize() + "."


def paragraph(rng: random.Random, words: int) -> str:
    sentences = []
    count = 0
    while count < words:
        sentences.append(sentence(rng))
        count += len(sentences[-1].split())
    return " ".join(sentences)


def body(rng: random.Random, slugs: list[str]) -> str:
    target = rng.randint(600, 800)
    parts: list[str] = []
    written = 0
    while written < target:
        kind = rng.random()
        if kind < 0.1:
            parts.append(f"## {sentence(rng, 3, 6)[:-1]}")
        elif kind < 0.18:
            parts.append("\n".join(f"- {sentence(rng, 4, 10)}" for _ in range(rng.randint(2, 5))))
        elif kind < 0.24:
            parts.append(f"> {sentence(rng, 10, 25)}")
        elif kind < 0.3 and slugs:
            other = rng.choice(slugs)
            parts.append(
                f"Read more in [our earlier report]({other}.md) and [the source](https://example.com/{rng.randint(1, 10**6)})."
            )
        else:
            parts.append(paragraph(rng, rng.randint(50, 110)))
        written += len(parts[-1].split())
    return "\n\n".join(parts) + "\n"


DEFAULT_CONFIG = 'title: "Bench Digest"\nbase_url: "https://bench.example.org/"\nper_page: 20\n'


def generate(site: Path, articles: int, seed: int = 1) -> None:
    """A site of ``articles`` articles with the configuration a new user has (search on)."""
    rng = random.Random(seed)
    (site / "content/articles").mkdir(parents=True, exist_ok=True)
    (site / "content/digests").mkdir(parents=True, exist_ok=True)
    (site / "digest.yaml").write_text(DEFAULT_CONFIG, encoding="utf-8")
    span = 3 * 365 * 24 * 3600
    names: list[tuple[datetime, str]] = []
    for index in range(articles):
        when = START + timedelta(seconds=rng.randrange(span))
        stem = f"{when:%Y-%m-%d}-story-{index:06d}"
        topics = rng.sample(TOPICS, rng.randint(1, 3))
        source = rng.choice(SOURCES)
        previous = [name for _, name in names[-50:]]
        text = (
            f'---\ntitle: "Story {index}: {sentence(rng, 4, 9)[:-1]}"\ndate: {when.isoformat()}\n'
            f"topics: [{', '.join(topics)}]\nsection: News\n"
            f'source: {{name: "{source[0]}", url: "{source[1]}/news/{index}"}}\n---\n{body(rng, previous)}'
        )
        (site / f"content/articles/{stem}.md").write_text(text, encoding="utf-8")
        names.append((when, stem))
    names.sort()
    week = timedelta(days=7)
    issue = 0
    when = START + week
    cursor = 0
    while when < START + timedelta(seconds=span) and cursor < len(names):
        in_week = []
        while cursor < len(names) and names[cursor][0] < when:
            in_week.append(names[cursor][1])
            cursor += 1
        picks = rng.sample(in_week, min(len(in_week), rng.randint(10, 20)))
        if picks:
            issue += 1
            lines = "".join(f'  - article: {stem}\n    note: "{sentence(rng)}"\n' for stem in picks)
            (site / f"content/digests/{when:%Y-%m-%d}-week-{issue}.md").write_text(
                f'---\ntitle: "Week {issue}"\ndate: {when.isoformat()}\npicks:\n{lines}---\n{paragraph(rng, 60)}\n',
                encoding="utf-8",
            )
        when += week


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("site", type=Path)
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    generate(args.site, args.articles, args.seed)


if __name__ == "__main__":
    main()
