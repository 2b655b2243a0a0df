"""Drift reports carry the dial-plan lint of each voice gateway's running config."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

from citynet.inventory.loader import load_inventory
from citynet.report.drift_report import write_table
from citynet.workspace import find_workspace
from playbooks.drift import drift_from_texts
from tests.support import FIXTURES, PROJECT

VOICE = FIXTURES / "voice"


def test_drift_lints_the_running_dial_plan(tmp_path: Path) -> None:
    workspace = find_workspace(PROJECT, explicit=True)
    inventory = load_inventory(workspace.inventory_dir, workspace.settings)
    views = [inventory.views["fs01-vg01"], inventory.views["fs01-rtr01"]]
    golden = tmp_path / "golden_configs"
    golden.mkdir()
    shutil.copy2(VOICE / "gateway_good.cfg", golden / "fs01-vg01.cfg")
    shutil.copy2(PROJECT / "golden_configs" / "fs01-rtr01.cfg", golden / "fs01-rtr01.cfg")
    running = {
        "fs01-vg01": ((VOICE / "city_today_ch-vg01.cfg").read_text(), ""),
        "fs01-rtr01": ((PROJECT / "golden_configs" / "fs01-rtr01.cfg").read_text(), ""),
    }
    gateway, router = drift_from_texts(views, golden, running, {})
    assert router.dial_plan == [] and "dial_plan" not in router.as_dict()
    messages = [p["message"] for p in gateway.as_dict()["dial_plan"]]
    assert "emergency number 911 leaves dial-peer 100 as '11', not as 911" in messages
    assert {p["file"] for p in gateway.as_dict()["dial_plan"]} == {"fs01-vg01 running"}
    out = io.StringIO()
    write_table(out, [gateway, router], details=False)
    assert "\ndial plan (running configs):\n  fs01-vg01 running:" in out.getvalue()
