"""voice_health on snapshots of a lab voice gateway: healthy, and with each voice fault."""

from __future__ import annotations

from dataclasses import replace

import pytest

from citynet.inventory.loader import load_inventory
from citynet.state import Snapshot, take_snapshot, voice_health
from citynet.state.features import VOICE_FEATURES
from tests.state.conftest import PROJECT_ROOT, cli, lab_device
from tests.state.test_snapshots import snapshot

pytest.importorskip("genie")
pytest.importorskip("ttp")


def found(voice_down: str) -> list[tuple[str, str, str]]:
    return [(p.feature, p.item, p.after) for p in voice_health(snapshot(voice_down))]


def test_a_healthy_gateway_has_no_problem() -> None:
    healthy = snapshot()
    assert healthy.features["voice-ports"]  # dormant PRI channels are healthy
    assert voice_health(healthy) == []


def test_a_dial_peer_down() -> None:
    problems = voice_health(snapshot(r"dial-peer 200$"))
    assert [(p.feature, p.item, p.before, p.after) for p in problems] == [
        ("dial-peers", "dial-peer 200", "oper up", "oper down")
    ]
    assert problems[0].message == "dial-peer 200 is admin up but oper down"


def test_an_isdn_d_channel_down_takes_its_channels_and_dial_peer_with_it() -> None:
    assert found(r"Serial0/2/0:23") == [
        ("isdn", "Serial0/2/0:23", "layer1 DEACTIVATED, layer2 TEI_ASSIGNED"),
        ("dial-peers", "dial-peer 100", "oper down"),
        ("voice-ports", "voice-port 0/2/0:23", "oper down"),
    ]
    ports = voice_health(snapshot(r"voice-port 0/2/0:23"))
    assert [(p.feature, p.item, p.message) for p in ports if p.feature == "voice-ports"] == [
        (
            "voice-ports",
            "voice-port 0/2/0:23",
            "voice-port 0/2/0:23 (23 channels) is admin up but oper down",
        )
    ]


def test_a_sip_registration_and_the_dsps() -> None:
    assert found(r"sip-ua register") == [("sip", "registration of 5105550100", "registered no")]
    assert found(r"dsp 0/4") == [("dsp", "DSP resources", "DSP 1 in slot 0/4 down")]


def test_phones_not_registered_are_not_a_problem() -> None:
    assert found(r"phone") == []


def test_a_failed_command_is_its_own_problem() -> None:
    healthy = snapshot()
    features = dict(healthy.features)
    del features["sip"]
    broken = replace(healthy, features=features, errors={"sip": "% Invalid input detected"})
    problems = voice_health(broken)
    assert [(p.feature, p.after) for p in problems] == [("sip", "unreadable")]
    assert "% Invalid input detected" in problems[0].message


def test_non_voice_features_are_not_looked_at() -> None:
    odd = Snapshot("cisco_iosxe", {"interfaces": {"Gi0/0/0": {"status": "down"}}})
    assert voice_health(odd) == []


def test_every_city_voice_gateway_running_its_golden_config_is_healthy() -> None:
    inventory = load_inventory(PROJECT_ROOT / "inventory")
    gateways = [h for h, v in inventory.views.items() if str(v.role) == "voice_gateway"]
    assert len(gateways) > 10
    found = {}
    for host in gateways:
        golden = (PROJECT_ROOT / "golden_configs" / f"{host}.cfg").read_text()
        device = lab_device(golden, name=host)
        state = take_snapshot(cli(device).execute, "cisco_iosxe", VOICE_FEATURES)
        assert state.features["dial-peers"], host  # read, not merely empty
        found[host] = [p.message for p in voice_health(state)]
    assert {h: m for h, m in found.items() if m} == {}
