"""Theme resolution: the site's templates/, then the theme chain, then the packaged default.

A theme is ``themes/<name>/`` with ``templates/`` and ``static/``; its optional
``theme.yaml`` may say ``extends: <other theme>`` and declare the theme's own settings with
their defaults (``settings: {hero_text: ""}``), which a site sets under ``theme:`` in its
digest.yaml.  Themes are looked up in the site's ``themes/`` folder first, then among the
themes shipped with digest.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import Any

from digest.config import CONFIG_NAME, THEME_SETTINGS, Check, SiteConfig, kind_of, load_key_lines, validate_section
from digest.errors import BuildFailed, ConfigError, ContentError, DigestError
from digest.frontmatter import parse_yaml_mapping

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
    settings: dict[str, Any] = field(default_factory=dict)  # the themes' own settings and their defaults

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
    settings: dict[str, Any] = {}
    current: str | None = name
    extended_by: tuple[Path, int | None] | None = None  # the theme.yaml that names ``current``, and its line
    while current is not None:
        try:
            folder = _find_theme(site_dir, current)
        except ConfigError as error:
            if extended_by is None:
                raise
            raise ConfigError(error.message.replace("theme: ", "extends: ", 1), *extended_by) from None
        if folder in chain:
            raise ConfigError(f"theme: '{current}' extends itself through {folder}", "digest.yaml", None)
        chain.append(folder)
        current, declared, line = _theme_meta(folder)
        extended_by = (folder / "theme.yaml", line)
        settings = declared | settings  # a theme's own defaults win over those of the theme it extends
    default = packaged_themes_dir() / DEFAULT_THEME
    if default not in chain:
        chain.append(default)
    site_templates = site_dir / "templates"
    return Theme(name, tuple(chain), site_templates if site_templates.is_dir() else None, settings)


def settle_theme_settings(config: SiteConfig, theme: Theme, site_dir: Path) -> tuple[SiteConfig, list[DigestError]]:
    """The configuration with the theme's own settings: its defaults, and what the site's
    ``theme:`` gives each (of the same kind as the default: a string for a string, …).
    Returns the warnings for keys neither digest nor the theme knows; raises on a wrong kind."""
    given = config.theme_settings.own
    lines = load_key_lines(site_dir) if given else {}
    # digest's own names are checked already (config); they are here to be named in hints.
    checks: dict[str, Check] = dict.fromkeys(THEME_SETTINGS, _any_value)
    checks |= {key: partial(_unlike, default=default) for key, default in theme.settings.items()}
    errors: list[DigestError] = []
    warnings: list[DigestError] = []
    validate_section(given, checks, ("theme",), lines, CONFIG_NAME, errors, warnings)
    if errors:
        raise BuildFailed(errors, warnings)
    own = theme.settings | {key: value for key, value in given.items() if key in theme.settings}
    return replace(config, theme_settings=replace(config.theme_settings, own=own)), warnings


def _any_value(value: Any) -> str | None:
    return None


_SETTING_KINDS: tuple[tuple[type, str], ...] = (
    (bool, "true or false"), (int, "a whole number"), (float, "a number"), (str, "a string"),
    (list, "a list"), (dict, "a mapping"),
)  # fmt: skip


def _unlike(value: Any, default: Any) -> str | None:
    """Why ``value`` cannot stand for a setting whose default is ``default``, if it cannot
    (a default of none takes any value)."""
    for kind, name in _SETTING_KINDS:
        if isinstance(default, kind):
            accepted = (int, float) if kind is float else kind  # 2 is a number too
            fits = isinstance(value, accepted) and (kind is bool or not isinstance(value, bool))
            return None if fits else f"expected {name}, got {kind_of(value)}"
    return None


def _find_theme(site_dir: Path, name: str) -> Path:
    if not name or "/" in name or "\\" in name or name.startswith("."):
        raise ConfigError(f"theme: not a theme name: {name!r}", "digest.yaml", None)
    for base in (site_dir / "themes", packaged_themes_dir()):
        if (base / name).is_dir():
            return base / name
    raise ConfigError(
        f"theme: no theme named '{name}' in {site_dir / 'themes'} or among the bundled themes", "digest.yaml", None
    )


def _theme_meta(folder: Path) -> tuple[str | None, dict[str, Any], int | None]:
    """What a theme's theme.yaml says: the theme it extends, its own settings' defaults, and
    the line of ``extends``."""
    meta_file = folder / "theme.yaml"
    if not meta_file.is_file():
        return None, {}, None
    try:
        meta, lines = parse_yaml_mapping(meta_file.read_text(encoding="utf-8"), meta_file, what="theme.yaml")
    except UnicodeDecodeError as error:
        raise ConfigError(f"invalid theme.yaml: {error}", meta_file, None) from None
    except ContentError as error:
        raise ConfigError(f"invalid theme.yaml: {error.message}", meta_file, error.line) from None
    parent = meta.get("extends")
    if parent is not None and not isinstance(parent, str):
        raise ConfigError(f"extends: expected a theme name, got {kind_of(parent)}", meta_file, lines.get(("extends",)))
    settings = meta.get("settings") or {}
    line = lines.get(("settings",))
    if not isinstance(settings, dict):
        raise ConfigError(
            f"settings: expected a mapping of names to defaults, got {kind_of(settings)}", meta_file, line
        )
    for key in settings:
        if str(key) in THEME_SETTINGS or not str(key).isidentifier():
            message = f"settings: {key!r} is a name digest gives meaning to, or not one templates can use"
            raise ConfigError(message, meta_file, lines.get(("settings", key), line))
    return parent, {str(key): value for key, value in settings.items()}, lines.get(("extends",))
