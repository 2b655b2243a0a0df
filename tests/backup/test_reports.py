"""Offline drift from stored backups, and its reports (the HTML one in a real browser)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import xml.etree.ElementTree as ET
from datetime import UTC, datetime
from pathlib import Path

import pytest

from citynet.backup.store import BackupStore
from citynet.platforms import Platform
from tests.backup.conftest import make_workspace
from tests.support import CliRunner

SITE = ["fs01-rtr01", "fs01-acc01", "fs01-acc02", "fs01-vg01"]
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    root = make_workspace(tmp_path)
    store = BackupStore(root / "state" / "backups")
    for host in SITE[:3]:
        text = (root / "golden_configs" / f"{host}.cfg").read_text()
        if host == "fs01-acc02":
            text = text.replace(
                "interface GigabitEthernet1/0/5\n description User port\n",
                "interface GigabitEthernet1/0/5\n description Lobby kiosk\n",
            )
            text = text.replace("logging host 10.0.76.12\n", "")
        store.save(host, text, Platform.CISCO_IOSXE, datetime(2026, 11, 24, tzinfo=UTC))
    return root


def test_offline_drift_json(workspace: Path, cli: CliRunner) -> None:
    args = [a for h in SITE for a in ("--host", h)]
    result = cli("drift", "--offline", *args, "--format", "json", cwd=workspace)
    assert result.code == 1  # fs01-vg01 has no backup: an error, reported, the rest done
    report = json.loads(result.out)
    assert report["drifted"] == ["fs01-acc02"]
    assert report["summary"] == {
        "devices": 4,
        "drifted": 1,
        "unreachable": 0,
        "no golden config": 0,
        "no backup": 1,
        "golden config refused": 0,
        "compliant": 2,
    }
    acc02 = next(d for d in report["devices"] if d["host"] == "fs01-acc02")
    assert acc02["drifted_features"] == ["logging", "interfaces"]
    assert acc02["remediation"] == (
        "interface GigabitEthernet1/0/5\n description User port\nlogging host 10.0.76.12\n"
    )
    assert acc02["source"].startswith("backup 2026-11-24 00:00:00Z ")


def test_junit_and_markdown(workspace: Path, cli: CliRunner) -> None:
    args = [a for h in SITE[:3] for a in ("--host", h)]
    junit = cli("drift", "--offline", *args, "--format", "junit", cwd=workspace)
    assert junit.code == 3
    root = ET.fromstring(junit.out)
    cases = {c.get("name"): c for c in root.iter("testcase")}
    assert set(cases) == set(SITE[:3])
    failure = cases["fs01-acc02"].find("failure")
    assert failure is not None and failure.get("message") == "drifted: logging, interfaces"
    markdown = cli("drift", "--offline", *args, "--format", "markdown", cwd=workspace)
    assert "| drifted | 1 |" in markdown.out
    assert "<code>fs01-acc02</code> (FS01): logging, interfaces" in markdown.out


def test_html_report_in_a_browser(workspace: Path, cli: CliRunner, tmp_path: Path) -> None:
    if CHROMIUM is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed (.ci/run installs it)")
        pytest.skip("chromium is not installed here")
    report = tmp_path / "drift.html"
    args = [a for h in SITE for a in ("--host", h)]
    result = cli(
        "drift", "--offline", *args, "--format", "html", "--output", str(report), cwd=workspace
    )
    assert result.code == 1
    assert "1 drifted" in result.out
    html = report.read_text()
    assert "<script" not in html and "http" not in html.replace("http-equiv", "")
    profile = tmp_path / "profile"
    dom = subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={profile}",
            "--virtual-time-budget=2000",
            "--dump-dom",
            report.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    ).stdout
    assert '<tr data-host="fs01-acc02" data-status="drifted">' in dom
    assert '<tr data-host="fs01-vg01" data-status="no backup">' in dom
    assert 'id="device-fs01-acc02"' in dom
    assert "logging host 10.0.76.12" in dom
    assert '<td class="missing" title="logging">missing</td>' in dom
