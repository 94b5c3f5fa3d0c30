"""New sites and new content files: ``digest init`` and ``digest new``.

Nothing here overwrites a file that exists.  New articles and issues are drafts
(``draft: true``) until the curator clears the flag, so a stub is never published; the
placeholder text they carry is known to ``digest check``, which warns while it is left.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from fnmatch import fnmatch
from pathlib import Path
from zoneinfo import ZoneInfo

import yaml

from digest.config import primary_language
from digest.errors import DigestError
from digest.layout import CONFIG_NAME
from digest.model import file_slug, published_slug, slugify, topic_slug, unfit_topic
from digest.process import held_interrupts
from digest.write import SPARE_PREFIX

ARTICLE_PLACEHOLDER = "Write the article here, in Markdown."
DIGEST_PLACEHOLDER = "An introduction to this issue, in Markdown."
PAGE_PLACEHOLDER = "Write this page here, in Markdown."
TOPIC_PLACEHOLDER = "What this topic covers, in Markdown: shown on the topic's page."
PLACEHOLDERS = (ARTICLE_PLACEHOLDER, DIGEST_PLACEHOLDER, PAGE_PLACEHOLDER, TOPIC_PLACEHOLDER)
_DRAFT_LINE = "draft: true  # a draft is not published: set to false when it is ready\n"


class ScaffoldError(DigestError):
    """A file that would be created already exists, or a name that makes no file name."""


@dataclass(frozen=True)
class PickStub:
    """An article to pre-fill in a new issue, with an empty note."""

    ref: str  # what the pick names: the article's slug
    title: str
    group: str = ""  # a heading comment above the first pick of each group


@dataclass(frozen=True)
class StarterWords:
    """The text of a new site's sample content, in one language."""

    description: str
    topic: str
    topic_description: str
    title: str
    section: str
    body: str
    issue: str
    intro: str
    note: str
    about: str
    about_body: str


