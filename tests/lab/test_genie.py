"""Genie parses the lab's show commands into what each City device's golden config implies.

Six City devices (core, access, router, two voice gateways, a classic-IOS 2960-X) start from
their golden configurations with the inventory's topology. Their output is collected over SSH
with netmiko and parsed offline with Genie (``Device(os=...).parse(cmd, output=text)``). Where
Genie has no parser for a command on that OS, the test says so and ntc-templates (TextFSM)
parses the same text instead.
"""

from __future__ import annotations

import importlib.util
import ipaddress
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pytest

from citynet.inventory.loader import load_inventory
from citynet.lab.device import LabLogin
from citynet.lab.server import Lab
from citynet.lab.specs import device_from_spec, specs_from_hosts
from tests.lab.conftest import PASSWORD, PROJECT_ROOT, SECRET, USERNAME, netmiko_params

if importlib.util.find_spec("genie") is None or importlib.util.find_spec("pyats") is None:
    if os.environ.get("CI"):
        pytest.fail("genie/pyats are not installed; CI installs the test extra", pytrace=False)
    pytest.skip("genie/pyats are not installed (pip install genie pyats)", allow_module_level=True)

from genie.conf.base import Device
from genie.metaparser.util.exceptions import SchemaEmptyParserError

parse_output = pytest.importorskip("ntc_templates.parse").parse_output
textfsm = pytest.importorskip("textfsm")

# host -> lab address (127.88.0.0/16, free port)
HOSTS = {
    "ch-core01": "127.88.0.1",
    "fs01-acc01": "127.88.0.2",
    "fs01-rtr01": "127.88.0.3",
    "ch-vg01": "127.88.0.4",
    "fs01-vg01": "127.88.0.5",
    "pk01-acc01": "127.88.0.6",
}
COMMANDS = (
    "show version",
    "show inventory",
    "show ip interface brief",
    "show interfaces",
    "show interfaces status",
    "show interfaces switchport",
    "show interfaces description",
    "show vlan brief",
    "show cdp neighbors",
    "show cdp neighbors detail",
    "show lldp neighbors",
    "show standby brief",
    "show ip ospf neighbor",
    "show ip bgp summary",
    "show ip route",
    "show dial-peer voice summary",
    "show sip-ua status",
    "show voice port summary",
    "show isdn status",
)
VOICE_COMMANDS = COMMANDS[-4:]
# Commands Genie (genie.libs.parser) has no parser for, per OS.
NO_GENIE_PARSER: dict[str, set[str]] = {
    "iosxe": {
        "show dial-peer voice summary",
        "show sip-ua status",
        "show voice port summary",
        "show isdn status",
    },
    "ios": {
        "show vlan brief",
        "show standby brief",
        "show ip ospf neighbor",
        "show ip bgp summary",
        "show dial-peer voice summary",
        "show sip-ua status",
        "show voice port summary",
        "show isdn status",
    },
}
# Commands ntc-templates has no template for either (checked with TextFSM templates here).
NO_NTC_TEMPLATE = {"show dial-peer voice summary", "show sip-ua status", "show voice port summary"}
TEXTFSM_DIR = Path(__file__).parent / "fixtures" / "textfsm"


