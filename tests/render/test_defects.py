"""Each defect a real City device (or the security office) would find in the configs of
issue 11, on the City's own devices: the render carries the fix.

The tests fail on the templates before the fix (rendered with today's inventory and
context), except four: SRST phones (fixed in the inventory and refused by validation, see
tests/inventory/test_hardware.py), the spanning-tree root (the priority is computed in
citynet/render/context.py, which the old template already read), the DSP farm profile (the
previous form already was the enabled one a device shows) and the software train (now from
the catalogue).
"""

from __future__ import annotations

import re

import pytest

from citynet.inventory.hardware import hardware, slot_of
from citynet.inventory.loader import load_inventory
from citynet.inventory.model import Inventory
from citynet.inventory.schema import Role
from citynet.render.lint import lint_fleet
from citynet.render.renderer import Renderer
from tests.support import PROJECT


@pytest.fixture(scope="module")
def city() -> Inventory:
    return load_inventory(PROJECT / "inventory")


@pytest.fixture(scope="module")
def renderer(city: Inventory) -> Renderer:
    return Renderer(city, PROJECT / "templates")


_cache: dict[str, str] = {}


def config(renderer: Renderer, host: str) -> str:
    if host not in _cache:
        result = renderer.render(renderer.inventory.views[host])
        assert result.text is not None, result.error
        _cache[host] = result.text
    return _cache[host]


def section(text: str, header: str) -> list[str]:
    """The lines under a top-level line (stripped), or [] when the line is not there."""
    lines = text.splitlines()
    if header not in lines:
        return []
    body = []
    for line in lines[lines.index(header) + 1 :]:
        if not line.startswith(" "):
            break
        body.append(line.strip())
    return body


def hosts(city: Inventory, role: Role, site: str | None = None) -> list[str]:
    return sorted(
        name
        for name, view in city.views.items()
        if view.role is role and (site is None or view.site == site)
    )


# --- voice ------------------------------------------------------------------------------


def test_voice_gateway_loopbacks_are_routed_at_sites_with_and_without_cores(
    city: Inventory, renderer: Renderer
) -> None:
    for gateway, router_or_cores in (
        ("fs01-vg01", ["fs01-rtr01"]),
        ("ch-vg01", ["ch-core01", "ch-core02"]),
    ):
        data = city.hosts[gateway].data
        route = f"ip route {data.loopback_ip} 255.255.255.255 {data.mgmt_ip} name {gateway}"
        for host in router_or_cores:
            assert route in config(renderer, host).splitlines(), host
    core = config(renderer, "ch-core01")
    assert "redistribute static subnets route-map VOICE-LOOPBACKS" in section(core, "router ospf 1")
    assert "ip prefix-list VOICE-LOOPBACKS seq 10 permit 10.0.127.0/27 ge 32" in core


def test_no_source_interface_is_unreachable(city: Inventory, renderer: Renderer) -> None:
    sites = ("FS01", "CH", "DC1")
    names = [name for name, view in city.views.items() if view.site in sites]
    configs = {name: config(renderer, name) for name in names}
    views = {name: city.views[name] for name in names}
    problems = [str(p) for p in lint_fleet(configs, views) if "no route reaches" in p.message]
    assert problems == []


def test_voice_ports_are_in_slots_of_the_model_that_hold_their_module(
    city: Inventory, renderer: Renderer
) -> None:
    for gateway in hosts(city, Role.VOICE_GATEWAY):
        data = city.hosts[gateway].data
        model = hardware(data.model)
        assert model is not None
        slots = {s.slot for s in model.slots}
        text = config(renderer, gateway)
        named = re.findall(
            r"^(?:voice-port|controller T1|voice-card) (\d+/\d+\S*)|^ port (\S+)$", text, re.M
        )
        for found in named:
            port = found[0] or found[1]
            assert slot_of(port) in slots, (gateway, port)
            assert slot_of(port) in data.modules, (gateway, port)
    assert "voice-port 0/2/0" in config(renderer, "fs01-vg01")  # FXS on the NIM-4FXSP
    assert "voice-port 0/3/0" not in config(renderer, "fs01-vg01")


def test_srst_registers_no_more_phones_than_the_model_supports(
    city: Inventory, renderer: Renderer
) -> None:
    for gateway in hosts(city, Role.VOICE_GATEWAY):
        model = hardware(city.hosts[gateway].data.model)
        assert model is not None
        found = re.search(r"^ max-ephones (\d+)$", config(renderer, gateway), re.M)
        if found:
            assert int(found.group(1)) <= model.srst_max_phones, gateway


def test_the_dsp_farm_profile_is_enabled(renderer: Renderer) -> None:
    """The golden config holds the profile as a device shows it enabled (no 'shutdown',
    and no 'no shutdown', which IOS never shows): a device whose profile is shut drifts,
    and the remediation enables it."""
    from citynet.diff import diff_configs

    golden = config(renderer, "fs01-vg01")
    profile = section(golden, "dspfarm profile 1 transcode")
    assert "associate application SCCP" in profile
    assert not any(line.endswith("shutdown") for line in profile)
    shut = golden.replace(
        " associate application SCCP\n", " associate application SCCP\n shutdown\n"
    )
    remediation = diff_configs(shut, golden).to_dict()["remediation"]
    assert remediation == "dspfarm profile 1 transcode\n no shutdown\n"


