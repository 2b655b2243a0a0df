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
from dataclasses import dataclass
from typing import Any

from citynet.inventory.hardware import Hardware, hardware
from citynet.inventory.model import HostView, Inventory
from citynet.inventory.schema import Role, Site, VlanRole, VoicePorts

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
    """Every host's links (its own uplinks and the uplinks pointing at it)."""

    links: dict[str, list[Link]]
    transit: dict[tuple[str, str], Net]
    """(core, router) -> the /30 between them."""
    sites_with_core: frozenset[str]


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
    return Topology(links, transit, with_core)


_TYPE_ORDER = (
    "FastEthernet",
    "GigabitEthernet",
    "TenGigabitEthernet",
    "TwentyFiveGigE",
    "FortyGigabitEthernet",
    "HundredGigE",
)


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
        context.update(_access(view, model, links, vlans, by_role, entry.data.stack_members))
    elif view.role is Role.CORE:
        context.update(_core(inventory, view, links, topology, vlans, mgmt_vlan))
    elif view.role is Role.ROUTER:
        context.update(_router(view, links, topology))
    elif view.role is Role.VOICE_GATEWAY:
        context.update(_voice_gateway(entry.data.voice_ports))
    return context


def _voice_gateway(ports: VoicePorts | None) -> dict[str, Any]:
    """The PSTN ports outbound calls use, in order: PRI D-channels, then FXO ports."""
    if ports is None:
        return {"pstn_ports": []}
    pstn = [f"0/2/{n}:23" for n in range(ports.pri)] + [f"0/1/{n}" for n in range(ports.fxo)]
    return {"pstn_ports": pstn}


def _trunk_vlans(vlans: list[dict[str, Any]]) -> list[int]:
    """VLANs carried on trunks: all but the native and the parking VLAN."""
    return [v["id"] for v in vlans if v["role"] not in (VlanRole.NATIVE, VlanRole.PARKING)]


def _access(
    view: HostView,
    model: Hardware,
    links: list[Link],
    vlans: list[dict[str, Any]],
    by_role: dict[str, dict[str, Any]],
    members: int,
) -> dict[str, Any]:
    special = {link.interface: link for link in links}
    ports: list[dict[str, Any]] = []
    per_member = model.access_ports
    for member in range(1, members + 1):
        for number in range(1, per_member + 1):
            name = model.port("access", number, member=member)
            if name in special:
                continue
            kind = "user"
            if number > per_member - 2 and "printers" in by_role:
                kind = "printer"
            elif number > per_member - 6 and "cameras" in by_role:
                kind = "camera"
            ports.append({"name": name, "kind": kind, "link": None})
    for link in links:
        kind = "device" if link.peer_role == "voice_gateway" else "trunk"
        ports.append({"name": link.interface, "kind": kind, "link": link})
    ports.sort(key=lambda port: _interface_key(port["name"]))
    return {"ports": ports, "trunk_vlans": _trunk_vlans(vlans)}


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
    }


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


def _router(view: HostView, links: list[Link], topology: Topology) -> dict[str, Any]:
    routed = []
    lan_trunk = None
    for link in links:
        net = topology.transit.get((link.peer, view.name))
        if link.peer_role == "core" and net is not None:
            routed.append(_routed(link, net, side=1))
        elif link.peer_role in ("access", "core") and lan_trunk is None:
            lan_trunk = link
    return {"routed_links": routed, "lan_trunk": lan_trunk}
