"""Checks across entries and files: references, uniqueness, addressing, roles.

Each check is a function of the loaded inventory returning diagnostics, listed
in ``CHECKS``; all run, so one validation reports every problem.
"""

from __future__ import annotations

import difflib
import ipaddress
from collections.abc import Callable, Iterator
from typing import Any

from citynet.diagnostics import Diagnostic
from citynet.inventory.hardware_checks import check_hardware
from citynet.inventory.model import Inventory
from citynet.inventory.schema import GROUP_PREFIXES, ROLE_REQUIRES, HostData, Role, VlanRole
from citynet.inventory.text import shown
from citynet.workspace import Settings, target_allowed

Net = ipaddress.IPv4Network


def _host(inv: Inventory, name: str, *path: str | int) -> tuple[str, int | None]:
    return inv.docs["hosts"].file, inv.line("hosts", name, *path)


def _site(inv: Inventory, site_id: str, *path: str | int) -> tuple[str, int | None]:
    return inv.docs["sites"].file, inv.line("sites", site_id, *path)


def check_references(inv: Inventory) -> Iterator[Diagnostic]:
    """Every group, parent group, site and region referenced exists; no group cycles."""
    for name, entry in inv.hosts.items():
        for index, group in enumerate(entry.groups):
            if not inv.exists("groups", group):
                yield Diagnostic(
                    *_host(inv, name, "groups", index),
                    f"host {name!r} is in group {group!r}, which groups.yaml does not define",
                    f"define {group!r} in groups.yaml or correct the name",
                    host=name,
                )
        if not inv.exists("sites", entry.data.site):
            yield Diagnostic(
                *_host(inv, name, "data", "site"),
                f"host {name!r} is at site {entry.data.site!r}, which sites.yaml does not define",
                "correct the site id or add the site to sites.yaml",
                host=name,
            )
    for name, group_entry in inv.groups.items():
        for index, parent in enumerate(group_entry.groups):
            if not inv.exists("groups", parent):
                yield Diagnostic(
                    inv.docs["groups"].file,
                    inv.line("groups", name, "groups", index),
                    f"group {name!r} has parent group {parent!r}, which is not defined",
                    "define it or correct the name",
                )
        cycle = _cycle(inv, name, ())
        if cycle and name == min(cycle):  # report each cycle once
            yield Diagnostic(
                inv.docs["groups"].file,
                inv.line("groups", name, "groups"),
                f"group cycle: {' -> '.join(cycle)}",
                "remove one of the parent links",
            )
    for site_id, site in inv.sites.items():
        if f"region_{site.region}" not in inv.groups:
            yield Diagnostic(
                *_site(inv, site_id, "region"),
                f"site {site_id!r} is in region {site.region!r}, but groups.yaml has no "
                f"group 'region_{site.region}'",
                f"add group 'region_{site.region}' or correct the region",
            )


def _cycle(inv: Inventory, name: str, trail: tuple[str, ...]) -> tuple[str, ...] | None:
    if name in trail:
        return (*trail, name) if trail[0] == name else None
    group = inv.groups.get(name)
    if group is None:
        return None
    for parent in group.groups:
        found = _cycle(inv, parent, (*trail, name))
        if found:
            return found
    return None


def _tainted(inv: Inventory, name: str) -> bool:
    """A host whose groups or site are undefined, invalid or cyclic: already reported."""
    entry = inv.hosts[name]
    if entry.data.site not in inv.sites:
        return True
    pending, seen = list(entry.groups), set()
    while pending:
        group = pending.pop()
        if group in seen:
            continue
        seen.add(group)
        if group not in inv.groups or _cycle(inv, group, ()):
            return True
        pending.extend(inv.groups[group].groups)
    return False