def test_pri_gateways_take_their_clock_from_the_pri(renderer: Renderer) -> None:
    text = config(renderer, "ch-vg01").splitlines()
    assert "network-clock synchronization automatic" in text
    assert "network-clock input-source 1 controller T1 0/2/0" in text
    assert "card type t1 0 2" in text


# --- switching and QoS ------------------------------------------------------------------


def test_2960x_maps_phone_cos_5_to_ef(renderer: Renderer) -> None:
    assert "mls qos map cos-dscp 0 8 16 24 32 46 48 56" in config(renderer, "pk01-acc01")


def test_iosxe_trusts_voice_marking_only_from_phones(renderer: Renderer) -> None:
    text = config(renderer, "fs01-acc01")
    voice = section(text, "class-map match-all VOICE")
    assert "match access-group name VOICE-DEVICES" in voice
    assert section(text, "ip access-list extended VOICE-DEVICES") == [
        "10 permit ip 10.2.164.0 0.0.0.255 any"
    ]
    printer = section(text, "interface GigabitEthernet1/0/24")
    assert printer[0] == "description Printer port"
    assert "service-policy input ACCESS-UNTRUSTED-IN" in printer
    assert not any(line.startswith("trust") for line in printer)


def test_switches_are_vtp_transparent(city: Inventory, renderer: Renderer) -> None:
    for host in ("fs01-acc01", "pk01-acc01", "ch-core01"):
        assert "vtp mode transparent" in config(renderer, host).splitlines()


def test_the_spanning_tree_root_is_the_hsrp_active_core(
    city: Inventory, renderer: Renderer
) -> None:
    for site in ("CH", "DC1", "ADM1"):
        cores = hosts(city, Role.CORE, site)
        priority = {
            core: int(
                re.findall(
                    r"^spanning-tree vlan \S+ priority (\d+)$", config(renderer, core), re.M
                )[0]
            )
            for core in cores
        }
        active = max(cores, key=lambda c: city.hosts[c].data.hsrp_priority or 0)
        assert priority[active] == min(priority.values())
        assert len(set(priority.values())) == len(cores), site


# --- routing ----------------------------------------------------------------------------


def test_routers_shaped_above_their_default_throughput_have_the_level(
    renderer: Renderer,
) -> None:
    assert "platform hardware throughput level 100000" in config(renderer, "fs01-rtr01")
    assert "platform hardware throughput level 1000000" in config(renderer, "adm1-rtr01")
    assert "platform hardware throughput level" not in config(renderer, "dc1-rtr01")


def test_two_router_sites_advertise_only_while_the_lan_side_is_up(
    city: Inventory, renderer: Renderer
) -> None:
    text = config(renderer, "ch-rtr01")
    lines = text.splitlines()
    assert "ip route 10.0.96.0 255.255.224.0 Null0 250 track 10" in lines
    assert section(text, "track 10 list boolean or") == ["object 11", "object 12"]
    for number, core in ((11, "ch-core01"), (12, "ch-core02")):
        loopback = city.hosts[core].data.loopback_ip
        assert f"track {number} ip route {loopback} 255.255.255.255 reachability" in lines
    # a single-router site keeps its plain anchor
    assert "ip route 10.2.160.0 255.255.224.0 Null0 250" in config(renderer, "fs01-rtr01")


def test_two_router_sites_run_ibgp_and_every_session_is_authenticated(
    city: Inventory, renderer: Renderer
) -> None:
    bgp = section(config(renderer, "ch-rtr01"), "router bgp 65103")
    peer = city.hosts["ch-rtr02"].data.loopback_ip
    assert f"neighbor {peer} remote-as 65103" in bgp
    assert f"neighbor {peer} update-source Loopback0" in bgp
    assert f"neighbor {peer} next-hop-self" in bgp
    assert f"neighbor {peer} password <secret:bgp_ibgp_password>" in bgp
    wan = city.hosts["ch-rtr01"].data.wan[0].peer
    assert f"neighbor {wan} password <secret:bgp_city_core_password>" in bgp
    assert f"neighbor {wan} maximum-prefix 500 80 restart 15" in bgp
    routed = section(config(renderer, "ch-rtr01"), "interface GigabitEthernet0/0/1")
    assert "ip ospf authentication key-chain OSPF-KEYS" in routed
    core = config(renderer, "ch-core01")
    assert "standby 10 authentication md5 key-string <secret:hsrp_key>" in section(
        core, "interface Vlan10"
    )
    assert section(core, "key chain OSPF-KEYS") == [
        "key 1",
        "key-string <secret:ospf_key>",
        "cryptographic-algorithm hmac-sha-256",
    ]


