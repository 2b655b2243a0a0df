"""``show`` command output computed from a device's running configuration."""

from __future__ import annotations

import hashlib
import ipaddress
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from citynet.ios.names import interface_type, short_interface_name
from citynet.lab.config_engine import ConfigNode, find_hostname

IOSXE_VERSION = "17.9.4a"
IOS_VERSION = "15.2(7)E8"

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

    @property
    def kind(self) -> str:
        """Interface type, e.g. ``GigabitEthernet``."""
        return interface_type(self.name)


_XE_NOTICE = (
    "Technical Support: http://www.cisco.com/techsupport",
    "Copyright (c) 1986-2023 by Cisco Systems, Inc.",
    "Compiled Fri 20-Oct-23 10:44 by mcpre",
    "",
    "",
    "Cisco IOS-XE software, Copyright (c) 2005-2023 by cisco Systems, Inc.",
    "All rights reserved.  Certain components of Cisco IOS-XE software are",
    'licensed under the GNU General Public License ("GPL") Version 2.0.',
    "",
    "",
    "ROM: IOS-XE ROMMON",
)
"""The notice lines of every IOS XE ``show version``."""


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
        result.append(
            Interface(words[1], description, address, prefix, shutdown, switchport, vlan, mtu)
        )
    return result


def mac_for(name: str, host: str) -> str:
    """A stable, made-up MAC address in Cisco dotted form."""
    digest = hashlib.md5(f"{host}/{name}".encode(), usedforsecurity=False).hexdigest()
    raw = "00" + digest[:10]
    return f"{raw[0:4]}.{raw[4:8]}.{raw[8:12]}"


def _uptime(booted: datetime) -> str:
    seconds = int((datetime.now(UTC) - booted).total_seconds())
    weeks, rest = divmod(seconds, 7 * 86400)
    days, rest = divmod(rest, 86400)
    hours, rest = divmod(rest, 3600)
    minutes = rest // 60
    parts = []
    for value, unit in ((weeks, "week"), (days, "day"), (hours, "hour"), (minutes, "minute")):
        if value or unit == "minute":
            parts.append(f"{value} {unit}{'' if value == 1 else 's'}")
    return ", ".join(parts)


def show_version(root: ConfigNode, facts: DeviceFacts) -> str:
    """``show version`` in IOS-XE form (or classic IOS form for ``cisco_ios``)."""
    if facts.platform == "cisco_ios":
        return _show_version_ios(root, facts)
    if facts.model.upper().startswith(("ISR", "ASR")):
        return _show_version_isr(root, facts)
    host = find_hostname(root)
    return "\n".join(
        [
            f"Cisco IOS XE Software, Version {xe_train(facts.os_version)}",
            f"Cisco IOS Software [Cupertino], Catalyst L3 Switch Software ({facts.image}), "
            f"Version {facts.os_version}, RELEASE SOFTWARE (fc5)",
            *_XE_NOTICE,
            f"BOOTLDR: System Bootstrap, Version {facts.os_version}, RELEASE SOFTWARE (P)",
            "",
            f"{host} uptime is {_uptime(facts.booted)}",
            f"Uptime for this control processor is {_uptime(facts.booted)}",
            "System returned to ROM by Reload Command",
            'System image file is "flash:packages.conf"',
            "Last reload reason: Reload Command",
            "",
            "",
            "This product contains cryptographic features and is subject to United",
            "States and local country laws governing import, export, transfer and",
            "use.",
            "",
            "Technology Package License Information:",
            "",
            "",
            f"cisco {facts.model} (X86) processor with 1418473K/6147K bytes of memory.",
            f"Processor board ID {facts.serial}",
            *_interface_counts(root),
            "2048K bytes of non-volatile configuration memory.",
            "8388608K bytes of physical memory.",
            "1638400K bytes of Crash Files at crashinfo:.",
            "11264000K bytes of Flash at flash:.",
            "",
            f"Base Ethernet MAC Address          : {_colon_mac(mac_for('base', host))}",
            "Motherboard Assembly Number        : 73-18785-02",
            f"Motherboard Serial Number          : {facts.serial}",
            "Model Revision Number              : A0",
            "Motherboard Revision Number        : A0",
            f"Model Number                       : {facts.model}",
            f"System Serial Number               : {facts.serial}",
            "",
            "",
            "Switch Ports Model              SW Version        SW Image              Mode   ",
            "------ ----- -----              ----------        ----------            ----   ",
            f"*    1 {_port_count(root):<5} {facts.model:<18} {facts.os_version:<17} "
            "CAT9K_IOSXE           INSTALL",
            "",
            "",
            "Configuration register is 0x102",
            "",
        ]
    )