# The sample content in each language the default theme speaks; any other gets English,
# its article marked as such (``language: en``).
STARTER_WORDS = {
    "en": StarterWords(
        "News worth keeping, picked and annotated.", "World", "Stories from around the world.",
        "Welcome to digest", "News",
        "This is an article. Each lives in `content/articles/` as Markdown with YAML front matter.\n\n"
        "Import articles with `digest import`, pick them in a digest issue, and preview with `digest serve`.",
        "First issue", "The first issue: each issue picks articles and adds a note on why they matter.",
        "Start here: how this digest works.",
        "About", "This digest collects and annotates the news worth keeping.",
    ),
    "tr": StarterWords(
        "Saklamaya değer haberler, seçilmiş ve yorumlanmış.", "Dünya", "Dünyadan haberler.",
        "digest'e hoş geldiniz", "Haberler",
        "Bu bir makale. Her makale `content/articles/` içinde, YAML ön bilgisiyle bir Markdown dosyası olarak durur."
        "\n\nMakaleleri `digest import` ile içe aktarın, bir bülten sayısında seçin ve `digest serve` ile önizleyin.",
        "İlk sayı", "İlk sayı: her sayı makaleler seçer ve neden önemli olduklarına dair bir not ekler.",
        "Buradan başlayın: bu bülten nasıl çalışır.",
        "Hakkında", "Bu bülten saklamaya değer haberleri toplar ve yorumlar.",
    ),
    "fr": StarterWords(
        "Les nouvelles à garder, choisies et commentées.", "Monde", "Des nouvelles du monde entier.",
        "Bienvenue dans digest", "Actualités",
        "Ceci est un article. Chacun se trouve dans `content/articles/`, en Markdown avec un en-tête YAML.\n\n"
        "Importez des articles avec `digest import`, choisissez-les dans un numéro et prévisualisez avec `digest serve`.",
        "Premier numéro", "Le premier numéro : chaque numéro choisit des articles et dit pourquoi ils comptent.",
        "Commencez ici : comment fonctionne ce digest.",
        "À propos", "Ce digest rassemble et commente les nouvelles à garder.",
    ),
    "de": StarterWords(
        "Nachrichten, die bleiben – ausgewählt und kommentiert.", "Welt", "Nachrichten aus aller Welt.",
        "Willkommen bei digest", "Nachrichten",
        "Dies ist ein Artikel. Jeder liegt in `content/articles/` als Markdown mit YAML-Kopf.\n\n"
        "Importieren Sie Artikel mit `digest import`, wählen Sie sie in einer Ausgabe aus und sehen Sie sie mit "
        "`digest serve` an.",
        "Erste Ausgabe", "Die erste Ausgabe: Jede Ausgabe wählt Artikel aus und sagt in einer Notiz, warum sie zählen.",
        "Hier anfangen: So funktioniert dieser Digest.",
        "Über uns", "Dieser Digest sammelt und kommentiert Nachrichten, die bleiben.",
    ),
    "es": StarterWords(
        "Noticias que vale la pena guardar, elegidas y comentadas.", "Mundo", "Noticias de todo el mundo.",
        "Bienvenido a digest", "Noticias",
        "Este es un artículo. Cada uno vive en `content/articles/` como Markdown con un encabezado YAML.\n\n"
        "Importa artículos con `digest import`, elígelos en un número y previsualízalos con `digest serve`.",
        "Primer número", "El primer número: cada número elige artículos y añade una nota sobre por qué importan.",
        "Empieza aquí: cómo funciona este digest.",
        "Acerca de", "Este digest reúne y comenta las noticias que vale la pena guardar.",
    ),
    "ar": StarterWords(
        "أخبار تستحق الحفظ، مختارة ومعلَّق عليها.", "العالم", "أخبار من حول العالم.",
        "مرحبًا بك في digest", "أخبار",
        "هذه مقالة. تُحفظ كل مقالة في المجلد `content/articles` بصيغة Markdown مع ترويسة YAML.\n\n"
        "استورد المقالات باستخدام `digest import`، واخترها في أحد الأعداد، ثم عاينها باستخدام `digest serve`.",
        "العدد الأول", "العدد الأول: يختار كل عدد مقالات ويضيف ملاحظة عن سبب أهميتها.",
        "ابدأ من هنا: كيف تعمل هذه النشرة.",
        "من نحن", "تجمع هذه النشرة الأخبار التي تستحق الحفظ وتعلّق عليها.",
    ),
}  # fmt: skip


def starter_words(language: str) -> StarterWords:
    return STARTER_WORDS.get(primary_language(language), STARTER_WORDS["en"])


def _title_of_folder(name: str) -> str:
    """A site's title made of its folder's name: ``my-news_site`` is "My News Site" (each word's
    first letter raised, the rest as typed: ``bob's-news`` is not "Bob'S News")."""
    return " ".join(word[:1].upper() + word[1:] for word in name.replace("_", " ").replace("-", " ").split())


def _quoted(value: str) -> str:
    """A YAML scalar that reads back as exactly ``value``."""
    return yaml.safe_dump(value, allow_unicode=True, width=1000, default_style='"').strip()


def _plain(value: str) -> str:
    """``value`` as it is when YAML reads it back as that text, else quoted (``"1984"``, ``"yes"``)."""
    return value if yaml.safe_load(value) == value else _quoted(value)


@dataclass(frozen=True)
class SiteSettings:
    """What ``digest init`` writes into the new site's digest.yaml (its options)."""

    title: str | None = None  # default: the folder's name
    language: str = "en"
    base_url: str = "http://localhost:8000/"
    timezone: str = "UTC"


def _config_text(title: str, settings: SiteSettings, words: StarterWords) -> str:
    return f"""# digest site configuration: see README for every option.
title: {_quoted(title)}
description: {_quoted(words.description)}
base_url: {_quoted(settings.base_url)}
language: {_quoted(settings.language)}
theme: default
per_page: 10
timezone: {_quoted(settings.timezone)}
markdown:
  unsafe_html: false
feeds:
  content: summary
"""


def _draft_line(draft: bool) -> str:
    return _DRAFT_LINE if draft else "draft: false\n"


