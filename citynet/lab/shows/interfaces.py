"""Interface show commands: ``show interfaces`` and its status, switchport, description tables."""

from __future__ import annotations

from citynet.ios.names import expand_interface, interface_type, short_interface_name
from citynet.lab.config_engine import ConfigNode, find_hostname
from citynet.lab.shows.model import Interface, interfaces, is_router, mac_for, vlans
from citynet.lab.shows.request import ShowOutput, ShowRequest

_HW: dict[str, tuple[str, str, int]] = {
    "GigabitEthernet": ("Gigabit Ethernet", "1000Mb/s", 1_000_000),
    "TenGigabitEthernet": ("Ten Gigabit Ethernet", "10Gb/s", 10_000_000),
    "FastEthernet": ("Fast Ethernet", "100Mb/s", 100_000),
    "Ethernet": ("AmdP2", "10Mb/s", 10_000),
    "Loopback": ("Loopback", "", 8_000_000),
    "Vlan": ("Ethernet SVI", "", 1_000_000),
    "TwentyFiveGigE": ("Twenty Five Gigabit Ethernet", "25Gb/s", 25_000_000),
    "FortyGigabitEthernet": ("Forty Gigabit Ethernet", "40Gb/s", 40_000_000),
    "HundredGigE": ("Hundred Gigabit Ethernet", "100Gb/s", 100_000_000),
    "Port-channel": ("EtherChannel", "1000Mb/s", 1_000_000),
    "Tunnel": ("Tunnel", "", 100),
    "Serial": ("M4T", "", 1544),
}


_MEDIA: dict[str, str] = {
    "TenGigabitEthernet": "SFP-10GBase-SR",
    "TwentyFiveGigE": "SFP-25GBase-SR",
    "FortyGigabitEthernet": "QSFP 40G SR4",
    "HundredGigE": "QSFP 100G SR4",
}


_STATUS_SPEED: dict[str, str] = {
    "FastEthernet": "100",
    "TenGigabitEthernet": "10G",
    "TwentyFiveGigE": "25G",
    "FortyGigabitEthernet": "40G",
    "HundredGigE": "100G",
}


def show_ip_interface_brief(request: ShowRequest) -> str:
    """``show ip interface brief``."""
    lines = ["Interface              IP-Address      OK? Method Status                Protocol"]
    for intf in interfaces(request.root):
        address = intf.address or "unassigned"
        method = "NVRAM" if intf.address else "unset"
        status = intf.status
        proto = "up" if status == "up" else "down"
        lines.append(f"{intf.name:<22} {address:<15} YES {method:<6} {status:<21} {proto}")
    return "\n".join(lines)


def show_interfaces(request: ShowRequest) -> str:
    """``show interfaces``: a block per interface."""
    return _interface_blocks(request.root) or ""


def show_ip_interface(request: ShowRequest) -> str:
    """``show ip interface``, approximated by the ``show interfaces`` blocks.

    They carry the ``Internet address is`` lines that NAPALM's ``get_interfaces_ip`` reads.
    """
    return _interface_blocks(request.root) or ""


def show_interface(request: ShowRequest) -> ShowOutput:
    """``show interfaces NAME``, the name as IOS reads it (``gi1/0/1``, ``Gi 1/0/1``)."""
    args = request.args
    name, used = (expand_interface(" ".join(args[:2])), 2) if len(args) > 1 else (None, 0)
    if name is None:
        name, used = expand_interface(args[0]), 1
    if name is None:
        return request.invalid(0)
    if len(args) > used:
        return request.invalid(used)
    output = _interface_blocks(request.root, name)
    return request.invalid(0) if output is None else output


