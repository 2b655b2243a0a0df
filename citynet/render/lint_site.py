"""Checks across the devices of one site, on their rendered configurations.

- **Unreachable sources**: a device sources SSH, AAA, logging, NTP, SNMP, SIP,
  SCCP or SRST from an interface (or address) that no route reaches: a /32
  that the device advertises in no routing protocol and that no other device
  of its site routes to (a route to Null0 does not count).
- **Null0-only anchors**: at a site with two routers, a router advertises a
  prefix in BGP that only an unconditional route to Null0 puts in its table,
  so it keeps attracting the site's traffic when its own LAN side is down.
- **Spanning-tree root ties**: two devices of a site with the same
  ``spanning-tree vlan ... priority``, so the root is picked by MAC address
  rather than following the HSRP active core.

A site is checked only when every device of it is among the configurations
(views tell which devices a site has; without views all configurations are
one site).
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterator

from citynet.diagnostics import Diagnostic
from citynet.inventory.model import HostView
from citynet.inventory.schema import Role
from citynet.render.scan import Line, Route, Scan, commands_of


def lint_sites(
    scans: dict[str, Scan], views: dict[str, HostView], file_of: dict[str, str]
) -> list[Diagnostic]:
    """Every site check on every complete site."""
    sites: dict[str, list[str]] = {}
    for host in scans:
        sites.setdefault(views[host].site if host in views else "", []).append(host)
    members: dict[str, set[str]] = {}
    routers: dict[str, int] = {}
    for name, view in views.items():
        members.setdefault(view.site, set()).add(name)
        if view.role is Role.ROUTER:
            routers[view.site] = routers.get(view.site, 0) + 1
    problems: list[Diagnostic] = []
    for site, hosts in sites.items():
        if site in members and not members[site] <= set(scans):
            continue  # part of the site only: what the others route is unknown
        site_scans = {host: scans[host] for host in sorted(hosts)}
        bgp_routers = routers.get(site, sum(1 for s in site_scans.values() if s.bgp))
        problems.extend(_unreachable_sources(site_scans, file_of))
        if bgp_routers >= 2:
            problems.extend(_null_anchors(site_scans, file_of))
        problems.extend(_root_ties(site_scans, file_of))
    return problems


def _advertised(scan: Scan, address: ipaddress.IPv4Address) -> bool:
    """Whether a device puts one of its own addresses into a routing protocol."""
    if scan.redistributes_connected:
        return True
    if any(address in net for _, net in scan.ospf_networks):
        return True
    return any(
        net.prefixlen == 32 and net.network_address == address for _, net in scan.bgp_networks
    )


def _best(routes: list[Route], address: ipaddress.IPv4Address) -> Route | None:
    """The longest static route containing ``address``."""
    best: Route | None = None
    for route in routes:
        if address in route.prefix and (
            best is None or route.prefix.prefixlen > best.prefix.prefixlen
        ):
            best = route
    return best


def _unreachable_sources(scans: dict[str, Scan], file_of: dict[str, str]) -> Iterator[Diagnostic]:
    for host, scan in scans.items():
        wanted: dict[ipaddress.IPv4Address, tuple[str, list[tuple[Line, str]]]] = {}
        for interface, uses in scan.sources.items():
            configured = scan.interface_address(interface)
            if configured is None or configured.network.prefixlen < 32:
                continue  # undefined (reported elsewhere), or on a connected subnet
            wanted.setdefault(configured.ip, (interface, []))[1].extend(uses)
        for line, command, source in scan.source_addresses:
            own = next((a for _, _, _, a in scan.addresses if a.ip == source), None)
            if own is not None and own.network.prefixlen == 32:
                wanted.setdefault(source, (f"address {source}", []))[1].append((line, command))
        for address, (what, uses) in wanted.items():
            if _advertised(scan, address):
                continue
            nulls: list[str] = []
            reached = False
            for other, other_scan in scans.items():
                if other == host:
                    continue
                best = _best(other_scan.routes, address)
                if best is None:
                    continue
                if best.to_null:
                    nulls.append(f"{other} sends {best.prefix} to Null0")
                else:
                    reached = True
                    break
            if reached:
                continue
            why = "; ".join(nulls) if nulls else "no device of the site has a route to it"
            yield Diagnostic(
                file_of[host],
                min(line.no for line, _ in uses),
                f"{what} ({address}) is the source of {', '.join(commands_of(uses))}, but no "
                f"route reaches it: {host} advertises it in no routing protocol and {why}",
                "route to it (a static route on the site's router, or on its cores "
                "redistributed into OSPF), or source these from an interface the network "
                "reaches",
                host=host,
            )


def _null_anchors(scans: dict[str, Scan], file_of: dict[str, str]) -> Iterator[Diagnostic]:
    for host, scan in scans.items():
        if not scan.bgp:
            continue
        connected = {address.network for _, _, _, address in scan.addresses}
        for line, net in scan.bgp_networks:
            if net in connected:
                continue
            anchors = [route for route in scan.routes if route.prefix == net]
            if anchors and all(route.to_null and route.track is None for route in anchors):
                yield Diagnostic(
                    file_of[host],
                    line.no,
                    f"{host} advertises {net} from a route to Null0 only "
                    f"(line {anchors[0].line.no}), at a site with two routers: it keeps "
                    "drawing the site's traffic when its own LAN side is down",
                    "make the anchor conditional on the LAN side (ip route ... Null0 "
                    "track N, tracking a route learned from the site's cores)",
                    host=host,
                )


def _root_ties(scans: dict[str, Scan], file_of: dict[str, str]) -> Iterator[Diagnostic]:
    owners: dict[tuple[int, int], str] = {}
    for host, scan in scans.items():
        for line, vlans, priority in scan.stp:
            clashes: dict[str, list[int]] = {}
            for vlan in vlans:
                other = owners.setdefault((vlan, priority), host)
                if other != host:
                    clashes.setdefault(other, []).append(vlan)
            for other, shared in clashes.items():
                yield Diagnostic(
                    file_of[host],
                    line.no,
                    f"spanning-tree priority {priority} of {host} is also {other}'s for VLAN"
                    f"{'s' if len(shared) > 1 else ''} {_vlans(shared)}: the root is then "
                    "picked by MAC address, not by the HSRP active core",
                    "give each device of the site its own priority (the HSRP active core "
                    "the lowest)",
                    host=host,
                )


def _vlans(ids: list[int]) -> str:
    from citynet.ios.vlans import format_vlans

    return format_vlans(set(ids))