def check_group_kinds(inv: Inventory, settings: Settings) -> Iterator[Diagnostic]:
    """One role, one platform and one region group per host; region matches the site."""
    for name, view in inv.views.items():
        if _tainted(inv, name):
            continue
        for prefix in GROUP_PREFIXES:
            found = [g for g in view.groups if g.startswith(prefix)]
            if len(found) != 1:
                what = "none" if not found else ", ".join(found)
                yield Diagnostic(
                    *_host(inv, name, "groups"),
                    f"host {name!r} must be in exactly one {prefix}* group (found: {what})",
                    f"list one {prefix}* group in its groups",
                    host=name,
                )
        for index, group in enumerate(inv.hosts[name].groups):
            if (
                group in inv.groups
                and group.startswith("role_")
                and group.removeprefix("role_") not in Role.__members__.values()
            ):
                roles = ", ".join(f"role_{r}" for r in Role)
                yield Diagnostic(
                    *_host(inv, name, "groups", index),
                    f"{group!r} is not a known role",
                    f"use one of {roles}",
                    host=name,
                )
        site = inv.sites.get(view.site)
        if site and view.region and view.region != site.region:
            yield Diagnostic(
                *_host(inv, name, "groups"),
                f"host {name!r} is in region_{view.region} but its site {view.site} is in "
                f"region {site.region!r}",
                f"use group region_{site.region}",
                host=name,
            )
        if view.platform is None:
            yield Diagnostic(
                *_host(inv, name),
                f"host {name!r} has no platform (set by its platform_* group)",
                "add a platform_* group that sets platform",
                host=name,
            )


def check_unique(inv: Inventory, settings: Settings) -> Iterator[Diagnostic]:
    """Host names (case-insensitively), management and device addresses are unique."""
    seen_names: dict[str, str] = {}
    for name in inv.hosts:
        other = seen_names.setdefault(name.lower(), name)
        if other != name:
            yield Diagnostic(
                *_host(inv, name),
                f"host name {name!r} differs from {other!r} only by case",
                "device hostnames are case-insensitive on the network; rename one",
                host=name,
            )
    seen: dict[str, tuple[str, str]] = {}
    for name, entry in inv.hosts.items():
        addresses: list[tuple[str, tuple[str | int, ...], Any]] = [
            ("management address", ("hostname",), entry.hostname),
            ("mgmt_ip", ("data", "mgmt_ip"), entry.data.mgmt_ip),
            ("loopback_ip", ("data", "loopback_ip"), entry.data.loopback_ip),
        ]
        addresses += [
            ("WAN address", ("data", "wan", i, "address"), link.address.ip)
            for i, link in enumerate(entry.data.wan)
        ]
        for label, path, address in addresses:
            if address is None:
                continue
            key = str(address)
            if key in seen:
                other_name, other_label = seen[key]
                yield Diagnostic(
                    *_host(inv, name, *path),
                    f"{label} {key} of {name!r} is already the {other_label} of {other_name!r}",
                    "give each device its own address",
                    host=name,
                )
            else:
                seen[key] = (name, label)
        if not target_allowed(str(entry.hostname), settings):
            ranges = ", ".join(str(n) for n in settings.allowed_targets)
            yield Diagnostic(
                *_host(inv, name, "hostname"),
                f"management address {entry.hostname} of {name!r} is outside the "
                f"allowed target ranges ({ranges})",
                "use an address inside them, or widen [safety] allowed_targets in "
                "citynet.toml for a real deployment",
                host=name,
            )