_COUNTED: tuple[tuple[str, str], ...] = (
    ("Vlan", "Virtual Ethernet"),
    ("FastEthernet", "FastEthernet"),
    ("GigabitEthernet", "Gigabit Ethernet"),
    ("TenGigabitEthernet", "Ten Gigabit Ethernet"),
    ("TwentyFiveGigE", "TwentyFive Gigabit Ethernet"),
    ("FortyGigabitEthernet", "Forty Gigabit Ethernet"),
    ("HundredGigE", "Hundred Gigabit Ethernet"),
)


def _interface_counts(root: ConfigNode) -> list[str]:
    """``N <kind> interface(s)`` lines for the kinds present (subinterfaces not counted)."""
    ifs = [i for i in interfaces(root) if "." not in i.name]
    lines = []
    for kind, label in _COUNTED:
        count = sum(1 for i in ifs if i.kind == kind)
        if count:
            lines.append(f"{count} {label} interface{'' if count == 1 else 's'}")
    return lines


def _port_count(root: ConfigNode) -> int:
    """Physical ports, for the switch table of ``show version``."""
    physical = {kind for kind, _ in _COUNTED[1:]}
    return sum(1 for i in interfaces(root) if i.kind in physical and "." not in i.name)


def xe_train(version: str) -> str:
    """The zero-padded IOS XE release name of the first ``show version`` line.

    >>> xe_train("17.9.4a")
    '17.09.04a'
    """
    parts = [re.match(r"(\d*)(.*)", part) for part in version.split(".")]
    return ".".join(
        (f"{int(m.group(1)):02d}" if m.group(1) else "") + m.group(2) for m in parts if m
    )


def _show_version_isr(root: ConfigNode, facts: DeviceFacts) -> str:
    """``show version`` of an ISR 4000 router (no switch table, bootflash:, 0x2102)."""
    host = find_hostname(root)
    family = re.sub(r"^ISR(\d\d).*", r"isr\g<1>00", facts.model.upper()).lower()
    train = xe_train(facts.os_version)
    return "\n".join(
        [
            f"Cisco IOS XE Software, Version {train}",
            f"Cisco IOS Software [Cupertino], ISR Software ({facts.image}), "
            f"Version {facts.os_version}, RELEASE SOFTWARE (fc5)",
            *_XE_NOTICE,
            "",
            f"{host} uptime is {_uptime(facts.booted)}",
            f"Uptime for this control processor is {_uptime(facts.booted)}",
            "System returned to ROM by Reload Command",
            f'System image file is "bootflash:{family}-universalk9.{train}.SPA.bin"',
            "Last reload reason: Reload Command",
            "",
            "",
            "This product contains cryptographic features and is subject to United",
            "States and local country laws governing import, export, transfer and",
            "use.",
            "",
            "",
            f"cisco {facts.model} (1RU) processor with 1795979K/6147K bytes of memory.",
            f"Processor board ID {facts.serial}",
            *_interface_counts(root),
            "32768K bytes of non-volatile configuration memory.",
            "4194304K bytes of physical memory.",
            "7341807K bytes of flash memory at bootflash:.",
            "",
            "Configuration register is 0x2102",
            "",
        ]
    )