@dataclass
class Config:
    """The facts a golden configuration states, read with plain text rules."""

    text: str

    def sections(self, keyword: str) -> dict[str, list[str]]:
        """Top-level ``keyword ARG`` sections -> their indented lines."""
        found: dict[str, list[str]] = {}
        current: list[str] | None = None
        for line in self.text.splitlines():
            if not line.startswith(" "):
                current = None
                if line.startswith(keyword + " "):
                    current = found.setdefault(line[len(keyword) + 1 :].strip(), [])
            elif current is not None:
                current.append(line.strip())
        return found

    @property
    def hostname(self) -> str:
        """The ``hostname``."""
        match = re.search(r"^hostname (\S+)$", self.text, re.M)
        assert match
        return match.group(1)

    def addresses(self) -> dict[str, ipaddress.IPv4Interface]:
        """Interface -> primary IPv4 address."""
        result = {}
        for name, lines in self.sections("interface").items():
            for line in lines:
                words = line.split()
                if words[:2] == ["ip", "address"] and len(words) == 4:
                    result[name] = ipaddress.IPv4Interface(f"{words[2]}/{words[3]}")
        return result

    def shutdown(self) -> set[str]:
        """Interfaces that are shut down."""
        return {n for n, lines in self.sections("interface").items() if "shutdown" in lines}

    def descriptions(self) -> dict[str, str]:
        """Interface -> description."""
        return {
            name: line[len("description ") :]
            for name, lines in self.sections("interface").items()
            for line in lines
            if line.startswith("description ")
        }

    def vlans(self) -> dict[int, str]:
        """VLAN id -> name."""
        return {
            int(vid): next((x[5:] for x in lines if x.startswith("name ")), f"VLAN{int(vid):04d}")
            for vid, lines in self.sections("vlan").items()
            if vid.isdigit()
        }

    def switchports(self) -> dict[str, dict[str, str]]:
        """Interface -> ``switchport`` settings (``mode``, ``access vlan``, ``voice vlan`` ...)."""
        result: dict[str, dict[str, str]] = {}
        for name, lines in self.sections("interface").items():
            if "no switchport" in lines or not re.match(r"^[A-Za-z-]+Ethernet|^\w+GigE", name):
                continue
            settings = {}
            for line in lines:
                for key in ("mode", "access vlan", "voice vlan", "trunk native vlan"):
                    if line.startswith(f"switchport {key} "):
                        settings[key] = line.split()[-1]
                if line.startswith("switchport trunk allowed vlan "):
                    settings["trunk allowed vlan"] = line.split()[-1]
            if settings:
                result[name] = settings
        return result

    def standby(self) -> dict[tuple[str, int], dict[str, str]]:
        """(interface, group) -> ``ip``/``priority``/``preempt``."""
        result: dict[tuple[str, int], dict[str, str]] = {}
        for name, lines in self.sections("interface").items():
            for line in lines:
                words = line.split()
                if words[0] == "standby" and len(words) > 2 and words[1].isdigit():
                    group = result.setdefault((name, int(words[1])), {"priority": "100"})
                    group[words[2]] = words[3] if len(words) > 3 else "yes"
        return result


@dataclass
class Host:
    """One lab device: its inventory facts, configuration and collected show output."""

    name: str
    os: str
    model: str
    serial: str
    config: Config
    neighbors: list[tuple[str, str, str, str]]  # (local, peer, peer interface, peer mgmt ip)
    outputs: dict[str, str]

    def genie(self, command: str) -> dict[str, Any]:
        """Genie's parse of the device's output (skips when Genie has no parser)."""
        if command in NO_GENIE_PARSER[self.os]:
            pytest.skip(f"Genie has no '{command}' parser for os={self.os}; TextFSM test covers it")
        device = Device(self.name, os=self.os)
        device.custom = {"abstraction": {"order": ["os"]}}
        parsed: dict[str, Any] = device.parse(command, output=self.outputs[command])
        return parsed

    def textfsm(self, command: str) -> list[dict[str, Any]]:
        """ntc-templates' parse (or the local template where ntc-templates has none)."""
        text = self.outputs[command]
        if command in NO_NTC_TEMPLATE:
            name = command.replace(" ", "_").replace("-", "_") + ".textfsm"
            with (TEXTFSM_DIR / name).open(encoding="utf-8") as handle:
                fsm = textfsm.TextFSM(handle)
            keys = [k.lower() for k in fsm.header]
            return [dict(zip(keys, row, strict=True)) for row in fsm.ParseText(text)]
        rows = parse_output(platform="cisco_ios", command=command, data=text)
        assert isinstance(rows, list)
        return rows


def d_channels(config: Config) -> list[str]:
    """The PRI D-channels (``SerialX:15`` on an E1, ``SerialX:23`` on a T1)."""
    return sorted(i for i in config.sections("interface") if re.match(r"Serial\S+:(15|23)$", i))


def _collect(device_type: str, params: dict[str, Any], extra: list[str]) -> dict[str, str]:
    from netmiko import ConnectHandler

    with ConnectHandler(**{**params, "device_type": device_type}) as conn:
        return {cmd: str(conn.send_command(cmd)) for cmd in (*COMMANDS, *extra)}