def check_sites(inv: Inventory, settings: Settings) -> Iterator[Diagnostic]:
    """VLANs unique per site, subnets inside the site's ranges, no overlaps City-wide."""
    ranges: list[tuple[Net, str, tuple[str, int | None]]] = []
    for site_id, site in inv.sites.items():
        for index, net in enumerate(site.ranges):
            ranges.append(
                (net, f"range {net} of site {site_id}", _site(inv, site_id, "ranges", index))
            )
        ids: dict[int, int] = {}
        names: dict[str, int] = {}
        local: list[tuple[Net, str, tuple[str, int | None]]] = []
        for index, vlan in enumerate(site.vlans):
            where = _site(inv, site_id, "vlans", index)
            if vlan.id in ids:
                yield Diagnostic(
                    *where,
                    f"site {site_id}: VLAN {vlan.id} is defined twice "
                    f"(first as entry {ids[vlan.id] + 1})",
                    "use another VLAN id",
                )
            ids.setdefault(vlan.id, index)
            if vlan.name.lower() in names:
                yield Diagnostic(
                    *where,
                    f"site {site_id}: VLAN name {vlan.name!r} is used twice",
                    "give each VLAN its own name",
                )
            names.setdefault(vlan.name.lower(), index)
            if vlan.subnet is not None:
                local.append(
                    (
                        vlan.subnet,
                        f"VLAN {vlan.id} subnet {vlan.subnet}",
                        _site(inv, site_id, "vlans", index, "subnet"),
                    )
                )
        if site.transit_subnet is not None:
            local.append(
                (
                    site.transit_subnet,
                    f"transit subnet {site.transit_subnet}",
                    _site(inv, site_id, "transit_subnet"),
                )
            )
        if site.loopback_subnet is not None:
            local.append(
                (
                    site.loopback_subnet,
                    f"loopback subnet {site.loopback_subnet}",
                    _site(inv, site_id, "loopback_subnet"),
                )
            )
        for net, label, where in local:
            if not any(net.subnet_of(r) for r in site.ranges):
                yield Diagnostic(
                    *where,
                    f"site {site_id}: {label} is outside the site's ranges "
                    f"({', '.join(str(r) for r in site.ranges)})",
                    "use a subnet inside the site's ranges, or add a range",
                )
        for message, where in _overlaps(local):
            yield Diagnostic(*where, f"site {site_id}: {message}", "use non-overlapping subnets")
        mgmt = [v for v in site.vlans if v.role is VlanRole.MANAGEMENT and v.subnet is not None]
        if len(mgmt) != 1:
            yield Diagnostic(
                *_site(inv, site_id, "vlans"),
                f"site {site_id} must have exactly one management VLAN with a subnet "
                f"(found {len(mgmt)})",
                "add or fix the VLAN with role: management",
            )
    wan: list[tuple[Net, str, tuple[str, int | None]]] = []
    for name, entry in inv.hosts.items():
        for index, link in enumerate(entry.data.wan):
            wan.append(
                (
                    link.address.network,
                    f"WAN subnet {link.address.network} of {name}",
                    _host(inv, name, "data", "wan", index, "address"),
                )
            )
    for message, where in _overlaps(ranges + wan):
        yield Diagnostic(*where, message, "use non-overlapping address space across the City")


def _overlaps(
    nets: list[tuple[Net, str, tuple[str, int | None]]],
) -> Iterator[tuple[str, tuple[str, int | None]]]:
    """Sweep sorted networks; report each one that overlaps an earlier one."""
    ordered = sorted(nets, key=lambda item: (int(item[0].network_address), -item[0].prefixlen))
    reach: tuple[int, str] | None = None
    for net, label, where in ordered:
        start, end = int(net.network_address), int(net.broadcast_address)
        if reach is not None and start <= reach[0]:
            yield f"{label} overlaps {reach[1]}", where
        if reach is None or end > reach[0]:
            reach = (end, label)


def check_hosts(inv: Inventory, settings: Settings) -> Iterator[Diagnostic]:
    """Role fields, addresses inside their subnets, uplinks (hardware: :mod:`hardware_checks`)."""
    wan_range = _city_wan_range(inv)
    for name, view in inv.views.items():
        entry = inv.hosts[name]
        data = entry.data
        site = inv.sites.get(data.site)
        if view.role is not None:
            for field in ROLE_REQUIRES[view.role]:
                if not getattr(data, field):
                    yield Diagnostic(
                        *_host(inv, name, "data"),
                        f"host {name!r} ({view.role}) needs {field!r}",
                        f"add data.{field}",
                        host=name,
                    )
        if site is None:
            continue
        mgmt = next(
            (v.subnet for v in site.vlans if v.role is VlanRole.MANAGEMENT and v.subnet), None
        )
        if mgmt is not None and data.mgmt_ip is not None:
            yield from _inside(
                inv, name, ("data", "mgmt_ip"), data.mgmt_ip, mgmt, "management VLAN"
            )
        if data.loopback_ip is not None:
            if site.loopback_subnet is None:
                yield Diagnostic(
                    *_host(inv, name, "data", "loopback_ip"),
                    f"site {data.site} has no loopback_subnet for {name!r}'s loopback_ip",
                    "add loopback_subnet to the site",
                    host=name,
                )
            elif data.loopback_ip not in site.loopback_subnet:
                yield Diagnostic(
                    *_host(inv, name, "data", "loopback_ip"),
                    f"loopback_ip {data.loopback_ip} is outside site {data.site}'s "
                    f"loopback subnet {site.loopback_subnet}",
                    "use an address inside it",
                    host=name,
                )
        for index, link in enumerate(data.wan):
            where = _host(inv, name, "data", "wan", index)
            if wan_range is not None and not link.address.network.subnet_of(wan_range):
                yield Diagnostic(
                    *where,
                    f"WAN subnet {link.address.network} is outside the City WAN range {wan_range}",
                    "use a subnet of wan_range (defaults.yaml)",
                    host=name,
                )
            yield from _inside(
                inv,
                name,
                ("data", "wan", index, "peer"),
                link.peer,
                link.address.network,
                "WAN subnet",
            )
            if link.peer == link.address.ip:
                yield Diagnostic(
                    *where,
                    f"WAN peer {link.peer} is the router's own address",
                    "set peer to the provider's end of the link",
                    host=name,
                )
            yield from _inside(
                inv,
                name,
                ("data", "wan", index, "address"),
                link.address.ip,
                link.address.network,
                "WAN subnet",
            )
        if view.role is Role.VOICE_GATEWAY and site.voice is None:
            yield Diagnostic(
                *_host(inv, name),
                f"voice gateway {name!r} is at site {data.site}, which has no voice settings",
                "add voice: to the site",
                host=name,
            )
        yield from _check_uplinks(inv, name)