def _show_version_ios(root: ConfigNode, facts: DeviceFacts) -> str:
    host = find_hostname(root)
    return "\n".join(
        [
            f"Cisco IOS Software, C2960X Software ({facts.image}), Version {facts.os_version}, "
            "RELEASE SOFTWARE (fc1)",
            "Technical Support: http://www.cisco.com/techsupport",
            "Copyright (c) 1986-2022 by Cisco Systems, Inc.",
            "Compiled Fri 04-Mar-22 04:49 by prod_rel_team",
            "",
            "ROM: Bootstrap program is C2960X boot loader",
            f"BOOTLDR: C2960X Boot Loader (C2960X-HBOOT-M) Version {facts.os_version}, "
            "RELEASE SOFTWARE (fc1)",
            "",
            f"{host} uptime is {_uptime(facts.booted)}",
            "System returned to ROM by power-on",
            'System image file is "flash:c2960x-universalk9-mz.152-7.E8.bin"',
            "Last reload reason: power-on",
            "",
            "",
            f"cisco {facts.model} (APM86XXX) processor (revision V02) with "
            "524288K bytes of memory.",
            f"Processor board ID {facts.serial}",
            "Last reset from power-on",
            *_interface_counts(root),
            "The password-recovery mechanism is enabled.",
            "",
            "512K bytes of flash-simulated non-volatile configuration memory.",
            f"Base ethernet MAC Address       : {_colon_mac(mac_for('base', host)).upper()}",
            f"Model number                    : {facts.model}",
            f"System serial number            : {facts.serial}",
            "",
            "Switch Ports Model                     SW Version            SW Image",
            "------ ----- -----                     ----------            ----------",
            f"*    1 {_port_count(root):<5} {facts.model:<25} {facts.os_version:<21} {facts.image}",
            "",
            "Configuration register is 0xF",
            "",
        ]
    )


def _colon_mac(dotted: str) -> str:
    raw = dotted.replace(".", "")
    return ":".join(raw[i : i + 2] for i in range(0, 12, 2))


def show_ip_interface_brief(root: ConfigNode) -> str:
    """``show ip interface brief``."""
    lines = ["Interface              IP-Address      OK? Method Status                Protocol"]
    for intf in interfaces(root):
        address = intf.address or "unassigned"
        method = "NVRAM" if intf.address else "unset"
        status = "administratively down" if intf.shutdown else "up"
        proto = "down" if intf.shutdown else "up"
        lines.append(f"{intf.name:<22} {address:<15} YES {method:<6} {status:<21} {proto}")
    return "\n".join(lines)


def show_interfaces(root: ConfigNode, only: str | None = None) -> str | None:
    """``show interfaces [name]``; None if the named interface does not exist."""
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
        state = "administratively down" if intf.shutdown else "up"
        proto = "down" if intf.shutdown else "up"
        suffix = " (disabled)" if intf.shutdown else (" (connected)" if speed else "")
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


def show_interfaces_description(root: ConfigNode) -> str:
    """``show interfaces description``."""
    lines = ["Interface                      Status         Protocol Description"]
    for intf in interfaces(root):
        status = "admin down" if intf.shutdown else "up"
        proto = "down" if intf.shutdown else "up"
        lines.append(
            f"{short_interface_name(intf.name):<31}{status:<15}{proto:<9}{intf.description}".rstrip()
        )
    return "\n".join(lines)


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


def _wrap_ports(ports: list[str], width: int) -> list[str]:
    """Port lists as IOS wraps them in the Ports column (from column 48).

    IOS adds another port while the line is still shorter than the terminal width, so a
    line may run a little past it (four ``GiX/Y/Z`` ports on an 80-column terminal).

    >>> _wrap_ports(["Gi1/0/1", "Gi1/0/2", "Gi1/0/3", "Gi1/0/4", "Gi1/0/5"], 80)
    ['Gi1/0/1, Gi1/0/2, Gi1/0/3, Gi1/0/4', 'Gi1/0/5']
    """
    room = width - 48 if width > 0 else 1 << 30
    chunks: list[str] = []
    for port in ports:
        if chunks and len(chunks[-1]) < room:
            chunks[-1] += ", " + port
        else:
            chunks.append(port)
    return chunks or [""]


