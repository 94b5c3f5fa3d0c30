"""The ``import:`` section of ``digest.yaml``: extra boilerplate patterns and the default topic.

Schema (every key optional)::

    import:
      default_topic: Uncategorized      # topic of an article whose source names none
      boilerplate:                      # Python regular expressions, searched in each line,
        - '^Sponsored by '              #   ignoring case; a matching line is left out
      sources:
        Press TV:                       # the source's name (as found in the text, or --source)
          boilerplate: ['^Press TV News']

Every bad entry is reported, each naming ``digest.yaml`` and its line; unknown keys are warnings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from digest.errors import ConfigError, DigestError, field_name
from digest.frontmatter import Lines
from digest.importer.boilerplate import Boilerplate, build_boilerplate
from digest.layout import CONFIG_NAME

DEFAULT_TOPIC = "Uncategorized"
_KEYS = ("boilerplate", "default_topic", "sources")


@dataclass(frozen=True)
class ImportSettings:
    default_topic: str = DEFAULT_TOPIC
    boilerplate: tuple[re.Pattern[str], ...] = ()
    sources: dict[str, tuple[re.Pattern[str], ...]] = field(default_factory=dict)  # casefolded name -> patterns

    def boilerplate_for(self, source_name: str | None) -> Boilerplate:
        """Built-in rules, the site's patterns and those of the named source."""
        own = self.sources.get(source_name.casefold(), ()) if source_name else ()
        return build_boilerplate(self.boilerplate + own)


@dataclass(frozen=True)
class SettingsReport:
    settings: ImportSettings
    errors: tuple[DigestError, ...] = ()
    warnings: tuple[DigestError, ...] = ()


def parse_import_settings(raw: Any, lines: Lines | None = None) -> SettingsReport:
    """Validate the raw ``import:`` mapping; every problem is reported, none raised."""
    checker = _Checker(lines or {})
    if not isinstance(raw, dict):
        checker.error(("import",), f"expected a mapping, got {type(raw).__name__}")
        return checker.report(ImportSettings())
    for key in raw:
        if key not in _KEYS:
            checker.warn(("import", key), f"unknown key (ignored); known keys: {', '.join(_KEYS)}")
    settings = ImportSettings(
        default_topic=checker.topic(raw.get("default_topic", DEFAULT_TOPIC)),
        boilerplate=checker.patterns(("import", "boilerplate"), raw.get("boilerplate", [])),
        sources=checker.sources(raw.get("sources", {})),
    )
    return checker.report(settings)


class _Checker:
    """Collects every problem with the ``import:`` section while reading it."""

    def __init__(self, lines: Lines):
        self.lines = lines
        self.errors: list[DigestError] = []
        self.warnings: list[DigestError] = []

    def error(self, key: tuple[Any, ...], message: str) -> None:
        self.errors.append(ConfigError(f"{field_name(key)}: {message}", CONFIG_NAME, self._line(key)))

    def warn(self, key: tuple[Any, ...], message: str) -> None:
        self.warnings.append(ConfigError(f"{field_name(key)}: {message}", CONFIG_NAME, self._line(key)))

    def _line(self, key: tuple[Any, ...]) -> int:
        while key and key not in self.lines:
            key = key[:-1]
        return self.lines.get(key, 1)

    def topic(self, value: Any) -> str:
        if isinstance(value, str) and value.strip():
            return value.strip()
        self.error(("import", "default_topic"), f"expected a topic name, got {value!r}")
        return DEFAULT_TOPIC

    def patterns(self, key: tuple[Any, ...], value: Any) -> tuple[re.Pattern[str], ...]:
        if not isinstance(value, list):
            self.error(key, f"expected a list of regular expressions, got {type(value).__name__}")
            return ()
        return tuple(pattern for index, item in enumerate(value) if (pattern := self._pattern((*key, index), item)))

    def _pattern(self, key: tuple[Any, ...], value: Any) -> re.Pattern[str] | None:
        if not isinstance(value, str):
            self.error(key, f"expected a regular expression (a string), got {value!r}")
            return None
        try:
            return re.compile(value, re.IGNORECASE)
        except re.error as error:
            self.error(key, f"not a valid regular expression: {error}")
            return None

    def sources(self, value: Any) -> dict[str, tuple[re.Pattern[str], ...]]:
        if not isinstance(value, dict):
            self.error(("import", "sources"), f"expected a mapping of source names, got {type(value).__name__}")
            return {}
        found: dict[str, tuple[re.Pattern[str], ...]] = {}
        for name, entry in value.items():
            key = ("import", "sources", name)
            if not isinstance(entry, dict):
                self.error(key, f"expected a mapping with 'boilerplate', got {type(entry).__name__}")
                continue
            for unknown in (k for k in entry if k != "boilerplate"):
                self.warn((*key, unknown), "unknown key (ignored); known keys: boilerplate")
            found[str(name).casefold()] = self.patterns((*key, "boilerplate"), entry.get("boilerplate", []))
        return found

    def report(self, settings: ImportSettings) -> SettingsReport:
        return SettingsReport(settings, tuple(self.errors), tuple(self.warnings))
