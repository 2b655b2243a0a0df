"""Leases, resume after ``kill -9``, re-apply as a no-op, rollback, dry run."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from typing import Any

import pytest
import sqlalchemy as sa

from citynet.changes import audit, service
from citynet.changes.confighash import config_hash
from citynet.push.leases import RunRecorder, push_states
from tests.push.conftest import LIB, Rig, lines_of, states
from tests.support import PROJECT


def applied(rig: Rig, host: str) -> bool:
    return config_hash(rig.running(host)) == config_hash(rig.golden(host))


def test_overlapping_runs_are_refused_and_a_dead_runs_lease_is_recovered(make_rig: Any) -> None:
    rig: Rig = make_rig(("lib1-acc01", "lib1-acc02"))
    change = rig.plan()
    rig.approve(change)
    with rig.store() as store:
        other = RunRecorder(store, 99, "other-run", "erin", lease_seconds=600, pid=os.getpid())
        other.take_lease("lib1-acc01")  # a live run elsewhere (this very process is alive)
    result, data = rig.apply(change, "--max-failures", "1")
    assert result.code == 1
    assert states(data) == {
        "lib1-acc01": "not attempted",
        "lib1-acc02": "applied and verified",
    }
    detail = {d["host"]: d["detail"] for d in data["devices"]}["lib1-acc01"]
    assert "another push holds this device (run other-run of change 99, by erin" in detail
    assert lines_of(rig, "lib1-acc01") == []
    with rig.store() as store, store.write() as session:  # that run died on another machine
        session.execute(
            sa.text("UPDATE device_leases SET expires_at = '2026-01-01T00:00:00Z', machine = 'x'")
        )
    result, data = rig.apply(change)
    assert result.code == 0, result.out
    assert states(data) == {
        "lib1-acc01": "applied and verified",
        "lib1-acc02": "applied and verified",
    }
    assert "already done in an earlier run" in data["devices"][1]["detail"]


def test_leases_on_both_databases_and_a_killed_process_on_this_machine(db_url: str) -> None:
    from citynet.changes.store import ChangeStore
    from citynet.push.leases import LeaseHeld

    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    with ChangeStore.open(db_url) as store:
        RunRecorder(store, 1, "live", "erin", pid=os.getpid()).take_lease("sw1")
        with pytest.raises(LeaseHeld, match="run live of change 1, by erin"):
            RunRecorder(store, 2, "second", "alice").take_lease("sw1")
        RunRecorder(store, 1, "live", "erin").release_lease("sw1")
        RunRecorder(store, 1, "killed", "erin", pid=gone.pid).take_lease("sw1")
        RunRecorder(store, 2, "second", "alice").take_lease("sw1")  # the holder is gone
        recorder = RunRecorder(store, 2, "second", "alice")
        recorder.record("sw1", "sending", "send", "2 line(s)")
        recorder.record("sw1", "applied and verified", "end", "saved")
        assert push_states(store, 2) == {"sw1": ("applied and verified", "saved")}


def test_reapplying_an_applied_change_is_a_no_op(make_rig: Any) -> None:
    rig: Rig = make_rig(("lib1-acc01",))
    change = rig.plan()
    rig.approve(change)
    assert rig.apply(change)[0].code == 0
    sent = list(lines_of(rig, "lib1-acc01"))
    again = rig.run("change", "apply", str(change), who="alice")
    assert again.code == 0
    assert again.out == f"change {change} is already applied to all 1 device(s); nothing to do\n"
    assert lines_of(rig, "lib1-acc01") == sent


def test_dry_run_sends_nothing(make_rig: Any) -> None:
    rig: Rig = make_rig(("lib1-acc01",))
    before = rig.running("lib1-acc01")
    change = rig.plan()
    rig.approve(change)
    result, data = rig.apply(change, "--dry-run")
    assert result.code == 0, result.out
    assert data["devices"][0]["detail"] == "dry run: at its pre-change config, would push"
    assert rig.running("lib1-acc01") == before and lines_of(rig, "lib1-acc01") == []
    with rig.store() as store:
        assert push_states(store, change) == {}


def test_rollback_sends_the_stored_rollback_to_applied_devices(make_rig: Any) -> None:
    rig: Rig = make_rig(("lib1-acc01", "lib1-acc02"))
    drifted = {h: rig.running(h) for h in rig.hosts}
    change = rig.plan()
    rig.approve(change)
    assert rig.apply(change)[0].code == 0
    refused = rig.run("change", "rollback", str(change), who="bob")
    assert refused.code == 1 and "may not rollback: that needs the 'rollback' role" in refused.err
    result = rig.run(
        "change",
        "rollback",
        str(change),
        "--host",
        "lib1-acc02",
        "--confirm-timeout",
        "1",
        "--format",
        "json",
        who="erin",
    )
    assert result.code == 0, result.out + result.err
    with rig.store() as store:
        got = {h: s for h, (s, _) in push_states(store, change).items()}
        with store.read() as session:
            steps = [audit.details_of(e) for e in audit.entries(session, change)]
    assert got == {"lib1-acc01": "applied and verified", "lib1-acc02": "rolled back"}
    assert config_hash(rig.running("lib1-acc02")) == config_hash(drifted["lib1-acc02"])
    assert applied(rig, "lib1-acc01")
    assert any(s.get("step") == "end" and s.get("state") == "rolled back" for s in steps)
    assert rig.run("audit", "verify").code == 0


def test_kill_9_mid_fleet_then_resume(make_rig: Any) -> None:
    rig: Rig = make_rig(LIB)
    change = rig.plan()
    rig.approve(change)
    env = {
        **rig.env,
        "PATH": os.environ.get("PATH", ""),
        "PYTHONPATH": str(PROJECT),
    }
    command = [
        sys.executable,
        "-m",
        "citynet",
        "--root",
        str(rig.root),
        "change",
        "apply",
        str(change),
        "--confirm-timeout",
        "1",
        "--wave-size",
        "1",
        "--workers",
        "1",
        "--key",
        str(rig.people["alice"].key),
    ]
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    seen: dict[str, tuple[str, str]] = {}
    with rig.store() as store:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and process.poll() is None:
            seen = push_states(store, change)
            if any(s == "applied and verified" for s, _ in seen.values()):
                break
            time.sleep(0.05)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    assert process.returncode == -signal.SIGKILL
    done = sorted(h for h, (s, _) in seen.items() if s == "applied and verified")
    assert done and len(done) < len(LIB), seen  # killed mid-fleet
    sent_before = {h: len(lines_of(rig, h)) for h in LIB}
    result, data = rig.apply(change)
    assert result.code == 0, result.out + result.err
    assert set(states(data).values()) == {"applied and verified"}
    for host in done:  # never sent twice
        assert len(lines_of(rig, host)) == sent_before[host]
        assert (
            "already done in an earlier run"
            in {d["host"]: d["detail"] for d in data["devices"]}[host]
        )
    for host in LIB:
        assert applied(rig, host)


def test_resume_waits_for_a_dead_runs_revert_timer(make_rig: Any) -> None:
    from netmiko import ConnectHandler

    from tests.lab.conftest import netmiko_params
    from tests.push.conftest import ten_line_drift

    rig: Rig = make_rig(("lib1-acc01",), drifts={"lib1-acc01": ten_line_drift})
    before = rig.running("lib1-acc01")
    change = rig.plan()
    rig.approve(change)
    with rig.store() as store:
        with store.read() as session:
            document = service.load_plan(session, change).document
        commands = document["devices"][0]["commands"]
        RunRecorder(store, change, "dead", "alice").record("lib1-acc01", "sending", "send")
    # the dead run: its timer armed, three of its lines in, then gone
    connection = ConnectHandler(
        **netmiko_params(rig.lab.device("lib1-acc01"), rig.root / "state" / "known_hosts")
    )
    connection.enable()
    connection.send_config_set(
        commands[:3], config_mode_command="configure terminal revert timer 4"
    )
    connection.disconnect()
    assert rig.running("lib1-acc01") != before
    result, data = rig.apply(change, "--confirm-timeout", "5")  # waits as long as that timer
    assert result.code == 0, data
    assert states(data) == {"lib1-acc01": "applied and verified"}
    assert applied(rig, "lib1-acc01")
    with rig.store() as store, store.read() as session:
        steps = [audit.details_of(e).get("step") for e in audit.entries(session, change)]
    assert "waiting for a dead run's revert timer" in steps
