"""Generate inventories: the shape of the City's, at any size.

Used by the benchmarks (10,000 hosts) and by tests that need fleets of a
given shape. Deterministic: the same specs give the same files.
"""

from __future__ import annotations

import hashlib
import ipaddress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from citynet.inventory.hardware import hardware


@dataclass(frozen=True)
class SizeProfile:
    """How a kind of site is built."""

    routers: int
    router_model: str
    cores: int
    core_model: str
    access: int
    access_model: str
    voice_gateways: int
    gateway_model: str
    pstn: str
    srst: bool
    vlans: tuple[str, ...]
    data_prefix: int = 24
    tags: tuple[str, ...] = ()
    described: bool = False
    """Whether the site's first access switch has its ports described (port_roles), with
    802.1X/MAB in monitor mode."""


_BASE_VLANS = ("data", "voice", "printers", "management", "native", "parking")
PROFILES: dict[str, SizeProfile] = {
    "data_center": SizeProfile(
        2,
        "ISR4451-X/K9",
        2,
        "C9500-48Y4C",
        8,
        "C9300-48P",
        2,
        "ISR4451-X/K9",
        "sip",
        False,
        (*_BASE_VLANS, "servers", "cameras"),
        22,
        ("critical",),
    ),
    "large": SizeProfile(
        2,
        "ISR4451-X/K9",
        2,
        "C9500-24Y4C",
        12,
        "C9300-48P",
        1,
        "ISR4431/K9",
        "pri",
        True,
        (*_BASE_VLANS, "cameras", "guest", "wireless"),
        22,
    ),
    "administration": SizeProfile(
        1,
        "ISR4431/K9",
        2,
        "C9500-24Y4C",
        6,
        "C9300-48P",
        0,
        "",
        "none",
        False,
        (*_BASE_VLANS, "guest", "wireless"),
        23,
        described=True,
    ),
    "police_district": SizeProfile(
        1,
        "ISR4331/K9",
        0,
        "",
        3,
        "C9300-48P",
        1,
        "ISR4331/K9",
        "fxo",
        True,
        (*_BASE_VLANS, "cameras"),
        24,
        ("critical",),
    ),
    "fire_station": SizeProfile(
        1,
        "ISR4321/K9",
        0,
        "",
        2,
        "C9200-24P",
        1,
        "ISR4321/K9",
        "fxo",
        True,
        _BASE_VLANS,
        24,
        ("critical",),
    ),
    "small": SizeProfile(
        1,
        "ISR4321/K9",
        0,
        "",
        2,
        "WS-C2960X-24PD-L",
        0,
        "",
        "none",
        False,
        (*_BASE_VLANS, "guest"),
        24,
        described=True,
    ),
    "yard": SizeProfile(
        1,
        "ISR4331/K9",
        0,
        "",
        2,
        "WS-C2960X-48FPD-L",
        1,
        "ISR4321/K9",
        "fxo",
        True,
        (*_BASE_VLANS, "cameras"),
        24,
    ),
    "office": SizeProfile(
        1,
        "ISR4321/K9",
        0,
        "",
        1,
        "C9200-48P",
        0,
        "",
        "none",
        False,
        _BASE_VLANS,
        24,
        described=True,
    ),
}

VLAN_PLAN: dict[str, tuple[int, str, int | None]] = {
    # role: (vlan id, name, /24 offset inside the site block; None = no subnet)
    "data": (10, "DATA", 0),
    "voice": (20, "VOICE", 4),
    "printers": (30, "PRINTERS", 6),
    "cameras": (40, "CAMERAS", 7),
    "guest": (50, "GUEST", 8),
    "wireless": (60, "WIRELESS", 10),
    "servers": (70, "SERVERS", 12),
    "management": (99, "MGMT", 30),
    "parking": (998, "PARKING", None),
    "native": (999, "NATIVE", None),
}
SITE_BLOCK = 19
"""Each site gets a /19 of 10.0.0.0/8 (32 /24s)."""


