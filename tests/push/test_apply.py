"""``citynet change apply`` against the lab: verified success, refused lines, lost sessions,
lockout, authentication, failure budget, tampering, drift, leases, resume and rollback."""

from __future__ import annotations

from citynet.changes.confighash import config_hash
from citynet.push.leases import push_states
from tests.push.conftest import Rig, states


def test_success_applies_verifies_and_saves(make_rig) -> None:  # type: ignore[no-untyped-def]
    rig: Rig = make_rig()
    change = rig.plan()
    rig.approve(change)
    result, data = rig.apply(change)
    assert result.code == 0, result.out + result.err
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
