"""Routing show commands: the IP routing table, OSPF neighbours, BGP peers, HSRP groups."""

from __future__ import annotations

import ipaddress

from citynet.ios.names import short_interface_name
from citynet.lab.config_engine import ConfigNode
from citynet.lab.shows.links import live_neighbors
from citynet.lab.shows.model import Interface, interfaces
from citynet.lab.shows.request import ShowRequest


def _ospf_interfaces(root: ConfigNode) -> dict[str, tuple[Interface, bool]]:
    """Interfaces OSPF runs on and is not passive on: name -> (interface, point-to-point)."""
    process = next((n for n in root.children if n.words[:2] == ["router", "ospf"]), None)
    if process is None:
        return {}
    networks: list[ipaddress.IPv4Network] = []
    passive_default = False
    passive: set[str] = set()
    active: set[str] = set()
    for child in process.children:
        cw = child.words
        if cw[:1] == ["network"] and len(cw) >= 3:
            try:
                networks.append(ipaddress.IPv4Network(f"{cw[1]}/{cw[2]}", strict=False))
            except ValueError:
                continue
        elif cw == ["passive-interface", "default"]:
            passive_default = True
        elif cw[:1] == ["passive-interface"] and len(cw) > 1:
            passive.add(cw[1])
        elif cw[:2] == ["no", "passive-interface"] and len(cw) > 2:
            active.add(cw[2])
    p2p = {
        node.words[1]
        for node in root.children
        if node.words[:1] == ["interface"]
        and len(node.words) > 1
        and any(c.words == ["ip", "ospf", "network", "point-to-point"] for c in node.children)
    }
    found: dict[str, tuple[Interface, bool]] = {}
    for intf in interfaces(root):
        if intf.address is None or intf.shutdown:
            continue
        is_passive = intf.name in passive or (passive_default and intf.name not in active)
        address = ipaddress.IPv4Address(intf.address)
        if not is_passive and any(address in net for net in networks):
            found[intf.name] = (intf, intf.name in p2p)
    return found


def _peer_address(intf: Interface) -> str:
    """The other address of a /30 or /31 link (empty for wider subnets)."""
    if intf.address is None or intf.prefix_len is None or intf.prefix_len < 30:
        return ""
    net = ipaddress.IPv4Network(f"{intf.address}/{intf.prefix_len}", strict=False)
    hosts = [str(h) for h in (net.hosts() if net.prefixlen == 30 else net)]
    others = [h for h in hosts if h != intf.address]
    return others[0] if others else ""


def show_ip_ospf_neighbor(request: ShowRequest) -> str:
    """``show ip ospf neighbor``: topology neighbours on the OSPF-enabled, non-passive links.

    Nothing is printed when there is no neighbour, as on IOS.
    """
    root = request.root
    if not any(n.words[:2] == ["router", "ospf"] for n in root.children):
        return "%OSPF: No router process is configured"
    running = _ospf_interfaces(root)
    lines: list[str] = []
    for n in live_neighbors(request):
        found = running.get(n.local_interface)
        address = _peer_address(found[0]) if found else ""
        if found is None or not n.router_id or not address:
            continue
        priority, state = (0, "FULL/  -") if found[1] else (1, "FULL/DR")
        lines.append(
            f"{n.router_id:<15}{priority:>5}   {state:<15} 00:00:35    {address:<15} "
            f"{n.local_interface}"
        )
    if not lines:
        return ""
    header = "Neighbor ID     Pri   State           Dead Time   Address         Interface"
    return "\n".join(["", header, *lines])


def show_standby_brief(request: ShowRequest) -> str:
    """``show standby brief`` from ``standby`` lines."""
    root = request.root
    lines = [
        "                     P indicates configured to preempt.",
        "                     |",
        "Interface   Grp  Pri P State   Active          Standby         Virtual IP",
    ]
    for node in root.children:
        if node.words[:1] != ["interface"] or len(node.words) < 2:
            continue
        groups: dict[str, dict[str, str]] = {}
        for child in node.children:
            cw = child.words
            if cw[:1] == ["standby"] and len(cw) >= 3 and cw[1].isdigit():
                group = groups.setdefault(cw[1], {"pri": "100", "preempt": " ", "vip": ""})
                if cw[2] == "ip" and len(cw) > 3:
                    group["vip"] = cw[3]
                elif cw[2] == "priority" and len(cw) > 3:
                    group["pri"] = cw[3]
                elif cw[2] == "preempt":
                    group["preempt"] = "P"
        short = short_interface_name(node.words[1])
        down = any(child.text == "shutdown" for child in node.children)
        for number, group in sorted(groups.items()):
            active = int(group["pri"]) > 100
            state = "Init   " if down else "Active " if active else "Standby"
            who, other = ("local", "unknown") if active else ("unknown", "local")
            if down:
                who, other = "unknown", "unknown"
            lines.append(
                f"{short:<12}{number:<5}{group['pri']:<4}{group['preempt']} {state} "
                f"{who:<16}{other:<16}{group['vip']}"
            )
    return "\n".join(lines)


