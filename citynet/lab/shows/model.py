"""Shared facts and helpers of the show commands: the device, its interfaces and VLANs."""

from __future__ import annotations

import hashlib
import ipaddress
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from citynet.ios.names import interface_type
from citynet.lab.config_engine import ConfigNode

IOSXE_VERSION = "17.9.4a"
"""The IOS XE release of the Catalyst 9000 switches and ISR routers."""

IOS_VERSION = "15.2(7)E8"
"""The classic IOS release of the Catalyst 2960-X switches."""


@dataclass(frozen=True)
class Neighbor:
    """A directly connected device, as CDP and LLDP report it."""

    local_interface: str
    name: str
    interface: str
    model: str = ""
    address: str = ""
    router_id: str = ""


@dataclass(frozen=True)
class DeviceFacts:
    """Hardware facts a simulated device reports.

    ``platform`` is ``cisco_iosxe`` or ``cisco_ios`` (classic IOS ``show version``).
    """

    model: str = "C9300-48P"
    os_version: str = "17.9.4a"
    serial: str = "FOC0000X000"
    image: str = "CAT9K_IOSXE"
    platform: str = "cisco_iosxe"
    neighbors: tuple[Neighbor, ...] = ()
    booted: datetime = field(default_factory=lambda: datetime.now(UTC) - timedelta(days=23))


@dataclass(frozen=True)
class Interface:
    """What ``show`` commands need to know about one interface."""

    name: str
    description: str
    address: str | None
    prefix_len: int | None
    shutdown: bool
    switchport: str | None
    access_vlan: int
    mtu: int
    configured: bool = True
    """Whether it holds configuration beyond what an unused port shows by itself."""

    @property
    def kind(self) -> str:
        """Interface type, e.g. ``GigabitEthernet``."""
        return interface_type(self.name)

    @property
    def cabled(self) -> bool:
        """Whether something is plugged in: the lab takes an unconfigured port as empty."""
        return self.configured or "." in self.name or self.kind not in PHYSICAL_KINDS

    @property
    def status(self) -> str:
        """``up``, ``down`` (nothing plugged in) or ``administratively down``."""
        if self.shutdown:
            return "administratively down"
        return "up" if self.cabled else "down"


PHYSICAL_KINDS = frozenset(
    {
        "FastEthernet",
        "GigabitEthernet",
        "TenGigabitEthernet",
        "TwentyFiveGigE",
        "FortyGigabitEthernet",
        "HundredGigE",
        "AppGigabitEthernet",
    }
)
"""Interface types that are ports a cable plugs into."""

_UNUSED_PORT_LINE = re.compile(
    r"(?:no ip address|shutdown|negotiation auto|no mop (?:enabled|sysid)"
    r"|vrf forwarding Mgmt-(?:vrf|intf))$"
)


def interfaces(root: ConfigNode) -> list[Interface]:
    """The interfaces configured in a running configuration."""
    result: list[Interface] = []
    for node in root.children:
        words = node.words
        if len(words) < 2 or words[0] != "interface":
            continue
        description, address, prefix, shutdown = "", None, None, False
        switchport: str | None = None
        vlan, mtu = 1, 1500
        for child in node.children:
            cw = child.words
            if cw[:1] == ["description"]:
                description = child.text[len("description ") :]
            elif cw[:2] == ["ip", "address"] and len(cw) >= 4 and "secondary" not in cw:
                address = cw[2]
                try:
                    prefix = ipaddress.IPv4Network(f"0.0.0.0/{cw[3]}").prefixlen
                except ValueError:
                    prefix = 32
            elif cw == ["shutdown"]:
                shutdown = True
            elif cw[:2] == ["switchport", "mode"] and len(cw) > 2:
                switchport = cw[2]
            elif cw[:3] == ["switchport", "access", "vlan"] and len(cw) > 3 and cw[3].isdigit():
                vlan = int(cw[3])
                switchport = switchport or "access"
            elif cw[:1] == ["mtu"] and len(cw) > 1 and cw[1].isdigit():
                mtu = int(cw[1])
        configured = any(_UNUSED_PORT_LINE.match(c.text) is None for c in node.children)
        result.append(
            Interface(
                words[1], description, address, prefix, shutdown, switchport, vlan, mtu, configured
            )
        )
    return result


def vlans(root: ConfigNode) -> dict[int, str]:
    """VLAN id -> name, from ``vlan`` sections (VLAN 1 always exists)."""
    found: dict[int, str] = {1: "default"}
    for node in root.children:
        words = node.words
        if words[:1] == ["vlan"] and len(words) > 1 and words[1].isdigit():
            vid = int(words[1])
            name = next(
                (c.text[5:] for c in node.children if c.words[:1] == ["name"]),
                f"VLAN{vid:04d}",
            )
            found[vid] = name
    return found


def mac_for(name: str, host: str) -> str:
    """A stable, made-up MAC address in Cisco dotted form."""
    digest = hashlib.md5(f"{host}/{name}".encode(), usedforsecurity=False).hexdigest()
    raw = "00" + digest[:10]
    return f"{raw[0:4]}.{raw[4:8]}.{raw[8:12]}"


def is_router(model: str) -> bool:
    """Whether a model is a router (ISR, ASR) rather than a Catalyst switch.

    >>> is_router("ISR4331/K9"), is_router("C9300-48P")
    (True, False)
    """
    return model.upper().startswith(("ISR", "ASR"))
