"""``citynet lab up --drift``: drift finds exactly the devices the lab changed out of band."""

from __future__ import annotations

import json
import time
from pathlib import Path

from citynet.lab.control import POLL_SECONDS
from tests.backup.conftest import ENV, make_workspace
from tests.support import CliRunner


def test_lab_up_with_drift_then_drift_then_down(cli: CliRunner, tmp_path: Path) -> None:
    root = make_workspace(tmp_path)
    up = cli(
        "lab",
        "up",
        "--site",
        "FS01",
        "--site",
        "PD1",
        "--fresh",
        "--drift",
        "3",
        "--seed",
        "5",
        env=ENV,
        cwd=root,
    )
    try:
        assert up.code == 0, up.err
        seeded = json.loads((root / "state" / "lab" / "drift.json").read_text())
        assert len(seeded) == 3
        assert "$9$" not in up.out
        status = cli("lab", "status", "--format", "json", env=ENV, cwd=root)
        assert status.code == 0 and len(json.loads(status.out)["devices"]) == 9

        drift = cli(
            "drift", "--site", "FS01", "--site", "PD1", "--format", "json", env=ENV, cwd=root
        )
        assert drift.code == 3, drift.err
        assert json.loads(drift.out)["drifted"] == sorted(seeded)

        fault = cli("lab", "fault", "fs01-rtr01", "--refuse-auth", env=ENV, cwd=root)
        assert fault.code == 0 and "refuse_auth=True" in fault.out
        time.sleep(3 * POLL_SECONDS)  # the running lab picks faults up within one poll
        again = cli(
            "drift", "--host", "fs01-rtr01", "--retries", "0", "--format", "json", env=ENV, cwd=root
        )
        assert again.code == 1
        assert json.loads(again.out)["devices"][0]["status"] == "unreachable"
        assert cli("lab", "fault", "--clear", env=ENV, cwd=root).code == 0
    finally:
        down = cli("lab", "down", env=ENV, cwd=root)
    assert down.out == "lab stopped\n"
    assert cli("lab", "status", env=ENV, cwd=root).code == 1
