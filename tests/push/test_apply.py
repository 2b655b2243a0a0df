"""``citynet change apply`` against the lab: verified success, refused lines, lost sessions,
lockout, authentication, failure budget, tampering, drift, leases, resume and rollback."""

from __future__ import annotations

import io
from typing import Any

from citynet.changes import audit
from citynet.changes.confighash import config_hash
from citynet.cli.main import main
from citynet.push.leases import push_states
from tests.push.conftest import Rig, states


def test_success_applies_verifies_and_saves(make_rig) -> None:  # type: ignore[no-untyped-def]
    rig: Rig = make_rig()
    change = rig.plan()
    rig.approve(change)
    result, data = rig.apply(change)
    assert result.code == 0, result.out + result.err
    assert result.err == ""  # no progress display when stderr is not a terminal
    assert states(data) == {h: "applied and verified" for h in ("lib1-acc01", "lib1-acc02")}
    for host in ("lib1-acc01", "lib1-acc02"):
        device = rig.lab.device(host)
        assert config_hash(device.running_text()) == config_hash(rig.golden(host))
        assert device.archive.pending is None  # confirmed: no timer left to fire
        assert config_hash(device.startup_text) == config_hash(rig.golden(host))  # saved
    with rig.store() as store:
        assert {h: s for h, (s, _) in push_states(store, change).items()} == states(data)
    verify = rig.run("audit", "verify")
    assert verify.code == 0, verify.out + verify.err


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_at_a_terminal_and_every_step_in_the_audit_trail(make_rig: Any) -> None:
    rig: Rig = make_rig(("lib1-acc01",))
    change = rig.plan()
    rig.approve(change)
    out, err = io.StringIO(), Terminal()
    argv = ["--root", str(rig.root), "change", "apply", str(change), "--confirm-timeout", "1"]
    argv += ["--key", str(rig.people["alice"].key)]
    assert main(argv, env=rig.env, stdout=out, stderr=err) == 0, out.getvalue()
    shown = err.getvalue()
    assert f"\r\x1b[Kapply {change}: wave: 1/1: 1 device(s)" in shown
    for step in ("pre-checks", "sending", "sent", "post-checks", "confirm", "applied and verified"):
        assert f"\r\x1b[Kapply {change}: lib1-acc01: {step}" in shown
    assert "lib1-acc01  applied and verified  confirmed and verified" in out.getvalue()
    with rig.store() as store, store.read() as session:
        entries = audit.entries(session, change)
    steps = [
        (e.action, audit.details_of(e).get("step"), audit.details_of(e).get("state"))
        for e in entries
        if e.action in ("apply", "push")
    ]
    assert steps == [
        ("apply", None, None),
        ("push", "start", None),
        ("push", "send", "sending"),
        ("push", "sent", "sent"),
        ("push", "confirmed", "sent"),
        ("push", "end", "applied and verified"),
        ("push", "outcome", None),
        ("push", "after-report", None),
    ]
