"""The security baseline on running configs, in every drift format, and drift's exit code.

The backups are the devices' golden configs; one device also runs an SNMP community
(which no waiver covers), so its running config fails CN-MGMT-12 although its golden
config passes.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from datetime import UTC, datetime
from pathlib import Path

import pytest

from citynet.backup.store import BackupStore
from citynet.platforms import Platform
from tests.backup.conftest import make_workspace
from tests.support import CliRunner

HOSTS = ("fs01-acc01", "fs01-rtr01")
FORMATS = ("table", "json", "junit", "markdown", "html")
COMMUNITY = "snmp-server community Pl4intext-Canary RO SNMP-ACCESS\n"


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    root = make_workspace(tmp_path)
    store = BackupStore(root / "state" / "backups")
    for host in HOSTS:
        text = (root / "golden_configs" / f"{host}.cfg").read_text()
        if host == "fs01-rtr01":
            text = text.replace("snmp-server location", COMMUNITY + "snmp-server location")
        store.save(host, text, Platform.CISCO_IOSXE, datetime(2026, 11, 24, tzinfo=UTC))
    return root


def _drift(cli: CliRunner, workspace: Path, fmt: str) -> tuple[int, str]:
    args = [a for h in HOSTS for a in ("--host", h)]
    result = cli("drift", "--offline", *args, "--format", fmt, cwd=workspace)
    assert "Pl4intext-Canary" not in result.out + result.err
    return result.code, result.out


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_running_config_failing_the_baseline_in_every_format(
    workspace: Path, cli: CliRunner, fmt: str
) -> None:
    code, out = _drift(cli, workspace, fmt)
    assert code == 3  # differences: the community is drift, and a baseline failure
    if fmt == "json":
        report = json.loads(out)
        assert report["baseline_failed"] == ["fs01-rtr01"]
        devices = {d["host"]: d for d in report["devices"]}
        failed = devices["fs01-rtr01"]["baseline"]["failed"]
        assert [f["rule"] for f in failed] == ["CN-MGMT-12"]
        assert failed[0]["details"] == [
            "not allowed: snmp-server community <redacted> RO SNMP-ACCESS"
        ]
        assert devices["fs01-acc01"]["baseline"]["compliant"] is True
        assert devices["fs01-acc01"]["baseline"]["waived"]
    elif fmt == "junit":
        (suite,) = ET.fromstring(out).findall("testsuite")  # one case per device
        assert suite.get("failures") == "1" and suite.get("tests") == "2"
        cases = {c.get("name"): c for c in suite.iter("testcase")}
        failure = cases["fs01-rtr01"].find("failure")
        assert failure is not None
        assert failure.get("message", "").endswith("(baseline: CN-MGMT-12)")
        assert "baseline FAIL CN-MGMT-12 SNMPv3" in (failure.text or "")
        assert cases["fs01-acc01"].find("failure") is None
    elif fmt == "html":
        assert "<th>baseline</th>" in out and "title='CN-MGMT-12'>1 fail</td>" in out
        assert "CN-MGMT-12 SNMPv3 with privacy, behind an access list" in out
    else:
        assert "CN-MGMT-12 SNMPv3 with privacy, behind an access list" in out
        assert "2 device(s) checked, 1 failure(s) on 1 device(s)" in out


def test_baseline_failures_alone_exit_3(workspace: Path, cli: CliRunner) -> None:
    # The golden config holds the community too: no drift, but the baseline fails.
    golden = workspace / "golden_configs" / "fs01-rtr01.cfg"
    text = golden.read_text()
    golden.write_text(text.replace("snmp-server location", COMMUNITY + "snmp-server location"))
    code, out = _drift(cli, workspace, "json")
    report = json.loads(out)
    assert report["drifted"] == [] and report["baseline_failed"] == ["fs01-rtr01"]
    assert code == 3
    code, out = _drift(cli, workspace, "junit")
    (failure,) = ET.fromstring(out).iter("failure")
    assert failure.get("message") == "baseline: CN-MGMT-12"


def test_a_compliant_fleet_with_waived_failures_exits_0(workspace: Path, cli: CliRunner) -> None:
    store = BackupStore(workspace / "state" / "backups")
    text = (workspace / "golden_configs" / "fs01-rtr01.cfg").read_text()
    store.save("fs01-rtr01", text, Platform.CISCO_IOSXE, datetime(2026, 11, 25, tzinfo=UTC))
    code, out = _drift(cli, workspace, "table")
    assert code == 0, out
    assert "0 failure(s) on 0 device(s)" in out


def test_a_broken_waivers_file_is_a_warning_for_drift(workspace: Path, cli: CliRunner) -> None:
    waivers = workspace / "inventory" / "baseline_waivers.yaml"
    text = waivers.read_text()
    waivers.write_text(re.sub(r"    reason: >-\n(?:      .*\n)+", "", text, count=1))
    args = [a for h in HOSTS for a in ("--host", h)]
    result = cli("drift", "--offline", *args, cwd=workspace)
    assert "warning: inventory/baseline_waivers.yaml:" in result.err
    assert "has no reason" in result.err
    assert result.code == 3  # the unwaived CN-MGMT-03 fails on both devices
