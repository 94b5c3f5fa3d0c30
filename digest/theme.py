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

from digest.config import THEME_SETTINGS, Check, SiteConfig, kind_of, load_key_lines, validate_section
from digest.errors import BuildFailed, ConfigError, ContentError, DigestError, nearest, shown_path
from digest.frontmatter import parse_yaml_mapping
from digest.layout import CONFIG_NAME, DEFAULT_THEME, packaged_themes_dir

# A theme's static files that only its search page (search.html) loads: not published when the
# site has no search (``search: false``), so that the site holds no script nothing runs.
SEARCH_ASSETS = frozenset({"search.js", "search.css"})


@dataclass(frozen=True)
class Theme:
    name: str
    chain: tuple[Path, ...]  # theme folders, most specific first, ending with the default theme
    site_templates: Path | None  # the site's own templates/ folder, if it has one
    settings: dict[str, Any] = field(default_factory=dict)  # the themes' own settings and their defaults
    warnings: tuple[DigestError, ...] = ()  # keys of a theme.yaml that digest does not know

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
    warnings: list[DigestError] = []
    current: str | None = name
    extended_by: tuple[str, int | None] | None = None  # the theme.yaml that names ``current``, and its line
    while current is not None:
        try:
            folder = _find_theme(site_dir, current)
        except ConfigError as error:
            if extended_by is None:
                raise
            raise ConfigError(error.message.replace("theme: ", "extends: ", 1), *extended_by) from None
        if folder in chain:
            message = f"'{current}' extends itself through {shown_path(folder, site_dir)}"
            if extended_by is None:
                raise ConfigError(f"theme: {message}", "digest.yaml", None)
            raise ConfigError(f"extends: {message}", *extended_by)
        chain.append(folder)
        current, declared, line, unknown = _theme_meta(folder, site_dir)
        warnings += unknown
        extended_by = (shown_path(folder / "theme.yaml", site_dir), line)
        settings = declared | settings  # a theme's own defaults win over those of the theme it extends
    default = packaged_themes_dir() / DEFAULT_THEME
    if default not in chain:
        chain.append(default)
    site_templates = site_dir / "templates"
    if site_templates.is_dir():
        _check_template_names(site_templates, chain, site_dir)
    elif (
        other := next((p for p in _entries(site_dir) if p.name.lower() == "templates" and p.is_dir()), None)
    ) is not None:
        message = (
            "digest reads a site's templates from templates/, in lower case (macOS and Windows take "
            "either, Linux only that one): rename the folder"
        )
        raise ConfigError(message, shown_path(other, site_dir))
    return Theme(name, tuple(chain), site_templates if site_templates.is_dir() else None, settings, tuple(warnings))


def _entries(folder: Path) -> list[Path]:
    try:
        return sorted(folder.iterdir())
    except OSError:
        return []


def _check_template_names(site_templates: Path, chain: list[Path], site_dir: Path) -> None:
    """A site template named as one of its themes' in another case (``Base.html``) replaces it
    on macOS and Windows, which ignore case, and nothing on Linux: an error naming it."""
    own = sorted(path.relative_to(site_templates).as_posix() for path in site_templates.rglob("*") if path.is_file())
    new = [name for name in own if not any((folder / "templates" / name).is_file() for folder in chain)]
    if not new:  # (every one replaces a theme's template: the usual site)
        return
    by_case = {
        path.relative_to(folder / "templates").as_posix().lower(): path.relative_to(folder / "templates").as_posix()
        for folder in chain
        for path in (folder / "templates").rglob("*")
        if path.is_file()
    }
    for name in new:
        if (meant := by_case.get(name.lower())) is not None:
            message = (
                f"the theme's template is {meant} (macOS and Windows take either spelling, Linux only "
                "that one): rename the file"
            )
            raise ConfigError(message, shown_path(site_templates / name, site_dir))


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
    warnings += theme.warnings
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


# What makes a folder a theme (an empty one is a git submodule a clone did not check out).
_THEME_PARTS = ("templates", "static", "theme.yaml", "locales")


def _find_theme(site_dir: Path, name: str) -> Path:
    if not name or "/" in name or "\\" in name or name.startswith("."):
        raise ConfigError(f"theme: not a theme name: {name!r}", "digest.yaml", None)
    bases = (site_dir / "themes", packaged_themes_dir())
    for base in bases:
        # (as named: not Default for default, which macOS and Windows would open)
        if (base / name).is_dir() and name in (entry.name for entry in _entries(base)):
            if not any((base / name / part).exists() for part in _THEME_PARTS):
                message = (
                    f"theme: {shown_path(base / name, site_dir)} has no templates/, static/ or theme.yaml: "
                    "a git submodule not checked out? (git submodule update --init)"
                )
                raise ConfigError(message, "digest.yaml", None)
            return base / name
    message = f"theme: no theme named '{name}' in {site_dir / 'themes'} or among the bundled themes"
    known = [entry.name for base in bases for entry in _entries(base) if entry.is_dir()]
    if (meant := next((known_name for known_name in known if known_name.lower() == name.lower()), None)) is not None:
        message += f"; did you mean '{meant}'? (macOS and Windows take either spelling, Linux only that one)"
    elif (meant := nearest(name, known)) is not None:
        message += f"; did you mean '{meant}'?"
    raise ConfigError(message, "digest.yaml", None)


# What a theme.yaml may say: digest reads the first two; the others describe the theme.
_THEME_KEYS = ("extends", "settings", "name", "description", "author", "authors", "version", "license", "homepage")


def _theme_meta(folder: Path, site_dir: Path) -> tuple[str | None, dict[str, Any], int | None, list[DigestError]]:
    """What a theme's theme.yaml says: the theme it extends, its own settings' defaults, the
    line of ``extends``, and a warning for each key digest does not know."""
    meta_file = folder / "theme.yaml"
    if not meta_file.is_file():
        return None, {}, None, []
    shown = shown_path(meta_file, site_dir)
    try:
        meta, lines = parse_yaml_mapping(meta_file.read_text(encoding="utf-8"), shown, what="theme.yaml")
    except UnicodeDecodeError as error:
        raise ConfigError(f"invalid theme.yaml: {error}", shown, None) from None
    except ContentError as error:
        raise ConfigError(f"invalid theme.yaml: {error.message}", shown, error.line) from None
    parent = meta.get("extends")
    if parent is not None and not isinstance(parent, str):
        raise ConfigError(f"extends: expected a theme name, got {kind_of(parent)}", shown, lines.get(("extends",)))
    settings = meta.get("settings")
    settings = {} if settings is None else settings  # (``settings:`` with nothing under it)
    line = lines.get(("settings",))
    if not isinstance(settings, dict):
        raise ConfigError(f"settings: expected a mapping of names to defaults, got {kind_of(settings)}", shown, line)
    for key in settings:
        if str(key) in THEME_SETTINGS or not str(key).isidentifier():
            message = f"settings: {key!r} is a name digest gives meaning to, or not one templates can use"
            raise ConfigError(message, shown, lines.get(("settings", key), line))
    unknown: list[DigestError] = []
    for key in meta:
        if str(key) not in _THEME_KEYS:
            close = nearest(str(key), _THEME_KEYS)
            hint = f"did you mean '{close}'?" if close else f"known keys: {', '.join(_THEME_KEYS[:2])}"
            unknown.append(ConfigError(f"{key}: unknown key (ignored); {hint}", shown, lines.get((key,))))
    return parent, {str(key): value for key, value in settings.items()}, lines.get(("extends",)), unknown
