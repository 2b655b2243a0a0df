"""Neighbour show commands: CDP and LLDP, from the topology the device was given."""

from __future__ import annotations

from citynet.ios.names import interface_type, short_interface_name
from citynet.lab.shows.links import live_neighbors
from citynet.lab.shows.model import IOS_VERSION, IOSXE_VERSION, is_router
from citynet.lab.shows.request import ShowRequest


def _cdp_port(name: str) -> str:
    """An interface as the CDP table writes it: ``Gig 1/0/1``.

    >>> _cdp_port("GigabitEthernet1/0/1"), _cdp_port("Port-channel1")
    ('Gig 1/0/1', 'Por 1')
    """
    kind = interface_type(name)
    short = {
        "GigabitEthernet": "Gig",
        "TenGigabitEthernet": "Ten",
        "FastEthernet": "Fas",
        "TwentyFiveGigE": "Twe",
        "HundredGigE": "Hun",
        "Ethernet": "Eth",
    }.get(kind, kind[:3])
    return f"{short} {name[len(kind) :]}"


def _capability(model: str) -> tuple[str, str]:
    """A neighbour's capability codes in the CDP and in the LLDP table."""
    if is_router(model):
        return "R S I", "R"
    return "S I", "B,R"


def show_cdp(request: ShowRequest) -> str:
    """``show cdp``: the global CDP settings."""
    return "Global CDP information:\n\tSending CDP packets every 60 seconds"


def show_cdp_neighbors(request: ShowRequest) -> str:
    """``show cdp neighbors``."""
    lines = [
        "Capability Codes: R - Router, T - Trans Bridge, B - Source Route Bridge",
        "                  S - Switch, H - Host, I - IGMP, r - Repeater, P - Phone,",
        "                  D - Remote, C - CVTA, M - Two-port Mac Relay",
        "",
        "Device ID        Local Intrfce     Holdtme    Capability  Platform  Port ID",
    ]
    for n in live_neighbors(request):
        cap, _ = _capability(n.model)
        name = n.name if len(n.name) <= 16 else n.name + "\n" + " " * 17
        lines.append(
            f"{name:<17}{_cdp_port(n.local_interface):<18}{152:<11}{cap:>10}  "
            f"{n.model[:9]:<10}{_cdp_port(n.interface)}"
        )
    lines += ["", f"Total cdp entries displayed : {len(live_neighbors(request))}"]
    return "\n".join(lines)


def _software_banner(model: str) -> list[str]:
    """The software lines a neighbour of this model advertises in CDP."""
    upper = model.upper()
    if upper.startswith("WS-C2960"):
        return [
            "Cisco IOS Software, C2960X Software (C2960X-UNIVERSALK9-M), "
            f"Version {IOS_VERSION}, RELEASE SOFTWARE (fc1)",
            "Technical Support: http://www.cisco.com/techsupport",
            "Copyright (c) 1986-2022 by Cisco Systems, Inc.",
            "Compiled Fri 04-Mar-22 04:49 by prod_rel_team",
        ]
    family, image = (
        ("ISR Software", "X86_64_LINUX_IOSD-UNIVERSALK9-M")
        if is_router(model)
        else ("Catalyst L3 Switch Software", "CAT9K_IOSXE")
    )
    return [
        f"Cisco IOS Software [Cupertino], {family} ({image}), Version {IOSXE_VERSION}, "
        "RELEASE SOFTWARE (fc5)",
        "Technical Support: http://www.cisco.com/techsupport",
        "Copyright (c) 1986-2023 by Cisco Systems, Inc.",
        "Compiled Fri 20-Oct-23 10:44 by mcpre",
    ]


def show_cdp_neighbors_detail(request: ShowRequest) -> str:
    """``show cdp neighbors detail``."""
    blocks = []
    for n in live_neighbors(request):
        cap = "Router Switch IGMP" if _capability(n.model)[0].startswith("R") else "Switch IGMP"
        blocks.append(
            "\n".join(
                [
                    "-------------------------",
                    f"Device ID: {n.name}",
                    "Entry address(es): ",
                    f"  IP address: {n.address}",
                    f"Platform: cisco {n.model},  Capabilities: {cap} ",
                    f"Interface: {n.local_interface},  Port ID (outgoing port): {n.interface}",
                    "Holdtime : 152 sec",
                    "",
                    "Version :",
                    *_software_banner(n.model),
                    "",
                    "advertisement version: 2",
                    "Duplex: full",
                    "Management address(es): ",
                    f"  IP address: {n.address}",
                    "",
                ]
            )
        )
    blocks.append(f"\nTotal cdp entries displayed : {len(live_neighbors(request))}")
    return "\n".join(blocks)


def show_lldp_neighbors(request: ShowRequest) -> str:
    """``show lldp neighbors``."""
    lines = [
        "Capability codes:",
        "    (R) Router, (B) Bridge, (T) Telephone, (C) DOCSIS Cable Device",
        "    (W) WLAN Access Point, (P) Repeater, (S) Station, (O) Other",
        "",
        "Device ID           Local Intf     Hold-time  Capability      Port ID",
    ]
    for n in live_neighbors(request):
        _, cap = _capability(n.model)
        lines.append(
            f"{n.name[:20]:<20}{short_interface_name(n.local_interface):<15}{120:<11}{cap:<16}"
            f"{short_interface_name(n.interface)}"
        )
    lines += ["", f"Total entries displayed: {len(live_neighbors(request))}"]
    return "\n".join(lines)
