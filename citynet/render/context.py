"""What a template sees for one host: its resolved variables plus derived facts.

Everything a template would otherwise compute (link addressing, which ports
are trunks, SVI and HSRP addresses, a voice gateway's PSTN ports) is worked out
here, in plain Python, from the inventory alone, so templates stay declarative
and every address is traceable to the inventory.

Each host gets a context of its own: no list or dict in it is shared with the
inventory or with another host's context, so nothing a render does to one can
reach the next (templates cannot change them anyway, in the immutable sandbox).
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from citynet.inventory.hardware import (
    Hardware,
    VoiceKind,
    dsp_slots,
    hardware,
    module_ports,
    slot_of,
)
from citynet.inventory.model import HostView, Inventory
from citynet.inventory.schema import Role, Site, VlanRole, VoicePorts
from citynet.render.dialplan import gateway_plan
from citynet.render.ports import access_ports

Net = ipaddress.IPv4Network


@dataclass(frozen=True)
class Link:
    """One cable seen from one end."""

    interface: str
    peer: str
    peer_interface: str
    peer_role: str


@dataclass(frozen=True)
class Topology:
    """Every host's links (its own uplinks and the uplinks pointing at it), and who is where."""

    links: dict[str, list[Link]]
    transit: dict[tuple[str, str], Net]
    """(core, router) -> the /30 between them."""
    sites_with_core: frozenset[str]
    at_site: dict[str, dict[Role, list[str]]] = field(default_factory=dict)
    """Site -> role -> host names (sorted)."""
    site_prefixes: tuple[int, int] = (8, 32)
    """Shortest and longest prefix length of the sites' ranges, City-wide."""


def build_topology(inventory: Inventory) -> Topology:
    """Links of every host, and the router-core /30s carved from each site's transit subnet."""
    links: dict[str, list[Link]] = {name: [] for name in inventory.hosts}
    pairs: dict[str, list[tuple[str, str]]] = {}
    for name, entry in inventory.hosts.items():
        role = str(inventory.views[name].role)
        for uplink in entry.data.uplinks:
            peer_view = inventory.views.get(uplink.peer)
            if peer_view is None:
                continue
            links[name].append(
                Link(uplink.interface, uplink.peer, uplink.peer_interface, str(peer_view.role))
            )
            links[uplink.peer].append(Link(uplink.peer_interface, name, uplink.interface, role))
            roles = {inventory.views[name].role, peer_view.role}
            if roles == {Role.CORE, Role.ROUTER}:
                core, router = (name, uplink.peer) if role == "core" else (uplink.peer, name)
                pairs.setdefault(entry.data.site, []).append((core, router))
    transit: dict[tuple[str, str], Net] = {}
    for site_id, site_pairs in pairs.items():
        subnet = inventory.sites[site_id].transit_subnet
        if subnet is None:
            continue
        for pair, net in zip(sorted(site_pairs), subnet.subnets(new_prefix=30), strict=False):
            transit[pair] = net
    for host_links in links.values():
        host_links.sort(key=lambda link: _interface_key(link.interface))
    with_core = frozenset(v.site for v in inventory.views.values() if v.role is Role.CORE)
    at_site: dict[str, dict[Role, list[str]]] = {}
    for name in sorted(inventory.views):
        view = inventory.views[name]
        if view.role is not None:
            at_site.setdefault(view.site, {}).setdefault(view.role, []).append(name)
    lengths = [net.prefixlen for site in inventory.sites.values() for net in site.ranges]
    prefixes = (min(lengths), max(lengths)) if lengths else (8, 32)
    return Topology(links, transit, with_core, at_site, prefixes)


_TYPE_ORDER = (
    "FastEthernet",
    "GigabitEthernet",
    "TenGigabitEthernet",
    "TwentyFiveGigE",
    "FortyGigabitEthernet",
    "HundredGigE",
)