def _interface_blocks(root: ConfigNode, only: str | None = None) -> str | None:
    """The ``show interfaces`` blocks, or only the one of interface ``only``.

    Returns:
        The blocks, or None if there is no interface ``only``.
    """
    host = find_hostname(root)
    dot1q = {
        node.words[1]: child.words[2]
        for node in root.children
        if node.words[:1] == ["interface"] and len(node.words) > 1
        for child in node.children
        if [w.lower() for w in child.words[:2]] == ["encapsulation", "dot1q"]
        and len(child.words) > 2
    }
    blocks: list[str] = []
    for intf in interfaces(root):
        if only is not None and intf.name.lower() != only.lower():
            continue
        hw, speed, bw = _HW.get(intf.kind, ("Ethernet", "1000Mb/s", 1_000_000))
        if "." in intf.name:  # a subinterface: no media of its own
            speed = ""
        state = intf.status
        proto = "up" if state == "up" else "down"
        suffix = " (disabled)" if intf.shutdown else (f" ({_link(intf)})" if speed else "")
        mac = mac_for(intf.name, host)
        lines = [f"{intf.name} is {state}, line protocol is {proto}{suffix}"]
        if intf.kind == "Loopback":
            lines.append(f"  Hardware is {hw}")
        else:
            lines.append(f"  Hardware is {hw}, address is {mac} (bia {mac})")
        if intf.description:
            lines.append(f"  Description: {intf.description}")
        if intf.address:
            lines.append(f"  Internet address is {intf.address}/{intf.prefix_len}")
        lines += [
            f"  MTU {intf.mtu} bytes, BW {bw} Kbit/sec, DLY 10 usec,",
            "     reliability 255/255, txload 1/255, rxload 1/255",
        ]
        if intf.name in dot1q:
            lines.append(f"  Encapsulation 802.1Q Virtual LAN, Vlan ID  {dot1q[intf.name]}.")
        else:
            lines += ["  Encapsulation ARPA, loopback not set", "  Keepalive set (10 sec)"]
        if speed:
            media = _MEDIA.get(intf.kind, "10/100/1000BaseTX")
            lines.append(f"  Full-duplex, {speed}, media type is {media}")
        lines.append("  ARP type: ARPA, ARP Timeout 04:00:00")
        if intf.name in dot1q:
            lines.append("  Keepalive not supported")
        lines += [
            "  Last input never, output 00:00:00, output hang never",
            '  Last clearing of "show interface" counters never',
            "  Input queue: 0/375/0/0 (size/max/drops/flushes); Total output drops: 0",
            "  Queueing strategy: fifo",
            "  Output queue: 0/40 (size/max)",
            "  5 minute input rate 0 bits/sec, 0 packets/sec",
            "  5 minute output rate 0 bits/sec, 0 packets/sec",
            "     0 packets input, 0 bytes, 0 no buffer",
            "     Received 0 broadcasts (0 IP multicasts)",
            "     0 runts, 0 giants, 0 throttles",
            "     0 input errors, 0 CRC, 0 frame, 0 overrun, 0 ignored",
            "     0 watchdog, 0 multicast, 0 pause input",
            "     0 packets output, 0 bytes, 0 underruns",
            "     0 output errors, 0 collisions, 0 interface resets",
            "     0 unknown protocol drops",
            "     0 babbles, 0 late collision, 0 deferred",
            "     0 lost carrier, 0 no carrier, 0 pause output",
            "     0 output buffer failures, 0 output buffers swapped out",
        ]
        blocks.append("\n".join(lines))
    if only is not None and not blocks:
        return None
    return "\n".join(blocks)


def show_interfaces_description(request: ShowRequest) -> str:
    """``show interfaces description``."""
    lines = ["Interface                      Status         Protocol Description"]
    for intf in interfaces(request.root):
        status = "admin down" if intf.shutdown else intf.status
        proto = "up" if status == "up" else "down"
        lines.append(
            f"{short_interface_name(intf.name):<31}{status:<15}{proto:<9}{intf.description}".rstrip()
        )
    return "\n".join(lines)


def show_interfaces_status(request: ShowRequest) -> str:
    """``show interfaces status`` (switch ports)."""
    lines = ["Port         Name               Status       Vlan       Duplex  Speed Type "]
    for intf in interfaces(request.root):
        if intf.kind in ("Vlan", "Loopback", "Tunnel"):
            continue
        status = "disabled" if intf.shutdown else _link(intf)
        if intf.address is not None or (intf.switchport is None and intf.kind == "Port-channel"):
            vlan = "routed"
        elif intf.switchport == "trunk":
            vlan = "trunk"
        else:
            vlan = str(intf.access_vlan)
        rate = _STATUS_SPEED.get(intf.kind, "1000")
        up = intf.status == "up"
        duplex, speed = ("a-full", f"a-{rate}") if up else ("auto", "auto")
        media = _MEDIA.get(intf.kind, "10/100/1000BaseTX")
        lines.append(
            f"{short_interface_name(intf.name):<13}{intf.description[:18]:<19}{status:<13}{vlan:<11}"
            f"{duplex:>6} {speed:>6} {media}"
        )
    return "\n".join(lines)


def _link(intf: Interface) -> str:
    return "connected" if intf.cabled else "notconnect"


def _vlan_label(vid: int, table: dict[int, str]) -> str:
    name = table.get(vid)
    return f"{vid} ({'Inactive' if name is None else name})"