def show_vlan_brief(root: ConfigNode, width: int = 80) -> str:
    """``show vlan brief``; the Ports column wraps at the terminal ``width`` (0: never)."""
    table = vlans(root)
    members: dict[int, list[str]] = {vid: [] for vid in table}
    for intf in interfaces(root):
        physical = intf.kind not in ("Vlan", "Loopback", "Tunnel", "Port-channel")
        if physical and intf.switchport in (None, "access") and intf.address is None:
            members.setdefault(intf.access_vlan, []).append(short_interface_name(intf.name))
    lines = [
        "",
        "VLAN Name                             Status    Ports",
        "---- -------------------------------- --------- -------------------------------",
    ]
    for vid in sorted(table):
        ports = members.get(vid, [])
        chunks = _wrap_ports(ports, width)
        lines.append(f"{vid:<5}{table[vid][:32]:<33}{'active':<10}{chunks[0]}".rstrip())
        for chunk in chunks[1:]:
            lines.append(" " * 48 + chunk)
    for vid, name in (
        (1002, "fddi-default"),
        (1003, "token-ring-default"),
        (1004, "fddinet-default"),
        (1005, "trnet-default"),
    ):
        lines.append(f"{vid:<5}{name:<33}act/unsup")
    return "\n".join(lines)


def show_hosts(root: ConfigNode) -> str:
    """``show hosts``."""
    domain = None
    for node in root.children:
        words = node.words
        if words[:2] == ["ip", "domain-name"] and len(words) > 2:
            domain = words[2]
        elif words[:3] == ["ip", "domain", "name"] and len(words) > 3:
            domain = words[3]
    head = f"Default domain is {domain}" if domain else "Default domain is not set"
    return "\n".join(
        [
            head,
            "Name/address lookup uses static mappings",
            "",
            "Codes: UN - unknown, EX - expired, OK - OK, ?? - revalidate",
            "       temp - temporary, perm - permanent",
            "       NA - Not Applicable None - Not defined",
            "",
            "Host                      Port  Flags      Age Type   Address(es)",
        ]
    )


def _chassis_description(model: str) -> str:
    """The chassis DESCR IOS-XE prints, e.g. ``Cisco ISR4321 Chassis``."""
    upper = model.upper()
    if upper.startswith(("ISR", "ASR")):
        return f"Cisco {model.split('/')[0]} Chassis"
    series = re.match(r"C(9\d)", upper)
    if series:
        return f"Cisco Catalyst {series.group(1)}00 Series Chassis"
    return f"Cisco {model} Chassis"


def show_inventory(facts: DeviceFacts) -> str:
    """``show inventory``: a classic IOS stack member is ``NAME: "1"``, IOS-XE a chassis."""
    if facts.platform == "cisco_ios":
        name, descr = "1", facts.model
    else:
        name, descr = "Chassis", _chassis_description(facts.model)
    return "\n".join(
        [
            f'NAME: "{name}", DESCR: "{descr}"',
            f"PID: {facts.model:<18}, VID: V02  , SN: {facts.serial}",
            "",
            "",
        ]
    )


def show_clock() -> str:
    """``show clock``."""
    now = datetime.now(UTC)
    return (
        "*"
        + now.strftime("%H:%M:%S.")
        + f"{now.microsecond // 1000:03d}"
        + now.strftime(" UTC %a %b %d %Y")
    )


def _cdp_port(name: str) -> str:
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
    upper = model.upper()
    if upper.startswith("ISR") or upper.startswith("ASR"):
        return "R S I", "R"
    return "S I", "B,R"