def test_the_inbound_filter_takes_other_sites_and_the_default_only(renderer: Renderer) -> None:
    text = config(renderer, "ch-rtr01")
    filters = [line for line in text.splitlines() if line.startswith("ip prefix-list CITY-ROUTES")]
    assert filters == [
        "ip prefix-list CITY-ROUTES seq 10 deny 10.0.96.0/19 le 32",
        "ip prefix-list CITY-ROUTES seq 20 permit 0.0.0.0/0",
        "ip prefix-list CITY-ROUTES seq 30 permit 10.0.0.0/8 ge 19 le 19",
    ]


def test_routers_police_their_control_plane(renderer: Renderer) -> None:
    text = config(renderer, "fs01-rtr01")
    assert section(text, "control-plane") == ["service-policy input COPP"]
    management = section(text, "ip access-list extended COPP-MANAGEMENT")
    assert management[0] == "10 permit tcp 10.0.44.48 0.0.0.7 any eq 22"
    assert "class class-default" in section(text, "policy-map COPP")


# --- the security baseline --------------------------------------------------------------


@pytest.mark.parametrize(
    "host", ["fs01-rtr01", "fs01-acc01", "fs01-vg01", "pk01-acc01", "ch-core01"]
)
def test_every_device_is_hardened(host: str, renderer: Renderer) -> None:
    text = config(renderer, host)
    lines = text.splitlines()
    for line in (
        "no service pad",
        "no ip source-route",
        "no ip http server",
        "no ip http secure-server",
        "login block-for 120 attempts 5 within 60",
        "clock summer-time EDT recurring",
        "ntp authenticate",
        "ntp authentication-key 1 md5 <secret:ntp_key>",
        "ntp trusted-key 1",
    ):
        assert line in lines, (host, line)
    assert section(text, "archive")[:2] == ["log config", "logging enable"]
    assert any(line.startswith("logging source-interface ") for line in lines)
    assert all(line.endswith(" key 1") for line in lines if line.startswith("ntp server "))
    acl = section(text, "ip access-list standard MGMT-ACCESS")
    assert acl == [
        "10 permit 10.0.44.48 0.0.0.7",
        "20 permit 10.0.76.48 0.0.0.7",
        "30 deny   any log",
    ]


def test_switches_recover_from_errdisable_and_inspect_arp(renderer: Renderer) -> None:
    text = config(renderer, "fs01-acc01").splitlines()
    assert "errdisable recovery cause bpduguard" in text
    assert "errdisable recovery interval 300" in text
    assert "ip arp inspection vlan 20" in text
    assert "ip dhcp snooping database flash:dhcp-snooping.db" in text
    uplink = section(config(renderer, "fs01-acc01"), "interface GigabitEthernet1/1/1")
    assert "ip arp inspection trust" in uplink


def test_described_ports_get_their_role_and_undescribed_ones_stay_as_they_were(
    city: Inventory, renderer: Renderer
) -> None:
    text = config(renderer, "net1-acc01")
    phone = section(text, "interface GigabitEthernet1/0/1")
    assert phone[0] == "description Phone and PC"
    assert "authentication open" in phone and "mab" in phone  # 802.1X/MAB, monitor mode
    assert "dot1x pae authenticator" in phone and "ip verify source" in phone
    unused = section(text, "interface GigabitEthernet1/0/40")
    assert unused == [
        "description Unused",
        "switchport access vlan 998",
        "switchport mode access",
        "shutdown",
        "spanning-tree portfast",
        "spanning-tree bpduguard enable",
    ]
    assert "dot1x system-auth-control" in text.splitlines()
    assert section(text, "aaa group server radius CITYNET-RADIUS")[0] == "server name ISE-DC1"
    # a port the inventory does not describe keeps today's phone and PC configuration
    legacy = section(text, "interface GigabitEthernet1/0/44")
    assert legacy[:4] == [
        "description User port",
        "switchport access vlan 10",
        "switchport mode access",
        "switchport voice vlan 20",
    ]
    assert "switchport port-security maximum 3" in legacy
    assert not any(line.startswith(("authentication", "shutdown")) for line in legacy)
    # a switch without port roles changes no port's VLANs and shuts nothing
    plain = config(renderer, "fs01-acc02")
    assert "\n shutdown\n spanning-tree portfast" not in plain
    assert "\n authentication " not in plain


def test_the_parking_vlan_is_never_carried_on_a_trunk(renderer: Renderer) -> None:
    for host in ("net1-acc01", "ch-core01"):
        for line in config(renderer, host).splitlines():
            if line.startswith(" switchport trunk allowed vlan "):
                allowed = line.rsplit(" ", 1)[1]
                assert "998" not in allowed, (host, line)


def test_the_software_train_comes_from_the_catalogue(renderer: Renderer) -> None:
    assert config(renderer, "pk01-acc01").startswith("version 15.2\n")
    assert config(renderer, "fs01-rtr01").startswith("version 17.9\n")
