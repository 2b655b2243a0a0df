"""Show command output parsed by ntc-templates (TextFSM) into what the configuration implies."""

from __future__ import annotations

from typing import Any

import pytest

from citynet.lab.device import LabDevice
from citynet.lab.session import CliSession
from citynet.lab.shows.model import DeviceFacts, Neighbor
from tests.lab.conftest import switch_config

parse_output = pytest.importorskip("ntc_templates.parse").parse_output

STANDBY = """
interface Vlan20
 ip address 10.20.0.2 255.255.255.0
 standby 1 ip 10.20.0.1
 standby 1 priority 110
 standby 1 preempt
"""


def session(platform: str = "cisco_iosxe") -> CliSession:
    facts = DeviceFacts(
        model="C9300-48P" if platform == "cisco_iosxe" else "WS-C2960X-48FPD-L",
        os_version="17.9.4a" if platform == "cisco_iosxe" else "15.2(7)E8",
        serial="FOC1234X0YZ",
        image="CAT9K_IOSXE" if platform == "cisco_iosxe" else "C2960X-UNIVERSALK9-M",
        platform=platform,
        neighbors=(
            Neighbor(
                "GigabitEthernet1/0/1", "r1", "GigabitEthernet0/0/1", "ISR4331/K9", "10.0.0.1"
            ),
        ),
    )
    config = switch_config().replace("\nend", STANDBY + "end")
    device = LabDevice("sw1", "127.0.0.1", 0, config, facts=facts)
    return CliSession(device, "admin", lambda _: None, lambda: None)


def parse(command: str, platform: str = "cisco_iosxe") -> list[dict[str, Any]]:
    output = session(platform).execute(command)
    rows = parse_output(platform="cisco_ios", command=command, data=output)
    assert isinstance(rows, list)
    return rows


def test_show_version_iosxe() -> None:
    (row,) = parse("show version")
    assert row["hostname"] == "sw1"
    assert row["version"] == "17.9.4a"
    assert row["serial"] == ["FOC1234X0YZ"]
    assert row["hardware"] == ["C9300-48P"]


def test_show_version_classic_ios() -> None:
    (row,) = parse("show version", platform="cisco_ios")
    assert row["hostname"] == "sw1"
    assert row["version"] == "15.2(7)E8"
    assert row["hardware"] == ["WS-C2960X-48FPD-L"]


def test_show_ip_interface_brief() -> None:
    rows = {r["interface"]: r for r in parse("show ip interface brief")}
    assert rows["Vlan10"]["ip_address"] == "10.10.0.1"
    assert rows["GigabitEthernet1/0/2"]["ip_address"] == "unassigned"
    assert rows["GigabitEthernet1/0/3"]["status"] == "administratively down"


def test_show_interfaces() -> None:
    rows = {r["interface"]: r for r in parse("show interfaces")}
    uplink = rows["GigabitEthernet1/0/1"]
    assert uplink["description"] == "uplink to r1"
    assert (uplink["ip_address"], uplink["prefix_length"]) == ("10.0.0.2", "30")
    assert uplink["link_status"] == "up"
    assert rows["GigabitEthernet1/0/3"]["link_status"] == "administratively down"


def test_show_vlan_brief() -> None:
    rows = {r["vlan_id"]: r for r in parse("show vlan brief")}
    assert rows["10"]["vlan_name"] == "DATA"
    assert rows["10"]["interfaces"] == ["Gi1/0/2"]
    assert rows["20"]["vlan_name"] == "VOICE"


def test_show_inventory() -> None:
    (row,) = parse("show inventory")
    assert row["pid"] == "C9300-48P"
    assert row["sn"] == "FOC1234X0YZ"


def test_show_cdp_and_lldp_neighbors_follow_topology() -> None:
    (cdp,) = parse("show cdp neighbors")
    assert cdp["neighbor_name"] == "r1"
    assert cdp["local_interface"] == "Gig 1/0/1"
    (detail,) = parse("show cdp neighbors detail")
    assert detail["neighbor_name"] == "r1"
    assert detail["mgmt_address"] == "10.0.0.1"
    assert detail["neighbor_interface"] == "GigabitEthernet0/0/1"
    (lldp,) = parse("show lldp neighbors")
    assert lldp["neighbor_name"] == "r1"


def test_show_interfaces_status() -> None:
    rows = {r["port"]: r for r in parse("show interfaces status")}
    assert rows["Gi1/0/2"]["vlan_id"] == "10"
    assert rows["Gi1/0/3"]["status"] == "disabled"


def test_show_standby_brief() -> None:
    (row,) = parse("show standby brief")
    assert row["virtual_ip_address"] == "10.20.0.1"
    assert row["priority"] == "110"


def test_show_ip_route() -> None:
    rows = parse("show ip route")
    nets = {(r["network"], r["prefix_length"]) for r in rows}
    assert ("0.0.0.0", "0") in nets
    assert ("10.10.0.0", "24") in nets


def voice_session() -> CliSession:
    from tests.lab.conftest import FIXTURES

    text = (FIXTURES / "vg1.cfg").read_text(encoding="utf-8")
    facts = DeviceFacts(model="ISR4331/K9")
    return CliSession(LabDevice("vg1", "127.0.0.1", 0, text, facts=facts), "u", print, print)


def test_voice_gateway_config_round_trips() -> None:
    from citynet.lab.config_engine import parse_config, render_body
    from tests.lab.conftest import FIXTURES

    text = (FIXTURES / "vg1.cfg").read_text(encoding="utf-8")
    tree, errors = parse_config(text, strict=True)
    assert errors == []
    expected = [x for x in text.splitlines() if x.strip() not in ("!", "end")]
    assert [x for x in render_body(tree) if x.strip() != "!"] == expected


def test_voice_shows() -> None:
    cli = voice_session()
    summary = cli.execute("show dial-peer voice summary").splitlines()
    assert summary[3].split()[:3] == ["100", "pots", "up"]
    assert "ipv4:10.40.0.10" in summary[4]
    assert "SIP User Agent for UDP : ENABLED" in cli.execute("show sip-ua status")
    ports = cli.execute("show voice port summary")
    assert "0/2/0" in ports
    (row,) = parse_output(
        platform="cisco_ios", command="show isdn status", data=cli.execute("show isdn status")
    )
    assert row["interface"] == "Serial0/1/0:15"
    assert row["l1_status"] == "ACTIVE"
    assert row["l2_state"] == "MULTIPLE_FRAME_ESTABLISHED"
