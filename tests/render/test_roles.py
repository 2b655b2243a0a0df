"""Each role renders what it must, on a generated inventory with every kind of site."""

from __future__ import annotations

import ipaddress
import re

import pytest

from citynet.inventory.hardware import hardware, module_ports
from citynet.inventory.loader import load_inventory
from citynet.inventory.model import Inventory
from citynet.inventory.schema import Role
from citynet.inventory.synth import PROFILES, generate
from citynet.render.pipeline import RenderRun, lint_run
from citynet.render.renderer import Rendered, render_all
from tests.support import PROJECT


@pytest.fixture(scope="module")
def fleet(tmp_path_factory: pytest.TempPathFactory) -> tuple[Inventory, dict[str, str]]:
    inventory_dir = tmp_path_factory.mktemp("generated") / "inventory"
    generate(120, inventory_dir)
    inventory = load_inventory(inventory_dir)
    results = render_all(inventory, PROJECT / "templates", list(inventory.views.values()))
    assert [r.error for r in results if r.error] == []
    return inventory, RenderRun(inventory, results, complete=True).configs


def _hosts(inventory: Inventory, role: Role) -> list[str]:
    return [name for name, view in inventory.views.items() if view.role is role]


def _section(config: str, header: str) -> list[str]:
    lines = config.splitlines()
    start = lines.index(header)
    body = []
    for line in lines[start + 1 :]:
        if not line.startswith(" "):
            break
        body.append(line.strip())
    return body


def test_every_profile_is_covered(fleet: tuple[Inventory, dict[str, str]]) -> None:
    inventory, _ = fleet
    assert len({site.kind for site in inventory.sites.values()}) >= 1
    assert {v.role for v in inventory.views.values()} == set(Role)
    assert len(inventory.sites) >= len(PROFILES)


def test_generated_fleet_lints_clean(fleet: tuple[Inventory, dict[str, str]]) -> None:
    inventory, configs = fleet
    results = [Rendered(host, "", text) for host, text in configs.items()]
    assert [str(p) for p in lint_run(RenderRun(inventory, results, complete=True))] == []


def test_common_management_on_every_device(fleet: tuple[Inventory, dict[str, str]]) -> None:
    _, configs = fleet
    for host, config in configs.items():
        assert f"\nhostname {host}\n" in config
        assert "\naaa new-model\n" in config
        assert "\nip ssh version 2\n" in config
        assert "\nlldp run\n" in config
        assert "ntp server 10.0.44.10" in config
        assert "snmp-server group NET-RO v3 priv read CITYNET-VIEW access SNMP-ACCESS" in config
        vty = _section(config, "line vty 0 4")
        assert "transport input ssh" in vty and "access-class MGMT-ACCESS in" in vty
        assert config.rstrip().endswith("end")


def test_access_switch_ports(fleet: tuple[Inventory, dict[str, str]]) -> None:
    inventory, configs = fleet
    for host in _hosts(inventory, Role.ACCESS):
        entry = inventory.hosts[host]
        model = hardware(entry.data.model)
        assert model is not None
        config = configs[host]
        physical = re.findall(r"^interface (\S+)$", config, re.M)
        access = [p for p in physical if not p.startswith("Vlan")]
        expected = {
            model.port("access", number, member=member)
            for member in range(1, entry.data.stack_members + 1)
            for number in range(1, model.access_ports + 1)
        }
        expected |= {u.interface for u in entry.data.uplinks}
        expected |= {
            u.peer_interface
            for other in inventory.hosts.values()
            for u in other.data.uplinks
            if u.peer == host
        }
        assert sorted(access) == sorted(expected)
        user = _section(config, f"interface {model.port('access')}")
        assert "switchport voice vlan 20" in user
        assert "spanning-tree bpduguard enable" in user
        assert any(
            line.startswith(("switchport port-security maximum", "authentication port-control"))
            for line in user
        )
        uplink = _section(config, f"interface {entry.data.uplinks[0].interface}")
        assert "switchport mode trunk" in uplink and "ip dhcp snooping trust" in uplink
        qos = (
            "mls qos trust device cisco-phone"
            if inventory.views[host].platform == "cisco_ios"
            else "service-policy input ACCESS-QOS-IN"
        )
        assert qos in user
        assert f"ip address {entry.data.mgmt_ip} 255.255.255.0" in config