@pytest.fixture(scope="module")
def hosts(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Host]]:
    """Start the six devices, collect every command's output over SSH, stop the lab."""
    from concurrent.futures import ThreadPoolExecutor

    tmp = tmp_path_factory.mktemp("genie")
    inventory = load_inventory(PROJECT_ROOT / "inventory")
    views = list(inventory.views.values())
    texts = {h: (PROJECT_ROOT / "golden_configs" / f"{h}.cfg").read_text() for h in HOSTS}
    specs = {s.name: s for s in specs_from_hosts(views, texts) if s.name in HOSTS}
    creds = LabLogin(USERNAME, PASSWORD, SECRET, 15)
    devices = [
        device_from_spec(replace(specs[h], address=a), creds, port=0) for h, a in HOSTS.items()
    ]
    lab = Lab(devices, tmp / "state")
    lab.start(timeout=30)
    try:
        lab.register_host_keys(tmp / "known_hosts")
        with ThreadPoolExecutor(len(devices)) as pool:
            futures = {
                d.name: pool.submit(
                    _collect,
                    "cisco_ios" if specs[d.name].platform == "cisco_ios" else "cisco_xe",
                    netmiko_params(d, tmp / "known_hosts"),
                    [
                        f"show isdn status serial {x[len('Serial') :]}"
                        for x in d_channels(Config(texts[d.name]))
                    ],
                )
                for d in devices
            }
            outputs = {name: f.result() for name, f in futures.items()}
        # What each device runs: its golden config and the lines its model adds by itself.
        running = {d.name: d.running_text() for d in devices}
    finally:
        lab.stop()
    result = {}
    for name in HOSTS:
        spec = specs[name]
        neighbors = [(n.local_interface, n.name, n.interface, n.address) for n in spec.neighbors]
        result[name] = Host(
            name=name,
            os="ios" if spec.platform == "cisco_ios" else "iosxe",
            model=spec.model,
            serial=spec.serial,
            config=Config(running[name]),
            neighbors=neighbors,
            outputs=outputs[name],
        )
    yield result


SWITCHES = ["ch-core01", "fs01-acc01", "pk01-acc01"]
ALL = list(HOSTS)


def full(name: str) -> str:
    """The full interface name for an abbreviated one (``Vl10`` -> ``Vlan10``)."""
    from genie.libs.parser.utils.common import Common

    return str(Common.convert_intf_name(name))


INTERFACE_COUNT_LABELS = {
    "Vlan": "Virtual Ethernet",
    "FastEthernet": "FastEthernet",
    "GigabitEthernet": "Gigabit Ethernet",
    "TenGigabitEthernet": "Ten Gigabit Ethernet",
    "TwentyFiveGigE": "TwentyFive Gigabit Ethernet",
    "HundredGigE": "Hundred Gigabit Ethernet",
}


BANDWIDTH_KBPS = {
    "GigabitEthernet": 1_000_000,
    "TenGigabitEthernet": 10_000_000,
    "TwentyFiveGigE": 25_000_000,
    "HundredGigE": 100_000_000,
}


# -- tests -------------------------------------------------------------------------------
@pytest.mark.parametrize("name", ALL)
def test_show_version(hosts: dict[str, Host], name: str) -> None:
    host = hosts[name]
    version = host.genie("show version")["version"]
    assert version["hostname"] == host.config.hostname
    assert version["chassis"] == host.model
    assert version["chassis_sn"] == host.serial
    assert version["version"] == ("15.2(7)E8" if host.os == "ios" else "17.9.4a")
    assert version["os"] == ("IOS" if host.os == "ios" else "IOS-XE")
    platform = {"ios": "C2960X", "ISR": "ISR"}.get(host.os if host.os == "ios" else host.model[:3])
    assert version["platform"] == (platform or "Catalyst L3 Switch")
    counts: dict[str, int] = {}
    for intf in host.config.sections("interface"):
        kind = intf.rstrip("0123456789/.:")
        if kind in INTERFACE_COUNT_LABELS and "." not in intf:
            label = INTERFACE_COUNT_LABELS[kind]
            counts[label] = counts.get(label, 0) + 1
    assert {k: int(v) for k, v in version["number_of_intfs"].items()} == counts


