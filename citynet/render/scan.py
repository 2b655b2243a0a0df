"""Read a rendered configuration once: the facts every lint check needs.

One pass over the lines collects the objects a configuration defines and the
ones it uses (each with the line of its first definition or use), its
interface addresses, static routes, routing-protocol networks, the interfaces
commands are sourced from, spanning-tree priorities and the module slots its
voice commands name. Access switches repeat the same port body hundreds of
times: an indented line already seen in the same kind of section adds nothing
to the references, so it is skipped after its address (if any) is read.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any


@dataclass(frozen=True)
class Line:
    """One configuration line with its number and its top-level section line."""

    no: int
    text: str
    section: str


def config_lines(text: str) -> list[Line]:
    """Lines of a configuration with their section; banner bodies and ``!`` are skipped."""
    result: list[Line] = []
    section = ""
    banner_end: str | None = None
    for no, raw in enumerate(text.splitlines(), start=1):
        if banner_end is not None:
            if banner_end in raw:
                banner_end = None
            continue
        stripped = raw.strip()
        if not stripped or stripped.startswith("!"):
            continue
        if not raw.startswith(" "):
            section = stripped
            if stripped.startswith("banner "):
                banner_end = _banner_delimiter(stripped)
        result.append(Line(no, stripped, section))
    return result


def _banner_delimiter(line: str) -> str | None:
    """The delimiter a banner's body ends with, when the body continues past this line."""
    if "^C" in line:
        delimiter = "^C"
    else:
        match = re.match(r"banner \S+ (\S)", line)
        delimiter = match.group(1) if match else ""
    rest = line.split(delimiter, 1)[1] if delimiter and delimiter in line else ""
    return delimiter if delimiter and delimiter not in rest else None


# (kind, pattern) pairs: group 1 (or every name in it, for lists) is the object.
DEFINITIONS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(pattern))
    for kind, pattern in (
        ("access-list", r"^ip access-list (?:standard|extended) (\S+)$"),
        ("access-list", r"^access-list (\d+) "),
        ("prefix-list", r"^ip prefix-list (\S+) "),
        ("route-map", r"^route-map (\S+) "),
        ("class-map", r"^class-map (?:match-any |match-all )?(\S+)$"),
        ("policy-map", r"^policy-map (\S+)$"),
        ("vlan", r"^vlan ([\d,-]+)$"),
        ("translation-rule", r"^voice translation-rule (\d+)$"),
        ("translation-profile", r"^voice translation-profile (\S+)$"),
        ("voice class codec", r"^voice class codec (\d+)$"),
        ("voice-port", r"^voice-port (\S+)$"),
        ("tacacs server", r"^tacacs server (\S+)$"),
        ("radius server", r"^radius server (\S+)$"),
        ("aaa server group", r"^aaa group server (?:tacacs\+|radius) (\S+)$"),
        ("snmp view", r"^snmp-server view (\S+) "),
        ("interface", r"^interface (\S+)$"),
        ("dspfarm profile", r"^dspfarm profile (\d+) "),
        ("key chain", r"^key chain (\S+)$"),
        ("track", r"^track (\d+) "),
    )
)