@cache
def _interface_key(name: str) -> tuple[int, str, tuple[int, ...]]:
    """Physical interfaces in running-config order: by type (speed), then by number."""
    kind = name.rstrip("0123456789/.:")
    numbers = tuple(int(p) for p in name[len(kind) :].replace(".", "/").split("/") if p)
    rank = _TYPE_ORDER.index(kind) if kind in _TYPE_ORDER else len(_TYPE_ORDER)
    return rank, kind, numbers


def _vlans(site: Site) -> list[dict[str, Any]]:
    result = []
    for vlan in site.vlans:
        item: dict[str, Any] = {"id": vlan.id, "name": vlan.name, "role": str(vlan.role)}
        if vlan.subnet is not None:
            item.update(
                subnet=str(vlan.subnet),
                network=str(vlan.subnet.network_address),
                netmask=str(vlan.subnet.netmask),
                wildcard=str(vlan.subnet.hostmask),
                gateway=str(vlan.subnet.network_address + 1),
            )
        result.append(item)
    return result


def fresh(value: Any) -> Any:
    """A copy of ``value`` sharing no list, dict or set with it (immutable values are kept).

    >>> shared = {"servers": [{"name": "ISE-1"}]}
    >>> copy = fresh(shared)
    >>> copy == shared, copy["servers"] is shared["servers"]
    (True, False)
    """
    if isinstance(value, dict):
        return {key: fresh(item) for key, item in value.items()}
    if isinstance(value, list):
        return [fresh(item) for item in value]
    if isinstance(value, set | frozenset):
        return frozenset(fresh(item) for item in value)
    if isinstance(value, tuple):
        return tuple(fresh(item) for item in value)
    return value


def host_context(inventory: Inventory, view: HostView, topology: Topology) -> dict[str, Any]:
    """The template context of one host (fresh: see :func:`fresh`)."""
    entry = inventory.hosts[view.name]
    site = inventory.sites[view.site]
    vlans = _vlans(site)
    by_role = {v["role"]: v for v in vlans}
    mgmt_vlan = by_role[str(VlanRole.MANAGEMENT)]
    model = hardware(view.model)
    assert model is not None, f"{view.model} is not in the hardware catalogue"
    context: dict[str, Any] = fresh(view.data)
    context.update(
        host={
            "name": view.name,
            "role": str(view.role),
            "platform": str(view.platform),
            "model": view.model,
            "serial": entry.data.serial,
            "site": view.site,
            "mgmt_ip": str(entry.data.mgmt_ip) if entry.data.mgmt_ip else None,
            "loopback_ip": str(entry.data.loopback_ip) if entry.data.loopback_ip else None,
            "software": model.software.train,
        },
        site={
            "id": view.site,
            "name": site.name,
            "kind": str(site.kind),
            "address": site.address,
            "ospf_area": site.ospf_area,
            "ranges": [str(r) for r in site.ranges],
            "loopback_subnet": str(site.loopback_subnet) if site.loopback_subnet else None,
            "voice": site.voice.model_dump(mode="json") if site.voice else None,
            "has_core": view.site in topology.sites_with_core,
        },
        vlans=vlans,
        routed_vlans=[v for v in vlans if "subnet" in v],
        vlan=by_role,
        mgmt=mgmt_vlan,
        links=list(topology.links[view.name]),
        management_interface=(
            f"Vlan{mgmt_vlan['id']}" if view.role in (Role.ACCESS, Role.CORE) else "Loopback0"
        ),
    )
    links = list(topology.links[view.name])
    if view.role is Role.ACCESS:
        context.update(_access(inventory, view, model, links, vlans, by_role))
    elif view.role is Role.CORE:
        context.update(_core(inventory, view, links, topology, vlans, mgmt_vlan))
        context.update(voice_loopbacks=_voice_loopbacks(inventory, view, topology))
    elif view.role is Role.ROUTER:
        context.update(_router(inventory, view, model, links, topology))
    elif view.role is Role.VOICE_GATEWAY:
        context.update(_voice_gateway(entry.data.voice_ports, entry.data.modules))
        context.update(dial=gateway_plan(inventory, view))
    return context