@dataclass(frozen=True)
class SiteSpec:
    id: str
    name: str
    kind: str
    region: str
    address: str
    profile: str
    tags: tuple[str, ...] = ()
    extra_access: int = 0


def _hw(model: str) -> Any:
    found = hardware(model)
    if found is None:
        raise KeyError(f"model {model} is not in the hardware catalogue")
    return found


def _phones(profile: SizeProfile, spec: SiteSpec) -> int:
    """Phones at a site: 40 per access switch, no more than its SRST gateway registers."""
    phones = 40 * (profile.access + spec.extra_access)
    if profile.srst and profile.gateway_model:
        phones = min(phones, _hw(profile.gateway_model).srst_max_phones)
    return int(phones)


VOICE_MODULES: dict[str, tuple[dict[str, int], dict[str, str]]] = {
    # pstn: (voice_ports, modules)
    "pri": (
        {"pri": 2, "fxs": 0, "fxo": 0, "dsp_channels": 128},
        {"0/2": "NIM-2MFT-T1/E1", "0/4": "PVDM4-128"},
    ),
    "fxo": (
        {"pri": 0, "fxs": 4, "fxo": 4, "dsp_channels": 32},
        {"0/1": "NIM-4FXO", "0/2": "NIM-4FXSP", "0/4": "PVDM4-32"},
    ),
    "sip": ({"pri": 0, "fxs": 0, "fxo": 0, "dsp_channels": 256}, {"0/4": "PVDM4-256"}),
}
"""What a voice gateway has, by the site's PSTN connection."""


def port_plan(model: str, vlan_roles: tuple[str, ...]) -> list[dict[str, str]]:
    """Port roles of a described switch: phones and PCs, then APs, printers, spare ports.

    >>> [entry["role"] for entry in port_plan("C9200-24P", ("wireless", "printers"))]
    ['phone_pc', 'ap', 'printer', 'unused']
    """
    hw = _hw(model)
    count = hw.access_ports
    name = hw.port("access", 1)[: -len("1")]
    plan: list[dict[str, str]] = []
    first = 1

    def add(amount: int, role: str) -> None:
        nonlocal first
        if amount <= 0:
            return
        last = first + amount - 1
        ports = f"{name}{first}" if amount == 1 else f"{name}{first}-{last}"
        plan.append({"ports": ports, "role": role})
        first = last + 1

    add(count - 10, "phone_pc")
    add(2 if "wireless" in vlan_roles else 0, "ap")
    add(1 if "printers" in vlan_roles else 0, "printer")
    add(4, "unused")
    return plan


@dataclass
class _Counters:
    router: int = 0


def serial_for(name: str) -> str:
    """A stable, realistic-looking serial number for a device name."""
    digest = hashlib.sha256(name.encode()).hexdigest().upper()
    return "FOC" + "".join(c for c in digest if c.isalnum())[:8]


def connection_address(site_index: int, device_index: int) -> str:
    """The loopback address the lab (and the tool) uses for a device."""
    base = int(ipaddress.IPv4Address("127.10.0.0")) + site_index * 256 + device_index
    return str(ipaddress.IPv4Address(base))


