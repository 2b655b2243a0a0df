"""Bad templates and bad data: each names the template file, line and host, and the host
gets no configuration at all."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from citynet.inventory.loader import load_inventory
from citynet.render.renderer import render_all
from tests.support import FIXTURES, PROJECT

VALID = FIXTURES / "inventory" / "valid" / "inventory"
TEMPLATE_CASES = sorted((FIXTURES / "render" / "templates").glob("*.yaml"))
DATA_CASES = sorted(p for p in (FIXTURES / "render" / "data").iterdir() if p.is_dir())


def _templates_with(case: dict[str, Any], root: Path) -> tuple[Path, int]:
    templates = root / "templates"
    shutil.copytree(PROJECT / "templates", templates)
    path = templates / case["file"]
    text = path.read_text()
    assert case["replace"] in text, f"fixture no longer matches {case['file']}"
    line = text[: text.index(case["replace"])].count("\n") + 1
    path.write_text(text.replace(case["replace"], case["with"], 1))
    return templates, line


@pytest.mark.parametrize("spec", TEMPLATE_CASES, ids=[p.stem for p in TEMPLATE_CASES])
def test_template_defects(spec: Path, tmp_path: Path) -> None:
    case = yaml.safe_load(spec.read_text())
    templates, line = _templates_with(case, tmp_path)
    inventory = load_inventory(VALID)
    results = {
        r.host: r
        for r in render_all(inventory, templates, list(inventory.views.values()), workers=1)
    }
    failing = [r for r in results.values() if r.error is not None]
    assert len(failing) == case["hosts_failing"]
    assert all(r.text is None for r in failing)
    error = results[case["host"]].error
    assert error is not None
    expected = case["expected"].replace("{line}", str(line))
    assert str(error).startswith(expected), str(error)


def test_template_defects_cover_the_kinds_of_failure() -> None:
    assert {p.stem for p in TEMPLATE_CASES} >= {
        "undefined_variable",
        "syntax_error",
        "filter_failure",
        "unknown_filter",
    }


@pytest.mark.parametrize("case", DATA_CASES, ids=[p.name for p in DATA_CASES])
def test_data_defects(case: Path) -> None:
    inventory = load_inventory(case / "inventory")
    results = render_all(
        inventory, PROJECT / "templates", list(inventory.views.values()), workers=1
    )
    errors = [str(r.error) for r in results if r.error is not None]
    assert errors == (case / "expected.txt").read_text().splitlines()