def article_text(title: str, topics: Sequence[str], when: date, section: str | None = None, draft: bool = False) -> str:
    topic_list = ", ".join(_quoted(topic) for topic in topics)
    return f"""---
title: {_quoted(title)}
date: {when.isoformat()}
topics: [{topic_list}]
section: {_quoted(section) if section else "null"}
source: {{name: null, url: null}}
image: {{src: null, caption: null, credit: null}}
summary: null
{_draft_line(draft)}---
{ARTICLE_PLACEHOLDER}
"""


def digest_text(title: str, when: date, draft: bool = False, picks: Sequence[PickStub] = ()) -> str:
    return f"""---
title: {_quoted(title)}
date: {when.isoformat()}
summary: null
{_draft_line(draft)}{_picks_text(picks)}---
{DIGEST_PLACEHOLDER}
"""


def _picks_text(picks: Sequence[PickStub]) -> str:
    if not picks:
        return """picks: []
# picks:
#   - article: <article slug or path, e.g. articles/2019-06-27-some-story.md>
#     note: "Why this story matters, in Markdown."
"""
    lines = ["picks:  # in the order of the issue; write a note for each, delete the ones you skip"]
    group = None
    for pick in picks:
        if pick.group and pick.group != group:
            lines.append(f"  # {_one_line(pick.group)}")
            group = pick.group
        lines.append(f"  - article: {_plain(pick.ref)}  # {_one_line(pick.title)}")
        lines.append('    note: ""')
    return "\n".join(lines) + "\n"


def _one_line(text: str) -> str:
    return " ".join(text.split())


def init_site(site_dir: Path, today: date | None = None, settings: SiteSettings | None = None) -> list[Path]:
    """Create a ready site; on an existing site change nothing and say so."""
    if (site_dir / CONFIG_NAME).exists():
        raise ScaffoldError(f"{site_dir / CONFIG_NAME} exists: this is already a digest site; nothing was changed")
    settings = settings or SiteSettings()
    today = today or datetime.now(ZoneInfo(settings.timezone)).date()  # in the time zone it writes
    title = settings.title or _title_of_folder(site_dir.absolute().name) or "My Digest"
    words = starter_words(settings.language)
    files = {
        CONFIG_NAME: _config_text(title, settings, words),
        f"content/articles/{today.isoformat()}-welcome-to-digest.md": _welcome_article(today, words, settings.language),
        f"content/digests/{today.isoformat()}-first-issue.md": _first_digest(today, words),
        "content/pages/about.md": f"---\ntitle: {_quoted(words.about)}\n---\n{words.about_body}\n",
        f"content/topics/{topic_slug(words.topic)}.md": f"---\ntitle: {_quoted(words.topic)}\n---\n{words.topic_description}\n",
    }
    if not (site_dir / ".gitignore").exists():  # a repository's own is kept, digest's folders added to it
        files[".gitignore"] = (
            "# Made again by `digest build`: the site, the tree switched with it, the build cache and\n"
            "# what an interrupted build left; by `digest email`: newsletters.\n"
            "/public/\n" + "".join(f"{line}\n" for line in _BUILD_STATE) + "/email/\n"
        )
    existing = [name for name in files if (site_dir / name).exists()]
    if existing:
        raise ScaffoldError(f"{site_dir / existing[0]} exists; nothing was changed")
    created: list[Path] = []
    with held_interrupts():  # (Ctrl-C comes once the site is whole)
        for name, text in files.items():
            path = site_dir / name
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                created.append(path)
                path.write_text(text, encoding="utf-8")
            except OSError as error:  # a full disk: no empty digest.yaml the next init takes for a site
                for made in created:
                    made.unlink(missing_ok=True)
                raise DigestError(f"cannot write {path}: {error.strerror}; nothing was made") from None
    if ".gitignore" not in files and _ignore_build_state(site_dir / ".gitignore"):
        created.append(site_dir / ".gitignore")
    return created


# digest's own, never the site's: the cache, the spare tree beside an output (``write``'s
# SPARE_PREFIX), and the staging and swap folders a killed build leaves until the next one.
_BUILD_STATE = ("/.digest-cache/", "/.digest-spare-*/", "/.digest-staging-*/", "/.digest-swap-*/")