def show_cdp_neighbors(facts: DeviceFacts) -> str:
    """``show cdp neighbors``."""
    lines = [
        "Capability Codes: R - Router, T - Trans Bridge, B - Source Route Bridge",
        "                  S - Switch, H - Host, I - IGMP, r - Repeater, P - Phone,",
        "                  D - Remote, C - CVTA, M - Two-port Mac Relay",
        "",
        "Device ID        Local Intrfce     Holdtme    Capability  Platform  Port ID",
    ]
    for n in facts.neighbors:
        cap, _ = _capability(n.model)
        name = n.name if len(n.name) <= 16 else n.name + "\n" + " " * 17
        lines.append(
            f"{name:<17}{_cdp_port(n.local_interface):<18}{152:<11}{cap:>10}  "
            f"{n.model[:9]:<10}{_cdp_port(n.interface)}"
        )
    lines += ["", f"Total cdp entries displayed : {len(facts.neighbors)}"]
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
        if upper.startswith(("ISR", "ASR"))
        else ("Catalyst L3 Switch Software", "CAT9K_IOSXE")
    )
    return [
        f"Cisco IOS Software [Cupertino], {family} ({image}), Version {IOSXE_VERSION}, "
        "RELEASE SOFTWARE (fc5)",
        "Technical Support: http://www.cisco.com/techsupport",
        "Copyright (c) 1986-2023 by Cisco Systems, Inc.",
        "Compiled Fri 20-Oct-23 10:44 by mcpre",
    ]


def show_cdp_neighbors_detail(facts: DeviceFacts) -> str:
    """``show cdp neighbors detail``."""
    blocks = []
    for n in facts.neighbors:
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
    blocks.append(f"\nTotal cdp entries displayed : {len(facts.neighbors)}")
    return "\n".join(blocks)


def show_lldp_neighbors(facts: DeviceFacts) -> str:
    """``show lldp neighbors``."""
    lines = [
        "Capability codes:",
        "    (R) Router, (B) Bridge, (T) Telephone, (C) DOCSIS Cable Device",
        "    (W) WLAN Access Point, (P) Repeater, (S) Station, (O) Other",
        "",
        "Device ID           Local Intf     Hold-time  Capability      Port ID",
    ]
    for n in facts.neighbors:
        _, cap = _capability(n.model)
        lines.append(
            f"{n.name[:20]:<20}{short_interface_name(n.local_interface):<15}{120:<11}{cap:<16}"
            f"{short_interface_name(n.interface)}"
        )
    lines += ["", f"Total entries displayed: {len(facts.neighbors)}"]
    return "\n".join(lines)


def show_interfaces_status(root: ConfigNode) -> str:
    """``show interfaces status`` (switch ports)."""
    lines = ["Port         Name               Status       Vlan       Duplex  Speed Type "]
    for intf in interfaces(root):
        if intf.kind in ("Vlan", "Loopback", "Tunnel"):
            continue
        status = "disabled" if intf.shutdown else "connected"
        if intf.address is not None or (intf.switchport is None and intf.kind == "Port-channel"):
            vlan = "routed"
        elif intf.switchport == "trunk":
            vlan = "trunk"
        else:
            vlan = str(intf.access_vlan)
        rate = _STATUS_SPEED.get(intf.kind, "1000")
        duplex, speed = ("auto", "auto") if intf.shutdown else ("a-full", f"a-{rate}")
        media = _MEDIA.get(intf.kind, "10/100/1000BaseTX")
        lines.append(
            f"{short_interface_name(intf.name):<13}{intf.description[:18]:<19}{status:<13}{vlan:<11}"
            f"{duplex:>6} {speed:>6} {media}"
        )
    return "\n".join(lines)


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