def build(
    sites: list[SiteSpec], regions: dict[str, dict[str, Any]], defaults_data: dict[str, Any]
) -> dict[str, dict[str, Any]]:
    """Build the four inventory files (as data) for ``sites``."""
    groups: dict[str, Any] = {
        "platform_iosxe": {"platform": "cisco_iosxe", "data": {"config_archive": "flash:archive"}},
        "platform_ios": {"platform": "cisco_ios", "data": {"config_archive": "flash:archive"}},
        "role_router": {
            "data": {
                "ospf_process": 1,
                "bgp_asn": 65100,
                "city_core_asn": 65000,
                "wan_qos_policy": "WAN-EDGE-QOS",
                "bgp_max_prefixes": 500,
            }
        },
        "role_core": {"data": {"ospf_process": 1, "stp_priority": 4096}},
        "role_access": {
            "data": {
                "stp_mode": "rapid-pvst",
                "port_security_max": 3,
                "storm_control_level": "1.00",
                "nac": "none",
                "arp_inspection": ["voice", "guest"],
            }
        },
        "role_voice_gateway": {
            "data": {
                "codecs": ["g711ulaw", "g729r8"],
                "sip_port": 5060,
                "sip_provider": "10.251.0.10",
            }
        },
    }
    for region, data in regions.items():
        groups[f"region_{region}"] = {"data": data}
    out_sites: dict[str, Any] = {}
    hosts: dict[str, Any] = {}
    state = _Counters()
    for index, spec in enumerate(sites, start=1):
        profile = PROFILES[spec.profile]
        block = ipaddress.IPv4Network(f"10.0.0.0/{SITE_BLOCK}")
        base = int(block.network_address) + index * (1 << (32 - SITE_BLOCK))
        site_net = ipaddress.IPv4Network((base, SITE_BLOCK))
        vlans = []
        for role in sorted(profile.vlans, key=lambda r: VLAN_PLAN[r][0]):
            vid, name, offset = VLAN_PLAN[role]
            entry: dict[str, Any] = {"id": vid, "name": name, "role": role}
            if offset is not None:
                prefix = profile.data_prefix if role == "data" else 24
                entry["subnet"] = str(ipaddress.IPv4Network((base + offset * 256, prefix)))
            vlans.append(entry)
        loopbacks = ipaddress.IPv4Network((base + 31 * 256, 27))
        mgmt = ipaddress.IPv4Network((base + 30 * 256, 24))
        did = 5_550_001_000 + index * 10_000
        site: dict[str, Any] = {
            "name": spec.name,
            "kind": spec.kind,
            "region": spec.region,
            "address": spec.address,
            "ranges": [str(site_net)],
            "loopback_subnet": str(loopbacks),
            **(
                {"transit_subnet": str(ipaddress.IPv4Network((base + 31 * 256 + 64, 27)))}
                if profile.cores
                else {}
            ),
            "ospf_area": index,
            "vlans": vlans,
            "voice": {
                "pstn": profile.pstn,
                "srst": profile.srst,
                "site_code": f"8{index:03d}",
                "did_range": f"{did}-{did + 99}",
                "max_phones": _phones(profile, spec),
            },
            # Each site's routers have their own private AS towards the City core.
            "data": {"bgp_asn": 65100 + index, **({"nac": "monitor"} if profile.described else {})},
        }
        out_sites[spec.id] = site
        hosts.update(_site_hosts(spec, index, profile, mgmt, loopbacks, state))
    return {
        "defaults": {"port": 22, "data": defaults_data},
        "groups": groups,
        "hosts": hosts,
        "sites": out_sites,
    }