def _ignore_build_state(gitignore: Path) -> bool:
    """Add digest's own folders to a repository's ``.gitignore`` that lacks them (its own
    lines are kept: whether public/ is committed is the site's choice); True when it did."""
    try:
        text = gitignore.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    present = {line.strip().strip("/") for line in text.splitlines()}
    missing = [line for line in _BUILD_STATE if line.strip("/") not in present]
    if not missing:
        return False
    added = "# digest's build state, made again by `digest build`\n" + "".join(f"{line}\n" for line in missing)
    gitignore.write_text(text + ("" if not text or text.endswith("\n") else "\n") + added, encoding="utf-8")
    return True


def unignored_spare(site_dir: Path, output_dir: Path) -> list[DigestError]:
    """A warning when the site's ``.gitignore`` ignores the build cache but not the previous
    output digest keeps beside the output (one written by ``digest init`` before builds kept
    it): git would see the whole site a second time, and ``git add -A`` commit it."""
    if output_dir.parent != site_dir:
        return []
    try:
        text = (site_dir / ".gitignore").read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return []
    patterns = [line.strip().strip("/") for line in text.splitlines() if line.strip() and not line.startswith("#")]
    spare = f"{SPARE_PREFIX}{output_dir.name}"
    if ".digest-cache" not in patterns or any(fnmatch(spare, pattern) for pattern in patterns):
        return []
    message = (
        f"ignores .digest-cache/ but not {spare}/, the previous output that digest keeps beside {output_dir.name}/: "
        f"add the line /{spare}/ (git would see the whole site a second time)"
    )
    return [DigestError(message, ".gitignore", None)]


def _welcome_article(today: date, words: StarterWords, language: str) -> str:
    text = article_text(words.title, [words.topic], today, section=words.section)
    if words is STARTER_WORDS["en"] and primary_language(language) != "en":
        text = text.replace("\ndraft:", "\nlanguage: en  # the site's language is another\ndraft:", 1)
    return text.replace(ARTICLE_PLACEHOLDER, words.body)


def _first_digest(today: date, words: StarterWords) -> str:
    text = digest_text(words.issue, today).replace(DIGEST_PLACEHOLDER, words.intro)
    return text.replace(
        "picks: []\n",
        f"picks:\n  - article: {today.isoformat()}-welcome-to-digest\n    note: {_quoted(words.note)}\n",
    )


def new_article(
    site_dir: Path, title: str, topics: Sequence[str], when: date | None = None, draft: bool = True
) -> Path:
    """Create a new article file (a draft unless asked otherwise); never overwrite one."""
    if not topics:
        raise ScaffoldError("an article needs at least one topic: add --topic NAME (repeatable), e.g. --topic Turkey")
    when = when or datetime.now(UTC).date()
    return _create(site_dir, "articles", title, when, lambda: article_text(title, topics, when, draft=draft))


def new_digest(
    site_dir: Path, title: str, when: date | None = None, draft: bool = True, picks: Sequence[PickStub] = ()
) -> Path:
    """Create a new digest issue (a draft unless asked otherwise), pre-filled with ``picks``."""
    when = when or datetime.now(UTC).date()
    return _create(site_dir, "digests", title, when, lambda: digest_text(title, when, draft=draft, picks=picks))


def new_page(site_dir: Path, title: str, draft: bool = True) -> Path:
    """Create a page (``content/pages/<slug>.md``: ``/<slug>/``, in the navigation)."""
    from digest.content import RESERVED_SLUGS

    if slugify(title) in RESERVED_SLUGS:
        raise ScaffoldError(f"a page at '{slugify(title)}/' would replace a section of the site; choose another title")
    if slugify(title) == "index":
        raise ScaffoldError("the home page is the theme's index.html, not a page; choose another title")
    if (other := _page_at(site_dir, slug := file_slug(title))) is not None:
        raise ScaffoldError(f"{other} is the page at '{slug}/' already: edit it, or choose another title")
    text = f"---\ntitle: {_quoted(title)}\n{_draft_line(draft)}---\n{PAGE_PLACEHOLDER}\n"
    return _create(site_dir, "pages", title, None, lambda: text)