REFERENCES: tuple[tuple[str, str | None, re.Pattern[str]], ...] = tuple(
    (kind, section, re.compile(pattern))
    for kind, section, pattern in (
        ("access-list", None, r"^ip access-group (\S+) (?:in|out)$"),
        ("access-list", None, r"^access-class (\S+) in"),
        ("access-list", None, r"^snmp-server group \S+ v3 \S+ .*access (\S+)$"),
        ("access-list", "route-map", r"^match ip address (?!prefix-list)(.+)$"),
        ("access-list", "class-map", r"^match access-group name (\S+)$"),
        ("prefix-list", "route-map", r"^match ip address prefix-list (.+)$"),
        ("prefix-list", None, r"^neighbor \S+ prefix-list (\S+) (?:in|out)$"),
        ("route-map", None, r"^neighbor \S+ route-map (\S+) (?:in|out)$"),
        ("route-map", None, r"^redistribute .* route-map (\S+)"),
        ("policy-map", None, r"^service-policy (?:input|output) (\S+)$"),
        ("policy-map", "policy-map", r"^service-policy (\S+)$"),
        ("class-map", "policy-map", r"^class (?!class-default$)(\S+)$"),
        ("vlan", "interface", r"^switchport (?:access|voice) vlan (\d+)$"),
        ("vlan", "interface", r"^switchport trunk native vlan (\d+)$"),
        ("vlan", "interface", r"^switchport trunk allowed vlan ([\d,-]+)$"),
        ("translation-rule", "voice translation-profile", r"^translate \S+ (\d+)$"),
        ("translation-profile", "dial-peer", r"^translation-profile (?:incoming|outgoing) (\S+)$"),
        ("voice class codec", "dial-peer", r"^voice-class codec (\d+)$"),
        ("voice-port", "dial-peer", r"^port (\S+)$"),
        ("tacacs server", "aaa group server tacacs+", r"^server name (\S+)$"),
        ("radius server", "aaa group server radius", r"^server name (\S+)$"),
        (
            "aaa server group",
            None,
            r"^aaa (?:authentication|authorization|accounting) .*group (?!tacacs\+|radius)(\S+)",
        ),
        ("snmp view", None, r"^snmp-server group \S+ v3 \S+ read (\S+)"),
        ("interface", None, r"source-interface (\S+)$"),
        ("interface", None, r"^sccp local (\S+)$"),
        ("dspfarm profile", "sccp ccm group", r"^associate profile (\d+) "),
        ("key chain", "interface", r"^ip ospf authentication key-chain (\S+)$"),
        ("track", None, r"^ip route .* track (\d+)$"),
        ("track", "track", r"^object (\d+)$"),
    )
)

WARN_UNUSED = frozenset(
    {
        "access-list",
        "prefix-list",
        "route-map",
        "class-map",
        "policy-map",
        "translation-rule",
        "translation-profile",
        "voice class codec",
        "key chain",
    }
)
"""Objects that are suspicious when defined but never used."""


def _names(kind: str, raw: str) -> list[str]:
    if kind == "vlan":
        return [str(v) for v in vlan_ids(raw)]
    return raw.split()


def vlan_ids(raw: str) -> list[int]:
    """``10,20-22`` -> ``[10, 20, 21, 22]``."""
    ids: list[int] = []
    for part in raw.split(","):
        low, _, high = part.partition("-")
        ids.extend(range(int(low), int(high or low) + 1))
    return ids


def _lead(pattern: re.Pattern[str]) -> str:
    """The first word a pattern's lines start with ('' when it can match anywhere)."""
    match = re.match(r"\^([a-z][a-z-]*)", pattern.pattern)
    return match.group(1) if match else ""


_DEFINED_BY: dict[str, list[tuple[str, re.Pattern[str]]]] = {}
for _kind, _pattern in DEFINITIONS:
    _DEFINED_BY.setdefault(_lead(_pattern), []).append((_kind, _pattern))
_USED_BY: dict[str, list[tuple[str, str | None, re.Pattern[str]]]] = {}
for _kind, _section, _pattern in REFERENCES:
    _USED_BY.setdefault(_lead(_pattern), []).append((_kind, _section, _pattern))
_ANYWHERE = _USED_BY.pop("", [])
_SECTIONS = tuple(
    sorted(
        {s for _, s, _ in REFERENCES if s is not None} | {"line vty", "router bgp", "router ospf"}
    )
)
"""Section kinds a line's meaning depends on (an indented line is read once per kind)."""

_ADDRESS = re.compile(r"^ip address (\d+\.\d+\.\d+\.\d+) (\d+\.\d+\.\d+\.\d+)")
_ROUTE = re.compile(
    r"^ip route (\d+\.\d+\.\d+\.\d+) (\d+\.\d+\.\d+\.\d+) (\S+)(?: \d+)?(?: name \S+)?"
    r"(?: track (\d+))?$"
)
_BGP_NETWORK = re.compile(r"^network (\d+\.\d+\.\d+\.\d+)(?: mask (\d+\.\d+\.\d+\.\d+))?$")
_OSPF_NETWORK = re.compile(r"^network (\d+\.\d+\.\d+\.\d+) (\d+\.\d+\.\d+\.\d+) area \S+$")
_SOURCE = re.compile(
    r"(?:source-interface|^ntp source|^snmp-server trap-source|^sccp local|update-source) "
    r"(\S+)$"
)
_SOURCE_ADDRESS = re.compile(r"^ip source-address (\d+\.\d+\.\d+\.\d+)")
_STP = re.compile(r"^spanning-tree vlan ([\d,-]+) priority (\d+)$")
_SLOT_TOP = re.compile(
    r"^(?:voice-port|controller (?:T1|E1)|voice-card|interface Serial|"
    r"network-clock input-source \d+ controller (?:T1|E1)) ?(\d+/\d+)(?:/|$)"
)
_CARD_TYPE = re.compile(r"^card type (?:t1|e1) (\d+) (\d+)$")
_DIAL_PEER_PORT = re.compile(r"^port (\d+/\d+)/")


