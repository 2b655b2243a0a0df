"""Live drift reads a voice gateway's voice state on the backup's own session (fake devices):
only on voice gateways, and a show command the gateway rejects is a finding, not a failure."""

from __future__ import annotations

from pathlib import Path

from citynet.backup.store import BackupStore
from citynet.ios.redact import redact_config
from citynet.platforms import Platform
from citynet.state import commands_for
from citynet.state.features import VOICE_FEATURES
from playbooks.backup import backup
from playbooks.drift import drift_live
from tests.device.support import DEVICES, SETTINGS, FakeFleet, city, fake_fleet
from tests.support import PROJECT

HOSTS = ["fs01-rtr01", "fs01-vg01"]
GATEWAY_RUNNING = PROJECT / "golden_configs" / "fs01-vg01.cfg"


def _fleet(hosts: list[str]) -> FakeFleet:
    """The fake gateway (which refuses logins in its fixture) lets us in and runs its golden."""
    fleet = fake_fleet(hosts)
    script = fleet.scripts["fs01-vg01"]
    script.refuse_auth = False
    script.outputs["show running-config"] = GATEWAY_RUNNING.read_text()
    return fleet


def test_only_the_voice_gateway_is_asked_and_on_one_session(tmp_path: Path) -> None:
    fleet = _fleet(HOSTS)
    golden = tmp_path / "golden"
    golden.mkdir()
    running = (DEVICES / "fs01-rtr01" / "show_running-config.txt").read_text()
    (golden / "fs01-rtr01.cfg").write_text(redact_config(running, Platform.CISCO_IOSXE))
    (golden / "fs01-vg01.cfg").write_text(GATEWAY_RUNNING.read_text())
    views = [city().views[h] for h in HOSTS]
    store = BackupStore(tmp_path / "backups")
    drifts = {
        d.host: d
        for d in drift_live(
            fleet.nornir, views, golden, store, settings=SETTINGS, options=fleet.options
        )
    }
    router, gateway = fleet.scripts["fs01-rtr01"].journal, fleet.scripts["fs01-vg01"].journal
    assert router.commands == ["show running-config"]
    assert gateway.commands == ["show running-config", *commands_for(VOICE_FEATURES)]
    assert gateway.opened == 1  # the same session
    # the fake knows none of the voice show commands: each feature is unreadable, a finding
    assert drifts["fs01-rtr01"].voice_state == []
    problems = drifts["fs01-vg01"].voice_state
    assert [(p["feature"], p["after"]) for p in problems] == [
        (name, "unreadable") for name in VOICE_FEATURES
    ]
    assert all("% Invalid input" in p["message"] for p in problems)
    assert store.latest("fs01-vg01") is not None  # the backup itself succeeded


def test_a_plain_backup_reads_no_voice_state(tmp_path: Path) -> None:
    fleet = _fleet(["fs01-vg01"])
    (outcome,) = backup(
        fleet.nornir, BackupStore(tmp_path), settings=SETTINGS, options=fleet.options
    )
    assert outcome.voice_state is None
    assert fleet.scripts["fs01-vg01"].journal.commands == ["show running-config"]