def _inside(
    inv: Inventory, name: str, path: tuple[str | int, ...], address: Any, net: Net, what: str
) -> Iterator[Diagnostic]:
    where = _host(inv, name, *path)
    if address not in net:
        yield Diagnostic(
            *where,
            f"{'.'.join(map(str, path[1:]))} {address} is outside the {what} {net}",
            f"use an address inside {net}",
            host=name,
        )
    elif net.prefixlen < 31 and address in (net.network_address, net.broadcast_address):
        yield Diagnostic(
            *where,
            f"{address} is the network or broadcast address of {net}",
            "use a host address",
            host=name,
        )


def _check_uplinks(inv: Inventory, name: str) -> Iterator[Diagnostic]:
    data = inv.hosts[name].data
    used: set[str] = set()
    for index, link in enumerate(data.uplinks):
        where = _host(inv, name, "data", "uplinks", index)
        if link.interface in used:
            yield Diagnostic(
                *where,
                f"interface {link.interface} is used by two uplinks",
                "give each uplink its own interface",
                host=name,
            )
        used.add(link.interface)
        peer = inv.hosts.get(link.peer)
        if peer is None and inv.is_broken("hosts", link.peer):
            continue  # the peer's own entry is invalid and already reported
        if peer is None:
            yield Diagnostic(
                *where,
                f"uplink peer {link.peer!r} is not a host in the inventory",
                "correct the peer name",
                host=name,
            )
        elif link.peer == name:
            yield Diagnostic(
                *where,
                "an uplink cannot connect to the device itself",
                "correct the peer",
                host=name,
            )
        elif peer.data.site != data.site and peer.data.site in inv.sites:
            yield Diagnostic(
                *where,
                f"uplink peer {link.peer!r} is at site {peer.data.site}, not {data.site}",
                "uplinks stay inside the site",
                host=name,
            )


def _city_wan_range(inv: Inventory) -> Net | None:
    raw = inv.defaults.data.get("wan_range")
    try:
        return ipaddress.IPv4Network(raw) if raw else None
    except ValueError:
        return None


def check_defaults(inv: Inventory, settings: Settings) -> Iterator[Diagnostic]:
    """City-wide values in defaults.yaml are well-formed."""
    raw = inv.defaults.data.get("wan_range")
    if raw is not None and _city_wan_range(inv) is None:
        yield Diagnostic(
            inv.docs["defaults"].file,
            inv.line("defaults", "data", "wan_range"),
            f"wan_range {shown(raw)} is not an IPv4 network",
            "write it as 10.250.0.0/16",
        )