@dataclass(frozen=True)
class Address:
    """An interface address, as the fleet checks see it."""

    host: str
    site: str
    interface: str
    interface_line: int
    line: Line
    address: ipaddress.IPv4Interface


@dataclass(frozen=True)
class Route:
    """A static route: its prefix, next hop (an address or an interface) and track."""

    line: Line
    prefix: ipaddress.IPv4Network
    next_hop: str
    track: str | None

    @property
    def to_null(self) -> bool:
        return self.next_hop.lower().startswith("null")


@dataclass
class Scan:
    """What one configuration defines, uses and routes (see the module docstring)."""

    defined: dict[tuple[str, str], Line] = field(default_factory=dict)
    used: dict[tuple[str, str], Line] = field(default_factory=dict)
    """First use of each object."""
    ssh_vty: bool = False
    first_vty: int | None = None
    addresses: list[tuple[str, int, Line, ipaddress.IPv4Interface]] = field(default_factory=list)
    """(interface, its line, the address line, the address)."""
    routes: list[Route] = field(default_factory=list)
    bgp_networks: list[tuple[Line, ipaddress.IPv4Network]] = field(default_factory=list)
    ospf_networks: list[tuple[Line, ipaddress.IPv4Network]] = field(default_factory=list)
    redistributes_connected: bool = False
    sources: dict[str, list[tuple[Line, str]]] = field(default_factory=dict)
    """Interface -> the lines sourcing something from it, with their command."""
    source_addresses: list[tuple[Line, str, ipaddress.IPv4Address]] = field(default_factory=list)
    """Lines naming a source address directly, with their command."""
    stp: list[tuple[Line, list[int], int]] = field(default_factory=list)
    """(line, VLANs, priority) of each ``spanning-tree vlan ... priority``."""
    slots: list[tuple[Line, str]] = field(default_factory=list)
    """Lines naming a module slot (voice ports, T1 controllers, voice cards), and the slot."""
    bgp: bool = False
    switch: bool = False
    """Whether the configuration has switchports (its SVIs then use their VLANs)."""

    def for_fleet(self) -> Scan:
        """This scan without what only the device's own checks read (smaller to send)."""
        return replace(self, defined={}, used={})

    def interface_address(self, name: str) -> ipaddress.IPv4Interface | None:
        for interface, _, _, address in self.addresses:
            if interface == name:
                return address
        return None


def _tags_for(word: str) -> tuple[str, ...]:
    """The section kinds a top-level line starting with ``word`` may be."""
    return tuple(s for s in _SECTIONS if s.split(" ", 1)[0] == word)


_CANDIDATE_TAGS: dict[str, tuple[str, ...]] = {}
_INTERFACE_TAGS = ("interface",)


