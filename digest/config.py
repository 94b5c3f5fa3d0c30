"""``digest.yaml`` -> SiteConfig, with every problem reported at once.

Wrong types are errors; unknown keys are warnings (a typo should not pass in silence,
but it should not stop a build either).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from digest.errors import BuildFailed, ConfigError, ContentError, DigestError
from digest.frontmatter import Lines, parse_yaml_mapping

CONFIG_NAME = "digest.yaml"
CONTENT_DIR = "content"
DEFAULT_BASE_URL = "http://localhost:8000/"


@dataclass(frozen=True)
class MarkdownOptions:
    unsafe_html: bool = False


@dataclass(frozen=True)
class FeedOptions:
    content: str = "summary"  # "full" or "summary"
    limit: int = 20


@dataclass(frozen=True)
class SiteConfig:
    title: str = "My Digest"
    description: str = ""
    base_url: str = DEFAULT_BASE_URL
    language: str = "en"
    author: str = ""
    theme: str = "default"
    per_page: int = 10
    timezone: str = "UTC"
    search: bool = True  # a static search page, indexed by Pagefind after each build
    # the ``deploy:`` section, in its order; out of repr, which keys the pages: no page shows it
    deploy: tuple[DeployTarget, ...] = field(default=(), repr=False)
    markdown: MarkdownOptions = field(default_factory=MarkdownOptions)
    feeds: FeedOptions = field(default_factory=FeedOptions)
    topics: dict[str, str] = field(default_factory=dict)  # topic name -> description
    importer: dict[str, Any] = field(default_factory=dict)  # the ``import:`` section

    @property
    def base_path(self) -> str:
        """The path part of base_url, always ending in '/': '/repo/' for a GitHub project site."""
        after_scheme = self.base_url.split("://", 1)[-1]
        path = "/" + after_scheme.split("/", 1)[1] if "/" in after_scheme else "/"
        return path if path.endswith("/") else path + "/"

    @property
    def tzinfo(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def absolute_url(self, path: str) -> str:
        return self.base_url.rstrip("/") + "/" + path.lstrip("/")


Check = Callable[[Any], str | None]  # returns a problem, or None when the value is fine


def _is_str(value: Any) -> str | None:
    return None if isinstance(value, str) else f"expected a string, got {_kind(value)}"


def _is_bool(value: Any) -> str | None:
    return None if isinstance(value, bool) else f"expected true or false, got {_kind(value)}"


def _is_positive_int(value: Any) -> str | None:
    if isinstance(value, bool) or not isinstance(value, int):
        return f"expected a whole number, got {_kind(value)}"
    return None if value > 0 else f"expected a number above 0, got {value}"


def _is_base_url(value: Any) -> str | None:
    if not isinstance(value, str):
        return f"expected a URL, got {_kind(value)}"
    if not value.startswith(("http://", "https://")):
        return f"expected an absolute http(s) URL such as 'https://example.org/', got {value!r}"
    return None


def _is_timezone(value: Any) -> str | None:
    if not isinstance(value, str):
        return f"expected a time zone name such as 'Europe/Istanbul', got {_kind(value)}"
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        return f"unknown time zone {value!r}"
    return None


def _is_feed_content(value: Any) -> str | None:
    return None if value in ("full", "summary") else f"expected 'full' or 'summary', got {value!r}"


def _is_topic_map(value: Any) -> str | None:
    if not isinstance(value, dict):
        return f"expected a mapping of topic names to descriptions, got {_kind(value)}"
    for name, description in value.items():
        if not isinstance(description, str):
            return f"{name}: expected a description string, got {_kind(description)}"
    return None


def _is_mapping(value: Any) -> str | None:
    return None if isinstance(value, dict) else f"expected a mapping, got {_kind(value)}"


def _kind(value: Any) -> str:
    names = {dict: "a mapping", list: "a list", str: "a string", bool: "true/false",
             int: "a number", float: "a number", type(None): "nothing"}  # fmt: skip
    return f"{names.get(type(value), type(value).__name__)} ({value!r})"[:80]


_TOP_LEVEL: dict[str, Check] = {
    "title": _is_str,
    "description": _is_str,
    "base_url": _is_base_url,
    "language": _is_str,
    "author": _is_str,
    "theme": _is_str,
    "per_page": _is_positive_int,
    "timezone": _is_timezone,
    "search": _is_bool,
    "deploy": lambda value: None if isinstance(value, list) else f"expected a list of targets, got {_kind(value)}",
    "markdown": _is_mapping,
    "feeds": _is_mapping,
    "topics": _is_topic_map,
    "import": _is_mapping,
}
_MARKDOWN: dict[str, Check] = {"unsafe_html": _is_bool}
_FEEDS: dict[str, Check] = {"content": _is_feed_content, "limit": _is_positive_int}


def load_config(site_dir: Path) -> tuple[SiteConfig, list[DigestError]]:
    """Read ``digest.yaml``; return the config and its warnings, or raise BuildFailed."""
    path = site_dir / CONFIG_NAME
    if not path.is_file():
        return SiteConfig(), []
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise BuildFailed([ConfigError(f"not UTF-8 text: {error.reason}", CONFIG_NAME, 1)]) from None
    return parse_config(text, CONFIG_NAME)


def parse_config(text: str, path: str) -> tuple[SiteConfig, list[DigestError]]:
    try:
        data, lines = parse_yaml_mapping(text, path)
    except ContentError as error:
        raise BuildFailed([ConfigError(error.message, path, error.line)]) from None
    errors: list[DigestError] = []
    warnings: list[DigestError] = []
    _validate(data, _TOP_LEVEL, (), lines, path, errors, warnings)
    for section, checks in (("markdown", _MARKDOWN), ("feeds", _FEEDS)):
        if isinstance(data.get(section), dict):
            _validate(data[section], checks, (section,), lines, path, errors, warnings)
    if isinstance(data.get("deploy"), list):
        _validate_deploy(data["deploy"], lines, path, errors, warnings)
    if errors:
        raise BuildFailed(errors)
    config = _make_config({key: value for key, value in data.items() if key != "deploy"})
    return replace(config, deploy=_deploy_targets(data.get("deploy") or [])), warnings


def _validate(
    data: dict[str, Any],
    checks: dict[str, Check],
    prefix: tuple[str, ...],
    lines: Lines,
    path: str,
    errors: list[DigestError],
    warnings: list[DigestError],
) -> None:
    for key, value in data.items():
        name = ".".join((*prefix, str(key)))
        line = lines.get((*prefix, key), 1)
        check = checks.get(key)
        if check is None:
            known = ", ".join(sorted(checks))
            warnings.append(ConfigError(f"{name}: unknown key (ignored); known keys: {known}", path, line))
        elif (problem := check(value)) is not None:
            errors.append(ConfigError(f"{name}: {problem}", path, line))


def _make_config(data: dict[str, Any]) -> SiteConfig:
    simple = {
        key: data[key] for key in _TOP_LEVEL if key in data and key not in ("markdown", "feeds", "topics", "import")
    }
    markdown = MarkdownOptions(**{k: v for k, v in data.get("markdown", {}).items() if k in _MARKDOWN})
    feeds = FeedOptions(**{k: v for k, v in data.get("feeds", {}).items() if k in _FEEDS})
    base_url = simple.pop("base_url", SiteConfig.base_url)
    return SiteConfig(
        **simple,
        base_url=base_url if base_url.endswith("/") else base_url + "/",
        markdown=markdown,
        feeds=feeds,
        topics=dict(data.get("topics") or {}),
        importer=dict(data.get("import") or {}),
    )


@dataclass(frozen=True)
class DeployTarget:
    """One place ``digest deploy`` publishes to (``deploy:`` in digest.yaml)."""

    name: str
    type: str  # "github-pages", "s3" or "rsync"
    options: dict[str, Any] = field(default_factory=dict)  # the target's own keys, validated

    def get(self, key: str, default: Any = None) -> Any:
        return self.options.get(key, default)


def _is_remote(value: Any) -> str | None:
    return (
        None if isinstance(value, str) and value.strip() else f"expected a git remote name or URL, got {_kind(value)}"
    )


def _is_branch(value: Any) -> str | None:
    if not isinstance(value, str) or not value or value.startswith("-") or " " in value:
        return f"expected a branch name such as gh-pages, got {_kind(value)}"
    return None


def _is_rsync_destination(value: Any) -> str | None:
    if not isinstance(value, str) or not value.strip() or value.startswith("-"):
        return f"expected a destination such as user@host:/var/www/site, got {_kind(value)}"
    return None


_DEPLOY_COMMON: dict[str, Check] = {"name": _is_str, "type": _is_str}
DEPLOY_TYPES: dict[str, tuple[dict[str, Check], tuple[str, ...]]] = {
    # type -> (its keys, the required ones)
    "github-pages": ({"remote": _is_remote, "branch": _is_branch, "message": _is_str}, ()),
    "s3": (
        {
            "bucket": _is_str,
            "prefix": _is_str,
            "region": _is_str,
            "endpoint_url": _is_base_url,
            "cache_control": _is_str,
            "html_cache_control": _is_str,
        },
        ("bucket",),
    ),
    "rsync": ({"destination": _is_rsync_destination, "ssh": _is_str, "delete": _is_bool}, ("destination",)),
}


def _validate_deploy(
    targets: list[Any], lines: Lines, path: str, errors: list[DigestError], warnings: list[DigestError]
) -> None:
    names: dict[str, int] = {}
    for index, target in enumerate(targets):
        where = f"deploy[{index + 1}]"
        line = lines.get(("deploy", index), lines.get(("deploy",), 1))
        if not isinstance(target, dict):
            errors.append(ConfigError(f"{where}: expected a mapping such as {{type: s3, bucket: ...}}", path, line))
            continue
        kind = target.get("type")
        if kind not in DEPLOY_TYPES:
            known = ", ".join(DEPLOY_TYPES)
            errors.append(ConfigError(f"{where}.type: expected one of {known}, got {_kind(kind)}", path, line))
            continue
        checks, required = DEPLOY_TYPES[kind]
        for key in required:
            if key not in target:
                errors.append(ConfigError(f"{where}: a {kind} target needs {key}", path, line))
        scoped: Lines = {(where, *key[2:]): number for key, number in lines.items() if key[:2] == ("deploy", index)}
        _validate(target, {**_DEPLOY_COMMON, **checks}, (where,), scoped, path, errors, warnings)
        name = str(target.get("name") or kind)
        if name in names:
            errors.append(ConfigError(f"{where}: the name {name!r} is also used by deploy[{names[name]}]", path, line))
        names.setdefault(name, index + 1)


def _deploy_targets(targets: list[dict[str, Any]]) -> tuple[DeployTarget, ...]:
    return tuple(
        DeployTarget(
            name=str(target.get("name") or target["type"]),
            type=target["type"],
            options={key: value for key, value in target.items() if key not in _DEPLOY_COMMON},
        )
        for target in targets
    )


def default_base_url_problem(site_dir: Path, config: SiteConfig) -> ConfigError | None:
    """A problem when ``base_url`` is still the default: every absolute link would point at localhost.

    A warning for ``build`` and ``email``, an error for ``check --strict`` and ``deploy``.
    """
    if config.base_url != DEFAULT_BASE_URL:
        return None
    message = (
        f"base_url is still the default {DEFAULT_BASE_URL}: feeds, the sitemap, canonical links and the "
        "newsletter would point at localhost; set base_url in digest.yaml to the address the site is published at"
    )
    return ConfigError(message, CONFIG_NAME, _line_of_key(site_dir / CONFIG_NAME, "base_url"))


def _line_of_key(path: Path, key: str) -> int:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return 1
    return next((number for number, line in enumerate(lines, 1) if line.startswith(f"{key}:")), 1)
