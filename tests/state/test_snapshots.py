"""Snapshots of lab devices before and after a fault: what compare_snapshots finds."""

from __future__ import annotations

import json
import re
from dataclasses import replace

import pytest

from citynet.lab.shows.model import Neighbor
from citynet.state import (
    FEATURES,
    RawSnapshot,
    Snapshot,
    StateProblem,
    collect,
    compare_snapshots,
    features_for,
    parse_snapshots,
    take_snapshot,
)
from tests.state.conftest import cli, fixture_text, lab_device

pytest.importorskip("genie")
pytest.importorskip("ttp")

VOICE = ("isdn", "sip", "dial-peers", "voice-ports", "dsp", "srst")
UPLINK = Neighbor("GigabitEthernet0/0/1", "core1", "TwentyFiveGigE1/0/23", "C9500", "10.9.0.1")


def snapshot(
    voice_down: str | None = None, neighbors: tuple[Neighbor, ...] = (UPLINK,)
) -> Snapshot:
    device = lab_device(fixture_text("vg-sip.cfg"), neighbors=neighbors)
    device.faults.voice_down = voice_down
    return take_snapshot(cli(device).execute, "cisco_iosxe", ("interfaces", "cdp", *VOICE))


@pytest.fixture(scope="module")
def before() -> Snapshot:
    return snapshot()


def test_the_same_state_twice_is_no_problem(before: Snapshot) -> None:
    assert before.errors == {}
    assert compare_snapshots(before, snapshot()) == []


def test_counters_uptimes_and_timers_are_ignored(before: Snapshot) -> None:
    device = lab_device(fixture_text("vg-sip.cfg"), neighbors=(UPLINK,))
    raw = collect(cli(device).execute, "cisco_iosxe", ("isdn", "sip", "cdp", "dsp"))
    busy = dict(raw.outputs)
    busy["show isdn status"] = (
        busy["show isdn status"]
        .replace("0 Active Layer 3 Call(s)", "7 Active Layer 3 Call(s)")
        .replace("0x807FFFFF", "0x80000003")
    )
    busy["show sip-ua register status"] = re.sub(
        r" 3593 ", " 1200 ", busy["show sip-ua register status"]
    )
    busy["show cdp neighbors detail"] = busy["show cdp neighbors detail"].replace(
        "Holdtime : 1", "Holdtime : 9"
    )
    busy["show voice dsp group all"] = busy["show voice dsp group all"].replace(
        "Credits used (rounded-up): 0", "Credits used (rounded-up): 60"
    )
    (pre, post) = parse_snapshots([raw, replace(raw, outputs=busy)], workers=1)
    assert post.features["isdn"]["Serial0/2/0:23"]["calls"] == "7"  # read, and ...
    assert post.features["dsp"]["DSP 1 in slot 0/4"]["credits_used"] == "60"
    assert compare_snapshots(pre, post) == []  # ... not compared


def test_a_dial_peer_down_is_found(before: Snapshot) -> None:
    problems = compare_snapshots(before, snapshot(voice_down=r"dial-peer 200$"))
    assert [(p.feature, p.item, p.before, p.after) for p in problems] == [
        ("dial-peers", "dial-peer 200", "keepalive active", "keepalive busyout"),
        ("dial-peers", "dial-peer 200", "oper up", "oper down"),
    ]
    assert "dial-peer 200 oper was up before the change and is down after it" in problems[1].message


def test_isdn_layer_2_not_established_is_found(before: Snapshot) -> None:
    problems = compare_snapshots(before, snapshot(voice_down=r"Serial0/2/0:23"))
    isdn = [p for p in problems if p.feature == "isdn"]
    assert [(p.item, p.before, p.after) for p in isdn] == [
        ("Serial0/2/0:23", "layer1 ACTIVE", "layer1 DEACTIVATED"),
        ("Serial0/2/0:23", "layer2 MULTIPLE_FRAME_ESTABLISHED", "layer2 TEI_ASSIGNED"),
    ]
    # the PRI's B-channels and the POTS peer on it go down with it
    assert {p.feature for p in problems} == {"isdn", "voice-ports", "dial-peers"}


def test_a_sip_registration_lost_is_found(before: Snapshot) -> None:
    (problem,) = compare_snapshots(before, snapshot(voice_down=r"sip-ua register 5105550100"))
    assert (problem.feature, problem.item, problem.before, problem.after) == (
        "sip",
        "registration of 5105550100",
        "registered yes",
        "registered no",
    )


def test_a_neighbour_lost_is_found(before: Snapshot) -> None:
    (problem,) = compare_snapshots(before, snapshot(neighbors=()))
    assert problem.feature == "cdp"
    assert problem.item == "core1 on GigabitEthernet0/0/1"
    assert problem.after == "absent"


