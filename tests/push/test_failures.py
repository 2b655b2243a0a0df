"""A push that goes wrong on a device: the device ends back at its pre-change config, the
tool says how, and the rollout stops where it must."""

from __future__ import annotations

import threading
from typing import Any

import pytest

from citynet.changes.confighash import config_hash
from citynet.push import device as push_device_module
from tests.push.conftest import LIB, RecordingFaults, Rig, lines_of, states, ten_line_drift


def at_pre_change(rig: Rig, host: str, drifted: str) -> bool:
    return config_hash(rig.running(host)) == config_hash(drifted)


def test_invalid_input_on_line_3_of_10_stops_and_reverts(make_rig: Any) -> None:
    rig: Rig = make_rig(
        ("lib1-acc01",),
        drifts={"lib1-acc01": ten_line_drift},
        faults={"lib1-acc01": {"reject_pattern": r"^interface GigabitEthernet1/0/6$"}},
    )
    before = rig.running("lib1-acc01")
    change = rig.plan()
    rig.approve(change)
    result, data = rig.apply(change)
    assert result.code == 1
    assert states(data) == {"lib1-acc01": "rolled back"}
    sent = [line for line in lines_of(rig, "lib1-acc01") if line != "end"]  # "end": leaving
    assert len(sent) == 3 and sent[2] == "interface GigabitEthernet1/0/6"  # nothing after line 3
    assert "interface GigabitEthernet1/0/6" in data["devices"][0]["detail"]
    assert rig.running("lib1-acc01") == before  # empty diff: back at the pre-change config
    assert rig.lab.device("lib1-acc01").archive.pending is None


def test_connection_dropped_after_line_k_is_reverted_by_the_device(make_rig: Any) -> None:
    rig: Rig = make_rig(
        ("lib1-acc01",),
        drifts={"lib1-acc01": ten_line_drift},
        faults={"lib1-acc01": {"drop_after_config_lines": 4}},
    )
    before = rig.running("lib1-acc01")
    change = rig.plan()
    rig.approve(change)
    result, data = rig.apply(change, "--read-timeout", "5")  # a closed channel reads as silence
    assert result.code == 1
    assert states(data) == {"lib1-acc01": "reverted by the device"}
    assert "session was lost while sending" in data["devices"][0]["detail"]
    assert rig.running("lib1-acc01") == before