@pytest.mark.parametrize("name", ALL)
def test_show_inventory(hosts: dict[str, Host], name: str) -> None:
    host = hosts[name]
    parsed = host.genie("show inventory")
    if host.os == "ios":
        chassis = parsed["slot"]["1"]["rp"][host.model]
    else:
        chassis = parsed["main"]["chassis"][host.model]
    assert (chassis["pid"], chassis["sn"]) == (host.model, host.serial)


@pytest.mark.parametrize("name", ALL)
def test_show_ip_interface_brief(hosts: dict[str, Host], name: str) -> None:
    host = hosts[name]
    rows = host.genie("show ip interface brief")["interface"]
    config = host.config
    # Genie reads this table by column; a name wider than the 22-character column (such as
    # GigabitEthernet0/0/1.999) pushes its row right, as on IOS, and only TextFSM reads it.
    names = set(config.sections("interface"))
    assert {n for n in names if len(n) <= 22} <= set(rows)
    wide = {n for n in names if len(n) > 22}
    assert wide <= {r["interface"] for r in host.textfsm("show ip interface brief")}
    config_addresses = {n: a for n, a in config.addresses().items() if n not in wide}
    for intf, address in config_addresses.items():
        assert rows[intf]["ip_address"] == str(address.ip)
    for intf in config.shutdown() - wide:
        assert rows[intf]["status"] == "administratively down"


@pytest.mark.parametrize("name", ALL)
def test_show_interfaces(hosts: dict[str, Host], name: str) -> None:
    host = hosts[name]
    parsed = host.genie("show interfaces")
    config = host.config
    assert set(parsed) == set(config.sections("interface"))
    for intf, address in config.addresses().items():
        (ipv4,) = parsed[intf]["ipv4"].values()
        assert (ipv4["ip"], int(ipv4["prefix_length"])) == (
            str(address.ip),
            address.network.prefixlen,
        )
    for intf, text in config.descriptions().items():
        assert parsed[intf]["description"] == text
    for intf in config.shutdown():
        assert parsed[intf]["enabled"] is False
    for intf, lines in config.sections("interface").items():
        vlan = next((x.split()[2] for x in lines if x.startswith("encapsulation dot1Q ")), None)
        if vlan is not None:
            assert parsed[intf]["encapsulations"] == {"encapsulation": "dot1q", "first_dot1q": vlan}
        kind = intf.rstrip("0123456789/.:")
        if kind in BANDWIDTH_KBPS and "." not in intf:
            assert parsed[intf]["bandwidth"] == BANDWIDTH_KBPS[kind]


@pytest.mark.parametrize("name", ALL)
def test_show_interfaces_description(hosts: dict[str, Host], name: str) -> None:
    host = hosts[name]
    parsed = host.genie("show interfaces description")["interfaces"]
    assert {k: v["description"] for k, v in parsed.items() if v["description"]} == (
        host.config.descriptions()
    )


@pytest.mark.parametrize("name", SWITCHES)
def test_show_interfaces_status(hosts: dict[str, Host], name: str) -> None:
    host = hosts[name]
    parsed = host.genie("show interfaces status")["interfaces"]
    for intf, settings in host.config.switchports().items():
        expected = "trunk" if settings.get("mode") == "trunk" else settings.get("access vlan", "1")
        status = "disabled" if intf in host.config.shutdown() else "connected"
        assert (parsed[intf]["vlan"], parsed[intf]["status"]) == (expected, status)
        if status == "connected":
            rate = BANDWIDTH_KBPS[intf.rstrip("0123456789/.:")] // 1000
            assert (
                parsed[intf]["port_speed"] == f"a-{rate if rate < 10_000 else f'{rate // 1000}G'}"
            )
    for intf in host.config.addresses():
        if intf in parsed:
            assert parsed[intf]["vlan"] == "routed"


@pytest.mark.parametrize("name", SWITCHES)
def test_show_interfaces_switchport(hosts: dict[str, Host], name: str) -> None:
    host = hosts[name]
    parsed = host.genie("show interfaces switchport")
    ports = host.config.switchports()
    assert ports and set(ports) <= set(parsed)
    for intf, settings in ports.items():
        row = parsed[intf]
        # IOS shows "switchport mode access" as the administrative mode "static access"
        assert row["switchport_mode"] == {"access": "static access"}.get(
            settings["mode"], settings["mode"]
        )
        if settings["mode"] == "access":
            assert row["access_vlan"] == settings["access vlan"]
            assert row["access_vlan_name"] == host.config.vlans()[int(settings["access vlan"])]
        if "voice vlan" in settings:
            assert row["voice_vlan"] == settings["voice vlan"]
        if settings["mode"] == "trunk":
            assert row["encapsulation"]["native_vlan"] == settings["trunk native vlan"]
            assert row["trunk_vlans"] == settings["trunk allowed vlan"]