def scan_config(text: str) -> Scan:
    """Read a configuration once (see the module docstring)."""
    scan = Scan()
    seen_by_tags: dict[tuple[str, ...], set[str]] = {}
    seen_interfaces = seen_by_tags.setdefault(_INTERFACE_TAGS, set())
    seen: set[str] = set()
    section = ""
    tags: tuple[str, ...] = ()
    interface, interface_no = "", 0
    in_interface = False
    svis: list[tuple[str, Line]] = []
    banner_end: str | None = None
    indented = _INDENTED_EFFECTS
    top = _TOP_EFFECTS
    for no, raw in enumerate(text.splitlines(), start=1):
        if banner_end is not None:
            if banner_end in raw:
                banner_end = None
            continue
        if not raw:
            continue
        if raw[0] == " ":
            if in_interface and "ip address " in raw:
                stripped = raw.strip()
                match = _ADDRESS.match(stripped)
                if match:
                    value = ipaddress.IPv4Interface(f"{match.group(1)}/{match.group(2)}")
                    address_line = Line(no, stripped, section)
                    scan.addresses.append((interface, interface_no, address_line, value))
            if raw in seen:
                continue
            seen.add(raw)
            key = (tags, raw)
            effects = indented.get(key)
            if effects is None:
                effects = _remember(indented, key, _indented_effects(raw.strip(), tags))
            if effects:
                _apply(scan, effects, Line(no, raw.strip(), section))
            continue
        if raw[0] == "!":
            continue
        if raw.startswith("interface ") and " " not in raw[10:].rstrip():
            # the commonest top-level line, read without the general path below
            text_ = section = raw.rstrip()
            tags = _INTERFACE_TAGS
            seen = seen_interfaces
            in_interface = True
            interface, interface_no = text_[10:], no
            line = Line(no, text_, section)
            scan.defined.setdefault(("interface", interface), line)
            if interface.startswith("Vlan") and interface[4:].isdigit():
                svis.append((interface[4:], line))
            elif interface.startswith("Serial"):
                slot = _SLOT_TOP.match(text_)
                if slot:
                    scan.slots.append((line, slot.group(1)))
            continue
        # a top-level line: a section of its own
        text_ = raw.strip()
        if not text_:
            continue
        section = text_
        word = text_.split(" ", 1)[0]
        candidates = _CANDIDATE_TAGS.get(word)
        if candidates is None:
            candidates = _CANDIDATE_TAGS[word] = _tags_for(word)
        tags = tuple(s for s in candidates if text_.startswith(s)) if candidates else ()
        seen = seen_by_tags.setdefault(tags, set())
        in_interface = word == "interface"
        if in_interface:
            interface, interface_no = text_[10:], no
        elif word == "banner":
            banner_end = _banner_delimiter(text_)
        elif word == "line" and text_.startswith("line vty"):
            scan.first_vty = scan.first_vty or no
        elif word == "router" and text_.startswith("router bgp"):
            scan.bgp = True
        effects = top.get(text_)
        if effects is None:
            effects = _remember(top, text_, _top_effects(text_, word))
        if effects:
            _apply(scan, effects, Line(no, text_, section))
    if scan.switch:
        for vlan, line in svis:
            scan.used.setdefault(("vlan", vlan), line)
    return scan


Effect = tuple[str, Any]
_TOP_EFFECTS: dict[str, tuple[Effect, ...]] = {}
_INDENTED_EFFECTS: dict[tuple[tuple[str, ...], str], tuple[Effect, ...]] = {}
_CACHE_LIMIT = 200_000
"""Distinct lines remembered (per kind); a configuration with more starts them afresh."""


def _remember(
    cache: dict[Any, tuple[Effect, ...]], key: Any, effects: tuple[Effect, ...]
) -> tuple[Effect, ...]:
    """What a line means depends on its text (and its kind of section) only: each distinct
    line is worked out once per process."""
    if len(cache) >= _CACHE_LIMIT:
        cache.clear()
    cache[key] = effects
    return effects


def _apply(scan: Scan, effects: tuple[Effect, ...], line: Line) -> None:
    for what, value in effects:
        if what == "defined":
            scan.defined.setdefault(value, line)
        elif what == "used":
            scan.used.setdefault(value, line)
        elif what == "source":
            interface, command = value
            scan.sources.setdefault(interface, []).append((line, command))
        elif what == "source_address":
            command = f"ip source-address ({line.section})"
            scan.source_addresses.append((line, command, value))
        elif what == "route":
            scan.routes.append(Route(line, *value))
        elif what == "stp":
            scan.stp.append((line, *value))
        elif what == "slot":
            scan.slots.append((line, value))
        elif what == "bgp_network":
            scan.bgp_networks.append((line, value))
        elif what == "ospf_network":
            scan.ospf_networks.append((line, value))
        elif what == "ssh_vty":
            scan.ssh_vty = True
        elif what == "redistribute_connected":
            scan.redistributes_connected = True
        elif what == "switchport":
            scan.switch = True