def _site_hosts(
    spec: SiteSpec,
    index: int,
    profile: SizeProfile,
    mgmt: ipaddress.IPv4Network,
    loopbacks: ipaddress.IPv4Network,
    state: _Counters,
) -> dict[str, Any]:
    prefix = spec.id.lower()
    hosts: dict[str, Any] = {}
    device = 0
    tags = sorted({*profile.tags, *spec.tags})

    def host(
        name: str, role: str, model: str, mgmt_octet: int | None, data: dict[str, Any]
    ) -> None:
        nonlocal device
        device += 1
        platform = "platform_" + _hw(model).platform.removeprefix("cisco_")
        entry_data: dict[str, Any] = {
            "site": spec.id,
            "model": model,
            "serial": serial_for(name),
        }
        if mgmt_octet is not None:
            entry_data["mgmt_ip"] = str(mgmt.network_address + mgmt_octet)
        entry_data.update(data)
        if tags:
            entry_data["tags"] = list(tags)
        hosts[name] = {
            "hostname": connection_address(index, device),
            "groups": [f"role_{role}", platform, f"region_{spec.region}"],
            "data": entry_data,
        }

    routers = [f"{prefix}-rtr{n:02d}" for n in range(1, profile.routers + 1)]
    cores = [f"{prefix}-core{n:02d}" for n in range(1, profile.cores + 1)]
    bandwidth = 1000 if profile.cores else 100
    limits = _hw(profile.router_model).throughput
    licence: dict[str, Any] = {}
    if limits is not None and bandwidth > limits.default_mbps:
        licence["throughput_mbps"] = min(v for v in limits.levels_mbps if v >= bandwidth)
    for n, name in enumerate(routers, start=1):
        wan = ipaddress.IPv4Network("10.250.0.0/16")
        link = int(wan.network_address) + 4 * state.router
        state.router += 1
        host(
            name,
            "router",
            profile.router_model,
            None,
            {
                **licence,
                "loopback_ip": str(loopbacks.network_address + n),
                "wan": [
                    {
                        "interface": "GigabitEthernet0/0/0",
                        "address": f"{ipaddress.IPv4Address(link + 2)}/30",
                        "peer": str(ipaddress.IPv4Address(link + 1)),
                        "bandwidth_mbps": bandwidth,
                        "provider": "CityFiber" if n == 1 else "MetroCarrier",
                        "circuit_id": f"CF-{index:03d}-{n:02d}",
                    }
                ],
            },
        )
    core_hw = hardware(profile.core_model)
    for n, name in enumerate(cores, start=1):
        assert core_hw is not None
        uplinks = [
            {
                "interface": core_hw.port("access", r),
                "peer": rtr,
                "peer_interface": f"GigabitEthernet0/0/{n}",
            }
            for r, rtr in enumerate(routers, start=1)
        ]
        if n == 2:
            uplinks.append(
                {
                    "interface": core_hw.port("uplink"),
                    "peer": cores[0],
                    "peer_interface": core_hw.port("uplink"),
                }
            )
        host(
            name,
            "core",
            profile.core_model,
            1 + n,
            {
                "loopback_ip": str(loopbacks.network_address + 10 + n),
                "hsrp_priority": 110 if n == 1 else 100,
                "uplinks": uplinks,
            },
        )
    access_hw = _hw(profile.access_model)
    access_names = [
        f"{prefix}-acc{n:02d}" for n in range(1, profile.access + spec.extra_access + 1)
    ]
    for n, name in enumerate(access_names, start=1):
        if cores:
            assert core_hw is not None
            uplinks = [
                {
                    "interface": access_hw.port("uplink", c),
                    "peer": core,
                    "peer_interface": core_hw.port("access", 4 + n),
                }
                for c, core in enumerate(cores, start=1)
            ]
        elif n == 1:
            uplinks = [
                {
                    "interface": access_hw.port("uplink"),
                    "peer": routers[0],
                    "peer_interface": "GigabitEthernet0/0/1",
                }
            ]
        else:
            uplinks = [
                {
                    "interface": access_hw.port("uplink"),
                    "peer": access_names[0],
                    "peer_interface": access_hw.port("uplink", n),
                }
            ]
        described = (
            {"port_roles": port_plan(profile.access_model, profile.vlans)}
            if profile.described and n == 1
            else {}
        )
        host(
            name,
            "access",
            profile.access_model,
            10 + n,
            {"uplinks": uplinks, "stack_members": 2 if cores and n <= 2 else 1, **described},
        )
    for n in range(1, profile.voice_gateways + 1):
        name = f"{prefix}-vg{n:02d}"
        ports, modules = VOICE_MODULES[profile.pstn]
        peer, peer_if = (
            (cores[0], _hw(profile.core_model).port("access", 22 + n))
            if cores
            else (access_names[0], access_hw.port("access", 20 + n))
        )
        host(
            name,
            "voice_gateway",
            profile.gateway_model,
            5 + n,
            {
                "loopback_ip": str(loopbacks.network_address + 20 + n),
                "voice_ports": dict(ports),
                "modules": dict(modules),
                "uplinks": [
                    {"interface": "GigabitEthernet0/0/1", "peer": peer, "peer_interface": peer_if}
                ],
            },
        )
    return hosts


