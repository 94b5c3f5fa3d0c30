"""digest: a static site generator for curated news digests."""

from pathlib import Path as _Path

UNKNOWN_VERSION = "0+unknown"


def _version() -> str:
    """digest's version, written in one place: pyproject.toml.  Run from a source tree (a
    checkout, an editable install) it is read there, so that a new version shows without
    installing again; an installed copy takes its distribution's metadata, which was made from
    it (that of the distribution this very copy belongs to, not of another installed elsewhere)."""
    here = _Path(__file__).resolve()
    try:
        source = (here.parent.parent / "pyproject.toml").read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        source = None
    if source is not None:
        import tomllib

        try:
            project = tomllib.loads(source).get("project", {})
        except tomllib.TOMLDecodeError:
            project = {}
        if project.get("name") == "digest" and isinstance(project.get("version"), str):
            return project["version"]
    from importlib import metadata

    for distribution in metadata.distributions(name="digest"):
        if _Path(str(distribution.locate_file("digest/__init__.py"))).resolve() == here:
            return distribution.version
    return UNKNOWN_VERSION


__version__ = _version()