def _voice_gateway(ports: VoicePorts | None, modules: dict[str, str]) -> dict[str, Any]:
    """Where the gateway's voice ports are (from its modules), and the PSTN ports outbound
    calls use, in order: PRI D-channels, then FXO ports.

    >>> found = _voice_gateway(VoicePorts(pri=1, fxo=1, dsp_channels=32), {"0/1": "NIM-2FXO",
    ...                        "0/2": "NIM-1MFT-T1/E1", "0/4": "PVDM4-32"})
    >>> found["t1_ports"], found["pstn_ports"], found["card_slots"], found["dsp_card"]
    (['0/2/0'], ['0/2/0:23', '0/1/0'], ['0/2'], '0/4')
    """
    ports = ports or VoicePorts()
    found = module_ports(modules)
    t1 = found[VoiceKind.T1E1][: ports.pri]
    fxo = found[VoiceKind.FXO][: ports.fxo]
    fxs = found[VoiceKind.FXS][: ports.fxs]
    dsps = dsp_slots(modules)
    return {
        "t1_ports": t1,
        "fxo_ports": fxo,
        "fxs_ports": fxs,
        "card_slots": sorted({slot_of(port) for port in t1}),
        "dsp_card": dsps[0][0] if dsps and ports.dsp_channels else None,
        "pstn_ports": [f"{port}:23" for port in t1] + fxo,
    }


def _voice_loopbacks(
    inventory: Inventory, view: HostView, topology: Topology
) -> list[dict[str, str]]:
    """Static routes to the site's voice gateways' loopbacks (their SIP, SCCP, SRST, AAA
    and SSH source), via each gateway's address on its uplink: on the cores, or on the
    router of a site without cores."""
    routes = []
    for name in topology.at_site.get(view.site, {}).get(Role.VOICE_GATEWAY, []):
        data = inventory.hosts[name].data
        if data.loopback_ip is not None and data.mgmt_ip is not None:
            routes.append(
                {"name": name, "ip": str(data.loopback_ip), "next_hop": str(data.mgmt_ip)}
            )
    return routes


def _trunk_vlans(vlans: list[dict[str, Any]]) -> list[int]:
    """VLANs carried on trunks: all but the native and the parking VLAN."""
    return [v["id"] for v in vlans if v["role"] not in (VlanRole.NATIVE, VlanRole.PARKING)]


USER_VLAN_ROLES = ("data", "voice", "printers", "cameras", "guest", "wireless")
"""VLANs of user devices: DHCP-served, snooped, carried to unmanaged switches."""


def _access(
    inventory: Inventory,
    view: HostView,
    model: Hardware,
    links: list[Link],
    vlans: list[dict[str, Any]],
    by_role: dict[str, dict[str, Any]],
) -> dict[str, Any]:
    data = inventory.hosts[view.name].data
    nac = str(view.data.get("nac", "none"))
    ports = access_ports(
        model,
        data.stack_members,
        {link.interface for link in links},
        list(data.port_roles),
        set(by_role),
        nac,
    )
    for link in links:
        kind = "device" if link.peer_role == "voice_gateway" else "trunk"
        ports.append({"name": link.interface, "kind": kind, "link": link})
    ports.sort(key=lambda port: _interface_key(port["name"]))
    inspected = set(view.data.get("arp_inspection", ()))
    kinds = {port["kind"] for port in ports}
    return {
        "nac": nac,
        "ports": ports,
        "port_kinds": sorted(kinds),
        "nac_ports": any(port.get("nac") for port in ports),
        "untrusted_ports": any(
            port["link"] is None and not port["trusted"] and port["kind"] != "unused"
            for port in ports
        ),
        "trunk_vlans": _trunk_vlans(vlans),
        "user_vlans": [v["id"] for v in vlans if v["role"] in USER_VLAN_ROLES],
        "arp_vlans": [v["id"] for v in vlans if v["role"] in inspected],
    }


