"""The backup playbook over fake devices: versions stored, failures reported per device."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from citynet.backup.store import BackupStore
from playbooks.backup import backup, collect
from tests.device.support import HEALTHY, SETTINGS, fake_fleet

T0 = datetime(2026, 11, 25, 8, 0, tzinfo=UTC)
FAILING = {
    "fs01-vg01": "authentication refused after 1 attempt(s)",
    "pd1-vg01": "unknown host key after 1 attempt(s)",
    "ch-vg01": "host key changed after 1 attempt(s)",
    "ch-rtr01": "unreachable after 3 attempt(s)",
    "ch-core01": "command rejected after 1 attempt(s)",
}


def test_devices_that_fail_are_reported_and_the_others_backed_up(tmp_path: Path) -> None:
    fleet = fake_fleet([*HEALTHY, "pd1-rtr01", *FAILING])
    store = BackupStore(tmp_path)
    outcomes = backup(fleet.nornir, store, settings=SETTINGS, options=fleet.options, now=T0)
    assert [o.host for o in outcomes] == sorted([*HEALTHY, "pd1-rtr01", *FAILING])
    by_host = {o.host: o for o in outcomes}
    for host in [*HEALTHY, "pd1-rtr01"]:  # pd1-rtr01 after two transient failures
        outcome = by_host[host]
        assert outcome.status == "new version" and outcome.error == ""
        assert outcome.version is not None and outcome.version.taken == T0
        stored = store.read(outcome.version)
        assert stored == outcome.running
        assert f"hostname {host}\n" in stored and "Canary" not in stored
    for host, words in FAILING.items():
        outcome = by_host[host]
        assert outcome.status == "failed" and outcome.version is None and outcome.running is None
        assert outcome.error.startswith(f"{host} (") and words in outcome.error
        assert store.history(host) == []
    for script in fleet.scripts.values():  # every session that opened was closed
        assert script.journal.closed == script.journal.passwords_offered - (
            1 if script.refuse_auth else 0
        )


def test_a_new_version_only_when_the_config_changed(tmp_path: Path) -> None:
    store = BackupStore(tmp_path)
    fleet = fake_fleet(["fs01-rtr01", "fs01-acc01"])
    first = backup(fleet.nornir, store, settings=SETTINGS, options=fleet.options, now=T0)
    script = fleet.scripts["fs01-rtr01"]
    script.outputs["show running-config"] = script.outputs["show running-config"].replace(
        "ntp server 10.0.76.10\n", "ntp server 10.0.44.99\n"
    )
    later = T0 + timedelta(hours=1)
    second = backup(fleet.nornir, store, settings=SETTINGS, options=fleet.options, now=later)
    assert [o.status for o in first] == ["new version", "new version"]
    assert [(o.host, o.status) for o in second] == [
        ("fs01-acc01", "unchanged"),
        ("fs01-rtr01", "new version"),
    ]
    assert second[0].version == first[0].version
    assert [v.taken for v in store.history("fs01-rtr01")] == [T0, later]


def test_collect_gives_text_or_error_per_host() -> None:
    fleet = fake_fleet(["fs01-rtr01", "fs01-vg01"])
    collected = collect(fleet.nornir, settings=SETTINGS, options=fleet.options)
    text, error = collected["fs01-rtr01"]
    assert text is not None and error == ""
    text, error = collected["fs01-vg01"]
    assert text is None and "authentication refused" in error
    assert "CITYNET_USERNAME" in error
