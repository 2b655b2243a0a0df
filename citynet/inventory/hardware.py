"""Device models the City buys: which platform each runs and the roles it can fill."""

from __future__ import annotations

from dataclasses import dataclass

from citynet.inventory.schema import Role
from citynet.platforms import Platform


@dataclass(frozen=True)
class Hardware:
    platform: Platform
    roles: frozenset[Role]
    access_port: str = ""
    """Name of access port N of stack member M, with ``{m}`` and ``{n}`` in it (switches)."""
    uplink: str = ""
    """Name of uplink N with ``{n}`` in it."""
    access_ports: int = 0
    """User-facing ports per switch (stack member)."""


_R, _C, _A, _V = Role.ROUTER, Role.CORE, Role.ACCESS, Role.VOICE_GATEWAY
_XE, _IOS = Platform.CISCO_IOSXE, Platform.CISCO_IOS

HARDWARE: dict[str, Hardware] = {
    "ISR4451-X/K9": Hardware(_XE, frozenset({_R, _V}), "", "GigabitEthernet0/0/{n}"),
    "ISR4431/K9": Hardware(_XE, frozenset({_R, _V}), "", "GigabitEthernet0/0/{n}"),
    "ISR4351/K9": Hardware(_XE, frozenset({_R, _V}), "", "GigabitEthernet0/0/{n}"),
    "ISR4331/K9": Hardware(_XE, frozenset({_R, _V}), "", "GigabitEthernet0/0/{n}"),
    "ISR4321/K9": Hardware(_XE, frozenset({_R, _V}), "", "GigabitEthernet0/0/{n}"),
    "C9500-24Y4C": Hardware(
        _XE, frozenset({_C}), "TwentyFiveGigE1/0/{n}", "HundredGigE1/0/{n}", 24
    ),
    "C9500-48Y4C": Hardware(
        _XE, frozenset({_C}), "TwentyFiveGigE1/0/{n}", "HundredGigE1/0/{n}", 48
    ),
    "C9300-48P": Hardware(
        _XE, frozenset({_A}), "GigabitEthernet{m}/0/{n}", "TenGigabitEthernet1/1/{n}", 48
    ),
    "C9300-24P": Hardware(
        _XE, frozenset({_A}), "GigabitEthernet{m}/0/{n}", "TenGigabitEthernet1/1/{n}", 24
    ),
    "C9300-48U": Hardware(
        _XE, frozenset({_A}), "GigabitEthernet{m}/0/{n}", "TenGigabitEthernet1/1/{n}", 48
    ),
    "C9200-48P": Hardware(
        _XE, frozenset({_A}), "GigabitEthernet{m}/0/{n}", "GigabitEthernet1/1/{n}", 48
    ),
    "C9200-24P": Hardware(
        _XE, frozenset({_A}), "GigabitEthernet{m}/0/{n}", "GigabitEthernet1/1/{n}", 24
    ),
    "WS-C2960X-48FPD-L": Hardware(
        _IOS, frozenset({_A}), "GigabitEthernet{m}/0/{n}", "TenGigabitEthernet1/0/{n}", 48
    ),
    "WS-C2960X-24PD-L": Hardware(
        _IOS, frozenset({_A}), "GigabitEthernet{m}/0/{n}", "TenGigabitEthernet1/0/{n}", 24
    ),
    "WS-C2960X-48LPS-L": Hardware(
        _IOS, frozenset({_A}), "GigabitEthernet{m}/0/{n}", "GigabitEthernet1/0/{n}", 48
    ),
}
"""Known device models; a host whose model is not here is an error."""
