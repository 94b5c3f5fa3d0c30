"""Shared pieces of the search tests: the example site and a quiet static server."""

from __future__ import annotations

import http.server
import shutil
from dataclasses import dataclass
from pathlib import Path

from tests.conftest import REPO, run_cli

SEED_SLUG = "turkeys-purchase-of-russian-missile-poses-threat-to-nato-us"
SEED_TITLE = "Turkey's purchase of Russian missile poses threat to NATO: US"


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@dataclass
class Served:
    """A built site behind a static web server: ``url`` is its base URL (ending in '/')."""

    site: Path  # the site's sources
    output: Path  # the folder the site was built into
    url: str


def copy_example_site(target: Path) -> Path:
    """The example site of this repository (content/ and digest.yaml), copied to ``target``."""
    shutil.copytree(REPO / "content", target / "content")
    shutil.copy(REPO / "digest.yaml", target / "digest.yaml")
    return target


def build(site: Path, output: Path, base_url: str) -> None:
    result = run_cli("build", "-C", site, "--output", output, "--base-url", base_url)
    assert result.code == 0, result.err