def show_ip_route(request: ShowRequest) -> str:
    """``show ip route``: connected, local and static routes from the configuration."""
    root = request.root
    lines = [
        "Codes: L - local, C - connected, S - static, R - RIP, M - mobile, B - BGP",
        "       D - EIGRP, EX - EIGRP external, O - OSPF, IA - OSPF inter area ",
        "       N1 - OSPF NSSA external type 1, N2 - OSPF NSSA external type 2",
        "       E1 - OSPF external type 1, E2 - OSPF external type 2",
        "       i - IS-IS, su - IS-IS summary, L1 - IS-IS level-1, L2 - IS-IS level-2",
        "       ia - IS-IS inter area, * - candidate default, U - per-user static route",
        "       o - ODR, P - periodic downloaded static route, H - NHRP, l - LISP",
        "       + - replicated route, % - next hop override",
        "",
    ]
    static = [n.words for n in root.children if n.words[:2] == ["ip", "route"]]
    default = next((w for w in static if w[2:4] == ["0.0.0.0", "0.0.0.0"]), None)
    lines.append(
        f"Gateway of last resort is {default[4]} to network 0.0.0.0"
        if default and len(default) > 4
        else "Gateway of last resort is not set"
    )
    lines.append("")
    routes: list[tuple[ipaddress.IPv4Network, str, str]] = []  # (prefix, code, rest)
    for words in static:
        if len(words) < 5:
            continue
        try:
            net = ipaddress.IPv4Network(f"{words[2]}/{words[3]}", strict=False)
        except ValueError:
            continue
        hop = words[4]
        distance = words[5] if len(words) > 5 and words[5].isdigit() else "1"
        code = "S*" if net.prefixlen == 0 else "S"
        if hop[:1].isdigit():
            routes.append((net, code, f"[{distance}/0] via {hop}"))
        else:
            routes.append((net, code, f"is directly connected, {hop}"))
    for intf in interfaces(root):
        if not intf.address or intf.shutdown or intf.prefix_len is None:
            continue
        net = ipaddress.IPv4Network(f"{intf.address}/{intf.prefix_len}", strict=False)
        if net.prefixlen < 32:
            routes.append((net, "C", f"is directly connected, {intf.name}"))
        local = ipaddress.IPv4Network(f"{intf.address}/32")
        routes.append((local, "L", f"is directly connected, {intf.name}"))
    return "\n".join(lines + _route_table(routes))


def _classful(net: ipaddress.IPv4Network) -> ipaddress.IPv4Network:
    """The class A, B or C network an IPv4 prefix belongs to."""
    first = net.network_address.packed[0]
    length = 8 if first < 128 else 16 if first < 192 else 24
    return ipaddress.IPv4Network(f"{net.network_address}/{length}", strict=False)


def _route_table(routes: list[tuple[ipaddress.IPv4Network, str, str]]) -> list[str]:
    """Route lines grouped under their classful network, as IOS prints them.

    Supernets (and a classful network without subnets) are printed on their own; subnets
    follow an ``is subnetted`` line (one mask: no lengths on the lines) or an ``is variably
    subnetted`` one.
    """
    top: list[tuple[ipaddress.IPv4Network, str, str]] = []
    groups: dict[ipaddress.IPv4Network, list[tuple[ipaddress.IPv4Network, str, str]]] = {}
    for route in routes:
        major = _classful(route[0])
        if route[0].prefixlen < major.prefixlen:
            top.append(route)
        else:
            groups.setdefault(major, []).append(route)
    for major, members in list(groups.items()):
        if all(net.prefixlen == major.prefixlen for net, _, _ in members):
            top.extend(groups.pop(major))  # the classful network itself, not subnetted
    entries: list[tuple[ipaddress.IPv4Network, list[str]]] = []
    for net, code, rest in top:
        entries.append((net, [f"{code:<6}{net} {rest}"]))
    for major, members in groups.items():
        members.sort(key=lambda r: (r[0].network_address, r[0].prefixlen))
        masks = sorted({r[0].prefixlen for r in members})
        count = f"{len(members)} subnets"  # IOS says "1 subnets" too
        if len(masks) == 1:
            head = f"      {major.network_address}/{masks[0]} is subnetted, {count}"
            body = [f"{code:<9}{net.network_address} {rest}" for net, code, rest in members]
        else:
            head = f"      {major} is variably subnetted, {count}, {len(masks)} masks"
            body = [f"{code:<9}{net} {rest}" for net, code, rest in members]
        entries.append((major, [head, *body]))
    entries.sort(key=lambda e: (e[0].network_address, e[0].prefixlen))
    return [line for _, block in entries for line in block]


def show_ip_bgp_summary(request: ShowRequest) -> str:
    """``show ip bgp summary`` (peers never come up inside the lab)."""
    root = request.root
    router = next((n for n in root.children if n.words[:2] == ["router", "bgp"]), None)
    if router is None or len(router.words) < 3:
        return "% BGP not active"
    asn = router.words[2]
    rid = next(
        (c.words[2] for c in router.children if c.words[:2] == ["bgp", "router-id"]), "0.0.0.0"
    )
    lines = [
        f"BGP router identifier {rid}, local AS number {asn}",
        "BGP table version is 1, main routing table version 1",
        "",
        "Neighbor        V           AS MsgRcvd MsgSent   TblVer  InQ OutQ Up/Down  State/PfxRcd",
    ]
    for child in router.children:
        cw = child.words
        if cw[:1] == ["neighbor"] and len(cw) >= 4 and cw[2] == "remote-as":
            counters = "       0       0        1    0    0 never    Idle"
            lines.append(f"{cw[1]:<16}4 {cw[3]:>12}{counters}")
    return "\n".join(lines)
