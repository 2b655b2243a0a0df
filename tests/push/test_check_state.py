"""tasks/check_state against the lab: the features a change touches, every voice feature on
a voice gateway, a dial-peer gone down found by comparing two snapshots, the target guard."""

from __future__ import annotations

from typing import Any

from citynet.device.credentials import Credentials
from citynet.device.fleet import make_nornir
from citynet.device.options import ConnectionOptions
from citynet.errors import TargetNotAllowedError
from citynet.inventory.loader import load_inventory
from citynet.state import compare_snapshots
from citynet.state.features import VOICE_FEATURES
from citynet.workspace import load_settings, parse_settings
from tasks.check_state import check_state
from tests.push.conftest import PASSWORD, SECRET, USERNAME, Rig

GATEWAY, SWITCH = "fs01-vg01", "lib1-acc01"


def nornir_of(rig: Rig) -> Any:
    settings = load_settings(rig.root / "citynet.toml")
    inventory = load_inventory(rig.root / "inventory", settings)
    return make_nornir(
        inventory,
        rig.hosts,
        workers=2,
        credentials=Credentials(USERNAME, PASSWORD, SECRET),
        known_hosts=rig.root / "state" / "known_hosts",
        options=ConnectionOptions(),
    )


def snapshots(rig: Rig, touched: tuple[str, ...], settings: Any = None) -> dict[str, Any]:
    settings = settings or load_settings(rig.root / "citynet.toml")
    result = nornir_of(rig).run(
        task=check_state, touched=touched, settings=settings, options=ConnectionOptions()
    )
    return {h: m[0].exception if m.failed else m[0] for h, m in result.items()}


def test_voice_gateway_snapshot_has_every_voice_feature_and_finds_a_dial_peer_down(
    make_rig: Any,
) -> None:
    rig: Rig = make_rig((GATEWAY, SWITCH), drifts={})
    first = snapshots(rig, ("ntp",))
    gateway, switch = first[GATEWAY], first[SWITCH]
    assert gateway.features == ("interfaces", *VOICE_FEATURES)  # a voice gateway: all of them
    assert switch.features == ("interfaces",)  # NTP affects nothing else on a switch
    assert gateway.changed is False
    pre = gateway.result
    assert set(pre.features) == {"interfaces", *VOICE_FEATURES}
    assert not pre.errors, pre.errors
    assert pre.features["dial-peers"] and pre.features["voice-ports"]
    assert set(switch.result.features) == {"interfaces"}
    rig.lab.set_fault(GATEWAY, voice_down=r"^dial-peer 10$")
    post = snapshots(rig, ("ntp",))[GATEWAY].result
    problems = compare_snapshots(pre, post)
    assert problems, "a dial-peer down was not found"
    assert {p.feature for p in problems} == {"dial-peers"}
    assert any("dial-peer 10 oper was up" in p.message for p in problems)
    assert compare_snapshots(pre, pre) == []


def test_the_target_guard_refuses_before_connecting(make_rig: Any) -> None:
    rig: Rig = make_rig((SWITCH,), drifts={})
    elsewhere = parse_settings({"safety": {"allowed_targets": ["127.99.0.0/16"]}})
    got = snapshots(rig, ("ntp",), elsewhere)
    assert isinstance(got[SWITCH], TargetNotAllowedError)