def _page_at(site_dir: Path, slug: str) -> Path | None:
    """The file of content/pages/ whose page is at ``<slug>/``: one named in another case, with
    that ``slug:``, or a folder's own page (``team/index.md``)."""
    from digest.importer.duplicates import load_index

    folder = site_dir / "content" / "pages"
    for path, entry in load_index(folder).entries.items():
        if path.parent == folder and entry.slug == slug:
            return path
        if path.parent.parent == folder and path.name in ("index.md", "_index.md") and path.parent.name == slug:
            return path
    return None


def new_topic(site_dir: Path, name: str) -> Path:
    """Create a topic's file, its name and description (``content/topics/<slug>.md``)."""
    text = f"---\ntitle: {_quoted(name)}\n---\n{TOPIC_PLACEHOLDER}\n"
    if (unfit := unfit_topic(repr(name), slug := topic_slug(name))) is not None:
        raise ScaffoldError(unfit)
    if (described := _topic_file(site_dir, slug)) is not None:  # (``Middle East.md`` for middle-east)
        raise ScaffoldError(f"{described} describes the topic {name!r} already: edit it; nothing was changed")
    return _create(site_dir, "topics", name, None, lambda: text, slug=slug)


def _topic_file(site_dir: Path, slug: str) -> Path | None:
    """The file of content/topics/ that describes the topic ``slug``, whatever its name's spelling."""
    folder = site_dir / "content" / "topics"
    named = sorted(path for path in folder.glob("*.md") if topic_slug(path.stem) == slug) if folder.is_dir() else []
    return named[0] if named else None


def _create(
    site_dir: Path,
    folder_name: str,
    title: str,
    when: date | None,
    text: Callable[[], str],
    slug: str | None = None,
) -> Path:
    """Write a new file named after ``title`` (``<date>-<slug>.md`` when dated), never over one.
    A dated file's slug is its name without the date: one another day's file has already
    (a second "Week 1", or "كاتب" beside "كتاب", both ``ktb``) gets ``-2``, ``-3`` ..., as an
    import does, rather than a page the build refuses to write twice."""
    slug = slug if slug is not None else file_slug(title)
    if not slug:
        raise ScaffoldError(f"cannot make a file name from the title {title!r}; use letters or digits")
    folder = site_dir / "content" / folder_name
    path = folder / (f"{when.isoformat()}-{slug}.md" if when else f"{slug}.md")
    if path.exists():
        other = "another title or --date" if when else "another title"
        raise ScaffoldError(f"{path} exists; nothing was changed (choose {other})")
    if when is not None:
        taken = _taken_slugs(site_dir, folder)
        base, suffix = slug, 1
        while published_slug(slug) in taken or path.exists():
            suffix += 1
            slug = f"{base}-{suffix}"
            path = folder / f"{when.isoformat()}-{slug}.md"
    folder.mkdir(parents=True, exist_ok=True)
    with held_interrupts():  # (Ctrl-C comes once the file is whole)
        # "x": fail rather than overwrite a file made meanwhile
        handle = open(path, "x", encoding="utf-8")  # noqa: SIM115 - closed below, removed if not whole
        try:
            with handle:
                handle.write(text())
        except OSError as error:  # a full disk: no empty or cut file for the build to refuse
            path.unlink(missing_ok=True)
            raise DigestError(f"cannot write {path}: {error.strerror}; nothing was changed") from None
    return path


def _taken_slugs(site_dir: Path, folder: Path) -> set[str]:
    """The slugs the build gives the files already in ``folder`` (a front matter's ``slug:``, a
    page bundle's folder name), as the importer reads them (its index of content/articles/
    kept between runs)."""
    from digest.importer.duplicates import INDEX_CACHE, load_index

    cache = site_dir / INDEX_CACHE if folder == site_dir / "content" / "articles" else None
    return {entry.slug for entry in load_index(folder, cache).entries.values()}
