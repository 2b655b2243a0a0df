"""Live drift names devices with unsaved changes (from the header IOS prints), in every report."""

from __future__ import annotations

import io
import json
from pathlib import Path

from citynet.backup.store import BackupStore
from citynet.ios.redact import redact_config
from citynet.platforms import Platform
from citynet.report.drift_report import DRIFT_FORMATS
from playbooks.backup import backup
from playbooks.drift import drift_live
from tests.device.support import DEVICES, SETTINGS, FakeFleet, city, fake_fleet

HOSTS = ["fs01-acc01", "fs01-rtr01"]
CHANGE = "! Last configuration change at 08:14:02 UTC Tue Nov 24 2026 by netadmin\n"
BEFORE = "! NVRAM config last updated at 07:00:00 UTC Tue Nov 24 2026 by netadmin\n"
AFTER = "! NVRAM config last updated at 09:00:00 UTC Tue Nov 24 2026 by netadmin\n"


def _fleet() -> FakeFleet:
    fleet = fake_fleet(HOSTS)
    for host, nvram in (("fs01-rtr01", BEFORE), ("fs01-acc01", AFTER)):
        script = fleet.scripts[host]
        text = script.outputs["show running-config"]
        assert CHANGE in text
        script.outputs["show running-config"] = text.replace(CHANGE, CHANGE + nvram)
    return fleet


def _golden(tmp_path: Path) -> Path:
    golden = tmp_path / "golden"
    golden.mkdir()
    for host in HOSTS:
        running = (DEVICES / host / "show_running-config.txt").read_text()
        (golden / f"{host}.cfg").write_text(redact_config(running, Platform.CISCO_IOSXE))
    return golden


def test_drift_names_the_unsaved_device_and_reports_say_so(tmp_path: Path) -> None:
    fleet = _fleet()
    views = [city().views[h] for h in HOSTS]
    store = BackupStore(tmp_path / "backups")
    drifts = drift_live(
        fleet.nornir,
        views,
        _golden(tmp_path),
        store,
        settings=SETTINGS,
        options=fleet.options,
    )
    by_host = {d.host: d for d in drifts}
    assert by_host["fs01-acc01"].unsaved is None
    unsaved = by_host["fs01-rtr01"].unsaved
    assert unsaved == (
        "changed at 08:14:02 Nov 24 2026 by netadmin, last saved at 07:00:00 Nov 24 2026"
    )
    out = io.StringIO()
    DRIFT_FORMATS["json"](out, drifts, details=False)
    data = json.loads(out.getvalue())
    assert data["unsaved"] == ["fs01-rtr01"]
    devices = {d["host"]: d for d in data["devices"]}
    assert devices["fs01-rtr01"]["unsaved"] == unsaved and "unsaved" not in devices["fs01-acc01"]
    table = io.StringIO()
    DRIFT_FORMATS["table"](table, drifts, details=False)
    assert f"  fs01-rtr01: {unsaved}\n" in table.getvalue()
    assert "fs01-acc01:" not in table.getvalue()
    markdown = io.StringIO()
    DRIFT_FORMATS["markdown"](markdown, drifts, details=False)
    assert f"- `fs01-rtr01`: {unsaved}\n" in markdown.getvalue()
    # the header lines are noise: the backups do not change with them
    for host in HOSTS:
        latest = store.latest(host)
        assert latest is not None and "NVRAM" not in store.read(latest)


def test_backup_outcomes_carry_the_saved_state(tmp_path: Path) -> None:
    fleet = _fleet()
    outcomes = backup(
        fleet.nornir,
        BackupStore(tmp_path),
        settings=SETTINGS,
        options=fleet.options,
    )
    assert {o.host: o.unsaved is not None for o in outcomes} == {
        "fs01-acc01": False,
        "fs01-rtr01": True,
    }
