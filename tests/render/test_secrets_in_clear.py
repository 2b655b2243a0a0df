"""A secret written in clear never reaches a golden config or any report."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.ios.test_secrets import CANARY as KIND_CANARY
from tests.ios.test_secrets import every_kind
from tests.support import CliRunner

CANARY = "Cnry77QzClearText"
GOLDEN_FORMATS = ("table", "json", "markdown", "junit")


def _plant_in_template(workspace: Path) -> None:
    snmp = workspace / "templates" / "partials" / "snmp.j2"
    text = snmp.read_text()
    snmp.write_text(text.replace(
        "snmp-server contact City Network Operations\n",
        f"snmp-server contact City Network Operations\nsnmp-server community {CANARY} RO\n",
    ))


def test_a_template_with_a_clear_secret_fails_every_host(
    workspace_copy: Path, cli: CliRunner
) -> None:
    _plant_in_template(workspace_copy)
    before = {p.name: p.read_text() for p in (workspace_copy / "golden_configs").iterdir()}
    result = cli("golden", "update", "--site", "FS01", cwd=workspace_copy)
    assert result.code == 1
    assert "holds a secret in clear" in result.err and "secret('name')" in result.err
    assert CANARY not in result.out + result.err
    after = {p.name: p.read_text() for p in (workspace_copy / "golden_configs").iterdir()}
    assert after == before
    for fmt in ("table", "json", "junit", "markdown"):
        result = cli("validate", "--format", fmt, cwd=workspace_copy)
        assert result.code == 1
        assert CANARY not in result.out + result.err


@pytest.mark.parametrize("fmt", GOLDEN_FORMATS)
def test_a_golden_file_holding_a_secret_never_shows_it(
    workspace_copy: Path, cli: CliRunner, fmt: str
) -> None:
    golden = workspace_copy / "golden_configs" / "fs01-acc01.cfg"
    golden.write_text(golden.read_text().replace(
        "enable secret <secret:enable_secret>\n",
        f"enable secret 0 {CANARY}\nsnmp-server community {CANARY}x RO\n" + every_kind(),
    ))
    for command in (["golden", "diff", "--host", "fs01-acc01"], ["validate"]):
        result = cli(*command, "--format", fmt, cwd=workspace_copy)
        assert result.code == 3, result.err
        assert CANARY not in result.out + result.err
        assert KIND_CANARY.findall(result.out + result.err) == []  # every kind of the table
        assert "fs01-acc01" in result.out
