"""A realistic small news digest for the theme tests: several issues with notes, articles
with lead images, captions, credits, tables, code, footnotes, long links and an article in
another language; written as files and built through the real CLI."""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
import textwrap
import zlib
from pathlib import Path

from tests.conftest import run_cli

TOPICS = ["Turkey", "Economy", "Energy", "Diplomacy", "Politics", "Climate"]
SOURCES = [
    ("Press TV", "https://www.presstv.ir/Detail/2019/06/27/599371"),
    ("Reuters", "https://www.reuters.com/world/middle-east/"),
    ("Anadolu Agency", "https://www.aa.com.tr/en/economy/"),
    ("Hürriyet Daily News", "https://www.hurriyetdailynews.com/"),
]
HEADLINES = [
    "Turkey's purchase of Russian missile poses threat to NATO, US officials warn",
    "Central bank holds rates as inflation eases for a third month",
    "Black Sea gas field starts pumping to the national grid",
    "Ankara and Athens agree to reopen talks on maritime borders",
    "Opposition names joint candidate ahead of municipal elections",
    "Drought cuts hazelnut harvest by a fifth, growers say",
    "Istanbul's new airport becomes Europe's busiest by passengers",
    "Lira steadies after finance minister outlines budget plan",
    "Pipeline deal with Azerbaijan doubles planned capacity",
    "Wildfires in the south: Donaudampfschifffahrtsgesellschaftskapitänswitwe evacuated",
    "Parliament passes law on the protection of olive groves",
    "Exports reach a record in November, led by cars and textiles",
]
SUMMARY = (
    "Officials in Washington and Ankara traded warnings this week as the deadline for a decision drew "
    "near, with allies watching how the dispute could reshape the alliance."
)
BODY = """\
Officials said on Thursday that talks would continue, but that the positions of both sides had
hardened over the past month. A senior official, who spoke on condition of anonymity, said the
decision "could not be taken back" once the systems were delivered.[^1]

## What happens next

The ministry said a delegation would travel to the capital next week. Analysts at
<https://example.org/a-very-long-link-that-should-wrap-on-narrow-screens/with/many/parts/index.html>
expect no quick settlement.

| Year | Exports | Imports | Balance | Growth | Inflation | Rate |
|------|--------:|--------:|--------:|-------:|----------:|-----:|
| 2021 | 225.2 | 271.4 | -46.2 | 11.4% | 19.6% | 14.0% |
| 2022 | 254.2 | 363.7 | -109.5 | 5.5% | 72.3% | 9.0% |
| 2023 | 255.8 | 361.8 | -106.0 | 4.5% | 64.8% | 42.5% |

The figures come from the statistics office's open data, which anyone can fetch:

```
curl "https://data.example.org/api/v1/trade/exports?country=TR&from=2021-01&to=2023-12&unit=usd-billion&format=csv"
```

> "We will not step back from a decision taken in our national interest," the minister said.

![A crowd at the harbour in the evening](/static/harbour.png)

Markets took the news calmly; the currency closed almost unchanged.

[^1]: The official spoke to a small group of reporters in Washington.
"""
TAGS = [
    ["NATO", "S-400", "defence industry"],
    ["interest rates", "lira"],
    ["natural gas", "Sakarya field", "Energy"],
]
NOTES = [
    "Why this matters: the deal ties **defence** to trade. Watch for the [delivery date](https://example.org/s400).",
    # (a heading of a note, as curators write one: under the pick's title on every page)
    "A third month of easing.\n\n#### The bank's forecast\n\nIt is in its [inflation report](https://example.org/report).",
    "The field is small by world standards but changes the import bill; see our earlier note.",
    "Talks were frozen for five years. Both sides now say they want a result before summer.",
]


def png(width: int, height: int) -> bytes:
    """A small photograph-like PNG (a dusk gradient), made without any imaging library."""
    rows = []
    for y in range(height):
        t = y / max(1, height - 1)
        row = bytearray([0])
        for x in range(width):
            s = x / max(1, width - 1)
            row += bytes((int(40 + 180 * t), int(70 + 90 * s * (1 - t)), int(140 - 90 * t)))
        rows.append(bytes(row))
    raw = zlib.compress(b"".join(rows), 9)

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", raw) + chunk(b"IEND", b"")


def article_text(index: int, language: str | None = None) -> str:
    name, url = SOURCES[index % len(SOURCES)]
    topics = [TOPICS[index % len(TOPICS)], TOPICS[(index + 2) % len(TOPICS)]]
    image = ""
    if index % 3 == 0:
        image = (
            'image: {src: "/static/photo.png", caption: "Soldiers stand next to missile launchers during a parade '
            'in the capital.", credit: AFP}\n'
        )
    elif index % 3 == 1:
        image = 'image: {caption: "A caption kept from the source, without its photo.", credit: Reuters}\n'
    extra = f"language: {language}\n" if language else ""
    author = "author: Ayşe Demir\n" if index % 2 == 0 else ""
    tags = f"tags: [{', '.join(TAGS[index % len(TAGS)])}]\n" if index % 4 != 3 else ""
    return (
        f'---\ntitle: "{HEADLINES[index]}"\ndate: 2026-{11 - index // 6:02d}-{28 - index:02d}\n'
        f'topics: [{", ".join(topics)}]\nsection: News\nsource: {{name: {name}, url: "{url}"}}\n'
        f'{image}summary: "{SUMMARY}"\n{author}{tags}{extra}---\n{BODY}'
    )


