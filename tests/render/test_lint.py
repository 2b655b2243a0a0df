"""Lint of rendered configs, on hand-written configurations with one defect each."""

from __future__ import annotations

from pathlib import Path

import pytest

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

