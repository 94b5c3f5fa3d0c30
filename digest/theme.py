"""Theme resolution: the site's templates/, then the theme chain, then the packaged default.

A theme is ``themes/<name>/`` with ``templates/`` and ``static/``; its optional
``theme.yaml`` may say ``extends: <other theme>``.  Themes are looked up in the site's
``themes/`` folder first, then among the themes shipped with digest.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from digest.errors import ConfigError

DEFAULT_THEME = "default"


def packaged_themes_dir() -> Path:
    """Where the bundled themes live: inside the installed package, or the source checkout."""
    inside = Path(__file__).parent / "themes"
    if (inside / DEFAULT_THEME / "templates").is_dir():
        return inside
    return Path(__file__).parent.parent / "themes"


@dataclass(frozen=True)
class Theme:
    name: str
    chain: tuple[Path, ...]  # theme folders, most specific first, ending with the default theme
    site_templates: Path | None  # the site's own templates/ folder, if it has one

    @property
    def template_dirs(self) -> list[Path]:
        dirs = [self.site_templates] if self.site_templates else []
        return dirs + [folder / "templates" for folder in self.chain if (folder / "templates").is_dir()]

    @property
    def templates_by_theme(self) -> dict[str, Path]:
        """Each theme's own templates by the theme's name: ``default/article.html`` is the default
        theme's, whatever overrides it, so that an override can extend the template it replaces."""
        named: dict[str, Path] = {}
        for folder in self.chain:
            if (folder / "templates").is_dir():
                named.setdefault(folder.name, folder / "templates")
        return named

    @property
    def static_dirs(self) -> list[Path]:
        """Static folders, least specific first, so later ones override earlier files."""
        return [folder / "static" for folder in reversed(self.chain) if (folder / "static").is_dir()]

    @property
    def watched_dirs(self) -> list[Path]:
        return ([self.site_templates] if self.site_templates else []) + list(self.chain)


def load_theme(site_dir: Path, name: str) -> Theme:
    chain: list[Path] = []
    current: str | None = name
    while current is not None:
        folder = _find_theme(site_dir, current)
        if folder in chain:
            raise ConfigError(f"theme: '{current}' extends itself through {folder}", "digest.yaml", None)
        chain.append(folder)
        current = _parent_theme(folder)
    default = packaged_themes_dir() / DEFAULT_THEME
    if default not in chain:
        chain.append(default)
    site_templates = site_dir / "templates"
    return Theme(name, tuple(chain), site_templates if site_templates.is_dir() else None)


def _find_theme(site_dir: Path, name: str) -> Path:
    if not name or "/" in name or "\\" in name or name.startswith("."):
        raise ConfigError(f"theme: not a theme name: {name!r}", "digest.yaml", None)
    for base in (site_dir / "themes", packaged_themes_dir()):
        if (base / name).is_dir():
            return base / name
    raise ConfigError(
        f"theme: no theme named '{name}' in {site_dir / 'themes'} or among the bundled themes", "digest.yaml", None
    )


def _parent_theme(folder: Path) -> str | None:
    meta_file = folder / "theme.yaml"
    if not meta_file.is_file():
        return None
    try:
        meta = yaml.safe_load(meta_file.read_text(encoding="utf-8")) or {}
    except (yaml.YAMLError, UnicodeDecodeError) as error:
        raise ConfigError(f"invalid theme.yaml: {error}", meta_file, None) from None
    parent = meta.get("extends") if isinstance(meta, dict) else None
    if parent is not None and not isinstance(parent, str):
        raise ConfigError(f"extends: expected a theme name, got {parent!r}", meta_file, None)
    return parent