def test_session_lost_after_the_commit_before_the_confirm(
    make_rig: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    rig: Rig = make_rig(("lib1-acc01",))
    before = rig.running("lib1-acc01")
    change = rig.plan()
    rig.approve(change)
    say = push_device_module._Run.say

    def cut_before_confirm(run: Any, step: str) -> None:
        if step == "confirm":  # the device stops answering, then comes back after its timer
            rig.lab.set_fault("lib1-acc01", hang=True)
            threading.Timer(3.0, rig.lab.clear_faults, ("lib1-acc01",)).start()
        say(run, step)

    monkeypatch.setattr(push_device_module._Run, "say", cut_before_confirm)
    result, data = rig.apply(change, "--read-timeout", "2", "--timeout", "2")
    assert result.code == 1, data
    assert states(data) == {"lib1-acc01": "reverted by the device"}
    assert "timer restored the pre-change config" in data["devices"][0]["detail"]
    assert rig.running("lib1-acc01") == before


class VtyGuard(RecordingFaults):
    """New logins are refused once the management ACL no longer lets the lab's clients in."""

    device: Any = None

    @property  # type: ignore[override]
    def refuse_auth(self) -> bool:
        return self.device is not None and "permit 127.0.0.0" not in self.device.running_text()

    @refuse_auth.setter
    def refuse_auth(self, value: bool) -> None:
        pass


MGMT = " 20 permit 10.0.76.48 0.0.0.7\n"


def test_change_that_cuts_management_access_is_reverted_and_halts(make_rig: Any) -> None:
    hosts = ("lib1-acc01", "lib1-acc02", "lib2-acc01")
    opened = {
        h: (lambda t: t.replace(MGMT, MGMT + " 25 permit 127.0.0.0 0.255.255.255\n")) for h in hosts
    }
    rig: Rig = make_rig(hosts, drifts=opened)
    for host in hosts:
        guard = VtyGuard()
        guard.device = rig.lab.device(host)
        rig.lab.device(host).faults = guard
    before = rig.running("lib1-acc01")
    args = [a for h in hosts for a in ("--host", h)]
    result = rig.run(
        "change",
        "plan",
        *args,
        "--from",
        "drift",
        "--title",
        "Tighten",
        "--allow-lockout",
        "console cable at hand",
        who="alice",
    )
    assert result.code == 3, result.err
    change = 1
    rig.approve(change, "bob", "carol")  # management access: high risk, two approvals
    result, data = rig.apply(change, "--canary", "1", "--max-failures", "5")
    assert result.code == 1, result.err
    got = states(data)
    assert got["lib1-acc01"] == "rolled back"
    assert "fresh SSH session failed" in data["devices"][0]["detail"]
    assert got["lib1-acc02"] == got["lib2-acc01"] == "not attempted"  # the rollout halted
    assert data["halted"].startswith("lib1-acc01")
    assert rig.running("lib1-acc01") == before
    assert lines_of(rig, "lib1-acc02") == lines_of(rig, "lib2-acc01") == []


def test_authentication_refused_on_one_device(make_rig: Any) -> None:
    rig: Rig = make_rig(LIB[:2], faults={"lib1-acc02": {"refuse_auth": True}})
    change = rig.plan()
    rig.approve(change)
    result, data = rig.apply(change, "--max-failures", "1")
    assert result.code == 1
    got = states(data)
    assert got == {"lib1-acc01": "applied and verified", "lib1-acc02": "not attempted"}
    detail = {d["host"]: d["detail"] for d in data["devices"]}["lib1-acc02"]
    assert "authentication" in detail.lower()


def test_failure_threshold_stops_starting_devices(make_rig: Any) -> None:
    reject = {"reject_pattern": "^interface GigabitEthernet1/0/5$"}
    rig: Rig = make_rig(LIB, faults={"lib1-acc01": reject, "lib1-acc02": reject})
    drifted = {h: rig.running(h) for h in LIB}
    change = rig.plan()
    rig.approve(change)
    result, data = rig.apply(change, "--wave-size", "1", "--max-failures", "1")
    assert result.code == 1
    assert data["waves"] == [["lib1-acc01", "lib1-acc02"], ["lib2-acc01", "lib2-acc02"]]
    assert states(data) == {
        "lib1-acc01": "rolled back",
        "lib1-acc02": "rolled back",
        "lib2-acc01": "not attempted",
        "lib2-acc02": "not attempted",
    }
    assert "more than the 1 allowed" in data["halted"]
    for host in LIB:
        assert rig.running(host) == drifted[host]
    assert lines_of(rig, "lib2-acc01") == lines_of(rig, "lib2-acc02") == []


VLAN1 = "interface Vlan1\n no ip address\n shutdown\n"


def test_post_check_finding_an_interface_down_reverts(make_rig: Any) -> None:
    rig: Rig = make_rig(
        ("lib1-acc01",),
        drifts={"lib1-acc01": lambda t: t.replace(VLAN1, VLAN1.replace(" shutdown\n", ""))},
    )
    before = rig.running("lib1-acc01")
    change = rig.plan()
    rig.approve(change)
    result, data = rig.apply(change)
    assert result.code == 1, data
    assert states(data) == {"lib1-acc01": "rolled back"}
    detail = data["devices"][0]["detail"]  # the state package's words, or the interface check's
    assert detail.startswith("post-checks failed: ") and "Vlan1" in detail, detail
    assert rig.running("lib1-acc01") == before


def test_the_interface_check_of_its_own() -> None:
    from citynet.push.checks import InterfaceChecker

    pre = "Interface  IP-Address OK? Method Status Protocol\nVlan1 unassigned YES unset up up\n"
    post = pre.replace("unset up up", "unset administratively down down")
    checker = InterfaceChecker()
    seen: list[str] = []

    def send(command: str) -> str:
        seen.append(command)
        return pre if len(seen) == 1 else post

    first = checker.take(send, "cisco_ios", ["interfaces"], "access")
    second = checker.take(send, "cisco_ios", ["interfaces"], "access")
    assert seen == ["show ip interface brief"] * 2
    assert checker.compare(first, second) == [
        "interface Vlan1 was up/up before the change, now administratively down/down"
    ]
    assert checker.compare(first, first) == []
