"""Every broken inventory under tests/fixtures/inventory/broken gives exactly its errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from citynet.inventory.loader import validate_inventory
from tests.support import FIXTURES, CliRunner

CASES = sorted(p for p in (FIXTURES / "inventory" / "broken").iterdir() if p.is_dir())


def test_the_corpus_is_large_enough() -> None:
    assert len(CASES) >= 20


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_exact_errors(case: Path) -> None:
    _, problems = validate_inventory(case / "inventory")
    expected = (case / "expected.txt").read_text().splitlines()
    assert [str(p) for p in problems] == expected
    assert expected, "a broken fixture must produce at least one error"
    for line in expected:
        assert line.startswith("inventory/") and ".yaml" in line.split(":")[0], line


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_cli_exits_1_with_file_and_line(case: Path, cli: CliRunner) -> None:
    result = cli("inventory", "validate", cwd=case)
    assert result.code == 1
    assert "Traceback" not in result.out + result.err
    for line in (case / "expected.txt").read_text().splitlines():
        assert line in result.out


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_other_commands_refuse_broken_inventory(case: Path, cli: CliRunner) -> None:
    result = cli("inventory", "list", cwd=case)
    assert result.code == 1
    assert "Traceback" not in result.err
    assert result.err.startswith("error: ")
    assert result.out == ""