def test_an_interface_down_is_found(before: Snapshot) -> None:
    shut = fixture_text("vg-sip.cfg").replace(
        " ip address 10.9.0.2 255.255.255.0\n", " ip address 10.9.0.2 255.255.255.0\n shutdown\n"
    )
    device = lab_device(shut, neighbors=(UPLINK,))
    after = take_snapshot(cli(device).execute, "cisco_iosxe", ("interfaces", "cdp", "lldp"))
    pre = take_snapshot(
        cli(lab_device(fixture_text("vg-sip.cfg"), neighbors=(UPLINK,))).execute,
        "cisco_iosxe",
        ("interfaces", "cdp", "lldp"),
    )
    problems = compare_snapshots(pre, after)
    assert [(p.feature, p.item, p.after) for p in problems] == [
        ("interfaces", "GigabitEthernet0/0/1", "protocol down"),
        ("interfaces", "GigabitEthernet0/0/1", "status administratively down"),
        ("cdp", "core1 on GigabitEthernet0/0/1", "absent"),  # the uplink's neighbour with it
        ("lldp", "core1 on GigabitEthernet0/0/1", "absent"),
    ]
    # and coming back up is an improvement, not a problem
    assert compare_snapshots(after, pre) == []


def test_a_phone_unregistered_in_srst_is_found(before: Snapshot) -> None:
    (problem,) = compare_snapshots(before, snapshot(voice_down=r"phone 0022\.5555\.9A10"))
    assert (problem.feature, problem.after) == ("srst", "state UNREGISTERED")


def test_a_rejected_command_is_a_feature_error_not_a_crash() -> None:
    def send(command: str) -> str:
        if command == "show isdn status":
            return "                ^\n% Invalid input detected at '^' marker.\n"
        return cli(lab_device(fixture_text("vg-sip.cfg"))).execute(command)

    snap = take_snapshot(send, "cisco_iosxe", ("isdn", "dial-peers"))
    assert "isdn" not in snap.features
    assert "rejected 'show isdn status'" in snap.errors["isdn"]
    assert "dial-peer 200" in snap.features["dial-peers"]
    # readable before, unreadable after: a problem
    good = take_snapshot(
        cli(lab_device(fixture_text("vg-sip.cfg"))).execute, "cisco_iosxe", ("isdn",)
    )
    (problem,) = compare_snapshots(good, snap)
    assert (problem.feature, problem.after) == ("isdn", "unreadable")


def test_snapshots_and_problems_round_trip_through_json(before: Snapshot) -> None:
    again = Snapshot.from_dict(json.loads(json.dumps(before.to_dict())))
    assert again == Snapshot.from_dict(before.to_dict())
    assert again.to_dict() == before.to_dict()
    assert compare_snapshots(before, again) == []
    problem = StateProblem("isdn", "Serial0/2/0:23", "layer2 X", "layer2 Y", "words")
    assert StateProblem.from_dict(json.loads(json.dumps(problem.to_dict()))) == problem


def test_parsing_in_a_process_pool_matches_parsing_here() -> None:
    raws = [
        collect(cli(lab_device(fixture_text("vg-sip.cfg"))).execute, "cisco_iosxe", VOICE, host=h)
        for h in ("a", "b", "c")
    ]
    pooled = parse_snapshots(raws, workers=2)
    assert [s.host for s in pooled] == ["a", "b", "c"]
    assert pooled == parse_snapshots(raws, workers=1)
    assert pooled[0].features["dial-peers"]["dial-peer 100"]["oper"] == "up"


def test_unknown_feature_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown state feature"):
        collect(lambda _: "", "cisco_iosxe", ("dial-peer",))


@pytest.mark.parametrize(
    ("touched", "role", "expected"),
    [
        ([], "access", ("interfaces",)),
        (["ntp", "snmp"], "router", ("interfaces",)),
        (["vlans"], "access", ("interfaces", "ports", "vlans", "cdp", "lldp", "ospf", "hsrp")),
        (["vlans"], "router", ("interfaces", "cdp", "lldp", "ospf", "hsrp")),
        (["routing"], "core", ("interfaces", "ospf", "bgp", "hsrp")),
        (["ntp"], "voice_gateway", ("interfaces", *VOICE)),
        (["voice-dial-peers"], "router", ("interfaces", "sip", "dial-peers")),
        (["pri"], "router", ("interfaces", "isdn", "dial-peers", "voice-ports")),
    ],
)
def test_features_for(touched: list[str], role: str, expected: tuple[str, ...]) -> None:
    assert features_for(touched, role) == expected


def test_an_unknown_diff_feature_gets_every_feature_of_the_role() -> None:
    got = features_for(["uncovered"], "access")
    assert set(got) == {n for n, f in FEATURES.items() if not f.voice}


def test_raw_snapshot_is_frozen() -> None:
    raw = RawSnapshot("cisco_iosxe", ("isdn",), {})
    with pytest.raises(AttributeError):
        raw.platform = "x"  # type: ignore[misc]