def show_interfaces_switchport(root: ConfigNode, facts: DeviceFacts) -> str:
    """``show interfaces switchport`` for the switch ports of a Catalyst switch.

    Routers (ISR, ASR) have no switch ports and print nothing, as IOS-XE does.
    """
    if facts.model.upper().startswith(("ISR", "ASR")):
        return ""
    table = vlans(root)
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
            f"Name: {short_interface_name(words[1])}",
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
        if facts.platform == "cisco_ios":  # Catalyst 2960-X
            lines = [
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
        else:  # Catalyst 9000 on IOS-XE
            lines = [
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
        blocks.append("\n".join(lines))
    return "\n".join(blocks)


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


def show_ip_ospf_neighbor(root: ConfigNode, facts: DeviceFacts) -> str:
    """``show ip ospf neighbor``: topology neighbours on the OSPF-enabled, non-passive links.

    Nothing is printed when there is no neighbour, as on IOS.
    """
    if not any(n.words[:2] == ["router", "ospf"] for n in root.children):
        return "%OSPF: No router process is configured"
    running = _ospf_interfaces(root)
    lines: list[str] = []
    for n in facts.neighbors:
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


def show_standby_brief(root: ConfigNode) -> str:
    """``show standby brief`` from ``standby`` lines."""
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
        for number, group in sorted(groups.items()):
            active = int(group["pri"]) > 100
            state = "Active " if active else "Standby"
            who, other = ("local", "unknown") if active else ("unknown", "local")
            lines.append(
                f"{short:<12}{number:<5}{group['pri']:<4}{group['preempt']} {state} "
                f"{who:<16}{other:<16}{group['vip']}"
            )
    return "\n".join(lines)


def show_ip_route(root: ConfigNode) -> str:
    """``show ip route``: connected, local and static routes from the configuration."""
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


def show_ip_bgp_summary(root: ConfigNode) -> str:
    """``show ip bgp summary`` (peers never come up inside the lab)."""
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


def show_dial_peer_summary(root: ConfigNode) -> str:
    """``show dial-peer voice summary`` from ``dial-peer voice`` sections."""
    lines = [
        "dial-peer hunt 0",
        "             AD                                    PRE PASS                OUT",
        "TAG    TYPE  MIN  OPER PREFIX    DEST-PATTERN      FER THRU SESS-TARGET    STAT PORT"
        "    KEEPALIVE",
    ]
    for node in root.children:
        w = node.words
        if w[:2] != ["dial-peer", "voice"] or len(w) < 4:
            continue
        pattern = next(
            (
                c.words[1]
                for c in node.children
                if c.words[:1] == ["destination-pattern"] and len(c.words) > 1
            ),
            "",
        )
        target = next(
            (
                c.words[2]
                for c in node.children
                if c.words[:2] == ["session", "target"] and len(c.words) > 2
            ),
            "",
        )
        port = next(
            (c.words[1] for c in node.children if c.words[:1] == ["port"] and len(c.words) > 1), ""
        )
        shutdown = any(c.text == "shutdown" for c in node.children)
        admin = "down" if shutdown else "up"
        lines.append(
            f"{w[2]:<7}{w[3]:<6}{admin:<5}{admin:<5}{'':<10}{pattern:<18}0   syst "
            f"{target:<14} {'up' if port or target else '':<5}{port}"
        )
    return "\n".join(lines)


def show_sip_ua_status(root: ConfigNode) -> str:
    """``show sip-ua status``."""
    enabled = any(n.words[:1] == ["sip-ua"] for n in root.children) or any(
        n.words[:2] == ["voice", "service"] for n in root.children
    )
    state = "ENABLED" if enabled else "DISABLED"
    return "\n".join(
        [
            "SIP User Agent Status",
            f"SIP User Agent for UDP : {state}",
            f"SIP User Agent for TCP : {state}",
            f"SIP User Agent for TLS over TCP : {state}",
            "SIP User Agent bind status(signaling): DISABLED",
            "SIP User Agent bind status(media): DISABLED",
            "SIP early-media for 180 responses with SDP: ENABLED",
            "SIP max-forwards : 70",
            "SIP DNS SRV version: 2 (rfc 2782)",
            "NAT Settings for the SIP-UA",
            "Role in SDP: NONE",
            "Check media source packets: DISABLED",
            "Maximum duration for a telephone-event in NOTIFYs: 2000 ms",
            "SIP support for ISDN SUSPEND/RESUME: ENABLED",
            "Redirection (3xx) message handling: ENABLED",
            "Reason Header will override Response/Request Codes: DISABLED",
            "Out-of-dialog Refer: DISABLED",
            "Presence support is DISABLED",
            "protocol mode is ipv4",
        ]
    )


def show_voice_port_summary(root: ConfigNode) -> str:
    """``show voice port summary`` from ``voice-port`` sections."""
    lines = [
        "                                           IN       OUT",
        "PORT            CH   SIG-TYPE   ADMIN OPER STATUS   STATUS   EC",
        "=============== == ============ ===== ==== ======== ======== ==",
    ]
    for node in root.children:
        if node.words[:1] != ["voice-port"] or len(node.words) < 2:
            continue
        port = node.words[1]
        texts = [c.text for c in node.children]
        admin = "down" if "shutdown" in texts else "up"
        if ":" in port:  # one line per B-channel of the PRI: 23 on a T1, 30 on an E1
            oper = "dorm" if admin == "up" else "down"
            for channel in range(1, 24 if port.endswith(":23") else 31):
                lines.append(
                    f"{port:<16}{channel:02d} {'isdn-voice':<13}{admin:<6}{oper:<5}"
                    f"{'none':<9}{'none':<9}y"
                )
            continue
        fxo = any(t.startswith("connection plar opx") or "FXO" in t for t in texts)
        sig = "fxo-ls" if fxo else "fxs-ls"
        status_in, status_out = ("idle", "on-hook") if fxo else ("on-hook", "idle")
        lines.append(
            f"{port:<16}{'--':<3}{sig:<13}{admin:<6}{admin:<5}{status_in:<9}{status_out:<9}y"
        )
    return "\n".join(lines)


def show_isdn_status(root: ConfigNode, only: str | None = None) -> str:
    """``show isdn status [serial X]`` for the PRI D-channels (``only``: one of them)."""
    switch = next(
        (n.words[2] for n in root.children if n.words[:2] == ["isdn", "switch-type"]),
        "primary-net5",
    )
    lines = [f"Global ISDN Switchtype = {switch}"]
    dsl = 0
    for node in root.children:
        words = node.words
        # D-channels: timeslot 16 of an E1 PRI (":15") or timeslot 24 of a T1 PRI (":23")
        if words[:1] != ["interface"] or not re.fullmatch(r"Serial[\d/]+:(15|23)", words[-1]):
            continue
        if only is not None and words[1] != only:
            dsl += 1
            continue
        mask = "0x807FFFFF" if words[1].endswith(":23") else "0xFFFF7FFF"
        own = next(
            (c.words[2] for c in node.children if c.words[:2] == ["isdn", "switch-type"]), switch
        )
        lines += [
            f"ISDN {words[1]} interface",
            f"        dsl {dsl}, interface ISDN Switchtype = {own}",
            "    Layer 1 Status:",
            "        ACTIVE",
            "    Layer 2 Status:",
            "        TEI = 0, Ces = 1, SAPI = 0, State = MULTIPLE_FRAME_ESTABLISHED",
            "    Layer 3 Status:",
            "        0 Active Layer 3 Call(s)",
            f"    Active dsl {dsl} CCBs = 0",
            f"    The Free Channel Mask:  {mask}",
            f"    Number of L2 Discards = 0, L2 Session ID = {dsl + 1}",
        ]
        dsl += 1
    lines.append("    Total Allocated ISDN CCBs = 0")
    return "\n".join(lines)


def show_processes_cpu() -> str:
    """``show processes cpu`` (a quiet device)."""
    return "\n".join(
        [
            "CPU utilization for five seconds: 3%/0%; one minute: 2%; five minutes: 2%",
            " PID Runtime(ms)     Invoked      uSecs   5Sec   1Min   5Min TTY Process ",
            "   1          12         101        118  0.00%  0.00%  0.00%   0 Chunk Manager    ",
            "   2        1450       26012         55  0.07%  0.02%  0.00%   0 Load Meter       ",
        ]
    )


def show_memory_statistics() -> str:
    """``show memory statistics``."""
    return "\n".join(
        [
            "                Head    Total(b)     Used(b)     Free(b)   Lowest(b)  Largest(b)",
            "Processor  7F8E9C3010  1418473088   312345600  1106127488  1098765432  1073741824",
            "  lsmpi_io  7F8E9A51A8     6295128     6294304         824         824         412",
        ]
    )


def show_environment_temperature() -> str:
    """``show environment temperature status``."""
    return "\n".join(
        [
            "Inlet Temperature Value: 27 Degree Celsius",
            "Temperature State: GREEN",
            "Yellow Threshold : 46 Degree Celsius",
            "Red Threshold    : 56 Degree Celsius",
        ]
    )