def test_show_interfaces_switchport_router_has_none(hosts: dict[str, Host]) -> None:
    with pytest.raises(SchemaEmptyParserError):
        hosts["fs01-rtr01"].genie("show interfaces switchport")


@pytest.mark.parametrize("name", SWITCHES)
def test_show_vlan_brief(hosts: dict[str, Host], name: str) -> None:
    host = hosts[name]
    expected = {1: "default", **host.config.vlans()}
    parsed = host.genie("show vlan brief")["vlan"]
    assert {int(k[4:]): v["vlan_name"] for k, v in parsed.items() if int(k[4:]) < 1002} == (
        expected
    )
    access = {
        i: s["access vlan"]
        for i, s in host.config.switchports().items()
        if s.get("mode") == "access"
    }
    for intf, vlan in access.items():
        assert intf in [full(p) for p in parsed[f"vlan{vlan}"]["vlan_port"]]


@pytest.mark.parametrize("name", ALL)
def test_show_cdp_neighbors(hosts: dict[str, Host], name: str) -> None:
    host = hosts[name]
    assert host.neighbors, "every chosen device has a neighbour in the topology"
    rows = list(host.genie("show cdp neighbors")["cdp"]["index"].values())
    expected = {(local, peer, port) for local, peer, port, _ in host.neighbors}
    assert {(r["local_interface"], r["device_id"]) for r in rows} == {e[:2] for e in expected}
    # Genie's one-line pattern takes a platform with a "/" (ISR4321/K, as IOS prints it)
    # for part of the port; TextFSM reads the port of those rows.
    ntc = {
        full(r["local_interface"].replace(" ", "")): r for r in host.textfsm("show cdp neighbors")
    }
    got = {
        (
            r["local_interface"],
            r["device_id"],
            r["port_id"]
            if r.get("platform")
            else full(ntc[r["local_interface"]]["neighbor_interface"].replace(" ", "")),
        )
        for r in rows
    }
    assert got == expected


@pytest.mark.parametrize("name", ALL)
def test_show_cdp_neighbors_detail(hosts: dict[str, Host], name: str) -> None:
    host = hosts[name]
    parsed = host.genie("show cdp neighbors detail")
    assert parsed["total_entries_displayed"] == len(host.neighbors)
    got = {
        (r["local_interface"], r["device_id"], r["port_id"], *r["management_addresses"])
        for r in parsed["index"].values()
    }
    assert got == set(host.neighbors)
    for row in parsed["index"].values():
        classic = row["platform"].startswith("cisco WS-C2960")
        version = row["software_version"].splitlines()[0]
        assert ("Version 15.2(7)E8" in version) == classic, (row["platform"], version)
        assert ("ISR Software" in version) == row["platform"].startswith("cisco ISR"), version


@pytest.mark.parametrize("name", ALL)
def test_show_lldp_neighbors(hosts: dict[str, Host], name: str) -> None:
    host = hosts[name]
    parsed = host.genie("show lldp neighbors")
    assert parsed["total_entries"] == len(host.neighbors)
    got = {
        (intf, peer.strip(), full(short_port))
        for intf, row in parsed["interfaces"].items()
        for short_port, ports in row["port_id"].items()
        for peer in ports["neighbors"]
    }
    assert got == {(local, peer, port) for local, peer, port, _ in host.neighbors}


def test_show_standby_brief(hosts: dict[str, Host]) -> None:
    host = hosts["ch-core01"]
    expected = {
        (intf, group): (int(g["priority"]), g["ip"], "preempt" in g)
        for (intf, group), g in host.config.standby().items()
    }
    assert len(expected) == 7
    parsed = host.genie("show standby brief")["interface"]
    got = {
        (full(intf), row["grp"]): (row["priority"], row["virtual_ip"], row["is_preempt_enabled"])
        for intf, row in parsed.items()
    }
    assert got == expected