def check_peer_interfaces(inv: Inventory, settings: Settings) -> Iterator[Diagnostic]:
    """No interface of a device is the far end of two uplinks."""
    taken: dict[tuple[str, str], str] = {}
    for name, entry in inv.hosts.items():
        for index, link in enumerate(entry.data.uplinks):
            key = (link.peer, link.peer_interface)
            if key in taken and taken[key] != name:
                yield Diagnostic(
                    *_host(inv, name, "data", "uplinks", index, "peer_interface"),
                    f"{link.peer} {link.peer_interface} is already the uplink of {taken[key]}",
                    "use a free interface on the peer",
                    host=name,
                )
            taken.setdefault(key, name)


def check_overrides(inv: Inventory, settings: Settings) -> Iterator[Diagnostic]:
    """Sites and hosts may only override variables that defaults or a group define."""
    declared = set(inv.defaults.data)
    for group in inv.groups.values():
        declared.update(group.data)
    for site_id, site in inv.sites.items():
        for key in site.data:
            if inv.docs["sites"].is_flagged((site_id, "data", key)):
                continue  # already reported (a control character in the key)
            if key not in declared:
                yield Diagnostic(
                    *_site(inv, site_id, "data", key),
                    f"site {site_id}: data.{key} overrides nothing defaults.yaml or "
                    "groups.yaml define",
                    _did_you_mean(key, declared),
                )
    host_fields = set(HostData.model_fields)
    for name, raw in inv.docs["hosts"].data.items():
        data = raw.get("data") if isinstance(raw, dict) else None
        if inv.docs["hosts"].is_flagged((name,)):
            continue  # an invalid host name, already reported
        for key in data if isinstance(data, dict) else ():
            if inv.docs["hosts"].is_flagged((name, "data", key)):
                continue
            if key not in declared and key not in host_fields:
                yield Diagnostic(
                    *_host(inv, name, "data", key),
                    f"{name}.data.{key}: unknown key (neither a host field nor a "
                    "variable that defaults.yaml or groups.yaml define)",
                    _did_you_mean(key, declared | host_fields),
                    host=name,
                )


def _did_you_mean(key: str, known: set[str]) -> str:
    close = difflib.get_close_matches(key, sorted(known), n=1)
    if close:
        return f"did you mean {close[0]!r}?"
    return "correct its spelling, or declare the variable in defaults.yaml or a group"


def check_variables(inv: Inventory, settings: Settings) -> Iterator[Diagnostic]:
    """Known variables have the type templates expect, wherever they are set."""
    from pydantic import ValidationError

    from citynet.inventory.variables import ADAPTERS, EXAMPLES

    layers: list[tuple[str, tuple[str | int, ...], dict[str, Any]]] = [
        ("defaults", ("data",), inv.defaults.data)
    ]
    layers += [("groups", (name, "data"), group.data) for name, group in inv.groups.items()]
    layers += [("sites", (site_id, "data"), site.data) for site_id, site in inv.sites.items()]
    layers += [
        ("hosts", (name, "data"), dict(entry.data.model_extra or {}))
        for name, entry in inv.hosts.items()
    ]
    for kind, prefix, data in layers:
        for key, value in data.items():
            adapter = ADAPTERS.get(key)
            if adapter is None or inv.docs[kind].is_flagged((*prefix, key)):
                continue
            try:
                adapter.validate_python(value)
            except ValidationError as exc:
                first = exc.errors()[0]
                where = ".".join(str(p) for p in first["loc"])
                detail = f" (at {where})" if where else ""
                yield Diagnostic(
                    inv.docs[kind].file,
                    inv.line(kind, *prefix, key),
                    f"{'.'.join(map(str, prefix))}.{key}: {shown(value)} is not a valid {key}: "
                    f"{first['msg']}{detail}",
                    f"write it as {EXAMPLES.get(key, 'its documented type')}",
                )


CHECKS: dict[str, Callable[[Inventory, Settings], Iterator[Diagnostic]]] = {
    "group kinds": check_group_kinds,
    "uniqueness": check_unique,
    "sites and subnets": check_sites,
    "hosts": check_hosts,
    "hardware": check_hardware,
    "peer interfaces": check_peer_interfaces,
    "defaults": check_defaults,
    "overrides": check_overrides,
    "variables": check_variables,
}
"""Every cross-check, by name; all run on every validation."""


def check_all(inv: Inventory, settings: Settings) -> list[Diagnostic]:
    """Run every check in ``CHECKS``."""
    return [problem for check in CHECKS.values() for problem in check(inv, settings)]
