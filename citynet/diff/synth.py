"""Synthetic IOS / IOS-XE device configurations, and plausible drift between them.

``device(rng, interfaces=N)`` builds the tree of a campus switch / voice
gateway (VLANs, access and trunk ports, SVIs with HSRP, access lists named and
numbered, prefix lists, route-maps, BGP with address families, voice
translation rules, codec classes, dial-peers, banners, secrets); ``mutate``
applies random edits of the kinds the engine must get right. Deterministic for
a given ``random.Random``; pure, no I/O.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence

from citynet.diff.parse import Node
from citynet.ios.vlans import format_vlans, parse_vlans

NOISE_HEAD = (
    "Building configuration...",
    "",
    "Current configuration : 48213 bytes",
    "!",
    "! Last configuration change at 10:01:22 UTC Tue Nov 24 2026 by admin",
    "! NVRAM config last updated at 10:01:25 UTC Tue Nov 24 2026 by admin",
    "!",
)
NOISE_TAIL = ("!", "ntp clock-period 36028797018963968", "end")


def _n(text: str, *children: Node, body: tuple[str, ...] | None = None) -> Node:
    node = Node(text, body=body)
    node.children = list(children)
    return node


def _ip(rng: random.Random, net: int = 10) -> str:
    return f"{net}.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"


def _acl_entry(rng: random.Random) -> str:
    action = rng.choice(("permit", "permit", "deny"))
    proto = rng.choice(("ip", "tcp", "udp"))
    src = f"{_ip(rng)} 0.0.0.{rng.choice((0, 3, 7, 15, 255))}"
    dst = rng.choice(("any", f"host {_ip(rng)}"))
    port = f" eq {rng.choice((22, 53, 80, 123, 443, 5060))}" if proto != "ip" else ""
    return f"{action} {proto} {src} {dst}{port}"


def _named_acl(rng: random.Random, name: str, count: int, numbered: bool) -> Node:
    entries = [f"remark {name} rule set {rng.randint(1, 99)}"]
    entries += [_acl_entry(rng) for _ in range(count)]
    entries = list(dict.fromkeys(entries))
    if numbered:
        step = rng.choice((10, 10, 100, 7))
        entries = [f"{step * (i + 1)} {e}" for i, e in enumerate(entries)]
    return _n(f"ip access-list extended {name}", *(_n(e) for e in entries))


def device(rng: random.Random, *, interfaces: int = 48, acl_entries: int = 12) -> Node:
    """A device configuration tree; about ``20 * interfaces + 250`` lines."""
    name = f"sw-{rng.randint(1, 85):02d}-{rng.randint(1, 40):02d}"
    vlans = sorted(rng.sample(range(10, 400), 12))
    root = _n("")
    root.ctx = "root"
    top = root.children
    top += [
        _n("version 17.9"),
        _n("service timestamps debug datetime msec"),
        _n("service timestamps log datetime msec"),
        _n("service password-encryption"),
        _n(f"hostname {name}"),
        _n("vrf definition MGMT", _n("rd 65000:1"), _n("address-family ipv4")),
        _n("logging buffered 64000"),
        _n("logging console informational"),
        _n("enable secret <redacted>"),
        _n("aaa new-model"),
        _n("aaa authentication login default group tacacs+ local"),
        _n("aaa authorization exec default group tacacs+ local"),
        _n("clock timezone EST -5 0"),
        _n("no ip domain lookup"),
        _n("ip domain name city.example.gov"),
        _n("username netops privilege 15 secret <redacted>"),
        _n("spanning-tree mode rapid-pvst"),
    ]
    for vlan in vlans:
        top.append(
            _n(f"vlan {vlan}", _n(f"name VLAN_{vlan}_{rng.choice(('DATA', 'VOICE', 'MGMT'))}"))
        )
    top.append(_n("interface Loopback0", _n(f"ip address {_ip(rng)} 255.255.255.255")))
    for port in range(1, interfaces + 1):
        iface = _n(f"interface GigabitEthernet1/0/{port}")
        kids = iface.children
        kids.append(_n(f"description user port {port} room {rng.randint(100, 999)}"))
        if rng.random() < 0.2:
            allowed = sorted(rng.sample(vlans, rng.randint(2, 8)))
            kids += [
                _n("switchport trunk native vlan 999"),
                _n(f"switchport trunk allowed vlan {format_vlans(allowed)}"),
                _n("switchport mode trunk"),
            ]
        else:
            kids += [
                _n(f"switchport access vlan {rng.choice(vlans)}"),
                _n("switchport mode access"),
                _n(f"switchport voice vlan {vlans[1]}"),
                _n("spanning-tree portfast"),
                _n("spanning-tree bpduguard enable"),
            ]
            if rng.random() < 0.3:
                kids.append(_n("power inline static"))
        kids += [_n("storm-control broadcast level 1.00"), _n("ip dhcp snooping limit rate 15")]
        if rng.random() < 0.1:
            kids.append(_n("shutdown"))
        top.append(iface)
    for number, vlan in enumerate(vlans[:6]):
        top.append(
            _n(
                f"interface Vlan{vlan}",
                _n(f"description SVI {vlan}"),
                _n(f"ip address 10.{number}.{vlan % 250}.2 255.255.255.0"),
                _n(f"ip helper-address {_ip(rng)}"),
                _n(f"standby 1 ip 10.{number}.{vlan % 250}.1"),
                _n(f"standby 1 priority {rng.choice((90, 100, 110, 120))}"),
                _n("standby 1 preempt"),
                _n(f"ip access-group ACL-VLAN{number} in"),
            )
        )
    for number in range(6):
        top.append(_named_acl(rng, f"ACL-VLAN{number}", acl_entries, rng.random() < 0.6))
    for number in (10, 20):
        hosts = list(dict.fromkeys(f"permit {_ip(rng)}" for _ in range(5)))
        top += [_n(f"access-list {number} {h}") for h in hosts]
    for seq in range(5, 30, 5):
        top.append(_n(f"ip prefix-list PL-OUT seq {seq} permit {_ip(rng)[:-2]}0/24"))
    for seq in (10, 20):
        top.append(
            _n(
                f"route-map RM-OUT permit {seq}",
                _n("match ip address prefix-list PL-OUT"),
                _n(f"set local-preference {rng.choice((100, 150, 200))}"),
            )
        )
    neighbors = [_ip(rng, 172) for _ in range(3)]
    bgp = _n("router bgp 65010", _n(f"bgp router-id {_ip(rng)}"), _n("bgp log-neighbor-changes"))
    for nbr in neighbors:
        bgp.children += [
            _n(f"neighbor {nbr} remote-as {rng.randint(65001, 65099)}"),
            _n(f"neighbor {nbr} description peer {nbr}"),
        ]
    af = _n("address-family ipv4")
    for nbr in neighbors:
        af.children += [_n(f"neighbor {nbr} activate"), _n(f"neighbor {nbr} route-map RM-OUT out")]
    bgp.children.append(af)
    top.append(bgp)
    top += [
        _n(f"ip route 0.0.0.0 0.0.0.0 {_ip(rng)}"),
        _n(f"ip route 10.99.0.0 255.255.0.0 {_ip(rng)}"),
    ]
    for number in range(1, 4):
        rule = _n(f"voice translation-rule {number}")
        for r in range(1, 4):
            rule.children.append(_n(f"rule {r} /^{number}{r}(..)$/ /555{r}\\1/"))
        top.append(rule)
        top.append(
            _n(
                f"voice translation-profile XLATE-{number}",
                _n(f"translate called {number}"),
            )
        )
    top.append(
        _n(
            "voice class codec 1",
            _n("codec preference 1 g711ulaw"),
            _n("codec preference 2 g729r8"),
        )
    )
    for tag in range(100, 106):
        top.append(
            _n(
                f"dial-peer voice {tag} voip",
                _n(f"description trunk {tag}"),
                _n(f"destination-pattern {tag % 10}...."),
                _n(f"session target ipv4:{_ip(rng)}"),
                _n("session protocol sipv2"),
                _n("voice-class codec 1"),
                _n("dtmf-relay rtp-nte"),
                _n("translation-profile outgoing XLATE-1"),
            )
        )
    top += [
        _n("snmp-server community <redacted> RO 10"),
        _n(f"snmp-server location Building {rng.randint(1, 300)}"),
        _n("snmp-server contact noc@city.example.gov"),
    ]
    top += [_n(f"ntp server {_ip(rng)}") for _ in range(2)]
    top += [_n(f"logging host {_ip(rng)}") for _ in range(2)]
    top.append(_n("banner motd", body=("Authorized access only.", f"Device {name}")))
    top += [
        _n("line con 0", _n("exec-timeout 5 0"), _n("logging synchronous")),
        _n(
            "line vty 0 4",
            _n("access-class 10 in"),
            _n("exec-timeout 10 0"),
            _n("transport input ssh"),
        ),
    ]
    return root


def render(root: Node, *, noise: bool = False) -> str:
    """Configuration text of a tree, with ``!`` separators, optionally device noise."""
    out: list[str] = list(NOISE_HEAD) if noise else []
    for child in root.children:
        out.extend(child.lines())
        if child.children:
            out.append("!")
    if noise:
        out.extend(NOISE_TAIL)
    return "\n".join(out) + "\n"


# ----------------------------------------------------------------- mutations
def _pick(rng: random.Random, root: Node, prefix: str) -> Node | None:
    found = [c for c in root.children if c.text.startswith(prefix)]
    return rng.choice(found) if found else None


def _set_child(section: Node, prefix: str, text: str | None) -> None:
    for child in section.children:
        if child.text.startswith(prefix):
            if text is None:
                section.children.remove(child)
            else:
                child.text = text
            return
    if text is not None:
        section.children.append(Node(text))


def _m_hostname(rng: random.Random, root: Node) -> None:
    _set_child(root, "hostname ", f"hostname sw-new-{rng.randint(1, 999)}")


def _m_description(rng: random.Random, root: Node) -> None:
    iface = _pick(rng, root, "interface ")
    if iface:
        _set_child(iface, "description ", f"description moved {rng.randint(1, 9999)}")


def _m_access_vlan(rng: random.Random, root: Node) -> None:
    iface = _pick(rng, root, "interface GigabitEthernet")
    if iface and any(c.text.startswith("switchport access vlan") for c in iface.children):
        _set_child(iface, "switchport access vlan ", f"switchport access vlan {rng.randint(2, 99)}")


def _m_hsrp(rng: random.Random, root: Node) -> None:
    iface = _pick(rng, root, "interface Vlan")
    if iface:
        _set_child(iface, "standby 1 priority ", f"standby 1 priority {rng.randint(1, 254)}")


def _m_trunk(rng: random.Random, root: Node) -> None:
    trunks = [
        c
        for c in root.children
        if any(k.text.startswith("switchport trunk allowed vlan ") for k in c.children)
    ]
    if not trunks:
        return
    iface = rng.choice(trunks)
    line = next(k for k in iface.children if k.text.startswith("switchport trunk allowed vlan "))
    current = set(parse_vlans(line.text.split()[-1]) or ())
    current ^= set(rng.sample(range(2, 50), rng.randint(1, 4)))
    line.text = f"switchport trunk allowed vlan {format_vlans(current)}"


def _m_acl(rng: random.Random, root: Node) -> None:
    acl = _pick(rng, root, "ip access-list ")
    if acl is None or not acl.children:
        return
    kids = acl.children
    numbered = kids[0].text.split()[0].isdigit()
    op = rng.choice(("insert", "delete", "remark", "swap", "change", "append"))
    i = rng.randrange(len(kids))
    if op == "delete" and len(kids) > 1:
        del kids[i]
    elif op == "remark":
        remark = next((k for k in kids if "remark " in k.text), None)
        if remark is not None:
            head = remark.text.split("remark ")[0]
            remark.text = f"{head}remark changed {rng.randint(1, 999)}"
    elif op in ("swap", "change") and len(kids) > 1:
        j = rng.randrange(len(kids))
        if numbered:
            si, bi = kids[i].text.split(" ", 1)
            sj, bj = kids[j].text.split(" ", 1)
            if op == "swap":
                kids[i].text, kids[j].text = f"{si} {bj}", f"{sj} {bi}"
            else:
                kids[i].text = f"{si} {_acl_entry(rng)}"
        elif op == "swap":
            kids[i], kids[j] = kids[j], kids[i]
        else:
            kids[i].text = _acl_entry(rng)
    elif op == "insert":
        if numbered:
            lo = int(kids[i - 1].text.split()[0]) if i else 0
            hi = int(kids[i].text.split()[0])
            if hi - lo > 1:
                kids.insert(i, Node(f"{(lo + hi) // 2} {_acl_entry(rng)}"))
        else:
            kids.insert(i, Node(_acl_entry(rng)))
    else:
        if numbered:
            last = int(kids[-1].text.split()[0])
            kids.append(Node(f"{last + 10} {_acl_entry(rng)}"))
        else:
            kids.append(Node(_acl_entry(rng)))
    # keep bodies unique, as a device would
    seen: set[str] = set()
    unique = []
    for kid in kids:
        body = kid.text.split(" ", 1)[1] if numbered else kid.text
        if body not in seen:
            seen.add(body)
            unique.append(kid)
    acl.children = unique


def _m_numbered(rng: random.Random, root: Node) -> None:
    lines = [c for c in root.children if c.text.startswith("access-list 10 ")]
    if len(lines) < 2:
        return
    first = root.children.index(lines[0])
    op = rng.choice(("swap", "delete", "insert"))
    if op == "swap":
        a, b = rng.sample(range(len(lines)), 2)
        lines[a], lines[b] = lines[b], lines[a]
    elif op == "delete":
        lines.pop(rng.randrange(len(lines)))
    else:
        text = f"access-list 10 permit {_ip(rng)}"
        if all(line.text != text for line in lines):
            lines.insert(rng.randrange(len(lines) + 1), Node(text))
    rest = [c for c in root.children if not c.text.startswith("access-list 10 ")]
    rest[first:first] = lines
    root.children = rest


def _m_ntp(rng: random.Random, root: Node) -> None:
    servers = [c for c in root.children if c.text.startswith("ntp server ")]
    if servers and rng.random() < 0.5:
        root.children.remove(rng.choice(servers))
    else:
        root.children.append(Node(f"ntp server {_ip(rng, 192)}"))


def _m_banner(rng: random.Random, root: Node) -> None:
    banner = _pick(rng, root, "banner ")
    if banner is not None:
        banner.body = ("Authorized access only.", f"Changed {rng.randint(1, 999)}", "")[:2]


def _m_loopback(rng: random.Random, root: Node) -> None:
    existing = [c for c in root.children if c.text.startswith("interface Loopback")]
    if len(existing) > 1 and rng.random() < 0.5:
        root.children.remove(existing[-1])
    else:
        number = rng.randint(1, 99)
        if not any(c.text == f"interface Loopback{number}" for c in root.children):
            root.children.append(
                _n(f"interface Loopback{number}", _n(f"ip address {_ip(rng)} 255.255.255.255"))
            )


def _m_physical(rng: random.Random, root: Node) -> None:
    iface = _pick(rng, root, "interface GigabitEthernet")
    if iface is not None:
        root.children.remove(iface)


def _m_bgp(rng: random.Random, root: Node) -> None:
    bgp = _pick(rng, root, "router bgp ")
    if bgp is None:
        return
    af = next(c for c in bgp.children if c.text.startswith("address-family"))
    op = rng.choice(("add", "remove", "describe", "router-id"))
    nbrs = sorted(
        {
            c.text.split()[1]
            for c in bgp.children
            if c.text.endswith(tuple("0123456789"))
            and c.text.startswith("neighbor ")
            and " remote-as " in c.text
        }
    )
    if op == "add":
        nbr = _ip(rng, 172)
        bgp.children.insert(-1, Node(f"neighbor {nbr} remote-as 65100"))
        af.children.append(Node(f"neighbor {nbr} activate"))
    elif op == "remove" and nbrs:
        nbr = rng.choice(nbrs)
        bgp.children = [c for c in bgp.children if not c.text.startswith(f"neighbor {nbr} ")]
        af.children = [c for c in af.children if not c.text.startswith(f"neighbor {nbr} ")]
    elif op == "describe" and nbrs:
        nbr = rng.choice(nbrs)
        _set_child(bgp, f"neighbor {nbr} description ", f"neighbor {nbr} description new peer")
    else:
        _set_child(bgp, "bgp router-id ", f"bgp router-id {_ip(rng)}")


def _m_translation(rng: random.Random, root: Node) -> None:
    rule = _pick(rng, root, "voice translation-rule ")
    if rule is not None and rule.children:
        kid = rng.choice(rule.children)
        number = kid.text.split()[1]
        kid.text = f"rule {number} /^9{rng.randint(0, 9)}(.*)$/ /\\1/"


def _m_codec(rng: random.Random, root: Node) -> None:
    codec = _pick(rng, root, "voice class codec ")
    if codec is not None:
        _set_child(
            codec,
            "codec preference 2 ",
            f"codec preference 2 {rng.choice(('g729br8', 'g722-64', 'opus'))}",
        )


def _m_dial_peer(rng: random.Random, root: Node) -> None:
    peer = _pick(rng, root, "dial-peer voice ")
    if peer is None:
        return
    op = rng.choice(("pattern", "pots", "remove", "add"))
    if op == "pattern":
        _set_child(peer, "destination-pattern ", f"destination-pattern {rng.randint(2, 9)}T")
    elif op == "pots":
        tag = peer.text.split()[2]
        peer.text = f"dial-peer voice {tag} pots"
        peer.children = [_n(f"destination-pattern 9{tag}"), _n("port 0/1/0")]
    elif op == "remove":
        root.children.remove(peer)
    else:
        tag = str(rng.randint(200, 999))
        if not any(c.text.startswith(f"dial-peer voice {tag} ") for c in root.children):
            root.children.append(
                _n(
                    f"dial-peer voice {tag} voip",
                    _n(f"destination-pattern {tag}T"),
                    _n("session protocol sipv2"),
                )
            )


def _m_route_map(rng: random.Random, root: Node) -> None:
    rmap = _pick(rng, root, "route-map ")
    if rmap is None:
        return
    if rng.random() < 0.5:
        _set_child(rmap, "set local-preference ", f"set local-preference {rng.randint(1, 500)}")
    else:
        words = rmap.text.split()
        words[2] = "deny" if words[2] == "permit" else "permit"
        rmap.text = " ".join(words)


def _m_prefix_list(rng: random.Random, root: Node) -> None:
    entry = _pick(rng, root, "ip prefix-list ")
    if entry is not None:
        words = entry.text.split()
        entry.text = " ".join([*words[:5], "permit", f"{_ip(rng, 100)[:-2]}0/24", "le 32"])


def _m_shutdown(rng: random.Random, root: Node) -> None:
    iface = _pick(rng, root, "interface GigabitEthernet")
    if iface is None:
        return
    shut = next((c for c in iface.children if c.text == "shutdown"), None)
    if shut is not None:
        iface.children.remove(shut)
    else:
        iface.children.append(Node("shutdown"))


def _m_vrf(rng: random.Random, root: Node) -> None:
    iface = _pick(rng, root, "interface Vlan")
    if iface is None:
        return
    vrf = next((c for c in iface.children if c.text.startswith("vrf forwarding")), None)
    if vrf is not None:
        iface.children.remove(vrf)
    else:
        iface.children.insert(0, Node("vrf forwarding MGMT"))


def _m_logging(rng: random.Random, root: Node) -> None:
    choice = rng.choice(
        ("logging console warnings", "no logging console", "logging console debugging")
    )
    _set_child(root, "logging console", None)
    _set_child(root, "no logging console", None)
    root.children.append(Node(choice))


def _m_domain_lookup(rng: random.Random, root: Node) -> None:
    line = next((c for c in root.children if c.text == "no ip domain lookup"), None)
    if line is not None:
        root.children.remove(line)
    else:
        root.children.append(Node("no ip domain lookup"))


def _m_route(rng: random.Random, root: Node) -> None:
    route = _pick(rng, root, "ip route ")
    op = rng.random()
    if route is not None and op < 0.4:
        words = route.text.split()[:5]
        route.text = " ".join([*words, str(rng.randint(2, 250))])
    elif route is not None and op < 0.6:
        root.children.remove(route)
    else:
        root.children.append(Node(f"ip route {_ip(rng, 10)[:-2]}0 255.255.255.0 {_ip(rng)}"))


def _m_snmp(rng: random.Random, root: Node) -> None:
    _set_child(root, "snmp-server location ", f"snmp-server location Annex {rng.randint(1, 99)}")


def _m_username(rng: random.Random, root: Node) -> None:
    users = [c for c in root.children if c.text.startswith("username ")]
    if users and rng.random() < 0.5:
        root.children.remove(rng.choice(users))
    else:
        name = f"tech{rng.randint(1, 99)}"
        _set_child(root, f"username {name} ", f"username {name} privilege 5 secret <redacted>")


def _m_line(rng: random.Random, root: Node) -> None:
    line = _pick(rng, root, "line ")
    if line is not None:
        _set_child(line, "exec-timeout ", f"exec-timeout {rng.randint(1, 30)} 0")


def _m_vlan(rng: random.Random, root: Node) -> None:
    vlan = _pick(rng, root, "vlan ")
    if vlan is None:
        return
    if rng.random() < 0.5:
        _set_child(vlan, "name ", f"name RENAMED_{rng.randint(1, 99)}")
    else:
        number = rng.randint(400, 999)
        if not any(c.text == f"vlan {number}" for c in root.children):
            root.children.append(_n(f"vlan {number}", _n(f"name NEW_{number}")))


MUTATIONS: dict[str, Callable[[random.Random, Node], None]] = {
    "hostname": _m_hostname,
    "description": _m_description,
    "access-vlan": _m_access_vlan,
    "hsrp-priority": _m_hsrp,
    "trunk-allowed": _m_trunk,
    "acl": _m_acl,
    "numbered-acl": _m_numbered,
    "ntp": _m_ntp,
    "banner": _m_banner,
    "loopback": _m_loopback,
    "physical-interface": _m_physical,
    "bgp": _m_bgp,
    "translation-rule": _m_translation,
    "codec-preference": _m_codec,
    "dial-peer": _m_dial_peer,
    "route-map": _m_route_map,
    "prefix-list": _m_prefix_list,
    "shutdown": _m_shutdown,
    "vrf": _m_vrf,
    "logging-console": _m_logging,
    "domain-lookup": _m_domain_lookup,
    "ip-route": _m_route,
    "snmp-location": _m_snmp,
    "username": _m_username,
    "line": _m_line,
    "vlan": _m_vlan,
}


def mutate(
    rng: random.Random, root: Node, count: int, kinds: Sequence[str] | None = None
) -> tuple[Node, list[str]]:
    """A copy of ``root`` with ``count`` random edits (of ``kinds``, default all).

    Returns the new tree and the names of the edits made.
    """
    new = root.copy()
    names = [rng.choice(sorted(kinds or MUTATIONS)) for _ in range(count)]
    for name in names:
        MUTATIONS[name](rng, new)
    return new, names