def ospf_neighbors(hosts: dict[str, Host], name: str) -> set[tuple[str, str, str]]:
    """(local interface, neighbour router id, neighbour address) the configs imply."""
    host = hosts[name]
    inventory = load_inventory(PROJECT_ROOT / "inventory")
    result = set()
    addresses = host.config.addresses()
    for local, peer, port, _ in host.neighbors:
        peer_text = (PROJECT_ROOT / "golden_configs" / f"{peer}.cfg").read_text()
        peer_config = Config(peer_text)
        peer_address = peer_config.addresses().get(port)
        ospf = "ip ospf network point-to-point" in host.config.sections("interface")[local]
        if local in addresses and peer_address and ospf:
            router_id = str(inventory.views[peer].data["loopback_ip"])
            result.add((local, router_id, str(peer_address.ip)))
    return result


def test_show_ip_ospf_neighbor(hosts: dict[str, Host]) -> None:
    host = hosts["ch-core01"]
    expected = ospf_neighbors(hosts, "ch-core01")
    assert len(expected) == 2
    parsed = host.genie("show ip ospf neighbor")["interfaces"]
    got = {
        (intf, rid, row["address"])
        for intf, entry in parsed.items()
        for rid, row in entry["neighbors"].items()
        if row["state"].startswith("FULL")
    }
    assert got == expected


@pytest.mark.parametrize("name", ["fs01-acc01", "fs01-rtr01"])
def test_show_ip_ospf_neighbor_none_when_links_are_passive(
    hosts: dict[str, Host], name: str
) -> None:
    assert hosts[name].outputs["show ip ospf neighbor"].strip() in (
        "",
        "%OSPF: No router process is configured",
    )


def test_show_ip_bgp_summary(hosts: dict[str, Host]) -> None:
    host = hosts["fs01-rtr01"]
    (bgp,) = host.config.sections("router bgp")
    peers = {
        w[1]: w[3]
        for w in (line.split() for line in host.config.sections("router bgp")[bgp])
        if w[:1] == ["neighbor"] and w[2:3] == ["remote-as"]
    }
    parsed = host.genie("show ip bgp summary")
    assert parsed["bgp_id"] == int(bgp)
    neighbors = parsed["vrf"]["default"]["neighbor"]
    assert {n: str(row["address_family"][""]["as"]) for n, row in neighbors.items()} == peers


@pytest.mark.parametrize("name", ALL)
def test_show_ip_route(hosts: dict[str, Host], name: str) -> None:
    host = hosts[name]
    routes = host.genie("show ip route")["vrf"]["default"]["address_family"]["ipv4"]["routes"]
    up = {i: a for i, a in host.config.addresses().items() if i not in host.config.shutdown()}
    for intf, address in up.items():
        local = routes[f"{address.ip}/32"]
        assert local["source_protocol"] == "local"
        assert intf in local["next_hop"]["outgoing_interface"]
        if address.network.prefixlen < 32:
            assert routes[str(address.network)]["source_protocol"] == "connected"
    statics = re.findall(r"^ip route (\S+) (\S+) (\S+)", host.config.text, re.M)
    for net, mask, hop in statics:
        prefix = ipaddress.IPv4Network(f"{net}/{mask}")
        route = routes[str(prefix)]
        assert route["source_protocol"] == "static"
        if hop[0].isdigit():
            assert [h["next_hop"] for h in route["next_hop"]["next_hop_list"].values()] == [hop]
        else:
            assert list(route["next_hop"]["outgoing_interface"]) == [hop]


VOICE = ["ch-vg01", "fs01-vg01"]


@pytest.mark.parametrize("name", VOICE)
@pytest.mark.parametrize("command", VOICE_COMMANDS)
def test_voice_commands_have_no_genie_parser(
    hosts: dict[str, Host], name: str, command: str
) -> None:
    hosts[name].genie(command)


@pytest.mark.parametrize("name", VOICE)
def test_show_dial_peer_voice_summary_textfsm(hosts: dict[str, Host], name: str) -> None:
    host = hosts[name]
    expected = {}
    for key, lines in host.config.sections("dial-peer voice").items():
        tag, kind = key.split()[:2]
        pattern = next((x.split()[1] for x in lines if x.startswith("destination-pattern ")), "")
        target = next((x.split()[2] for x in lines if x.startswith("session target ")), "")
        port = next((x.split()[1] for x in lines if x.startswith("port ")), "")
        expected[tag] = (kind, pattern, target, port)
    assert expected
    rows = host.textfsm("show dial-peer voice summary")
    assert {
        r["tag"]: (r["type"], r["dest_pattern"], r["sess_target"], r["port"]) for r in rows
    } == expected