def digest_text(number: int, picks: list[int]) -> str:
    lines = [
        f'---\ntitle: "Week {number}"\ndate: 2026-11-{number:02d}\nsummary: "Issue {number}: the week in Turkey."\npicks:'
    ]
    for position, index in enumerate(picks):
        note = NOTES[position % len(NOTES)]
        lines.append(f"  - article: {slug(index)}\n    note: |\n{textwrap.indent(note, '      ')}")
    lines.append(
        "---\nThis week: a missile deal strains old alliances, prices cool, and gas starts to flow.\n\n"
        "# In short\n\nFour stories, one thread.\n"
    )
    return "\n".join(lines)


def slug(index: int) -> str:
    from digest.model import slugify

    return slugify(HEADLINES[index])


def write_showcase_site(site: Path, config: str = "", foreign: str | None = "tr") -> Path:
    """Write the showcase site into ``site``: 12 articles, 3 issues, a page, topic texts."""
    (site / "content/articles").mkdir(parents=True, exist_ok=True)
    (site / "content/digests").mkdir(parents=True, exist_ok=True)
    (site / "content/pages").mkdir(parents=True, exist_ok=True)
    (site / "content/topics").mkdir(parents=True, exist_ok=True)
    (site / "content/static").mkdir(parents=True, exist_ok=True)
    (site / "content/static/photo.png").write_bytes(png(480, 270))
    (site / "content/static/harbour.png").write_bytes(png(320, 180))
    (site / "digest.yaml").write_text(
        'title: "The Ankara Brief"\ndescription: "Turkey and its neighbourhood, picked and annotated."\n'
        'base_url: "https://example.org/"\ntimezone: Europe/Istanbul\n'
        + ("" if "per_page:" in config else "per_page: 5\n")
        + config,
        encoding="utf-8",
    )
    for index in range(len(HEADLINES)):
        language = foreign if index == 5 else None
        (site / f"content/articles/2026-11-{index:02d}-{slug(index)}.md").write_text(
            article_text(index, language), encoding="utf-8"
        )
    for number, picks in ((24, [0, 1, 2, 3]), (17, [4, 5, 6]), (10, [7, 8])):
        (site / f"content/digests/2026-11-{number:02d}-week-{number}.md").write_text(
            digest_text(number, picks), encoding="utf-8"
        )
    (site / "content/pages/about.md").write_text(
        "---\ntitle: About\n---\nA weekly digest of news from Turkey, picked and annotated.\n", encoding="utf-8"
    )
    (site / "content/topics/turkey.md").write_text(
        "---\ntitle: Turkey\n---\nNews about Turkey: its politics, economy and foreign relations.\n\n"
        "| Capital | Population | Currency | Official language | Head of state |\n|---|---|---|---|---|\n"
        "| Ankara | 85,372,377 | Turkish lira (TRY) | Turkish | President of the Republic |\n",
        encoding="utf-8",
    )
    return site


def build(site: Path, *args: str) -> Path:
    result = run_cli("build", "-C", site, *args)
    assert result.code == 0, result.err
    return site / "public"


# One page of each kind, as site paths.
PAGE_TYPES = {
    "home": "",
    "article": f"articles/{slug(0)}/",
    "article-no-image": f"articles/{slug(1)}/",
    "issue": "digests/week-24/",
    "issues": "digests/",
    "topic": "topics/turkey/",
    "topics": "topics/",
    "archive": "archive/",
    "page": "about/",
    "search": "search/",
    "404": "404.html",
}


# -- npm tools for the checks (axe-core; Lighthouse for bench/lighthouse.py) -------------

NPM_CACHE = Path(os.environ.get("DIGEST_NPM_CACHE", Path.home() / ".cache" / "digest-npm"))


def npm_package_file(package: str, relative: str) -> Path:
    """A file of an npm package installed in NPM_CACHE, installing the package there first
    when it is missing (`.ci/run` installs it beforehand)."""
    path = NPM_CACHE / "node_modules" / package / relative
    if not path.is_file():
        npm = shutil.which("npm")
        if npm is None:
            raise FileNotFoundError(f"{path} is missing and npm is not installed (apt-get install npm)")
        NPM_CACHE.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [npm, "install", "--no-audit", "--no-fund", "--prefix", str(NPM_CACHE), package],
            check=True,
            capture_output=True,
            timeout=600,
        )
    return path