_PVLAN_IOS = (
    "Administrative private-vlan host-association: none",
    "Administrative private-vlan mapping: none",
    "Administrative private-vlan trunk native VLAN: none",
    "Administrative private-vlan trunk Native VLAN tagging: enabled",
    "Administrative private-vlan trunk encapsulation: dot1q",
    "Administrative private-vlan trunk normal VLANs: none",
    "Administrative private-vlan trunk associations: none",
    "Administrative private-vlan trunk mappings: none",
    "Operational private-vlan: none",
)


def show_interfaces_switchport(request: ShowRequest) -> str:
    """``show interfaces switchport`` for the switch ports of a Catalyst switch.

    Routers (ISR, ASR) have no switch ports and print nothing, as IOS-XE does.
    """
    if is_router(request.facts.model):
        return ""
    root = request.root
    table = vlans(root)
    classic = request.facts.platform == "cisco_ios"
    blocks: list[str] = []
    for node in root.children:
        words = node.words
        if words[:1] != ["interface"] or len(words) < 2:
            continue
        kind = interface_type(words[1])
        if kind in ("Vlan", "Loopback", "Tunnel") or "." in words[1]:
            continue
        child_words = [c.words for c in node.children]
        if ["no", "switchport"] in child_words:
            continue
        blocks.append("\n".join(_switchport_block(words[1], child_words, table, classic)))
    return "\n".join(blocks)


def _switchport_block(
    name: str, child_words: list[list[str]], table: dict[int, str], classic: bool
) -> list[str]:
    """One port's block: Catalyst 2960-X labels when ``classic``, else Catalyst 9000 ones."""
    mode, access, voice, native, allowed = "dynamic auto", 1, "none", 1, "ALL"
    for cw in child_words:
        if cw[:2] == ["switchport", "mode"] and len(cw) > 2:
            mode = " ".join(cw[2:])
        elif cw[:3] == ["switchport", "access", "vlan"] and len(cw) > 3 and cw[3].isdigit():
            access = int(cw[3])
        elif cw[:3] == ["switchport", "voice", "vlan"] and len(cw) > 3:
            voice = _vlan_label(int(cw[3]), table) if cw[3].isdigit() else cw[3]
        elif cw[:4] == ["switchport", "trunk", "native", "vlan"] and len(cw) > 4:
            native = int(cw[4]) if cw[4].isdigit() else native
        elif cw[:4] == ["switchport", "trunk", "allowed", "vlan"] and len(cw) > 4:
            allowed = cw[4]
    operational = {"access": "static access", "trunk": "trunk"}.get(mode, "down")
    if ["shutdown"] in child_words:
        operational = "down"
    encapsulation = "native" if operational == "static access" else "dot1q"
    admin = "static access" if mode == "access" else mode
    head = [
        f"Name: {short_interface_name(name)}",
        "Switchport: Enabled",
        f"Administrative Mode: {admin}",
        f"Operational Mode: {operational}",
        "Administrative Trunking Encapsulation: dot1q",
        f"Operational Trunking Encapsulation: {encapsulation}",
    ]
    vlans_part = [
        f"Negotiation of Trunking: {'On' if mode.startswith('dynamic') else 'Off'}",
        f"Access Mode VLAN: {_vlan_label(access, table)}",
        f"Trunking Native Mode VLAN: {_vlan_label(native, table)}",
        "Administrative Native VLAN tagging: enabled",
    ]
    tail = [
        f"Trunking VLANs Enabled: {allowed}",
        "Pruning VLANs Enabled: 2-1001",
        "Capture Mode Disabled",
        "Capture VLANs Allowed: ALL",
    ]
    if classic:  # Catalyst 2960-X
        return [
            *head,
            *vlans_part,
            f"Voice VLAN: {voice}",
            *_PVLAN_IOS,
            *tail,
            "",
            "Protected: false",
            "Unknown unicast blocked: disabled",
            "Unknown multicast blocked: disabled",
            "Appliance trust: none",
            "",
        ]
    return [  # Catalyst 9000 on IOS-XE
        *head,
        "Operational Dot1q Ethertype:  0x8100",
        *vlans_part,
        "Operational Native VLAN tagging: disabled",
        f"Voice VLAN: {voice}",
        "Administrative private-vlan host-association: none ",
        "Administrative private-vlan mapping: none ",
        "Operational private-vlan: none",
        *tail,
        "    ",
        "Unknown unicast blocked: disabled",
        "Unknown multicast blocked: disabled",
        "    ",
    ]