def _core(
    inventory: Inventory,
    view: HostView,
    links: list[Link],
    topology: Topology,
    vlans: list[dict[str, Any]],
    mgmt_vlan: dict[str, Any],
) -> dict[str, Any]:
    entry = inventory.hosts[view.name]
    mgmt_net = Net(mgmt_vlan["subnet"])
    offset = int(entry.data.mgmt_ip or mgmt_net.network_address) - int(mgmt_net.network_address)
    svis = []
    for vlan in vlans:
        if "subnet" not in vlan:
            continue
        subnet = Net(vlan["subnet"])
        svis.append({**vlan, "ip": str(subnet.network_address + offset)})
    routed: list[dict[str, Any]] = []
    ports: list[dict[str, Any]] = []
    for link in links:
        transit = topology.transit.get((view.name, link.peer))
        if link.peer_role == "router" and transit is not None:
            routed.append(_routed(link, transit, side=2))
            ports.append({"name": link.interface, "kind": "routed", "link": routed[-1]})
        else:
            kind = "device" if link.peer_role == "voice_gateway" else "trunk"
            ports.append({"name": link.interface, "kind": kind, "link": link})
    return {
        "svis": svis,
        "routed_links": routed,
        "ports": ports,
        "trunk_vlans": _trunk_vlans(vlans),
        "stp_priority": _root_priority(inventory, view, topology),
    }


def _root_priority(inventory: Inventory, view: HostView, topology: Topology) -> int:
    """Spanning-tree priority of a core: the HSRP active core (highest hsrp_priority, then
    name) is the root at ``stp_priority``; each next core is 4096 higher, so the root
    follows the default gateway.

    Cores without hsrp_priority count as priority 100 (HSRP's default).
    """
    base = int(view.data.get("stp_priority", 4096))
    cores = topology.at_site.get(view.site, {}).get(Role.CORE, [view.name])

    def rank(name: str) -> tuple[int, str]:
        return (-(inventory.hosts[name].data.hsrp_priority or 100), name)

    position = sorted(cores, key=rank).index(view.name) if view.name in cores else 0
    return min(base + 4096 * position, 61440)


def _routed(link: Link, net: Net, side: int) -> dict[str, Any]:
    return {
        "interface": link.interface,
        "peer": link.peer,
        "peer_interface": link.peer_interface,
        "ip": str(net.network_address + side),
        "netmask": str(net.netmask),
        "network": str(net.network_address),
        "wildcard": str(net.hostmask),
    }


def _router(
    inventory: Inventory,
    view: HostView,
    model: Hardware,
    links: list[Link],
    topology: Topology,
) -> dict[str, Any]:
    entry = inventory.hosts[view.name]
    routed = []
    lan_trunk = None
    for link in links:
        net = topology.transit.get((link.peer, view.name))
        if link.peer_role == "core" and net is not None:
            routed.append(_routed(link, net, side=1))
        elif link.peer_role in ("access", "core") and lan_trunk is None:
            lan_trunk = link
    here = topology.at_site.get(view.site, {})
    routers = here.get(Role.ROUTER, [])
    peers = [
        {"name": name, "ip": str(inventory.hosts[name].data.loopback_ip)}
        for name in routers
        if name != view.name and inventory.hosts[name].data.loopback_ip is not None
    ]
    tracks = []
    if len(routers) > 1:
        # the site's prefixes are advertised only while a core (the LAN side) is reachable
        for number, name in enumerate(here.get(Role.CORE, []), start=11):
            loopback = inventory.hosts[name].data.loopback_ip
            if loopback is not None:
                tracks.append({"id": number, "name": name, "ip": str(loopback)})
    licensed = entry.data.throughput_mbps
    default = model.throughput.default_mbps if model.throughput else None
    shortest, longest = topology.site_prefixes
    return {
        "routed_links": routed,
        "lan_trunk": lan_trunk,
        "ibgp_peers": peers,
        "lan_tracks": tracks,
        "voice_loopbacks": (
            []
            if view.site in topology.sites_with_core
            else _voice_loopbacks(inventory, view, topology)
        ),
        "throughput_kbps": (
            licensed * 1000 if licensed and default and licensed > default else None
        ),
        "site_prefix_ge": shortest,
        "site_prefix_le": longest,
    }