def _indented_effects(text: str, tags: tuple[str, ...]) -> tuple[Effect, ...]:
    """What an indented line means in a section of the kinds ``tags``."""
    effects: list[Effect] = []
    if not text or text[0] == "!":
        return ()
    word = text.split(" ", 1)[0]
    if word == "switchport":
        effects.append(("switchport", True))
    elif word == "transport" and text == "transport input ssh" and "line vty" in tags:
        effects.append(("ssh_vty", True))
    elif word == "network" and "router bgp" in tags:
        match = _BGP_NETWORK.match(text)
        if match:
            mask = match.group(2) or "255.255.255.255"
            net = ipaddress.IPv4Network(f"{match.group(1)}/{mask}", strict=False)
            effects.append(("bgp_network", net))
    elif word == "network" and "router ospf" in tags:
        ospf = _ospf_network(text)
        if ospf is not None:
            effects.append(("ospf_network", ospf))
    elif word == "redistribute" and text.startswith("redistribute connected"):
        effects.append(("redistribute_connected", True))
    elif word == "port" and "dial-peer" in tags:
        match = _DIAL_PEER_PORT.match(text)
        if match:
            effects.append(("slot", match.group(1)))
    for kind, needed, pattern in _USED_BY.get(word, ()):
        if needed is not None and needed not in tags:
            continue
        match = pattern.search(text)
        if match:
            effects.extend(("used", (kind, name)) for name in _names(kind, match.group(1)))
    if "source" in text or "sccp" in text:
        effects.extend(_source_effects(text))
    return tuple(effects)


def _top_effects(text: str, word: str) -> tuple[Effect, ...]:
    """What a top-level line means."""
    effects: list[Effect] = []
    for kind, pattern in _DEFINED_BY.get(word, ()):
        match = pattern.match(text)
        if match:
            effects.extend(("defined", (kind, name)) for name in _names(kind, match.group(1)))
    for kind, needed, pattern in _USED_BY.get(word, ()):
        if needed is not None:
            continue
        match = pattern.search(text)
        if match:
            effects.extend(("used", (kind, name)) for name in _names(kind, match.group(1)))
    if "source" in text or word == "sccp":
        effects.extend(_source_effects(text))
    if word == "ip" and text.startswith("ip route "):
        route = _ROUTE.match(text)
        if route:
            prefix = ipaddress.IPv4Network(f"{route.group(1)}/{route.group(2)}", strict=False)
            effects.append(("route", (prefix, route.group(3), route.group(4))))
    elif word == "spanning-tree":
        stp = _STP.match(text)
        if stp:
            effects.append(("stp", (vlan_ids(stp.group(1)), int(stp.group(2)))))
    elif word in ("voice-port", "controller", "voice-card", "interface", "network-clock"):
        slot = _SLOT_TOP.match(text)
        if slot:
            effects.append(("slot", slot.group(1)))
    elif word == "card":
        card = _CARD_TYPE.match(text)
        if card:
            effects.append(("slot", f"{card.group(1)}/{card.group(2)}"))
    return tuple(effects)


def _ospf_network(text: str) -> ipaddress.IPv4Network | None:
    match = _OSPF_NETWORK.match(text)
    if match is None:
        return None
    address = int(ipaddress.IPv4Address(match.group(1)))
    wildcard = int(ipaddress.IPv4Address(match.group(2)))
    # a wildcard of contiguous host bits is a network; others are not read
    size = wildcard + 1
    if size & wildcard:
        return None
    return ipaddress.IPv4Network((address & ~wildcard & 0xFFFFFFFF, 33 - size.bit_length()))


def _source_effects(text: str) -> list[Effect]:
    effects: list[Effect] = []
    match = _SOURCE.search(text)
    if match:
        command = text[: match.start(1)].strip()
        if command.startswith("neighbor "):
            command = "neighbor ... update-source"
        effects.append(("source", (match.group(1), command)))
        effects.extend(
            ("used", ("interface", m.group(1))) for _, _, p in _ANYWHERE if (m := p.search(text))
        )
        return effects
    address = _SOURCE_ADDRESS.match(text)
    if address:
        effects.append(("source_address", ipaddress.IPv4Address(address.group(1))))
    return effects


def commands_of(items: Iterable[tuple[Line, str]]) -> list[str]:
    """The distinct commands of ``(line, command)`` pairs, in order."""
    return list(dict.fromkeys(command for _, command in items))
