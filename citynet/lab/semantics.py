"""IOS semantic checks: lines that parse but that IOS still refuses, with its own words.

The parser in :mod:`citynet.lab.config_engine` knows which words a command takes; this module
knows what a line means against the rest of the configuration. Only refusals IOS really prints
are modelled; where IOS silently accepts a line (an ``ip access-group`` naming a list that does
not exist yet, ``no`` of most absent commands) the lab accepts it too:

- ``ip address`` with a mask that is not contiguous: ``Bad mask 0xFF00FF00 for address A``;
  with the subnet's own network or broadcast address: ``Bad mask /24 for address A``;
- ``ip address`` whose subnet overlaps an enabled interface in the same VRF:
  ``% 10.0.0.0 overlaps with GigabitEthernet0/0/1``;
- ``vrf forwarding``/``ip vrf forwarding`` of a VRF never defined: ``% VRF RED not configured.``;
- ``ip route`` with host bits set past the mask: ``%Inconsistent address and mask``; through
  one of the device's own addresses: ``%Invalid next hop address (it's this router)``;
  ``no ip route`` of a route that is not there: ``%No matching route to delete``;
- ``interface`` of a physical port the device does not have: ``% Invalid input detected``.

Every function here is pure: it reads the configuration tree and returns the message, or None.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Protocol


class ConfigNodeLike(Protocol):
    """What these checks read of a configuration node (``config_engine.ConfigNode``)."""

    @property
    def text(self) -> str: ...

    @property
    def children(self) -> Sequence[ConfigNodeLike]: ...


#: Interface types that are hardware: the device has exactly the ports its running config lists.
PHYSICAL_TYPES = frozenset(
    {
        "Ethernet",
        "FastEthernet",
        "GigabitEthernet",
        "TwoGigabitEthernet",
        "FiveGigabitEthernet",
        "TenGigabitEthernet",
        "TwentyFiveGigE",
        "FortyGigabitEthernet",
        "HundredGigE",
        "AppGigabitEthernet",
        "Serial",
    }
)
_ROUTE_OPTIONS = frozenset({"name", "tag", "permanent", "track", "global", "multicast"})
_TYPE = re.compile(r"^([A-Za-z-]+)")


@dataclass(frozen=True)
class _Address:
    interface: str
    network: ipaddress.IPv4Interface
    vrf: str
    enabled: bool


def _interfaces(root: ConfigNodeLike) -> Iterator[ConfigNodeLike]:
    for child in root.children:
        if child.text.startswith("interface "):
            yield child


def _vrf_of(interface: ConfigNodeLike) -> str:
    for child in interface.children:
        words = child.text.split()
        if words[:2] == ["vrf", "forwarding"] and len(words) > 2:
            return words[2]
        if words[:3] == ["ip", "vrf", "forwarding"] and len(words) > 3:
            return words[3]
    return ""


def _enabled(interface: ConfigNodeLike) -> bool:
    return not any(child.text == "shutdown" for child in interface.children)


def _addresses(root: ConfigNodeLike) -> Iterator[_Address]:
    for interface in _interfaces(root):
        name = interface.text.split(maxsplit=1)[1]
        vrf, enabled = _vrf_of(interface), _enabled(interface)
        for child in interface.children:
            words = child.text.split()
            if words[:2] != ["ip", "address"] or len(words) < 4:
                continue
            try:
                network = ipaddress.IPv4Interface(f"{words[2]}/{words[3]}")
            except ValueError:
                continue
            yield _Address(name, network, vrf, enabled)


def mask_error(address: str, mask: str) -> str | None:
    """IOS's refusal of an interface address and mask, or None.

    >>> mask_error("10.1.1.1", "255.0.255.0")
    'Bad mask 0xFF00FF00 for address 10.1.1.1'
    >>> mask_error("10.1.1.0", "255.255.255.0")
    'Bad mask /24 for address 10.1.1.0'
    >>> mask_error("10.1.1.1", "255.255.255.0") is None
    True
    """
    try:
        host = ipaddress.IPv4Address(address)
        raw = int(ipaddress.IPv4Address(mask))
    except ValueError:
        return None
    inverted = raw ^ 0xFFFFFFFF
    if inverted & (inverted + 1):
        return f"Bad mask 0x{raw:08X} for address {address}"
    network = ipaddress.IPv4Network(f"{host}/{mask}", strict=False)
    if network.prefixlen < 31 and host in (network.network_address, network.broadcast_address):
        return f"Bad mask /{network.prefixlen} for address {address}"
    return None


def interface_address_error(
    root: ConfigNodeLike, interface: ConfigNodeLike, body: list[str]
) -> str | None:
    """IOS's refusal of ``ip address A M [secondary]`` under ``interface``, or None."""
    if len(body) < 4 or [w.lower() for w in body[:2]] != ["ip", "address"]:
        return None
    message = mask_error(body[2], body[3])
    if message is not None:
        return message
    try:
        new = ipaddress.IPv4Interface(f"{body[2]}/{body[3]}")
    except ValueError:
        return None
    if not _enabled(interface):
        return None  # IOS checks a shut interface when it is enabled, not now
    own_name, vrf = interface.text.split(maxsplit=1)[1], _vrf_of(interface)
    for other in _addresses(root):
        if other.interface == own_name or other.vrf != vrf or not other.enabled:
            continue
        if new.network.overlaps(other.network.network):
            return f"% {new.network.network_address} overlaps with {other.interface}"
    return None


