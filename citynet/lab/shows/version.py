"""``show version`` in its three forms: Catalyst 9000 and ISR on IOS XE, Catalyst 2960-X on IOS."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from citynet.lab.config_engine import ConfigNode, find_hostname
from citynet.lab.shows.model import DeviceFacts, interfaces, is_router, mac_for
from citynet.lab.shows.request import ShowRequest

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


def show_version(request: ShowRequest) -> str:
    """``show version`` in IOS-XE form (or classic IOS form for ``cisco_ios``)."""
    root, facts = request.root, request.facts
    if facts.platform == "cisco_ios":
        return _show_version_ios(root, facts)
    if is_router(facts.model):
        return _show_version_isr(root, facts)
    return _show_version_catalyst(root, facts)


def _show_version_catalyst(root: ConfigNode, facts: DeviceFacts) -> str:
    """``show version`` of a Catalyst 9000 switch on IOS XE."""
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
