"""digest: a static site generator for curated news digests."""

import os as _os

UNKNOWN_VERSION = "0+unknown"


def _version() -> str:
    """digest's version, written in one place: pyproject.toml.  Run from a source tree (a
    checkout, an editable install) it is read there, so that a new version shows without
    installing again; an installed copy takes it from the metadata of its distribution, the
    ``.dist-info`` folder installed beside it, which was made from it.  (Read without tomllib
    or importlib.metadata: every command starts here, and they cost more than the rest of
    this module's import.)"""
    root = _os.path.dirname(_os.path.dirname(_os.path.realpath(__file__)))
    try:
        with open(_os.path.join(root, "pyproject.toml"), encoding="utf-8") as handle:
            found = _project_version(handle.read())
        if found:
            return found
    except (OSError, UnicodeDecodeError):
        pass
    try:
        folders = sorted(
            name for name in _os.listdir(root) if name.startswith("digest-") and name.endswith(".dist-info")
        )
    except OSError:
        folders = []
    for folder in folders:
        try:
            with open(_os.path.join(root, folder, "METADATA"), encoding="utf-8") as handle:
                headers = _headers(handle.read())
        except (OSError, UnicodeDecodeError):
            continue
        if headers.get("name") == "digest" and headers.get("version"):
            return headers["version"]
    return UNKNOWN_VERSION


def _project_version(text: str) -> str | None:
    """The ``version`` of pyproject.toml's ``[project]`` table when that project is digest."""
    values: dict[str, str] = {}
    table = ""
    for line in text.splitlines():
        line = line.strip()
        if line.startswith("["):
            table = line.split("#", 1)[0].strip()
        elif table == "[project]" and "=" in line:
            key, _, value = line.partition("=")
            value = value.strip()
            if value[:1] in ('"', "'") and value[0] in value[1:]:
                values[key.strip()] = value[1 : value.index(value[0], 1)]
    return values.get("version") if values.get("name") == "digest" else None


def _headers(text: str) -> dict[str, str]:
    """The header fields of a distribution's METADATA (up to its first empty line), by lower-case name."""
    fields: dict[str, str] = {}
    for line in text.splitlines():
        if not line.strip():
            break
        name, colon, value = line.partition(":")
        if colon and not name.startswith((" ", "\t")):
            fields.setdefault(name.strip().lower(), value.strip())
    return fields


__version__ = _version()
