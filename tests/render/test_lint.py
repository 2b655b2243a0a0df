"""Lint of rendered configs, on hand-written configurations with one defect each."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from citynet.render.lint import config_lines, lint_config, lint_fleet
from tests.support import FIXTURES

LINT = FIXTURES / "lint"
CASES = sorted(LINT.glob("*.cfg"))


@pytest.mark.parametrize("case", CASES, ids=[p.stem for p in CASES])
def test_device_lint(case: Path) -> None:
    problems = lint_config(case.stem, case.read_text(), file=case.name)
    assert [str(p) for p in problems] == case.with_suffix(".expected").read_text().splitlines()
    assert problems, "each fixture has a defect"


def test_fleet_lint_finds_duplicates_and_overlaps_but_not_shared_segments() -> None:
    folder = LINT / "fleet"
    configs = {p.stem: p.read_text() for p in sorted(folder.glob("*.cfg"))}
    problems = lint_fleet(configs, {}, {h: f"{h}.cfg" for h in configs})
    assert [str(p) for p in problems] == (folder / "expected.txt").read_text().splitlines()


def test_banner_bodies_are_not_config() -> None:
    text = "hostname a\nbanner motd #\nline vty 0 4\n transport input telnet\n#\nend\n"
    assert [line.text for line in config_lines(text)] == ["hostname a", "banner motd #", "end"]


def test_a_clean_config_has_no_findings() -> None:
    text = (
        "hostname a\n!\nip access-list standard MGMT-ACCESS\n 10 permit 10.0.62.0 0.0.0.255\n"
        "!\nline vty 0 4\n access-class MGMT-ACCESS in\n transport input ssh\n!\nend\n"
    )
    assert lint_config("a", text) == []


CHECKS = sorted(p for p in (LINT / "checks").iterdir() if p.is_dir())


def _lint_folder(folder: Path) -> list[str]:
    """Every device of a folder linted alone (with its model from models.yaml), then together
    as one site."""
    models_file = folder / "models.yaml"
    models = yaml.safe_load(models_file.read_text()) if models_file.exists() else {}
    configs = {p.stem: p.read_text() for p in sorted(folder.glob("*.cfg"))}
    problems = [
        problem
        for host, text in configs.items()
        for problem in lint_config(host, text, file=f"{host}.cfg", model=models.get(host))
    ]
    problems += lint_fleet(configs, {})
    return [str(p) for p in problems]


@pytest.mark.parametrize("case", CHECKS, ids=[c.name for c in CHECKS])
def test_each_site_and_hardware_check_has_a_failing_and_a_passing_case(case: Path) -> None:
    expected_file = case / "expected.txt"
    expected = expected_file.read_text().splitlines() if expected_file.exists() else []
    assert _lint_folder(case) == expected
    if case.name.endswith("_fail"):
        assert expected, "a failing case must produce a problem"
        assert (case.parent / case.name.replace("_fail", "_pass")).is_dir()
    else:
        assert case.name.endswith("_pass") and expected == []
