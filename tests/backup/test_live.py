"""Backup and drift against lab devices with seeded out-of-band changes, faults and canaries."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

from citynet.backup.store import BackupStore
from tests.backup.conftest import ENV, RunningLab
from tests.support import FIXTURES, CliRunner

HOSTS = [
    "fs01-rtr01",
    "fs01-vg01",
    "pd1-rtr01",
    "pd1-vg01",
    "ch-core01",
    "ch-core02",
    "ch-rtr01",
    "ch-vg01",
]
CANARY_LINES = [
    line
    for line in (FIXTURES / "redact" / "canaries.cfg").read_text().splitlines()
    if "Canary" in line and not line.startswith(" ")
]


def _seed(host: str, text: str) -> str:
    if host == "fs01-rtr01":
        return text.replace("ntp server 10.0.76.10 key 1\n", "")
    if host == "ch-core01":
        return text.replace(" standby 20 priority 110\n", " standby 20 priority 120\n")
    if host == "pd1-vg01":
        return text.replace(
            " codec preference 1 g711ulaw\n codec preference 2 g729r8\n",
            " codec preference 1 g729r8\n codec preference 2 g711ulaw\n",
        )
    if host == "pd1-rtr01":  # secrets of every kind, planted out of band
        return text.replace("!\nend", "!\n" + "\n".join(CANARY_LINES) + "\n!\nend")
    return text


def _canaries(text: str) -> list[str]:
    return re.findall(r"Canary\w+", text)


def test_backup_then_drift_finds_exactly_the_seeded_changes(
    lab_factory: Callable[..., RunningLab], cli: CliRunner, tmp_path: Path
) -> None:
    lab = lab_factory(HOSTS, _seed)
    args = [arg for host in HOSTS for arg in ("--host", host)]
    backup = cli("backup", *args, "--format", "json", env=ENV, cwd=lab.root)
    assert backup.code == 0, backup.out + backup.err
    assert {row["status"] for row in json.loads(backup.out)} == {"new version"}

    drift = cli("drift", *args, "--offline", "--format", "json", env=ENV, cwd=lab.root)
    assert drift.code == 3
    report = json.loads(drift.out)
    assert sorted(report["drifted"]) == ["ch-core01", "fs01-rtr01", "pd1-rtr01", "pd1-vg01"]
    features = {d["host"]: d.get("drifted_features") for d in report["devices"]}
    assert features["fs01-rtr01"] == ["ntp"]
    assert features["ch-core01"] == ["first-hop"] or features["ch-core01"] == ["interfaces"]
    assert features["pd1-vg01"] == ["voice-classes"]
    fs01 = next(d for d in report["devices"] if d["host"] == "fs01-rtr01")
    assert fs01["remediation"] == "ntp server 10.0.76.10 key 1\n"
    assert fs01["rollback"] == "no ntp server 10.0.76.10 key 1\n"

    live = cli("drift", *args, "--format", "json", env=ENV, cwd=lab.root)
    assert live.code == 3
    assert sorted(json.loads(live.out)["drifted"]) == sorted(report["drifted"])

    outputs = [backup, drift, live]
    for fmt in ("table", "markdown", "junit", "html"):
        outputs.append(
            cli("drift", *args, "--offline", "--format", fmt, "--details", env=ENV, cwd=lab.root)
            if fmt == "table"
            else cli("drift", *args, "--offline", "--format", fmt, env=ENV, cwd=lab.root)
        )
    junit = ET.fromstring(outputs[-2].out)
    assert junit.get("failures") == "4" and junit.get("tests") == str(len(HOSTS))
    for result in outputs:
        assert _canaries(result.out + result.err) == []
    for path in (lab.root / "state").rglob("*.cfg"):
        assert _canaries(path.read_text()) == [], path
    planted = BackupStore(lab.root / "state" / "backups").latest("pd1-rtr01")
    assert planted is not None
    text = planted.path.read_text()
    assert "snmp-server community <redacted> RO SNMP-ACCESS" in text
    assert "enable secret <redacted>" in text


def test_backup_keeps_history_only_on_change(
    lab_factory: Callable[..., RunningLab], cli: CliRunner
) -> None:
    lab = lab_factory(["fs01-rtr01"])
    first = cli("backup", "--host", "fs01-rtr01", "--format", "json", env=ENV, cwd=lab.root)
    second = cli("backup", "--host", "fs01-rtr01", "--format", "json", env=ENV, cwd=lab.root)
    assert json.loads(first.out)[0]["status"] == "new version"
    assert json.loads(second.out)[0]["status"] == "unchanged"
    lab.lab.devices["fs01-rtr01"].merge("ntp server 10.0.44.99\n", "someone")  # out of band
    third = cli("backup", "--host", "fs01-rtr01", "--format", "json", env=ENV, cwd=lab.root)
    assert json.loads(third.out)[0]["status"] == "new version"
    history = cli("backup", "history", "fs01-rtr01", "--format", "json", env=ENV, cwd=lab.root)
    assert [v["index"] for v in json.loads(history.out)] == [1, 2]
    diff = cli("backup", "diff", "fs01-rtr01", env=ENV, cwd=lab.root)
    assert diff.code == 3
    assert "+ntp server 10.0.44.99" in diff.out


def test_faulty_devices_get_their_status_and_the_others_complete(
    lab_factory: Callable[..., RunningLab], cli: CliRunner
) -> None:
    hosts = ["fs01-rtr01", "fs01-vg01", "pd1-rtr01", "pd1-vg01", "ch-rtr01", "ch-vg01"]
    lab = lab_factory(hosts)
    devices = lab.lab.devices
    devices["fs01-vg01"].faults.refuse_auth = True
    devices["pd1-rtr01"].faults.hang = True
    known = lab.known_hosts.read_text().splitlines()
    pd1_vg = devices["pd1-vg01"].address
    ch_vg = devices["ch-vg01"].address
    other_key = next(line for line in known if line.startswith(devices["ch-rtr01"].address + " "))
    kept = [line for line in known if not line.startswith((pd1_vg + " ", ch_vg + " "))]
    # pd1-vg01's key is unknown; ch-vg01 now presents a key other than the one registered.
    kept.append(ch_vg + " " + other_key.split(" ", 1)[1])
    lab.known_hosts.write_text("\n".join(kept) + "\n")

    args = [arg for host in hosts for arg in ("--host", host)]
    result = cli(
        "backup",
        *args,
        "--format",
        "json",
        "--timeout",
        "3",
        "--read-timeout",
        "4",
        "--retries",
        "1",
        env=ENV,
        cwd=lab.root,
    )
    assert result.code == 1
    rows = {row["host"]: row for row in json.loads(result.out)}
    assert rows["fs01-rtr01"]["status"] == rows["ch-rtr01"]["status"] == "new version"
    assert "authentication refused after 1 attempt(s)" in rows["fs01-vg01"]["error"]
    assert "unknown host key after 1 attempt(s)" in rows["pd1-vg01"]["error"]
    assert "host key changed after 1 attempt(s)" in rows["ch-vg01"]["error"]
    assert "timed out after 2 attempt(s)" in rows["pd1-rtr01"]["error"]
    assert "Traceback" not in result.out + result.err
    assert ENV["CITYNET_PASSWORD"] not in result.out + result.err

    drift = cli("drift", *args, "--offline", "--format", "json", env=ENV, cwd=lab.root)
    statuses = {d["host"]: d["status"] for d in json.loads(drift.out)["devices"]}
    assert statuses == {
        "fs01-rtr01": "compliant",
        "ch-rtr01": "compliant",
        "fs01-vg01": "no backup",
        "pd1-rtr01": "no backup",
        "pd1-vg01": "no backup",
        "ch-vg01": "no backup",
    }
    assert drift.code == 1
