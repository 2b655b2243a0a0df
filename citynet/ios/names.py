"""Interface names as IOS reads and writes them.

The long and short forms come from netutils (``canonical_interface_name`` and
``abbreviated_interface_name``) with IOS's own spellings where netutils differs
(``Vlan`` rather than ``VLAN``); what IOS accepts when a user types a name
(any unambiguous prefix of the type, with or without a space) is here.
"""

from __future__ import annotations

import re

INTERFACE_TYPES: tuple[str, ...] = (
    "HundredGigE",
    "FortyGigabitEthernet",
    "TwentyFiveGigE",
    "TenGigabitEthernet",
    "GigabitEthernet",
    "FastEthernet",
    "Ethernet",
    "Loopback",
    "Vlan",
    "Port-channel",
    "Tunnel",
    "Serial",
    "AppGigabitEthernet",
    "BDI",
    "Dialer",
    "Virtual-Template",
    "Multilink",
    "Null",
    "Mgmt",
    "Cellular",
)
"""IOS interface types, in the order a typed prefix is matched against them."""

SHORTCUTS: dict[str, str] = {
    "gi": "GigabitEthernet",
    "g": "GigabitEthernet",
    "te": "TenGigabitEthernet",
    "twe": "TwentyFiveGigE",
    "fo": "FortyGigabitEthernet",
    "hu": "HundredGigE",
    "fa": "FastEthernet",
    "f": "FastEthernet",
    "lo": "Loopback",
    "vl": "Vlan",
    "po": "Port-channel",
    "tu": "Tunnel",
    "se": "Serial",
    "et": "Ethernet",
    "eth": "Ethernet",
    "e": "Ethernet",
    "ap": "AppGigabitEthernet",
}
"""Abbreviations IOS resolves although other types share their first letters."""

_SHORT_FIXES: dict[str, str] = {"Vlan": "Vl", "AppGigabitEthernet": "Ap"}
_NAME = re.compile(r"^([A-Za-z][A-Za-z\-]*?)\s*(\d[\d/.:]*)$")


def expand_interface(typed: str) -> str | None:
    """The full name of an interface as typed at the IOS prompt, or None.

    >>> expand_interface("gi1/0/1")
    'GigabitEthernet1/0/1'
    >>> expand_interface("Lo 0")
    'Loopback0'
    >>> expand_interface("port-ch 1"), expand_interface("bogus 1")
    ('Port-channel1', None)
    """
    match = _NAME.match(typed.strip())
    if not match:
        return None
    kind, number = match.group(1).lower(), match.group(2)
    if kind in SHORTCUTS:
        return SHORTCUTS[kind] + number
    if len(kind) >= 2:
        for full in INTERFACE_TYPES:
            if full.lower().startswith(kind):
                return full + number
    return None


def canonical_interface_name(name: str) -> str:
    """The full IOS name of an interface (unknown names come back as they are).

    >>> canonical_interface_name("Gi1/0/1"), canonical_interface_name("Vl10")
    ('GigabitEthernet1/0/1', 'Vlan10')
    """
    return expand_interface(name) or name


def short_interface_name(name: str) -> str:
    """The abbreviated name IOS shows in tables (``show interfaces status``, CDP).

    >>> short_interface_name("GigabitEthernet1/0/1"), short_interface_name("Vlan10")
    ('Gi1/0/1', 'Vl10')
    >>> short_interface_name("TwentyFiveGigE1/1/1")
    'Twe1/1/1'
    """
    from netutils.interface import abbreviated_interface_name

    full = canonical_interface_name(name)
    kind = full.rstrip("0123456789/.:")
    if kind in _SHORT_FIXES:
        return _SHORT_FIXES[kind] + full[len(kind) :]
    return abbreviated_interface_name(full)


def interface_type(name: str) -> str:
    """The type part of an interface name.

    >>> interface_type("GigabitEthernet1/0/1")
    'GigabitEthernet'
    """
    return name.rstrip("0123456789/.:")
