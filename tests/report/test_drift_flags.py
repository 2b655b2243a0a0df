"""Every drift format names lockout risks, and a refused golden config is an error."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from citynet.backup.store import BackupStore
from citynet.platforms import Platform
from tests.backup.conftest import make_workspace
from tests.support import CliRunner

HOSTS = ("fs01-acc01", "fs01-acc02")
FORMATS = ("table", "json", "junit", "markdown", "html")


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    root = make_workspace(tmp_path)
    store = BackupStore(root / "state" / "backups")
    for host in HOSTS:
        text = (root / "golden_configs" / f"{host}.cfg").read_text()
        store.save(host, text, Platform.CISCO_IOSXE, datetime(2026, 11, 24, tzinfo=UTC))
    golden = root / "golden_configs" / "fs01-acc01.cfg"
    golden.write_text(golden.read_text().replace("aaa new-model\n", ""))
    return root


@pytest.mark.parametrize("fmt", FORMATS)
def test_lockout_risk_in_every_format(workspace: Path, cli: CliRunner, fmt: str) -> None:
    args = [a for h in HOSTS for a in ("--host", h)]
    result = cli("drift", "--offline", *args, "--details", "--format", fmt, cwd=workspace)
    assert result.code == 3, result.err
    assert "turns AAA off" in result.out
    if fmt == "json":
        report = json.loads(result.out)
        assert report["lockout_risk"] == [HOSTS[0]]
        (device,) = [d for d in report["devices"] if d["host"] == HOSTS[0]]
        assert [r["line"] for r in device["lockout_risks"]] == ["aaa new-model"]
    else:
        assert "LOCKOUT RISK" in result.out


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_truncated_golden_config_is_refused(workspace: Path, cli: CliRunner, fmt: str) -> None:
    golden = workspace / "golden_configs" / "fs01-acc02.cfg"
    text = golden.read_text()
    golden.write_text(text[: len(text) // 10])
    args = [a for h in HOSTS for a in ("--host", h)]
    result = cli("drift", "--offline", *args, "--format", fmt, cwd=workspace)
    assert result.code == 1, result.err
    assert "golden config refused" in result.out
    assert "error:" not in result.err


def test_the_diff_command_refuses_an_empty_golden_and_names_lockouts(
    cli: CliRunner, tmp_path: Path
) -> None:
    from tests.support import PROJECT

    running = PROJECT / "golden_configs" / "fs01-acc01.cfg"
    empty = tmp_path / "empty.cfg"
    empty.write_text("")
    result = cli("diff", str(running), str(empty))
    assert result.code == 1
    assert "refused as a target" in result.err and "empty" in result.err
    assert "REFUSED AS A TARGET" in result.out and "LOCKOUT RISK" in result.out
    no_aaa = tmp_path / "no-aaa.cfg"
    no_aaa.write_text(running.read_text().replace("aaa new-model\n", ""))
    result = cli("diff", str(running), str(no_aaa), "--format", "json")
    assert result.code == 3
    assert [r["line"] for r in json.loads(result.out)["lockout_risks"]] == ["aaa new-model"]
