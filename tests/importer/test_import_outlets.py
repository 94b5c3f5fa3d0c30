"""Thirty-nine scrapes and twenty-five pages in the styles of outlets the importer was not written for
(six languages; banners before and after, tag lists, bylines, captions, live blogs, pull
quotes, "Read more" lists, related blocks): every field and the body as expected, no furniture."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from importer_helpers import EXPECTED, FIXTURES, ImportResult, body_of, load_meta, without_provenance

CASES: dict[str, dict[str, Any]] = yaml.safe_load((EXPECTED / "outlets.yaml").read_text(encoding="utf-8"))


def test_the_set_is_as_large_as_promised() -> None:
    assert sum(name.startswith("outlets/") for name in CASES) >= 30
    assert sum(name.startswith("pages/") for name in CASES) >= 15
    assert set(CASES) == {f"{path.parent.name}/{path.name}" for folder in ("outlets", "pages")
                          for path in (FIXTURES / folder).iterdir()}  # fmt: skip


@pytest.mark.parametrize("name", sorted(CASES))
def test_outlet_fixture_imports_as_expected(name: str, run_import_args: Callable[..., ImportResult]) -> None:
    case = CASES[name]
    result = run_import_args(FIXTURES / name)
    assert (result.summary.imported, result.error_lines) == (1, [])
    text = result.only_article()
    assert without_provenance(load_meta(text)) == case["meta"]
    paragraphs = body_of(text).split("\n\n")
    assert paragraphs[0].startswith(case["first"])
    assert paragraphs[-1].endswith(case["last"])
    assert len(paragraphs) == case["paragraphs"]
    for furniture in case["gone"]:
        assert furniture not in text, f"{furniture!r} should have been left out"
    if case["meta"].get("date_inferred"):
        assert f"{FIXTURES / name}: warning: no date found" in result.err


def test_every_outlet_fixture_builds_together(site: Path, cli: Callable[..., Any]) -> None:
    from importer_helpers import make_runner

    result = make_runner(site)(*(FIXTURES / name for name in sorted(CASES)))
    assert result.summary.imported == len(CASES), result.err
    built = cli("build", "-C", site)
    assert built.code == 0, built.err