@pytest.mark.parametrize("name", VOICE)
def test_show_sip_ua_status_textfsm(hosts: dict[str, Host], name: str) -> None:
    (row,) = hosts[name].textfsm("show sip-ua status")
    assert (row["udp"], row["tcp"]) == ("ENABLED", "ENABLED")


@pytest.mark.parametrize("name", VOICE)
def test_show_voice_port_summary_textfsm(hosts: dict[str, Host], name: str) -> None:
    host = hosts[name]
    ports = host.config.sections("voice-port")
    assert ports
    rows = host.textfsm("show voice port summary")
    assert {r["port"] for r in rows} == set(ports)
    for port in ports:
        channels = [r["channel"] for r in rows if r["port"] == port]
        b_channels = 23 if port.endswith(":23") else 30 if port.endswith(":15") else 0
        assert channels == ([f"{c:02d}" for c in range(1, b_channels + 1)] or ["--"])
    for row in rows:
        admin = "down" if "shutdown" in ports[row["port"]] else "up"
        assert row["admin"] == admin


@pytest.mark.parametrize("name", VOICE)
def test_show_isdn_status_textfsm(hosts: dict[str, Host], name: str) -> None:
    host = hosts[name]
    rows = host.textfsm("show isdn status")
    assert sorted(r["interface"] for r in rows) == d_channels(host.config)
    for row in rows:
        assert (row["l1_status"], row["l2_state"]) == ("ACTIVE", "MULTIPLE_FRAME_ESTABLISHED")


def test_show_isdn_status_serial_genie(hosts: dict[str, Host]) -> None:
    """Genie has an IOS-XE parser for one D-channel: ``show isdn status serial X``."""
    host = hosts["ch-vg01"]  # two T1 PRIs (fs01-vg01 has analogue ports only)
    switch_type = re.search(r"^isdn switch-type (\S+)", host.config.text, re.M)
    assert switch_type and d_channels(host.config)
    for channel in d_channels(host.config):
        command = f"show isdn status serial {channel[len('Serial') :]}"
        parsed = host.genie(command)
        own = next(
            x.split()[2]
            for x in host.config.sections("interface")[channel]
            if x.startswith("isdn switch-type")
        )
        row = parsed["interface"][channel]
        assert parsed["global_isdn_switchtype"] == switch_type.group(1)
        assert row["interface_isdn_switchtype"] == own
        assert row["layer_1_status"] == "ACTIVE"
        assert row["layer_2_status"]["state"] == "MULTIPLE_FRAME_ESTABLISHED"


CLASSIC_FALLBACK = sorted(NO_GENIE_PARSER["ios"] - set(VOICE_COMMANDS))


@pytest.mark.parametrize("command", CLASSIC_FALLBACK)
def test_classic_ios_commands_without_genie_parser_parse_with_textfsm(
    hosts: dict[str, Host], command: str
) -> None:
    host = hosts["pk01-acc01"]
    with pytest.raises(Exception, match="Could not find parser"):
        Device("x", os="ios").parse(command, output=host.outputs[command])
    rows = host.textfsm(command)
    if command == "show vlan brief":
        assert {int(r["vlan_id"]): r["vlan_name"] for r in rows if int(r["vlan_id"]) < 1002} == {
            1: "default",
            **host.config.vlans(),
        }
    elif command == "show ip bgp summary":
        assert "BGP not active" in host.outputs[command]
    else:
        assert rows == [], "no HSRP and no OSPF adjacency on an access switch"


@pytest.mark.parametrize("name", ALL)
@pytest.mark.parametrize("command", [c for c in COMMANDS if c not in NO_NTC_TEMPLATE])
def test_textfsm_parses_every_command_too(hosts: dict[str, Host], name: str, command: str) -> None:
    """ntc-templates reads every command the lab answers, on every device, without error."""
    rows = hosts[name].textfsm(command)
    assert isinstance(rows, list)