REGIONS_DATA: dict[str, dict[str, Any]] = {
    "downtown": {"dhcp_servers": ["10.0.44.13", "10.0.76.13"], "region_name": "Downtown"},
    "north": {"dhcp_servers": ["10.0.44.13", "10.0.76.13"], "region_name": "North"},
}

DEFAULTS_DATA: dict[str, Any] = {
    "domain_name": "net.example",
    "wan_range": "10.250.0.0/16",
    "timezone": "EST -5",
    "dns_servers": ["10.0.44.11", "10.0.76.11"],
    "ntp_servers": ["10.0.44.10", "10.0.76.10"],
    "syslog_servers": ["10.0.44.12", "10.0.76.12"],
    "tacacs_servers": [
        {"name": "ISE-1", "address": "10.0.44.20"},
        {"name": "ISE-2", "address": "10.0.76.20"},
    ],
    "snmp_managers": ["10.0.44.30", "10.0.76.30"],
    "snmp_v3_group": "NET-RO",
    "snmp_v3_user": "monitor",
    "call_agents": ["10.0.44.40", "10.0.76.40"],
    "management_networks": ["10.0.62.0/24", "10.0.94.0/24"],
    "jump_hosts": ["10.0.44.48/29", "10.0.76.48/29"],
    "radius_servers": [
        {"name": "ISE-1", "address": "10.0.44.20"},
        {"name": "ISE-2", "address": "10.0.76.20"},
    ],
    "city_supernet": "10.0.0.0/8",
    "summer_time": "EDT recurring",
    "local_admin": "netadmin",
    "banner_login": "Authorized access only.",
}
"""City-wide variables of a generated inventory (everything the templates use)."""


def synthetic_sites(count: int, regions: tuple[str, ...] = ("north", "downtown")) -> list[SiteSpec]:
    """``count`` generic sites cycling through the size profiles."""
    profiles = list(PROFILES)
    return [
        SiteSpec(
            id=f"S{i:04d}",
            name=f"Site {i}",
            kind="administration",
            region=regions[i % len(regions)],
            address=f"{i} Example Avenue",
            profile=profiles[i % len(profiles)],
        )
        for i in range(1, count + 1)
    ]


def write_inventory(files: dict[str, dict[str, Any]], inventory_dir: Path) -> None:
    """Write built files as YAML (block style, keys in insertion order)."""
    inventory_dir.mkdir(parents=True, exist_ok=True)
    for kind, data in files.items():
        text = yaml.dump(
            data,
            Dumper=_Dumper,
            sort_keys=False,
            default_flow_style=False,
            width=100,
            allow_unicode=True,
        )
        (inventory_dir / f"{kind}.yaml").write_text(f"---\n{text}", encoding="utf-8")


class _Dumper(yaml.SafeDumper):
    """Flow style for short leaf mappings (uplinks, VLANs), block style elsewhere."""


def _represent_dict(dumper: yaml.SafeDumper, data: dict[str, Any]) -> yaml.Node:
    flow = len(data) <= 5 and all(not isinstance(v, dict | list) for v in data.values())
    return dumper.represent_mapping("tag:yaml.org,2002:map", data, flow_style=flow)


_Dumper.add_representer(dict, _represent_dict)


def generate(hosts_wanted: int, inventory_dir: Path) -> int:
    """Write a synthetic inventory of about ``hosts_wanted`` hosts; return the count."""
    per_site = sum(_profile_size(p) for p in PROFILES.values()) / len(PROFILES)
    sites = synthetic_sites(max(1, round(hosts_wanted / per_site)))
    files = build(sites, REGIONS_DATA, DEFAULTS_DATA)
    write_inventory(files, inventory_dir)
    return len(files["hosts"])


def _profile_size(p: SizeProfile) -> int:
    return p.routers + p.cores + p.access + p.voice_gateways
