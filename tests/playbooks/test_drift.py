"""Drift playbooks over fake devices: live (collect, keep, compare) and from the backups."""

from __future__ import annotations

from pathlib import Path

from citynet.backup.store import BackupStore
from citynet.diff.assess import DriftStatus
from citynet.ios.redact import redact_config
from citynet.platforms import Platform
from playbooks.drift import drift_from_texts, drift_live, drift_offline
from tests.device.support import DEVICES, SETTINGS, city, fake_fleet

HOSTS = ["ch-rtr01", "fs01-acc01", "fs01-rtr01"]


def _golden(tmp_path: Path) -> Path:
    """Golden configs: what the fake devices run, except one logging host fs01-acc01 lost."""
    golden = tmp_path / "golden"
    golden.mkdir()
    for host in ("fs01-rtr01", "fs01-acc01"):
        running = (DEVICES / host / "show_running-config.txt").read_text()
        text = redact_config(running, Platform.CISCO_IOSXE)
        if host == "fs01-acc01":
            text = text.replace(
                "logging host 10.0.44.12\n", "logging host 10.0.44.12\nlogging host 10.0.76.12\n"
            )
        (golden / f"{host}.cfg").write_text(text)
    return golden


def test_live_drift_keeps_backups_and_finds_the_change(tmp_path: Path) -> None:
    golden, store = _golden(tmp_path), BackupStore(tmp_path / "backups")
    fleet = fake_fleet(HOSTS)
    views = [city().views[h] for h in HOSTS]
    drifts = {
        d.host: d
        for d in drift_live(
            fleet.nornir, views, golden, store, settings=SETTINGS, options=fleet.options
        )
    }
    assert drifts["fs01-rtr01"].status is DriftStatus.COMPLIANT
    acc = drifts["fs01-acc01"]
    assert acc.status is DriftStatus.DRIFTED and acc.drifted_features == ["logging"]
    assert acc.result is not None
    assert acc.result.to_dict()["remediation"] == "logging host 10.0.76.12\n"
    assert acc.source == "live"
    unreachable = drifts["ch-rtr01"]
    assert unreachable.status is DriftStatus.UNREACHABLE
    assert "unreachable after 3 attempt(s)" in unreachable.error
    assert [store.latest(h) is not None for h in HOSTS] == [False, True, True]


def test_offline_drift_reads_the_latest_backups(tmp_path: Path) -> None:
    golden, store = _golden(tmp_path), BackupStore(tmp_path / "backups")
    fleet = fake_fleet(HOSTS)
    views = [city().views[h] for h in HOSTS]
    drift_live(fleet.nornir, views, golden, store, settings=SETTINGS, options=fleet.options)
    opened = {h: s.journal.opened for h, s in fleet.scripts.items()}
    drifts = {d.host: d for d in drift_offline(views, golden, store)}
    assert {h: s.journal.opened for h, s in fleet.scripts.items()} == opened  # no connection
    assert drifts["fs01-rtr01"].status is DriftStatus.COMPLIANT
    assert drifts["fs01-acc01"].status is DriftStatus.DRIFTED
    assert drifts["fs01-acc01"].source.startswith("backup ")
    missing = drifts["ch-rtr01"]
    assert missing.status is DriftStatus.NO_BACKUP
    assert missing.error == "no backup yet; run 'citynet backup --host ch-rtr01'"


def test_a_host_not_collected_is_reported(tmp_path: Path) -> None:
    golden = _golden(tmp_path)
    [drift] = drift_from_texts([city().views["fs01-rtr01"]], golden, {}, {})
    assert drift.status is DriftStatus.UNREACHABLE and drift.error == "not collected"


def test_a_truncated_or_corrupt_golden_config_fails_that_device_only(tmp_path: Path) -> None:
    golden = _golden(tmp_path)
    running = {
        h: ((DEVICES / h / "show_running-config.txt").read_text(), "")
        for h in ("fs01-rtr01", "fs01-acc01")
    }
    whole = (golden / "fs01-acc01.cfg").read_text()
    (golden / "fs01-acc01.cfg").write_text(whole[: len(whole) // 8])  # a crash mid-write
    (golden / "fs01-rtr01.cfg").write_text("hostname fs01-rtr01\nbanner motd ^C\nno end\n")
    views = [city().views[h] for h in ("fs01-rtr01", "fs01-acc01", "ch-rtr01")]
    drifts = {d.host: d for d in drift_from_texts(views, golden, running, {})}
    acc = drifts["fs01-acc01"]
    assert acc.status is DriftStatus.GOLDEN_REFUSED and "looks truncated" in acc.error
    rtr = drifts["fs01-rtr01"]
    assert rtr.status is DriftStatus.GOLDEN_REFUSED and "banner" in rtr.error
    assert drifts["ch-rtr01"].status is DriftStatus.UNREACHABLE  # the others still assessed


def test_a_lockout_risk_reaches_the_drift_record(tmp_path: Path) -> None:
    golden = _golden(tmp_path)
    text = (golden / "fs01-acc01.cfg").read_text()
    (golden / "fs01-acc01.cfg").write_text(text.replace("aaa new-model\n", ""))
    running = {"fs01-acc01": ((DEVICES / "fs01-acc01" / "show_running-config.txt").read_text(), "")}
    (drift,) = drift_from_texts([city().views["fs01-acc01"]], golden, running, {})
    assert drift.status is DriftStatus.DRIFTED
    reasons = [r["reason"] for r in drift.as_dict()["lockout_risks"]]
    assert any("turns AAA off" in reason for reason in reasons)


def test_a_corrupt_backup_fails_that_device_only(tmp_path: Path) -> None:
    golden, store = _golden(tmp_path), BackupStore(tmp_path / "backups")
    for host in ("fs01-rtr01", "fs01-acc01"):
        text = (DEVICES / host / "show_running-config.txt").read_text()
        store.save(host, text, Platform.CISCO_IOSXE)
    latest = store.latest("fs01-rtr01")
    assert latest is not None
    latest.path.write_bytes(b"hostname fs01-rtr01\n\xff\xfe\x00garbage\n")
    views = [city().views[h] for h in ("fs01-rtr01", "fs01-acc01")]
    drifts = {d.host: d for d in drift_offline(views, golden, store)}
    broken = drifts["fs01-rtr01"]
    assert broken.status is DriftStatus.NO_BACKUP
    assert "unreadable (not UTF-8 text)" in broken.error and "citynet backup --host" in broken.error
    assert drifts["fs01-acc01"].status is DriftStatus.DRIFTED


def test_a_binary_golden_config_is_refused_for_that_device(tmp_path: Path) -> None:
    golden = _golden(tmp_path)
    (golden / "fs01-rtr01.cfg").write_bytes(b"hostname fs01-rtr01\n\x89PNG\r\n\x1a\n\xff\xd8")
    running = {h: ((DEVICES / h / "show_running-config.txt").read_text(), "") for h in HOSTS[1:]}
    views = [city().views[h] for h in HOSTS[1:]]
    drifts = {d.host: d for d in drift_from_texts(views, golden, running, {})}
    assert drifts["fs01-rtr01"].status is DriftStatus.GOLDEN_REFUSED
    assert "binary data" in drifts["fs01-rtr01"].error
    assert drifts["fs01-acc01"].status is DriftStatus.DRIFTED