def vrf_error(root: ConfigNodeLike, body: list[str]) -> str | None:
    """``% VRF X not configured.`` for ``[ip] vrf forwarding X`` of an undefined VRF."""
    lowered = [w.lower() for w in body]
    if lowered[:2] == ["vrf", "forwarding"] and len(body) > 2:
        name = body[2]
    elif lowered[:3] == ["ip", "vrf", "forwarding"] and len(body) > 3:
        name = body[3]
    else:
        return None
    defined = {
        child.text.split()[-1]
        for child in root.children
        if child.text.startswith(("vrf definition ", "ip vrf "))
    }
    return None if name in defined else f"% VRF {name} not configured."


def _route_core(words: list[str]) -> list[str]:
    """``ip route`` words up to the destination (no distance, name, tag ...), lower-cased."""
    core: list[str] = []
    for index, word in enumerate(words):
        low = word.lower()
        if index >= 4 and (low in _ROUTE_OPTIONS or low.isdigit()):
            break
        core.append(low)
    return core


def route_error(root: ConfigNodeLike, body: list[str], *, negate: bool) -> str | None:
    """IOS's refusal of ``[no] ip route [vrf V] P M ...``, or None."""
    if [w.lower() for w in body[:2]] != ["ip", "route"]:
        return None
    rest = body[2:]
    if rest[:1] == ["vrf"]:
        rest = rest[2:]
    if len(rest) < 2:
        return None
    try:
        prefix = int(ipaddress.IPv4Address(rest[0]))
        mask = int(ipaddress.IPv4Address(rest[1]))
    except ValueError:
        return None
    inverted = mask ^ 0xFFFFFFFF
    if inverted & (inverted + 1) or prefix & inverted:
        return "%Inconsistent address and mask"
    if negate:
        wanted = _route_core(body)
        for child in root.children:
            words = child.text.split()
            if words[:2] == ["ip", "route"] and _route_core(words)[: len(wanted)] == wanted:
                return None
        return "%No matching route to delete"
    hops = [w for w in rest[2:] if re.fullmatch(r"\d+\.\d+\.\d+\.\d+", w)]
    own = {str(a.network.ip) for a in _addresses(root)}
    if hops and hops[0] in own:
        return "%Invalid next hop address (it's this router)"
    return None


def missing_port(root: ConfigNodeLike, name: str) -> bool:
    """Whether ``interface NAME`` names a physical port this device does not have.

    A device's running configuration lists every port it has; a port type it shows none of is
    left alone (a configuration written by hand may list only the ports it uses).
    """
    match = _TYPE.match(name)
    if match is None or match.group(1) not in PHYSICAL_TYPES or "." in name:
        return False
    kind = match.group(1)
    names = {child.text.split(maxsplit=1)[1] for child in _interfaces(root)}
    kinds = {m.group(1) for m in map(_TYPE.match, names) if m is not None}
    return name not in names and kind in kinds