def test_core_switches_run_hsrp_on_every_routed_vlan(
    fleet: tuple[Inventory, dict[str, str]],
) -> None:
    inventory, configs = fleet
    for host in _hosts(inventory, Role.CORE):
        site = inventory.sites[inventory.hosts[host].data.site]
        config = configs[host]
        for vlan in site.vlans:
            if vlan.subnet is None:
                continue
            svi = _section(config, f"interface Vlan{vlan.id}")
            gateway = vlan.subnet.network_address + 1
            assert f"standby {vlan.id} ip {gateway}" in svi
            assert f"standby {vlan.id} priority {inventory.hosts[host].data.hsrp_priority}" in svi
        assert "ip routing" in config


def test_routers_peer_with_the_city_core(fleet: tuple[Inventory, dict[str, str]]) -> None:
    inventory, configs = fleet
    for host in _hosts(inventory, Role.ROUTER):
        entry = inventory.hosts[host]
        config = configs[host]
        for link in entry.data.wan:
            assert f" neighbor {link.peer} remote-as 65000" in config
            wan = _section(config, f"interface {link.interface}")
            assert f"ip address {link.address.ip} {link.address.netmask}" in wan
            assert f"bandwidth {link.bandwidth_mbps * 1000}" in wan
        bgp = _section(config, f"router bgp {65100 + inventory.sites[entry.data.site].ospf_area}")
        for site_range in inventory.sites[entry.data.site].ranges:
            assert f"network {site_range.network_address} mask {site_range.netmask}" in bgp


def test_router_core_links_match_at_both_ends(fleet: tuple[Inventory, dict[str, str]]) -> None:
    inventory, configs = fleet
    checked = 0
    for host in _hosts(inventory, Role.CORE):
        for uplink in inventory.hosts[host].data.uplinks:
            if inventory.views[uplink.peer].role is not Role.ROUTER:
                continue
            ours = _section(configs[host], f"interface {uplink.interface}")
            theirs = _section(configs[uplink.peer], f"interface {uplink.peer_interface}")
            mine = ipaddress.IPv4Interface("/".join(ours[2].split()[2:4]))
            peer = ipaddress.IPv4Interface("/".join(theirs[1].split()[2:4]))
            assert mine.network == peer.network and mine.ip != peer.ip
            checked += 1
    assert checked


def test_voice_gateways(fleet: tuple[Inventory, dict[str, str]]) -> None:
    inventory, configs = fleet
    for host in _hosts(inventory, Role.VOICE_GATEWAY):
        entry = inventory.hosts[host]
        site = inventory.sites[entry.data.site]
        assert site.voice is not None and entry.data.voice_ports is not None
        ports = entry.data.voice_ports
        config = configs[host]
        assert "voice service voip" in config
        assert _section(config, "voice class codec 1") == [
            "codec preference 1 g711ulaw",
            "codec preference 2 g729r8",
        ]
        found = module_ports(entry.data.modules)
        assert len(re.findall(r"^controller T1 \d+/\d+/\d+$", config, re.M)) == ports.pri
        for kind, count in (("fxs", ports.fxs), ("fxo", ports.fxo)):
            for port in found[kind][:count]:  # type: ignore[index]
                assert f"\nvoice-port {port}\n" in config, (host, port)
        # no phones.csv here: the phones are SIP, so SRST is SIP SRST and never SCCP's
        assert ("\nvoice register global\n mode srst\n" in config) == site.voice.srst
        assert "call-manager-fallback" not in config
        assert ("dspfarm profile 1 transcode" in config) == bool(ports.dsp_channels)
        if site.voice.pstn == "sip":
            assert "session target ipv4:10.251.0.10:5060" in config
